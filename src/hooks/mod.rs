//! The git hooks that make the hotfix rules hold on every commit and push: installing them
//! where git really looks ([`install`]) and what each one checks ([`run`]).
//!
//! The hooks are small POSIX sh shims (`hooks/` at the top of this repository, embedded here)
//! that hand over to `git-hotfix hooks run <hook>`. A hook the user already had is never lost:
//! it is renamed `<hook>.hotfix-chained`, the shim runs it first with the same arguments and
//! input, and `uninstall` renames it back, byte for byte and with its mode. On git 2.54 and
//! newer, which runs hooks declared in config beside the hooks directory's scripts, the hooks
//! are declared as `hook.git-hotfix-<hook>.command` / `.event` instead, and no file is written.

pub mod install;
mod managers;
pub mod run;
pub mod server;

/// One hook the tool installs.
pub struct Shim {
    pub name: &'static str,
    /// The shim script written into the hooks directory.
    pub script: &'static str,
}

pub const SHIMS: [Shim; 3] = [
    Shim {
        name: "commit-msg",
        script: include_str!("../../hooks/commit-msg"),
    },
    Shim {
        name: "prepare-commit-msg",
        script: include_str!("../../hooks/prepare-commit-msg"),
    },
    Shim {
        name: "pre-push",
        script: include_str!("../../hooks/pre-push"),
    },
];

/// The hooks `hooks install --server` puts in a bare repository (the remote): pre-receive
/// refuses what breaks the rules, post-receive records an emergency bypass.
pub const SERVER_SHIMS: [Shim; 2] = [
    Shim {
        name: "pre-receive",
        script: include_str!("../../hooks/pre-receive"),
    },
    Shim {
        name: "post-receive",
        script: include_str!("../../hooks/post-receive"),
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
