//! What a hotfix changes: per-file statistics and added lines between two commits, read
//! tree to tree in-process (unchanged subtrees are skipped by id, so the cost follows the size
//! of the change, not of the repository).

use std::collections::BTreeMap;

use git2::{Delta, DiffFindOptions, DiffOptions, ObjectType, Oid, Patch, Tree};

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
    /// The text of the deleted lines (empty for binary files).
    #[serde(skip)]
    pub deleted_lines: Vec<String>,
}

/// Collects the paths of blobs that differ between two trees, in content or in mode (an
/// executable bit, a file turned into a symlink), skipping subtrees whose ids are equal.
/// Entries are looked up by name, so a directory of many files costs no more than its size.
pub(super) fn changed_paths(
    repo: &git2::Repository,
    old: Option<&Tree>,
    new: Option<&Tree>,
    prefix: &str,
    out: &mut Vec<String>,
) -> Result<()> {
    type Entry = (Oid, i32, Option<ObjectType>);
    let entries = |tree: Option<&Tree>| -> BTreeMap<Vec<u8>, Entry> {
        tree.map(|t| {
            t.iter()
                .map(|e| (e.name_bytes().to_vec(), (e.id(), e.filemode(), e.kind())))
                .collect()
        })
        .unwrap_or_default()
    };
    let (old_entries, new_entries) = (entries(old), entries(new));
    let mut names: Vec<&Vec<u8>> = old_entries.keys().chain(new_entries.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (before, after) = (old_entries.get(name), new_entries.get(name));
        if before == after {
            continue;
        }
        let path = format!("{prefix}{}", String::from_utf8_lossy(name));
        let subtree = |side: Option<&Entry>| -> Result<Option<Tree<'_>>> {
            match side {
                Some((id, _, Some(ObjectType::Tree))) => Ok(Some(repo.find_tree(*id)?)),
                _ => Ok(None),
            }
        };
        let (old_tree, new_tree) = (subtree(before)?, subtree(after)?);
        if old_tree.is_some() || new_tree.is_some() {
            changed_paths(
                repo,
                old_tree.as_ref(),
                new_tree.as_ref(),
                &format!("{path}/"),
                out,
            )?;
        }
        let is_blob = |side: Option<&Entry>| side.is_some_and(|s| s.2 != Some(ObjectType::Tree));
        if is_blob(before) || is_blob(after) {
            out.push(path);
        }
    }
    Ok(())
}

/// True when the added lines are the deleted ones with only whitespace changed, as
/// `git diff -w` would show no change.
fn same_but_whitespace(added: &[String], deleted: &[String]) -> bool {
    let squeeze = |lines: &[String]| {
        let mut lines: Vec<String> = lines
            .iter()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|l| !l.is_empty())
            .collect();
        lines.sort_unstable();
        lines
    };
    squeeze(added) == squeeze(deleted)
}

/// A commit as the rules see it.
pub struct CommitInfo {
    pub id: Oid,
    pub parents: usize,
    /// The raw message bytes (git does not require UTF-8).
    pub message: Vec<u8>,
}

impl Repo {
    /// A handle of its own with an empty in-memory index, opened once: comparing two trees
    /// needs no index, but libgit2's attribute lookups would otherwise load (and checksum) the
    /// whole index of the work tree, the largest cost in a big repository. Opened as the first
    /// handle was (from the environment), so objects git keeps aside, as in a pre-receive
    /// hook's quarantine, are found too.
    fn tree_diff_handle(&self) -> Result<&git2::Repository> {
        if let Some(repo) = self.tree_diff.get() {
            return Ok(repo);
        }
        let repo = git2::Repository::open_from_env()
            .or_else(|_| git2::Repository::open(self.git_dir()))?;
        repo.set_index(&mut git2::Index::new()?)?;
        Ok(self.tree_diff.get_or_init(|| repo))
    }

    /// Every file changed from `base` to `head`, with renames detected.
    pub fn changed_files(&self, base: Oid, head: Oid) -> Result<Vec<FileChange>> {
        let old = self.tree_of(base)?;
        let new = self.tree_of(head)?;
        self.tree_file_changes(old, new)
    }

