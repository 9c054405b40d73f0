//! The generated paperwork: checklist, rollback plan, release notes, post-mortem, stats, the
//! events recorded from outside git, and the notifier.

use serde_json::{Value, json};

use crate::common::{Sandbox, stderr, stdout};

const FIX: &str = "function login() {\n  // HOTFIX: HOTFIX-001 - Deny by default\n  // Issue: JWT validation bypass allowed unauthorized access\n  // Fix: Added proper signature verification\n  return false;\n}\n";

fn json_of(sandbox: &Sandbox, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(&sandbox.hotfix(args).success())).unwrap()
}

fn item<'a>(checklist: &'a Value, slug: &str) -> &'a Value {
    checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["slug"] == slug)
        .unwrap()
}

fn done(sandbox: &Sandbox, slug: &str) -> bool {
    let checklist = json_of(sandbox, &["checklist", "--json"]);
    item(&checklist, slug)["done"].as_bool().unwrap()
}

#[test]
fn checklist_auto_items_flip_as_the_branch_changes() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    for slug in [
        "implement-minimal-fix",
        "add-regression-test",
        "hotfix-headers",
        "unit-tests-pass",
        "update-changelog",
        "prepare-rollback-procedure",
    ] {
        assert!(!done(&sandbox, slug), "{slug} before any commit");
    }

    sandbox.commit("app.js", FIX, &["-m", "HOTFIX-001: Deny by default"]);
    assert!(done(&sandbox, "implement-minimal-fix"));
    assert!(done(&sandbox, "hotfix-headers"));
    assert!(!done(&sandbox, "add-regression-test"));

    sandbox.commit(
        "tests/login.test.js",
        "it('denies')\n",
        &["-m", "HOTFIX-001: Test it"],
    );
    assert!(done(&sandbox, "add-regression-test"));

    sandbox.hotfix(["verify", "--tests"]).success();
    assert!(done(&sandbox, "unit-tests-pass"));
    // A new commit changes the tree where a test may look: the recorded pass no longer holds
    // (a docs-only change would reuse it, see hotfix.testIgnore).
    sandbox.commit(
        "data.json",
        "x\n",
        &[
            "--no-verify",
            "--date",
            "2026-03-02T10:10:00Z",
            "-m",
            "Unrelated",
        ],
    );
    assert!(!done(&sandbox, "unit-tests-pass"));
    assert!(
        !done(&sandbox, "hotfix-headers"),
        "a commit without a header"
    );
    sandbox.git(["reset", "--quiet", "--hard", "HEAD~1"]);
    assert!(done(&sandbox, "unit-tests-pass"));
    assert!(done(&sandbox, "hotfix-headers"));

    sandbox.git(["config", "hotfix.maxLines", "1"]);
    let checklist = json_of(&sandbox, &["checklist", "--json"]);
    let minimal = item(&checklist, "implement-minimal-fix");
    assert_eq!(minimal["done"], false);
    assert!(
        minimal["reason"]
            .as_str()
            .unwrap()
            .contains("over the budget"),
        "{minimal}"
    );
    sandbox.git(["config", "--unset", "hotfix.maxLines"]);

    // Security is ticked by hand until a security suite is configured.
    assert_eq!(item(&checklist, "security-scan-clean")["automatic"], false);
    sandbox.git(["config", "hotfix.securityCommand", "true"]);
    let checklist = json_of(&sandbox, &["checklist", "--json"]);
    assert_eq!(item(&checklist, "security-scan-clean")["automatic"], true);
    assert_eq!(item(&checklist, "security-scan-clean")["done"], false);

    sandbox.hotfix(["release-notes", "--changelog"]).success();
    assert!(done(&sandbox, "update-changelog"));
    sandbox.hotfix(["rollback"]).success();
    assert!(done(&sandbox, "prepare-rollback-procedure"));
}

