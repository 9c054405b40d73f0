//! Which pytest test files a change can affect, from a static scan of the `import` and `from`
//! lines of the tree's Python files: the changed test files, and every test file that imports
//! a changed module directly or through other modules of the tree. Nothing is executed: a
//! module is matched to an import by its dotted path, so `src/shop/billing.py` is what
//! `import shop.billing` and `from shop import billing` name, whatever the source root is.

use std::collections::{BTreeMap, BTreeSet};

use super::SKIPPED_DIRS;
use crate::error::Result;
use crate::git::{ObjectId, Repo};

/// True for a file pytest collects by default (`test_*.py`, `*_test.py`).
fn is_python_test(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.ends_with(".py") && (name.starts_with("test_") || name.ends_with("_test.py"))
}

/// The test files of `commit`'s tree that `changed` (Python files, relative to the root) can
/// affect, sorted. A changed `conftest.py` affects every test file under its directory.
pub fn python_tests_affected(
    repo: &Repo,
    commit: ObjectId,
    changed: &[&str],
) -> Result<Vec<String>> {
    let files = repo.paths_where(
        commit,
        |name| name.ends_with(".py"),
        |dir| dir.starts_with('.') || SKIPPED_DIRS.contains(&dir) || dir == "venv",
    )?;
    // No import can name a module deeper than the tree's deepest file.
    let deepest = files.iter().map(|path| path.split('/').count()).max();
    let mut imports: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for path in &files {
        if let Some(text) = repo.file_at(commit, path)? {
            let text = String::from_utf8_lossy(&text);
            imports.insert(path, imported(path, &text, deepest.unwrap_or(0)));
        }
    }
    let reached = reached(&imports, changed);
    let conftest_dirs: Vec<&str> = changed
        .iter()
        .filter(|path| path.rsplit('/').next() == Some("conftest.py"))
        .map(|path| path.rsplit_once('/').map_or("", |(dir, _)| dir))
        .collect();
    let mut tests: Vec<String> = files
        .iter()
        .filter(|path| is_python_test(path))
        .filter(|path| {
            reached.contains(path.as_str())
                || conftest_dirs
                    .iter()
                    .any(|dir| dir.is_empty() || path.starts_with(&format!("{dir}/")))
        })
        .cloned()
        .collect();
    tests.extend(
        changed
            .iter()
            .filter(|path| is_python_test(path) && !files.iter().any(|f| f == *path))
            .map(|path| path.to_string()),
    );
    tests.sort();
    tests.dedup();
    Ok(tests)
}

/// `changed` and the files of `imports` (each file's imported names) that import one of them,
/// directly or through others. Each name is followed once, so the cost follows the number of
/// imports whatever the length of the chains or the number of modules of one name.
fn reached<'a>(imports: &BTreeMap<&'a str, Vec<String>>, changed: &[&'a str]) -> BTreeSet<&'a str> {
    let mut importers: BTreeMap<&str, Vec<&'a str>> = BTreeMap::new();
    for (path, names) in imports {
        for name in names {
            importers.entry(name.as_str()).or_default().push(path);
        }
    }
    let mut reached: BTreeSet<&str> = changed.iter().copied().collect();
    let mut queue: Vec<&str> = reached.iter().copied().collect();
    let mut followed: BTreeSet<String> = BTreeSet::new();
    while let Some(module) = queue.pop() {
        // `import shop.billing` and `import billing` both name `src/shop/billing.py`.
        let dotted = dotted(module);
        let names = std::iter::successors(Some(dotted.as_str()), |name| {
            name.split_once('.').map(|(_, rest)| rest)
        });
        for name in names {
            if !followed.insert(name.to_string()) {
                continue;
            }
            for importer in importers.get(name).into_iter().flatten() {
                if reached.insert(importer) {
                    queue.push(importer);
                }
            }
        }
    }
    reached
}

/// The dotted module path of a file: `src/shop/billing.py` → `src.shop.billing`, a package's
/// `__init__.py` → the package.
fn dotted(path: &str) -> String {
    let stem = path.strip_suffix(".py").unwrap_or(path);
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    stem.replace('/', ".")
}

/// Every module name an import of `path` can mean: `import a.b` → `a`, `a.b`; `from a import
/// b` → `a`, `a.b`; relative imports are resolved against the file's own package. Names are
/// cut at `deepest` parts, the most a module of the tree has, so a hostile import line of
/// thousands of parts costs no more than a real one.
fn imported(path: &str, text: &str, deepest: usize) -> Vec<String> {
    let package = dotted(path)
        .rsplit_once('.')
        .map(|(package, _)| package.to_string())
        .unwrap_or_default();
    let mut names = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mut line = line.split('#').next().unwrap_or(line).trim().to_string();
        // `from a import (b,` continues to the closing parenthesis.
        if line.starts_with("from ") && line.contains('(') && !line.contains(')') {
            for next in lines.by_ref() {
                let next = next.split('#').next().unwrap_or(next);
                line.push_str(next);
                if next.contains(')') {
                    break;
                }
            }
        }
        let line = line.as_str();
        if let Some(rest) = line.strip_prefix("import ") {
            for module in rest.split(',') {
                let module = module.split(" as ").next().unwrap_or(module).trim();
                names.extend(with_parents(module, deepest));
            }
        } else if let Some(rest) = line.strip_prefix("from ")
            && let Some((module, items)) = rest.split_once(" import ")
        {
            let module = absolute(&package, module.trim());
            names.extend(with_parents(&module, deepest));
            if module.split('.').count() >= deepest {
                continue;
            }
            let items = items.trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace());
            for item in items.split(',') {
                let item = item.split(" as ").next().unwrap_or(item).trim();
                if !item.is_empty() && item != "*" {
                    names.push(join(&module, item));
                }
            }
        }
    }
    names.retain(|name| !name.is_empty());
    names
}

