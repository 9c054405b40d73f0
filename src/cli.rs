//! The command line, declared once: `main` parses it, and the man page and completions are
//! generated from it (`git hotfix generate-docs`).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand};

use crate::commands::{
    backport, cancel, checklist, complete, completions, config, deploy, deployed, finish,
    generate_docs, hooks, list, monitor, postmortem, release_notes, resolved, rollback, show,
    start, stats, status, sync, test, verify,
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
    after_help = after_help()
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
    Deploy(deploy::Args),
    Deployed(deployed::Args),
    Monitor(monitor::Args),
    Resolved(resolved::Args),
    Stats(stats::Args),
    Hooks(hooks::Args),
    Test(test::Args),
    Backport(backport::Args),
}

impl Cli {
    /// Parses a command line as git users expect it: `git hotfix help <command>` is that
    /// command's `--help`; a mistyped command lists the closest matches first; a usage line
    /// shows the command's real synopsis, optional flags marked optional, not the flags just
    /// mistyped. Prints usage errors and help as clap does, and exits.
    pub fn parse_args(mut args: Vec<OsString>) -> Cli {
        if args.get(1).is_some_and(|arg| arg == "help") {
            args.remove(1);
            args.push("--help".into());
        }
        checklist_id_first(&mut args);
        Cli::try_parse_from(&args).unwrap_or_else(|err| Self::explain(err, &args).exit())
    }

    fn explain(mut err: clap::Error, args: &[OsString]) -> clap::Error {
        if err.kind() == ErrorKind::InvalidSubcommand
            && let (Some(ContextValue::String(typed)), Some(ContextValue::Strings(similar))) = (
                err.get(ContextKind::InvalidSubcommand).cloned(),
                err.get(ContextKind::SuggestedSubcommand).cloned(),
            )
        {
            let mut similar = similar;
            similar.sort_by_key(|name| (edit_distance(&typed, name), name.clone()));
            err.insert(
                ContextKind::SuggestedSubcommand,
                ContextValue::Strings(similar),
            );
        }
        if err.get(ContextKind::Usage).is_some() {
            let mut command = Cli::command();
            command.build();
            let named = args
                .iter()
                .skip(1)
                .filter_map(|arg| arg.to_str())
                .find_map(|arg| command.find_subcommand(arg).cloned());
            let usage = match named {
                Some(mut sub) => sub.render_usage(),
                None => command.render_usage(),
            };
            err.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
        }
        err
    }
}

/// `checklist <ID> done|undo <ITEM>`, the order people type it in, is read as
/// `checklist done|undo <ITEM> --id <ID>`.
fn checklist_id_first(args: &mut Vec<OsString>) {
    let is_flag = |arg: &OsString| arg.to_str().is_some_and(|arg| arg.starts_with('-'));
    let Some(at) = args
        .iter()
        .skip(1)
        .position(|arg| !is_flag(arg))
        .map(|i| i + 1)
    else {
        return;
    };
    if args[at] != "checklist" {
        return;
    }
    let id_first = matches!(
        (args.get(at + 1), args.get(at + 2)),
        (Some(id), Some(action)) if !is_flag(id) && (action == "done" || action == "undo")
    );
    if id_first {
        let id = args.remove(at + 1);
        args.push("--id".into());
        args.push(id);
    }
}

/// The exit codes in brief, from [`crate::error::exit::TABLE`] (each meaning up to its colon),
/// and where the manual is.
fn after_help() -> String {
    let codes: Vec<String> = crate::error::exit::TABLE
        .iter()
        .map(|&(code, meaning)| format!("{code} {}", meaning.split(':').next().unwrap_or(meaning)))
        .collect();
    format!(
        "Exit codes: {}.\n'git help hotfix' opens the manual.",
        codes.join(", ")
    )
}

/// How many single-character edits turn `a` into `b` (Levenshtein).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
