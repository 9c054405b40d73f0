//! What an earlier bypass let through, so that a later push of the same hotfix is refused
//! only for what is new. A `rules-bypassed` event records, beside its detail, the diff budget
//! it let through (`budget`: files and lines) and the source files it let through without the
//! HOTFIX code comment (`uncommented`). The budget is judged on the whole hotfix against its
//! base: a push whose diff is no larger, in files and in lines, than one a bypass let through
//! is not refused for the budget again; the code-comment rule, only for files no bypass named.

use serde_json::Value;

use super::BYPASS_EVENT;
use crate::policy::{Rule, Verdict};
use crate::store::{Event, EventKind, Metadata};

/// The extra field of the budget a bypass let through.
const BUDGET_FIELD: &str = "budget";
/// The extra field of the files a bypass let through without the code comment.
const UNCOMMENTED_FIELD: &str = "uncommented";

/// What a refused branch update let through if bypassed.
#[derive(Debug, Default, Clone)]
pub(super) struct Waived {
    /// The diff's files and lines, when over the budget.
    pub budget: Option<(usize, usize)>,
    /// The source files without the code comment, when that rule fails.
    pub uncommented: Vec<String>,
}

impl Waived {
    /// What the failures left in `verdict` would let through.
    pub fn of(verdict: &Verdict) -> Waived {
        let fails = |rule| verdict.failures.iter().any(|f| f.rule == rule);
        Waived {
            budget: fails(Rule::Budget).then_some((verdict.budget.files, verdict.budget.lines)),
            uncommented: if fails(Rule::CodeComments) {
                verdict.uncommented.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// Writes the record into a `rules-bypassed` event's extra fields.
    pub fn record(&self, event: &mut Event) {
        if let Some((files, lines)) = self.budget {
            event.extra.insert(
                BUDGET_FIELD.to_string(),
                serde_json::json!({ "files": files, "lines": lines }),
            );
        }
        if !self.uncommented.is_empty() {
            event.extra.insert(
                UNCOMMENTED_FIELD.to_string(),
                Value::from(self.uncommented.clone()),
            );
        }
    }

    /// Adds another update's record to this one (a push may bypass several for one hotfix).
    pub fn merge(&mut self, other: &Waived) {
        if let Some((files, lines)) = other.budget {
            let (f, l) = self.budget.unwrap_or((0, 0));
            self.budget = Some((f.max(files), l.max(lines)));
        }
        for path in &other.uncommented {
            if !self.uncommented.contains(path) {
                self.uncommented.push(path.clone());
            }
        }
    }
}

fn bypasses(meta: &Metadata) -> impl Iterator<Item = &Event> {
    meta.events
        .iter()
        .filter(|e| matches!(&e.event, EventKind::Other(name) if name == BYPASS_EVENT))
}

fn recorded_budget(event: &Event) -> Option<(usize, usize)> {
    let budget = event.extra.get(BUDGET_FIELD)?;
    let number = |key: &str| {
        budget
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    Some((number("files")?, number("lines")?))
}

/// Drops from `verdict` the failures an earlier bypass of the hotfix already let through:
/// the budget when the diff has not grown past a recorded one, the code comments when every
/// file that lacks one was named by a bypass.
pub(super) fn forgive(verdict: &mut Verdict, meta: &Metadata) {
    let (files, lines) = (verdict.budget.files, verdict.budget.lines);
    let budget_waived = bypasses(meta)
        .filter_map(recorded_budget)
        .any(|(f, l)| files <= f && lines <= l);
    let waived_files: Vec<&str> = bypasses(meta)
        .filter_map(|e| e.extra.get(UNCOMMENTED_FIELD))
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let new_uncommented: Vec<String> = verdict
        .uncommented
        .iter()
        .filter(|p| !waived_files.contains(&p.as_str()))
        .cloned()
        .collect();
    let comments_waived = new_uncommented.is_empty();
    verdict.failures.retain(|f| match f.rule {
        Rule::Budget => !budget_waived,
        Rule::CodeComments => !comments_waived,
        _ => true,
    });
    if !comments_waived && new_uncommented.len() < verdict.uncommented.len() {
        for failure in &mut verdict.failures {
            if failure.rule == Rule::CodeComments {
                failure.message = format!(
                    "{} (new since the last bypass: {})",
                    failure.message,
                    new_uncommented.join(", ")
                );
            }
        }
    }
}

/// How many `rules-bypassed` events a note holds (only the server writes them).
pub(super) fn count(meta: &Metadata) -> usize {
    bypasses(meta).count()
}
