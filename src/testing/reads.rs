//! The files a tree's code reads whatever their names, which no `hotfix.testIgnore` glob can
//! make ignorable: where its symbolic links really lead (followed through linked directories,
//! as the system follows them), what its sources name in quotes (`fs.readFileSync("usage.txt")`,
//! `File::open("../usage.txt")`, a name kept in a variable first) or build in by name
//! (`include_str!`, `//go:embed`, `import text from './help.md'`), the words of the suites'
//! commands and of the scripts they can run (`diff -u expected.txt out`, `cat usage.txt` in a
//! shell script, a Makefile, a `package.json` script or a file the command names), and the
//! data of its Python packages (any file under a directory holding `__init__.py`, which the
//! package can open at run time). Only sources and scripts are read, once, outside dependency
//! and build directories; with uncommitted changes (`test --watch`) the work tree's changed
//! links, sources and scripts count as they are: the tests run on the work tree as it is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::AFFECTED_TEST_COMMAND;
use crate::error::Result;
use crate::git::{ObjectId, Repo};
use crate::project::{self, SKIPPED_DIRS};

/// The source files that can build or open a file of the tree by name.
const INCLUDING: &[&str] = &[
    ".rs", ".go", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".py",
];

/// The scripts a test command can run, whose words are commands: shell scripts and Makefiles.
const SCRIPTS: &[&str] = &[
    ".sh",
    ".bash",
    ".bats",
    "Makefile",
    "makefile",
    "GNUmakefile",
];

/// The manifest whose `scripts` are commands (`npm test` runs `scripts.test`).
const PACKAGE_JSON: &str = "package.json";

/// What ends a word of a command: blanks, quotes, the shell's operators, and the separators
/// of a path, a variable or an option's value (`$DATA/usage.txt`, `--file=usage.txt`).
const WORD_ENDS: &[char] = &[
    '"', '\'', '`', ';', '|', '&', '<', '>', '(', ')', '{', '}', '[', ']', '=', ',', ':', '$', '/',
    '\\',
];

