//! Settings come from every source git reads, in git's order: `git -c` and the
//! `GIT_CONFIG_*` variables git hands its subcommands, over the repository's and the user's
//! files.

use crate::common::{Sandbox, stderr, stdout};

/// The line `git hotfix config` prints for `key`.
fn config_line(out: &str, key: &str) -> String {
    out.lines()
        .find(|line| line.starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no {key} in:\n{out}"))
        .to_string()
}

#[test]
fn git_dash_c_reaches_config_and_names_the_command_line() {
    let sandbox = Sandbox::new();
    sandbox.git(["config", "hotfix.maxLines", "40"]);
    let out = sandbox.git(["-c", "hotfix.maxLines=5", "hotfix", "config"]);
    let line = config_line(&out, "hotfix.maxLines");
    assert!(line.contains("(command line)"), "{line}");
    assert!(line.trim_end().ends_with(" 5"), "{line}");

    let json = sandbox.git(["-c", "HOTFIX.MAXLINES=6", "hotfix", "config", "--json"]);
    let settings: serde_json::Value = serde_json::from_str(&json).unwrap();
    let max_lines = settings
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "hotfix.maxLines")
        .unwrap();
    assert_eq!(max_lines["value"], "6");
    assert_eq!(max_lines["source"], "command-line");

    // Without -c the repository's value is back.
    let line = config_line(&sandbox.git(["hotfix", "config"]), "hotfix.maxLines");
    assert!(
        line.contains("(local: .git/config)") && line.trim_end().ends_with(" 40"),
        "{line}"
    );
}

#[test]
fn a_failing_test_command_given_with_dash_c_stops_the_release() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let before = sandbox.refs();
    let output = sandbox.try_git([
        "-c",
        "hotfix.testCommand=exit 1",
        "hotfix",
        "finish",
        "--yes",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("error: the tests fail on"), "{err}");
    assert!(err.contains("exit 1"), "{err}");
    assert_eq!(sandbox.refs(), before);
}

#[test]
fn config_count_pairs_and_a_named_global_file_are_read() {
    let sandbox = Sandbox::new();
    let global = sandbox.dir.path().join("other-global");
    std::fs::write(
        &global,
        "[user]\n\tname = Test User\n\temail = test@example.com\n[hotfix]\n\tidPrefix = INC\n",
    )
    .unwrap();
    let out = stdout(
        &sandbox
            .command(crate::common::binary())
            .args(["config"])
            .env("GIT_CONFIG_GLOBAL", &global)
            .env("GIT_CONFIG_COUNT", "1")
            .env("GIT_CONFIG_KEY_0", "hotfix.prefix")
            .env("GIT_CONFIG_VALUE_0", "fix/")
            .output()
            .map(assert_cmd::assert::Assert::new)
            .unwrap()
            .success(),
    );
    let line = config_line(&out, "hotfix.idPrefix");
    assert!(
        line.contains(&format!("(global: {})", global.display()))
            && line.trim_end().ends_with(" INC"),
        "{line}"
    );
    let line = config_line(&out, "hotfix.prefix");
    assert!(
        line.contains("(command line)") && line.trim_end().ends_with(" fix/"),
        "{line}"
    );
}

#[test]
fn the_ignored_system_file_is_not_read() {
    let sandbox = Sandbox::new();
    let system = sandbox.dir.path().join("system-config");
    std::fs::write(&system, "[hotfix]\n\tmaxFiles = 3\n").unwrap();
    let run = |nosystem: bool| {
        let mut command = sandbox.command(crate::common::binary());
        command.arg("config").env("GIT_CONFIG_SYSTEM", &system);
        if !nosystem {
            command.env_remove("GIT_CONFIG_NOSYSTEM");
        }
        config_line(
            &stdout(&assert_cmd::assert::Assert::new(command.output().unwrap()).success()),
            "hotfix.maxFiles",
        )
    };
    let line = run(false);
    assert!(
        line.contains(&format!("(system: {})", system.display()))
            && line.trim_end().ends_with(" 3"),
        "{line}"
    );
    let line = run(true);
    assert!(line.contains("(default)"), "{line}");
}

