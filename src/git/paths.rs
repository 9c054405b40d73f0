//! Which paths differ: between two trees (a recorded pass's and the tip's) and between HEAD
//! and the working tree, as path lists only, for choosing which tests a change can affect;
//! and where a tree's symlinks lead, since a file read through one is code wherever it is.

use git2::{Status, StatusOptions};

use super::diff::changed_paths;
use super::{Oid, Repo};
use crate::error::Result;

impl Repo {
    /// The paths of files that differ between two trees (ids of trees, not commits), equal
    /// subtrees skipped by id.
    pub fn tree_changes(&self, old_tree: Oid, new_tree: Oid) -> Result<Vec<String>> {
        if old_tree == new_tree {
            return Ok(Vec::new());
        }
        let old = self.raw().find_tree(old_tree)?;
        let new = self.raw().find_tree(new_tree)?;
        let mut paths = Vec::new();
        changed_paths(self.raw(), Some(&old), Some(&new), "", &mut paths)?;
        Ok(paths)
    }

    /// Where the symlinks of a tree lead, as paths from its root (`src/impl.py -> ../docs/a.md`
    /// gives `docs/a.md`); links that leave the tree are left out.
    pub fn symlink_targets(&self, tree: Oid) -> Result<Vec<String>> {
        let tree = self.raw().find_tree(tree)?;
        let mut links = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.filemode() == i32::from(git2::FileMode::Link) {
                links.push((dir.to_string(), entry.id()));
            }
            git2::TreeWalkResult::Ok
        })?;
        let mut targets = Vec::new();
        for (dir, id) in links {
            let blob = self.raw().find_blob(id)?;
            let target = String::from_utf8_lossy(blob.content());
            if target.starts_with('/') {
                continue;
            }
            let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            let mut inside = true;
            for part in target.split('/') {
                match part {
                    "" | "." => {}
                    ".." => inside &= parts.pop().is_some(),
                    part => parts.push(part),
                }
            }
            if inside {
                targets.push(parts.join("/"));
            }
        }
        Ok(targets)
    }

    /// Paths that differ between HEAD and the working tree: staged, modified, deleted and
    /// untracked files (ignored ones do not count).
    pub fn work_tree_changes(&self) -> Result<Vec<String>> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .exclude_submodules(true);
        let statuses = self.raw().statuses(Some(&mut options))?;
        Ok(statuses
            .iter()
            .filter(|entry| entry.status() != Status::CURRENT)
            .filter_map(|entry| entry.path().ok().map(str::to_string))
            .collect())
    }
}
