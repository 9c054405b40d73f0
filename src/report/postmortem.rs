//! The post-mortem of a hotfix: the timeline from its recorded events (plus detection and the
//! first commit), the total duration from detection to resolution, the root cause and fix as
//! the HOTFIX code comments (`Issue:` / `Fix:` lines) and commit messages state them, what
//! changed, and prompts for the lessons and prevention the team fills in.

use serde::Serialize;
use time::OffsetDateTime;

use super::Report;
use crate::clock;
use crate::error::Result;
use crate::git::{ChangeKind, CommitSummary, FileChange, Repo};
use crate::history;
use crate::packages::{self, Planned};
use crate::policy::{files, language};
use crate::store::{EventKind, Metadata, Severity, Status};

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The event name (`detected` and `first-commit` are derived, the others recorded).
    pub event: String,
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// How long it took, for a recorded step or monitoring window; it ended at `at`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
}

/// When monitoring fired the rollback trigger (`git hotfix monitor`).
#[derive(Debug, Clone, Serialize)]
pub struct Trigger {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub env: Option<String>,
    pub consecutive_failures: Option<u64>,
    /// The last line of the last sample.
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileStat {
    pub path: String,
    pub kind: ChangeKind,
    pub insertions: usize,
    pub deletions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Commit {
    pub id: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Postmortem {
    pub hotfix_id: String,
    pub issue: String,
    pub severity: Severity,
    pub status: Status,
    pub owner: String,
    pub components: Vec<String>,
    pub impact: Option<String>,
    pub affected_versions: Vec<String>,
    /// In a repository of several packages, each package the hotfix released (or will).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<Planned>,
    #[serde(with = "time::serde::rfc3339")]
    pub detected_at: OffsetDateTime,
    pub timeline: Vec<Entry>,
    /// When the incident was declared over (`git hotfix resolved`).
    #[serde(with = "time::serde::rfc3339::option")]
    pub resolved_at: Option<OffsetDateTime>,
    /// Detection to resolution; `None` while unresolved.
    pub total_duration_seconds: Option<i64>,
    /// `Issue:` lines of the HOTFIX code comments.
    pub root_cause: Vec<String>,
    /// `Fix:` lines of the HOTFIX code comments.
    pub fix: Vec<String>,
    pub commits: Vec<Commit>,
    pub files: Vec<FileStat>,
    pub insertions: usize,
    pub deletions: usize,
    /// Why it was rolled back, if it was.
    pub rollback_reason: Option<String>,
    /// The last time monitoring fired the rollback trigger, if it did.
    pub trigger: Option<Trigger>,
    /// Backports onto other release lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backports: Vec<super::sections::Backport>,
}

pub fn build(
    repo: &Repo,
    meta: &Metadata,
    detected_at: Option<OffsetDateTime>,
) -> Result<Postmortem> {
    let base = meta.base();
    let head = history::head(repo, meta)?;
    let detected_at = detected_at.unwrap_or(meta.created);
    let commits = history::commits(repo, base, head)?;

    let timeline = timeline(meta, detected_at, &commits);
    let resolved_at = meta
        .events
        .iter()
        .filter(|e| e.event == EventKind::Resolved)
        .map(|e| e.at)
        .next_back();
    let total_duration_seconds = resolved_at.map(|at| (at - detected_at).whole_seconds());

    let changes = match head {
        Some(head) => repo.changed_files(base, head)?,
        None => Vec::new(),
    };
    let (root_cause, fix) = cause_and_fix(&changes);
    let rollback_reason = meta
        .events
        .iter()
        .rev()
        .find(|e| e.event == EventKind::RolledBack)
        .and_then(|e| e.detail.clone());

    Ok(Postmortem {
        hotfix_id: meta.hotfix_id.clone(),
        issue: meta.issue.clone(),
        severity: meta.severity,
        status: meta.status,
        owner: meta.owner.clone(),
        components: meta.components.clone(),
        impact: meta.impact.clone(),
        affected_versions: meta.affected_versions.clone(),
        packages: packages::planned(repo, meta, head, None)?,
        detected_at,
        timeline,
        resolved_at,
        total_duration_seconds,
        root_cause,
        fix,
        commits: commits
            .iter()
            .map(|c| Commit {
                id: c.id.to_string(),
                subject: super::strip_header(&c.subject, &meta.hotfix_id),
                body: c.body.clone(),
            })
            .collect(),
        insertions: changes.iter().map(|c| c.insertions).sum(),
        deletions: changes.iter().map(|c| c.deletions).sum(),
        files: changes
            .into_iter()
            .map(|c| FileStat {
                path: c.path,
                kind: c.kind,
                insertions: c.insertions,
                deletions: c.deletions,
            })
            .collect(),
        rollback_reason,
        trigger: trigger(meta),
        backports: super::sections::backports(meta),
    })
}

fn trigger(meta: &Metadata) -> Option<Trigger> {
    let event = meta
        .events
        .iter()
        .rev()
        .find(|e| e.event == EventKind::MonitorTriggered)?;
    Some(Trigger {
        at: event.at,
        env: event.detail.clone(),
        consecutive_failures: event.number("consecutive_failures"),
        summary: event
            .extra
            .get("summary")
            .and_then(|s| s.as_str())
            .map(str::to_string),
    })
}

/// What happened, in order: the detection, the first commit, then every recorded event.
fn timeline(meta: &Metadata, detected_at: OffsetDateTime, commits: &[CommitSummary]) -> Vec<Entry> {
    let mut timeline = vec![Entry {
        at: detected_at,
        event: "detected".into(),
        what: "Issue detected".into(),
        by: None,
        detail: meta.impact.clone(),
        duration_seconds: None,
    }];
    if let Some(first) = commits.first() {
        timeline.push(Entry {
            at: first.authored,
            event: "first-commit".into(),
            what: "First commit".into(),
            by: Some(first.author.clone()),
            detail: Some(first.subject.clone()),
            duration_seconds: None,
        });
    }
    for event in &meta.events {
        let (what, detail) = super::describe_with_detail(event);
        timeline.push(Entry {
            at: event.at,
            event: event.event.to_string(),
            what,
            by: Some(event.by.clone()),
            detail,
            duration_seconds: event
                .number("duration_ms")
                .map(|ms| i64::try_from(ms / 1000).unwrap_or(i64::MAX)),
        });
    }
    // Stable: events at the same second keep the order they happened in, except that the
    // detection and the start come before anything done on the branch.
    let rank = |event: &str| match event {
        "detected" => 0,
        "started" => 1,
        _ => 2,
    };
    timeline.sort_by_key(|entry| (entry.at, rank(&entry.event)));

    timeline
}

/// The `Issue:` and `Fix:` lines of the HOTFIX comments the change added, outside tests.
fn cause_and_fix(changes: &[FileChange]) -> (Vec<String>, Vec<String>) {
    let tests = files::test_files();
    let mut root_cause = Vec::new();
    let mut fix = Vec::new();
    for change in changes {
        let Some(markers) = language::comment_markers(&change.path) else {
            continue;
        };
        if tests.is_match(&change.path) {
            continue;
        }
        for line in &change.added_lines {
            let Some(text) = comment_text(line, markers) else {
                continue;
            };
            if let Some(cause) = labelled(&text, "Issue:") {
                push_unique(&mut root_cause, cause);
            } else if let Some(done) = labelled(&text, "Fix:") {
                push_unique(&mut fix, done);
            }
        }
    }
    (root_cause, fix)
}

/// The text of a comment line in one of `markers`, without the marker and closing tokens.
fn comment_text(line: &str, markers: &[&str]) -> Option<String> {
    let line = line.trim_start();
    let marker = markers.iter().find(|m| line.starts_with(**m))?;
    let text = line[marker.len()..]
        .trim()
        .trim_end_matches("*/")
        .trim_end_matches("-->")
        .trim();
    Some(text.to_string())
}

fn labelled(text: &str, label: &str) -> Option<String> {
    let rest = text.get(..label.len())?;
    if !rest.eq_ignore_ascii_case(label) {
        return None;
    }
    let value = text[label.len()..].trim();
    (!value.is_empty()).then(|| value.to_string())
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl Postmortem {
    /// `## Root cause` and `## Fix applied`, with the commits.
    fn cause_and_fix_markdown(&self, out: &mut String) {
        out.push_str("\n## Root cause\n\n");
        if self.root_cause.is_empty() {
            out.push_str(
                "_No `Issue:` line in the HOTFIX code comments: describe the root cause here._\n",
            );
        }
        for cause in &self.root_cause {
            out.push_str(&format!("- {cause}\n"));
        }
        out.push_str("\n## Fix applied\n\n");
        for fix in &self.fix {
            out.push_str(&format!("- {fix}\n"));
        }
        if !self.commits.is_empty() {
            if !self.fix.is_empty() {
                out.push('\n');
            }
            out.push_str("Commits:\n\n");
        } else if self.fix.is_empty() {
            out.push_str("_No commits yet._\n");
        }
        for commit in &self.commits {
            out.push_str(&format!("- {} ({})\n", commit.subject, &commit.id[..7]));
            for line in commit.body.lines().filter(|l| !l.trim().is_empty()) {
                out.push_str(&format!("  {}\n", line.trim_end()));
            }
        }
    }

    /// `## What changed`: the files, with their line counts.
    fn changes_markdown(&self, out: &mut String) {
        out.push_str("\n## What changed\n\n");
        if self.files.is_empty() {
            out.push_str("No files changed.\n");
        } else {
            out.push_str(&format!(
                "{} file(s), +{} -{}\n\n| File | Change | + | - |\n|---|---|---:|---:|\n",
                self.files.len(),
                self.insertions,
                self.deletions
            ));
            for file in &self.files {
                let kind = serde_json::to_value(file.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "| `{}` | {kind} | {} | {} |\n",
                    crate::ui::sanitize(&file.path),
                    file.insertions,
                    file.deletions
                ));
            }
        }
    }
}

impl Report for Postmortem {
    fn markdown(&self) -> String {
        let mut out = format!(
            "# Hotfix post-mortem: {} - {}\n\n",
            self.hotfix_id, self.issue
        );
        out.push_str(&format!(
            "Severity {} · status {} · owner {}\n",
            self.severity, self.status, self.owner
        ));
        if let Some(impact) = &self.impact {
            out.push_str(&format!("Impact: {impact}\n"));
        }
        if !self.components.is_empty() {
            out.push_str(&format!("Components: {}\n", self.components.join(", ")));
        }
        if !self.affected_versions.is_empty() {
            out.push_str(&format!(
                "Affected versions: {}\n",
                self.affected_versions.join(", ")
            ));
        }
        if !self.packages.is_empty() {
            let each: Vec<String> = self
                .packages
                .iter()
                .map(|p| {
                    let after = p
                        .release
                        .as_ref()
                        .and_then(|r| r.previous.as_ref())
                        .map(|previous| format!(", after {previous}"))
                        .unwrap_or_default();
                    format!("{}{after}", packages::describe(p))
                })
                .collect();
            out.push_str(&format!("Packages: {}\n", each.join("; ")));
        }
        out.push_str("\n## Timeline\n\n");
        for entry in &self.timeline {
            out.push_str(&format!("- {}: {}", clock::when(entry.at), entry.what));
            if let Some(detail) = &entry.detail {
                out.push_str(&format!(" ({detail})"));
            }
            if let Some(by) = &entry.by {
                out.push_str(&format!(", by {by}"));
            }
            out.push('\n');
        }
        match self.total_duration_seconds {
            Some(seconds) => out.push_str(&format!(
                "\n**Total duration** (detection to resolution): {}\n",
                clock::human_duration(time::Duration::seconds(seconds))
            )),
            None => out.push_str(&format!(
                "\n**Total duration**: not resolved yet; record the resolution with `git hotfix resolved {}`\n",
                self.hotfix_id
            )),
        }
        if let Some(trigger) = &self.trigger {
            out.push_str(&format!(
                "\n**Rollback triggered** {} by monitoring {}",
                clock::when(trigger.at),
                trigger.env.as_deref().unwrap_or("an environment")
            ));
            if let Some(count) = trigger.consecutive_failures {
                out.push_str(&format!(" ({count} unhealthy samples in a row)"));
            }
            if let Some(summary) = &trigger.summary {
                out.push_str(&format!(": {summary}"));
            }
            out.push('\n');
        }
        if let Some(reason) = &self.rollback_reason {
            out.push_str(&format!("\n**Rolled back**: {reason}\n"));
        }
        out.push('\n');
        out.push_str(&super::mermaid::gantt(
            &format!("{} timeline", self.hotfix_id),
            &self.timeline,
        ));

        self.cause_and_fix_markdown(&mut out);
        self.changes_markdown(&mut out);
        out.push('\n');
        super::sections::backports_markdown(&self.backports, &mut out);
        out.push_str(
            "## Lessons learned\n\n\
             ### What went well\n\n- _..._\n\n\
             ### What could improve\n\n- _..._\n\n\
             ### Action items\n\n- [ ] _owner, action, due date_\n\n\
             ## Prevention\n\n\
             - [ ] Add automated tests: _which test would have caught this?_\n\
             - [ ] Improve code review: _what should a reviewer have asked?_\n\
             - [ ] Update monitoring: _which alert would have fired sooner?_\n",
        );
        out
    }
}
