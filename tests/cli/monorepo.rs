//! Hotfixes in repositories that release their packages one by one, on fixtures that copy real
//! layouts: a Cargo workspace tagged per crate by cargo-release beside an old `v0.25.13`
//! line, an npm workspace tagged by changesets, a Go repository with two modules.

use serde_json::Value;

use crate::common::{Refusal, Sandbox, stderr, stdout};

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
pub(crate) fn commit_files(sandbox: &Sandbox, files: &[(&str, &str)], message: &str) {
    for (path, content) in files {
        sandbox.write(path, content);
    }
    sandbox.git(["add", "-A"]);
    sandbox.git(["commit", "-q", "-m", message]);
}

/// A project of `files`, committed with `message`, released as `tags` and pushed, whose
/// suite passes.
fn released(files: &[(&str, &str)], message: &str, tags: &[&str]) -> Sandbox {
    let sandbox = Sandbox::new();
    commit_files(&sandbox, files, message);
    tag_and_push(&sandbox, tags);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox
}

/// Tags HEAD with each of `tags` (annotated, as release tools do) and pushes it all.
pub(crate) fn tag_and_push(sandbox: &Sandbox, tags: &[&str]) {
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
    lay_out_workspace(&sandbox);
    sandbox
}

/// [`cargo_workspace`] whose `toml` crate has an older line still maintained: the branch
/// `toml-v0.5`, cut from its `toml-v0.5.10` release, at `toml-v0.5.11`.
fn cargo_workspace_with_line() -> Sandbox {
    let sandbox = Sandbox::new();
    commit_files(
        &sandbox,
        &[
            ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n"),
            (
                "crates/toml/Cargo.toml",
                "[package]\nname = \"toml\"\nversion = \"0.5.10\"\n",
            ),
            ("crates/toml/src/lib.rs", "pub fn parse() {}\n"),
            (
                "crates/toml_datetime/Cargo.toml",
                "[package]\nname = \"toml_datetime\"\nversion = \"0.5.0\"\n",
            ),
        ],
        "Release toml 0.5.10",
    );
    sandbox.git(["tag", "-a", "toml-v0.5.10", "-m", "Release toml 0.5.10"]);
    sandbox.git(["checkout", "--quiet", "-b", "toml-v0.5"]);
    commit_files(
        &sandbox,
        &[(
            "crates/toml/Cargo.toml",
            "[package]\nname = \"toml\"\nversion = \"0.5.11\"\n",
        )],
        "Release toml 0.5.11",
    );
    sandbox.git(["tag", "-a", "toml-v0.5.11", "-m", "Release toml 0.5.11"]);
    sandbox.git(["push", "--quiet", "origin", "toml-v0.5"]);
    sandbox.git(["checkout", "--quiet", "main"]);
    lay_out_workspace(&sandbox);
    sandbox
}

/// Commits the workspace of [`cargo_workspace`] on `main`, tags and pushes it.
fn lay_out_workspace(sandbox: &Sandbox) {
    sandbox.git(["tag", "-a", "v0.25.13", "-m", "Release 0.25.13"]);
    let toml_changelog = cargo_release_changelog("1.1.4");
    let datetime_changelog = cargo_release_changelog("1.1.1");
    let parser_changelog = cargo_release_changelog("1.1.3");
    commit_files(
        sandbox,
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
        sandbox,
        &["toml-v1.1.4", "toml_datetime-v1.1.1", "toml_parser-v1.1.3"],
    );
    sandbox.git(["config", "hotfix.testCommand", "true"]);
}

