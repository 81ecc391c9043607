//! What the fuzz targets share.

use std::panic::{self, PanicHookInfo};
use std::sync::Once;

/// libFuzzer's panic hook aborts on every panic, even one caught further up. The document
/// importers catch the panics of the third-party parsers they call on purpose (pdf-extract panics
/// on malformed input by design): let those unwind to the importer's `catch_unwind`, and keep
/// aborting on a panic anywhere else, which is a bug of ours.
pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let abort = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if !from_third_party(info) {
                abort(info);
            }
        }));
    });
}

fn from_third_party(info: &PanicHookInfo<'_>) -> bool {
    info.location()
        .is_some_and(|location| location.file().contains("/.cargo/registry/"))
}
