use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Like git, output cut short by a closed pipe (`git hotfix list | head`) ends the process
    // quietly instead of failing on the next write. SAFETY: called first, before any thread
    // exists; it only restores the default action of SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    // The hooks run on every commit and push: they skip building the whole command line.
    if let Some(code) = git_hotfix::run_hook(&args) {
        return ExitCode::from(code);
    }
    let cli = git_hotfix::cli::Cli::parse_from(args);
    ExitCode::from(git_hotfix::main(cli))
}
