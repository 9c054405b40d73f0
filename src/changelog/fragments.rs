//! Changelogs built from fragments, one file per change, that a tool assembles at release:
//! towncrier (`[tool.towncrier]` in `pyproject.toml` or `towncrier.toml`: a fragment
//! `<id>.<type><ext>` in its directory, its type the one for security fixes or bug fixes),
//! changesets (`.changeset/<id>.md` naming each package the hotfix touched with `patch`), and a
//! plain directory (`changelog.d/`, `changes/`) written like the fragments already in it.
//! The configuration is the repository's: a directory it names must stay inside the package
//! and a type name is only used when it is a plain word.

use std::path::Path;

use super::{Kind, Release, Target, inside, is_dir, read};
use crate::error::{Error, Result};

/// towncrier's fragment types when its configuration declares none.
const TOWNCRIER_TYPES: &[&str] = &["feature", "bugfix", "doc", "removal", "misc"];

/// The fragment tool the package in `root` is configured for, if any.
pub fn tool(root: &Path) -> Result<Option<Target>> {
    for file in ["towncrier.toml", "pyproject.toml"] {
        // A configuration that cannot be read (a symbolic link, not UTF-8) configures nothing.
        if let Ok(Some(text)) = read(root, file)
            && let Ok(doc) = text.parse::<toml_edit::DocumentMut>()
            && let Some(config) = doc
                .get("tool")
                .and_then(|tool| tool.get("towncrier"))
                .and_then(|t| t.as_table_like())
        {
            return towncrier(root, file, config).map(Some);
        }
    }
    if is_dir(root, ".changeset") {
        return Ok(Some(Target::Changesets {
            dir: ".changeset".to_string(),
        }));
    }
    Ok(None)
}

/// towncrier's directory, fragment types and the extension its fragments take.
fn towncrier(root: &Path, file: &str, config: &dyn toml_edit::TableLike) -> Result<Target> {
    let text = |key: &str| config.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let dir = text("directory")
        .or_else(|| {
            let package = text("package")?;
            let package = package.replace('.', "/");
            Some(match text("package_dir") {
                Some(dir) => format!("{dir}/{package}/newsfragments"),
                None => format!("{package}/newsfragments"),
            })
        })
        .unwrap_or_else(|| "newsfragments".to_string());
    let dir = inside(&dir).ok_or_else(|| {
        Error::refused(format!(
            "towncrier's directory '{}' in {file} is not a directory inside the repository",
            crate::ui::sanitize(&dir)
        ))
        .hint("name the fragment directory with 'git config hotfix.changelog <dir>/'")
    })?;
    let mut types: Vec<String> = Vec::new();
    if let Some(list) = config.get("type").and_then(|t| t.as_array_of_tables()) {
        types.extend(
            list.iter()
                .filter_map(|t| t.get("directory").and_then(|d| d.as_str()))
                .map(str::to_string),
        );
    }
    if let Some(table) = config.get("fragment").and_then(|f| f.as_table_like()) {
        types.extend(table.iter().map(|(name, _)| name.to_string()));
    }
    types.retain(|t| is_word(t));
    if types.is_empty() {
        types = TOWNCRIER_TYPES.iter().map(|t| t.to_string()).collect();
    }
    let markdown = text("filename").is_some_and(|f| f.to_ascii_lowercase().ends_with(".md"));
    let default = if markdown { ".md" } else { ".rst" };
    let ext = existing_ext(root, &dir).unwrap_or_else(|| default.to_string());
    Ok(Target::Towncrier { dir, types, ext })
}

/// A plain fragment directory: fragments take the extension most of its files have.
pub fn plain(root: &Path, dir: &str) -> Target {
    Target::Fragments {
        dir: dir.to_string(),
        ext: existing_ext(root, dir).unwrap_or_else(|| ".md".to_string()),
    }
}

