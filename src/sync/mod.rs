//! Sharing the hotfix notes between clones (`git hotfix sync`, and the automatic sync of
//! `start` and the commands that change a hotfix). git neither fetches nor pushes notes by
//! default, so without this every clone would keep its own history of hotfixes.
//!
//! # Refs and refspecs
//! The remote's `refs/notes/hotfix` is fetched into `refs/notes/remotes/<remote>/hotfix`:
//! notes refs must live under `refs/notes/`, and `remotes/<remote>/` there is where git users
//! keep other clones' notes. The refspec is the pattern
//! `+refs/notes/hotfix*:refs/notes/remotes/<remote>/hotfix*` because a plain refspec makes
//! `git fetch` fail outright while the remote has no notes yet. `sync --setup` writes it into
//! `remote.<remote>.fetch`, and `refs/notes/hotfix*:refs/notes/hotfix*` into
//! `remote.<remote>.push` (with `HEAD` first when no push refspec was set, so a plain
//! `git push` still pushes the current branch). Network access goes through the `git`
//! executable, so the user's credentials, ssh config and hooks apply.
//!
//! # Merge
//! In-process, never losing a hotfix: the notes of the two sides are compared with the notes
//! of their common ancestor commit, note by note (a note's path is its hotfix's anchor, so
//! hotfixes from different clones simply combine). A note changed on one side only takes that
//! side's version; a note changed on both merges field by field ([`merge::merge_documents`]:
//! events united and ordered by time, status by the later event, unknown fields kept); a note
//! edited on one side and removed on the other is kept. The result is a merge commit with
//! both parents, so the next sync starts from an exact common ancestor.
//!
//! # Ids
//! Two clones offline both allocate the next number. After merging, among hotfixes that share
//! an id the one created first keeps it (ties: the smaller anchor id, so every clone decides
//! the same); each other one is renumbered to the next free number, its old id kept in
//! `former_ids`, a `renumbered` event recorded and the user told. Its branch keeps its name,
//! and commits that name the old id stay valid (`Metadata::answers_to`). When two clones
//! renumber the same hotfix differently, the id merge keeps the lower fresh id, so all clones
//! converge.
//!
//! # Push
//! A plain fast-forward push of `refs/notes/hotfix`: the merged commit contains what was
//! fetched, so the push succeeds only if nobody pushed meanwhile — git's own compare-and-swap.
//! A rejected push fetches, merges and pushes again, at most [`MAX_ATTEMPTS`] times.
//!
//! # Interruptions
//! Each step leaves a consistent state: the fetch only moves the tracking ref, the merge moves
//! `refs/notes/hotfix` in one compare-and-swap to a commit holding both sides, the push is
//! git's. A sync killed anywhere (test-only fail points `sync:fetched`, `sync:merged`,
//! `sync:pushed`) has lost nothing, and running it again completes it.

pub mod merge;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;

use crate::config::{AUTO_SYNC, REMOTE};
use crate::error::{Error, Result};
use crate::git::{NotesTree, ObjectId, Repo, command};
use crate::store::{self, BadNote, Hotfix, MAX_NOTE_BYTES, NOTES_REF, NOTES_REF_SHORT};
use crate::{failpoint, ui};
use merge::Renumbered;

/// How many times a push rejected because someone pushed meanwhile is retried.
pub const MAX_ATTEMPTS: usize = 5;

/// The refspec `sync --setup` adds to `remote.<remote>.push`.
pub const PUSH_REFSPEC: &str = "refs/notes/hotfix*:refs/notes/hotfix*";

/// Where the remote's notes are fetched to.
pub fn tracking_ref(remote: &str) -> String {
    format!("refs/notes/remotes/{remote}/{NOTES_REF_SHORT}")
}

/// The refspec that fetches the remote's notes (see the module doc for the pattern).
pub fn fetch_refspec(remote: &str) -> String {
    format!("+{NOTES_REF}*:{}*", tracking_ref(remote))
}

/// The `--no-sync` flag of the commands that sync automatically.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct AutoArgs {
    /// Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false).
    #[arg(long)]
    pub no_sync: bool,
}

/// The remote to sync with automatically, unless `--no-sync`, `hotfix.autoSync=false` or
/// no such remote.
pub fn auto_remote(repo: &Repo, args: AutoArgs) -> Result<Option<String>> {
    if args.no_sync || !AUTO_SYNC.flag(repo)? {
        return Ok(None);
    }
    let remote = REMOTE.get(repo)?;
    Ok(repo.remote_exists(&remote).then_some(remote))
}

