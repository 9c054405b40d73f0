//! What the last mile's events add up to: `stats --dora` over a history whose figures are
//! known, in JSON and CSV, and the post-mortem's Mermaid timeline.

use serde_json::{Value, json};

use crate::common::{Sandbox, stdout};

/// Starts, fixes and finishes a hotfix at the given times (the fix authored at `committed`),
/// cut from main so each one merges cleanly after the one before; returns its id.
fn shipped(
    sandbox: &Sandbox,
    severity: &str,
    started: &str,
    committed: &str,
    finished: &str,
) -> String {
    let name = format!("fix-{}", started.replace([':', '-'], ""));
    let id = sandbox
        .at(started)
        .with_env("GIT_AUTHOR_DATE", committed)
        .with_env("GIT_COMMITTER_DATE", committed)
        .fixed_hotfix(&name, &["--severity", severity, "--from", "main"]);
    sandbox.at(finished).hotfix(["finish", "--yes"]).success();
    id
}

fn deployed(sandbox: &Sandbox, id: &str, env: &str, at: &str) {
    sandbox
        .hotfix(["deployed", id, "--env", env, "--at", at])
        .success();
}

/// Four hotfixes over six weeks (2026-01-05 13:00 to 2026-02-16 13:00):
/// - P0, first commit 11:00, in production 13:00 (lead 2h), resolved 14:00 (4h after start);
/// - P1, first commit 10:30, staging 11:00, production 14:30 (lead 4h), monitoring triggered,
///   resolved 16:00 (6h after start);
/// - P1, first commit 09:00, production 10:00 (lead 1h), not resolved;
/// - P2, started, never deployed.
fn history() -> Sandbox {
    let sandbox = Sandbox::new();
    let first = shipped(
        &sandbox,
        "P0",
        "2026-01-05T10:00:00Z",
        "2026-01-05T11:00:00Z",
        "2026-01-05T12:00:00Z",
    );
    deployed(&sandbox, &first, "production", "2026-01-05T13:00:00Z");
    sandbox
        .hotfix(["resolved", &first, "--at", "2026-01-05T14:00:00Z"])
        .success();

    let second = shipped(
        &sandbox,
        "P1",
        "2026-01-12T10:00:00Z",
        "2026-01-12T10:30:00Z",
        "2026-01-12T11:00:00Z",
    );
    deployed(&sandbox, &second, "staging", "2026-01-12T11:00:00Z");
    deployed(&sandbox, &second, "production", "2026-01-12T14:30:00Z");
    sandbox.git([
        "config",
        "hotfix.monitorCommand",
        "echo 'error rate 12%'; exit 1",
    ]);
    sandbox.git(["config", "hotfix.monitorFailures", "1"]);
    sandbox
        .at("2026-01-12T15:00:00Z")
        .hotfix(["monitor", &second, "--for", "5s", "--every", "0.05s"])
        .code(1);
    sandbox
        .hotfix(["resolved", &second, "--at", "2026-01-12T16:00:00Z"])
        .success();

    let third = shipped(
        &sandbox,
        "P1",
        "2026-02-02T09:00:00Z",
        "2026-02-02T09:00:00Z",
        "2026-02-02T09:30:00Z",
    );
    deployed(&sandbox, &third, "production", "2026-02-02T10:00:00Z");

    sandbox
        .at("2026-02-03T09:00:00Z")
        .start("open-one", &["--severity", "P2", "--from", "main"]);
    sandbox.git(["checkout", "--quiet", "main"]);
    sandbox
}

fn dora_json(sandbox: &Sandbox, extra: &[&str]) -> Value {
    let mut args = vec!["stats", "--dora", "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&stdout(
        &sandbox.at("2026-02-16T13:00:00Z").hotfix(&args).success(),
    ))
    .unwrap()
}

fn group<'a>(dora: &'a Value, name: &str) -> &'a Value {
    if name == "all" {
        return &dora["overall"];
    }
    dora["by_severity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == name)
        .unwrap()
}

