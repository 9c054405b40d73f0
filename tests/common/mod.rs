//! The repository builder every integration test uses: a temporary directory holding a bare
//! `origin` and a clone with `main` and `develop` and release tags `v2.0.0` and `v2.0.1`, run
//! hermetically (own HOME and global config, no system config, fixed dates, UTC, C locale)
//! with the built `git-hotfix` first on PATH so `git hotfix` and the hook shims find it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;

use assert_cmd::assert::Assert;
use tempfile::TempDir;

/// A fixed "now" for the tool (`HOTFIX_NOW`) and fixed commit dates for git.
pub const NOW: &str = "2026-03-02T10:00:00Z";
const GIT_DATE: &str = "2026-03-01T09:00:00Z";

/// A clone in the sandbox. [`Sandbox::clone_named`] gives another clone of the same remote,
/// [`Sandbox::at`] the same clone at another time; they share the temporary directory.
#[derive(Clone)]
pub struct Sandbox {
    pub dir: Rc<TempDir>,
    /// The bare remote, `origin` of the clone.
    pub remote: PathBuf,
    /// The clone the tests work in.
    pub work: PathBuf,
    home: PathBuf,
    /// `HOTFIX_NOW` for the tool.
    now: String,
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
            dir: Rc::new(dir),
            home,
            now: NOW.to_string(),
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

    /// Another clone of the remote, `name` in the sandbox directory, with the same identity.
    pub fn clone_named(&self, name: &str) -> Sandbox {
        self.git_in(self.dir.path(), ["clone", "--quiet", "origin.git", name]);
        Sandbox {
            work: self.dir.path().join(name),
            ..self.clone()
        }
    }

    /// The same clone, with git-hotfix seeing `now` (RFC 3339) as the current time.
    pub fn at(&self, now: &str) -> Sandbox {
        Sandbox {
            now: now.to_string(),
            ..self.clone()
        }
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
            .env("HOTFIX_NOW", &self.now)
            .env("TZ", "UTC")
            .env("LC_ALL", "C");
        for var in ["CARGO_HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"] {
            if let Some(value) = std::env::var_os(var) {
                command.env(var, value);
            }
        }
    }

    /// The sandbox's home directory (`HOME` of every command run).
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// Runs `program` with `args` in the clone and returns its output whatever the outcome.
    pub fn run<I, S>(&self, program: impl AsRef<OsStr>, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command(program).args(args).output().unwrap()
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

    /// Every hotfix as `git hotfix list --all --json` prints them.
    pub fn all_metadata(&self) -> serde_json::Value {
        let output = self
            .hotfix(["list", "--all", "--json"])
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&output).unwrap()
    }

    /// The object the note of hotfix `id` annotates, found with plain git.
    pub fn anchor(&self, id: &str) -> String {
        let listed = self.git(["notes", "--ref=hotfix", "list"]);
        listed
            .lines()
            .filter_map(|line| line.split_whitespace().nth(1))
            .find(|anchor| {
                let text = self.git(["notes", "--ref=hotfix", "show", anchor]);
                serde_json::from_str::<serde_json::Value>(&text)
                    .is_ok_and(|doc| doc["hotfix_id"] == id)
            })
            .unwrap_or_else(|| panic!("no note holds {id}"))
            .to_string()
    }

    /// Replaces the note on `anchor` with `doc`, as a user editing it with plain git would.
    pub fn write_note(&self, anchor: &str, doc: &serde_json::Value) {
        let text = serde_json::to_string_pretty(doc).unwrap();
        self.git(["notes", "--ref=hotfix", "add", "-f", "-m", &text, anchor]);
    }

