//! `git hotfix config`: the effective value of every setting and where it came from, so a
//! user can see why a command used `master` or `gitflow.origin` without reading git config.

use serde::Serialize;

use crate::config::{self, MAINTENANCE_BRANCH, PRODUCTION_BRANCH, REMOTE, Setting, Source};
use crate::error::Result;
use crate::git::{ConfigFiles, Repo};
use crate::{packages, ui};

/// Show the effective settings and where each came from, then the project's packages.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print an array of {key, value, source, from, file, default} objects as JSON (and
    /// detected, for what a setting finds in the repository).
    #[arg(long)]
    pub json: bool,
}

/// One setting as it applies in this repository; field names are stable.
#[derive(Serialize)]
struct Effective {
    key: String,
    value: String,
    /// `default`, `gitflow`, `local`, `global`, `system` or `command-line`.
    source: Source,
    /// The config key the value was read from; null for a default.
    from: Option<String>,
    /// The file that set it, as `git config --show-origin` names it; null for a default or
    /// a value from the command line.
    file: Option<String>,
    default: &'static str,
    /// What the setting finds in this repository (`hotfix.maintenanceBranch`: the maintenance
    /// branches, as `maint/v2 (2.x)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    detected: Option<Vec<String>>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let files = repo.config_files(&["hotfix", "gitflow"]);
    let mut settings = config::ALL
        .iter()
        .map(|setting| effective(repo, &files, setting))
        .collect::<Result<Vec<_>>>()?;
    settings.extend(per_environment(repo, &files)?);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&settings).expect("settings serialize")
        );
        return Ok(());
    }
    // Key and origin first, the value last, so a long value does not push the rest away.
    let key_width = settings.iter().map(|s| s.key.len()).max().unwrap_or(0);
    let origins: Vec<String> = settings
        .iter()
        .map(
            |setting| match (setting.source, &setting.from, &setting.file) {
                (Source::Default, _, _) | (_, None, _) => "(default)".to_string(),
                (Source::Gitflow, Some(key), Some(file)) => {
                    format!("(git-flow: {key} in {})", ui::sanitize(file))
                }
                (Source::Gitflow, Some(key), None) => format!("(git-flow: {key})"),
                (source, Some(_), Some(file)) => {
                    format!("({}: {})", scope_name(source), ui::sanitize(file))
                }
                (source, Some(_), None) => format!("({})", scope_name(source)),
            },
        )
        .collect();
    let origin_width = origins.iter().map(|o| o.chars().count()).max().unwrap_or(0);
    for (setting, origin) in settings.iter().zip(&origins) {
        let detected = match &setting.detected {
            Some(found) if found.is_empty() => " (detected: none)".to_string(),
            Some(found) => format!(" (detected: {})", ui::sanitize(&found.join(", "))),
            None => String::new(),
        };
        println!(
            "{:<key_width$}  {}  {}{detected}",
            ui::sanitize(&setting.key),
            ui::dim().apply_to(format!("{origin:<origin_width$}")),
            ui::sanitize(&setting.value),
        );
    }
    print_packages(repo)
}

/// The packages the manifests at HEAD describe and `hotfix.packages` declares, so a user
/// sees what a hotfix will be released as before it is.
fn print_packages(repo: &Repo) -> Result<()> {
    let Some(head) = repo.head_commit()? else {
        return Ok(());
    };
    let project = packages::project_at(repo, head)?;
    if !project.packages.is_empty() {
        println!("\nPackages (from the manifests at HEAD):");
    }
    let name_width = project
        .packages
        .iter()
        .map(|p| p.name.chars().count())
        .max();
    for package in &project.packages {
        let version = project.version_of(package).unwrap_or("-");
        let dir = if package.dir.is_empty() {
            "."
        } else {
            &package.dir
        };
        println!(
            "  {:<6}  {:<width$}  {:<8}  {}",
            package.ecosystem.name(),
            ui::sanitize(&package.name),
            ui::sanitize(version),
            ui::sanitize(dir),
            width = name_width.unwrap_or(0),
        );
    }
    for problem in &project.problems {
        ui::warn(format!("skipped {}", ui::sanitize(problem)));
    }
    Ok(())
}

fn effective(repo: &Repo, files: &ConfigFiles, setting: &'static Setting) -> Result<Effective> {
    let (mut value, source) = setting.resolve(repo)?;
    if source == Source::Default && setting.key == PRODUCTION_BRANCH.key {
        // The default is `main`, else `master` when only it exists: show the one in use.
        value = config::production_branch(repo, &REMOTE.get(repo)?)?;
    }
    let from = match source {
        Source::Default => None,
        Source::Gitflow => setting.gitflow.map(str::to_string),
        _ => Some(setting.key.to_string()),
    };
    let file = match source {
        Source::CommandLine => None,
        _ => from
            .as_deref()
            .and_then(|key| files.file_of(key))
            .map(str::to_string),
    };
    Ok(Effective {
        key: setting.key.to_string(),
        value,
        source,
        from,
        file,
        default: setting.default,
        detected: if setting.key == MAINTENANCE_BRANCH.key {
            let lines = crate::version::lines::detect(repo, &REMOTE.get(repo)?)?;
            Some(
                lines
                    .iter()
                    .map(|line| format!("{} ({})", line.branch, line.versions()))
                    .collect(),
            )
        } else {
            None
        },
    })
}

/// The overrides of a setting for one environment (`hotfix.staging.deployCommand`), each
/// with where it was set, after the settings they override.
fn per_environment(repo: &Repo, files: &ConfigFiles) -> Result<Vec<Effective>> {
    let mut found = Vec::new();
    for setting in config::PER_ENVIRONMENT {
        let name = setting.key.strip_prefix("hotfix.").unwrap_or(setting.key);
        for env in repo.config_subsections("hotfix", name)? {
            let key = setting.env_key(&env);
            if let Some((value, scope)) = repo.config_entry(&key)? {
                let source = config::scope_source(scope);
                let file = match source {
                    Source::CommandLine => None,
                    _ => files.file_of(&key).map(str::to_string),
                };
                found.push(Effective {
                    file,
                    from: Some(key.clone()),
                    key,
                    value,
                    source,
                    default: setting.default,
                    detected: None,
                });
            }
        }
    }
    Ok(found)
}

fn scope_name(source: Source) -> &'static str {
    match source {
        Source::Default => "default",
        Source::Gitflow => "git-flow",
        Source::Local => "local",
        Source::Global => "global",
        Source::System => "system",
        Source::CommandLine => "command line",
    }
}
