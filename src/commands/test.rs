//! `git hotfix test [--all] [--affected] [--watch [--full]]`: run the hotfix's test suites on
//! HEAD's tree and record the outcome in the notes, so pre-push and finish need not run them
//! again for that tree. `--affected` runs only the tests the change can affect, recorded as an
//! affected run, which pre-push and finish never take for the suite. `--watch` is the fast
//! feedback loop while fixing: on every change to the working tree (debounced, ignoring `.git`
//! and ignored files) it runs the affected tests, and the full suite once they pass and the
//! working tree is committed (`--full`: the full suite every time); it records only when the
//! working tree is exactly HEAD's.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::record;
use crate::store::{self, Hotfix};
use crate::testing::{self, Choice, Suite};
use crate::ui;

/// Changes closer together than this make one rerun.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Run the hotfix's test suite on HEAD's tree and record the outcome.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run every configured suite (hotfix.testCommand, hotfix.securityCommand,
    /// hotfix.performanceCommand), each recorded by name.
    #[arg(long)]
    pub all: bool,
    /// Run only the tests that the hotfix's changes since its base can affect, chosen from the
    /// project's tooling (cargo -p, jest/vitest related, pytest imports, go packages) or by
    /// hotfix.affectedTestCommand. Recorded as an affected run: pre-push and finish still run
    /// the full suite.
    #[arg(long, conflicts_with = "all")]
    pub affected: bool,
    /// Run again whenever a file in the working tree changes (ignored files and .git do not
    /// count), until interrupted: the affected tests, uncommitted changes included, then the
    /// full suite once they pass and the working tree is committed. Runs on the working tree
    /// as it is; records only when it matches HEAD.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: run the full suite on every change instead of the affected tests.
    #[arg(long, requires = "watch", conflicts_with = "affected")]
    pub full: bool,
    /// The hotfix to record the outcome in (default: the current branch's).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    if !args.watch {
        return if args.affected {
            run_affected(repo, &args)
        } else {
            run_suites(repo, &args)
        };
    }
    let top = repo.work_tree()?.to_path_buf();
    // Refuse up front what would refuse on every rerun (no hotfix, no test command).
    super::select(
        repo,
        &store::load(repo)?,
        args.id.as_deref(),
        "test --id <ID>",
    )?;
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx)
        .map_err(|err| Error::internal(format!("cannot watch the working tree: {err}")))?;
    debouncer
        .watch(&top, RecursiveMode::Recursive)
        .map_err(|err| {
            Error::internal(format!("cannot watch {}: {err}", top.display()))
                .hint("on Linux, raise fs.inotify.max_user_watches if the tree is large")
        })?;
    loop {
        let round = if args.full {
            run_suites(repo, &args)
        } else {
            watch_round(repo, &args)
        };
        if let Err(err) = round {
            ui::report(&err);
        }
        eprintln!("Watching {} for changes (Ctrl-C to stop).", top.display());
        wait_for_change(repo, &top, &rx, repo.head_commit()?)?;
    }
}

/// The open hotfix to test, read afresh (a hook may have recorded something meanwhile), and
/// HEAD, refusing when HEAD is not on its branch.
fn open_hotfix(repo: &Repo, args: &Args) -> Result<(Hotfix, ObjectId)> {
    let loaded = store::load(repo)?;
    let hotfix = super::select(repo, &loaded, args.id.as_deref(), "test --id <ID>")?;
    // What runs is HEAD's tree: it is recorded only for the open hotfix checked out there.
    let meta = &hotfix.meta;
    if meta.status != store::Status::Open {
        return Err(Error::refused(format!(
            "{} is {}: there is nothing left to test",
            meta.hotfix_id, meta.status
        ))
        .hint("test an open hotfix: see 'git hotfix list'"));
    }
    if repo.current_branch()?.as_deref() != Some(meta.branch.as_str()) {
        return Err(Error::refused(format!(
            "HEAD is not on {}'s branch '{}', so its tests would run on another tree",
            meta.hotfix_id,
            ui::sanitize(&meta.branch)
        ))
        .hint(format!(
            "switch to it first: git switch {}",
            ui::sanitize(&meta.branch)
        )));
    }
    let head = repo.head_commit()?.ok_or_else(|| {
        Error::refused("HEAD has no commits to test").hint("commit the fix first")
    })?;
    Ok((hotfix, head))
}

