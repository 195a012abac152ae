//! Writing a bundle.
//!
//! Incremental by default: every record this installation's unit owns whose local change
//! counter (`seq`) is past the last export, tombstones included; or full: every record the
//! unit owns. The same content always gives the same bytes (records sorted by id, entries
//! by name, the ZIP written deterministically, no time of writing inside), so a bundle can
//! be compared by its hash.
//!
//! The file is written beside its destination under a temporary name, flushed, renamed
//! ([`crate::atomic_file`]), and then read back from the disk and verified like an
//! import would (USB sticks lie about writes: sqlite.org/howtocorrupt.html §4.2). Only
//! then is the export logged: in the export log (where the next incremental bundle
//! starts) and in the audit log, in one transaction.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ed25519_dalek::Signer;
use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::manifest::{EntryInfo, Manifest, SealedFor, Sender, FORMAT, FORMAT_VERSION};
use super::outgoing::{personal_data_in, Seal};
pub use super::outgoing::{PersonalData, SealedTo};
use super::receipt::RECEIPT_ENTRY;
use super::sealed;
use super::{attachment_entry, records_entry, WireRecord, MANIFEST_ENTRY, SIGNATURE_ENTRY};
use crate::bundle::container;
use crate::error::{Error, Result};
use crate::kinds::{self, FieldType, Sensitivity};
use crate::records::{record_from_row, select_columns};
use crate::store::migrations::SCHEMA_VERSION;
use crate::Store;

#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// Every record the unit owns, not only the changes since the last export.
    pub full: bool,
    /// Include sensitive personal fields (for a second laptop of the same commune; the
    /// receiving unit does not need them).
    pub include_sensitive: bool,
    /// Write the bundle in clear even though it could be sealed, or when there is no
    /// key to seal it to: only on the user's explicit choice (`--unencrypted`, the
    /// window's warned checkbox).
    pub unencrypted: bool,
    /// Everything the receiving unit has not confirmed in a receipt: from the change
    /// after the last one it holds without a hole (1 without a receipt), whatever was
    /// exported since, so a lost USB stick's changes go again.
    pub unconfirmed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    pub file: PathBuf,
    pub sha256: String,
    pub bytes: u64,
    pub full: bool,
    pub from_seq: i64,
    pub to_seq: i64,
    pub counts: BTreeMap<String, u64>,
    pub attachments: u64,
    /// Why this laptop's clock looks wrong, when it does: the bundle is written, but its
    /// changes may be stamped in the past (see [`crate::hlc::check_clock`]).
    pub clock_warning: Option<String>,
    /// `None`: written in clear, on the user's choice.
    pub sealed_to: Option<SealedTo>,
    /// What personal data about people it holds (the law asks the sender to know).
    pub personal_data: Vec<PersonalData>,
}

/// The bundle's bytes and what it holds, before anything is written.
pub(crate) struct BuiltBundle {
    pub bytes: Vec<u8>,
    pub manifest: Manifest,
    pub personal_data: Vec<PersonalData>,
}

/// The extension of a sealed bundle: it is not a ZIP any more (a `.zip` name would have
/// Windows offer to open it and fail).
pub const SEALED_EXTENSION: &str = "xkb";

/// The one naming rule of bundle files: `xungkich-<unit>-<yyyymmdd>-<from>-<to>.xkb`
/// (`.zip` when written in clear): the unit, the day it was written, the change counters
/// it covers, so a folder of bundles sorts by commune and then by date, and two bundles
/// of one day differ. Nothing in it is about a person.
pub fn bundle_file_name(
    unit: &str,
    day: chrono::NaiveDate,
    from_seq: i64,
    to_seq: i64,
    sealed: bool,
) -> String {
    format!(
        "xungkich-{unit}-{}-{from_seq}-{to_seq}.{}",
        day.format("%Y%m%d"),
        if sealed { SEALED_EXTENSION } else { "zip" }
    )
}

impl Store {
    /// Writes a bundle to `out` (a file, or a folder where a file named after the unit,
    /// date and range is made).
    /// Sealed to the receiving unit's card in use; in clear only if
    /// `options.unencrypted` (or [`Error::NoReceiverCard`]).
    pub fn export(&mut self, out: &Path, options: ExportOptions) -> Result<ExportSummary> {
        let seal = match (self.card_seal()?, options.unencrypted) {
            (_, true) => None,
            (Some(seal), false) => Some(seal),
            (None, false) => return Err(Error::NoReceiverCard),
        };
        self.export_one(out, options, None, seal, None)
    }

