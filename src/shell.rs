//! Running a configured command (a test suite, a deploy step, a monitor probe, the notifier)
//! the way git runs the commands in its config: through `sh -c`, in a given directory, with
//! git's repository variables removed so the command sees the directory it runs in, and no
//! input unless the caller gives some. The command text comes from git config only; what a
//! caller passes it goes in as environment variables or on stdin, never into the text.

use std::path::Path;
use std::process::{Command, Stdio};

/// Variables git sets for its hooks and server side that would point a command's own git runs
/// at the wrong repository (or at a push being received).
const GIT_VARIABLES: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_PREFIX",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_QUARANTINE_PATH",
];

/// `sh -c <text>` in `dir`, without git's variables and with no input; the caller decides
/// where its output goes and adds the variables it hands over.
pub fn command(text: &str, dir: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(text)
        .current_dir(dir)
        .stdin(Stdio::null());
    for name in GIT_VARIABLES {
        command.env_remove(name);
    }
    command
}

/// Standard error, duplicated to take a command's standard output, so the command's output
/// streams to the user while this program's own standard output stays clean (`--json`).
pub fn stderr_for_output() -> std::io::Result<Stdio> {
    let stderr = std::os::fd::AsFd::as_fd(&std::io::stderr()).try_clone_to_owned()?;
    Ok(Stdio::from(stderr))
}
