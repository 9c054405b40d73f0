#!/bin/sh
# Installs git-hotfix so that `git hotfix` works: builds with cargo and installs the binary
# into $PREFIX/bin (default ~/.local). Idempotent. `./install.sh --uninstall` removes it.
set -eu

PREFIX=${PREFIX:-"$HOME/.local"}
here=$(cd "$(dirname "$0")" && pwd)

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$1" >&2; [ $# -gt 1 ] && printf 'hint: %s\n' "$2" >&2; exit 1; }

case "${1:-}" in
    --uninstall)
        rm -f "$PREFIX/bin/git-hotfix"
        say "Removed $PREFIX/bin/git-hotfix"
        exit 0
        ;;
    "") ;;
    *) die "unknown option '$1'" "run './install.sh' or './install.sh --uninstall'" ;;
esac

command -v git >/dev/null 2>&1 || die "git is not installed" "install git first, e.g. 'apt install git'"
command -v cargo >/dev/null 2>&1 || die "cargo is not installed" "install Rust from https://rustup.rs, then run ./install.sh again"

cargo install --quiet --path "$here" --locked --root "$PREFIX" --force
say "Installed $PREFIX/bin/git-hotfix"

case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) say "Add $PREFIX/bin to your PATH, e.g. in ~/.profile: export PATH=\"$PREFIX/bin:\$PATH\"" ;;
esac
