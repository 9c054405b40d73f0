use crate::common::{Refusal, Sandbox, events, fixed_app, stderr, stdout};

const BRANCH: &str = "hotfix/auth";

fn parents(sandbox: &Sandbox, rev: &str) -> Vec<String> {
    sandbox
        .git(["rev-list", "--parents", "-n", "1", rev])
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// A commit on develop that changes the line the fix changes, so merging back conflicts.
fn conflicting_develop(sandbox: &Sandbox) {
    sandbox.git(["checkout", "--quiet", "develop"]);
    sandbox.commit(
        "app.js",
        "function login() {\n  return checkPassword();\n}\n",
        &["-m", "Check the password"],
    );
    sandbox.git(["checkout", "--quiet", BRANCH]);
}

#[test]
fn finish_merges_into_main_and_develop_tags_the_merge_and_records_it() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    let main_before = sandbox.rev("main");
    let develop_before = sandbox.rev("develop");
    let tip = sandbox.rev(BRANCH);

    let assert = sandbox.hotfix(["finish", "--yes"]).success();
    let out = stdout(&assert);
    assert!(
        out.starts_with("Finished HOTFIX-001: released v2.0.2\n"),
        "{out}"
    );
    assert!(out.contains("Publish it with: git push --atomic origin refs/heads/main:refs/heads/main refs/heads/develop:refs/heads/develop refs/tags/v2.0.2:refs/tags/v2.0.2 refs/notes/hotfix:refs/notes/hotfix"), "{out}");

    assert_eq!(parents(&sandbox, "main"), [main_before, tip.clone()]);
    assert_eq!(parents(&sandbox, "develop"), [develop_before, tip.clone()]);
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", "main"]).trim(),
        "Merge hotfix/auth (HOTFIX-001)"
    );
    assert_eq!(sandbox.git(["cat-file", "-t", "v2.0.2"]).trim(), "tag");
    assert_eq!(sandbox.rev("v2.0.2^{commit}"), sandbox.rev("main"));
    assert_eq!(
        sandbox
            .git(["tag", "-l", "--format=%(contents:subject)", "v2.0.2"])
            .trim(),
        "Hotfix HOTFIX-001: Auth"
    );
    assert_eq!(sandbox.current_branch(), "main");
    assert!(sandbox.git(["branch", "--list", BRANCH]).is_empty());
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");

    let meta = sandbox.metadata(&id);
    assert_eq!(meta["status"], "finished");
    assert_eq!(meta["version"], "2.0.2");
    assert_eq!(meta["tag"], "v2.0.2");
    assert_eq!(meta["merges"][0]["branch"], "main");
    assert_eq!(meta["merges"][0]["commit"], sandbox.rev("main"));
    assert_eq!(meta["merges"][1]["branch"], "develop");
    assert_eq!(meta["merges"][1]["commit"], sandbox.rev("develop"));
    assert_eq!(meta["tests"][0]["passed"], true);
    let events = events(&meta);
    for event in ["verified", "merged", "tagged", "finished"] {
        assert!(events.contains(&event.to_string()), "{events:?}");
    }
    assert_eq!(events.iter().filter(|e| *e == "merged").count(), 2);
}

#[test]
fn a_second_hotfix_gets_the_next_patch_version() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.hotfix(["finish", "--yes"]).success();
    let id = sandbox.start("session", &["--severity", "P1", "--from", "main"]);
    sandbox.commit(
        "session.js",
        &format!("// HOTFIX: {id} - Expire sessions\nexpire();\n"),
        &["-m", &format!("{id}: Expire sessions")],
    );
    let out = stdout(&sandbox.hotfix(["finish", "--yes"]).success());
    assert!(
        out.starts_with("Finished HOTFIX-002: released v2.0.3\n"),
        "{out}"
    );
    assert_eq!(sandbox.metadata(&id)["version"], "2.0.3");
}

#[test]
fn version_flag_names_the_release_and_an_existing_tag_is_refused() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.assert_refused_unchanged(
        ["finish", "--yes", "--version", "2.0.1"],
        Refusal::exit(1)
            .starts_with("error: the tag 'v2.0.1' already exists\n")
            .contains("hint: "),
    );

    sandbox
        .hotfix(["finish", "--yes", "--version", "3.0.0"])
        .success();
    assert_eq!(sandbox.rev("v3.0.0^{commit}"), sandbox.rev("main"));
    assert_eq!(sandbox.metadata("HOTFIX-001")["version"], "3.0.0");
}

#[test]
fn tag_format_setting_shapes_the_tag() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "gitflow.prefix.versiontag", "release-"]);
    sandbox.git(["tag", "release-2.0.1", "v2.0.1"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(sandbox.metadata("HOTFIX-001")["tag"], "release-2.0.2");
    assert!(sandbox.refs().contains("refs/tags/release-2.0.2 "));
}

#[test]
fn push_sends_main_develop_the_tag_and_the_notes_atomically() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let out = stdout(&sandbox.hotfix(["finish", "--yes", "--push"]).success());
    assert!(
        out.contains("Pushed main, develop, v2.0.2 and the notes to 'origin'."),
        "{out}"
    );
    let remote = sandbox.remote_refs();
    for refname in ["refs/heads/main", "refs/heads/develop", "refs/tags/v2.0.2"] {
        let local = sandbox.git(["rev-parse", refname]);
        assert!(
            remote.contains(&format!("{refname} {}", local.trim())),
            "{refname} missing from\n{remote}"
        );
    }
    // The notes on the remote hold the finished hotfix (the local notes add the push event).
    let origin = sandbox.in_dir(&sandbox.remote);
    let notes = origin.git(["notes", "--ref=hotfix", "list"]);
    let anchor = notes.split_whitespace().nth(1).unwrap();
    let shown = origin.git(["notes", "--ref=hotfix", "show", anchor]);
    assert!(shown.contains("\"status\": \"finished\""), "{shown}");
    assert!(events(&sandbox.metadata("HOTFIX-001")).contains(&"pushed".to_string()));
}

