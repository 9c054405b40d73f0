//! Finding files by name in a commit's tree, for the manifests that say how a project is laid
//! out. Read from the commit rather than the work tree so the answer is the same in every clone
//! and never depends on what is untracked or ignored.

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
}
