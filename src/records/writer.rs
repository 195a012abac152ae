//! The write path shared by every kind: one [`Writer`] per transaction.

use chrono::NaiveDate;
use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{json, Map, Value as Json};

use super::convert;
use super::rows::{self, RowWrite};
use super::rules::{self, Row};
use super::signed;
use super::{Fields, Saved};
use crate::audit::{self, Action};
use crate::error::{Error, FieldProblem, Result};
use crate::hlc;
use crate::installation::{Installation, Role};
use crate::kinds::{self, FieldType, Kind};

/// Writes records inside one transaction, stamping each change with the next clock
/// value and `seq`, and logging it. Create one with [`crate::Store::write_batch`].
pub struct Writer<'t> {
    pub(super) tx: &'t Transaction<'t>,
    pub(super) installation: &'t Installation,
    pub(super) actor: &'t str,
    clock: hlc::Clock,
    /// Audit time stamp of this transaction.
    pub(super) now: String,
    today: NaiveDate,
    /// What a deletion asked for by the user changes, for the recycle bin
    /// ([`super::recycle`]); `None` for every other write.
    pub(super) bin: Option<Vec<super::recycle::Binned>>,
}

impl<'t> Writer<'t> {
    pub(crate) fn new(
        tx: &'t Transaction<'t>,
        installation: &'t Installation,
        actor: &'t str,
    ) -> Result<Self> {
        let clock = hlc::Clock::load(tx)?;
        let now = chrono::Local::now();
        Ok(Writer {
            tx,
            installation,
            actor,
            clock,
            now: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            today: now.date_naive(),
            bin: None,
        })
    }

    /// Pins "today" (tests, and the demo generator which writes a year of history).
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub(crate) fn finish(self) -> Result<()> {
        self.clock.save(self.tx)?;
        Ok(())
    }

    pub fn create(&mut self, kind: &'static Kind, input: &Fields) -> Result<Saved> {
        self.create_with_id(kind, None, input)
    }

    /// Stores a scan inside this transaction (see [`crate::Store::add_attachment`]).
    pub fn add_attachment(&mut self, bytes: &[u8]) -> Result<crate::attachments::Attachment> {
        crate::attachments::insert_attachment(self.tx, bytes)
    }

    /// Creates a record; `id` is given only by the demo generator (deterministic ids).
    pub fn create_with_id(
        &mut self,
        kind: &'static Kind,
        id: Option<String>,
        input: &Fields,
    ) -> Result<Saved> {
        signed::check_input(kind, input)?;
        if self.installation.role == Role::Receiver && !kind.receiver_creates {
            let own: Vec<&str> = kinds::ALL
                .iter()
                .filter(|k| k.receiver_creates)
                .map(|k| k.label)
                .collect();
            return Err(Error::ReceiverCannotCreate {
                kind_label: kind.label.to_string(),
                own: own.join(", "),
            });
        }
        let mut problems = Vec::new();
        let mut row: Row = rows::empty(kind);
        apply_input(kind, input, &mut row, &mut problems);
        let warnings = self.check_whole(
            kind,
            &row,
            &mut problems,
            kind.fields.iter().map(|f| f.name),
        )?;
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let id = id.unwrap_or_else(|| super::ids::new_id(&self.installation.unit_code));
        self.insert_row(kind, &id, &row)?;
        let changes = audit::record_changes(
            kind,
            Action::Insert,
            kind.fields
                .iter()
                .filter(|f| !matches!(row[f.name], Sql::Null))
                .map(|f| (f.name, convert::to_json(f, &row[f.name]))),
        );
        self.audit(Action::Insert, kind, &id, &changes)?;
        self.after_create(kind, &id, &row)?;
        Ok(Saved { id, warnings })
    }

