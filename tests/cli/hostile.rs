//! Hostile and unusual repositories: each ends in a clear outcome, never a panic. (`start.rs`
//! covers start in a bare repository, from a detached HEAD, without a remote and with an
//! unreachable one; this file covers the other commands there and the rest of the list.)

use std::fs;

use crate::common::{Refusal, Sandbox, config_hooks, fixed_app, stderr, stdout};

/// No panic and no internal error: a refusal (1) or success (0).
fn assert_clean_exit(assert: &assert_cmd::assert::Assert, what: &str) {
    let out = assert.get_output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{what}: exit {:?}\n{err}",
        out.status.code()
    );
}

#[test]
fn a_bare_repository_refuses_what_needs_a_work_tree_and_reads_the_rest() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.hotfix(["sync"]).success();
    let bare = sandbox.in_dir(&sandbox.remote);
    for args in [
        &["finish", "HOTFIX-001", "--yes"][..],
        &["cancel", "HOTFIX-001", "--yes"],
    ] {
        let err = stderr(&bare.hotfix(args).code(1));
        assert!(
            err.contains("error: this command needs a work tree, but the repository is bare"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("hint: run it in a clone with a checkout"),
            "{err}"
        );
    }
    let listed = stdout(&bare.hotfix(["list"]).success());
    assert!(listed.contains("HOTFIX-001"), "{listed}");
    let shown = stdout(&bare.hotfix(["show", "HOTFIX-001"]).success());
    assert!(shown.contains("hotfix/auth"), "{shown}");
    let status = bare.hotfix(["status"]);
    assert_clean_exit(&status, "status in a bare repository");
}

#[test]
fn a_shallow_clone_starts_verifies_and_finishes() {
    let sandbox = Sandbox::new();
    let url = format!("file://{}", sandbox.remote.display());
    sandbox.in_dir(sandbox.dir.path()).git([
        "clone",
        "--quiet",
        "--depth",
        "1",
        "--no-single-branch",
        &url,
        "shallow",
    ]);
    let shallow = sandbox.in_dir("shallow");
    assert_eq!(
        shallow.git(["rev-parse", "--is-shallow-repository"]).trim(),
        "true"
    );
    let id = shallow.fixed_hotfix("auth", &[]);
    shallow.hotfix(["verify"]).success();
    shallow.hotfix(["status"]).success();
    // Only the tip is there: the release tag v2.0.1 is on it, so the version is still derived.
    shallow.git(["fetch", "--quiet", "--tags", "--depth", "1", "origin"]);
    let out = stdout(&shallow.hotfix(["finish", "--yes"]).success());
    assert!(
        out.starts_with(&format!("Finished {id}: released v2.0.2")),
        "{out}"
    );
}

#[test]
fn a_repository_without_commits_is_refused_with_a_hint() {
    let sandbox = Sandbox::empty();
    sandbox
        .in_dir(sandbox.dir.path())
        .git(["init", "--quiet", "work"]);
    let assert = sandbox
        .hotfix(["start", "first", "--yes", "--severity", "P1"])
        .code(1);
    let err = stderr(&assert);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(sandbox.git(["for-each-ref"]), "", "nothing was created");
    for args in [
        &["status"][..],
        &["list", "--all"],
        &["finish", "--yes"],
        &["sync"],
    ] {
        assert_clean_exit(&sandbox.hotfix(args), &format!("{args:?} with no commits"));
    }
    sandbox
        .hotfix(["list"])
        .success()
        .stdout("No open hotfixes.\n");
}

#[test]
fn without_tags_finish_needs_a_version_and_says_so() {
    let sandbox = Sandbox::new();
    for tag in ["v2.0.0", "v2.0.1"] {
        sandbox.git(["tag", "-d", tag]);
    }
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.assert_refused_unchanged(
        ["finish", "--yes"],
        Refusal::exit(1).contains("hint: name the version: 'git hotfix finish --version 1.0.1'"),
    );
    let out = stdout(
        &sandbox
            .hotfix(["finish", "--yes", "--version", "1.0.0"])
            .success(),
    );
    assert!(
        out.starts_with(&format!("Finished {id}: released v1.0.0")),
        "{out}"
    );
}

