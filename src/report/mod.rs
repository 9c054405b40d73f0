//! Report rendering, in one place: each report is a data struct built from what git knows (the
//! notes, the commits, the diff), serialized as is for `--json` and rendered to Markdown from
//! the same data, so the two never disagree. The commands only pick the hotfix and the output.
//! Reports stand above what they show: the rules and checklist ([`crate::policy`]) and a
//! hotfix's commits ([`crate::history`]); `pr` and the commands use them.

mod checklist;
pub mod dora;
mod mermaid;
pub mod postmortem;
pub mod release;
pub mod rollback;
pub mod sections;
pub mod stats;

use std::path::PathBuf;

use serde::Serialize;

use crate::error::Result;
use crate::store::{Event, EventKind, Metadata};

/// Where a report goes and in which form; flattened into each report command's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct Output {
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the data behind the report as JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,
}

/// A report: its data serializes for `--json`, `markdown` renders it for people.
pub trait Report: Serialize {
    fn markdown(&self) -> String;
}

impl Output {
    /// The metadata a report is built from: as stored for `--json`; for Markdown, with every
    /// field made printable ([`crate::ui::sanitize`], line breaks included), since notes come
    /// from the remote and a field must not add lines (a fake step) to a report.
    pub fn shown(&self, meta: &Metadata) -> Metadata {
        if self.json {
            return meta.clone();
        }
        fn clean(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::String(text) => {
                    if let std::borrow::Cow::Owned(clean) = crate::ui::sanitize(text) {
                        *text = clean;
                    }
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(clean),
                serde_json::Value::Object(fields) => fields.values_mut().for_each(clean),
                _ => {}
            }
        }
        let mut value = serde_json::to_value(meta).expect("metadata serializes");
        clean(&mut value);
        serde_json::from_value(value).unwrap_or_else(|_| meta.clone())
    }

    /// Writes the report as asked: Markdown or JSON, to standard output or to the file.
    /// Markdown is for people, so fields from notes in it are sanitized ([`crate::ui::sanitize`]);
    /// JSON stays exact.
    pub fn emit(&self, report: &impl Report) -> Result<()> {
        let text = if self.json {
            let mut json = serde_json::to_string_pretty(report).expect("reports serialize");
            json.push('\n');
            json
        } else {
            crate::ui::sanitize_lines(&report.markdown()).into_owned()
        };
        self.write(&text)
    }

    /// Writes text already rendered (a CSV) where the report goes.
    pub fn write(&self, text: &str) -> Result<()> {
        match &self.output {
            Some(path) => {
                crate::files::write(path, text.as_bytes(), crate::files::Options::default())?;
                eprintln!("Wrote {}.", path.display());
            }
            None => print!("{text}"),
        }
        Ok(())
    }
}

/// A subject without its `HOTFIX-NNN: ` header.
pub fn strip_header(subject: &str, id: &str) -> String {
    let trimmed = subject.trim();
    match trimmed.get(..id.len()) {
        Some(head) if head.eq_ignore_ascii_case(id) => {
            let rest = &trimmed[id.len()..];
            rest.strip_prefix(':').unwrap_or(rest).trim().to_string()
        }
        _ => trimmed.to_string(),
    }
}

/// The words a timeline uses for an event.
pub fn describe_event(event: &Event) -> String {
    let label = match &event.event {
        EventKind::Started => "Hotfix started",
        EventKind::TestsPassed => "Tests passed",
        EventKind::TestsFailed => "Tests failed",
        EventKind::TestsSkipped => "Tests skipped",
        EventKind::Verified => "Verified",
        EventKind::Finished => "Hotfix finished",
        EventKind::Merged => "Merged",
        EventKind::Tagged => "Tagged",
        EventKind::Pushed => "Pushed",
        EventKind::PrOpened => "Pull request opened",
        EventKind::Deployed => "Deployed",
        EventKind::Resolved => "Issue resolved",
        EventKind::Reverted => "Reverted",
        EventKind::RollbackTagged => "Rollback tagged",
        EventKind::RolledBack => "Rolled back",
        EventKind::Backported => "Backported",
        EventKind::BackportSkipped => "Backport skipped",
        EventKind::Cancelled => "Hotfix cancelled",
        EventKind::RollbackPlan => "Rollback plan generated",
        EventKind::Changelog => "Changelog updated",
        EventKind::ChecklistDone => "Checklist item ticked",
        EventKind::ChecklistUndo => "Checklist item unticked",
        EventKind::Renumbered => "Renumbered",
        EventKind::BackupPassed => "Backup taken",
        EventKind::BackupFailed => "Backup failed",
        EventKind::DeployPassed => "Deploy command passed",
        EventKind::DeployFailed => "Deploy failed",
        EventKind::SmokePassed => "Smoke tests passed",
        EventKind::SmokeFailed => "Smoke tests failed",
        EventKind::MonitorClean => "Monitoring window clean",
        EventKind::MonitorTriggered => "Rollback triggered by monitoring",
        EventKind::MonitorInterrupted => "Monitoring interrupted",
        EventKind::Other(name) => return sentence_case(&name.replace(['-', '_'], " ")),
    };
    label.to_string()
}

/// The words for an event and the detail beside them: a deploy step or a monitoring window
/// names its environment in the words (`Deployed to staging`), and the detail says how it
/// went (`exit 7, 12s`).
pub fn describe_with_detail(event: &Event) -> (String, Option<String>) {
    let label = describe_event(event);
    let stepped = matches!(
        event.event,
        EventKind::Deployed
            | EventKind::BackupPassed
            | EventKind::BackupFailed
            | EventKind::DeployPassed
            | EventKind::DeployFailed
            | EventKind::SmokePassed
            | EventKind::SmokeFailed
            | EventKind::MonitorClean
            | EventKind::MonitorTriggered
            | EventKind::MonitorInterrupted
    );
    if !stepped {
        return (label, event.detail.clone());
    }
    let what = match &event.detail {
        Some(env) if event.event == EventKind::Deployed => format!("Deployed to {env}"),
        Some(env) => format!("{label} ({env})"),
        None => label,
    };
    let mut how = Vec::new();
    if let Some(code) = event.extra.get("exit_code").and_then(|c| c.as_i64()) {
        how.push(format!("exit {code}"));
    }
    if let Some(samples) = event.number("samples") {
        how.push(format!(
            "{samples} sample(s), {} unhealthy",
            event.number("failures").unwrap_or(0)
        ));
    }
    if let Some(ms) = event.number("duration_ms") {
        how.push(crate::clock::human_std(std::time::Duration::from_millis(
            ms,
        )));
    }
    (what, (!how.is_empty()).then(|| how.join(", ")))
}

fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_stripped_from_subjects() {
        assert_eq!(strip_header("HOTFIX-001: Deny", "HOTFIX-001"), "Deny");
        assert_eq!(strip_header("hotfix-001:Deny", "HOTFIX-001"), "Deny");
        assert_eq!(
            strip_header("Deny HOTFIX-001", "HOTFIX-001"),
            "Deny HOTFIX-001"
        );
    }
}
