//! Completion tested in the real shells: bash with git's own completion script, zsh through a
//! pseudo-terminal with git's zsh completion, fish with `complete -C`. Each shell's test is
//! skipped, saying so, where that shell is not installed (.ci/run installs them).

use std::fs;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::common::{self, Sandbox, source_dir};

/// Where distributions put git's bash completion script.
const GIT_BASH_COMPLETION: &[&str] = &[
    "/usr/share/bash-completion/completions/git",
    "/usr/share/git/completion/git-completion.bash",
    "/usr/share/git-core/contrib/completion/git-completion.bash",
    "/etc/bash_completion.d/git",
    "/usr/local/etc/bash_completion.d/git-completion.bash",
];

/// A sandbox with two hotfixes, HOTFIX-001 and HOTFIX-002.
fn with_hotfixes() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.start("first-fix", &["--severity", "P1"]);
    sandbox.git(["switch", "--quiet", "main"]);
    sandbox.start("second-fix", &["--severity", "P2"]);
    sandbox
}

/// Completes each line in bash as git's completion does for `git ...`, with `source` (a
/// completion file) loaded after git's own script, and returns the candidates of each.
pub fn bash_complete(
    sandbox: &Sandbox,
    git_completion: &Path,
    source: &str,
    lines: &[&str],
) -> Vec<Vec<String>> {
    let body: String = lines
        .iter()
        .map(|line| format!("comp '{line}'\n"))
        .collect();
    bash_script(sandbox, git_completion, source, &body)
        .lines()
        .map(|line| line.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// Runs `body` in bash with git's completion, `source` and a `comp '<line>'` function that
/// prints the candidates of a line (joined by spaces, on one line) loaded; its stdout.
fn bash_script(sandbox: &Sandbox, git_completion: &Path, source: &str, body: &str) -> String {
    let script = format!(
        "source '{}'\n{source}\n\
         comp() {{\n\
           COMP_LINE=\"$1\"; COMP_POINT=${{#COMP_LINE}}\n\
           read -ra COMP_WORDS <<< \"$COMP_LINE\"\n\
           [[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=('')\n\
           COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
           COMPREPLY=()\n\
           __git_wrap__git_main\n\
           echo \"${{COMPREPLY[*]}}\"\n\
         }}\n",
        git_completion.display()
    ) + body;
    let output = sandbox
        .command("bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn git_bash_completion() -> Option<PathBuf> {
    let found = common::first_existing(GIT_BASH_COMPLETION);
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "git's bash completion script is missing; .ci/run installs it"
        );
        common::skipped("bash completion (git's bash completion script is not installed)");
    }
    found
}

fn visible_subcommands() -> Vec<String> {
    git_hotfix::cli::Cli::command()
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_string())
        .collect()
}

#[test]
fn bash_completes_git_hotfix_subcommands_ids_refs_and_values() {
    let Some(git_completion) = git_bash_completion() else {
        return;
    };
    let sandbox = with_hotfixes();
    let file = source_dir().join("completions/git-hotfix.bash");
    let got = bash_complete(
        &sandbox,
        &git_completion,
        &format!("source '{}'", file.display()),
        &[
            "git hotfix st",
            "git hotfix ",
            "git hotfix show ",
            "git hotfix show HOTFIX-001 ",
            "git hotfix status --id ",
            "git hotfix start x --from v2",
            "git hotfix start x --from=ma",
            "git hotfix start x --severity ",
            "git hotfix completions ",
            "git hotfix list --a",
            "git hot",
        ],
    );
    assert_eq!(got[0], ["start", "status", "stats"]);
    assert_eq!(got[1], visible_subcommands());
    assert_eq!(got[2], ["HOTFIX-002", "HOTFIX-001"]);
    assert!(got[3].is_empty(), "show takes one id: {:?}", got[3]);
    assert_eq!(got[4], ["HOTFIX-002", "HOTFIX-001"]);
    assert_eq!(got[5], ["v2.0.0", "v2.0.1"]);
    assert_eq!(got[6], ["main"]);
    assert_eq!(got[7], ["P0", "P1", "P2"]);
    assert_eq!(got[8], ["bash", "elvish", "fish", "powershell", "zsh"]);
    assert_eq!(got[9], ["--all"]);
    assert_eq!(got[10], ["hotfix"]);
}

