//! `git hotfix status`: where the current hotfix stands and what to do next.

use serde::Serialize;

use crate::clock;
use crate::error::Result;
use crate::git::{DiffStat, ObjectId, Repo};
use crate::policy::checklist::{self, Progress};
use crate::store::{self, EventKind, Hotfix, Metadata, Status};
use crate::{history, packages, testing, ui};

/// Show the hotfix of the current branch: progress against its base and the next step.
///
/// A finish, rollback or backport in progress is shown first, with the commands that go on
/// with it or undo it, and its hotfix is shown wherever HEAD stopped.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show this hotfix instead of the current branch's.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Print the metadata object plus computed fields as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The metadata plus what is computed from the repository; field names are stable. Each key
/// appears once: the note's own fields beside the computed ones, and the fields this version
/// does not know (which anyone who can push could name `next_step`) under `extra`.
#[derive(Serialize)]
struct Report<'a> {
    /// The metadata without its unknown fields (`fields.extra` is empty).
    #[serde(flatten)]
    fields: Metadata,
    #[serde(skip)]
    meta: &'a Metadata,
    /// Fields of the note this version does not know, as they are.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Whether the hotfix branch still exists.
    branch_exists: bool,
    /// Commits on the branch since its base.
    commits: usize,
    changed_files: usize,
    insertions: usize,
    deletions: usize,
    age_seconds: i64,
    next_step: String,
    /// Checklist items done out of all (`git hotfix checklist`).
    checklist: Progress,
    /// In a repository of several packages, those the hotfix releases and the version and
    /// tag each gets (or got).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    package_releases: Vec<packages::Planned>,
    /// The operation in progress on this hotfix, if one is (a finish stopped on a conflict).
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<InProgress>,
}

/// An operation in progress (`finish`, `rollback`, `backport`) and the commands that go on
/// with it or undo it; status shows it first.
#[derive(Serialize)]
struct InProgress {
    kind: String,
    subject: String,
    continue_command: String,
    abort_command: String,
}

impl InProgress {
    fn of(repo: &Repo) -> Result<Option<InProgress>> {
        Ok(
            crate::operation::in_progress(repo)?.map(|(kind, subject)| InProgress {
                continue_command: format!("git hotfix {kind} --continue"),
                abort_command: format!("git hotfix {kind} --abort"),
                kind,
                subject,
            }),
        )
    }

    fn print(&self) {
        println!(
            "A {} of {} is in progress: it stopped for you to act.",
            ui::sanitize(&self.kind),
            ui::sanitize(&self.subject)
        );
        println!(
            "  go on:    {}  (after resolving what it stopped on and 'git add')",
            ui::sanitize(&self.continue_command)
        );
        println!("  undo it:  {}", ui::sanitize(&self.abort_command));
        println!();
    }
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let branch = repo.current_branch()?;
    let operation = InProgress::of(repo)?;
    // During an operation HEAD is wherever it stopped (often the production branch): its
    // subject is the hotfix to show.
    let subject = || operation.as_ref().and_then(|op| loaded.by_id(&op.subject));
    let hotfix = match &args.id {
        Some(id) => Some(loaded.by_id(id).ok_or_else(|| loaded.unknown_id(id))?),
        None => match branch.as_deref() {
            Some(b) => loaded.open_on_branch(b)?.or_else(subject),
            None => subject(),
        },
    };
    if !args.json
        && let Some(op) = &operation
    {
        op.print();
    }
    let Some(hotfix) = hotfix else {
        super::warn_bad_notes(&loaded);
        let open: Vec<&Hotfix> = loaded
            .hotfixes
            .iter()
            .rev()
            .filter(|h| h.meta.status == Status::Open)
            .collect();
        if args.json {
            let metas: Vec<_> = open.iter().map(|h| &h.meta).collect();
            let out = serde_json::json!({ "hotfix": null, "open": metas, "operation": operation });
            println!(
                "{}",
                serde_json::to_string_pretty(&out).expect("serializes")
            );
            return Ok(());
        }
        // A bare repository (the shared remote) has no branch checked out to work on, and
        // `start` is refused there: what works is reading the hotfixes.
        let bare = repo.work_tree().is_err();
        match &branch {
            _ if bare => println!("Not on a hotfix branch (the repository is bare)."),
            Some(branch) => println!("Not on a hotfix branch (on '{branch}')."),
            None => println!("Not on a hotfix branch (HEAD is detached)."),
        }
        if open.is_empty() && bare {
            println!(
                "No open hotfixes. 'git hotfix list --all' lists them all; start one in a clone \
                 with a work tree ('git clone <this repository>')."
            );
        } else if open.is_empty() {
            println!("No open hotfixes. Start one with 'git hotfix start <name>'.");
        } else {
            println!("Open hotfixes:");
            super::list::print_lines(&open);
        }
        return Ok(());
    };
    let mut report = report(repo, hotfix)?;
    report.operation =
        operation.filter(|op| op.subject.eq_ignore_ascii_case(&hotfix.meta.hotfix_id));
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("serializes")
        );
    } else {
        print_report(repo, &report);
    }
    Ok(())
}

