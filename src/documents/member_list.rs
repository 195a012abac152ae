//! The member list attached to the founding decision (Danh sách kèm theo, domain.md
//! §2.3): a landscape page, the heading and the reference to the decision, then a ruled
//! table with a two-row header (the birth date sits under the column of the member's
//! sex), Tổ trưởng first, then Tổ phó, then Tổ viên, each in Vietnamese name order.

use super::facts::{Facts, Member};
use super::model::{
    size, twips, Align, Block, Cell, Document, DocumentKind, Grid, Merge, Para, Section,
    TEXT_W_LANDSCAPE,
};
use super::parts;
use crate::kinds;

/// Column widths in mm; the last column (Ghi chú) takes what is left of the 252 mm (11).
const COLUMNS_MM: [f64; 12] = [
    10.0, 33.0, 20.0, 20.0, 16.0, 27.0, 25.0, 16.0, 16.0, 20.0, 15.0, 23.0,
];

fn widths() -> Vec<u32> {
    let mut w: Vec<u32> = COLUMNS_MM.iter().map(|&mm| twips(mm)).collect();
    let used: u32 = w.iter().sum();
    w.push(TEXT_W_LANDSCAPE.saturating_sub(used));
    w
}

fn header() -> Vec<Vec<Cell>> {
    let tall = |t: &str| Cell::head(t).merge(Merge::Start);
    let under = || Cell::head("").merge(Merge::Continue);
    let first = vec![
        tall("STT"),
        tall("Họ và tên"),
        Cell::head("Ngày sinh").span(2),
        tall("Dân tộc"),
        tall("Số định danh cá nhân"),
        tall("Nơi cư trú"),
        tall("Trình độ học vấn"),
        tall("Đảng viên, Đoàn viên"),
        tall("Nghề nghiệp, chức vụ"),
        tall("Chức danh trong Tổ"),
        tall("Số điện thoại"),
        tall("Ghi chú"),
    ];
    let mut second = vec![under(), under(), Cell::head("Nam"), Cell::head("Nữ")];
    second.extend((0..9).map(|_| under()));
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

fn row(i: usize, m: &Member) -> Vec<Cell> {
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
        mid(m.id_number.clone()),
        c(m.residence.clone()),
        mid(m.education.as_deref().map(short_education)),
        mid(membership),
        c(m.occupation.clone()),
        mid(Some(kinds::choice_label(kinds::ROLES, &m.role))),
        mid(m.phone.clone()),
        c(None),
    ]
}

/// The list as a landscape section numbered on its own, under `reference` (the line
/// naming the decision it is attached to).
pub fn section(facts: &Facts, reference: &str) -> Section {
    let subtitle = format!("Thành viên {}", facts.team_name);
    let mut rows: Vec<Vec<Cell>> = facts
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| row(i, m))
        .collect();
    if rows.is_empty() {
        rows.push(vec![
            Cell::text("Chưa có thành viên.", Align::Center).span(COLUMNS_MM.len() as u16 + 1)
        ]);
    }
    let blocks = vec![
        parts::title("DANH SÁCH"),
        parts::title(subtitle.as_str()),
        Block::Para(Para::centered(reference, size::BODY, false, true).preserve()),
        parts::title_rule(&subtitle, TEXT_W_LANDSCAPE),
        Block::Para(Para::centered("", size::TABLE, false, false)),
        Block::Grid(Grid {
            widths: widths(),
            header: header(),
            rows,
            size: size::TABLE,
        }),
    ];
    Section {
        landscape: true,
        restart_numbering: true,
        blocks,
    }
}

/// The list on its own.
pub fn build(facts: &Facts, reference: &str) -> Document {
    Document {
        kind: DocumentKind::MemberList,
        title: format!("Danh sách thành viên {}", facts.team_name),
        sections: vec![section(facts, reference)],
    }
}
