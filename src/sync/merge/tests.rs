//! The merge rules' unit tests: field-by-field document merges, renumbering of ids that
//! collide, and that a merge of large notes stays linear work.

use serde_json::json;

use super::*;
use crate::store;

fn event(at: &str, what: &str) -> Value {
    json!({"at": at, "event": what, "by": "A <a@example.com>"})
}

fn doc() -> Value {
    json!({
        "schema": 1, "hotfix_id": "HOTFIX-001", "severity": "P1", "issue": "Login fails",
        "affected_versions": ["v2.0.1"], "components": ["auth"], "impact": null,
        "created": "2026-03-02T10:00:00Z", "owner": "A <a@example.com>",
        "branch": "hotfix/login", "base_ref": "origin/main", "base_commit": "0123456789abcdef0123456789abcdef01234567",
        "status": "open", "events": [event("2026-03-02T10:00:00Z", "started")]
    })
}

fn push_event(doc: &mut Value, at: &str, what: &str) {
    doc["events"].as_array_mut().unwrap().push(event(at, what));
}

/// Merges both ways and checks the result does not depend on which clone merges.
fn merged(base: Option<&Value>, ours: &Value, theirs: &Value) -> Value {
    let one = merge_documents(base, ours, theirs);
    let other = merge_documents(base, theirs, ours);
    assert_eq!(one, other, "the merge must be symmetric");
    one
}

