//! Recognising a change that only sets versions: what releasing writes into manifests, lock
//! files and version files (`version = "2.0.2"`, a dependent's raised requirement on a
//! package of the repository). The rules leave such a change out of the diff budget and the
//! HOTFIX comment, and history tells the commit that sets a release's version by it, so it
//! is recognised by what it changes, never by a message anyone can write.

use crate::git::FileChange;

/// True when a change only sets a version: every line it adds and every line it removes is a
/// version assignment (`version = "2.0.2"`, `"version": "2.0.2",`, `__version__ = "2.0.2"`,
/// `VERSION = "2.0.2".freeze`, a bare `2.0.2`), as many of each. That is what setting the
/// release's version writes, and it is recognised by what it changes, not by who wrote it.
pub fn is_version_only(change: &FileChange) -> bool {
    static LINE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let line = LINE.get_or_init(|| {
        let version = r"v?\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.]+)?";
        regex::Regex::new(&format!(
            r#"^\s*(?:"version"\s*:\s*"{version}"\s*,?|(?:[\w.]*(?i:version)|__version__)\s*(?::\s*[\w.]+\s*)?=\s*["']{version}["'](?:\.freeze)?|{version})\s*$"#
        ))
        .expect("valid")
    });
    !change.binary
        && !change.added_lines.is_empty()
        && change.added_lines.len() == change.deleted_lines.len()
        && change
            .added_lines
            .iter()
            .zip(&change.deleted_lines)
            .all(|(added, deleted)| {
                (line.is_match(added) && line.is_match(deleted))
                    || is_path_requirement_raised(deleted, added)
            })
}

/// True when `added` is `deleted`, a Cargo dependency on a path of the repository, with only
/// its version requirement raised (`toml_datetime = { version = "1.1.2", path = "../x" }`):
/// what releasing a package of a workspace writes into its dependents.
fn is_path_requirement_raised(deleted: &str, added: &str) -> bool {
    static REQUIREMENT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let requirement = REQUIREMENT.get_or_init(|| {
        regex::Regex::new(r#"version\s*=\s*"[=^~]?\d+\.\d+\.\d+""#).expect("valid")
    });
    let blanked = |text: &str| requirement.replace_all(text, "version = \"\"").into_owned();
    let is_path_dependency = |text: &str| {
        text.contains('{') && text.contains("path") && requirement.find_iter(text).count() == 1
    };
    deleted != added
        && is_path_dependency(deleted)
        && is_path_dependency(added)
        && blanked(deleted) == blanked(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_set_is_told_from_other_changes() {
        let change = |added: &[&str], deleted: &[&str]| FileChange {
            path: "Cargo.toml".into(),
            old_path: None,
            kind: crate::git::ChangeKind::Modified,
            binary: false,
            insertions: added.len(),
            deletions: deleted.len(),
            whitespace_only: false,
            added_lines: added.iter().map(|l| l.to_string()).collect(),
            deleted_lines: deleted.iter().map(|l| l.to_string()).collect(),
        };
        let raised = change(
            &["toml_datetime = { version = \"1.1.2\", path = \"../toml_datetime\" }"],
            &["toml_datetime = { version = \"1.1.1\", path = \"../toml_datetime\" }"],
        );
        assert!(is_version_only(&raised));
        let registry = change(
            &["serde = { version = \"1.0.200\" }"],
            &["serde = { version = \"1.0.100\" }"],
        );
        assert!(!is_version_only(&registry));
        let moved = change(
            &["toml_datetime = { version = \"1.1.2\", path = \"../elsewhere\" }"],
            &["toml_datetime = { version = \"1.1.1\", path = \"../toml_datetime\" }"],
        );
        assert!(!is_version_only(&moved));
        assert!(is_version_only(&change(
            &["version = \"2.0.2\""],
            &["version = \"2.0.1\""]
        )));
        assert!(is_version_only(&change(
            &["  \"version\": \"2.0.2\","],
            &["  \"version\": \"2.0.1\","]
        )));
        assert!(is_version_only(&change(
            &["__version__ = '2.0.2'"],
            &["__version__ = '2.0.1'"]
        )));
        assert!(is_version_only(&change(
            &["  VERSION = \"2.0.2\".freeze"],
            &["  VERSION = \"2.0.1\".freeze"]
        )));
        assert!(is_version_only(&change(&["2.0.2"], &["2.0.1"])));
        assert!(!is_version_only(&change(
            &["version = \"2.0.2\""],
            &["return true;"]
        )));
        assert!(!is_version_only(&change(
            &["serde = \"1.0\""],
            &["serde = \"0.9\""]
        )));
        assert!(!is_version_only(&change(
            &["version = \"2.0.2\"", "x = 1"],
            &["version = \"2.0.1\""]
        )));
    }
}
