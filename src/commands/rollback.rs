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
use crate::error::{Error, Kind, Result};
use crate::git::{ObjectId, Repo, Stopped, command};
use crate::operation::{self, Operation, Plan, Resolution};
use crate::record;
use crate::report::{self, rollback};
use crate::store::{self, Hotfix, NOTES_REF, Status};
use crate::{sync, ui, version};

const KIND: &str = "rollback";
const REVERTED_PRODUCTION: &str = "reverted-production";
const REVERTED_DEVELOP: &str = "reverted-develop";
const TAGGED: &str = "tagged";
const RECORDED: &str = "recorded";
const RETURNED: &str = "returned";

/// Print the rollback plan (triggers, the exact revert steps, validation, communication), or
/// carry it out with --execute.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's).
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
    /// With --execute: tag the rollback release with the next patch version.
    #[arg(long, requires = "execute")]
    pub tag: bool,
    /// With --execute: push the reverted branches and the tag in one atomic push.
    #[arg(long, requires = "execute")]
    pub push: bool,
    /// Why the hotfix is rolled back (asked for on a terminal when missing); recorded in the
    /// notes and shown in the post-mortem.
    #[arg(long, value_name = "TEXT", requires = "execute")]
    pub reason: Option<String>,
    /// With --execute: do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y', requires = "execute")]
    pub yes: bool,
    /// Resume a rollback that stopped (after resolving conflicts and 'git add').
    #[arg(long = "continue", conflicts_with_all = ["id", "output", "json", "execute", "develop", "tag", "push", "reason", "abort"])]
    pub continue_: bool,
    /// Undo a rollback in progress: every ref back where it was, HEAD checked out again.
    #[arg(long, conflicts_with_all = ["id", "output", "json", "execute", "develop", "tag", "push", "reason"])]
    pub abort: bool,
    #[command(flatten)]
    pub sync: sync::AutoArgs,
}

/// One merge to revert.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Revert {
    branch: String,
    merge: String,
    /// The revert commit, once made; `None` after the step when the merge's changes were
    /// already gone from the branch (nothing to revert).
    revert: Option<String>,
}

/// The tag of the rollback release.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Tag {
    name: String,
    message: String,
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
    if args.abort {
        return operation::abort_in_progress(repo, KIND);
    }
    if args.continue_ {
        let op = Operation::<Data>::resume(repo, KIND, "continue")?;
        let hotfix = super::reload(repo, &op.data.hotfix_id)?;
        return execute(repo, op, hotfix, args.sync);
    }
    if args.execute {
        return start(repo, args);
    }
    plan(repo, args)
}

fn plan(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select(repo, &loaded, args.id.as_deref())?;
    let plan = rollback::build(repo, &args.output.shown(&hotfix.meta))?;
    args.output.emit(&plan)?;
    let by = repo.identity()?;
    let detail = plan
        .previous_tag
        .as_ref()
        .map(|tag| format!("previous release {tag}"));
    hotfix.meta.record("rollback-plan", &by, detail);
    record::save(repo, &hotfix)
}