#[test]
fn ids_planted_in_fetched_notes_are_never_offered_or_expanded_by_bash() {
    let Some(git_completion) = git_bash_completion() else {
        return;
    };
    let sandbox = with_hotfixes();
    sandbox.hotfix(["sync"]).success();
    // The attacker's clone plants notes whose ids are shell code and file name patterns.
    let attacker = sandbox.clone_named("attacker");
    attacker.hotfix(["sync"]).success();
    let template = attacker.metadata("HOTFIX-001");
    let marker = sandbox.home().join("x");
    let planted = [
        "HOTFIX-007;touch${IFS}~/x",
        "HOTFIX-008$(touch${IFS}~/x)",
        "/etc/pass*",
        "~/.git*",
        "HOTFIX-009\nHOTFIX-010",
    ];
    for (n, id) in planted.iter().enumerate() {
        let mut doc = template.clone();
        doc["hotfix_id"] = (*id).into();
        doc["branch"] = format!("hotfix/planted-{n}").into();
        attacker.add_note(&format!("planted {n}"), &doc);
    }
    attacker.hotfix(["sync"]).success();
    sandbox.hotfix(["sync"]).success();
    // Ids of that form are refused when the notes are read; completion offers none of them.
    assert_eq!(sandbox.all_metadata().as_array().unwrap().len(), 2);

    let printed = common::stdout(&sandbox.hotfix(["__complete", "ids"]).success());
    assert_eq!(printed, "HOTFIX-002\nHOTFIX-001\n");
    let described = common::stdout(
        &sandbox
            .hotfix(["__complete", "ids", "--describe"])
            .success(),
    );
    assert_eq!(described.lines().count(), 2, "{described}");
    let file = source_dir().join("completions/git-hotfix.bash");
    let got = bash_complete(
        &sandbox,
        &git_completion,
        &format!("source '{}'", file.display()),
        &[
            "git hotfix show ",
            "git hotfix status --id ",
            "git hotfix status --id=H",
        ],
    );
    assert_eq!(got[0], ["HOTFIX-002", "HOTFIX-001"]);
    assert_eq!(got[1], ["HOTFIX-002", "HOTFIX-001"]);
    assert_eq!(got[2], ["HOTFIX-002", "HOTFIX-001"]);
    assert!(!marker.exists(), "a planted id ran");
}

