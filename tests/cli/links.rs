//! Symbolic links and submodules where git-hotfix reads a project's files from a commit's
//! tree: a link committed in place of a manifest or a version file is not that file (its blob
//! is the path it points to), so it is neither read nor written through, and the user is told.
//! A second clone pushes the crafted commit, as someone else's would arrive; the victim's
//! clone finishes, tests or writes the release notes.

use std::fs;
use std::os::unix::fs::symlink;

use crate::common::{Sandbox, fixed_app, stderr};

/// An npm workspace released as one (`v2.0.1`): a root package and `packages/api`, with a
/// root `VERSION` file, and a hotfix whose fix is in `packages/api`. Returns the sandbox and
/// the hotfix's id.
fn workspace_with_a_fix() -> (Sandbox, String) {
    let victim = Sandbox::new();
    victim.write(
        "package.json",
        "{\"name\": \"shop\", \"version\": \"2.0.1\", \"private\": true, \"workspaces\": [\"packages/*\"]}\n",
    );
    victim.write(
        "packages/api/package.json",
        "{\"name\": \"@shop/api\", \"version\": \"2.0.1\"}\n",
    );
    victim.write("packages/api/index.js", "module.exports = () => true;\n");
    victim.write("VERSION", "2.0.1\n");
    victim.git(["add", "--all"]);
    victim.git(["commit", "--quiet", "-m", "Move to a workspace"]);
    victim.git(["push", "--quiet", "origin", "main"]);
    let id = victim.start("auth", &["--severity", "P0"]);
    victim.git(["config", "hotfix.testCommand", "true"]);
    victim.commit(
        "packages/api/index.js",
        &fixed_app(&id),
        &["-m", &format!("{id}: Deny by default")],
    );
    victim.git(["push", "--quiet", "origin", "hotfix/auth"]);
    (victim, id)
}

/// The attacker's clone, on the victim's pushed hotfix branch.
fn attacker(victim: &Sandbox) -> Sandbox {
    let attacker = victim.clone_named("attacker");
    attacker.git(["config", "user.name", "Mallory"]);
    attacker.git(["switch", "--quiet", "hotfix/auth"]);
    attacker
}

/// Replaces each `(path, target)` of the attacker's clone with a symbolic link to `target`,
/// commits as plain git can and pushes; the victim pulls it.
fn push_links(attacker: &Sandbox, victim: &Sandbox, links: &[(&str, &str)], message: &str) {
    for (path, target) in links {
        let at = attacker.work.join(path);
        let _ = fs::remove_file(&at);
        symlink(target, &at).unwrap();
    }
    attacker.git(["add", "--all"]);
    attacker.git(["commit", "--quiet", "--no-verify", "-m", message]);
    attacker.git(["push", "--quiet", "origin", "hotfix/auth"]);
    victim.git(["pull", "--quiet", "--ff-only", "origin", "hotfix/auth"]);
}

/// The mode and target of `path` in `commit`'s tree (`120000 ../x`).
fn entry(sandbox: &Sandbox, commit: &str, path: &str) -> String {
    let listed = sandbox.git(["ls-tree", commit, "--", path]);
    let mode = listed.split_whitespace().next().unwrap_or("").to_string();
    let content = sandbox.git(["cat-file", "-p", &format!("{commit}:{path}")]);
    format!("{mode} {}", content.trim_end())
}

#[test]
fn a_manifest_and_a_version_file_replaced_by_links_out_of_the_tree_are_neither_read_nor_written() {
    let (victim, id) = workspace_with_a_fix();
    // The victim's own files beside the clone, which the links lead to: a manifest stating
    // another version, and a version file under a directory whose name looks like a version.
    let outside = victim.dir.path().join("outside");
    fs::create_dir_all(outside.join("2.0.1")).unwrap();
    let manifest = "{\"name\": \"@shop/api\", \"version\": \"9.9.9\"}\n";
    fs::write(outside.join("package.json"), manifest).unwrap();
    fs::write(outside.join("2.0.1/VERSION"), "9.9.9\n").unwrap();
    let mallory = attacker(&victim);
    push_links(
        &mallory,
        &victim,
        &[
            ("packages/api/package.json", "../../../outside/package.json"),
            ("VERSION", "../outside/2.0.1/VERSION"),
        ],
        &format!("{id}: Share the manifest"),
    );

    let affected = victim.hotfix(["test", "--affected"]).success();
    assert!(
        stderr(&affected).contains(
            "packages/api/package.json is a symbolic link, not a file: it is left out, neither read nor written through"
        ),
        "{}",
        stderr(&affected)
    );
    let notes = victim.hotfix(["release-notes", "--changelog"]).success();
    let finish = victim.hotfix(["finish", "--yes"]).success();
    for (what, run) in [("release-notes", &notes), ("finish", &finish)] {
        let err = stderr(run);
        for path in ["packages/api/package.json", "VERSION"] {
            assert!(
                err.contains(&format!("{path} is a symbolic link, not a file")),
                "{what}: {err}"
            );
        }
        assert!(!err.contains("9.9.9"), "{what} read through a link: {err}");
    }
    // Nothing was written through the links, and the release keeps them as they were.
    assert_eq!(
        fs::read_to_string(outside.join("package.json")).unwrap(),
        manifest
    );
    assert_eq!(
        fs::read_to_string(outside.join("2.0.1/VERSION")).unwrap(),
        "9.9.9\n"
    );
    assert_eq!(
        entry(&victim, "v2.0.2", "packages/api/package.json"),
        "120000 ../../../outside/package.json"
    );
    assert_eq!(
        entry(&victim, "v2.0.2", "VERSION"),
        "120000 ../outside/2.0.1/VERSION"
    );
}

#[test]
fn a_link_whose_target_reads_as_a_manifest_is_no_package() {
    let (victim, id) = workspace_with_a_fix();
    // A link's blob is its target: here text that parses as a manifest of another package.
    let mallory = attacker(&victim);
    push_links(
        &mallory,
        &victim,
        &[(
            "packages/api/package.json",
            "{\"name\": \"@evil/api\", \"version\": \"2.0.1\"}",
        )],
        &format!("{id}: Share the manifest"),
    );

    let config = victim.hotfix(["config"]).success();
    let out = crate::common::stdout(&config);
    assert!(!out.contains("@evil/api"), "{out}");
    assert!(
        stderr(&config)
            .contains("skipped packages/api/package.json: a symbolic link is not a manifest"),
        "{}",
        stderr(&config)
    );
    // Taken for a manifest, the finish would set its version through the link and refuse.
    let finish = victim.hotfix(["finish", "--yes"]).success();
    assert!(
        stderr(&finish).contains("packages/api/package.json is a symbolic link"),
        "{}",
        stderr(&finish)
    );
    assert_eq!(
        entry(&victim, "v2.0.2", "packages/api/package.json"),
        "120000 {\"name\": \"@evil/api\", \"version\": \"2.0.1\"}"
    );
}
