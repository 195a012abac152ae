//! Applying a verified, authorised bundle inside the caller's savepoint: per record the
//! version with the greater `(hlc, origin)` wins (a tombstone is a version like any
//! other), so imports are idempotent and their order does not matter. A record that
//! cannot be applied yet is handed to [`super::quarantine`].

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OptionalExtension};

use super::parse::Incoming;
use super::verify::Verified;
use super::{authorise, quarantine, ImportReport, PROGRESS_EVERY};
use crate::error::Error;
use crate::hlc;
use crate::installation::Role;
use crate::kinds::{self, FieldType, Kind};
use crate::records::convert;
use crate::records::rows::{self, RowWrite};
use crate::sync::refusal::Refusal;
use crate::sync::stage::Stage;
use crate::sync::WireRecord;

/// What happened to one record.
pub(super) enum Outcome {
    Inserted,
    Updated,
    Unchanged,
    /// Concerns another unit (see `Applying::pass_over_foreign`).
    NotForUs,
    Quarantined {
        code: &'static str,
        reason: String,
    },
}

pub(super) enum ApplyError {
    Refused(Refusal),
    Store(Error),
}

impl From<Error> for ApplyError {
    fn from(e: Error) -> Self {
        ApplyError::Store(e)
    }
}

impl From<rusqlite::Error> for ApplyError {
    fn from(e: rusqlite::Error) -> Self {
        ApplyError::Store(e.into())
    }
}

/// The local clock and counter, advanced as records are applied, and what this
/// transaction already knows (so the hot path asks the database less).
pub(super) struct Applying {
    clock: hlc::Clock,
    /// Ids applied in this transaction: a reference to one of them needs no lookup.
    applied: std::collections::HashSet<String>,
    /// Whether anything may be waiting in quarantine (else there is nothing to clear).
    pub(super) quarantine_used: bool,
    /// A commune receiving its receiving unit's bundle: a record that names a record
    /// this commune does not hold concerns another commune (the district sends all its
    /// inspections to every commune), so it is passed over rather than kept waiting.
    pass_over_foreign: bool,
    /// Statement texts by (kind, fields present as a bit mask, update or insert, staged).
    sql: HashMap<(&'static str, u64, bool, bool), String>,
    /// New rows of full-text-indexed tables wait here (see [`crate::sync::stage`]).
    pub(super) stage: Stage,
}

pub(super) fn apply(
    tx: &Connection,
    receiver_role: Role,
    v: &Verified,
    bundle_sha: &str,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(u64, u64),
) -> std::result::Result<(), ApplyError> {
    let clock = hlc::Clock::load(tx)?;
    let quarantine_used: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM quarantine)", [], |r| r.get(0))?;
    let mut state = Applying {
        clock,
        applied: Default::default(),
        quarantine_used,
        pass_over_foreign: receiver_role == Role::Commune && v.manifest.sender.role == "district",
        sql: HashMap::new(),
        // Only searchable kinds can have a full-text index.
        stage: Stage::new(
            tx,
            &kinds::ALL
                .iter()
                .filter(|k| k.searchable)
                .map(|k| k.table)
                .collect::<Vec<_>>(),
        )?,
    };
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let by_kind: HashMap<&str, &Vec<Incoming>> =
        v.records.iter().map(|(k, r)| (k.as_str(), r)).collect();

    // The bundle's files first, whatever their records' fate: content-addressed, so a
    // quarantined record finds its scan when it is released.
    for (sha, data) in &v.attachments {
        crate::attachments::insert_received(tx, sha, data)?;
    }
    let records_total: u64 = v.records.iter().map(|(_, r)| r.len() as u64).sum();
    let mut records_done = 0u64;
    progress(0, records_total);
    // Known kinds, parents first; a kind's staged rows are in place before its children.
    state.stage.active = true;
    for kind in kinds::ALL {
        state.stage.flush(tx)?;
        let Some(records) = by_kind.get(kind.name) else {
            continue;
        };
        for r in records.iter() {
            records_done += 1;
            if records_done % PROGRESS_EVERY == 0 {
                progress(records_done, records_total);
            }
            match apply_record(tx, kind, &r.wire, &mut state)? {
                Outcome::Inserted => report.inserted += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::NotForUs => report.passed_over += 1,
                Outcome::Quarantined { code, reason } => {
                    state.quarantine_used = true;
                    quarantine::hold(tx, kind.name, &r.wire, code, &reason, bundle_sha, &now)?;
                    report.quarantined += 1;
                }
            }
        }
    }
    state.stage.flush(tx)?;
    state.stage.active = false;
    // Kinds this version does not know wait for an upgrade.
    report.quarantined += quarantine::hold_newer_kinds(tx, v, bundle_sha, &now)?;
    report.released = quarantine::retry(tx, &mut state)?;
    progress(records_total, records_total);
    state.clock.save(tx)?;
    Ok(())
}

