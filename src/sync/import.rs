//! Importing bundles: verify everything, then apply in one transaction.
//!
//! Order of checks (each failure refuses the whole bundle, with its reason, and the
//! database is not touched):
//! 1. the file's size, then the ZIP's structure and limits ([`container`]);
//! 2. the manifest, then its Ed25519 signature, before any other entry is read;
//! 3. every entry against the hash the manifest lists (an unlisted entry is a failure);
//! 4. every record line's shape (size, JSON, ids);
//! 5. the sender: not this installation, same unit set, allowed to send here, enrolled
//!    with this key (or enrolled now with the officer's consent);
//! 6. ownership: a sender writes only records of its own unit.
//!
//! Then, in one transaction, per record the version with the greater `(hlc, origin)`
//! wins (a tombstone is a version like any other), so imports are idempotent and their
//! order does not matter. A well-signed record that cannot be applied now (a reference
//! to a record not yet received, a kind, field or value from a newer version) waits in
//! quarantine, is retried on every import, and never blocks the rest. The bundle's hash
//! goes into the import log: the same file again is reported as a duplicate and changes
//! nothing. Per sender, the covered change-counter ranges are kept, so a missing bundle
//! is reported in words.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::manifest::{Manifest, FORMAT, FORMAT_VERSION};
use super::refusal::Refusal;
use super::senders::{self, Decision, EnrolConsent};
use super::{WireRecord, MANIFEST_ENTRY, SIGNATURE_ENTRY};
use crate::bundle::container::{self, Limits};
use crate::error::{Error, Result};
use crate::installation::{Installation, Role};
use crate::keys;
use crate::kinds::{self, FieldType, Kind};
use crate::records::convert;
use crate::records::rules::Row;
use crate::units::{self, UnitSet};
use crate::Store;

/// Limits of the bundle container (see `container::Limits::DEFAULT` for the reasons).
pub const LIMITS: Limits = Limits::DEFAULT;
/// The manifest lists every entry; 4 MiB holds tens of thousands of attachments.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// One record per line; the longest record the catalogue allows is well under this, so
/// a 100 MB field is refused before it is parsed.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    pub consent: EnrolConsent,
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
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub quarantined: u64,
    /// Records of the receiving unit that concern other communes, passed over.
    pub passed_over: u64,
    /// Records released from quarantine by this import.
    pub released: u64,
    pub enrolled: bool,
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
            inserted: 0,
            updated: 0,
            unchanged: 0,
            quarantined: 0,
            passed_over: 0,
            released: 0,
            enrolled: false,
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

/// A bundle whose signature and hashes have been checked.
pub(crate) struct Verified {
    pub manifest: Manifest,
    pub public_key: [u8; 32],
    /// Records per kind name, in the order of the entries.
    pub records: Vec<(String, Vec<Incoming>)>,
    pub attachments: HashMap<String, Vec<u8>>,
}

/// One record line: parsed into the wire shape, or kept as JSON when its kind is
/// unknown to this version.
pub(crate) struct Incoming {
    pub wire: WireRecord,
}

