//! The member list attached to the founding decision (Danh sách kèm theo, domain.md
//! §2.3): a landscape page, the heading and the reference to the decision, then a ruled
//! table with a two-row header (the birth date sits under the column of the member's
//! sex), Tổ trưởng first, then Tổ phó, then Tổ viên, each in Vietnamese name order.
//!
//! As of the list's date (issue 13): the identity column is headed by the document the
//! people of that date held, and Ghi chú marks a member outside 18–70 on that date (or
//! names the Chairman's decision that allows one over 70).

use chrono::NaiveDate;

use super::facts::{Facts, Member};
use super::model::{
    size, twips, Align, Block, Cell, Document, DocumentKind, Grid, Merge, Para, Section,
    TEXT_W_LANDSCAPE,
};
use super::parts;
use crate::eligibility::Limit;
use crate::kinds;

/// Column widths in mm; the last column (Ghi chú) takes what is left of the 252 mm (15).
/// Education takes two narrow columns under one "Trình độ" heading (general education,
/// then professional qualification) rather than one of two lines: a reader scans each
/// down the page, as the birth dates under Nam and Nữ. What must not wrap fits with the
/// 1 mm cell margins at 11 pt: a date (18 mm), twelve digits (23 mm), a phone (19 mm),
/// "STT" in bold (11 mm: at 9 mm LibreOffice broke it "ST / T").
const COLUMNS_MM: [f64; 13] = [
    11.0, 29.0, 21.0, 21.0, 12.0, 26.0, 21.0, 12.0, 15.0, 15.0, 18.0, 14.0, 22.0,
];

/// The identity document people held on `on` (domain.md §2.2, corrections): the
/// 9-digit CMND in 2015; from 2016 the 12-digit CCCD spread beside it; from 1/7/2024
/// (Luật Căn cước) the personal ID number of the Thẻ căn cước is the rule. "CMND, CCCD"
/// rather than "CMND/CCCD": the narrow column breaks the heading at the space, not
/// inside "CCCD".
pub fn id_heading(on: NaiveDate) -> &'static str {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    if on < ymd(2016, 1, 1) {
        "Số CMND"
    } else if on < ymd(2024, 7, 1) {
        "Số CMND, CCCD"
    } else {
        "Số định danh cá nhân"
    }
}

pub(crate) fn widths() -> Vec<u32> {
    let mut w: Vec<u32> = COLUMNS_MM.iter().map(|&mm| twips(mm)).collect();
    let used: u32 = w.iter().sum();
    w.push(TEXT_W_LANDSCAPE.saturating_sub(used));
    w
}

fn header(on: NaiveDate) -> Vec<Vec<Cell>> {
    let tall = |t: &str| Cell::head(t).merge(Merge::Start);
    let under = || Cell::head("").merge(Merge::Continue);
    let first = vec![
        tall("STT"),
        tall("Họ và tên"),
        Cell::head("Ngày sinh").span(2),
        tall("Dân tộc"),
        tall(id_heading(on)),
        tall("Nơi cư trú"),
        Cell::head("Trình độ").span(2),
        tall("Đảng viên, Đoàn viên"),
        tall("Nghề nghiệp, chức vụ"),
        tall("Chức danh trong Tổ"),
        tall("Số điện thoại"),
        tall("Ghi chú"),
    ];
    let mut second = vec![under(), under(), Cell::head("Nam"), Cell::head("Nữ")];
    second.extend((0..3).map(|_| under()));
    second.extend([Cell::head("Học vấn"), Cell::head("Chuyên môn")]);
    second.extend((0..5).map(|_| under()));
    vec![first, second]
}

/// The usual abbreviations of the two school levels, so the column stays narrow.
fn short_education(label: &str) -> String {
    match label {
        "Trung học cơ sở" => "THCS".into(),
        "Trung học phổ thông" => "THPT".into(),
        other => other.into(),
    }
}

/// The number, with its document when the heading names another: a CMND kept in 2025,
/// a passport.
fn id_text(m: &Member, on: NaiveDate) -> Option<String> {
    let number = m.id_number.clone()?;
    let cmnd_only = id_heading(on) == "Số CMND";
    Some(match m.id_doc_type.as_deref() {
        Some("cmnd") if !cmnd_only => format!("{number} (CMND)"),
        Some("ho_chieu") => format!("{number} (hộ chiếu)"),
        _ => number,
    })
}

/// Ghi chú: an age outside 18–70 on the list's date, or the decision allowing it.
fn note(m: &Member) -> Option<String> {
    if let Some(p) = m.ineligible() {
        return Some(p.note());
    }
    match (&m.age, &m.age_exception) {
        (Some(p), Some(exception)) if p.limit == Limit::Over70 => {
            Some(format!("Trên 70 tuổi, theo {exception}"))
        }
        _ => None,
    }
}

fn row(i: usize, m: &Member, on: NaiveDate) -> Vec<Cell> {
    let c = |t: Option<String>| Cell::text(t.unwrap_or_default(), Align::Left);
    let mid = |t: Option<String>| Cell::text(t.unwrap_or_default(), Align::Center);
    let birth = m.birth.map(|b| b.to_vn());
    let (male, female) = if m.female {
        (None, birth)
    } else {
        (birth, None)
    };
    let membership = match (m.party_member, m.youth_union) {
        (true, true) => Some("Đảng viên, Đoàn viên".to_string()),
        (true, false) => Some("Đảng viên".to_string()),
        (false, true) => Some("Đoàn viên".to_string()),
        (false, false) => None,
    };
    vec![
        mid(Some((i + 1).to_string())),
        c(Some(m.full_name.clone())),
        mid(male),
        mid(female),
        mid(m.ethnicity.clone()),
        mid(id_text(m, on)),
        c(m.residence.clone()),
        mid(m.education.as_deref().map(short_education)),
        mid(m.professional.clone()),
        mid(membership),
        c(m.occupation.clone()),
        mid(Some(kinds::choice_label(kinds::ROLES, &m.role))),
        mid(m.phone.clone()),
        c(note(m)),
    ]
}

/// The list as a landscape section numbered on its own, under `reference` (the line
/// naming the decision it is attached to; none when no decision attaches it).
pub fn section(facts: &Facts, reference: Option<&str>) -> Section {
    let subtitle = format!("Thành viên {}", facts.team_name);
    let mut rows: Vec<Vec<Cell>> = facts
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| row(i, m, facts.on))
        .collect();
    if rows.is_empty() {
        rows.push(vec![
            Cell::text("Chưa có thành viên.", Align::Center).span(COLUMNS_MM.len() as u16 + 1)
        ]);
    }
    let mut blocks = vec![parts::title("DANH SÁCH"), parts::title(subtitle.as_str())];
    if let Some(reference) = reference {
        blocks.push(Block::Para(
            Para::centered(reference, size::BODY, false, true).preserve(),
        ));
    }
    blocks.extend([
        parts::title_rule(&subtitle, TEXT_W_LANDSCAPE),
        Block::Para(Para::centered("", size::TABLE, false, false)),
        Block::Grid(Grid {
            widths: widths(),
            header: header(facts.on),
            rows,
            size: size::TABLE,
        }),
    ]);
    Section {
        landscape: true,
        restart_numbering: true,
        blocks,
    }
}

/// The list on its own.
pub fn build(facts: &Facts, reference: Option<&str>) -> Document {
    Document {
        kind: DocumentKind::MemberList,
        title: format!("Danh sách thành viên {}", facts.team_name),
        sections: vec![section(facts, reference)],
    }
}
