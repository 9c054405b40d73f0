//! `git hotfix finish`: verify the hotfix, merge it with `--no-ff` into the production branch
//! and back into develop (or the open release branch), tag the release, record it in the notes,
//! delete the branch, and optionally push everything atomically or open a pull request instead.
//!
//! Every check runs before anything moves. The moves run as an [`Operation`]: the refs they
//! touch are backed up first and the state is kept in git, so a conflict (exit 3), Ctrl-C or
//! SIGKILL at any point is completed by `--continue` or undone exactly by `--abort`. Merges,
//! checkouts, tags and pushes run the `git` executable so the user sees git's own output and
//! hooks; everything else is read in-process.

use serde::{Deserialize, Serialize};

use crate::config::{self, DEVELOP_BRANCH, RELEASE_PREFIX, REMOTE};
use crate::error::{Error, Kind, Result};
use crate::git::{ObjectId, Repo, Stopped, command};
use crate::operation::{self, Operation, Plan};
use crate::pr::{Forge, Request};
use crate::record;
use crate::store::{self, Hotfix, MergeRecord, NOTES_REF, Status};
use crate::version::{self, TagStyle};
use crate::{policy, sync, testing, ui};

const KIND: &str = "finish";
const MERGED_PRODUCTION: &str = "merged-production";
const TAGGED: &str = "tagged";
const MERGED_DEVELOP: &str = "merged-develop";
const RECORDED: &str = "recorded";
const CLEANED_UP: &str = "cleaned-up";

/// Verify a hotfix, merge it into production and develop, tag the release, push or open a PR.
#[derive(Debug, clap::Args)]
#[command(disable_version_flag = true)]
pub struct Args {
    /// The hotfix to finish (default: the current branch's).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// The version to release (default: the patch bump of the latest release tag).
    #[arg(long, value_name = "X.Y.Z")]
    pub version: Option<String>,
    /// Do not merge the hotfix back into develop (or the open release branch).
    #[arg(long)]
    pub no_develop: bool,
    /// Push the production branch, develop, the tag and the notes in one atomic push.
    #[arg(long)]
    pub push: bool,
    /// Push the hotfix branch and open a pull request (gh, or glab for GitLab) instead of
    /// merging locally, for a protected production branch.
    #[arg(long, conflicts_with_all = ["push", "no_develop", "keep_branch", "message", "sign", "version"])]
    pub pr: bool,
    /// Keep the hotfix branch after merging.
    #[arg(long)]
    pub keep_branch: bool,
    /// The message of the release tag (default: "Hotfix <ID>: <issue>").
    #[arg(long, short = 'm', value_name = "TEXT")]
    pub message: Option<String>,
    /// Sign the release tag with your GPG/SSH key (git tag -s).
    #[arg(long, short = 's')]
    pub sign: bool,
    /// Do not run the test suites; the skip is recorded in the notes.
    #[arg(long)]
    pub skip_tests: bool,
    /// Print every step and the git commands it would run, and change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Resume a finish that stopped (after resolving conflicts and 'git add').
    #[arg(long = "continue", conflicts_with_all = ["id", "version", "no_develop", "push", "pr", "keep_branch", "message", "sign", "skip_tests", "dry_run", "abort"])]
    pub continue_: bool,
    /// Undo a finish in progress: every ref back where it was, the hotfix branch checked out.
    #[arg(long, conflicts_with_all = ["id", "version", "no_develop", "push", "pr", "keep_branch", "message", "sign", "skip_tests", "dry_run"])]
    pub abort: bool,
    #[command(flatten)]
    pub sync: sync::AutoArgs,
}

