//! Fitting the projects people have: their language's comment syntax in every suggestion,
//! the obvious hotfix when none is named, their maintenance branch names, a forge that lacks
//! the labels or reviewers a pull request asks for, and the words people use.

use crate::common::{Sandbox, stderr, stdout};

/// A Python library as people publish it: `pyproject.toml` with a dynamic version, the package
/// under `src/`, tests under `tests/`, a reStructuredText changelog, tags without a `v`.
fn python_library() -> Sandbox {
    let root = Sandbox::empty();
    let root = root.in_dir(root.dir.path());
    root.git(["init", "--quiet", "--bare", "origin.git"]);
    root.git(["clone", "--quiet", "origin.git", "work"]);
    let sandbox = root.in_dir("work");
    sandbox.write(
        "pyproject.toml",
        "[project]\nname = \"parcel\"\ndynamic = [\"version\"]\n\n[tool.setuptools.dynamic]\nversion = {attr = \"parcel.__version__\"}\n",
    );
    sandbox.write("src/parcel/__init__.py", "__version__ = \"3.0.4\"\n");
    sandbox.write(
        "src/parcel/core.py",
        "def parse(text):\n    return text.split()\n",
    );
    sandbox.write("tests/test_core.py", "def test_parse():\n    pass\n");
    sandbox.write("docs/conf.js", "// a docs theme tweak\n");
    sandbox.write("CHANGELOG.rst", "Changelog\n=========\n");
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "-m", "Release 3.0.4"]);
    sandbox.git(["tag", "-a", "3.0.4", "-m", "Release 3.0.4"]);
    sandbox.git(["branch", "develop"]);
    sandbox.git(["config", "hotfix.tagFormat", "{version}"]);
    sandbox.git(["push", "--quiet", "origin", "main", "develop", "--tags"]);
    sandbox
}

#[test]
fn start_and_the_rules_suggest_comments_in_the_projects_language() {
    let sandbox = python_library();
    let out = stdout(
        &sandbox
            .hotfix(["start", "parse", "--yes", "--no-fetch", "--severity", "P1"])
            .success(),
    );
    assert!(
        out.contains("\n       # HOTFIX: HOTFIX-001 - Parse\n"),
        "{out}"
    );
    assert!(!out.contains("// HOTFIX"), "{out}");

    sandbox.commit(
        "src/parcel/core.py",
        "def parse(text):\n    return (text or '').split()\n",
        &["--no-verify", "-m", "HOTFIX-001: Parse None"],
    );
    let err = stderr(&sandbox.hotfix(["verify"]).code(1));
    assert!(
        err.contains(
            "add a comment such as '# HOTFIX: HOTFIX-001 - <what and why>' next to the change\n"
        ),
        "{err}"
    );

    sandbox.commit(
        "templates/page.html",
        "<p>{{ text }}</p>\n",
        &["--no-verify", "-m", "HOTFIX-001: Escape the page"],
    );
    let err = stderr(&sandbox.hotfix(["verify"]).code(1));
    assert!(
        err.contains("add a comment such as '# HOTFIX: HOTFIX-001 - <what and why>' next to the change in src/parcel/core.py, and one in each other file's own syntax\n"),
        "{err}"
    );
}

#[test]
fn a_project_without_a_manifest_is_known_by_most_of_its_files() {
    let root = Sandbox::empty();
    let root = root.in_dir(root.dir.path());
    root.git(["init", "--quiet", "--bare", "origin.git"]);
    root.git(["clone", "--quiet", "origin.git", "work"]);
    let sandbox = root.in_dir("work");
    for name in ["install", "backup", "restore"] {
        sandbox.write(&format!("bin/{name}.sh"), "#!/bin/sh\necho ok\n");
    }
    sandbox.write("lib/query.sql", "select 1;\n");
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "-m", "Scripts"]);
    sandbox.git(["branch", "develop"]);
    sandbox.git(["push", "--quiet", "origin", "main", "develop"]);
    let out = stdout(
        &sandbox
            .hotfix(["start", "backup", "--yes", "--no-fetch"])
            .success(),
    );
    assert!(
        out.contains("\n       # HOTFIX: HOTFIX-001 - Backup\n"),
        "{out}"
    );
}

#[test]
fn a_version_is_named_once_when_tags_have_no_prefix() {
    let sandbox = python_library();
    sandbox.start("parse", &["--severity", "P1"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.commit(
        "src/parcel/core.py",
        "# HOTFIX: HOTFIX-001 - Parse None\ndef parse(text):\n    return (text or '').split()\n",
        &["-m", "HOTFIX-001: Parse None"],
    );
    let notes = stdout(&sandbox.hotfix(["release-notes"]).success());
    assert!(
        notes.starts_with("# Hotfix release 3.0.5: HOTFIX-001 - Parse\n"),
        "{notes}"
    );
    let plan = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(plan.contains("tag 3.0.5 on "), "{plan}");
    assert!(!plan.contains("3.0.5 as 3.0.5"), "{plan}");

    sandbox.hotfix(["test"]).success();
    let checklist = stdout(&sandbox.hotfix(["checklist"]).success());
    let tip = sandbox.rev("HEAD");
    assert!(
        checklist.contains(&format!("'true' passed on the tip ({})", &tip[..7])),
        "{checklist}"
    );
}
