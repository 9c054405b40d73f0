//! The checklist report: [`Checklist`] as Markdown, item by item under its section.

use super::Report;
use crate::clock;
use crate::policy::checklist::Checklist;

impl Report for Checklist {
    fn markdown(&self) -> String {
        let mut out = format!(
            "# Hotfix checklist: {} - {}\n\n",
            self.hotfix_id, self.issue
        );
        out.push_str(&format!(
            "{} · status {} · items marked (auto) are decided from git\n",
            self.progress, self.status
        ));
        if !self.packages.is_empty() {
            out.push_str(&format!("Packages: {}\n", self.packages.join(", ")));
        }
        let mut section = None;
        for item in &self.items {
            if section != Some(item.section) {
                section = Some(item.section);
                out.push_str(&format!("\n## {}\n\n", item.section.title()));
            }
            let mark = if item.done { "x" } else { " " };
            out.push_str(&format!(
                "- [{mark}] {}. {} (`{}`)",
                item.number, item.title, item.slug
            ));
            if let Some(reason) = &item.reason {
                out.push_str(&format!(" (auto): {reason}"));
            }
            if let (Some(by), Some(at)) = (&item.ticked_by, item.ticked_at) {
                out.push_str(&format!(": ticked by {by}, {}", clock::when(at)));
            }
            out.push('\n');
        }
        out
    }
}
