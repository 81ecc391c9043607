//! The brat annotation import format, through the path `marginalia import` takes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::io::formats::ImportFormat;

fuzz_target!(|bytes: &[u8]| {
    let _ = marginalia::io::untrusted::import_annotations(ImportFormat::Brat, bytes);
});
