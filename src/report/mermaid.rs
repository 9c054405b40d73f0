//! The post-mortem's timeline as a picture: a Mermaid `gantt` block, which GitHub and GitLab
//! draw where post-mortems are pasted. The milestones of the incident (detected, started,
//! first commit, finished, each deploy step per environment, resolved) are points, each
//! monitoring window a bar as long as it was watched; failures and rollbacks are marked
//! `crit`. Tasks come in time order, so the block reads as the timeline does.

use super::postmortem::Entry;

/// The events the picture shows: the incident's milestones, not its paperwork.
fn charted(event: &str) -> bool {
    matches!(
        event,
        "detected"
            | "first-commit"
            | "started"
            | "finished"
            | "cancelled"
            | "backup-passed"
            | "backup-failed"
            | "deploy-failed"
            | "deployed"
            | "smoke-passed"
            | "smoke-failed"
            | "monitor-clean"
            | "monitor-triggered"
            | "monitor-interrupted"
            | "reverted"
            | "rolled-back"
            | "resolved"
    )
}

/// Marked in red: what went wrong, and what was done about it.
fn critical(event: &str) -> bool {
    event.ends_with("-failed") || matches!(event, "monitor-triggered" | "reverted" | "rolled-back")
}

/// A task name Mermaid reads as text: its separators (`:` ends a name, `;` a statement, `#`
/// starts an entity) and line breaks replaced.
fn name(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' => '-',
            ';' | '#' => ',',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// The ```` ```mermaid ```` block for a timeline already in time order.
pub fn gantt(title: &str, timeline: &[Entry]) -> String {
    let mut out = format!(
        "```mermaid\ngantt\n    title {}\n    dateFormat YYYY-MM-DDTHH:mm:ss\n    axisFormat %m-%d %H:%M\n",
        name(title)
    );
    for entry in timeline.iter().filter(|e| charted(&e.event)) {
        let mut tags = Vec::new();
        if critical(&entry.event) {
            tags.push("crit");
        }
        let seconds = entry.duration_seconds.unwrap_or(0);
        let start = if entry.event.starts_with("monitor-") && seconds > 0 {
            entry.at - time::Duration::seconds(seconds)
        } else {
            tags.push("milestone");
            entry.at
        };
        let length = if tags.contains(&"milestone") {
            0
        } else {
            seconds
        };
        let at = start.to_offset(time::UtcOffset::UTC);
        out.push_str(&format!(
            "    {} : {}{}-{:02}-{:02}T{:02}:{:02}:{:02}, {length}s\n",
            name(&entry.what),
            tags.iter().map(|t| format!("{t}, ")).collect::<String>(),
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        ));
    }
    out.push_str("```\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_from_a_note_cannot_end_a_task_or_add_one() {
        let at = time::macros::datetime!(2026-03-02 10:00 UTC);
        let entry = Entry {
            at,
            event: "deployed".into(),
            what: "Deployed to prod: done\n    Fake : milestone, 2026-01-01T00:00:00, 0s; #x"
                .into(),
            by: None,
            detail: None,
            duration_seconds: None,
        };
        let block = gantt("HOTFIX-001: a\ntitle", &[entry]);
        let tasks: Vec<&str> = block.lines().filter(|l| l.contains(" : ")).collect();
        assert_eq!(
            tasks,
            [
                "    Deployed to prod- done     Fake - milestone, 2026-01-01T00-00-00, 0s, ,x : milestone, 2026-03-02T10:00:00, 0s"
            ]
        );
        assert!(block.contains("    title HOTFIX-001- a title\n"), "{block}");
    }
}
