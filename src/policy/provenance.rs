//! Facts about commits come from git, not from notes. A note says which merge released a
//! hotfix and which tag it got, and anyone who can push notes can rewrite that; before
//! `rollback` reverts a recorded merge or `backport` picks the commits behind it, the merge is
//! checked against history: a merge whose second parent descends from the hotfix's base, every
//! commit it brings carrying the hotfix's id. A recorded tag must point at that merge or at the
//! hotfix tip. Anything else is refused, naming what disagrees.

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::store::Metadata;
use crate::ui;

use super::message::{self, Header};

/// Checks that `merge`, recorded as the hotfix's merge into `branch`, is one: refuses naming
/// what disagrees.
pub fn check_merge(repo: &Repo, meta: &Metadata, branch: &str, merge: ObjectId) -> Result<()> {
    let id = &meta.hotfix_id;
    let short = repo.short_id(merge);
    let disagrees = |what: String| {
        Error::refused(format!(
            "{id} records {short} as its merge into '{}', but {what}",
            ui::sanitize(branch)
        ))
        .hint(format!(
            "the note does not match history; see it with 'git hotfix show {id} --json', and 'git log --graph {short}' for what the commit is"
        ))
    };
    let parents = repo.parents(merge).map_err(|_| {
        Error::refused(format!(
            "{id} records the merge {merge} into '{}', which is not in this repository",
            ui::sanitize(branch)
        ))
        .hint("fetch it ('git fetch'), then run the command again")
    })?;
    let [_, tip] = parents[..] else {
        return Err(disagrees("it is not a merge commit".to_string()));
    };
    let base = meta.base();
    if !repo.is_ancestor(base, tip)? {
        return Err(disagrees(format!(
            "what it merges does not descend from {id}'s base {}",
            repo.short_id(base)
        )));
    }
    let ids = super::ids(meta);
    let mut brought = 0;
    for commit in repo.commits_between(base, tip)? {
        if repo.parents(commit)?.len() > 1 {
            continue;
        }
        brought += 1;
        let text = repo.message(commit)?;
        if !matches!(
            message::check_header(&text, &ids),
            Header::Valid | Header::Exempt
        ) {
            return Err(disagrees(format!(
                "it brings {} \"{}\", which does not carry {id}",
                repo.short_id(commit),
                ui::clip(&ui::sanitize(text.lines().next().unwrap_or("")), 72)
            )));
        }
    }
    if brought == 0 {
        return Err(disagrees(format!("it brings no commit of {id}")));
    }
    Ok(())
}

/// Checks that the tag the hotfix records points at its merge into production or at the
/// hotfix tip behind it (a tag that is gone is no disagreement: nothing acts on it).
pub fn check_tag(repo: &Repo, meta: &Metadata, production_merge: ObjectId) -> Result<()> {
    let Some(tag) = &meta.tag else {
        return Ok(());
    };
    let Some(tagged) = repo.ref_commit(&format!("refs/tags/{tag}"))? else {
        return Ok(());
    };
    if tagged == production_merge || repo.parent(production_merge, 1)? == Some(tagged) {
        return Ok(());
    }
    Err(Error::refused(format!(
        "{} records the tag '{}', but it points at {}, not at the hotfix's merge {}",
        meta.hotfix_id,
        ui::sanitize(tag),
        repo.short_id(tagged),
        repo.short_id(production_merge)
    ))
    .hint(format!(
        "the note or the tag does not match history; see 'git show {}'",
        ui::sanitize(tag)
    )))
}
