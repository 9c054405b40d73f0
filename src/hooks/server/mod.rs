//! The server side: `pre-receive` on the remote refuses a push that breaks the hotfix rules,
//! whatever the pusher skipped on their side (`--no-verify`, `HOTFIX_SKIP_HOOKS`, no
//! git-hotfix at all), and `post-receive` records an emergency bypass in the notes.
//!
//! During `pre-receive` the pushed objects sit in git's quarantine directory; git points
//! `GIT_OBJECT_DIRECTORY` at it and lists the repository's own objects in
//! `GIT_ALTERNATE_OBJECT_DIRECTORIES`, and [`Repo::open`] (libgit2's `open_from_env`) reads
//! both, so the pushed commits and notes are seen without being accepted yet.
//!
//! What is checked, per ref update (every other update passes, and a push touching none of
//! these exits before the notes are read):
//! - a hotfix branch (`hotfix.branchPrefix`): headers on the commits new to the server (from
//!   the ref's old tip when the update builds on it), the diff budget and the code comments
//!   from the hotfix's base, with the server's own settings, against the notes as they will
//!   be after the push. A branch no note names is refused. Then the tests, only when the
//!   server's own config sets `hotfix.testCommand` ([`suite`]).
//!   What an earlier bypass let through is not refused again ([`bypassed`]): the budget only
//!   when the diff grew past the recorded one, the code comments only for files it did not name.
//! - the notes ref: append-only. No deletion, no non-fast-forward, no note that fails
//!   validation, no hotfix or event dropped that the server has, no bypass event the pusher
//!   added.
//! - a tag: one that a note records as a release is never moved or deleted.
//!
//! The pusher's environment is ignored; only the push option `hotfix.skip=<reason>` lets a
//! refused push through, and `post-receive` then appends a `rules-bypassed` event (who, when,
//! which refs, why, and the budget and files it let through) to the hotfix's note on the server, after the push has landed, so the
//! notes ref being part of the push does not race with the record.

mod bypassed;
mod rules;
mod suite;

use std::io::Read;

use crate::clock;
use crate::config::BRANCH_PREFIX;
use crate::error::{Context, Error, Result};
use crate::git::{ObjectId, Repo};
use crate::store::{self, EventKind, NOTES_REF};
use crate::ui;
use rules::{evaluate, nonzero};
use suite::Tests;

/// The push option that lets a refused push through: `git push -o hotfix.skip="<reason>"`.
pub const SKIP_OPTION: &str = "hotfix.skip";
/// The event a bypass is recorded as.
pub const BYPASS_EVENT: &str = "rules-bypassed";

/// One line of pre-receive's and post-receive's input: `<old> <new> <ref>`.
#[derive(Debug)]
struct Update {
    old: ObjectId,
    new: ObjectId,
    name: String,
}

fn read_input() -> Result<Vec<Update>> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .context(|| "cannot read the pushed refs from standard input".into())?;
    parse_updates(&input)
}

fn parse_updates(input: &[u8]) -> Result<Vec<Update>> {
    let text = String::from_utf8_lossy(input);
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty())
        .map(|line| {
            let bad = || {
                Error::refused(format!(
                    "the hook was given a line it cannot read: '{}'",
                    line.escape_debug()
                ))
                .hint("git writes '<old sha> <new sha> <ref>' lines; run the hook through a push")
            };
            let mut fields = line.splitn(3, ' ');
            let (Some(old), Some(new), Some(name)) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            Ok(Update {
                old: ObjectId::from_str(old).map_err(|_| bad())?,
                new: ObjectId::from_str(new).map_err(|_| bad())?,
                name: name.to_string(),
            })
        })
        .collect()
}

/// The push options git hands the hook (`GIT_PUSH_OPTION_COUNT`, `GIT_PUSH_OPTION_<n>`).
fn push_options() -> Vec<String> {
    let count = std::env::var("GIT_PUSH_OPTION_COUNT")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    (0..count)
        .filter_map(|i| std::env::var(format!("GIT_PUSH_OPTION_{i}")).ok())
        .collect()
}

