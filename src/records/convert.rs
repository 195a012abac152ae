//! Turning what a person typed (or a bundle carried) into the value stored, field by
//! field, and back.
//!
//! Input is JSON because it comes from the window, the command line and bundles alike.
//! Every text is normalised to NFC here, at the boundary; dates are read dd/mm/yyyy
//! (never mm/dd) or ISO and stored ISO; numbers accept the Vietnamese thousands dot
//! ("1.500.000"); a choice accepts its code or its Vietnamese label.

use rusqlite::types::Value as Sql;
use serde_json::Value as Json;

use crate::dates;
use crate::kinds::{Field, FieldType};
use crate::text;

/// The outcome of converting one field: the stored value, or what is wrong in words.
pub type Converted = std::result::Result<Sql, String>;

/// Converts one input value for `field`. `Json::Null` and empty strings become NULL
/// (whether that is allowed is decided later, once the whole record is known).
pub fn to_sql(field: &Field, value: &Json) -> Converted {
    if is_blank(value) {
        return Ok(Sql::Null);
    }
    match field.ty {
        FieldType::Text { max } => text_value(value, max, false),
        FieldType::IssuingUnit => {
            let code = as_text(value)?;
            if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
                Ok(Sql::Text(code))
            } else {
                Err("phải là mã xã, phường gồm 5 chữ số (chọn trong danh sách)".into())
            }
        }
        FieldType::LongText { max } => text_value(value, max, true),
        FieldType::Date => {
            let s = as_text(value)?;
            dates::parse_date_full(&s)
                .map(|d| Sql::Text(d.format("%Y-%m-%d").to_string()))
                .map_err(|e| e.to_string())
        }
        FieldType::PartialDate => {
            let s = match value {
                Json::Number(n) => n.to_string(),
                _ => as_text(value)?,
            };
            dates::parse_vn(&s)
                .map(|d| Sql::Text(d.to_iso()))
                .map_err(|e| e.to_string())
        }
        FieldType::Time => parse_time(&as_text(value)?).map(Sql::Text),
        FieldType::Int { min, max } => {
            let n = parse_integer(value)?;
            if n < min || n > max {
                Err(format!(
                    "phải là số từ {} đến {}",
                    group_thousands(min),
                    group_thousands(max)
                ))
            } else {
                Ok(Sql::Integer(n))
            }
        }
        FieldType::Money => {
            let n = parse_integer(value)?;
            if n <= 0 {
                Err("số tiền phải lớn hơn 0 đồng".into())
            } else if n > 1_000_000_000_000 {
                Err("số tiền quá lớn; hãy kiểm tra lại số chữ số".into())
            } else {
                Ok(Sql::Integer(n))
            }
        }
        FieldType::Bool => parse_bool(value).map(|b| Sql::Integer(b as i64)),
        FieldType::Choice(list) => {
            let s = as_text(value)?;
            // Codes are what bundles and the window send; labels are what people type.
            if let Some((code, _)) = list.iter().find(|(code, _)| *code == s) {
                return Ok(Sql::Text(code.to_string()));
            }
            let folded = text::fold(&s);
            list.iter()
                .find(|(_, label)| text::fold(label) == folded)
                .map(|(code, _)| Sql::Text(code.to_string()))
                .ok_or_else(|| {
                    let shown: Vec<&str> = list.iter().take(8).map(|(_, l)| *l).collect();
                    format!(
                        "\"{s}\" không có trong danh sách; hãy chọn một trong: {}{}",
                        shown.join(", "),
                        if list.len() > 8 { ", …" } else { "" }
                    )
                })
        }
        FieldType::Ref(_) => {
            let s = as_text(value)?;
            uuid::Uuid::parse_str(&s)
                .map(|u| Sql::Text(u.hyphenated().to_string()))
                .map_err(|_| "mã bản ghi liên kết không hợp lệ; hãy chọn lại từ danh sách".into())
        }
        FieldType::IdNumber => {
            let s = match value {
                Json::Number(n) => n.to_string(),
                _ => as_text(value)?,
            };
            let cleaned = crate::idnumber::clean_id_number(&s);
            if cleaned.chars().all(|c| c.is_ascii_alphanumeric()) && !cleaned.is_empty() {
                Ok(Sql::Text(cleaned.to_ascii_uppercase()))
            } else {
                Err("chỉ gồm chữ số (và chữ cái với hộ chiếu), không có ký tự khác".into())
            }
        }
        FieldType::Phone => {
            let s = match value {
                Json::Number(n) => n.to_string(),
                _ => as_text(value)?,
            };
            crate::phone::normalize_phone(&s)
                .map(Sql::Text)
                .map_err(|e| e.to_string())
        }
        FieldType::DocumentModel { max } => {
            // NFC only: the JSON's strings keep their spaces (a code printed in groups).
            let Json::String(raw) = value else {
                return Err("văn bản đã ký không đúng dạng".into());
            };
            let s: String =
                unicode_normalization::UnicodeNormalization::nfc(raw.as_str()).collect();
            if s.len() > max {
                return Err(format!(
                    "văn bản đã ký dài quá {} byte",
                    group_thousands(max as i64)
                ));
            }
            crate::documents::frozen::parse(&s)?;
            Ok(Sql::Text(s))
        }
        FieldType::Attachment => {
            let s = as_text(value)?.to_ascii_lowercase();
            if s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit()) {
                Ok(Sql::Text(s))
            } else {
                Err("tệp đính kèm không hợp lệ; hãy đính kèm lại".into())
            }
        }
    }
}

