//! The parts of a decision that change with the law, not with the team: the legal bases
//! (căn cứ), the recipients (nơi nhận), the symbol and who carries the decision out.
//! Each is a dated template (domain.md §2.2, §4.4 item 6): it applies to decisions dated
//! within its validity, to the model types it names and to the kinds of commune it names
//! (the commune police acts only to a xã or thị trấn).
//!
//! The built-in templates ([`super::builtin_templates`], each with its source) hold what
//! domain.md states, and a few dates from background knowledge marked [K] there. Local
//! acts (the province's decision on team numbers, the district's project of the 2014
//! scheme) are empty slots the clerk fills in through the `doc_templates` setting: a JSON
//! list of templates; one with the id of a built-in replaces it, a new id adds one, an
//! empty text switches it off.
//!
//! Placeholders: `{commune}` "xã Đông Tiến", `{noun}` "xã", `{district}` "huyện Mê Linh",
//! `{province}` "tỉnh Sơn La", `{village}` "thôn Đông Hòa", `{village_heads}` "Trưởng thôn
//! Đông Hòa" or "Tổ trưởng tổ dân phố số 1", `{police}` "CAX" or "CAP". All are the
//! names valid on the decision's date. A line whose placeholder has no value (no district
//! under the 2025 units) is left out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::builtin_templates::BUILTIN;
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
    /// Kinds of the issuing commune it applies to, lower case as in running text ("xã",
    /// "thị trấn", "phường", "đặc khu"); empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
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

/// The built-in templates, as the `doc_templates` setting would write them.
pub fn builtin() -> Vec<Template> {
    BUILTIN
        .iter()
        .map(
            |&(id, slot, models, units, from, to, order, text)| Template {
                id: id.to_string(),
                slot,
                models: models.iter().map(|m| m.to_string()).collect(),
                units: units.iter().map(|u| u.to_string()).collect(),
                valid_from: from.map(str::to_string),
                valid_to: to.map(str::to_string),
                order,
                text: text.to_string(),
            },
        )
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
    /// Whether the template applies to a decision of this model type, issued by a commune
    /// of this kind (`unit_noun`: "xã", "phường" …), dated `on`.
    pub fn applies(&self, model_type: &str, unit_noun: &str, on: NaiveDate) -> bool {
        let model_ok = self.models.is_empty() || self.models.iter().any(|m| m == model_type);
        let unit_ok = self.units.is_empty() || self.units.iter().any(|u| u == unit_noun);
        model_ok
            && unit_ok
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
        .filter(|t| t.slot == slot && t.applies(&facts.model_type, &facts.commune.noun, on))
        .collect();
    chosen.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));
    chosen
        .into_iter()
        .filter_map(|t| fill(&t.text, facts))
        .collect()
}

/// `text` with its placeholders replaced, or `None` if one of them has no value.
fn fill(text: &str, facts: &Facts) -> Option<String> {
    let heads = village_heads(facts);
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
        (
            "{police}",
            police_abbreviation(&facts.commune.noun).to_string(),
        ),
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

/// The heads of the team's villages: "Tổ trưởng tổ dân phố số 1, Trưởng thôn Đông Hòa"
/// (empty when no village is linked).
pub fn village_heads(facts: &Facts) -> String {
    facts
        .villages
        .iter()
        .map(|v| village_head(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The head of a village in running text: "Tổ trưởng tổ dân phố số 1" (a tổ dân phố is
/// led by a Tổ trưởng, Thông tư 04/2012/TT-BNV as amended by Thông tư 14/2018/TT-BNV,
/// domain.md §2.2 corrections), "Trưởng thôn Đông Hòa" (and "Trưởng bản …", "Trưởng
/// ấp …", "Trưởng khu phố …" for the other kinds, headed by a Trưởng).
pub fn village_head(village_in_text: &str) -> String {
    let folded = village_in_text.to_lowercase();
    if folded.starts_with("tổ dân phố") {
        format!("Tổ trưởng {}", lower_first_word(village_in_text))
    } else {
        format!("Trưởng {village_in_text}")
    }
}

/// "Tổ dân phố 5" → "tổ dân phố 5": after "Tổ trưởng" the kind is a common noun.
fn lower_first_word(s: &str) -> String {
    let kind = "tổ dân phố";
    let n = s
        .char_indices()
        .nth(kind.chars().count())
        .map_or(s.len(), |(i, _)| i);
    format!("{kind}{}", &s[n..])
}

/// The abbreviation of the commune police that drafts the decision, for "Lưu: VT, …":
/// CAX for Công an xã, CAP for Công an phường (a phường's police was never the Công an
/// xã, so "CAX" would name a unit it does not have), CATT for Công an thị trấn, CAĐK for
/// Công an đặc khu [K: the usual abbreviations; a commune writing it otherwise overrides
/// the `luu` template].
pub fn police_abbreviation(unit_noun: &str) -> &'static str {
    match unit_noun {
        "phường" => "CAP",
        "thị trấn" => "CATT",
        "đặc khu" => "CAĐK",
        _ => "CAX",
    }
}
