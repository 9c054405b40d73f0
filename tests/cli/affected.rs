//! `git hotfix test --affected` and the reuse of a pass across changes no test depends on:
//! what is chosen and why, on generated projects of each ecosystem the machine has (Cargo
//! always; jest, vitest and pytest when `.ci/run` installed them, found through
//! `GIT_HOTFIX_NODE_MODULES` and `GIT_HOTFIX_PYTEST`; Go when `go` is on PATH), that an
//! affected pass never stands in for the suite, and that a changelog-only commit reuses the
//! pass while a source change does not.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{Sandbox, skipped, stderr};

/// Sets `key` to a command that appends `name` and its arguments to a log; returns the log.
fn logging(sandbox: &Sandbox, key: &str, name: &str, args: &str) -> PathBuf {
    let log = sandbox.dir.path().join(format!("{name}.log"));
    sandbox.git([
        "config",
        key,
        &format!("printf '%s\\n' {name} {args} >> '{}'", log.display()),
    ]);
    log
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn count(path: &Path, word: &str) -> usize {
    lines(path).iter().filter(|line| *line == word).count()
}

#[test]
fn an_affected_pass_does_not_let_pre_push_or_finish_skip_the_full_suite() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    let affected = logging(
        &sandbox,
        "hotfix.affectedTestCommand",
        "affected",
        "{files}",
    );
    let run = sandbox.hotfix(["test", "--affected"]).success();
    assert!(
        stderr(&run)
            .contains("Affected tests: hotfix.affectedTestCommand with 1 changed file(s): app.js."),
        "{}",
        stderr(&run)
    );
    assert!(stderr(&run).contains("pre-push and finish still run the full suite"));
    assert_eq!(lines(&affected), ["affected", "app.js"]);
    let meta = sandbox.metadata("HOTFIX-001");
    assert_eq!(meta["tests"][0]["passed"], true);
    assert!(meta["tests"][0]["affected"].is_string(), "{meta}");
    let shown = crate::common::stdout(&sandbox.hotfix(["show", "HOTFIX-001"]).success());
    assert!(
        shown.contains(
            "affected tests only: hotfix.affectedTestCommand with 1 changed file(s): app.js"
        ),
        "{shown}"
    );
    // Neither the checklist nor status takes it for the suite.
    let checklist = crate::common::stdout(&sandbox.hotfix(["checklist"]).success());
    assert!(checklist.contains("no recorded pass of"), "{checklist}");

    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert_eq!(count(&full, "full"), 1, "pre-push ran the full suite");

    sandbox.commit(
        "app.js",
        &format!("{}// also\n", crate::common::fixed_app("HOTFIX-001")),
        &["-m", "HOTFIX-001: Say more"],
    );
    sandbox.hotfix(["test", "--affected"]).success();
    assert_eq!(count(&affected, "affected"), 2);
    let finish = sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(count(&full, "full"), 2, "finish ran the full suite");
    assert!(stderr(&finish).contains("Running the test suite on"));
}

#[test]
fn a_changelog_only_commit_reuses_the_pass_at_finish() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    sandbox.hotfix(["test"]).success();
    let tested = sandbox.rev("HEAD");
    sandbox.hotfix(["release-notes", "--changelog"]).success();
    assert_ne!(sandbox.rev("HEAD"), tested, "the changelog was committed");
    // The checklist already counts the pass for the new tip, saying why.
    let checklist: serde_json::Value = serde_json::from_str(&crate::common::stdout(
        &sandbox.hotfix(["checklist", "--json"]).success(),
    ))
    .unwrap();
    let unit = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["slug"] == "unit-tests-pass")
        .unwrap()
        .clone();
    assert_eq!(unit["done"], true, "{unit}");
    assert!(
        unit.to_string().contains("only CHANGELOG.md changed"),
        "{unit}"
    );
    let finish = sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(count(&full, "full"), 1, "{}", stderr(&finish));
    let said = format!(
        "reused the pass on {}: only CHANGELOG.md changed",
        &tested[..7]
    );
    assert!(stderr(&finish).contains(&said), "{}", stderr(&finish));
    let meta = sandbox.metadata("HOTFIX-001");
    let reused = meta["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["reused"].is_string())
        .unwrap_or_else(|| panic!("no reused record: {meta}"));
    assert_eq!(reused["reused"], said.as_str());
}