#[test]
fn a_rejected_push_keeps_the_local_release_and_says_how_to_retry() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let other = sandbox.clone_named("other");
    other.commit("news.txt", "x\n", &["-m", "Pushed meanwhile"]);
    other.git(["push", "--quiet", "origin", "main"]);
    let remote_before = sandbox.remote_refs();

    let assert = sandbox.hotfix(["finish", "--yes", "--push"]).code(1);
    let err = stderr(&assert);
    assert!(err.contains("error: the push to 'origin' was rejected; nothing was pushed, and the finished release is intact here"), "{err}");
    assert!(
        err.contains("retry with: git push --atomic origin"),
        "{err}"
    );
    assert_eq!(sandbox.remote_refs(), remote_before);
    assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "finished");
    assert!(sandbox.refs().contains("refs/tags/v2.0.2 "));
}

#[test]
fn a_conflict_stops_with_exit_3_and_continue_completes_the_finish() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    let tip = sandbox.rev(BRANCH);

    let assert = sandbox.hotfix(["finish", "--yes"]).code(3);
    let err = stderr(&assert);
    assert!(
        err.contains("Conflicts merging 'hotfix/auth' into 'develop':\n  app.js\n"),
        "{err}"
    );
    assert!(
        err.contains("error: the merge into 'develop' stopped on conflicts in 1 file(s)"),
        "{err}"
    );
    assert!(
        err.contains("'git add' each file, then run 'git hotfix finish --continue'"),
        "{err}"
    );
    assert!(err.contains("git hotfix finish --abort"), "{err}");
    assert!(sandbox.refs().contains("refs/hotfix-operation/state "));
    // The production side is done and tagged already.
    assert_eq!(sandbox.rev("v2.0.2^{commit}"), sandbox.rev("main"));

    let assert = sandbox.hotfix(["finish", "--continue"]).code(3);
    assert!(
        stderr(&assert).starts_with("error: 1 file(s) still have conflicts: app.js\n"),
        "{}",
        stderr(&assert)
    );

    sandbox.write("app.js", &fixed_app("HOTFIX-001"));
    sandbox.git(["add", "app.js"]);
    let out = stdout(&sandbox.hotfix(["finish", "--continue"]).success());
    assert!(
        out.starts_with("Finished HOTFIX-001: released v2.0.2\n"),
        "{out}"
    );
    assert_eq!(parents(&sandbox, "develop")[1], tip);
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", "develop"]).trim(),
        "Merge hotfix/auth (HOTFIX-001)"
    );
    assert_eq!(sandbox.current_branch(), "main");
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["status"], "finished");
    assert_eq!(meta["merges"].as_array().unwrap().len(), 2);
}

#[test]
fn abort_after_a_conflict_restores_every_ref_exactly() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    let before = sandbox.refs();

    sandbox.hotfix(["finish", "--yes"]).code(3);
    assert_ne!(sandbox.refs(), before);
    let out = stdout(&sandbox.hotfix(["finish", "--abort"]).success());
    assert!(out.starts_with("Aborted the finish of HOTFIX-001: every branch, tag and note is back where it was, and 'hotfix/auth' is checked out."), "{out}");
    assert_eq!(sandbox.refs(), before);
    assert_eq!(sandbox.current_branch(), BRANCH);
    assert_eq!(
        sandbox.git(["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
    assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "open");
    // Finishing again works from scratch.
    sandbox.hotfix(["finish", "--yes"]).code(3);
}

#[test]
fn the_state_of_a_stopped_finish_keeps_the_old_values_through_gc() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    let (main, develop, tip) = (
        sandbox.rev("main"),
        sandbox.rev("develop"),
        sandbox.rev(BRANCH),
    );
    sandbox.hotfix(["finish", "--yes"]).code(3);

    let state = "refs/hotfix-operation/state";
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", state]).trim(),
        "hotfix finish: HOTFIX-001 in progress"
    );
    let body = sandbox.git(["log", "-1", "--format=%b", state]);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["kind"], "finish");
    let kept = sandbox.git(["log", "-1", "--format=%P", state]);
    for old in [&main, &develop, &tip] {
        assert!(kept.contains(old.as_str()), "{kept}");
    }
    // The user gives up the stopped merge and moves develop away: its old commit, never
    // pushed, is then reachable only through the state, and gc keeps it.
    sandbox.git(["merge", "--abort"]);
    sandbox.git(["checkout", "--quiet", "--detach"]);
    sandbox.git(["branch", "--force", "develop", &main]);
    sandbox.git(["reflog", "expire", "--expire=now", "--all"]);
    sandbox.git(["gc", "--quiet", "--prune=now"]);
    assert_eq!(sandbox.git(["cat-file", "-t", &develop]).trim(), "commit");

    let out = stdout(&sandbox.hotfix(["finish", "--abort"]).success());
    assert!(
        out.contains("what it held before is saved as refs/hotfix-backup/heads/develop"),
        "{out}"
    );
    assert_eq!(sandbox.rev("refs/hotfix-backup/heads/develop"), develop);
}

#[test]
fn a_finish_killed_after_the_first_merge_can_be_aborted() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();
    sandbox.killed_at("finish:merged-production", &["finish", "--yes"]);
    assert_eq!(sandbox.current_branch(), "main");
    assert_ne!(sandbox.rev("main"), sandbox.rev("origin/main"));

    // Nothing else runs meanwhile.
    let assert = sandbox.hotfix(["finish", "HOTFIX-001", "--yes"]).code(1);
    assert!(stderr(&assert).contains("a 'finish' of HOTFIX-001 is in progress"));

    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.refs(), before);
    assert_eq!(sandbox.current_branch(), BRANCH);
    assert_eq!(sandbox.git(["status", "--porcelain"]), "");
}

#[test]
fn a_finish_killed_after_any_step_continues_without_repeating_it() {
    let steps = ["merged-production", "tagged", "merged-develop", "recorded"];
    let points = steps
        .iter()
        .flat_map(|step| [format!("finish:{step}"), format!("finish:{step}:unsaved")]);
    for point in &points.collect::<Vec<_>>() {
        let sandbox = Sandbox::new();
        sandbox.fixed_hotfix("auth", &[]);
        let main_before = sandbox.rev("main");
        sandbox.killed_at(point, &["finish", "--yes"]);
        let out = stdout(&sandbox.hotfix(["finish", "--continue"]).success());
        assert!(
            out.starts_with("Finished HOTFIX-001: released v2.0.2\n"),
            "{point}: {out}"
        );
        // One merge into main, on top of where it was: the killed step was not made twice.
        assert_eq!(parents(&sandbox, "main")[0], main_before, "{point}");
        assert_eq!(
            sandbox.rev("v2.0.2^{commit}"),
            sandbox.rev("main"),
            "{point}"
        );
        let meta = sandbox.metadata("HOTFIX-001");
        assert_eq!(meta["status"], "finished", "{point}");
        assert_eq!(meta["merges"].as_array().unwrap().len(), 2, "{point}");
        let events = events(&meta);
        // The verification's records too, kept in the state until the release was recorded.
        for (event, count) in [
            ("verified", 1),
            ("tests-passed", 1),
            ("merged", 2),
            ("tagged", 1),
            ("finished", 1),
        ] {
            assert_eq!(
                events.iter().filter(|e| *e == event).count(),
                count,
                "{point}: {events:?}"
            );
        }
        assert_eq!(meta["tests"].as_array().unwrap().len(), 1, "{point}");
        assert!(
            !sandbox.refs().contains("refs/hotfix-operation/"),
            "{point}"
        );
    }
}

