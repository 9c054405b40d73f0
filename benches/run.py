#!/usr/bin/env python3
"""The speed suite: whole commands timed with hyperfine against git and git-flow doing the same
work, on fixtures built here with `git fast-import` (no downloads). Prints a Markdown table of
times, ratios and peak memory measured in one run.

  benches/run.py            full size: 100,000 commits and 50,000 files; 10,000 notes
  benches/run.py --small    small fixtures, few runs: what CI runs so the suite keeps working

Needs python3, hyperfine and git-flow (installed with apt-get when missing and possible), and
builds the release binary with cargo.
"""
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import fixture  # noqa: E402

SMALL = "--small" in sys.argv
RUNS = ["--runs", "3", "--warmup", "1"] if SMALL else ["--warmup", "3", "--min-runs", "20"]
ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_MERGE_AUTOEDIT="no", GIT_EDITOR=":", LC_ALL="C")


def need(tool, package):
    if shutil.which(tool):
        return
    installer = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if installer is None:
        sys.exit(f"{tool} is missing: install the {package} package")
    subprocess.run(installer + ["apt-get", "install", "-y", "-q", package], check=True,
                   stdout=subprocess.DEVNULL, env=dict(ENV, DEBIAN_FRONTEND="noninteractive"))


def sh(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, env=ENV, check=True, shell=isinstance(cmd, str), **kw)


def hyperfine(cwd, commands, prepare=None):
    """Times each (name, command); returns {name: (mean seconds, stddev)}."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        args = ["hyperfine", "-N" if prepare is None else "--shell=sh", *RUNS, "--export-json", out.name]
        if prepare:
            args += ["--prepare", prepare]
        for name, command in commands:
            args += ["-n", name, command]
        sh(args, cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = json.load(open(out.name))["results"]
    return {r["command"]: (r["mean"], r["stddev"]) for r in results}


def peak_kb(cwd, command):
    """Peak resident memory of one run, in KiB (GNU time's %M)."""
    run = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", command + " >/dev/null 2>&1"],
                         cwd=cwd, env=ENV, capture_output=True, text=True)
    return int(run.stderr.strip().splitlines()[-1])


def configure(repo):
    for key, value in [("user.name", "Bench"), ("user.email", "bench@example.com"),
                       ("hotfix.testCommand", "none"), ("hotfix.autoSync", "false")]:
        sh(["git", "config", key, value], repo)


rows = []


def row(what, ours, baseline, target, cwd, ours_cmd, base_cmd):
    mean, dev = ours
    bmean, bdev = baseline
    rows.append((what, f"{mean * 1000:.1f} ± {dev * 1000:.1f}", f"{bmean * 1000:.1f} ± {bdev * 1000:.1f}",
                 f"{mean / bmean:.2f}", target,
                 f"{peak_kb(cwd, ours_cmd) // 1024} / {peak_kb(cwd, base_cmd) // 1024}"))