#[test]
fn fields_changed_on_different_sides_are_all_kept() {
    let base = doc();
    let mut ours = doc();
    ours["severity"] = json!("P0");
    push_event(&mut ours, "2026-03-02T10:05:00Z", "severity-raised");
    let mut theirs = doc();
    theirs["impact"] = json!("Nobody can log in");
    theirs["future_field"] = json!({"kept": true});
    push_event(&mut theirs, "2026-03-02T10:07:00Z", "tests-passed");

    let result = merged(Some(&base), &ours, &theirs);
    assert_eq!(result["severity"], "P0");
    assert_eq!(result["impact"], "Nobody can log in");
    assert_eq!(result["future_field"], json!({"kept": true}));
    let events: Vec<&str> = result["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["started", "severity-raised", "tests-passed"]);
}

#[test]
fn events_are_united_once_and_ordered_by_time() {
    let mut ours = doc();
    push_event(&mut ours, "2026-03-02T12:00:00Z", "late");
    push_event(&mut ours, "2026-03-02T10:30:00Z", "shared");
    let mut theirs = doc();
    push_event(&mut theirs, "2026-03-02T10:30:00Z", "shared");
    push_event(&mut theirs, "2026-03-02T11:00:00Z", "middle");
    let result = merged(Some(&doc()), &ours, &theirs);
    let events: Vec<&str> = result["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["started", "shared", "middle", "late"]);
}

#[test]
fn a_field_both_sides_changed_takes_the_side_with_the_later_event() {
    let mut ours = doc();
    ours["status"] = json!("finished");
    ours["issue"] = json!("Login fails for SSO users");
    push_event(&mut ours, "2026-03-02T11:00:00Z", "finished");
    let mut theirs = doc();
    theirs["status"] = json!("cancelled");
    theirs["issue"] = json!("Login fails on mobile");
    push_event(&mut theirs, "2026-03-02T10:30:00Z", "cancelled");
    let result = merged(Some(&doc()), &ours, &theirs);
    assert_eq!(result["status"], "finished");
    assert_eq!(result["issue"], "Login fails for SSO users");
}

#[test]
fn a_status_changed_on_one_side_survives_a_later_event_on_the_other() {
    let mut ours = doc();
    ours["status"] = json!("finished");
    push_event(&mut ours, "2026-03-02T11:00:00Z", "finished");
    let mut theirs = doc();
    push_event(&mut theirs, "2026-03-02T12:00:00Z", "comment");
    let result = merged(Some(&doc()), &ours, &theirs);
    assert_eq!(result["status"], "finished");
    assert_eq!(result["events"].as_array().unwrap().len(), 3);
}

#[test]
fn lists_keep_both_additions_and_honour_a_removal() {
    let mut base = doc();
    base["components"] = json!(["auth", "api"]);
    let mut ours = base.clone();
    ours["components"] = json!(["auth", "api", "billing"]);
    push_event(&mut ours, "2026-03-02T10:10:00Z", "edit");
    let mut theirs = base.clone();
    theirs["components"] = json!(["auth", "web"]);
    push_event(&mut theirs, "2026-03-02T10:20:00Z", "edit");
    let result = merged(Some(&base), &ours, &theirs);
    assert_eq!(result["components"], json!(["auth", "web", "billing"]));
}

#[test]
fn without_a_common_version_lists_are_united_and_the_newer_scalar_wins() {
    let mut ours = doc();
    ours["affected_versions"] = json!(["v2.0.0"]);
    ours["severity"] = json!("P0");
    push_event(&mut ours, "2026-03-02T10:10:00Z", "edit");
    let theirs = doc();
    let result = merged(None, &ours, &theirs);
    assert_eq!(result["affected_versions"], json!(["v2.0.0", "v2.0.1"]));
    assert_eq!(result["severity"], "P0");
}

#[test]
fn a_renumbered_id_wins_over_the_id_it_replaced() {
    let ours = doc();
    let mut theirs = doc();
    theirs["hotfix_id"] = json!("HOTFIX-004");
    theirs["former_ids"] = json!(["HOTFIX-001"]);
    push_event(&mut theirs, "2026-03-02T10:01:00Z", "renumbered");
    let result = merged(Some(&doc()), &ours, &theirs);
    assert_eq!(result["hotfix_id"], "HOTFIX-004");
    assert_eq!(result["former_ids"], json!(["HOTFIX-001"]));
}

#[test]
fn two_different_renumberings_converge_on_the_lower_id() {
    let mut ours = doc();
    ours["hotfix_id"] = json!("HOTFIX-005");
    ours["former_ids"] = json!(["HOTFIX-001"]);
    let mut theirs = doc();
    theirs["hotfix_id"] = json!("HOTFIX-003");
    theirs["former_ids"] = json!(["HOTFIX-001"]);
    let result = merged(Some(&doc()), &ours, &theirs);
    assert_eq!(result["hotfix_id"], "HOTFIX-003");
    assert_eq!(result["former_ids"], json!(["HOTFIX-001", "HOTFIX-005"]));
}

fn hotfix(anchor: &str, id: &str, created: &str, branch: &str) -> Hotfix {
    let mut value = doc();
    value["hotfix_id"] = json!(id);
    value["created"] = json!(created);
    value["branch"] = json!(branch);
    let anchor = ObjectId::from_str(&anchor.repeat(40)).unwrap();
    let meta = store::parse(anchor, value.to_string().as_bytes()).unwrap();
    Hotfix { anchor, meta }
}

#[test]
fn the_later_hotfix_with_a_taken_id_gets_the_next_free_number() {
    let mut hotfixes = vec![
        hotfix("b", "HOTFIX-001", "2026-03-02T10:05:00Z", "hotfix/later"),
        hotfix("a", "HOTFIX-001", "2026-03-02T10:00:00Z", "hotfix/first"),
        hotfix("c", "HOTFIX-002", "2026-03-02T09:00:00Z", "hotfix/other"),
    ];
    hotfixes[2].meta.former_ids = vec!["HOTFIX-003".into()];
    let renumbered =
        renumber_collisions(&mut hotfixes, &HashSet::new(), "Sync <s@example.com>").renumbered;
    assert_eq!(renumbered.len(), 1);
    assert_eq!(renumbered[0].from, "HOTFIX-001");
    assert_eq!(renumbered[0].to, "HOTFIX-004");
    assert_eq!(renumbered[0].kept_by, "hotfix/first");
    let later = &hotfixes[0].meta;
    assert_eq!(later.hotfix_id, "HOTFIX-004");
    assert_eq!(later.former_ids, ["HOTFIX-001"]);
    assert_eq!(later.branch, "hotfix/later");
    assert_eq!(
        later.events.last().unwrap().event,
        crate::store::EventKind::Renumbered
    );
    assert!(later.answers_to("HOTFIX-001") && later.answers_to("hotfix-004"));
    assert!(!later.answers_to("HOTFIX-002"));
    assert_eq!(hotfixes[1].meta.hotfix_id, "HOTFIX-001");
}

#[test]
fn a_hotfix_this_clone_shared_keeps_its_id_against_a_note_claiming_an_earlier_start() {
    let mut hotfixes = vec![
        hotfix("a", "HOTFIX-001", "2026-03-02T10:00:00Z", "hotfix/auth"),
        hotfix("b", "HOTFIX-001", "2026-03-01T00:00:00Z", "hotfix/planted"),
    ];
    let protected: HashSet<ObjectId> = [hotfixes[0].anchor].into();
    let done = renumber_collisions(&mut hotfixes, &protected, "s");
    assert_eq!(hotfixes[0].meta.hotfix_id, "HOTFIX-001");
    assert_eq!(hotfixes[1].meta.hotfix_id, "HOTFIX-002");
    assert_eq!(done.renumbered[0].kept_by, "hotfix/auth");
    assert!(!done.renumbered[0].earlier);
    assert_eq!(
        done.renumbered[0].reason(),
        "hotfix/auth holds HOTFIX-001 in the clone that started it"
    );
    // Unprotected, the one created first keeps it.
    let mut again = vec![
        hotfix("a", "HOTFIX-001", "2026-03-02T10:00:00Z", "hotfix/auth"),
        hotfix("b", "HOTFIX-001", "2026-03-01T00:00:00Z", "hotfix/planted"),
    ];
    renumber_collisions(&mut again, &HashSet::new(), "s");
    assert_eq!(again[0].meta.hotfix_id, "HOTFIX-002");
}

#[test]
fn renumbering_never_targets_an_id_in_use_nor_passes_the_bound() {
    let mut hotfixes = vec![
        hotfix("a", "HOTFIX-999998", "2026-03-02T10:00:00Z", "x"),
        hotfix("b", "HOTFIX-999998", "2026-03-02T10:01:00Z", "y"),
        hotfix("c", "HOTFIX-999998", "2026-03-02T10:02:00Z", "z"),
    ];
    let done = renumber_collisions(&mut hotfixes, &HashSet::new(), "s");
    assert_eq!(hotfixes[1].meta.hotfix_id, "HOTFIX-999999");
    assert_eq!(hotfixes[2].meta.hotfix_id, "HOTFIX-999998");
    assert_eq!(done.left_shared, ["HOTFIX-999998"]);
    for hotfix in &hotfixes {
        assert!(
            hotfix
                .meta
                .former_ids
                .iter()
                .all(|f| *f != hotfix.meta.hotfix_id)
        );
    }
    // Nothing more to do the next time: no event is added again.
    let mut twice = hotfixes.clone();
    let events: Vec<usize> = twice.iter().map(|h| h.meta.events.len()).collect();
    let done = renumber_collisions(&mut twice, &HashSet::new(), "s");
    assert!(done.renumbered.is_empty());
    assert_eq!(
        events,
        twice
            .iter()
            .map(|h| h.meta.events.len())
            .collect::<Vec<_>>()
    );
}

/// The merge of lists and events as it was written first, comparing every item with every
/// other: the reference the hashed merge must agree with exactly.
fn merge_list_by_scan(base: &[Value], newer: &[Value], older: &[Value]) -> Vec<Value> {
    let removed_by = |side: &[Value], item: &Value| base.contains(item) && !side.contains(item);
    let mut merged: Vec<Value> = Vec::new();
    for item in newer.iter().chain(older) {
        if !removed_by(newer, item) && !removed_by(older, item) && !merged.contains(item) {
            merged.push(item.clone());
        }
    }
    merged
}

fn unite_events_by_scan(n: &[Value], o: &[Value]) -> Vec<Value> {
    let mut events: Vec<(Option<OffsetDateTime>, String, Value)> = Vec::new();
    for event in n.iter().chain(o) {
        let text = canonical(event);
        if !events.iter().any(|(_, t, _)| *t == text) {
            events.push((event_time(event), text, event.clone()));
        }
    }
    events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    events.into_iter().map(|(_, _, e)| e).collect()
}

fn item() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    prop_oneof![
        (0u8..6).prop_map(|n| json!(format!("c{n}"))),
        (0u8..4).prop_map(|n| json!(n)),
        Just(json!(0.0)),
        Just(json!(-0.0)),
        Just(json!(1.0)),
        Just(json!(null)),
        (0u8..3, 0u8..3).prop_map(|(a, b)| json!({"a": a, "b": [b]})),
        (0u8..3, "(started|x|y)")
            .prop_map(|(m, what)| event(&format!("2026-03-02T10:0{m}:00Z"), &what)),
        Just(json!({"at": "not a time", "event": "odd"})),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..Default::default()
    })]

    #[test]
    fn the_hashed_merge_keeps_the_order_of_the_scanning_one(
        base in proptest::collection::vec(item(), 0..8),
        newer in proptest::collection::vec(item(), 0..8),
        older in proptest::collection::vec(item(), 0..8),
    ) {
        proptest::prop_assert_eq!(
            merge_list(&base, &newer, &older),
            merge_list_by_scan(&base, &newer, &older)
        );
        let united = unite_events(Some(&Value::Array(newer.clone())), Some(&Value::Array(older.clone())));
        proptest::prop_assert_eq!(united, Some(Value::Array(unite_events_by_scan(&newer, &older))));
    }
}

