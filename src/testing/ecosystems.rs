//! The affected tests of each ecosystem, from the packages `project` reads and the tool's own
//! way of running a part of the tests:
//!
//! - Cargo: the crates holding changed files and the workspace crates that depend on them →
//!   `cargo test -p …`. The members and path dependencies come from the manifests `project`
//!   reads, which is what `cargo metadata --offline --no-deps` reports, without starting cargo
//!   (and without its need for a lock file and a registry index that `--offline` may lack).
//! - npm, yarn and pnpm: the changed workspace packages and their dependents, with jest's
//!   `--findRelatedTests` or `vitest related --run` on the changed files, from the root when it
//!   has the runner, else in each affected package that has it.
//! - pytest: the changed test files and those importing a changed module (a static scan).
//! - Go: the packages of the changed files and the module's packages importing them.

use std::collections::BTreeSet;

use serde_json::Value;

use super::affected::{quoted_paths, runner_of};
use crate::error::Result;
use crate::git::{ObjectId, Repo, command::shell_words};
use crate::project::{self, Ecosystem, Package, Project};
use crate::ui;

/// What one ecosystem contributes to the choice.
#[derive(Debug)]
pub enum Part {
    Run { command: String, why: String },
    Nothing(String),
    Full(String),
}

/// Files that make a directory a pytest project.
const PYTEST_MARKERS: &[&str] = &[
    "pytest.ini",
    "pyproject.toml",
    "setup.cfg",
    "tox.ini",
    "conftest.py",
];

