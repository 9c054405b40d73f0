//! What tests compare and assert: the refs of a repository, the commits it can reach, and
//! output made stable for snapshots.

use std::collections::BTreeSet;

use super::sandbox::Sandbox;

impl Sandbox {
    /// `git for-each-ref` output, to compare a repository before and after a command.
    pub fn refs(&self) -> String {
        self.git(["for-each-ref", "--format=%(refname) %(objectname)"])
    }

    /// `git for-each-ref` output of the bare remote.
    pub fn remote_refs(&self) -> String {
        self.in_dir(&self.remote).refs()
    }

    /// Every commit reachable from any ref (branches, tags, notes, backups), to prove that a
    /// command, however interrupted, loses none of them.
    pub fn reachable(&self) -> BTreeSet<String> {
        self.git(["rev-list", "--all"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Fails the test, naming them, if commits reachable in `before` no longer are.
    pub fn assert_nothing_lost(&self, before: &BTreeSet<String>, when: &str) {
        let after = self.reachable();
        let lost: Vec<_> = before.difference(&after).collect();
        assert!(
            lost.is_empty(),
            "{when}: commits no longer reachable: {lost:?}"
        );
    }

    /// `text` with this sandbox's object ids (full or abbreviated) replaced by `<hash>` and
    /// its directory by `<sandbox>`, for snapshots that survive a change of hashing (git's
    /// object format) and of the temporary directory while keeping everything else exact.
    pub fn redact(&self, text: &str) -> String {
        let objects: Vec<String> = [self.clone(), self.in_dir(&self.remote)]
            .iter()
            .filter(|repo| repo.work.exists())
            .flat_map(|repo| {
                repo.git([
                    "cat-file",
                    "--batch-all-objects",
                    "--batch-check=%(objectname)",
                ])
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
            })
            .collect();
        let text = text.replace(&self.dir.path().display().to_string(), "<sandbox>");
        let ids = regex::Regex::new(r"\b[0-9a-f]{7,64}\b").unwrap();
        ids.replace_all(&text, |caps: &regex::Captures| {
            let id = &caps[0];
            if objects.iter().any(|object| object.starts_with(id)) {
                "<hash>".to_string()
            } else {
                id.to_string()
            }
        })
        .into_owned()
    }
}
