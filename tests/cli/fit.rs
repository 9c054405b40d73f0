//! Fitting the projects people have: their language's comment syntax in every suggestion,
//! the obvious hotfix when none is named, their maintenance branch names, a forge that lacks
//! the labels or reviewers a pull request asks for, and the words people use.

use crate::common::{Sandbox, stderr, stdout};

/// A Python library as people publish it: `pyproject.toml` with a dynamic version, the package
/// under `src/`, tests under `tests/`, a reStructuredText changelog, tags without a `v`.
fn python_library() -> Sandbox {
    let root = Sandbox::empty();
    let root = root.in_dir(root.dir.path());
    root.git(["init", "--quiet", "--bare", "origin.git"]);
    root.git(["clone", "--quiet", "origin.git", "work"]);
    let sandbox = root.in_dir("work");
    sandbox.write(
        "pyproject.toml",
        "[project]\nname = \"parcel\"\ndynamic = [\"version\"]\n\n[tool.setuptools.dynamic]\nversion = {attr = \"parcel.__version__\"}\n",
    );
    sandbox.write("src/parcel/__init__.py", "__version__ = \"3.0.4\"\n");
    sandbox.write(
        "src/parcel/core.py",
        "def parse(text):\n    return text.split()\n",
    );
    sandbox.write("tests/test_core.py", "def test_parse():\n    pass\n");
    sandbox.write("docs/conf.js", "// a docs theme tweak\n");
    sandbox.write("CHANGELOG.rst", "Changelog\n=========\n");
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "-m", "Release 3.0.4"]);
    sandbox.git(["tag", "-a", "3.0.4", "-m", "Release 3.0.4"]);
    sandbox.git(["branch", "develop"]);
    sandbox.git(["config", "hotfix.tagFormat", "{version}"]);
    sandbox.git(["push", "--quiet", "origin", "main", "develop", "--tags"]);
    sandbox
}

#[test]
fn start_and_the_rules_suggest_comments_in_the_projects_language() {
    let sandbox = python_library();
    let out = stdout(
        &sandbox
            .hotfix(["start", "parse", "--yes", "--no-fetch", "--severity", "P1"])
            .success(),
    );
    assert!(
        out.contains("\n       # HOTFIX: HOTFIX-001 - Parse\n"),
        "{out}"
    );
    assert!(!out.contains("// HOTFIX"), "{out}");

    sandbox.commit(
        "src/parcel/core.py",
        "def parse(text):\n    return (text or '').split()\n",
        &["--no-verify", "-m", "HOTFIX-001: Parse None"],
    );
    let err = stderr(&sandbox.hotfix(["verify"]).code(1));
    assert!(
        err.contains(
            "add a comment such as '# HOTFIX: HOTFIX-001 - <what and why>' next to the change\n"
        ),
        "{err}"
    );

    sandbox.commit(
        "templates/page.html",
        "<p>{{ text }}</p>\n",
        &["--no-verify", "-m", "HOTFIX-001: Escape the page"],
    );
    let err = stderr(&sandbox.hotfix(["verify"]).code(1));
    assert!(
        err.contains("add a comment such as '# HOTFIX: HOTFIX-001 - <what and why>' next to the change in src/parcel/core.py, and one in each other file's own syntax\n"),
        "{err}"
    );
}

#[test]
fn a_project_without_a_manifest_is_known_by_most_of_its_files() {
    let root = Sandbox::empty();
    let root = root.in_dir(root.dir.path());
    root.git(["init", "--quiet", "--bare", "origin.git"]);
    root.git(["clone", "--quiet", "origin.git", "work"]);
    let sandbox = root.in_dir("work");
    for name in ["install", "backup", "restore"] {
        sandbox.write(&format!("bin/{name}.sh"), "#!/bin/sh\necho ok\n");
    }
    sandbox.write("lib/query.sql", "select 1;\n");
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "-m", "Scripts"]);
    sandbox.git(["branch", "develop"]);
    sandbox.git(["push", "--quiet", "origin", "main", "develop"]);
    let out = stdout(
        &sandbox
            .hotfix(["start", "backup", "--yes", "--no-fetch"])
            .success(),
    );
    assert!(
        out.contains("\n       # HOTFIX: HOTFIX-001 - Backup\n"),
        "{out}"
    );
}

