//! The packages a hotfix releases, in a repository that holds several (a Cargo or npm
//! workspace, Go modules, `hotfix.packages`): those `start --package` named and those its
//! changed paths are in, each with its own previous release, next version and tag in the
//! style the repository's tags already use. With one package or none, or a `hotfix.tagFormat`
//! that names no package, the repository is released as one, as it always was: the hotfix has
//! no packages here and its callers keep their single version and tag.

use semver::Version;

use crate::config::{PACKAGES, TAG_FORMAT};
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, is_valid_refname};
use crate::history;
use crate::project::{Ecosystem, Package, Project};
use crate::store::{Metadata, PackageRelease};
use crate::version::{self, PACKAGE_FORMATS, Release, TagStyle};

mod files;
mod lines;

pub use files::{files_to_set, version_message};
pub use lines::{maintenance_lines, next_releases_on, older_releases, release_of};

/// The packages of one hotfix, with the project they are read from.
pub struct Touched {
    pub project: Project,
    keys: Vec<(Ecosystem, String)>,
}

impl Touched {
    /// The packages, in the project's order.
    pub fn packages(&self) -> Vec<&Package> {
        self.project
            .packages
            .iter()
            .filter(|p| {
                self.keys
                    .iter()
                    .any(|(e, n)| *e == p.ecosystem && *n == p.name)
            })
            .collect()
    }

