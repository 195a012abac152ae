//! Lists back out to Excel (issue 17, item 3): the members of a team or of the whole
//! commune, the equipment issued, the fund book with its running balance, and the
//! activity book, for the clerk's own use, printing and the team's dossier.
//!
//! The workbooks follow the report's conventions ([`crate::report::xlsx`]): real dates
//! (`dd/mm/yyyy`) and numbers (`#,##0`), a title and the day above a frozen, filtered
//! header row, A4 across fitted to the width. Choices are written as their Vietnamese
//! labels, never as codes. Personal data (a member's full birth date, ethnicity,
//! religion, identity document, address, party membership, phone; who paid into the
//! fund) is written only when asked for, and then under the report's warning
//! ([`crate::report::PERSONAL_DATA_WARNING`]).
//!
//! [`Store::write_list`] is the one entry point of the command line and the window;
//! [`Store::list_file_name`] names the file a Save dialog offers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::installation::Role;
use crate::records::{ListQuery, Record};
use crate::Store;

mod activities;
mod equipment;
mod funds;
mod members;
mod sheet;
#[cfg(test)]
mod tests;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// Danh sách thành viên.
    Members,
    /// Trang phục, công cụ, phương tiện đã cấp.
    Equipment,
    /// Sổ quỹ: thu, chi, tồn.
    Funds,
    /// Sổ hoạt động: tuần tra, tuyên truyền, hòa giải … by date.
    Activities,
}

impl ListKind {
    pub const NAMES: [&'static str; 4] = ["members", "equipment", "funds", "activities"];

    /// The kind a name from the command line or the window names; anything else is
    /// refused with the three names (the page's values are not trusted).
    pub fn parse(name: &str) -> Result<ListKind> {
        match name {
            "members" => Ok(ListKind::Members),
            "equipment" => Ok(ListKind::Equipment),
            "funds" => Ok(ListKind::Funds),
            "activities" => Ok(ListKind::Activities),
            _ => Err(Error::invalid(
                "kind",
                "Danh sách",
                format!(
                    "không có danh sách \"{name}\"; hãy chọn members (thành viên), equipment (trang phục, công cụ), funds (sổ quỹ) hoặc activities (sổ hoạt động)"
                ),
            )),
        }
    }

    /// What the list is, in Vietnamese (the file's title starts with it).
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Members => "Danh sách thành viên",
            ListKind::Equipment => "Trang phục, công cụ, phương tiện đã cấp",
            ListKind::Funds => "Sổ quỹ",
            ListKind::Activities => "Sổ hoạt động",
        }
    }

    /// The file name's first words, ASCII like the rest of it.
    fn file_stem(self) -> &'static str {
        match self {
            ListKind::Members => "danh-sach-thanh-vien",
            ListKind::Equipment => "trang-phuc-cong-cu",
            ListKind::Funds => "so-quy",
            ListKind::Activities => "so-hoat-dong",
        }
    }
}

/// What goes into a list besides its kind and scope.
#[derive(Debug, Clone, Copy)]
pub struct ListOptions {
    /// Add the personal-data columns, under the warning.
    pub personal_data: bool,
    /// Members: also those who had left by `on`, with the day and the reason.
    pub former_members: bool,
    /// The day the list is as of: members on the team that day, equipment issued and
    /// fund entries made up to it.
    pub on: NaiveDate,
}

/// A list written to disk.
#[derive(Debug, Clone, Serialize)]
pub struct SavedList {
    pub file: PathBuf,
    pub kind: ListKind,
    /// The team's id, or none for the whole commune.
    pub team_id: Option<String>,
    /// Rows of data (members, items issued, fund entries), without titles and totals.
    pub rows: usize,
    /// The workbook's sheets, as the clerk sees their tabs.
    pub sheets: Vec<String>,
    /// Whether the workbook holds personal-data columns (under the warning).
    pub personal_data: bool,
    pub bytes: u64,
}

/// A list built in memory, before it is written.
struct Built {
    bytes: Vec<u8>,
    rows: usize,
    sheets: Vec<String>,
    /// Whether personal-data columns were written (the equipment list has none).
    personal: bool,
}

