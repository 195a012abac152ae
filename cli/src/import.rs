//! `import-members FILE [--team TEAM_ID] [--sheet NAME] [--column C=TARGET]… [--dry-run]`:
//! a commune's existing member list; `import-roll FILE --training ID …`: a training's
//! roll. Each through the engine's one import.

use std::path::Path;

use serde_json::json;
use xungkich::import::{
    columns, FileRead, MemberImport, MemberImportOptions, RollImport, RollImportOptions, RowProblem,
};
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
    let options = MemberImportOptions {
        team,
        dry_run,
        mapping: mapping(corrections)?,
        sheet,
        today: None,
    };
    let done = store.import_members(file, &options)?;
    Ok(Output {
        human: words(&done),
        json: json!({
            "file": done.read.file_name,
            "sheet": done.read.sheet,
            "header_row": done.read.header_row,
            "encoding": done.read.encoding,
            "columns": done.read.columns,
            "rows": done.rows,
            "imported": done.imported,
            "dry_run": done.dry_run,
            "problems": done.problems,
            "warnings": done.warnings,
        }),
    })
}

/// `import-roll FILE --training ID`.
pub fn import_roll(
    store: &mut Store,
    file: &Path,
    training: &str,
    sheet: Option<String>,
    corrections: &[String],
    dry_run: bool,
) -> Run {
    let options = RollImportOptions {
        dry_run,
        mapping: mapping(corrections)?,
        sheet,
    };
    let done = store.import_roll(file, training, &options)?;
    let mut human = layout_words(&done.read, done.rows);
    human.push_str(&format!(
        "{}Lớp \"{}\": {} {} người vào danh sách dự, {} đổi kết quả, {} đã có như tệp ghi; {} dòng có vấn đề.\n",
        if done.dry_run { "Chạy thử (chưa ghi gì). " } else { "" },
        done.training,
        if done.dry_run { "sẽ thêm" } else { "đã thêm" },
        done.added,
        done.updated,
        done.unchanged,
        problem_rows(&done.problems)
    ));
    push_problems(&mut human, "Các dòng chưa nhập được", &done.problems);
    Ok(Output {
        human,
        json: roll_json(&done),
    })
}

fn roll_json(done: &RollImport) -> serde_json::Value {
    json!({
        "file": done.read.file_name,
        "training": done.training,
        "sheet": done.read.sheet,
        "header_row": done.read.header_row,
        "encoding": done.read.encoding,
        "columns": done.read.columns,
        "rows": done.rows,
        "added": done.added,
        "updated": done.updated,
        "unchanged": done.unchanged,
        "dry_run": done.dry_run,
        "problems": done.problems,
    })
}

/// The clerk's corrections as the engine takes them; a malformed one is a usage error.
fn mapping(corrections: &[String]) -> Result<Option<columns::Mapping>, crate::output::Failure> {
    if corrections.is_empty() {
        return Ok(None);
    }
    corrections
        .iter()
        .map(|c| columns::parse_correction(c))
        .collect::<Result<columns::Mapping, _>>()
        .map(Some)
        .map_err(usage)
}

/// Where the list was found and how each column was read.
fn layout_words(read: &FileRead, rows: usize) -> String {
    let mut out = format!(
        "Trang \"{}\", dòng tiêu đề {}{}: đọc {rows} dòng.\n",
        read.sheet,
        read.header_row,
        match read.encoding {
            Some(e) => format!(" (chữ gõ bằng {e}, đã chuyển sang Unicode)"),
            None => String::new(),
        },
    );
    let mut t = Table::new(&["Cột", "Tiêu đề", "Hiểu là"]);
    for c in &read.columns {
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
    out
}

fn push_problems(out: &mut String, title: &str, list: &[RowProblem]) {
    if list.is_empty() {
        return;
    }
    let mut t = Table::new(&["Dòng", "Họ và tên", "Lý do"]);
    for p in list {
        t.row(vec![p.row.to_string(), p.name.clone(), p.message.clone()]);
    }
    out.push_str(&format!("{title}:\n{}\n", t.render()));
}

fn words(done: &MemberImport) -> String {
    let mut out = layout_words(&done.read, done.rows);
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
    push_problems(&mut out, "Các dòng chưa nhập được", &done.problems);
    push_problems(&mut out, "Lưu ý (đã nhập)", &done.warnings);
    out
}

fn problem_rows(problems: &[RowProblem]) -> usize {
    let mut rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
    rows.dedup();
    rows.len()
}