/// What a finish in progress needs to complete, kept in the operation state.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Data {
    hotfix_id: String,
    branch: String,
    hotfix_tip: String,
    production: String,
    /// Where the hotfix is merged back: develop or the open release branch; `None` skips it.
    back_merge: Option<String>,
    version: String,
    tag: String,
    /// The tag goes on the hotfix tip, not the production merge (production carries
    /// unreleased work the hotfix was cut before).
    tag_on_tip: bool,
    tag_message: String,
    sign: bool,
    keep_branch: bool,
    /// Delete the hotfix branch on the remote as part of the push.
    #[serde(default)]
    remote_branch: bool,
    push: bool,
    remote: String,
    production_merge: Option<String>,
    back_merge_commit: Option<String>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    if args.abort {
        return operation::abort_in_progress(repo, KIND);
    }
    let sync_args = args.sync;
    // The notes are shared once the release itself is on the remote: without --push they go
    // with the user's own push (the printed command includes them), and after --pr the
    // pushed branch and the pull request are what the notes describe.
    let shares = if args.continue_ {
        let op = Operation::<Data>::resume(repo, KIND, "continue")?;
        let hotfix = super::reload(repo, &op.data.hotfix_id)?;
        let pushes = op.data.push;
        execute(repo, op, hotfix)?;
        pushes
    } else {
        let shares = (args.push || args.pr) && !args.dry_run;
        start(repo, args)?;
        shares
    };
    if shares {
        sync::auto(repo, sync_args);
    }
    Ok(())
}

/// Everything the finish will do, worked out before anything moves.
struct Prepared {
    hotfix: Hotfix,
    base: ObjectId,
    tip: ObjectId,
    production_tip: ObjectId,
    data: Data,
}

fn start(repo: &Repo, args: Args) -> Result<()> {
    repo.work_tree()?;
    if !args.dry_run {
        repo.check_writable()?;
    }
    crate::operation::refuse_if_busy(repo)?;
    let loaded = store::load(repo)?;
    let hotfix = super::select(repo, &loaded, args.id.as_deref())?;
    if hotfix.meta.status != Status::Open {
        return Err(Error::refused(format!(
            "{} is {}, there is nothing to finish",
            hotfix.meta.hotfix_id, hotfix.meta.status
        ))
        .hint(format!(
            "see what happened with 'git hotfix show {}'",
            hotfix.meta.hotfix_id
        )));
    }
    let mut prepared = prepare(repo, &args, hotfix)?;
    if !args.dry_run {
        super::require_clean_tree(repo, super::STASH_HINT)?;
    }
    if args.pr {
        return open_pr(repo, &args, prepared);
    }
    verify(repo, &args, &mut prepared)?;
    if args.dry_run {
        print_plan(repo, &prepared);
        return Ok(());
    }
    if !args.yes && ui::interactive() && !confirm(&prepared.data)? {
        return Err(Error::refused("finish cancelled; nothing was changed")
            .hint("run it again and answer yes, or pass --yes"));
    }
    let Prepared {
        mut hotfix, data, ..
    } = prepared;
    let mut refs = vec![
        format!("refs/heads/{}", data.production),
        format!("refs/heads/{}", data.branch),
        format!("refs/tags/{}", data.tag),
        NOTES_REF.to_string(),
    ];
    let mut steps = vec![MERGED_PRODUCTION, TAGGED];
    if let Some(back) = &data.back_merge {
        refs.push(format!("refs/heads/{back}"));
        steps.push(MERGED_DEVELOP);
    }
    steps.extend([RECORDED, CLEANED_UP]);
    let op = Operation::begin(
        repo,
        Plan {
            kind: KIND,
            subject: data.hotfix_id.clone(),
            refs,
            steps: steps.into_iter().map(str::to_string).collect(),
            data,
        },
    )?;
    // The verification's records (test runs, skips) are saved once the notes are backed up.
    record::save(repo, &hotfix)?;
    hotfix = super::reload(repo, &hotfix.meta.hotfix_id)?;
    execute(repo, op, hotfix)
}

