//! git-hotfix: production hotfixes as a git subcommand. `main` parses [`cli::Cli`] and hands it
//! to [`main`], which opens the repository once, dispatches to the subcommand and turns the
//! outcome into an exit code.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod error;
pub mod git;
pub mod hooks;
pub mod policy;
pub mod store;
pub mod testing;
pub mod ui;

use cli::{Cli, Command};
use error::{Result, exit};
use git::Repo;

/// Runs a parsed command line and returns the process exit code.
pub fn main(cli: Cli) -> u8 {
    exit_code(run(cli))
}

/// Runs `git-hotfix hooks run <hook> [args]`, the way the installed hooks call it, without
/// parsing the command line with clap; `None` for any other command line.
pub fn run_hook(args: &[std::ffi::OsString]) -> Option<u8> {
    match args {
        [_, hooks, run, hook, rest @ ..] if hooks == "hooks" && run == "run" => {
            let hook = hook.to_str().filter(|h| !h.starts_with('-'))?;
            Some(exit_code(hooks::run::run(hook, rest)))
        }
        _ => None,
    }
}

fn exit_code(result: Result<()>) -> u8 {
    match result {
        Ok(()) => exit::SUCCESS,
        Err(err) => {
            ui::report(&err);
            err.exit_code()
        }
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let repo = Repo::open();
    ui::init_colors(repo.as_ref().ok());
    let repo = repo?;
    match cli.command {
        Command::Start(args) => commands::start::run(&repo, args),
        Command::Status(args) => commands::status::run(&repo, args),
        Command::List(args) => commands::list::run(&repo, args),
        Command::Show(args) => commands::show::run(&repo, args),
        Command::Verify(args) => commands::verify::run(&repo, args),
        Command::Hooks(args) => commands::hooks::run(&repo, args),
        Command::Test(args) => commands::test::run(&repo, args),
    }
}
