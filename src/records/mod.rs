//! Records of every kind: validated create, update and delete with the sync columns, the
//! hybrid logical clock and the audit log, and reading them back.
//!
//! A write is one transaction: the input is converted field by field ([`convert`]),
//! checked as a whole ([`rules`]), its references are checked, then the row, its
//! history rows and its audit entry are written together. Any error rolls everything
//! back, so a refused form leaves the database exactly as it was.
//!
//! SQL here is assembled from the catalogue's static table and column names (never from
//! input); every value is a bound parameter.

pub mod convert;
pub(crate) mod ids;
pub mod participants;
mod preview;
pub mod recycle;
pub(crate) mod rows;
pub mod rules;
mod signed;
mod writer;

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value as Json};

pub use writer::Writer;

use crate::error::{Error, FieldProblem, Result};
use crate::kinds::{self, Kind};
use crate::Store;
use rows::SYNC_COLUMNS;

/// Field values as they come in and go out: JSON, keyed by field name.
pub type Fields = Map<String, Json>;

/// One record with its sync columns.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Record {
    pub kind: &'static str,
    pub id: String,
    pub owner: String,
    pub hlc: i64,
    pub origin: String,
    pub seq: i64,
    pub deleted: bool,
    pub fields: Fields,
}

impl Record {
    pub fn text(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Json::as_str)
    }
    pub fn int(&self, field: &str) -> Option<i64> {
        self.fields.get(field).and_then(Json::as_i64)
    }
}

/// What a save answers: the record's id and the warnings the clerk should see.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub id: String,
    pub warnings: Vec<FieldProblem>,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only records whose reference field equals this id, e.g. `("team_id", id)`.
    pub parent: Option<(String, String)>,
    pub include_deleted: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

impl ListQuery {
    pub fn children_of(field: &str, id: &str) -> ListQuery {
        ListQuery {
            parent: Some((field.to_string(), id.to_string())),
            ..Default::default()
        }
    }
}

impl Store {
    /// Runs several writes in one transaction (the demo generator and imports use it;
    /// the window saves one record at a time).
    pub fn write_batch<T>(&mut self, work: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let installation = self.installation()?;
        let actor = self.actor().to_string();
        self.write(|tx| {
            let mut writer = Writer::new(tx, &installation, &actor)?;
            let value = work(&mut writer)?;
            writer.finish()?;
            Ok(value)
        })
    }

    pub fn create(&mut self, kind: &str, input: &Fields) -> Result<Saved> {
        let kind = kinds::by_name_or_err(kind)?;
        let saved = self.write_batch(|w| w.create(kind, input))?;
        self.after_write(kind, saved)
    }

    pub fn update(&mut self, kind: &str, id: &str, changes: &Fields) -> Result<Saved> {
        let kind = kinds::by_name_or_err(kind)?;
        let saved = self.write_batch(|w| w.update(kind, id, changes))?;
        self.after_write(kind, saved)
    }

    /// A decision the write left signed gets its document saved as signed, in a
    /// transaction of its own (building it reads the store as committed). Killed between
    /// the two, the decision is signed and not yet saved: the window offers the save.
    fn after_write(&mut self, kind: &Kind, mut saved: Saved) -> Result<Saved> {
        if kind.name == "decision" {
            if let Some(message) = self.freeze_if_signed(&saved.id)? {
                saved.warnings.push(FieldProblem {
                    field: "document".into(),
                    label: "Văn bản như đã ký".into(),
                    message,
                });
            }
        }
        Ok(saved)
    }

    /// Deletes a record (a tombstone that travels like any change). Records that cannot
    /// exist without it (a team's members, a training's attendance …) are deleted with
    /// it; optional links to it are cleared. What it changed goes to the recycle bin
    /// ("Đã xóa gần đây", [`recycle`]) for [`recycle::KEPT_DAYS`] days, from where
    /// [`Store::restore_deleted`] brings it back. Returns how many records were deleted.
    pub fn delete(&mut self, kind: &str, id: &str) -> Result<usize> {
        let kind = kinds::by_name_or_err(kind)?;
        self.write_batch(|w| w.delete_to_bin(kind, id))
    }

    /// What deleting would take with it, per kind, for the confirmation dialog.
    pub fn delete_preview(&self, kind: &str, id: &str) -> Result<Vec<(String, usize)>> {
        let kind = kinds::by_name_or_err(kind)?;
        preview::dependants_preview(self.conn(), kind, id)
    }

    pub fn get(&self, kind: &str, id: &str) -> Result<Record> {
        let kind = kinds::by_name_or_err(kind)?;
        get_record(self.conn(), kind, id)?.ok_or_else(|| Error::NotFound {
            kind_label: kind.label.to_string(),
            id: id.to_string(),
        })
    }

    /// Records of a kind, live ones only unless asked; searchable kinds in Vietnamese
    /// order, others newest first.
    pub fn list(&self, kind: &str, query: &ListQuery) -> Result<Vec<Record>> {
        let kind = kinds::by_name_or_err(kind)?;
        let mut sql = format!(
            "SELECT {} FROM {} WHERE 1 = 1",
            select_columns(kind),
            kind.table
        );
        let mut args: Vec<Sql> = Vec::new();
        if let Some((field, id)) = &query.parent {
            let field = kind
                .field(field)
                .filter(|f| matches!(f.ty, kinds::FieldType::Ref(_)))
                .ok_or_else(|| Error::UnknownField {
                    kind_label: kind.label.to_string(),
                    field: field.to_string(),
                })?;
            sql.push_str(&format!(" AND {} = ?", field.name));
            args.push(Sql::Text(id.clone()));
        }
        if !query.include_deleted {
            sql.push_str(" AND deleted = 0");
        }
        if kind.searchable {
            sql.push_str(" ORDER BY sort_key, id");
        } else {
            sql.push_str(" ORDER BY hlc DESC, id");
        }
        sql.push_str(" LIMIT ? OFFSET ?");
        args.push(Sql::Integer(query.limit.map(|l| l as i64).unwrap_or(-1)));
        args.push(Sql::Integer(query.offset as i64));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| record_from_row(kind, r))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The audit log of one record, oldest first.
    pub fn history(&self, record_id: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT at, actor, action, kind, changes FROM audit_log
             WHERE record_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([record_id], |r| {
            let changes: String = r.get(4)?;
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                kind: r.get(3)?,
                changes: serde_json::from_str(&changes).unwrap_or(Json::Null),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub kind: String,
    pub changes: Json,
}

pub(crate) fn select_columns(kind: &Kind) -> String {
    let mut cols = SYNC_COLUMNS.join(", ");
    for f in kind.fields {
        cols.push_str(", ");
        cols.push_str(f.name);
    }
    cols
}

pub(crate) fn record_from_row(
    kind: &'static Kind,
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<Record> {
    let mut fields = Map::new();
    for (i, f) in kind.fields.iter().enumerate() {
        let v: Sql = r.get(6 + i)?;
        fields.insert(f.name.to_string(), convert::to_json(f, &v));
    }
    Ok(Record {
        kind: kind.name,
        id: r.get(0)?,
        owner: r.get(1)?,
        hlc: r.get(2)?,
        origin: r.get(3)?,
        seq: r.get(4)?,
        deleted: r.get::<_, i64>(5)? != 0,
        fields,
    })
}

pub(crate) fn get_record(
    conn: &rusqlite::Connection,
    kind: &'static Kind,
    id: &str,
) -> Result<Option<Record>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1",
        select_columns(kind),
        kind.table
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row([id], |r| record_from_row(kind, r))
        .optional()?)
}

#[cfg(test)]
mod tests;
