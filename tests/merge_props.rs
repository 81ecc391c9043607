//! Property tests of the merge by ids: random edit sequences on two copies of one base project,
//! then `merge`. Additions survive, a side merged with itself or with the base is that side, both
//! orders agree up to which side is called ours, the result reloads from its saved text, and the
//! bytes are deterministic.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use common::{EditSpec, edit_spec, sample_project, unicode_text, with_random_edits};
use marginalia::io::project_file;
use marginalia::model::conflict::{Conflict, Side};
use marginalia::model::merge::{MergeOptions, Merged, merge};
use marginalia::model::{AnnotationId, DocId, LabelId, Project};
use proptest::prelude::*;

/// A base project and two edit sequences, one for each copy.
#[derive(Clone, Debug)]
struct Scenario {
    texts: Vec<String>,
    base: Vec<EditSpec>,
    ours: Vec<EditSpec>,
    theirs: Vec<EditSpec>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(unicode_text(), 1..3),
        prop::collection::vec(edit_spec(), 0..30),
        prop::collection::vec(edit_spec(), 0..20),
        prop::collection::vec(edit_spec(), 0..20),
    )
        .prop_map(|(texts, base, ours, theirs)| Scenario {
            texts,
            base,
            ours,
            theirs,
        })
}

/// The three projects: base, ours (base + ours' edits), theirs (base + theirs' edits).
fn projects(scenario: &Scenario) -> (Project, Project, Project) {
    let base = with_random_edits(sample_project(&scenario.texts), &scenario.base);
    let ours = with_random_edits(base.clone(), &scenario.ours);
    let theirs = with_random_edits(base.clone(), &scenario.theirs);
    (base, ours, theirs)
}

/// The base is the true ancestor here, so the merge is not asked to guess whether the copies are
/// related (a side that removed every document of the base and added others shares no id with it).
fn merged(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    let options = MergeOptions { unrelated: true };
    merge(Some(base), ours, theirs, options).expect("copies of one project merge")
}

type Key = (DocId, usize, usize, LabelId);

/// What a project is about, without the times `now()` sets.
#[derive(Debug, PartialEq)]
struct View {
    name: String,
    settings: String,
    labels: Vec<String>,
    documents: Vec<(String, String, String)>,
    annotations: BTreeMap<String, String>,
    links: BTreeSet<(String, String, String, String)>,
}

/// `canon` renames annotation ids (for twins, which keep the id of whichever side is ours).
/// Without `in_order`, the order of labels and documents is left out.
fn view_with(project: &Project, canon: &dyn Fn(&AnnotationId) -> String, in_order: bool) -> View {
    let mut labels: Vec<String> = project.labels().iter().map(|l| format!("{l:?}")).collect();
    let mut documents: Vec<(String, String, String)> = project
        .documents()
        .iter()
        .map(|d| (d.id.to_string(), d.title.clone(), d.text.as_str().to_owned()))
        .collect();
    if !in_order {
        labels.sort();
        documents.sort();
    }
    View {
        name: project.name.clone(),
        settings: format!("{:?}", project.settings),
        labels,
        documents,
        annotations: project
            .annotations()
            .iter()
            .map(|a| {
                (
                    canon(&a.id),
                    format!(
                        "{} {}..{} {:?} {} {:?} {:?} {} {:?}",
                        a.document, a.start, a.end, a.quote, a.label, a.note, a.fields, a.orphaned, a.review
                    ),
                )
            })
            .collect(),
        links: project
            .links()
            .iter()
            .map(|l| {
                // Without the order, links are compared without their id: a link made on both
                // sides keeps ours'.
                let id = if in_order { l.id.to_string() } else { String::new() };
                (id, canon(&l.from), canon(&l.to), l.kind.clone())
            })
            .collect(),
    }
}

fn view(project: &Project) -> View {
    view_with(project, &|id| id.to_string(), true)
}

