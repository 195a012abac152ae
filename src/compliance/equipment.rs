//! The items a team must hold for rule C7, each for a share of its active members: a
//! setting (`required_equipment`) the province can change, written as
//! `code:percent, code:percent`, the codes those of [`crate::kinds::EQUIPMENT_ITEMS`].
//!
//! The default follows the guidance domain.md cites: members are issued a uniform and a
//! badge (Nghị định 40/2024/NĐ-CP; Thông tư 14/2024/TT-BCA on badges), and rubber batons
//! for 80 % of the force (Thông tư 14/2024/TT-BCA). One whistle is not a team equipped.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::kinds::EQUIPMENT_ITEMS;
use crate::settings::REQUIRED_EQUIPMENT;
use crate::Store;

/// The setting's value when the province requires no item at all (an empty value
/// restores the default list).
pub const NONE_REQUIRED: &str = "-";

/// The default list: uniform and badge for every member, rubber batons for 80 %.
pub const DEFAULT_REQUIRED: &str =
    "trang_phuc_quan_ao:100, trang_phuc_bien_hieu:100, cong_cu_gay_cao_su:80";

/// One item a team must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequiredItem {
    /// The item's code in [`EQUIPMENT_ITEMS`].
    pub code: String,
    pub label: String,
    /// The share of the team's active members who must hold one, in percent (1–100).
    pub percent: u8,
}

impl RequiredItem {
    /// How many of `members` active members must hold one: the share, rounded up, so
    /// 80 % of a team of 6 is 5, not 4.
    pub fn needed(&self, members: usize) -> usize {
        (members * usize::from(self.percent)).div_ceil(100)
    }

    /// The item's index in [`EQUIPMENT_ITEMS`] (the facts keep items by index).
    pub(crate) fn index(&self) -> Option<usize> {
        EQUIPMENT_ITEMS.iter().position(|(c, _)| *c == self.code)
    }
}

fn refuse(message: String) -> Error {
    Error::invalid(
        REQUIRED_EQUIPMENT,
        "Trang phục, công cụ tổ phải có (C7)",
        message,
    )
}

/// Reads the setting: items separated by commas, each a code with an optional
/// `:percent` (100 when left out). A code not in the catalogue, a share outside 1–100 or
/// an item named twice is refused with the sentence that says which.
pub fn parse(value: &str) -> Result<Vec<RequiredItem>> {
    let mut items: Vec<RequiredItem> = Vec::new();
    if value.trim() == NONE_REQUIRED {
        return Ok(items);
    }
    for part in value.split([',', ';', '\n']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (code, percent) = match part.split_once(':') {
            Some((c, p)) => (c.trim(), Some(p.trim().trim_end_matches('%').trim())),
            None => (part, None),
        };
        let Some((code, label)) = EQUIPMENT_ITEMS.iter().find(|(c, _)| *c == code) else {
            let known: Vec<&str> = EQUIPMENT_ITEMS.iter().map(|(c, _)| *c).collect();
            return Err(refuse(format!(
                "\"{code}\" không phải là mã trang phục, công cụ; các mã là: {}",
                known.join(", ")
            )));
        };
        let percent = match percent {
            None => 100,
            Some(p) => match p.parse::<u8>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    return Err(refuse(format!(
                        "tỉ lệ của \"{code}\" phải là số phần trăm từ 1 đến 100, không phải \"{p}\""
                    )))
                }
            },
        };
        if items.iter().any(|i| i.code == *code) {
            return Err(refuse(format!("\"{code}\" được ghi hai lần")));
        }
        items.push(RequiredItem {
            code: code.to_string(),
            label: label.to_string(),
            percent,
        });
    }
    Ok(items)
}

/// The default list, read.
pub fn default_required() -> Vec<RequiredItem> {
    parse(DEFAULT_REQUIRED).unwrap_or_default()
}

/// One item of the catalogue with the share of members who must hold it (0: not
/// required): a line of the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequiredChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub percent: u8,
    /// The share the default list gives it.
    pub default_percent: u8,
}

