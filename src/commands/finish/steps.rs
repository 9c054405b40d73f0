//! The steps of a finish, as the operation engine runs them, and what it prints when done.
//! The git commands of each step come from one place ([`merge_args`], [`push_args`]), which
//! the dry run prints too, so the plan shown is the plan run.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, Stopped, command, oid_json};
use crate::operation::{Moved, Procedure, Run};
use crate::record;
use crate::store::{
    self, Event, EventKind, Hotfix, MergeRecord, NOTES_REF, PackageRelease, Status, TestRecord,
};
use crate::ui;

/// What a finish in progress needs to complete, kept in the operation state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Data {
    pub(super) hotfix_id: String,
    pub(super) branch: String,
    #[serde(with = "oid_json")]
    pub(super) hotfix_tip: ObjectId,
    pub(super) production: String,
    /// Where the hotfix is merged back: develop or the open release branch; `None` skips it.
    pub(super) back_merge: Option<String>,
    /// The back-merge branch exists only on the remote: the merge back creates it from there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) back_merge_created: Option<Created>,
    /// Why nothing is merged back, when `back_merge` is `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) back_merge_skipped: Option<Skip>,
    /// The version and tag released (the first package's, when there are packages).
    pub(super) version: String,
    pub(super) tag: String,
    /// In a repository of several packages, each package released with its version and tag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) packages: Vec<PackageRelease>,
    /// The tag goes on the hotfix tip, not the production merge (production carries
    /// unreleased work the hotfix was cut before).
    pub(super) tag_on_tip: bool,
    pub(super) tag_message: String,
    pub(super) sign: bool,
    pub(super) keep_branch: bool,
    /// Delete the hotfix branch on the remote as part of the push.
    #[serde(default)]
    pub(super) remote_branch: bool,
    pub(super) push: bool,
    pub(super) remote: String,
    #[serde(with = "oid_json::option")]
    pub(super) production_merge: Option<ObjectId>,
    #[serde(with = "oid_json::option")]
    pub(super) back_merge_commit: Option<ObjectId>,
    /// The files whose version the first step sets (empty: no such step).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) version_files: Vec<String>,
    /// The hotfix's base, to find the packages it touched when that step runs.
    #[serde(default, with = "oid_json::option")]
    pub(super) base: Option<ObjectId>,
    /// What the verification recorded, saved with the release at `Recorded`.
    #[serde(default)]
    pub(super) verified: Verification,
}

/// The events and test runs of the verification. They reach the notes in the one notes
/// commit of the release; until then the operation state keeps them, so a finish that
/// stops or is killed still records them when continued, and `--abort` has none to take
/// back.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Verification {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) tests: Vec<TestRecord>,
}

/// A local branch the finish creates from the remote's, as `git switch <branch>` would.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Created {
    /// The remote-tracking branch, e.g. `origin/develop`.
    pub(super) from: String,
    /// Its commit when the finish was planned: where the local branch starts.
    #[serde(with = "oid_json")]
    pub(super) at: ObjectId,
}

/// Why the hotfix is not merged back, with the develop branch it would have gone into.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "reason")]
pub(super) enum Skip {
    /// `--no-develop`.
    NoDevelop { develop: String },
    /// The default develop branch exists neither here nor on the remote.
    Absent { develop: String },
    /// The develop branch `key` names exists neither here nor on the remote.
    Missing { develop: String, key: String },
}

impl Skip {
    pub(super) fn develop(&self) -> &str {
        match self {
            Skip::NoDevelop { develop }
            | Skip::Absent { develop }
            | Skip::Missing { develop, .. } => develop,
        }
    }

    pub(super) fn reason(&self, remote: &str) -> String {
        match self {
            Skip::NoDevelop { .. } => "--no-develop".to_string(),
            Skip::Absent { develop } => format!("no branch '{develop}' here or on '{remote}'"),
            Skip::Missing { key, .. } => format!("{key} names no branch here or on '{remote}'"),
        }
    }
}

/// The steps of a finish, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Step {
    SetVersion,
    MergedProduction,
    Tagged,
    MergedDevelop,
    Recorded,
    CleanedUp,
}

