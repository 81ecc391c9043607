//! The project loader: RON text to a project (and back, unchanged).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = marginalia::io::untrusted::load_project(bytes);
});
