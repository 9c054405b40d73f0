//! What kind of file a path is, for the rules: test files and docs (outside the diff budget),
//! HOTFIX comments in a source file's syntax ([`super::language`] knows the syntaxes),
//! dependency manifests and lock files (a smell in a hotfix).

use globset::GlobSet;

pub use crate::config::glob_set;

/// Test files in common languages: outside the budget and exempt from the HOTFIX comment.
const TEST_PATTERNS: &[&str] = &[
    "**/test/**",
    "**/tests/**",
    "**/__tests__/**",
    "**/spec/**",
    "**/testdata/**",
    "**/*_test.go",
    "**/test_*.py",
    "**/*_test.py",
    "**/*.test.*",
    "**/*.spec.*",
    "**/*_spec.rb",
    "**/*Test.java",
    "**/*Tests.java",
    "**/*Test.kt",
    "**/*Tests.cs",
    "**/*Test.php",
    "**/*_test.rs",
];

/// Docs and changelogs: outside the budget.
const DOC_PATTERNS: &[&str] = &[
    "**/CHANGELOG*",
    "**/CHANGES*",
    "**/HISTORY*",
    "**/NEWS*",
    "**/changelog.d/**",
    "**/newsfragments/**",
    "**/.changeset/**",
    "**/*.md",
    "**/*.rst",
    "**/*.adoc",
    "**/docs/**",
    "**/doc/**",
];

/// What does not count against the budget unless `hotfix.budgetExclude` replaces it.
pub fn default_budget_exclude() -> Vec<String> {
    TEST_PATTERNS
        .iter()
        .chain(DOC_PATTERNS)
        .map(|p| p.to_string())
        .collect()
}

const MANIFESTS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "npm-shrinkwrap.json",
    "go.mod",
    "go.sum",
    "requirements.txt",
    "Pipfile",
    "Pipfile.lock",
    "poetry.lock",
    "pyproject.toml",
    "uv.lock",
    "setup.py",
    "setup.cfg",
    "Gemfile",
    "Gemfile.lock",
    "composer.json",
    "composer.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "gradle.lockfile",
    "mix.exs",
    "mix.lock",
    "Package.swift",
    "Package.resolved",
    "pubspec.yaml",
    "pubspec.lock",
    "flake.lock",
];

/// The built-in test patterns as one set, compiled once per process (compiling is most of
/// its cost, and the rules and the checklist both ask).
pub fn test_files() -> &'static GlobSet {
    static SET: std::sync::OnceLock<GlobSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let patterns: Vec<String> = TEST_PATTERNS.iter().map(|p| p.to_string()).collect();
        glob_set(&patterns, "built-in test patterns").expect("built-in patterns are valid")
    })
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// True for a changelog file (`CHANGELOG.md`, `docs/CHANGES`, ...) or a changelog fragment
/// (`changelog.d/…`, `newsfragments/…`, `.changeset/…`, towncrier's `123.bugfix.rst`).
pub fn is_changelog(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let name = parts.pop().unwrap_or(path);
    let upper = name.to_ascii_uppercase();
    let (base, ext) = upper.split_once('.').unwrap_or((upper.as_str(), ""));
    let stem = ["CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASES"]
        .iter()
        .any(|stem| base.starts_with(stem))
        && ["", "MD", "MARKDOWN", "RST", "TXT", "ADOC"].contains(&ext);
    // `changes/` and `changelog/` are fragment directories at the top only: deeper, they can
    // be code (`src/changes/`).
    let fragment_dir = parts.iter().enumerate().any(|(depth, dir)| {
        let anywhere = ["changelog.d", "newsfragments", ".changeset"];
        let at_top = ["changes", "changelog"];
        anywhere.iter().any(|d| dir.eq_ignore_ascii_case(d))
            || (depth == 0 && at_top.iter().any(|d| dir.eq_ignore_ascii_case(d)))
    });
    // towncrier's `<issue>.<type>` with no extension or a text one.
    let pieces: Vec<&str> = name.split('.').collect();
    let towncrier = matches!(pieces.len(), 2 | 3)
        && ["feature", "bugfix", "doc", "removal", "misc", "security"].contains(&pieces[1])
        && pieces
            .get(2)
            .is_none_or(|ext| ["md", "rst", "txt"].contains(ext));
    stem || fragment_dir || towncrier
}

pub fn is_manifest(path: &str) -> bool {
    let name = file_name(path);
    MANIFESTS.contains(&name) || is_lock_file(path) || name.ends_with(".csproj")
}

