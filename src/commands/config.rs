//! `git hotfix config`: the effective value of every setting and where it came from, so a
//! user can see why a command used `master` or `gitflow.origin` without reading git config.

use serde::Serialize;

use crate::config::{self, PRODUCTION_BRANCH, REMOTE, Setting, Source};
use crate::error::Result;
use crate::git::Repo;
use crate::ui;

/// Show the effective settings and where each came from.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print an array of {key, value, source, from, default} objects as JSON.
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
    default: &'static str,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let mut settings = config::ALL
        .iter()
        .map(|setting| effective(repo, setting))
        .collect::<Result<Vec<_>>>()?;
    settings.extend(per_environment(repo)?);
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
        .map(|setting| match (setting.source, &setting.from) {
            (Source::Default, _) | (_, None) => "(default)".to_string(),
            (Source::Gitflow, Some(key)) => format!("(git-flow: {key})"),
            (source, Some(_)) => format!("({})", scope_name(source)),
        })
        .collect();
    let origin_width = origins.iter().map(|o| o.chars().count()).max().unwrap_or(0);
    for (setting, origin) in settings.iter().zip(&origins) {
        println!(
            "{:<key_width$}  {}  {}",
            ui::sanitize(&setting.key),
            ui::dim().apply_to(format!("{origin:<origin_width$}")),
            ui::sanitize(&setting.value),
        );
    }
    Ok(())
}

fn effective(repo: &Repo, setting: &'static Setting) -> Result<Effective> {
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
    Ok(Effective {
        key: setting.key.to_string(),
        value,
        source,
        from,
        default: setting.default,
    })
}

/// The overrides of a setting for one environment (`hotfix.staging.deployCommand`), each
/// with where it was set, after the settings they override.
fn per_environment(repo: &Repo) -> Result<Vec<Effective>> {
    let mut found = Vec::new();
    for setting in config::PER_ENVIRONMENT {
        let name = setting.key.strip_prefix("hotfix.").unwrap_or(setting.key);
        for env in repo.config_subsections("hotfix", name)? {
            let key = setting.env_key(&env);
            if let Some((value, scope)) = repo.config_entry(&key)? {
                let source = config::scope_source(scope);
                found.push(Effective {
                    from: Some(key.clone()),
                    key,
                    value,
                    source,
                    default: setting.default,
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
