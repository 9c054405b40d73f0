//! The one integration test binary: every test drives the built `git-hotfix` and the real
//! `git` against repositories in temporary directories.

#[path = "../common/mod.rs"]
mod common;

mod backport;
mod cancel;
mod cli;
mod completion;
mod docs;
mod finish;
mod hooks;
mod install;
mod output;
mod reports;
mod rollback;
mod start;
mod status;
mod sync;
mod test_command;
mod verify;
mod walkthrough;