/// Commits a fix to each of `files` that follows every rule, for hotfix `id`.
pub(crate) fn fix(sandbox: &Sandbox, id: &str, files: &[&str]) {
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

/// The tags created since `before`.
fn new_tags(sandbox: &Sandbox, before: &[String]) -> Vec<String> {
    sandbox
        .git(["tag", "--list"])
        .lines()
        .filter(|tag| !before.iter().any(|b| b == tag))
        .map(str::to_string)
        .collect()
}

fn all_tags(sandbox: &Sandbox) -> Vec<String> {
    new_tags(sandbox, &[])
}

#[test]
fn a_fix_in_one_crate_tags_that_crate_only_with_its_next_version() {
    let sandbox = cargo_workspace();
    let before = all_tags(&sandbox);
    let id = sandbox.start("offset", &["--severity", "P1"]);
    fix(&sandbox, &id, &["crates/toml_datetime/src/lib.rs"]);
    let run = sandbox.hotfix(["finish", "--yes"]).success();
    let out = stdout(&run);
    assert!(
        out.starts_with(&format!("Finished {id}: released toml_datetime 1.1.2\n")),
        "{out}"
    );
    assert!(
        out.contains("  tag       toml_datetime-v1.1.2 on "),
        "{out}"
    );
    assert_eq!(new_tags(&sandbox, &before), ["toml_datetime-v1.1.2"]);
    assert_eq!(
        sandbox.rev("toml_datetime-v1.1.2^{commit}"),
        sandbox.rev("main")
    );
    let meta = sandbox.metadata(&id);
    assert_eq!(meta["tag"], "toml_datetime-v1.1.2");
    assert_eq!(meta["version"], "1.1.2");
    assert_eq!(
        meta["affected_versions"],
        serde_json::json!(["toml_datetime-v1.1.1"])
    );
    assert_eq!(
        meta["releases"],
        serde_json::json!([{
            "package": "toml_datetime",
            "version": "1.1.2",
            "tag": "toml_datetime-v1.1.2",
            "previous": "toml_datetime-v1.1.1"
        }])
    );
    let notes = stdout(&sandbox.hotfix(["release-notes", &id]).success());
    assert!(
        notes.starts_with(&format!(
            "# Hotfix release toml_datetime 1.1.2 (toml_datetime-v1.1.2): {id} - "
        )),
        "{notes}"
    );
}

#[test]
fn a_fix_touching_two_crates_tags_both_from_the_same_merge_and_abort_removes_both() {
    let sandbox = cargo_workspace();
    let before = all_tags(&sandbox);
    let id = sandbox.start("offset", &["--severity", "P1"]);
    fix(
        &sandbox,
        &id,
        &["crates/toml_parser/src/lib.rs", "crates/toml/src/lib.rs"],
    );
    let plan = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(
        plan.contains("tag 1.1.5 as toml-v1.1.5 on the merge commit"),
        "{plan}"
    );
    assert!(
        plan.contains("tag 1.1.4 as toml_parser-v1.1.4 on the merge commit"),
        "{plan}"
    );
    sandbox.assert_refused_unchanged(
        ["finish", "--yes", "--version", "1.2.0"],
        Refusal::exit(1).starts_with(
            "error: --version names one version, and this hotfix releases 2 packages: toml, toml_parser",
        ),
    );

    let refs = sandbox.refs();
    sandbox.killed_at("finish:tagged", &["finish", "--yes"]);
    assert_eq!(
        new_tags(&sandbox, &before),
        ["toml-v1.1.5", "toml_parser-v1.1.4"]
    );
    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.refs(), refs);

    let out = stdout(&sandbox.hotfix(["finish", "--yes", "--push"]).success());
    assert!(
        out.starts_with(&format!(
            "Finished {id}: released toml 1.1.5, toml_parser 1.1.4\n"
        )),
        "{out}"
    );
    let merge = sandbox.rev("main");
    assert_eq!(sandbox.rev("toml-v1.1.5^{commit}"), merge);
    assert_eq!(sandbox.rev("toml_parser-v1.1.4^{commit}"), merge);
    let remote = sandbox.remote_refs();
    assert!(
        remote.contains("refs/tags/toml-v1.1.5") && remote.contains("refs/tags/toml_parser-v1.1.4"),
        "{remote}"
    );
    assert!(
        stdout(&sandbox.hotfix(["show", &id]).success()).contains(
            "released:   toml_parser 1.1.4 (toml_parser-v1.1.4), after toml_parser-v1.1.3"
        ),
    );
}

