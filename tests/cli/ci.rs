//! The example CI jobs (`examples/ci/`), run as CI runs them: their exact shell steps in a
//! `git clone --depth 1` checkout of a bare remote, which has neither the hotfix notes nor the
//! history back to the hotfix's base.

use std::process::Output;

use crate::common::{Sandbox, fixed_app, source_dir};

/// The lines of the `run: |` block of the GitHub Actions step named `step`, dedented.
fn github_step(step: &str) -> String {
    let yaml =
        std::fs::read_to_string(source_dir().join("examples/ci/github-actions.yml")).unwrap();
    let mut lines = yaml
        .lines()
        .skip_while(|line| line.trim() != format!("- name: {step}"));
    assert!(lines.next().is_some(), "no step '{step}'");
    let run = lines
        .find(|line| line.trim_start().starts_with("run:"))
        .unwrap_or_else(|| panic!("step '{step}' has no run"));
    assert_eq!(run.trim(), "run: |", "step '{step}' must run a block");
    let indent = run.len() - run.trim_start().len();
    let body: Vec<&str> = lines
        .take_while(|line| line.trim().is_empty() || line.len() - line.trim_start().len() > indent)
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    assert!(!body.is_empty(), "step '{step}' runs nothing");
    body.join("\n")
}

/// The commands of the `script:` list of the GitLab job, one a line.
fn gitlab_script() -> String {
    let yaml = std::fs::read_to_string(source_dir().join("examples/ci/gitlab-ci.yml")).unwrap();
    let mut lines = yaml.lines().skip_while(|line| line.trim() != "script:");
    let script = lines.next().expect("no script");
    let indent = script.len() - script.trim_start().len();
    let body: Vec<&str> = lines
        .take_while(|line| line.len() - line.trim_start().len() > indent)
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.strip_prefix("- ").expect("a list item"))
        .collect();
    assert!(!body.is_empty(), "the script runs nothing");
    body.join("\n")
}

/// The CI jobs: GitHub Actions, and GitLab on a push and on a merge request.
#[derive(Clone, Copy, Debug)]
enum Ci {
    Actions,
    GitlabPush,
    GitlabMergeRequest,
}

const ALL: [Ci; 3] = [Ci::Actions, Ci::GitlabPush, Ci::GitlabMergeRequest];

/// A `git clone --depth 1` checkout of `hotfix/auth` as `ci` checks it out (GitLab: a
/// detached HEAD), with `prepare` run in it first.
fn checkout(sandbox: &Sandbox, ci: Ci, name: &str) -> Sandbox {
    let root = sandbox.in_dir(sandbox.dir.path());
    let url = format!("file://{}", sandbox.remote.display());
    root.git([
        "clone",
        "--quiet",
        "--depth",
        "1",
        "--branch",
        "hotfix/auth",
        &url,
        name,
    ]);
    let clone = sandbox.in_dir(name);
    assert_eq!(
        clone.git(["rev-parse", "--is-shallow-repository"]).trim(),
        "true"
    );
    if !matches!(ci, Ci::Actions) {
        clone.git(["checkout", "--quiet", "--detach"]);
    }
    clone
}