fn key(a: &marginalia::model::Annotation) -> Key {
    (a.document.clone(), a.start, a.end, a.label.clone())
}

fn new_in(side: &Project, base: &Project) -> Vec<marginalia::model::Annotation> {
    side.annotations()
        .iter()
        .filter(|a| base.annotation(&a.id).is_none())
        .cloned()
        .collect()
}

/// Spans with one label marked independently on both sides: the merge makes them one.
fn twin_keys(base: &Project, ours: &Project, theirs: &Project) -> HashSet<Key> {
    let ours_new: HashSet<Key> = new_in(ours, base).iter().map(key).collect();
    new_in(theirs, base)
        .iter()
        .map(key)
        .filter(|k| ours_new.contains(k))
        .collect()
}

/// A conflict with the sides named the other way round.
fn swapped(conflict: &Conflict) -> (String, String, String, Option<String>, Option<String>) {
    (
        conflict.id.clone(),
        format!("{:?}", conflict.subject),
        conflict.property.clone(),
        conflict.theirs.clone(),
        conflict.ours.clone(),
    )
}

fn plain(conflict: &Conflict) -> (String, String, String, Option<String>, Option<String>) {
    (
        conflict.id.clone(),
        format!("{:?}", conflict.subject),
        conflict.property.clone(),
        conflict.ours.clone(),
        conflict.theirs.clone(),
    )
}