/// Works out the plan: tips, version and tag, where the tag goes, where to merge back.
fn prepare(repo: &Repo, args: &Args, hotfix: Hotfix) -> Result<Prepared> {
    let id = hotfix.meta.hotfix_id.clone();
    let branch = super::own_branch(repo, &hotfix.meta)?.to_string();
    let tip = repo.branch_tip(&branch)?.ok_or_else(|| {
        Error::refused(format!("the branch '{branch}' of {id} no longer exists")).hint(format!(
            "restore it, or abandon the hotfix with 'git hotfix cancel {id}'"
        ))
    })?;
    let base = hotfix.meta.base()?;
    if repo.commits_between(base, tip)?.is_empty() {
        return Err(Error::refused(format!(
            "{id} has no commits on '{branch}': tagging it would release the same code under a new version"
        ))
        .hint(format!(
            "commit the fix first ('git commit -m \"{id}: <what changed>\"'), or abandon it with 'git hotfix cancel'"
        )));
    }
    let remote = REMOTE.get(repo)?;
    let production = config::production_branch(repo, &remote)?;
    let production_tip = repo.branch_tip(&production)?.ok_or_else(|| {
        Error::refused(format!("there is no local production branch '{production}'"))
            .hint(format!(
                "create it with 'git branch {production} {remote}/{production}', or set hotfix.productionBranch"
            ))
    })?;
    if args.push && !repo.remote_exists(&remote) {
        return Err(Error::refused(format!(
            "--push needs the remote '{remote}', which does not exist"
        ))
        .hint("add it with 'git remote add', set hotfix.remote, or finish without --push"));
    }

    let styles = version::tag_styles(repo)?;
    let latest = version::latest_release(repo, &styles, &[production_tip, tip])?;
    let released = latest.as_ref().map(|r| r.version.clone());
    let (version, style): (semver::Version, TagStyle) = match (&args.version, latest) {
        (Some(given), latest) => (
            version::parse_user(given)?,
            latest.map_or_else(|| styles[0].clone(), |r| r.style),
        ),
        (None, Some(latest)) => (version::next_patch(&latest.version), latest.style),
        (None, None) if !args.pr => {
            return Err(Error::refused(format!(
                "no release tag is reachable from '{production}' or '{branch}', so the version cannot be derived"
            ))
            .hint("name the version: 'git hotfix finish --version 1.0.1'"));
        }
        (None, None) => (semver::Version::new(0, 0, 0), styles[0].clone()),
    };
    let tag = style.render(&version);
    if !args.pr && repo.ref_target(&format!("refs/tags/{tag}"))?.is_some() {
        return Err(Error::refused(format!("the tag '{tag}' already exists"))
            .hint(format!(
                "release another version with --version, or see what '{tag}' holds: 'git show {tag}'"
            )));
    }

    // Production moved past the hotfix's base: after start (another release), or before it
    // when the hotfix was cut from a release tag or commit.
    let moved = !repo.is_ancestor(production_tip, tip)?;
    let from_branch = hotfix.meta.base_ref == production
        || hotfix.meta.base_ref == format!("{remote}/{production}");
    let tag_on_tip = moved && !from_branch;
    if moved && !args.pr && !ui::quiet() {
        let ahead = repo.commits_between(tip, production_tip)?.len();
        if tag_on_tip {
            eprintln!(
                "'{production}' has {ahead} commit(s) that {} (cut from {}) does not: the tag goes on the hotfix tip, since what is deployed is the released code plus the fix.",
                id, hotfix.meta.base_ref
            );
        } else {
            eprintln!(
                "'{production}' moved on since {id} started ({ahead} new commit(s)); the merge combines them with the fix."
            );
        }
    }

    let back_merge = if args.no_develop {
        None
    } else {
        back_merge_target(repo, released.as_ref())?
    };
    let tag_message = args
        .message
        .clone()
        .unwrap_or_else(|| format!("Hotfix {id}: {}", hotfix.meta.issue));
    // The hotfix branch is deleted on the remote too when it was pushed there.
    let remote_branch = !args.keep_branch
        && repo
            .ref_commit(&format!("refs/remotes/{remote}/{branch}"))?
            .is_some();
    let data = Data {
        hotfix_id: id,
        remote_branch,
        branch,
        hotfix_tip: tip.to_string(),
        production,
        back_merge,
        version: version.to_string(),
        tag,
        tag_on_tip,
        tag_message,
        sign: args.sign,
        keep_branch: args.keep_branch,
        push: args.push,
        remote,
        production_merge: None,
        back_merge_commit: None,
    };
    Ok(Prepared {
        hotfix,
        base,
        tip,
        production_tip,
        data,
    })
}

