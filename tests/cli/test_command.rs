//! `git hotfix test`: the suites on HEAD's tree, recorded in the notes; `--all`; `--watch`.

use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Sandbox, binary, stderr};

fn logging(sandbox: &Sandbox, key: &str, name: &str) -> std::path::PathBuf {
    let log = sandbox.dir.path().join(format!("{name}.log"));
    sandbox.git([
        "config",
        key,
        &format!("echo {name} >> '{}'", log.display()),
    ]);
    log
}

fn lines(path: &std::path::Path) -> usize {
    fs::read_to_string(path)
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

#[test]
fn records_the_outcome_on_heads_tree() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &[]);
    logging(&sandbox, "hotfix.testCommand", "unit");
    let assert = sandbox.hotfix(["test"]).success();
    assert!(
        stderr(&assert).contains("The test suite passed in"),
        "{}",
        stderr(&assert)
    );
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["tests"][0]["suite"], "test");
    assert_eq!(meta["tests"][0]["passed"], true);
    assert_eq!(meta["tests"][0]["tree"], sandbox.rev("HEAD^{tree}"));
    assert_eq!(meta["events"][1]["event"], "tests-passed");

    // HEAD's tree, not the dirty working tree.
    sandbox.git(["config", "hotfix.testCommand", "grep -q dirty app.js"]);
    sandbox.write("app.js", "dirty\n");
    let assert = sandbox.hotfix(["test"]).code(1);
    assert!(
        stderr(&assert).contains("error: the test suite failed on"),
        "{}",
        stderr(&assert)
    );
    assert_eq!(sandbox.metadata("HOTFIX-001")["tests"][1]["passed"], false);
}

#[test]
fn all_runs_every_configured_suite() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &[]);
    let unit = logging(&sandbox, "hotfix.testCommand", "unit");
    let security = logging(&sandbox, "hotfix.securityCommand", "security");
    let assert = sandbox.hotfix(["test", "--all"]).success();
    assert!(
        stderr(&assert).contains(
            "The performance suite is not configured (hotfix.performanceCommand); skipped."
        ),
        "{}",
        stderr(&assert)
    );
    assert_eq!((lines(&unit), lines(&security)), (1, 1));
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["tests"][0]["suite"], "test");
    assert_eq!(meta["tests"][1]["suite"], "security");
    sandbox.hotfix(["test"]).success();
    assert_eq!((lines(&unit), lines(&security)), (2, 1));
}

#[test]
fn off_a_hotfix_branch_it_refuses() {
    let sandbox = Sandbox::new();
    let assert = sandbox.hotfix(["test"]).code(1);
    assert!(
        stderr(&assert).contains("branch 'main' has no open hotfix"),
        "{}",
        stderr(&assert)
    );
}

fn wait_for(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watch_reruns_on_changes_but_not_on_ignored_files() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &[]);
    sandbox.commit(
        ".gitignore",
        "build/\n",
        &["-m", "HOTFIX-001: Ignore build output"],
    );
    let log = logging(&sandbox, "hotfix.testCommand", "unit");
    let mut command = sandbox.command(binary());
    command
        .args(["test", "--watch"])
        .stdout(Stdio::null())
        .stderr(fs::File::create(sandbox.dir.path().join("watch.err")).unwrap());
    let mut child = command.spawn().unwrap();
    let timeout = Duration::from_secs(20);
    wait_for("the first run", timeout, || lines(&log) == 1);
    // Let the watcher settle, then touch an ignored file and git's own files: no rerun.
    std::thread::sleep(Duration::from_millis(800));
    sandbox.write("build/out.o", "binary\n");
    sandbox.git(["notes", "--ref=scratch", "add", "-m", "x", "HEAD"]);
    std::thread::sleep(Duration::from_millis(1500));
    let watched = || fs::read_to_string(sandbox.dir.path().join("watch.err")).unwrap();
    assert_eq!(lines(&log), 1, "{}", watched());
    // Two quick changes to tracked files: one rerun.
    sandbox.write("app.js", "changed\n");
    sandbox.write("README.md", "changed\n");
    wait_for("the rerun", timeout, || lines(&log) == 2);
    std::thread::sleep(Duration::from_millis(1200));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(lines(&log), 2);
    // The working tree differed from HEAD: only the first run was recorded.
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["tests"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn another_hotfix_or_a_closed_one_is_not_credited_with_heads_tests() {
    let sandbox = Sandbox::new();
    let first = sandbox.start("first", &["--severity", "P2"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.git(["switch", "--quiet", "main"]);
    sandbox.start("second", &["--severity", "P2"]);
    let assert = sandbox.hotfix(["test", "--id", &first]).code(1);
    assert!(
        crate::common::stderr(&assert)
            .contains("HEAD is not on HOTFIX-001's branch 'hotfix/first'"),
        "{}",
        crate::common::stderr(&assert)
    );
    assert!(sandbox.metadata(&first).get("tests").is_none());
}

#[test]
fn status_says_to_finish_once_the_tests_pass_on_the_tip() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let next = |s: &Sandbox| {
        let json = crate::common::stdout(&s.hotfix(["status", "--json"]).success());
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["next_step"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        next(&sandbox).starts_with("run the tests"),
        "{}",
        next(&sandbox)
    );
    sandbox.hotfix(["test"]).success();
    assert!(
        next(&sandbox).starts_with("the tests pass on the tip"),
        "{}",
        next(&sandbox)
    );
}

#[test]
fn a_push_refused_for_want_of_a_test_command_says_to_set_one_not_to_commit() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    sandbox.commit(
        "app.js",
        &crate::common::fixed_app("HOTFIX-001"),
        &["-m", "HOTFIX-001: Deny by default"],
    );
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(!push.status.success());
    let err = crate::common::stderr(&push);
    assert!(
        err.contains("no test command is configured and none could be detected"),
        "{err}"
    );
    assert!(
        err.contains(
            "set one with 'git config hotfix.testCommand \"<command>\"' (or opt out with \
             'git config hotfix.testCommand none'), then run the same command or push \
             again: nothing needs committing"
        ),
        "{err}"
    );
}
