//! Importing bundles: verify everything, then apply in one transaction.
//!
//! Order of checks, in the order that bounds the cost: who sent the bundle before what
//! it says (each failure refuses the whole bundle, with its reason, and the database is
//! not touched):
//! 1. the file's size, then the ZIP's structure and limits ([`crate::bundle::container`]);
//! 2. the manifest, then its Ed25519 signature, then its change-counter range;
//! 3. the sender: not this installation, same unit set, allowed to send here, enrolled
//!    with this key and not revoked, or enrolled now because the officer compared this
//!    key's fingerprint. An unknown sender's bundle is refused here without one record
//!    entry having been read: its dry run shows only what the manifest says;
//! 4. every entry against the hash the manifest lists (an unlisted entry is a failure),
//!    each scan within §3.3's types and size, the record text within its bound;
//! 5. every record line's shape, parsed with the catalogue's limits (`parse`);
//! 6. ownership: a sender writes only records of its own unit, of kinds its role creates.
//!
//! Then, in one transaction, per record the version with the greater `(hlc, origin)`
//! wins (a tombstone is a version like any other), so imports are idempotent and their
//! order does not matter. A well-signed record that cannot be applied now (a reference
//! to a record not yet received, a kind, field or value from a newer version) waits in
//! quarantine, is retried on every import, and never blocks the rest. The bundle's hash
//! goes into the import log: the same file again is reported as a duplicate and changes
//! nothing. Per sender, the covered change-counter ranges are kept, so a missing bundle
//! is reported in words.
//!
//! The stages, one file each, in the order a bundle goes through them:
//! - `verify`: read the file and check it (1, 2, 4 above). It needs no database, so the
//!   batch's `pipeline` runs it on a worker thread while the previous bundle is applied,
//!   told beforehand which keys are enrolled or consented to ([`senders::Gate`]): for
//!   any other key it stops after the manifest;
//! - `parse`: every record line into compact typed values (5), inside `verify`;
//! - `sender`: who sent the bundle and whether that is allowed here (3), the decision
//!   that counts, taken on the database;
//! - `authorise`: ownership and kinds of every record (6), before anything is written;
//! - `apply`: last-writer-wins, record by record, in the bundle's savepoint; per record,
//!   a reference that crosses owners where the catalogue does not allow it, an id held
//!   by another unit, or a time stamp ahead of this laptop's clock keeps that record out
//!   (in quarantine, with its reason) and the rest of the bundle goes on;
//! - `quarantine` for what cannot be applied yet, and `gaps` for the import log and
//!   the change-counter ranges received from each sender.
//!
//! Around them: `folder` lists the bundles of a folder, `pipeline` runs a batch.

mod apply;
mod authorise;
mod folder;
mod gaps;
mod links;
mod parse;
mod pipeline;
mod quarantine;
mod sender;
mod verify;
pub(crate) use verify::read_capped;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::refusal::Refusal;
use super::senders::{self, Decision};
use crate::bundle::container::Limits;
use crate::error::Result;
use crate::installation::Installation;
use crate::keys;
use crate::Store;

pub use folder::bundles_in_folder;
pub(crate) use gaps::merge_ranges;
use pipeline::{Checks, Prepared};
pub use verify::BundleInput;
pub(crate) use verify::{verify, verify_self_consistent, MAX_SEQ};

/// Limits of the bundle container (see `container::Limits::DEFAULT` for the reasons).
pub const LIMITS: Limits = Limits::DEFAULT;
/// The manifest lists every entry; 4 MiB holds tens of thousands of attachments.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// One record per line; the longest record the catalogue allows is well under this, so
/// a 100 MB field is refused before it is parsed.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// The record text one bundle may carry (uncompressed): a commune's records are 1 to 5
/// MB, so 64 MiB is over ten times the largest real one, and it bounds what an import
/// parses and holds at once (see `docs/proofs.md`, "memory").
pub const MAX_RECORD_TEXT_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub consent: senders::EnrolConsent,
    /// Check and compute everything, then roll back.
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    Applied,
    Duplicate,
    Rejected,
}

