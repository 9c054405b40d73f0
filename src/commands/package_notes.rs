//! `release-notes --changelog` in a repository that releases its packages one by one: each
//! package the hotfix releases gets its version set in its own files (and the requirements
//! others pin on it raised), in one commit, then the entry in its own changelog, in the shape
//! that package keeps it, all entries in a second commit; fragments at the top (changesets,
//! towncrier) get one entry naming every package instead. Everything is worked out and
//! checked before the first commit.

use crate::changelog::{self, Target};
use crate::config::CHANGELOG;
use crate::error::{Error, Result};
use crate::files::Edit;
use crate::git::Repo;
use crate::project::{Ecosystem, Project};
use crate::report::release::ReleaseNotes;
use crate::store::{Hotfix, PackageRelease};
use crate::{packages, ui};

use super::release_notes::{commit_changelog, commit_versions, entry_in};
use super::version_commit::Release;

pub(super) fn write(repo: &Repo, hotfix: &mut Hotfix, notes: &ReleaseNotes) -> Result<()> {
    let releases = notes
        .packages
        .iter()
        .map(|planned| {
            planned.release.clone().ok_or_else(|| {
                Error::refused(format!(
                    "no version is known for the package '{}', so its changelog entry cannot be written",
                    ui::sanitize(&planned.name)
                ))
                .hint("tag its latest release as the other packages' are tagged, then run this again")
            })
        })
        .collect::<Result<Vec<PackageRelease>>>()?;
    let head = repo
        .head_commit()?
        .ok_or_else(|| Error::internal("the hotfix branch has no commit"))?;
    let project = packages::project_at(repo, head)?;
    let (entries, unchanged) = entries(repo, hotfix, notes, &project, &releases)?;
    let release = Release {
        hotfix_id: &hotfix.meta.hotfix_id,
        version: "",
        packages: &releases,
    };
    let (bump, warnings) = release.edits(repo, head, &[], None)?;
    warnings.into_iter().for_each(ui::warn);
    let versions: Vec<String> = releases
        .iter()
        .map(|r| format!("{} {}", r.package, r.version))
        .collect();
    let versions = versions.join(", ");
    if !bump.edits.is_empty() {
        commit_versions(repo, &bump.edits, &release.message(), &versions)?;
    }
    for line in &unchanged {
        println!("{}; nothing to change there.", ui::sanitize(line));
    }
    if entries.is_empty() {
        return Ok(());
    }
    commit_changelog(repo, hotfix, &entries, &versions, "changelogs")
}

/// The changelog entries of the release: one in the fragments at the top naming every
/// package, else one in each package's own changelog; with what already has its entry.
fn entries(
    repo: &Repo,
    hotfix: &Hotfix,
    notes: &ReleaseNotes,
    project: &Project,
    releases: &[PackageRelease],
) -> Result<(Vec<Edit>, Vec<String>)> {
    let mut entries = Vec::new();
    let mut unchanged = Vec::new();
    let setting = CHANGELOG.configured(repo)?;
    if let Target::Changesets { .. } | Target::Towncrier { .. } | Target::Fragments { .. } =
        changelog::detect(repo.work_tree()?, setting.as_deref())?
    {
        let named: Vec<String> = releases
            .iter()
            .filter(|r| {
                packages::find(project, &r.package).is_some_and(|p| p.ecosystem == Ecosystem::Npm)
            })
            .map(|r| r.package.clone())
            .collect();
        let (shown, entry) = entry_in(
            repo,
            &hotfix.meta,
            notes,
            (&releases[0].version, ""),
            &named,
        )?;
        match entry {
            Some(entry) => entries.push(entry),
            None => unchanged.push(format!("{shown} already has this hotfix")),
        }
        return Ok((entries, unchanged));
    }
    for release in releases {
        let Some(package) = packages::find(project, &release.package) else {
            continue;
        };
        let named: Vec<String> = (package.ecosystem == Ecosystem::Npm)
            .then(|| package.name.clone())
            .into_iter()
            .collect();
        let (shown, entry) = entry_in(
            repo,
            &hotfix.meta,
            notes,
            (&release.version, &package.dir),
            &named,
        )?;
        match entry {
            Some(entry) => entries.push(entry),
            None => unchanged.push(format!("{shown} already has {}", release.version)),
        }
    }
    Ok((entries, unchanged))
}
