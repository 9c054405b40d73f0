//! `git hotfix release-notes [<ID>]`: the release package, and with `--changelog` its Keep a
//! Changelog entry committed on the hotfix branch (through `git commit`, so hooks run).

use crate::error::{Error, Result};
use crate::files;
use crate::git::{Repo, command};
use crate::record;
use crate::report::{self, release};
use crate::store;
use crate::store::EventKind;

const CHANGELOG: &str = "CHANGELOG.md";

/// Print the release package: changes, deployment requirements and steps.
#[derive(Debug, clap::Args)]
#[command(disable_version_flag = true)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Add the entry to CHANGELOG.md (created if missing) and commit it on the hotfix branch.
    #[arg(long, conflicts_with_all = ["json", "output"])]
    pub changelog: bool,
    /// The version released (default: the recorded one, else the next patch version).
    #[arg(long, value_name = "X.Y.Z", value_parser = crate::version::parse_arg)]
    pub version: Option<String>,
    /// The expected downtime (default: hotfix.downtime, else "None expected").
    #[arg(long, value_name = "TEXT")]
    pub downtime: Option<String>,
    #[command(flatten)]
    pub output: report::Output,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix =
        super::select_released(repo, &loaded, args.id.as_deref(), "release-notes <ID>")?;
    let notes = release::build(
        repo,
        &args.output.shown(&hotfix.meta),
        args.version.as_deref(),
        args.downtime.as_deref(),
    )?;
    if !args.changelog {
        return args.output.emit(&notes);
    }

    let meta = &hotfix.meta;
    if repo.current_branch()?.as_deref() != Some(meta.branch.as_str())
        || meta.status != store::Status::Open
    {
        return Err(Error::refused(format!(
            "--changelog commits on the hotfix branch, and '{}' of {} is not checked out as an open hotfix",
            meta.branch, meta.hotfix_id
        ))
        .hint(format!("switch to it with 'git switch {}'", meta.branch)));
    }
    if notes.changes.is_empty() {
        return Err(Error::refused(format!(
            "{} has no commits to list in the changelog",
            meta.hotfix_id
        ))
        .hint("commit the fix first"));
    }
    let Some(version) = notes.version.clone() else {
        return Err(
            Error::refused("no version is known for the changelog entry")
                .hint("name it with 'git hotfix release-notes --changelog --version X.Y.Z'"),
        );
    };
    let work_tree = repo.work_tree()?;
    if repo.tracked_changes()?.iter().any(|path| path == CHANGELOG) {
        return Err(
            Error::refused(format!("{CHANGELOG} has uncommitted changes"))
                .hint("commit them or set them aside with 'git stash' first"),
        );
    }
    let path = work_tree.join(CHANGELOG);
    // The file is the repository's, as anyone committed it: never read or written through a
    // symbolic link (to a hook, say, that the commit below would run).
    let place = files::Options::in_work_tree(work_tree);
    let existing = match files::check(&path, place.work_tree)? {
        None => None,
        Some(_) => Some(std::fs::read_to_string(&path).map_err(|err| {
            Error::refused(format!("cannot read {CHANGELOG}: {err}")).hint(format!(
                "make {CHANGELOG} readable UTF-8 text, then run the command again"
            ))
        })?),
    };
    let Some(updated) = release::insert_entry(
        existing.as_deref(),
        &version,
        &crate::ui::sanitize_lines(&notes.changelog_entry()),
    ) else {
        println!(
            "{CHANGELOG} already has an entry for {}; nothing to change.",
            crate::ui::sanitize(&version)
        );
        return Ok(());
    };
    files::write(&path, updated.as_bytes(), place)?;
    let message = format!("{}: Add {version} to the changelog", meta.hotfix_id);
    commit_changelog(repo, &path, &message, existing.as_deref(), place)?;
    let commit = repo
        .head_commit()?
        .map(|id| repo.short_id(id))
        .unwrap_or_default();
    let by = repo.identity()?;
    hotfix.meta.record(
        EventKind::Changelog,
        &by,
        Some(format!("{version} in {CHANGELOG} ({commit})")),
    );
    record::save(repo, &hotfix)?;
    println!(
        "Added {} to {CHANGELOG} and committed it on {} as {commit}.",
        crate::ui::sanitize(&version),
        crate::ui::sanitize(&hotfix.meta.branch)
    );
    Ok(())
}

/// Commits the changelog written at `path`; when git does not commit it, puts the file back
/// as it was (`existing`, or no file), so nothing is left half-done.
fn commit_changelog(
    repo: &Repo,
    path: &std::path::Path,
    message: &str,
    existing: Option<&str>,
    place: files::Options,
) -> Result<()> {
    let work_tree = repo.work_tree()?;
    let committed = command::capture(work_tree, &["add", "--", CHANGELOG]).and_then(|added| {
        if !added.success {
            return Ok(added);
        }
        command::capture(
            work_tree,
            &["commit", "--quiet", "-m", message, "--", CHANGELOG],
        )
    })?;
    if !committed.success {
        // Put the file back as it was: nothing half-done.
        let _ = command::capture(work_tree, &["reset", "--quiet", "--", CHANGELOG]);
        match existing {
            Some(text) => files::write(path, text.as_bytes(), place)?,
            None => std::fs::remove_file(path)?,
        }
        let mut err = Error::refused(format!("git did not commit the {CHANGELOG} entry"));
        for line in committed.stderr.lines().filter(|l| !l.trim().is_empty()) {
            err = err.hint(line.to_string());
        }
        return Err(err);
    }
    Ok(())
}
