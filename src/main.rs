use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // The hooks run on every commit and push: they skip building the whole command line.
    if let Some(code) = git_hotfix::run_hook(&args) {
        return ExitCode::from(code);
    }
    let cli = git_hotfix::cli::Cli::parse_from(args);
    ExitCode::from(git_hotfix::main(cli))
}
