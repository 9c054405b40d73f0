//! The first step of a finish: the project's own version files (its manifests, lock files,
//! version module) set to the release's version, in one commit on the hotfix branch with the
//! HOTFIX header, so the merge and the tag carry a project that says it is the new release.
//! The commit is made with `git commit` like any other, so the user's hooks run; the hotfix
//! branch is one of the finish's backed-up refs, so `--abort` takes the commit back.

use super::plan::Prepared;
use super::steps::Data;
use crate::commands;
use crate::error::{Error, Result};
use crate::git::{ChangeKind, ObjectId, Repo};
use crate::operation::{Described, Run};
use crate::project::versions::Bump;
use crate::store::PackageRelease;
use crate::{ui, version};

/// The message of the version commit.
pub(super) fn message(data: &Data) -> String {
    if data.packages.is_empty() {
        return format!("{}: Set the version to {}", data.hotfix_id, data.version);
    }
    crate::packages::version_message(&data.hotfix_id, &data.packages)
}

/// What setting the release's version changes: each package's own, in a repository that
/// releases them one by one, else `version` in the packages the hotfix touched.
pub(super) fn edits(
    repo: &Repo,
    packages: &[PackageRelease],
    version: &str,
    (base, tip): (ObjectId, ObjectId),
    previous: Option<&semver::Version>,
) -> Result<(Bump, Vec<String>)> {
    if !packages.is_empty() {
        return crate::packages::files_to_set(repo, tip, packages);
    }
    let changed = changed(repo, base, tip)?;
    version::files_to_set(repo, tip, &changed, version, previous)
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
    let (bump, _) = edits(
        repo,
        &data.packages,
        &data.version,
        (prepared.base, prepared.tip),
        None,
    )?;
    if bump.edits.is_empty() {
        return Ok(());
    }
    commands::commit_edits(repo, &bump.edits, &message(data))?;
    if let Some(tip) = repo.branch_tip(&data.branch)? {
        prepared.tip = tip;
        data.hotfix_tip = tip;
    }
    Ok(())
}

/// The step for the dry run: the files and the commit.
pub(super) fn describe(data: &Data) -> Described {
    let mut commit: Vec<String> = ["commit", "-m", &message(data), "--"]
        .map(str::to_string)
        .to_vec();
    commit.extend(data.version_files.iter().cloned());
    Described::new(
        format!(
            "set the version to {} in {} and commit it on {}",
            data.versions(),
            ui::sanitize(&data.version_files.join(", ")),
            data.branch
        ),
        vec![commit],
    )
}

/// The paths `base..tip` changes and keeps: where the packages it touched are.
fn changed(repo: &Repo, base: ObjectId, tip: ObjectId) -> Result<Vec<String>> {
    Ok(repo
        .changed_files(base, tip)?
        .into_iter()
        .filter(|change| change.kind != ChangeKind::Deleted)
        .map(|change| change.path)
        .collect())
}

/// Sets the version on the hotfix branch and moves `hotfix_tip` to the commit; recognises
/// that commit when an earlier run of the step made it before being stopped.
pub(super) fn set_version(run: &mut Run, data: &mut Data) -> Result<()> {
    let repo = run.repo;
    let (_, now) = run.branch_then_and_now(&data.branch)?;
    let message = message(data);
    if now != data.hotfix_tip {
        if repo.parents(now)? == [data.hotfix_tip] && repo.message(now)?.trim() == message {
            data.hotfix_tip = now;
            return Ok(());
        }
        return Err(run.moved(&data.branch, now, data.hotfix_tip));
    }
    let base = data
        .base
        .ok_or_else(|| Error::internal("the hotfix's base is not recorded"))?;
    let (bump, _) = edits(repo, &data.packages, &data.version, (base, now), None)?;
    if bump.edits.is_empty() {
        return Ok(());
    }
    run.check_out(&data.branch)?;
    commands::commit_edits(repo, &bump.edits, &message)?;
    data.hotfix_tip = repo
        .branch_tip(&data.branch)?
        .ok_or_else(|| Error::internal(format!("'{}' vanished", data.branch)))?;
    Ok(())
}
