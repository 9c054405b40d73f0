#!/bin/sh
# Benchmarks the cost of each hook against no hook and a one-line grep hook doing the same job:
#   commit-msg:          `git commit -m` with no hook | a grep commit-msg hook |
#                        git-hotfix hooks on a non-hotfix branch | on a hotfix branch;
#   prepare-commit-msg:  `git commit` through an editor with no hook | grep prepare-commit-msg
#                        and commit-msg hooks | git-hotfix's two, on a non-hotfix branch;
#   pre-push:            the hook as `git push` of a non-hotfix branch runs it (the ref line
#                        on stdin; a whole local push varies by more than a hook costs): none |
#                        a grep pre-push hook | git-hotfix's.
# The commands run in interleaved rounds (ROUNDS, 15 by default; a loaded machine slows them
# alike), and each row gives what the hook adds over no hook (medians), against what the grep
# hook adds.
# Usage: benches/hooks.sh [hyperfine options...]   (RUNS=600 benches/hooks.sh for more runs)
# Builds the release binary first (set GIT_HOTFIX_BIN to use another one). Writes the table
# to benches/hooks.md. Needs hyperfine (apt-get install hyperfine / cargo install hyperfine)
# and python3.
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
mkdir "$dir/bin" "$dir/home" "$dir/rounds"
ln -s "$GIT_HOTFIX_BIN" "$dir/bin/git-hotfix"
# A hermetic git: own identity, no system or user config, the binary under test on PATH.
export PATH="$dir/bin:$PATH" HOME="$dir/home" GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$dir/home/.gitconfig"
git config --global user.name Bench
git config --global user.email bench@example.com
git config --global init.defaultBranch main
# The editor of the editor commits: writes the message and exits.
printf '#!/bin/sh\necho "HOTFIX-001: Benchmark commit" >"$1"\n' >"$dir/bin/editor"
chmod 755 "$dir/bin/editor"
export GIT_EDITOR="$dir/bin/editor"

repo() {
    git init --quiet "$dir/$1"
    git -C "$dir/$1" commit --quiet --allow-empty -m "Initial commit"
}
grep_hook() {
    printf '#!/bin/sh\ngrep -q "%s" %s\n' "$3" "$4" >"$dir/$1/.git/hooks/$2"
    chmod 755 "$dir/$1/.git/hooks/$2"
}

repo none
repo grep
grep_hook grep commit-msg '^[A-Z][A-Z]*-[0-9][0-9]*: ' '"$1"'
grep_hook grep prepare-commit-msg '.' '"$1"'
grep_hook grep pre-push '^refs/' ''
repo off-hotfix
git -C "$dir/off-hotfix" config hotfix.prefillHeader true
git -C "$dir/off-hotfix" hotfix hooks install >/dev/null
repo on-hotfix
git -C "$dir/on-hotfix" hotfix start bench --severity P1 --no-fetch --yes --from main >/dev/null 2>&1
git -C "$dir/on-hotfix" hotfix hooks install >/dev/null
zero=0000000000000000000000000000000000000000
echo "refs/heads/main $(git -C "$dir/off-hotfix" rev-parse main) refs/heads/main $zero" >"$dir/pushed"

message="HOTFIX-001: Benchmark commit"
commit() { printf 'git -C %s commit --quiet --allow-empty -m "%s"' "$dir/$1" "$message"; }
edit() { printf 'git -C %s commit --quiet --allow-empty' "$dir/$1"; }
# git starts pre-push in the work tree with the remote's name and URL, the ref lines on stdin.
push() {
    hook=$dir/$1/.git/hooks/pre-push
    [ -e "$hook" ] || hook=true
    printf "sh -c 'cd %s && exec %s origin %s.git <%s'" "$dir/$1" "$hook" "$dir/$1" "$dir/pushed"
}

git --version
uname -sm
rounds=${ROUNDS:-15}
runs=$(((${RUNS:-300} + rounds - 1) / rounds))
round=1
while [ "$round" -le "$rounds" ]; do
    hyperfine --shell=none --warmup 3 --runs "$runs" --style none \
        --export-json "$dir/rounds/commit-$round.json" \
        -n "commit-msg: no hook" "$(commit none)" \
        -n "commit-msg: grep hook" "$(commit grep)" \
        -n "commit-msg: git-hotfix, non-hotfix branch" "$(commit off-hotfix)" \
        -n "commit-msg: git-hotfix, hotfix branch" "$(commit on-hotfix)" \
        -n "prepare-commit-msg: no hook (editor commit)" "$(edit none)" \
        -n "prepare-commit-msg: grep hooks (editor commit)" "$(edit grep)" \
        -n "prepare-commit-msg: git-hotfix, non-hotfix branch (editor commit)" "$(edit off-hotfix)" \
        "$@" >/dev/null
    hyperfine --shell=none --warmup 3 --runs "$runs" --style none \
        --export-json "$dir/rounds/push-$round.json" \
        -n "pre-push: no hook" "$(push none)" \
        -n "pre-push: grep hook" "$(push grep)" \
        -n "pre-push: git-hotfix, non-hotfix branch" "$(push off-hotfix)" \
        "$@" >/dev/null
    round=$((round + 1))
done
python3 - "$dir/rounds" "$here/benches/hooks.md" <<'EOF'
import json, os, statistics, sys
times = {}
for name in sorted(os.listdir(sys.argv[1])):
    for result in json.load(open(os.path.join(sys.argv[1], name)))["results"]:
        times.setdefault(result["command"], []).extend(result["times"])
# Medians: on a shared machine a few runs stall for far longer than a hook costs.
median = {name: statistics.median(t) * 1000 for name, t in times.items()}
lines = ["| Command | Median [ms] | Mean [ms] | Min [ms] | Added over no hook [ms] | Added, relative to the grep hook |",
         "|:---|---:|---:|---:|---:|---:|"]
for name, t in times.items():
    hook = name.split(":")[0]
    none = next(n for n in median if n.startswith(hook + ": no hook"))
    grep = next(n for n in median if n.startswith(hook + ": grep"))
    added = median[name] - median[none]
    relative = "" if name in (none, grep) else f"{added / (median[grep] - median[none]):.2f}"
    lines.append(f"| `{name}` | {median[name]:.1f} | {statistics.mean(t) * 1000:.1f} ± {statistics.stdev(t) * 1000:.1f}"
                 f" | {min(t) * 1000:.1f} | {added:.1f} | {relative} |")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
