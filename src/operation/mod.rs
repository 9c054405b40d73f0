//! The one engine for resumable operations: commands that move several refs in steps
//! (`finish`, `rollback --execute`, `backport`) and must survive a conflict, Ctrl-C or
//! SIGKILL at any point, to be continued or aborted to exactly where it started. A command
//! implements [`Procedure`] (its typed steps and how to run one); this module owns begin,
//! back up, run, stop, `--continue`, `--skip`, `--abort` and the hints, once for all of them.
//!
//! Everything is kept in git, nothing in the working tree: `refs/hotfix-operation/state`
//! points at a commit on no branch whose message is the JSON state (the kind of operation,
//! its subject, where HEAD was, the refs it may move with their old values (`null` when the
//! ref did not exist, e.g. a tag it creates), its steps, how many are done, and the command's
//! own data) and whose parents are those old values, so `git gc` cannot lose them. One object
//! and one ref per save keep the machinery cheap: finish saves after every step. (An
//! operation begun by an older version keeps its state in a blob and its backups under
//! `refs/hotfix-operation/backup/`; both are read and removed the same way.)
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
//! returns [`Run::stop_on_conflicts`] (exit 3); when it runs again on `--continue` it calls
//! [`Run::commit_resolved`] first, which refuses while conflicts remain and commits the
//! resolution. The helpers steps share (guards, tag once, checkout) are in [`step`].

mod abort;
mod dry_run;
mod state;
mod step;

use state::{STATE_REF, remove_namespace};

pub use abort::Moved;
pub use dry_run::{Described, print_plan};
pub use step::{Resolution, Run, message_is};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock;
use crate::error::{Context, Error, Kind, Result};
use crate::failpoint;
use crate::git::{ObjectId, Repo, command, oid_json};
use crate::store::{self, Hotfix};

/// Every ref of the machinery lives under this prefix.
pub const NAMESPACE: &str = "refs/hotfix-operation/";

/// A command that runs as an operation: its data is the operation's state, its steps are
/// typed, and the engine calls [`Procedure::run`] for each in turn.
pub trait Procedure: Serialize + DeserializeOwned + Clone {
    /// `finish`, `rollback`, `backport`: names the command `--continue` / `--abort` belong to.
    const KIND: &'static str;
    /// What `--skip` drops ("this target"), for a kind that has `--skip`.
    const SKIPS: Option<&'static str> = None;
    /// One step, kept in the state by its serde name ([`step_name`]).
    type Step: Serialize + DeserializeOwned + Clone + PartialEq;

    /// The hotfix the operation works on.
    fn hotfix_id(&self) -> &str;

    /// Runs one step. It must recognise its own effect already there (from a run killed
    /// after it), so that running it again changes nothing.
    fn run(&mut self, step: &Self::Step, run: &mut Run) -> Result<()>;

    /// For `--skip`: marks `step` as skipped in the data and says what to put back; `None`
    /// when the step cannot be skipped.
    fn skip(&mut self, _step: &Self::Step) -> Option<Skipped> {
        None
    }

    /// An operation begun by an older version, resumed by this one: brings its steps (and
    /// how many are done) up to this version's, so nothing a step now does apart is skipped.
    fn upgrade(&self, _steps: &mut Vec<Self::Step>, _done: &mut usize) {}

    /// After the last step and the end of the operation: the summary, the push. True when
    /// the notes are to be shared with the remote now.
    fn completed(self, repo: &Repo, hotfix: Hotfix) -> Result<bool>;

    /// True when a ref found `moved` from where the operation left it holds the operation's
    /// own work, which `--abort` undoes like the rest: a resolved merge, revert or
    /// cherry-pick the user committed with `git commit`, or what the step in flight made
    /// before the process was killed, ahead of the state saved after it (a tag, a notes
    /// commit, a deleted branch). Anything else the user did is kept.
    fn completes(&self, _repo: &Repo, _moved: &Moved<Self::Step>) -> bool {
        false
    }
}

/// What a `--skip` drops: a name for the message, and the refs that go back.
pub struct Skipped {
    pub what: String,
    pub refs: Vec<String>,
}

/// Where HEAD was when the operation began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Head {
    Branch(String),
    Detached(#[serde(with = "oid_json")] ObjectId),
}

/// A ref the operation may move, its value before it began (`None`: it did not exist), and
/// the value the operation last left it at, so `--abort` can tell a ref the user moved
/// meanwhile (which it keeps) from one only the operation moved (which it restores).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Backup {
    pub refname: String,
    #[serde(with = "oid_json::option")]
    pub target: Option<ObjectId>,
    #[serde(default, with = "oid_json::option")]
    pub left: Option<ObjectId>,
}

