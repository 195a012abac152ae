//! An order-independent content hash of the records, per kind and in total, so a commune
//! and its district can check that they hold the same thing.
//!
//! Each record is hashed as canonical JSON (keys sorted, no spaces) of its id, owner,
//! tombstone flag and the fields that travel between installations; the hashes of a kind
//! are sorted and hashed again, so the order rows were written in does not matter. The
//! local columns (`seq`) and the version stamp (`hlc`, `origin`) are left out: two
//! installations that hold the same content agree even if they learned it in different
//! orders. Confidential and sensitive fields are left out too, because they do not leave
//! the commune by default.

use std::collections::BTreeMap;

use rusqlite::types::Value as Sql;
use serde::Serialize;
use serde_json::{json, Map, Value as Json};
use sha2::{Digest as _, Sha256};

use crate::error::Result;
use crate::kinds::{self, Sensitivity};
use crate::records::convert;
use crate::Store;

/// Kinds that programs up to schema 5 do not know (see [`Store::digest`]).
const ADDED_AFTER_SCHEMA_5: &[&str] =
    &["inspection_follow_up", "commendation_proposal", "programme"];

/// Fields added since schema 13 (`kind.field`): each counts only when it holds a value,
/// so that a program of schema 12 and one of 13 holding the same records agree (a new
/// field is empty until someone fills it).
pub const ADDED_SINCE_SCHEMA_13: &[(&str, &str)] = &[
    ("decision", "issuing_unit"),
    ("decision", "document"),
    ("member", "age_exception"),
    ("member", "professional_level"),
    ("commendation", "proposal_id"),
    ("programme_link", "programme_id"),
    ("programme_link", "duty"),
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KindDigest {
    pub count: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Digest {
    pub kinds: BTreeMap<String, KindDigest>,
    pub sha256: String,
}

fn record_hash(id: &str, owner: &str, deleted: bool, fields: Map<String, Json>) -> [u8; 32] {
    let canonical = json!({
        "id": id,
        "owner": owner,
        "deleted": deleted,
        "fields": Json::Object(fields),
    });
    Sha256::digest(canonical.to_string().as_bytes()).into()
}

impl Store {
    /// The digest of every record, or of those owned by `unit` only.
    pub fn digest(&self, unit: Option<&str>) -> Result<Digest> {
        let mut kinds_out = BTreeMap::new();
        let mut total = Sha256::new();
        for kind in kinds::ALL {
            let travelling: Vec<_> = kind
                .fields
                .iter()
                .filter(|f| f.sensitivity == Sensitivity::Normal)
                .collect();
            let columns: Vec<&str> = travelling.iter().map(|f| f.name).collect();
            let sql = format!(
                "SELECT id, owner, deleted{}{} FROM {} WHERE ?1 IS NULL OR owner = ?1",
                if columns.is_empty() { "" } else { ", " },
                columns.join(", "),
                kind.table
            );
            let mut stmt = self.conn().prepare(&sql)?;
            let mut rows = stmt.query([unit])?;
            let mut hashes: Vec<[u8; 32]> = Vec::new();
            while let Some(r) = rows.next()? {
                let deleted = r.get::<_, i64>(2)? != 0;
                let mut fields = Map::new();
                // A deleted record counts by its id alone: its tombstone travels
                // without fields, and the receiving side empties what it held.
                if !deleted {
                    for (i, f) in travelling.iter().enumerate() {
                        let v: Sql = r.get(3 + i)?;
                        if v == Sql::Null && ADDED_SINCE_SCHEMA_13.contains(&(kind.name, f.name)) {
                            continue;
                        }
                        fields.insert(f.name.to_string(), convert::to_json(f, &v));
                    }
                }
                hashes.push(record_hash(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    deleted,
                    fields,
                ));
            }
            drop(rows);
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, owner FROM tombstones WHERE kind = ?1 AND (?2 IS NULL OR owner = ?2)",
            )?;
            let mut buried = stmt.query(rusqlite::params![kind.name, unit])?;
            while let Some(r) = buried.next()? {
                hashes.push(record_hash(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    true,
                    Map::new(),
                ));
            }
            hashes.sort_unstable();
            let mut h = Sha256::new();
            for x in &hashes {
                h.update(x);
            }
            let kind_sha = hex::encode(h.finalize());
            // A kind added after schema 5 counts in the total only once it holds rows, so
            // an installation that never used it agrees with one whose program is older
            // (a commune that has not updated its program, the migrated files of tests).
            if !(hashes.is_empty() && ADDED_AFTER_SCHEMA_5.contains(&kind.name)) {
                total.update(format!("{}:{}:{}\n", kind.name, hashes.len(), kind_sha).as_bytes());
            }
            kinds_out.insert(
                kind.name.to_string(),
                KindDigest {
                    count: hashes.len() as u64,
                    sha256: kind_sha,
                },
            );
        }
        Ok(Digest {
            kinds: kinds_out,
            sha256: hex::encode(total.finalize()),
        })
    }
}
