use serde_json::json;

use crate::common::{Sandbox, events, stderr, stdout};

const EARLY: &str = "2026-03-02T10:00:00Z";
const LATE: &str = "2026-03-02T10:05:00Z";

#[test]
fn a_hotfix_started_in_one_clone_appears_in_the_other_after_sync() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    a.start("login-fix", &["--severity", "P1"]);
    assert_eq!(a.remote_notes(), None, "--no-fetch works offline");

    let out = stdout(&a.hotfix(["sync"]).success());
    assert_eq!(out, "Synced the hotfix notes with 'origin': pushed.\n");
    assert_eq!(a.remote_notes(), Some(a.rev("refs/notes/hotfix")));

    let out = stdout(&b.hotfix(["sync"]).success());
    assert_eq!(out, "Synced the hotfix notes with 'origin': 1 received.\n");
    assert_eq!(b.metadata("HOTFIX-001"), a.metadata("HOTFIX-001"));
    assert_eq!(
        b.git(["notes", "--ref=hotfix", "list"]),
        a.git(["notes", "--ref=hotfix", "list"])
    );
    assert_eq!(
        b.rev("refs/notes/remotes/origin/hotfix"),
        a.rev("refs/notes/hotfix")
    );

    let out = stdout(&b.hotfix(["sync"]).success());
    assert_eq!(out, "The hotfix notes are in sync with 'origin'.\n");
}

#[test]
fn start_syncs_so_clones_that_are_online_never_share_an_id() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    let assert = a
        .hotfix(["start", "first", "--severity", "P1", "--yes"])
        .success();
    assert_eq!(stderr(&assert), "");
    assert_eq!(a.remote_notes(), Some(a.rev("refs/notes/hotfix")));

    let out = stdout(
        &b.hotfix(["start", "second", "--severity", "P2", "--yes"])
            .success(),
    );
    assert!(out.starts_with("Started HOTFIX-002 (P2)"), "{out}");
    assert_eq!(b.metadata("HOTFIX-001")["branch"], "hotfix/first");

    a.hotfix(["sync"]).success();
    assert_eq!(a.all_metadata(), b.all_metadata());
}

#[test]
fn hotfixes_started_offline_in_two_clones_end_with_distinct_ids_everywhere() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    assert_eq!(
        a.at(EARLY).start("first", &["--severity", "P0"]),
        "HOTFIX-001"
    );
    assert_eq!(
        b.at(LATE).start("second", &["--severity", "P2"]),
        "HOTFIX-001"
    );

    // The later one syncs first; the clone of the earlier one renumbers it while merging.
    b.hotfix(["sync"]).success();
    let assert = a.hotfix(["sync"]).success();
    assert_eq!(
        stdout(&assert),
        "Synced the hotfix notes with 'origin': 1 received, pushed.\n"
    );
    assert_eq!(stderr(&assert), "", "a's own hotfix kept its id");

    let assert = b.hotfix(["sync"]).success();
    let err = stderr(&assert);
    assert!(
        err.contains(
            "warning: HOTFIX-001 (hotfix/second) is now HOTFIX-002: \
             hotfix/first was started earlier with HOTFIX-001\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: commits that name HOTFIX-001 stay valid; name HOTFIX-002 in new ones"),
        "{err}"
    );

    for clone in [&a, &b] {
        assert_eq!(clone.metadata("HOTFIX-001")["branch"], "hotfix/first");
        let renumbered = clone.metadata("HOTFIX-002");
        assert_eq!(renumbered["branch"], "hotfix/second");
        assert_eq!(renumbered["former_ids"], json!(["HOTFIX-001"]));
        assert_eq!(renumbered["events"][1]["event"], "renumbered");
    }
    assert_eq!(a.all_metadata(), b.all_metadata());
    assert_eq!(a.rev("refs/notes/hotfix"), b.rev("refs/notes/hotfix"));
    // The branch keeps its name and is still recognised as the hotfix's.
    assert_eq!(b.current_branch(), "hotfix/second");
    let out = stdout(&b.hotfix(["status", "--json"]).success());
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["hotfix_id"], "HOTFIX-002");
}

