//! The metadata store: one JSON document per hotfix in the git notes ref `refs/notes/hotfix`,
//! readable with plain `git notes --ref=hotfix list` / `show`. This module owns the format and
//! its persistence, nothing else: it uses only `error`, `clock`, `ui` (to quote and warn) and
//! `git`, so the notes can be read and tested without operations or notifications. Commands
//! save through `record`.
//!
//! # What a note annotates
//! Each hotfix's note is attached to its own *anchor*: a small blob written when the hotfix
//! starts, whose text names the hotfix (id, branch, creation time, owner and a random nonce).
//! - Two hotfixes started from the same commit never collide, as they would if notes were
//!   attached to the base commit; neither do hotfixes started in two clones, so notes from
//!   different clones merge by simply combining their entries (a note path is the anchor id).
//! - Id and branch are fields of the document; lookups scan the notes, which is one blob read
//!   per hotfix with no repeated tree lookups. Renumbering a hotfix does not move its note.
//! - A note's path in the notes tree is the anchor's id, and git reads it without needing the
//!   anchor object, so the data survives `git gc --prune=now` even after the unreferenced anchor
//!   blob is pruned. (Only `git notes --ref=hotfix prune` would drop such notes: do not run it.)
//!
//! Documents carry a `schema` number; fields this version does not know are kept on rewrite.
//!
//! # Notes are untrusted input
//! Anyone who can push to the remote writes notes, so every note is checked once, when it is
//! read ([`parse`]), into the typed model, and a note that fails is a [`BadNote`]: named in a
//! warning, never used. A note is at most [`MAX_NOTE_BYTES`] (a larger one is not even read
//! into memory), holds at most [`MAX_EVENTS`] events and [`MAX_ITEMS`] items in each other
//! list, and every text field at most [`MAX_TEXT_BYTES`]; ids are `<PREFIX>-<digits>` up to
//! [`MAX_ID_NUMBER`] ([`id_number`]); the branch is a name git accepts for a branch.
//!
//! # Ownership
//! Which hotfixes this clone started is not in the notes, which anyone can write, but in the
//! repository's own config (`hotfix.owned`, one anchor per value, added by `start`, never
//! pushed). When two open notes claim one branch, the one this clone started is its hotfix
//! there; with none or both of them its own, the branch is refused as a conflict.

use std::collections::HashSet;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::clock;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, Scope, oid_json};

pub const NOTES_REF: &str = "refs/notes/hotfix";
/// The notes ref as `git notes --ref=` takes it.
pub const NOTES_REF_SHORT: &str = "hotfix";
/// The newest document format this version reads and writes.
pub const SCHEMA: u32 = 1;

/// The largest note read, in bytes (1 MiB). A larger one is refused without being read.
pub const MAX_NOTE_BYTES: usize = 1 << 20;
/// The most events a note may hold.
pub const MAX_EVENTS: usize = 10_000;
/// The most items any other list of a note may hold (versions, components, tests, merges,
/// backports and their commits, former ids).
pub const MAX_ITEMS: usize = 1_000;
/// The longest text field, in bytes (4 KiB): the issue, an event's detail, a branch name, ...
pub const MAX_TEXT_BYTES: usize = 4 << 10;
/// The highest number an id may have (`HOTFIX-999999`).
pub const MAX_ID_NUMBER: u32 = 999_999;
/// The longest id prefix (`HOTFIX`), in bytes.
pub const MAX_ID_PREFIX: usize = 32;
/// The multi-valued key of the repository's own config listing the anchors of the hotfixes
/// this clone started.
pub const OWNED_KEY: &str = "hotfix.owned";

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

/// What an event records. Reports match on it, so a kind they forget is a compile error;
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
    Other(String),
}

