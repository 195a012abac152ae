//! Owners cannot be crossed (issue 11): a record's references point at records of its
//! own unit, except the links the catalogue declares ([`crate::kinds::Field::crosses_owner`])
//! between a receiving unit and a commune:
//! - a receiving unit's record (an inspection, a commendation, a document, a training
//!   attendance) may name a commune's team or member;
//! - a commune's record (a follow-up) may name a receiving unit's record (the inspection)
//!   only when that record is about one of the commune's own teams.
//!
//! A commune's record naming another commune's record is never allowed, so no commune
//! can add a member to another commune's team, nor make the report count it.

use rusqlite::{Connection, OptionalExtension};

use crate::kinds::{Field, FieldType, Kind};

/// Why a reference may not be kept, in words; `None` when it may.
pub(super) fn crossing_refused(
    tx: &Connection,
    field: &Field,
    record_owner: &str,
    target_kind: &Kind,
    target_id: &str,
    target_owner: &str,
) -> rusqlite::Result<Option<String>> {
    if target_owner == record_owner {
        return Ok(None);
    }
    let refused = || {
        Some(format!(
            "{} trỏ tới hồ sơ {target_id} của đơn vị {target_owner}; một đơn vị chỉ được gắn hồ sơ của mình vào hồ sơ của chính mình",
            field.label
        ))
    };
    if !field.crosses_owner {
        return Ok(refused());
    }
    match (is_commune(record_owner), is_commune(target_owner)) {
        // The receiving unit about a commune's team or member.
        (false, true) => Ok(None),
        // A commune about a receiving unit's record: only one about its own team.
        (true, false) => {
            let Some(team_field) = target_kind
                .fields
                .iter()
                .find(|f| f.ty == FieldType::Ref("team"))
            else {
                return Ok(refused());
            };
            let team_owner: Option<String> = tx
                .prepare_cached(&format!(
                    "SELECT t.owner FROM {} x JOIN teams t ON t.id = x.{} WHERE x.id = ?1",
                    target_kind.table, team_field.name
                ))?
                .query_row([target_id], |r| r.get(0))
                .optional()?;
            Ok(if team_owner.as_deref() == Some(record_owner) {
                None
            } else {
                refused()
            })
        }
        // Commune to commune, or receiving unit to receiving unit.
        _ => Ok(refused()),
    }
}

/// Whether a unit code is a commune's: official codes have 2 digits for a province, 3
/// for a district and 5 for a commune, in the 2008–2025 and the 2025 sets alike.
fn is_commune(code: &str) -> bool {
    code.len() == 5
}
