//! The user-level actions, each one function that both front ends call.
//!
//! The command line (`cli/`) and the window (`src-tauri/`) are translations: arguments
//! or a page's call in, one of these functions, a table, JSON or an answer out. Whatever
//! an action does beyond a single store call — which files of a folder are bundles, what
//! a file is named when only a folder is given, preparing the overview after an import,
//! setting an empty installation up before a demo — is decided here, once, so the two
//! front ends cannot drift apart (issue 10: the CLI's folder import once kept macOS's
//! `._x.zip` files and passed an empty folder silently while the window did neither).
//!
//! - [`bundles`]: import files and folders, export to a file or a folder;
//! - [`cards`]: the receiving unit's card out, a commune's trust in it;
//! - [`receipts`]: a receipt saved alone, and what the newest one says to a commune;
//! - [`setup`]: set an installation up, fill a demo commune;
//! - [`files`]: documents, reports and backups written to a path, with the one naming
//!   rule for each.
//!
//! Long actions report how far they are through a [`Progress`] callback: the window
//! turns it into its `progress` event, the command line into a line on a terminal.

pub mod bundles;
pub mod cards;
pub mod files;
pub mod receipts;
pub mod setup;

use serde::Serialize;

/// How far a long action is: `done` of `total` steps of `task`, with a line for people.
///
/// Tasks: `import` (bundles of a batch), `import-bundle` (records of the current
/// bundle), `export`, `demo`, `backup`, `restore`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub task: &'static str,
    pub done: usize,
    pub total: usize,
    pub label: String,
}

impl Progress {
    pub fn new(task: &'static str, done: usize, total: usize, label: impl Into<String>) -> Self {
        Progress {
            task,
            done,
            total,
            label: label.into(),
        }
    }
}

/// A progress callback for callers that show none.
pub fn no_progress(_: Progress) {}

/// Today on this computer's calendar: the day an action is dated when the caller names
/// none.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
