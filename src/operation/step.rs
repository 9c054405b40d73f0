//! What the steps of every operation share: the guards against a branch deleted or moved
//! while the operation stopped, completing a resolved merge, revert or cherry-pick, the stop
//! on conflicts with its hints, creating a tag once, and checking out.

use time::OffsetDateTime;

use crate::error::{Context, Error, Result};
use crate::git::{ObjectId, Repo, Stopped, command};
use crate::store::Hotfix;

use super::{Backup, Head, or_skip_or_abort};

/// What [`Run::commit_resolved`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The resolution was committed.
    Committed,
    /// The resolved revert or cherry-pick changes nothing; it was dropped, nothing committed.
    Empty,
}

/// One step's view of the operation: the repository, the hotfix's notes, the backups.
pub struct Run<'a> {
    pub repo: &'a Repo,
    pub hotfix: &'a mut Hotfix,
    backups: &'a [Backup],
    head: &'a Head,
    started: OffsetDateTime,
    kind: &'static str,
    skips: Option<&'static str>,
}

impl<'a> Run<'a> {
    pub(super) fn new(
        repo: &'a Repo,
        backups: &'a [Backup],
        head: &'a Head,
        started: OffsetDateTime,
        hotfix: &'a mut Hotfix,
        kind: &'static str,
        skips: Option<&'static str>,
    ) -> Run<'a> {
        Run {
            repo,
            hotfix,
            backups,
            head,
            started,
            kind,
            skips,
        }
    }

    /// When the operation began: events recorded since are its own.
    pub fn started(&self) -> OffsetDateTime {
        self.started
    }

    /// The value `refname` had before the operation began (`None`: it did not exist).
    pub fn backup_of(&self, refname: &str) -> Option<ObjectId> {
        self.backups
            .iter()
            .find(|b| b.refname == refname)
            .and_then(|b| b.target)
    }

    /// The tip of `branch` before the operation began and now; refuses when the branch was
    /// deleted meanwhile.
    pub fn branch_then_and_now(&self, branch: &str) -> Result<(Option<ObjectId>, ObjectId)> {
        let before = self.backup_of(&format!("refs/heads/{branch}"));
        let now = self.repo.branch_tip(branch)?.ok_or_else(|| {
            Error::refused(format!(
                "the branch '{branch}' was deleted during the {}",
                self.kind
            ))
            .hint(self.abort_hint(""))
        })?;
        Ok((before, now))
    }

    /// The refusal for a branch that moved while the operation stopped.
    pub fn moved(&self, branch: &str, now: ObjectId, expected: ObjectId) -> Error {
        Error::refused(format!(
            "'{branch}' moved during the {} (it is at {}, not {})",
            self.kind,
            self.repo.short_id(now),
            self.repo.short_id(expected)
        ))
        .hint(self.abort_hint(" and start it again"))
    }

    fn abort_hint(&self, then: &str) -> String {
        format!(
            "undo the {0} with 'git hotfix {0} --abort'{then}",
            self.kind
        )
    }

    /// Refuses to go on while a merge, revert or cherry-pick of the user's own is stopped in
    /// the work tree.
    pub fn refuse_foreign_stop(&self) -> Result<()> {
        match self.repo.stopped() {
            None => Ok(()),
            Some(stopped) => Err(Error::refused(format!(
                "a {} is in progress in the work tree",
                stopped.command()
            ))
            .hint(format!(
                "finish it or run 'git {} --abort', then 'git hotfix {} --continue'",
                stopped.command(),
                self.kind
            ))),
        }
    }

    /// Checks out `branch` unless it is checked out already.
    pub fn check_out(&self, branch: &str) -> Result<()> {
        if self.repo.current_branch()?.as_deref() == Some(branch) {
            return Ok(());
        }
        check_out(self.repo, branch)
    }

    /// Checks out where HEAD was when the operation began (the last step of an operation
    /// that leaves the user where they were).
    pub fn check_out_head(&self) -> Result<()> {
        check_out_head(self.repo, self.head)
    }

    /// The stop of a step whose merge, revert or cherry-pick (`what`, e.g. "the merge into
    /// 'develop'") left conflicts: lists them under `heading` on stderr and returns the
    /// exit-3 error saying how to go on.
    pub fn stop_on_conflicts(&self, heading: &str, what: &str, conflicts: &[String]) -> Error {
        eprintln!("{heading}:");
        for path in conflicts {
            eprintln!("  {}", crate::ui::sanitize(path));
        }
        let err = Error::stopped(format!(
            "{what} stopped on conflicts in {} file(s)",
            conflicts.len()
        ))
        .hint(format!(
            "resolve them, 'git add' each file, then run 'git hotfix {} --continue'",
            self.kind
        ));
        or_skip_or_abort(err, self.kind, self.skips)
    }

    /// Completes the merge, revert or cherry-pick `stopped` that the user resolved: refuses
    /// while conflicts remain, else commits it with `message` (git's prepared message when
    /// `None`), running the hooks as `git commit` does.
    pub fn commit_resolved(&self, stopped: Stopped, message: Option<&str>) -> Result<Resolution> {
        let work_tree = self.repo.work_tree()?;
        let conflicts = self.repo.conflicted_paths()?;
        if !conflicts.is_empty() {
            let err = Error::refused(format!(
                "{} file(s) still have conflicts: {}",
                conflicts.len(),
                conflicts.join(", ")
            ))
            .hint(format!(
                "resolve them and 'git add' each file, then run 'git hotfix {} --continue'",
                self.kind
            ));
            return Err(or_skip_or_abort(err, self.kind, self.skips));
        }
        if stopped != Stopped::Merge && !self.repo.index_differs_from_head()? {
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

    /// Creates the annotated tag `name` on `target` (signed with `sign`, which needs git and
    /// the user's key setup); a tag this operation already created there is kept, any other
    /// is a refusal.
    pub fn tag_once(&self, name: &str, target: ObjectId, message: &str, sign: bool) -> Result<()> {
        let refname = format!("refs/tags/{name}");
        if self.repo.ref_target(&refname)?.is_some() {
            if self.backup_of(&refname).is_none() && self.repo.ref_commit(&refname)? == Some(target)
            {
                return Ok(());
            }
            return Err(Error::refused(format!(
                "the tag '{name}' was created by someone else during the {}",
                self.kind
            )));
        }
        if !sign {
            self.repo.create_annotated_tag(name, target, message)?;
            return Ok(());
        }
        let target = target.to_string();
        if !command::shown(
            self.repo.work_tree()?,
            &["tag", "-s", name, "-m", message, target.as_str()],
        )? {
            return Err(Error::refused(format!(
                "git could not create the signed tag '{name}' (see git's message above)"
            ))
            .hint(
                "check your signing setup (user.signingKey, gpg.format), or finish without --sign",
            ));
        }
        Ok(())
    }
}

/// True when the commit message `actual` is `expected`, alone or followed by the trailers a
/// hook of the user's added (`Change-Id:`, `Signed-off-by:`).
pub fn message_is(actual: &str, expected: &str) -> bool {
    let actual = actual.trim_end();
    actual == expected
        || actual
            .strip_prefix(expected)
            .is_some_and(|rest| rest.starts_with("\n\n"))
}

/// Checks out `branch`; `--end-of-options` keeps a name from the notes from being read as an
/// option.
pub fn check_out(repo: &Repo, branch: &str) -> Result<()> {
    command::run(
        repo.work_tree()?,
        &["checkout", "--quiet", "--end-of-options", branch, "--"],
    )?;
    Ok(())
}

pub(super) fn check_out_head(repo: &Repo, head: &Head) -> Result<()> {
    match head {
        Head::Branch(branch) if repo.current_branch()?.as_deref() == Some(branch.as_str()) => {
            Ok(())
        }
        Head::Branch(branch) => check_out(repo, branch),
        Head::Detached(commit) => {
            command::run(
                repo.work_tree()?,
                &["checkout", "--quiet", "--detach", &commit.to_string()],
            )?;
            Ok(())
        }
    }
}
