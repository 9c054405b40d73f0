//! Languages and their comment syntax, in one table: the HOTFIX code-comment rule reads a
//! changed file's comments with it, and every suggestion of such a comment (`start`, the rule's
//! fix) is written in it, so a Python project is told `# HOTFIX: …`, never `// HOTFIX: …`.
//! A file is known by its extension or its name; a project by the manifests at its root, else
//! by which language most of its files are in.

use crate::git::{ObjectId, Repo};

const SLASH: &[&str] = &["//", "/*", "*"];
const HASH: &[&str] = &["#"];
const DASH: &[&str] = &["--"];
const BLOCK: &[&str] = &["/*", "*"];
const XML: &[&str] = &["<!--"];
const SEMI: &[&str] = &[";"];
const PHP: &[&str] = &["//", "#", "/*", "*"];
const INI: &[&str] = &[";", "#"];
const PERCENT: &[&str] = &["%"];
const SFC: &[&str] = &["<!--", "//", "/*", "*"];
const HCL: &[&str] = &["#", "//", "/*", "*"];

/// One language (or family sharing a syntax): how its comments start, the first marker being
/// the one suggested; the file extensions and names it is known by; the manifests that make it
/// a project's main language; and whether its files count towards the main language (markup
/// and configuration do not).
struct Language {
    markers: &'static [&'static str],
    extensions: &'static [&'static str],
    names: &'static [&'static str],
    manifests: &'static [&'static str],
    program: bool,
}

const fn program(
    markers: &'static [&'static str],
    extensions: &'static [&'static str],
    manifests: &'static [&'static str],
) -> Language {
    Language {
        markers,
        extensions,
        names: &[],
        manifests,
        program: true,
    }
}

#[rustfmt::skip]
const LANGUAGES: &[Language] = &[
    program(SLASH, &["rs"], &["Cargo.toml"]),
    program(SLASH, &["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"], &["package.json", "deno.json"]),
    program(SLASH, &["go"], &["go.mod"]),
    program(SLASH, &["java", "kt", "kts", "scala", "groovy"], &["pom.xml", "build.gradle", "build.gradle.kts", "build.sbt"]),
    program(SLASH, &["c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "m", "mm"], &[]),
    program(SLASH, &["cs", "fs"], &[]),
    program(SLASH, &["swift"], &["Package.swift"]),
    program(SLASH, &["dart"], &["pubspec.yaml"]),
    program(SLASH, &["zig", "sol", "v", "sv"], &["build.zig"]),
    program(HASH, &["py", "pyi"], &["pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile"]),
    program(HASH, &["rb"], &["Gemfile"]),
    program(HASH, &["ex", "exs"], &["mix.exs"]),
    program(HASH, &["sh", "bash", "zsh", "fish", "ksh", "pl", "pm", "r", "jl", "ps1", "psm1", "tcl", "awk", "cr", "coffee"], &[]),
    program(DASH, &["sql", "lua", "hs", "elm", "ada", "adb", "ads", "vhd", "vhdl"], &["stack.yaml"]),
    program(PHP, &["php"], &["composer.json"]),
    program(PERCENT, &["erl", "hrl"], &["rebar.config"]),
    program(SEMI, &["clj", "cljs", "cljc", "lisp", "el", "scm", "rkt", "asm", "s"], &["project.clj", "deps.edn"]),
    program(SFC, &["vue", "svelte", "astro"], &[]),
    Language { markers: SLASH, extensions: &["gradle", "proto", "jsonc", "json5", "scss", "less"], names: &["Jenkinsfile"], manifests: &[], program: false },
    Language { markers: HCL, extensions: &["hcl", "tf"], names: &[], manifests: &[], program: false },
    Language {
        markers: HASH,
        extensions: &["yaml", "yml", "toml", "conf", "cfg", "properties", "cmake", "nix", "sed", "mk", "dockerfile", "bzl"],
        names: &["Dockerfile", "Containerfile", "Makefile", "makefile", "GNUmakefile", "Rakefile", "Gemfile", "Vagrantfile", "BUILD", "WORKSPACE"],
        manifests: &[],
        program: false,
    },
    Language { markers: BLOCK, extensions: &["css"], names: &[], manifests: &[], program: false },
    Language { markers: XML, extensions: &["html", "htm", "xhtml", "xml", "xsl", "xslt", "jsp", "erb", "ejs", "hbs", "cshtml"], names: &[], manifests: &[], program: false },
    Language { markers: SEMI, extensions: &["edn"], names: &[], manifests: &[], program: false },
    Language { markers: INI, extensions: &["ini"], names: &[], manifests: &[], program: false },
];

/// How many paths of a tree are read to tell its main language.
const SAMPLE: usize = 20_000;

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The language of a file, by its name or its extension.
fn language_of(path: &str) -> Option<&'static Language> {
    let name = file_name(path);
    if let Some(language) = LANGUAGES.iter().find(|l| l.names.contains(&name)) {
        return Some(language);
    }
    if name.starts_with(".env") {
        return LANGUAGES.iter().find(|l| l.names.contains(&"Dockerfile"));
    }
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    LANGUAGES
        .iter()
        .find(|l| l.extensions.contains(&extension.as_str()))
}

/// The comment markers of a source file's language; `None` for anything that is not code or
/// configuration in a language with comments (docs, data, binary files).
pub fn comment_markers(path: &str) -> Option<&'static [&'static str]> {
    language_of(path).map(|language| language.markers)
}

