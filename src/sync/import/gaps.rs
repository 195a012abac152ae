//! After a bundle is applied: its entry in the import log (so the same file again is a
//! duplicate), and per sender the covered change-counter ranges, whose holes are the
//! gaps reported in words (a missing bundle).

use rusqlite::{params, Connection, OptionalExtension};

use super::{Gap, ImportReport};
use crate::audit;
use crate::error::Result;
use crate::sync::manifest::Manifest;

pub(super) fn log_import(
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
    audit::append(
        tx,
        &audit::Entry {
            at: &now,
            actor,
            action: audit::Action::Import,
            kind: "bundle",
            record_id: sha256,
            changes: &summary,
        },
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
        let merged = merge_ranges(ranges);
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

/// Ranges (inclusive) sorted, with touching or overlapping ones merged.
pub(crate) fn merge_ranges(mut ranges: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    ranges.sort();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            // Ranges are below 2^62 (checked on import); saturating all the same.
            Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// The holes in what a sender has sent: before its first range and between ranges.
pub(super) fn gaps_in(conn: &rusqlite::Connection, installation: &str) -> Result<Vec<Gap>> {
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
        expected = expected.max(b.saturating_add(1));
    }
    Ok(gaps)
}