/// Runs the steps of `ci` in `clone` as its runner does (`sh -e`).
fn run_steps(clone: &Sandbox, ci: Ci) -> Output {
    let (script, vars): (String, &[(&str, &str)]) = match ci {
        Ci::Actions => (github_step("Verify the hotfix rules"), &[]),
        Ci::GitlabPush => (
            gitlab_script(),
            &[
                ("CI_PIPELINE_SOURCE", "push"),
                ("CI_COMMIT_BRANCH", "hotfix/auth"),
            ],
        ),
        Ci::GitlabMergeRequest => (
            gitlab_script(),
            &[
                ("CI_PIPELINE_SOURCE", "merge_request_event"),
                ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "hotfix/auth"),
            ],
        ),
    };
    let mut command = clone.command("sh");
    command.args(["-e", "-c", &script]);
    for (key, value) in vars {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn report(clone: &Sandbox) -> serde_json::Value {
    let path = clone.work.join("hotfix-verify.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The remote of the sandbox with hotfix `auth` fixed, its notes and branch pushed.
fn pushed_hotfix(extra_commits: impl FnOnce(&Sandbox, &str)) -> Sandbox {
    let sandbox = Sandbox::new();
    let id = sandbox.fixed_hotfix("auth", &[]);
    extra_commits(&sandbox, &id);
    sandbox.hotfix(["sync"]).success();
    sandbox.git(["push", "--quiet", "--no-verify", "origin", "hotfix/auth"]);
    sandbox
}

#[test]
fn a_good_hotfix_passes_in_a_depth_1_checkout() {
    let sandbox = pushed_hotfix(|sandbox, id| {
        sandbox.commit(
            "app.js",
            &format!("{}// checked\n", fixed_app(id)),
            &["-m", &format!("{id}: Check the result")],
        );
    });
    for (n, ci) in ALL.into_iter().enumerate() {
        let clone = checkout(&sandbox, ci, &format!("ci{n}"));
        let out = run_steps(&clone, ci);
        assert!(out.status.success(), "{ci:?}: {}", text(&out.stderr));
        let json = report(&clone);
        assert_eq!(json["hotfix_id"], "HOTFIX-001", "{ci:?}");
        // Both commits were seen, though the checkout had one.
        assert_eq!(json["commits"], 2, "{ci:?}: {json}");
        assert_eq!(json["failures"], serde_json::json!([]), "{ci:?}");
        assert_eq!(json["base"], sandbox.rev("main"), "{ci:?}");
    }
}

#[test]
fn a_commit_without_the_header_fails_though_the_checkout_lacks_it() {
    // The commit without the header is under the tip: a depth-1 checkout does not have it.
    let sandbox = pushed_hotfix(|sandbox, id| {
        sandbox.commit(
            "app.js",
            &format!("{}// tidy\n", fixed_app(id)),
            &["--no-verify", "-m", "Tidy"],
        );
        sandbox.commit(
            "app.js",
            &format!("{}// tidy\n// checked\n", fixed_app(id)),
            &["-m", &format!("{id}: Check the result")],
        );
    });
    for (n, ci) in ALL.into_iter().enumerate() {
        let clone = checkout(&sandbox, ci, &format!("ci{n}"));
        let out = run_steps(&clone, ci);
        assert_eq!(out.status.code(), Some(1), "{ci:?}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("[headers] 1 commit(s) lack the header"),
            "{ci:?}: {err}"
        );
        assert!(err.contains("'Tidy'"), "{ci:?}: {err}");
        let json = report(&clone);
        assert_eq!(json["commits"], 3, "{ci:?}: {json}");
        assert_eq!(json["failures"][0]["rule"], "headers", "{ci:?}: {json}");
    }
}

#[test]
fn an_unreachable_remote_names_the_fetch_to_add() {
    let sandbox = pushed_hotfix(|_, _| {});
    let gone = format!("file://{}", sandbox.dir.path().join("gone.git").display());
    let base = sandbox.rev("main");
    for (n, ci) in ALL.into_iter().enumerate() {
        // Neither the notes nor the history: both fetches are named.
        let clone = checkout(&sandbox, ci, &format!("ci{n}"));
        clone.git(["remote", "set-url", "origin", &gone]);
        let out = run_steps(&clone, ci);
        assert_eq!(out.status.code(), Some(1), "{ci:?}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("hint: add this fetch before 'git hotfix verify': git fetch origin refs/notes/hotfix:refs/notes/hotfix\n"),
            "{ci:?}: {err}"
        );
        assert!(
            err.contains("'git fetch --unshallow origin'"),
            "{ci:?}: {err}"
        );

        // The notes but not the history: the missing base is named, never checked as no
        // commits.
        let url = format!("file://{}", sandbox.remote.display());
        clone.git([
            "fetch",
            "--quiet",
            &url,
            "refs/notes/hotfix:refs/notes/hotfix",
        ]);
        let out = run_steps(&clone, ci);
        assert_eq!(out.status.code(), Some(1), "{ci:?}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("its base commit {base} is not in this clone")),
            "{ci:?}: {err}"
        );
        assert!(
            err.contains(
                "hint: add this fetch before 'git hotfix verify': git fetch --unshallow origin\n"
            ),
            "{ci:?}: {err}"
        );
        // No report claims anything about a range that was not seen.
        assert!(report_is_empty(&clone), "{ci:?}");
    }
}

fn report_is_empty(clone: &Sandbox) -> bool {
    std::fs::read_to_string(clone.work.join("hotfix-verify.json"))
        .unwrap()
        .trim()
        .is_empty()
}
