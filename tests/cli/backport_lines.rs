//! `backport --tag` onto a maintenance line sets that line's own version files to the
//! release it tags, in one commit after the picks (`HOTFIX-001: Set the version to 1.4.1`),
//! as `finish` does on the hotfix branch; `--abort` and `--skip` take it back.

use crate::common::layouts::versioned_crate;
use crate::common::{Sandbox, fixed_app, stderr, stdout};

const ORIGINAL: &str = "function login() {\n  return true;\n}\n";

/// The project at `v2.0.1`, a finished hotfix affecting `v1.4.0` (released as `v2.0.2` with
/// its version set), and the maintenance line `release/1.x` whose files say 1.4.0, tagged
/// `v1.4.0`. Returns the sandbox and the fix commit.
fn line_and_hotfix() -> (Sandbox, String) {
    let sandbox = Sandbox::project(&versioned_crate("2.0.1"));
    let id = sandbox.start("auth", &["--severity", "P0", "--affected", "v1.4.0"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    let fix = sandbox.commit(
        "app.js",
        &fixed_app(&id),
        &["-m", &format!("{id}: Deny by default")],
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(sandbox.git(["show", "v2.0.2:VERSION"]), "2.0.2\n");
    sandbox.git(["checkout", "--quiet", "--orphan", "release/1.x"]);
    sandbox.git(["rm", "-r", "--quiet", "--cached", "."]);
    sandbox.git(["clean", "--quiet", "-f", "-d"]);
    for (path, content) in versioned_crate("1.4.0") {
        sandbox.write(path, &content);
    }
    sandbox.write("app.js", ORIGINAL);
    sandbox.git(["add", "--all"]);
    sandbox.git(["commit", "--quiet", "-m", "Release 1.4.0"]);
    sandbox.git(["tag", "-a", "v1.4.0", "-m", "Release 1.4.0"]);
    sandbox.git(["checkout", "--quiet", "--force", "main"]);
    (sandbox, fix)
}

const BACKPORT: [&str; 6] = [
    "backport",
    "HOTFIX-001",
    "--onto",
    "release/1.x",
    "--tag",
    "--yes",
];

/// The line's backport branch holds the pick of `fix`, then the commit setting 1.4.1, which
/// `v1.4.1` tags.
fn assert_released_on_the_line(sandbox: &Sandbox, fix: &str) {
    let branch = "hotfix/auth-release-1.x";
    assert_eq!(
        sandbox.rev("v1.4.1^{commit}"),
        sandbox.rev(branch),
        "the tag is on the commit that sets the version"
    );
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", branch]).trim(),
        "HOTFIX-001: Set the version to 1.4.1"
    );
    assert_eq!(
        sandbox.git(["show", "--name-only", "--format=", branch]),
        "Cargo.lock\nCargo.toml\nVERSION\n"
    );
    let pick = sandbox.git(["log", "-1", "--format=%B", &format!("{branch}^")]);
    assert!(
        pick.contains(&format!("(cherry picked from commit {fix})")),
        "{pick}"
    );
    assert_eq!(
        sandbox.rev(&format!("{branch}~2")),
        sandbox.rev("release/1.x")
    );
    assert_eq!(sandbox.git(["show", "v1.4.1:VERSION"]), "1.4.1\n");
    let manifest = sandbox.git(["show", "v1.4.1:Cargo.toml"]);
    assert!(manifest.contains("version = \"1.4.1\"\n"), "{manifest}");
    let lock = sandbox.git(["show", "v1.4.1:Cargo.lock"]);
    assert!(
        lock.contains("name = \"acme\"\nversion = \"1.4.1\"\n"),
        "{lock}"
    );
    assert_eq!(
        sandbox.git(["show", "v1.4.1:app.js"]),
        fixed_app("HOTFIX-001")
    );
    // Production's release keeps its own.
    assert_eq!(sandbox.git(["show", "main:VERSION"]), "2.0.2\n");
}

#[test]
fn backport_tag_sets_the_lines_own_version_before_tagging_it() {
    let (sandbox, fix) = line_and_hotfix();
    let assert = sandbox.hotfix(BACKPORT).success();
    let out = stdout(&assert);
    assert!(
        out.contains(", version 1.4.1 set in Cargo.lock, Cargo.toml, VERSION, tagged v1.4.1\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("({})", &sandbox.rev("v1.4.1^{commit}")[..7])),
        "the summary names the tagged commit: {out}"
    );
    assert_released_on_the_line(&sandbox, &fix);
    assert_eq!(sandbox.current_branch(), "main");
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["backports"][0]["tag"], "v1.4.1");
    assert_eq!(
        meta["backports"][0]["commits"],
        serde_json::json!([sandbox.rev("hotfix/auth-release-1.x^")]),
        "the picks, not the version commit"
    );
}

#[test]
fn a_backport_without_tag_leaves_the_lines_version_alone() {
    let (sandbox, _) = line_and_hotfix();
    sandbox
        .hotfix(["backport", "HOTFIX-001", "--onto", "release/1.x", "--yes"])
        .success();
    let branch = "hotfix/auth-release-1.x";
    assert_eq!(
        sandbox.rev(&format!("{branch}^")),
        sandbox.rev("release/1.x")
    );
    assert_eq!(
        sandbox.git(["show", &format!("{branch}:VERSION")]),
        "1.4.0\n"
    );
}

#[test]
fn abort_and_skip_take_the_version_commit_back() {
    let steps = [
        "onto-release/1.x",
        "set-version-release/1.x",
        "tagged-release/1.x",
    ];
    // After the step's state, and after its work before the state recorded it.
    let points = steps.iter().flat_map(|step| {
        [
            format!("backport:{step}"),
            format!("backport:{step}:unsaved"),
        ]
    });
    for point in points {
        let (sandbox, fix) = line_and_hotfix();
        let refs = sandbox.refs();
        sandbox.killed_at(&point, &BACKPORT);
        sandbox.hotfix(["backport", "--abort"]).success();
        assert_eq!(sandbox.refs(), refs, "{point}");
        assert_eq!(sandbox.current_branch(), "main", "{point}");
        assert_eq!(
            sandbox.git(["status", "--porcelain", "--untracked-files=all"]),
            "",
            "{point}"
        );

        // Killed again, it goes on to the end without setting the version twice.
        sandbox.killed_at(&point, &BACKPORT);
        sandbox.hotfix(["backport", "--continue"]).success();
        assert_released_on_the_line(&sandbox, &fix);
    }

    // A hook refusing the version commit stops the backport there; --skip drops the line.
    let (sandbox, _) = line_and_hotfix();
    let refs = sandbox.refs();
    sandbox.script(
        &sandbox.hook("pre-commit"),
        "#!/bin/sh\ngit diff --cached --name-only | grep -qx VERSION && { echo 'VERSION is frozen' >&2; exit 1; }\nexit 0\n",
    );
    let err = stderr(&sandbox.hotfix(BACKPORT).code(3));
    assert!(err.contains("VERSION is frozen"), "{err}");
    assert!(err.contains("git hotfix backport --skip"), "{err}");
    assert_eq!(
        sandbox.git(["show", "hotfix/auth-release-1.x:VERSION"]),
        "1.4.0\n"
    );
    assert_eq!(
        sandbox.git(["status", "--porcelain"]),
        "",
        "nothing half-done"
    );
    let out = stdout(&sandbox.hotfix(["backport", "--skip"]).success());
    assert!(out.contains("release/1.x  skipped"), "{out}");
    let now = sandbox.refs();
    assert!(
        !now.contains("refs/heads/hotfix/auth-release-1.x "),
        "{now}"
    );
    assert!(!now.contains("refs/tags/v1.4.1 "), "{now}");
    assert_ne!(now, refs, "the skip is recorded in the notes");
}

#[test]
fn a_line_file_stating_another_version_is_named_and_set() {
    let (sandbox, _) = line_and_hotfix();
    sandbox.git(["checkout", "--quiet", "release/1.x"]);
    sandbox.commit("VERSION", "1.3.9\n", &["-m", "Forget the version"]);
    sandbox.git(["checkout", "--quiet", "main"]);
    let assert = sandbox.hotfix(BACKPORT).success();
    let err = stderr(&assert);
    assert!(
        err.contains(
            "on 'release/1.x': VERSION states version 1.3.9, not 1.4.0 (the previous release); it is set to 1.4.1"
        ),
        "{err}"
    );
    assert_eq!(sandbox.git(["show", "v1.4.1:VERSION"]), "1.4.1\n");
}
