//! Bringing in what a commune already keeps in Excel (issue 17): a team's member list
//! from a workbook (`.xlsx`, `.xls`) or a CSV.
//!
//! The steps, in the order that bounds the cost: read the file within its limits
//! ([`sheet`], [`csv_text`]); convert text typed in TCVN3 or VNI
//! ([`crate::text::legacy`]); find the header row and what each column holds
//! ([`columns`]), or take the clerk's correction; read each row into a member's form
//! and check what needs the whole commune ([`members`]); then write every good row
//! through the form's own validation ([`crate::records::Writer::create`]) in one
//! transaction. A dry run does all of it and rolls the transaction back, so it
//! reports exactly what the import would do and leaves the file untouched; a refused
//! file writes nothing.

pub mod columns;
mod csv_text;
pub mod members;
pub mod roll;
pub mod sheet;
pub mod table;
pub mod values;
mod xls_check;

#[cfg(test)]
mod roll_tests;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

pub use columns::{Column, Mapping, Target};
pub use members::{PreviewRow, RowProblem};
pub use roll::{RollImport, RollImportOptions, RollRow};
pub use table::{FileRead, TargetChoice};

use crate::error::{Error, Result};
use crate::installation::Role;
use crate::text;
use crate::Store;

/// How rows of the preview the window is sent (the problems are all sent).
pub const PREVIEW_ROWS: usize = 100;

/// What the clerk asks of an import.
#[derive(Debug, Clone, Default)]
pub struct MemberImportOptions {
    /// The team every row goes to, unless a "Tổ" column names another.
    pub team: Option<String>,
    pub dry_run: bool,
    /// What each column holds, when the clerk corrected what was found.
    pub mapping: Option<Mapping>,
    /// The sheet to read (by name); the first with a member list when none.
    pub sheet: Option<String>,
    /// "Today" for the age checks (tests); the computer's date when none.
    pub today: Option<NaiveDate>,
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct MemberImport {
    /// Where the list was found and how its columns were read.
    #[serde(flatten)]
    pub read: FileRead,
    /// Data rows read (empty rows, the numbering row and group headings not counted).
    pub rows: usize,
    pub imported: usize,
    pub dry_run: bool,
    pub problems: Vec<RowProblem>,
    /// Remarks on rows taken (an ID number that disagrees with the birth year …).
    pub warnings: Vec<RowProblem>,
    pub preview: Vec<PreviewRow>,
}

fn refuse(file_name: &str, reason: impl Into<String>) -> Error {
    Error::ImportFile {
        file: file_name.to_string(),
        reason: reason.into(),
    }
}

impl Store {
    /// Imports a member list (see the module's description). The file must be a
    /// member list with a recognisable header; rows with problems are listed and left
    /// out, the good ones are written together or not at all.
    pub fn import_members(
        &mut self,
        path: &Path,
        options: &MemberImportOptions,
    ) -> Result<MemberImport> {
        let installation = self.installation()?;
        if installation.role != Role::Commune {
            return Err(Error::CommuneOnly {
                unit_name: installation.unit_name,
            });
        }
        let file_name = table::file_name(path);
        let list = table::Table::open(path, options.sheet.as_deref(), options.mapping.as_ref())
            .map_err(|r| refuse(&file_name, r))?;
        let today = options
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let mut known = self.known_for_import(options.team.as_deref())?;
        if known.team.is_none() && list.layout.column_of(Target::Team).is_none() {
            return Err(refuse(
                &file_name,
                "chưa chọn tổ nhận danh sách và tệp không có cột Tổ; hãy chọn tổ (lệnh: --team MÃ_TỔ)",
            ));
        }

        let dry_run = options.dry_run;
        let written = self.write_or_rehearse(dry_run, Some(today), |writer| {
            let mut w = MemberWrites::default();
            for row in list.data_rows() {
                let c = members::read_row(&list.grid, &list.layout, row, &known, today);
                if c.problems.is_empty() {
                    w.write(writer, &c)?;
                    if w.taken.contains(&c.row) {
                        // A later row repeating a member taken is a duplicate of it (a
                        // row the form refused is not: it was not taken).
                        let label = format!("dòng {} của tệp ({})", c.row, c.name);
                        members::remember(&mut known, &c, label);
                    }
                } else {
                    w.problems.extend(c.problems.iter().cloned());
                }
                if w.preview.len() < PREVIEW_ROWS {
                    w.preview.push(c.preview.clone());
                }
                w.rows += 1;
            }
            let count = w.taken.len();
            Ok((w, count))
        })?;
        let MemberWrites {
            rows,
            mut problems,
            warnings,
            taken,
            mut preview,
        } = written;
        problems.sort_by_key(|p| p.row);
        for p in &mut preview {
            p.ok = taken.contains(&p.row);
        }
        Ok(MemberImport {
            read: list.file_read(file_name),
            rows,
            imported: taken.len(),
            dry_run,
            problems,
            warnings,
            preview,
        })
    }

