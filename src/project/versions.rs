//! Where a package keeps its version, and the edits that set a new one: the manifests the
//! packages were discovered from (each ecosystem's file sets its own, beside its discovery),
//! their lock files, the module a dynamic Python version is read from, and the files of no
//! manifest (`VERSION`, Ruby's `version.rb` and `*.gemspec`). Read from a commit's tree like
//! the discovery, so a dry run sees what the finish will write; every edit changes only the
//! version text and keeps the rest of the file as it was.

use std::collections::BTreeMap;

use super::{Ecosystem, Package, Project, cargo, npm, pins, python};
use crate::error::Result;
use crate::files::Edit;
use crate::git::{EntryKind, ObjectId, Repo};

/// One file whose version a release sets, with the version it states now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: String,
    pub version: String,
}

/// What setting the version changes: the edits, and the versions the files stated before.
#[derive(Debug, Default)]
pub struct Bump {
    pub edits: Vec<Edit>,
    pub found: Vec<Found>,
    /// The symbolic links found where a manifest or version file was looked for, left out
    /// (never read or written through): one warning each ([`Bump::warnings`]).
    pub links: Vec<String>,
}

impl Bump {
    /// What the user is told of the files left out.
    pub fn warnings(&self) -> Vec<String> {
        self.links
            .iter()
            .map(|path| super::link_left_out(path))
            .collect()
    }
}

/// The texts read and changed so far, by path, so a file two packages share (a lock file)
/// is edited once with both changes.
struct Files<'a> {
    repo: &'a Repo,
    commit: ObjectId,
    before: BTreeMap<String, Option<String>>,
    after: BTreeMap<String, String>,
    found: Vec<Found>,
    /// Symbolic links met where a file was looked for, the project's manifests' first.
    links: Vec<String>,
}

