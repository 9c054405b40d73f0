//! The project's changelog, in the shape the project keeps it: a Markdown file (Keep a
//! Changelog or its own headings), a reStructuredText file, or a directory of fragments
//! (towncrier, changesets, a plain `changelog.d/`). [`detect`] finds which one a package
//! directory has, [`Target::entry`] computes the one file a release changes in it (its path
//! relative to that directory), and the command writes and commits that file (the directory
//! is a parameter, so a monorepo's packages can each have their own). The key decision: never
//! a second changelog — a project that has one in any known shape gets its entry there, and
//! only a project with none gets a new `CHANGELOG.md`. Everything read here was committed by someone else: it is
//! parsed as text, never run, and a path it names must stay inside the package directory.

mod fragments;
mod markdown;
mod rst;

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::files::{self, Edit};

/// The names a changelog file has, in the order they are preferred (any case).
const STEMS: &[&str] = &["CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASES"];
/// Where a changelog file is looked for below the package directory.
const PLACES: &[&str] = &["", "docs/", "doc/"];
/// Fragment directories used without a tool's configuration.
const FRAGMENT_DIRS: &[&str] = &["changelog.d", "changes", "newsfragments"];

/// Where and how the project keeps its changelog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A Markdown file (a new `CHANGELOG.md` when the project has no changelog).
    Markdown { path: String },
    /// A reStructuredText file.
    Rst { path: String },
    /// towncrier: a fragment `<id>.<type><ext>` in its directory.
    Towncrier {
        dir: String,
        types: Vec<String>,
        ext: String,
    },
    /// changesets: `.changeset/<id>.md` with a `patch` for each package touched.
    Changesets { dir: String },
    /// A directory of fragments of no known tool: `<dir>/<id>.<ext>`.
    Fragments { dir: String, ext: String },
    /// `hotfix.changelog` is `none`.
    Disabled,
}

/// Which Keep a Changelog heading the entries go under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fixed,
    Security,
}

impl Kind {
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Fixed => "Fixed",
            Kind::Security => "Security",
        }
    }

    /// `Security` when the words of the issue and the changes say so: words that always mean
    /// a vulnerability, or, for a P0, words of access and exposure.
    pub fn of(critical: bool, texts: &[&str]) -> Kind {
        const ALWAYS: &[&str] = &[
            "security",
            "vulnerab",
            "cve",
            "exploit",
            "xss",
            "csrf",
            "ssrf",
            "injection",
            "rce",
        ];
        const WHEN_CRITICAL: &[&str] = &[
            "auth",
            "bypass",
            "leak",
            "privilege",
            "permission",
            "token",
            "password",
            "secret",
        ];
        let text = texts
            .join(" ")
            .to_lowercase()
            .replace(['-', '_', '/', '.'], " ");
        let words: Vec<&str> = text.split_whitespace().collect();
        let has = |list: &[&str]| words.iter().any(|w| list.iter().any(|s| w.starts_with(s)));
        if has(ALWAYS) || (critical && has(WHEN_CRITICAL)) {
            Kind::Security
        } else {
            Kind::Fixed
        }
    }
}

/// What a release adds to the changelog.
#[derive(Debug, Clone)]
pub struct Release<'a> {
    pub hotfix_id: &'a str,
    pub version: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    pub kind: Kind,
    /// The changes, one line each, already safe to write.
    pub changes: &'a [String],
    /// The npm packages the hotfix changed files of (for changesets).
    pub packages: &'a [String],
}