fn close(value: &Value, expected: f64) -> bool {
    (value.as_f64().unwrap() - expected).abs() < 1e-9
}

#[test]
fn dora_figures_of_a_known_history_in_json_and_csv() {
    let sandbox = history();
    let dora = dora_json(&sandbox, &[]);
    assert!(close(&dora["weeks"], 6.0), "{}", dora["weeks"]);

    let all = group(&dora, "all");
    assert_eq!(all["deployments"], 3);
    assert!(close(&all["deployments_per_week"], 0.5));
    assert_eq!(
        all["lead_time"],
        json!({"hotfixes": 3, "median_seconds": 7200, "p90_seconds": 14400})
    );
    assert_eq!(all["failed_deployments"], 1);
    assert!(close(&all["change_failure_rate"], 1.0 / 3.0));
    assert_eq!(
        all["time_to_restore"],
        json!({"hotfixes": 2, "median_seconds": 18000, "p90_seconds": 21600})
    );

    let p0 = group(&dora, "P0");
    assert_eq!(p0["deployments"], 1);
    assert!(close(&p0["deployments_per_week"], 1.0 / 6.0));
    assert_eq!(p0["lead_time"]["median_seconds"], 7200);
    assert!(close(&p0["change_failure_rate"], 0.0));
    assert_eq!(p0["time_to_restore"]["median_seconds"], 14400);

    let p1 = group(&dora, "P1");
    assert_eq!(p1["deployments"], 2);
    assert_eq!(
        p1["lead_time"],
        json!({"hotfixes": 2, "median_seconds": 9000, "p90_seconds": 14400})
    );
    assert!(close(&p1["change_failure_rate"], 0.5));
    assert_eq!(
        p1["time_to_restore"],
        json!({"hotfixes": 1, "median_seconds": 21600, "p90_seconds": 21600})
    );

    let p2 = group(&dora, "P2");
    assert_eq!(p2["deployments"], 0);
    assert_eq!(p2["change_failure_rate"], Value::Null);
    assert_eq!(p2["lead_time"]["hotfixes"], 0);

    assert_eq!(
        dora["per_month"],
        json!([
            {"month": "2026-01", "deployments": 2, "lead_time_median_seconds": 10800,
             "change_failure_rate": 0.5, "restore_median_seconds": 18000},
            {"month": "2026-02", "deployments": 1, "lead_time_median_seconds": 3600,
             "change_failure_rate": 0.0, "restore_median_seconds": null},
        ])
    );

    let csv = stdout(
        &sandbox
            .at("2026-02-16T13:00:00Z")
            .hotfix(["stats", "--dora", "--csv"])
            .success(),
    );
    assert_eq!(
        csv,
        "group,deployments,deployments_per_week,lead_time_hotfixes,lead_time_median_seconds,lead_time_p90_seconds,failed_deployments,change_failure_rate,restore_hotfixes,restore_median_seconds,restore_p90_seconds\n\
         all,3,0.5000,3,7200,14400,1,0.3333,2,18000,21600\n\
         P0,1,0.1667,1,7200,7200,0,0.0000,1,14400,14400\n\
         P1,2,0.3333,2,9000,14400,1,0.5000,1,21600,21600\n\
         P2,0,0.0000,0,,,0,,0,,\n"
    );

    // --since keeps the hotfixes started from then on, and counts the weeks from then.
    let since = dora_json(&sandbox, &["--since", "2026-02-01"]);
    assert_eq!(group(&since, "all")["deployments"], 1);
    assert!(close(&since["weeks"], (15.0 * 24.0 + 13.0) / (7.0 * 24.0)));
    assert_eq!(group(&since, "all")["lead_time"]["median_seconds"], 3600);
    assert_eq!(group(&since, "all")["time_to_restore"]["hotfixes"], 0);

    let text = stdout(
        &sandbox
            .at("2026-02-16T13:00:00Z")
            .hotfix(["stats", "--dora"])
            .success(),
    );
    assert!(
        text.contains(
            "| Change failure rate | 33% (1 of 3) | 0% (0 of 1) | 50% (1 of 2) | - (0 of 0) |"
        ),
        "{text}"
    );
    assert!(text.contains("## Per month, 2026-01 to 2026-02"), "{text}");
    assert!(text.contains("deployments   █▅\n"), "{text}");
}

