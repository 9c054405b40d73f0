//! `git hotfix monitor [<ID>] [--env NAME]`: the monitoring window after a deploy made
//! somebody's job. The configured monitor command runs every interval for the window; enough
//! unhealthy samples in a row fire the rollback trigger. How the window ended (clean,
//! triggered, or interrupted with Ctrl-C) is recorded with what was seen, for the checklist,
//! the post-mortem and the change failure rate.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::clock;
use crate::config::{MONITOR_FAILURES, MONITOR_INTERVAL, MONITOR_WINDOW};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::pipeline::{self, Configured, Inputs, Step, Watch, WatchEnd};
use crate::store;
use crate::{packages, record, ui};

/// Watch a deployed hotfix with the monitor command and fire the rollback trigger.
///
/// Runs hotfix.monitorCommand (or hotfix.<env>.monitorCommand) every interval for the window:
/// exit 0 is healthy, anything else unhealthy, and its last line of output is the sample's
/// summary. On a terminal a live line shows the elapsed and remaining time, the samples and
/// the failures. After hotfix.monitorFailures unhealthy samples in a row it records the
/// trigger, prints 'git hotfix rollback --execute <ID>' and exits 1; a clean window is recorded
/// and ticks the monitoring-window-clean checklist item. Ctrl-C records what was seen so far.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// The environment watched; `hotfix.<NAME>.monitorCommand` overrides the command for it.
    #[arg(long, value_name = "NAME", default_value = "production")]
    pub env: String,
    /// How long to watch (default: hotfix.monitorWindow, 30m); e.g. 90s, 30m, 1h.
    #[arg(long = "for", value_name = "DURATION", value_parser = clock::parse_duration_arg)]
    pub window: Option<Duration>,
    /// How often to sample (default: hotfix.monitorInterval, 60s); e.g. 0.5s, 30s.
    #[arg(long, value_name = "DURATION", value_parser = clock::parse_duration_arg)]
    pub every: Option<Duration>,
}

/// How the window is watched.
struct Plan {
    configured: Configured,
    inputs: Inputs,
    window: Duration,
    interval: Duration,
    threshold: u64,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select_released(repo, &loaded, args.id.as_deref(), "monitor <ID>")?;
    let env = pipeline::environment(&args.env)?;
    pipeline::require_finished(&hotfix.meta, "monitored")?;
    super::deploy::check_release(repo, &hotfix.meta)?;
    let id = hotfix.meta.hotfix_id.clone();
    let configured = pipeline::command(repo, Step::Monitor, &env)?.ok_or_else(|| {
        Error::refused(format!("no monitor command is configured for {env}")).hint(
            "set one with 'git config hotfix.monitorCommand \"<command>\"': exit 0 when healthy, non-zero when not",
        )
    })?;
    let threshold = MONITOR_FAILURES.number(repo)?;
    if threshold == 0 {
        return Err(Error::refused("hotfix.monitorFailures must be at least 1")
            .hint("fix it with 'git config hotfix.monitorFailures 3'"));
    }
    let plan = Plan {
        inputs: Inputs::new(
            repo,
            &hotfix.meta,
            &env,
            packages::replaced_version(repo, &hotfix.meta)?,
        )?,
        configured,
        window: match args.window {
            Some(window) => window,
            None => MONITOR_WINDOW.duration(repo)?,
        },
        interval: match args.every {
            Some(every) => every,
            None => MONITOR_INTERVAL.duration(repo)?,
        },
        threshold: threshold as u64,
    };
    let interrupted = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&interrupted))
            .map_err(|err| Error::internal(format!("cannot watch for Ctrl-C: {err}")))?;
    }
    if !ui::quiet() {
        eprintln!(
            "Watching {id} on {env} for {}, a sample every {} ({} unhealthy in a row trigger a rollback): {}",
            clock::human_std(plan.window),
            clock::human_std(plan.interval),
            plan.threshold,
            plan.configured.command
        );
    }
    let (end, watch) = watch(repo, &plan, &interrupted)?;
    let by = repo.identity()?;
    pipeline::record_watch(&mut hotfix.meta, &env, end, &watch, &by);
    record::save(repo, &hotfix)?;
    let seen = format!(
        "{} sample(s) over {}, {} unhealthy",
        watch.samples,
        clock::human_std(watch.elapsed),
        watch.failures
    );
    match end {
        WatchEnd::Clean => {
            println!("The monitoring window of {id} on {env} was clean: {seen}.");
            Ok(())
        }
        WatchEnd::Triggered => {
            println!("Rollback triggered for {id} on {env}: {seen}.");
            Err(Error::refused(format!(
                "{} unhealthy samples in a row on {env}{}",
                watch.consecutive,
                last_said(&watch)
            ))
            .hint(format!(
                "roll back with 'git hotfix rollback --execute {id}'"
            )))
        }
        WatchEnd::Interrupted => Err(Error::refused(format!(
            "monitoring {id} on {env} was interrupted; what was seen is recorded: {seen}"
        ))
        .hint(format!(
            "watch a whole window with 'git hotfix monitor {id} --env {env}'"
        ))),
    }
}

