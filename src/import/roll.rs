//! A training's roll from a workbook (issue 17, item 2): who attended, matched to the
//! members the commune keeps by ID number, else by name and birth date, with the
//! result when the roll gives one. A person the roll names who is no member (or could
//! be any of several) is listed as a problem, never guessed. As for the member list,
//! the good rows are written through the form's own validation in one transaction, and
//! a dry run writes nothing.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Map};

use super::columns::Target;
use super::members::RowProblem;
use super::sheet::Cell;
use super::table::{self, FileRead, Table};
use super::{values, Mapping, PREVIEW_ROWS};
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::text;
use crate::Store;

#[derive(Debug, Clone, Default)]
pub struct RollImportOptions {
    pub dry_run: bool,
    pub mapping: Option<Mapping>,
    pub sheet: Option<String>,
}

/// What a roll's import did (or, on a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct RollImport {
    /// Where the list was found and how its columns were read.
    #[serde(flatten)]
    pub read: FileRead,
    pub training: String,
    pub rows: usize,
    /// Members put on the roll.
    pub added: usize,
    /// Members already on it whose result the file changes.
    pub updated: usize,
    /// Members already on it as the file says.
    pub unchanged: usize,
    pub dry_run: bool,
    pub problems: Vec<RowProblem>,
    pub preview: Vec<RollRow>,
}

/// A row as matched, for the window's preview.
#[derive(Debug, Clone, Serialize)]
pub struct RollRow {
    pub row: usize,
    pub full_name: String,
    pub birth: String,
    /// The member it was matched to: "Name (team)"; empty when none.
    pub member: String,
    pub result: String,
    pub ok: bool,
}

/// A row as read: its preview, the member and the result the file gives (none when
/// the row has a problem; the result none when the file gives none), its problems.
type Matched = (RollRow, Option<(String, Option<String>)>, Vec<RowProblem>);

/// The result of a member the roll adds and the file gives none for: attended.
const RESULT_WHEN_NONE_GIVEN: &str = "dat";

/// A kept member, as the roll is matched against.
struct Member {
    id: String,
    shown: String,
    birth: Option<PartialDate>,
    id_number: Option<String>,
}

struct Kept {
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    members: Vec<Member>,
    /// member id → (attendance id, result) on this training's roll.
    on_roll: HashMap<String, (String, String)>,
}

impl Store {
    /// Imports a training's roll (see the module's description).
    pub fn import_roll(
        &mut self,
        path: &Path,
        training_id: &str,
        options: &RollImportOptions,
    ) -> Result<RollImport> {
        let training = self.get("training", training_id)?;
        let file_name = table::file_name(path);
        let list = Table::open(path, options.sheet.as_deref(), options.mapping.as_ref()).map_err(
            |reason| Error::ImportFile {
                file: file_name.clone(),
                reason,
            },
        )?;
        let kept = self.kept_for_roll(training_id)?;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut rows: Vec<Matched> = Vec::new();
        for row in list.data_rows() {
            rows.push(match_row(&list, row, &kept, &mut seen));
        }

        let (added, updated, unchanged, problems) =
            self.write_or_rehearse(options.dry_run, None, |writer| {
                let mut added = 0;
                let mut updated = 0;
                let mut unchanged = 0;
                let mut problems: Vec<RowProblem> = Vec::new();
                for (preview, matched, row_problems) in rows.iter_mut() {
                    problems.append(row_problems);
                    let Some((member_id, result)) = matched else {
                        continue;
                    };
                    let outcome = match kept.on_roll.get(member_id.as_str()) {
                        // Already on the roll, and the file gives no result or the same:
                        // what is recorded stays (a roll without a result column is a
                        // list of who came, not a reason to mark everyone passed).
                        Some((_, current)) if result.as_deref().is_none_or(|r| r == current) => {
                            unchanged += 1;
                            Ok(())
                        }
                        Some((attendance, _)) => {
                            let mut change = Map::new();
                            change.insert("result".into(), json!(result));
                            writer
                                .update(&crate::kinds::TRAINING_ATTENDANCE, attendance, &change)
                                .map(|_| updated += 1)
                        }
                        None => {
                            let result = result.as_deref().unwrap_or(RESULT_WHEN_NONE_GIVEN);
                            let fields = json!({"training_id": training_id, "member_id": member_id, "result": result});
                            let fields = fields.as_object().cloned().unwrap_or_default();
                            writer
                                .create(&crate::kinds::TRAINING_ATTENDANCE, &fields)
                                .map(|_| added += 1)
                        }
                    };
                    match outcome {
                        Ok(()) => {}
                        Err(Error::Invalid(found)) => {
                            preview.ok = false;
                            problems.extend(found.into_iter().map(|p| RowProblem {
                                row: preview.row,
                                field: p.field,
                                message: p.message,
                                name: preview.full_name.clone(),
                            }));
                        }
                        Err(other) => return Err(other),
                    }
                }
                Ok(((added, updated, unchanged, problems), added + updated))
            })?;
        let mut problems = problems;
        problems.sort_by_key(|p| p.row);
        Ok(RollImport {
            read: list.file_read(file_name),
            training: training.text("title").unwrap_or_default().to_string(),
            rows: rows.len(),
            added,
            updated,
            unchanged,
            dry_run: options.dry_run,
            problems,
            preview: rows.into_iter().take(PREVIEW_ROWS).map(|r| r.0).collect(),
        })
    }

