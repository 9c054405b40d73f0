use clap::CommandFactory;

use crate::common::Sandbox;

#[test]
fn command_line_definition_is_consistent() {
    git_hotfix::cli::Cli::command().debug_assert();
}

#[test]
fn outside_a_repository_refuses_with_a_hint() {
    let sandbox = Sandbox::empty();
    let assert = sandbox.in_dir(sandbox.dir.path()).hotfix(["list"]).code(1);
    let err = crate::common::stderr(&assert);
    assert!(err.starts_with("error: not a git repository"), "{err}");
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn usage_errors_exit_with_2() {
    let sandbox = Sandbox::new();
    sandbox.hotfix(["start"]).code(2);
    sandbox.hotfix(["start", "x", "--severity", "P9"]).code(2);
    sandbox.hotfix(["no-such-command"]).code(2);
}

#[test]
fn runs_as_a_git_subcommand() {
    let sandbox = Sandbox::new();
    let output = sandbox.try_git(["hotfix", "list"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "No open hotfixes.\n"
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let sandbox = Sandbox::new();
    sandbox.start("fix", &[]);
    // The reader is gone before anything is written.
    let script = format!(
        "(sleep 0.3; '{}' list --all) | true",
        crate::common::binary().display()
    );
    let output = sandbox
        .command("sh")
        .args(["-c", &script])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

#[test]
fn git_hotfix_help_command_prints_that_commands_help() {
    let sandbox = Sandbox::new();
    let output = sandbox.try_git(["hotfix", "help", "start"]);
    assert!(
        output.status.success(),
        "{}",
        crate::common::stderr(&output)
    );
    let out = crate::common::stdout(&output);
    assert!(
        out.contains("Usage: git hotfix start [OPTIONS] <NAME>"),
        "{out}"
    );
    assert!(out.contains("--severity"), "{out}");
}

#[test]
fn a_typo_lists_the_closest_command_first_and_usage_marks_options_optional() {
    let sandbox = Sandbox::new();
    let err = crate::common::stderr(&sandbox.hotfix(["strat"]).code(2));
    assert!(
        err.contains("some similar subcommands exist: 'start', "),
        "{err}"
    );
    let err = crate::common::stderr(&sandbox.hotfix(["start", "x", "--isue", "y"]).code(2));
    assert!(
        err.contains("a similar argument exists: '--issue'"),
        "{err}"
    );
    assert!(
        err.contains("Usage: git hotfix start [OPTIONS] <NAME>"),
        "{err}"
    );
    assert!(!err.contains("Usage: git hotfix start --issue"), "{err}");
}

/// One rule for every command that moves or deletes refs (finish, cancel, rollback --execute,
/// backport): off a terminal, with nobody to ask, it is refused without `--yes`, and nothing
/// changes; with `--yes` it goes ahead.
#[test]
fn off_a_terminal_every_command_that_moves_refs_needs_yes() {
    use crate::common::Refusal;

    let no_terminal = || {
        Refusal::exit(1)
            .contains("and there is no terminal to confirm it")
            .contains("hint: pass --yes to confirm it")
    };
    let sandbox = Sandbox::new();
    sandbox.release_line(
        "support/1.4",
        "function login() {\n  return true;\n}\n",
        "v1.4.0",
    );
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.assert_refused_unchanged(["finish"], no_terminal().contains("finishing HOTFIX-001"));
    sandbox.assert_refused_unchanged(
        ["backport", "--onto", "support/1.4"],
        no_terminal().contains("backporting HOTFIX-001"),
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    sandbox.assert_refused_unchanged(
        ["rollback", id.as_str(), "--execute", "--reason", "x"],
        no_terminal().contains("rolling back HOTFIX-001"),
    );
    sandbox.start("other", &[]);
    sandbox.assert_refused_unchanged(
        ["cancel"],
        no_terminal()
            .contains("cancelling HOTFIX-002")
            .contains("--keep-branch"),
    );
    sandbox.hotfix(["cancel", "--yes"]).success();
}

/// Errors and dead ends say what to do, as a command that works where the user is.
#[test]
fn errors_give_the_exact_command_that_works() {
    use crate::common::{Refusal, stdout};

    let sandbox = Sandbox::new();
    sandbox.start("auth", &[]);
    sandbox.git(["checkout", "--quiet", "main"]);

    // The id typed before the action is the hotfix the action is for.
    let out = stdout(
        &sandbox
            .hotfix(["checklist", "HOTFIX-001", "done", "1"])
            .success(),
    );
    assert!(out.contains("HOTFIX-001"), "{out}");
    let events = crate::common::events(&sandbox.metadata("HOTFIX-001"));
    assert!(events.iter().any(|e| e == "checklist-done"), "{events:?}");

    // No hotfix here: the exact form of the command, and the open ids.
    sandbox.assert_refused_unchanged(
        ["finish", "--yes"],
        Refusal::exit(1)
            .starts_with("error: branch 'main' has no open hotfix, and no hotfix id was given")
            .contains(
                "hint: name the hotfix with 'git hotfix finish <ID>' (open: HOTFIX-001), or \
                 switch to its branch",
            ),
    );
    sandbox.assert_refused_unchanged(
        ["checklist", "undo", "1"],
        Refusal::exit(1).contains("'git hotfix checklist undo 1 --id <ID>' (open: HOTFIX-001)"),
    );
    sandbox.assert_refused_unchanged(
        ["test"],
        Refusal::exit(1).contains("'git hotfix test --id <ID>'"),
    );

    // A bare repository: nothing to start there, but the hotfixes can be listed.
    let bare = sandbox.in_dir(&sandbox.remote);
    let out = stdout(&bare.hotfix(["status"]).success());
    assert!(out.contains("the repository is bare"), "{out}");
    assert!(out.contains("'git hotfix list --all'"), "{out}");
    assert!(!out.contains("git hotfix start"), "{out}");
    bare.hotfix(["list", "--all"]).success();
}
