//! The activity book (sổ hoạt động): the team's patrols, propaganda sessions,
//! mediations and other work up to the list's day, by date, with who took part. The
//! name of a person who reported something to the team is kept secret by law and never
//! written here (the catalogue marks it confidential).

use std::collections::HashMap;

use crate::error::Result;
use crate::kinds::{ACTIVITY_TYPES, MEDIATION_RESULTS, PROPAGANDA_FORMS};
use crate::records::ListQuery;
use crate::report::xlsx::cells::{col, Cell};
use crate::Store;

use super::sheet::{self, as_of, choice, date, text, Table};
use super::{Built, ListOptions, Scope};

pub const SHEET: &str = "Sổ hoạt động";

pub(super) fn workbook(store: &Store, scope: &Scope, options: ListOptions) -> Result<Built> {
    let done = scope.book_by_team(store, "activity", "activity_date", options.on, true)?;
    // Who took part, by name (the members' names only).
    let names = super::member_names(store)?;
    let mut took_part: HashMap<String, Vec<String>> = HashMap::new();
    for p in store.list("activity_participant", &ListQuery::default())? {
        if let (Some(a), Some(m)) = (p.text("activity_id"), p.text("member_id")) {
            if let Some(name) = names.get(m) {
                took_part
                    .entry(a.to_string())
                    .or_default()
                    .push(name.clone());
            }
        }
    }

    let mut columns = vec![col("STT", 6.0)];
    if !scope.one_team {
        columns.push(col("Tổ", 24.0));
    }
    columns.extend([
        col("Ngày", 12.0),
        col("Loại hoạt động", 18.0),
        col("Giờ", 12.0),
        col("Địa bàn, tuyến", 22.0),
        col("Nội dung", 36.0),
        col("Kết quả, cách xử lý", 30.0),
        col("Hình thức tuyên truyền", 16.0),
        col("Số người dự", 9.0),
        col("Kết quả hòa giải", 14.0),
        col("Phối hợp với", 18.0),
        col("Thành viên tham gia", 30.0),
    ]);
    let mut rows = Vec::with_capacity(done.len());
    for (i, r) in done.iter().enumerate() {
        let mut cells = vec![Cell::Count(i + 1)];
        if !scope.one_team {
            cells.push(Cell::Text(
                scope.team_name(r.text("team_id").unwrap_or("")).into(),
            ));
        }
        let mut who = took_part.remove(&r.id).unwrap_or_default();
        who.sort_by_key(|n| crate::text::person_sort_key(n, None));
        cells.extend([
            date(r, "activity_date"),
            choice(r, "activity_type", ACTIVITY_TYPES),
            Cell::Text(match (r.text("start_time"), r.text("end_time")) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                (Some(a), None) => a.to_string(),
                _ => String::new(),
            }),
            text(r, "location"),
            text(r, "content"),
            text(r, "result"),
            choice(r, "propaganda_form", PROPAGANDA_FORMS),
            r.int("audience")
                .map_or(Cell::Text(String::new()), Cell::Int),
            choice(r, "mediation_result", MEDIATION_RESULTS),
            text(r, "coordinated_with"),
            Cell::Text(who.join(", ")),
        ]);
        rows.push(cells);
    }
    let table = Table {
        sheet: SHEET.into(),
        title: format!("{} — {}", super::ListKind::Activities.title(), scope.name()),
        subtitle: format!("{}; {} hoạt động.", as_of(options.on), rows.len()),
        personal: false,
        columns,
        rows,
        total: None,
    };
    sheet::one_table(table, &scope.commune)
}
