//! The rules on the updates of one push: what each hotfix branch, the notes ref and the
//! release tags may become.

use std::collections::HashMap;

use super::Update;
use super::bypassed::{self, Waived};
use super::suite::{self, Tests};
use crate::error::{Error, Result};
use crate::git::{NotesTree, ObjectId, Repo};
use crate::policy;
use crate::store::{self, BackportRecord, Hotfix, NOTES_REF, Status};

/// A ref update the rules refuse; `anchors` are the hotfixes it concerns.
pub(super) struct Refusal {
    pub name: String,
    pub error: Error,
    pub anchors: Vec<ObjectId>,
    /// What letting it through would let through, recorded with the bypass.
    pub waived: Waived,
}

/// The hotfix notes of one notes commit.
struct Snapshot {
    hotfixes: Vec<Hotfix>,
    /// Notes that fail validation, with why.
    bad: Vec<(ObjectId, Error)>,
    blobs: NotesTree,
}

impl Snapshot {
    fn of(repo: &Repo, tip: Option<ObjectId>) -> Result<Snapshot> {
        let mut snapshot = Snapshot {
            hotfixes: Vec::new(),
            bad: Vec::new(),
            blobs: NotesTree::new(),
        };
        let Some(tip) = tip else {
            return Ok(snapshot);
        };
        snapshot.blobs = repo.notes_at(tip)?;
        for (&anchor, &blob) in &snapshot.blobs {
            match store::read_note(repo, anchor, blob)? {
                Ok(meta) => snapshot.hotfixes.push(Hotfix { anchor, meta }),
                Err(err) => snapshot.bad.push((anchor, err)),
            }
        }
        Ok(snapshot)
    }

    fn get(&self, anchor: ObjectId) -> Option<&Hotfix> {
        self.hotfixes.iter().find(|h| h.anchor == anchor)
    }
}

pub(super) fn nonzero(id: ObjectId) -> Option<ObjectId> {
    (!id.is_zero()).then_some(id)
}

/// The updates of the push the rules refuse. The notes before the push are the old side of
/// the notes ref's update when it is pushed, else the ref as it is; after the push, its new
/// side. (So it reads the same in pre-receive, before the refs move, and in post-receive.)
pub(super) fn evaluate(
    repo: &Repo,
    updates: &[Update],
    prefix: &str,
    tests: Tests,
) -> Result<Vec<Refusal>> {
    let notes_update = updates.iter().find(|u| u.name == NOTES_REF);
    let (old_tip, new_tip) = match notes_update {
        Some(update) => (nonzero(update.old), nonzero(update.new)),
        None => {
            let tip = repo.ref_target(NOTES_REF)?;
            (tip, tip)
        }
    };
    let before = Snapshot::of(repo, old_tip)?;
    let after = if new_tip == old_tip {
        None
    } else {
        Some(Snapshot::of(repo, new_tip)?)
    };
    let after_ref = after.as_ref().unwrap_or(&before);
    let mut refusals = Vec::new();
    if let Some(update) = notes_update {
        check_notes(repo, update, &before, after_ref, &mut refusals)?;
    }
    for update in updates {
        if let Some(branch) = update.name.strip_prefix("refs/heads/")
            && branch.starts_with(prefix)
            && !update.new.is_zero()
            && let Some(refusal) = check_branch(repo, update, branch, after_ref, tests)?
        {
            refusals.push(refusal);
        }
        if let Some(tag) = update.name.strip_prefix("refs/tags/")
            && !update.old.is_zero()
            && let Some(refusal) = check_tag(update, tag, &before, after_ref)
        {
            refusals.push(refusal);
        }
    }
    Ok(refusals)
}

