//! Settings: every one is a `git config` key under `hotfix.`, declared once here with its
//! default and, where git-flow has the same setting, the git-flow key that is honoured so a
//! git-flow user switches without reconfiguring. Flags override settings.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};
use crate::git::{Repo, Scope};

/// One configuration key.
pub struct Setting {
    pub key: &'static str,
    /// The git-flow key read when `key` is not set.
    pub gitflow: Option<&'static str>,
    pub default: &'static str,
    pub doc: &'static str,
}

/// Where an effective value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Default,
    Gitflow,
    Local,
    Global,
    System,
    CommandLine,
}

pub const REMOTE: Setting = Setting {
    key: "hotfix.remote",
    gitflow: Some("gitflow.origin"),
    default: "origin",
    doc: "Remote that production is fetched from and pushed to.",
};

pub const PRODUCTION_BRANCH: Setting = Setting {
    key: "hotfix.productionBranch",
    gitflow: Some("gitflow.branch.master"),
    default: "main",
    doc: "Branch that runs in production (default: main, else master).",
};

pub const DEVELOP_BRANCH: Setting = Setting {
    key: "hotfix.developBranch",
    gitflow: Some("gitflow.branch.develop"),
    default: "develop",
    doc: "Integration branch that finished hotfixes are merged back into. One that exists only on the remote is created from it, tracking it, as git switch would; a configured one that exists nowhere is a warning.",
};

pub const BRANCH_PREFIX: Setting = Setting {
    key: "hotfix.prefix",
    gitflow: Some("gitflow.prefix.hotfix"),
    default: "hotfix/",
    doc: "Prefix of hotfix branch names.",
};

pub const ID_PREFIX: Setting = Setting {
    key: "hotfix.idPrefix",
    gitflow: None,
    default: "HOTFIX",
    doc: "Prefix of hotfix ids (HOTFIX-001).",
};

pub const RELEASE_PREFIX: Setting = Setting {
    key: "hotfix.releasePrefix",
    gitflow: Some("gitflow.prefix.release"),
    default: "release/",
    doc: "Prefix of release branches; an open one (local, or only on the remote) gets the hotfix instead of develop.",
};

pub const TAG_FORMAT: Setting = Setting {
    key: "hotfix.tagFormat",
    gitflow: None,
    default: "v{version}",
    doc: "How release tags are written (gitflow.prefix.versiontag gives {prefix}{version}). In a repository of several packages, {package} and {path} name the package and its directory (detected from the tags when unset); a format without them releases the repository as one.",
};

pub const PACKAGES: Setting = Setting {
    key: "hotfix.packages",
    gitflow: None,
    default: "",
    doc: "A package no manifest describes, as name=path (a directory relative to the root); repeat the key for several. Added to those the manifests list.",
};

pub const EMOJI: Setting = Setting {
    key: "hotfix.emoji",
    gitflow: None,
    default: "true",
    doc: "Start pull request titles with the siren emoji.",
};

pub const REVIEWERS: Setting = Setting {
    key: "hotfix.reviewers",
    gitflow: None,
    default: "",
    doc: "Reviewers of hotfix pull requests, comma separated (default: CODEOWNERS).",
};

pub const CREATE_LABELS: Setting = Setting {
    key: "hotfix.createLabels",
    gitflow: None,
    default: "true",
    doc: "Create the pull request's labels (hotfix, priority:*) when the repository lacks them; false opens it without them.",
};

pub const MAX_FILES: Setting = Setting {
    key: "hotfix.maxFiles",
    gitflow: None,
    default: "10",
    doc: "Most files a hotfix may change (test files, docs and changelog excluded).",
};

pub const MAX_LINES: Setting = Setting {
    key: "hotfix.maxLines",
    gitflow: None,
    default: "300",
    doc: "Most changed lines (insertions + deletions) a hotfix may have.",
};

pub const BUDGET_EXCLUDE: Setting = Setting {
    key: "hotfix.budgetExclude",
    gitflow: None,
    default: "(test files, docs and changelogs)",
    doc: "Globs of paths that do not count against the diff budget; repeat the key for several. Replaces the built-in list.",
};

