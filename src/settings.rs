//! Settings of this installation, kept in the database: the thresholds of the compliance
//! rules and the like. Each has a default, a range and a Vietnamese label, so the
//! settings screen and the CLI can show and check them without knowing them one by one.
//!
//! A few settings are text ([`TEXT_SETTINGS`]): the document templates (legal bases,
//! recipients, symbol) with their validity dates, checked by their own function before
//! they are stored.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::compliance::equipment::RequiredItem;
use crate::error::{Error, Result};
use crate::installation::Role;
use crate::Store;

/// How far ahead of this laptop's clock a time stamp may be (see [`crate::hlc`]).
pub const CLOCK_MARGIN_HOURS: &str = "clock_margin_hours";

#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    pub label: &'static str,
    pub default: i64,
    pub min: i64,
    pub max: i64,
    /// The one role the setting means something to; `None`: every installation.
    pub only_for: Option<Role>,
}

impl Setting {
    /// Whether the setting means something to an installation of `role` (every one
    /// does before the installation is set up).
    pub fn applies_to(&self, role: Option<Role>) -> bool {
        self.only_for.is_none() || role.is_none() || self.only_for == role
    }
}

/// Every setting there is.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: CLOCK_MARGIN_HOURS,
        label: "Đồng hồ: bản ghi mang thời điểm sau giờ của máy này quá số giờ này thì được giữ lại (máy gửi sai ngày giờ)",
        default: 24,
        min: 1,
        max: 720,
        only_for: None,
    },
    Setting {
        key: "c2_fresh_days",
        label: "C2: hồ sơ được coi là cập nhật nếu có thay đổi trong số ngày",
        default: 90,
        min: 7,
        max: 3650,
        only_for: None,
    },
    Setting {
        key: "period_days",
        label: "Kỳ đánh giá (C6, C7): số ngày gần nhất",
        default: 365,
        min: 30,
        max: 3650,
        only_for: None,
    },
    Setting {
        key: "training_months",
        label: "C3: thành viên được coi là đã tập huấn nếu dự lớp trong số tháng",
        default: 12,
        min: 1,
        max: 120,
        only_for: None,
    },
    Setting {
        key: "health_cert_months",
        label: "C3: giấy khám sức khỏe còn giá trị trong số tháng kể từ ngày cấp",
        default: 12,
        min: 1,
        max: 120,
        only_for: None,
    },
    Setting {
        key: "c3_min_percent",
        label: "C3: tỉ lệ thành viên tối thiểu đủ điều kiện (%)",
        default: 80,
        min: 0,
        max: 100,
        only_for: None,
    },
    Setting {
        key: "c3_min_education",
        label: "C3: trình độ học vấn tối thiểu (1 = tiểu học ở vùng khó khăn, 2 = THCS)",
        default: 2,
        min: 0,
        max: 7,
        only_for: None,
    },
    Setting {
        key: "c8_years",
        label: "C8: khen thưởng được tính trong số năm gần nhất",
        default: 5,
        min: 1,
        max: 50,
        only_for: None,
    },
    Setting {
        key: "bundle_max_age_days",
        label: "Nhắc xã gửi gói dữ liệu mới khi gói gần nhất đã nhận quá số ngày",
        default: 31,
        min: 1,
        max: 3650,
        only_for: Some(Role::Receiver),
    },
    Setting {
        key: "decision_inline_members",
        label: "Quyết định thành lập: ghi tên thành viên ngay trong Điều 1 nếu không quá số người này (nhiều hơn: danh sách kèm theo)",
        default: 10,
        min: 0,
        max: 1000,
        only_for: None,
    },
];

/// A setting whose value is text, with the function that checks it.
#[derive(Debug, Clone, Copy)]
pub struct TextSetting {
    pub key: &'static str,
    pub label: &'static str,
    pub default: &'static str,
    pub max_chars: usize,
    /// Refuses a value that cannot be used, with a Vietnamese sentence.
    pub check: fn(&str) -> Result<()>,
}