#[test]
fn manual_items_are_ticked_by_number_or_slug_with_who_and_when() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    let out = stdout(&sandbox.hotfix(["checklist", "done", "1"]).success());
    assert_eq!(
        out,
        "Ticked 1. Reproduce the issue locally (reproduce-locally) on HOTFIX-001 (1/20 done).\n"
    );
    sandbox
        .hotfix(["checklist", "done", "identify-root-cause"])
        .success();
    let out = stdout(&sandbox.hotfix(["checklist", "done", "#2"]).success());
    assert!(out.contains("is already ticked"), "{out}");

    let checklist = json_of(&sandbox, &["checklist", "--json"]);
    assert_eq!(checklist["progress"], json!({ "done": 2, "total": 20 }));
    let first = item(&checklist, "reproduce-locally");
    assert_eq!(first["ticked_by"], "Test User <test@example.com>");
    assert_eq!(first["ticked_at"], "2026-03-02T10:00:00Z");

    let status = stdout(&sandbox.hotfix(["status"]).success());
    assert!(status.contains("checklist: 2/20 done"), "{status}");
    let status = json_of(&sandbox, &["status", "--json"]);
    assert_eq!(status["checklist"], json!({ "done": 2, "total": 20 }));

    sandbox.hotfix(["checklist", "undo", "1"]).success();
    assert!(!done(&sandbox, "reproduce-locally"));
    let events: Vec<String> = sandbox.metadata("HOTFIX-001")["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["event"].as_str().unwrap(), e["detail"]))
        .collect();
    assert_eq!(
        events[1..],
        [
            "checklist-done \"reproduce-locally\"",
            "checklist-done \"identify-root-cause\"",
            "checklist-undo \"reproduce-locally\"",
        ]
    );

    let err = stderr(
        &sandbox
            .hotfix(["checklist", "done", "implement-minimal-fix"])
            .code(1),
    );
    assert!(
        err.starts_with("error: 'implement-minimal-fix' is decided from git"),
        "{err}"
    );
    let err = stderr(&sandbox.hotfix(["checklist", "done", "21"]).code(1));
    assert!(
        err.starts_with("error: '21' is not a checklist item\nhint: "),
        "{err}"
    );
}

#[test]
fn manual_items_are_named_by_their_words_or_a_unique_prefix() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    let ticked = |name: &str| {
        let out = stdout(&sandbox.hotfix(["checklist", "done", name]).success());
        out.split(" on HOTFIX-001").next().unwrap().to_string()
    };
    assert_eq!(
        ticked("reproduce"),
        "Ticked 1. Reproduce the issue locally (reproduce-locally)"
    );
    assert_eq!(
        ticked("IDENTIFY THE ROOT CAUSE"),
        "Ticked 2. Identify the root cause (identify-root-cause)"
    );
    assert_eq!(
        ticked("verify fix"),
        "Ticked 5. Verify the fix works (verify-fix-works)"
    );
    assert_eq!(
        ticked("alert-op"),
        "Ticked 15. Alert the operations team (alert-operations-team)"
    );
    let out = stdout(
        &sandbox
            .hotfix(["checklist", "undo", "Reproduce locally"])
            .success(),
    );
    assert!(out.starts_with("Unticked 1. "), "{out}");

    let err = stderr(&sandbox.hotfix(["checklist", "done", "tests"]).code(1));
    assert!(
        err.starts_with(
            "error: 'tests' names 3 checklist items: 7. unit-tests-pass, 8. integration-tests-pass, 19. smoke-tests-pass\nhint: "
        ),
        "{err}"
    );
    assert!(!done(&sandbox, "integration-tests-pass"));
}

