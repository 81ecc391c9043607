//! The report on hand-made panels: values computed by hand, and the edge cases (perfect
//! agreement, an annotator with nothing, missing documents, stacked and nested spans, empty
//! documents).

use super::*;
use crate::model::copies::Copy;
use crate::model::{Annotation, AnnotationId, CharRange, Document, Edit, Quote};

const TEXT: &str = "abcdefghijklmnopqrst";

/// A copy of `documents` with spans (document index, start, end, label).
fn copy(documents: &[&Document], spans: &[(usize, usize, usize, &str)]) -> Project {
    let mut project = Project::new("copy");
    for (position, document) in documents.iter().enumerate() {
        Edit::AddDocument {
            position,
            document: (*document).clone(),
        }
        .apply(&mut project)
        .unwrap();
    }
    let when = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    for &(d, start, end, label) in spans {
        let document = documents[d];
        let range = CharRange::new(start, end);
        Edit::AddAnnotation(Annotation {
            id: AnnotationId::generate(),
            document: document.id.clone(),
            start,
            end,
            quote: Quote::capture(&document.text, range).unwrap(),
            label: LabelId::from(label),
            note: String::new(),
            fields: Default::default(),
            orphaned: false,
            review: None,
            agreed: None,
            created: when,
            modified: when,
        })
        .apply(&mut project)
        .unwrap();
    }
    project
}

fn run(projects: &[Project], options: &Options) -> Report {
    let names: Vec<String> = (0..projects.len()).map(|i| format!("a{i}")).collect();
    let copies: Vec<Copy> = names
        .iter()
        .zip(projects)
        .map(|(annotator, project)| Copy { annotator, project })
        .collect();
    report(&Panel::line_up(&copies).unwrap(), options)
}

fn close(got: Option<f64>, expected: Option<f64>, what: &str) {
    match (got, expected) {
        (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{what}: {g} vs {e}"),
        _ => assert_eq!(got, expected, "{what}"),
    }
}

#[test]
fn two_annotators_by_hand() {
    let doc = Document::new("t", TEXT);
    let a = copy(&[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "source")]);
    let b = copy(&[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "claim")]);
    let r = run(&[a, b], &Options::default());
    let o = &r.overall;
    // Positions: (0,5) claim/claim, (10,15) source/claim: n = 4, n_claim = 3, off-diagonal 2,
    // expected 16 − 10 = 6: 1 − 3·2/6 = 0.
    close(o.alpha_positions, Some(0.0), "alpha positions");
    assert_eq!((o.pairable_units, o.stacked_units), (2, 0));
    // Characters: 5 claim/claim, 5 source/claim, 10 none/none. Cohen: po 0.75, pe 0.375.
    close(o.cohen_kappa, Some(0.6), "cohen");
    // Fleiss: P̄ 0.75; pooled shares none ½, claim 3/8, source 1/8: P_e = 13/32.
    close(
        o.fleiss_kappa,
        Some((0.75 - 13.0 / 32.0) / (1.0 - 13.0 / 32.0)),
        "fleiss",
    );
    // F1: one of two spans each matches (exactly and by overlap).
    close(o.f1_exact.values[0][1], Some(0.5), "exact");
    close(o.f1_overlap.values[1][0], Some(0.5), "overlap");
    close(o.f1_exact.mean, Some(0.5), "mean");
    assert_eq!(o.f1_exact.values[0][0], None);
    // αu. Claim: D_o = 2·25/(2·20²); units 5, 5, 5, gaps 15 | 5, 5:
    // D_e = (2/20)·3·(2·60 + 25·13)/(40·39 − 60). Source: one unit in the other's gap,
    // D_o the same; D_e = (2/20)·25·23/(1560 − 20).
    let (o_claim, e_claim) = (0.0625, 0.1 * 3.0 * 445.0 / 1500.0);
    let (o_source, e_source) = (0.0625, 0.1 * 575.0 / 1540.0);
    close(
        o.alpha_unitizing,
        Some(1.0 - (o_claim + o_source) / (e_claim + e_source)),
        "αu",
    );
    let claim = &r.labels[0];
    assert_eq!(
        (claim.label.as_str(), claim.spans.as_slice()),
        ("claim", &[1, 2][..])
    );
    close(
        claim.measures.alpha_unitizing,
        Some(1.0 - o_claim / e_claim),
        "αu claim",
    );
    // Binary collapse for claim: n_claim 3, other 1, o[claim][other] = 1: 1 − 3·1/3 = 0.
    close(claim.measures.alpha_positions, Some(0.0), "alpha claim");
    // Claim per character: 5 in/in, 5 out/in, 10 out/out: po 0.75, pe ½·¼ + ½·¾ = 0.5.
    close(claim.measures.cohen_kappa, Some(0.5), "cohen claim");
    close(
        claim.measures.f1_exact.values[0][1],
        Some(2.0 / 3.0),
        "exact claim",
    );
    let source = &r.labels[1];
    close(
        source.measures.alpha_unitizing,
        Some(1.0 - o_source / e_source),
        "αu source",
    );
    close(
        source.measures.f1_overlap.values[0][1],
        Some(0.0),
        "overlap source",
    );
    assert_eq!(r.labels.len(), 2, "only the labels used");
    // One document, which everybody has: its row is the overall figure.
    assert_eq!(r.documents.len(), 1);
    assert_eq!(&r.documents[0].measures, o);
    assert_eq!(r.documents[0].spans, vec![Some(2), Some(2)]);
}

