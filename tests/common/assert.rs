//! What tests compare and assert: the refs of a repository, the commits it can reach, a
//! refused command that changed nothing, and output made stable for snapshots.

use std::collections::BTreeSet;
use std::ffi::OsStr;

use regex::Regex;

use super::sandbox::{Ran, Sandbox, stderr, stdout};

/// What a refused command must print and exit with; see
/// [`Sandbox::assert_refused_unchanged`].
pub struct Refusal {
    code: i32,
    starts_with: Option<String>,
    contains: Vec<String>,
}

impl Refusal {
    /// A refusal with exit code `code`.
    pub fn exit(code: i32) -> Refusal {
        Refusal {
            code,
            starts_with: None,
            contains: Vec::new(),
        }
    }

    /// Its stderr starts with `text` (the first line, or its beginning).
    pub fn starts_with(mut self, text: impl Into<String>) -> Refusal {
        self.starts_with = Some(text.into());
        self
    }

    /// Its stderr contains `text`.
    pub fn contains(mut self, text: impl Into<String>) -> Refusal {
        self.contains.push(text.into());
        self
    }
}

/// What a command that changes nothing leaves as it was: every ref (branches, tags, notes,
/// backups, the operation namespace), HEAD and the work tree.
#[derive(Debug, PartialEq)]
struct State {
    refs: String,
    head: String,
    status: String,
}

impl Sandbox {
    /// `git for-each-ref` output, to compare a repository before and after a command.
    pub fn refs(&self) -> String {
        self.git(["for-each-ref", "--format=%(refname) %(objectname)"])
    }

    /// `git for-each-ref` output of the bare remote.
    pub fn remote_refs(&self) -> String {
        self.in_dir(&self.remote).refs()
    }

    /// Every commit reachable from any ref (branches, tags, notes, backups), to prove that a
    /// command, however interrupted, loses none of them.
    pub fn reachable(&self) -> BTreeSet<String> {
        self.git(["rev-list", "--all"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Fails the test, naming them, if commits reachable in `before` no longer are.
    pub fn assert_nothing_lost(&self, before: &BTreeSet<String>, when: &str) {
        let after = self.reachable();
        let lost: Vec<_> = before.difference(&after).collect();
        assert!(
            lost.is_empty(),
            "{when}: commits no longer reachable: {lost:?}"
        );
    }

    fn state(&self) -> State {
        let text = |args: &[&str]| stdout(&self.try_git(args));
        State {
            refs: self.refs(),
            head: text(&["symbolic-ref", "-q", "HEAD"])
                + &text(&["rev-parse", "--verify", "-q", "HEAD"]),
            status: self.git(["status", "--porcelain", "--untracked-files=all"]),
        }
    }

    /// Runs `git-hotfix` with `args`, asserts that it is refused as `refusal` says, and that
    /// it changed nothing: every ref, HEAD and the work tree are as they were. Returns the
    /// stderr, for what else a test checks in it.
    pub fn assert_refused_unchanged<I, S>(&self, args: I, refusal: Refusal) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let before = self.state();
        let assert = self.hotfix(&args);
        let err = stderr(&assert);
        assert_eq!(
            assert.get_output().status.code(),
            Some(refusal.code),
            "{args:?}: {err}"
        );
        if let Some(start) = &refusal.starts_with {
            assert!(err.starts_with(start.as_str()), "{args:?}: {err}");
        }
        for text in &refusal.contains {
            assert!(err.contains(text.as_str()), "{args:?}: {err}");
        }
        assert_eq!(self.state(), before, "{args:?} changed the repository");
        err
    }

    /// `text` made stable for a snapshot while everything else stays exact: this sandbox's
    /// object ids (full or abbreviated) become `<hash>`, so the snapshot survives a change of
    /// hashing (git's object format); its directory becomes `<sandbox>`; durations (`0.0s`)
    /// become `<duration>`; and the merge strategy git names (it changed between versions)
    /// becomes `<strategy>`.
    pub fn redact(&self, text: &str) -> String {
        let objects: Vec<String> = [self.clone(), self.in_dir(&self.remote)]
            .iter()
            .filter(|repo| repo.work.exists())
            .flat_map(|repo| {
                repo.git([
                    "cat-file",
                    "--batch-all-objects",
                    "--batch-check=%(objectname)",
                ])
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
            })
            .collect();
        let text = text.replace(&self.dir.path().display().to_string(), "<sandbox>");
        let ids = Regex::new(r"\b[0-9a-f]{7,64}\b").unwrap();
        let text = ids.replace_all(&text, |caps: &regex::Captures| {
            let id = &caps[0];
            if objects.iter().any(|object| object.starts_with(id)) {
                "<hash>".to_string()
            } else {
                id.to_string()
            }
        });
        let durations = Regex::new(r"\b\d+(\.\d+)?m?s\b").unwrap();
        let text = durations.replace_all(&text, "<duration>");
        let strategy = Regex::new(r"Merge made by the '[^']+' strategy").unwrap();
        strategy
            .replace_all(&text, "Merge made by the '<strategy>' strategy")
            .into_owned()
    }

    /// What a run printed, redacted (see [`Sandbox::redact`]), stdout then stderr, for a
    /// snapshot of a command's whole output.
    pub fn printed(&self, run: &impl Ran) -> String {
        self.redact(&format!(
            "--- stdout\n{}--- stderr\n{}",
            stdout(run),
            stderr(run)
        ))
    }
}