/// What every list reads first: the commune, its teams in Vietnamese order (the one
/// asked for, or all), and the names the rows refer to.
pub(crate) struct Scope {
    pub(crate) commune: String,
    /// The teams listed, in Vietnamese order of their names.
    pub(crate) teams: Vec<Record>,
    /// Whether one team was asked for (the sheets then leave out the team column).
    pub(crate) one_team: bool,
    pub(crate) villages: HashMap<String, String>,
}

impl Scope {
    pub(crate) fn team_name<'a>(&'a self, id: &str) -> &'a str {
        self.teams
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.text("name"))
            .unwrap_or("")
    }

    /// "Phường Hoàn Kiếm" or "Tổ bảo vệ ANTT thôn Đông, Phường Hoàn Kiếm": what the
    /// list covers, for its title.
    pub(crate) fn name(&self) -> String {
        match (self.one_team, self.teams.first()) {
            (true, Some(t)) => format!("{}, {}", t.text("name").unwrap_or(""), self.commune),
            _ => self.commune.clone(),
        }
    }

    /// The records of `kind` of the listed teams, grouped in the teams' order (each
    /// team's in the store's order: members by name).
    pub(crate) fn records_by_team(&self, store: &Store, kind: &str) -> Result<Vec<Record>> {
        let query = match (self.one_team, self.teams.first()) {
            (true, Some(t)) => ListQuery::children_of("team_id", &t.id),
            _ => ListQuery::default(),
        };
        let mut by_team: HashMap<String, Vec<Record>> = HashMap::new();
        for r in store.list(kind, &query)? {
            let team = r.text("team_id").unwrap_or("").to_string();
            by_team.entry(team).or_default().push(r);
        }
        Ok(self
            .teams
            .iter()
            .flat_map(|t| by_team.remove(&t.id).unwrap_or_default())
            .collect())
    }

    /// The records of `kind` made up to `on` by their `date_field` (an undated one kept
    /// only when `keep_undated`), grouped in the teams' order, each team's by date and
    /// then as entered (ids are time-ordered): the order of a book.
    pub(crate) fn book_by_team(
        &self,
        store: &Store,
        kind: &str,
        date_field: &str,
        on: NaiveDate,
        keep_undated: bool,
    ) -> Result<Vec<Record>> {
        let mut records: Vec<Record> = self
            .records_by_team(store, kind)?
            .into_iter()
            .filter(|r| match sheet::day(r, date_field) {
                Some(d) => d <= on,
                None => keep_undated,
            })
            .collect();
        // Already grouped in the teams' order: each team's run is sorted on its own.
        for team in records.chunk_by_mut(|a, b| a.text("team_id") == b.text("team_id")) {
            team.sort_by(|a, b| {
                (sheet::day(a, date_field), &a.id).cmp(&(sheet::day(b, date_field), &b.id))
            });
        }
        Ok(records)
    }
}

/// Every member's name by id, those deleted too (an old book names them): the name
/// only, whatever else their record holds.
pub(crate) fn member_names(store: &Store) -> Result<HashMap<String, String>> {
    let everyone = ListQuery {
        include_deleted: true,
        ..Default::default()
    };
    Ok(store
        .list("member", &everyone)?
        .into_iter()
        .map(|m| {
            let name = m.text("full_name").unwrap_or("").to_string();
            (m.id, name)
        })
        .collect())
}

impl Store {
    /// What a list of `team_id` (the whole commune when none) covers. A commune's own
    /// records only: a receiving unit holds many communes' teams, and its review is the
    /// report. An unknown team is refused with the usual "not found".
    pub(crate) fn list_scope(&self, team_id: Option<&str>) -> Result<Scope> {
        let inst = self.installation()?;
        if inst.role != Role::Commune {
            return Err(Error::CommuneOnly {
                unit_name: inst.unit_name,
            });
        }
        let teams = match team_id {
            Some(id) => {
                let team = self.get("team", id)?;
                if team.deleted {
                    return Err(Error::NotFound {
                        kind_label: crate::kinds::TEAM.label.to_string(),
                        id: id.to_string(),
                    });
                }
                vec![team]
            }
            None => self.list("team", &ListQuery::default())?,
        };
        let villages = self
            .list("village", &ListQuery::default())?
            .into_iter()
            .map(|v| {
                let name = v.text("name").unwrap_or("").to_string();
                (v.id, name)
            })
            .collect();
        Ok(Scope {
            commune: inst.unit_name,
            teams,
            one_team: team_id.is_some(),
            villages,
        })
    }

