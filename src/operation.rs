//! An operation in progress: a command that moves several refs in steps (`finish` today;
//! `rollback --execute` and `backport` reuse it) and must survive a conflict, Ctrl-C or
//! SIGKILL at any point, to be continued or aborted to exactly where it started.
//!
//! Everything is kept in git, nothing in the working tree:
//! - `refs/hotfix-operation/state` points at a blob holding the JSON state: the kind of
//!   operation, its subject, where HEAD was, the refs it may move with their old values
//!   (`null` when the ref did not exist, e.g. a tag it creates), its steps, how many are done,
//!   and the command's own data.
//! - `refs/hotfix-operation/backup/<ref>` keeps each old value reachable, so `git gc` cannot
//!   lose it and `git for-each-ref` shows what would be restored.
//!
//! The state is written before anything moves and after every step, so a process killed
//! between steps resumes at the step it was in; each step checks whether its effect is already
//! there before acting, so one killed inside a step is not applied twice. `abort` resets a
//! stopped merge, revert or cherry-pick, restores every ref, checks out where HEAD was and
//! deletes the namespace, so `git for-each-ref` prints exactly what it printed before the
//! operation began. `skip` does the same for the refs of one step and goes on with the next
//! (`backport --skip` drops one target).
//!
//! A step that runs `git merge`, `git revert` or `git cherry-pick` and stops on conflicts
//! returns [`stop_on_conflicts`] (exit 3); when it runs again on `--continue` it calls
//! [`commit_resolved`] first, which refuses while conflicts remain and commits the resolution.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock;
use crate::error::{Context, Error, Result};
use crate::failpoint;
use crate::git::{ObjectId, Repo, Stopped, command};

/// Every ref of the machinery lives under this prefix.
pub const NAMESPACE: &str = "refs/hotfix-operation/";
const STATE_REF: &str = "refs/hotfix-operation/state";
const BACKUP_PREFIX: &str = "refs/hotfix-operation/backup/";

/// Where HEAD was when the operation began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Head {
    Branch(String),
    Detached(String),
}

/// A ref the operation may move, and its value before it began (`None`: it did not exist).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Backup {
    pub refname: String,
    pub target: Option<String>,
}

/// What a command asks for when it begins an operation.
pub struct Plan<T> {
    /// `finish`, `rollback`, `backport`: names the command `--continue` / `--abort` belong to.
    pub kind: &'static str,
    /// What it works on, e.g. the hotfix id.
    pub subject: String,
    /// Full names of every ref the operation may create, move or delete. HEAD is always kept.
    pub refs: Vec<String>,
    /// Step names, in order; `<kind>:<step>` is also the fail point hit after each.
    pub steps: Vec<String>,
    pub data: T,
}

/// The recorded state of an operation in progress, with the command's data `T`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Operation<T> {
    pub kind: String,
    pub subject: String,
    /// The work tree it runs in: merges and checkouts happen there.
    pub worktree: String,
    pub head: Head,
    pub backups: Vec<Backup>,
    pub steps: Vec<String>,
    /// How many steps are complete.
    pub done: usize,
    #[serde(with = "time::serde::rfc3339")]
    pub started: OffsetDateTime,
    pub data: T,
}

/// The kind and subject of whatever operation is in progress, for commands that must not run
/// meanwhile (or must name the command that continues it).
pub fn in_progress(repo: &Repo) -> Result<Option<(String, String)>> {
    Ok(read_state::<serde_json::Value>(repo)?.map(|op| (op.kind, op.subject)))
}

/// Refuses to start something while an operation is in progress: its `--abort` restores the
/// notes and refs, which would undo what was started meanwhile.
pub fn refuse_if_busy(repo: &Repo) -> Result<()> {
    match in_progress(repo)? {
        None => Ok(()),
        Some((kind, subject)) => Err(busy(&kind, &subject)),
    }
}

/// `git hotfix <kind> --abort`: puts everything back as it was before the operation began,
/// and says so.
pub fn abort_in_progress(repo: &Repo, kind: &str) -> Result<()> {
    let op = Operation::<serde_json::Value>::resume(repo, kind, "abort")?;
    let subject = op.subject.clone();
    let back = match &op.head {
        Head::Branch(branch) => format!("'{branch}' is checked out"),
        Head::Detached(commit) => format!("HEAD is at {commit} again"),
    };
    op.abort(repo)?;
    println!(
        "Aborted the {kind} of {subject}: every branch, tag and note is back where it was, and {back}."
    );
    Ok(())
}

