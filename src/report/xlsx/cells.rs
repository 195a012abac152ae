//! The sheets' building blocks: the cell formats, typed cells, columns, and writing a
//! header row or a row of cells.

use chrono::Datelike;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet};

use super::{FORMAT_COUNT, FORMAT_DATE, FORMAT_SHARE, FORMAT_YEAR};
use crate::error::Result;

pub(crate) struct Formats {
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) count: Format,
    pub(crate) share: Format,
    pub(crate) date: Format,
    pub(crate) year: Format,
    pub(crate) total_text: Format,
    pub(crate) total_count: Format,
    pub(crate) total_share: Format,
    pub(crate) total_date: Format,
    pub(crate) warning: Format,
    pub(crate) title: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        // Top-aligned, so a row made tall by a wrapped text reads along its first line.
        let base = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let total = base.clone().set_bold();
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7)),
            // Wrapped, so a long text (an activity's content, a team's name) prints
            // within its column instead of running over the next ones.
            text: base.clone().set_text_wrap(),
            count: base.clone().set_num_format(FORMAT_COUNT),
            share: base.clone().set_num_format(FORMAT_SHARE),
            date: base.clone().set_num_format(FORMAT_DATE),
            year: base.set_num_format(FORMAT_YEAR),
            total_text: total.clone(),
            total_count: total.clone().set_num_format(FORMAT_COUNT),
            total_share: total.clone().set_num_format(FORMAT_SHARE),
            total_date: total.set_num_format(FORMAT_DATE),
            warning: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_font_color(Color::RGB(0xC00000))
                .set_background_color(Color::RGB(0xFFF2CC))
                .set_align(FormatAlign::VerticalCenter),
            title: Format::new().set_bold().set_font_size(13),
        }
    }
}

/// A typed cell value.
pub(crate) enum Cell {
    Text(String),
    Count(usize),
    Int(i64),
    Share(Option<f64>),
    Date(Option<chrono::NaiveDate>),
    Year(Option<i32>),
}

/// A column: header and width (in Excel's character units).
pub(crate) struct Column(pub(crate) String, pub(crate) f64);

pub(crate) fn col(title: impl Into<String>, width: f64) -> Column {
    Column(title.into(), width)
}

/// Writes a header row at `row`, freezes the panes under it, sets the widths and an
/// autofilter over `rows` data rows.
pub(crate) fn table_header(
    ws: &mut Worksheet,
    row: u32,
    columns: &[Column],
    rows: usize,
    f: &Formats,
) -> Result<()> {
    for (c, Column(title, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, title, &f.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_row_height(row, 45)?;
    ws.set_freeze_panes(row + 1, 0)?;
    ws.autofilter(row, 0, row + rows.max(1) as u32, columns.len() as u16 - 1)?;
    // Printed as the officer files it: A4 across, every column on the page's width
    // (as many pages down as it takes), the header (and what stands above it) again
    // on every page, the page number in the footer.
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_footer("&CTrang &P/&N");
    ws.set_repeat_rows(0, row)?;
    Ok(())
}

/// The two lines above every table: the report's title (it names the reporting unit and
/// the period) and the days it covers, so a printed sheet says what it is on its own.
pub(crate) fn sheet_title(
    ws: &mut Worksheet,
    report: &crate::report::Report,
    f: &Formats,
) -> Result<()> {
    use crate::dates::vn;
    ws.write_string_with_format(0, 0, &report.title, &f.title)?;
    let to = report.on.min(report.period.to);
    ws.write_string(
        1,
        0,
        format!(
            "Kết quả từ ngày {} đến ngày {}; tiêu chí C1–C8 tính đến ngày {}.",
            vn(report.period.from),
            vn(to),
            vn(report.on)
        ),
    )?;
    Ok(())
}

pub(crate) fn write_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    f: &Formats,
    total: bool,
) -> Result<()> {
    write_row_at(ws, row, 0, cells, f, total)
}

/// A row of cells from column `first` on.
pub(crate) fn write_row_at(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    cells: &[Cell],
    f: &Formats,
    total: bool,
) -> Result<()> {
    for (c, cell) in cells.iter().enumerate() {
        let c = first + c as u16;
        let (text, count, share, date) = if total {
            (&f.total_text, &f.total_count, &f.total_share, &f.total_date)
        } else {
            (&f.text, &f.count, &f.share, &f.date)
        };
        match cell {
            Cell::Text(s) if s.is_empty() => ws.write_blank(row, c, text)?,
            Cell::Text(s) => ws.write_string_with_format(row, c, s, text)?,
            Cell::Count(n) => ws.write_number_with_format(row, c, *n as f64, count)?,
            Cell::Int(n) => ws.write_number_with_format(row, c, *n as f64, count)?,
            Cell::Share(Some(x)) => ws.write_number_with_format(row, c, *x, share)?,
            Cell::Year(Some(y)) => ws.write_number_with_format(row, c, *y as f64, &f.year)?,
            Cell::Date(Some(d)) => {
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_date_with_format(row, c, &dt, date)?
            }
            Cell::Share(None) | Cell::Date(None) | Cell::Year(None) => {
                ws.write_blank(row, c, text)?
            }
        };
    }
    Ok(())
}