#[test]
fn a_source_change_runs_the_suite_again() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    sandbox.hotfix(["test"]).success();
    sandbox.commit("docs/auth.md", "# Auth\n", &["-m", "HOTFIX-001: Document"]);
    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert_eq!(count(&full, "full"), 1, "a docs change reuses the pass");
    sandbox.commit(
        "app.js",
        &format!("{}// more\n", crate::common::fixed_app("HOTFIX-001")),
        &["-m", "HOTFIX-001: Tighten"],
    );
    sandbox.git(["push", "--quiet", "origin", "hotfix/auth"]);
    assert_eq!(count(&full, "full"), 2, "a source change runs it again");
}

#[test]
fn test_ignore_none_turns_reuse_off_and_a_list_replaces_the_default() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    sandbox.hotfix(["test"]).success();
    sandbox.git(["config", "hotfix.testIgnore", "none"]);
    sandbox.commit("CHANGELOG.md", "# Changes\n", &["-m", "HOTFIX-001: Log"]);
    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(count(&full, "full"), 2);
    sandbox.git(["config", "hotfix.testIgnore", "**/*.json"]);
    sandbox.commit(
        "CHANGELOG.md",
        "# Changes\n\nmore\n",
        &["-m", "HOTFIX-001: Log"],
    );
    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(count(&full, "full"), 3, "CHANGELOG.md is not in the list");
    sandbox.commit("data.json", "{}\n", &["-m", "HOTFIX-001: Configure"]);
    sandbox.hotfix(["verify", "--tests"]).success();
    assert_eq!(count(&full, "full"), 3, "data.json is");
}

#[test]
fn without_a_project_or_a_command_the_full_suite_runs_saying_why() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    let run = sandbox.hotfix(["test", "--affected"]).success();
    assert!(
        stderr(&run).contains("Running the full suite: no Cargo, npm, Go or pytest project was found and hotfix.affectedTestCommand is not set."),
        "{}",
        stderr(&run)
    );
    assert_eq!(count(&full, "full"), 1);
    // That run was the suite: it counts.
    assert!(sandbox.metadata("HOTFIX-001")["tests"][0]["affected"].is_null());
}

#[test]
fn the_changed_paths_reach_the_configured_command_quoted() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let log = sandbox.dir.path().join("files.log");
    sandbox.git([
        "config",
        "hotfix.affectedTestCommand",
        &format!("printf '%s\\n' {{files}} > '{}'", log.display()),
    ]);
    sandbox.git(["config", "hotfix.testCommand", "true"]);
    sandbox.commit("it's $(here).js", "x\n", &["-m", "HOTFIX-001: Quote"]);
    sandbox.commit("-n.js", "x\n", &["-m", "HOTFIX-001: Dash"]);
    sandbox.commit("NEWS.md", "x\n", &["-m", "HOTFIX-001: News"]);
    sandbox.hotfix(["test", "--affected"]).success();
    assert_eq!(lines(&log), ["./-n.js", "app.js", "it's $(here).js"]);
}

/// A Cargo workspace of `core`, `billing` (uses core), `api` (uses billing) and `other`, whose
/// one test fails: only an affected run that leaves `other` out passes.
fn cargo_workspace(sandbox: &Sandbox) {
    sandbox.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n",
    );
    sandbox.write(".gitignore", "target/\nCargo.lock\n");
    let krate = |name: &str, deps: &[&str], test: &str| {
        let mut manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n"
        );
        for dep in deps {
            manifest.push_str(&format!("{dep} = {{ path = \"../{dep}\" }}\n"));
        }
        sandbox.write(&format!("crates/{name}/Cargo.toml"), &manifest);
        sandbox.write(
            &format!("crates/{name}/src/lib.rs"),
            &format!("pub fn value() -> u32 {{ 1 }}\n\n#[test]\nfn works() {{ {test} }}\n"),
        );
    };
    krate("core", &[], "assert_eq!(value(), 1);");
    krate("billing", &["core"], "assert_eq!(value(), core::value());");
    krate(
        "api",
        &["billing"],
        "assert_eq!(value(), billing::value());",
    );
    krate(
        "other",
        &[],
        "assert_eq!(value(), 2, \"other is not affected\");",
    );
    sandbox.git(["add", "."]);
    sandbox.git([
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        "Add the workspace",
    ]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
}