/// Refuses to write the notes of a hotfix other than the subject of an operation in
/// progress: that operation's `--abort` restores the notes ref and would drop the write.
pub fn refuse_unless_subject(repo: &Repo, hotfix_id: &str) -> Result<()> {
    match in_progress(repo)? {
        Some((kind, subject)) if !subject.eq_ignore_ascii_case(hotfix_id) => {
            Err(busy(&kind, &subject))
        }
        _ => Ok(()),
    }
}

fn busy(kind: &str, subject: &str) -> Error {
    Error::refused(format!("a '{kind}' of {subject} is in progress")).hint(format!(
        "complete it with 'git hotfix {kind} --continue', or undo it with 'git hotfix {kind} --abort'"
    ))
}

fn read_state<T: DeserializeOwned>(repo: &Repo) -> Result<Option<Operation<T>>> {
    let Some(blob) = repo.ref_target(STATE_REF)? else {
        return Ok(None);
    };
    let text = repo.read_blob(blob)?;
    serde_json::from_slice(&text).map(Some).map_err(|err| {
        Error::internal(format!("the operation state in {STATE_REF} cannot be read ({err})"))
            .hint(format!(
                "inspect it with 'git cat-file -p {STATE_REF}'; delete the refs under {NAMESPACE} to discard it"
            ))
    })
}

impl<T: Serialize + DeserializeOwned> Operation<T> {
    /// Records where everything is, then backs up the refs: nothing has moved yet. Refuses
    /// while another operation is in progress.
    pub fn begin(repo: &Repo, plan: Plan<T>) -> Result<Operation<T>> {
        if let Some((kind, subject)) = in_progress(repo)? {
            return Err(busy(&kind, &subject));
        }
        let worktree = repo.work_tree()?.to_string_lossy().into_owned();
        let head = match repo.current_branch()? {
            Some(branch) => Head::Branch(branch),
            None => Head::Detached(
                repo.head_commit()?
                    .ok_or_else(|| Error::refused("HEAD points at no commit"))?
                    .to_string(),
            ),
        };
        let mut backups = Vec::new();
        for refname in plan.refs {
            if backups.iter().any(|b: &Backup| b.refname == refname) {
                continue;
            }
            let target = repo.ref_target(&refname)?.map(|oid| oid.to_string());
            backups.push(Backup { refname, target });
        }
        let op = Operation {
            kind: plan.kind.to_string(),
            subject: plan.subject,
            worktree,
            head,
            backups,
            steps: plan.steps,
            done: 0,
            started: clock::now(),
            data: plan.data,
        };
        // Created only if no other process began an operation since the check above.
        let text = serde_json::to_vec_pretty(&op)
            .map_err(|err| Error::internal(format!("cannot encode the operation state: {err}")))?;
        let blob = repo.write_blob(&text)?;
        if !repo.set_ref_if(STATE_REF, blob, None, &format!("hotfix {}: state", op.kind))? {
            return Err(match in_progress(repo)? {
                Some((kind, subject)) => busy(&kind, &subject),
                None => Error::refused("another command began an operation meanwhile")
                    .hint("run the command again"),
            });
        }
        for backup in &op.backups {
            if let Some(target) = &backup.target {
                repo.set_ref(
                    &format!("{BACKUP_PREFIX}{}", backup.refname),
                    oid(target)?,
                    &format!("hotfix {}: back up {}", op.kind, backup.refname),
                )?;
            }
        }
        Ok(op)
    }

    /// The operation of `kind` in progress; refuses when there is none or another kind runs.
    pub fn resume(repo: &Repo, kind: &str, flag: &str) -> Result<Operation<T>> {
        let Some((running, subject)) = in_progress(repo)? else {
            return Err(
                Error::refused(format!("there is no '{kind}' in progress to {flag}"))
                    .hint(format!("start one with 'git hotfix {kind}'")),
            );
        };
        if running != kind {
            return Err(busy(&running, &subject));
        }
        let op = read_state::<T>(repo)?.ok_or_else(|| Error::internal("the operation vanished"))?;
        let here = repo.work_tree()?.to_string_lossy().into_owned();
        if here != op.worktree {
            return Err(Error::refused(format!(
                "the '{kind}' in progress runs in the work tree {}",
                op.worktree
            ))
            .hint(format!("run 'git hotfix {kind} --{flag}' there")));
        }
        Ok(op)
    }

    /// Writes the state (a new blob, then the state ref).
    pub fn save(&self, repo: &Repo) -> Result<()> {
        let text = serde_json::to_vec_pretty(self)
            .map_err(|err| Error::internal(format!("cannot encode the operation state: {err}")))?;
        let blob = repo.write_blob(&text)?;
        repo.set_ref(STATE_REF, blob, &format!("hotfix {}: state", self.kind))
    }