#[test]
fn a_version_is_named_once_when_tags_have_no_prefix() {
    let sandbox = python_library();
    sandbox.start("parse", &["--severity", "P1"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.commit(
        "src/parcel/core.py",
        "# HOTFIX: HOTFIX-001 - Parse None\ndef parse(text):\n    return (text or '').split()\n",
        &["-m", "HOTFIX-001: Parse None"],
    );
    let notes = stdout(&sandbox.hotfix(["release-notes"]).success());
    assert!(
        notes.starts_with("# Hotfix release 3.0.5: HOTFIX-001 - Parse\n"),
        "{notes}"
    );
    let plan = stdout(&sandbox.hotfix(["finish", "--dry-run"]).success());
    assert!(plan.contains("tag 3.0.5 on "), "{plan}");
    assert!(!plan.contains("3.0.5 as 3.0.5"), "{plan}");

    sandbox.hotfix(["test"]).success();
    let checklist = stdout(&sandbox.hotfix(["checklist"]).success());
    let tip = sandbox.rev("HEAD");
    assert!(
        checklist.contains(&format!("'true' passed on the tip ({})", &tip[..7])),
        "{checklist}"
    );
    let events = sandbox.metadata("HOTFIX-001")["events"].clone();
    let tested = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "tests-passed")
        .unwrap();
    assert_eq!(tested["detail"], format!("test: true on {}", &tip[..7]));
}

#[test]
fn after_finish_the_released_hotfix_is_meant_without_an_id() {
    let sandbox = Sandbox::new();
    let first = sandbox.finished_hotfix("auth", &[]);
    assert_eq!(sandbox.current_branch(), "main");
    let deployed = sandbox
        .hotfix(["deployed", "--env", "production"])
        .success();
    assert_eq!(
        stderr(&deployed),
        format!("Using {first}, whose merge branch 'main' contains.\n")
    );
    let events = crate::common::events(&sandbox.metadata(&first));
    assert!(events.contains(&"deployed".to_string()), "{events:?}");
    let show = stdout(&sandbox.hotfix(["show"]).success());
    assert!(show.starts_with(&format!("{first} P0 finished")), "{show}");

    // A second release: the newest merge the branch contains is the one meant, on develop too.
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    let second = sandbox.start("session", &["--severity", "P1"]);
    sandbox.commit(
        "session.js",
        &format!("// HOTFIX: {second} - Expire sessions\nexpire();\n"),
        &["-m", &format!("{second}: Expire sessions")],
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    let err = stderr(&sandbox.hotfix(["postmortem"]).success());
    assert_eq!(
        err,
        format!("Using {second}, whose merge branch 'main' contains.\n")
    );
    sandbox.git(["checkout", "--quiet", "develop"]);
    let err = stderr(&sandbox.hotfix(["resolved"]).success());
    assert_eq!(
        err,
        format!("Using {second}, whose merge branch 'develop' contains.\n")
    );

    // Where no merge is contained: the only hotfix released and not resolved.
    sandbox.git(["checkout", "--quiet", "v2.0.1"]);
    let err = stderr(&sandbox.hotfix(["rollback"]).success());
    assert_eq!(
        err,
        format!("Using {first}, the one released and not resolved.\n")
    );

    // Two of them: none is obvious, and the hint lists them.
    let third = sandbox.start("export", &["--severity", "P2"]);
    sandbox.commit(
        "export.js",
        &format!("// HOTFIX: {third} - Quote fields\nquote();\n"),
        &["-m", &format!("{third}: Quote fields")],
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    sandbox.git(["checkout", "--quiet", "v2.0.1"]);
    let err = stderr(&sandbox.hotfix(["deployed", "--env", "staging"]).code(1));
    assert_eq!(
        err,
        format!(
            "error: HEAD has no open hotfix and contains no hotfix's merge, and no hotfix id was given\n\
             hint: name the hotfix with 'git hotfix deployed <ID>' (no hotfix is open; 'git hotfix list --all' lists them all), or switch to its branch\n\
             hint: released and not resolved: {first}, {third}\n"
        )
    );
}

/// A `gh` that behaves as GitHub does for a repository with only the labels listed in the
/// file `known` and the collaborators `lead` and `private` (the API will not say whether
/// `private` is one): it logs each call to `calls` (one a line),
/// refuses a pull request with an unknown label or reviewer, creates labels only when
/// `GH_CAN_CREATE` is set, and fails to list labels when `GH_NO_LIST` is.
const STRICT_GH: &str = r#"#!/bin/sh
# Only shell built-ins: the PATH holds git and sh.
dir=$GH_DIR
# One line a call; a value of several lines (the body) is logged as <text>.
for a in "$@"; do
    case "$a" in *"
"*) printf '<text> ' ;; *) printf '%s ' "$a" ;; esac
done >> "$dir/calls"
echo >> "$dir/calls"
known() {
    while read -r k; do [ "$k" = "$1" ] && return 0; done < "$dir/known"
    return 1
}
case "$1 $2" in
"label list")
    [ -z "$GH_NO_LIST" ] || exit 1
    printf '['; sep=
    while read -r l; do printf '%s{"name":"%s"}' "$sep" "$l"; sep=,; done < "$dir/known"
    printf ']\n'
    exit 0 ;;
"label create")
    [ -n "$GH_CAN_CREATE" ] || { echo "HTTP 403: Must have admin rights" >&2; exit 1; }
    echo "$3" >> "$dir/known"
    exit 0 ;;
"api repos/{owner}/{repo}/collaborators/lead") exit 0 ;;
"api repos/{owner}/{repo}/collaborators/private") echo "HTTP 403: Resource not accessible" >&2; exit 1 ;;
"api "*) echo "HTTP 404: Not Found" >&2; exit 1 ;;
"pr create")
    while [ $# -gt 0 ]; do
        case "$1" in
        --label)
            old=$IFS; IFS=,
            for l in $2; do
                known "$l" || { echo "could not add label: '$l' not found" >&2; exit 1; }
            done
            IFS=$old ;;
        --reviewer)
            [ "$2" = lead ] || [ "$2" = private ] || { echo "could not request reviewer: '$2' not found" >&2; exit 1; } ;;
        esac
        shift
    done
    echo https://github.com/acme/app/pull/9
    exit 0 ;;
