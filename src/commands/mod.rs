//! One module per subcommand: its clap `Args` and its `run`. The layer above everything but
//! the command line: a command maps its flags onto the domain types here (as `start` does for
//! `--severity`) and saves through [`crate::record`], never through the store directly.

pub mod backport;
pub mod cancel;
pub mod checklist;
pub mod complete;
pub mod completions;
pub mod config;
pub mod deploy;
pub mod deployed;
pub mod finish;
pub mod generate_docs;
pub mod hooks;
pub mod list;
pub mod monitor;
mod package_notes;
pub mod postmortem;
pub mod release_notes;
pub mod resolved;
pub mod rollback;
pub mod show;
pub mod start;
pub mod stats;
pub mod status;
pub mod sync;
pub mod test;
pub mod verify;
mod version_commit;

#[cfg(test)]
mod select_tests;

use std::collections::HashSet;

use crate::config::{BRANCH_PREFIX, DEVELOP_BRANCH, REMOTE, production_branch};
use crate::error::{Error, Result};
use crate::git::{self, Ancestry, ObjectId, Relatives, Repo};
use crate::operation::{self, Procedure, Resume};
use crate::policy::provenance;
use crate::store::{self, EventKind, Hotfix, Loaded, Metadata, Severity, Status};
use crate::{files, ui};

/// The hotfix a command works on: the one named by `id`, else the open hotfix of the
/// checked-out branch. `form` is how the command names one (`finish <ID>`, `test --id <ID>`),
/// for the hint when there is neither.
pub fn select(repo: &Repo, loaded: &Loaded, id: Option<&str>, form: &str) -> Result<Hotfix> {
    if let Some(id) = id {
        return loaded
            .by_id(id)
            .cloned()
            .ok_or_else(|| loaded.unknown_id(id));
    }
    let branch = repo.current_branch()?;
    let found = match branch.as_deref() {
        Some(branch) => loaded.open_on_branch(branch)?,
        None => None,
    };
    found.cloned().ok_or_else(|| {
        let here = match &branch {
            Some(branch) => format!("branch '{branch}' has no open hotfix"),
            None => "HEAD is not on a branch".to_string(),
        };
        Error::refused(format!("{here}, and no hotfix id was given"))
            .hint(name_one_hint(loaded, form))
    })
}

/// Like [`select`], for the commands that act on a hotfix after its release too (`deployed`,
/// `resolved`, `postmortem`, `rollback`, `backport`, `show`, `checklist`, `release-notes`):
/// with no id and no open hotfix on the branch, the obvious one is meant: the hotfix whose
/// merge the checked-out commit is or contains, the most recent when several are, else the only
/// one finished and not resolved. Which one is said on stderr; when none is obvious, the hint
/// lists the candidates.
pub fn select_released(
    repo: &Repo,
    loaded: &Loaded,
    id: Option<&str>,
    form: &str,
) -> Result<Hotfix> {
    if id.is_some() {
        return select(repo, loaded, id, form);
    }
    let branch = repo.current_branch()?;
    if let Some(branch) = branch.as_deref()
        && let Some(open) = loaded.open_on_branch(branch)?
    {
        return Ok(open.clone());
    }
    let here = match branch.as_deref() {
        Some(branch) => format!("branch '{branch}'"),
        None => "HEAD".to_string(),
    };
    match merged_here(repo, loaded)?[..] {
        [] => {}
        [found] => {
            chosen(
                &found.meta.hotfix_id,
                &format!("whose merge {here} contains"),
            );
            return Ok(found.clone());
        }
        ref several => {
            return Err(Error::refused(format!(
                "the merge {here} contains is claimed by {}, and no hotfix id was given",
                listed(several).replace(", ", " and ")
            ))
            .hint(name_one_hint(loaded, form)));
        }
    }
    let unresolved = unresolved(loaded);
    if let [only] = unresolved[..] {
        chosen(&only.meta.hotfix_id, "the one released and not resolved");
        return Ok(only.clone());
    }
    let mut err = Error::refused(format!(
        "{here} has no open hotfix and contains no hotfix's merge, and no hotfix id was given"
    ))
    .hint(name_one_hint(loaded, form));
    if !unresolved.is_empty() {
        err = err.hint(format!(
            "released and not resolved: {}",
            listed(&unresolved)
        ));
    }
    Err(err)
}

