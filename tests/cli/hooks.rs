//! The installed hooks, fired by real `git commit` and `git push` to the bare remote.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use git_hotfix::hooks::SHIMS;
use git_hotfix::hooks::install::config_command;

use crate::common::{Sandbox, config_hooks, git_version, stderr, stdout};

const FIXED: &str =
    "// HOTFIX: HOTFIX-001 - Deny by default\nfunction login() {\n  return false;\n}\n";

/// The shim `hooks install` writes for `name` with the default prefix: the template in
/// `hooks/` with its parts and the prefix filled in.
fn shipped(name: &str) -> String {
    let shim = SHIMS.iter().find(|shim| shim.name == name).unwrap();
    shim.script("hotfix/")
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Where `hooks install` puts the hooks with the git under test, as its messages say it:
/// config-based hooks on git 2.54 and newer, shim files in `.git/hooks` before.
fn place() -> &'static str {
    if config_hooks() {
        "as config-based hooks (hook.git-hotfix-*)"
    } else {
        "in .git/hooks"
    }
}

/// The config-based hook `hook.git-hotfix-<hook>` in the repository's own config, as
/// (command, event); `None` when neither key is set.
fn config_hook(sandbox: &Sandbox, hook: &str) -> Option<(String, String)> {
    let get = |key: &str| {
        let output = sandbox.try_git([
            "config",
            "--local",
            "--get-all",
            &format!("hook.git-hotfix-{hook}.{key}"),
        ]);
        output
            .status
            .success()
            .then(|| stdout(&output).trim_end_matches('\n').to_string())
    };
    match (get("command"), get("event")) {
        (None, None) => None,
        (command, event) => Some((command.unwrap_or_default(), event.unwrap_or_default())),
    }
}

/// Asserts that `hook` is declared in the repository's config as git-hotfix declares it, and
/// that git itself lists it for that event (git 2.54 and newer).
fn assert_config_hook(sandbox: &Sandbox, hook: &str) {
    assert_eq!(
        config_hook(sandbox, hook),
        Some((config_command(hook, "hotfix/"), hook.to_string())),
        "{hook}"
    );
    let listed = sandbox.git(["hook", "list", hook]);
    assert!(
        listed
            .lines()
            .any(|line| line == format!("git-hotfix-{hook}")),
        "git hook list {hook}:\n{listed}"
    );
}

/// Asserts that no hook file of ours, nor a kept hook, is in `dir`: with config-based hooks
/// nothing is written there.
fn assert_no_hook_files(dir: &Path) {
    for name in ["commit-msg", "prepare-commit-msg", "pre-push"] {
        assert!(!dir.join(name).exists(), "{}", dir.join(name).display());
        let chained = dir.join(format!("{name}.hotfix-chained"));
        assert!(!chained.exists(), "{}", chained.display());
    }
}

/// The repository's own config, key by key, to compare before install and after uninstall.
fn local_config(sandbox: &Sandbox) -> String {
    sandbox.git(["config", "--local", "--list"])
}

/// A [`local_config`] without the `hotfix.*` settings a test made.
fn without_settings(config: &str) -> Vec<&str> {
    config
        .lines()
        .filter(|line| !line.starts_with("hotfix."))
        .collect()
}

/// A started hotfix (hooks installed by `start`) whose tests are a command logging each run.
fn hotfix() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P0"]);
    let log = sandbox.dir.path().join("runs.log");
    sandbox.git([
        "config",
        "hotfix.testCommand",
        &format!("echo run >> '{}'", log.display()),
    ]);
    sandbox
}

fn runs(sandbox: &Sandbox) -> usize {
    fs::read_to_string(sandbox.dir.path().join("runs.log"))
        .map(|text| text.lines().count())
        .unwrap_or(0)
}

fn on_remote(sandbox: &Sandbox, branch: &str) -> bool {
    sandbox
        .in_dir(&sandbox.remote)
        .try_git([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("refs/heads/{branch}"),
        ])
        .status
        .success()
}

#[test]
fn install_writes_executable_shims_once() {
    let sandbox = Sandbox::new();
    let before = local_config(&sandbox);
    let config_file = sandbox.work.join(".git/config");
    let file_before = fs::read_to_string(&config_file).unwrap();
    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    assert!(
        out.starts_with(&format!("Installed the hotfix hooks {}:", place())),
        "{out}"
    );
    assert!(!sandbox.hook("prepare-commit-msg").exists());
    if config_hooks() {
        // git 2.54+: the hooks are declared in the repository's config, and no shim file is
        // written; the shim files' equivalent is checked: each key, and that git runs it.
        for name in ["commit-msg", "pre-push"] {
            assert_config_hook(&sandbox, name);
        }
        assert_eq!(config_hook(&sandbox, "prepare-commit-msg"), None);
        assert_no_hook_files(&sandbox.work.join(".git/hooks"));
    } else {
        for name in ["commit-msg", "pre-push"] {
            assert_eq!(
                fs::read_to_string(sandbox.hook(name)).unwrap(),
                shipped(name),
                "{name}"
            );
            assert_eq!(mode(&sandbox.hook(name)), 0o755, "{name}");
        }
        assert_eq!(local_config(&sandbox), before);
    }
    let installed = local_config(&sandbox);
    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    assert_eq!(
        out,
        format!("The hotfix hooks are already installed {}.\n", place())
    );
    assert_eq!(local_config(&sandbox), installed);
    let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
    let (major, minor) = git_version();
    assert!(
        status.starts_with(&format!("Hooks {} (git {major}.{minor}", place())),
        "{status}"
    );
    assert!(
        status.contains("  commit-msg          installed\n"),
        "{status}"
    );
    assert!(
        status.contains("  prepare-commit-msg  off (to pre-fill 'HOTFIX-NNN: ': git config hotfix.prefillHeader true, then install)"),
        "{status}"
    );
    assert!(status.contains("HOTFIX_SKIP_HOOKS=1"), "{status}");

    let out = stdout(&sandbox.hotfix(["hooks", "uninstall"]).success());
    assert!(out.contains("  pre-push            removed\n"), "{out}");
    assert!(!sandbox.hook("pre-push").exists());
    assert_eq!(config_hook(&sandbox, "pre-push"), None);
    assert_eq!(local_config(&sandbox), before);
    // Byte for byte: no emptied `[hook "git-hotfix-…"]` header is left behind.
    assert_eq!(fs::read_to_string(&config_file).unwrap(), file_before);
    let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
    assert!(
        status.contains("  commit-msg          not installed\n"),
        "{status}"
    );
}

