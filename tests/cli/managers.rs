//! The hooks beside the real hook managers, in both install orders: pre-commit (from PyPI),
//! lefthook (from npm) and husky's layout (`core.hooksPath=.husky`). Each manager's own hook
//! leaves a mark; a real commit and push show that both its hook and ours ran, and after
//! `hooks uninstall` the manager's hooks are exactly as it wrote them and still run.
//!
//! pre-commit and lefthook are found through `GIT_HOTFIX_PRE_COMMIT` / `GIT_HOTFIX_LEFTHOOK`
//! (set by `.ci/run`, which installs them under `target/`) or on PATH; without them the
//! tests say they are skipped.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use git_hotfix::hooks::MARKER;

use crate::common::{Sandbox, config_hooks, skipped, stderr, stdout};

const FIXED: &str =
    "// HOTFIX: HOTFIX-001 - Deny by default\nfunction login() {\n  return false;\n}\n";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Order {
    TheirsFirst,
    OursFirst,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Manager {
    PreCommit,
    Lefthook,
    Husky,
}

/// The manager's program: the path in `env` when set, else `program` on PATH; `None`, with the
/// test reported as skipped, when neither is there.
fn tool(env: &str, program: &str, test: &str) -> Option<PathBuf> {
    let found = std::env::var_os(env)
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .or_else(|| which::which(program).ok());
    if found.is_none() {
        skipped(&format!(
            "{test} ({program} is not installed; .ci/run installs it and sets {env})"
        ));
    }
    found
}

/// The file that every hook of the manager's appends its name to.
fn marks_file(sandbox: &Sandbox) -> PathBuf {
    sandbox.dir.path().join("marks.log")
}

fn marks(sandbox: &Sandbox) -> Vec<String> {
    fs::read_to_string(marks_file(sandbox))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn runs(sandbox: &Sandbox) -> usize {
    fs::read_to_string(sandbox.dir.path().join("runs.log"))
        .map(|text| text.lines().count())
        .unwrap_or(0)
}

/// Hook files by path from the top of the work tree, with their bytes and mode.
type Files = BTreeMap<String, (Vec<u8>, u32)>;

/// Every file of `.git/hooks` and `.husky` that is not ours (no sample), with its bytes and
/// mode; and the files of ours among them, by name.
fn hook_files(sandbox: &Sandbox) -> (Files, Vec<String>) {
    fn walk(dir: &Path, top: &Path, theirs: &mut Files, ours: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, top, theirs, ours);
                continue;
            }
            let name = path.strip_prefix(top).unwrap().display().to_string();
            if name.ends_with(".sample") {
                continue;
            }
            let bytes = fs::read(&path).unwrap();
            if String::from_utf8_lossy(&bytes).contains(MARKER) {
                ours.push(name);
            } else {
                let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
                theirs.insert(name, (bytes, mode));
            }
        }
    }
    let (mut theirs, mut ours) = (BTreeMap::new(), Vec::new());
    for dir in [".git/hooks", ".husky"] {
        walk(
            &sandbox.work.join(dir),
            &sandbox.work,
            &mut theirs,
            &mut ours,
        );
    }
    (theirs, ours)
}

