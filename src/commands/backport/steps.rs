//! The steps of a backport, as the operation engine runs them: for each target, create its
//! branch and cherry-pick what it lacks, set the line's version files to the release's (as
//! `finish` does, in one commit), and tag it; then the record and the way back; then the
//! summary.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, Stopped, command, oid_json};
use crate::operation::{Moved, Procedure, Resolution, Run, Skipped};
use crate::record;
use crate::store::{BackportRecord, EventKind, Hotfix, NOTES_REF};
use crate::ui;

use super::{Data, Target};
use crate::commands::version_commit;

/// The steps of a backport: those of each target, then the record and the way back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Step {
    /// Backports onto the target of this name.
    Onto(String),
    /// Sets the version of the release the target is tagged with in its version files.
    SetVersion(String),
    /// Tags the target's release.
    Tagged(String),
    Recorded,
    Returned,
}
/// The line `git cherry-pick -x` appends, naming the commit picked.
const PICKED_FROM: &str = "(cherry picked from commit ";

impl Procedure for Data {
    const KIND: &'static str = "backport";
    const SKIPS: Option<&'static str> = Some("this target");
    type Step = Step;

    fn hotfix_id(&self) -> &str {
        &self.hotfix_id
    }

    fn run(&mut self, step: &Step, run: &mut Run) -> Result<()> {
        match step {
            Step::Onto(name) => {
                let index = self.target_index(name)?;
                onto(run, self, index)
            }
            Step::SetVersion(name) => {
                let index = self.target_index(name)?;
                set_version(run, self, index)
            }
            Step::Tagged(name) => {
                let index = self.target_index(name)?;
                tag(run, self, index)
            }
            Step::Recorded => record(run, self),
            Step::Returned => run.check_out_head(),
        }
    }

    /// A backport begun before tagging was a step of its own tagged at the end of `Onto`: its
    /// tags become `Tagged` steps, counted done where that `Onto` is.
    fn upgrade(&self, steps: &mut Vec<Step>, done: &mut usize) {
        for target in self.targets.iter().filter(|t| t.tags().next().is_some()) {
            let tagged = Step::Tagged(target.target.clone());
            let onto = Step::Onto(target.target.clone());
            if steps.contains(&tagged) {
                continue;
            }
            if let Some(at) = steps.iter().position(|step| *step == onto) {
                steps.insert(at + 1, tagged);
                if *done > at {
                    *done += 1;
                }
            }
        }
    }

    /// `--skip` drops the target the backport stopped on: its branch and tag go back.
    fn skip(&mut self, step: &Step) -> Option<Skipped> {
        let (Step::Onto(name) | Step::SetVersion(name) | Step::Tagged(name)) = step else {
            return None;
        };
        let target = self.targets.iter_mut().find(|t| t.target == *name)?;
        target.skipped = true;
        let mut refs = vec![format!("refs/heads/{}", target.branch)];
        refs.extend(target.tags().map(|t| format!("refs/tags/{t}")));
        Some(Skipped {
            what: format!("'{name}'"),
            refs,
        })
    }

    /// The backport's own: cherry-picks of a target's commits (made by a step, or committed by
    /// the user after resolving one) on its branch, created from the target's tip or not, and
    /// what the step in flight made before a kill: the commit setting the line's version on
    /// its picks, the target's tags on its tip, the notes of the backport.
    fn completes(&self, repo: &Repo, moved: &Moved<Step>) -> bool {
        if moved.refname == NOTES_REF {
            // Its last event: the last target backported, or skipped.
            return moved.during(&Step::Recorded)
                && ["backported", "backport-skipped"].iter().any(|event| {
                    moved.is_commit_on_left(repo, &format!("{}: {event}", self.hotfix_id))
                });
        }
        self.targets.iter().any(|target| {
            if moved.refname == format!("refs/heads/{}", target.branch) {
                let from = moved.left.unwrap_or(target.start);
                return moved
                    .now
                    .is_some_and(|now| is_picked_from(repo, target, from, now))
                    || (moved.during(&Step::SetVersion(target.target.clone()))
                        && moved.is_commit_on_left(repo, &self.release_of(target).message()));
            }
            target
                .tags()
                .any(|tag| moved.refname == format!("refs/tags/{tag}"))
                && moved.is_created_on(repo, target.tip())
        })
    }

    fn completed(self, repo: &Repo, _hotfix: Hotfix) -> Result<bool> {
        print_done(repo, &self);
        Ok(true)
    }
}

/// True when `to` is `from` with only cherry-picks of the target's commits on top.
fn is_picked_from(repo: &Repo, target: &Target, from: ObjectId, to: ObjectId) -> bool {
    repo.is_ancestor(from, to).unwrap_or(false)
        && repo.commits_between(from, to).is_ok_and(|made| {
            made.iter().all(|&commit| {
                repo.message(commit).is_ok_and(|message| {
                    target
                        .commits
                        .iter()
                        .any(|picked| message.contains(&format!("{PICKED_FROM}{picked})")))
                })
            })
        })
}

