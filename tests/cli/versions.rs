//! The release's version set where the project keeps it, on layouts copied from real
//! projects: one commit on the hotfix branch before the merge, by `finish` or earlier by
//! `release-notes --changelog`, outside the rules, undone by `finish --abort`.

use crate::common::layouts::{
    Layout, cargo_workspace, keep_a_changelog, npm_package, python_dynamic_version,
};
use crate::common::{Sandbox, fixed_app, stderr, stdout};

/// A hotfix started on `layout` with a fix committed at `path`.
fn fixed_in(layout: &Layout, path: &str) -> Sandbox {
    let sandbox = Sandbox::project(layout);
    sandbox.start("rounding", &["--severity", "P1"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.commit(
        path,
        &fixed_app("HOTFIX-001"),
        &["-m", "HOTFIX-001: Deny by default"],
    );
    sandbox
}

/// The files the commit `rev` changes.
fn files_of(sandbox: &Sandbox, rev: &str) -> Vec<String> {
    sandbox
        .git(["show", "--name-only", "--format=", rev])
        .lines()
        .map(str::to_string)
        .collect()
}

/// The commit on the released code that set the version: its subject and its files.
fn version_commit(sandbox: &Sandbox) -> (String, Vec<String>) {
    let id = sandbox
        .git(["log", "--format=%H", "--grep=Set the version", "v2.0.2"])
        .trim()
        .to_string();
    assert!(!id.is_empty(), "no version commit in v2.0.2");
    let subject = sandbox
        .git(["log", "-1", "--format=%s", &id])
        .trim()
        .to_string();
    (subject, files_of(sandbox, &id))
}

#[test]
fn a_cargo_workspace_gets_its_inherited_version_and_lock_entries_set() {
    let sandbox = fixed_in(&cargo_workspace(), "crates/acme-core/src/lib.rs");
    let plan = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(
        plan.contains(
            "set the version to 2.0.2 in Cargo.lock, Cargo.toml and commit it on hotfix/rounding"
        ),
        "{plan}"
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    let (subject, files) = version_commit(&sandbox);
    assert_eq!(subject, "HOTFIX-001: Set the version to 2.0.2");
    assert_eq!(files, ["Cargo.lock", "Cargo.toml"]);
    let manifest = sandbox.git(["show", "v2.0.2:Cargo.toml"]);
    assert!(
        manifest.contains("[workspace.package]\nversion = \"2.0.2\" # the release\n"),
        "{manifest}"
    );
    assert!(
        manifest.contains("acme-core = { path = \"crates/acme-core\", version = \"2.0.1\" }"),
        "a requirement is not the package's version: {manifest}"
    );
    let lock = sandbox.git(["show", "v2.0.2:Cargo.lock"]);
    assert!(
        lock.contains("name = \"acme-cli\"\nversion = \"2.0.2\"\n"),
        "{lock}"
    );
    assert!(
        lock.contains("name = \"acme-core\"\nversion = \"2.0.2\"\n"),
        "{lock}"
    );
    assert!(
        lock.contains("name = \"serde\"\nversion = \"1.0.200\"\n"),
        "{lock}"
    );
    // The members that inherit the version are untouched.
    assert_eq!(
        sandbox.git(["show", "v2.0.2:crates/acme-core/Cargo.toml"]),
        sandbox.git(["show", "v2.0.1:crates/acme-core/Cargo.toml"])
    );
}

#[test]
fn an_npm_package_and_its_lock_file_get_the_version_and_a_stale_one_is_named() {
    let mut layout = npm_package();
    layout[0].1 = layout[0]
        .1
        .replace("\"version\": \"2.0.1\"", "\"version\": \"2.0.0\"");
    let sandbox = fixed_in(&layout, "app.js");
    let finished = sandbox.hotfix(["finish", "--yes"]).success();
    let err = stderr(&finished);
    assert!(
        err.contains("package.json states version 2.0.0, not 2.0.1 (the previous release); it is set to 2.0.2"),
        "{err}"
    );
    let (_, files) = version_commit(&sandbox);
    assert_eq!(files, ["package-lock.json", "package.json"]);
    let summary = stdout(&finished);
    assert!(
        summary.contains("  version   2.0.2 set in package-lock.json, package.json\n"),
        "{summary}"
    );
    let manifest = sandbox.git(["show", "v2.0.2:package.json"]);
    assert_eq!(manifest, layout[0].1.replace("2.0.0", "2.0.2"));
    let lock = sandbox.git(["show", "v2.0.2:package-lock.json"]);
    assert_eq!(lock, layout[1].1.replacen("2.0.1", "2.0.2", 2));
    assert!(
        lock.contains("\"version\": \"2.1.3\""),
        "the dependency is kept"
    );
}

#[test]
fn a_dynamic_python_version_is_set_by_release_notes_once_and_stays_outside_the_rules() {
    let sandbox = fixed_in(&python_dynamic_version(), "src/acme_auth/app.js");
    let out = stdout(&sandbox.hotfix(["release-notes", "--changelog"]).success());
    assert!(
        out.starts_with(
            "Set the version to 2.0.2 in src/acme_auth/__about__.py and committed it as "
        ),
        "{out}"
    );
    assert_eq!(
        sandbox.read("src/acme_auth/__about__.py"),
        "# SPDX-License-Identifier: MIT\n__version__ = \"2.0.2\"\n"
    );
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", "HEAD~1"]).trim(),
        "HOTFIX-001: Set the version to 2.0.2"
    );
    // No budget, no HOTFIX comment, not a change of the release.
    sandbox.git(["config", "hotfix.maxFiles", "1"]);
    sandbox.hotfix(["verify"]).success();
    let notes: serde_json::Value = serde_json::from_str(&stdout(
        &sandbox.hotfix(["release-notes", "--json"]).success(),
    ))
    .unwrap();
    assert_eq!(notes["changes"], serde_json::json!(["Deny by default"]));
    // Finish finds nothing left to set.
    let plan = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(!plan.contains("set the version"), "{plan}");
}

#[test]
fn a_refused_changelog_sets_no_version_either() {
    let mut layout = npm_package();
    layout.extend(keep_a_changelog());
    let sandbox = fixed_in(&layout, "app.js");
    let head = sandbox.rev("HEAD");
    sandbox.write("CHANGELOG.md", "# Changelog\n\nwork in progress\n");
    let err = stderr(&sandbox.hotfix(["release-notes", "--changelog"]).code(1));
    assert!(
        err.contains("CHANGELOG.md has uncommitted changes"),
        "{err}"
    );
    assert_eq!(sandbox.rev("HEAD"), head, "nothing committed");
    assert!(
        sandbox
            .read("package.json")
            .contains("\"version\": \"2.0.1\"")
    );

    sandbox.git(["checkout", "--quiet", "--", "CHANGELOG.md"]);
    let out = stdout(&sandbox.hotfix(["release-notes", "--changelog"]).success());
    assert!(
        out.starts_with(
            "Set the version to 2.0.2 in package-lock.json, package.json and committed it as "
        ),
        "{out}"
    );
    assert!(
        out.contains("\nAdded 2.0.2 to CHANGELOG.md and committed it on hotfix/rounding as "),
        "{out}"
    );
}

#[test]
fn a_go_module_has_no_version_to_set() {
    let layout: Layout = vec![(
        "go.mod",
        "module example.com/acme/api\n\ngo 1.22\n".to_string(),
    )];
    let sandbox = fixed_in(&layout, "app.js");
    let plan = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(plan.contains("merge hotfix/rounding into main"), "{plan}");
    assert!(!plan.contains("set the version"), "{plan}");
}

#[test]
fn finish_abort_takes_the_version_commit_back() {
    let sandbox = fixed_in(&npm_package(), "app.js");
    let tip = sandbox.rev("hotfix/rounding");
    // develop changed the fixed file too: the merge back stops on a conflict.
    sandbox.git(["checkout", "--quiet", "develop"]);
    sandbox.commit(
        "app.js",
        "function login() {\n  return null;\n}\n",
        &["-m", "Rework login"],
    );
    sandbox.git(["checkout", "--quiet", "hotfix/rounding"]);
    sandbox.hotfix(["finish", "--yes"]).code(3);
    assert_ne!(
        sandbox.rev("hotfix/rounding"),
        tip,
        "the version is committed"
    );
    assert_eq!(
        sandbox
            .git(["log", "-1", "--format=%s", "hotfix/rounding"])
            .trim(),
        "HOTFIX-001: Set the version to 2.0.2"
    );
    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.rev("hotfix/rounding"), tip);
    assert!(
        sandbox
            .read("package.json")
            .contains("\"version\": \"2.0.1\"")
    );
}

#[test]
fn a_finish_killed_between_the_version_commit_and_its_state_is_aborted_exactly() {
    let sandbox = fixed_in(&cargo_workspace(), "crates/acme-core/src/lib.rs");
    let refs = sandbox.refs();
    sandbox.killed_at("finish:set-version:unsaved", &["finish", "--yes"]);
    assert_ne!(sandbox.refs(), refs, "the version commit was made");
    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.refs(), refs);
    assert!(sandbox.read("Cargo.toml").contains("version = \"2.0.1\""));
}

