//! `release-notes --changelog` on projects laid out like real ones: the entry lands in the
//! changelog the project has, in its shape, and no second changelog appears.

use crate::common::layouts::{
    Layout, changesets_monorepo, keep_a_changelog, rst_changelog, towncrier_project,
};
use crate::common::{Sandbox, fixed_app, stderr, stdout};

/// A hotfix `name` started on `layout` with a fix committed at `path`; returns the sandbox.
fn fixed_in(layout: &Layout, name: &str, severity: &str, path: &str) -> Sandbox {
    let sandbox = Sandbox::project(layout);
    sandbox.start(name, &["--severity", severity]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.commit(
        path,
        &fixed_app("HOTFIX-001"),
        &["-m", "HOTFIX-001: Deny by default"],
    );
    sandbox
}

/// Writes the changelog entry, checks what was said and that exactly `path` was committed,
/// with the header, and that nothing else was written.
fn write_entry(sandbox: &Sandbox, path: &str) {
    let out = stdout(&sandbox.hotfix(["release-notes", "--changelog"]).success());
    let added = out.lines().last().unwrap_or_default();
    assert!(
        added.starts_with(&format!(
            "Added 2.0.2 to {path} and committed it on hotfix/"
        )),
        "{out}"
    );
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s"]).trim(),
        "HOTFIX-001: Add 2.0.2 to the changelog"
    );
    assert_eq!(
        sandbox
            .git(["show", "--name-only", "--format=", "HEAD"])
            .trim(),
        path
    );
    // Nothing else written, no second changelog beside the project's.
    assert!(
        sandbox
            .git(["status", "--porcelain", "--untracked-files=all"])
            .is_empty()
    );
    // Written twice, it is there once.
    let head = sandbox.rev("HEAD");
    let again = stdout(&sandbox.hotfix(["release-notes", "--changelog"]).success());
    assert!(
        again.ends_with("already has an entry for 2.0.2; nothing to change.\n"),
        "{again}"
    );
    assert_eq!(sandbox.rev("HEAD"), head);
}

#[test]
fn keep_a_changelog_moves_unreleased_into_the_release_and_links_it() {
    let sandbox = fixed_in(&keep_a_changelog(), "auth-bypass", "P0", "app.js");
    write_entry(&sandbox, "CHANGELOG.md");
    let text = sandbox.read("CHANGELOG.md");
    assert!(
        text.contains(
            "## [Unreleased]\n\n## [2.0.2] - 2026-03-02\n\n### Changed\n\n- Name the session cookie `sid`.\n\n### Security\n\n- Deny by default (HOTFIX-001)\n\n## [2.0.1] - 2026-02-10\n"
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            "[unreleased]: https://github.com/acme/app/compare/v2.0.2...HEAD\n\
             [2.0.2]: https://github.com/acme/app/compare/v2.0.1...v2.0.2\n\
             [2.0.1]: https://github.com/acme/app/compare/v2.0.0...v2.0.1\n\
             [2.0.0]: https://github.com/acme/app/releases/tag/v2.0.0\n"
        ),
        "{text}"
    );
}

#[test]
fn an_rst_changelog_gets_a_section_in_its_own_style() {
    let sandbox = fixed_in(&rst_changelog(), "payment-rounding", "P1", "app.js");
    write_entry(&sandbox, "CHANGES.rst");
    assert!(sandbox.read("CHANGES.rst").starts_with(
        "Version 2.0.2\n-------------\n\nReleased 2026-03-02\n\n-   Deny by default (HOTFIX-001)\n\nVersion 2.0.1\n-------------\n"
    ));
}

#[test]
fn towncrier_gets_a_fragment_of_its_own_type_outside_the_rules() {
    let sandbox = fixed_in(
        &towncrier_project(),
        "token-leak",
        "P0",
        "src/acme_auth/app.js",
    );
    let changelog = sandbox.read("CHANGELOG.rst");
    write_entry(&sandbox, "changelog.d/HOTFIX-001.security.rst");
    assert_eq!(
        sandbox.read("changelog.d/HOTFIX-001.security.rst"),
        "Deny by default (HOTFIX-001)\n"
    );
    assert_eq!(
        sandbox.read("CHANGELOG.rst"),
        changelog,
        "towncrier builds it"
    );
    // The fragment is the tool's own change: no budget, no HOTFIX comment, not a change of
    // the release, and the checklist sees the changelog updated.
    sandbox.git(["config", "hotfix.maxFiles", "1"]);
    sandbox.hotfix(["verify"]).success();
    let notes: serde_json::Value = serde_json::from_str(&stdout(
        &sandbox.hotfix(["release-notes", "--json"]).success(),
    ))
    .unwrap();
    assert_eq!(notes["changes"], serde_json::json!(["Deny by default"]));
    let checklist = stdout(&sandbox.hotfix(["checklist"]).success());
    let line = checklist
        .lines()
        .find(|l| l.contains("Update the changelog"))
        .unwrap();
    assert!(line.contains("[x]"), "{checklist}");
}