/// What a command asks for when it begins an operation.
pub struct Plan<P: Procedure> {
    /// Full names of every ref the operation may create, move or delete. HEAD is always kept.
    pub refs: Vec<String>,
    pub steps: Vec<P::Step>,
    pub data: P,
}

/// The recorded state of an operation in progress.
#[derive(Debug, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Operation<P: Procedure> {
    pub kind: String,
    pub subject: String,
    /// The work tree it runs in: merges and checkouts happen there.
    pub worktree: String,
    pub head: Head,
    pub backups: Vec<Backup>,
    pub steps: Vec<P::Step>,
    /// How many steps are complete.
    pub done: usize,
    #[serde(with = "time::serde::rfc3339")]
    pub started: OffsetDateTime,
    pub data: P,
}

/// How a command is asked to go on with an operation in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    Continue,
    Skip,
    Abort,
}

impl Resume {
    /// The flag given, if any: `--abort` first, then `--skip`, then `--continue`.
    pub fn from_flags(continue_: bool, skip: bool, abort: bool) -> Option<Resume> {
        match (continue_, skip, abort) {
            (_, _, true) => Some(Resume::Abort),
            (_, true, _) => Some(Resume::Skip),
            (true, _, _) => Some(Resume::Continue),
            _ => None,
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Resume::Continue => "continue",
            Resume::Skip => "skip",
            Resume::Abort => "abort",
        }
    }
}

/// The kind and subject of whatever operation is in progress, for commands that must not run
/// meanwhile (or must name the command that continues it).
pub fn in_progress(repo: &Repo) -> Result<Option<(String, String)>> {
    let Some(blob) = repo.ref_target(STATE_REF)? else {
        return Ok(None);
    };
    /// The fields every kind has, whatever its data.
    #[derive(Deserialize)]
    struct Summary {
        kind: String,
        subject: String,
    }
    let summary: Summary = state::read(repo, blob)?;
    Ok(Some((summary.kind, summary.subject)))
}

