//! `git hotfix generate-docs` (hidden, for the project's own development): writes the man page
//! and the completion scripts under the source tree, or with `--check` reports which committed
//! files differ from what the code generates.

use std::fs;
use std::path::PathBuf;

use crate::docs;
use crate::error::{Context, Error, Result};
use crate::files;
use crate::ui;

/// Write man/git-hotfix.1 and completions/* from the command-line definition.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The top of the git-hotfix source tree.
    #[arg(long, value_name = "DIR", default_value = ".", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: PathBuf,
    /// Write nothing; fail when a file is missing or differs.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: &Args) -> Result<()> {
    if !args.out_dir.join("Cargo.toml").is_file() {
        return Err(Error::refused(format!(
            "'{}' is not the top of the git-hotfix source tree (it has no Cargo.toml)",
            args.out_dir.display()
        ))
        .hint("run it from the top of the source tree, or pass --out-dir <DIR>"));
    }
    let mut stale = Vec::new();
    for file in docs::files() {
        let path = args.out_dir.join(&file.path);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.content.as_str()) {
            continue;
        }
        if args.check {
            stale.push(file.path);
            continue;
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).context(|| format!("cannot create {}", dir.display()))?;
        }
        files::write(&path, file.content.as_bytes(), files::Options::default())?;
        if !ui::quiet() {
            println!("Wrote {}", file.path);
        }
    }
    if stale.is_empty() {
        return Ok(());
    }
    Err(Error::refused(format!(
        "generated documentation is out of date: {}",
        stale.join(", ")
    ))
    .hint(format!("regenerate it with '{}'", docs::REGENERATE)))
}