#[test]
fn perfect_agreement_is_one() {
    let doc = Document::new("t", TEXT);
    let spans = [(0, 0, 5, "claim"), (0, 8, 12, "source"), (0, 14, 19, "claim")];
    let copies: Vec<Project> = (0..3).map(|_| copy(&[&doc], &spans)).collect();
    let o = run(&copies, &Options::default()).overall;
    for (what, value) in [
        ("alpha positions", o.alpha_positions),
        ("αu", o.alpha_unitizing),
        ("fleiss", o.fleiss_kappa),
        ("exact", o.f1_exact.mean),
        ("overlap", o.f1_overlap.mean),
    ] {
        close(value, Some(1.0), what);
    }
    assert_eq!(o.cohen_kappa, None, "three annotators: no Cohen");
}

#[test]
fn systematic_disagreement_is_below_zero() {
    let doc = Document::new("t", TEXT);
    let a = copy(&[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "source")]);
    let b = copy(&[&doc], &[(0, 0, 5, "source"), (0, 10, 15, "claim")]);
    let o = run(&[a, b], &Options::default()).overall;
    // Always the other label: n = 4, two of each, off-diagonal 4: 1 − 3·4/8 = −0.5.
    close(o.alpha_positions, Some(-0.5), "alpha positions");
    assert!(o.alpha_unitizing.unwrap() < 0.0, "{:?}", o.alpha_unitizing);
    // Kappa's known weakness: the 10 characters nobody marked agree on "none", so kappa stays
    // above 0 though every marked character disagrees. po = ½, pe = ¼ + 1/16 + 1/16 = 3/8.
    close(o.cohen_kappa, Some(0.2), "cohen");
    close(o.f1_overlap.mean, Some(0.0), "overlap");
}

#[test]
fn an_annotator_with_nothing_and_a_document_nobody_marked() {
    let (doc, blank) = (
        Document::new("t", TEXT),
        Document::new("blank", "nothing marked here"),
    );
    let a = copy(&[&doc, &blank], &[(0, 0, 5, "claim")]);
    let b = copy(&[&doc, &blank], &[]);
    let r = run(&[a, b], &Options::default());
    let o = &r.overall;
    // Only a's value at the one position: nothing pairable.
    assert_eq!((o.alpha_positions, o.pairable_units), (None, 0));
    close(o.f1_exact.values[0][1], Some(0.0), "exact");
    assert!(o.fleiss_kappa.is_some() && o.alpha_unitizing.is_some());
    // The document nobody marked: every measure undefined, none NaN.
    let blank_row = &r.documents[1];
    assert_eq!(blank_row.spans, vec![Some(0), Some(0)]);
    let m = &blank_row.measures;
    assert_eq!(
        (
            m.alpha_positions,
            m.alpha_unitizing,
            m.fleiss_kappa,
            m.cohen_kappa
        ),
        (None, None, None, None)
    );
    assert_eq!((m.f1_exact.mean, m.f1_overlap.values[0][1]), (None, None));
}

#[test]
fn missing_documents_and_empty_documents() {
    let (one, two) = (Document::new("one", TEXT), Document::new("two", TEXT));
    let empty = Document::new("empty", "");
    let spans = [(0, 0, 5, "claim"), (1, 3, 9, "source")];
    let a = copy(&[&one, &two, &empty], &spans);
    let b = copy(&[&one, &two, &empty], &spans);
    // c lacks document two (and marks one a little differently).
    let c = copy(&[&one, &empty], &[(0, 1, 5, "claim")]);
    let r = run(&[a, b, c], &Options::default());
    // Overall: the documents everybody has (one, empty).
    assert_eq!(r.compared_documents, vec![one.id.clone(), empty.id.clone()]);
    assert_eq!(r.documents_in_all, 3);
    let two_row = &r.documents[1];
    assert_eq!(two_row.spans, vec![Some(1), Some(1), None]);
    // On document two, only a and b: they agree.
    close(two_row.measures.alpha_unitizing, Some(1.0), "αu two");
    close(two_row.measures.f1_exact.values[0][1], Some(1.0), "a-b on two");
    assert_eq!(two_row.measures.f1_exact.values[0][2], None, "c lacks it");
    // The source label only occurs on document two, which c lacks: not in the overall figures.
    let source = r.labels.iter().find(|l| l.label.as_str() == "source").unwrap();
    assert_eq!(source.spans, vec![0, 0, 0]);
    assert_eq!(source.measures.alpha_unitizing, None);
    // The empty document: nothing to measure.
    let m = &r.documents[2].measures;
    assert_eq!((m.alpha_unitizing, m.fleiss_kappa), (None, None));
    // Overall, c's claim starts one character later: exact F1 0 against a and b, overlap 1.
    close(r.overall.f1_exact.values[0][2], Some(0.0), "exact a-c");
    close(r.overall.f1_overlap.values[2][1], Some(1.0), "overlap b-c");
}

