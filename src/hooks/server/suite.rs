//! The tests on the server: only when the bare repository's own config sets
//! `hotfix.testCommand` (not `none`; nothing is detected, and neither the system, the global
//! config nor the pusher's `-c`/environment count). pre-receive runs it on the pushed tip's
//! tree, checked out into a temporary directory with a temporary index: the pushed objects
//! are in git's quarantine, which the child `git` sees through the `GIT_OBJECT_DIRECTORY`
//! and `GIT_ALTERNATE_OBJECT_DIRECTORIES` it inherits. The suite's output goes to stderr, so
//! the pusher sees it as `remote:` lines.

use super::Update;
use super::bypassed::Waived;
use super::rules::Refusal;
use crate::config::TEST_COMMAND;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, Scope, command};
use crate::store::Hotfix;
use crate::testing;

/// Whether pre-receive runs the server's suite: not on a push let through with
/// `-o hotfix.skip`, nor in post-receive, where the push has landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tests {
    Run,
    Bypassed,
}

/// The server's suite on a pushed hotfix branch that passes the rules: the refusal when it
/// fails, or, on a bypassed push, the record that it was not run.
pub(super) fn check(
    repo: &Repo,
    update: &Update,
    hotfix: &Hotfix,
    tests: Tests,
) -> Result<Option<Refusal>> {
    let Some(command_line) = server_command(repo)? else {
        return Ok(None);
    };
    let error = match tests {
        Tests::Run => run(repo, &command_line, update.new)?,
        Tests::Bypassed => Some(Error::refused(format!(
            "the server's tests ({command_line}) are not run on {}",
            repo.short_id(update.new)
        ))),
    };
    Ok(error.map(|error| Refusal {
        name: update.name.clone(),
        error,
        anchors: vec![hotfix.anchor],
        waived: Waived::default(),
    }))
}

/// The server's own test command, if its repository config sets one.
pub(super) fn server_command(repo: &Repo) -> Result<Option<String>> {
    let own = repo
        .config_scoped(TEST_COMMAND.key)?
        .into_iter()
        .filter(|(_, scope)| *scope == Scope::Local)
        .map(|(value, _)| value)
        .next_back();
    Ok(own.filter(|value| !value.trim().is_empty() && value.trim() != "none"))
}

/// Runs `command` on the tree of `commit`; the refusal when it fails.
fn run(repo: &Repo, command_line: &str, commit: ObjectId) -> Result<Option<Error>> {
    let scratch = tempfile::Builder::new()
        .prefix("git-hotfix-server-tree")
        .tempdir()?;
    let tree = scratch.path().join("tree");
    std::fs::create_dir(&tree)?;
    let index = scratch.path().join("index");
    let git_dir = repo.git_dir();
    let work_tree = tree.to_string_lossy().into_owned();
    let commit_text = commit.to_string();
    command::run_with_index(
        git_dir,
        &index,
        &["--work-tree", &work_tree, "read-tree", &commit_text],
    )?;
    command::run_with_index(
        git_dir,
        &index,
        &[
            "--work-tree",
            &work_tree,
            "checkout-index",
            "--all",
            "--force",
        ],
    )?;
    let short = repo.short_id(commit);
    let passed = testing::run_in_dir(&testing::TEST, &short, command_line, &tree)?;
    Ok((!passed).then(|| {
        Error::refused(format!(
            "the server's tests fail on {short}: {command_line}"
        ))
        .hint("the suite's output is above; fix the tests, commit and push again")
    }))
}