    pub fn update(&mut self, kind: &'static Kind, id: &str, input: &Fields) -> Result<Saved> {
        let mut row = self.load_live_own(kind, id)?;
        let before = row.clone();
        signed::check_input(kind, input)?;
        let mut problems = Vec::new();
        apply_input(kind, input, &mut row, &mut problems);
        let changed: Vec<&'static str> = kind
            .fields
            .iter()
            .map(|f| f.name)
            .filter(|name| row.get(name) != before.get(name))
            .collect();
        signed::check_change(kind, &before, &changed)?;
        let warnings = self.check_whole(kind, &row, &mut problems, changed.iter().copied())?;
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        if changed.is_empty() {
            return Ok(Saved {
                id: id.to_string(),
                warnings,
            });
        }
        self.update_row(kind, id, &row, &changed)?;
        let diff = audit::record_changes(
            kind,
            Action::Update,
            changed.iter().map(|&name| {
                let field = kind.field(name).expect("catalogue field");
                (
                    name,
                    json!([
                        convert::to_json(field, &before[name]),
                        convert::to_json(field, &row[name])
                    ]),
                )
            }),
        );
        self.audit(Action::Update, kind, id, &diff)?;
        self.after_update(kind, id, &before, &row)?;
        Ok(Saved {
            id: id.to_string(),
            warnings,
        })
    }

    /// Stores `document` (a model's JSON, checked) as the document of the decision `id`,
    /// as signed: the one way that field is written on this installation
    /// ([`crate::Store::freeze_decision`]). A new version like any change; the log says
    /// the document was saved, not its text.
    pub fn freeze_document(&mut self, id: &str, document: &str) -> Result<()> {
        let kind = kinds::by_name("decision").expect("catalogue kind");
        let mut row = self.load_live_own(kind, id)?;
        let field = kind.field("document").expect("catalogue field");
        let value = convert::to_sql(field, &Json::String(document.to_string()))
            .map_err(|message| Error::invalid(field.name, field.label, message))?;
        row.insert(field.name, value);
        self.update_row(kind, id, &row, &[field.name])?;
        let diff = audit::record_changes(kind, Action::Update, [(field.name, Json::Null)]);
        self.audit(Action::Update, kind, id, &diff)
    }

    /// Tombstones the record and what depends on it; returns how many were deleted.
    pub fn delete(&mut self, kind: &'static Kind, id: &str) -> Result<usize> {
        let mut row = self.load_live_own(kind, id)?;
        // Children first: a required reference cannot outlive its target, an optional
        // one is cleared.
        let mut deleted = 0;
        for child_kind in kinds::ALL {
            for field in child_kind.fields {
                if field.ty != FieldType::Ref(kind.name) {
                    continue;
                }
                for (child_id, owner) in live_ids_referring(self.tx, child_kind, field.name, id)? {
                    // Another unit's record (a district's inspection of this team, a
                    // commune's report on this inspection) is not ours to delete or
                    // change: say so rather than leave it pointing at nothing.
                    if owner != self.installation.unit_code {
                        return Err(Error::HeldByOtherUnit {
                            kind_label: kind.label.to_string(),
                            other_label: child_kind.label.to_string(),
                            owner,
                        });
                    }
                    if field.required {
                        deleted += self.delete(child_kind, &child_id)?;
                    } else {
                        let mut clear = Map::new();
                        clear.insert(field.name.to_string(), Json::Null);
                        self.update(child_kind, &child_id, &clear)?;
                        self.note_cleared(child_kind, &child_id, field.name, id)?;
                    }
                }
            }
        }
        // A deletion keeps nothing it need not (Law 91/2025/QH15): every field the row
        // can do without is emptied now, as a receiving unit empties a tombstone it
        // receives. Only the required fields stay (the row must stay valid for the
        // references and the digest); the values before are in the backups, not here.
        let before = row.clone();
        let mut write = self.new_version(kind)?;
        write.set("deleted", Sql::Integer(1));
        for field in kind.fields.iter().filter(|f| !f.required) {
            write.set(field.name, Sql::Null);
            row.insert(field.name, Sql::Null);
        }
        write.set_search(kind, &row);
        let sql = write.update_sql(kind.table);
        write.update(self.tx, &sql, id)?;
        self.audit(Action::Delete, kind, id, &Json::Object(Map::new()))?;
        self.note_deleted(kind, id, before)?;
        Ok(deleted + 1)
    }

