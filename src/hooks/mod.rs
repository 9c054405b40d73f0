//! The git hooks that make the hotfix rules hold on every commit and push: installing them
//! where git really looks ([`install`]) and what each one checks ([`run`]).
//!
//! The hooks are small POSIX sh shims (`hooks/` at the top of this repository, embedded here)
//! that hand over to `git-hotfix hooks run <hook>`. A hook the user already had is never lost:
//! it is renamed `<hook>.hotfix-chained`, the shim runs it first with the same arguments and
//! input, and `uninstall` renames it back, byte for byte and with its mode. On git 2.54 and
//! newer, which runs hooks declared in config beside the hooks directory's scripts, the hooks
//! are declared as `hook.git-hotfix-<hook>.command` / `.event` instead, and no file is written.
//!
//! Off hotfix branches the shims decide alone, from what git hands a hook, that there is
//! nothing to check: the hotfix prefix is written into them at install (a shim written for
//! another prefix is outdated), and they start nothing before handing over.

pub mod install;
mod managers;
pub mod run;
pub mod server;

/// One hook the tool installs.
pub struct Shim {
    pub name: &'static str,
    /// The shim script, with the slots [`Shim::script`] fills.
    pub template: &'static str,
}

/// Decides from the HEAD file that a commit is on no hotfix branch (commit-msg, prepare-commit-msg).
const HEAD_OFF_PREFIX: &str = include_str!("../../hooks/parts/head-off-prefix");
/// Reads the pushed refs and tells whether one concerns the hotfix rules (pre-push).
const PUSHED_REFS: &str = include_str!("../../hooks/parts/pushed-refs");

impl Shim {
    /// The script written into the hooks directory for hotfix branches named `prefix…`.
    pub fn script(&self, prefix: &str) -> String {
        fill(self.template, prefix)
    }
}

/// A shim template (or a config-based hook's command) with its parts put in and the
/// prefix written in as one shell word.
pub fn fill(template: &str, prefix: &str) -> String {
    let prefix = crate::git::command::shell_words(&[prefix]);
    template
        .replace("@HEAD_OFF_PREFIX@\n", HEAD_OFF_PREFIX)
        .replace("@PUSHED_REFS@\n", PUSHED_REFS)
        .replace("@PREFIX@", &prefix)
}

pub const SHIMS: [Shim; 3] = [
    Shim {
        name: "commit-msg",
        template: include_str!("../../hooks/commit-msg"),
    },
    Shim {
        name: "prepare-commit-msg",
        template: include_str!("../../hooks/prepare-commit-msg"),
    },
    Shim {
        name: "pre-push",
        template: include_str!("../../hooks/pre-push"),
    },
];

/// The hooks `hooks install --server` puts in a bare repository (the remote): pre-receive
/// refuses what breaks the rules, post-receive records an emergency bypass.
pub const SERVER_SHIMS: [Shim; 2] = [
    Shim {
        name: "pre-receive",
        template: include_str!("../../hooks/pre-receive"),
    },
    Shim {
        name: "post-receive",
        template: include_str!("../../hooks/post-receive"),
    },
];

/// The line that marks a hook file as ours.
pub const MARKER: &str = "# git-hotfix hook shim";
/// The suffix a pre-existing hook is kept under while the shim chains it.
pub const CHAINED_SUFFIX: &str = ".hotfix-chained";
/// Set to `1` to skip the hotfix checks (the user's own chained hooks still run).
pub const SKIP_ENV: &str = "HOTFIX_SKIP_HOOKS";

/// True when the user asked to skip the hotfix checks.
pub fn skipped() -> bool {
    std::env::var_os(SKIP_ENV).is_some_and(|v| v == "1")
}
