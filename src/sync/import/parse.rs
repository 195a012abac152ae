//! Parsing a bundle's record lines into typed, bounded values.
//!
//! A signature proves only who sent a bundle, so a line is read with limits taken from
//! the catalogue before anything is kept: the known top-level keys, each field a single
//! value (text, number, true/false or null — no array or object, since no kind has
//! one), no more fields than the kind has (plus a few from a newer version), names and
//! texts no longer than the catalogue allows. A line that breaks a limit is refused the
//! moment the parser meets it, without building what it holds: 96 MB of small-number
//! arrays once drove the import to 1.65 GB when every line became a JSON tree.
//!
//! What is kept is compact: a field is its position in the catalogue and one scalar, so a
//! parsed record stays within a small multiple of its text (see `docs/proofs.md`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value as Json;

use super::MAX_LINE_BYTES;
use crate::kinds::{FieldType, Kind};
use crate::sync::refusal::Refusal;

/// Fields a record may carry beyond its kind's catalogue (a newer version's additions;
/// the record then waits for an upgrade), and all the fields of a kind this version does
/// not know.
const MAX_NEWER_FIELDS: usize = 16;
const MAX_NAME_BYTES: usize = 64;
/// A field this version does not know may hold as much as the longest text it knows:
/// 20,000 characters of up to 4 bytes each.
const MAX_NEWER_VALUE_BYTES: usize = 80_000;
/// Dates, choices, ids, phone numbers, hashes: never near this.
const MAX_SHORT_VALUE_BYTES: usize = 256;

/// One field's value as it travels: a JSON scalar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(Box<str>),
}

impl Scalar {
    pub(crate) fn to_json(&self) -> Json {
        match self {
            Scalar::Null => Json::Null,
            Scalar::Bool(b) => Json::Bool(*b),
            Scalar::Int(n) => Json::from(*n),
            Scalar::Float(x) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
            Scalar::Text(s) => Json::String(s.to_string()),
        }
    }

    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// A field of a record: its place in the kind's catalogue, or a name this version does
/// not know.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldKey {
    Known(u16),
    Newer(Box<str>),
}

/// One record line, parsed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Incoming {
    pub id: Box<str>,
    pub owner: Box<str>,
    pub hlc: i64,
    pub origin: Box<str>,
    pub deleted: bool,
    pub fields: Vec<(FieldKey, Scalar)>,
}

impl Incoming {
    /// The record in the wire shape, as one JSON line (kept in quarantine, where it is
    /// parsed again by [`parse_record`] when retried).
    pub(crate) fn to_json_line(&self, kind: Option<&Kind>) -> String {
        let fields: serde_json::Map<String, Json> = self
            .fields
            .iter()
            .map(|(key, value)| {
                let name = match (key, kind) {
                    (FieldKey::Known(i), Some(kind)) => kind.fields[usize::from(*i)].name,
                    (FieldKey::Known(_), None) => unreachable!("known field of no kind"),
                    (FieldKey::Newer(name), _) => name,
                };
                (name.to_string(), value.to_json())
            })
            .collect();
        serde_json::json!({
            "id": &*self.id, "owner": &*self.owner, "hlc": self.hlc, "origin": &*self.origin,
            "deleted": self.deleted, "fields": fields,
        })
        .to_string()
    }
}

/// Parses every line of a `records/<kind>.jsonl` entry; `kind` is `None` for a kind
/// this version does not know (its records are checked the same way and kept whole).
pub(super) fn parse_lines(
    entry: &str,
    kind: Option<&'static Kind>,
    data: &[u8],
) -> std::result::Result<Vec<Incoming>, Refusal> {
    let bad = |id: &str, what: String| Refusal::BadRecord {
        entry: entry.to_string(),
        id: id.to_string(),
        what,
    };
    let mut out = Vec::new();
    for (n, line) in data.split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let at = format!("dòng {}", n + 1);
        if line.len() > MAX_LINE_BYTES {
            return Err(bad(
                &at,
                format!("dài {} byte, quá giới hạn {MAX_LINE_BYTES}", line.len()),
            ));
        }
        out.push(
            parse_record(kind, line)
                .map_err(|(id, what)| bad(id.as_deref().unwrap_or(&at), what))?,
        );
    }
    Ok(out)
}

