//! Terminal output shared by every command: colors that follow git's settings, and the
//! `warning:` / `hint:` lines git users know.

use std::io::IsTerminal;

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
