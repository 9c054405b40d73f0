//! `git hotfix resolved [<ID>]`: records when the incident was declared over, the end of the
//! post-mortem's total duration.

use time::OffsetDateTime;

use crate::clock;
use crate::error::Result;
use crate::git::Repo;
use crate::record;
use crate::store;
use crate::store::EventKind;

/// Record that the incident the hotfix addresses is resolved.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// When it was resolved (default: now); RFC 3339 or '2026-03-02 10:00' in UTC.
    #[arg(long, value_name = "TIME", value_parser = clock::parse_arg)]
    pub at: Option<OffsetDateTime>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select_released(repo, &loaded, args.id.as_deref(), "resolved <ID>")?;
    let at = args.at.unwrap_or_else(clock::now);
    let by = repo.identity()?;
    hotfix.meta.record_at(at, EventKind::Resolved, &by, None);
    record::save(repo, &hotfix)?;
    let took = clock::human_duration(at - hotfix.meta.created);
    println!(
        "Recorded {} resolved at {} ({took} after it started).",
        crate::ui::sanitize(&hotfix.meta.hotfix_id),
        clock::when(at)
    );
    Ok(())
}
