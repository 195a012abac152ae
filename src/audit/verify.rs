//! Walking the chain: the first entry where the log stops being what the program wrote.

use rusqlite::Connection;
use serde::Serialize;

use super::{entry_hash, read_head, stored_columns, GENESIS};
use crate::error::Result;

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Entries walked.
    pub entries: u64,
    /// The first break, or `None` when the whole chain holds.
    pub broken: Option<Break>,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// Where and how the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    pub kind: BreakKind,
    /// The entry the break is found at (for [`BreakKind::TailRemoved`], the last one
    /// left); `None` when there is none to name.
    pub entry_id: Option<i64>,
    /// That entry's `at`, as stored.
    pub at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The entry's columns no longer give its hash: it was edited.
    Changed,
    /// The entry does not follow the one before it: an entry between them was removed,
    /// or one was slipped in, or the one before was edited and rehashed.
    Unlinked,
    /// The chain ends before the head: its last entries were removed (or edited and
    /// rehashed).
    TailRemoved,
    /// Entries past the head: added outside the program.
    Added,
    /// The head itself is gone.
    NoHead,
}

impl Break {
    /// The break in Vietnamese, for the clerk: what was found, where, what it means and
    /// what to do.
    pub fn sentence(&self) -> String {
        let at = self
            .at
            .as_deref()
            .and_then(|at| at.get(..10))
            .and_then(crate::dates::parse_iso)
            .map(|d| format!(", ngày {}", crate::dates::vn(d)))
            .unwrap_or_default();
        let id = self.entry_id.unwrap_or_default();
        let what = match (self.kind, self.entry_id) {
            (BreakKind::Changed, _) => format!("Nhật ký thao tác bị sửa ở mục số {id}{at}"),
            (BreakKind::Unlinked, _) => {
                format!("Nhật ký thao tác bị xoá hoặc chèn thêm mục ngay trước mục số {id}{at}")
            }
            (BreakKind::TailRemoved, Some(_)) => {
                format!("Nhật ký thao tác bị xoá hoặc sửa các mục cuối, sau mục số {id}{at}")
            }
            (BreakKind::TailRemoved, None) => "Nhật ký thao tác bị xoá hết các mục".to_string(),
            (BreakKind::Added, _) => {
                format!("Nhật ký thao tác có mục số {id}{at} được thêm vào ngoài chương trình")
            }
            (BreakKind::NoHead, _) => "Nhật ký thao tác bị mất dấu kiểm tra cuối".to_string(),
        };
        format!(
            "{what}: dữ liệu có thể đã bị can thiệp ngoài chương trình. Hãy báo cán bộ phụ trách, giữ nguyên tệp dữ liệu để kiểm tra, và nếu cần thì khôi phục từ bản sao lưu trước ngày đó."
        )
    }
}

/// Walks the whole log in id order: every entry must hash to its `hash` and name the one
/// before it; the last must be the head. Stops at the first break.
pub fn verify(conn: &Connection) -> Result<ChainReport> {
    let head = read_head(conn)?;
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, kind, record_id, changes, prev_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut last: Option<(i64, String)> = None;
    let mut entries = 0_u64;
    let broken = |kind, id: Option<i64>, at: Option<String>| Break {
        kind,
        entry_id: id,
        at,
    };
    let report = |entries, b| Ok(ChainReport { entries, broken: b });
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let columns = stored_columns(r)?;
        let (prev_hash, hash): (String, String) = (r.get(7)?, r.get(8)?);
        let at = Some(columns[0].clone());
        if let Some(h) = &head {
            if id > h.last_id {
                return report(entries, Some(broken(BreakKind::Added, Some(id), at)));
            }
        }
        let [a, b, c, d, e, f] = &columns;
        if entry_hash(&prev_hash, id, [a, b, c, d, e, f]) != hash {
            return report(entries, Some(broken(BreakKind::Changed, Some(id), at)));
        }
        if prev_hash != prev {
            return report(entries, Some(broken(BreakKind::Unlinked, Some(id), at)));
        }
        entries += 1;
        prev = hash;
        last = Some((id, columns[0].clone()));
    }
    let Some(head) = head else {
        return report(entries, Some(broken(BreakKind::NoHead, None, None)));
    };
    let whole = entries as i64 == head.entries
        && prev == head.hash
        && last.as_ref().map_or(0, |(id, _)| *id) == head.last_id;
    let tail = (!whole).then(|| {
        let (id, at) = last.map_or((None, None), |(id, at)| (Some(id), Some(at)));
        broken(BreakKind::TailRemoved, id, at)
    });
    report(entries, tail)
}
