//! Everything a finish works out before anything moves: the tips, the version and tag, where
//! the tag goes, where the hotfix is merged back, the verification, and the steps with the
//! refs they may move, which both the operation and the dry run take.

use crate::commands::{self, version_commit};
use crate::config::{self, DEVELOP_BRANCH, RELEASE_PREFIX, REMOTE};
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::operation::{Described, Plan};
use crate::store::{self, EventKind, Hotfix, NOTES_REF};
use crate::version::{self, TagStyle};
use crate::{packages, policy, testing, ui};

use super::Args;
use super::steps::{Created, Data, Skip, Step, Verification, merge_args, push_args};

/// Everything the finish will do, worked out before anything moves.
pub(super) struct Prepared {
    pub(super) hotfix: Hotfix,
    pub(super) base: ObjectId,
    pub(super) tip: ObjectId,
    pub(super) data: Data,
}

/// Works out the plan: tips, version and tag, where the tag goes, where to merge back.
pub(super) fn prepare(repo: &Repo, args: &Args, hotfix: Hotfix) -> Result<Prepared> {
    let id = hotfix.meta.hotfix_id.clone();
    let branch = commands::own_branch(repo, &hotfix.meta)?.to_string();
    let tip = repo.branch_tip(&branch)?.ok_or_else(|| {
        Error::refused(format!("the branch '{branch}' of {id} no longer exists")).hint(format!(
            "restore it, or abandon the hotfix with 'git hotfix cancel {id}'"
        ))
    })?;
    let base = hotfix.meta.base();
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

    let tips = [production_tip, tip];
    let touched = packages::of_hotfix(repo, &hotfix.meta, Some(tip))?;
    let (release, package_releases) = if touched.is_empty() {
        (
            release_version(repo, args, &production, &branch, &tips)?,
            Vec::new(),
        )
    } else {
        super::packages::releases(repo, args, &touched, &tips)?
    };
    let tag_on_tip = tag_on_tip(repo, args, &hotfix, &production, production_tip, tip)?;
    let (back_merge, back_merge_created, back_merge_skipped) =
        back_merge(repo, args, &remote, &production, release.released.as_ref())?;
    let tag_message = args
        .message
        .clone()
        .unwrap_or_else(|| format!("Hotfix {id}: {}", hotfix.meta.issue));
    // The project's own version files, set first (for a pull request, only when the version
    // comes from a release: with none, --pr has no version to set).
    let version_files = if args.pr && release.released.is_none() {
        Vec::new()
    } else {
        let version = release.version.to_string();
        let planned = version_commit::Release {
            hotfix_id: &id,
            version: &version,
            packages: &package_releases,
        };
        let changed = version_commit::changed(repo, base, tip)?;
        let (bump, warnings) = planned.edits(repo, tip, &changed, release.released.as_ref())?;
        warnings.into_iter().for_each(ui::warn);
        bump.edits.into_iter().map(|edit| edit.path).collect()
    };
    // The hotfix branch is deleted on the remote too when it was pushed there.
    let remote_branch = !args.keep_branch
        && repo
            .ref_commit(&format!("refs/remotes/{remote}/{branch}"))?
            .is_some();
    let data = Data {
        hotfix_id: id,
        remote_branch,
        branch,
        hotfix_tip: tip,
        production,
        back_merge,
        back_merge_created,
        back_merge_skipped,
        version: release.version.to_string(),
        tag: release.tag,
        packages: package_releases,
        tag_on_tip,
        tag_message,
        sign: args.sign,
        keep_branch: args.keep_branch,
        push: args.push,
        remote,
        production_merge: None,
        back_merge_commit: None,
        base: (!version_files.is_empty()).then_some(base),
        version_files,
        verified: Default::default(),
    };
    Ok(Prepared {
        hotfix,
        base,
        tip,
        data,
    })
}

/// The version a finish releases, its tag, and the latest release before it.
pub(super) struct Release {
    pub(super) version: semver::Version,
    pub(super) tag: String,
    pub(super) released: Option<semver::Version>,
}

