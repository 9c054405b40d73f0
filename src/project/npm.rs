//! npm, yarn and pnpm: the root `package.json` and the workspace packages that its
//! `workspaces` (an array, or yarn's `{ "packages": [...] }`) or `pnpm-workspace.yaml` name
//! (globs, `!` excludes), with the dependencies between them by name.

use serde_json::Value;

use super::{Ecosystem, Package, Tree, manifest_in};
use crate::error::Result;

const MANIFEST: &str = "package.json";
const PNPM_WORKSPACE: &str = "pnpm-workspace.yaml";
const DEPENDENCY_FIELDS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

pub(super) fn packages(tree: &mut Tree) -> Result<Vec<Package>> {
    if !tree.manifests.iter().any(|path| path == MANIFEST) {
        return Ok(Vec::new());
    }
    let Some(root) = tree.json(MANIFEST)? else {
        return Ok(Vec::new());
    };
    let mut patterns = workspace_patterns(&root);
    if tree.manifests.iter().any(|path| path == PNPM_WORKSPACE)
        && let Some(text) = tree.read(PNPM_WORKSPACE)?
    {
        patterns.extend(pnpm_patterns(&text));
    }
    let (excluded, included): (Vec<String>, Vec<String>) =
        patterns.into_iter().partition(|p| p.starts_with('!'));
    let excluded: Vec<String> = excluded.iter().map(|p| p[1..].to_string()).collect();

    let mut manifests: Vec<(String, Value)> = Vec::new();
    let is_private = root.get("private").and_then(Value::as_bool) == Some(true);
    if included.is_empty() || !is_private {
        manifests.push((String::new(), root));
    }
    for dir in tree.member_dirs("", MANIFEST, &included, &excluded) {
        if !dir.is_empty()
            && let Some(doc) = tree.json(&manifest_in(&dir, MANIFEST))?
        {
            manifests.push((dir, doc));
        }
    }
    let names: Vec<String> = manifests
        .iter()
        .filter_map(|(_, doc)| doc.get("name")?.as_str().map(str::to_string))
        .collect();
    Ok(manifests
        .iter()
        .filter_map(|(dir, doc)| package(dir, doc, &names))
        .collect())
}

fn package(dir: &str, doc: &Value, names: &[String]) -> Option<Package> {
    let name = doc.get("name")?.as_str()?.to_string();
    let mut depends_on: Vec<String> = DEPENDENCY_FIELDS
        .iter()
        .filter_map(|field| doc.get(field)?.as_object())
        .flat_map(|deps| deps.keys())
        .filter(|dep| **dep != name && names.contains(dep))
        .cloned()
        .collect();
    depends_on.sort();
    depends_on.dedup();
    Some(Package {
        version: doc
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_string),
        name,
        dir: dir.to_string(),
        manifest: manifest_in(dir, MANIFEST),
        ecosystem: Ecosystem::Npm,
        inherits_version: false,
        depends_on,
    })
}

/// `workspaces` as npm (an array) or yarn (`{ "packages": [...] }`) writes it.
fn workspace_patterns(root: &Value) -> Vec<String> {
    let list = match root.get("workspaces") {
        Some(Value::Array(list)) => Some(list),
        Some(Value::Object(object)) => object.get("packages").and_then(Value::as_array),
        _ => None,
    };
    list.into_iter()
        .flatten()
        .filter_map(|value| value.as_str().map(str::to_string))
        .collect()
}

/// The `packages:` list of a `pnpm-workspace.yaml`, read line by line: it is a flat list of
/// quoted or bare globs, which is all pnpm puts there.
fn pnpm_patterns(text: &str) -> Vec<String> {
    let mut patterns = Vec::new();
    let mut in_packages = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') && !line.starts_with('-') {
            in_packages = trimmed == "packages:";
            continue;
        }
        if in_packages && let Some(item) = trimmed.strip_prefix('-') {
            let item = item.split(" #").next().unwrap_or(item).trim();
            patterns.push(item.trim_matches(|c| c == '"' || c == '\'').to_string());
        }
    }
    patterns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_globs_of_a_pnpm_workspace() {
        let text = "# the workspace\npackages:\n  - 'packages/*'\n  - \"apps/**\" # apps\n  - '!**/test/**'\ncatalog:\n  - nope\n";
        assert_eq!(
            pnpm_patterns(text),
            ["packages/*", "apps/**", "!**/test/**"]
        );
    }

    #[test]
    fn reads_workspaces_as_npm_and_yarn_write_them() {
        let npm: Value = serde_json::from_str(r#"{"workspaces": ["packages/*"]}"#).unwrap();
        let yarn: Value =
            serde_json::from_str(r#"{"workspaces": {"packages": ["libs/*"]}}"#).unwrap();
        assert_eq!(workspace_patterns(&npm), ["packages/*"]);
        assert_eq!(workspace_patterns(&yarn), ["libs/*"]);
    }
}
