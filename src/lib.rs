//! git-hotfix: production hotfixes as a git subcommand. `main` parses [`cli::Cli`] and hands it
//! to [`main`], which opens the repository once, dispatches to the subcommand and turns the
//! outcome into an exit code.
//!
//! The modules stand in layers, and each uses only layers below its own: `error`, `clock`,
//! `failpoint`, `files` (the one way to write a file), `shell` (running a configured command)
//! and `ui` at the bottom; then `git`;
//! `store` (the notes format) and `config`; the domain (`version`, `operation`, `notify`,
//! `testing`, `pipeline`, `history`, `sync`, ...); `packages` (what a hotfix releases);
//! `policy` and `record` (saving a hotfix); `report` and `hooks`; `pr`; `commands`; `cli` and `docs`.
//! The table, and the test that holds the code to it, is in `src/architecture.rs`.

#[cfg(test)]
mod architecture;
pub mod changelog;
pub mod cli;
pub mod clock;
pub mod codeowners;
pub mod commands;
pub mod config;
pub mod docs;
pub mod error;
pub mod failpoint;
pub mod files;
pub mod git;
pub mod history;
pub mod hooks;
pub mod notify;
pub mod operation;
pub mod packages;
pub mod pipeline;
pub mod policy;
pub mod pr;
pub mod project;
pub mod record;
pub mod report;
pub mod shell;
pub mod store;
pub mod sync;
pub mod testing;
pub mod ui;
pub mod version;

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
    ui::set_verbosity(match (cli.quiet, cli.verbose) {
        (true, _) => ui::Verbosity::Quiet,
        (_, true) => ui::Verbosity::Verbose,
        _ => ui::Verbosity::Normal,
    });
    let repo = Repo::open();
    ui::init_colors(repo.as_ref().ok().and_then(config::color).as_deref());
    // Commands that work outside a repository.
    if let Command::Completions(args) = &cli.command {
        return commands::completions::run(args);
    }
    if let Command::GenerateDocs(args) = &cli.command {
        return commands::generate_docs::run(args);
    }
    let repo = repo?;
    match cli.command {
        Command::Start(args) => commands::start::run(&repo, args),
        Command::Status(args) => commands::status::run(&repo, args),
        Command::List(args) => commands::list::run(&repo, args),
        Command::Show(args) => commands::show::run(&repo, args),
        Command::Verify(args) => commands::verify::run(&repo, args),
        Command::Sync(args) => commands::sync::run(&repo, args),
        Command::Config(args) => commands::config::run(&repo, args),
        Command::Complete(args) => commands::complete::run(&repo, args),
        // Handled above, before a repository is required.
        Command::Completions(_) | Command::GenerateDocs(_) => Ok(()),
        Command::Finish(args) => commands::finish::run(&repo, args),
        Command::Cancel(args) => commands::cancel::run(&repo, args),
        Command::Checklist(args) => commands::checklist::run(&repo, args),
        Command::Rollback(args) => commands::rollback::run(&repo, args),
        Command::ReleaseNotes(args) => commands::release_notes::run(&repo, args),
        Command::Postmortem(args) => commands::postmortem::run(&repo, args),
        Command::Deploy(args) => commands::deploy::run(&repo, args),
        Command::Deployed(args) => commands::deployed::run(&repo, args),
        Command::Monitor(args) => commands::monitor::run(&repo, args),
        Command::Resolved(args) => commands::resolved::run(&repo, args),
        Command::Stats(args) => commands::stats::run(&repo, args),
        Command::Hooks(args) => commands::hooks::run(&repo, args),
        Command::Test(args) => commands::test::run(&repo, args),
        Command::Backport(args) => commands::backport::run(&repo, args),
    }
}
