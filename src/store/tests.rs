//! The store's unit tests: the release 0.1 note read back byte for byte, the limits and id
//! format a note is checked against, id allocation and which hotfix this clone owns.

use time::OffsetDateTime;

use super::*;

/// A note as release 0.1 writes it (start, test, checklist, rollback plan, finish with
/// develop, backport, deployed, resolved), plus an event kind and fields a newer release
/// adds.
const RELEASE_0_1: &str = include_str!("../../tests/fixtures/note-0.1.json");

#[test]
fn a_note_of_the_previous_release_reads_and_rewrites_byte_identically() {
    let anchor = ObjectId::from_str("a12f81f6a3aaded439d312fa9ae42b3e38e550d5").unwrap();
    let meta = parse(anchor, RELEASE_0_1.as_bytes()).unwrap();
    assert_eq!(meta.status, Status::Finished);
    assert_eq!(meta.merges.len(), 2);
    assert_eq!(meta.backports[0].commits.len(), 1);
    let kinds: Vec<&EventKind> = meta.events.iter().map(|e| &e.event).collect();
    assert_eq!(kinds[0], &EventKind::Started);
    assert_eq!(kinds[8], &EventKind::Finished);
    assert_eq!(
        kinds.last().unwrap(),
        &&EventKind::Other("paged".to_string())
    );
    assert!(meta.extra.contains_key("reviewed_by"));
    assert_eq!(to_json(&meta), RELEASE_0_1);
}

fn anchor(n: u8) -> ObjectId {
    ObjectId::from_str(&format!("{n:02x}").repeat(20)).unwrap()
}

fn hotfix(n: u8, id: &str, branch: &str, created: &str) -> Hotfix {
    let mut meta = parse(anchor(0), RELEASE_0_1.as_bytes()).unwrap();
    meta.hotfix_id = id.to_string();
    meta.branch = branch.to_string();
    meta.status = Status::Open;
    meta.created =
        OffsetDateTime::parse(created, &time::format_description::well_known::Rfc3339).unwrap();
    Hotfix {
        anchor: anchor(n),
        meta,
    }
}

fn loaded(hotfixes: Vec<Hotfix>, owned: &[u8]) -> Loaded {
    Loaded {
        hotfixes,
        bad: Vec::new(),
        owned: owned.iter().map(|&n| anchor(n)).collect(),
    }
}

#[test]
fn ids_are_a_prefix_and_a_number_within_the_bound_written_one_way() {
    for (id, number) in [
        ("HOTFIX-001", Some(1)),
        ("HOTFIX-042", Some(42)),
        ("hotfix-1234", Some(1234)),
        ("OPS_HF-999999", Some(999_999)),
        ("OPS-HF-010", Some(10)),
        ("HOTFIX-1000000", None),
        ("HOTFIX-000", None),
        ("HOTFIX-01", None),
        ("HOTFIX-0001", None),
        ("HOTFIX-1", None),
        ("HOTFIX-+12", None),
        ("HOTFIX-١٢٣", None),
        ("-001", None),
        ("--x-001", None),
        ("HOT FIX-001", None),
        ("HOTFIX", None),
        ("HOTFIX-", None),
    ] {
        assert_eq!(id_number(id), number, "{id}");
    }
    assert_eq!(
        id_number(&format!("{}-001", "A".repeat(MAX_ID_PREFIX))),
        Some(1)
    );
    assert_eq!(
        id_number(&format!("{}-001", "A".repeat(MAX_ID_PREFIX + 1))),
        None
    );
    assert_eq!(format_id("HOTFIX", 7), "HOTFIX-007");
    assert_eq!(format_id("HOTFIX", 123_456), "HOTFIX-123456");
}

#[test]
fn branches_are_names_git_accepts_for_a_branch() {
    for good in ["hotfix/auth", "hotfix/ünïcode", "a"] {
        assert!(is_branch_name(good), "{good}");
    }
    for bad in [
        "",
        "-x",
        "--upload-pack=x",
        "HEAD",
        "hotfix/a..b",
        "hotfix/a b",
        "hotfix/x\nmain",
        "hotfix/x.lock",
        "hotfix/@{1}",
        "hotfix/",
        "/x",
    ] {
        assert!(!is_branch_name(bad), "{bad}");
    }
    assert!(!is_branch_name(&"x".repeat(MAX_TEXT_BYTES + 1)));
}