#[test]
fn failing_tests_stop_the_finish_with_nothing_changed() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "hotfix.testCommand", "false"]);
    sandbox.assert_refused_unchanged(
        ["finish", "--yes"],
        Refusal::exit(1).contains("error: the tests fail on"),
    );
    assert_eq!(sandbox.current_branch(), BRANCH);
}

#[test]
fn skip_tests_is_recorded() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "hotfix.testCommand", "false"]);
    sandbox
        .hotfix(["finish", "--yes", "--skip-tests"])
        .success();
    let meta = sandbox.metadata("HOTFIX-001");
    assert!(events(&meta).contains(&"tests-skipped".to_string()));
    assert!(meta.get("tests").is_none());
}

#[test]
fn a_rule_violation_stops_the_finish_with_nothing_changed() {
    let sandbox = Sandbox::new();
    let id = sandbox.start("auth", &["--severity", "P0"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.commit(
        "app.js",
        &fixed_app(&id),
        &["--no-verify", "-m", "Deny by default"],
    );
    sandbox.assert_refused_unchanged(
        ["finish", "--yes"],
        Refusal::exit(1).starts_with("error: HOTFIX-001 breaks 1 rule(s): headers"),
    );
}

#[test]
fn without_develop_here_or_on_the_remote_the_back_merge_is_skipped() {
    let sandbox = Sandbox::new();
    sandbox.git(["branch", "-D", "develop"]);
    sandbox.git(["push", "--quiet", "origin", "--delete", "develop"]);
    sandbox.fixed_hotfix("auth", &[]);
    let assert = sandbox.hotfix(["finish", "--yes"]).success();
    let out = stdout(&assert);
    assert!(
        out.contains("  develop   skipped (no branch 'develop' here or on 'origin')\n"),
        "{out}"
    );
    // The default name, not configured: nothing to warn about.
    assert!(!stderr(&assert).contains("develop"), "{}", stderr(&assert));
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["merges"].as_array().unwrap().len(), 1);
    assert!(!sandbox.refs().contains("refs/heads/develop "));
}

/// A clone of the remote as `git clone` makes it: `main` is the only local branch, develop
/// and the others exist as `origin/<name>` alone.
fn fresh_clone(origin: &Sandbox) -> Sandbox {
    fresh_clone_named(origin, "fresh")
}

fn fresh_clone_named(origin: &Sandbox, name: &str) -> Sandbox {
    let fresh = origin.clone_named(name);
    assert_eq!(
        fresh.git(["branch", "--format=%(refname)"]),
        "refs/heads/main\n"
    );
    assert!(fresh.refs().contains("refs/remotes/origin/develop "));
    fresh
}

/// The upstream of a local branch, as `git rev-parse --abbrev-ref <branch>@{upstream}` names it.
fn upstream(sandbox: &Sandbox, branch: &str) -> String {
    sandbox
        .git([
            "rev-parse",
            "--abbrev-ref",
            &format!("{branch}@{{upstream}}"),
        ])
        .trim()
        .to_string()
}

#[test]
fn develop_only_on_the_remote_is_created_from_it_as_git_switch_would_and_gets_the_fix() {
    let sandbox = fresh_clone(&Sandbox::new());
    let id = sandbox.fixed_hotfix("auth", &[]);
    let remote_develop = sandbox.rev("origin/develop");
    let tip = sandbox.rev(BRANCH);

    let assert = sandbox.hotfix(["finish", "--yes"]).success();
    let (out, err) = (stdout(&assert), stderr(&assert));
    assert!(
        err.contains("Created 'develop' from 'origin/develop' (tracking it), as 'git switch develop' would.\n"),
        "{err}"
    );
    let merge = sandbox.git(["rev-parse", "--short", "develop"]);
    assert!(
        out.contains(&format!(
            "  develop   merged ({}), created from 'origin/develop'\n",
            merge.trim()
        )),
        "{out}"
    );
    assert!(
        out.contains("refs/heads/develop:refs/heads/develop"),
        "{out}"
    );
    assert_eq!(parents(&sandbox, "develop"), [remote_develop, tip.clone()]);
    assert_eq!(upstream(&sandbox, "develop"), "origin/develop");
    assert_eq!(
        sandbox
            .git(["branch", "--contains", &tip, "--format=%(refname:short)"])
            .lines()
            .collect::<Vec<_>>(),
        ["develop", "main"]
    );
    let meta = sandbox.metadata(&id);
    assert_eq!(meta["merges"][1]["branch"], "develop");
    assert_eq!(meta["merges"][1]["commit"], sandbox.rev("develop"));
}

#[test]
fn dry_run_says_develop_would_be_created_and_creates_nothing() {
    let sandbox = fresh_clone(&Sandbox::new());
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();
    let out = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(
        out.contains("create develop from origin/develop, tracking it (as 'git switch develop' would)\n       git branch --track develop origin/develop\n"),
        "{out}"
    );
    assert!(out.contains("merge hotfix/auth into develop"), "{out}");
    assert_eq!(sandbox.refs(), before);
    assert!(
        !sandbox
            .try_git(["config", "--get", "branch.develop.remote"])
            .status
            .success()
    );
}

#[test]
fn abort_deletes_the_develop_it_created_and_continue_completes_with_it() {
    let origin = Sandbox::new();
    origin.git(["checkout", "--quiet", "develop"]);
    origin.commit(
        "app.js",
        "function login() {\n  return checkPassword();\n}\n",
        &["-m", "Check the password"],
    );
    origin.git(["push", "--quiet", "origin", "develop"]);
    let sandbox = fresh_clone(&origin);
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();

    let err = stderr(&sandbox.hotfix(["finish", "--yes"]).code(3));
    assert!(
        err.contains("Conflicts merging 'hotfix/auth' into 'develop':\n  app.js\n"),
        "{err}"
    );
    assert_eq!(upstream(&sandbox, "develop"), "origin/develop");
    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.refs(), before);
    assert!(
        !sandbox
            .try_git(["config", "--get-regexp", "^branch\\.develop\\."])
            .status
            .success(),
        "the created branch's upstream is still configured"
    );
    assert_eq!(sandbox.current_branch(), BRANCH);

    // Again, resolved and continued: the branch created before the stop is used as it is.
    sandbox.hotfix(["finish", "--yes"]).code(3);
    sandbox.write("app.js", &fixed_app("HOTFIX-001"));
    sandbox.git(["add", "app.js"]);
    let out = stdout(&sandbox.hotfix(["finish", "--continue"]).success());
    assert!(out.contains("created from 'origin/develop'"), "{out}");
    assert_eq!(
        parents(&sandbox, "develop"),
        [
            sandbox.rev("origin/develop"),
            sandbox.rev("v2.0.2^{commit}^2")
        ]
    );
    assert_eq!(upstream(&sandbox, "develop"), "origin/develop");
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
}

