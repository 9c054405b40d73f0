use crate::common::{Sandbox, stderr, stdout};

const FIXED: &str =
    "// HOTFIX: HOTFIX-001 - Deny by default\nfunction login() {\n  return false;\n}\n";

fn hotfix_with_fix() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    sandbox
}

#[test]
fn a_good_hotfix_passes_every_rule() {
    let sandbox = hotfix_with_fix();
    let out = stdout(&sandbox.hotfix(["verify"]).success());
    assert!(
        out.contains(
            "HOTFIX-001: 1 commit(s), 1 file(s) and 3 line(s) within the budget; all rules pass."
        ),
        "{out}"
    );
}

#[test]
fn every_failed_rule_is_reported_with_its_fix() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    sandbox.git(["config", "hotfix.maxLines", "2"]);
    sandbox.commit(
        "app.js",
        "function login() {\n  return false;\n}\n// more\n",
        &["--no-verify", "-m", "Deny by default"],
    );
    let assert = sandbox.hotfix(["verify"]).code(1);
    let err = stderr(&assert);
    assert!(
        err.starts_with("error: HOTFIX-001 breaks 3 rule(s): headers, budget, code-comments\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: [headers] 1 commit(s) lack the header 'HOTFIX-001: '"),
        "{err}"
    );
    assert!(err.contains("'Deny by default'"), "{err}");
    assert!(err.contains("hint: [budget] the diff changes 1 file(s) and 3 line(s), over the budget of 10 files and 2 lines"), "{err}");
    assert!(err.contains("hint: [code-comments] 1 changed source file(s) lack a 'HOTFIX: HOTFIX-001 - <summary>' comment: app.js"), "{err}");
}

#[test]
fn tests_docs_and_changelog_do_not_count_against_the_budget() {
    let sandbox = hotfix_with_fix();
    sandbox.git(["config", "hotfix.maxFiles", "1"]);
    sandbox.commit(
        "tests/auth.test.js",
        "test('deny', () => {});\n",
        &["-m", "HOTFIX-001: Add a regression test"],
    );
    sandbox.commit(
        "CHANGELOG.md",
        "## 2.0.2\n",
        &["-m", "HOTFIX-001: Changelog"],
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["verify", "--json"]).success())).unwrap();
    assert_eq!(json["budget"]["files"], 1);
    assert_eq!(
        json["budget"]["excluded"],
        serde_json::json!(["CHANGELOG.md", "tests/auth.test.js"])
    );
    assert_eq!(json["failures"], serde_json::json!([]));
}

#[test]
fn smells_are_reported_without_failing() {
    let sandbox = hotfix_with_fix();
    sandbox.git(["mv", "README.md", "READ.md"]);
    sandbox.git(["commit", "--quiet", "-m", "HOTFIX-001: Rename"]);
    sandbox.commit("package-lock.json", "{}\n", &["-m", "HOTFIX-001: Lock"]);
    let assert = sandbox.hotfix(["verify"]).success();
    let err = stderr(&assert);
    assert!(
        err.contains("warning: READ.md is renamed from README.md"),
        "{err}"
    );
    assert!(
        err.contains("warning: package-lock.json is a dependency manifest or lock file"),
        "{err}"
    );
}

#[test]
fn a_range_and_a_wrong_id_are_checked() {
    let sandbox = hotfix_with_fix();
    sandbox.commit(
        "app.js",
        FIXED.replace("false", "null").as_str(),
        &["--no-verify", "-m", "HOTFIX-002: Other"],
    );
    let assert = sandbox.hotfix(["verify", "HEAD~1..HEAD", "--json"]).code(1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&assert)).unwrap();
    assert_eq!(json["commits"], 1);
    assert_eq!(json["failures"][0]["rule"], "headers");
    sandbox.hotfix(["verify", "nope..HEAD"]).code(1);
    sandbox.hotfix(["verify", "HEAD"]).code(1);
}

#[test]
fn tests_run_on_the_commit_and_a_pass_is_not_run_twice() {
    let sandbox = hotfix_with_fix();
    let log = sandbox.dir.path().join("runs.log");
    let command = format!("echo run >> '{}'", log.display());
    sandbox.git(["config", "hotfix.testCommand", &command]);
    sandbox.hotfix(["verify", "--tests"]).success();
    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "run\n");
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["tests"][0]["passed"], true);
    assert_eq!(meta["tests"][0]["tree"], sandbox.rev("HEAD^{tree}"));

    // A dirty working tree is not what is tested: the suite runs on the commit's tree.
    sandbox.write("app.js", "return null\n");
    sandbox.git([
        "config",
        "hotfix.testCommand",
        "grep -q 'return null' app.js",
    ]);
    let assert = sandbox.hotfix(["verify", "--tests"]).code(1);
    assert!(
        stderr(&assert).contains("[tests] the tests fail on"),
        "{}",
        stderr(&assert)
    );
    assert_eq!(sandbox.read("app.js"), "return null\n");
    assert_eq!(sandbox.git(["worktree", "list"]).lines().count(), 1);
}
