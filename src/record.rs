//! Saving a hotfix, the one way commands and hooks write its notes. A save is refused while an
//! operation on another hotfix is in progress (that operation's `--abort` restores the notes
//! ref and would drop the write), is written by the [`store`], and then runs
//! `hotfix.notifyCommand` for each event it added ([`crate::notify`]), so every command
//! notifies without knowing about it.

use crate::error::Result;
use crate::git::Repo;
use crate::notify::Notifier;
use crate::operation;
use crate::store::{self, Hotfix, Metadata};
use crate::ui;

/// Records a new hotfix: writes its anchor, saves its note, and remembers in the repository's
/// own config that this clone started it (the notes, which anyone can write, cannot say so).
pub fn create(repo: &Repo, meta: Metadata) -> Result<Hotfix> {
    let anchor = store::write_anchor(repo, &meta)?;
    let hotfix = Hotfix { anchor, meta };
    save(repo, &hotfix)?;
    if let Err(err) = store::claim(repo, anchor) {
        ui::warn(format!(
            "could not record that this clone started {} ({}); record it with 'git config --add {} {anchor}'",
            hotfix.meta.hotfix_id,
            err.message,
            store::OWNED_KEY
        ));
    }
    Ok(hotfix)
}

/// Rewrites a hotfix's note with its current metadata and notifies about the events added.
pub fn save(repo: &Repo, hotfix: &Hotfix) -> Result<()> {
    operation::refuse_unless_subject(repo, &hotfix.meta.hotfix_id)?;
    let notifier = Notifier::before_save(repo, hotfix.anchor);
    store::write(repo, hotfix)?;
    notifier.after_save(repo, &hotfix.meta);
    Ok(())
}
