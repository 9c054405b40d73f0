use crate::common::{Refusal, Sandbox, stderr, stdout};

#[test]
fn start_cuts_the_branch_from_the_remote_production_branch_and_records_metadata() {
    let sandbox = Sandbox::new();
    // An unpushed commit on local main must not end up in the hotfix.
    sandbox.commit("wip.txt", "unreleased\n", &["-m", "Unpushed work"]);
    let assert = sandbox
        .hotfix([
            "start",
            "critical-auth-vulnerability",
            "--severity",
            "P0",
            "--issue",
            "Authentication bypass vulnerability",
            "--component",
            "auth",
            "--component",
            "api",
            "--impact",
            "Anyone can log in",
            "--yes",
        ])
        .success();
    let out = stdout(&assert);
    assert!(
        out.starts_with("Started HOTFIX-001 (P0) on branch hotfix/critical-auth-vulnerability\n"),
        "{out}"
    );
    assert!(out.contains("base:     origin/main"), "{out}");

    assert_eq!(
        sandbox.current_branch(),
        "hotfix/critical-auth-vulnerability"
    );
    assert_eq!(sandbox.rev("HEAD"), sandbox.rev("origin/main"));
    assert_eq!(
        sandbox.git(["status", "--porcelain", "--untracked-files=all"]),
        ""
    );

    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["schema"], 1);
    assert_eq!(meta["hotfix_id"], "HOTFIX-001");
    assert_eq!(meta["severity"], "P0");
    assert_eq!(meta["issue"], "Authentication bypass vulnerability");
    assert_eq!(meta["affected_versions"], serde_json::json!(["v2.0.1"]));
    assert_eq!(meta["components"], serde_json::json!(["auth", "api"]));
    assert_eq!(meta["impact"], "Anyone can log in");
    assert_eq!(meta["created"], crate::common::NOW);
    assert_eq!(meta["owner"], "Test User <test@example.com>");
    assert_eq!(meta["branch"], "hotfix/critical-auth-vulnerability");
    assert_eq!(meta["base_ref"], "origin/main");
    assert_eq!(meta["base_commit"], sandbox.rev("origin/main"));
    assert_eq!(meta["status"], "open");
    assert_eq!(meta["events"][0]["event"], "started");

    // Plain git reads the same document.
    let listed = sandbox.git(["notes", "--ref=hotfix", "list"]);
    let anchor = listed.split_whitespace().nth(1).unwrap();
    let shown = sandbox.git(["notes", "--ref=hotfix", "show", anchor]);
    let plain: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(plain, meta);
}

#[test]
fn start_fetches_the_remote_first() {
    let sandbox = Sandbox::new();
    let other = sandbox.clone_named("other");
    let pushed = other.commit("fix.txt", "x\n", &["-m", "Pushed by a colleague"]);
    other.git(["push", "--quiet", "origin", "main"]);

    sandbox
        .hotfix(["start", "payment-error", "--yes"])
        .success();
    assert_eq!(sandbox.rev("HEAD"), pushed);
}

#[test]
fn an_unreachable_remote_is_a_warning_not_a_failure() {
    let sandbox = Sandbox::new();
    sandbox.git(["remote", "set-url", "origin", "/nonexistent/remote.git"]);
    let assert = sandbox
        .hotfix(["start", "payment-error", "--yes"])
        .success();
    assert!(
        stderr(&assert).contains("warning: could not fetch 'origin'"),
        "{}",
        stderr(&assert)
    );
    assert_eq!(sandbox.rev("HEAD"), sandbox.rev("origin/main"));
}

#[test]
fn without_a_remote_the_local_production_branch_is_the_base() {
    let sandbox = Sandbox::new();
    sandbox.git(["remote", "remove", "origin"]);
    sandbox.start("fix", &[]);
    assert_eq!(sandbox.rev("HEAD"), sandbox.rev("main"));
    assert_eq!(sandbox.metadata("HOTFIX-001")["base_ref"], "main");
}