/// Every text setting there is.
pub const TEXT_SETTINGS: &[TextSetting] = &[
    TextSetting {
        key: "doc_templates",
        label: "Mẫu văn bản (căn cứ, nơi nhận, ký hiệu, người thi hành) có ngày hiệu lực: danh sách JSON; mẫu cùng mã thay mẫu sẵn có, mẫu có nội dung rỗng bị bỏ",
        default: "",
        max_chars: 100_000,
        check: check_templates,
    },
    TextSetting {
        key: REQUIRED_EQUIPMENT,
        label: "C7: trang phục, công cụ tổ phải có, dạng «mã:phần trăm thành viên», cách nhau bằng dấu phẩy («-»: không yêu cầu; để trống: mặc định)",
        default: crate::compliance::equipment::DEFAULT_REQUIRED,
        max_chars: 2_000,
        check: check_required_equipment,
    },
];

/// The items every team must hold, and for how many of its members (rule C7).
pub const REQUIRED_EQUIPMENT: &str = "required_equipment";

fn check_required_equipment(value: &str) -> Result<()> {
    crate::compliance::equipment::parse(value).map(|_| ())
}

fn check_templates(value: &str) -> Result<()> {
    crate::documents::templates::parse_overrides(value).map(|_| ())
}

pub fn text_setting(key: &str) -> Option<&'static TextSetting> {
    TEXT_SETTINGS.iter().find(|s| s.key == key)
}

pub fn setting(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// The compliance thresholds in force.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Thresholds {
    pub c2_fresh_days: i64,
    pub period_days: i64,
    pub training_months: i64,
    pub c3_min_percent: i64,
    /// Index into [`crate::kinds::EDUCATION_LEVELS`].
    pub c3_min_education: i64,
    /// A health certificate counts for C3 from its day for this many months.
    pub health_cert_months: i64,
    /// The items a team must hold for C7, each for a share of its members.
    pub required_equipment: Vec<RequiredItem>,
    pub c8_years: i64,
    /// Not a rule: how old the newest bundle from a commune may be before the receiving
    /// unit's overview asks for a new one.
    pub bundle_max_age_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        let d = |k: &str| setting(k).map(|s| s.default).unwrap_or_default();
        Thresholds {
            c2_fresh_days: d("c2_fresh_days"),
            period_days: d("period_days"),
            training_months: d("training_months"),
            c3_min_percent: d("c3_min_percent"),
            c3_min_education: d("c3_min_education"),
            health_cert_months: d("health_cert_months"),
            required_equipment: crate::compliance::equipment::default_required(),
            c8_years: d("c8_years"),
            bundle_max_age_days: d("bundle_max_age_days"),
        }
    }
}

/// A setting with its value in force, for the settings screen.
#[derive(Debug, Clone, Serialize)]
pub struct SettingValue {
    pub key: &'static str,
    pub label: &'static str,
    pub value: i64,
    pub default: i64,
    pub min: i64,
    pub max: i64,
}

/// A setting's value in force, read inside any connection or transaction.
pub(crate) fn setting_in(conn: &rusqlite::Connection, key: &str) -> Result<i64> {
    let spec = setting(key).ok_or_else(|| Error::UnknownSetting {
        key: key.to_string(),
    })?;
    let stored: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(stored
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| (spec.min..=spec.max).contains(v))
        .unwrap_or(spec.default))
}

impl Store {
    /// The settings that mean something to this installation (all of them before it is
    /// set up), with their values.
    pub fn settings_list(&self) -> Result<Vec<SettingValue>> {
        let role = self.installation().ok().map(|i| i.role);
        SETTINGS
            .iter()
            .filter(|s| s.applies_to(role))
            .map(|s| {
                Ok(SettingValue {
                    key: s.key,
                    label: s.label,
                    value: self.get_setting(s.key)?,
                    default: s.default,
                    min: s.min,
                    max: s.max,
                })
            })
            .collect()
    }

    pub fn get_setting(&self, key: &str) -> Result<i64> {
        setting_in(self.conn(), key)
    }