/// Checks a bundle's structure, signature and hashes, and parses its records: no
/// database needed.
pub(crate) fn verify(bytes: &[u8]) -> std::result::Result<Verified, Refusal> {
    let index = container::read_index(bytes, &LIMITS)?;
    let find = |name: &str| index.get(name);
    let manifest_entry =
        find(MANIFEST_ENTRY).ok_or_else(|| Refusal::MissingEntry(MANIFEST_ENTRY.into()))?;
    if manifest_entry.uncompressed_size > MAX_MANIFEST_BYTES {
        return Err(Refusal::BadManifest(format!(
            "lớn {} byte, quá giới hạn {MAX_MANIFEST_BYTES}",
            manifest_entry.uncompressed_size
        )));
    }
    let manifest_bytes = container::read_entry(bytes, manifest_entry, &LIMITS)?;
    let signature_entry =
        find(SIGNATURE_ENTRY).ok_or_else(|| Refusal::MissingEntry(SIGNATURE_ENTRY.into()))?;
    if signature_entry.uncompressed_size != 64 {
        return Err(Refusal::BadSignature);
    }
    let signature = container::read_entry(bytes, signature_entry, &LIMITS)?;
    // Only the fields needed to find the key are trusted before the signature check,
    // and only to find the key.
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| Refusal::BadManifest(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(Refusal::BadManifest(format!(
            "định dạng \"{}\"",
            manifest.format
        )));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(Refusal::NewerFormat {
            found: manifest.format_version,
        });
    }
    let public_key: [u8; 32] = hex::decode(&manifest.sender.public_key)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or(Refusal::BadSignature)?;
    let key = VerifyingKey::from_bytes(&public_key).map_err(|_| Refusal::BadSignature)?;
    let signature = Signature::from_slice(&signature).map_err(|_| Refusal::BadSignature)?;
    key.verify_strict(&manifest_bytes, &signature)
        .map_err(|_| Refusal::BadSignature)?;

    // Every other entry must be listed, and match its listed hash and size.
    for entry in index.entries() {
        if entry.name != MANIFEST_ENTRY
            && entry.name != SIGNATURE_ENTRY
            && !manifest.entries.contains_key(&entry.name)
        {
            return Err(Refusal::UnlistedEntry {
                entry: entry.name.clone(),
            });
        }
    }
    let mut records = Vec::new();
    let mut attachments = HashMap::new();
    for (name, info) in &manifest.entries {
        let entry = find(name).ok_or_else(|| Refusal::MissingEntry(name.clone()))?;
        if entry.uncompressed_size != info.size {
            return Err(Refusal::HashMismatch {
                entry: name.clone(),
            });
        }
        let data = container::read_entry(bytes, entry, &LIMITS)?;
        if hex::encode(Sha256::digest(&data)) != info.sha256 {
            return Err(Refusal::HashMismatch {
                entry: name.clone(),
            });
        }
        if let Some(kind) = name
            .strip_prefix("records/")
            .and_then(|n| n.strip_suffix(".jsonl"))
        {
            records.push((kind.to_string(), parse_lines(name, &data)?));
        } else if let Some(sha) = name.strip_prefix("attachments/") {
            // Content-addressed: the name is the hash of the bytes.
            if sha != info.sha256 {
                return Err(Refusal::HashMismatch {
                    entry: name.clone(),
                });
            }
            attachments.insert(sha.to_string(), data);
        }
        // Other entries (a later version's additions) are signed and harmless: ignored.
    }
    for (kind, lines) in &records {
        if manifest.counts.get(kind).copied().unwrap_or(0) != lines.len() as u64 {
            return Err(Refusal::BadManifest(format!(
                "số bản ghi {kind} ghi trong phần mô tả khác số bản ghi thực có"
            )));
        }
    }
    Ok(Verified {
        manifest,
        public_key,
        records,
        attachments,
    })
}

/// Used by export to check the file it just wrote.
pub(crate) fn verify_self_consistent(bytes: &[u8]) -> std::result::Result<(), Refusal> {
    verify(bytes).map(|_| ())
}

fn parse_lines(entry: &str, data: &[u8]) -> std::result::Result<Vec<Incoming>, Refusal> {
    let bad = |id: &str, what: String| Refusal::BadRecord {
        entry: entry.to_string(),
        id: id.to_string(),
        what,
    };
    let mut out = Vec::new();
    for (n, line) in data.split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let at = format!("dòng {}", n + 1);
        if line.len() > MAX_LINE_BYTES {
            return Err(bad(
                &at,
                format!("dài {} byte, quá giới hạn {MAX_LINE_BYTES}", line.len()),
            ));
        }
        let wire: WireRecord = serde_json::from_slice(line).map_err(|e| bad(&at, e.to_string()))?;
        // Ids in their one canonical form (lower-case, hyphenated), so the same record
        // can never arrive under two spellings.
        if uuid::Uuid::parse_str(&wire.id).map(|u| u.hyphenated().to_string())
            != Ok(wire.id.clone())
        {
            return Err(bad(&at, "mã bản ghi không hợp lệ".into()));
        }
        if wire.origin.is_empty()
            || wire.origin.len() > 64
            || wire.owner.is_empty()
            || wire.owner.len() > 16
        {
            return Err(bad(&wire.id, "thiếu nguồn hoặc đơn vị sở hữu".into()));
        }
        if wire.hlc <= 0 {
            return Err(bad(&wire.id, "đồng hồ phiên bản không hợp lệ".into()));
        }
        out.push(Incoming { wire });
    }
    Ok(out)
}

