//! What another clone can push to the shared remote, played as the attack: the attacker's
//! clone pushes a crafted commit, tag or note, this clone fetches it and runs a command, and
//! the command neither writes where it should not, nor trusts a forged record, nor prints a
//! forged line.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use crate::common::{Refusal, Sandbox};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Commits every change of the attacker's clone, hooks skipped, and pushes `branch`.
fn push_as_attacker(attacker: &Sandbox, branch: &str, message: &str) {
    attacker.git(["add", "--all"]);
    attacker.git(["commit", "--quiet", "--no-verify", "-m", message]);
    attacker.git(["push", "--quiet", "origin", branch]);
}

#[test]
fn a_committed_changelog_symlink_cannot_make_release_notes_write_a_hook() {
    let sandbox = Sandbox::new();
    let id = sandbox.start("auth", &["--severity", "P1"]);
    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    sandbox.hotfix(["sync"]).success();
    // The victim's own pre-commit hook, which the changelog commit runs.
    let hook = sandbox.hook("pre-commit");
    let own = "#!/bin/sh\n: the checks of the team\n";
    sandbox.script(&hook, own);

    let attacker = sandbox.clone_named("attacker");
    attacker.git(["switch", "--quiet", "hotfix/auth"]);
    symlink(".git/hooks/pre-commit", attacker.work.join("CHANGELOG.md")).unwrap();
    symlink(
        ".git/hooks/post-checkout",
        attacker.work.join("POSTMORTEM.md"),
    )
    .unwrap();
    let marker = sandbox.dir.path().join("pwned");
    push_as_attacker(
        &attacker,
        "hotfix/auth",
        &format!("{id}: $(touch {}) #", marker.display()),
    );

    sandbox.git(["pull", "--quiet", "--ff-only", "origin", "hotfix/auth"]);
    let err = sandbox.assert_refused_unchanged(
        ["release-notes", "--changelog", "--version", "2.0.2"],
        Refusal::exit(1)
            .starts_with("error: refusing to write ")
            .contains("CHANGELOG.md: it is a symbolic link")
            .contains("\nhint: "),
    );
    assert_eq!(err.lines().count(), 2, "one sentence and a hint: {err}");
    assert_eq!(fs::read_to_string(&hook).unwrap(), own);
    assert_eq!(mode(&hook), 0o755);
    assert!(!marker.exists(), "the changelog entry ran as a hook");

    // A report written to a committed link is refused the same way.
    sandbox.assert_refused_unchanged(
        ["postmortem", "--output", "POSTMORTEM.md"],
        Refusal::exit(1).contains("POSTMORTEM.md: it is a symbolic link"),
    );
    assert!(!sandbox.hook("post-checkout").exists());
}

#[test]
fn a_committed_link_in_the_hooks_directory_cannot_make_hooks_install_overwrite_a_file() {
    let sandbox = Sandbox::new();
    // The project keeps its hooks in the work tree, as husky does.
    sandbox.commit(
        ".husky/README",
        "hooks\n",
        &["-m", "Add the hooks directory"],
    );
    sandbox.git(["push", "--quiet", "origin", "main"]);
    let profile = sandbox.home().join(".profile");
    fs::write(&profile, "export EDITOR=vi\n").unwrap();
    fs::set_permissions(&profile, fs::Permissions::from_mode(0o644)).unwrap();

    let attacker = sandbox.clone_named("attacker");
    symlink(
        "../app.js",
        attacker.work.join(".husky/commit-msg.hotfix-tmp"),
    )
    .unwrap();
    symlink(&profile, attacker.work.join(".husky/pre-push.hotfix-tmp")).unwrap();
    push_as_attacker(&attacker, "main", "Add hook helpers");

    sandbox.git(["pull", "--quiet", "--ff-only"]);
    sandbox.git(["config", "core.hooksPath", ".husky"]);
    let app = sandbox.read("app.js");
    sandbox.hotfix(["hooks", "install"]).success();
    assert_eq!(
        sandbox.read("app.js"),
        app,
        "a tracked file was overwritten"
    );
    assert_eq!(mode(&sandbox.work.join("app.js")), 0o644);
    assert_eq!(
        fs::read_to_string(&profile).unwrap(),
        "export EDITOR=vi\n",
        "a file outside the work tree was overwritten"
    );
    assert_eq!(mode(&profile), 0o644);
    for name in ["commit-msg", "pre-push"] {
        let hook = sandbox.work.join(".husky").join(name);
        if let Ok(meta) = fs::symlink_metadata(&hook) {
            assert!(meta.file_type().is_file(), "{name} is not a regular file");
            assert_eq!(mode(&hook), 0o755);
            assert!(
                sandbox
                    .read(&format!(".husky/{name}"))
                    .contains("git-hotfix hook shim")
            );
        }
    }
}

#[test]
fn a_committed_hooks_directory_linking_out_of_the_work_tree_is_refused() {
    let sandbox = Sandbox::new();
    let outside = sandbox.dir.path().join("outside");
    fs::create_dir(&outside).unwrap();
    let attacker = sandbox.clone_named("attacker");
    symlink(&outside, attacker.work.join(".husky")).unwrap();
    push_as_attacker(&attacker, "main", "Add the hooks directory");

    sandbox.git(["pull", "--quiet", "--ff-only"]);
    sandbox.git(["config", "core.hooksPath", ".husky"]);
    let installed = sandbox.hotfix(["hooks", "install"]);
    if fs::read_dir(&outside).unwrap().next().is_none() && installed.get_output().status.success() {
        // git 2.54 and newer: the hooks are declared in config, and no file is written.
        return;
    }
    let err = crate::common::stderr(&installed.code(1));
    assert!(
        err.starts_with("error: refusing to write ")
            && err.contains("leads out of the work tree")
            && err.contains("\nhint: "),
        "{err}"
    );
    assert_eq!(
        fs::read_dir(&outside).unwrap().count(),
        0,
        "a hook was written outside"
    );
}