/// The project with every conflict settled by taking `side`.
fn settled(project: &Project, side: Side) -> Project {
    let mut project = project.clone();
    for conflict in project.conflicts().to_vec() {
        let edit = marginalia::model::conflict::resolution(&project, &conflict, side)
            .unwrap_or_else(|e| panic!("resolving {}: {e}", conflict.id));
        edit.apply(&mut project)
            .unwrap_or_else(|e| panic!("resolving {}: {e}", conflict.id));
    }
    project
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // PROPTEST_CASES=2000 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(96),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_addition_survives_unless_the_other_side_removed_it(scenario in scenario()) {
        let (base, ours, theirs) = projects(&scenario);
        let merged = merged(&base, &ours, &theirs).project;
        let ours_new = new_in(&ours, &base);
        let ours_keys: HashSet<Key> = ours_new.iter().map(key).collect();
        for added in &ours_new {
            prop_assert!(merged.annotation(&added.id).is_some(), "ours' {} lost", added.id);
        }
        for added in new_in(&theirs, &base) {
            // A twin of one of ours is joined into it.
            prop_assert!(
                merged.annotation(&added.id).is_some() || ours_keys.contains(&key(&added)),
                "theirs' {} lost", added.id
            );
        }
        for kept in base.annotations() {
            let (o, t) = (ours.annotation(&kept.id), theirs.annotation(&kept.id));
            let present = merged.annotation(&kept.id).is_some();
            match (o, t) {
                (Some(_), Some(_)) => prop_assert!(present, "{} kept on both sides, lost", kept.id),
                (None, None) => prop_assert!(!present, "{} removed on both sides, back", kept.id),
                (Some(left), None) | (None, Some(left)) => {
                    let linked = merged.links().iter().any(|l| l.from == kept.id || l.to == kept.id);
                    if left == kept && !linked {
                        prop_assert!(!present, "{} removed on one side, untouched on the other, back", kept.id);
                    }
                    if left != kept {
                        prop_assert!(present, "{} edited on one side and removed on the other: lost", kept.id);
                        let exists = format!("{}/exists", kept.id);
                        prop_assert!(merged.conflict(&exists).is_some(), "no conflict {}", exists);
                    }
                }
            }
        }
    }

    #[test]
    fn a_side_merged_with_itself_is_that_side(scenario in scenario()) {
        let (base, ours, _) = projects(&scenario);
        let result = merged(&base, &ours, &ours);
        prop_assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
        prop_assert!(result.project.conflicts().is_empty());
        prop_assert_eq!(view(&result.project), view(&ours));
    }

    #[test]
    fn the_base_merged_with_a_side_is_that_side(scenario in scenario()) {
        let (base, _, theirs) = projects(&scenario);
        let unordered = |p: &Project| view_with(p, &|id| id.to_string(), false);
        for result in [merged(&base, &base, &theirs), merged(&base, &theirs, &base)] {
            prop_assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
            prop_assert_eq!(unordered(&result.project), unordered(&theirs));
        }
    }

    #[test]
    fn both_orders_agree_up_to_which_side_is_ours(scenario in scenario()) {
        let (base, ours, theirs) = projects(&scenario);
        let twins = twin_keys(&base, &ours, &theirs);
        let (ab, ba) = (merged(&base, &ours, &theirs), merged(&base, &theirs, &ours));
        // Twins keep ours' id and join the notes ours first: compare everything else.
        let twin_ids: HashSet<AnnotationId> = new_in(&ours, &base)
            .iter()
            .chain(new_in(&theirs, &base).iter())
            .filter(|a| twins.contains(&key(a)))
            .map(|a| a.id.clone())
            .collect();
        let canon = |id: &AnnotationId| {
            if twin_ids.contains(id) {
                "twin".to_owned()
            } else {
                id.to_string()
            }
        };
        let without_twins = |project: &Project| {
            let mut view = view_with(project, &canon, false);
            view.annotations.remove("twin");
            view
        };
        let conflicts = |merged: &Merged, swap: bool| -> BTreeSet<_> {
            merged
                .conflicts
                .iter()
                .filter(|c| !twin_ids.contains(&AnnotationId::from(c.item.as_str())))
                .map(|c| if swap { swapped(c) } else { plain(c) })
                .collect()
        };
        prop_assert_eq!(conflicts(&ab, false), conflicts(&ba, true));
        // Each holds its own ours' value meanwhile; settled the same way, they are the same project.
        prop_assert_eq!(
            without_twins(&settled(&ab.project, Side::Theirs)),
            without_twins(&settled(&ba.project, Side::Ours))
        );
        prop_assert_eq!(
            without_twins(&settled(&ab.project, Side::Ours)),
            without_twins(&settled(&ba.project, Side::Theirs))
        );
        prop_assert_eq!(ab.project.annotations().len(), ba.project.annotations().len());
    }

    #[test]
    fn the_result_reloads_from_its_text_and_is_deterministic(scenario in scenario()) {
        let (base, ours, theirs) = projects(&scenario);
        let first = merged(&base, &ours, &theirs).project;
        let text = project_file::to_ron(&first);
        let again = project_file::to_ron(&merged(&base, &ours, &theirs).project);
        prop_assert!(text == again, "two merges wrote different bytes");
        let loaded = project_file::from_ron(&text, Path::new("merged.ron"))
            .map_err(|e| TestCaseError::fail(format!("the merged file does not load: {e}\n{text}")))?;
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        prop_assert_eq!(view(&loaded.project), view(&first));
        prop_assert_eq!(loaded.project.conflicts(), first.conflicts());
        prop_assert!(project_file::to_ron(&loaded.project) == text, "saving the reloaded project changed it");
        for link in first.links() {
            prop_assert!(first.annotation(&link.from).is_some(), "dangling link {}", link.id);
            prop_assert!(first.annotation(&link.to).is_some(), "dangling link {}", link.id);
        }
        for annotation in first.annotations() {
            prop_assert!(first.document(&annotation.document).is_some());
            prop_assert!(first.label(&annotation.label).is_some(), "{} has a removed label", annotation.id);
        }
        // Two-way, without the base, also gives a valid project.
        let two_way = merge(None, &ours, &theirs, MergeOptions { unrelated: true }).expect("a union at worst");
        let text = project_file::to_ron(&two_way.project);
        let loaded = project_file::from_ron(&text, Path::new("two-way.ron"))
            .map_err(|e| TestCaseError::fail(format!("the two-way merge does not load: {e}")))?;
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }
}
