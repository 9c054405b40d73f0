//! The repository builder every integration test uses: a temporary directory holding a bare
//! `origin` and a clone with `main` and `develop` and release tags `v2.0.0` and `v2.0.1`, run
//! hermetically (own HOME and global config, no system config, fixed dates, UTC, C locale)
//! with the built `git-hotfix` first on PATH so `git hotfix` and the hook shims find it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::assert::Assert;
use tempfile::TempDir;

/// A fixed "now" for the tool (`HOTFIX_NOW`) and fixed commit dates for git.
pub const NOW: &str = "2026-03-02T10:00:00Z";
const GIT_DATE: &str = "2026-03-01T09:00:00Z";

pub struct Sandbox {
    pub dir: TempDir,
    /// The bare remote, `origin` of the clone.
    pub remote: PathBuf,
    /// The clone the tests work in.
    pub work: PathBuf,
    home: PathBuf,
}

/// The path of the built binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_git-hotfix"))
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
            dir,
            home,
        }
    }

    /// A bare `origin` and a clone with `main` (two release tags) and `develop`, all pushed.
    pub fn new() -> Sandbox {
        let sandbox = Sandbox::empty();
        let root = sandbox.dir.path().to_path_buf();
        sandbox.git_in(&root, ["init", "--quiet", "--bare", "origin.git"]);
        sandbox.git_in(&root, ["clone", "--quiet", "origin.git", "work"]);
        sandbox.commit_file(
            "app.js",
            "function login() {\n  return true;\n}\n",
            "Initial release",
        );
        sandbox.git(["tag", "-a", "v2.0.0", "-m", "Release 2.0.0"]);
        sandbox.commit_file("README.md", "# App\n", "Add readme");
        sandbox.git(["tag", "-a", "v2.0.1", "-m", "Release 2.0.1"]);
        sandbox.git(["branch", "develop"]);
        sandbox.git(["push", "--quiet", "origin", "main", "develop", "--tags"]);
        sandbox
    }

    /// The environment every git and git-hotfix run gets.
    pub fn env(&self, command: &mut Command) {
        let bin_dir = binary().parent().unwrap().to_path_buf();
        let path = std::env::join_paths(
            std::iter::once(bin_dir)
                .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
        )
        .unwrap();
        command
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
    }

    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        self.env(&mut command);
        command.current_dir(&self.work);
        command
    }

    /// Runs `git-hotfix` in the clone.
    pub fn hotfix<I, S>(&self, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.hotfix_in(&self.work, args)
    }

    pub fn hotfix_in<I, S>(&self, dir: &Path, args: I) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command(binary());
        command.current_dir(dir).args(args);
        Assert::new(command.output().unwrap())
    }

    /// Runs git in `dir`, returning its output whatever the outcome.
    pub fn try_git_in<I, S>(&self, dir: &Path, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command("git");
        command.current_dir(dir).args(args);
        command.output().unwrap()
    }

    /// Runs git in `dir` and returns its stdout, failing the test if git fails.
    pub fn git_in<I, S>(&self, dir: &Path, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args
            .into_iter()
            .map(|a| a.as_ref().to_os_string())
            .collect();
        let output = self.try_git_in(dir, &args);
        assert!(
            output.status.success(),
            "git {:?} failed:\n{}{}",
            args,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn git<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.git_in(&self.work, args)
    }

    pub fn try_git<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.try_git_in(&self.work, args)
    }

    /// The full id of a revision.
    pub fn rev(&self, spec: &str) -> String {
        self.git(["rev-parse", spec]).trim().to_string()
    }

    pub fn write(&self, path: &str, content: &str) {
        let path = self.work.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.work.join(path)).unwrap()
    }

    /// Writes a file, commits it with `message` (hooks run) and returns the new commit id.
    pub fn commit_file(&self, path: &str, content: &str, message: &str) -> String {
        self.write(path, content);
        self.git(["add", "--", path]);
        self.git(["commit", "--quiet", "-m", message]);
        self.rev("HEAD")
    }

    /// Like [`Sandbox::commit_file`] but with `--no-verify`: the commit-msg hook does not run,
    /// as when a commit breaks the rules on purpose.
    pub fn commit_unchecked(&self, path: &str, content: &str, message: &str) -> String {
        self.write(path, content);
        self.git(["add", "--", path]);
        self.git(["commit", "--quiet", "--no-verify", "-m", message]);
        self.rev("HEAD")
    }

    /// A file of the clone's hooks directory (`.git/hooks/<name>`).
    pub fn hook(&self, name: &str) -> PathBuf {
        self.work.join(".git/hooks").join(name)
    }

    /// Writes an executable script (a hook of the user's own, a stub command).
    pub fn script(&self, path: &Path, body: &str) {
        use std::os::unix::fs::PermissionsExt;
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Stages `path` with `content` and runs `git commit` with `args`, whatever the outcome
    /// (the hooks decide).
    pub fn try_commit(&self, path: &str, content: &str, args: &[&str]) -> Output {
        self.write(path, content);
        self.git(["add", "--", path]);
        let mut all = vec!["commit", "--quiet"];
        all.extend_from_slice(args);
        self.try_git(all)
    }

    pub fn current_branch(&self) -> String {
        self.git(["rev-parse", "--abbrev-ref", "HEAD"])
            .trim()
            .to_string()
    }

    /// `git for-each-ref` output, to compare a repository before and after a command.
    pub fn refs(&self) -> String {
        self.git(["for-each-ref", "--format=%(refname) %(objectname)"])
    }

    /// The metadata of a hotfix as `git hotfix show --json` prints it.
    pub fn metadata(&self, id: &str) -> serde_json::Value {
        let output = self
            .hotfix(["show", id, "--json"])
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&output).unwrap()
    }

    /// Starts a hotfix without prompts or fetching and returns its id.
    pub fn start(&self, name: &str, extra: &[&str]) -> String {
        let mut args = vec!["start", name, "--yes", "--no-fetch"];
        args.extend_from_slice(extra);
        let assert = self.hotfix(&args).success();
        let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        out.split_whitespace().nth(1).unwrap().to_string()
    }
}

pub fn stdout(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// The stderr of a finished git run, as text.
pub fn err_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stderr(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}
