//! The html document importer, in process (as the importer's child process runs it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::io::import::Format;

fuzz_target!(|bytes: &[u8]| {
    marginalia_fuzz::init();
    let _ = marginalia::io::untrusted::import_document(Format::Html, bytes);
});
