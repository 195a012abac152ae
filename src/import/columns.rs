//! What each column of a member list holds: the header row found under the title
//! rows, and the Vietnamese column names matched loosely.
//!
//! Lists made over the years name their columns in many ways ("Họ và tên", "Họ tên",
//! "Họ và tên đệm" + "Tên"; "Ngày sinh", "Năm sinh", "Ngày, tháng, năm sinh";
//! "Số CCCD", "CMND", "Số định danh" …). Names are compared folded (no diacritics,
//! no case, punctuation as spaces), first whole, then by the words that decide.
//! A two-row header is common: "Năm sinh" merged over "Nam" | "Nữ" puts the year of
//! birth in the column of the member's sex; a vertically merged header spans both
//! rows. The clerk can correct any column in the window ([`Mapping`]).

use serde::{Deserialize, Serialize};

use super::sheet::Grid;
use crate::text;

/// What a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Số thứ tự: recognised so the header row scores, never imported.
    Seq,
    FullName,
    /// "Họ và tên đệm" beside a "Tên" column.
    FamilyName,
    GivenName,
    BirthDate,
    /// The year (or date) of birth written in the "Nam" column under "Năm sinh".
    BirthMale,
    BirthFemale,
    Sex,
    IdNumber,
    Village,
    Address,
    Role,
    Phone,
    Team,
    Ethnicity,
    Religion,
    Education,
    Occupation,
    PartyMember,
    JoinedDate,
    Note,
    /// A training roll's result (Đạt, Không đạt, Vắng).
    Result,
}

impl Target {
    pub const ALL: [Target; 22] = [
        Target::Seq,
        Target::FullName,
        Target::FamilyName,
        Target::GivenName,
        Target::BirthDate,
        Target::BirthMale,
        Target::BirthFemale,
        Target::Sex,
        Target::IdNumber,
        Target::Village,
        Target::Address,
        Target::Role,
        Target::Phone,
        Target::Team,
        Target::Ethnicity,
        Target::Religion,
        Target::Education,
        Target::Occupation,
        Target::PartyMember,
        Target::JoinedDate,
        Target::Note,
        Target::Result,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Target::Seq => "seq",
            Target::FullName => "full_name",
            Target::FamilyName => "family_name",
            Target::GivenName => "given_name",
            Target::BirthDate => "birth_date",
            Target::BirthMale => "birth_male",
            Target::BirthFemale => "birth_female",
            Target::Sex => "sex",
            Target::IdNumber => "id_number",
            Target::Village => "village",
            Target::Address => "address",
            Target::Role => "role",
            Target::Phone => "phone",
            Target::Team => "team",
            Target::Ethnicity => "ethnicity",
            Target::Religion => "religion",
            Target::Education => "education",
            Target::Occupation => "occupation",
            Target::PartyMember => "party_member",
            Target::JoinedDate => "joined_date",
            Target::Note => "note",
            Target::Result => "result",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Target::Seq => "Số thứ tự (bỏ qua)",
            Target::FullName => "Họ và tên",
            Target::FamilyName => "Họ và tên đệm",
            Target::GivenName => "Tên",
            Target::BirthDate => "Ngày sinh / năm sinh",
            Target::BirthMale => "Năm sinh — cột Nam",
            Target::BirthFemale => "Năm sinh — cột Nữ",
            Target::Sex => "Giới tính",
            Target::IdNumber => "Số định danh (CCCD, CMND)",
            Target::Village => "Thôn, tổ dân phố",
            Target::Address => "Nơi cư trú (địa chỉ)",
            Target::Role => "Chức danh trong tổ",
            Target::Phone => "Số điện thoại",
            Target::Team => "Tổ",
            Target::Ethnicity => "Dân tộc",
            Target::Religion => "Tôn giáo",
            Target::Education => "Trình độ học vấn",
            Target::Occupation => "Nghề nghiệp",
            Target::PartyMember => "Đảng viên",
            Target::JoinedDate => "Ngày tham gia",
            Target::Note => "Ghi chú",
            Target::Result => "Kết quả tập huấn",
        }
    }

    pub fn from_code(code: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// Folded header text: no diacritics or case, punctuation and line breaks as spaces.
pub fn header_key(s: &str) -> String {
    let folded = text::fold(s);
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The target a header names, if any.
pub fn match_header(header: &str) -> Option<Target> {
    let k = header_key(header);
    let has = |w: &str| contains_words(&k, w);
    let is = |alts: &[&str]| alts.contains(&k.as_str());
    if k.is_empty() {
        return None;
    }
    if is(&["stt", "tt", "so tt", "so thu tu", "thu tu"]) {
        return Some(Target::Seq);
    }
    if has("cccd") || has("cmnd") || has("dinh danh") || has("can cuoc") || has("chung minh") {
        return Some(Target::IdNumber);
    }
    if has("dien thoai") || is(&["sdt", "dt", "so dt", "dtdd"]) {
        return Some(Target::Phone);
    }
    if has("gioi tinh") || is(&["phai", "gioi"]) {
        return Some(Target::Sex);
    }
    if has("dan toc") {
        return Some(Target::Ethnicity);
    }
    if has("ton giao") {
        return Some(Target::Religion);
    }
    if has("hoc van") || has("van hoa") {
        return Some(Target::Education);
    }
    if has("nghe nghiep") || is(&["cong viec", "cong viec hien nay"]) {
        return Some(Target::Occupation);
    }
    if has("dang vien") {
        return Some(Target::PartyMember);
    }
    if has("ghi chu") {
        return Some(Target::Note);
    }
    if has("ket qua") || has("xep loai") || has("danh gia") {
        return Some(Target::Result);
    }
    if has("vao to") || has("tham gia") || has("ket nap") {
        return Some(Target::JoinedDate);
    }
    if has("sinh") {
        return Some(Target::BirthDate);
    }
    if is(&[
        "ho va ten dem",
        "ho dem",
        "ho va dem",
        "ho",
        "ho va chu dem",
    ]) {
        return Some(Target::FamilyName);
    }
    if k.starts_with("ho va ten")
        || k.starts_with("ho ten")
        || is(&["ten thanh vien", "ho va ten thanh vien"])
    {
        return Some(Target::FullName);
    }
    if is(&["ten"]) {
        return Some(Target::GivenName);
    }
    if has("dia chi")
        || has("cu tru")
        || has("noi o")
        || has("cho o")
        || has("thuong tru")
        || has("tru quan")
    {
        return Some(Target::Address);
    }
    if has("to dan pho")
        || k.starts_with("thon")
        || has("khu pho")
        || is(&["xom", "ap", "ban", "lang", "buon", "khu", "tdp"])
    {
        return Some(Target::Village);
    }
    if has("chuc vu") || has("chuc danh") {
        return Some(Target::Role);
    }
    if is(&["to", "ten to", "thuoc to", "to so"]) || has("to xung kich") || has("to bao ve") {
        return Some(Target::Team);
    }
    None
}

/// Whether `words` occur in `key` as whole words.
fn contains_words(key: &str, words: &str) -> bool {
    let padded = format!(" {key} ");
    padded.contains(&format!(" {words} "))
}

/// One column of the list as found.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// 0-based.
    pub index: usize,
    /// The spreadsheet's letter for it: A, B, … AA.
    pub letter: String,
    /// The header as written (both rows of a two-row header, joined by " / ").
    pub header: String,
    pub target: Option<Target>,
}

/// Where the table is and what its columns hold.
#[derive(Debug, Clone)]
pub struct Layout {
    /// 0-based row of the (first) header row.
    pub header_row: usize,
    /// 0-based row of the first data row.
    pub first_data_row: usize,
    pub columns: Vec<Column>,
}

impl Layout {
    pub fn column_of(&self, target: Target) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.target == Some(target))
            .map(|c| c.index)
    }

    pub fn has_name(&self) -> bool {
        self.column_of(Target::FullName).is_some() || self.column_of(Target::GivenName).is_some()
    }
}