/// An npm workspace released with changesets: a private root, scoped packages tagged
/// `@shop/ui@2.3.1`.
fn npm_workspace() -> Sandbox {
    released(
        &[
            (
                "package.json",
                r#"{"name": "shop", "private": true, "workspaces": ["packages/*"]}"#,
            ),
            (
                "packages/ui/package.json",
                r#"{"name": "@shop/ui", "version": "2.3.1", "dependencies": {"@shop/core": "^1.0.4"}}"#,
            ),
            ("packages/ui/index.js", "export const ui = 1;\n"),
            (
                "packages/core/package.json",
                r#"{"name": "@shop/core", "version": "1.0.4"}"#,
            ),
            ("packages/core/index.js", "export const core = 1;\n"),
            (".changeset/config.json", r#"{"baseBranch": "main"}"#),
        ],
        "Move to a workspace",
        &["@shop/ui@2.3.1", "@shop/core@1.0.4"],
    )
}

#[test]
fn an_npm_workspace_tags_the_package_as_changesets_does() {
    let sandbox = npm_workspace();
    let before = all_tags(&sandbox);
    let id = sandbox.start("cart", &["--severity", "P1", "--package", "@shop/core"]);
    assert_eq!(
        sandbox.metadata(&id)["affected_versions"],
        serde_json::json!(["@shop/core@1.0.4"])
    );
    fix(&sandbox, &id, &["packages/core/index.js"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(new_tags(&sandbox, &before), ["@shop/core@1.0.5"]);
}

/// A Go repository with a module at the root (tags `v2.1.0`) and one in `api/` (tags
/// `api/v1.4.2`), as multi-module repositories tag them.
fn go_modules() -> Sandbox {
    released(
        &[
            ("go.mod", "module example.com/shop\n\ngo 1.22\n"),
            ("main.go", "package main\n"),
            (
                "api/go.mod",
                "module example.com/shop/api\n\ngo 1.22\n\nrequire example.com/shop v2.1.0\n",
            ),
            ("api/api.go", "package api\n"),
        ],
        "Split the API into its own module",
        &["v2.1.0", "api/v1.4.2"],
    )
}

#[test]
fn a_go_module_in_a_directory_is_tagged_with_its_path() {
    let sandbox = go_modules();
    let before = all_tags(&sandbox);
    let id = sandbox.start("timeout", &["--severity", "P1"]);
    fix(&sandbox, &id, &["api/api.go"]);
    let out = stdout(&sandbox.hotfix(["finish", "--yes"]).success());
    assert!(
        out.starts_with(&format!(
            "Finished {id}: released example.com/shop/api 1.4.3\n"
        )),
        "{out}"
    );
    assert_eq!(new_tags(&sandbox, &before), ["api/v1.4.3"]);

    // The root module's tags are the bare ones.
    let id = sandbox.start("panic", &["--severity", "P1"]);
    fix(&sandbox, &id, &["main.go"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    assert!(all_tags(&sandbox).contains(&"v2.1.1".to_string()));
}

#[test]
fn the_rollback_plan_and_the_postmortem_name_each_package_and_its_previous_release() {
    let sandbox = cargo_workspace();
    let id = sandbox.start("offset", &["--severity", "P1"]);
    fix(
        &sandbox,
        &id,
        &["crates/toml_parser/src/lib.rs", "crates/toml/src/lib.rs"],
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    let plan = stdout(&sandbox.hotfix(["rollback", &id]).success());
    assert!(
        plan.contains(
            " · toml released as toml-v1.1.5, previous release toml-v1.1.4 · toml_parser released as toml_parser-v1.1.4, previous release toml_parser-v1.1.3\n"
        ),
        "{plan}"
    );
    assert!(
        plan.contains("Redeploy the previous releases toml-v1.1.4, toml_parser-v1.1.3 if"),
        "{plan}"
    );
    assert!(
        plan.contains("- [ ] Confirm production runs toml_parser-v1.1.3 again"),
        "{plan}"
    );
    assert!(
        !plan.contains("v0.25.13") && !plan.contains("v2.0.1"),
        "{plan}"
    );

    let postmortem = stdout(&sandbox.hotfix(["postmortem", &id]).success());
    assert!(
        postmortem.contains(
            "Packages: toml 1.1.5 (toml-v1.1.5), after toml-v1.1.4; toml_parser 1.1.4 (toml_parser-v1.1.4), after toml_parser-v1.1.3\n"
        ),
        "{postmortem}"
    );
    assert!(
        postmortem.contains("Affected versions: toml-v1.1.4, toml_parser-v1.1.3\n"),
        "{postmortem}"
    );

    // The rollback release sets each package's next patch on the revert, and tags each on
    // that commit.
    let refs = sandbox.refs();
    let main = sandbox.rev("main");
    let args = [
        "rollback",
        &id,
        "--execute",
        "--tag",
        "--yes",
        "--reason",
        "errors",
    ];
    for point in [
        "rollback:set-version",
        "rollback:set-version:unsaved",
        "rollback:tagged",
        "rollback:tagged:unsaved",
    ] {
        sandbox.killed_at(point, &args);
        sandbox.hotfix(["rollback", "--abort"]).success();
        assert_eq!(
            sandbox.refs(),
            refs,
            "{point}: --abort takes the version commit and both tags back"
        );
    }
    let out = stdout(
        &sandbox
            .hotfix([
                "rollback",
                &id,
                "--execute",
                "--tag",
                "--yes",
                "--reason",
                "errors",
            ])
            .success(),
    );
    let version_commit = sandbox.rev("main");
    assert_eq!(
        sandbox.rev("main~2"),
        main,
        "the revert, then the version commit"
    );
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", "main"]).trim(),
        format!("{id}: Set the version of toml to 1.1.6, toml_parser to 1.1.5")
    );
    assert!(
        out.contains("  version   toml 1.1.6, toml_parser 1.1.5 set in "),
        "{out}"
    );
    for (tag, manifest, version) in [
        ("toml-v1.1.6", "crates/toml/Cargo.toml", "1.1.6"),
        (
            "toml_parser-v1.1.5",
            "crates/toml_parser/Cargo.toml",
            "1.1.5",
        ),
    ] {
        let text = sandbox.git(["show", &format!("{tag}:{manifest}")]);
        assert!(
            text.contains(&format!("version = \"{version}\"\n")),
            "{tag}: {text}"
        );
    }
    for tag in ["toml-v1.1.6", "toml_parser-v1.1.5"] {
        assert_eq!(
            sandbox.rev(&format!("{tag}^{{commit}}")),
            version_commit,
            "{tag}"
        );
        assert!(out.contains(&format!("  tag       {tag} on ")), "{out}");
        let message = sandbox.git(["tag", "-l", "--format=%(contents:subject)", tag]);
        assert_eq!(
            message.trim(),
            format!("Roll back {id} (released as toml-v1.1.5, toml_parser-v1.1.4): Offset")
        );
    }
    let tagged: Vec<String> = sandbox.metadata(&id)["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "rollback-tagged")
        .map(|e| e["detail"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(tagged.len(), 2, "{tagged:?}");
}

#[test]
fn backport_goes_back_to_the_packages_own_maintenance_line_and_tags_it_there() {
    let sandbox = cargo_workspace_with_line();
    let id = sandbox.start("offset", &["--severity", "P1", "--package", "toml"]);
    assert_eq!(
        sandbox.metadata(&id)["affected_versions"],
        serde_json::json!(["toml-v1.1.4", "toml-v0.5.11"])
    );
    fix(&sandbox, &id, &["crates/toml/src/lib.rs"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    let out = stdout(
        &sandbox
            .hotfix(["backport", &id, "--all-affected", "--tag", "--yes"])
            .success(),
    );
    assert!(out.contains("tagged toml-v0.5.12"), "{out}");
    let backport = &sandbox.metadata(&id)["backports"][0];
    assert_eq!(backport["target"], "toml-v0.5");
    assert_eq!(backport["tag"], "toml-v0.5.12");
    let branch = backport["branch"].as_str().unwrap();
    assert_eq!(sandbox.rev("toml-v0.5.12^{commit}"), sandbox.rev(branch));
    // The pick, then the line's own version set to the release it tags.
    assert_eq!(
        sandbox.rev(&format!("{branch}~2")),
        sandbox.rev("toml-v0.5")
    );
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s", branch]).trim(),
        format!("{id}: Set the version of toml to 0.5.12")
    );
    assert_eq!(
        sandbox.git(["show", "--name-only", "--format=", branch]),
        "crates/toml/Cargo.toml\n"
    );
    assert_eq!(
        sandbox.git(["show", "toml-v0.5.12:crates/toml/Cargo.toml"]),
        "[package]\nname = \"toml\"\nversion = \"0.5.12\"\n"
    );
    assert!(
        out.contains("version toml 0.5.12 set in crates/toml/Cargo.toml"),
        "{out}"
    );
}

#[test]
fn packages_no_manifest_describes_are_declared_in_hotfix_packages() {
    let sandbox = released(
        &[
            ("web/app.js", "export const app = 1;\n"),
            ("deploy/charts/render.js", "export const render = 1;\n"),
        ],
        "Add the web app and its charts",
        &["web-v3.2.0", "charts-v0.9.1"],
    );
    sandbox.git(["config", "--add", "hotfix.packages", "web=web"]);
    sandbox.git([
        "config",
        "--add",
        "hotfix.packages",
        "charts=./deploy/charts/",
    ]);
    let config = stdout(&sandbox.hotfix(["config"]).success());
    assert!(
        config.contains("charts  -         deploy/charts"),
        "{config}"
    );

    let before = all_tags(&sandbox);
    let id = sandbox.start("probe", &["--severity", "P1"]);
    fix(&sandbox, &id, &["deploy/charts/render.js"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(new_tags(&sandbox, &before), ["charts-v0.9.2"]);
}

#[test]
fn finish_sets_the_crates_own_version_and_raises_the_requirement_of_its_dependent() {
    let sandbox = cargo_workspace();
    let before = all_tags(&sandbox);
    let id = sandbox.start("lexer", &["--severity", "P1"]);
    fix(&sandbox, &id, &["crates/toml_parser/src/lib.rs"]);
    let out = stdout(&sandbox.hotfix(["finish", "--yes"]).success());
    assert!(
        out.contains(
            "  version   toml_parser 1.1.4 set in crates/toml/Cargo.toml, crates/toml_parser/Cargo.toml\n"
        ),
        "{out}"
    );
    assert_eq!(new_tags(&sandbox, &before), ["toml_parser-v1.1.4"]);
    let show = |path: &str| sandbox.git(["show", &format!("toml_parser-v1.1.4:{path}")]);
    assert_eq!(
        show("crates/toml_parser/Cargo.toml"),
        "[package]\nname = \"toml_parser\"\nversion = \"1.1.4\"\n"
    );
    assert_eq!(
        show("crates/toml/Cargo.toml"),
        "[package]\nname = \"toml\"\nversion = \"1.1.4\"\n\n[dependencies]\ntoml_datetime = { version = \"1.1.1\", path = \"../toml_datetime\" }\ntoml_parser = { version = \"1.1.4\", path = \"../toml_parser\" }\n"
    );
    assert_eq!(
        sandbox
            .git(["log", "-1", "--format=%s", "toml_parser-v1.1.4^2"])
            .trim(),
        format!("{id}: Set the version of toml_parser to 1.1.4")
    );
}

#[test]
fn release_notes_write_the_crates_own_cargo_release_changelog_and_the_inherited_version() {
    let sandbox = cargo_workspace();
    let id = sandbox.start("offset", &["--severity", "P1"]);
    fix(&sandbox, &id, &["crates/toml_datetime/src/lib.rs"]);
    let out = stdout(&sandbox.hotfix(["release-notes", "--changelog"]).success());
    assert!(
        out.contains("Added toml_datetime 1.1.2 to crates/toml_datetime/CHANGELOG.md"),
        "{out}"
    );
    let changelog = sandbox.read("crates/toml_datetime/CHANGELOG.md");
    let (kept, entry) = changelog
        .split_once("## [1.1.2] - ")
        .unwrap_or_else(|| panic!("{changelog}"));
    assert!(
        kept.ends_with("<!-- next-header -->\n## [Unreleased] - ReleaseDate\n\n"),
        "{changelog}"
    );
    assert!(
        entry.contains(&format!(
            "\n\n### Fixed\n\n- Reject a bad offset ({id})\n\n## [1.1.1] - 2026-02-10\n"
        )),
        "{changelog}"
    );
    assert!(!sandbox.work.join("CHANGELOG.md").exists());
    assert_eq!(
        sandbox.read("crates/toml/CHANGELOG.md"),
        cargo_release_changelog("1.1.4")
    );
    // toml_datetime has the workspace's version, and toml requires the new one.
    assert!(
        sandbox
            .read("Cargo.toml")
            .contains("[workspace.package]\nversion = \"1.1.2\"\n")
    );
    assert!(
        sandbox
            .read("crates/toml/Cargo.toml")
            .contains("toml_datetime = { version = \"1.1.2\", path = \"../toml_datetime\" }")
    );

    // The raised requirement does not make toml a package the hotfix releases.
    let before = all_tags(&sandbox);
    let out = stdout(&sandbox.hotfix(["finish", "--yes"]).success());
    assert!(!out.contains("  version "), "{out}");
    assert_eq!(new_tags(&sandbox, &before), ["toml_datetime-v1.1.2"]);
}

#[test]
fn an_npm_fix_sets_the_package_version_and_its_dependents_range() {
    let sandbox = npm_workspace();
    let id = sandbox.start("cart", &["--severity", "P1"]);
    fix(&sandbox, &id, &["packages/core/index.js"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    let show = |path: &str| sandbox.git(["show", &format!("@shop/core@1.0.5:{path}")]);
    assert_eq!(
        show("packages/core/package.json"),
        r#"{"name": "@shop/core", "version": "1.0.5"}"#
    );
    assert_eq!(
        show("packages/ui/package.json"),
        r#"{"name": "@shop/ui", "version": "2.3.1", "dependencies": {"@shop/core": "^1.0.5"}}"#
    );
}

#[test]
fn a_maintenance_branch_pattern_naming_the_package_finds_its_line() {
    let sandbox = cargo_workspace_with_line();
    sandbox.git(["branch", "maint/toml-0.x", "toml-v0.5"]);
    sandbox.git(["branch", "-D", "toml-v0.5"]);
    sandbox.git(["push", "--quiet", "origin", ":toml-v0.5", "maint/toml-0.x"]);
    sandbox.git([
        "config",
        "hotfix.maintenanceBranch",
        "maint/{package}-{major}.x",
    ]);
    let id = sandbox.start("offset", &["--severity", "P1", "--package", "toml"]);
    assert_eq!(
        sandbox.metadata(&id)["affected_versions"],
        serde_json::json!(["toml-v1.1.4", "toml-v0.5.11"])
    );
    fix(&sandbox, &id, &["crates/toml/src/lib.rs"]);
    let out = stdout(
        &sandbox
            .hotfix(["backport", &id, "--all-affected", "--yes"])
            .success(),
    );
    assert!(out.contains("maint/toml-0.x"), "{out}");
}

#[test]
fn a_changesets_workspace_gets_one_changeset_naming_the_package_and_no_second_changelog() {
    let sandbox = npm_workspace();
    let id = sandbox.start("cart", &["--severity", "P1"]);
    fix(&sandbox, &id, &["packages/core/index.js"]);
    sandbox.hotfix(["release-notes", "--changelog"]).success();
    let changeset = sandbox.read(&format!(".changeset/{}.md", id.to_lowercase()));
    assert!(
        changeset.starts_with("---\n\"@shop/core\": patch\n---\n"),
        "{changeset}"
    );
    assert!(!sandbox.work.join("packages/core/CHANGELOG.md").exists());
    assert!(
        sandbox
            .read("packages/core/package.json")
            .contains("\"version\": \"1.0.5\"")
    );
}

#[test]
fn a_package_name_that_reads_as_an_option_is_never_tagged() {
    let sandbox = npm_workspace();
    commit_files(
        &sandbox,
        &[(
            "packages/core/package.json",
            r#"{"name": "-core", "version": "1.0.4"}"#,
        )],
        "Rename the core package",
    );
    sandbox.git(["push", "--quiet", "origin", "main"]);
    sandbox.git(["update-ref", "refs/tags/-core@1.0.4", "HEAD"]);
    let id = sandbox.start("cart", &["--severity", "P1"]);
    fix(&sandbox, &id, &["packages/core/index.js"]);
    let before = sandbox.refs();
    sandbox.assert_refused_unchanged(
        ["finish", "--yes"],
        Refusal::exit(1).starts_with(
            "error: the package '-core' would be tagged '-core@1.0.5', which git does not accept as a tag name",
        ),
    );
    assert_eq!(sandbox.refs(), before);
}

#[test]
fn version_files_give_each_listed_file_the_version_of_the_package_holding_it() {
    let sandbox = cargo_workspace();
    sandbox.git([
        "config",
        "--add",
        "hotfix.versionFiles",
        "crates/toml_parser/Cargo.toml",
    ]);
    sandbox.git([
        "config",
        "--add",
        "hotfix.versionFiles",
        "crates/toml/Cargo.toml",
    ]);
    let id = sandbox.start("lexer", &["--severity", "P1"]);
    fix(&sandbox, &id, &["crates/toml_parser/src/lib.rs"]);
    sandbox.hotfix(["finish", "--yes"]).success();
    let show = |path: &str| sandbox.git(["show", &format!("toml_parser-v1.1.4:{path}")]);
    assert!(show("crates/toml_parser/Cargo.toml").contains("version = \"1.1.4\""));
    // toml is not released: its file keeps its version, and nothing else is changed.
    assert_eq!(
        show("crates/toml/Cargo.toml"),
        sandbox.git(["show", "toml-v1.1.4:crates/toml/Cargo.toml"])
    );
}

#[test]
fn a_crate_never_released_beside_a_released_one_is_left_out_with_a_warning() {
    let sandbox = cargo_workspace();
    commit_files(
        &sandbox,
        &[
            (
                "crates/toml_bench/Cargo.toml",
                "[package]\nname = \"toml_bench\"\nversion = \"0.0.0\"\npublish = false\n",
            ),
            ("crates/toml_bench/src/lib.rs", "pub fn bench() {}\n"),
        ],
        "Add benchmarks",
    );
    sandbox.git(["push", "--quiet", "origin", "main"]);
    let before = all_tags(&sandbox);
    let id = sandbox.start("lexer", &["--severity", "P1"]);
    fix(
        &sandbox,
        &id,
        &[
            "crates/toml_parser/src/lib.rs",
            "crates/toml_bench/src/lib.rs",
        ],
    );
    let run = sandbox.hotfix(["finish", "--yes"]).success();
    assert!(
        stderr(&run).contains(
            "warning: the package 'toml_bench' has no release tag, so this hotfix does not release it"
        ),
        "{}",
        stderr(&run)
    );
    assert_eq!(new_tags(&sandbox, &before), ["toml_parser-v1.1.4"]);
}
