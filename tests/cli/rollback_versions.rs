//! `rollback --execute --tag` sets the rollback release's version in the project's version
//! files, in one commit on the production branch after the revert
//! (`HOTFIX-001: Set the version to 2.0.3`), and tags that commit, so the tag's files say the
//! release it is; `--abort` takes it back. Without `--tag` or version files nothing is set.

use crate::common::layouts::versioned_crate;
use crate::common::{Sandbox, stderr, stdout};

const ROLLBACK: [&str; 8] = [
    "rollback",
    "HOTFIX-001",
    "--execute",
    "--yes",
    "--reason",
    "Error rate above 5% after the deploy",
    "--tag",
    "--develop",
];

const ORIGINAL: &str = "function login() {\n  return true;\n}\n";

/// A crate whose `VERSION`, `Cargo.toml` and `Cargo.lock` said 2.0.1, with a hotfix finished
/// as v2.0.2 (its version set by finish); main is checked out. Returns the sandbox and where
/// main was.
fn released() -> (Sandbox, String) {
    let sandbox = Sandbox::project(&versioned_crate("2.0.1"));
    sandbox.develop_ahead();
    sandbox.finished_hotfix("auth", &[]);
    assert_eq!(sandbox.git(["show", "v2.0.2:VERSION"]), "2.0.2\n");
    let main = sandbox.rev("main");
    (sandbox, main)
}

/// The subjects of `from..to`, newest first.
fn subjects(sandbox: &Sandbox, range: &str) -> Vec<String> {
    sandbox
        .git(["log", "--format=%s", range])
        .lines()
        .map(str::to_string)
        .collect()
}

/// main holds the revert of the hotfix's merge on `before`, then the commit setting 2.0.3 in
/// the three version files, which `v2.0.3` tags: the tag's files say 2.0.3 and its code is
/// the code before the hotfix.
fn assert_rolled_back_as_2_0_3(sandbox: &Sandbox, before: &str) {
    assert_eq!(
        sandbox.rev("v2.0.3^{commit}"),
        sandbox.rev("main"),
        "the tag is on the commit that sets the version"
    );
    let made = subjects(sandbox, &format!("{before}..main"));
    assert_eq!(made.len(), 2, "{made:?}");
    assert_eq!(made[0], "HOTFIX-001: Set the version to 2.0.3");
    assert!(made[1].starts_with("Revert \"Merge "), "{made:?}");
    assert_eq!(
        sandbox.git(["show", "--name-only", "--format=", "main"]),
        "Cargo.lock\nCargo.toml\nVERSION\n"
    );
    assert_eq!(sandbox.git(["show", "v2.0.3:VERSION"]), "2.0.3\n");
    let manifest = sandbox.git(["show", "v2.0.3:Cargo.toml"]);
    assert!(manifest.contains("version = \"2.0.3\"\n"), "{manifest}");
    let lock = sandbox.git(["show", "v2.0.3:Cargo.lock"]);
    assert!(
        lock.contains("name = \"acme\"\nversion = \"2.0.3\"\n"),
        "{lock}"
    );
    assert_eq!(sandbox.git(["show", "v2.0.3:app.js"]), ORIGINAL);
}

#[test]
fn rollback_tag_sets_the_rollback_version_before_tagging_it() {
    let (sandbox, main) = released();
    let develop = sandbox.rev("develop");
    let out = stdout(&sandbox.hotfix(ROLLBACK).success());
    assert_rolled_back_as_2_0_3(&sandbox, &main);
    let commit = &sandbox.rev("main")[..7];
    assert!(
        out.contains(&format!(
            "  version   2.0.3 set in Cargo.lock, Cargo.toml, VERSION ({commit})\n  tag       v2.0.3 on {commit}\n"
        )),
        "{out}"
    );
    // develop gets the revert alone: its version is the next release's business.
    assert_eq!(sandbox.rev("develop^"), develop);
    assert_eq!(sandbox.current_branch(), "main");
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");
}

