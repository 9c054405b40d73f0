//! `git hotfix verify [<base>..<head>]`: the hotfix rules on any range, without hooks, for CI
//! and server-side checks (client hooks can be skipped with `--no-verify`).

//!
//! # Shallow clones
//! CI checks out one commit and no notes. When `refs/notes/hotfix` is absent it is fetched from
//! the remote (`hotfix.remote`) and merged as `git hotfix sync` does; when the range reaches
//! past what the clone holds (the base is absent, or the history stops at a shallow boundary
//! inside the range), the history is deepened (`git fetch --deepen`, then `--unshallow`) until
//! the whole range is here. A range that cannot be seen is refused (exit 1), naming the
//! missing commit and the fetch to add: it is never checked as a shorter one.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::config::REMOTE;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, command};
use crate::policy;
use crate::record;
use crate::store::{self, NOTES_REF};
use crate::sync::{self, Reach};
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
    let remote = Remote::of(repo)?;
    if repo.ref_commit(NOTES_REF)?.is_none() {
        fetch_notes(repo, &remote)?;
    }
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
    // A repository opened before a fetch keeps the shallow boundary it read then.
    let reopened = ensure_history(repo, &remote, &hotfix.meta.hotfix_id, base, head)?;
    let repo = reopened.as_ref().unwrap_or(repo);
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
        if let Some(oid) = full_id(spec)
            && repo.resolve_commit(spec)?.is_none()
        {
            // A commit this clone lacks: `ensure_history` fetches it or names the fetch.
            return Ok(oid);
        }
        repo.resolve_commit(spec)?.ok_or_else(|| {
            Error::refused(format!(
                "'{spec}' is not a branch, tag or commit of this repository"
            ))
            .hint("check the name with 'git branch -a' or 'git tag'")
        })
    };
    Ok((resolve(base)?, resolve(head)?))
}

/// A full hexadecimal commit id.
fn full_id(spec: &str) -> Option<ObjectId> {
    (spec.len() == 40 && spec.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| ObjectId::from_str(spec).ok())
        .flatten()
}

/// The remote to fetch from: its name, and whether this clone has it.
struct Remote {
    name: String,
    exists: bool,
}

impl Remote {
    fn of(repo: &Repo) -> Result<Remote> {
        let name = REMOTE.get(repo)?;
        let exists = repo.remote_exists(&name);
        Ok(Remote { name, exists })
    }

    /// The fetch that brings the notes into a clone that has none.
    fn notes_fetch(&self) -> String {
        format!("git fetch {} {NOTES_REF}:{NOTES_REF}", self.name)
    }

    /// The fetch that brings the whole history: into a shallow clone, or into a full one.
    fn history_fetch(&self, shallow: bool) -> String {
        if shallow {
            format!("git fetch --unshallow {}", self.name)
        } else {
            format!("git fetch {}", self.name)
        }
    }
}

/// Where git runs: the work tree, or the repository itself when it is bare.
fn run_dir(repo: &Repo) -> PathBuf {
    repo.work_tree()
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo.common_dir())
}

/// The boundary commits of a shallow clone (those whose parents it lacks); none when the
/// clone has the whole history.
fn shallow_commits(repo: &Repo) -> Result<HashSet<ObjectId>> {
    let listed = command::run(
        &run_dir(repo),
        &["rev-parse", "--is-shallow-repository", "--git-common-dir"],
    )?;
    let mut lines = listed.lines();
    if lines.next() != Some("true") {
        return Ok(HashSet::new());
    }
    let common = PathBuf::from(lines.next().unwrap_or(".git"));
    let common = if common.is_absolute() {
        common
    } else {
        run_dir(repo).join(common)
    };
    let text = std::fs::read_to_string(common.join("shallow")).unwrap_or_default();
    Ok(text
        .lines()
        .filter_map(|line| ObjectId::from_str(line.trim()).ok())
        .collect())
}

