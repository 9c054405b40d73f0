//! What every integration test builds on: a [`Sandbox`] (a temporary directory holding a
//! bare `origin` and a clone of it, run hermetically with the built `git-hotfix` first on
//! PATH), the repositories tests start from, the hotfix notes, and shared assertions.

mod assert;
mod fixtures;
mod notes;
mod sandbox;

pub use assert::Refusal;
pub use fixtures::fixed_app;
pub use notes::events;
pub use sandbox::{
    NOW, Sandbox, binary, first_existing, have, skipped, source_dir, stderr, stdout,
};
