//! Receipts in the database. The receiving unit writes them ([`Store::receipt_for`],
//! in every bundle it sends a commune, or alone with [`Store::save_receipt`]); the
//! commune keeps the newest of each receiving unit's installation when it imports one
//! (`keep`), and reads from it what arrived, what is missing, and where an export of
//! everything unconfirmed starts ([`Store::receipt_status`], [`Store::confirmed_to`]).

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::export::{entry_infos, signed_bundle, SealedTo, SEALED_EXTENSION};
use super::manifest::{Manifest, SealedFor, Sender, FORMAT, FORMAT_VERSION};
use super::receipt::{
    confirmed_to, Held, Receipt, ReceiptCommune, ReceiptDigest, ReceiptReceiver, RECEIPT_ENTRY,
    RECEIPT_FORMAT, RECEIPT_FORMAT_VERSION,
};
use super::refusal::Refusal;
use super::sealed;
use crate::audit;
use crate::error::{Error, Result};
use crate::installation::{Installation, Role};
use crate::kinds;
use crate::store::migrations::SCHEMA_VERSION;
use crate::units;
use crate::Store;

/// A receipt written alone, as a signed bundle (sealed when the commune's key is known).
#[derive(Debug, Clone)]
pub struct WrittenReceipt {
    /// The file's bytes: the sealed bundle, or the bundle in clear.
    pub bytes: Vec<u8>,
    /// The SHA-256 of the signed bundle (inside its seal): what the commune logs.
    pub sha256: String,
    pub receipt: Receipt,
    pub sealed_to: Option<SealedTo>,
}

/// What saving a receipt did, as the window and the command line show it.
#[derive(Debug, Clone, Serialize)]
pub struct SavedReceipt {
    pub file: PathBuf,
    pub sha256: String,
    pub commune_unit: String,
    pub commune_name: String,
    /// Per installation of the commune: the highest change held without a hole.
    pub confirmed_to: Vec<(String, i64)>,
    pub records: u64,
    pub sealed_to: Option<SealedTo>,
}

/// Changes this commune exported that the receiving unit does not hold.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReceiptGap {
    pub from_seq: i64,
    pub to_seq: i64,
    pub message: String,
}

/// What the receiving unit's newest receipt says to this commune.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReceiptStatus {
    pub receiver_unit: String,
    pub receiver_unit_name: String,
    pub receiver_installation: String,
    /// When the receiving unit last applied a bundle of this installation (UTC).
    pub received_at: Option<String>,
    /// When this installation imported the receipt.
    pub imported_at: String,
    /// The highest change of this installation the receiving unit holds without a hole.
    pub confirmed_to: i64,
    /// The newest change of this commune's own records here.
    pub last_change: i64,
    /// The receiving unit's digest of this commune's records equals this one's now.
    pub digest_matches: bool,
    /// Everything is there: the digests agree and nothing of this commune's changed
    /// since what was confirmed.
    pub complete: bool,
    /// Records of this commune the receiving unit holds.
    pub records_held: u64,
    pub gaps: Vec<ReceiptGap>,
    /// The sentence the window and the command line show.
    pub message: String,
}

/// The one naming rule of a receipt written alone:
/// `bien-nhan-<receiver>-<commune>-<yyyymmdd>.xkb` (`.zip` in clear). The commune
/// imports it like a bundle (a folder's `.xkb` and `.zip` files are bundles).
pub fn receipt_file_name(
    receiver: &str,
    commune: &str,
    day: chrono::NaiveDate,
    sealed: bool,
) -> String {
    format!(
        "bien-nhan-{receiver}-{commune}-{}.{}",
        day.format("%Y%m%d"),
        if sealed { SEALED_EXTENSION } else { "zip" }
    )
}