/// The open release branch if there is one (as git-flow does), else develop if it exists.
fn back_merge_target(repo: &Repo, released: Option<&semver::Version>) -> Result<Option<String>> {
    let prefix = RELEASE_PREFIX.get(repo)?;
    // An open release is one being prepared: newer than the latest release. Branches of
    // older versions (`release/2.0` beside v2.0.1) are maintenance lines, for backports.
    let mut releases: Vec<(semver::Version, String)> = repo
        .local_branches()?
        .into_iter()
        .filter_map(|b| {
            let version = version::parse_branch_version(b.strip_prefix(&prefix)?)?;
            Some((version, b))
        })
        .filter(|(version, _)| released.is_none_or(|released| version > released))
        .collect();
    releases.sort();
    if let Some((_, release)) = releases.pop() {
        if !releases.is_empty() {
            let others: Vec<&str> = releases.iter().map(|(_, b)| b.as_str()).collect();
            ui::warn(format!(
                "several release branches are open; merging into '{release}', the others need the fix by hand: {}",
                others.join(", ")
            ));
        }
        return Ok(Some(release));
    }
    let develop = DEVELOP_BRANCH.get(repo)?;
    if repo.branch_tip(&develop)?.is_some() {
        Ok(Some(develop))
    } else {
        Ok(None)
    }
}

/// Step 1: the rules of the pre-push hook and the test suites on the tip. Changes nothing:
/// test records stay in memory until the operation has backed up the notes.
fn verify(repo: &Repo, args: &Args, prepared: &mut Prepared) -> Result<()> {
    let by = repo.identity()?;
    let verdict = policy::check(repo, &prepared.hotfix.meta, prepared.base, prepared.tip)?;
    for warning in verdict.warnings() {
        ui::warn(warning);
    }
    verdict.into_result()?;
    let tests = if args.skip_tests {
        prepared.hotfix.meta.record(
            "tests-skipped",
            &by,
            Some("finish --skip-tests".to_string()),
        );
        "tests skipped (--skip-tests)"
    } else if args.dry_run {
        "tests not run (dry run)"
    } else {
        testing::require_passes(
            repo,
            &mut prepared.hotfix,
            prepared.tip,
            testing::Scope::All,
        )?;
        "tests passed"
    };
    if !args.dry_run {
        prepared.hotfix.meta.record(
            "verified",
            &by,
            Some(format!(
                "rules passed on {}; {tests}",
                repo.short_id(prepared.tip)
            )),
        );
    }
    if !ui::quiet() {
        eprintln!(
            "Verified {}: headers, diff budget and code comments pass; {tests}.",
            prepared.data.hotfix_id
        );
    }
    policy::checklist::check_before_finish(repo, &prepared.hotfix.meta)
}

fn confirm(data: &Data) -> Result<bool> {
    let into = match &data.back_merge {
        Some(back) => format!("'{}' and '{back}'", data.production),
        None => format!("'{}'", data.production),
    };
    dialoguer::Confirm::new()
        .with_prompt(format!(
            "Merge '{}' into {into} and tag {}?",
            data.branch, data.tag
        ))
        .default(true)
        .interact()
        .map_err(|err| Error::internal(format!("cannot read the answer: {err}")))
}

/// Runs the remaining steps, ends the operation, reports, and pushes when asked.
fn execute(repo: &Repo, mut op: Operation<Data>, mut hotfix: Hotfix) -> Result<()> {
    let ran = op.run(repo, |repo, name, op| step(repo, name, op, &mut hotfix));
    if let Err(err) = ran {
        return Err(match err.kind {
            Kind::Stopped => err,
            _ => operation::next_steps(err, KIND, None),
        });
    }
    let data = op.data.clone();
    op.end(repo)?;
    print_finished(repo, &data);
    if data.push {
        push(repo, &data, &mut hotfix)?;
    }
    Ok(())
}