#[test]
fn a_bug_fix_is_a_bugfix_fragment() {
    let sandbox = fixed_in(
        &towncrier_project(),
        "rounding",
        "P1",
        "src/acme_auth/app.js",
    );
    write_entry(&sandbox, "changelog.d/HOTFIX-001.bugfix.rst");
}

#[test]
fn changesets_get_a_patch_for_the_packages_the_hotfix_touched() {
    let sandbox = fixed_in(
        &changesets_monorepo(),
        "rounding",
        "P1",
        "packages/core/index.js",
    );
    write_entry(&sandbox, ".changeset/hotfix-001.md");
    assert_eq!(
        sandbox.read(".changeset/hotfix-001.md"),
        "---\n\"@acme/core\": patch\n---\n\nDeny by default (HOTFIX-001)\n"
    );
}

#[test]
fn a_changelog_by_another_name_or_case_is_the_one_written() {
    let layout: Layout = vec![(
        "docs/History.md",
        "# History\n\n## v2.0.1 (2026-02-10)\n\n* Keep the session.\n".to_string(),
    )];
    let sandbox = fixed_in(&layout, "rounding", "P1", "app.js");
    write_entry(&sandbox, "docs/History.md");
    assert_eq!(
        sandbox.read("docs/History.md"),
        "# History\n\n## v2.0.2 (2026-03-02)\n\n* Deny by default (HOTFIX-001)\n\n## v2.0.1 (2026-02-10)\n\n* Keep the session.\n"
    );

    let layout: Layout = vec![("changelog.d/1234.md", "- Older fragment\n".to_string())];
    let sandbox = fixed_in(&layout, "rounding", "P1", "app.js");
    write_entry(&sandbox, "changelog.d/hotfix-001.md");
    assert_eq!(
        sandbox.read("changelog.d/hotfix-001.md"),
        "- Deny by default (HOTFIX-001)\n"
    );
}

#[test]
fn hotfix_changelog_names_the_changelog_or_turns_it_off() {
    let sandbox = fixed_in(&keep_a_changelog(), "rounding", "P1", "app.js");
    let before = sandbox.rev("HEAD");
    sandbox.git(["config", "hotfix.changelog", "none"]);
    let err = stderr(&sandbox.hotfix(["release-notes", "--changelog"]).code(1));
    assert!(err.contains("hotfix.changelog is 'none'"), "{err}");
    assert!(
        err.contains("hint: name one with 'git config hotfix.changelog CHANGELOG.md'"),
        "{err}"
    );
    assert_eq!(sandbox.rev("HEAD"), before);

    sandbox.git(["config", "hotfix.changelog", "../outside.md"]);
    let err = stderr(&sandbox.hotfix(["release-notes", "--changelog"]).code(1));
    assert!(
        err.contains("must be a path inside the repository"),
        "{err}"
    );

    sandbox.git(["config", "hotfix.changelog", "docs/releases.md"]);
    write_entry(&sandbox, "docs/releases.md");
    assert!(
        sandbox
            .read("docs/releases.md")
            .contains("## [2.0.2] - 2026-03-02\n\n### Fixed\n\n- Deny by default (HOTFIX-001)\n"),
        "a new file in the Keep a Changelog shape"
    );
    assert!(!sandbox.read("CHANGELOG.md").contains("2.0.2"));

    // A fragment directory not made yet.
    sandbox.git(["config", "hotfix.changelog", "news/"]);
    sandbox.git(["reset", "--quiet", "--hard", "HEAD~1"]);
    write_entry(&sandbox, "news/hotfix-001.md");
}

#[test]
fn a_towncrier_directory_outside_the_repository_is_refused() {
    let mut layout = towncrier_project();
    layout[0].1 = layout[0]
        .1
        .replace("directory = \"changelog.d\"", "directory = \".git/hooks\"");
    let sandbox = fixed_in(&layout, "rounding", "P1", "src/acme_auth/app.js");
    let head = sandbox.rev("HEAD");
    let err = stderr(&sandbox.hotfix(["release-notes", "--changelog"]).code(1));
    assert!(
        err.contains("towncrier's directory '.git/hooks' in pyproject.toml is not a directory inside the repository"),
        "{err}"
    );
    assert_eq!(sandbox.rev("HEAD"), head);
    assert!(
        !sandbox
            .work
            .join(".git/hooks/HOTFIX-001.bugfix.rst")
            .exists()
    );
    sandbox.git(["config", "hotfix.changelog", "changelog.d/"]);
    write_entry(&sandbox, "changelog.d/hotfix-001.md");
}
