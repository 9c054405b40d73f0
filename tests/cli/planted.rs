//! Notes planted by someone else: anyone who can push to the shared remote writes notes, so
//! each test is an attack. The attacker's clone pushes a crafted note to the bare remote, the
//! victim's clone fetches it (`git hotfix sync`, or a command's own sync) and runs a command:
//! the note never takes over the victim's branch or id, never breaks the numbering, and is
//! refused by name, without costing unbounded work, when it breaks a limit.

use std::fs;

use serde_json::{Value, json};

use crate::common::{Refusal, Sandbox, events, stderr, stdout};

/// The victim's hotfix on `hotfix/auth`: started, fixed and shared with the remote, as
/// `start` does online. Returns its id.
fn shared_hotfix(victim: &Sandbox) -> String {
    let id = victim.fixed_hotfix("auth", &[]);
    victim.hotfix(["sync"]).success();
    id
}

/// The attacker's clone, with the notes the remote has.
fn attacker(victim: &Sandbox) -> Sandbox {
    let attacker = victim.clone_named("attacker");
    attacker.git(["config", "user.name", "Mallory"]);
    attacker.hotfix(["sync"]).success();
    attacker
}

/// Writes `text` as the note on a new anchor in `clone` (through a file: a planted note can be
/// larger than a command line may be) and pushes the notes to the remote, as plain git can.
/// Returns the anchor.
fn plant_text(clone: &Sandbox, text: &str) -> String {
    let file = clone.dir.path().join("planted.json");
    fs::write(&file, text).unwrap();
    let anchor_file = clone.dir.path().join("anchor");
    let digest = {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut hasher = DefaultHasher::new();
        text.hash(&mut hasher);
        hasher.finish()
    };
    fs::write(&anchor_file, format!("planted {digest:016x}\n")).unwrap();
    let anchor = clone
        .git(["hash-object", "-w", anchor_file.to_str().unwrap()])
        .trim()
        .to_string();
    clone.git([
        "notes",
        "--ref=hotfix",
        "add",
        "-f",
        "-F",
        file.to_str().unwrap(),
        &anchor,
    ]);
    push_notes(clone);
    anchor
}

fn plant(clone: &Sandbox, doc: &Value) -> String {
    plant_text(clone, &serde_json::to_string_pretty(doc).unwrap())
}

fn push_notes(clone: &Sandbox) {
    clone.git([
        "push",
        "--quiet",
        "origin",
        "refs/notes/hotfix:refs/notes/hotfix",
    ]);
}

/// A copy of the victim's document claiming to be another hotfix, `id`, created at `created`.
fn forged(victim: &Sandbox, of: &str, id: &str, created: &str) -> Value {
    let mut doc = victim.metadata(of);
    doc["hotfix_id"] = id.into();
    doc["created"] = created.into();
    doc["owner"] = "Mallory <mallory@example.com>".into();
    doc["issue"] = "Planted".into();
    doc["events"] =
        json!([{"at": created, "event": "started", "by": "Mallory <mallory@example.com>"}]);
    doc
}

#[test]
fn a_planted_open_note_for_the_branch_does_not_take_it_over() {
    let victim = Sandbox::new();
    victim.release_line(
        "support/1.4",
        "function login() {\n  return true;\n}\n",
        "v1.4.0",
    );
    let id = shared_hotfix(&victim);
    assert_eq!(id, "HOTFIX-001");
    let mallory = attacker(&victim);
    plant(
        &mallory,
        &forged(&victim, &id, "HOTFIX-777", "2026-03-02T11:00:00Z"),
    );
    victim.hotfix(["sync"]).success();
    assert_eq!(victim.metadata("HOTFIX-777")["branch"], "hotfix/auth");

    // The owner's commits keep their header, with a warning about the other claim.
    let commit = victim.try_commit(
        "app.js",
        "// HOTFIX: HOTFIX-001 - Deny by default\nfunction login() {\n  return false; // always\n}\n",
        &["-m", "HOTFIX-001: Deny by default, always"],
    );
    let err = stderr(&commit);
    assert!(commit.status.success(), "{err}");
    assert!(
        err.contains(
            "warning: HOTFIX-777 also claims the branch 'hotfix/auth', but this clone started HOTFIX-001 there: HOTFIX-777 is ignored here"
        ),
        "{err}"
    );
    let refused = victim.try_commit(
        "app.js",
        "// HOTFIX: HOTFIX-777\n",
        &["-m", "HOTFIX-777: Mine now"],
    );
    assert!(!refused.status.success(), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("this branch is HOTFIX-001"),
        "{}",
        stderr(&refused)
    );
    victim.git(["reset", "--quiet", "--hard"]);

    // status, backport and finish work on the owner's hotfix.
    let out = stdout(&victim.hotfix(["status", "--json"]).success());
    let status: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["hotfix_id"], "HOTFIX-001");
    victim
        .hotfix(["backport", "--onto", "support/1.4", "--yes", "--no-sync"])
        .success();
    assert_eq!(
        victim.metadata("HOTFIX-001")["backports"][0]["target"],
        "support/1.4"
    );
    assert!(victim.metadata("HOTFIX-777").get("backports").is_none());
    victim.git(["checkout", "--quiet", "hotfix/auth"]);
    let out = stdout(&victim.hotfix(["finish", "--yes", "--no-sync"]).success());
    assert!(
        out.starts_with("Finished HOTFIX-001: released v2.0.2"),
        "{out}"
    );
    assert_eq!(victim.metadata("HOTFIX-777")["status"], "open");

    // What tells them apart: this clone remembers the hotfix it started in its own config,
    // which no push carries.
    let owned = victim.git(["config", "--local", "--get-all", "hotfix.owned"]);
    assert_eq!(owned.trim(), victim.anchor(&id));
}