/// Refuses to start something while an operation is in progress: its `--abort` restores the
/// notes and refs, which would undo what was started meanwhile.
pub fn refuse_if_busy(repo: &Repo) -> Result<()> {
    match in_progress(repo)? {
        None => Ok(()),
        Some((kind, subject)) => Err(busy(&kind, &subject)),
    }
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

/// Begins the operation of `plan`: refuses while another is in progress and notes where
/// every ref it may move is now. What is written to the notes from here on, `--abort` takes
/// back. [`Begun::run`] then records the state, before anything moves, and runs it.
pub fn begin<P: Procedure>(repo: &Repo, plan: Plan<P>) -> Result<Begun<P>> {
    Operation::begin(repo, plan).map(Begun)
}

/// An operation begun, not yet run or recorded.
pub struct Begun<P: Procedure>(Operation<P>);

impl<P: Procedure> Begun<P> {
    /// Records the state, then runs every step and completes the operation. True when the
    /// notes are to be shared now. `--abort` restores the refs as `begin` found them.
    pub fn run(self, repo: &Repo) -> Result<bool> {
        let mut op = self.0;
        let now = op.now(repo)?;
        for (backup, now) in op.backups.iter_mut().zip(now) {
            backup.left = now;
        }
        op.record(repo)?;
        op.drive(repo)
    }
}

/// The one confirmation rule of the commands that move or delete refs (`finish`, `cancel`,
/// `rollback --execute`, `backport`): `--yes` (`yes`) confirms; on a terminal the user is
/// asked `prompt`, and a no is a refusal that says nothing was changed; with no terminal to
/// ask on, the command is refused unless `--yes` is given. `changes` says what the command
/// would do ("finishing HOTFIX-001 merges 'hotfix/x' into 'main'"), for that refusal.
pub fn confirm(kind: &str, changes: &str, prompt: &str, default: bool, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !crate::ui::interactive() {
        return Err(
            Error::refused(format!("{changes}, and there is no terminal to confirm it"))
                .hint("pass --yes to confirm it"),
        );
    }
    if crate::ui::confirm(prompt, default)? {
        return Ok(());
    }
    Err(
        Error::refused(format!("{kind} not confirmed; nothing was changed"))
            .hint("run it again and answer yes, or pass --yes"),
    )
}

/// `git hotfix <kind> --continue`, `--skip` or `--abort`: goes on with the operation of this
/// kind in progress (or undoes it). True when the notes are to be shared now.
pub fn resume<P: Procedure>(repo: &Repo, how: Resume) -> Result<bool> {
    let mut op = Operation::<P>::resume(repo, how.flag())?;
    match how {
        Resume::Abort => {
            op.abort(repo)?;
            Ok(false)
        }
        Resume::Skip => {
            op.skip(repo)?;
            op.drive(repo)
        }
        Resume::Continue => op.drive(repo),
    }
}

impl<P: Procedure> Operation<P> {
    /// Notes where everything is: nothing has moved yet. Refuses while another operation is
    /// in progress, or when a ref to back up points at something other than a commit (the
    /// state's parents keep the old values).
    fn begin(repo: &Repo, plan: Plan<P>) -> Result<Operation<P>> {
        if let Some((kind, subject)) = in_progress(repo)? {
            return Err(busy(&kind, &subject));
        }
        let worktree = repo.work_tree()?.to_string_lossy().into_owned();
        let head = match repo.current_branch()? {
            Some(branch) => Head::Branch(branch),
            None => Head::Detached(
                repo.head_commit()?
                    .ok_or_else(|| Error::refused("HEAD points at no commit"))?,
            ),
        };
        let mut backups = Vec::new();
        for refname in plan.refs {
            if backups.iter().any(|b: &Backup| b.refname == refname) {
                continue;
            }
            let target = repo.ref_target(&refname)?;
            if target.is_some() && repo.ref_commit(&refname)? != target {
                return Err(Error::internal(format!(
                    "'{refname}' points at a tag object, not a commit, so it cannot be backed up"
                )));
            }
            backups.push(Backup {
                refname,
                target,
                left: target,
            });
        }
        Ok(Operation {
            kind: P::KIND.to_string(),
            subject: plan.data.hotfix_id().to_string(),
            worktree,
            head,
            backups,
            steps: plan.steps,
            done: 0,
            started: clock::now(),
            data: plan.data,
        })
    }

    /// Writes the first state, which backs up every ref: created only if no other process
    /// began an operation since [`Operation::begin`] checked.
    fn record(&self, repo: &Repo) -> Result<()> {
        let state = self.commit(repo)?;
        if repo.set_ref_if(
            STATE_REF,
            state,
            None,
            &format!("hotfix {}: state", self.kind),
        )? {
            return Ok(());
        }
        Err(match in_progress(repo)? {
            Some((kind, subject)) => busy(&kind, &subject),
            None => Error::refused("another command began an operation meanwhile")
                .hint("run the command again"),
        })
    }

    /// The operation of this kind in progress; refuses when there is none or another kind
    /// runs, or when it runs in another work tree.
    fn resume(repo: &Repo, flag: &str) -> Result<Operation<P>> {
        let kind = P::KIND;
        let Some((running, subject)) = in_progress(repo)? else {
            return Err(
                Error::refused(format!("there is no '{kind}' in progress to {flag}"))
                    .hint(format!("start one with 'git hotfix {kind}'")),
            );
        };
        if running != kind {
            return Err(busy(&running, &subject));
        }
        let blob = repo
            .ref_target(STATE_REF)?
            .ok_or_else(|| Error::internal("the operation vanished"))?;
        let mut op: Operation<P> = state::read(repo, blob)?;
        op.data.upgrade(&mut op.steps, &mut op.done);
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

    /// The state as a commit: the JSON as its message, the old values of the refs as its
    /// parents.
    fn commit(&self, repo: &Repo) -> Result<ObjectId> {
        let json = serde_json::to_string_pretty(self)
            .map_err(|err| Error::internal(format!("cannot encode the operation state: {err}")))?;
        let mut kept: Vec<ObjectId> = Vec::new();
        for target in self.backups.iter().filter_map(|b| b.target) {
            if !kept.contains(&target) {
                kept.push(target);
            }
        }
        let message = format!(
            "hotfix {}: {} in progress\n\n{json}",
            self.kind, self.subject
        );
        repo.write_keeping_commit(&message, &kept)
    }

    /// Writes the state (a new commit, then the state ref).
    fn save(&self, repo: &Repo) -> Result<()> {
        let state = self.commit(repo)?;
        repo.set_ref(STATE_REF, state, &format!("hotfix {}: state", self.kind))
    }

    /// Runs the remaining steps in order, then ends the operation and completes it. After
    /// each step the fail point `<kind>:<step>:unsaved` is hit, then the state is saved, once,
    /// and the fail point `<kind>:<step>` hit; a step that
    /// fails leaves the state at that step (its data saved) so `--continue` runs it again and
    /// `--abort` undoes everything, and the error says so.
    fn drive(mut self, repo: &Repo) -> Result<bool> {
        let mut hotfix = store::reload(repo, &self.subject)?;
        while self.done < self.steps.len() {
            let step = self.steps[self.done].clone();
            let mut run = Run::new(
                repo,
                &self.backups,
                &self.head,
                self.started,
                &mut hotfix,
                P::KIND,
                P::SKIPS,
            );
            let before = self.now(repo)?;
            let ran = self.data.run(&step, &mut run);
            if ran.is_ok() {
                failpoint::hit(&format!("{}:{}:unsaved", self.kind, step_name(&step)));
            }
            self.note_left(repo, &before)?;
            if let Err(mut err) = ran {
                self.save(repo)?;
                // Whatever stopped the step, the operation waits for the user: exit 3.
                if err.kind != Kind::Stopped {
                    err = next_steps(err, P::KIND, P::SKIPS);
                    err.kind = Kind::Stopped;
                }
                return Err(err);
            }
            // One save records what the step did, where it left the refs and that it is done.
            self.done += 1;
            self.save(repo)?;
            failpoint::hit(&format!("{}:{}", self.kind, step_name(&step)));
        }
        remove_namespace(repo)?;
        self.data.completed(repo, hotfix)
    }

    /// `--skip`: abandons the current step: resets a stopped merge, revert or cherry-pick,
    /// puts the step's refs back to their value before the operation began (HEAD left
    /// detached where it was) and counts the step as done.
    fn skip(&mut self, repo: &Repo) -> Result<()> {
        let kind = P::KIND;
        let skipped = self
            .steps
            .get(self.done)
            .cloned()
            .and_then(|step| self.data.skip(&step))
            .ok_or_else(|| {
                Error::refused(format!(
                    "the {kind} in progress is past the steps that can be skipped"
                ))
                .hint(format!("complete it with 'git hotfix {kind} --continue'"))
            })?;
        reset_stopped(repo)?;
        detach(repo)?;
        let kept = self.put_all_back(repo, |b| skipped.refs.contains(&b.refname), "--skip")?;
        for backup in &mut self.backups {
            if skipped.refs.contains(&backup.refname) {
                backup.left = backup.target;
            }
        }
        self.done = (self.done + 1).min(self.steps.len());
        self.save(repo)?;
        if kept.is_empty() {
            eprintln!("Skipped {}: it is back where it was.", skipped.what);
        } else {
            eprintln!(
                "Skipped {}, but you moved what it made meanwhile:",
                skipped.what
            );
            for line in kept {
                eprintln!("  {line}");
            }
        }
        Ok(())
    }

    /// Where each backed-up ref is now, in the order of the backups.
    fn now(&self, repo: &Repo) -> Result<Vec<Option<ObjectId>>> {
        self.backups
            .iter()
            .map(|backup| repo.ref_target(&backup.refname))
            .collect()
    }

    /// Remembers where the operation left each ref, given where they were (`before`) when it
    /// last ran: a ref the user moved while the operation was stopped keeps its old `left`,
    /// so `--abort` still knows it for the user's and keeps it.
    fn note_left(&mut self, repo: &Repo, before: &[Option<ObjectId>]) -> Result<()> {
        for (backup, before) in self.backups.iter_mut().zip(before) {
            if *before == backup.left {
                backup.left = repo.ref_target(&backup.refname)?;
            }
        }
        Ok(())
    }

    fn restore(&self, repo: &Repo, backup: &Backup, flag: &str) -> Result<()> {
        match backup.target {
            Some(target) => repo.set_ref(
                &backup.refname,
                target,
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

/// A step's name as the state spells it: `merged-production` for a unit variant,
/// `onto-release/2.0` for one with a value. Also the fail point `<kind>:<step>` hit after it.
pub fn step_name<S: Serialize>(step: &S) -> String {
    match serde_json::to_value(step) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(serde_json::Value::Object(fields)) => fields
            .iter()
            .map(|(name, value)| match value {
                serde_json::Value::String(value) => format!("{name}-{value}"),
                other => format!("{name}-{other}"),
            })
            .collect(),
        _ => String::new(),
    }
}

/// The hints of an operation that stopped: go on, (skip the step,) or undo it all. An error
/// that already says how to go on (conflicts left to resolve) keeps its hints.
fn next_steps(mut err: Error, kind: &str, skip: Option<&str>) -> Error {
    if err.hints.iter().any(|h| h.contains("--continue")) {
        return err;
    }
    err = err.hint(format!(
        "fix the cause, then run 'git hotfix {kind} --continue'"
    ));
    or_skip_or_abort(err, kind, skip)
}

/// The two ways out every stop offers after "go on": skip this step, or undo it all.
fn or_skip_or_abort(mut err: Error, kind: &str, skip: Option<&str>) -> Error {
    if let Some(what) = skip {
        err = err.hint(format!("or skip {what} with 'git hotfix {kind} --skip'"));
    }
    err.hint(format!(
        "or undo the whole {kind} with 'git hotfix {kind} --abort'"
    ))
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
