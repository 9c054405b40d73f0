//! The hook managers a repository may already use (husky, lefthook, the pre-commit
//! framework): found from their configuration, and what each needs to keep running beside
//! the hotfix hooks.

use super::MARKER;
use crate::error::Result;
use crate::git::Repo;

/// lefthook's configuration files, in the order it looks for them.
const LEFTHOOK_FILES: [&str; 8] = [
    "lefthook.yml",
    ".lefthook.yml",
    "lefthook.yaml",
    ".lefthook.yaml",
    "lefthook.toml",
    ".lefthook.toml",
    "lefthook.json",
    ".lefthook.json",
];

const PRE_COMMIT_FILE: &str = ".pre-commit-config.yaml";

/// The hotfix hooks a manager's configuration can call.
const CALLED_HOOKS: [&str; 3] = ["commit-msg", "prepare-commit-msg", "pre-push"];

/// A hook manager that owns the repository's hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Husky,
    Lefthook,
    PreCommit,
}

impl Manager {
    pub fn name(self) -> &'static str {
        match self {
            Manager::Husky => "husky",
            Manager::Lefthook => "lefthook",
            Manager::PreCommit => "pre-commit",
        }
    }

    /// The hotfix hooks the manager's own configuration already calls
    /// (`git-hotfix hooks run <hook>`), read from its files in the work tree (never run).
    pub fn calls(self, repo: &Repo) -> Vec<&'static str> {
        let Ok(top) = repo.work_tree() else {
            return Vec::new();
        };
        let read = |path: &str| std::fs::read_to_string(top.join(path)).unwrap_or_default();
        let config = match self {
            Manager::Husky => String::new(),
            Manager::Lefthook => LEFTHOOK_FILES.iter().map(|name| read(name)).collect(),
            Manager::PreCommit => read(PRE_COMMIT_FILE),
        };
        CALLED_HOOKS
            .into_iter()
            .filter(|hook| {
                let call = format!("hooks run {hook}");
                match self {
                    // Where `.husky` itself is the hooks directory, ours sit there too.
                    Manager::Husky => {
                        let hook = read(&format!(".husky/{hook}"));
                        hook.contains(&call) && !hook.contains(MARKER)
                    }
                    _ => config.contains(&call),
                }
            })
            .collect()
    }

    /// How the manager's hooks and these share the hooks directory when both are files (git
    /// before 2.54; with config-based hooks both run whatever the order): what to do so both
    /// keep running, `None` when nothing is needed.
    pub fn beside_files(self, repo: &Repo) -> Result<Option<String>> {
        Ok(match self {
            Manager::PreCommit => Some(
                if repo
                    .config_string("core.hooksPath")?
                    .is_some_and(|v| !v.is_empty())
                {
                    "pre-commit refuses to install its hooks while core.hooksPath is set: call \
                     git-hotfix from .pre-commit-config.yaml instead ('git hotfix hooks status' \
                     shows how), or unset it ('git config --unset-all core.hooksPath') and run \
                     'git hotfix hooks install' again."
                        .to_string()
                } else {
                    "pre-commit: install its hooks with 'pre-commit install -t commit-msg -t \
                     pre-push' (or list them in default_install_hook_types), never with \
                     -f/--overwrite. Installed before these, its hooks are chained; installed \
                     after, it keeps these as <hook>.legacy and runs them (its migration mode), \
                     which --overwrite would delete."
                        .to_string()
                },
            ),
            Manager::Lefthook => Some(
                "lefthook renames a hook it finds to <hook>.old and never runs it: after each \
                 'lefthook install', run 'git hotfix hooks install' again (it then chains \
                 lefthook's hooks), or call git-hotfix from lefthook.yml ('git hotfix hooks \
                 status' shows how)."
                    .to_string(),
            ),
            Manager::Husky => {
                let dir = repo.hooks_dir()?;
                (!dir.components().any(|c| c.as_os_str() == ".husky")).then(|| {
                    "husky sets core.hooksPath, and git then no longer runs the hooks in \
                     .git/hooks: once it has, run 'git hotfix hooks install' again (it moves them \
                     into husky's directory, chaining its hooks)."
                        .to_string()
                })
            }
        })
    }

    /// What to add to the manager's own configuration so it calls the checks.
    pub fn snippet(self) -> &'static str {
        match self {
            Manager::Husky => {
                "# .husky/commit-msg\ngit-hotfix hooks run commit-msg \"$1\"\n\
                 # .husky/prepare-commit-msg\ngit-hotfix hooks run prepare-commit-msg \"$@\"\n\
                 # .husky/pre-push\ngit-hotfix hooks run pre-push \"$@\"\n"
            }
            Manager::Lefthook => {
                "# lefthook.yml\ncommit-msg:\n  commands:\n    git-hotfix:\n      \
                 run: git-hotfix hooks run commit-msg {1}\nprepare-commit-msg:\n  commands:\n    \
                 git-hotfix:\n      run: git-hotfix hooks run prepare-commit-msg {0}\n\
                 pre-push:\n  commands:\n    git-hotfix:\n      \
                 run: git-hotfix hooks run pre-push {0}\n      use_stdin: true\n"
            }
            Manager::PreCommit => {
                "# .pre-commit-config.yaml (install with: pre-commit install -t commit-msg -t pre-push)\n\
                 repos:\n  - repo: local\n    hooks:\n      - id: git-hotfix-commit-msg\n        \
                 name: hotfix header\n        entry: git-hotfix hooks run commit-msg\n        \
                 language: system\n        stages: [commit-msg]\n      - id: git-hotfix-pre-push\n        \
                 name: hotfix rules\n        entry: git-hotfix hooks run pre-push\n        \
                 language: system\n        stages: [pre-push]\n        pass_filenames: false\n        \
                 always_run: true\n"
            }
        }
    }
}

/// The hook managers this repository uses, from their configuration files and from a
/// `core.hooksPath` pointing into `.husky`.
pub fn managers(repo: &Repo) -> Result<Vec<Manager>> {
    let mut found = Vec::new();
    let Ok(top) = repo.work_tree() else {
        return Ok(found);
    };
    let hooks_path = repo.config_string("core.hooksPath")?.unwrap_or_default();
    if hooks_path.contains(".husky") || top.join(".husky").is_dir() {
        found.push(Manager::Husky);
    }
    if LEFTHOOK_FILES.iter().any(|name| top.join(name).is_file()) {
        found.push(Manager::Lefthook);
    }
    if top.join(PRE_COMMIT_FILE).is_file() {
        found.push(Manager::PreCommit);
    }
    Ok(found)
}
