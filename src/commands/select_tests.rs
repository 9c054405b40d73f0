//! The merge a command given no id takes, against the way it was worked out before history
//! was read once: a merge-base search for every claim and for every pair weighed. On a
//! history whose lines fork and join and whose commit dates skew, with claims on the same
//! commits, on unrelated lines and on commits the repository lacks, both must take the same
//! merges in the same order as each taken one is refuted.

use std::io::Write;
use std::process::{Command, Stdio};

use super::*;

/// A bare repository of `count` commits made with `git fast-import`, each with one or two
/// earlier parents from a fixed pseudo-random sequence and a date that often goes back.
/// Returns it with the commits, oldest first.
fn tangled(
    count: usize,
    next: &mut impl FnMut(usize) -> usize,
) -> (tempfile::TempDir, Vec<ObjectId>) {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(args)
            .status();
        assert!(status.unwrap().success(), "git {args:?}");
    };
    git(&["init", "--quiet", "--bare"]);
    let mut stream = String::new();
    for i in 1..=count {
        let when = 1_767_261_600 + i * 60 - next(3) * 150;
        stream += &format!(
            "commit refs/heads/main\nmark :{i}\ncommitter T <t@example.com> {when} +0000\ndata 3\nc{i}\n"
        );
        if i > 1 {
            let first = i - 1 - next((i - 1).min(4));
            stream += &format!("from :{first}\n");
            let other = 1 + next(i - 1);
            if next(3) == 0 && other != first {
                stream += &format!("merge :{other}\n");
            }
        }
        stream += "\n";
    }
    let marks = dir.path().join("marks");
    let mut import = Command::new("git")
        .arg("-C")
        .arg(dir.path())
        .args(["fast-import", "--quiet"])
        .arg(format!("--export-marks={}", marks.display()))
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    import
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(import.wait().unwrap().success());
    let mut commits = vec![ObjectId::ZERO_SHA1; count];
    for line in std::fs::read_to_string(&marks).unwrap().lines() {
        let (mark, id) = line.split_once(' ').unwrap();
        commits[mark[1..].parse::<usize>().unwrap() - 1] = ObjectId::from_str(id).unwrap();
    }
    (dir, commits)
}

/// A finished hotfix claiming `merges`, finished at minute `finished` of the day.
fn claiming(n: usize, merges: &[ObjectId], finished: usize) -> Hotfix {
    let merges: Vec<_> = merges
        .iter()
        .map(|m| serde_json::json!({"branch": "main", "commit": m.to_string()}))
        .collect();
    let at = format!("2026-01-01T10:{finished:02}:00Z");
    let doc = serde_json::json!({
        "schema": 1, "hotfix_id": format!("HOTFIX-{n:03}"), "severity": "P1", "issue": "x",
        "created": "2026-01-01T09:00:00Z", "owner": "T <t@example.com>", "branch": "hotfix/x",
        "base_ref": "main", "base_commit": "0".repeat(40), "status": "finished",
        "events": [{"at": at, "event": "finished", "by": "T <t@example.com>"}], "merges": merges,
    });
    Hotfix {
        anchor: ObjectId::ZERO_SHA1,
        meta: serde_json::from_value(doc).unwrap(),
    }
}

/// The merges taken one after the other, as before: each claim checked with a merge-base
/// search, then the old fold over the claims `head` contains.
fn taken_before(
    repo: &Repo,
    head: ObjectId,
    claims: &[(&Hotfix, &store::MergeRecord)],
) -> Vec<ObjectId> {
    let mut claims: Vec<_> = claims
        .iter()
        .copied()
        .filter(|(_, m)| repo.is_ancestor(m.commit, head).unwrap_or(false))
        .collect();
    let mut taken = Vec::new();
    loop {
        let mut best: Option<(&Hotfix, ObjectId)> = None;
        for &(hotfix, merge) in &claims {
            let merge = merge.commit;
            best = match best {
                Some((_, kept)) if repo.is_ancestor(merge, kept).unwrap() => best,
                Some((kept_hotfix, kept)) if !repo.is_ancestor(kept, merge).unwrap() => {
                    Some(if finished_at(hotfix) > finished_at(kept_hotfix) {
                        (hotfix, merge)
                    } else {
                        (kept_hotfix, kept)
                    })
                }
                _ => Some((hotfix, merge)),
            };
        }
        let Some((_, merge)) = best else {
            return taken;
        };
        taken.push(merge);
        claims.retain(|(_, m)| m.commit != merge);
    }
}

/// The merges taken one after the other now.
fn taken_now(
    repo: &Repo,
    head: ObjectId,
    claims: &[(&Hotfix, &store::MergeRecord)],
) -> Vec<ObjectId> {
    let mut claims = claims.to_vec();
    let (mut ancestry, mut taken) = (None, Vec::new());
    while let Some(merge) = next_merge(repo, head, &claims, &mut ancestry).unwrap() {
        taken.push(merge);
        claims.retain(|(_, m)| m.commit != merge);
    }
    taken
}

#[test]
fn merges_are_taken_as_a_merge_base_search_for_each_would_take_them() {
    let mut state = 11u64;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % below
    };
    let (dir, commits) = tangled(50, &mut next);
    let repo = Repo::open_at(dir.path()).unwrap();
    let missing = ObjectId::from_str(&"12".repeat(20)).unwrap();
    let mut compared = 0;
    for round in 0..12 {
        let hotfixes: Vec<Hotfix> = (1..=10)
            .map(|n| {
                let mut merges = vec![commits[next(commits.len())]];
                if next(2) == 0 {
                    merges.push(if round % 4 == 0 && n == 3 {
                        missing
                    } else {
                        commits[next(commits.len())]
                    });
                }
                claiming(n, &merges, next(4))
            })
            .collect();
        let claims: Vec<_> = hotfixes
            .iter()
            .rev()
            .flat_map(|h| h.meta.merges.iter().map(move |m| (h, m)))
            .collect();
        for head in [
            commits[49],
            commits[48],
            commits[30 + round],
            commits[10 + round],
        ] {
            let before = taken_before(&repo, head, &claims);
            assert_eq!(
                taken_now(&repo, head, &claims),
                before,
                "round {round}, head {head}"
            );
            compared += before.len();
        }
    }
    assert!(compared > 100, "only {compared} merges were taken");
}
