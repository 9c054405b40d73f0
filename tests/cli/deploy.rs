//! `git hotfix deploy`: the configured backup, deploy and smoke-test commands, run in order
//! with the release in their environment, each outcome recorded, the first failure stopping
//! the rest; per-environment overrides and `hotfix.requireStaging`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{Sandbox, events, stderr, stdout};

/// What every step writes to the log: its name and the variables it got.
const VARS: &str =
    "$HOTFIX_ID|$HOTFIX_VERSION|$HOTFIX_TAG|$HOTFIX_PREVIOUS_VERSION|$HOTFIX_ENV|$HOTFIX_COMMIT";

/// A sandbox with HOTFIX-001 finished (v2.0.2), and the log the steps write to.
fn released() -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new();
    sandbox.finished_hotfix("auth", &[]);
    let log = sandbox.dir.path().join("steps.log");
    (sandbox, log)
}

/// Sets `key` to a command that logs `name` and the variables, then exits with `code`.
fn step(sandbox: &Sandbox, log: &Path, key: &str, name: &str, code: i32) {
    sandbox.git([
        "config",
        key,
        &format!(
            "echo \"{name} output\"; echo \"{name}|{VARS}\" >> '{}'; exit {code}",
            log.display()
        ),
    ]);
}

fn logged(log: &Path) -> Vec<String> {
    fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn names(log: &Path) -> Vec<String> {
    logged(log)
        .iter()
        .map(|line| line.split('|').next().unwrap().to_string())
        .collect()
}

fn last_event(sandbox: &Sandbox) -> Value {
    let meta = sandbox.metadata("HOTFIX-001");
    meta["events"].as_array().unwrap().last().unwrap().clone()
}

#[test]
fn runs_backup_deploy_and_smoke_in_order_with_the_release_in_their_environment() {
    let (sandbox, log) = released();
    step(&sandbox, &log, "hotfix.backupCommand", "backup", 0);
    step(&sandbox, &log, "hotfix.deployCommand", "deploy", 0);
    step(&sandbox, &log, "hotfix.smokeCommand", "smoke", 0);
    let before = events(&sandbox.metadata("HOTFIX-001")).len();

    let assert = sandbox.hotfix(["deploy", "HOTFIX-001", "--yes"]).success();

    let commit = sandbox.rev("v2.0.2^{commit}");
    let expected: Vec<String> = ["backup", "deploy", "smoke"]
        .iter()
        .map(|name| format!("{name}|HOTFIX-001|2.0.2|v2.0.2|2.0.1|production|{commit}"))
        .collect();
    assert_eq!(logged(&log), expected);
    // The output streams to the user, and stays out of stdout and the notes.
    let err = stderr(&assert);
    assert!(err.contains("deploy output"), "{err}");
    assert!(!stdout(&assert).contains("deploy output"));
    assert!(
        stdout(&assert).contains("Recorded HOTFIX-001 deployed to production"),
        "{}",
        stdout(&assert)
    );
    let notes = sandbox.git(["log", "-p", "refs/notes/hotfix"]);
    assert!(!notes.contains("deploy output"), "output in the notes");

    let meta = sandbox.metadata("HOTFIX-001");
    let added: Vec<&Value> = meta["events"].as_array().unwrap()[before..]
        .iter()
        .collect();
    let kinds: Vec<&str> = added.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["backup-passed", "deploy-passed", "smoke-passed", "deployed"]
    );
    for event in &added[..3] {
        assert_eq!(event["detail"], "production");
        assert_eq!(event["exit_code"], 0);
        assert!(event["duration_ms"].is_u64(), "{event}");
    }
    // Recorded exactly as `deployed` records it.
    assert_eq!(added[3]["detail"], "production");
    assert!(added[3].get("exit_code").is_none());

    // The release package and the post-mortem timeline show the steps.
    let release = stdout(&sandbox.hotfix(["release-notes", "HOTFIX-001"]).success());
    let record = release
        .split("## Deployment record\n\n")
        .nth(1)
        .expect("a deployment record")
        .split("\n\n")
        .next()
        .unwrap();
    let steps: Vec<&str> = record
        .lines()
        .map(|line| {
            line.split(" UTC: ")
                .nth(1)
                .unwrap()
                .split(" (exit")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        steps,
        [
            "Backup taken (production)",
            "Deploy command passed (production)",
            "Smoke tests passed (production)",
            "Deployed to production",
        ],
        "{release}"
    );
    let postmortem = stdout(&sandbox.hotfix(["postmortem", "HOTFIX-001"]).success());
    assert!(
        postmortem.contains(": Smoke tests passed (production) (exit 0, "),
        "{postmortem}"
    );
}

#[test]
fn a_failing_step_stops_the_rest_and_names_the_next_command() {
    let (sandbox, log) = released();
    sandbox.git([
        "config",
        "hotfix.rollbackCommand",
        "kubectl rollout undo deployment/api",
    ]);
    let cases = [
        (
            "backup",
            vec!["backup"],
            "fix the backup, then run 'git hotfix deploy HOTFIX-001 --env production' again",
        ),
        (
            "deploy",
            vec!["backup", "deploy"],
            "next, from the rollback plan: kubectl rollout undo deployment/api",
        ),
        (
            "smoke",
            vec!["backup", "deploy", "smoke"],
            "next, from the rollback plan: kubectl rollout undo deployment/api",
        ),
    ];
    for (failing, ran, next) in cases {
        let _ = fs::remove_file(&log);
        for name in ["backup", "deploy", "smoke"] {
            let code = if name == failing { 7 } else { 0 };
            step(&sandbox, &log, &format!("hotfix.{name}Command"), name, code);
        }
        let assert = sandbox.hotfix(["deploy", "--yes", "HOTFIX-001"]).code(1);
        assert_eq!(names(&log), ran, "{failing} fails");
        let err = stderr(&assert);
        assert!(
            err.contains(&format!(
                "error: the {} step failed on production (exit 7",
                if failing == "smoke" {
                    "smoke tests"
                } else {
                    failing
                }
            )),
            "{err}"
        );
        assert!(err.contains(next), "{failing}: {err}");
        let event = last_event(&sandbox);
        assert_eq!(event["event"], format!("{failing}-failed"));
        assert_eq!(event["exit_code"], 7);
    }
    let meta = sandbox.metadata("HOTFIX-001");
    assert!(
        !events(&meta).contains(&"deployed".to_string()),
        "a failed run is no deployment"
    );
}

#[test]
fn values_from_the_notes_reach_a_step_as_text_and_commands_in_them_never_run() {
    let (sandbox, log) = released();
    let pwned = sandbox.dir.path().join("pwned");
    let anchor = sandbox.anchor("HOTFIX-001");
    let mut doc = sandbox.metadata("HOTFIX-001");
    let planted = format!("2.0.2$(touch '{}')", pwned.display());
    doc["version"] = Value::String(planted);
    doc["deployCommand"] = Value::String(format!("touch '{}'", pwned.display()));
    doc["hotfix.deployCommand"] = doc["deployCommand"].clone();
    sandbox.write_note(&anchor, &doc);

    // No deploy command in git config: the one in the note is not taken.
    let assert = sandbox.hotfix(["deploy", "--yes", "HOTFIX-001"]).code(1);
    assert!(
        stderr(&assert).contains("no deploy command is configured for production"),
        "{}",
        stderr(&assert)
    );
    assert!(!pwned.exists(), "a command from a note ran");

    sandbox.git([
        "config",
        "hotfix.deployCommand",
        &format!("printf '%s\\n' \"$HOTFIX_VERSION\" >> '{}'", log.display()),
    ]);
    // A "version" that is no version is a rewritten note: nothing is deployed with it.
    let assert = sandbox.hotfix(["deploy", "--yes", "HOTFIX-001"]).code(1);
    assert!(
        stderr(&assert).contains("the notes record the version of HOTFIX-001 as '2.0.2$(touch"),
        "{}",
        stderr(&assert)
    );
    assert!(logged(&log).is_empty(), "a step ran with a planted version");
    assert!(!pwned.exists(), "a value from a note was run by a shell");
}

#[test]
fn a_note_whose_tag_points_elsewhere_deploys_nothing() {
    let (sandbox, log) = released();
    step(&sandbox, &log, "hotfix.deployCommand", "deploy", 0);
    let anchor = sandbox.anchor("HOTFIX-001");
    let mut doc = sandbox.metadata("HOTFIX-001");
    doc["tag"] = Value::String("v2.0.0".into());
    sandbox.write_note(&anchor, &doc);
    let assert = sandbox.hotfix(["deploy", "--yes", "HOTFIX-001"]).code(1);
    assert!(
        stderr(&assert).contains("records the tag 'v2.0.0', but it points at"),
        "{}",
        stderr(&assert)
    );
    assert!(
        logged(&log).is_empty(),
        "nothing runs on a disputed release"
    );
}

#[test]
fn an_environment_overrides_the_commands_for_itself() {
    let (sandbox, log) = released();
    step(&sandbox, &log, "hotfix.deployCommand", "default", 0);
    step(
        &sandbox,
        &log,
        "hotfix.staging.deployCommand",
        "staging-only",
        0,
    );

    sandbox
        .hotfix(["deploy", "HOTFIX-001", "--env", "staging", "--yes"])
        .success();
    sandbox.hotfix(["deploy", "HOTFIX-001", "--yes"]).success();
    assert_eq!(names(&log), ["staging-only", "default"]);
    let envs: Vec<String> = logged(&log)
        .iter()
        .map(|line| line.split('|').nth(5).unwrap().to_string())
        .collect();
    assert_eq!(envs, ["staging", "production"]);

    let config: Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["config", "--json"]).success())).unwrap();
    let overridden = config
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "hotfix.staging.deployCommand")
        .expect("the override is listed");
    assert_eq!(overridden["source"], "local");
    let text = stdout(&sandbox.hotfix(["config"]).success());
    let line = text
        .lines()
        .find(|l| l.starts_with("hotfix.staging.deployCommand"))
        .unwrap();
    assert!(
        line.contains("(local: .git/config)") && line.contains("staging-only"),
        "{line}"
    );
}