#[test]
fn a_finish_killed_after_the_version_commit_continues_without_a_second_one() {
    let sandbox = fixed_in(&cargo_workspace(), "crates/acme-core/src/lib.rs");
    sandbox.killed_at("finish:set-version", &["finish", "--yes"]);
    sandbox.hotfix(["finish", "--continue"]).success();
    let subjects = sandbox.git(["log", "--format=%s", "v2.0.1..v2.0.2"]);
    assert_eq!(
        subjects.matches("Set the version to 2.0.2").count(),
        1,
        "{subjects}"
    );
    assert!(
        sandbox
            .git(["show", "v2.0.2:Cargo.toml"])
            .contains("version = \"2.0.2\"")
    );
}

#[test]
fn a_pull_request_carries_the_version_commit() {
    let sandbox = fixed_in(&npm_package(), "app.js");
    let stubs = sandbox.dir.path().join("stubs");
    sandbox.script(
        &stubs.join("gh"),
        "#!/bin/sh\necho https://github.com/acme/app/pull/7\n",
    );
    let sandbox = sandbox.with_env("PATH", sandbox.path_with(&[&stubs]));
    let plan = stdout(&sandbox.hotfix(["finish", "--pr", "--dry-run"]).success());
    assert!(
        plan.contains("  1. set the version to 2.0.2 in package-lock.json, package.json and commit it on hotfix/rounding\n  2. push the branch:"),
        "{plan}"
    );
    sandbox.hotfix(["finish", "--pr"]).success();
    assert_eq!(
        sandbox
            .git(["log", "-1", "--format=%s", "origin/hotfix/rounding"])
            .trim(),
        "HOTFIX-001: Set the version to 2.0.2"
    );
    assert!(
        sandbox
            .git(["show", "origin/hotfix/rounding:package.json"])
            .contains("\"version\": \"2.0.2\"")
    );
}

