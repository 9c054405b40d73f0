//! The commit that sets a release's version in the project's own version files (its
//! manifests, lock files, version module): what it changes, its message, and the step that
//! makes it on a branch. `finish` makes it on the hotfix branch before the merge, `backport
//! --tag` on each line before the line's tag, `release-notes --changelog` ahead of both; one
//! message for all, so the rules recognise the commit wherever it is
//! ([`crate::history::is_version_commit`]). It is made with `git commit` like any other, so
//! the user's hooks run.

use crate::error::{Error, Result};
use crate::git::{ChangeKind, ObjectId, Repo};
use crate::operation::{self, Run};
use crate::project::versions::Bump;
use crate::store::PackageRelease;
use crate::{packages, version};

/// A release whose version is set: one version for the repository, or each package's own in
/// a repository that releases them one by one.
pub(super) struct Release<'a> {
    pub(super) hotfix_id: &'a str,
    /// The version released when `packages` is empty.
    pub(super) version: &'a str,
    pub(super) packages: &'a [PackageRelease],
}

impl Release<'_> {
    /// The message of the commit: `HOTFIX-001: Set the version to 2.0.2`, or each package
    /// with its version.
    pub(super) fn message(&self) -> String {
        if self.packages.is_empty() {
            return format!("{}: Set the version to {}", self.hotfix_id, self.version);
        }
        packages::version_message(self.hotfix_id, self.packages)
    }

    /// What setting the version at `commit` changes, with the warnings about files that
    /// stated another version than `previous`: each package's own files, else the version in
    /// the packages at the root and those owning a path of `changed`.
    pub(super) fn edits(
        &self,
        repo: &Repo,
        commit: ObjectId,
        changed: &[String],
        previous: Option<&semver::Version>,
    ) -> Result<(Bump, Vec<String>)> {
        if !self.packages.is_empty() {
            return packages::files_to_set(repo, commit, self.packages);
        }
        version::files_to_set(repo, commit, changed, self.version, previous)
    }
}

/// The paths `base..tip` changes and keeps: where the packages it touched are.
pub(super) fn changed(repo: &Repo, base: ObjectId, tip: ObjectId) -> Result<Vec<String>> {
    Ok(repo
        .changed_files(base, tip)?
        .into_iter()
        .filter(|change| change.kind != ChangeKind::Deleted)
        .map(|change| change.path)
        .collect())
}

/// The step that sets the version of `release` on `branch`, which the steps before left at
/// `tip` (its changes since `base` say which packages it touches). Returns the branch's tip
/// after it: the new commit, or `tip` when no file needs setting. A commit an earlier run of
/// the step made before being stopped is recognised, so it is never made twice; a branch
/// moved otherwise is refused.
pub(super) fn commit_on(
    run: &Run,
    branch: &str,
    (base, tip): (ObjectId, ObjectId),
    release: &Release,
) -> Result<ObjectId> {
    let repo = run.repo;
    let (_, now) = run.branch_then_and_now(branch)?;
    let message = release.message();
    if now != tip {
        if repo.parents(now)? == [tip] && operation::message_is(&repo.message(now)?, &message) {
            return Ok(now);
        }
        return Err(run.moved(branch, now, tip));
    }
    let (bump, _) = release.edits(repo, now, &changed(repo, base, now)?, None)?;
    if bump.edits.is_empty() {
        return Ok(now);
    }
    run.check_out(branch)?;
    super::commit_edits(repo, &bump.edits, &message)?;
    repo.branch_tip(branch)?
        .ok_or_else(|| Error::internal(format!("'{branch}' vanished")))
}