/// A clone whose `main` holds the manager's configuration, with hooks of its own that append
/// their name to [`marks_file`]; nothing is installed yet. Pushes run a test command logging
/// each run.
fn repository(manager: Manager) -> Sandbox {
    let sandbox = Sandbox::new();
    let mark = sandbox.dir.path().join("mark");
    sandbox.script(
        &mark,
        &format!(
            "#!/bin/sh\necho \"$1\" >> '{}'\n",
            marks_file(&sandbox).display()
        ),
    );
    let mark = mark.display().to_string();
    match manager {
        Manager::PreCommit => sandbox.write(
            ".pre-commit-config.yaml",
            &format!(
                "repos:\n  - repo: local\n    hooks:\n      - id: mark-commit-msg\n        \
                 name: mark\n        entry: {mark} commit-msg\n        language: system\n        \
                 stages: [commit-msg]\n      - id: mark-pre-push\n        name: mark\n        \
                 entry: {mark} pre-push\n        language: system\n        stages: [pre-push]\n        \
                 pass_filenames: false\n        always_run: true\n"
            ),
        ),
        Manager::Lefthook => sandbox.write(
            "lefthook.yml",
            &format!(
                "commit-msg:\n  commands:\n    mark:\n      run: {mark} commit-msg\n\
                 pre-push:\n  commands:\n    mark:\n      run: {mark} pre-push\n"
            ),
        ),
        Manager::Husky => {
            for hook in ["commit-msg", "pre-push"] {
                sandbox.script(
                    &sandbox.work.join(".husky").join(hook),
                    &format!("#!/usr/bin/env sh\n{mark} {hook}\n"),
                );
            }
        }
    }
    sandbox.git(["add", "--all"]);
    sandbox.git([
        "commit",
        "--quiet",
        "-m",
        "Add the hook manager's configuration",
    ]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    let log = sandbox.dir.path().join("runs.log");
    sandbox.git([
        "config",
        "hotfix.testCommand",
        &format!("echo run >> '{}'", log.display()),
    ]);
    sandbox
}

/// Installs the manager's hooks as its users do.
fn install_theirs(sandbox: &Sandbox, manager: Manager, program: Option<&Path>) {
    match manager {
        Manager::PreCommit => {
            let out = sandbox
                .command(program.unwrap())
                .args(["install", "-t", "commit-msg", "-t", "pre-push"])
                .output()
                .unwrap();
            assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
        }
        Manager::Lefthook => {
            let out = sandbox
                .command(program.unwrap())
                .arg("install")
                .output()
                .unwrap();
            assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
        }
        Manager::Husky => {
            sandbox.git(["config", "core.hooksPath", ".husky"]);
        }
    }
}

/// What `hooks install` says about the manager on git before 2.54 (files in a shared
/// directory), where the order matters.
fn advice(manager: Manager) -> &'static str {
    match manager {
        Manager::PreCommit => "never with -f/--overwrite",
        Manager::Lefthook => "lefthook renames a hook it finds to <hook>.old and never runs it",
        Manager::Husky => "husky sets core.hooksPath, and git then no longer runs the hooks in",
    }
}

/// On git before 2.54 `hooks install` does not chain husky's committed hooks (that would
/// change the repository's files) and says what to add to them: does so and commits it.
fn call_from_husky(sandbox: &Sandbox, said: &str) {
    for (hook, args) in [("commit-msg", "\"$1\""), ("pre-push", "\"$@\"")] {
        let line = format!("git-hotfix hooks run {hook} {args}");
        assert!(
            said.contains(&format!(
                ".husky/{hook} is committed, and keeping it aside to chain it would change the \
                 repository's files: add '{line}' to it instead"
            )),
            "{said}"
        );
        let path = format!(".husky/{hook}");
        let text = sandbox.read(&path);
        sandbox.write(&path, &format!("{text}{line}\n"));
    }
    sandbox.git([
        "commit",
        "--quiet",
        "--all",
        "-m",
        "Call the hotfix checks from husky",
    ]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
}

/// Installs theirs and ours in `order`, then checks a real commit and push run both, and that
/// uninstalling ours leaves theirs exactly as they were, still running.
fn both_run(manager: Manager, order: Order, program: Option<&Path>) {
    let sandbox = repository(manager);
    let files = !config_hooks();
    let mut before: Files;
    match order {
        Order::TheirsFirst => {
            install_theirs(&sandbox, manager, program);
            before = hook_files(&sandbox).0;
            let install = sandbox.hotfix(["hooks", "install"]).success();
            let out = stdout(&install);
            // With husky's directory already in use there is no order to keep.
            let advised = files && manager != Manager::Husky;
            assert_eq!(out.contains(advice(manager)), advised, "{order:?}:\n{out}");
            if files && manager == Manager::Husky {
                call_from_husky(&sandbox, &stderr(&install));
            }
        }
        Order::OursFirst => {
            let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
            assert_eq!(out.contains(advice(manager)), files, "{order:?}:\n{out}");
            install_theirs(&sandbox, manager, program);
            before = hook_files(&sandbox).0;
            if files && manager != Manager::PreCommit {
                // lefthook keeps ours as <hook>.old and never runs it; with husky's
                // core.hooksPath git no longer looks in .git/hooks. Nothing checks commits.
                let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
                assert!(status.contains("commit-msg          not"), "{status}");
                // Installing again chains lefthook's hooks; husky's committed ones are left
                // as they are, with the line to add to them.
                let install = sandbox.hotfix(["hooks", "install"]).success();
                if manager == Manager::Husky {
                    call_from_husky(&sandbox, &stderr(&install));
                } else {
                    assert!(
                        stdout(&install).contains("runs first"),
                        "{}",
                        stdout(&install)
                    );
                }
            }
            if files && manager == Manager::PreCommit {
                let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
                assert!(
                    status.contains("installed; pre-commit runs it, kept as commit-msg.legacy"),
                    "{status}"
                );
            }
        }
    }
    if files && manager == Manager::Husky {
        // As edited to call the checks.
        before = hook_files(&sandbox).0;
    }
    sandbox.start("auth", &[]);
    let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
    assert!(!status.contains("not installed"), "{order:?}:\n{status}");
    assert!(!status.contains("not running"), "{order:?}:\n{status}");
    if files && manager == Manager::Husky {
        // husky's own hooks, edited to call the checks, are what runs them.
        assert!(
            status.contains("run from husky's own commit-msg hook")
                && status.contains("run from husky's own pre-push hook")
                && status.contains("its own hooks call the checks (commit-msg, pre-push)"),
            "{order:?}:\n{status}"
        );
    }

    // Ours: a commit without its header is refused on a hotfix branch.
    let refused = sandbox.try_commit("app.js", FIXED, &["-m", "No header"]);
    assert!(
        stderr(&refused).contains("commit refused on hotfix/auth"),
        "{order:?}: {}",
        stderr(&refused)
    );
    let _ = fs::remove_file(marks_file(&sandbox));
    // Theirs: the good commit leaves its mark, once.
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    assert_eq!(marks(&sandbox), ["commit-msg"], "{order:?}");
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{order:?}: {}", stderr(&push));
    assert!(
        stderr(&push).contains("every hotfix rule passes"),
        "{order:?}: {}",
        stderr(&push)
    );
    assert_eq!(runs(&sandbox), 1, "{order:?}");
    assert_eq!(marks(&sandbox), ["commit-msg", "pre-push"], "{order:?}");

    // Uninstalled: their hooks are as they wrote them, and only theirs run.
    sandbox.hotfix(["hooks", "uninstall"]).success();
    let (after, ours) = hook_files(&sandbox);
    assert!(ours.is_empty(), "{order:?}: left {ours:?}");
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "{order:?}"
    );
    assert!(after == before, "{order:?}: their hooks changed");
    if files && manager == Manager::Husky {
        // husky's hooks now call git-hotfix themselves.
        return;
    }
    sandbox.commit("app.js", &format!("{FIXED}// more\n"), &["-m", "No header"]);
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{order:?}: {}", stderr(&push));
    assert!(!stderr(&push).contains("hotfix rule"), "{}", stderr(&push));
    assert_eq!(runs(&sandbox), 1, "{order:?}");
    assert_eq!(
        marks(&sandbox),
        ["commit-msg", "pre-push", "commit-msg", "pre-push"],
        "{order:?}"
    );
}

