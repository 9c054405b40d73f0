//! The four DORA figures over the hotfixes in the notes, by severity and overall, each with how
//! many hotfixes it rests on:
//! - deployment frequency: production deployments per week, from `--since` (else the first
//!   production deployment) to now, at least one week;
//! - lead time for changes: the hotfix's first commit (author date) to its first production
//!   deployment, median and 90th percentile;
//! - change failure rate: deployed hotfixes later rolled back or whose monitoring fired the
//!   trigger, over deployed hotfixes;
//! - time to restore service: detection (the start) to `resolved`, median and 90th percentile.
//!
//! A hotfix counts once: its first `deployed` event for `production` is its deployment.

use serde::Serialize;
use time::OffsetDateTime;

use super::Report;
use super::stats::{duration, median, month_name, month_of, months_spanning, percentile};
use crate::error::Result;
use crate::git::Repo;
use crate::history;
use crate::store::{EventKind, Hotfix, Severity, Status};

const PRODUCTION: &str = "production";
const WEEK_SECONDS: f64 = 7.0 * 86_400.0;

/// A duration figure: median and 90th percentile, over `hotfixes`.
#[derive(Debug, Clone, Serialize)]
pub struct Spread {
    pub hotfixes: usize,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

/// The four figures for one group of hotfixes (`all`, `P0`, ...).
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub group: String,
    /// Hotfixes deployed to production.
    pub deployments: usize,
    pub deployments_per_week: f64,
    pub lead_time: Spread,
    /// Deployed hotfixes later rolled back or whose monitoring triggered.
    pub failed_deployments: usize,
    /// `failed_deployments / deployments`; `None` without deployments.
    pub change_failure_rate: Option<f64>,
    pub time_to_restore: Spread,
}