esac
exit 1
"#;

/// The sandbox with [`STRICT_GH`] first on PATH, knowing the label `hotfix` only, and a
/// hotfix ready to finish whose CODEOWNERS names `lead`, `ghost` (no such collaborator) and
/// `private` (whom the API will not look up, so kept).
fn with_strict_gh(sandbox: &Sandbox) -> (Sandbox, std::path::PathBuf) {
    let stubs = sandbox.dir.path().join("strict");
    sandbox.script(&stubs.join("gh"), STRICT_GH);
    std::fs::write(stubs.join("known"), "hotfix\n").unwrap();
    sandbox.fixed_hotfix("auth", &["--issue", "Auth bypass"]);
    sandbox.commit(
        ".github/CODEOWNERS",
        "* @lead @ghost @private\n",
        &["-m", "HOTFIX-001: Name the owners"],
    );
    let stubbed = sandbox
        .with_env("PATH", sandbox.path_with(&[&stubs]))
        .with_env("GH_DIR", &stubs);
    (stubbed, stubs)
}

fn calls(stubs: &std::path::Path, prefix: &str) -> Vec<String> {
    std::fs::read_to_string(stubs.join("calls"))
        .unwrap()
        .lines()
        .filter(|line| line.starts_with(prefix))
        .map(str::to_string)
        .collect()
}

