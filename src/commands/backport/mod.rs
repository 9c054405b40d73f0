//! `git hotfix backport [<ID>] --onto <BRANCH>...`: bring a hotfix to the other release lines
//! it affects. Its commits are cherry-picked with `-x` (so each says where it came from, and
//! keeps its HOTFIX header) onto each target in turn, on a new branch
//! `hotfix/<name>-<target>` to review and merge, or onto the target itself with `--direct`.
//!
//! The commits are the hotfix's own: from its branch tip back to its base, or for a finished
//! hotfix from the second parent of its production merge (the branch may be gone). A target
//! that already contains a commit does not get it again. `--all-affected` adds the
//! maintenance branch of every affected version, by whatever common name the project gives
//! it ([`version::lines`]; `hotfix.maintenanceBranch` patterns).
//!
//! With `--tag`, each line's own version files are set to the release it is tagged with, in
//! one commit after the picks ([`super::version_commit`]), so the tag names a project that
//! says it is that release; in a monorepo each package of the hotfix with a release on the
//! line gets its own next patch and tag there.
//!
//! It runs as an [`Operation`] with steps per target: a conflict stops with exit 3, and
//! `--continue` completes the resolved cherry-pick and goes on, `--skip` drops the target
//! (its branch and tag back where they were) and goes on with the next, `--abort` undoes every
//! target. Each backport is recorded in the notes (`backports`: target, branch, commits, tag).

mod steps;

use serde::{Deserialize, Serialize};

use crate::config::REMOTE;
use crate::error::{Error, Result};
use crate::git::{CommitSummary, ObjectId, Repo, oid_json};
use crate::history;
use crate::operation::{self, Plan, Resume};
use crate::policy::provenance;
use crate::store::{self, Hotfix, NOTES_REF, PackageRelease, Status};
use crate::{packages, sync, ui, version};

use super::version_commit;

use steps::Step;

/// Cherry-pick a hotfix onto other release lines, each on a new branch (or directly).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix to backport (default: the current branch's, else the one whose merge it contains,
    /// else the only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// A branch to backport onto, e.g. release/2.0 (several may follow, or repeat the flag).
    #[arg(
        long,
        value_name = "BRANCH",
        num_args = 1..,
        action = clap::ArgAction::Append,
        required_unless_present_any = ["all_affected", "continue_", "skip", "abort"]
    )]
    pub onto: Vec<String>,
    /// Also backport onto the maintenance branch of every affected version (release/X.Y,
    /// support/X.Y, maint/vX, X.x, X.Y.x, release-X.Y, vX, stable/X.Y; hotfix.maintenanceBranch
    /// sets the patterns).
    #[arg(long)]
    pub all_affected: bool,
    /// Cherry-pick onto each target branch itself instead of a new branch
    /// hotfix/<name>-<target>.
    #[arg(long)]
    pub direct: bool,
    /// Tag each backport with the next patch version of its line (v2.0.4 after v2.0.3),
    /// after setting the line's version files to it in one commit, as finish does.
    #[arg(long)]
    pub tag: bool,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Resume a backport that stopped (after resolving conflicts and 'git add').
    #[arg(long = "continue", conflicts_with_all = ["id", "onto", "all_affected", "direct", "tag", "skip", "abort"])]
    pub continue_: bool,
    /// Drop the target the backport stopped on (its branch and tag as they were) and go on
    /// with the next.
    #[arg(long, conflicts_with_all = ["id", "onto", "all_affected", "direct", "tag", "abort"])]
    pub skip: bool,
    /// Undo a backport in progress: what it moved goes back (refs you moved meanwhile are kept),
    /// and HEAD goes back to where you started.
    #[arg(long, conflicts_with_all = ["id", "onto", "all_affected", "direct", "tag"])]
    pub abort: bool,
    #[command(flatten)]
    pub sync: sync::AutoArgs,
}