/// Whether the remote answered a fetch or push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Answered,
    /// It did not; the first line git printed.
    Unreachable(String),
}

/// One `git fetch` of the remote: the hotfix notes (with `notes`) and, with `branches`,
/// what a plain `git fetch <remote>` brings, so a command needing both fetches once.
pub fn fetch(repo: &Repo, remote: &str, branches: bool, notes: bool) -> Result<Reach> {
    let mut args: Vec<String> = ["fetch", "--quiet", "--no-write-fetch-head", remote]
        .map(String::from)
        .to_vec();
    if notes {
        // Naming a refspec replaces the configured ones, so they are named too.
        if branches {
            args.extend(repo.remote_refspecs(remote, false)?);
        }
        let refspec = fetch_refspec(remote);
        if !args.contains(&refspec) {
            args.push(refspec);
        }
    } else if !branches {
        return Ok(Reach::Answered);
    }
    let progress = ui::progress(format!("Fetching '{remote}'"));
    let ran = command::capture(&run_dir(repo), &args)?;
    progress.done(ran.success);
    Ok(if ran.success {
        failpoint::hit("sync:fetched");
        Reach::Answered
    } else {
        Reach::Unreachable(first_line(&ran.stderr))
    })
}

/// What a merge changed in this clone's notes.
#[derive(Debug, Default)]
pub struct Merged {
    /// Hotfixes this clone did not have.
    pub received: usize,
    /// Hotfixes whose document changed.
    pub updated: usize,
    /// Hotfixes this clone had that now carry another id.
    pub renumbered: Vec<Renumbered>,
    /// Notes received or changed by the merge that are refused (too large, malformed, past a
    /// limit): kept in the notes as they are, never used.
    pub refused: Vec<BadNote>,
    /// Ids still shared by several hotfixes, for want of a free number.
    pub left_shared: Vec<String>,
}

impl Merged {
    fn add(&mut self, other: Merged) {
        self.received += other.received;
        self.updated += other.updated;
        self.renumbered.extend(other.renumbered);
        self.refused.extend(other.refused);
        self.left_shared.extend(other.left_shared);
    }
}

/// Merges the fetched notes of `remote` into `refs/notes/hotfix` and renumbers colliding ids.
pub fn merge(repo: &Repo, remote: &str) -> Result<Merged> {
    let tracking = tracking_ref(remote);
    let ours = repo.ref_commit(NOTES_REF)?;
    let theirs = repo.ref_commit(&tracking)?;
    if ours.is_none() && theirs.is_none() {
        return Ok(Merged::default());
    }
    let before = match ours {
        Some(commit) => repo.notes_at(commit)?,
        None => NotesTree::new(),
    };
    let remote_notes = match theirs {
        Some(commit) => repo.notes_at(commit)?,
        None => NotesTree::new(),
    };
    // `head`: an existing commit holding exactly `notes`; none when a merge must be written.
    let (mut notes, head, parents) = match (ours, theirs) {
        (_, None) => (before.clone(), ours, ours.into_iter().collect()),
        (None, Some(t)) => (remote_notes.clone(), Some(t), vec![t]),
        (Some(o), Some(t)) if repo.is_ancestor(t, o)? => (before.clone(), Some(o), vec![o]),
        (Some(o), Some(t)) if repo.is_ancestor(o, t)? => (remote_notes.clone(), Some(t), vec![t]),
        (Some(o), Some(t)) => {
            let base = match repo.merge_base(o, t)? {
                Some(base) => repo.notes_at(base)?,
                None => NotesTree::new(),
            };
            let notes = merge_notes(repo, remote, &base, &before, &remote_notes)?;
            (notes, None, vec![o, t])
        }
    };

    // Every note is read (and checked) once; a refused one takes no part in the ids.
    let mut hotfixes = Vec::new();
    let mut refused = Vec::new();
    for (&anchor, &blob) in &notes {
        match store::read_note(repo, anchor, blob)? {
            Ok(meta) => hotfixes.push(Hotfix { anchor, meta }),
            Err(error) if before.get(&anchor) != Some(&blob) => refused.push(BadNote {
                anchor,
                error,
                branch: None,
            }),
            Err(_) => {}
        }
    }
    let by = repo.identity().unwrap_or_else(|_| "git-hotfix".to_string());
    let protected = protected(repo, &hotfixes, &notes, &remote_notes)?;
    let renumbering = merge::renumber_collisions(&mut hotfixes, &protected, &by);
    let collisions = &renumbering.renumbered;
    let index: HashMap<ObjectId, usize> = hotfixes
        .iter()
        .enumerate()
        .map(|(i, h)| (h.anchor, i))
        .collect();
    for renumbered in collisions {
        if let Some(&i) = index.get(&renumbered.anchor) {
            let hotfix = &hotfixes[i];
            let blob = repo.write_blob(store::to_json(&hotfix.meta).as_bytes())?;
            notes.insert(hotfix.anchor, blob);
        }
    }

    let head = match head {
        Some(head) if collisions.is_empty() => head,
        _ => {
            let mut message = if parents.len() == 2 {
                format!("Merge hotfix notes from '{remote}'\n")
            } else {
                "Renumber hotfixes that shared an id\n".to_string()
            };
            for r in collisions {
                message.push_str(&format!(
                    "\nRenumber {} ({}) to {}: {}",
                    r.from,
                    r.branch,
                    r.to,
                    r.reason()
                ));
            }
            repo.write_notes_commit(&notes, &parents, &message)?
        }
    };
    if Some(head) != ours && !repo.set_ref_if(NOTES_REF, head, ours, "hotfix sync: merge")? {
        return Err(
            Error::refused(format!("{NOTES_REF} changed while it was being synced"))
                .hint("run 'git hotfix sync' again"),
        );
    }
    failpoint::hit("sync:merged");
    let mut merged = changes(repo, &before, &notes, &hotfixes)?;
    merged.refused = refused;
    merged.left_shared = renumbering.left_shared;
    Ok(merged)
}

