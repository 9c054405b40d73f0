//! What the hooks need from git: the directory git really runs hooks from, the version of the
//! `git` on PATH (config-based hooks need 2.54), local config writes, and ignore rules for the
//! file watcher.

use std::path::{Path, PathBuf};

use git2::{ConfigLevel, ErrorCode};

use super::{Repo, command};
use crate::error::{Context, Error, Result};

impl Repo {
    /// The hooks directory git uses: `core.hooksPath` when set (`~/` expanded, a relative path
    /// taken from the root of the work tree, where git runs hooks), else `hooks/` in the
    /// directory shared by all worktrees.
    pub fn hooks_dir(&self) -> Result<PathBuf> {
        let Some(value) = self
            .config_string("core.hooksPath")?
            .filter(|v| !v.is_empty())
        else {
            return Ok(self.common_dir().join("hooks"));
        };
        let path = match value.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map(|home| PathBuf::from(home).join(rest))
                .ok_or_else(|| {
                    Error::refused(format!("core.hooksPath '{value}' needs HOME to be set"))
                        .hint("set HOME, or give core.hooksPath as an absolute path")
                })?,
            None => PathBuf::from(&value),
        };
        if path.is_absolute() {
            return Ok(path);
        }
        let base = self
            .raw()
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.git_dir().to_path_buf());
        Ok(base.join(path))
    }

    /// Sets `key` in the repository's own config (`.git/config`, shared by its worktrees).
    pub fn set_local_config(&self, key: &str, value: &str) -> Result<()> {
        let mut config = self.raw().config()?.open_level(ConfigLevel::Local)?;
        config
            .set_str(key, value)
            .context(|| format!("cannot set {key} in the repository's config"))
    }

    /// Removes `key` from the repository's own config; a missing key is not an error.
    pub fn unset_local_config(&self, key: &str) -> Result<()> {
        let mut config = self.raw().config()?.open_level(ConfigLevel::Local)?;
        match config.remove(key) {
            Ok(()) => Ok(()),
            Err(err) if err.code() == ErrorCode::NotFound => Ok(()),
            Err(err) => {
                Err(err).context(|| format!("cannot remove {key} from the repository's config"))
            }
        }
    }

    /// Removes the section `name` (`hook.git-hotfix-commit-msg`) from the repository's own
    /// config when no key is left in it: libgit2 leaves the emptied header behind, git does
    /// not. A section that is gone already is not an error.
    pub fn remove_empty_local_section(&self, name: &str) -> Result<()> {
        let config = self.raw().config()?.open_level(ConfigLevel::Local)?;
        let pattern = format!("^{}\\.", name.replace('.', "\\."));
        let mut left = false;
        if let Ok(mut entries) = config.entries(Some(&pattern)) {
            left = entries.next().is_some();
        }
        if left {
            return Ok(());
        }
        let _ = command::capture(
            self.raw().path(),
            &["config", "--local", "--remove-section", name],
        )?;
        Ok(())
    }

    /// The version of the `git` on PATH, as (major, minor).
    pub fn git_version(&self) -> Result<(u32, u32)> {
        let dir = self
            .raw()
            .workdir()
            .unwrap_or_else(|| self.git_dir())
            .to_path_buf();
        let out = command::run(&dir, &["--version"])?;
        parse_version(&out).ok_or_else(|| {
            Error::internal(format!("cannot read the git version from '{}'", out.trim()))
        })
    }

    /// True when git ignores `path` (relative to the work tree), per `.gitignore` and friends.
    pub fn is_ignored(&self, path: &Path) -> bool {
        self.raw().is_path_ignored(path).unwrap_or(false)
    }
}

/// `git version 2.47.3` (or `2.54.0.windows.1`) → (2, 47).
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let version = text.split_whitespace().nth(2)?;
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions_are_read_as_git_prints_them() {
        assert_eq!(super::parse_version("git version 2.47.3\n"), Some((2, 47)));
        assert_eq!(
            super::parse_version("git version 2.54.0.windows.1"),
            Some((2, 54))
        );
        assert_eq!(super::parse_version("git version 3.0rc1"), Some((3, 0)));
        assert_eq!(super::parse_version("nonsense"), None);
    }
}
