//! The manual page `git-hotfix(1)`: one page, as git's own commands have, so `git help hotfix`
//! (and `git hotfix --help`, which git turns into `man git-hotfix`) shows everything. The
//! synopsis and options of the command and of each subcommand come from the clap definition
//! through clap_mangen; the configuration keys from `config::ALL` and the exit codes from
//! `error::exit`, so neither can drift. The prose sections are written here.

use clap::Command;
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};

use crate::config;
use crate::error::exit;
use crate::store;

/// Renders the whole page from the built command.
pub fn render(cmd: &Command) -> String {
    let version = cmd.get_version().unwrap_or_default();
    let man = Man::new(cmd.clone())
        .title("GIT-HOTFIX")
        .section("1")
        .source(format!("git-hotfix {version}"))
        .manual("Git Manual");
    let mut page = Page::default();
    page.man(|w| man.render_title(w));
    page.man(|w| man.render_name_section(w));
    page.man(|w| man.render_synopsis_section(w));
    page.man(|w| man.render_description_section(w));
    page.man(|w| man.render_options_section(w));
    page.roff(commands_intro(cmd));
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        subcommand(&mut page, cmd, sub.get_name());
    }
    page.roff(configuration());
    page.roff(notes_format());
    page.roff(hooks());
    page.roff(exit_status());
    page.roff(environment());
    page.roff(examples());
    page.roff(see_also());
    page.text
}

/// The page being assembled from pieces that each start with roff's preamble; only the
/// first keeps it.
#[derive(Default)]
struct Page {
    text: String,
}

impl Page {
    fn push(&mut self, piece: String) {
        let preamble = Roff::new().render();
        match piece.strip_prefix(&preamble) {
            Some(rest) if !self.text.is_empty() => self.text.push_str(rest),
            _ => self.text.push_str(&piece),
        }
    }

    fn man(&mut self, render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) {
        let mut out = Vec::new();
        render(&mut out).expect("rendering into memory cannot fail");
        self.push(String::from_utf8(out).expect("the page is UTF-8"));
    }

    /// Appends a clap_mangen section without its `.SH` heading, to nest it under a subsection.
    fn man_body(&mut self, render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) {
        let mut out = Vec::new();
        render(&mut out).expect("rendering into memory cannot fail");
        let text = String::from_utf8(out).expect("the page is UTF-8");
        let body: String = text
            .lines()
            .filter(|line| !line.starts_with(".SH "))
            .map(|line| format!("{line}\n"))
            .collect();
        self.push(body);
    }

    fn roff(&mut self, roff: Roff) {
        self.push(roff.render());
    }
}

fn commands_intro(cmd: &Command) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    let names: Vec<&str> = cmd
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name())
        .collect();
    roff.text([roman(format!(
        "Each command is described below: {}. Every command also takes the options above.",
        names.join(", ")
    ))]);
    roff
}

/// One subsection per subcommand: its synopsis, description and options, from clap. The
/// subcommand is taken unbuilt, so the global options and --help, documented once in OPTIONS,
/// are not repeated.
fn subcommand(page: &mut Page, parent: &Command, name: &str) {
    let bin_name = format!("{} {name}", parent.get_bin_name().unwrap_or("git hotfix"));
    let sub = <crate::cli::Cli as clap::CommandFactory>::command()
        .find_subcommand(name)
        .expect("the subcommand exists")
        .clone()
        .disable_help_flag(true)
        .bin_name(&bin_name);
    let has_args = sub.get_arguments().any(|arg| !arg.is_hide_set());
    let man = Man::new(sub);
    let mut heading = Roff::new();
    heading.control("SS", [bin_name.as_str()]);
    page.roff(heading);
    page.man_body(|w| man.render_synopsis_section(w));
    let mut about = Roff::new();
    about.control("PP", []);
    page.roff(about);
    page.man_body(|w| man.render_description_section(w));
    if has_args {
        page.man_body(|w| man.render_options_section(w));
    }
}

fn paragraph(roff: &mut Roff, text: &str) {
    roff.control("PP", []);
    roff.text([roman(text)]);
}

