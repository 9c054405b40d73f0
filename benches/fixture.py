#!/usr/bin/env python3
"""Builds the benchmark fixtures with `git fast-import` (no downloads).

  fixture.py history <dir> <files> <commits>   a repository with <files> files and <commits>
                                               commits on main, tagged v1.0.0 at the tip
  fixture.py notes <dir> <hotfixes>            a small repository whose refs/notes/hotfix holds
                                               <hotfixes> hotfix documents
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


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, repo = sys.argv[1], sys.argv[2]
    if os.path.exists(repo):
        sys.exit("%s exists" % repo)
    if kind == "history":
        fast_import(repo, history(int(sys.argv[3]), int(sys.argv[4])))
        subprocess.run(["git", "-C", repo, "checkout", "--quiet", "main"], check=True)
    elif kind == "notes":
        fast_import(repo, notes(int(sys.argv[3])))
        subprocess.run(["git", "-C", repo, "checkout", "--quiet", "main"], check=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
