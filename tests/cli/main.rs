//! The one integration test binary: every test drives the built `git-hotfix` and the real
//! `git` against repositories in temporary directories.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod reports;
mod start;
mod status;
mod verify;
