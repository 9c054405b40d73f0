//! Installing, removing and inspecting the hooks, in the place git really runs them from:
//! `core.hooksPath` when set, else the `hooks/` directory shared by all worktrees; or, on git
//! 2.54 and newer, as config-based hooks. Installing twice changes nothing; a foreign hook is
//! chained, never overwritten; uninstalling restores it exactly.

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub use super::managers::{Manager, managers};
use super::{CHAINED_SUFFIX, MARKER, SERVER_SHIMS, SHIMS, Shim};
use crate::config::PREFILL_HEADER;
use crate::error::{Context, Error, Result};
use crate::files;
use crate::git::Repo;

/// The first git version that runs hooks declared in config (`hook.<name>.command`).
pub const CONFIG_HOOKS_SINCE: (u32, u32) = (2, 54);
/// Files are written `rwxr-xr-x`: executable, not writable by group or others.
const MODE: u32 = 0o755;

/// How the hooks are installed in this repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Shim files in this directory.
    Files(PathBuf),
    /// `hook.git-hotfix-<hook>.*` entries in the repository's config (git 2.54+).
    Config,
}

/// Config-based hooks where git supports them, shim files elsewhere.
pub fn mode(repo: &Repo) -> Result<Mode> {
    if repo.git_version()? >= CONFIG_HOOKS_SINCE {
        Ok(Mode::Config)
    } else {
        Ok(Mode::Files(repo.hooks_dir()?))
    }
}

/// The state of one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Missing,
    /// Ours and current; `chained` when it runs a kept hook first.
    Installed {
        chained: bool,
    },
    /// Ours, written by another version of git-hotfix.
    Outdated,
    /// A hook that is not ours sits in its place.
    Foreign,
    /// A hook manager installed its own hook over ours and kept ours under another name:
    /// pre-commit as `<hook>.legacy`, which it runs; lefthook as `<hook>.old`, which it does not.
    Moved(Manager),
}

/// What `install` or `uninstall` did to one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Installed,
    /// The user's hook was kept and is chained: it runs first.
    Chained,
    Updated,
    Unchanged,
    /// Left alone, with the reason.
    Skipped(String),
    Removed,
    /// Removed, and the chained hook put back.
    Restored,
    NotInstalled,
}

/// The config key prefix of one config-based hook.
fn config_name(hook: &str) -> String {
    format!("hook.git-hotfix-{hook}")
}

/// The command of a config-based hook. git runs it through the shell with the hook's
/// arguments as `"$@"` (and appends ` "$@"` itself, which the final `#` turns into a comment).
pub fn config_command(hook: &str) -> String {
    format!(
        "if command -v git-hotfix >/dev/null 2>&1; then exec git-hotfix hooks run {hook} \"$@\"; \
         else echo 'warning: git-hotfix is not on PATH; the hotfix {hook} check is skipped' >&2; fi #"
    )
}

fn chained_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(CHAINED_SUFFIX);
    PathBuf::from(name)
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn is_ours(path: &Path) -> bool {
    fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).contains(MARKER))
        .unwrap_or(false)
}

/// Where a hook manager keeps the hook it found in its place: pre-commit's migration mode
/// renames it `<hook>.legacy` (and runs it before its own), lefthook `<hook>.old` (kept for
/// `lefthook uninstall`, never run).
const MOVED: [(Manager, &str); 2] = [(Manager::PreCommit, ".legacy"), (Manager::Lefthook, ".old")];

fn moved_path(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Our shim as a hook manager kept it when it installed over it, with that manager.
fn moved_shim(path: &Path) -> Option<(Manager, PathBuf)> {
    MOVED
        .iter()
        .map(|(manager, suffix)| (*manager, moved_path(path, suffix)))
        .find(|(_, moved)| is_ours(moved))
}

fn file_state(path: &Path, shim: &Shim) -> State {
    let state = own_file_state(path, shim);
    match (&state, moved_shim(path)) {
        (State::Foreign, Some((manager, _))) => State::Moved(manager),
        _ => state,
    }
}

fn own_file_state(path: &Path, shim: &Shim) -> State {
    let Ok(bytes) = fs::read(path) else {
        return if exists(path) {
            State::Foreign
        } else {
            State::Missing
        };
    };
    if !String::from_utf8_lossy(&bytes).contains(MARKER) {
        return State::Foreign;
    }
    let mode = fs::metadata(path).map(|m| m.permissions().mode() & 0o777);
    if bytes != shim.script.as_bytes() || mode.ok() != Some(MODE) {
        return State::Outdated;
    }
    State::Installed {
        chained: exists(&chained_path(path)),
    }
}

fn config_state(repo: &Repo, hook: &str) -> Result<State> {
    let name = config_name(hook);
    let command = repo.config_string(&format!("{name}.command"))?;
    let event = repo.config_string(&format!("{name}.event"))?;
    Ok(match (command, event) {
        (None, None) => State::Missing,
        (Some(command), Some(event)) if command == config_command(hook) && event == hook => {
            State::Installed { chained: false }
        }
        _ => State::Outdated,
    })
}

/// The hooks this repository wants: commit-msg and pre-push, and prepare-commit-msg when
/// `hotfix.prefillHeader` is on (it costs a shell start on every commit).
pub fn wanted(repo: &Repo) -> Result<Vec<&'static Shim>> {
    let prefill = PREFILL_HEADER.flag(repo)?;
    Ok(SHIMS
        .iter()
        .filter(|shim| prefill || shim.name != "prepare-commit-msg")
        .collect())
}