impl EventKind {
    /// Every kind but `Other`, to read names back.
    const KNOWN: [EventKind; 23] = [
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
    /// The patch release tagged on that line (`backport --tag`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
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

    /// The recorded base commit.
    pub fn base(&self) -> ObjectId {
        self.base_commit
    }

    /// The number in the id (`HOTFIX-012` → 12), whatever the prefix.
    pub fn number(&self) -> Option<u32> {
        id_number(&self.hotfix_id)
    }

    /// Why this document may not be stored or used, if it breaks a rule of
    /// [the notes format](self#notes-are-untrusted-input): the end of a sentence.
    pub fn check(&self) -> std::result::Result<(), String> {
        for id in std::iter::once(&self.hotfix_id).chain(&self.former_ids) {
            if id_number(id).is_none() {
                return Err(format!(
                    "it has the id '{}', which is not of the form <PREFIX>-<digits> from 001 to {MAX_ID_NUMBER}",
                    shown(id)
                ));
            }
        }
        if !is_branch_name(&self.branch) {
            return Err(format!(
                "it names the branch '{}', which git does not accept as a branch name",
                shown(&self.branch)
            ));
        }
        if self.events.len() > MAX_EVENTS {
            return Err(format!(
                "it has {} events, more than the {MAX_EVENTS} a note may hold",
                self.events.len()
            ));
        }
        let lists = [
            ("affected_versions", self.affected_versions.len()),
            ("components", self.components.len()),
            ("tests", self.tests.len()),
            ("merges", self.merges.len()),
            ("former_ids", self.former_ids.len()),
            ("backports", self.backports.len()),
        ];
        let commits = self
            .backports
            .iter()
            .map(|b| ("commits in a backport", b.commits.len()));
        if let Some((name, len)) = lists
            .into_iter()
            .chain(commits)
            .find(|&(_, len)| len > MAX_ITEMS)
        {
            return Err(format!(
                "it has {len} {name}, more than the {MAX_ITEMS} a list of a note may hold"
            ));
        }
        if let Some((name, len)) = self
            .texts()
            .into_iter()
            .map(|(name, text)| (name, text.len()))
            .find(|&(_, len)| len > MAX_TEXT_BYTES)
        {
            return Err(format!(
                "its {name} is {len} bytes, longer than the {MAX_TEXT_BYTES} a text field may be"
            ));
        }
        Ok(())
    }

    /// Every text field, named.
    fn texts(&self) -> Vec<(&'static str, &str)> {
        let mut texts = vec![
            ("issue", self.issue.as_str()),
            ("owner", &self.owner),
            ("base_ref", &self.base_ref),
        ];
        let optional = [
            ("impact", &self.impact),
            ("version", &self.version),
            ("tag", &self.tag),
            ("pr_url", &self.pr_url),
        ];
        texts.extend(
            optional
                .into_iter()
                .filter_map(|(n, t)| Some((n, t.as_deref()?))),
        );
        texts.extend(
            self.affected_versions
                .iter()
                .map(|v| ("affected version", v.as_str())),
        );
        texts.extend(self.components.iter().map(|c| ("component", c.as_str())));
        for e in &self.events {
            texts.extend([("event name", e.event.as_str()), ("event author", &e.by)]);
            texts.extend(e.detail.as_deref().map(|d| ("event detail", d)));
        }
        for t in &self.tests {
            texts.extend([
                ("test suite", t.suite.as_str()),
                ("test command", &t.command),
            ]);
            texts.extend(t.seal.as_deref().map(|s| ("test seal", s)));
        }
        texts.extend(
            self.merges
                .iter()
                .map(|m| ("merge branch", m.branch.as_str())),
        );
        for b in &self.backports {
            texts.extend([
                ("backport target", b.target.as_str()),
                ("backport branch", &b.branch),
            ]);
            texts.extend(b.tag.as_deref().map(|t| ("backport tag", t)));
        }
        texts
    }

    /// True when `id` is this hotfix's id or one it had before being renumbered, so commits
    /// made under a former id stay valid.
    pub fn answers_to(&self, id: &str) -> bool {
        self.hotfix_id.eq_ignore_ascii_case(id)
            || self.former_ids.iter().any(|f| f.eq_ignore_ascii_case(id))
    }
}

/// The number of an id of the form `<PREFIX>-<digits>` (`HOTFIX-012` → 12), whatever the
/// prefix; `None` for anything else. The prefix is letters, digits, `_` and `-` (not first), at
/// most [`MAX_ID_PREFIX`] bytes; the number is written as [`format_id`] writes it (three digits
/// at least, no other leading zero) and goes from 1 to [`MAX_ID_NUMBER`].
pub fn id_number(id: &str) -> Option<u32> {
    let (prefix, digits) = id.rsplit_once('-')?;
    if !is_id_prefix(prefix) || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    ((1..=MAX_ID_NUMBER).contains(&number) && format_id("", number)[1..] == *digits)
        .then_some(number)
}

/// Whether `prefix` can start an id (see [`id_number`]).
pub fn is_id_prefix(prefix: &str) -> bool {
    prefix.len() <= MAX_ID_PREFIX
        && prefix
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The id numbered `number` (`HOTFIX`, 12 → `HOTFIX-012`).
pub fn format_id(prefix: &str, number: u32) -> String {
    format!("{prefix}-{number:03}")
}

/// Whether `name` is a branch name git accepts (`git check-ref-format --branch`), not starting
/// with `-` so no command can read it as an option, and no longer than a text field.
pub fn is_branch_name(name: &str) -> bool {
    !name.starts_with('-')
        && name != "HEAD"
        && name.len() <= MAX_TEXT_BYTES
        && crate::git::is_valid_refname(&format!("refs/heads/{name}"))
}

/// `text` as a refusal quotes it: clipped, since a note's field can be any length.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    crate::ui::clip(text, 60)
}

/// A hotfix as stored: its metadata and the anchor object its note is attached to.
#[derive(Debug, Clone)]
pub struct Hotfix {
    pub anchor: ObjectId,
    pub meta: Metadata,
}

/// A note that could not be read as a hotfix document, or was refused.
#[derive(Debug)]
pub struct BadNote {
    pub anchor: ObjectId,
    pub error: Error,
    /// The branch it names, when that much of it could be read: it may be that branch's
    /// hotfix, so the hooks refuse rather than let the rules lapse there.
    pub branch: Option<String>,
}

/// Every note under the hotfix ref, sorted oldest first; unreadable ones are reported apart.
pub struct Loaded {
    pub hotfixes: Vec<Hotfix>,
    pub bad: Vec<BadNote>,
    /// The anchors of the hotfixes this clone started (see [Ownership](self#ownership)).
    pub owned: HashSet<ObjectId>,
}

/// The hotfix of a branch as this clone sees it: see [`Loaded::claim_on_branch`].
#[derive(Debug)]
pub struct Claim<'a> {
    pub hotfix: &'a Hotfix,
    /// Other open hotfixes naming the same branch, which this clone did not start.
    pub passed_over: Vec<&'a Hotfix>,
}

