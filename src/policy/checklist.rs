//! The hotfix checklist. Items git can decide are computed on every read from the branch, the
//! notes and the test records, so they flip as the branch changes and can never be stale; the
//! others are ticked by hand, each tick an event (who, when) in the notes, the last one winning.
//! [`check_before_finish`] is the gate `finish` passes; `report` renders the checklist.

use serde::Serialize;
use time::OffsetDateTime;

use super::{Rule, files};
use crate::config::REQUIRE_CHECKLIST;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::store::{EventKind, Metadata, Status};
use crate::testing::{self, Suite};
use crate::{clock, history, packages, policy, ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    ImmediateActions,
    Validation,
    DeploymentPrep,
    /// After the release: decided from what `deploy` and `monitor` recorded; `finish` does
    /// not wait for them.
    Deployment,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::ImmediateActions => "Immediate actions",
            Section::Validation => "Validation",
            Section::DeploymentPrep => "Deployment prep",
            Section::Deployment => "Deployment and monitoring",
        }
    }
}

/// How an item is decided.
#[derive(Clone, Copy)]
enum Decider {
    Manual,
    MinimalFix,
    RegressionTest,
    Headers,
    Suite(&'static Suite),
    Changelog,
    RollbackPlan,
    Recorded(&'static Recorded),
}

/// An item decided by the last recorded outcome of a step (`deploy`, `monitor`, `deployed`).
struct Recorded {
    passed: EventKind,
    failed: Option<EventKind>,
    /// Only events for this environment count.
    env: Option<&'static str>,
    /// Why it is not done while nothing is recorded.
    missing: &'static str,
}

struct Def {
    slug: &'static str,
    title: &'static str,
    section: Section,
    rule: Decider,
}

const fn def(slug: &'static str, title: &'static str, section: Section, rule: Decider) -> Def {
    Def {
        slug,
        title,
        section,
        rule,
    }
}

use Section::{Deployment, DeploymentPrep, ImmediateActions, Validation};

/// The items, in order; their number is their position (1-based) and never changes.
const ITEMS: &[Def] = &[
    def(
        "reproduce-locally",
        "Reproduce the issue locally",
        ImmediateActions,
        Decider::Manual,
    ),
    def(
        "identify-root-cause",
        "Identify the root cause",
        ImmediateActions,
        Decider::Manual,
    ),
    def(
        "implement-minimal-fix",
        "Implement a minimal fix",
        ImmediateActions,
        Decider::MinimalFix,
    ),
    def(
        "add-regression-test",
        "Add a regression test",
        ImmediateActions,
        Decider::RegressionTest,
    ),
    def(
        "verify-fix-works",
        "Verify the fix works",
        ImmediateActions,
        Decider::Manual,
    ),
    def(
        "hotfix-headers",
        "Every commit carries a HOTFIX header",
        Validation,
        Decider::Headers,
    ),
    def(
        "unit-tests-pass",
        "Unit tests pass",
        Validation,
        Decider::Suite(&testing::TEST),
    ),
    def(
        "integration-tests-pass",
        "Integration tests pass",
        Validation,
        Decider::Manual,
    ),
    def(
        "security-scan-clean",
        "Security scan clean",
        Validation,
        Decider::Suite(&testing::SECURITY),
    ),
    def(
        "performance-impact-assessed",
        "Performance impact assessed",
        Validation,
        Decider::Suite(&testing::PERFORMANCE),
    ),
    def(
        "no-new-issues",
        "No new issues introduced",
        Validation,
        Decider::Manual,
    ),
    def(
        "update-changelog",
        "Update the changelog",
        DeploymentPrep,
        Decider::Changelog,
    ),
    def(
        "document-config-changes",
        "Document configuration changes",
        DeploymentPrep,
        Decider::Manual,
    ),
    def(
        "prepare-rollback-procedure",
        "Prepare the rollback procedure",
        DeploymentPrep,
        Decider::RollbackPlan,
    ),
    def(
        "alert-operations-team",
        "Alert the operations team",
        DeploymentPrep,
        Decider::Manual,
    ),
    def(
        "schedule-deployment-window",
        "Schedule the deployment window",
        DeploymentPrep,
        Decider::Manual,
    ),
    def(
        "backup-taken",
        "Back up before deploying",
        Deployment,
        Decider::Recorded(&Recorded {
            passed: EventKind::BackupPassed,
            failed: Some(EventKind::BackupFailed),
            env: None,
            missing: "no backup recorded: 'git hotfix deploy' runs hotfix.backupCommand",
        }),
    ),
    def(
        "deployed-to-staging",
        "Deploy to staging",
        Deployment,
        Decider::Recorded(&Recorded {
            passed: EventKind::Deployed,
            failed: None,
            env: Some("staging"),
            missing: "no staging deploy recorded: run 'git hotfix deploy --env staging'",
        }),
    ),
    def(
        "smoke-tests-pass",
        "Smoke tests pass",
        Deployment,
        Decider::Recorded(&Recorded {
            passed: EventKind::SmokePassed,
            failed: Some(EventKind::SmokeFailed),
            env: None,
            missing: "no smoke tests recorded: 'git hotfix deploy' runs hotfix.smokeCommand",
        }),
    ),
    def(
        "monitoring-window-clean",
        "Monitoring window clean",
        Deployment,
        Decider::Recorded(&Recorded {
            passed: EventKind::MonitorClean,
            failed: Some(EventKind::MonitorTriggered),
            env: None,
            missing: "no monitoring window recorded: run 'git hotfix monitor'",
        }),
    ),
];

/// One item as it stands.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub number: usize,
    pub slug: &'static str,
    pub title: &'static str,
    pub section: Section,
    /// Decided from git rather than ticked by hand.
    pub automatic: bool,
    pub done: bool,
    /// For an automatic item, why it is or is not done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a ticked manual item, who ticked it and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticked_by: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub ticked_at: Option<OffsetDateTime>,
}

/// How far the checklist is; `status` shows it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} done", self.done, self.total)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub hotfix_id: String,
    pub issue: String,
    pub status: Status,
    pub progress: Progress,
    /// The packages the hotfix releases, in a repository of several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
    pub items: Vec<Item>,
}

