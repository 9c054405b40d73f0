//! `git hotfix stats`: how the team's hotfixes go, over every hotfix in the notes.

use time::OffsetDateTime;

use crate::clock;
use crate::error::Result;
use crate::git::Repo;
use crate::report::{self, stats};
use crate::store::{self, Hotfix};

/// Counts, time to resolution, rollback rate and hotfixes per month.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only hotfixes started at or after this date (RFC 3339 or 2026-01-31).
    #[arg(long, value_name = "DATE", value_parser = clock::parse_arg)]
    pub since: Option<OffsetDateTime>,
    #[command(flatten)]
    pub output: report::Output,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    super::warn_bad_notes(&loaded);
    let shown: Vec<Hotfix> = loaded
        .hotfixes
        .iter()
        .map(|h| Hotfix {
            anchor: h.anchor,
            meta: args.output.shown(&h.meta),
        })
        .collect();
    args.output.emit(&stats::build(&shown, args.since))
}
