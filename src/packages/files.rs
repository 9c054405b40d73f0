//! The files a release of a monorepo's packages changes: each package's own version and the
//! requirements the other packages pin on it, and the subject of the commit that sets them.

use semver::Version;

use super::{find, project_at, styles};
use crate::error::Result;
use crate::git::{ObjectId, Repo};
use crate::project::Package;
use crate::project::versions::{self, Bump};
use crate::store::PackageRelease;

/// What releasing each package of `releases` from `commit` changes in the project's own
/// files ([`crate::project::versions::bump_each`]): each package's version and the
/// requirements others pin on it. `hotfix.versionFiles` names the files instead (each gets
/// the version of the released package whose directory holds it) and `none` turns it off.
/// A package manifest stating a version other than its previous release's is a warning.
pub fn files_to_set(
    repo: &Repo,
    commit: ObjectId,
    releases: &[PackageRelease],
) -> Result<(Bump, Vec<String>)> {
    let Some(configured) = crate::config::version_files(repo)? else {
        return Ok((Bump::default(), Vec::new()));
    };
    let project = project_at(repo, commit)?;
    let released: Vec<(&Package, &PackageRelease)> = releases
        .iter()
        .filter_map(|r| Some((find(&project, &r.package)?, r)))
        .collect();
    if !configured.is_empty() {
        let mut bump = Bump::default();
        for (package, release) in &released {
            let paths: Vec<String> = configured
                .iter()
                .filter(|path| {
                    project
                        .owner_of(path)
                        .is_some_and(|owner| owner == *package)
                })
                .cloned()
                .collect();
            let own = versions::bump(repo, commit, &project, &[], &release.version, Some(&paths))?;
            bump.edits.extend(own.edits);
            bump.found.extend(own.found);
            for link in own.links {
                if !bump.links.contains(&link) {
                    bump.links.push(link);
                }
            }
        }
        let warnings = bump.warnings();
        return Ok((bump, warnings));
    }
    let pairs: Vec<(&Package, &str)> = released
        .iter()
        .map(|(package, release)| (*package, release.version.as_str()))
        .collect();
    let bump = versions::bump_each(repo, commit, &project, &pairs)?;
    let mut warnings = Vec::new();
    for (package, release) in &released {
        let Some(found) = bump.found.iter().find(|f| f.path == package.manifest) else {
            continue;
        };
        let previous = match &release.previous {
            Some(tag) => styles(repo, package)?
                .iter()
                .find_map(|style| style.version_of(tag)),
            None => None,
        };
        let stated = found.version.trim_start_matches('v');
        if let Some(previous) = previous
            && stated != release.version
            && Version::parse(stated).ok() != Some(previous.clone())
        {
            warnings.push(format!(
                "{} states version {}, not {previous} (the previous release of {}); it is set to {}",
                crate::ui::sanitize(&found.path),
                crate::ui::sanitize(&found.version),
                crate::ui::sanitize(&package.name),
                release.version
            ));
        }
    }
    warnings.extend(bump.warnings());
    Ok((bump, warnings))
}

/// The subject of the commit that sets each package's version (one [`history::is_version_commit`]
/// recognises): `HOTFIX-001: Set the version of toml to 1.1.5, toml_parser to 1.1.4`.
pub fn version_message(hotfix_id: &str, releases: &[PackageRelease]) -> String {
    let each: Vec<String> = releases
        .iter()
        .map(|r| format!("{} to {}", r.package, r.version))
        .collect();
    format!("{hotfix_id}: Set the version of {}", each.join(", "))
}