fn step(repo: &Repo, name: &str, op: &mut Operation<Data>, hotfix: &mut Hotfix) -> Result<()> {
    let by = repo.identity()?;
    match name {
        MERGED_PRODUCTION => {
            let target = op.data.production.clone();
            let commit = merge(repo, op, &target)?;
            op.data.production_merge = Some(commit.to_string());
            record_merge(repo, hotfix, &target, commit, &by)
        }
        TAGGED => {
            let target = tag(repo, op)?;
            let data = &op.data;
            let detail = if data.tag_on_tip {
                format!(
                    "{} on {} (the hotfix tip: '{}' carries unreleased work)",
                    data.tag,
                    repo.short_id(target),
                    data.production
                )
            } else {
                format!("{} on {}", data.tag, repo.short_id(target))
            };
            if !hotfix
                .meta
                .events
                .iter()
                .any(|e| e.event == "tagged" && e.detail.as_deref() == Some(&detail))
            {
                hotfix.meta.record("tagged", &by, Some(detail));
            }
            record::save(repo, hotfix)
        }
        MERGED_DEVELOP => {
            let Some(target) = op.data.back_merge.clone() else {
                return Ok(());
            };
            let commit = merge(repo, op, &target)?;
            op.data.back_merge_commit = Some(commit.to_string());
            record_merge(repo, hotfix, &target, commit, &by)
        }
        RECORDED if hotfix.meta.status == Status::Finished => Ok(()),
        RECORDED => {
            let data = &op.data;
            hotfix.meta.status = Status::Finished;
            hotfix.meta.version = Some(data.version.clone());
            hotfix.meta.tag = Some(data.tag.clone());
            let detail = match &data.back_merge {
                Some(back) => format!(
                    "released {} from '{}' and '{back}'",
                    data.tag, data.production
                ),
                None => format!(
                    "released {} from '{}'; merging back into develop was skipped",
                    data.tag, data.production
                ),
            };
            hotfix.meta.record("finished", &by, Some(detail));
            record::save(repo, hotfix)
        }
        CLEANED_UP => {
            let work_tree = repo.work_tree()?;
            let data = &op.data;
            if repo.current_branch()?.as_deref() != Some(data.production.as_str()) {
                command::run(work_tree, &["checkout", "--quiet", &data.production, "--"])?;
            }
            if data.keep_branch {
                return Ok(());
            }
            // Commits added to the branch since the finish began were not merged: keep them.
            let tip = repo.branch_tip(&data.branch)?;
            if tip.is_some_and(|tip| tip.to_string() != data.hotfix_tip) {
                ui::warn(format!(
                    "'{}' has commits that were not part of this finish; it is kept",
                    data.branch
                ));
                return Ok(());
            }
            repo.delete_branch(&data.branch)
        }
        other => Err(Error::internal(format!(
            "the finish in progress has an unknown step '{other}'"
        ))),
    }
}

/// Merges the hotfix tip into `target` with `--no-ff`, or completes a merge the user
/// resolved; recognises a merge already made (by a finish killed after it, or by the user's
/// own `git commit`) so it is never made twice.
fn merge(repo: &Repo, op: &Operation<Data>, target: &str) -> Result<ObjectId> {
    let work_tree = repo.work_tree()?;
    let data = &op.data;
    let hotfix_tip = oid(&data.hotfix_tip)?;
    let before = op
        .backup_of(&format!("refs/heads/{target}"))
        .ok_or_else(|| Error::internal(format!("no backup of '{target}' was taken")))?;
    let current = repo.branch_tip(target)?.ok_or_else(|| {
        Error::refused(format!(
            "the branch '{target}' was deleted during the finish"
        ))
        .hint("undo the finish with 'git hotfix finish --abort'")
    })?;
    if current != before && repo.parents(current)? == [before, hotfix_tip] {
        return Ok(current);
    }
    let on_target = repo.current_branch()?.as_deref() == Some(target);
    if repo.stopped() == Some(Stopped::Merge) && on_target {
        operation::commit_resolved(repo, KIND, Stopped::Merge, None, None)?;
        return repo
            .branch_tip(target)?
            .ok_or_else(|| Error::internal(format!("'{target}' vanished")));
    }
    if current != before {
        return Err(Error::refused(format!(
            "'{target}' moved during the finish (it is at {}, not {})",
            repo.short_id(current),
            repo.short_id(before)
        ))
        .hint("undo the finish with 'git hotfix finish --abort' and start it again"));
    }
    if !on_target {
        command::run(work_tree, &["checkout", "--quiet", target, "--"])?;
    }
    let message = merge_message(data);
    let merged = command::shown(
        work_tree,
        &[
            "merge",
            "--no-ff",
            "--no-edit",
            "-m",
            &message,
            &data.hotfix_tip,
        ],
    )?;
    if merged {
        return repo
            .branch_tip(target)?
            .ok_or_else(|| Error::internal(format!("'{target}' vanished")));
    }
    let conflicts = repo.conflicted_paths()?;
    if repo.stopped() == Some(Stopped::Merge) && !conflicts.is_empty() {
        return Err(operation::stop_on_conflicts(
            KIND,
            &format!("Conflicts merging '{}' into '{target}'", data.branch),
            &format!("the merge into '{target}'"),
            &conflicts,
            None,
        ));
    }
    Err(Error::refused(format!(
        "git could not merge '{}' into '{target}' (see git's message above)",
        data.branch
    )))
}

