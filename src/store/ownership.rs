//! Local ownership: which hotfixes this clone started, kept in the repository's own config,
//! and the hotfix an id or a branch names here when several notes claim it.

use std::collections::HashSet;

use super::{Claim, Hotfix, Loaded, Status};
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, Scope};

/// The multi-valued key of the repository's own config listing the anchors of the hotfixes
/// this clone started.
pub const OWNED_KEY: &str = "hotfix.owned";

impl Loaded {
    /// Whether this clone started `hotfix`.
    pub fn owns(&self, hotfix: &Hotfix) -> bool {
        self.owned.contains(&hotfix.anchor)
    }

    /// The hotfix with this id (the one this clone started when several claim it), else the
    /// one that had it before being renumbered.
    pub fn by_id(&self, id: &str) -> Option<&Hotfix> {
        let mut holders = self
            .hotfixes
            .iter()
            .filter(|h| h.meta.hotfix_id.eq_ignore_ascii_case(id));
        let first = holders.next();
        first
            .filter(|h| self.owns(h))
            .or_else(|| holders.find(|h| self.owns(h)))
            .or(first)
            .or_else(|| self.hotfixes.iter().find(|h| h.meta.answers_to(id)))
    }

    /// The open hotfix whose branch is `branch`, warning about others that claim it too
    /// ([`Loaded::claim_on_branch`]).
    pub fn open_on_branch(&self, branch: &str) -> Result<Option<&Hotfix>> {
        let Some(claim) = self.claim_on_branch(branch)? else {
            return Ok(None);
        };
        for other in &claim.passed_over {
            crate::ui::warn(format!(
                "{} also claims the branch '{branch}', but this clone started {} there: {} is ignored here",
                other.meta.hotfix_id, claim.hotfix.meta.hotfix_id, other.meta.hotfix_id
            ));
        }
        if let Some(other) = claim.passed_over.first() {
            crate::ui::hint(cancel_hint(&other.meta.hotfix_id));
        }
        Ok(Some(claim.hotfix))
    }

    /// The open hotfix whose branch is `branch`. A note names its branch itself, so two open
    /// notes may name one: then the one this clone started is its hotfix there (the others are
    /// in `passed_over`), and when it started none or several of them, that is a conflict,
    /// refused with both ids and how to resolve it, never settled by a field a note sets.
    pub fn claim_on_branch(&self, branch: &str) -> Result<Option<Claim<'_>>> {
        let open: Vec<&Hotfix> = self
            .hotfixes
            .iter()
            .filter(|h| h.meta.branch == branch && h.meta.status == Status::Open)
            .collect();
        let (owned, foreign): (Vec<&Hotfix>, Vec<&Hotfix>) =
            open.iter().partition(|h| self.owns(h));
        match (open.as_slice(), owned.as_slice()) {
            ([], _) => Ok(None),
            ([only], _) => Ok(Some(Claim {
                hotfix: only,
                passed_over: Vec::new(),
            })),
            (_, [mine]) => Ok(Some(Claim {
                hotfix: mine,
                passed_over: foreign,
            })),
            _ => Err(self.branch_conflict(branch, &open, !owned.is_empty())),
        }
    }

    fn branch_conflict(&self, branch: &str, open: &[&Hotfix], started_several: bool) -> Error {
        let ids: Vec<&str> = open.iter().map(|h| h.meta.hotfix_id.as_str()).collect();
        let (last, rest) = ids.split_last().expect("a conflict has two hotfixes");
        let two = ids.len() == 2;
        let whose = match (two, started_several) {
            (true, true) => "this clone started both of them",
            (true, false) => "this clone started neither of them",
            (false, true) => "this clone started more than one of them",
            (false, false) => "this clone started none of them",
        };
        let claims: Vec<String> = open
            .iter()
            .map(|h| format!("{}: {}", h.meta.hotfix_id, h.anchor))
            .collect();
        Error::refused(format!(
            "the open hotfixes {} and {last} {} claim the branch '{branch}', and {whose}",
            rest.join(", "),
            if two { "both" } else { "all" }
        ))
        .hint(format!(
            "compare them with {}",
            ids.iter()
                .map(|id| format!("'git hotfix show {id}'"))
                .collect::<Vec<_>>()
                .join(" and ")
        ))
        .hint(format!(
            "the one you work on: claim it with 'git config --add {OWNED_KEY} <anchor>' ({})",
            claims.join(", ")
        ))
        .hint(cancel_hint("<id>"))
    }
}

/// The anchors of the hotfixes this clone started: the values of [`OWNED_KEY`] in the
/// repository's own config (a value that is not an object id is ignored).
pub fn owned(repo: &Repo) -> Result<HashSet<ObjectId>> {
    Ok(repo
        .config_scoped(OWNED_KEY)?
        .into_iter()
        .filter(|(_, scope)| matches!(scope, Scope::Local | Scope::Worktree))
        .filter_map(|(value, _)| ObjectId::from_str(value.trim()).ok())
        .collect())
}

/// Remembers that this clone started the hotfix on `anchor`, in the repository's own config.
pub fn claim(repo: &Repo, anchor: ObjectId) -> Result<()> {
    repo.add_config_value(OWNED_KEY, &anchor.to_string())
        .map(|_| ())
}

/// How to close a hotfix that is not a real one, keeping the branch it names.
fn cancel_hint(id: &str) -> String {
    format!(
        "one that is not a real hotfix: close it with 'git hotfix cancel {id} --keep-branch --reason \"not ours\"'"
    )
}