    /// A receiving unit's export: one bundle per commune it holds records of or has
    /// enrolled, each with only the records about that commune's teams, written into
    /// `folder`. What goes back to a commune is its own business (issue 11): a commune
    /// never receives what the receiving unit wrote about another. Every commune gets
    /// its bundle, even an empty one, so each sees the same unbroken range of changes.
    pub fn export_to_communes(
        &mut self,
        folder: &Path,
        options: ExportOptions,
    ) -> Result<Vec<ExportSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT owner FROM teams UNION SELECT unit_code FROM senders WHERE role = 'commune' ORDER BY 1",
        )?;
        let communes: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        // Every commune's key first: nothing is written unless every bundle can be
        // sealed (or the officer chose to write them in clear).
        let mut seals = Vec::with_capacity(communes.len());
        let mut missing = Vec::new();
        for c in &communes {
            if options.unencrypted {
                seals.push(None);
                continue;
            }
            match self.commune_seal(c)? {
                Some(seal) => seals.push(Some(seal)),
                None => {
                    missing.push(c.clone());
                    seals.push(None)
                }
            }
        }
        if !missing.is_empty() {
            let names: Vec<String> = missing
                .iter()
                .map(
                    |c| match crate::units::find(self.conn(), self.installation()?.unit_set, c) {
                        Ok(Some(u)) => Ok(format!("{} ({c})", u.name)),
                        Ok(None) => Ok(c.clone()),
                        Err(e) => Err(e),
                    },
                )
                .collect::<Result<_>>()?;
            return Err(Error::NoCommuneKey {
                communes: names.join(", "),
            });
        }
        communes
            .iter()
            .zip(seals)
            .map(|(c, seal)| self.export_one(folder, options, Some(c), seal, None))
            .collect()
    }

    pub(super) fn export_one(
        &mut self,
        out: &Path,
        options: ExportOptions,
        recipient: Option<&str>,
        seal: Option<Seal>,
        recovers: Option<String>,
    ) -> Result<ExportSummary> {
        let built = self.build_bundle_with(
            options,
            recipient,
            seal.as_ref().map(|s| s.header.sealed_for()),
            recovers,
        )?;
        let m = &built.manifest;
        let target = if out.is_dir() {
            let unit = match recipient {
                Some(r) => format!("{}-{r}", m.sender.unit),
                None => m.sender.unit.clone(),
            };
            out.join(bundle_file_name(
                &unit,
                chrono::Local::now().date_naive(),
                m.from_seq,
                m.to_seq,
                seal.is_some(),
            ))
        } else {
            out.to_path_buf()
        };
        // The signed bundle is checked as the receiver will check it, before sealing
        // (once sealed, only its receiver can open it); its hash is the bundle's
        // identity either way, since the same content sealed twice differs.
        if let Err(refusal) = super::import::verify_self_consistent(&built.bytes) {
            return Err(Error::internal(format!(
                "a bundle just built does not verify: {refusal:?}"
            )));
        }
        let sha256 = hex::encode(Sha256::digest(&built.bytes));
        let file_bytes = match &seal {
            Some(s) => sealed::seal(&built.bytes, &s.header, &s.recipient)?,
            None => built.bytes.clone(),
        };
        crate::atomic_file::write(&target, &file_bytes)?;
        // Read back what the medium holds (USB sticks lie about writes).
        let on_disk = std::fs::read(&target).map_err(|e| Error::io(&target, e))?;
        if on_disk != file_bytes {
            return Err(Error::UsbWriteFailed { path: target });
        }
        let counts_json = serde_json::to_string(&m.counts).unwrap_or_default();
        let now = crate::audit::now();
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let attachments = m
            .entries
            .keys()
            .filter(|k| k.starts_with("attachments/"))
            .count() as u64;
        // What an auditor asks of an export: which file, for whom, which changes, how
        // many records of each kind, and whether sensitive fields went with it. Never the
        // records themselves.
        let logged = serde_json::json!({
            "file": file_name, "unit": m.sender.unit, "recipient": m.recipient,
            "full": m.is_full(), "from_seq": m.from_seq, "to_seq": m.to_seq,
            "counts": m.counts, "attachments": attachments,
            "sensitive_included": m.sensitive_included,
            "sealed_for": m.sealed_for.as_ref().map(|s| &s.card),
            "recovers": m.recovers,
            "receipt": m.entries.contains_key(RECEIPT_ENTRY),
        });
        let actor = self.actor().to_string();
        // A recovery bundle is outside the run of bundles to the communes: it must not
        // move where the next one starts (`last_exported_seq`), for any commune.
        let in_the_run = m.recovers.is_none();
        self.write(|tx| {
            if in_the_run {
                tx.execute(
                    "INSERT INTO export_log (exported_at, file_name, bundle_sha256, from_seq, to_seq, full, counts)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![now, file_name, sha256, m.from_seq, m.to_seq, m.is_full(), counts_json],
                )?;
            }
            crate::audit::append(
                tx,
                &crate::audit::Entry {
                    at: &now,
                    actor: &actor,
                    action: crate::audit::Action::Export,
                    kind: "bundle",
                    record_id: &sha256,
                    changes: &logged,
                },
            )
        })?;
        Ok(ExportSummary {
            file: target,
            sha256,
            bytes: file_bytes.len() as u64,
            full: m.is_full(),
            from_seq: m.from_seq,
            to_seq: m.to_seq,
            counts: m.counts.clone(),
            attachments,
            clock_warning: self.clock_check()?.warning,
            sealed_to: seal.map(|s| SealedTo {
                unit_code: s.header.recipient.unit,
                unit_name: s.header.recipient.unit_name,
                fingerprint: s.header.recipient.card,
            }),
            personal_data: built.personal_data,
        })
    }

    /// The seq after which the next incremental bundle starts.
    pub fn last_exported_seq(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(max(to_seq), 0) FROM export_log", [], |r| {
                r.get(0)
            })?)
    }

    /// The change counters the next bundle with these options covers: from the one after
    /// the last export (or 1 for a full bundle, or the one after what the receiving unit
    /// confirmed for `unconfirmed`) to the newest local change.
    pub fn bundle_range(&self, options: ExportOptions) -> Result<(i64, i64)> {
        let seq_last: i64 = self.conn().query_row(
            "SELECT seq_last FROM installation WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?;
        let from_seq = if options.full {
            1
        } else if options.unconfirmed {
            self.confirmed_to()? + 1
        } else {
            self.last_exported_seq()? + 1
        };
        Ok((from_seq, seq_last))
    }

    #[cfg(test)]
    pub(crate) fn build_bundle(&self, options: ExportOptions) -> Result<BuiltBundle> {
        self.build_bundle_for(options, None, None)
    }

    /// The bundle, or, with a `recipient`, a receiving unit's bundle for that commune.
    #[cfg(test)]
    pub(crate) fn build_bundle_for(
        &self,
        options: ExportOptions,
        recipient: Option<&str>,
        sealed_for: Option<SealedFor>,
    ) -> Result<BuiltBundle> {
        self.build_bundle_with(options, recipient, sealed_for, None)
    }

    /// [`Self::build_bundle_for`], or, with `recovers` (a receiving unit rebuilding a
    /// commune's new installation, see `sync::recovery`), a full bundle for that commune
    /// that also holds every record the commune owns as this installation holds them.
    pub(crate) fn build_bundle_with(
        &self,
        options: ExportOptions,
        recipient: Option<&str>,
        sealed_for: Option<SealedFor>,
        recovers: Option<String>,
    ) -> Result<BuiltBundle> {
        let inst = self.installation()?;
        let keys = self.signing_key()?;
        let mut personal_data = Vec::new();
        let (from_seq, to_seq) = self.bundle_range(options)?;
        // Whose records go, each with the condition that picks them: this unit's own
        // (about the recipient commune, for a receiving unit's bundle), and, in a
        // recovery bundle, every record the commune owns.
        let recovered = recovers.as_ref().and(recipient);
        // Everything unconfirmed without a receipt is everything: a full bundle.
        let full = options.full || (options.unconfirmed && from_seq == 1);

        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        let mut counts = BTreeMap::new();
        let mut attachments: BTreeSet<String> = BTreeSet::new();
        let mut newest_hlc: Option<i64> = None;
        for kind in kinds::ALL {
            // The parameter ?4 is bound but says nothing when every record goes.
            let mut picks: Vec<(&str, &str)> = Vec::with_capacity(2);
            match recipient {
                None => picks.push((&inst.unit_code, "?4 IS NOT NULL")),
                // Nothing of this kind is about a commune's team: none of ours goes.
                Some(_) => picks.extend(about_commune(kind).map(|f| (&*inst.unit_code, f))),
            }
            if let Some(commune) = recovered {
                picks.push((commune, "?4 IS NOT NULL"));
            }
            if picks.is_empty() {
                continue;
            }
            let mut records = Vec::new();
            for (owner, about) in &picks {
                let sql = format!(
                    "SELECT {} FROM {} WHERE owner = ?1 AND seq BETWEEN ?2 AND ?3 AND {about} ORDER BY id",
                    select_columns(kind),
                    kind.table
                );
                let mut stmt = self.conn().prepare(&sql)?;
                let rows = stmt.query_map(
                    params![owner, from_seq, to_seq, recipient.unwrap_or("")],
                    |r| record_from_row(kind, r),
                )?;
                for record in rows {
                    records.push(record?);
                }
            }
            let mut wires = Vec::new();
            for record in records {
                let mut fields = record.fields;
                if record.deleted {
                    // A tombstone says which record went, never what it held (Law
                    // 91/2025/QH15: the deleted member's data stays behind).
                    fields.clear();
                }
                for field in kind.fields {
                    let travels = match field.sensitivity {
                        Sensitivity::Normal => true,
                        Sensitivity::Sensitive => options.include_sensitive,
                        Sensitivity::Confidential => false,
                    };
                    if !travels {
                        fields.remove(field.name);
                    } else if field.ty == FieldType::Attachment {
                        if let Some(sha) = fields.get(field.name).and_then(|v| v.as_str()) {
                            attachments.insert(sha.to_string());
                        }
                    }
                }
                newest_hlc = newest_hlc.max(Some(record.hlc));
                wires.push(WireRecord {
                    id: record.id,
                    owner: record.owner,
                    hlc: record.hlc,
                    origin: record.origin,
                    deleted: record.deleted,
                    fields,
                });
            }
            let buried_owner = match (recipient, recovered) {
                (None, _) => Some(&*inst.unit_code),
                (_, Some(commune)) => Some(commune),
                _ => None,
            };
            if let Some(buried_owner) = buried_owner {
                // Deletions of records never held here (received from this unit's other
                // laptop, or a commune's): tombstones alone (see `tombstones`).
                let mut stmt = self.conn().prepare_cached(
                    "SELECT id, owner, hlc, origin FROM tombstones
                     WHERE kind = ?1 AND owner = ?2 AND seq BETWEEN ?3 AND ?4",
                )?;
                let buried =
                    stmt.query_map(params![kind.name, buried_owner, from_seq, to_seq], |r| {
                        Ok(WireRecord {
                            id: r.get(0)?,
                            owner: r.get(1)?,
                            hlc: r.get(2)?,
                            origin: r.get(3)?,
                            deleted: true,
                            fields: Default::default(),
                        })
                    })?;
                for wire in buried {
                    let wire = wire?;
                    newest_hlc = newest_hlc.max(Some(wire.hlc));
                    wires.push(wire);
                }
                wires.sort_by(|a, b| a.id.cmp(&b.id));
            }
            if let Some(found) = personal_data_in(kind, &wires) {
                personal_data.push(found);
            }
            let mut lines = Vec::new();
            let n = wires.len() as u64;
            for wire in &wires {
                serde_json::to_writer(&mut lines, wire).map_err(Error::internal)?;
                lines.push(b'\n');
            }
            counts.insert(kind.name.to_string(), n);
            if n > 0 {
                entries.push((records_entry(kind.name), lines));
            }
        }
        for sha in &attachments {
            if let Some((_, data)) = self.attachment(sha)? {
                entries.push((attachment_entry(sha), data));
            }
        }
        if let Some(commune) = recipient {
            // What the receiving unit holds of this commune, for it to know.
            entries.push((
                RECEIPT_ENTRY.to_string(),
                self.receipt_for(commune)?.to_bytes(),
            ));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            schema_version: SCHEMA_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            sender: Sender::of(&inst, &keys),
            scope: if full { "full" } else { "incremental" }.into(),
            from_seq,
            to_seq,
            as_of: newest_hlc
                .and_then(crate::hlc::to_datetime)
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            sensitive_included: options.include_sensitive,
            counts,
            entries: entry_infos(&entries),
            recipient: recipient.map(str::to_string),
            sealed_for,
            recovers,
        };
        Ok(BuiltBundle {
            bytes: signed_bundle(&keys, &manifest, entries)?,
            manifest,
            personal_data,
        })
    }
}

