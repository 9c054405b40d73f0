//! Whether this process may write the repository, asked before a command changes anything, so
//! a read-only `.git` (a mount, another user's clone, a CI cache) is one clear refusal rather
//! than a failure halfway through.

use rustix::fs::{Access, AtFlags, CWD, accessat};

use super::Repo;
use crate::error::{Error, Result};

impl Repo {
    /// Refuses unless new objects and refs can be written. Asks the kernel whether this
    /// process's effective user may write the two directories (modes, ACLs, a read-only
    /// mount), which creates nothing: a probe file would cost an inode on every finish.
    pub fn check_writable(&self) -> Result<()> {
        let common = self.common_dir();
        for dir in [common.join("objects"), common.join("refs")] {
            if let Err(err) = accessat(CWD, &dir, Access::WRITE_OK, AtFlags::EACCESS) {
                let err = std::io::Error::from(err);
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