#[test]
fn a_finish_killed_around_the_creation_of_develop_continues_or_aborts_cleanly() {
    let origin = Sandbox::new();
    // Killed before the merge back: --continue creates develop.
    let sandbox = fresh_clone(&origin);
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.killed_at("finish:tagged", &["finish", "--yes"]);
    assert!(!sandbox.refs().contains("refs/heads/develop "));
    let assert = sandbox.hotfix(["finish", "--continue"]).success();
    assert!(
        stderr(&assert).contains("Created 'develop' from 'origin/develop'"),
        "{}",
        stderr(&assert)
    );
    assert_eq!(
        parents(&sandbox, "develop")[0],
        sandbox.rev("origin/develop")
    );
    assert_eq!(upstream(&sandbox, "develop"), "origin/develop");

    // Killed after it: --abort deletes the created branch and its upstream.
    let sandbox = fresh_clone_named(&origin, "second");
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();
    sandbox.killed_at("finish:merged-develop", &["finish", "--yes"]);
    assert!(sandbox.refs().contains("refs/heads/develop "));
    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.refs(), before);
    assert!(
        !sandbox
            .try_git(["config", "--get", "branch.develop.merge"])
            .status
            .success()
    );
}

#[test]
fn an_open_release_branch_only_on_the_remote_is_created_merged_and_pushed() {
    let origin = Sandbox::new();
    origin.git(["branch", "release/2.1.0", "develop"]);
    // A maintenance line of a released version, on the remote too: not an open release.
    origin.git(["branch", "release/2.0", "v2.0.1"]);
    origin.git(["push", "--quiet", "origin", "release/2.1.0", "release/2.0"]);
    let sandbox = fresh_clone(&origin);
    sandbox.fixed_hotfix("auth", &[]);

    let assert = sandbox.hotfix(["finish", "--yes", "--push"]).success();
    let (out, err) = (stdout(&assert), stderr(&assert));
    assert!(
        err.contains("Created 'release/2.1.0' from 'origin/release/2.1.0' (tracking it)"),
        "{err}"
    );
    assert!(
        out.contains("Pushed main, release/2.1.0, v2.0.2 and the notes to 'origin'."),
        "{out}"
    );
    assert_eq!(parents(&sandbox, "release/2.1.0").len(), 2);
    assert_eq!(upstream(&sandbox, "release/2.1.0"), "origin/release/2.1.0");
    let remote = sandbox.remote_refs();
    let local = sandbox.rev("release/2.1.0");
    assert!(
        remote.contains(&format!("refs/heads/release/2.1.0 {local}")),
        "{remote}"
    );
    // Neither develop nor the maintenance line was touched or created.
    assert!(!sandbox.refs().contains("refs/heads/develop "));
    assert!(!sandbox.refs().contains("refs/heads/release/2.0 "));
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["merges"][1]["branch"],
        "release/2.1.0"
    );
}

#[test]
fn a_configured_develop_branch_that_exists_nowhere_is_a_warning_not_a_silent_skip() {
    let sandbox = Sandbox::new();
    sandbox.git(["config", "hotfix.developBranch", "trunk"]);
    sandbox.fixed_hotfix("auth", &[]);
    let develop = sandbox.rev("develop");

    let dry = sandbox.hotfix(["finish", "--dry-run"]).success();
    let warning = "warning: hotfix.developBranch is 'trunk', but there is no branch 'trunk' here or on 'origin': the fix will not be merged back\n";
    assert!(stderr(&dry).contains(warning), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains(
            "skip merging back into trunk (hotfix.developBranch names no branch here or on 'origin')"
        ),
        "{}",
        stdout(&dry)
    );

    let assert = sandbox.hotfix(["finish", "--yes"]).success();
    let (out, err) = (stdout(&assert), stderr(&assert));
    assert!(err.contains(warning), "{err}");
    assert!(
        err.contains("hint: create it (e.g. 'git branch trunk main' and push it), correct hotfix.developBranch, or finish with --no-develop\n"),
        "{err}"
    );
    assert!(
        out.contains(
            "  trunk     skipped (hotfix.developBranch names no branch here or on 'origin')\n"
        ),
        "{out}"
    );
    assert_eq!(sandbox.rev("develop"), develop);
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["merges"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // --no-develop says why, and has nothing to warn about.
    let sandbox = Sandbox::new();
    sandbox.git(["config", "hotfix.developBranch", "trunk"]);
    sandbox.fixed_hotfix("auth", &[]);
    let assert = sandbox
        .hotfix(["finish", "--yes", "--no-develop"])
        .success();
    assert!(!stderr(&assert).contains("trunk"), "{}", stderr(&assert));
    assert!(
        stdout(&assert).contains("  trunk     skipped (--no-develop)\n"),
        "{}",
        stdout(&assert)
    );
}

#[test]
fn no_develop_and_keep_branch_flags() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let develop = sandbox.rev("develop");
    let out = stdout(
        &sandbox
            .hotfix(["finish", "--yes", "--no-develop", "--keep-branch"])
            .success(),
    );
    assert!(out.contains("branch    hotfix/auth kept"), "{out}");
    assert!(
        out.contains("  develop   skipped (--no-develop)\n"),
        "{out}"
    );
    assert_eq!(sandbox.rev("develop"), develop);
    assert!(sandbox.refs().contains("refs/heads/hotfix/auth "));
    assert_eq!(sandbox.current_branch(), "main");
}

