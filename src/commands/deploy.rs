//! `git hotfix deploy [<ID>] [--env NAME]`: runs the configured backup, deploy and smoke-test
//! commands in that order for a released hotfix, records each outcome as an event, and on
//! success records the deployment as `deployed` does, so the timeline and the DORA figures
//! rest on what ran rather than on what someone remembered to type.

use crate::config::{self, REQUIRE_STAGING};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::pipeline::{self, Configured, Inputs, Outcome, Step};
use crate::policy::provenance;
use crate::store::{self, Metadata};
use crate::{clock, packages, record, report, ui};

/// Back up, deploy and smoke-test a finished hotfix with the configured commands.
///
/// Runs hotfix.backupCommand, hotfix.deployCommand and hotfix.smokeCommand in that order
/// (hotfix.<env>.<step>Command wins for --env <env>), through sh in the work tree, read from git
/// config only. Each gets HOTFIX_ID, HOTFIX_VERSION, HOTFIX_TAG, HOTFIX_PREVIOUS_VERSION,
/// HOTFIX_ENV and HOTFIX_COMMIT in its environment (in a repository that releases its
/// packages one by one, the version, tag and previous release are the released package's
/// own, the first one's when it released several); its output streams to stderr and stays
/// out of the notes, which record its outcome, exit code and duration. The first failure
/// stops the rest and prints the next command; when every step passes, the deployment is
/// recorded as 'deployed' records it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix (default: the current branch's, else the one whose merge it contains, else the
    /// only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// The environment to deploy to; `hotfix.<NAME>.deployCommand` and the like override the
    /// commands for it.
    #[arg(long, value_name = "NAME", default_value = "production")]
    pub env: String,
    /// Print the steps, their commands and the variables they would get; run nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Deploy without asking (needed when there is no terminal to ask on).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let mut hotfix = super::select_released(repo, &loaded, args.id.as_deref(), "deploy <ID>")?;
    let env = pipeline::environment(&args.env)?;
    let meta = &hotfix.meta;
    pipeline::require_finished(meta, "deployed")?;
    check_release(repo, meta)?;
    if env == "production" && REQUIRE_STAGING.flag(repo)? && !pipeline::deployed_to(meta, "staging")
    {
        return Err(Error::refused(format!(
            "{} has no successful staging deploy, and hotfix.requireStaging is true",
            meta.hotfix_id
        ))
        .hint(format!(
            "deploy it to staging first with 'git hotfix deploy {} --env staging'",
            meta.hotfix_id
        )));
    }
    let mut steps = Vec::new();
    for step in Step::DEPLOY {
        steps.push((step, pipeline::command(repo, step, &env)?));
    }
    if !steps
        .iter()
        .any(|(step, c)| *step == Step::Deploy && c.is_some())
    {
        return Err(Error::refused(format!(
            "no deploy command is configured for {env}"
        ))
        .hint(format!(
            "set one with 'git config hotfix.deployCommand \"<command>\"' (or 'git config {} \"<command>\"' for {env} only)",
            Step::Deploy.setting().env_key(&env)
        ))
        .hint(format!(
            "a deploy done by a pipeline is recorded with 'git hotfix deployed {} --env {env}'",
            meta.hotfix_id
        )));
    }
    let inputs = Inputs::new(repo, meta, &env, packages::replaced_version(repo, meta)?)?;
    if args.dry_run {
        print_plan(meta, &env, &steps, &inputs);
        return Ok(());
    }
    if !confirmed(meta, &env, args.yes)? {
        println!("Nothing deployed.");
        return Ok(());
    }
    let by = repo.identity()?;
    for (step, configured) in &steps {
        let Some(configured) = configured else {
            ui::warn(format!(
                "{} is not set: the {} step is skipped",
                step.setting().key,
                step.name()
            ));
            continue;
        };
        if !ui::quiet() {
            eprintln!(
                "Running the {} step for {env}: {}",
                step.name(),
                configured.command
            );
        }
        let outcome = pipeline::run(repo, configured, &inputs)?;
        pipeline::record(&mut hotfix.meta, *step, &env, &outcome, &by);
        // Saved step by step: whatever stops the run, the notes say what ran.
        record::save(repo, &hotfix)?;
        if !outcome.passed {
            return Err(failure(repo, &hotfix.meta, *step, &env, &outcome)?);
        }
        if !ui::quiet() {
            eprintln!("The {} step passed ({}).", step.name(), outcome.describe());
        }
    }
    super::deployed::record(repo, &mut hotfix, &env, clock::now())?;
    if !ui::quiet() && pipeline::command(repo, Step::Monitor, &env)?.is_some() {
        ui::hint(format!(
            "watch it with 'git hotfix monitor {} --env {env}'",
            hotfix.meta.hotfix_id
        ));
    }
    Ok(())
}