/// The stored value as JSON, as records are shown and carried in bundles.
pub fn to_json(field: &Field, value: &Sql) -> Json {
    match (value, field.ty) {
        (Sql::Null, _) => Json::Null,
        (Sql::Integer(n), FieldType::Bool) => Json::Bool(*n != 0),
        (Sql::Integer(n), _) => Json::from(*n),
        (Sql::Real(x), _) => serde_json::Number::from_f64(*x)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        (Sql::Text(s), _) => Json::String(s.clone()),
        (Sql::Blob(b), _) => Json::String(hex::encode(b)),
    }
}

fn is_blank(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::String(s) => text::normalize(s).is_empty(),
        _ => false,
    }
}

fn as_text(value: &Json) -> std::result::Result<String, String> {
    match value {
        Json::String(s) => Ok(text::normalize(s)),
        Json::Number(n) => Ok(n.to_string()),
        Json::Bool(b) => Ok(b.to_string()),
        _ => Err("giá trị không đúng dạng; hãy nhập chữ hoặc số".into()),
    }
}

fn text_value(value: &Json, max: usize, multiline: bool) -> Converted {
    let raw = match value {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        _ => return Err("phải là chữ".into()),
    };
    let cleaned = if multiline {
        text::normalize_multiline(&raw)
    } else {
        text::normalize(&raw)
    };
    let len = cleaned.chars().count();
    if len > max {
        return Err(format!(
            "dài {} ký tự, quá giới hạn {} ký tự; hãy rút gọn",
            group_thousands(len as i64),
            group_thousands(max as i64)
        ));
    }
    Ok(if cleaned.is_empty() {
        Sql::Null
    } else {
        Sql::Text(cleaned)
    })
}

/// Whole numbers as people write them in Vietnam: "1.500.000", "1 500 000",
/// "1500000 đồng". A decimal comma is refused (no field takes fractions).
pub fn parse_integer(value: &Json) -> std::result::Result<i64, String> {
    match value {
        Json::Number(n) => n
            .as_i64()
            .ok_or_else(|| "phải là số nguyên (không có phần lẻ)".to_string()),
        Json::String(s) => {
            let s = text::normalize(s);
            let body = s
                .trim_end_matches("đồng")
                .trim_end_matches("đ")
                .trim_end_matches("VNĐ")
                .trim_end_matches("VND")
                .trim();
            if body.contains(',') {
                return Err(
                    "phải là số nguyên; dấu chấm ngăn cách hàng nghìn, không dùng dấu phẩy".into(),
                );
            }
            let digits: String = body.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
            let (negative, digits) = match digits.strip_prefix('-') {
                Some(rest) => (true, rest.to_string()),
                None => (false, digits),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!(
                    "\"{s}\" không phải là số; hãy nhập chữ số, ví dụ 1.500.000"
                ));
            }
            // Dots must group thousands exactly ("1.5" is not fifteen).
            if body.contains('.') && !valid_grouping(body.trim_start_matches('-')) {
                return Err(format!(
                    "\"{s}\" viết sai hàng nghìn; ví dụ đúng: 1.500.000"
                ));
            }
            let n: i64 = digits
                .parse()
                .map_err(|_| "số quá lớn; hãy kiểm tra lại".to_string())?;
            Ok(if negative { -n } else { n })
        }
        _ => Err("phải là số".into()),
    }
}

fn valid_grouping(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
}

/// "1.234.567" — the Vietnamese way of grouping thousands.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn parse_bool(value: &Json) -> std::result::Result<bool, String> {
    match value {
        Json::Bool(b) => Ok(*b),
        Json::Number(n) if n.as_i64() == Some(0) => Ok(false),
        Json::Number(n) if n.as_i64() == Some(1) => Ok(true),
        Json::String(s) => match text::fold(s).as_str() {
            "co" | "x" | "true" | "1" | "dung" | "yes" => Ok(true),
            "khong" | "false" | "0" | "sai" | "no" => Ok(false),
            _ => Err("chỉ nhận \"có\" hoặc \"không\"".into()),
        },
        _ => Err("chỉ nhận \"có\" hoặc \"không\"".into()),
    }
}

