//! # Sổ Tổ xung kích — the engine
//!
//! Everything the desktop window and the command line can do lives here first, with its
//! tests. Nothing in this crate knows about Tauri or argument parsing: the window
//! (`src-tauri/`) and the command line (`cli/`) are thin layers over [`Store`] and the
//! user-level actions of [`ops`], which both call.
//!
//! Map of the modules:
//! - [`text`], [`dates`], [`idnumber`], [`phone`]: Vietnamese text and value rules
//!   (NFC, search folding, collation, dd/mm/yyyy, the 12-digit ID, phone numbers);
//!   [`eligibility`]: a member's age against the law's 18–70 on a given day;
//! - [`store`]: the SQLite file, its pragmas and numbered migrations; one writer (every
//!   write an immediate transaction) and reading connections beside it;
//! - [`kinds`]: the catalogue of record kinds and their fields (one place that names
//!   every field, its type, label and sensitivity);
//! - [`records`]: validated create / update / delete of any kind, with the sync columns,
//!   the hybrid logical clock and the audit log;
//! - [`audit`]: the audit log as a hash chain: the one way entries are appended, and the
//!   walk that finds an entry changed, removed or added outside the program;
//! - [`units`]: the official administrative units (2008–2025 and 2025 sets);
//! - [`receiver`] (the receiving unit's overview across communes, drill-down, chart
//!   series) and [`report`] (the summary report as JSON and Excel);
//! - [`sync`]: signed bundles out ([`sync::export`]) and in ([`sync::import`], in stages);
//! - [`dashboard`]: the commune's dashboard (counts, rules at a glance, next steps);
//! - [`search`], [`compliance`], [`digest`], [`backup`], [`keys`], [`demo`]: the features
//!   built on top;
//! - [`vault`] (the installation's seed, kept outside the database: a file only the user
//!   can read, sealed with DPAPI on Windows) and [`recovery`] (the recovery code printed
//!   at setup, which brings the keys back and opens the USB backups);
//! - `atomic_file`: every file the program writes for the user goes to a temporary
//!   file, is flushed and renamed into place; stale temporary files of ours are removed;
//! - [`ops`]: the user-level actions both front ends call (import files and folders,
//!   export to a path, the demo, documents, reports and backups written to a path);
//! - [`documents`]: the founding decision, member list and regulation in the ND30 format
//!   (`.docx` and an HTML print view).

mod atomic_file;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod bundle;
pub mod compliance;
pub mod dashboard;
pub mod dates;
pub mod demo;
pub mod digest;
pub mod documents;
pub mod dossier;
pub mod eligibility;
pub mod error;
pub mod hlc;
pub mod idnumber;
pub mod import;
pub mod installation;
pub mod keys;
pub mod kinds;
pub mod lists;
pub mod ops;
pub mod phone;
pub mod programmes;
pub mod receiver;
pub mod records;
pub mod recovery;
pub mod report;
pub mod scans;
pub mod search;
pub mod settings;
pub mod store;
pub mod sync;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod units;
pub mod vault;

pub use error::{Error, Result};
pub use store::Store;
