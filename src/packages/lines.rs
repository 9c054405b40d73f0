//! A package's own maintenance lines in a monorepo (`toml-v0.5` beside `toml-v1.1.4`): which
//! package a release tag is of, the branches of the line that carries a version, the older
//! releases on them, and the tags a release on such a line gets.

use semver::Version;

use super::{next, of_hotfix, previous, styles};
use crate::config::MAINTENANCE_BRANCH;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::project::{Package, Project};
use crate::store::{Metadata, PackageRelease};
use crate::version;

/// How the maintenance branch of one package's older line is named, as the workspaces that
/// keep them do (`toml-v0.5` in toml-rs), unless `hotfix.maintenanceBranch` has patterns
/// naming the package.
const LINE_PATTERNS: &[&str] = &[
    "{package}-v{major}.{minor}",
    "{package}-v{major}",
    "{path}/release/{major}.{minor}",
];

/// The package a release tag belongs to (the one whose style matches the longest part of
/// it) and the version it names; `None` for a tag of no package.
pub fn release_of<'a>(
    repo: &Repo,
    project: &'a Project,
    tag: &str,
) -> Result<Option<(&'a Package, Version)>> {
    let mut best: Option<(&Package, Version, usize)> = None;
    for package in &project.packages {
        for style in styles(repo, package)? {
            if let Some(version) = style.version_of(tag) {
                let fixed = tag.len() - version.to_string().len();
                if best.as_ref().is_none_or(|(_, _, len)| fixed > *len) {
                    best = Some((package, version, fixed));
                }
            }
        }
    }
    Ok(best.map(|(package, version, _)| (package, version)))
}

/// The maintenance branches (local or on `remote`) of the line of `package` that carries
/// `version`: `toml-v0.5` for toml 0.5.11.
pub fn maintenance_lines(
    repo: &Repo,
    remote: &str,
    package: &Package,
    version: &Version,
) -> Result<Vec<String>> {
    let configured: Vec<String> = MAINTENANCE_BRANCH
        .list(repo, &[])?
        .into_iter()
        .filter(|pattern| version::names_package(pattern))
        .collect();
    let patterns: Vec<String> = if configured.is_empty() {
        LINE_PATTERNS.iter().map(|p| p.to_string()).collect()
    } else {
        configured
    };
    let mut out = Vec::new();
    for pattern in &patterns {
        if package.dir.is_empty() && pattern.contains("{path}") {
            continue;
        }
        let numbered = pattern
            .replace("{major}", &version.major.to_string())
            .replace("{minor}", &version.minor.to_string());
        let name = version::fill_package(&numbered, &package.name, &package.dir);
        if !crate::store::is_branch_name(&name) {
            continue;
        }
        let exists = repo.branch_tip(&name)?.is_some()
            || repo
                .ref_commit(&format!("refs/remotes/{remote}/{name}"))?
                .is_some();
        if exists && !out.contains(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

/// The latest release of `package` on each of its maintenance lines older than `latest`
/// (`toml-v0.5.11` on `toml-v0.5` beside `toml-v1.1.4`): a fix to the package may well
/// affect them too, and `backport --all-affected` goes back to their lines.
pub fn older_releases(
    repo: &Repo,
    remote: &str,
    package: &Package,
    latest: &Version,
) -> Result<Vec<String>> {
    let styles = styles(repo, package)?;
    let mut lines: Vec<(u64, u64)> = repo
        .tags()?
        .iter()
        .filter_map(|(tag, _)| styles.iter().find_map(|style| style.version_of(tag)))
        .filter(|version| version < latest)
        .map(|version| (version.major, version.minor))
        .collect();
    lines.sort();
    lines.dedup();
    let mut branches: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (major, minor) in lines.into_iter().rev() {
        let version = Version::new(major, minor, 0);
        for branch in maintenance_lines(repo, remote, package, &version)? {
            if branches.contains(&branch) {
                continue;
            }
            let tip = match repo.branch_tip(&branch)? {
                Some(tip) => Some(tip),
                None => repo.ref_commit(&format!("refs/remotes/{remote}/{branch}"))?,
            };
            branches.push(branch);
            let Some(tip) = tip else { continue };
            if let Some(release) = previous(repo, package, &[tip])?
                && release.version < *latest
                && !out.contains(&release.tag)
            {
                out.push(release.tag);
            }
        }
    }
    Ok(out)
}

/// The releases of the hotfix's packages a line at `tip` gets (`backport --tag`, `rollback
/// --tag`): for each package with a release reachable from `tip`, the patch after it, with
/// its tag. `None` when the hotfix has no packages; refused when none of them has a release
/// there.
pub fn next_releases_on(
    repo: &Repo,
    meta: &Metadata,
    head: Option<ObjectId>,
    tip: ObjectId,
    what: &str,
) -> Result<Option<Vec<PackageRelease>>> {
    let touched = of_hotfix(repo, meta, head)?;
    if touched.is_empty() {
        return Ok(None);
    }
    let mut found = Vec::new();
    for package in touched.packages() {
        if previous(repo, package, &[tip])?.is_some() {
            found.push(next(repo, &touched.project, package, &[tip], None)?.0);
        }
    }
    if found.is_empty() {
        return Err(Error::refused(format!(
            "{what}: no release tag of {} is reachable from {}, so the next version cannot be derived",
            ui_list(&touched.names()),
            repo.short_id(tip)
        ))
        .hint("run it without --tag, and tag the release by hand"));
    }
    Ok(Some(found))
}

fn ui_list(names: &[String]) -> String {
    crate::ui::sanitize(&names.join(", ")).into_owned()
}
