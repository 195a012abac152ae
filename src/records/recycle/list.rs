//! The list of "Đã xóa gần đây": what the bin holds, newest first, named from its copies.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value as Json;

use super::stored::{from_stored, label_of};
use super::{DAY_MS, KEPT_DAYS};
use crate::error::Result;
use crate::kinds;
use crate::Store;

/// One deletion in the bin, as the screen and `deleted` list it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeletedBatch {
    pub id: String,
    /// RFC 3339, local time (as the audit log).
    pub deleted_at: String,
    pub actor: String,
    pub kind: String,
    pub kind_label: String,
    pub record_id: String,
    /// The root's name (a team's, a member's…), from the copy in the bin.
    pub label: String,
    /// How many records the deletion tombstoned, the root included.
    pub records: usize,
    /// How many links of other records it cleared.
    pub links: usize,
    /// What came with the root, per kind: `[[label, count]]`, as `delete_preview` says
    /// it before a deletion (the confirmation of a restore names it).
    pub with: Vec<(String, usize)>,
    /// The last day it can be restored (`YYYY-MM-DD`, local).
    pub restorable_until: String,
}

impl Store {
    /// What was deleted in the last [`KEPT_DAYS`] days and can be restored, newest
    /// first. A read: expired batches are left out here and purged by the next write.
    pub fn recently_deleted(&self) -> Result<Vec<DeletedBatch>> {
        let since = crate::hlc::now_ms() - KEPT_DAYS * DAY_MS;
        let mut stmt = self.conn().prepare(
            "SELECT b.id, b.deleted_at, b.deleted_ms, b.actor, b.root_kind, b.root_id,
                    (SELECT stored FROM recycle_rows r
                      WHERE r.batch_id = b.id AND r.record_id = b.root_id AND r.effect = 'deleted'),
                    (SELECT count(*) FROM recycle_rows r WHERE r.batch_id = b.id AND r.effect = 'deleted'),
                    (SELECT count(*) FROM recycle_rows r WHERE r.batch_id = b.id AND r.effect = 'cleared')
               FROM recycle_batches b WHERE b.deleted_ms >= ?1
              ORDER BY b.deleted_ms DESC, b.id DESC",
        )?;
        let rows = stmt.query_map([since], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, ms, actor, kind_name, record_id, stored, records, links) = row?;
            let kind = kinds::by_name_or_err(&kind_name)?;
            let id_for_parts = id.clone();
            let stored = stored
                .and_then(|s| serde_json::from_str::<Json>(&s).ok())
                .unwrap_or(Json::Null);
            let until = chrono::DateTime::from_timestamp_millis(ms + KEPT_DAYS * DAY_MS)
                .map(|d| {
                    d.with_timezone(&chrono::Local)
                        .format("%Y-%m-%d")
                        .to_string()
                })
                .unwrap_or_default();
            out.push(DeletedBatch {
                id,
                deleted_at: at,
                actor,
                kind: kind.name.to_string(),
                kind_label: kind.label.to_string(),
                record_id,
                label: label_of(kind, &from_stored(kind, &stored)),
                records: records as usize,
                links: links as usize,
                with: came_with(self.conn(), &id_for_parts, kind.name)?,
                restorable_until: until,
            });
        }
        Ok(out)
    }
}

/// The records a deletion took with its root, per kind (the root itself left out).
fn came_with(conn: &Connection, batch: &str, root_kind: &str) -> Result<Vec<(String, usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, count(*) FROM recycle_rows WHERE batch_id = ?1 AND effect = 'deleted'
          GROUP BY kind ORDER BY min(position)",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, n) = row?;
        let n = n as usize - usize::from(kind == root_kind);
        if n > 0 {
            out.push((kinds::by_name_or_err(&kind)?.label.to_string(), n));
        }
    }
    Ok(out)
}
