//! The audit log: who did what, when, kept as a hash chain so that an entry changed,
//! removed or slipped in outside the program is found ([`verify`]).
//!
//! Every entry goes through [`append`], the one way into `audit_log` (schema 9). Each
//! entry holds the hash of the one before (`prev_hash`) and its own (`hash`); the
//! one-row table `audit_head` holds how many entries there are, the last one's id and
//! its hash, and moves in the same transaction as every append. The chain finds an entry
//! edited or deleted in the middle; the head finds the last entries removed (a chain
//! alone cannot: what is left of it is still a valid chain).
//!
//! # The hash of an entry
//!
//! `hash` is the lower-case hex SHA-256 of these nine parts, in this order, each written
//! as its length in bytes (8 bytes, big-endian, unsigned) followed by its UTF-8 bytes:
//!
//! 1. the tag `xungkich-audit-v1`;
//! 2. `prev_hash`: the previous entry's `hash` (64 hex digits), or 64 zeros for the
//!    first entry;
//! 3. `id`, in decimal ASCII (`123`);
//! 4. `at`, 5. `actor`, 6. `action`, 7. `kind`, 8. `record_id`: the columns as stored;
//! 9. `changes`: the column's text exactly as stored (it is JSON, but hashed as text,
//!    so no re-serialisation can change it).
//!
//! The length prefix keeps the parts apart: moving text from `actor` into `kind`
//! changes the hash. docs/audit-log.md has the same rule with an example.
//!
//! # What this protects against, and what not
//!
//! The chain has no secret: somebody who edits the file with an SQLite tool *and*
//! recomputes every later hash and the head by this rule is not found from the file
//! alone. What it finds is any edit that does not do that: a row changed or deleted by
//! hand, a table emptied, an old copy of the log pasted in. A comparison with an older
//! backup (its head must be an entry of the current chain, with the same hash) finds the
//! rest.
//!
//! # Values kept out of the log
//!
//! A record's entry says which fields changed; the value is left out ([`keeps_value_out`])
//! for sensitive and confidential fields and for the ones that single a person out (ID
//! number, phone, birth date): the log outlives the record (a deleted member's row is
//! tombstoned and sent on without them; the log would keep them for ever).

#[cfg(test)]
mod tests;
mod verify;

use rusqlite::types::ToSql;
use rusqlite::{params, params_from_iter, Connection, Row, Transaction};
use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::kinds::{self, Field, FieldType, Sensitivity};

pub use verify::{verify, Break, BreakKind, ChainReport};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The first part of every hashed entry (see the module's comment).
const TAG: &str = "xungkich-audit-v1";

/// What an entry records. Each is one value of the `action` column's CHECK (schema 9),
/// which also lists those that other parts of issue 12 log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Insert,
    Update,
    Delete,
    /// A bundle imported.
    Import,
    /// A sender's key accepted by the officer.
    Enrol,
    /// A sender's key no longer accepted.
    Revoke,
    /// A bundle written.
    Export,
    /// A receiving unit's card trusted by a commune.
    Trust,
    Untrust,
    /// A receiving unit's card made.
    Card,
    Receipt,
    /// A backup written.
    Backup,
    /// The database replaced by a backup.
    Restore,
    /// A commune's records taken back from its receiving unit.
    Recover,
    /// Keys made, moved or replaced.
    Keys,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::Insert,
        Action::Update,
        Action::Delete,
        Action::Import,
        Action::Enrol,
        Action::Revoke,
        Action::Export,
        Action::Trust,
        Action::Untrust,
        Action::Card,
        Action::Receipt,
        Action::Backup,
        Action::Restore,
        Action::Recover,
        Action::Keys,
    ];

    /// The value stored in the `action` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Insert => "insert",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Import => "import",
            Action::Enrol => "enrol",
            Action::Revoke => "revoke",
            Action::Export => "export",
            Action::Trust => "trust",
            Action::Untrust => "untrust",
            Action::Card => "card",
            Action::Receipt => "receipt",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::Recover => "recover",
            Action::Keys => "keys",
        }
    }
}

/// One entry to append. `kind` is a record kind's name, or what else the entry is about
/// (`bundle`, `sender`, `database`); `record_id` the record's id, a bundle's hash, an
/// installation id.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// RFC 3339 local time, seconds (`2026-03-05T09:30:00+07:00`).
    pub at: &'a str,
    pub actor: &'a str,
    pub action: Action,
    pub kind: &'a str,
    pub record_id: &'a str,
    /// What changed, never a value kept out of the log (see [`record_changes`]).
    pub changes: &'a Json,
}

/// The head of the chain: how many entries, the last one's id and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub entries: i64,
    pub last_id: i64,
    pub hash: String,
}

/// Appends `entry` to the chain. Must run inside the transaction of the write it logs
/// (the head is read and moved in it, so two appends can never chain from the same
/// entry, and a write rolled back takes its entry with it).
pub fn append(conn: &Connection, entry: &Entry) -> Result<()> {
    if conn.is_autocommit() {
        return Err(Error::internal(
            "an audit entry outside a write's transaction",
        ));
    }
    let head = read_head(conn)?.ok_or_else(|| Error::internal("audit_head is missing"))?;
    // The id follows the head, not max(id): after a tail removed by hand, the next entry
    // still names the hash of the last one the program wrote, so the gap stays visible.
    let id = head.last_id + 1;
    let changes = entry.changes.to_string();
    let columns = [
        entry.at,
        entry.actor,
        entry.action.as_str(),
        entry.kind,
        entry.record_id,
        &changes,
    ];
    let hash = entry_hash(&head.hash, id, columns);
    let mut values: Vec<&dyn ToSql> = vec![&id];
    values.extend(columns.iter().map(|c| c as &dyn ToSql));
    values.extend([&head.hash as &dyn ToSql, &hash]);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, action, kind, record_id, changes, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params_from_iter(values))?;
    conn.prepare_cached(
        "UPDATE audit_head SET entries = entries + 1, last_id = ?1, hash = ?2 WHERE singleton = 1",
    )?
    .execute(params![id, hash])?;
    Ok(())
}