fn merge_message(data: &Data) -> String {
    format!("Merge {} ({})", data.branch, data.hotfix_id)
}

/// Creates the annotated (or signed) tag; a tag this finish already created is kept.
fn tag(repo: &Repo, op: &Operation<Data>) -> Result<ObjectId> {
    let data = &op.data;
    let target = if data.tag_on_tip {
        oid(&data.hotfix_tip)?
    } else {
        oid(data
            .production_merge
            .as_deref()
            .ok_or_else(|| Error::internal("the production merge is not recorded"))?)?
    };
    let refname = format!("refs/tags/{}", data.tag);
    if repo.ref_target(&refname)?.is_some() {
        if op.backup_of(&refname).is_none() && repo.ref_commit(&refname)? == Some(target) {
            return Ok(target);
        }
        return Err(Error::refused(format!(
            "the tag '{}' was created by someone else during the finish",
            data.tag
        )));
    }
    // Unsigned tags are written in-process; signing needs git (and the user's key setup).
    let sign = data.sign || repo.config_bool("tag.gpgSign")?.unwrap_or(false);
    if !sign {
        repo.create_annotated_tag(&data.tag, target, &data.tag_message)?;
        return Ok(target);
    }
    let target_text = target.to_string();
    let args = [
        "tag",
        "-s",
        data.tag.as_str(),
        "-m",
        data.tag_message.as_str(),
        target_text.as_str(),
    ];
    if !command::shown(repo.work_tree()?, &args)? {
        return Err(Error::refused(format!(
            "git could not create the signed tag '{}' (see git's message above)",
            data.tag
        ))
        .hint("check your signing setup (user.signingKey, gpg.format), or finish without --sign"));
    }
    Ok(target)
}

fn record_merge(
    repo: &Repo,
    hotfix: &mut Hotfix,
    branch: &str,
    commit: ObjectId,
    by: &str,
) -> Result<()> {
    let commit_text = commit.to_string();
    if !hotfix
        .meta
        .merges
        .iter()
        .any(|m| m.branch == branch && m.commit == commit_text)
    {
        hotfix.meta.merges.retain(|m| m.branch != branch);
        hotfix.meta.merges.push(MergeRecord {
            branch: branch.to_string(),
            commit: commit_text,
            extra: Default::default(),
        });
        hotfix.meta.record(
            "merged",
            by,
            Some(format!("into '{branch}' ({})", repo.short_id(commit))),
        );
    }
    record::save(repo, hotfix)
}

fn push_args(data: &Data) -> Vec<String> {
    let mut args = vec![
        "push".to_string(),
        "--atomic".to_string(),
        data.remote.clone(),
    ];
    let mut branches = vec![&data.production];
    branches.extend(data.back_merge.as_ref());
    for branch in branches {
        args.push(format!("refs/heads/{branch}:refs/heads/{branch}"));
    }
    args.push(format!("refs/tags/{0}:refs/tags/{0}", data.tag));
    args.push(format!("{NOTES_REF}:{NOTES_REF}"));
    if data.remote_branch {
        args.push(format!(":refs/heads/{}", data.branch));
    }
    args
}

