//! `git hotfix backport`: a hotfix cherry-picked onto older release lines, one target at a
//! time, with `--continue`, `--skip` and `--abort` like finish.

use crate::common::{Refusal, Sandbox, events, stderr, stdout};

const ORIGINAL: &str = "function login() {\n  return true;\n}\n";
/// The 1.5 line changed the line the fix changes, so the backport conflicts there.
const LEGACY: &str = "function login() {\n  return legacyCheck();\n}\n";

/// Release lines support/1.4 (clean pick), release/1.5 (conflicting) and release/1.6 (clean),
/// and a finished hotfix affecting v1.4.0 and v1.5.0. Returns the hotfix's fix commit.
fn lines_and_hotfix(sandbox: &Sandbox) -> String {
    sandbox.fixed_hotfix("auth", &["--affected", "v1.4.0,v1.5.0"]);
    let fix = sandbox.rev("hotfix/auth");
    sandbox.hotfix(["finish", "--yes"]).success();
    // Made after the finish, which would merge into an open release/* branch.
    sandbox.release_line("support/1.4", ORIGINAL, "v1.4.0");
    sandbox.release_line("release/1.5", LEGACY, "v1.5.0");
    sandbox.release_line("release/1.6", ORIGINAL, "v1.6.0");
    fix
}

/// The commit on top of `branch` is a `-x` pick of `fix` onto `start`.
fn assert_picked(sandbox: &Sandbox, branch: &str, start: &str, fix: &str) {
    assert_eq!(sandbox.rev(&format!("{branch}^")), start, "{branch}");
    let message = sandbox.git(["log", "-1", "--format=%B", branch]);
    assert!(
        message.starts_with("HOTFIX-001: Deny by default\n"),
        "{branch}: {message}"
    );
    assert!(
        message.contains(&format!("(cherry picked from commit {fix})")),
        "{branch}: {message}"
    );
    assert!(!message.contains("# Conflicts"), "{branch}: {message}");
}

#[test]
fn all_affected_backports_onto_two_lines_and_continue_resolves_the_conflict() {
    let sandbox = Sandbox::new();
    let fix = lines_and_hotfix(&sandbox);
    let support = sandbox.rev("support/1.4");
    let release = sandbox.rev("release/1.5");

    let assert = sandbox
        .hotfix(["backport", "HOTFIX-001", "--all-affected", "--tag", "--yes"])
        .code(3);
    let err = stderr(&assert);
    assert!(err.contains("onto 'release/1.5':\n  app.js\n"), "{err}");
    assert!(
        err.contains("error: the backport onto 'release/1.5' stopped on conflicts in 1 file(s)"),
        "{err}"
    );
    assert!(err.contains("git hotfix backport --continue"), "{err}");
    assert!(
        err.contains("or skip this target with 'git hotfix backport --skip'"),
        "{err}"
    );
    assert!(err.contains("git hotfix backport --abort"), "{err}");
    // The first line is done already.
    assert_picked(&sandbox, "hotfix/auth-support-1.4", &support, &fix);

    let err = stderr(&sandbox.hotfix(["backport", "--continue"]).code(3));
    assert!(
        err.starts_with("error: 1 file(s) still have conflicts: app.js\n"),
        "{err}"
    );
    sandbox.write(
        "app.js",
        "// HOTFIX: HOTFIX-001 - Deny by default\nfunction login() {\n  return false;\n}\n",
    );
    sandbox.git(["add", "app.js"]);
    let out = stdout(&sandbox.hotfix(["backport", "--continue"]).success());
    assert!(out.starts_with("Backported HOTFIX-001:\n"), "{out}");
    assert!(
        out.contains("support/1.4  1 commit(s) on hotfix/auth-support-1.4"),
        "{out}"
    );
    assert!(out.contains("tagged v1.5.1"), "{out}");

    assert_picked(&sandbox, "hotfix/auth-release-1.5", &release, &fix);
    // The lines themselves are untouched; the tags are on the backports.
    assert_eq!(sandbox.rev("support/1.4"), support);
    assert_eq!(sandbox.rev("release/1.5"), release);
    assert_eq!(
        sandbox.rev("v1.4.1^{commit}"),
        sandbox.rev("hotfix/auth-support-1.4")
    );
    assert_eq!(
        sandbox.rev("v1.5.1^{commit}"),
        sandbox.rev("hotfix/auth-release-1.5")
    );
    assert_eq!(sandbox.current_branch(), "main");
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");

    let meta = sandbox.metadata("HOTFIX-001");
    let backports = meta["backports"].as_array().unwrap();
    assert_eq!(backports.len(), 2);
    assert_eq!(backports[0]["target"], "support/1.4");
    assert_eq!(backports[0]["branch"], "hotfix/auth-support-1.4");
    assert_eq!(
        backports[0]["commits"][0],
        sandbox.rev("hotfix/auth-support-1.4")
    );
    assert_eq!(backports[0]["tag"], "v1.4.1");
    assert_eq!(backports[1]["target"], "release/1.5");
    assert_eq!(backports[1]["tag"], "v1.5.1");
    assert_eq!(
        events(&meta).iter().filter(|e| *e == "backported").count(),
        2
    );

    let shown = stdout(&sandbox.hotfix(["show", "HOTFIX-001"]).success());
    assert!(shown.contains("Backports:"), "{shown}");
    assert!(
        shown.contains("release/1.5  hotfix/auth-release-1.5  1 commit(s)  v1.5.1"),
        "{shown}"
    );
    for report in ["release-notes", "postmortem"] {
        let text = stdout(&sandbox.hotfix([report, "HOTFIX-001"]).success());
        assert!(text.contains("## Backports\n"), "{report}: {text}");
        assert!(
            text.contains(
                "- `support/1.4`: 1 commit(s) on `hotfix/auth-support-1.4`, released as v1.4.1"
            ),
            "{report}: {text}"
        );
    }
}