/// The figures of one calendar month: deployments and lead times by deployment month, time to
/// restore by resolution month.
#[derive(Debug, Clone, Serialize)]
pub struct Month {
    pub month: String,
    pub deployments: usize,
    pub lead_time_median_seconds: Option<i64>,
    pub change_failure_rate: Option<f64>,
    pub restore_median_seconds: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dora {
    #[serde(with = "time::serde::rfc3339::option")]
    pub since: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
    /// The weeks deployment frequency is counted over.
    pub weeks: f64,
    pub overall: Figures,
    pub by_severity: Vec<Figures>,
    pub per_month: Vec<Month>,
}

/// What the figures need to know about one hotfix.
struct Facts {
    severity: Severity,
    deployed: Option<OffsetDateTime>,
    lead_seconds: Option<i64>,
    failed: bool,
    restored: Option<(OffsetDateTime, i64)>,
}

fn facts(repo: &Repo, hotfix: &Hotfix) -> Result<Facts> {
    let meta = &hotfix.meta;
    let deployed = meta
        .events
        .iter()
        .find(|e| e.event == EventKind::Deployed && e.detail.as_deref() == Some(PRODUCTION))
        .map(|e| e.at);
    let lead_seconds = match deployed {
        Some(at) => history::commits(repo, meta.base(), history::head(repo, meta)?)?
            .iter()
            .map(|c| c.authored)
            .min()
            .map(|first| (at - first).whole_seconds().max(0)),
        None => None,
    };
    let failed = meta.status == Status::RolledBack
        || meta
            .events
            .iter()
            .any(|e| matches!(e.event, EventKind::RolledBack | EventKind::MonitorTriggered));
    let restored = meta
        .events
        .iter()
        .rfind(|e| e.event == EventKind::Resolved)
        .map(|e| (e.at, (e.at - meta.created).whole_seconds().max(0)));
    Ok(Facts {
        severity: meta.severity,
        deployed,
        lead_seconds,
        failed,
        restored,
    })
}

pub fn build(
    repo: &Repo,
    hotfixes: &[Hotfix],
    since: Option<OffsetDateTime>,
    until: OffsetDateTime,
) -> Result<Dora> {
    let mut all = Vec::new();
    for hotfix in hotfixes {
        if since.is_none_or(|since| hotfix.meta.created >= since) {
            all.push(facts(repo, hotfix)?);
        }
    }
    let start = since.or_else(|| all.iter().filter_map(|f| f.deployed).min());
    let weeks = start
        .map(|start| (until - start).as_seconds_f64() / WEEK_SECONDS)
        .unwrap_or(0.0)
        .max(1.0);
    let chosen: Vec<&Facts> = all.iter().collect();
    let by_severity = Severity::ALL
        .iter()
        .map(|&severity| {
            let group: Vec<&Facts> = all.iter().filter(|f| f.severity == severity).collect();
            figures(severity.as_str(), &group, weeks)
        })
        .collect();
    Ok(Dora {
        since,
        until,
        weeks,
        overall: figures("all", &chosen, weeks),
        by_severity,
        per_month: per_month(&chosen),
    })
}

fn spread(mut seconds: Vec<i64>) -> Spread {
    seconds.sort_unstable();
    Spread {
        hotfixes: seconds.len(),
        median_seconds: median(&seconds),
        p90_seconds: percentile(&seconds, 90),
    }
}

fn figures(group: &str, facts: &[&Facts], weeks: f64) -> Figures {
    let deployed: Vec<&&Facts> = facts.iter().filter(|f| f.deployed.is_some()).collect();
    let failed = deployed.iter().filter(|f| f.failed).count();
    Figures {
        group: group.to_string(),
        deployments: deployed.len(),
        deployments_per_week: deployed.len() as f64 / weeks,
        lead_time: spread(deployed.iter().filter_map(|f| f.lead_seconds).collect()),
        failed_deployments: failed,
        change_failure_rate: (!deployed.is_empty()).then(|| failed as f64 / deployed.len() as f64),
        time_to_restore: spread(
            facts
                .iter()
                .filter_map(|f| f.restored.map(|r| r.1))
                .collect(),
        ),
    }
}

fn per_month(facts: &[&Facts]) -> Vec<Month> {
    let months: Vec<(i32, u8)> = facts
        .iter()
        .flat_map(|f| [f.deployed, f.restored.map(|r| r.0)])
        .flatten()
        .map(month_of)
        .collect();
    months_spanning(&months)
        .into_iter()
        .map(|current| {
            let deployed: Vec<&&Facts> = facts
                .iter()
                .filter(|f| f.deployed.map(month_of) == Some(current))
                .collect();
            let mut leads: Vec<i64> = deployed.iter().filter_map(|f| f.lead_seconds).collect();
            leads.sort_unstable();
            let mut restores: Vec<i64> = facts
                .iter()
                .filter_map(|f| f.restored)
                .filter(|r| month_of(r.0) == current)
                .map(|r| r.1)
                .collect();
            restores.sort_unstable();
            let failed = deployed.iter().filter(|f| f.failed).count();
            Month {
                month: month_name(current),
                deployments: deployed.len(),
                lead_time_median_seconds: median(&leads),
                change_failure_rate: (!deployed.is_empty())
                    .then(|| failed as f64 / deployed.len() as f64),
                restore_median_seconds: median(&restores),
            }
        })
        .collect()
}

/// One block per value, scaled to the largest; a blank for a month without one.
fn sparkline(values: &[Option<f64>]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().flatten().fold(0.0_f64, |a, &b| a.max(b));
    values
        .iter()
        .map(|value| match value {
            None => ' ',
            Some(_) if max <= 0.0 => BLOCKS[0],
            Some(v) => BLOCKS[((v / max) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

fn rate(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "-".to_string())
}

/// A number for the CSV: four decimals, empty when there is none.
fn decimal(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.4}")).unwrap_or_default()
}

fn whole(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl Dora {
    fn groups(&self) -> impl Iterator<Item = &Figures> {
        std::iter::once(&self.overall).chain(&self.by_severity)
    }

    /// One row per group (`all`, `P0`, `P1`, `P2`); durations in seconds, rates as fractions.
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "group,deployments,deployments_per_week,lead_time_hotfixes,lead_time_median_seconds,lead_time_p90_seconds,failed_deployments,change_failure_rate,restore_hotfixes,restore_median_seconds,restore_p90_seconds\n",
        );
        for f in self.groups() {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{}\n",
                f.group,
                f.deployments,
                decimal(Some(f.deployments_per_week)),
                f.lead_time.hotfixes,
                whole(f.lead_time.median_seconds),
                whole(f.lead_time.p90_seconds),
                f.failed_deployments,
                decimal(f.change_failure_rate),
                f.time_to_restore.hotfixes,
                whole(f.time_to_restore.median_seconds),
                whole(f.time_to_restore.p90_seconds),
            ));
        }
        out
    }

    fn table(&self, out: &mut String) {
        let groups: Vec<&Figures> = self.groups().collect();
        out.push_str("| Figure |");
        for g in &groups {
            out.push_str(&format!(" {} |", g.group));
        }
        out.push_str("\n|---|");
        out.push_str(&"---:|".repeat(groups.len()));
        out.push('\n');
        let mut row = |name: &str, cell: &dyn Fn(&Figures) -> String| {
            out.push_str(&format!("| {name} |"));
            for g in &groups {
                out.push_str(&format!(" {} |", cell(g)));
            }
            out.push('\n');
        };
        row("Deployment frequency (per week)", &|f| {
            format!("{:.2} ({})", f.deployments_per_week, f.deployments)
        });
        row("Lead time for changes (median / p90)", &|f| {
            format!(
                "{} / {} ({})",
                duration(f.lead_time.median_seconds),
                duration(f.lead_time.p90_seconds),
                f.lead_time.hotfixes
            )
        });
        row("Change failure rate", &|f| {
            format!(
                "{} ({} of {})",
                rate(f.change_failure_rate),
                f.failed_deployments,
                f.deployments
            )
        });
        row("Time to restore service (median / p90)", &|f| {
            format!(
                "{} / {} ({})",
                duration(f.time_to_restore.median_seconds),
                duration(f.time_to_restore.p90_seconds),
                f.time_to_restore.hotfixes
            )
        });
    }
}

impl Report for Dora {
    fn markdown(&self) -> String {
        let mut out = String::from("# DORA metrics\n\n");
        let since = self
            .since
            .map(|at| format!("since {} ", at.date()))
            .unwrap_or_default();
        out.push_str(&format!(
            "Production deployments {since}until {}, over {:.1} week(s); each figure counts the hotfixes it rests on in parentheses.\n\n",
            self.until.date(),
            self.weeks
        ));
        self.table(&mut out);
        if let (Some(first), Some(last)) = (self.per_month.first(), self.per_month.last()) {
            let as_f64 = |v: Option<i64>| v.map(|v| v as f64);
            let lines: [(&str, Vec<Option<f64>>); 4] = [
                (
                    "deployments",
                    self.per_month
                        .iter()
                        .map(|m| Some(m.deployments as f64))
                        .collect(),
                ),
                (
                    "lead time",
                    self.per_month
                        .iter()
                        .map(|m| as_f64(m.lead_time_median_seconds))
                        .collect(),
                ),
                (
                    "failure rate",
                    self.per_month
                        .iter()
                        .map(|m| m.change_failure_rate)
                        .collect(),
                ),
                (
                    "restore time",
                    self.per_month
                        .iter()
                        .map(|m| as_f64(m.restore_median_seconds))
                        .collect(),
                ),
            ];
            out.push_str(&format!(
                "\n## Per month, {} to {}\n\n```\n",
                first.month, last.month
            ));
            for (name, values) in lines {
                out.push_str(&format!("{name:<13} {}\n", sparkline(&values)));
            }
            out.push_str("```\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_to_the_largest_and_leave_gaps_blank() {
        assert_eq!(sparkline(&[Some(1.0), Some(8.0), None, Some(4.0)]), "▂█ ▅");
        assert_eq!(sparkline(&[Some(0.0), Some(0.0)]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }
}
