//! The rollback plan of a hotfix: when to roll back, and the exact commands for this hotfix
//! (its deployment rollback command, the `git revert -m 1` of each merge it made, the release
//! to redeploy), then how to check the rollback worked and whom to tell.

use serde::Serialize;

use super::Report;
use super::sections::{self, Communication, Monitoring};
use crate::config::{self, ROLLBACK_COMMAND, ROLLBACK_TRIGGERS};
use crate::error::Result;
use crate::git::{ObjectId, Repo, command};
use crate::policy::provenance;
use crate::store::{Metadata, Severity, Status};
use crate::{history, packages};

const TRIGGERS: &[&str] = &[
    "Error rate above 5% after the deployment",
    "Critical functionality broken",
    "Performance degradation above 20%",
];

/// One merge to revert.
#[derive(Debug, Clone, Serialize)]
pub struct Revert {
    pub branch: String,
    pub merge: String,
    /// The command that reverts it, run on `branch`.
    pub command: String,
}

/// One numbered step of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub title: String,
    /// Commands to run, in order (empty for a step done outside git).
    pub commands: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A package's release before the hotfix, and the one the hotfix made (once finished).
#[derive(Debug, Clone, Serialize)]
pub struct Previous {
    pub package: String,
    pub tag: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub released_as: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RollbackPlan {
    pub hotfix_id: String,
    pub issue: String,
    pub severity: Severity,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    pub triggers: Vec<String>,
    /// `hotfix.rollbackCommand`, when set.
    pub deployment_command: Option<String>,
    /// The merges the hotfix made, to revert (empty before finish).
    pub reverts: Vec<Revert>,
    /// The release to redeploy: the last tag before the hotfix (the first package's, in a
    /// repository of several).
    pub previous_tag: Option<String>,
    /// In a repository of several packages, the release of each package to go back to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub previous_releases: Vec<Previous>,
    pub steps: Vec<Step>,
    pub validation: Vec<String>,
    pub communication: Communication,
    pub monitoring: Monitoring,
}

pub fn build(repo: &Repo, meta: &Metadata) -> Result<RollbackPlan> {
    // Commands built from note fields go into a block people copy from: only a merge history
    // confirms as the hotfix's and a valid branch name make it there, quoted as a shell reads
    // them; a merge history disputes is named in a warning instead.
    let reverts: Vec<Revert> = meta
        .merges
        .iter()
        .filter(|merge| crate::git::is_valid_refname(&format!("refs/heads/{}", merge.branch)))
        .filter(
            |merge| match provenance::check_merge(repo, meta, &merge.branch, merge.commit) {
                Ok(()) => true,
                Err(err) => {
                    crate::ui::warn(&err.message);
                    false
                }
            },
        )
        .map(|merge| Revert {
            branch: merge.branch.clone(),
            merge: merge.commit.to_string(),
            command: command::shell_words(&["git", "revert", "-m", "1", &merge.commit.to_string()]),
        })
        .collect();
    let planned = packages::planned(repo, meta, history::head(repo, meta)?, None)?;
    let previous_releases: Vec<Previous> = planned
        .iter()
        .filter_map(|p| {
            let release = p.release.as_ref()?;
            Some(Previous {
                package: p.name.clone(),
                tag: release.previous.clone()?,
                released_as: (meta.status != Status::Open).then(|| release.tag.clone()),
            })
        })
        .collect();
    let previous_tag = if planned.is_empty() {
        history::previous_tag(repo, meta)?
    } else {
        previous_releases.first().map(|p| p.tag.clone())
    };
    let deployment_command = ROLLBACK_COMMAND.configured(repo)?;

    let previous: Vec<String> = if previous_releases.is_empty() {
        previous_tag.iter().cloned().collect()
    } else {
        previous_releases.iter().map(|p| p.tag.clone()).collect()
    };
    let steps = steps(
        repo,
        meta,
        deployment_command.as_deref(),
        &previous,
        &reverts,
    )?;

    let mut validation = vec![
        "Verify the services are healthy".to_string(),
        "Check that error rates are back to normal".to_string(),
        "Confirm the functionality is restored".to_string(),
    ];
    for tag in &previous {
        validation.push(format!("Confirm production runs {tag} again"));
    }

    Ok(RollbackPlan {
        hotfix_id: meta.hotfix_id.clone(),
        issue: meta.issue.clone(),
        severity: meta.severity,
        status: meta.status,
        tag: meta.tag.clone(),
        triggers: ROLLBACK_TRIGGERS.list(repo, TRIGGERS)?,
        deployment_command,
        reverts,
        previous_tag,
        previous_releases,
        steps,
        validation,
        communication: sections::communication(meta),
        monitoring: sections::monitoring(repo)?,
    })
}

/// The steps of the plan, in the order of the process: the deployment, the git revert, caches,
/// the team, the post-mortem.
fn steps(
    repo: &Repo,
    meta: &Metadata,
    deployment_command: Option<&str>,
    previous: &[String],
    reverts: &[Revert],
) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    steps.push(match deployment_command {
        Some(command) => Step {
            title: "Revert the deployment immediately".into(),
            commands: vec![command.to_string()],
            note: None,
        },
        None => Step {
            title: "Revert the deployment immediately".into(),
            commands: Vec::new(),
            note: Some("<your deployment rollback command, e.g. kubectl rollout undo deployment/api>; set it once with 'git config hotfix.rollbackCommand \"<command>\"'".into()),
        },
    });
    if !previous.is_empty() {
        let (release, tags) = match previous {
            [tag] => ("release", tag.clone()),
            tags => ("releases", tags.join(", ")),
        };
        steps.push(Step {
            title: format!(
                "Redeploy the previous {release} {tags} if the deployment cannot be reverted"
            ),
            commands: Vec::new(),
            note: None,
        });
    }
    steps.push(revert_step(repo, meta, reverts)?);
    steps.push(Step {
        title: "Clear caches".into(),
        commands: Vec::new(),
        note: Some("<the CDN, application and query caches the fix touched>".into()),
    });
    steps.push(Step {
        title: "Notify the team".into(),
        commands: Vec::new(),
        note: Some("<the incident channel and on-call>; see the communication plan below".into()),
    });
    steps.push(Step {
        title: "Hold the post-mortem".into(),
        commands: vec![format!("git hotfix postmortem {}", meta.hotfix_id)],
        note: None,
    });
    Ok(steps)
}