#[test]
fn require_staging_refuses_production_before_a_staging_deploy() {
    let (sandbox, log) = released();
    step(&sandbox, &log, "hotfix.deployCommand", "deploy", 0);
    sandbox.git(["config", "hotfix.requireStaging", "true"]);

    let assert = sandbox.hotfix(["deploy", "HOTFIX-001", "--yes"]).code(1);
    let err = stderr(&assert);
    assert!(err.contains("has no successful staging deploy"), "{err}");
    assert!(
        err.contains(
            "hint: deploy it to staging first with 'git hotfix deploy HOTFIX-001 --env staging'"
        ),
        "{err}"
    );
    assert!(logged(&log).is_empty(), "nothing runs when refused");

    // A failed staging deploy does not count.
    step(&sandbox, &log, "hotfix.staging.deployCommand", "staging", 1);
    sandbox
        .hotfix(["deploy", "HOTFIX-001", "--env", "staging", "--yes"])
        .code(1);
    sandbox.hotfix(["deploy", "HOTFIX-001", "--yes"]).code(1);

    step(&sandbox, &log, "hotfix.staging.deployCommand", "staging", 0);
    sandbox
        .hotfix(["deploy", "HOTFIX-001", "--env", "staging", "--yes"])
        .success();
    sandbox.hotfix(["deploy", "HOTFIX-001", "--yes"]).success();
    assert_eq!(names(&log), ["staging", "staging", "deploy"]);
}