/// The `--label` and `--reviewer` values of the `pr create` call that opened the request.
fn opened_with(stubs: &std::path::Path) -> String {
    let created = calls(stubs, "pr create");
    let last = created.last().unwrap();
    let words: Vec<&str> = last.split(' ').collect();
    words
        .windows(2)
        .filter(|w| w[0] == "--label" || w[0] == "--reviewer")
        .map(|w| w.join(" "))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_pull_request_opens_without_the_labels_and_reviewers_the_repository_lacks() {
    let sandbox = Sandbox::new();
    let (stubbed, stubs) = with_strict_gh(&sandbox);
    let assert = stubbed.hotfix(["finish", "--pr"]).success();
    assert!(
        stdout(&assert)
            .contains("Opened a pull request for HOTFIX-001: https://github.com/acme/app/pull/9"),
        "{}",
        stdout(&assert)
    );
    let err = stderr(&assert);
    assert!(
        err.contains("warning: the repository has no label 'priority:critical' and it could not be created; the pull request is opened without it\n"),
        "{err}"
    );
    assert!(
        err.contains("warning: 'ghost' cannot be asked for a review in this repository; the pull request is opened without them\n"),
        "{err}"
    );
    assert_eq!(
        opened_with(&stubs),
        "--label hotfix --reviewer lead --reviewer private"
    );
    assert_eq!(calls(&stubs, "pr create").len(), 1);
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["pr_url"],
        "https://github.com/acme/app/pull/9"
    );
}

#[test]
fn missing_labels_are_created_when_allowed_and_left_out_when_not() {
    let sandbox = Sandbox::new();
    let (stubbed, stubs) = with_strict_gh(&sandbox);
    stubbed
        .with_env("GH_CAN_CREATE", "1")
        .hotfix(["finish", "--pr"])
        .success();
    assert_eq!(
        calls(&stubs, "label create"),
        [
            "label create priority:critical --color b60205 --description priority:critical (git hotfix) "
        ]
    );
    assert_eq!(
        opened_with(&stubs),
        "--label hotfix,priority:critical --reviewer lead --reviewer private"
    );

    let other = Sandbox::new();
    let (stubbed, stubs) = with_strict_gh(&other);
    other.git(["config", "hotfix.createLabels", "false"]);
    let err = stderr(
        &stubbed
            .with_env("GH_CAN_CREATE", "1")
            .hotfix(["finish", "--pr"])
            .success(),
    );
    assert!(calls(&stubs, "label create").is_empty());
    assert!(
        err.contains("the repository has no label 'priority:critical'; the pull request is opened without it (hotfix.createLabels=true creates it)"),
        "{err}"
    );
    assert_eq!(
        opened_with(&stubs),
        "--label hotfix --reviewer lead --reviewer private"
    );
}

#[test]
fn a_refused_request_is_opened_again_without_labels_and_reviewers() {
    let sandbox = Sandbox::new();
    let (stubbed, stubs) = with_strict_gh(&sandbox);
    let assert = stubbed
        .with_env("GH_NO_LIST", "1")
        .hotfix(["finish", "--pr"])
        .success();
    let err = stderr(&assert);
    assert!(
        err.contains("could not add label: 'priority:critical' not found"),
        "{err}"
    );
    assert!(
        err.contains("warning: gh refused the request with its labels and reviewers; opening it without them\n"),
        "{err}"
    );
    assert_eq!(calls(&stubs, "pr create").len(), 2);
    assert_eq!(opened_with(&stubs), "");
    assert!(stdout(&assert).contains("Opened a pull request for HOTFIX-001"));
}