fn last_said(watch: &Watch) -> String {
    if watch.summary.is_empty() {
        String::new()
    } else {
        format!(" (last: {})", ui::sanitize(&watch.summary))
    }
}

/// Samples every interval until the window is over, the trigger fires, or a signal comes.
fn watch(repo: &Repo, plan: &Plan, interrupted: &AtomicBool) -> Result<(WatchEnd, Watch)> {
    let started = Instant::now();
    let live = std::io::stderr().is_terminal() && !ui::quiet();
    let mut watch = Watch {
        window: plan.window,
        ..Watch::default()
    };
    let end = loop {
        if interrupted.load(Ordering::SeqCst) {
            break WatchEnd::Interrupted;
        }
        let sample = pipeline::sample(repo, &plan.configured, &plan.inputs)?;
        if interrupted.load(Ordering::SeqCst) {
            // On a terminal Ctrl-C reaches the probe too: its verdict is not a sample.
            break WatchEnd::Interrupted;
        }
        watch.samples += 1;
        watch.summary = sample.summary.clone();
        if sample.healthy {
            watch.consecutive = 0;
        } else {
            watch.failures += 1;
            watch.consecutive += 1;
            if !live && !ui::quiet() {
                eprintln!("Sample {} unhealthy{}", watch.samples, last_said(&watch));
            }
        }
        watch.elapsed = started.elapsed();
        if live {
            live_line(&watch);
        }
        if watch.consecutive >= plan.threshold {
            break WatchEnd::Triggered;
        }
        let next = plan.interval.saturating_mul(watch.samples as u32);
        let until = started + next.min(plan.window);
        if wait_until(until, interrupted) {
            break WatchEnd::Interrupted;
        }
        if next >= plan.window {
            break WatchEnd::Clean;
        }
    };
    watch.elapsed = started.elapsed();
    if live {
        eprintln!();
    }
    Ok((end, watch))
}

/// Sleeps until `until`, waking often to notice a signal; true when one came.
fn wait_until(until: Instant, interrupted: &AtomicBool) -> bool {
    loop {
        if interrupted.load(Ordering::SeqCst) {
            return true;
        }
        let now = Instant::now();
        if now >= until {
            return false;
        }
        std::thread::sleep((until - now).min(Duration::from_millis(20)));
    }
}

/// The line a terminal shows while watching, rewritten in place.
fn live_line(watch: &Watch) {
    let remaining = watch.window.saturating_sub(watch.elapsed);
    eprint!(
        "\r\x1b[2K{} elapsed · {} remaining · {} sample(s) · {} unhealthy{}",
        clock::human_std(watch.elapsed),
        clock::human_std(remaining),
        watch.samples,
        watch.failures,
        last_said(watch)
    );
}