/// The git part: revert each recorded merge on its branch and push, or for a hotfix not
/// merged yet, its commits.
fn revert_step(repo: &Repo, meta: &Metadata, reverts: &[Revert]) -> Result<Step> {
    let remote = config::REMOTE.get(repo)?;
    let production = config::production_branch(repo, &remote)?;
    Ok(if reverts.is_empty() {
        let head = history::head(repo, meta)?;
        let base = meta.base();
        Step {
            title: "Revert the hotfix in git".into(),
            commands: match head {
                Some(head) if head != base => {
                    vec![format!(
                        "git revert --no-edit {}..{}",
                        base,
                        ObjectId::to_string(&head)
                    )]
                }
                _ => Vec::new(),
            },
            note: Some(format!(
                "{} is not merged yet: revert its commits on any branch they reached, and generate this plan again after 'git hotfix finish' for the exact merge commits",
                meta.hotfix_id
            )),
        }
    } else {
        let mut commands = Vec::new();
        for revert in reverts {
            commands.push(command::shell_words(&["git", "switch", &revert.branch]));
            commands.push(revert.command.clone());
        }
        let branches: Vec<&str> = reverts.iter().map(|r| r.branch.as_str()).collect();
        let push: Vec<&str> = ["git", "push", remote.as_str()]
            .into_iter()
            .chain(branches.iter().copied())
            .collect();
        commands.push(command::shell_words(&push));
        let develop = reverts.iter().any(|r| r.branch != production);
        Step {
            title: format!(
                "Revert the hotfix on {production}{}",
                if develop {
                    " (and the other branches it was merged into)"
                } else {
                    ""
                }
            ),
            commands,
            note: Some(format!(
                "or run 'git hotfix rollback {} --execute' to do it as new revert commits",
                meta.hotfix_id
            )),
        }
    })
}

impl Report for RollbackPlan {
    fn markdown(&self) -> String {
        let mut out = format!("# Rollback plan: {} - {}\n\n", self.hotfix_id, self.issue);
        out.push_str(&format!(
            "Severity {} · status {}",
            self.severity, self.status
        ));
        if self.previous_releases.len() > 1 {
            for previous in &self.previous_releases {
                let released = previous
                    .released_as
                    .as_ref()
                    .map(|tag| format!(" released as {tag},"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    " · {}{released} previous release {}",
                    previous.package, previous.tag
                ));
            }
        } else {
            if let Some(tag) = &self.tag {
                out.push_str(&format!(" · released as {tag}"));
            }
            if let Some(tag) = &self.previous_tag {
                out.push_str(&format!(" · previous release {tag}"));
            }
        }
        out.push_str("\n\n## Triggers\n\nRoll back when any of these holds:\n\n");
        for trigger in &self.triggers {
            out.push_str(&format!("- {trigger}\n"));
        }
        out.push_str("\n## Steps\n\n");
        for (number, step) in self.steps.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", number + 1, step.title));
            if !step.commands.is_empty() {
                out.push_str("   ```bash\n");
                for command in &step.commands {
                    out.push_str(&format!("   {command}\n"));
                }
                out.push_str("   ```\n");
            }
            if let Some(note) = &step.note {
                out.push_str(&format!("   {note}\n"));
            }
        }
        out.push_str("\n## Validation\n\n");
        for check in &self.validation {
            out.push_str(&format!("- [ ] {check}\n"));
        }
        out.push('\n');
        self.communication.markdown(&mut out);
        self.monitoring.markdown(&mut out);
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}
