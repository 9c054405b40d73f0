//! The release package of a hotfix: version and date, the changes (its commit subjects), the
//! deployment requirements read from the diff (configuration, database migrations, dependency
//! manifests; downtime from a flag or config), the deployment steps, and the Keep a Changelog
//! entry `release-notes --changelog` writes.

use globset::GlobSet;
use serde::Serialize;

use super::Report;
use super::sections::{self, Backport, Communication, Monitoring};
use crate::config::{CONFIG_PATHS, DOWNTIME};
use crate::error::Result;
use crate::git::{ChangeKind, FileChange, Repo};
use crate::history;
use crate::packages::{self, Planned};
use crate::policy::files;
use crate::store::{EventKind, Metadata, Severity, Status};

/// Configuration files unless `hotfix.configPaths` replaces the list.
const CONFIG_GLOBS: &[&str] = &[
    "**/.env*",
    "**/*.env",
    "**/config/**",
    "**/configs/**",
    "**/conf/**",
    "**/settings.py",
    "**/settings/*.py",
    "**/*.ini",
    "**/*.conf",
    "**/*.cfg",
    "**/*.properties",
    "**/application*.yml",
    "**/application*.yaml",
    "**/appsettings*.json",
    "**/config.{json,yml,yaml,toml,js,ts}",
    "**/*.config.{js,ts,mjs,cjs}",
    "**/docker-compose*.{yml,yaml}",
    "**/values*.{yml,yaml}",
];

/// Directory names that hold database migrations.
const MIGRATION_DIRS: &[&str] = &[
    "migrations",
    "migration",
    "migrate",
    "alembic",
    "flyway",
    "liquibase",
    "db_migrations",
];