/// The hotfixes whose id a note from elsewhere cannot take (see
/// [`merge::renumber_collisions`]): among those sharing an id with another, the ones this
/// clone started that the remote already holds under that id. Reads only those notes.
fn protected(
    repo: &Repo,
    hotfixes: &[Hotfix],
    notes: &NotesTree,
    remote_notes: &NotesTree,
) -> Result<HashSet<ObjectId>> {
    let mut holders: HashMap<String, usize> = HashMap::new();
    for hotfix in hotfixes {
        *holders
            .entry(hotfix.meta.hotfix_id.to_ascii_uppercase())
            .or_default() += 1;
    }
    let contested: Vec<&Hotfix> = hotfixes
        .iter()
        .filter(|h| holders[&h.meta.hotfix_id.to_ascii_uppercase()] > 1)
        .collect();
    if contested.is_empty() {
        return Ok(HashSet::new());
    }
    let owned = store::owned(repo)?;
    let mut protected = HashSet::new();
    for hotfix in contested.into_iter().filter(|h| owned.contains(&h.anchor)) {
        let Some(&shared) = remote_notes.get(&hotfix.anchor) else {
            continue;
        };
        let published = notes.get(&hotfix.anchor) == Some(&shared)
            || store::read_note(repo, hotfix.anchor, shared)?
                .is_ok_and(|there| there.hotfix_id.eq_ignore_ascii_case(&hotfix.meta.hotfix_id));
        if published {
            protected.insert(hotfix.anchor);
        }
    }
    Ok(protected)
}

/// Merges the notes of both sides note by note against their common ancestor's.
fn merge_notes(
    repo: &Repo,
    remote: &str,
    base: &NotesTree,
    ours: &NotesTree,
    theirs: &NotesTree,
) -> Result<NotesTree> {
    let mut merged = NotesTree::new();
    let anchors: std::collections::BTreeSet<ObjectId> =
        ours.keys().chain(theirs.keys()).copied().collect();
    for anchor in anchors {
        let (b, o, t) = (base.get(&anchor), ours.get(&anchor), theirs.get(&anchor));
        let pick = match (o, t) {
            _ if o == t || b == t => o.copied(),
            _ if b == o => t.copied(),
            (Some(&o), Some(&t)) => Some(merge_note(repo, remote, anchor, b.copied(), o, t)?),
            // Edited on one side, removed on the other: the edit is kept.
            (Some(&kept), None) | (None, Some(&kept)) => Some(kept),
            (None, None) => None,
        };
        if let Some(blob) = pick {
            merged.insert(anchor, blob);
        }
    }
    Ok(merged)
}

