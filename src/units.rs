//! The official administrative units (mã đơn vị hành chính), both sets:
//! - `2008`: three tiers (province, district, commune) in force until 30/6/2025;
//! - `2025`: two tiers (province, commune) in force from 1/7/2025.
//!
//! The lists are the statistics office's, copied into `data/units/` and built into the
//! program, and loaded into the database the first time it is opened, so the first-run
//! screen can offer them before anything else exists. A code is only unique within its
//! set (merged units re-use a predecessor's code under a new name), so every lookup names
//! the set.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::text;

pub mod history;

pub use history::{set_on, Candidate};

const UNITS_2008: &str = include_str!("../data/units/units-2008-2025.csv");
const UNITS_2025: &str = include_str!("../data/units/units-2025.csv");

/// Which official list a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitSet {
    #[serde(rename = "2008")]
    Y2008,
    #[serde(rename = "2025")]
    Y2025,
}

impl UnitSet {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitSet::Y2008 => "2008",
            UnitSet::Y2025 => "2025",
        }
    }

    pub fn parse(s: &str) -> Option<UnitSet> {
        match s.trim() {
            "2008" | "2008-2025" => Some(UnitSet::Y2008),
            "2025" => Some(UnitSet::Y2025),
            _ => None,
        }
    }

    fn validity(self) -> (Option<&'static str>, Option<&'static str>) {
        match self {
            UnitSet::Y2008 => (Some("2008-01-01"), Some("2025-06-30")),
            UnitSet::Y2025 => (Some("2025-07-01"), None),
        }
    }

    /// The level of the unit that receives the communes' bundles: the district under the
    /// three-tier set, the province under the two-tier set.
    pub fn receiving_level(self) -> Level {
        match self {
            UnitSet::Y2008 => Level::District,
            UnitSet::Y2025 => Level::Province,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    District,
    Commune,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s.trim() {
            "province" => Some(Level::Province),
            "district" => Some(Level::District),
            "commune" => Some(Level::Commune),
            _ => None,
        }
    }

    /// Vietnamese name of the level, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "đơn vị cấp tỉnh",
            Level::District => "đơn vị cấp huyện",
            Level::Commune => "đơn vị cấp xã",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub unit_set: UnitSet,
    pub code: String,
    pub level: Level,
    /// The type as written in the name: Tỉnh, Thành phố, Huyện, Xã, Phường, Đặc khu …
    pub kind: String,
    /// Full official name, e.g. "Xã Đông Tiến".
    pub name: String,
    pub parent_code: Option<String>,
}

impl Unit {
    /// The name without its type, as used for the place in a document's date line
    /// ("Đông Tiến, ngày …"). Units named after a number keep the full name ("Phường 1").
    pub fn short_name(&self) -> &str {
        let rest = self
            .name
            .strip_prefix(self.kind.as_str())
            .map(str::trim_start)
            .unwrap_or(&self.name);
        if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) || rest.is_empty() {
            &self.name
        } else {
            rest
        }
    }

    /// The name in running text: "xã Đông Tiến", "phường Phúc Xá", "tỉnh Sơn La"; a unit
    /// named after a number keeps its capital ("Phường 1", ND30 Phụ lục II).
    pub fn in_text(&self) -> String {
        let short = self.short_name();
        if short == self.name {
            self.name.clone()
        } else {
            format!("{} {}", self.kind.to_lowercase(), short)
        }
    }
}