impl Release<'_> {
    /// The entries as list items, `- <change> (<id>)`.
    fn items(&self, bullet: &str) -> String {
        self.lines()
            .map(|line| format!("{bullet}{line}\n"))
            .collect()
    }

    /// Each change as the text of one entry, `<change> (<id>)`. A change is a commit subject,
    /// anyone's: one that starts like a block of its own (a heading `## [9.9.9]`, a link
    /// definition `[2.0.2]: https://…` that would take over the version's link, HTML, an RST
    /// directive `.. raw::`) has that first character escaped with a backslash, which Markdown
    /// and reStructuredText both read as the character itself.
    fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.changes.iter().map(|change| {
            let escape = change.starts_with(['#', '[', '<']) || change.starts_with("..");
            let backslash = if escape { "\\" } else { "" };
            format!("{backslash}{change} ({})", self.hotfix_id)
        })
    }
}

/// The changelog of the package in `root`: `setting` is `hotfix.changelog` when set (a path
/// relative to `root`, a fragment directory when it is one or ends with `/`, or `none`), else
/// what the package has, else a new `CHANGELOG.md`.
pub fn detect(root: &Path, setting: Option<&str>) -> Result<Target> {
    if let Some(value) = setting {
        return configured(root, value.trim());
    }
    if let Some(target) = fragments::tool(root)? {
        return Ok(target);
    }
    for dir in FRAGMENT_DIRS {
        if is_dir(root, dir) {
            return Ok(fragments::plain(root, dir));
        }
    }
    for place in PLACES {
        if let Some(path) = file_in(root, place)? {
            return Ok(file_target(path));
        }
    }
    Ok(Target::Markdown {
        path: "CHANGELOG.md".to_string(),
    })
}

/// The target `hotfix.changelog` names.
fn configured(root: &Path, value: &str) -> Result<Target> {
    if value.eq_ignore_ascii_case("none") {
        return Ok(Target::Disabled);
    }
    let path = inside(value.trim_end_matches('/')).ok_or_else(|| {
        Error::refused(format!(
            "hotfix.changelog must be a path inside the repository or 'none', not '{}'",
            crate::ui::sanitize(value)
        ))
        .hint("fix it with 'git config hotfix.changelog CHANGELOG.md'")
    })?;
    if is_dir(root, &path) || value.ends_with('/') {
        // The tool's configuration may be what the setting works around: unreadable is none.
        return Ok(match fragments::tool(root).ok().flatten() {
            Some(target @ (Target::Towncrier { .. } | Target::Changesets { .. }))
                if target.dir() == Some(path.as_str()) =>
            {
                target
            }
            _ if path.rsplit('/').next() == Some(".changeset") => Target::Changesets { dir: path },
            _ => fragments::plain(root, &path),
        });
    }
    Ok(file_target(path))
}

/// A Markdown or reStructuredText file target, by the file's extension.
fn file_target(path: String) -> Target {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".rst") || lower.ends_with(".rest") {
        Target::Rst { path }
    } else {
        Target::Markdown { path }
    }
}

/// A changelog file of `place` (`""` or `docs/`), by any of the names in any case.
fn file_in(root: &Path, place: &str) -> Result<Option<String>> {
    let Ok(entries) = std::fs::read_dir(root.join(place)) else {
        return Ok(None);
    };
    let mut found: Vec<(usize, String)> = Vec::new();
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let (stem, ext) = name.split_once('.').unwrap_or((name.as_str(), ""));
        let known_ext = matches!(
            ext.to_ascii_lowercase().as_str(),
            "" | "md" | "markdown" | "rst" | "txt"
        );
        let rank = STEMS.iter().position(|s| s.eq_ignore_ascii_case(stem));
        if let (Some(rank), true) = (rank, known_ext)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            found.push((rank, format!("{place}{name}")));
        }
    }
    found.sort();
    Ok(found.into_iter().next().map(|(_, path)| path))
}

impl Target {
    /// The file the entry goes into, or the fragment directory; `None` when disabled.
    pub fn shown(&self) -> Option<&str> {
        match self {
            Target::Markdown { path, .. } | Target::Rst { path } => Some(path),
            _ => self.dir(),
        }
    }

