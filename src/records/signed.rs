//! What a clerk may change of a decision recorded as signed (issue 13): once its
//! document is saved as signed, the paper it was printed from never changes, so neither
//! may what it says. The note and the scan of the signed paper stay editable (they are
//! about the paper, not in it); anything else is a new decision (kiện toàn, bổ sung),
//! which the program drafts.

use super::rules::Row;
use super::Fields;
use crate::error::{Error, Result};
use crate::kinds::{FieldType, Kind};
use rusqlite::types::Value as Sql;

/// Fields of a frozen decision that stay editable.
const EDITABLE_WHEN_SIGNED: &[&str] = &["note", "scan_sha256"];

/// Refuses input that types a document model: the program writes it, never a person.
pub fn check_input(kind: &Kind, input: &Fields) -> Result<()> {
    for field in kind.fields {
        if matches!(field.ty, FieldType::DocumentModel { .. }) && input.contains_key(field.name) {
            return Err(Error::invalid(
                field.name,
                field.label,
                "văn bản như đã ký do chương trình lưu khi quyết định được ghi là đã ký; không nhập hay sửa bằng tay",
            ));
        }
    }
    Ok(())
}

/// Refuses a change of what a frozen decision says: `before` is the stored row,
/// `changed` the fields the update would change (values as stored, after conversion).
pub fn check_change(kind: &Kind, before: &Row, changed: &[&'static str]) -> Result<()> {
    let frozen = matches!(before.get("document"), Some(v) if *v != Sql::Null);
    if !frozen {
        return Ok(());
    }
    match changed
        .iter()
        .find(|name| !EDITABLE_WHEN_SIGNED.contains(name))
        .and_then(|name| kind.field(name))
    {
        None => Ok(()),
        Some(field) => Err(Error::invalid(
            field.name,
            field.label,
            "quyết định đã ký và đã lưu văn bản như đã ký: nội dung giữ nguyên như bản giấy. Chỉ sửa được ghi chú và bản chụp; muốn thay đổi thành viên hay nội dung, hãy lập quyết định mới (kiện toàn, bổ sung)",
        )),
    }
}