#[derive(Debug, Clone, Serialize)]
pub struct SenderInfo {
    pub unit: String,
    pub unit_name: String,
    pub installation: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Gap {
    pub unit: String,
    pub unit_name: String,
    pub installation: String,
    pub from_seq: i64,
    pub to_seq: i64,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: PathBuf,
    pub sha256: Option<String>,
    pub status: ImportStatus,
    pub reason_code: Option<&'static str>,
    pub reason: Option<String>,
    pub sender: Option<SenderInfo>,
    pub full: Option<bool>,
    pub from_seq: Option<i64>,
    pub to_seq: Option<i64>,
    /// Records per kind as the signed manifest states them: all an officer sees of an
    /// unknown sender's bundle before deciding to enrol it (nothing else is read).
    pub declared: std::collections::BTreeMap<String, u64>,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub quarantined: u64,
    /// Records of the receiving unit that concern other communes, passed over.
    pub passed_over: u64,
    /// Records released from quarantine by this import.
    pub released: u64,
    pub enrolled: bool,
    /// Whether the bundle came sealed (encrypted to this installation); one in clear
    /// was written so on its sender's explicit choice.
    pub sealed: bool,
    /// Whether it carried the receiving unit's receipt, now kept (see
    /// [`Store::receipt_status`]).
    pub receipt: bool,
    pub dry_run: bool,
    /// Changes of this sender never received, after this import.
    pub gaps: Vec<Gap>,
}

impl ImportReport {
    fn new(file: &Path, dry_run: bool) -> ImportReport {
        ImportReport {
            file: file.to_path_buf(),
            sha256: None,
            status: ImportStatus::Rejected,
            reason_code: None,
            reason: None,
            sender: None,
            full: None,
            from_seq: None,
            to_seq: None,
            declared: Default::default(),
            inserted: 0,
            updated: 0,
            unchanged: 0,
            quarantined: 0,
            passed_over: 0,
            released: 0,
            enrolled: false,
            sealed: false,
            receipt: false,
            dry_run,
            gaps: Vec::new(),
        }
    }

    fn refuse(mut self, r: Refusal) -> ImportReport {
        self.status = ImportStatus::Rejected;
        self.reason_code = Some(r.code());
        self.reason = Some(r.to_string());
        self
    }
}

/// Where a batch import is, for a progress display: which bundle, and how far into its
/// records.
#[derive(Debug, Clone, Copy)]
pub struct ImportProgress<'a> {
    /// Bundles finished before this one (0-based index of the current bundle).
    pub bundle: usize,
    pub bundles: usize,
    pub file: &'a Path,
    /// Records of this bundle applied so far, of `records` (0 of 0 until it is checked).
    pub records_done: u64,
    pub records: u64,
}

/// How often, in records, a bundle's progress is reported while it is applied.
const PROGRESS_EVERY: u64 = 1000;

impl Store {
    /// Imports one bundle file. Problems with the bundle come back as a report with
    /// status `rejected`; an `Err` means this installation itself could not work (its
    /// database, its disk).
    pub fn import_file(&mut self, path: &Path, options: ImportOptions) -> Result<ImportReport> {
        let mut reports = self.import_files(&[path.to_path_buf()], options, |_| {})?;
        Ok(reports.remove(0))
    }

    pub fn import_bytes(
        &mut self,
        name: &Path,
        bytes: &[u8],
        options: ImportOptions,
    ) -> Result<ImportReport> {
        let input = BundleInput {
            name: name.to_path_buf(),
            bytes: Ok(bytes.to_vec()),
        };
        let mut reports = self.import_batch(vec![input].into_iter().map(Ok), &options, |_| {})?;
        Ok(reports.remove(0))
    }

    /// Imports several bundles in one transaction, each inside its own savepoint: a
    /// refused bundle is rolled back alone, the others are committed together once (one
    /// flush to disk for the batch, not one per bundle). `progress` is called before
    /// each bundle and every [`PROGRESS_EVERY`] records while one is applied.
    pub fn import_files(
        &mut self,
        paths: &[PathBuf],
        options: ImportOptions,
        progress: impl FnMut(&ImportProgress),
    ) -> Result<Vec<ImportReport>> {
        self.import_batch(
            paths.iter().map(|p| BundleInput::read(p)),
            &options,
            progress,
        )
    }
}

/// Who signed a bundle, from its manifest (the signature checked, nothing else read):
/// what an officer reads out over the phone, and what tools that enrol the senders they
/// made themselves (benchmarks, fixtures) pass as consent.
pub fn signer_of(bytes: &[u8]) -> std::result::Result<SenderInfo, Refusal> {
    let envelope = verify::read_envelope(bytes)?;
    let s = &envelope.manifest.sender;
    Ok(SenderInfo {
        unit: s.unit.clone(),
        unit_name: s.unit_name.clone(),
        installation: s.installation.clone(),
        fingerprint: keys::fingerprint(&envelope.public_key),
    })
}

/// Every check a bundle goes through before any database work, as for an admitted
/// sender: container, manifest, signature, entries, scans, records. For the proof
/// suites (fuzzing, mutation) and tools; an import does the same inside its pipeline.
pub fn check_bundle(bytes: &[u8]) -> std::result::Result<(), Refusal> {
    verify_self_consistent(bytes)
}

/// Parses one record line of `kind` (a kind this version may not know) with the
/// catalogue's limits, as an import does; `Err` says why it is refused.
pub fn check_record_line(kind: &str, line: &[u8]) -> std::result::Result<(), String> {
    parse::parse_record(crate::kinds::by_name(kind), line)
        .map(|_| ())
        .map_err(|(_, why)| why)
}

