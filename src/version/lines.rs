//! Maintenance lines: the branches where older versions get their fixes, by whatever name the
//! project gives them (`release/2.0`, `support/2.0`, `maint/v2`, `2.x`, `2.0.x`,
//! `release-2.0`, `v2`, `stable/2.0`, or `hotfix.maintenanceBranch` patterns). A line is for
//! one major version, or one minor when its name has `{minor}`. Branch names arrive from the
//! remote: they only ever match a pattern, they are never run or followed elsewhere.

use semver::Version;

use crate::config::MAINTENANCE_BRANCH;
use crate::error::Result;
use crate::git::{ObjectId, Repo};

/// The names maintenance branches commonly have.
pub const PATTERNS: &[&str] = &[
    "release/{major}.{minor}",
    "support/{major}.{minor}",
    "maint/v{major}",
    "stable/{major}.{minor}",
    "release-{major}.{minor}",
    "{major}.{minor}.x",
    "{major}.x",
    "v{major}",
];

/// One maintenance branch and the versions it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub branch: String,
    /// Its tip: the local branch's, else the remote's.
    pub tip: ObjectId,
    pub major: u64,
    pub minor: Option<u64>,
}

impl Line {
    /// True when `version` is one of the line's (2.3.1 on `maint/v2`, or on `release/2.3`).
    pub fn covers(&self, version: &Version) -> bool {
        self.major == version.major && self.minor.is_none_or(|minor| minor == version.minor)
    }

    /// The versions it carries, `2.x` or `2.3.x`.
    pub fn versions(&self) -> String {
        match self.minor {
            Some(minor) => format!("{}.{minor}.x", self.major),
            None => format!("{}.x", self.major),
        }
    }
}

/// `name` read with `pattern`: its major and minor numbers when it matches.
fn read(pattern: &str, name: &str) -> Option<(u64, Option<u64>)> {
    let (mut major, mut minor) = (None, None);
    let (mut pattern, mut name) = (pattern, name);
    while !pattern.is_empty() {
        let slot = if pattern.starts_with("{major}") {
            Some((&mut major, "{major}"))
        } else if pattern.starts_with("{minor}") {
            Some((&mut minor, "{minor}"))
        } else {
            None
        };
        match slot {
            Some((value, placeholder)) => {
                let digits = name.bytes().take_while(u8::is_ascii_digit).count();
                if digits == 0 || (digits > 1 && name.starts_with('0')) {
                    return None;
                }
                *value = Some(name[..digits].parse().ok()?);
                (pattern, name) = (&pattern[placeholder.len()..], &name[digits..]);
            }
            None => {
                let c = pattern.chars().next()?;
                name = name.strip_prefix(c)?;
                pattern = &pattern[c.len_utf8()..];
            }
        }
    }
    (name.is_empty()).then_some((major?, minor))
}

/// The maintenance lines among the branches, local or only on `remote`, named as the
/// `hotfix.maintenanceBranch` patterns say; in branch order, each branch once.
pub fn detect(repo: &Repo, remote: &str) -> Result<Vec<Line>> {
    let patterns = MAINTENANCE_BRANCH.list(repo, PATTERNS)?;
    let mut lines = Vec::new();
    for branch in repo.branches_with_remote(remote)? {
        let Some((major, minor)) = patterns.iter().find_map(|p| read(p, &branch)) else {
            continue;
        };
        let tip = match repo.branch_tip(&branch)? {
            Some(tip) => Some(tip),
            None => repo.ref_commit(&format!("refs/remotes/{remote}/{branch}"))?,
        };
        if let Some(tip) = tip {
            lines.push(Line {
                branch,
                tip,
                major,
                minor,
            });
        }
    }
    Ok(lines)
}

/// The releases of older versions that the lines sharing history with `base` are at: the
/// nearest release tag of each line's tip when the line carries that version and it is older
/// than `base`'s (`2.5.3` on `maint/v2` for a hotfix on `3.0.4`). A hotfix on `base` may
/// well affect them too; `start` lists them as affected, and `backport --all-affected` goes
/// back to their lines.
pub fn older_releases(repo: &Repo, remote: &str, base: ObjectId) -> Result<Vec<String>> {
    let newest = repo
        .nearest_tag(base)?
        .and_then(|tag| super::parse_user(&tag).ok());
    let mut out = Vec::new();
    for line in detect(repo, remote)? {
        if repo.merge_base(line.tip, base)?.is_none() {
            continue;
        }
        let Some(tag) = repo.nearest_tag(line.tip)? else {
            continue;
        };
        let Ok(version) = super::parse_user(&tag) else {
            continue;
        };
        if line.covers(&version)
            && newest.as_ref().is_none_or(|newest| &version < newest)
            && !out.contains(&tag)
        {
            out.push(tag);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(pattern: &str, name: &str) -> Option<(u64, Option<u64>)> {
        read(pattern, name)
    }

    #[test]
    fn every_common_name_is_read() {
        assert_eq!(
            line("release/{major}.{minor}", "release/2.0"),
            Some((2, Some(0)))
        );
        assert_eq!(line("maint/v{major}", "maint/v2"), Some((2, None)));
        assert_eq!(line("{major}.x", "2.x"), Some((2, None)));
        assert_eq!(line("{major}.{minor}.x", "2.10.x"), Some((2, Some(10))));
        assert_eq!(
            line("release-{major}.{minor}", "release-2.0"),
            Some((2, Some(0)))
        );
        assert_eq!(line("v{major}", "v12"), Some((12, None)));
        assert_eq!(
            line("stable/{major}.{minor}", "stable/3.1"),
            Some((3, Some(1)))
        );
    }

    #[test]
    fn other_names_are_not_lines() {
        assert_eq!(line("{major}.x", "2.0.x"), None);
        assert_eq!(line("{major}.x", "x"), None);
        assert_eq!(line("v{major}", "v2.0.1"), None);
        assert_eq!(line("v{major}", "vendor"), None);
        assert_eq!(line("maint/v{major}", "maint/v02"), None);
        assert_eq!(line("release/{major}.{minor}", "release/2.0-rc"), None);
        assert_eq!(line("{minor}.x", "2.x"), None);
    }

    #[test]
    fn a_line_covers_its_major_or_its_minor() {
        let tip = ObjectId::from_str("1234567890123456789012345678901234567890").unwrap();
        let maint = Line {
            branch: "maint/v2".into(),
            tip,
            major: 2,
            minor: None,
        };
        let release = Line {
            branch: "release/2.3".into(),
            tip,
            major: 2,
            minor: Some(3),
        };
        let v = |text: &str| Version::parse(text).unwrap();
        assert!(maint.covers(&v("2.9.1")));
        assert!(!maint.covers(&v("3.0.0")));
        assert!(release.covers(&v("2.3.4")));
        assert!(!release.covers(&v("2.4.0")));
        assert_eq!(maint.versions(), "2.x");
        assert_eq!(release.versions(), "2.3.x");
    }
}
