//! Release versions and their tags: which tags are releases (`hotfix.tagFormat`, default
//! `v{version}`), the highest one reachable from a commit, and the next patch version.
//! Versions are semver; pre-releases (`v2.1.0-rc.1`) are not releases. [`lines`] finds the
//! maintenance branches of older versions. And the files where the project states its own
//! version, which a release sets ([`files_to_set`]).

pub mod lines;

use semver::Version;

use crate::config::TAG_FORMAT;
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::project::Project;
use crate::project::versions::{self, Bump};
use crate::store::Metadata;

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

    /// A format such as `{package}-v{version}` for one package of a monorepo: `{package}` is
    /// its name, `{path}` its directory. Both come from manifests, so they go in as text and
    /// are never read as placeholders themselves.
    pub fn for_package(format: &str, name: &str, dir: &str) -> Result<TagStyle> {
        let style = TagStyle::parse(format)?;
        Ok(TagStyle {
            prefix: fill_package(&style.prefix, name, dir),
            suffix: fill_package(&style.suffix, name, dir),
        })
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

/// How the packages of a monorepo are tagged, in the order they are looked for: cargo-release
/// and release-plz (`toml-v1.1.4`), changesets and lerna (`@scope/ui@2.3.1`), Go modules
/// (`api/v1.4.2`).
pub const PACKAGE_FORMATS: &[&str] = &[
    "{package}-v{version}",
    "{package}@{version}",
    "{path}/v{version}",
];

/// True when a tag format names the package (`{package}` or `{path}`).
pub fn names_package(format: &str) -> bool {
    format.contains("{package}") || format.contains("{path}")
}

/// `text` with `{package}` and `{path}` replaced in one pass.
pub fn fill_package(text: &str, name: &str, dir: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let next = [("{package}", name), ("{path}", dir)]
            .into_iter()
            .filter_map(|(key, value)| rest.find(key).map(|at| (at, key, value)))
            .min();
        let Some((at, key, value)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + key.len()..];
    }
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

/// The patch release after the latest one: its version and tag, and the version it follows.
#[derive(Debug, Clone)]
pub struct Next {
    pub version: Version,
    pub tag: String,
    pub after: Version,
}

/// The patch release after the highest release tag reachable from `tips`.
pub fn next_release(repo: &Repo, tips: &[ObjectId]) -> Result<Option<Next>> {
    let styles = tag_styles(repo)?;
    let Some(latest) = latest_release(repo, &styles, tips)? else {
        return Ok(None);
    };
    let version = next_patch(&latest.version).map_err(|err| {
        err.hint(format!(
            "it is the release tag '{}'; if that is not a release, delete it with 'git tag -d {}'",
            latest.tag, latest.tag
        ))
    })?;
    let tag = latest.style.render(&version);
    Ok(Some(Next {
        version,
        tag,
        after: latest.version,
    }))
}

/// The version a release branch names: `2.1.0`, `2.1` (as 2.1.0) or `v2.1.0`.
pub fn parse_branch_version(name: &str) -> Option<Version> {
    let bare = name.strip_prefix(['v', 'V']).unwrap_or(name);
    Version::parse(bare)
        .or_else(|_| Version::parse(&format!("{bare}.0")))
        .ok()
}

/// `2.0.1` → `2.0.2`. Tags arrive from the remote, so the patch number can be the largest
/// there is (`v2.0.18446744073709551615`): that is refused, never wrapped round to `2.0.0`.
pub fn next_patch(version: &Version) -> Result<Version> {
    let patch = version.patch.checked_add(1).ok_or_else(|| {
        Error::refused(format!(
            "the release {version} has the largest patch number there is, so no patch version can follow it"
        ))
        .hint("name the version yourself: --version X.Y.Z for finish and release-notes; for rollback --tag and backport --tag, tag the release by hand")
    })?;
    Ok(Version::new(version.major, version.minor, patch))
}

/// The version the notes record for `meta`, when it is one. The notes are other people's
/// text, and a recorded version is written into manifests, changelog headings and a deploy
/// step's environment: anything else is refused, naming where it came from.
pub fn recorded(meta: &Metadata) -> Result<Option<String>> {
    let Some(version) = &meta.version else {
        return Ok(None);
    };
    if Version::parse(version).is_err() {
        return Err(Error::refused(format!(
            "the notes record the version of {} as '{}', which is not a version",
            meta.hotfix_id,
            crate::ui::clip(&crate::ui::sanitize(version), 40)
        ))
        .hint(format!(
            "see who wrote it with 'git log -p {}', and fix the note before using it",
            crate::store::NOTES_REF
        )));
    }
    Ok(Some(version.clone()))
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

/// [`parse_user`] for clap (`--version`): the version as X.Y.Z, or a usage error saying what
/// is accepted, as for the time arguments.
pub fn parse_arg(text: &str) -> Result<String, String> {
    parse_user(text)
        .map(|version| version.to_string())
        .map_err(|_| {
            format!("'{text}' is not a version: use X.Y.Z, e.g. 2.0.2 (a leading 'v' is accepted)")
        })
}

/// What releasing `version` from `commit` changes in the project's own version files: the
/// packages at the root and those whose files the hotfix changed (`changed`) get it in their
/// manifests, lock files or version modules; `hotfix.versionFiles` names the files instead,
/// and `none` turns it off. Each file stating a version other than `previous` (the release
/// before) or `version` is a warning naming both.
pub fn files_to_set(
    repo: &Repo,
    commit: ObjectId,
    changed: &[String],
    version: &str,
    previous: Option<&Version>,
) -> Result<(Bump, Vec<String>)> {
    let Some(configured) = crate::config::version_files(repo)? else {
        return Ok((Bump::default(), Vec::new()));
    };
    let project = Project::at(repo, commit)?;
    let mut packages: Vec<_> = project
        .packages
        .iter()
        .filter(|package| package.dir.is_empty())
        .collect();
    for package in project.touched(changed.iter().map(String::as_str)) {
        if !packages.contains(&package) {
            packages.push(package);
        }
    }
    let paths = (!configured.is_empty()).then_some(configured.as_slice());
    let bump = versions::bump(repo, commit, &project, &packages, version, paths)?;
    let mut warnings = match previous {
        Some(previous) => bump
            .found
            .iter()
            .filter(|found| {
                let stated = found.version.trim_start_matches('v');
                stated != version && Version::parse(stated).ok().as_ref() != Some(previous)
            })
            .map(|found| {
                format!(
                    "{} states version {}, not {previous} (the previous release); it is set to {version}",
                    crate::ui::sanitize(&found.path),
                    crate::ui::sanitize(&found.version)
                )
            })
            .collect(),
        None => Vec::new(),
    };
    warnings.extend(bump.warnings());
    Ok((bump, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_name_is_text_in_a_package_format() {
        let style = TagStyle::for_package("{package}@{version}", "@shop/{path}", "ui").unwrap();
        let version = Version::new(2, 3, 2);
        assert_eq!(style.render(&version), "@shop/{path}@2.3.2");
        assert_eq!(
            style.version_of("@shop/{path}@2.3.1"),
            Some(Version::new(2, 3, 1))
        );
        let go = TagStyle::for_package("{path}/v{version}", "example.com/api", "api").unwrap();
        assert_eq!(go.render(&version), "api/v2.3.2");
        assert_eq!(go.version_of("v2.3.2"), None);
    }

    #[test]
    fn the_next_patch_of_the_largest_patch_number_is_refused() {
        let next = next_patch(&Version::new(2, 0, 1)).unwrap();
        assert_eq!(next, Version::new(2, 0, 2));
        let err = next_patch(&Version::new(2, 0, u64::MAX)).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::REFUSED);
        assert!(
            err.message.contains("2.0.18446744073709551615"),
            "{}",
            err.message
        );
        assert_eq!(err.hints.len(), 1);
    }
}
