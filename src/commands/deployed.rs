//! `git hotfix deployed [<ID>]`: records that the fix reached an environment, so the timeline
//! and the time to resolution are real.

use time::OffsetDateTime;

use crate::clock;
use crate::error::Result;
use crate::git::Repo;
use crate::pipeline;
use crate::record;
use crate::store::{self, EventKind, Hotfix};

/// Record that the hotfix was deployed to an environment.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// The environment it reached.
    #[arg(long, value_name = "NAME", default_value = "production")]
    pub env: String,
    /// When it was deployed (default: now); RFC 3339 or '2026-03-02 10:00' in UTC.
    #[arg(long, value_name = "TIME", value_parser = clock::parse_arg)]
    pub at: Option<OffsetDateTime>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select_released(repo, &loaded, args.id.as_deref(), "deployed <ID>")?;
    let env = pipeline::environment(&args.env)?;
    record(repo, &mut hotfix, &env, args.at.unwrap_or_else(clock::now))
}

/// Records that `hotfix` reached `env` at `at` and says so: what `deployed` does, and what
/// `deploy` does after a run whose every step passed.
pub fn record(repo: &Repo, hotfix: &mut Hotfix, env: &str, at: OffsetDateTime) -> Result<()> {
    let by = repo.identity()?;
    hotfix
        .meta
        .record_at(at, EventKind::Deployed, &by, Some(env.to_string()));
    record::save(repo, hotfix)?;
    println!(
        "Recorded {} deployed to {env} at {}.",
        crate::ui::sanitize(&hotfix.meta.hotfix_id),
        clock::when(at)
    );
    Ok(())
}