impl Loaded {
    /// Whether this clone started `hotfix`.
    pub fn owns(&self, hotfix: &Hotfix) -> bool {
        self.owned.contains(&hotfix.anchor)
    }

    /// The hotfix with this id (the one this clone started when several claim it), else the
    /// one that had it before being renumbered.
    pub fn by_id(&self, id: &str) -> Option<&Hotfix> {
        let mut holders = self
            .hotfixes
            .iter()
            .filter(|h| h.meta.hotfix_id.eq_ignore_ascii_case(id));
        let first = holders.next();
        first
            .filter(|h| self.owns(h))
            .or_else(|| holders.find(|h| self.owns(h)))
            .or(first)
            .or_else(|| self.hotfixes.iter().find(|h| h.meta.answers_to(id)))
    }

    /// The open hotfix whose branch is `branch`, warning about others that claim it too
    /// ([`Loaded::claim_on_branch`]).
    pub fn open_on_branch(&self, branch: &str) -> Result<Option<&Hotfix>> {
        let Some(claim) = self.claim_on_branch(branch)? else {
            return Ok(None);
        };
        for other in &claim.passed_over {
            crate::ui::warn(format!(
                "{} also claims the branch '{branch}', but this clone started {} there: {} is ignored here",
                other.meta.hotfix_id, claim.hotfix.meta.hotfix_id, other.meta.hotfix_id
            ));
        }
        if let Some(other) = claim.passed_over.first() {
            crate::ui::hint(cancel_hint(&other.meta.hotfix_id));
        }
        Ok(Some(claim.hotfix))
    }

