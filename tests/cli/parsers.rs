//! Properties of every parser of outside input (commit messages, notes documents, version and
//! tag strings, config values, CODEOWNERS) and of the sanitizer that shows note fields: no
//! panic, bounded output, a clear error. The same parsers have cargo-fuzz targets under
//! `fuzz/`; cases those found are kept here as regression tests.

use git_hotfix::codeowners::CodeOwners;
use git_hotfix::config::{self, MAX_FILES};
use git_hotfix::git::ObjectId;
use git_hotfix::policy::message::{CommentChar, Header, check_header, clean};
use git_hotfix::store::{self, SCHEMA};
use git_hotfix::ui::{clip, sanitize, sanitize_lines};
use git_hotfix::version::{self, TagStyle};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    // Modest: the whole file runs in about a second on two cores.
    ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn anchor() -> ObjectId {
    ObjectId::from_str("0123456789abcdef0123456789abcdef01234567").unwrap()
}

fn comment_char() -> impl Strategy<Value = CommentChar> {
    prop_oneof![
        Just(CommentChar::from_config(None)),
        Just(CommentChar::from_config(Some("auto"))),
        Just(CommentChar::from_config(Some(";"))),
        Just(CommentChar::from_config(Some("//"))),
        Just(CommentChar::from_config(Some(""))),
    ]
}

/// A valid hotfix document, as `start` writes it.
fn document() -> serde_json::Value {
    serde_json::json!({
        "schema": 1,
        "hotfix_id": "HOTFIX-001",
        "severity": "P0",
        "issue": "Auth bypass",
        "affected_versions": ["v2.0.1"],
        "components": ["auth"],
        "impact": null,
        "created": "2025-08-15T14:30:00Z",
        "owner": "Ann <ann@example.com>",
        "branch": "hotfix/auth",
        "base_ref": "origin/main",
        "base_commit": "0123456789abcdef0123456789abcdef01234567",
        "status": "open",
        "events": [{"at": "2025-08-15T14:30:00Z", "event": "started", "by": "Ann <ann@example.com>"}]
    })
}

/// A refusal a user can read: one sentence of bounded size naming the note, and a hint.
fn assert_clear(err: &git_hotfix::error::Error) {
    assert!(!err.message.is_empty());
    assert!(err.message.len() < 2048, "{} bytes", err.message.len());
    assert!(
        err.message
            .contains("0123456789abcdef0123456789abcdef01234567"),
        "{}",
        err.message
    );
    assert!(!err.hints.is_empty(), "{}", err.message);
}