    /// The value `refname` had before the operation began (`None`: it did not exist).
    pub fn backup_of(&self, refname: &str) -> Option<ObjectId> {
        self.backups
            .iter()
            .find(|b| b.refname == refname)
            .and_then(|b| b.target.as_deref())
            .and_then(|target| ObjectId::from_str(target).ok())
    }

    /// Runs the remaining steps in order. After each, the fail point `<kind>:<step>` is hit
    /// and the state saved; a step that fails leaves the state at that step (its data saved)
    /// so `--continue` runs it again and `--abort` undoes everything.
    pub fn run(
        &mut self,
        repo: &Repo,
        mut step: impl FnMut(&Repo, &str, &mut Operation<T>) -> Result<()>,
    ) -> Result<()> {
        while self.done < self.steps.len() {
            let name = self.steps[self.done].clone();
            if let Err(err) = step(repo, &name, self) {
                self.save(repo)?;
                return Err(err);
            }
            failpoint::hit(&format!("{}:{name}", self.kind));
            self.done += 1;
            self.save(repo)?;
        }
        Ok(())
    }

    /// Ends a completed operation: drops its backups and state.
    pub fn end(self, repo: &Repo) -> Result<()> {
        remove_namespace(repo)
    }

    /// Puts everything back as it was before `begin`: resets a stopped merge, revert or
    /// cherry-pick, restores every ref (deleting those that did not exist, a created branch with
    /// its configuration), checks out where HEAD was and removes the operation's refs. Safe to
    /// run again if it is interrupted itself.
    pub fn abort(self, repo: &Repo) -> Result<()> {
        reset_stopped(repo)?;
        detach(repo)?;
        for backup in &self.backups {
            self.restore(repo, backup, "--abort")?;
        }
        self.check_out_head(repo).map_err(|err| {
            Error::refused("every ref is restored, but HEAD cannot be checked out again")
                .hint(err.message)
                .hint(format!(
                    "set your changes aside ('git stash'), then run 'git hotfix {} --abort' again",
                    self.kind
                ))
        })?;
        remove_namespace(repo)
    }

    /// Abandons the current step: resets a stopped merge, revert or cherry-pick, puts each of
    /// `refs` back to its value before the operation began (HEAD left detached where it was)
    /// and counts the step as done, so `run` goes on with the next one.
    pub fn skip(&mut self, repo: &Repo, refs: &[String]) -> Result<()> {
        reset_stopped(repo)?;
        detach(repo)?;
        for backup in self.backups.iter().filter(|b| refs.contains(&b.refname)) {
            self.restore(repo, backup, "--skip")?;
        }
        self.done = (self.done + 1).min(self.steps.len());
        self.save(repo)
    }

    /// Checks out where HEAD was when the operation began (the last step of an operation
    /// that leaves the user where they were).
    pub fn check_out_head(&self, repo: &Repo) -> Result<()> {
        let checkout: Vec<&str> = match &self.head {
            Head::Branch(branch) => {
                if repo.current_branch()?.as_deref() == Some(branch.as_str()) {
                    return Ok(());
                }
                vec!["checkout", "--quiet", branch.as_str(), "--"]
            }
            Head::Detached(commit) => vec!["checkout", "--quiet", "--detach", commit.as_str()],
        };
        command::run(repo.work_tree()?, &checkout)?;
        Ok(())
    }

    /// The step `run` would run next (`None` once all are done).
    pub fn current_step(&self) -> Option<&str> {
        self.steps.get(self.done).map(String::as_str)
    }

    fn restore(&self, repo: &Repo, backup: &Backup, flag: &str) -> Result<()> {
        match &backup.target {
            Some(target) => repo.set_ref(
                &backup.refname,
                oid(target)?,
                &format!("hotfix {} {flag}: restore", self.kind),
            ),
            // A branch the operation created goes with its configuration (an upstream it
            // was given), as `git branch -D` deletes it.
            None => match backup.refname.strip_prefix("refs/heads/") {
                Some(branch) => repo.delete_branch(branch),
                None => repo.delete_ref(&backup.refname),
            },
        }
    }
}

/// The hints of an operation that stopped: go on, (skip the step,) or undo it all.
pub fn next_steps(mut err: Error, kind: &str, skip: Option<&str>) -> Error {
    // An error that already says how to go on (conflicts left to resolve) keeps its hints.
    if err.hints.iter().any(|h| h.contains("--continue")) {
        return err;
    }
    err = err.hint(format!(
        "fix the cause, then run 'git hotfix {kind} --continue'"
    ));
    if let Some(what) = skip {
        err = err.hint(format!("or skip {what} with 'git hotfix {kind} --skip'"));
    }
    err.hint(format!(
        "or undo the whole {kind} with 'git hotfix {kind} --abort'"
    ))
}