#[test]
fn an_open_release_branch_gets_the_fix_instead_of_develop() {
    let sandbox = Sandbox::new();
    sandbox.git(["branch", "release/2.1.0", "develop"]);
    sandbox.fixed_hotfix("auth", &[]);
    let develop = sandbox.rev("develop");
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(sandbox.rev("develop"), develop);
    assert_eq!(parents(&sandbox, "release/2.1.0").len(), 2);
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["merges"][1]["branch"],
        "release/2.1.0"
    );
}

#[test]
fn a_maintenance_line_of_a_released_version_is_not_an_open_release() {
    let sandbox = Sandbox::new();
    // release/2.0 carries the 2.0 line (backports land there); 2.0.1 is already released.
    sandbox.git(["branch", "release/2.0", "v2.0.1"]);
    sandbox.fixed_hotfix("auth", &[]);
    let maintenance = sandbox.rev("release/2.0");
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(sandbox.rev("release/2.0"), maintenance);
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["merges"][1]["branch"],
        "develop"
    );
}

#[test]
fn release_notes_name_the_version_finish_tags() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &["--from-last-tag"]);
    // Production released 2.0.3 meanwhile; the hotfix is cut from 2.0.1.
    sandbox.git(["checkout", "--quiet", "main"]);
    sandbox.commit("later.txt", "x\n", &["-m", "Later work"]);
    sandbox.git(["tag", "-a", "v2.0.3", "-m", "Release 2.0.3"]);
    sandbox.git(["checkout", "--quiet", BRANCH]);
    let notes = stdout(&sandbox.hotfix(["release-notes"]).success());
    assert!(notes.contains("2.0.4"), "{notes}");
    let out = stdout(&sandbox.hotfix(["finish", "--yes", "--no-sync"]).success());
    assert!(out.contains("released v2.0.4"), "{out}");
}

#[test]
fn from_last_tag_while_main_has_unreleased_work_tags_the_hotfix_tip() {
    let sandbox = Sandbox::new();
    sandbox.commit("feature.txt", "unreleased\n", &["-m", "Unreleased feature"]);
    sandbox.fixed_hotfix("auth", &["--from-last-tag"]);
    let tip = sandbox.rev(BRANCH);
    let assert = sandbox.hotfix(["finish", "--yes"]).success();
    assert!(
        stderr(&assert).contains("the tag goes on the hotfix tip"),
        "{}",
        stderr(&assert)
    );
    assert!(stdout(&assert).contains("carries unreleased work"));
    assert_eq!(sandbox.rev("v2.0.2^{commit}"), tip);
    assert_eq!(parents(&sandbox, "main")[1], tip);
    let meta = sandbox.metadata("HOTFIX-001");
    let tagged = meta["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "tagged")
        .unwrap();
    assert!(
        tagged["detail"]
            .as_str()
            .unwrap()
            .contains("the hotfix tip")
    );
}

#[test]
fn a_production_branch_that_moved_on_is_merged_and_reported() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["checkout", "--quiet", "main"]);
    sandbox.commit("other.txt", "x\n", &["-m", "Another release"]);
    sandbox.git(["checkout", "--quiet", BRANCH]);
    let assert = sandbox.hotfix(["finish", "--yes"]).success();
    assert!(
        stderr(&assert).contains("'main' moved on since HOTFIX-001 started (1 new commit(s))"),
        "{}",
        stderr(&assert)
    );
    assert_eq!(sandbox.rev("v2.0.2^{commit}"), sandbox.rev("main"));
}

#[test]
fn dry_run_prints_the_steps_and_changes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();
    let out = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(
        out.starts_with("Finishing HOTFIX-001 would (dry run: nothing is changed):"),
        "{out}"
    );
    assert!(
        out.contains("git merge --no-ff --no-edit -m 'Merge hotfix/auth (HOTFIX-001)'"),
        "{out}"
    );
    assert!(
        out.contains("git tag -a v2.0.2 -m 'Hotfix HOTFIX-001: Auth' '<commit>'"),
        "{out}"
    );
    assert!(out.contains("git checkout develop"), "{out}");
    assert!(out.contains("git branch -D hotfix/auth"), "{out}");
    assert_eq!(sandbox.refs(), before);
}

const GH_STUB: &str = "#!/bin/sh\nprintf '%s\\0' \"$@\" > \"$GH_LOG\"\necho 'Creating pull request'\necho https://github.com/acme/app/pull/7\n";

/// The sandbox with a PATH holding a `gh` stub that logs its arguments to `gh.log`, and
/// otherwise only git and sh.
fn with_gh_stub(sandbox: &Sandbox) -> Sandbox {
    let stubs = sandbox.dir.path().join("stubs");
    sandbox.script(&stubs.join("gh"), GH_STUB);
    sandbox
        .with_env("PATH", sandbox.path_with(&[&stubs]))
        .with_env("GH_LOG", sandbox.dir.path().join("gh.log"))
}

