//! Pull requests for teams whose production branch is protected: `finish --pr` pushes the
//! hotfix branch and asks the forge's own client (`gh`, or `glab` for GitLab remotes) to open
//! the request, so the user's forge login applies. This module builds that command: title,
//! labels by severity, reviewers (`hotfix.reviewers`, else the CODEOWNERS owners of the
//! changed files) and a body holding the hotfix's release notes; [`available`] fits it to
//! the labels and reviewers the repository has.

pub mod available;

use crate::codeowners::CodeOwners;
use crate::config::{EMOJI, REVIEWERS};
use crate::error::Result;
use crate::git::{ObjectId, Repo};
use crate::store::{Metadata, Severity};

/// The forge client a remote calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forge {
    GitHub,
    GitLab,
}

impl Forge {
    /// GitLab when the remote's URL names it, GitHub otherwise.
    pub fn of_remote(url: Option<&str>) -> Forge {
        match url {
            Some(url) if url.to_ascii_lowercase().contains("gitlab") => Forge::GitLab,
            _ => Forge::GitHub,
        }
    }

    /// The client program.
    pub fn program(self) -> &'static str {
        match self {
            Forge::GitHub => "gh",
            Forge::GitLab => "glab",
        }
    }
}

/// What a pull request is opened with.
pub struct Request {
    pub title: String,
    pub body: String,
    pub labels: Vec<String>,
    pub reviewers: Vec<String>,
}

impl Request {
    pub fn new(repo: &Repo, meta: &Metadata, base: ObjectId, head: ObjectId) -> Result<Request> {
        let siren = if EMOJI.flag(repo)? { "🚨 " } else { "" };
        let priority = match meta.severity {
            Severity::P0 => "priority:critical",
            Severity::P1 => "priority:high",
            Severity::P2 => "priority:medium",
        };
        use crate::report::Report;
        // The body is the release package, the same Markdown `git hotfix release-notes` prints,
        // with every note field made printable (a title is one line).
        let shown = crate::report::Output {
            output: None,
            json: false,
        }
        .shown(meta);
        Ok(Request {
            title: format!("{siren}HOTFIX: {}", shown.issue),
            body: crate::report::release::build(repo, &shown, None, None)?.markdown(),
            labels: vec!["hotfix".to_string(), priority.to_string()],
            reviewers: reviewers(repo, base, head)?,
        })
    }

    /// The client's arguments (after the program name) to open the request.
    pub fn args(&self, forge: Forge, target: &str, branch: &str) -> Vec<String> {
        let mut args: Vec<String> = match forge {
            Forge::GitHub => vec![
                "pr", "create", "--base", target, "--head", branch, "--title",
            ],
            Forge::GitLab => vec![
                "mr",
                "create",
                "--target-branch",
                target,
                "--source-branch",
                branch,
                "--title",
            ],
        }
        .into_iter()
        .map(str::to_string)
        .collect();
        args.push(self.title.clone());
        args.push(
            match forge {
                Forge::GitHub => "--body",
                Forge::GitLab => "--description",
            }
            .to_string(),
        );
        args.push(self.body.clone());
        if !self.labels.is_empty() {
            args.push("--label".to_string());
            args.push(self.labels.join(","));
        }
        for reviewer in &self.reviewers {
            args.push("--reviewer".to_string());
            args.push(reviewer.clone());
        }
        args
    }
}

/// `hotfix.reviewers`, else the owners in CODEOWNERS of the files changed from `base` to
/// `head`. Handles lose their `@` (as the clients take them); e-mail owners are left out.
fn reviewers(repo: &Repo, base: ObjectId, head: ObjectId) -> Result<Vec<String>> {
    let configured = REVIEWERS.get(repo)?;
    let owners = if configured.trim().is_empty() {
        match CodeOwners::at(repo, head)? {
            Some(codeowners) => {
                let changes = repo.changed_files(base, head)?;
                let paths = changes
                    .iter()
                    .flat_map(|c| std::iter::once(&c.path).chain(&c.old_path));
                codeowners.owners_of_all(paths.map(String::as_str))
            }
            None => Vec::new(),
        }
    } else {
        configured
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out: Vec<String> = Vec::new();
    for owner in owners {
        let handle = owner.strip_prefix('@').unwrap_or(&owner).to_string();
        if !handle.contains('@') && !out.contains(&handle) {
            out.push(handle);
        }
    }
    Ok(out)
}
