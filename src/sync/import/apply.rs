//! Applying a verified, authorised bundle inside the caller's savepoint: per record the
//! version with the greater `(hlc, origin)` wins (a tombstone is a version like any
//! other), so imports are idempotent and their order does not matter. A record that
//! cannot be applied yet, or may not be at all, is handed to [`super::quarantine`] with
//! its reason; the rest of the bundle goes on.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OptionalExtension};

use super::parse::{FieldKey, Incoming};
use super::verify::{read_attachment, Verified};
use super::{links, quarantine, ImportReport, PROGRESS_EVERY};
use crate::bundle::container;
use crate::error::Error;
use crate::hlc;
use crate::installation::{Installation, Role};
use crate::kinds::{self, FieldType, Kind, Sensitivity};
use crate::records::convert;
use crate::records::ids;
use crate::records::rows::{self, RowWrite};
use crate::sync::refusal::Refusal;
use crate::sync::stage::Stage;

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
pub(super) struct Applying<'b> {
    clock: hlc::Clock,
    /// Ids applied in this transaction, with their owners: a reference to one of them
    /// needs no lookup.
    applied: HashMap<String, String>,
    /// Whether anything may be waiting in quarantine (else there is nothing to clear).
    pub(super) quarantine_used: bool,
    /// Whether any deletion of a record never held is kept (`tombstones`): only then does
    /// a new record need looking up there (most imports insert records by the thousand).
    tombstones_used: bool,
    /// A commune receiving its receiving unit's bundle: a record that names a record
    /// this commune does not hold concerns another commune (the district sends all its
    /// inspections to every commune), so it is passed over rather than kept waiting.
    pass_over_foreign: bool,
    /// Statement texts by (kind, fields present as a bit mask, update or insert, staged).
    sql: HashMap<(&'static str, u64, bool, bool), String>,
    /// New rows of full-text-indexed tables wait here (see [`crate::sync::stage`]).
    pub(super) stage: Stage,
    /// The bundle being applied (its bytes and where its attachments are), or `None`
    /// when quarantined records are retried: an attachment is read from it, and stored,
    /// only when a record that is kept refers to it.
    bundle: Option<(&'b [u8], &'b HashMap<String, container::Entry>)>,
    /// Whether the bundle's sender is a receiving unit, which creates only the kinds
    /// the catalogue gives it (`None` when retrying: checked when the record arrived).
    from_receiver: Option<bool>,
    /// This installation's unit: sensitive fields are kept only from its own records.
    own_unit: String,
}

pub(super) fn apply(
    tx: &Connection,
    inst: &Installation,
    v: &Verified,
    bundle_sha: &str,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(u64, u64),
) -> std::result::Result<(), ApplyError> {
    let body = v
        .body
        .as_ref()
        .ok_or_else(|| Error::internal("a bundle was applied before its records were read"))?;
    let clock = hlc::Clock::load(tx)?;
    let quarantine_used: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM quarantine)", [], |r| r.get(0))?;
    let from_receiver = v.manifest.sender.role == "district";
    let tombstones_used: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM tombstones)", [], |r| r.get(0))?;
    let mut state = Applying {
        tombstones_used,
        clock,
        applied: Default::default(),
        quarantine_used,
        pass_over_foreign: inst.role == Role::Commune && from_receiver,
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
        bundle: Some((&v.bytes, &body.attachments)),
        from_receiver: Some(from_receiver),
        own_unit: inst.unit_code.clone(),
    };
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let by_kind: HashMap<&str, &Vec<Incoming>> =
        body.records.iter().map(|(k, r)| (k.as_str(), r)).collect();
    let records_total: u64 = body.records.iter().map(|(_, r)| r.len() as u64).sum();
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
            match apply_record(tx, kind, r, &mut state)? {
                Outcome::Inserted => report.inserted += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::NotForUs => report.passed_over += 1,
                Outcome::Quarantined { code, reason } => {
                    state.quarantine_used = true;
                    if !quarantine::is_final(code) {
                        // It will be retried: its scan waits with it.
                        state.store_attachments(tx, kind, r)?;
                    }
                    quarantine::hold(
                        tx,
                        Some(kind),
                        kind.name,
                        r,
                        code,
                        &reason,
                        bundle_sha,
                        &now,
                    )?;
                    report.quarantined += 1;
                }
            }
        }
    }
    state.stage.flush(tx)?;
    state.stage.active = false;
    // Kinds this version does not know wait for an upgrade.
    report.quarantined += quarantine::hold_newer_kinds(tx, &body.records, bundle_sha, &now)?;
    state.bundle = None;
    state.from_receiver = None;
    report.released = quarantine::retry(tx, &mut state)?;
    progress(records_total, records_total);
    state.clock.save(tx)?;
    Ok(())
}