fn gh_args(sandbox: &Sandbox) -> Vec<String> {
    let log = std::fs::read(sandbox.dir.path().join("gh.log")).unwrap();
    String::from_utf8(log)
        .unwrap()
        .split('\0')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn pr_pushes_the_branch_and_opens_a_pull_request_with_gh() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &["--issue", "Auth bypass"]);
    sandbox.commit(
        ".github/CODEOWNERS",
        "* @everyone\n*.js @acme/js-team @lead\ndocs/ docs@example.com\n",
        &["-m", "HOTFIX-001: Name the owners"],
    );
    let main = sandbox.rev("main");
    let assert = with_gh_stub(&sandbox).hotfix(["finish", "--pr"]).success();
    let out = stdout(&assert);
    assert!(
        out.contains("Opened a pull request for HOTFIX-001: https://github.com/acme/app/pull/7"),
        "{out}"
    );

    let args = gh_args(&sandbox);
    assert_eq!(
        &args[..6],
        ["pr", "create", "--base", "main", "--head", BRANCH]
    );
    let value = |flag: &str| {
        let i = args.iter().position(|a| a == flag).unwrap();
        args[i + 1].clone()
    };
    assert_eq!(value("--title"), "🚨 HOTFIX: Auth bypass");
    assert_eq!(value("--label"), "hotfix,priority:critical");
    let body = value("--body");
    // The body is the release package that 'git hotfix release-notes' prints.
    let notes = stdout(&sandbox.hotfix(["release-notes", "HOTFIX-001"]).success());
    assert_eq!(body, notes);
    assert!(
        body.starts_with("# Hotfix release 2.0.2 (v2.0.2): HOTFIX-001 - Auth bypass\n"),
        "{body}"
    );
    assert!(body.contains("- Deny by default\n"), "{body}");
    let reviewers: Vec<_> = args
        .windows(2)
        .filter(|w| w[0] == "--reviewer")
        .map(|w| w[1].as_str())
        .collect();
    // .js files belong to the JS team; CODEOWNERS itself falls under '*'.
    assert_eq!(reviewers, ["everyone", "acme/js-team", "lead"]);

    assert!(sandbox.remote_refs().contains("refs/heads/hotfix/auth "));
    assert_eq!(sandbox.rev("main"), main);
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["pr_url"], "https://github.com/acme/app/pull/7");
    assert_eq!(meta["status"], "open");
    assert!(events(&meta).contains(&"pr-opened".to_string()));
}

#[test]
fn pr_title_and_reviewers_follow_the_settings() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &["--severity", "P2"]);
    sandbox.git(["config", "hotfix.emoji", "false"]);
    sandbox.git(["config", "hotfix.reviewers", "@alice,bob"]);
    with_gh_stub(&sandbox).hotfix(["finish", "--pr"]).success();
    let args = gh_args(&sandbox);
    let joined = args.join(" ");
    assert!(joined.contains("--title HOTFIX: Auth"), "{joined}");
    assert!(
        joined.contains("--label hotfix,priority:medium"),
        "{joined}"
    );
    assert!(
        joined.contains("--reviewer alice --reviewer bob"),
        "{joined}"
    );
}

#[test]
fn pr_without_gh_prints_the_command_and_changes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let remote_before = sandbox.remote_refs();
    let without_gh = sandbox.with_env("PATH", sandbox.path_with(&[]));
    without_gh.assert_refused_unchanged(
        ["finish", "--pr"],
        Refusal::exit(1)
            .starts_with(
                "error: 'gh' is not installed, so no pull request was opened (nothing was changed)\n",
            )
            .contains("git push --set-upstream origin refs/heads/hotfix/auth:refs/heads/hotfix/auth && gh pr create --base main --head hotfix/auth --title '🚨 HOTFIX: Auth'"),
    );
    assert_eq!(sandbox.remote_refs(), remote_before);
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
        &["finish", "--continue"],
        "there is no 'finish' in progress to continue",
    );
    refuse(
        &["finish", "--abort"],
        "there is no 'finish' in progress to abort",
    );
    refuse(
        &["finish"],
        "branch 'main' has no open hotfix, and no hotfix id was given",
    );
    refuse(
        &["finish", "HOTFIX-042"],
        "no hotfix with id HOTFIX-042 is recorded",
    );

    sandbox.start("auth", &["--severity", "P0"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    refuse(
        &["finish", "--yes"],
        "HOTFIX-001 has no commits on 'hotfix/auth': tagging it would release the same code under a new version",
    );
    sandbox.commit(
        "app.js",
        &fixed_app("HOTFIX-001"),
        &["-m", "HOTFIX-001: Deny by default"],
    );
    sandbox.write("app.js", "dirty\n");
    refuse(
        &["finish", "--yes"],
        "you have uncommitted changes to 1 tracked file(s)",
    );
    sandbox.git(["checkout", "--", "app.js"]);

    sandbox.git(["checkout", "--quiet", "--detach"]);
    refuse(
        &["finish", "--yes"],
        "HEAD is not on a branch, and no hotfix id was given",
    );
    sandbox.git(["checkout", "--quiet", BRANCH]);

    for tag in ["v2.0.0", "v2.0.1"] {
        sandbox.git(["tag", "-d", tag]);
    }
    refuse(
        &["finish", "--yes"],
        "no release tag is reachable from 'main' or 'hotfix/auth', so the version cannot be derived",
    );
    sandbox
        .hotfix(["finish", "--yes", "--version", "1.0.1"])
        .success();
    refuse(
        &["finish", "HOTFIX-001", "--yes"],
        "HOTFIX-001 is finished, there is nothing to finish",
    );
}

#[test]
fn a_failing_step_keeps_the_finish_in_progress_for_abort() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();
    // No signing key in the sandbox: `git tag -s` fails after the production merge.
    sandbox.git(["config", "gpg.program", "false"]);
    let err = stderr(&sandbox.hotfix(["finish", "--yes", "--sign"]).code(3));
    assert!(
        err.contains("error: git could not create the signed tag 'v2.0.2'"),
        "{err}"
    );
    assert!(
        err.contains("hint: fix the cause, then run 'git hotfix finish --continue'"),
        "{err}"
    );
    assert!(sandbox.refs().contains("refs/hotfix-operation/state "));
    sandbox.git(["config", "--unset", "gpg.program"]);
    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.refs(), before);
    assert_eq!(sandbox.current_branch(), BRANCH);
}

#[test]
fn unticked_checklist_items_warn_and_require_checklist_refuses() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "hotfix.requireChecklist", "true"]);
    sandbox.assert_refused_unchanged(
        ["finish", "--yes", "--no-sync"],
        Refusal::exit(1)
            .contains("error: HOTFIX-001 has ")
            .contains("unticked checklist item(s): 1. reproduce-locally"),
    );

    sandbox.git(["config", "hotfix.requireChecklist", "false"]);
    let assert = sandbox.hotfix(["finish", "--yes", "--no-sync"]).success();
    assert!(
        stderr(&assert).contains("warning: HOTFIX-001 has "),
        "{}",
        stderr(&assert)
    );
}