/// Says which hotfix a command took when none was named.
fn chosen(id: &str, why: &str) {
    if !crate::ui::quiet() {
        eprintln!(
            "Using {}, {}.",
            crate::ui::bold()
                .for_stderr()
                .apply_to(crate::ui::sanitize(id)),
            crate::ui::sanitize(why)
        );
    }
}

/// The hotfix whose merge HEAD is or contains: of several, the one whose merge contains the
/// others', else (merges on unrelated lines) the one finished last. A merge counts only when
/// it is one of the hotfix's ([`provenance::check_merge`]): a note can name any commit. That
/// check walks the hotfix's history, so it is made only for the merge about to be taken, and
/// a claim it refutes is dropped before the next best is looked at. Every hotfix claiming the
/// merge taken is returned, so a second claim is never settled by order.
fn merged_here<'a>(repo: &Repo, loaded: &'a Loaded) -> Result<Vec<&'a Hotfix>> {
    let mut claims: Vec<(&Hotfix, &store::MergeRecord)> = loaded
        .hotfixes
        .iter()
        .rev()
        .flat_map(|hotfix| hotfix.meta.merges.iter().map(move |merge| (hotfix, merge)))
        .collect();
    let Some(head) = repo.head_commit()?.filter(|_| !claims.is_empty()) else {
        return Ok(Vec::new());
    };
    let mut ancestry = None;
    while let Some(taken) = next_merge(repo, head, &claims, &mut ancestry)? {
        let (at_taken, others): (Vec<_>, Vec<_>) = claims
            .into_iter()
            .partition(|(_, merge)| merge.commit == taken);
        let mut found: Vec<&Hotfix> = Vec::new();
        for (hotfix, merge) in at_taken {
            if !found.iter().any(|f| std::ptr::eq(*f, hotfix))
                && provenance::check_merge(repo, &hotfix.meta, &merge.branch, merge.commit).is_ok()
            {
                found.push(hotfix);
            }
        }
        if !found.is_empty() {
            found.reverse();
            return Ok(found);
        }
        claims = others;
    }
    Ok(Vec::new())
}

/// The merge `head` contains to take next of those `claims` record ([`best_merge`] of the ones
/// it contains), without reading all of `head`'s history when it need not: the newest claimed
/// merge found walking back from `head` is the answer when no other claimed merge lies
/// between it and `head`, since then it contains all the others. Else `head`'s history is
/// read once into `ancestry` and the merges are weighed there.
fn next_merge(
    repo: &Repo,
    head: ObjectId,
    claims: &[(&Hotfix, &store::MergeRecord)],
    ancestry: &mut Option<Ancestry>,
) -> Result<Option<ObjectId>> {
    let claimed: HashSet<ObjectId> = claims.iter().map(|(_, merge)| merge.commit).collect();
    let Some(newest) = repo.newest_contained(head, |commit| claimed.contains(&commit))? else {
        return Ok(None);
    };
    let after = repo.commits_between(newest, head)?;
    if !after.iter().any(|commit| claimed.contains(commit)) {
        return Ok(Some(newest));
    }
    let ancestry = match ancestry {
        Some(ancestry) => ancestry,
        None => ancestry.insert(repo.ancestry(head)?),
    };
    let contained: Vec<_> = claims
        .iter()
        .copied()
        .filter(|(_, merge)| ancestry.contains(merge.commit))
        .collect();
    Ok(best_merge(ancestry, &contained))
}

/// The merge of `claims` (all in `ancestry`) to take: the one containing the others', else the
/// one finished last. Where the others stand is worked out once per merge kept, not per claim.
fn best_merge(ancestry: &Ancestry, claims: &[(&Hotfix, &store::MergeRecord)]) -> Option<ObjectId> {
    let mut best: Option<(&Hotfix, Relatives)> = None;
    for &(hotfix, merge) in claims {
        let merge = merge.commit;
        let replaces = match &best {
            Some((_, kept)) if kept.contains(merge) => false,
            Some((kept_hotfix, kept)) if !kept.contained_by(merge) => {
                finished_at(hotfix) > finished_at(kept_hotfix)
            }
            _ => true,
        };
        if replaces {
            best = ancestry.relatives(merge).map(|kept| (hotfix, kept));
        }
    }
    best.map(|(_, kept)| kept.commit())
}

