//! Fitting a request to what the repository on the forge has. `gh pr create` and `glab mr
//! create` refuse the whole request for one unknown label or reviewer, which would lose the
//! pull request over a detail; so before opening it, the labels are looked up (`gh label list`,
//! `glab label list`), the missing ones created when `hotfix.createLabels` allows it and
//! dropped with a warning otherwise, and each reviewer is looked up through the forge's API.
//! Whatever cannot be looked up is kept: the caller retries without labels and reviewers when
//! the client still refuses.

use std::path::Path;
use std::process::{Command, Stdio};

use super::{Forge, Request};

/// The forge's client, run in the work tree with no input.
pub struct Client<'a> {
    pub forge: Forge,
    pub program: &'a Path,
    pub dir: &'a Path,
}

impl Client<'_> {
    /// Runs the client with `args`: its output when it succeeded, else what it said on
    /// stderr (empty when it could not run). Nothing is shown: for a look-up, failing is an
    /// answer.
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let output = Command::new(self.program)
            .args(args)
            .current_dir(self.dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|_| String::new())?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    fn output(&self, args: &[&str]) -> Option<String> {
        self.run(args).ok()
    }

    /// The labels the repository has; `None` when the client cannot tell.
    fn labels(&self) -> Option<Vec<String>> {
        let text = match self.forge {
            Forge::GitHub => self.output(&["label", "list", "--json", "name", "--limit", "1000"]),
            Forge::GitLab => self.output(&["label", "list", "--per-page", "100"]),
        }?;
        if let Ok(list) = serde_json::from_str::<Vec<serde_json::Value>>(&text) {
            return Some(
                list.iter()
                    .filter_map(|label| label["name"].as_str().map(str::to_string))
                    .collect(),
            );
        }
        // glab prints one label a line, its name first ("hotfix (#d9534f)" or "hotfix  ...").
        Some(text.lines().map(|line| line.trim().to_string()).collect())
    }

    fn create_label(&self, name: &str, color: &str, description: &str) -> bool {
        let created = match self.forge {
            Forge::GitHub => self.output(&[
                "label",
                "create",
                name,
                "--color",
                color,
                "--description",
                description,
            ]),
            Forge::GitLab => self.output(&[
                "label",
                "create",
                "--name",
                name,
                "--color",
                &format!("#{color}"),
                "--description",
                description,
            ]),
        };
        created.is_some()
    }

    /// Whether `reviewer` can be asked for a review; `None` when the client cannot tell.
    fn reviewer_exists(&self, reviewer: &str) -> Option<bool> {
        let path = match (self.forge, reviewer.split_once('/')) {
            (Forge::GitHub, None) => format!("repos/{{owner}}/{{repo}}/collaborators/{reviewer}"),
            (Forge::GitHub, Some((org, team))) => format!("orgs/{org}/teams/{team}"),
            (Forge::GitLab, None) => format!("users?username={reviewer}"),
            (Forge::GitLab, Some(_)) => return None,
        };
        let found = self.run(&["api", &path]);
        match (self.forge, found) {
            // GitHub answers 404 for a user who is not a collaborator, or a team that is not
            // there; any other failure (no permission to ask, no network) tells nothing.
            (Forge::GitHub, Ok(_)) => Some(true),
            (Forge::GitHub, Err(said)) => said.contains("HTTP 404").then_some(false),
            // GitLab answers a list, empty when no user has the name.
            (Forge::GitLab, Ok(text)) => serde_json::from_str::<Vec<serde_json::Value>>(&text)
                .ok()
                .map(|users| !users.is_empty()),
            (Forge::GitLab, Err(_)) => None,
        }
    }
}

/// A label's name as it appears in a line of `labels()`: the whole line, or its first part
/// before a space and the color in parentheses or more columns.
fn listed(lines: &[String], label: &str) -> bool {
    lines.iter().any(|line| {
        line == label
            || line
                .strip_prefix(label)
                .is_some_and(|rest| rest.starts_with([' ', '\t']))
    })
}

/// The color and description a created label gets.
fn look(label: &str) -> (&'static str, String) {
    let color = match label {
        "priority:critical" => "b60205",
        "priority:high" => "d93f0b",
        "priority:medium" => "fbca04",
        _ => "e11d21",
    };
    (color, format!("{label} (git hotfix)"))
}

/// A reviewer name safe to put in an API path: a user (`alice`) or a team (`org/team`) of
/// letters, digits, `-`, `_` and `.`, never `..` nor a leading `-`.
fn plain_name(reviewer: &str) -> bool {
    let parts: Vec<&str> = reviewer.split('/').collect();
    parts.len() <= 2
        && parts.iter().all(|part| {
            !part.is_empty()
                && !part.starts_with(['-', '.'])
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// Keeps in `request` the labels and reviewers the forge has (creating missing labels when
/// `create`), and returns a warning for each one left out.
pub fn fit(request: &mut Request, client: &Client, create: bool) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Some(existing) = client.labels() {
        let mut kept = Vec::new();
        for label in std::mem::take(&mut request.labels) {
            if listed(&existing, &label) {
                kept.push(label);
                continue;
            }
            let (color, description) = look(&label);
            if create && client.create_label(&label, color, &description) {
                kept.push(label);
            } else if create {
                warnings.push(format!(
                    "the repository has no label '{label}' and it could not be created; the pull request is opened without it"
                ));
            } else {
                warnings.push(format!(
                    "the repository has no label '{label}'; the pull request is opened without it (hotfix.createLabels=true creates it)"
                ));
            }
        }
        request.labels = kept;
    }
    let mut kept = Vec::new();
    for reviewer in std::mem::take(&mut request.reviewers) {
        let exists = if plain_name(&reviewer) {
            client.reviewer_exists(&reviewer)
        } else {
            Some(false)
        };
        if exists == Some(false) {
            warnings.push(format!(
                "'{reviewer}' cannot be asked for a review in this repository; the pull request is opened without them"
            ));
        } else {
            kept.push(reviewer);
        }
    }
    request.reviewers = kept;
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_found_in_either_listing() {
        let lines: Vec<String> = ["hotfix (#e11d21)", "priority:high\tUrgent", "bug"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(listed(&lines, "hotfix"));
        assert!(listed(&lines, "priority:high"));
        assert!(listed(&lines, "bug"));
        assert!(!listed(&lines, "priority:critical"));
        assert!(!listed(&lines, "hot"));
    }

    #[test]
    fn only_plain_reviewer_names_reach_an_api_path() {
        assert!(plain_name("alice"));
        assert!(plain_name("acme/js-team"));
        assert!(!plain_name("../../user"));
        assert!(!plain_name("a/b/c"));
        assert!(!plain_name("--help"));
        assert!(!plain_name("x?y=1"));
    }
}
