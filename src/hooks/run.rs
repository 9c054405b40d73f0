//! What each hook checks. commit-msg and prepare-commit-msg run on every commit in the
//! repository: the shims start this only when HEAD is on a hotfix branch or detached (a
//! rebase), and even then a HEAD off hotfix branches costs one repository open and one read
//! of HEAD: no notes are loaded and no process is spawned. pre-push is where the rules really hold
//! (`--no-verify`, cherry-pick, revert and rebase skip commit-msg): it checks every pushed
//! hotfix branch from its base and runs its tests.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;

use crate::config::{self, BRANCH_PREFIX};
use crate::error::{Context, Error, Result};
use crate::git::{ObjectId, Repo};
use crate::policy::{self, Rule, message};
use crate::record;
use crate::store::{self, Hotfix, Loaded};
use crate::testing::{self, Scope};
use crate::ui;

/// Runs one hook with the arguments git gave it.
pub fn run(hook: &str, args: &[OsString]) -> Result<()> {
    // A server decides by its own rules: the pusher's HOTFIX_SKIP_HOOKS, which reaches a hook
    // of a repository pushed to on the same machine, is not one of them.
    match hook {
        "pre-receive" => return super::server::pre_receive(),
        "post-receive" => return super::server::post_receive(),
        _ => {}
    }
    if super::skipped() {
        return Ok(());
    }
    match hook {
        "commit-msg" => commit_msg(&Repo::open()?, arg(args, 0, hook)?),
        "prepare-commit-msg" => {
            let source = args.get(1).and_then(|s| s.to_str()).unwrap_or("");
            if !matches!(source, "" | "template") {
                return Ok(());
            }
            prepare_commit_msg(&Repo::open()?, arg(args, 0, hook)?)
        }
        "pre-push" => {
            let mut input = Vec::new();
            std::io::stdin()
                .read_to_end(&mut input)
                .context(|| "cannot read the pushed refs from standard input".into())?;
            pre_push(&Repo::open()?, &input)
        }
        other => Err(
            Error::refused(format!("'{other}' is not a hook git-hotfix runs"))
                .hint("the hooks are commit-msg, prepare-commit-msg and pre-push, and pre-receive and post-receive on a server"),
        ),
    }
}

fn arg<'a>(args: &'a [OsString], index: usize, hook: &str) -> Result<&'a Path> {
    args.get(index).map(Path::new).ok_or_else(|| {
        Error::refused(format!(
            "the {hook} hook needs the message file as its argument"
        ))
        .hint("git passes it; run the hook the way git does")
    })
}

/// The open hotfix of the checked-out branch. Returns `None` at once, before the notes are
/// read, when HEAD is detached or its branch lacks the hotfix prefix.
fn current_hotfix(repo: &Repo) -> Result<Option<Hotfix>> {
    let Some(branch) = repo.current_branch()? else {
        return Ok(None);
    };
    if !branch.starts_with(&BRANCH_PREFIX.get(repo)?) {
        return Ok(None);
    }
    let loaded = store::load(repo)?;
    find(&loaded, &[&branch])
}

/// The open hotfix on one of `branches`. When there is none but a note that cannot be read
/// may be the one (it names one of them, or what it names is unknown): refuse rather than let
/// the rules silently lapse.
fn find(loaded: &Loaded, branches: &[&str]) -> Result<Option<Hotfix>> {
    for branch in branches {
        if let Some(hotfix) = loaded.open_on_branch(branch)? {
            return Ok(Some(hotfix.clone()));
        }
    }
    let maybe_here = |bad: &&store::BadNote| {
        bad.branch
            .as_deref()
            .is_none_or(|named| branches.contains(&named))
    };
    match loaded.bad.iter().find(maybe_here) {
        None => Ok(None),
        Some(bad) => Err(Error::refused(format!(
            "cannot tell whether '{}' is a hotfix branch: {}",
            branches[0], bad.error.message
        ))
        .hint(bad.error.hints.first().cloned().unwrap_or_default())
        .hint(format!(
            "to get past it meanwhile: {}=1 or --no-verify",
            super::SKIP_ENV
        ))),
    }
}

fn commit_msg(repo: &Repo, file: &Path) -> Result<()> {
    let Some(hotfix) = current_hotfix(repo)? else {
        return Ok(());
    };
    // Merge commits are exempt: git is committing a merge when MERGE_HEAD exists.
    if repo.git_dir().join("MERGE_HEAD").is_file() {
        return Ok(());
    }
    let raw = std::fs::read(file)
        .context(|| format!("cannot read the commit message in {}", file.display()))?;
    let cleaned = message::clean(&raw, &policy::comment_char(repo)?);
    let id = &hotfix.meta.hotfix_id;
    let header = message::check_header(&cleaned, &policy::ids(&hotfix.meta));
    let Some(why) = message::explain(&header, id) else {
        return Ok(());
    };
    ui::init_colors(config::color(repo).as_deref());
    Err(Error::refused(format!(
        "commit refused on {} ({id}): {why}",
        hotfix.meta.branch
    ))
    .hint(format!(
        "merge, fixup!/squash!/amend! and Revert \"...\" commits are exempt; a trailer 'Hotfix: {id}' also passes"
    ))
    .hint("your message is kept in .git/COMMIT_EDITMSG: 'git commit -e -F .git/COMMIT_EDITMSG' picks it up again"))
}

