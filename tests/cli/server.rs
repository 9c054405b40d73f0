//! The server hooks (`hooks install --server`) in the bare remote, fired by real `git push`
//! from the clone: what breaks the rules is refused whatever the pusher skipped, and an
//! emergency bypass is let through and recorded in the notes.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::common::{Sandbox, fixed_app, stderr, stdout};

/// The clone, with the server hooks in its remote and hotfix HOTFIX-001 started on
/// `hotfix/auth`, its branch and notes pushed.
fn guarded() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox
        .in_dir(&sandbox.remote)
        .hotfix(["hooks", "install", "--server"])
        .success();
    sandbox.start("auth", &["--severity", "P0"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.git([
        "push",
        "--quiet",
        "--atomic",
        "origin",
        "hotfix/auth",
        "refs/notes/hotfix",
    ]);
    sandbox
}

/// What a ref points at on the remote (`None`: it does not exist there).
fn on_remote(sandbox: &Sandbox, refname: &str) -> Option<String> {
    let out =
        sandbox
            .in_dir(&sandbox.remote)
            .try_git(["rev-parse", "--verify", "--quiet", refname]);
    out.status
        .success()
        .then(|| stdout(&out).trim().to_string())
}

/// Pushes `args` with the client hooks skipped, as a teammate without them would.
fn push_unchecked(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    let mut all = vec!["push", "--quiet", "--no-verify"];
    all.extend_from_slice(args);
    sandbox.try_git(all)
}

/// Asserts that a push was refused by the remote with `error`, and that the remote's
/// `refname` is still `before`.
fn assert_refused(
    sandbox: &Sandbox,
    push: &std::process::Output,
    error: &str,
    refname: &str,
    before: &Option<String>,
) {
    let err = stderr(push);
    assert_eq!(push.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("remote: error: {error}")), "{err}");
    assert!(
        err.contains("remote: error: push refused by the server:"),
        "{err}"
    );
    assert!(
        err.contains("remote: hint: in an emergency only: git push -o hotfix.skip="),
        "{err}"
    );
    assert!(err.contains("pre-receive hook declined"), "{err}");
    assert_eq!(&on_remote(sandbox, refname), before, "{refname} moved");
}