/// The part of each ecosystem that `changed` touches, in a fixed order.
pub fn parts(
    repo: &Repo,
    head: ObjectId,
    project: &Project,
    changed: &[String],
    full_command: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Result<Vec<Part>> {
    let mut python = false;
    for marker in PYTEST_MARKERS {
        python |= repo.file_at(head, marker)?.is_some();
    }
    if project.packages.is_empty() && !python {
        return Ok(vec![Part::Full(format!(
            "no Cargo, npm, Go or pytest project was found and {} is not set",
            crate::config::AFFECTED_TEST_COMMAND.key
        ))]);
    }
    if let Some(path) = changed.iter().find(|path| whole_build(path)) {
        return Ok(vec![Part::Full(format!(
            "{} changed, which every package's build or tests depend on",
            ui::sanitize(path)
        ))]);
    }
    let mut groups: Vec<(Ecosystem, Vec<&str>)> = Vec::new();
    for path in changed {
        let ecosystem = match project.owner_of(path) {
            // pytest's own configuration is pytest's whoever's directory holds it.
            _ if python
                && (path.ends_with(".py")
                    || PYTEST_MARKERS.contains(&path.rsplit('/').next().unwrap_or(path))) =>
            {
                Ecosystem::Python
            }
            Some(package) => package.ecosystem,
            None => {
                return Ok(vec![Part::Full(format!(
                    "{} is in no package of the project, so any test may depend on it",
                    ui::sanitize(path)
                ))]);
            }
        };
        match groups.iter_mut().find(|(e, _)| *e == ecosystem) {
            Some((_, files)) => files.push(path),
            None => groups.push((ecosystem, vec![path])),
        }
    }
    groups.sort_by_key(|(ecosystem, _)| *ecosystem);
    let mut parts = Vec::new();
    for (ecosystem, files) in groups {
        parts.push(match ecosystem {
            Ecosystem::Cargo => cargo(project, &files, full_command),
            Ecosystem::Npm => npm(repo, head, project, &files, exists)?,
            Ecosystem::Python => pytest(repo, head, &files, full_command, exists)?,
            Ecosystem::Go => go(repo, head, project, &files)?,
            // A package `hotfix.packages` declares has no runner to relate its tests to.
            Ecosystem::Configured => Part::Full(format!(
                "{} is in a package no manifest describes, so any test may depend on it",
                ui::sanitize(files[0])
            )),
        });
    }
    Ok(parts)
}

/// Files that decide the dependencies, the build or the tests of every package: lock files,
/// the root manifest, cargo's configuration, any `package.json`, and the configuration of a
/// JavaScript test runner or compiler (no runner relates a test to any of them).
fn whole_build(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let configures = |tool: &str| {
        name.strip_prefix(tool)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    };
    [
        "jest.config",
        "vitest.config",
        "vitest.workspace",
        "vite.config",
        "babel.config",
    ]
    .into_iter()
    .any(configures)
        || name.starts_with(".babelrc")
        || (name.starts_with("tsconfig") && name.ends_with(".json"))
        || matches!(
            name,
            "Cargo.lock"
                | "package.json"
                | "package-lock.json"
                | "npm-shrinkwrap.json"
                | "yarn.lock"
                | "pnpm-lock.yaml"
                | "pnpm-workspace.yaml"
                | "go.work"
                | "go.work.sum"
        )
        || path == "Cargo.toml"
        || path.starts_with(".cargo/")
}

/// `2 of 11 packages: billing (changed), api (depends on billing)`.
fn packages_why(
    total: usize,
    touched: &[&Package],
    dependents: &[&Package],
    relation: &str,
) -> String {
    let selected: Vec<&str> = touched
        .iter()
        .chain(dependents)
        .map(|p| p.name.as_str())
        .collect();
    let mut shown: Vec<String> = touched
        .iter()
        .map(|p| format!("{} (changed)", ui::sanitize(&p.name)))
        .collect();
    for package in dependents {
        let on = package
            .depends_on
            .iter()
            .find(|dep| selected.contains(&dep.as_str()))
            .map_or(String::new(), |dep| {
                format!(" ({relation} {})", ui::sanitize(dep))
            });
        shown.push(format!("{}{on}", ui::sanitize(&package.name)));
    }
    let noun = if total == 1 { "package" } else { "packages" };
    format!(
        "{} of {total} {noun}: {}",
        touched.len() + dependents.len(),
        shown.join(", ")
    )
}

fn of(project: &Project, ecosystem: Ecosystem) -> Vec<&Package> {
    project
        .packages
        .iter()
        .filter(|p| p.ecosystem == ecosystem)
        .collect()
}

fn cargo(project: &Project, files: &[&str], full_command: &str) -> Part {
    let touched = project.touched(files.iter().copied());
    let dependents = project.dependents(&touched);
    let names: Vec<&str> = touched
        .iter()
        .chain(&dependents)
        .map(|p| p.name.as_str())
        .collect();
    if let Some(bad) = names.iter().find(|name| {
        !name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }) {
        return Part::Full(format!(
            "the crate name '{}' is not one cargo takes",
            ui::sanitize(bad)
        ));
    }
    let runner = runner_of(full_command, &["cargo", "test"], &["--workspace", "--all"])
        .unwrap_or_else(|| "cargo test".to_string());
    let mut command = runner;
    for name in &names {
        command.push_str(" -p ");
        command.push_str(name);
    }
    Part::Run {
        command,
        why: packages_why(
            of(project, Ecosystem::Cargo).len(),
            &touched,
            &dependents,
            "depends on",
        ),
    }
}

/// A JavaScript test runner that takes the files to relate tests to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Runner {
    Jest,
    Vitest,
}

impl Runner {
    /// The runner a `package.json` declares: in its dependencies or its test script.
    fn of(manifest: &Value) -> Option<Runner> {
        let script = manifest["scripts"]["test"].as_str().unwrap_or("");
        let declares = |name: &str| {
            ["dependencies", "devDependencies"]
                .iter()
                .any(|field| manifest[field].get(name).is_some())
                || script.split_whitespace().next() == Some(name)
        };
        if declares("vitest") {
            Some(Runner::Vitest)
        } else if declares("jest") {
            Some(Runner::Jest)
        } else {
            None
        }
    }

