//! Statistics over every hotfix in the notes: counts by severity and status, time to
//! resolution (start to finish) by severity, the rollback rate (change failure rate), and
//! hotfixes per month with a bar chart that reads in a terminal and in Markdown alike.

use serde::Serialize;
use time::OffsetDateTime;

use super::Report;
use crate::clock;
use crate::store::{EventKind, Hotfix, Severity, Status};

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Resolution {
    pub severity: Severity,
    /// Hotfixes of this severity that were finished.
    pub finished: usize,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    #[serde(with = "time::serde::rfc3339::option")]
    pub since: Option<OffsetDateTime>,
    pub total: usize,
    pub by_severity: Vec<Count>,
    pub by_status: Vec<Count>,
    pub time_to_resolution: Vec<Resolution>,
    /// Finished hotfixes that were later rolled back.
    pub rolled_back: usize,
    /// Hotfixes that shipped: finished or rolled back.
    pub shipped: usize,
    /// `rolled_back / shipped`; `None` when nothing shipped.
    pub rollback_rate: Option<f64>,
    /// Every month from the first hotfix to the last, `YYYY-MM`.
    pub per_month: Vec<Count>,
}

const STATUSES: [Status; 4] = [
    Status::Open,
    Status::Finished,
    Status::Cancelled,
    Status::RolledBack,
];

pub fn build(hotfixes: &[Hotfix], since: Option<OffsetDateTime>) -> Stats {
    let chosen: Vec<&Hotfix> = hotfixes
        .iter()
        .filter(|h| since.is_none_or(|since| h.meta.created >= since))
        .collect();
    let count = |pred: &dyn Fn(&Hotfix) -> bool| chosen.iter().filter(|h| pred(h)).count();
    let by_severity = Severity::ALL
        .iter()
        .map(|&s| Count {
            name: s.to_string(),
            count: count(&|h| h.meta.severity == s),
        })
        .collect();
    let by_status = STATUSES
        .iter()
        .map(|&s| Count {
            name: s.to_string(),
            count: count(&|h| h.meta.status == s),
        })
        .collect();
    let time_to_resolution = Severity::ALL
        .iter()
        .map(|&severity| {
            let mut seconds: Vec<i64> = chosen
                .iter()
                .filter(|h| h.meta.severity == severity)
                .filter_map(|h| {
                    let finished = h
                        .meta
                        .events
                        .iter()
                        .find(|e| e.event == EventKind::Finished)?;
                    Some((finished.at - h.meta.created).whole_seconds())
                })
                .collect();
            seconds.sort_unstable();
            Resolution {
                severity,
                finished: seconds.len(),
                median_seconds: median(&seconds),
                p90_seconds: percentile(&seconds, 90),
            }
        })
        .collect();
    let rolled_back = count(&|h| h.meta.status == Status::RolledBack);
    let shipped = rolled_back + count(&|h| h.meta.status == Status::Finished);
    let rollback_rate = (shipped > 0).then(|| rolled_back as f64 / shipped as f64);
    Stats {
        since,
        total: chosen.len(),
        by_severity,
        by_status,
        time_to_resolution,
        rolled_back,
        shipped,
        rollback_rate,
        per_month: per_month(&chosen),
    }
}

/// The middle value, or the mean of the two middle ones; `sorted` must be sorted.
pub(super) fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// The nearest-rank percentile: the smallest value with at least `p`% of values at or below it.
pub(super) fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

fn per_month(hotfixes: &[&Hotfix]) -> Vec<Count> {
    let created: Vec<(i32, u8)> = hotfixes.iter().map(|h| month_of(h.meta.created)).collect();
    months_spanning(&created)
        .into_iter()
        .map(|month| Count {
            name: month_name(month),
            count: created.iter().filter(|&&m| m == month).count(),
        })
        .collect()
}

/// The calendar month of `at`, as (year, month).
pub(super) fn month_of(at: OffsetDateTime) -> (i32, u8) {
    (at.year(), u8::from(at.month()))
}

/// `2026-03`.
pub(super) fn month_name((year, month): (i32, u8)) -> String {
    format!("{year}-{month:02}")
}

/// Every month from the earliest of `months` to the latest, the empty ones included.
pub(super) fn months_spanning(months: &[(i32, u8)]) -> Vec<(i32, u8)> {
    let (Some(&first), Some(&last)) = (months.iter().min(), months.iter().max()) else {
        return Vec::new();
    };
    let mut out = vec![first];
    let mut current = first;
    while current != last {
        current = if current.1 == 12 {
            (current.0 + 1, 1)
        } else {
            (current.0, current.1 + 1)
        };
        out.push(current);
    }
    out
}

pub(super) fn duration(seconds: Option<i64>) -> String {
    seconds
        .map(|s| clock::human_duration(time::Duration::seconds(s)))
        .unwrap_or_else(|| "-".to_string())
}

/// Bars scaled so the largest is `width` blocks; any non-zero count gets at least one.
fn bars(counts: &[Count], width: usize, out: &mut String) {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let label = counts.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for count in counts {
        let blocks = if count.count == 0 {
            0
        } else {
            (count.count * width).div_ceil(max).max(1)
        };
        out.push_str(&format!(
            "{:<label$}  {} {}\n",
            count.name,
            "█".repeat(blocks),
            count.count
        ));
    }
}

impl Report for Stats {
    fn markdown(&self) -> String {
        let mut out = String::from("# Hotfix statistics\n\n");
        let since = self
            .since
            .map(|at| format!(" since {}", at.date()))
            .unwrap_or_default();
        out.push_str(&format!("{} hotfix(es){since}\n", self.total));
        if self.total == 0 {
            return out;
        }
        out.push_str("\n## By severity\n\n```\n");
        bars(&self.by_severity, 30, &mut out);
        out.push_str("```\n\n## By status\n\n```\n");
        bars(&self.by_status, 30, &mut out);
        out.push_str("```\n\n## Time to resolution (start to finish)\n\n");
        out.push_str("| Severity | Finished | Median | 90th percentile |\n|---|---:|---:|---:|\n");
        for row in &self.time_to_resolution {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                row.severity,
                row.finished,
                duration(row.median_seconds),
                duration(row.p90_seconds)
            ));
        }
        out.push_str("\n## Rollback rate\n\n");
        match self.rollback_rate {
            Some(rate) => out.push_str(&format!(
                "{:.0}% change failure rate: {} of {} shipped hotfix(es) rolled back\n",
                rate * 100.0,
                self.rolled_back,
                self.shipped
            )),
            None => out.push_str("No hotfix has shipped yet.\n"),
        }
        out.push_str("\n## Hotfixes per month\n\n```\n");
        bars(&self.per_month, 40, &mut out);
        out.push_str("```\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p90() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 3]), Some(2));
        assert_eq!(median(&[1, 2, 9]), Some(2));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(percentile(&eleven, 90), Some(10));
    }
}
