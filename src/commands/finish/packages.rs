//! A finish in a repository that releases its packages one by one: each package the hotfix
//! releases gets its own version and tag, all from the same merge.

use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo};
use crate::packages::{self, Touched};
use crate::store::PackageRelease;
use crate::{ui, version};

use super::Args;
use super::plan::Release;

/// Each package's release and, for the rest of the finish, the first one's version and tag
/// with its previous release; refuses `--version` for several packages and a tag that exists.
/// A package with no release tag yet is left out, with a warning, beside others that have one.
pub(super) fn releases(
    repo: &Repo,
    args: &Args,
    touched: &Touched,
    tips: &[ObjectId],
) -> Result<(Release, Vec<PackageRelease>)> {
    let released = touched.packages();
    if args.version.is_some() {
        packages::one_version_only(&touched.names(), "finish")?;
    }
    let given = args
        .version
        .as_deref()
        .map(version::parse_user)
        .transpose()?;
    // A package never released (a tool crate, a private package) is not released now either,
    // unless it is all the hotfix touches: then the refusal says how to tag it.
    let (tagged, untagged): (Vec<_>, Vec<_>) = released.into_iter().partition(|package| {
        given.is_some() || packages::previous(repo, package, tips).is_ok_and(|p| p.is_some())
    });
    let released = if tagged.is_empty() {
        untagged
    } else {
        for package in &untagged {
            ui::warn(format!(
                "the package '{}' has no release tag, so this hotfix does not release it",
                ui::sanitize(&package.name)
            ));
        }
        tagged
    };
    let mut releases = Vec::new();
    let mut first: Option<Release> = None;
    for package in released {
        let (release, previous) =
            packages::next(repo, &touched.project, package, tips, given.as_ref())?;
        if !args.pr
            && repo
                .ref_target(&format!("refs/tags/{}", release.tag))?
                .is_some()
        {
            return Err(Error::refused(format!(
                "the tag '{}' of the package '{}' already exists",
                ui::sanitize(&release.tag),
                ui::sanitize(&release.package)
            ))
            .hint(format!(
                "see what it holds with 'git show {}'",
                ui::sanitize(&release.tag)
            )));
        }
        if first.is_none() {
            first = Some(Release {
                version: version::parse_user(&release.version)?,
                tag: release.tag.clone(),
                released: previous.map(|previous| previous.version),
            });
        }
        releases.push(release);
    }
    let first = first.ok_or_else(|| Error::internal("a hotfix with packages releases none"))?;
    Ok((first, releases))
}
