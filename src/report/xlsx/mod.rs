//! The report as an Excel workbook, written with `rust_xlsxwriter`.
//!
//! - Sheets: «Tổng hợp theo xã» (one row per commune and a totals row), «Kết quả trong
//!   kỳ» (the period's results, [`results`]), «Biểu đồ», «Theo tổ» (one row per team), «Thành viên - dữ liệu cá nhân» only when asked for (a warning row
//!   above the header), and «Thông tin» (unit, day, thresholds, the rules' titles).
//! - Every table: bold header with wrapped text, column widths set, the header row
//!   frozen, an autofilter on it.
//! - Numbers are numbers and dates are dates (Excel serial days with the format
//!   `dd/mm/yyyy`), so they sort, filter and sum in Excel.
//! - Number formats are stored locale-independently in the file: `,` in `#,##0` means
//!   "group thousands" and `.` "decimal point", and Excel shows them with the separators
//!   of the computer it runs on. On a Windows set to Vietnamese (vi-VN: `.` groups, `,`
//!   is the decimal mark) `#,##0` shows 1.234.567 — the Vietnamese form — and the same
//!   file shows 1,234,567 on an English Windows. Writing the Vietnamese marks literally
//!   (`#.##0`) would be wrong everywhere: Excel would read `.` as a decimal point. So the
//!   report uses `#,##0` for counts, `0%` for shares (no separator involved), `0` for
//!   years (a year is not grouped: 2025, not 2.025), and the custom date format
//!   `dd/mm/yyyy` (not Excel's built-in short date, which follows the computer's locale
//!   and is m/d/yyyy on an English Windows).

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use super::Report;
use crate::error::{Error, Result};
use crate::receiver::CommuneRow;
use crate::settings::SETTINGS;

pub(crate) mod cells;
mod charts;
mod results;

use cells::{col, sheet_title, table_header, write_row, Cell, Column, Formats};
use charts::charts_sheet;
use results::results_sheet;
pub use results::SHEET_RESULTS;

pub const SHEET_COMMUNES: &str = "Tổng hợp theo xã";
pub const SHEET_CHARTS: &str = "Biểu đồ";
pub const SHEET_TEAMS: &str = "Theo tổ";
pub const SHEET_MEMBERS: &str = "Thành viên - dữ liệu cá nhân";
pub const SHEET_INFO: &str = "Thông tin";

/// Format codes (see the module's notes on locales).
pub const FORMAT_COUNT: &str = "#,##0";
pub const FORMAT_SHARE: &str = "0%";
pub const FORMAT_DATE: &str = "dd/mm/yyyy";
pub const FORMAT_YEAR: &str = "0";

/// Every table's header row (0-based): the title and the period stand above it, a row
/// left blank between (on the members' sheet that row holds the warning).
pub const HEADER_ROW: u32 = 3;

impl From<XlsxError> for Error {
    fn from(e: XlsxError) -> Self {
        Error::Workbook {
            reason: e.to_string(),
        }
    }
}

fn commune_columns(report: &Report) -> Vec<Column> {
    let mut cols = vec![
        col("Mã đơn vị", 9.0),
        col("Tên đơn vị", 24.0),
        col("Số thôn, tổ dân phố", 11.0),
        col("Thôn chưa có tổ", 10.0),
        col("Tổ đang hoạt động", 10.0),
        col("Tổ tạm dừng, giải thể, sáp nhập", 12.0),
    ];
    for r in &report.rules {
        cols.push(col(format!("{} (% tổ đạt)", r.rule), 9.0));
    }
    cols.extend([
        col("Tổ đạt đủ 8 tiêu chí", 10.0),
        col("Mức đạt chung (tiêu chí đạt / tổng)", 12.0),
        col("Thành viên", 11.0),
        col(
            format!(
                "Thành viên đã tập huấn ({} tháng)",
                report.thresholds.training_months
            ),
            12.0,
        ),
        col("Tỉ lệ tập huấn", 10.0),
        col("Kiểm tra gần nhất", 12.0),
        col("Tổ được kiểm tra trong kỳ", 11.0),
        col("Kiến nghị quá hạn khắc phục", 11.0),
        col("Gói dữ liệu nhận gần nhất", 12.0),
        col("Số ngày từ gói gần nhất", 10.0),
        col("Cần chú ý", 60.0),
    ]);
    cols
}

fn commune_cells(r: &CommuneRow) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Text(r.unit_code.clone()),
        Cell::Text(r.unit_name.clone()),
        Cell::Count(r.villages),
        Cell::Count(r.villages_without_team),
        Cell::Count(r.active_teams),
        Cell::Count(r.other_teams),
    ];
    cells.extend(r.rules.iter().map(|s| Cell::Share(s.share)));
    cells.extend([
        Cell::Count(r.teams_meeting_all),
        Cell::Share(r.compliance),
        Cell::Count(r.members),
        Cell::Count(r.members_trained),
        Cell::Share(r.trained_share),
        Cell::Date(r.last_inspection),
        Cell::Count(r.teams_inspected),
        Cell::Count(r.overdue_inspections),
        Cell::Date(r.last_bundle.as_ref().map(|b| b.date)),
        match &r.last_bundle {
            Some(b) => Cell::Int(b.days_ago),
            None => Cell::Text(String::new()),
        },
        Cell::Text(
            r.attention
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ]);
    cells
}