#[test]
fn install_chains_a_server_hook_and_uninstall_restores_it() {
    let sandbox = Sandbox::new();
    let remote = sandbox.in_dir(&sandbox.remote);
    let own = sandbox.remote.join("hooks/pre-receive");
    let log = sandbox.dir.path().join("own.log");
    let body = format!("#!/bin/sh\ncat >> '{}'\n", log.display());
    sandbox.script(&own, &body);
    fs::set_permissions(&own, fs::Permissions::from_mode(0o700)).unwrap();

    let out = stdout(&remote.hotfix(["hooks", "install", "--server"]).success());
    assert!(
        out.contains(
            "pre-receive         installed; your own hook is kept as pre-receive.hotfix-chained"
        ),
        "{out}"
    );
    assert!(out.contains("post-receive        installed"), "{out}");
    assert_eq!(
        remote
            .git(["config", "receive.advertisePushOptions"])
            .trim(),
        "true"
    );
    let again = stdout(&remote.hotfix(["hooks", "install", "--server"]).success());
    assert!(
        again.contains("pre-receive         already installed"),
        "{again}"
    );

    // The chained hook runs first and sees the same ref lines.
    sandbox.commit("notes.txt", "plain\n", &["-m", "Plain change"]);
    let push = sandbox.try_git(["push", "--quiet", "origin", "main"]);
    assert!(push.status.success(), "{}", stderr(&push));
    let seen = fs::read_to_string(&log).unwrap();
    assert!(seen.ends_with(" refs/heads/main\n"), "{seen}");

    let out = stdout(&remote.hotfix(["hooks", "uninstall", "--server"]).success());
    assert!(
        out.contains("pre-receive         removed; your own hook is back in place"),
        "{out}"
    );
    assert_eq!(fs::read_to_string(&own).unwrap(), body);
    assert_eq!(
        fs::metadata(&own).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert!(!sandbox.remote.join("hooks/post-receive").exists());
    assert!(
        !sandbox
            .remote
            .join("hooks/pre-receive.hotfix-chained")
            .exists()
    );

    // A clone is not where the server hooks go.
    let refused = sandbox.hotfix(["hooks", "install", "--server"]).failure();
    assert!(stderr(&refused).contains("error: the server hooks go in the repository pushed to"));
}

#[test]
fn a_no_verify_push_without_the_header_is_refused_by_the_remote() {
    let sandbox = guarded();
    let before = on_remote(&sandbox, "refs/heads/hotfix/auth");
    sandbox.commit(
        "app.js",
        &fixed_app("HOTFIX-001"),
        &["--no-verify", "-m", "Deny by default"],
    );
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert_refused(
        &sandbox,
        &push,
        "HOTFIX-001 breaks 1 rule(s): headers",
        "refs/heads/hotfix/auth",
        &before,
    );
    assert!(
        stderr(&push)
            .contains("remote: hint: [headers] 1 commit(s) lack the header 'HOTFIX-001: '")
    );
}

#[test]
fn a_push_over_the_budget_is_refused_by_the_remote() {
    let sandbox = guarded();
    // The server's own settings decide, not the pusher's.
    sandbox
        .in_dir(&sandbox.remote)
        .git(["config", "hotfix.maxLines", "2"]);
    let before = on_remote(&sandbox, "refs/heads/hotfix/auth");
    sandbox.commit(
        "app.js",
        &fixed_app("HOTFIX-001"),
        &["--no-verify", "-m", "HOTFIX-001: Deny by default"],
    );
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert_refused(
        &sandbox,
        &push,
        "HOTFIX-001 breaks 1 rule(s): budget",
        "refs/heads/hotfix/auth",
        &before,
    );
}

#[test]
fn a_push_without_the_code_comment_is_refused_by_the_remote() {
    let sandbox = guarded();
    let before = on_remote(&sandbox, "refs/heads/hotfix/auth");
    sandbox.commit(
        "app.js",
        "function login() {\n  return false;\n}\n",
        &["--no-verify", "-m", "HOTFIX-001: Deny by default"],
    );
    // The pusher's HOTFIX_SKIP_HOOKS reaches a hook of a local remote: it is ignored there.
    let push = sandbox.with_env("HOTFIX_SKIP_HOOKS", "1").try_git([
        "push",
        "--quiet",
        "origin",
        "hotfix/auth",
    ]);
    assert_refused(
        &sandbox,
        &push,
        "HOTFIX-001 breaks 1 rule(s): code-comments",
        "refs/heads/hotfix/auth",
        &before,
    );

    // Fixed, the same branch goes through, and the branch then takes more good commits.
    sandbox.commit(
        "app.js",
        &fixed_app("HOTFIX-001"),
        &["--no-verify", "-m", "HOTFIX-001: Add the comment"],
    );
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(
        on_remote(&sandbox, "refs/heads/hotfix/auth"),
        Some(sandbox.rev("HEAD"))
    );
}

#[test]
fn a_push_with_hotfix_skip_is_let_through_and_recorded_in_the_notes() {
    let sandbox = guarded();
    let head = sandbox.commit(
        "app.js",
        "function login() {\n  return false;\n}\n",
        &["--no-verify", "-m", "Deny by default"],
    );

    // Without a reason the option lets nothing through.
    let push = push_unchecked(&sandbox, &["-o", "hotfix.skip", "origin", "hotfix/auth"]);
    assert_eq!(push.status.code(), Some(1), "{}", stderr(&push));
    assert!(stderr(&push).contains("remote: hint: -o hotfix.skip needs a reason"));

    let push = push_unchecked(
        &sandbox,
        &["-o", "hotfix.skip=prod is down", "origin", "hotfix/auth"],
    );
    let err = stderr(&push);
    assert!(push.status.success(), "{err}");
    assert!(
        err.contains(
            "remote: warning: bypassed: HOTFIX-001 breaks 2 rule(s): headers, code-comments"
        ),
        "{err}"
    );
    assert!(
        err.contains("remote: The bypass is recorded in the notes of HOTFIX-001"),
        "{err}"
    );
    assert_eq!(on_remote(&sandbox, "refs/heads/hotfix/auth"), Some(head));

    sandbox.hotfix(["sync"]).success();
    let meta = sandbox.metadata("HOTFIX-001");
    let event = meta["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "rules-bypassed")
        .unwrap_or_else(|| panic!("no bypass recorded: {meta}"));
    let detail = event["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("prod is down (refs: refs/heads/hotfix/auth;"),
        "{detail}"
    );
    assert_eq!(
        event["by"],
        "Test User <test@example.com> (committer of the pushed commit)"
    );
    assert_eq!(event["refs"][0], "refs/heads/hotfix/auth");
    let postmortem = stdout(&sandbox.hotfix(["postmortem", "HOTFIX-001"]).success());
    assert!(postmortem.contains("prod is down"), "{postmortem}");

    assert_eq!(event["uncommented"][0], "app.js");

    // What was let through is not refused again on the next push: neither the commits nor
    // app.js, which lacks the comment.
    sandbox.commit(
        "README.md",
        "# App\n\nLogin is denied.\n",
        &["--no-verify", "-m", "HOTFIX-001: Document it"],
    );
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));

    // A source file the bypass did not name still needs its comment.
    sandbox.commit(
        "session.js",
        "function logout() {\n  return true;\n}\n",
        &["--no-verify", "-m", "HOTFIX-001: End the session"],
    );
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    let err = stderr(&push);
    assert_eq!(push.status.code(), Some(1), "{err}");
    assert!(!err.contains("[headers]"), "{err}");
    assert!(err.contains("[code-comments]"), "{err}");
    assert!(
        err.contains("(new since the last bypass: session.js)"),
        "{err}"
    );
}

#[test]
fn a_bypassed_budget_is_refused_again_only_when_the_diff_grows() {
    let sandbox = guarded();
    sandbox
        .in_dir(&sandbox.remote)
        .git(["config", "hotfix.maxLines", "2"]);
    sandbox.commit(
        "app.js",
        &fixed_app("HOTFIX-001"),
        &["--no-verify", "-m", "HOTFIX-001: Deny by default"],
    );
    let push = push_unchecked(
        &sandbox,
        &["-o", "hotfix.skip=prod is down", "origin", "hotfix/auth"],
    );
    assert!(push.status.success(), "{}", stderr(&push));
    sandbox.hotfix(["sync"]).success();
    let meta = sandbox.metadata("HOTFIX-001");
    let event = meta["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "rules-bypassed")
        .unwrap_or_else(|| panic!("no bypass recorded: {meta}"))
        .clone();
    assert_eq!(event["budget"]["files"], 1, "{event}");
    let lines = event["budget"]["lines"].as_u64().unwrap();
    assert!(lines > 2, "{event}");

    // A commit that leaves the counted diff as it was (docs do not count) passes without -o.
    sandbox.commit(
        "README.md",
        "# App\n\nLogin is denied.\n",
        &["--no-verify", "-m", "HOTFIX-001: Document it"],
    );
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));

    // One that grows it is refused for the budget again.
    let before = on_remote(&sandbox, "refs/heads/hotfix/auth");
    let grown = format!("{}// Logged by the caller.\n", fixed_app("HOTFIX-001"));
    sandbox.commit(
        "app.js",
        &grown,
        &["--no-verify", "-m", "HOTFIX-001: Say who logs"],
    );
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert_refused(
        &sandbox,
        &push,
        "HOTFIX-001 breaks 1 rule(s): budget",
        "refs/heads/hotfix/auth",
        &before,
    );
}

