//! `git hotfix sync`: fetch the remote's hotfix notes, merge them into this clone's and push
//! the result, so every clone of the team sees every hotfix under one id. The rules live in
//! [`crate::sync`]; this module is the command around them.

use crate::config::REMOTE;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::sync::{self, Pushed, Reach};

/// Share the hotfix notes with the remote: fetch, merge, push.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also configure the remote's fetch and push refspecs so a plain 'git fetch' and
    /// 'git push' carry the hotfix notes (safe to repeat).
    #[arg(long)]
    pub setup: bool,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    // A merge of the notes now would be undone by the --abort of the operation in progress.
    crate::operation::refuse_if_busy(repo)?;
    let remote = REMOTE.get(repo)?;
    if !repo.remote_exists(&remote) {
        return Err(
            Error::refused(format!("there is no remote '{remote}' to sync with")).hint(format!(
                "add it with 'git remote add {remote} <url>', or name another with 'git config hotfix.remote <name>'"
            )),
        );
    }
    if args.setup {
        let added = sync::setup(repo, &remote)?;
        if added.is_empty() {
            println!("'{remote}' already carries the hotfix notes on fetch and push.");
        } else {
            println!("Configured '{remote}' to carry the hotfix notes:");
            for (key, value) in &added {
                println!("  {key} = {value}");
            }
        }
    }

    if let Reach::Unreachable(reason) = sync::fetch(repo, &remote, false, true)? {
        return Err(unreachable(&remote, &reason));
    }
    let mut merged = sync::merge(repo, &remote)?;
    let pushed = sync::push(repo, &remote, &mut merged)?;
    if let Pushed::Unreachable(reason) = &pushed {
        return Err(unreachable(&remote, reason));
    }
    sync::report_refused(&merged);
    sync::report_renumbered(&merged.renumbered);

    let mut done = Vec::new();
    if merged.received > 0 {
        done.push(format!("{} received", merged.received));
    }
    if merged.updated > 0 {
        done.push(format!("{} updated", merged.updated));
    }
    if pushed == Pushed::Pushed {
        done.push("pushed".to_string());
    }
    if done.is_empty() {
        println!("The hotfix notes are in sync with '{remote}'.");
    } else {
        println!(
            "Synced the hotfix notes with '{remote}': {}.",
            done.join(", ")
        );
    }
    Ok(())
}

fn unreachable(remote: &str, reason: &str) -> Error {
    Error::refused(format!("cannot reach '{remote}': {reason}"))
        .hint("check the connection and 'git remote -v', then run 'git hotfix sync' again")
}