    /// The open hotfix whose branch is `branch`. A note names its branch itself, so two open
    /// notes may name one: then the one this clone started is its hotfix there (the others are
    /// in `passed_over`), and when it started none or several of them, that is a conflict,
    /// refused with both ids and how to resolve it, never settled by a field a note sets.
    pub fn claim_on_branch(&self, branch: &str) -> Result<Option<Claim<'_>>> {
        let open: Vec<&Hotfix> = self
            .hotfixes
            .iter()
            .filter(|h| h.meta.branch == branch && h.meta.status == Status::Open)
            .collect();
        let (owned, foreign): (Vec<&Hotfix>, Vec<&Hotfix>) =
            open.iter().partition(|h| self.owns(h));
        match (open.as_slice(), owned.as_slice()) {
            ([], _) => Ok(None),
            ([only], _) => Ok(Some(Claim {
                hotfix: only,
                passed_over: Vec::new(),
            })),
            (_, [mine]) => Ok(Some(Claim {
                hotfix: mine,
                passed_over: foreign,
            })),
            _ => Err(self.branch_conflict(branch, &open, !owned.is_empty())),
        }
    }

    fn branch_conflict(&self, branch: &str, open: &[&Hotfix], started_several: bool) -> Error {
        let ids: Vec<&str> = open.iter().map(|h| h.meta.hotfix_id.as_str()).collect();
        let (last, rest) = ids.split_last().expect("a conflict has two hotfixes");
        let two = ids.len() == 2;
        let whose = match (two, started_several) {
            (true, true) => "this clone started both of them",
            (true, false) => "this clone started neither of them",
            (false, true) => "this clone started more than one of them",
            (false, false) => "this clone started none of them",
        };
        let claims: Vec<String> = open
            .iter()
            .map(|h| format!("{}: {}", h.meta.hotfix_id, h.anchor))
            .collect();
        Error::refused(format!(
            "the open hotfixes {} and {last} {} claim the branch '{branch}', and {whose}",
            rest.join(", "),
            if two { "both" } else { "all" }
        ))
        .hint(format!(
            "compare them with {}",
            ids.iter()
                .map(|id| format!("'git hotfix show {id}'"))
                .collect::<Vec<_>>()
                .join(" and ")
        ))
        .hint(format!(
            "the one you work on: claim it with 'git config --add {OWNED_KEY} <anchor>' ({})",
            claims.join(", ")
        ))
        .hint(cancel_hint("<id>"))
    }

    /// The next free id: the smallest number above every id in use or formerly used, checked
    /// against all of them; refused past [`MAX_ID_NUMBER`].
    pub fn next_id(&self, prefix: &str) -> Result<String> {
        if !is_id_prefix(prefix) {
            return Err(Error::refused(format!(
                "hotfix.idPrefix '{}' cannot begin an id",
                shown(prefix)
            ))
            .hint(format!(
                "use letters, digits, '_' and '-' (at most {MAX_ID_PREFIX}), e.g. 'git config hotfix.idPrefix HOTFIX'"
            )));
        }
        let used = self.used_numbers();
        let highest = used.iter().copied().max().unwrap_or(0);
        match next_free(&used, highest) {
            Some(number) => Ok(format_id(prefix, number)),
            None => {
                let holder = self
                    .hotfixes
                    .iter()
                    .find(|h| policy_ids(&h.meta).any(|id| id_number(id) == Some(highest)));
                let (id, anchor) = holder.map_or_else(
                    || (format_id(prefix, highest), "<anchor>".to_string()),
                    |h| (h.meta.hotfix_id.clone(), h.anchor.to_string()),
                );
                Err(Error::refused(format!(
                    "no hotfix id is left: {id} is in use, and {MAX_ID_NUMBER} is the highest number an id may have"
                ))
                .hint(format!(
                    "if {id} is not a real hotfix, remove its note with 'git notes --ref={NOTES_REF_SHORT} remove {anchor}' and run 'git hotfix sync'"
                )))
            }
        }
    }

    /// Every number an id in use or formerly used has, whatever its prefix.
    fn used_numbers(&self) -> HashSet<u32> {
        self.hotfixes
            .iter()
            .flat_map(|h| policy_ids(&h.meta))
            .filter_map(id_number)
            .collect()
    }

    /// An error for an id that matches no hotfix, mentioning unreadable notes if any.
    pub fn unknown_id(&self, id: &str) -> Error {
        let mut err = Error::refused(format!("no hotfix with id {id} is recorded"))
            .hint("see the recorded hotfixes with 'git hotfix list --all'");
        if !self.bad.is_empty() {
            err = err.hint(format!(
                "{} note(s) in {NOTES_REF} could not be read; 'git hotfix list' names them",
                self.bad.len()
            ));
        }
        err
    }
}

/// The current id and the former ones of a hotfix.
fn policy_ids(meta: &Metadata) -> impl Iterator<Item = &str> {
    std::iter::once(meta.hotfix_id.as_str()).chain(meta.former_ids.iter().map(String::as_str))
}

/// The smallest number above `highest` that `used` does not hold, within [`MAX_ID_NUMBER`].
pub fn next_free(used: &HashSet<u32>, highest: u32) -> Option<u32> {
    (highest.saturating_add(1)..=MAX_ID_NUMBER).find(|n| !used.contains(n))
}

