//! `git hotfix finish`: verify the hotfix, set the release's version in the project's own
//! version files (one commit on the hotfix branch), merge it with `--no-ff` into the production branch
//! and back into develop (or the open release branch; one that exists only on the remote is
//! created from it, as `git switch` would), tag the release, record it in the notes, delete
//! the branch, and optionally push everything atomically or open a pull request instead.
//!
//! Every check runs before anything moves. The moves run as an operation ([`crate::operation`]): the refs they
//! touch are backed up first and the state is kept in git, so a conflict (exit 3), Ctrl-C or
//! SIGKILL at any point is completed by `--continue` or undone exactly by `--abort`. Merges,
//! checkouts, tags and pushes run the `git` executable so the user sees git's own output and
//! hooks; everything else is read in-process.

mod bump;
mod packages;
mod plan;
mod pr;
mod steps;

use crate::error::{Error, Result};
use crate::git::Repo;
use crate::operation::{self, Resume};
use crate::store::Status;
use crate::sync;

use plan::Prepared;
use steps::Data;

/// Verify a hotfix, merge it into production and develop, tag the release, push or open a PR.
///
/// Before the merge, the release's version is set where the project keeps it (Cargo.toml and
/// Cargo.lock, package.json and its lock file, pyproject.toml or the module its dynamic
/// version is read from, VERSION, version.rb; hotfix.versionFiles overrides), in one commit on
/// the hotfix branch.
///
/// The hotfix is merged back into the open release branch (hotfix.releasePrefix, newer than
/// the latest release), else into develop (hotfix.developBranch). One that exists only on the
/// remote, as develop does in a fresh clone, is created from the remote's and tracks it, as
/// 'git switch develop' would; finish says so, and --abort deletes it again. The summary says
/// why nothing was merged back: --no-develop, or no develop here or on the remote. A
/// hotfix.developBranch that is set but names a branch found nowhere is a warning.
#[derive(Debug, clap::Args)]
#[command(disable_version_flag = true)]
pub struct Args {
    /// The hotfix to finish (default: the current branch's).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// The version to release (default: the patch bump of the latest release tag).
    #[arg(long, value_name = "X.Y.Z", value_parser = crate::version::parse_arg)]
    pub version: Option<String>,
    /// Do not merge the hotfix back into develop (or the open release branch).
    #[arg(long)]
    pub no_develop: bool,
    /// Push the production branch, develop, the tag and the notes in one atomic push.
    #[arg(long)]
    pub push: bool,
    /// Push the hotfix branch and open a pull request (gh, or glab for GitLab) instead of
    /// merging locally, for a protected production branch.
    #[arg(long, conflicts_with_all = ["push", "no_develop", "keep_branch", "message", "sign", "version"])]
    pub pr: bool,
    /// Keep the hotfix branch after merging.
    #[arg(long)]
    pub keep_branch: bool,
    /// The message of the release tag (default: "Hotfix <ID>: <issue>").
    #[arg(long, short = 'm', value_name = "TEXT")]
    pub message: Option<String>,
    /// Sign the release tag with your GPG/SSH key (git tag -s).
    #[arg(long, short = 's')]
    pub sign: bool,
    /// Do not run the test suites; the skip is recorded in the notes.
    #[arg(long)]
    pub skip_tests: bool,
    /// Print every step and the git commands it would run, and change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Resume a finish that stopped (after resolving conflicts and 'git add').
    #[arg(long = "continue", conflicts_with_all = ["id", "version", "no_develop", "push", "pr", "keep_branch", "message", "sign", "skip_tests", "dry_run", "abort"])]
    pub continue_: bool,
    /// Undo a finish in progress: what it moved goes back (refs you moved meanwhile are kept), and
    /// HEAD goes back to where you started.
    #[arg(long, conflicts_with_all = ["id", "version", "no_develop", "push", "pr", "keep_branch", "message", "sign", "skip_tests", "dry_run"])]
    pub abort: bool,
    #[command(flatten)]
    pub sync: sync::AutoArgs,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let resume = Resume::from_flags(args.continue_, false, args.abort);
    super::run_operation::<Data>(repo, resume, args.sync, || start(repo, &args))
}

/// Verifies, then runs the finish as an operation (or prints its plan, or opens a pull
/// request). True when the notes are to be shared now: after --pr the pushed branch and the
/// pull request are what they describe.
fn start(repo: &Repo, args: &Args) -> Result<bool> {
    if !args.dry_run {
        repo.check_writable()?;
    }
    let hotfix = super::operation_subject(repo, args.id.as_deref(), "finish <ID>", super::select)?;
    if hotfix.meta.status != Status::Open {
        return Err(Error::refused(format!(
            "{} is {}, there is nothing to finish",
            hotfix.meta.hotfix_id, hotfix.meta.status
        ))
        .hint(format!(
            "see what happened with 'git hotfix show {}'",
            hotfix.meta.hotfix_id
        )));
    }
    let mut prepared = plan::prepare(repo, args, hotfix)?;
    if !args.dry_run {
        super::require_clean_tree(repo, super::STASH_HINT)?;
    }
    if args.pr {
        pr::open_pr(repo, args, prepared)?;
        return Ok(!args.dry_run);
    }
    plan::verify(repo, args, &mut prepared)?;
    let Prepared { data, .. } = prepared;
    let plan = plan::plan(data);
    if args.dry_run {
        operation::print_plan(
            &format!("Finishing {} would", plan.data.hotfix_id),
            &plan,
            |step| plan::describe(&plan.data, step, repo),
        );
        return Ok(false);
    }
    let changes = format!(
        "finishing {} merges '{}' into '{}' and tags {}",
        plan.data.hotfix_id,
        plan.data.branch,
        plan.data.production,
        plan.data.tag_list()
    );
    operation::confirm("finish", &changes, &prompt(&plan.data), true, args.yes)?;
    operation::begin(repo, plan)?.run(repo)
}

fn prompt(data: &Data) -> String {
    let into = match (&data.back_merge, &data.back_merge_created) {
        (Some(back), Some(created)) => format!(
            "'{}' and '{back}' (created from '{}')",
            data.production, created.from
        ),
        (Some(back), None) => format!("'{}' and '{back}'", data.production),
        (None, _) => format!("'{}'", data.production),
    };
    format!(
        "Merge '{}' into {into} and tag {}?",
        data.branch,
        data.tag_list()
    )
}
