//! Repositories laid out like real projects, for the features that read a project's own
//! files (its changelog, its version source): each layout copies the shape of a well-known
//! kind of project — a Keep a Changelog file with link references, Flask's `CHANGES.rst`, a
//! Python library whose changelog towncrier builds from `changelog.d/`, a changesets monorepo.
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
