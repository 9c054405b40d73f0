//! `--abort` (and `--skip` for one step's refs) without losing what the user did meanwhile.
//! As git's sequencer does with its abort-safety check, a ref is rewound only if it still
//! holds the value the operation left there, or the operation's own work (the user completed
//! it by hand, or a step made it before being killed: [`Moved`]); a ref the user moved is
//! kept where it is, and what it held before the operation
//! is saved under `refs/hotfix-backup/` for the user to go back to. The notes are the one
//! ref many commands write: there, only the operation's own events are taken back, and what
//! was recorded or fetched meanwhile stays.

use std::collections::HashSet;

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::store::{self, NOTES_REF};

use super::{Backup, Head, Operation, Procedure, detach, remove_namespace, reset_stopped, step};

/// Where the values of refs the user moved are saved, by their name under `refs/`.
const SAVED_PREFIX: &str = "refs/hotfix-backup/";

/// A ref the operation finds elsewhere than where it last left it.
pub struct Moved<'a, S> {
    pub refname: &'a str,
    /// Where the operation last left it (`None`: it did not exist).
    pub left: Option<ObjectId>,
    /// Where it is now (`None`: deleted).
    pub now: Option<ObjectId>,
    /// The step that had not completed when the operation stopped or was killed.
    pub step: Option<&'a S>,
}

impl<S: PartialEq> Moved<'_, S> {
    /// True when `step` is the step in flight.
    pub fn during(&self, step: &S) -> bool {
        self.step == Some(step)
    }

    /// One commit on top of where the operation left the ref, with the message a step
    /// writes (`message`, maybe followed by trailers a hook added): a version commit, or the
    /// notes commit of the record (`HOTFIX-001: finished`), where a note the user wrote
    /// meanwhile would name another event.
    pub fn is_commit_on_left(&self, repo: &Repo, message: &str) -> bool {
        match (self.left, self.now) {
            (Some(left), Some(now)) => {
                repo.parents(now).is_ok_and(|parents| parents == [left])
                    && repo
                        .message(now)
                        .is_ok_and(|actual| step::message_is(&actual, message))
            }
            _ => false,
        }
    }

    /// A ref the operation creates, found created on `target` (a tag `Run::tag_once` made).
    pub fn is_created_on(&self, repo: &Repo, target: ObjectId) -> bool {
        self.left.is_none()
            && self.now.is_some()
            && repo.ref_commit(self.refname).ok().flatten() == Some(target)
    }
}

/// What putting one ref back did.
pub(super) enum Put {
    /// Back where it was before the operation.
    Restored,
    /// The notes: the operation's own events were taken back; `kept` events recorded
    /// meanwhile stay.
    NotesMerged { kept: usize },
    /// The user moved it: kept at `now`; what it held before is saved as `saved`.
    Kept {
        now: Option<ObjectId>,
        saved: Option<String>,
    },
}

impl<P: Procedure> Operation<P> {
    /// Puts everything back as it was before `begin`, except what the user did meanwhile:
    /// resets a stopped merge, revert or cherry-pick, puts back every ref, checks out where
    /// HEAD was, removes the operation's refs, and says what it kept. Safe to run again if it
    /// is interrupted itself.
    pub(super) fn abort(self, repo: &Repo) -> Result<()> {
        reset_stopped(repo)?;
        detach(repo)?;
        let mut kept = Vec::new();
        let mut recorded_meanwhile = None;
        for backup in &self.backups {
            match self.put_back(repo, backup, "--abort")? {
                Put::Restored => {}
                Put::NotesMerged { kept } => recorded_meanwhile = Some(kept),
                Put::Kept { now, saved } => {
                    kept.push(describe_kept(repo, &backup.refname, now, saved.as_deref()))
                }
            }
        }
        step::check_out_head(repo, &self.head).map_err(|err| {
            Error::refused("the refs are put back, but HEAD cannot be checked out again")
                .hint(err.message)
                .hint(format!(
                    "set your changes aside ('git stash'), then run 'git hotfix {} --abort' again",
                    self.kind
                ))
        })?;
        remove_namespace(repo)?;
        let back = match &self.head {
            Head::Branch(branch) => format!("'{branch}' is checked out"),
            Head::Detached(commit) => format!("HEAD is at {commit} again"),
        };
        let notes = match recorded_meanwhile {
            None => String::new(),
            Some(events) => {
                format!(" (the notes keep the {events} event(s) recorded while it was stopped)")
            }
        };
        if kept.is_empty() {
            println!(
                "Aborted the {} of {}: every branch, tag and note is back where it was{notes}, and {back}.",
                self.kind, self.subject
            );
        } else {
            println!(
                "Aborted the {} of {}: what it changed is undone{notes} and {back}, but {} ref(s) you moved meanwhile are kept:",
                self.kind,
                self.subject,
                kept.len()
            );
            for line in kept {
                println!("  {line}");
            }
        }
        Ok(())
    }

