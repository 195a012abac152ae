//! "Đã xóa gần đây": the local recycle bin, and restoring a deletion from it.
//!
//! A deletion empties every optional field of the rows it tombstones (Law 91/2025/QH15,
//! see [`super::Writer::delete`]), so an undo needs a copy of what was there. Each
//! deletion the user asks for ([`crate::Store::delete`]) files one *batch* (schema 14):
//! the root record, every record the cascade tombstoned, and the optional links it
//! cleared on records that stayed, with their values as stored (nothing is decoded or
//! decrypted on the way in). The bin is local: it never travels in a bundle, is not part
//! of the content digest, and is kept [`KEPT_DAYS`] days, purged when the store opens
//! and at every deletion; after that only the tombstone remains, as before.
//!
//! A restore ([`crate::Store::restore_deleted`]) is a change like any other: each row
//! comes back as a new version of this installation (next clock value and `seq`,
//! logged in the audit log), so the next incremental bundle carries it and a receiving
//! unit that holds the tombstone takes it by last-writer-wins.

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value as Json};

use super::rows;
use super::rules::Row;
use super::Writer;
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::kinds::{self, FieldType, Kind};
use crate::records::convert;
use crate::Store;

mod list;
mod stored;

pub use list::DeletedBatch;
use stored::{capitalise, describe, from_stored, label_of, to_stored};

/// How long a deletion can be undone. Law 91/2025/QH15 asks that personal data be kept
/// only as long as it is needed: the copy exists to undo a mistake, which is noticed in
/// days; the office's backups are the longer record. Fixed, not a setting, so that no
/// installation keeps deleted people's data longer by accident.
pub const KEPT_DAYS: i64 = 30;

const DAY_MS: i64 = 86_400_000;

/// What one deletion changed, noted by the writer as it goes (see [`Writer::delete`]).
#[derive(Debug, Clone)]
pub(crate) struct Binned {
    kind: &'static Kind,
    id: String,
    /// `None`: the row was tombstoned; `Some(field)`: that optional link was cleared.
    cleared: Option<&'static str>,
    /// The fields as stored before (all of them, or the cleared one's value).
    stored: Json,
    /// The version the deletion wrote.
    hlc: i64,
}

/// What a restore brought back.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Restored {
    pub batch: String,
    pub kind: String,
    pub record_id: String,
    pub label: String,
    pub records: usize,
    pub links: usize,
}