#[test]
fn the_notes_reach_the_remote_with_the_release_not_before_it() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.remote_notes();
    // Without --push the release is local: the notes wait for the user's own push.
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(sandbox.remote_notes(), before);

    let other = Sandbox::new();
    other.fixed_hotfix("auth", &[]);
    other.hotfix(["finish", "--yes", "--push"]).success();
    assert_eq!(
        other.remote_notes().as_deref(),
        Some(other.rev("refs/notes/hotfix").as_str())
    );
    let clone = other.clone_named("other");
    clone.hotfix(["sync"]).success();
    let meta = clone.metadata("HOTFIX-001");
    assert_eq!(meta["status"], "finished");
    assert!(events(&meta).iter().any(|e| e == "pushed"));
}

#[test]
fn start_is_refused_while_a_finish_is_stopped() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    sandbox.hotfix(["finish", "--yes", "--no-sync"]).code(3);
    let assert = sandbox
        .hotfix(["start", "other", "--yes", "--no-fetch"])
        .code(1);
    assert!(
        stderr(&assert).contains("error: a 'finish' of HOTFIX-001 is in progress"),
        "{}",
        stderr(&assert)
    );
}

#[test]
fn push_deletes_the_pushed_hotfix_branch_on_the_remote_unless_kept() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["push", "--quiet", "origin", BRANCH]);
    sandbox.hotfix(["finish", "--yes", "--push"]).success();
    assert!(!sandbox.remote_refs().contains("refs/heads/hotfix/auth"));

    let other = Sandbox::new();
    other.fixed_hotfix("auth", &[]);
    other.git(["push", "--quiet", "origin", BRANCH]);
    other
        .hotfix(["finish", "--yes", "--push", "--keep-branch"])
        .success();
    assert!(other.remote_refs().contains("refs/heads/hotfix/auth"));
}

#[test]
fn notes_of_other_hotfixes_are_not_written_while_a_finish_is_stopped() {
    let sandbox = Sandbox::new();
    let other = sandbox.start("other", &["--severity", "P2"]);
    sandbox.git(["switch", "--quiet", "main"]);
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    sandbox.hotfix(["finish", "--yes", "--no-sync"]).code(3);
    // Its --abort restores the notes: a write to another hotfix now would be lost, so it is
    // refused rather than silently undone.
    let assert = sandbox.hotfix(["deployed", &other]).code(1);
    assert!(
        stderr(&assert).contains("error: a 'finish' of HOTFIX-002 is in progress"),
        "{}",
        stderr(&assert)
    );
    sandbox.hotfix(["sync"]).code(1);
    sandbox.hotfix(["finish", "--abort"]).success();
    sandbox.hotfix(["deployed", &other]).success();
}

#[test]
fn show_prints_the_release_of_a_finished_hotfix() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.hotfix(["finish", "--yes", "--no-sync"]).success();
    let out = stdout(&sandbox.hotfix(["show", "HOTFIX-001"]).success());
    for expected in [
        "HOTFIX-001 P0 finished",
        "  version:    2.0.2\n",
        "  tag:        v2.0.2\n",
        "  merged:     into main (",
        "Tests:\n",
        " test        passed ",
    ] {
        assert!(out.contains(expected), "{expected:?}: {out}");
    }
}

#[test]
fn finish_prints_what_it_released_and_how_to_publish_it() {
    let sandbox = Sandbox::new();
    sandbox.develop_ahead();
    sandbox.fixed_hotfix("auth", &[]);
    let assert = sandbox.hotfix(["finish", "--yes"]).success();
    insta::assert_snapshot!("finish", sandbox.printed(&assert));
}

#[test]
fn abort_keeps_the_commits_made_while_the_finish_was_stopped() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    let develop = sandbox.rev("develop");
    let main_before = sandbox.rev("main");
    sandbox.hotfix(["finish", "--yes"]).code(3);
    let merged_main = sandbox.rev("main");

    // The user gives up on the merge, and commits on the hotfix branch and on main.
    sandbox.git(["merge", "--abort"]);
    sandbox.git(["checkout", "--quiet", BRANCH]);
    let on_branch = sandbox.commit(
        "notes.txt",
        "found while the finish waited\n",
        &["--no-verify", "-m", "HOTFIX-001: Add a note"],
    );
    sandbox.git(["checkout", "--quiet", "main"]);
    let on_main = sandbox.commit("ops.txt", "on main\n", &["--no-verify", "-m", "Ops note"]);

    let out = stdout(&sandbox.hotfix(["finish", "--abort"]).success());
    assert!(
        out.starts_with("Aborted the finish of HOTFIX-001: what it changed is undone and 'hotfix/auth' is checked out, but 2 ref(s) you moved meanwhile are kept:\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  'main' kept at {}; what it held before is saved as refs/hotfix-backup/heads/main\n",
            &on_main[..7]
        )),
        "{out}"
    );
    assert!(out.contains("  'hotfix/auth' kept at "), "{out}");
    assert_eq!(sandbox.rev(BRANCH), on_branch);
    assert_eq!(sandbox.rev("main"), on_main);
    assert_eq!(parents(&sandbox, "main"), [merged_main]);
    assert_eq!(sandbox.rev("refs/hotfix-backup/heads/main"), main_before);
    // What only the finish moved is back.
    assert_eq!(sandbox.rev("develop"), develop);
    assert!(!sandbox.refs().contains("refs/tags/v2.0.2 "));
    assert!(!sandbox.refs().contains("refs/hotfix-operation/"));
    assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "open");
}

#[test]
fn abort_keeps_what_was_recorded_while_the_finish_was_stopped() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    sandbox.hotfix(["finish", "--yes"]).code(3);
    sandbox
        .hotfix(["deployed", "HOTFIX-001", "--env", "staging"])
        .success();
    sandbox
        .hotfix(["checklist", "done", "1", "--id", "HOTFIX-001"])
        .success();

    let out = stdout(&sandbox.hotfix(["finish", "--abort"]).success());
    assert!(
        out.starts_with("Aborted the finish of HOTFIX-001: every branch, tag and note is back where it was (the notes keep the 2 event(s) recorded while it was stopped), and 'hotfix/auth' is checked out."),
        "{out}"
    );
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["status"], "open");
    let kinds = events(&meta);
    assert!(kinds.contains(&"deployed".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"checklist-done".to_string()), "{kinds:?}");
    for own in ["merged", "tagged", "finished"] {
        assert!(!kinds.contains(&own.to_string()), "{own}: {kinds:?}");
    }
    assert!(meta.get("merges").is_none(), "{meta}");
}

