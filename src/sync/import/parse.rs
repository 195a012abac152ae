//! Parsing a bundle's record lines into the wire shape, with the checks of each line's
//! shape (size, JSON, canonical ids, sync columns). Called while a bundle is verified,
//! so a malformed line refuses the bundle before any database work.

use super::MAX_LINE_BYTES;
use crate::sync::refusal::Refusal;
use crate::sync::WireRecord;

/// One record line: parsed into the wire shape, or kept as JSON when its kind is
/// unknown to this version.
pub(crate) struct Incoming {
    pub wire: WireRecord,
}

pub(super) fn parse_lines(entry: &str, data: &[u8]) -> std::result::Result<Vec<Incoming>, Refusal> {
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
        let wire: WireRecord = serde_json::from_slice(line).map_err(|e| bad(&at, e.to_string()))?;
        // Ids in their one canonical form (lower-case, hyphenated), so the same record
        // can never arrive under two spellings.
        if uuid::Uuid::parse_str(&wire.id).map(|u| u.hyphenated().to_string())
            != Ok(wire.id.clone())
        {
            return Err(bad(&at, "mã bản ghi không hợp lệ".into()));
        }
        if wire.origin.is_empty()
            || wire.origin.len() > 64
            || wire.owner.is_empty()
            || wire.owner.len() > 16
        {
            return Err(bad(&wire.id, "thiếu nguồn hoặc đơn vị sở hữu".into()));
        }
        if wire.hlc <= 0 {
            return Err(bad(&wire.id, "đồng hồ phiên bản không hợp lệ".into()));
        }
        out.push(Incoming { wire });
    }
    Ok(out)
}
