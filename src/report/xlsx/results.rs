//! «Kết quả trong kỳ»: the movement's results in the report's period, one row per
//! commune (per team on a commune's own report), the totals, and the totals of the same
//! period a year earlier. A commune that sent no data says so in words and has empty
//! cells: a blank is not a zero.

use rust_xlsxwriter::Workbook;

use super::cells::{col, sheet_title, table_header, write_row, Cell, Formats};
use super::HEADER_ROW;
use crate::error::Result;
use crate::installation::Role;
use crate::report::{Report, Results};

pub const SHEET_RESULTS: &str = "Kết quả trong kỳ";

fn figures(r: &Results) -> impl Iterator<Item = Cell> + '_ {
    r.figures.iter().map(|n| Cell::Int(*n))
}

pub(super) fn results_sheet(wb: &mut Workbook, report: &Report, f: &Formats) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_RESULTS)?;
    let per_team = report.role == Role::Commune;
    let mut cols = if per_team {
        vec![col("Tên tổ", 30.0), col("Tình trạng", 13.0)]
    } else {
        // Wide enough for the totals' "Cộng (2/13 đơn vị đã gửi dữ liệu), quý IV/2026".
        vec![col("Mã đơn vị", 9.0), col("Tên đơn vị", 40.0)]
    };
    cols.extend(
        report
            .result_columns
            .iter()
            .map(|c| col(c.title, if c.money { 14.0 } else { 10.0 })),
    );
    let rows: Vec<(String, String, Option<&Results>)> = if per_team {
        report
            .teams
            .iter()
            .map(|t| (t.name.clone(), t.status_label.clone(), t.results.as_ref()))
            .collect()
    } else {
        report
            .communes
            .iter()
            .map(|c| (c.unit_code.clone(), c.unit_name.clone(), c.results.as_ref()))
            .collect()
    };
    sheet_title(ws, report, f)?;
    table_header(ws, HEADER_ROW, &cols, rows.len() + 2, f)?;
    let mut row = HEADER_ROW + 1;
    for (first, second, results) in &rows {
        let mut cells = vec![Cell::Text(first.clone()), Cell::Text(second.clone())];
        match results {
            Some(r) => cells.extend(figures(r)),
            None => cells.push(Cell::Text("Chưa gửi dữ liệu: không có số liệu".into())),
        }
        write_row(ws, row, &cells, f, false)?;
        row += 1;
    }
    let sent = report.communes.len() - report.communes_without_data;
    let over = if per_team {
        format!("Cộng ({} tổ), {}", report.teams.len(), report.period_name)
    } else {
        format!(
            "Cộng ({sent}/{} đơn vị đã gửi dữ liệu), {}",
            report.communes.len(),
            report.period_name
        )
    };
    // The label goes where the names are (the team's name, or the unit's after its code).
    let label = |text: String| {
        if per_team {
            vec![Cell::Text(text), Cell::Text(String::new())]
        } else {
            vec![Cell::Text(String::new()), Cell::Text(text)]
        }
    };
    if let Some(totals) = &report.totals.results {
        let mut cells = label(over);
        cells.extend(figures(totals));
        write_row(ws, row, &cells, f, true)?;
        row += 1;
    }
    let mut cells = label("Cùng kỳ năm trước".into());
    match &report.totals.results_year_earlier {
        Some(before) => cells.extend(figures(before)),
        None => cells.push(Cell::Text("không có số liệu".into())),
    }
    write_row(ws, row, &cells, f, true)?;
    Ok(())
}