/// Arbitrary JSON values, nested a few levels.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,20}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::from),
            prop::collection::btree_map(".{0,10}", inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn commit_messages_of_any_bytes_are_read_without_panic(
        raw in prop::collection::vec(any::<u8>(), 0..2048),
        comment in comment_char(),
    ) {
        let cleaned = clean(&raw, &comment);
        prop_assert!(cleaned.len() <= raw.len() * 3);
        let _ = check_header(&cleaned, &["HOTFIX-001"]);
    }

    #[test]
    fn comments_crlf_and_scissors_never_reach_the_cleaned_message(
        lines in prop::collection::vec("[a-zA-Z0-9 :#-]{0,30}", 0..12),
        crlf in any::<bool>(),
        scissors_at in any::<prop::sample::Index>(),
    ) {
        let mut lines = lines;
        let cut = scissors_at.index(lines.len() + 1);
        lines.insert(cut, "# ------------------------ >8 ------------------------".to_string());
        lines.push("after the scissors".to_string());
        let eol = if crlf { "\r\n" } else { "\n" };
        let cleaned = clean(lines.join(eol).as_bytes(), &CommentChar::from_config(None));
        prop_assert!(!cleaned.contains('\r'));
        prop_assert!(!cleaned.contains("after the scissors"));
        prop_assert!(cleaned.lines().all(|l| !l.starts_with('#')));
    }

    #[test]
    fn a_header_with_the_id_is_valid_whatever_the_subject(subject in "[^\r\n]{1,80}") {
        prop_assume!(!subject.trim().is_empty());
        let message = format!("HOTFIX-001: {subject}");
        let cleaned = clean(message.as_bytes(), &CommentChar::from_config(Some(";")));
        prop_assert_eq!(check_header(&cleaned, &["HOTFIX-001"]), Header::Valid);
    }

    #[test]
    fn notes_of_any_bytes_are_refused_clearly(raw in prop::collection::vec(any::<u8>(), 0..4096)) {
        if let Err(err) = store::parse(anchor(), &raw) {
            assert_clear(&err);
        }
    }

    #[test]
    fn truncated_notes_are_refused_as_invalid_json(cut in any::<prop::sample::Index>()) {
        let text = serde_json::to_string_pretty(&document()).unwrap();
        let cut = cut.index(text.len() - 1);
        let text = &text.as_bytes()[..cut];
        let err = store::parse(anchor(), text).unwrap_err();
        assert_clear(&err);
        prop_assert!(err.message.contains("is not valid JSON"), "{}", err.message);
    }

    #[test]
    fn notes_of_any_json_shape_parse_or_are_refused_clearly(value in json_value()) {
        let mut doc = document();
        // The value replaces a random known field, or stands as the whole document.
        let text = match &value {
            serde_json::Value::Object(_) => value.to_string(),
            _ => {
                doc["issue"] = value.clone();
                doc.to_string()
            }
        };
        match store::parse(anchor(), text.as_bytes()) {
            Ok(meta) => {
                let again = store::parse(anchor(), store::to_json(&meta).as_bytes()).unwrap();
                prop_assert_eq!(store::to_json(&again), store::to_json(&meta));
            }
            Err(err) => assert_clear(&err),
        }
    }

    #[test]
    fn unknown_fields_survive_a_rewrite(key in "[a-z_]{1,12}", value in json_value()) {
        let mut doc = document();
        prop_assume!(doc.get(&key).is_none() && !["tests", "merges", "version", "tag", "former_ids", "pr_url"].contains(&key.as_str()));
        doc[&key] = value.clone();
        let meta = store::parse(anchor(), doc.to_string().as_bytes()).unwrap();
        let written: serde_json::Value = serde_json::from_str(&store::to_json(&meta)).unwrap();
        prop_assert_eq!(&written[&key], &value);
    }

    #[test]
    fn newer_schemas_are_refused_with_an_upgrade_hint(schema in (SCHEMA as u64 + 1)..u64::MAX) {
        let mut doc = document();
        doc["schema"] = schema.into();
        let err = store::parse(anchor(), doc.to_string().as_bytes()).unwrap_err();
        assert_clear(&err);
        prop_assert!(err.message.contains("newer than this git-hotfix reads"), "{}", err.message);
    }

    #[test]
    fn version_and_tag_strings_never_panic(format in ".{0,40}", tag in ".{0,40}") {
        let user = version::parse_user(&tag);
        if let Err(err) = &user {
            prop_assert!(err.message.len() < 400 + tag.len());
        }
        if let Ok(style) = TagStyle::parse(&format)
            && let Some(found) = style.version_of(&tag)
        {
            prop_assert!(found.pre.is_empty());
        }
    }

    #[test]
    fn a_rendered_tag_reads_back_as_its_version(
        prefix in "[a-zA-Z._/-]{0,10}",
        suffix in "[a-zA-Z_/-]{0,10}",
        (major, minor, patch) in (0u64..1000, 0u64..1000, 0u64..1000),
    ) {
        let style = TagStyle::parse(&format!("{prefix}{{version}}{suffix}")).unwrap();
        let v = semver::Version::new(major, minor, patch);
        prop_assert_eq!(style.version_of(&style.render(&v)), Some(v.clone()));
        prop_assert_eq!(version::parse_user(&format!("v{v}")).unwrap(), v.clone());
        prop_assert!(version::next_patch(&v).unwrap() > v);
    }

    #[test]
    fn config_values_are_read_or_refused_in_one_safe_line(value in "\\PC{0,200}|[\\x00-\\x1f\\x7f]{0,20}") {
        for setting in config::ALL {
            for outcome in [setting.parse_number(&value).map(|_| ()), setting.parse_flag(&value).map(|_| ())] {
                if let Err(err) = outcome {
                    prop_assert!(err.message.lines().count() == 1, "{}", err.message);
                    prop_assert!(!err.message.chars().any(char::is_control), "{}", err.message);
                    prop_assert!(err.message.chars().count() < 400);
                    prop_assert!(err.hints[0].contains(setting.key));
                }
            }
        }
    }

    #[test]
    fn numbers_read_back(n in any::<usize>(), pad in " {0,3}") {
        prop_assert_eq!(MAX_FILES.parse_number(&format!("{pad}{n}{pad}")).unwrap(), n);
    }

    #[test]
    fn codeowners_of_any_text_never_panic(text in "(\\PC{0,60}\n){0,12}", path in "[a-z/.*]{0,30}") {
        let owners = CodeOwners::parse(&text);
        for owner in owners.owners_of(&path) {
            prop_assert!(!owner.is_empty() && text.contains(owner.as_str()));
        }
    }

    #[test]
    fn sanitized_text_has_no_control_or_direction_characters(text in "\\PC{0,40}|.{0,40}|[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a]{0,40}") {
        let shown = sanitize(&text);
        let unsafe_char = |c: char| {
            c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
        };
        prop_assert!(!shown.chars().any(unsafe_char), "{:?}", shown);
        // Nothing is lost: every character is there or escaped.
        prop_assert!(shown.chars().count() >= text.chars().count());
        if !text.chars().any(char::is_control) && !text.chars().any(|c| ('\u{200e}'..='\u{206f}').contains(&c)) {
            prop_assert_eq!(shown.as_ref(), text.as_str());
        }
        let lines = sanitize_lines(&text);
        prop_assert_eq!(lines.split('\n').count(), text.split('\n').count());
        prop_assert!(clip(&text, 10).chars().count() <= 11);
    }
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    for open in ["[", "{\"a\":"] {
        let text = open.repeat(100_000);
        let err = store::parse(anchor(), text.as_bytes()).unwrap_err();
        assert_clear(&err);
        assert!(err.message.contains("is not valid JSON"), "{}", err.message);
    }
}