#[test]
fn skip_drops_the_conflicting_target_and_goes_on() {
    let sandbox = Sandbox::new();
    let fix = lines_and_hotfix(&sandbox);
    let support = sandbox.rev("support/1.4");
    let before = sandbox.refs();

    sandbox
        .hotfix([
            "backport",
            "HOTFIX-001",
            "--onto",
            "release/1.5",
            "support/1.4",
            "--tag",
            "--yes",
        ])
        .code(3);
    assert!(
        sandbox
            .refs()
            .contains("refs/heads/hotfix/auth-release-1.5 ")
    );
    let assert = sandbox.hotfix(["backport", "--skip"]).success();
    assert!(
        stderr(&assert).contains("Skipped 'release/1.5': it is back where it was."),
        "{}",
        stderr(&assert)
    );
    let out = stdout(&assert);
    assert!(out.contains("release/1.5  skipped"), "{out}");

    let refs = sandbox.refs();
    assert!(
        !refs.contains("refs/heads/hotfix/auth-release-1.5 "),
        "{refs}"
    );
    assert!(!refs.contains("refs/tags/v1.5.1 "), "{refs}");
    assert_picked(&sandbox, "hotfix/auth-support-1.4", &support, &fix);
    assert_ne!(refs, before);
    let meta = sandbox.metadata("HOTFIX-001");
    let backports = meta["backports"].as_array().unwrap();
    assert_eq!(backports.len(), 1);
    assert_eq!(backports[0]["target"], "support/1.4");
    assert!(events(&meta).contains(&"backport-skipped".to_string()));
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");
    assert_eq!(sandbox.current_branch(), "main");
}