fn configuration() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["CONFIGURATION"]);
    roff.text([roman(
        "Every setting is a git config key, set per repository or with --global \
         (git config hotfix.<key> <value>). Where git-flow has the same setting, its key is \
         read when the hotfix. key is not set, so a git-flow user keeps their configuration. \
         Settings are read from every source git reads, in git's order: the system and global \
         files (GIT_CONFIG_SYSTEM, GIT_CONFIG_NOSYSTEM and GIT_CONFIG_GLOBAL honoured), the \
         repository's config with its includes, and git -c key=value (GIT_CONFIG_PARAMETERS, \
         GIT_CONFIG_COUNT), which wins for that run. \
         Options on the command line win over settings. \
         git hotfix config shows the value in effect and where it came from.",
    )]);
    for setting in config::ALL {
        roff.control("TP", []);
        let mut head = vec![
            bold(setting.key),
            roman(" (default: "),
            bold(setting.default),
        ];
        if let Some(gitflow) = setting.gitflow {
            head.extend([roman("; git-flow: "), bold(gitflow)]);
        }
        head.push(roman(")"));
        roff.text(head);
        roff.text([roman(setting.doc)]);
    }
    roff.control("TP", []);
    roff.text([bold("color.hotfix"), roman(", "), bold("color.ui")]);
    roff.text([roman(
        "Colors: never, always or auto (the default: only on a terminal). color.hotfix wins \
         over color.ui. NO_COLOR turns colors off.",
    )]);
    roff
}

fn notes_format() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["NOTES FORMAT"]);
    roff.text([roman(format!(
        "All state lives in git: each hotfix is one JSON document in the notes ref {}, \
         readable with git notes --ref={} list and git notes --ref={} show <object>. \
         Each note annotates a small anchor object of its own rather than a commit, so two \
         hotfixes started from the same commit never collide and notes from different clones \
         combine without conflicts. Notes survive git gc --prune=now; do not run \
         git notes --ref={} prune.",
        store::NOTES_REF,
        store::NOTES_REF_SHORT,
        store::NOTES_REF_SHORT,
        store::NOTES_REF_SHORT,
    ))]);
    paragraph(
        &mut roff,
        &format!(
            "The document (schema {}) has these fields; fields added by newer versions are \
             kept when an older version rewrites a note, and a note of a newer schema is \
             reported, never misread:",
            store::SCHEMA
        ),
    );
    let fields = [
        ("schema", "format version of the document"),
        ("hotfix_id", "the id, e.g. HOTFIX-001"),
        ("severity", "P0, P1 or P2"),
        ("issue", "one-line description of the issue"),
        ("affected_versions", "list of affected release versions"),
        ("components", "list of affected components"),
        ("impact", "production impact, or null"),
        ("created", "RFC 3339 UTC time the hotfix started"),
        ("owner", "user.name <user.email> of whoever started it"),
        ("branch", "the hotfix branch"),
        ("base_ref", "what the branch was cut from, e.g. origin/main"),
        ("base_commit", "the full id of the base commit"),
        ("status", "open, finished, cancelled or rolled-back"),
        ("events", "time-stamped records: at, event, by, detail"),
        (
            "tests",
            "test suite runs: suite, command, tree, passed, duration_ms, at",
        ),
        ("merges", "merge commits made by finish: branch, commit"),
        ("version, tag", "the release version and tag, once finished"),
        (
            "backports",
            "backports made by backport: target, branch, commits, tag, and each package released on the line (releases)",
        ),
    ];
    for (name, meaning) in fields {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }
    paragraph(
        &mut roff,
        "show --json prints this object, list --json an array of them, and status --json the \
         object plus computed fields (branch_exists, commits, changed_files, insertions, \
         deletions, age_seconds, next_step, checklist). Each key appears once: in status \
         --json, fields of the note this version does not know stand under extra, never \
         beside the computed ones.",
    );
    paragraph(
        &mut roff,
        &format!(
            "Anyone who can push writes notes, so each note is checked once, when read: at \
             most {} bytes (a larger one is not read), {} events, {} items in each other \
             list and {} bytes in each text field; ids of the form <PREFIX>-<digits> up to \
             {}; a branch name git accepts, not starting with -. A note that fails is named \
             in a warning and never used. Which hotfixes this clone started is kept in the \
             repository's own config ({}, never pushed): when two open notes claim one \
             branch, that one is the branch's hotfix, and with neither (or both) started here \
             the command refuses, naming both. A hotfix started here and already shared keeps \
             its id against a note claiming the same id.",
            store::MAX_NOTE_BYTES,
            store::MAX_EVENTS,
            store::MAX_ITEMS,
            store::MAX_TEXT_BYTES,
            store::MAX_ID_NUMBER,
            store::OWNED_KEY,
        ),
    );
    roff
}

