//! Notes documents as fetched from a remote: any bytes. Parsing never panics, and a document
//! it accepts writes back (within the size limit) to JSON that parses to the same document.
#![no_main]

use git_hotfix::git::ObjectId;
use git_hotfix::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let anchor = ObjectId::ZERO_SHA1;
    match store::parse(anchor, data) {
        Ok(meta) => {
            let text = store::to_json(&meta);
            // Laid out for reading, a note near the size limit can pass it: such a note is
            // never written (store::write refuses it), so it need not read back.
            if text.len() <= store::MAX_NOTE_BYTES {
                let again =
                    store::parse(anchor, text.as_bytes()).expect("a written note reads back");
                assert_eq!(store::to_json(&again), text);
            }
        }
        Err(err) => {
            assert!(!err.message.is_empty());
            assert!(err.message.len() < 4096, "{}", err.message.len());
        }
    }
});
