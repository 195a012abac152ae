//! The fund book (sổ quỹ): each team's entries up to the list's day in date order, with
//! Thu, Chi and the balance after each entry (Tồn), and a totals row.
//!
//! The whole commune gets a summary sheet (a row per team: entries, income, spending,
//! balance) and then one sheet per team that has entries, rather than one long table
//! with a team column: each team's fund is its own money, kept in its own book, so a
//! running balance only means something within one team, and each team's sheet prints
//! as the page its treasurer signs.

use crate::error::Result;
use crate::kinds::FUND_SOURCES;
use crate::records::Record;
use crate::report::xlsx::cells::{col, Cell, Column, Formats};
use crate::Store;

use super::sheet::{self, add_table, as_of, choice, date, sheet_name, text, yes, Table};
use super::{Built, ListOptions, Scope};

/// The summary sheet of the whole commune's book.
pub const SHEET_SUMMARY: &str = "Tổng hợp";
/// The sheet of a single team's book.
pub const SHEET_TEAM: &str = "Sổ quỹ";

/// One team's income, spending and balance.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sums {
    pub(crate) income: i64,
    pub(crate) spending: i64,
}

impl Sums {
    pub(crate) fn balance(self) -> i64 {
        self.income - self.spending
    }

    fn add(&mut self, entry: &Record) -> i64 {
        let amount = entry.int("amount").unwrap_or(0);
        if is_spending(entry) {
            self.spending += amount;
        } else {
            self.income += amount;
        }
        amount
    }
}

fn is_spending(entry: &Record) -> bool {
    entry.text("direction") == Some("chi")
}

fn columns(personal: bool) -> Vec<Column> {
    let mut cols = vec![
        col("STT", 6.0),
        col("Ngày", 12.0),
        col("Số chứng từ", 11.0),
        col("Nội dung", 36.0),
        col("Nguồn", 22.0),
    ];
    // Who paid or was paid is a named person (the catalogue counts it as personal data).
    if personal {
        cols.push(col("Người nộp / người nhận", 22.0));
    }
    cols.extend([
        col("Thu (đồng)", 14.0),
        col("Chi (đồng)", 14.0),
        col("Tồn quỹ (đồng)", 15.0),
        col("Đã công khai", 9.0),
    ]);
    cols
}

/// One team's book: its rows with the balance after each, the totals row, and the sums.
fn book(entries: &[&Record], personal: bool) -> (Vec<Vec<Cell>>, Vec<Cell>, Sums) {
    let mut sums = Sums::default();
    let mut rows = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let amount = sums.add(e);
        let (income, spending) = match is_spending(e) {
            true => (Cell::Text(String::new()), Cell::Int(amount)),
            false => (Cell::Int(amount), Cell::Text(String::new())),
        };
        let mut cells = vec![
            Cell::Count(i + 1),
            date(e, "entry_date"),
            text(e, "voucher_number"),
            text(e, "purpose"),
            choice(e, "source", FUND_SOURCES),
        ];
        if personal {
            cells.push(text(e, "counterparty"));
        }
        cells.extend([
            income,
            spending,
            Cell::Int(sums.balance()),
            yes(e, "disclosed"),
        ]);
        rows.push(cells);
    }
    let mut total = vec![
        Cell::Text(String::new()),
        Cell::Text("Cộng".into()),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
    ];
    if personal {
        total.push(Cell::Text(String::new()));
    }
    total.extend([
        Cell::Int(sums.income),
        Cell::Int(sums.spending),
        Cell::Int(sums.balance()),
        Cell::Text(String::new()),
    ]);
    (rows, total, sums)
}

pub(super) fn workbook(store: &Store, scope: &Scope, options: ListOptions) -> Result<Built> {
    // Dated entries only (an entry without its day has no place in a running balance).
    let entries = scope.book_by_team(store, "fund_entry", "entry_date", options.on, false)?;
    let personal = options.personal_data;
    let f = Formats::new();
    let title = format!("{} — {}", super::ListKind::Funds.title(), scope.name());
    let mut wb = sheet::workbook(&title, &scope.commune);
    let mut used = Vec::new();
    let mut sheets = Vec::new();
    let mut summary = Vec::new();
    let mut all = Sums::default();
    let mut books = Vec::new();
    for team in &scope.teams {
        let mine: Vec<&Record> = entries
            .iter()
            .filter(|e| e.text("team_id") == Some(team.id.as_str()))
            .collect();
        let (rows, total, sums) = book(&mine, personal);
        all.income += sums.income;
        all.spending += sums.spending;
        let name = team.text("name").unwrap_or("");
        summary.push(vec![
            Cell::Count(summary.len() + 1),
            Cell::Text(name.into()),
            Cell::Count(mine.len()),
            Cell::Int(sums.income),
            Cell::Int(sums.spending),
            Cell::Int(sums.balance()),
        ]);
        // The whole commune's workbook leaves out the books of teams with no entries:
        // the summary's row says so already.
        if scope.one_team || !rows.is_empty() {
            books.push((name.to_string(), rows, total));
        }
    }
    if !scope.one_team {
        used.push(SHEET_SUMMARY.to_string());
        let total = vec![
            Cell::Text(String::new()),
            Cell::Text("Cộng".into()),
            Cell::Count(entries.len()),
            Cell::Int(all.income),
            Cell::Int(all.spending),
            Cell::Int(all.balance()),
        ];
        add_table(
            &mut wb,
            &Table {
                sheet: SHEET_SUMMARY.into(),
                title: title.clone(),
                subtitle: format!(
                    "{}; mỗi tổ một sổ ở các trang sau (tổ chưa có khoản thu, chi không có trang riêng).",
                    as_of(options.on)
                ),
                personal: false,
                columns: vec![
                    col("STT", 6.0),
                    col("Tổ", 30.0),
                    col("Số khoản thu, chi", 10.0),
                    col("Tổng thu (đồng)", 15.0),
                    col("Tổng chi (đồng)", 15.0),
                    col("Tồn quỹ (đồng)", 15.0),
                ],
                rows: summary,
                total: Some(total),
            },
            &f,
        )?;
        sheets.push(SHEET_SUMMARY.to_string());
    }
    for (name, rows, total) in books {
        let sheet = match scope.one_team {
            true => SHEET_TEAM.to_string(),
            false => sheet_name(&name, &mut used),
        };
        add_table(
            &mut wb,
            &Table {
                sheet: sheet.clone(),
                title: format!(
                    "{} — {name}, {}",
                    super::ListKind::Funds.title(),
                    scope.commune
                ),
                subtitle: format!("{}; {} khoản thu, chi.", as_of(options.on), rows.len()),
                personal,
                columns: columns(personal),
                rows,
                total: Some(total),
            },
            &f,
        )?;
        sheets.push(sheet);
    }
    Ok(Built {
        bytes: wb.save_to_buffer()?,
        rows: entries.len(),
        sheets,
        personal,
    })
}
