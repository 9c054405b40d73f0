//! `git hotfix rollback`: the plan of a finished hotfix, and `--execute`, which reverts its
//! merges as new commits and can be continued or aborted like finish.

use crate::common::layouts::versioned_crate;
use crate::common::{Refusal, Sandbox, events, stderr, stdout};

const REASON: &str = "Error rate above 5% after the deploy";

fn execute(sandbox: &Sandbox, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut args = vec![
        "rollback",
        "HOTFIX-001",
        "--execute",
        "--yes",
        "--reason",
        REASON,
    ];
    args.extend_from_slice(extra);
    sandbox.hotfix(args)
}

/// A later release on main that changes the line the fix changed, so reverting conflicts.
fn conflicting_main(sandbox: &Sandbox) {
    sandbox.commit(
        "app.js",
        "// HOTFIX: HOTFIX-001 - Deny by default\nfunction login() {\n  return audit(false);\n}\n",
        &["-m", "Audit logins"],
    );
}

#[test]
fn the_plan_of_a_finished_hotfix_names_its_merge_and_the_previous_release() {
    let sandbox = Sandbox::new();
    sandbox.finished_hotfix("auth", &[]);
    let merge = sandbox.rev("main");
    let out = stdout(
        &sandbox
            .hotfix(["rollback", "HOTFIX-001", "--json"])
            .success(),
    );
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["reverts"][0]["branch"], "main");
    assert_eq!(plan["reverts"][0]["merge"], merge);
    assert_eq!(plan["reverts"][1]["branch"], "develop");
    assert_eq!(plan["reverts"][1]["merge"], sandbox.rev("develop"));
    assert_eq!(plan["previous_tag"], "v2.0.1");
    let text = stdout(&sandbox.hotfix(["rollback", "HOTFIX-001"]).success());
    assert!(text.contains(&format!("git revert -m 1 {merge}")), "{text}");
    assert!(text.contains("previous release v2.0.1"), "{text}");
}

#[test]
fn execute_reverts_the_merge_as_a_new_commit_and_keeps_later_commits() {
    let sandbox = Sandbox::new();
    let id = sandbox.finished_hotfix("auth", &[]);
    let merge = sandbox.rev("main");
    let before_merge = sandbox.rev("main^1");
    let develop = sandbox.rev("develop");
    // A later release on main that does not touch the fix's lines.
    let later = sandbox.commit("billing.js", "charge();\n", &["-m", "Add billing"]);
    sandbox.git(["checkout", "--quiet", "develop"]);

    let out = stdout(&execute(&sandbox, &[]).success());
    assert!(
        out.starts_with(&format!("Rolled back HOTFIX-001: {REASON}\n")),
        "{out}"
    );
    assert!(out.contains("main      reverted ("), "{out}");
    // Without --push the remote hears of it with the user's own push, notes included.
    assert!(
        out.contains("Publish it with: git push --atomic origin refs/heads/main:refs/heads/main")
            && out.contains("refs/notes/hotfix:refs/notes/hotfix"),
        "{out}"
    );

    // A new commit on top of main: nothing rewritten, the later release kept.
    assert_eq!(sandbox.rev("main^"), later);
    assert_eq!(
        sandbox.git(["diff", "--name-only", &before_merge, "main"]),
        "billing.js\n"
    );
    assert_eq!(
        sandbox.git(["show", "main:app.js"]),
        "function login() {\n  return true;\n}\n"
    );
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", "main"]).trim(),
        "Revert \"Merge hotfix/auth (HOTFIX-001)\""
    );
    let body = sandbox.git(["log", "-1", "--format=%b", "main"]);
    assert!(
        body.contains(&format!("This reverts commit {merge}")),
        "{body}"
    );
    assert!(body.contains(&format!("Rolled back: {REASON}")), "{body}");
    assert_eq!(
        sandbox
            .git([
                "log",
                "-1",
                "--format=%(trailers:key=Hotfix,valueonly)",
                "main"
            ])
            .trim(),
        id
    );
    // Develop is left alone without --develop; HEAD is back where it was.
    assert_eq!(sandbox.rev("develop"), develop);
    assert_eq!(sandbox.current_branch(), "develop");
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");

    let meta = sandbox.metadata(&id);
    assert_eq!(meta["status"], "rolled-back");
    let last = meta["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "rolled-back");
    assert_eq!(last["detail"], REASON);
    assert!(events(&meta).contains(&"reverted".to_string()));
    let postmortem = stdout(&sandbox.hotfix(["postmortem", &id]).success());
    assert!(
        postmortem.contains(&format!("**Rolled back**: {REASON}")),
        "{postmortem}"
    );
    // Rolled back once is enough.
    let err = stderr(&execute(&sandbox, &[]).code(1));
    assert!(
        err.starts_with("error: HOTFIX-001 is rolled-back, there is nothing to roll back"),
        "{err}"
    );
}