impl Checklist {
    pub fn open_items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|item| !item.done)
    }
}

/// What the automatic items are decided from.
struct Facts {
    head: Option<ObjectId>,
    verdict: Option<policy::Verdict>,
}

/// Builds the checklist of a hotfix as it stands now.
pub fn build(repo: &Repo, meta: &Metadata) -> Result<Checklist> {
    let head = history::head(repo, meta)?;
    let base = meta.base();
    let verdict = match head {
        Some(head) if head != base => Some(policy::check(repo, meta, base, head)?),
        _ => None,
    };
    from_facts(repo, meta, Facts { head, verdict })
}

/// The checklist given where the hotfix's branch is and the rules' verdict on it.
fn from_facts(repo: &Repo, meta: &Metadata, facts: Facts) -> Result<Checklist> {
    let head = facts.head;
    let mut items = Vec::with_capacity(ITEMS.len());
    for (index, def) in ITEMS.iter().enumerate() {
        let decided = decide(repo, meta, &facts, def.rule)?;
        let (automatic, done, reason, ticked_by, ticked_at) = match decided {
            Some((done, reason)) => (true, done, Some(reason), None, None),
            None => match manual_tick(meta, def.slug) {
                Some((by, at)) => (false, true, None, Some(by), Some(at)),
                None => (false, false, None, None, None),
            },
        };
        items.push(Item {
            number: index + 1,
            slug: def.slug,
            title: def.title,
            section: def.section,
            automatic,
            done,
            reason,
            ticked_by,
            ticked_at,
        });
    }
    let done = items.iter().filter(|item| item.done).count();
    Ok(Checklist {
        hotfix_id: meta.hotfix_id.clone(),
        issue: meta.issue.clone(),
        status: meta.status,
        progress: Progress {
            done,
            total: items.len(),
        },
        packages: packages::of_hotfix(repo, meta, head)?.names(),
        items,
    })
}

