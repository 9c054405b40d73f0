//! The files a tree's code reads whatever their names, which no `hotfix.testIgnore` glob can
//! make ignorable: where its symbolic links really lead (followed through linked directories,
//! as the system follows them), what its sources build in by name (`include_str!`,
//! `//go:embed`, `import text from './help.md'`, Python's `open("help.txt")`), and the data of
//! its Python packages (any file under a directory holding `__init__.py`, which the package
//! can open at run time). With uncommitted changes (`test --watch`) the work tree's changed
//! links and sources count too: the tests run on the work tree as it is.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Result;
use crate::git::{ObjectId, Repo};
use crate::project::{self, SKIPPED_DIRS};

/// The source files that can build or open a file of the tree by name.
const INCLUDING: &[&str] = &[
    ".rs", ".go", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".py",
];

/// What such a line says when it builds a file in, or opens it.
const INCLUDES: &[&str] = &[
    "include_str!",
    "include_bytes!",
    "include!",
    "#[path",
    "go:embed",
    "require(",
    "import ",
    "open(",
    "read_text(",
    "read_bytes(",
    "get_data(",
];

/// How many links one path may go through before it counts as a loop, as the system's limit.
const MAX_HOPS: usize = 40;

/// What the code of one tree reads whatever the names.
pub(super) struct Reads {
    /// Where the tree's symbolic links lead, as paths from its root: the target as written,
    /// taken without following links, and where it really is when a linked directory is on the
    /// way.
    links: Vec<String>,
    /// The lines of source files that build or open a file.
    includes: Vec<String>,
    /// The directories of the tree's Python packages (those holding `__init__.py`).
    packages: Vec<String>,
}

impl Reads {
    /// What `commit`'s tree reads; with `work_tree`, also its changed paths (`changed`) as the
    /// work tree holds them.
    pub(super) fn of(
        repo: &Repo,
        commit: ObjectId,
        work_tree: Option<(&Path, &[String])>,
    ) -> Result<Reads> {
        let mut links: BTreeMap<String, String> =
            repo.symlinks(repo.tree_of(commit)?)?.into_iter().collect();
        let sources = repo.paths_where(
            commit,
            |name| INCLUDING.iter().any(|ext| name.ends_with(ext)),
            |dir| SKIPPED_DIRS.contains(&dir),
        )?;
        let mut reads = Reads {
            links: Vec::new(),
            includes: Vec::new(),
            packages: Vec::new(),
        };
        for path in &sources {
            if let Some(text) = repo.file_at(commit, path)? {
                reads.source(path, &String::from_utf8_lossy(&text));
            }
        }
        if let Some((top, changed)) = work_tree {
            for path in changed {
                let at = top.join(path);
                let Ok(meta) = std::fs::symlink_metadata(&at) else {
                    continue;
                };
                if meta.is_symlink() {
                    if let Ok(target) = std::fs::read_link(&at) {
                        links.insert(path.clone(), target.to_string_lossy().into_owned());
                    }
                } else if meta.is_file()
                    && INCLUDING.iter().any(|ext| path.ends_with(ext))
                    && let Ok(text) = std::fs::read(&at)
                {
                    reads.source(path, &String::from_utf8_lossy(&text));
                }
            }
        }
        for (path, target) in &links {
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            reads.links.extend(project::resolve(dir, target));
            reads.links.extend(resolve(&links, dir, target));
        }
        reads.links.sort();
        reads.links.dedup();
        Ok(reads)
    }

    /// Takes in one source file: its include-like lines, and its package when it is an
    /// `__init__.py`.
    fn source(&mut self, path: &str, text: &str) {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        if name == "__init__.py" {
            self.packages.push(dir.to_string());
        }
        self.includes.extend(
            text.lines()
                .filter(|line| INCLUDES.iter().any(|marker| line.contains(marker)))
                .map(str::to_string),
        );
    }

    /// True when the code reads `path`: a link leads to it or into a directory above it, an
    /// include-like line names it (or, for `//go:embed`, one of its directories), or it is in
    /// a Python package.
    pub(super) fn reads(&self, path: &str) -> bool {
        let under = |dir: &str| {
            dir.is_empty()
                || path == dir
                || path
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let linked = self.links.iter().any(|link| under(link));
        let packaged = self.packages.iter().any(|dir| under(dir));
        // `//go:embed` also takes directories; the others name files.
        let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
        let named = self.includes.iter().any(|line| {
            line.contains(name)
                || (line.contains("go:embed")
                    && dirs
                        .split('/')
                        .any(|dir| !dir.is_empty() && line.contains(dir)))
        });
        linked || packaged || named
    }
}

/// Where `target`, written in a link of `dir`, really is in a tree whose links are `links`
/// (path to target): each linked directory on the way is followed before the next part, so
/// `..` after it climbs from where it leads, as the system resolves a path. `None` when it
/// leaves the tree, is absolute, or goes through more than [`MAX_HOPS`] links.
fn resolve(links: &BTreeMap<String, String>, dir: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut done: Vec<String> = dir
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    let mut todo: Vec<String> = target.split('/').rev().map(str::to_string).collect();
    let mut hops = 0;
    while let Some(part) = todo.pop() {
        match part.as_str() {
            "" | "." => {}
            ".." => {
                done.pop()?;
            }
            _ => {
                done.push(part);
                // Only a directory on the way is followed: the last part is the link's end.
                let Some(next) = links.get(&done.join("/")).filter(|_| !todo.is_empty()) else {
                    continue;
                };
                hops += 1;
                if hops > MAX_HOPS || next.starts_with('/') {
                    return None;
                }
                done.pop();
                todo.extend(next.split('/').rev().map(str::to_string));
            }
        }
    }
    Some(done.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_followed_through_a_linked_directory_as_the_system_follows_it() {
        let links: BTreeMap<String, String> = [
            ("docs", "lib/src"),
            ("ci/check.sh", "../docs/../check.md"),
            ("loop", "loop/x"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        // docs/.. is lib, not the root: the file read is lib/check.md.
        assert_eq!(
            resolve(&links, "ci", "../docs/../check.md").as_deref(),
            Some("lib/check.md")
        );
        assert_eq!(
            resolve(&links, "ci", "../docs/guide.md").as_deref(),
            Some("lib/src/guide.md")
        );
        assert_eq!(resolve(&links, "", "loop/x/y"), None);
        assert_eq!(resolve(&links, "a", "../../x"), None);
        assert_eq!(resolve(&links, "a", "/etc/passwd"), None);
    }

    #[test]
    fn package_data_and_opened_files_are_read() {
        let mut reads = Reads {
            links: Vec::new(),
            includes: Vec::new(),
            packages: Vec::new(),
        };
        reads.source("src/shop/__init__.py", "VERSION = 1\n");
        reads.source("tool.py", "text = open('usage.txt').read()\n");
        assert!(reads.reads("src/shop/templates/help.md"));
        assert!(reads.reads("usage.txt"));
        assert!(!reads.reads("src/README.md"));
        assert!(!reads.reads("docs/guide.md"));
    }
}