#[test]
fn cargo_runs_the_changed_crate_and_its_dependents() {
    let sandbox = Sandbox::new();
    cargo_workspace(&sandbox);
    sandbox.start("billing", &["--severity", "P1"]);
    sandbox.git([
        "config",
        "hotfix.testCommand",
        "cargo test --offline --quiet",
    ]);
    sandbox.commit(
        "crates/billing/src/lib.rs",
        "// HOTFIX: HOTFIX-001 - Keep billing at one\npub fn value() -> u32 { core::value() }\n\n#[test]\nfn works() { assert_eq!(value(), 1); }\n",
        &["-m", "HOTFIX-001: Bill from core"],
    );
    let run = sandbox.hotfix(["test", "--affected"]).success();
    let err = stderr(&run);
    assert!(
        err.contains(
            "Affected tests: 2 of 4 packages: billing (changed), api (depends on billing)."
        ),
        "{err}"
    );
    assert!(
        err.contains("cargo test --offline --quiet -p billing -p api"),
        "{err}"
    );
    assert!(err.contains("The affected tests passed in"), "{err}");
    // The full suite includes `other`, which fails: only the affected run left it out.
    sandbox.hotfix(["test"]).code(1);
}

/// The node_modules `.ci/run` installed `runner` (jest or vitest) into, else `None` with the
/// test skipped.
fn node_modules(runner: &str, test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("GIT_HOTFIX_NODE_MODULES")
        .map(PathBuf::from)
        .filter(|dir| dir.join(".bin").join(runner).exists());
    if found.is_none() {
        skipped(&format!(
            "{test} ({runner} is not installed; .ci/run installs it and sets GIT_HOTFIX_NODE_MODULES)"
        ));
    }
    found
}