/// Merges one note both sides changed, field by field.
fn merge_note(
    repo: &Repo,
    remote: &str,
    anchor: ObjectId,
    base: Option<ObjectId>,
    ours: ObjectId,
    theirs: ObjectId,
) -> Result<ObjectId> {
    // A version larger than a note may be is not read: the other one is kept.
    let json = |blob: ObjectId| -> Result<std::result::Result<Value, String>> {
        Ok(match repo.read_blob_at_most(blob, MAX_NOTE_BYTES)? {
            Ok(text) => serde_json::from_slice(&text).map_err(|_| "is not valid JSON".into()),
            Err(size) => Err(format!(
                "is {size} bytes, larger than the {MAX_NOTE_BYTES} a note may be"
            )),
        })
    };
    let (o, t) = match (json(ours)?, json(theirs)?) {
        (Ok(o), Ok(t)) => (o, t),
        (Err(why), Ok(_)) => {
            ui::warn(format!(
                "the note on {anchor} changed here and on '{remote}', and this clone's version {why}: kept the version of '{remote}'"
            ));
            return Ok(theirs);
        }
        (_, Err(why)) => {
            ui::warn(format!(
                "the note on {anchor} changed here and on '{remote}', and the version of '{remote}' {why}: kept this clone's version (the other stays in the history of {})",
                tracking_ref(remote)
            ));
            return Ok(ours);
        }
    };
    let base = match base {
        Some(blob) => json(blob)?.ok(),
        None => None,
    };
    let merged = merge::merge_documents(base.as_ref(), &o, &t);
    let compact = merged.to_string();
    let text = match store::parse(anchor, compact.as_bytes()) {
        Ok(meta) => store::to_json(&meta),
        // Refused, but kept whole: laid out for reading unless that makes it too large.
        Err(_) => Some(format!("{merged:#}\n"))
            .filter(|pretty| pretty.len() <= MAX_NOTE_BYTES)
            .unwrap_or(compact),
    };
    repo.write_blob(text.as_bytes())
}

/// What changed from `before` to `after`, with the hotfixes of `after`.
fn changes(
    repo: &Repo,
    before: &NotesTree,
    after: &NotesTree,
    hotfixes: &[Hotfix],
) -> Result<Merged> {
    let by_anchor: HashMap<ObjectId, &Hotfix> = hotfixes.iter().map(|h| (h.anchor, h)).collect();
    let mut by_id: HashMap<&str, &Hotfix> = HashMap::new();
    for hotfix in hotfixes {
        by_id
            .entry(hotfix.meta.hotfix_id.as_str())
            .or_insert(hotfix);
    }
    let mut merged = Merged::default();
    for (anchor, blob) in after {
        let Some(old) = before.get(anchor) else {
            merged.received += 1;
            continue;
        };
        if old == blob {
            continue;
        }
        merged.updated += 1;
        let (Ok(old), Some(new)) = (
            store::read_note(repo, *anchor, *old)?,
            by_anchor.get(anchor),
        ) else {
            continue;
        };
        if old.hotfix_id != new.meta.hotfix_id {
            let keeper = by_id.get(old.hotfix_id.as_str());
            merged.renumbered.push(Renumbered {
                anchor: *anchor,
                from: old.hotfix_id,
                to: new.meta.hotfix_id.clone(),
                branch: new.meta.branch.clone(),
                kept_by: keeper
                    .map_or_else(|| "another hotfix".to_string(), |h| h.meta.branch.clone()),
                earlier: keeper.is_none_or(|h| h.meta.created <= new.meta.created),
            });
        }
    }
    Ok(merged)
}

/// How a push ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// The remote already had this clone's notes (or there are none).
    UpToDate,
    Pushed,
    Unreachable(String),
}

/// Pushes `refs/notes/hotfix` as a fast-forward. When someone pushed meanwhile, fetches,
/// merges (into `merged`) and tries again, at most [`MAX_ATTEMPTS`] times.
pub fn push(repo: &Repo, remote: &str, merged: &mut Merged) -> Result<Pushed> {
    let tracking = tracking_ref(remote);
    let refspec = format!("{NOTES_REF}:{NOTES_REF}");
    for _ in 0..MAX_ATTEMPTS {
        let Some(ours) = repo.ref_commit(NOTES_REF)? else {
            return Ok(Pushed::UpToDate);
        };
        let known = repo.ref_commit(&tracking)?;
        if known == Some(ours) {
            return Ok(Pushed::UpToDate);
        }
        let progress = ui::progress(format!("Pushing the hotfix notes to '{remote}'"));
        let ran = command::capture(&run_dir(repo), &["push", "--quiet", remote, &refspec])?;
        progress.done(ran.success);
        if ran.success {
            failpoint::hit("sync:pushed");
            repo.set_ref(&tracking, ours, "hotfix sync: pushed")?;
            return Ok(Pushed::Pushed);
        }
        if let Reach::Unreachable(reason) = fetch(repo, remote, false, true)? {
            return Ok(Pushed::Unreachable(reason));
        }
        if repo.ref_commit(&tracking)? == known {
            // The remote answered and did not move: the push was refused for another reason.
            return Err(Error::refused(format!(
                "'{remote}' refused the hotfix notes: {}",
                first_line(&ran.stderr)
            ))
            .hint(format!(
                "see why with 'git push {remote} {refspec}', then run 'git hotfix sync' again"
            )));
        }
        merged.add(merge(repo, remote)?);
    }
    Err(Error::refused(format!(
        "the hotfix notes on '{remote}' kept changing while they were pushed ({MAX_ATTEMPTS} attempts)"
    ))
    .hint("run 'git hotfix sync' again in a moment"))
}