/// What happened to one record.
enum Outcome {
    Inserted,
    Updated,
    Unchanged,
    /// Concerns another unit (see `Clock::pass_over_foreign`).
    NotForUs,
    Quarantined {
        code: &'static str,
        reason: String,
    },
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

/// A bundle to import: where it came from, and its bytes (or why they could not be read).
pub struct BundleInput {
    pub name: PathBuf,
    pub bytes: std::result::Result<Vec<u8>, Refusal>,
}

impl BundleInput {
    /// Reads a file under the size cap (never more than the cap plus one byte).
    pub fn read(path: &Path) -> Result<BundleInput> {
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .len();
        let bytes = if size > LIMITS.max_file_bytes {
            Err(Refusal::FileTooLarge {
                bytes: size,
                max: LIMITS.max_file_bytes,
            })
        } else {
            Ok(read_capped(path, LIMITS.max_file_bytes)?)
        };
        Ok(BundleInput {
            name: path.to_path_buf(),
            bytes,
        })
    }
}

/// The bundle files directly in a folder (a USB stick's or a shared folder's), as the
/// officer imports "everything on this stick": names ending in `.zip` in any case, not
/// in subfolders, in name order (Vietnamese-aware, so the communes come in a
/// predictable order). Hidden files (`.`-prefixed, e.g. macOS's `._x.zip`) are left out.
/// A folder without any is an error that says so.
pub fn bundles_in_folder(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_zip = Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_zip && is_file && !name.starts_with('.') {
            found.push((crate::text::sort_key(&name), entry.path()));
        }
    }
    if found.is_empty() {
        return Err(Error::NoBundlesInFolder {
            path: folder.to_path_buf(),
        });
    }
    found.sort();
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

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
        let mut reports = self.import_batch(vec![input].into_iter().map(Ok), options, |_| {})?;
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
            options,
            progress,
        )
    }

    /// The batch runs as a two-stage pipeline: a worker thread reads, hashes and
    /// verifies the next bundle (ZIP, signature, hashes, JSON: no database) while this
    /// thread applies the current one, so on a laptop's second core the checks cost
    /// no wall time. At most one verified bundle waits in the channel, so memory stays
    /// within a few bundles whatever the batch's size. Bundles whose hash is already in
    /// the import log are not verified again (they will be reported as duplicates).
    fn import_batch(
        &mut self,
        inputs: impl ExactSizeIterator<Item = Result<BundleInput>> + Send,
        options: ImportOptions,
        mut progress: impl FnMut(&ImportProgress),
    ) -> Result<Vec<ImportReport>> {
        let inst = self.installation()?;
        let actor = self.actor().to_string();
        let total = inputs.len();
        let mut tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let known: std::collections::HashSet<String> = tx
            .prepare("SELECT bundle_sha256 FROM import_log")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let reports = std::thread::scope(|scope| -> Result<Vec<ImportReport>> {
            let (sender, prepared) = std::sync::mpsc::sync_channel::<Result<Prepared>>(1);
            scope.spawn(move || {
                for input in inputs {
                    let item = input.map(|input| Prepared::new(input, &known));
                    // The receiver stops listening on a store error: stop too.
                    if sender.send(item).is_err() {
                        break;
                    }
                }
            });
            let mut reports = Vec::with_capacity(total);
            for (i, item) in prepared.into_iter().enumerate() {
                let item = item?;
                let name = item.name.clone();
                let mut records_progress = |records_done: u64, records: u64| {
                    progress(&ImportProgress {
                        bundle: i,
                        bundles: total,
                        file: &name,
                        records_done,
                        records,
                    })
                };
                records_progress(0, 0);
                let mut sp = tx.savepoint()?;
                sp.set_drop_behavior(rusqlite::DropBehavior::Rollback);
                let (report, keep) =
                    import_one(&sp, &inst, &actor, item, options, &mut records_progress)?;
                if keep && !options.dry_run {
                    sp.commit()?;
                } else {
                    sp.finish()?; // rolls back (a savepoint dropped uncommitted rolls back)
                }
                reports.push(report);
            }
            Ok(reports)
        })?;
        tx.commit()?;
        Ok(reports)
    }
}

/// A bundle read, hashed and (unless already imported) verified: the part of an import
/// that needs no database, done ahead on the pipeline's worker thread.
struct Prepared {
    name: PathBuf,
    /// The file's SHA-256 and its checks, or why it could not be read.
    read: std::result::Result<(String, Checks), Refusal>,
}

