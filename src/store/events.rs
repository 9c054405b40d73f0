//! The kinds of event a note records, by name: the one list reports match on, and how a name
//! a newer version wrote is kept.

use serde::{Deserialize, Serialize};

/// What an event records. The steps of `deploy` are `<step>-passed` / `<step>-failed`, with the
/// environment as the detail and `exit_code` and `duration_ms` beside it; `monitor` ends in
/// `monitor-clean`, `monitor-triggered` or `monitor-interrupted`. Reports match on it, so a kind they forget is a compile error;
/// a name this version does not know (written by a newer one) is kept as [`EventKind::Other`]
/// and written back as it was.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum EventKind {
    Started,
    TestsPassed,
    TestsFailed,
    TestsSkipped,
    Verified,
    Merged,
    Tagged,
    Finished,
    Pushed,
    PrOpened,
    Deployed,
    Resolved,
    Cancelled,
    RollbackPlan,
    Reverted,
    RollbackTagged,
    RolledBack,
    Backported,
    BackportSkipped,
    Changelog,
    ChecklistDone,
    ChecklistUndo,
    Renumbered,
    BackupPassed,
    BackupFailed,
    DeployPassed,
    DeployFailed,
    SmokePassed,
    SmokeFailed,
    MonitorClean,
    MonitorTriggered,
    MonitorInterrupted,
    Other(String),
}

impl EventKind {
    /// Every kind but `Other`, to read names back.
    pub(super) const KNOWN: [EventKind; 32] = [
        EventKind::Started,
        EventKind::TestsPassed,
        EventKind::TestsFailed,
        EventKind::TestsSkipped,
        EventKind::Verified,
        EventKind::Merged,
        EventKind::Tagged,
        EventKind::Finished,
        EventKind::Pushed,
        EventKind::PrOpened,
        EventKind::Deployed,
        EventKind::Resolved,
        EventKind::Cancelled,
        EventKind::RollbackPlan,
        EventKind::Reverted,
        EventKind::RollbackTagged,
        EventKind::RolledBack,
        EventKind::Backported,
        EventKind::BackportSkipped,
        EventKind::Changelog,
        EventKind::ChecklistDone,
        EventKind::ChecklistUndo,
        EventKind::Renumbered,
        EventKind::BackupPassed,
        EventKind::BackupFailed,
        EventKind::DeployPassed,
        EventKind::DeployFailed,
        EventKind::SmokePassed,
        EventKind::SmokeFailed,
        EventKind::MonitorClean,
        EventKind::MonitorTriggered,
        EventKind::MonitorInterrupted,
    ];

    /// The name in the notes: `started`, `tests-passed`, ...
    pub fn as_str(&self) -> &str {
        match self {
            EventKind::Started => "started",
            EventKind::TestsPassed => "tests-passed",
            EventKind::TestsFailed => "tests-failed",
            EventKind::TestsSkipped => "tests-skipped",
            EventKind::Verified => "verified",
            EventKind::Merged => "merged",
            EventKind::Tagged => "tagged",
            EventKind::Finished => "finished",
            EventKind::Pushed => "pushed",
            EventKind::PrOpened => "pr-opened",
            EventKind::Deployed => "deployed",
            EventKind::Resolved => "resolved",
            EventKind::Cancelled => "cancelled",
            EventKind::RollbackPlan => "rollback-plan",
            EventKind::Reverted => "reverted",
            EventKind::RollbackTagged => "rollback-tagged",
            EventKind::RolledBack => "rolled-back",
            EventKind::Backported => "backported",
            EventKind::BackportSkipped => "backport-skipped",
            EventKind::Changelog => "changelog",
            EventKind::ChecklistDone => "checklist-done",
            EventKind::ChecklistUndo => "checklist-undo",
            EventKind::Renumbered => "renumbered",
            EventKind::BackupPassed => "backup-passed",
            EventKind::BackupFailed => "backup-failed",
            EventKind::DeployPassed => "deploy-passed",
            EventKind::DeployFailed => "deploy-failed",
            EventKind::SmokePassed => "smoke-passed",
            EventKind::SmokeFailed => "smoke-failed",
            EventKind::MonitorClean => "monitor-clean",
            EventKind::MonitorTriggered => "monitor-triggered",
            EventKind::MonitorInterrupted => "monitor-interrupted",
            EventKind::Other(name) => name,
        }
    }
}

impl From<String> for EventKind {
    fn from(name: String) -> EventKind {
        EventKind::KNOWN
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .unwrap_or(EventKind::Other(name))
    }
}

impl From<EventKind> for String {
    fn from(kind: EventKind) -> String {
        kind.as_str().to_string()
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