/// Verifies and applies one bundle inside the caller's savepoint. Returns the report and
/// whether its changes are to be kept.
fn import_one(
    conn: &Connection,
    inst: &Installation,
    actor: &str,
    input: Prepared,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(ImportReport, bool)> {
    let name = input.name;
    let mut report = ImportReport::new(&name, options.dry_run);
    report.sealed = input.sealed;
    let (sha256, checks) = match input.read {
        Ok(read) => read,
        Err(r) => return Ok((report.refuse(r), false)),
    };
    report.sha256 = Some(sha256.clone());
    // The same bytes were verified and applied before: nothing to read again.
    let seen: Option<(String, String, i64, i64, bool)> = conn
        .query_row(
            "SELECT sender_installation, sender_unit, from_seq, to_seq, full
             FROM import_log WHERE bundle_sha256 = ?1",
            [&sha256],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    if let Some((installation, unit, from_seq, to_seq, full)) = seen {
        let sender: Option<(String, String)> = conn
            .query_row(
                "SELECT unit_name, fingerprint FROM senders WHERE installation_id = ?1",
                [&installation],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (unit_name, fingerprint) = sender.unwrap_or_else(|| (unit.clone(), String::new()));
        report.sender = Some(SenderInfo {
            unit,
            unit_name,
            installation: installation.clone(),
            fingerprint,
        });
        report.full = Some(full);
        report.from_seq = Some(from_seq);
        report.to_seq = Some(to_seq);
        report.status = ImportStatus::Duplicate;
        report.reason = Some("Gói này đã được nhập trước đây; không có gì thay đổi.".into());
        report.gaps = gaps::gaps_in(conn, &installation)?;
        return Ok((report, false));
    }
    let checked = match checks {
        Checks::Done(result) => *result,
        // Known when the batch began, so normally reported as a duplicate above. The
        // sender is decided below, on this thread: read the envelope only.
        Checks::Skipped(bytes) => verify(bytes, |_, _| false),
    };
    let mut verified = match checked {
        Ok(v) => v,
        Err(r) => return Ok((report.refuse(r), false)),
    };
    let m = &verified.manifest;
    report.sender = Some(SenderInfo {
        unit: m.sender.unit.clone(),
        unit_name: m.sender.unit_name.clone(),
        installation: m.sender.installation.clone(),
        fingerprint: keys::fingerprint(&verified.public_key),
    });
    report.full = Some(m.is_full());
    report.from_seq = Some(m.from_seq);
    report.to_seq = Some(m.to_seq);
    report.declared = m.counts.clone();
    let decision = match sender::check(conn, inst, &verified, &options.consent)? {
        Ok(d) => d,
        Err(r) => return Ok((report.refuse(r), false)),
    };
    // Only now, the sender accepted, is anything past the manifest read (normally it
    // was, ahead, on the pipeline's thread).
    if let Err(r) = verified.body() {
        return Ok((report.refuse(r), false));
    }
    let m = &verified.manifest;
    if let Err(r) = authorise::check_owners(&verified, inst) {
        return Ok((report.refuse(r), false));
    }
    let receipt = verified.body.as_ref().and_then(|b| b.receipt.clone());
    if let Some(r) = &receipt {
        if let Err(r) = crate::sync::receipts::check_here(inst, r) {
            return Ok((report.refuse(r), false));
        }
    }
    match apply::apply(conn, inst, &verified, &sha256, &mut report, progress) {
        Err(apply::ApplyError::Refused(r)) => return Ok((report.refuse(r), false)),
        Err(apply::ApplyError::Store(e)) => return Err(e),
        Ok(()) => {}
    }
    if matches!(decision, Decision::Enrol) {
        senders::enrol(conn, &m.sender, &verified.public_key, actor)?;
        report.enrolled = true;
    }
    senders::remember_encryption_key(conn, &m.sender)?;
    let file_name = name
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    gaps::log_import(conn, m, &sha256, &file_name, actor, &report)?;
    if let Some(r) = &receipt {
        crate::sync::receipts::keep(conn, inst, r, &sha256, actor)?;
        report.receipt = true;
    }
    report.gaps = gaps::gaps_in(conn, &m.sender.installation)?;
    report.status = ImportStatus::Applied;
    Ok((report, true))
}

impl Store {
    /// Gaps of every sender, for the receiving unit's overview.
    pub fn gaps(&self) -> Result<Vec<Gap>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT sender_installation FROM received_ranges")?;
        let senders: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for s in senders {
            out.extend(self.gaps_of(&s)?);
        }
        Ok(out)
    }

    fn gaps_of(&self, installation: &str) -> Result<Vec<Gap>> {
        gaps::gaps_in(self.conn(), installation)
    }

    /// Records waiting in quarantine, with their reasons.
    pub fn quarantine(&self) -> Result<Vec<QuarantinedRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT kind, record_id, reason_code, reason, received_at FROM quarantine ORDER BY received_at, kind, record_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QuarantinedRecord {
                kind: r.get(0)?,
                record_id: r.get(1)?,
                reason_code: r.get(2)?,
                reason: r.get(3)?,
                received_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarantinedRecord {
    pub kind: String,
    pub record_id: String,
    pub reason_code: String,
    pub reason: String,
    pub received_at: String,
}
