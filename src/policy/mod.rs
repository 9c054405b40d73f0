//! The hotfix rules, in one place, shared by the commit-msg and pre-push hooks, `verify` and
//! `finish`: HOTFIX headers on every commit, a minimal diff, HOTFIX code comments. (Passing
//! tests, the fourth rule, lives in [`crate::testing`] because it runs code.) Every rule is
//! checked and every failure reported, not only the first, each with how to fix it. The
//! checklist and its gate before `finish` ([`checklist::check_before_finish`]) are here too;
//! `report` only renders them.

pub mod checklist;
pub mod files;
pub mod language;
pub mod message;
pub mod provenance;

use serde::Serialize;

use crate::config::{BUDGET_EXCLUDE, CODE_HEADER, MAX_FILES, MAX_LINES};
use crate::error::{Error, Result};
use crate::git::{ChangeKind, FileChange, ObjectId, Repo};
use crate::store::Metadata;
use message::{CommentChar, Header};

/// Which rule a failure breaks; the names appear in `verify --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Headers,
    Budget,
    CodeComments,
    Tests,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Headers => "headers",
            Rule::Budget => "budget",
            Rule::CodeComments => "code-comments",
            Rule::Tests => "tests",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub rule: Rule,
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// The diff measured against the budget.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Budget {
    pub files: usize,
    pub lines: usize,
    pub max_files: usize,
    pub max_lines: usize,
    /// Changed paths that do not count (tests, docs, changelog).
    pub excluded: Vec<String>,
}

/// The outcome of checking a range of a hotfix.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub hotfix_id: String,
    pub base: String,
    pub head: String,
    pub commits: usize,
    pub budget: Budget,
    pub failures: Vec<Failure>,
    /// What smells like more than a fix, reported without failing.
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub changes: Vec<FileChange>,
    /// The changed source files that lack the HOTFIX code comment.
    #[serde(skip)]
    pub uncommented: Vec<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Adds a failure of `rule` from an error, its hints becoming the fix (e.g. the tests).
    pub fn fail(&mut self, rule: Rule, err: Error) {
        self.failures.push(Failure {
            rule,
            message: err.message,
            fix: err.hints.join("; "),
        });
    }

    /// A refused error listing every failed rule and its fix, or `Ok` when all passed.
    pub fn into_result(self) -> Result<()> {
        if self.passed() {
            return Ok(());
        }
        let rules: Vec<&str> = self.failures.iter().map(|f| f.rule.as_str()).collect();
        let mut unique = rules.clone();
        unique.dedup();
        let mut err = Error::refused(format!(
            "{} breaks {} rule(s): {}",
            self.hotfix_id,
            unique.len(),
            unique.join(", ")
        ));
        for failure in &self.failures {
            err = err.hint(format!(
                "[{}] {} — {}",
                failure.rule.as_str(),
                failure.message,
                failure.fix
            ));
        }
        Err(err)
    }
}

/// The ids a hotfix's headers may carry: its id first, then any former id it had before a
/// sync renumbered it (commits made under the old id stay valid).
pub fn ids(meta: &Metadata) -> Vec<&str> {
    std::iter::once(meta.hotfix_id.as_str())
        .chain(meta.former_ids.iter().map(String::as_str))
        .collect()
}

/// The comment syntax of this repository's commit messages.
pub fn comment_char(repo: &Repo) -> Result<CommentChar> {
    let value = match repo.config_string("core.commentString")? {
        Some(value) => Some(value),
        None => repo.config_string("core.commentChar")?,
    };
    Ok(CommentChar::from_config(value.as_deref()))
}

/// Checks headers, budget and code comments on `base..head` of a hotfix.
pub fn check(repo: &Repo, meta: &Metadata, base: ObjectId, head: ObjectId) -> Result<Verdict> {
    check_since(repo, meta, base, base, head)
}

/// Like [`check`], with the headers checked only on the commits of `since..head` (those a
/// server has not received yet; `since` is `base` to check them all). The budget and the
/// code comments are still measured on the whole diff from `base`.
pub fn check_since(
    repo: &Repo,
    meta: &Metadata,
    base: ObjectId,
    since: ObjectId,
    head: ObjectId,
) -> Result<Verdict> {
    let ids = ids(meta);
    let mut verdict = Verdict {
        hotfix_id: meta.hotfix_id.clone(),
        base: base.to_string(),
        head: head.to_string(),
        commits: 0,
        budget: Budget::default(),
        failures: Vec::new(),
        warnings: Vec::new(),
        changes: Vec::new(),
        uncommented: Vec::new(),
    };
    check_headers(repo, &ids, since, head, &mut verdict)?;
    if since != base {
        verdict.commits = repo.commit_infos(base, head)?.len();
    }
    verdict.changes = repo.changed_files(base, head)?;
    check_budget(repo, &mut verdict)?;
    check_code_comments(repo, &ids, &mut verdict)?;
    Ok(verdict)
}

