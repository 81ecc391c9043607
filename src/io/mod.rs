//! Everything that touches bytes on disk: the project file, document import and the exchange formats.

pub mod child;
pub mod formats;
pub mod import;
pub mod parallel_ron;
pub mod project_file;
pub mod recovery;
pub mod scorer;
pub mod untrusted;