#[test]
fn a_dirty_working_tree_is_refused_and_nothing_is_created() {
    let sandbox = Sandbox::new();
    sandbox.write("app.js", "changed\n");
    // No branch, no notes, HEAD still on main and the change still there.
    sandbox.assert_refused_unchanged(
        ["start", "fix", "--yes", "--no-fetch"],
        Refusal::exit(1)
            .contains("error: you have uncommitted changes to 1 tracked file(s)")
            .contains("hint: commit them, or set them aside with 'git stash'"),
    );
}

#[test]
fn staged_changes_are_refused_but_untracked_files_are_fine() {
    let sandbox = Sandbox::new();
    sandbox.write("new.txt", "staged\n");
    sandbox.git(["add", "new.txt"]);
    sandbox.assert_refused_unchanged(["start", "fix", "--yes", "--no-fetch"], Refusal::exit(1));
    sandbox.git(["rm", "--cached", "--quiet", "new.txt"]);
    sandbox.start("fix", &[]);
    assert_eq!(sandbox.current_branch(), "hotfix/fix");
}

#[test]
fn bad_names_are_refused_with_one_sentence_and_a_hint() {
    let sandbox = Sandbox::new();
    let long = "a".repeat(101);
    let cases: &[(&str, &str)] = &[
        ("bad name", "it contains a space"),
        ("a..b", "it contains '..'"),
        ("-rf", "it starts with '-'"),
        ("x;rm", "it contains ';'"),
        ("x$(id)", "it contains '$'"),
        ("tab\there", "whitespace"),
        ("bell\u{7}", "control character"),
        ("quote'd", "it contains '''"),
        ("fix.lock", "git does not accept it"),
        ("trailing/", "git does not accept it"),
        (&long, "longer than 100 characters"),
        ("", "it is empty"),
    ];
    for (name, why) in cases {
        let assert = sandbox
            .hotfix(["start", "--yes", "--no-fetch", "--", name])
            .code(1);
        let err = stderr(&assert);
        assert!(
            err.starts_with("error: invalid hotfix name"),
            "{name:?}: {err}"
        );
        assert!(err.contains(why), "{name:?}: {err}");
        assert_eq!(err.lines().count(), 2, "{name:?}: {err}");
        assert!(err.lines().nth(1).unwrap().starts_with("hint: "), "{err}");
    }
    assert_eq!(sandbox.current_branch(), "main");
    assert_eq!(sandbox.git(["branch", "--list", "hotfix/*"]), "");
    assert_eq!(sandbox.git(["notes", "--ref=hotfix", "list"]), "");
}

#[test]
fn an_existing_branch_is_refused() {
    let sandbox = Sandbox::new();
    sandbox.git(["branch", "hotfix/fix"]);
    let assert = sandbox
        .hotfix(["start", "fix", "--yes", "--no-fetch"])
        .code(1);
    let err = stderr(&assert);
    assert!(
        err.contains("error: a branch named 'hotfix/fix' already exists"),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
    assert_eq!(sandbox.git(["notes", "--ref=hotfix", "list"]), "");
}

#[test]
fn two_hotfixes_from_the_same_commit_get_their_own_ids_and_notes() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.start("first", &["--severity", "P1"]), "HOTFIX-001");
    sandbox.git(["switch", "--quiet", "main"]);
    assert_eq!(sandbox.start("second", &["--severity", "P2"]), "HOTFIX-002");
    assert_eq!(sandbox.rev("hotfix/first"), sandbox.rev("hotfix/second"));
    assert_eq!(
        sandbox
            .git(["notes", "--ref=hotfix", "list"])
            .lines()
            .count(),
        2
    );
    assert_eq!(sandbox.metadata("HOTFIX-001")["branch"], "hotfix/first");
    assert_eq!(sandbox.metadata("HOTFIX-002")["branch"], "hotfix/second");
}

