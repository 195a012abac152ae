//! Which unit list was in force on a day, and which units of the other list a commune may
//! have been (or become): what a document needs to name its issuing unit as it was on
//! its date (domain.md §4.1, §4.4 item 2: "a decision issued in 2014 still says UBND
//! xã …, huyện …").
//!
//! The official data gives no old→new table (domain.md §4.1: it is many-to-many, and
//! `data/units/` holds only the two lists). What the lists do tell, by QĐ 124/2004/QĐ-TTg:
//! a merged unit keeps the code of one predecessor, so a 2025 commune's code, when it is
//! in the 2008–2025 list, names one of its predecessors; and since provinces were merged
//! whole, the 2008–2025 provinces whose communes' codes reappear in a 2025 province are
//! that province's predecessors. The candidates are ordered on that: the same code first,
//! then the rest of its district, then the rest of the predecessor provinces. The clerk
//! chooses; nothing is chosen for her.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::{descendants, find, path, Level, Unit, UnitSet, UNITS_2008, UNITS_2025};
use crate::error::Result;

/// The first day of the two-tier list (districts abolished, Nghị quyết 202/2025/QH15).
pub fn reform_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
}

/// The list in force on `on`: 2008–2025 up to 30/6/2025, 2025 from 1/7/2025.
pub fn set_on(on: NaiveDate) -> UnitSet {
    if on < reform_day() {
        UnitSet::Y2008
    } else {
        UnitSet::Y2025
    }
}

/// Whether `code` is a commune-level unit of `set`, from the lists built into the program
/// (the records' rules check a decision's issuing unit without a database connection).
pub fn is_commune(set: UnitSet, code: &str) -> bool {
    static CODES: OnceLock<[HashSet<String>; 2]> = OnceLock::new();
    let sets = CODES.get_or_init(|| {
        let communes = |csv: &str| {
            csv.lines()
                .filter_map(|line| {
                    let mut cols = line.split(',');
                    let code = cols.next()?;
                    (cols.next()? == "commune").then(|| code.to_string())
                })
                .collect::<HashSet<_>>()
        };
        [communes(UNITS_2008), communes(UNITS_2025)]
    });
    let i = match set {
        UnitSet::Y2008 => 0,
        UnitSet::Y2025 => 1,
    };
    sets[i].contains(code.trim())
}

/// A unit the clerk may choose as a document's issuing unit, with the names that tell
/// communes of the same name apart, and why it is offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub unit: Unit,
    /// "Quận Hoàn Kiếm" (the 2008–2025 list only).
    pub district: Option<String>,
    /// "Thành phố Hà Nội".
    pub province: Option<String>,
    /// Why it is offered: "cùng mã", "cùng quận, huyện", "cùng tỉnh", "đơn vị của máy".
    pub reason: &'static str,
}

/// Communes of `target` that the commune `code` of `installed` may have been (or
/// become), most likely first (see the module's comment). Its own unit alone when the
/// two lists are the same.
pub fn candidates(
    conn: &Connection,
    installed: UnitSet,
    code: &str,
    target: UnitSet,
) -> Result<Vec<Candidate>> {
    let own = path(conn, installed, code)?;
    if installed == target {
        return Ok(vec![candidate(own, "đơn vị của máy")?]);
    }
    let province = own
        .iter()
        .find(|u| u.level == Level::Province)
        .map(|u| u.code.clone())
        .unwrap_or_default();
    let provinces = related_provinces(conn, installed, &province)?;
    let same = find(conn, target, code)?.filter(|u| u.level == Level::Commune);
    let same_district = same.as_ref().and_then(|u| u.parent_code.clone());

    let mut seen = BTreeSet::new();
    let mut first = Vec::new();
    let mut near = Vec::new();
    let mut rest = Vec::new();
    if let Some(u) = same {
        seen.insert(u.code.clone());
        first.push(candidate(path(conn, target, &u.code)?, "cùng mã")?);
    }
    for p in &provinces {
        for u in descendants(conn, target, p, Level::Commune)? {
            if !seen.insert(u.code.clone()) {
                continue;
            }
            let near_it = target == UnitSet::Y2008 && u.parent_code == same_district;
            let c = candidate(
                path(conn, target, &u.code)?,
                if near_it {
                    "cùng quận, huyện"
                } else {
                    "cùng tỉnh"
                },
            )?;
            if near_it {
                near.push(c);
            } else {
                rest.push(c);
            }
        }
    }
    first.extend(near);
    first.extend(rest);
    Ok(first)
}

fn candidate(path: Vec<Unit>, reason: &'static str) -> Result<Candidate> {
    let name = |level: Level| {
        path.iter()
            .find(|u| u.level == level)
            .map(|u| u.name.clone())
    };
    let district = name(Level::District);
    let province = name(Level::Province);
    let unit = path
        .into_iter()
        .next()
        .ok_or_else(|| crate::error::Error::internal("a unit path is never empty".to_string()))?;
    Ok(Candidate {
        unit,
        district,
        province,
        reason,
    })
}

