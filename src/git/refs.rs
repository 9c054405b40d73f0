//! Refs, tags and history for commands that move refs (`finish`, `cancel`, and the operation
//! machinery behind `--continue` / `--abort`). Everything here is read or written in-process;
//! only merges, checkouts, tags and pushes go through the `git` executable.

use git2::{ErrorCode, ObjectType, Oid};

use crate::error::{Context, Error, Result};

use super::Repo;

impl Repo {
    /// The object a ref points at, without peeling (an annotated tag gives the tag object).
    /// What `refname` points at; a name git does not accept as a ref points at nothing.
    pub fn ref_target(&self, refname: &str) -> Result<Option<Oid>> {
        match self.raw().find_reference(refname) {
            Ok(reference) => Ok(reference.resolve()?.target()),
            Err(err) if matches!(err.code(), ErrorCode::NotFound | ErrorCode::InvalidSpec) => {
                Ok(None)
            }
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
            if let (Ok(name), Some(target)) = (reference.name(), reference.target()) {
                out.push((name.to_string(), target));
            }
        }
        Ok(out)
    }

    /// The size in bytes of a blob, read from its header without loading its content.
    pub fn blob_size(&self, blob: Oid) -> Result<u64> {
        let (size, kind) = self
            .raw()
            .odb()?
            .read_header(blob)
            .context(|| format!("cannot read blob {blob}"))?;
        if kind != ObjectType::Blob {
            return Err(Error::refused(format!("{blob} is a {kind}, not a blob")));
        }
        Ok(size as u64)
    }

    /// A blob's content, unless it is larger than `max_bytes`: then `Err(size)`, without
    /// loading it.
    pub fn read_blob_at_most(
        &self,
        blob: Oid,
        max_bytes: usize,
    ) -> Result<std::result::Result<Vec<u8>, u64>> {
        let size = self.blob_size(blob)?;
        if size > max_bytes as u64 {
            return Ok(Err(size));
        }
        self.read_blob(blob).map(Ok)
    }

    pub fn read_blob(&self, blob: Oid) -> Result<Vec<u8>> {
        let blob = self
            .raw()
            .find_blob(blob)
            .context(|| format!("cannot read blob {blob}"))?;
        Ok(blob.content().to_vec())
    }

    /// Writes a commit on no branch, with an empty tree, `message` and `parents` (commits):
    /// the one object that keeps all of them reachable while a ref points at it, so `git gc`
    /// cannot lose them.
    pub fn write_keeping_commit(&self, message: &str, parents: &[Oid]) -> Result<Oid> {
        let repo = self.raw();
        let tree = repo.find_tree(repo.treebuilder(None)?.write()?)?;
        let parents = parents
            .iter()
            .map(|id| {
                repo.find_commit(*id)
                    .context(|| format!("cannot read commit {id}"))
            })
            .collect::<Result<Vec<_>>>()?;
        let parents: Vec<_> = parents.iter().collect();
        let signature = self.bookkeeping_signature()?;
        repo.commit(None, &signature, &signature, message, &tree, &parents)
            .context(|| "cannot write a commit".to_string())
    }

    /// The text an object holds: a commit's message, or a blob's content.
    pub fn read_text(&self, oid: Oid) -> Result<Vec<u8>> {
        let object = self
            .raw()
            .find_object(oid, None)
            .context(|| format!("cannot read {oid}"))?;
        match object.as_commit() {
            Some(commit) => Ok(commit.message_bytes().to_vec()),
            None => self.read_blob(oid),
        }
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: Oid, descendant: Oid) -> Result<bool> {
        Ok(ancestor == descendant || self.raw().graph_descendant_of(descendant, ancestor)?)
    }

    /// The commit on the first-parent line from `descendant` whose first parent is
    /// `ancestor` (what came right after it there), if that line reaches it.
    pub fn first_parent_child(&self, descendant: Oid, ancestor: Oid) -> Result<Option<Oid>> {
        let mut commit = descendant;
        while commit != ancestor {
            match self.parents(commit)?.first() {
                Some(&parent) if parent == ancestor => return Ok(Some(commit)),
                Some(&parent) => commit = parent,
                None => return Ok(None),
            }
        }
        Ok(None)
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
        Ok(commit.summary().ok().flatten().unwrap_or("").to_string())
    }