/// `.md` or `.rst` when most fragments already in `dir` end so.
fn existing_ext(root: &Path, dir: &str) -> Option<String> {
    let entries = std::fs::read_dir(root.join(dir)).ok()?;
    let (mut md, mut rst) = (0, 0);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        md += usize::from(name.ends_with(".md") && name != "readme.md");
        rst += usize::from(name.ends_with(".rst"));
    }
    match (md, rst) {
        (0, 0) => None,
        (md, rst) if rst > md => Some(".rst".to_string()),
        _ => Some(".md".to_string()),
    }
}

/// A fragment type name or package-free file name part: letters, digits, `-` and `_`.
fn is_word(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The fragment `release` adds (its path relative to `root`, and its text); `None` when the
/// target keeps no fragments.
pub fn fragment(target: &Target, release: &Release) -> Result<Option<(String, String)>> {
    if !is_word(release.hotfix_id) {
        return Err(Error::refused(format!(
            "the hotfix id '{}' cannot name a changelog fragment",
            crate::ui::sanitize(release.hotfix_id)
        ))
        .hint("write the entry into a file with 'git config hotfix.changelog CHANGELOG.md'"));
    }
    let lines = release.lines().collect::<Vec<_>>();
    Ok(Some(match target {
        Target::Towncrier { dir, types, ext } => {
            let kind = fragment_type(types, release.kind);
            (
                format!("{dir}/{}.{kind}{ext}", release.hotfix_id),
                lines.join("\n") + "\n",
            )
        }
        Target::Changesets { dir } => {
            let packages = release.packages;
            if packages.is_empty() {
                return Err(Error::refused(format!(
                    "{} changes no file of a package with a name in its package.json, and a changeset names the packages it releases",
                    release.hotfix_id
                ))
                .hint("write the entry elsewhere with 'git config hotfix.changelog CHANGELOG.md'"));
            }
            let mut text = String::from("---\n");
            for package in packages {
                // A JSON string is a valid YAML double-quoted scalar: names cannot break out.
                let quoted = serde_json::to_string(package).unwrap_or_default();
                text.push_str(&format!("{quoted}: patch\n"));
            }
            text.push_str("---\n\n");
            text.push_str(&(lines.join("\n") + "\n"));
            (
                format!("{dir}/{}.md", release.hotfix_id.to_ascii_lowercase()),
                text,
            )
        }
        Target::Fragments { dir, ext } => {
            let bullet = if ext == ".rst" { "* " } else { "- " };
            (
                format!("{dir}/{}{ext}", release.hotfix_id.to_ascii_lowercase()),
                release.items(bullet),
            )
        }
        _ => return Ok(None),
    }))
}

/// The towncrier type for the release: `security` for a security fix when the project has
/// it, else the bug-fix type (`bugfix`, `fixed`, `fix`, …), else `change`, else `misc` or
/// the first one.
fn fragment_type(types: &[String], kind: Kind) -> &str {
    let find =
        |wanted: &dyn Fn(&str) -> bool| types.iter().find(|t| wanted(&t.to_ascii_lowercase()));
    let security = (kind == Kind::Security)
        .then(|| find(&|t| t.starts_with("secur")))
        .flatten();
    security
        .or_else(|| find(&|t| t == "bugfix"))
        .or_else(|| find(&|t| t.contains("fix")))
        .or_else(|| find(&|t| t.starts_with("change")))
        .or_else(|| find(&|t| t == "misc"))
        .or(types.first())
        .map_or("bugfix", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fragment_type_is_the_projects_own() {
        let types = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let defaults = types(TOWNCRIER_TYPES);
        assert_eq!(fragment_type(&defaults, Kind::Fixed), "bugfix");
        assert_eq!(fragment_type(&defaults, Kind::Security), "bugfix");
        let own = types(&["added", "fixed", "security"]);
        assert_eq!(fragment_type(&own, Kind::Fixed), "fixed");
        assert_eq!(fragment_type(&own, Kind::Security), "security");
        assert!(!is_word("../hooks"));
        assert!(is_word("bugfix"));
    }
}
