//! `git hotfix show [<ID>]`: every recorded field of one hotfix (the current branch's by
//! default, like every other command). Fields come from notes anyone
//! with push access can write, so each is shown through [`ui::sanitize`].

use crate::error::Result;
use crate::git::Repo;
use crate::store::{self, Metadata};
use crate::ui;
use crate::{clock, history, testing};

/// Show all metadata of a hotfix.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The hotfix id, e.g. HOTFIX-001 (default: the current branch's, else the one whose merge it
    /// contains, else the only one released and not resolved).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Print the metadata object as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(repo: &Repo, args: Args) -> Result<()> {
    let loaded = store::load(repo)?;
    let hotfix = super::select_released(repo, &loaded, args.id.as_deref(), "show <ID>")?;
    if args.json {
        print!("{}", store::to_json(&hotfix.meta));
    } else {
        print_metadata(repo, &hotfix.meta)?;
    }
    Ok(())
}

fn print_metadata(repo: &Repo, meta: &Metadata) -> Result<()> {
    let bold = ui::bold();
    println!(
        "{} {} {}",
        bold.apply_to(ui::sanitize(&meta.hotfix_id)),
        super::severity_style(meta.severity).apply_to(meta.severity),
        super::status_style(meta.status).apply_to(meta.status)
    );
    let field = |name: &str, value: &str| {
        println!("  {:<11} {}", format!("{name}:"), ui::sanitize(value));
    };
    field("issue", &meta.issue);
    field("branch", &meta.branch);
    field(
        "base",
        &format!("{} ({})", meta.base_ref, &meta.base_commit),
    );
    field("owner", &meta.owner);
    field("created", &clock::rfc3339(meta.created));
    let none = || "-".to_string();
    let list = |items: &[String]| {
        if items.is_empty() {
            none()
        } else {
            items.join(", ")
        }
    };
    field("affected", &list(&meta.affected_versions));
    field("components", &list(&meta.components));
    field("impact", meta.impact.as_deref().unwrap_or("-"));
    if !meta.former_ids.is_empty() {
        field("former ids", &meta.former_ids.join(", "));
    }
    if let Some(version) = &meta.version {
        field("version", version);
    }
    if let Some(tag) = &meta.tag {
        field("tag", tag);
    }
    print_packages(meta);
    for merge in &meta.merges {
        field(
            "merged",
            &format!("into {} ({})", merge.branch, merge.commit),
        );
    }
    if let Some(url) = &meta.pr_url {
        field("pull request", url);
    }
    print_tests(repo, meta)?;
    if !meta.backports.is_empty() {
        println!();
        println!("Backports:");
        for backport in &meta.backports {
            let tags = backport.tags().join(", ");
            println!(
                "  {}  {}  {} commit(s)  {}",
                ui::sanitize(&backport.target),
                ui::sanitize(&backport.branch),
                backport.commits.len(),
                ui::sanitize(if tags.is_empty() { "-" } else { &tags })
            );
        }
    }
    if !meta.events.is_empty() {
        println!();
        println!("Events:");
        for event in &meta.events {
            let detail = event
                .detail
                .as_deref()
                .map(|d| format!(" - {}", ui::sanitize(d)))
                .unwrap_or_default();
            println!(
                "  {}  {:<16} {}{detail}",
                clock::rfc3339(event.at),
                ui::sanitize(event.event.as_str()),
                ui::sanitize(&event.by)
            );
        }
    }
    Ok(())
}

/// The packages `start --package` named and each one `finish` released, in a repository of
/// several.
fn print_packages(meta: &Metadata) {
    let field = |name: &str, value: &str| {
        println!("  {:<11} {}", format!("{name}:"), ui::sanitize(value));
    };
    if !meta.packages.is_empty() {
        field("packages", &meta.packages.join(", "));
    }
    for release in &meta.releases {
        let previous = release.previous.as_deref().unwrap_or("no earlier release");
        field(
            "released",
            &format!(
                "{} {} ({}), after {previous}",
                release.package, release.version, release.tag
            ),
        );
    }
}

/// The test runs, each named by the commit it ran on (records hold trees; users know commits).
fn print_tests(repo: &Repo, meta: &Metadata) -> Result<()> {
    if meta.tests.is_empty() {
        return Ok(());
    }
    println!();
    println!("Tests:");
    let commits = history::commits_by_tree(repo, meta)?;
    for test in &meta.tests {
        let on = match commits.get(&test.tree) {
            Some(commit) => format!("on {}", repo.short_id(*commit)),
            None => format!("on a tree no commit has ({})", repo.short_id(test.tree)),
        };
        println!(
            "  {}  {:<11} {:<6} {}ms  {on}  {}",
            clock::rfc3339(test.at),
            ui::sanitize(&test.suite),
            if test.passed { "passed" } else { "FAILED" },
            test.duration_ms,
            ui::sanitize(&test.command)
        );
        if let Some(affected) = &test.affected {
            println!("      affected tests only: {}", ui::sanitize(affected));
        }
        if let Some(reused) = &test.reused {
            println!("      {}", ui::sanitize(reused));
        }
        if !testing::sealed_here(repo, test) {
            println!(
                "      not sealed by this clone (run elsewhere, or changed since): it lets no run be skipped here"
            );
        }
    }
    Ok(())
}