/// Loads both official lists if the table is empty. Idempotent.
pub(crate) fn ensure_loaded(conn: &mut Connection) -> Result<()> {
    let count: i64 = conn.query_row("SELECT count(*) FROM admin_units", [], |r| r.get(0))?;
    if count > 0 {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO admin_units (unit_set, code, level, kind, name, parent_code,
                                      valid_from, valid_to, search_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (set, csv_text) in [(UnitSet::Y2008, UNITS_2008), (UnitSet::Y2025, UNITS_2025)] {
            let (from, to) = set.validity();
            for row in parse_csv(csv_text) {
                let row = row?;
                insert.execute(params![
                    set.as_str(),
                    row.code,
                    row.level,
                    row.kind,
                    row.name,
                    row.parent_code,
                    from,
                    to,
                    text::fold(&row.name),
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

struct CsvRow {
    code: String,
    level: String,
    kind: String,
    name: String,
    parent_code: Option<String>,
}

fn parse_csv(text_in: &str) -> impl Iterator<Item = Result<CsvRow>> + '_ {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text_in.as_bytes());
    let records: Vec<_> = reader.records().collect();
    records.into_iter().map(|r| {
        let r =
            r.map_err(|e| Error::internal(format!("the built-in unit list is damaged: {e}")))?;
        let get = |i: usize| text::normalize(r.get(i).unwrap_or(""));
        let parent = get(4);
        Ok(CsvRow {
            code: get(0),
            level: get(1),
            kind: get(2),
            name: get(3),
            parent_code: (!parent.is_empty()).then_some(parent),
        })
    })
}

fn unit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    let set: String = r.get(0)?;
    let level: String = r.get(2)?;
    Ok(Unit {
        unit_set: UnitSet::parse(&set).unwrap_or(UnitSet::Y2025),
        code: r.get(1)?,
        level: Level::parse(&level).unwrap_or(Level::Commune),
        kind: r.get(3)?,
        name: r.get(4)?,
        parent_code: r.get(5)?,
    })
}

const UNIT_COLUMNS: &str = "unit_set, code, level, kind, name, parent_code";

pub fn find(conn: &Connection, set: UnitSet, code: &str) -> Result<Option<Unit>> {
    Ok(conn
        .query_row(
            "SELECT unit_set, code, level, kind, name, parent_code
             FROM admin_units WHERE unit_set = ?1 AND code = ?2",
            params![set.as_str(), code.trim()],
            unit_from_row,
        )
        .optional()?)
}

/// The unit, or a clear error when the code is not in the set.
pub fn get(conn: &Connection, set: UnitSet, code: &str) -> Result<Unit> {
    find(conn, set, code)?.ok_or_else(|| Error::UnknownUnit {
        code: code.trim().to_string(),
        unit_set: set.as_str().to_string(),
    })
}

/// The unit and its ancestors, nearest first (commune, district, province).
pub fn path(conn: &Connection, set: UnitSet, code: &str) -> Result<Vec<Unit>> {
    let mut out = vec![get(conn, set, code)?];
    while let Some(parent) = out.last().and_then(|u| u.parent_code.clone()) {
        match find(conn, set, &parent)? {
            Some(u) if out.len() < 4 => out.push(u),
            _ => break,
        }
    }
    Ok(out)
}

/// Units of `level` under `ancestor` (at any depth), in code order. Walks down the
/// tree through the (unit_set, parent_code) index, one query per unit above `level`
/// (a recursive query took tens of milliseconds for a province).
pub fn descendants(
    conn: &Connection,
    set: UnitSet,
    ancestor: &str,
    level: Level,
) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {UNIT_COLUMNS} FROM admin_units WHERE unit_set = ?1 AND parent_code = ?2"
    ))?;
    // The ancestor itself counts when it is of that level, as it always has.
    let mut out: Vec<Unit> = find(conn, set, ancestor)?
        .filter(|u| u.level == level)
        .into_iter()
        .collect();
    let mut above = vec![ancestor.to_string()];
    while let Some(code) = above.pop() {
        for unit in stmt.query_map(params![set.as_str(), code], unit_from_row)? {
            let unit = unit?;
            if unit.level == level {
                out.push(unit);
            } else if unit.level != Level::Commune {
                above.push(unit.code);
            }
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// Type-ahead over unit names, ignoring case and diacritics ("dong tien" finds
/// "Xã Đông Tiến"), optionally of one level. A code typed in full finds its unit.
pub fn search(
    conn: &Connection,
    set: UnitSet,
    query: &str,
    level: Option<Level>,
    limit: usize,
) -> Result<Vec<Unit>> {
    let folded = text::fold(query);
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = format!("%{}%", escape_like(&folded));
    let mut stmt = conn.prepare(&format!(
        "SELECT {UNIT_COLUMNS} FROM admin_units
         WHERE unit_set = ?1 AND (?2 IS NULL OR level = ?2)
           AND (code = ?3 OR search_text LIKE ?4 ESCAPE '\\')
         ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, code
         LIMIT ?5"
    ))?;
    let rows = stmt.query_map(
        params![
            set.as_str(),
            level.map(Level::as_str),
            query.trim(),
            pattern,
            limit as i64
        ],
        unit_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

impl crate::Store {
    /// Type-ahead over the official units (see [`search`]).
    pub fn search_units(
        &self,
        set: UnitSet,
        query: &str,
        level: Option<Level>,
        limit: usize,
    ) -> Result<Vec<Unit>> {
        search(self.conn(), set, query, level, limit)
    }

    /// The unit and its ancestors, nearest first (see [`path`]).
    pub fn unit_path(&self, set: UnitSet, code: &str) -> Result<Vec<Unit>> {
        path(self.conn(), set, code)
    }
}

pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl crate::Store {
    /// The name of every unit that owns a team held here (for a receiving unit: its
    /// communes), by code: what the window writes beside a team or a member so that
    /// dozens of "…tổ dân phố số 2" of a province can be told apart (issue 15). A code
    /// not in the unit list keeps its code as its name.
    pub fn owner_names(&self) -> crate::error::Result<Vec<(String, String)>> {
        let set = self.installation()?.unit_set;
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT owner FROM teams ORDER BY owner")?;
        let owners: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        owners
            .into_iter()
            .map(|code| {
                let name = find(self.conn(), set, &code)?.map_or_else(|| code.clone(), |u| u.name);
                Ok((code, name))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn store() -> Store {
        Store::open_in_memory().unwrap()
    }

    #[test]
    fn both_sets_are_loaded_with_their_counts() {
        let s = store();
        let count = |set: &str, level: &str| -> i64 {
            s.conn()
                .query_row(
                    "SELECT count(*) FROM admin_units WHERE unit_set = ?1 AND level = ?2",
                    params![set, level],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(count("2008", "province"), 63);
        assert_eq!(count("2008", "district"), 696);
        assert_eq!(count("2008", "commune"), 10_051);
        assert_eq!(count("2025", "province"), 34);
        assert_eq!(count("2025", "commune"), 3_321);
    }

    #[test]
    fn a_code_means_different_units_in_the_two_sets() {
        let s = store();
        let old = get(s.conn(), UnitSet::Y2008, "00008").unwrap();
        let new = get(s.conn(), UnitSet::Y2025, "00008").unwrap();
        assert_eq!(old.name, "Phường Liễu Giai");
        assert_eq!(new.name, "Phường Ngọc Hà");
    }

    #[test]
    fn path_climbs_to_the_province() {
        let s = store();
        let p = path(s.conn(), UnitSet::Y2008, "00001").unwrap();
        let names: Vec<_> = p.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(
            names,
            ["Phường Phúc Xá", "Quận Ba Đình", "Thành phố Hà Nội"]
        );
        let p = path(s.conn(), UnitSet::Y2025, "00004").unwrap();
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn search_ignores_case_and_diacritics() {
        let s = store();
        let hits = search(
            s.conn(),
            UnitSet::Y2008,
            "phuc xa",
            Some(Level::Commune),
            10,
        )
        .unwrap();
        assert!(hits.iter().any(|u| u.name == "Phường Phúc Xá"), "{hits:?}");
        let hits = search(s.conn(), UnitSet::Y2008, "00001", None, 10).unwrap();
        assert_eq!(hits[0].code, "00001");
        assert!(search(s.conn(), UnitSet::Y2008, "%", None, 10)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn descendants_of_a_district_are_its_communes() {
        let s = store();
        let communes = descendants(s.conn(), UnitSet::Y2008, "001", Level::Commune).unwrap();
        assert!(communes.len() > 5);
        assert!(communes
            .iter()
            .all(|u| u.parent_code.as_deref() == Some("001")));
        let province = descendants(s.conn(), UnitSet::Y2008, "01", Level::Commune).unwrap();
        assert!(province.len() > communes.len());
    }

    #[test]
    fn short_name_drops_the_type_but_keeps_numbered_names() {
        let u = Unit {
            unit_set: UnitSet::Y2025,
            code: "1".into(),
            level: Level::Commune,
            kind: "Xã".into(),
            name: "Xã Đông Tiến".into(),
            parent_code: None,
        };
        assert_eq!(u.short_name(), "Đông Tiến");
        let p = Unit {
            kind: "Phường".into(),
            name: "Phường 1".into(),
            ..u
        };
        assert_eq!(p.short_name(), "Phường 1");
    }
}