#[test]
fn two_open_notes_on_a_branch_this_clone_did_not_start_are_a_conflict_it_can_resolve() {
    let victim = Sandbox::new();
    let id = shared_hotfix(&victim);
    let mallory = attacker(&victim);
    let planted = plant(
        &mallory,
        &forged(&victim, &id, "HOTFIX-777", "2026-03-02T11:00:00Z"),
    );
    // A teammate helping on the branch started neither hotfix.
    let mate = victim.clone_named("mate");
    mate.hotfix(["sync"]).success();
    mate.git(["checkout", "--quiet", "-b", "hotfix/auth"]);
    let err = mate.assert_refused_unchanged(
        ["status"],
        Refusal::exit(1).starts_with(
            "error: the open hotfixes HOTFIX-001 and HOTFIX-777 both claim the branch 'hotfix/auth', and this clone started neither of them\n",
        ),
    );
    let anchor = victim.anchor(&id);
    for hint in [
        "hint: compare them with 'git hotfix show HOTFIX-001' and 'git hotfix show HOTFIX-777'".to_string(),
        format!(
            "hint: the one you work on: claim it with 'git config --add hotfix.owned <anchor>' (HOTFIX-001: {anchor}, HOTFIX-777: {planted})"
        ),
        "hint: one that is not a real hotfix: close it with 'git hotfix cancel <id> --keep-branch --reason \"not ours\"'".to_string(),
    ] {
        assert!(err.contains(&hint), "{err}");
    }

    // Claiming one settles it for this clone.
    mate.git(["config", "--add", "hotfix.owned", &anchor]);
    let out = stdout(&mate.hotfix(["status", "--json"]).success());
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["hotfix_id"],
        "HOTFIX-001"
    );
    // So does closing the planted one, for every clone.
    mate.git(["config", "--unset-all", "hotfix.owned"]);
    mate.hotfix([
        "cancel",
        "HOTFIX-777",
        "--keep-branch",
        "--yes",
        "--reason",
        "not ours",
    ])
    .success();
    let out = stdout(&mate.hotfix(["status", "--json"]).success());
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["hotfix_id"],
        "HOTFIX-001"
    );
    assert_eq!(mate.current_branch(), "hotfix/auth");
}

#[test]
fn a_planted_note_with_an_earlier_created_does_not_steal_the_id() {
    let victim = Sandbox::new();
    let id = shared_hotfix(&victim);
    let mallory = attacker(&victim);
    let mut doc = forged(&victim, &id, "HOTFIX-001", "2026-03-01T00:00:00Z");
    doc["branch"] = "hotfix/other".into();
    plant(&mallory, &doc);

    let assert = victim.hotfix(["sync"]).success();
    assert!(!stderr(&assert).contains("is now"), "{}", stderr(&assert));
    let own = victim.metadata("HOTFIX-001");
    assert_eq!(own["branch"], "hotfix/auth");
    assert!(own.get("former_ids").is_none(), "{own}");
    let moved = victim.metadata("HOTFIX-002");
    assert_eq!(moved["branch"], "hotfix/other");
    assert_eq!(moved["former_ids"], json!(["HOTFIX-001"]));
    assert_eq!(
        moved["events"][1]["detail"],
        "HOTFIX-001 → HOTFIX-002: hotfix/auth holds HOTFIX-001 in the clone that started it"
    );
    let status: Value =
        serde_json::from_str(&stdout(&victim.hotfix(["status", "--json"]).success())).unwrap();
    assert_eq!(status["hotfix_id"], "HOTFIX-001");

    // Every clone sees the same, and the next syncs change nothing.
    let other = victim.clone_named("third");
    other.hotfix(["sync"]).success();
    assert_eq!(other.all_metadata(), victim.all_metadata());
    mallory.hotfix(["sync"]).success();
    assert_eq!(mallory.all_metadata(), victim.all_metadata());
    let out = stdout(&victim.hotfix(["sync"]).success());
    assert_eq!(out, "The hotfix notes are in sync with 'origin'.\n");
}

