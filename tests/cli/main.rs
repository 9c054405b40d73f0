//! The one integration test binary: every test drives the built `git-hotfix` and the real
//! `git` against repositories in temporary directories.

#[path = "../common/mod.rs"]
mod common;

mod backport;
mod cancel;
mod cli;
mod completion;
mod config;
mod docs;
mod faults;
mod finish;
mod hooks;
mod hostile;
mod install;
mod output;
mod parsers;
mod reports;
mod rollback;
mod security;
mod start;
mod status;
mod sync;
mod test_command;
mod verify;
mod walkthrough;
