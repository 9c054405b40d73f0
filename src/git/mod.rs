//! The one git layer. Reading and writing refs, notes, objects, config and diffs goes through
//! git2 in-process (fast, no spawn); whatever changes the working tree or talks to a remote runs
//! the real `git` executable ([`command`]) so the user gets git's own behaviour, hooks and
//! credentials. Every error names what it was about; "not found" is an `Option`, not an error.
//! It stands right above the bottom layer, using only `error` and `ui` (to trace the commands it
//! runs and show network progress), and knows nothing of hotfixes.

mod access;
pub mod command;
mod config;
mod diff;
mod history;
mod hooks;
mod include_if;
mod notes;
pub mod oid_json;
mod paths;
mod refs;
mod remote;
mod seal;
mod stopped;
mod tree;

pub use config::{ConfigFiles, Scope};
pub use diff::{ChangeKind, CommitInfo, FileChange};
pub use history::CommitSummary;
pub use notes::NotesTree;
pub use stopped::Stopped;
pub use tree::{EntryKind, Named};

use std::path::{Path, PathBuf};

use git2::{BranchType, ErrorCode, ObjectType, Oid, Repository, StatusOptions};

use crate::error::{Context, Error, Result};

pub use git2::Oid as ObjectId;

/// Changed files and lines between two trees, as `git diff --shortstat` counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DiffStat {
    pub files: usize,
    pub insertions: usize,
    pub deletions: usize,
}

/// True when git accepts `name` as a full ref name (`git check-ref-format`).
pub fn is_valid_refname(name: &str) -> bool {
    git2::Reference::is_valid_name(name)
}

pub struct Repo {
    inner: Repository,
    /// What this process last read or wrote of each notes ref, so a write can tell whether
    /// another process changed the note meanwhile ([`Repo::write_note`]).
    notes_seen: notes::Seen,
    /// What git's environment adds to the config files (`git -c`, `GIT_CONFIG_GLOBAL`, ...).
    config_env: config::Environment,
    /// A second handle for comparing trees, opened on first use ([`Repo::tree_file_changes`]).
    tree_diff: std::cell::OnceCell<Repository>,
}

impl Repo {
    /// Opens the repository the way git does: `GIT_DIR`, the current directory or a parent.
    pub fn open() -> Result<Repo> {
        // Like git, trust the object store instead of re-hashing every object read (libgit2
        // verifies by default, which dominated the time to read thousands of notes).
        git2::opts::strict_hash_verification(false);
        let config_env = config::Environment::from_process()?;
        match Repository::open_from_env() {
            Ok(inner) => Ok(Repo {
                inner,
                notes_seen: Default::default(),
                config_env,
                tree_diff: Default::default(),
            }),
            Err(err) if err.code() == ErrorCode::NotFound => Err(Error::refused(
                "not a git repository (or any of the parent directories)",
            )
            .hint("run git hotfix inside a clone of the project, or create one with 'git init'")),
            Err(err) => Err(Error::from(err)).context(|| "cannot open the repository".into()),
        }
    }

    /// A repository opened by a unit test, with the process's config environment left out.
    #[cfg(test)]
    pub(crate) fn wrap(inner: Repository) -> Repo {
        Repo {
            inner,
            notes_seen: Default::default(),
            config_env: Default::default(),
            tree_diff: Default::default(),
        }
    }

    /// The work tree, refusing bare repositories: hotfixes need a checkout to work in.
    pub fn work_tree(&self) -> Result<&Path> {
        self.inner.workdir().ok_or_else(|| {
            Error::refused("this command needs a work tree, but the repository is bare")
                .hint("run it in a clone with a checkout: 'git clone <this repository>'")
        })
    }

    /// The `.git` directory of this work tree (per worktree).
    pub fn git_dir(&self) -> &Path {
        self.inner.path()
    }

    /// The directory shared by all worktrees.
    pub fn common_dir(&self) -> PathBuf {
        self.inner.commondir().to_path_buf()
    }

