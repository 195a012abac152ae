//! The «Biểu đồ» sheet: Excel charts that read their figures from «Tổng hợp theo xã», and
//! the small table of teams founded per year they draw.

use chrono::Datelike;
use rust_xlsxwriter::{Chart, ChartFont, ChartLegendPosition, ChartType, Workbook};

use super::cells::{col, write_row_at, Cell, Column, Formats};
use super::{HEADER_ROW, SHEET_CHARTS, SHEET_COMMUNES};
use crate::error::Result;
use crate::receiver::charts::founded_by_year;
use crate::report::Report;

/// Where a commune row's figures stand on «Tổng hợp theo xã» (see
/// [`super::commune_columns`]): the charts read them from there, so the workbook holds
/// each number once.
struct CommuneSheetLayout {
    /// The header row, the first and last data rows (0-based), and the totals row.
    header: u32,
    first: u32,
    last: u32,
    totals: u32,
    name: u16,
    first_rule: u16,
    last_rule: u16,
    compliance: u16,
    trained_share: u16,
}

impl CommuneSheetLayout {
    fn of(report: &Report) -> CommuneSheetLayout {
        let rules = report.rules.len() as u16;
        let n = report.communes.len() as u32;
        CommuneSheetLayout {
            header: HEADER_ROW,
            first: HEADER_ROW + 1,
            last: HEADER_ROW + n,
            totals: HEADER_ROW + n + 1,
            name: 1,
            first_rule: 6,
            last_rule: 6 + rules - 1,
            compliance: 6 + rules + 1,
            trained_share: 6 + rules + 4,
        }
    }
}

/// «Biểu đồ»: Excel charts of the same three views as the window's: the share of teams
/// meeting each rule across the unit, each commune's overall share and training
/// coverage, and teams founded per year (its small table is on this sheet).
pub(super) fn charts_sheet(wb: &mut Workbook, report: &Report, f: &Formats) -> Result<()> {
    let l = CommuneSheetLayout::of(report);
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_CHARTS)?;
    // Printed on A4 across, each chart as wide as the page.
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(0, 0, &report.title, &f.title)?;
    let title_font = ChartFont::new().set_size(12).set_bold().clone();
    if report.communes.is_empty() {
        ws.write_string(2, 0, "Chưa có đơn vị nào để vẽ biểu đồ.")?;
        return Ok(());
    }

    let mut by_rule = Chart::new(ChartType::Column);
    by_rule
        .title()
        .set_font(&title_font)
        .set_name("Tỉ lệ tổ đang hoạt động đạt từng tiêu chí (toàn địa bàn)");
    by_rule
        .add_series()
        .set_name("Tỉ lệ tổ đạt")
        .set_categories((
            SHEET_COMMUNES,
            l.header,
            l.first_rule,
            l.header,
            l.last_rule,
        ))
        .set_values((
            SHEET_COMMUNES,
            l.totals,
            l.first_rule,
            l.totals,
            l.last_rule,
        ));
    by_rule.y_axis().set_num_format("0%").set_min(0).set_max(1);
    by_rule.legend().set_hidden();
    by_rule.set_width(720).set_height(320);
    ws.insert_chart(2, 0, &by_rule)?;

    // One pair of bars per commune: tall enough for every name to be read.
    let mut by_commune = Chart::new(ChartType::Bar);
    by_commune
        .title()
        .set_font(&title_font)
        .set_name("Mức đạt chung và tỉ lệ thành viên được tập huấn, theo đơn vị");
    by_commune
        .add_series()
        .set_name("Mức đạt chung (tiêu chí đạt / tổng)")
        .set_categories((SHEET_COMMUNES, l.first, l.name, l.last, l.name))
        .set_values((SHEET_COMMUNES, l.first, l.compliance, l.last, l.compliance));
    by_commune
        .add_series()
        .set_name("Tỉ lệ thành viên đã tập huấn")
        .set_categories((SHEET_COMMUNES, l.first, l.name, l.last, l.name))
        .set_values((
            SHEET_COMMUNES,
            l.first,
            l.trained_share,
            l.last,
            l.trained_share,
        ));
    // A bar chart's categories are on its Y axis: the first commune at the top, as in
    // the table; the shares on the X axis.
    by_commune.y_axis().set_reverse();
    by_commune
        .x_axis()
        .set_num_format("0%")
        .set_min(0)
        .set_max(1);
    by_commune.legend().set_position(ChartLegendPosition::Top);
    let height = 120 + 28 * report.communes.len() as u32;
    by_commune.set_width(720).set_height(height.min(30_000));
    ws.insert_chart(20, 0, &by_commune)?;

    // Teams founded per year, from the signed founding decisions of the active teams.
    let years: Vec<Option<i32>> = report
        .teams
        .iter()
        .filter(|t| t.active)
        .map(|t| t.founded.map(|d| d.year()))
        .collect();
    let (founded, unknown) = founded_by_year(&years, report.on.year());
    let (table_col, mut row) = (13u16, 2u32);
    let cols = [
        col("Năm", 8.0),
        col("Số tổ thành lập", 12.0),
        col("Lũy kế", 10.0),
    ];
    for (i, Column(title, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(row, table_col + i as u16, title, &f.header)?;
        ws.set_column_width(table_col + i as u16, *width)?;
    }
    ws.set_row_height(row, 30)?;
    for y in &founded {
        row += 1;
        write_row_at(
            ws,
            row,
            table_col,
            &[
                Cell::Year(Some(y.year)),
                Cell::Count(y.founded),
                Cell::Count(y.cumulative),
            ],
            f,
            false,
        )?;
    }
    ws.write_string(
        row + 1,
        table_col,
        format!("{unknown} tổ đang hoạt động chưa có quyết định thành lập đã ký, có ngày (không tính ở đây)."),
    )?;
    if !founded.is_empty() {
        let (first, last) = (3, row);
        let mut per_year = Chart::new(ChartType::Column);
        per_year
            .title()
            .set_font(&title_font)
            .set_name("Số tổ đang hoạt động theo năm thành lập");
        per_year
            .add_series()
            .set_name("Số tổ thành lập")
            .set_categories((SHEET_CHARTS, first, table_col, last, table_col))
            .set_values((SHEET_CHARTS, first, table_col + 1, last, table_col + 1));
        per_year.legend().set_hidden();
        per_year.set_width(560).set_height(300);
        ws.insert_chart(row + 3, table_col, &per_year)?;
    }
    Ok(())
}