enum Checks {
    /// Boxed: it travels through the pipeline's channel, which then moves a pointer.
    Done(Box<std::result::Result<Verified, Refusal>>),
    /// The hash was in the import log when the batch began (a duplicate): the bytes are
    /// kept unchecked, in case the log says otherwise by the time it is applied.
    Skipped(Vec<u8>),
}

impl Prepared {
    fn new(input: BundleInput, known: &std::collections::HashSet<String>) -> Prepared {
        let read = input.bytes.map(|bytes| {
            let sha256 = hex::encode(Sha256::digest(&bytes));
            let checks = if known.contains(&sha256) {
                Checks::Skipped(bytes)
            } else {
                Checks::Done(Box::new(verify(&bytes)))
            };
            (sha256, checks)
        });
        Prepared {
            name: input.name,
            read,
        }
    }
}

/// Verifies and applies one bundle inside the caller's savepoint. Returns the report and
/// whether its changes are to be kept.
fn import_one(
    conn: &Connection,
    inst: &Installation,
    actor: &str,
    input: Prepared,
    options: ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(ImportReport, bool)> {
    let name = input.name;
    let mut report = ImportReport::new(&name, options.dry_run);
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
        report.gaps = gaps_in(conn, &installation)?;
        return Ok((report, false));
    }
    let checked = match checks {
        Checks::Done(result) => *result,
        // Known when the batch began, so normally reported as a duplicate above.
        Checks::Skipped(bytes) => verify(&bytes),
    };
    let verified = match checked {
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
    if let Err(r) = check_sender(conn, inst, m) {
        return Ok((report.refuse(r), false));
    }
    let decision = match senders::decide(conn, &m.sender, &verified.public_key, options.consent)? {
        Ok(d) => d,
        Err(r) => return Ok((report.refuse(r), false)),
    };
    match apply(conn, inst.role, &verified, &sha256, &mut report, progress) {
        Err(ApplyError::Refused(r)) => return Ok((report.refuse(r), false)),
        Err(ApplyError::Store(e)) => return Err(e),
        Ok(()) => {}
    }
    if matches!(decision, Decision::Enrol) {
        senders::enrol(conn, &m.sender, &verified.public_key, actor)?;
        report.enrolled = true;
    }
    let file_name = name
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    log_import(conn, m, &sha256, &file_name, actor, &report)?;
    report.gaps = gaps_in(conn, &m.sender.installation)?;
    report.status = ImportStatus::Applied;
    Ok((report, true))
}

/// Who may send to whom: a commune to the receiving unit above it, the receiving unit to
/// its communes, and installations of the same unit to each other.
fn check_sender(
    conn: &Connection,
    inst: &Installation,
    m: &Manifest,
) -> std::result::Result<(), Refusal> {
    let s = &m.sender;
    if s.installation == inst.installation_id {
        return Err(Refusal::OwnBundle);
    }
    if s.unit_set != inst.unit_set.as_str() {
        return Err(Refusal::UnitSetMismatch {
            ours: inst.unit_set.as_str().into(),
            theirs: s.unit_set.clone(),
        });
    }
    let not_allowed = || Refusal::SenderNotAllowed {
        unit: s.unit.clone(),
        unit_name: s.unit_name.clone(),
    };
    if s.unit == inst.unit_code {
        return if s.role == inst.role.as_str() {
            Ok(())
        } else {
            Err(not_allowed())
        };
    }
    let set = UnitSet::parse(&s.unit_set).ok_or_else(not_allowed)?;
    let ancestors = |code: &str| -> Vec<String> {
        units::path(conn, set, code)
            .map(|p| p.into_iter().skip(1).map(|u| u.code).collect())
            .unwrap_or_default()
    };
    let ok = match (inst.role, s.role.as_str()) {
        (Role::District, "commune") => ancestors(&s.unit).contains(&inst.unit_code),
        (Role::Commune, "district") => ancestors(&inst.unit_code).contains(&s.unit),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(not_allowed())
    }
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
        gaps_in(self.conn(), installation)
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

fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

enum ApplyError {
    Refused(Refusal),
    Store(Error),
}

impl From<Error> for ApplyError {
    fn from(e: Error) -> Self {
        ApplyError::Store(e)
    }
}

impl From<rusqlite::Error> for ApplyError {
    fn from(e: rusqlite::Error) -> Self {
        ApplyError::Store(e.into())
    }
}

/// The local clock and counter, advanced as records are applied, and what this
/// transaction already knows (so the hot path asks the database less).
struct Clock {
    hlc_last: i64,
    seq_last: i64,
    /// Ids applied in this transaction: a reference to one of them needs no lookup.
    applied: std::collections::HashSet<String>,
    /// Whether anything may be waiting in quarantine (else there is nothing to clear).
    quarantine_used: bool,
    /// A commune receiving its receiving unit's bundle: a record that names a record
    /// this commune does not hold concerns another commune (the district sends all its
    /// inspections to every commune), so it is passed over rather than kept waiting.
    pass_over_foreign: bool,
    /// Statement texts by (kind, fields present as a bit mask, update or insert, staged).
    sql: HashMap<(&'static str, u64, bool, bool), String>,
    /// New rows of full-text-indexed tables wait here (see [`super::stage`]).
    stage: super::stage::Stage,
}

fn apply(
    tx: &Connection,
    receiver_role: Role,
    v: &Verified,
    bundle_sha: &str,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(u64, u64),
) -> std::result::Result<(), ApplyError> {
    let (hlc_last, seq_last) = tx.query_row(
        "SELECT hlc_last, seq_last FROM installation WHERE singleton = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let quarantine_used: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM quarantine)", [], |r| r.get(0))?;
    let mut clock = Clock {
        hlc_last,
        seq_last,
        applied: Default::default(),
        quarantine_used,
        pass_over_foreign: receiver_role == Role::Commune && v.manifest.sender.role == "district",
        sql: HashMap::new(),
        // Only searchable kinds can have a full-text index.
        stage: super::stage::Stage::new(
            tx,
            &kinds::ALL
                .iter()
                .filter(|k| k.searchable)
                .map(|k| k.table)
                .collect::<Vec<_>>(),
        )?,
    };
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let sender_unit = &v.manifest.sender.unit;
    let by_kind: HashMap<&str, &Vec<Incoming>> =
        v.records.iter().map(|(k, r)| (k.as_str(), r)).collect();

    // Ownership first, over every record, so a bundle that writes for another unit is
    // refused before anything is applied.
    for (_, records) in &v.records {
        for r in records {
            if &r.wire.owner != sender_unit {
                return Err(ApplyError::Refused(Refusal::NotOwner {
                    id: r.wire.id.clone(),
                    owner: r.wire.owner.clone(),
                    sender: sender_unit.clone(),
                }));
            }
        }
    }
    // The bundle's files first, whatever their records' fate: content-addressed, so a
    // quarantined record finds its scan when it is released.
    for (sha, data) in &v.attachments {
        crate::attachments::insert_received(tx, sha, data)?;
    }
    let records_total: u64 = v.records.iter().map(|(_, r)| r.len() as u64).sum();
    let mut records_done = 0u64;
    progress(0, records_total);
    // Known kinds, parents first; a kind's staged rows are in place before its children.
    clock.stage.active = true;
    for kind in kinds::ALL {
        clock.stage.flush(tx)?;
        let Some(records) = by_kind.get(kind.name) else {
            continue;
        };
        for r in records.iter() {
            records_done += 1;
            if records_done % PROGRESS_EVERY == 0 {
                progress(records_done, records_total);
            }
            match apply_record(tx, kind, &r.wire, &mut clock)? {
                Outcome::Inserted => report.inserted += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::NotForUs => report.passed_over += 1,
                Outcome::Quarantined { code, reason } => {
                    clock.quarantine_used = true;
                    quarantine(tx, kind.name, &r.wire, code, &reason, bundle_sha, &now)?;
                    report.quarantined += 1;
                }
            }
        }
    }
    clock.stage.flush(tx)?;
    clock.stage.active = false;
    // Kinds this version does not know wait for an upgrade.
    for (kind_name, records) in &v.records {
        if kinds::by_name(kind_name).is_none() {
            for r in records {
                let reason = format!(
                    "loại hồ sơ \"{kind_name}\" của phiên bản mới hơn; hãy cài phiên bản mới nhất, hồ sơ sẽ được nhập tự động"
                );
                quarantine(
                    tx,
                    kind_name,
                    &r.wire,
                    "newer_kind",
                    &reason,
                    bundle_sha,
                    &now,
                )?;
                report.quarantined += 1;
            }
        }
    }
    report.released = retry_quarantine(tx, &mut clock)?;
    progress(records_total, records_total);
    tx.execute(
        "UPDATE installation SET hlc_last = ?1, seq_last = ?2 WHERE singleton = 1",
        params![clock.hlc_last, clock.seq_last],
    )?;
    Ok(())
}

/// Applies one record by last-writer-wins, or says why it must wait.
fn apply_record(
    tx: &Connection,
    kind: &'static Kind,
    wire: &WireRecord,
    clock: &mut Clock,
) -> std::result::Result<Outcome, ApplyError> {
    // A second version of a record staged in this bundle: the first must be in place.
    if clock.stage.holds(&wire.id) {
        clock.stage.flush(tx)?;
    }
    let existing: Option<(String, i64, String)> = tx
        .prepare_cached(&format!(
            "SELECT owner, hlc, origin FROM {} WHERE id = ?1",
            kind.table
        ))?
        .query_row([&wire.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((owner, hlc, origin)) = &existing {
        if owner != &wire.owner {
            return Err(ApplyError::Refused(Refusal::NotOwner {
                id: wire.id.clone(),
                owner: owner.clone(),
                sender: wire.owner.clone(),
            }));
        }
        if (wire.hlc, wire.origin.as_str()) <= (*hlc, origin.as_str()) {
            return Ok(Outcome::Unchanged);
        }
    }
    // Convert and check the fields it carries.
    let mut values: Vec<(&'static str, Sql)> = Vec::with_capacity(wire.fields.len());
    for (name, value) in &wire.fields {
        let Some(field) = kind.field(name) else {
            return Ok(Outcome::Quarantined {
                code: "newer_field",
                reason: format!(
                    "trường \"{name}\" của phiên bản mới hơn; hãy cài phiên bản mới nhất"
                ),
            });
        };
        let sql = match convert::to_sql(field, value) {
            Ok(v) => v,
            Err(message) => {
                return Ok(Outcome::Quarantined {
                    code: "bad_value",
                    reason: format!("{}: {message}", field.label),
                })
            }
        };
        if let Sql::Text(target) = &sql {
            match field.ty {
                FieldType::Ref(_) if clock.applied.contains(target.as_str()) => {}
                FieldType::Ref(target_kind) => {
                    let target_kind = kinds::by_name(target_kind).expect("catalogue kind");
                    let found: Option<i64> = tx
                        .prepare_cached(&format!(
                            "SELECT 1 FROM {} WHERE id = ?1",
                            target_kind.table
                        ))?
                        .query_row([target], |r| r.get(0))
                        .optional()?;
                    if found.is_none() && clock.pass_over_foreign {
                        return Ok(Outcome::NotForUs);
                    }
                    if found.is_none() {
                        return Ok(Outcome::Quarantined {
                            code: "missing_reference",
                            reason: format!("chờ {} {target} (chưa nhận được)", target_kind.label),
                        });
                    }
                }
                FieldType::Attachment => {
                    // The bundle's files were stored before any record (see `apply`).
                    let have: Option<i64> = tx
                        .prepare_cached("SELECT 1 FROM attachments WHERE sha256 = ?1")?
                        .query_row([target], |r| r.get(0))
                        .optional()?;
                    if have.is_none() {
                        return Ok(Outcome::Quarantined {
                            code: "missing_attachment",
                            reason: format!("chờ tệp đính kèm {target} (chưa nhận được)"),
                        });
                    }
                }
                _ => {}
            }
        }
        values.push((field.name, sql));
    }
    if !wire.deleted && existing.is_none() {
        for field in kind.fields.iter().filter(|f| f.required) {
            if !values
                .iter()
                .any(|(n, v)| *n == field.name && !matches!(v, Sql::Null))
            {
                return Ok(Outcome::Quarantined {
                    code: "bad_value",
                    reason: format!("{}: thiếu giá trị bắt buộc", field.label),
                });
            }
        }
    }
    clock.seq_last += 1;
    clock.hlc_last = clock.hlc_last.max(wire.hlc);
    let mut columns: Vec<&str> = vec!["id", "owner", "hlc", "origin", "seq", "deleted"];
    let mut args: Vec<Sql> = vec![
        Sql::Text(wire.id.clone()),
        Sql::Text(wire.owner.clone()),
        Sql::Integer(wire.hlc),
        Sql::Text(wire.origin.clone()),
        Sql::Integer(clock.seq_last),
        Sql::Integer(wire.deleted as i64),
    ];
    for (name, value) in &values {
        columns.push(name);
        args.push(value.clone());
    }
    if kind.searchable {
        // The search columns come from the whole record: what arrived over what is held.
        let mut row = if existing.is_some() {
            load_row(tx, kind, &wire.id)?
        } else {
            kind.fields.iter().map(|f| (f.name, Sql::Null)).collect()
        };
        for (name, value) in &values {
            row.insert(name, value.clone());
        }
        if let Some((search, sort)) = crate::records::search_columns(kind, &row) {
            columns.push("search_text");
            columns.push("sort_key");
            args.push(Sql::Text(search));
            args.push(Sql::Text(sort));
        }
    }
    // A plain INSERT or UPDATE, not an upsert: an upsert statement may abort half way,
    // so SQLite copies every page it touches into a statement journal first (a third of
    // the import's time in a profile).
    // The statement's text depends only on the kind, which fields came and whether the
    // record exists: built once per shape, not once per record.
    let present: u64 = values.iter().fold(0, |mask, (name, _)| {
        mask | kind
            .fields
            .iter()
            .position(|f| f.name == *name)
            .map_or(0, |i| 1u64 << i)
    });
    let staged_into = match existing {
        None => clock.stage.target(kind.table),
        Some(_) => None,
    };
    let key = (
        kind.name,
        present,
        existing.is_some(),
        staged_into.is_some(),
    );
    if existing.is_some() {
        let mut reordered = args[1..].to_vec();
        reordered.push(args[0].clone());
        args = reordered;
    }
    let sql = clock.sql.entry(key).or_insert_with(|| {
        if existing.is_some() {
            let sets: Vec<String> = columns[1..].iter().map(|c| format!("{c} = ?")).collect();
            format!("UPDATE {} SET {} WHERE id = ?", kind.table, sets.join(", "))
        } else {
            format!(
                "INSERT INTO {} ({}) VALUES ({})",
                staged_into.as_deref().unwrap_or(kind.table),
                columns.join(", "),
                vec!["?"; columns.len()].join(", ")
            )
        }
    });
    tx.prepare_cached(sql)?.execute(params_from_iter(args))?;
    if staged_into.is_some() {
        clock.stage.staged(kind.table, &wire.id);
    }
    if clock.quarantine_used {
        tx.prepare_cached(
            "DELETE FROM quarantine WHERE kind = ?1 AND record_id = ?2 AND (hlc < ?3 OR (hlc = ?3 AND origin <= ?4))",
        )?
        .execute(params![kind.name, wire.id, wire.hlc, wire.origin])?;
    }
    clock.applied.insert(wire.id.clone());
    Ok(if existing.is_some() {
        Outcome::Updated
    } else {
        Outcome::Inserted
    })
}

fn load_row(tx: &Connection, kind: &'static Kind, id: &str) -> rusqlite::Result<Row> {
    let names: Vec<&str> = kind.fields.iter().map(|f| f.name).collect();
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1",
        names.join(", "),
        kind.table
    );
    let row = tx
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let mut row = Row::new();
            for (i, f) in kind.fields.iter().enumerate() {
                row.insert(f.name, r.get::<_, Sql>(i)?);
            }
            Ok(row)
        })
        .optional()?;
    Ok(row.unwrap_or_else(|| kind.fields.iter().map(|f| (f.name, Sql::Null)).collect()))
}

fn quarantine(
    tx: &Connection,
    kind: &str,
    wire: &WireRecord,
    code: &str,
    reason: &str,
    bundle_sha: &str,
    now: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO quarantine (kind, record_id, hlc, origin, record, reason_code, reason, bundle_sha256, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (kind, record_id, hlc, origin) DO UPDATE SET reason_code = excluded.reason_code, reason = excluded.reason",
    )?
    .execute(params![
        kind,
        wire.id,
        wire.hlc,
        wire.origin,
        serde_json::to_string(wire).unwrap_or_default(),
        code,
        reason,
        bundle_sha,
        now
    ])?;
    Ok(())
}

/// Tries every quarantined record again, parents first, until nothing more can be
/// applied; returns how many left quarantine.
fn retry_quarantine(tx: &Connection, clock: &mut Clock) -> std::result::Result<u64, ApplyError> {
    if !clock.quarantine_used {
        return Ok(0);
    }
    let mut released = 0;
    loop {
        let mut waiting: Vec<(usize, String, WireRecord)> = Vec::new();
        {
            let mut stmt = tx.prepare("SELECT kind, record FROM quarantine")?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (kind, record) = row?;
                let Some(pos) = kinds::ALL.iter().position(|k| k.name == kind) else {
                    continue;
                };
                if let Ok(wire) = serde_json::from_str::<WireRecord>(&record) {
                    waiting.push((pos, kind, wire));
                }
            }
        }
        waiting.sort_by_key(|a| (a.0, a.2.hlc));
        let mut progress = 0;
        for (pos, kind_name, wire) in waiting {
            let kind = kinds::ALL[pos];
            match apply_record(tx, kind, &wire, clock)? {
                Outcome::Quarantined { .. } => {}
                _ => {
                    tx.execute(
                        "DELETE FROM quarantine WHERE kind = ?1 AND record_id = ?2 AND hlc = ?3 AND origin = ?4",
                        params![kind_name, wire.id, wire.hlc, wire.origin],
                    )?;
                    progress += 1;
                }
            }
        }
        released += progress;
        if progress == 0 {
            return Ok(released);
        }
    }
}

fn log_import(
    tx: &Connection,
    m: &Manifest,
    sha256: &str,
    file_name: &str,
    actor: &str,
    report: &ImportReport,
) -> Result<()> {
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let summary = serde_json::json!({
        "inserted": report.inserted, "updated": report.updated, "unchanged": report.unchanged,
        "quarantined": report.quarantined, "released": report.released, "counts": m.counts,
    });
    tx.execute(
        "INSERT INTO import_log (bundle_sha256, file_name, sender_installation, sender_unit, from_seq, to_seq, full,
                                 imported_at, actor, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            sha256,
            file_name,
            m.sender.installation,
            m.sender.unit,
            m.from_seq,
            m.to_seq,
            m.is_full(),
            now,
            actor,
            summary.to_string()
        ],
    )?;
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, kind, record_id, changes) VALUES (?1, ?2, 'import', 'bundle', ?3, ?4)",
        params![now, actor, sha256, summary.to_string()],
    )?;
    // Merge the covered range into what this sender has sent before.
    if m.to_seq >= m.from_seq {
        let from = if m.is_full() { 1 } else { m.from_seq };
        let mut ranges: Vec<(i64, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT from_seq, to_seq FROM received_ranges WHERE sender_installation = ?1",
            )?;
            let rows = stmt.query_map([&m.sender.installation], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ranges.push((from, m.to_seq));
        ranges.sort();
        let mut merged: Vec<(i64, i64)> = Vec::new();
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        tx.execute(
            "DELETE FROM received_ranges WHERE sender_installation = ?1",
            [&m.sender.installation],
        )?;
        for (a, b) in merged {
            tx.execute(
                "INSERT INTO received_ranges (sender_installation, from_seq, to_seq) VALUES (?1, ?2, ?3)",
                params![m.sender.installation, a, b],
            )?;
        }
    }
    Ok(())
}

