//! `git hotfix monitor`: the monitor command sampled every interval for the window (fractions
//! of a second here), the trigger after enough unhealthy samples in a row, and Ctrl-C
//! recording what was seen.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Sandbox, binary, stderr, stdout};

/// A sandbox with HOTFIX-001 finished, and a monitor command that counts its samples in a
/// file and is unhealthy on the sample numbers in `unhealthy`.
fn watched(unhealthy: &[u32]) -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new();
    sandbox.finished_hotfix("auth", &[]);
    let count = sandbox.dir.path().join("samples");
    let bad: Vec<String> = unhealthy
        .iter()
        .map(|n| format!("[ $n -eq {n} ]"))
        .collect();
    let bad = if bad.is_empty() {
        "false".to_string()
    } else {
        bad.join(" || ")
    };
    sandbox.git([
        "config",
        "hotfix.monitorCommand",
        &format!(
            "f='{}'; n=$(( $(cat \"$f\" 2>/dev/null || echo 0) + 1 )); echo $n > \"$f\"; \
             echo \"probe of $HOTFIX_ID on $HOTFIX_ENV\"; \
             if {bad}; then echo \"error rate 9% at sample $n\"; exit 1; fi; echo \"error rate 0.1%\"",
            count.display()
        ),
    ]);
    (sandbox, count)
}

fn samples_taken(count: &std::path::Path) -> u32 {
    std::fs::read_to_string(count)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0)
}

fn last_event(sandbox: &Sandbox) -> Value {
    let meta = sandbox.metadata("HOTFIX-001");
    meta["events"].as_array().unwrap().last().unwrap().clone()
}

#[test]
fn a_healthy_window_is_recorded_clean() {
    let (sandbox, count) = watched(&[]);
    let started = Instant::now();
    let assert = sandbox
        .hotfix(["monitor", "HOTFIX-001", "--for", "0.5s", "--every", "0.1s"])
        .success();
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "the whole window"
    );
    let out = stdout(&assert);
    assert!(
        out.contains("The monitoring window of HOTFIX-001 on production was clean: 5 sample(s)"),
        "{out}"
    );
    assert_eq!(samples_taken(&count), 5);
    let event = last_event(&sandbox);
    assert_eq!(event["event"], "monitor-clean");
    assert_eq!(event["detail"], "production");
    assert_eq!(event["samples"], 5);
    assert_eq!(event["failures"], 0);
    assert_eq!(event["window_ms"], 500);
    assert_eq!(event["summary"], "error rate 0.1%");
}

#[test]
fn enough_unhealthy_samples_in_a_row_trigger_the_rollback() {
    let (sandbox, count) = watched(&[2, 3, 4, 5, 6, 7, 8, 9, 10]);
    sandbox.git(["config", "hotfix.monitorFailures", "3"]);
    let started = Instant::now();
    let assert = sandbox
        .hotfix(["monitor", "HOTFIX-001", "--for", "30s", "--every", "0.05s"])
        .code(1);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stops at the trigger"
    );
    assert_eq!(samples_taken(&count), 4, "sample 1 healthy, 2-4 unhealthy");
    let err = stderr(&assert);
    assert!(
        err.contains(
            "error: 3 unhealthy samples in a row on production (last: error rate 9% at sample 4)"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: roll back with 'git hotfix rollback --execute HOTFIX-001'"),
        "{err}"
    );
    let event = last_event(&sandbox);
    assert_eq!(event["event"], "monitor-triggered");
    assert_eq!(event["samples"], 4);
    assert_eq!(event["failures"], 3);
    assert_eq!(event["consecutive_failures"], 3);

    // The post-mortem marks the time of the trigger.
    let postmortem = stdout(&sandbox.hotfix(["postmortem", "HOTFIX-001"]).success());
    assert!(
        postmortem.contains("**Rollback triggered** 2026-03-02 10:00 UTC by monitoring production"),
        "{postmortem}"
    );
}

#[test]
fn fewer_unhealthy_samples_in_a_row_recover() {
    let (sandbox, count) = watched(&[2, 3, 5, 6]);
    sandbox.git(["config", "hotfix.monitorFailures", "3"]);
    sandbox
        .hotfix(["monitor", "HOTFIX-001", "--for", "0.4s", "--every", "0.05s"])
        .success();
    assert_eq!(samples_taken(&count), 8);
    let event = last_event(&sandbox);
    assert_eq!(event["event"], "monitor-clean");
    assert_eq!(event["failures"], 4);
    assert_eq!(event["consecutive_failures"], 0);
}

#[test]
fn the_window_and_interval_come_from_the_settings() {
    let (sandbox, count) = watched(&[]);
    sandbox.git(["config", "hotfix.monitorWindow", "0.3s"]);
    sandbox.git(["config", "hotfix.monitorInterval", "0.1s"]);
    sandbox.hotfix(["monitor", "HOTFIX-001"]).success();
    assert_eq!(samples_taken(&count), 3);

    sandbox.git(["config", "hotfix.monitorWindow", "soon"]);
    let assert = sandbox.hotfix(["monitor", "HOTFIX-001"]).code(1);
    assert!(
        stderr(&assert).contains("hotfix.monitorWindow must be a duration"),
        "{}",
        stderr(&assert)
    );
}

#[test]
fn ctrl_c_records_what_was_seen_so_far() {
    let (sandbox, count) = watched(&[1]);
    let child = sandbox
        .command(binary())
        .args(["monitor", "HOTFIX-001", "--for", "60s", "--every", "0.05s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while samples_taken(&count) < 3 {
        assert!(Instant::now() < deadline, "no samples taken");
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("was interrupted; what was seen is recorded"),
        "{}",
        stderr(&output)
    );
    let event = last_event(&sandbox);
    assert_eq!(event["event"], "monitor-interrupted");
    let samples = event["samples"].as_u64().unwrap();
    assert!(samples >= 3, "{event}");
    assert_eq!(event["failures"], 1);
    // A probe running when the signal came is not a sample.
    let ran = u64::from(samples_taken(&count));
    assert!(ran == samples || ran == samples + 1, "{ran} ran, {event}");
}