/// The reason given with `-o hotfix.skip=<reason>`: `Some("")` when the option has none.
fn skip_reason(options: &[String]) -> Option<String> {
    options.iter().rev().find_map(|option| {
        if option == SKIP_OPTION {
            return Some(String::new());
        }
        option
            .strip_prefix(SKIP_OPTION)
            .and_then(|rest| rest.strip_prefix('='))
            .map(|reason| reason.trim().to_string())
    })
}

/// Whether an update is one the rules look at.
fn relevant(update: &Update, prefix: &str) -> bool {
    update.name == NOTES_REF
        || update
            .name
            .strip_prefix("refs/heads/")
            .is_some_and(|branch| branch.starts_with(prefix))
        || (update.name.starts_with("refs/tags/") && !update.old.is_zero())
}

/// `pre-receive`: refuses the whole push when an update breaks a rule, unless the push carries
/// `-o hotfix.skip=<reason>`.
pub fn pre_receive() -> Result<()> {
    let updates = read_input()?;
    let repo = Repo::open()?;
    let prefix = BRANCH_PREFIX.get(&repo)?;
    if !updates.iter().any(|u| relevant(u, &prefix)) {
        return Ok(());
    }
    let reason = skip_reason(&push_options());
    let bypassing = reason.as_deref().is_some_and(|r| !r.is_empty());
    let tests = if bypassing {
        Tests::Bypassed
    } else {
        Tests::Run
    };
    let refusals = evaluate(&repo, &updates, &prefix, tests)?;
    if refusals.is_empty() {
        return Ok(());
    }
    if let Some(reason) = reason.as_deref().filter(|r| !r.is_empty()) {
        for refusal in &refusals {
            ui::warn(format!("bypassed: {}", refusal.error.message));
        }
        ui::warn(format!(
            "the hotfix rules are bypassed with -o {SKIP_OPTION} ('{reason}'); the bypass is recorded in the hotfix notes"
        ));
        return Ok(());
    }
    for refusal in &refusals {
        ui::report(&refusal.error);
    }
    let mut names: Vec<&str> = refusals.iter().map(|r| r.name.as_str()).collect();
    names.dedup();
    let mut err = Error::refused(format!(
        "push refused by the server: {} breaks the hotfix rules",
        names.join(", ")
    ))
    .hint("fix what is listed above and push again");
    if reason.is_some() {
        err = err.hint(format!(
            "-o {SKIP_OPTION} needs a reason: -o {SKIP_OPTION}=\"<why>\""
        ));
    }
    Err(err.hint(format!(
        "in an emergency only: git push -o {SKIP_OPTION}=\"<reason>\" lets it through and records who, when and why in the hotfix notes"
    )))
}