/// The state of every wanted hook, in [`SHIMS`] order.
pub fn states(repo: &Repo, mode: &Mode) -> Result<Vec<(&'static str, State)>> {
    wanted(repo)?
        .into_iter()
        .map(|shim| {
            let state = match mode {
                Mode::Files(dir) => file_state(&dir.join(shim.name), shim),
                Mode::Config => config_state(repo, shim.name)?,
            };
            Ok((shim.name, state))
        })
        .collect()
}

/// Installs every wanted hook (a no-op for those already installed) and removes ours that
/// are no longer wanted.
pub fn install(repo: &Repo, mode: &Mode) -> Result<Vec<(&'static str, Outcome)>> {
    let wanted = wanted(repo)?;
    let dir = repo.hooks_dir()?;
    let mut outcomes = Vec::new();
    if let Mode::Files(dir) = mode {
        fs::create_dir_all(dir)
            .context(|| format!("cannot create the hooks directory {}", dir.display()))?;
    }
    for shim in &SHIMS {
        let path = dir.join(shim.name);
        let outcome = if !wanted.iter().any(|w| w.name == shim.name) {
            let file = if is_ours(&path) {
                uninstall_file(&path)?
            } else {
                Outcome::NotInstalled
            };
            let config = uninstall_config(repo, shim.name)?;
            if file == Outcome::NotInstalled {
                config
            } else {
                file
            }
        } else if *mode == Mode::Config {
            // Shim files from an install with an older git would run the checks twice.
            if is_ours(&path) || exists(&chained_path(&path)) || moved_shim(&path).is_some() {
                uninstall_file(&path)?;
            }
            install_config(repo, shim.name)?
        } else {
            // Shims left in .git/hooks before core.hooksPath pointed elsewhere (husky set it
            // later) are never run again.
            let stale = repo.common_dir().join("hooks").join(shim.name);
            if stale != path && is_ours(&stale) {
                uninstall_file(&stale)?;
            }
            match committed_hook(repo, &dir, &path, shim) {
                Some(why) => Outcome::Skipped(why),
                None => install_file(&path, shim, hooks_work_tree(repo, &dir))?,
            }
        };
        outcomes.push((shim.name, outcome));
    }
    Ok(outcomes)
}

/// Why a hook in a hooks directory inside the work tree (husky's `.husky`) cannot be chained:
/// it is committed, and keeping it aside would change the repository's files. The fix is the
/// line that calls the check from it.
fn committed_hook(repo: &Repo, dir: &Path, path: &Path, shim: &Shim) -> Option<String> {
    let top = hooks_work_tree(repo, dir)?;
    if file_state(path, shim) != State::Foreign {
        return None;
    }
    let relative = path.strip_prefix(top).ok()?;
    let listed =
        crate::git::command::run(top, &["ls-files", "--", &relative.to_string_lossy()]).ok()?;
    if listed.trim().is_empty() {
        return None;
    }
    let args = if shim.name == "commit-msg" {
        "\"$1\""
    } else {
        "\"$@\""
    };
    Some(format!(
        "{} is committed, and keeping it aside to chain it would change the repository's \
         files: add 'git-hotfix hooks run {} {args}' to it instead",
        relative.display(),
        shim.name
    ))
}

