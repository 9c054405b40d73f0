use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Output cut short by a closed pipe (`git hotfix list | head`) is not an error: end
    // quietly. (SIGPIPE stays ignored, so writing to a child that exits early, such as a
    // notifier, never kills the process.)
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or_default();
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        report(info);
    }));
    let args: Vec<OsString> = std::env::args_os().collect();
    // The hooks run on every commit and push: they skip building the whole command line.
    if let Some(code) = git_hotfix::run_hook(&args) {
        return ExitCode::from(code);
    }
    let cli = git_hotfix::cli::Cli::parse_args(args);
    ExitCode::from(git_hotfix::main(cli))
}