/// Parses one record line; on failure, the record's id when it was read, and why.
pub(crate) fn parse_record(
    kind: Option<&'static Kind>,
    line: &[u8],
) -> std::result::Result<Incoming, (Option<String>, String)> {
    let mut de = serde_json::Deserializer::from_slice(line);
    let record = RecordSeed { kind }
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r))
        .map_err(|e| (None, e.to_string()))?;
    // Ids in their one canonical form (lower-case, hyphenated), so the same record can
    // never arrive under two spellings.
    let canonical = uuid::Uuid::parse_str(&record.id).map(|u| u.hyphenated().to_string());
    if canonical.as_deref() != Ok(&*record.id) {
        return Err((None, "mã bản ghi không hợp lệ".into()));
    }
    let id = Some(record.id.to_string());
    if record.origin.is_empty() || record.owner.is_empty() {
        return Err((id, "thiếu nguồn hoặc đơn vị sở hữu".into()));
    }
    if record.hlc <= 0 {
        return Err((id, "đồng hồ phiên bản không hợp lệ".into()));
    }
    Ok(record)
}

/// The longest value, in bytes, a field may hold: its characters times four (UTF-8).
fn max_value_bytes(kind: &Kind, i: usize) -> usize {
    match kind.fields[i].ty {
        FieldType::Text { max } | FieldType::LongText { max } => max.saturating_mul(4),
        // Its bound is in bytes already (the model's JSON).
        FieldType::DocumentModel { max } => max,
        _ => MAX_SHORT_VALUE_BYTES,
    }
}

struct RecordSeed {
    kind: Option<&'static Kind>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed {
    type Value = Incoming;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Incoming, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed {
    type Value = Incoming;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("một bản ghi (đối tượng JSON)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Incoming, A::Error> {
        let (mut id, mut owner, mut hlc, mut origin, mut deleted, mut fields) =
            (None, None, None, None, None, None);
        fn once<T, E: de::Error>(slot: &mut Option<T>, key: &str, value: T) -> Result<(), E> {
            if slot.replace(value).is_some() {
                return Err(E::custom(format!("khóa \"{key}\" lặp lại")));
            }
            Ok(())
        }
        while let Some(key) = map.next_key_seed(Name)? {
            match &*key {
                "id" => once(&mut id, &key, map.next_value_seed(Text(36))?)?,
                "owner" => once(&mut owner, &key, map.next_value_seed(Text(16))?)?,
                "origin" => once(&mut origin, &key, map.next_value_seed(Text(64))?)?,
                "hlc" => once(&mut hlc, &key, map.next_value::<i64>()?)?,
                "deleted" => once(&mut deleted, &key, map.next_value::<bool>()?)?,
                "fields" => once(
                    &mut fields,
                    &key,
                    map.next_value_seed(FieldsSeed { kind: self.kind })?,
                )?,
                // A later version's addition: skipped without being built.
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let missing = |key: &str| de::Error::custom(format!("thiếu khóa \"{key}\""));
        Ok(Incoming {
            id: id.ok_or_else(|| missing("id"))?,
            owner: owner.ok_or_else(|| missing("owner"))?,
            hlc: hlc.ok_or_else(|| missing("hlc"))?,
            origin: origin.ok_or_else(|| missing("origin"))?,
            deleted: deleted.ok_or_else(|| missing("deleted"))?,
            fields: fields.ok_or_else(|| missing("fields"))?,
        })
    }
}

struct FieldsSeed {
    kind: Option<&'static Kind>,
}

impl<'de> DeserializeSeed<'de> for FieldsSeed {
    type Value = Vec<(FieldKey, Scalar)>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed {
    type Value = Vec<(FieldKey, Scalar)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("các trường của bản ghi (đối tượng JSON)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let known = self.kind.map_or(0, |k| k.fields.len());
        let cap = known + MAX_NEWER_FIELDS;
        let mut out: Vec<(FieldKey, Scalar)> = Vec::with_capacity(known.min(32));
        while let Some(name) = map.next_key_seed(Name)? {
            if out.len() == cap {
                return Err(de::Error::custom(format!(
                    "quá {cap} trường, nhiều hơn loại hồ sơ này có"
                )));
            }
            let position = self
                .kind
                .and_then(|k| k.fields.iter().position(|f| f.name == name));
            let (key, max) = match (position, self.kind) {
                (Some(i), Some(kind)) => (FieldKey::Known(i as u16), max_value_bytes(kind, i)),
                _ => (FieldKey::Newer(name.as_ref().into()), MAX_NEWER_VALUE_BYTES),
            };
            if out.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("trường \"{name}\" lặp lại")));
            }
            let value = map.next_value_seed(ScalarSeed { max_bytes: max })?;
            out.push((key, value));
        }
        Ok(out)
    }
}

/// A key: letters, digits and `_`, at most [`MAX_NAME_BYTES`]; borrowed from the line
/// when it can be.
struct Name;

impl<'de> DeserializeSeed<'de> for Name {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Name {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("tên trường")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        check_name(v)?;
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        check_name(v)?;
        Ok(Cow::Owned(v.to_string()))
    }
}

fn check_name<E: de::Error>(v: &str) -> Result<(), E> {
    if v.is_empty()
        || v.len() > MAX_NAME_BYTES
        || !v
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(E::custom("tên trường không hợp lệ"));
    }
    Ok(())
}

