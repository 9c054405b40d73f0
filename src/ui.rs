//! Terminal output shared by every command: colors that follow git's settings, and the
//! `warning:` / `hint:` lines git users know.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};

use console::Style;

use crate::git::Repo;
use crate::store::{Severity, Status};

/// Turns colors on or off for stdout and stderr: never with `NO_COLOR` or `color.ui=never`,
/// always with `color.ui=always`, otherwise only on a terminal. `color.hotfix` wins over
/// `color.ui`, as `color.diff` does in git.
pub fn init_colors(repo: Option<&Repo>) {
    let setting = repo.and_then(|repo| {
        ["color.hotfix", "color.ui"]
            .iter()
            .find_map(|key| repo.config_string(key).ok().flatten())
    });
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let decide = |is_terminal: bool| match setting.as_deref().map(str::to_ascii_lowercase) {
        _ if no_color => false,
        Some(value) if matches!(value.as_str(), "never" | "false" | "off" | "no" | "0") => false,
        Some(value) if value == "always" => true,
        _ => is_terminal,
    };
    console::set_colors_enabled(decide(std::io::stdout().is_terminal()));
    console::set_colors_enabled_stderr(decide(std::io::stderr().is_terminal()));
}

/// How much a command says besides its result: set once from `--quiet` / `--verbose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet = 0,
    Normal = 1,
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn set_verbosity(verbosity: Verbosity) {
    VERBOSITY.store(verbosity as u8, Ordering::Relaxed);
}

pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// True under `--quiet`: skip progress, advice and next steps (never the report asked for).
pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

/// Prints a line on stderr under `--verbose` only, e.g. each git command run.
pub fn trace(message: impl std::fmt::Display) {
    if verbosity() == Verbosity::Verbose {
        eprintln!("{}", Style::new().dim().for_stderr().apply_to(message));
    }
}

/// True when prompts may be shown: both the input and the prompt's output are a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

pub fn warn(message: impl std::fmt::Display) {
    eprintln!(
        "{} {message}",
        Style::new()
            .yellow()
            .bold()
            .for_stderr()
            .apply_to("warning:")
    );
}

pub fn hint(message: impl std::fmt::Display) {
    eprintln!(
        "{} {message}",
        Style::new().yellow().for_stderr().apply_to("hint:")
    );
}

pub fn error(message: impl std::fmt::Display) {
    eprintln!(
        "{} {message}",
        Style::new().red().bold().for_stderr().apply_to("error:")
    );
}

/// Prints an error the way git does: the sentence, then each hint.
pub fn report(err: &crate::error::Error) {
    error(&err.message);
    for line in &err.hints {
        hint(line);
    }
}

pub fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::P0 => Style::new().red().bold(),
        Severity::P1 => Style::new().yellow(),
        Severity::P2 => Style::new().cyan(),
    }
}

pub fn status_style(status: Status) -> Style {
    match status {
        Status::Open => Style::new().green(),
        Status::Finished => Style::new().dim(),
        Status::Cancelled | Status::RolledBack => Style::new().magenta(),
    }
}

pub fn bold() -> Style {
    Style::new().bold()
}

pub fn dim() -> Style {
    Style::new().dim()
}