#[test]
fn without_a_remote_finish_works_locally_and_push_and_sync_are_refused() {
    let sandbox = Sandbox::new();
    sandbox.git(["remote", "remove", "origin"]);
    let id = sandbox.fixed_hotfix("auth", &[]);
    let err = stderr(&sandbox.hotfix(["finish", "--yes", "--push"]).code(1));
    assert!(
        err.contains("error: --push needs the remote 'origin', which does not exist"),
        "{err}"
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(sandbox.metadata(&id)["status"], "finished");
}

#[test]
fn an_unreachable_remote_is_reported_by_sync_and_finish_keeps_the_release() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["remote", "set-url", "origin", "/nonexistent/remote.git"]);
    let err = stderr(&sandbox.hotfix(["sync"]).code(1));
    assert!(err.contains("error: cannot reach 'origin':"), "{err}");
    assert!(err.contains("hint: check the connection"), "{err}");
    let assert = sandbox.hotfix(["finish", "--yes", "--push"]).code(1);
    let err = stderr(&assert);
    assert!(err.contains("the push to 'origin' was rejected; nothing was pushed, and the finished release is intact here"), "{err}");
    assert_eq!(sandbox.metadata(&id)["status"], "finished");
    assert!(sandbox.git(["tag"]).contains("v2.0.2"));
}

#[test]
fn a_detached_head_finishes_by_id_and_status_says_where_it_is() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["checkout", "--quiet", "--detach", "main"]);
    sandbox
        .hotfix(["status"])
        .success()
        .stdout(predicates::str::starts_with(
            "Not on a hotfix branch (HEAD is detached).\n",
        ));
    let err = stderr(&sandbox.hotfix(["finish", "--yes"]).code(1));
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("hint: "), "{err}");
    let before = sandbox.refs();
    let head = sandbox.rev("HEAD");
    // A finish from a detached HEAD, aborted, puts HEAD back exactly.
    sandbox.git(["checkout", "--quiet", "develop"]);
    sandbox.commit(
        "app.js",
        "function login() {\n  return checkPassword();\n}\n",
        &["-m", "Check the password"],
    );
    sandbox.git(["checkout", "--quiet", "--detach", &head]);
    let before_conflict = sandbox.refs();
    sandbox.hotfix(["finish", &id, "--yes"]).code(3);
    sandbox.hotfix(["finish", "--abort"]).success();
    assert_eq!(sandbox.refs(), before_conflict);
    assert_eq!(sandbox.rev("HEAD"), head);
    assert!(
        sandbox
            .try_git(["symbolic-ref", "-q", "HEAD"])
            .status
            .code()
            == Some(1)
    );
    assert_ne!(before, before_conflict);
}

#[test]
fn a_linked_worktree_starts_and_finishes_and_the_main_one_sees_it() {
    let sandbox = Sandbox::new();
    let linked = sandbox.dir.path().join("linked");
    sandbox.git([
        "worktree",
        "add",
        "--quiet",
        "--detach",
        linked.to_str().unwrap(),
    ]);
    let other = sandbox.in_dir("linked");
    let id = other.fixed_hotfix("auth", &[]);
    let listed = stdout(&sandbox.hotfix(["list"]).success());
    assert!(
        listed.contains(&id) && listed.contains("hotfix/auth"),
        "{listed}"
    );
    // The main work tree has main checked out, so the finish merges there.
    sandbox.git(["checkout", "--quiet", "--detach"]);
    let out = stdout(&other.hotfix(["finish", "--yes"]).success());
    assert!(
        out.starts_with(&format!("Finished {id}: released v2.0.2")),
        "{out}"
    );
    assert_eq!(other.current_branch(), "main");
    assert_eq!(sandbox.metadata(&id)["status"], "finished");
}

