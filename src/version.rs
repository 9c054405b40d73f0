//! Release versions and their tags: which tags are releases (`hotfix.tagFormat`, default
//! `v{version}`), the highest one reachable from a commit, and the next patch version.
//! Versions are semver; pre-releases (`v2.1.0-rc.1`) are not releases.

use semver::Version;

use crate::config::TAG_FORMAT;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};

/// How a version is written as a tag: what comes before and after `{version}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagStyle {
    prefix: String,
    suffix: String,
}

impl TagStyle {
    /// Parses a format such as `v{version}` or `release-{version}`.
    pub fn parse(format: &str) -> Result<TagStyle> {
        match format.split_once("{version}") {
            Some((prefix, suffix)) if !suffix.contains("{version}") => Ok(TagStyle {
                prefix: prefix.to_string(),
                suffix: suffix.to_string(),
            }),
            _ => Err(Error::refused(format!(
                "the tag format '{format}' must contain {{version}} exactly once"
            ))
            .hint("fix it with 'git config hotfix.tagFormat v{version}'")),
        }
    }

    pub fn render(&self, version: &Version) -> String {
        format!("{}{version}{}", self.prefix, self.suffix)
    }

    /// The release version a tag of this style names; `None` for other tags and pre-releases.
    pub fn version_of(&self, tag: &str) -> Option<Version> {
        let text = tag.strip_prefix(&self.prefix)?.strip_suffix(&self.suffix)?;
        Version::parse(text).ok().filter(|v| v.pre.is_empty())
    }
}

/// The tag styles a release may be written in: the configured `hotfix.tagFormat`, else
/// git-flow's `gitflow.prefix.versiontag` followed by the version; when neither is set, both
/// `v{version}` and a bare `{version}`, so new tags keep the style of the existing ones.
pub fn tag_styles(repo: &Repo) -> Result<Vec<TagStyle>> {
    if TAG_FORMAT.is_set(repo)? {
        return Ok(vec![TagStyle::parse(&TAG_FORMAT.get(repo)?)?]);
    }
    if let Some(prefix) = repo.config_string("gitflow.prefix.versiontag")? {
        return Ok(vec![TagStyle::parse(&format!("{prefix}{{version}}"))?]);
    }
    Ok(vec![
        TagStyle::parse(TAG_FORMAT.default)?,
        TagStyle::parse("{version}")?,
    ])
}

/// A release tag found in the repository.
#[derive(Debug, Clone)]
pub struct Release {
    pub tag: String,
    pub version: Version,
    /// The style it is written in (one of those searched).
    pub style: TagStyle,
}

/// The highest release tag, in any of `styles`, reachable from any of `tips`.
pub fn latest_release(
    repo: &Repo,
    styles: &[TagStyle],
    tips: &[ObjectId],
) -> Result<Option<Release>> {
    let mut candidates: Vec<(Release, ObjectId)> = Vec::new();
    for (tag, commit) in repo.tags()? {
        if let Some((style, version)) = styles
            .iter()
            .find_map(|style| style.version_of(&tag).map(|v| (style, v)))
        {
            let style = style.clone();
            candidates.push((
                Release {
                    tag,
                    version,
                    style,
                },
                commit,
            ));
        }
    }
    candidates.sort_by(|(a, _), (b, _)| b.version.cmp(&a.version).then(a.tag.cmp(&b.tag)));
    for (release, commit) in candidates {
        for &tip in tips {
            if repo.is_ancestor(commit, tip)? {
                return Ok(Some(release));
            }
        }
    }
    Ok(None)
}

/// The patch release after the highest release tag reachable from `tips`, and its tag.
pub fn next_release(repo: &Repo, tips: &[ObjectId]) -> Result<Option<(Version, String)>> {
    let styles = tag_styles(repo)?;
    Ok(latest_release(repo, &styles, tips)?.map(|latest| {
        let version = next_patch(&latest.version);
        let tag = latest.style.render(&version);
        (version, tag)
    }))
}

/// The version a release branch names: `2.1.0`, `2.1` (as 2.1.0) or `v2.1.0`.
pub fn parse_branch_version(name: &str) -> Option<Version> {
    let bare = name.strip_prefix(['v', 'V']).unwrap_or(name);
    Version::parse(bare)
        .or_else(|_| Version::parse(&format!("{bare}.0")))
        .ok()
}

/// `2.0.1` → `2.0.2`.
pub fn next_patch(version: &Version) -> Version {
    Version::new(version.major, version.minor, version.patch + 1)
}

/// Parses a version given by the user; a leading `v` is accepted.
pub fn parse_user(text: &str) -> Result<Version> {
    let trimmed = text.trim();
    let bare = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
    Version::parse(bare).map_err(|err| {
        Error::refused(format!(
            "'{text}' is not a version of the form X.Y.Z ({err})"
        ))
        .hint("pass it as --version 2.0.2")
    })
}
