//! Hotfix ids: the form an id takes and the next free one, above every id in use or
//! formerly used.

use std::collections::HashSet;

use super::{Loaded, Metadata, NOTES_REF_SHORT, shown};
use crate::error::{Error, Result};

/// The highest number an id may have (`HOTFIX-999999`).
pub const MAX_ID_NUMBER: u32 = 999_999;
/// The longest id prefix (`HOTFIX`), in bytes.
pub const MAX_ID_PREFIX: usize = 32;

/// The number of an id of the form `<PREFIX>-<digits>` (`HOTFIX-012` → 12), whatever the
/// prefix; `None` for anything else. The prefix is letters, digits, `_` and `-` (not first), at
/// most [`MAX_ID_PREFIX`] bytes; the number is written as [`format_id`] writes it (three digits
/// at least, no other leading zero) and goes from 1 to [`MAX_ID_NUMBER`].
pub fn id_number(id: &str) -> Option<u32> {
    let (prefix, digits) = id.rsplit_once('-')?;
    if !is_id_prefix(prefix) || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    ((1..=MAX_ID_NUMBER).contains(&number) && format_id("", number)[1..] == *digits)
        .then_some(number)
}

/// Whether `prefix` can start an id (see [`id_number`]).
pub fn is_id_prefix(prefix: &str) -> bool {
    prefix.len() <= MAX_ID_PREFIX
        && prefix
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The id numbered `number` (`HOTFIX`, 12 → `HOTFIX-012`).
pub fn format_id(prefix: &str, number: u32) -> String {
    format!("{prefix}-{number:03}")
}

impl Loaded {
    /// The next free id: the smallest number above every id in use or formerly used, checked
    /// against all of them; refused past [`MAX_ID_NUMBER`].
    pub fn next_id(&self, prefix: &str) -> Result<String> {
        if !is_id_prefix(prefix) {
            return Err(Error::refused(format!(
                "hotfix.idPrefix '{}' cannot begin an id",
                shown(prefix)
            ))
            .hint(format!(
                "use letters, digits, '_' and '-' (at most {MAX_ID_PREFIX}), e.g. 'git config hotfix.idPrefix HOTFIX'"
            )));
        }
        let used = self.used_numbers();
        let highest = used.iter().copied().max().unwrap_or(0);
        match next_free(&used, highest) {
            Some(number) => Ok(format_id(prefix, number)),
            None => {
                let holder = self
                    .hotfixes
                    .iter()
                    .find(|h| policy_ids(&h.meta).any(|id| id_number(id) == Some(highest)));
                let (id, anchor) = holder.map_or_else(
                    || (format_id(prefix, highest), "<anchor>".to_string()),
                    |h| (h.meta.hotfix_id.clone(), h.anchor.to_string()),
                );
                Err(Error::refused(format!(
                    "no hotfix id is left: {id} is in use, and {MAX_ID_NUMBER} is the highest number an id may have"
                ))
                .hint(format!(
                    "if {id} is not a real hotfix, remove its note with 'git notes --ref={NOTES_REF_SHORT} remove {anchor}' and run 'git hotfix sync'"
                )))
            }
        }
    }

    /// Every number an id in use or formerly used has, whatever its prefix.
    fn used_numbers(&self) -> HashSet<u32> {
        self.hotfixes
            .iter()
            .flat_map(|h| policy_ids(&h.meta))
            .filter_map(id_number)
            .collect()
    }
}

/// The current id and the former ones of a hotfix.
fn policy_ids(meta: &Metadata) -> impl Iterator<Item = &str> {
    std::iter::once(meta.hotfix_id.as_str()).chain(meta.former_ids.iter().map(String::as_str))
}

/// The smallest number above `highest` that `used` does not hold, within [`MAX_ID_NUMBER`].
pub fn next_free(used: &HashSet<u32>, highest: u32) -> Option<u32> {
    (highest.saturating_add(1)..=MAX_ID_NUMBER).find(|n| !used.contains(n))
}
