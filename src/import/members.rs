//! One row of a member list to a member's form, with every reason it cannot be taken.
//!
//! What the form itself checks (the ID number's shape against sex and birth year,
//! choices, dates in order) is left to the form's own validation, which the import
//! runs row by row ([`super::Store::import_members`]). Here are the checks that need
//! the whole list or the commune: the village and team by name, duplicates of a
//! member already kept or of an earlier row, and the age the law allows.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Map, Value as Json};

use super::columns::{Layout, Target};
use super::sheet::{Cell, Grid};
use super::values;
use crate::dates::PartialDate;
use crate::eligibility::{self, Limit};
use crate::records::Fields;
use crate::text;

/// A reason a row was not taken (or, in `warnings`, a remark on a row taken).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The row's number as Excel shows it (1-based).
    pub row: usize,
    /// The member field it concerns (`full_name`, `birth_date`, `id_number` …).
    pub field: String,
    pub message: String,
    /// The member's name as read, for the clerk to find the row.
    pub name: String,
}

/// A row as read, for the window's preview.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    pub row: usize,
    pub full_name: String,
    pub birth: String,
    pub sex: String,
    pub id_number: String,
    pub village: String,
    pub role: String,
    pub team: String,
    /// Taken (or would be, on a dry run).
    pub ok: bool,
}

/// A row ready for the form, or the reasons it is not.
#[derive(Debug)]
pub struct Candidate {
    pub row: usize,
    pub name: String,
    pub fields: Fields,
    pub problems: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
    pub preview: PreviewRow,
}

/// What the rows are checked against: the commune's villages and teams by folded name,
/// and the members already kept.
#[derive(Debug, Default)]
pub struct Known {
    pub villages: HashMap<String, (String, String)>,
    pub teams: HashMap<String, (String, String)>,
    /// ID number → "Name (tổ …)".
    pub by_id: HashMap<String, String>,
    /// Folded name → (birth, "Name (tổ …)") of each member of that name.
    pub by_name_birth: HashMap<String, Vec<(PartialDate, String)>>,
    /// The team every row goes to, unless a team column names another.
    pub team: Option<(String, String)>,
}

/// Words before a village's or a team's own name that lists may or may not write.
const PLACE_PREFIXES: &[&str] = &[
    "to dan pho ",
    "khu pho ",
    "thon ",
    "xom ",
    "ap ",
    "ban ",
    "lang ",
    "buon ",
    "khom ",
    "khu ",
    "tdp ",
];
const TEAM_PREFIXES: &[&str] = &[
    "to bao ve an ninh trat tu ",
    "to xung kich tu quan ve an ninh trat tu ",
    "to xung kich ",
    "to ",
];

/// The key a place is looked up by: folded, without "Thôn", "Tổ dân phố" ….
pub fn place_key(name: &str) -> String {
    strip(&text::fold(name), PLACE_PREFIXES)
}

pub fn team_key(name: &str) -> String {
    strip(&text::fold(name), TEAM_PREFIXES)
}

fn strip(folded: &str, prefixes: &[&str]) -> String {
    let mut k = folded.trim().to_string();
    for p in prefixes {
        if let Some(rest) = k.strip_prefix(p) {
            k = rest.trim().to_string();
            break;
        }
    }
    k
}

/// Whether the row is the numbering under the header ("(1) (2) (3)", "1 2 3", "A B").
pub fn is_numbering_row(cells: &[Cell]) -> bool {
    let mut any = false;
    for c in cells.iter().filter(|c| !c.is_empty()) {
        any = true;
        let s = c.shown();
        let t = s.trim().trim_start_matches('(').trim_end_matches(')');
        let short_number = t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit());
        let letter = t.chars().count() == 1 && t.chars().all(char::is_alphabetic);
        if !(short_number || letter) {
            return false;
        }
    }
    any
}

/// Whether the row begins the signatures under a list ("Người lập biểu", "Xác nhận
/// của UBND", "TM. UBND", "…, ngày … tháng … năm …"): the table has ended. Every filled
/// cell must read so: a member whose post is "Chủ tịch Hội Nông dân" has a name and a
/// year beside it, and is a row.
pub fn is_footer_row(cells: &[Cell]) -> bool {
    let mut any = false;
    for c in cells.iter().filter(|c| !c.is_empty()) {
        let k = super::columns::header_key(&c.shown());
        let footer = k.starts_with("nguoi lap")
            || k.starts_with("xac nhan")
            || k.starts_with("tm ")
            || k.starts_with("t m ")
            || k.starts_with("chu tich")
            || k.starts_with("pho chu tich")
            || k.starts_with("truong cong an")
            || k.starts_with("to truong ky")
            || k.starts_with("ky ten")
            || (k.contains("ngay ") && k.contains(" thang ") && k.contains(" nam"));
        if !footer {
            return false;
        }
        any = true;
    }
    any
}