#[test]
fn a_document_past_a_limit_is_refused_naming_the_limit() {
    let mut base = parse(anchor(0), RELEASE_0_1.as_bytes()).unwrap();
    assert_eq!(base.check(), Ok(()));
    // Small events, so ten thousand of them fit in a note.
    for event in &mut base.events {
        event.by.clear();
    }
    let small = Event {
        detail: None,
        ..base.events[0].clone()
    };
    let compact = |meta: &Metadata| serde_json::to_string(meta).unwrap();
    let refused = |change: &dyn Fn(&mut Metadata)| {
        let mut meta = base.clone();
        change(&mut meta);
        let text = compact(&meta);
        let err = parse(anchor(7), text.as_bytes()).unwrap_err();
        assert!(err.message.starts_with(&format!(
            "the note on {} in refs/notes/hotfix is refused: ",
            anchor(7)
        )));
        assert!(err.message.len() < 2048, "{}", err.message);
        err.message
    };
    let message = refused(&|m| m.events = vec![small.clone(); MAX_EVENTS + 1]);
    assert!(message.ends_with("it has 10001 events, more than the 10000 a note may hold"));
    let message = refused(&|m| m.components = vec!["c".into(); MAX_ITEMS + 1]);
    assert!(
        message.ends_with("it has 1001 components, more than the 1000 a list of a note may hold")
    );
    let release = PackageRelease {
        package: "api".into(),
        version: "1.3.1".into(),
        tag: "api/v1.3.1".into(),
        previous: None,
        extra: Default::default(),
    };
    let message = refused(&|m| m.backports[0].releases = vec![release.clone(); MAX_ITEMS + 1]);
    assert!(message.ends_with(
        "it has 1001 releases of a backport, more than the 1000 a list of a note may hold"
    ));
    let long = PackageRelease {
        tag: "x".repeat(MAX_TEXT_BYTES + 1),
        ..release.clone()
    };
    let message = refused(&|m| m.backports[0].releases = vec![long.clone()]);
    assert!(
        message
            .ends_with("its released tag is 4097 bytes, longer than the 4096 a text field may be"),
        "{message}"
    );
    let message = refused(&|m| m.events[2].detail = Some("x".repeat(MAX_TEXT_BYTES + 1)));
    assert!(
        message
            .ends_with("its event detail is 4097 bytes, longer than the 4096 a text field may be")
    );
    let message = refused(&|m| m.former_ids = vec!["HOTFIX-1000000".into()]);
    assert!(
        message.contains("it has the id 'HOTFIX-1000000'"),
        "{message}"
    );
    let message = refused(&|m| m.hotfix_id = "x".repeat(10_000));
    assert!(message.len() < 300, "{message}");
    let message = refused(&|m| m.branch = "-f".into());
    assert!(
        message.ends_with("it names the branch '-f', which git does not accept as a branch name")
    );
    // At the limits it reads.
    let mut meta = base.clone();
    meta.events = vec![small.clone(); MAX_EVENTS];
    meta.issue = "x".repeat(MAX_TEXT_BYTES);
    meta.hotfix_id = "HOTFIX-999999".into();
    assert!(parse(anchor(7), compact(&meta).as_bytes()).is_ok());
    // And a note larger than a note may be is refused before it is parsed.
    let big = vec![b' '; MAX_NOTE_BYTES + 1];
    let err = parse(anchor(7), &big).unwrap_err();
    assert!(
        err.message
            .ends_with("it is 1048577 bytes, larger than the 1048576 a note may be")
    );
}