#[test]
fn from_last_tag_starts_at_the_release_even_after_main_moved_on() {
    let sandbox = Sandbox::new();
    sandbox.commit("feature.js", "new\n", &["-m", "Unreleased feature"]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    sandbox.start("fix", &["--from-last-tag"]);
    assert_eq!(sandbox.rev("HEAD"), sandbox.rev("v2.0.1^{commit}"));
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["base_ref"], "v2.0.1");
    assert_eq!(meta["affected_versions"], serde_json::json!(["v2.0.1"]));
}

#[test]
fn from_takes_a_tag_or_commit_and_refuses_an_unknown_ref() {
    let sandbox = Sandbox::new();
    sandbox.start("old", &["--from", "v2.0.0", "--affected", "v2.0.0, v1.9.9"]);
    assert_eq!(sandbox.rev("HEAD"), sandbox.rev("v2.0.0^{commit}"));
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(
        meta["affected_versions"],
        serde_json::json!(["v2.0.0", "v1.9.9"])
    );

    let assert = sandbox
        .hotfix(["start", "other", "--from", "nope", "--yes", "--no-fetch"])
        .code(1);
    assert!(stderr(&assert).contains("error: 'nope' is not a branch, tag or commit"));
    sandbox
        .hotfix(["start", "x", "--from", "v2.0.0", "--from-last-tag"])
        .code(2);
}

#[test]
fn severity_is_suggested_from_the_words_when_not_given() {
    let sandbox = Sandbox::new();
    let cases = [
        ("critical-auth-vulnerability", "P0"),
        ("data-corruption-bug", "P0"),
        ("payment-processing-error", "P1"),
        ("typo-in-footer", "P2"),
    ];
    for (name, severity) in cases {
        sandbox.git(["switch", "--quiet", "main"]);
        let assert = sandbox.hotfix(["start", name, "--no-fetch"]).success();
        assert!(
            stderr(&assert).contains(&format!("Severity {severity} suggested")),
            "{name}: {}",
            stderr(&assert)
        );
    }
    let listed = sandbox.hotfix(["list", "--json"]).success();
    let all: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    let severities: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["severity"].clone())
        .collect();
    assert_eq!(severities, ["P2", "P1", "P0", "P0"]);
    assert_eq!(all[0]["issue"], "Typo in footer");
}

#[test]
fn git_flow_and_hotfix_settings_choose_branches_and_prefixes() {
    let sandbox = Sandbox::new();
    sandbox.git(["branch", "production", "v2.0.0"]);
    sandbox.git(["config", "gitflow.branch.master", "production"]);
    sandbox.git(["config", "gitflow.prefix.hotfix", "hf/"]);
    sandbox.git(["config", "hotfix.idPrefix", "INC"]);
    assert_eq!(sandbox.start("fix", &[]), "INC-001");
    assert_eq!(sandbox.current_branch(), "hf/fix");
    assert_eq!(sandbox.rev("HEAD"), sandbox.rev("v2.0.0^{commit}"));

    sandbox.git(["config", "hotfix.prefix", "urgent/"]);
    sandbox.git(["config", "hotfix.productionBranch", "main"]);
    sandbox.git(["switch", "--quiet", "main"]);
    assert_eq!(sandbox.start("other", &[]), "INC-002");
    assert_eq!(sandbox.current_branch(), "urgent/other");
    assert_eq!(sandbox.rev("HEAD"), sandbox.rev("main"));
}

#[test]
fn master_is_the_production_branch_when_there_is_no_main() {
    let sandbox = Sandbox::new();
    sandbox.git(["branch", "-m", "main", "master"]);
    sandbox.git(["remote", "remove", "origin"]);
    sandbox.start("fix", &[]);
    assert_eq!(sandbox.metadata("HOTFIX-001")["base_ref"], "master");
}

