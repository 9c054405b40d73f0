//! Test suites and their records. The commands come only from git config or from detecting the
//! project's build files, never from notes (notes arrive from the remote, and a command taken
//! from them would let a remote run code here). A suite runs on the tree of the commit being
//! checked, in a temporary worktree when the working tree differs from it, and its outcome is
//! recorded in the notes so that a pass for exactly that tree and command is not run again,
//! nor for a tree that differs from it only where no test looks ([`reuse`]). `test --affected`
//! runs only the tests a change can affect ([`affected`]); such a run is recorded as one and
//! never stands in for the suite.

mod affected;
mod ecosystems;
mod reads;
mod reuse;

pub use affected::{Choice, choose};
pub use reuse::{Found, lookup};

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use crate::clock;
use crate::config::{PERFORMANCE_COMMAND, SECURITY_COMMAND, Setting, TEST_COMMAND};
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, command};
use crate::store::{EventKind, Hotfix, Metadata, TestRecord};
use crate::{shell, ui};

/// A named suite and the setting that holds its command.
pub struct Suite {
    pub name: &'static str,
    pub setting: &'static Setting,
}

pub const TEST: Suite = Suite {
    name: "test",
    setting: &TEST_COMMAND,
};
pub const SECURITY: Suite = Suite {
    name: "security",
    setting: &SECURITY_COMMAND,
};
pub const PERFORMANCE: Suite = Suite {
    name: "performance",
    setting: &PERFORMANCE_COMMAND,
};
pub const ALL: [&Suite; 3] = [&TEST, &SECURITY, &PERFORMANCE];

/// The command of a suite for `commit`; `None` when the suite is not configured or opted out
/// with `none`. The main suite falls back to detection and refuses when nothing is found.
pub fn command_for(repo: &Repo, suite: &Suite, commit: ObjectId) -> Result<Option<String>> {
    match repo.config_string(suite.setting.key)? {
        Some(value) if value.trim() == "none" => return Ok(None),
        Some(value) if !value.trim().is_empty() => return Ok(Some(value)),
        _ => {}
    }
    if suite.name != TEST.name {
        return Ok(None);
    }
    detect(repo, commit)?.map(Some).ok_or_else(|| {
        Error::refused("no test command is configured and none could be detected")
            .hint("set one with 'git config hotfix.testCommand \"<command>\"' (or opt out with 'git config hotfix.testCommand none'), then run the same command or push again: nothing needs committing")
    })
}

/// The test command a project's build files imply, looked up in the commit's tree.
fn detect(repo: &Repo, commit: ObjectId) -> Result<Option<String>> {
    let has = |path: &str| -> Result<bool> { Ok(repo.file_at(commit, path)?.is_some()) };
    if has("Cargo.toml")? {
        return Ok(Some("cargo test".into()));
    }
    if let Some(package) = repo.file_at(commit, "package.json")? {
        let json: serde_json::Value = serde_json::from_slice(&package).unwrap_or_default();
        let script = json["scripts"]["test"].as_str().unwrap_or("");
        if !script.is_empty() && !script.contains("no test specified") {
            return Ok(Some("npm test".into()));
        }
    }
    if has("go.mod")? {
        return Ok(Some("go test ./...".into()));
    }
    if has("pyproject.toml")? || has("pytest.ini")? || has("setup.cfg")? {
        return Ok(Some("pytest".into()));
    }
    if let Some(makefile) = repo.file_at(commit, "Makefile")? {
        let text = String::from_utf8_lossy(&makefile);
        if text.lines().any(|line| line.starts_with("test:")) {
            return Ok(Some("make test".into()));
        }
    }
    Ok(None)
}

/// The recorded outcome of a full run of exactly this suite, command and tree, if any.
pub fn recorded<'a>(
    repo: &Repo,
    meta: &'a Metadata,
    suite: &str,
    command: &str,
    tree: ObjectId,
) -> Option<&'a TestRecord> {
    meta.tests
        .iter()
        .rev()
        .find(|r| r.suite == suite && r.command == command && r.tree == tree && trusted(repo, r))
}

