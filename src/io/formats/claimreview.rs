//! schema.org ClaimReview (JSON-LD): one review per claim that has a verdict, as fact-checkers
//! publish them for search engines. The verdict's place on the project's rating scale gives the
//! numeric rating; the note is the explanation; the claimant, date and appearance describe the
//! claim; the publisher comes from the project settings; the review's own address (`url`) and
//! whether the claimant is a person or an organisation are fields of the claim.
//!
//! What Google's ClaimReview guidelines require and a claim lacks (a verdict, the review's
//! address, a publisher) is not left silent: each such claim gets a warning naming its quote.
//! Fields a project's claim label does not declare (projects older than them) count as unset.

use serde::Serialize;

use super::Rendered;
use crate::model::fields::{CLAIMANT_TYPE, REVIEW_URL};
use crate::model::text::shorten;
use crate::model::{Annotation, FieldKind, Project};

#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
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

/// The value of a label's first field of a kind (the verdict is the first `Rating` field), other
/// than the review's own address; `None` when unset or empty.
fn field_of<'p>(project: &'p Project, annotation: &'p Annotation, kind: FieldKind) -> Option<&'p str> {
    let label = project.label(&annotation.label)?;
    let field = label
        .fields
        .iter()
        .find(|f| f.kind == kind && f.key != REVIEW_URL)?;
    value(annotation, &field.key)
}

/// A field's value by key, `None` when unset or empty.
fn value<'p>(annotation: &'p Annotation, key: &str) -> Option<&'p str> {
    annotation
        .fields
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.trim().is_empty())
}

/// True for an annotation whose label has a verdict (a `Rating` field).
fn is_claim(project: &Project, annotation: &Annotation) -> bool {
    project
        .label(&annotation.label)
        .is_some_and(|label| label.fields.iter().any(|f| f.kind == FieldKind::Rating))
}

/// The schema.org type of the claimant: `organisation` (or `organization`) is an Organization,
/// anything else a Person.
fn claimant_kind(annotation: &Annotation) -> &'static str {
    match value(annotation, CLAIMANT_TYPE) {
        Some("organisation" | "organization") => "Organization",
        _ => "Person",
    }
}

/// What Google's guidelines require that this claim's review lacks, as one warning naming it.
fn warning(project: &Project, annotation: &Annotation, verdict: Option<&str>) -> Option<String> {
    let settings = &project.settings;
    let mut lacks = Vec::new();
    match verdict {
        None => lacks.push("no verdict, so it is left out".to_owned()),
        Some(verdict) if !settings.rating_scale.iter().any(|r| r == verdict) => {
            lacks.push(format!("its verdict {verdict:?} is not on the rating scale"));
        }
        Some(_) => {}
    }
    if verdict.is_some() {
        if value(annotation, REVIEW_URL).is_none() {
            lacks.push(format!("no address of the published review ({REVIEW_URL})"));
        }
        if settings.publisher.trim().is_empty() {
            lacks.push("no publisher (author) in the project settings".to_owned());
        }
    }
    (!lacks.is_empty()).then(|| {
        format!(
            "claim {:?} ({}): {}",
            shorten(&annotation.quote.exact, 40),
            annotation.id,
            lacks.join("; ")
        )
    })
}

pub fn export(project: &Project) -> Rendered {
    let settings = &project.settings;
    let mut reviews = Vec::new();
    let mut warnings = Vec::new();
    for annotation in project.annotations() {
        let verdict = field_of(project, annotation, FieldKind::Rating);
        if is_claim(project, annotation) {
            warnings.extend(warning(project, annotation, verdict));
        }
        let Some(verdict) = verdict else {
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
        let claimant = value(annotation, "claimant");
        reviews.push(ClaimReview {
            context: "https://schema.org",
            kind: "ClaimReview",
            url: value(annotation, REVIEW_URL),
            date_published: annotation.modified.strftime("%Y-%m-%d").to_string(),
            author: (!settings.publisher.trim().is_empty()).then(|| Organization {
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
                author: claimant.map(|name| Person {
                    kind: claimant_kind(annotation),
                    name,
                }),
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
        warnings,
    }
}