#[test]
fn release_notes_detect_lock_files_migrations_and_config() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P1"]);
    sandbox.commit("app.js", FIX, &["-m", "HOTFIX-001: Deny by default"]);
    sandbox.write("package-lock.json", "{}\n");
    sandbox.write(
        "db/migrations/0002_index.sql",
        "-- HOTFIX: HOTFIX-001 - Index\n",
    );
    sandbox.write(
        ".env.production",
        "# HOTFIX: HOTFIX-001 - Strict\nJWT_STRICT=1\n",
    );
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "-m", "HOTFIX-001: Add an index"]);

    let notes = json_of(&sandbox, &["release-notes", "--json"]);
    assert_eq!(notes["version"], "2.0.2");
    assert_eq!(notes["tag"], "v2.0.2");
    assert_eq!(notes["changes"], json!(["Deny by default", "Add an index"]));
    let requirements = &notes["requirements"];
    assert_eq!(requirements["downtime"], "None expected");
    assert_eq!(requirements["dependencies"], json!(["package-lock.json"]));
    assert_eq!(
        requirements["database"],
        json!(["db/migrations/0002_index.sql"])
    );
    assert_eq!(requirements["configuration"], json!([".env.production"]));

    let text = stdout(
        &sandbox
            .hotfix(["release-notes", "--downtime", "5 minutes"])
            .success(),
    );
    assert!(text.contains("- **Downtime**: 5 minutes\n"), "{text}");
    assert!(text.contains("1. Enable maintenance mode\n"), "{text}");
    assert!(
        text.contains("- **Database**: `db/migrations/0002_index.sql`\n"),
        "{text}"
    );

    sandbox.git(["config", "hotfix.configPaths", "**/*.js"]);
    let notes = json_of(&sandbox, &["release-notes", "--json"]);
    assert_eq!(notes["requirements"]["configuration"], json!(["app.js"]));
}

#[test]
fn changelog_twice_leaves_one_entry_committed_with_a_header() {
    let sandbox = Sandbox::new();
    sandbox.commit(
        "CHANGELOG.md",
        "# Changelog\n\n## [Unreleased]\n\n## [2.0.1] - 2026-01-01\n\n- Older\n",
        &["-m", "Add a changelog"],
    );
    sandbox.git(["push", "--quiet", "origin", "main"]);
    sandbox.start("auth", &["--severity", "P1"]);
    sandbox.commit("app.js", FIX, &["-m", "HOTFIX-001: Deny by default"]);
    let out = stdout(&sandbox.hotfix(["release-notes", "--changelog"]).success());
    assert!(
        out.starts_with("Added 2.0.2 to CHANGELOG.md and committed it on hotfix/auth as "),
        "{out}"
    );
    let head = sandbox.rev("HEAD");
    let out = stdout(&sandbox.hotfix(["release-notes", "--changelog"]).success());
    assert_eq!(
        out,
        "CHANGELOG.md already has an entry for 2.0.2; nothing to change.\n"
    );
    assert_eq!(sandbox.rev("HEAD"), head, "no second commit");
    assert_eq!(
        sandbox.read("CHANGELOG.md"),
        "# Changelog\n\n## [Unreleased]\n\n## [2.0.2] - 2026-03-02\n\n### Fixed\n\n- Deny by default (HOTFIX-001)\n\n## [2.0.1] - 2026-01-01\n\n- Older\n"
    );
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s"]).trim(),
        "HOTFIX-001: Add 2.0.2 to the changelog"
    );
    assert_eq!(
        sandbox
            .git(["show", "--name-only", "--format=", "HEAD"])
            .trim(),
        "CHANGELOG.md"
    );
    assert!(sandbox.git(["status", "--porcelain"]).is_empty());
    // The changelog commit is not a change of the release.
    let notes = json_of(&sandbox, &["release-notes", "--json"]);
    assert_eq!(notes["changes"], json!(["Deny by default"]));

    sandbox.git(["switch", "--quiet", "main"]);
    let err = stderr(
        &sandbox
            .hotfix(["release-notes", "HOTFIX-001", "--changelog"])
            .code(1),
    );
    assert!(err.contains("is not checked out"), "{err}");
}

#[test]
fn changelog_is_created_when_missing() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P1"]);
    sandbox.commit("app.js", FIX, &["-m", "HOTFIX-001: Deny by default"]);
    sandbox
        .hotfix(["release-notes", "--changelog", "--version", "2.1.0"])
        .success();
    let text = sandbox.read("CHANGELOG.md");
    assert!(text.starts_with("# Changelog\n"), "{text}");
    assert!(
        text.ends_with("## [Unreleased]\n\n## [2.1.0] - 2026-03-02\n\n### Fixed\n\n- Deny by default (HOTFIX-001)\n"),
        "{text}"
    );
}

