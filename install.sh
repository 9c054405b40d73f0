#!/bin/sh
# Installs git-hotfix so that `git hotfix`, `git help hotfix` and `git hotfix <TAB>` work:
# builds the binary with cargo into $PREFIX/bin (default ~/.local), and installs the man page
# and the bash, zsh and fish completions under $PREFIX/share where man and the shells look.
# Idempotent. `./install.sh --uninstall` removes everything it installed.
# GIT_HOTFIX_BIN=<path> installs that pre-built binary instead of building one.
set -eu

PREFIX=${PREFIX:-"$HOME/.local"}
here=$(cd "$(dirname "$0")" && pwd)

bin="$PREFIX/bin/git-hotfix"
man_page="$PREFIX/share/man/man1/git-hotfix.1"
# bash-completion loads completions/git-hotfix when git's completion asks for _git_hotfix.
bash_completion="$PREFIX/share/bash-completion/completions/git-hotfix"
zsh_completion="$PREFIX/share/zsh/site-functions/_git-hotfix"
# fish reads completions for `git` from its own git.fish only, so ours is sourced at start-up.
fish_completion="$PREFIX/share/fish/vendor_conf.d/git-hotfix.fish"

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$1" >&2; [ $# -gt 1 ] && printf 'hint: %s\n' "$2" >&2; exit 1; }

# Copies $1 to $2 with mode $3, creating the directory.
put() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2.tmp.$$"
    chmod "$3" "$2.tmp.$$"
    mv -f "$2.tmp.$$" "$2"
    say "Installed $2"
}

# True when directory $1 is in the colon-separated list $2.
listed() {
    case ":$2:" in
        *":$1:"* | *":$1/:"*) return 0 ;;
        *) return 1 ;;
    esac
}

uninstall() {
    if command -v cargo >/dev/null 2>&1 && [ -f "$PREFIX/.crates2.json" ] &&
        grep -q '"git-hotfix ' "$PREFIX/.crates2.json"; then
        cargo uninstall --quiet --root "$PREFIX" git-hotfix >/dev/null 2>&1 || true
    fi
    for file in "$bin" "$man_page" "$bash_completion" "$zsh_completion" "$fish_completion"; do
        if [ -e "$file" ]; then
            rm -f "$file"
            say "Removed $file"
        fi
    done
}

case "${1:-}" in
    --uninstall)
        uninstall
        exit 0
        ;;
    -h | --help)
        say "usage: [PREFIX=<dir>] ./install.sh [--uninstall]   (PREFIX defaults to ~/.local)"
        exit 0
        ;;
    "") ;;
    *) die "unknown option '$1'" "run './install.sh' or './install.sh --uninstall'" ;;
esac

command -v git >/dev/null 2>&1 || die "git is not installed" "install git first, e.g. 'apt install git'"
for file in man/git-hotfix.1 completions/git-hotfix.bash completions/_git-hotfix completions/git-hotfix.fish; do
    [ -f "$here/$file" ] || die "$here/$file is missing" "run install.sh from a complete checkout of git-hotfix"
done

if [ -n "${GIT_HOTFIX_BIN:-}" ]; then
    [ -x "$GIT_HOTFIX_BIN" ] || die "GIT_HOTFIX_BIN '$GIT_HOTFIX_BIN' is not an executable file" \
        "unset it to build with cargo, or point it at a built git-hotfix"
    put "$GIT_HOTFIX_BIN" "$bin" 755
else
    command -v cargo >/dev/null 2>&1 || die "cargo is not installed" \
        "install Rust from https://rustup.rs, then run ./install.sh again"
    cargo install --quiet --path "$here" --locked --root "$PREFIX" --force
    say "Installed $bin"
fi
put "$here/man/git-hotfix.1" "$man_page" 644
put "$here/completions/git-hotfix.bash" "$bash_completion" 644
put "$here/completions/_git-hotfix" "$zsh_completion" 644
put "$here/completions/git-hotfix.fish" "$fish_completion" 644

# What the user may still have to set up, checked against how each tool looks for files.
notes=""
note() { notes="$notes
  $*"; }
if ! listed "$PREFIX/bin" "$PATH"; then
    note "add $PREFIX/bin to PATH, e.g. in ~/.profile: export PATH=\"$PREFIX/bin:\$PATH\""
fi
if command -v man >/dev/null 2>&1 &&
    ! PATH="$PREFIX/bin:$PATH" man -w git-hotfix >/dev/null 2>&1; then
    note "let man find the page: export MANPATH=\"$PREFIX/share/man:\${MANPATH:-}\""
fi
data_home=${XDG_DATA_HOME:-"$HOME/.local/share"}
if [ "$PREFIX/share" != "$data_home" ] &&
    ! listed "$PREFIX/share" "${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"; then
    note "let bash-completion and fish find the completions, e.g. in ~/.profile:" \
        "export XDG_DATA_DIRS=\"$PREFIX/share:\${XDG_DATA_DIRS:-/usr/local/share:/usr/share}\""
fi
if command -v zsh >/dev/null 2>&1 &&
    ! zsh -fc 'print -rl -- $fpath' 2>/dev/null | grep -qx "$PREFIX/share/zsh/site-functions"; then
    note "zsh: in ~/.zshrc, before compinit: fpath=($PREFIX/share/zsh/site-functions \$fpath)"
fi
if [ -n "$notes" ]; then
    say "To finish, then open a new shell:$notes"
else
    say "Done: open a new shell, then try 'git hotfix <TAB>' and 'git help hotfix'."
fi
