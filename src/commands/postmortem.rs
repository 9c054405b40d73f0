//! `git hotfix postmortem [<ID>]`: the post-mortem, generated from the notes and the commits.

use time::OffsetDateTime;

use crate::clock;
use crate::error::Result;
use crate::git::Repo;
use crate::report::{self, postmortem};
use crate::store;

/// Print the post-mortem: timeline, duration, root cause, fix, what changed, lessons.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// When the issue was detected (default: when the hotfix started); RFC 3339 or
    /// '2026-03-02 10:00' in UTC.
    #[arg(long, value_name = "TIME", value_parser = clock::parse_arg)]
    pub detected_at: Option<OffsetDateTime>,
    #[command(flatten)]
    pub output: report::Output,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let hotfix = super::select_released(repo, &loaded, args.id.as_deref(), "postmortem <ID>")?;
    args.output.emit(&postmortem::build(
        repo,
        &args.output.shown(&hotfix.meta),
        args.detected_at,
    )?)
}