/// Starts the message with `HOTFIX-NNN: ` when git opens the editor on a hotfix branch.
fn prepare_commit_msg(repo: &Repo, file: &Path) -> Result<()> {
    let Some(hotfix) = current_hotfix(repo)? else {
        return Ok(());
    };
    let raw = std::fs::read(file)
        .context(|| format!("cannot read the commit message in {}", file.display()))?;
    let comment = policy::comment_char(repo)?;
    let cleaned = message::clean(&raw, &comment);
    let ids = policy::ids(&hotfix.meta);
    if matches!(
        message::check_header(&cleaned, &ids),
        message::Header::Valid | message::Header::Exempt
    ) {
        return Ok(());
    }
    let first_is_comment = match &comment {
        message::CommentChar::Fixed(marker) => raw.starts_with(marker.as_bytes()),
        message::CommentChar::Auto => raw.first().is_some_and(|b| b"#;@!$%^&|:".contains(b)),
    };
    let mut text = format!("{}: ", hotfix.meta.hotfix_id).into_bytes();
    if first_is_comment {
        text.push(b'\n');
    }
    text.extend_from_slice(&raw);
    crate::files::write(file, &text, crate::files::Options::default())
}

/// One line of pre-push's input: `<local ref> <local oid> <remote ref> <remote oid>`.
struct Pushed<'a> {
    local_ref: &'a str,
    local: ObjectId,
    remote_ref: &'a str,
}

fn parse_line(line: &str) -> Result<Pushed<'_>> {
    let bad = || {
        Error::refused(format!(
            "pre-push was given a line it cannot read: '{}'",
            line.escape_debug()
        ))
        .hint("git writes '<local ref> <local sha> <remote ref> <remote sha>' lines; run the hook through 'git push'")
    };
    let fields: Vec<&str> = line.split(' ').collect();
    let [local_ref, local, remote_ref, remote] = fields[..] else {
        return Err(bad());
    };
    let local = ObjectId::from_str(local).map_err(|_| bad())?;
    ObjectId::from_str(remote).map_err(|_| bad())?;
    Ok(Pushed {
        local_ref,
        local,
        remote_ref,
    })
}

/// The ref lines pushed. Under the pre-commit framework, which keeps stdin to itself, they
/// come from its `PRE_COMMIT_*` variables.
fn pushed_lines(input: &[u8]) -> Result<Vec<String>> {
    let text = std::str::from_utf8(input).map_err(|_| {
        Error::refused("pre-push was given ref lines that are not UTF-8")
            .hint("run the hook through 'git push'")
    })?;
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let (Some(local_ref), Some(to)) =
            (var("PRE_COMMIT_LOCAL_BRANCH"), var("PRE_COMMIT_TO_REF"))
        {
            let remote_ref = var("PRE_COMMIT_REMOTE_BRANCH").unwrap_or_else(|| local_ref.clone());
            let from = var("PRE_COMMIT_FROM_REF").unwrap_or_else(|| "0".repeat(40));
            lines.push(format!("{local_ref} {to} {remote_ref} {from}"));
        }
    }
    Ok(lines)
}

fn pre_push(repo: &Repo, input: &[u8]) -> Result<()> {
    let lines = pushed_lines(input)?;
    let pushed = lines
        .iter()
        .map(|line| parse_line(line))
        .collect::<Result<Vec<_>>>()?;
    let prefix = BRANCH_PREFIX.get(repo)?;
    let mut loaded: Option<Loaded> = None;
    let mut refused = Vec::new();
    for push in &pushed {
        if push.local.is_zero() {
            continue; // a deletion
        }
        let branches: Vec<&str> = [push.local_ref, push.remote_ref]
            .iter()
            .filter_map(|r| r.strip_prefix("refs/heads/"))
            .filter(|b| b.starts_with(&prefix))
            .collect();
        if branches.is_empty() {
            continue; // a tag, or a branch that is not a hotfix branch
        }
        // The notes are read once, and only when a hotfix branch is pushed.
        let notes = match &loaded {
            Some(notes) => notes,
            None => {
                ui::init_colors(config::color(repo).as_deref());
                loaded.insert(store::load(repo)?)
            }
        };
        let Some(mut hotfix) = find(notes, &branches)? else {
            continue;
        };
        if let Err(err) = check_ref(repo, &mut hotfix, push) {
            ui::report(&err);
            refused.push(push.remote_ref.to_string());
        }
    }
    if refused.is_empty() {
        return Ok(());
    }
    Err(Error::refused(format!(
        "push refused: {} breaks the hotfix rules",
        refused.join(", ")
    ))
    .hint("fix what is listed above (with a commit where it is the code), then push again")
    .hint(format!(
        "only if you must: '{}=1 git push' skips these checks ('git hotfix verify' still runs them in CI)",
        super::SKIP_ENV
    )))
}

/// Every rule on the pushed commit of one hotfix branch, from the hotfix's base.
fn check_ref(repo: &Repo, hotfix: &mut Hotfix, push: &Pushed) -> Result<()> {
    let base = hotfix.meta.base();
    if push.local == base {
        return Ok(()); // the branch as it was started: nothing of the hotfix to check yet
    }
    let mut verdict = policy::check(repo, &hotfix.meta, base, push.local)?;
    let records = hotfix.meta.tests.len();
    if let Err(err) = testing::require_passes(repo, hotfix, push.local, Scope::Main) {
        verdict.fail(Rule::Tests, err);
    }
    if hotfix.meta.tests.len() != records {
        record::save(repo, hotfix)?;
    }
    for warning in verdict.warnings() {
        ui::warn(warning);
    }
    if verdict.passed() {
        eprintln!(
            "{} on {}: {} commit(s), {} file(s) and {} line(s); every hotfix rule passes.",
            ui::sanitize(&verdict.hotfix_id),
            ui::sanitize(push.remote_ref),
            verdict.commits,
            verdict.budget.files,
            verdict.budget.lines
        );
    }
    verdict.into_result()
}