#[test]
fn refuses_an_unfinished_hotfix_and_a_dry_run_runs_nothing() {
    let sandbox = Sandbox::new();
    let log = sandbox.dir.path().join("steps.log");
    let id = sandbox.fixed_hotfix("auth", &[]);
    step(&sandbox, &log, "hotfix.deployCommand", "deploy", 0);
    let assert = sandbox.hotfix(["deploy", &id, "--yes"]).code(1);
    let err = stderr(&assert);
    assert!(err.contains("HOTFIX-001 is open, not finished"), "{err}");
    assert!(
        err.contains("hint: release it first with 'git hotfix finish HOTFIX-001'"),
        "{err}"
    );

    sandbox.hotfix(["finish", "--yes"]).success();
    let before = events(&sandbox.metadata(&id)).len();
    let assert = sandbox.hotfix(["deploy", &id, "--dry-run"]).success();
    let out = stdout(&assert);
    assert!(
        out.contains("1. backup: skipped, hotfix.backupCommand is not set"),
        "{out}"
    );
    assert!(out.contains("2. deploy: echo"), "{out}");
    assert!(out.contains("HOTFIX_TAG=v2.0.2"), "{out}");
    assert!(logged(&log).is_empty());
    assert_eq!(events(&sandbox.metadata(&id)).len(), before);

    // No terminal to confirm on: --yes is needed.
    let assert = sandbox.hotfix(["deploy", &id]).code(1);
    assert!(
        stderr(&assert).contains("hint: run 'git hotfix deploy HOTFIX-001 --env production --yes'"),
        "{}",
        stderr(&assert)
    );
    assert!(logged(&log).is_empty());
}

