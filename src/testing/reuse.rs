//! Passes that still hold on a tree that differs only in paths no test can depend on
//! (`hotfix.testIgnore`: docs, changelogs and their fragments, LICENSE and AUTHORS), so a
//! changelog entry committed by `release-notes --changelog` does not run the suite again at
//! `finish`. Only a full-suite pass sealed by this clone is carried over, and only for the same
//! suite and command; a record for the tree itself, pass or failure, always wins.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use super::reads::Reads;
use super::{recorded, trusted};
use crate::config::{CHANGELOG, TEST_IGNORE, path_glob_set};
use crate::error::Result;
use crate::git::{EntryKind, ObjectId, Repo};
use crate::project::is_version_only;
use crate::store::{Metadata, TestRecord};
use crate::ui;

/// What `hotfix.testIgnore` holds by default: anywhere in the tree but under a test directory.
const DEFAULT_IGNORE: &[&str] = &[
    "**/*.md",
    "**/*.markdown",
    "**/*.rst",
    "**/*.adoc",
    "**/*.txt",
    "**/CHANGELOG*",
    "**/CHANGES*",
    "**/HISTORY*",
    "**/NEWS*",
    "**/RELEASE-NOTES*",
    "**/RELEASE_NOTES*",
    "**/changelog.d/**",
    "**/newsfragments/**",
    "**/.changeset/**",
    "**/.changes/**",
    "**/LICENSE*",
    "**/LICENCE*",
    "**/COPYING*",
    "**/AUTHORS*",
    "**/CONTRIBUTORS*",
    "!**/test/**",
    "!**/tests/**",
    "!**/__tests__/**",
    "!**/spec/**",
    "!**/testdata/**",
    "!**/fixtures/**",
    "!**/CMakeLists.txt",
    "!**/requirements*.txt",
    "!**/constraints*.txt",
];

/// The paths of a commit's tree no test depends on: globs, with `!` ones taken back out, and
/// never a path the code reads whatever its name ([`Reads`]), nor a change of a symbolic link
/// or a submodule (a link's blob is a path and a submodule another repository's commit: what
/// they lead to is not documentation).
pub struct Ignored {
    matched: GlobSet,
    kept: GlobSet,
    commit: ObjectId,
    /// With uncommitted changes: the work tree and its changed paths, which count as they are.
    work_tree: Option<(PathBuf, Vec<String>)>,
    /// What the tree reads through links, includes and packages, read once a path matches.
    reads: OnceCell<Reads>,
}

impl Ignored {
    /// `hotfix.testIgnore`, or the built-in list, for `commit`'s tree; `None` when it is
    /// `none`.
    pub fn read(repo: &Repo, commit: ObjectId) -> Result<Option<Ignored>> {
        let mut patterns = TEST_IGNORE.list(repo, DEFAULT_IGNORE)?;
        if patterns.iter().any(|p| p.trim() == "none") {
            return Ok(None);
        }
        if !TEST_IGNORE.is_set(repo)? {
            patterns.extend(changelog_globs(repo)?);
        }
        let (kept, matched): (Vec<String>, Vec<String>) =
            patterns.into_iter().partition(|p| p.starts_with('!'));
        let kept: Vec<String> = kept.iter().map(|p| p[1..].to_string()).collect();
        Ok(Some(Ignored {
            matched: path_glob_set(&matched, TEST_IGNORE.key)?,
            kept: path_glob_set(&kept, TEST_IGNORE.key)?,
            commit,
            work_tree: None,
            reads: OnceCell::new(),
        }))
    }

    /// The same, for the work tree `top` with its uncommitted changes `changed` on top of
    /// the commit: its changed links and sources are read as the work tree holds them.
    pub fn with_work_tree(self, top: &Path, changed: &[String]) -> Ignored {
        Ignored {
            work_tree: Some((top.to_path_buf(), changed.to_vec())),
            ..self
        }
    }

    fn matches(&self, path: &str) -> bool {
        self.matched.is_match(path) && !self.kept.is_match(path)
    }

    /// `paths`, changed from the tree `from` (a tree's id), split into those no test depends
    /// on and the others.
    pub fn split(
        &self,
        repo: &Repo,
        from: ObjectId,
        paths: &[String],
    ) -> Result<(Vec<String>, Vec<String>)> {
        let (mut ignored, mut relevant) = (Vec::new(), Vec::new());
        for path in paths {
            if self.matches(path) && self.ignorable(repo, from, path)? {
                ignored.push(path.clone());
            } else {
                relevant.push(path.clone());
            }
        }
        Ok((ignored, relevant))
    }

