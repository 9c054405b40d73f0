//! The packages a repository holds, read from the project's own manifests: Cargo workspaces,
//! npm/yarn/pnpm workspaces, Go modules and Python projects. A hotfix releases the packages it
//! touches, bumps their versions and runs their tests, so everything that needs "which package
//! is this path in, and who depends on it" asks here instead of parsing manifests itself.
//!
//! Read from a commit's tree, never the work tree, so every clone sees the same packages. A
//! manifest that does not parse is reported as a problem and skipped: one broken file in a
//! corner of a monorepo must not stop a hotfix elsewhere.

mod cargo;
mod changes;
mod declared;
mod go;
mod go_packages;
mod npm;
mod pins;
mod python;
mod python_imports;
pub mod versions;

pub use changes::is_version_only;
pub use go_packages::{GoPackage, go_importers, go_packages};
pub use python_imports::python_tests_affected;

use std::collections::{BTreeMap, BTreeSet};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::Result;
use crate::git::{ObjectId, Repo};

/// The tool that builds and releases a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Cargo,
    Npm,
    Go,
    Python,
    /// Declared in `hotfix.packages` rather than read from a manifest.
    Configured,
}

impl Ecosystem {
    pub fn name(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "cargo",
            Ecosystem::Npm => "npm",
            Ecosystem::Go => "go",
            Ecosystem::Python => "python",
            Ecosystem::Configured => "config",
        }
    }
}

/// One releasable unit: a crate, an npm package, a Go module, a Python project.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Package {
    /// The name its ecosystem knows it by (`toml_datetime`, `@scope/ui`, `example.com/api`).
    pub name: String,
    /// Its directory relative to the repository root, `""` for the root itself.
    pub dir: String,
    /// Its manifest's path relative to the repository root.
    pub manifest: String,
    pub ecosystem: Ecosystem,
    /// The version its manifest states, when it states one itself.
    pub version: Option<String>,
    /// A Cargo member whose version is `version.workspace = true`: it has the workspace's.
    pub inherits_version: bool,
    /// Names of the packages of this repository it depends on (by path or `workspace:`).
    pub depends_on: Vec<String>,
}

impl Package {
    /// True when `path` (relative to the root) is inside this package's directory.
    pub fn contains(&self, path: &str) -> bool {
        self.dir.is_empty()
            || path
                .strip_prefix(&self.dir)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// `[workspace.package] version` and the manifest that states it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkspaceVersion {
    pub manifest: String,
    pub version: String,
}

/// Everything the manifests of one commit say.
#[derive(Debug, Default)]
pub struct Project {
    pub packages: Vec<Package>,
    /// A Cargo workspace's own version, which members with `version.workspace = true` have.
    pub workspace_version: Option<WorkspaceVersion>,
    /// Manifests that could not be read, each with the reason.
    pub problems: Vec<String>,
    /// Paths with a manifest's name that are symbolic links: git does not take a link for the
    /// file it points to, so neither does the discovery, and nothing is written through one.
    pub links: Vec<String>,
}

/// Directories no manifest is looked for in: dependencies, build output, test data.
pub(crate) const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "vendor",
    "testdata",
    "fixtures",
    "dist",
    "build",
];

/// File names that can make a directory a package.
const MANIFESTS: &[&str] = &[
    "Cargo.toml",
    "package.json",
    "pnpm-workspace.yaml",
    "go.mod",
    "pyproject.toml",
];

impl Project {
    /// Reads the packages of `commit`'s tree.
    pub fn at(repo: &Repo, commit: ObjectId) -> Result<Project> {
        let found = repo.entries_where(
            commit,
            |name| MANIFESTS.contains(&name),
            |dir| dir.starts_with('.') || dir.starts_with('_') || SKIPPED_DIRS.contains(&dir),
        )?;
        let mut tree = Tree {
            repo,
            commit,
            manifests: found.files,
            problems: Vec::new(),
        };
        for link in &found.links {
            tree.problem(link, "a symbolic link is not a manifest");
        }
        let (mut packages, workspace_version) = cargo::packages(&mut tree)?;
        packages.extend(npm::packages(&mut tree)?);
        packages.extend(go::packages(&mut tree)?);
        packages.extend(python::packages(&mut tree)?);
        packages.sort_by(|a, b| (a.ecosystem, &a.dir).cmp(&(b.ecosystem, &b.dir)));
        Ok(Project {
            packages,
            workspace_version,
            problems: tree.problems,
            links: found.links,
        })
    }