/// A string of at most the given number of bytes.
struct Text(usize);

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Box<str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Box<str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "một chuỗi tối đa {} byte", self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.len() > self.0 {
            return Err(E::custom(format!(
                "chuỗi dài {} byte, quá giới hạn {}",
                v.len(),
                self.0
            )));
        }
        Ok(v.into())
    }
}

/// One field value: a scalar of bounded length. An array or an object is refused by
/// serde's default `visit_seq` / `visit_map` before any of it is read.
struct ScalarSeed {
    max_bytes: usize,
}

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "một giá trị đơn (chữ, số, true/false hoặc null), không phải danh sách hay đối tượng",
        )
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        i64::try_from(v)
            .map(Scalar::Int)
            .map_err(|_| E::custom("số quá lớn"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Text(self.max_bytes).visit_str(v).map(Scalar::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds;

    const ID: &str = "0190a0b0-c0d0-7e0f-8a1b-2c3d4e5f6a7b";

    fn line(fields: &str) -> Vec<u8> {
        format!(r#"{{"id":"{ID}","owner":"00001","hlc":5,"origin":"o","deleted":false,"fields":{fields}}}"#)
            .into_bytes()
    }

    fn parse(fields: &str) -> std::result::Result<Incoming, String> {
        parse_record(Some(&kinds::TEAM), &line(fields)).map_err(|(_, what)| what)
    }

    #[test]
    fn a_record_keeps_its_fields_by_catalogue_position() {
        // Keys in byte order, as the wire shape is written back.
        let r = parse(r#"{"model_type":null,"name":"Tổ 1","zz_new":3}"#).unwrap();
        let name = kinds::TEAM
            .fields
            .iter()
            .position(|f| f.name == "name")
            .unwrap();
        assert_eq!(
            r.fields[1],
            (FieldKey::Known(name as u16), Scalar::Text("Tổ 1".into()))
        );
        assert_eq!(
            r.fields[2],
            (FieldKey::Newer("zz_new".into()), Scalar::Int(3))
        );
        // Back to the wire shape and parsed again: the same record.
        let again = parse_record(
            Some(&kinds::TEAM),
            r.to_json_line(Some(&kinds::TEAM)).as_bytes(),
        );
        assert_eq!(again.unwrap(), r);
    }

    #[test]
    fn arrays_objects_and_oversized_values_are_refused() {
        assert!(parse(r#"{"name":[1,2,3]}"#)
            .unwrap_err()
            .contains("không phải danh sách"));
        assert!(parse(r#"{"name":{"a":1}}"#).is_err());
        let long = "x".repeat(200 * 4 + 1);
        assert!(parse(&format!(r#"{{"name":"{long}"}}"#))
            .unwrap_err()
            .contains("quá giới hạn"));
        assert!(parse(r#"{"name":"a","name":"b"}"#)
            .unwrap_err()
            .contains("lặp lại"));
        assert!(parse(r#"{"Bad Name":1}"#).is_err());
        let many: Vec<String> = (0..kinds::TEAM.fields.len() + MAX_NEWER_FIELDS + 1)
            .map(|i| format!(r#""zz{i}":1"#))
            .collect();
        assert!(parse(&format!("{{{}}}", many.join(",")))
            .unwrap_err()
            .contains("trường"));
        // Unknown top-level keys are a later version's: skipped, even when nested.
        let extra = format!(
            r#"{{"id":"{ID}","owner":"00001","hlc":5,"origin":"o","deleted":false,"fields":{{}},"later":[[1],{{"a":2}}]}}"#
        );
        assert!(parse_record(Some(&kinds::TEAM), extra.as_bytes()).is_ok());
    }

    #[test]
    fn the_sync_columns_are_checked() {
        let bad_id = line("{}")
            .iter()
            .map(|b| b.to_ascii_uppercase())
            .collect::<Vec<u8>>();
        assert!(parse_record(Some(&kinds::TEAM), &bad_id).is_err());
        let no_owner = format!(
            r#"{{"id":"{ID}","owner":"","hlc":5,"origin":"o","deleted":false,"fields":{{}}}}"#
        );
        assert!(parse_record(Some(&kinds::TEAM), no_owner.as_bytes()).is_err());
        let zero = format!(
            r#"{{"id":"{ID}","owner":"1","hlc":0,"origin":"o","deleted":false,"fields":{{}}}}"#
        );
        assert!(parse_record(Some(&kinds::TEAM), zero.as_bytes()).is_err());
        let missing = format!(r#"{{"id":"{ID}","owner":"1","hlc":3,"origin":"o","fields":{{}}}}"#);
        assert!(parse_record(Some(&kinds::TEAM), missing.as_bytes())
            .unwrap_err()
            .1
            .contains("deleted"));
    }
}