/// `--version`, else the patch after the latest release reachable from `tips`, in that
/// release's tag style; refuses a tag that exists.
fn release_version(
    repo: &Repo,
    args: &Args,
    production: &str,
    branch: &str,
    tips: &[ObjectId],
) -> Result<Release> {
    let styles = version::tag_styles(repo)?;
    let latest = version::latest_release(repo, &styles, tips)?;
    let released = latest.as_ref().map(|r| r.version.clone());
    let (version, style): (semver::Version, TagStyle) = match (&args.version, latest) {
        (Some(given), latest) => (
            version::parse_user(given)?,
            latest.map_or_else(|| styles[0].clone(), |r| r.style),
        ),
        (None, Some(latest)) => (version::next_patch(&latest.version)?, latest.style),
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

    Ok(Release {
        version,
        tag,
        released,
    })
}

/// Whether the tag goes on the hotfix tip rather than the production merge, saying why
/// production moved past the hotfix's base: after start (another release), or before it
/// when the hotfix was cut from a release tag or commit.
fn tag_on_tip(
    repo: &Repo,
    args: &Args,
    hotfix: &Hotfix,
    production: &str,
    production_tip: ObjectId,
    tip: ObjectId,
) -> Result<bool> {
    let remote = REMOTE.get(repo)?;
    let id = ui::sanitize(&hotfix.meta.hotfix_id);
    let moved = !repo.is_ancestor(production_tip, tip)?;
    let from_branch = hotfix.meta.base_ref == production
        || hotfix.meta.base_ref == format!("{remote}/{production}");
    let tag_on_tip = moved && !from_branch;
    if moved && !args.pr && !ui::quiet() {
        let ahead = repo.commits_between(tip, production_tip)?.len();
        if tag_on_tip {
            eprintln!(
                "'{production}' has {ahead} commit(s) that {} (cut from {}) does not: the tag goes on the hotfix tip, since what is deployed is the released code plus the fix.",
                id,
                ui::sanitize(&hotfix.meta.base_ref)
            );
        } else {
            eprintln!(
                "'{production}' moved on since {id} started ({ahead} new commit(s)); the merge combines them with the fix."
            );
        }
    }

    Ok(tag_on_tip)
}

/// Where the hotfix is merged back: the branch, whether it is created from the remote's, or
/// why nothing is merged back (a configured develop found nowhere is a warning).
fn back_merge(
    repo: &Repo,
    args: &Args,
    remote: &str,
    production: &str,
    released: Option<&semver::Version>,
) -> Result<(Option<String>, Option<Created>, Option<Skip>)> {
    Ok(if args.no_develop {
        let develop = DEVELOP_BRANCH.get(repo)?;
        (None, None, Some(Skip::NoDevelop { develop }))
    } else {
        match back_merge_target(repo, remote, released)? {
            Target::Branch(branch, created) => (Some(branch), created, None),
            Target::Skipped(skip) => {
                if let Skip::Missing { develop, key } = &skip
                    && !args.pr
                {
                    ui::warn(format!(
                        "{key} is '{develop}', but there is no branch '{develop}' here or on '{remote}': the fix will not be merged back"
                    ));
                    ui::hint(format!(
                        "create it (e.g. 'git branch {develop} {production}' and push it), correct {key}, or finish with --no-develop"
                    ));
                }
                (None, None, Some(skip))
            }
        }
    })
}

/// Where the hotfix goes back: a branch, created from the remote's when only that exists.
enum Target {
    Branch(String, Option<Created>),
    Skipped(Skip),
}

/// `branch` as `git switch` finds it: the local branch (`Some(None)`), else the remote's, to
/// create the local one from (`Some(Some(..))`); `None` when neither exists.
fn find_branch(repo: &Repo, remote: &str, branch: &str) -> Result<Option<Option<Created>>> {
    if repo.branch_tip(branch)?.is_some() {
        return Ok(Some(None));
    }
    Ok(repo
        .ref_commit(&format!("refs/remotes/{remote}/{branch}"))?
        .map(|at| {
            Some(Created {
                from: format!("{remote}/{branch}"),
                at,
            })
        }))
}

/// The open release branch if there is one (as git-flow does), else develop; each found as
/// `git switch` finds a branch: local, else only on the remote.
fn back_merge_target(
    repo: &Repo,
    remote: &str,
    released: Option<&semver::Version>,
) -> Result<Target> {
    let prefix = RELEASE_PREFIX.get(repo)?;
    let names = repo.branches_with_remote(remote)?;
    // An open release is one being prepared: newer than the latest release. Branches of
    // older versions (`release/2.0` beside v2.0.1) are maintenance lines, for backports.
    let mut releases: Vec<(semver::Version, String)> = names
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
        let created = find_branch(repo, remote, &release)?.flatten();
        return Ok(Target::Branch(release, created));
    }
    let (develop, source) = DEVELOP_BRANCH.resolve(repo)?;
    if let Some(created) = find_branch(repo, remote, &develop)? {
        return Ok(Target::Branch(develop, created));
    }
    Ok(Target::Skipped(match source {
        config::Source::Default => Skip::Absent { develop },
        config::Source::Gitflow => Skip::Missing {
            develop,
            key: DEVELOP_BRANCH
                .gitflow
                .unwrap_or(DEVELOP_BRANCH.key)
                .to_string(),
        },
        _ => Skip::Missing {
            develop,
            key: DEVELOP_BRANCH.key.to_string(),
        },
    }))
}

