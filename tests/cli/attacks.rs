//! Attacks on what reads other people's input: a second clone pushes the crafted note, branch
//! or commit where it would come from someone else, and the victim's clone runs the command.
//! Each test is one attack the tool must withstand.

use serde_json::{Value, json};

use crate::common::{Sandbox, stderr, stdout};

/// The attacker's clone, with the notes the remote has.
fn attacker(victim: &Sandbox) -> Sandbox {
    let attacker = victim.clone_named("attacker");
    attacker.git(["config", "user.name", "Mallory"]);
    attacker.hotfix(["sync"]).success();
    attacker
}

/// Stores `doc` as a note on a new anchor in `clone` and pushes the notes, as plain git can.
fn plant(clone: &Sandbox, doc: &Value) {
    let text = serde_json::to_string(doc).unwrap();
    clone.add_note(&format!("planted {}\n", text.len()), doc);
    clone.git([
        "push",
        "--quiet",
        "origin",
        "refs/notes/hotfix:refs/notes/hotfix",
    ]);
}

#[test]
fn a_planted_note_claiming_the_merge_main_contains_is_not_the_hotfix_taken() {
    let victim = Sandbox::new();
    let id = victim.finished_hotfix("auth", &[]);
    victim.hotfix(["sync"]).success();
    let mallory = attacker(&victim);
    let mut doc = victim.metadata(&id);
    doc["hotfix_id"] = "HOTFIX-777".into();
    doc["issue"] = "Planted".into();
    doc["owner"] = "Mallory <mallory@example.com>".into();
    plant(&mallory, &doc);
    victim.hotfix(["sync"]).success();
    assert_eq!(victim.metadata("HOTFIX-777")["merges"], doc["merges"]);

    // The merge brings commits of HOTFIX-001 only: it is no merge of HOTFIX-777.
    let run = victim.hotfix(["resolved"]).success();
    assert!(
        stderr(&run).contains(&format!("Using {id}, whose merge branch 'main' contains.")),
        "{}",
        stderr(&run)
    );
    assert!(
        victim.metadata("HOTFIX-777")["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["event"] != "resolved")
    );

    // A note that also claims the id of the commits is a second claim on the same merge: no
    // hotfix is obvious, and the command says which to name.
    let mut doc = doc.clone();
    doc["hotfix_id"] = "HOTFIX-778".into();
    doc["former_ids"] = json!([id]);
    plant(&mallory, &doc);
    victim.hotfix(["sync"]).success();
    let run = victim.hotfix(["rollback"]).failure();
    let err = stderr(&run);
    assert!(
        err.contains(&format!(
            "the merge branch 'main' contains is claimed by {id} and HOTFIX-778"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: name the hotfix with 'git hotfix rollback"),
        "{err}"
    );
    assert!(stdout(&run).is_empty());
}
