//! Cargo: the root `Cargo.toml`'s package and `[workspace] members` (globs, less `exclude`),
//! their versions (`version.workspace = true` inherits `[workspace.package] version`) and the
//! dependencies between them, by `path` or through `[workspace.dependencies]`.

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, Item, TableLike};

use super::{Ecosystem, Package, Tree, WorkspaceVersion, manifest_in, resolve};
use crate::error::Result;

const MANIFEST: &str = "Cargo.toml";
const DEPENDENCY_TABLES: &[&str] = &["dependencies", "dev-dependencies", "build-dependencies"];

/// A member as read, its dependencies still as directories.
struct Member {
    package: Package,
    dependency_dirs: Vec<String>,
}

/// The crates of the workspace (or the single crate) rooted at the repository's root, and the
/// workspace's own version with its manifest.
pub(super) fn packages(tree: &mut Tree) -> Result<(Vec<Package>, Option<WorkspaceVersion>)> {
    if !tree.manifests.iter().any(|path| path == MANIFEST) {
        return Ok((Vec::new(), None));
    }
    let Some(root) = tree.toml(MANIFEST)? else {
        return Ok((Vec::new(), None));
    };
    let workspace = root.get("workspace").and_then(Item::as_table_like);
    let workspace_version = workspace
        .and_then(|ws| ws.get("package"))
        .and_then(|package| package.get("version"))
        .and_then(Item::as_str)
        .map(|version| WorkspaceVersion {
            manifest: MANIFEST.to_string(),
            version: version.to_string(),
        });
    let shared = workspace.map(shared_dependency_dirs).unwrap_or_default();

    let mut dirs = Vec::new();
    if root.get("package").is_some() {
        dirs.push(String::new());
    }
    if let Some(workspace) = workspace {
        let members = strings(workspace.get("members"));
        let excluded = strings(workspace.get("exclude"));
        for dir in tree.member_dirs("", MANIFEST, &members, &excluded) {
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }

    let mut members = Vec::new();
    for dir in dirs {
        let doc = if dir.is_empty() {
            Some(root.clone())
        } else {
            tree.toml(&manifest_in(&dir, MANIFEST))?
        };
        if let Some(member) = doc.and_then(|doc| member(&doc, &dir, &shared)) {
            members.push(member);
        }
    }
    let names: BTreeMap<String, String> = members
        .iter()
        .map(|m| (m.package.dir.clone(), m.package.name.clone()))
        .collect();
    let packages = members
        .into_iter()
        .map(|mut member| {
            member.package.depends_on = member
                .dependency_dirs
                .iter()
                .filter_map(|dir| names.get(dir).cloned())
                .collect();
            member.package.depends_on.sort();
            member.package.depends_on.dedup();
            member.package
        })
        .collect();
    Ok((packages, workspace_version))
}

/// `[workspace.dependencies]` entries that are paths: name → directory.
fn shared_dependency_dirs(workspace: &dyn TableLike) -> BTreeMap<String, String> {
    let Some(table) = workspace.get("dependencies").and_then(Item::as_table_like) else {
        return BTreeMap::new();
    };
    table
        .iter()
        .filter_map(|(name, spec)| {
            let path = spec.get("path")?.as_str()?;
            Some((name.to_string(), resolve("", path)?))
        })
        .collect()
}

fn member(doc: &DocumentMut, dir: &str, shared: &BTreeMap<String, String>) -> Option<Member> {
    let package = doc.get("package")?.as_table_like()?;
    let name = package.get("name")?.as_str()?.to_string();
    let version_item = package.get("version");
    let inherits_version = version_item
        .and_then(|version| version.get("workspace"))
        .and_then(Item::as_bool)
        .unwrap_or(false);
    let version = version_item.and_then(Item::as_str).map(str::to_string);
    Some(Member {
        package: Package {
            name,
            dir: dir.to_string(),
            manifest: manifest_in(dir, MANIFEST),
            ecosystem: Ecosystem::Cargo,
            version,
            inherits_version,
            depends_on: Vec::new(),
        },
        dependency_dirs: dependency_dirs(doc, dir, shared),
    })
}

/// The directories of every path dependency, in all dependency tables, targets included.
fn dependency_dirs(doc: &DocumentMut, dir: &str, shared: &BTreeMap<String, String>) -> Vec<String> {
    let mut tables: Vec<&dyn TableLike> = DEPENDENCY_TABLES
        .iter()
        .filter_map(|name| doc.get(name)?.as_table_like())
        .collect();
    if let Some(targets) = doc.get("target").and_then(Item::as_table_like) {
        for (_, target) in targets.iter() {
            tables.extend(
                DEPENDENCY_TABLES
                    .iter()
                    .filter_map(|name| target.get(name)?.as_table_like()),
            );
        }
    }
    let mut dirs = Vec::new();
    for table in tables {
        for (key, spec) in table.iter() {
            if let Some(path) = spec.get("path").and_then(Item::as_str) {
                dirs.extend(resolve(dir, path));
            } else if spec.get("workspace").and_then(Item::as_bool) == Some(true) {
                let name = spec.get("package").and_then(Item::as_str).unwrap_or(key);
                dirs.extend(shared.get(name).cloned());
            }
        }
    }
    dirs
}

/// A TOML array of strings; anything else is empty.
fn strings(item: Option<&Item>) -> Vec<String> {
    item.and_then(Item::as_array)
        .map(|array| {
            array
                .iter()
                .filter_map(|value| value.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `text` (a Cargo manifest) with its `[package] version`, or its `[workspace.package]
/// version` when `workspace`, set to `version`, and the version it stated; `None` when it
/// states none there (a member with `version.workspace = true`).
pub(super) fn set_manifest_version(
    text: &str,
    workspace: bool,
    version: &str,
) -> Option<(String, String)> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let table = if workspace {
        doc.get_mut("workspace")?.get_mut("package")?
    } else {
        doc.get_mut("package")?
    };
    let old = set_string(table.get_mut("version")?, version)?;
    Some((doc.to_string(), old))
}

/// `text` (a `Cargo.lock`) with the entries of the workspace's own crates `names` (those with
/// no `source`) at `version`, and the version the first of them had.
pub(super) fn set_lock_versions(
    text: &str,
    names: &[&str],
    version: &str,
) -> Option<(String, String)> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let mut old = None;
    for entry in doc.get_mut("package")?.as_array_of_tables_mut()?.iter_mut() {
        let own = entry
            .get("name")
            .and_then(Item::as_str)
            .is_some_and(|name| names.contains(&name))
            && entry.get("source").is_none();
        if own && let Some(item) = entry.get_mut("version") {
            let was = set_string(item, version);
            old = old.or(was);
        }
    }
    Some((doc.to_string(), old?))
}

/// Sets a string value in place, keeping the spaces and comments around it; the old value.
fn set_string(item: &mut Item, version: &str) -> Option<String> {
    let value = item.as_value_mut()?;
    let old = value.as_str()?.to_string();
    let decor = value.decor().clone();
    *value = version.into();
    *value.decor_mut() = decor;
    Some(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_the_package_the_workspace_and_the_lock_versions_keeping_the_rest() {
        let manifest = "[package]\nname = \"app\"  # the binary\nversion = \"2.0.1\" # released\nedition = \"2021\"\n";
        let (text, old) = set_manifest_version(manifest, false, "2.0.2").unwrap();
        assert_eq!(
            text,
            "[package]\nname = \"app\"  # the binary\nversion = \"2.0.2\" # released\nedition = \"2021\"\n"
        );
        assert_eq!(old, "2.0.1");
        let member = "[package]\nname = \"core\"\nversion.workspace = true\n";
        assert_eq!(set_manifest_version(member, false, "2.0.2"), None);
        let root =
            "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"2.0.1\"\n";
        let (text, _) = set_manifest_version(root, true, "2.0.2").unwrap();
        assert!(
            text.ends_with("[workspace.package]\nversion = \"2.0.2\"\n"),
            "{text}"
        );
        let lock = "version = 4\n\n[[package]]\nname = \"core\"\nversion = \"2.0.1\"\n\n[[package]]\nname = \"serde\"\nversion = \"2.0.1\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let (text, old) = set_lock_versions(lock, &["core", "serde"], "2.0.2").unwrap();
        assert_eq!(
            text,
            lock.replacen(
                "name = \"core\"\nversion = \"2.0.1\"",
                "name = \"core\"\nversion = \"2.0.2\"",
                1
            )
        );
        assert_eq!(old, "2.0.1");
    }
}
