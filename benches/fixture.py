#!/usr/bin/env python3
"""Builds the benchmark fixtures with `git fast-import` (no downloads).

  fixture.py history <dir> <files> <commits>   a repository with <files> files and <commits>
                                               commits on main, tagged v1.0.0 at the tip
  fixture.py notes <dir> <hotfixes>            a small repository whose refs/notes/hotfix holds
                                               <hotfixes> hotfix documents
  fixture.py released <dir> <hotfixes>         main and develop with <hotfixes> finished hotfixes
                                               merged into both, each recorded in the notes
                                               with its real merges; main checked out
  fixture.py cargo <dir> <packages>            a Cargo workspace of <packages> crates (no
                                               registry dependencies, a few tests each): p0 is
                                               the core the others depend on
"""
import hashlib
import json
import os
import subprocess
import sys

IDENT = "Bench <bench@example.com> 1767261600 +0000"


def data(text):
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def fast_import(repo, chunks):
    subprocess.run(["git", "init", "--quiet", "-b", "main", repo], check=True)
    proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    for chunk in chunks:
        proc.stdin.write(chunk)
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")


def path_of(index):
    return "src/m%03d/file%05d.js" % (index // 100, index)


def history(files, commits):
    lines = [b"commit refs/heads/main\n", b"committer " + IDENT.encode() + b"\n", data("Initial import")]
    for i in range(files):
        lines.append(b"M 100644 inline " + path_of(i).encode() + b"\n")
        lines.append(data("// file %d\nexport const value = %d;\n" % (i, i)))
    yield b"".join(lines)
    for n in range(1, commits):
        target = (n * 7919) % files
        yield b"".join([
            b"commit refs/heads/main\n",
            b"committer " + IDENT.encode() + b"\n",
            data("Change %d" % n),
            b"M 100644 inline " + path_of(target).encode() + b"\n",
            data("// file %d\nexport const value = %d;\n" % (target, n)),
        ])
    yield b"reset refs/tags/v1.0.0\nfrom refs/heads/main\n\n"


def notes(hotfixes):
    yield b"".join([b"commit refs/heads/main\n", b"committer " + IDENT.encode() + b"\n",
                    data("Initial"), b"M 100644 inline app.js\n", data("// app\n")])
    lines = [b"commit refs/notes/hotfix\n", b"committer " + IDENT.encode() + b"\n", data("Notes")]
    for n in range(1, hotfixes + 1):
        doc = {
            "schema": 1, "hotfix_id": "HOTFIX-%03d" % n, "severity": "P%d" % (n % 3),
            "issue": "Generated incident %d" % n, "affected_versions": ["v1.0.0"],
            "components": ["api"], "impact": None,
            "created": "2026-%02d-%02dT10:00:00Z" % (1 + n % 12, 1 + n % 28),
            "owner": "Bench <bench@example.com>", "branch": "hotfix/incident-%d" % n,
            "base_ref": "main", "base_commit": "0" * 40,
            "status": "open" if n % 10 == 0 else "finished",
            "events": [{"at": "2026-01-01T10:00:00Z", "event": "started",
                        "by": "Bench <bench@example.com>"}],
        }
        anchor = hashlib.sha1(b"anchor %d" % n).hexdigest()
        lines.append(b"M 100644 inline " + anchor.encode() + b"\n")
        lines.append(data(json.dumps(doc, indent=2)))
    yield b"".join(lines)


def released(repo, hotfixes):
    """One commit per hotfix merged into main and into develop (git-flow's hotfix finish), in
    one fast-import; then, once the ids are known (its marks), the notes recording each
    hotfix's two merges, in a second one."""
    def commit(ref, mark, when, message, parents, app):
        return b"".join([b"commit %s\nmark :%d\n" % (ref, mark),
                         b"committer Bench <bench@example.com> %d +0000\n" % (1767261600 + when),
                         data(message), b"from :%d\n" % parents[0],
                         b"".join(b"merge :%d\n" % p for p in parents[1:]),
                         b"M 100644 inline app.js\n", data(app)])

    def history():
        yield b"".join([b"commit refs/heads/main\nmark :1\ncommitter " + IDENT.encode() + b"\n",
                        data("Release"), b"M 100644 inline app.js\n", data("// app\n")])
        yield commit(b"refs/heads/develop", 2, 1, "Develop work", [1], "// app, next\n")
        main, develop = 1, 2
        for n in range(1, hotfixes + 1):
            fix, app = 3 * n, "// app\n// HOTFIX: HOTFIX-%03d - Fix incident %d\n" % (n, n)
            yield commit(b"refs/heads/main", fix, 3 * n, "HOTFIX-%03d: Fix incident %d" % (n, n), [main], app)
            yield commit(b"refs/heads/main", fix + 1, 3 * n + 1,
                         "Merge hotfix/incident-%d (HOTFIX-%03d)" % (n, n), [main, fix], app)
            yield commit(b"refs/heads/develop", fix + 2, 3 * n + 2,
                         "Merge hotfix/incident-%d (HOTFIX-%03d) into develop" % (n, n), [develop, fix], app)
            main, develop = fix + 1, fix + 2

    marks = os.path.join(os.path.abspath(repo), ".git", "bench-marks")
    subprocess.run(["git", "init", "--quiet", "-b", "main", repo], check=True)
    proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet", "--export-marks=" + marks],
                            stdin=subprocess.PIPE)
    for chunk in history():
        proc.stdin.write(chunk)
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    sha = dict(line.split() for line in open(marks).read().splitlines())
    lines = [b"commit refs/notes/hotfix\n", b"committer " + IDENT.encode() + b"\n", data("Notes")]
    for n in range(1, hotfixes + 1):
        at = lambda minutes: "2026-01-%02dT%02d:%02d:00Z" % (1 + n // 1440, n % 1440 // 60, minutes)
        doc = {
            "schema": 1, "hotfix_id": "HOTFIX-%03d" % n, "severity": "P%d" % (n % 3),
            "issue": "Incident %d" % n, "affected_versions": ["v1.0.0"], "components": ["api"],
            "impact": None, "created": at(0), "owner": "Bench <bench@example.com>",
            "branch": "hotfix/incident-%d" % n, "base_ref": "main",
            "base_commit": sha[":%d" % (1 if n == 1 else 3 * n - 2)], "status": "finished",
            "events": [{"at": at(0), "event": "started", "by": "Bench <bench@example.com>"},
                       {"at": at(1), "event": "finished", "by": "Bench <bench@example.com>"}],
            "merges": [{"branch": "main", "commit": sha[":%d" % (3 * n + 1)]},
                       {"branch": "develop", "commit": sha[":%d" % (3 * n + 2)]}],
            "version": "1.0.%d" % n, "tag": "v1.0.%d" % n,
        }
        anchor = hashlib.sha1(b"anchor %d" % n).hexdigest()
        lines.append(b"M 100644 inline " + anchor.encode() + b"\n")
        lines.append(data(json.dumps(doc, indent=2)))
    subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], input=b"".join(lines), check=True)
    os.remove(marks)
    subprocess.run(["git", "-C", repo, "checkout", "--quiet", "main"], check=True)


