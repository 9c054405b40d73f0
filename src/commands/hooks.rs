//! `git hotfix hooks install | uninstall | status`, and `hooks run <hook>` which the installed
//! hooks call. The logic lives in [`crate::hooks`]; this module parses and reports.

use std::ffi::OsString;

use clap::Subcommand;

use crate::config::PREFILL_HEADER;
use crate::error::Result;
use crate::git::Repo;
use crate::hooks::install::{self, Mode, Outcome, State};
use crate::hooks::{self, SKIP_ENV};
use crate::ui;

/// Install, remove or inspect the git hooks that enforce the hotfix rules.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Install commit-msg and pre-push (and prepare-commit-msg with hotfix.prefillHeader) where
    /// git runs hooks (core.hooksPath, else the shared .git/hooks; config-based hooks on git
    /// 2.54+). A hook already there is kept: it runs first (with config-based hooks, git runs it
    /// after ours). Installing twice changes nothing.
    ///
    /// With --server, run in the bare repository pushed to: installs pre-receive, which refuses
    /// a push breaking the rules whatever the pusher skipped (headers on the commits new to the
    /// server, diff budget and code comments on hotfix branches; append-only notes; release
    /// tags never moved or deleted; a hotfix branch needs its note; the tests, only when this
    /// repository's own config sets hotfix.testCommand), and post-receive, which
    /// records a push let through with 'git push -o hotfix.skip="<reason>"' as an event in the
    /// hotfix's notes. It sets receive.advertisePushOptions. For GitLab (custom_hooks/) or
    /// Gitea/Forgejo (server hooks), copy hooks/pre-receive and hooks/post-receive there.
    Install(ServerArgs),
    /// Remove the hooks and put back, byte for byte, any hook they chained (with --server:
    /// the server hooks of this bare repository).
    Uninstall(ServerArgs),
    /// Show where the hooks are and whether they are installed, with the snippet to add to a
    /// hook manager's config (husky, lefthook, pre-commit) when one is in use and does not
    /// call them yet; in a bare repository, the server hooks.
    Status,
    /// Run one hook; the installed hooks call this (internal).
    #[command(hide = true)]
    Run(RunArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// The server hooks (pre-receive, post-receive) of this bare repository, the remote.
    #[arg(long)]
    pub server: bool,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The hook: commit-msg, prepare-commit-msg or pre-push.
    pub hook: String,
    /// The arguments git passed to the hook.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<OsString>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    match args.action {
        Action::Install(ServerArgs { server: true }) => install_server(repo),
        Action::Uninstall(ServerArgs { server: true }) => uninstall_server(repo),
        Action::Install(_) => install_hooks(repo),
        Action::Uninstall(_) => uninstall_hooks(repo),
        Action::Status => status(repo),
        Action::Run(run) => hooks::run::run(&run.hook, &run.args),
    }
}

fn install_hooks(repo: &Repo) -> Result<()> {
    let mode = install::mode(repo)?;
    let outcomes = install::install(repo, &mode)?;
    let changed = outcomes
        .iter()
        .any(|(_, o)| !matches!(o, Outcome::Unchanged | Outcome::NotInstalled));
    if !changed {
        println!(
            "The hotfix hooks are already installed {}.",
            install::describe(repo, &mode)
        );
        return Ok(());
    }
    println!(
        "Installed the hotfix hooks {}:",
        install::describe(repo, &mode)
    );
    print_installed(&outcomes);
    print_managers(repo, false)?;
    Ok(())
}

fn install_server(repo: &Repo) -> Result<()> {
    let outcomes = install::install_server(repo)?;
    let dir = repo.hooks_dir()?;
    println!("Server hooks in {}:", dir.display());
    print_installed(&outcomes);
    println!(
        "Pushes breaking the hotfix rules are refused; 'git push -o {}=\"<reason>\"' lets one through and records it ({} is on).",
        hooks::server::SKIP_OPTION,
        install::ADVERTISE_PUSH_OPTIONS
    );
    Ok(())
}