impl Data {
    /// The release whose version the target's version step sets.
    fn release_of<'a>(&'a self, target: &'a Target) -> version_commit::Release<'a> {
        version_commit::Release {
            hotfix_id: &self.hotfix_id,
            version: target.version.as_deref().unwrap_or_default(),
            packages: &target.packages,
        }
    }

    fn target_index(&self, name: &str) -> Result<usize> {
        self.targets
            .iter()
            .position(|t| t.target == name)
            .ok_or_else(|| Error::internal(format!("the backport has no target '{name}'")))
    }
}

/// Backports onto one target: creates its branch and cherry-picks the commits it does not
/// have yet (completing one the user resolved). Commits picked before a kill are recognised
/// by their `-x` line, so none is picked twice.
fn onto(run: &Run, data: &mut Data, index: usize) -> Result<()> {
    let repo = run.repo;
    let work_tree = repo.work_tree()?;
    let target = data.targets[index].clone();
    let start = target.start;
    let branch = target.branch.as_str();
    let refname = format!("refs/heads/{branch}");
    if run.backup_of(&refname).is_none() && repo.branch_tip(branch)?.is_none() {
        repo.set_ref(
            &refname,
            start,
            &format!("hotfix backport: {branch} from {}", target.target),
        )?;
    }
    let (_, tip) = run.branch_then_and_now(branch)?;
    if !repo.is_ancestor(start, tip)? {
        return Err(Error::refused(format!(
            "'{branch}' moved away from {} during the backport",
            repo.short_id(start)
        ))
        .hint("undo the backport with 'git hotfix backport --abort' and start it again"));
    }
    let on_branch = repo.current_branch()?.as_deref() == Some(branch);
    let pending = |repo: &Repo, target: &Target| -> Result<Vec<ObjectId>> {
        let done = picked_from(repo, start, repo.branch_tip(branch)?.unwrap_or(start))?;
        Ok(target
            .commits
            .iter()
            .filter(|c| !done.contains(c) && !target.dropped.contains(c))
            .copied()
            .collect())
    };
    if on_branch && repo.stopped() == Some(Stopped::CherryPick) {
        let current = pending(repo, &target)?.into_iter().next();
        let resolution = run.commit_resolved(Stopped::CherryPick, None)?;
        if let (Resolution::Empty, Some(commit)) = (resolution, current) {
            data.targets[index].dropped.push(commit);
        }
    }
    run.refuse_foreign_stop()?;
    run.check_out(branch)?;
    for commit in pending(repo, &data.targets[index])? {
        if command::shown(work_tree, &["cherry-pick", "-x", &commit.to_string()])? {
            continue;
        }
        let conflicts = repo.conflicted_paths()?;
        let short = repo.short_id(commit);
        if repo.stopped() == Some(Stopped::CherryPick) && !conflicts.is_empty() {
            return Err(run.stop_on_conflicts(
                &format!("Conflicts backporting {short} onto '{}'", target.target),
                &format!("the backport onto '{}'", target.target),
                &conflicts,
            ));
        }
        if repo.stopped() == Some(Stopped::CherryPick) && !repo.index_differs_from_head()? {
            // The change is there already under another commit: nothing to pick.
            command::run(work_tree, &["reset", "--quiet", "--merge"])?;
            data.targets[index].dropped.push(commit);
            continue;
        }
        return Err(Error::refused(format!(
            "git could not cherry-pick {short} onto '{}' (see git's message above)",
            target.target
        )));
    }
    let tip = repo
        .branch_tip(branch)?
        .ok_or_else(|| Error::internal(format!("'{branch}' vanished")))?;
    let mut picked = repo.commits_between(start, tip)?;
    picked.reverse();
    data.targets[index].picked = picked;
    Ok(())
}

impl Target {
    /// The tags of the line's release: one, or each package's.
    pub(super) fn tags(&self) -> impl Iterator<Item = &str> {
        let single = self.tag.as_deref().filter(|_| self.packages.is_empty());
        single
            .into_iter()
            .chain(self.packages.iter().map(|r| r.tag.as_str()))
    }

    /// `, tagged v1.4.1`, or each package's tag; nothing without `--tag`.
    fn tagged(&self) -> String {
        let tags: Vec<&str> = self.tags().collect();
        if tags.is_empty() {
            return String::new();
        }
        ui::sanitize(&format!(", tagged {}", tags.join(", "))).into_owned()
    }

    /// `, version 1.4.1 set in Cargo.toml, VERSION` once the version commit is made.
    fn version_set(&self) -> Option<String> {
        self.version_commit?;
        let versions = match self.packages.as_slice() {
            [] => self.version.clone()?,
            releases => releases
                .iter()
                .map(|r| format!("{} {}", r.package, r.version))
                .collect::<Vec<_>>()
                .join(", "),
        };
        Some(
            ui::sanitize(&format!(
                ", version {versions} set in {}",
                self.version_files.join(", ")
            ))
            .into_owned(),
        )
    }

