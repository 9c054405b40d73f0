//! Where an operation's state is kept: `refs/hotfix-operation/state`, a commit whose message
//! is the JSON state after a subject line, read back here (or the blob an older version
//! wrote), and the namespace removed when the operation ends.

use serde::de::DeserializeOwned;

use super::NAMESPACE;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};

pub(super) const STATE_REF: &str = "refs/hotfix-operation/state";

/// The state `oid` holds: a commit's message after its subject line (`hotfix finish:
/// HOTFIX-001 in progress`, which `git log --all` shows, as it shows `git stash`'s commits),
/// or the whole blob an older version wrote.
pub(super) fn read<T: DeserializeOwned>(repo: &Repo, oid: ObjectId) -> Result<T> {
    let text = repo.read_text(oid)?;
    let json = if text.starts_with(b"{") {
        &text[..]
    } else {
        text.windows(2)
            .position(|pair| pair == b"\n\n")
            .map_or(&text[..0], |at| &text[at + 2..])
    };
    serde_json::from_slice(json).map_err(|err| {
        Error::internal(format!("the operation state in {STATE_REF} cannot be read ({err})"))
            .hint(format!(
                "inspect it with 'git cat-file -p {STATE_REF}'; delete the refs under {NAMESPACE} to discard it"
            ))
    })
}

/// Deletes the state last (after the backup refs an older version kept beside it), so an
/// interrupted removal still shows an operation in progress rather than leaving strays.
pub(super) fn remove_namespace(repo: &Repo) -> Result<()> {
    for (refname, _) in repo.refs_under(NAMESPACE)? {
        if refname != STATE_REF {
            repo.delete_ref(&refname)?;
        }
    }
    repo.delete_ref(STATE_REF)
}
