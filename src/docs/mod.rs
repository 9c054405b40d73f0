//! Documentation generated from the code: the man page and the shell completions are rendered
//! from the clap definition (`Cli::command()`) and `config::ALL`, written by the hidden
//! `git hotfix generate-docs`, committed under `man/` and `completions/`, and checked by a
//! test so they never go stale while subcommands are added.

pub mod man;
pub mod shell;

use clap::CommandFactory;

use crate::cli::Cli;

/// The one command that regenerates every generated file; printed when they are stale.
pub const REGENERATE: &str = "cargo run --quiet -- generate-docs";

/// A generated file: its path relative to the top of the source tree, and its content.
pub struct File {
    pub path: String,
    pub content: String,
}

/// The built command line, as the docs describe it.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// Every generated file, in a stable order.
pub fn files() -> Vec<File> {
    let cmd = command();
    let mut files = vec![File {
        path: "man/git-hotfix.1".to_string(),
        content: man::render(&cmd),
    }];
    for shell in shell::SHELLS {
        files.push(File {
            path: format!("completions/{}", shell::file_name(shell)),
            content: shell::script(shell),
        });
    }
    files
}
