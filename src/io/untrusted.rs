//! Entry points that take untrusted bytes, one per parser: the project loader, each document
//! importer, each annotation import format, and the merge. The fuzz targets in `fuzz/` call these,
//! and `tests/fuzz_regressions.rs` runs the inputs that once broke them through the same functions.
//!
//! Each returns `Err` with the message a user would see for input the parser refuses, and panics
//! only where a promise of the library is broken: a loaded or merged project that does not save
//! and load back to the same bytes, or an import whose edit does not apply. A panic is a bug.

use std::path::{Path, PathBuf};

use crate::io::formats::{self, ImportFormat, ImportOptions};
use crate::io::import::{self, Format};
use crate::io::project_file;
use crate::model::merge::{MergeOptions, merge};
use crate::model::{Document, Project};

/// Loads `bytes` as a project file; a project that loads must save and load back unchanged.
pub fn load_project(bytes: &[u8]) -> Result<(), String> {
    let project = parse_project(bytes)?;
    check_round_trip(&project, "loaded");
    Ok(())
}

/// Imports `bytes` as a document of `format`, in this process (as the child process does).
pub fn import_document(format: Format, bytes: &[u8]) -> Result<Document, String> {
    let name = format!("input.{}", format.name());
    import::import_bytes_as(bytes, Path::new(&name), None, Some(format)).map_err(|e| e.to_string())
}

/// Imports `bytes` as an annotation file of `format` into a small project with one document (the
/// target of `--doc`), through the same path as `marginalia import`; the edit must apply, and the
/// result must save and load back.
///
/// For brat, a NUL byte splits the input into the `.txt` beside the `.ann` and the `.ann` itself;
/// without one there is only the `.ann`, placed on the project's document.
pub fn import_annotations(format: ImportFormat, bytes: &[u8]) -> Result<(), String> {
    let project = annotation_target();
    let folder = scratch_folder().map_err(|e| e.to_string())?;
    let path = match format {
        ImportFormat::Brat => {
            let ann = folder.join("input.ann");
            let txt = folder.join("input.txt");
            match bytes.iter().position(|&b| b == 0) {
                Some(split) => {
                    write(&txt, &bytes[..split])?;
                    write(&ann, &bytes[split + 1..])?;
                }
                None => {
                    let _ = std::fs::remove_file(&txt);
                    write(&ann, bytes)?;
                }
            }
            ann
        }
        ImportFormat::Jsonl => {
            let path = folder.join("input.jsonl");
            write(&path, bytes)?;
            path
        }
        _ => {
            let path = folder.join("input.json");
            write(&path, bytes)?;
            path
        }
    };
    let options = ImportOptions {
        doc: Some(project.documents()[0].id.clone()),
        ..ImportOptions::default()
    };
    let outcome = formats::import(&project, format, &path, &options).map_err(|e| e.to_string())?;
    if let Some(edit) = outcome.edit {
        let mut imported = project.clone();
        if let Err(error) = edit.apply(&mut imported) {
            panic!(
                "the edit of an accepted {} import does not apply: {error}",
                format.name()
            );
        }
        check_round_trip(&imported, "imported");
    }
    Ok(())
}

/// Merges the projects in `bytes`, separated by NUL bytes: `OURS\0THEIRS` two-way, or
/// `BASE\0OURS\0THEIRS` three-way. The merged project must save and load back.
pub fn merge_projects(bytes: &[u8]) -> Result<(), String> {
    let parts: Vec<&[u8]> = bytes.splitn(3, |&b| b == 0).collect();
    let projects = parts
        .iter()
        .map(|part| parse_project(part))
        .collect::<Result<Vec<_>, _>>()?;
    let (base, ours, theirs) = match projects.as_slice() {
        [ours, theirs] => (None, ours, theirs),
        [base, ours, theirs] => (Some(base), ours, theirs),
        _ => return Err("a merge needs two or three projects".to_owned()),
    };
    for unrelated in [false, true] {
        match merge(base, ours, theirs, MergeOptions { unrelated }) {
            Ok(merged) => check_round_trip(&merged.project, "merged"),
            Err(error) if unrelated => return Err(error.to_string()),
            Err(_) => {}
        }
    }
    Ok(())
}

fn parse_project(bytes: &[u8]) -> Result<Project, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    project_file::from_ron(text, Path::new("input.ron"))
        .map(|loaded| loaded.project)
        .map_err(|e| e.to_string())
}

/// Saving must give a file that loads, and saving that again must give the same bytes.
fn check_round_trip(project: &Project, what: &str) {
    let saved = project_file::to_ron(project);
    let reloaded = match project_file::from_ron(&saved, Path::new("saved.ron")) {
        Ok(loaded) => loaded.project,
        Err(error) => panic!("a {what} project does not load back once saved: {error}\n{saved}"),
    };
    let saved_again = project_file::to_ron(&reloaded);
    assert!(
        saved == saved_again,
        "a {what} project saves differently after loading it back:\n{saved}\n----\n{saved_again}"
    );
}

/// The project annotations are imported into: the default labels and one short document.
fn annotation_target() -> Project {
    let mut project = Project::new("fuzz");
    let document = Document::new(
        "Article",
        "La Russie et le Niger confirment leur volonté commune de rapprochement.\r\n\
         Selon le ministre, « les accords seront signés » — 😀 中文 سلام.\n\nFin.",
    );
    crate::model::Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut project)
    .expect("a new document goes into an empty project");
    project
}

/// A folder of this process's own under the temporary folder, made once.
fn scratch_folder() -> std::io::Result<PathBuf> {
    let folder = std::env::temp_dir().join(format!("marginalia-untrusted-{}", std::process::id()));
    std::fs::create_dir_all(&folder)?;
    Ok(folder)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