/// A `from` module made absolute: leading dots climb from `package`.
fn absolute(package: &str, module: &str) -> String {
    let dots = module.chars().take_while(|c| *c == '.').count();
    if dots == 0 {
        return module.to_string();
    }
    let mut parts: Vec<&str> = package.split('.').filter(|p| !p.is_empty()).collect();
    for _ in 1..dots {
        parts.pop();
    }
    join(&parts.join("."), &module[dots..])
}

fn join(package: &str, name: &str) -> String {
    match (package.is_empty(), name.is_empty()) {
        (true, _) => name.to_string(),
        (_, true) => package.to_string(),
        _ => format!("{package}.{name}"),
    }
}

/// `a.b.c` → `a`, `a.b`, `a.b.c`: importing a module runs its packages' `__init__` too;
/// at most `deepest` of them.
fn with_parents(module: &str, deepest: usize) -> Vec<String> {
    let parts: Vec<&str> = module.split('.').take(deepest).collect();
    (1..=parts.len()).map(|n| parts[..n].join(".")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_absolute_relative_and_grouped_imports() {
        let text = "import os, shop.core as core\nfrom shop import (billing,\n    core)\nfrom .helpers import make  # local\nfrom ..util import *\n";
        assert_eq!(
            imported("tests/unit/test_api.py", text, 4),
            [
                "os",
                "shop",
                "shop.core",
                "shop",
                "shop.billing",
                "shop.core",
                "tests",
                "tests.unit",
                "tests.unit.helpers",
                "tests.unit.helpers.make",
                "tests",
                "tests.util"
            ]
        );
        // A name of many parts is cut at the depth of the tree's deepest module.
        let deep = format!(
            "import {}\nfrom {} import x",
            "a.".repeat(5000),
            "b.".repeat(5000)
        );
        assert_eq!(imported("t.py", &deep, 2), ["a", "a.a", "b", "b.b"]);
    }

    #[test]
    fn a_long_chain_of_imports_that_closes_in_a_cycle_is_followed_once() {
        let count = 50_000;
        let paths: Vec<String> = (0..count).map(|n| format!("shop/m{n}.py")).collect();
        let imports: BTreeMap<&str, Vec<String>> = paths
            .iter()
            .enumerate()
            .map(|(n, path)| (path.as_str(), vec![format!("shop.m{}", (n + 1) % count)]))
            .collect();
        let last = paths[count - 1].as_str();
        assert_eq!(reached(&imports, &[last]).len(), count);
        assert_eq!(reached(&imports, &["other.py"]).len(), 1);
    }

    #[test]
    fn modules_are_named_by_their_dotted_path() {
        assert_eq!(dotted("src/shop/billing.py"), "src.shop.billing");
        assert_eq!(dotted("src/shop/__init__.py"), "src.shop");
        assert!(is_python_test("tests/test_billing.py"));
        assert!(is_python_test("billing_test.py"));
        assert!(!is_python_test("src/shop/testing.py"));
    }
}
