//! Quarantine: a well-signed record that is not applied, with its reason. Most wait to be
//! applied later (a reference to a record not yet received, a kind, field or value from a
//! newer version, a time stamp ahead of this laptop's clock) and are retried on every
//! import; those refused for good (a reference that crosses owners, an id of another
//! unit, a kind the sender's role does not create) stay only so the officer sees what
//! was refused and why. Neither ever blocks the rest of its bundle.

use rusqlite::{params, Connection};

use super::apply::{apply_record, ApplyError, Applying, Outcome};
use super::parse::{parse_record, Incoming};
use crate::kinds::{self, Kind};

/// A record naming another unit's record where the catalogue allows no such link.
pub(super) const FOREIGN_REFERENCE: &str = "foreign_reference";
/// A record under an id another unit's record already holds.
pub(super) const ID_TAKEN: &str = "id_taken";
/// A record under an id made for another unit.
pub(super) const ID_NOT_OWNER: &str = "id_not_owner";
/// A record of a kind its sender's role does not create.
pub(super) const KIND_NOT_ALLOWED: &str = "kind_not_allowed";
/// A record stamped later than this laptop's clock plus the margin: retried, so it is
/// applied once that time has come (or superseded by a corrected version).
pub(super) const FUTURE_CLOCK: &str = "future_clock";

/// Whether a record held with this reason is refused for good (never retried).
pub(super) fn is_final(code: &str) -> bool {
    [FOREIGN_REFERENCE, ID_TAKEN, ID_NOT_OWNER, KIND_NOT_ALLOWED].contains(&code)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn hold(
    tx: &Connection,
    kind: Option<&Kind>,
    kind_name: &str,
    record: &Incoming,
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
        kind_name,
        &*record.id,
        record.hlc,
        &*record.origin,
        record.to_json_line(kind),
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
    records: &[(String, Vec<Incoming>)],
    bundle_sha: &str,
    now: &str,
) -> rusqlite::Result<u64> {
    let mut held = 0;
    for (kind_name, records) in records {
        if kinds::by_name(kind_name).is_none() {
            for r in records {
                let reason = format!(
                    "loại hồ sơ \"{kind_name}\" của phiên bản mới hơn; hãy cài phiên bản mới nhất, hồ sơ sẽ được nhập tự động"
                );
                hold(
                    tx,
                    None,
                    kind_name,
                    r,
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

/// Tries every quarantined record that may yet be applied again, parents first, until
/// nothing more can be applied; returns how many left quarantine.
pub(super) fn retry(tx: &Connection, state: &mut Applying) -> std::result::Result<u64, ApplyError> {
    if !state.quarantine_used {
        return Ok(0);
    }
    let mut released = 0;
    loop {
        let mut waiting: Vec<(usize, String, Incoming)> = Vec::new();
        {
            let mut stmt = tx.prepare(
                "SELECT kind, record FROM quarantine
                 WHERE reason_code NOT IN (?1, ?2, ?3, ?4)",
            )?;
            let rows = stmt.query_map(
                params![FOREIGN_REFERENCE, ID_TAKEN, ID_NOT_OWNER, KIND_NOT_ALLOWED],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )?;
            for row in rows {
                let (kind, record) = row?;
                let Some(pos) = kinds::ALL.iter().position(|k| k.name == kind) else {
                    continue;
                };
                if let Ok(record) = parse_record(Some(kinds::ALL[pos]), record.as_bytes()) {
                    waiting.push((pos, kind, record));
                }
            }
        }
        waiting.sort_by_key(|a| (a.0, a.2.hlc));
        let mut progress = 0;
        for (pos, kind_name, record) in waiting {
            let kind = kinds::ALL[pos];
            match apply_record(tx, kind, &record, state)? {
                Outcome::Quarantined { code, reason } if is_final(code) => {
                    // Refused for good now (an id taken meanwhile): say so, stop trying.
                    tx.execute(
                        "UPDATE quarantine SET reason_code = ?5, reason = ?6
                         WHERE kind = ?1 AND record_id = ?2 AND hlc = ?3 AND origin = ?4",
                        params![
                            kind_name,
                            &*record.id,
                            record.hlc,
                            &*record.origin,
                            code,
                            reason
                        ],
                    )?;
                }
                Outcome::Quarantined { .. } => {}
                _ => {
                    tx.execute(
                        "DELETE FROM quarantine WHERE kind = ?1 AND record_id = ?2 AND hlc = ?3 AND origin = ?4",
                        params![kind_name, &*record.id, record.hlc, &*record.origin],
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
