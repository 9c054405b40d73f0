//! `git hotfix stats`: how the team's hotfixes go, over every hotfix in the notes.

use time::OffsetDateTime;

use crate::clock;
use crate::error::Result;
use crate::git::Repo;
use crate::report::{self, dora, stats};
use crate::store::{self, Hotfix};

/// Counts, time to resolution, rollback rate and hotfixes per month; with --dora, the four
/// DORA figures.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only hotfixes started at or after this date (RFC 3339 or 2026-01-31).
    #[arg(long, value_name = "DATE", value_parser = clock::parse_arg)]
    pub since: Option<OffsetDateTime>,
    /// The DORA figures instead: deployment frequency, lead time for changes, change failure
    /// rate and time to restore service, by severity and overall.
    #[arg(long)]
    pub dora: bool,
    /// With --dora: print the figures as CSV, one row per severity and one for all.
    #[arg(long, requires = "dora", conflicts_with = "json")]
    pub csv: bool,
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
    if args.dora {
        let figures = dora::build(repo, &shown, args.since, clock::now())?;
        return match args.csv {
            true => args.output.write(&figures.csv()),
            false => args.output.emit(&figures),
        };
    }
    args.output.emit(&stats::build(&shown, args.since))
}
