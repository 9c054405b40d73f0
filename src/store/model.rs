//! The typed model of a hotfix document: its fields, as the notes hold them and `--json`
//! prints them, and the events appended to it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::{EventKind, id_number};
use crate::clock;
use crate::git::{ObjectId, oid_json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    P0,
    P1,
    P2,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::P0, Severity::P1, Severity::P2];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::P0 => "P0",
            Severity::P1 => "P1",
            Severity::P2 => "P2",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Severity::P0 => "P0 - critical: outage, security or data loss",
            Severity::P1 => "P1 - high: a broken feature or errors in production",
            Severity::P2 => "P2 - medium: a defect with a workaround",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Open,
    Finished,
    Cancelled,
    RolledBack,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Finished => "finished",
            Status::Cancelled => "cancelled",
            Status::RolledBack => "rolled-back",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A time-stamped record of what happened, for the post-mortem timeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What happened: `started`, `tests-passed`, `finished`, ...
    pub event: EventKind,
    /// Who did it (`user.name <user.email>`).
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Event {
    /// A whole-number field beside the detail (`duration_ms`, `samples`), if it holds one.
    pub fn number(&self, field: &str) -> Option<u64> {
        self.extra.get(field).and_then(Value::as_u64)
    }
}

/// One run of a test suite on a tree. A pass is reused only for the same tree and command.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestRecord {
    /// `test`, `security` or `performance`.
    pub suite: String,
    pub command: String,
    /// The tree the suite ran on (so a pass holds for exactly that content).
    #[serde(with = "oid_json")]
    pub tree: ObjectId,
    pub passed: bool,
    pub duration_ms: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Made with the key of the clone that ran the suite: only that clone trusts the record
    /// to skip a run (see `git::seal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
    /// Set on a run of only the tests a change can affect (`test --affected`): what was chosen
    /// and why. Such a run never stands in for the suite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affected: Option<String>,
    /// Set on a pass carried over from another tree that differs only in paths no test depends
    /// on (`hotfix.testIgnore`): which pass and what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reused: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A merge commit made by `finish`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MergeRecord {
    /// The branch merged into (`main`, `develop`, `release/2.1`).
    pub branch: String,
    #[serde(with = "oid_json")]
    pub commit: ObjectId,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A backport of the hotfix onto another line (`git hotfix backport`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackportRecord {
    /// The branch backported onto (`release/2.0`).
    pub target: String,
    /// The branch holding the cherry-picks: `hotfix/<name>-<target>`, or the target itself.
    pub branch: String,
    /// The cherry-picked commits, oldest first.
    #[serde(with = "oid_json::list")]
    pub commits: Vec<ObjectId>,
    /// The patch release tagged on that line (`backport --tag`); the first one's when it
    /// released several packages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// In a repository that releases its packages one by one, each package released on that
    /// line with its version, tag and the line's release before it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<PackageRelease>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl BackportRecord {
    /// The tags of the line's release: one, or each package's.
    pub fn tags(&self) -> Vec<&str> {
        if self.releases.is_empty() {
            return self.tag.as_deref().into_iter().collect();
        }
        self.releases.iter().map(|r| r.tag.as_str()).collect()
    }
}

/// One package a hotfix released, in a repository that releases its packages one by one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageRelease {
    /// The package's name (`toml_datetime`, `@shop/ui`, `example.com/shop/api`).
    pub package: String,
    pub version: String,
    pub tag: String,
    /// The package's release before this one (its tag), which a rollback goes back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The document stored for one hotfix. Field names are a stable interface (`--json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Metadata {
    pub schema: u32,
    pub hotfix_id: String,
    pub severity: Severity,
    pub issue: String,
    #[serde(default)]
    pub affected_versions: Vec<String>,
    #[serde(default)]
    pub components: Vec<String>,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    pub owner: String,
    pub branch: String,
    pub base_ref: String,
    #[serde(with = "oid_json")]
    pub base_commit: ObjectId,
    pub status: Status,
    #[serde(default)]
    pub events: Vec<Event>,
    /// Outcomes of test suites run on the branch (`git hotfix test`, pre-push, finish).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestRecord>,
    /// The merge commits `finish` created, one per branch merged into.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<MergeRecord>,
    /// The released version (`2.0.2`) and its tag (`v2.0.2`), once finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Ids this hotfix had before a sync renumbered it (oldest first); commits that name one
    /// of them still belong to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_ids: Vec<String>,
    /// The pull request `finish --pr` opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pr_url: Option<String>,
    /// Backports onto other lines, in the order they were made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backports: Vec<BackportRecord>,
    /// The packages `start --package` named, in a repository of several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
    /// Each package `finish` released, in a repository of several; `version` and `tag` are
    /// the first one's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<PackageRelease>,
    /// Fields written by newer versions, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Metadata {
    /// Appends an event stamped with the current time.
    pub fn record(&mut self, event: EventKind, by: &str, detail: Option<String>) {
        self.record_at(clock::now(), event, by, detail);
    }

    /// Appends an event that happened at `at` (e.g. a deploy recorded afterwards).
    pub fn record_at(
        &mut self,
        at: OffsetDateTime,
        event: EventKind,
        by: &str,
        detail: Option<String>,
    ) {
        self.events.push(Event {
            at,
            event,
            by: by.to_string(),
            detail,
            extra: Map::new(),
        });
    }

    /// Appends an event stamped with the current time, with fields beside the detail
    /// (`exit_code`, `duration_ms`, ...).
    pub fn record_with(
        &mut self,
        event: EventKind,
        by: &str,
        detail: Option<String>,
        extra: Map<String, Value>,
    ) {
        self.record(event, by, detail);
        if let Some(last) = self.events.last_mut() {
            last.extra = extra;
        }
    }

    /// The recorded base commit.
    pub fn base(&self) -> ObjectId {
        self.base_commit
    }

    /// The number in the id (`HOTFIX-012` → 12), whatever the prefix.
    pub fn number(&self) -> Option<u32> {
        id_number(&self.hotfix_id)
    }

    /// True when `id` is this hotfix's id or one it had before being renumbered, so commits
    /// made under a former id stay valid.
    pub fn answers_to(&self, id: &str) -> bool {
        self.hotfix_id.eq_ignore_ascii_case(id)
            || self.former_ids.iter().any(|f| f.eq_ignore_ascii_case(id))
    }
}