/// A time (RFC 3339, any offset) as this computer's calendar day, `28/11/2026`.
fn local_day(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d/%m/%Y")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

impl Store {
    /// What this receiving unit holds of `commune`: per installation of the commune it
    /// received bundles from, the change ranges applied, and its digest of the
    /// commune's records. The same holdings give the same receipt (its time is that of
    /// the newest bundle applied, not of writing).
    pub fn receipt_for(&self, commune: &str) -> Result<Receipt> {
        let inst = self.installation()?;
        if inst.role != Role::Receiver {
            return Err(Error::invalid(
                "unit",
                "Xã",
                "chỉ đơn vị tiếp nhận mới ghi biên nhận; xã nhập biên nhận như một gói dữ liệu",
            ));
        }
        let outside = || Error::OutsideScope {
            code: commune.to_string(),
            scope: inst.unit_name.clone(),
        };
        let unit = units::find(self.conn(), inst.unit_set, commune)?.ok_or_else(outside)?;
        let above = units::path(self.conn(), inst.unit_set, commune)?;
        if unit.level != units::Level::Commune
            || !above.iter().skip(1).any(|u| u.code == inst.unit_code)
        {
            return Err(outside());
        }
        let mut stmt = self.conn().prepare(
            "SELECT sender_installation, max(imported_at) FROM import_log
             WHERE sender_unit = ?1 GROUP BY sender_installation ORDER BY sender_installation",
        )?;
        let senders: Vec<(String, String)> = stmt
            .query_map([commune], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let mut installations = Vec::with_capacity(senders.len());
        for (installation, imported_at) in senders {
            let mut stmt = self.conn().prepare_cached(
                "SELECT from_seq, to_seq FROM received_ranges
                 WHERE sender_installation = ?1 ORDER BY from_seq",
            )?;
            let ranges: Vec<[i64; 2]> = stmt
                .query_map([&installation], |r| Ok([r.get(0)?, r.get(1)?]))?
                .collect::<rusqlite::Result<_>>()?;
            let at = chrono::DateTime::parse_from_rfc3339(&imported_at)
                .map_err(|e| Error::Corrupt {
                    detail: format!("thời điểm nhập gói \"{imported_at}\" hỏng ({e})"),
                })?
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            installations.push(Held {
                installation,
                confirmed_to: confirmed_to(&ranges),
                ranges,
                last_received_at: at,
            });
        }
        let digest = self.digest(Some(commune))?;
        Ok(Receipt {
            format: RECEIPT_FORMAT.into(),
            format_version: RECEIPT_FORMAT_VERSION,
            receiver: ReceiptReceiver {
                installation: inst.installation_id.clone(),
                unit: inst.unit_code.clone(),
                unit_name: inst.unit_name.clone(),
            },
            commune: ReceiptCommune {
                unit: unit.code,
                unit_name: unit.name,
            },
            as_of: installations
                .iter()
                .map(|h| h.last_received_at.clone())
                .max(),
            installations,
            digest: ReceiptDigest {
                records: digest.kinds.values().map(|k| k.count).sum(),
                sha256: digest.sha256,
            },
        })
    }

    /// A receipt for `commune` alone: a signed bundle that holds no record (the empty
    /// range `1..0`) and the entry `receipt.json`, sealed to the commune's key when this
    /// receiving unit has it (a receipt holds nothing personal, so it goes in clear
    /// otherwise).
    pub fn write_receipt(&self, commune: &str) -> Result<WrittenReceipt> {
        let receipt = self.receipt_for(commune)?;
        if receipt.installations.is_empty() {
            return Err(Error::NothingToConfirm {
                unit: format!("{} ({})", receipt.commune.unit_name, receipt.commune.unit),
            });
        }
        let inst = self.installation()?;
        let keys = self.signing_key()?;
        let seal = self.commune_seal(commune)?;
        let entries = vec![(RECEIPT_ENTRY.to_string(), receipt.to_bytes())];
        let manifest = receipt_manifest(
            &inst,
            &keys,
            &entries,
            commune,
            seal.as_ref().map(|s| s.header.sealed_for()),
        );
        let bytes = signed_bundle(&keys, &manifest, entries)?;
        if super::import::verify_self_consistent(&bytes).is_err() {
            return Err(Error::internal("a receipt just built does not verify"));
        }
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let (bytes, sealed_to) = match seal {
            Some(s) => (
                sealed::seal(&bytes, &s.header, &s.recipient)?,
                Some(SealedTo {
                    unit_code: s.header.recipient.unit,
                    unit_name: s.header.recipient.unit_name,
                    fingerprint: s.header.recipient.card,
                }),
            ),
            None => (bytes, None),
        };
        Ok(WrittenReceipt {
            bytes,
            sha256,
            receipt,
            sealed_to,
        })
    }

    /// Writes a receipt for `commune` to `out` (a file, or a folder where
    /// [`receipt_file_name`] names it), reads it back, and logs it (action `receipt`).
    pub fn save_receipt(&mut self, commune: &str, out: &Path) -> Result<SavedReceipt> {
        let written = self.write_receipt(commune)?;
        let r = &written.receipt;
        let target = if out.is_dir() {
            out.join(receipt_file_name(
                &r.receiver.unit,
                &r.commune.unit,
                chrono::Local::now().date_naive(),
                written.sealed_to.is_some(),
            ))
        } else {
            out.to_path_buf()
        };
        crate::atomic_file::write(&target, &written.bytes)?;
        let on_disk = std::fs::read(&target).map_err(|e| Error::io(&target, e))?;
        if on_disk != written.bytes {
            return Err(Error::UsbWriteFailed { path: target });
        }
        let confirmed: Vec<(String, i64)> = r
            .installations
            .iter()
            .map(|h| (h.installation.clone(), h.confirmed_to))
            .collect();
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let logged = serde_json::json!({
            "written": true, "file": file_name, "commune": r.commune.unit,
            "as_of": r.as_of, "confirmed_to": confirmed, "records": r.digest.records,
            "sealed_for": written.sealed_to.as_ref().map(|s| &s.fingerprint),
        });
        let actor = self.actor().to_string();
        self.write(|tx| {
            audit::append(
                tx,
                &audit::Entry {
                    at: &audit::now(),
                    actor: &actor,
                    action: audit::Action::Receipt,
                    kind: "receipt",
                    record_id: &written.sha256,
                    changes: &logged,
                },
            )
        })?;
        Ok(SavedReceipt {
            file: target,
            sha256: written.sha256.clone(),
            commune_unit: r.commune.unit.clone(),
            commune_name: r.commune.unit_name.clone(),
            confirmed_to: confirmed,
            records: r.digest.records,
            sealed_to: written.sealed_to.clone(),
        })
    }

    /// The newest receipt of a receiving unit's installation this commune still trusts,
    /// with when it was imported.
    fn current_receipt(&self) -> Result<Option<(Receipt, String)>> {
        let row: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT r.receipt, r.imported_at FROM receipts r
                 JOIN senders s ON s.installation_id = r.receiver_installation
                 WHERE s.revoked_at IS NULL
                 ORDER BY coalesce(r.as_of, '') DESC, r.imported_at DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(text, at)| {
            let receipt = serde_json::from_str(&text).map_err(|e| Error::Corrupt {
                detail: format!("biên nhận đã lưu hỏng ({e})"),
            })?;
            Ok((receipt, at))
        })
        .transpose()
    }

    /// The highest change of this installation the receiving unit confirmed holding
    /// without a hole (0 without a receipt): where an export of everything unconfirmed
    /// starts after.
    pub fn confirmed_to(&self) -> Result<i64> {
        let inst = self.installation()?;
        Ok(self
            .current_receipt()?
            .and_then(|(r, _)| r.held(&inst.installation_id).map(|h| h.confirmed_to))
            .unwrap_or(0))
    }

    /// What the newest receipt says to this commune: what arrived, whether the receiving
    /// unit's content equals this one's now, and the changes exported that it lacks.
    /// `None` without a receipt (or on a receiving unit).
    pub fn receipt_status(&self) -> Result<Option<ReceiptStatus>> {
        let inst = self.installation()?;
        if inst.role != Role::Commune {
            return Ok(None);
        }
        let Some((receipt, imported_at)) = self.current_receipt()? else {
            return Ok(None);
        };
        let held = receipt.held(&inst.installation_id);
        let ranges: Vec<[i64; 2]> = held.map(|h| h.ranges.clone()).unwrap_or_default();
        let confirmed = confirmed_to(&ranges);
        let received_at = held.map(|h| h.last_received_at.clone());
        let last_change = own_last_change(self.conn(), &inst)?;
        let digest_matches = self.digest(Some(&inst.unit_code))?.sha256 == receipt.digest.sha256;
        let complete = digest_matches && confirmed >= last_change;
        let missing = subtract(&exported_ranges(self.conn())?, &ranges);
        let gaps = missing
            .into_iter()
            .map(|(a, b)| ReceiptGap {
                from_seq: a,
                to_seq: b,
                message: gap_words(a, b),
            })
            .collect();
        let name = &receipt.receiver.unit_name;
        let day = received_at.as_deref().map(local_day).unwrap_or_default();
        let message = if complete && confirmed > 0 {
            format!("Đơn vị tiếp nhận ({name}) đã nhận đủ dữ liệu đến lần thay đổi {confirmed}, ngày {day}.")
        } else if confirmed == 0 {
            format!(
                "Theo biên nhận nhập ngày {}, {name} chưa nhận được dữ liệu nào của máy này. \
                 Hãy xuất phần chưa được xác nhận và gửi cho đơn vị tiếp nhận.",
                local_day(&imported_at)
            )
        } else if confirmed >= last_change {
            format!(
                "Đơn vị tiếp nhận ({name}) đã nhận dữ liệu đến lần thay đổi {confirmed}, ngày {day}, \
                 nhưng nội dung hai bên chưa khớp (có thể còn hồ sơ đang chờ ở đơn vị tiếp nhận). \
                 Hãy gọi điện đối chiếu mã kiểm tra dữ liệu (digest) với đơn vị tiếp nhận."
            )
        } else {
            format!(
                "Đơn vị tiếp nhận ({name}) đã nhận dữ liệu đến lần thay đổi {confirmed}, ngày {day}; \
                 các thay đổi sau đó (đến lần {last_change}) chưa được xác nhận."
            )
        };
        Ok(Some(ReceiptStatus {
            receiver_unit: receipt.receiver.unit.clone(),
            receiver_unit_name: name.clone(),
            receiver_installation: receipt.receiver.installation.clone(),
            received_at,
            imported_at,
            confirmed_to: confirmed,
            last_change,
            digest_matches,
            complete,
            records_held: receipt.digest.records,
            gaps,
            message,
        }))
    }
}

/// The manifest of a receipt alone: no record (every kind counted 0), the empty range
/// `1..0`, the entry `receipt.json`, for `commune`.
pub(super) fn receipt_manifest(
    inst: &Installation,
    keys: &crate::keys::KeyPair,
    entries: &[(String, Vec<u8>)],
    commune: &str,
    sealed_for: Option<SealedFor>,
) -> Manifest {
    Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version: SCHEMA_VERSION,
        app_version: env!("CARGO_PKG_VERSION").into(),
        sender: Sender::of(inst, keys),
        scope: "incremental".into(),
        from_seq: 1,
        to_seq: 0,
        as_of: None,
        sensitive_included: false,
        counts: kinds::ALL.iter().map(|k| (k.name.to_string(), 0)).collect(),
        entries: entry_infos(entries),
        recipient: Some(commune.to_string()),
        sealed_for,
        recovers: None,
    }
}