    /// Required fields, whole-record rules, and references (only of `touched` fields:
    /// an untouched reference was checked when it was written).
    fn check_whole(
        &self,
        kind: &'static Kind,
        row: &Row,
        problems: &mut Vec<FieldProblem>,
        touched: impl Iterator<Item = &'static str>,
    ) -> Result<Vec<FieldProblem>> {
        for field in kind.fields {
            if field.required
                && matches!(row[field.name], Sql::Null)
                && !problems.iter().any(|p| p.field == field.name)
            {
                problems.push(FieldProblem {
                    field: field.name.into(),
                    label: field.label.into(),
                    message: "không được để trống".into(),
                });
            }
        }
        let findings = rules::check(kind, row, self.today);
        problems.extend(findings.errors);
        for name in touched {
            let field = kind.field(name).expect("catalogue field");
            let Sql::Text(value) = &row[name] else {
                continue;
            };
            match field.ty {
                FieldType::Ref(target) => {
                    let target = kinds::by_name(target).expect("catalogue kind");
                    let state: Option<i64> = self
                        .tx
                        .prepare_cached(&format!(
                            "SELECT deleted FROM {} WHERE id = ?1",
                            target.table
                        ))?
                        .query_row([value], |r| r.get(0))
                        .optional()?;
                    let message = match state {
                        None => format!("không tìm thấy {} đã chọn; hãy chọn lại", target.label),
                        Some(1) => format!("{} đã chọn đã bị xóa; hãy chọn lại", target.label),
                        _ => continue,
                    };
                    problems.push(FieldProblem {
                        field: name.into(),
                        label: field.label.into(),
                        message,
                    });
                }
                FieldType::Attachment => {
                    let exists: Option<i64> = self
                        .tx
                        .prepare_cached("SELECT 1 FROM attachments WHERE sha256 = ?1")?
                        .query_row([value], |r| r.get(0))
                        .optional()?;
                    if exists.is_none() {
                        problems.push(FieldProblem {
                            field: name.into(),
                            label: field.label.into(),
                            message: "chưa có tệp này trong kho đính kèm; hãy đính kèm lại".into(),
                        });
                    }
                }
                _ => {}
            }
        }
        self.check_report_after_inspection(kind, row, problems)?;
        Ok(findings.warnings)
    }

    /// A report on an inspection cannot be dated before the inspection: the one rule
    /// that reads another record (the others are in `rules`, on the record alone).
    fn check_report_after_inspection(
        &self,
        kind: &'static Kind,
        row: &Row,
        problems: &mut Vec<FieldProblem>,
    ) -> Result<()> {
        if kind.name != kinds::INSPECTION_FOLLOW_UP.name {
            return Ok(());
        }
        let (Sql::Text(inspection), Sql::Text(reported)) =
            (&row["inspection_id"], &row["report_date"])
        else {
            return Ok(());
        };
        let inspected: Option<String> = self
            .tx
            .prepare_cached("SELECT inspection_date FROM inspections WHERE id = ?1")?
            .query_row([inspection], |r| r.get(0))
            .optional()?;
        if let Some(inspected) = inspected.filter(|d| reported < d) {
            let shown = crate::dates::parse_iso(&inspected)
                .map(crate::dates::vn)
                .unwrap_or(inspected);
            problems.push(FieldProblem {
                field: "report_date".into(),
                label: kind
                    .field("report_date")
                    .map_or("Ngày báo cáo", |f| f.label)
                    .into(),
                message: format!("không được trước ngày kiểm tra ({shown})"),
            });
        }
        Ok(())
    }