impl Procedure for Data {
    const KIND: &'static str = "finish";
    type Step = Step;

    fn hotfix_id(&self) -> &str {
        &self.hotfix_id
    }

    fn run(&mut self, step: &Step, run: &mut Run) -> Result<()> {
        let repo = run.repo;
        match step {
            Step::SetVersion => super::bump::set_version(run, self),
            // The merges and the tag are in the operation state once made; the notes record
            // them all in one commit at `Recorded`.
            Step::MergedProduction => {
                let target = self.production.clone();
                self.production_merge = Some(merge(run, self, &target)?);
                Ok(())
            }
            Step::Tagged => {
                let target = self.tag_target()?;
                let sign = self.sign || repo.config_bool("tag.gpgSign")?.unwrap_or(false);
                for (_, tag) in self.tags() {
                    run.tag_once(tag, target, &self.tag_message, sign)?;
                }
                Ok(())
            }
            Step::MergedDevelop => {
                let Some(target) = self.back_merge.clone() else {
                    return Ok(());
                };
                if let Some(created) = &self.back_merge_created
                    && repo.create_tracking_branch(&target, created.at, &self.remote)?
                    && !ui::quiet()
                {
                    let (target, from) = (ui::sanitize(&target), ui::sanitize(&created.from));
                    eprintln!(
                        "Created '{target}' from '{from}' (tracking it), as 'git switch {target}' would."
                    );
                }
                self.back_merge_commit = Some(merge(run, self, &target)?);
                Ok(())
            }
            // Already recorded by a run killed before its state was saved.
            Step::Recorded if run.hotfix.meta.status == Status::Finished => Ok(()),
            Step::Recorded => {
                let by = repo.identity()?;
                let meta = &mut run.hotfix.meta;
                meta.events.extend(self.verified.events.iter().cloned());
                meta.tests.extend(self.verified.tests.iter().cloned());
                self.record_release(repo, run.hotfix, &by)?;
                let meta = &mut run.hotfix.meta;
                meta.status = Status::Finished;
                meta.version = Some(self.version.clone());
                meta.tag = Some(self.tag.clone());
                meta.releases = self.packages.clone();
                if meta.affected_versions.is_empty() {
                    meta.affected_versions = self
                        .packages
                        .iter()
                        .filter_map(|p| p.previous.clone())
                        .collect();
                }
                meta.record(EventKind::Finished, &by, Some(self.released()));
                record::save(repo, run.hotfix)
            }
            Step::CleanedUp => {
                run.check_out(&self.production)?;
                if self.keep_branch {
                    return Ok(());
                }
                // Commits added to the branch since the finish began were not merged: keep them.
                let tip = repo.branch_tip(&self.branch)?;
                if tip.is_some_and(|tip| tip != self.hotfix_tip) {
                    ui::warn(format!(
                        "'{}' has commits that were not part of this finish; it is kept",
                        ui::sanitize(&self.branch)
                    ));
                    return Ok(());
                }
                repo.delete_branch(&self.branch)
            }
        }
    }

    /// The finish's own: a merge of the hotfix (made by a step, or committed by the user after
    /// resolving it) on the branch merged into, the back-merge branch as created from the
    /// remote's, and what the step in flight made before a kill: the version commit, a
    /// release tag on its commit, the notes of the release, the deleted hotfix branch.
    fn completes(&self, repo: &Repo, moved: &Moved<Step>) -> bool {
        let branch = |name: &str| moved.refname == format!("refs/heads/{name}");
        let merged_onto = |onto: ObjectId| {
            moved
                .now
                .is_some_and(|now| is_hotfix_merge(repo, self, onto, now).unwrap_or(false))
        };
        let back_merge = self.back_merge.as_deref().is_some_and(branch);
        match moved.left {
            Some(left) if branch(&self.production) || back_merge => merged_onto(left),
            None if back_merge => self
                .back_merge_created
                .as_ref()
                .is_some_and(|created| moved.now == Some(created.at) || merged_onto(created.at)),
            None => {
                self.tags()
                    .any(|(_, tag)| moved.refname == format!("refs/tags/{tag}"))
                    && self
                        .tag_target()
                        .is_ok_and(|target| moved.is_created_on(repo, target))
            }
            Some(_) if branch(&self.branch) && moved.during(&Step::SetVersion) => {
                moved.is_commit_on_left(repo, &self.release().message())
            }
            Some(_) if branch(&self.branch) => {
                moved.now.is_none() && moved.during(&Step::CleanedUp)
            }
            Some(_) => {
                moved.refname == NOTES_REF
                    && moved.during(&Step::Recorded)
                    && moved.is_commit_on_left(repo, &format!("{}: finished", self.hotfix_id))
            }
        }
    }