impl<'b> Applying<'b> {
    /// Stores the scans a record refers to that came in the bundle (checked against
    /// §3.3 when the bundle was verified).
    fn store_attachments(
        &self,
        tx: &Connection,
        kind: &Kind,
        record: &Incoming,
    ) -> std::result::Result<(), ApplyError> {
        let Some((bytes, entries)) = self.bundle else {
            return Ok(());
        };
        for (key, value) in &record.fields {
            let FieldKey::Known(i) = key else { continue };
            if kind.fields[usize::from(*i)].ty != FieldType::Attachment {
                continue;
            }
            if let Some(entry) = value.as_text().and_then(|sha| entries.get(sha)) {
                let data = read_attachment(bytes, entry).map_err(ApplyError::Refused)?;
                crate::attachments::insert_received(
                    tx,
                    &entry.name["attachments/".len()..],
                    &data,
                )?;
            }
        }
        Ok(())
    }
}

/// A deletion of a record held here: the version and the tombstone flag, and every
/// field the row can do without emptied (what it must keep, its team and the like, is
/// no one's personal data but the name a NOT NULL column holds).
fn apply_deletion(
    tx: &Connection,
    kind: &'static Kind,
    wire: &Incoming,
    state: &mut Applying,
) -> std::result::Result<Outcome, ApplyError> {
    let seq = state.clock.receive(wire.hlc);
    let mut write = RowWrite::version(kind, None, &wire.owner, wire.hlc, &wire.origin, seq, true);
    let mut row = rows::load_fields(tx, kind, &wire.id)?.unwrap_or_else(|| rows::empty(kind));
    for field in kind.fields.iter().filter(|f| !f.required) {
        write.set(field.name, Sql::Null);
        row.insert(field.name, Sql::Null);
    }
    if kind.searchable {
        write.set_search(kind, &row);
    }
    let sql = write.update_sql(kind.table);
    write.update(tx, &sql, &wire.id)?;
    tx.prepare_cached("DELETE FROM quarantine WHERE kind = ?1 AND record_id = ?2 AND (hlc < ?3 OR (hlc = ?3 AND origin <= ?4))")?
        .execute(params![kind.name, &*wire.id, wire.hlc, &*wire.origin])?;
    state
        .applied
        .insert(wire.id.to_string(), wire.owner.to_string());
    Ok(Outcome::Updated)
}

fn held(code: &'static str, reason: String) -> Outcome {
    Outcome::Quarantined { code, reason }
}