fn install_file(path: &Path, shim: &Shim, work_tree: Option<&Path>) -> Result<Outcome> {
    let chained = chained_path(path);
    let outcome = match file_state(path, shim) {
        State::Installed { .. } => return Ok(Outcome::Unchanged),
        // pre-commit runs the shim it kept: rewriting it there keeps it current, and chaining
        // pre-commit's hook as well would run the checks twice.
        State::Moved(Manager::PreCommit) => {
            let legacy = moved_path(path, ".legacy");
            if fs::read(&legacy).ok().as_deref() == Some(shim.script.as_bytes()) {
                return Ok(Outcome::Unchanged);
            }
            write_shim(&legacy, shim, work_tree)?;
            return Ok(Outcome::Updated);
        }
        // What another manager kept is never run: drop it and chain the manager's hook.
        State::Moved(_) => {
            if exists(&chained) {
                return Ok(Outcome::Skipped(format!(
                    "{} is not ours and {} already holds a kept hook; move one of them aside",
                    path.display(),
                    chained.display()
                )));
            }
            if let Some((_, moved)) = moved_shim(path) {
                fs::remove_file(&moved)
                    .context(|| format!("cannot remove the old hook {}", moved.display()))?;
            }
            fs::rename(path, &chained)
                .context(|| format!("cannot keep the existing hook {} aside", path.display()))?;
            Outcome::Chained
        }
        State::Outdated => Outcome::Updated,
        State::Missing => Outcome::Installed,
        State::Foreign if exists(&chained) => {
            return Ok(Outcome::Skipped(format!(
                "{} is not ours and {} already holds a kept hook; move one of them aside",
                path.display(),
                chained.display()
            )));
        }
        State::Foreign => {
            fs::rename(path, &chained)
                .context(|| format!("cannot keep the existing hook {} aside", path.display()))?;
            Outcome::Chained
        }
    };
    write_shim(path, shim, work_tree).inspect_err(|_| {
        if outcome == Outcome::Chained {
            let _ = fs::rename(&chained, path);
        }
    })?;
    Ok(outcome)
}

/// Writes the shim through the one file writer: a temporary file created exclusively and a
/// rename, so git never runs half a script, and never through a symbolic link (a hooks
/// directory in the work tree holds what anyone committed).
fn write_shim(path: &Path, shim: &Shim, work_tree: Option<&Path>) -> Result<()> {
    let options = files::Options {
        work_tree,
        mode: Some(MODE),
    };
    files::write(path, shim.script.as_bytes(), options)
}

/// The work tree when the hooks directory lies in it (`core.hooksPath=.husky`): its files are
/// then the repository's, and no directory on the way may lead out of it. `.git/hooks` is the
/// git directory's, wherever that is.
fn hooks_work_tree<'a>(repo: &'a Repo, dir: &Path) -> Option<&'a Path> {
    if dir.starts_with(repo.common_dir()) {
        return None;
    }
    let top = repo.work_tree().ok()?;
    let inside = dir.strip_prefix(top).ok()?;
    inside
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        .then_some(top)
}

fn install_config(repo: &Repo, hook: &str) -> Result<Outcome> {
    let before = config_state(repo, hook)?;
    if before == (State::Installed { chained: false }) {
        return Ok(Outcome::Unchanged);
    }
    let name = config_name(hook);
    repo.set_local_config(&format!("{name}.command"), &config_command(hook))?;
    repo.set_local_config(&format!("{name}.event"), hook)?;
    Ok(if before == State::Missing {
        Outcome::Installed
    } else {
        Outcome::Updated
    })
}

/// Removes every hook of ours, in both forms, putting chained hooks back.
pub fn uninstall(repo: &Repo) -> Result<Vec<(&'static str, Outcome)>> {
    let dir = repo.hooks_dir()?;
    SHIMS
        .iter()
        .map(|shim| {
            let stale = repo.common_dir().join("hooks").join(shim.name);
            if stale != dir.join(shim.name) && is_ours(&stale) {
                uninstall_file(&stale)?;
            }
            let file = uninstall_file(&dir.join(shim.name))?;
            let config = uninstall_config(repo, shim.name)?;
            Ok((
                shim.name,
                if file == Outcome::NotInstalled {
                    config
                } else {
                    file
                },
            ))
        })
        .collect()
}

fn uninstall_config(repo: &Repo, hook: &str) -> Result<Outcome> {
    if config_state(repo, hook)? == State::Missing {
        return Ok(Outcome::NotInstalled);
    }
    let name = config_name(hook);
    repo.unset_local_config(&format!("{name}.command"))?;
    repo.unset_local_config(&format!("{name}.event"))?;
    repo.remove_empty_local_section(&name)?;
    Ok(Outcome::Removed)
}