/// The workbook's sheets, in the order [`workbook_bytes`] writes them (the members only
/// when the report carries them): what the window tells the officer the file holds.
pub fn sheet_names(report: &Report) -> Vec<&'static str> {
    let mut sheets = vec![SHEET_COMMUNES, SHEET_RESULTS, SHEET_CHARTS, SHEET_TEAMS];
    if report.members.is_some() {
        sheets.push(SHEET_MEMBERS);
    }
    sheets.push(SHEET_INFO);
    sheets
}

pub fn workbook_bytes(report: &Report) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&report.title)
            .set_author(&report.unit_name)
            .set_comment("Sổ Tổ xung kích"),
    );

    // Per commune, then the totals row.
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_COMMUNES)?;
        sheet_title(ws, report, &f)?;
        let cols = commune_columns(report);
        table_header(ws, HEADER_ROW, &cols, report.communes.len() + 1, &f)?;
        let mut row = HEADER_ROW + 1;
        for r in &report.communes {
            write_row(ws, row, &commune_cells(r), &f, false)?;
            row += 1;
        }
        let mut totals = commune_cells(&report.totals);
        totals[0] = Cell::Text(String::new());
        // What the totals are computed over: the communes that sent data.
        totals[1] = Cell::Text(if report.communes_without_data > 0 {
            format!(
                "Tổng cộng ({}/{} đơn vị đã gửi dữ liệu)",
                report.communes.len() - report.communes_without_data,
                report.communes.len()
            )
        } else {
            format!("Tổng cộng ({} đơn vị)", report.communes.len())
        });
        // Days since a bundle mean nothing summed.
        let n = totals.len();
        totals[n - 2] = Cell::Text(String::new());
        totals[n - 3] = Cell::Date(None);
        totals[n - 1] = Cell::Text(String::new());
        write_row(ws, row, &totals, &f, true)?;
    }

    results_sheet(&mut wb, report, &f)?;
    charts_sheet(&mut wb, report, &f)?;

    // Per team.
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_TEAMS)?;
        sheet_title(ws, report, &f)?;
        let mut cols = vec![
            col("Mã đơn vị", 9.0),
            col("Tên đơn vị", 22.0),
            col("Tên tổ", 26.0),
            col("Thôn, tổ dân phố", 22.0),
            col("Mô hình", 22.0),
            col("Tình trạng", 13.0),
            col("Ngày quyết định thành lập", 12.0),
            col("Thành viên", 10.0),
            col(
                format!("Đã tập huấn ({} tháng)", report.thresholds.training_months),
                10.0,
            ),
        ];
        for r in &report.rules {
            cols.push(col(r.rule, 9.0));
        }
        cols.extend([
            col("Số tiêu chí đạt", 9.0),
            col("Kiểm tra gần nhất", 12.0),
            col("Đơn vị kiểm tra", 22.0),
            col("Hạn khắc phục", 12.0),
            col("Kiến nghị quá hạn", 10.0),
            col("Mã tổ", 38.0),
        ]);
        table_header(ws, HEADER_ROW, &cols, report.teams.len(), &f)?;
        for (i, t) in report.teams.iter().enumerate() {
            let mut cells = vec![
                Cell::Text(t.unit_code.clone()),
                Cell::Text(t.unit_name.clone()),
                Cell::Text(t.name.clone()),
                Cell::Text(t.villages.join(", ")),
                Cell::Text(t.model_type_label.clone()),
                Cell::Text(t.status_label.clone()),
                Cell::Date(t.founded),
                Cell::Count(t.members),
                Cell::Count(t.members_trained),
            ];
            if t.rules.is_empty() {
                cells.extend((0..report.rules.len()).map(|_| Cell::Text(String::new())));
                cells.push(Cell::Text(String::new()));
            } else {
                cells.extend(t.rules.iter().map(|r| Cell::Text(r.status.label().into())));
                cells.push(Cell::Count(t.met));
            }
            let ins = t.latest_inspection.as_ref();
            cells.extend([
                Cell::Date(ins.map(|i| i.date)),
                Cell::Text(ins.map(|i| i.inspecting_unit.clone()).unwrap_or_default()),
                Cell::Date(ins.and_then(|i| i.deadline)),
                Cell::Count(t.overdue_inspections),
                Cell::Text(t.team_id.clone()),
            ]);
            write_row(ws, HEADER_ROW + 1 + i as u32, &cells, &f, false)?;
        }
    }

    // Members, only when asked for, under the warning.
    if let Some(members) = &report.members {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_MEMBERS)?;
        let cols = [
            col("Mã đơn vị", 9.0),
            col("Tổ", 24.0),
            col("Họ và tên", 24.0),
            col("Chức danh", 11.0),
            col("Giới tính", 8.0),
            col("Năm sinh", 8.0),
            col("Thôn nơi cư trú", 20.0),
            col("Ngày tham gia", 12.0),
            col("Ngày khám sức khỏe", 12.0),
            col("Trình độ học vấn", 18.0),
            col("Tập huấn gần nhất", 12.0),
            col(
                format!(
                    "Đã tập huấn trong {} tháng",
                    report.thresholds.training_months
                ),
                11.0,
            ),
        ];
        let warning = report
            .personal_data_warning
            .unwrap_or(super::PERSONAL_DATA_WARNING);
        sheet_title(ws, report, &f)?;
        ws.merge_range(
            HEADER_ROW - 1,
            0,
            HEADER_ROW - 1,
            cols.len() as u16 - 1,
            warning,
            &f.warning,
        )?;
        ws.set_row_height(HEADER_ROW - 1, 48)?;
        table_header(ws, HEADER_ROW, &cols, members.len(), &f)?;
        for (i, m) in members.iter().enumerate() {
            let cells = [
                Cell::Text(m.unit_code.clone()),
                Cell::Text(m.team_name.clone()),
                Cell::Text(m.full_name.clone()),
                Cell::Text(m.role_label.clone()),
                Cell::Text(m.sex_label.clone()),
                Cell::Year(m.birth_year),
                Cell::Text(m.village.clone().unwrap_or_default()),
                Cell::Date(m.joined_date),
                Cell::Date(m.health_cert_date),
                Cell::Text(m.education_label.clone().unwrap_or_default()),
                Cell::Date(m.last_training),
                Cell::Text(if m.trained { "Có" } else { "Không" }.into()),
            ];
            write_row(ws, HEADER_ROW + 1 + i as u32, &cells, &f, false)?;
        }
    }

    // What the figures mean.
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_INFO)?;
        ws.set_column_width(0, 44.0)?;
        ws.set_column_width(1, 70.0)?;
        ws.write_string_with_format(0, 0, &report.title, &f.title)?;
        // Days are date cells, counts numbers, so the sheet sorts and sums like the others.
        let facts = [
            (
                "Đơn vị",
                Cell::Text(format!("{} ({})", report.unit_name, report.unit_code)),
            ),
            ("Kỳ báo cáo", Cell::Text(report.period_name.clone())),
            ("Từ ngày", Cell::Date(Some(report.period.from))),
            ("Đến ngày", Cell::Date(Some(report.period.to))),
            ("Số liệu tính đến ngày", Cell::Date(Some(report.on))),
            (
                "Lập lúc (giờ Việt Nam)",
                Cell::Text(lap_luc(&report.generated_at)),
            ),
            ("Số đơn vị", Cell::Count(report.communes.len())),
            (
                "Số đơn vị đã gửi dữ liệu",
                Cell::Count(report.communes.len() - report.communes_without_data),
            ),
            ("Số tổ", Cell::Count(report.teams.len())),
        ];
        let mut row = 2;
        for (key, value) in facts {
            ws.write_string_with_format(row, 0, key, &f.total_text)?;
            cells::write_row_at(ws, row, 1, &[value], &f, false)?;
            row += 1;
        }
        let mut line = |ws: &mut Worksheet, key: &str, value: &str| -> Result<()> {
            ws.write_string_with_format(row, 0, key, &f.total_text)?;
            ws.write_string_with_format(row, 1, value, &f.text)?;
            row += 1;
            Ok(())
        };
        for r in &report.rules {
            line(ws, r.rule, r.title)?;
        }
        let t = serde_json::to_value(&report.thresholds).unwrap_or_default();
        for s in SETTINGS.iter().filter(|s| s.applies_to(Some(report.role))) {
            if let Some(v) = t.get(s.key) {
                line(ws, s.label, &v.to_string())?;
            }
        }
        let required: Vec<String> = report
            .thresholds
            .required_equipment
            .iter()
            .map(|i| format!("{} {}%", i.label, i.percent))
            .collect();
        line(
            ws,
            "C7: trang phục, công cụ tổ phải có (tỉ lệ thành viên)",
            &if required.is_empty() {
                "Không yêu cầu".to_string()
            } else {
                required.join(", ")
            },
        )?;
        line(
            ws,
            "Cách đọc",
            "Tỉ lệ (%) là số tổ đang hoạt động đạt đủ tiêu chí trên tổng số tổ đang hoạt động. \"Kiến nghị quá hạn\" là kiến nghị sau kiểm tra đã quá hạn khắc phục mà chưa ghi kết quả. Số và ngày là giá trị thật của Excel: có thể sắp xếp, lọc, cộng.",
        )?;
        if report.members.is_some() {
            line(ws, "Dữ liệu cá nhân", super::PERSONAL_DATA_WARNING)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// "08:22 ngày 05/12/2026" from the report's RFC 3339 time (already in Vietnam's time).
fn lap_luc(generated_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(generated_at)
        .map(|t| t.format("%H:%M ngày %d/%m/%Y").to_string())
        .unwrap_or_else(|_| generated_at.to_string())
}