/// Step 1: the rules of the pre-push hook and the test suites on the tip, then the checklist
/// on the same verdict. Changes nothing: the events and test runs go into the operation's
/// data ([`Verification`]) and reach the notes with the release.
pub(super) fn verify(repo: &Repo, args: &Args, prepared: &mut Prepared) -> Result<()> {
    let by = repo.identity()?;
    let recorded = (
        prepared.hotfix.meta.events.len(),
        prepared.hotfix.meta.tests.len(),
    );
    let verdict = policy::check(repo, &prepared.hotfix.meta, prepared.base, prepared.tip)?;
    for warning in verdict.warnings() {
        ui::warn(warning);
    }
    if !verdict.passed() {
        return verdict.into_result();
    }
    let tests = if args.skip_tests {
        prepared.hotfix.meta.record(
            EventKind::TestsSkipped,
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
            EventKind::Verified,
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
            ui::sanitize(&prepared.data.hotfix_id)
        );
    }
    let meta = &prepared.hotfix.meta;
    // The note is written after the merges and the tag: one that could not be written must
    // be refused now, while nothing has moved.
    store::check_fits(meta)?;
    prepared.data.verified = Verification {
        events: meta.events[recorded.0..].to_vec(),
        tests: meta.tests[recorded.1..].to_vec(),
    };
    policy::checklist::check_before_finish(repo, meta, prepared.tip, verdict)
}

/// The steps of the finish of `data` and every ref they may move.
pub(super) fn plan(data: Data) -> Plan<Data> {
    let mut refs = vec![
        format!("refs/heads/{}", data.production),
        format!("refs/heads/{}", data.branch),
        NOTES_REF.to_string(),
    ];
    refs.extend(data.tags().map(|(_, tag)| format!("refs/tags/{tag}")));
    refs.extend(data.back_merge.iter().map(|b| format!("refs/heads/{b}")));
    let mut steps = Vec::new();
    if !data.version_files.is_empty() {
        steps.push(Step::SetVersion);
    }
    steps.extend([
        Step::MergedProduction,
        Step::Tagged,
        Step::MergedDevelop,
        Step::Recorded,
        Step::CleanedUp,
    ]);
    Plan { refs, steps, data }
}

/// What a step does, for the dry run: the same data and git arguments the step runs with.
pub(super) fn describe(data: &Data, step: &Step, repo: &Repo) -> Vec<Described> {
    let words = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let merge = |target: &str| vec![words(&["checkout", target]), merge_args(data)];
    match step {
        Step::SetVersion => vec![super::bump::describe(data)],
        Step::MergedProduction => {
            let now = repo
                .branch_tip(&data.production)
                .ok()
                .flatten()
                .map(|tip| format!(" ({} now)", repo.short_id(tip)))
                .unwrap_or_default();
            vec![Described::new(
                format!("merge {} into {}{now}", data.branch, data.production),
                merge(&data.production),
            )]
        }
        Step::Tagged => {
            let target = if data.tag_on_tip {
                format!("{} (the hotfix tip)", data.hotfix_tip)
            } else {
                "the merge commit".to_string()
            };
            let kind = if data.sign { "-s" } else { "-a" };
            data.tags()
                .map(|(version, tag)| {
                    Described::new(
                        if version == tag {
                            format!("tag {tag} on {target}")
                        } else {
                            format!("tag {version} as {tag} on {target}")
                        },
                        vec![words(&[
                            "tag",
                            kind,
                            tag,
                            "-m",
                            &data.tag_message,
                            "<commit>",
                        ])],
                    )
                })
                .collect()
        }
        Step::MergedDevelop => {
            let mut described = Vec::new();
            if let (Some(back), Some(created)) = (&data.back_merge, &data.back_merge_created) {
                described.push(Described::new(
                    format!(
                        "create {back} from {}, tracking it (as 'git switch {back}' would)",
                        created.from
                    ),
                    vec![words(&["branch", "--track", back, &created.from])],
                ));
            }
            described.push(match (&data.back_merge, &data.back_merge_skipped) {
                (Some(back), _) => {
                    Described::new(format!("merge {} into {back}", data.branch), merge(back))
                }
                (None, skip) => Described::new(
                    format!(
                        "skip merging back into {}",
                        skip.as_ref().map_or_else(
                            || "develop".to_string(),
                            |skip| format!("{} ({})", skip.develop(), skip.reason(&data.remote))
                        )
                    ),
                    Vec::new(),
                ),
            });
            described
        }
        Step::Recorded => vec![Described::new(
            format!(
                "record in {NOTES_REF}: status finished, the merges, {}",
                data.released_versions()
            ),
            Vec::new(),
        )],
        Step::CleanedUp => {
            let mut cleanup = vec![words(&["checkout", &data.production])];
            if !data.keep_branch {
                cleanup.push(words(&["branch", "-D", &data.branch]));
            }
            let mut described = vec![Described::new(
                format!("check out {} and delete {}", data.production, data.branch),
                cleanup,
            )];
            if data.push {
                described.push(Described::new(
                    "push everything in one atomic push".to_string(),
                    vec![push_args(data)],
                ));
            }
            described
        }
    }
}
