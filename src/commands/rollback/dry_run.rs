//! `rollback --execute --dry-run`: the steps the rollback would run, printed from the same
//! plan and data the operation runs, with the git commands of each, so what is shown is what
//! happens; nothing is changed.

use crate::commands::version_commit;
use crate::git::Repo;
use crate::operation::{self, Described, Plan};
use crate::store::NOTES_REF;

use super::steps::{self, Step};
use super::{Data, Revert};

/// Prints the plan of the rollback.
pub(super) fn print(repo: &Repo, plan: &Plan<Data>) {
    operation::print_plan(
        &format!("Rolling back {} would", plan.data.hotfix_id),
        plan,
        |step| describe(repo, &plan.data, step),
    );
}

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// What a step does: the same data and git arguments the step runs with.
fn describe(repo: &Repo, data: &Data, step: &Step) -> Vec<Described> {
    match step {
        Step::RevertedProduction => vec![revert(repo, data, &data.production)],
        Step::RevertedDevelop => data
            .develop
            .iter()
            .map(|plan| revert(repo, data, plan))
            .collect(),
        Step::SetVersion => data
            .tag
            .iter()
            .map(|tag| {
                version_commit::describe(
                    &super::release(&data.hotfix_id, tag),
                    &tag.version_files,
                    &data.production.branch,
                )
            })
            .collect(),
        Step::Tagged => {
            let Some(tag) = &data.tag else {
                return Vec::new();
            };
            let on = if tag.version_files.is_empty() {
                "the revert"
            } else {
                "the commit setting the version"
            };
            let message = data.tag_message(tag);
            tag.names()
                .map(|name| {
                    Described::new(
                        format!("tag {name} on {on}"),
                        vec![words(&["tag", "-a", name, "-m", &message, "<commit>"])],
                    )
                })
                .collect()
        }
        Step::Recorded => vec![Described::new(
            format!(
                "record in {NOTES_REF}: the reverts, the tag, status rolled-back with the reason"
            ),
            Vec::new(),
        )],
        Step::Returned => {
            let mut described = vec![Described::new(
                "check out again where HEAD was".to_string(),
                Vec::new(),
            )];
            if data.push {
                described.push(Described::new(
                    "push the reverted branches and the tag in one atomic push".to_string(),
                    vec![steps::push_args(data, false)],
                ));
            }
            described
        }
    }
}

/// Reverting one merge: the checkout, `git revert -m 1` and the commit with its message.
fn revert(repo: &Repo, data: &Data, plan: &Revert) -> Described {
    let merge = plan.merge.to_string();
    let message = steps::revert_message(repo, data, plan.merge).unwrap_or_default();
    Described::new(
        format!(
            "revert the merge {} on {}",
            repo.short_id(plan.merge),
            plan.branch
        ),
        vec![
            words(&["checkout", &plan.branch]),
            words(&["revert", "-m", "1", "--no-commit", &merge]),
            words(&["commit", "-m", &message]),
        ],
    )
}