#[test]
fn without_tag_or_version_files_nothing_is_set() {
    let (sandbox, main) = released();
    sandbox.hotfix(&ROLLBACK[..6]).success();
    assert_eq!(sandbox.rev("main^"), main, "the revert alone");
    assert_eq!(sandbox.git(["show", "main:VERSION"]), "2.0.1\n");

    let (sandbox, main) = released();
    sandbox.git(["config", "hotfix.versionFiles", "none"]);
    let out = stdout(&sandbox.hotfix(ROLLBACK).success());
    assert!(!out.contains("  version "), "{out}");
    assert_eq!(sandbox.rev("main^"), main, "the revert alone");
    assert_eq!(sandbox.rev("v2.0.3^{commit}"), sandbox.rev("main"));
    assert_eq!(sandbox.git(["show", "v2.0.3:VERSION"]), "2.0.1\n");
}

#[test]
fn a_hook_refusing_the_version_commit_stops_the_rollback_and_abort_takes_it_back() {
    let (sandbox, main) = released();
    let refs = sandbox.refs();
    let reachable = sandbox.reachable();
    let hook = sandbox.hook("pre-commit");
    sandbox.script(
        &hook,
        "#!/bin/sh\ngit show :VERSION | grep -qx 2.0.3 && { echo 'VERSION is frozen' >&2; exit 1; }\nexit 0\n",
    );
    let err = stderr(&sandbox.hotfix(ROLLBACK).code(3));
    assert!(err.contains("VERSION is frozen"), "{err}");
    assert!(err.contains("git hotfix rollback --abort"), "{err}");
    assert_eq!(sandbox.git(["show", "main:VERSION"]), "2.0.1\n");
    assert_eq!(
        sandbox.git(["status", "--porcelain"]),
        "",
        "nothing half-done"
    );
    sandbox.hotfix(["rollback", "--abort"]).success();
    assert_eq!(sandbox.refs(), refs);
    sandbox.assert_nothing_lost(&reachable, "after --abort");

    // Once the hook lets it through, the rollback runs to the end.
    sandbox.hotfix(ROLLBACK).code(3);
    std::fs::remove_file(&hook).unwrap();
    sandbox.hotfix(["rollback", "--continue"]).success();
    assert_rolled_back_as_2_0_3(&sandbox, &main);
}

#[test]
fn dry_run_shows_the_version_commit_before_the_tag_and_changes_nothing() {
    let (sandbox, _) = released();
    let refs = sandbox.refs();
    let mut args = ROLLBACK.to_vec();
    args.push("--dry-run");
    let out = stdout(&sandbox.hotfix(&args).success());
    assert!(
        out.starts_with("Rolling back HOTFIX-001 would (dry run: nothing is changed):\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  4. set the version to 2.0.3 in Cargo.lock, Cargo.toml, VERSION and commit it on main\n       git commit -m 'HOTFIX-001: Set the version to 2.0.3' -- Cargo.lock Cargo.toml VERSION\n  5. tag v2.0.3 on the commit setting the version\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  2. revert the merge {} on main\n",
            &sandbox.rev("main")[..7]
        )),
        "{out}"
    );
    assert_eq!(sandbox.refs(), refs, "nothing is changed");
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");

    sandbox.git(["config", "hotfix.versionFiles", "none"]);
    let out = stdout(&sandbox.hotfix(&args).success());
    assert!(!out.contains("set the version"), "{out}");
    assert!(out.contains("  4. tag v2.0.3 on the revert\n"), "{out}");
    assert_eq!(sandbox.refs(), refs, "nothing is changed");
}

#[test]
fn a_version_commit_a_hook_added_a_trailer_to_is_still_the_rollbacks_own() {
    for resume in ["--continue", "--abort"] {
        let (sandbox, main) = released();
        sandbox.script(
            &sandbox.hook("prepare-commit-msg"),
            "#!/bin/sh\nprintf '\\nChange-Id: I1234\\n' >> \"$1\"\n",
        );
        let refs = sandbox.refs();
        sandbox.killed_at("rollback:set-version:unsaved", &ROLLBACK);
        let message = sandbox.git(["log", "-1", "--format=%B", "main"]);
        assert!(
            message.starts_with("HOTFIX-001: Set the version to 2.0.3\n\n")
                && message.contains("Change-Id: I1234"),
            "{message}"
        );
        sandbox.hotfix(["rollback", resume]).success();
        if resume == "--abort" {
            assert_eq!(sandbox.refs(), refs);
            continue;
        }
        assert_rolled_back_as_2_0_3(&sandbox, &main);
    }
}
