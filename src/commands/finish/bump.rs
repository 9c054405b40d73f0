//! The first step of a finish: the project's own version files (its manifests, lock files,
//! version module) set to the release's version, in one commit on the hotfix branch with the
//! HOTFIX header, so the merge and the tag carry a project that says it is the new release.
//! The commit is made with `git commit` like any other, so the user's hooks run; the hotfix
//! branch is one of the finish's backed-up refs, so `--abort` takes the commit back.

use super::plan::Prepared;
use super::steps::Data;
use crate::commands;
use crate::commands::version_commit::{self, Release};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::operation::{Described, Run};
use crate::ui;

impl Data {
    /// The release whose version the first step sets.
    pub(super) fn release(&self) -> Release<'_> {
        Release {
            hotfix_id: &self.hotfix_id,
            version: &self.version,
            packages: &self.packages,
        }
    }
}

/// For `finish --pr`, after the verification and before the push: sets the version on the
/// hotfix branch when it is checked out, so the pull request carries it; otherwise says how
/// to set it, and the request goes without it.
pub(super) fn before_pr(repo: &Repo, prepared: &mut Prepared) -> Result<()> {
    let data = &mut prepared.data;
    if data.version_files.is_empty() {
        return Ok(());
    }
    if repo.current_branch()?.as_deref() != Some(data.branch.as_str()) {
        let branch = ui::sanitize(&data.branch);
        ui::warn(format!(
            "'{branch}' is not checked out, so its version is not set to {} for the pull request",
            data.version
        ));
        ui::hint(format!(
            "set it on the branch with 'git switch {branch}' and 'git hotfix release-notes --changelog'"
        ));
        return Ok(());
    }
    let changed = version_commit::changed(repo, prepared.base, prepared.tip)?;
    let (bump, _) = data.release().edits(repo, prepared.tip, &changed, None)?;
    if bump.edits.is_empty() {
        return Ok(());
    }
    commands::commit_edits(repo, &bump.edits, &data.release().message())?;
    if let Some(tip) = repo.branch_tip(&data.branch)? {
        prepared.tip = tip;
        data.hotfix_tip = tip;
    }
    Ok(())
}

/// The step for the dry run: the files and the commit.
pub(super) fn describe(data: &Data) -> Described {
    version_commit::describe(&data.release(), &data.version_files, &data.branch)
}

/// Sets the version on the hotfix branch and moves `hotfix_tip` to the commit; recognises
/// that commit when an earlier run of the step made it before being stopped.
pub(super) fn set_version(run: &mut Run, data: &mut Data) -> Result<()> {
    let base = data
        .base
        .ok_or_else(|| Error::internal("the hotfix's base is not recorded"))?;
    let tip =
        version_commit::commit_on(run, &data.branch, (base, data.hotfix_tip), &data.release())?;
    data.hotfix_tip = tip;
    Ok(())
}