    /// The commit `refs/notes/hotfix` points at on the remote, if it exists there.
    pub fn remote_notes(&self) -> Option<String> {
        let out = self.git(["ls-remote", "origin", "refs/notes/hotfix"]);
        out.split_whitespace().next().map(str::to_string)
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

/// The top of the source tree (where `man/`, `completions/` and `install.sh` are).
pub fn source_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

/// The fix `fixed_hotfix` commits: `app.js` with its HOTFIX code comment.
pub fn fixed_app(id: &str) -> String {
    format!("// HOTFIX: {id} - Deny by default\nfunction login() {{\n  return false;\n}}\n")
}

impl Sandbox {
    /// Starts hotfix `name` (P0), sets the test command to `true` so suites pass, and commits
    /// a fix to `app.js` that follows every rule. Returns the id.
    pub fn fixed_hotfix(&self, name: &str, extra: &[&str]) -> String {
        let mut args = extra.to_vec();
        if !extra.contains(&"--severity") {
            args.extend(["--severity", "P0"]);
        }
        let id = self.start(name, &args);
        self.git(["config", "hotfix.testCommand", "true"]);
        self.commit_file("app.js", &fixed_app(&id), &format!("{id}: Deny by default"));
        id
    }

    /// Runs `git-hotfix` in the clone with extra environment variables (overriding the
    /// sandbox's, e.g. PATH).
    pub fn hotfix_env<I, S>(&self, args: I, vars: &[(&str, &OsStr)]) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command(binary());
        command.args(args);
        for (key, value) in vars {
            command.env(key, value);
        }
        Assert::new(command.output().unwrap())
    }

    /// Writes an executable shell script `name` into the sandbox's stub directory and returns
    /// that directory (put it first on PATH with `path_with`).
    pub fn stub(&self, name: &str, script: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let dir = self.dir.path().join("stubs");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        fs::write(&path, script).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        dir
    }

    /// A PATH of `first`, the built binary's directory and a directory holding only `git` and
    /// `sh`: no other program (e.g. no `gh`) can be found on it.
    pub fn path_with(&self, first: &[&Path]) -> std::ffi::OsString {
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

    /// `git for-each-ref` output of the bare remote.
    pub fn remote_refs(&self) -> String {
        self.git_in(
            &self.remote,
            ["for-each-ref", "--format=%(refname) %(objectname)"],
        )
    }
}
impl Sandbox {
    /// Sets a git config key in the clone.
    pub fn config(&self, key: &str, value: &str) {
        self.git(["config", key, value]);
    }

    /// Writes a file and commits it with `message` and an explicit author date, without
    /// running hooks (for commits a test wants to be non-compliant or timed).
    pub fn commit_file_at(&self, path: &str, content: &str, message: &str, date: &str) -> String {
        self.write(path, content);
        self.git(["add", "--", path]);
        self.git([
            "commit",
            "--quiet",
            "--no-verify",
            "--date",
            date,
            "-m",
            message,
        ]);
        self.rev("HEAD")
    }

    /// Stores a hotfix document in the notes with plain git, as another clone or an older
    /// version of the tool could have written it; returns the anchor object.
    pub fn add_note(&self, anchor_text: &str, document: &serde_json::Value) -> String {
        let mut command = self.command("git");
        command
            .args(["hash-object", "-w", "--stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(anchor_text.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        let anchor = String::from_utf8_lossy(&output.stdout).trim().to_string();
        self.write_note(&anchor, document);
        anchor
    }
}

/// Report text with object ids replaced by `<hash>`, for snapshots that survive a change of
/// hashing (git's object format) while keeping everything else exact.
pub fn redact(text: &str) -> String {
    let ids = regex::Regex::new(r"\b[0-9a-f]{7,64}\b").unwrap();
    ids.replace_all(text, |caps: &regex::Captures| {
        let id = &caps[0];
        if id.chars().any(|c| c.is_ascii_digit()) && id.chars().any(|c| c.is_ascii_alphabetic()) {
            "<hash>".to_string()
        } else {
            id.to_string()
        }
    })
    .into_owned()
}

impl Sandbox {
    /// A hotfix `name` fixed as [`Sandbox::fixed_hotfix`] does and finished (merged into
    /// main and develop, tagged v2.0.2 on the first one); main is checked out. Returns the id.
    pub fn finished_hotfix(&self, name: &str, extra: &[&str]) -> String {
        let id = self.fixed_hotfix(name, extra);
        self.hotfix(["finish", "--yes"]).success();
        id
    }

    /// Commits work of the next release on develop (so merges into main and develop are
    /// different commits) and checks main out again.
    pub fn develop_ahead(&self) {
        self.git(["checkout", "--quiet", "develop"]);
        self.commit_file("feature.js", "next();\n", "Develop the next release");
        self.git(["checkout", "--quiet", "main"]);
    }

    /// Every commit reachable from any ref (branches, tags, notes, backups), to prove that a
    /// command, however interrupted, loses none of them.
    pub fn reachable(&self) -> std::collections::BTreeSet<String> {
        self.git(["rev-list", "--all"])
            .lines()
            .map(str::to_string)
            .collect()
    }
}

impl Sandbox {
    /// An old release line: branch `branch` with a history of its own holding `app.js` with
    /// `app` and the release tag `tag`; the branch checked out before is checked out again.
    pub fn release_line(&self, branch: &str, app: &str, tag: &str) -> String {
        let back = self.current_branch();
        self.git(["checkout", "--quiet", "--orphan", branch]);
        self.git(["rm", "-r", "--quiet", "--cached", "."]);
        self.write("app.js", app);
        self.git(["add", "app.js"]);
        self.git(["commit", "--quiet", "-m", &format!("Release {tag}")]);
        self.git(["tag", "-a", tag, "-m", &format!("Release {tag}")]);
        let tip = self.rev("HEAD");
        self.git(["clean", "--quiet", "-f", "-d"]);
        self.git(["checkout", "--quiet", "--force", &back]);
        tip
    }

    /// Fails the test, naming them, if commits reachable in `before` no longer are.
    pub fn assert_nothing_lost(&self, before: &std::collections::BTreeSet<String>, when: &str) {
        let after = self.reachable();
        let lost: Vec<_> = before.difference(&after).collect();
        assert!(
            lost.is_empty(),
            "{when}: commits no longer reachable: {lost:?}"
        );
    }
}

impl Sandbox {
    /// Runs `git-hotfix` in the clone as a user who does not own it, so file permissions
    /// apply even when the tests run as root (as `nobody`, through `setpriv`). `None`, with
    /// the test reported as skipped, when that cannot be arranged.
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
}

impl Sandbox {
    /// The same sandbox working in another directory of it (a linked worktree, a second
    /// clone made by hand).
    pub fn in_dir(&self, name: &str) -> Sandbox {
        Sandbox {
            work: self.dir.path().join(name),
            ..self.clone()
        }
    }
}
