//! Errors a user can act on: one sentence, the hints that say what to do next, and an exit
//! code by kind, as git prints them (`error: ...` then `hint: ...`).

use std::fmt;

/// What kind of failure this is; decides the exit code scripts rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A rule, a check or bad input refused the command (exit 1).
    Refused,
    /// The command stopped for the user to act, e.g. a conflict to resolve (exit 3).
    Stopped,
    /// Something that should not happen: a git failure or a bug (exit 70).
    Internal,
}

/// Exit codes, documented in the README and the man page.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const REFUSED: u8 = 1;
    /// Usage errors are reported by clap, which exits with 2 itself.
    pub const USAGE: u8 = 2;
    pub const STOPPED: u8 = 3;
    pub const INTERNAL: u8 = 70;

    /// Every exit code and what it means: the one table the man page (EXIT STATUS) renders
    /// and the README's "Exit codes" table repeats word for word (a test holds them equal,
    /// and runs a command that exits with each code).
    pub const TABLE: &[(u8, &str)] = &[
        (SUCCESS, "success"),
        (
            REFUSED,
            "refused: a rule, a check or bad input (a dirty tree, a bad name, an unknown id, a \
             failing test suite, no terminal to confirm on without --yes)",
        ),
        (
            USAGE,
            "usage error: an unknown option, a missing or invalid argument (--at yesterday, \
             --version banana, backport without a target)",
        ),
        (
            STOPPED,
            "stopped for you to act: a finish, rollback or backport waits in progress (a \
             conflict to resolve, a failing hook or signing key to fix); then run it again with \
             --continue or --abort",
        ),
        (
            INTERNAL,
            "internal error: git failed unexpectedly, or a bug",
        ),
    ];
}

#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(Kind::Refused, message)
    }

    pub fn stopped(message: impl Into<String>) -> Self {
        Self::new(Kind::Stopped, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Kind::Internal, message)
    }

    fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Adds a line telling the user what to do next.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Refused => exit::REFUSED,
            Kind::Stopped => exit::STOPPED,
            Kind::Internal => exit::INTERNAL,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<git2::Error> for Error {
    fn from(err: git2::Error) -> Self {
        Error::internal(format!("git: {}", err.message()))
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::internal(err.to_string())
    }
}

/// Adds what was being done to an internal error, like anyhow's `context`, keeping the kind.
pub trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|err| {
            let mut err = err.into();
            err.message = format!("{}: {}", what(), err.message);
            err
        })
    }
}
