//! The hotfix metadata: read through `git hotfix show/list --json`, and read or written
//! with plain git in the notes (`refs/notes/hotfix`), as another clone or an older version
//! of the tool could have written them.

use serde_json::Value;

use super::sandbox::{Sandbox, stdout};

/// The names of the events a hotfix's metadata records, oldest first.
pub fn events(meta: &Value) -> Vec<String> {
    meta["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_string())
        .collect()
}

impl Sandbox {
    /// The metadata of a hotfix as `git hotfix show --json` prints it.
    pub fn metadata(&self, id: &str) -> Value {
        serde_json::from_str(&stdout(&self.hotfix(["show", id, "--json"]).success())).unwrap()
    }

    /// Every hotfix as `git hotfix list --all --json` prints them.
    pub fn all_metadata(&self) -> Value {
        serde_json::from_str(&stdout(&self.hotfix(["list", "--all", "--json"]).success())).unwrap()
    }

    /// The object the note of hotfix `id` annotates, found with plain git.
    pub fn anchor(&self, id: &str) -> String {
        let listed = self.git(["notes", "--ref=hotfix", "list"]);
        listed
            .lines()
            .filter_map(|line| line.split_whitespace().nth(1))
            .find(|anchor| {
                let text = self.git(["notes", "--ref=hotfix", "show", anchor]);
                serde_json::from_str::<Value>(&text).is_ok_and(|doc| doc["hotfix_id"] == id)
            })
            .unwrap_or_else(|| panic!("no note holds {id}"))
            .to_string()
    }

    /// Replaces the note on `anchor` with `doc`, as a user editing it with plain git would.
    pub fn write_note(&self, anchor: &str, doc: &Value) {
        // From a file: a hostile note can be larger than an argument may be.
        let file = tempfile::NamedTempFile::new_in(self.dir.path()).unwrap();
        std::fs::write(file.path(), serde_json::to_string_pretty(doc).unwrap()).unwrap();
        let path = file.path().to_str().unwrap().to_string();
        self.git(["notes", "--ref=hotfix", "add", "-f", "-F", &path, anchor]);
    }

    /// Stores a hotfix document in the notes on a new blob holding `anchor_text`; returns
    /// the anchor object.
    pub fn add_note(&self, anchor_text: &str, document: &Value) -> String {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = self
            .command("git")
            .args(["hash-object", "-w", "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(anchor_text.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        let anchor = stdout(&output).trim().to_string();
        self.write_note(&anchor, document);
        anchor
    }

    /// The commit `refs/notes/hotfix` points at on the remote, if it exists there.
    pub fn remote_notes(&self) -> Option<String> {
        let out = self.git(["ls-remote", "origin", "refs/notes/hotfix"]);
        out.split_whitespace().next().map(str::to_string)
    }
}
