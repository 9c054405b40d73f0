//! Notes read and written as whole notes commits ([`NotesTree`]; a merge commit has two
//! parents, which libgit2's note API cannot make), and writing one note without overwriting
//! anyone: a compare-and-swap against what this process read. libgit2's `git_note_create`
//! re-reads the notes ref when it is called and commits on top of whatever it finds, so a note
//! another process changed between our read and our write (a second `git hotfix` in another
//! terminal, a sync, a hook, plain `git notes`) would be silently replaced. Here a write first
//! checks that the note it replaces is still the one this process read; notes of other objects
//! changed meanwhile are kept, and the ref moves only if it still points at the commit the new
//! one is built on.
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use git2::{FileMode, ObjectType, Oid, TreeWalkMode, TreeWalkResult, build::TreeUpdateBuilder};

use super::Repo;
use crate::error::{Context, Error, Result};

/// Notes of one notes commit: annotated object → note blob.
pub type NotesTree = BTreeMap<Oid, Oid>;

/// How often a write is rebuilt when other notes changed under it (never when its own did).
const ATTEMPTS: usize = 5;

/// Per notes ref: the commit last read or written (`None`: the ref did not exist) and its notes.
pub(super) type Seen = RefCell<HashMap<String, (Option<Oid>, NotesTree)>>;

impl Repo {
    /// Every note in the tree of the notes commit `commit`, whatever its fan-out (`ab/cdef…`
    /// or flat). Entries that are not notes are ignored.
    pub fn notes_at(&self, commit: Oid) -> Result<NotesTree> {
        let tree = self
            .raw()
            .find_commit(commit)
            .and_then(|c| c.tree())
            .context(|| format!("cannot read the notes commit {commit}"))?;
        let mut notes = NotesTree::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(ObjectType::Blob)
                && let Ok(name) = entry.name()
            {
                let hex: String = dir
                    .chars()
                    .filter(|&c| c != '/')
                    .chain(name.chars())
                    .collect();
                if let Ok(annotated) = Oid::from_str(&hex)
                    && hex.len() == annotated.as_bytes().len() * 2
                {
                    notes.insert(annotated, entry.id());
                }
            }
            TreeWalkResult::Ok
        })?;
        Ok(notes)
    }

    /// Writes a notes commit whose tree holds exactly `notes` (flat, which git and libgit2
    /// read like any fan-out) on top of `parents`.
    pub fn write_notes_commit(
        &self,
        notes: &NotesTree,
        parents: &[Oid],
        message: &str,
    ) -> Result<Oid> {
        let repo = self.raw();
        let mut builder = repo.treebuilder(None)?;
        for (annotated, blob) in notes {
            builder.insert(annotated.to_string(), *blob, 0o100644)?;
        }
        let tree = repo.find_tree(builder.write()?)?;
        let parents = parents
            .iter()
            .map(|id| repo.find_commit(*id))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let parents: Vec<_> = parents.iter().collect();
        let signature = self.bookkeeping_signature()?;
        Ok(repo.commit(None, &signature, &signature, message, &tree, &parents)?)
    }

    pub(super) fn saw_notes(&self, notes_ref: &str, commit: Option<Oid>, notes: NotesTree) {
        self.notes_seen
            .borrow_mut()
            .insert(notes_ref.to_string(), (commit, notes));
    }

    /// Writes (or replaces) the note on `annotated`, unless another process changed that note
    /// since this one read the notes: then nothing is written and the error says to run the
    /// command again. Without an earlier read, the note as it is now is the expected one.
    pub fn write_note(
        &self,
        notes_ref: &str,
        annotated: Oid,
        text: &str,
        message: &str,
    ) -> Result<()> {
        let seen = self
            .notes_seen
            .borrow()
            .get(notes_ref)
            .map(|(_, notes)| notes.get(&annotated).copied());
        let expected = match seen {
            Some(expected) => expected,
            None => match self.ref_commit(notes_ref)? {
                Some(tip) => self.note_blob_at(tip, annotated)?,
                None => None,
            },
        };
        let blob = self.write_blob(text.as_bytes())?;
        for _ in 0..ATTEMPTS {
            let tip = self.ref_commit(notes_ref)?;
            let current = match tip {
                Some(tip) => self.note_blob_at(tip, annotated)?,
                None => None,
            };
            if current != expected {
                return Err(Error::refused(format!(
                    "the note on {annotated} in {notes_ref} was changed by another command while this one ran; it was not overwritten"
                ))
                .hint(format!(
                    "run the command again to work on the current version (see it with 'git notes --ref={} show {annotated}')",
                    notes_ref.strip_prefix("refs/notes/").unwrap_or(notes_ref)
                )));
            }
            let commit = self
                .note_commit(tip, annotated, blob, message)
                .context(|| format!("cannot write the note on {annotated} in {notes_ref}"))?;
            if self.set_ref_if(notes_ref, commit, tip, "notes: write a hotfix note")? {
                let mut seen = self.notes_seen.borrow_mut();
                let entry = seen
                    .entry(notes_ref.to_string())
                    .or_insert_with(|| (None, NotesTree::new()));
                entry.0 = Some(commit);
                entry.1.insert(annotated, blob);
                return Ok(());
            }
        }
        Err(Error::refused(format!(
            "{notes_ref} kept changing while the note on {annotated} was written ({ATTEMPTS} attempts)"
        ))
        .hint("run the command again in a moment"))
    }

    /// The note blob on `annotated` in the notes commit `tip`, wherever git's fan-out put it
    /// (`abcd…`, `ab/cd…`, `ab/cd/ef…`).
    /// The blob of the note on `annotated` in the notes commit `tip`, if it has one.
    pub fn note_blob_at(&self, tip: Oid, annotated: Oid) -> Result<Option<Oid>> {
        let tree = self.raw().find_commit(tip)?.tree()?;
        Ok(note_paths(annotated)
            .iter()
            .find_map(|path| tree.get_path(std::path::Path::new(path)).ok())
            .map(|entry| entry.id()))
    }

    /// A notes commit on top of `parent` with the note on `annotated` set to `blob` (replacing
    /// it at whatever fan-out path it had), every other note as it is.
    fn note_commit(
        &self,
        parent: Option<Oid>,
        annotated: Oid,
        blob: Oid,
        message: &str,
    ) -> Result<Oid> {
        let repo = self.raw();
        let parent = parent.map(|id| repo.find_commit(id)).transpose()?;
        let base = match &parent {
            Some(commit) => commit.tree()?,
            None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
        };
        // Written flat (git reads any fan-out), the old one removed wherever it was.
        let mut update = TreeUpdateBuilder::new();
        for path in note_paths(annotated).into_iter().skip(1) {
            if base.get_path(std::path::Path::new(&path)).is_ok() {
                update.remove(path);
            }
        }
        update.upsert(annotated.to_string(), blob, FileMode::Blob);
        let tree = repo.find_tree(update.create_updated(repo, &base)?)?;
        let signature = self.bookkeeping_signature()?;
        let parents: Vec<_> = parent.iter().collect();
        Ok(repo.commit(None, &signature, &signature, message, &tree, &parents)?)
    }
}

/// Every path a note on `annotated` can have in a notes tree (flat first, then each fan-out
/// depth git may use).
fn note_paths(annotated: Oid) -> Vec<String> {
    let hex = annotated.to_string();
    (0..hex.len() / 2)
        .map(|levels| {
            let mut path = String::new();
            for level in 0..levels {
                path.push_str(&hex[level * 2..level * 2 + 2]);
                path.push('/');
            }
            path.push_str(&hex[levels * 2..]);
            path
        })
        .collect()
}
