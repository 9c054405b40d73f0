//! The HOTFIX header rule on commit messages, reading a message the way git does: comment lines
//! dropped (honouring `core.commentChar` / `core.commentString`, including `auto`), everything
//! from the scissors line of `git commit -v` on ignored, CRLF and invalid UTF-8 tolerated.

/// How comment lines are recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentChar {
    /// A fixed comment string, `#` by default.
    Fixed(String),
    /// `core.commentChar=auto`: git picks a character the message does not start a line with;
    /// it is recognised from the lines git itself wrote.
    Auto,
}

impl CommentChar {
    /// From the value of `core.commentString` or `core.commentChar` (None: the default `#`).
    pub fn from_config(value: Option<&str>) -> CommentChar {
        match value {
            Some("auto") => CommentChar::Auto,
            Some(value) if !value.is_empty() => CommentChar::Fixed(value.to_string()),
            _ => CommentChar::Fixed("#".to_string()),
        }
    }
}

const SCISSORS: &str = "------------------------ >8 ------------------------";
/// Characters git tries, in order, for `core.commentChar=auto`.
const AUTO_CANDIDATES: &str = "#;@!$%^&|:";

/// The message as git would record it: comments and the scissors part removed, trailing
/// whitespace and surrounding blank lines trimmed.
pub fn clean(raw: &[u8], comment: &CommentChar) -> String {
    let text = String::from_utf8_lossy(raw).replace("\r\n", "\n");
    let marker = match comment {
        CommentChar::Fixed(marker) => Some(marker.clone()),
        CommentChar::Auto => detect_auto_marker(&text),
    };
    let mut kept = Vec::new();
    for line in text.lines() {
        if let Some(marker) = &marker {
            if line.starts_with(marker.as_str()) && line[marker.len()..].trim() == SCISSORS {
                break;
            }
            if line.starts_with(marker.as_str()) {
                continue;
            }
        }
        kept.push(line.trim_end());
    }
    while kept.last().is_some_and(|l| l.is_empty()) {
        kept.pop();
    }
    let start = kept
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(kept.len());
    kept[start..].join("\n")
}

/// Under `auto`, git writes its own comment lines with the character it chose; find it from a
/// scissors line or a line of git's commit template.
fn detect_auto_marker(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let first = line.chars().next()?;
        let rest = line[first.len_utf8()..].trim();
        let git_wrote = rest == SCISSORS || rest.starts_with("Please enter the commit message");
        (AUTO_CANDIDATES.contains(first) && git_wrote).then(|| first.to_string())
    })
}

/// The outcome of the header rule for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    /// Carries the header (subject prefix or `Hotfix:` trailer) with one of the hotfix's ids.
    Valid,
    /// A merge, `fixup!`/`squash!`/`amend!` or `Revert "…"` commit: exempt from the rule.
    Exempt,
    /// Names another hotfix's id.
    WrongId(String),
    Missing,
    Empty,
    /// The subject holds bytes that are not UTF-8 where the header should be.
    Unreadable,
}

/// Checks a cleaned message against the ids the hotfix answers to (its id and former ids).
/// Merge commits are exempt, but that is decided by the caller from the commit's parents (or,
/// in commit-msg, from a merge in progress), never from the words of the subject.
pub fn check_header(message: &str, ids: &[&str]) -> Header {
    let Some(subject) = message.lines().next().map(str::trim) else {
        return Header::Empty;
    };
    if subject.is_empty() {
        return Header::Empty;
    }
    let matches_id = |candidate: &str| ids.iter().any(|id| id.eq_ignore_ascii_case(candidate));
    // The trailer first: a subject may start with another tracker's key (`ABC-1234: ...`).
    let trailer = message.rsplit("\n\n").next().unwrap_or("");
    let mut wrong = None;
    for line in trailer.lines() {
        if let Some((key, value)) = line.split_once(':')
            && key.trim().eq_ignore_ascii_case("hotfix")
        {
            let value = value.trim();
            if matches_id(value) {
                return Header::Valid;
            }
            if looks_like_id(value) {
                wrong = Some(value.to_string());
            }
        }
    }
    if let Some((prefix, rest)) = subject.split_once(':')
        && looks_like_id(prefix)
        && matches_id(prefix)
    {
        return if rest.starts_with(' ') && !rest.trim().is_empty() {
            Header::Valid
        } else {
            Header::Missing
        };
    }
    if ["fixup! ", "squash! ", "amend! ", "Revert \""]
        .iter()
        .any(|prefix| subject.starts_with(prefix))
    {
        return Header::Exempt;
    }
    if let Some(other) = wrong {
        return Header::WrongId(other);
    }
    if let Some((prefix, _)) = subject.split_once(':')
        && looks_like_id(prefix)
        && ids.iter().any(|id| same_prefix(id, prefix))
    {
        return Header::WrongId(prefix.to_string());
    }
    if subject.contains('\u{FFFD}') {
        return Header::Unreadable;
    }
    Header::Missing
}