pub const CODE_HEADER: Setting = Setting {
    key: "hotfix.codeHeader",
    gitflow: None,
    default: "require",
    doc: "HOTFIX code comments in changed source files: require, warn or off.",
};

pub const TEST_COMMAND: Setting = Setting {
    key: "hotfix.testCommand",
    gitflow: None,
    default: "(detected from the project)",
    doc: "Test command run before a push and by finish; `none` opts out. Read from git config only, never from notes.",
};

pub const AFFECTED_TEST_COMMAND: Setting = Setting {
    key: "hotfix.affectedTestCommand",
    gitflow: None,
    default: "(chosen from the project's tooling)",
    doc: "Command `test --affected` runs instead of choosing by ecosystem; `{files}` becomes the changed paths, shell-quoted; `none` is the same as not set. Read from git config only, never from notes.",
};

pub const TEST_IGNORE: Setting = Setting {
    key: "hotfix.testIgnore",
    gitflow: None,
    default: "(Markdown, reStructuredText and text docs, changelogs and their fragments, LICENSE and AUTHORS, outside test directories; and where hotfix.changelog writes)",
    doc: "Globs of paths no test can depend on: a tree that differs from one with a recorded pass only there reuses that pass, and `test --affected` leaves them out. Repeat the key for several; replaces the built-in list; `none` turns it off.",
};

pub const SECURITY_COMMAND: Setting = Setting {
    key: "hotfix.securityCommand",
    gitflow: None,
    default: "(none)",
    doc: "Optional security suite; finish requires it to pass when set.",
};

pub const PERFORMANCE_COMMAND: Setting = Setting {
    key: "hotfix.performanceCommand",
    gitflow: None,
    default: "(none)",
    doc: "Optional performance suite; finish requires it to pass when set.",
};

pub const AUTO_SYNC: Setting = Setting {
    key: "hotfix.autoSync",
    gitflow: None,
    default: "true",
    doc: "Sync the hotfix notes with the remote after start, finish, cancel and rollback.",
};

pub const REQUIRE_CHECKLIST: Setting = Setting {
    key: "hotfix.requireChecklist",
    gitflow: None,
    default: "false",
    doc: "When true, finish refuses while checklist items are unticked (otherwise it warns).",
};

pub const ROLLBACK_COMMAND: Setting = Setting {
    key: "hotfix.rollbackCommand",
    gitflow: None,
    default: "(none)",
    doc: "Deployment rollback command shown in the rollback plan, e.g. `kubectl rollout undo deployment/api`. Read from git config only, never from notes.",
};

pub const ROLLBACK_TRIGGERS: Setting = Setting {
    key: "hotfix.rollbackTrigger",
    gitflow: None,
    default: "(error rate above 5%, critical functionality broken, performance degradation above 20%)",
    doc: "A condition that triggers a rollback, listed in the rollback plan; repeat the key for several. Replaces the built-in list.",
};

pub const ALERT_THRESHOLDS: Setting = Setting {
    key: "hotfix.alertThreshold",
    gitflow: None,
    default: "(error rate above 1%, response time above 2x baseline, rising memory, more than 5 user complaints)",
    doc: "An alert threshold of the post-deployment monitoring section; repeat the key for several. Replaces the built-in list.",
};

pub const CONFIG_PATHS: Setting = Setting {
    key: "hotfix.configPaths",
    gitflow: None,
    default: "(common configuration files and .env*)",
    doc: "Globs of configuration files whose changes the release notes list as configuration changes; repeat the key for several. Replaces the built-in list.",
};

pub const DOWNTIME: Setting = Setting {
    key: "hotfix.downtime",
    gitflow: None,
    default: "None expected",
    doc: "Expected downtime stated in the release notes (release-notes --downtime overrides it).",
};

pub const CHANGELOG: Setting = Setting {
    key: "hotfix.changelog",
    gitflow: None,
    default: "(detected from the project)",
    doc: "Where release-notes --changelog writes: a changelog file or fragment directory (ending in `/` when it does not exist yet) relative to the repository's top, or `none`. Replaces the detection.",
};

pub const VERSION_FILES: Setting = Setting {
    key: "hotfix.versionFiles",
    gitflow: None,
    default: "(detected from the project)",
    doc: "Files whose version finish (and release-notes --changelog) sets to the release's, relative to the repository's top; repeat the key for several, or `none` to set none. Replaces the detection.",
};