    /// True when every one of `paths`, changed from the tree `from`, is one no test depends
    /// on; the tree's code is read only when their names all match.
    fn all_ignored(&self, repo: &Repo, from: ObjectId, paths: &[String]) -> Result<bool> {
        if !paths.iter().all(|path| self.matches(path)) {
            return Ok(false);
        }
        for path in paths {
            if !self.ignorable(repo, from, path)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// True when `path`, whose name matches, is a file on both sides that the code does not
    /// read whatever its name.
    fn ignorable(&self, repo: &Repo, from: ObjectId, path: &str) -> Result<bool> {
        let pointer =
            |kind: Option<EntryKind>| matches!(kind, Some(EntryKind::Link | EntryKind::Submodule));
        if pointer(repo.entry_kind(from, path)?)
            || pointer(repo.entry_kind(repo.tree_of(self.commit)?, path)?)
        {
            return Ok(false);
        }
        let work_tree = self
            .work_tree
            .as_ref()
            .map(|(top, changed)| (top.as_path(), changed.as_slice()));
        if let Some((top, _)) = work_tree
            && std::fs::symlink_metadata(top.join(path)).is_ok_and(|m| m.is_symlink())
        {
            return Ok(false);
        }
        if self.reads.get().is_none() {
            let _ = self.reads.set(Reads::of(repo, self.commit, work_tree)?);
        }
        Ok(self.reads.get().is_some_and(|reads| !reads.reads(path)))
    }
}

/// Where `hotfix.changelog` says `release-notes --changelog` writes (a file, or a fragment
/// directory), as globs: the default list covers it too, wherever it is.
fn changelog_globs(repo: &Repo) -> Result<Vec<String>> {
    let Some(value) = CHANGELOG.configured(repo)? else {
        return Ok(Vec::new());
    };
    let path = value.trim().trim_start_matches("./").trim_end_matches('/');
    if path.is_empty() || path == "none" || path.split('/').any(|part| part == "..") {
        return Ok(Vec::new());
    }
    // Glob syntax in the path stands for itself.
    let literal: String = path
        .chars()
        .flat_map(|c| match c {
            '*' | '?' | '[' | ']' | '{' | '}' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    Ok(vec![literal.clone(), format!("{literal}/**")])
}

/// A recorded outcome that holds for a commit's tree.
pub enum Found<'a> {
    /// Recorded for exactly that tree, pass or failure.
    Exact(&'a TestRecord),
    /// A pass on a tree that differs only in ignored paths: `why` says which pass and what
    /// changed (`reused the pass on 791a61f: only CHANGELOG.md changed`).
    Reused { record: &'a TestRecord, why: String },
}

impl Found<'_> {
    pub fn passed(&self) -> bool {
        match self {
            Found::Exact(record) => record.passed,
            Found::Reused { .. } => true,
        }
    }
}

/// The outcome of `suite` with `command` that holds for `commit`'s tree: this clone's record
/// for that tree, else a sealed full-suite pass on a tree of the hotfix that differs from it
/// only in `hotfix.testIgnore` paths.
pub fn lookup<'a>(
    repo: &Repo,
    meta: &'a Metadata,
    suite: &str,
    command: &str,
    commit: ObjectId,
) -> Result<Option<Found<'a>>> {
    let tree = repo.tree_of(commit)?;
    if let Some(record) = recorded(repo, meta, suite, command, tree) {
        return Ok(Some(Found::Exact(record)));
    }
    let passes = || {
        meta.tests
            .iter()
            .rev()
            .filter(|r| r.passed && r.suite == suite && r.command == command && trusted(repo, r))
    };
    if passes().next().is_none() {
        return Ok(None);
    }
    let Some(ignored) = Ignored::read(repo, commit)? else {
        return Ok(None);
    };
    let mut compared = std::collections::BTreeSet::new();
    for record in passes() {
        if !compared.insert(record.tree) {
            continue;
        }
        // A tree this clone no longer has (pruned after a rewrite) cannot be compared.
        let Ok(changed) = repo.tree_changes(record.tree, tree) else {
            continue;
        };
        if changed.is_empty() {
            continue;
        }
        let why = if ignored.all_ignored(repo, record.tree, &changed)? {
            format!("only {} changed", listed(&changed))
        } else {
            let (docs, relevant) = ignored.split(repo, record.tree, &changed)?;
            if !only_versions_set(repo, record.tree, tree, &relevant)? {
                continue;
            }
            match docs.is_empty() {
                true => format!("only the version was set, in {}", listed(&relevant)),
                false => format!(
                    "only {} changed and the version was set, in {}",
                    listed(&docs),
                    listed(&relevant)
                ),
            }
        };
        let on = commit_with_tree(repo, meta, commit, record.tree);
        let why = format!("reused the pass on {on}: {why}");
        return Ok(Some(Found::Reused { record, why }));
    }
    Ok(None)
}

/// True when every change to `paths` from the tree `old` to `new` only sets a version, as
/// setting the release's version does (`release-notes --changelog` commits it beside the
/// entry, and `finish` itself sets it after its tests): the pass holds for the release as
/// much as the finish's own run would.
fn only_versions_set(repo: &Repo, old: ObjectId, new: ObjectId, paths: &[String]) -> Result<bool> {
    let changes = repo.tree_file_changes(old, new)?;
    Ok(paths.iter().all(|path| {
        changes
            .iter()
            .any(|c| c.path == *path && c.old_path.is_none() && is_version_only(c))
    }))
}

/// The short id of the hotfix's commit up to `tip` whose tree is `tree`, else the tree's.
fn commit_with_tree(repo: &Repo, meta: &Metadata, tip: ObjectId, tree: ObjectId) -> String {
    let commits = repo.commits_between(meta.base(), tip).unwrap_or_default();
    commits
        .into_iter()
        .chain([meta.base()])
        .find(|commit| repo.tree_of(*commit).is_ok_and(|t| t == tree))
        .map(|commit| repo.short_id(commit))
        .unwrap_or_else(|| format!("tree {}", &tree.to_string()[..7]))
}

/// `CHANGELOG.md`, `a.md and b.md`, `a.md, b.md and 3 more files`: paths from the tree,
/// escaped for the terminal.
pub fn listed(paths: &[String]) -> String {
    let shown: Vec<String> = paths
        .iter()
        .take(2)
        .map(|p| ui::sanitize(p).into_owned())
        .collect();
    match paths.len() {
        0 => "nothing".to_string(),
        1 => shown[0].clone(),
        2 => format!("{} and {}", shown[0], shown[1]),
        3 => format!("{}, {} and 1 more file", shown[0], shown[1]),
        n => format!("{}, {} and {} more files", shown[0], shown[1], n - 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_set() -> Ignored {
        let (kept, matched): (Vec<String>, Vec<String>) = DEFAULT_IGNORE
            .iter()
            .map(|p| p.to_string())
            .partition(|p| p.starts_with('!'));
        let kept: Vec<String> = kept.iter().map(|p| p[1..].to_string()).collect();
        Ignored {
            matched: path_glob_set(&matched, "test").unwrap(),
            kept: path_glob_set(&kept, "test").unwrap(),
            commit: ObjectId::ZERO_SHA1,
            work_tree: None,
            reads: OnceCell::new(),
        }
    }

    #[test]
    fn docs_and_changelogs_are_ignored_but_not_test_data_or_build_files() {
        let ignored = default_set();
        for path in [
            "CHANGELOG.md",
            "CHANGELOG",
            "docs/guide.rst",
            "changelog.d/42.fixed",
            ".changeset/brave-cats.md",
            "LICENSE",
            "crates/core/AUTHORS",
            "notes.txt",
        ] {
            assert!(ignored.matches(path), "{path}");
        }
        for path in [
            "src/lib.rs",
            "tests/fixtures/expected.md",
            "CMakeLists.txt",
            "requirements-dev.txt",
            "package.json",
            "NEWS/src/main.rs",
        ] {
            assert!(!ignored.matches(path), "{path}");
        }
    }

    #[test]
    fn changed_paths_are_listed_briefly() {
        let paths: Vec<String> = ["CHANGELOG.md", "docs/a.md", "docs/b.md"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(listed(&paths[..1]), "CHANGELOG.md");
        assert_eq!(listed(&paths[..2]), "CHANGELOG.md and docs/a.md");
        assert_eq!(listed(&paths), "CHANGELOG.md, docs/a.md and 1 more file");
    }
}
