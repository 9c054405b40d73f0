//! `git hotfix start <name>`: cut `hotfix/<name>` from what runs in production, give it an id
//! and a severity, and record its metadata in the notes. Every check runs before anything is
//! created, and a failure after the branch exists puts the repository back as it was.

use std::path::Path;

use crate::clock;
use crate::config::{self, BRANCH_PREFIX, ID_PREFIX, REMOTE};
use crate::error::{Error, Result};
use crate::git::{ObjectId, Repo, command};
use crate::store::{self, EventKind, Metadata, SCHEMA, Severity, Status};
use crate::sync::{self, Reach};
use crate::ui;
use crate::{packages, record};

/// Start a hotfix branch from production and record its metadata.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Short name of the fix; the branch is hotfix/<name> (a name given as hotfix/<name>
    /// loses the prefix, with a warning).
    pub name: String,
    /// Severity: P0 critical, P1 high, P2 medium (suggested from the name when omitted).
    #[arg(long, value_enum, ignore_case = true)]
    pub severity: Option<SeverityArg>,
    /// One-line description of the issue (default: the name made readable).
    #[arg(long, value_name = "TEXT")]
    pub issue: Option<String>,
    /// Start from this branch, tag or commit instead of the production branch.
    #[arg(long, value_name = "REF", conflicts_with = "from_last_tag")]
    pub from: Option<String>,
    /// Start from the last release tag reachable from the production branch.
    #[arg(long)]
    pub from_last_tag: bool,
    /// Affected versions, comma separated (default: the last release tag of the base, and the
    /// latest release of each older maintenance line, e.g. maint/v2 or 2.x).
    #[arg(long, value_name = "V1,V2", value_delimiter = ',')]
    pub affected: Vec<String>,
    /// An affected component (repeat for several).
    #[arg(long = "component", value_name = "NAME")]
    pub components: Vec<String>,
    /// A package the hotfix releases, in a repository of several (repeat for several; those
    /// whose files the fix changes are added anyway). Its latest release is the affected
    /// version.
    #[arg(long = "package", value_name = "NAME")]
    pub packages: Vec<String>,
    /// What the issue does to production.
    #[arg(long, value_name = "TEXT")]
    pub impact: Option<String>,
    /// Do not fetch the remote first (nor sync the hotfix notes: work offline).
    #[arg(long)]
    pub no_fetch: bool,
    #[command(flatten)]
    pub sync: sync::AutoArgs,
    /// Never prompt: take the suggested severity.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `--severity` as the command line spells it (`P0`, `p1`, ...); the notes keep [`Severity`].
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum SeverityArg {
    P0,
    P1,
    P2,
}

impl From<SeverityArg> for Severity {
    fn from(severity: SeverityArg) -> Severity {
        match severity {
            SeverityArg::P0 => Severity::P0,
            SeverityArg::P1 => Severity::P1,
            SeverityArg::P2 => Severity::P2,
        }
    }
}