/// A `node_modules` in the sandbox holding the installed packages and the workspace's own.
fn link_node_modules(sandbox: &Sandbox, installed: &Path, workspace: &[&str]) {
    let dir = sandbox.work.join("node_modules");
    fs::create_dir_all(&dir).unwrap();
    for entry in fs::read_dir(installed).unwrap() {
        let entry = entry.unwrap();
        std::os::unix::fs::symlink(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    for package in workspace {
        std::os::unix::fs::symlink(
            sandbox.work.join("packages").join(package),
            dir.join(package),
        )
        .unwrap();
    }
}

/// Commits the shop as written, fixes `src/price.js` to `fixed` on HOTFIX-001 and runs
/// `test --affected`, returning what it said.
fn fix_the_price_and_run_affected(sandbox: &Sandbox, installed: &Path, fixed: &str) -> String {
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "--no-verify", "-m", "Add the shop"]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    link_node_modules(sandbox, installed, &[]);
    sandbox.start("price", &["--severity", "P1"]);
    sandbox.commit("src/price.js", fixed, &["-m", "HOTFIX-001: Keep the price"]);
    stderr(&sandbox.hotfix(["test", "--affected"]).success())
}

#[test]
fn jest_runs_the_tests_related_to_the_changed_files() {
    let Some(installed) = node_modules("jest", "jest_runs_the_tests_related_to_the_changed_files")
    else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.write(".gitignore", "node_modules/\n");
    sandbox.write(
        "package.json",
        "{\"name\": \"shop\", \"version\": \"1.0.0\", \"scripts\": {\"test\": \"jest\"}, \"devDependencies\": {\"jest\": \"*\"}}\n",
    );
    sandbox.write("src/price.js", "exports.price = () => 10;\n");
    sandbox.write(
        "src/cart.js",
        "const { price } = require('./price');\nexports.total = (n) => n * price();\n",
    );
    sandbox.write("src/other.js", "exports.other = () => 1;\n");
    sandbox.write(
        "test/price.test.js",
        "test('price', () => expect(require('../src/price').price()).toBe(10));\n",
    );
    sandbox.write(
        "test/cart.test.js",
        "test('cart', () => expect(require('../src/cart').total(2)).toBe(20));\n",
    );
    sandbox.write(
        "test/other.test.js",
        "test('other', () => expect(require('../src/other').other()).toBe(2));\n",
    );
    let err = fix_the_price_and_run_affected(
        &sandbox,
        &installed,
        "// HOTFIX: HOTFIX-001 - Keep the price\nexports.price = () => 10;\n",
    );
    assert!(
        err.contains("jest --findRelatedTests on 1 file(s)"),
        "{err}"
    );
    assert!(
        err.contains("--findRelatedTests --passWithNoTests src/price.js"),
        "{err}"
    );
    assert!(
        err.contains("price.test.js") && err.contains("cart.test.js"),
        "{err}"
    );
    assert!(!err.contains("other.test.js"), "{err}");
}

#[test]
fn vitest_runs_the_tests_related_to_the_changed_files() {
    let Some(installed) = node_modules(
        "vitest",
        "vitest_runs_the_tests_related_to_the_changed_files",
    ) else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.write(".gitignore", "node_modules/\n");
    sandbox.write(
        "package.json",
        "{\"name\": \"shop\", \"version\": \"1.0.0\", \"type\": \"module\", \"scripts\": {\"test\": \"vitest run\"}, \"devDependencies\": {\"vitest\": \"*\"}}\n",
    );
    sandbox.write("src/price.js", "export const price = () => 10;\n");
    sandbox.write(
        "src/cart.js",
        "import { price } from './price.js';\nexport const total = (n) => n * price();\n",
    );
    sandbox.write("src/other.js", "export const other = () => 1;\n");
    let test = |name: &str, body: &str| {
        sandbox.write(
            &format!("test/{name}.test.js"),
            &format!("import {{ test, expect }} from 'vitest';\n{body}\n"),
        );
    };
    test(
        "price",
        "import { price } from '../src/price.js';\ntest('price', () => expect(price()).toBe(10));",
    );
    test(
        "cart",
        "import { total } from '../src/cart.js';\ntest('cart', () => expect(total(2)).toBe(20));",
    );
    test(
        "other",
        "import { other } from '../src/other.js';\ntest('other', () => expect(other()).toBe(2));",
    );
    let err = fix_the_price_and_run_affected(
        &sandbox,
        &installed,
        "// HOTFIX: HOTFIX-001 - Keep the price\nexport const price = () => 10;\n",
    );
    assert!(err.contains("vitest related on 1 file(s)"), "{err}");
    assert!(
        err.contains("vitest related --run --passWithNoTests src/price.js"),
        "{err}"
    );
    assert!(
        err.contains("price.test.js") && err.contains("cart.test.js"),
        "{err}"
    );
    assert!(!err.contains("other.test.js"), "{err}");
}

#[test]
fn npm_workspaces_run_the_changed_package_and_its_dependents() {
    let Some(installed) = node_modules(
        "jest",
        "npm_workspaces_run_the_changed_package_and_its_dependents",
    ) else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.write(".gitignore", "node_modules/\n");
    sandbox.write(
        "package.json",
        "{\"name\": \"shop\", \"private\": true, \"workspaces\": [\"packages/*\"], \"scripts\": {\"test\": \"jest\"}, \"devDependencies\": {\"jest\": \"*\"}}\n",
    );
    let package = |name: &str, deps: &str, body: &str, test: &str| {
        sandbox.write(
            &format!("packages/{name}/package.json"),
            &format!("{{\"name\": \"{name}\", \"version\": \"1.0.0\", \"main\": \"index.js\", \"dependencies\": {{{deps}}}}}\n"),
        );
        sandbox.write(&format!("packages/{name}/index.js"), body);
        sandbox.write(&format!("packages/{name}/index.test.js"), test);
    };
    package(
        "billing",
        "",
        "exports.fee = () => 3;\n",
        "test('fee', () => expect(require('.').fee()).toBe(3));\n",
    );
    package(
        "api",
        "\"billing\": \"1.0.0\"",
        "exports.charge = (n) => n + require('billing').fee();\n",
        "test('charge', () => expect(require('.').charge(1)).toBe(4));\n",
    );
    package(
        "other",
        "",
        "exports.one = () => 1;\n",
        "test('one', () => expect(require('.').one()).toBe(2));\n",
    );
    sandbox.git(["add", "."]);
    sandbox.git([
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        "Add the workspace",
    ]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    link_node_modules(&sandbox, &installed, &["billing", "api", "other"]);
    sandbox.start("fee", &["--severity", "P1"]);
    sandbox.commit(
        "packages/billing/index.js",
        "// HOTFIX: HOTFIX-001 - Keep the fee\nexports.fee = () => 3;\n",
        &["-m", "HOTFIX-001: Keep the fee"],
    );
    let run = sandbox.hotfix(["test", "--affected"]).success();
    let err = stderr(&run);
    assert!(
        err.contains("Affected tests: 2 of 3 packages: billing (changed), api (depends on billing); jest --findRelatedTests on 1 file(s)."),
        "{err}"
    );
    assert!(err.contains("packages/billing/index.test.js"), "{err}");
    assert!(err.contains("packages/api/index.test.js"), "{err}");
    assert!(!err.contains("packages/other"), "{err}");
}

#[test]
fn pytest_runs_the_test_files_that_import_the_changed_modules() {
    let test = "pytest_runs_the_test_files_that_import_the_changed_modules";
    let Some(pytest) = std::env::var_os("GIT_HOTFIX_PYTEST")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
    else {
        skipped(&format!(
            "{test} (pytest is not installed; .ci/run installs it and sets GIT_HOTFIX_PYTEST)"
        ));
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.write(".gitignore", "__pycache__/\n.pytest_cache/\n");
    sandbox.write(
        "pyproject.toml",
        "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n\n[tool.pytest.ini_options]\npythonpath = [\"src\"]\n",
    );
    sandbox.write("src/shop/__init__.py", "");
    sandbox.write("src/shop/billing.py", "def fee():\n    return 3\n");
    sandbox.write(
        "src/shop/api.py",
        "from shop.billing import fee\n\ndef charge(n):\n    return n + fee()\n",
    );
    sandbox.write("src/shop/other.py", "def one():\n    return 1\n");
    sandbox.write(
        "tests/test_billing.py",
        "from shop import billing\n\ndef test_fee():\n    assert billing.fee() == 3\n",
    );
    sandbox.write(
        "tests/test_api.py",
        "import shop.api\n\ndef test_charge():\n    assert shop.api.charge(1) == 4\n",
    );
    sandbox.write(
        "tests/test_other.py",
        "from shop.other import one\n\ndef test_one():\n    assert one() == 2\n",
    );
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "--no-verify", "-m", "Add the shop"]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    sandbox.start("fee", &["--severity", "P1"]);
    sandbox.git([
        "config",
        "hotfix.testCommand",
        &format!("{} -q -p no:cacheprovider", pytest.display()),
    ]);
    sandbox.commit(
        "src/shop/billing.py",
        "# HOTFIX: HOTFIX-001 - Keep the fee\ndef fee():\n    return 3\n",
        &["-m", "HOTFIX-001: Keep the fee"],
    );
    let run = sandbox.hotfix(["test", "--affected"]).success();
    let err = stderr(&run);
    assert!(
        err.contains("Affected tests: 2 test file(s): 0 changed, 2 importing a changed module."),
        "{err}"
    );
    assert!(
        err.contains("-p no:cacheprovider tests/test_api.py tests/test_billing.py"),
        "{err}"
    );
    assert!(err.contains("2 passed"), "{err}");
}

#[test]
fn go_runs_the_changed_packages_and_their_importers() {
    if which::which("go").is_err() {
        skipped("go_runs_the_changed_packages_and_their_importers (go is not installed)");
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.write("go.mod", "module example.com/shop\n\ngo 1.19\n");
    let package = |name: &str, imports: &str, body: &str, test: &str| {
        sandbox.write(
            &format!("{name}/{name}.go"),
            &format!("package {name}\n\n{imports}\n{body}\n"),
        );
        sandbox.write(
            &format!("{name}/{name}_test.go"),
            &format!("package {name}\n\nimport \"testing\"\n\nfunc TestIt(t *testing.T) {{\n\t{test}\n}}\n"),
        );
    };
    package(
        "billing",
        "",
        "func Fee() int { return 3 }",
        "if Fee() != 3 { t.Fatal(\"fee\") }",
    );
    package(
        "api",
        "import \"example.com/shop/billing\"",
        "func Charge(n int) int { return n + billing.Fee() }",
        "if Charge(1) != 4 { t.Fatal(\"charge\") }",
    );
    package(
        "other",
        "",
        "func One() int { return 1 }",
        "if One() != 2 { t.Fatal(\"other is not affected\") }",
    );
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "--no-verify", "-m", "Add the shop"]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    sandbox.start("fee", &["--severity", "P1"]);
    sandbox.git(["config", "hotfix.testCommand", "go test ./..."]);
    sandbox.commit(
        "billing/billing.go",
        "package billing\n\n// HOTFIX: HOTFIX-001 - Keep the fee\nfunc Fee() int { return 3 }\n",
        &["-m", "HOTFIX-001: Keep the fee"],
    );
    let run = sandbox
        .with_env("GOTOOLCHAIN", "local")
        .with_env("GOFLAGS", "-mod=mod")
        .hotfix(["test", "--affected"])
        .success();
    let err = stderr(&run);
    assert!(
        err.contains("Affected tests: 2 of 3 packages of example.com/shop: billing (changed), api (imports a changed package)."),
        "{err}"
    );
    assert!(err.contains("go test ./billing ./api"), "{err}");
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// `test --watch` with `extra` flags, its stderr going to `watch.err`.
fn watching(sandbox: &Sandbox, extra: &[&str]) -> std::process::Child {
    let mut command = sandbox.command(crate::common::binary());
    command
        .args(["test", "--watch"])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(sandbox.dir.path().join("watch.err")).unwrap());
    command.spawn().unwrap()
}

#[test]
fn watch_runs_the_affected_tests_and_the_full_suite_once_committed() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    let affected = logging(
        &sandbox,
        "hotfix.affectedTestCommand",
        "affected",
        "{files}",
    );
    let mut child = watching(&sandbox, &[]);
    let watched = || fs::read_to_string(sandbox.dir.path().join("watch.err")).unwrap();
    // Committed and passing: the affected tests, then the full suite.
    wait_for("the first round", || count(&full, "full") == 1);
    assert_eq!(count(&affected, "affected"), 1, "{}", watched());
    std::thread::sleep(std::time::Duration::from_millis(800));
    // An uncommitted change: the affected tests only, with the new file among them.
    sandbox.write("session.js", "// HOTFIX: HOTFIX-001 - Expire\n");
    wait_for("the affected rerun", || count(&affected, "affected") == 2);
    std::thread::sleep(std::time::Duration::from_millis(1200));
    assert_eq!(count(&full, "full"), 1, "{}", watched());
    assert!(lines(&affected).contains(&"session.js".to_string()));
    // Committed: the full suite runs again.
    sandbox.git(["add", "session.js"]);
    sandbox.git(["commit", "--quiet", "-m", "HOTFIX-001: Expire sessions"]);
    wait_for("the full suite", || count(&full, "full") == 2);
    let recorded = || {
        sandbox.metadata("HOTFIX-001")["tests"]
            .as_array()
            .unwrap()
            .len()
    };
    wait_for("its record", || recorded() == 4);
    child.kill().unwrap();
    child.wait().unwrap();
    let meta = sandbox.metadata("HOTFIX-001");
    let kinds: Vec<bool> = meta["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["affected"].is_string())
        .collect();
    assert_eq!(kinds, [true, false, true, false], "{}", watched());
}

#[test]
fn watch_full_runs_the_full_suite_on_every_change() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    let affected = logging(
        &sandbox,
        "hotfix.affectedTestCommand",
        "affected",
        "{files}",
    );
    let mut child = watching(&sandbox, &["--full"]);
    wait_for("the first run", || count(&full, "full") == 1);
    std::thread::sleep(std::time::Duration::from_millis(800));
    sandbox.write("session.js", "x\n");
    wait_for("the rerun", || count(&full, "full") == 2);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(count(&affected, "affected"), 0);
}

#[test]
fn a_long_list_of_changed_files_still_fits_in_the_notes() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    sandbox.git(["config", "hotfix.affectedTestCommand", "true {files}"]);
    for n in 0..300 {
        sandbox.write(&format!("src/a-rather-long-module-name-{n:03}.js"), "x\n");
    }
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "--no-verify", "-m", "HOTFIX-001: Many"]);
    let run = sandbox.hotfix(["test", "--affected"]).success();
    assert!(
        stderr(&run).contains("with 301 changed file(s)"),
        "{}",
        stderr(&run)
    );
    let meta = sandbox.metadata("HOTFIX-001");
    let command = meta["tests"][0]["command"].as_str().unwrap();
    assert!(
        command.ends_with('…') && command.chars().count() <= 1001,
        "{command}"
    );
}

