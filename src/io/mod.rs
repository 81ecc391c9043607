//! Everything that touches bytes on disk: the project file and document import.

pub mod import;
pub mod project_file;
pub mod recovery;
