//! Go: every `go.mod` is a module (directories named `testdata`, or starting with `.` or `_`,
//! are not looked in, as the go command does), named by its `module` path; a module depends
//! on another of the repository when it `require`s its path. Go modules have no version in a
//! file: their tags are their versions.

use super::{Ecosystem, Package, Tree, manifest_in};
use crate::error::Result;

const MANIFEST: &str = "go.mod";

pub(super) fn packages(tree: &mut Tree) -> Result<Vec<Package>> {
    let mut modules = Vec::new();
    for dir in tree.dirs_with(MANIFEST) {
        let manifest = manifest_in(&dir, MANIFEST);
        let Some(text) = tree.read(&manifest)? else {
            continue;
        };
        match module_path(&text) {
            Some(name) => modules.push((dir, manifest, name, required(&text))),
            None => tree.problem(&manifest, "it has no module line"),
        }
    }
    let names: Vec<String> = modules.iter().map(|(_, _, name, _)| name.clone()).collect();
    Ok(modules
        .into_iter()
        .map(|(dir, manifest, name, requires)| Package {
            depends_on: requires
                .into_iter()
                .filter(|path| *path != name && names.contains(path))
                .collect(),
            name,
            dir,
            manifest,
            ecosystem: Ecosystem::Go,
            version: None,
            inherits_version: false,
        })
        .collect())
}

/// The path on the `module` line.
fn module_path(text: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("module"))
        .filter(|rest| rest.starts_with([' ', '\t']))
        .map(|rest| strip_comment(rest).trim().trim_matches('"').to_string())
        .find(|path| !path.is_empty())
}

/// The module paths of the `require` lines, single and in blocks, sorted.
fn required(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = strip_comment(line).trim();
        if in_block {
            if line == ")" {
                in_block = false;
            } else if let Some(path) = line.split_whitespace().next() {
                paths.push(path.trim_matches('"').to_string());
            }
        } else if let Some(rest) = line.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
            } else if let Some(path) = rest.split_whitespace().next() {
                paths.push(path.trim_matches('"').to_string());
            }
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

fn strip_comment(line: &str) -> &str {
    line.split("//").next().unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_module_path_and_its_requirements() {
        let text = "module example.com/shop/api // the API\n\ngo 1.22\n\nrequire example.com/shop/core v1.4.2\n\nrequire (\n\tgolang.org/x/text v0.14.0 // indirect\n\t\"example.com/shop/auth\" v0.1.0\n)\n";
        assert_eq!(module_path(text).as_deref(), Some("example.com/shop/api"));
        assert_eq!(
            required(text),
            [
                "example.com/shop/auth",
                "example.com/shop/core",
                "golang.org/x/text"
            ]
        );
    }
}
