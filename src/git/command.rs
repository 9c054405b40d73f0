//! Running the `git` executable for the operations that must behave exactly like git:
//! fetch and push (credentials, ssh config), checkout and merge (working tree, conflicts,
//! hooks). Arguments are passed as a vector, never through a shell.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::error::{Error, Result};

/// The outcome of a git run whose failure the caller wants to handle itself.
pub struct Ran {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// The one place a `git` process is made: every run is traced with `--verbose`.
fn git<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Command {
    crate::ui::trace(format!("running: {}", describe(args)));
    let mut command = Command::new("git");
    // git's own advice ("run git cherry-pick --continue") would contradict the next step
    // git-hotfix gives (`git hotfix backport --continue`); git 2.46 and later honour this.
    command.arg("-C").arg(dir).env("GIT_ADVICE", "0").args(args);
    command
}

fn describe<S: AsRef<OsStr>>(args: &[S]) -> String {
    format!("git {}", shell_words(args))
}

/// Arguments as a user would type them in a POSIX shell: quoted where needed (in single quotes,
/// which sh takes literally), for printing commands the user can copy and for the paths and
/// names put into a test command that `sh -c` runs.
pub fn shell_words<S: AsRef<OsStr>>(args: &[S]) -> String {
    let words: Vec<_> = args
        .iter()
        .map(|arg| {
            let arg = arg.as_ref().to_string_lossy();
            let plain = !arg.is_empty()
                && arg.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | ',' | '@' | '+')
                });
            if plain {
                arg.into_owned()
            } else {
                format!("'{}'", arg.replace('\'', r"'\''"))
            }
        })
        .collect();
    words.join(" ")
}

fn spawn_error(err: std::io::Error) -> Error {
    Error::internal(format!("cannot run git: {err}"))
        .hint("make sure git is installed and on your PATH")
}

/// Runs git with captured output and reports whether it succeeded.
pub fn capture<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Result<Ran> {
    captured(git(dir, args))
}

fn captured(mut command: Command) -> Result<Ran> {
    let Output {
        status,
        stdout,
        stderr,
    } = command.stdin(Stdio::null()).output().map_err(spawn_error)?;
    Ok(Ran {
        success: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

/// Runs git with captured output; a failure is an error carrying git's own message.
pub fn run<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Result<String> {
    checked(args, capture(dir, args)?)
}

/// [`run`] with `GIT_INDEX_FILE` pointing at `index`, to fill a directory from a tree
/// without touching the repository's own index (a bare repository has none).
pub fn run_with_index<S: AsRef<OsStr>>(dir: &Path, index: &Path, args: &[S]) -> Result<String> {
    let mut command = git(dir, args);
    command.env("GIT_INDEX_FILE", index);
    checked(args, captured(command)?)
}

fn checked<S: AsRef<OsStr>>(args: &[S], ran: Ran) -> Result<String> {
    if ran.success {
        Ok(ran.stdout)
    } else {
        // git's messages on one line, as an error is printed (one sentence).
        let said: Vec<&str> = ran
            .stderr
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        Err(Error::internal(format!(
            "'{}' failed: {}",
            describe(args),
            said.join("; ")
        )))
    }
}

/// Runs git with its output shown to the user on stderr (git's own messages: merge results,
/// conflicts, hook output, push progress), and reports whether it succeeded. Under `--quiet`
/// git's output is kept back unless it fails, when it is what says why.
pub fn shown<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Result<bool> {
    if crate::ui::quiet() {
        let ran = capture(dir, args)?;
        if !ran.success {
            eprint!("{}{}", ran.stdout, ran.stderr);
        }
        return Ok(ran.success);
    }
    let status = git(dir, args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .map_err(spawn_error)?;
    Ok(status.success())
}

/// Runs a `git push` (in `args`) with git's messages shown and, on a terminal, how long the
/// wait for `remote` took; reports whether it succeeded.
pub fn push<S: AsRef<OsStr>>(dir: &Path, args: &[S], remote: &str) -> Result<bool> {
    let progress = crate::ui::progress(format!("Pushing to '{remote}'"));
    let pushed = shown(dir, args)?;
    progress.done(pushed);
    Ok(pushed)
}

/// The arguments of one atomic `git push` to `remote` of each full ref name in `refs` to the
/// same name there; a name starting with `:` deletes it there.
pub fn atomic_push_args(remote: &str, refs: &[String]) -> Vec<String> {
    let mut args = vec![
        "push".to_string(),
        "--atomic".to_string(),
        remote.to_string(),
    ];
    args.extend(refs.iter().map(|refname| {
        if refname.starts_with(':') {
            refname.clone()
        } else {
            format!("{refname}:{refname}")
        }
    }));
    args
}

/// Runs one atomic `git push` (in `args`) of a result made here; a rejection is a refusal
/// saying that nothing was pushed, that `kept` is intact here, and how to retry.
pub fn push_atomic(dir: &Path, args: &[String], remote: &str, kept: &str) -> Result<()> {
    if push(dir, args, remote)? {
        return Ok(());
    }
    Err(Error::refused(format!(
        "the push to '{remote}' was rejected; nothing was pushed, and {kept} is intact here"
    ))
    .hint(format!(
        "bring in what changed on '{remote}' (e.g. 'git pull' on the rejected branch), then retry with: git {}",
        shell_words(args)
    )))
}