    /// The summary, then the push when asked. The notes are shared once the release itself
    /// is on the remote: without --push they go with the user's own push (the printed
    /// command includes them).
    fn completed(self, repo: &Repo, mut hotfix: Hotfix) -> Result<bool> {
        print_finished(repo, &self);
        if self.push {
            push(repo, &self, &mut hotfix)?;
        }
        Ok(self.push)
    }
}

impl Data {
    /// The merges and the tags of the steps before, in the order they were made, each once.
    fn record_release(&self, repo: &Repo, hotfix: &mut Hotfix, by: &str) -> Result<()> {
        if let Some(commit) = self.production_merge {
            record_merge(repo, hotfix, &self.production, commit, by);
        }
        let target = self.tag_target()?;
        for (_, tag) in self.tags() {
            let detail = if self.tag_on_tip {
                format!(
                    "{tag} on {} (the hotfix tip: '{}' carries unreleased work)",
                    repo.short_id(target),
                    self.production
                )
            } else {
                format!("{tag} on {}", repo.short_id(target))
            };
            let meta = &mut hotfix.meta;
            if !meta
                .events
                .iter()
                .any(|e| e.event == EventKind::Tagged && e.detail.as_deref() == Some(&detail))
            {
                meta.record(EventKind::Tagged, by, Some(detail));
            }
        }
        if let (Some(branch), Some(commit)) = (&self.back_merge, self.back_merge_commit) {
            record_merge(repo, hotfix, branch, commit, by);
        }
        Ok(())
    }

    /// Each version released with its tag: one, or one per package.
    pub(super) fn tags(&self) -> impl Iterator<Item = (&str, &str)> {
        let single = self
            .packages
            .is_empty()
            .then_some((self.version.as_str(), self.tag.as_str()));
        single.into_iter().chain(
            self.packages
                .iter()
                .map(|p| (p.version.as_str(), p.tag.as_str())),
        )
    }

