use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = git_hotfix::cli::Cli::parse();
    ExitCode::from(git_hotfix::main(cli))
}
