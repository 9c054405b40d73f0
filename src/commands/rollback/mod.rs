//! `git hotfix rollback [<ID>]`: the rollback plan of a hotfix, with the exact commands for it.
//! Generating it is recorded, so the checklist knows the rollback procedure is prepared.
//!
//! `--execute` carries the git part of the plan out: it reverts the hotfix's merge on the
//! production branch (and, with `--develop`, its merge back into develop or the release
//! branch) as new revert commits naming the hotfix — never a reset or a force push, so it works
//! after the hotfix was pushed and after later commits landed — optionally tags the rollback
//! release and pushes, and marks the hotfix `rolled-back` with the reason. It runs as an
//! [`Operation`], like `finish`: a revert conflict (exit 3), Ctrl-C or SIGKILL at any point is
//! completed by `--continue` or undone exactly by `--abort`.

use serde::{Deserialize, Serialize};

use crate::config::{self, REMOTE};
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, oid_json};
use crate::operation::{self, Plan, Resume};
use crate::policy::provenance;
use crate::record;
use crate::report::{self, rollback};
use crate::store::{self, EventKind, Hotfix, Metadata, NOTES_REF, PackageRelease, Status};
use crate::{packages, sync, ui, version};

use super::version_commit;

mod dry_run;
mod steps;

use steps::Step;

/// Print the rollback plan (triggers, the exact revert steps, validation, communication), or
/// carry it out with --execute.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    #[command(flatten)]
    pub output: report::Output,
    /// Roll the hotfix back: revert its merge on the production branch as a new commit (never
    /// a reset or a force push) and mark it rolled-back.
    #[arg(long, conflicts_with_all = ["output", "json"])]
    pub execute: bool,
    /// With --execute: also revert its merge into develop (or the release branch).
    #[arg(long, requires = "execute")]
    pub develop: bool,
    /// With --execute: tag the rollback release with the next patch version (each released
    /// package's, in a repository that releases its packages one by one).
    #[arg(long, requires = "execute")]
    pub tag: bool,
    /// With --execute: push the reverted branches and the tag in one atomic push.
    #[arg(long, requires = "execute")]
    pub push: bool,
    /// Why the hotfix is rolled back (asked for on a terminal when missing); recorded in the
    /// notes and shown in the post-mortem.
    #[arg(long, value_name = "TEXT", requires = "execute")]
    pub reason: Option<String>,
    /// With --execute: print each step and the git commands it would run, and change
    /// nothing.
    #[arg(long, requires = "execute")]
    pub dry_run: bool,
    /// With --execute: do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y', requires = "execute")]
    pub yes: bool,
    /// Resume a rollback that stopped (after resolving conflicts and 'git add').
    #[arg(long = "continue", conflicts_with_all = ["id", "output", "json", "execute", "develop", "tag", "push", "reason", "dry_run", "abort"])]
    pub continue_: bool,
    /// Undo a rollback in progress: what it moved goes back (refs you moved meanwhile are kept),
    /// and HEAD goes back to where you started.
    #[arg(long, conflicts_with_all = ["id", "output", "json", "execute", "develop", "tag", "push", "reason", "dry_run"])]
    pub abort: bool,
    #[command(flatten)]
    pub sync: sync::AutoArgs,
}

/// One merge to revert.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Revert {
    branch: String,
    #[serde(with = "oid_json")]
    merge: ObjectId,
    /// The revert commit, once made; `None` after the step when the merge's changes were
    /// already gone from the branch (nothing to revert).
    #[serde(with = "oid_json::option")]
    revert: Option<ObjectId>,
}

/// The tag of the rollback release, and the commit that sets its version first.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Tag {
    /// The tag of a repository that releases as one (the first package's, when `packages`
    /// has several).
    name: String,
    message: String,
    /// The version the tag releases.
    #[serde(default)]
    version: String,
    /// In a repository that releases its packages one by one, each package the hotfix
    /// released, with its next patch and its tag, all on the same commit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    packages: Vec<PackageRelease>,
    /// The files whose version is set to the release's before it is tagged (none: no such
    /// step).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    version_files: Vec<String>,
    /// The commit that set it, once made.
    #[serde(default, with = "oid_json::option")]
    version_commit: Option<ObjectId>,
    /// The other packages' tags, as a rollback begun by an older version kept them (this one
    /// keeps them in `packages`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    others: Vec<String>,
}

