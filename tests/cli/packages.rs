//! The packages a repository holds, read from its manifests as the ecosystems' own tools read
//! them, and shown by `git hotfix config`.

use crate::common::{Sandbox, stderr, stdout};

/// Commits `files` in one commit.
fn commit_files(sandbox: &Sandbox, files: &[(&str, &str)]) {
    for (path, content) in files {
        sandbox.write(path, content);
    }
    sandbox.git(["add", "-A"]);
    sandbox.git(["commit", "-q", "-m", "Lay out the project"]);
}

/// The package lines of `git hotfix config`, spaces collapsed.
fn packages(sandbox: &Sandbox) -> Vec<String> {
    let out = stdout(&sandbox.hotfix(["config"]).success());
    out.lines()
        .skip_while(|line| !line.starts_with("Packages"))
        .skip(1)
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn a_cargo_workspace_lists_its_members_with_inherited_versions() {
    let sandbox = Sandbox::new();
    commit_files(
        &sandbox,
        &[
            (
                "Cargo.toml",
                "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\nexclude = [\"crates/scratch\"]\n\n[workspace.package]\nversion = \"1.1.3\"\n\n[workspace.dependencies]\ntoml_datetime = { version = \"1.1.3\", path = \"crates/toml_datetime\" }\n",
            ),
            (
                "crates/toml/Cargo.toml",
                "[package]\nname = \"toml\"\nversion = \"1.1.4\"\n\n[dependencies]\ntoml_datetime.workspace = true\nserde = \"1\"\n",
            ),
            ("crates/toml/src/lib.rs", "pub fn parse() {}\n"),
            (
                "crates/toml_datetime/Cargo.toml",
                "[package]\nname = \"toml_datetime\"\nversion.workspace = true\n",
            ),
            ("crates/toml_datetime/src/lib.rs", "pub struct Datetime;\n"),
            (
                "crates/scratch/Cargo.toml",
                "[package]\nname = \"scratch\"\nversion = \"0.0.0\"\n",
            ),
        ],
    );
    assert_eq!(
        packages(&sandbox),
        [
            "cargo toml 1.1.4 crates/toml",
            "cargo toml_datetime 1.1.3 crates/toml_datetime"
        ]
    );
}

#[test]
fn an_npm_workspace_lists_its_scoped_packages_but_not_its_private_root() {
    let sandbox = Sandbox::new();
    commit_files(
        &sandbox,
        &[
            (
                "package.json",
                r#"{"name": "shop", "private": true, "workspaces": ["packages/*"]}"#,
            ),
            (
                "packages/ui/package.json",
                r#"{"name": "@shop/ui", "version": "2.3.1", "dependencies": {"@shop/core": "workspace:*"}}"#,
            ),
            (
                "packages/core/package.json",
                r#"{"name": "@shop/core", "version": "1.0.4"}"#,
            ),
            (
                "packages/core/node_modules/left-pad/package.json",
                r#"{"name": "left-pad", "version": "1.3.0"}"#,
            ),
        ],
    );
    assert_eq!(
        packages(&sandbox),
        [
            "npm @shop/core 1.0.4 packages/core",
            "npm @shop/ui 2.3.1 packages/ui"
        ]
    );
}

#[test]
fn every_go_module_is_a_package_without_a_version_file() {
    let sandbox = Sandbox::new();
    commit_files(
        &sandbox,
        &[
            ("go.mod", "module example.com/shop\n\ngo 1.22\n"),
            (
                "api/go.mod",
                "module example.com/shop/api\n\ngo 1.22\n\nrequire example.com/shop v1.4.2\n",
            ),
            ("api/testdata/go.mod", "module fixture\n"),
        ],
    );
    assert_eq!(
        packages(&sandbox),
        ["go example.com/shop - .", "go example.com/shop/api - api"]
    );
}

#[test]
fn a_broken_manifest_is_named_and_the_others_still_listed() {
    let sandbox = Sandbox::new();
    commit_files(
        &sandbox,
        &[
            (
                "pyproject.toml",
                "[project]\nname = \"shop\"\nversion = \"3.0.4\"\n",
            ),
            ("plugins/pay/pyproject.toml", "[project\nname = \"pay\"\n"),
        ],
    );
    let run = sandbox.hotfix(["config"]).success();
    assert!(
        stderr(&run).contains("skipped plugins/pay/pyproject.toml:"),
        "{}",
        stderr(&run)
    );
    assert_eq!(packages(&sandbox), ["python shop 3.0.4 ."]);
}