    /// Puts back the refs `which` picks; says what it kept, a line each.
    pub(super) fn put_all_back(
        &self,
        repo: &Repo,
        which: impl Fn(&Backup) -> bool,
        flag: &str,
    ) -> Result<Vec<String>> {
        let mut kept = Vec::new();
        for backup in self.backups.iter().filter(|b| which(b)) {
            if let Put::Kept { now, saved } = self.put_back(repo, backup, flag)? {
                kept.push(describe_kept(repo, &backup.refname, now, saved.as_deref()));
            }
        }
        Ok(kept)
    }

    /// Puts `backup`'s ref back to its value before the operation, unless the user moved it.
    pub(super) fn put_back(&self, repo: &Repo, backup: &Backup, flag: &str) -> Result<Put> {
        let now = repo.ref_target(&backup.refname)?;
        let moved = Moved {
            refname: &backup.refname,
            left: backup.left,
            now,
            step: self.steps.get(self.done),
        };
        let ours = now == backup.left || self.data.completes(repo, &moved);
        if ours {
            self.restore(repo, backup, flag)?;
            return Ok(Put::Restored);
        }
        if backup.refname == NOTES_REF
            && let (Some(target), Some(left), Some(now)) = (backup.target, backup.left, now)
        {
            // The step in flight may have recorded before it was killed, and the user written
            // on top since: that record is the operation's too.
            let after = repo.first_parent_child(now, left)?;
            let recorded = after.filter(|&after| {
                let first = Moved {
                    now: Some(after),
                    ..moved
                };
                self.data.completes(repo, &first)
            });
            let kept = self.take_back_own_events(repo, target, recorded.unwrap_or(left))?;
            return Ok(Put::NotesMerged { kept });
        }
        let saved = match backup.target {
            Some(target) => {
                let name = format!(
                    "{SAVED_PREFIX}{}",
                    backup.refname.trim_start_matches("refs/")
                );
                repo.set_ref(
                    &name,
                    target,
                    &format!("hotfix {} {flag}: kept {}", self.kind, backup.refname),
                )?;
                Some(name)
            }
            None => None,
        };
        Ok(Put::Kept { now, saved })
    }

    /// The notes moved since the operation left them (an event recorded for the hotfix, a
    /// sync): the subject's note goes back to what it was before the operation plus the
    /// events recorded since the operation last wrote, on top of the notes as they are now,
    /// so nothing recorded meanwhile, for this hotfix or any other, is lost.
    fn take_back_own_events(&self, repo: &Repo, before: ObjectId, left: ObjectId) -> Result<usize> {
        let current = store::reload(repo, &self.subject)?;
        let anchor = current.anchor;
        let (Some(original), Some(as_left)) = (
            store::read_at(repo, before, anchor)?,
            store::read_at(repo, left, anchor)?,
        ) else {
            return Ok(0);
        };
        let mut restored = current;
        let meanwhile = added(&as_left.events, &restored.meta.events);
        // A test run recorded meanwhile stays with its event (`tests-passed`).
        let tests = added(&as_left.tests, &restored.meta.tests);
        let kept = meanwhile.len();
        restored.meta = original;
        restored.meta.events.extend(meanwhile);
        restored.meta.tests.extend(tests);
        store::write(repo, &restored)?;
        Ok(kept)
    }
}

/// What `now` has that `then` had not, in order; records compared whole, so two differ if
/// anything in them does.
fn added<T: Clone + serde::Serialize>(then: &[T], now: &[T]) -> Vec<T> {
    let key = |record: &T| serde_json::to_string(record).unwrap_or_default();
    let seen: HashSet<String> = then.iter().map(key).collect();
    now.iter()
        .filter(|record| !seen.contains(&key(record)))
        .cloned()
        .collect()
}

fn describe_kept(repo: &Repo, refname: &str, now: Option<ObjectId>, saved: Option<&str>) -> String {
    let name = refname
        .strip_prefix("refs/heads/")
        .or_else(|| refname.strip_prefix("refs/tags/"))
        .unwrap_or(refname);
    let at = match now {
        Some(now) => format!("kept at {}", repo.short_id(now)),
        None => "kept deleted".to_string(),
    };
    match saved {
        Some(saved) => format!("'{name}' {at}; what it held before is saved as {saved}"),
        None => format!("'{name}' {at}; it did not exist before"),
    }
}
