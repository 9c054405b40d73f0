//! Finding files by name in a commit's tree, for the manifests that say how a project is laid
//! out. Read from the commit rather than the work tree so the answer is the same in every clone
//! and never depends on what is untracked or ignored. Only regular files count, as git itself
//! treats a tree: a symbolic link's blob is the path it points to, not a file's text, and a
//! submodule is another repository's commit. Links found by name are reported apart, so a
//! caller can say it left them out.

use git2::{FileMode, ObjectType, TreeWalkMode, TreeWalkResult};

use super::{Oid, Repo};
use crate::error::Result;

/// The entries of a tree found by name: regular files, and symbolic links that carry a wanted
/// name but are not files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Named {
    pub files: Vec<String>,
    pub links: Vec<String>,
}

/// What an entry of a tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    /// A symbolic link: its blob is the path it points to.
    Link,
    /// A submodule: a commit of another repository.
    Submodule,
    Directory,
}

/// True for the mode of a regular file, executable or not.
pub(super) fn is_regular(mode: i32) -> bool {
    mode == i32::from(FileMode::Blob) || mode == i32::from(FileMode::BlobExecutable)
}

impl Repo {
    /// Regular files in `commit`'s tree whose file name is one of `names`, in tree order,
    /// never descending into a directory for which `skip` says true.
    pub fn paths_named(
        &self,
        commit: Oid,
        names: &[&str],
        skip: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>> {
        self.paths_where(commit, |name| names.contains(&name), skip)
    }

    /// Regular files in `commit`'s tree whose file name `wanted` accepts (`*.gemspec`), in tree
    /// order, never descending into a directory for which `skip` says true.
    pub fn paths_where(
        &self,
        commit: Oid,
        wanted: impl Fn(&str) -> bool,
        skip: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>> {
        Ok(self.entries_where(commit, wanted, skip)?.files)
    }

    /// The regular files and the symbolic links of `commit`'s tree whose file name `wanted`
    /// accepts, in tree order, never descending into a directory for which `skip` says true.
    pub fn entries_where(
        &self,
        commit: Oid,
        wanted: impl Fn(&str) -> bool,
        skip: impl Fn(&str) -> bool,
    ) -> Result<Named> {
        let tree = self.raw().find_commit(commit)?.tree()?;
        let mut found = Named::default();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let Ok(name) = entry.name() else {
                return TreeWalkResult::Skip;
            };
            match entry.kind() {
                Some(ObjectType::Tree) if skip(name) => TreeWalkResult::Skip,
                Some(ObjectType::Blob) if wanted(name) => {
                    let path = format!("{dir}{name}");
                    if is_regular(entry.filemode()) {
                        found.files.push(path);
                    } else {
                        found.links.push(path);
                    }
                    TreeWalkResult::Ok
                }
                _ => TreeWalkResult::Ok,
            }
        })?;
        Ok(found)
    }

    /// What `path` is in the tree `tree` (a tree's id, not a commit's); `None` when there is
    /// nothing there.
    pub fn entry_kind(&self, tree: Oid, path: &str) -> Result<Option<EntryKind>> {
        let tree = self.raw().find_tree(tree)?;
        let Ok(entry) = tree.get_path(std::path::Path::new(path)) else {
            return Ok(None);
        };
        let mode = entry.filemode();
        Ok(Some(if is_regular(mode) {
            EntryKind::File
        } else if mode == i32::from(FileMode::Link) {
            EntryKind::Link
        } else if mode == i32::from(FileMode::Commit) {
            EntryKind::Submodule
        } else {
            EntryKind::Directory
        }))
    }
}
