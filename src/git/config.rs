//! Settings read the way git reads them. libgit2 loads the system, global, repository and
//! worktree files, but not what git hands a subcommand in the environment: `git -c key=value`
//! arrives as `GIT_CONFIG_PARAMETERS`, `git --config-env` and scripts use `GIT_CONFIG_COUNT`
//! with `GIT_CONFIG_KEY_<n>`/`GIT_CONFIG_VALUE_<n>`, and `GIT_CONFIG_GLOBAL`,
//! `GIT_CONFIG_SYSTEM` and `GIT_CONFIG_NOSYSTEM` replace or drop whole files. This module
//! reads those once, when the repository is opened (no process is spawned: hooks read
//! settings on every commit), and layers them over libgit2's files in git's order.

use std::collections::BTreeMap;
use std::path::PathBuf;

use git2::{Config, ConfigLevel, ErrorCode};

use super::{Repo, include_if};
use crate::error::{Error, Result};

/// Where a value was set, lowest precedence first: a later scope wins, as in git.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    System,
    Global,
    Local,
    Worktree,
    Command,
}

impl Scope {
    /// The name `git config --show-scope` prints.
    pub fn name(self) -> &'static str {
        match self {
            Scope::System => "system",
            Scope::Global => "global",
            Scope::Local => "local",
            Scope::Worktree => "worktree",
            Scope::Command => "command",
        }
    }

    fn of(level: ConfigLevel) -> Scope {
        match level {
            ConfigLevel::ProgramData | ConfigLevel::System => Scope::System,
            ConfigLevel::XDG | ConfigLevel::Global => Scope::Global,
            ConfigLevel::Local => Scope::Local,
            ConfigLevel::Worktree => Scope::Worktree,
            ConfigLevel::App | ConfigLevel::Highest => Scope::Command,
        }
    }
}

/// A file git reads in place of (or not at all instead of) the one libgit2 finds.
#[derive(Debug, Default)]
enum FileChoice {
    /// The file libgit2 finds itself.
    #[default]
    Found,
    /// No file: `GIT_CONFIG_NOSYSTEM`.
    Skipped,
    /// `GIT_CONFIG_SYSTEM` or `GIT_CONFIG_GLOBAL`.
    Named(PathBuf),
}

/// What the environment adds to or changes in the configuration files.
#[derive(Debug, Default)]
pub(super) struct Environment {
    system: FileChoice,
    global: FileChoice,
    /// `(canonical key, value)` pairs of the command scope, in the order git applies them.
    command: Vec<(String, String)>,
}

impl Environment {
    /// Reads the environment of this process as git would.
    pub(super) fn from_process() -> Result<Environment> {
        Self::read(|name| std::env::var(name).ok())
    }

    fn read(var: impl Fn(&str) -> Option<String>) -> Result<Environment> {
        let system = if var("GIT_CONFIG_NOSYSTEM").is_some_and(|v| is_true(&v)) {
            FileChoice::Skipped
        } else {
            named_file(var("GIT_CONFIG_SYSTEM"))
        };
        let global = named_file(var("GIT_CONFIG_GLOBAL"));
        let mut command = Vec::new();
        if let Some(count) = var("GIT_CONFIG_COUNT") {
            let count: usize = count.trim().parse().map_err(|_| {
                Error::refused(format!("GIT_CONFIG_COUNT is not a number: '{count}'"))
                    .hint("set it to the number of GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n> pairs, or unset it")
            })?;
            for n in 0..count {
                let missing = |what: &str| {
                    Error::refused(format!(
                        "GIT_CONFIG_COUNT is {count} but {what}_{n} is not set"
                    ))
                    .hint("set every GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n> below the count")
                };
                let key =
                    var(&format!("GIT_CONFIG_KEY_{n}")).ok_or_else(|| missing("GIT_CONFIG_KEY"))?;
                let value = var(&format!("GIT_CONFIG_VALUE_{n}"))
                    .ok_or_else(|| missing("GIT_CONFIG_VALUE"))?;
                command.push((canonical_key(&key)?, value));
            }
        }
        if let Some(parameters) = var("GIT_CONFIG_PARAMETERS") {
            command.extend(parse_parameters(&parameters)?);
        }
        Ok(Environment {
            system,
            global,
            command,
        })
    }
}

fn named_file(value: Option<String>) -> FileChoice {
    match value {
        Some(path) => FileChoice::Named(PathBuf::from(path)),
        None => FileChoice::Found,
    }
}