#[test]
fn develop_flag_reverts_the_merge_back_too() {
    let sandbox = Sandbox::new();
    sandbox.develop_ahead();
    sandbox.finished_hotfix("auth", &[]);
    assert_ne!(sandbox.rev("develop"), sandbox.rev("main"));
    let develop_before_merge = sandbox.rev("develop^1");
    let develop_merge = sandbox.rev("develop");
    let out = stdout(&execute(&sandbox, &["--develop"]).success());
    assert!(out.contains("develop   reverted ("), "{out}");
    assert_eq!(sandbox.rev("develop^"), develop_merge);
    assert_eq!(
        sandbox.rev("develop^{tree}"),
        sandbox.rev(&format!("{develop_before_merge}^{{tree}}"))
    );
    assert_eq!(sandbox.current_branch(), "main");
}

#[test]
fn tag_flag_releases_the_rollback_as_the_next_patch_version() {
    let sandbox = Sandbox::new();
    sandbox.finished_hotfix("auth", &[]);
    let out = stdout(&execute(&sandbox, &["--tag"]).success());
    assert!(out.contains("tag       v2.0.3 on "), "{out}");
    assert_eq!(sandbox.git(["cat-file", "-t", "v2.0.3"]).trim(), "tag");
    assert_eq!(sandbox.rev("v2.0.3^{commit}"), sandbox.rev("main"));
    assert_eq!(
        sandbox
            .git(["tag", "-l", "--format=%(contents:subject)", "v2.0.3"])
            .trim(),
        "Roll back HOTFIX-001 (released as v2.0.2): Auth"
    );
    assert!(events(&sandbox.metadata("HOTFIX-001")).contains(&"rollback-tagged".to_string()));
}

#[test]
fn push_flag_publishes_the_rollback_of_a_pushed_hotfix_atomically() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.hotfix(["finish", "--yes", "--push"]).success();
    let out = stdout(&execute(&sandbox, &["--tag", "--develop", "--push"]).success());
    assert!(
        out.contains("Pushed main, develop, v2.0.3 to 'origin'."),
        "{out}"
    );
    let remote = sandbox.remote_refs();
    for refname in ["refs/heads/main", "refs/heads/develop", "refs/tags/v2.0.3"] {
        let local = sandbox.git(["rev-parse", refname]);
        assert!(
            remote.contains(&format!("{refname} {}", local.trim())),
            "{refname} missing from\n{remote}"
        );
    }
    // The notes follow through the automatic sync.
    let origin = sandbox.in_dir(&sandbox.remote);
    let notes = origin.git(["notes", "--ref=hotfix", "list"]);
    let anchor = notes.split_whitespace().nth(1).unwrap();
    let shown = origin.git(["notes", "--ref=hotfix", "show", anchor]);
    assert!(shown.contains("\"status\": \"rolled-back\""), "{shown}");
}

#[test]
fn a_revert_conflict_stops_with_exit_3_and_continue_completes_it() {
    let sandbox = Sandbox::new();
    sandbox.finished_hotfix("auth", &[]);
    conflicting_main(&sandbox);
    let later = sandbox.rev("main");

    let err = stderr(&execute(&sandbox, &[]).code(3));
    assert!(
        err.contains("Conflicts reverting the merge ") && err.contains("on 'main':\n  app.js\n"),
        "{err}"
    );
    assert!(
        err.contains("error: the revert on 'main' stopped on conflicts in 1 file(s)"),
        "{err}"
    );
    assert!(err.contains("git hotfix rollback --continue"), "{err}");
    assert!(err.contains("git hotfix rollback --abort"), "{err}");

    let err = stderr(&sandbox.hotfix(["rollback", "--continue"]).code(3));
    assert!(
        err.starts_with("error: 1 file(s) still have conflicts: app.js\n"),
        "{err}"
    );
    sandbox.write("app.js", "function login() {\n  return audit(true);\n}\n");
    sandbox.git(["add", "app.js"]);
    let out = stdout(&sandbox.hotfix(["rollback", "--continue"]).success());
    assert!(out.starts_with("Rolled back HOTFIX-001: "), "{out}");
    assert_eq!(sandbox.rev("main^"), later);
    assert_eq!(
        sandbox
            .git([
                "log",
                "-1",
                "--format=%(trailers:key=Hotfix,valueonly)",
                "main"
            ])
            .trim(),
        "HOTFIX-001"
    );
    assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "rolled-back");
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
}