pub const NOTIFY_COMMAND: Setting = Setting {
    key: "hotfix.notifyCommand",
    gitflow: None,
    default: "(none)",
    doc: "Command run after every recorded event with the event and the hotfix as JSON on stdin; a failure only warns. Read from git config only, never from notes.",
};

pub const PREFILL_HEADER: Setting = Setting {
    key: "hotfix.prefillHeader",
    gitflow: None,
    default: "false",
    doc: "Also install the prepare-commit-msg hook, which starts the message with HOTFIX-NNN: on hotfix branches (one more shell start per commit).",
};

pub const MAINTENANCE_BRANCH: Setting = Setting {
    key: "hotfix.maintenanceBranch",
    gitflow: None,
    default: "release/{major}.{minor}, support/{major}.{minor}, maint/v{major}, stable/{major}.{minor}, release-{major}.{minor}, {major}.{minor}.x, {major}.x and v{major}",
    doc: "How maintenance branches of older versions are named, with {major} and {minor}: the lines start takes affected versions from and `backport --all-affected` targets; repeat the key for several. Replaces the built-in list. In a monorepo, patterns with {package} or {path} name each package's own lines (default {package}-v{major}.{minor}, {package}-v{major}, {path}/release/{major}.{minor}).",
};

pub const BACKUP_COMMAND: Setting = Setting {
    key: "hotfix.backupCommand",
    gitflow: None,
    default: "(none)",
    doc: "Command `deploy` runs first, to back up the database, configuration and current artifacts; `hotfix.<env>.backupCommand` overrides it for one environment. Read from git config only, never from notes.",
};

pub const DEPLOY_COMMAND: Setting = Setting {
    key: "hotfix.deployCommand",
    gitflow: None,
    default: "(none)",
    doc: "Command `deploy` runs to deploy the release, with HOTFIX_ID, HOTFIX_VERSION, HOTFIX_TAG, HOTFIX_PREVIOUS_VERSION, HOTFIX_ENV and HOTFIX_COMMIT in its environment; `hotfix.<env>.deployCommand` overrides it for one environment. Read from git config only, never from notes.",
};

pub const SMOKE_COMMAND: Setting = Setting {
    key: "hotfix.smokeCommand",
    gitflow: None,
    default: "(none)",
    doc: "Smoke tests `deploy` runs after the deploy command; `hotfix.<env>.smokeCommand` overrides it for one environment. Read from git config only, never from notes.",
};

pub const MONITOR_COMMAND: Setting = Setting {
    key: "hotfix.monitorCommand",
    gitflow: None,
    default: "(none)",
    doc: "Health probe `monitor` runs every interval: exit 0 healthy, non-zero unhealthy, its last line of output the sample's summary; `hotfix.<env>.monitorCommand` overrides it for one environment. Read from git config only, never from notes.",
};

pub const MONITOR_WINDOW: Setting = Setting {
    key: "hotfix.monitorWindow",
    gitflow: None,
    default: "30m",
    doc: "How long `monitor` watches after a deploy (`90s`, `30m`, `1h`).",
};

pub const MONITOR_INTERVAL: Setting = Setting {
    key: "hotfix.monitorInterval",
    gitflow: None,
    default: "60s",
    doc: "How often `monitor` runs the monitor command.",
};

pub const MONITOR_FAILURES: Setting = Setting {
    key: "hotfix.monitorFailures",
    gitflow: None,
    default: "3",
    doc: "Consecutive unhealthy samples that trigger a rollback during `monitor`.",
};

pub const REQUIRE_STAGING: Setting = Setting {
    key: "hotfix.requireStaging",
    gitflow: None,
    default: "false",
    doc: "When true, `deploy --env production` refuses until the hotfix was deployed to staging.",
};

/// `hotfix.versionFiles`: `None` when it is `none` (no version is set), else the files it
/// names, empty when the files are to be detected.
pub fn version_files(repo: &Repo) -> Result<Option<Vec<String>>> {
    let configured = repo.config_values(VERSION_FILES.key)?;
    if configured
        .iter()
        .any(|v| v.trim().eq_ignore_ascii_case("none"))
    {
        return Ok(None);
    }
    Ok(Some(configured))
}

