//! Seals for what only this clone can vouch for. Notes travel between clones, so a test pass
//! recorded in them could have been written anywhere; a pass counts (lets pre-push and finish
//! skip a run) only when it carries a seal made with this clone's own key.
//!
//! The key is random and lives in a file of the git directory shared by all worktrees
//! ([`KEY_FILE`], mode 0600, created exclusively, once per clone), never in a ref: refs are
//! what `git push --mirror` and `git clone --mirror` copy, and with the key anyone could seal a
//! pass for a tree whose tests fail. A key an older version kept in `refs/hotfix-local/key` is
//! replaced by a new one in the file, and the ref deleted, the first time a key is needed.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::PathBuf;

use git2::{ObjectType, Oid};

use super::Repo;
use crate::error::{Error, Result};
use crate::files;

/// The key's file name in the common git directory.
const KEY_FILE: &str = "hotfix-seal-key";
/// Where versions before the file kept the key.
const OLD_KEY_REF: &str = "refs/hotfix-local/key";

impl Repo {
    /// Creates this clone's key if it has none yet.
    pub fn ensure_local_key(&self) -> Result<()> {
        self.local_key(true).map(|_| ())
    }

    /// The seal of `data` under this clone's key.
    pub fn seal(&self, data: &str) -> Result<String> {
        let key = self.local_key(true)?.unwrap_or_default();
        Ok(mac(&key, data))
    }

    /// True when `seal` was made by this clone for exactly `data`.
    pub fn verify_seal(&self, data: &str, seal: &str) -> bool {
        matches!(self.local_key(false), Ok(Some(key)) if mac(&key, data) == seal)
    }

    /// The file holding this clone's key.
    fn key_file(&self) -> PathBuf {
        self.common_dir().join(KEY_FILE)
    }

    fn local_key(&self, create: bool) -> Result<Option<Vec<u8>>> {
        let path = self.key_file();
        let old = self.ref_target(OLD_KEY_REF)?;
        let key = match read_key(&path)? {
            Some(key) => key,
            // A key that sat in a ref may have left with a mirror: it is replaced, not moved,
            // so what it sealed is run once more.
            None if create || old.is_some() => {
                let key = new_key();
                if files::create_new(&path, &key, 0o600)? {
                    key
                } else {
                    // Another process made it meanwhile: its key is the one.
                    read_key(&path)?.unwrap_or(key)
                }
            }
            None => return Ok(None),
        };
        if old.is_some() {
            self.delete_ref(OLD_KEY_REF)?;
        }
        Ok(Some(key))
    }
}

/// The key in `path`, if the file exists; never read through a link.
fn read_key(path: &std::path::Path) -> Result<Option<Vec<u8>>> {
    if files::check(path, None)?.is_none() {
        return Ok(None);
    }
    let key = std::fs::read(path).map_err(|err| {
        Error::refused(format!("cannot read the seal key {}: {err}", path.display()))
            .hint("make it readable, or delete it to have a new key made (passes recorded so far will be run again)")
    })?;
    if key.is_empty() {
        return Err(
            Error::refused(format!("the seal key {} is empty", path.display())).hint(
                "delete it to have a new key made (passes recorded so far will be run again)",
            ),
        );
    }
    Ok(Some(key))
}

/// 256 random bits, as hex: from the system's random source, else from the hasher seeds std
/// draws from it.
fn new_key() -> Vec<u8> {
    let mut bytes = [0u8; 32];
    let from_system = std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .is_ok();
    let key: String = if from_system {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    } else {
        (0..4)
            .map(|_| format!("{:016x}", RandomState::new().build_hasher().finish()))
            .collect()
    };
    key.into_bytes()
}

/// HMAC-style keyed hash, H(key ‖ H(key ‖ data)), with git's object hash.
fn mac(key: &[u8], data: &str) -> String {
    let hash = |bytes: &[u8]| Oid::hash_object(ObjectType::Blob, bytes).unwrap_or(Oid::ZERO_SHA1);
    let inner = hash(&[key, data.as_bytes()].concat());
    hash(&[key, inner.as_bytes()].concat()).to_string()
}
