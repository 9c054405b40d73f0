//! What sharing the notes between clones needs from git: notes trees read and written as
//! whole commits (a merge commit has two parents, which libgit2's note API cannot make),
//! history questions about notes commits, refs moved only if they did not change meanwhile,
//! and the remote's refspecs.

use std::collections::BTreeMap;

use git2::{ErrorCode, ObjectType, Oid, TreeWalkMode, TreeWalkResult};

use super::Repo;
use crate::error::{Context, Error, Result};

/// Notes of one notes commit: annotated object → note blob.
pub type NotesTree = BTreeMap<Oid, Oid>;

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
        let signature = self
            .signature()
            .or_else(|_| git2::Signature::now("git-hotfix", "git-hotfix@localhost"))?;
        Ok(repo.commit(None, &signature, &signature, message, &tree, &parents)?)
    }

    /// The best common ancestor of two commits, if they share history.
    pub fn merge_base(&self, one: Oid, two: Oid) -> Result<Option<Oid>> {
        match self.raw().merge_base(one, two) {
            Ok(base) => Ok(Some(base)),
            Err(err) if err.code() == ErrorCode::NotFound => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Points `refname` at `new` only if it still points at `expected` (`None`: does not
    /// exist), so a concurrent writer is never overwritten. False when it had moved.
    pub fn set_ref_if(
        &self,
        refname: &str,
        new: Oid,
        expected: Option<Oid>,
        message: &str,
    ) -> Result<bool> {
        let result = match expected {
            Some(old) => self
                .raw()
                .reference_matching(refname, new, true, old, message),
            None => self.raw().reference(refname, new, false, message),
        };
        match result {
            Ok(_) => Ok(true),
            Err(err) if matches!(err.code(), ErrorCode::Modified | ErrorCode::Exists) => Ok(false),
            Err(err) => Err(err).context(|| format!("cannot update {refname}")),
        }
    }

    /// The configured fetch (`push == false`) or push refspecs of a remote.
    pub fn remote_refspecs(&self, remote: &str, push: bool) -> Result<Vec<String>> {
        let found = self
            .raw()
            .find_remote(remote)
            .context(|| format!("cannot read the remote '{remote}'"))?;
        let specs = if push {
            found.push_refspecs()?
        } else {
            found.fetch_refspecs()?
        };
        Ok(specs
            .iter()
            .flatten()
            .flatten()
            .map(str::to_string)
            .collect())
    }

    /// Adds `value` to the multi-valued key `key` in the repository's own config, unless it
    /// is there already. True when it was added.
    pub fn add_config_value(&self, key: &str, value: &str) -> Result<bool> {
        let config = self.raw().config()?;
        let mut local = config
            .open_level(git2::ConfigLevel::Local)
            .context(|| "cannot open the repository's config".into())?;
        let present = match local.multivar(key, None) {
            Ok(entries) => {
                let mut found = false;
                let mut entries = entries;
                while let Some(entry) = entries.next() {
                    found |= entry?.value().ok() == Some(value);
                }
                found
            }
            Err(err) if err.code() == ErrorCode::NotFound => false,
            Err(err) => return Err(err.into()),
        };
        if present {
            return Ok(false);
        }
        // Replaces the values matching the pattern, of which there are none: so it adds one.
        let pattern = format!("^{}$", posix_escape(value));
        local
            .set_multivar(key, &pattern, value)
            .map_err(|err| Error::refused(format!("cannot set {key}: {}", err.message())))?;
        Ok(true)
    }
}

/// Escapes the characters special in a POSIX extended regular expression.
fn posix_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if "\\.[]()*+?{}|^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