    fn insert_row(&mut self, kind: &'static Kind, id: &str, row: &Row) -> Result<()> {
        let (hlc, seq) = self.clock.tick()?;
        let mut write = RowWrite::version(
            kind,
            Some(id),
            &self.installation.unit_code,
            hlc,
            &self.installation.installation_id,
            seq,
            false,
        );
        for field in kind.fields {
            write.set(field.name, row[field.name].clone());
        }
        write.set_search(kind, row);
        let sql = write.insert_sql(kind.table);
        write.insert(self.tx, &sql)?;
        Ok(())
    }

    /// The columns that make a change to a held record a new version of this
    /// installation: the next timestamp, this origin, the next change number.
    pub(super) fn new_version(&mut self, kind: &'static Kind) -> Result<RowWrite> {
        let (hlc, seq) = self.clock.tick()?;
        let mut write = RowWrite::for_kind(kind);
        write.set("hlc", Sql::Integer(hlc));
        write.set(
            "origin",
            Sql::Text(self.installation.installation_id.clone()),
        );
        write.set("seq", Sql::Integer(seq));
        Ok(write)
    }

    pub(super) fn update_row(
        &mut self,
        kind: &'static Kind,
        id: &str,
        row: &Row,
        changed: &[&'static str],
    ) -> Result<()> {
        let mut write = self.new_version(kind)?;
        for name in changed {
            write.set(name, row[name].clone());
        }
        write.set_search(kind, row);
        let sql = write.update_sql(kind.table);
        write.update(self.tx, &sql, id)?;
        Ok(())
    }

    /// The record's stored values; refused if missing, deleted, or owned by another unit
    /// (the district reads the communes' records but never edits them).
    fn load_live_own(&self, kind: &'static Kind, id: &str) -> Result<Row> {
        let loaded = self
            .tx
            .prepare_cached(&rows::select_fields(kind, "owner, deleted, "))?
            .query_row([id], |r| {
                let owner: String = r.get(0)?;
                let deleted: i64 = r.get(1)?;
                Ok((owner, deleted, rows::read_fields(kind, r, 2)?))
            })
            .optional()?;
        match loaded {
            None | Some((_, 1, _)) => Err(Error::NotFound {
                kind_label: kind.label.to_string(),
                id: id.to_string(),
            }),
            Some((owner, _, _)) if owner != self.installation.unit_code => Err(Error::NotOwner {
                kind_label: kind.label.to_string(),
                owner,
            }),
            Some((_, _, row)) => Ok(row),
        }
    }

    pub(super) fn audit(
        &self,
        action: Action,
        kind: &Kind,
        id: &str,
        changes: &Json,
    ) -> Result<()> {
        audit::append(
            self.tx,
            &audit::Entry {
                at: &self.now,
                actor: self.actor,
                action,
                kind: kind.name,
                record_id: id,
                changes,
            },
        )
    }

    /// History rows written with their record: a team's status, a member's role.
    fn after_create(&mut self, kind: &'static Kind, id: &str, row: &Row) -> Result<()> {
        // The first history row's id is derived from its record's id, so the same
        // records always come with the same history (the demo's determinism, and no
        // duplicate first rows if two laptops ever make the same record).
        match kind.name {
            "team" => self.log_status(id, row, Some(derived_id(id, "status"))),
            "member" => self.log_role(id, row, "joined_date", Some(derived_id(id, "role"))),
            _ => Ok(()),
        }
    }

    fn after_update(
        &mut self,
        kind: &'static Kind,
        id: &str,
        before: &Row,
        row: &Row,
    ) -> Result<()> {
        match kind.name {
            "team" if before["status"] != row["status"] => self.log_status(id, row, None),
            "member" if before["role"] != row["role"] => {
                // Close the open role period, then open the new one.
                let today = Sql::Text(self.today.format("%Y-%m-%d").to_string());
                let open = live_ids_referring(self.tx, &kinds::MEMBER_ROLE, "member_id", id)?;
                for (role_id, _) in open {
                    let to_date: Option<String> = self.tx.query_row(
                        "SELECT to_date FROM member_roles WHERE id = ?1",
                        [&role_id],
                        |r| r.get(0),
                    )?;
                    if to_date.is_none() {
                        let mut close = Map::new();
                        close.insert(
                            "to_date".into(),
                            convert::to_json(&kinds::MEMBER_ROLE.fields[3], &today),
                        );
                        self.update(&kinds::MEMBER_ROLE, &role_id, &close)?;
                    }
                }
                self.log_role(id, row, "", None)
            }
            _ => Ok(()),
        }
    }

    fn log_status(&mut self, team_id: &str, row: &Row, id: Option<String>) -> Result<()> {
        let since = match &row["status_date"] {
            Sql::Text(d) => d.clone(),
            _ => self.today.format("%Y-%m-%d").to_string(),
        };
        let mut input = Map::new();
        input.insert("team_id".into(), json!(team_id));
        input.insert(
            "status".into(),
            convert::to_json(&kinds::TEAM.fields[2], &row["status"]),
        );
        input.insert("since".into(), json!(since));
        self.create_with_id(&kinds::TEAM_STATUS, id, &input)
            .map(|_| ())
    }

    fn log_role(
        &mut self,
        member_id: &str,
        row: &Row,
        from_field: &str,
        id: Option<String>,
    ) -> Result<()> {
        let from = match row.get(from_field) {
            Some(Sql::Text(d)) => d.clone(),
            _ => self.today.format("%Y-%m-%d").to_string(),
        };
        let mut input = Map::new();
        input.insert("member_id".into(), json!(member_id));
        input.insert(
            "role".into(),
            convert::to_json(&kinds::MEMBER.fields[3], &row["role"]),
        );
        input.insert("from_date".into(), json!(from));
        self.create_with_id(&kinds::MEMBER_ROLE, id, &input)
            .map(|_| ())
    }
}

/// A UUID v7 with the parent's time and bytes from SHA-256 of `parent/tag`.
fn derived_id(parent: &str, tag: &str) -> String {
    use sha2::{Digest, Sha256};
    let ms = uuid::Uuid::parse_str(parent)
        .ok()
        .and_then(|u| u.get_timestamp())
        .map(|t| {
            let (secs, nanos) = t.to_unix();
            secs * 1000 + u64::from(nanos) / 1_000_000
        })
        .unwrap_or_default();
    let digest = Sha256::digest(format!("{parent}/{tag}").as_bytes());
    let mut random = [0u8; 10];
    random.copy_from_slice(&digest[..10]);
    uuid::Builder::from_unix_timestamp_millis(ms, &random)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Converts each given field into `row`, collecting problems; unknown fields are
/// refused (a typo in a field name must not silently drop data).
fn apply_input(
    kind: &'static Kind,
    input: &Fields,
    row: &mut Row,
    problems: &mut Vec<FieldProblem>,
) {
    for (name, value) in input {
        match kind.field(name) {
            Some(field) => match convert::to_sql(field, value) {
                Ok(v) => {
                    row.insert(field.name, v);
                }
                Err(message) => problems.push(FieldProblem {
                    field: field.name.into(),
                    label: field.label.into(),
                    message,
                }),
            },
            None => problems.push(FieldProblem {
                field: name.clone(),
                label: name.clone(),
                message: format!("{} không có trường này", kind.label),
            }),
        }
    }
}

/// The live records of `kind` whose `field` names `id`, with their owners.
fn live_ids_referring(
    tx: &Transaction<'_>,
    kind: &Kind,
    field: &str,
    id: &str,
) -> Result<Vec<(String, String)>> {
    let sql = format!(
        "SELECT id, owner FROM {} WHERE {field} = ?1 AND deleted = 0",
        kind.table
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let ids = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(ids.collect::<rusqlite::Result<Vec<(String, String)>>>()?)
}