    /// Every file changed from the tree `old` to the tree `new` (ids of trees, not commits),
    /// with renames detected.
    pub fn tree_file_changes(&self, old: Oid, new: Oid) -> Result<Vec<FileChange>> {
        let repo = self.tree_diff_handle()?;
        let old = repo.find_tree(old)?;
        let new = repo.find_tree(new)?;
        // libgit2's tree diff descends into every subtree, even identical ones; find the
        // changed paths first (skipping equal subtrees by id, as git does) and limit the diff
        // to them, so the cost follows the change, not the size of the repository.
        let mut paths = Vec::new();
        changed_paths(repo, Some(&old), Some(&new), "", &mut paths)?;
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        let mut options = DiffOptions::new();
        options.disable_pathspec_match(true);
        for path in &paths {
            options.pathspec(path);
        }
        let mut diff = repo.diff_tree_to_tree(Some(&old), Some(&new), Some(&mut options))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
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
            let mut deleted_lines = Vec::new();
            for hunk in 0..patch.num_hunks() {
                for line in 0..patch.num_lines_in_hunk(hunk)? {
                    let line = patch.line_in_hunk(hunk, line)?;
                    let text = String::from_utf8_lossy(line.content());
                    let text = text.trim_end_matches(['\n', '\r']).to_string();
                    match line.origin() {
                        '+' => added_lines.push(text),
                        '-' => deleted_lines.push(text),
                        _ => {}
                    }
                }
            }
            let whitespace_only = insertions + deletions > 0
                && !binary
                && same_but_whitespace(&added_lines, &deleted_lines);
            changes.push(FileChange {
                path,
                old_path,
                kind,
                binary,
                insertions,
                deletions,
                whitespace_only,
                added_lines,
                deleted_lines,
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
    /// The content of the regular file `path` in `commit`'s tree; `None` when there is no
    /// such file, or it is a symbolic link (whose blob is the path it points to, not a file's
    /// text), a submodule or a directory.
    pub fn file_at(&self, commit: Oid, path: &str) -> Result<Option<Vec<u8>>> {
        let tree = self.raw().find_commit(commit)?.tree()?;
        let Ok(entry) = tree.get_path(std::path::Path::new(path)) else {
            return Ok(None);
        };
        if !super::tree::is_regular(entry.filemode()) {
            return Ok(None);
        }
        match entry.to_object(self.raw())?.into_blob() {
            Ok(blob) => Ok(Some(blob.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// The paths of the files in `commit`'s tree, the first `limit` in tree order: enough to
    /// tell what a project is written in without reading a whole monorepo.
    pub fn file_paths_at(&self, commit: Oid, limit: usize) -> Result<Vec<String>> {
        let tree = self.raw().find_commit(commit)?.tree()?;
        let mut paths = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            // Once full, every directory left is skipped unread (an abort would be an error).
            if paths.len() >= limit {
                return git2::TreeWalkResult::Skip;
            }
            if let (Some(git2::ObjectType::Blob), Ok(name)) = (entry.kind(), entry.name()) {
                paths.push(format!("{dir}{name}"));
            }
            git2::TreeWalkResult::Ok
        })?;
        Ok(paths)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::EntryKind;

    /// A commit whose tree holds `a`, `d/b`, `d/e/c` and `z`.
    fn nested() -> (tempfile::TempDir, Repo, Oid) {
        let dir = tempfile::tempdir().unwrap();
        let raw = git2::Repository::init_bare(dir.path()).unwrap();
        let blob = raw.blob(b"x\n").unwrap();
        let tree_of = |entries: &[(&str, Oid, i32)]| {
            let mut builder = raw.treebuilder(None).unwrap();
            for (name, id, mode) in entries {
                builder.insert(name, *id, *mode).unwrap();
            }
            builder.write().unwrap()
        };
        let e = tree_of(&[("c", blob, 0o100644)]);
        let d = tree_of(&[("b", blob, 0o100644), ("e", e, 0o040000)]);
        let root = tree_of(&[
            ("a", blob, 0o100644),
            ("d", d, 0o040000),
            ("z", blob, 0o100644),
        ]);
        let who = git2::Signature::new("T", "t@example.com", &git2::Time::new(0, 0)).unwrap();
        let tree = raw.find_tree(root).unwrap();
        let commit = raw.commit(None, &who, &who, "files", &tree, &[]).unwrap();
        drop(tree);
        let repo = Repo::wrap(raw);
        (dir, repo, commit)
    }

    #[test]
    fn only_regular_files_are_read_as_files() {
        let dir = tempfile::tempdir().unwrap();
        let raw = git2::Repository::init_bare(dir.path()).unwrap();
        let text = raw.blob(b"{\"version\": \"1.0.0\"}").unwrap();
        let mut builder = raw.treebuilder(None).unwrap();
        builder.insert("Cargo.toml", text, 0o100644).unwrap();
        builder.insert("package.json", text, 0o120000).unwrap();
        // A submodule's commit, which this repository does not have.
        builder
            .insert("go.mod", Oid::from_bytes(&[7; 20]).unwrap(), 0o160000)
            .unwrap();
        let tree_id = builder.write().unwrap();
        drop(builder);
        let tree = raw.find_tree(tree_id).unwrap();
        let who = git2::Signature::new("T", "t@example.com", &git2::Time::new(0, 0)).unwrap();
        let commit = raw.commit(None, &who, &who, "files", &tree, &[]).unwrap();
        drop(tree);
        let repo = Repo::wrap(raw);
        assert!(repo.file_at(commit, "Cargo.toml").unwrap().is_some());
        assert_eq!(repo.file_at(commit, "package.json").unwrap(), None);
        assert_eq!(repo.file_at(commit, "go.mod").unwrap(), None);
        let tree = repo.tree_of(commit).unwrap();
        let kind = |path: &str| repo.entry_kind(tree, path).unwrap();
        assert_eq!(kind("package.json"), Some(EntryKind::Link));
        assert_eq!(kind("go.mod"), Some(EntryKind::Submodule));
        assert_eq!(kind("Cargo.toml"), Some(EntryKind::File));
        assert_eq!(kind("nothing"), None);
        let found = repo.entries_where(commit, |_| true, |_| false).unwrap();
        assert_eq!(found.files, ["Cargo.toml"]);
        assert_eq!(found.links, ["package.json"]);
    }

    #[test]
    fn file_paths_are_listed_up_to_the_limit() {
        let (_dir, repo, commit) = nested();
        assert_eq!(
            repo.file_paths_at(commit, 100).unwrap(),
            ["a", "d/b", "d/e/c", "z"]
        );
        assert_eq!(repo.file_paths_at(commit, 2).unwrap(), ["a", "d/b"]);
    }
}