/// The stop of a step whose merge, revert or cherry-pick (`what`, e.g. "the merge into
/// 'develop'") left conflicts: lists them under `heading` on stderr and returns the exit-3
/// error saying how to go on; `skip` names what `--skip` would drop, for kinds that have it.
pub fn stop_on_conflicts(
    kind: &str,
    heading: &str,
    what: &str,
    conflicts: &[String],
    skip: Option<&str>,
) -> Error {
    eprintln!("{heading}:");
    for path in conflicts {
        eprintln!("  {path}");
    }
    let mut err = Error::stopped(format!(
        "{what} stopped on conflicts in {} file(s)",
        conflicts.len()
    ))
    .hint(format!(
        "resolve them, 'git add' each file, then run 'git hotfix {kind} --continue'"
    ));
    if let Some(skip) = skip {
        err = err.hint(format!("or skip {skip} with 'git hotfix {kind} --skip'"));
    }
    err.hint(format!(
        "or undo the whole {kind} with 'git hotfix {kind} --abort'"
    ))
}

/// What [`commit_resolved`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The resolution was committed.
    Committed,
    /// The resolved revert or cherry-pick changes nothing; it was dropped, nothing committed.
    Empty,
}

/// Completes the merge, revert or cherry-pick `stopped` that the user resolved: refuses while
/// conflicts remain, else commits it with `message` (git's prepared message when `None`),
/// running the hooks as `git commit` does.
pub fn commit_resolved(
    repo: &Repo,
    kind: &str,
    stopped: Stopped,
    message: Option<&str>,
    skip: Option<&str>,
) -> Result<Resolution> {
    let work_tree = repo.work_tree()?;
    let conflicts = repo.conflicted_paths()?;
    if !conflicts.is_empty() {
        let mut err = Error::refused(format!(
            "{} file(s) still have conflicts: {}",
            conflicts.len(),
            conflicts.join(", ")
        ))
        .hint(format!(
            "resolve them and 'git add' each file, then run 'git hotfix {kind} --continue'"
        ));
        if let Some(skip) = skip {
            err = err.hint(format!("or skip {skip} with 'git hotfix {kind} --skip'"));
        }
        return Err(err.hint(format!(
            "or undo the whole {kind} with 'git hotfix {kind} --abort'"
        )));
    }
    if stopped != Stopped::Merge && !repo.index_differs_from_head()? {
        command::run(work_tree, &["reset", "--quiet", "--merge"])
            .context(|| format!("cannot drop the empty {}", stopped.command()))?;
        return Ok(Resolution::Empty);
    }
    let mut args = vec!["commit", "--quiet"];
    match message {
        Some(message) => args.extend(["--cleanup=whitespace", "-m", message]),
        // As an editor would: git's "# Conflicts:" comments are dropped.
        None => args.extend(["--no-edit", "--cleanup=strip"]),
    }
    if !command::shown(work_tree, &args)? {
        return Err(Error::refused(format!(
            "the resolved {} could not be committed (see git's message above)",
            stopped.command()
        )));
    }
    Ok(Resolution::Committed)
}

/// Resets a merge, revert or cherry-pick stopped in the work tree (`git <command> --abort`,
/// else `git reset --merge`).
fn reset_stopped(repo: &Repo) -> Result<()> {
    let Some(stopped) = repo.stopped() else {
        return Ok(());
    };
    let work_tree = repo.work_tree()?;
    let aborted = command::capture(work_tree, &[stopped.command(), "--abort"])?;
    if !aborted.success || repo.stopped().is_some() {
        command::run(work_tree, &["reset", "--quiet", "--merge"])
            .context(|| format!("cannot reset the stopped {}", stopped.command()))?;
    }
    Ok(())
}

/// Detaches HEAD where it is, so the branches under it can be restored while the working
/// tree stays put.
fn detach(repo: &Repo) -> Result<()> {
    if repo.head_commit()?.is_some() {
        command::run(repo.work_tree()?, &["checkout", "--quiet", "--detach"])
            .context(|| "cannot detach HEAD to restore the branches".into())?;
    }
    Ok(())
}

/// Deletes the backups first and the state last, so an interrupted removal still shows an
/// operation in progress rather than leaving stray backups.
fn remove_namespace(repo: &Repo) -> Result<()> {
    for (refname, _) in repo.refs_under(BACKUP_PREFIX)? {
        repo.delete_ref(&refname)?;
    }
    repo.delete_ref(STATE_REF)
}

fn oid(text: &str) -> Result<ObjectId> {
    ObjectId::from_str(text).map_err(|_| {
        Error::internal(format!(
            "the operation state holds a bad object id '{text}'"
        ))
    })
}