/// Every setting, in the order the documentation lists them.
pub const ALL: &[&Setting] = &[
    &REMOTE,
    &PRODUCTION_BRANCH,
    &DEVELOP_BRANCH,
    &BRANCH_PREFIX,
    &ID_PREFIX,
    &RELEASE_PREFIX,
    &TAG_FORMAT,
    &PACKAGES,
    &EMOJI,
    &REVIEWERS,
    &CREATE_LABELS,
    &MAX_FILES,
    &MAX_LINES,
    &BUDGET_EXCLUDE,
    &CODE_HEADER,
    &TEST_COMMAND,
    &AFFECTED_TEST_COMMAND,
    &TEST_IGNORE,
    &SECURITY_COMMAND,
    &PERFORMANCE_COMMAND,
    &AUTO_SYNC,
    &REQUIRE_CHECKLIST,
    &ROLLBACK_COMMAND,
    &ROLLBACK_TRIGGERS,
    &ALERT_THRESHOLDS,
    &CONFIG_PATHS,
    &DOWNTIME,
    &CHANGELOG,
    &VERSION_FILES,
    &NOTIFY_COMMAND,
    &PREFILL_HEADER,
    &MAINTENANCE_BRANCH,
    &BACKUP_COMMAND,
    &DEPLOY_COMMAND,
    &SMOKE_COMMAND,
    &MONITOR_COMMAND,
    &MONITOR_WINDOW,
    &MONITOR_INTERVAL,
    &MONITOR_FAILURES,
    &REQUIRE_STAGING,
];

/// The settings an environment overrides with `hotfix.<env>.<name>` (`hotfix.staging.deployCommand`).
pub const PER_ENVIRONMENT: &[&Setting] = &[
    &BACKUP_COMMAND,
    &DEPLOY_COMMAND,
    &SMOKE_COMMAND,
    &MONITOR_COMMAND,
];

impl Setting {
    /// The effective value and where it came from.
    pub fn resolve(&self, repo: &Repo) -> Result<(String, Source)> {
        if let Some((value, scope)) = repo.config_entry(self.key)? {
            return Ok((value, scope_source(scope)));
        }
        if let Some(key) = self.gitflow
            && let Some(value) = repo.config_string(key)?
        {
            return Ok((value, Source::Gitflow));
        }
        Ok((self.default.to_string(), Source::Default))
    }

    pub fn get(&self, repo: &Repo) -> Result<String> {
        Ok(self.resolve(repo)?.0)
    }

    /// The key that overrides this one for environment `env`: `hotfix.<env>.<name>`.
    pub fn env_key(&self, env: &str) -> String {
        let name = self.key.strip_prefix("hotfix.").unwrap_or(self.key);
        format!("hotfix.{env}.{name}")
    }

    /// The value for environment `env` and the key it was read from: `hotfix.<env>.<name>`
    /// wins over `hotfix.<name>`; `None` when neither is set (or set empty).
    pub fn for_env(&self, repo: &Repo, env: &str) -> Result<Option<(String, String)>> {
        for key in [self.env_key(env), self.key.to_string()] {
            if let Some(value) = repo.config_string(&key)?
                && !value.trim().is_empty()
            {
                return Ok(Some((value, key)));
            }
        }
        Ok(None)
    }

    /// The value as a duration (`90s`, `30m`, `1h`, `0.2s`), refusing a value that is not one.
    pub fn duration(&self, repo: &Repo) -> Result<std::time::Duration> {
        let value = self.get(repo)?;
        crate::clock::parse_duration(&value)
            .ok_or_else(|| self.invalid(&value, "must be a duration such as 90s, 30m or 1h"))
    }

    /// The value as a number, refusing a value that is not one.
    pub fn number(&self, repo: &Repo) -> Result<usize> {
        self.parse_number(&self.get(repo)?)
    }

    /// The value as a git boolean (`true`/`yes`/`on`/`1` or `false`/`no`/`off`/`0`).
    pub fn flag(&self, repo: &Repo) -> Result<bool> {
        self.parse_flag(&self.get(repo)?)
    }