#[derive(Debug, Clone, Serialize)]
pub struct Requirements {
    pub downtime: String,
    /// Changed configuration files.
    pub configuration: Vec<String>,
    /// Changed files in migration folders.
    pub database: Vec<String>,
    /// Changed dependency manifests and lock files.
    pub dependencies: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReleaseNotes {
    pub hotfix_id: String,
    pub issue: String,
    pub severity: Severity,
    pub status: Status,
    /// The released version, or the next patch version for a hotfix not finished yet.
    pub version: Option<String>,
    pub tag: Option<String>,
    /// The release date: the finish date, else today.
    pub date: String,
    /// Commit subjects of the hotfix, HOTFIX headers stripped.
    pub changes: Vec<String>,
    pub requirements: Requirements,
    /// Backports onto other release lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backports: Vec<Backport>,
    pub deployment_steps: Vec<String>,
    /// What `deploy`, `deployed` and `monitor` recorded so far.
    pub deployment_record: Vec<sections::Recorded>,
    pub communication: Communication,
    pub monitoring: Monitoring,
    /// The paths the hotfix changed and still has (for a changelog naming packages).
    #[serde(skip)]
    pub files: Vec<String>,
    /// In a repository of several packages, each package released with its version and tag.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<Planned>,
}

/// Builds the release notes; `version` and `downtime` override what is recorded or configured.
pub fn build(
    repo: &Repo,
    meta: &Metadata,
    version: Option<&str>,
    downtime: Option<&str>,
) -> Result<ReleaseNotes> {
    let base = meta.base();
    let head = history::head(repo, meta)?;
    let mut changes = Vec::new();
    for commit in history::commits(repo, base, head)? {
        // A commit that only updates the changelog or sets the version is not a change users
        // see.
        let parent = repo.parent(commit.id, 0)?.unwrap_or(base);
        let touched = repo.changed_files(parent, commit.id)?;
        if !touched.is_empty()
            && touched
                .iter()
                .all(|c| files::is_changelog(&c.path) || crate::project::is_version_only(c))
        {
            continue;
        }
        changes.push(super::strip_header(&commit.subject, &meta.hotfix_id));
    }
    let files_changed = match head {
        Some(head) => repo.changed_files(base, head)?,
        None => Vec::new(),
    };
    let requirements = requirements(repo, &files_changed, downtime)?;

    let given = version.map(crate::version::parse_user).transpose()?;
    let packages = packages::planned(repo, meta, head, given.as_ref())?;
    if given.is_some() {
        let names: Vec<String> = packages.iter().map(|p| p.name.clone()).collect();
        packages::one_version_only(&names, "release-notes")?;
    }
    let first = packages.iter().find_map(|p| p.release.as_ref());
    let (version, tag) = match (version, &meta.version) {
        // A package not released yet takes `--version` in its own tag style.
        (_, None) if !packages.is_empty() => (
            first.map(|r| r.version.clone()),
            first.map(|r| r.tag.clone()),
        ),
        (Some(version), _) => (
            Some(crate::version::parse_user(version)?.to_string()),
            meta.tag.clone(),
        ),
        (None, Some(_)) => (crate::version::recorded(meta)?, meta.tag.clone()),
        (None, None) => {
            match crate::version::next_release(repo, &release_tips(repo, head.unwrap_or(base))?)? {
                Some(next) => (Some(next.version.to_string()), Some(next.tag)),
                None => (None, None),
            }
        }
    };
    let date = meta
        .events
        .iter()
        .find(|e| e.event == EventKind::Finished)
        .map(|e| e.at)
        .unwrap_or_else(crate::clock::now)
        .date()
        .to_string();

    let monitoring = sections::monitoring(repo)?;
    let steps = deployment_steps(&meta.hotfix_id, &requirements, monitoring.window_minutes);

    Ok(ReleaseNotes {
        hotfix_id: meta.hotfix_id.clone(),
        issue: meta.issue.clone(),
        severity: meta.severity,
        status: meta.status,
        version,
        tag,
        date,
        changes,
        requirements,
        backports: sections::backports(meta),
        deployment_steps: steps,
        deployment_record: sections::deployment_record(meta),
        communication: sections::communication(meta),
        monitoring,
        files: files_changed
            .iter()
            .filter(|c| c.kind != ChangeKind::Deleted)
            .map(|c| c.path.clone())
            .collect(),
        packages,
    })
}

/// What the deployment needs, from the files the hotfix changed: downtime, configuration,
/// migrations and dependencies.
fn requirements(
    repo: &Repo,
    files_changed: &[FileChange],
    downtime: Option<&str>,
) -> Result<Requirements> {
    let config_paths = CONFIG_PATHS.list(repo, CONFIG_GLOBS)?;
    let config_set: GlobSet = files::glob_set(&config_paths, CONFIG_PATHS.key)?;
    let mut requirements = Requirements {
        downtime: match downtime {
            Some(text) => text.to_string(),
            None => DOWNTIME.get(repo)?,
        },
        configuration: Vec::new(),
        database: Vec::new(),
        dependencies: Vec::new(),
    };
    for change in files_changed {
        let path = &change.path;
        let shown = if change.kind == ChangeKind::Deleted {
            format!("{path} (deleted)")
        } else {
            path.clone()
        };
        if is_migration(path) {
            requirements.database.push(shown);
        } else if files::is_manifest(path) {
            requirements.dependencies.push(shown);
        } else if config_set.is_match(path) {
            requirements.configuration.push(shown);
        }
    }
    Ok(requirements)
}

/// The deployment steps the requirements call for, in order.
fn deployment_steps(hotfix_id: &str, requirements: &Requirements, minutes: u32) -> Vec<String> {
    let downtime = !requirements
        .downtime
        .trim()
        .eq_ignore_ascii_case("none expected")
        && !requirements.downtime.trim().eq_ignore_ascii_case("none");
    let mut steps = Vec::new();
    if downtime {
        steps.push("Enable maintenance mode".to_string());
    }
    steps.push(format!(
        "Back up, deploy to staging and run the smoke tests: git hotfix deploy {hotfix_id} --env staging"
    ));
    if !requirements.configuration.is_empty() {
        steps.push("Apply the configuration changes listed above".to_string());
    }
    if !requirements.database.is_empty() {
        steps.push("Back up the database, then run the migrations".to_string());
    }
    steps.push(format!(
        "Deploy to production the same way: git hotfix deploy {hotfix_id} (a pipeline's deploy is recorded with git hotfix deployed {hotfix_id} --env production)"
    ));
    steps.push(format!(
        "Monitor for {minutes} minutes: git hotfix monitor {hotfix_id} (see Post-deployment monitoring)"
    ));
    if downtime {
        steps.push("Disable maintenance mode".to_string());
    }
    steps
}

/// Where the next version is looked for: the hotfix and the production branch, as `finish`
/// does, so the release notes name the version `finish` will tag.
fn release_tips(repo: &Repo, head: crate::git::ObjectId) -> Result<Vec<crate::git::ObjectId>> {
    let remote = crate::config::REMOTE.get(repo)?;
    let production = crate::config::production_branch(repo, &remote)?;
    Ok(std::iter::once(head)
        .chain(repo.branch_tip(&production)?)
        .collect())
}

fn is_migration(path: &str) -> bool {
    let mut dirs: Vec<&str> = path.split('/').collect();
    dirs.pop();
    dirs.iter()
        .any(|dir| MIGRATION_DIRS.iter().any(|m| dir.eq_ignore_ascii_case(m)))
}

impl Report for ReleaseNotes {
    fn markdown(&self) -> String {
        let title = match (&self.version, &self.tag) {
            _ if !self.packages.is_empty() => self
                .packages
                .iter()
                .map(packages::describe)
                .collect::<Vec<_>>()
                .join(", "),
            (Some(version), Some(tag)) if version != tag => format!("{version} ({tag})"),
            (Some(version), _) => version.clone(),
            (None, _) => "unreleased".to_string(),
        };
        let mut out = format!(
            "# Hotfix release {title}: {} - {}\n\n",
            self.hotfix_id, self.issue
        );
        let planned = if self.status == Status::Open {
            " (planned)"
        } else {
            ""
        };
        out.push_str(&format!(
            "Date {}{planned} · severity {} · status {}\n\n## Changes\n\n",
            self.date, self.severity, self.status
        ));
        if self.changes.is_empty() {
            out.push_str("- No commits yet\n");
        }
        for change in &self.changes {
            out.push_str(&format!("- {change}\n"));
        }
        let list = |items: &[String]| {
            if items.is_empty() {
                "No changes".to_string()
            } else {
                // Paths are committed by anyone, and may hold a line break.
                items
                    .iter()
                    .map(|i| format!("`{}`", crate::ui::sanitize(i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        out.push('\n');
        sections::backports_markdown(&self.backports, &mut out);
        let req = &self.requirements;
        out.push_str("## Deployment requirements\n\n");
        out.push_str(&format!("- **Downtime**: {}\n", req.downtime));
        out.push_str(&format!(
            "- **Configuration changes**: {}\n",
            list(&req.configuration)
        ));
        out.push_str(&format!("- **Database**: {}\n", list(&req.database)));
        out.push_str(&format!(
            "- **Dependencies**: {}\n",
            list(&req.dependencies)
        ));
        out.push_str("\n## Deployment steps\n\n");
        for (number, step) in self.deployment_steps.iter().enumerate() {
            out.push_str(&format!("{}. {step}\n", number + 1));
        }
        out.push('\n');
        sections::deployment_record_markdown(&self.deployment_record, &mut out);
        self.communication.markdown(&mut out);
        self.monitoring.markdown(&mut out);
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_found_by_folder() {
        assert!(is_migration("db/migrate/20260301_add_index.rb"));
        assert!(is_migration("app/migrations/0002_auto.py"));
        assert!(!is_migration("src/migrate.rs"));
    }
}