/// A group heading across the table ("I. Tổ xung kích thôn Đông"): one text in a
/// merged area over several columns.
pub fn is_group_row(grid: &Grid, row: usize) -> bool {
    let Some(cells) = grid.rows.get(row) else {
        return false;
    };
    let filled: Vec<usize> = (0..cells.len()).filter(|&c| !cells[c].is_empty()).collect();
    filled.len() == 1
        && grid
            .merge_starting_at(row, filled[0])
            .is_some_and(|m| m.right > m.left)
}

/// Reads one data row.
pub fn read_row(
    grid: &Grid,
    layout: &Layout,
    row: usize,
    known: &Known,
    today: NaiveDate,
) -> Candidate {
    let view = super::table::RowView::new(grid, layout, row);
    let cell = |t: Target| -> &Cell { view.cell(t) };
    let shown = |t: Target| view.shown(t);
    let excel_row = row + 1;
    let mut fields = Map::new();
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let mut warnings: Vec<(&'static str, String)> = Vec::new();

    let name = view.full_name();
    if name.is_empty() {
        problems.push(("full_name", "thiếu họ và tên".into()));
    } else {
        fields.insert("full_name".into(), json!(name));
    }

    // Birth, and the sex a "Nam" / "Nữ" column gives.
    let (found_birth, birth_problems) = view.birth();
    problems.extend(birth_problems.into_iter().map(|p| ("birth_date", p)));
    let birth = found_birth.map(|(d, _)| d);
    let sex_from_birth = found_birth.and_then(|(_, sex)| sex);
    if let Some(b) = birth {
        fields.insert("birth_date".into(), json!(b.to_vn()));
        check_age(
            b,
            cell(Target::JoinedDate),
            today,
            &mut problems,
            &mut warnings,
        );
    }

    let id = values::id_number(cell(Target::IdNumber));
    if let Some(id) = &id {
        fields.insert("id_number".into(), json!(id));
        if let Some(doc) = values::id_doc_type(id) {
            fields.insert("id_doc_type".into(), json!(doc));
        }
    }

    let sex = match values::sex(cell(Target::Sex)) {
        Ok(Some(s)) => Some(s),
        Ok(None) => sex_from_birth.or_else(|| id.as_deref().and_then(sex_from_id)),
        Err(e) => {
            problems.push(("sex", e));
            None
        }
    };
    match sex {
        Some(s) => {
            fields.insert("sex".into(), json!(s));
        }
        None if !problems.iter().any(|(f, _)| *f == "sex") => problems.push((
            "sex",
            "chưa rõ giới tính; hãy thêm cột Giới tính (hoặc ghi năm sinh vào cột Nam hay Nữ)"
                .into(),
        )),
        None => {}
    }

    let (role, posts) = values::role(cell(Target::Role));
    fields.insert("role".into(), json!(role));
    if let Some(p) = posts {
        fields.insert("posts_held".into(), json!(p));
    }

    // The village: a village column must name one of the commune's; an address is
    // kept as written and gives the village when its first part names one.
    let village_text = shown(Target::Village);
    let address = shown(Target::Address);
    let mut village_name = String::new();
    if !village_text.is_empty() {
        match known.villages.get(&place_key(&village_text)) {
            Some((id, name)) => {
                fields.insert("village_id".into(), json!(id));
                village_name = name.clone();
            }
            None => problems.push((
                "village_id",
                format!("xã chưa có thôn, tổ dân phố \"{village_text}\"; hãy thêm thôn đó trong mục Thôn, tổ dân phố, hoặc sửa tên trong tệp"),
            )),
        }
    }
    if !address.is_empty() {
        fields.insert("address".into(), json!(address));
        if village_text.is_empty() {
            let first = address.split([',', ';', '-']).next().unwrap_or("");
            if let Some((id, name)) = known.villages.get(&place_key(first)) {
                fields.insert("village_id".into(), json!(id));
                village_name = name.clone();
            }
        }
    }

    // The team: a team column, else the one chosen for the whole list.
    let team_text = shown(Target::Team);
    let team = if team_text.is_empty() {
        known.team.clone()
    } else {
        let found = known.teams.get(&team_key(&team_text)).cloned();
        if found.is_none() {
            problems.push((
                "team_id",
                format!("xã chưa có tổ \"{team_text}\"; hãy sửa tên tổ trong tệp cho đúng tên tổ đã lập"),
            ));
        }
        found
    };
    match &team {
        Some((id, _)) => {
            fields.insert("team_id".into(), json!(id));
        }
        None if team_text.is_empty() => problems.push((
            "team_id",
            "chưa rõ tổ của thành viên; hãy chọn tổ nhận danh sách hoặc ghi tên tổ vào cột Tổ"
                .into(),
        )),
        None => {}
    }

    for (target, field) in [
        (Target::Religion, "religion"),
        (Target::Occupation, "occupation"),
        (Target::Note, "note"),
        (Target::Ethnicity, "ethnicity"),
    ] {
        let v = shown(target);
        if !v.is_empty() {
            fields.insert(field.into(), json!(v));
        }
    }
    let phone = cell(Target::Phone);
    if !phone.is_empty() {
        // A number cell drops the leading 0 of a mobile number.
        let p = match phone {
            Cell::Number(n) if n.fract() == 0.0 => format!("0{}", *n as u64),
            other => other.shown(),
        };
        fields.insert("phone".into(), json!(p));
    }
    if let Some(level) = values::education(cell(Target::Education)) {
        fields.insert("education".into(), json!(level));
    }
    if let Some(party) = values::tick(cell(Target::PartyMember)) {
        fields.insert("party_member".into(), json!(party));
    }
    match values::full_date_text(cell(Target::JoinedDate)) {
        Ok(Some(d)) => {
            fields.insert("joined_date".into(), json!(d));
        }
        Ok(None) => {}
        Err(e) => problems.push(("joined_date", format!("ngày tham gia: {e}"))),
    }

    // Duplicates of a member already kept (an earlier row counts once it is taken).
    if let Some(id) = &id {
        if let Some(who) = known.by_id.get(id) {
            problems.push(("id_number", format!("trùng số định danh với {who}")));
        }
    }
    if let Some(b) = birth {
        // A year on one side and a full day on the other match when the day falls in
        // that year: "1985" and "04/03/1985" are the same person's record as far as
        // either list can tell.
        let same = known
            .by_name_birth
            .get(&text::fold(&name))
            .and_then(|kept| kept.iter().find(|(d, _)| overlaps(*d, b)));
        if let Some((_, who)) = same {
            problems.push(("full_name", format!("trùng họ tên và ngày sinh với {who}")));
        }
    }

    let to_problem = |(field, message): (&'static str, String)| RowProblem {
        row: excel_row,
        field: field.to_string(),
        message,
        name: name.clone(),
    };
    let preview = PreviewRow {
        row: excel_row,
        full_name: name.clone(),
        birth: birth.map(|b| b.to_vn()).unwrap_or_default(),
        sex: match sex {
            Some("nam") => "Nam".into(),
            Some(_) => "Nữ".into(),
            None => String::new(),
        },
        id_number: id.clone().unwrap_or_default(),
        village: village_name,
        role: crate::kinds::choice_label(crate::kinds::ROLES, role),
        team: team.map(|(_, n)| n).unwrap_or_default(),
        ok: problems.is_empty(),
    };
    Candidate {
        row: excel_row,
        name: name.clone(),
        fields,
        problems: problems.into_iter().map(to_problem).collect(),
        warnings: warnings.into_iter().map(to_problem).collect(),
        preview,
    }
}

/// The age the law allows: a member certainly under 18 on joining (today when not
/// recorded) or over 70 today is a problem; a year of birth alone that may be either
/// is taken with a warning, as the form does.
fn check_age(
    birth: PartialDate,
    joined: &Cell,
    today: NaiveDate,
    problems: &mut Vec<(&'static str, String)>,
    warnings: &mut Vec<(&'static str, String)>,
) {
    let first = match values::full_date_text(joined) {
        Ok(Some(d)) => crate::dates::parse_vn(&d)
            .ok()
            .map(|p| p.earliest().min(today))
            .unwrap_or(today),
        _ => today,
    };
    let problem = eligibility::check(birth, first, false)
        .filter(|p| p.limit == Limit::Under18)
        .or_else(|| eligibility::check(birth, today, false));
    if let Some(p) = problem {
        let message = format!(
            "{}; Luật quy định thành viên từ đủ 18 đến 70 tuổi",
            p.describe()
        );
        if p.certain {
            problems.push(("birth_date", message));
        } else {
            warnings.push(("birth_date", message));
        }
    }
}

/// The sex a 12-digit ID number encodes (its 4th digit: even for men, odd for women).
fn sex_from_id(id: &str) -> Option<&'static str> {
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match id.as_bytes()[3] - b'0' {
        0 | 2 | 4 | 6 | 8 => Some("nam"),
        _ => Some("nu"),
    }
}

/// Marks a taken row in `known`, so a later row repeating it is a duplicate.
pub fn remember(known: &mut Known, c: &Candidate, row_label: String) {
    if let Some(Json::String(id)) = c.fields.get("id_number") {
        known
            .by_id
            .entry(id.clone())
            .or_insert_with(|| row_label.clone());
    }
    if let Some(Json::String(b)) = c.fields.get("birth_date") {
        if let Ok(b) = crate::dates::parse_vn(b) {
            known
                .by_name_birth
                .entry(text::fold(&c.name))
                .or_default()
                .push((b, row_label));
        }
    }
}

/// Whether two partial dates can be the same day.
pub fn overlaps(a: PartialDate, b: PartialDate) -> bool {
    a.earliest() <= b.latest() && b.earliest() <= a.latest()
}
