//! Attacks on `test --affected` and on the reuse of a pass across changes no test depends on:
//! a second clone pushes the crafted commit where it would come from someone else, and the
//! victim's clone tests or finishes. A pass must hold only for the code it ran on, and nothing
//! in the tree's names may reach a test runner as an option.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};

use crate::common::{Sandbox, stderr};

/// The attacker's clone, on the victim's pushed hotfix branch.
fn attacker(victim: &Sandbox) -> Sandbox {
    victim.git(["push", "--quiet", "origin", "hotfix/auth"]);
    let attacker = victim.clone_named("attacker");
    attacker.git(["config", "user.name", "Mallory"]);
    attacker.git(["switch", "--quiet", "hotfix/auth"]);
    attacker
}

/// Commits everything in the attacker's clone as plain git can and pushes it; the victim
/// pulls it.
/// Commits `paths` on the checked-out branch and pushes main, as the project had it.
fn publish(victim: &Sandbox, paths: &[&str], message: &str) {
    let mut add = vec!["add"];
    add.extend(paths);
    victim.git(add);
    victim.git(["commit", "--quiet", "-m", message]);
    victim.git(["push", "--quiet", "origin", "main"]);
}

/// A fixed hotfix whose suite, `command`, passed on its tip.
fn passing_hotfix(victim: &Sandbox, command: &str) -> String {
    let id = victim.fixed_hotfix("auth", &[]);
    victim.git(["config", "hotfix.testCommand", command]);
    victim.hotfix(["test"]).success();
    id
}

fn push_as_attacker(attacker: &Sandbox, victim: &Sandbox, message: &str) {
    attacker.git(["add", "--all"]);
    attacker.git(["commit", "--quiet", "--no-verify", "-m", message]);
    attacker.git(["push", "--quiet", "origin", "hotfix/auth"]);
    victim.git(["pull", "--quiet", "--ff-only", "origin", "hotfix/auth"]);
}

/// Finish refuses because the suite, run again, fails: no pass was carried over.
fn assert_finish_runs_the_failing_suite(victim: &Sandbox) {
    let finish = victim.hotfix(["finish", "--yes"]).failure();
    let err = stderr(&finish);
    assert!(!err.contains("reused the pass"), "{err}");
    assert!(err.contains("the tests fail on"), "{err}");
}

/// Sets a full suite that only logs `full` to a file of the sandbox; returns the file.
/// The project has `files`; the hotfix's suite passed; a second clone changes only `path`
/// (to `text`): the victim's finish runs the full suite again.
fn assert_changing_only_reruns(files: &[(&str, &str)], (path, text): (&str, &str)) {
    let victim = Sandbox::new();
    for (file, content) in files {
        victim.write(file, content);
    }
    let paths: Vec<&str> = files.iter().map(|(file, _)| *file).collect();
    publish(&victim, &paths, "Add the files");
    let id = victim.fixed_hotfix("auth", &[]);
    let log = log_full_suite(&victim);
    victim.hotfix(["test"]).success();
    let mallory = attacker(&victim);
    mallory.write(path, text);
    push_as_attacker(&mallory, &victim, &format!("{id}: Reword {path}"));
    assert_finish_runs_the_full_suite_again(&victim, &log);
}

/// Finish reuses no pass: the full suite, logged to `log`, runs a second time.
fn assert_finish_runs_the_full_suite_again(victim: &Sandbox, log: &std::path::Path) {
    let finish = victim.hotfix(["finish", "--yes"]).success();
    assert!(
        !stderr(&finish).contains("reused the pass"),
        "{}",
        stderr(&finish)
    );
    assert_eq!(fs::read_to_string(log).unwrap(), "full\nfull\n");
}

fn log_full_suite(victim: &Sandbox) -> std::path::PathBuf {
    let log = victim.dir.path().join("full.log");
    victim.git([
        "config",
        "hotfix.testCommand",
        &format!("echo full >> '{}'", log.display()),
    ]);
    log
}