/// git's boolean spelling; a key given without a value (`git -c key`) is true.
pub fn is_true(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "on" | "1"
    ) || value.trim().parse::<i64>().is_ok_and(|n| n != 0)
}

/// A key as git compares it: section and name lower case, the subsection as written.
fn canonical_key(key: &str) -> Result<String> {
    let invalid = || {
        Error::refused(format!("'{key}' given on the command line is not a config key"))
            .hint("write it as section.name or section.subsection.name, e.g. 'git -c hotfix.maxLines=500 hotfix ...'")
    };
    let (section, rest) = key.split_once('.').ok_or_else(invalid)?;
    let (subsection, name) = match rest.rsplit_once('.') {
        Some((subsection, name)) => (Some(subsection), name),
        None => (None, rest),
    };
    if section.is_empty() || name.is_empty() {
        return Err(invalid());
    }
    Ok(match subsection {
        Some(subsection) => format!(
            "{}.{subsection}.{}",
            section.to_ascii_lowercase(),
            name.to_ascii_lowercase()
        ),
        None => format!(
            "{}.{}",
            section.to_ascii_lowercase(),
            name.to_ascii_lowercase()
        ),
    })
}

/// `GIT_CONFIG_PARAMETERS`: single-quoted entries separated by spaces, each either
/// `'key=value'` (older git) or `'key'='value'`, `'key'=` or `'key'` (a bare boolean).
fn parse_parameters(text: &str) -> Result<Vec<(String, String)>> {
    let bogus = || {
        Error::refused("GIT_CONFIG_PARAMETERS is not in the format git writes")
            .hint("pass settings with 'git -c key=value hotfix ...' instead of setting it by hand")
    };
    let mut pairs = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (first, after) = dequote(rest).ok_or_else(bogus)?;
        let (key, value, after) = match after.strip_prefix('=') {
            Some(after) if after.starts_with('\'') => {
                let (value, after) = dequote(after).ok_or_else(bogus)?;
                (first, Some(value), after)
            }
            Some(after) if after.is_empty() || after.starts_with(char::is_whitespace) => {
                (first, None, after)
            }
            Some(_) => return Err(bogus()),
            None if after.is_empty() || after.starts_with(char::is_whitespace) => {
                match first.split_once('=') {
                    Some((key, value)) => (key.to_string(), Some(value.to_string()), after),
                    None => (first, None, after),
                }
            }
            None => return Err(bogus()),
        };
        pairs.push((
            canonical_key(&key)?,
            value.unwrap_or_else(|| "true".to_string()),
        ));
        rest = after.trim_start();
    }
    Ok(pairs)
}

/// One single-quoted word as git's `sq_quote` writes it (`'` inside is `'\''`, `!` is
/// `'\!'`), and the text after it.
fn dequote(text: &str) -> Option<(String, &str)> {
    let mut rest = text.strip_prefix('\'')?;
    let mut word = String::new();
    loop {
        let end = rest.find('\'')?;
        word.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.as_bytes() {
            [b'\\', escaped @ (b'\'' | b'!'), b'\'', ..] => {
                word.push(*escaped as char);
                rest = &rest[3..];
            }
            _ => return Some((word, rest)),
        }
    }
}

/// The file each configuration key was last set in (see [`Repo::config_files`]).
#[derive(Debug, Default)]
pub struct ConfigFiles(BTreeMap<String, String>);

impl ConfigFiles {
    /// The file `key` was last set in; `None` for a value from the command line, or unset.
    pub fn file_of(&self, key: &str) -> Option<&str> {
        self.0.get(&canonical_key(key).ok()?).map(String::as_str)
    }
}

impl Repo {
    /// Every value of `key` with its scope, lowest precedence first (so the last one is the
    /// effective value of a single-valued key), from the files git would read and the
    /// command line.
    pub fn config_scoped(&self, key: &str) -> Result<Vec<(String, Scope)>> {
        let mut values = Vec::new();
        let env = &self.config_env;
        let files = self.raw().config()?;
        for_each_value(&files, key, &mut |value, level| {
            let scope = Scope::of(level);
            let replaced = match scope {
                Scope::System => !matches!(env.system, FileChoice::Found),
                Scope::Global => !matches!(env.global, FileChoice::Found),
                _ => false,
            };
            if !replaced {
                values.push((value, scope));
            }
        })?;
        for (choice, scope) in [(&env.system, Scope::System), (&env.global, Scope::Global)] {
            if let FileChoice::Named(path) = choice
                && path.is_file()
            {
                let context = include_if::Context {
                    git_dir: self.git_dir(),
                    branch: self.current_branch()?,
                };
                for file in include_if::open_with_includes(path, &context)? {
                    for_each_value(&file, key, &mut |value, _| values.push((value, scope)))?;
                }
            }
        }
        let wanted = canonical_key(key)?;
        values.extend(
            env.command
                .iter()
                .filter(|(name, _)| *name == wanted)
                .map(|(_, value)| (value.clone(), Scope::Command)),
        );
        // Stable: values of one scope keep the order they were written in.
        values.sort_by_key(|(_, scope)| *scope);
        Ok(values)
    }

