//! A monorepo's per-package release in the commands around `finish`: the previous version a
//! deploy or monitor step gets is the released package's own, `release-notes --version`
//! names the one package released, and the server keeps every package's tag in place.

use std::path::Path;

use crate::common::{Sandbox, stdout};
use crate::monorepo::{commit_files, fix, tag_and_push};

/// A Go repository of two modules, `api/` released as `api/v1.4.1` and `web/` released later
/// as `web/v2.0.0` (so the tag nearest a fix in `api` is `web`'s).
fn two_modules() -> Sandbox {
    let sandbox = Sandbox::new();
    commit_files(
        &sandbox,
        &[
            ("api/go.mod", "module example.com/shop/api\n\ngo 1.22\n"),
            ("api/api.go", "package api\n"),
            ("web/go.mod", "module example.com/shop/web\n\ngo 1.22\n"),
            ("web/web.go", "package web\n"),
        ],
        "Split the shop into modules",
    );
    tag_and_push(&sandbox, &["api/v1.4.1"]);
    commit_files(&sandbox, &[("web/page.go", "package web\n")], "Add a page");
    tag_and_push(&sandbox, &["web/v2.0.0"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox
}

/// Finishes a hotfix `name` fixing `files` and returns its id.
fn released(sandbox: &Sandbox, name: &str, files: &[&str]) -> String {
    let id = sandbox.start(name, &["--severity", "P1"]);
    fix(sandbox, &id, files);
    sandbox.hotfix(["finish", "--yes"]).success();
    id
}

/// Sets `key` to a command that appends the release's variables to `log`.
fn logs_to(sandbox: &Sandbox, key: &str, log: &Path) {
    sandbox.git([
        "config",
        key,
        &format!(
            "echo \"$HOTFIX_ID|$HOTFIX_VERSION|$HOTFIX_TAG|$HOTFIX_PREVIOUS_VERSION\" >> '{}'",
            log.display()
        ),
    ]);
}

fn last_line(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap();
    text.lines().last().unwrap().to_string()
}

#[test]
fn each_package_gets_its_own_previous_version_in_deploy_and_monitor() {
    let sandbox = two_modules();
    let log = sandbox.dir.path().join("steps.log");
    logs_to(&sandbox, "hotfix.deployCommand", &log);
    logs_to(&sandbox, "hotfix.monitorCommand", &log);

    let api = released(&sandbox, "timeout", &["api/api.go"]);
    sandbox.hotfix(["deploy", &api, "--yes"]).success();
    assert_eq!(
        last_line(&log),
        format!("{api}|1.4.2|api/v1.4.2|1.4.1"),
        "api's own previous release, not web's newer tag"
    );
    let plan = stdout(&sandbox.hotfix(["deploy", &api, "--dry-run"]).success());
    assert!(plan.contains("HOTFIX_PREVIOUS_VERSION=1.4.1"), "{plan}");

    let web = released(&sandbox, "render", &["web/web.go"]);
    sandbox.hotfix(["deploy", &web, "--yes"]).success();
    assert_eq!(last_line(&log), format!("{web}|2.0.1|web/v2.0.1|2.0.0"));
    sandbox
        .hotfix(["monitor", &web, "--for", "0.2s", "--every", "0.1s"])
        .success();
    assert_eq!(last_line(&log), format!("{web}|2.0.1|web/v2.0.1|2.0.0"));

    // A hotfix releasing both: the variables are those of the first package released.
    let both = released(&sandbox, "session", &["api/client.go", "web/view.go"]);
    let meta = sandbox.metadata(&both);
    assert_eq!(meta["releases"][0]["tag"], "api/v1.4.3");
    assert_eq!(meta["releases"][1]["tag"], "web/v2.0.2");
    sandbox.hotfix(["deploy", &both, "--yes"]).success();
    assert_eq!(last_line(&log), format!("{both}|1.4.3|api/v1.4.3|1.4.2"));
}

#[test]
fn a_recorded_previous_release_that_history_does_not_hold_reaches_no_step() {
    let sandbox = two_modules();
    let log = sandbox.dir.path().join("steps.log");
    logs_to(&sandbox, "hotfix.deployCommand", &log);
    let api = released(&sandbox, "timeout", &["api/api.go"]);
    // A tag of the right shape that is not in the release's history, then one that is no tag.
    let elsewhere = sandbox.git([
        "commit-tree",
        "-m",
        "Not released here",
        "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    ]);
    sandbox.git(["tag", "api/v1.9.9", elsewhere.trim()]);
    for planted in ["api/v1.9.9", "api/v7.0.0", "-api/v1.4.1"] {
        let mut meta = sandbox.metadata(&api);
        meta["releases"][0]["previous"] = planted.into();
        sandbox.write_note(&sandbox.anchor(&api), &meta);
        sandbox.hotfix(["deploy", &api, "--yes"]).success();
        assert_eq!(
            last_line(&log),
            format!("{api}|1.4.2|api/v1.4.2|"),
            "{planted}"
        );
    }
}

#[test]
fn release_notes_version_names_the_one_package_released_and_is_refused_for_two() {
    let sandbox = two_modules();
    let id = sandbox.start("timeout", &["--severity", "P1"]);
    fix(&sandbox, &id, &["api/api.go"]);
    let notes: serde_json::Value = serde_json::from_str(&stdout(
        &sandbox
            .hotfix(["release-notes", "--version", "1.5.0", "--json"])
            .success(),
    ))
    .unwrap();
    assert_eq!(notes["version"], "1.5.0");
    assert_eq!(notes["tag"], "api/v1.5.0");
    assert_eq!(notes["packages"][0]["release"]["version"], "1.5.0");
    assert_eq!(notes["packages"][0]["release"]["tag"], "api/v1.5.0");
    assert_eq!(notes["packages"][0]["release"]["previous"], "api/v1.4.1");
    let text = stdout(
        &sandbox
            .hotfix(["release-notes", "--version", "1.5.0"])
            .success(),
    );
    assert!(text.contains("example.com/shop/api 1.5.0"), "{text}");
    assert!(!text.contains("1.4.2"), "{text}");

    let out = stdout(
        &sandbox
            .hotfix(["release-notes", "--changelog", "--version", "1.5.0"])
            .success(),
    );
    assert!(
        out.contains("Added example.com/shop/api 1.5.0 to api/CHANGELOG.md"),
        "{out}"
    );
    let changelog = sandbox.read("api/CHANGELOG.md");
    assert!(changelog.contains("1.5.0"), "{changelog}");
    assert!(!changelog.contains("1.4.2"), "{changelog}");

    // Two packages: one version cannot name both, as for finish.
    fix(&sandbox, &id, &["web/web.go"]);
    let refusal = "error: --version names one version, and this hotfix releases 2 packages: example.com/shop/api, example.com/shop/web\n";
    for (args, hint) in [
        (
            &["release-notes", "--version", "1.5.0"][..],
            "hint: release-notes without --version: each package gets the patch after its own latest release",
        ),
        (
            &["finish", "--version", "1.5.0", "--yes"][..],
            "hint: finish without --version: each package gets the patch after its own latest release",
        ),
    ] {
        sandbox.assert_refused_unchanged(
            args,
            crate::common::Refusal::exit(1)
                .starts_with(refusal)
                .contains(hint),
        );
    }
}

#[test]
fn the_server_keeps_every_package_tag_a_hotfix_released_in_place() {
    let sandbox = two_modules();
    sandbox
        .in_dir(&sandbox.remote)
        .hotfix(["hooks", "install", "--server"])
        .success();
    let id = sandbox.start("session", &["--severity", "P1"]);
    fix(&sandbox, &id, &["api/api.go", "web/web.go"]);
    sandbox.hotfix(["finish", "--yes", "--push"]).success();
    for tag in ["api/v1.4.2", "web/v2.0.1"] {
        let push = sandbox.try_git([
            "push",
            "--quiet",
            "--no-verify",
            "origin",
            &format!(":refs/tags/{tag}"),
        ]);
        let err = crate::common::stderr(&push);
        assert_eq!(push.status.code(), Some(1), "{tag}: {err}");
        assert!(
            err.contains(&format!(
                "remote: error: the tag {tag} is the release of {id} and cannot be deleted"
            )),
            "{tag}: {err}"
        );
    }
}

/// [`two_modules`] with a maintenance line `release/1.x` of both modules, released there as
/// `api/v1.3.0` and `web/v1.9.0`.
fn two_modules_with_a_line() -> Sandbox {
    let sandbox = two_modules();
    sandbox.git(["checkout", "--quiet", "--orphan", "release/1.x"]);
    sandbox.git(["rm", "-r", "--quiet", "--cached", "."]);
    sandbox.git(["clean", "--quiet", "-f", "-d"]);
    commit_files(
        &sandbox,
        &[
            ("api/go.mod", "module example.com/shop/api\n\ngo 1.21\n"),
            ("api/api.go", "package api\n"),
            ("web/go.mod", "module example.com/shop/web\n\ngo 1.21\n"),
            ("web/web.go", "package web\n"),
        ],
        "Release the 1.x line",
    );
    for tag in ["api/v1.3.0", "web/v1.9.0"] {
        sandbox.git(["tag", "-a", tag, "-m", &format!("Release {tag}")]);
    }
    sandbox.git(["checkout", "--quiet", "--force", "main"]);
    sandbox
}

#[test]
fn backport_tag_releases_each_package_of_the_hotfix_on_the_line() {
    let sandbox = two_modules_with_a_line();
    sandbox
        .in_dir(&sandbox.remote)
        .hotfix(["hooks", "install", "--server"])
        .success();
    let id = released(&sandbox, "session", &["api/api.go", "web/web.go"]);
    let args = ["backport", &id, "--onto", "release/1.x", "--tag", "--yes"];
    let refs = sandbox.refs();
    for point in [
        "backport:tagged-release/1.x",
        "backport:tagged-release/1.x:unsaved",
    ] {
        sandbox.killed_at(point, &args);
        sandbox.hotfix(["backport", "--abort"]).success();
        assert_eq!(
            sandbox.refs(),
            refs,
            "{point}: --abort takes both tags back"
        );
    }

    let out = stdout(&sandbox.hotfix(args).success());
    assert!(out.contains(", tagged api/v1.3.1, web/v1.9.1\n"), "{out}");
    let branch = "hotfix/session-release-1.x";
    for tag in ["api/v1.3.1", "web/v1.9.1"] {
        assert_eq!(
            sandbox.rev(&format!("{tag}^{{commit}}")),
            sandbox.rev(branch)
        );
    }
    let backport = &sandbox.metadata(&id)["backports"][0];
    assert_eq!(backport["tag"], "api/v1.3.1");
    assert_eq!(backport["releases"][0]["version"], "1.3.1");
    assert_eq!(backport["releases"][1]["tag"], "web/v1.9.1");
    assert_eq!(backport["releases"][1]["previous"], "web/v1.9.0");
    let shown = stdout(&sandbox.hotfix(["show", &id]).success());
    assert!(
        shown.contains(&format!(
            "release/1.x  {branch}  1 commit(s)  api/v1.3.1, web/v1.9.1"
        )),
        "{shown}"
    );
    let notes = stdout(&sandbox.hotfix(["release-notes", &id]).success());
    assert!(
        notes.contains("released as api/v1.3.1, web/v1.9.1"),
        "{notes}"
    );

    // Published, each tag of the line's release stays where it was made.
    sandbox.hotfix(["sync"]).success();
    sandbox.git(["push", "--quiet", "origin", "api/v1.3.1", "web/v1.9.1"]);
    let push = sandbox.try_git([
        "push",
        "--quiet",
        "--no-verify",
        "origin",
        ":refs/tags/web/v1.9.1",
    ]);
    let err = crate::common::stderr(&push);
    assert!(
        err.contains(&format!(
            "remote: error: the tag web/v1.9.1 is the release of {id} and cannot be deleted"
        )),
        "{err}"
    );
}
