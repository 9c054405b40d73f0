//! The command line, declared once: `main` parses it, and the man page and completions are
//! generated from it (`git hotfix generate-docs`).

use clap::{Parser, Subcommand};

use crate::commands::{
    backport, cancel, checklist, complete, completions, config, deployed, finish, generate_docs,
    hooks, list, postmortem, release_notes, resolved, rollback, show, start, stats, status, sync,
    test, verify,
};

/// Run production hotfixes the safe way, with the rules enforced by git hooks.
#[derive(Debug, Parser)]
#[command(
    name = "git-hotfix",
    bin_name = "git hotfix",
    version,
    propagate_version = true,
    disable_help_subcommand = true,
    subcommand_value_name = "COMMAND",
    long_about = "Run production hotfixes the safe way, with the rules enforced by git hooks.\n\n\
                  A hotfix is a branch cut from what runs in production, with an id (HOTFIX-001) \
                  and a severity; every fact about it is recorded in git notes under \
                  refs/notes/hotfix, so there are no state files. Settings are git config keys \
                  named hotfix.<key>, and git-flow's keys are honoured.",
    after_help = "Exit codes: 0 success, 1 refused (a rule, a check or bad input), 2 usage error, \
                  3 stopped for you to act (resolve, then --continue or --abort), 70 internal error.\n\
                  'git help hotfix' opens the manual."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and warnings: no progress, advice or next steps.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each git command run, on stderr.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Start(start::Args),
    Status(status::Args),
    List(list::Args),
    Show(show::Args),
    Verify(verify::Args),
    Sync(sync::Args),
    Config(config::Args),
    Completions(completions::Args),
    #[command(hide = true)]
    GenerateDocs(generate_docs::Args),
    #[command(name = "__complete", hide = true)]
    Complete(complete::Args),
    Finish(finish::Args),
    Cancel(cancel::Args),
    Checklist(checklist::Args),
    Rollback(rollback::Args),
    ReleaseNotes(release_notes::Args),
    Postmortem(postmortem::Args),
    Deployed(deployed::Args),
    Resolved(resolved::Args),
    Stats(stats::Args),
    Hooks(hooks::Args),
    Test(test::Args),
    Backport(backport::Args),
}