#[test]
fn a_malformed_config_environment_is_one_sentence_and_a_hint() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .command(crate::common::binary())
        .arg("config")
        .env("GIT_CONFIG_PARAMETERS", "'hotfix.maxLines")
        .output()
        .map(assert_cmd::assert::Assert::new)
        .unwrap()
        .code(1);
    let err = stderr(&assert);
    assert!(
        err.starts_with("error: GIT_CONFIG_PARAMETERS is not in the format git writes\nhint: "),
        "{err}"
    );
}

#[test]
fn config_names_the_file_each_value_came_from_includes_too() {
    let sandbox = Sandbox::new();
    let included = sandbox.dir.path().join("team.gitconfig");
    std::fs::write(&included, "[hotfix]\n\tmaxFiles = 4\n").unwrap();
    sandbox.git(["config", "hotfix.maxLines", "40"]);
    sandbox.git(["config", "include.path", included.to_str().unwrap()]);
    let out = stdout(&sandbox.hotfix(["config"]).success());
    let line = config_line(&out, "hotfix.maxLines");
    assert!(line.contains("(local: .git/config)"), "{line}");
    let line = config_line(&out, "hotfix.maxFiles");
    assert!(
        line.contains(&format!("(local: {})", included.display())) && line.ends_with(" 4"),
        "{line}"
    );

    let json = stdout(&sandbox.hotfix(["config", "--json"]).success());
    let settings: serde_json::Value = serde_json::from_str(&json).unwrap();
    let file_of = |key: &str| {
        settings
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .unwrap()["file"]
            .clone()
    };
    assert_eq!(file_of("hotfix.maxLines"), ".git/config");
    assert_eq!(file_of("hotfix.maxFiles"), included.to_str().unwrap());
    assert_eq!(file_of("hotfix.remote"), serde_json::Value::Null);
}

#[test]
fn include_if_in_a_named_global_file_holds_as_in_git() {
    let sandbox = Sandbox::new();
    let dir = sandbox.dir.path();
    let work = dir.join("work.gitconfig");
    let hotfixes = dir.join("hotfix-branches.gitconfig");
    let elsewhere = dir.join("elsewhere.gitconfig");
    std::fs::write(&work, "[hotfix]\n\tmaxFiles = 4\n").unwrap();
    std::fs::write(&hotfixes, "[hotfix]\n\tmaxLines = 77\n").unwrap();
    std::fs::write(&elsewhere, "[hotfix]\n\tidPrefix = NOPE\n").unwrap();
    let git_dir = sandbox.git(["rev-parse", "--absolute-git-dir"]);
    let repo_dir = std::path::Path::new(git_dir.trim()).parent().unwrap();
    let global = dir.join("named-global");
    std::fs::write(
        &global,
        format!(
            "[user]\n\tname = Test User\n\temail = test@example.com\n\
             [includeIf \"gitdir:{}/\"]\n\tpath = {}\n\
             [includeIf \"onbranch:hotfix/\"]\n\tpath = {}\n\
             [includeIf \"gitdir:/nowhere/\"]\n\tpath = {}\n",
            repo_dir.display(),
            work.display(),
            hotfixes.display(),
            elsewhere.display()
        ),
    )
    .unwrap();
    let with_global = sandbox.with_env("GIT_CONFIG_GLOBAL", &global);
    let out = stdout(&with_global.hotfix(["config"]).success());
    // git itself agrees with every line below.
    let git = with_global.git(["config", "--get", "hotfix.maxFiles"]);
    assert_eq!(git.trim(), "4");
    let line = config_line(&out, "hotfix.maxFiles");
    assert!(
        line.contains(&format!("(global: {})", work.display())) && line.ends_with(" 4"),
        "{line}"
    );
    assert!(config_line(&out, "hotfix.idPrefix").ends_with(" HOTFIX"));
    assert!(config_line(&out, "hotfix.maxLines").contains("(default)"));

    with_global.start("auth", &[]);
    let out = stdout(&with_global.hotfix(["config"]).success());
    let line = config_line(&out, "hotfix.maxLines");
    assert!(
        line.contains(&format!("(global: {})", hotfixes.display())) && line.ends_with(" 77"),
        "{line}"
    );
}
