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

use serde::Deserialize;
use serde_json::Value;

use crate::clock;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};

mod events;
mod ids;
mod limits;
mod model;
mod ownership;
#[cfg(test)]
mod tests;

pub use events::EventKind;
pub use ids::{MAX_ID_NUMBER, MAX_ID_PREFIX, format_id, id_number, is_id_prefix, next_free};
pub use limits::{MAX_EVENTS, MAX_ITEMS, MAX_NOTE_BYTES, MAX_TEXT_BYTES, is_branch_name};
pub use model::{
    BackportRecord, Event, MergeRecord, Metadata, PackageRelease, Severity, Status, TestRecord,
};
pub use ownership::{OWNED_KEY, claim, owned};

pub const NOTES_REF: &str = "refs/notes/hotfix";
/// The notes ref as `git notes --ref=` takes it.
pub const NOTES_REF_SHORT: &str = "hotfix";
/// The newest document format this version reads and writes.
pub const SCHEMA: u32 = 1;

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

/// Refuses a document that could not be read back (past a limit of the notes): checked
/// before every write, and by `finish` before anything moves, since it writes the note last.
pub fn check_fits(meta: &Metadata) -> Result<()> {
    fitting_json(meta).map(|_| ())
}

/// The note's text, unless it breaks a limit of the notes: what could not be read back is
/// never written.
fn fitting_json(meta: &Metadata) -> Result<String> {
    let text = to_json(meta);
    if let Err(why) = meta.check() {
        return Err(
            Error::refused(format!("{} was not saved: {why}", meta.hotfix_id))
                .hint("shorten what was given and run the command again"),
        );
    }
    if text.len() > MAX_NOTE_BYTES {
        return Err(Error::refused(format!(
            "{} was not saved: its note would be {} bytes, larger than the {MAX_NOTE_BYTES} a note may be",
            meta.hotfix_id,
            text.len()
        ))
        .hint("shorten what was given and run the command again"));
    }
    Ok(text)
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
    let text = fitting_json(&hotfix.meta)?;
    // The notes history reads as a log: `HOTFIX-001: tests-passed`.
    let what = hotfix
        .meta
        .events
        .last()
        .map_or("updated", |e| e.event.as_str());
    let message = format!("{}: {what}", hotfix.meta.hotfix_id);
    repo.write_note(NOTES_REF, hotfix.anchor, &text, &message)
}
