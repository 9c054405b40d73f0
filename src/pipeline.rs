//! The last mile after `finish`: the configured steps `deploy` runs (backup, deploy, smoke
//! tests) and the probe `monitor` runs, and how their outcomes become events. A step's command
//! comes from git config only (`hotfix.<env>.<step>Command`, else `hotfix.<step>Command`),
//! never from notes, which arrive from the remote; what it needs to know about the release
//! goes in as `HOTFIX_*` environment variables, never into the command text, so nothing a
//! note holds is ever read by a shell. Output streams to the user and stays out of the notes:
//! an event keeps the outcome, the exit code and the duration.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::config::{BACKUP_COMMAND, DEPLOY_COMMAND, MONITOR_COMMAND, SMOKE_COMMAND, Setting};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::store::{EventKind, Metadata};
use crate::{history, shell, version};

/// A configured step of the last mile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Backup,
    Deploy,
    Smoke,
    Monitor,
}

impl Step {
    /// What `deploy` runs, in order.
    pub const DEPLOY: [Step; 3] = [Step::Backup, Step::Deploy, Step::Smoke];

    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Step::Backup => "backup",
            Step::Deploy => "deploy",
            Step::Smoke => "smoke tests",
            Step::Monitor => "monitor",
        }
    }

    pub fn setting(self) -> &'static Setting {
        match self {
            Step::Backup => &BACKUP_COMMAND,
            Step::Deploy => &DEPLOY_COMMAND,
            Step::Smoke => &SMOKE_COMMAND,
            Step::Monitor => &MONITOR_COMMAND,
        }
    }

    /// The events a run of the step records: (passed, failed).
    pub fn events(self) -> (EventKind, EventKind) {
        match self {
            Step::Backup => (EventKind::BackupPassed, EventKind::BackupFailed),
            Step::Deploy => (EventKind::DeployPassed, EventKind::DeployFailed),
            Step::Smoke => (EventKind::SmokePassed, EventKind::SmokeFailed),
            Step::Monitor => (EventKind::MonitorClean, EventKind::MonitorTriggered),
        }
    }
}

/// A step's command and the key it was read from (`hotfix.staging.deployCommand`).
#[derive(Debug, Clone)]
pub struct Configured {
    pub command: String,
    pub key: String,
}

/// The command of `step` for environment `env`; `None` when it is not configured.
pub fn command(repo: &Repo, step: Step, env: &str) -> Result<Option<Configured>> {
    Ok(step
        .setting()
        .for_env(repo, env)?
        .map(|(command, key)| Configured { command, key }))
}

/// An environment name as typed: it names config keys (`hotfix.<env>.deployCommand`) and is
/// recorded in the notes, so it is letters, digits, `.`, `-` and `_`.
pub fn environment(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(
            Error::refused("the environment name is empty").hint("name it, e.g. --env production")
        );
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(Error::refused(format!(
            "the environment name '{}' may only hold letters, digits, '.', '-' and '_'",
            name.escape_debug()
        ))
        .hint("name it, e.g. --env staging or --env production"));
    }
    Ok(name.to_string())
}

/// The environment variables a step gets: what it deploys, where, and what it replaces.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub vars: Vec<(&'static str, String)>,
}

impl Inputs {
    /// The variables for `meta` deployed to `env`: `HOTFIX_ID`, `HOTFIX_VERSION`, `HOTFIX_TAG`,
    /// `HOTFIX_PREVIOUS_VERSION`, `HOTFIX_ENV` and `HOTFIX_COMMIT` (empty when unknown).
    /// `replaced` is the version the release replaces when the caller knows it better than
    /// the release tag nearest before the production merge: a package's own previous
    /// release, in a repository that releases its packages one by one.
    pub fn new(
        repo: &Repo,
        meta: &Metadata,
        env: &str,
        replaced: Option<String>,
    ) -> Result<Inputs> {
        let previous_version = match replaced {
            Some(version) => version,
            None => {
                let previous = history::previous_tag(repo, meta)?;
                let styles = version::tag_styles(repo)?;
                previous
                    .as_deref()
                    .and_then(|tag| styles.iter().find_map(|style| style.version_of(tag)))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            }
        };
        // The notes are other people's text: a step gets a version only when it is one, and
        // a tag only when it is a valid tag name that no command reads as an option
        // (`git fetch origin "$HOTFIX_TAG"`), so a script gets nothing it did not expect.
        let version = version::recorded(meta)?;
        let tag = meta.tag.clone().filter(|tag| {
            !tag.starts_with('-') && crate::git::is_valid_refname(&format!("refs/tags/{tag}"))
        });
        // The released commit: the tag's when it names one, else the hotfix's fix.
        let tagged = tag
            .as_deref()
            .map(|tag| repo.ref_commit(&format!("refs/tags/{tag}")))
            .transpose()?
            .flatten();
        let commit = match tagged {
            Some(commit) => Some(commit),
            None => history::head(repo, meta)?,
        };
        Ok(Inputs {
            vars: vec![
                ("HOTFIX_ID", meta.hotfix_id.clone()),
                ("HOTFIX_VERSION", version.unwrap_or_default()),
                ("HOTFIX_TAG", tag.unwrap_or_default()),
                ("HOTFIX_PREVIOUS_VERSION", previous_version),
                ("HOTFIX_ENV", env.to_string()),
                (
                    "HOTFIX_COMMIT",
                    commit.map(|c| c.to_string()).unwrap_or_default(),
                ),
            ],
        })
    }
}

