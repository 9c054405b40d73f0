#!/bin/sh
# Benchmarks the cost of the hooks on `git commit`, in one hyperfine run:
#   no hook | a one-line grep commit-msg hook | git-hotfix hooks on a non-hotfix branch |
#   git-hotfix hooks on a hotfix branch.
# Usage: benches/hooks.sh [hyperfine options...]   (RUNS=500 benches/hooks.sh for more runs)
# Builds the release binary first (set GIT_HOTFIX_BIN to use another one). Writes the table
# to benches/hooks.md. Needs hyperfine (apt-get install hyperfine / cargo install hyperfine).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)

command -v hyperfine >/dev/null 2>&1 || {
    echo "error: hyperfine is not installed" >&2
    echo "hint: apt-get install hyperfine, or cargo install hyperfine" >&2
    exit 1
}
if [ -z "${GIT_HOTFIX_BIN:-}" ]; then
    cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml"
    GIT_HOTFIX_BIN="$here/target/release/git-hotfix"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/git-hotfix-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/bin" "$dir/home"
ln -s "$GIT_HOTFIX_BIN" "$dir/bin/git-hotfix"
# A hermetic git: own identity, no system or user config, the binary under test on PATH.
export PATH="$dir/bin:$PATH" HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$dir/home/.gitconfig"
git config --global user.name Bench
git config --global user.email bench@example.com
git config --global init.defaultBranch main

repo() {
    git init --quiet "$dir/$1"
    git -C "$dir/$1" commit --quiet --allow-empty -m "Initial commit"
}

repo none
repo grep
printf '#!/bin/sh\ngrep -q "^[A-Z][A-Z]*-[0-9][0-9]*: " "$1"\n' >"$dir/grep/.git/hooks/commit-msg"
chmod 755 "$dir/grep/.git/hooks/commit-msg"
repo off-hotfix
git -C "$dir/off-hotfix" hotfix hooks install >/dev/null
repo on-hotfix
git -C "$dir/on-hotfix" hotfix start bench --severity P1 --no-fetch --yes --from main >/dev/null 2>&1
git -C "$dir/on-hotfix" hotfix hooks install >/dev/null

message="HOTFIX-001: Benchmark commit"
commit() { printf 'git -C %s commit --quiet --allow-empty -m "%s"' "$dir/$1" "$message"; }

git --version
uname -sm
hyperfine --shell=none --warmup 20 --runs "${RUNS:-300}" \
    --export-markdown "$here/benches/hooks.md" \
    -n "no hook" "$(commit none)" \
    -n "grep commit-msg hook" "$(commit grep)" \
    -n "git-hotfix hooks, non-hotfix branch" "$(commit off-hotfix)" \
    -n "git-hotfix hooks, hotfix branch" "$(commit on-hotfix)" \
    "$@"