fn report<'a>(repo: &Repo, hotfix: &'a Hotfix) -> Result<Report<'a>> {
    let meta = &hotfix.meta;
    let base = meta.base();
    let tip = repo.branch_tip(&meta.branch)?;
    let (commits, stat) = match tip {
        Some(tip) => (
            repo.commits_between(base, tip)?.len(),
            repo.diff_stat(base, tip)?,
        ),
        None => (0, DiffStat::default()),
    };
    let mut fields = meta.clone();
    fields.extra.clear();
    Ok(Report {
        fields,
        meta,
        extra: &meta.extra,
        branch_exists: tip.is_some(),
        commits,
        changed_files: stat.files,
        insertions: stat.insertions,
        deletions: stat.deletions,
        age_seconds: (clock::now() - meta.created).whole_seconds(),
        next_step: match crate::operation::in_progress(repo)? {
            Some((kind, subject)) if subject.eq_ignore_ascii_case(&meta.hotfix_id) => format!(
                "a '{kind}' is in progress: resolve what it stopped on, then 'git hotfix {kind} --continue', or undo it with 'git hotfix {kind} --abort'"
            ),
            _ => next_step(meta, tip.is_some(), commits, tested(repo, meta, tip)),
        },
        checklist: checklist::build(repo, meta)?.progress,
        package_releases: packages::planned(repo, meta, history::head(repo, meta)?, None)?,
        operation: None,
    })
}

/// True when this clone recorded a pass of the test suite that holds for the branch tip's tree.
fn tested(repo: &Repo, meta: &Metadata, tip: Option<ObjectId>) -> bool {
    let Some(tip) = tip else { return false };
    let Ok(Some(command)) = testing::command_for(repo, &testing::TEST, tip) else {
        return false;
    };
    testing::lookup(repo, meta, testing::TEST.name, &command, tip)
        .ok()
        .flatten()
        .is_some_and(|found| found.passed())
}

fn next_step(meta: &Metadata, branch_exists: bool, commits: usize, tested: bool) -> String {
    match meta.status {
        Status::Open if !branch_exists => format!(
            "the branch '{}' is gone: recreate it, or cancel the hotfix",
            meta.branch
        ),
        Status::Open if commits == 0 => format!(
            "make the fix and commit it with 'git commit -m \"{}: <what changed>\"'",
            meta.hotfix_id
        ),
        Status::Open if !tested => format!(
            "run the tests with 'git hotfix test', then 'git hotfix finish {}'",
            meta.hotfix_id
        ),
        Status::Open => format!(
            "the tests pass on the tip: finish it with 'git hotfix finish {}'",
            meta.hotfix_id
        ),
        Status::Finished => after_release(meta),
        Status::Cancelled => "nothing: the hotfix was cancelled".to_string(),
        Status::RolledBack => "write the post-mortem: the hotfix was rolled back".to_string(),
    }
}

/// The next step of the last mile, from what `deploy`, `monitor` and `resolved` recorded.
fn after_release(meta: &Metadata) -> String {
    let id = &meta.hotfix_id;
    let last_watch = meta.events.iter().rev().find(|e| {
        matches!(
            e.event,
            EventKind::MonitorClean | EventKind::MonitorTriggered
        ) && e.detail.as_deref() == Some("production")
    });
    let resolved = meta.events.iter().any(|e| e.event == EventKind::Resolved);
    if !crate::pipeline::deployed_to(meta, "production") {
        format!(
            "deploy it with 'git hotfix deploy {id}' (or record a deploy done elsewhere with 'git hotfix deployed {id}')"
        )
    } else if last_watch.is_some_and(|e| e.event == EventKind::MonitorTriggered) {
        format!(
            "monitoring fired the rollback trigger: roll back with 'git hotfix rollback --execute {id}'"
        )
    } else if last_watch.is_none() && !resolved {
        format!("watch the monitoring window with 'git hotfix monitor {id}'")
    } else if !resolved {
        format!("record the end of the incident with 'git hotfix resolved {id}'")
    } else {
        "nothing: the hotfix is released and resolved".to_string()
    }
}

fn print_report(repo: &Repo, report: &Report) {
    let meta = report.meta;
    let bold = ui::bold();
    println!(
        "{} {} {}  {}",
        bold.apply_to(ui::sanitize(&meta.hotfix_id)),
        super::severity_style(meta.severity).apply_to(meta.severity),
        super::status_style(meta.status).apply_to(meta.status),
        ui::sanitize(&meta.issue)
    );
    let base = repo.short_id(meta.base_commit);
    println!("  branch:   {}", ui::sanitize(&meta.branch));
    println!("  base:     {} ({base})", ui::sanitize(&meta.base_ref));
    println!(
        "  age:      {}",
        clock::human_duration(time::Duration::seconds(report.age_seconds))
    );
    println!(
        "  changes:  {} commit(s), {} file(s), +{} -{}",
        report.commits, report.changed_files, report.insertions, report.deletions
    );
    println!("  checklist: {}", report.checklist);
    if !report.package_releases.is_empty() {
        let described: Vec<String> = report
            .package_releases
            .iter()
            .map(packages::describe)
            .collect();
        println!("  packages: {}", ui::sanitize(&described.join(", ")));
    }
    println!();
    println!("Next: {}", ui::sanitize(&report.next_step));
}