fn check_headers(
    repo: &Repo,
    ids: &[&str],
    base: ObjectId,
    head: ObjectId,
    verdict: &mut Verdict,
) -> Result<()> {
    let comment = comment_char(repo)?;
    let commits = repo.commit_infos(base, head)?;
    verdict.commits = commits.len();
    let mut bad = Vec::new();
    for commit in &commits {
        if commit.parents > 1 {
            continue;
        }
        let cleaned = message::clean(&commit.message, &comment);
        let header = message::check_header(&cleaned, ids);
        if !matches!(header, Header::Valid | Header::Exempt) {
            let subject = cleaned
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(60)
                .collect::<String>();
            bad.push(format!(
                "{} '{}'",
                repo.short_id(commit.id),
                subject.escape_debug()
            ));
        }
    }
    if !bad.is_empty() {
        verdict.failures.push(Failure {
            rule: Rule::Headers,
            message: format!(
                "{} commit(s) lack the header '{}: ': {}",
                bad.len(),
                ids[0],
                bad.join(", ")
            ),
            fix: format!(
                "reword them with 'git rebase -i {}' (mark them 'reword')",
                repo.short_id(base)
            ),
        });
    }
    Ok(())
}

fn check_budget(repo: &Repo, verdict: &mut Verdict) -> Result<()> {
    let configured = repo.config_values(BUDGET_EXCLUDE.key)?;
    let patterns = if configured.is_empty() {
        files::default_budget_exclude()
    } else {
        configured
    };
    let excluded = files::glob_set(&patterns, BUDGET_EXCLUDE.key)?;
    let budget = &mut verdict.budget;
    budget.max_files = MAX_FILES.number(repo)?;
    budget.max_lines = MAX_LINES.number(repo)?;
    for change in &verdict.changes {
        // Setting the release's version is the tool's own change, outside the budget.
        if excluded.is_match(&change.path) || crate::project::is_version_only(change) {
            budget.excluded.push(change.path.clone());
            continue;
        }
        budget.files += 1;
        budget.lines += change.insertions + change.deletions;
    }
    if budget.files > budget.max_files || budget.lines > budget.max_lines {
        verdict.failures.push(Failure {
            rule: Rule::Budget,
            message: format!(
                "the diff changes {} file(s) and {} line(s), over the budget of {} files and {} lines",
                budget.files, budget.lines, budget.max_files, budget.max_lines
            ),
            fix: "keep only the fix and defer the rest to a normal change (or raise hotfix.maxFiles / hotfix.maxLines)".to_string(),
        });
    }
    for change in &verdict.changes {
        let path = &change.path;
        match change.kind {
            ChangeKind::Renamed => verdict.warnings.push(format!(
                "{} is renamed from {}: a rename is rarely part of a minimal fix",
                path,
                change.old_path.as_deref().unwrap_or("?")
            )),
            ChangeKind::Deleted => verdict
                .warnings
                .push(format!("{path} is deleted: is that part of the fix?")),
            _ => {}
        }
        if change.whitespace_only {
            verdict.warnings.push(format!(
                "{path} has whitespace-only changes: leave formatting for later"
            ));
        }
        if files::is_manifest(path) && !crate::project::is_version_only(change) {
            verdict.warnings.push(format!(
                "{path} is a dependency manifest or lock file: dependency changes need extra review"
            ));
        }
    }
    Ok(())
}

fn check_code_comments(repo: &Repo, ids: &[&str], verdict: &mut Verdict) -> Result<()> {
    let mode = CODE_HEADER.get(repo)?;
    let require = match mode.as_str() {
        "off" => return Ok(()),
        "require" => true,
        "warn" => false,
        other => {
            return Err(Error::refused(format!(
                "hotfix.codeHeader must be require, warn or off, not '{}'",
                other.escape_debug()
            ))
            .hint("fix it with 'git config hotfix.codeHeader require'"));
        }
    };
    let tests = files::test_files();
    let missing: Vec<&str> = verdict
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Deleted && !c.binary && !tests.is_match(&c.path))
        .filter(|c| !files::is_lock_file(&c.path) && !crate::project::is_version_only(c))
        .filter_map(|c| language::comment_markers(&c.path).map(|markers| (c, markers)))
        .filter(|(c, markers)| {
            !c.added_lines
                .iter()
                .any(|line| files::is_hotfix_comment(line, markers, ids))
        })
        .map(|(c, _)| c.path.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    verdict.uncommented = missing.iter().map(|p| p.to_string()).collect();
    let message = format!(
        "{} changed source file(s) lack a '{} - <summary>' comment: {}",
        missing.len(),
        format_args!("HOTFIX: {}", ids[0]),
        missing.join(", ")
    );
    if require {
        verdict.failures.push(Failure {
            rule: Rule::CodeComments,
            message,
            fix: format!(
                "add a comment such as '{}' next to the change{}",
                language::suggested_comment(repo, None, Some(missing[0]), ids[0], "<what and why>"),
                if missing.len() > 1 {
                    format!(
                        " in {}, and one in each other file's own syntax",
                        missing[0]
                    )
                } else {
                    String::new()
                }
            ),
        });
    } else {
        verdict.warnings.push(message);
    }
    Ok(())
}
