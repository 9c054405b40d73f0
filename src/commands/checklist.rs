//! `git hotfix checklist [<ID>]` and `checklist done|undo <ITEM>`: the process checklist, with
//! the items git can decide computed and the others ticked by hand as events in the notes.

use crate::error::{Error, Result};
use crate::git::Repo;
use crate::policy::checklist;
use crate::record;
use crate::report;
use crate::store;
use crate::store::EventKind;

/// Show the hotfix checklist, or tick and untick its manual items.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved). 'checklist <ID> done <ITEM>' is read as 'checklist done
    /// <ITEM> --id <ID>'.
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    #[command(flatten)]
    pub output: report::Output,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Tick a manual item (recorded with who and when).
    Done(Tick),
    /// Untick a manual item ticked by mistake.
    Undo(Tick),
}

#[derive(Debug, clap::Args)]
pub struct Tick {
    /// The item: its number (1-16), its slug (reproduce-locally), its words in any case
    /// ("reproduce locally") or a unique prefix of either (reproduce).
    pub item: String,
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let (tick, done) = match args.action {
        None => {
            let loaded = store::load(repo)?;
            let hotfix =
                super::select_released(repo, &loaded, args.id.as_deref(), "checklist <ID>")?;
            return args
                .output
                .emit(&checklist::build(repo, &args.output.shown(&hotfix.meta))?);
        }
        Some(Action::Done(tick)) => (tick, true),
        Some(Action::Undo(tick)) => (tick, false),
    };
    let loaded = store::load(repo)?;
    let mut hotfix = super::select_released(
        repo,
        &loaded,
        tick.id.as_deref(),
        &format!(
            "checklist {} {} --id <ID>",
            if done { "done" } else { "undo" },
            tick.item
        ),
    )?;
    let list = checklist::build(repo, &hotfix.meta)?;
    let item = checklist::find(&list, &tick.item)?;
    let name = format!("{}. {} ({})", item.number, item.title, item.slug);
    if item.automatic {
        return Err(Error::refused(format!(
            "'{}' is decided from git, not ticked by hand: {}",
            item.slug,
            item.reason.as_deref().unwrap_or("")
        ))
        .hint("it follows the branch, the notes and the test records; 'git hotfix checklist' says why"));
    }
    if item.done == done {
        let state = if done { "already ticked" } else { "not ticked" };
        println!(
            "{name} is {state} on {}; nothing to change.",
            crate::ui::sanitize(&hotfix.meta.hotfix_id)
        );
        return Ok(());
    }
    let by = repo.identity()?;
    let event = if done {
        EventKind::ChecklistDone
    } else {
        EventKind::ChecklistUndo
    };
    hotfix.meta.record(event, &by, Some(item.slug.to_string()));
    record::save(repo, &hotfix)?;
    let progress = checklist::build(repo, &hotfix.meta)?.progress;
    let verb = if done { "Ticked" } else { "Unticked" };
    println!(
        "{verb} {name} on {} ({progress}).",
        crate::ui::sanitize(&hotfix.meta.hotfix_id)
    );
    Ok(())
}
