//! What every integration test builds on, one file per concern:
//!
//! - `sandbox`: a [`Sandbox`] is a temporary directory with its own home and git config;
//!   it runs git, git-hotfix and other programs hermetically (fixed dates, UTC, C locale,
//!   the built `git-hotfix` first on PATH).
//! - `fixtures`: the repositories tests start from (a bare `origin` and a clone with `main`,
//!   `develop` and two release tags) and hotfixes started, fixed or finished in them.
//! - `layouts`: repositories laid out like real projects (their changelogs, manifests and
//!   version files), for the features that read a project's own files.
//! - `notes`: the hotfix metadata, through `git hotfix show --json` or the notes themselves.
//! - `assert`: refs and reachable commits to compare, a refused command that changed
//!   nothing, and output redacted for snapshots.

mod assert;
mod fixtures;
pub mod layouts;
mod notes;
mod sandbox;

pub use assert::Refusal;
pub use fixtures::fixed_app;
pub use notes::events;
pub use sandbox::{
    NOW, Sandbox, binary, config_hooks, first_existing, git_version, have, skipped, source_dir,
    stderr, stdout,
};