/// The outcome of an automatic item, or `None` for one ticked by hand.
fn decide(
    repo: &Repo,
    meta: &Metadata,
    facts: &Facts,
    rule: Decider,
) -> Result<Option<(bool, String)>> {
    let no_commits = || (false, "no commits on the hotfix yet".to_string());
    let decided = match rule {
        Decider::Manual => return Ok(None),
        Decider::MinimalFix => match &facts.verdict {
            None => no_commits(),
            Some(verdict) => {
                let budget = &verdict.budget;
                let within = !verdict.failures.iter().any(|f| f.rule == Rule::Budget);
                let word = if within { "within" } else { "over" };
                (
                    within,
                    format!(
                        "{} file(s), {} line(s): {word} the budget of {} files and {} lines",
                        budget.files, budget.lines, budget.max_files, budget.max_lines
                    ),
                )
            }
        },
        Decider::RegressionTest => match &facts.verdict {
            None => no_commits(),
            Some(verdict) => {
                let tests = files::test_files();
                let touched: Vec<&str> = verdict
                    .changes
                    .iter()
                    .filter(|c| c.kind != crate::git::ChangeKind::Deleted)
                    .filter(|c| tests.is_match(&c.path))
                    .map(|c| c.path.as_str())
                    .collect();
                if touched.is_empty() {
                    (false, "no test file is added or changed".to_string())
                } else {
                    (
                        true,
                        format!("test file(s) changed: {}", touched.join(", ")),
                    )
                }
            }
        },
        Decider::Headers => match &facts.verdict {
            None => no_commits(),
            Some(verdict) => match verdict.failures.iter().find(|f| f.rule == Rule::Headers) {
                Some(failure) => (false, failure.message.clone()),
                None => (true, format!("all {} commit(s) carry one", verdict.commits)),
            },
        },
        Decider::Suite(suite) => return suite_passed(repo, meta, facts, suite),
        Decider::Changelog => {
            let changed = facts.verdict.as_ref().and_then(|v| {
                v.changes
                    .iter()
                    .find(|c| files::is_changelog(&c.path))
                    .map(|c| c.path.clone())
            });
            match changed {
                Some(path) => (true, format!("{path} changed on the branch")),
                None => (
                    false,
                    "no changelog change: run 'git hotfix release-notes --changelog'".to_string(),
                ),
            }
        }
        Decider::RollbackPlan => match meta
            .events
            .iter()
            .rev()
            .find(|e| e.event == EventKind::RollbackPlan)
        {
            Some(event) => (true, format!("generated {}", clock::when(event.at))),
            None => (false, "no plan yet: run 'git hotfix rollback'".to_string()),
        },
        Decider::Recorded(rule) => recorded(meta, rule),
    };
    Ok(Some(decided))
}

/// Whether `suite` passed on the tip's tree (named by the tip commit, the id users know), as
/// this clone's sealed records say; `None` when the suite is not configured (the item is then
/// ticked by hand).
fn suite_passed(
    repo: &Repo,
    meta: &Metadata,
    facts: &Facts,
    suite: &'static testing::Suite,
) -> Result<Option<(bool, String)>> {
    let Some(head) = facts.head else {
        return Ok(Some((false, "the hotfix branch is gone".to_string())));
    };
    let command = match testing::command_for(repo, suite, head) {
        Ok(Some(command)) => command,
        // Not configured (or opted out): the item is ticked by hand.
        Ok(None) => return Ok(None),
        Err(err) => return Ok(Some((false, err.message))),
    };
    let tip = repo.short_id(head);
    Ok(Some(
        match testing::lookup(repo, meta, suite.name, &command, head)? {
            Some(testing::Found::Exact(record)) if record.passed => {
                (true, format!("'{command}' passed on the tip ({tip})"))
            }
            Some(testing::Found::Reused { why, .. }) => {
                (true, format!("'{command}' on the tip ({tip}): {why}"))
            }
            Some(_) => (false, format!("'{command}' failed on the tip ({tip})")),
            None => (
                false,
                format!(
                    "no recorded pass of '{command}' on the tip ({tip}): run 'git hotfix test{}'",
                    if suite.name == testing::TEST.name {
                        ""
                    } else {
                        " --all"
                    }
                ),
            ),
        },
    ))
}