pub fn run(repo: &Repo, mut args: Args) -> Result<()> {
    let work_tree = repo.work_tree()?;
    crate::operation::refuse_if_busy(repo)?;
    repo.check_writable()?;
    let prefix = BRANCH_PREFIX.get(repo)?;
    args.name = validate_name(&args.name, &prefix)?;
    let branch = format!("{prefix}{}", args.name);
    if repo.branch_tip(&branch)?.is_some() {
        return Err(
            Error::refused(format!("a branch named '{branch}' already exists")).hint(format!(
                "pick another name, or continue that hotfix with 'git switch {branch}'"
            )),
        );
    }
    super::require_clean_tree(repo, super::STASH_HINT)?;

    let remote = REMOTE.get(repo)?;
    let has_remote = repo.remote_exists(&remote);
    let syncing = !args.no_fetch && sync::auto_remote(repo, args.sync)?.is_some();
    let online = has_remote && !args.no_fetch && fetch(repo, &remote, syncing)?;
    if syncing && online {
        sync::report_renumbered(&sync::merge(repo, &remote)?.renumbered);
    }
    let loaded = store::load(repo)?;
    for bad in &loaded.bad {
        ui::warn(format!(
            "{} (the next id may repeat the one it holds)",
            bad.error.message
        ));
    }
    let production = config::production_branch(repo, &remote)?;
    let (base_ref, base_commit) = choose_base(repo, &args, &remote, has_remote, &production)?;
    let id = loaded.next_id(&ID_PREFIX.get(repo)?)?;
    let meta = metadata(repo, &args, id, branch.clone(), base_ref, base_commit)?;

    let previous = match repo.current_branch()? {
        Some(branch) => Some(branch),
        None => repo.head_commit()?.map(|commit| commit.to_string()),
    };
    command::run(
        work_tree,
        &[
            "switch",
            "--quiet",
            "--no-track",
            "-c",
            &branch,
            &base_commit.to_string(),
        ],
    )
    .map_err(|err| {
        Error::refused(format!("cannot check out a new branch '{branch}'")).hint(err.message)
    })?;
    let hotfix = match record::create(repo, meta) {
        Ok(hotfix) => hotfix,
        Err(err) => {
            undo_branch(work_tree, &branch, previous.as_deref());
            return Err(err);
        }
    };
    // The key that seals this clone's test passes (a private file of the git directory), made
    // now rather than inside a later command, which might not be able to write it.
    repo.ensure_local_key()?;
    if !ui::quiet() {
        print_started(repo, &hotfix.meta, base_commit);
    }
    // The hooks make the rules hold from the first commit; without them the hotfix still starts.
    match crate::hooks::install::ensure(repo) {
        Ok(Some(done)) if !ui::quiet() => println!("{done}"),
        Ok(_) => {}
        Err(err) => ui::warn(format!(
            "the hotfix hooks could not be installed ({}); install them with 'git hotfix hooks install'",
            err.message
        )),
    }
    if syncing && online {
        sync::share(repo, &remote);
    }
    Ok(())
}

/// One fetch brings the production branch and, when syncing, the remote's notes, so the id
/// is allocated knowing every hotfix the remote has. True when the remote answered; when it
/// did not, starting goes on from what this clone knows.
fn fetch(repo: &Repo, remote: &str, syncing: bool) -> Result<bool> {
    match sync::fetch(repo, remote, true, syncing)? {
        Reach::Answered => Ok(true),
        Reach::Unreachable(reason) => {
            ui::warn(format!(
                "could not fetch '{remote}' ({reason}): starting from what this clone knows{}",
                if syncing {
                    ", and a 'git hotfix sync' is due"
                } else {
                    ""
                }
            ));
            Ok(false)
        }
    }
}

/// The new hotfix's document: the analysis from the flags (or asked for), its branch and
/// base, and the `started` event.
fn metadata(
    repo: &Repo,
    args: &Args,
    id: String,
    branch: String,
    base_ref: String,
    base_commit: ObjectId,
) -> Result<Metadata> {
    let owner = repo.identity()?;
    let (packages, affected) = packages_and_affected(repo, args, base_commit)?;
    let severity = match args.severity {
        Some(severity) => severity.into(),
        None => ask_severity(args, suggest_severity(args))?,
    };
    let mut meta = Metadata {
        schema: SCHEMA,
        hotfix_id: id,
        severity,
        issue: args.issue.clone().unwrap_or_else(|| readable(&args.name)),
        affected_versions: affected,
        components: trimmed(&args.components),
        impact: args.impact.clone(),
        created: clock::now(),
        owner: owner.clone(),
        branch,
        base_ref: base_ref.clone(),
        base_commit,
        status: Status::Open,
        events: Vec::new(),
        tests: Vec::new(),
        merges: Vec::new(),
        version: None,
        tag: None,
        former_ids: Vec::new(),
        pr_url: None,
        backports: Vec::new(),
        packages,
        releases: Vec::new(),
        extra: Default::default(),
    };
    meta.record(
        EventKind::Started,
        &owner,
        Some(format!("from {base_ref} ({})", repo.short_id(base_commit))),
    );
    Ok(meta)
}