impl Tag {
    /// Every tag the rollback release makes: one, or each package's.
    fn names(&self) -> impl Iterator<Item = &str> {
        let single = Some(self.name.as_str()).filter(|_| self.packages.is_empty());
        single
            .into_iter()
            .chain(self.packages.iter().map(|r| r.tag.as_str()))
            .chain(self.others.iter().map(String::as_str))
    }
}

/// What a rollback in progress needs to complete, kept in the operation state.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Data {
    hotfix_id: String,
    reason: String,
    remote: String,
    push: bool,
    production: Revert,
    develop: Option<Revert>,
    tag: Option<Tag>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let shares = if let Some(how) = Resume::from_flags(args.continue_, false, args.abort) {
        operation::resume::<Data>(repo, how)?
    } else if args.execute {
        start(repo, &args)?
    } else {
        return plan(repo, args);
    };
    if shares {
        sync::auto(repo, args.sync);
    }
    Ok(())
}

fn plan(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select_released(repo, &loaded, args.id.as_deref(), "rollback <ID>")?;
    let plan = rollback::build(repo, &args.output.shown(&hotfix.meta))?;
    args.output.emit(&plan)?;
    let by = repo.identity()?;
    let detail = plan
        .previous_tag
        .as_ref()
        .map(|tag| format!("previous release {tag}"));
    hotfix.meta.record(EventKind::RollbackPlan, &by, detail);
    record::save(repo, &hotfix)
}

fn start(repo: &Repo, args: &Args) -> Result<bool> {
    let hotfix = super::operation_subject(
        repo,
        args.id.as_deref(),
        "rollback <ID> --execute",
        super::select_released,
    )?;
    let data = prepare(repo, args, &hotfix)?;
    if args.dry_run {
        let reason = args
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .unwrap_or("<reason>")
            .to_string();
        dry_run::print(repo, &operation_plan(Data { reason, ..data }));
        return Ok(false);
    }
    super::require_clean_tree(repo, super::STASH_HINT)?;
    let reason = reason(args.reason.as_deref())?;
    let data = Data { reason, ..data };
    confirm(repo, &data, args.yes)?;
    operation::begin(repo, operation_plan(data))?.run(repo)
}

/// The refs the rollback backs up and the steps it runs, for the operation and the dry run.
fn operation_plan(data: Data) -> Plan<Data> {
    let mut refs = vec![
        format!("refs/heads/{}", data.production.branch),
        NOTES_REF.to_string(),
    ];
    let mut steps = vec![Step::RevertedProduction];
    if let Some(develop) = &data.develop {
        refs.push(format!("refs/heads/{}", develop.branch));
        steps.push(Step::RevertedDevelop);
    }
    if let Some(tag) = &data.tag {
        refs.extend(tag.names().map(|name| format!("refs/tags/{name}")));
        if !tag.version_files.is_empty() {
            steps.push(Step::SetVersion);
        }
        steps.push(Step::Tagged);
    }
    steps.extend([Step::Recorded, Step::Returned]);
    Plan { refs, steps, data }
}

