//! The member list: a row per member on the team on the list's day (and, when asked for,
//! those who had left by then), teams in Vietnamese order and members by name within
//! each, as the store keeps them.

use crate::dates::PartialDate;
use crate::error::Result;
use crate::kinds::{
    EDUCATION_LEVELS, ETHNICITIES, ID_DOC_TYPES, PROFESSIONAL_LEVELS, ROLES, SEXES,
};
use crate::records::Record;
use crate::report::xlsx::cells::{col, Cell, Column};
use crate::Store;

use super::sheet::{self, as_of, choice, date, day, text, yes, Table};
use super::{Built, ListOptions, Scope};

/// The sheet's tab.
pub const SHEET: &str = "Thành viên";

/// Whether `m` belongs on the list of `on`: joined by then (a member without a joining
/// day is kept: the list prints what the clerk entered), and not yet left, unless those
/// who left are asked for too.
fn listed(m: &Record, options: &ListOptions) -> bool {
    let joined = day(m, "joined_date").is_none_or(|d| d <= options.on);
    let stayed = day(m, "exit_date").is_none_or(|d| d > options.on);
    joined && (stayed || options.former_members)
}

/// A date that may be partial (birth, joining the Party) as far as it is known: a full
/// day is a date cell; a year alone a number (it sorts with the years of the "Năm sinh"
/// column); a month and year, text as on the paper forms ("03/1975"), since Excel has no
/// month-only date.
fn partial(m: &Record, field: &str) -> Cell {
    match m.text(field).map(PartialDate::from_iso) {
        Some(Ok(PartialDate::Full(d))) => Cell::Date(Some(d)),
        Some(Ok(PartialDate::Year(y))) => Cell::Year(Some(y)),
        Some(Ok(p)) => Cell::Text(p.to_vn()),
        _ => Cell::Text(String::new()),
    }
}

fn birth_year(m: &Record) -> Cell {
    Cell::Year(
        m.text("birth_date")
            .and_then(|b| PartialDate::from_iso(b).ok())
            .map(|b| b.year()),
    )
}

type CellOf<'a> = Box<dyn Fn(&Record) -> Cell + 'a>;

pub(super) fn workbook(store: &Store, scope: &Scope, options: ListOptions) -> Result<Built> {
    let members: Vec<Record> = scope
        .records_by_team(store, "member")?
        .into_iter()
        .filter(|m| listed(m, &options))
        .collect();

    let village = |m: &Record| {
        Cell::Text(
            m.text("village_id")
                .and_then(|v| scope.villages.get(v))
                .cloned()
                .unwrap_or_default(),
        )
    };
    let mut columns: Vec<(Column, CellOf)> =
        vec![(col("Họ và tên", 24.0), Box::new(|m| text(m, "full_name")))];
    if !scope.one_team {
        columns.push((
            col("Tổ", 24.0),
            Box::new(|m| Cell::Text(scope.team_name(m.text("team_id").unwrap_or("")).into())),
        ));
    }
    columns.extend::<[(Column, CellOf); 13]>([
        (
            col("Chức danh", 11.0),
            Box::new(|m| choice(m, "role", ROLES)),
        ),
        (col("Năm sinh", 8.0), Box::new(birth_year)),
        (col("Giới tính", 8.0), Box::new(|m| choice(m, "sex", SEXES))),
        (col("Thôn nơi cư trú", 20.0), Box::new(village)),
        (
            col("Ngày tham gia", 12.0),
            Box::new(|m| date(m, "joined_date")),
        ),
        (
            col("Trình độ học vấn", 16.0),
            Box::new(|m| choice(m, "education", EDUCATION_LEVELS)),
        ),
        (
            col("Trình độ chuyên môn, nghiệp vụ", 16.0),
            Box::new(|m| choice(m, "professional_level", PROFESSIONAL_LEVELS)),
        ),
        (col("Đoàn viên", 8.0), Box::new(|m| yes(m, "youth_union"))),
        (
            col("Nghề nghiệp", 16.0),
            Box::new(|m| text(m, "occupation")),
        ),
        (
            col("Ngày khám sức khỏe", 12.0),
            Box::new(|m| date(m, "health_cert_date")),
        ),
        (
            col("Số giấy chứng nhận", 12.0),
            Box::new(|m| text(m, "certificate_number")),
        ),
        (
            col("Số biển hiệu", 10.0),
            Box::new(|m| text(m, "badge_number")),
        ),
        (col("Ghi chú", 24.0), Box::new(|m| text(m, "note"))),
    ]);
    if options.former_members {
        columns.extend::<[(Column, CellOf); 2]>([
            (
                col("Ngày thôi tham gia", 12.0),
                Box::new(|m| date(m, "exit_date")),
            ),
            (
                col("Lý do thôi", 20.0),
                Box::new(|m| text(m, "exit_reason")),
            ),
        ]);
    }
    // Personal data under Luật 91/2025/QH15 beyond a name, a birth year and a village:
    // the catalogue's sensitive fields and what identifies or reaches the person.
    if options.personal_data {
        columns.extend::<[(Column, CellOf); 9]>([
            (
                col("Ngày sinh", 12.0),
                Box::new(|m| partial(m, "birth_date")),
            ),
            (
                col("Dân tộc", 10.0),
                Box::new(|m| choice(m, "ethnicity", ETHNICITIES)),
            ),
            (col("Tôn giáo", 10.0), Box::new(|m| text(m, "religion"))),
            (
                col("Loại giấy tờ", 12.0),
                Box::new(|m| choice(m, "id_doc_type", ID_DOC_TYPES)),
            ),
            // Text, never a number: a leading 0 is part of the number.
            (
                col("Số định danh cá nhân", 16.0),
                Box::new(|m| text(m, "id_number")),
            ),
            (col("Nơi cư trú", 28.0), Box::new(|m| text(m, "address"))),
            (col("Đảng viên", 8.0), Box::new(|m| yes(m, "party_member"))),
            (
                col("Ngày vào Đảng", 12.0),
                Box::new(|m| partial(m, "party_join_date")),
            ),
            (col("Số điện thoại", 13.0), Box::new(|m| text(m, "phone"))),
        ]);
    }

    let mut heads = vec![col("STT", 6.0)];
    let mut rows = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let mut cells = vec![Cell::Count(i + 1)];
        cells.extend(columns.iter().map(|(_, cell)| cell(m)));
        rows.push(cells);
    }
    heads.extend(columns.into_iter().map(|(c, _)| c));

    let who = if options.former_members {
        "kể cả người đã thôi tham gia"
    } else {
        "thành viên đang tham gia"
    };
    let table = Table {
        sheet: SHEET.into(),
        title: format!("{} — {}", super::ListKind::Members.title(), scope.name()),
        subtitle: format!("{}; {} người ({who}).", as_of(options.on), rows.len()),
        personal: options.personal_data,
        columns: heads,
        rows,
        total: None,
    };
    sheet::one_table(table, &scope.commune)
}
