//! The exit codes: one table (`git_hotfix::error::exit::TABLE`), which the man page renders
//! and the README repeats, and a real command that exits with each code it lists.

use git_hotfix::error::exit;

use crate::common::{Refusal, Sandbox, source_dir, stderr};

/// The rows of the README's "Exit codes" table, as (code, meaning).
fn readme_table() -> Vec<(u8, String)> {
    let readme = std::fs::read_to_string(source_dir().join("README.md")).unwrap();
    let section = readme
        .split("\n## Exit codes\n")
        .nth(1)
        .expect("README has an 'Exit codes' section");
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter(|line| {
            line.starts_with("| ") && !line.starts_with("| code ") && !line.starts_with("| ---")
        })
        .map(|line| {
            let cells: Vec<&str> = line
                .trim_matches('|')
                .splitn(2, '|')
                .map(str::trim)
                .collect();
            (cells[0].parse().unwrap(), cells[1].to_string())
        })
        .collect()
}

#[test]
fn the_readme_and_the_man_page_print_the_one_exit_code_table() {
    let table: Vec<(u8, String)> = exit::TABLE
        .iter()
        .map(|&(code, meaning)| (code, meaning.to_string()))
        .collect();
    assert_eq!(readme_table(), table, "README.md's 'Exit codes' table");
    // The man page is rendered from the table; `docs::committed_man_page_and_completions_are_current`
    // holds the committed one to what is rendered. Here: each code is in its EXIT STATUS.
    let man = std::fs::read_to_string(source_dir().join("man/git-hotfix.1")).unwrap();
    let status = man
        .split(".SH \"EXIT STATUS\"")
        .nth(1)
        .expect("EXIT STATUS");
    let status = status.split("\n.SH").next().unwrap();
    for &(code, _) in exit::TABLE {
        assert!(
            status.contains(&format!("\\fB{code}\\fR")),
            "{code}: {status}"
        );
    }
    let codes: Vec<u8> = exit::TABLE.iter().map(|&(code, _)| code).collect();
    assert_eq!(
        codes,
        [
            exit::SUCCESS,
            exit::REFUSED,
            exit::USAGE,
            exit::STOPPED,
            exit::INTERNAL
        ]
    );
}

/// Each code of the table, from a real command: success, a rule refusal, usage errors, stopped
/// operations and an internal error.
#[test]
fn each_exit_code_of_the_table_is_what_a_real_command_exits_with() {
    let code = |code: u8| i32::from(code);
    let sandbox = Sandbox::new();

    // 0: success.
    sandbox.hotfix(["list"]).code(code(exit::SUCCESS));

    // 2: usage errors, all reported by the parser the same way, before anything runs.
    sandbox.assert_refused_unchanged(
        ["list", "--no-such-flag"],
        Refusal::exit(code(exit::USAGE)).starts_with("error: unexpected argument '--no-such-flag'"),
    );
    sandbox.assert_refused_unchanged(
        ["deployed", "--at", "yesterday"],
        Refusal::exit(code(exit::USAGE)).starts_with(
            "error: invalid value 'yesterday' for '--at <TIME>': 'yesterday' is not a time",
        ),
    );
    let err = sandbox.assert_refused_unchanged(
        ["finish", "--version", "banana"],
        Refusal::exit(code(exit::USAGE)).starts_with(
            "error: invalid value 'banana' for '--version <X.Y.Z>': 'banana' is not a version: \
             use X.Y.Z, e.g. 2.0.2",
        ),
    );
    assert!(!err.contains("parsing"), "the parser's internals: {err}");
    sandbox.assert_refused_unchanged(
        ["release-notes", "--version", "2.x"],
        Refusal::exit(code(exit::USAGE)).contains("'2.x' is not a version"),
    );

    // 1: a rule refuses: the test suite fails, so nothing is merged.
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "hotfix.testCommand", "false"]);
    let err = stderr(
        &sandbox
            .hotfix(["finish", "--yes"])
            .code(code(exit::REFUSED)),
    );
    assert!(err.contains("error: the tests fail on "), "{err}");
    assert!(!sandbox.refs().contains("refs/hotfix-operation/state "));
    sandbox.git(["config", "hotfix.testCommand", "true"]);

    // 3: stopped, on a signing key that fails (after the production merge)...
    sandbox.git(["config", "gpg.program", "false"]);
    sandbox
        .hotfix(["finish", "--yes", "--sign"])
        .code(code(exit::STOPPED));
    sandbox.git(["config", "--unset", "gpg.program"]);
    sandbox.hotfix(["finish", "--abort"]).success();
    // ...and on a merge conflict (develop changed the line the fix changes).
    sandbox.git(["checkout", "--quiet", "develop"]);
    sandbox.commit(
        "app.js",
        "function login() {\n  return checkPassword();\n}\n",
        &["-m", "Check the password"],
    );
    sandbox.git(["checkout", "--quiet", "hotfix/auth"]);
    let err = stderr(
        &sandbox
            .hotfix(["finish", "--yes"])
            .code(code(exit::STOPPED)),
    );
    assert!(err.contains("stopped on conflicts"), "{err}");
    sandbox.hotfix(["finish", "--abort"]).success();

    // 70: an internal error, without mocks: an operation state git holds but that is not one
    // (a blob that is not JSON), so nothing can say what is in progress.
    let blob = sandbox
        .command("git")
        .args(["hash-object", "-w", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"not an operation")?;
            child.wait_with_output()
        })
        .unwrap();
    let blob = String::from_utf8(blob.stdout).unwrap();
    sandbox.git(["update-ref", "refs/hotfix-operation/state", blob.trim()]);
    let err = stderr(&sandbox.hotfix(["status"]).code(code(exit::INTERNAL)));
    assert!(err.contains("the operation state in"), "{err}");
}