#[test]
fn hotfixes_started_at_the_same_second_converge_whichever_clone_merges() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    a.start("first", &["--severity", "P1"]);
    b.start("second", &["--severity", "P1"]);
    a.hotfix(["sync"]).success();
    b.hotfix(["sync"]).success();
    a.hotfix(["sync"]).success();

    let all = a.all_metadata();
    assert_eq!(all, b.all_metadata());
    let mut ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["hotfix_id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["HOTFIX-001", "HOTFIX-002"]);
}

#[test]
fn concurrent_edits_of_one_hotfix_merge_field_by_field() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    a.start("login", &["--severity", "P1", "--component", "auth"]);
    a.hotfix(["sync"]).success();
    b.hotfix(["sync"]).success();
    let anchor = a.anchor("HOTFIX-001");

    // a raises the severity; b finishes it, adds a component and a field of a newer version.
    let mut ours = a.metadata("HOTFIX-001");
    ours["severity"] = json!("P0");
    ours["events"].as_array_mut().unwrap().push(json!({
        "at": "2026-03-02T10:10:00Z", "event": "severity-raised", "by": "A <a@example.com>"
    }));
    a.write_note(&anchor, &ours);
    let mut theirs = b.metadata("HOTFIX-001");
    theirs["status"] = json!("finished");
    theirs["components"] = json!(["auth", "billing"]);
    theirs["release_channel"] = json!("stable");
    theirs["events"].as_array_mut().unwrap().push(json!({
        "at": "2026-03-02T10:20:00Z", "event": "finished", "by": "B <b@example.com>"
    }));
    b.write_note(&anchor, &theirs);

    a.hotfix(["sync"]).success();
    let out = stdout(&b.hotfix(["sync"]).success());
    assert_eq!(
        out,
        "Synced the hotfix notes with 'origin': 1 updated, pushed.\n"
    );
    a.hotfix(["sync"]).success();

    let merged = b.metadata("HOTFIX-001");
    assert_eq!(merged["severity"], "P0");
    assert_eq!(merged["status"], "finished");
    assert_eq!(merged["components"], json!(["auth", "billing"]));
    assert_eq!(merged["release_channel"], "stable");
    assert_eq!(events(&merged), ["started", "severity-raised", "finished"]);
    assert_eq!(a.metadata("HOTFIX-001"), merged);

    // The merge is a commit with both sides as parents, readable with plain git.
    let parents = b.git(["rev-list", "--parents", "-n", "1", "refs/notes/hotfix"]);
    assert_eq!(parents.split_whitespace().count(), 3, "{parents}");
    let plain = b.git(["notes", "--ref=hotfix", "show", &anchor]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&plain).unwrap(),
        merged
    );
}

#[test]
fn a_push_race_ends_with_both_hotfixes_on_the_remote() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    a.at(EARLY).start("first", &["--severity", "P1"]);
    b.at(LATE).start("second", &["--severity", "P1"]);
    // Between a's fetch and a's push, b pushes its notes (once: the hook removes itself).
    let hook = a.work.join(".git/hooks/pre-push");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nrm -f \"$0\"\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\n\
             git -C '{}' push --quiet origin refs/notes/hotfix:refs/notes/hotfix\n",
            b.work.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();

    let out = stdout(&a.hotfix(["sync"]).success());
    assert!(!hook.exists(), "the race was staged");
    assert_eq!(
        out,
        "Synced the hotfix notes with 'origin': 1 received, pushed.\n"
    );
    assert_eq!(a.remote_notes(), Some(a.rev("refs/notes/hotfix")));

    // A fresh clone sees both hotfixes, with distinct ids (newest first).
    let c = a.clone_named("third");
    c.hotfix(["sync"]).success();
    let all = c.all_metadata();
    let found: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["hotfix_id"].as_str().unwrap(),
                m["branch"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("HOTFIX-002", "hotfix/second"),
            ("HOTFIX-001", "hotfix/first")
        ]
    );
}

