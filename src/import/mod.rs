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

#[cfg(test)]
mod roll_tests;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

pub use columns::{Column, Mapping, Target};
pub use members::{PreviewRow, RowProblem};
pub use roll::{RollImport, RollImportOptions, RollRow};
pub use table::TargetChoice;

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
    pub file_name: String,
    pub sheet: String,
    /// The header's row as Excel numbers it.
    pub header_row: usize,
    /// "TCVN3" or "VNI" when the text was converted from it.
    pub encoding: Option<&'static str>,
    pub columns: Vec<Column>,
    /// Every target a column can be set to, for the window's choice.
    pub targets: Vec<TargetChoice>,
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

        let mut candidates = Vec::new();
        for row in list.data_rows() {
            let c = members::read_row(&list.grid, &list.layout, row, &known, today);
            // A later row repeating this one is a duplicate of it.
            if c.problems.is_empty() {
                let label = format!("dòng {} của tệp ({})", c.row, c.name);
                members::remember(&mut known, &c, label);
            }
            candidates.push(c);
        }

        let (imported, mut problems, warnings, taken) =
            self.write_candidates(&candidates, options.dry_run, today)?;
        problems.sort_by_key(|p| p.row);
        let preview = candidates
            .iter()
            .take(PREVIEW_ROWS)
            .map(|c| {
                let mut p = c.preview.clone();
                p.ok = taken.contains(&c.row);
                p
            })
            .collect();
        Ok(MemberImport {
            file_name,
            sheet: list.grid.sheet.clone(),
            header_row: list.layout.header_row + 1,
            encoding: list.encoding,
            targets: table::target_choices(),
            columns: list.layout.columns,
            rows: candidates.len(),
            imported,
            dry_run: options.dry_run,
            problems,
            warnings,
            preview,
        })
    }

    /// Writes the rows without problems through the form, in one transaction; a row
    /// the form refuses joins the problems. A dry run rolls everything back.
    #[allow(clippy::type_complexity)]
    fn write_candidates(
        &mut self,
        candidates: &[members::Candidate],
        dry_run: bool,
        today: NaiveDate,
    ) -> Result<(
        usize,
        Vec<RowProblem>,
        Vec<RowProblem>,
        std::collections::HashSet<usize>,
    )> {
        let mut problems: Vec<RowProblem> = Vec::new();
        let mut warnings: Vec<RowProblem> = Vec::new();
        let mut taken = std::collections::HashSet::new();
        let installation = self.installation()?;
        let actor = self.actor().to_string();
        let facts = self.facts_in_writes();
        let tx = self.begin_write()?;
        {
            let mut writer = crate::records::Writer::new(&tx, &installation, &actor)?;
            writer.set_today(today);
            for c in candidates {
                if !c.problems.is_empty() {
                    problems.extend(c.problems.iter().cloned());
                    continue;
                }
                warnings.extend(c.warnings.iter().cloned());
                match writer.create(&crate::kinds::MEMBER, &c.fields) {
                    Ok(saved) => {
                        taken.insert(c.row);
                        warnings.extend(saved.warnings.into_iter().map(|w| RowProblem {
                            row: c.row,
                            field: w.field,
                            message: w.message,
                            name: c.name.clone(),
                        }));
                    }
                    Err(Error::Invalid(found)) => {
                        problems.extend(found.into_iter().map(|p| RowProblem {
                            row: c.row,
                            message: if p.message.starts_with(&p.label) {
                                p.message
                            } else {
                                format!("{}: {}", p.label, p.message)
                            },
                            field: p.field,
                            name: c.name.clone(),
                        }));
                    }
                    Err(other) => return Err(other),
                }
            }
            writer.finish()?;
        }
        if dry_run || taken.is_empty() {
            drop(tx); // rolled back: nothing written
        } else {
            Store::commit_write(tx, facts)?;
        }
        Ok((taken.len(), problems, warnings, taken))
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