    /// The name a list is saved under when only a folder (the command line) or nothing
    /// (the window's Save dialog) names it: `danh-sach-thanh-vien-<commune>[-<team>]-
    /// <yyyy-mm-dd>.xlsx`, letters without their marks, so it travels on any USB stick.
    pub fn list_file_name(
        &self,
        kind: ListKind,
        team_id: Option<&str>,
        on: NaiveDate,
    ) -> Result<String> {
        let scope = self.list_scope(team_id)?;
        Ok(file_name(kind, &scope, on))
    }

    /// Writes a list to `out`: a `.xlsx` file (any other ending is refused before any
    /// work), or a folder, where [`Store::list_file_name`]'s name is used. Written
    /// beside the target and renamed over it, never half-written.
    pub fn write_list(
        &self,
        kind: ListKind,
        team_id: Option<&str>,
        options: ListOptions,
        out: &Path,
    ) -> Result<SavedList> {
        let folder = out.is_dir();
        if !folder && !is_xlsx(out) {
            return Err(Error::invalid(
                "out",
                "Tệp lưu",
                format!(
                    "{} không phải tệp Excel; hãy đặt tên tệp có đuôi .xlsx (hoặc chọn một thư mục)",
                    out.display()
                ),
            ));
        }
        let scope = self.list_scope(team_id)?;
        let built = build(self, kind, &scope, options)?;
        let file = match folder {
            true => out.join(file_name(kind, &scope, options.on)),
            false => out.to_path_buf(),
        };
        crate::atomic_file::write(&file, &built.bytes)?;
        Ok(SavedList {
            file,
            kind,
            team_id: team_id.map(str::to_string),
            rows: built.rows,
            sheets: built.sheets,
            personal_data: built.personal,
            bytes: built.bytes.len() as u64,
        })
    }
}

impl Store {
    /// A list's workbook in memory, with its rows: for the team's dossier, which packs
    /// it with the rest ([`crate::dossier`]).
    pub(crate) fn list_bytes(
        &self,
        kind: ListKind,
        team_id: &str,
        options: ListOptions,
    ) -> Result<(Vec<u8>, usize)> {
        let scope = self.list_scope(Some(team_id))?;
        let built = build(self, kind, &scope, options)?;
        Ok((built.bytes, built.rows))
    }
}

fn build(store: &Store, kind: ListKind, scope: &Scope, options: ListOptions) -> Result<Built> {
    match kind {
        ListKind::Members => members::workbook(store, scope, options),
        ListKind::Equipment => equipment::workbook(store, scope, options),
        ListKind::Funds => funds::workbook(store, scope, options),
        ListKind::Activities => activities::workbook(store, scope, options),
    }
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn file_name(kind: ListKind, scope: &Scope, on: NaiveDate) -> String {
    let mut parts = vec![kind.file_stem().to_string(), slug(&scope.commune)];
    if let (true, Some(t)) = (scope.one_team, scope.teams.first()) {
        parts.push(slug(t.text("name").unwrap_or("")));
    }
    parts.push(on.format("%Y-%m-%d").to_string());
    let stem: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    format!("{}.xlsx", stem.join("-"))
}

/// "Phường Hoàn Kiếm" → "phuong-hoan-kiem": the marks folded away, anything else than
/// ASCII letters and digits a single dash, at most 60 characters cut at a word's end (a name stays readable
/// and the whole path short enough for Windows).
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in crate::text::fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // Cut at a word's end, so no name ends in half a word.
    if out.len() > 60 {
        let cut = out[..=60].rfind('-').unwrap_or(60);
        out.truncate(cut);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