#[test]
fn a_lost_executable_bit_beside_a_changelog_entry_runs_the_suite_again() {
    let victim = Sandbox::new();
    let id = victim.fixed_hotfix("auth", &[]);
    victim.write("check", "#!/bin/sh\nexit 0\n");
    fs::set_permissions(victim.work.join("check"), fs::Permissions::from_mode(0o755)).unwrap();
    victim.git(["add", "check"]);
    victim.git(["commit", "--quiet", "-m", &format!("{id}: Add the check")]);
    victim.git(["config", "hotfix.testCommand", "./check"]);
    victim.hotfix(["test"]).success();

    // The same bytes, no longer executable: only the mode differs, and the changelog.
    let mallory = attacker(&victim);
    fs::set_permissions(
        mallory.work.join("check"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    mallory.write("CHANGELOG.md", "# Changelog\n\n- Deny by default\n");
    push_as_attacker(&mallory, &victim, &format!("{id}: Note the fix"));

    assert_finish_runs_the_failing_suite(&victim);
}

#[test]
fn a_docs_file_that_a_symlink_makes_code_is_not_ignored() {
    let victim = Sandbox::new();
    victim.write("docs/check.md", "exit 0\n");
    fs::create_dir_all(victim.work.join("ci")).unwrap();
    symlink("../docs/check.md", victim.work.join("ci/check.sh")).unwrap();
    publish(&victim, &["docs", "ci"], "Add the check");
    let id = passing_hotfix(&victim, "sh ci/check.sh");

    // A Markdown path, but the suite runs it through the link.
    let mallory = attacker(&victim);
    mallory.write("docs/check.md", "exit 1\n");
    push_as_attacker(&mallory, &victim, &format!("{id}: Document the check"));

    assert_finish_runs_the_failing_suite(&victim);
}

#[test]
fn pytest_is_never_handed_a_test_file_as_a_file_of_arguments() {
    let victim = Sandbox::new();
    victim.write("pytest.ini", "[pytest]\n");
    publish(&victim, &["pytest.ini"], "Test with pytest");
    let id = victim.start("auth", &["--severity", "P0"]);
    // pytest reads `@path` as a file of options; a stub stands in for it and logs its words.
    let stub = victim.dir.path().join("bin/pytest");
    let log = victim.dir.path().join("pytest.log");
    fs::create_dir_all(stub.parent().unwrap()).unwrap();
    victim.script(
        &stub,
        &format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", log.display()),
    );
    victim.git(["config", "hotfix.testCommand", &stub.display().to_string()]);

    let mallory = attacker(&victim);
    mallory.write(
        "@cases/test_login.py",
        "--override-ini=python_files=*.txt\n",
    );
    push_as_attacker(&mallory, &victim, &format!("{id}: Add login cases"));

    let run = victim.hotfix(["test", "--affected"]).success();
    assert_eq!(
        fs::read_to_string(&log).unwrap(),
        "./@cases/test_login.py\n",
        "{}",
        stderr(&run)
    );
}

#[test]
fn thousands_of_python_modules_importing_in_a_chain_and_a_cycle_reach_the_test() {
    let victim = Sandbox::new();
    let modules = 1000;
    victim.write("pytest.ini", "[pytest]\n");
    // m0 imports m1, which imports m2, …; the last imports m0 again.
    for n in 0..modules {
        let next = (n + 1) % modules;
        victim.write(
            &format!("shop/m{n}.py"),
            &format!("from shop import m{next}\n"),
        );
    }
    victim.write("tests/test_shop.py", "import shop.m0\n");
    victim.write("tests/test_other.py", "import os\n");
    victim.git(["add", "--all"]);
    victim.git(["commit", "--quiet", "--no-verify", "-m", "Add the shop"]);
    victim.git(["push", "--quiet", "origin", "main"]);
    let id = victim.start("auth", &["--severity", "P0"]);

    let mallory = attacker(&victim);
    mallory.write(
        &format!("shop/m{}.py", modules - 1),
        "from shop import m0\nX = 1\n",
    );
    push_as_attacker(&mallory, &victim, &format!("{id}: Change the last module"));

    let log = victim.dir.path().join("pytest.log");
    let stub = victim.dir.path().join("bin/pytest");
    fs::create_dir_all(stub.parent().unwrap()).unwrap();
    victim.script(
        &stub,
        &format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", log.display()),
    );
    victim.git(["config", "hotfix.testCommand", &stub.display().to_string()]);
    victim.hotfix(["test", "--affected"]).success();
    assert_eq!(fs::read_to_string(&log).unwrap(), "tests/test_shop.py\n");
}

#[test]
fn a_changed_jest_config_runs_the_full_suite() {
    let victim = Sandbox::new();
    victim.write(
        "package.json",
        "{\"name\": \"shop\", \"scripts\": {\"test\": \"jest\"}, \"devDependencies\": {\"jest\": \"*\"}}\n",
    );
    victim.write("jest.config.js", "module.exports = {};\n");
    victim.git(["add", "."]);
    victim.git(["commit", "--quiet", "--no-verify", "-m", "Test with jest"]);
    victim.git(["push", "--quiet", "origin", "main"]);
    let id = victim.start("auth", &["--severity", "P0"]);
    let log = log_full_suite(&victim);

    // No test is related to the runner's configuration, yet it decides what every test does.
    let mallory = attacker(&victim);
    mallory.write("jest.config.js", "module.exports = { testMatch: [] };\n");
    push_as_attacker(&mallory, &victim, &format!("{id}: Tune the tests"));

    let run = victim.hotfix(["test", "--affected"]).success();
    assert!(
        stderr(&run).contains("Running the full suite: jest.config.js changed"),
        "{}",
        stderr(&run)
    );
    assert_eq!(fs::read_to_string(&log).unwrap(), "full\n");
}

#[test]
fn a_readme_the_code_builds_in_is_not_ignored() {
    // The README's examples are doctests of the crate: a change there is a change of its tests.
    assert_changing_only_reruns(
        &[
            ("README.md", "# Shop\n\n```\nassert!(true);\n```\n"),
            ("src/lib.rs", "#![doc = include_str!(\"../README.md\")]\n"),
        ],
        ("README.md", "# Shop\n\n```\nassert!(false);\n```\n"),
    );
}

#[test]
fn a_changed_pytest_configuration_beside_a_node_package_runs_the_full_suite() {
    let victim = Sandbox::new();
    victim.write(
        "package.json",
        "{\"name\": \"shop\", \"devDependencies\": {\"jest\": \"*\"}}\n",
    );
    victim.write("pytest.ini", "[pytest]\n");
    victim.write("tests/test_shop.py", "def test_shop():\n    assert True\n");
    victim.git(["add", "."]);
    victim.git([
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        "Test with jest and pytest",
    ]);
    victim.git(["push", "--quiet", "origin", "main"]);
    let id = victim.start("auth", &["--severity", "P0"]);
    let log = log_full_suite(&victim);

    // The root package owns the file, but it is pytest's: it decides what every test does.
    let mallory = attacker(&victim);
    mallory.write("pytest.ini", "[pytest]\naddopts = -k nothing\n");
    push_as_attacker(&mallory, &victim, &format!("{id}: Tune the tests"));

    let run = victim.hotfix(["test", "--affected"]).success();
    assert!(
        stderr(&run).contains("Running the full suite: pytest.ini is not Python source"),
        "{}",
        stderr(&run)
    );
    assert_eq!(fs::read_to_string(&log).unwrap(), "full\n");
}

#[test]
fn watch_names_a_changed_file_escaped() {
    let victim = Sandbox::new();
    let id = victim.fixed_hotfix("auth", &[]);
    let mallory = attacker(&victim);
    let name = "x\u{1b}]0;owned\u{7}\u{1b}[2J.js";
    mallory.write(name, "// HOTFIX: HOTFIX-001 - More\n");
    mallory.git(["add", "--all"]);
    mallory.git([
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        &format!("{id}: More"),
    ]);
    mallory.git(["push", "--quiet", "origin", "hotfix/auth"]);

    let err = victim.dir.path().join("watch.err");
    let mut child = victim
        .command(crate::common::binary())
        .args(["test", "--watch"])
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let watched = || fs::read_to_string(&err).unwrap_or_default();
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let started = std::time::Instant::now();
        while !done() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "timed out waiting for {what}: {}",
                watched()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for("the first round", &|| watched().contains("Watching "));
    // The attacker's files, taken into the working tree without moving HEAD.
    victim.git(["fetch", "--quiet", "origin", "hotfix/auth"]);
    victim.git(["checkout", "FETCH_HEAD", "--", "."]);
    wait_for("the rerun", &|| watched().contains("running again"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!watched().contains('\u{1b}'), "{:?}", watched());
}

#[test]
fn a_docs_file_a_link_reaches_through_a_linked_directory_is_not_ignored() {
    let victim = Sandbox::new();
    victim.write("lib/check.md", "exit 0\n");
    victim.write("lib/src/run.sh", "exit 0\n");
    fs::create_dir_all(victim.work.join("ci")).unwrap();
    // docs is lib/src, so docs/.. is lib: the link leads to lib/check.md, not check.md.
    symlink("lib/src", victim.work.join("docs")).unwrap();
    symlink("../docs/../check.md", victim.work.join("ci/check.sh")).unwrap();
    publish(&victim, &["lib", "docs", "ci"], "Add the check");
    let id = passing_hotfix(&victim, "sh ci/check.sh");

    let mallory = attacker(&victim);
    mallory.write("lib/check.md", "exit 1\n");
    push_as_attacker(&mallory, &victim, &format!("{id}: Document the check"));

    assert_finish_runs_the_failing_suite(&victim);
}

#[test]
fn watch_takes_an_uncommitted_link_for_what_it_leads_to() {
    let victim = Sandbox::new();
    victim.write("ci/steps.txt", "exit 0\n");
    publish(&victim, &["ci"], "Add the steps");
    victim.start("auth", &["--severity", "P0"]);
    victim.git(["config", "hotfix.testCommand", "sh ci/steps.txt"]);
    // Uncommitted: the steps, a text file by name, become a link to a Markdown file that fails.
    victim.write("docs/steps.md", "exit 1\n");
    fs::remove_file(victim.work.join("ci/steps.txt")).unwrap();
    symlink("../docs/steps.md", victim.work.join("ci/steps.txt")).unwrap();

    let err = victim.dir.path().join("watch.err");
    let mut child = victim
        .command(crate::common::binary())
        .args(["test", "--watch"])
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let watched = || fs::read_to_string(&err).unwrap_or_default();
    let started = std::time::Instant::now();
    while !watched().contains("Watching ") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "timed out waiting for the first round: {}",
            watched()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let out = watched();
    assert!(!out.contains("No test is affected"), "{out}");
    assert!(out.contains("FAILED"), "{out}");
}

#[test]
fn a_changed_submodule_at_an_ignored_path_runs_the_suite_again() {
    let victim = Sandbox::new();
    let (first, second) = (victim.rev("v2.0.0"), victim.rev("v2.0.1"));
    let gitlink = |sandbox: &Sandbox, commit: &str| {
        sandbox.git([
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{commit},docs/theme"),
        ]);
    };
    gitlink(&victim, &first);
    victim.git(["commit", "--quiet", "-m", "Add the docs theme"]);
    victim.git(["push", "--quiet", "origin", "main"]);
    let id = victim.fixed_hotfix("auth", &[]);
    victim.git(["config", "hotfix.testIgnore", "docs/**"]);
    let log = log_full_suite(&victim);
    victim.hotfix(["test"]).success();

    // Under an ignored directory, but another repository's commit: what it holds is unknown.
    let mallory = attacker(&victim);
    gitlink(&mallory, &second);
    mallory.git([
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        &format!("{id}: Update the docs theme"),
    ]);
    mallory.git(["push", "--quiet", "origin", "hotfix/auth"]);
    victim.git(["pull", "--quiet", "--ff-only", "origin", "hotfix/auth"]);

    assert_finish_runs_the_full_suite_again(&victim, &log);
}

#[test]
fn a_text_file_of_a_python_package_is_not_ignored() {
    // Markdown by name, but the package reads it at run time: its tests may check the text.
    assert_changing_only_reruns(
        &[
            (
                "shop/__init__.py",
                "from pathlib import Path\n\nHELP = (Path(__file__).parent / \"templates\" / \"help.md\").read_text()\n",
            ),
            ("shop/templates/help.md", "Log in with your email.\n"),
        ],
        ("shop/templates/help.md", "{{ broken\n"),
    );
}

#[test]
fn a_text_file_a_script_reads_by_an_ordinary_call_is_not_ignored() {
    // Text by name, but the code prints it: a test checking the usage sees the change.
    assert_changing_only_reruns(
        &[
            (
                "cli.js",
                "const fs = require(\"fs\");\nconst usage = fs.readFileSync(\"usage.txt\", \"utf8\");\nmodule.exports = () => usage;\n",
            ),
            ("usage.txt", "usage: shop <item>\n"),
        ],
        ("usage.txt", "usage: shop --delete-everything\n"),
    );
}

#[test]
fn a_text_file_rust_opens_through_a_variable_is_not_ignored() {
    assert_changing_only_reruns(
        &[
            (
                "src/usage.rs",
                "const USAGE: &str = \"docs/usage.txt\";\n\npub fn usage() -> std::io::Result<std::fs::File> {\n    std::fs::File::open(USAGE)\n}\n",
            ),
            ("docs/usage.txt", "usage: shop <item>\n"),
        ],
        ("docs/usage.txt", "usage: shop --delete-everything\n"),
    );
}

#[test]
fn a_text_file_the_test_command_names_is_not_ignored() {
    let victim = Sandbox::new();
    victim.write("expected.txt", "usage: shop <item>\n");
    victim.write("out.txt", "usage: shop <item>\n");
    publish(&victim, &["expected.txt", "out.txt"], "Check the usage");
    let id = victim.fixed_hotfix("auth", &[]);
    victim.git([
        "config",
        "hotfix.testCommand",
        "diff -u expected.txt out.txt",
    ]);
    victim.hotfix(["test"]).success();

    // The suite compares the two: a changed expectation fails it, and finish must see that.
    let mallory = attacker(&victim);
    mallory.write("expected.txt", "usage: shop --delete-everything\n");
    push_as_attacker(&mallory, &victim, &format!("{id}: Reword the usage"));

    assert_finish_runs_the_failing_suite(&victim);
}

#[test]
fn a_text_file_a_script_of_the_test_command_reads_is_not_ignored() {
    let victim = Sandbox::new();
    victim.write("check", "#!/bin/sh\ngrep -q '<item>' usage.txt\n");
    fs::set_permissions(victim.work.join("check"), fs::Permissions::from_mode(0o755)).unwrap();
    victim.write("usage.txt", "usage: shop <item>\n");
    publish(&victim, &["check", "usage.txt"], "Check the usage");
    let id = victim.fixed_hotfix("auth", &[]);
    victim.git(["config", "hotfix.testCommand", "./check"]);
    victim.hotfix(["test"]).success();

    // The script has no extension: it is read because the command runs it.
    let mallory = attacker(&victim);
    mallory.write("usage.txt", "usage: shop --delete-everything\n");
    push_as_attacker(&mallory, &victim, &format!("{id}: Reword the usage"));

    assert_finish_runs_the_failing_suite(&victim);
}