/// True when two ids share their prefix (`HOTFIX-001` and `HOTFIX-002`): a subject naming
/// another hotfix, not another tracker's key.
fn same_prefix(a: &str, b: &str) -> bool {
    let prefix = |id: &str| id.rsplit_once('-').map(|(p, _)| p.to_ascii_uppercase());
    prefix(a).is_some() && prefix(a) == prefix(b)
}

/// `LETTERS-DIGITS`, as in `HOTFIX-001` (whatever `hotfix.idPrefix` is): the form every id
/// git-hotfix allocates has, and nothing a shell or a terminal reads as more than a word.
pub fn looks_like_id(text: &str) -> bool {
    let Some((prefix, number)) = text.rsplit_once('-') else {
        return false;
    };
    !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && number.len() >= 3
        && number.chars().all(|c| c.is_ascii_digit())
}

/// What to tell a user whose message failed the rule.
pub fn explain(header: &Header, id: &str) -> Option<String> {
    let example = format!("example: '{id}: Verify the JWT signature'");
    match header {
        Header::Valid | Header::Exempt => None,
        Header::WrongId(other) => Some(format!(
            "the message names {other}, but this branch is {id}; {example}"
        )),
        Header::Missing => Some(format!(
            "the subject must start with '{id}: ' (or the message end with the trailer 'Hotfix: {id}'); {example}"
        )),
        Header::Empty => Some(format!("the message is empty; {example}")),
        Header::Unreadable => Some(format!(
            "the subject is not readable text (invalid UTF-8), so its header cannot be checked; {example}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash() -> CommentChar {
        CommentChar::Fixed("#".into())
    }

    #[test]
    fn comments_scissors_and_crlf_are_handled_as_git_does() {
        let raw = b"HOTFIX-001: Fix\r\n\r\nBody\r\n# Please enter the commit message\r\n# ------------------------ >8 ------------------------\r\ndiff --git a b\r\n";
        assert_eq!(clean(raw, &hash()), "HOTFIX-001: Fix\n\nBody");
        let semicolon = CommentChar::Fixed(";".into());
        assert_eq!(clean(b"; comment\n#1 subject\n", &semicolon), "#1 subject");
    }

    #[test]
    fn auto_comment_char_is_recognised_from_git_own_lines() {
        let raw = b"#42 is the ticket\n\n; Please enter the commit message for your changes.\n; Lines starting\n";
        assert_eq!(clean(raw, &CommentChar::Auto), "#42 is the ticket");
    }

    #[test]
    fn header_rule() {
        let ids = ["HOTFIX-001"];
        assert_eq!(check_header("HOTFIX-001: Fix login", &ids), Header::Valid);
        assert_eq!(
            check_header("Fix login\n\nHotfix: HOTFIX-001", &ids),
            Header::Valid
        );
        assert_eq!(
            check_header("HOTFIX-002: Fix", &ids),
            Header::WrongId("HOTFIX-002".into())
        );
        assert_eq!(check_header("Fix login", &ids), Header::Missing);
        assert_eq!(check_header("HOTFIX-001:", &ids), Header::Missing);
        assert_eq!(check_header("", &ids), Header::Empty);
        assert_eq!(check_header("fixup! HOTFIX-001: Fix", &ids), Header::Exempt);
        assert_eq!(
            check_header("Revert \"HOTFIX-001: Fix\"", &ids),
            Header::Exempt
        );
        assert_eq!(check_header("Merge branch 'main'", &ids), Header::Missing);
        assert_eq!(
            check_header("ABC-1234: Fix login\n\nHotfix: HOTFIX-001", &ids),
            Header::Valid
        );
        assert_eq!(check_header("ABC-1234: Fix login", &ids), Header::Missing);
        assert_eq!(
            check_header("\u{FFFD}\u{FFFD} fix", &ids),
            Header::Unreadable
        );
        assert_eq!(
            check_header("INC-004: Fix", &["HOTFIX-001", "INC-004"]),
            Header::Valid
        );
    }

    #[test]
    fn invalid_utf8_never_panics() {
        let cleaned = clean(b"\xff\xfe HOTFIX-001: x\n", &hash());
        assert_eq!(check_header(&cleaned, &["HOTFIX-001"]), Header::Unreadable);
    }
}
