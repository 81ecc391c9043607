//! HTML to the article's reading text: the main content found by a Readability port (dom_smoothie),
//! without scripts, styles, navigation or comments; block elements as paragraphs; links kept.
//!
//! The furniture Readability tends to leave (MediaWiki's "[edit]" links, contents box and reference
//! marks, skip links, share bars, cookie banners, newsletter and related-links boxes, nav, footer)
//! is removed from the page before Readability reads it and from the article after. Headings, list
//! items, quotes and emphasis are recorded as structure.

use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Config, Readability};

use super::Extracted;
use super::builder::{Built, TextBuilder};
use crate::model::{BlockKind, InlineKind};

/// Furniture known by its markup.
const FURNITURE: &str = concat!(
    "nav, footer, [role=navigation], [role=contentinfo], [role=search], ",
    ".mw-editsection, #toc, .toc, .vector-toc, #mw-navigation, #mw-panel, .mw-jump-link, ",
    "#jump-to-nav, .mw-cite-backlink, sup.reference, .catlinks, .printfooter, #siteSub, ",
    "#contentSub, .mw-indicators, .navbox, .skip-link, .skip-to-content, .skiplink, ",
    "a[href='#content'], a[href='#main'], a[href='#main-content'], a[href='#bodyContent']"
);
/// Words in a class or id that mark furniture: `share-bar`, `cookie_banner`, `relatedLinks` …
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "related",
    "outbrain",
    "taboola",
    "breadcrumb",
    "breadcrumbs",
];
/// Elements never removed as furniture by their class, whatever it says.
const CONTAINERS: &[&str] = &["html", "body", "main", "article"];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
];
/// Elements whose text is never reading text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "svg", "iframe", "button", "form", "select",
];

pub fn extract(source: &str) -> Result<Extracted, String> {
    let config = Config {
        max_elements_to_parse: 500_000,
        ..Config::default()
    };
    let mut readability = Readability::new(source, None, Some(config)).map_err(|e| e.to_string())?;
    remove_furniture(&readability.doc);
    let canonical = readability
        .doc
        .select(r#"link[rel="canonical"]"#)
        .attr("href")
        .map(|href| href.to_string());
    let (content, title, author, published) = match readability.parse() {
        Ok(article) => (
            Dom::from(article.content.to_string()),
            Some(article.title).filter(|t| !t.trim().is_empty()),
            article.byline,
            article.published_time,
        ),
        // No article found (a short or unusual page): read the whole body instead.
        Err(_) => (Dom::from(source), None, None, None),
    };
    remove_furniture(&content);
    let Built {
        text,
        links,
        blocks,
        inlines,
    } = reading_text(content.root());
    Ok(Extracted {
        text,
        title,
        author,
        published,
        url: canonical,
        links,
        blocks,
        inlines,
        ..Extracted::default()
    })
}

/// Removes the page's furniture: by selector, then by the words of class names and ids.
fn remove_furniture(dom: &Dom) {
    dom.select(FURNITURE).remove();
    let marked: Vec<NodeRef<'_>> = dom
        .select("[class], [id]")
        .nodes()
        .iter()
        .filter(|node| is_furniture(node))
        .cloned()
        .collect();
    for node in marked {
        node.remove_from_parent();
    }
}

fn is_furniture(node: &NodeRef<'_>) -> bool {
    let names = [node.attr("class"), node.attr("id")];
    let marked = names.iter().flatten().any(|names| {
        names.split_whitespace().any(|name| {
            camel_words(name).any(|word| FURNITURE_WORDS.contains(&word.to_ascii_lowercase().as_str()))
        })
    });
    // A class on a wrapper (`has-related`) must not take the article with it.
    let container = |node: &NodeRef<'_>| {
        CONTAINERS.contains(&node.node_name().as_deref().unwrap_or(""))
            || node.node_name().as_deref() == Some("h1")
    };
    marked && !container(node) && !node.descendants_it().any(|d| container(&d))
}

