use crate::common::{Sandbox, source_dir};

#[test]
fn examples_walkthrough_runs_a_whole_hotfix() {
    let sandbox = Sandbox::empty();
    let output = sandbox
        .command("sh")
        .arg(source_dir().join("examples/walkthrough.sh"))
        .env("TMPDIR", sandbox.dir.path())
        .current_dir(sandbox.dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.contains("Started HOTFIX-001 (P0) on branch hotfix/critical-auth-vulnerability"),
        "{out}"
    );
    assert!(
        out.contains("changes:  1 commit(s), 1 file(s), +4 -1"),
        "{out}"
    );
    for step in [
        "The test suite passed",
        "# Rollback plan: HOTFIX-001",
        "Finished HOTFIX-001: released v2.0.2",
        "Pushed main, develop, v2.0.2 and the notes to 'origin'.",
        "Recorded HOTFIX-001 deployed to staging",
        "Recorded HOTFIX-001 deployed to production",
        "deploy v2.0.2 to production",
        "The monitoring window of HOTFIX-001 on production was clean: 4 sample(s)",
        "# Hotfix post-mortem: HOTFIX-001",
        "```mermaid",
        "# DORA metrics",
        "- a token was trusted without checking its signature",
        "Ticked 1. Reproduce the issue locally (reproduce-locally)",
        "Using HOTFIX-001, whose merge branch 'main' contains.",
    ] {
        assert!(
            out.contains(step) || String::from_utf8_lossy(&output.stderr).contains(step),
            "{step}: {out}"
        );
    }
    assert!(
        out.contains("\"owner\": \"Jane Doe <jane@example.com>\""),
        "{out}"
    );
    assert!(out.ends_with("Walkthrough complete.\n"), "{out}");
    // It cleans up after itself.
    let left: Vec<_> = std::fs::read_dir(sandbox.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("git-hotfix-walkthrough")
        })
        .collect();
    assert!(left.is_empty());
}
