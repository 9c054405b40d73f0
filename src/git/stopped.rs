//! What a git command that stopped for the user left in the work tree (a merge, revert or
//! cherry-pick waiting for conflicts to be resolved), and whether the index holds anything to
//! commit: what the operations behind `--continue`, `--skip` and `--abort` read to go on, drop
//! a step or undo it without repeating or losing anything.

use git2::{Oid, RepositoryState};

use super::Repo;
use crate::error::Result;

/// A git command stopped in the work tree for the user to resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// `MERGE_HEAD` exists.
    Merge,
    /// `REVERT_HEAD` exists (or a revert sequence is in progress).
    Revert,
    /// `CHERRY_PICK_HEAD` exists (or a cherry-pick sequence is in progress).
    CherryPick,
}

impl Stopped {
    /// The git subcommand that stopped, as in `git <command> --abort`.
    pub fn command(self) -> &'static str {
        match self {
            Stopped::Merge => "merge",
            Stopped::Revert => "revert",
            Stopped::CherryPick => "cherry-pick",
        }
    }
}

impl Repo {
    /// The merge, revert or cherry-pick that stopped in the work tree, if any.
    pub fn stopped(&self) -> Option<Stopped> {
        match self.raw().state() {
            RepositoryState::Merge => Some(Stopped::Merge),
            RepositoryState::Revert | RepositoryState::RevertSequence => Some(Stopped::Revert),
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                Some(Stopped::CherryPick)
            }
            _ => None,
        }
    }

    /// True when the index (as git last wrote it) differs from HEAD's tree: there is
    /// something to commit.
    pub fn index_differs_from_head(&self) -> Result<bool> {
        let mut index = self.raw().index()?;
        index.read(false)?;
        let head = self.raw().head()?.peel_to_tree()?;
        let diff = self
            .raw()
            .diff_tree_to_index(Some(&head), Some(&index), None)?;
        Ok(diff.deltas().len() > 0)
    }

    /// The whole message of a commit (lossy for non-UTF-8 messages).
    pub fn message(&self, commit: Oid) -> Result<String> {
        let commit = self.raw().find_commit(commit)?;
        Ok(String::from_utf8_lossy(commit.message_bytes()).into_owned())
    }
}