#[test]
fn a_repository_with_a_submodule_is_worked_on_normally() {
    let sandbox = Sandbox::new();
    let lib = sandbox.dir.path().join("lib");
    sandbox
        .in_dir(sandbox.dir.path())
        .git(["init", "--quiet", "lib"]);
    sandbox
        .in_dir("lib")
        .git(["commit", "--quiet", "--allow-empty", "-m", "lib"]);
    sandbox.git([
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "--quiet",
        lib.to_str().unwrap(),
        "vendor/lib",
    ]);
    sandbox.git(["commit", "--quiet", "-m", "Add lib"]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    // A change inside the submodule is not a change to this repository's tracked files.
    fs::write(sandbox.work.join("vendor/lib/scratch"), "x").unwrap();
    let id = sandbox.fixed_hotfix("auth", &[]);
    assert!(sandbox.work.join("vendor/lib").exists());
    sandbox.hotfix(["verify"]).success();
    let out = stdout(&sandbox.hotfix(["finish", "--yes"]).success());
    assert!(out.starts_with(&format!("Finished {id}")), "{out}");
}

#[test]
fn a_tag_named_like_the_production_branch_does_not_confuse_finish() {
    let sandbox = Sandbox::new();
    let old = sandbox.rev("v2.0.0^{commit}");
    sandbox.git(["tag", "main", &old]);
    sandbox.git(["tag", "hotfix/auth", &old]);
    let main_before = sandbox.rev("refs/heads/main");
    let id = sandbox.fixed_hotfix("auth", &[]);
    // The branch was cut from the branch, not the tag of the same name.
    assert_eq!(sandbox.metadata(&id)["base_commit"], main_before.as_str());
    sandbox
        .hotfix(["finish", "--yes", "--keep-branch"])
        .success();
    let merge = sandbox.rev("refs/heads/main");
    let parents = sandbox.git(["rev-list", "--parents", "-n", "1", &merge]);
    assert!(parents.contains(&main_before), "{parents}");
    // The tags are untouched.
    assert_eq!(sandbox.rev("refs/tags/main"), old);
    assert_eq!(sandbox.rev("refs/tags/hotfix/auth"), old);
}

#[test]
fn non_ascii_paths_and_user_names_are_kept_exactly() {
    let sandbox = Sandbox::new();
    sandbox.git(["config", "user.name", "Zoë Ångström-Łukasz 修正"]);
    let id = sandbox.start(
        "ünïcode",
        &["--severity", "P1", "--issue", "Crash on ñ in 名前"],
    );
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    let path = "src/ünï côde/файл.js";
    sandbox.commit(path, &fixed_app(&id), &["-m", &format!("{id}: Handle ñ")]);
    sandbox.hotfix(["verify"]).success();
    let meta = sandbox.metadata(&id);
    assert_eq!(meta["owner"], "Zoë Ångström-Łukasz 修正 <test@example.com>");
    assert_eq!(meta["issue"], "Crash on ñ in 名前");
    assert_eq!(meta["branch"], "hotfix/ünïcode");
    let shown = stdout(&sandbox.hotfix(["show", &id]).success());
    assert!(shown.contains("Zoë Ångström-Łukasz 修正"), "{shown}");
    let notes = stdout(&sandbox.hotfix(["release-notes"]).success());
    assert!(notes.contains("Crash on ñ in 名前"), "{notes}");
    sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(sandbox.metadata(&id)["status"], "finished");
}

#[test]
fn a_read_only_git_directory_is_refused_with_a_sentence_naming_it() {
    let sandbox = Sandbox::new();
    let git_dir = sandbox.work.join(".git");
    let before = sandbox.refs();
    let mode = |path: &std::path::Path, writable: bool| {
        use std::os::unix::fs::PermissionsExt;
        for entry in walk(path) {
            let meta = fs::metadata(&entry).unwrap();
            let mut perms = meta.permissions();
            let bits = perms.mode();
            perms.set_mode(if writable {
                bits | 0o200
            } else {
                bits & !0o222
            });
            fs::set_permissions(&entry, perms).unwrap();
        }
    };
    mode(&git_dir, false);
    let assert =
        sandbox.hotfix_as_other_user(["start", "auth", "--yes", "--severity", "P0", "--no-fetch"]);
    mode(&git_dir, true);
    let Some(assert) = assert else { return };
    let err = stderr(&assert.code(1));
    assert!(err.contains("is not writable"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(sandbox.refs(), before);
    assert_eq!(sandbox.current_branch(), "main");
}

fn walk(path: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut all = vec![path.to_path_buf()];
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            all.extend(walk(&entry.unwrap().path()));
        }
    }
    all
}

/// A test command that rewrites the note on `anchor` as another process would, while
/// `verify --tests` runs between reading the notes and writing its test record.
fn concurrent_writer(sandbox: &Sandbox, anchor: &str, doc: &serde_json::Value) {
    let file = sandbox.dir.path().join("concurrent.json");
    fs::write(&file, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    sandbox.git([
        "config",
        "hotfix.testCommand",
        &format!(
            "git notes --ref=hotfix add -f -F {} {anchor}",
            file.display()
        ),
    ]);
}

#[test]
fn a_note_changed_by_another_process_during_a_command_is_not_overwritten() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    let anchor = sandbox.anchor(&id);
    let mut doc = sandbox.metadata(&id);
    doc["issue"] = "Changed elsewhere".into();
    concurrent_writer(&sandbox, &anchor, &doc);

    let err = stderr(&sandbox.hotfix(["verify", "--tests"]).code(1));
    assert!(
        err.contains(&format!("error: the note on {anchor} in refs/notes/hotfix was changed by another command while this one ran; it was not overwritten")),
        "{err}"
    );
    assert!(err.contains("hint: run the command again"), "{err}");
    let meta = sandbox.metadata(&id);
    assert_eq!(meta["issue"], "Changed elsewhere");
    assert!(meta.get("tests").is_none(), "{meta}");
}

#[test]
fn other_notes_changed_during_a_command_are_kept_beside_its_own() {
    let sandbox = Sandbox::new();
    let other = sandbox.start("billing", &["--severity", "P2"]);
    sandbox.git(["switch", "--quiet", "main"]);
    let id = sandbox.fixed_hotfix("auth", &[]);
    let anchor = sandbox.anchor(&other);
    let mut doc = sandbox.metadata(&other);
    doc["issue"] = "Changed elsewhere".into();
    concurrent_writer(&sandbox, &anchor, &doc);

    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(sandbox.metadata(&other)["issue"], "Changed elsewhere");
    let meta = sandbox.metadata(&id);
    assert_eq!(meta["tests"][0]["passed"], true, "{meta}");
}

#[test]
fn a_hooks_path_shared_by_several_repositories_serves_each_with_its_own_notes() {
    let a = Sandbox::new();
    let b = a.clone_named("other");
    let shared = a.dir.path().join("shared-hooks");
    for repo in [&a, &b] {
        repo.git(["config", "core.hooksPath", shared.to_str().unwrap()]);
    }
    a.hotfix(["hooks", "install"]).success();
    let other = stdout(&b.hotfix(["hooks", "install"]).success());
    if config_hooks() {
        // Only hook files can be shared through core.hooksPath. git 2.54+ gets config-based
        // hooks, declared in each repository's own config, and nothing is written into the
        // shared directory; the equivalent is checked: each repository has its own, and they
        // read that repository's notes.
        assert!(!shared.join("commit-msg").exists());
        assert!(
            other.starts_with("Installed the hotfix hooks as config-based hooks"),
            "{other}"
        );
    } else {
        assert!(shared.join("commit-msg").exists());
        // The files a wrote already serve the other repository.
        assert_eq!(
            other,
            format!(
                "The hotfix hooks are already installed in {}.\n",
                shared.display()
            )
        );
    }

    // In the other repository the shared hooks read that repository's notes: off a hotfix
    // branch they let anything through, on its own hotfix branch they hold its own rules.
    b.commit("notes.txt", "x\n", &["-m", "Any message"]);
    b.start("other-fix", &["--severity", "P2", "--no-sync"]);
    b.write("app.js", "// HOTFIX: HOTFIX-001 - Fix\n");
    b.git(["add", "app.js"]);
    let refused = b.try_git(["commit", "--quiet", "-m", "No header"]);
    assert!(!refused.status.success());
    b.git(["commit", "--quiet", "-m", "HOTFIX-001: Fix"]);
    // a has no hotfix of that name: its own branch of the same name is not checked.
    a.git(["checkout", "--quiet", "-b", "hotfix/other-fix"]);
    a.commit("free.txt", "x\n", &["-m", "No header needed here"]);
}