/// The manifest's `entries`: each entry's SHA-256 and size.
pub(super) fn entry_infos(entries: &[(String, Vec<u8>)]) -> BTreeMap<String, EntryInfo> {
    entries
        .iter()
        .map(|(name, data)| {
            (
                name.clone(),
                EntryInfo {
                    sha256: hex::encode(Sha256::digest(data)),
                    size: data.len() as u64,
                },
            )
        })
        .collect()
}

/// The bundle's bytes: the manifest, its signature, then `entries` (sorted by name).
pub(super) fn signed_bundle(
    keys: &crate::keys::KeyPair,
    manifest: &Manifest,
    entries: Vec<(String, Vec<u8>)>,
) -> Result<Vec<u8>> {
    let manifest_bytes = manifest.to_bytes();
    let signature = keys.signing.sign(&manifest_bytes);
    let mut all = vec![
        (MANIFEST_ENTRY.to_string(), manifest_bytes),
        (SIGNATURE_ENTRY.to_string(), signature.to_bytes().to_vec()),
    ];
    all.extend(entries);
    container::write(&all).map_err(Error::internal)
}

/// The condition (on parameter `?4`, a commune's code) that picks a receiving unit's
/// records about that commune: those naming one of its teams, or one of its members,
/// or records its members' records name (the training a member attended). `None`:
/// no record of the kind is about a commune (it is not sent to any).
fn about_commune(kind: &kinds::Kind) -> Option<&'static str> {
    let refers_to =
        |target: &'static str| kind.fields.iter().any(|f| f.ty == FieldType::Ref(target));
    if refers_to("team") {
        Some("team_id IN (SELECT id FROM teams WHERE owner = ?4)")
    } else if refers_to("member") {
        Some("member_id IN (SELECT m.id FROM members m JOIN teams t ON t.id = m.team_id WHERE t.owner = ?4)")
    } else if kinds::TRAINING_ATTENDANCE
        .fields
        .iter()
        .any(|f| f.ty == FieldType::Ref(kind.name))
    {
        Some("id IN (SELECT a.training_id FROM training_attendances a JOIN members m ON m.id = a.member_id JOIN teams t ON t.id = m.team_id WHERE t.owner = ?4)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atomic_file::tests::{left_behind, OLD};
    use crate::installation::Role;
    use crate::units::UnitSet;

    /// Stale temporary files of ours on the USB stick go at the next export to it; the
    /// user's files and other programs' never do.
    #[test]
    fn an_export_clears_stale_temporary_files_of_ours_and_nothing_else() {
        let data = tempfile::tempdir().unwrap();
        let usb = tempfile::tempdir().unwrap();
        let mut store = Store::open(data.path().join("xã.db")).unwrap();
        store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let aged = |name: &str| left_behind(usb.path(), name, OLD);
        let same_name = aged(".x.bundle.99999.tmp");
        let earlier_bundle = aged(".xungkich-00001-20260101-1-40.zip.99999.tmp");
        let kept = [
            aged(".other.tmp"),
            aged("ghi chú.txt"),
            aged(".ảnh.jpg.99999.tmp"),
        ];

        // Into the folder: the bundle gets the program's own name, and so did the
        // temporary files of earlier ones; `x.bundle` was named by the user.
        let plain = ExportOptions {
            unencrypted: true,
            ..Default::default()
        };
        store.export(usb.path(), plain).unwrap();
        assert!(!earlier_bundle.exists());
        assert!(same_name.exists());
        // Its own temporary files go when that name is written again.
        let full = ExportOptions {
            full: true,
            ..plain
        };
        store.export(&usb.path().join("x.bundle"), full).unwrap();
        assert!(!same_name.exists());
        for path in &kept {
            assert_eq!(std::fs::read(path).unwrap(), b"left behind", "{path:?}");
        }
    }
}
