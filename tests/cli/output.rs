//! What scripts and terminals rely on: no escape codes unless colors are asked for, `--json`
//! that parses on every reporting command, `--quiet` and `--verbose`, and `git hotfix config`.

use crate::common::{self, Sandbox};

/// Every command that reports, as run against a sandbox with HOTFIX-001 checked out.
/// Add new reporting commands here: both tests below then cover them.
const REPORTS: &[&[&str]] = &[
    &["status"],
    &["status", "--id", "HOTFIX-001"],
    &["list"],
    &["list", "--all"],
    &["show", "HOTFIX-001"],
    &["config"],
];

fn sandbox_with_hotfix() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.start("auth-bypass", &["--severity", "P0"]);
    sandbox.commit("app.js", "fixed\n", &["-m", "HOTFIX-001: Fix the bypass"]);
    sandbox
}

fn has_escape(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
}

#[test]
fn output_has_no_escape_codes_off_a_terminal_or_with_no_color() {
    let sandbox = sandbox_with_hotfix();
    for args in REPORTS {
        // Not a terminal: no colors.
        let output = sandbox
            .command(common::binary())
            .args(*args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(!has_escape(&output.stdout), "{args:?} colored a pipe");
        assert!(!has_escape(&output.stderr), "{args:?} colored a pipe");

        // color.ui=always forces colors on a pipe, so the check above can fail...
        sandbox.git(["config", "color.ui", "always"]);
        let forced = sandbox
            .command(common::binary())
            .args(*args)
            .output()
            .unwrap();
        if *args != ["config"] {
            assert!(
                has_escape(&forced.stdout),
                "{args:?} ignores color.ui=always"
            );
        }
        // ...and NO_COLOR still wins over it.
        let no_color = sandbox
            .command(common::binary())
            .env("NO_COLOR", "1")
            .args(*args)
            .output()
            .unwrap();
        assert!(!has_escape(&no_color.stdout), "{args:?} ignores NO_COLOR");
        assert!(!has_escape(&no_color.stderr), "{args:?} ignores NO_COLOR");
        sandbox.git(["config", "--unset", "color.ui"]);
    }
    // Errors too.
    let output = sandbox
        .command(common::binary())
        .args(["show", "HOTFIX-999"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!has_escape(&output.stderr));
}

#[test]
fn json_parses_for_every_reporting_command() {
    let sandbox = sandbox_with_hotfix();
    for args in REPORTS {
        let assert = sandbox.hotfix(args.iter().chain(&["--json"])).success();
        let out = common::stdout(&assert);
        let value: serde_json::Value = serde_json::from_str(&out)
            .unwrap_or_else(|err| panic!("{args:?} --json: {err}\n{out}"));
        let expect_id =
            |v: &serde_json::Value| assert_eq!(v["hotfix_id"], "HOTFIX-001", "{args:?}");
        match args[0] {
            "status" => {
                expect_id(&value);
                assert_eq!(value["commits"], 1);
            }
            "list" => expect_id(&value[0]),
            "show" => expect_id(&value),
            "config" => {
                assert_eq!(value[0]["key"], "hotfix.remote");
                assert_eq!(value[0]["value"], "origin");
                assert_eq!(value[0]["source"], "default");
            }
            other => panic!("add the shape of {other} --json to this test"),
        }
    }
    // Off a hotfix branch, status --json still parses.
    sandbox.git(["switch", "--quiet", "main"]);
    let out = common::stdout(&sandbox.hotfix(["status", "--json"]).success());
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(value["hotfix"].is_null());
    assert_eq!(value["open"][0]["hotfix_id"], "HOTFIX-001");
}

#[test]
fn config_says_where_each_setting_came_from() {
    let sandbox = Sandbox::new();
    sandbox.git(["config", "hotfix.idPrefix", "FIX"]);
    sandbox.git(["config", "--global", "hotfix.developBranch", "integration"]);
    sandbox.git(["config", "gitflow.prefix.hotfix", "hf/"]);
    let out = common::stdout(&sandbox.hotfix(["config"]).success());
    let global = sandbox.home().join(".gitconfig").display().to_string();
    let out = out.replace(&global, "~/.gitconfig");
    let lines: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines.len(), git_hotfix::config::ALL.len());
    assert_eq!(
        lines[..5],
        [
            vec!["hotfix.remote", "(default)", "origin"],
            vec!["hotfix.productionBranch", "(default)", "main"],
            vec![
                "hotfix.developBranch",
                "(global:",
                "~/.gitconfig)",
                "integration"
            ],
            vec![
                "hotfix.prefix",
                "(git-flow:",
                "gitflow.prefix.hotfix",
                "in",
                ".git/config)",
                "hf/"
            ],
            vec!["hotfix.idPrefix", "(local:", ".git/config)", "FIX"],
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&common::stdout(
        &sandbox.hotfix(["config", "--json"]).success(),
    ))
    .unwrap();
    assert_eq!(json[3]["source"], "gitflow");
    assert_eq!(json[3]["from"], "gitflow.prefix.hotfix");
    assert_eq!(json[3]["default"], "hotfix/");
    assert_eq!(json[2]["source"], "global");
    assert_eq!(json[2]["file"], global.as_str());
    assert_eq!(json[3]["file"], ".git/config");
    assert!(json[0]["from"].is_null());

    // The production branch shown is the one commands use: master when only it exists.
    sandbox.git(["branch", "-m", "main", "master"]);
    sandbox.git(["push", "--quiet", "origin", "master"]);
    sandbox
        .in_dir(&sandbox.remote)
        .git(["symbolic-ref", "HEAD", "refs/heads/master"]);
    sandbox.git(["push", "--quiet", "origin", ":main"]);
    sandbox.git(["remote", "prune", "origin"]);
    let json: serde_json::Value = serde_json::from_str(&common::stdout(
        &sandbox.hotfix(["config", "--json"]).success(),
    ))
    .unwrap();
    assert_eq!(json[1]["value"], "master");
    assert_eq!(json[1]["source"], "default");
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_shows_git_commands() {
    let sandbox = Sandbox::new();
    let assert = sandbox.hotfix(["start", "quiet-fix", "--quiet"]).success();
    assert_eq!(common::stdout(&assert), "");
    assert_eq!(common::stderr(&assert), "");
    assert_eq!(sandbox.current_branch(), "hotfix/quiet-fix");

    sandbox.git(["switch", "--quiet", "main"]);
    let assert = sandbox
        .hotfix(["--verbose", "start", "loud-fix", "--severity", "P2"])
        .success();
    let err = common::stderr(&assert);
    assert!(
        err.contains("running: git fetch --quiet --no-write-fetch-head origin"),
        "{err}"
    );
    assert!(common::stdout(&assert).starts_with("Started HOTFIX-002"));

    sandbox.hotfix(["list", "--quiet", "--verbose"]).code(2);
}

#[test]
fn quiet_keeps_gits_own_merge_output_back() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let assert = sandbox.hotfix(["finish", "-q", "--yes"]).success();
    let err = common::stderr(&assert);
    assert!(!err.contains("Merge made by"), "{err}");
    assert!(!err.contains("file changed"), "{err}");
    assert!(common::stdout(&assert).starts_with("Finished HOTFIX-001"));
}

#[test]
fn verbose_traces_the_merges_and_the_push_of_a_finish() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let assert = sandbox
        .hotfix(["--verbose", "finish", "--yes", "--push"])
        .success();
    let err = common::stderr(&assert);
    for traced in [
        "running: git merge --no-ff --no-edit -m 'Merge hotfix/auth (HOTFIX-001)'",
        "running: git checkout --quiet --end-of-options develop --",
        "running: git push --atomic origin refs/heads/main:refs/heads/main",
    ] {
        assert!(err.contains(traced), "{traced}:\n{err}");
    }
}

/// Runs `git-hotfix args` on a pseudo-terminal (through `script`), returning what it printed.
fn on_a_terminal(sandbox: &Sandbox, args: &str) -> String {
    let command = format!("{} {args}", common::binary().display());
    let output = sandbox
        .command("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stdout).replace('\r', "")
}

#[test]
fn network_steps_show_progress_on_a_terminal_only() {
    if !common::have("script", "progress on a terminal") {
        return;
    }
    let sandbox = Sandbox::new();
    let out = on_a_terminal(&sandbox, "start fix --severity P2 --yes");
    assert!(out.contains("Fetching 'origin'...\n"), "{out}");
    assert!(out.contains("Fetching 'origin': done in "), "{out}");
    assert!(
        out.contains("Pushing the hotfix notes to 'origin': done in "),
        "{out}"
    );

    sandbox.git(["switch", "--quiet", "main"]);
    let assert = sandbox
        .hotfix(["start", "other", "--severity", "P2", "--yes"])
        .success();
    assert!(!common::stderr(&assert).contains("Fetching"));
    let quiet = on_a_terminal(&sandbox, "--quiet sync");
    assert!(!quiet.contains("Fetching"), "{quiet}");
    assert!(on_a_terminal(&sandbox, "sync").contains("Fetching 'origin': done in "));
}