/// A project released as `3.0.4` on main whose 2.x releases live on the maintenance branch
/// `line` (named as the project names it: `maint/v2`, `2.x`), branched from `2.5.2` and at
/// `2.5.3`; tags without a `v`. With `remote_only`, the line exists only on the remote, as
/// in a fresh clone. Everything is pushed; main is checked out.
fn project_with_line(line: &str, remote_only: bool) -> Sandbox {
    let root = Sandbox::empty();
    let root = root.in_dir(root.dir.path());
    root.git(["init", "--quiet", "--bare", "origin.git"]);
    root.git(["clone", "--quiet", "origin.git", "work"]);
    let sandbox = root.in_dir("work");
    let app = "def login(token):\n    return True\n";
    sandbox.commit("app.py", app, &["-m", "Release 2.5.2"]);
    sandbox.git(["tag", "-a", "2.5.2", "-m", "Release 2.5.2"]);
    sandbox.git(["branch", line]);
    sandbox.commit("README.md", "# App 3\n", &["-m", "Release 3.0.4"]);
    sandbox.git(["tag", "-a", "3.0.4", "-m", "Release 3.0.4"]);
    sandbox.git(["branch", "develop"]);
    sandbox.git(["checkout", "--quiet", line]);
    sandbox.commit("NOTES.txt", "2.5.3\n", &["-m", "Release 2.5.3"]);
    sandbox.git(["tag", "-a", "2.5.3", "-m", "Release 2.5.3"]);
    sandbox.git(["checkout", "--quiet", "main"]);
    sandbox.git([
        "push", "--quiet", "origin", "main", "develop", line, "--tags",
    ]);
    if remote_only {
        sandbox.git(["branch", "--quiet", "-D", line]);
    }
    sandbox.git(["config", "hotfix.tagFormat", "{version}"]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox
}

/// Starts, fixes and finishes a hotfix on `app.py`; returns what start printed and the fix
/// commit.
fn finished_python_fix(sandbox: &Sandbox) -> (String, String) {
    let started = stdout(
        &sandbox
            .hotfix(["start", "auth", "--yes", "--no-fetch", "--severity", "P0"])
            .success(),
    );
    let fix = sandbox.commit(
        "app.py",
        "def login(token):\n    # HOTFIX: HOTFIX-001 - Deny by default\n    return False\n",
        &["-m", "HOTFIX-001: Deny by default"],
    );
    sandbox.hotfix(["finish", "--yes"]).success();
    (started, fix)
}

#[test]
fn a_maint_v2_line_is_detected_affected_and_backported_onto() {
    let sandbox = project_with_line("maint/v2", false);
    let config = stdout(&sandbox.hotfix(["config"]).success());
    let line = config
        .lines()
        .find(|l| l.starts_with("hotfix.maintenanceBranch"))
        .unwrap();
    assert!(line.ends_with(" (detected: maint/v2 (2.x))"), "{line}");

    let (started, fix) = finished_python_fix(&sandbox);
    assert!(started.contains("  affected: 3.0.4, 2.5.3\n"), "{started}");
    let line_tip = sandbox.rev("maint/v2");
    let out = stdout(
        &sandbox
            .hotfix(["backport", "--all-affected", "--yes"])
            .success(),
    );
    assert!(
        out.contains("1 commit(s) on hotfix/auth-maint-v2 ("),
        "{out}"
    );
    assert_eq!(sandbox.rev("hotfix/auth-maint-v2^"), line_tip);
    let message = sandbox.git(["log", "-1", "--format=%B", "hotfix/auth-maint-v2"]);
    assert!(
        message.contains(&format!("(cherry picked from commit {fix})")),
        "{message}"
    );
}

#[test]
fn a_2_x_line_only_on_the_remote_is_detected_too() {
    let sandbox = project_with_line("2.x", true);
    let config: serde_json::Value =
        serde_json::from_str(&stdout(&sandbox.hotfix(["config", "--json"]).success())).unwrap();
    let setting = config
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "hotfix.maintenanceBranch")
        .unwrap();
    assert_eq!(setting["detected"], serde_json::json!(["2.x (2.x)"]));

    finished_python_fix(&sandbox);
    assert_eq!(
        sandbox.metadata("HOTFIX-001")["affected_versions"],
        serde_json::json!(["3.0.4", "2.5.3"])
    );
    let out = stdout(
        &sandbox
            .hotfix(["backport", "--all-affected", "--yes"])
            .success(),
    );
    assert!(out.contains("  2.x  "), "{out}");
    assert!(out.contains("1 commit(s) on hotfix/auth-2.x ("), "{out}");
    assert_eq!(sandbox.rev("hotfix/auth-2.x^"), sandbox.rev("origin/2.x"));

    // The project's own names replace the common ones.
    sandbox.git(["config", "hotfix.maintenanceBranch", "legacy-{major}"]);
    let config = stdout(&sandbox.hotfix(["config"]).success());
    assert!(config.contains("(detected: none)"), "{config}");
}

