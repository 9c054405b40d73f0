//! `git hotfix cancel`: abandon a hotfix. It is marked `cancelled` with the reason, and its
//! branch deleted; commits that exist nowhere else are never lost: deleting them needs
//! `--force`, and then a backup ref keeps them (printed, to restore the branch later).

use crate::config::{self, REMOTE};
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, command};
use crate::record;
use crate::store::{self, EventKind, Status};
use crate::ui;

/// Where `--force` keeps the commits of a deleted branch.
pub const BACKUP_PREFIX: &str = "refs/hotfix-backup/";

/// Abandon a hotfix: mark it cancelled and delete its branch.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix to cancel (default: the current branch's).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Why it is abandoned; recorded in the notes.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Delete the branch even when it has commits no other branch has (a backup ref keeps them).
    #[arg(long, short = 'f')]
    pub force: bool,
    /// Keep the branch; only mark the hotfix cancelled.
    #[arg(long, conflicts_with = "force")]
    pub keep_branch: bool,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub sync: crate::sync::AutoArgs,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let work_tree = repo.work_tree()?;
    let loaded = store::load(repo)?;
    let mut hotfix = super::select(repo, &loaded, args.id.as_deref(), "cancel <ID>")?;
    let id = hotfix.meta.hotfix_id.clone();
    if hotfix.meta.status != Status::Open {
        return Err(Error::refused(format!(
            "{id} is already {}, it cannot be cancelled",
            hotfix.meta.status
        ))
        .hint(format!("see what happened with 'git hotfix show {id}'")));
    }
    crate::operation::refuse_if_busy(repo)?;
    let branch = super::own_branch(repo, &hotfix.meta)?.to_string();
    let tip = repo.branch_tip(&branch)?;
    let delete = tip.is_some() && !args.keep_branch;

    let backup = match tip.filter(|_| delete) {
        Some(tip) => deletable(repo, &args, &id, &branch, tip)?,
        None => None,
    };
    if delete {
        confirm(&args, &id, &branch)?;
    }
    if let Some((refname, tip)) = &backup
        && !repo.set_ref_if(
            refname,
            *tip,
            None,
            &format!("hotfix cancel: back up {branch}"),
        )?
    {
        return Err(Error::refused(format!(
            "the backup ref {refname} appeared meanwhile; nothing was deleted"
        ))
        .hint("run the command again"));
    }
    if delete && repo.current_branch()?.as_deref() == Some(branch.as_str()) {
        let remote = REMOTE.get(repo)?;
        let production = config::production_branch(repo, &remote)?;
        let away: Vec<&str> = if repo.branch_tip(&production)?.is_some() {
            vec!["checkout", "--quiet", &production, "--"]
        } else {
            vec!["checkout", "--quiet", "--detach"]
        };
        command::run(work_tree, &away)?;
    }

    let by = repo.identity()?;
    let detail = detail(
        repo,
        &args,
        &branch,
        tip.filter(|_| delete),
        backup.as_ref(),
    );
    hotfix.meta.status = Status::Cancelled;
    hotfix.meta.record(EventKind::Cancelled, &by, Some(detail));
    record::save(repo, &hotfix)?;
    if delete {
        repo.delete_branch(&branch)?;
    }

    print_cancelled(repo, &id, &branch, tip, delete, backup.as_ref());
    crate::sync::auto(repo, args.sync);
    Ok(())
}

/// Checks that `branch` (at `tip`) may be deleted: its commits that no other branch has need
/// `--force`, and are then kept under the backup ref returned; a checked-out branch needs a
/// clean tree.
fn deletable(
    repo: &Repo,
    args: &Args,
    id: &str,
    branch: &str,
    tip: ObjectId,
) -> Result<Option<(String, ObjectId)>> {
    let mut backup = None;
    let unique = repo.commits_only_on(branch)?;
    if !unique.is_empty() {
        if !args.force {
            return Err(Error::refused(format!(
                "'{branch}' has {} commit(s) that no other branch has; deleting it would lose them",
                unique.len()
            ))
            .hint(format!(
                "delete it anyway with 'git hotfix cancel {id} --force' (a backup ref keeps the commits), or keep it with --keep-branch"
            )));
        }
        backup = Some((free_backup_ref(repo, id)?, tip));
    }
    if repo.current_branch()?.as_deref() == Some(branch) {
        super::require_clean_tree(
            repo,
            "commit or stash them ('git stash'), or keep the branch with --keep-branch",
        )?;
    }
    Ok(backup)
}

/// Deleting a branch is confirmed as every command that moves or deletes refs is
/// ([`crate::operation::confirm`]); keeping the branch is the other way out.
fn confirm(args: &Args, id: &str, branch: &str) -> Result<()> {
    crate::operation::confirm(
        "cancel",
        &format!("cancelling {id} deletes the branch '{branch}'"),
        &format!("Cancel {id} and delete the branch '{branch}'?"),
        false,
        args.yes,
    )
    .map_err(|err| err.hint("or keep the branch with --keep-branch"))
}

/// The detail of the `cancelled` event: the reason, the deleted branch, the backup.
fn detail(
    repo: &Repo,
    args: &Args,
    branch: &str,
    deleted: Option<ObjectId>,
    backup: Option<&(String, ObjectId)>,
) -> String {
    let reason = args
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let mut detail =
        reason.map_or_else(|| "no reason given".to_string(), |r| format!("reason: {r}"));
    if let Some(tip) = deleted {
        detail.push_str(&format!(
            "; deleted '{branch}' (was {})",
            repo.short_id(tip)
        ));
    }
    if let Some((refname, _)) = backup {
        detail.push_str(&format!("; commits kept in {refname}"));
    }
    detail
}

fn print_cancelled(
    repo: &Repo,
    id: &str,
    branch: &str,
    tip: Option<ObjectId>,
    deleted: bool,
    backup: Option<&(String, ObjectId)>,
) {
    // Both come from the notes: shown sanitized.
    let (id, branch) = (ui::sanitize(id), ui::sanitize(branch));
    println!("Cancelled {id}.");
    match (tip, deleted) {
        (Some(tip), true) => println!("Deleted branch {branch} (was {}).", repo.short_id(tip)),
        (Some(_), false) => println!("Kept branch {branch}."),
        (None, _) => println!("Its branch {branch} was already gone."),
    }
    if let Some((refname, _)) = backup {
        println!("Its commits are kept in {refname}; restore the branch with:");
        println!("  git branch {branch} {refname}");
    }
}

/// `refs/hotfix-backup/<ID>`, or `<ID>-2`, `-3`, ... when an earlier backup (of a hotfix that
/// had the same id before a renumbering) already holds that name: a backup is never replaced.
fn free_backup_ref(repo: &Repo, id: &str) -> Result<String> {
    let mut refname = format!("{BACKUP_PREFIX}{id}");
    let mut n = 1;
    while repo.ref_target(&refname)?.is_some() {
        n += 1;
        refname = format!("{BACKUP_PREFIX}{id}-{n}");
    }
    Ok(refname)
}
