//! The layers of the crate, kept by a test. Every file of `src/` belongs to the top-level module
//! of its path (`src/git/notes.rs` to `git`, `src/lib.rs` to `lib`), and may use, through
//! `crate::` paths, only modules on a lower layer of [`LAYERS`]: imports go one way, down, so
//! each layer can be read and tested with only the layers below it. A module on the same layer
//! is off limits too, unless [`SAME_LAYER`] allows it; [`EXCEPTIONS`] lists the one import that
//! goes up, with why. Comments and string literals are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, bottom layer first.
#[rustfmt::skip]
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &["error", "clock", "failpoint", "files", "shell", "ui"]),
    ("git", &["git"]),
    ("project layout", &["project"]),
    ("notes format and settings", &["store", "config"]),
    ("domain", &["version", "changelog", "codeowners", "operation", "notify", "testing", "pipeline", "history", "sync"]),
    ("packages released", &["packages"]),
    ("rules and saving", &["policy", "record"]),
    ("reports and hooks", &["report", "hooks"]),
    ("forge", &["pr"]),
    ("commands", &["commands"]),
    ("command line", &["cli"]),
    ("generated docs", &["docs"]),
    ("crate root", &["lib", "main", "architecture"]),
];

/// Uses allowed between two modules of one layer: (user, used).
const SAME_LAYER: &[(&str, &str)] = &[
    // An error is printed the way git prints one.
    ("ui", "error"),
    // A refused write is an error like any other.
    ("files", "error"),
    // The deploy steps get the released commit and the version it replaces.
    ("pipeline", "history"),
    ("pipeline", "version"),
];

/// Uses that go up a layer: (file, module used, why).
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "src/commands/completions.rs",
        "docs",
        "the completions are rendered from the clap definition in cli, which holds every command's Args",
    ),
    (
        "src/commands/generate_docs.rs",
        "docs",
        "the man page and completions are rendered from the clap definition in cli",
    ),
];

/// One `crate::<module>` use in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Use {
    line: usize,
    module: String,
}

/// The layer of a module, by index into [`LAYERS`].
fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The top-level module of a path relative to the crate (`src/git/notes.rs` → `git`).
fn module_of(path: &str) -> String {
    let inside = path.strip_prefix("src/").unwrap_or(path);
    let first = inside.split('/').next().unwrap_or(inside);
    first.strip_suffix(".rs").unwrap_or(first).to_string()
}