/// The steps are told what the notes say was released (`HOTFIX_TAG`, `HOTFIX_COMMIT`), and
/// anyone who can push notes can rewrite that: the recorded merge into production and the tag
/// are checked against history first, so a rewritten note cannot point a deploy (or a
/// monitor) elsewhere. `finish` records that merge before the hotfix is finished, so a
/// finished note without one is rewritten too.
pub(super) fn check_release(repo: &Repo, meta: &Metadata) -> Result<()> {
    let production = config::production_branch(repo, &config::REMOTE.get(repo)?)?;
    let Some(merge) = meta.merges.iter().find(|m| m.branch == production) else {
        return Err(Error::refused(format!(
            "{} records no merge into '{}', so what it released cannot be checked against history",
            meta.hotfix_id,
            ui::sanitize(&production)
        ))
        .hint(format!(
            "see who changed the note with 'git log -p {}'; 'git hotfix show {} --json' shows it",
            store::NOTES_REF,
            meta.hotfix_id
        )));
    };
    provenance::check_merge(repo, meta, &merge.branch, merge.commit)?;
    provenance::check_tag(repo, meta, merge.commit)
}

/// Asks on a terminal before deploying; `--yes` answers for the user, and without a terminal
/// it is required.
fn confirmed(meta: &Metadata, env: &str, yes: bool) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !ui::interactive() {
        return Err(Error::refused(format!(
            "deploying {} to {env} needs a confirmation, and there is no terminal to ask on",
            meta.hotfix_id
        ))
        .hint(format!(
            "run 'git hotfix deploy {} --env {env} --yes'",
            meta.hotfix_id
        )));
    }
    ui::confirm(
        &format!(
            "Deploy {} ({}) to {env}?",
            meta.hotfix_id,
            meta.version.as_deref().unwrap_or("no version")
        ),
        false,
    )
}

/// `--dry-run`: what would run, in order, and what each command would get.
fn print_plan(meta: &Metadata, env: &str, steps: &[(Step, Option<Configured>)], inputs: &Inputs) {
    println!(
        "Would deploy {} to {env}, stopping at the first step that fails:",
        meta.hotfix_id
    );
    for (number, (step, configured)) in steps.iter().enumerate() {
        match configured {
            Some(c) => println!(
                "  {}. {}: {} ({})",
                number + 1,
                step.name(),
                c.command,
                c.key
            ),
            None => println!(
                "  {}. {}: skipped, {} is not set",
                number + 1,
                step.name(),
                step.setting().key
            ),
        }
    }
    println!("Each command gets, in its environment:");
    for (name, value) in &inputs.vars {
        println!("  {name}={}", ui::sanitize(value));
    }
}

/// The refusal for a failed step: what failed, and the next command to run. A failed backup
/// deployed nothing, so that is to fix and run again; after a failed deploy or smoke test, the
/// rollback plan's first command.
fn failure(
    repo: &Repo,
    meta: &Metadata,
    step: Step,
    env: &str,
    outcome: &Outcome,
) -> Result<Error> {
    let id = &meta.hotfix_id;
    let err = Error::refused(format!(
        "the {} step failed on {env} ({}); the steps after it were not run",
        step.name(),
        outcome.describe()
    ));
    if step == Step::Backup {
        return Ok(err.hint(format!(
            "nothing was deployed: fix the backup, then run 'git hotfix deploy {id} --env {env}' again"
        )));
    }
    let plan = report::rollback::build(repo, meta)?;
    let next = plan
        .steps
        .iter()
        .find_map(|step| step.commands.first())
        .map(|command| ui::sanitize(command).into_owned());
    Ok(match next {
        Some(command) => err.hint(format!("next, from the rollback plan: {command}")),
        None => err,
    }
    .hint(format!("the whole plan: 'git hotfix rollback {id}'")))
}
