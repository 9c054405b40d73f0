//! `includeIf` in the files that `GIT_CONFIG_GLOBAL` and `GIT_CONFIG_SYSTEM` name. libgit2
//! resolves plain `include.path` when it opens such a file, but it opens it without the
//! repository, so conditional includes never hold there. git's `gitdir:`, `gitdir/i:` and
//! `onbranch:` conditions are evaluated here, as git's `include_condition_is_true` does;
//! `hasconfig:` is not (it would need every remote of every file first) and never holds.
//! An included file's values follow the file that includes it.

use std::path::{Path, PathBuf};

use git2::Config;
use globset::GlobBuilder;

use crate::error::{Error, Result};

/// git stops following includes this deep, taking it for a loop.
const MAX_DEPTH: usize = 10;

/// What the conditions are evaluated against.
pub(super) struct Context<'a> {
    pub git_dir: &'a Path,
    pub branch: Option<String>,
}

/// The file at `path`, then every file it conditionally includes whose condition holds, in
/// the order they are written, each followed by its own includes.
pub(super) fn open_with_includes(path: &Path, context: &Context) -> Result<Vec<Config>> {
    let mut files = Vec::new();
    open_into(path, context, 0, &mut files)?;
    Ok(files)
}

fn open_into(path: &Path, context: &Context, depth: usize, files: &mut Vec<Config>) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::refused(format!(
            "the config file {} includes files more than {MAX_DEPTH} deep",
            path.display()
        ))
        .hint("look for an includeIf that includes itself"));
    }
    let file = Config::open(path).map_err(|err| {
        Error::refused(format!(
            "the config file {} cannot be read: {}",
            path.display(),
            err.message()
        ))
    })?;
    let mut included = Vec::new();
    if let Ok(mut entries) = file.entries(Some(r"^includeif\..*\.path$")) {
        while let Some(Ok(entry)) = entries.next() {
            let (Ok(name), Ok(target)) = (entry.name(), entry.value()) else {
                continue;
            };
            let condition = name
                .strip_prefix("includeif.")
                .and_then(|rest| rest.strip_suffix(".path"));
            let dir = path.parent().unwrap_or(Path::new(""));
            if condition.is_some_and(|condition| holds(condition, dir, context)) {
                included.push(expand(target, dir));
            }
        }
    }
    files.push(file);
    for target in included {
        if target.is_file() {
            open_into(&target, context, depth + 1, files)?;
        }
    }
    Ok(())
}

/// Whether an `includeIf` condition holds; `dir` is the including file's directory.
fn holds(condition: &str, dir: &Path, context: &Context) -> bool {
    let (pattern, case_insensitive, subjects) = if let Some(p) = condition.strip_prefix("gitdir:") {
        (
            gitdir_pattern(p, dir),
            false,
            git_dir_texts(context.git_dir),
        )
    } else if let Some(p) = condition.strip_prefix("gitdir/i:") {
        (gitdir_pattern(p, dir), true, git_dir_texts(context.git_dir))
    } else if let Some(p) = condition.strip_prefix("onbranch:") {
        let Some(branch) = &context.branch else {
            return false;
        };
        (
            with_trailing_glob(p.to_string()),
            false,
            vec![branch.clone()],
        )
    } else {
        return false;
    };
    let Ok(glob) = GlobBuilder::new(&pattern)
        .literal_separator(true)
        .case_insensitive(case_insensitive)
        .build()
    else {
        return false;
    };
    let matcher = glob.compile_matcher();
    subjects.iter().any(|subject| matcher.is_match(subject))
}

/// A `gitdir:` pattern as git completes it: `~/` is the home directory, `./` the including
/// file's directory, a relative pattern may match at any depth, and a trailing `/` matches
/// everything below.
fn gitdir_pattern(pattern: &str, dir: &Path) -> String {
    let pattern = if pattern.starts_with("~/") || pattern.starts_with("./") {
        expand(pattern, dir).to_string_lossy().into_owned()
    } else if pattern.starts_with('/') {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    with_trailing_glob(pattern)
}

fn with_trailing_glob(pattern: String) -> String {
    if pattern.ends_with('/') {
        format!("{pattern}**")
    } else {
        pattern
    }
}

/// The git directory as git matches it, without a trailing slash: as found, then its real
/// path when that differs (a pattern matching either holds).
fn git_dir_texts(git_dir: &Path) -> Vec<String> {
    let text = |path: &Path| path.to_string_lossy().trim_end_matches('/').to_string();
    let mut texts = vec![text(git_dir)];
    if let Ok(real) = git_dir.canonicalize()
        && text(&real) != texts[0]
    {
        texts.push(text(&real));
    }
    texts
}

/// A path from a config file: `~/` is the home directory, a relative one is relative to the
/// including file's directory.
fn expand(path: &str, dir: &Path) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    let path = path.strip_prefix("./").unwrap_or(path);
    dir.join(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitdir_conditions_match_as_git_completes_them() {
        let git_dir = std::env::temp_dir().join("work").join("shop").join(".git");
        let context = Context {
            git_dir: &git_dir,
            branch: Some("hotfix/login".to_string()),
        };
        let base = std::env::temp_dir();
        let under = format!("gitdir:{}/work/", base.display());
        assert!(holds(&under, &base, &context));
        assert!(holds("gitdir:shop/.git", &base, &context));
        assert!(!holds("gitdir:other/", &base, &context));
        assert!(holds("gitdir/i:SHOP/.GIT", &base, &context));
        assert!(holds("onbranch:hotfix/", &base, &context));
        assert!(!holds("onbranch:main", &base, &context));
        assert!(!holds("hasconfig:remote.*.url:*", &base, &context));
    }
}
