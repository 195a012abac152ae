//! The commune: its kind, region and peoples, and the words that depend on it
//! ("Công an xã Đông Tiến", "huyện Mai Sơn", the first digits of ID numbers).

use super::names::{self, Region};
use crate::error::{Error, Result};
use crate::units::{Level, Unit, UnitSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CommuneKind {
    Ward,
    Town,
    Rural,
}

/// The commune and the words that depend on it.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub(super) unit_code: String,
    /// "xã Đông Tiến", for "Công an xã Đông Tiến", "UBND xã Đông Tiến".
    pub(super) commune: String,
    /// "xã", "phường", "thị trấn", "đặc khu": the level in running text.
    pub(super) noun: String,
    pub(super) kind: CommuneKind,
    /// "huyện Mai Sơn" (the 2008–2025 set only: districts were abolished in 2025).
    pub(super) district: Option<String>,
    /// "tỉnh Sơn La", "thành phố Hà Nội".
    pub(super) province: String,
    /// The first three digits of the ID numbers of people registered at birth here:
    /// "0" + the province's two-digit code (an old code in both sets).
    pub(super) id_prefix: String,
    pub(super) region: Region,
    /// Weights of [`Ethnic::ALL`].
    pub(super) weights: [u32; 6],
    /// The list the commune is installed on.
    pub(super) unit_set: UnitSet,
    /// The commune's unit in the other list, as a decision dated there names its issuing
    /// unit: its code and its name in running text ("00070", "phường Hàng Trống"). The
    /// first of [`crate::units::history::candidates`]: the unit of the same code when
    /// there is one (certain: QĐ 124/2004), else a commune of the same province (demo
    /// data only).
    pub(super) other: Option<(String, String)>,
}

impl Place {
    pub(super) fn from_path(set: UnitSet, code: &str, path: &[Unit]) -> Result<Place> {
        let commune = &path[0];
        let province = path
            .iter()
            .find(|u| u.level == Level::Province)
            .ok_or_else(|| {
                Error::internal(format!("unit {code} has no province in the unit list"))
            })?;
        let district = path
            .iter()
            .find(|u| u.level == Level::District)
            .map(Unit::in_text);
        let kind = match commune.kind.as_str() {
            "Phường" => CommuneKind::Ward,
            "Thị trấn" => CommuneKind::Town,
            _ => CommuneKind::Rural,
        };
        let mountain = names::mountain_weights(&province.code, set == UnitSet::Y2025);
        let number: u32 = province.code.parse().unwrap_or(1);
        let region = if mountain.is_some() {
            Region::Mountain
        } else if number >= 70 {
            Region::South
        } else if number >= 49 {
            Region::Central
        } else {
            Region::North
        };
        let weights = match mountain {
            // Towns and wards in the mountains are mostly Kinh.
            Some(mut w) if kind != CommuneKind::Rural => {
                w[0] = w[0] * 4 + 40;
                w
            }
            Some(w) => w,
            None => [100, 0, 0, 0, 0, 0],
        };
        Ok(Place {
            unit_code: code.to_string(),
            commune: commune.in_text(),
            noun: commune.kind.to_lowercase(),
            kind,
            district,
            province: province.in_text(),
            unit_set: set,
            other: None,
            id_prefix: format!("0{:0>2}", province.code),
            region,
            weights,
        })
    }

    pub(super) fn police(&self) -> String {
        format!("Công an {}", self.commune)
    }

    /// The issuing unit to record on a decision dated `date` (none when it is the
    /// commune's own) and the police unit that proposes it.
    pub(super) fn on(&self, date: chrono::NaiveDate) -> (Option<String>, String) {
        match &self.other {
            Some((code, name)) if crate::units::set_on(date) != self.unit_set => {
                (Some(code.clone()), format!("Công an {name}"))
            }
            _ => (None, self.police()),
        }
    }

    /// The commune in running text as named on `date`.
    pub(super) fn commune_on(&self, date: chrono::NaiveDate) -> &str {
        match &self.other {
            Some((_, name)) if crate::units::set_on(date) != self.unit_set => name,
            _ => &self.commune,
        }
    }

    pub(super) fn people_committee(&self) -> String {
        format!("UBND {}", self.commune)
    }
}