#[test]
fn the_next_id_is_above_every_id_in_use_and_refused_past_the_bound() {
    let mut one = hotfix(1, "HOTFIX-004", "hotfix/a", "2026-03-02T10:00:00Z");
    one.meta.former_ids = vec!["HOTFIX-009".into()];
    let other_prefix = hotfix(2, "OPS-012", "hotfix/b", "2026-03-02T10:00:00Z");
    let notes = loaded(vec![one, other_prefix], &[]);
    assert_eq!(notes.next_id("HOTFIX").unwrap(), "HOTFIX-013");
    assert_eq!(
        loaded(Vec::new(), &[]).next_id("HOTFIX").unwrap(),
        "HOTFIX-001"
    );
    assert!(notes.next_id("bad prefix").is_err());

    let last = loaded(
        vec![hotfix(
            3,
            "HOTFIX-999999",
            "hotfix/z",
            "2026-03-02T10:00:00Z",
        )],
        &[],
    );
    let err = last.next_id("HOTFIX").unwrap_err();
    assert_eq!(
        err.message,
        "no hotfix id is left: HOTFIX-999999 is in use, and 999999 is the highest number an id may have"
    );
    assert!(
        err.hints[0].contains(&format!("remove {}", anchor(3))),
        "{:?}",
        err.hints
    );
    let mut used: HashSet<u32> = [1, 2, 3].into();
    assert_eq!(next_free(&used, 3), Some(4));
    used.insert(4);
    assert_eq!(next_free(&used, 3), Some(5));
    assert_eq!(next_free(&used, MAX_ID_NUMBER), None);
}

#[test]
fn a_branch_is_this_clones_own_hotfixes_and_else_a_conflict_when_claimed_twice() {
    let mine = hotfix(1, "HOTFIX-001", "hotfix/auth", "2026-03-02T10:00:00Z");
    let later = hotfix(2, "HOTFIX-777", "hotfix/auth", "2026-03-02T11:00:00Z");
    let elsewhere = hotfix(3, "HOTFIX-002", "hotfix/other", "2026-03-02T12:00:00Z");
    let all = vec![mine.clone(), later.clone(), elsewhere];

    // One open note: used whoever started it.
    let single = loaded(vec![later.clone()], &[]);
    let claim = single.claim_on_branch("hotfix/auth").unwrap().unwrap();
    assert_eq!(claim.hotfix.meta.hotfix_id, "HOTFIX-777");
    assert!(single.claim_on_branch("hotfix/none").unwrap().is_none());

    // Two: the one this clone started, whatever the notes say about time.
    let owned = loaded(all.clone(), &[1]);
    let claim = owned.claim_on_branch("hotfix/auth").unwrap().unwrap();
    assert_eq!(claim.hotfix.meta.hotfix_id, "HOTFIX-001");
    let passed: Vec<&str> = claim
        .passed_over
        .iter()
        .map(|h| h.meta.hotfix_id.as_str())
        .collect();
    assert_eq!(passed, ["HOTFIX-777"]);

    // Neither or both: a conflict naming both.
    for owned in [&[][..], &[1, 2]] {
        let err = loaded(all.clone(), owned)
            .claim_on_branch("hotfix/auth")
            .unwrap_err();
        assert!(
            err.message.starts_with(
                "the open hotfixes HOTFIX-001 and HOTFIX-777 both claim the branch 'hotfix/auth'"
            ),
            "{}",
            err.message
        );
        assert_eq!(err.hints.len(), 3, "{:?}", err.hints);
    }
    // A closed hotfix claims nothing.
    let mut closed = later;
    closed.meta.status = Status::Cancelled;
    let notes = loaded(vec![mine, closed], &[]);
    let claim = notes.claim_on_branch("hotfix/auth").unwrap();
    assert_eq!(claim.unwrap().hotfix.meta.hotfix_id, "HOTFIX-001");
}

#[test]
fn an_id_two_hotfixes_hold_names_the_one_this_clone_started() {
    let first = hotfix(1, "HOTFIX-001", "hotfix/a", "2026-03-01T10:00:00Z");
    let mut mine = hotfix(2, "HOTFIX-001", "hotfix/b", "2026-03-02T10:00:00Z");
    mine.meta.former_ids = vec!["HOTFIX-000".into()];
    let notes = loaded(vec![first.clone(), mine.clone()], &[2]);
    assert_eq!(notes.by_id("hotfix-001").unwrap().anchor, anchor(2));
    let notes = loaded(vec![first, mine], &[]);
    assert_eq!(notes.by_id("HOTFIX-001").unwrap().anchor, anchor(1));
}

#[test]
fn every_known_event_kind_keeps_its_name() {
    for kind in EventKind::KNOWN {
        assert_eq!(EventKind::from(kind.as_str().to_string()), kind);
    }
}