    fn dir(&self) -> Option<&str> {
        match self {
            Target::Towncrier { dir, .. }
            | Target::Changesets { dir }
            | Target::Fragments { dir, .. } => Some(dir),
            _ => None,
        }
    }

    /// The entry `release` makes in the package in `root`; `None` when the changelog already
    /// has one for its version (or the hotfix already has its fragment), or when disabled.
    pub fn entry(&self, root: &Path, release: &Release) -> Result<Option<Edit>> {
        let (path, before, after) = match self {
            Target::Disabled => return Ok(None),
            Target::Markdown { path } => {
                let before = read(root, path)?;
                let after = markdown::insert(before.as_deref(), release);
                (path.clone(), before, after)
            }
            Target::Rst { path } => {
                let before = read(root, path)?;
                let after = rst::insert(before.as_deref().unwrap_or(""), release);
                (path.clone(), before, after)
            }
            _ => {
                let Some((path, text)) = fragments::fragment(self, release)? else {
                    return Ok(None);
                };
                let exists = read(root, &path)?.is_some();
                (path, None, (!exists).then_some(text))
            }
        };
        Ok(after.map(|after| Edit {
            path,
            before,
            after,
        }))
    }
}

/// `path` when it is relative and stays below where it starts (no `..`, no `.git`).
fn inside(path: &str) -> Option<String> {
    let parsed = Path::new(path);
    let normal = !path.is_empty()
        && parsed.components().all(|c| match c {
            Component::Normal(part) => !part
                .to_str()
                .is_some_and(|p| p.eq_ignore_ascii_case(".git")),
            Component::CurDir => true,
            _ => false,
        });
    normal.then(|| {
        parsed
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    })
}

fn is_dir(root: &Path, dir: &str) -> bool {
    std::fs::symlink_metadata(root.join(dir)).is_ok_and(|m| m.is_dir())
}

/// The text of a file of the package, never through a symbolic link; `None` when missing.
fn read(root: &Path, path: &str) -> Result<Option<String>> {
    let full: PathBuf = root.join(path);
    if std::fs::symlink_metadata(&full).is_err() || files::check(&full, Some(root))?.is_none() {
        return Ok(None);
    }
    std::fs::read_to_string(&full).map(Some).map_err(|err| {
        Error::refused(format!("cannot read {path}: {err}")).hint(format!(
            "make {path} readable UTF-8 text, then run the command again"
        ))
    })
}

/// The first version number in `text` (`3.0.4`, `v2.1`, `1.0.0-rc.1`): its byte range,
/// without the `v`. A number inside a longer one or a word (`x3.0`, `1.2.3.4`) is none.
fn version_in(text: &str) -> Option<std::ops::Range<usize>> {
    static VERSION: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = VERSION.get_or_init(|| {
        regex::Regex::new(r"\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?")
            .expect("valid")
    });
    re.find_iter(text)
        .find(|m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let free_before = match before {
                None => true,
                Some('v' | 'V') => text[..m.start() - 1]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric()),
                Some(c) => !c.is_alphanumeric() && c != '.',
            };
            // `1.2.` ends a sentence; `1.2.3.4` is no version.
            let digit_next = text[m.end()..]
                .chars()
                .nth(1)
                .is_some_and(|d| d.is_ascii_digit());
            let free_after =
                after.is_none_or(|c| !(c.is_alphanumeric() || (c == '.' && digit_next)));
            free_before && free_after
        })
        .map(|m| m.range())
}