/// The packages named with `--package`, each one the base's manifests know, and the affected
/// versions: `--affected`, else the latest release of each package named and its releases on
/// the package's maintenance lines, else the nearest tag and the older lines' releases,
/// except in a repository of several packages, where that tag can be another package's.
fn packages_and_affected(
    repo: &Repo,
    args: &Args,
    base: ObjectId,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut names: Vec<String> = Vec::new();
    for name in trimmed(&args.packages) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let project = packages::project_at(repo, base)?;
    let mut found = Vec::new();
    for name in &names {
        let package = packages::find(&project, name).ok_or_else(|| {
            let known: Vec<&str> = project.packages.iter().map(|p| p.name.as_str()).collect();
            Error::refused(format!(
                "there is no package '{}' in this repository",
                ui::sanitize(name)
            ))
            .hint(if known.is_empty() {
                "no manifest describes a package: declare one with 'git config --add hotfix.packages <name>=<path>'".to_string()
            } else {
                format!(
                    "the packages are: {} (see 'git hotfix config')",
                    ui::sanitize(&known.join(", "))
                )
            })
        })?;
        found.push(package);
    }
    if !args.affected.is_empty() {
        return Ok((names, trimmed(&args.affected)));
    }
    let remote = REMOTE.get(repo)?;
    if !packages::per_package(repo, &project)? {
        let mut affected: Vec<String> = repo.nearest_tag(base)?.into_iter().collect();
        affected.extend(crate::version::lines::older_releases(repo, &remote, base)?);
        return Ok((names, affected));
    }
    let mut affected = Vec::new();
    for package in found {
        if let Some(latest) = packages::previous(repo, package, &[base])? {
            affected.push(latest.tag);
            affected.extend(packages::older_releases(
                repo,
                &remote,
                package,
                &latest.version,
            )?);
        }
    }
    Ok((names, affected))
}