    /// The commit the target's steps leave its branch at: the version commit, else the last
    /// pick, else where it started.
    fn tip(&self) -> ObjectId {
        self.version_commit
            .or(self.picked.last().copied())
            .unwrap_or(self.start)
    }
}

/// Sets the release's version in the target's version files, in one commit on its branch
/// after the picks, as `finish` does on the hotfix branch (not for a target skipped).
fn set_version(run: &Run, data: &mut Data, index: usize) -> Result<()> {
    let target = &data.targets[index];
    if target.skipped {
        return Ok(());
    }
    let tip = target.picked.last().copied().unwrap_or(target.start);
    let release = data.release_of(target);
    let now = version_commit::commit_on(run, &target.branch, (target.start, tip), &release)?;
    data.targets[index].version_commit = (now != tip).then_some(now);
    Ok(())
}

/// Tags the target's release on the commit its steps left its branch at (not for a target
/// skipped).
fn tag(run: &Run, data: &Data, index: usize) -> Result<()> {
    let target = &data.targets[index];
    if target.skipped {
        return Ok(());
    }
    let message = format!(
        "Backport of {} to {}: {}",
        data.hotfix_id, target.target, data.issue
    );
    for tag in target.tags() {
        run.tag_once(tag, target.tip(), &message, false)?;
    }
    Ok(())
}

/// The commits `-x` says were picked into `start..tip`.
fn picked_from(repo: &Repo, start: ObjectId, tip: ObjectId) -> Result<Vec<ObjectId>> {
    let mut out = Vec::new();
    for commit in repo.commits_between(start, tip)? {
        for line in repo.message(commit)?.lines() {
            if let Some(rest) = line.trim().strip_prefix(PICKED_FROM) {
                out.extend(oid_json::parse(rest.trim_end_matches(')')).ok());
            }
        }
    }
    Ok(out)
}

/// Records each backport (and each skipped target) in the notes, once.
fn record(run: &mut Run, data: &Data) -> Result<()> {
    let repo = run.repo;
    let by = repo.identity()?;
    let mut events = Vec::new();
    let mut records = Vec::new();
    for target in &data.targets {
        if target.skipped {
            events.push((
                EventKind::BackportSkipped,
                format!("onto '{}'", target.target),
            ));
            continue;
        }
        let mut detail = format!("onto '{}'", target.target);
        if target.branch != target.target {
            detail.push_str(&format!(" as {}", target.branch));
        }
        detail.push_str(&format!(": {} commit(s)", target.picked.len()));
        detail.push_str(&target.version_set().unwrap_or_default());
        detail.push_str(&target.tagged());
        events.push((EventKind::Backported, detail));
        records.push(BackportRecord {
            target: target.target.clone(),
            branch: target.branch.clone(),
            commits: target.picked.clone(),
            tag: target.tag.clone(),
            releases: target.packages.clone(),
            extra: Default::default(),
        });
    }
    // Recorded already by a backport killed after saving the notes.
    let (first_event, first_detail) = &events[0];
    let started = run.started();
    let meta = &mut run.hotfix.meta;
    if meta.events.iter().any(|e| {
        e.event == *first_event
            && e.detail.as_deref() == Some(first_detail.as_str())
            && e.at >= started
    }) {
        return Ok(());
    }
    meta.backports.extend(records);
    for (event, detail) in events {
        meta.record(event, &by, Some(detail));
    }
    record::save(repo, run.hotfix)
}

fn print_done(repo: &Repo, data: &Data) {
    let bold = ui::bold();
    println!(
        "Backported {}:",
        bold.apply_to(ui::sanitize(&data.hotfix_id))
    );
    let mut refs = Vec::new();
    for target in &data.targets {
        if target.skipped {
            println!("  {:<12} skipped", target.target);
            continue;
        }
        let tip = repo.short_id(target.tip());
        let on = if target.branch == target.target {
            String::new()
        } else {
            format!(" on {}", target.branch)
        };
        let tag = target.version_set().unwrap_or_default() + &target.tagged();
        println!(
            "  {:<12} {} commit(s){on} ({tip}){tag}",
            target.target,
            target.picked.len()
        );
        refs.push(format!("refs/heads/{}", target.branch));
        refs.extend(target.tags().map(|tag| format!("refs/tags/{tag}")));
    }
    if !refs.is_empty() {
        // With the notes, whose backport records are what a guarded server checks the
        // branches against.
        refs.push(NOTES_REF.to_string());
        println!();
        let remote = crate::config::REMOTE
            .get(repo)
            .unwrap_or_else(|_| "origin".to_string());
        let args = command::atomic_push_args(&remote, &refs);
        println!("Publish with: git {}", command::shell_words(&args));
    }
}
