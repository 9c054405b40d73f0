//! Commit messages as the commit-msg hook and `verify` read them: any bytes, any comment
//! character. Cleaning never panics, never grows the text, and the header check always
//! returns a verdict.
#![no_main]

use git_hotfix::policy::message::{CommentChar, check_header, clean};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the comment setting; the rest is the message.
    let Some((&pick, message)) = data.split_first() else {
        return;
    };
    let comment = match pick % 4 {
        0 => CommentChar::from_config(None),
        1 => CommentChar::from_config(Some("auto")),
        2 => CommentChar::from_config(Some(";")),
        _ => CommentChar::from_config(Some("//")),
    };
    let cleaned = clean(message, &comment);
    // Lossy decoding turns one invalid byte into at most 3 bytes of U+FFFD.
    assert!(cleaned.len() <= message.len() * 3);
    let _ = check_header(&cleaned, &["HOTFIX-001", "INC-042"]);
});