/// One target of the backport.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Target {
    /// The branch backported onto, as named.
    target: String,
    /// The branch the commits go on: new, or the target itself with `--direct`.
    branch: String,
    /// Where `branch` starts: the target's tip when the backport began.
    #[serde(with = "oid_json")]
    start: ObjectId,
    /// The tag of the line's next patch release, with `--tag` (the first package's, when
    /// `packages` has several).
    tag: Option<String>,
    /// The version the tag releases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    /// In a repository that releases its packages one by one, each package released on the
    /// line, with its own version and tag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    packages: Vec<PackageRelease>,
    /// The files whose version is set to the tag's before it is made (none: no such step).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    version_files: Vec<String>,
    /// The commit that set it, once made.
    #[serde(default, with = "oid_json::option")]
    version_commit: Option<ObjectId>,
    /// Commits to pick, oldest first (those the target lacks).
    #[serde(with = "oid_json::list")]
    commits: Vec<ObjectId>,
    /// Commits whose pick changed nothing (already there under another id).
    #[serde(default, with = "oid_json::list")]
    dropped: Vec<ObjectId>,
    /// The new commits, once the target is done.
    #[serde(default, with = "oid_json::list")]
    picked: Vec<ObjectId>,
    #[serde(default)]
    skipped: bool,
}

/// What a backport in progress needs to complete, kept in the operation state.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Data {
    hotfix_id: String,
    issue: String,
    targets: Vec<Target>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let resume = Resume::from_flags(args.continue_, args.skip, args.abort);
    super::run_operation::<Data>(repo, resume, args.sync, || start(repo, &args))
}

fn start(repo: &Repo, args: &Args) -> Result<bool> {
    let hotfix = super::operation_subject(
        repo,
        args.id.as_deref(),
        "backport <ID> --onto <BRANCH>",
        super::select_released,
    )?;
    let data = prepare(repo, args, &hotfix)?;
    super::require_clean_tree(repo, super::STASH_HINT)?;
    let changes = format!(
        "backporting {} creates or moves {} branch(es)",
        data.hotfix_id,
        data.targets.len()
    );
    operation::confirm("backport", &changes, &prompt(&data), true, args.yes)?;
    let mut refs = vec![NOTES_REF.to_string()];
    let mut steps = Vec::new();
    for target in &data.targets {
        refs.push(format!("refs/heads/{}", target.branch));
        refs.extend(target.tags().map(|t| format!("refs/tags/{t}")));
        steps.push(Step::Onto(target.target.clone()));
        if !target.version_files.is_empty() {
            steps.push(Step::SetVersion(target.target.clone()));
        }
        if target.tag.is_some() {
            steps.push(Step::Tagged(target.target.clone()));
        }
    }
    steps.extend([Step::Recorded, Step::Returned]);
    operation::begin(repo, Plan { refs, steps, data })?.run(repo)
}

/// Works out the targets, their branches, commits and tags; refuses before anything moves.
fn prepare(repo: &Repo, args: &Args, hotfix: &Hotfix) -> Result<Data> {
    let meta = &hotfix.meta;
    let id = meta.hotfix_id.clone();
    if matches!(meta.status, Status::Cancelled | Status::RolledBack) {
        return Err(Error::refused(format!(
            "{id} is {}, so there is nothing to backport",
            meta.status
        ))
        .hint(format!("see what happened with 'git hotfix show {id}'")));
    }
    // The commits come from the recorded merge once the branch is gone: history must agree.
    for merge in &meta.merges {
        provenance::check_merge(repo, meta, &merge.branch, merge.commit)?;
    }
    let head = history::head(repo, meta)?;
    let commits = history::commits(repo, meta.base(), head)?;
    // A maintenance line has its own version: the commit setting the release's is not taken.
    let mut fix = Vec::new();
    for commit in commits {
        if !history::is_version_commit(repo, meta, &commit)? {
            fix.push(commit);
        }
    }
    let commits = fix;
    if commits.is_empty() {
        return Err(Error::refused(format!("{id} has no commits to backport"))
            .hint(format!("commit the fix on '{}' first", meta.branch)));
    }
    let remote = REMOTE.get(repo)?;
    let names = target_names(repo, args, meta, &remote)?;
    let mut targets: Vec<Target> = Vec::new();
    for name in names {
        if let Some(target) = plan_target(repo, args, meta, &remote, name, &commits, &targets)? {
            targets.push(target);
        }
    }
    if targets.is_empty() {
        return Err(Error::refused(format!(
            "every target already has the commits of {id}; there is nothing to backport"
        ))
        .hint(format!(
            "see where it went with 'git branch -a --contains {}'",
            commits.last().map(|c| c.id.to_string()).unwrap_or_default()
        )));
    }
    Ok(Data {
        hotfix_id: id,
        issue: meta.issue.clone(),
        targets,
    })
}

