//! `add`, `update`, `delete`, `deleted`, `show`, `list`, `history`: any record, through
//! the same validation as the window's forms.

use serde_json::{json, Value as Json};
use xungkich::error::FieldProblem;
use xungkich::kinds::{self, Field, FieldType};
use xungkich::records::{Fields, ListQuery};
use xungkich::Store;

use crate::output::{usage, Failure, Output, Run};
use crate::table::Table;

pub fn add(store: &mut Store, kind: &str, sets: &[String]) -> Run {
    let saved = store.create(kind, &parse_sets(sets)?)?;
    Ok(saved_output(&saved.id, &saved.warnings, "Đã thêm"))
}

pub fn update(store: &mut Store, kind: &str, id: &str, sets: &[String]) -> Run {
    let saved = store.update(kind, id, &parse_sets(sets)?)?;
    Ok(saved_output(&saved.id, &saved.warnings, "Đã lưu"))
}

pub fn delete(store: &mut Store, kind: &str, id: &str) -> Run {
    let n = store.delete(kind, id)?;
    Ok(Output {
        human: format!(
            "Đã xóa {n} hồ sơ. Có thể khôi phục trong {} ngày: xungkich deleted",
            xungkich::records::recycle::KEPT_DAYS
        ),
        json: json!({"id": id, "deleted": n}),
    })
}

/// "Đã xóa gần đây": the deletions of the last 30 days, newest first; with `restore`,
/// that one is undone first.
pub fn deleted(store: &mut Store, restore: Option<&str>) -> Run {
    let mut human = String::new();
    let restored = match restore {
        Some(batch) => {
            let r = store.restore_deleted(batch)?;
            human.push_str(&format!(
                "Đã khôi phục {} hồ sơ ({}{}); các thay đổi sẽ được gửi trong gói sau.\n\n",
                r.records,
                r.label,
                match r.links {
                    0 => String::new(),
                    n => format!(", gắn lại {n} liên kết"),
                }
            ));
            Some(r)
        }
        None => None,
    };
    let batches = store.recently_deleted()?;
    let mut t = Table::new(&[
        "Mã",
        "Lúc xóa",
        "Người xóa",
        "Loại",
        "Tên",
        "Số hồ sơ",
        "Khôi phục đến",
    ]);
    for b in &batches {
        t.row(vec![
            b.id.clone(),
            b.deleted_at.clone(),
            b.actor.clone(),
            b.kind_label.clone(),
            b.label.clone(),
            b.records.to_string(),
            xungkich::dates::parse_iso(&b.restorable_until)
                .map(xungkich::dates::vn)
                .unwrap_or_else(|| b.restorable_until.clone()),
        ]);
    }
    human.push_str(&match batches.is_empty() {
        true => format!(
            "Chưa xóa gì trong {} ngày qua.",
            xungkich::records::recycle::KEPT_DAYS
        ),
        false => t.render(),
    });
    Ok(Output {
        human,
        json: json!({"deleted": batches, "restored": restored}),
    })
}

pub fn show(store: &Store, kind: &str, id: &str) -> Run {
    let record = store.get(kind, id)?;
    let k = kinds::by_name_or_err(kind)?;
    let mut t = Table::new(&["Trường", "Giá trị"]);
    for f in k.fields {
        let v = &record.fields[f.name];
        if !v.is_null() {
            t.row(vec![f.label.to_string(), display_value(f, v)]);
        }
    }
    Ok(Output {
        human: t.render(),
        json: json!(record),
    })
}

