//! `release-notes --changelog` in a repository that releases its packages one by one: each
//! package the hotfix releases gets its version set in its own files (and the requirements
//! others pin on it raised), in one commit, then the entry in its own changelog, in the shape
//! that package keeps it, all entries in a second commit. Everything is worked out and
//! checked before the first commit.

use crate::error::{Error, Result};
use crate::git::Repo;
use crate::project::Ecosystem;
use crate::report::release::ReleaseNotes;
use crate::store::{Hotfix, PackageRelease};
use crate::{packages, ui};

use super::release_notes::{commit_changelog, commit_versions, entry_in};

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
    let mut entries = Vec::new();
    let mut unchanged = Vec::new();
    for release in &releases {
        let Some(package) = packages::find(&project, &release.package) else {
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
    let (bump, warnings) = packages::files_to_set(repo, head, &releases)?;
    warnings.into_iter().for_each(ui::warn);
    let versions: Vec<String> = releases
        .iter()
        .map(|r| format!("{} {}", r.package, r.version))
        .collect();
    let versions = versions.join(", ");
    if !bump.edits.is_empty() {
        let message = packages::version_message(&hotfix.meta.hotfix_id, &releases);
        commit_versions(repo, &bump.edits, &message, &versions)?;
    }
    for line in &unchanged {
        println!("{}; nothing to change there.", ui::sanitize(line));
    }
    if entries.is_empty() {
        return Ok(());
    }
    commit_changelog(repo, hotfix, &entries, &versions, "changelogs")
}
