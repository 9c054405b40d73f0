//! The command line, declared once: `main` parses it, and the man page and completions are
//! generated from it.

use clap::{Parser, Subcommand};

use crate::commands::{hooks, list, show, start, status, test, verify};

/// Run production hotfixes the safe way, with the rules enforced by git hooks.
#[derive(Debug, Parser)]
#[command(
    name = "git-hotfix",
    bin_name = "git hotfix",
    version,
    propagate_version = true,
    disable_help_subcommand = true,
    after_help = "Exit codes: 0 success, 1 refused (a rule, a check or bad input), 2 usage error, \
                  3 stopped for you to act (resolve, then --continue or --abort), 70 internal error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Start(start::Args),
    Status(status::Args),
    List(list::Args),
    Show(show::Args),
    Verify(verify::Args),
    Hooks(hooks::Args),
    Test(test::Args),
}