/// What an install did, a line per hook. A hook of ours removed by it was one no longer
/// wanted (prepare-commit-msg with hotfix.prefillHeader off).
fn print_installed(outcomes: &[(&'static str, Outcome)]) {
    for (name, outcome) in outcomes {
        let what = match outcome {
            Outcome::Installed => "installed".to_string(),
            Outcome::Chained => format!(
                "installed; your own hook is kept as {name}{} and runs first",
                hooks::CHAINED_SUFFIX
            ),
            Outcome::Updated => "updated".to_string(),
            Outcome::Unchanged => "already installed".to_string(),
            Outcome::Skipped(why) => {
                ui::warn(format!("{name} was not installed: {why}"));
                "not installed".to_string()
            }
            Outcome::Removed | Outcome::Restored => {
                "removed (hotfix.prefillHeader is off)".to_string()
            }
            Outcome::NotInstalled => continue,
        };
        println!("  {name:<20}{what}");
    }
}

fn uninstall_server(repo: &Repo) -> Result<()> {
    print_removed("server hooks", install::uninstall_server(repo)?);
    Ok(())
}

fn uninstall_hooks(repo: &Repo) -> Result<()> {
    print_removed("hotfix hooks", install::uninstall(repo)?);
    Ok(())
}

/// What an uninstall did, a line per hook (`what`: "hotfix hooks", "server hooks").
fn print_removed(what: &str, outcomes: Vec<(&'static str, Outcome)>) {
    if outcomes.iter().all(|(_, o)| *o == Outcome::NotInstalled) {
        println!("The {what} are not installed; nothing to remove.");
        return;
    }
    println!("Removed the {what}:");
    for (name, outcome) in &outcomes {
        let what = match outcome {
            Outcome::Removed => "removed".to_string(),
            Outcome::Restored => "removed; your own hook is back in place".to_string(),
            Outcome::NotInstalled => "was not installed".to_string(),
            Outcome::Skipped(why) => {
                ui::warn(why);
                "left alone".to_string()
            }
            _ => continue,
        };
        println!("  {name:<20}{what}");
    }
}

fn status(repo: &Repo) -> Result<()> {
    if repo.work_tree().is_err() {
        return server_status(repo);
    }
    let mode = install::mode(repo)?;
    let (major, minor) = repo.git_version()?;
    println!(
        "Hooks {} (git {major}.{minor}{})",
        install::describe(repo, &mode),
        if mode == Mode::Config {
            ", config-based hooks"
        } else {
            ""
        }
    );
    let callers: Vec<(install::Manager, Vec<&str>)> = install::managers(repo)?
        .into_iter()
        .map(|manager| (manager, manager.calls(repo)))
        .collect();
    let mut missing = false;
    for (name, state) in install::states(repo, &mode)? {
        let running = matches!(
            state,
            State::Installed { .. } | State::Moved(install::Manager::PreCommit)
        );
        let caller = callers
            .iter()
            .find(|(_, calls)| calls.contains(&name))
            .map(|(manager, _)| manager.name());
        let what = match caller {
            Some(manager) if !running => format!("run from {manager}'s own {name} hook"),
            _ => describe_state(name, state, &mut missing),
        };
        println!("  {name:<20}{what}");
    }
    if !PREFILL_HEADER.flag(repo)? {
        println!(
            "  {:<20}off (to pre-fill 'HOTFIX-NNN: ': git config {} true, then install)",
            "prepare-commit-msg", PREFILL_HEADER.key
        );
    }
    if missing {
        ui::hint("install them with 'git hotfix hooks install'");
    }
    println!("Skip the checks once with {SKIP_ENV}=1 (or git's --no-verify).");
    print_managers(repo, true)
}

/// What `status` says of one hook's state; sets `missing` when it needs an install.
fn describe_state(name: &str, state: State, missing: &mut bool) -> String {
    match state {
        State::Installed { chained: false } => "installed".to_string(),
        State::Installed { chained: true } => format!(
            "installed; runs your own hook first ({name}{})",
            hooks::CHAINED_SUFFIX
        ),
        State::Outdated => {
            *missing = true;
            "outdated (another git-hotfix version wrote it)".to_string()
        }
        State::Foreign => {
            *missing = true;
            "not installed; another hook is in its place (install keeps it and chains it)"
                .to_string()
        }
        State::Missing => {
            *missing = true;
            "not installed".to_string()
        }
        State::Moved(install::Manager::PreCommit) => {
            format!("installed; pre-commit runs it, kept as {name}.legacy")
        }
        State::Moved(manager) => {
            *missing = true;
            format!(
                "not running: {} moved it to {name}.old, which it does not run (install chains {0}'s hook instead)",
                manager.name()
            )
        }
    }
}

/// A bare repository is a server: its hooks are pre-receive and post-receive.
fn server_status(repo: &Repo) -> Result<()> {
    println!("Server hooks in {}:", repo.hooks_dir()?.display());
    let mut missing = false;
    for (name, state) in install::server_states(repo)? {
        let what = match state {
            State::Installed { chained: false } => "installed",
            State::Installed { chained: true } => "installed; runs the hook that was there first",
            State::Outdated => "outdated (another git-hotfix version wrote it)",
            State::Foreign | State::Moved(_) => {
                "not installed; another hook is in its place (install keeps it and chains it)"
            }
            State::Missing => "not installed",
        };
        missing |= !matches!(state, State::Installed { .. });
        println!("  {name:<20}{what}");
    }
    let options = repo.config_bool(install::ADVERTISE_PUSH_OPTIONS)? == Some(true);
    println!(
        "  {:<20}{}",
        "push options",
        if options {
            format!(
                "advertised: 'git push -o {}=\"<reason>\"' lets one push through, recorded",
                hooks::server::SKIP_OPTION
            )
        } else {
            format!(
                "not advertised ({} is off): pushers cannot ask to skip the rules",
                install::ADVERTISE_PUSH_OPTIONS
            )
        }
    );
    if missing || !options {
        ui::hint("install them with 'git hotfix hooks install --server'");
    }
    Ok(())
}

/// Tells how to call the checks from a hook manager's own config; the snippets themselves
/// only with `snippets` (for `status`).
fn print_managers(repo: &Repo, snippets: bool) -> Result<()> {
    let files = matches!(install::mode(repo)?, Mode::Files(_));
    for manager in install::managers(repo)? {
        println!();
        if !snippets {
            println!(
                "{} manages this repository's hooks: if it rewrites them, call git-hotfix from \
                 its config ('git hotfix hooks status' shows how).",
                manager.name()
            );
            if files && let Some(advice) = manager.beside_files(repo)? {
                println!("{advice}");
            }
            continue;
        }
        let calls = manager.calls(repo);
        if ["commit-msg", "pre-push"]
            .iter()
            .all(|hook| calls.contains(hook))
        {
            println!(
                "{} manages this repository's hooks, and its own hooks call the checks ({}).",
                manager.name(),
                calls.join(", ")
            );
            continue;
        }
        println!(
            "{} manages this repository's hooks. So that its hooks call the checks even when it \
             rewrites the hook files, add to its config:",
            manager.name()
        );
        for line in manager.snippet().lines() {
            println!("    {line}");
        }
    }
    Ok(())
}