/// Works out what to revert and tag, refusing anything that cannot be rolled back.
fn prepare(repo: &Repo, args: &Args, hotfix: &Hotfix) -> Result<Data> {
    let meta = &hotfix.meta;
    let id = meta.hotfix_id.clone();
    match meta.status {
        Status::Finished => {}
        Status::Open => {
            return Err(Error::refused(format!(
                "{id} is not finished: nothing of it was merged, so there is nothing to roll back"
            ))
            .hint(format!(
                "abandon it with 'git hotfix cancel {id}'; if it was merged through a pull request, follow 'git hotfix rollback {id}'"
            )));
        }
        other => {
            return Err(
                Error::refused(format!("{id} is {other}, there is nothing to roll back"))
                    .hint(format!("see what happened with 'git hotfix show {id}'")),
            );
        }
    }
    let remote = REMOTE.get(repo)?;
    let production = config::production_branch(repo, &remote)?;
    let production_merge = meta
        .merges
        .iter()
        .find(|m| m.branch == production)
        .ok_or_else(|| {
            Error::refused(format!(
                "{id} records no merge into the production branch '{production}'"
            ))
            .hint(format!(
                "revert it by hand, following 'git hotfix rollback {id}'"
            ))
        })?;
    let production = checked(repo, meta, &production, production_merge.commit)?;
    provenance::check_tag(repo, meta, production.merge)?;
    let develop = if args.develop {
        let merge = meta
            .merges
            .iter()
            .find(|m| m.branch != production.branch)
            .ok_or_else(|| {
                Error::refused(format!(
                    "--develop: {id} was not merged into develop or a release branch"
                ))
                .hint("roll back the production branch alone, without --develop")
            })?;
        Some(checked(repo, meta, &merge.branch, merge.commit)?)
    } else {
        None
    };
    if args.push && !repo.remote_exists(&remote) {
        return Err(Error::refused(format!(
            "--push needs the remote '{remote}', which does not exist"
        ))
        .hint("add it with 'git remote add', set hotfix.remote, or roll back without --push"));
    }
    let tag = if args.tag {
        Some(rollback_tag(repo, meta, &production)?)
    } else {
        None
    };
    Ok(Data {
        hotfix_id: id,
        reason: String::new(),
        remote,
        push: args.push,
        production,
        develop,
        tag,
    })
}

/// The rollback release, on `production` after the revert: the next patch of the
/// repository's release, or of each package the hotfix released; refuses a tag that exists.
/// Its version files are those `finish` sets: each package's own, else those of the packages
/// at the root and of those the hotfix's merge touched.
fn rollback_tag(repo: &Repo, meta: &Metadata, production: &Revert) -> Result<Tag> {
    let id = &meta.hotfix_id;
    let tip = repo
        .branch_tip(&production.branch)?
        .ok_or_else(|| Error::internal("the production branch vanished"))?;
    let (name, version, packages) = next_release(repo, meta, tip)?.ok_or_else(|| {
        Error::refused(format!(
            "--tag: no release tag is reachable from '{}', so the next version cannot be derived",
            production.branch
        ))
        .hint("roll back without --tag, and tag the release by hand")
    })?;
    let mut tag = Tag {
        name,
        message: String::new(),
        version,
        packages,
        version_files: Vec::new(),
        version_commit: None,
        others: Vec::new(),
    };
    for name in tag.names() {
        if repo.ref_target(&format!("refs/tags/{name}"))?.is_some() {
            let name = ui::sanitize(name);
            return Err(
                Error::refused(format!("the tag '{name}' already exists")).hint(format!(
                    "see what it holds with 'git show {name}', or roll back without --tag"
                )),
            );
        }
    }
    let released: Vec<&str> = match meta.releases.as_slice() {
        [] => meta.tag.as_deref().into_iter().collect(),
        releases => releases.iter().map(|r| r.tag.as_str()).collect(),
    };
    let released = match released.as_slice() {
        [] => String::new(),
        tags => format!(" (released as {})", tags.join(", ")),
    };
    tag.message = format!("Roll back {id}{released}: {}", meta.issue);
    let merged_onto = repo
        .parent(production.merge, 0)?
        .unwrap_or(production.merge);
    let changed = version_commit::changed(repo, merged_onto, production.merge)?;
    let (bump, _) = release(id, &tag).edits(repo, tip, &changed, None)?;
    tag.version_files = bump.edits.into_iter().map(|edit| edit.path).collect();
    Ok(tag)
}

/// The release whose version the rollback's version step sets.
fn release<'a>(hotfix_id: &'a str, tag: &'a Tag) -> version_commit::Release<'a> {
    version_commit::Release {
        hotfix_id,
        version: &tag.version,
        packages: &tag.packages,
    }
}