/// Parses and checks one note (see [the notes format](self#notes-are-untrusted-input)). Refuses
/// a note too large, invalid JSON, a newer schema or a document breaking a limit with a
/// sentence naming the note.
pub fn parse(anchor: ObjectId, text: &[u8]) -> Result<Metadata> {
    let show = format!("git notes --ref={NOTES_REF_SHORT} show {anchor}");
    if text.len() > MAX_NOTE_BYTES {
        return Err(too_large(anchor, text.len() as u64));
    }
    // The common case in one pass; the slower diagnosis below only runs for a bad note.
    if let Ok(meta) = serde_json::from_slice::<Metadata>(text)
        && meta.schema <= SCHEMA
    {
        return match meta.check() {
            Ok(()) => Ok(meta),
            Err(why) => Err(Error::refused(format!(
                "the note on {anchor} in {NOTES_REF} is refused: {why}"
            ))
            .hint(format!(
                "it is not used; inspect it with '{show}', and if it is not a real hotfix remove it with 'git notes --ref={NOTES_REF_SHORT} remove {anchor}'"
            ))),
        };
    }
    let value: Value = serde_json::from_slice(text).map_err(|err| {
        Error::refused(format!(
            "the note on {anchor} in {NOTES_REF} is not valid JSON ({err})"
        ))
        .hint(format!("inspect it with '{show}' and fix it with 'git notes --ref={NOTES_REF_SHORT} edit {anchor}'"))
    })?;
    match value.get("schema").and_then(Value::as_u64) {
        Some(n) if n > u64::from(SCHEMA) => Err(Error::refused(format!(
            "the note on {anchor} in {NOTES_REF} uses schema {n}, newer than this git-hotfix reads ({SCHEMA})"
        ))
        .hint("upgrade git-hotfix to read it")),
        None => Err(Error::refused(format!(
            "the note on {anchor} in {NOTES_REF} is not a git-hotfix document (no schema number)"
        ))
        .hint(format!("inspect it with '{show}'"))),
        Some(_) => {
            let err = serde_json::from_value::<Metadata>(value).err();
            let why = err.map(|e| e.to_string()).unwrap_or_default();
            Err(Error::refused(format!(
                "the note on {anchor} in {NOTES_REF} is not a valid hotfix document ({why})"
            ))
            .hint(format!("inspect it with '{show}'")))
        }
    }
}

/// The refusal of a note larger than [`MAX_NOTE_BYTES`].
pub fn too_large(anchor: ObjectId, size: u64) -> Error {
    Error::refused(format!(
        "the note on {anchor} in {NOTES_REF} is refused: it is {size} bytes, larger than the {MAX_NOTE_BYTES} a note may be"
    ))
    .hint(format!(
        "it is not read; if it is not a real hotfix remove it with 'git notes --ref={NOTES_REF_SHORT} remove {anchor}'"
    ))
}

/// Reads and checks the note `blob` on `anchor` (a note too large is not read).
pub fn read_note(repo: &Repo, anchor: ObjectId, blob: ObjectId) -> Result<Result<Metadata>> {
    Ok(match repo.read_blob_at_most(blob, MAX_NOTE_BYTES)? {
        Ok(text) => parse(anchor, &text),
        Err(size) => Err(too_large(anchor, size)),
    })
}

/// The branch a note names, when that much of it reads (for a note [`parse`] refused).
fn named_branch(text: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Named {
        branch: String,
    }
    serde_json::from_slice::<Named>(text).ok().map(|n| n.branch)
}

pub fn to_json(meta: &Metadata) -> String {
    let mut text = serde_json::to_string_pretty(meta).expect("metadata always serializes");
    text.push('\n');
    text
}

/// Reads every hotfix document, and which of them this clone started. Cost: one blob read
/// and one JSON parse per hotfix (none for a note too large).
pub fn load(repo: &Repo) -> Result<Loaded> {
    let mut loaded = Loaded {
        hotfixes: Vec::new(),
        bad: Vec::new(),
        owned: owned(repo)?,
    };
    repo.for_each_note(NOTES_REF, MAX_NOTE_BYTES, |anchor, text| {
        let parsed = match text {
            Ok(text) => parse(anchor, text).map_err(|error| (error, named_branch(text))),
            Err(size) => Err((too_large(anchor, size), None)),
        };
        match parsed {
            Ok(meta) => loaded.hotfixes.push(Hotfix { anchor, meta }),
            Err((error, branch)) => loaded.bad.push(BadNote {
                anchor,
                error,
                branch,
            }),
        }
    })?;
    loaded
        .hotfixes
        .sort_by_cached_key(|h| (h.meta.created, h.meta.number()));
    Ok(loaded)
}

/// The hotfix `id` as the notes hold it now, after something else (a hook run by git, an
/// earlier step) may have written to them.
pub fn reload(repo: &Repo, id: &str) -> Result<Hotfix> {
    let loaded = load(repo)?;
    loaded
        .by_id(id)
        .cloned()
        .ok_or_else(|| loaded.unknown_id(id))
}

/// The hotfix document on `anchor` as the notes commit `notes` held it (`None`: no note).
pub fn read_at(repo: &Repo, notes: ObjectId, anchor: ObjectId) -> Result<Option<Metadata>> {
    match repo.note_blob_at(notes, anchor)? {
        Some(blob) => parse(anchor, &repo.read_blob(blob)?).map(Some),
        None => Ok(None),
    }
}

/// The anchors of the hotfixes this clone started: the values of [`OWNED_KEY`] in the
/// repository's own config (a value that is not an object id is ignored).
pub fn owned(repo: &Repo) -> Result<HashSet<ObjectId>> {
    Ok(repo
        .config_scoped(OWNED_KEY)?
        .into_iter()
        .filter(|(_, scope)| matches!(scope, Scope::Local | Scope::Worktree))
        .filter_map(|(value, _)| ObjectId::from_str(value.trim()).ok())
        .collect())
}