/// True for a record of the whole suite sealed by this clone.
fn trusted(repo: &Repo, record: &TestRecord) -> bool {
    record.affected.is_none() && sealed_here(repo, record)
}

/// What starts the seal of a record sealed with every field it shows ([`sealed_text`]);
/// records sealed before carry the bare seal of [`legacy_sealed_text`].
const SEAL_PREFIX: &str = "2:";

/// True when `record` is as this clone sealed it: nothing it holds, shown or counted, was
/// changed since. A record sealed before the seal covered what is only shown (its time,
/// duration and reuse) still holds, unless it claims to be a reuse, which those seals never
/// vouched for.
pub fn sealed_here(repo: &Repo, record: &TestRecord) -> bool {
    let Some(seal) = record.seal.as_deref() else {
        return false;
    };
    match seal.strip_prefix(SEAL_PREFIX) {
        Some(seal) => repo.verify_seal(&sealed_text(record), seal),
        None => record.reused.is_none() && repo.verify_seal(&legacy_sealed_text(record), seal),
    }
}

/// What a record's seal covers: every field it holds but the seal itself (and fields of
/// later versions), as one JSON array, so no text of one field can pass for another's: the
/// suite, command, tree and outcome, what a run of the affected tests chose (so no edit of the
/// notes turns it into a full run), what a reused pass reused, and how long it ran and when.
fn sealed_text(record: &TestRecord) -> String {
    serde_json::json!([
        record.suite,
        record.command,
        record.tree.to_string(),
        record.passed,
        record.affected,
        record.reused,
        record.duration_ms,
        record.at.unix_timestamp_nanos().to_string(),
    ])
    .to_string()
}

/// What a seal covered before it covered the shown fields: the suite, command, tree and
/// outcome, and for a run of the affected tests that it was one.
fn legacy_sealed_text(record: &TestRecord) -> String {
    let mut text = format!(
        "{}\n{}\n{}\n{}",
        record.suite, record.command, record.tree, record.passed
    );
    if let Some(affected) = &record.affected {
        text.push_str("\naffected\n");
        text.push_str(affected);
    }
    text
}

/// Seals `record` with this clone's key.
fn seal(repo: &Repo, mut record: TestRecord) -> Result<TestRecord> {
    record.seal = Some(format!(
        "{SEAL_PREFIX}{}",
        repo.seal(&sealed_text(&record))?
    ));
    Ok(record)
}

/// Runs `command` on the tree of `commit` and returns the record (the caller stores it).
/// The suite's output streams live to stderr, so `--json` output on stdout stays clean.
pub fn run(repo: &Repo, suite: &Suite, command: &str, commit: ObjectId) -> Result<TestRecord> {
    run_on(repo, &Label::Suite(suite.name), command, commit, None)
}

/// Runs the affected tests (`command`, chosen as `why` says) on the tree of `commit` and
/// returns the record of an affected run.
pub fn run_affected(repo: &Repo, command: &str, commit: ObjectId, why: &str) -> Result<TestRecord> {
    let mut record = run_on(repo, &Label::Affected, command, commit, Some(clipped(why)))?;
    // A long list of files or packages must not make the note too large to store; the
    // command of an affected run is only shown, never matched.
    record.command = clipped(&record.command);
    seal(repo, record)
}

/// At most [`RECORDED_CHARS`] of `text`, for what a record keeps of a long list.
fn clipped(text: &str) -> String {
    ui::clip(text, RECORDED_CHARS).into_owned()
}

/// The most characters an affected run's command and reason, and an event's detail, keep:
/// within a note's limit on a text field.
const RECORDED_CHARS: usize = 1000;

