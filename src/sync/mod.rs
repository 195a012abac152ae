//! Sync bundles: what a commune carries to the receiving unit on a USB stick, and what
//! comes back (DESIGN.md §4; the byte format is in `docs/bundle-format.md`).
//!
//! - [`manifest`]: the signed description of a bundle;
//! - [`export`]: writing a bundle (incremental or full), atomically, then reading it back;
//! - [`import`]: verify everything, then apply in one transaction: per record the greater
//!   `(hlc, origin)` wins, so any order and any repetition of the same bundles end in the
//!   same database;
//! - [`senders`]: enrolment of the installations whose bundles are accepted;
//! - [`cards`]: the receiving unit's card, and the commune's trust in it;
//! - `outgoing`: whom a bundle is sealed to, and which personal data it holds;
//! - [`sealed`]: a signed bundle encrypted to the one installation meant to read it;
//! - [`recovery`]: a commune's records back from its receiving unit, for a new laptop;
//! - [`receipt`], [`receipts`]: what the receiving unit holds of a commune, signed, and
//!   what the commune reads from it;
//! - [`refusal`]: why a bundle is refused, one variant per fault, in words.

pub mod cards;
pub mod export;
pub mod import;
pub mod manifest;
mod outgoing;
pub mod receipt;
pub mod receipts;
pub mod recovery;
pub mod refusal;
pub mod sealed;
pub mod send;
pub mod senders;
mod stage;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// One record as it travels: the sync columns that mean something elsewhere (not the
/// local `seq`) and the fields that leave the installation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireRecord {
    pub id: String,
    pub owner: String,
    pub hlc: i64,
    pub origin: String,
    pub deleted: bool,
    pub fields: Map<String, Json>,
}

/// Name of the entry holding the records of `kind`.
pub fn records_entry(kind: &str) -> String {
    format!("records/{kind}.jsonl")
}

/// Name of the entry holding an attachment.
pub fn attachment_entry(sha256: &str) -> String {
    format!("attachments/{sha256}")
}

pub const MANIFEST_ENTRY: &str = "manifest.json";
pub const SIGNATURE_ENTRY: &str = "manifest.sig";

#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod receipt_tests;
#[cfg(test)]
mod recovery_tests;
#[cfg(test)]
mod recycle_tests;
#[cfg(test)]
mod sealed_tests;
#[cfg(test)]
pub(crate) mod tests;