fn hooks() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["HOOKS"]);
    roff.text([roman(
        "The rules of a hotfix hold on every commit and push through git hooks that hand over \
         to git hotfix. Commits on a hotfix branch carry a header naming the hotfix, as in",
    )]);
    roff.control("RS", ["4"]);
    roff.text([bold("HOTFIX-001: Verify the JWT signature")]);
    roff.control("RE", []);
    roff.text([roman(
        "git hotfix start installs them, git hotfix hooks install|uninstall|status manages \
         them. commit-msg checks the header; pre-push checks every pushed hotfix commit for \
         the header, the diff budget, the HOTFIX code comments and passing tests; \
         prepare-commit-msg, installed when hotfix.prefillHeader is true, starts the message \
         with the header. They are installed where git looks for them (core.hooksPath, else \
         the hooks directory of the common git directory), or as config-based hooks on git \
         2.54 and later. A hook the repository already has is kept and runs first, with the \
         same arguments and input (with config-based hooks, git runs it after ours); uninstall \
         puts it back. Hooks exit at once on branches \
         without an open hotfix. HOTFIX_SKIP_HOOKS=1 skips the checks, and --no-verify works \
         as in git; git hotfix verify runs the same rules in CI.",
    )]);
    roff.text([roman(
        "Client hooks can be skipped; the server cannot. git hotfix hooks install --server, \
         run in the bare repository pushed to, installs pre-receive and post-receive there \
         (chaining hooks already there; uninstall --server puts them back) and sets \
         receive.advertisePushOptions. pre-receive refuses the whole push when a hotfix \
         branch breaks the header rule on the commits new to the server, the diff budget or \
         the code comments, when a hotfix branch has no note on the server or in the push, \
         when the notes ref is deleted, not fast-forwarded, drops a hotfix or an event, or \
         holds a note that fails validation, and when a tag recorded as a release is moved \
         or deleted. The pusher's HOTFIX_SKIP_HOOKS is ignored there. In an emergency, git \
         push -o hotfix.skip=\"<reason>\" lets the push through, and post-receive records who, \
         when, which refs and why as a rules-bypassed event in the hotfix's notes, which \
         git hotfix sync brings to every clone. The same two files serve GitLab's \
         custom_hooks/ and Gitea's or Forgejo's server hooks.",
    )]);
    roff
}

fn exit_status() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for &(code, meaning) in exit::TABLE {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(meaning)]);
    }
    paragraph(
        &mut roff,
        "Errors are one sentence on standard error, error: ..., followed by hint: lines saying \
         what to do, as git prints them.",
    );
    roff
}

fn environment() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    let vars = [
        ("NO_COLOR", "When set and not empty, no colors are printed."),
        (
            "GIT_DIR, GIT_WORK_TREE",
            "Select the repository, as for git itself.",
        ),
        (
            "HOTFIX_NOW",
            "An RFC 3339 time used as the current time, for reproducible output; meant for tests.",
        ),
    ];
    for (name, meaning) in vars {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }
    roff
}

fn examples() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXAMPLES"]);
    let examples = [
        (
            "Start a hotfix from what runs in production:",
            "git hotfix start critical-auth-vulnerability --severity P0 --issue \"Authentication bypass\"",
        ),
        (
            "Start from the last release tag instead:",
            "git hotfix start payment-timeout --from-last-tag",
        ),
        (
            "Commit the fix with its header:",
            "git commit -am \"HOTFIX-001: Verify the JWT signature\"",
        ),
        (
            "See where the hotfix stands, and every open hotfix:",
            "git hotfix status; git hotfix list",
        ),
        (
            "Read the metadata from a script:",
            "git hotfix show HOTFIX-001 --json",
        ),
        (
            "See the settings in effect and where they came from:",
            "git hotfix config",
        ),
        (
            "Load bash completion by hand (install.sh installs it):",
            "source <(git hotfix completions bash)",
        ),
    ];
    for (what, command) in examples {
        roff.control("PP", []);
        roff.text([roman(what)]);
        roff.control("RS", ["4"]);
        roff.control("nf", []);
        roff.text([italic(command)]);
        roff.control("fi", []);
        roff.control("RE", []);
    }
    roff
}

fn see_also() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(
        "git(1), git-notes(1), git-config(1), githooks(5), git-describe(1)",
    )]);
    roff
}