#[test]
fn bash_completion_expands_no_pattern_and_leaves_globbing_as_it_was() {
    let Some(git_completion) = git_bash_completion() else {
        return;
    };
    let sandbox = Sandbox::new();
    fs::write(sandbox.home().join(".gitfoo"), "").unwrap();
    // Whatever a git-hotfix on PATH prints (an older one, say), no value is expanded.
    let fake = sandbox.dir.path().join("fake-bin");
    sandbox.script(
        &fake.join("git-hotfix"),
        "#!/bin/sh\nprintf '%s\\n' '/etc/pass*' \"$HOME/.git*\" HOTFIX-001\n",
    );
    let path = format!(
        "{}:{}",
        fake.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let sandbox = sandbox.with_env("PATH", path);
    let file = source_dir().join("completions/git-hotfix.bash");
    let globbing = "case $- in *f*) echo off ;; *) echo on ;; esac\n";
    let out = bash_script(
        &sandbox,
        &git_completion,
        &format!("source '{}'", file.display()),
        &format!(
            "{globbing}comp 'git hotfix show '\n{globbing}set -f\ncomp 'git hotfix show '\n{globbing}"
        ),
    );
    let lines: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let home = format!("{}/.git*", sandbox.home().display());
    let offered = vec!["/etc/pass*", home.as_str(), "HOTFIX-001"];
    assert_eq!(
        lines,
        [
            vec!["on"],
            offered.clone(),
            vec!["on"],
            offered,
            vec!["off"]
        ],
        "{out}"
    );
}

#[test]
fn completions_command_prints_the_committed_scripts() {
    let sandbox = Sandbox::empty();
    for shell in git_hotfix::docs::shell::SHELLS {
        let name = shell.to_string();
        let assert = sandbox
            .in_dir(sandbox.dir.path())
            .hotfix(["completions", &name])
            .success();
        let committed = std::fs::read_to_string(
            source_dir()
                .join("completions")
                .join(git_hotfix::docs::shell::file_name(shell)),
        )
        .unwrap();
        assert_eq!(common::stdout(&assert), committed, "{name}");
    }
    sandbox
        .in_dir(sandbox.dir.path())
        .hotfix(["completions", "tcsh"])
        .code(2);
}

#[test]
fn fish_completes_git_hotfix() {
    if !common::have("fish", "fish completion") {
        return;
    }
    let sandbox = with_hotfixes();
    let conf = sandbox.home().join(".config/fish/conf.d");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::copy(
        source_dir().join("completions/git-hotfix.fish"),
        conf.join("git-hotfix.fish"),
    )
    .unwrap();
    let complete = |line: &str| -> Vec<String> {
        let output = sandbox
            .command("fish")
            .args(["-c", &format!("complete -C '{line}'")])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(complete("git hotfix st"), ["start", "stats", "status"]);
    assert_eq!(complete("git hotfix show "), ["HOTFIX-001", "HOTFIX-002"]);
    assert_eq!(
        complete("git hotfix start x --severity "),
        ["P0", "P1", "P2"]
    );
    assert_eq!(
        complete("git hotfix start x --from v2"),
        ["v2.0.0", "v2.0.1"]
    );
    assert_eq!(complete("git-hotfix st"), ["start", "stats", "status"]);
}

#[test]
fn zsh_completes_git_hotfix() {
    if !common::have("zsh", "zsh completion") {
        return;
    }
    let sandbox = with_hotfixes();
    let fpath = sandbox.dir.path().join("zsh-functions");
    std::fs::create_dir_all(&fpath).unwrap();
    std::fs::copy(
        source_dir().join("completions/_git-hotfix"),
        fpath.join("_git-hotfix"),
    )
    .unwrap();
    let complete = |line: &str| -> Vec<String> {
        let out = sandbox.dir.path().join("zsh-matches");
        let _ = std::fs::remove_file(&out);
        let output = sandbox
            .command("zsh")
            .args(["-f", "-c", ZSH_DRIVER, "zsh"])
            .arg(&fpath)
            .arg(&out)
            .arg(line)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut matches: Vec<String> = std::fs::read_to_string(&out)
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect();
        matches.sort();
        matches.dedup();
        matches
    };
    assert_eq!(complete("git hotfix st"), ["start", "stats", "status"]);
    assert_eq!(complete("git hotfix show "), ["HOTFIX-001", "HOTFIX-002"]);
    assert_eq!(
        complete("git hotfix start x --severity "),
        ["P0", "P1", "P2"]
    );
    assert_eq!(
        complete("git hotfix start x --from v2"),
        ["v2.0.0", "v2.0.1"]
    );
    assert_eq!(complete("git-hotfix sh"), ["show"]);
}

/// Runs an interactive zsh in a pseudo-terminal (`$1` the completion directory, `$2` the file
/// that collects every match offered, `$3` the line), types the line and asks for the list
/// of completions, recording what the completion functions add.
const ZSH_DRIVER: &str = r#"
zmodload zsh/zpty || exit 1
zpty -b z zsh -f -i
zpty -w z "PS1=''; fpath=('$1' \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "compadd () { builtin compadd -O __m \"\$@\"; print -rl -- \$__m >> '$2'; builtin compadd \"\$@\" }"
zpty -w z 'zle -C list-only list-choices _main_complete; bindkey "^T" list-only'
zpty -w z 'print -n RE''ADY'
zpty -r z line '*READY'
zpty -w -n z "$3"$'\x14'
for i in {1..50}; do [[ -s $2 ]] && break; sleep 0.1; done
sleep 0.2
zpty -d z
"#;