#[test]
fn abort_after_a_conflict_restores_every_ref_exactly() {
    let sandbox = Sandbox::new();
    lines_and_hotfix(&sandbox);
    sandbox.git(["checkout", "--quiet", "develop"]);
    let before = sandbox.refs();

    sandbox
        .hotfix(["backport", "HOTFIX-001", "--all-affected", "--tag", "--yes"])
        .code(3);
    assert_ne!(sandbox.refs(), before);
    let out = stdout(&sandbox.hotfix(["backport", "--abort"]).success());
    assert!(
        out.starts_with("Aborted the backport of HOTFIX-001: every branch, tag and note is back where it was, and 'develop' is checked out."),
        "{out}"
    );
    assert_eq!(sandbox.refs(), before);
    assert_eq!(sandbox.current_branch(), "develop");
    assert_eq!(
        sandbox.git(["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
    assert!(sandbox.metadata("HOTFIX-001").get("backports").is_none());
}

#[test]
fn a_backport_killed_after_any_step_aborts_exactly_and_continues_to_the_end() {
    let steps = [
        "onto-support/1.4",
        "tagged-support/1.4",
        "onto-release/1.6",
        "tagged-release/1.6",
        "recorded",
        "returned",
    ];
    // After the step's state, and after its work before the state recorded it.
    let points = steps.iter().flat_map(|step| {
        [
            format!("backport:{step}"),
            format!("backport:{step}:unsaved"),
        ]
    });
    for point in points {
        let sandbox = Sandbox::new();
        let fix = lines_and_hotfix(&sandbox);
        let support = sandbox.rev("support/1.4");
        let release = sandbox.rev("release/1.6");
        let refs_before = sandbox.refs();
        let reachable_before = sandbox.reachable();
        let args = [
            "backport",
            "HOTFIX-001",
            "--onto",
            "support/1.4",
            "--onto",
            "release/1.6",
            "--tag",
            "--yes",
        ];

        sandbox.killed_at(&point, &args);
        let err = stderr(&sandbox.hotfix(args).code(1));
        assert!(
            err.contains("a 'backport' of HOTFIX-001 is in progress"),
            "{point}: {err}"
        );
        sandbox.hotfix(["backport", "--abort"]).success();
        assert_eq!(sandbox.refs(), refs_before, "{point}");
        assert_eq!(sandbox.current_branch(), "main", "{point}");

        sandbox.killed_at(&point, &args);
        let out = stdout(&sandbox.hotfix(["backport", "--continue"]).success());
        assert!(
            out.starts_with("Backported HOTFIX-001:\n"),
            "{point}: {out}"
        );
        // One pick on each line: nothing was picked twice.
        assert_picked(&sandbox, "hotfix/auth-support-1.4", &support, &fix);
        assert_picked(&sandbox, "hotfix/auth-release-1.6", &release, &fix);
        assert_eq!(
            sandbox.rev("v1.6.1^{commit}"),
            sandbox.rev("hotfix/auth-release-1.6"),
            "{point}"
        );
        assert_eq!(sandbox.current_branch(), "main", "{point}");
        let meta = sandbox.metadata("HOTFIX-001");
        assert_eq!(meta["backports"].as_array().unwrap().len(), 2, "{point}");
        assert_eq!(
            events(&meta).iter().filter(|e| *e == "backported").count(),
            2,
            "{point}"
        );
        assert!(
            !sandbox.refs().contains("refs/hotfix-operation/"),
            "{point}"
        );
        let lost: Vec<_> = reachable_before
            .difference(&sandbox.reachable())
            .cloned()
            .collect();
        assert!(lost.is_empty(), "{point}: lost {lost:?}");
    }
}

#[test]
fn direct_picks_onto_the_target_itself_from_an_open_hotfix() {
    let sandbox = Sandbox::new();
    let support = sandbox.release_line("support/1.4", ORIGINAL, "v1.4.0");
    sandbox.fixed_hotfix("auth", &[]);
    let fix = sandbox.rev("hotfix/auth");
    let out = stdout(
        &sandbox
            .hotfix(["backport", "--onto", "support/1.4", "--direct", "--yes"])
            .success(),
    );
    assert!(out.contains("support/1.4  1 commit(s) ("), "{out}");
    assert_picked(&sandbox, "support/1.4", &support, &fix);
    assert!(
        !sandbox
            .refs()
            .contains("refs/heads/hotfix/auth-support-1.4 ")
    );
    assert_eq!(sandbox.current_branch(), "hotfix/auth");
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["backports"][0]["branch"], "support/1.4");
    assert!(meta["backports"][0].get("tag").is_none());
}

#[test]
fn bad_input_is_refused_with_a_hint_and_nothing_changed() {
    let sandbox = Sandbox::new();
    let refuse = |args: &[&str], expected: &str| {
        sandbox.assert_refused_unchanged(
            args,
            Refusal::exit(1)
                .contains(format!("error: {expected}"))
                .contains("\nhint: "),
        );
    };
    refuse(
        &["backport", "--continue"],
        "there is no 'backport' in progress to continue",
    );
    refuse(
        &["backport", "--skip"],
        "there is no 'backport' in progress to skip",
    );
    sandbox.fixed_hotfix("auth", &[]);
    // Naming no target is a usage error, as the exit-code table says.
    sandbox.assert_refused_unchanged(
        ["backport", "--yes"],
        Refusal::exit(2).contains("the following required arguments were not provided"),
    );
    refuse(
        &["backport", "--onto", "release/9.9", "--yes"],
        "there is no branch 'release/9.9' to backport onto",
    );
    refuse(
        &["backport", "--all-affected", "--yes"],
        "there is no branch to backport onto",
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    refuse(
        &["backport", "HOTFIX-001", "--onto", "develop", "--yes"],
        "every target already has the commits of HOTFIX-001",
    );
    sandbox.release_line("support/1.4", ORIGINAL, "v1.4.0");
    sandbox.git(["tag", "v1.4.1", "main"]);
    refuse(
        &[
            "backport",
            "HOTFIX-001",
            "--onto",
            "support/1.4",
            "--tag",
            "--yes",
        ],
        "the tag 'v1.4.1' for the backport onto 'support/1.4' already exists",
    );
}

#[test]
fn backport_prints_each_line_it_picked_onto() {
    let sandbox = Sandbox::new();
    lines_and_hotfix(&sandbox);
    let assert = sandbox
        .hotfix([
            "backport",
            "HOTFIX-001",
            "--onto",
            "support/1.4",
            "--onto",
            "release/1.6",
            "--tag",
            "--yes",
        ])
        .success();
    insta::assert_snapshot!("backport", sandbox.printed(&assert));
}

#[test]
fn a_note_branch_that_reads_as_an_option_never_reaches_git() {
    let sandbox = Sandbox::new();
    lines_and_hotfix(&sandbox);
    // The victim's own branch of the name the planted option would reset.
    sandbox.git(["branch", "hotfix/login-release-1.5", "main"]);
    let own = sandbox.rev("hotfix/login-release-1.5");
    sandbox.hotfix(["sync"]).success();

    let attacker = sandbox.clone_named("attacker");
    attacker.hotfix(["sync"]).success();
    let mut meta = attacker.metadata("HOTFIX-001");
    meta["branch"] = "-Bhotfix/login".into();
    attacker.write_note(&attacker.anchor("HOTFIX-001"), &meta);
    attacker.hotfix(["sync"]).success();

    sandbox.hotfix(["sync"]).success();
    // Refused when the notes are read: a branch name may not start with '-'.
    let err = sandbox.assert_refused_unchanged(
        ["backport", "HOTFIX-001", "--onto", "release/1.5", "--yes"],
        crate::common::Refusal::exit(1).contains("could not be read"),
    );
    let warned = crate::common::stderr(&sandbox.hotfix(["list"]).success());
    assert!(warned.contains("-Bhotfix/login"), "{warned}");
    assert!(!err.contains("checkout"), "{err}");
    assert_eq!(sandbox.rev("hotfix/login-release-1.5"), own);
}

#[test]
fn a_backport_begun_by_an_older_version_still_makes_its_tag_when_continued() {
    let sandbox = Sandbox::new();
    lines_and_hotfix(&sandbox);
    let args = [
        "backport",
        "HOTFIX-001",
        "--onto",
        "support/1.4",
        "--tag",
        "--yes",
    ];
    sandbox.killed_at("backport:onto-support/1.4:unsaved", &args);
    // As an older version kept it: a blob without the tagging step, which `onto` did.
    let state = "refs/hotfix-operation/state";
    let body = sandbox.git(["log", "-1", "--format=%b", state]);
    let mut json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let steps = json["steps"].as_array_mut().unwrap();
    steps.retain(|step| step.get("tagged").is_none());
    let file = sandbox.dir.path().join("old-state.json");
    std::fs::write(&file, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let blob = sandbox.git(["hash-object", "-w", file.to_str().unwrap()]);
    sandbox.git(["update-ref", state, blob.trim()]);

    sandbox.hotfix(["backport", "--continue"]).success();
    assert_eq!(
        sandbox.rev("v1.4.1^{commit}"),
        sandbox.rev("hotfix/auth-support-1.4")
    );
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
}