#[test]
fn offline_start_works_locally_and_says_a_sync_is_due() {
    let a = Sandbox::new();
    a.git(["remote", "set-url", "origin", "/nonexistent/remote.git"]);
    let assert = a
        .hotfix(["start", "fix", "--severity", "P1", "--yes"])
        .success();
    let err = stderr(&assert);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("warning: could not fetch 'origin' (")
            && err.ends_with(
                "): starting from what this clone knows, and a 'git hotfix sync' is due\n"
            ),
        "{err}"
    );
    assert_eq!(a.metadata("HOTFIX-001")["status"], "open");

    let assert = a.hotfix(["sync"]).code(1);
    let err = stderr(&assert);
    assert!(err.starts_with("error: cannot reach 'origin': "), "{err}");
    assert!(
        err.contains("hint: check the connection and 'git remote -v'"),
        "{err}"
    );
}

#[test]
fn no_sync_and_auto_sync_false_keep_the_notes_local() {
    let a = Sandbox::new();
    a.hotfix(["start", "one", "--severity", "P2", "--yes", "--no-sync"])
        .success();
    assert_eq!(a.remote_notes(), None);

    a.git(["switch", "--quiet", "main"]);
    a.git(["config", "hotfix.autoSync", "false"]);
    a.hotfix(["start", "two", "--severity", "P2", "--yes"])
        .success();
    assert_eq!(a.remote_notes(), None);

    a.git(["config", "hotfix.autoSync", "maybe"]);
    a.git(["switch", "--quiet", "main"]);
    let assert = a
        .hotfix(["start", "three", "--severity", "P2", "--yes"])
        .code(1);
    assert!(
        stderr(&assert).contains("error: hotfix.autoSync must be true or false, not 'maybe'"),
        "{}",
        stderr(&assert)
    );

    // An explicit sync always runs.
    a.hotfix(["sync"]).success();
    assert_eq!(a.remote_notes(), Some(a.rev("refs/notes/hotfix")));
}

#[test]
fn setup_makes_plain_fetch_and_push_carry_the_notes() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    // Before any note exists, the configured refspecs must not break fetch or push.
    let out = stdout(&b.hotfix(["sync", "--setup"]).success());
    assert_eq!(
        out,
        "Configured 'origin' to carry the hotfix notes:\n\
         \x20 remote.origin.fetch = +refs/notes/hotfix*:refs/notes/remotes/origin/hotfix*\n\
         \x20 remote.origin.push = HEAD\n\
         \x20 remote.origin.push = refs/notes/hotfix*:refs/notes/hotfix*\n\
         The hotfix notes are in sync with 'origin'.\n"
    );
    b.git(["fetch", "--quiet"]);
    b.git(["push", "--quiet"]);

    let out = stdout(&b.hotfix(["sync", "--setup"]).success());
    assert!(
        out.starts_with("'origin' already carries the hotfix notes on fetch and push.\n"),
        "{out}"
    );
    assert_eq!(
        b.git(["config", "--get-all", "remote.origin.push"]),
        "HEAD\nrefs/notes/hotfix*:refs/notes/hotfix*\n"
    );
    assert_eq!(
        b.git(["config", "--get-all", "remote.origin.fetch"]),
        "+refs/heads/*:refs/remotes/origin/*\n\
         +refs/notes/hotfix*:refs/notes/remotes/origin/hotfix*\n"
    );

    // a sets up too; a plain push sends its branch and its notes, a plain fetch brings them.
    a.hotfix(["sync", "--setup"]).success();
    a.start("fix", &["--severity", "P1"]);
    a.git(["push", "--quiet"]);
    assert_eq!(a.remote_notes(), Some(a.rev("refs/notes/hotfix")));
    assert!(
        a.git(["ls-remote", "origin", "refs/heads/hotfix/fix"])
            .contains("hotfix/fix")
    );
    b.git(["fetch", "--quiet"]);
    assert_eq!(
        b.rev("refs/notes/remotes/origin/hotfix"),
        a.rev("refs/notes/hotfix")
    );
    let out = stdout(&b.hotfix(["sync"]).success());
    assert_eq!(out, "Synced the hotfix notes with 'origin': 1 received.\n");
}

#[test]
fn sync_without_the_remote_is_refused() {
    let a = Sandbox::new();
    a.git(["remote", "remove", "origin"]);
    let assert = a.hotfix(["sync"]).code(1);
    let err = stderr(&assert);
    assert!(
        err.starts_with("error: there is no remote 'origin' to sync with\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: add it with 'git remote add origin <url>'"),
        "{err}"
    );
}