    /// The command on `files`; `npx --no` never downloads a runner the project lacks.
    fn command(self, files: &[String]) -> String {
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        let files = quoted_paths(&files);
        match self {
            Runner::Jest => {
                format!("npx --no -- jest --ci --findRelatedTests --passWithNoTests {files}")
            }
            Runner::Vitest => format!("npx --no -- vitest related --run --passWithNoTests {files}"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Runner::Jest => "jest --findRelatedTests",
            Runner::Vitest => "vitest related",
        }
    }
}

fn npm(
    repo: &Repo,
    head: ObjectId,
    project: &Project,
    files: &[&str],
    exists: &dyn Fn(&str) -> bool,
) -> Result<Part> {
    let present: Vec<&str> = files.iter().copied().filter(|f| exists(f)).collect();
    let touched = project.touched(files.iter().copied());
    let dependents = project.dependents(&touched);
    let packages = packages_why(
        of(project, Ecosystem::Npm).len(),
        &touched,
        &dependents,
        "depends on",
    );
    let manifest = |dir: &str| -> Result<Value> {
        let path = if dir.is_empty() {
            "package.json".to_string()
        } else {
            format!("{dir}/package.json")
        };
        Ok(repo
            .file_at(head, &path)?
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default())
    };
    if let Some(runner) = Runner::of(&manifest("")?) {
        let files: Vec<String> = present.iter().map(|f| f.to_string()).collect();
        return Ok(Part::Run {
            command: runner.command(&files),
            why: format!("{packages}; {} on {} file(s)", runner.name(), files.len()),
        });
    }
    let mut commands = Vec::new();
    for package in touched.iter().chain(&dependents) {
        let Some(runner) = Runner::of(&manifest(&package.dir)?) else {
            continue;
        };
        let files: Vec<String> = present
            .iter()
            .map(|file| relative_to(&package.dir, file))
            .collect();
        commands.push(format!(
            "(cd {} && {})",
            quoted_paths(&[&package.dir]),
            runner.command(&files)
        ));
    }
    if commands.is_empty() {
        return Ok(Part::Full(
            "neither the root package.json nor an affected package's declares jest or vitest"
                .to_string(),
        ));
    }
    Ok(Part::Run {
        command: commands.join(" && "),
        why: format!("{packages}; the related tests of {} file(s)", present.len()),
    })
}

/// `file` as a path from `dir` (both relative to the root).
fn relative_to(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        return file.to_string();
    }
    if let Some(inside) = file.strip_prefix(&format!("{dir}/")) {
        return inside.to_string();
    }
    format!("{}{file}", "../".repeat(dir.split('/').count()))
}