impl<'a> Files<'a> {
    fn new(repo: &'a Repo, commit: ObjectId, project: &Project) -> Files<'a> {
        Files {
            repo,
            commit,
            before: BTreeMap::new(),
            after: BTreeMap::new(),
            found: Vec::new(),
            links: project.links.clone(),
        }
    }

    fn text(&mut self, path: &str) -> Result<Option<String>> {
        if let Some(text) = self.after.get(path) {
            return Ok(Some(text.clone()));
        }
        if !self.before.contains_key(path) {
            let bytes = self.repo.file_at(self.commit, path)?;
            if bytes.is_none()
                && self
                    .repo
                    .entry_kind(self.repo.tree_of(self.commit)?, path)?
                    == Some(EntryKind::Link)
                && !self.links.iter().any(|link| link == path)
            {
                self.links.push(path.to_string());
            }
            let text = bytes.and_then(|bytes| String::from_utf8(bytes).ok());
            self.before.insert(path.to_string(), text);
        }
        Ok(self.before[path].clone())
    }

    /// Applies `set` (the new text and the version it replaced, or `None`) to `path`.
    fn change(
        &mut self,
        path: &str,
        set: impl FnOnce(&str) -> Option<(String, String)>,
    ) -> Result<bool> {
        let Some(text) = self.text(path)? else {
            return Ok(false);
        };
        let Some((after, old)) = set(&text) else {
            return Ok(false);
        };
        if !self.found.iter().any(|f| f.path == path) {
            self.found.push(Found {
                path: path.to_string(),
                version: old,
            });
        }
        self.after.insert(path.to_string(), after);
        Ok(true)
    }

    /// Applies `set` (the new text, or `None`) to `path`, with no version to report: a
    /// requirement on another package rather than the file's own version.
    fn edit(&mut self, path: &str, set: impl FnOnce(&str) -> Option<String>) -> Result<()> {
        if let Some(text) = self.text(path)?
            && let Some(after) = set(&text)
        {
            self.after.insert(path.to_string(), after);
        }
        Ok(())
    }

    fn into_bump(self) -> Bump {
        let mut edits = Vec::new();
        for (path, after) in self.after {
            let before = self.before.get(&path).cloned().flatten();
            if before.as_deref() != Some(after.as_str()) {
                edits.push(Edit {
                    path,
                    before,
                    after,
                });
            }
        }
        Bump {
            edits,
            found: self.found,
            links: self.links,
        }
    }
}

/// The edits that set `version` for `packages` of `project` at `commit`: each one's manifest
/// (or the file its version is read from), the workspace version members inherit, the lock
/// files, and the root's `VERSION` / Ruby version files. `paths`, when given
/// (`hotfix.versionFiles`), replaces the detection: exactly those files are set.
pub fn bump(
    repo: &Repo,
    commit: ObjectId,
    project: &Project,
    packages: &[&Package],
    version: &str,
    paths: Option<&[String]>,
) -> Result<Bump> {
    let mut files = Files::new(repo, commit, project);
    if let Some(paths) = paths {
        for path in paths {
            files.change(path, |text| any_file(path, text, version))?;
        }
        return Ok(files.into_bump());
    }
    let mut cargo_members: Vec<&str> = Vec::new();
    for package in packages {
        set_package(&mut files, project, package, version, &mut cargo_members)?;
    }
    if !cargo_members.is_empty() {
        files.change("Cargo.lock", |text| {
            cargo::set_lock_versions(text, &cargo_members, version)
        })?;
    }
    plain_files(&mut files, version)?;
    Ok(files.into_bump())
}

/// The edits that release each of `releases` (a package and its own version) from `commit`,
/// in a repository that releases its packages one by one: each package's own version files
/// and lock entries, and every requirement the repository's packages (and a Cargo
/// workspace's shared dependencies) pin on a released one raised to its new version.
pub fn bump_each(
    repo: &Repo,
    commit: ObjectId,
    project: &Project,
    releases: &[(&Package, &str)],
) -> Result<Bump> {
    let mut files = Files::new(repo, commit, project);
    for (package, version) in releases {
        let mut cargo_members = Vec::new();
        set_package(&mut files, project, package, version, &mut cargo_members)?;
        if !cargo_members.is_empty() {
            files.change("Cargo.lock", |text| {
                cargo::set_lock_versions(text, &cargo_members, version)
            })?;
        }
    }
    for (released, version) in releases {
        let dependents = project
            .packages
            .iter()
            .filter(|p| p.ecosystem == released.ecosystem && p.depends_on.contains(&released.name));
        for dependent in dependents {
            files.edit(&dependent.manifest, |text| {
                pins::raise(dependent.ecosystem, text, &released.name, version)
            })?;
        }
        if released.ecosystem == Ecosystem::Cargo {
            files.edit("Cargo.toml", |text| {
                pins::raise(Ecosystem::Cargo, text, &released.name, version)
            })?;
        }
    }
    Ok(files.into_bump())
}

/// The edits that set `version` for one package: its manifest (or the file its version is
/// read from), or the workspace version it inherits, and its npm lock entries; the Cargo
/// members whose `Cargo.lock` entries follow are added to `cargo_members`.
fn set_package<'a>(
    files: &mut Files,
    project: &'a Project,
    package: &'a Package,
    version: &str,
    cargo_members: &mut Vec<&'a str>,
) -> Result<()> {
    match package.ecosystem {
        Ecosystem::Cargo => {
            if package.inherits_version
                && let Some(workspace) = &project.workspace_version
            {
                files.change(&workspace.manifest, |text| {
                    cargo::set_manifest_version(text, true, version)
                })?;
                cargo_members.extend(
                    project
                        .packages
                        .iter()
                        .filter(|p| p.ecosystem == Ecosystem::Cargo && p.inherits_version)
                        .map(|p| p.name.as_str()),
                );
            } else if files.change(&package.manifest, |text| {
                cargo::set_manifest_version(text, false, version)
            })? {
                cargo_members.push(&package.name);
            }
        }
        Ecosystem::Npm => {
            if files.change(&package.manifest, |text| {
                npm::set_version(text, &["version"], version)
            })? {
                for lock in ["package-lock.json", "npm-shrinkwrap.json"] {
                    files.change(lock, |text| {
                        npm::set_lock_version(text, &package.dir, version)
                    })?;
                }
            }
        }
        Ecosystem::Python => {
            let Some(manifest) = files.text(&package.manifest)? else {
                return Ok(());
            };
            match python::version_source(&manifest, &package.dir) {
                python::Source::Manifest => {
                    files.change(&package.manifest, |text| {
                        python::set_manifest_version(text, version)
                    })?;
                }
                python::Source::File { paths, variable } => {
                    for path in paths {
                        if files.change(&path, |text| {
                            python::set_assignment(text, &variable, version)
                        })? {
                            break;
                        }
                    }
                }
                python::Source::Vcs => {}
            }
        }
        Ecosystem::Go | Ecosystem::Configured => {}
    }
    Ok(())
}

