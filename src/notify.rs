//! `hotfix.notifyCommand`: after every recorded event, the configured command gets the event and
//! the hotfix's metadata as JSON on stdin, so a team can post to chat or update a tracker. It is
//! hooked into [`crate::record::save`], the one place events are written, so every command (and
//! every hook) notifies without knowing about it. The command comes from git config only, never
//! from notes; a failing notifier warns and never blocks the hotfix.

use std::io::Write;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::config::NOTIFY_COMMAND;
use crate::git::{ObjectId, Repo};
use crate::store::{Metadata, NOTES_REF};
use crate::{shell, ui};

/// What is needed to notify about a save: the command and how many events were stored before.
pub struct Notifier {
    command: Option<String>,
    known_events: usize,
}

impl Notifier {
    /// Reads the setting and, only when a notifier is set, the note about to be replaced.
    pub fn before_save(repo: &Repo, anchor: ObjectId) -> Notifier {
        let command = match NOTIFY_COMMAND.configured(repo) {
            Ok(command) => command.filter(|c| !c.trim().is_empty()),
            Err(err) => {
                ui::warn(format!("no notification sent: {}", err.message));
                None
            }
        };
        let known_events = match &command {
            Some(_) => repo
                .note(NOTES_REF, anchor)
                .ok()
                .flatten()
                .and_then(|text| serde_json::from_slice::<Value>(&text).ok())
                .and_then(|doc| doc.get("events").and_then(Value::as_array).map(Vec::len))
                .unwrap_or(0),
            None => 0,
        };
        Notifier {
            command,
            known_events,
        }
    }

    /// Runs the notifier once per event added by the save, oldest first.
    pub fn after_save(self, repo: &Repo, meta: &Metadata) {
        let Some(command) = self.command else {
            return;
        };
        for event in meta.events.iter().skip(self.known_events) {
            let payload = json!({ "event": event, "hotfix": meta });
            if let Err(why) = run(repo, &command, &payload.to_string()) {
                ui::warn(format!(
                    "hotfix.notifyCommand failed for the '{}' event of {}: {why}",
                    event.event, meta.hotfix_id
                ));
            }
        }
    }
}

/// Runs the command through the shell in the work tree; its output goes to stderr so that
/// `--json` output on stdout stays clean.
fn run(repo: &Repo, command: &str, payload: &str) -> Result<(), String> {
    let dir = repo
        .work_tree()
        .map(|p| p.to_path_buf())
        .unwrap_or_else(|_| repo.git_dir().to_path_buf());
    let out = shell::stderr_for_output().map_err(|err| err.to_string())?;
    let mut child = shell::command(command, &dir)
        .stdin(Stdio::piped())
        .stdout(out)
        .spawn()
        .map_err(|err| format!("cannot run it: {err}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A notifier that does not read its input is not an error.
        let _ = stdin.write_all(payload.as_bytes());
    }
    let status = child.wait().map_err(|err| err.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(match status.code() {
            Some(code) => format!("it exited with status {code}"),
            None => "it was killed by a signal".to_string(),
        })
    }
}