#[test]
fn a_merge_of_forty_thousand_events_and_items_is_linear_work() {
    // Scanning every item against every other, this took half a minute (release build).
    let n = 40_000;
    let events = |side: &str| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"at": "2026-03-02T10:00:00Z", "event": format!("{side}{i}"), "by": ""}))
            .collect()
    };
    let items =
        |side: &str| -> Vec<Value> { (0..n).map(|i| json!(format!("{side}{i}"))).collect() };
    let mut ours = doc();
    ours["events"] = Value::Array(events("o"));
    ours["components"] = Value::Array(items("o"));
    let mut theirs = doc();
    theirs["events"] = Value::Array(events("t"));
    theirs["components"] = Value::Array(items("t"));
    let result = merge_documents(Some(&doc()), &ours, &theirs);
    assert_eq!(result["events"].as_array().unwrap().len(), 2 * n);
    assert_eq!(result["components"].as_array().unwrap().len(), 2 * n);
}

#[test]
fn hotfixes_created_at_the_same_time_are_told_apart_by_anchor() {
    let at = "2026-03-02T10:00:00Z";
    let mut one = vec![
        hotfix("e", "HOTFIX-001", at, "x"),
        hotfix("d", "HOTFIX-001", at, "y"),
    ];
    let mut two = vec![one[1].clone(), one[0].clone()];
    renumber_collisions(&mut one, &HashSet::new(), "s");
    renumber_collisions(&mut two, &HashSet::new(), "s");
    assert_eq!(one[1].meta.hotfix_id, "HOTFIX-001");
    assert_eq!(one[0].meta.hotfix_id, "HOTFIX-002");
    assert_eq!(two[0].meta.hotfix_id, "HOTFIX-001");
    assert_eq!(two[1].meta.hotfix_id, "HOTFIX-002");
}