/// The targets named with `--onto` (comma lists allowed), then with `--all-affected` the
/// affected versions' maintenance branches; each once, in that order.
fn target_names(
    repo: &Repo,
    args: &Args,
    meta: &store::Metadata,
    remote: &str,
) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for name in &args.onto {
        for name in name.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    if args.all_affected {
        for name in affected_branches(repo, meta, remote)? {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if names.is_empty() {
        return Err(
            Error::refused("there is no branch to backport onto").hint(if args.all_affected {
                "no maintenance branch matches the affected versions; name targets with --onto <BRANCH>, or set hotfix.maintenanceBranch"
            } else {
                "name them with --onto <BRANCH>..., or pick the affected versions' branches with --all-affected"
            }),
        );
    }
    Ok(names)
}

/// One target: where its commits go, which of them it lacks and its tag; `None` when it has
/// every commit already. `planned` are the targets before it (their tags are taken).
fn plan_target(
    repo: &Repo,
    args: &Args,
    meta: &store::Metadata,
    remote: &str,
    name: String,
    commits: &[CommitSummary],
    planned: &[Target],
) -> Result<Option<Target>> {
    let id = &meta.hotfix_id;
    let local = repo.branch_tip(&name)?;
    let tip = match local {
        Some(tip) => tip,
        None => repo
            .ref_commit(&format!("refs/remotes/{remote}/{name}"))?
            .ok_or_else(|| {
                Error::refused(format!("there is no branch '{name}' to backport onto"))
                    .hint("name an existing branch (see 'git branch -a'), or fetch it first")
            })?,
    };
    if args.direct && local.is_none() {
        return Err(Error::refused(format!(
            "--direct needs a local branch '{name}', and there is only '{remote}/{name}'"
        ))
        .hint(format!(
            "create it with 'git branch {name} {remote}/{name}'"
        )));
    }
    let mut missing = Vec::new();
    for commit in commits {
        if !repo.is_ancestor(commit.id, tip)? {
            missing.push(commit.id);
        }
    }
    if missing.is_empty() {
        eprintln!("'{name}' already has every commit of {id}; skipping it.");
        return Ok(None);
    }
    let branch = if args.direct {
        name.clone()
    } else {
        // The note names the hotfix's branch: only a hotfix branch makes a backport branch.
        let own = crate::commands::own_branch(repo, meta)?;
        let branch = format!("{own}-{}", name.replace('/', "-"));
        if !crate::git::is_valid_refname(&format!("refs/heads/{branch}")) {
            return Err(Error::refused(format!(
                "'{}' is not a branch name git accepts, so there is no backport branch for '{}'",
                ui::sanitize(&branch),
                ui::sanitize(&name)
            ))
            .hint("backport with --direct, or name another target with --onto"));
        }
        if repo.branch_tip(&branch)?.is_some() {
            return Err(Error::refused(format!(
                "the branch '{branch}' for the backport onto '{name}' already exists"
            ))
            .hint(format!(
                "delete it ('git branch -D {branch}') if it is an old attempt, or backport with --direct"
            )));
        }
        branch
    };
    let release = if args.tag {
        let release = line_release(repo, meta, &name, tip, commits)?;
        let tags = std::iter::once(&release.tag).chain(release.packages.iter().map(|r| &r.tag));
        for tag in tags {
            if repo.ref_target(&format!("refs/tags/{tag}"))?.is_some()
                || planned.iter().any(|t| t.tags().any(|made| made == tag))
            {
                return Err(Error::refused(format!(
                    "the tag '{}' for the backport onto '{name}' already exists",
                    ui::sanitize(tag)
                ))
                .hint("backport without --tag, and tag the release by hand"));
            }
        }
        Some(release)
    } else {
        None
    };
    let (tag, version, packages, version_files) = match release {
        Some(r) => (Some(r.tag), Some(r.version), r.packages, r.version_files),
        None => (None, None, Vec::new(), Vec::new()),
    };
    Ok(Some(Target {
        target: name,
        branch,
        start: tip,
        tag,
        version,
        packages,
        version_files,
        version_commit: None,
        commits: missing,
        dropped: Vec::new(),
        picked: Vec::new(),
        skipped: false,
    }))
}

/// The release `--tag` makes on a line: the patch after the latest release reachable from
/// its `tip` (of each package the hotfix released that has one there, in a repository of
/// several), and the version files set to it first, as `finish` sets them: those of the
/// packages the fix's `commits` touch, or each package's own.
struct LineRelease {
    tag: String,
    version: String,
    packages: Vec<PackageRelease>,
    version_files: Vec<String>,
}

fn line_release(
    repo: &Repo,
    meta: &store::Metadata,
    name: &str,
    tip: ObjectId,
    commits: &[CommitSummary],
) -> Result<LineRelease> {
    let head = history::head(repo, meta)?;
    let underivable = || {
        Error::refused(format!(
            "--tag: no release tag is reachable from '{name}', so its next version cannot be derived"
        ))
        .hint("backport without --tag, and tag the release by hand")
    };
    let (version, tag, after, packages) =
        match packages::next_releases_on(repo, meta, head, tip, "--tag")? {
            Some(releases) => (
                releases[0].version.clone(),
                releases[0].tag.clone(),
                None,
                releases,
            ),
            None => {
                let next = version::next_release(repo, &[tip])?.ok_or_else(underivable)?;
                let version = next.version.to_string();
                (version, next.tag, Some(next.after), Vec::new())
            }
        };
    let mut changed = Vec::new();
    for commit in commits {
        let parent = repo.parent(commit.id, 0)?.unwrap_or(meta.base());
        for path in version_commit::changed(repo, parent, commit.id)? {
            if !changed.contains(&path) {
                changed.push(path);
            }
        }
    }
    let release = version_commit::Release {
        hotfix_id: &meta.hotfix_id,
        version: &version,
        packages: &packages,
    };
    let (bump, warnings) = release.edits(repo, tip, &changed, after.as_ref())?;
    for warning in warnings {
        ui::warn(format!("on '{}': {warning}", ui::sanitize(name)));
    }
    Ok(LineRelease {
        tag,
        version,
        version_files: bump.edits.into_iter().map(|edit| edit.path).collect(),
        packages,
    })
}

/// The maintenance lines (local or on the remote) that carry an affected version.
fn affected_branches(repo: &Repo, meta: &store::Metadata, remote: &str) -> Result<Vec<String>> {
    let lines = version::lines::detect(repo, remote)?;
    let mut out = Vec::new();
    let project = packages::project_at(repo, meta.base())?;
    for affected in &meta.affected_versions {
        if version::parse_user(affected).is_err()
            && let Some((package, version)) = packages::release_of(repo, &project, affected)?
        {
            for line in packages::maintenance_lines(repo, remote, package, &version)? {
                if !out.contains(&line) {
                    out.push(line);
                }
            }
            continue;
        }
        let Ok(version) = version::parse_user(affected) else {
            ui::warn(format!(
                "the affected version '{affected}' is not a version X.Y.Z; no branch is derived from it"
            ));
            continue;
        };
        for line in lines.iter().filter(|line| line.covers(&version)) {
            if !out.contains(&line.branch) {
                out.push(line.branch.clone());
            }
        }
    }
    Ok(out)
}

fn prompt(data: &Data) -> String {
    let targets: Vec<String> = data
        .targets
        .iter()
        .map(|t| {
            if t.branch == t.target {
                format!("'{}'", t.target)
            } else {
                format!("'{}' (as {})", t.target, t.branch)
            }
        })
        .collect();
    format!("Backport {} onto {}?", data.hotfix_id, targets.join(", "))
}
