//! Seals for what only this clone can vouch for. Notes travel between clones, so a test pass
//! recorded in them could have been written anywhere; a pass counts (lets pre-push and finish
//! skip a run) only when it carries a seal made with this clone's own key. The key is random,
//! kept in a local ref that no refspec pushes or fetches, and created once per clone.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use git2::{ObjectType, Oid};

use super::Repo;
use crate::error::Result;

const KEY_REF: &str = "refs/hotfix-local/key";

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

    fn local_key(&self, create: bool) -> Result<Option<Vec<u8>>> {
        if let Some(blob) = self.ref_target(KEY_REF)? {
            return self.read_blob(blob).map(Some);
        }
        if !create {
            return Ok(None);
        }
        let key: String = (0..4)
            .map(|_| format!("{:016x}", RandomState::new().build_hasher().finish()))
            .collect();
        let blob = self.write_blob(key.as_bytes())?;
        self.set_ref(
            KEY_REF,
            blob,
            "git-hotfix: this clone's key for sealing test passes",
        )?;
        Ok(Some(key.into_bytes()))
    }
}

/// HMAC-style keyed hash, H(key ‖ H(key ‖ data)), with git's object hash.
fn mac(key: &[u8], data: &str) -> String {
    let hash = |bytes: &[u8]| Oid::hash_object(ObjectType::Blob, bytes).unwrap_or(Oid::ZERO_SHA1);
    let inner = hash(&[key, data.as_bytes()].concat());
    hash(&[key, inner.as_bytes()].concat()).to_string()
}
