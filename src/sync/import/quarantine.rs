//! Quarantine: a well-signed record that cannot be applied now (a reference to a record
//! not yet received, a kind, field or value from a newer version) waits here with its
//! reason, is retried on every import, and never blocks the rest of its bundle.

use rusqlite::{params, Connection};

use super::apply::{apply_record, ApplyError, Applying, Outcome};
use super::verify::Verified;
use crate::kinds;
use crate::sync::WireRecord;

pub(super) fn hold(
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

/// Holds the records of kinds this version does not know (they wait for an upgrade);
/// returns how many.
pub(super) fn hold_newer_kinds(
    tx: &Connection,
    v: &Verified,
    bundle_sha: &str,
    now: &str,
) -> rusqlite::Result<u64> {
    let mut held = 0;
    for (kind_name, records) in &v.records {
        if kinds::by_name(kind_name).is_none() {
            for r in records {
                let reason = format!(
                    "loại hồ sơ \"{kind_name}\" của phiên bản mới hơn; hãy cài phiên bản mới nhất, hồ sơ sẽ được nhập tự động"
                );
                hold(
                    tx,
                    kind_name,
                    &r.wire,
                    "newer_kind",
                    &reason,
                    bundle_sha,
                    now,
                )?;
                held += 1;
            }
        }
    }
    Ok(held)
}

/// Tries every quarantined record again, parents first, until nothing more can be
/// applied; returns how many left quarantine.
pub(super) fn retry(tx: &Connection, state: &mut Applying) -> std::result::Result<u64, ApplyError> {
    if !state.quarantine_used {
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
            match apply_record(tx, kind, &wire, state)? {
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