    fn raw(&self) -> &Repository {
        &self.inner
    }

    /// `user.name <user.email>`, as git would write it in a commit.
    pub fn identity(&self) -> Result<String> {
        let signature = self.signature()?;
        Ok(format!(
            "{} <{}>",
            signature.name().unwrap_or("unknown"),
            signature.email().unwrap_or("unknown")
        ))
    }

    // ---- refs ----

    /// The short name of the checked-out branch; `None` on a detached or unborn HEAD.
    pub fn current_branch(&self) -> Result<Option<String>> {
        let head = match self.inner.find_reference("HEAD") {
            Ok(head) => head,
            Err(err) if err.code() == ErrorCode::NotFound => return Ok(None),
            Err(err) => return Err(err.into()),
        };
        Ok(head
            .symbolic_target()
            .ok()
            .flatten()
            .and_then(|target| target.strip_prefix("refs/heads/"))
            .map(str::to_string))
    }

    /// The commit HEAD points at; `None` in a repository with no commits yet.
    pub fn head_commit(&self) -> Result<Option<Oid>> {
        match self.inner.head() {
            Ok(head) => Ok(head.peel_to_commit().ok().map(|c| c.id())),
            Err(err) if matches!(err.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                Ok(None)
            }
            Err(err) => Err(err.into()),
        }
    }

    pub fn branch_tip(&self, branch: &str) -> Result<Option<Oid>> {
        self.ref_commit(&format!("refs/heads/{branch}"))
    }