/// The values given, trimmed, without empty ones.
fn trimmed(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Branch names git accepts and a shell cannot misread: letters, digits, `-`, `_`, `.`, `/`.
/// Returns the name to use: one that already carries the branch prefix (`hotfix/foo`, as
/// typed from the branch's name) loses it, with a warning, rather than making
/// `hotfix/hotfix/foo`.
fn validate_name(name: &str, prefix: &str) -> Result<String> {
    let name = match name.strip_prefix(prefix) {
        Some(rest) if !prefix.is_empty() && !rest.is_empty() => {
            ui::warn(format!(
                "the name '{name}' already starts with the branch prefix '{prefix}': \
                 the hotfix is named '{rest}', on branch '{name}'"
            ));
            rest
        }
        _ => name,
    };
    let refuse = |why: &str| {
        Error::refused(format!(
            "invalid hotfix name '{}': {why}",
            name.escape_debug()
        ))
        .hint("use letters, digits, '-', '_', '.' and '/', e.g. 'payment-timeout'")
    };
    if name.is_empty() {
        return Err(refuse("it is empty"));
    }
    if name.chars().count() > 100 {
        return Err(refuse("it is longer than 100 characters"));
    }
    if name.starts_with('-') {
        return Err(refuse("it starts with '-'"));
    }
    if let Some(c) = name.chars().find(|c| c.is_whitespace()) {
        let what = if c == ' ' {
            "a space".to_string()
        } else {
            format!("whitespace {c:?}")
        };
        return Err(refuse(&format!("it contains {what}")));
    }
    if name.chars().any(char::is_control) {
        return Err(refuse("it contains a control character"));
    }
    if name.contains("..") {
        return Err(refuse("it contains '..'"));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
    {
        return Err(refuse(&format!("it contains '{c}'")));
    }
    if !crate::git::is_valid_refname(&format!("refs/heads/{prefix}{name}")) {
        return Err(refuse("git does not accept it as a branch name"));
    }
    Ok(name.to_string())
}

/// Where the branch is cut: `--from`, `--from-last-tag`, else the remote's production branch,
/// else the local one.
fn choose_base(
    repo: &Repo,
    args: &Args,
    remote: &str,
    has_remote: bool,
    production: &str,
) -> Result<(String, ObjectId)> {
    if let Some(from) = &args.from {
        let commit = repo.resolve_commit(from)?.ok_or_else(|| {
            Error::refused(format!(
                "'{from}' is not a branch, tag or commit of this repository"
            ))
            .hint("check the name with 'git branch -a' or 'git tag', or fetch it first")
        })?;
        return Ok((from.clone(), commit));
    }
    let remote_ref = format!("{remote}/{production}");
    let production_tip = match repo.ref_commit(&format!("refs/remotes/{remote_ref}"))? {
        Some(commit) if has_remote => Some((remote_ref, commit)),
        _ => repo
            .branch_tip(production)?
            .map(|commit| (production.to_string(), commit)),
    };
    let Some((production_ref, production_commit)) = production_tip else {
        return Err(Error::refused(format!(
            "the production branch '{production}' exists neither on '{remote}' nor locally"
        ))
        .hint("set it with 'git config hotfix.productionBranch <branch>', or start from a ref with --from"));
    };
    if !args.from_last_tag {
        return Ok((production_ref, production_commit));
    }
    let tag = repo.nearest_tag(production_commit)?.ok_or_else(|| {
        Error::refused(format!("no tag is reachable from '{production_ref}'"))
            .hint("tag the release that runs in production, or start from a ref with --from")
    })?;
    let commit = repo
        .resolve_commit(&format!("refs/tags/{tag}"))?
        .ok_or_else(|| Error::internal(format!("tag '{tag}' does not point at a commit")))?;
    Ok((tag, commit))
}

/// A severity guessed from the words of the name and the issue text.
fn suggest_severity(args: &Args) -> Severity {
    let text = format!("{} {}", args.name, args.issue.as_deref().unwrap_or(""))
        .to_lowercase()
        .replace(['-', '_', '/', '.'], " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let has = |word: &str| words.iter().any(|w| w.starts_with(word));
    let phrase = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1].starts_with(b));
    if [
        "critical", "vulnerab", "security", "outage", "corrupt", "breach", "exploit", "cve",
    ]
    .iter()
    .any(|w| has(w))
        || phrase("data", "loss")
    {
        Severity::P0
    } else if ["error", "bug", "broken", "failure", "fail", "crash"]
        .iter()
        .any(|w| has(w))
    {
        Severity::P1
    } else {
        Severity::P2
    }
}

fn ask_severity(args: &Args, suggested: Severity) -> Result<Severity> {
    if args.yes || !ui::interactive() {
        if !ui::quiet() {
            eprintln!(
                "Severity {suggested} suggested from the name and issue; pass --severity to choose."
            );
        }
        return Ok(suggested);
    }
    let items: Vec<&str> = Severity::ALL.iter().map(|s| s.describe()).collect();
    let default = Severity::ALL
        .iter()
        .position(|&s| s == suggested)
        .unwrap_or(0);
    let choice = dialoguer::Select::new()
        .with_prompt("Severity")
        .items(&items)
        .default(default)
        .interact_opt()
        .map_err(|err| Error::internal(format!("cannot read the answer: {err}")))?;
    choice.map(|i| Severity::ALL[i]).ok_or_else(|| {
        Error::refused("no severity was chosen").hint("pass --severity P0, P1 or P2")
    })
}

/// `critical-auth-vulnerability` → `Critical auth vulnerability`.
fn readable(name: &str) -> String {
    let text = name.replace(['-', '_', '/'], " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// Puts HEAD back (a branch name, or a commit when it was detached) and deletes the new
/// branch after a failure, so nothing is left half-done.
fn undo_branch(work_tree: &Path, branch: &str, previous: Option<&str>) {
    let back = previous
        .map(|previous| command::capture(work_tree, &["checkout", "--quiet", previous, "--"]));
    if back.is_some_and(|ran| ran.is_ok_and(|ran| ran.success)) {
        let _ = command::capture(work_tree, &["branch", "--quiet", "-D", branch]);
    } else {
        ui::warn(format!(
            "could not undo the branch '{branch}'; delete it with 'git branch -D {branch}'"
        ));
    }
}

fn print_started(repo: &Repo, meta: &Metadata, base: ObjectId) {
    let comment = crate::policy::language::suggested_comment(
        repo,
        Some(base),
        None,
        &meta.hotfix_id,
        &meta.issue,
    );
    let bold = ui::bold();
    println!(
        "Started {} ({}) on branch {}",
        bold.apply_to(&meta.hotfix_id),
        super::severity_style(meta.severity).apply_to(meta.severity),
        bold.apply_to(&meta.branch)
    );
    println!("  base:     {} ({})", meta.base_ref, repo.short_id(base));
    println!("  issue:    {}", meta.issue);
    if !meta.packages.is_empty() {
        println!("  packages: {}", ui::sanitize(&meta.packages.join(", ")));
    }
    if !meta.affected_versions.is_empty() {
        println!("  affected: {}", meta.affected_versions.join(", "));
    }
    println!();
    println!("Next steps:");
    println!("  1. Make the smallest fix; mark the changed code with a comment such as");
    println!("       {comment}");
    println!(
        "  2. Commit with the header:  git commit -m \"{}: <what changed>\"",
        meta.hotfix_id
    );
    println!("  3. Check progress:          git hotfix status");
}
