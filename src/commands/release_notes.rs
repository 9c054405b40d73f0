//! `git hotfix release-notes [<ID>]`: the release package, and with `--changelog` its entry in
//! the project's own changelog (whatever shape [`changelog::detect`] finds), committed on the
//! hotfix branch (through `git commit`, so hooks run).

use crate::changelog;
use crate::config::CHANGELOG;
use crate::error::{Error, Result};
use crate::files;
use crate::git::Repo;
use crate::project::{Ecosystem, Project};
use crate::record;
use crate::report::{self, release};
use crate::store;
use crate::store::EventKind;
use crate::ui;

use super::version_commit::Release;

/// Print the release package: changes, deployment requirements and steps.
#[derive(Debug, clap::Args)]
#[command(disable_version_flag = true)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Add the entry to the project's changelog (its file or fragment directory; CHANGELOG.md
    /// when it has none, or hotfix.changelog) and commit it on the hotfix branch.
    #[arg(long, conflicts_with_all = ["json", "output"])]
    pub changelog: bool,
    /// The version released (default: the recorded one, else the next patch version); in a
    /// repository that releases its packages one by one, the version of the one package the
    /// hotfix releases (refused when it releases several).
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
    if !notes.packages.is_empty() {
        return super::package_notes::write(repo, &mut hotfix, &notes);
    }
    let Some(version) = notes.version.clone() else {
        return Err(
            Error::refused("no version is known for the changelog entry")
                .hint("name it with 'git hotfix release-notes --changelog --version X.Y.Z'"),
        );
    };
    // Everything is checked before anything is committed.
    let (shown, entry) = changelog_entry(repo, &hotfix.meta, &notes, &version)?;
    set_version(repo, &hotfix, &notes, &version)?;
    match entry {
        Some(entry) => commit_changelog(
            repo,
            &mut hotfix,
            std::slice::from_ref(&entry),
            &version,
            "changelog",
        ),
        None => {
            println!(
                "{shown} already has an entry for {}; nothing to change.",
                ui::sanitize(&version)
            );
            Ok(())
        }
    }
}

/// Sets the release's version in the project's own version files, in one commit of its own,
/// as `finish` would (which then finds nothing left to set).
fn set_version(
    repo: &Repo,
    hotfix: &store::Hotfix,
    notes: &release::ReleaseNotes,
    version: &str,
) -> Result<()> {
    let Some(head) = repo.head_commit()? else {
        return Ok(());
    };
    let styles = crate::version::tag_styles(repo)?;
    let previous = crate::version::latest_release(repo, &styles, &[head])?.map(|r| r.version);
    let release = Release {
        hotfix_id: &hotfix.meta.hotfix_id,
        version,
        packages: &[],
    };
    let (bump, warnings) = release.edits(repo, head, &notes.files, previous.as_ref())?;
    warnings.into_iter().for_each(ui::warn);
    if bump.edits.is_empty() {
        return Ok(());
    }
    commit_versions(repo, &bump.edits, &release.message(), version)
}

/// Commits the version edits (refused when one of their files has uncommitted changes) and
/// says so; `versions` is what was set (`2.0.2`, or each package with its version).
pub(super) fn commit_versions(
    repo: &Repo,
    edits: &[files::Edit],
    message: &str,
    versions: &str,
) -> Result<()> {
    let paths: Vec<&str> = edits.iter().map(|e| e.path.as_str()).collect();
    let dirty = repo.tracked_changes()?;
    if let Some(path) = paths.iter().find(|p| dirty.iter().any(|d| d == *p)) {
        return Err(
            Error::refused(format!("{} has uncommitted changes", ui::sanitize(path)))
                .hint("commit them or set them aside with 'git stash' first"),
        );
    }
    super::commit_edits(repo, edits, message)?;
    let commit = repo
        .head_commit()?
        .map(|id| repo.short_id(id))
        .unwrap_or_default();
    println!(
        "Set the version to {} in {} and committed it as {commit}.",
        ui::sanitize(versions),
        ui::sanitize(&paths.join(", "))
    );
    Ok(())
}