    /// The version `package` is released as: its own, or the workspace's when it inherits it.
    pub fn version_of<'a>(&'a self, package: &'a Package) -> Option<&'a str> {
        match (
            &package.version,
            package.inherits_version,
            &self.workspace_version,
        ) {
            (Some(version), _, _) => Some(version),
            (None, true, Some(workspace)) => Some(&workspace.version),
            _ => None,
        }
    }

    /// The package `path` belongs to: the one with the deepest directory containing it.
    pub fn owner_of(&self, path: &str) -> Option<&Package> {
        self.packages
            .iter()
            .filter(|package| package.contains(path))
            .max_by_key(|package| package.dir.len())
    }

    /// The packages that own any of `paths`, each once, in the project's order.
    pub fn touched<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Vec<&Package> {
        let owners: BTreeSet<(Ecosystem, &str)> = paths
            .into_iter()
            .filter_map(|path| self.owner_of(path))
            .map(|package| (package.ecosystem, package.name.as_str()))
            .collect();
        self.in_order(&owners)
    }

    /// The packages that depend on any of `packages`, directly or through others, excluding
    /// `packages` themselves.
    pub fn dependents(&self, packages: &[&Package]) -> Vec<&Package> {
        let start: BTreeSet<(Ecosystem, &str)> = packages
            .iter()
            .map(|package| (package.ecosystem, package.name.as_str()))
            .collect();
        // Each package's dependents, so that each is reached once however long the chain.
        let mut dependents: BTreeMap<(Ecosystem, &str), Vec<(Ecosystem, &str)>> = BTreeMap::new();
        for package in &self.packages {
            for dep in &package.depends_on {
                dependents
                    .entry((package.ecosystem, dep.as_str()))
                    .or_default()
                    .push((package.ecosystem, package.name.as_str()));
            }
        }
        let mut reached = start.clone();
        let mut queue: Vec<(Ecosystem, &str)> = start.iter().copied().collect();
        while let Some(key) = queue.pop() {
            for dependent in dependents.get(&key).into_iter().flatten() {
                if reached.insert(*dependent) {
                    queue.push(*dependent);
                }
            }
        }
        let only_new: BTreeSet<_> = reached.difference(&start).copied().collect();
        self.in_order(&only_new)
    }

    fn in_order(&self, keys: &BTreeSet<(Ecosystem, &str)>) -> Vec<&Package> {
        self.packages
            .iter()
            .filter(|package| keys.contains(&(package.ecosystem, package.name.as_str())))
            .collect()
    }
}

/// The manifests of one commit, read on demand, with the problems met so far.
struct Tree<'a> {
    repo: &'a Repo,
    commit: ObjectId,
    manifests: Vec<String>,
    problems: Vec<String>,
}