/// `post-receive`: after a push let through by `-o hotfix.skip`, appends a `rules-bypassed`
/// event to the note of every hotfix it concerns (or, when it concerns none that still has a
/// note, a notes commit whose message holds the record). Without the option it exits before
/// opening the repository.
pub fn post_receive() -> Result<()> {
    let updates = read_input()?;
    let Some(reason) = skip_reason(&push_options()).filter(|r| !r.is_empty()) else {
        return Ok(());
    };
    let repo = Repo::open()?;
    let prefix = BRANCH_PREFIX.get(&repo)?;
    if !updates.iter().any(|u| relevant(u, &prefix)) {
        return Ok(());
    }
    let refusals = evaluate(&repo, &updates, &prefix, Tests::Bypassed)?;
    if refusals.is_empty() {
        return Ok(());
    }
    let by = pusher(&repo, &updates);
    let mut refs: Vec<&str> = refusals.iter().map(|r| r.name.as_str()).collect();
    refs.dedup();
    let broken: Vec<&str> = refusals.iter().map(|r| r.error.message.as_str()).collect();
    let detail = format!(
        "{reason} (refs: {}; bypassed: {})",
        refs.join(", "),
        broken.join("; ")
    );
    let mut anchors: Vec<ObjectId> = refusals.iter().flat_map(|r| r.anchors.clone()).collect();
    anchors.sort();
    anchors.dedup();
    let loaded = store::load(&repo)?;
    let mut recorded = Vec::new();
    for anchor in anchors {
        let Some(hotfix) = loaded.hotfixes.iter().find(|h| h.anchor == anchor) else {
            continue;
        };
        let mut hotfix = hotfix.clone();
        let mut event = store::Event {
            at: clock::now(),
            event: EventKind::Other(BYPASS_EVENT.to_string()),
            by: by.clone(),
            detail: Some(detail.clone()),
            extra: Default::default(),
        };
        event.extra.insert(
            "refs".to_string(),
            serde_json::Value::from(refs.iter().map(|r| r.to_string()).collect::<Vec<_>>()),
        );
        let mut waived = bypassed::Waived::default();
        for refusal in refusals.iter().filter(|r| r.anchors.contains(&anchor)) {
            waived.merge(&refusal.waived);
        }
        waived.record(&mut event);
        hotfix.meta.events.push(event);
        store::write(&repo, &hotfix)?;
        recorded.push(hotfix.meta.hotfix_id.clone());
    }
    if recorded.is_empty() {
        let Some(tip) = repo.ref_target(NOTES_REF)? else {
            ui::warn(format!(
                "the bypass could not be recorded: {NOTES_REF} does not exist on the server ({by}: {detail})"
            ));
            return Ok(());
        };
        let message = format!("{BYPASS_EVENT} by {by}: {detail}");
        let commit = repo.write_notes_commit(&repo.notes_at(tip)?, &[tip], &message)?;
        repo.set_ref_if(NOTES_REF, commit, Some(tip), &message)?;
        eprintln!("The bypass is recorded in the history of {NOTES_REF}.");
        return Ok(());
    }
    eprintln!(
        "The bypass is recorded in the notes of {}; 'git hotfix sync' brings it to every clone.",
        recorded.join(", ")
    );
    Ok(())
}

/// Who pushed, as the server knows it: the forge's account (Gitea/Forgejo's
/// `GITEA_PUSHER_NAME`/`GITEA_PUSHER_EMAIL`, GitLab's `GL_USERNAME`), else the signer of a
/// verified push certificate, else, for a plain push over ssh or to a local path, the
/// committer of the first pushed commit (which the pusher chooses: say so in the record).
fn pusher(repo: &Repo, updates: &[Update]) -> String {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(name) = var("GITEA_PUSHER_NAME") {
        return match var("GITEA_PUSHER_EMAIL") {
            Some(email) => format!("{name} <{email}>"),
            None => name,
        };
    }
    if let Some(user) = var("GL_USERNAME") {
        return format!("{user} (GitLab)");
    }
    if var("GIT_PUSH_CERT_STATUS").as_deref() == Some("G")
        && let Some(signer) = var("GIT_PUSH_CERT_SIGNER")
    {
        return signer;
    }
    updates
        .iter()
        .filter_map(|u| nonzero(u.new))
        .find_map(|id| repo.committer(id))
        .map(|c| format!("{c} (committer of the pushed commit)"))
        .unwrap_or_else(|| "unknown pusher".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skip_option_needs_a_reason() {
        let options = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(skip_reason(&options(&[])), None);
        assert_eq!(skip_reason(&options(&["ci.skip"])), None);
        assert_eq!(skip_reason(&options(&["hotfix.skip"])), Some(String::new()));
        assert_eq!(
            skip_reason(&options(&["hotfix.skip= prod is down "])),
            Some("prod is down".to_string())
        );
        assert_eq!(skip_reason(&options(&["hotfix.skipper=x"])), None);
    }

    #[test]
    fn update_lines_are_read_whole() {
        let zero = "0".repeat(40);
        let one = "1".repeat(40);
        let input = format!("{zero} {one} refs/heads/hotfix/a\r\n\n");
        let updates = parse_updates(input.as_bytes()).unwrap();
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].name, "refs/heads/hotfix/a");
        assert!(updates[0].old.is_zero());
        assert!(parse_updates(b"nonsense\n").is_err());
    }
}
