//! The steps of `rollback --execute`, as the operation engine runs them: the reverts, the
//! tag, the record, the way back; then the summary and the push.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, Stopped, command};
use crate::operation::{Moved, Procedure, Resolution, Run};
use crate::record;
use crate::store::{EventKind, Hotfix, NOTES_REF, Status};
use crate::ui;

use super::{Data, Revert, Tag};

/// The steps of a rollback, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Step {
    RevertedProduction,
    RevertedDevelop,
    Tagged,
    Recorded,
    Returned,
}

impl Procedure for Data {
    const KIND: &'static str = "rollback";
    type Step = Step;

    fn hotfix_id(&self) -> &str {
        &self.hotfix_id
    }

    fn run(&mut self, step: &Step, run: &mut Run) -> Result<()> {
        match step {
            Step::RevertedProduction => {
                let plan = self.production.clone();
                self.production.revert = revert(run, self, &plan)?;
                Ok(())
            }
            Step::RevertedDevelop => {
                let Some(plan) = self.develop.clone() else {
                    return Ok(());
                };
                let made = revert(run, self, &plan)?;
                if let Some(develop) = &mut self.develop {
                    develop.revert = made;
                }
                Ok(())
            }
            Step::Tagged => {
                let Some(tag) = &self.tag else {
                    return Err(Error::internal("the rollback has no tag to create"));
                };
                let message = format!("{}\n\n{}", tag.message, self.reason);
                let target = tag_target(run.repo, self)?;
                for name in tag.names() {
                    run.tag_once(name, target, &message, false)?;
                }
                Ok(())
            }
            Step::Recorded if run.hotfix.meta.status == Status::RolledBack => Ok(()),
            Step::Recorded => record(run, self),
            Step::Returned => run.check_out_head(),
        }
    }

    /// The rollback's own: a revert of the hotfix's merge (made by a step, or committed by the
    /// user after resolving it), and what the step in flight made before a kill: the tag on
    /// the production revert, the notes of the rollback.
    fn completes(&self, repo: &Repo, moved: &Moved<Step>) -> bool {
        let (Some(left), Some(now)) = (moved.left, moved.now) else {
            return self.tag.as_ref().is_some_and(|tag| {
                tag.names()
                    .any(|name| moved.refname == format!("refs/tags/{name}"))
                    && tag_target(repo, self).is_ok_and(|target| moved.is_created_on(repo, target))
            });
        };
        if moved.refname == NOTES_REF {
            return moved.during(&Step::Recorded)
                && moved.is_commit_on_left(repo, &format!("{}: rolled-back", self.hotfix_id));
        }
        std::iter::once(&self.production)
            .chain(&self.develop)
            .any(|plan| {
                moved.refname == format!("refs/heads/{}", plan.branch)
                    && is_revert_of(repo, plan.merge, left, now).unwrap_or(false)
            })
    }

    /// The summary, then the push when asked; the notes are shared only after the push: the
    /// remote must not say rolled back while its branches still carry the fix.
    fn completed(self, repo: &Repo, mut hotfix: Hotfix) -> Result<bool> {
        print_done(repo, &self);
        if !self.push {
            return Ok(false);
        }
        push(repo, &self, &mut hotfix)?;
        Ok(true)
    }
}

