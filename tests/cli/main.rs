//! The one integration test binary: every test drives the built `git-hotfix` and the real
//! `git` against repositories in temporary directories.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod hooks;
mod start;
mod status;
mod test_command;
mod verify;
