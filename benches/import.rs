//! Import speed on large documents: a 5 MB HTML page and a 300-page PDF.
//!
//! Run with `cargo bench --bench import`. The app imports on a worker thread with a progress
//! indicator, so these times are waits, never a frozen window.

#[path = "common/pdf.rs"]
mod pdf;

use std::path::Path;
use std::sync::LazyLock;

use marginalia::io::import::import_bytes;

static HTML: LazyLock<String> = LazyLock::new(|| {
    let paragraph = "<p>La Russie et le <a href=\"https://example.org/niger\">Niger</a> confirment leur volonté commune \
        de rapprochement. Comme le montre RFI, les déclarations des hauts responsables nigériens à Moscou \
        déplaisent fortement à Washington. L'œil de la minorité planétaire reste ouvert.</p>\n";
    let mut page = String::from(
        "<!DOCTYPE html><html><head><title>Grand article</title></head><body><nav>Menu</nav><article><h1>Grand article</h1>",
    );
    while page.len() < 5_000_000 {
        page.push_str(paragraph);
    }
    page.push_str("</article></body></html>");
    page
});
static PDF: LazyLock<Vec<u8>> = LazyLock::new(|| pdf::text_pdf(300, 45));

fn main() {
    eprintln!(
        "html: {:.1} MB; pdf: 300 pages, {:.1} MB",
        HTML.len() as f64 / 1e6,
        PDF.len() as f64 / 1e6
    );
    divan::main();
}

#[divan::bench(sample_count = 3)]
fn html_5_mb() -> usize {
    import_bytes(HTML.as_bytes(), Path::new("big.html"), None)
        .unwrap()
        .text
        .char_len()
}

#[divan::bench(sample_count = 3)]
fn pdf_300_pages() -> usize {
    import_bytes(&PDF, Path::new("big.pdf"), None)
        .unwrap()
        .pages
        .len()
}
