//! A Markdown changelog. In the Keep a Changelog shape (`## [Unreleased]`, `## [X.Y.Z] -
//! date`) the entries waiting under `[Unreleased]` move into the new version's section with
//! the hotfix's own under `### Fixed` or `### Security`, and the link references at the bottom
//! (`[X.Y.Z]: …/compare/A...B`) gain the new version. Any other Markdown changelog gets a
//! section headed like its latest release, above it.

use super::{Release, bullet_of, dated_line, names_version, retitle, version_in};

/// A new changelog: the Keep a Changelog preamble.
const HEADER: &str = "# Changelog\n\n\
All notable changes to this project will be documented in this file.\n\n\
The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n\
and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\n\
## [Unreleased]\n";

/// One ATX heading: its line, level and text.
#[derive(Debug, Clone, Copy)]
struct Heading<'a> {
    line: usize,
    level: usize,
    text: &'a str,
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && rest.starts_with([' ', '\t'])).then(|| (level, rest.trim()))
}

fn is_unreleased(title: &str) -> bool {
    title.to_ascii_lowercase().contains("unreleased")
}

/// `[label]: url`, a link reference definition.
fn link_ref(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_end().strip_prefix('[')?;
    let (label, url) = rest.split_once("]:")?;
    Some((label, url.trim()))
}

/// The changelog (`existing`, or a new one) with the release's section; `None` when it
/// already has a section for the version.
pub fn insert(existing: Option<&str>, release: &Release) -> Option<String> {
    let text = existing.unwrap_or(HEADER);
    let lines: Vec<&str> = text.lines().collect();
    let headings: Vec<Heading> = lines
        .iter()
        .enumerate()
        .filter_map(|(line, text)| heading(text).map(|(level, text)| Heading { line, level, text }))
        .collect();
    if headings
        .iter()
        .any(|h| names_version(h.text, release.version))
    {
        return None;
    }
    let unreleased = headings.iter().find(|h| is_unreleased(h.text)).copied();
    let latest = headings
        .iter()
        .find(|h| version_in(h.text).is_some() && !is_unreleased(h.text))
        .copied();
    // Link references close the file; sections end where they start.
    let links = lines.len()
        - lines
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty() || link_ref(l).is_some())
            .count();
    let keep_a_changelog =
        unreleased.is_some() || latest.is_some_and(|h| h.text.starts_with('[') && h.level == 2);
    let mut out: Vec<String> = if keep_a_changelog {
        keep_a_changelog_section(&lines, &headings, unreleased, latest, links, release)
    } else {
        own_section(&lines, &headings, latest, links, release)
    };
    if links < lines.len() {
        update_links(&mut out, release);
    }
    let mut text = out.join("\n");
    text.truncate(text.trim_end().len());
    text.push('\n');
    Some(text)
}

/// The Keep a Changelog way: `[Unreleased]`'s entries and the hotfix's, grouped by their
/// `###` heading, in a new `## [X.Y.Z] - date` section below `[Unreleased]`.
fn keep_a_changelog_section(
    lines: &[&str],
    headings: &[Heading],
    unreleased: Option<Heading>,
    latest: Option<Heading>,
    links: usize,
    release: &Release,
) -> Vec<String> {
    let level = unreleased.or(latest).map_or(2, |h| h.level);
    let end_of = |start: usize| {
        headings
            .iter()
            .find(|h| h.line > start && h.level <= level)
            .map_or(links, |h| h.line.min(links))
    };
    // Where the new section goes, and the lines it takes over from [Unreleased].
    let (at, moved) = match unreleased {
        Some(h) => (end_of(h.line), &lines[h.line + 1..end_of(h.line)]),
        None => (latest.map_or(links, |h| h.line), &lines[..0]),
    };
    let mut preamble: Vec<&str> = Vec::new();
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for line in moved {
        match heading(line) {
            Some((l, name)) if l == level + 1 => groups.push((name.to_string(), Vec::new())),
            _ => match groups.last_mut() {
                Some((_, body)) => body.push(line),
                None => preamble.push(line),
            },
        }
    }
    let name = release.kind.heading();
    let bullet = bullet_of(&lines.join("\n"));
    let position = groups
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case(name))
        .unwrap_or_else(|| {
            groups.push((name.to_string(), Vec::new()));
            groups.len() - 1
        });
    let items = release.items(&bullet);
    groups[position].1.extend(items.lines());

    let title = match latest {
        Some(h) => retitle(&without_link(h.text), release),
        None => format!("[{}] - {}", release.version, release.date),
    };
    let mut section = vec![format!("{} {title}", "#".repeat(level)), String::new()];
    push_block(&mut section, &preamble);
    for (name, body) in &groups {
        if body.iter().all(|l| l.trim().is_empty()) {
            continue;
        }
        section.push(format!("{} {name}", "#".repeat(level + 1)));
        section.push(String::new());
        push_block(&mut section, body);
    }
    let before = match unreleased {
        Some(h) => &lines[..=h.line],
        None => &lines[..at],
    };
    let mut out: Vec<String> = before.iter().map(|l| l.to_string()).collect();
    trim_blank_end(&mut out);
    out.push(String::new());
    out.extend(section);
    out.extend(lines[at..].iter().map(|l| l.to_string()));
    out
}