#[test]
fn a_planted_highest_id_leaves_start_refusing_with_a_way_out() {
    let victim = Sandbox::new();
    let id = shared_hotfix(&victim);
    let mallory = attacker(&victim);
    let mut doc = forged(&victim, &id, "HOTFIX-999999", "2026-03-02T11:00:00Z");
    doc["branch"] = "hotfix/last".into();
    let planted = plant(&mallory, &doc);
    victim.hotfix(["sync"]).success();
    victim.git(["checkout", "--quiet", "main"]);

    victim.assert_refused_unchanged(
        ["start", "next", "--yes", "--severity", "P1", "--no-fetch"],
        Refusal::exit(1)
            .starts_with(
                "error: no hotfix id is left: HOTFIX-999999 is in use, and 999999 is the highest number an id may have\n",
            )
            .contains(format!(
                "hint: if HOTFIX-999999 is not a real hotfix, remove its note with 'git notes --ref=hotfix remove {planted}' and run 'git hotfix sync'"
            )),
    );
    // The way out works, and ids go on from the highest real one.
    victim.git(["notes", "--ref=hotfix", "remove", &planted]);
    assert_eq!(victim.start("next", &["--severity", "P1"]), "HOTFIX-002");
    victim.git(["checkout", "--quiet", "main"]);
    assert_eq!(victim.start("after", &["--severity", "P1"]), "HOTFIX-003");
}

#[test]
fn notes_with_ids_out_of_bounds_or_a_bad_branch_are_refused_by_name_and_never_renumbered() {
    let victim = Sandbox::new();
    let id = shared_hotfix(&victim);
    let mallory = attacker(&victim);
    let mut planted = Vec::new();
    for (fake, branch) in [
        ("HOTFIX-1000000", "hotfix/big"),
        ("HOTFIX-1000000", "hotfix/big-too"),
        ("HOTFIX-01", "hotfix/short"),
        ("HOTFIX-002", "--upload-pack=touch owned"),
        ("HOTFIX-003", "hotfix/a..b"),
    ] {
        let mut doc = forged(&victim, &id, fake, "2026-03-02T11:00:00Z");
        doc["branch"] = branch.into();
        planted.push(plant(&mallory, &doc));
    }
    let mut no_id = forged(&victim, &id, "not an id", "2026-03-02T11:00:00Z");
    no_id["branch"] = "hotfix/none".into();
    planted.push(plant(&mallory, &no_id));

    let assert = victim.hotfix(["sync"]).success();
    let err = stderr(&assert);
    for anchor in &planted {
        assert!(
            err.contains(&format!(
                "warning: the note on {anchor} in refs/notes/hotfix is refused: "
            )),
            "{anchor}: {err}"
        );
    }
    assert!(err.contains("it has the id 'HOTFIX-1000000', which is not of the form <PREFIX>-<digits> from 001 to 999999"), "{err}");
    assert!(err.contains("it names the branch '--upload-pack=touch owned', which git does not accept as a branch name"), "{err}");

    // Never used: the list holds the victim's hotfix only, and ids go on from it.
    let all = victim.all_metadata();
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    let err = stderr(&victim.hotfix(["list", "--all"]).success());
    assert_eq!(err.matches("is refused").count(), planted.len(), "{err}");
    victim.git(["checkout", "--quiet", "main"]);
    assert_eq!(victim.start("one", &["--severity", "P2"]), "HOTFIX-002");
    victim.git(["checkout", "--quiet", "main"]);
    assert_eq!(victim.start("two", &["--severity", "P2"]), "HOTFIX-003");

    // Syncing again and again renumbers nothing: the planted notes stay as they were.
    for _ in 0..2 {
        victim.hotfix(["sync"]).success();
    }
    for anchor in &planted {
        let now = victim.git(["notes", "--ref=hotfix", "show", anchor]);
        let then = mallory.git(["notes", "--ref=hotfix", "show", anchor]);
        assert_eq!(now, then, "{anchor}");
    }
    for meta in victim.all_metadata().as_array().unwrap() {
        assert!(!events(meta).contains(&"renumbered".to_string()), "{meta}");
    }
}

