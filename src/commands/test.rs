//! `git hotfix test [--all] [--watch]`: run the hotfix's test suites on HEAD's tree and record
//! the outcome in the notes, so pre-push and finish need not run them again for that tree.
//! `--watch` is the fast feedback loop while fixing: it reruns on every change to the working
//! tree (debounced, ignoring `.git` and ignored files), recording only when the working tree
//! is exactly HEAD's.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::error::{Error, Result};
use crate::git::Repo;
use crate::record;
use crate::store;
use crate::testing::{self, Suite};
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
    /// Run again whenever a file in the working tree changes (ignored files and .git do not
    /// count), until interrupted. Runs on the working tree as it is; records only when it
    /// matches HEAD.
    #[arg(long)]
    pub watch: bool,
    /// The hotfix to record the outcome in (default: the current branch's).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    if !args.watch {
        return run_suites(repo, &args);
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
        if let Err(err) = run_suites(repo, &args) {
            ui::report(&err);
        }
        eprintln!("Watching {} for changes (Ctrl-C to stop).", top.display());
        wait_for_change(repo, &top, &rx)?;
    }
}

/// Runs the suites once and records them in the hotfix (read afresh: a hook may have
/// recorded something meanwhile).
fn run_suites(repo: &Repo, args: &Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select(repo, &loaded, args.id.as_deref(), "test --id <ID>")?;
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

/// Blocks until a file that matters changes: not under `.git`, not ignored by git.
fn wait_for_change(
    repo: &Repo,
    top: &Path,
    rx: &mpsc::Receiver<DebounceEventResult>,
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
            eprintln!("{} changed: running again.", shown.display());
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