/// The notes ref only grows: every hotfix and event the server has stays, and every note
/// added or changed reads as a valid hotfix document.
fn check_notes(
    repo: &Repo,
    update: &Update,
    before: &Snapshot,
    after: &Snapshot,
    refusals: &mut Vec<Refusal>,
) -> Result<()> {
    let refuse = |error: Error, anchors: Vec<ObjectId>| Refusal {
        name: NOTES_REF.to_string(),
        error,
        anchors,
        waived: Waived::default(),
    };
    if update.new.is_zero() {
        refusals.push(refuse(
            Error::refused(format!(
                "deleting {NOTES_REF} is refused: the hotfix notes are append-only"
            ))
            .hint("the notes are the hotfixes' audit trail; they are never deleted on the server"),
            Vec::new(),
        ));
        return Ok(());
    }
    if !update.old.is_zero() && !repo.is_ancestor(update.old, update.new)? {
        refusals.push(refuse(
            Error::refused(format!(
                "{NOTES_REF} is not a fast-forward: the server's notes are append-only"
            ))
            .hint("run 'git hotfix sync': it merges the server's notes into yours, then push"),
            Vec::new(),
        ));
    }
    for (anchor, err) in &after.bad {
        if before.blobs.get(anchor) != after.blobs.get(anchor) {
            refusals.push(refuse(
                Error::refused(format!("a pushed note fails validation: {}", err.message))
                    .hint("fix or remove the note locally, then push the notes again"),
                Vec::new(),
            ));
        }
    }
    check_bypass_records(before, after, refusals);
    for old in &before.hotfixes {
        let Some(new) = after.get(old.anchor) else {
            if !after.bad.iter().any(|(anchor, _)| *anchor == old.anchor) {
                refusals.push(refuse(
                    Error::refused(format!(
                        "the push removes {} (the note on {}) from {NOTES_REF}",
                        old.meta.hotfix_id, old.anchor
                    ))
                    .hint("a hotfix is closed with 'git hotfix cancel', never removed; run 'git hotfix sync' to get it back"),
                    vec![old.anchor],
                ));
            }
            continue;
        };
        let mut kept: HashMap<String, usize> = HashMap::new();
        for event in &new.meta.events {
            *kept.entry(event_key(event)).or_default() += 1;
        }
        let dropped = old
            .meta
            .events
            .iter()
            .filter(|event| match kept.get_mut(&event_key(event)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .count();
        if dropped > 0 {
            refusals.push(refuse(
                Error::refused(format!(
                    "the push drops {dropped} event(s) of {} that the server has",
                    old.meta.hotfix_id
                ))
                .hint("events are only ever added; run 'git hotfix sync' to merge the server's notes, then push"),
                vec![old.anchor],
            ));
        }
    }
    Ok(())
}

/// Only the server records a bypass: a pushed note may not add a `rules-bypassed` event, or a
/// pusher could claim a bypass that lets later pushes through.
fn check_bypass_records(before: &Snapshot, after: &Snapshot, refusals: &mut Vec<Refusal>) {
    for new in &after.hotfixes {
        let had = before
            .get(new.anchor)
            .map_or(0, |old| bypassed::count(&old.meta));
        if bypassed::count(&new.meta) > had {
            refusals.push(Refusal {
                name: NOTES_REF.to_string(),
                error: Error::refused(format!(
                    "the push adds a {} event to {}: only the server records a bypass",
                    super::BYPASS_EVENT,
                    new.meta.hotfix_id
                ))
                .hint("run 'git hotfix sync' to take the server's notes as they are, then push"),
                anchors: vec![new.anchor],
                waived: Waived::default(),
            });
        }
    }
}

fn event_key(event: &store::Event) -> String {
    serde_json::to_string(event).unwrap_or_default()
}

/// The rules on a pushed hotfix branch, against its open hotfix's base.
fn check_branch(
    repo: &Repo,
    update: &Update,
    branch: &str,
    notes: &Snapshot,
    tests: Tests,
) -> Result<Option<Refusal>> {
    let named: Vec<&Hotfix> = notes
        .hotfixes
        .iter()
        .filter(|h| h.meta.branch == branch)
        .collect();
    if named.is_empty() {
        if let Some((hotfix, backport)) = backported_on(notes, branch) {
            if let Some(refusal) = check_backport(repo, update, hotfix, backport)? {
                return Ok(Some(refusal));
            }
            return suite::check(repo, update, hotfix, tests);
        }
        return Ok(Some(Refusal {
            name: update.name.clone(),
            error: Error::refused(format!(
                "{} is a hotfix branch, but no hotfix note names it, on the server or in this push",
                update.name
            ))
            .hint(format!(
                "push the notes with it: 'git hotfix sync', or 'git push --atomic origin {branch} {NOTES_REF}' ('git hotfix finish' pushes both atomically)"
            )),
            anchors: Vec::new(),
            waived: Waived::default(),
        }));
    }
    let open: Vec<&&Hotfix> = named
        .iter()
        .filter(|h| h.meta.status == Status::Open)
        .collect();
    let hotfix = match open.as_slice() {
        [] => return Ok(None), // finished or cancelled: the rules applied while it was open
        [only] => only,
        several => {
            let ids: Vec<&str> = several.iter().map(|h| h.meta.hotfix_id.as_str()).collect();
            return Ok(Some(Refusal {
                name: update.name.clone(),
                error: Error::refused(format!(
                    "the open hotfixes {} all claim the branch '{branch}'",
                    ids.join(", ")
                ))
                .hint("cancel the one that is not real with 'git hotfix cancel <id> --keep-branch', sync, and push again"),
                anchors: several.iter().map(|h| h.anchor).collect(),
                waived: Waived::default(),
            }));
        }
    };
    if let Some(refusal) = check_rules(repo, update, hotfix, hotfix.meta.base())? {
        return Ok(Some(refusal));
    }
    suite::check(repo, update, hotfix, tests)
}

/// The hotfix and its backport whose branch (`hotfix/<name>-<line>`) is `branch`.
fn backported_on<'a>(
    notes: &'a Snapshot,
    branch: &str,
) -> Option<(&'a Hotfix, &'a BackportRecord)> {
    notes.hotfixes.iter().find_map(|hotfix| {
        hotfix
            .meta
            .backports
            .iter()
            .find(|backport| backport.branch == branch)
            .map(|backport| (hotfix, backport))
    })
}

/// A backport's branch holds the hotfix's fix picked onto a maintenance line: the hotfix's
/// rules hold on what it adds to the line as the server has it (headers, budget, comments).
/// The line must be on the server, or the rules have no base.
fn check_backport(
    repo: &Repo,
    update: &Update,
    hotfix: &Hotfix,
    backport: &BackportRecord,
) -> Result<Option<Refusal>> {
    let refusal = |error: Error| Refusal {
        name: update.name.clone(),
        error,
        anchors: vec![hotfix.anchor],
        waived: Waived::default(),
    };
    let line = match repo.branch_tip(&backport.target)? {
        Some(line) => line,
        None => {
            return Ok(Some(refusal(
                Error::refused(format!(
                    "{} is the backport of {} onto '{}', which the server does not have",
                    update.name, hotfix.meta.hotfix_id, backport.target
                ))
                .hint(format!(
                    "push '{}' first, then the backport",
                    backport.target
                )),
            )));
        }
    };
    match repo.merge_base(line, update.new)? {
        Some(base) => check_rules(repo, update, hotfix, base),
        None => Ok(Some(refusal(Error::refused(format!(
            "{} is the backport of {} onto '{}', but shares no history with it",
            update.name, hotfix.meta.hotfix_id, backport.target
        ))))),
    }
}

/// The rules of `hotfix` on what `update` adds to `base`.
fn check_rules(
    repo: &Repo,
    update: &Update,
    hotfix: &Hotfix,
    base: ObjectId,
) -> Result<Option<Refusal>> {
    if update.new == base {
        return Ok(None);
    }
    // Headers only on the commits the server does not have yet: those before were checked
    // (or bypassed, and recorded) when they were pushed.
    let since = match nonzero(update.old) {
        Some(old)
            if old != base
                && repo.is_ancestor(base, old)?
                && repo.is_ancestor(old, update.new)? =>
        {
            old
        }
        _ => base,
    };
    let mut verdict = policy::check_since(repo, &hotfix.meta, base, since, update.new)?;
    bypassed::forgive(&mut verdict, &hotfix.meta);
    let waived = Waived::of(&verdict);
    Ok(verdict.into_result().err().map(|error| Refusal {
        name: update.name.clone(),
        error,
        anchors: vec![hotfix.anchor],
        waived,
    }))
}

/// A tag a note records as a release (of the hotfix, of each package it released, or of one
/// of its backports).
fn check_tag(update: &Update, tag: &str, before: &Snapshot, after: &Snapshot) -> Option<Refusal> {
    let released = before.hotfixes.iter().chain(&after.hotfixes).find(|h| {
        h.meta.tag.as_deref() == Some(tag)
            || h.meta.releases.iter().any(|r| r.tag == tag)
            || h.meta
                .backports
                .iter()
                .any(|b| b.tag.as_deref() == Some(tag) || b.releases.iter().any(|r| r.tag == tag))
    })?;
    let what = if update.new.is_zero() {
        "deleted"
    } else {
        "moved"
    };
    Some(Refusal {
        name: update.name.clone(),
        error: Error::refused(format!(
            "the tag {tag} is the release of {} and cannot be {what}",
            released.meta.hotfix_id
        ))
        .hint("a release tag stays where it was released; release a new version under a new tag"),
        anchors: vec![released.anchor],
        waived: Waived::default(),
    })
}
