//! What the reports read from history: a commit's subject, body and dates, its parents, and a
//! single note. Read in-process, like the rest of the git layer.

use git2::{ErrorCode, Oid};
use time::OffsetDateTime;

use super::Repo;
use crate::error::Result;

/// A commit as the reports show it.
#[derive(Debug, Clone)]
pub struct CommitSummary {
    pub id: Oid,
    pub parents: usize,
    pub subject: String,
    /// The message after the subject line, trimmed.
    pub body: String,
    pub author: String,
    pub authored: OffsetDateTime,
}

impl Repo {
    /// The committer of the commit `id` points at (peeling a tag), as `name <email>`; `None`
    /// when it names no commit.
    pub fn committer(&self, id: Oid) -> Option<String> {
        let object = self.raw().find_object(id, None).ok()?;
        let commit = object.peel_to_commit().ok()?;
        let committer = commit.committer();
        Some(format!(
            "{} <{}>",
            String::from_utf8_lossy(committer.name_bytes()),
            String::from_utf8_lossy(committer.email_bytes())
        ))
    }

    /// Subject, body, author and date of a commit (lossy for non-UTF-8 messages).
    pub fn commit_summary(&self, id: Oid) -> Result<CommitSummary> {
        let commit = self.raw().find_commit(id)?;
        let message = String::from_utf8_lossy(commit.message_bytes()).replace("\r\n", "\n");
        let (subject, body) = message.split_once('\n').unwrap_or((message.as_str(), ""));
        let author = commit.author();
        let authored = OffsetDateTime::from_unix_timestamp(author.when().seconds())
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        Ok(CommitSummary {
            id,
            parents: commit.parent_count(),
            subject: subject.trim().to_string(),
            body: body.trim().to_string(),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            authored,
        })
    }

    /// The `n`th parent (0 = first) of a commit; `None` when it has fewer parents.
    pub fn parent(&self, id: Oid, n: usize) -> Result<Option<Oid>> {
        let commit = self.raw().find_commit(id)?;
        Ok(commit.parent_id(n).ok())
    }

    /// The text of the note on `annotated` under `notes_ref`, if there is one.
    pub fn note(&self, notes_ref: &str, annotated: Oid) -> Result<Option<Vec<u8>>> {
        match self.raw().find_note(Some(notes_ref), annotated) {
            Ok(note) => Ok(Some(note.message_bytes().to_vec())),
            Err(err) if err.code() == ErrorCode::NotFound => Ok(None),
            Err(err) => Err(err.into()),
        }
    }
}