/// The holes in what a sender has sent: before its first range and between ranges.
fn gaps_in(conn: &rusqlite::Connection, installation: &str) -> Result<Vec<Gap>> {
    let (unit, unit_name): (String, String) = conn
        .query_row(
            "SELECT sender_unit, coalesce((SELECT unit_name FROM senders WHERE installation_id = ?1), sender_unit)
             FROM import_log WHERE sender_installation = ?1 LIMIT 1",
            [installation],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default();
    let mut stmt = conn.prepare("SELECT from_seq, to_seq FROM received_ranges WHERE sender_installation = ?1 ORDER BY from_seq")?;
    let ranges: Vec<(i64, i64)> = stmt
        .query_map([installation], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut gaps = Vec::new();
    let mut expected = 1;
    for (a, b) in ranges {
        if a > expected {
            gaps.push(Gap {
                unit: unit.clone(),
                unit_name: unit_name.clone(),
                installation: installation.to_string(),
                from_seq: expected,
                to_seq: a - 1,
                message: format!(
                    "Thiếu dữ liệu từ lần thay đổi {expected} đến {} của {unit_name}; hãy xin đơn vị này gửi bản đầy đủ (xuất gói đầy đủ).",
                    a - 1
                ),
            });
        }
        expected = expected.max(b + 1);
    }
    Ok(gaps)
}
