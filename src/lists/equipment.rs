//! The equipment issued: a row per issue up to the list's day, teams in Vietnamese order
//! and each team's issues by date; an issue taken back keeps its row, with the day it
//! was returned (the list is the record of what was handed out).

use crate::error::Result;
use crate::kinds::{CONDITIONS, EQUIPMENT_ITEMS, EQUIPMENT_SOURCES};
use crate::report::xlsx::cells::{col, Cell};
use crate::Store;

use super::sheet::{self, as_of, choice, date, day, text, Table};
use super::{Built, ListOptions, Scope};

pub const SHEET: &str = "Trang phục, công cụ";

pub(super) fn workbook(store: &Store, scope: &Scope, options: ListOptions) -> Result<Built> {
    let issues = scope.book_by_team(store, "equipment", "issue_date", options.on, true)?;
    // To whom: the member's name only, whatever else their record holds.
    let names = super::member_names(store)?;

    let mut columns = vec![col("STT", 6.0)];
    if !scope.one_team {
        columns.push(col("Tổ", 24.0));
    }
    columns.extend([
        col("Loại", 18.0),
        col("Mô tả", 24.0),
        col("Số lượng", 9.0),
        col("Ngày cấp", 12.0),
        col("Cấp cho thành viên", 22.0),
        col("Nguồn", 16.0),
        col("Tình trạng", 10.0),
        col("Ngày thu hồi", 12.0),
        col("Ghi chú", 24.0),
    ]);
    let mut rows = Vec::with_capacity(issues.len());
    let mut handed_out = 0;
    for (i, r) in issues.iter().enumerate() {
        let quantity = r.int("quantity").unwrap_or(0);
        if day(r, "returned_date").is_none_or(|d| d > options.on) {
            handed_out += quantity;
        }
        let mut cells = vec![Cell::Count(i + 1)];
        if !scope.one_team {
            cells.push(Cell::Text(
                scope.team_name(r.text("team_id").unwrap_or("")).into(),
            ));
        }
        cells.extend([
            choice(r, "item", EQUIPMENT_ITEMS),
            text(r, "description"),
            Cell::Int(quantity),
            date(r, "issue_date"),
            Cell::Text(
                r.text("member_id")
                    .and_then(|id| names.get(id))
                    .cloned()
                    .unwrap_or_default(),
            ),
            choice(r, "source", EQUIPMENT_SOURCES),
            choice(r, "condition", CONDITIONS),
            date(r, "returned_date"),
            text(r, "note"),
        ]);
        rows.push(cells);
    }
    let table = Table {
        sheet: SHEET.into(),
        title: format!("{} — {}", super::ListKind::Equipment.title(), scope.name()),
        subtitle: format!(
            "{}; {} lần cấp, {} món chưa thu hồi.",
            as_of(options.on),
            rows.len(),
            crate::records::convert::group_thousands(handed_out)
        ),
        personal: false,
        columns,
        rows,
        total: None,
    };
    sheet::one_table(table, &scope.commune)
}
