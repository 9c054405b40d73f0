//! Config values as `git config` may hold them (a hand-edited file, `-c` on the command
//! line): numbers and booleans read by every setting. Never a panic; a refusal is one
//! bounded line with the value escaped.
#![no_main]

use git_hotfix::config::{self, Setting};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let value = String::from_utf8_lossy(data);
    for setting in config::ALL {
        let setting: &Setting = setting;
        check(setting.parse_number(&value).map(|_| ()));
        check(setting.parse_flag(&value).map(|_| ()));
    }
});

fn check(outcome: git_hotfix::error::Result<()>) {
    if let Err(err) = outcome {
        assert!(!err.message.contains('\n') && !err.message.contains('\x1b'));
        assert!(err.message.chars().count() < 400);
    }
}
