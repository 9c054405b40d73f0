//! What git holds of a hotfix beyond its notes: the commit with its fix, its merge into
//! production and its own commits. Reports, the checklist and `backport` ask the same
//! questions, so they are answered once here, below all of them.

use crate::config;
use crate::error::Result;
use crate::git::{CommitSummary, ObjectId, Repo};
use crate::project;
use crate::store::Metadata;

/// The commit holding the hotfix's fix: the hotfix side of its production merge once finished
/// (the branch may be gone by then), else the branch tip; `None` when neither exists.
pub fn head(repo: &Repo, meta: &Metadata) -> Result<Option<ObjectId>> {
    if let Some(merge) = production_merge(repo, meta)?
        && let Some(tip) = repo.parent(merge, 1)?
    {
        return Ok(Some(tip));
    }
    repo.branch_tip(&meta.branch)
}

/// The merge commit `finish` made on the production branch (the first recorded one when the
/// production branch is not among them).
pub fn production_merge(repo: &Repo, meta: &Metadata) -> Result<Option<ObjectId>> {
    let remote = config::REMOTE.get(repo)?;
    let production = config::production_branch(repo, &remote)?;
    let merge = meta
        .merges
        .iter()
        .find(|m| m.branch == production)
        .or(meta.merges.first());
    Ok(merge.map(|m| m.commit))
}

/// The release the hotfix replaces: the last tag before its production merge (before finish,
/// before its base), which a rollback redeploys.
pub fn previous_tag(repo: &Repo, meta: &Metadata) -> Result<Option<String>> {
    let before = match production_merge(repo, meta)? {
        Some(merge) => repo.parent(merge, 0)?,
        None => Some(meta.base()),
    };
    match before {
        Some(commit) => repo.nearest_tag(commit),
        None => Ok(None),
    }
}

/// True for the commit setting the release's version, which `finish` and `release-notes
/// --changelog` make (`HOTFIX-001: Set the version to 2.0.2`): the tool's own change, not
/// part of the fix. Its subject says so and it changes nothing but versions; a subject alone
/// anyone can write, and a fix disguised by one must never be left behind.
pub fn is_version_commit(repo: &Repo, meta: &Metadata, commit: &CommitSummary) -> Result<bool> {
    let named = commit
        .subject
        .strip_prefix(meta.hotfix_id.as_str())
        .and_then(|rest| rest.strip_prefix(": Set the version "))
        .is_some();
    let Some(parent) = repo.parent(commit.id, 0)?.filter(|_| named) else {
        return Ok(false);
    };
    let changes = repo.changed_files(parent, commit.id)?;
    Ok(!changes.is_empty() && changes.iter().all(project::is_version_only))
}

/// The hotfix's own commits (merges left out), oldest first.
pub fn commits(repo: &Repo, base: ObjectId, head: Option<ObjectId>) -> Result<Vec<CommitSummary>> {
    let Some(head) = head else {
        return Ok(Vec::new());
    };
    let mut ids = repo.commits_between(base, head)?;
    ids.reverse();
    let mut out = Vec::new();
    for id in ids {
        let summary = repo.commit_summary(id)?;
        if summary.parents <= 1 {
            out.push(summary);
        }
    }
    Ok(out)
}

/// The hotfix's commits by their tree, the newest for a tree several share: test records
/// hold the tree a suite ran on, users know commits. A tree no commit of the hotfix has (a
/// run on uncommitted changes, a branch since rewritten) is not in it.
pub fn commits_by_tree(
    repo: &Repo,
    meta: &Metadata,
) -> Result<std::collections::HashMap<ObjectId, ObjectId>> {
    let mut by_tree = std::collections::HashMap::new();
    let Some(tip) = head(repo, meta)? else {
        return Ok(by_tree);
    };
    for commit in commits(repo, meta.base(), Some(tip))? {
        by_tree.insert(repo.tree_of(commit.id)?, commit.id);
    }
    by_tree.insert(repo.tree_of(tip)?, tip);
    Ok(by_tree)
}
