//! Which paths differ: between two trees (a recorded pass's and the tip's) and between HEAD
//! and the working tree, as path lists only, for choosing which tests a change can affect;
//! and a tree's symbolic links, since a file read through one is code wherever it is.

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

    /// The symbolic links of a tree (a tree's id), each with the path it points to as
    /// written in it (`src/impl.py` and `../docs/a.md`), in tree order.
    pub fn symlinks(&self, tree: Oid) -> Result<Vec<(String, String)>> {
        let tree = self.raw().find_tree(tree)?;
        let mut links = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.filemode() == i32::from(git2::FileMode::Link)
                && let Ok(name) = entry.name()
            {
                links.push((format!("{dir}{name}"), entry.id()));
            }
            git2::TreeWalkResult::Ok
        })?;
        let mut found = Vec::new();
        for (path, id) in links {
            let blob = self.raw().find_blob(id)?;
            found.push((path, String::from_utf8_lossy(blob.content()).into_owned()));
        }
        Ok(found)
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