/// Fetches and merges the remote's hotfix notes, as `git hotfix sync` does (CI checkouts
/// fetch none); refuses, naming the fetch to add, when the remote does not answer.
fn fetch_notes(repo: &Repo, remote: &Remote) -> Result<()> {
    let reason = if remote.exists {
        match sync::fetch(repo, &remote.name, false, true)? {
            Reach::Answered => {
                sync::report_refused(&sync::merge(repo, &remote.name)?);
                return Ok(());
            }
            Reach::Unreachable(reason) => format!("'{}' did not answer: {reason}", remote.name),
        }
    } else {
        format!("this clone has no remote '{}'", remote.name)
    };
    let mut err = Error::refused(format!(
        "this clone has no hotfix notes ({NOTES_REF}) to verify against, and they could not be fetched ({reason})"
    ))
    .hint(format!(
        "add this fetch before 'git hotfix verify': {}",
        remote.notes_fetch()
    ));
    if !shallow_commits(repo)?.is_empty() {
        err = err.hint(format!(
            "this clone is shallow: add '{}' too, or check out the whole history",
            remote.history_fetch(true)
        ));
    }
    Err(err)
}

/// What this clone lacks to see a range.
enum Gap {
    /// This commit is not in the clone.
    Missing(ObjectId),
    /// The clone's history stops at this commit of the range: its parents are not here.
    Cut(ObjectId),
}

fn gap(repo: &Repo, base: ObjectId, head: ObjectId) -> Result<Option<Gap>> {
    for commit in [head, base] {
        if repo.resolve_commit(&commit.to_string())?.is_none() {
            return Ok(Some(Gap::Missing(commit)));
        }
    }
    let boundary = shallow_commits(repo)?;
    if boundary.is_empty() {
        return Ok(None);
    }
    Ok(repo
        .commits_between(base, head)?
        .into_iter()
        .find(|commit| boundary.contains(commit))
        .map(Gap::Cut))
}

/// How far each `git fetch --deepen` goes before the whole history is fetched.
const DEEPEN: [u32; 2] = [50, 1000];

/// Makes sure the whole range `base..head` is in this clone, fetching from the remote what a
/// shallow (or outdated) clone lacks; refuses, naming the missing commit and the fetch to
/// add, when it cannot. After a fetch, returns the repository opened again: libgit2 reads
/// the shallow boundary once, when it opens a repository.
fn ensure_history(
    repo: &Repo,
    remote: &Remote,
    id: &str,
    base: ObjectId,
    head: ObjectId,
) -> Result<Option<Repo>> {
    let mut fetches = 0;
    let mut reopened: Option<Repo> = None;
    loop {
        let repo = reopened.as_ref().unwrap_or(repo);
        let Some(gap) = gap(repo, base, head)? else {
            return Ok(reopened);
        };
        let shallow = !shallow_commits(repo)?.is_empty();
        let args: Option<Vec<String>> = match (shallow, DEEPEN.get(fetches)) {
            (true, Some(depth)) => Some(vec![format!("--deepen={depth}")]),
            (true, None) => Some(vec!["--unshallow".to_string()]),
            (false, _) if fetches == 0 => Some(Vec::new()),
            (false, _) => None,
        };
        let failed = match args {
            _ if !remote.exists => Some(format!("this clone has no remote '{}'", remote.name)),
            None => Some(format!("'{}' does not have it either", remote.name)),
            Some(extra) => {
                let mut args = vec!["fetch".to_string(), "--quiet".to_string()];
                args.extend(extra);
                args.push(remote.name.clone());
                let progress = ui::progress(format!("Fetching history from '{}'", remote.name));
                let ran = command::capture(&run_dir(repo), &args)?;
                progress.done(ran.success);
                (!ran.success).then(|| {
                    let said = ran.stderr.lines().map(str::trim).find(|l| !l.is_empty());
                    format!(
                        "fetching from '{}' failed: {}",
                        remote.name,
                        said.unwrap_or("no reason given")
                    )
                })
            }
        };
        let Some(failed) = failed else {
            fetches += 1;
            reopened = Some(Repo::open()?);
            continue;
        };
        let what = match gap {
            Gap::Missing(commit) if commit == base => {
                format!("its base commit {commit} is not in this clone")
            }
            Gap::Missing(commit) => format!("commit {commit} is not in this clone"),
            Gap::Cut(commit) => {
                format!("this shallow clone's history stops at {commit}, before the base {base}")
            }
        };
        return Err(Error::refused(format!(
            "cannot verify {}: {what} ({failed}), so the range {}..{} cannot be seen",
            ui::sanitize(id),
            repo.short_id(base),
            repo.short_id(head)
        ))
        .hint(format!(
            "add this fetch before 'git hotfix verify': {}",
            remote.history_fetch(shallow)
        )));
    }
}