fn run_on(
    repo: &Repo,
    label: &Label,
    command: &str,
    commit: ObjectId,
    affected: Option<String>,
) -> Result<TestRecord> {
    let work_tree = repo.work_tree()?;
    let tree = repo.tree_of(commit)?;
    let in_place = repo.head_commit()? == Some(commit) && !repo.work_tree_differs()?;
    let (passed, elapsed) = timed(label, &repo.short_id(commit), command, || {
        if in_place {
            return run_command(command, work_tree);
        }
        let scratch = tempfile::Builder::new()
            .prefix("git-hotfix-tree")
            .tempdir()?;
        let path = scratch.path().join("tree");
        let path_text = path.to_string_lossy().into_owned();
        command::run(
            work_tree,
            &[
                "worktree",
                "add",
                "--quiet",
                "--detach",
                &path_text,
                &commit.to_string(),
            ],
        )?;
        let outcome = run_command(command, &path);
        let _ = command::capture(work_tree, &["worktree", "remove", "--force", &path_text]);
        let _ = command::capture(work_tree, &["worktree", "prune"]);
        outcome
    })?;
    seal(
        repo,
        TestRecord {
            suite: label.suite().to_string(),
            command: command.to_string(),
            tree,
            passed,
            duration_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            at: clock::now(),
            seal: None,
            affected,
            reused: None,
            extra: Default::default(),
        },
    )
}

/// Runs `command` in the working tree as it is, uncommitted changes included (`test --watch`).
/// Nothing is recorded: no commit holds that tree.
pub fn run_in_work_tree(repo: &Repo, suite: &Suite, command: &str) -> Result<bool> {
    in_work_tree(repo, &Label::Suite(suite.name), command)
}

/// Runs the affected tests (`command`) in the working tree as it is. Nothing is recorded.
pub fn run_affected_in_work_tree(repo: &Repo, command: &str) -> Result<bool> {
    in_work_tree(repo, &Label::Affected, command)
}

fn in_work_tree(repo: &Repo, label: &Label, command: &str) -> Result<bool> {
    let work_tree = repo.work_tree()?;
    let (passed, _) = timed(label, "the working tree", command, || {
        run_command(command, work_tree)
    })?;
    Ok(passed)
}

/// Runs `command` in `dir`, a tree already checked out there (the server's copy of a pushed
/// commit), announcing it as a run on `what`. Nothing is recorded.
pub fn run_in_dir(suite: &Suite, what: &str, command: &str, dir: &Path) -> Result<bool> {
    let (passed, _) = timed(&Label::Suite(suite.name), what, command, || {
        run_command(command, dir)
    })?;
    Ok(passed)
}

/// What a run is called in its messages.
enum Label {
    Suite(&'static str),
    Affected,
}

impl Label {
    /// The suite it is recorded under: the affected tests are a part of the main one.
    fn suite(&self) -> &'static str {
        match self {
            Label::Suite(name) => name,
            Label::Affected => TEST.name,
        }
    }

    fn shown(&self) -> String {
        match self {
            Label::Suite(name) => format!("{name} suite"),
            Label::Affected => "affected tests".to_string(),
        }
    }
}

/// Announces a run on `what`, times it and prints the verdict.
fn timed(
    label: &Label,
    what: &str,
    command: &str,
    run: impl FnOnce() -> Result<bool>,
) -> Result<(bool, std::time::Duration)> {
    if !ui::quiet() {
        eprintln!(
            "Running the {} on {what}: {}",
            label.shown(),
            ui::sanitize(command)
        );
    }
    let started = Instant::now();
    let passed = run()?;
    let elapsed = started.elapsed();
    let verdict = if passed { "passed" } else { "FAILED" };
    let line = format!(
        "The {} {verdict} in {:.1}s.",
        label.shown(),
        elapsed.as_secs_f64()
    );
    if ui::quiet() && passed {
        // Under --quiet only a failure is worth a line.
    } else if std::io::stderr().is_terminal() {
        eprintln!(
            "{}",
            if passed {
                console::style(line).green()
            } else {
                console::style(line).red()
            }
            .for_stderr()
        );
    } else {
        eprintln!("{line}");
    }
    Ok((passed, elapsed))
}

