//! `git hotfix verify [<base>..<head>]`: the hotfix rules on any range, without hooks, for CI
//! and server-side checks (client hooks can be skipped with `--no-verify`).

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::policy;
use crate::record;
use crate::store;
use crate::testing;
use crate::ui;

/// Check the hotfix rules (headers, diff budget, code comments; tests with --tests).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The range to check (default: the current hotfix's base to HEAD).
    #[arg(value_name = "BASE..HEAD")]
    pub range: Option<String>,
    /// The hotfix whose id the headers must carry (default: the current branch's, or the one
    /// whose branch or base matches the range).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Also run the test suites on the head (a recorded pass for the same tree is reused).
    #[arg(long)]
    pub tests: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select(repo, &loaded, args.id.as_deref(), "verify --id <ID>")?;
    let (base, head) = match &args.range {
        Some(range) => parse_range(repo, range)?,
        None => {
            let base = hotfix.meta.base();
            let head = repo.head_commit()?.ok_or_else(|| {
                Error::refused("HEAD has no commits to verify").hint("commit the fix first")
            })?;
            (base, head)
        }
    };
    let mut verdict = policy::check(repo, &hotfix.meta, base, head)?;
    if args.tests {
        if let Err(err) = testing::require_passes(repo, &mut hotfix, head, testing::Scope::Main) {
            verdict.fail(policy::Rule::Tests, err);
        }
        record::save(repo, &hotfix)?;
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&verdict).expect("verdict serializes")
        );
        return verdict.into_result();
    }
    for warning in verdict.warnings() {
        ui::warn(warning);
    }
    if verdict.passed() {
        println!(
            "{}: {} commit(s), {} file(s) and {} line(s) within the budget; all rules pass.",
            ui::sanitize(&verdict.hotfix_id),
            verdict.commits,
            verdict.budget.files,
            verdict.budget.lines
        );
    }
    verdict.into_result()
}

fn parse_range(repo: &Repo, range: &str) -> Result<(ObjectId, ObjectId)> {
    let (base, head) = range.split_once("..").ok_or_else(|| {
        Error::refused(format!("'{range}' is not a range"))
            .hint("write it as <base>..<head>, e.g. origin/main..HEAD")
    })?;
    let head = if head.is_empty() { "HEAD" } else { head };
    let resolve = |spec: &str| {
        repo.resolve_commit(spec)?.ok_or_else(|| {
            Error::refused(format!(
                "'{spec}' is not a branch, tag or commit of this repository"
            ))
            .hint("check the name with 'git branch -a' or 'git tag'")
        })
    };
    Ok((resolve(base)?, resolve(head)?))
}