    fn kept_for_roll(&self, training_id: &str) -> Result<Kept> {
        let conn = self.conn();
        let mut kept = Kept {
            by_id: HashMap::new(),
            by_name: HashMap::new(),
            members: Vec::new(),
            on_roll: HashMap::new(),
        };
        let mut stmt = conn.prepare(
            "SELECT m.id, m.full_name, m.birth_date, m.id_number, t.name
             FROM members m JOIN teams t ON t.id = m.team_id
             WHERE m.deleted = 0 ORDER BY m.sort_key, m.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for r in rows {
            let (id, name, birth, number, team) = r?;
            let i = kept.members.len();
            if let Some(n) = &number {
                kept.by_id.insert(n.clone(), i);
            }
            kept.by_name.entry(text::fold(&name)).or_default().push(i);
            kept.members.push(Member {
                id,
                shown: format!("{name} ({team})"),
                birth: birth.and_then(|b| PartialDate::from_iso(&b).ok()),
                id_number: number,
            });
        }
        let mut stmt = conn.prepare(
            "SELECT id, member_id, result FROM training_attendances
             WHERE training_id = ?1 AND deleted = 0",
        )?;
        for r in stmt.query_map([training_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (id, member, result) = r?;
            kept.on_roll.insert(member, (id, result));
        }
        Ok(kept)
    }
}

/// Reads one row and finds its member: by ID number, else by name and birth date.
fn match_row(list: &Table, row: usize, kept: &Kept, seen: &mut HashMap<String, usize>) -> Matched {
    let view = super::table::RowView::new(&list.grid, &list.layout, row);
    let cell = |t: Target| -> &Cell { view.cell(t) };
    let name = view.full_name();
    let excel_row = row + 1;
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| {
        problems.push(RowProblem {
            row: excel_row,
            field: field.to_string(),
            message,
            name: name.clone(),
        })
    };
    let (birth, birth_problems) = view.birth();
    let birth = birth.map(|(d, _)| d);
    // A date that cannot be read is said, not taken as "no date" (which would match
    // anyone of the name).
    let birth_unreadable = !birth_problems.is_empty();
    for p in birth_problems {
        problem("birth_date", p);
    }
    let result = match result_of(cell(Target::Result)) {
        Ok(r) => r,
        Err(e) => {
            problem("result", e);
            None
        }
    };
    let id = values::id_number(cell(Target::IdNumber));
    let same = if birth.is_some() {
        "cùng họ tên và ngày sinh"
    } else {
        "cùng họ tên"
    };

    let found: Option<usize> = if birth_unreadable {
        None
    } else if name.is_empty() && id.is_none() {
        problem("full_name", "thiếu họ và tên".into());
        None
    } else if let Some(i) = id.as_ref().and_then(|n| kept.by_id.get(n)) {
        Some(*i)
    } else {
        let same_name = kept
            .by_name
            .get(&text::fold(&name))
            .cloned()
            .unwrap_or_default();
        let fits: Vec<usize> = same_name
            .into_iter()
            .filter(|&i| birth_fits(birth, kept.members[i].birth))
            .collect();
        match (fits.len(), birth) {
            // The file gives an ID number the member's record does not hold: two
            // different people, or a mistyped number; either way not a match to make.
            (1, Some(_))
                if id.is_some()
                    && kept.members[fits[0]].id_number.is_some()
                    && kept.members[fits[0]].id_number != id =>
            {
                problem(
                    "id_number",
                    format!(
                        "số định danh {} khác số trong hồ sơ của {} cùng họ tên và ngày sinh; hãy kiểm tra lại số nào đúng",
                        id.as_deref().unwrap_or_default(),
                        kept.members[fits[0]].shown
                    ),
                );
                None
            }
            (1, Some(_)) => Some(fits[0]),
            (0, _) => {
                problem(
                    "member_id",
                    match &id {
                        Some(n) => format!("không có thành viên nào mang số định danh {n} hay {same}; hãy kiểm tra lại, hoặc thêm người này vào tổ trước"),
                        None => format!("không có thành viên nào {same}; hãy kiểm tra lại, hoặc thêm người này vào tổ trước"),
                    },
                );
                None
            }
            (1, None) => {
                problem("member_id", format!("danh sách không ghi ngày sinh hay số định danh, nên chưa chắc là {}; hãy thêm cột Ngày sinh hoặc Số CCCD", kept.members[fits[0]].shown));
                None
            }
            (_, _) => {
                let who: Vec<&str> = fits
                    .iter()
                    .map(|&i| kept.members[i].shown.as_str())
                    .collect();
                problem("member_id", format!("có {} thành viên {same} ({}); hãy ghi số định danh (hoặc ngày sinh) để phân biệt", fits.len(), who.join("; ")));
                None
            }
        }
    };
    let matched = found.and_then(|i| {
        let m = &kept.members[i];
        match seen.get(&m.id) {
            Some(first) => {
                problem(
                    "member_id",
                    format!("{} đã có ở dòng {first} của tệp", m.shown),
                );
                None
            }
            None => {
                seen.insert(m.id.clone(), excel_row);
                Some((m.id.clone(), result.map(str::to_string)))
            }
        }
    });
    let ok = matched.is_some() && problems.is_empty();
    let preview = RollRow {
        row: excel_row,
        full_name: name.clone(),
        birth: birth.map(|b| b.to_vn()).unwrap_or_default(),
        member: found
            .map(|i| kept.members[i].shown.clone())
            .unwrap_or_default(),
        result: result_words(result, found.map(|i| &kept.members[i]), kept),
        ok,
    };
    (preview, matched.filter(|_| ok), problems)
}

/// The result as the preview shows it; when the file gives none, what will be kept.
fn result_words(result: Option<&str>, member: Option<&Member>, kept: &Kept) -> String {
    let label = |code| crate::kinds::choice_label(crate::kinds::TRAINING_RESULTS, code);
    match (result, member) {
        (Some(r), _) => label(r),
        (None, Some(m)) if kept.on_roll.contains_key(&m.id) => "(giữ kết quả đã ghi)".into(),
        (None, Some(_)) => label(RESULT_WHEN_NONE_GIVEN),
        (None, None) => String::new(),
    }
}

/// The roll's date against the kept one: equal where both say (a bare year on either
/// side matches any day of that year).
fn birth_fits(roll: Option<PartialDate>, kept: Option<PartialDate>) -> bool {
    match (roll, kept) {
        (Some(a), Some(b)) => super::members::overlaps(a, b),
        _ => true,
    }
}

/// "Đạt", "Không đạt", "Vắng" and their usual marks; none when the cell (or the
/// column) is empty: a member added is then taken as attended, one already on the roll
/// keeps the result recorded.
fn result_of(cell: &Cell) -> std::result::Result<Option<&'static str>, String> {
    let k = super::columns::header_key(&cell.shown());
    match k.as_str() {
        "" => Ok(None),
        "dat" | "x" | "co" | "co mat" | "gioi" | "kha" | "trung binh" | "tb" | "hoan thanh" => {
            Ok(Some("dat"))
        }
        "khong dat" | "kd" | "chua dat" | "yeu" => Ok(Some("khong_dat")),
        "vang" | "vang mat" | "v" | "khong" => Ok(Some("vang")),
        _ => Err(format!(
            "kết quả \"{}\" không rõ; hãy ghi Đạt, Không đạt hoặc Vắng",
            cell.shown().trim()
        )),
    }
}