#[test]
fn a_forced_notes_push_that_drops_an_event_is_refused() {
    let sandbox = guarded();
    let notes = "refs/notes/hotfix";
    let old = sandbox.rev(notes);
    sandbox.hotfix(["test"]).success();
    sandbox.git(["push", "--quiet", "origin", notes]);
    let before = on_remote(&sandbox, notes);

    // Back to the notes without that event, forced.
    sandbox.git(["update-ref", notes, &old]);
    let push = push_unchecked(&sandbox, &["--force", "origin", notes]);
    assert_refused(
        &sandbox,
        &push,
        "refs/notes/hotfix is not a fast-forward",
        notes,
        &before,
    );
    assert!(
        stderr(&push)
            .contains("remote: error: the push drops 1 event(s) of HOTFIX-001 that the server has"),
        "{}",
        stderr(&push)
    );

    // Nor can a pusher record a bypass the server did not let through.
    sandbox.git(["update-ref", notes, before.as_deref().unwrap()]);
    let mut meta = sandbox.metadata("HOTFIX-001");
    meta["events"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "at": "2026-01-01T00:00:00Z",
            "event": "rules-bypassed",
            "by": "someone",
            "budget": { "files": 99, "lines": 9999 },
        }));
    sandbox.write_note(&sandbox.anchor("HOTFIX-001"), &meta);
    let push = push_unchecked(&sandbox, &["origin", notes]);
    assert_refused(
        &sandbox,
        &push,
        "the push adds a rules-bypassed event to HOTFIX-001",
        notes,
        &before,
    );
    sandbox.git(["update-ref", notes, before.as_deref().unwrap()]);

    // Nor can the notes be deleted.
    let push = push_unchecked(&sandbox, &["origin", &format!(":{notes}")]);
    assert_refused(
        &sandbox,
        &push,
        "deleting refs/notes/hotfix is refused",
        notes,
        &before,
    );
}

