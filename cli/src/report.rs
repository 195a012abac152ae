//! `report --format json|xlsx [--out FILE|FOLDER] [--month mm/yyyy | --quarter q/yyyy |
//! --year yyyy | --from dd/mm/yyyy --to dd/mm/yyyy] [--on dd/mm/yyyy] [--members]`.
//!
//! The period counts the movement's results; the compliance figures are as of its last
//! day (today while it runs), or `--on`. Without a period: this year.
//!
//! - With `--out`: writes the file (format from `--format`, or from the file's ending),
//!   then prints the table (or, with `--json`, the report with `file`, `format` and
//!   `bytes` added).
//! - Without `--out`: `--json` or `--format json` print the report as one JSON object;
//!   otherwise the table, in Vietnamese. `--format xlsx` needs `--out`.

use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};
use xungkich::dates;
use xungkich::ops::files::{self, ReportFormat};
use xungkich::receiver::CommuneRow;
use xungkich::records::convert::group_thousands;
use xungkich::report::{Period, PeriodChoice, Report, ReportOptions};
use xungkich::Store;

use crate::args::{PeriodArgs, ReportFormatArg};
use crate::output::{usage, Failure, Output, Run};
use crate::table::Table;

/// The format asked for, or the one the file's ending names.
fn format_of(
    format: Option<ReportFormatArg>,
    out: Option<&Path>,
) -> Result<Option<ReportFormat>, Failure> {
    match (format, out) {
        (Some(asked), _) => Ok(Some(asked.into())),
        (None, Some(path)) if !path.is_dir() => ReportFormat::of_path(path).map(Some).ok_or_else(|| {
            usage("không biết ghi báo cáo dạng gì: hãy đặt tên tệp .xlsx hoặc .json, hoặc thêm --format xlsx|json")
        }),
        (None, Some(_)) => Err(usage(
            "--out là một thư mục: hãy thêm --format xlsx hoặc --format json",
        )),
        (None, None) => Ok(None),
    }
}

/// The period named by at most one of `--month`, `--quarter`, `--year`, `--from/--to`
/// (clap refuses two).
pub fn period(a: PeriodArgs) -> Result<Option<Period>, Failure> {
    let period = match (a.month, a.quarter, a.year, a.from.zip(a.to)) {
        (Some(m), ..) => Period::parse_month(&m)?,
        (_, Some(q), ..) => Period::parse_quarter(&q)?,
        (_, _, Some(y), _) => Period::parse_year(&y)?,
        (.., Some((from, to))) => PeriodChoice::Days { from, to }.period()?,
        _ => return Ok(None),
    };
    Ok(Some(period))
}

pub fn run(
    store: &Store,
    format: Option<ReportFormatArg>,
    out: Option<PathBuf>,
    options: ReportOptions,
    json_mode: bool,
) -> Run {
    let format = format_of(format, out.as_deref())?;
    if matches!(format, Some(ReportFormat::Xlsx | ReportFormat::Docx)) && out.is_none() {
        return Err(usage(
            "báo cáo Excel hoặc Word cần tệp đích: thêm --out TỆP.xlsx hoặc TỆP.docx (hoặc một thư mục)",
        ));
    }
    let report = store.report(xungkich::ops::today(), options)?;
    if let Some(warning) = report.personal_data_warning {
        eprintln!("{warning}");
    }
    let mut value = serde_json::to_value(&report).unwrap_or(Json::Null);
    let mut human = table(&report);
    match (out, format) {
        (Some(out), Some(format)) => {
            let saved = files::write_report(&report, &out, format)?;
            human.push_str(&format!(
                "\nĐã ghi báo cáo ({}, {} KB) vào\n  {}",
                match format {
                    ReportFormat::Xlsx => "Excel",
                    ReportFormat::Json => "JSON",
                    ReportFormat::Docx => "dự thảo báo cáo sơ kết, Word",
                },
                saved.bytes.div_ceil(1024),
                saved.file.display()
            ));
            if let Json::Object(map) = &mut value {
                map.insert("file".into(), json!(saved.file));
                map.insert("format".into(), json!(saved.format));
                map.insert("bytes".into(), json!(saved.bytes));
            }
        }
        (None, Some(ReportFormat::Json)) if !json_mode => {
            // The report itself is what was asked for on stdout.
            human = value.to_string();
        }
        _ => {}
    }
    Ok(Output { json: value, human })
}