    /// Every tag with the commit it points at (annotated tags peeled); tags of other objects
    /// are left out.
    pub fn tags(&self) -> Result<Vec<(String, Oid)>> {
        let mut out = Vec::new();
        for reference in self.raw().references_glob("refs/tags/*")? {
            let reference = reference?;
            let Some(name) = reference
                .name()
                .ok()
                .and_then(|n| n.strip_prefix("refs/tags/"))
            else {
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
        let mut index = self.raw().index()?;
        // git changed the index on disk; the cached one is stale.
        index.read(false)?;
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

    pub fn remote_url(&self, remote: &str) -> Option<String> {
        let remote = self.raw().find_remote(remote).ok()?;
        remote.url().ok().map(str::to_string)
    }

    /// Deletes a local branch and its configuration (upstream and the like), as `git branch -D`.
    pub fn delete_branch(&self, branch: &str) -> Result<()> {
        match self.raw().find_branch(branch, git2::BranchType::Local) {
            Ok(mut found) => found
                .delete()
                .context(|| format!("cannot delete the branch '{branch}'")),
            Err(err) if err.code() == ErrorCode::NotFound => Ok(()),
            Err(err) => Err(err).context(|| format!("cannot read the branch '{branch}'")),
        }
    }

    /// Creates the local branch `branch` at `start` with `<remote>/<branch>` as its upstream
    /// (`branch.<branch>.remote` and `.merge`), as `git switch <branch>` does when only the
    /// remote has the branch. A branch that exists already is kept as it is and only gets the
    /// upstream if it has none, so a run interrupted between the two completes. Returns
    /// whether the branch was created.
    pub fn create_tracking_branch(&self, branch: &str, start: Oid, remote: &str) -> Result<bool> {
        let exists = match self.raw().find_branch(branch, git2::BranchType::Local) {
            Ok(_) => true,
            Err(err) if err.code() == ErrorCode::NotFound => false,
            Err(err) => {
                return Err(err).context(|| format!("cannot read the branch '{branch}'"));
            }
        };
        if !exists {
            let commit = self
                .raw()
                .find_commit(start)
                .context(|| format!("cannot read commit {start}"))?;
            self.raw()
                .branch(branch, &commit, false)
                .context(|| format!("cannot create the branch '{branch}'"))?;
        }
        let merge_key = format!("branch.{branch}.merge");
        if self.config_string(&merge_key)?.is_none() {
            let mut config = self.raw().config()?.open_level(git2::ConfigLevel::Local)?;
            config
                .set_str(&format!("branch.{branch}.remote"), remote)
                .and_then(|()| config.set_str(&merge_key, &format!("refs/heads/{branch}")))
                .context(|| {
                    format!("cannot set the upstream of '{branch}' to '{remote}/{branch}'")
                })?;
        }
        Ok(!exists)
    }

    /// Commits of `branch` that no other branch, remote-tracking branch or tag contains:
    /// what deleting the branch would lose.
    pub fn commits_only_on(&self, branch: &str) -> Result<Vec<Oid>> {
        let own = format!("refs/heads/{branch}");
        let Some(tip) = self.ref_commit(&own)? else {
            return Ok(Vec::new());
        };
        let mut walk = self.raw().revwalk()?;
        walk.push(tip)?;
        for prefix in ["refs/heads/", "refs/remotes/", "refs/tags/"] {
            for (name, _) in self.refs_under(prefix)? {
                if name != own
                    && let Some(commit) = self.ref_commit(&name)?
                {
                    walk.hide(commit)?;
                }
            }
        }
        walk.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(Into::into)
    }

    /// Creates the annotated tag `name` on `target`, as `git tag -a -m` does (no signing: a
    /// signed tag goes through `git tag -s`). Refuses to overwrite an existing tag.
    pub fn create_annotated_tag(&self, name: &str, target: Oid, message: &str) -> Result<Oid> {
        let object = self.raw().find_object(target, None)?;
        let tagger = self.signature()?;
        let mut message = message.trim_end().to_string();
        message.push('\n');
        self.raw()
            .tag(name, &object, &tagger, &message, false)
            .context(|| format!("cannot create the tag '{name}'"))
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
}