/// How a run of a step went.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub passed: bool,
    /// `None` when a signal ended it.
    pub exit_code: Option<i32>,
    pub duration: Duration,
}

impl Outcome {
    /// `exit 3 after 1.2s`, or `killed by a signal after 1.2s`.
    pub fn describe(&self) -> String {
        let how = match self.exit_code {
            Some(code) => format!("exit {code}"),
            None => "killed by a signal".to_string(),
        };
        format!("{how} after {}", crate::clock::human_std(self.duration))
    }
}

/// Where the steps run: the work tree, or the repository itself when it is bare.
fn dir(repo: &Repo) -> std::path::PathBuf {
    repo.work_tree()
        .map(|p| p.to_path_buf())
        .unwrap_or_else(|_| repo.git_dir().to_path_buf())
}

/// Runs a step with its output streamed to stderr (stdout stays clean), and times it.
pub fn run(repo: &Repo, configured: &Configured, inputs: &Inputs) -> Result<Outcome> {
    let started = Instant::now();
    let status = shell::command(&configured.command, &dir(repo))
        .envs(inputs.vars.iter().map(|(k, v)| (k, v)))
        .stdout(shell::stderr_for_output()?)
        .status()
        .map_err(|err| cannot_run(configured, &err))?;
    Ok(Outcome {
        passed: status.success(),
        exit_code: status.code(),
        duration: started.elapsed(),
    })
}

/// One sample of the monitor command: healthy or not, and the last line it printed.
#[derive(Debug, Clone)]
pub struct Sample {
    pub healthy: bool,
    pub summary: String,
}

/// Runs the monitor command once, keeping the last line of its output as the summary
/// (its errors go to stderr as they come).
pub fn sample(repo: &Repo, configured: &Configured, inputs: &Inputs) -> Result<Sample> {
    let output = shell::command(&configured.command, &dir(repo))
        .envs(inputs.vars.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .output()
        .map_err(|err| cannot_run(configured, &err))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let summary = text
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .map(|line| crate::ui::clip(line.trim(), 200).into_owned())
        .unwrap_or_default();
    Ok(Sample {
        healthy: output.status.success(),
        summary,
    })
}

fn cannot_run(configured: &Configured, err: &std::io::Error) -> Error {
    Error::internal(format!(
        "cannot run {} ({}): {err}",
        configured.key, configured.command
    ))
}

/// Records the outcome of a `deploy` step: `<step>-passed` or `<step>-failed`, the
/// environment as the detail, with the exit code and the duration.
pub fn record(meta: &mut Metadata, step: Step, env: &str, outcome: &Outcome, by: &str) {
    let (passed, failed) = step.events();
    let kind = if outcome.passed { passed } else { failed };
    let mut extra = Map::new();
    extra.insert("exit_code".into(), json!(outcome.exit_code));
    extra.insert("duration_ms".into(), json!(millis(outcome.duration)));
    meta.record_with(kind, by, Some(env.to_string()), extra);
}

/// A duration in whole milliseconds, as events store it.
pub fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// What a monitoring window saw, as its event stores it.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    pub samples: u64,
    pub failures: u64,
    pub consecutive: u64,
    pub elapsed: Duration,
    pub window: Duration,
    pub summary: String,
}

/// How a monitoring window ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchEnd {
    Clean,
    Triggered,
    Interrupted,
}

/// Records a monitoring window: `monitor-clean`, `monitor-triggered` or
/// `monitor-interrupted`, the environment as the detail, with the counts.
pub fn record_watch(meta: &mut Metadata, env: &str, end: WatchEnd, watch: &Watch, by: &str) {
    let kind = match end {
        WatchEnd::Clean => EventKind::MonitorClean,
        WatchEnd::Triggered => EventKind::MonitorTriggered,
        WatchEnd::Interrupted => EventKind::MonitorInterrupted,
    };
    let mut extra = Map::new();
    extra.insert("samples".into(), json!(watch.samples));
    extra.insert("failures".into(), json!(watch.failures));
    extra.insert("consecutive_failures".into(), json!(watch.consecutive));
    extra.insert("duration_ms".into(), json!(millis(watch.elapsed)));
    extra.insert("window_ms".into(), json!(millis(watch.window)));
    if !watch.summary.is_empty() {
        extra.insert("summary".into(), Value::String(watch.summary.clone()));
    }
    meta.record_with(kind, by, Some(env.to_string()), extra);
}

/// True when a deployment of the hotfix to `env` is recorded (by `deploy` or `deployed`).
pub fn deployed_to(meta: &Metadata, env: &str) -> bool {
    meta.events
        .iter()
        .any(|e| e.event == EventKind::Deployed && e.detail.as_deref() == Some(env))
}

/// Refuses a hotfix that is not released: only a finished hotfix has a version to deploy.
pub fn require_finished(meta: &Metadata, what: &str) -> Result<()> {
    if meta.status == crate::store::Status::Finished {
        return Ok(());
    }
    Err(Error::refused(format!(
        "{} is {}, not finished: only a released hotfix is {what}",
        meta.hotfix_id, meta.status
    ))
    .hint(match meta.status {
        crate::store::Status::Open => format!(
            "release it first with 'git hotfix finish {}'",
            meta.hotfix_id
        ),
        _ => format!(
            "see what happened with 'git hotfix show {}'",
            meta.hotfix_id
        ),
    }))
}