/// The clerk's corrections: what a column holds (or `None`: nothing to import), by
/// column index; columns not named keep what was found.
pub type Mapping = std::collections::BTreeMap<usize, Option<Target>>;

pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 40;

/// Finds the header row: the row naming the most known columns, one of them the name.
pub fn find_layout(grid: &Grid) -> Option<Layout> {
    let width = grid.width();
    let mut best: Option<(usize, usize)> = None;
    for row in 0..grid.rows.len().min(HEADER_SEARCH_ROWS) {
        let targets: Vec<Option<Target>> = (0..width)
            .map(|c| match_header(&header_text(grid, row, c)))
            .collect();
        let named = targets.iter().any(|t| {
            matches!(
                t,
                Some(Target::FullName | Target::GivenName | Target::FamilyName)
            )
        });
        let mut distinct: Vec<Target> = targets.iter().flatten().copied().collect();
        distinct.sort_by_key(|t| t.code());
        distinct.dedup();
        if named && distinct.len() >= 2 && best.is_none_or(|(_, score)| distinct.len() > score) {
            best = Some((row, distinct.len()));
        }
    }
    let (header_row, _) = best?;
    Some(layout_at(grid, header_row, width))
}

/// A header cell's text; an empty cell inside a merged area that starts on this row
/// takes the area's text ("Năm sinh" merged across "Nam" and "Nữ").
fn header_text(grid: &Grid, row: usize, col: usize) -> String {
    let own = grid.cell(row, col);
    if !own.is_empty() {
        return own.shown();
    }
    match grid.merge_at(row, col) {
        Some(m) => grid.cell(m.top, m.left).shown(),
        None => String::new(),
    }
}