impl Writer<'_> {
    /// Notes the row of `kind` `id` just tombstoned, with its fields as they were.
    pub(super) fn note_deleted(
        &mut self,
        kind: &'static Kind,
        id: &str,
        before: Row,
    ) -> Result<()> {
        if self.bin.is_none() {
            return Ok(());
        }
        let hlc = current_hlc(self.tx, kind, id)?;
        let stored = Json::Object(
            before
                .into_iter()
                .map(|(name, value)| (name.to_string(), to_stored(value)))
                .collect(),
        );
        self.push_binned(kind, id, None, stored, hlc);
        Ok(())
    }

    /// Notes that `field` of the record `id` (which stays) no longer names `target`.
    pub(super) fn note_cleared(
        &mut self,
        kind: &'static Kind,
        id: &str,
        field: &'static str,
        target: &str,
    ) -> Result<()> {
        if self.bin.is_none() {
            return Ok(());
        }
        let hlc = current_hlc(self.tx, kind, id)?;
        self.push_binned(kind, id, Some(field), json!(target), hlc);
        Ok(())
    }

    fn push_binned(
        &mut self,
        kind: &'static Kind,
        id: &str,
        cleared: Option<&'static str>,
        stored: Json,
        hlc: i64,
    ) {
        if let Some(bin) = self.bin.as_mut() {
            bin.push(Binned {
                kind,
                id: id.to_string(),
                cleared,
                stored,
                hlc,
            });
        }
    }

    /// The deletion the user asked for: [`Writer::delete`], with what it changed filed
    /// as one batch of the bin (after the expired ones are purged). Returns how many
    /// records were deleted.
    pub(crate) fn delete_to_bin(&mut self, kind: &'static Kind, id: &str) -> Result<usize> {
        purge(self.tx, crate::hlc::now_ms())?;
        self.bin = Some(Vec::new());
        let deleted = self.delete(kind, id);
        let binned = self.bin.take().unwrap_or_default();
        let deleted = deleted?;
        let batch = uuid::Uuid::now_v7().hyphenated().to_string();
        self.tx
            .prepare_cached(
                "INSERT INTO recycle_batches (id, deleted_at, deleted_ms, actor, root_kind, root_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                batch,
                self.now,
                crate::hlc::now_ms(),
                self.actor,
                kind.name,
                id
            ])?;
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO recycle_rows (batch_id, position, kind, record_id, effect, field, stored, hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (position, b) in binned.iter().enumerate() {
            insert.execute(params![
                batch,
                position as i64,
                b.kind.name,
                b.id,
                if b.cleared.is_some() {
                    "cleared"
                } else {
                    "deleted"
                },
                b.cleared,
                b.stored.to_string(),
                b.hlc
            ])?;
        }
        Ok(deleted)
    }

    /// Brings batch `batch` back: every check first (still deleted as the deletion left
    /// it, what it refers to live or coming back with it), then each row as a new
    /// version, parents before children, then the cleared links still empty; the batch
    /// leaves the bin. Any refusal leaves the database as it was (one transaction).
    pub(crate) fn restore_from_bin(&mut self, batch: &str) -> Result<Restored> {
        purge(self.tx, crate::hlc::now_ms())?;
        let (root_kind, root_id) = self
            .tx
            .query_row(
                "SELECT root_kind, root_id FROM recycle_batches WHERE id = ?1",
                [batch],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotInBin {
                batch: batch.to_string(),
            })?;
        let binned = load_batch(self.tx, batch)?;
        let coming_back: std::collections::HashSet<&str> = binned
            .iter()
            .filter(|b| b.cleared.is_none())
            .map(|b| b.id.as_str())
            .collect();
        let mut rows_back = Vec::new();
        for b in binned.iter().filter(|b| b.cleared.is_none()) {
            let row = from_stored(b.kind, &b.stored);
            let what = describe(b.kind, &row);
            let held: Option<(i64, i64, String)> = self
                .tx
                .prepare_cached(&format!(
                    "SELECT deleted, hlc, owner FROM {} WHERE id = ?1",
                    b.kind.table
                ))?
                .query_row([&b.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            match held {
                Some((1, hlc, owner)) if hlc == b.hlc && owner == self.installation.unit_code => {}
                _ => return Err(Error::RestoreSuperseded { what }),
            }
            for field in b.kind.fields {
                let (FieldType::Ref(target), Sql::Text(target_id)) = (field.ty, &row[field.name])
                else {
                    continue;
                };
                if coming_back.contains(target_id.as_str()) {
                    continue;
                }
                let target = kinds::by_name(target).expect("catalogue kind");
                if let Some(parent) = deleted_parent(self.tx, target, target_id)? {
                    return Err(Error::RestoreNeedsParent {
                        what,
                        parent: parent.0,
                        then: parent.1,
                    });
                }
            }
            rows_back.push((b, row));
        }
        // Parents first: the deletion noted children before their parent.
        for (b, row) in rows_back.iter().rev() {
            let mut write = self.new_version(b.kind)?;
            write.set("deleted", Sql::Integer(0));
            for field in b.kind.fields {
                write.set(field.name, row[field.name].clone());
            }
            write.set_search(b.kind, row);
            let sql = write.update_sql(b.kind.table);
            write.update(self.tx, &sql, &b.id)?;
            let changes = audit::record_changes(
                b.kind,
                Action::Update,
                b.kind
                    .fields
                    .iter()
                    .filter(|f| !f.required && !matches!(row[f.name], Sql::Null))
                    .map(|f| {
                        (
                            f.name,
                            json!([Json::Null, convert::to_json(f, &row[f.name])]),
                        )
                    }),
            );
            self.audit(Action::Update, b.kind, &b.id, &changes)?;
        }
        let mut links = 0;
        for b in binned.iter() {
            let Some(field_name) = b.cleared else {
                continue;
            };
            let Some(mut row) =
                live_own_fields(self.tx, b.kind, &b.id, &self.installation.unit_code)?
            else {
                continue;
            };
            if !matches!(row[field_name], Sql::Null) {
                continue;
            }
            let Some(target) = b.stored.as_str() else {
                continue;
            };
            row.insert(field_name, Sql::Text(target.to_string()));
            self.update_row(b.kind, &b.id, &row, &[field_name])?;
            let field = b.kind.field(field_name).expect("catalogue field");
            let changes = audit::record_changes(
                b.kind,
                Action::Update,
                [(
                    field_name,
                    json!([Json::Null, convert::to_json(field, &row[field_name])]),
                )],
            );
            self.audit(Action::Update, b.kind, &b.id, &changes)?;
            links += 1;
        }
        self.tx
            .execute("DELETE FROM recycle_batches WHERE id = ?1", [batch])?;
        let root = rows_back
            .iter()
            .find(|(b, _)| b.id == root_id)
            .map(|(b, row)| label_of(b.kind, row))
            .unwrap_or_default();
        Ok(Restored {
            batch: batch.to_string(),
            kind: root_kind,
            record_id: root_id,
            label: root,
            records: rows_back.len(),
            links,
        })
    }
}

impl Store {
    /// Undoes one deletion of [`Store::recently_deleted`] (see [`Writer`]'s
    /// `restore_from_bin`): the records come back with their fields, as new versions
    /// that the next bundle carries.
    pub fn restore_deleted(&mut self, batch: &str) -> Result<Restored> {
        self.write_batch(|w| w.restore_from_bin(batch))
    }

    /// Drops what the bin has kept longer than [`KEPT_DAYS`] days (at open).
    pub(crate) fn purge_recycle_bin(&self) -> Result<()> {
        purge(self.conn(), crate::hlc::now_ms())
    }
}
/// Drops the batches deleted before `now_ms` minus [`KEPT_DAYS`] days (their rows go
/// with them: `ON DELETE CASCADE`).
pub(crate) fn purge(conn: &Connection, now_ms: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM recycle_batches WHERE deleted_ms < ?1")?
        .execute([now_ms - KEPT_DAYS * DAY_MS])?;
    Ok(())
}

fn current_hlc(conn: &Connection, kind: &Kind, id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!("SELECT hlc FROM {} WHERE id = ?1", kind.table))?
        .query_row([id], |r| r.get(0))?)
}