/// When `finish` recorded the hotfix finished, if it did.
fn finished_at(hotfix: &Hotfix) -> Option<time::OffsetDateTime> {
    hotfix
        .meta
        .events
        .iter()
        .rev()
        .find(|e| e.event == EventKind::Finished)
        .map(|e| e.at)
}

/// The finished hotfixes no `resolved` event closed yet.
fn unresolved(loaded: &Loaded) -> Vec<&Hotfix> {
    loaded
        .hotfixes
        .iter()
        .filter(|h| h.meta.status == Status::Finished)
        .filter(|h| !h.meta.events.iter().any(|e| e.event == EventKind::Resolved))
        .collect()
}

/// A few hotfix ids, printable.
fn listed(hotfixes: &[&Hotfix]) -> String {
    const FEW: usize = 5;
    let mut ids: Vec<String> = hotfixes
        .iter()
        .take(FEW)
        .map(|h| crate::ui::sanitize(&h.meta.hotfix_id).into_owned())
        .collect();
    if hotfixes.len() > FEW {
        ids.push(format!("and {} more", hotfixes.len() - FEW));
    }
    ids.join(", ")
}

/// How to name the hotfix: the exact command, and the open ids when there are few.
fn name_one_hint(loaded: &Loaded, form: &str) -> String {
    let open: Vec<&Hotfix> = loaded
        .hotfixes
        .iter()
        .filter(|h| h.meta.status == Status::Open)
        .collect();
    let which = match open.len() {
        0 => "no hotfix is open; 'git hotfix list --all' lists them all".to_string(),
        _ => format!("open: {}", listed(&open)),
    };
    format!("name the hotfix with 'git hotfix {form}' ({which}), or switch to its branch")
}

/// The hotfix's branch, before a command deletes or merges it. Notes arrive from the remote,
/// so the name they give must be a hotfix branch (the configured prefix), never production
/// or develop.
pub fn own_branch<'a>(repo: &Repo, meta: &'a Metadata) -> Result<&'a str> {
    let branch = meta.branch.as_str();
    let remote = REMOTE.get(repo)?;
    let protected = [production_branch(repo, &remote)?, DEVELOP_BRANCH.get(repo)?];
    if branch.starts_with(&BRANCH_PREFIX.get(repo)?) && !protected.iter().any(|p| p == branch) {
        return Ok(branch);
    }
    Err(Error::refused(format!(
        "{} records the branch '{}', which is not a hotfix branch; it is left alone",
        meta.hotfix_id,
        crate::ui::sanitize(branch)
    ))
    .hint(format!(
        "check the note with 'git hotfix show {} --json'",
        meta.hotfix_id
    )))
}

/// The command line of an operation (`finish`, `rollback --execute`, `backport`): goes on with
/// the one in progress when `resume` says so, else begins one with `start`; then shares the
/// notes when the operation says they are ready to be shared.
pub fn run_operation<P: Procedure>(
    repo: &Repo,
    resume: Option<Resume>,
    sync_args: crate::sync::AutoArgs,
    start: impl FnOnce() -> Result<bool>,
) -> Result<()> {
    let shares = match resume {
        Some(how) => operation::resume::<P>(repo, how)?,
        None => start()?,
    };
    if shares {
        crate::sync::auto(repo, sync_args);
    }
    Ok(())
}

/// How a command picks its hotfix: [`select`] or [`select_released`].
pub type Selector = fn(&Repo, &Loaded, Option<&str>, &str) -> Result<Hotfix>;

/// The hotfix an operation begins on, checked before anything is worked out: a work tree,
/// no other operation in progress, the hotfix named by `id` or the one `pick` finds.
pub fn operation_subject(
    repo: &Repo,
    id: Option<&str>,
    form: &str,
    pick: Selector,
) -> Result<Hotfix> {
    repo.work_tree()?;
    operation::refuse_if_busy(repo)?;
    let loaded = store::load(repo)?;
    pick(repo, &loaded, id, form)
}

