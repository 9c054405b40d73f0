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
    /// 2.54+). A hook already there is kept and runs first. Installing twice changes nothing.
    Install,
    /// Remove the hooks and put back, byte for byte, any hook they chained.
    Uninstall,
    /// Show where the hooks are and whether they are installed, with the snippet to add to a
    /// hook manager's config (husky, lefthook, pre-commit) when one is in use.
    Status,
    /// Run one hook; the installed hooks call this (internal).
    #[command(hide = true)]
    Run(RunArgs),
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
        Action::Install => install_hooks(repo),
        Action::Uninstall => uninstall_hooks(repo),
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
    for (name, outcome) in &outcomes {
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
    print_managers(repo, false)?;
    Ok(())
}

fn uninstall_hooks(repo: &Repo) -> Result<()> {
    let outcomes = install::uninstall(repo)?;
    if outcomes.iter().all(|(_, o)| *o == Outcome::NotInstalled) {
        println!("The hotfix hooks are not installed; nothing to remove.");
        return Ok(());
    }
    println!("Removed the hotfix hooks:");
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
    Ok(())
}

fn status(repo: &Repo) -> Result<()> {
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
    let mut missing = false;
    for (name, state) in install::states(repo, &mode)? {
        let what = match state {
            State::Installed { chained: false } => "installed".to_string(),
            State::Installed { chained: true } => format!(
                "installed; runs your own hook first ({name}{})",
                hooks::CHAINED_SUFFIX
            ),
            State::Outdated => {
                missing = true;
                "outdated (another git-hotfix version wrote it)".to_string()
            }
            State::Foreign => {
                missing = true;
                "not installed; another hook is in its place (install keeps it and chains it)"
                    .to_string()
            }
            State::Missing => {
                missing = true;
                "not installed".to_string()
            }
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

/// Tells how to call the checks from a hook manager's own config; the snippets themselves
/// only with `snippets` (for `status`).
fn print_managers(repo: &Repo, snippets: bool) -> Result<()> {
    for manager in install::managers(repo)? {
        println!();
        if !snippets {
            println!(
                "{} manages this repository's hooks: if it rewrites them, call git-hotfix from \
                 its config ('git hotfix hooks status' shows how).",
                manager.name()
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