impl Tree<'_> {
    /// The text of `path`; `None`, with a problem noted, when it is missing or not UTF-8.
    fn read(&mut self, path: &str) -> Result<Option<String>> {
        match self.repo.file_at(self.commit, path)? {
            Some(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok(Some(text)),
                Err(_) => {
                    self.problem(path, "it is not UTF-8 text");
                    Ok(None)
                }
            },
            None => Ok(None),
        }
    }

    /// Parses `path` as TOML; `None`, with a problem noted, when it does not parse.
    fn toml(&mut self, path: &str) -> Result<Option<toml_edit::DocumentMut>> {
        let Some(text) = self.read(path)? else {
            return Ok(None);
        };
        match text.parse::<toml_edit::DocumentMut>() {
            Ok(doc) => Ok(Some(doc)),
            Err(err) => {
                self.problem(path, &first_line(&err.to_string()));
                Ok(None)
            }
        }
    }

    /// Parses `path` as JSON; `None`, with a problem noted, when it does not parse.
    fn json(&mut self, path: &str) -> Result<Option<serde_json::Value>> {
        let Some(text) = self.read(path)? else {
            return Ok(None);
        };
        match serde_json::from_str(&text) {
            Ok(value) => Ok(Some(value)),
            Err(err) => {
                self.problem(path, &err.to_string());
                Ok(None)
            }
        }
    }

    fn problem(&mut self, path: &str, why: &str) {
        self.problems.push(format!("{path}: {why}"));
    }

    /// The manifests named `file` whose directory matches one of `patterns` (workspace member
    /// globs relative to `root`) and none of `excluded`, as directories relative to the root.
    fn member_dirs(
        &mut self,
        root: &str,
        file: &str,
        patterns: &[String],
        excluded: &[String],
    ) -> Vec<String> {
        let included = self.globs(root, patterns);
        let excluded = self.globs(root, excluded);
        self.manifests
            .iter()
            .filter_map(|path| dir_of(path, file))
            .filter(|dir| included.is_match(dir) && !excluded.is_match(dir))
            .map(str::to_string)
            .collect()
    }

    fn globs(&mut self, root: &str, patterns: &[String]) -> GlobSet {
        let mut set = GlobSetBuilder::new();
        for pattern in patterns {
            let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
            match GlobBuilder::new(&join(root, pattern))
                .literal_separator(true)
                .build()
            {
                Ok(glob) => {
                    set.add(glob);
                }
                Err(err) => self.problem(root, &format!("the member pattern {pattern}: {err}")),
            }
        }
        set.build().unwrap_or_else(|_| GlobSet::empty())
    }

    /// The directories of the manifests named `file`.
    fn dirs_with(&self, file: &str) -> Vec<String> {
        self.manifests
            .iter()
            .filter_map(|path| dir_of(path, file))
            .map(str::to_string)
            .collect()
    }
}

/// What is said of a file of the tree that is a symbolic link where a manifest or version file
/// is looked for (`packages/api/package.json`): it is left out, never read or written through.
pub fn link_left_out(path: &str) -> String {
    format!(
        "{} is a symbolic link, not a file: it is left out, neither read nor written through",
        crate::ui::sanitize(path)
    )
}

/// The directory of `path` when its file name is `file` (`""` for the root).
fn dir_of<'a>(path: &'a str, file: &str) -> Option<&'a str> {
    if path == file {
        return Some("");
    }
    path.strip_suffix(file)?.strip_suffix('/')
}

/// `dir/rest`, or `rest` at the root.
fn join(dir: &str, rest: &str) -> String {
    if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    }
}

/// `dir` joined with a relative path such as `../core`, normalised; `None` when it leaves the
/// repository or is absolute.
pub fn resolve(dir: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|part| !part.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The manifest path of the package in `dir`.
fn manifest_in(dir: &str, file: &str) -> String {
    join(dir, file)
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or(text)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_paths_inside_the_repository_only() {
        assert_eq!(resolve("crates/a", "../b").as_deref(), Some("crates/b"));
        assert_eq!(resolve("", "./crates/b/").as_deref(), Some("crates/b"));
        assert_eq!(resolve("a", "../../outside"), None);
        assert_eq!(resolve("a", "/etc/passwd"), None);
    }

    #[test]
    fn the_deepest_package_owns_a_path() {
        let package = |name: &str, dir: &str| Package {
            name: name.into(),
            dir: dir.into(),
            manifest: manifest_in(dir, "Cargo.toml"),
            ecosystem: Ecosystem::Cargo,
            version: None,
            inherits_version: false,
            depends_on: Vec::new(),
        };
        let project = Project {
            packages: vec![package("root", ""), package("a", "crates/a")],
            ..Project::default()
        };
        assert_eq!(project.owner_of("crates/a/src/lib.rs").unwrap().name, "a");
        assert_eq!(
            project.owner_of("crates/ab/src/lib.rs").unwrap().name,
            "root"
        );
        assert_eq!(project.owner_of("README.md").unwrap().name, "root");
    }

    #[test]
    fn thousands_of_packages_depending_in_a_chain_and_a_cycle_are_walked_once() {
        let count = 50_000;
        let packages = (0..count)
            .map(|n| Package {
                name: format!("p{n}"),
                dir: format!("p{n}"),
                manifest: manifest_in(&format!("p{n}"), "Cargo.toml"),
                ecosystem: Ecosystem::Cargo,
                version: None,
                inherits_version: false,
                depends_on: vec![format!("p{}", (n + 1) % count)],
            })
            .collect();
        let project = Project {
            packages,
            ..Project::default()
        };
        let last = &project.packages[count - 1];
        assert_eq!(project.dependents(&[last]).len(), count - 1);
    }
}