/// The words of a class name: split at `-`, `_` and lower-to-upper case changes.
fn camel_words(name: &str) -> impl Iterator<Item = &str> {
    name.split(['-', '_']).flat_map(|part| {
        let mut bounds = vec![0];
        let chars: Vec<(usize, char)> = part.char_indices().collect();
        for pair in chars.windows(2) {
            if pair[0].1.is_lowercase() && pair[1].1.is_uppercase() {
                bounds.push(pair[1].0);
            }
        }
        bounds.push(part.len());
        bounds.windows(2).map(|w| &part[w[0]..w[1]]).collect::<Vec<_>>()
    })
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The block kind an element opens, if any.
fn block_kind(name: &str) -> Option<BlockKind> {
    match name {
        "li" => Some(BlockKind::ListItem),
        "blockquote" => Some(BlockKind::Quote),
        _ => heading_level(name).map(BlockKind::Heading),
    }
}

fn inline_kind(name: &str) -> Option<InlineKind> {
    match name {
        "em" | "i" => Some(InlineKind::Emphasis),
        "strong" | "b" => Some(InlineKind::Strong),
        _ => None,
    }
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit(NodeRef<'a>),
}

/// Walks the tree without recursion, so deeply nested markup cannot overflow the stack.
fn reading_text(root: NodeRef<'_>) -> Built {
    let mut builder = TextBuilder::default();
    let mut preformatted = 0u32;
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let (node, entering) = match step {
            Step::Enter(node) => (node, true),
            Step::Exit(node) => (node, false),
        };
        if node.is_text() {
            let text = node.text();
            if preformatted > 0 {
                builder.push(&text)
            } else {
                builder.push_collapsed(&text)
            }
            continue;
        }
        if node.is_comment() {
            continue;
        }
        let name = node.node_name();
        let name = name.as_deref().unwrap_or("");
        if SKIPPED.contains(&name) {
            continue;
        }
        if entering {
            match name {
                "br" => {
                    builder.line_break();
                    continue;
                }
                "pre" => preformatted += 1,
                "a" => builder.start_link(node.attr("href").map(|h| h.to_string()).unwrap_or_default()),
                _ => {}
            }
            if let Some(kind) = block_kind(name) {
                builder.start_kind(kind);
            } else if BLOCKS.contains(&name) {
                builder.block();
            }
            if let Some(kind) = inline_kind(name) {
                builder.start_inline(kind);
            }
            stack.push(Step::Exit(node));
            stack.extend(node.children_it(true).map(Step::Enter));
        } else {
            match name {
                "a" => builder.end_link(),
                "pre" => preformatted -= 1,
                _ => {}
            }
            if let Some(kind) = inline_kind(name) {
                builder.end_inline(kind);
            }
            if block_kind(name).is_some() {
                builder.end_kind();
            } else if BLOCKS.contains(&name) {
                builder.block();
            }
        }
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_is_kept_and_the_chrome_dropped() {
        let page = r#"<!DOCTYPE html><html><head><title>Niger – Russie</title>
            <link rel="canonical" href="https://example.org/niger">
            <meta name="author" content="M. Auteur">
            <style>p { color: red }</style><script>alert("x")</script></head>
            <body><nav><a href="/">Accueil</a> | <a href="/a">Afrique</a></nav>
            <article><h1>Niger – Russie</h1>
            <p>La Russie et le Niger confirment leur volonté commune de rapprochement, comme le
               <a href="https://www.rfi.fr/x">montre RFI</a> dans un long article publié hier.</p>
            <p>L&#39;œil de Washington &amp; de Paris reste ouvert&nbsp;: «&nbsp;aux mêmes conditions&nbsp;».
               Москва. سلام. 中文. 😀 Les échanges ont porté sur la sécurité régionale et la défense.</p>
            <!-- a comment --></article>
            <footer>© 2024 Tous droits réservés</footer></body></html>"#;
        let extracted = extract(page).unwrap();
        let text = &extracted.text;
        assert!(
            text.contains("comme le montre RFI dans un long article"),
            "{text}"
        );
        assert!(text.contains("L'œil de Washington & de Paris"), "{text}");
        assert!(text.contains("Москва. سلام. 中文. 😀"), "{text}");
        for chrome in ["alert", "color: red", "Accueil", "a comment"] {
            assert!(!text.contains(chrome), "{chrome} in {text}");
        }
        assert!(text.contains("\n\n"), "paragraphs: {text}");
        assert_eq!(extracted.url.as_deref(), Some("https://example.org/niger"));
        assert_eq!(extracted.title.as_deref(), Some("Niger – Russie"));
        let link = &extracted
            .links
            .iter()
            .find(|l| l.url == "https://www.rfi.fr/x")
            .unwrap();
        let linked: String = text
            .chars()
            .skip(link.start)
            .take(link.end - link.start)
            .collect();
        assert_eq!(linked, "montre RFI");
    }

    #[test]
    fn furniture_is_removed_by_selector_and_by_class_words() {
        let furniture = [
            "<nav>menu</nav>",
            "<footer>pied</footer>",
            r#"<div role="navigation">nav</div>"#,
            r#"<div role="search">search</div>"#,
            r#"<span class="mw-editsection">[edit]</span>"#,
            r#"<div id="toc">contents</div>"#,
            r#"<div class="vector-toc">contents</div>"#,
            r##"<a class="mw-jump-link" href="#p-search">Jump to search</a>"##,
            r#"<span class="mw-cite-backlink">^ a b</span>"#,
            r#"<sup class="reference">[1]</sup>"#,
            r##"<a href="#main-content">Skip</a>"##,
            r#"<div class="share-bar">Partager</div>"#,
            r#"<div id="cookieBanner">cookies</div>"#,
            r#"<div class="gdpr_consent">consent</div>"#,
            r#"<aside class="newsletter-box">lettre</aside>"#,
            r#"<section class="relatedArticles">aussi</section>"#,
        ];
        let page = format!(
            r#"<html><body class="has-related"><article class="post has-share"><h1>T</h1><p>gardé</p>{}</article></body></html>"#,
            furniture.concat()
        );
        let dom = Dom::from(page);
        remove_furniture(&dom);
        assert_eq!(dom.select("body").text().to_string(), "Tgardé");
        // (class or id, whether it marks furniture)
        let words = [
            ("share-bar", true),
            ("cookie_notice", true),
            ("relatedLinks", true),
            ("shared-content", false),
            ("socialist-party", false),
            ("article-body", false),
        ];
        for (name, expected) in words {
            let dom = Dom::from(format!(r#"<div class="{name}">x</div>"#));
            let div = dom.select("div").nodes()[0];
            assert_eq!(is_furniture(&div), expected, "{name}");
        }
    }
}
