//! schema.org ClaimReview (JSON-LD): one review per claim that has a verdict, as fact-checkers
//! publish them for search engines. The verdict's place on the project's rating scale gives the
//! numeric rating; the note is the explanation; the claimant, date and appearance describe the
//! claim; the publisher comes from the project settings.

use serde::Serialize;

use super::Rendered;
use crate::model::{Annotation, FieldKind, Project};

#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Organization<'a>>,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "reviewRating")]
    review_rating: Rating<'a>,
    #[serde(rename = "itemReviewed")]
    item_reviewed: Claim<'a>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

#[derive(Serialize)]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: &'a str,
    #[serde(rename = "ratingValue", skip_serializing_if = "Option::is_none")]
    rating_value: Option<usize>,
    #[serde(rename = "bestRating", skip_serializing_if = "Option::is_none")]
    best_rating: Option<usize>,
    #[serde(rename = "worstRating", skip_serializing_if = "Option::is_none")]
    worst_rating: Option<usize>,
    #[serde(rename = "ratingExplanation", skip_serializing_if = "str::is_empty")]
    rating_explanation: &'a str,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Person<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<Appearance<'a>>,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<&'a str>,
}

/// The key of a label's first field of a kind (the verdict is the first `Rating` field).
fn field_of<'p>(project: &'p Project, annotation: &'p Annotation, kind: FieldKind) -> Option<&'p str> {
    let label = project.label(&annotation.label)?;
    let field = label.fields.iter().find(|f| f.kind == kind)?;
    annotation.fields.get(&field.key).map(String::as_str)
}

pub fn export(project: &Project) -> Rendered {
    let settings = &project.settings;
    let mut reviews = Vec::new();
    for annotation in project.annotations() {
        let Some(verdict) = field_of(project, annotation, FieldKind::Rating) else {
            continue;
        };
        let document = project.document(&annotation.document);
        let rating = settings.rating_value(verdict);
        let appearance = field_of(project, annotation, FieldKind::Url)
            .or_else(|| document.and_then(|d| d.url.as_deref()))
            .map(|url| Appearance {
                kind: "CreativeWork",
                url,
                headline: document.map(|d| d.title.as_str()),
            });
        let claimant = annotation.fields.get("claimant").map(String::as_str);
        reviews.push(ClaimReview {
            context: "https://schema.org",
            kind: "ClaimReview",
            date_published: annotation.modified.strftime("%Y-%m-%d").to_string(),
            author: (!settings.publisher.is_empty()).then(|| Organization {
                kind: "Organization",
                name: &settings.publisher,
                url: &settings.publisher_url,
            }),
            claim_reviewed: &annotation.quote.exact,
            review_rating: Rating {
                kind: "Rating",
                alternate_name: verdict,
                rating_value: rating.map(|(value, _)| value),
                best_rating: rating.map(|(_, best)| best),
                worst_rating: rating.map(|_| 1),
                rating_explanation: &annotation.note,
            },
            item_reviewed: Claim {
                kind: "Claim",
                author: claimant
                    .filter(|c| !c.is_empty())
                    .map(|name| Person { kind: "Person", name }),
                date_published: field_of(project, annotation, FieldKind::Date),
                appearance,
            },
        });
    }
    let annotations = reviews.len();
    let mut bytes = serde_json::to_vec_pretty(&reviews).expect("serialising to memory cannot fail");
    bytes.push(b'\n');
    Rendered {
        bytes,
        annotations,
        left_out: Vec::new(),
    }
}