/// The version files of no manifest, at the root: `VERSION`, `lib/**/version.rb` and a
/// `*.gemspec` that states its version itself.
fn plain_files(files: &mut Files, version: &str) -> Result<()> {
    files.change("VERSION", |text| any_file("VERSION", text, version))?;
    let ruby = files.repo.paths_where(
        files.commit,
        |name| name == "version.rb" || name.ends_with(".gemspec"),
        |dir| dir.starts_with('.') || matches!(dir, "vendor" | "node_modules" | "spec" | "test"),
    )?;
    for path in ruby {
        let root_gemspec = path.ends_with(".gemspec") && !path.contains('/');
        if root_gemspec || path.starts_with("lib/") {
            files.change(&path, |text| ruby_version(text, version))?;
        }
    }
    Ok(())
}

/// `VERSION = "1.2.3"` (version.rb) or `spec.version = "1.2.3"` (a gemspec) set to `version`.
fn ruby_version(text: &str, version: &str) -> Option<(String, String)> {
    static RUBY: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RUBY.get_or_init(|| {
        regex::Regex::new(r#"(?m)^\s*(?:VERSION|\w+\.version)\s*=\s*["']([^"']+)["']"#)
            .expect("valid")
    });
    replace_group(text, re, version)
}

/// A file `hotfix.versionFiles` names, set by its kind: a manifest as its ecosystem writes it,
/// a Python module's `__version__`, else the first version number in it.
fn any_file(path: &str, text: &str, version: &str) -> Option<(String, String)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        "Cargo.toml" => cargo::set_manifest_version(text, false, version)
            .or_else(|| cargo::set_manifest_version(text, true, version)),
        "package.json" => npm::set_version(text, &["version"], version),
        "package-lock.json" | "npm-shrinkwrap.json" => npm::set_lock_version(text, "", version),
        "pyproject.toml" => python::set_manifest_version(text, version),
        _ if name.ends_with(".py") => python::set_assignment(text, "__version__", version),
        _ if name.ends_with(".rb") || name.ends_with(".gemspec") => ruby_version(text, version),
        _ => {
            static NUMBER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
            let re = NUMBER.get_or_init(|| {
                regex::Regex::new(r"(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)").expect("valid")
            });
            replace_group(text, re, version)
        }
    }
}

/// `text` with the first match's group 1 replaced by `version`, and what it held.
pub(super) fn replace_group(
    text: &str,
    re: &regex::Regex,
    version: &str,
) -> Option<(String, String)> {
    let group = re.captures(text)?.get(1)?;
    let mut out = text.to_string();
    out.replace_range(group.range(), version);
    Some((out, group.as_str().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruby_and_plain_version_files_are_set() {
        let (text, old) =
            ruby_version("module Acme\n  VERSION = \"2.0.1\".freeze\nend\n", "2.0.2").unwrap();
        assert_eq!(text, "module Acme\n  VERSION = \"2.0.2\".freeze\nend\n");
        assert_eq!(old, "2.0.1");
        let (text, _) = ruby_version("  spec.version = '2.0.1'\n", "2.0.2").unwrap();
        assert_eq!(text, "  spec.version = '2.0.2'\n");
        assert_eq!(
            ruby_version("  spec.version = Acme::VERSION\n", "2.0.2"),
            None
        );
        let (text, old) = any_file("VERSION", "2.0.1\n", "2.0.2").unwrap();
        assert_eq!((text.as_str(), old.as_str()), ("2.0.2\n", "2.0.1"));
    }
}
