//! Fault injection: a command killed (as by SIGKILL) after each of its steps, through the
//! test-only fail points (`HOTFIX_FAILPOINT`): once the state recorded the step, and in the
//! window after the step's work and before its state was saved (`…:unsaved`). After
//! `--abort`, `git for-each-ref` prints exactly what it printed before; after `--continue`
//! (or running `sync` again) the command is complete; and in every case no commit reachable
//! before is unreachable after. (`finish.rs` checks what each resumed finish records; this
//! file checks the refs.)

use crate::common::{Sandbox, stdout};

const FINISH_STEPS: [&str; 5] = [
    "merged-production",
    "tagged",
    "merged-develop",
    "recorded",
    "cleaned-up",
];

/// Every fail point of the finish: after each step's state, and before it.
fn finish_points() -> Vec<String> {
    FINISH_STEPS
        .iter()
        .flat_map(|step| [format!("finish:{step}"), format!("finish:{step}:unsaved")])
        .collect()
}

#[test]
fn a_finish_killed_after_any_step_is_aborted_to_exactly_where_it_began() {
    for point in &finish_points() {
        let sandbox = Sandbox::new();
        sandbox.fixed_hotfix("auth", &[]);
        let refs = sandbox.refs();
        let reachable = sandbox.reachable();
        sandbox.killed_at(point, &["finish", "--yes"]);
        assert_ne!(sandbox.refs(), refs, "{point}: the finish did something");
        sandbox.assert_nothing_lost(&reachable, point);

        sandbox.hotfix(["finish", "--abort"]).success();
        assert_eq!(sandbox.refs(), refs, "{point}");
        sandbox.assert_nothing_lost(&reachable, point);
        assert_eq!(sandbox.current_branch(), "hotfix/auth", "{point}");
        assert_eq!(
            sandbox.git(["status", "--porcelain", "--untracked-files=all"]),
            "",
            "{point}"
        );
        assert_eq!(sandbox.metadata("HOTFIX-001")["status"], "open", "{point}");
    }
}

#[test]
fn a_finish_killed_after_any_step_continues_and_loses_no_commit() {
    for point in &finish_points() {
        let sandbox = Sandbox::new();
        sandbox.fixed_hotfix("auth", &[]);
        let reachable = sandbox.reachable();
        sandbox.killed_at(point, &["finish", "--yes"]);
        let out = stdout(&sandbox.hotfix(["finish", "--continue"]).success());
        assert!(
            out.starts_with("Finished HOTFIX-001: released v2.0.2\n"),
            "{point}: {out}"
        );
        sandbox.assert_nothing_lost(&reachable, point);
        let refs = sandbox.refs();
        assert!(!refs.contains("refs/hotfix-operation/"), "{point}: {refs}");
        assert!(!refs.contains("refs/heads/hotfix/auth "), "{point}: {refs}");
        assert_eq!(sandbox.current_branch(), "main", "{point}");
        assert_eq!(
            sandbox.metadata("HOTFIX-001")["status"],
            "finished",
            "{point}"
        );
    }
}

/// Two clones that each started a hotfix offline, so a sync has to fetch, merge (renumbering
/// one) and push.
fn diverged() -> (Sandbox, Sandbox) {
    let one = Sandbox::new();
    let two = one.clone_named("two");
    one.start("auth", &["--severity", "P0", "--no-sync"]);
    one.hotfix(["sync"]).success();
    two.at("2026-03-02T10:05:00Z")
        .start("billing", &["--severity", "P1", "--no-sync"]);
    (one, two)
}

#[test]
fn a_sync_killed_after_any_step_loses_nothing_and_completes_when_run_again() {
    for point in ["sync:fetched", "sync:merged", "sync:pushed"] {
        let (one, two) = diverged();
        let reachable = two.reachable();
        let remote_before = one.remote_notes();
        two.killed_at(point, &["sync"]);
        two.assert_nothing_lost(&reachable, point);
        // Whatever it got to, the notes read cleanly and no hotfix is missing.
        let listed = stdout(&two.hotfix(["list", "--all"]).success());
        assert!(listed.contains("hotfix/billing"), "{point}: {listed}");
        if point != "sync:pushed" {
            assert_eq!(
                one.remote_notes(),
                remote_before,
                "{point}: pushed too early"
            );
        }

        two.hotfix(["sync"]).success();
        two.assert_nothing_lost(&reachable, point);
        assert_eq!(
            two.remote_notes(),
            Some(two.rev("refs/notes/hotfix")),
            "{point}"
        );
        let mut ids: Vec<_> = two
            .all_metadata()
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                format!(
                    "{} {}",
                    m["hotfix_id"].as_str().unwrap(),
                    m["branch"].as_str().unwrap()
                )
            })
            .collect();
        ids.sort();
        assert_eq!(
            ids,
            ["HOTFIX-001 hotfix/auth", "HOTFIX-002 hotfix/billing"],
            "{point}"
        );
        one.hotfix(["sync"]).success();
        assert_eq!(one.all_metadata().as_array().unwrap().len(), 2, "{point}");
    }
}