fn gap_words(a: i64, b: i64) -> String {
    let which = if a == b {
        format!("thay đổi {a}")
    } else {
        format!("các thay đổi từ {a} đến {b}")
    };
    format!(
        "Đơn vị tiếp nhận chưa có {which} đã xuất. Nếu gói đó đã mất hoặc chưa đến nơi, hãy bấm \
         \"Xuất phần chưa được xác nhận\" (dòng lệnh: export --unconfirmed) rồi gửi lại."
    )
}

/// The newest change counter among this commune's own records (its deletions included).
fn own_last_change(conn: &Connection, inst: &Installation) -> Result<i64> {
    let mut newest = 0i64;
    for kind in kinds::ALL {
        let seq: Option<i64> = conn.query_row(
            &format!("SELECT max(seq) FROM {} WHERE owner = ?1", kind.table),
            [&inst.unit_code],
            |r| r.get(0),
        )?;
        newest = newest.max(seq.unwrap_or(0));
    }
    let buried: Option<i64> = conn.query_row(
        "SELECT max(seq) FROM tombstones WHERE owner = ?1",
        [&inst.unit_code],
        |r| r.get(0),
    )?;
    Ok(newest.max(buried.unwrap_or(0)))
}

/// What this installation has exported, merged: `(from, to)`, inclusive, in order.
fn exported_ranges(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare("SELECT from_seq, to_seq, full FROM export_log")?;
    let ranges: Vec<(i64, i64)> = stmt
        .query_map([], |r| {
            let full: bool = r.get(2)?;
            Ok((if full { 1 } else { r.get(0)? }, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, i64)>>>()?
        .into_iter()
        .filter(|(a, b)| a <= b)
        .collect();
    Ok(super::import::merge_ranges(ranges))
}

/// The parts of `exported` (merged, in order) that `held` (merged, in order) lacks.
fn subtract(exported: &[(i64, i64)], held: &[[i64; 2]]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for &(a, b) in exported {
        let mut from = a;
        for &[h_from, h_to] in held {
            if h_to < from || h_from > b {
                continue;
            }
            if h_from > from {
                out.push((from, h_from - 1));
            }
            from = from.max(h_to.saturating_add(1));
            if from > b {
                break;
            }
        }
        if from <= b {
            out.push((from, b));
        }
    }
    out
}

/// On import: a receipt is for a commune (the bundle's own checks made sure it names
/// the recipient and its signer).
pub(crate) fn check_here(
    inst: &Installation,
    receipt: &Receipt,
) -> std::result::Result<(), Refusal> {
    if inst.role != Role::Commune || receipt.commune.unit != inst.unit_code {
        return Err(Refusal::BadReceipt(format!(
            "biên nhận về {} ({}), không phải về đơn vị này",
            receipt.commune.unit_name, receipt.commune.unit
        )));
    }
    Ok(())
}

/// On import, inside the bundle's savepoint: keeps the receipt unless one of the same
/// receiving unit's installation that says more recent holdings is kept already, and
/// logs it (action `receipt`). Whether it was kept.
pub(crate) fn keep(
    conn: &Connection,
    inst: &Installation,
    receipt: &Receipt,
    bundle_sha256: &str,
    actor: &str,
) -> Result<bool> {
    let now = audit::now();
    let text = String::from_utf8(receipt.to_bytes()).map_err(Error::internal)?;
    let kept = conn.execute(
        "INSERT INTO receipts (receiver_installation, receiver_unit, receiver_unit_name, as_of,
             receipt, bundle_sha256, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (receiver_installation) DO UPDATE SET receiver_unit = ?2,
             receiver_unit_name = ?3, as_of = ?4, receipt = ?5, bundle_sha256 = ?6,
             imported_at = ?7
         WHERE coalesce(?4, '') >= coalesce(receipts.as_of, '')",
        params![
            receipt.receiver.installation,
            receipt.receiver.unit,
            receipt.receiver.unit_name,
            receipt.as_of,
            text.trim_end(),
            bundle_sha256,
            now
        ],
    )? > 0;
    let own = receipt.held(&inst.installation_id);
    audit::append(
        conn,
        &audit::Entry {
            at: &now,
            actor,
            action: audit::Action::Receipt,
            kind: "receipt",
            record_id: bundle_sha256,
            changes: &serde_json::json!({
                "receiver": receipt.receiver.unit, "receiver_installation": receipt.receiver.installation,
                "as_of": receipt.as_of, "confirmed_to": own.map_or(0, |h| h.confirmed_to),
                "records": receipt.digest.records, "kept": kept,
            }),
        },
    )?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::subtract;

    #[test]
    fn what_was_exported_and_is_not_held() {
        assert_eq!(
            subtract(&[(1, 20)], &[[1, 10], [15, 16]]),
            [(11, 14), (17, 20)]
        );
        assert_eq!(subtract(&[(1, 20)], &[[1, 20]]), []);
        assert_eq!(subtract(&[(1, 5), (8, 9)], &[]), [(1, 5), (8, 9)]);
        assert_eq!(subtract(&[(3, 9)], &[[1, 4], [9, 30]]), [(5, 8)]);
    }
}
