//! Which commits a tip contains, read in one walk and then asked in memory. Picking the hotfix
//! whose merge the checked-out branch holds weighs every recorded merge against HEAD and
//! against each other; a merge-base search per question walked the same history thousands of
//! times. A commit the repository lacks (a note naming one never fetched) is simply not
//! contained, and a shallow clone's missing parents end the walk there.

use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::{ErrorCode, Oid};

use super::Repo;
use crate::error::{Context, Result};

/// The commits a tip contains, itself included, with their parent links.
pub struct Ancestry {
    index: HashMap<Oid, usize>,
    parents: Vec<Vec<usize>>,
    children: Vec<Vec<usize>>,
}

/// Where the commits of an [`Ancestry`] stand relative to one of them.
pub struct Relatives<'a> {
    ancestry: &'a Ancestry,
    commit: Oid,
    /// The commit and those it contains.
    below: Vec<bool>,
    /// The commit and those of the ancestry that contain it.
    above: Vec<bool>,
}

impl Repo {
    /// The first commit `tip` contains, newest first by commit date, for which `wanted` holds.
    /// Walks back only as far as that commit (libgit2's date-ordered walk would read the whole
    /// history before giving the first one).
    pub fn newest_contained(&self, tip: Oid, wanted: impl Fn(Oid) -> bool) -> Result<Option<Oid>> {
        let read = |id: Oid| {
            self.raw()
                .find_commit(id)
                .context(|| format!("cannot read commit {id}"))
        };
        let mut seen = HashSet::from([tip]);
        let mut todo = BinaryHeap::from([(read(tip)?.time().seconds(), tip)]);
        while let Some((_, id)) = todo.pop() {
            if wanted(id) {
                return Ok(Some(id));
            }
            for parent in read(id)?.parent_ids() {
                if seen.insert(parent) {
                    match self.raw().find_commit(parent) {
                        Ok(commit) => todo.push((commit.time().seconds(), parent)),
                        Err(err) if err.code() == ErrorCode::NotFound => {}
                        Err(err) => {
                            return Err(err).context(|| format!("cannot read commit {parent}"));
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    /// The commits `tip` contains, read once (each commit object once).
    pub fn ancestry(&self, tip: Oid) -> Result<Ancestry> {
        let mut ancestry = Ancestry {
            index: HashMap::from([(tip, 0)]),
            parents: vec![Vec::new()],
            children: vec![Vec::new()],
        };
        let mut todo = vec![(tip, 0)];
        while let Some((id, at)) = todo.pop() {
            let commit = match self.raw().find_commit(id) {
                Ok(commit) => commit,
                Err(err) if err.code() == ErrorCode::NotFound && at != 0 => continue,
                Err(err) => return Err(err).context(|| format!("cannot read commit {id}")),
            };
            for parent in commit.parent_ids() {
                let next = ancestry.index.len();
                let parent_at = *ancestry.index.entry(parent).or_insert_with(|| {
                    todo.push((parent, next));
                    next
                });
                if parent_at == next {
                    ancestry.parents.push(Vec::new());
                    ancestry.children.push(Vec::new());
                }
                ancestry.parents[at].push(parent_at);
                ancestry.children[parent_at].push(at);
            }
        }
        Ok(ancestry)
    }
}

impl Ancestry {
    /// True when the tip is `commit` or contains it.
    pub fn contains(&self, commit: Oid) -> bool {
        self.index.contains_key(&commit)
    }

    /// Where the others stand relative to `commit`; `None` when the tip does not contain it.
    pub fn relatives(&self, commit: Oid) -> Option<Relatives<'_>> {
        let at = *self.index.get(&commit)?;
        Some(Relatives {
            ancestry: self,
            commit,
            below: reach(at, &self.parents),
            above: reach(at, &self.children),
        })
    }
}

impl Relatives<'_> {
    /// The commit the others are placed against.
    pub fn commit(&self) -> Oid {
        self.commit
    }

    /// True when `other` is the commit or one it contains.
    pub fn contains(&self, other: Oid) -> bool {
        self.ancestry
            .index
            .get(&other)
            .is_some_and(|&i| self.below[i])
    }

    /// True when `other` is the commit or contains it. Only the tip's commits are known here:
    /// one it does not contain is answered false.
    pub fn contained_by(&self, other: Oid) -> bool {
        self.ancestry
            .index
            .get(&other)
            .is_some_and(|&i| self.above[i])
    }
}

/// The commits reached from `from` by following `links` (itself included).
fn reach(from: usize, links: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; links.len()];
    seen[from] = true;
    let mut todo = vec![from];
    while let Some(at) = todo.pop() {
        for &next in &links[at] {
            if !seen[next] {
                seen[next] = true;
                todo.push(next);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bare repository of `count` commits, each with one or two earlier parents chosen by a
    /// fixed pseudo-random sequence and a commit date that often goes back in time (clocks
    /// skew), so several lines fork and join. Returns the commits, oldest first.
    fn tangled(count: usize) -> (tempfile::TempDir, Repo, Vec<Oid>) {
        let dir = tempfile::tempdir().unwrap();
        let raw = git2::Repository::init_bare(dir.path()).unwrap();
        let tree = raw
            .find_tree(raw.treebuilder(None).unwrap().write().unwrap())
            .unwrap();
        let mut state = 7u64;
        let mut next = |below: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % below
        };
        let mut commits: Vec<Oid> = Vec::new();
        for i in 0..count {
            let mut parents: Vec<Oid> = Vec::new();
            if i > 0 {
                parents.push(commits[i - 1 - next(i.min(4))]);
                let other = commits[next(i)];
                if next(3) == 0 && !parents.contains(&other) {
                    parents.push(other);
                }
            }
            let when = git2::Time::new((i * 10) as i64 - next(3) as i64 * 25, 0);
            let who = git2::Signature::new("T", "t@example.com", &when).unwrap();
            let parents: Vec<git2::Commit> = parents
                .iter()
                .map(|p| raw.find_commit(*p).unwrap())
                .collect();
            let parents: Vec<&git2::Commit> = parents.iter().collect();
            commits.push(
                raw.commit(None, &who, &who, &format!("c{i}"), &tree, &parents)
                    .unwrap(),
            );
        }
        drop(tree);
        (dir, Repo::wrap(raw), commits)
    }

    #[test]
    fn the_ancestry_answers_as_a_merge_base_search_does() {
        let (_dir, repo, commits) = tangled(60);
        for &tip in [commits[59], commits[41], commits[17]].iter() {
            let ancestry = repo.ancestry(tip).unwrap();
            let contained: Vec<Oid> = commits
                .iter()
                .copied()
                .filter(|&c| repo.is_ancestor(c, tip).unwrap())
                .collect();
            assert!(contained.len() > 3 && contained.len() < commits.len());
            for &commit in &commits {
                assert_eq!(ancestry.contains(commit), contained.contains(&commit));
            }
            for &a in &contained {
                let relatives = ancestry.relatives(a).unwrap();
                assert_eq!(relatives.commit(), a);
                for &b in &contained {
                    assert_eq!(relatives.contains(b), repo.is_ancestor(b, a).unwrap());
                    assert_eq!(relatives.contained_by(b), repo.is_ancestor(a, b).unwrap());
                }
            }
        }
    }

    #[test]
    fn a_commit_the_repository_lacks_is_not_contained() {
        let (_dir, repo, commits) = tangled(10);
        let missing = Oid::from_str("1234567890123456789012345678901234567890").unwrap();
        let ancestry = repo.ancestry(commits[9]).unwrap();
        assert!(!ancestry.contains(missing));
        assert!(ancestry.relatives(missing).is_none());
        let relatives = ancestry.relatives(commits[9]).unwrap();
        assert!(!relatives.contains(missing) && !relatives.contained_by(missing));
        assert_eq!(
            repo.newest_contained(commits[9], |c| c == missing).unwrap(),
            None
        );
        assert!(repo.ancestry(missing).is_err());
    }

    #[test]
    fn the_newest_contained_is_a_wanted_commit_the_tip_contains() {
        let (_dir, repo, commits) = tangled(60);
        let tip = commits[45];
        for wanted in commits.chunks(7) {
            let found = repo.newest_contained(tip, |c| wanted.contains(&c)).unwrap();
            let contained: Vec<Oid> = wanted
                .iter()
                .copied()
                .filter(|&c| repo.is_ancestor(c, tip).unwrap())
                .collect();
            match found {
                Some(found) => assert!(contained.contains(&found)),
                None => assert!(contained.is_empty()),
            }
        }
    }
}