/// `--of FIELD=ID`: the records whose reference `FIELD` points at `ID`.
pub fn list(store: &Store, kind: &str, of: Option<&str>, limit: Option<usize>) -> Run {
    let mut query = ListQuery {
        limit,
        ..Default::default()
    };
    if let Some(of) = of {
        let (field, id) = of
            .split_once('=')
            .ok_or_else(|| usage("--of cần dạng FIELD=ID, ví dụ --of team_id=…"))?;
        query.parent = Some((field.trim().to_string(), id.trim().to_string()));
    }
    let records = store.list(kind, &query)?;
    let k = kinds::by_name_or_err(kind)?;
    let shown: Vec<_> = k.fields.iter().filter(|f| f.required).take(4).collect();
    let mut headers = vec!["Mã"];
    headers.extend(shown.iter().map(|f| f.label));
    let mut t = Table::new(&headers);
    for r in &records {
        let mut row = vec![r.id.clone()];
        row.extend(shown.iter().map(|f| display_value(f, &r.fields[f.name])));
        t.row(row);
    }
    Ok(Output {
        human: format!("{}{} hồ sơ.", t.render(), records.len()),
        json: json!({"records": records}),
    })
}

/// Saves the document of one signed decision (or of all of them) as signed.
pub fn freeze_decision(store: &mut Store, id: Option<&str>, all: bool) -> Run {
    match (id, all) {
        (Some(id), false) => {
            let doc = store.freeze_decision(id)?;
            Ok(Output {
                human: format!(
                    "Đã lưu văn bản như đã ký: {}. Từ nay in đúng như vậy.",
                    doc.title
                ),
                json: json!({"id": id, "title": doc.title}),
            })
        }
        (None, true) => {
            let (saved, failed) = store.freeze_signed_decisions()?;
            let mut human = format!("Đã lưu văn bản như đã ký của {saved} quyết định.");
            for f in &failed {
                human.push_str(&format!("\nChưa lưu được {f}"));
            }
            Ok(Output {
                human,
                json: json!({"saved": saved, "failed": failed}),
            })
        }
        _ => Err(xungkich::error::Error::invalid(
            "id",
            "Mã quyết định",
            "hãy ghi mã một quyết định, hoặc --all cho mọi quyết định đã ký",
        )
        .into()),
    }
}

pub fn history(store: &Store, id: &str) -> Run {
    let entries = store.history(id)?;
    let mut t = Table::new(&["Lúc", "Người", "Việc", "Thay đổi"]);
    for e in &entries {
        t.row(vec![
            e.at.clone(),
            e.actor.clone(),
            e.action.clone(),
            e.changes.to_string(),
        ]);
    }
    Ok(Output {
        human: t.render(),
        json: json!({"entries": entries}),
    })
}

/// `--set field=value` pairs; an empty value clears the field.
fn parse_sets(sets: &[String]) -> std::result::Result<Fields, Failure> {
    let mut fields = Fields::new();
    for s in sets {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| usage(format!("\"{s}\": hãy viết dạng FIELD=VALUE")))?;
        let value = match v.trim().is_empty() {
            true => Json::Null,
            false => Json::String(v.to_string()),
        };
        fields.insert(k.trim().to_string(), value);
    }
    Ok(fields)
}

fn saved_output(id: &str, warnings: &[FieldProblem], verb: &str) -> Output {
    let mut human = format!("{verb}: {id}");
    for w in warnings {
        human.push_str(&format!("\nLưu ý — {}: {}", w.label, w.message));
    }
    Output {
        human,
        json: json!({"id": id, "warnings": warnings}),
    }
}

/// A stored value as a person reads it: choice labels, dd/mm/yyyy, money with grouped
/// thousands, có/không.
fn display_value(field: &Field, v: &Json) -> String {
    match (field.ty, v) {
        (_, Json::Null) => String::new(),
        (FieldType::Choice(list), Json::String(code)) => kinds::choice_label(list, code),
        (FieldType::Bool, Json::Bool(b)) => if *b { "có" } else { "không" }.into(),
        (FieldType::Money, Json::Number(n)) => format!(
            "{} đồng",
            xungkich::records::convert::group_thousands(n.as_i64().unwrap_or_default())
        ),
        (FieldType::Date, Json::String(s)) => xungkich::dates::parse_iso(s)
            .map(xungkich::dates::vn)
            .unwrap_or_else(|| s.clone()),
        (FieldType::PartialDate, Json::String(s)) => xungkich::dates::PartialDate::from_iso(s)
            .map(|d| d.to_vn())
            .unwrap_or_else(|_| s.clone()),
        (_, Json::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}
