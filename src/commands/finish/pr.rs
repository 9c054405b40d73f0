//! `finish --pr`: push the hotfix branch and open a pull request (gh, or glab for GitLab)
//! instead of merging locally, for a protected production branch.

use std::path::Path;

use crate::config::CREATE_LABELS;
use crate::error::{Error, Kind, Result};
use crate::git::{Repo, command};
use crate::pr::available::{self, Client};
use crate::pr::{Forge, Request};
use crate::record;
use crate::store;
use crate::store::EventKind;

use super::Args;
use super::plan::{Prepared, verify};

/// Step 8: push the branch and open a pull request instead of merging locally.
pub(super) fn open_pr(repo: &Repo, args: &Args, mut prepared: Prepared) -> Result<()> {
    let data = &prepared.data;
    let forge = Forge::of_remote(repo.remote_url(&data.remote).as_deref());
    let request = Request::new(repo, &prepared.hotfix.meta, prepared.base, prepared.tip)?;
    let create_labels = CREATE_LABELS.flag(repo)?;
    let pr_args = request.args(forge, &data.production, &data.branch);
    let push_args = vec![
        "push".to_string(),
        "--set-upstream".to_string(),
        data.remote.clone(),
        format!("refs/heads/{0}:refs/heads/{0}", data.branch),
    ];
    let program = forge.program();
    let show = |what: &[String]| format!("{program} {}", command::shell_words(what));
    if args.dry_run {
        verify(repo, args, &mut prepared)?;
        println!(
            "Opening a pull request for {} would (dry run: nothing is changed):",
            crate::ui::sanitize(&prepared.data.hotfix_id)
        );
        let mut steps = Vec::new();
        if !prepared.data.version_files.is_empty() {
            steps.push(super::bump::describe(&prepared.data).text);
        }
        steps.push(format!(
            "push the branch:  git {}",
            command::shell_words(&push_args)
        ));
        steps.push(format!("open the request: {}", show(&pr_args)));
        // The request holds reviewers from CODEOWNERS and the release package: escaped, its
        // lines kept.
        for (number, step) in steps.iter().enumerate() {
            println!("  {}. {}", number + 1, crate::ui::sanitize_lines(step));
        }
        return Ok(());
    }
    let Ok(client) = which::which(program) else {
        return Err(Error::refused(format!(
            "'{program}' is not installed, so no pull request was opened (nothing was changed)"
        ))
        .hint(format!(
            "install it and run 'git hotfix finish --pr' again, or run: git {} && {}",
            command::shell_words(&push_args),
            show(&pr_args)
        )));
    };
    if !repo.remote_exists(&data.remote) {
        return Err(Error::refused(format!(
            "--pr needs the remote '{}', which does not exist",
            data.remote
        ))
        .hint("add it with 'git remote add', or set hotfix.remote"));
    }
    verify(repo, args, &mut prepared)?;
    super::bump::before_pr(repo, &mut prepared)?;
    // Saved before the push: its pre-push hook may record test runs in the same note.
    record::save(repo, &prepared.hotfix)?;
    let work_tree = repo.work_tree()?;
    let data = &prepared.data;
    if !command::push(work_tree, &push_args, &data.remote)? {
        return Err(Error::refused(format!(
            "the push of '{}' to '{}' failed, so no pull request was opened",
            data.branch, data.remote
        ))
        .hint(format!(
            "retry with: git {}",
            command::shell_words(&push_args)
        )));
    }
    let at = Target {
        forge,
        client: &client,
        work_tree,
        into: &data.production,
        branch: &data.branch,
    };
    let url = open_request(request, create_labels, &at)?;
    let by = repo.identity()?;
    let mut hotfix = store::reload(repo, &data.hotfix_id)?;
    hotfix.meta.pr_url = (!url.is_empty()).then(|| url.clone());
    hotfix.meta.record(
        EventKind::PrOpened,
        &by,
        Some(format!("into '{}': {url}", data.production)),
    );
    record::save(repo, &hotfix)?;
    let (id, url) = (
        crate::ui::sanitize(&data.hotfix_id),
        crate::ui::sanitize(&url),
    );
    println!("Opened a pull request for {id}: {url}");
    println!(
        "When it is merged, tag the release on '{}' and merge it back into develop.",
        data.production
    );
    Ok(())
}

/// Where and how a request is opened.
struct Target<'a> {
    forge: Forge,
    client: &'a Path,
    work_tree: &'a Path,
    into: &'a str,
    branch: &'a str,
}

/// Opens the request with the labels and reviewers the repository has; when the client still
/// refuses it with some, opens it once more without them: a label or a reviewer is never
/// worth the pull request. Returns the URL the client printed.
fn open_request(mut request: Request, create_labels: bool, at: &Target) -> Result<String> {
    let client = Client {
        forge: at.forge,
        program: at.client,
        dir: at.work_tree,
    };
    for warning in available::fit(&mut request, &client, create_labels) {
        crate::ui::warn(warning);
    }
    let program = at.forge.program();
    let run = |request: &Request| {
        let args = request.args(at.forge, at.into, at.branch);
        let retry = format!("{program} {}", command::shell_words(&args));
        run_client(at.client, &args, at.work_tree, program, &retry)
    };
    match run(&request) {
        Err(err)
            if err.kind == Kind::Refused
                && !(request.labels.is_empty() && request.reviewers.is_empty()) =>
        {
            crate::ui::warn(format!(
                "{program} refused the request with its labels and reviewers; opening it without them"
            ));
            request.labels.clear();
            request.reviewers.clear();
            run(&request)
        }
        other => other,
    }
}

/// Runs the forge's client to open the request and returns the URL it printed; a failure
/// says the branch is pushed and gives `retry`.
fn run_client(
    client: &Path,
    args: &[String],
    work_tree: &Path,
    program: &str,
    retry: &str,
) -> Result<String> {
    let output = std::process::Command::new(client)
        .args(args)
        .current_dir(work_tree)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|err| Error::internal(format!("cannot run {program}: {err}")))?;
    if !output.status.success() {
        return Err(Error::refused(format!(
            "{program} could not open the pull request (see its message above)"
        ))
        .hint(format!("the branch is pushed; retry with: {retry}")));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with("http"))
        .or_else(|| stdout.lines().rev().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("")
        .to_string())
}