fn start(repo: &Repo, args: Args) -> Result<()> {
    repo.work_tree()?;
    crate::operation::refuse_if_busy(repo)?;
    let loaded = store::load(repo)?;
    let hotfix = super::select(repo, &loaded, args.id.as_deref())?;
    let data = prepare(repo, &args, &hotfix)?;
    super::require_clean_tree(repo, super::STASH_HINT)?;
    let reason = reason(args.reason.as_deref())?;
    let data = Data { reason, ..data };
    confirm(repo, &data, args.yes)?;

    let mut refs = vec![
        format!("refs/heads/{}", data.production.branch),
        NOTES_REF.to_string(),
    ];
    let mut steps = vec![REVERTED_PRODUCTION];
    if let Some(develop) = &data.develop {
        refs.push(format!("refs/heads/{}", develop.branch));
        steps.push(REVERTED_DEVELOP);
    }
    if let Some(tag) = &data.tag {
        refs.push(format!("refs/tags/{}", tag.name));
        steps.push(TAGGED);
    }
    steps.extend([RECORDED, RETURNED]);
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
    execute(repo, op, hotfix, args.sync)
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
    let production = checked(repo, &id, &production, &production_merge.commit)?;
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
        Some(checked(repo, &id, &merge.branch, &merge.commit)?)
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
        let tip = repo
            .branch_tip(&production.branch)?
            .ok_or_else(|| Error::internal("the production branch vanished"))?;
        let styles = version::tag_styles(repo)?;
        let latest = version::latest_release(repo, &styles, &[tip])?.ok_or_else(|| {
            Error::refused(format!(
                "--tag: no release tag is reachable from '{}', so the next version cannot be derived",
                production.branch
            ))
            .hint("roll back without --tag, and tag the release by hand")
        })?;
        let name = latest.style.render(&version::next_patch(&latest.version));
        if repo.ref_target(&format!("refs/tags/{name}"))?.is_some() {
            return Err(
                Error::refused(format!("the tag '{name}' already exists")).hint(format!(
                    "see what it holds with 'git show {name}', or roll back without --tag"
                )),
            );
        }
        let released = meta
            .tag
            .as_deref()
            .map(|t| format!(" (released as {t})"))
            .unwrap_or_default();
        Some(Tag {
            name,
            message: format!("Roll back {id}{released}: {}", meta.issue),
        })
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

/// A recorded merge that can be reverted on `branch`: a merge commit the branch contains.
fn checked(repo: &Repo, id: &str, branch: &str, merge: &str) -> Result<Revert> {
    let commit = ObjectId::from_str(merge)
        .map_err(|_| Error::refused(format!("{id} records an invalid merge commit '{merge}'")))?;
    let tip = repo.branch_tip(branch)?.ok_or_else(|| {
        Error::refused(format!("there is no local branch '{branch}' to revert {id} on"))
            .hint(format!(
                "create it from the remote ('git branch {branch} origin/{branch}') and run the rollback again"
            ))
    })?;
    let parents = repo.parents(commit).map_err(|_| {
        Error::refused(format!(
            "the merge {merge} of {id} into '{branch}' is not in this repository"
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
        merge: merge.to_string(),
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

fn confirm(repo: &Repo, data: &Data, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !ui::interactive() {
        return Err(Error::refused(format!(
            "rolling back {} changes '{}' and needs a confirmation, but there is no terminal to ask on",
            data.hotfix_id, data.production.branch
        ))
        .hint("confirm it with --yes"));
    }
    let mut branches = vec![data.production.branch.clone()];
    branches.extend(data.develop.iter().map(|d| d.branch.clone()));
    let merge = ObjectId::from_str(&data.production.merge).map(|m| repo.short_id(m));
    let answer = dialoguer::Confirm::new()
        .with_prompt(format!(
            "Revert the merge {} of {} on '{}'{}?",
            merge.unwrap_or_default(),
            data.hotfix_id,
            branches.join("' and '"),
            data.tag
                .as_ref()
                .map(|t| format!(" and tag {}", t.name))
                .unwrap_or_default()
        ))
        .default(false)
        .interact()
        .map_err(|err| Error::internal(format!("cannot read the answer: {err}")))?;
    if answer {
        Ok(())
    } else {
        Err(Error::refused("rollback cancelled; nothing was changed")
            .hint("run it again and answer yes, or pass --yes"))
    }
}

/// Runs the remaining steps, ends the operation, reports, pushes when asked, syncs.
fn execute(
    repo: &Repo,
    mut op: Operation<Data>,
    mut hotfix: Hotfix,
    sync_args: sync::AutoArgs,
) -> Result<()> {
    let ran = op.run(repo, |repo, name, op| step(repo, name, op, &mut hotfix));
    if let Err(err) = ran {
        return Err(match err.kind {
            Kind::Stopped => err,
            _ => operation::next_steps(err, KIND, None),
        });
    }
    let data = op.data.clone();
    op.end(repo)?;
    print_done(repo, &data);
    if !data.push {
        // The notes go with the user's own push of the reverts, not ahead of it: the remote
        // must not say rolled back while its branches still carry the fix.
        return Ok(());
    }
    push(repo, &data, &mut hotfix)?;
    sync::auto(repo, sync_args);
    Ok(())
}

fn step(repo: &Repo, name: &str, op: &mut Operation<Data>, hotfix: &mut Hotfix) -> Result<()> {
    match name {
        REVERTED_PRODUCTION => {
            let plan = op.data.production.clone();
            op.data.production.revert = revert(repo, op, &plan)?.map(|c| c.to_string());
            Ok(())
        }
        REVERTED_DEVELOP => {
            let Some(plan) = op.data.develop.clone() else {
                return Ok(());
            };
            let made = revert(repo, op, &plan)?.map(|c| c.to_string());
            if let Some(develop) = &mut op.data.develop {
                develop.revert = made;
            }
            Ok(())
        }
        TAGGED => tag(repo, op).map(|_| ()),
        RECORDED if hotfix.meta.status == Status::RolledBack => Ok(()),
        RECORDED => {
            let by = repo.identity()?;
            let data = &op.data;
            for plan in std::iter::once(&data.production).chain(&data.develop) {
                let merge = short(repo, &plan.merge);
                let detail = match &plan.revert {
                    Some(revert) => format!(
                        "the merge {merge} on '{}' by {}",
                        plan.branch,
                        short(repo, revert)
                    ),
                    None => format!(
                        "the merge {merge} on '{}': its changes were already gone",
                        plan.branch
                    ),
                };
                hotfix.meta.record("reverted", &by, Some(detail));
            }
            if let Some(tag) = &data.tag {
                let on = tag_target(repo, data)?;
                hotfix.meta.record(
                    "rollback-tagged",
                    &by,
                    Some(format!("{} on {}", tag.name, repo.short_id(on))),
                );
            }
            hotfix.meta.status = Status::RolledBack;
            hotfix
                .meta
                .record("rolled-back", &by, Some(data.reason.clone()));
            record::save(repo, hotfix)
        }
        RETURNED => op.check_out_head(repo),
        other => Err(Error::internal(format!(
            "the rollback in progress has an unknown step '{other}'"
        ))),
    }
}

fn short(repo: &Repo, commit: &str) -> String {
    ObjectId::from_str(commit).map_or_else(|_| commit.to_string(), |c| repo.short_id(c))
}

/// The message of the revert commit: git's own wording, the reason, and the hotfix trailer.
fn revert_message(repo: &Repo, data: &Data, merge: ObjectId) -> Result<String> {
    let subject = repo.summary(merge)?;
    let mainline = repo
        .parent(merge, 0)?
        .map(|p| p.to_string())
        .unwrap_or_default();
    Ok(format!(
        "Revert \"{subject}\"\n\nThis reverts commit {merge}, reversing\nchanges made to {mainline}.\n\nRolled back: {}\n\nHotfix: {}\n",
        data.reason, data.hotfix_id
    ))
}

/// Reverts the merge on its branch as a new commit with `git revert -m 1`, or completes a
/// revert the user resolved; recognises a revert already made (by a rollback killed after it,
/// or by the user's own `git commit`) so it is never made twice. `None`: the branch no longer
/// had the merge's changes, so there was nothing to revert.
fn revert(repo: &Repo, op: &Operation<Data>, plan: &Revert) -> Result<Option<ObjectId>> {
    let work_tree = repo.work_tree()?;
    let target = plan.branch.as_str();
    let merge = oid(&plan.merge)?;
    let before = op
        .backup_of(&format!("refs/heads/{target}"))
        .ok_or_else(|| Error::internal(format!("no backup of '{target}' was taken")))?;
    let current = repo.branch_tip(target)?.ok_or_else(|| {
        Error::refused(format!(
            "the branch '{target}' was deleted during the rollback"
        ))
        .hint("undo the rollback with 'git hotfix rollback --abort'")
    })?;
    let marker = format!("This reverts commit {merge}");
    if current != before
        && repo.parents(current)? == [before]
        && repo.message(current)?.contains(&marker)
    {
        return Ok(Some(current));
    }
    let message = revert_message(repo, &op.data, merge)?;
    let on_target = repo.current_branch()?.as_deref() == Some(target);
    if current == before && on_target && repo.stopped() == Some(Stopped::Revert) {
        return match operation::commit_resolved(repo, KIND, Stopped::Revert, Some(&message), None)?
        {
            Resolution::Committed => Ok(repo.branch_tip(target)?),
            Resolution::Empty => Ok(None),
        };
    }
    if current != before {
        return Err(Error::refused(format!(
            "'{target}' moved during the rollback (it is at {}, not {})",
            repo.short_id(current),
            repo.short_id(before)
        ))
        .hint("undo the rollback with 'git hotfix rollback --abort' and start it again"));
    }
    if let Some(stopped) = repo.stopped() {
        return Err(Error::refused(format!(
            "a {} is in progress in the work tree",
            stopped.command()
        ))
        .hint(format!(
            "finish it or run 'git {} --abort', then 'git hotfix rollback --continue'",
            stopped.command()
        )));
    }
    if !on_target {
        command::run(work_tree, &["checkout", "--quiet", target, "--"])?;
    }
    let merge_text = merge.to_string();
    let reverted = command::shown(
        work_tree,
        &["revert", "-m", "1", "--no-commit", merge_text.as_str()],
    )?;
    if reverted {
        return match operation::commit_resolved(repo, KIND, Stopped::Revert, Some(&message), None)?
        {
            Resolution::Committed => Ok(repo.branch_tip(target)?),
            Resolution::Empty => {
                ui::warn(format!(
                    "'{target}' no longer has the changes of the merge {}: nothing to revert there",
                    repo.short_id(merge)
                ));
                Ok(None)
            }
        };
    }
    let conflicts = repo.conflicted_paths()?;
    if repo.stopped() == Some(Stopped::Revert) && !conflicts.is_empty() {
        return Err(operation::stop_on_conflicts(
            KIND,
            &format!(
                "Conflicts reverting the merge {} on '{target}'",
                repo.short_id(merge)
            ),
            &format!("the revert on '{target}'"),
            &conflicts,
            None,
        ));
    }
    Err(Error::refused(format!(
        "git could not revert the merge {} on '{target}' (see git's message above)",
        repo.short_id(merge)
    )))
}

/// The commit the rollback release is tagged on: the production branch after the revert.
fn tag_target(repo: &Repo, data: &Data) -> Result<ObjectId> {
    match &data.production.revert {
        Some(revert) => oid(revert),
        None => repo
            .branch_tip(&data.production.branch)?
            .ok_or_else(|| Error::internal("the production branch vanished")),
    }
}

/// Creates the annotated tag of the rollback release; a tag this rollback created is kept.
fn tag(repo: &Repo, op: &Operation<Data>) -> Result<ObjectId> {
    let Some(tag) = &op.data.tag else {
        return Err(Error::internal("the rollback has no tag to create"));
    };
    let target = tag_target(repo, &op.data)?;
    let refname = format!("refs/tags/{}", tag.name);
    if repo.ref_target(&refname)?.is_some() {
        if op.backup_of(&refname).is_none() && repo.ref_commit(&refname)? == Some(target) {
            return Ok(target);
        }
        return Err(Error::refused(format!(
            "the tag '{}' was created by someone else during the rollback",
            tag.name
        )));
    }
    repo.create_annotated_tag(
        &tag.name,
        target,
        &format!("{}\n\n{}", tag.message, op.data.reason),
    )?;
    Ok(target)
}

fn push_args(data: &Data) -> Vec<String> {
    let mut args = vec![
        "push".to_string(),
        "--atomic".to_string(),
        data.remote.clone(),
    ];
    for plan in std::iter::once(&data.production).chain(&data.develop) {
        args.push(format!("refs/heads/{0}:refs/heads/{0}", plan.branch));
    }
    if let Some(tag) = &data.tag {
        args.push(format!("refs/tags/{0}:refs/tags/{0}", tag.name));
    }
    args
}

/// One atomic push of the reverted branches and the tag; the notes follow through the sync.
fn push(repo: &Repo, data: &Data, hotfix: &mut Hotfix) -> Result<()> {
    let args = push_args(data);
    command::push_atomic(repo.work_tree()?, &args, &data.remote, "the rollback")?;
    let by = repo.identity()?;
    let what: Vec<&str> = std::iter::once(data.production.branch.as_str())
        .chain(data.develop.iter().map(|d| d.branch.as_str()))
        .chain(data.tag.iter().map(|t| t.name.as_str()))
        .collect();
    hotfix.meta.record(
        "pushed",
        &by,
        Some(format!(
            "rollback: {} to '{}'",
            what.join(", "),
            data.remote
        )),
    );
    record::save(repo, hotfix)?;
    println!("Pushed {} to '{}'.", what.join(", "), data.remote);
    Ok(())
}

fn print_done(repo: &Repo, data: &Data) {
    let bold = ui::bold();
    println!(
        "Rolled back {}: {}",
        bold.apply_to(&data.hotfix_id),
        data.reason
    );
    for plan in std::iter::once(&data.production).chain(&data.develop) {
        match &plan.revert {
            Some(revert) => println!(
                "  {:<9} reverted ({} reverts the merge {})",
                plan.branch,
                short(repo, revert),
                short(repo, &plan.merge)
            ),
            None => println!(
                "  {:<9} unchanged (the changes of the merge {} were already gone)",
                plan.branch,
                short(repo, &plan.merge)
            ),
        }
    }
    if let Some(tag) = &data.tag
        && let Ok(on) = tag_target(repo, data)
    {
        println!("  tag       {} on {}", tag.name, repo.short_id(on));
    }
    if !data.push {
        // The user's own push carries the notes too, so the remote learns of the rollback
        // together with the reverts.
        let mut args = push_args(data);
        args.push(format!("{NOTES_REF}:{NOTES_REF}"));
        println!();
        println!("Publish it with: git {}", command::shell_words(&args));
    }
}

fn oid(text: &str) -> Result<ObjectId> {
    ObjectId::from_str(text)
        .map_err(|_| Error::internal(format!("the rollback state holds a bad object id '{text}'")))
}