    /// Runs `work` with the form's writer inside one transaction, and commits what it
    /// wrote — unless this is a dry run, or `work` says it wrote nothing: then the
    /// transaction is rolled back. A dry run is the very same writes undone, so its
    /// report (what the form would refuse, what it would warn of) is exact.
    pub(super) fn write_or_rehearse<T>(
        &mut self,
        dry_run: bool,
        today: Option<NaiveDate>,
        work: impl FnOnce(&mut crate::records::Writer) -> Result<(T, usize)>,
    ) -> Result<T> {
        let installation = self.installation()?;
        let actor = self.actor().to_string();
        let facts = self.facts_in_writes();
        let tx = self.begin_write()?;
        let (done, written) = {
            let mut writer = crate::records::Writer::new(&tx, &installation, &actor)?;
            if let Some(today) = today {
                writer.set_today(today);
            }
            let done = work(&mut writer)?;
            writer.finish()?;
            done
        };
        if dry_run || written == 0 {
            drop(tx); // rolled back: nothing written
        } else {
            Store::commit_write(tx, facts)?;
        }
        Ok(done)
    }

    /// The commune's villages and teams by name, its members for duplicates, and the
    /// team chosen for the list.
    fn known_for_import(&self, team: Option<&str>) -> Result<members::Known> {
        let mut known = members::Known::default();
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT id, name FROM villages WHERE deleted = 0")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = r?;
            known.villages.insert(members::place_key(&name), (id, name));
        }
        let mut teams: HashMap<String, String> = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, name FROM teams WHERE deleted = 0")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = r?;
            known
                .teams
                .insert(members::team_key(&name), (id.clone(), name.clone()));
            teams.insert(id, name);
        }
        if let Some(team) = team {
            let name = teams.get(team).cloned().ok_or_else(|| Error::NotFound {
                kind_label: crate::kinds::TEAM.label.to_string(),
                id: team.to_string(),
            })?;
            known.team = Some((team.to_string(), name));
        }
        let mut stmt = conn.prepare(
            "SELECT full_name, birth_date, id_number, team_id FROM members WHERE deleted = 0",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for r in rows {
            let (name, birth, id, team_id) = r?;
            let team = teams
                .get(&team_id)
                .map(String::as_str)
                .unwrap_or("tổ đã xóa");
            let who = if text::fold(team).starts_with("to ") {
                format!("thành viên {name} ({team})")
            } else {
                format!("thành viên {name} (tổ {team})")
            };
            if let Some(id) = id {
                known.by_id.insert(id, who.clone());
            }
            if let Some(birth) = birth.and_then(|b| crate::dates::PartialDate::from_iso(&b).ok()) {
                known
                    .by_name_birth
                    .entry(text::fold(&name))
                    .or_default()
                    .push((birth, who));
            }
        }
        Ok(known)
    }
}

/// What the member import did row by row, inside its transaction.
#[derive(Default)]
struct MemberWrites {
    rows: usize,
    problems: Vec<RowProblem>,
    warnings: Vec<RowProblem>,
    /// Excel rows of the members written.
    taken: HashSet<usize>,
    preview: Vec<PreviewRow>,
}

impl MemberWrites {
    /// Writes one candidate through the form; what the form refuses joins the problems.
    /// The row's warnings are said only when it is taken.
    fn write(&mut self, writer: &mut crate::records::Writer, c: &members::Candidate) -> Result<()> {
        match writer.create(&crate::kinds::MEMBER, &c.fields) {
            Ok(saved) => {
                self.taken.insert(c.row);
                self.warnings.extend(c.warnings.iter().cloned());
                self.warnings
                    .extend(saved.warnings.into_iter().map(|w| RowProblem {
                        row: c.row,
                        field: w.field,
                        message: w.message,
                        name: c.name.clone(),
                    }));
                Ok(())
            }
            Err(Error::Invalid(found)) => {
                self.problems.extend(found.into_iter().map(|p| RowProblem {
                    row: c.row,
                    message: if p.message.starts_with(&p.label) {
                        p.message
                    } else {
                        format!("{}: {}", p.label, p.message)
                    },
                    field: p.field,
                    name: c.name.clone(),
                }));
                Ok(())
            }
            Err(other) => Err(other),
        }
    }
}