/// A `glab` for a GitLab project with only the label `hotfix` and the user `lead`: labels
/// listed as glab prints them, users looked up through the API, label creation refused, and
/// a merge request refused for an unknown label or reviewer.
const STRICT_GLAB: &str = r#"#!/bin/sh
dir=$GLAB_DIR
for a in "$@"; do
    case "$a" in *"
"*) printf '<text> ' ;; *) printf '%s ' "$a" ;; esac
done >> "$dir/calls"
echo >> "$dir/calls"
case "$1 $2" in
"label list") printf 'Showing label 1 of 1 on acme/app.\n\nhotfix (#e11d21)\n'; exit 0 ;;
"label create") echo "403 Forbidden" >&2; exit 1 ;;
"api users?username=lead") echo '[{"id":1,"username":"lead"}]'; exit 0 ;;
"api users?username="*) echo '[]'; exit 0 ;;
"mr create")
    while [ $# -gt 0 ]; do
        case "$1" in
        --label) [ "$2" = hotfix ] || { echo "label '$2' not found" >&2; exit 1; } ;;
        --reviewer) [ "$2" = lead ] || { echo "reviewer '$2' not found" >&2; exit 1; } ;;
        esac
        shift
    done
    echo https://gitlab.com/acme/app/-/merge_requests/4
    exit 0 ;;
esac
exit 1
"#;

#[test]
fn a_merge_request_on_gitlab_opens_without_what_the_project_lacks() {
    let sandbox = Sandbox::new();
    // The remote's address names GitLab, so glab is the client.
    let gitlab = sandbox.dir.path().join("gitlab.example.git");
    std::os::unix::fs::symlink(&sandbox.remote, &gitlab).unwrap();
    sandbox.git(["remote", "set-url", "origin", gitlab.to_str().unwrap()]);
    let stubs = sandbox.dir.path().join("strict-glab");
    sandbox.script(&stubs.join("glab"), STRICT_GLAB);
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "hotfix.reviewers", "lead,ghost"]);
    let assert = sandbox
        .with_env("PATH", sandbox.path_with(&[&stubs]))
        .with_env("GLAB_DIR", &stubs)
        .hotfix(["finish", "--pr"])
        .success();
    assert!(
        stdout(&assert).contains(
            "Opened a pull request for HOTFIX-001: https://gitlab.com/acme/app/-/merge_requests/4"
        ),
        "{}",
        stdout(&assert)
    );
    let err = stderr(&assert);
    assert!(
        err.contains("no label 'priority:critical' and it could not be created"),
        "{err}"
    );
    assert!(
        err.contains("'ghost' cannot be asked for a review"),
        "{err}"
    );
    assert_eq!(
        calls(&stubs, "label create"),
        [
            "label create --name priority:critical --color #b60205 --description priority:critical (git hotfix) "
        ]
    );
    let created = calls(&stubs, "mr create");
    assert_eq!(created.len(), 1);
    assert!(
        created[0].ends_with(" --label hotfix --reviewer lead "),
        "{}",
        created[0]
    );
}