#[test]
fn start_installs_the_hooks() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .hotfix(["start", "auth", "--yes", "--no-fetch"])
        .success();
    assert!(
        stdout(&assert).contains(&format!("Installed the hotfix hooks {}.", place())),
        "{}",
        stdout(&assert)
    );
    if config_hooks() {
        // git 2.54+: declared in the repository's config instead of written as a file.
        assert_config_hook(&sandbox, "commit-msg");
        assert_config_hook(&sandbox, "pre-push");
        assert_no_hook_files(&sandbox.work.join(".git/hooks"));
    } else {
        assert!(sandbox.hook("commit-msg").exists());
    }
}

#[test]
fn commit_msg_enforces_the_header_on_hotfix_branches_only() {
    let sandbox = hotfix();
    let refused = sandbox.try_commit("app.js", FIXED, &["-m", "Deny by default"]);
    assert!(!refused.status.success());
    let err = stderr(&refused);
    assert!(
        err.contains("error: commit refused on hotfix/auth (HOTFIX-001): the subject must start with 'HOTFIX-001: '"),
        "{err}"
    );
    assert!(
        err.contains("example: 'HOTFIX-001: Verify the JWT signature'"),
        "{err}"
    );
    let wrong = sandbox.try_commit("app.js", FIXED, &["-m", "HOTFIX-002: Deny"]);
    assert!(
        stderr(&wrong).contains("the message names HOTFIX-002, but this branch is HOTFIX-001"),
        "{}",
        stderr(&wrong)
    );
    let empty = sandbox.try_commit("app.js", FIXED, &["--allow-empty-message", "-m", ""]);
    assert!(
        stderr(&empty).contains("the message is empty"),
        "{}",
        stderr(&empty)
    );
    assert_eq!(sandbox.git(["rev-list", "--count", "main..HEAD"]), "0\n");

    for message in [
        "HOTFIX-001: Deny by default",
        "Deny by default\n\nHotfix: HOTFIX-001",
        "fixup! HOTFIX-001: Deny by default",
        "Revert \"HOTFIX-001: Deny by default\"",
    ] {
        let content = format!("{FIXED}// {}\n", message.len());
        let ok = sandbox.try_commit("app.js", &content, &["-m", message]);
        assert!(ok.status.success(), "{message}: {}", stderr(&ok));
    }

    // Elsewhere the hook exits at once: main, and a detached HEAD.
    sandbox.git(["switch", "--quiet", "main"]);
    let ok = sandbox.try_commit("notes.txt", "x\n", &["-m", "anything goes"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    sandbox.git(["switch", "--quiet", "--detach", "hotfix/auth"]);
    let ok = sandbox.try_commit("notes.txt", "y\n", &["-m", "detached"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
}

#[test]
fn messages_are_read_as_git_reads_them() {
    let sandbox = hotfix();
    let file = sandbox.dir.path().join("message");
    let commit = |bytes: &[u8], extra: &[&str]| {
        fs::write(&file, bytes).unwrap();
        let mut args = vec!["-F", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        let content = format!("{FIXED}// {}\n", bytes.len());
        sandbox.try_commit("app.js", &content, &args)
    };

    let crlf = commit(b"HOTFIX-001: Deny by default\r\n\r\nBody\r\n", &[]);
    assert!(crlf.status.success(), "{}", stderr(&crlf));
    let latin1 = commit(b"HOTFIX-001: Caf\xe9 login\n\nd\xe9tail\n", &[]);
    assert!(latin1.status.success(), "{}", stderr(&latin1));
    let unreadable = commit(b"\xff\xfe login\n", &[]);
    assert!(
        stderr(&unreadable).contains("not readable text (invalid UTF-8)"),
        "{}",
        stderr(&unreadable)
    );
    let comments = commit(
        b"# HOTFIX-001: only a comment\n",
        &["--allow-empty-message"],
    );
    assert!(
        stderr(&comments).contains("the message is empty"),
        "{}",
        stderr(&comments)
    );
    let scissors =
        b"Deny\n# ------------------------ >8 ------------------------\nHOTFIX-001: below\n";
    let below = commit(scissors, &["--cleanup=scissors"]);
    assert!(
        stderr(&below).contains("the subject must start with"),
        "{}",
        stderr(&below)
    );
    let above =
        b"HOTFIX-001: Deny\n# ------------------------ >8 ------------------------\nFix: x\n";
    let ok = commit(above, &["--cleanup=scissors"]);
    assert!(ok.status.success(), "{}", stderr(&ok));

    // With core.commentChar=auto git picks ';' here, so '#1' is text, not a comment.
    sandbox.git(["config", "core.commentChar", "auto"]);
    let auto = commit(b"#1 Deny by default\n", &["-e"]);
    let err = stderr(&auto);
    assert!(err.contains("the subject must start with"), "{err}");
    let ok = commit(b"HOTFIX-001: Deny\n\n#1 is the ticket\n", &["-e"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
}

#[test]
fn prepare_commit_msg_prefills_the_header_when_asked() {
    let sandbox = hotfix();
    sandbox.git(["config", "hotfix.prefillHeader", "true"]);
    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    assert!(out.contains("  prepare-commit-msg  installed\n"), "{out}");
    if config_hooks() {
        // git 2.54+: declared in the repository's config; no shim file is written.
        assert_config_hook(&sandbox, "prepare-commit-msg");
        assert!(!sandbox.hook("prepare-commit-msg").exists());
    } else {
        assert_eq!(
            fs::read_to_string(sandbox.hook("prepare-commit-msg")).unwrap(),
            shipped("prepare-commit-msg")
        );
    }
    sandbox.write("app.js", FIXED);
    sandbox.git(["add", "app.js"]);
    let output = sandbox
        .with_env("GIT_EDITOR", "sed -i '1s/$/Deny by default/'")
        .try_git(["commit", "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        sandbox.git(["log", "-1", "--format=%s"]),
        "HOTFIX-001: Deny by default\n"
    );
    // A message given with -m is left as it is; turning the setting off removes the hook.
    let refused = sandbox.try_commit("app.js", "x\n", &["-m", "No header"]);
    assert!(
        stderr(&refused).contains("commit refused"),
        "{}",
        stderr(&refused)
    );
    sandbox.git(["config", "hotfix.prefillHeader", "false"]);
    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    assert!(
        out.contains("  prepare-commit-msg  removed (hotfix.prefillHeader is off)\n"),
        "{out}"
    );
    assert!(!sandbox.hook("prepare-commit-msg").exists());
    assert_eq!(config_hook(&sandbox, "prepare-commit-msg"), None);
    if config_hooks() {
        assert_config_hook(&sandbox, "commit-msg");
    }
}

#[test]
fn pre_push_checks_every_rule_and_catches_no_verify_commits() {
    let sandbox = hotfix();
    sandbox.git(["config", "hotfix.maxLines", "2"]);
    sandbox.commit(
        "app.js",
        "function login() {\n  return false;\n}\n// more\n",
        &["--no-verify", "-m", "Deny by default"],
    );
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(!push.status.success());
    let err = stderr(&push);
    assert!(
        err.contains("error: HOTFIX-001 breaks 3 rule(s): headers, budget, code-comments"),
        "{err}"
    );
    assert!(
        err.contains("hint: [headers] 1 commit(s) lack the header 'HOTFIX-001: '"),
        "{err}"
    );
    assert!(err.contains("hint: [budget]"), "{err}");
    assert!(err.contains("hint: [code-comments]"), "{err}");
    assert!(
        err.contains("error: push refused: refs/heads/hotfix/auth breaks the hotfix rules"),
        "{err}"
    );
    assert!(!on_remote(&sandbox, "hotfix/auth"));
}

#[test]
fn a_good_hotfix_is_pushed_and_its_test_pass_recorded() {
    let sandbox = hotfix();
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert!(
        stderr(&push).contains(
            "HOTFIX-001 on refs/heads/hotfix/auth: 1 commit(s), 1 file(s) and 3 line(s); every hotfix rule passes."
        ),
        "{}",
        stderr(&push)
    );
    assert!(on_remote(&sandbox, "hotfix/auth"));
    assert_eq!(runs(&sandbox), 1);
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["tests"][0]["passed"], true);
    assert_eq!(meta["tests"][0]["tree"], sandbox.rev("HEAD^{tree}"));

    // Pushing the same tree again reuses the recorded pass.
    sandbox.git([
        "commit",
        "--quiet",
        "--amend",
        "-m",
        "HOTFIX-001: Deny, reworded",
    ]);
    let push = sandbox.try_git(["push", "--quiet", "--force", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert!(stderr(&push).contains("already passed with the files of "));
    assert_eq!(runs(&sandbox), 1);
}

#[test]
fn git_hotfix_test_records_a_pass_that_pre_push_reuses() {
    let sandbox = hotfix();
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    sandbox.hotfix(["test"]).success();
    assert_eq!(runs(&sandbox), 1);
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(runs(&sandbox), 1);
}

#[test]
fn failing_tests_block_the_push_and_run_on_the_pushed_tree_not_the_dirty_one() {
    let sandbox = hotfix();
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    // The committed tree denies; the dirty working tree would pass the check.
    sandbox.git([
        "config",
        "hotfix.testCommand",
        "grep -q 'return true' app.js",
    ]);
    sandbox.write("app.js", "function login() {\n  return true;\n}\n");
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(!push.status.success());
    let err = stderr(&push);
    assert!(err.contains("HOTFIX-001 breaks 1 rule(s): tests"), "{err}");
    assert!(err.contains("hint: [tests] the tests fail on"), "{err}");
    assert_eq!(
        sandbox.read("app.js"),
        "function login() {\n  return true;\n}\n"
    );
    assert_eq!(sandbox.git(["worktree", "list"]).lines().count(), 1);
    assert_eq!(sandbox.metadata("HOTFIX-001")["tests"][0]["passed"], false);
    assert!(!on_remote(&sandbox, "hotfix/auth"));
}

#[test]
fn several_refs_tags_and_deletions_in_one_push() {
    let sandbox = hotfix();
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    sandbox.git(["switch", "--quiet", "main"]);
    sandbox.start("billing", &["--severity", "P2"]);
    sandbox.commit("app.js", FIXED, &["--no-verify", "-m", "Round totals"]);
    sandbox.git(["tag", "v2.0.2-rc"]);

    let push = sandbox.try_git([
        "push",
        "--quiet",
        "origin",
        "hotfix/auth",
        "hotfix/billing",
        "main",
        "v2.0.2-rc",
        ":develop",
    ]);
    assert!(!push.status.success());
    let err = stderr(&push);
    assert!(
        err.contains("HOTFIX-001 on refs/heads/hotfix/auth"),
        "{err}"
    );
    assert!(
        err.contains("error: HOTFIX-002 breaks 2 rule(s): headers, code-comments"),
        "{err}"
    );
    assert!(
        err.contains("push refused: refs/heads/hotfix/billing breaks"),
        "{err}"
    );

    // Tags, deletions and other branches pass on their own.
    let push = sandbox.try_git(["push", "--quiet", "origin", "main", "v2.0.2-rc", ":develop"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert!(!on_remote(&sandbox, "develop"));
}

#[test]
fn skipping_the_hooks() {
    let sandbox = hotfix();
    let skip = |args: &[&str]| sandbox.with_env("HOTFIX_SKIP_HOOKS", "1").try_git(args);
    sandbox.write("app.js", "changed\n");
    sandbox.git(["add", "app.js"]);
    let commit = skip(&["commit", "--quiet", "-m", "No header"]);
    assert!(commit.status.success(), "{}", stderr(&commit));
    let push = skip(&["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(runs(&sandbox), 0);
}

#[test]
fn a_missing_binary_warns_once_and_lets_the_commit_through() {
    let sandbox = hotfix();
    sandbox.write("app.js", "changed\n");
    sandbox.git(["add", "app.js"]);
    let git_dir = which_dir("git");
    let output =
        sandbox
            .with_env("PATH", &git_dir)
            .try_git(["commit", "--quiet", "-m", "No header"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "warning: git-hotfix is not on PATH; the hotfix commit-msg check is skipped\n"
    );
}

/// The directory of a program on PATH, for a PATH without the binary under test.
fn which_dir(program: &str) -> String {
    std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .find(|dir| dir.join(program).is_file() && !dir.join("git-hotfix").exists())
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn a_hook_already_there_is_chained_and_restored_exactly() {
    let sandbox = Sandbox::new();
    let log = sandbox.dir.path().join("own.log");
    let commit_msg = format!(
        "#!/bin/sh\necho \"commit-msg $(basename \"$1\")\" >> '{0}'\n\
         grep -qv BLOCK \"$1\"\n",
        log.display()
    );
    let pre_push = format!(
        "#!/bin/sh\necho \"pre-push $1\" >> '{0}'\ncat >> '{0}'\n",
        log.display()
    );
    sandbox.script(&sandbox.hook("commit-msg"), &commit_msg);
    sandbox.script(&sandbox.hook("pre-push"), &pre_push);
    fs::set_permissions(sandbox.hook("pre-push"), fs::Permissions::from_mode(0o700)).unwrap();
    let config_before = local_config(&sandbox);

    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    if config_hooks() {
        // Chaining exists only with hook files. git 2.54+ runs the hooks directory's own hook
        // after the config-based ones, so install leaves the user's hook where it is; the
        // equivalent is checked: it stays byte for byte with its mode, git lists it after
        // ours, and it still runs with git's arguments and input.
        assert!(out.contains("  commit-msg          installed\n"), "{out}");
        assert!(!out.contains("hotfix-chained"), "{out}");
        sandbox.hotfix(["hooks", "install"]).success();
        assert_eq!(
            fs::read_to_string(sandbox.hook("commit-msg")).unwrap(),
            commit_msg
        );
        assert_eq!(mode(&sandbox.hook("pre-push")), 0o700);
        assert!(!sandbox.hook("commit-msg.hotfix-chained").exists());
        for name in ["commit-msg", "pre-push"] {
            assert_config_hook(&sandbox, name);
            assert_eq!(
                sandbox.git(["hook", "list", name]),
                format!("git-hotfix-{name}\nhook from hookdir\n"),
                "{name}"
            );
        }
        let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
        assert!(
            status.contains("  commit-msg          installed\n"),
            "{status}"
        );
    } else {
        assert!(
            out.contains("commit-msg          installed; your own hook is kept as commit-msg.hotfix-chained and runs first"),
            "{out}"
        );
        sandbox.hotfix(["hooks", "install"]).success();
        assert_eq!(
            fs::read_to_string(sandbox.hook("commit-msg.hotfix-chained")).unwrap(),
            commit_msg
        );
        let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
        assert!(
            status.contains("runs your own hook first (commit-msg.hotfix-chained)"),
            "{status}"
        );
    }

    // The user's hook runs with the same arguments; its failure fails the commit.
    let blocked = sandbox.try_commit("notes.txt", "x\n", &["-m", "BLOCK"]);
    assert!(!blocked.status.success());
    sandbox.git(["reset", "--quiet"]);
    sandbox.start("auth", &[]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    // Both run on a hotfix branch: the hotfix check refuses a message the user's hook allows.
    let refused = sandbox.try_commit("app.js", FIXED, &["-m", "No header"]);
    assert!(
        stderr(&refused).contains("commit refused on hotfix/auth"),
        "{}",
        stderr(&refused)
    );
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    let head = sandbox.rev("HEAD");
    let logged = fs::read_to_string(&log).unwrap();
    assert!(
        logged.starts_with("commit-msg COMMIT_EDITMSG\n"),
        "{logged}"
    );
    assert!(
        logged.contains(&format!(
            "pre-push origin\nrefs/heads/hotfix/auth {head} refs/heads/hotfix/auth {}\n",
            "0".repeat(40)
        )),
        "{logged}"
    );

    let out = stdout(&sandbox.hotfix(["hooks", "uninstall"]).success());
    if config_hooks() {
        // Only the config entries were added, so only they are removed.
        assert!(out.contains("  commit-msg          removed\n"), "{out}");
        assert_eq!(config_hook(&sandbox, "commit-msg"), None);
        assert_eq!(config_hook(&sandbox, "pre-push"), None);
    } else {
        assert!(
            out.contains("  commit-msg          removed; your own hook is back in place\n"),
            "{out}"
        );
    }
    assert_eq!(
        fs::read_to_string(sandbox.hook("commit-msg")).unwrap(),
        commit_msg
    );
    assert_eq!(
        fs::read_to_string(sandbox.hook("pre-push")).unwrap(),
        pre_push
    );
    assert_eq!(mode(&sandbox.hook("pre-push")), 0o700);
    assert!(!sandbox.hook("commit-msg.hotfix-chained").exists());
    assert!(!sandbox.hook("prepare-commit-msg").exists());
    // Of the repository's config, only the settings the test made are left.
    assert_eq!(
        without_settings(&local_config(&sandbox)),
        without_settings(&config_before)
    );
}

#[test]
fn core_hooks_path_and_a_husky_style_hook() {
    let sandbox = Sandbox::new();
    sandbox.git(["config", "core.hooksPath", ".husky"]);
    let log = sandbox.dir.path().join("husky.log");
    sandbox.script(
        &sandbox.work.join(".husky/_/husky.sh"),
        &format!("echo husky >> '{}'\n", log.display()),
    );
    let husky = "#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n";
    sandbox.script(&sandbox.work.join(".husky/commit-msg"), husky);

    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    if config_hooks() {
        // git 2.54+: core.hooksPath only says where git finds hook files; the hotfix hooks
        // are declared in the config and nothing is written into .husky, whose own hook git
        // still runs from there (after ours).
        assert!(
            out.starts_with(
                "Installed the hotfix hooks as config-based hooks (hook.git-hotfix-*):"
            ),
            "{out}"
        );
        assert!(!sandbox.work.join(".husky/pre-push").exists());
        assert!(
            !sandbox
                .work
                .join(".husky/commit-msg.hotfix-chained")
                .exists()
        );
        assert_eq!(
            fs::read_to_string(sandbox.work.join(".husky/commit-msg")).unwrap(),
            husky
        );
        assert_config_hook(&sandbox, "commit-msg");
        assert_config_hook(&sandbox, "pre-push");
        assert_eq!(
            sandbox.git(["hook", "list", "commit-msg"]),
            "git-hotfix-commit-msg\nhook from hookdir\n"
        );
    } else {
        assert!(
            out.starts_with("Installed the hotfix hooks in .husky:"),
            "{out}"
        );
        assert!(sandbox.work.join(".husky/pre-push").exists());
    }
    assert!(
        out.contains("husky manages this repository's hooks"),
        "{out}"
    );
    assert!(!sandbox.hook("pre-push").exists());
    let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
    assert!(
        status.contains("git-hotfix hooks run commit-msg \"$1\""),
        "{status}"
    );

    sandbox.start("auth", &[]);
    let refused = sandbox.try_commit("app.js", FIXED, &["-m", "No header"]);
    assert!(
        stderr(&refused).contains("commit refused on hotfix/auth"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(fs::read_to_string(&log).unwrap(), "husky\n");

    sandbox.hotfix(["hooks", "uninstall"]).success();
    assert_eq!(
        fs::read_to_string(sandbox.work.join(".husky/commit-msg")).unwrap(),
        husky
    );
    assert!(!sandbox.work.join(".husky/pre-push").exists());
    assert!(
        !sandbox
            .work
            .join(".husky/commit-msg.hotfix-chained")
            .exists()
    );
    assert_eq!(config_hook(&sandbox, "commit-msg"), None);
}

#[test]
fn lefthook_and_pre_commit_get_their_snippets() {
    let sandbox = Sandbox::new();
    sandbox.write("lefthook.yml", "pre-commit:\n  commands: {}\n");
    sandbox.write(".pre-commit-config.yaml", "repos: []\n");
    let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
    assert!(
        status.contains("lefthook manages this repository's hooks"),
        "{status}"
    );
    assert!(
        status.contains("run: git-hotfix hooks run pre-push {0}"),
        "{status}"
    );
    assert!(status.contains("use_stdin: true"), "{status}");
    assert!(
        status.contains("pre-commit manages this repository's hooks"),
        "{status}"
    );
    assert!(status.contains("stages: [commit-msg]"), "{status}");
}

#[test]
fn a_linked_worktree_uses_the_shared_hooks() {
    let sandbox = hotfix();
    sandbox.git(["switch", "--quiet", "main"]);
    let linked = sandbox.in_dir("linked");
    sandbox.git([
        "worktree",
        "add",
        "--quiet",
        linked.work.to_str().unwrap(),
        "hotfix/auth",
    ]);
    let out = stdout(&linked.hotfix(["hooks", "install"]).success());
    if config_hooks() {
        // git 2.54+: the hooks are in the repository's config, which the linked worktree
        // shares as it shares the hooks directory; git lists them there too.
        assert_eq!(
            out,
            "The hotfix hooks are already installed as config-based hooks (hook.git-hotfix-*).\n"
        );
        assert_config_hook(&linked, "commit-msg");
        assert_config_hook(&linked, "pre-push");
        assert_no_hook_files(&sandbox.work.join(".git/hooks"));
    } else {
        assert_eq!(
            out,
            "The hotfix hooks are already installed in .git/hooks.\n".replace(
                ".git/hooks",
                &sandbox.work.join(".git/hooks").display().to_string()
            )
        );
    }

    let refused = linked.try_commit("app.js", FIXED, &["-m", "No header"]);
    assert!(
        stderr(&refused).contains("commit refused on hotfix/auth"),
        "{}",
        stderr(&refused)
    );
    linked.git(["commit", "--quiet", "-m", "HOTFIX-001: Deny by default"]);
    let push = linked.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(runs(&sandbox), 1);
}

#[test]
fn a_corrupt_note_is_a_clear_error() {
    let sandbox = hotfix();
    let list = sandbox.git(["notes", "--ref=hotfix", "list"]);
    let anchor = list.split_whitespace().nth(1).unwrap().to_string();
    sandbox.git([
        "notes",
        "--ref=hotfix",
        "add",
        "-f",
        "-m",
        "{ not json",
        &anchor,
    ]);
    let refused = sandbox.try_commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny"]);
    let err = stderr(&refused);
    assert!(!refused.status.success());
    assert!(
        err.contains(&format!(
            "error: cannot tell whether 'hotfix/auth' is a hotfix branch: the note on {anchor} in refs/notes/hotfix is not valid JSON"
        )),
        "{err}"
    );
    assert!(err.contains("HOTFIX_SKIP_HOOKS=1 or --no-verify"), "{err}");
    sandbox.git(["commit", "--quiet", "--no-verify", "-m", "HOTFIX-001: Deny"]);
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(!push.status.success());
    assert!(
        stderr(&push).contains("is not valid JSON"),
        "{}",
        stderr(&push)
    );
}

#[test]
fn config_based_hooks_on_new_git() {
    let sandbox = Sandbox::new();
    let before = local_config(&sandbox);
    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    if !config_hooks() {
        // Config-based hooks exist only on git 2.54 and newer; an older git, which would
        // ignore them, gets the shim files and no hook.* key (the files are tested above).
        let (major, minor) = git_version();
        crate::common::skipped(&format!(
            "config_based_hooks_on_new_git needs git 2.54 or newer for config-based hooks; \
             this is git {major}.{minor}, so only the shim files are checked"
        ));
        assert!(
            out.starts_with("Installed the hotfix hooks in .git/hooks:"),
            "{out}"
        );
        assert!(sandbox.hook("commit-msg").exists());
        assert_eq!(config_hook(&sandbox, "commit-msg"), None);
        assert_eq!(local_config(&sandbox), before);
        return;
    }
    assert!(
        out.starts_with("Installed the hotfix hooks as config-based hooks (hook.git-hotfix-*):"),
        "{out}"
    );
    for name in ["commit-msg", "pre-push"] {
        assert_config_hook(&sandbox, name);
        assert_eq!(
            sandbox.git(["hook", "list", name]),
            format!("git-hotfix-{name}\n")
        );
    }
    assert_no_hook_files(&sandbox.work.join(".git/hooks"));

    // git runs them: commit-msg refuses a commit without the header and takes one with it,
    // pre-push refuses a branch whose commit skipped commit-msg and takes a good one.
    sandbox.start("auth", &[]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    let refused = sandbox.try_commit("app.js", FIXED, &["-m", "No header"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("commit refused on hotfix/auth"),
        "{}",
        stderr(&refused)
    );
    sandbox.commit("app.js", FIXED, &["-m", "HOTFIX-001: Deny by default"]);
    let good = sandbox.rev("HEAD");
    sandbox.commit(
        "app.js",
        &format!("{FIXED}// more\n"),
        &["--no-verify", "-m", "No header"],
    );
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(!push.status.success());
    assert!(
        stderr(&push).contains("push refused: refs/heads/hotfix/auth breaks the hotfix rules"),
        "{}",
        stderr(&push)
    );
    assert!(!on_remote(&sandbox, "hotfix/auth"));
    sandbox.git(["reset", "--quiet", "--hard", &good]);
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert!(on_remote(&sandbox, "hotfix/auth"));

    let out = stdout(&sandbox.hotfix(["hooks", "uninstall"]).success());
    assert!(out.contains("  commit-msg          removed\n"), "{out}");
    for name in ["commit-msg", "pre-push"] {
        assert_eq!(config_hook(&sandbox, name), None, "{name}");
        assert!(!sandbox.try_git(["hook", "list", name]).status.success());
    }
    // What install added, and only that, is gone.
    assert_eq!(
        without_settings(&local_config(&sandbox)),
        without_settings(&before)
    );
}

#[test]
fn pushing_a_hotfix_branch_before_its_first_commit_passes() {
    let sandbox = Sandbox::new();
    sandbox.start("auth", &["--severity", "P1"]);
    let output = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What git hands each hook, seen where git-hotfix receives it: a stub `git-hotfix` first on
/// PATH logs its arguments and input. Through the shim files, which pass `"$@"` on, and on git
/// 2.54+ through `hook.<name>.command`, which git runs with the shell and the hook's arguments
/// The sandbox with a stub `git-hotfix` first on PATH that logs each start (its arguments and
/// standard input) to the returned file instead of checking anything.
fn stubbed(sandbox: &Sandbox) -> (Sandbox, std::path::PathBuf) {
    let log = sandbox.dir.path().join("calls.log");
    let stub = sandbox.dir.path().join("stub");
    sandbox.script(
        &stub.join("git-hotfix"),
        &format!(
            "#!/bin/sh\n{{ echo \"argc $#\"; for arg in \"$@\"; do echo \"[$arg]\"; done; \
             echo stdin; cat; echo end; }} >> '{}'\n",
            log.display()
        ),
    );
    let path = std::env::join_paths(
        std::iter::once(stub).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    (sandbox.with_env("PATH", path), log)
}

/// as `"$@"`: the message file to commit-msg and prepare-commit-msg (with the message's
/// source), the remote's name and URL and the refs on stdin to pre-push.
#[test]
fn git_passes_each_hook_its_arguments_and_input() {
    let sandbox = Sandbox::new();
    sandbox.git(["config", "hotfix.prefillHeader", "true"]);
    sandbox.hotfix(["hooks", "install"]).success();
    if config_hooks() {
        for name in ["commit-msg", "prepare-commit-msg", "pre-push"] {
            assert_config_hook(&sandbox, name);
        }
    }
    let (stubbed, log) = stubbed(&sandbox);
    let call = |args: &[&str], input: &str| {
        let mut text = format!("argc {}\n", args.len() + 2);
        for arg in ["hooks", "run"].iter().chain(args) {
            text.push_str(&format!("[{arg}]\n"));
        }
        format!("{text}stdin\n{input}end\n")
    };
    let take_log = || {
        let text = fs::read_to_string(&log).unwrap_or_default();
        let _ = fs::remove_file(&log);
        text
    };

    // On a branch under the hotfix prefix, where the shims hand over.
    sandbox.git(["checkout", "--quiet", "-b", "hotfix/args"]);
    // A message from a template, which the editor opens: the file and its source.
    let template = sandbox.dir.path().join("template.txt");
    fs::write(&template, "Template\n").unwrap();
    stubbed.write("notes.txt", "x\n");
    stubbed.git(["add", "notes.txt"]);
    stubbed
        .with_env("GIT_EDITOR", "sed -i '1s/^/Edited /'")
        .git(["commit", "--quiet", "-t", template.to_str().unwrap()]);
    let message = ".git/COMMIT_EDITMSG";
    assert_eq!(
        take_log(),
        call(&["prepare-commit-msg", message, "template"], "")
            + &call(&["commit-msg", message], "")
    );
    // A message given with -m, or reused with -C: the shim file leaves it alone without
    // starting git-hotfix; the config-based hook hands it over with its source (and commit),
    // and `hooks run` leaves it alone.
    stubbed.write("notes.txt", "y\n");
    stubbed.git(["add", "notes.txt"]);
    stubbed.git(["commit", "--quiet", "-m", "Any message"]);
    stubbed.git(["commit", "--quiet", "--amend", "-C", "HEAD"]);
    let commit_msg = call(&["commit-msg", message], "");
    let expected = if config_hooks() {
        call(&["prepare-commit-msg", message, "message"], "")
            + &commit_msg
            + &call(&["prepare-commit-msg", message, "commit", "HEAD"], "")
            + &commit_msg
    } else {
        commit_msg.repeat(2)
    };
    assert_eq!(take_log(), expected);

    // A remote whose URL has a space: each argument arrives whole.
    let url = sandbox.dir.path().join("the remote.git");
    let url = url.to_str().unwrap();
    sandbox
        .in_dir(sandbox.dir.path())
        .git(["init", "--quiet", "--bare", url]);
    sandbox.git(["remote", "add", "spaced", url]);
    let push = stubbed.try_git(["push", "--quiet", "spaced", "hotfix/args", "v2.0.1"]);
    assert!(push.status.success(), "{}", stderr(&push));
    let tag = sandbox.rev("refs/tags/v2.0.1");
    let zero = "0".repeat(40);
    assert_eq!(
        take_log(),
        call(
            &["pre-push", "spaced", url],
            &format!(
                "refs/heads/hotfix/args {} refs/heads/hotfix/args {zero}\nrefs/tags/v2.0.1 {tag} refs/tags/v2.0.1 {zero}\n",
                sandbox.rev("HEAD")
            )
        )
    );
}

#[test]
fn hook_files_from_an_older_git_give_way_to_config_hooks() {
    let sandbox = Sandbox::new();
    // As an install with git before 2.54 left them: the shims, and the user's hook kept aside.
    let own = "#!/bin/sh\ngrep -qv BLOCK \"$1\"\n";
    sandbox.script(&sandbox.hook("commit-msg.hotfix-chained"), own);
    for name in ["commit-msg", "pre-push"] {
        sandbox.script(&sandbox.hook(name), &shipped(name));
    }
    let out = stdout(&sandbox.hotfix(["hooks", "install"]).success());
    if config_hooks() {
        // Shims beside config-based hooks would run every check twice: they are removed and
        // the user's hook is put back in its place, where git runs it after ours.
        assert!(
            out.starts_with(
                "Installed the hotfix hooks as config-based hooks (hook.git-hotfix-*):"
            ),
            "{out}"
        );
        assert_eq!(fs::read_to_string(sandbox.hook("commit-msg")).unwrap(), own);
        assert!(!sandbox.hook("commit-msg.hotfix-chained").exists());
        assert!(!sandbox.hook("pre-push").exists());
        assert_config_hook(&sandbox, "commit-msg");
        assert_config_hook(&sandbox, "pre-push");
        assert_eq!(
            sandbox.git(["hook", "list", "commit-msg"]),
            "git-hotfix-commit-msg\nhook from hookdir\n"
        );
    } else {
        // Giving way exists only on git 2.54+; with an older git these files are the
        // install, recognised as such and left as they are.
        assert_eq!(
            out,
            "The hotfix hooks are already installed in .git/hooks.\n"
        );
        let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
        assert!(
            status.contains("runs your own hook first (commit-msg.hotfix-chained)"),
            "{status}"
        );
        assert_eq!(
            fs::read_to_string(sandbox.hook("commit-msg.hotfix-chained")).unwrap(),
            own
        );
    }
    // Either way the user's hook still runs.
    let blocked = sandbox.try_commit("notes.txt", "x\n", &["-m", "BLOCK"]);
    assert!(!blocked.status.success());
    let ok = sandbox.try_commit("notes.txt", "x\n", &["-m", "Fine"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
}

/// Off hotfix branches the shims decide alone, from the HEAD file and the pushed refs, that
/// there is nothing to check, and start nothing: not for a commit or a push of an ordinary
/// branch, in the main work tree, a linked worktree or with GIT_DIR set. They hand over for a
/// hotfix branch (in a linked worktree too), a detached HEAD (a rebase), a moved tag and the
/// notes, and for a new prefix once reinstalled (`hooks status` calls the old shims
/// outdated). The user's own hooks still get every commit and the pushed refs.
#[test]
fn off_hotfix_branches_the_shims_start_nothing() {
    let sandbox = Sandbox::new();
    sandbox.git(["config", "hotfix.prefillHeader", "true"]);
    let own = sandbox.dir.path().join("own.log");
    let own_hook = |body: &str| format!("#!/bin/sh\n{{ {body}; }} >> '{}'\n", own.display());
    sandbox.script(&sandbox.hook("commit-msg"), &own_hook("echo commit-msg"));
    sandbox.script(&sandbox.hook("pre-push"), &own_hook("echo pre-push; cat"));
    sandbox.hotfix(["hooks", "install"]).success();
    let (stubbed, log) = stubbed(&sandbox);
    let take = |file: &Path| {
        let text = fs::read_to_string(file).unwrap_or_default();
        let _ = fs::remove_file(file);
        text
    };
    let hooks_run = |text: &str| {
        let lines: Vec<&str> = text.lines().collect();
        lines
            .windows(3)
            .filter(|w| w[0] == "[hooks]" && w[1] == "[run]")
            .map(|w| w[2].trim_matches(['[', ']']).to_string())
            .collect::<Vec<_>>()
    };
    let commit = |at: &Sandbox, message: &str| {
        let output = at
            .with_env("GIT_EDITOR", format!("echo '{message}' >"))
            .try_git(["commit", "--quiet", "--allow-empty"]);
        assert!(output.status.success(), "{}", stderr(&output));
    };

    // An ordinary branch: the editor's commit fires both commit hooks, none starts git-hotfix.
    commit(&stubbed, "On main");
    assert_eq!(hooks_run(&take(&log)), Vec::<String>::new());
    assert_eq!(take(&own), "commit-msg\n");
    let push = stubbed.try_git(["push", "--quiet", "origin", "main"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(hooks_run(&take(&log)), Vec::<String>::new());
    let main = sandbox.rev("main");
    assert!(take(&own).starts_with(&format!(
        "pre-push\nrefs/heads/main {main} refs/heads/main "
    )));
    let git_dir = sandbox.work.join(".git");
    commit(&stubbed.with_env("GIT_DIR", &git_dir), "With GIT_DIR");
    assert_eq!(hooks_run(&take(&log)), Vec::<String>::new());

    // A linked worktree: its .git file names its own git dir, and its own HEAD decides.
    sandbox.git(["worktree", "add", "--quiet", "-b", "feature", "../linked"]);
    let linked = stubbed.in_dir("linked");
    commit(&linked, "In a linked worktree");
    assert_eq!(hooks_run(&take(&log)), Vec::<String>::new());
    linked.git(["checkout", "--quiet", "-b", "hotfix/linked"]);
    commit(&linked, "HOTFIX-001: On a hotfix branch");
    assert_eq!(hooks_run(&take(&log)), ["prepare-commit-msg", "commit-msg"]);

    // A detached HEAD, as during a rebase of a hotfix branch: git-hotfix decides.
    linked.git(["checkout", "--quiet", "--detach"]);
    commit(&linked, "HOTFIX-001: Detached");
    assert_eq!(hooks_run(&take(&log)), ["prepare-commit-msg", "commit-msg"]);

    // A new tag is not checked; a moved one and the notes are, with the refs re-fed.
    sandbox.git(["tag", "v9.0.0", "main"]);
    let tagged = sandbox.rev("v9.0.0");
    let push = stubbed.try_git(["push", "--quiet", "origin", "v9.0.0"]);
    assert!(push.status.success(), "{}", stderr(&push));
    assert_eq!(hooks_run(&take(&log)), Vec::<String>::new());
    sandbox.git(["tag", "--force", "v9.0.0", "feature"]);
    let push = stubbed.try_git(["push", "--quiet", "--force", "origin", "v9.0.0"]);
    assert!(push.status.success(), "{}", stderr(&push));
    let text = take(&log);
    assert_eq!(hooks_run(&text), ["pre-push"]);
    let feature = sandbox.rev("feature");
    assert!(
        text.contains(&format!(
            "stdin\nrefs/tags/v9.0.0 {feature} refs/tags/v9.0.0 {tagged}\nend\n"
        )),
        "{text}"
    );
    assert_eq!(
        take(&own),
        format!(
            "{}pre-push\nrefs/tags/v9.0.0 {tagged} refs/tags/v9.0.0 {}\npre-push\nrefs/tags/v9.0.0 {feature} refs/tags/v9.0.0 {tagged}\n",
            // The commits since: with GIT_DIR, and three in the linked worktree.
            "commit-msg\n".repeat(4),
            "0".repeat(40)
        )
    );

    // Another prefix: the shims written for the old one are outdated until installed again.
    sandbox.git(["config", "hotfix.prefix", "fix/"]);
    let status = stdout(&sandbox.hotfix(["hooks", "status"]).success());
    assert!(
        status.contains("  commit-msg          outdated (written by another git-hotfix version, or for another hotfix.prefix)\n"),
        "{status}"
    );
    sandbox.hotfix(["hooks", "install"]).success();
    sandbox.git(["checkout", "--quiet", "-b", "fix/auth"]);
    commit(&stubbed, "HOTFIX-001: Under the new prefix");
    assert_eq!(hooks_run(&take(&log)), ["prepare-commit-msg", "commit-msg"]);
    sandbox.git(["checkout", "--quiet", "main"]);
    commit(&stubbed, "Back on main");
    assert_eq!(hooks_run(&take(&log)), Vec::<String>::new());
}
