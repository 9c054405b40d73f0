//! Whether this process may write the repository, asked before a command changes anything, so
//! a read-only `.git` (a mount, another user's clone, a CI cache) is one clear refusal rather
//! than a failure halfway through.

use super::Repo;
use crate::error::{Error, Result};

impl Repo {
    /// Refuses unless new objects and refs can be written. Probes with unnamed temporary
    /// files (nothing is left behind, not even a name).
    pub fn check_writable(&self) -> Result<()> {
        let common = self.common_dir();
        for dir in [common.join("objects"), common.join("refs")] {
            if let Err(err) = tempfile::tempfile_in(&dir) {
                return Err(Error::refused(format!(
                    "the repository's {} is not writable ({err}), so nothing can be recorded",
                    dir.display()
                ))
                .hint(format!(
                    "check its owner and permissions with 'ls -ld {}', or run as the user who owns the repository",
                    dir.display()
                )));
            }
        }
        Ok(())
    }
}