#[test]
fn a_released_tag_cannot_be_moved_or_deleted() {
    let sandbox = Sandbox::new();
    sandbox
        .in_dir(&sandbox.remote)
        .hotfix(["hooks", "install", "--server"])
        .success();
    sandbox.fixed_hotfix("auth", &[]);
    // finish pushes production, develop, the tag and the notes atomically: the server takes it.
    sandbox.hotfix(["finish", "--yes", "--push"]).success();
    let tag = "refs/tags/v2.0.2";
    let before = on_remote(&sandbox, tag);
    assert!(before.is_some());

    sandbox.git(["tag", "-f", "-a", "v2.0.2", "-m", "Moved", "main~1"]);
    let push = push_unchecked(&sandbox, &["--force", "origin", "v2.0.2"]);
    assert_refused(
        &sandbox,
        &push,
        "the tag v2.0.2 is the release of HOTFIX-001 and cannot be moved",
        tag,
        &before,
    );
    let push = push_unchecked(&sandbox, &["origin", ":refs/tags/v2.0.2"]);
    assert_refused(
        &sandbox,
        &push,
        "the tag v2.0.2 is the release of HOTFIX-001 and cannot be deleted",
        tag,
        &before,
    );

    // A tag no note records as a release moves as git allows.
    sandbox.git(["tag", "-f", "v2.0.0", "main"]);
    let push = push_unchecked(&sandbox, &["--force", "origin", "v2.0.0"]);
    assert!(push.status.success(), "{}", stderr(&push));
}

