//! The one integration test binary: every test drives the built `git-hotfix` and the real
//! `git` against repositories in temporary directories.

#[path = "../common/mod.rs"]
mod common;

mod affected;
mod attacks;
mod attacks_affected;
mod backport;
mod backport_lines;
mod cancel;
mod changelogs;
mod ci;
mod cli;
mod completion;
mod config;
mod deploy;
mod docs;
mod exit_codes;
mod faults;
mod finish;
mod fit;
mod hooks;
mod hostile;
mod hostile_notes;
mod install;
mod last_mile;
mod links;
mod managers;
mod monitor;
mod monorepo;
mod monorepo_release;
mod output;
mod packages;
mod parsers;
mod planted;
mod released;
mod reports;
mod rollback;
mod rollback_versions;
mod security;
mod server;
mod start;
mod status;
mod sync;
mod test_command;
mod trust;
mod verify;
mod versions;
mod walkthrough;

/// A `.rs` file that no `mod` line declares is never compiled, so its tests would silently
/// never run. Checks `tests/cli/` against `main.rs`, `tests/common/` against `mod.rs`, and
/// any directory of modules under them against its `<name>.rs` or `<name>/mod.rs`.
#[test]
fn every_test_file_is_declared_as_a_module() {
    use std::path::{Path, PathBuf};

    /// The `.rs` files under `dir` that are not declared, each with the reason; `module_file`
    /// is the file of the module `dir` holds the submodules of, if there is one.
    fn undeclared(dir: &Path, module_file: Option<&Path>) -> Vec<String> {
        let declaration =
            regex::Regex::new(r"^\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;")
                .unwrap();
        let text = module_file.map_or(String::new(), |file| std::fs::read_to_string(file).unwrap());
        let declared: Vec<&str> = text
            .lines()
            .filter_map(|line| declaration.captures(line))
            .map(|caps| caps.get(1).unwrap().as_str())
            .collect();
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_string();
            // A module is a file `<name>.rs` or a directory `<name>/` with a `mod.rs`.
            let module: PathBuf = if path.is_dir() {
                let own = dir.join(format!("{name}.rs"));
                let own = if own.exists() {
                    own
                } else {
                    path.join("mod.rs")
                };
                missing.extend(undeclared(&path, own.exists().then_some(own.as_path())));
                if own.exists() && own.starts_with(&path) {
                    own
                } else {
                    continue;
                }
            } else if path.extension().is_some_and(|ext| ext == "rs")
                && Some(path.as_path()) != module_file
            {
                path
            } else {
                continue;
            };
            match module_file {
                None => missing.push(format!(
                    "{} (no module file for {})",
                    module.display(),
                    dir.display()
                )),
                Some(file) if !declared.contains(&name.as_str()) => missing.push(format!(
                    "{} (no 'mod {name};' in {})",
                    module.display(),
                    file.display()
                )),
                Some(_) => {}
            }
        }
        missing
    }

    let tests = common::source_dir().join("tests");
    let mut missing = undeclared(&tests.join("cli"), Some(&tests.join("cli/main.rs")));
    missing.extend(undeclared(
        &tests.join("common"),
        Some(&tests.join("common/mod.rs")),
    ));
    assert!(
        missing.is_empty(),
        "test files that are never compiled:\n{}",
        missing.join("\n")
    );
}