/// The entry the release makes in the project's changelog, in its shape (see [`changelog`]),
/// with the changelog's name; `None` when it already has one. Refuses when there is no
/// changelog to write or the file has uncommitted changes.
fn changelog_entry(
    repo: &Repo,
    meta: &store::Metadata,
    notes: &release::ReleaseNotes,
    version: &str,
) -> Result<(String, Option<files::Edit>)> {
    // The packages a changeset names: those of the project whose files the hotfix changed.
    let packages: Vec<String> = match repo.head_commit()? {
        Some(head) => Project::at(repo, head)?
            .touched(notes.files.iter().map(String::as_str))
            .into_iter()
            .filter(|package| package.ecosystem == Ecosystem::Npm)
            .map(|package| package.name.clone())
            .collect(),
        None => Vec::new(),
    };
    entry_in(repo, meta, notes, (version, ""), &packages)
}

/// [`changelog_entry`] for the package in `dir` (`""` for the root) releasing `version`:
/// its own changelog, the entry's path relative to the repository's top.
pub(super) fn entry_in(
    repo: &Repo,
    meta: &store::Metadata,
    notes: &release::ReleaseNotes,
    (version, dir): (&str, &str),
    packages: &[String],
) -> Result<(String, Option<files::Edit>)> {
    let work_tree = repo.work_tree()?;
    let root = work_tree.join(dir);
    let setting = CHANGELOG.configured(repo)?;
    let target = changelog::detect(&root, setting.as_deref())?;
    if target == changelog::Target::Disabled {
        return Err(Error::refused(
            "hotfix.changelog is 'none': this repository keeps no changelog to write to",
        )
        .hint("name one with 'git config hotfix.changelog CHANGELOG.md'"));
    }
    let changes: Vec<String> = notes
        .changes
        .iter()
        .map(|c| ui::sanitize(c).into_owned())
        .collect();
    let mut words: Vec<&str> = vec![&meta.issue, &meta.branch];
    words.extend(notes.changes.iter().map(String::as_str));
    let release = changelog::Release {
        hotfix_id: &meta.hotfix_id,
        version,
        date: &notes.date,
        kind: changelog::Kind::of(meta.severity == store::Severity::P0, &words),
        changes: &changes,
        packages,
    };
    let in_dir = |path: &str| {
        if dir.is_empty() {
            path.to_string()
        } else {
            format!("{dir}/{path}")
        }
    };
    let shown = ui::sanitize(&in_dir(target.shown().unwrap_or_default())).into_owned();
    let entry = target.entry(&root, &release)?.map(|mut entry| {
        entry.path = in_dir(&entry.path);
        entry
    });
    if let Some(entry) = &entry
        && repo.tracked_changes()?.contains(&entry.path)
    {
        return Err(Error::refused(format!(
            "{} has uncommitted changes",
            ui::sanitize(&entry.path)
        ))
        .hint("commit them or set them aside with 'git stash' first"));
    }
    Ok((shown, entry))
}

/// Commits the changelog entries on the hotfix branch and records them; `version` is what
/// they add (`2.0.2`, or each package with its version), `changelog` the word for where.
pub(super) fn commit_changelog(
    repo: &Repo,
    hotfix: &mut store::Hotfix,
    entries: &[files::Edit],
    version: &str,
    changelog: &str,
) -> Result<()> {
    let message = format!(
        "{}: Add {version} to the {changelog}",
        hotfix.meta.hotfix_id
    );
    super::commit_edits(repo, entries, &message)?;
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let paths = paths.join(", ");
    let commit = repo
        .head_commit()?
        .map(|id| repo.short_id(id))
        .unwrap_or_default();
    let by = repo.identity()?;
    hotfix.meta.record(
        EventKind::Changelog,
        &by,
        Some(format!("{version} in {paths} ({commit})")),
    );
    record::save(repo, hotfix)?;
    println!(
        "Added {} to {} and committed it on {} as {commit}.",
        ui::sanitize(version),
        ui::sanitize(&paths),
        ui::sanitize(&hotfix.meta.branch)
    );
    Ok(())
}
