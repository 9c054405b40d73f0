//! CODEOWNERS files from the repository (anyone can commit one): never a panic, and every
//! owner returned is a word of the file.
#![no_main]

use git_hotfix::codeowners::CodeOwners;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The last line is also asked about, as a path.
    let path = text.lines().last().unwrap_or("").trim();
    let owners = CodeOwners::parse(&text);
    for path in [path, "src/main.rs", "a/b/c/d.txt", ""] {
        for owner in owners.owners_of(path) {
            assert!(!owner.is_empty() && text.contains(owner.as_str()));
        }
    }
});