/// Remembers that this clone started the hotfix on `anchor`, in the repository's own config.
pub fn claim(repo: &Repo, anchor: ObjectId) -> Result<()> {
    repo.add_config_value(OWNED_KEY, &anchor.to_string())
        .map(|_| ())
}

/// How to close a hotfix that is not a real one, keeping the branch it names.
fn cancel_hint(id: &str) -> String {
    format!(
        "one that is not a real hotfix: close it with 'git hotfix cancel {id} --keep-branch --reason \"not ours\"'"
    )
}

/// Writes the anchor of a new hotfix: a small blob naming it, which its note annotates.
pub fn write_anchor(repo: &Repo, meta: &Metadata) -> Result<ObjectId> {
    let nonce = RandomState::new().build_hasher().finish();
    let anchor_text = format!(
        "git-hotfix anchor\nid {}\nbranch {}\ncreated {}\nowner {}\nnonce {nonce:016x}\n",
        meta.hotfix_id,
        meta.branch,
        clock::rfc3339(meta.created),
        meta.owner
    );
    repo.write_blob(anchor_text.as_bytes())
}

/// Rewrites a hotfix's note with its current metadata, and nothing else: commands save
/// through `record::save`, which also keeps an operation's subject safe and notifies.
pub fn write(repo: &Repo, hotfix: &Hotfix) -> Result<()> {
    // What could not be read back is never written.
    let text = to_json(&hotfix.meta);
    if let Err(why) = hotfix.meta.check() {
        return Err(
            Error::refused(format!("{} was not saved: {why}", hotfix.meta.hotfix_id))
                .hint("shorten what was given and run the command again"),
        );
    }
    if text.len() > MAX_NOTE_BYTES {
        return Err(Error::refused(format!(
            "{} was not saved: its note would be {} bytes, larger than the {MAX_NOTE_BYTES} a note may be",
            hotfix.meta.hotfix_id,
            text.len()
        ))
        .hint("shorten what was given and run the command again"));
    }
    // The notes history reads as a log: `HOTFIX-001: tests-passed`.
    let what = hotfix
        .meta
        .events
        .last()
        .map_or("updated", |e| e.event.as_str());
    let message = format!("{}: {what}", hotfix.meta.hotfix_id);
    repo.write_note(NOTES_REF, hotfix.anchor, &text, &message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A note as release 0.1 writes it (start, test, checklist, rollback plan, finish with
    /// develop, backport, deployed, resolved), plus an event kind and fields a newer release
    /// adds.
    const RELEASE_0_1: &str = include_str!("../tests/fixtures/note-0.1.json");

    #[test]
    fn a_note_of_the_previous_release_reads_and_rewrites_byte_identically() {
        let anchor = ObjectId::from_str("a12f81f6a3aaded439d312fa9ae42b3e38e550d5").unwrap();
        let meta = parse(anchor, RELEASE_0_1.as_bytes()).unwrap();
        assert_eq!(meta.status, Status::Finished);
        assert_eq!(meta.merges.len(), 2);
        assert_eq!(meta.backports[0].commits.len(), 1);
        let kinds: Vec<&EventKind> = meta.events.iter().map(|e| &e.event).collect();
        assert_eq!(kinds[0], &EventKind::Started);
        assert_eq!(kinds[8], &EventKind::Finished);
        assert_eq!(
            kinds.last().unwrap(),
            &&EventKind::Other("paged".to_string())
        );
        assert!(meta.extra.contains_key("reviewed_by"));
        assert_eq!(to_json(&meta), RELEASE_0_1);
    }

    fn anchor(n: u8) -> ObjectId {
        ObjectId::from_str(&format!("{n:02x}").repeat(20)).unwrap()
    }

    fn hotfix(n: u8, id: &str, branch: &str, created: &str) -> Hotfix {
        let mut meta = parse(anchor(0), RELEASE_0_1.as_bytes()).unwrap();
        meta.hotfix_id = id.to_string();
        meta.branch = branch.to_string();
        meta.status = Status::Open;
        meta.created =
            OffsetDateTime::parse(created, &time::format_description::well_known::Rfc3339).unwrap();
        Hotfix {
            anchor: anchor(n),
            meta,
        }
    }

    fn loaded(hotfixes: Vec<Hotfix>, owned: &[u8]) -> Loaded {
        Loaded {
            hotfixes,
            bad: Vec::new(),
            owned: owned.iter().map(|&n| anchor(n)).collect(),
        }
    }

    #[test]
    fn ids_are_a_prefix_and_a_number_within_the_bound_written_one_way() {
        for (id, number) in [
            ("HOTFIX-001", Some(1)),
            ("HOTFIX-042", Some(42)),
            ("hotfix-1234", Some(1234)),
            ("OPS_HF-999999", Some(999_999)),
            ("OPS-HF-010", Some(10)),
            ("HOTFIX-1000000", None),
            ("HOTFIX-000", None),
            ("HOTFIX-01", None),
            ("HOTFIX-0001", None),
            ("HOTFIX-1", None),
            ("HOTFIX-+12", None),
            ("HOTFIX-١٢٣", None),
            ("-001", None),
            ("--x-001", None),
            ("HOT FIX-001", None),
            ("HOTFIX", None),
            ("HOTFIX-", None),
        ] {
            assert_eq!(id_number(id), number, "{id}");
        }
        assert_eq!(
            id_number(&format!("{}-001", "A".repeat(MAX_ID_PREFIX))),
            Some(1)
        );
        assert_eq!(
            id_number(&format!("{}-001", "A".repeat(MAX_ID_PREFIX + 1))),
            None
        );
        assert_eq!(format_id("HOTFIX", 7), "HOTFIX-007");
        assert_eq!(format_id("HOTFIX", 123_456), "HOTFIX-123456");
    }

    #[test]
    fn branches_are_names_git_accepts_for_a_branch() {
        for good in ["hotfix/auth", "hotfix/ünïcode", "a"] {
            assert!(is_branch_name(good), "{good}");
        }
        for bad in [
            "",
            "-x",
            "--upload-pack=x",
            "HEAD",
            "hotfix/a..b",
            "hotfix/a b",
            "hotfix/x\nmain",
            "hotfix/x.lock",
            "hotfix/@{1}",
            "hotfix/",
            "/x",
        ] {
            assert!(!is_branch_name(bad), "{bad}");
        }
        assert!(!is_branch_name(&"x".repeat(MAX_TEXT_BYTES + 1)));
    }

    #[test]
    fn a_document_past_a_limit_is_refused_naming_the_limit() {
        let mut base = parse(anchor(0), RELEASE_0_1.as_bytes()).unwrap();
        assert_eq!(base.check(), Ok(()));
        // Small events, so ten thousand of them fit in a note.
        for event in &mut base.events {
            event.by.clear();
        }
        let small = Event {
            detail: None,
            ..base.events[0].clone()
        };
        let compact = |meta: &Metadata| serde_json::to_string(meta).unwrap();
        let refused = |change: &dyn Fn(&mut Metadata)| {
            let mut meta = base.clone();
            change(&mut meta);
            let text = compact(&meta);
            let err = parse(anchor(7), text.as_bytes()).unwrap_err();
            assert!(err.message.starts_with(&format!(
                "the note on {} in refs/notes/hotfix is refused: ",
                anchor(7)
            )));
            assert!(err.message.len() < 2048, "{}", err.message);
            err.message
        };
        let message = refused(&|m| m.events = vec![small.clone(); MAX_EVENTS + 1]);
        assert!(message.ends_with("it has 10001 events, more than the 10000 a note may hold"));
        let message = refused(&|m| m.components = vec!["c".into(); MAX_ITEMS + 1]);
        assert!(
            message
                .ends_with("it has 1001 components, more than the 1000 a list of a note may hold")
        );
        let message = refused(&|m| m.events[2].detail = Some("x".repeat(MAX_TEXT_BYTES + 1)));
        assert!(
            message.ends_with(
                "its event detail is 4097 bytes, longer than the 4096 a text field may be"
            )
        );
        let message = refused(&|m| m.former_ids = vec!["HOTFIX-1000000".into()]);
        assert!(
            message.contains("it has the id 'HOTFIX-1000000'"),
            "{message}"
        );
        let message = refused(&|m| m.hotfix_id = "x".repeat(10_000));
        assert!(message.len() < 300, "{message}");
        let message = refused(&|m| m.branch = "-f".into());
        assert!(
            message
                .ends_with("it names the branch '-f', which git does not accept as a branch name")
        );
        // At the limits it reads.
        let mut meta = base.clone();
        meta.events = vec![small.clone(); MAX_EVENTS];
        meta.issue = "x".repeat(MAX_TEXT_BYTES);
        meta.hotfix_id = "HOTFIX-999999".into();
        assert!(parse(anchor(7), compact(&meta).as_bytes()).is_ok());
        // And a note larger than a note may be is refused before it is parsed.
        let big = vec![b' '; MAX_NOTE_BYTES + 1];
        let err = parse(anchor(7), &big).unwrap_err();
        assert!(
            err.message
                .ends_with("it is 1048577 bytes, larger than the 1048576 a note may be")
        );
    }

    #[test]
    fn the_next_id_is_above_every_id_in_use_and_refused_past_the_bound() {
        let mut one = hotfix(1, "HOTFIX-004", "hotfix/a", "2026-03-02T10:00:00Z");
        one.meta.former_ids = vec!["HOTFIX-009".into()];
        let other_prefix = hotfix(2, "OPS-012", "hotfix/b", "2026-03-02T10:00:00Z");
        let notes = loaded(vec![one, other_prefix], &[]);
        assert_eq!(notes.next_id("HOTFIX").unwrap(), "HOTFIX-013");
        assert_eq!(
            loaded(Vec::new(), &[]).next_id("HOTFIX").unwrap(),
            "HOTFIX-001"
        );
        assert!(notes.next_id("bad prefix").is_err());

        let last = loaded(
            vec![hotfix(
                3,
                "HOTFIX-999999",
                "hotfix/z",
                "2026-03-02T10:00:00Z",
            )],
            &[],
        );
        let err = last.next_id("HOTFIX").unwrap_err();
        assert_eq!(
            err.message,
            "no hotfix id is left: HOTFIX-999999 is in use, and 999999 is the highest number an id may have"
        );
        assert!(
            err.hints[0].contains(&format!("remove {}", anchor(3))),
            "{:?}",
            err.hints
        );
        let mut used: HashSet<u32> = [1, 2, 3].into();
        assert_eq!(next_free(&used, 3), Some(4));
        used.insert(4);
        assert_eq!(next_free(&used, 3), Some(5));
        assert_eq!(next_free(&used, MAX_ID_NUMBER), None);
    }

    #[test]
    fn a_branch_is_this_clones_own_hotfixes_and_else_a_conflict_when_claimed_twice() {
        let mine = hotfix(1, "HOTFIX-001", "hotfix/auth", "2026-03-02T10:00:00Z");
        let later = hotfix(2, "HOTFIX-777", "hotfix/auth", "2026-03-02T11:00:00Z");
        let elsewhere = hotfix(3, "HOTFIX-002", "hotfix/other", "2026-03-02T12:00:00Z");
        let all = vec![mine.clone(), later.clone(), elsewhere];

        // One open note: used whoever started it.
        let single = loaded(vec![later.clone()], &[]);
        let claim = single.claim_on_branch("hotfix/auth").unwrap().unwrap();
        assert_eq!(claim.hotfix.meta.hotfix_id, "HOTFIX-777");
        assert!(single.claim_on_branch("hotfix/none").unwrap().is_none());

        // Two: the one this clone started, whatever the notes say about time.
        let owned = loaded(all.clone(), &[1]);
        let claim = owned.claim_on_branch("hotfix/auth").unwrap().unwrap();
        assert_eq!(claim.hotfix.meta.hotfix_id, "HOTFIX-001");
        let passed: Vec<&str> = claim
            .passed_over
            .iter()
            .map(|h| h.meta.hotfix_id.as_str())
            .collect();
        assert_eq!(passed, ["HOTFIX-777"]);

        // Neither or both: a conflict naming both.
        for owned in [&[][..], &[1, 2]] {
            let err = loaded(all.clone(), owned)
                .claim_on_branch("hotfix/auth")
                .unwrap_err();
            assert!(
                err.message.starts_with(
                    "the open hotfixes HOTFIX-001 and HOTFIX-777 both claim the branch 'hotfix/auth'"
                ),
                "{}",
                err.message
            );
            assert_eq!(err.hints.len(), 3, "{:?}", err.hints);
        }
        // A closed hotfix claims nothing.
        let mut closed = later;
        closed.meta.status = Status::Cancelled;
        let notes = loaded(vec![mine, closed], &[]);
        let claim = notes.claim_on_branch("hotfix/auth").unwrap();
        assert_eq!(claim.unwrap().hotfix.meta.hotfix_id, "HOTFIX-001");
    }

    #[test]
    fn an_id_two_hotfixes_hold_names_the_one_this_clone_started() {
        let first = hotfix(1, "HOTFIX-001", "hotfix/a", "2026-03-01T10:00:00Z");
        let mut mine = hotfix(2, "HOTFIX-001", "hotfix/b", "2026-03-02T10:00:00Z");
        mine.meta.former_ids = vec!["HOTFIX-000".into()];
        let notes = loaded(vec![first.clone(), mine.clone()], &[2]);
        assert_eq!(notes.by_id("hotfix-001").unwrap().anchor, anchor(2));
        let notes = loaded(vec![first, mine], &[]);
        assert_eq!(notes.by_id("HOTFIX-001").unwrap().anchor, anchor(1));
    }

    #[test]
    fn every_known_event_kind_keeps_its_name() {
        for kind in EventKind::KNOWN {
            assert_eq!(EventKind::from(kind.as_str().to_string()), kind);
        }
    }
}
