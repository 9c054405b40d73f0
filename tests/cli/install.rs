//! install.sh into a temporary PREFIX (the built binary is handed over with GIT_HOTFIX_BIN so
//! the test does not build twice), what the installed files make work, and `--uninstall`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{self, Sandbox, binary, source_dir};

/// The installed files, relative to PREFIX, and the source file each is a copy of.
const FILES: &[(&str, &str)] = &[
    ("share/man/man1/git-hotfix.1", "man/git-hotfix.1"),
    (
        "share/bash-completion/completions/git-hotfix",
        "completions/git-hotfix.bash",
    ),
    (
        "share/zsh/site-functions/_git-hotfix",
        "completions/_git-hotfix",
    ),
    (
        "share/fish/vendor_conf.d/git-hotfix.fish",
        "completions/git-hotfix.fish",
    ),
];

/// PATH without the build directory, so only an installed git-hotfix can be found.
fn system_path() -> String {
    let build_dir = binary().parent().unwrap().to_path_buf();
    let dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .filter(|dir| *dir != build_dir)
        .collect();
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

fn with_bin(prefix: &Path) -> String {
    format!("{}:{}", prefix.join("bin").display(), system_path())
}

fn install(sandbox: &Sandbox, prefix: Option<&Path>, args: &[&str]) -> Output {
    let mut command = sandbox.command("sh");
    command
        .arg(source_dir().join("install.sh"))
        .args(args)
        .env("GIT_HOTFIX_BIN", binary())
        .env("PATH", system_path());
    if let Some(prefix) = prefix {
        command.env("PREFIX", prefix);
    }
    command.output().unwrap()
}

fn text(output: &Output) -> String {
    assert!(
        output.status.success(),
        "install.sh failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn install_sh_installs_into_the_default_prefix_then_uninstalls() {
    let sandbox = Sandbox::new();
    let prefix = sandbox.home().join(".local");

    let out = text(&install(&sandbox, None, &[]));
    let bin = prefix.join("bin/git-hotfix");
    assert!(
        out.contains(&format!("Installed {}", bin.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("add {} to PATH", prefix.join("bin").display())),
        "{out}"
    );
    let mode = std::fs::metadata(&bin).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o755);
    for (installed, source) in FILES {
        let path = prefix.join(installed);
        assert!(
            out.contains(&format!("Installed {}", path.display())),
            "{out}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(source_dir().join(source)).unwrap(),
            "{installed}"
        );
    }

    // Idempotent: a second run succeeds and leaves the same files.
    let again = text(&install(&sandbox, None, &[]));
    assert_eq!(
        again.lines().filter(|l| l.starts_with("Installed")).count(),
        FILES.len() + 1
    );
    for (installed, source) in FILES {
        assert_eq!(
            std::fs::read(prefix.join(installed)).unwrap(),
            std::fs::read(source_dir().join(source)).unwrap()
        );
    }

    // With PREFIX/bin on PATH: git finds the command, and man finds the page through PATH.
    let output = sandbox
        .with_env("PATH", with_bin(&prefix))
        .try_git(["hotfix", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "No open hotfixes.\n"
    );
    if common::have("man", "installed man page opens with git help hotfix") {
        let output = sandbox
            .with_env("PATH", with_bin(&prefix))
            .with_env("MANPAGER", "cat")
            .try_git(["help", "hotfix"]);
        let page = String::from_utf8_lossy(&output.stdout);
        assert!(page.contains("GIT-HOTFIX(1)"), "{page}");
    }
    bash_completion_loads_lazily(&sandbox, &prefix);
    fish_finds_the_installed_completion(&sandbox, &prefix);

    let out = text(&install(&sandbox, None, &["--uninstall"]));
    assert!(out.contains(&format!("Removed {}", bin.display())), "{out}");
    assert!(!bin.exists());
    for (installed, _) in FILES {
        assert!(!prefix.join(installed).exists(), "{installed}");
    }
    let out = text(&install(&sandbox, None, &["--uninstall"]));
    assert_eq!(out, "", "a second uninstall has nothing to remove");
}

/// bash-completion loads git's completion on `git <TAB>`; git's completion then asks
/// bash-completion's loader for `git-hotfix`, which finds the installed file.
fn bash_completion_loads_lazily(sandbox: &Sandbox, prefix: &Path) {
    let Some(loader) = common::first_existing(&[
        "/usr/share/bash-completion/bash_completion",
        "/usr/local/share/bash-completion/bash_completion",
    ]) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "bash-completion is missing; .ci/run installs it"
        );
        common::skipped(
            "lazy loading of the installed bash completion (bash-completion is not installed)",
        );
        return;
    };
    let script = format!(
        "source '{}'\n\
         declare -F _git_hotfix && exit 1\n\
         _completion_loader git\n\
         COMP_LINE='git hotfix st'; COMP_POINT=${{#COMP_LINE}}\n\
         COMP_WORDS=(git hotfix st); COMP_CWORD=2; COMPREPLY=()\n\
         __git_wrap__git_main\n\
         echo \"${{COMPREPLY[*]}}\"\n",
        loader.display()
    );
    let output = sandbox
        .command("bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .env("PATH", with_bin(prefix))
        .output()
        .unwrap();
    let words: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    assert_eq!(
        words,
        ["start", "status", "stats"],
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn fish_finds_the_installed_completion(sandbox: &Sandbox, prefix: &Path) {
    if !common::have("fish", "installed fish completion") {
        return;
    }
    let output = sandbox
        .command("fish")
        .args(["-c", "complete -C 'git hotfix st'"])
        .env("PATH", with_bin(prefix))
        .output()
        .unwrap();
    let names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(names, ["start", "stats", "status"]);
}

#[test]
fn install_sh_with_another_prefix_says_what_to_set_up() {
    let sandbox = Sandbox::new();
    let prefix = sandbox.dir.path().join("opt");
    let out = text(&install(&sandbox, Some(&prefix), &[]));
    assert!(prefix.join("bin/git-hotfix").is_file());
    for (installed, _) in FILES {
        assert!(prefix.join(installed).is_file(), "{installed}");
    }
    assert!(out.contains("To finish, then open a new shell:"), "{out}");
    assert!(
        out.contains(&format!(
            "export XDG_DATA_DIRS=\"{}:",
            prefix.join("share").display()
        )),
        "{out}"
    );
    text(&install(&sandbox, Some(&prefix), &["--uninstall"]));
    assert!(!prefix.join("bin/git-hotfix").exists());
}

#[test]
fn install_sh_refuses_an_unknown_option() {
    let sandbox = Sandbox::new();
    let output = install(&sandbox, None, &["--prefix=/tmp"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with("error: unknown option '--prefix=/tmp'"),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
    assert!(!sandbox.home().join(".local/bin").exists());
}