/// "7:30", "07:30", "7h30", "19 giờ 05" → "07:30" / "19:05".
fn parse_time(s: &str) -> std::result::Result<String, String> {
    let folded = text::fold(s)
        .replace("gio", ":")
        .replace('h', ":")
        .replace(' ', "");
    let folded = folded.trim_end_matches(':').to_string();
    let mut parts = folded.splitn(2, ':');
    let h = parts.next().unwrap_or("");
    let m = parts.next().unwrap_or("0");
    let m = if m.is_empty() { "0" } else { m };
    match (h.parse::<u32>(), m.parse::<u32>()) {
        (Ok(h), Ok(m)) if h < 24 && m < 60 && !h.to_string().is_empty() => {
            Ok(format!("{h:02}:{m:02}"))
        }
        _ => Err(format!(
            "\"{s}\" không phải giờ hợp lệ; hãy nhập dạng 24 giờ, ví dụ 19:30"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds;
    use serde_json::json;

    fn field(kind: &kinds::Kind, name: &str) -> &'static Field {
        kind.field(name).unwrap()
    }

    #[test]
    fn text_is_normalised_to_nfc_and_trimmed() {
        let f = field(&kinds::MEMBER, "full_name");
        let nfd = "Nguye\u{0302}\u{0303}n  Va\u{0306}n   \u{00D0}u\u{031B}\u{0301}c ";
        assert_eq!(
            to_sql(f, &json!(nfd)).unwrap(),
            Sql::Text("Nguyễn Văn Đức".into())
        );
        assert_eq!(to_sql(f, &json!("   ")).unwrap(), Sql::Null);
    }

    #[test]
    fn text_over_its_limit_is_refused_with_the_limit() {
        let f = field(&kinds::MEMBER, "full_name");
        let err = to_sql(f, &json!("a".repeat(201))).unwrap_err();
        assert!(err.contains("200"), "{err}");
    }

    #[test]
    fn dates_are_day_first_and_stored_iso() {
        let f = field(&kinds::ACTIVITY, "activity_date");
        assert_eq!(
            to_sql(f, &json!("05/03/2025")).unwrap(),
            Sql::Text("2025-03-05".into())
        );
        assert_eq!(
            to_sql(f, &json!("2025-03-05")).unwrap(),
            Sql::Text("2025-03-05".into())
        );
        assert!(
            to_sql(f, &json!("12/31/2025")).is_err(),
            "never month first"
        );
        let p = field(&kinds::MEMBER, "birth_date");
        assert_eq!(to_sql(p, &json!(1975)).unwrap(), Sql::Text("1975".into()));
        assert_eq!(
            to_sql(p, &json!("03/1975")).unwrap(),
            Sql::Text("1975-03".into())
        );
    }

    #[test]
    fn money_reads_vietnamese_thousands() {
        let f = field(&kinds::FUND_ENTRY, "amount");
        assert_eq!(
            to_sql(f, &json!("1.500.000")).unwrap(),
            Sql::Integer(1_500_000)
        );
        assert_eq!(
            to_sql(f, &json!("1 500 000 đồng")).unwrap(),
            Sql::Integer(1_500_000)
        );
        assert_eq!(to_sql(f, &json!(250000)).unwrap(), Sql::Integer(250_000));
        assert!(to_sql(f, &json!("1,5")).is_err());
        assert!(to_sql(f, &json!("1.50")).is_err());
        assert!(to_sql(f, &json!(0)).is_err());
        assert!(to_sql(f, &json!("-5")).is_err());
        assert_eq!(group_thousands(1_234_567), "1.234.567");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn choices_take_codes_or_labels() {
        let f = field(&kinds::MEMBER, "role");
        assert_eq!(
            to_sql(f, &json!("to_pho")).unwrap(),
            Sql::Text("to_pho".into())
        );
        assert_eq!(
            to_sql(f, &json!("Tổ trưởng")).unwrap(),
            Sql::Text("to_truong".into())
        );
        assert_eq!(
            to_sql(f, &json!("to truong")).unwrap(),
            Sql::Text("to_truong".into())
        );
        assert!(to_sql(f, &json!("Đội trưởng"))
            .unwrap_err()
            .contains("Tổ trưởng"));
    }

    #[test]
    fn times_are_24_hour() {
        let f = field(&kinds::ACTIVITY, "start_time");
        assert_eq!(
            to_sql(f, &json!("7:30")).unwrap(),
            Sql::Text("07:30".into())
        );
        assert_eq!(
            to_sql(f, &json!("19h05")).unwrap(),
            Sql::Text("19:05".into())
        );
        assert_eq!(
            to_sql(f, &json!("22 giờ")).unwrap(),
            Sql::Text("22:00".into())
        );
        assert!(to_sql(f, &json!("25:00")).is_err());
    }

    #[test]
    fn booleans_accept_vietnamese_words() {
        let f = field(&kinds::MEMBER, "youth_union");
        assert_eq!(to_sql(f, &json!("Có")).unwrap(), Sql::Integer(1));
        assert_eq!(to_sql(f, &json!("không")).unwrap(), Sql::Integer(0));
        assert_eq!(to_sql(f, &json!(true)).unwrap(), Sql::Integer(1));
        assert!(to_sql(f, &json!("có lẽ")).is_err());
    }
}
