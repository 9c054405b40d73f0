//! Python: every `pyproject.toml` that names a project (`[project]`, or Poetry's
//! `[tool.poetry]`), its static version when it has one, and its dependencies on the
//! repository's other projects, matched by normalised name (PEP 503).

use std::collections::HashMap;

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
    // A map: thousands of projects, each requiring every other, stay linear.
    let names: HashMap<String, String> = projects
        .iter()
        .map(|(_, _, name, _, _)| (normalise(name), name.clone()))
        .collect();
    Ok(projects
        .into_iter()
        .map(|(dir, manifest, name, version, requires)| Package {
            depends_on: requires
                .iter()
                .filter(|dep| **dep != normalise(&name))
                .filter_map(|dep| names.get(dep).cloned())
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

/// Where a Python project's version is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    /// `[project] version` or `[tool.poetry] version` in `pyproject.toml`.
    Manifest,
    /// A file the build reads it from: the first of `paths` that exists, at `variable`
    /// (`__version__`), or its first version number when that is empty (`{file = "VERSION"}`).
    File {
        paths: Vec<String>,
        variable: String,
    },
    /// Derived from the tags (setuptools-scm, hatch-vcs, …) or not stated: nothing to write.
    Vcs,
}

/// Where the project of `text` (its `pyproject.toml`, in `dir`) keeps its version.
pub(super) fn version_source(text: &str, dir: &str) -> Source {
    let Ok(doc) = text.parse::<DocumentMut>() else {
        return Source::Vcs;
    };
    if name_and_version(&doc).is_some_and(|(_, version)| version.is_some()) {
        return Source::Manifest;
    }
    let tool = |path: &[&str]| {
        path.iter()
            .try_fold(doc.get("tool")?, |item, key| item.get(key))
    };
    let at = |path: &str| super::join(dir, path);
    if let Some(hatch) = tool(&["hatch", "version"]) {
        return match hatch.get("path").and_then(Item::as_str) {
            Some(path) => Source::File {
                paths: vec![at(path)],
                variable: "__version__".to_string(),
            },
            None => Source::Vcs,
        };
    }
    if let Some(dynamic) = tool(&["setuptools", "dynamic", "version"]) {
        if let Some(attr) = dynamic.get("attr").and_then(Item::as_str)
            && let Some((module, variable)) = attr.rsplit_once('.')
        {
            let module = module.replace('.', "/");
            let paths = ["src/", ""]
                .iter()
                .flat_map(|root| {
                    [
                        at(&format!("{root}{module}.py")),
                        at(&format!("{root}{module}/__init__.py")),
                    ]
                })
                .collect();
            return Source::File {
                paths,
                variable: variable.to_string(),
            };
        }
        let file = dynamic.get("file");
        let first = file
            .and_then(Item::as_str)
            .or_else(|| file?.as_array()?.get(0)?.as_str());
        if let Some(path) = first {
            return Source::File {
                paths: vec![at(path)],
                variable: String::new(),
            };
        }
    }
    if let Some(path) = tool(&["pdm", "version", "path"]).and_then(Item::as_str) {
        return Source::File {
            paths: vec![at(path)],
            variable: "__version__".to_string(),
        };
    }
    Source::Vcs
}

/// `text` (a `pyproject.toml`) with `[project] version` (or Poetry's) set to `version`, and
/// what it held.
pub(super) fn set_manifest_version(text: &str, version: &str) -> Option<(String, String)> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let table = if doc.get("project").and_then(|p| p.get("version")).is_some() {
        doc.get_mut("project")?
    } else {
        doc.get_mut("tool")?.get_mut("poetry")?
    };
    let value = table.get_mut("version")?.as_value_mut()?;
    let old = value.as_str()?.to_string();
    let decor = value.decor().clone();
    *value = version.into();
    *value.decor_mut() = decor;
    Some((doc.to_string(), old))
}

/// `text` (a Python module) with `variable = "…"` (`__version__: str = '…'` too) set to
/// `version`, and what it held; the first version number when `variable` is empty.
pub(super) fn set_assignment(
    text: &str,
    variable: &str,
    version: &str,
) -> Option<(String, String)> {
    let pattern = if variable.is_empty() {
        r"(\d+\.\d+(?:\.\d+)?(?:[-.+]?[0-9A-Za-z.]+)?)".to_string()
    } else {
        format!(
            r#"(?m)^\s*{}\s*(?::\s*[\w.]+\s*)?=\s*["']([^"']+)["']"#,
            regex::escape(variable)
        )
    };
    let re = regex::Regex::new(&pattern).ok()?;
    super::versions::replace_group(text, &re, version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_version_where_the_build_reads_it() {
        let setuptools = "[project]\nname = \"acme\"\ndynamic = [\"version\"]\n\n[tool.setuptools.dynamic]\nversion = {attr = \"acme.__about__.__version__\"}\n";
        assert_eq!(
            version_source(setuptools, ""),
            Source::File {
                paths: vec![
                    "src/acme/__about__.py".into(),
                    "src/acme/__about__/__init__.py".into(),
                    "acme/__about__.py".into(),
                    "acme/__about__/__init__.py".into()
                ],
                variable: "__version__".into()
            }
        );
        let scm = "[project]\nname = \"acme\"\ndynamic = [\"version\"]\n\n[tool.setuptools_scm]\n";
        assert_eq!(version_source(scm, ""), Source::Vcs);
        let vcs = "[project]\nname = \"acme\"\ndynamic = [\"version\"]\n\n[tool.hatch.version]\nsource = \"vcs\"\n";
        assert_eq!(version_source(vcs, ""), Source::Vcs);
        let fixed = "[project]\nname = \"acme\"\nversion = \"2.0.1\"\n";
        assert_eq!(version_source(fixed, "py"), Source::Manifest);
        let (text, old) = set_manifest_version(fixed, "2.0.2").unwrap();
        assert_eq!(
            (text, old),
            (fixed.replace("2.0.1", "2.0.2"), "2.0.1".to_string())
        );
        let module = "\"\"\"Acme.\"\"\"\n__version__: str = '2.0.1'\n";
        let (text, _) = set_assignment(module, "__version__", "2.0.2").unwrap();
        assert_eq!(text, module.replace("2.0.1", "2.0.2"));
    }

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