/// Step 7: one atomic push, so the remote gets all of the release or none of it.
fn push(repo: &Repo, data: &Data, hotfix: &mut Hotfix) -> Result<()> {
    let args = push_args(data);
    command::push_atomic(
        repo.work_tree()?,
        &args,
        &data.remote,
        "the finished release",
    )?;
    // Hooks run by the push may have recorded in the notes meanwhile: record on top of them.
    *hotfix = super::reload(repo, &data.hotfix_id)?;
    let by = repo.identity()?;
    hotfix.meta.record(
        "pushed",
        &by,
        Some(format!("{} to '{}'", data.tag, data.remote)),
    );
    record::save(repo, hotfix)?;
    println!(
        "Pushed {}, {} and the notes to '{}'.",
        data.production,
        data.back_merge
            .as_ref()
            .map_or_else(|| data.tag.clone(), |b| format!("{b}, {}", data.tag)),
        data.remote
    );
    Ok(())
}

fn print_finished(repo: &Repo, data: &Data) {
    let short = |commit: &Option<String>| {
        commit
            .as_deref()
            .and_then(|c| ObjectId::from_str(c).ok())
            .map_or_else(String::new, |c| repo.short_id(c))
    };
    let bold = ui::bold();
    println!(
        "Finished {}: released {}",
        bold.apply_to(ui::sanitize(&data.hotfix_id)),
        bold.apply_to(&data.tag)
    );
    println!(
        "  {:<9} merged ({})",
        data.production,
        short(&data.production_merge)
    );
    match &data.back_merge {
        Some(back) => println!("  {back:<9} merged ({})", short(&data.back_merge_commit)),
        None => println!("  develop   skipped (no develop branch, or --no-develop)"),
    }
    let on = if data.tag_on_tip {
        format!(
            "{} (the hotfix tip: '{}' carries unreleased work)",
            short(&Some(data.hotfix_tip.clone())),
            data.production
        )
    } else {
        short(&data.production_merge)
    };
    println!("  tag       {} on {on}", data.tag);
    let branch = ui::sanitize(&data.branch);
    if data.keep_branch {
        println!("  branch    {branch} kept");
    } else {
        println!("  branch    {branch} deleted");
    }
    if !data.push {
        println!();
        println!(
            "Publish it with: git {}",
            command::shell_words(&push_args(data))
        );
    }
}

fn print_plan(repo: &Repo, prepared: &Prepared) {
    let data = &prepared.data;
    let tip = &data.hotfix_tip;
    println!(
        "Finishing {} would (dry run: nothing is changed):",
        data.hotfix_id
    );
    let mut n = 0;
    let mut step = |text: String, commands: Vec<Vec<String>>| {
        n += 1;
        println!("  {n}. {text}");
        for args in commands {
            println!("       git {}", command::shell_words(&args));
        }
    };
    let words = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let message = merge_message(data);
    let merge = |target: &str| {
        vec![
            words(&["checkout", target]),
            words(&["merge", "--no-ff", "--no-edit", "-m", &message, tip]),
        ]
    };
    step(
        format!(
            "back up {} under {}",
            ["production", "develop", "hotfix branch", "notes", "HEAD"].join(", "),
            operation::NAMESPACE
        ),
        Vec::new(),
    );
    step(
        format!(
            "merge {} into {} ({} now)",
            data.branch,
            data.production,
            repo.short_id(prepared.production_tip)
        ),
        merge(&data.production),
    );
    let target = if data.tag_on_tip {
        format!("{tip} (the hotfix tip)")
    } else {
        "the merge commit".to_string()
    };
    let kind = if data.sign { "-s" } else { "-a" };
    step(
        format!("tag {} as {} on {target}", data.version, data.tag),
        vec![words(&[
            "tag",
            kind,
            &data.tag,
            "-m",
            &data.tag_message,
            "<commit>",
        ])],
    );
    match &data.back_merge {
        Some(back) => step(format!("merge {} into {back}", data.branch), merge(back)),
        None => step("skip merging back into develop".to_string(), Vec::new()),
    }
    step(
        format!(
            "record in {NOTES_REF}: status finished, the merges, version {}, tag {}",
            data.version, data.tag
        ),
        Vec::new(),
    );
    let mut cleanup = vec![words(&["checkout", &data.production])];
    if !data.keep_branch {
        cleanup.push(words(&["branch", "-D", &data.branch]));
    }
    step(
        format!("check out {} and delete {}", data.production, data.branch),
        cleanup,
    );
    if data.push {
        step(
            "push everything in one atomic push".to_string(),
            vec![push_args(data)],
        );
    }
}