/// Refuses when tracked files have uncommitted changes (untracked files are fine): commands
/// that check out or merge must not mix the user's work into what they do.
pub fn require_clean_tree(repo: &Repo, hint: &str) -> Result<()> {
    let changed = repo.tracked_changes()?;
    match changed.first() {
        None => Ok(()),
        Some(first) => Err(Error::refused(format!(
            "you have uncommitted changes to {} tracked file(s), starting with '{first}'",
            changed.len()
        ))
        .hint(hint)),
    }
}

/// The usual way out of [`require_clean_tree`].
pub const STASH_HINT: &str =
    "commit them, or set them aside with 'git stash' (and 'git stash pop' later)";

/// Prints a warning for each note that could not be read, so one bad note never hides others.
pub fn warn_bad_notes(loaded: &Loaded) {
    for bad in &loaded.bad {
        crate::ui::warn(&bad.error.message);
    }
}

/// How a severity is colored where commands show it (`list`, `show`, `status`, `start`).
pub fn severity_style(severity: Severity) -> console::Style {
    match severity {
        Severity::P0 => console::Style::new().red().bold(),
        Severity::P1 => console::Style::new().yellow(),
        Severity::P2 => console::Style::new().cyan(),
    }
}

/// How a status is colored where commands show it.
pub fn status_style(status: Status) -> console::Style {
    match status {
        Status::Open => console::Style::new().green(),
        Status::Finished => console::Style::new().dim(),
        Status::Cancelled | Status::RolledBack => console::Style::new().magenta(),
    }
}

/// Writes `edits` (files git-hotfix changes itself: a changelog entry, the version) into the
/// work tree and commits exactly them with `message` through `git commit`, so the user's
/// hooks run. When git does not commit, every file is put back as it was (a new one removed)
/// and git's own words become the hints: nothing is left half-done. A file is never read or
/// written through a symbolic link (to a hook, say, that the commit would run).
pub fn commit_edits(repo: &Repo, edits: &[files::Edit], message: &str) -> Result<()> {
    let work_tree = repo.work_tree()?;
    let place = files::Options::in_work_tree(work_tree);
    let paths: Vec<&str> = edits.iter().map(|edit| edit.path.as_str()).collect();
    let put_back = |upto: usize| -> Result<()> {
        for edit in &edits[..upto] {
            let full = work_tree.join(&edit.path);
            match &edit.before {
                Some(text) => files::write(&full, text.as_bytes(), place)?,
                None => std::fs::remove_file(&full)?,
            }
        }
        Ok(())
    };
    for (done, edit) in edits.iter().enumerate() {
        let full = work_tree.join(&edit.path);
        let written = match full.parent() {
            Some(dir) => files::create_dirs(dir, work_tree),
            None => Ok(()),
        }
        .and_then(|()| files::write(&full, edit.after.as_bytes(), place));
        if let Err(err) = written {
            put_back(done)?;
            return Err(err);
        }
    }
    // Paths come from other people's trees: a file named `:(exclude)x` is git's pathspec
    // magic for every other file, so each path is given to git as itself.
    let literal: Vec<String> = paths.iter().map(|p| format!(":(literal){p}")).collect();
    let mut add = vec!["add", "--"];
    add.extend(literal.iter().map(String::as_str));
    let mut commit = vec!["commit", "--quiet", "-m", message, "--"];
    commit.extend(literal.iter().map(String::as_str));
    let committed = git::command::capture(work_tree, &add).and_then(|added| {
        if !added.success {
            return Ok(added);
        }
        git::command::capture(work_tree, &commit)
    })?;
    if committed.success {
        return Ok(());
    }
    let mut reset = vec!["reset", "--quiet", "--"];
    reset.extend(literal.iter().map(String::as_str));
    let _ = git::command::capture(work_tree, &reset);
    put_back(edits.len())?;
    let mut err = Error::refused(format!(
        "git did not commit {}",
        ui::sanitize(&paths.join(", "))
    ));
    for line in committed.stderr.lines().filter(|l| !l.trim().is_empty()) {
        err = err.hint(line.to_string());
    }
    Err(err)
}
