//! `git hotfix completions <shell>`: prints the completion script for a shell, the same text
//! `completions/` holds and install.sh installs, for users who load it by hand.

use std::io::Write;

use clap_complete::Shell;

use crate::docs::shell;
use crate::error::Result;

/// Print the shell completion script (bash, zsh, fish, powershell, elvish).
///
/// bash: `source <(git hotfix completions bash)` in ~/.bashrc, after git's completion.
/// zsh: save as _git-hotfix in a directory of $fpath. fish: save in
/// ~/.config/fish/conf.d/git-hotfix.fish.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to print the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &Args) -> Result<()> {
    let script = shell::script(args.shell);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(script.as_bytes()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