#[test]
fn a_crate_name_cargo_would_read_as_an_option_takes_the_full_suite() {
    let sandbox = Sandbox::new();
    sandbox.write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n");
    sandbox.write(
        "crates/evil/Cargo.toml",
        "[package]\nname = \"--config=build.rustc-wrapper='touch pwned'\"\nversion = \"0.1.0\"\n",
    );
    sandbox.write("crates/evil/src/lib.rs", "\n");
    sandbox.git(["add", "."]);
    sandbox.git(["commit", "--quiet", "--no-verify", "-m", "Add a crate"]);
    sandbox.git(["push", "--quiet", "origin", "main"]);
    sandbox.start("evil", &["--severity", "P1"]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    sandbox.commit(
        "crates/evil/src/lib.rs",
        "// HOTFIX: HOTFIX-001 - Touch\n",
        &["-m", "HOTFIX-001: Touch"],
    );
    let run = sandbox.hotfix(["test", "--affected"]).success();
    assert!(
        stderr(&run).contains("Running the full suite: the crate name '--config=build.rustc-wrapper='touch pwned'' is not one cargo takes."),
        "{}",
        stderr(&run)
    );
    assert_eq!(count(&full, "full"), 1);
}

#[test]
fn the_configured_changelog_reuses_the_pass_whatever_its_name() {
    let sandbox = Sandbox::new();
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    sandbox.git(["config", "hotfix.changelog", "release-history"]);
    sandbox.hotfix(["test"]).success();
    let tested = sandbox.rev("HEAD");
    sandbox.hotfix(["release-notes", "--changelog"]).success();
    let written = sandbox.git(["diff", "--name-only", &tested, "HEAD"]);
    assert_eq!(written.trim(), "release-history");
    let finish = sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(count(&full, "full"), 1, "{}", stderr(&finish));
    assert!(
        stderr(&finish).contains(&format!(
            "reused the pass on {}: only release-history changed",
            &tested[..7]
        )),
        "{}",
        stderr(&finish)
    );
}

#[test]
fn a_version_set_beside_the_changelog_reuses_the_pass_and_a_dependency_does_not() {
    let sandbox = Sandbox::project(&crate::common::layouts::npm_package());
    sandbox.fixed_hotfix("auth", &[]);
    let full = logging(&sandbox, "hotfix.testCommand", "full", "");
    sandbox.hotfix(["test"]).success();
    let tested = sandbox.rev("HEAD");
    // release-notes --changelog commits the version in package.json and its lock beside the
    // entry: no test can tell, and the release runs the suite once.
    sandbox.hotfix(["release-notes", "--changelog"]).success();
    let finish = sandbox.hotfix(["finish", "--yes"]).success();
    assert_eq!(count(&full, "full"), 1, "{}", stderr(&finish));
    assert!(
        stderr(&finish).contains(&format!(
            "reused the pass on {}: only CHANGELOG.md changed and the version was set, in package-lock.json and package.json",
            &tested[..7]
        )),
        "{}",
        stderr(&finish)
    );

    // A manifest change beyond the version is code: the suite runs again.
    let other = Sandbox::project(&crate::common::layouts::npm_package());
    other.fixed_hotfix("auth", &[]);
    let full = logging(&other, "hotfix.testCommand", "full", "");
    other.hotfix(["test"]).success();
    let manifest = other
        .read("package.json")
        .replace("2.0.1", "2.0.2")
        .replace(
            "\"ms\": \"^2.1.3\"",
            "\"ms\": \"^2.1.3\",\n    \"left-pad\": \"^1.3.0\"",
        );
    other.commit("package.json", &manifest, &["-m", "HOTFIX-001: Pad"]);
    other.hotfix(["test"]).success();
    assert_eq!(
        count(&full, "full"),
        2,
        "a dependency added reused the pass"
    );
}