/// Records each revert, the tag and the rolled-back status with the reason.
fn record(run: &mut Run, data: &Data) -> Result<()> {
    let repo = run.repo;
    let by = repo.identity()?;
    let meta = &mut run.hotfix.meta;
    for plan in std::iter::once(&data.production).chain(&data.develop) {
        let merge = repo.short_id(plan.merge);
        let detail = match &plan.revert {
            Some(revert) => format!(
                "the merge {merge} on '{}' by {}",
                plan.branch,
                repo.short_id(*revert)
            ),
            None => format!(
                "the merge {merge} on '{}': its changes were already gone",
                plan.branch
            ),
        };
        meta.record(EventKind::Reverted, &by, Some(detail));
    }
    if let Some(tag) = &data.tag {
        let on = tag_target(repo, data)?;
        for name in tag.names() {
            meta.record(
                EventKind::RollbackTagged,
                &by,
                Some(format!("{name} on {}", repo.short_id(on))),
            );
        }
    }
    meta.status = Status::RolledBack;
    meta.record(EventKind::RolledBack, &by, Some(data.reason.clone()));
    record::save(repo, run.hotfix)
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

/// True when `commit` is the revert of `merge` on `onto`: the rollback's own, made by it or
/// committed by the user after resolving its conflicts.
fn is_revert_of(repo: &Repo, merge: ObjectId, onto: ObjectId, commit: ObjectId) -> Result<bool> {
    Ok(repo.parents(commit)? == [onto]
        && repo
            .message(commit)?
            .contains(&format!("This reverts commit {merge}")))
}

/// Reverts the merge on its branch as a new commit with `git revert -m 1`, or completes a
/// revert the user resolved; recognises a revert already made (by a rollback killed after it,
/// or by the user's own `git commit`) so it is never made twice. `None`: the branch no longer
/// had the merge's changes, so there was nothing to revert.
fn revert(run: &Run, data: &Data, plan: &Revert) -> Result<Option<ObjectId>> {
    let repo = run.repo;
    let work_tree = repo.work_tree()?;
    let target = plan.branch.as_str();
    let merge = plan.merge;
    let (before, current) = run.branch_then_and_now(target)?;
    let before =
        before.ok_or_else(|| Error::internal(format!("no backup of '{target}' was taken")))?;
    if current != before && is_revert_of(repo, merge, before, current)? {
        return Ok(Some(current));
    }
    let message = revert_message(repo, data, merge)?;
    let on_target = repo.current_branch()?.as_deref() == Some(target);
    if current == before && on_target && repo.stopped() == Some(Stopped::Revert) {
        return match run.commit_resolved(Stopped::Revert, Some(&message))? {
            Resolution::Committed => Ok(repo.branch_tip(target)?),
            Resolution::Empty => Ok(None),
        };
    }
    if current != before {
        return Err(run.moved(target, current, before));
    }
    run.refuse_foreign_stop()?;
    run.check_out(target)?;
    let merge_text = merge.to_string();
    let reverted = command::shown(
        work_tree,
        &["revert", "-m", "1", "--no-commit", merge_text.as_str()],
    )?;
    if reverted {
        return match run.commit_resolved(Stopped::Revert, Some(&message))? {
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
        return Err(run.stop_on_conflicts(
            &format!(
                "Conflicts reverting the merge {} on '{target}'",
                repo.short_id(merge)
            ),
            &format!("the revert on '{target}'"),
            &conflicts,
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
        Some(revert) => Ok(*revert),
        None => repo
            .branch_tip(&data.production.branch)?
            .ok_or_else(|| Error::internal("the production branch vanished")),
    }
}

/// The one atomic push of the reverted branches and the tag, with the notes when `notes`.
fn push_args(data: &Data, notes: bool) -> Vec<String> {
    let mut refs: Vec<String> = std::iter::once(&data.production)
        .chain(&data.develop)
        .map(|plan| format!("refs/heads/{}", plan.branch))
        .collect();
    refs.extend(
        data.tag
            .iter()
            .flat_map(Tag::names)
            .map(|name| format!("refs/tags/{name}")),
    );
    if notes {
        refs.push(NOTES_REF.to_string());
    }
    command::atomic_push_args(&data.remote, &refs)
}

/// One atomic push of the reverted branches and the tag; the notes follow through the sync.
fn push(repo: &Repo, data: &Data, hotfix: &mut Hotfix) -> Result<()> {
    let args = push_args(data, false);
    command::push_atomic(repo.work_tree()?, &args, &data.remote, "the rollback")?;
    let by = repo.identity()?;
    let what: Vec<&str> = std::iter::once(data.production.branch.as_str())
        .chain(data.develop.iter().map(|d| d.branch.as_str()))
        .chain(data.tag.iter().flat_map(Tag::names))
        .collect();
    hotfix.meta.record(
        EventKind::Pushed,
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
        bold.apply_to(ui::sanitize(&data.hotfix_id)),
        ui::sanitize(&data.reason)
    );
    for plan in std::iter::once(&data.production).chain(&data.develop) {
        match &plan.revert {
            Some(revert) => println!(
                "  {:<9} reverted ({} reverts the merge {})",
                ui::sanitize(&plan.branch),
                repo.short_id(*revert),
                repo.short_id(plan.merge)
            ),
            None => println!(
                "  {:<9} unchanged (the changes of the merge {} were already gone)",
                ui::sanitize(&plan.branch),
                repo.short_id(plan.merge)
            ),
        }
    }
    // Read from the ref, so the line says what is there.
    for name in data.tag.iter().flat_map(Tag::names) {
        if let Ok(Some(on)) = repo.ref_commit(&format!("refs/tags/{name}")) {
            println!(
                "  tag       {} on {}",
                ui::sanitize(name),
                repo.short_id(on)
            );
        }
    }
    if !data.push {
        // The user's own push carries the notes too, so the remote learns of the rollback
        // together with the reverts.
        let args = push_args(data, true);
        println!();
        println!("Publish it with: git {}", command::shell_words(&args));
    }
}