#[test]
fn notes_survive_gc_prune_now() {
    let sandbox = Sandbox::new();
    sandbox.start("fix", &["--severity", "P1"]);
    sandbox.git(["gc", "--quiet", "--prune=now"]);
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["severity"], "P1");
    sandbox.git(["switch", "--quiet", "main"]);
    assert_eq!(sandbox.start("next", &[]), "HOTFIX-002");
}

#[test]
fn a_corrupt_note_is_named_and_the_other_hotfixes_still_list() {
    let sandbox = Sandbox::new();
    sandbox.start("good", &["--severity", "P1"]);
    sandbox.git(["notes", "--ref=hotfix", "add", "-m", "{not json", "main"]);
    let main = sandbox.rev("main");
    let assert = sandbox.hotfix(["list"]).success();
    let err = stderr(&assert);
    assert!(
        err.contains(&format!(
            "warning: the note on {main} in refs/notes/hotfix is not valid JSON"
        )),
        "{err}"
    );
    assert!(stdout(&assert).contains("HOTFIX-001"));
    sandbox.hotfix(["show", "HOTFIX-001"]).success();
    let assert = sandbox.hotfix(["show", "HOTFIX-009"]).code(1);
    assert!(stderr(&assert).contains("1 note(s) in refs/notes/hotfix could not be read"));
}

#[test]
fn a_note_of_a_newer_schema_is_reported_not_misread() {
    let sandbox = Sandbox::new();
    sandbox.git([
        "notes",
        "--ref=hotfix",
        "add",
        "-m",
        r#"{"schema": 99, "hotfix_id": "HOTFIX-001"}"#,
        "main",
    ]);
    let assert = sandbox.hotfix(["list"]).success();
    assert!(
        stderr(&assert).contains("uses schema 99, newer than this git-hotfix reads (1)"),
        "{}",
        stderr(&assert)
    );
}

#[test]
fn unknown_fields_are_kept_when_a_note_is_rewritten() {
    let sandbox = Sandbox::new();
    sandbox.start("fix", &[]);
    let listed = sandbox.git(["notes", "--ref=hotfix", "list"]);
    let anchor = listed.split_whitespace().nth(1).unwrap().to_string();
    let mut meta = sandbox.metadata("HOTFIX-001");
    meta["future_field"] = serde_json::json!({"kept": true});
    sandbox.git([
        "notes",
        "--ref=hotfix",
        "add",
        "-f",
        "-m",
        &meta.to_string(),
        &anchor,
    ]);
    assert_eq!(sandbox.metadata("HOTFIX-001")["future_field"]["kept"], true);
}

#[test]
fn a_bare_repository_is_refused() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .in_dir(&sandbox.remote)
        .hotfix(["start", "fix", "--yes"])
        .code(1);
    let err = stderr(&assert);
    assert!(
        err.contains("error: this command needs a work tree, but the repository is bare"),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn start_works_from_a_detached_head_and_a_subdirectory() {
    let sandbox = Sandbox::new();
    sandbox.git(["checkout", "--quiet", "--detach", "v2.0.0"]);
    std::fs::create_dir_all(sandbox.work.join("sub")).unwrap();
    sandbox
        .in_dir(sandbox.work.join("sub"))
        .hotfix(["start", "fix", "--yes", "--no-fetch"])
        .success();
    assert_eq!(sandbox.current_branch(), "hotfix/fix");
}

#[test]
fn a_name_that_carries_the_branch_prefix_loses_it_and_says_so() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .hotfix(["start", "hotfix/login", "--yes", "--no-fetch"])
        .success();
    let err = crate::common::stderr(&assert);
    assert!(
        err.contains(
            "warning: the name 'hotfix/login' already starts with the branch prefix 'hotfix/': \
             the hotfix is named 'login', on branch 'hotfix/login'"
        ),
        "{err}"
    );
    assert_eq!(sandbox.current_branch(), "hotfix/login");
    assert_eq!(sandbox.git(["branch", "--list", "hotfix/hotfix/*"]), "");
    assert_eq!(sandbox.metadata("HOTFIX-001")["branch"], "hotfix/login");
}