/// The longest file name the usual file systems take: a longer quoted piece names no file.
const NAME_MAX: usize = 255;

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
#[derive(Default)]
pub(super) struct Reads {
    /// Where the tree's symbolic links lead, as paths from its root: the target as written,
    /// taken without following links, and where it really is when a linked directory is on the
    /// way.
    links: Vec<String>,
    /// The lines of source files that build or open a file.
    includes: Vec<String>,
    /// The file names the code names: quoted in a source or a script, alone or at the end of
    /// a path, or a word of a suite's command or of a script.
    named: BTreeSet<String>,
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
        let mut reads = Reads::default();
        for setting in super::ALL
            .iter()
            .map(|suite| suite.setting)
            .chain([&AFFECTED_TEST_COMMAND])
        {
            if let Some(command) = setting.configured(repo)? {
                reads.words(&command);
            }
        }
        // A file a command names is a script it runs (`./check`), whatever its name.
        let commands = reads.named.clone();
        let scanned = |name: &str| is_scanned(name) || commands.contains(name);
        let sources = repo.paths_where(commit, scanned, |dir| SKIPPED_DIRS.contains(&dir))?;
        for path in &sources {
            if let Some(text) = repo.file_at(commit, path)? {
                reads.file(path, &String::from_utf8_lossy(&text));
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
                    && scanned(path.rsplit('/').next().unwrap_or(path))
                    && let Ok(text) = std::fs::read(&at)
                {
                    reads.file(path, &String::from_utf8_lossy(&text));
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

    /// Takes in one file to scan: a `package.json`'s scripts, a source's quoted names, its
    /// include-like lines and its package when it is an `__init__.py`, or the words of any
    /// other (a script).
    fn file(&mut self, path: &str, text: &str) {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        if name == PACKAGE_JSON {
            let json: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            if let Some(scripts) = json["scripts"].as_object() {
                scripts
                    .values()
                    .filter_map(serde_json::Value::as_str)
                    .for_each(|script| self.words(script));
            }
            return;
        }
        if !INCLUDING.iter().any(|ext| name.ends_with(ext)) {
            return self.words(text);
        }
        if name == "__init__.py" {
            self.packages.push(dir.to_string());
        }
        for line in text.lines() {
            self.named
                .extend(quoted(line).into_iter().map(str::to_string));
            if INCLUDES.iter().any(|marker| line.contains(marker)) {
                self.includes.push(line.to_string());
            }
        }
    }

    /// Takes in the words of a command or a script (`cat $DATA/usage.txt` names `usage.txt`),
    /// and the names it quotes (`diff "my notes.txt" out`).
    fn words(&mut self, text: &str) {
        for line in text.lines() {
            self.named
                .extend(quoted(line).into_iter().map(str::to_string));
        }
        self.named.extend(
            text.split(|c: char| c.is_whitespace() || WORD_ENDS.contains(&c))
                .filter(|word| !word.is_empty() && word.len() <= NAME_MAX)
                .map(str::to_string),
        );
    }

    /// True when the code reads `path`: a link leads to it or into a directory above it, a
    /// source quotes its name, a command or script has it as a word, an include-like line
    /// names it (or, for `//go:embed`, one of its directories), or it is in a Python package.
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
        let included = self.includes.iter().any(|line| {
            line.contains(name)
                || (line.contains("go:embed")
                    && dirs
                        .split('/')
                        .any(|dir| !dir.is_empty() && line.contains(dir)))
        });
        linked || packaged || included || self.named.contains(name)
    }
}

/// True for the file names whose files are read for what they name whatever the commands:
/// sources, scripts and `package.json`.
fn is_scanned(name: &str) -> bool {
    name == PACKAGE_JSON
        || INCLUDING
            .iter()
            .chain(SCRIPTS)
            .any(|end| name.ends_with(end))
}

/// The file names a line quotes: each piece a quote (`"`, `'`, a backtick) closes right after
/// the opening quote or a path separator (`"usage.txt"`, `'../data/usage.txt'`,
/// `` `${dir}/usage.txt` `` all quote `usage.txt`). Quotes are not paired up: a piece that is
/// code between two strings names no file anyway.
fn quoted(line: &str) -> Vec<&str> {
    let ends: Vec<(usize, char)> = line
        .char_indices()
        .filter(|(_, c)| matches!(c, '"' | '\'' | '`' | '/' | '\\'))
        .collect();
    ends.windows(2)
        .filter(|pair| matches!(pair[1].1, '"' | '\'' | '`'))
        .map(|pair| &line[pair[0].0 + 1..pair[1].0])
        .filter(|piece| !piece.is_empty() && piece.len() <= NAME_MAX)
        .collect()
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
        let mut reads = Reads::default();
        reads.file("src/shop/__init__.py", "VERSION = 1\n");
        reads.file("tool.py", "text = open('usage.txt').read()\n");
        assert!(reads.reads("src/shop/templates/help.md"));
        assert!(reads.reads("usage.txt"));
        assert!(!reads.reads("src/README.md"));
        assert!(!reads.reads("docs/guide.md"));
    }

    #[test]
    fn a_name_quoted_anywhere_or_a_word_of_a_command_is_read() {
        let mut reads = Reads::default();
        reads.file(
            "app.js",
            "const usage = fs.readFileSync(\"usage.txt\", \"utf8\");\n",
        );
        reads.file(
            "src/main.rs",
            "fn f<'a>(s: &'a str) { File::open(\"../data/help.md\"); }\n",
        );
        reads.file(
            "cli.py",
            "NAME = f\"{ROOT}/banner.txt\"\n# readme.txt unquoted\n",
        );
        reads.file("web/page.ts", "const t = `${dir}\\\\guide.rst`;\n");
        reads.file("ci/check.sh", "cat $DATA/expected.md | diff - out\n");
        reads.file("bin/check", "#!/bin/sh\ngrep -q shop manual.adoc\n");
        reads.file(
            "package.json",
            "{\"scripts\": {\"test\": \"node t.js --golden=golden.txt\"}}",
        );
        reads.words("diff -u expected.txt out && cmp \"my notes.txt\" x");
        for path in [
            "usage.txt",
            "data/help.md",
            "docs/banner.txt",
            "guide.rst",
            "tests/data/expected.md",
            "golden.txt",
            "expected.txt",
            "my notes.txt",
            "manual.adoc",
        ] {
            assert!(reads.reads(path), "{path}");
        }
        // Unquoted in a source, a longer name, or only in JSON outside the scripts.
        for path in [
            "readme.txt",
            "old-usage.txt",
            "utf8.md",
            "scripts.md",
            "out.md",
        ] {
            assert!(!reads.reads(path), "{path}");
        }
    }
}