/// Runs the suites once and records them in the hotfix.
fn run_suites(repo: &Repo, args: &Args) -> Result<()> {
    let (mut hotfix, head) = open_hotfix(repo, args)?;
    let suites: &[&Suite] = if args.all {
        &testing::ALL
    } else {
        &testing::ALL[..1]
    };
    let on_head = !args.watch || !repo.work_tree_differs()?;
    let by = repo.identity().unwrap_or_else(|_| "unknown".into());
    let mut failed = Vec::new();
    for suite in suites {
        let Some(command) = testing::command_for(repo, suite, head)? else {
            if suite.name == testing::TEST.name {
                ui::warn(format!(
                    "{} is 'none': the test suite is not run",
                    suite.setting.key
                ));
            } else {
                eprintln!(
                    "The {} suite is not configured ({}); skipped.",
                    suite.name, suite.setting.key
                );
            }
            continue;
        };
        if !on_head {
            if !testing::run_in_work_tree(repo, suite, &command)? {
                failed.push(suite.name);
            }
            continue;
        }
        let record = testing::run(repo, suite, &command, head)?;
        if !record.passed {
            failed.push(suite.name);
        }
        testing::record(&mut hotfix, record, &repo.short_id(head), &by);
    }
    if on_head {
        record::save(repo, &hotfix)?;
    } else {
        eprintln!("(The working tree differs from HEAD: this run is not recorded.)");
    }
    if failed.is_empty() {
        return Ok(());
    }
    let place = if on_head {
        repo.short_id(head)
    } else {
        "the working tree".to_string()
    };
    let names: Vec<String> = failed.iter().map(|n| format!("the {n} suite")).collect();
    Err(
        Error::refused(format!("{} failed on {place}", names.join(" and ")))
            .hint("fix them and run 'git hotfix test' again"),
    )
}

/// `test --affected`: the affected tests on HEAD's tree, recorded as an affected run; the full
/// suite when they cannot be told apart.
fn run_affected(repo: &Repo, args: &Args) -> Result<()> {
    let (mut hotfix, head) = open_hotfix(repo, args)?;
    let Some((choice, _)) = announce_choice(repo, &hotfix, head, false)? else {
        return Ok(());
    };
    match choice {
        Choice::Full(_) => run_suites(repo, args),
        Choice::Nothing(_) => Ok(()),
        Choice::Affected { command, why } => {
            if !affected_on_head(repo, &mut hotfix, head, &command, &why)? {
                return Err(Error::refused(format!(
                    "the affected tests failed on {}",
                    repo.short_id(head)
                ))
                .hint("fix them and run 'git hotfix test --affected' again"));
            }
            if !ui::quiet() {
                eprintln!(
                    "Recorded as an affected run: pre-push and finish still run the full suite ('git hotfix test')."
                );
            }
            Ok(())
        }
    }
}

/// One round of `--watch`: the affected tests on the working tree as it is, then, once they
/// pass and the working tree is HEAD's, the full suite (not run again when it already passed
/// on that tree).
fn watch_round(repo: &Repo, args: &Args) -> Result<()> {
    let (mut hotfix, head) = open_hotfix(repo, args)?;
    let dirty = repo.work_tree_differs()?;
    let Some((choice, full)) = announce_choice(repo, &hotfix, head, dirty)? else {
        return Ok(());
    };
    let passed = match choice {
        Choice::Full(_) if !dirty => return run_suites(repo, args),
        Choice::Full(_) => testing::run_in_work_tree(repo, &testing::TEST, &full)?,
        Choice::Nothing(_) => true,
        Choice::Affected { command, .. } if dirty => {
            testing::run_affected_in_work_tree(repo, &command)?
        }
        Choice::Affected { command, why } => {
            affected_on_head(repo, &mut hotfix, head, &command, &why)?
        }
    };
    if !passed {
        return Err(Error::refused("the affected tests failed")
            .hint("fix them: they run again on the next change"));
    }
    if dirty {
        eprintln!("(Uncommitted changes: the full suite runs once they are committed.)");
        return Ok(());
    }
    let scope = if args.all {
        testing::Scope::All
    } else {
        testing::Scope::Main
    };
    let records = hotfix.meta.tests.len();
    let outcome = testing::require_passes(repo, &mut hotfix, head, scope);
    if hotfix.meta.tests.len() != records {
        record::save(repo, &hotfix)?;
    }
    outcome
}

