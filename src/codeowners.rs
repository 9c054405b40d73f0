//! CODEOWNERS: who owns the files a hotfix changes, to request their review on its pull
//! request. Read as GitHub and GitLab read it: gitignore-style patterns (a leading or inner
//! `/` anchors at the root, a trailing `/` matches a directory's contents, `*` stays within a
//! directory, `**` crosses them, `dir/*` covers only the files directly in `dir`), the last
//! matching line wins, and a pattern without owners
//! leaves its files unowned. GitLab section headers are skipped; broken lines are ignored
//! rather than failing the command.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::Result;
use crate::git::{ObjectId, Repo};

/// Where the file may live, in the order the forges look.
pub const LOCATIONS: &[&str] = &[
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

struct Rule {
    matcher: GlobSet,
    owners: Vec<String>,
}

pub struct CodeOwners {
    rules: Vec<Rule>,
}

impl CodeOwners {
    /// Reads the first CODEOWNERS file found in `commit`'s tree.
    pub fn at(repo: &Repo, commit: ObjectId) -> Result<Option<CodeOwners>> {
        for path in LOCATIONS {
            if let Some(content) = repo.file_at(commit, path)? {
                return Ok(Some(CodeOwners::parse(&String::from_utf8_lossy(&content))));
            }
        }
        Ok(None)
    }

    pub fn parse(text: &str) -> CodeOwners {
        let rules = text.lines().filter_map(parse_line).collect();
        CodeOwners { rules }
    }

    /// The owners of `path` (relative to the root, `/`-separated): the last matching rule's.
    pub fn owners_of(&self, path: &str) -> &[String] {
        self.rules
            .iter()
            .rev()
            .find(|rule| rule.matcher.is_match(path))
            .map_or(&[], |rule| &rule.owners)
    }

    /// The owners of any of `paths`, each once, in the order first met.
    pub fn owners_of_all<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut owners: Vec<String> = Vec::new();
        for path in paths {
            for owner in self.owners_of(path) {
                if !owners.contains(owner) {
                    owners.push(owner.clone());
                }
            }
        }
        owners
    }
}

fn parse_line(line: &str) -> Option<Rule> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with('[') || line.starts_with("^[") {
        return None;
    }
    // The pattern ends at the first whitespace not escaped with a backslash.
    let mut end = line.len();
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c.is_whitespace() => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let (pattern, rest) = line.split_at(end);
    let owners = rest
        .split_whitespace()
        .take_while(|word| !word.starts_with('#'))
        .map(str::to_string)
        .collect();
    Some(Rule {
        matcher: compile(pattern)?,
        owners,
    })
}

/// Turns one gitignore-style pattern into globs matching the paths it covers.
fn compile(pattern: &str) -> Option<GlobSet> {
    if pattern.starts_with('!') {
        return None; // negation is not part of CODEOWNERS
    }
    let dir_only = pattern.ends_with('/');
    let trimmed = pattern.trim_end_matches('/');
    let anchored = trimmed.contains('/');
    let trimmed = trimmed.trim_start_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let base = if anchored {
        trimmed.to_string()
    } else {
        format!("**/{trimmed}")
    };
    // A match is a file or a directory with everything under it, except `dir/*`, which
    // GitHub documents as the files directly in `dir`.
    let mut globs = Vec::new();
    if !trimmed.ends_with("/*") {
        globs.push(format!("{base}/**"));
    }
    if !dir_only {
        globs.push(base);
    }
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let glob = GlobBuilder::new(&glob)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .ok()?;
        set.add(glob);
    }
    set.build().ok()
}

#[cfg(test)]
mod tests {
    use super::CodeOwners;

    fn owners(file: &str, path: &str) -> Vec<String> {
        CodeOwners::parse(file).owners_of(path).to_vec()
    }

    #[test]
    fn last_matching_pattern_wins() {
        let file = "* @everyone\n*.js @js-team\n/src/auth/ @security\n";
        assert_eq!(owners(file, "README.md"), ["@everyone"]);
        assert_eq!(owners(file, "lib/app.js"), ["@js-team"]);
        assert_eq!(owners(file, "src/auth/jwt.js"), ["@security"]);
        assert_eq!(owners(file, "other/src/auth/jwt.js"), ["@js-team"]);
    }

    #[test]
    fn patterns_follow_gitignore_rules() {
        let file = "docs/* @docs\napps/ @apps\n**/logs @logs\n/build/ @build\nsrc/*.rs @rust\n";
        assert_eq!(owners(file, "docs/guide.md"), ["@docs"]);
        assert!(owners(file, "docs/deep/guide.md").is_empty());
        assert_eq!(owners(file, "x/apps/main.go"), ["@apps"]);
        assert_eq!(owners(file, "a/b/logs/today.log"), ["@logs"]);
        assert_eq!(owners(file, "logs"), ["@logs"]);
        assert_eq!(owners(file, "build/out/bin"), ["@build"]);
        assert!(owners(file, "x/build/out").is_empty());
        assert_eq!(owners(file, "src/main.rs"), ["@rust"]);
        assert!(owners(file, "src/git/mod.rs").is_empty());
    }

    #[test]
    fn comments_sections_escapes_and_unowned_lines() {
        let file = "# owners\n[Backend]\n*.py @py @org/team # inline\n/vendor/*.py\n\
                    my\\ file.txt @spaces\n!bad @x\n";
        assert_eq!(owners(file, "a.py"), ["@py", "@org/team"]);
        assert!(owners(file, "vendor/lib.py").is_empty());
        assert_eq!(owners(file, "my file.txt"), ["@spaces"]);
    }
}