/// Step 8: push the branch and open a pull request instead of merging locally.
fn open_pr(repo: &Repo, args: &Args, mut prepared: Prepared) -> Result<()> {
    let data = &prepared.data;
    let forge = Forge::of_remote(repo.remote_url(&data.remote).as_deref());
    let request = Request::new(repo, &prepared.hotfix.meta, prepared.base, prepared.tip)?;
    let pr_args = request.args(forge, &data.production, &data.branch);
    let push_args = vec![
        "push".to_string(),
        "--set-upstream".to_string(),
        data.remote.clone(),
        format!("refs/heads/{0}:refs/heads/{0}", data.branch),
    ];
    let program = forge.program();
    let show = |what: &[String]| format!("{program} {}", command::shell_words(what));
    if args.dry_run {
        verify(repo, args, &mut prepared)?;
        println!(
            "Opening a pull request for {} would (dry run: nothing is changed):",
            prepared.data.hotfix_id
        );
        println!(
            "  1. push the branch:  git {}",
            command::shell_words(&push_args)
        );
        println!("  2. open the request: {}", show(&pr_args));
        return Ok(());
    }
    let Ok(client) = which::which(program) else {
        return Err(Error::refused(format!(
            "'{program}' is not installed, so no pull request was opened (nothing was changed)"
        ))
        .hint(format!(
            "install it and run 'git hotfix finish --pr' again, or run: git {} && {}",
            command::shell_words(&push_args),
            show(&pr_args)
        )));
    };
    if !repo.remote_exists(&data.remote) {
        return Err(Error::refused(format!(
            "--pr needs the remote '{}', which does not exist",
            data.remote
        ))
        .hint("add it with 'git remote add', or set hotfix.remote"));
    }
    verify(repo, args, &mut prepared)?;
    // Saved before the push: its pre-push hook may record test runs in the same note.
    record::save(repo, &prepared.hotfix)?;
    let work_tree = repo.work_tree()?;
    let data = &prepared.data;
    if !command::push(work_tree, &push_args, &data.remote)? {
        return Err(Error::refused(format!(
            "the push of '{}' to '{}' failed, so no pull request was opened",
            data.branch, data.remote
        ))
        .hint(format!(
            "retry with: git {}",
            command::shell_words(&push_args)
        )));
    }
    let output = std::process::Command::new(&client)
        .args(&pr_args)
        .current_dir(work_tree)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|err| Error::internal(format!("cannot run {program}: {err}")))?;
    if !output.status.success() {
        return Err(Error::refused(format!(
            "{program} could not open the pull request (see its message above)"
        ))
        .hint(format!(
            "the branch is pushed; retry with: {}",
            show(&pr_args)
        )));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let url = stdout
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with("http"))
        .or_else(|| stdout.lines().rev().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("")
        .to_string();
    let by = repo.identity()?;
    let mut hotfix = super::reload(repo, &data.hotfix_id)?;
    hotfix.meta.pr_url = (!url.is_empty()).then(|| url.clone());
    hotfix.meta.record(
        "pr-opened",
        &by,
        Some(format!("into '{}': {url}", data.production)),
    );
    record::save(repo, &hotfix)?;
    println!("Opened a pull request for {}: {url}", data.hotfix_id);
    println!(
        "When it is merged, tag the release on '{}' and merge it back into develop.",
        data.production
    );
    Ok(())
}

fn oid(text: &str) -> Result<ObjectId> {
    ObjectId::from_str(text)
        .map_err(|_| Error::internal(format!("the finish state holds a bad object id '{text}'")))
}