/// A compact note of `events` events and `components` components for the branch `branch`.
fn bloated(victim: &Sandbox, of: &str, events: usize, components: usize) -> String {
    let mut doc = victim.metadata(of);
    doc["events"] = (0..events)
        .map(|n| json!({"at": "2026-03-02T10:00:00Z", "event": format!("{n}"), "by": ""}))
        .collect();
    doc["components"] = (0..components).map(|n| json!(format!("c{n}"))).collect();
    doc.to_string()
}

#[test]
fn a_note_of_thousands_of_events_merges_and_past_the_limits_is_refused_while_others_work() {
    let victim = Sandbox::new();
    let id = shared_hotfix(&victim);
    let mallory = attacker(&victim);
    mallory.git(["checkout", "--quiet", "main"]);
    mallory.start("spam", &["--severity", "P2"]);
    mallory.hotfix(["sync"]).success();
    victim.hotfix(["sync"]).success();
    let spam = victim.anchor("HOTFIX-002");

    // Both sides change the note, so the sync merges the two versions item by item.
    let mut edited = victim.metadata("HOTFIX-002");
    edited["components"] = json!(["api"]);
    edited["events"].as_array_mut().unwrap().push(json!({
        "at": "2026-03-02T10:30:00Z", "event": "looked-at", "by": "Test User <test@example.com>"
    }));
    victim.write_note(&spam, &edited);
    let text = bloated(&victim, "HOTFIX-002", 12_000, 20_000);
    assert!(text.len() < 1 << 20, "{} bytes", text.len());
    let file = mallory.dir.path().join("bloated.json");
    fs::write(&file, &text).unwrap();
    mallory.git([
        "notes",
        "--ref=hotfix",
        "add",
        "-f",
        "-F",
        file.to_str().unwrap(),
        &spam,
    ]);
    push_notes(&mallory);

    let assert = victim.hotfix(["sync"]).success();
    let err = stderr(&assert);
    assert!(
        err.contains(&format!(
            "warning: the note on {spam} in refs/notes/hotfix is refused: it has 12002 events, more than the 10000 a note may hold\n"
        )),
        "{err}"
    );
    // Merged: the victim's edit and every planted item are in the note, which is not used.
    let merged: Value =
        serde_json::from_str(&victim.git(["notes", "--ref=hotfix", "show", &spam])).unwrap();
    assert_eq!(merged["events"].as_array().unwrap().len(), 12_002);
    assert_eq!(merged["components"].as_array().unwrap().len(), 20_001);
    assert_eq!(victim.all_metadata().as_array().unwrap().len(), 1);
    // The victim's own hotfix keeps working.
    let status: Value =
        serde_json::from_str(&stdout(&victim.hotfix(["status", "--json"]).success())).unwrap();
    assert_eq!(status["hotfix_id"], id);
    victim.hotfix(["verify"]).success();
}

#[test]
fn a_note_larger_than_a_note_may_be_is_refused_by_name_without_being_read() {
    let victim = Sandbox::new();
    let id = shared_hotfix(&victim);
    let mallory = attacker(&victim);
    let mut doc = forged(&victim, &id, "HOTFIX-002", "2026-03-02T11:00:00Z");
    doc["branch"] = "hotfix/huge".into();
    doc["issue"] = "x".repeat(2 << 20).into();
    let huge = plant(&mallory, &doc);

    let assert = victim.hotfix(["sync"]).success();
    let err = stderr(&assert);
    assert!(
        err.contains(&format!(
            "warning: the note on {huge} in refs/notes/hotfix is refused: it is "
        )),
        "{err}"
    );
    assert!(
        err.contains(" bytes, larger than the 1048576 a note may be\n"),
        "{err}"
    );
    let listed = stdout(&victim.hotfix(["list", "--all"]).success());
    assert!(
        listed.contains("HOTFIX-001") && !listed.contains("HOTFIX-002"),
        "{listed}"
    );
    let status: Value =
        serde_json::from_str(&stdout(&victim.hotfix(["status", "--json"]).success())).unwrap();
    assert_eq!(status["hotfix_id"], id);
    let commit = victim.try_commit(
        "app.js",
        "// HOTFIX: HOTFIX-001 - Deny\nfunction login() {\n  return false; // deny\n}\n",
        &["-m", "HOTFIX-001: Deny"],
    );
    assert!(commit.status.success(), "{}", stderr(&commit));
    victim.git(["checkout", "--quiet", "main"]);
    assert_eq!(victim.start("next", &["--severity", "P2"]), "HOTFIX-002");
}
