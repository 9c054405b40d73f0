//! `git hotfix __complete <kind>` (hidden): the values shell completion asks for at TAB time
//! that only the notes know, such as hotfix ids. The generated completion scripts call it for
//! every argument named like an id (see `docs::shell`); it prints one value per line.
//!
//! A shell inserts a completed value into the command line as it is, to be run on Enter, and
//! the notes are written by whoever can push: only ids of the form git-hotfix allocates
//! (`HOTFIX-001`: letters, digits and `_`, a dash, digits) are printed, so a planted id such
//! as `HOTFIX-007;touch${IFS}~/x` or `/etc/pass*` is never offered.

use crate::error::Result;
use crate::git::Repo;
use crate::policy::message::looks_like_id;
use crate::store;
use crate::ui;

/// Print completion candidates (used by the shell completion scripts).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to list.
    #[arg(value_enum)]
    pub kind: Kind,
    /// Follow each value with a tab and a short description (for zsh and fish).
    #[arg(long)]
    pub describe: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// Every hotfix id, newest first.
    Ids,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    match args.kind {
        Kind::Ids => {
            let loaded = store::load(repo)?;
            for hotfix in loaded.hotfixes.iter().rev() {
                let meta = &hotfix.meta;
                if !looks_like_id(&meta.hotfix_id) {
                    continue;
                }
                if args.describe {
                    println!(
                        "{}\t{} {} {}",
                        meta.hotfix_id,
                        meta.severity,
                        meta.status,
                        ui::sanitize(&meta.issue)
                    );
                } else {
                    println!("{}", meta.hotfix_id);
                }
            }
        }
    }
    Ok(())
}