def bench_pre_push(work, binary):
    files, commits = (500, 1000) if SMALL else (50000, 100000)
    repo = os.path.join(work, "history")
    fixture.fast_import(repo, fixture.history(files, commits))
    sh(["git", "checkout", "--quiet", "main"], repo)
    configure(repo)
    sh([binary, "start", "perf", "--severity", "P1", "--yes", "--no-fetch", "--quiet"], repo)
    for i in range(1, 6):
        path = fixture.path_of(i * 37)
        with open(os.path.join(repo, path), "a") as f:
            f.write(f"// HOTFIX: HOTFIX-001 - Fix {i}\n")
        sh(["git", "commit", "--quiet", "--no-verify", "-am", f"HOTFIX-001: Fix {i}"], repo)
    base = sh(["git", "rev-parse", "main"], repo, capture_output=True, text=True).stdout.strip()
    head = sh(["git", "rev-parse", "HEAD"], repo, capture_output=True, text=True).stdout.strip()
    # The pre-push hook as git runs it (the ref line on stdin); tests recorded as passed.
    sh(["git", "config", "hotfix.testCommand", "true"], repo)
    sh([binary, "test", "--quiet"], repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    line = f"refs/heads/hotfix/perf {head} refs/heads/hotfix/perf {'0' * 40}"
    ours = f"sh -c 'echo {line} | {binary} hooks run pre-push origin /dev/null 2>/dev/null'"
    baseline = f"sh -c 'git diff --shortstat {base}...HEAD && git log --format=%s {base}..HEAD'"
    t = hyperfine(repo, [("ours", ours), ("git", baseline)])
    row(f"pre-push hook, {commits:,} commits / {files:,} files, 5-commit hotfix, tests recorded as passed"
        " (vs `git diff --shortstat` + `git log`)", t["ours"], t["git"], "≤ 1.5x", repo, ours, baseline)


def bench_notes(work, binary):
    sizes = [100, 1000] if SMALL else [100, 1000, 10000]
    times = {}
    for n in sizes:
        repo = os.path.join(work, f"notes-{n}")
        fixture.fast_import(repo, fixture.notes(n))
        sh(["git", "checkout", "--quiet", "main"], repo)
        configure(repo)
        t = hyperfine(repo, [("list", f"{binary} list"), ("status", f"{binary} status")])
        times[n] = t
        for name in ("list", "status"):
            mean, dev = t[name]
            rows.append((f"`{name}` with {n:,} hotfixes in the notes", f"{mean * 1000:.1f} ± {dev * 1000:.1f}",
                         "", "", "< 150 ms", f"{peak_kb(repo, f'{binary} {name}') // 1024}"))
    small, large = sizes[0], sizes[-1]
    growth = times[large]["list"][0] / times[small]["list"][0]
    rows.append((f"`list` growth from {small:,} to {large:,} hotfixes ({large // small}x more)",
                 f"{growth:.1f}x", "", "", "linear or better", ""))


def bench_released(work, binary):
    """`show` given no id, so it looks for the hotfix whose merge the checked-out commit
    contains, among finished hotfixes each merged into main and develop (vs naming it): on
    main, where the newest merge contains all the others, and in a worktree on a release merge
    of develop into main, where two lines' merges meet and the whole history is read."""
    n = 1000 if SMALL else 10000
    repo = os.path.join(work, "released")
    fixture.released(repo, n)
    configure(repo)
    release = os.path.join(work, "released-release")
    sh(["git", "worktree", "add", "--quiet", "-b", "release", release, "main"], repo)
    sh("git merge --quiet --no-ff -s ours -m Release develop", release)
    show, named = f"{binary} show", f"{binary} show HOTFIX-{n:03d}"
    for cwd, where in ((repo, "main"), (release, "a release merge of develop into main")):
        t = hyperfine(cwd, [("show", show), ("named", named)])
        row(f"`show` with no id on {where}, {n:,} hotfixes merged into main and develop"
            " (vs `show <id>`)", t["show"], t["named"], "< 150 ms", cwd, show, named)


def bench_merge(work, binary):
    """`sync` merging one note both clones changed: a hostile one of thousands of events and
    components on each side (refused once merged, but merged first)."""
    n = 2000 if SMALL else 8000
    repo = os.path.join(work, "merge")
    remote = os.path.join(work, "merge-remote.git")
    sh(["git", "init", "--quiet", "-b", "main", repo], work)
    sh(["git", "init", "--quiet", "--bare", remote], work)
    configure(repo)
    sh("git commit --quiet --allow-empty -m Initial", repo)
    sh([binary, "start", "big", "--severity", "P2", "--yes", "--no-fetch", "--quiet"], repo)
    sh(["git", "remote", "add", "origin", remote], repo)
    out = lambda *args: sh(list(args), repo, capture_output=True, text=True).stdout.strip()
    anchor = out("git", "notes", "--ref=hotfix", "list").split()[1]
    base = out("git", "rev-parse", "refs/notes/hotfix")
    doc = json.loads(out("git", "notes", "--ref=hotfix", "show", anchor))
    sides = {}
    for side in ("ours", "theirs"):
        sh(["git", "update-ref", "refs/notes/hotfix", base], repo)
        edited = dict(doc)
        edited["events"] = doc["events"] + [
            {"at": "2026-03-02T10:00:00Z", "event": f"{side}-{i}", "by": ""} for i in range(n)]
        edited["components"] = [f"{side}-{i}" for i in range(n)]
        path = os.path.join(work, f"merge-{side}.json")
        with open(path, "w") as f:
            json.dump(edited, f, separators=(",", ":"))
        sh(["git", "notes", "--ref=hotfix", "add", "-f", "-F", path, anchor], repo, stderr=subprocess.DEVNULL)
        sides[side] = out("git", "rev-parse", "refs/notes/hotfix")
    sh(["git", "push", "--quiet", "--no-verify", "--force", remote, f"{sides['theirs']}:refs/notes/hotfix"], repo)
    prepare = (f"git update-ref refs/notes/hotfix {sides['ours']}"
               f" && git --git-dir='{remote}' update-ref refs/notes/hotfix {sides['theirs']}")
    command = f"{binary} sync --quiet"
    t = hyperfine(repo, [("sync", command)], prepare=prepare)
    sh(prepare, repo)
    mean, dev = t["sync"]
    rows.append((f"`sync` merging a note both sides changed, {n:,} events and {n:,} components on each side",
                 f"{mean * 1000:.1f} ± {dev * 1000:.1f}", "", "", "< 500 ms",
                 f"{peak_kb(repo, prepare + ' && ' + command) // 1024}"))


def bench_workspace(work, binary):
    """`config` reading an npm workspace where every package depends on every other: what a
    hostile commit can make of discovery, which must stay linear in the manifests' size."""
    sizes = [100, 400] if SMALL else [500, 2000]
    times = {}
    for n in sizes:
        repo = os.path.join(work, f"workspace-{n}")
        sh(["git", "init", "--quiet", "-b", "main", repo], work)
        configure(repo)
        names = [f"pkg-{i}" for i in range(n)]
        with open(os.path.join(repo, "package.json"), "w") as f:
            json.dump({"name": "root", "private": True, "workspaces": ["packages/*"]}, f)
        for name in names:
            os.makedirs(os.path.join(repo, "packages", name))
            with open(os.path.join(repo, "packages", name, "package.json"), "w") as f:
                json.dump({"name": name, "version": "1.0.0", "dependencies": dict.fromkeys(names, "*")}, f)
        sh("git add --all && git commit --quiet -m Workspace", repo)
        t = hyperfine(repo, [("config", f"{binary} config")])
        times[n] = t["config"][0]
        mean, dev = t["config"]
        rows.append((f"`config` on an npm workspace of {n:,} packages each depending on all the others",
                     f"{mean * 1000:.1f} ± {dev * 1000:.1f}", "", "", "linear in the manifests",
                     f"{peak_kb(repo, f'{binary} config') // 1024}"))
    small, large = sizes
    rows.append((f"`config` growth from {small:,} to {large:,} packages ({(large // small) ** 2}x the manifests)",
                 f"{times[large] / times[small]:.1f}x", "", "", f"≤ {(large // small) ** 2}x", ""))


def bench_finish(work, binary):
    template = os.path.join(work, "release-template")
    sh(["git", "init", "--quiet", "-b", "main", template], work)
    configure(template)
    with open(os.path.join(template, "app.js"), "w") as f:
        f.write("function login() {\n  return true;\n}\n")
    sh("git add app.js && git commit --quiet -m 'Release' && git tag -a v1.0.0 -m v1.0.0 && git branch develop", template)
    sh("git flow init -d >/dev/null 2>&1 && git config gitflow.prefix.versiontag v", template)
    repo = os.path.join(work, "release")
    prepare = f"rm -rf '{repo}' && cp -r '{template}' '{repo}'"
    fix = ("printf '// HOTFIX: HOTFIX-001 - Deny\\nfunction login() {\\n  return false;\\n}\\n' > app.js"
           " && git commit --quiet --no-verify -am 'HOTFIX-001: Deny by default'")
    ours = (f"cd '{repo}' && {binary} start fix --severity P1 --yes --no-fetch --quiet && {fix}"
            f" && {binary} finish --yes --quiet --no-sync >/dev/null 2>&1")
    flow = (f"cd '{repo}' && git flow hotfix start 1.0.1 >/dev/null 2>&1 && {fix}"
            " && git flow hotfix finish -m 'Hotfix 1.0.1' 1.0.1 >/dev/null 2>&1")
    t = hyperfine(work, [("ours", ours), ("git-flow", flow)], prepare=prepare)
    sh(prepare, work)
    row("`start` + fix + `finish` (no tests, no network) vs `git flow hotfix start` + fix + `finish`",
        t["ours"], t["git-flow"], "≥ 5x faster (≤ 0.2x)", work, f"{prepare} && {ours}", f"{prepare} && {flow}")


def bench_finish_vs_git(work, binary):
    """`finish` of a started hotfix (no tests, no push) against the six git commands it stands
    for, in the same repository with the hooks installed; the hotfix is reset before each run."""
    template = os.path.join(work, "finish-template")
    sh(["git", "init", "--quiet", "-b", "main", template], work)
    configure(template)
    with open(os.path.join(template, "app.js"), "w") as f:
        f.write("function login() {\n  return true;\n}\n")
    sh("git add app.js && git commit --quiet -m 'Release' && git tag -a v1.0.0 -m v1.0.0"
       " && git branch develop", template)
    sh([binary, "start", "fix", "--severity", "P1", "--yes", "--no-fetch", "--quiet"], template)
    sh("printf '// HOTFIX: HOTFIX-001 - Deny\\nfunction login() {\\n  return false;\\n}\\n' > app.js"
       " && git commit --quiet -am 'HOTFIX-001: Deny by default'", template)
    repo = os.path.join(work, "finish")
    prepare = f"rm -rf '{repo}' && cp -r '{template}' '{repo}'"
    ours = f"cd '{repo}' && {binary} finish --yes --quiet --no-sync >/dev/null 2>&1"
    raw = (f"cd '{repo}' && git checkout --quiet main && git merge --quiet --no-ff --no-edit hotfix/fix"
           " && git tag -a v1.0.1 -m 'Hotfix 1.0.1' && git checkout --quiet develop"
           " && git merge --quiet --no-ff --no-edit hotfix/fix && git branch --quiet -d hotfix/fix")
    t = hyperfine(work, [("ours", ours), ("git", raw)], prepare=prepare)
    sh(prepare, work)
    row("`finish` of a started hotfix (no tests, no push) vs the six git commands it stands for"
        " (checkout, merge --no-ff, tag -a, checkout, merge --no-ff, branch -d)",
        t["ours"], t["git"], "≤ 1.5x", work, f"{prepare} && {ours}", f"{prepare} && {raw}")


@contextlib.contextmanager
def on_path(binary):
    """The binary's directory first on PATH, as after installing it: git's hooks find it."""
    path = ENV["PATH"]
    ENV["PATH"] = os.path.dirname(binary) + os.pathsep + path
    try:
        yield
    finally:
        ENV["PATH"] = path


def bench_server(work, binary):
    """`git push` of an ordinary branch to a bare remote, with and without the server hooks
    (`hooks install --server`): pre-receive and post-receive start, read the ref lines and exit
    before reading the notes, since the push touches no hotfix branch."""
    with on_path(binary):  # the server's git finds the hooks' binary
        push_with_and_without_hooks(work, binary)


def push_with_and_without_hooks(work, binary):
    repo = os.path.join(work, "push")
    sh(["git", "init", "--quiet", "-b", "main", repo], work)
    configure(repo)
    sh("git commit --quiet --allow-empty -m Initial", repo)
    sh([binary, "start", "other", "--severity", "P2", "--yes", "--no-fetch", "--quiet"], repo)
    sh("git checkout --quiet -b feature main && git commit --quiet --allow-empty -m Feature", repo)
    old = sh(["git", "rev-parse", "main"], repo, capture_output=True, text=True).stdout.strip()
    remotes = {}
    for name in ("plain", "guarded"):
        remote = os.path.join(work, f"push-{name}.git")
        sh(["git", "init", "--quiet", "--bare", remote], work)
        sh(["git", "push", "--quiet", "--no-verify", remote, "main", "hotfix/other", "refs/notes/hotfix",
            f"{old}:refs/heads/feature"], repo)
        remotes[name] = remote
    sh([binary, "hooks", "install", "--server", "--quiet"], remotes["guarded"],
       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Each run pushes the same commit again: the remotes' branch is put back first.
    prepare = " && ".join(f"git --git-dir='{r}' update-ref refs/heads/feature {old}" for r in remotes.values())
    ours = f"git push --quiet --no-verify '{remotes['guarded']}' feature"
    baseline = f"git push --quiet --no-verify '{remotes['plain']}' feature"
    t = hyperfine(repo, [("ours", ours), ("git", baseline)], prepare=prepare)
    sh(prepare, repo)
    mean, dev = t["ours"]
    bmean, bdev = t["git"]
    rows.append(("`git push` of a non-hotfix branch to a bare remote with the server hooks (vs without)",
                 f"{mean * 1000:.1f} ± {dev * 1000:.1f}", f"{bmean * 1000:.1f} ± {bdev * 1000:.1f}",
                 f"{mean / bmean:.2f}", "little added", ""))


def bench_affected(work, binary):
    """`test --affected` against the full suite (`test`) on a 10-crate Cargo workspace, each run
    after a fresh one-package change (a commit to a leaf crate), timed to the test result."""
    repo = os.path.join(work, "workspace")
    fixture.fast_import(repo, fixture.cargo_workspace(10))
    sh(["git", "checkout", "--quiet", "main"], repo)
    configure(repo)
    sh("cargo generate-lockfile --offline --quiet && git add Cargo.lock"
       " && git commit --quiet --no-verify -m 'Lock' && git tag -f v1.0.0 >/dev/null", repo)
    sh([binary, "start", "p5", "--severity", "P1", "--yes", "--no-fetch", "--quiet"], repo)
    sh(["git", "config", "hotfix.testCommand", "cargo test --offline --quiet"], repo)
    sh("cargo test --offline --quiet >/dev/null 2>&1", repo)  # build everything once
    change = ("echo '// HOTFIX: HOTFIX-001 - Change '$(date +%s%N) >> crates/p5/src/lib.rs"
              " && git commit --quiet --no-verify -am 'HOTFIX-001: Change p5'")
    ours = f"{binary} test --affected --quiet"
    full = f"{binary} test --quiet"
    t = hyperfine(repo, [("affected", ours), ("full", full)], prepare=change)
    row("`test --affected` after a one-crate change in a 10-crate Cargo workspace, to the test result"
        " (vs the full suite, `test`)", t["affected"], t["full"], "≤ 0.3x", repo,
        f"{change} && {ours}", f"{change} && {full}")


def bench_suite_runs(work, binary):
    """How many times the suite runs in start → fix → test → release-notes --changelog → finish,
    with the pass reused across the changelog commit, and with reuse off (`hotfix.testIgnore
    none`), as the tool did before."""
    counts = {}
    for name, ignore in (("ours", None), ("no reuse", "none")):
        repo = os.path.join(work, f"runs-{name.replace(' ', '-')}")
        sh(["git", "init", "--quiet", "-b", "main", repo], work)
        configure(repo)
        log = os.path.join(work, f"runs-{name.replace(' ', '-')}.log")
        sh(["git", "config", "hotfix.testCommand", f"echo run >> '{log}'"], repo)
        if ignore:
            sh(["git", "config", "hotfix.testIgnore", ignore], repo)
        with open(os.path.join(repo, "app.js"), "w") as f:
            f.write("function login() {\n  return true;\n}\n")
        sh("git add app.js && git commit --quiet -m Release && git tag -a v1.0.0 -m v1.0.0"
           " && git branch develop", repo)
        sh([binary, "start", "fix", "--severity", "P1", "--yes", "--no-fetch", "--quiet"], repo)
        with open(os.path.join(repo, "app.js"), "w") as f:
            f.write("// HOTFIX: HOTFIX-001 - Deny\nfunction login() {\n  return false;\n}\n")
        sh("git commit --quiet -am 'HOTFIX-001: Deny by default'", repo)
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sh([binary, "test", "--quiet"], repo, **quiet)
        sh([binary, "release-notes", "--changelog", "--quiet"], repo, **quiet)
        sh([binary, "finish", "--yes", "--quiet", "--no-sync"], repo, **quiet)
        counts[name] = len(open(log).read().split())
    rows.append(("suite runs in `start` → fix → `test` → `release-notes --changelog` → `finish`"
                 " (vs with `hotfix.testIgnore none`, no reuse)",
                 str(counts["ours"]), str(counts["no reuse"]), "", "one", ""))


def main():
    need("hyperfine", "hyperfine")
    need("git-flow", "git-flow")
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "git-hotfix")
    with tempfile.TemporaryDirectory(prefix="git-hotfix-bench") as work:
        bench_pre_push(work, binary)
        bench_notes(work, binary)
        bench_released(work, binary)
        bench_merge(work, binary)
        bench_workspace(work, binary)
        bench_finish(work, binary)
        bench_server(work, binary)
        with on_path(binary):
            bench_finish_vs_git(work, binary)
            bench_affected(work, binary)
            bench_suite_runs(work, binary)
    hooks = os.path.join(HERE, "hooks.sh")
    print("| what | git-hotfix (ms) | baseline (ms) | ratio | target | peak memory MiB (ours / baseline) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if os.path.exists(hooks):
        print()
        sys.stdout.flush()
        subprocess.run([hooks], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(ENV, GIT_HOTFIX_BIN=binary, RUNS="10" if SMALL else "300"))
        print("`git commit` with each hook set-up (benches/hooks.sh):\n")
        print(open(os.path.join(HERE, "hooks.md")).read())


if __name__ == "__main__":
    main()