#[test]
fn postmortem_timeline_lists_every_event_in_order_with_the_duration() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0", "--impact", "Logins bypassed"]);
    sandbox.commit(
        "app.js",
        FIX,
        &[
            "--no-verify",
            "--date",
            "2026-03-02T10:20:00Z",
            "-m",
            "HOTFIX-001: Deny by default\n\nThe signature was never checked.",
        ],
    );
    sandbox.hotfix(["rollback"]).success();
    sandbox
        .hotfix([
            "deployed",
            "--env",
            "staging",
            "--at",
            "2026-03-02T10:40:00Z",
        ])
        .success();
    let out = stdout(
        &sandbox
            .hotfix(["deployed", "--at", "2026-03-02 11:00"])
            .success(),
    );
    assert_eq!(
        out,
        "Recorded HOTFIX-001 deployed to production at 2026-03-02 11:00 UTC.\n"
    );
    sandbox
        .hotfix(["resolved", "--at", "2026-03-02T12:30:00Z"])
        .success();

    let report = json_of(
        &sandbox,
        &[
            "postmortem",
            "--json",
            "--detected-at",
            "2026-03-02T09:30:00Z",
        ],
    );
    let timeline: Vec<(String, String)> = report["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["at"].as_str().unwrap().to_string(),
                e["what"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("2026-03-02T09:30:00Z", "Issue detected"),
        ("2026-03-02T10:00:00Z", "Hotfix started"),
        ("2026-03-02T10:00:00Z", "Rollback plan generated"),
        ("2026-03-02T10:20:00Z", "First commit"),
        ("2026-03-02T10:40:00Z", "Deployed to staging"),
        ("2026-03-02T11:00:00Z", "Deployed to production"),
        ("2026-03-02T12:30:00Z", "Issue resolved"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(timeline, expected);
    assert_eq!(report["total_duration_seconds"], 3 * 3600);
    assert_eq!(
        report["root_cause"],
        json!(["JWT validation bypass allowed unauthorized access"])
    );
    assert_eq!(
        report["fix"],
        json!(["Added proper signature verification"])
    );

    let text = stdout(
        &sandbox
            .hotfix(["postmortem", "--detected-at", "2026-03-02 09:30"])
            .success(),
    );
    assert!(
        text.contains("**Total duration** (detection to resolution): 3h 0m\n"),
        "{text}"
    );
    let err = stderr(
        &sandbox
            .hotfix(["postmortem", "--detected-at", "soon"])
            .code(2),
    );
    assert!(err.contains("'soon' is not a time"), "{err}");
}

#[test]
fn rollback_plan_names_the_previous_release_and_the_configured_command() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    let base = sandbox.rev("HEAD");
    let tip = sandbox.commit("app.js", FIX, &["-m", "HOTFIX-001: Deny by default"]);
    sandbox.git([
        "config",
        "hotfix.rollbackCommand",
        "kubectl rollout undo deployment/api",
    ]);
    sandbox.git([
        "config",
        "--add",
        "hotfix.rollbackTrigger",
        "Login success rate below 90%",
    ]);
    let plan = json_of(&sandbox, &["rollback", "--json"]);
    assert_eq!(plan["previous_tag"], "v2.0.1");
    assert_eq!(
        plan["deployment_command"],
        "kubectl rollout undo deployment/api"
    );
    assert_eq!(plan["triggers"], json!(["Login success rate below 90%"]));
    assert_eq!(
        plan["steps"][2]["commands"],
        json!([format!("git revert --no-edit {base}..{tip}")])
    );
    let events = sandbox.metadata("HOTFIX-001")["events"].clone();
    let last = events.as_array().unwrap().last().unwrap();
    assert_eq!(last["event"], "rollback-plan");
    assert_eq!(last["detail"], "previous release v2.0.1");
}

#[test]
fn output_writes_the_report_to_a_file() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    let assert = sandbox
        .hotfix(["checklist", "--output", "checklist.md"])
        .success();
    assert_eq!(stdout(&assert), "");
    assert_eq!(stderr(&assert), "Wrote checklist.md.\n");
    let text = sandbox.read("checklist.md");
    assert!(
        text.starts_with("# Hotfix checklist: HOTFIX-001 - Auth\n"),
        "{text}"
    );
    assert_eq!(
        text,
        stdout(&sandbox.hotfix(["checklist", "HOTFIX-001"]).success())
    );
}