/// The provinces of the other list that `province` of `installed` came from (2025) or
/// went into (2008–2025), found through the commune codes both lists share.
pub fn related_provinces(
    conn: &Connection,
    installed: UnitSet,
    province: &str,
) -> Result<Vec<String>> {
    // c8: a commune of 2008–2025 under district d8; c25: the 2025 commune of that code.
    let sql = match installed {
        UnitSet::Y2025 => {
            "SELECT DISTINCT d8.parent_code FROM admin_units c25
             JOIN admin_units c8 ON c8.unit_set = '2008' AND c8.code = c25.code
                                AND c8.level = 'commune'
             JOIN admin_units d8 ON d8.unit_set = '2008' AND d8.code = c8.parent_code
             WHERE c25.unit_set = '2025' AND c25.level = 'commune' AND c25.parent_code = ?1
             ORDER BY 1"
        }
        UnitSet::Y2008 => {
            "SELECT DISTINCT c25.parent_code FROM admin_units d8
             JOIN admin_units c8 ON c8.unit_set = '2008' AND c8.parent_code = d8.code
                                AND c8.level = 'commune'
             JOIN admin_units c25 ON c25.unit_set = '2025' AND c25.code = c8.code
                                 AND c25.level = 'commune'
             WHERE d8.unit_set = '2008' AND d8.level = 'district' AND d8.parent_code = ?1
             ORDER BY 1"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![province], |r| r.get::<_, Option<String>>(0))?;
    let mut out: Vec<String> = rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    // The province of the same code first (a merged province keeps one predecessor's).
    out.sort_by_key(|p| p != province);
    Ok(out)
}

impl crate::Store {
    /// The units a document of the installation's commune dated `on` may be issued by: its
    /// own unit when the list in force on `on` is its own; otherwise the communes of that
    /// list it may have been (before 1/7/2025) or become (after), most likely first. A
    /// unit not among them can still be found with [`crate::Store::search_units`].
    pub fn issuing_unit_candidates(&self, on: NaiveDate) -> Result<Vec<Candidate>> {
        let inst = self.installation()?;
        candidates(self.conn(), inst.unit_set, &inst.unit_code, set_on(on))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn day(d: u32, m: u32, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_list_changes_on_the_first_of_july_2025() {
        assert_eq!(set_on(day(30, 6, 2025)), UnitSet::Y2008);
        assert_eq!(set_on(day(1, 7, 2025)), UnitSet::Y2025);
    }

    #[test]
    fn communes_are_known_without_a_database() {
        assert!(is_commune(UnitSet::Y2008, "00001"));
        assert!(!is_commune(UnitSet::Y2025, "00001"));
        assert!(is_commune(UnitSet::Y2025, "00070"));
        assert!(!is_commune(UnitSet::Y2008, "001"), "a district");
        assert!(!is_commune(UnitSet::Y2008, "99999"));
    }

    #[test]
    fn a_2025_ward_is_offered_its_predecessors_same_code_first() {
        let s = Store::open_in_memory().unwrap();
        let c = candidates(s.conn(), UnitSet::Y2025, "00070", UnitSet::Y2008).unwrap();
        assert_eq!(c[0].unit.name, "Phường Hàng Trống");
        assert_eq!(c[0].reason, "cùng mã");
        assert_eq!(c[0].district.as_deref(), Some("Quận Hoàn Kiếm"));
        assert_eq!(c[0].province.as_deref(), Some("Thành phố Hà Nội"));
        // Then the rest of quận Hoàn Kiếm, then the rest of Hà Nội (and Hà Nội only:
        // the 2025 city has no other predecessor province).
        assert_eq!(c[1].reason, "cùng quận, huyện");
        assert!(c
            .iter()
            .all(|x| x.province.as_deref() == Some("Thành phố Hà Nội")));
        let first_far = c.iter().position(|x| x.reason == "cùng tỉnh").unwrap();
        assert!(c[..first_far]
            .iter()
            .all(|x| x.district.as_deref() == Some("Quận Hoàn Kiếm")));
        assert!(c.len() > 500, "{}", c.len());
    }

    #[test]
    fn a_merged_province_offers_every_predecessor_province() {
        let s = Store::open_in_memory().unwrap();
        // Tuyên Quang (08) of 2025 took in Hà Giang (02).
        let commune = descendants(s.conn(), UnitSet::Y2025, "08", Level::Commune).unwrap();
        let c = candidates(s.conn(), UnitSet::Y2025, &commune[0].code, UnitSet::Y2008).unwrap();
        let provinces: BTreeSet<_> = c.iter().filter_map(|x| x.province.clone()).collect();
        assert!(provinces.contains("Tỉnh Hà Giang"), "{provinces:?}");
        assert!(provinces.contains("Tỉnh Tuyên Quang"), "{provinces:?}");
    }

    #[test]
    fn a_2008_commune_after_the_reform_is_offered_its_possible_successors() {
        let s = Store::open_in_memory().unwrap();
        // 00001 Phúc Xá has no 2025 unit of its code: the 2025 communes of Hà Nội.
        let c = candidates(s.conn(), UnitSet::Y2008, "00001", UnitSet::Y2025).unwrap();
        assert!(c
            .iter()
            .all(|x| x.reason == "cùng tỉnh" && x.district.is_none()));
        assert!(c.iter().any(|x| x.unit.name == "Phường Hồng Hà"));
        // The same list: its own unit only.
        let own = candidates(s.conn(), UnitSet::Y2008, "00001", UnitSet::Y2008).unwrap();
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].unit.name, "Phường Phúc Xá");
    }
}