/// Killed at `point`, then one event recorded by the user: `--abort` keeps exactly that
/// event, and the finish's own records are gone.
fn abort_keeps_a_tick_made_after_a_kill_at(point: &str) {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();
    sandbox.killed_at(point, &["finish", "--yes"]);
    sandbox
        .hotfix(["checklist", "done", "1", "--id", "HOTFIX-001"])
        .success();

    let out = stdout(&sandbox.hotfix(["finish", "--abort"]).success());
    assert!(
        out.contains("(the notes keep the 1 event(s) recorded while it was stopped)"),
        "{point}: {out}"
    );
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["status"], "open", "{point}");
    let kinds = events(&meta);
    assert!(
        kinds.contains(&"checklist-done".to_string()),
        "{point}: {kinds:?}"
    );
    for own in ["verified", "merged", "tagged", "finished"] {
        assert!(
            !kinds.contains(&own.to_string()),
            "{point}: {own}: {kinds:?}"
        );
    }
    let notes = |refs: &str| -> String {
        refs.lines()
            .filter(|line| !line.contains("refs/notes/hotfix"))
            .collect()
    };
    assert_eq!(notes(&sandbox.refs()), notes(&before), "{point}");
}

#[test]
fn abort_keeps_what_the_user_recorded_after_a_kill_before_or_after_the_record() {
    // Killed with the record next: the user's one notes commit is not the record.
    abort_keeps_a_tick_made_after_a_kill_at("finish:merged-develop");
    // Killed after the record, before its state: the user wrote on top of it.
    abort_keeps_a_tick_made_after_a_kill_at("finish:recorded:unsaved");
}

#[test]
fn abort_undoes_a_merge_the_user_resolved_and_committed_by_hand() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    let before = sandbox.refs();
    sandbox.hotfix(["finish", "--yes"]).code(3);
    sandbox.write("app.js", &fixed_app("HOTFIX-001"));
    sandbox.git(["add", "app.js"]);
    sandbox.git(["commit", "--quiet", "--no-edit"]);
    let out = stdout(&sandbox.hotfix(["finish", "--abort"]).success());
    assert!(
        out.starts_with(
            "Aborted the finish of HOTFIX-001: every branch, tag and note is back where it was, and"
        ),
        "{out}"
    );
    assert_eq!(sandbox.refs(), before);
}

#[test]
fn the_summary_says_the_branch_was_kept_when_it_gained_a_commit_meanwhile() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.killed_at("finish:tagged", &["finish", "--yes"]);
    sandbox.git(["checkout", "--quiet", BRANCH]);
    let late = sandbox.commit(
        "notes.txt",
        "late\n",
        &["--no-verify", "-m", "HOTFIX-001: Late change"],
    );
    let assert = sandbox.hotfix(["finish", "--continue"]).success();
    let (out, err) = (stdout(&assert), stderr(&assert));
    assert!(
        err.contains(
            "warning: 'hotfix/auth' has commits that were not part of this finish; it is kept"
        ),
        "{err}"
    );
    assert!(
        out.contains(
            "  branch    hotfix/auth kept: it has commits that were not part of this finish\n"
        ),
        "{out}"
    );
    assert!(!out.contains("deleted"), "{out}");
    assert_eq!(sandbox.rev(BRANCH), late);
}

#[test]
fn status_during_a_stopped_finish_puts_the_finish_first_with_its_next_commands() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    conflicting_develop(&sandbox);
    sandbox.hotfix(["finish", "--yes"]).code(3);
    // HEAD stopped on develop: the finish's hotfix is shown all the same.
    let out = stdout(&sandbox.hotfix(["status"]).success());
    assert!(
        out.starts_with(
            "A finish of HOTFIX-001 is in progress: it stopped for you to act.\n  \
             go on:    git hotfix finish --continue  (after resolving what it stopped on and 'git add')\n  \
             undo it:  git hotfix finish --abort\n\nHOTFIX-001 "
        ),
        "{out}"
    );
    assert!(
        out.contains("Next: a 'finish' is in progress: resolve what it stopped on"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["status", "--json"]).success())).unwrap();
    assert_eq!(json["hotfix_id"], "HOTFIX-001");
    assert_eq!(json["operation"]["kind"], "finish");
    assert_eq!(
        json["operation"]["continue_command"],
        "git hotfix finish --continue"
    );
    assert_eq!(
        json["operation"]["abort_command"],
        "git hotfix finish --abort"
    );
    sandbox.hotfix(["finish", "--abort"]).success();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["status", "--json"]).success())).unwrap();
    assert!(json.get("operation").is_none(), "{json}");
}

#[test]
fn a_note_that_the_release_would_overfill_is_refused_before_anything_moves() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    // A long `test --watch` session left the most test runs a note may hold.
    let mut meta = sandbox.metadata("HOTFIX-001");
    let tree = sandbox.git(["rev-parse", "hotfix/auth^{tree}"]);
    let run = serde_json::json!({
        "suite": "test", "command": "true", "tree": tree.trim(), "passed": false,
        "duration_ms": 1, "at": "2026-03-01T09:00:00Z", "by": "Dev <dev@example.com>",
    });
    meta["tests"] = serde_json::Value::Array(vec![run; 1000]);
    sandbox.write_note(&sandbox.anchor("HOTFIX-001"), &meta);
    let before = sandbox.refs();

    let err = stderr(&sandbox.hotfix(["finish", "--yes"]).code(1));
    assert!(
        err.contains("HOTFIX-001 was not saved: it has 1001 tests, more than the 1000"),
        "{err}"
    );
    assert_eq!(sandbox.refs(), before);
    assert_eq!(sandbox.current_branch(), BRANCH);
}

#[test]
fn abort_keeps_a_test_run_recorded_while_the_finish_was_stopped() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.killed_at("finish:merged-production", &["finish", "--yes"]);
    sandbox.git(["checkout", "--quiet", BRANCH]);
    sandbox.hotfix(["test"]).success();
    let runs = |sandbox: &Sandbox| sandbox.metadata("HOTFIX-001")["tests"].clone();
    let recorded = runs(&sandbox);
    assert_eq!(recorded.as_array().map(Vec::len), Some(1), "{recorded}");

    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(runs(&sandbox), recorded);
    let kinds = events(&sandbox.metadata("HOTFIX-001"));
    assert_eq!(
        kinds.iter().filter(|e| *e == "tests-passed").count(),
        1,
        "{kinds:?}"
    );
}
