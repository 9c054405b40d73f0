//! Repositories in a known state: the standard clone, and hotfixes started, fixed and
//! finished in it, release lines, develop ahead of main, a command killed half-way.

use assert_cmd::assert::Assert;

use super::sandbox::{Sandbox, stderr, stdout};

/// The fix [`Sandbox::fixed_hotfix`] commits: `app.js` with its HOTFIX code comment.
pub fn fixed_app(id: &str) -> String {
    format!("// HOTFIX: {id} - Deny by default\nfunction login() {{\n  return false;\n}}\n")
}

impl Sandbox {
    /// A bare `origin` and a clone with `main` (two release tags `v2.0.0` and `v2.0.1`) and
    /// `develop`, all pushed: [`Sandbox::project`] with nothing but its `app.js`.
    pub fn new() -> Sandbox {
        Sandbox::project(&Vec::new())
    }

    /// Starts a hotfix without prompts or fetching and returns its id.
    pub fn start(&self, name: &str, extra: &[&str]) -> String {
        let mut args = vec!["start", name, "--yes", "--no-fetch"];
        args.extend_from_slice(extra);
        let out = stdout(&self.hotfix(&args).success());
        out.split_whitespace().nth(1).unwrap().to_string()
    }

    /// Starts hotfix `name` (P0 unless `extra` says otherwise), sets the test command to
    /// `true` so suites pass, and commits a fix to `app.js` that follows every rule. Returns
    /// the id.
    pub fn fixed_hotfix(&self, name: &str, extra: &[&str]) -> String {
        let mut args = extra.to_vec();
        if !extra.contains(&"--severity") {
            args.extend(["--severity", "P0"]);
        }
        let id = self.start(name, &args);
        self.git(["config", "hotfix.testCommand", "true"]);
        self.commit(
            "app.js",
            &fixed_app(&id),
            &["-m", &format!("{id}: Deny by default")],
        );
        id
    }

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
        self.commit(
            "feature.js",
            "next();\n",
            &["-m", "Develop the next release"],
        );
        self.git(["checkout", "--quiet", "main"]);
    }

    /// An old release line: branch `branch` with a history of its own holding `app.js` with
    /// `app` and the release tag `tag`; the branch checked out before is checked out again.
    /// Returns the line's tip.
    pub fn release_line(&self, branch: &str, app: &str, tag: &str) -> String {
        let back = self.current_branch();
        self.git(["checkout", "--quiet", "--orphan", branch]);
        self.git(["rm", "-r", "--quiet", "--cached", "."]);
        let tip = self.commit("app.js", app, &["-m", &format!("Release {tag}")]);
        self.git(["tag", "-a", tag, "-m", &format!("Release {tag}")]);
        self.git(["clean", "--quiet", "-f", "-d"]);
        self.git(["checkout", "--quiet", "--force", &back]);
        tip
    }

    /// Runs `git-hotfix` with `args` killed (as by SIGKILL) at fail point `point`
    /// (`HOTFIX_FAILPOINT`), failing the test unless it got there.
    pub fn killed_at(&self, point: &str, args: &[&str]) -> Assert {
        let assert = self
            .with_env("HOTFIX_FAILPOINT", point)
            .hotfix(args)
            .code(137);
        let err = stderr(&assert);
        assert!(
            err.contains(&format!("fail point {point} reached")),
            "{point}: {err}"
        );
        assert
    }
}
