//! The requirement a package states on another package of the same repository, raised when
//! that one is released: `toml_datetime = { version = "1.1.1", path = "../toml_datetime" }`
//! becomes `"1.1.2"`, `"@shop/core": "^1.0.4"` becomes `"^1.0.5"`. Only a requirement that
//! names a full version is raised, its operator kept; one that already allows the new version
//! by a range (`"1"`, `"*"`, `workspace:*`) is left alone. Each edit changes the requirement's
//! text only and keeps the rest of the file as it was.

use semver::Version;
use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::Ecosystem;

const CARGO_TABLES: &[&str] = &["dependencies", "dev-dependencies", "build-dependencies"];
const NPM_FIELDS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

/// `text`, a manifest of `ecosystem`, with its requirement on `dependency` raised to
/// `version`; `None` when it pins no full version of it.
pub(super) fn raise(
    ecosystem: Ecosystem,
    text: &str,
    dependency: &str,
    version: &str,
) -> Option<String> {
    match ecosystem {
        Ecosystem::Cargo => raise_cargo(text, dependency, version),
        Ecosystem::Npm => raise_npm(text, dependency, version),
        _ => None,
    }
}

/// The requirement with its version replaced, its operator kept (`^1.0.4` → `^1.0.5`,
/// `workspace:~1.0.4` → `workspace:~1.0.5`); `None` for a range or a partial version.
fn raised(requirement: &str, version: &str) -> Option<String> {
    let (protocol, rest) = match requirement.strip_prefix("workspace:") {
        Some(rest) => ("workspace:", rest),
        None => ("", requirement),
    };
    let operator_len = rest
        .find(|c: char| !matches!(c, '^' | '~' | '=' | ' '))
        .unwrap_or(rest.len());
    let (operator, stated) = rest.split_at(operator_len);
    let stated = Version::parse(stated).ok()?;
    let new = Version::parse(version).ok()?;
    (stated < new).then(|| format!("{protocol}{operator}{new}"))
}

fn raise_cargo(text: &str, dependency: &str, version: &str) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let mut changed = false;
    let root = doc.as_table_mut();
    for name in CARGO_TABLES {
        if let Some(table) = root.get_mut(name).and_then(Item::as_table_like_mut) {
            changed |= raise_in_table(table, dependency, version);
        }
    }
    if let Some(targets) = root.get_mut("target").and_then(Item::as_table_like_mut) {
        for (_, target) in targets.iter_mut() {
            for name in CARGO_TABLES {
                if let Some(table) = target.get_mut(name).and_then(Item::as_table_like_mut) {
                    changed |= raise_in_table(table, dependency, version);
                }
            }
        }
    }
    if let Some(table) = root
        .get_mut("workspace")
        .and_then(|ws| ws.get_mut("dependencies"))
        .and_then(Item::as_table_like_mut)
    {
        changed |= raise_in_table(table, dependency, version);
    }
    changed.then(|| doc.to_string())
}

/// Raises the `version` of the path dependency on `dependency` in one table.
fn raise_in_table(table: &mut dyn TableLike, dependency: &str, version: &str) -> bool {
    let mut changed = false;
    for (key, spec) in table.iter_mut() {
        let Some(spec) = spec.as_table_like_mut() else {
            continue;
        };
        let name = spec
            .get("package")
            .and_then(Item::as_str)
            .unwrap_or(key.get())
            .to_string();
        if name != dependency || spec.get("path").is_none() {
            continue;
        }
        let Some(requirement) = spec.get("version").and_then(Item::as_str) else {
            continue;
        };
        let requirement = requirement.to_string();
        if let Some(new) = raised(&requirement, version)
            && let Some(item) = spec.get_mut("version")
        {
            let decor = item.as_value().map(|v| v.decor().clone());
            let mut value = Value::from(new);
            if let Some(decor) = decor {
                *value.decor_mut() = decor;
            }
            *item = Item::Value(value);
            changed = true;
        }
    }
    changed
}

fn raise_npm(text: &str, dependency: &str, version: &str) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut out = text.to_string();
    let mut changed = false;
    for field in NPM_FIELDS {
        let Some(requirement) = doc
            .get(field)
            .and_then(|deps| deps.get(dependency))
            .and_then(serde_json::Value::as_str)
        else {
            continue;
        };
        let Some(new) = raised(requirement, version) else {
            continue;
        };
        let key = serde_json::to_string(dependency).ok()?;
        let old = serde_json::to_string(requirement).ok()?;
        let pattern = regex::Regex::new(&format!(
            r"{}(\s*:\s*){}",
            regex::escape(&key),
            regex::escape(&old)
        ))
        .ok()?;
        let new = serde_json::to_string(&new).ok()?;
        let replaced = pattern.replace_all(&out, |caps: &regex::Captures| {
            format!("{key}{}{new}", &caps[1])
        });
        if replaced != out {
            out = replaced.into_owned();
            changed = true;
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_version_is_raised_with_its_operator_and_a_range_is_left() {
        assert_eq!(raised("1.1.1", "1.1.2").as_deref(), Some("1.1.2"));
        assert_eq!(raised("=1.1.1", "1.1.2").as_deref(), Some("=1.1.2"));
        assert_eq!(
            raised("workspace:^1.0.4", "1.0.5").as_deref(),
            Some("workspace:^1.0.5")
        );
        assert_eq!(raised("1.1", "1.1.2"), None);
        assert_eq!(raised("workspace:*", "1.1.2"), None);
        assert_eq!(raised("1.1.3", "1.1.2"), None);
    }

    #[test]
    fn a_cargo_path_dependency_is_raised_and_the_file_kept() {
        let text = "[package]\nname = \"toml\"\n\n[dependencies]\n# parsing\ntoml_datetime = { version = \"1.1.1\", path = \"../toml_datetime\" }  # dates\nserde = \"1.0.100\"\n\n[dev-dependencies.toml_datetime]\npath = \"../toml_datetime\"\nversion = \"=1.1.1\"\n";
        let raised = raise(Ecosystem::Cargo, text, "toml_datetime", "1.1.2").unwrap();
        assert_eq!(
            raised,
            text.replace("\"1.1.1\"", "\"1.1.2\"")
                .replace("\"=1.1.1\"", "\"=1.1.2\"")
        );
        assert_eq!(raise(Ecosystem::Cargo, text, "serde", "1.0.200"), None);
    }

    #[test]
    fn an_npm_requirement_is_raised_in_place() {
        let text = "{\n  \"name\": \"@shop/ui\",\n  \"dependencies\": {\n    \"@shop/core\":  \"^1.0.4\",\n    \"left-pad\": \"1.0.4\"\n  }\n}\n";
        let raised = raise(Ecosystem::Npm, text, "@shop/core", "1.0.5").unwrap();
        assert_eq!(raised, text.replace("^1.0.4", "^1.0.5"));
    }
}