    /// The effective value of `key` and its scope.
    pub fn config_entry(&self, key: &str) -> Result<Option<(String, Scope)>> {
        Ok(self.config_scoped(key)?.pop())
    }

    /// The effective value of `key`.
    pub fn config_string(&self, key: &str) -> Result<Option<String>> {
        Ok(self.config_entry(key)?.map(|(value, _)| value))
    }

    /// Every value of a multi-valued key, in the order git reads them.
    pub fn config_values(&self, key: &str) -> Result<Vec<String>> {
        Ok(self
            .config_scoped(key)?
            .into_iter()
            .map(|(value, _)| value)
            .collect())
    }

    /// A boolean config value as git reads it; `None` when unset.
    pub fn config_bool(&self, key: &str) -> Result<Option<bool>> {
        let Some(value) = self.config_string(key)? else {
            return Ok(None);
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "false" | "no" | "off" | "0" | "" => Ok(Some(false)),
            _ if is_true(&value) => Ok(Some(true)),
            _ => Err(Error::refused(format!(
                "the value of config key {key} is not a boolean: '{}'",
                crate::ui::clip(&crate::ui::sanitize(&value), 80)
            ))
            .hint(format!("fix it with 'git config {key} true' or 'false'"))),
        }
    }

    /// The subsections `<sub>` of every `<section>.<sub>.<name>` key set anywhere git reads
    /// config from (`hotfix.staging.deployCommand` gives `staging`), sorted, each once.
    pub fn config_subsections(&self, section: &str, name: &str) -> Result<Vec<String>> {
        let (section, name) = (section.to_ascii_lowercase(), name.to_ascii_lowercase());
        let mut found = std::collections::BTreeSet::new();
        let mut take = |key: &str| {
            let lower = key.to_ascii_lowercase();
            if let Some(middle) = lower
                .strip_prefix(&format!("{section}."))
                .and_then(|rest| rest.strip_suffix(&format!(".{name}")))
                && !middle.is_empty()
            {
                // The subsection as written: same length, case kept.
                found.insert(key[section.len() + 1..section.len() + 1 + middle.len()].to_string());
            }
        };
        let mut files = vec![self.raw().config()?];
        for choice in [&self.config_env.system, &self.config_env.global] {
            if let FileChoice::Named(path) = choice
                && path.is_file()
                && let Ok(file) = Config::open(path)
            {
                files.push(file);
            }
        }
        for file in &files {
            let mut entries = file.entries(None)?;
            while let Some(entry) = entries.next() {
                let entry = entry?;
                if let Ok(key) = entry.name() {
                    take(key);
                }
            }
        }
        for (key, _) in &self.config_env.command {
            take(key);
        }
        Ok(found.into_iter().collect())
    }

    /// The file each key under `sections` was last set in, as `git config --show-origin`
    /// names it (`.git/config`, `/home/me/.gitconfig`, an included file). Only `git hotfix config` asks, so it runs git itself: included
    /// and conditionally included files are then named exactly as git resolves them. Values
    /// from the command line have no file and are left out; so is everything when git
    /// cannot be run.
    pub fn config_files(&self, sections: &[&str]) -> ConfigFiles {
        let pattern = format!("^({})\\.", sections.join("|"));
        let dir = self.work_tree().unwrap_or(self.git_dir());
        let args = ["config", "--show-origin", "-z", "--get-regexp", &pattern];
        let Ok(ran) = super::command::capture(dir, &args) else {
            return ConfigFiles::default();
        };
        let mut files = BTreeMap::new();
        let mut fields = ran.stdout.split('\0');
        while let (Some(origin), Some(entry)) = (fields.next(), fields.next()) {
            let key = entry.split('\n').next().unwrap_or(entry);
            if let (Some(file), Ok(key)) = (origin.strip_prefix("file:"), canonical_key(key)) {
                files.insert(key, file.to_string());
            }
        }
        ConfigFiles(files)
    }

