//! Finding files by name in a commit's tree, for the manifests that say how a project is laid
//! out. Read from the commit rather than the work tree so the answer is the same in every clone
//! and never depends on what is untracked or ignored.

use git2::{ObjectType, TreeWalkMode, TreeWalkResult};

use super::{Oid, Repo};
use crate::error::Result;

impl Repo {
    /// Paths in `commit`'s tree whose file name is one of `names`, in tree order, never
    /// descending into a directory for which `skip` says true.
    pub fn paths_named(
        &self,
        commit: Oid,
        names: &[&str],
        skip: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>> {
        self.paths_where(commit, |name| names.contains(&name), skip)
    }

    /// Paths in `commit`'s tree whose file name `wanted` accepts (`*.gemspec`), in tree order,
    /// never descending into a directory for which `skip` says true.
    pub fn paths_where(
        &self,
        commit: Oid,
        wanted: impl Fn(&str) -> bool,
        skip: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>> {
        let tree = self.raw().find_commit(commit)?.tree()?;
        let mut found = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let Ok(name) = entry.name() else {
                return TreeWalkResult::Skip;
            };
            match entry.kind() {
                Some(ObjectType::Tree) if skip(name) => TreeWalkResult::Skip,
                Some(ObjectType::Blob) if wanted(name) => {
                    found.push(format!("{dir}{name}"));
                    TreeWalkResult::Ok
                }
                _ => TreeWalkResult::Ok,
            }
        })?;
        Ok(found)
    }
}
