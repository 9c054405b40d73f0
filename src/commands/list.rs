//! `git hotfix list`: one line per hotfix, newest first.

use crate::clock;
use crate::error::Result;
use crate::git::Repo;
use crate::store::{self, Hotfix, Status};
use crate::ui;

/// List hotfixes, newest first (open ones unless --all).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Include finished, cancelled and rolled-back hotfixes.
    #[arg(long, short = 'a')]
    pub all: bool,
    /// Print an array of metadata objects as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    super::warn_bad_notes(&loaded);
    let shown: Vec<&Hotfix> = loaded
        .hotfixes
        .iter()
        .rev()
        .filter(|h| args.all || h.meta.status == Status::Open)
        .collect();
    if args.json {
        let metas: Vec<_> = shown.iter().map(|h| &h.meta).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&metas).expect("metadata serializes")
        );
        return Ok(());
    }
    if shown.is_empty() {
        let what = if args.all {
            "No hotfixes recorded."
        } else {
            "No open hotfixes."
        };
        println!("{what}");
        return Ok(());
    }
    print_lines(&shown);
    Ok(())
}

/// The one-line form, shared with `status` when it lists open hotfixes.
pub fn print_lines(hotfixes: &[&Hotfix]) {
    let now = clock::now();
    // Fields from notes are shown sanitized, and the columns sized on what is shown.
    let rows: Vec<_> = hotfixes
        .iter()
        .map(|h| {
            let meta = &h.meta;
            (
                meta,
                ui::sanitize(&meta.hotfix_id),
                ui::sanitize(&meta.branch),
                ui::sanitize(&meta.issue),
            )
        })
        .collect();
    let id_width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let branch_width = rows.iter().map(|r| r.2.chars().count()).max().unwrap_or(0);
    for (meta, id, branch, issue) in &rows {
        println!(
            "{id:<id_width$}  {}  {}  {branch:<branch_width$}  {:>7}  {issue}",
            super::severity_style(meta.severity).apply_to(meta.severity),
            // Padded before styling: escape codes do not count towards the width.
            super::status_style(meta.status).apply_to(format!("{:<11}", meta.status.as_str())),
            clock::human_duration(now - meta.created),
        );
    }
}
