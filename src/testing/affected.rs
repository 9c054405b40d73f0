//! `test --affected`: the tests a hotfix's change can affect, chosen from the project's own
//! tooling per ecosystem ([`super::ecosystems`]), or by `hotfix.affectedTestCommand` with the
//! changed paths in `{files}`. When the change cannot be narrowed down (a file in no package,
//! a lock file, no tool that takes a list), the choice is the full suite, with the reason.
//!
//! Every name and path put into a command comes from the tree, so it is shell-quoted; paths
//! that start with `-` or `@` are written `./-x` so no tool reads them as an option or as a
//! file of arguments (`pytest @args`).

use std::path::Path;

use super::ecosystems::{self, Part};
use super::reuse::{Ignored, listed};
use crate::config::AFFECTED_TEST_COMMAND;
use crate::error::Result;
use crate::git::{ObjectId, Repo, command::shell_words};
use crate::project::{self, Project};
use crate::ui;

/// What `test --affected` runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Only the tests `why` names, with `command`.
    Affected { command: String, why: String },
    /// Nothing any test depends on changed: there is nothing to run.
    Nothing(String),
    /// The whole suite, for the reason given.
    Full(String),
}

/// Chooses the tests that `changed` (paths relative to the root, committed since `base` and,
/// in `--watch`, uncommitted in the work tree `uncommitted`) can affect, reading the project
/// from `head`'s tree. `exists` says whether a path is there where the tests will run.
/// `full_command` is the suite's command, whose own runner and flags are kept where the
/// choice is the same tool.
pub fn choose(
    repo: &Repo,
    (base, head): (ObjectId, ObjectId),
    changed: &[String],
    uncommitted: Option<&Path>,
    full_command: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Result<Choice> {
    let ignored = match (Ignored::read(repo, head)?, uncommitted) {
        (Some(ignored), Some(top)) => Some(ignored.with_work_tree(top, changed)),
        (ignored, _) => ignored,
    };
    let (left_out, relevant) = match ignored {
        Some(ignored) => ignored.split(repo, repo.tree_of(base)?, changed)?,
        None => (Vec::new(), changed.to_vec()),
    };
    if relevant.is_empty() {
        return Ok(Choice::Nothing(if left_out.is_empty() {
            "nothing has changed since the hotfix's base".to_string()
        } else {
            format!(
                "only {} changed, which no test depends on (hotfix.testIgnore)",
                listed(&left_out)
            )
        }));
    }
    if let Some(template) = AFFECTED_TEST_COMMAND.configured(repo)?
        && !matches!(template.trim(), "" | "none")
    {
        let present: Vec<&str> = relevant
            .iter()
            .map(String::as_str)
            .filter(|p| exists(p))
            .collect();
        return Ok(Choice::Affected {
            command: template.replace("{files}", &quoted_paths(&present)),
            why: format!(
                "{} with {} changed file(s): {}",
                AFFECTED_TEST_COMMAND.key,
                present.len(),
                listed(&relevant)
            ),
        });
    }
    let project = Project::at(repo, head)?;
    project
        .links
        .iter()
        .for_each(|link| ui::warn(project::link_left_out(link)));
    let parts = ecosystems::parts(repo, head, &project, &relevant, full_command, exists)?;
    Ok(combine(parts))
}

/// One choice from the parts of each ecosystem the change touches: the full suite when one
/// part needs it, nothing when none has tests to run, else every part's command in turn.
fn combine(parts: Vec<Part>) -> Choice {
    let mut commands = Vec::new();
    let mut whys = Vec::new();
    for part in parts {
        match part {
            Part::Full(why) => return Choice::Full(why),
            Part::Nothing(why) => whys.push(why),
            Part::Run { command, why } => {
                commands.push(command);
                whys.push(why);
            }
        }
    }
    if commands.is_empty() {
        Choice::Nothing(whys.join("; "))
    } else {
        Choice::Affected {
            command: commands.join(" && "),
            why: whys.join("; "),
        }
    }
}

/// Paths as shell words, each safe from being read as an option or a file of arguments.
pub(super) fn quoted_paths(paths: &[&str]) -> String {
    let words: Vec<String> = paths
        .iter()
        .map(|path| {
            if path.starts_with(['-', '@']) {
                format!("./{path}")
            } else {
                path.to_string()
            }
        })
        .collect();
    shell_words(&words)
}

/// The leading words of `full_command` up to and including the runner `program` (`cargo
/// test`, `.venv/bin/pytest -q`), less `dropped` flags, when it is a plain command line of
/// that runner; `None` when it is something else, or has shell syntax beyond plain words.
pub(super) fn runner_of(full_command: &str, program: &[&str], dropped: &[&str]) -> Option<String> {
    if full_command.chars().any(|c| {
        matches!(
            c,
            ';' | '&' | '|' | '$' | '`' | '<' | '>' | '(' | ')' | '\n'
        )
    }) {
        return None;
    }
    let words: Vec<&str> = full_command.split_whitespace().collect();
    let at = words.windows(program.len()).position(|window| {
        window
            .iter()
            .zip(program)
            .all(|(word, name)| word == name || word.ends_with(&format!("/{name}")))
    })?;
    // Only what runs the tool may come before it (`env X=1`, `python -m`, `uv run`).
    if words[..at]
        .iter()
        .any(|word| word.starts_with('-') && *word != "-m")
    {
        return None;
    }
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|word| !dropped.contains(word))
        .collect();
    Some(kept.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suites_own_runner_and_flags_are_kept() {
        assert_eq!(
            runner_of(
                "cargo test --workspace --offline",
                &["cargo", "test"],
                &["--workspace"]
            ),
            Some("cargo test --offline".to_string())
        );
        assert_eq!(
            runner_of(".venv/bin/pytest -q", &["pytest"], &[]),
            Some(".venv/bin/pytest -q".to_string())
        );
        assert_eq!(runner_of("make test", &["pytest"], &[]), None);
        assert_eq!(
            runner_of("cargo test && cargo clippy", &["cargo", "test"], &[]),
            None
        );
    }

    #[test]
    fn paths_are_quoted_and_never_options() {
        assert_eq!(
            quoted_paths(&["src/a b.js", "-rf", "it's.py", "@args/test_a.py"]),
            "'src/a b.js' ./-rf 'it'\\''s.py' ./@args/test_a.py"
        );
    }

    #[test]
    fn one_part_that_needs_everything_runs_the_full_suite() {
        let run = |c: &str| Part::Run {
            command: c.to_string(),
            why: c.to_string(),
        };
        assert_eq!(
            combine(vec![run("a"), Part::Full("lock".into())]),
            Choice::Full("lock".into())
        );
        assert_eq!(
            combine(vec![run("a"), Part::Nothing("none".into()), run("b")]),
            Choice::Affected {
                command: "a && b".into(),
                why: "a; none; b".into()
            }
        );
    }
}