/// The tasks of the post-mortem's Mermaid block: (name, tags, start), in the order written.
fn mermaid_tasks(postmortem: &str) -> Vec<(String, String, String)> {
    let block = postmortem
        .split("```mermaid\n")
        .nth(1)
        .expect("a mermaid block")
        .split("```")
        .next()
        .unwrap();
    let mut lines = block.lines();
    assert_eq!(lines.next(), Some("gantt"));
    lines
        .filter(|line| line.contains(" : "))
        .map(|line| {
            let (name, spec) = line.trim().split_once(" : ").unwrap();
            let parts: Vec<&str> = spec.split(", ").collect();
            let (start, tags) = (parts[parts.len() - 2], parts[..parts.len() - 2].join(","));
            (name.to_string(), tags, start.to_string())
        })
        .collect()
}

#[test]
fn the_postmortem_draws_every_milestone_in_order_with_rollbacks_marked() {
    let sandbox = Sandbox::new();
    let id = sandbox
        .with_env("GIT_AUTHOR_DATE", "2026-03-02T10:10:00Z")
        .fixed_hotfix("auth", &[]);
    sandbox
        .at("2026-03-02T10:30:00Z")
        .hotfix(["finish", "--yes"])
        .success();
    for key in ["backupCommand", "deployCommand", "smokeCommand"] {
        sandbox.git(["config", &format!("hotfix.{key}"), "true"]);
    }
    for (env, at) in [
        ("staging", "2026-03-02T10:40:00Z"),
        ("production", "2026-03-02T10:50:00Z"),
    ] {
        sandbox
            .at(at)
            .hotfix(["deploy", &id, "--env", env, "--yes"])
            .success();
    }
    sandbox.git(["config", "hotfix.monitorCommand", "exit 1"]);
    sandbox.git(["config", "hotfix.monitorFailures", "1"]);
    sandbox
        .at("2026-03-02T11:00:00Z")
        .hotfix(["monitor", &id, "--every", "0.05s"])
        .code(1);
    sandbox
        .at("2026-03-02T11:05:00Z")
        .hotfix([
            "rollback",
            "--execute",
            &id,
            "--yes",
            "--reason",
            "error rate 12%",
        ])
        .success();
    sandbox
        .hotfix(["resolved", &id, "--at", "2026-03-02T11:30:00Z"])
        .success();

    let postmortem = stdout(
        &sandbox
            .hotfix(["postmortem", &id, "--detected-at", "2026-03-02 09:30"])
            .success(),
    );
    let tasks = mermaid_tasks(&postmortem);
    let names: Vec<&str> = tasks.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "Issue detected",
            "Hotfix started",
            "First commit",
            "Hotfix finished",
            "Backup taken (staging)",
            "Smoke tests passed (staging)",
            "Deployed to staging",
            "Backup taken (production)",
            "Smoke tests passed (production)",
            "Deployed to production",
            "Rollback triggered by monitoring (production)",
            "Reverted",
            "Rolled back",
            "Issue resolved",
        ],
        "{postmortem}"
    );
    let starts: Vec<&str> = tasks.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(starts[0], "2026-03-02T09:30:00");
    assert_eq!(starts[2], "2026-03-02T10:10:00");
    assert_eq!(starts[13], "2026-03-02T11:30:00");
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "in time order");
    for (name, tags, _) in &tasks {
        let critical = name.starts_with("Rollback") || name == "Reverted" || name == "Rolled back";
        assert_eq!(tags.contains("crit"), critical, "{name}: {tags}");
    }
    assert!(
        postmortem.contains("**Rollback triggered** 2026-03-02 11:00 UTC by monitoring production")
    );
}