    /// The identity git writes into commits and tags it makes: `GIT_COMMITTER_NAME` and
    /// `GIT_COMMITTER_EMAIL`, else `user.name` and `user.email` from every config source.
    pub(super) fn signature(&self) -> Result<git2::Signature<'static>> {
        let part = |env: &str, key: &str| -> Result<Option<String>> {
            match std::env::var(env) {
                Ok(value) => Ok(Some(value)),
                Err(_) => self.config_string(key),
            }
        };
        let name = part("GIT_COMMITTER_NAME", "user.name")?;
        let email = part("GIT_COMMITTER_EMAIL", "user.email")?;
        match (name, email) {
            (Some(name), Some(email)) => Ok(git2::Signature::now(&name, &email)?),
            _ => Err(Error::refused("your git identity is not set").hint(
                "set it with 'git config --global user.name \"Your Name\"' and 'git config --global user.email you@example.com'",
            )),
        }
    }

    /// The identity of the tool's own bookkeeping commits (notes, operation state): the
    /// user's, else git-hotfix's, so a clone without an identity can still record.
    pub(super) fn bookkeeping_signature(&self) -> Result<git2::Signature<'static>> {
        match self.signature() {
            Ok(signature) => Ok(signature),
            Err(_) => Ok(git2::Signature::now("git-hotfix", "git-hotfix@localhost")?),
        }
    }
}

/// Calls `each` with every value of `key` in `config` and the level it came from. A key
/// without a value (`[hotfix] emoji`) is a boolean true, as in git.
fn for_each_value(
    config: &Config,
    key: &str,
    each: &mut dyn FnMut(String, ConfigLevel),
) -> Result<()> {
    let mut entries = match config.multivar(key, None) {
        Ok(entries) => entries,
        Err(err) if err.code() == ErrorCode::NotFound => return Ok(()),
        Err(err) => {
            return Err(Error::refused(format!(
                "the value of config key {key} cannot be read: {}",
                err.message()
            ))
            .hint(format!("fix it with 'git config {key} <value>'")));
        }
    };
    while let Some(entry) = entries.next() {
        let entry = entry?;
        let value = if entry.has_value() {
            String::from_utf8_lossy(entry.value_bytes()).into_owned()
        } else {
            "true".to_string()
        };
        each(value, entry.level());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Environment {
        Environment::read(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        })
        .unwrap()
    }

    #[test]
    fn parameters_in_both_of_gits_formats() {
        let env = env(&[(
            "GIT_CONFIG_PARAMETERS",
            r#"'hotfix.maxLines=5' 'Hotfix.TestCommand'='echo '\''a b'\''' 'hotfix.emoji' 'Branch.My.Remote'= 'x.y'='a=b'"#,
        )]);
        assert_eq!(
            env.command,
            [
                ("hotfix.maxlines".to_string(), "5".to_string()),
                ("hotfix.testcommand".to_string(), "echo 'a b'".to_string()),
                ("hotfix.emoji".to_string(), "true".to_string()),
                ("branch.My.remote".to_string(), "true".to_string()),
                ("x.y".to_string(), "a=b".to_string()),
            ]
        );
    }

    #[test]
    fn count_pairs_come_before_parameters() {
        let env = env(&[
            ("GIT_CONFIG_COUNT", "1"),
            ("GIT_CONFIG_KEY_0", "hotfix.maxLines"),
            ("GIT_CONFIG_VALUE_0", "7"),
            ("GIT_CONFIG_PARAMETERS", "'hotfix.maxlines'='9'"),
        ]);
        let values: Vec<&str> = env.command.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["7", "9"]);
    }

    #[test]
    fn bogus_environment_is_refused_with_a_hint() {
        for vars in [
            [("GIT_CONFIG_PARAMETERS", "'unterminated")],
            [("GIT_CONFIG_PARAMETERS", "'key.a'x")],
            [("GIT_CONFIG_PARAMETERS", "'nodot=1'")],
            [("GIT_CONFIG_COUNT", "2")],
        ] {
            let err = Environment::read(|name| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            })
            .unwrap_err();
            assert!(!err.hints.is_empty(), "{vars:?}: {}", err.message);
        }
    }

    #[test]
    fn nosystem_and_named_files() {
        let env = env(&[
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_CONFIG_GLOBAL", "/tmp/global"),
        ]);
        assert!(matches!(env.system, FileChoice::Skipped));
        assert!(
            matches!(env.global, FileChoice::Named(ref p) if p == &PathBuf::from("/tmp/global"))
        );
    }
}