    /// The version released, or each package with its version (`toml 1.1.5, toml_parser
    /// 1.1.4`).
    pub(super) fn versions(&self) -> String {
        if self.packages.is_empty() {
            return self.version.clone();
        }
        self.packages
            .iter()
            .map(|p| ui::sanitize(&format!("{} {}", p.package, p.version)).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The tags, comma separated.
    pub(super) fn tag_list(&self) -> String {
        self.tags()
            .map(|(_, tag)| ui::sanitize(tag).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What is released: `version 2.0.2, tag v2.0.2`, or each package with its version.
    pub(super) fn released_versions(&self) -> String {
        if self.packages.is_empty() {
            return format!("version {}, tag {}", self.version, self.tag);
        }
        self.packages
            .iter()
            .map(|p| format!("{} {} (tag {})", p.package, p.version, p.tag))
            .map(|text| ui::sanitize(&text).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Where the tag goes: the production merge, or the hotfix tip when production carries
    /// unreleased work.
    fn tag_target(&self) -> Result<ObjectId> {
        if self.tag_on_tip {
            return Ok(self.hotfix_tip);
        }
        self.production_merge
            .ok_or_else(|| Error::internal("the production merge is not recorded"))
    }

    /// The detail of the `finished` event.
    fn released(&self) -> String {
        match (&self.back_merge, &self.back_merge_skipped) {
            (Some(back), _) => format!(
                "released {} from '{}' and '{back}'",
                self.tag_list(),
                self.production
            ),
            (None, Some(skip)) => format!(
                "released {} from '{}'; merging back into {} was skipped ({})",
                self.tag_list(),
                self.production,
                skip.develop(),
                skip.reason(&self.remote)
            ),
            (None, None) => format!(
                "released {} from '{}'; merging back into develop was skipped",
                self.tag_list(),
                self.production
            ),
        }
    }
}

/// Merges the hotfix tip into `target` with `--no-ff`, or completes a merge the user
/// resolved; recognises a merge already made (by a finish killed after it, or by the user's
/// own `git commit`) so it is never made twice.
fn merge(run: &Run, data: &Data, target: &str) -> Result<ObjectId> {
    let repo = run.repo;
    let work_tree = repo.work_tree()?;
    // A branch the finish creates from the remote's starts where that was when it began.
    let created = data
        .back_merge_created
        .as_ref()
        .filter(|_| data.back_merge.as_deref() == Some(target));
    let (before, current) = run.branch_then_and_now(target)?;
    let before = match (before, created) {
        (Some(before), _) => before,
        (None, Some(created)) => created.at,
        (None, None) => {
            return Err(Error::internal(format!(
                "no backup of '{target}' was taken"
            )));
        }
    };
    if current != before && is_hotfix_merge(repo, data, before, current)? {
        return Ok(current);
    }
    let on_target = repo.current_branch()?.as_deref() == Some(target);
    let vanished = || Error::internal(format!("'{target}' vanished"));
    if repo.stopped() == Some(Stopped::Merge) && on_target {
        run.commit_resolved(Stopped::Merge, None)?;
        return repo.branch_tip(target)?.ok_or_else(vanished);
    }
    if current != before {
        return Err(run.moved(target, current, before));
    }
    run.check_out(target)?;
    if command::shown(work_tree, &merge_args(data))? {
        return repo.branch_tip(target)?.ok_or_else(vanished);
    }
    let conflicts = repo.conflicted_paths()?;
    if repo.stopped() == Some(Stopped::Merge) && !conflicts.is_empty() {
        return Err(run.stop_on_conflicts(
            &format!("Conflicts merging '{}' into '{target}'", data.branch),
            &format!("the merge into '{target}'"),
            &conflicts,
        ));
    }
    Err(Error::refused(format!(
        "git could not merge '{}' into '{target}' (see git's message above)",
        data.branch
    )))
}

/// True when `commit` is the merge of the hotfix tip onto `onto`: the finish's own merge,
/// made by it or committed by the user after resolving its conflicts.
fn is_hotfix_merge(repo: &Repo, data: &Data, onto: ObjectId, commit: ObjectId) -> Result<bool> {
    Ok(repo.parents(commit)? == [onto, data.hotfix_tip])
}

/// The `git merge` of the hotfix tip into the branch checked out.
pub(super) fn merge_args(data: &Data) -> Vec<String> {
    let message = format!("Merge {} ({})", data.branch, data.hotfix_id);
    [
        "merge",
        "--no-ff",
        "--no-edit",
        "-m",
        &message,
        &data.hotfix_tip.to_string(),
    ]
    .map(str::to_string)
    .to_vec()
}

fn record_merge(repo: &Repo, hotfix: &mut Hotfix, branch: &str, commit: ObjectId, by: &str) {
    let meta = &mut hotfix.meta;
    if !meta
        .merges
        .iter()
        .any(|m| m.branch == branch && m.commit == commit)
    {
        meta.merges.retain(|m| m.branch != branch);
        meta.merges.push(MergeRecord {
            branch: branch.to_string(),
            commit,
            extra: Default::default(),
        });
        meta.record(
            EventKind::Merged,
            by,
            Some(format!("into '{branch}' ({})", repo.short_id(commit))),
        );
    }
}

/// The one atomic push of the release: branches, tag, notes, and the deleted hotfix branch.
pub(super) fn push_args(data: &Data) -> Vec<String> {
    let mut refs = vec![format!("refs/heads/{}", data.production)];
    refs.extend(data.back_merge.iter().map(|b| format!("refs/heads/{b}")));
    refs.extend(data.tags().map(|(_, tag)| format!("refs/tags/{tag}")));
    refs.push(NOTES_REF.to_string());
    if data.remote_branch {
        refs.push(format!(":refs/heads/{}", data.branch));
    }
    command::atomic_push_args(&data.remote, &refs)
}

/// Step 8: one atomic push, so the remote gets all of the release or none of it.
fn push(repo: &Repo, data: &Data, hotfix: &mut Hotfix) -> Result<()> {
    let args = push_args(data);
    command::push_atomic(
        repo.work_tree()?,
        &args,
        &data.remote,
        "the finished release",
    )?;
    // Hooks run by the push may have recorded in the notes meanwhile: record on top of them.
    *hotfix = store::reload(repo, &data.hotfix_id)?;
    let by = repo.identity()?;
    hotfix.meta.record(
        EventKind::Pushed,
        &by,
        Some(format!("{} to '{}'", data.tag_list(), data.remote)),
    );
    record::save(repo, hotfix)?;
    println!(
        "Pushed {}, {} and the notes to '{}'.",
        data.production,
        data.back_merge
            .as_ref()
            .map_or_else(|| data.tag_list(), |b| format!("{b}, {}", data.tag_list())),
        data.remote
    );
    Ok(())
}

/// The summary, each line read from the refs as they are now, so it says what happened
/// rather than what was planned.
fn print_finished(repo: &Repo, data: &Data) {
    let short = |commit: &Option<ObjectId>| commit.map_or_else(String::new, |c| repo.short_id(c));
    let bold = ui::bold();
    let released = if data.packages.is_empty() {
        data.tag.clone()
    } else {
        data.versions()
    };
    println!(
        "Finished {}: released {}",
        bold.apply_to(ui::sanitize(&data.hotfix_id)),
        bold.apply_to(released)
    );
    println!(
        "  {:<9} merged ({})",
        data.production,
        short(&data.production_merge)
    );
    // The release branch merged back into, and where it came from, can be the remote's.
    let back_merge = data.back_merge.as_deref().map(ui::sanitize);
    match (
        &back_merge,
        &data.back_merge_created,
        &data.back_merge_skipped,
    ) {
        (Some(back), Some(created), _) => println!(
            "  {back:<9} merged ({}), created from '{}'",
            short(&data.back_merge_commit),
            ui::sanitize(&created.from)
        ),
        (Some(back), None, _) => {
            println!("  {back:<9} merged ({})", short(&data.back_merge_commit))
        }
        (None, _, Some(skip)) => println!(
            "  {:<9} skipped ({})",
            skip.develop(),
            skip.reason(&data.remote)
        ),
        // A finish begun by an earlier version did not record why.
        (None, _, None) => println!("  develop   skipped (no develop branch, or --no-develop)"),
    }
    for (_, tag) in data.tags() {
        let tagged = repo.ref_commit(&format!("refs/tags/{tag}")).ok().flatten();
        let on = match tagged {
            Some(commit) if data.tag_on_tip && commit == data.hotfix_tip => format!(
                "{} (the hotfix tip: '{}' carries unreleased work)",
                repo.short_id(commit),
                data.production
            ),
            Some(commit) => repo.short_id(commit),
            None => "nothing: the tag is gone".to_string(),
        };
        println!("  tag       {} on {on}", ui::sanitize(tag));
    }
    if !data.version_files.is_empty() {
        println!(
            "  version   {} set in {}",
            data.versions(),
            ui::sanitize(&data.version_files.join(", "))
        );
    }
    let branch = ui::sanitize(&data.branch);
    match repo.branch_tip(&data.branch).ok().flatten() {
        None => println!("  branch    {branch} deleted"),
        Some(_) if data.keep_branch => println!("  branch    {branch} kept"),
        Some(_) => {
            println!("  branch    {branch} kept: it has commits that were not part of this finish")
        }
    }
    if !data.push {
        println!();
        println!(
            "Publish it with: git {}",
            command::shell_words(&push_args(data))
        );
    }
}