#[test]
fn hotfix_version_files_names_the_files_or_turns_it_off() {
    let mut layout = npm_package();
    layout.push(("deploy/VERSION.txt", "release 2.0.1\n".to_string()));
    let sandbox = fixed_in(&layout, "app.js");
    sandbox.git(["config", "hotfix.versionFiles", "none"]);
    let plan = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(!plan.contains("set the version"), "{plan}");

    sandbox.git(["config", "hotfix.versionFiles", "deploy/VERSION.txt"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    let (_, files) = version_commit(&sandbox);
    assert_eq!(files, ["deploy/VERSION.txt"]);
    assert_eq!(
        sandbox.git(["show", "v2.0.2:deploy/VERSION.txt"]),
        "release 2.0.2\n"
    );
    assert!(
        sandbox
            .git(["show", "v2.0.2:package.json"])
            .contains("2.0.1")
    );
}

#[test]
fn a_backport_leaves_the_version_commit_behind_but_never_a_fix_disguised_as_one() {
    let sandbox = fixed_in(&npm_package(), "app.js");
    // The maintenance line keeps its own version, 2.0.1, in package.json.
    sandbox.git(["branch", "release/2.0", "main"]);
    // A second commit whose subject claims to set the version but changes code too.
    sandbox.write(
        "package.json",
        &sandbox.read("package.json").replace("2.0.1", "2.0.9"),
    );
    sandbox.commit(
        "guard.js",
        "// HOTFIX: HOTFIX-001 - Refuse by default\nmodule.exports = () => false;\n",
        &["-a", "-m", "HOTFIX-001: Set the version to 2.0.9"],
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    let released = sandbox.git(["log", "--format=%s", "v2.0.2"]);
    assert!(
        released.contains("HOTFIX-001: Set the version to 2.0.2"),
        "{released}"
    );

    sandbox
        .hotfix(["backport", "--onto", "release/2.0", "--yes"])
        .success();
    let line = "hotfix/rounding-release-2.0";
    let picked = sandbox.git(["log", "--format=%s", &format!("release/2.0..{line}")]);
    assert!(picked.contains("HOTFIX-001: Deny by default"), "{picked}");
    // The disguised commit carries code, so it is part of the fix and goes along.
    assert!(
        sandbox
            .git(["ls-tree", "--name-only", line])
            .contains("guard.js"),
        "{picked}"
    );
    assert!(
        !picked.contains("Set the version to 2.0.2"),
        "the release's version commit was picked onto the line:\n{picked}"
    );
    assert_eq!(picked.lines().count(), 2, "{picked}");
}

#[test]
fn a_version_commit_a_hook_added_a_trailer_to_is_still_the_finishs_own() {
    for resume in ["--continue", "--abort"] {
        let sandbox = fixed_in(&cargo_workspace(), "crates/acme-core/src/lib.rs");
        sandbox.script(
            &sandbox.work.join(".git/hooks/prepare-commit-msg"),
            "#!/bin/sh\nprintf '\\nChange-Id: I1234\\n' >> \"$1\"\n",
        );
        let refs = sandbox.refs();
        sandbox.killed_at("finish:set-version:unsaved", &["finish", "--yes"]);
        let message = sandbox.git(["log", "-1", "--format=%B", "hotfix/rounding"]);
        assert!(message.contains("Change-Id: I1234"), "{message}");
        sandbox.hotfix(["finish", resume]).success();
        if resume == "--abort" {
            assert_eq!(sandbox.refs(), refs);
            continue;
        }
        let subjects = sandbox.git(["log", "--format=%s", "v2.0.1..v2.0.2"]);
        assert_eq!(
            subjects.matches("Set the version to 2.0.2").count(),
            1,
            "{subjects}"
        );
    }
}
