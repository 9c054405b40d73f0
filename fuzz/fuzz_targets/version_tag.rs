//! Version and tag strings: `hotfix.tagFormat`, tag names and `--version` values. Never a
//! panic; a tag rendered from a parsed version is recognised again as that version.
#![no_main]

use git_hotfix::version::{self, TagStyle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Split into a format and a tag at the first newline.
    let (format, tag) = text.split_once('\n').unwrap_or((&text, &text));
    let user = version::parse_user(tag);
    if let Ok(style) = TagStyle::parse(format) {
        if let Some(found) = style.version_of(tag) {
            assert!(found.pre.is_empty());
        }
        if let Ok(v) = &user
            && v.pre.is_empty()
        {
            let rendered = style.render(v);
            assert_eq!(style.version_of(&rendered).as_ref(), Some(v));
        }
    }
    if let Ok(v) = user {
        // The largest patch number has no next one: refused in one line, never wrapped round.
        match version::next_patch(&v) {
            Ok(next) => assert!(next > v),
            Err(err) => {
                assert_eq!(v.patch, u64::MAX);
                assert_eq!(err.message.lines().count(), 1);
            }
        }
    }
});