/// The source with every comment, string and character literal blanked out (newlines kept, so
/// offsets and line numbers stay those of the file).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut out[from..to.min(chars.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if c == '/' && next == Some('/') {
            let end = chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if c == '/' && next == Some('*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < chars.len() && depth > 0 {
                match (chars[j], chars.get(j + 1)) {
                    ('/', Some('*')) => (depth, j) = (depth + 1, j + 2),
                    ('*', Some('/')) => (depth, j) = (depth - 1, j + 2),
                    _ => j += 1,
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && match prev {
                None => true,
                Some('b') => i < 2 || !ident(chars[i - 2]),
                Some(p) => !ident(p),
            }
        {
            let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                i += 1;
                continue;
            }
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i + 2 + hashes;
            let end = (start..chars.len())
                .find(|&j| chars[j..].starts_with(&closing))
                .map_or(chars.len(), |j| j + closing.len());
            blank(&mut out, i, end);
            i = end;
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if c == '\'' && next == Some('\\') {
            let end = chars[i + 2..]
                .iter()
                .position(|&c| c == '\'')
                .map_or(chars.len(), |n| i + 3 + n);
            blank(&mut out, i, end);
            i = end;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            blank(&mut out, i, i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// Every top-level module named by a `crate::` path in `text`: `use crate::store::Hotfix;`,
/// `use crate::{sync, ui};`, `crate::ui::warn(...)` in code.
fn uses(text: &str) -> Vec<Use> {
    let code = code_only(text);
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let word = |rest: &str| -> String { rest.chars().take_while(|&c| ident(c)).collect() };
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| ident(c) || c == '$')
        {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let rest = code[at + "crate::".len()..].trim_start();
        let Some(group) = rest.strip_prefix('{') else {
            found.push(Use {
                line,
                module: word(rest),
            });
            continue;
        };
        // The names at the top of the group: `{sync, ui::{self, warn}, version}`.
        let mut depth = 0;
        let mut item = String::new();
        for c in group.chars() {
            match c {
                '{' => {
                    depth += 1;
                    item.push(c);
                }
                '}' if depth == 0 => break,
                '}' => {
                    depth -= 1;
                    item.push(c);
                }
                ',' if depth == 0 => {
                    found.push(Use {
                        line,
                        module: word(item.trim_start()),
                    });
                    item.clear();
                }
                c => item.push(c),
            }
        }
        if !item.trim().is_empty() {
            found.push(Use {
                line,
                module: word(item.trim_start()),
            });
        }
    }
    found.retain(|u| !u.module.is_empty() && u.module != "self");
    found
}

/// What is wrong with the uses of one file, one sentence each.
fn violations(path: &str, text: &str) -> Vec<String> {
    let module = module_of(path);
    let Some(layer) = layer_of(&module) else {
        return vec![format!(
            "{path}: the module '{module}' is on no layer: add it to LAYERS in src/architecture.rs"
        )];
    };
    let mut out = Vec::new();
    for Use { line, module: used } in uses(text) {
        if used == module || EXCEPTIONS.iter().any(|&(f, m, _)| f == path && m == used) {
            continue;
        }
        let Some(used_layer) = layer_of(&used) else {
            out.push(format!(
                "{path}:{line}: {module} uses '{used}', which is on no layer of LAYERS"
            ));
            continue;
        };
        let name = |layer: usize| format!("layer {} \"{}\"", layer + 1, LAYERS[layer].0);
        if used_layer > layer {
            out.push(format!(
                "{path}:{line}: {module} ({}) uses {used} ({}), a higher layer: imports go down only",
                name(layer),
                name(used_layer)
            ));
        } else if used_layer == layer && !SAME_LAYER.contains(&(module.as_str(), used.as_str())) {
            out.push(format!(
                "{path}:{line}: {module} uses {used}, on its own {}: not allowed by SAME_LAYER",
                name(layer)
            ));
        }
    }
    out
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate's files as (`src/...` path, text).
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a source file");
            let relative = path.strip_prefix(root).expect("under the crate");
            (relative.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

/// Module → the modules it uses, leaving out the uses [`EXCEPTIONS`] allows.
fn module_graph(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        let module = module_of(path);
        let used = graph.entry(module.clone()).or_default();
        for Use { module: m, .. } in uses(text) {
            if m != module && !EXCEPTIONS.iter().any(|&(f, e, _)| f == path && e == m) {
                used.insert(m);
            }
        }
    }
    graph
}

/// A cycle of modules, as the path that closes it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn every_module_imports_only_lower_layers() {
    let problems: Vec<String> = sources()
        .iter()
        .flat_map(|(path, text)| violations(path, text))
        .collect();
    assert!(
        problems.is_empty(),
        "{} layering violation(s) (the layers are LAYERS in src/architecture.rs):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_cycle_among_the_top_level_modules() {
    let graph = module_graph(&sources());
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the modules import each other in a cycle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn every_layer_and_exception_names_what_exists() {
    let files = sources();
    let modules: BTreeSet<String> = files.iter().map(|(path, _)| module_of(path)).collect();
    for (_, names) in LAYERS {
        for name in *names {
            assert!(
                modules.contains(*name),
                "LAYERS names '{name}', which src/ no longer has"
            );
        }
    }
    for (file, module, _) in EXCEPTIONS {
        let (_, text) = files
            .iter()
            .find(|(path, _)| path == file)
            .unwrap_or_else(|| panic!("EXCEPTIONS names {file}, which src/ no longer has"));
        assert!(
            uses(text).iter().any(|u| u.module == *module),
            "{file} no longer uses {module}: drop it from EXCEPTIONS"
        );
    }
}

#[test]
fn uses_are_read_from_code_only() {
    let text = r#"
//! Saved through [`crate::record::save`].
use crate::error::{Error, Result};
use crate::{
    sync::{self, Reach},
    ui,
};
fn f() {
    let _ = "crate::commands::run";
    let _ = 'x';
    crate::store::load(repo);
    let _ = r"crate::report";
    /* crate::pr */
    git_hotfix_crate::ignored();
}
"#;
    let named: Vec<(usize, String)> = uses(text).into_iter().map(|u| (u.line, u.module)).collect();
    let expected = [(3, "error"), (4, "sync"), (4, "ui"), (11, "store")];
    assert_eq!(
        named,
        expected.map(|(line, m)| (line, m.to_string())).to_vec()
    );
}

#[test]
fn a_lower_module_using_a_higher_one_is_refused() {
    let problems = violations(
        "src/store.rs",
        "use crate::git::Repo;\nuse crate::commands;\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("src/store.rs:2: store"),
        "{}",
        problems[0]
    );
    let same = violations("src/notify.rs", "use crate::operation;\n");
    assert_eq!(same.len(), 1, "{same:?}");
    assert!(violations("src/ui.rs", "use crate::error::Error;\n").is_empty());
    assert!(violations("src/commands/completions.rs", "use crate::docs::shell;\n").is_empty());
}
