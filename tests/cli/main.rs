//! The one integration test binary: every test drives the built `git-hotfix` and the real
//! `git` against repositories in temporary directories.

#[path = "../common/mod.rs"]
mod common;

mod cancel;
mod cli;
mod completion;
mod docs;
mod faults;
mod finish;
mod hostile;
mod install;
mod output;
mod parsers;
mod reports;
mod security;
mod start;
mod status;
mod sync;
mod verify;
mod walkthrough;
