//! `git hotfix rollback [<ID>]`: the rollback plan of a hotfix, with the exact commands for it.
//! Generating it is recorded, so the checklist knows the rollback procedure is prepared.

use crate::error::Result;
use crate::git::Repo;
use crate::report::{self, rollback};
use crate::store;

/// Print the rollback plan: triggers, the exact revert steps, validation, communication.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    #[command(flatten)]
    pub output: report::Output,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select(repo, &loaded, args.id.as_deref())?;
    let plan = rollback::build(repo, &hotfix.meta)?;
    args.output.emit(&plan)?;
    let by = repo.identity()?;
    let detail = plan
        .previous_tag
        .as_ref()
        .map(|tag| format!("previous release {tag}"));
    hotfix.meta.record("rollback-plan", &by, detail);
    store::save(repo, &hotfix)
}