/// A Markdown changelog of its own shape: a section headed like the latest release's, its
/// entries in the file's list style, above it (at the end when it has no release yet).
fn own_section(
    lines: &[&str],
    headings: &[Heading],
    latest: Option<Heading>,
    links: usize,
    release: &Release,
) -> Vec<String> {
    let bullet = bullet_of(&lines.join("\n"));
    let (level, title, at) = match latest {
        Some(h) => (h.level, retitle(h.text, release), h.line),
        None => (2, format!("{} - {}", release.version, release.date), links),
    };
    let grouped = latest.is_some_and(|latest| {
        headings
            .iter()
            .skip_while(|h| h.line <= latest.line)
            .take_while(|h| h.level > latest.level)
            .any(|h| h.level == latest.level + 1)
    });
    let mut section = vec![format!("{} {title}", "#".repeat(level)), String::new()];
    if let Some(line) = latest.and_then(|h| dated_line(lines, h.line + 1, release)) {
        section.push(line);
        section.push(String::new());
    }
    if grouped || latest.is_none() {
        section.push(format!(
            "{} {}",
            "#".repeat(level + 1),
            release.kind.heading()
        ));
        section.push(String::new());
    }
    section.extend(release.items(&bullet).lines().map(str::to_string));
    section.push(String::new());
    let mut out: Vec<String> = lines[..at].iter().map(|l| l.to_string()).collect();
    trim_blank_end(&mut out);
    out.push(String::new());
    out.extend(section);
    out.extend(lines[at..].iter().map(|l| l.to_string()));
    out
}

/// Adds `block` (blank lines at either end dropped) and one blank line after it.
fn push_block(section: &mut Vec<String>, block: &[&str]) {
    let start = block.iter().position(|l| !l.trim().is_empty());
    let end = block.iter().rposition(|l| !l.trim().is_empty());
    if let (Some(start), Some(end)) = (start, end) {
        section.extend(block[start..=end].iter().map(|l| l.to_string()));
        section.push(String::new());
    }
}

fn trim_blank_end(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
}

/// A heading's text without the link its version carries (`[1.2.0](…/compare/…)`).
fn without_link(title: &str) -> String {
    match (title.find("]("), title.starts_with('[')) {
        (Some(at), true) => match title[at..].find(')') {
            Some(close) => format!("{}{}", &title[..=at], &title[at + close + 1..]),
            None => title.to_string(),
        },
        _ => title.to_string(),
    }
}

/// The link references for the new version: `[Unreleased]` compares from the new tag, and
/// `[X.Y.Z]` compares the previous release's tag with it, written like the previous one.
fn update_links(lines: &mut Vec<String>, release: &Release) {
    let find = |lines: &[String], unreleased: bool| {
        lines.iter().position(|l| {
            link_ref(l).is_some_and(|(label, _)| {
                if unreleased {
                    label.eq_ignore_ascii_case("unreleased")
                } else {
                    version_in(label)
                        .is_some_and(|r| r.len() == label.trim_start_matches('v').len())
                }
            })
        })
    };
    let latest = find(lines, false);
    let unreleased = find(lines, true);
    // The previous release's tag, as the links write it, and the URL of the new release.
    let (previous_tag, url) = if let Some(at) = unreleased
        && let Some((_, url)) = link_ref(&lines[at])
        && let Some((base, previous)) = url.split_once("compare/")
        && let Some(previous) = previous.strip_suffix("...HEAD")
    {
        let tag = new_tag(previous, release);
        (
            previous.to_string(),
            format!("{base}compare/{previous}...{tag}"),
        )
    } else if let Some(at) = latest
        && let Some((_, url)) = link_ref(&lines[at])
    {
        match url.rsplit_once("...") {
            Some((from, to)) => {
                let base = from.rsplit_once('/').map_or("", |(base, _)| base);
                (
                    to.to_string(),
                    format!("{base}/{to}...{}", new_tag(to, release)),
                )
            }
            None => (String::new(), new_tag(url, release)),
        }
    } else {
        return;
    };
    if let Some(at) = unreleased
        && !previous_tag.is_empty()
    {
        let tag = new_tag(&previous_tag, release);
        lines[at] = lines[at].replace(&format!("{previous_tag}...HEAD"), &format!("{tag}...HEAD"));
    }
    let line = format!("[{}]: {url}", release.version);
    match (latest, unreleased) {
        (Some(at), _) => lines.insert(at, line),
        (None, Some(at)) => lines.insert(at + 1, line),
        (None, None) => lines.push(line),
    }
}