#[test]
fn stacked_positions_are_left_out_and_counted() {
    let doc = Document::new("t", TEXT);
    // a gives 0..5 two labels; the same label twice at 8..12 is one value.
    let a = copy(
        &[&doc],
        &[
            (0, 0, 5, "claim"),
            (0, 0, 5, "source"),
            (0, 8, 12, "opinion"),
            (0, 8, 12, "opinion"),
        ],
    );
    let b = copy(
        &[&doc],
        &[(0, 0, 5, "claim"), (0, 8, 12, "opinion"), (0, 14, 18, "claim")],
    );
    let r = run(&[a, b], &Options::default());
    let o = &r.overall;
    assert_eq!((o.stacked_units, o.pairable_units), (1, 1));
    // The one pairable unit: opinion/opinion, a single category: undefined.
    assert_eq!(o.alpha_positions, None);
    let by_label: Vec<(&str, usize)> = r
        .labels
        .iter()
        .map(|l| (l.label.as_str(), l.measures.stacked_units))
        .collect();
    assert_eq!(by_label, [("claim", 1), ("source", 1), ("opinion", 0)]);
}

#[test]
fn nested_spans_of_one_label_are_their_union() {
    let doc = Document::new("t", TEXT);
    let a = copy(
        &[&doc],
        &[(0, 0, 10, "claim"), (0, 2, 5, "claim"), (0, 8, 12, "claim")],
    );
    let b = copy(&[&doc], &[(0, 0, 12, "claim")]);
    let o = run(&[a, b], &Options::default()).overall;
    // For αu and the characters, a's claims are 0..12, like b's.
    close(o.alpha_unitizing, Some(1.0), "αu");
    close(o.cohen_kappa, Some(1.0), "cohen");
    // Positions and F1 see every span: three positions, none shared, nothing pairable.
    assert_eq!((o.alpha_positions, o.pairable_units), (None, 0));
    close(o.f1_exact.values[0][1], Some(0.0), "exact");
    // Overlap: 0..12 and 0..10 share 10 of 12: one of a's three matches b's one.
    close(o.f1_overlap.values[0][1], Some(0.5), "overlap");
}

#[test]
fn a_single_label_and_the_filters() {
    let (one, two) = (Document::new("one", TEXT), Document::new("two", TEXT));
    let a = copy(
        &[&one, &two],
        &[(0, 0, 5, "claim"), (1, 0, 5, "claim"), (1, 9, 14, "source")],
    );
    let b = copy(&[&one, &two], &[(0, 0, 5, "claim"), (1, 1, 5, "claim")]);
    let all = run(&[a.clone(), b.clone()], &Options::default());
    let claim_only = Options {
        label: Some(LabelId::from("claim")),
        document: None,
    };
    let r = run(&[a.clone(), b.clone()], &claim_only);
    assert_eq!(r.label, Some(LabelId::from("claim")));
    assert_eq!(r.labels.len(), 1);
    // Restricted to a label, the overall figures are that label's.
    assert_eq!(r.overall, all.labels[0].measures);
    assert_eq!(r.documents[1].spans, vec![Some(1), Some(1)]);
    // With a single label used, alpha over positions has one category: undefined.
    let a_claims = copy(&[&one, &two], &[(0, 0, 5, "claim"), (1, 0, 5, "claim")]);
    let single = run(&[a_claims, b.clone()], &Options::default()).overall;
    assert_eq!(single.alpha_positions, None);
    assert!(single.alpha_unitizing.unwrap() < 1.0);
    // One document: the overall figures are that document's.
    let second = Options {
        label: None,
        document: Some(1),
    };
    let r = run(&[a, b], &second);
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.compared_documents, vec![two.id.clone()]);
    assert_eq!(r.overall, all.documents[1].measures);
}

#[test]
fn compare_alpha_is_the_unitizing_alpha_of_key_and_student() {
    let doc = Document::new("t", TEXT);
    let key = copy(&[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "source")]);
    let student = copy(&[&doc], &[(0, 1, 5, "claim"), (0, 10, 16, "claim")]);
    let from_compare = crate::model::scoring::compare(&key, &student).alpha;
    let from_report = run(&[key.clone(), student], &Options::default())
        .overall
        .alpha_unitizing;
    assert!(from_compare.is_some());
    close(from_compare, from_report, "alpha");
    close(
        crate::model::scoring::compare(&key, &key).alpha,
        Some(1.0),
        "the key against itself",
    );
}