#[test]
fn fields_up_to_the_limit_are_kept_whole_and_longer_ones_refused_by_name() {
    let mut doc = document();
    let issue = "x".repeat(store::MAX_TEXT_BYTES);
    doc["issue"] = issue.clone().into();
    let meta = store::parse(anchor(), doc.to_string().as_bytes()).unwrap();
    assert_eq!(meta.issue, issue);
    // And shown clipped when quoted in a sentence.
    assert_eq!(clip(&meta.issue, 80).chars().count(), 81);

    doc["issue"] = format!("{issue}x").into();
    let err = store::parse(anchor(), doc.to_string().as_bytes()).unwrap_err();
    assert_clear(&err);
    assert!(
        err.message.contains(&format!(
            "is refused: its issue is {} bytes, longer than the {} a text field may be",
            store::MAX_TEXT_BYTES + 1,
            store::MAX_TEXT_BYTES
        )),
        "{}",
        err.message
    );
    // A 4 MiB field makes the note too large to be read at all.
    doc["issue"] = "x".repeat(4 << 20).into();
    let err = store::parse(anchor(), doc.to_string().as_bytes()).unwrap_err();
    assert_clear(&err);
    assert!(
        err.message
            .contains("larger than the 1048576 a note may be"),
        "{}",
        err.message
    );
}

#[test]
fn a_document_without_schema_or_of_the_wrong_shape_is_named_as_such() {
    let err = store::parse(anchor(), b"{\"hello\": 1}").unwrap_err();
    assert_clear(&err);
    assert!(
        err.message
            .contains("not a git-hotfix document (no schema number)")
    );
    let mut doc = document();
    doc["severity"] = "P9".into();
    let err = store::parse(anchor(), doc.to_string().as_bytes()).unwrap_err();
    assert_clear(&err);
    assert!(
        err.message
            .contains("is not a valid hotfix document (unknown variant `P9`"),
        "{}",
        err.message
    );
}

#[test]
fn terminal_escapes_are_made_visible() {
    assert_eq!(
        sanitize("a\x1b[2J\x1b]0;pwned\x07b\u{9b}c\rd\u{202e}e"),
        "a\\x1b[2J\\x1b]0;pwned\\x07b\\x9bc\\rd\\u{202e}e"
    );
    assert_eq!(sanitize("Zoë 修正 🚨"), "Zoë 修正 🚨");
    assert_eq!(sanitize_lines("one\x1b\ntwo"), "one\\x1b\ntwo");
}