    /// The commit a full ref name points at, peeling tags.
    /// A name git does not accept as a ref (one a note made up) names no commit.
    pub fn ref_commit(&self, refname: &str) -> Result<Option<Oid>> {
        match self.inner.find_reference(refname) {
            Ok(reference) => Ok(reference.peel_to_commit().ok().map(|c| c.id())),
            Err(err) if matches!(err.code(), ErrorCode::NotFound | ErrorCode::InvalidSpec) => {
                Ok(None)
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Resolves a revision (branch, tag, commit, `origin/main`, ...) to a commit.
    pub fn resolve_commit(&self, spec: &str) -> Result<Option<Oid>> {
        let object = match self.inner.revparse_single(spec) {
            Ok(object) => object,
            Err(err)
                if matches!(
                    err.code(),
                    ErrorCode::NotFound | ErrorCode::Ambiguous | ErrorCode::InvalidSpec
                ) || err.class() == git2::ErrorClass::Reference =>
            {
                return Ok(None);
            }
            Err(err) => return Err(err.into()),
        };
        Ok(object.peel_to_commit().ok().map(|c| c.id()))
    }

    pub fn remote_exists(&self, name: &str) -> bool {
        self.inner.find_remote(name).is_ok()
    }

    pub fn local_branches(&self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for branch in self.inner.branches(Some(BranchType::Local))? {
            let (branch, _) = branch?;
            if let Ok(Some(name)) = branch.name() {
                names.push(name.to_string());
            }
        }
        Ok(names)
    }

    /// The branches as `git switch` finds them: the local ones, then those only on `remote`
    /// (by their name there, `release/2.0` for `refs/remotes/origin/release/2.0`).
    pub fn branches_with_remote(&self, remote: &str) -> Result<Vec<String>> {
        let mut names = self.local_branches()?;
        let tracking = format!("refs/remotes/{remote}/");
        for (refname, _) in self.refs_under(&tracking)? {
            if let Some(name) = refname.strip_prefix(&tracking)
                && name != "HEAD"
                && !names.iter().any(|n| n == name)
            {
                names.push(name.to_string());
            }
        }
        Ok(names)
    }

    /// The nearest tag reachable from `commit`, as `git describe --tags --abbrev=0` finds it.
    pub fn nearest_tag(&self, commit: Oid) -> Result<Option<String>> {
        let object = self.inner.find_object(commit, Some(ObjectType::Commit))?;
        let mut options = git2::DescribeOptions::new();
        options.describe_tags();
        match object.describe(&options) {
            Ok(describe) => {
                let mut format = git2::DescribeFormatOptions::new();
                format.abbreviated_size(0);
                Ok(Some(describe.format(Some(&format))?))
            }
            // libgit2 reports "no tag reachable" as NotFound or as a generic describe error.
            Err(err)
                if err.code() == ErrorCode::NotFound
                    || err.class() == git2::ErrorClass::Describe =>
            {
                Ok(None)
            }
            Err(err) => Err(err.into()),
        }
    }

    // ---- working tree ----

    /// Paths of tracked files with staged or unstaged changes (untracked files do not count).
    pub fn tracked_changes(&self) -> Result<Vec<String>> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(false)
            .include_ignored(false)
            .exclude_submodules(true);
        let statuses = self
            .inner
            .statuses(Some(&mut options))
            .context(|| "cannot read the status of the working tree".into())?;
        Ok(statuses
            .iter()
            .filter(|entry| !entry.status().is_empty())
            .filter_map(|entry| entry.path().ok().map(str::to_string))
            .collect())
    }

    // ---- history and diffs ----

    /// Commits reachable from `head` but not from `base`, newest first.
    pub fn commits_between(&self, base: Oid, head: Oid) -> Result<Vec<Oid>> {
        let mut walk = self.inner.revwalk()?;
        walk.push(head)?;
        walk.hide(base)?;
        walk.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(Error::from)
    }

    /// Changed files and lines from `base` to `head`, tree to tree.
    pub fn diff_stat(&self, base: Oid, head: Oid) -> Result<DiffStat> {
        let old = self.inner.find_commit(base)?.tree()?;
        let new = self.inner.find_commit(head)?.tree()?;
        let diff = self.inner.diff_tree_to_tree(Some(&old), Some(&new), None)?;
        let stats = diff.stats()?;
        Ok(DiffStat {
            files: stats.files_changed(),
            insertions: stats.insertions(),
            deletions: stats.deletions(),
        })
    }

    pub fn short_id(&self, oid: Oid) -> String {
        self.inner
            .find_object(oid, None)
            .and_then(|object| object.short_id())
            .ok()
            .and_then(|buf| buf.as_str().ok().map(str::to_string))
            .unwrap_or_else(|| oid.to_string()[..7].to_string())
    }

    // ---- notes ----

    /// Calls `each` with every note under `notes_ref`: the annotated object and the note text,
    /// or `Err(size)` for a note larger than `max_bytes`, which is never read into memory.
    /// Reads the notes tree directly ([`Repo::notes_at`]) and each note blob once: libgit2's
    /// note iterator would also load the whole index, which costs more than the notes in a
    /// large repository. Remembers what it read, for [`Repo::write_note`].
    pub fn for_each_note(
        &self,
        notes_ref: &str,
        max_bytes: usize,
        mut each: impl FnMut(Oid, std::result::Result<&[u8], u64>),
    ) -> Result<()> {
        let Some(commit) = self.ref_commit(notes_ref)? else {
            self.saw_notes(notes_ref, None, Default::default());
            return Ok(());
        };
        let notes = self.notes_at(commit)?;
        for (&annotated, &note) in &notes {
            let size = self
                .blob_size(note)
                .context(|| format!("cannot read the note on {annotated} in {notes_ref}"))?;
            if size > max_bytes as u64 {
                each(annotated, Err(size));
                continue;
            }
            let blob = self
                .inner
                .find_blob(note)
                .context(|| format!("cannot read the note on {annotated} in {notes_ref}"))?;
            each(annotated, Ok(blob.content()));
        }
        self.saw_notes(notes_ref, Some(commit), notes);
        Ok(())
    }

    /// Stores `content` as a blob and returns its id.
    pub fn write_blob(&self, content: &[u8]) -> Result<Oid> {
        Ok(self.inner.blob(content)?)
    }
}
