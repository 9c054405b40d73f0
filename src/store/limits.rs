//! The checks a note passes when it is read, and again before it is written: the size of
//! each list and text field, well-formed ids and a branch name git accepts.

use super::{MAX_ID_NUMBER, Metadata, id_number, shown};

/// The largest note read, in bytes (1 MiB). A larger one is refused without being read.
pub const MAX_NOTE_BYTES: usize = 1 << 20;
/// The most events a note may hold.
pub const MAX_EVENTS: usize = 10_000;
/// The most items any other list of a note may hold (versions, components, tests, merges,
/// backports and their commits, former ids).
pub const MAX_ITEMS: usize = 1_000;
/// The longest text field, in bytes (4 KiB): the issue, an event's detail, a branch name, ...
pub const MAX_TEXT_BYTES: usize = 4 << 10;

impl Metadata {
    /// Why this document may not be stored or used, if it breaks a rule of
    /// [the notes format](super#notes-are-untrusted-input): the end of a sentence.
    pub fn check(&self) -> std::result::Result<(), String> {
        for id in std::iter::once(&self.hotfix_id).chain(&self.former_ids) {
            if id_number(id).is_none() {
                return Err(format!(
                    "it has the id '{}', which is not of the form <PREFIX>-<digits> from 001 to {MAX_ID_NUMBER}",
                    shown(id)
                ));
            }
        }
        if !is_branch_name(&self.branch) {
            return Err(format!(
                "it names the branch '{}', which git does not accept as a branch name",
                shown(&self.branch)
            ));
        }
        if self.events.len() > MAX_EVENTS {
            return Err(format!(
                "it has {} events, more than the {MAX_EVENTS} a note may hold",
                self.events.len()
            ));
        }
        let lists = [
            ("affected_versions", self.affected_versions.len()),
            ("components", self.components.len()),
            ("tests", self.tests.len()),
            ("merges", self.merges.len()),
            ("former_ids", self.former_ids.len()),
            ("backports", self.backports.len()),
            ("packages", self.packages.len()),
            ("releases", self.releases.len()),
        ];
        let commits = self.backports.iter().flat_map(|b| {
            [
                ("commits in a backport", b.commits.len()),
                ("releases of a backport", b.releases.len()),
            ]
        });
        if let Some((name, len)) = lists
            .into_iter()
            .chain(commits)
            .find(|&(_, len)| len > MAX_ITEMS)
        {
            return Err(format!(
                "it has {len} {name}, more than the {MAX_ITEMS} a list of a note may hold"
            ));
        }
        if let Some((name, len)) = self
            .texts()
            .into_iter()
            .map(|(name, text)| (name, text.len()))
            .find(|&(_, len)| len > MAX_TEXT_BYTES)
        {
            return Err(format!(
                "its {name} is {len} bytes, longer than the {MAX_TEXT_BYTES} a text field may be"
            ));
        }
        Ok(())
    }

    /// Every text field, named.
    fn texts(&self) -> Vec<(&'static str, &str)> {
        let mut texts = vec![
            ("issue", self.issue.as_str()),
            ("owner", &self.owner),
            ("base_ref", &self.base_ref),
        ];
        let optional = [
            ("impact", &self.impact),
            ("version", &self.version),
            ("tag", &self.tag),
            ("pr_url", &self.pr_url),
        ];
        texts.extend(
            optional
                .into_iter()
                .filter_map(|(n, t)| Some((n, t.as_deref()?))),
        );
        texts.extend(
            self.affected_versions
                .iter()
                .map(|v| ("affected version", v.as_str())),
        );
        texts.extend(self.components.iter().map(|c| ("component", c.as_str())));
        texts.extend(self.packages.iter().map(|p| ("package", p.as_str())));
        let backported = self.backports.iter().flat_map(|b| &b.releases);
        for r in self.releases.iter().chain(backported) {
            texts.extend([
                ("released package", r.package.as_str()),
                ("released version", &r.version),
                ("released tag", &r.tag),
            ]);
            texts.extend(r.previous.as_deref().map(|t| ("previous release", t)));
        }
        for e in &self.events {
            texts.extend([("event name", e.event.as_str()), ("event author", &e.by)]);
            texts.extend(e.detail.as_deref().map(|d| ("event detail", d)));
        }
        for t in &self.tests {
            texts.extend([
                ("test suite", t.suite.as_str()),
                ("test command", &t.command),
            ]);
            texts.extend(t.seal.as_deref().map(|s| ("test seal", s)));
            texts.extend(t.affected.as_deref().map(|s| ("affected tests", s)));
            texts.extend(t.reused.as_deref().map(|s| ("reused test pass", s)));
        }
        texts.extend(
            self.merges
                .iter()
                .map(|m| ("merge branch", m.branch.as_str())),
        );
        for b in &self.backports {
            texts.extend([
                ("backport target", b.target.as_str()),
                ("backport branch", &b.branch),
            ]);
            texts.extend(b.tag.as_deref().map(|t| ("backport tag", t)));
        }
        texts
    }
}

/// Whether `name` is a branch name git accepts (`git check-ref-format --branch`), not starting
/// with `-` so no command can read it as an option, and no longer than a text field.
pub fn is_branch_name(name: &str) -> bool {
    !name.starts_with('-')
        && name != "HEAD"
        && name.len() <= MAX_TEXT_BYTES
        && crate::git::is_valid_refname(&format!("refs/heads/{name}"))
}