impl Store {
    /// Every item of the catalogue with the share required of it now and by default.
    pub fn required_equipment_choices(&self) -> Result<Vec<RequiredChoice>> {
        let now = self.required_equipment()?;
        let default = default_required();
        let share = |list: &[RequiredItem], code: &str| {
            list.iter()
                .find(|i| i.code == code)
                .map_or(0, |i| i.percent)
        };
        Ok(EQUIPMENT_ITEMS
            .iter()
            .map(|(code, label)| RequiredChoice {
                code,
                label,
                percent: share(&now, code),
                default_percent: share(&default, code),
            })
            .collect())
    }

    /// Sets the required items from (code, percent) pairs, 0 meaning not required; an
    /// unknown code or a share over 100 is refused and nothing is stored.
    pub fn set_required_equipment(
        &mut self,
        items: &[(String, u32)],
    ) -> Result<Vec<RequiredChoice>> {
        let parts: Vec<String> = items
            .iter()
            .filter(|(_, percent)| *percent > 0)
            .map(|(code, percent)| format!("{}:{percent}", code.trim()))
            .collect();
        let value = if parts.is_empty() {
            NONE_REQUIRED.to_string()
        } else {
            parts.join(", ")
        };
        self.set_text_setting(REQUIRED_EQUIPMENT, &value)?;
        self.required_equipment_choices()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_reads_and_names_uniform_badge_and_batons_for_80_percent() {
        let items = default_required();
        let codes: Vec<(&str, u8)> = items.iter().map(|i| (i.code.as_str(), i.percent)).collect();
        assert_eq!(
            codes,
            [
                ("trang_phuc_quan_ao", 100),
                ("trang_phuc_bien_hieu", 100),
                ("cong_cu_gay_cao_su", 80)
            ]
        );
        assert_eq!(items[2].label, "Gậy cao su");
    }

    #[test]
    fn the_settings_screen_reads_and_sets_the_list_item_by_item() {
        let mut s = Store::open_in_memory().unwrap();
        let choices = s.required_equipment_choices().unwrap();
        assert_eq!(choices.len(), EQUIPMENT_ITEMS.len());
        let baton = choices
            .iter()
            .find(|c| c.code == "cong_cu_gay_cao_su")
            .unwrap();
        assert_eq!((baton.percent, baton.default_percent), (80, 80));
        let after = s
            .set_required_equipment(&[
                ("phuong_tien_den_pin".into(), 50),
                ("cong_cu_gay_cao_su".into(), 0),
            ])
            .unwrap();
        let set: Vec<(&str, u8)> = after
            .iter()
            .filter(|c| c.percent > 0)
            .map(|c| (c.code, c.percent))
            .collect();
        assert_eq!(set, [("phuong_tien_den_pin", 50)]);
        // Nothing required is a choice of its own, not the default.
        s.set_required_equipment(&[]).unwrap();
        assert!(s.required_equipment().unwrap().is_empty());
        // A share over 100 is refused and the list stays as it was.
        let e = s
            .set_required_equipment(&[("trang_phuc_mu".into(), 150)])
            .unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert!(s.required_equipment().unwrap().is_empty());
    }

    #[test]
    fn shares_round_up_to_whole_members() {
        let baton = &default_required()[2];
        assert_eq!(baton.needed(6), 5);
        assert_eq!(baton.needed(5), 4);
        assert_eq!(baton.needed(0), 0);
        assert_eq!(default_required()[0].needed(7), 7);
    }

    #[test]
    fn a_list_without_shares_means_every_member_and_bad_lists_are_refused() {
        let items = parse("phuong_tien_den_pin; cong_cu_gay_cao_su : 50 %").unwrap();
        assert_eq!(items[0].percent, 100);
        assert_eq!(items[1].percent, 50);
        assert!(parse("").unwrap().is_empty());
        for bad in [
            "coi:100",
            "trang_phuc_mu:0",
            "trang_phuc_mu:101",
            "trang_phuc_mu:abc",
            "trang_phuc_mu, trang_phuc_mu:50",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.code(), "invalid", "{bad}");
        }
    }
}
