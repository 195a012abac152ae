//! The parts of a decision that change with the law, not with the team: the legal bases
//! (căn cứ), the recipients (nơi nhận), the symbol and who carries the decision out.
//! Each is a dated template (domain.md §2.2, §4.4 item 6): it applies to decisions dated
//! within its validity and to the model types it names.
//!
//! The built-in templates hold only what domain.md states (laws by name and date; the
//! decree and circular of 2024 with number, date, issuer and summary). Local acts (the
//! province's decision on team numbers, the district's project of the 2014 scheme) and
//! any act whose date domain.md does not give are empty slots the clerk fills in through
//! the `doc_templates` setting: a JSON list of templates; one with the id of a built-in
//! replaces it, a new id adds one, an empty text switches it off.
//!
//! Placeholders: `{commune}` "xã Đông Tiến", `{noun}` "xã", `{district}` "huyện Mê Linh",
//! `{province}` "tỉnh Sơn La", `{village}` "thôn Đông Hòa", `{village_heads}` "Trưởng thôn
//! Đông Hòa". A line whose placeholder has no value (no district under the 2025 units)
//! is left out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::facts::Facts;
use crate::dates;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// One line of the legal bases.
    Basis,
    /// One line of "Nơi nhận".
    Recipient,
    /// The symbol after the number: "QĐ-UBND".
    Symbol,
    /// Who carries the decision out (Điều 3), before "và các ông (bà) có tên tại Điều 1".
    Executors,
}

/// One dated template, as stored in the `doc_templates` setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub slot: Slot,
    /// Model types it applies to (codes of `kinds::MODEL_TYPES`); empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<String>,
    /// First and last day of validity, dd/mm/yyyy (or yyyy-mm-dd); empty: open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// Position among the lines of its slot.
    #[serde(default)]
    pub order: i32,
    /// The text; empty switches the template off.
    pub text: String,
}

const ALL: &[&str] = &[];
const STATUTORY: &[&str] = &["to_bao_ve_antt"];
const MASS: &[&str] = &[
    "to_xung_kich_tu_quan_antt",
    "to_an_ninh_nhan_dan",
    "to_tu_quan",
    "doi_thanh_nien_xung_kich",
    "khac",
];

type Builtin = (
    &'static str,
    Slot,
    &'static [&'static str],
    Option<&'static str>,
    Option<&'static str>,
    i32,
    &'static str,
);