fn pytest(
    repo: &Repo,
    head: ObjectId,
    files: &[&str],
    full_command: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Result<Part> {
    if let Some(other) = files.iter().find(|f| !f.ends_with(".py")) {
        return Ok(Part::Full(format!(
            "{} is not Python source, and a test may read it",
            ui::sanitize(other)
        )));
    }
    let tests: Vec<String> = project::python_tests_affected(repo, head, files)?
        .into_iter()
        .filter(|test| exists(test))
        .collect();
    if tests.is_empty() {
        return Ok(Part::Nothing(
            "pytest: no test file is or imports a changed module".to_string(),
        ));
    }
    let changed = tests.iter().filter(|t| files.contains(&t.as_str())).count();
    let runner = runner_of(full_command, &["pytest"], &[]).unwrap_or_else(|| "pytest".into());
    let refs: Vec<&str> = tests.iter().map(String::as_str).collect();
    Ok(Part::Run {
        command: format!("{runner} {}", quoted_paths(&refs)),
        why: format!(
            "{} test file(s): {} changed, {} importing a changed module",
            tests.len(),
            changed,
            tests.len() - changed
        ),
    })
}

fn go(repo: &Repo, head: ObjectId, project: &Project, files: &[&str]) -> Result<Part> {
    let modules = of(project, Ecosystem::Go);
    let all = project::go_packages(repo, head, &modules)?;
    let owners: Vec<Option<&str>> = files
        .iter()
        .map(|f| project.owner_of(f).map(|p| p.dir.as_str()))
        .collect();
    let mut commands = Vec::new();
    let mut whys = Vec::new();
    for module in project.touched(files.iter().copied()) {
        let mine: Vec<&str> = files
            .iter()
            .zip(&owners)
            .filter(|(_, owner)| **owner == Some(module.dir.as_str()))
            .map(|(file, _)| *file)
            .collect();
        if let Some(file) = mine
            .iter()
            .find(|f| matches!(f.rsplit('/').next(), Some("go.mod" | "go.sum")))
        {
            return Ok(Part::Full(format!(
                "{} changed, which every package of the module depends on",
                ui::sanitize(file)
            )));
        }
        let packages = all.get(&module.dir).map_or(&[][..], Vec::as_slice);
        let dirs: BTreeSet<&str> = packages.iter().map(|p| p.dir.as_str()).collect();
        let mut changed = BTreeSet::new();
        for file in &mine {
            // A file that is not Go source belongs to the nearest package above it.
            let mut dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
            while !dirs.contains(dir) {
                if dir == module.dir || dir.is_empty() {
                    return Ok(Part::Full(format!(
                        "{} is in no Go package of the module",
                        ui::sanitize(file)
                    )));
                }
                dir = dir.rsplit_once('/').map_or("", |(up, _)| up);
            }
            changed.insert(dir.to_string());
        }
        // The changed packages first, then their importers.
        let mut dirs = project::go_importers(packages, &changed);
        dirs.sort_by_key(|dir| !changed.contains(dir));
        let args: Vec<String> = dirs
            .iter()
            .map(|dir| match relative_to(&module.dir, dir).as_str() {
                "" => ".".to_string(),
                inside => format!("./{inside}"),
            })
            .collect();
        let go_test = format!("go test {}", shell_words(&args));
        commands.push(if module.dir.is_empty() {
            go_test
        } else {
            format!("(cd {} && {go_test})", quoted_paths(&[&module.dir]))
        });
        let shown: Vec<String> = dirs
            .iter()
            .map(|dir| {
                let name = relative_to(&module.dir, dir);
                let name = if name.is_empty() { ".".into() } else { name };
                let why = if changed.contains(dir) {
                    "changed"
                } else {
                    "imports a changed package"
                };
                format!("{} ({why})", ui::sanitize(&name))
            })
            .collect();
        whys.push(format!(
            "{} of {} packages of {}: {}",
            dirs.len(),
            packages.len(),
            ui::sanitize(&module.name),
            shown.join(", ")
        ));
    }
    Ok(Part::Run {
        command: commands.join(" && "),
        why: whys.join("; "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_and_root_manifests_take_the_whole_suite() {
        for path in [
            "Cargo.lock",
            "Cargo.toml",
            "packages/api/package.json",
            "yarn.lock",
            "jest.config.js",
            "packages/api/vitest.config.ts",
            "tsconfig.base.json",
            ".babelrc",
        ] {
            assert!(whole_build(path), "{path}");
        }
        for path in [
            "crates/api/Cargo.toml",
            "src/lock.rs",
            "go.mod",
            "src/jest.configure.js",
        ] {
            assert!(!whole_build(path), "{path}");
        }
    }

    #[test]
    fn paths_are_made_relative_to_a_package() {
        assert_eq!(relative_to("", "src/a.js"), "src/a.js");
        assert_eq!(
            relative_to("packages/api", "packages/api/src/a.js"),
            "src/a.js"
        );
        assert_eq!(
            relative_to("packages/api", "packages/billing/index.js"),
            "../../packages/billing/index.js"
        );
    }

    #[test]
    fn the_runner_is_what_the_manifest_declares() {
        let jest: Value = serde_json::from_str(r#"{"scripts": {"test": "jest --ci"}}"#).unwrap();
        let vitest: Value =
            serde_json::from_str(r#"{"devDependencies": {"vitest": "^2"}}"#).unwrap();
        let none: Value = serde_json::from_str(r#"{"scripts": {"test": "mocha"}}"#).unwrap();
        assert!(Runner::of(&jest) == Some(Runner::Jest));
        assert!(Runner::of(&vitest) == Some(Runner::Vitest));
        assert!(Runner::of(&none).is_none());
    }
}
