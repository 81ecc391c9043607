//! The merge: two or three project files separated by NUL bytes (OURS, THEIRS or BASE, OURS, THEIRS).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = marginalia::io::untrusted::merge_projects(bytes);
});
