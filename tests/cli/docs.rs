use clap::CommandFactory;

use crate::common::{self, Sandbox, source_dir};

#[test]
fn committed_man_page_and_completions_are_current() {
    let sandbox = Sandbox::empty();
    let dir = source_dir();
    let assert = sandbox.in_dir(sandbox.dir.path()).hotfix([
        "generate-docs",
        "--check",
        "--out-dir",
        dir.to_str().unwrap(),
    ]);
    let output = assert.get_output();
    assert!(
        output.status.success(),
        "the committed man page or completions are stale; regenerate them with:\n\n    {}\n\n{}",
        git_hotfix::docs::REGENERATE,
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generate_docs_writes_every_file_and_check_then_passes() {
    let sandbox = Sandbox::empty();
    let out = sandbox.dir.path().join("tree");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("Cargo.toml"), "").unwrap();
    let out_dir = out.to_str().unwrap();
    let stale = sandbox
        .in_dir(&out)
        .hotfix(["generate-docs", "--check"])
        .code(1);
    let err = common::stderr(&stale);
    assert!(err.contains("man/git-hotfix.1"), "{err}");
    assert!(err.contains(git_hotfix::docs::REGENERATE), "{err}");

    sandbox
        .in_dir(sandbox.dir.path())
        .hotfix(["generate-docs", "--out-dir", out_dir])
        .success();
    for file in git_hotfix::docs::files() {
        let written = std::fs::read_to_string(out.join(&file.path)).unwrap();
        assert_eq!(written, file.content, "{}", file.path);
    }
    sandbox
        .in_dir(&out)
        .hotfix(["generate-docs", "--check"])
        .success();
}

#[test]
fn generate_docs_refuses_a_directory_that_is_not_the_source_tree() {
    let sandbox = Sandbox::empty();
    let assert = sandbox
        .in_dir(sandbox.dir.path())
        .hotfix(["generate-docs"])
        .code(1);
    let err = common::stderr(&assert);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert!(!sandbox.dir.path().join("man").exists());
}

#[test]
fn man_page_has_every_command_setting_and_exit_code() {
    let page = std::fs::read_to_string(source_dir().join("man/git-hotfix.1")).unwrap();
    let cli = git_hotfix::cli::Cli::command();
    for sub in cli.get_subcommands() {
        let heading = format!(".SS \"git hotfix {}\"", sub.get_name());
        assert_eq!(
            page.contains(&heading),
            !sub.is_hide_set(),
            "{heading} (hidden: {})",
            sub.is_hide_set()
        );
    }
    for setting in git_hotfix::config::ALL {
        assert!(page.contains(setting.key), "{}", setting.key);
        if let Some(gitflow) = setting.gitflow {
            assert!(page.contains(gitflow), "{gitflow}");
        }
    }
    for section in [
        "CONFIGURATION",
        "NOTES FORMAT",
        "HOOKS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "EXAMPLES",
    ] {
        assert!(
            page.contains(&format!(".SH \"{section}\""))
                || page.contains(&format!(".SH {section}")),
            "{section}"
        );
    }
    for code in ["0", "1", "2", "3", "70"] {
        assert!(
            page.contains(&format!(".TP\n\\fB{code}\\fR\n")),
            "exit code {code}"
        );
    }
}

#[test]
fn git_help_hotfix_and_git_hotfix_help_open_the_man_page() {
    if !common::have("man", "git help hotfix opens the man page") {
        return;
    }
    let sandbox = Sandbox::new();
    let man_dir = sandbox.dir.path().join("man");
    std::fs::create_dir_all(man_dir.join("man1")).unwrap();
    std::fs::copy(
        source_dir().join("man/git-hotfix.1"),
        man_dir.join("man1/git-hotfix.1"),
    )
    .unwrap();
    for args in [&["help", "hotfix"][..], &["hotfix", "--help"][..]] {
        let output = sandbox
            .with_env("MANPATH", &man_dir)
            .with_env("MANPAGER", "cat")
            .with_env("MANWIDTH", "80")
            .try_git(args);
        let out = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(out.contains("GIT-HOTFIX(1)"), "git {args:?}:\n{out}");
        assert!(out.contains("EXIT STATUS"), "git {args:?}:\n{out}");
    }
}

#[test]
fn dash_h_prints_the_short_help() {
    let sandbox = Sandbox::new();
    let output = sandbox.try_git(["hotfix", "-h"]);
    assert!(output.status.success());
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.starts_with("Run production hotfixes"), "{out}");
    assert!(
        out.contains("Usage: git hotfix [OPTIONS] <COMMAND>"),
        "{out}"
    );
    assert!(out.contains("  start "), "{out}");
    assert!(
        !out.contains("generate-docs") && !out.contains("__complete"),
        "{out}"
    );
}

/// The long flags a command takes, its subcommands' included, without those clap adds
/// (`--help`, the version) and the global `--quiet`/`--verbose`.
fn long_flags(command: &clap::Command) -> std::collections::BTreeSet<String> {
    let mut flags: std::collections::BTreeSet<String> = command
        .get_arguments()
        .filter(|arg| !arg.is_hide_set() && !arg.is_global_set())
        .filter(|arg| {
            !matches!(
                arg.get_action(),
                clap::ArgAction::Help
                    | clap::ArgAction::HelpShort
                    | clap::ArgAction::HelpLong
                    | clap::ArgAction::Version
            )
        })
        .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
        .collect();
    for sub in command.get_subcommands() {
        flags.extend(long_flags(sub));
    }
    flags
}

#[test]
fn the_readme_command_table_names_every_flag_and_no_other() {
    let readme = std::fs::read_to_string(source_dir().join("README.md")).unwrap();
    let table = &readme[readme.find("## Commands").unwrap()..readme.find("## The rules").unwrap()];
    let flag = regex::Regex::new(r"--[a-z][a-z-]*").unwrap();
    let mut cli = git_hotfix::cli::Cli::command();
    cli.build();
    let mut seen = Vec::new();
    for row in table.lines().filter(|l| l.starts_with("| `git hotfix ")) {
        let name = row["| `git hotfix ".len()..]
            .split([' ', '`'])
            .next()
            .unwrap();
        let command = cli
            .find_subcommand(name)
            .unwrap_or_else(|| panic!("the README lists '{name}', which is no command"));
        let documented: std::collections::BTreeSet<String> = flag
            .find_iter(row)
            .map(|m| m.as_str().to_string())
            .collect();
        let real = long_flags(command);
        let missing: Vec<_> = real.difference(&documented).collect();
        let unknown: Vec<_> = documented.difference(&real).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "README row of '{name}': not documented {missing:?}, no such flag {unknown:?}"
        );
        seen.push(name.to_string());
    }
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        assert!(
            seen.iter().any(|name| name == command.get_name()),
            "the README command table has no row for '{}'",
            command.get_name()
        );
    }
}