    pub fn names(&self) -> Vec<String> {
        self.packages().iter().map(|p| p.name.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The packages at `commit`: those of the manifests and those `hotfix.packages` declares.
pub fn project_at(repo: &Repo, commit: ObjectId) -> Result<Project> {
    let mut project = Project::at(repo, commit)?;
    project.declare(&PACKAGES.list(repo, &[])?);
    Ok(project)
}

/// True when the packages of `project` are released one by one: there are several, and
/// `hotfix.tagFormat` names the package, or (unset) a tag of the repository is a package's
/// own (`toml-v1.1.4`, `@shop/ui@2.3.1`, `api/v1.4.2`). A workspace whose packages share one
/// version and its `v1.2.3` tags is released as one.
pub fn per_package(repo: &Repo, project: &Project) -> Result<bool> {
    if project.packages.len() < 2 {
        return Ok(false);
    }
    if TAG_FORMAT.is_set(repo)? {
        return Ok(version::names_package(&TAG_FORMAT.get(repo)?));
    }
    let tags = repo.tags()?;
    for package in &project.packages {
        for format in PACKAGE_FORMATS {
            if package.dir.is_empty() && format.contains("{path}") {
                continue;
            }
            let style = TagStyle::for_package(format, &package.name, &package.dir)?;
            if tags.iter().any(|(tag, _)| style.version_of(tag).is_some()) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The package called `name`.
pub fn find<'a>(project: &'a Project, name: &str) -> Option<&'a Package> {
    project.packages.iter().find(|p| p.name == name)
}

/// The packages of a hotfix: those `finish` released, else those `start --package` named and
/// those owning a path changed from its base to `head`; none when the repository is released
/// as one.
pub fn of_hotfix(repo: &Repo, meta: &Metadata, head: Option<ObjectId>) -> Result<Touched> {
    let project = project_at(repo, head.unwrap_or(meta.base()))?;
    if !per_package(repo, &project)? {
        return Ok(Touched {
            project,
            keys: Vec::new(),
        });
    }
    if !meta.releases.is_empty() {
        let keys = meta
            .releases
            .iter()
            .filter_map(|release| find(&project, &release.package))
            .map(|p| (p.ecosystem, p.name.clone()))
            .collect();
        return Ok(Touched { project, keys });
    }
    let changed = changed_paths(repo, meta, head)?;
    let mut keys: Vec<(Ecosystem, String)> = project
        .touched(changed.iter().map(String::as_str))
        .into_iter()
        .chain(meta.packages.iter().filter_map(|name| find(&project, name)))
        .map(|p| (p.ecosystem, p.name.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    Ok(Touched { project, keys })
}

/// The paths the hotfix's commits change (old names of renames too), less those of the
/// commit that sets the release's version: raising a dependent's requirement does not make
/// it a package the hotfix releases.
fn changed_paths(repo: &Repo, meta: &Metadata, head: Option<ObjectId>) -> Result<Vec<String>> {
    let Some(head) = head else {
        return Ok(Vec::new());
    };
    let mut fix = Vec::new();
    let mut version_set = false;
    for commit in history::commits(repo, meta.base(), Some(head))? {
        if history::is_version_commit(repo, meta, &commit)? {
            version_set = true;
        } else {
            fix.push(commit);
        }
    }
    let mut paths = Vec::new();
    if !version_set {
        for change in repo.changed_files(meta.base(), head)? {
            paths.extend(change.old_path);
            paths.push(change.path);
        }
        return Ok(paths);
    }
    for commit in &fix {
        let parent = repo.parent(commit.id, 0)?.unwrap_or(meta.base());
        for change in repo.changed_files(parent, commit.id)? {
            paths.extend(change.old_path);
            paths.push(change.path);
        }
    }
    Ok(paths)
}

/// The formats a package's releases may be tagged in: `hotfix.tagFormat`, else the usual
/// ones, with a bare `v{version}` for the package at the root.
fn formats(repo: &Repo, package: &Package) -> Result<Vec<String>> {
    if TAG_FORMAT.is_set(repo)? {
        return Ok(vec![TAG_FORMAT.get(repo)?]);
    }
    Ok(PACKAGE_FORMATS
        .iter()
        .map(|format| match (package.dir.is_empty(), *format) {
            (true, "{path}/v{version}") => "v{version}",
            (_, format) => format,
        })
        .map(str::to_string)
        .collect())
}

fn styles(repo: &Repo, package: &Package) -> Result<Vec<TagStyle>> {
    formats(repo, package)?
        .iter()
        .map(|format| TagStyle::for_package(format, &package.name, &package.dir))
        .collect()
}

/// The version the release of a hotfix replaces, in a repository that releases its packages
/// one by one: the previous release `finish` recorded for the first package it released (the
/// one whose version and tag the hotfix records as its own, and whose previous release the
/// rollback plan redeploys), read in that package's tag style. Notes are other people's text:
/// the tag must exist and be in the history of the release's production merge. `None` when
/// the hotfix released no package; empty when that package had no release before it.
pub fn replaced_version(repo: &Repo, meta: &Metadata) -> Result<Option<String>> {
    let Some(release) = meta.releases.first() else {
        return Ok(None);
    };
    let (Some(tag), Some(merge)) = (&release.previous, history::production_merge(repo, meta)?)
    else {
        return Ok(Some(String::new()));
    };
    let project = project_at(repo, merge)?;
    let Some(package) = find(&project, &release.package) else {
        return Ok(Some(String::new()));
    };
    let refname = format!("refs/tags/{tag}");
    let tagged = if is_valid_refname(&refname) {
        repo.ref_commit(&refname)?
    } else {
        None
    };
    if !tagged.is_some_and(|commit| repo.is_ancestor(commit, merge).unwrap_or(false)) {
        return Ok(Some(String::new()));
    }
    let version = styles(repo, package)?
        .iter()
        .find_map(|style| style.version_of(tag));
    Ok(Some(version.map(|v| v.to_string()).unwrap_or_default()))
}

/// The latest release of `package` reachable from any of `tips`.
pub fn previous(repo: &Repo, package: &Package, tips: &[ObjectId]) -> Result<Option<Release>> {
    version::latest_release(repo, &styles(repo, package)?, tips)
}

/// The release a hotfix makes of `package`: `given`, else the patch after its latest release
/// reachable from `tips`, tagged in that release's style (a package never released takes the
/// style the other packages' tags use); with that latest release.
pub fn next(
    repo: &Repo,
    project: &Project,
    package: &Package,
    tips: &[ObjectId],
    given: Option<&Version>,
) -> Result<(PackageRelease, Option<Release>)> {
    let latest = previous(repo, package, tips)?;
    let version = match (given, &latest) {
        (Some(given), _) => given.clone(),
        (None, Some(latest)) => version::next_patch(&latest.version)?,
        (None, None) => {
            let looked: Vec<String> = styles(repo, package)?
                .iter()
                .map(|style| style.render(&Version::new(1, 2, 3)))
                .collect();
            return Err(Error::refused(format!(
                "no release tag of the package '{}' is reachable (looked for tags like {}), so its version cannot be derived",
                package.name,
                looked.join(", ")
            ))
            .hint("tag its latest release in one of those forms, or set hotfix.tagFormat with {package}, e.g. 'git config hotfix.tagFormat {package}-v{version}'"));
        }
    };
    let style = match &latest {
        Some(latest) => latest.style.clone(),
        None => new_style(repo, project, package)?,
    };
    let tag = style.render(&version);
    // Names come from manifests: a tag git refuses, or one a command would read as an
    // option, is never made.
    if tag.starts_with('-') || !is_valid_refname(&format!("refs/tags/{tag}")) {
        return Err(Error::refused(format!(
            "the package '{}' would be tagged '{tag}', which git does not accept as a tag name",
            package.name
        ))
        .hint("set a tag format that makes valid tags: 'git config hotfix.tagFormat {package}-v{version}'"));
    }
    let release = PackageRelease {
        package: package.name.clone(),
        version: version.to_string(),
        tag,
        previous: latest.as_ref().map(|latest| latest.tag.clone()),
        extra: Default::default(),
    };
    Ok((release, latest))
}

/// The style of a package's first tag: the first format another package's tags use, else
/// its ecosystem's own.
fn new_style(repo: &Repo, project: &Project, package: &Package) -> Result<TagStyle> {
    let tags = repo.tags()?;
    let candidates = formats(repo, package)?;
    for format in &candidates {
        for other in project.packages.iter().filter(|p| *p != package) {
            let style = TagStyle::for_package(format, &other.name, &other.dir)?;
            if tags.iter().any(|(tag, _)| style.version_of(tag).is_some()) {
                return TagStyle::for_package(format, &package.name, &package.dir);
            }
        }
    }
    let own = match package.ecosystem {
        _ if candidates.len() == 1 => candidates[0].as_str(),
        Ecosystem::Npm => "{package}@{version}",
        Ecosystem::Go if package.dir.is_empty() => "v{version}",
        Ecosystem::Go => "{path}/v{version}",
        _ => "{package}-v{version}",
    };
    TagStyle::for_package(own, &package.name, &package.dir)
}

/// Refuses `--version`, which names one version, for a hotfix that releases several
/// packages (`names`), as `finish` and `release-notes` do; `command` is the one to run
/// without it.
pub fn one_version_only(names: &[String], command: &str) -> Result<()> {
    if names.len() < 2 {
        return Ok(());
    }
    Err(Error::refused(format!(
        "--version names one version, and this hotfix releases {} packages: {}",
        names.len(),
        crate::ui::sanitize(&names.join(", "))
    ))
    .hint(format!(
        "{command} without --version: each package gets the patch after its own latest release"
    )))
}

/// One package of a hotfix and its release: recorded by `finish`, else the one it would make
/// now (none while its version cannot be derived).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Planned {
    pub name: String,
    pub dir: String,
    pub release: Option<PackageRelease>,
}

/// The packages of a hotfix with their releases: those `finish` recorded, else those it would
/// make from `head`, counting the releases reachable from it or from production. `given`
/// (`--version`) is the version of a hotfix that releases one package: recorded, it replaces
/// the version shown (the tag stays the one made); planned, the package is released as it,
/// tagged in its style. It is not applied to several packages, which [`one_version_only`]
/// refuses.
pub fn planned(
    repo: &Repo,
    meta: &Metadata,
    head: Option<ObjectId>,
    given: Option<&Version>,
) -> Result<Vec<Planned>> {
    let touched = of_hotfix(repo, meta, head)?;
    if !meta.releases.is_empty() {
        let given = given.filter(|_| meta.releases.len() == 1);
        return Ok(meta
            .releases
            .iter()
            .map(|release| Planned {
                name: release.package.clone(),
                dir: find(&touched.project, &release.package)
                    .map(|p| p.dir.clone())
                    .unwrap_or_default(),
                release: Some(PackageRelease {
                    version: given.map_or_else(|| release.version.clone(), Version::to_string),
                    ..release.clone()
                }),
            })
            .collect());
    }
    let given = given.filter(|_| touched.packages().len() == 1);
    let remote = crate::config::REMOTE.get(repo)?;
    let production = crate::config::production_branch(repo, &remote)?;
    let tips: Vec<ObjectId> = head
        .into_iter()
        .chain(repo.branch_tip(&production)?)
        .chain(Some(meta.base()))
        .collect();
    Ok(touched
        .packages()
        .into_iter()
        .map(|package| Planned {
            name: package.name.clone(),
            dir: package.dir.clone(),
            release: next(repo, &touched.project, package, &tips, given)
                .ok()
                .map(|(release, _)| release),
        })
        .collect())
}

/// `toml_datetime 1.1.2 (toml_datetime-v1.1.2)`, or the name alone with no release yet.
pub fn describe(planned: &Planned) -> String {
    match &planned.release {
        Some(release) => format!("{} {} ({})", planned.name, release.version, release.tag),
        None => planned.name.clone(),
    }
}