/// Applies one record by last-writer-wins, or says why it must wait or may not be kept.
pub(super) fn apply_record(
    tx: &Connection,
    kind: &'static Kind,
    wire: &Incoming,
    state: &mut Applying,
) -> std::result::Result<Outcome, ApplyError> {
    // Checks of the record alone, cheapest first.
    // (A record of this commune's own in a receiving unit's bundle came in a recovery
    // bundle addressed to this installation: `authorise` let nothing else through.)
    if state.from_receiver == Some(true) && !kind.receiver_creates && *wire.owner != *state.own_unit
    {
        return Ok(held(
            quarantine::KIND_NOT_ALLOWED,
            format!(
                "đơn vị tiếp nhận không lập {}; chỉ xã lập loại hồ sơ này",
                kind.label
            ),
        ));
    }
    if ids::bound_to(&wire.id, &wire.owner) == Some(false) {
        return Ok(held(
            quarantine::ID_NOT_OWNER,
            "mã bản ghi được tạo cho một đơn vị khác; bản ghi dùng mã của hồ sơ không phải của mình".into(),
        ));
    }
    if state.clock.is_ahead(wire.hlc) {
        let at = hlc::to_datetime(wire.hlc)
            .map(|d| {
                d.with_timezone(&chrono::Local)
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        return Ok(held(
            quarantine::FUTURE_CLOCK,
            format!(
                "bản ghi ghi thời điểm {at}, muộn hơn ngày giờ của máy này: ngày giờ trên máy gửi đang sai. Hãy báo đơn vị gửi chỉnh lại ngày giờ máy tính; bản ghi được giữ lại và tự nhập khi đến thời điểm đó, hoặc bị thay khi đơn vị gửi sửa lại hồ sơ này"
            ),
        ));
    }
    // A second version of a record staged in this bundle: the first must be in place.
    if state.stage.holds(&wire.id) {
        state.stage.flush(tx)?;
    }
    let existing: Option<(String, i64, String)> = tx
        .prepare_cached(&format!(
            "SELECT owner, hlc, origin FROM {} WHERE id = ?1",
            kind.table
        ))?
        .query_row([&*wire.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((owner, hlc, origin)) = &existing {
        // An id already held by another unit: this record is refused, never the bundle
        // (one unit's claim must not lock another out).
        if *owner != *wire.owner {
            return Ok(held(
                quarantine::ID_TAKEN,
                format!("mã bản ghi này đã thuộc một hồ sơ của đơn vị {owner}; hai đơn vị không thể dùng chung một mã"),
            ));
        }
        if (wire.hlc, &*wire.origin) <= (*hlc, origin.as_str()) {
            return Ok(Outcome::Unchanged);
        }
    }
    if existing.is_none() {
        // A deletion of a record never received (its tombstone carries no fields), or a
        // version of one already deleted that way: see the `tombstones` table.
        let buried: Option<(i64, String)> = if state.tombstones_used {
            tx.prepare_cached("SELECT hlc, origin FROM tombstones WHERE id = ?1")?
                .query_row([&*wire.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        } else {
            None
        };
        if let Some((hlc, origin)) = &buried {
            if (wire.hlc, &*wire.origin) <= (*hlc, origin.as_str()) {
                return Ok(Outcome::Unchanged);
            }
        }
        if wire.deleted {
            let seq = state.clock.receive(wire.hlc);
            tx.prepare_cached(
                "INSERT INTO tombstones (id, kind, owner, hlc, origin, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET hlc = ?4, origin = ?5, seq = ?6",
            )?
            .execute(params![
                &*wire.id,
                kind.name,
                &*wire.owner,
                wire.hlc,
                &*wire.origin,
                seq
            ])?;
            state.tombstones_used = true;
            state
                .applied
                .insert(wire.id.to_string(), wire.owner.to_string());
            return Ok(Outcome::Inserted);
        }
        if buried.is_some() {
            tx.prepare_cached("DELETE FROM tombstones WHERE id = ?1")?
                .execute([&*wire.id])?;
        }
    }
    if wire.deleted {
        // A deletion keeps nothing it need not: every field the row can do without is
        // emptied, whatever the tombstone carried (older versions sent every field).
        return apply_deletion(tx, kind, wire, state);
    }
    // Convert and check the fields it carries.
    let mut values: Vec<(&'static str, Sql)> = Vec::with_capacity(wire.fields.len());
    let mut from_bundle = false;
    for (key, value) in &wire.fields {
        let field = match key {
            FieldKey::Known(i) => &kind.fields[usize::from(*i)],
            FieldKey::Newer(name) => {
                return Ok(held(
                    "newer_field",
                    format!("trường \"{name}\" của phiên bản mới hơn; hãy cài phiên bản mới nhất"),
                ))
            }
        };
        // Minimisation (Law 91/2025/QH15): what arrives is not all kept. A confidential
        // field (who reported a crime) never leaves its installation, so one that
        // arrives anyway is dropped; a sensitive one (ethnicity, religion, party
        // membership) is kept only from this unit's own other laptop.
        match field.sensitivity {
            Sensitivity::Confidential => continue,
            Sensitivity::Sensitive if *wire.owner != *state.own_unit => continue,
            _ => {}
        }
        let sql = match convert::to_sql(field, &value.to_json()) {
            Ok(v) => v,
            Err(message) => return Ok(held("bad_value", format!("{}: {message}", field.label))),
        };
        if let Sql::Text(target) = &sql {
            match field.ty {
                FieldType::Ref(target_kind) => {
                    let target_kind = kinds::by_name(target_kind).expect("catalogue kind");
                    let target_owner = match state.applied.get(target.as_str()) {
                        Some(owner) => Some(owner.clone()),
                        None => tx
                            .prepare_cached(&format!(
                                "SELECT owner FROM {} WHERE id = ?1",
                                target_kind.table
                            ))?
                            .query_row([target], |r| r.get(0))
                            .optional()?,
                    };
                    let Some(target_owner) = target_owner else {
                        if state.pass_over_foreign {
                            return Ok(Outcome::NotForUs);
                        }
                        return Ok(held(
                            "missing_reference",
                            format!("chờ {} {target} (chưa nhận được)", target_kind.label),
                        ));
                    };
                    if let Some(reason) = links::crossing_refused(
                        tx,
                        field,
                        &wire.owner,
                        target_kind,
                        target,
                        &target_owner,
                    )? {
                        return Ok(held(quarantine::FOREIGN_REFERENCE, reason));
                    }
                }
                FieldType::Attachment => {
                    let have: Option<i64> = tx
                        .prepare_cached("SELECT 1 FROM attachments WHERE sha256 = ?1")?
                        .query_row([target], |r| r.get(0))
                        .optional()?;
                    let in_bundle = state
                        .bundle
                        .is_some_and(|(_, entries)| entries.contains_key(target.as_str()));
                    if have.is_none() && !in_bundle {
                        return Ok(held(
                            "missing_attachment",
                            format!("chờ tệp đính kèm {target} (chưa nhận được)"),
                        ));
                    }
                    from_bundle |= have.is_none();
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
                return Ok(held(
                    "bad_value",
                    format!("{}: thiếu giá trị bắt buộc", field.label),
                ));
            }
        }
    }
    if from_bundle {
        state.store_attachments(tx, kind, wire)?;
    }
    let seq = state.clock.receive(wire.hlc);
    // An update finds its row by the id; a new row is written with it.
    let mut write = RowWrite::version(
        kind,
        existing.is_none().then_some(&*wire.id),
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
        // Older versions waiting are superseded; so is a version stamped ahead of the
        // clock, whose stamp cannot be trusted to order it after this one.
        tx.prepare_cached(
            "DELETE FROM quarantine WHERE kind = ?1 AND record_id = ?2
               AND (hlc < ?3 OR (hlc = ?3 AND origin <= ?4) OR reason_code = ?5)",
        )?
        .execute(params![
            kind.name,
            &*wire.id,
            wire.hlc,
            &*wire.origin,
            quarantine::FUTURE_CLOCK
        ])?;
    }
    state
        .applied
        .insert(wire.id.to_string(), wire.owner.to_string());
    Ok(if existing.is_some() {
        Outcome::Updated
    } else {
        Outcome::Inserted
    })
}