fn uninstall_file(path: &Path) -> Result<Outcome> {
    let chained = chained_path(path);
    if exists(path) && !is_ours(path) {
        // A manager installed over ours and kept it: removing it leaves the manager's hook
        // exactly as the manager wrote it.
        if let Some((_, moved)) = moved_shim(path) {
            fs::remove_file(&moved)
                .context(|| format!("cannot remove the hook {}", moved.display()))?;
            return Ok(Outcome::Removed);
        }
        return Ok(if exists(&chained) {
            Outcome::Skipped(format!(
                "{} is not ours; the hook kept as {} was left there",
                path.display(),
                chained.display()
            ))
        } else {
            Outcome::NotInstalled
        });
    }
    let removed = match fs::remove_file(path) {
        Ok(()) => true,
        Err(err) if err.kind() == ErrorKind::NotFound => false,
        Err(err) => {
            return Err(Error::refused(format!(
                "cannot remove the hook {}: {err}",
                path.display()
            )));
        }
    };
    if exists(&chained) {
        fs::rename(&chained, path)
            .context(|| format!("cannot put back the hook {}", chained.display()))?;
        return Ok(Outcome::Restored);
    }
    Ok(if removed {
        Outcome::Removed
    } else {
        Outcome::NotInstalled
    })
}

/// Installs the server hooks (pre-receive, post-receive) as files in the hooks directory of a
/// bare repository, chaining any hook already there, and has git advertise push options so
/// `-o hotfix.skip=<reason>` reaches them.
pub fn install_server(repo: &Repo) -> Result<Vec<(&'static str, Outcome)>> {
    require_bare(repo)?;
    let dir = repo.hooks_dir()?;
    fs::create_dir_all(&dir)
        .context(|| format!("cannot create the hooks directory {}", dir.display()))?;
    let outcomes = SERVER_SHIMS
        .iter()
        .map(|shim| Ok((shim.name, install_file(&dir.join(shim.name), shim, None)?)))
        .collect::<Result<Vec<_>>>()?;
    if repo.config_bool(ADVERTISE_PUSH_OPTIONS)? != Some(true) {
        repo.set_local_config(ADVERTISE_PUSH_OPTIONS, "true")?;
    }
    Ok(outcomes)
}

/// The state of each server hook in the hooks directory of a bare repository.
pub fn server_states(repo: &Repo) -> Result<Vec<(&'static str, State)>> {
    let dir = repo.hooks_dir()?;
    Ok(SERVER_SHIMS
        .iter()
        .map(|shim| (shim.name, file_state(&dir.join(shim.name), shim)))
        .collect())
}

/// The setting that lets pushers send push options (`git push -o`).
pub const ADVERTISE_PUSH_OPTIONS: &str = "receive.advertisePushOptions";

/// Removes the server hooks, putting chained hooks back (`receive.advertisePushOptions` is
/// left as it is: other hooks may read push options too).
pub fn uninstall_server(repo: &Repo) -> Result<Vec<(&'static str, Outcome)>> {
    let dir = repo.hooks_dir()?;
    SERVER_SHIMS
        .iter()
        .map(|shim| Ok((shim.name, uninstall_file(&dir.join(shim.name))?)))
        .collect()
}

fn require_bare(repo: &Repo) -> Result<()> {
    if repo.work_tree().is_ok() {
        return Err(Error::refused(
            "the server hooks go in the repository pushed to, which is bare, and this one has a work tree",
        )
        .hint("run 'git hotfix hooks install --server' in the bare repository of the remote (or copy hooks/pre-receive and hooks/post-receive into your forge's server hooks directory)")
        .hint("in a clone, 'git hotfix hooks install' installs the client hooks"));
    }
    Ok(())
}

/// Installs the hooks unless they all are already; returns a line saying what was done.
/// Used by `start`, which must not fail because of hooks.
pub fn ensure(repo: &Repo) -> Result<Option<String>> {
    let mode = mode(repo)?;
    let states = states(repo, &mode)?;
    if states.iter().all(|(_, state)| {
        matches!(
            state,
            State::Installed { .. } | State::Moved(Manager::PreCommit)
        )
    }) {
        return Ok(None);
    }
    let outcomes = install(repo, &mode)?;
    let mut line = format!("Installed the hotfix hooks {}", describe(repo, &mode));
    let chained: Vec<&str> = outcomes
        .iter()
        .filter(|(_, o)| *o == Outcome::Chained)
        .map(|(name, _)| *name)
        .collect();
    if !chained.is_empty() {
        line.push_str(&format!(
            " (your own {} hook runs first)",
            chained.join(" and ")
        ));
    }
    line.push('.');
    for (name, outcome) in &outcomes {
        if let Outcome::Skipped(why) = outcome {
            crate::ui::warn(format!("the {name} hook was not installed: {why}"));
        }
    }
    Ok(Some(line))
}

/// Where the hooks are, for messages: `in .git/hooks`, `as config-based hooks`.
pub fn describe(repo: &Repo, mode: &Mode) -> String {
    match mode {
        Mode::Files(dir) => {
            let shown = repo
                .work_tree()
                .ok()
                .and_then(|top| dir.strip_prefix(top).ok())
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(dir);
            format!("in {}", shown.display())
        }
        Mode::Config => "as config-based hooks (hook.git-hotfix-*)".to_string(),
    }
}