    /// Reads `value` (as git config holds it for this key) as a number.
    pub fn parse_number(&self, value: &str) -> Result<usize> {
        value
            .trim()
            .parse()
            .map_err(|_| self.invalid(value, "must be a number"))
    }

    /// Reads `value` (as git config holds it for this key) as a git boolean.
    pub fn parse_flag(&self, value: &str) -> Result<bool> {
        match value.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Ok(true),
            "false" | "no" | "off" | "0" | "" => Ok(false),
            _ => Err(self.invalid(value, "must be true or false")),
        }
    }

    /// The refusal for a value of the wrong kind: the value is shown escaped and cut short,
    /// so a hostile or huge value cannot garble the terminal or flood it.
    fn invalid(&self, value: &str, rule: &str) -> Error {
        Error::refused(format!(
            "{} {rule}, not '{}'",
            self.key,
            crate::ui::clip(&crate::ui::sanitize(value), 80)
        ))
        .hint(format!(
            "fix it with 'git config {} {}'",
            self.key, self.default
        ))
    }

    /// The values of a repeatable key; the built-in list when the key is not set.
    pub fn list(&self, repo: &Repo, builtin: &[&str]) -> Result<Vec<String>> {
        let values = repo.config_values(self.key)?;
        if values.is_empty() {
            Ok(builtin.iter().map(|v| v.to_string()).collect())
        } else {
            Ok(values)
        }
    }

    /// The value if the user set it; `None` when only the documented default applies.
    pub fn configured(&self, repo: &Repo) -> Result<Option<String>> {
        let (value, source) = self.resolve(repo)?;
        Ok((source != Source::Default).then_some(value))
    }

    /// True when the user or git-flow set the key, false when the default applies.
    pub fn is_set(&self, repo: &Repo) -> Result<bool> {
        Ok(self.resolve(repo)?.1 != Source::Default)
    }
}

/// The globs of a path-list setting (`hotfix.budgetExclude`, `hotfix.configPaths`, ...) as one
/// set; a glob that does not parse is refused, naming `key`.
pub fn glob_set(patterns: &[String], key: &str) -> Result<GlobSet> {
    build_globs(patterns, key, false)
}

/// As [`glob_set`], with `*` and `?` never matching `/` (only `**` crosses directories).
pub fn path_glob_set(patterns: &[String], key: &str) -> Result<GlobSet> {
    build_globs(patterns, key, true)
}

fn build_globs(patterns: &[String], key: &str, literal_separator: bool) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = GlobBuilder::new(pattern)
            .literal_separator(literal_separator)
            .build()
            .map_err(|err| {
                Error::refused(format!("{key} has an invalid glob '{pattern}': {err}")).hint(
                    format!("fix it with 'git config --unset-all {key}' and set it again"),
                )
            })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|err| Error::refused(format!("{key} cannot be used: {err}")))
}

/// The source a value of `scope` is reported as.
pub fn scope_source(scope: Scope) -> Source {
    match scope {
        Scope::Local | Scope::Worktree => Source::Local,
        Scope::Global => Source::Global,
        Scope::System => Source::System,
        Scope::Command => Source::CommandLine,
    }
}

/// The production branch: the configured one, else `main`, else `master` when only it exists.
pub fn production_branch(repo: &Repo, remote: &str) -> Result<String> {
    if PRODUCTION_BRANCH.is_set(repo)? {
        return PRODUCTION_BRANCH.get(repo);
    }
    let exists = |name: &str| -> Result<bool> {
        Ok(repo.branch_tip(name)?.is_some()
            || repo
                .ref_commit(&format!("refs/remotes/{remote}/{name}"))?
                .is_some())
    };
    if !exists("main")? && exists("master")? {
        return Ok("master".to_string());
    }
    Ok("main".to_string())
}

/// The color setting git-hotfix follows: `color.hotfix`, else `color.ui` (as `color.diff`
/// wins over `color.ui` in git); `None` when neither is set or readable.
pub fn color(repo: &Repo) -> Option<String> {
    ["color.hotfix", "color.ui"]
        .iter()
        .find_map(|key| repo.config_string(key).ok().flatten())
}