#[test]
fn notifier_gets_each_event_as_json_and_never_blocks() {
    let sandbox = Sandbox::new();
    let log = sandbox.dir.path().join("notified.jsonl");
    sandbox.git([
        "config",
        "hotfix.notifyCommand",
        &format!("cat >> '{}'; echo >> '{}'", log.display(), log.display()),
    ]);
    sandbox.start("auth", &["--severity", "P0"]);
    sandbox.hotfix(["deployed"]).success();
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let events: Vec<&str> = lines
        .iter()
        .map(|l| l["event"]["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["started", "deployed"]);
    assert_eq!(lines[1]["hotfix"]["hotfix_id"], "HOTFIX-001");
    assert_eq!(lines[1]["hotfix"]["events"].as_array().unwrap().len(), 2);

    sandbox.git(["config", "hotfix.notifyCommand", "exit 3"]);
    let assert = sandbox.hotfix(["resolved"]).success();
    assert_eq!(
        stderr(&assert),
        "warning: hotfix.notifyCommand failed for the 'resolved' event of HOTFIX-001: it exited with status 3\n"
    );
    let events = sandbox.metadata("HOTFIX-001")["events"].clone();
    assert_eq!(
        events.as_array().unwrap().last().unwrap()["event"],
        "resolved"
    );
}

/// Writes `count` hotfix documents the way they are stored, varied over severities, statuses
/// and months, with known times to resolution.
fn generate_hotfixes(sandbox: &Sandbox, count: usize) {
    let base = sandbox.rev("main");
    for n in 1..=count {
        let severity = ["P0", "P1", "P2"][n % 3];
        let month = 1 + (n % 4);
        let created = format!("2026-{month:02}-{:02}T08:00:00Z", 1 + n % 27);
        // P0 fixes take n hours, the others n * 2 hours.
        let hours = if severity == "P0" { n } else { n * 2 };
        let status = match n % 5 {
            0 => "open",
            1 => "cancelled",
            2 => "rolled-back",
            _ => "finished",
        };
        let mut events =
            vec![json!({"at": created, "event": "started", "by": "Bot <bot@example.com>"})];
        if status == "finished" || status == "rolled-back" {
            let created_at = time::OffsetDateTime::parse(
                &created,
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap();
            let finished = created_at + time::Duration::hours(hours as i64);
            let finished = finished
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap();
            events
                .push(json!({"at": finished, "event": "finished", "by": "Bot <bot@example.com>"}));
        }
        let document = json!({
            "schema": 1,
            "hotfix_id": format!("HOTFIX-{n:03}"),
            "severity": severity,
            "issue": format!("Generated {n}"),
            "created": created,
            "owner": "Bot <bot@example.com>",
            "branch": format!("hotfix/generated-{n}"),
            "base_ref": "main",
            "base_commit": base,
            "status": status,
            "events": events,
        });
        sandbox.add_note(&format!("generated anchor {n}\n"), &document);
    }
}

#[test]
fn stats_over_many_generated_hotfixes() {
    let sandbox = Sandbox::new();
    generate_hotfixes(&sandbox, 40);
    let stats = json_of(&sandbox, &["stats", "--json"]);
    assert_eq!(stats["total"], 40);
    assert_eq!(
        stats["by_severity"],
        json!([{"name": "P0", "count": 13}, {"name": "P1", "count": 14}, {"name": "P2", "count": 13}])
    );
    assert_eq!(
        stats["by_status"],
        json!([
            {"name": "open", "count": 8},
            {"name": "finished", "count": 16},
            {"name": "cancelled", "count": 8},
            {"name": "rolled-back", "count": 8}
        ])
    );
    assert_eq!(stats["shipped"], 24);
    assert_eq!(stats["rolled_back"], 8);
    assert!((stats["rollback_rate"].as_f64().unwrap() - 8.0 / 24.0).abs() < 1e-9);
    // The P0 hotfixes that were finished (or finished, then rolled back) took n hours.
    let mut p0: Vec<i64> = (1..=40)
        .filter(|n| n % 3 == 0 && matches!(n % 5, 2..=4))
        .map(|n| n as i64 * 3600)
        .collect();
    p0.sort();
    let median = if p0.len() % 2 == 1 {
        p0[p0.len() / 2]
    } else {
        (p0[p0.len() / 2 - 1] + p0[p0.len() / 2]) / 2
    };
    let p90 = p0[(p0.len() * 90).div_ceil(100) - 1];
    let row = &stats["time_to_resolution"][0];
    assert_eq!(row["severity"], "P0");
    assert_eq!(row["finished"], p0.len());
    assert_eq!(row["median_seconds"], median);
    assert_eq!(row["p90_seconds"], p90);
    assert_eq!(
        stats["per_month"],
        json!([
            {"name": "2026-01", "count": 10},
            {"name": "2026-02", "count": 10},
            {"name": "2026-03", "count": 10},
            {"name": "2026-04", "count": 10}
        ])
    );

    let since = json_of(&sandbox, &["stats", "--json", "--since", "2026-03-01"]);
    assert_eq!(since["total"], 20);
    insta::assert_snapshot!("stats", stdout(&sandbox.hotfix(["stats"]).success()));
}

/// The fixed repository the report snapshots are taken from: a hotfix with a fix, a test, a
/// migration, a lock file and recorded events, all at fixed times.
fn fixed_repository() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.start(
        "critical-auth-vulnerability",
        &[
            "--severity",
            "P0",
            "--issue",
            "Authentication bypass vulnerability",
            "--impact",
            "Any token was accepted",
            "--component",
            "auth",
        ],
    );
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.commit(
        "app.js",
        FIX,
        &[
            "--no-verify",
            "--date",
            "2026-03-02T10:15:00Z",
            "-m",
            "HOTFIX-001: Verify the JWT signature\n\nUnsigned tokens were accepted.",
        ],
    );
    sandbox.write("tests/login.test.js", "it('rejects unsigned tokens')\n");
    sandbox.write(
        "db/migrations/0002_sessions.sql",
        "-- HOTFIX: HOTFIX-001 - Drop sessions\n",
    );
    sandbox.write("package-lock.json", "{}\n");
    sandbox.git(["add", "."]);
    sandbox.git([
        "commit",
        "--quiet",
        "--no-verify",
        "--date",
        "2026-03-02T10:30:00Z",
        "-m",
        "HOTFIX-001: Invalidate sessions",
    ]);
    sandbox.hotfix(["verify", "--tests"]).success();
    sandbox
        .hotfix(["checklist", "done", "reproduce-locally"])
        .success();
    sandbox
        .hotfix(["deployed", "--at", "2026-03-02T11:00:00Z"])
        .success();
    sandbox
        .hotfix(["resolved", "--at", "2026-03-02T11:45:00Z"])
        .success();
    sandbox
}

#[test]
fn report_snapshots_of_a_fixed_repository() {
    let sandbox = fixed_repository();
    let text = |args: &[&str]| sandbox.redact(&stdout(&sandbox.hotfix(args).success()));
    insta::assert_snapshot!("checklist", text(&["checklist"]));
    insta::assert_snapshot!("release_notes", text(&["release-notes"]));
    insta::assert_snapshot!(
        "postmortem",
        text(&["postmortem", "--detected-at", "2026-03-02T09:40:00Z"])
    );
    insta::assert_snapshot!("rollback", text(&["rollback"]));
    // After the plan, the checklist counts the rollback procedure as prepared.
    insta::assert_snapshot!("checklist_after_rollback_plan", text(&["checklist"]));
}