#[test]
fn abort_after_a_revert_conflict_restores_every_ref_exactly() {
    let sandbox = Sandbox::new();
    sandbox.finished_hotfix("auth", &[]);
    conflicting_main(&sandbox);
    sandbox.git(["checkout", "--quiet", "develop"]);
    let before = sandbox.refs();

    execute(&sandbox, &["--tag"]).code(3);
    assert_ne!(sandbox.refs(), before);
    let out = stdout(&sandbox.hotfix(["rollback", "--abort"]).success());
    assert!(
        out.starts_with("Aborted the rollback of HOTFIX-001: every branch, tag and note is back where it was, and 'develop' is checked out."),
        "{out}"
    );
    assert_eq!(sandbox.refs(), before);
    assert_eq!(sandbox.current_branch(), "develop");
    assert_eq!(
        sandbox.git(["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
    assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "finished");
}

#[test]
fn a_rollback_killed_after_any_step_aborts_exactly_and_continues_to_the_end() {
    let steps = [
        "reverted-production",
        "reverted-develop",
        "set-version",
        "tagged",
        "recorded",
        "returned",
    ];
    // After the step's state, and after its work before the state recorded it.
    let points = steps.iter().flat_map(|step| {
        [
            format!("rollback:{step}"),
            format!("rollback:{step}:unsaved"),
        ]
    });
    for point in points {
        // Version files, so the rollback release's version is set before the tag.
        let sandbox = Sandbox::project(&versioned_crate("2.0.1"));
        sandbox.develop_ahead();
        sandbox.finished_hotfix("auth", &[]);
        let main_before = sandbox.rev("main");
        let develop_before = sandbox.rev("develop");
        let refs_before = sandbox.refs();
        let reachable_before = sandbox.reachable();
        let args = [
            "rollback",
            "HOTFIX-001",
            "--execute",
            "--yes",
            "--reason",
            REASON,
            "--develop",
            "--tag",
        ];

        sandbox.killed_at(&point, &args);
        let err = stderr(&execute(&sandbox, &[]).code(1));
        assert!(
            err.contains("a 'rollback' of HOTFIX-001 is in progress"),
            "{point}: {err}"
        );
        sandbox.hotfix(["rollback", "--abort"]).success();
        assert_eq!(sandbox.refs(), refs_before, "{point}");
        assert_eq!(sandbox.current_branch(), "main", "{point}");

        sandbox.killed_at(&point, &args);
        let out = stdout(&sandbox.hotfix(["rollback", "--continue"]).success());
        assert!(
            out.starts_with("Rolled back HOTFIX-001: "),
            "{point}: {out}"
        );
        // One revert on each branch, on top of where it was, and one version commit on the
        // production branch: no step was made twice.
        assert_eq!(sandbox.rev("main~2"), main_before, "{point}");
        assert_eq!(
            sandbox.git(["log", "-1", "--format=%s", "main"]).trim(),
            "HOTFIX-001: Set the version to 2.0.3",
            "{point}"
        );
        assert_eq!(
            sandbox.git(["show", "v2.0.3:VERSION"]),
            "2.0.3\n",
            "{point}"
        );
        assert_eq!(sandbox.rev("develop^"), develop_before, "{point}");
        assert_eq!(
            sandbox.rev("v2.0.3^{commit}"),
            sandbox.rev("main"),
            "{point}"
        );
        assert_eq!(sandbox.current_branch(), "main", "{point}");
        let meta = sandbox.metadata("HOTFIX-001");
        assert_eq!(meta["status"], "rolled-back", "{point}");
        let events = events(&meta);
        for (event, count) in [("reverted", 2), ("rollback-tagged", 1), ("rolled-back", 1)] {
            assert_eq!(
                events.iter().filter(|e| *e == event).count(),
                count,
                "{point}: {events:?}"
            );
        }
        assert!(
            !sandbox.refs().contains("refs/hotfix-operation/"),
            "{point}"
        );
        let after = sandbox.reachable();
        let lost: Vec<_> = reachable_before.difference(&after).collect();
        assert!(lost.is_empty(), "{point}: lost {lost:?}");
    }
}

#[test]
fn bad_input_is_refused_with_a_hint_and_nothing_changed() {
    let sandbox = Sandbox::new();
    let refuse = |args: &[&str], expected: &str| {
        sandbox.assert_refused_unchanged(
            args,
            Refusal::exit(1)
                .starts_with(format!("error: {expected}"))
                .contains("\nhint: "),
        );
    };
    refuse(
        &["rollback", "--continue"],
        "there is no 'rollback' in progress to continue",
    );
    refuse(
        &["rollback", "--abort"],
        "there is no 'rollback' in progress to abort",
    );
    let id = sandbox.fixed_hotfix("auth", &[]);
    refuse(
        &["rollback", &id, "--execute", "--yes", "--reason", "x"],
        "HOTFIX-001 is not finished: nothing of it was merged",
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    refuse(
        &["rollback", &id, "--execute", "--reason", "x"],
        "rolling back HOTFIX-001 changes 'main', and there is no terminal to confirm it",
    );
    refuse(
        &["rollback", &id, "--execute", "--yes"],
        "a rollback needs a reason",
    );
    sandbox.write("app.js", "dirty\n");
    refuse(
        &["rollback", &id, "--execute", "--yes", "--reason", "x"],
        "you have uncommitted changes to 1 tracked file(s)",
    );
    sandbox.git(["checkout", "--", "app.js"]);
    // A tag of that name off main (on main it would be the latest release).
    sandbox.git(["checkout", "--quiet", "--detach", "v2.0.0"]);
    sandbox.commit("other.txt", "x\n", &["-m", "Elsewhere"]);
    sandbox.git(["tag", "v2.0.3"]);
    sandbox.git(["checkout", "--quiet", "main"]);
    refuse(
        &[
            "rollback",
            &id,
            "--execute",
            "--yes",
            "--reason",
            "x",
            "--tag",
        ],
        "the tag 'v2.0.3' already exists",
    );
}

#[test]
fn execute_prints_what_it_reverted_and_how_to_publish_it() {
    let sandbox = Sandbox::new();
    sandbox.develop_ahead();
    sandbox.finished_hotfix("auth", &[]);
    let assert = execute(&sandbox, &["--develop", "--tag"]).success();
    insta::assert_snapshot!("execute", sandbox.printed(&assert));
}

/// A finished hotfix, then an unrelated feature merged on main, all on the remote; and an
/// attacker's clone that rewrites the hotfix's recorded merge to point at the feature's.
fn note_pointing_at_a_feature_merge(sandbox: &Sandbox) -> String {
    sandbox.finished_hotfix("auth", &[]);
    sandbox.git(["checkout", "--quiet", "-b", "feature/billing", "main"]);
    sandbox.commit(
        "billing.js",
        "charge();\n",
        &["--no-verify", "-m", "Add billing"],
    );
    sandbox.git(["checkout", "--quiet", "main"]);
    sandbox.git([
        "merge",
        "--quiet",
        "--no-ff",
        "-m",
        "Merge feature billing",
        "feature/billing",
    ]);
    let feature = sandbox.rev("main");
    sandbox.git(["push", "--quiet", "origin", "main", "--tags"]);
    sandbox.hotfix(["sync"]).success();

    let attacker = sandbox.clone_named("attacker");
    attacker.hotfix(["sync"]).success();
    let mut meta = attacker.metadata("HOTFIX-001");
    meta["merges"][0]["commit"] = feature.clone().into();
    attacker.write_note(&attacker.anchor("HOTFIX-001"), &meta);
    attacker.hotfix(["sync"]).success();
    sandbox.hotfix(["sync"]).success();
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["merges"][0]["commit"],
        feature
    );
    feature
}

#[test]
fn a_note_pointing_at_another_merge_cannot_steer_the_rollback() {
    let sandbox = Sandbox::new();
    let feature = note_pointing_at_a_feature_merge(&sandbox);
    let err = sandbox.assert_refused_unchanged(
        [
            "rollback",
            "HOTFIX-001",
            "--execute",
            "--yes",
            "--reason",
            REASON,
        ],
        Refusal::exit(1).starts_with(format!(
            "error: HOTFIX-001 records {} as its merge into 'main', but it brings ",
            &feature[..7]
        )),
    );
    assert!(
        err.contains("\"Add billing\", which does not carry HOTFIX-001"),
        "{err}"
    );
    assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "finished");

    // The plan does not offer to revert it either, and says why.
    let assert = sandbox.hotfix(["rollback", "HOTFIX-001"]).success();
    assert!(
        !stdout(&assert).contains(&feature[..7]),
        "{}",
        stdout(&assert)
    );
    assert!(
        stderr(&assert).contains("warning: HOTFIX-001 records"),
        "{}",
        stderr(&assert)
    );

    // Nor does backport pick the feature's commits.
    sandbox.git(["branch", "release/1.9", "v2.0.0"]);
    sandbox.assert_refused_unchanged(
        ["backport", "HOTFIX-001", "--onto", "release/1.9", "--yes"],
        Refusal::exit(1).contains("which does not carry HOTFIX-001"),
    );
}
