//! The sandbox itself: a temporary directory with its own home and git config, the
//! environment every command gets there, and running git, git-hotfix and other programs in
//! it.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;

use assert_cmd::assert::Assert;
use tempfile::TempDir;

/// A fixed "now" for the tool (`HOTFIX_NOW`) and fixed commit dates for git.
pub const NOW: &str = "2026-03-02T10:00:00Z";
const GIT_DATE: &str = "2026-03-01T09:00:00Z";

/// A directory of the sandbox: the clone the tests work in unless [`Sandbox::in_dir`] or
/// [`Sandbox::clone_named`] chose another. Copies share the temporary directory.
#[derive(Clone)]
pub struct Sandbox {
    pub dir: Rc<TempDir>,
    /// The bare remote, `origin` of the clone.
    pub remote: PathBuf,
    /// The directory commands run in.
    pub work: PathBuf,
    home: PathBuf,
    /// Environment variables set on top of the sandbox's own for every command.
    vars: Vec<(OsString, OsString)>,
}

/// The path of the built binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_git-hotfix"))
}

/// The top of the source tree (where `man/`, `completions/` and `install.sh` are).
pub fn source_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The version of the git the tests drive (the first on PATH, as in every sandbox command),
/// as (major, minor).
pub fn git_version() -> (u32, u32) {
    static VERSION: std::sync::OnceLock<(u32, u32)> = std::sync::OnceLock::new();
    *VERSION.get_or_init(|| {
        let output = Command::new("git").arg("--version").output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let mut numbers = text
            .split_whitespace()
            .nth(2)
            .unwrap_or_else(|| panic!("cannot read the git version from {text:?}"))
            .split('.')
            .map(|n| {
                n.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse::<u32>()
                    .unwrap_or(0)
            });
        (numbers.next().unwrap(), numbers.next().unwrap_or(0))
    })
}

/// Whether that git runs hooks declared in config (2.54 and newer): there `hooks install`
/// writes `hook.git-hotfix-<hook>.command` / `.event` to the repository's config and no hook
/// file; with an older git it writes shim files into the hooks directory.
pub fn config_hooks() -> bool {
    git_version() >= (2, 54)
}

/// Says in the test output that a test did not run (written past libtest's output capture,
/// so it shows in a passing run too).
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// The first of `candidates` that exists.
pub fn first_existing(candidates: &[&str]) -> Option<PathBuf> {
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
}

/// Whether `program` is on PATH; prints that the test is skipped when it is not.
pub fn have(program: &str, test: &str) -> bool {
    let found = which::which(program).is_ok();
    if !found {
        skipped(&format!("{test} ({program} is not installed)"));
    }
    found
}

/// A finished run: the [`Output`] of a command, or the [`Assert`] made of it.
pub trait Ran {
    fn output(&self) -> &Output;
}

impl Ran for Output {
    fn output(&self) -> &Output {
        self
    }
}

impl Ran for Assert {
    fn output(&self) -> &Output {
        self.get_output()
    }
}

/// The stdout of a finished run, as text.
pub fn stdout(run: &impl Ran) -> String {
    String::from_utf8_lossy(&run.output().stdout).into_owned()
}

/// The stderr of a finished run, as text.
pub fn stderr(run: &impl Ran) -> String {
    String::from_utf8_lossy(&run.output().stderr).into_owned()
}

impl Sandbox {
    /// An empty sandbox: a home directory with its git config, and no repositories.
    pub fn empty() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("git-hotfix-test")
            .tempdir()
            .unwrap();
        let home = dir.path().join("home");
        fs::create_dir_all(&home).unwrap();
        fs::write(
            home.join(".gitconfig"),
            "[user]\n\tname = Test User\n\temail = test@example.com\n\
             [init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        )
        .unwrap();
        Sandbox {
            remote: dir.path().join("origin.git"),
            work: dir.path().join("work"),
            dir: Rc::new(dir),
            home,
            vars: Vec::new(),
        }
    }

    /// The same sandbox running its commands in `dir`: a path relative to the sandbox
    /// directory (a linked worktree, a clone made by hand) or an absolute one (the remote).
    pub fn in_dir(&self, dir: impl AsRef<Path>) -> Sandbox {
        Sandbox {
            work: self.dir.path().join(dir),
            ..self.clone()
        }
    }

    /// Another clone of the remote, `name` in the sandbox directory, with the same identity.
    pub fn clone_named(&self, name: &str) -> Sandbox {
        let root = self.in_dir(self.dir.path());
        root.git(["clone", "--quiet", "origin.git", name]);
        self.in_dir(name)
    }

