//! Sections several reports carry: the communication plan and post-deployment monitoring (the
//! release package and the rollback plan both need them, and they must say the same thing),
//! and the backports onto other release lines (release package and post-mortem).

use serde::Serialize;

use crate::config::{ALERT_THRESHOLDS, MONITOR_WINDOW};
use crate::error::Result;
use crate::git::Repo;
use crate::store::{EventKind, Metadata};

const THRESHOLDS: &[&str] = &[
    "Error rate above 1% → investigate",
    "Response time above 2x baseline → alert",
    "Memory usage increasing → monitor",
    "More than 5 user complaints → escalate",
];

/// Who hears about the hotfix, and how.
#[derive(Debug, Clone, Serialize)]
pub struct Communication {
    pub stakeholders: String,
    pub customers: String,
    pub internal: String,
    pub status_page: String,
}

/// What to watch after the deploy.
#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    pub window_minutes: u32,
    pub metrics: Vec<String>,
    pub thresholds: Vec<String>,
}

/// A step of the last mile as recorded (`deploy`, `deployed`, `monitor`).
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
    pub event: String,
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What the hotfix's deploys and monitoring windows recorded, oldest first.
pub fn deployment_record(meta: &Metadata) -> Vec<Recorded> {
    meta.events
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                EventKind::BackupPassed
                    | EventKind::BackupFailed
                    | EventKind::DeployPassed
                    | EventKind::DeployFailed
                    | EventKind::SmokePassed
                    | EventKind::SmokeFailed
                    | EventKind::Deployed
                    | EventKind::MonitorClean
                    | EventKind::MonitorTriggered
                    | EventKind::MonitorInterrupted
            )
        })
        .map(|e| {
            let (what, detail) = super::describe_with_detail(e);
            Recorded {
                at: e.at,
                event: e.event.to_string(),
                what,
                detail,
            }
        })
        .collect()
}

/// The `## Deployment record` section; nothing before the first deploy.
pub fn deployment_record_markdown(record: &[Recorded], out: &mut String) {
    if record.is_empty() {
        return;
    }
    out.push_str("## Deployment record\n\n");
    for step in record {
        out.push_str(&format!("- {}: {}", crate::clock::when(step.at), step.what));
        if let Some(detail) = &step.detail {
            out.push_str(&format!(" ({detail})"));
        }
        out.push('\n');
    }
    out.push('\n');
}

/// A backport of the hotfix onto another line (`git hotfix backport`).
#[derive(Debug, Clone, Serialize)]
pub struct Backport {
    pub target: String,
    pub branch: String,
    pub commits: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Each package's tag, in a repository that releases its packages one by one (`tag` is
    /// the first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

pub fn backports(meta: &Metadata) -> Vec<Backport> {
    meta.backports
        .iter()
        .map(|b| Backport {
            target: b.target.clone(),
            branch: b.branch.clone(),
            commits: b.commits.iter().map(ToString::to_string).collect(),
            tag: b.tag.clone(),
            tags: b.releases.iter().map(|r| r.tag.clone()).collect(),
        })
        .collect()
}

/// The `## Backports` section; nothing when there were none.
pub fn backports_markdown(backports: &[Backport], out: &mut String) {
    if backports.is_empty() {
        return;
    }
    out.push_str("## Backports\n\n");
    for backport in backports {
        out.push_str(&format!(
            "- `{}`: {} commit(s)",
            backport.target,
            backport.commits.len()
        ));
        if backport.branch != backport.target {
            out.push_str(&format!(" on `{}`", backport.branch));
        }
        if !backport.tags.is_empty() {
            out.push_str(&format!(", released as {}", backport.tags.join(", ")));
        } else if let Some(tag) = &backport.tag {
            out.push_str(&format!(", released as {tag}"));
        }
        out.push('\n');
    }
    out.push('\n');
}

pub fn communication(meta: &Metadata) -> Communication {
    let impact = meta
        .impact
        .as_deref()
        .map(|impact| format!(" (impact: {impact})"))
        .unwrap_or_default();
    Communication {
        stakeholders: format!(
            "Tell the product owners and on-call lead about {} ({}): {}{impact}.",
            meta.hotfix_id, meta.severity, meta.issue
        ),
        customers: "If customers saw the issue, tell them it is fixed once monitoring is clean (support macro, in-app notice or e-mail).".into(),
        internal: "Alert operations and support before deploying, and again when it is verified.".into(),
        status_page: "Update the status page when the deploy starts and when the fix is confirmed.".into(),
    }
}

pub fn monitoring(repo: &Repo) -> Result<Monitoring> {
    let window = MONITOR_WINDOW.duration(repo)?;
    Ok(Monitoring {
        window_minutes: u32::try_from(window.as_secs().div_ceil(60)).unwrap_or(u32::MAX),
        metrics: vec![
            "Error rate: watch for spikes".into(),
            "Response time: check for degradation".into(),
            "CPU and memory: watch for leaks".into(),
            "User reports: track support tickets".into(),
        ],
        thresholds: ALERT_THRESHOLDS.list(repo, THRESHOLDS)?,
    })
}

impl Communication {
    pub fn markdown(&self, out: &mut String) {
        out.push_str("## Communication plan\n\n");
        out.push_str(&format!("- **Stakeholders**: {}\n", self.stakeholders));
        out.push_str(&format!("- **Customers**: {}\n", self.customers));
        out.push_str(&format!("- **Internal teams**: {}\n", self.internal));
        out.push_str(&format!("- **Status page**: {}\n\n", self.status_page));
    }
}

impl Monitoring {
    pub fn markdown(&self, out: &mut String) {
        out.push_str("## Post-deployment monitoring\n\n");
        out.push_str(&format!(
            "### Key metrics ({} minute window)\n\n",
            self.window_minutes
        ));
        for metric in &self.metrics {
            out.push_str(&format!("- {metric}\n"));
        }
        out.push_str("\n### Alert thresholds\n\n");
        for threshold in &self.thresholds {
            out.push_str(&format!("- {threshold}\n"));
        }
        out.push('\n');
    }
}