/// A recorded merge that can be reverted on `branch`: the hotfix's merge (as history, not
/// the note, says), which the branch contains.
fn checked(repo: &Repo, meta: &Metadata, branch: &str, commit: ObjectId) -> Result<Revert> {
    let id = &meta.hotfix_id;
    provenance::check_merge(repo, meta, branch, commit)?;
    let tip = repo.branch_tip(branch)?.ok_or_else(|| {
        Error::refused(format!("there is no local branch '{branch}' to revert {id} on"))
            .hint(format!(
                "create it from the remote ('git branch {branch} origin/{branch}') and run the rollback again"
            ))
    })?;
    let parents = repo.parents(commit).map_err(|_| {
        Error::refused(format!(
            "the merge {commit} of {id} into '{branch}' is not in this repository"
        ))
        .hint("fetch it ('git fetch'), then run the rollback again")
    })?;
    if parents.len() != 2 || !repo.is_ancestor(commit, tip)? {
        return Err(Error::refused(format!(
            "'{branch}' does not contain the merge {} of {id}",
            repo.short_id(commit)
        ))
        .hint(format!(
            "bring '{branch}' up to date ('git pull'), or see 'git hotfix rollback {id}'"
        )));
    }
    Ok(Revert {
        branch: branch.to_string(),
        merge: commit,
        revert: None,
    })
}

/// The reason: `--reason`, else asked for on a terminal.
fn reason(given: Option<&str>) -> Result<String> {
    if let Some(reason) = given.map(str::trim).filter(|r| !r.is_empty()) {
        return Ok(reason.to_string());
    }
    if !ui::interactive() {
        return Err(
            Error::refused("a rollback needs a reason, for the notes and the post-mortem")
                .hint("give it with --reason \"<why>\""),
        );
    }
    let answer: String = dialoguer::Input::new()
        .with_prompt("Why is it rolled back")
        .interact_text()
        .map_err(|err| Error::internal(format!("cannot read the answer: {err}")))?;
    let answer = answer.trim();
    if answer.is_empty() {
        return Err(
            Error::refused("a rollback needs a reason; nothing was changed")
                .hint("give it with --reason \"<why>\""),
        );
    }
    Ok(answer.to_string())
}

/// Confirmed as every command that moves or deletes refs is ([`operation::confirm`]); on a
/// terminal the merges to revert are listed first.
fn confirm(repo: &Repo, data: &Data, yes: bool) -> Result<()> {
    if !yes && ui::interactive() {
        // What will be reverted, by the merges' own subjects, so a wrong one is seen in time.
        eprintln!("The merges that will be reverted:");
        for plan in std::iter::once(&data.production).chain(&data.develop) {
            eprintln!(
                "  on '{}': {} \"{}\"",
                ui::sanitize(&plan.branch),
                repo.short_id(plan.merge),
                ui::sanitize(&repo.summary(plan.merge)?)
            );
        }
    }
    let changes = format!(
        "rolling back {} changes '{}'",
        data.hotfix_id, data.production.branch
    );
    let prompt = format!(
        "Revert these merges of {}{}?",
        data.hotfix_id,
        data.tag
            .as_ref()
            .map(|t| format!(" and tag {}", t.names().collect::<Vec<_>>().join(", ")))
            .unwrap_or_default()
    );
    operation::confirm("rollback", &changes, &prompt, false, yes)
}

/// The release after `tip`, as its tag, version and packages: the next patch of each package
/// the hotfix released that has a release there, in a repository of several, else of the
/// repository's latest release; `None` when no release is reachable.
fn next_release(
    repo: &Repo,
    meta: &Metadata,
    tip: ObjectId,
) -> Result<Option<(String, String, Vec<PackageRelease>)>> {
    let head = crate::history::head(repo, meta)?;
    match packages::next_releases_on(repo, meta, head, tip, "--tag")? {
        Some(releases) => Ok(Some((
            releases[0].tag.clone(),
            releases[0].version.clone(),
            releases,
        ))),
        None => Ok(version::next_release(repo, &[tip])?
            .map(|next| (next.tag, next.version.to_string(), Vec::new()))),
    }
}

#[cfg(test)]
mod tests {
    use super::Tag;

    #[test]
    fn a_tag_kept_by_an_older_version_still_makes_every_package_tag() {
        let old = r#"{"name":"api/v1.4.3","message":"Roll back","others":["web/v2.1.1"]}"#;
        let tag: Tag = serde_json::from_str(old).unwrap();
        assert_eq!(
            tag.names().collect::<Vec<_>>(),
            ["api/v1.4.3", "web/v2.1.1"]
        );
        assert!(tag.version_files.is_empty(), "no version step is planned");
    }
}