/// Chooses the affected tests of the hotfix's changes (with `uncommitted`, the working tree's
/// too) and says what was chosen and why; also returns the suite's command. `None`, with a
/// warning, when the suite is opted out.
fn announce_choice(
    repo: &Repo,
    hotfix: &Hotfix,
    head: ObjectId,
    uncommitted: bool,
) -> Result<Option<(Choice, String)>> {
    let Some(full) = testing::command_for(repo, &testing::TEST, head)? else {
        ui::warn("hotfix.testCommand is 'none': the tests are not run");
        return Ok(None);
    };
    let changed = changed_since_base(repo, hotfix, head, uncommitted)?;
    let top = repo.work_tree()?.to_path_buf();
    // Where the tests run: the working tree as it is, else HEAD's tree.
    let exists = |path: &str| {
        if uncommitted {
            top.join(path).exists()
        } else {
            repo.file_at(head, path).ok().flatten().is_some()
        }
    };
    let choice = testing::choose(
        repo,
        (hotfix.meta.base(), head),
        &changed,
        uncommitted.then_some(top.as_path()),
        &full,
        &exists,
    )?;
    match &choice {
        Choice::Full(why) => eprintln!("Running the full suite: {why}."),
        Choice::Nothing(why) => eprintln!("No test is affected: {why}."),
        Choice::Affected { why, .. } => eprintln!("Affected tests: {why}."),
    }
    Ok(Some((choice, full)))
}

/// Runs the affected tests on HEAD's tree and records the run in the hotfix; true when they
/// pass.
fn affected_on_head(
    repo: &Repo,
    hotfix: &mut Hotfix,
    head: ObjectId,
    command: &str,
    why: &str,
) -> Result<bool> {
    let by = repo.identity().unwrap_or_else(|_| "unknown".into());
    let outcome = testing::run_affected(repo, command, head, why)?;
    let passed = outcome.passed;
    testing::record(hotfix, outcome, &repo.short_id(head), &by);
    record::save(repo, hotfix)?;
    Ok(passed)
}

/// The paths the hotfix changed since its base: committed up to `head`, and with
/// `uncommitted`, what the working tree changes on top.
fn changed_since_base(
    repo: &Repo,
    hotfix: &Hotfix,
    head: ObjectId,
    uncommitted: bool,
) -> Result<Vec<String>> {
    let mut changed = repo.tree_changes(repo.tree_of(hotfix.meta.base())?, repo.tree_of(head)?)?;
    if uncommitted {
        changed.extend(repo.work_tree_changes()?);
        changed.sort();
        changed.dedup();
    }
    Ok(changed)
}

/// Blocks until a file that matters changes (not under `.git`, not ignored by git) or HEAD
/// moves from `head` (a commit: the full suite may be due).
fn wait_for_change(
    repo: &Repo,
    top: &Path,
    rx: &mpsc::Receiver<DebounceEventResult>,
    head: Option<ObjectId>,
) -> Result<()> {
    loop {
        let events = match rx.recv() {
            Ok(Ok(events)) => events,
            Ok(Err(errors)) => {
                for err in errors {
                    ui::warn(format!("watching the working tree: {err}"));
                }
                continue;
            }
            Err(_) => return Err(Error::internal("the file watcher stopped")),
        };
        // Reads (git and the suite open files too) are not changes.
        let changed = events
            .iter()
            .filter(|event| !matches!(event.kind, EventKind::Access(_)))
            .flat_map(|event| event.paths.iter())
            .find(|path| matters(repo, top, path));
        if let Some(path) = changed {
            let shown = path.strip_prefix(top).unwrap_or(path);
            // The name may come from someone else's commit.
            let shown = ui::sanitize(&shown.to_string_lossy()).into_owned();
            eprintln!("{shown} changed: running again.");
            return Ok(());
        }
        let now = repo.head_commit()?;
        if now != head {
            let shown = now.map_or_else(|| "nothing".to_string(), |id| repo.short_id(id));
            eprintln!("HEAD moved to {shown}: running again.");
            return Ok(());
        }
    }
}

fn matters(repo: &Repo, top: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(top) else {
        return false;
    };
    !relative.as_os_str().is_empty()
        && !relative.components().any(|c| c.as_os_str() == ".git")
        && !repo.is_ignored(relative)
}
