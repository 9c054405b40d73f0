//! A reStructuredText changelog. A section title is a line underlined (and maybe overlined)
//! with one punctuation character, and which character makes which level is the file's own
//! choice: the new release's title copies the latest release's (its character, overline and
//! text with the version and date replaced), its sub-heading the character that release's
//! sub-headings use, and it goes above it.

use super::{Release, bullet_of, dated_line, names_version, retitle, version_in};

/// One section title: where it starts (its overline, if any), its text and its adornment.
#[derive(Debug, Clone, Copy)]
struct Title<'a> {
    start: usize,
    text: &'a str,
    adornment: char,
    overline: bool,
}

/// The adornment character of `line` when it is a line of one repeated punctuation mark.
fn adornment(line: &str) -> Option<char> {
    let line = line.trim_end();
    let first = line.chars().next()?;
    (first.is_ascii_punctuation() && line.len() >= 2 && line.chars().all(|c| c == first))
        .then_some(first)
}

fn titles<'a>(lines: &[&'a str]) -> Vec<Title<'a>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let text = lines[i];
        let under = adornment(lines[i + 1]);
        let is_title = !text.trim().is_empty()
            && adornment(text).is_none()
            && under.is_some_and(|_| lines[i + 1].trim_end().len() >= text.trim().chars().count());
        if let (true, Some(c)) = (is_title, under) {
            let overline = i > 0 && adornment(lines[i - 1]) == Some(c);
            found.push(Title {
                start: if overline { i - 1 } else { i },
                text: text.trim(),
                adornment: c,
                overline,
            });
            i += 2;
        } else {
            i += 1;
        }
    }
    found
}

/// The changelog with the release's section; `None` when it already has one for the version.
pub fn insert(text: &str, release: &Release) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let titles = titles(&lines);
    if titles
        .iter()
        .any(|t| names_version(t.text, release.version))
    {
        return None;
    }
    let latest = titles.iter().position(|t| {
        version_in(t.text).is_some() && !t.text.to_ascii_lowercase().contains("unreleased")
    });
    let (title, adornment, overline, at) = match latest {
        Some(n) => {
            let t = titles[n];
            (retitle(t.text, release), t.adornment, t.overline, t.start)
        }
        None => {
            // Below the document title: the next character the file has not used yet.
            let used: Vec<char> = titles.iter().map(|t| t.adornment).collect();
            let adornment = ['-', '~', '^', '=']
                .into_iter()
                .find(|c| !used.contains(c))
                .unwrap_or('-');
            let title = format!("{} ({})", release.version, release.date);
            (title, adornment, false, lines.len())
        }
    };
    // The sub-heading character the latest release uses, if its section has any.
    let sub = latest.and_then(|n| {
        titles[n + 1..]
            .iter()
            .take_while(|t| t.adornment != titles[n].adornment)
            .map(|t| t.adornment)
            .next()
    });
    let rule = |c: char| c.to_string().repeat(title.chars().count());
    let mut section: Vec<String> = Vec::new();
    if overline {
        section.push(rule(adornment));
    }
    section.push(title.clone());
    section.push(rule(adornment));
    section.push(String::new());
    let below = latest.map(|n| titles[n].start + 2 + usize::from(titles[n].overline));
    if let Some(line) = below.and_then(|from| dated_line(&lines, from, release)) {
        section.push(line);
        section.push(String::new());
    }
    if let Some(c) = sub {
        let name = release.kind.heading();
        section.push(name.to_string());
        section.push(c.to_string().repeat(name.len()));
        section.push(String::new());
    }
    section.extend(release.items(&bullet_of(text)).lines().map(str::to_string));
    section.push(String::new());

    let mut out: Vec<String> = lines[..at].iter().map(|l| l.to_string()).collect();
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.extend(section);
    out.extend(lines[at..].iter().map(|l| l.to_string()));
    let mut text = out.join("\n");
    text.truncate(text.trim_end().len());
    text.push('\n');
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    fn release(changes: &[String]) -> Release<'_> {
        Release {
            hotfix_id: "HOTFIX-001",
            version: "3.0.5",
            date: "2026-03-02",
            kind: Kind::Fixed,
            changes,
            packages: &[],
        }
    }

    #[test]
    fn the_new_title_is_adorned_like_the_latest_release() {
        let changes = ["Deny".to_string()];
        let text = "=========\nChangelog\n=========\n\nv3.0.4 (2026-01-01)\n-------------------\n\nBug fixes\n^^^^^^^^^\n\n* Old\n";
        assert_eq!(
            insert(text, &release(&changes)).unwrap(),
            "=========\nChangelog\n=========\n\nv3.0.5 (2026-03-02)\n-------------------\n\nFixed\n^^^^^\n\n* Deny (HOTFIX-001)\n\nv3.0.4 (2026-01-01)\n-------------------\n\nBug fixes\n^^^^^^^^^\n\n* Old\n"
        );
        assert_eq!(insert("3.0.5\n=====\n", &release(&changes)), None);
    }

    #[test]
    fn a_file_without_a_release_gets_the_next_adornment() {
        let changes = ["Deny".to_string()];
        assert_eq!(
            insert("Changes\n=======\n", &release(&changes)).unwrap(),
            "Changes\n=======\n\n3.0.5 (2026-03-02)\n------------------\n\n- Deny (HOTFIX-001)\n"
        );
        let flask = "Version 3.0.4\n-------------\n\nReleased 2026-01-01\n\n-   Old :issue:`12`\n";
        assert_eq!(
            insert(flask, &release(&changes)).unwrap(),
            "Version 3.0.5\n-------------\n\nReleased 2026-03-02\n\n-   Deny (HOTFIX-001)\n\nVersion 3.0.4\n-------------\n\nReleased 2026-01-01\n\n-   Old :issue:`12`\n"
        );
        let overlined = "*****\n3.0.4\n*****\n\n- Old\n";
        assert_eq!(
            insert(overlined, &release(&changes)).unwrap(),
            "*****\n3.0.5\n*****\n\n- Deny (HOTFIX-001)\n\n*****\n3.0.4\n*****\n\n- Old\n"
        );
    }
}