fn layout_at(grid: &Grid, header_row: usize, width: usize) -> Layout {
    let below = header_row + 1;
    // A second header row: a header cell merged down into it, or "Nam" / "Nữ" under a
    // birth column.
    let spans_down = grid
        .merges
        .iter()
        .any(|m| m.top == header_row && m.bottom > header_row);
    let sub_sex = (0..width).any(|c| {
        let top = match_header(&header_text(grid, header_row, c));
        let sub = header_key(&grid.cell(below, c).shown());
        top == Some(Target::BirthDate) && (sub == "nam" || sub == "nu")
    });
    let two_rows = spans_down || sub_sex;
    let mut columns: Vec<Column> = (0..width)
        .map(|c| {
            let top = header_text(grid, header_row, c);
            let sub = if two_rows {
                let own = grid.cell(below, c);
                // A top cell merged down repeats itself below: not a second name.
                match grid.merge_at(below, c) {
                    Some(m) if m.top == header_row => String::new(),
                    _ => own.shown(),
                }
            } else {
                String::new()
            };
            let top_target = match_header(&top);
            let sub_key = header_key(&sub);
            let target = match (top_target, sub_key.as_str()) {
                (Some(Target::BirthDate), "nam") => Some(Target::BirthMale),
                (Some(Target::BirthDate), "nu") => Some(Target::BirthFemale),
                (Some(t), _) => Some(t),
                (None, _) => match_header(&sub),
            };
            let header = match (top.trim().is_empty(), sub.trim().is_empty()) {
                (false, false) => format!("{} / {}", top.trim(), sub.trim()),
                (false, true) => top.trim().to_string(),
                (true, _) => sub.trim().to_string(),
            };
            Column {
                index: c,
                letter: letter(c),
                header,
                target,
            }
        })
        .collect();
    settle_targets(&mut columns);
    Layout {
        header_row,
        first_data_row: if two_rows { below + 1 } else { below },
        columns,
    }
}

/// One column per target (the first keeps it); "Tên" alone is the full name.
fn settle_targets(columns: &mut [Column]) {
    let mut seen = std::collections::HashSet::new();
    for c in columns.iter_mut() {
        if let Some(t) = c.target {
            if !seen.insert(t) {
                c.target = None;
            }
        }
    }
    let has_family = seen.contains(&Target::FamilyName);
    let has_full = seen.contains(&Target::FullName);
    for c in columns.iter_mut() {
        match c.target {
            Some(Target::GivenName) if !has_family && !has_full => {
                c.target = Some(Target::FullName)
            }
            Some(Target::FamilyName) if !seen.contains(&Target::GivenName) => {
                c.target = Some(Target::FullName)
            }
            _ => {}
        }
    }
}

/// Applies the clerk's corrections; refuses a column the list does not have, a target
/// named twice, or no name.
pub fn apply_mapping(layout: &mut Layout, mapping: &Mapping) -> Result<(), String> {
    for (&index, &target) in mapping {
        let column = layout
            .columns
            .iter_mut()
            .find(|c| c.index == index)
            .ok_or_else(|| format!("danh sách không có cột {}", letter(index)))?;
        column.target = target;
    }
    let mut seen = std::collections::HashSet::new();
    for c in &layout.columns {
        if let Some(t) = c.target {
            if !seen.insert(t) {
                return Err(format!(
                    "hai cột cùng được chọn là \"{}\" (cột {} và một cột trước nó); mỗi loại thông tin chỉ chọn một cột",
                    t.label(),
                    c.letter
                ));
            }
        }
    }
    if !seen.contains(&Target::FullName) && !seen.contains(&Target::GivenName) {
        return Err("chưa chọn cột họ và tên; hãy chọn cột \"Họ và tên\" (hoặc hai cột \"Họ và tên đệm\" và \"Tên\")".into());
    }
    Ok(())
}

/// Reads "C=birth_date" (or "C=-": nothing) as the command line writes a correction.
pub fn parse_correction(s: &str) -> Result<(usize, Option<Target>), String> {
    let (col, target) = s
        .split_once('=')
        .ok_or_else(|| format!("\"{s}\" cần có dạng CỘT=LOẠI, ví dụ C=birth_date"))?;
    let col = col.trim().to_ascii_uppercase();
    if col.is_empty() || col.len() > 2 || !col.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("\"{col}\" không phải tên cột (A, B, … AZ)"));
    }
    let index = col
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize)
        - 1;
    let target = match target.trim() {
        "-" | "" => None,
        code => Some(Target::from_code(code).ok_or_else(|| {
            let codes: Vec<&str> = Target::ALL.iter().map(|t| t.code()).collect();
            format!("không có loại \"{code}\"; các loại: {}", codes.join(", "))
        })?),
    };
    Ok((index, target))
}
