//! Python: every `pyproject.toml` that names a project (`[project]`, or Poetry's
//! `[tool.poetry]`), its static version when it has one, and its dependencies on the
//! repository's other projects, matched by normalised name (PEP 503).

use toml_edit::{DocumentMut, Item};

use super::{Ecosystem, Package, Tree, manifest_in};
use crate::error::Result;

const MANIFEST: &str = "pyproject.toml";

pub(super) fn packages(tree: &mut Tree) -> Result<Vec<Package>> {
    let mut projects = Vec::new();
    for dir in tree.dirs_with(MANIFEST) {
        let manifest = manifest_in(&dir, MANIFEST);
        if let Some(doc) = tree.toml(&manifest)?
            && let Some((name, version)) = name_and_version(&doc)
        {
            let requires = requirements(&doc);
            projects.push((dir, manifest, name, version, requires));
        }
    }
    let names: Vec<(String, String)> = projects
        .iter()
        .map(|(_, _, name, _, _)| (normalise(name), name.clone()))
        .collect();
    Ok(projects
        .into_iter()
        .map(|(dir, manifest, name, version, requires)| Package {
            depends_on: requires
                .iter()
                .filter(|dep| **dep != normalise(&name))
                .filter_map(|dep| names.iter().find(|(n, _)| n == dep))
                .map(|(_, original)| original.clone())
                .collect(),
            name,
            dir,
            manifest,
            ecosystem: Ecosystem::Python,
            version,
            inherits_version: false,
        })
        .collect())
}

fn name_and_version(doc: &DocumentMut) -> Option<(String, Option<String>)> {
    let table = doc
        .get("project")
        .or_else(|| doc.get("tool")?.get("poetry"))?;
    let name = table.get("name")?.as_str()?.to_string();
    let version = table
        .get("version")
        .and_then(Item::as_str)
        .map(str::to_string);
    Some((name, version))
}

/// The normalised names of every requirement: PEP 621 dependencies and optional ones, and
/// Poetry's dependency tables.
fn requirements(doc: &DocumentMut) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(project) = doc.get("project") {
        let optional = project
            .get("optional-dependencies")
            .and_then(Item::as_table_like)
            .into_iter()
            .flat_map(|table| table.iter().map(|(_, list)| list));
        for list in project.get("dependencies").into_iter().chain(optional) {
            if let Some(array) = list.as_array() {
                names.extend(
                    array
                        .iter()
                        .filter_map(|value| value.as_str())
                        .map(requirement_name),
                );
            }
        }
    }
    if let Some(poetry) = doc.get("tool").and_then(|tool| tool.get("poetry")) {
        for table in ["dependencies", "dev-dependencies"] {
            if let Some(table) = poetry.get(table).and_then(Item::as_table_like) {
                names.extend(table.iter().map(|(name, _)| normalise(name)));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The project name at the start of a PEP 508 requirement (`core[extra]>=1.0; python>"3"`).
fn requirement_name(requirement: &str) -> String {
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(requirement.len());
    normalise(&requirement[..end])
}

/// PEP 503: lower case, with runs of `-`, `_` and `.` as one `-`.
fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_requirement_names_as_pip_does() {
        assert_eq!(
            requirement_name("Shop_Core[fast]>=1.0; python_version>'3.8'"),
            "shop-core"
        );
        assert_eq!(requirement_name("requests"), "requests");
        assert_eq!(normalise("zope.Interface__x"), "zope-interface-x");
    }
}
