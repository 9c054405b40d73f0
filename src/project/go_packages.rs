//! The packages inside a Go module and the imports between them, read from the `import` lines
//! of its `.go` files (test files included: a test that imports a package is affected by it).
//! The go command would list the same graph with `go list -deps`, but that needs the toolchain
//! and a module cache; the import lines are all it reads for packages of the module itself.

use std::collections::{BTreeMap, BTreeSet};

use super::{Package, SKIPPED_DIRS};
use crate::error::Result;
use crate::git::{ObjectId, Repo};

/// One package of a module: its directory (relative to the repository) and the import paths
/// its files name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoPackage {
    pub dir: String,
    pub import_path: String,
    pub imports: BTreeSet<String>,
}

/// The packages of each of `modules` (Go modules) in `commit`'s tree, by the module's
/// directory, from one walk of the tree; directories that hold a nested module belong to it.
pub fn go_packages(
    repo: &Repo,
    commit: ObjectId,
    modules: &[&Package],
) -> Result<BTreeMap<String, Vec<GoPackage>>> {
    let files = repo.paths_where(
        commit,
        |name| name.ends_with(".go"),
        |dir| dir.starts_with('.') || dir.starts_with('_') || SKIPPED_DIRS.contains(&dir),
    )?;
    let mut by_module: BTreeMap<String, Vec<GoPackage>> = BTreeMap::new();
    // Where each package is in its module's list, by its directory.
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    for path in files {
        let Some(module) = modules
            .iter()
            .filter(|other| other.contains(&path))
            .max_by_key(|other| other.dir.len())
        else {
            continue;
        };
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
        let Some(text) = repo.file_at(commit, &path)? else {
            continue;
        };
        let imports = imports(&String::from_utf8_lossy(&text));
        let packages = by_module.entry(module.dir.clone()).or_default();
        match at.get(&dir) {
            Some(index) => packages[*index].imports.extend(imports),
            None => {
                let inside = dir
                    .strip_prefix(&module.dir)
                    .unwrap_or(&dir)
                    .trim_start_matches('/');
                let import_path = if inside.is_empty() {
                    module.name.clone()
                } else {
                    format!("{}/{inside}", module.name)
                };
                at.insert(dir.clone(), packages.len());
                packages.push(GoPackage {
                    dir,
                    import_path,
                    imports: imports.into_iter().collect(),
                });
            }
        }
    }
    Ok(by_module)
}

/// The directories of `packages` that are in `changed` or import one of them, directly or
/// through others, in the order of `packages`.
pub fn go_importers(packages: &[GoPackage], changed: &BTreeSet<String>) -> Vec<String> {
    let mut importers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for package in packages {
        for import in &package.imports {
            importers
                .entry(import.as_str())
                .or_default()
                .push(&package.import_path);
        }
    }
    let mut reached: BTreeSet<&str> = packages
        .iter()
        .filter(|package| changed.contains(&package.dir))
        .map(|package| package.import_path.as_str())
        .collect();
    let mut queue: Vec<&str> = reached.iter().copied().collect();
    while let Some(import_path) = queue.pop() {
        for importer in importers.get(import_path).into_iter().flatten() {
            if reached.insert(importer) {
                queue.push(importer);
            }
        }
    }
    packages
        .iter()
        .filter(|package| reached.contains(package.import_path.as_str()))
        .map(|package| package.dir.clone())
        .collect()
}

/// The import paths of a Go file: `import "x"`, `import name "x"` and `import ( ... )` blocks.
fn imports(text: &str) -> Vec<String> {
    let quoted = |line: &str| -> Option<String> {
        let start = line.find('"')?;
        let rest = &line[start + 1..];
        Some(rest[..rest.find('"')?].to_string())
    };
    let mut found = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or(line).trim();
        if in_block {
            if line.starts_with(')') {
                in_block = false;
            } else {
                found.extend(quoted(line));
            }
        } else if let Some(rest) = line.strip_prefix("import") {
            let rest = rest.trim_start();
            if rest.starts_with('(') {
                in_block = !rest.contains(')');
                found.extend(quoted(rest));
            } else {
                found.extend(quoted(rest));
            }
        } else if line.starts_with("func ") || line.starts_with("type ") {
            break; // imports come before every declaration
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_single_and_grouped_imports() {
        let text = "package api\n\nimport \"fmt\"\nimport b \"example.com/shop/billing\"\n\nimport (\n\t\"os\" // files\n\tcore \"example.com/shop/core\"\n)\n\nfunc main() {}\nimport \"late\"\n";
        assert_eq!(
            imports(text),
            [
                "fmt",
                "example.com/shop/billing",
                "os",
                "example.com/shop/core"
            ]
        );
    }

    #[test]
    fn importers_are_found_through_other_packages() {
        let package = |dir: &str, imports: &[&str]| GoPackage {
            dir: dir.to_string(),
            import_path: format!("example.com/shop/{dir}"),
            imports: imports.iter().map(|i| i.to_string()).collect(),
        };
        let packages = [
            package("billing", &["fmt"]),
            package("api", &["example.com/shop/billing"]),
            package("cmd", &["example.com/shop/api"]),
            package("auth", &["fmt"]),
        ];
        let changed = BTreeSet::from(["billing".to_string()]);
        assert_eq!(go_importers(&packages, &changed), ["billing", "api", "cmd"]);
    }

    #[test]
    fn thousands_of_packages_importing_in_a_chain_and_a_cycle_are_walked_once() {
        let count = 50_000;
        let packages: Vec<GoPackage> = (0..count)
            .map(|n| GoPackage {
                dir: format!("p{n}"),
                import_path: format!("x/p{n}"),
                imports: BTreeSet::from([format!("x/p{}", (n + 1) % count)]),
            })
            .collect();
        let changed = BTreeSet::from([format!("p{}", count - 1)]);
        assert_eq!(go_importers(&packages, &changed).len(), count);
    }
}