/// `tag` (a previous release's tag or URL) with its version replaced by the release's.
fn new_tag(tag: &str, release: &Release) -> String {
    let mut tag = tag.to_string();
    if let Some(range) = version_in(&tag) {
        tag.replace_range(range, release.version);
    }
    tag
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    fn release<'a>(changes: &'a [String], kind: Kind) -> Release<'a> {
        Release {
            hotfix_id: "HOTFIX-001",
            version: "2.0.2",
            date: "2026-03-02",
            kind,
            changes,
            packages: &[],
        }
    }

    #[test]
    fn a_new_changelog_is_keep_a_changelog_and_an_entry_is_never_duplicated() {
        let changes = ["Deny".to_string()];
        let created = insert(None, &release(&changes, Kind::Fixed)).unwrap();
        assert!(created.starts_with("# Changelog\n"));
        assert!(created.ends_with(
            "## [Unreleased]\n\n## [2.0.2] - 2026-03-02\n\n### Fixed\n\n- Deny (HOTFIX-001)\n"
        ));
        assert_eq!(
            insert(Some(&created), &release(&changes, Kind::Fixed)),
            None
        );
        assert_eq!(
            insert(Some("## v2.0.2\n"), &release(&changes, Kind::Fixed)),
            None
        );
    }

    #[test]
    fn unreleased_entries_move_into_the_release_with_the_fix() {
        let changes = ["Escape the query".to_string()];
        let existing = "# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n* Typo\n\n### Added\n\n* Flag\n\n## [2.0.1] - 2026-01-01\n\n* Old\n";
        assert_eq!(
            insert(Some(existing), &release(&changes, Kind::Security)).unwrap(),
            "# Changelog\n\n## [Unreleased]\n\n## [2.0.2] - 2026-03-02\n\n### Fixed\n\n* Typo\n\n### Added\n\n* Flag\n\n### Security\n\n* Escape the query (HOTFIX-001)\n\n## [2.0.1] - 2026-01-01\n\n* Old\n"
        );
    }

    #[test]
    fn link_references_gain_the_new_version() {
        let changes = ["Deny".to_string()];
        let existing = "## [Unreleased]\n\n## [2.0.1] - 2026-01-01\n\n- Old\n\n[unreleased]: https://example.com/o/r/compare/v2.0.1...HEAD\n[2.0.1]: https://example.com/o/r/compare/v2.0.0...v2.0.1\n";
        let updated = insert(Some(existing), &release(&changes, Kind::Fixed)).unwrap();
        assert!(
            updated.ends_with("[unreleased]: https://example.com/o/r/compare/v2.0.2...HEAD\n[2.0.2]: https://example.com/o/r/compare/v2.0.1...v2.0.2\n[2.0.1]: https://example.com/o/r/compare/v2.0.0...v2.0.1\n"),
            "{updated}"
        );
        let without_unreleased = "## [2.0.1] - 2026-01-01\n\n- Old\n\n[2.0.1]: https://example.com/o/r/compare/2.0.0...2.0.1\n";
        let updated = insert(Some(without_unreleased), &release(&changes, Kind::Fixed)).unwrap();
        assert!(
            updated.ends_with("[2.0.2]: https://example.com/o/r/compare/2.0.1...2.0.2\n[2.0.1]: https://example.com/o/r/compare/2.0.0...2.0.1\n"),
            "{updated}"
        );
    }

    #[test]
    fn a_changelog_of_its_own_shape_gets_a_section_like_its_latest() {
        let changes = ["Deny".to_string()];
        let existing = "# History\n\n### Version 2.0.1 (2026-01-01)\n\n* Old\n";
        assert_eq!(
            insert(Some(existing), &release(&changes, Kind::Fixed)).unwrap(),
            "# History\n\n### Version 2.0.2 (2026-03-02)\n\n* Deny (HOTFIX-001)\n\n### Version 2.0.1 (2026-01-01)\n\n* Old\n"
        );
    }
}
