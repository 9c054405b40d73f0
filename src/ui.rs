//! Terminal output shared by every command: colors that follow git's settings, the
//! `warning:` / `hint:` lines git users know, and [`sanitize`], the one place text that came
//! from notes (which anyone with push access to the remote can write) is made harmless before
//! it is shown to a person. Every `error:`, `warning:` and `hint:` is one line: its message goes
//! through [`sanitize`], newlines included, so text in it cannot forge a line of its own. The bottom layer: it takes plain values (the color setting, text)
//! and uses nothing of the crate but `error`, so every layer, `git` included, can print.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};

use console::Style;

/// Turns colors on or off for stdout and stderr from the color setting the caller read
/// (`color.hotfix`, else `color.ui`; `None` when unset or outside a repository): never with
/// `NO_COLOR` or `never`, always with `always`, otherwise only on a terminal.
pub fn init_colors(setting: Option<&str>) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let decide = |is_terminal: bool| match setting.map(str::to_ascii_lowercase) {
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

/// Prints a line on stderr under `--verbose` only, e.g. each git command run (whose arguments
/// can be branch names and fields from notes: made printable, on one line, by [`sanitize`]).
pub fn trace(message: impl std::fmt::Display) {
    if verbosity() == Verbosity::Verbose {
        let message = message.to_string();
        eprintln!(
            "{}",
            Style::new().dim().for_stderr().apply_to(sanitize(&message))
        );
    }
}

/// A step that waits on the network (fetch, push): on a terminal, what is being waited for
/// and, when it ends, how long it took. Silent off a terminal and under `--quiet`, so
/// scripts and logs get only what they asked for.
pub struct Progress {
    label: String,
    started: std::time::Instant,
    shown: bool,
}

/// Starts showing `label` (e.g. `Fetching 'origin'`) until [`Progress::done`].
pub fn progress(label: impl Into<String>) -> Progress {
    let label = label.into();
    let shown = std::io::stderr().is_terminal() && !quiet();
    if shown {
        eprintln!("{label}...");
    }
    Progress {
        label,
        started: std::time::Instant::now(),
        shown,
    }
}

impl Progress {
    pub fn done(self, succeeded: bool) {
        if self.shown {
            let outcome = if succeeded { "done" } else { "failed" };
            let seconds = self.started.elapsed().as_secs_f64();
            eprintln!(
                "{}",
                Style::new()
                    .dim()
                    .for_stderr()
                    .apply_to(format!("{}: {outcome} in {seconds:.1}s", self.label))
            );
        }
    }
}

/// True when prompts may be shown: both the input and the prompt's output are a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks a yes/no question on the terminal; `default` is the answer to a bare Enter.
pub fn confirm(prompt: &str, default: bool) -> crate::error::Result<bool> {
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(default)
        .interact()
        .map_err(|err| crate::error::Error::internal(format!("cannot read the answer: {err}")))
}

/// Text from notes (or any outside source) made safe to print on a terminal: every control
/// character (C0, DEL, C1: ESC starting CSI and OSC sequences, BEL, backspace, carriage
/// return, newline, ...) and every bidirectional override (which can make text read other than
/// it is) is written as a visible escape (`\x1b`, `\n`, `\u{202e}`), so a field can neither
/// drive the terminal nor forge a line of output. Ordinary text, non-ASCII letters included,
/// is returned as is without copying. JSON output never goes through this: it stays exact.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`sanitize`] for text of several lines that is shown as such: a report in Markdown, a
/// changelog entry. Each line is sanitized and the line breaks are kept. The report's own lines
/// never start with what git's diagnostics start with, so a line that does (`error:`,
/// `warning:`, `hint:`, `fatal:`, in any case) holds text from outside that got a line to
/// itself: it is quoted (`> error: ...`), so it cannot pass for a message of git or git-hotfix.
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    let forged = |line: &str| {
        DIAGNOSTICS.iter().any(|word| {
            line.get(..word.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(word))
        })
    };
    if !text
        .split('\n')
        .any(|line| forged(line) || matches!(sanitize(line), Cow::Owned(_)))
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split('\n')
            .map(|line| {
                let line = sanitize(line);
                if forged(&line) {
                    Cow::Owned(format!("> {line}"))
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// How the lines of git's (and git-hotfix's) diagnostics start.
const DIAGNOSTICS: [&str; 4] = ["error:", "warning:", "hint:", "fatal:"];

/// At most `max` characters of `text`, with `…` marking a cut, for values quoted in messages.
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

pub fn warn(message: impl std::fmt::Display) {
    let message = message.to_string();
    let message = sanitize(&message);
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
    let message = message.to_string();
    let message = sanitize(&message);
    eprintln!(
        "{} {message}",
        Style::new().yellow().for_stderr().apply_to("hint:")
    );
}

pub fn error(message: impl std::fmt::Display) {
    let message = message.to_string();
    let message = sanitize(&message);
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

pub fn bold() -> Style {
    Style::new().bold()
}

pub fn dim() -> Style {
    Style::new().dim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_a_report_cannot_pass_for_a_diagnostic() {
        let report = "# Report\n\n- `a\nerror: notes corrupt\nHint: run this`\n  hint: indented\n";
        assert_eq!(
            sanitize_lines(report),
            "# Report\n\n- `a\n> error: notes corrupt\n> Hint: run this`\n  hint: indented\n"
        );
        assert!(matches!(sanitize_lines("- plain\n"), Cow::Borrowed(_)));
        assert_eq!(sanitize_lines("fatal: x\x1b[2J"), "> fatal: x\\x1b[2J");
    }

    #[test]
    fn a_message_is_one_line() {
        assert_eq!(
            sanitize("x\nerror: notes corrupt\nhint: curl | sh"),
            "x\\nerror: notes corrupt\\nhint: curl | sh"
        );
    }
}