/// The built-in templates (domain.md §2.1, §2.2).
const BUILTIN: &[Builtin] = &[
    (
        "luat_tchdnd_ubnd_2003",
        Slot::Basis,
        ALL,
        None,
        Some("2015-12-31"),
        10,
        "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003",
    ),
    (
        "luat_tccqdp_2015",
        Slot::Basis,
        ALL,
        Some("2016-01-01"),
        Some("2025-06-30"),
        10,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    ),
    (
        "luat_tccqdp_2025",
        Slot::Basis,
        ALL,
        Some("2025-07-01"),
        None,
        10,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    ),
    (
        "phap_lenh_cong_an_xa_2008",
        Slot::Basis,
        MASS,
        Some("2008-11-21"),
        Some("2024-06-30"),
        20,
        "Căn cứ Pháp lệnh Công an xã ngày 21 tháng 11 năm 2008",
    ),
    (
        "tt_23_2012_bca",
        Slot::Basis,
        MASS,
        Some("2012-04-27"),
        Some("2022-02-09"),
        40,
        "Căn cứ Thông tư số 23/2012/TT-BCA ngày 27 tháng 4 năm 2012 của Bộ trưởng Bộ Công an quy định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, nhà trường đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
    ),
    (
        "de_an_mo_hinh",
        Slot::Basis,
        MASS,
        None,
        Some("2024-06-30"),
        60,
        "",
    ),
    (
        "luat_lltg_bv_antt_2023",
        Slot::Basis,
        STATUTORY,
        Some("2024-07-01"),
        None,
        20,
        "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023",
    ),
    (
        "nd_40_2024",
        Slot::Basis,
        STATUTORY,
        Some("2024-07-01"),
        None,
        30,
        "Căn cứ Nghị định số 40/2024/NĐ-CP ngày 16 tháng 4 năm 2024 của Chính phủ quy định chi tiết một số điều của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    ),
    (
        "tt_14_2024_bca",
        Slot::Basis,
        STATUTORY,
        Some("2024-07-01"),
        None,
        40,
        "Căn cứ Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024 của Bộ trưởng Bộ Công an quy định chi tiết một số điều của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    ),
    (
        "qd_ubnd_tinh",
        Slot::Basis,
        STATUTORY,
        Some("2024-07-01"),
        None,
        50,
        "",
    ),
    ("nhu_dieu_3", Slot::Recipient, ALL, None, None, 10, "Như Điều 3"),
    (
        "cong_an_huyen",
        Slot::Recipient,
        ALL,
        None,
        Some("2025-02-28"),
        20,
        "Công an {district} (để b/c)",
    ),
    (
        "cong_an_tinh",
        Slot::Recipient,
        ALL,
        Some("2025-03-01"),
        None,
        20,
        "Công an {province} (để b/c)",
    ),
    (
        "thuong_truc",
        Slot::Recipient,
        ALL,
        None,
        None,
        30,
        "TT Đảng ủy, TT HĐND {noun} (để b/c)",
    ),
    (
        "lanh_dao_ubnd",
        Slot::Recipient,
        ALL,
        None,
        None,
        40,
        "CT, các PCT UBND {noun}",
    ),
    ("luu", Slot::Recipient, ALL, None, None, 90, "Lưu: VT, CAX"),
    ("ky_hieu", Slot::Symbol, ALL, None, None, 0, "QĐ-UBND"),
    (
        "thi_hanh",
        Slot::Executors,
        ALL,
        None,
        None,
        0,
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {commune}, Trưởng Công an {commune}, {village_heads}, các ban, ngành, đoàn thể có liên quan",
    ),
];

/// The built-in templates, as the `doc_templates` setting would write them.
pub fn builtin() -> Vec<Template> {
    BUILTIN
        .iter()
        .map(|&(id, slot, models, from, to, order, text)| Template {
            id: id.to_string(),
            slot,
            models: models.iter().map(|m| m.to_string()).collect(),
            valid_from: from.map(str::to_string),
            valid_to: to.map(str::to_string),
            order,
            text: text.to_string(),
        })
        .collect()
}

/// Reads and checks the `doc_templates` setting (an empty text is an empty list).
pub fn parse_overrides(json: &str) -> Result<Vec<Template>> {
    let bad = |why: String| {
        Error::invalid(
            "doc_templates",
            "Mẫu văn bản",
            format!("{why}. Hãy sửa lại danh sách mẫu (JSON) rồi lưu."),
        )
    };
    if json.trim().is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<Template> =
        serde_json::from_str(json).map_err(|e| bad(format!("không đọc được ({e})")))?;
    if list.len() > 200 {
        return Err(bad("quá 200 mẫu".into()));
    }
    for t in &list {
        if t.id.trim().is_empty() {
            return Err(bad("có mẫu chưa có mã (id)".into()));
        }
        if t.text.chars().count() > 2000 {
            return Err(bad(format!("mẫu \"{}\" dài quá 2000 ký tự", t.id)));
        }
        for d in [&t.valid_from, &t.valid_to].into_iter().flatten() {
            dates::parse_date_full(d)
                .map_err(|e| bad(format!("mẫu \"{}\": ngày \"{d}\": {e}", t.id)))?;
        }
    }
    Ok(list)
}

/// The built-ins with the clerk's overrides applied.
pub fn effective(overrides: &[Template]) -> Vec<Template> {
    let mut all = builtin();
    for o in overrides {
        let mut o = o.clone();
        o.text = crate::text::normalize(&o.text);
        match all.iter_mut().find(|t| t.id == o.id) {
            Some(existing) => *existing = o,
            None => all.push(o),
        }
    }
    all
}

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| dates::parse_date_full(d).ok())
}

impl Template {
    /// Whether the template applies to a decision of this model type dated `on`.
    pub fn applies(&self, model_type: &str, on: NaiveDate) -> bool {
        let model_ok = self.models.is_empty() || self.models.iter().any(|m| m == model_type);
        model_ok
            && day(&self.valid_from).is_none_or(|from| from <= on)
            && day(&self.valid_to).is_none_or(|to| on <= to)
            && !self.text.trim().is_empty()
    }
}

/// The lines of `slot` in force for the team's model on `on`, placeholders filled, in
/// order; lines whose placeholder has no value are left out.
pub fn lines(templates: &[Template], slot: Slot, facts: &Facts, on: NaiveDate) -> Vec<String> {
    let mut chosen: Vec<&Template> = templates
        .iter()
        .filter(|t| t.slot == slot && t.applies(&facts.model_type, on))
        .collect();
    chosen.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));
    chosen
        .into_iter()
        .filter_map(|t| fill(&t.text, facts))
        .collect()
}

/// `text` with its placeholders replaced, or `None` if one of them has no value.
fn fill(text: &str, facts: &Facts) -> Option<String> {
    let heads = if facts.villages.is_empty() {
        String::new()
    } else {
        facts
            .villages
            .iter()
            .map(|v| format!("Trưởng {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let values = [
        ("{commune}", facts.commune.in_text.clone()),
        ("{noun}", facts.commune.noun.clone()),
        (
            "{district}",
            facts
                .district
                .as_ref()
                .map(|d| d.in_text.clone())
                .unwrap_or_default(),
        ),
        (
            "{province}",
            facts
                .province
                .as_ref()
                .map(|p| p.in_text.clone())
                .unwrap_or_default(),
        ),
        ("{village}", facts.area()),
        ("{village_heads}", heads),
    ];
    let mut out = text.to_string();
    for (key, value) in values {
        if out.contains(key) {
            if value.is_empty() {
                // "{village_heads}, " in a list just drops out; elsewhere the line goes.
                if key == "{village_heads}" {
                    out = out.replace("{village_heads}, ", "").replace(key, "");
                    continue;
                }
                return None;
            }
            out = out.replace(key, &value);
        }
    }
    Some(crate::text::normalize(&out))
}