fn load_batch(conn: &Connection, batch: &str) -> Result<Vec<Binned>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, record_id, field, stored, hlc FROM recycle_rows
          WHERE batch_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, id, field, stored, hlc) = row?;
        let kind = kinds::by_name_or_err(&kind)?;
        let cleared = match field {
            Some(name) => Some(
                kind.field(&name)
                    .ok_or_else(|| Error::internal(format!("recycle bin: no field {name}")))?
                    .name,
            ),
            None => None,
        };
        let stored = serde_json::from_str(&stored)
            .map_err(|e| Error::internal(format!("recycle bin: {e}")))?;
        out.push(Binned {
            kind,
            id,
            cleared,
            stored,
            hlc,
        });
    }
    Ok(out)
}

/// The record `id` of `kind` when it is held deleted: its description, and what to do
/// (restore it first from the bin, or it cannot come back).
fn deleted_parent(
    conn: &Connection,
    kind: &'static Kind,
    id: &str,
) -> Result<Option<(String, String)>> {
    let deleted: Option<i64> = conn
        .prepare_cached(&format!("SELECT deleted FROM {} WHERE id = ?1", kind.table))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if deleted == Some(0) {
        return Ok(None);
    }
    // Its copy in the bin (the newest deletion that tombstoned it) names it best.
    let binned: Option<String> = conn
        .prepare_cached(
            "SELECT r.stored FROM recycle_rows r JOIN recycle_batches b ON b.id = r.batch_id
              WHERE r.record_id = ?1 AND r.effect = 'deleted'
              ORDER BY b.deleted_ms DESC LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let row = match &binned {
        Some(s) => from_stored(kind, &serde_json::from_str(s).unwrap_or(Json::Null)),
        None => rows::load_fields(conn, kind, id)?.unwrap_or_else(|| rows::empty(kind)),
    };
    let parent = describe(kind, &row);
    let then = if binned.is_some() {
        format!("Hãy khôi phục {parent} trước (cũng ở 'Đã xóa gần đây'), rồi khôi phục lại mục này")
    } else {
        format!("{} không còn trong 'Đã xóa gần đây' của máy này (đã xóa quá {KEPT_DAYS} ngày, hoặc xóa ở máy khác) nên mục này không khôi phục được; hãy nhập lại nếu cần", capitalise(&parent))
    };
    Ok(Some((parent, then)))
}

/// The live fields of an own record, or `None` when it is deleted, missing or another
/// unit's.
fn live_own_fields(
    conn: &Connection,
    kind: &'static Kind,
    id: &str,
    unit: &str,
) -> Result<Option<Row>> {
    Ok(conn
        .prepare_cached(&rows::select_fields(kind, "owner, deleted, "))?
        .query_row([id], |r| {
            let owner: String = r.get(0)?;
            let deleted: i64 = r.get(1)?;
            (owner == unit && deleted == 0)
                .then(|| rows::read_fields(kind, r, 2))
                .transpose()
        })
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests;