    /// The same sandbox with `key` set to `value` for every command it runs (overriding the
    /// sandbox's own variables, e.g. PATH).
    pub fn with_env(&self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Sandbox {
        let mut sandbox = self.clone();
        sandbox
            .vars
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        sandbox
    }

    /// The same sandbox, with git-hotfix seeing `now` (RFC 3339) as the current time.
    pub fn at(&self, now: &str) -> Sandbox {
        self.with_env("HOTFIX_NOW", now)
    }

    /// The sandbox's home directory (`HOME` of every command run).
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// `program` with the sandbox's environment, run in its directory: own HOME and global
    /// config, no system config, fixed dates, UTC, C locale, and the built binary first on
    /// PATH so `git hotfix` and the hook shims find it.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let bin_dir = binary().parent().unwrap().to_path_buf();
        let path = std::env::join_paths(
            std::iter::once(bin_dir)
                .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
        )
        .unwrap();
        let mut command = Command::new(program);
        command
            .current_dir(&self.work)
            .env_clear()
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.join(".gitconfig"))
            .env("GIT_AUTHOR_DATE", GIT_DATE)
            .env("GIT_COMMITTER_DATE", GIT_DATE)
            .env("GIT_EDITOR", ":")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("HOTFIX_NOW", NOW)
            .env("TZ", "UTC")
            .env("LC_ALL", "C");
        for var in ["CARGO_HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"] {
            if let Some(value) = std::env::var_os(var) {
                command.env(var, value);
            }
        }
        command.envs(self.vars.iter().map(|(key, value)| (key, value)));
        command
    }

    /// Runs `git-hotfix` with `args`.
    pub fn hotfix<I, S>(&self, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Assert::new(self.command(binary()).args(args).output().unwrap())
    }

    /// Runs `git-hotfix` as a user who does not own the sandbox, so file permissions apply
    /// even when the tests run as root (as `nobody`, through `setpriv`). `None`, with the
    /// test reported as skipped, when that cannot be arranged.
    pub fn hotfix_as_other_user<I, S>(&self, args: I) -> Option<Assert>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let root = fs::metadata(self.dir.path()).unwrap().uid() == 0;
        let mut command = if root {
            if which::which("setpriv").is_err() {
                skipped("running as another user (setpriv is not installed)");
                return None;
            }
            // The other user must reach the sandbox and trust a repository it does not own.
            fs::set_permissions(self.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
            let config = self.home.join(".gitconfig");
            let mut text = fs::read_to_string(&config).unwrap();
            if !text.contains("[safe]") {
                text.push_str("[safe]\n\tdirectory = *\n");
                fs::write(&config, text).unwrap();
            }
            let mut command = self.command("setpriv");
            command
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(binary());
            command
        } else {
            self.command(binary())
        };
        command.args(args);
        Some(Assert::new(command.output().unwrap()))
    }

    /// Runs git with `args` and returns its output whatever the outcome.
    pub fn try_git<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command("git").args(args).output().unwrap()
    }

    /// Runs git with `args` and returns its stdout, failing the test if git fails.
    pub fn git<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let output = self.try_git(&args);
        assert!(
            output.status.success(),
            "git {args:?} failed:\n{}{}",
            stdout(&output),
            stderr(&output)
        );
        stdout(&output)
    }

    /// The full id of a revision.
    pub fn rev(&self, spec: &str) -> String {
        self.git(["rev-parse", spec]).trim().to_string()
    }

    /// The branch checked out (`HEAD` when detached).
    pub fn current_branch(&self) -> String {
        self.git(["rev-parse", "--abbrev-ref", "HEAD"])
            .trim()
            .to_string()
    }

    /// Writes a file of the work tree, creating its directories.
    pub fn write(&self, path: &str, content: &str) {
        let path = self.work.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    /// Reads a file of the work tree.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.work.join(path)).unwrap()
    }

    /// Writes `path` with `content`, stages it and runs `git commit --quiet` with `args`
    /// (`-m <message>`, `--no-verify`, `--date <date>`, …), returning the output whatever the
    /// outcome (the hooks decide).
    pub fn try_commit(&self, path: &str, content: &str, args: &[&str]) -> Output {
        self.write(path, content);
        self.git(["add", "--", path]);
        self.try_git(["commit", "--quiet"].iter().chain(args))
    }

    /// Like [`Sandbox::try_commit`], failing the test if the commit fails; returns the new
    /// commit's id.
    pub fn commit(&self, path: &str, content: &str, args: &[&str]) -> String {
        let output = self.try_commit(path, content, args);
        assert!(
            output.status.success(),
            "git commit {args:?} failed:\n{}{}",
            stdout(&output),
            stderr(&output)
        );
        self.rev("HEAD")
    }

    /// A file of the clone's hooks directory (`.git/hooks/<name>`).
    pub fn hook(&self, name: &str) -> PathBuf {
        self.work.join(".git/hooks").join(name)
    }

    /// Writes an executable script (a hook of the user's own, a stub command) at `path`.
    pub fn script(&self, path: &Path, body: &str) {
        use std::os::unix::fs::PermissionsExt;
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A PATH of `first`, the built binary's directory and a directory holding only `git` and
    /// `sh` (and `true`, `false`): no other program (e.g. no `gh`) can be found on it.
    pub fn path_with(&self, first: &[&Path]) -> OsString {
        let only = self.dir.path().join("only-git");
        if !only.exists() {
            fs::create_dir_all(&only).unwrap();
            for program in ["git", "sh", "true", "false"] {
                let found = std::env::split_paths(&std::env::var_os("PATH").unwrap())
                    .map(|dir| dir.join(program))
                    .find(|path| path.is_file())
                    .unwrap();
                std::os::unix::fs::symlink(found, only.join(program)).unwrap();
            }
        }
        let bin_dir = binary().parent().unwrap().to_path_buf();
        std::env::join_paths(first.iter().map(|p| p.to_path_buf()).chain([bin_dir, only])).unwrap()
    }
}