#[test]
fn the_checklist_ticks_what_deploy_and_monitor_recorded() {
    let (sandbox, log) = released();
    let checklist = |slug: &str| -> bool {
        let json: Value = serde_json::from_str(&stdout(
            &sandbox
                .hotfix(["checklist", "HOTFIX-001", "--json"])
                .success(),
        ))
        .unwrap();
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["slug"] == slug)
            .unwrap()["done"]
            .as_bool()
            .unwrap()
    };
    let slugs = [
        "backup-taken",
        "deployed-to-staging",
        "smoke-tests-pass",
        "monitoring-window-clean",
    ];
    for slug in slugs {
        assert!(!checklist(slug), "{slug} before any deploy");
    }
    let next = || -> String {
        let json: Value = serde_json::from_str(&stdout(
            &sandbox
                .hotfix(["status", "--id", "HOTFIX-001", "--json"])
                .success(),
        ))
        .unwrap();
        json["next_step"].as_str().unwrap().to_string()
    };
    assert!(
        next().starts_with("deploy it with 'git hotfix deploy HOTFIX-001'"),
        "{}",
        next()
    );
    step(&sandbox, &log, "hotfix.backupCommand", "backup", 0);
    step(&sandbox, &log, "hotfix.deployCommand", "deploy", 0);
    step(&sandbox, &log, "hotfix.smokeCommand", "smoke", 0);
    sandbox.git(["config", "hotfix.monitorCommand", "echo healthy"]);
    sandbox
        .hotfix(["deploy", "HOTFIX-001", "--env", "staging", "--yes"])
        .success();
    assert!(checklist("backup-taken"));
    assert!(checklist("deployed-to-staging"));
    assert!(checklist("smoke-tests-pass"));
    assert!(!checklist("monitoring-window-clean"));
    sandbox
        .hotfix([
            "monitor",
            "HOTFIX-001",
            "--env",
            "staging",
            "--for",
            "0.2s",
            "--every",
            "0.1s",
        ])
        .success();
    assert!(checklist("monitoring-window-clean"));
    assert!(next().starts_with("deploy it with"), "{}", next());
    sandbox.hotfix(["deploy", "HOTFIX-001", "--yes"]).success();
    assert_eq!(
        next(),
        "watch the monitoring window with 'git hotfix monitor HOTFIX-001'"
    );
    sandbox
        .hotfix(["monitor", "HOTFIX-001", "--for", "0.2s", "--every", "0.1s"])
        .success();
    assert_eq!(
        next(),
        "record the end of the incident with 'git hotfix resolved HOTFIX-001'"
    );

    // Smoke tests failing later untick their item.
    step(&sandbox, &log, "hotfix.smokeCommand", "smoke", 1);
    sandbox.hotfix(["deploy", "HOTFIX-001", "--yes"]).code(1);
    assert!(!checklist("smoke-tests-pass"));
}