/// Syncs after a command changed the notes: `start`, `finish`, `cancel` and `rollback` call
/// it when they are done. Does nothing with `--no-sync`, `hotfix.autoSync=false` or no
/// remote; offline, or on any failure, one warning says a sync is due. Never fails: the
/// command's own work is already recorded locally.
pub fn auto(repo: &Repo, args: AutoArgs) {
    let remote = match auto_remote(repo, args) {
        Ok(Some(remote)) => remote,
        Ok(None) => return,
        Err(err) => return ui::warn(err.message),
    };
    match fetch(repo, &remote, false, true) {
        Ok(Reach::Answered) => share(repo, &remote),
        Ok(Reach::Unreachable(reason)) => warn_sync_due(&remote, &reason),
        Err(err) => warn_sync_due(&remote, &err.message),
    }
}

/// The rest of [`auto`] once the notes were fetched (`start` fetches them with the
/// branches): merge, push, and warn about what the user must know.
pub fn share(repo: &Repo, remote: &str) {
    let outcome = merge(repo, remote).and_then(|mut merged| {
        let pushed = push(repo, remote, &mut merged)?;
        Ok((merged, pushed))
    });
    match outcome {
        Ok((merged, pushed)) => {
            report_refused(&merged);
            report_renumbered(&merged.renumbered);
            if let Pushed::Unreachable(reason) = pushed {
                warn_sync_due(remote, &reason);
            }
        }
        Err(err) => warn_sync_due(remote, &err.message),
    }
}

/// The one line an offline command prints.
pub fn warn_sync_due(remote: &str, reason: &str) {
    ui::warn(format!(
        "could not sync the hotfix notes with '{remote}' ({reason}); they are saved here, run 'git hotfix sync' when it answers"
    ));
}

/// Warns about the notes a merge received that are refused, and ids it could not separate.
pub fn report_refused(merged: &Merged) {
    for bad in &merged.refused {
        ui::warn(&bad.error.message);
    }
    if let Some(bad) = merged.refused.first()
        && let Some(hint) = bad.error.hints.first()
    {
        ui::hint(hint);
    }
    for id in &merged.left_shared {
        ui::warn(format!(
            "{id} is held by more than one hotfix, and no id is left to give one of them; see them with 'git hotfix list --all'"
        ));
    }
}

/// Tells the user about their hotfixes that were given a new id.
pub fn report_renumbered(renumbered: &[Renumbered]) {
    for r in renumbered {
        ui::warn(format!(
            "{} ({}) is now {}: {}",
            r.from,
            r.branch,
            r.to,
            r.reason()
        ));
    }
    if let [r, ..] = renumbered {
        ui::hint(format!(
            "commits that name {} stay valid; name {} in new ones",
            r.from, r.to
        ));
    }
}

/// Adds the notes refspecs to the remote's config (idempotent); the added lines.
pub fn setup(repo: &Repo, remote: &str) -> Result<Vec<(String, String)>> {
    let mut added = Vec::new();
    let fetch_key = format!("remote.{remote}.fetch");
    let fetch = fetch_refspec(remote);
    if repo.add_config_value(&fetch_key, &fetch)? {
        added.push((fetch_key, fetch));
    }
    let push_key = format!("remote.{remote}.push");
    let pushes = repo.remote_refspecs(remote, true)?;
    if !pushes.iter().any(|p| p == PUSH_REFSPEC) {
        // Any push refspec replaces push.default for a plain `git push`: keep the branch.
        if pushes.is_empty() && repo.add_config_value(&push_key, "HEAD")? {
            added.push((push_key.clone(), "HEAD".to_string()));
        }
        if repo.add_config_value(&push_key, PUSH_REFSPEC)? {
            added.push((push_key, PUSH_REFSPEC.to_string()));
        }
    }
    Ok(added)
}

/// Where git runs: the work tree, or the repository itself when it is bare.
fn run_dir(repo: &Repo) -> PathBuf {
    repo.work_tree()
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo.common_dir())
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no reason given")
        .to_string()
}