#[test]
fn an_ordinary_push_passes_and_a_hotfix_branch_needs_its_note() {
    let sandbox = Sandbox::new();
    sandbox
        .in_dir(&sandbox.remote)
        .hotfix(["hooks", "install", "--server"])
        .success();
    let head = sandbox.commit(
        "app.js",
        "function login() {}\n",
        &["-m", "Any change at all"],
    );
    let push = push_unchecked(&sandbox, &["origin", "main", "main:feature/x"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(stderr(&push), "");
    assert_eq!(on_remote(&sandbox, "refs/heads/main"), Some(head.clone()));
    assert_eq!(on_remote(&sandbox, "refs/heads/feature/x"), Some(head));

    sandbox.start("auth", &["--severity", "P0"]);
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert_refused(
        &sandbox,
        &push,
        "refs/heads/hotfix/auth is a hotfix branch, but no hotfix note names it",
        "refs/heads/hotfix/auth",
        &None,
    );
    assert!(stderr(&push).contains("remote: hint: push the notes with it: 'git hotfix sync'"));
    let push = push_unchecked(
        &sandbox,
        &["--atomic", "origin", "hotfix/auth", "refs/notes/hotfix"],
    );
    assert!(push.status.success(), "{}", stderr(&push));
}

#[test]
fn the_servers_own_test_command_runs_on_the_pushed_tree() {
    let sandbox = guarded();
    let remote = sandbox.in_dir(&sandbox.remote);
    let before = on_remote(&sandbox, "refs/heads/hotfix/auth");
    sandbox.commit(
        "app.js",
        &fixed_app("HOTFIX-001"),
        &["--no-verify", "-m", "HOTFIX-001: Deny by default"],
    );

    // A failing suite refuses a push that keeps every rule, its output shown to the pusher.
    remote.git([
        "config",
        "hotfix.testCommand",
        "echo 'suite says no'; false",
    ]);
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    assert_refused(
        &sandbox,
        &push,
        "the server's tests fail on",
        "refs/heads/hotfix/auth",
        &before,
    );
    assert!(
        stderr(&push).contains("remote: suite says no"),
        "{}",
        stderr(&push)
    );

    // The suite runs on the pushed commit's tree, still in git's quarantine.
    remote.git([
        "config",
        "hotfix.testCommand",
        "grep -q 'HOTFIX: HOTFIX-001' app.js",
    ]);
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth"]);
    let err = stderr(&push);
    assert!(push.status.success(), "{err}");
    assert!(err.contains("remote: Running the test suite on"), "{err}");
    assert_eq!(
        on_remote(&sandbox, "refs/heads/hotfix/auth"),
        Some(sandbox.rev("HEAD"))
    );
}

#[test]
fn a_test_command_not_in_the_servers_own_config_is_not_run() {
    let sandbox = guarded();
    // The pusher's config and environment do not reach the server's suite.
    sandbox.commit(
        "app.js",
        &fixed_app("HOTFIX-001"),
        &["--no-verify", "-m", "HOTFIX-001: Deny by default"],
    );
    let push = sandbox
        .with_env("GIT_CONFIG_PARAMETERS", "'hotfix.testcommand=false'")
        .try_git(["push", "--quiet", "--no-verify", "origin", "hotfix/auth"]);
    let err = stderr(&push);
    assert!(push.status.success(), "{err}");
    assert!(!err.contains("Running the test suite"), "{err}");

    // A bypassed push does not run it, and the bypass says so.
    sandbox
        .in_dir(&sandbox.remote)
        .git(["config", "hotfix.testCommand", "false"]);
    sandbox.commit(
        "README.md",
        "# App\n\nLogin is denied.\n",
        &["--no-verify", "-m", "HOTFIX-001: Document it"],
    );
    let push = push_unchecked(
        &sandbox,
        &["-o", "hotfix.skip=prod is down", "origin", "hotfix/auth"],
    );
    let err = stderr(&push);
    assert!(push.status.success(), "{err}");
    assert!(
        err.contains("remote: warning: bypassed: the server's tests (false) are not run on"),
        "{err}"
    );
}

#[test]
fn hooks_status_in_the_bare_remote_reports_the_server_hooks() {
    let sandbox = Sandbox::new();
    let remote = sandbox.in_dir(&sandbox.remote);
    let before = stdout(&remote.hotfix(["hooks", "status"]).success());
    assert!(
        before.contains("pre-receive         not installed"),
        "{before}"
    );
    assert!(
        before.contains("push options        not advertised"),
        "{before}"
    );
    assert!(!before.contains("commit-msg"), "{before}");

    remote.hotfix(["hooks", "install", "--server"]).success();
    let run = remote.hotfix(["hooks", "status"]).success();
    let after = stdout(&run);
    assert!(after.contains("pre-receive         installed"), "{after}");
    assert!(after.contains("post-receive        installed"), "{after}");
    assert!(
        after.contains("push options        advertised: 'git push -o hotfix.skip="),
        "{after}"
    );
    assert!(!stderr(&run).contains("hint:"), "{}", stderr(&run));
}

#[test]
fn a_backport_branch_passes_with_its_notes_and_is_held_to_the_hotfixs_rules() {
    let sandbox = Sandbox::new();
    sandbox
        .in_dir(&sandbox.remote)
        .hotfix(["hooks", "install", "--server"])
        .success();
    sandbox.fixed_hotfix("auth", &["--affected", "v1.4.0"]);
    sandbox.hotfix(["finish", "--yes", "--push"]).success();
    sandbox.release_line(
        "support/1.4",
        "function login() {\n  return true;\n}\n",
        "v1.4.0",
    );
    let line = push_unchecked(&sandbox, &["origin", "support/1.4", "v1.4.0"]);
    assert!(line.status.success(), "{}", stderr(&line));

    let out = stdout(
        &sandbox
            .hotfix([
                "backport",
                "HOTFIX-001",
                "--onto",
                "support/1.4",
                "--tag",
                "--yes",
            ])
            .success(),
    );
    let publish = out
        .lines()
        .find_map(|line| line.strip_prefix("Publish with: git "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        publish.ends_with(" refs/notes/hotfix:refs/notes/hotfix"),
        "{publish}"
    );
    // The server's own suite runs on it too.
    let remote = sandbox.in_dir(&sandbox.remote);
    remote.git(["config", "hotfix.testCommand", "false"]);
    let branch = "refs/heads/hotfix/auth-support-1.4";
    let push = sandbox.try_git(publish.split(' '));
    assert_refused(&sandbox, &push, "the server's tests fail on", branch, &None);
    remote.git(["config", "--unset", "hotfix.testCommand"]);
    let push = sandbox.try_git(publish.split(' '));
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(on_remote(&sandbox, branch), Some(sandbox.rev(branch)));
    assert_eq!(
        on_remote(&sandbox, "refs/tags/v1.4.1"),
        Some(sandbox.rev("refs/tags/v1.4.1"))
    );

    // A commit sneaked onto the backport without the hotfix's header is refused.
    sandbox.git(["checkout", "--quiet", "hotfix/auth-support-1.4"]);
    sandbox.commit(
        "extra.js",
        "export const extra = 1;\n",
        &["--no-verify", "-m", "Add a feature on the way"],
    );
    let before = on_remote(&sandbox, branch);
    let push = push_unchecked(&sandbox, &["origin", "hotfix/auth-support-1.4"]);
    assert_refused(&sandbox, &push, "HOTFIX-001 breaks", branch, &before);
}