fn percent(x: Option<f64>) -> String {
    x.map(|x| format!("{:.0}%", x * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn cells(r: &CommuneRow, name: String) -> Vec<String> {
    let mut row = vec![
        r.unit_code.clone(),
        name,
        r.villages.to_string(),
        r.villages_without_team.to_string(),
        r.active_teams.to_string(),
    ];
    row.extend(r.rules.iter().map(|s| percent(s.share)));
    row.extend([
        r.teams_meeting_all.to_string(),
        r.members.to_string(),
        percent(r.trained_share),
        r.overdue_inspections.to_string(),
        r.last_bundle
            .as_ref()
            .map(|b| format!("{} ({} ngày)", dates::vn(b.date), b.days_ago))
            .unwrap_or_else(|| "—".into()),
    ]);
    row
}

/// The totals' results in the period, a line a figure, with a year earlier beside.
fn results_lines(report: &Report, results: &xungkich::report::Results) -> String {
    let earlier = report.totals.results_year_earlier.as_ref();
    let over = if report.communes_without_data > 0 {
        format!(
            " ({} đơn vị đã gửi dữ liệu; {} chưa gửi)",
            report.communes.len() - report.communes_without_data,
            report.communes_without_data
        )
    } else {
        String::new()
    };
    let mut out = format!("\nKết quả {}{over}:\n", report.period_name);
    for (i, column) in report.result_columns.iter().enumerate() {
        let value = results.figures.get(i).copied().unwrap_or(0);
        out.push_str(&format!("- {}: {}", column.title, group_thousands(value)));
        if let Some(before) = earlier.and_then(|e| e.figures.get(i)) {
            out.push_str(&format!(
                " (cùng kỳ năm trước: {})",
                group_thousands(*before)
            ));
        }
        out.push('\n');
    }
    out
}

/// The per-commune table with a totals line, then what needs attention, in words.
fn table(report: &Report) -> String {
    let mut headers = vec!["Mã", "Đơn vị", "Thôn", "Chưa có tổ", "Tổ"];
    headers.extend(report.rules.iter().map(|r| r.rule));
    headers.extend(["Đủ 8", "Thành viên", "Tập huấn", "Quá hạn", "Gói gần nhất"]);
    let mut t = Table::new(&headers);
    for column in (2..=4).chain(5..5 + report.rules.len() + 4) {
        t = t.right_align(column);
    }
    for r in &report.communes {
        t.row(cells(r, r.unit_name.clone()));
    }
    let mut total = cells(&report.totals, "Tổng cộng".into());
    total[0].clear();
    if let Some(last) = total.last_mut() {
        *last = String::new();
    }
    t.row(total);
    let mut out = format!(
        "{}\nSố liệu đến ngày {}: {} đơn vị, {} tổ đang hoạt động.\n\n{}",
        report.title,
        dates::vn(report.on),
        report.communes.len(),
        report.totals.active_teams,
        t.render()
    );
    out.push_str(
        "C1–C8: tỉ lệ tổ đang hoạt động đạt đủ tiêu chí; \"Tập huấn\": thành viên đã tập huấn trong 12 tháng; \"Quá hạn\": kiến nghị sau kiểm tra quá hạn khắc phục.\n",
    );
    if let Some(results) = &report.totals.results {
        out.push_str(&results_lines(report, results));
    }
    let needing: Vec<&CommuneRow> = report
        .communes
        .iter()
        .filter(|c| !c.attention.is_empty())
        .collect();
    if !needing.is_empty() {
        out.push_str(&format!("\nCần chú ý ({} đơn vị):\n", needing.len()));
        for c in needing {
            let words: Vec<&str> = c.attention.iter().map(|a| a.text.as_str()).collect();
            out.push_str(&format!("- {}: {}\n", c.unit_name, words.join(" ")));
        }
    }
    // The police's own part of C7 and C8: a list of its own, not the communes' failure.
    let owed: Vec<String> = report
        .totals
        .receiver_todo
        .iter()
        .filter(|o| o.count > 0)
        .map(|o| format!("- {} ({}): {}\n", o.title, o.rule, o.count))
        .collect();
    if !owed.is_empty() {
        out.push_str("\nViệc của đơn vị tiếp nhận (không tính vào kết quả của xã):\n");
        out.push_str(&owed.concat());
    }
    out
}

/// `proposals --out FILE [period]`: the draft tờ trình of the proposals still waiting.
pub fn proposals(store: &Store, period: Option<Period>, out: &Path) -> Run {
    let saved = files::write_proposals_document(store, period, xungkich::ops::today(), out)?;
    Ok(crate::files::saved_output(&saved))
}
