//! Repositories laid out like real projects, for the features that read a project's own
//! files (its changelog, its version source): each layout copies the shape of a well-known
//! kind of project — a Keep a Changelog file with link references, Flask's `CHANGES.rst`, a
//! Python library whose changelog towncrier builds from `changelog.d/`, a changesets monorepo,
//! a Cargo workspace with inherited versions, an npm package with its lock file, a setuptools
//! package with a dynamic `__version__`.
//! [`Sandbox::project`] commits a layout as the released tree of `v2.0.0` and `v2.0.1`, so a
//! hotfix started there sees it.

use super::sandbox::Sandbox;

/// The files of a layout: (path, content).
pub type Layout = Vec<(&'static str, String)>;

impl Sandbox {
    /// A bare `origin` and a clone whose releases `v2.0.0` and `v2.0.1` (on `main`, with
    /// `develop` beside it, all pushed) hold `layout` and an `app.js`.
    pub fn project(layout: &Layout) -> Sandbox {
        let root = Sandbox::empty();
        let root = root.in_dir(root.dir.path());
        root.git(["init", "--quiet", "--bare", "origin.git"]);
        root.git(["clone", "--quiet", "origin.git", "work"]);
        let sandbox = root.in_dir("work");
        for (path, content) in layout {
            sandbox.write(path, content);
        }
        sandbox.git(["add", "--all"]);
        sandbox.commit(
            "app.js",
            "function login() {\n  return true;\n}\n",
            &["-m", "Initial release"],
        );
        sandbox.git(["tag", "-a", "v2.0.0", "-m", "Release 2.0.0"]);
        sandbox.commit("README.md", "# App\n", &["-m", "Add readme"]);
        sandbox.git(["tag", "-a", "v2.0.1", "-m", "Release 2.0.1"]);
        sandbox.git(["branch", "develop"]);
        sandbox.git(["push", "--quiet", "origin", "main", "develop", "--tags"]);
        sandbox
    }
}

/// A crate `acme` at the root with its lock file and a `VERSION`, all saying `version`.
pub fn versioned_crate(version: &str) -> Layout {
    vec![
        ("VERSION", format!("{version}\n")),
        (
            "Cargo.toml",
            format!("[package]\nname = \"acme\"\nversion = \"{version}\"\nedition = \"2021\"\n"),
        ),
        (
            "Cargo.lock",
            format!("version = 4\n\n[[package]]\nname = \"acme\"\nversion = \"{version}\"\n"),
        ),
    ]
}

fn files(list: &[(&'static str, &str)]) -> Layout {
    list.iter()
        .map(|(path, content)| (*path, content.to_string()))
        .collect()
}

/// A `CHANGELOG.md` in the Keep a Changelog 1.1.0 shape: an `[Unreleased]` section with an
/// entry waiting, released sections, and compare links at the bottom.
pub fn keep_a_changelog() -> Layout {
    files(&[(
        "CHANGELOG.md",
        "# Changelog\n\
         \n\
         All notable changes to this project will be documented in this file.\n\
         \n\
         The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n\
         and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\
         \n\
         ## [Unreleased]\n\
         \n\
         ### Changed\n\
         \n\
         - Name the session cookie `sid`.\n\
         \n\
         ## [2.0.1] - 2026-02-10\n\
         \n\
         ### Fixed\n\
         \n\
         - Keep the session on a page reload.\n\
         \n\
         ## [2.0.0] - 2026-01-15\n\
         \n\
         ### Added\n\
         \n\
         - Log in with an email address.\n\
         \n\
         [unreleased]: https://github.com/acme/app/compare/v2.0.1...HEAD\n\
         [2.0.1]: https://github.com/acme/app/compare/v2.0.0...v2.0.1\n\
         [2.0.0]: https://github.com/acme/app/releases/tag/v2.0.0\n",
    )])
}

/// Flask's `CHANGES.rst`: `Version X.Y.Z` titles underlined with `-`, a `Released` line, and
/// items written `-   text`.
pub fn rst_changelog() -> Layout {
    files(&[(
        "CHANGES.rst",
        "Version 2.0.1\n\
         -------------\n\
         \n\
         Released 2026-02-10\n\
         \n\
         -   Keep the session on a page reload. :issue:`412`\n\
         \n\
         \n\
         Version 2.0.0\n\
         -------------\n\
         \n\
         Released 2026-01-15\n\
         \n\
         -   Log in with an email address. :pr:`398`\n",
    )])
}

/// A Python library whose `CHANGELOG.rst` towncrier builds from fragments in `changelog.d/`,
/// with fragment types of its own (`security` among them) and a dynamic version.
pub fn towncrier_project() -> Layout {
    files(&[
        (
            "pyproject.toml",
            "[build-system]\n\
             requires = [\"hatchling\"]\n\
             build-backend = \"hatchling.build\"\n\
             \n\
             [project]\n\
             name = \"acme-auth\"\n\
             dynamic = [\"version\"]\n\
             \n\
             [tool.hatch.version]\n\
             path = \"src/acme_auth/__about__.py\"\n\
             \n\
             [tool.towncrier]\n\
             package = \"acme_auth\"\n\
             package_dir = \"src\"\n\
             directory = \"changelog.d\"\n\
             filename = \"CHANGELOG.rst\"\n\
             issue_format = \"`#{issue} <https://github.com/acme/acme-auth/issues/{issue}>`_\"\n\
             \n\
             [[tool.towncrier.type]]\n\
             directory = \"security\"\n\
             name = \"Security\"\n\
             showcontent = true\n\
             \n\
             [[tool.towncrier.type]]\n\
             directory = \"bugfix\"\n\
             name = \"Bug Fixes\"\n\
             showcontent = true\n\
             \n\
             [[tool.towncrier.type]]\n\
             directory = \"feature\"\n\
             name = \"Features\"\n\
             showcontent = true\n",
        ),
        (
            "CHANGELOG.rst",
            "=========\n\
             Changelog\n\
             =========\n\
             \n\
             .. towncrier release notes start\n\
             \n\
             2.0.1 (2026-02-10)\n\
             ==================\n\
             \n\
             Bug Fixes\n\
             ---------\n\
             \n\
             - Keep the session on a page reload. (`#412 <https://github.com/acme/acme-auth/issues/412>`_)\n",
        ),
        ("changelog.d/.gitignore", "!.gitignore\n"),
        ("src/acme_auth/__about__.py", "__version__ = \"2.0.1\"\n"),
        (
            "src/acme_auth/__init__.py",
            "from .__about__ import __version__\n",
        ),
    ])
}

/// A pnpm/yarn-style monorepo released with changesets: a private workspace root, two
/// packages under `packages/`, and `.changeset/` with its config and README.
pub fn changesets_monorepo() -> Layout {
    files(&[
        (
            "package.json",
            "{\n  \"name\": \"acme\",\n  \"private\": true,\n  \"workspaces\": [\"packages/*\"],\n  \"devDependencies\": {\n    \"@changesets/cli\": \"^2.27.1\"\n  }\n}\n",
        ),
        (
            ".changeset/config.json",
            "{\n  \"$schema\": \"https://unpkg.com/@changesets/config@3.0.0/schema.json\",\n  \"changelog\": \"@changesets/cli/changelog\",\n  \"commit\": false,\n  \"fixed\": [],\n  \"linked\": [],\n  \"access\": \"restricted\",\n  \"baseBranch\": \"main\",\n  \"updateInternalDependencies\": \"patch\",\n  \"ignore\": []\n}\n",
        ),
        (
            ".changeset/README.md",
            "# Changesets\n\nHello and welcome! This folder has been automatically generated by `@changesets/cli`.\n",
        ),
        (
            "packages/core/package.json",
            "{\n  \"name\": \"@acme/core\",\n  \"version\": \"2.0.1\",\n  \"main\": \"index.js\"\n}\n",
        ),
        (
            "packages/core/index.js",
            "module.exports = { allow: () => true };\n",
        ),
        (
            "packages/web/package.json",
            "{\n  \"name\": \"@acme/web\",\n  \"version\": \"2.0.1\",\n  \"dependencies\": {\n    \"@acme/core\": \"workspace:^2.0.1\"\n  }\n}\n",
        ),
        ("packages/web/index.js", "require('@acme/core');\n"),
    ])
}

/// A Cargo workspace whose crates inherit `[workspace.package] version`, one depending on the
/// other through `[workspace.dependencies]`, with its `Cargo.lock`.
pub fn cargo_workspace() -> Layout {
    files(&[
        (
            "Cargo.toml",
            "[workspace]\n\
             members = [\"crates/*\"]\n\
             resolver = \"2\"\n\
             \n\
             [workspace.package]\n\
             version = \"2.0.1\" # the release\n\
             edition = \"2021\"\n\
             license = \"MIT\"\n\
             \n\
             [workspace.dependencies]\n\
             acme-core = { path = \"crates/acme-core\", version = \"2.0.1\" }\n\
             serde = \"1.0.200\"\n",
        ),
        (
            "crates/acme-core/Cargo.toml",
            "[package]\nname = \"acme-core\"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\nserde.workspace = true\n",
        ),
        (
            "crates/acme-core/src/lib.rs",
            "pub fn allow() -> bool {\n    true\n}\n",
        ),
        (
            "crates/acme-cli/Cargo.toml",
            "[package]\nname = \"acme-cli\"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\nacme-core.workspace = true\n",
        ),
        (
            "crates/acme-cli/src/main.rs",
            "fn main() {\n    acme_core::allow();\n}\n",
        ),
        (
            "Cargo.lock",
            "# This file is automatically @generated by Cargo.\n\
             # It is not intended for manual editing.\n\
             version = 4\n\
             \n\
             [[package]]\n\
             name = \"acme-cli\"\n\
             version = \"2.0.1\"\n\
             dependencies = [\n \"acme-core\",\n]\n\
             \n\
             [[package]]\n\
             name = \"acme-core\"\n\
             version = \"2.0.1\"\n\
             dependencies = [\n \"serde\",\n]\n\
             \n\
             [[package]]\n\
             name = \"serde\"\n\
             version = \"1.0.200\"\n\
             source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\
             checksum = \"ddc6f9cc94d67c0e21aaf7eda3a010fd3af78ebf6e096aa6e2e13c79749cce4f\"\n",
        ),
    ])
}

/// An npm package with its `package-lock.json` (lockfile version 3) and one dependency.
pub fn npm_package() -> Layout {
    files(&[
        (
            "package.json",
            "{\n  \"name\": \"acme-app\",\n  \"version\": \"2.0.1\",\n  \"main\": \"app.js\",\n  \"scripts\": {\n    \"test\": \"node --test\"\n  },\n  \"dependencies\": {\n    \"ms\": \"^2.1.3\"\n  }\n}\n",
        ),
        (
            "package-lock.json",
            "{\n  \"name\": \"acme-app\",\n  \"version\": \"2.0.1\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n    \"\": {\n      \"name\": \"acme-app\",\n      \"version\": \"2.0.1\",\n      \"dependencies\": {\n        \"ms\": \"^2.1.3\"\n      }\n    },\n    \"node_modules/ms\": {\n      \"version\": \"2.1.3\",\n      \"resolved\": \"https://registry.npmjs.org/ms/-/ms-2.1.3.tgz\",\n      \"integrity\": \"sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==\",\n      \"license\": \"MIT\"\n    }\n  }\n}\n",
        ),
    ])
}

/// A setuptools project whose version is dynamic, read from `acme_auth.__about__.__version__`
/// in a `src/` layout.
pub fn python_dynamic_version() -> Layout {
    files(&[
        (
            "pyproject.toml",
            "[build-system]\n\
             requires = [\"setuptools>=61\"]\n\
             build-backend = \"setuptools.build_meta\"\n\
             \n\
             [project]\n\
             name = \"acme-auth\"\n\
             dynamic = [\"version\"]\n\
             requires-python = \">=3.9\"\n\
             \n\
             [tool.setuptools.dynamic]\n\
             version = {attr = \"acme_auth.__about__.__version__\"}\n",
        ),
        (
            "src/acme_auth/__about__.py",
            "# SPDX-License-Identifier: MIT\n__version__ = \"2.0.1\"\n",
        ),
        (
            "src/acme_auth/__init__.py",
            "from .__about__ import __version__\n",
        ),
    ])
}
