//! `git hotfix stats`: how the team's hotfixes go, over every hotfix in the notes.

use time::OffsetDateTime;

use crate::clock;
use crate::error::Result;
use crate::git::Repo;
use crate::report::{self, dora, stats};
use crate::store::{self, Hotfix};

/// Counts, time to resolution, rollback rate and hotfixes per month; with --dora, the four
/// DORA figures.
///
/// --dora counts production deployments: a hotfix's first 'deployed' event for production
/// (recorded by deploy or deployed). Deployment frequency: those deployments per week, from
/// --since (else the first of them) to now, at least one week. Lead time for changes: the
/// hotfix's first commit (author date) to its production deployment, median and 90th
/// percentile. Change failure rate: deployed hotfixes later rolled back or whose monitoring
/// fired the trigger, over deployed hotfixes. Time to restore service: detection (the start)
/// to 'resolved', median and 90th percentile. Each figure is given overall and by severity,
/// with how many hotfixes it rests on, and per month as a sparkline.
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
        return if args.csv {
            args.output.write(&figures.csv())
        } else {
            args.output.emit(&figures)
        };
    }
    args.output.emit(&stats::build(&shown, args.since))
}
