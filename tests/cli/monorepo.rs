//! Hotfixes in repositories that release their packages one by one, on fixtures that copy real
//! layouts: a Cargo workspace tagged per crate by cargo-release beside an old `v0.25.13`
//! line, an npm workspace tagged by changesets, a Go repository with two modules.

use serde_json::Value;

use crate::common::{Refusal, Sandbox, stdout};

/// A crate's CHANGELOG.md as cargo-release keeps it.
fn cargo_release_changelog(released: &str) -> String {
    format!(
        "# Change Log\n\nAll notable changes to this project will be documented in this file.\n\n\
         The format is based on [Keep a Changelog](https://keepachangelog.com/)\n\
         and this project adheres to [Semantic Versioning](https://semver.org/).\n\n\
         <!-- next-header -->\n## [Unreleased] - ReleaseDate\n\n## [{released}] - 2026-02-10\n\n\
         ### Fixes\n\n- An earlier fix\n"
    )
}

/// Commits `files` in one commit with `message`.
fn commit_files(sandbox: &Sandbox, files: &[(&str, &str)], message: &str) {
    for (path, content) in files {
        sandbox.write(path, content);
    }
    sandbox.git(["add", "-A"]);
    sandbox.git(["commit", "-q", "-m", message]);
}

/// Tags HEAD with each of `tags` (annotated, as release tools do) and pushes it all.
fn tag_and_push(sandbox: &Sandbox, tags: &[&str]) {
    for tag in tags {
        sandbox.git(["tag", "-a", tag, "-m", &format!("Release {tag}")]);
    }
    sandbox.git(["push", "--quiet", "origin", "main", "develop", "--tags"]);
}

/// The layout of toml-rs: crates under `crates/`, each with its own version, tag and
/// cargo-release changelog; `toml_datetime` inherits the workspace's version and `toml`
/// depends on it by path. An old `v0.25.13` tag stands beside the per-crate ones.
fn cargo_workspace() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.git(["tag", "-a", "v0.25.13", "-m", "Release 0.25.13"]);
    let toml_changelog = cargo_release_changelog("1.1.4");
    let datetime_changelog = cargo_release_changelog("1.1.1");
    let parser_changelog = cargo_release_changelog("1.1.3");
    commit_files(
        &sandbox,
        &[
            (
                "Cargo.toml",
                "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"1.1.1\"\nedition = \"2021\"\n",
            ),
            (
                "crates/toml/Cargo.toml",
                "[package]\nname = \"toml\"\nversion = \"1.1.4\"\n\n[dependencies]\ntoml_datetime = { version = \"1.1.1\", path = \"../toml_datetime\" }\ntoml_parser = { version = \"1.1.3\", path = \"../toml_parser\" }\n",
            ),
            ("crates/toml/src/lib.rs", "pub fn parse() {}\n"),
            ("crates/toml/CHANGELOG.md", &toml_changelog),
            (
                "crates/toml_datetime/Cargo.toml",
                "[package]\nname = \"toml_datetime\"\nversion.workspace = true\nedition.workspace = true\n",
            ),
            ("crates/toml_datetime/src/lib.rs", "pub struct Datetime;\n"),
            ("crates/toml_datetime/CHANGELOG.md", &datetime_changelog),
            (
                "crates/toml_parser/Cargo.toml",
                "[package]\nname = \"toml_parser\"\nversion = \"1.1.3\"\n",
            ),
            ("crates/toml_parser/src/lib.rs", "pub fn lex() {}\n"),
            ("crates/toml_parser/CHANGELOG.md", &parser_changelog),
        ],
        "Split into a workspace",
    );
    tag_and_push(
        &sandbox,
        &["toml-v1.1.4", "toml_datetime-v1.1.1", "toml_parser-v1.1.3"],
    );
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox
}

/// Commits a fix to each of `files` that follows every rule, for hotfix `id`.
fn fix(sandbox: &Sandbox, id: &str, files: &[&str]) {
    let fixed: Vec<(&str, String)> = files
        .iter()
        .map(|path| {
            (
                *path,
                format!("// HOTFIX: {id} - Reject a bad offset\npub fn fixed() {{}}\n"),
            )
        })
        .collect();
    let fixed: Vec<(&str, &str)> = fixed.iter().map(|(p, c)| (*p, c.as_str())).collect();
    commit_files(sandbox, &fixed, &format!("{id}: Reject a bad offset"));
}

#[test]
fn start_names_the_package_and_takes_its_own_release_as_the_affected_version() {
    let sandbox = cargo_workspace();
    let id = sandbox.start("offset", &["--package", "toml_datetime"]);
    let meta = sandbox.metadata(&id);
    assert_eq!(meta["packages"], serde_json::json!(["toml_datetime"]));
    assert_eq!(
        meta["affected_versions"],
        serde_json::json!(["toml_datetime-v1.1.1"])
    );
    let show = stdout(&sandbox.hotfix(["show"]).success());
    assert!(show.contains("packages:   toml_datetime"), "{show}");

    // Before any commit, the package named is the one released, with its own next version.
    let status = stdout(&sandbox.hotfix(["status"]).success());
    assert!(
        status.contains("packages: toml_datetime 1.1.2 (toml_datetime-v1.1.2)"),
        "{status}"
    );
    let checklist = stdout(&sandbox.hotfix(["checklist"]).success());
    assert!(
        checklist.contains("Packages: toml_datetime\n"),
        "{checklist}"
    );
}

#[test]
fn start_refuses_a_package_the_repository_does_not_have() {
    let sandbox = cargo_workspace();
    sandbox.assert_refused_unchanged(
        [
            "start",
            "offset",
            "--yes",
            "--no-fetch",
            "--package",
            "toml_date",
        ],
        Refusal::exit(1)
            .starts_with("error: there is no package 'toml_date' in this repository")
            .contains("hint: the packages are: toml, toml_datetime, toml_parser"),
    );
}

#[test]
fn the_packages_of_a_hotfix_are_those_its_commits_change() {
    let sandbox = cargo_workspace();
    let id = sandbox.start("offset", &["--severity", "P1"]);
    // The newest tag of the repository is another crate's: it is not the affected version.
    assert_eq!(
        sandbox.metadata(&id)["affected_versions"],
        serde_json::json!([])
    );
    fix(&sandbox, &id, &["crates/toml_parser/src/lib.rs"]);
    let status: Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["status", "--json"]).success())).unwrap();
    let released: Vec<(&str, &str)> = status["package_releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["release"]["tag"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(released, [("toml_parser", "toml_parser-v1.1.4")]);
    let notes = stdout(&sandbox.hotfix(["release-notes"]).success());
    assert!(
        notes.starts_with(&format!(
            "# Hotfix release toml_parser 1.1.4 (toml_parser-v1.1.4): {id} - "
        )),
        "{notes}"
    );
}