/// Generated lock files never carry a HOTFIX comment.
pub fn is_lock_file(path: &str) -> bool {
    let name = file_name(path);
    name.ends_with(".lock")
        || name.ends_with(".lockfile")
        || name.contains("-lock.")
        || matches!(name, "go.sum" | "Package.resolved" | "npm-shrinkwrap.json")
}

/// True when `line` is a comment `HOTFIX: <id> - <summary>` in one of `markers`.
/// The comment may stand on its own line or end a line of code.
pub fn is_hotfix_comment(line: &str, markers: &[&str], ids: &[&str]) -> bool {
    markers.iter().any(|marker| {
        line.match_indices(marker)
            .any(|(at, _)| names_hotfix(&line[at + marker.len()..], ids))
    })
}

/// `HOTFIX: <id> - <summary>` at the start of a comment's text.
fn names_hotfix(comment: &str, ids: &[&str]) -> bool {
    let Some(rest) = comment.trim_start().strip_prefix("HOTFIX:") else {
        return false;
    };
    let rest = rest.trim_start();
    ids.iter().any(|id| {
        rest.get(..id.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(id))
            && rest[id.len()..]
                .trim_start()
                .strip_prefix('-')
                .is_some_and(|summary| {
                    let summary = summary
                        .trim()
                        .trim_end_matches("*/")
                        .trim_end_matches("-->");
                    !summary.trim().is_empty()
                })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::language::comment_markers;

    #[test]
    fn hotfix_comments_in_each_syntax() {
        let ids = ["HOTFIX-001"];
        let js = comment_markers("src/auth.js").unwrap();
        assert!(is_hotfix_comment(
            "  // HOTFIX: HOTFIX-001 - Verify signature",
            js,
            &ids
        ));
        assert!(is_hotfix_comment(
            "/* HOTFIX: HOTFIX-001 - Verify */",
            js,
            &ids
        ));
        assert!(!is_hotfix_comment(
            "// HOTFIX: HOTFIX-002 - Other",
            js,
            &ids
        ));
        assert!(!is_hotfix_comment("// HOTFIX: HOTFIX-001 -", js, &ids));
        assert!(!is_hotfix_comment(
            "# HOTFIX: HOTFIX-001 - wrong syntax",
            js,
            &ids
        ));
        let py = comment_markers("app/views.py").unwrap();
        assert!(is_hotfix_comment("# HOTFIX: HOTFIX-001 - Fix", py, &ids));
        let sql = comment_markers("db/fix.sql").unwrap();
        assert!(is_hotfix_comment("-- HOTFIX: HOTFIX-001 - Fix", sql, &ids));
        let html = comment_markers("index.html").unwrap();
        assert!(is_hotfix_comment(
            "<!-- HOTFIX: HOTFIX-001 - Fix -->",
            html,
            &ids
        ));
        assert!(!is_hotfix_comment(
            "<!-- HOTFIX: HOTFIX-001 - -->",
            html,
            &ids
        ));
        let clj = comment_markers("src/core.clj").unwrap();
        assert!(is_hotfix_comment("; HOTFIX: HOTFIX-001 - Fix", clj, &ids));
        assert!(comment_markers("README.md").is_none());
        assert!(comment_markers("data.json").is_none());
        assert!(comment_markers("logo.png").is_none());
        assert!(comment_markers("Dockerfile").is_some());
    }

    #[test]
    fn tests_and_manifests_are_recognised() {
        let tests = test_files();
        assert!(tests.is_match("src/auth.test.js"));
        assert!(tests.is_match("tests/cli/main.rs"));
        assert!(tests.is_match("pkg/auth_test.go"));
        assert!(!tests.is_match("src/auth.js"));
        assert!(is_manifest("web/package-lock.json"));
        assert!(is_manifest("Cargo.toml"));
        assert!(!is_manifest("src/lib.rs"));
        assert!(is_lock_file("pnpm-lock.yaml"));
        assert!(!is_lock_file("config.yaml"));
    }

    #[test]
    fn changelogs_are_recognised() {
        assert!(is_changelog("CHANGELOG.md"));
        assert!(is_changelog("docs/changes.rst"));
        assert!(is_changelog("NEWS.md"));
        assert!(is_changelog("changelog.d/HOTFIX-001.bugfix.rst"));
        assert!(is_changelog("news/123.security"));
        assert!(is_changelog(".changeset/hotfix-001.md"));
        assert!(!is_changelog("src/news.rs"));
        assert!(is_changelog("changes/1234.md"));
        assert!(!is_changelog("src/changes/apply.py"));
        assert!(!is_changelog("src/app.feature.ts"));
        assert!(!is_changelog("src/change.rs"));
    }
}