/// The first `YYYY-MM-DD` date in `text`: its byte range.
fn date_in(text: &str) -> Option<std::ops::Range<usize>> {
    static DATE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = DATE.get_or_init(|| regex::Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").expect("valid"));
    re.find(text).map(|m| m.range())
}

/// True when `title` names `version` (with or without a leading `v`).
fn names_version(title: &str, version: &str) -> bool {
    version_in(title).is_some_and(|range| &title[range] == version)
}

/// `template` (a heading of the previous release) for `release`: its version, and its date
/// when it has one, replaced.
fn retitle(template: &str, release: &Release) -> String {
    let mut title = template.to_string();
    if let Some(range) = date_in(&title) {
        title.replace_range(range, release.date);
    }
    if let Some(range) = version_in(&title) {
        title.replace_range(range, release.version);
    }
    title
}

/// The line that dates the latest release below its title (Flask's `Released 2024-01-18`),
/// retitled for `release`: the first line after `lines[from..]`'s blank ones, when it has a
/// date and is no list item or heading.
fn dated_line(lines: &[&str], from: usize, release: &Release) -> Option<String> {
    let line = lines.get(from..)?.iter().find(|l| !l.trim().is_empty())?;
    let plain = !line
        .trim_start()
        .starts_with(['-', '*', '+', '#', '.', ':']);
    (plain && line.len() <= 60 && date_in(line).is_some()).then(|| retitle(line, release))
}

/// The list marker a changelog's items start with, spacing included (`- `, `*   `): its
/// first item's, else `- `.
fn bullet_of(text: &str) -> String {
    text.lines()
        .map(str::trim_start)
        .find_map(|line| {
            let rest = line.strip_prefix(['-', '*', '+'])?;
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            (1..=4)
                .contains(&spaces)
                .then(|| line[..1 + spaces].to_string())
        })
        .unwrap_or_else(|| "- ".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_is_chosen_by_words_and_severity() {
        assert_eq!(
            Kind::of(false, &["Fix XSS in the search box"]),
            Kind::Security
        );
        assert_eq!(Kind::of(false, &["CVE-2026-1234"]), Kind::Security);
        assert_eq!(Kind::of(true, &["auth-bypass"]), Kind::Security);
        assert_eq!(Kind::of(false, &["auth-bypass"]), Kind::Fixed);
        assert_eq!(Kind::of(true, &["Payment rounding"]), Kind::Fixed);
    }

    #[test]
    fn a_change_never_starts_a_block_of_its_own() {
        let changes = [
            "## [9.9.9]",
            "[2.0.2]: https://x",
            ".. raw:: html",
            "Fix #12",
        ]
        .map(str::to_string);
        let release = Release {
            hotfix_id: "HOTFIX-001",
            version: "2.0.2",
            date: "2026-03-02",
            kind: Kind::Fixed,
            changes: &changes,
            packages: &[],
        };
        let lines: Vec<String> = release.lines().collect();
        assert_eq!(
            lines,
            [
                "\\## [9.9.9] (HOTFIX-001)",
                "\\[2.0.2]: https://x (HOTFIX-001)",
                "\\.. raw:: html (HOTFIX-001)",
                "Fix #12 (HOTFIX-001)"
            ]
        );
    }

    #[test]
    fn configured_paths_stay_inside() {
        assert_eq!(
            inside("./docs/CHANGES.md").as_deref(),
            Some("docs/CHANGES.md")
        );
        assert_eq!(inside("../x"), None);
        assert_eq!(inside("/etc/passwd"), None);
        assert_eq!(inside(".git/hooks/pre-commit"), None);
        assert_eq!(inside(""), None);
    }

    #[test]
    fn versions_and_dates_are_found_in_headings() {
        assert!(names_version("## [3.0.4] - 2026-01-01", "3.0.4"));
        assert!(names_version("v3.0.4 (2026-01-01)", "3.0.4"));
        assert!(!names_version("## 3.0.40", "3.0.4"));
        let release = Release {
            hotfix_id: "HOTFIX-001",
            version: "3.0.5",
            date: "2026-03-02",
            kind: Kind::Fixed,
            changes: &[],
            packages: &[],
        };
        assert_eq!(
            retitle("Version 3.0.4 (2026-01-01)", &release),
            "Version 3.0.5 (2026-03-02)"
        );
        assert_eq!(retitle("## v3.0.4", &release), "## v3.0.5");
    }
}