/// The time stamp entries are written with: local time, to the second.
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub(crate) fn read_head(conn: &Connection) -> Result<Option<Head>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT entries, last_id, hash FROM audit_head WHERE singleton = 1")?
        .query_row([], |r| {
            Ok(Head {
                entries: r.get(0)?,
                last_id: r.get(1)?,
                hash: r.get(2)?,
            })
        })
        .optional()?)
}

/// `at`, `actor`, `action`, `kind`, `record_id` and `changes` of a row whose columns 1
/// to 6 are those.
fn stored_columns(r: &Row) -> rusqlite::Result<[String; 6]> {
    Ok([
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ])
}

/// The hash of an entry (the rule is in the module's comment). `columns` are `at`,
/// `actor`, `action`, `kind`, `record_id` and `changes`, as stored.
pub fn entry_hash(prev_hash: &str, id: i64, columns: [&str; 6]) -> String {
    let mut h = Sha256::new();
    let id = id.to_string();
    for part in [TAG, prev_hash, &id].into_iter().chain(columns) {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Whether a field's value stays out of the log: sensitive and confidential fields, and
/// those that single a person out.
pub fn keeps_value_out(field: &Field) -> bool {
    field.sensitivity != Sensitivity::Normal
        // A document as signed names every member: the log says it was saved, not what.
        || matches!(
            field.ty,
            FieldType::IdNumber | FieldType::Phone | FieldType::DocumentModel { .. }
        )
        || field.name == "birth_date"
}

/// What a record's entry says in place of a value kept out of the log.
fn hidden(action: Action) -> Json {
    let said = match action {
        Action::Insert => "đã nhập",
        _ => "đã thay đổi",
    };
    json!({ "masked": said })
}

/// The `changes` of a record's entry: for an insert `{field: value}`, for an update
/// `{field: [before, after]}`, with `{"masked": "đã nhập" | "đã thay đổi"}` in place of
/// a value kept out of the log (an object, which no field's value ever is).
pub fn record_changes(
    kind: &kinds::Kind,
    action: Action,
    values: impl IntoIterator<Item = (&'static str, Json)>,
) -> Json {
    let map: Map<String, Json> = values
        .into_iter()
        .map(|(name, value)| {
            let out = kind.field(name).is_some_and(keeps_value_out);
            (name.to_string(), if out { hidden(action) } else { value })
        })
        .collect();
    Json::Object(map)
}

/// Rewrites the `changes` of an entry written before schema 9 as [`record_changes`]
/// would have: `None` when nothing in it is kept out of the log.
fn masked_old_changes(action: &str, kind: &str, changes: &str) -> Option<String> {
    let action = match action {
        "insert" => Action::Insert,
        "update" => Action::Update,
        _ => return None,
    };
    let kind = kinds::by_name(kind)?;
    let Ok(Json::Object(map)) = serde_json::from_str::<Json>(changes) else {
        return None;
    };
    let mut touched = false;
    let map: Map<String, Json> = map
        .into_iter()
        .map(|(name, value)| match kind.field(&name) {
            Some(f) if keeps_value_out(f) && value != hidden(action) => {
                touched = true;
                (name, hidden(action))
            }
            _ => (name, value),
        })
        .collect();
    touched.then(|| Json::Object(map).to_string())
}

/// Migration 9's step of code: the entries written before it, taken in id order, lose
/// the values now kept out of the log and are chained; the head is set. (The copy of
/// the file put aside before the migration still has them as they were.)
pub(crate) fn chain_existing(tx: &Transaction) -> Result<()> {
    const PAGE: i64 = 1000;
    let mut prev = GENESIS.to_string();
    let (mut after, mut entries) = (i64::MIN, 0_i64);
    loop {
        // By pages: the rows are updated as the walk goes, so none is read while a
        // statement over the table is open.
        let rows: Vec<(i64, [String; 6])> = tx
            .prepare(
                "SELECT id, at, actor, action, kind, record_id, changes FROM audit_log
                 WHERE id > ?1 ORDER BY id LIMIT ?2",
            )?
            .query_map(params![after, PAGE], |r| {
                Ok((r.get(0)?, stored_columns(r)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if rows.is_empty() {
            break;
        }
        for (id, mut columns) in rows {
            if let Some(masked) = masked_old_changes(&columns[2], &columns[3], &columns[5]) {
                columns[5] = masked;
            }
            let [at, actor, action, kind, record_id, changes] = &columns;
            let hash = entry_hash(&prev, id, [at, actor, action, kind, record_id, changes]);
            tx.prepare_cached(
                "UPDATE audit_log SET changes = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            )?
            .execute(params![id, changes, prev, hash])?;
            (prev, after) = (hash, id);
            entries += 1;
        }
    }
    tx.execute(
        "INSERT INTO audit_head (singleton, entries, last_id, hash) VALUES (1, ?1, ?2, ?3)",
        params![entries, after.max(0), prev],
    )?;
    Ok(())
}