/// Runs a configured command through the shell, as git runs configured commands, with its
/// output streamed to stderr.
fn run_command(command: &str, dir: &Path) -> Result<bool> {
    let status = shell::command(command, dir)
        .stdout(shell::stderr_for_output()?)
        .status()
        .map_err(|err| Error::internal(format!("cannot run '{command}': {err}")))?;
    Ok(status.success())
}

/// Records a run in the hotfix: the outcome and an event for the timeline, which names the
/// commit it ran on (`commit`, short), the id users know, rather than its tree.
pub fn record(hotfix: &mut Hotfix, record: TestRecord, commit: &str, by: &str) {
    let event = if record.passed {
        EventKind::TestsPassed
    } else {
        EventKind::TestsFailed
    };
    let mut detail = format!("{}: {} on {commit}", record.suite, record.command);
    if let Some(affected) = &record.affected {
        detail.push_str(&format!(" (affected tests only: {affected})"));
    }
    if let Some(reused) = &record.reused {
        detail.push_str(&format!(" ({reused})"));
    }
    hotfix.meta.record(event, by, Some(clipped(&detail)));
    hotfix.meta.tests.push(record);
}

/// Which suites a check needs: pre-push runs the main suite, finish every configured one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Main,
    All,
}

/// Makes sure every suite of `scope` passed on `head`'s tree: reuses a recorded pass for the
/// same tree and command (or for a tree that differs only in `hotfix.testIgnore` paths, which
/// is recorded as reused), runs the others and records them in `hotfix` (the caller saves
/// it). A run of the affected tests never counts. Refuses, naming the failed suites, when one
/// fails.
pub fn require_passes(
    repo: &Repo,
    hotfix: &mut Hotfix,
    head: ObjectId,
    scope: Scope,
) -> Result<()> {
    let tree = repo.tree_of(head)?;
    let by = repo.identity().unwrap_or_else(|_| "unknown".into());
    let suites: &[&Suite] = match scope {
        Scope::Main => &ALL[..1],
        Scope::All => &ALL,
    };
    let mut failed = Vec::new();
    for suite in suites {
        let Some(command) = command_for(repo, suite, head)? else {
            if suite.name == TEST.name {
                ui::warn("hotfix.testCommand is 'none': the tests are not run");
            }
            continue;
        };
        match lookup(repo, &hotfix.meta, suite.name, &command, head)? {
            Some(Found::Exact(record)) if record.passed => {
                if !ui::quiet() {
                    eprintln!(
                        "The {} suite already passed with the files of {} ({command}); not running it again.",
                        suite.name,
                        repo.short_id(head)
                    );
                }
                continue;
            }
            Some(Found::Reused { record: pass, why }) => {
                if !ui::quiet() {
                    eprintln!("The {} suite ({command}): {why}.", suite.name);
                }
                let reused = seal(
                    repo,
                    TestRecord {
                        tree,
                        duration_ms: 0,
                        at: clock::now(),
                        reused: Some(why),
                        extra: Default::default(),
                        ..pass.clone()
                    },
                )?;
                record(hotfix, reused, &repo.short_id(head), &by);
                continue;
            }
            _ => {}
        }
        let outcome = run(repo, suite, &command, head)?;
        if !outcome.passed {
            failed.push(format!("{} ({command})", suite.name));
        }
        record(hotfix, outcome, &repo.short_id(head), &by);
    }
    if failed.is_empty() {
        return Ok(());
    }
    Err(Error::refused(format!(
        "the tests fail on {}: {}",
        repo.short_id(head),
        failed.join(", ")
    ))
    .hint("fix them and commit, then try again; 'git hotfix test' runs the suite on its own"))
}
