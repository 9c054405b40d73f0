use crate::common::{Refusal, Sandbox, stderr, stdout};

fn cancelled_event(meta: &serde_json::Value) -> String {
    meta["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "cancelled")
        .map(|e| e["detail"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn cancel_marks_the_hotfix_and_deletes_a_branch_without_own_commits() {
    let sandbox = Sandbox::new();
    let id = sandbox.start("auth", &["--severity", "P1"]);
    let tip = sandbox.rev("hotfix/auth");
    let out = stdout(
        &sandbox
            .hotfix(["cancel", "--reason", "Not reproducible", "--yes"])
            .success(),
    );
    assert!(
        out.starts_with("Cancelled HOTFIX-001.\nDeleted branch hotfix/auth (was "),
        "{out}"
    );
    assert_eq!(sandbox.current_branch(), "main");
    assert!(sandbox.git(["branch", "--list", "hotfix/auth"]).is_empty());
    let meta = sandbox.metadata(&id);
    assert_eq!(meta["status"], "cancelled");
    let detail = cancelled_event(&meta);
    assert!(
        detail.starts_with("reason: Not reproducible; deleted 'hotfix/auth' (was "),
        "{detail}"
    );
    assert!(!sandbox.refs().contains("refs/hotfix-backup/"));
    assert_eq!(sandbox.rev("main"), tip);
}

#[test]
fn unmerged_commits_need_force_and_are_kept_in_a_backup_ref() {
    let sandbox = Sandbox::new();
    let id = sandbox.start("auth", &["--severity", "P1"]);
    let tip = sandbox.commit("app.js", "x\n", &["-m", "HOTFIX-001: Try something"]);

    sandbox.assert_refused_unchanged(
        ["cancel", "--yes"],
        Refusal::exit(1)
            .starts_with("error: 'hotfix/auth' has 1 commit(s) that no other branch has; deleting it would lose them\n")
            .contains("hint: delete it anyway with 'git hotfix cancel HOTFIX-001 --force'"),
    );
    assert_eq!(sandbox.metadata(&id)["status"], "open");

    let out = stdout(&sandbox.hotfix(["cancel", "--force", "--yes"]).success());
    assert!(out.contains("Its commits are kept in refs/hotfix-backup/HOTFIX-001; restore the branch with:\n  git branch hotfix/auth refs/hotfix-backup/HOTFIX-001\n"), "{out}");
    assert_eq!(sandbox.rev("refs/hotfix-backup/HOTFIX-001"), tip);
    assert!(sandbox.git(["branch", "--list", "hotfix/auth"]).is_empty());
    assert!(
        cancelled_event(&sandbox.metadata(&id))
            .contains("commits kept in refs/hotfix-backup/HOTFIX-001")
    );
}

#[test]
fn keep_branch_only_marks_the_hotfix() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P1"]);
    sandbox.commit("app.js", "x\n", &["-m", "HOTFIX-001: Try something"]);
    let out = stdout(
        &sandbox
            .hotfix(["cancel", "HOTFIX-001", "--keep-branch"])
            .success(),
    );
    assert!(out.contains("Kept branch hotfix/auth."), "{out}");
    assert_eq!(sandbox.current_branch(), "hotfix/auth");
    assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "cancelled");
}

#[test]
fn cancel_refuses_what_cannot_be_cancelled() {
    let sandbox = Sandbox::new();
    let err = stderr(&sandbox.hotfix(["cancel", "HOTFIX-009"]).code(1));
    assert!(
        err.starts_with("error: no hotfix with id HOTFIX-009 is recorded"),
        "{err}"
    );
    let err = stderr(&sandbox.hotfix(["cancel"]).code(1));
    assert!(
        err.starts_with("error: branch 'main' has no open hotfix"),
        "{err}"
    );

    sandbox.start("auth", &["--severity", "P1"]);
    // Deleting the branch needs a confirmation; off a terminal, --yes is it.
    let err = stderr(&sandbox.hotfix(["cancel"]).code(1));
    assert!(err.contains("there is no terminal to confirm it"), "{err}");
    assert_eq!(sandbox.current_branch(), "hotfix/auth");
    sandbox.hotfix(["cancel", "--yes"]).success();
    let err = stderr(&sandbox.hotfix(["cancel", "HOTFIX-001"]).code(1));
    assert!(
        err.starts_with("error: HOTFIX-001 is already cancelled, it cannot be cancelled\n"),
        "{err}"
    );
    let err = stderr(&sandbox.hotfix(["finish", "HOTFIX-001"]).code(1));
    assert!(
        err.starts_with("error: HOTFIX-001 is cancelled, there is nothing to finish\n"),
        "{err}"
    );
}

#[test]
fn cancel_waits_for_a_finish_in_progress() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.killed_at("finish:tagged", &["finish", "--yes"]);
    let err = stderr(&sandbox.hotfix(["cancel", "HOTFIX-001", "--yes"]).code(1));
    assert!(
        err.starts_with("error: a 'finish' of HOTFIX-001 is in progress\n"),
        "{err}"
    );
    assert!(err.contains("hint: complete it with 'git hotfix finish --continue', or undo it with 'git hotfix finish --abort'"), "{err}");
}

#[test]
fn cancel_prints_what_it_deleted_and_how_to_restore_it() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P1"]);
    let assert = sandbox
        .hotfix(["cancel", "--reason", "Not reproducible", "--yes"])
        .success();
    insta::assert_snapshot!("cancel", sandbox.printed(&assert));

    sandbox.start("session", &["--severity", "P1"]);
    sandbox.commit("app.js", "x\n", &["-m", "HOTFIX-002: Try something"]);
    let assert = sandbox
        .hotfix(["cancel", "--reason", "Superseded", "--force", "--yes"])
        .success();
    insta::assert_snapshot!("cancel_force", sandbox.printed(&assert));
}
