//! npm, yarn and pnpm: the root `package.json` and the workspace packages that its
//! `workspaces` (an array, or yarn's `{ "packages": [...] }`) or `pnpm-workspace.yaml` name
//! (globs, `!` excludes), with the dependencies between them by name.

use std::collections::HashSet;

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
    // A set: a workspace of thousands of packages, each naming every other, stays linear.
    let names: HashSet<&str> = manifests
        .iter()
        .filter_map(|(_, doc)| doc.get("name")?.as_str())
        .collect();
    Ok(manifests
        .iter()
        .filter_map(|(dir, doc)| package(dir, doc, &names))
        .collect())
}

fn package(dir: &str, doc: &Value, names: &HashSet<&str>) -> Option<Package> {
    let name = doc.get("name")?.as_str()?.to_string();
    let mut depends_on: Vec<String> = DEPENDENCY_FIELDS
        .iter()
        .filter_map(|field| doc.get(field)?.as_object())
        .flat_map(|deps| deps.keys())
        .filter(|dep| **dep != name && names.contains(dep.as_str()))
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

/// `text` (a `package.json`) with the string at `path` (`["version"]`) set to `version`,
/// and what it held. The file is edited where the value stands, so its key order, indentation
/// and everything else stay as they were.
pub(super) fn set_version(text: &str, path: &[&str], version: &str) -> Option<(String, String)> {
    let range = Scan { text, at: 0 }.find(path)?;
    let old = text[range.clone()].to_string();
    let mut out = text.to_string();
    out.replace_range(range, version);
    Some((out, old))
}

/// `text` (a `package-lock.json`) with the entry of the package in `dir` at `version`:
/// `packages["<dir>"].version`, and for the root also the top-level `version`.
pub(super) fn set_lock_version(text: &str, dir: &str, version: &str) -> Option<(String, String)> {
    let mut out = text.to_string();
    let mut old = None;
    let mut paths = vec![vec!["packages", dir, "version"]];
    if dir.is_empty() {
        paths.push(vec!["version"]);
    }
    for path in paths {
        if let Some((text, was)) = set_version(&out, &path, version) {
            out = text;
            old = old.or(Some(was));
        }
    }
    Some((out, old?))
}

/// Finds a string value by its keys in JSON text, without parsing it into values: the byte
/// range of the string's contents.
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn blank(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// A string at the cursor: the range of its contents, escapes left as they are.
    fn string(&mut self) -> Option<std::ops::Range<usize>> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.at + 1;
        self.at = start;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(start..self.at - 1);
                }
                _ => self.at += 1,
            }
        }
    }

    /// Skips the value at the cursor. Nesting is counted, not recursed into: the file is
    /// anyone's, and `[[[[…` a million deep must not exhaust the stack.
    fn skip(&mut self) -> Option<()> {
        self.blank();
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.at += 1;
                }
                _ if depth > 0 => self.at += 1,
                _ => {
                    while self.peek().is_some_and(|b| {
                        !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()
                    }) {
                        self.at += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// The string at `path` below the value at the cursor.
    fn find(&mut self, path: &[&str]) -> Option<std::ops::Range<usize>> {
        self.blank();
        let Some((first, rest)) = path.split_first() else {
            return self.string();
        };
        if self.peek()? != b'{' {
            return None;
        }
        self.at += 1;
        loop {
            self.blank();
            if self.peek()? == b'}' {
                return None;
            }
            let key = self.string()?;
            self.blank();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            if &self.text[key] == *first {
                return self.find(rest);
            }
            self.skip()?;
            self.blank();
            if self.peek()? == b',' {
                self.at += 1;
            }
        }
    }
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
    fn sets_the_version_where_it_stands_and_nowhere_else() {
        let manifest = "{\n  \"name\": \"app\",\n  \"dependencies\": { \"x\": { \"version\": \"1.0.0\" } },\n  \"version\": \"2.0.1\"\n}\n";
        let (text, old) = set_version(manifest, &["version"], "2.0.2").unwrap();
        assert_eq!(text, manifest.replace("2.0.1", "2.0.2"));
        assert_eq!(old, "2.0.1");
        assert_eq!(
            set_version("{\"name\": \"a\"}", &["version"], "1.0.0"),
            None
        );
        let nested = r#"{"a": ["]", {"b": "}\"["}, [[1, true]]], "version": "2.0.1"}"#;
        let (text, _) = set_version(nested, &["version"], "2.0.2").unwrap();
        assert_eq!(text, nested.replace("2.0.1", "2.0.2"));
        assert_eq!(
            set_version(r#"{"a": ]], "version": "2.0.1"}"#, &["version"], "2"),
            None
        );
        let lock = "{\n  \"name\": \"app\",\n  \"version\": \"2.0.1\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": { \"name\": \"app\", \"version\": \"2.0.1\" },\n    \"node_modules/x\": { \"version\": \"2.0.1\" }\n  }\n}\n";
        let (text, _) = set_lock_version(lock, "", "2.0.2").unwrap();
        assert_eq!(text, lock.replacen("2.0.1", "2.0.2", 2));
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
