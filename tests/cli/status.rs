use crate::common::{Sandbox, stderr, stdout};

#[test]
fn status_counts_the_commits_and_changes_since_the_base() {
    let sandbox = Sandbox::new();
    sandbox.start("fix", &["--severity", "P1"]);
    sandbox.commit(
        "app.js",
        "function login() {\n  return false;\n}\n",
        &["-m", "HOTFIX-001: Deny by default"],
    );
    let assert = sandbox.hotfix(["status"]).success();
    let out = stdout(&assert);
    assert!(out.starts_with("HOTFIX-001 P1 open  Fix\n"), "{out}");
    assert!(
        out.contains("changes:  1 commit(s), 1 file(s), +1 -1"),
        "{out}"
    );
    assert!(out.contains("Next: "), "{out}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["status", "--json"]).success())).unwrap();
    assert_eq!(json["hotfix_id"], "HOTFIX-001");
    assert_eq!(json["commits"], 1);
    assert_eq!(json["changed_files"], 1);
    assert_eq!(json["insertions"], 1);
    assert_eq!(json["deletions"], 1);
    assert_eq!(json["age_seconds"], 0);
    assert_eq!(json["branch_exists"], true);
}

#[test]
fn status_off_a_hotfix_branch_lists_the_open_hotfixes() {
    let sandbox = Sandbox::new();
    sandbox.start("fix", &["--severity", "P1"]);
    sandbox.git(["switch", "--quiet", "main"]);
    let out = stdout(&sandbox.hotfix(["status"]).success());
    assert!(
        out.starts_with("Not on a hotfix branch (on 'main').\nOpen hotfixes:\n"),
        "{out}"
    );
    assert!(out.contains("HOTFIX-001  P1  open"), "{out}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["status", "--json"]).success())).unwrap();
    assert!(json["hotfix"].is_null());
    assert_eq!(json["open"][0]["hotfix_id"], "HOTFIX-001");

    let out = stdout(&sandbox.hotfix(["status", "--id", "HOTFIX-001"]).success());
    assert!(out.starts_with("HOTFIX-001 P1 open"), "{out}");
}

#[test]
fn list_is_newest_first_and_plain_when_not_on_a_terminal() {
    let sandbox = Sandbox::new();
    sandbox.start("first", &["--severity", "P0"]);
    sandbox.git(["switch", "--quiet", "main"]);
    sandbox.start("second", &["--severity", "P2"]);
    sandbox.git(["config", "color.ui", "always"]);
    let mut command = sandbox.command(crate::common::binary());
    let colored = command.args(["list"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&colored.stdout).contains('\u{1b}'),
        "color.ui=always forces colors"
    );
    let mut command = sandbox.command(crate::common::binary());
    let plain = command
        .env("NO_COLOR", "1")
        .args(["list"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&plain.stdout);
    assert!(!out.contains('\u{1b}'), "{out}");
    let ids: Vec<_> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["HOTFIX-002", "HOTFIX-001"]);
    sandbox.git(["config", "color.ui", "auto"]);
    assert!(!stdout(&sandbox.hotfix(["list"]).success()).contains('\u{1b}'));
}

#[test]
fn list_json_is_an_array_of_metadata_objects() {
    let sandbox = Sandbox::new();
    assert_eq!(
        stdout(&sandbox.hotfix(["list", "--json"]).success()).trim(),
        "[]"
    );
    sandbox.start("fix", &[]);
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &sandbox.hotfix(["list", "--all", "--json"]).success(),
    ))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0], sandbox.metadata("HOTFIX-001"));
}

#[test]
fn show_prints_every_field_and_refuses_an_unknown_id() {
    let sandbox = Sandbox::new();
    sandbox.start(
        "fix",
        &[
            "--severity",
            "P2",
            "--component",
            "billing",
            "--impact",
            "Slow invoices",
        ],
    );
    let out = stdout(&sandbox.hotfix(["show", "hotfix-001"]).success());
    for expected in [
        "HOTFIX-001 P2 open",
        "issue:",
        "Fix",
        "branch:",
        "hotfix/fix",
        "billing",
        "Slow invoices",
        "started",
    ] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
    let assert = sandbox.hotfix(["show", "HOTFIX-404"]).code(1);
    let err = stderr(&assert);
    assert!(
        err.starts_with("error: no hotfix with id HOTFIX-404 is recorded\nhint: "),
        "{err}"
    );
}

#[test]
fn show_without_an_id_shows_the_current_branchs_hotfix() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P1"]);
    let out = crate::common::stdout(&sandbox.hotfix(["show"]).success());
    assert!(out.starts_with("HOTFIX-001 P1 open"), "{out}");
    sandbox.git(["switch", "--quiet", "main"]);
    let err = crate::common::stderr(&sandbox.hotfix(["show"]).code(1));
    assert!(
        err.starts_with(
            "error: branch 'main' has no open hotfix and contains no hotfix's merge, and no hotfix id was given\nhint: name the hotfix with 'git hotfix show <ID>' (open: HOTFIX-001)"
        ),
        "{err}"
    );
}

#[test]
fn show_names_the_commit_a_test_ran_on_not_its_tree() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.hotfix(["test"]).success();
    let tested = sandbox.rev("HEAD");
    let out = stdout(&sandbox.hotfix(["show"]).success());
    let line = out
        .lines()
        .find(|line| line.contains(" passed "))
        .unwrap_or_else(|| panic!("no test line in:\n{out}"));
    assert!(line.contains(&format!("on {}", &tested[..7])), "{line}");
    assert!(!line.contains("tree"), "{line}");

    // A later commit does not change which commit the pass was on.
    sandbox.commit("notes.md", "later\n", &["-m", "HOTFIX-001: Add notes"]);
    let out = stdout(&sandbox.hotfix(["show"]).success());
    assert!(out.contains(&format!("on {}", &tested[..7])), "{out}");
}