/// Applies one record by last-writer-wins, or says why it must wait.
pub(super) fn apply_record(
    tx: &Connection,
    kind: &'static Kind,
    wire: &WireRecord,
    state: &mut Applying,
) -> std::result::Result<Outcome, ApplyError> {
    // A second version of a record staged in this bundle: the first must be in place.
    if state.stage.holds(&wire.id) {
        state.stage.flush(tx)?;
    }
    let existing: Option<(String, i64, String)> = tx
        .prepare_cached(&format!(
            "SELECT owner, hlc, origin FROM {} WHERE id = ?1",
            kind.table
        ))?
        .query_row([&wire.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((owner, hlc, origin)) = &existing {
        authorise::check_held(wire, owner).map_err(ApplyError::Refused)?;
        if (wire.hlc, wire.origin.as_str()) <= (*hlc, origin.as_str()) {
            return Ok(Outcome::Unchanged);
        }
    }
    // Convert and check the fields it carries.
    let mut values: Vec<(&'static str, Sql)> = Vec::with_capacity(wire.fields.len());
    for (name, value) in &wire.fields {
        let Some(field) = kind.field(name) else {
            return Ok(Outcome::Quarantined {
                code: "newer_field",
                reason: format!(
                    "trường \"{name}\" của phiên bản mới hơn; hãy cài phiên bản mới nhất"
                ),
            });
        };
        let sql = match convert::to_sql(field, value) {
            Ok(v) => v,
            Err(message) => {
                return Ok(Outcome::Quarantined {
                    code: "bad_value",
                    reason: format!("{}: {message}", field.label),
                })
            }
        };
        if let Sql::Text(target) = &sql {
            match field.ty {
                FieldType::Ref(_) if state.applied.contains(target.as_str()) => {}
                FieldType::Ref(target_kind) => {
                    let target_kind = kinds::by_name(target_kind).expect("catalogue kind");
                    let found: Option<i64> = tx
                        .prepare_cached(&format!(
                            "SELECT 1 FROM {} WHERE id = ?1",
                            target_kind.table
                        ))?
                        .query_row([target], |r| r.get(0))
                        .optional()?;
                    if found.is_none() && state.pass_over_foreign {
                        return Ok(Outcome::NotForUs);
                    }
                    if found.is_none() {
                        return Ok(Outcome::Quarantined {
                            code: "missing_reference",
                            reason: format!("chờ {} {target} (chưa nhận được)", target_kind.label),
                        });
                    }
                }
                FieldType::Attachment => {
                    // The bundle's files were stored before any record (see `apply`).
                    let have: Option<i64> = tx
                        .prepare_cached("SELECT 1 FROM attachments WHERE sha256 = ?1")?
                        .query_row([target], |r| r.get(0))
                        .optional()?;
                    if have.is_none() {
                        return Ok(Outcome::Quarantined {
                            code: "missing_attachment",
                            reason: format!("chờ tệp đính kèm {target} (chưa nhận được)"),
                        });
                    }
                }
                _ => {}
            }
        }
        values.push((field.name, sql));
    }
    if !wire.deleted && existing.is_none() {
        for field in kind.fields.iter().filter(|f| f.required) {
            if !values
                .iter()
                .any(|(n, v)| *n == field.name && !matches!(v, Sql::Null))
            {
                return Ok(Outcome::Quarantined {
                    code: "bad_value",
                    reason: format!("{}: thiếu giá trị bắt buộc", field.label),
                });
            }
        }
    }
    let seq = state.clock.receive(wire.hlc);
    // An update finds its row by the id; a new row is written with it.
    let mut write = RowWrite::version(
        kind,
        existing.is_none().then_some(wire.id.as_str()),
        &wire.owner,
        wire.hlc,
        &wire.origin,
        seq,
        wire.deleted,
    );
    for (name, value) in &values {
        write.set(name, value.clone());
    }
    if kind.searchable {
        // The search columns come from the whole record: what arrived over what is held.
        let mut row = match existing {
            Some(_) => rows::load_fields(tx, kind, &wire.id)?,
            None => None,
        }
        .unwrap_or_else(|| rows::empty(kind));
        for (name, value) in &values {
            row.insert(name, value.clone());
        }
        write.set_search(kind, &row);
    }
    // A plain INSERT or UPDATE, not an upsert: an upsert statement may abort half way,
    // so SQLite copies every page it touches into a statement journal first (a third of
    // the import's time in a profile).
    // The statement's text depends only on the kind, which fields came and whether the
    // record exists: built once per shape, not once per record.
    let present: u64 = values.iter().fold(0, |mask, (name, _)| {
        mask | kind
            .fields
            .iter()
            .position(|f| f.name == *name)
            .map_or(0, |i| 1u64 << i)
    });
    let staged_into = match existing {
        None => state.stage.target(kind.table),
        Some(_) => None,
    };
    let key = (
        kind.name,
        present,
        existing.is_some(),
        staged_into.is_some(),
    );
    let sql = state.sql.entry(key).or_insert_with(|| {
        if existing.is_some() {
            write.update_sql(kind.table)
        } else {
            write.insert_sql(staged_into.as_deref().unwrap_or(kind.table))
        }
    });
    if existing.is_some() {
        write.update(tx, sql, &wire.id)?;
    } else {
        write.insert(tx, sql)?;
    }
    if staged_into.is_some() {
        state.stage.staged(kind.table, &wire.id);
    }
    if state.quarantine_used {
        tx.prepare_cached(
            "DELETE FROM quarantine WHERE kind = ?1 AND record_id = ?2 AND (hlc < ?3 OR (hlc = ?3 AND origin <= ?4))",
        )?
        .execute(params![kind.name, wire.id, wire.hlc, wire.origin])?;
    }
    state.applied.insert(wire.id.clone());
    Ok(if existing.is_some() {
        Outcome::Updated
    } else {
        Outcome::Inserted
    })
}