#[test]
fn pre_commit_and_the_hooks_both_run_in_either_order() {
    let Some(program) = tool(
        "GIT_HOTFIX_PRE_COMMIT",
        "pre-commit",
        "pre_commit_and_the_hooks_both_run_in_either_order",
    ) else {
        return;
    };
    both_run(Manager::PreCommit, Order::TheirsFirst, Some(&program));
    both_run(Manager::PreCommit, Order::OursFirst, Some(&program));
}

#[test]
fn lefthook_and_the_hooks_both_run_in_either_order() {
    let Some(program) = tool(
        "GIT_HOTFIX_LEFTHOOK",
        "lefthook",
        "lefthook_and_the_hooks_both_run_in_either_order",
    ) else {
        return;
    };
    both_run(Manager::Lefthook, Order::TheirsFirst, Some(&program));
    both_run(Manager::Lefthook, Order::OursFirst, Some(&program));
}

#[test]
fn husky_and_the_hooks_both_run_in_either_order() {
    both_run(Manager::Husky, Order::TheirsFirst, None);
    both_run(Manager::Husky, Order::OursFirst, None);
}

/// pre-commit will not install while core.hooksPath is set; `hooks install` says so and what
/// to do instead (on git before 2.54, where the two share the hooks directory).
#[test]
fn pre_commit_with_core_hooks_path_is_told_what_to_use() {
    let Some(program) = tool(
        "GIT_HOTFIX_PRE_COMMIT",
        "pre-commit",
        "pre_commit_with_core_hooks_path_is_told_what_to_use",
    ) else {
        return;
    };
    let sandbox = repository(Manager::PreCommit);
    sandbox.git(["config", "core.hooksPath", ".githooks"]);
    let refused = sandbox.command(&program).arg("install").output().unwrap();
    assert!(!refused.status.success());
    assert!(
        format!("{}{}", stdout(&refused), stderr(&refused)).contains("core.hooksPath"),
        "{}",
        stderr(&refused)
    );
    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    let told = "pre-commit refuses to install its hooks while core.hooksPath is set: call \
                git-hotfix from .pre-commit-config.yaml instead";
    assert_eq!(out.contains(told), !config_hooks(), "{out}");
    assert!(out.contains("git config --unset-all core.hooksPath") || config_hooks());
}