/// The last recorded outcome of a step decides its item.
fn recorded(meta: &Metadata, rule: &Recorded) -> (bool, String) {
    let last = meta.events.iter().rev().find(|e| {
        (e.event == rule.passed || rule.failed.as_ref() == Some(&e.event))
            && rule.env.is_none_or(|env| e.detail.as_deref() == Some(env))
    });
    match last {
        None => (false, rule.missing.to_string()),
        Some(event) => {
            let env = event
                .detail
                .as_deref()
                .map(|env| format!(" on {}", ui::sanitize(env)))
                .unwrap_or_default();
            (
                event.event == rule.passed,
                format!("{}{env}, {}", event.event, clock::when(event.at)),
            )
        }
    }
}

/// Who ticked a manual item and when, if its last tick is a `done`.
fn manual_tick(meta: &Metadata, slug: &str) -> Option<(String, OffsetDateTime)> {
    let last = meta.events.iter().rev().find(|e| {
        matches!(e.event, EventKind::ChecklistDone | EventKind::ChecklistUndo)
            && e.detail.as_deref() == Some(slug)
    })?;
    (last.event == EventKind::ChecklistDone).then(|| (last.by.clone(), last.at))
}

/// The item a user names: its number (`3`, `#3`), its slug or its title in any case, else
/// the one item whose slug or title has words starting with the given words, in order
/// (`reproduce`, `'reproduce locally'`, `unit tests`). More than one such item is refused with
/// their names, so a tick never lands on a guess.
pub fn find<'a>(checklist: &'a Checklist, name: &str) -> Result<&'a Item> {
    let name = name.trim();
    let number = name.trim_start_matches('#').parse::<usize>().ok();
    let wanted = words(name);
    let exact = checklist.items.iter().find(|item| {
        Some(item.number) == number || words(item.slug) == wanted || words(item.title) == wanted
    });
    if let Some(item) = exact {
        return Ok(item);
    }
    let matches: Vec<&Item> = checklist
        .items
        .iter()
        .filter(|item| {
            !wanted.is_empty()
                && (starts_words(&words(item.slug), &wanted)
                    || starts_words(&words(item.title), &wanted))
        })
        .collect();
    match matches.as_slice() {
        [item] => Ok(item),
        [] => Err(Error::refused(format!(
            "'{}' is not a checklist item",
            ui::sanitize(name)
        ))
        .hint(format!(
            "name an item by its number (1-{}), its slug or its words, e.g. 'reproduce-locally' or 'reproduce'; 'git hotfix checklist' lists them",
            checklist.items.len()
        ))),
        several => Err(Error::refused(format!(
            "'{}' names {} checklist items: {}",
            ui::sanitize(name),
            several.len(),
            several
                .iter()
                .map(|item| format!("{}. {}", item.number, item.slug))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .hint("name one by its number or its slug, e.g. 'git hotfix checklist done 3'")),
    }
}

/// The lowercase words of a slug, a title or what a user typed.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when each of `wanted` begins one of `have`, in order (`unit tests` in `unit tests pass`).
fn starts_words(have: &[String], wanted: &[String]) -> bool {
    let mut have = have.iter();
    wanted
        .iter()
        .all(|want| have.any(|word| word.starts_with(want.as_str())))
}

/// For `finish`: warns about every unticked item, and refuses when `hotfix.requireChecklist`
/// is true. Call it after the tests have run and been recorded, so "unit tests pass" counts,
/// with the verdict finish just had from the rules on `head`, so they are not run twice.
pub fn check_before_finish(
    repo: &Repo,
    meta: &Metadata,
    head: ObjectId,
    verdict: policy::Verdict,
) -> Result<()> {
    let facts = Facts {
        head: Some(head),
        verdict: Some(verdict),
    };
    let checklist = from_facts(repo, meta, facts)?;
    let open: Vec<&Item> = checklist
        .open_items()
        .filter(|item| item.section != Section::Deployment)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = open
        .iter()
        .map(|item| format!("{}. {}", item.number, item.slug))
        .collect();
    let message = format!(
        "{} has {} unticked checklist item(s): {}",
        meta.hotfix_id,
        open.len(),
        names.join(", ")
    );
    if REQUIRE_CHECKLIST.flag(repo)? {
        return Err(Error::refused(message)
            .hint(format!(
                "see why with 'git hotfix checklist {}', tick manual items with 'git hotfix checklist done <item>'",
                meta.hotfix_id
            ))
            .hint("hotfix.requireChecklist=true makes this a refusal; set it to false to only warn"));
    }
    ui::warn(message);
    Ok(())
}