def cargo_workspace(packages):
    """Crates p0..p<n-1> under crates/, each with three unit tests and a doc test; p1 and up
    depend on p0 by path. No lock file: the cargo that runs the tests writes its own."""
    files = {
        "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n',
        ".gitignore": "target/\n",
    }
    for n in range(packages):
        deps = "" if n == 0 else 'p0 = { path = "../p0" }\n'
        files["crates/p%d/Cargo.toml" % n] = (
            '[package]\nname = "p%d"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n%s' % (n, deps))
        base = "0" if n == 0 else "p0::value()"
        tests = "".join(
            "    #[test]\n    fn case_%d() {\n        assert_eq!(super::value() - %s, %d);\n    }\n" % (t, base, n)
            for t in range(3))
        files["crates/p%d/src/lib.rs" % n] = (
            "/// The value of this crate.\n///\n/// ```\n/// assert!(p%d::value() >= %d);\n/// ```\n"
            "pub fn value() -> u32 {\n    %s + %d\n}\n\n#[cfg(test)]\nmod tests {\n%s}\n" % (n, n, base, n, tests))
    lines = [b"commit refs/heads/main\n", b"committer " + IDENT.encode() + b"\n", data("Workspace")]
    for path, text in sorted(files.items()):
        lines.append(b"M 100644 inline " + path.encode() + b"\n")
        lines.append(data(text))
    yield b"".join(lines)
    yield b"reset refs/tags/v1.0.0\nfrom refs/heads/main\n\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, repo = sys.argv[1], sys.argv[2]
    if os.path.exists(repo):
        sys.exit("%s exists" % repo)
    if kind == "history":
        fast_import(repo, history(int(sys.argv[3]), int(sys.argv[4])))
        subprocess.run(["git", "-C", repo, "checkout", "--quiet", "main"], check=True)
    elif kind == "cargo":
        fast_import(repo, cargo_workspace(int(sys.argv[3])))
        subprocess.run(["git", "-C", repo, "checkout", "--quiet", "main"], check=True)
    elif kind == "released":
        released(repo, int(sys.argv[3]))
    elif kind == "notes":
        fast_import(repo, notes(int(sys.argv[3])))
        subprocess.run(["git", "-C", repo, "checkout", "--quiet", "main"], check=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