/// The main language of the project in `commit`'s tree: the one whose manifest is at the root
/// (the one with most files when there are several), else the one most of its files are in.
fn main_language(repo: &Repo, commit: ObjectId) -> Option<&'static Language> {
    let paths = repo.file_paths_at(commit, SAMPLE).ok()?;
    let count = |language: &Language| {
        paths
            .iter()
            .filter(|path| language_of(path).is_some_and(|l| std::ptr::eq(l, language)))
            .count()
    };
    let with_manifest: Vec<&'static Language> = LANGUAGES
        .iter()
        .filter(|l| l.manifests.iter().any(|m| paths.iter().any(|p| p == m)))
        .collect();
    let candidates: Vec<&'static Language> = if with_manifest.is_empty() {
        LANGUAGES.iter().filter(|l| l.program).collect()
    } else {
        with_manifest
    };
    let best = candidates
        .into_iter()
        .map(|language| (count(language), language))
        .filter(|(files, _)| *files > 0)
        .max_by_key(|(files, _)| *files);
    best.map(|(_, language)| language)
}

/// A HOTFIX code comment to suggest, `<marker> HOTFIX: <id> - <summary>` in the syntax of
/// `path` when it is a file with comments, else in the main language of the project at
/// `commit`; C-style `//` when neither tells (a tree that cannot be read is only a suggestion
/// lost).
pub fn suggested_comment(
    repo: &Repo,
    commit: Option<ObjectId>,
    path: Option<&str>,
    id: &str,
    summary: &str,
) -> String {
    let markers = match path.and_then(comment_markers) {
        Some(markers) => markers,
        None => match commit {
            Some(commit) => main_language(repo, commit).map_or(SLASH, |l| l.markers),
            None => SLASH,
        },
    };
    written(markers, &format!("HOTFIX: {id} - {summary}"))
}

/// `text` as a comment in the first of `markers`, closed when the syntax needs it.
fn written(markers: &[&str], text: &str) -> String {
    match markers.first().copied().unwrap_or("//") {
        "<!--" => format!("<!-- {text} -->"),
        "/*" => format!("/* {text} */"),
        marker => format!("{marker} {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_extension_or_name() {
        assert_eq!(comment_markers("app/views.py"), Some(HASH));
        assert_eq!(comment_markers("src/Main.JAVA"), Some(SLASH));
        assert_eq!(comment_markers("Dockerfile"), Some(HASH));
        assert_eq!(comment_markers(".env.production"), Some(HASH));
        assert_eq!(comment_markers("Jenkinsfile"), Some(SLASH));
        assert_eq!(comment_markers("README.md"), None);
        assert_eq!(comment_markers("data.json"), None);
    }

    #[test]
    fn suggestions_close_the_comment_when_the_syntax_needs_it() {
        assert_eq!(written(HASH, "HOTFIX: X - y"), "# HOTFIX: X - y");
        assert_eq!(written(XML, "HOTFIX: X - y"), "<!-- HOTFIX: X - y -->");
        assert_eq!(written(BLOCK, "HOTFIX: X - y"), "/* HOTFIX: X - y */");
        assert_eq!(written(DASH, "HOTFIX: X - y"), "-- HOTFIX: X - y");
    }

    #[test]
    fn every_extension_and_name_has_one_language() {
        let mut seen = std::collections::BTreeSet::new();
        for language in LANGUAGES {
            for key in language.extensions.iter().chain(language.names) {
                assert!(seen.insert(*key), "'{key}' is in two languages");
            }
        }
    }
}