    /// Sets a setting from text as a person typed it: a text setting as it is, a number
    /// setting after reading the number (a word that is not a whole number is refused
    /// with the setting's label).
    pub fn set_setting_from_text(&mut self, key: &str, value: &str) -> Result<()> {
        if text_setting(key).is_some() {
            return self.set_text_setting(key, value);
        }
        let spec = setting(key).ok_or_else(|| Error::UnknownSetting {
            key: key.to_string(),
        })?;
        let number = value.trim().parse::<i64>().map_err(|_| {
            Error::invalid(
                key,
                spec.label,
                format!("\"{value}\" không phải là số nguyên"),
            )
        })?;
        self.set_setting(key, number)
    }

    pub fn set_setting(&mut self, key: &str, value: i64) -> Result<()> {
        let spec = setting(key).ok_or_else(|| Error::UnknownSetting {
            key: key.to_string(),
        })?;
        if !(spec.min..=spec.max).contains(&value) {
            return Err(Error::invalid(
                key,
                spec.label,
                format!("phải từ {} đến {}", spec.min, spec.max),
            ));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value.to_string()],
            )?;
            Ok(())
        })
    }

    /// The items every team must hold (rule C7), as set or by default. A value stored by
    /// hand that no longer reads is set aside for the default, as a number out of its
    /// range is.
    pub fn required_equipment(&self) -> Result<Vec<RequiredItem>> {
        let value = self.get_text_setting(REQUIRED_EQUIPMENT)?;
        Ok(crate::compliance::equipment::parse(&value)
            .unwrap_or_else(|_| crate::compliance::equipment::default_required()))
    }

    /// A text setting's value, or its default.
    pub fn get_text_setting(&self, key: &str) -> Result<String> {
        let spec = text_setting(key).ok_or_else(|| Error::UnknownSetting {
            key: key.to_string(),
        })?;
        let stored: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(stored.unwrap_or_else(|| spec.default.to_string()))
    }

    /// Stores a text setting (NFC) after checking it; an empty value restores the default.
    pub fn set_text_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let spec = text_setting(key).ok_or_else(|| Error::UnknownSetting {
            key: key.to_string(),
        })?;
        let value = crate::text::normalize_multiline(value);
        if value.chars().count() > spec.max_chars {
            return Err(Error::invalid(
                key,
                spec.label,
                format!("dài quá {} ký tự", spec.max_chars),
            ));
        }
        if value.trim().is_empty() {
            return self.write(|tx| {
                tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
                Ok(())
            });
        }
        (spec.check)(&value)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }

    pub fn thresholds(&self) -> Result<Thresholds> {
        Ok(Thresholds {
            c2_fresh_days: self.get_setting("c2_fresh_days")?,
            period_days: self.get_setting("period_days")?,
            training_months: self.get_setting("training_months")?,
            c3_min_percent: self.get_setting("c3_min_percent")?,
            c3_min_education: self.get_setting("c3_min_education")?,
            health_cert_months: self.get_setting("health_cert_months")?,
            required_equipment: self.required_equipment()?,
            c8_years: self.get_setting("c8_years")?,
            bundle_max_age_days: self.get_setting("bundle_max_age_days")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_stored_values_then_refusal_out_of_range() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.thresholds().unwrap(), Thresholds::default());
        s.set_setting("c2_fresh_days", 30).unwrap();
        assert_eq!(s.thresholds().unwrap().c2_fresh_days, 30);
        assert!(s.set_setting("c2_fresh_days", 0).is_err());
        assert!(s.set_setting("no_such", 1).is_err());
        assert_eq!(s.get_setting("c2_fresh_days").unwrap(), 30);
    }

    #[test]
    fn each_installation_lists_the_settings_that_concern_it() {
        let keys =
            |s: &Store| -> Vec<&str> { s.settings_list().unwrap().iter().map(|v| v.key).collect() };
        let mut commune = Store::open_in_memory().unwrap();
        assert_eq!(keys(&commune).len(), SETTINGS.len(), "before set-up: all");
        commune
            .init(Role::Commune, crate::units::UnitSet::Y2008, "00001")
            .unwrap();
        assert!(!keys(&commune).contains(&"bundle_max_age_days"));
        assert!(keys(&commune).contains(&"c2_fresh_days"));
        let mut district = Store::open_in_memory().unwrap();
        district
            .init(Role::Receiver, crate::units::UnitSet::Y2008, "001")
            .unwrap();
        assert_eq!(keys(&district).len(), SETTINGS.len());
    }
}
