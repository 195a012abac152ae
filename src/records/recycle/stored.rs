//! The bin's copies: stored values as JSON that gives them back exactly, and the human
//! name of a record computed from a copy when it is shown.

use rusqlite::types::Value as Sql;
use serde_json::{json, Map, Value as Json};

use crate::kinds::{FieldType, Kind};
use crate::records::rules::Row;

/// "thành viên Nguyễn Văn An", "tổ Tổ xung kích thôn Đông".
pub(super) fn describe(kind: &Kind, row: &Row) -> String {
    let label = label_of(kind, row);
    if label.is_empty() {
        kind.label.to_string()
    } else {
        format!("{} \"{label}\"", kind.label)
    }
}

/// A human name of a record: its name or title, else its date; computed when shown,
/// never written to the audit log.
pub(crate) fn label_of(kind: &Kind, row: &Row) -> String {
    for name in ["full_name", "name", "title", "number"] {
        if let Some(Sql::Text(text)) = row.get(name) {
            if !text.is_empty() {
                return text.clone();
            }
        }
    }
    kind.fields
        .iter()
        .filter(|f| f.ty == FieldType::Date)
        .find_map(|f| match row.get(f.name) {
            Some(Sql::Text(d)) => Some(
                crate::dates::parse_iso(d)
                    .map(crate::dates::vn)
                    .unwrap_or_else(|| d.clone()),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A stored value as JSON that gives it back exactly: text and integers as themselves,
/// reals and blobs tagged (no field stores either today, but nothing is lost if one does).
pub(super) fn to_stored(value: Sql) -> Json {
    match value {
        Sql::Null => Json::Null,
        Sql::Integer(i) => json!(i),
        Sql::Text(s) => Json::String(s),
        Sql::Real(x) => json!({ "real": x }),
        Sql::Blob(b) => json!({ "blob": hex::encode(b) }),
    }
}

fn from_stored_value(value: &Json) -> Sql {
    match value {
        Json::String(s) => Sql::Text(s.clone()),
        Json::Number(n) => n.as_i64().map_or(Sql::Null, Sql::Integer),
        Json::Object(o) => match (o.get("real"), o.get("blob")) {
            (Some(x), _) => x.as_f64().map_or(Sql::Null, Sql::Real),
            (_, Some(Json::String(h))) => hex::decode(h).map_or(Sql::Null, Sql::Blob),
            _ => Sql::Null,
        },
        _ => Sql::Null,
    }
}

/// A kind's row from its copy in the bin (fields the copy lacks are empty).
pub(super) fn from_stored(kind: &Kind, stored: &Json) -> Row {
    let empty = Map::new();
    let map = stored.as_object().unwrap_or(&empty);
    kind.fields
        .iter()
        .map(|f| (f.name, map.get(f.name).map_or(Sql::Null, from_stored_value)))
        .collect()
}
