//! A remote's refspecs, as `git hotfix sync --setup` reads and adds them: read from the remote,
//! added to the repository's own config only when missing.

use git2::ErrorCode;

use super::Repo;
use crate::error::{Context, Error, Result};

impl Repo {
    /// The configured fetch (`push == false`) or push refspecs of a remote.
    pub fn remote_refspecs(&self, remote: &str, push: bool) -> Result<Vec<String>> {
        let found = self
            .raw()
            .find_remote(remote)
            .context(|| format!("cannot read the remote '{remote}'"))?;
        let specs = if push {
            found.push_refspecs()?
        } else {
            found.fetch_refspecs()?
        };
        Ok(specs
            .iter()
            .flatten()
            .flatten()
            .map(str::to_string)
            .collect())
    }

    /// Adds `value` to the multi-valued key `key` in the repository's own config, unless it
    /// is there already. True when it was added.
    pub fn add_config_value(&self, key: &str, value: &str) -> Result<bool> {
        let config = self.raw().config()?;
        let mut local = config
            .open_level(git2::ConfigLevel::Local)
            .context(|| "cannot open the repository's config".into())?;
        let present = match local.multivar(key, None) {
            Ok(entries) => {
                let mut found = false;
                let mut entries = entries;
                while let Some(entry) = entries.next() {
                    found |= entry?.value().ok() == Some(value);
                }
                found
            }
            Err(err) if err.code() == ErrorCode::NotFound => false,
            Err(err) => return Err(err.into()),
        };
        if present {
            return Ok(false);
        }
        // Replaces the values matching the pattern, of which there are none: so it adds one.
        let pattern = format!("^{}$", posix_escape(value));
        local
            .set_multivar(key, &pattern, value)
            .map_err(|err| Error::refused(format!("cannot set {key}: {}", err.message())))?;
        Ok(true)
    }
}

/// Escapes the characters special in a POSIX extended regular expression.
fn posix_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if "\\.[]()*+?{}|^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
