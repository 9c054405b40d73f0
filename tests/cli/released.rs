//! Which hotfix a command means when none is named after its release: the one whose merge the
//! checked-out commit contains, worked out from one reading of history however many hotfixes
//! the notes hold, with the same answer when merges lie on lines that fork and join.

use serde_json::json;

use crate::common::{Sandbox, stderr, stdout};

#[test]
fn of_merges_on_lines_that_join_the_hotfix_finished_last_is_meant() {
    let sandbox = Sandbox::new();
    sandbox.develop_ahead();
    let first = sandbox.finished_hotfix("auth", &[]);
    sandbox.git(["branch", "line", "main"]);
    let second = sandbox.start("session", &["--severity", "P1"]);
    sandbox.commit(
        "session.js",
        &format!("// HOTFIX: {second} - Expire sessions\nexpire();\n"),
        &["-m", &format!("{second}: Expire sessions")],
    );
    sandbox
        .at("2026-03-02T12:00:00Z")
        .hotfix(["finish", "--yes"])
        .success();
    // `line` holds the first hotfix's merge into main, and gets develop with both hotfixes'
    // merges into develop: the second's and the first's main merge are on unrelated lines.
    sandbox.git(["checkout", "--quiet", "line"]);
    sandbox.git(["merge", "--quiet", "--no-ff", "--no-edit", "develop"]);
    let err = stderr(&sandbox.hotfix(["show"]).success());
    assert_eq!(
        err,
        format!("Using {second}, whose merge branch 'line' contains.\n")
    );

    // Recorded as finished before the first, the second is no longer the one meant.
    let mut doc = sandbox.metadata(&second);
    for event in doc["events"].as_array_mut().unwrap() {
        event["at"] = "2026-03-01T08:00:00Z".into();
    }
    sandbox.write_note(&sandbox.anchor(&second), &doc);
    let run = sandbox.hotfix(["show"]).success();
    assert_eq!(
        stderr(&run),
        format!("Using {first}, whose merge branch 'line' contains.\n")
    );
    assert!(stdout(&run).starts_with(&format!("{first} P0 finished")));
}

#[test]
fn claims_on_newer_commits_or_on_commits_never_fetched_do_not_hide_the_merge() {
    let sandbox = Sandbox::new();
    let id = sandbox.finished_hotfix("auth", &[]);
    let after = sandbox.commit(
        "NOTES.md",
        "after the release\n",
        &["-m", "Note the release"],
    );
    let mut doc = sandbox.metadata(&id);
    doc["hotfix_id"] = "HOTFIX-777".into();
    doc["merges"] = json!([{"branch": "main", "commit": after}]);
    sandbox.add_note("planted on HEAD\n", &doc);
    doc["hotfix_id"] = "HOTFIX-778".into();
    doc["merges"] =
        json!([{"branch": "main", "commit": "1234567890123456789012345678901234567890"}]);
    sandbox.add_note("planted elsewhere\n", &doc);

    // HEAD is no merge of HOTFIX-777, and HOTFIX-778's merge is not in this repository.
    let run = sandbox.hotfix(["show"]).success();
    assert_eq!(
        stderr(&run),
        format!("Using {id}, whose merge branch 'main' contains.\n")
    );
    assert!(stdout(&run).starts_with(&format!("{id} P0 finished")));
}
