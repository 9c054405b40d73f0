//! Refs, tags and history for commands that move refs (`finish`, `cancel`, and the operation
//! machinery behind `--continue` / `--abort`). Everything here is read or written in-process;
//! only merges, checkouts, tags and pushes go through the `git` executable.

use git2::{ErrorCode, ObjectType, Oid, RepositoryState};

use crate::error::{Context, Result};

use super::Repo;

impl Repo {
    /// The object a ref points at, without peeling (an annotated tag gives the tag object).
    pub fn ref_target(&self, refname: &str) -> Result<Option<Oid>> {
        match self.raw().find_reference(refname) {
            Ok(reference) => Ok(reference.resolve()?.target()),
            Err(err) if err.code() == ErrorCode::NotFound => Ok(None),
            Err(err) => Err(err).context(|| format!("cannot read {refname}")),
        }
    }

    /// Points `refname` at `target`, creating or overwriting it.
    pub fn set_ref(&self, refname: &str, target: Oid, log: &str) -> Result<()> {
        self.raw()
            .reference(refname, target, true, log)
            .context(|| format!("cannot set {refname} to {target}"))?;
        Ok(())
    }

    /// Deletes `refname`; a ref that does not exist is not an error.
    pub fn delete_ref(&self, refname: &str) -> Result<()> {
        match self.raw().find_reference(refname) {
            Ok(mut reference) => reference
                .delete()
                .context(|| format!("cannot delete {refname}")),
            Err(err) if err.code() == ErrorCode::NotFound => Ok(()),
            Err(err) => Err(err).context(|| format!("cannot read {refname}")),
        }
    }

    /// Every ref whose name starts with `prefix`, with the object it points at.
    pub fn refs_under(&self, prefix: &str) -> Result<Vec<(String, Oid)>> {
        let mut out = Vec::new();
        for reference in self.raw().references_glob(&format!("{prefix}*"))? {
            let reference = reference?;
            if let (Some(name), Some(target)) = (reference.name(), reference.target()) {
                out.push((name.to_string(), target));
            }
        }
        Ok(out)
    }

    pub fn read_blob(&self, blob: Oid) -> Result<Vec<u8>> {
        let blob = self
            .raw()
            .find_blob(blob)
            .context(|| format!("cannot read blob {blob}"))?;
        Ok(blob.content().to_vec())
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: Oid, descendant: Oid) -> Result<bool> {
        Ok(ancestor == descendant || self.raw().graph_descendant_of(descendant, ancestor)?)
    }

    pub fn parents(&self, commit: Oid) -> Result<Vec<Oid>> {
        let commit = self
            .raw()
            .find_commit(commit)
            .context(|| format!("cannot read commit {commit}"))?;
        Ok(commit.parent_ids().collect())
    }

    /// The first line of a commit's message.
    pub fn summary(&self, commit: Oid) -> Result<String> {
        let commit = self
            .raw()
            .find_commit(commit)
            .context(|| format!("cannot read commit {commit}"))?;
        Ok(commit.summary().unwrap_or("").to_string())
    }

    /// Every tag with the commit it points at (annotated tags peeled); tags of other objects
    /// are left out.
    pub fn tags(&self) -> Result<Vec<(String, Oid)>> {
        let mut out = Vec::new();
        for reference in self.raw().references_glob("refs/tags/*")? {
            let reference = reference?;
            let Some(name) = reference.name().and_then(|n| n.strip_prefix("refs/tags/")) else {
                continue;
            };
            if let Ok(commit) = reference.peel(ObjectType::Commit) {
                out.push((name.to_string(), commit.id()));
            }
        }
        Ok(out)
    }

    /// Paths with unresolved conflicts in the index.
    pub fn conflicted_paths(&self) -> Result<Vec<String>> {
        let index = self.raw().index()?;
        let mut paths = Vec::new();
        for conflict in index.conflicts()? {
            let conflict = conflict?;
            let entry = conflict.our.or(conflict.their).or(conflict.ancestor);
            if let Some(entry) = entry {
                paths.push(String::from_utf8_lossy(&entry.path).into_owned());
            }
        }
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// True while a merge stopped for the user to resolve (MERGE_HEAD exists).
    pub fn merge_in_progress(&self) -> bool {
        self.raw().state() == RepositoryState::Merge
    }

    /// Paths changed from `base` to `head` (both sides of a rename).
    pub fn changed_paths(&self, base: Oid, head: Oid) -> Result<Vec<String>> {
        let old = self.raw().find_commit(base)?.tree()?;
        let new = self.raw().find_commit(head)?.tree()?;
        let diff = self
            .raw()
            .diff_tree_to_tree(Some(&old), Some(&new), None)?;
        let mut paths = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path().and_then(|p| p.to_str()) {
                    paths.push(path.to_string());
                }
            }
        }
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// The content of `path` in `commit`'s tree; `None` when there is no such file.
    pub fn file_at(&self, commit: Oid, path: &str) -> Result<Option<Vec<u8>>> {
        let tree = self.raw().find_commit(commit)?.tree()?;
        let entry = match tree.get_path(std::path::Path::new(path)) {
            Ok(entry) => entry,
            Err(err) if err.code() == ErrorCode::NotFound => return Ok(None),
            Err(err) => return Err(err.into()),
        };
        match entry.to_object(self.raw())?.into_blob() {
            Ok(blob) => Ok(Some(blob.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    pub fn remote_url(&self, remote: &str) -> Option<String> {
        let remote = self.raw().find_remote(remote).ok()?;
        remote.url().map(str::to_string)
    }
}

impl Repo {
    /// The tree a commit records.
    pub fn tree_of(&self, commit: Oid) -> Result<Oid> {
        let commit = self
            .raw()
            .find_commit(commit)
            .context(|| format!("cannot read commit {commit}"))?;
        Ok(commit.tree_id())
    }
}
