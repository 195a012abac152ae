//! `import-members FILE [--team TEAM_ID] [--sheet NAME] [--column C=TARGET]… [--dry-run]`:
//! a commune's existing member list, through the engine's one import.

use std::path::Path;

use serde_json::json;
use xungkich::import::{columns, MemberImport, MemberImportOptions, RowProblem};
use xungkich::Store;

use crate::output::{usage, Output, Run};
use crate::table::Table;

pub fn import_members(
    store: &mut Store,
    file: &Path,
    team: Option<String>,
    sheet: Option<String>,
    corrections: &[String],
    dry_run: bool,
) -> Run {
    let mapping = if corrections.is_empty() {
        None
    } else {
        Some(
            corrections
                .iter()
                .map(|c| columns::parse_correction(c))
                .collect::<Result<columns::Mapping, _>>()
                .map_err(usage)?,
        )
    };
    let options = MemberImportOptions {
        team,
        dry_run,
        mapping,
        sheet,
        today: None,
    };
    let done = store.import_members(file, &options)?;
    Ok(Output {
        human: words(&done),
        json: json!({
            "file": done.file_name,
            "sheet": done.sheet,
            "header_row": done.header_row,
            "encoding": done.encoding,
            "columns": done.columns,
            "rows": done.rows,
            "imported": done.imported,
            "dry_run": done.dry_run,
            "problems": done.problems,
            "warnings": done.warnings,
        }),
    })
}

fn words(done: &MemberImport) -> String {
    let mut out = format!(
        "Trang \"{}\", dòng tiêu đề {}{}: đọc {} dòng.\n",
        done.sheet,
        done.header_row,
        match done.encoding {
            Some(e) => format!(" (chữ gõ bằng {e}, đã chuyển sang Unicode)"),
            None => String::new(),
        },
        done.rows
    );
    let mut t = Table::new(&["Cột", "Tiêu đề", "Hiểu là"]);
    for c in &done.columns {
        t.row(vec![
            c.letter.clone(),
            c.header.clone(),
            c.target
                .map(|t| t.label().to_string())
                .unwrap_or_else(|| "(bỏ qua)".into()),
        ]);
    }
    out.push_str(&t.render());
    out.push('\n');
    out.push_str(&if done.dry_run {
        format!(
            "Chạy thử: sẽ nhập {} thành viên, {} dòng có vấn đề. Chưa ghi gì.\n",
            done.imported,
            problem_rows(&done.problems)
        )
    } else {
        format!(
            "Đã nhập {} thành viên; {} dòng có vấn đề chưa nhập.\n",
            done.imported,
            problem_rows(&done.problems)
        )
    });
    for (title, list) in [
        ("Các dòng chưa nhập được", &done.problems),
        ("Lưu ý (đã nhập)", &done.warnings),
    ] {
        if list.is_empty() {
            continue;
        }
        let mut t = Table::new(&["Dòng", "Họ và tên", "Lý do"]);
        for p in list {
            t.row(vec![p.row.to_string(), p.name.clone(), p.message.clone()]);
        }
        out.push_str(&format!("{title}:\n{}\n", t.render()));
    }
    out
}

fn problem_rows(problems: &[RowProblem]) -> usize {
    let mut rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
    rows.dedup();
    rows.len()
}
