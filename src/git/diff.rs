//! What a hotfix changes: per-file statistics and added lines between two commits, read
//! tree to tree in-process (unchanged subtrees are skipped by id, so the cost follows the size
//! of the change, not of the repository).

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Patch};

use super::Repo;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    Renamed,
    Copied,
    TypeChanged,
}

/// One changed file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileChange {
    pub path: String,
    /// The path before a rename or copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    pub kind: ChangeKind,
    pub binary: bool,
    pub insertions: usize,
    pub deletions: usize,
    /// True when the change disappears if whitespace is ignored.
    pub whitespace_only: bool,
    /// The text of the added lines (empty for binary files).
    #[serde(skip)]
    pub added_lines: Vec<String>,
}

/// A commit as the rules see it.
pub struct CommitInfo {
    pub id: Oid,
    pub parents: usize,
    /// The raw message bytes (git does not require UTF-8).
    pub message: Vec<u8>,
}

impl Repo {
    /// Every file changed from `base` to `head`, with renames detected.
    pub fn changed_files(&self, base: Oid, head: Oid) -> Result<Vec<FileChange>> {
        let repo = self.raw();
        let old = repo.find_commit(base)?.tree()?;
        let new = repo.find_commit(head)?.tree()?;
        let mut diff = repo.diff_tree_to_tree(Some(&old), Some(&new), None)?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
        let mut options = DiffOptions::new();
        options.ignore_whitespace(true);
        let mut ignoring_space =
            repo.diff_tree_to_tree(Some(&old), Some(&new), Some(&mut options))?;
        ignoring_space.find_similar(Some(DiffFindOptions::new().renames(true)))?;
        let mut substantive = std::collections::HashSet::new();
        for index in 0..ignoring_space.deltas().len() {
            if let Some(patch) = Patch::from_diff(&ignoring_space, index)? {
                let (_, additions, deletions) = patch.line_stats()?;
                if (additions + deletions > 0 || patch.delta().flags().is_binary())
                    && let Some(path) = patch.delta().new_file().path()
                {
                    substantive.insert(path.to_path_buf());
                }
            }
        }

        let mut changes = Vec::new();
        for index in 0..diff.deltas().len() {
            let Some(patch) = Patch::from_diff(&diff, index)? else {
                continue;
            };
            let delta = patch.delta();
            let new_path = delta.new_file().path().or(delta.old_file().path());
            let path = new_path
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            let old_path = delta
                .old_file()
                .path()
                .map(|p| p.to_string_lossy().into_owned())
                .filter(|old| *old != path);
            let kind = match delta.status() {
                Delta::Added | Delta::Untracked => ChangeKind::Added,
                Delta::Deleted => ChangeKind::Deleted,
                Delta::Renamed => ChangeKind::Renamed,
                Delta::Copied => ChangeKind::Copied,
                Delta::Typechange => ChangeKind::TypeChanged,
                _ => ChangeKind::Modified,
            };
            let binary = delta.flags().is_binary();
            let (_, insertions, deletions) = patch.line_stats()?;
            let mut added_lines = Vec::new();
            for hunk in 0..patch.num_hunks() {
                for line in 0..patch.num_lines_in_hunk(hunk)? {
                    let line = patch.line_in_hunk(hunk, line)?;
                    if line.origin() == '+' {
                        let text = String::from_utf8_lossy(line.content());
                        added_lines.push(text.trim_end_matches(['\n', '\r']).to_string());
                    }
                }
            }
            let whitespace_only = insertions + deletions > 0
                && !binary
                && new_path.is_some_and(|p| !substantive.contains(p));
            changes.push(FileChange {
                path,
                old_path,
                kind,
                binary,
                insertions,
                deletions,
                whitespace_only,
                added_lines,
            });
        }
        Ok(changes)
    }

    /// The commits of `base..head`, oldest first, with their raw messages.
    pub fn commit_infos(&self, base: Oid, head: Oid) -> Result<Vec<CommitInfo>> {
        let mut ids = self.commits_between(base, head)?;
        ids.reverse();
        ids.into_iter()
            .map(|id| {
                let commit = self.raw().find_commit(id)?;
                Ok(CommitInfo {
                    id,
                    parents: commit.parent_count(),
                    message: commit.message_bytes().to_vec(),
                })
            })
            .collect()
    }

    /// The tree id of a commit.
    pub fn tree_of(&self, commit: Oid) -> Result<Oid> {
        Ok(self.raw().find_commit(commit)?.tree_id())
    }
}

impl Repo {
    /// The content of `path` in `commit`'s tree; `None` when there is no such file.
    pub fn file_at(&self, commit: Oid, path: &str) -> Result<Option<Vec<u8>>> {
        let tree = self.raw().find_commit(commit)?.tree()?;
        let Ok(entry) = tree.get_path(std::path::Path::new(path)) else {
            return Ok(None);
        };
        match entry.to_object(self.raw())?.into_blob() {
            Ok(blob) => Ok(Some(blob.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// Files that are modified, staged or untracked (not ignored) in the work tree.
    pub fn work_tree_differs(&self) -> Result<bool> {
        let mut options = git2::StatusOptions::new();
        options
            .include_untracked(true)
            .include_ignored(false)
            .exclude_submodules(true);
        Ok(!self.raw().statuses(Some(&mut options))?.is_empty())
    }
}
