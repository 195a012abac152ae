//! What a deletion would take with it, for the confirmation that names it before
//! ([`crate::Store::delete_preview`]).

use crate::error::Result;
use crate::kinds::{self, FieldType, Kind};

/// Counts per kind of what a delete would take with it (required references,
/// recursively).
pub(super) fn dependants_preview(
    conn: &rusqlite::Connection,
    kind: &'static Kind,
    id: &str,
) -> Result<Vec<(String, usize)>> {
    let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut stack = vec![(kind, id.to_string())];
    while let Some((k, rid)) = stack.pop() {
        for child_kind in kinds::ALL {
            for field in child_kind.fields {
                if field.ty != FieldType::Ref(k.name) || !field.required {
                    continue;
                }
                let sql = format!(
                    "SELECT id FROM {} WHERE {} = ?1 AND deleted = 0",
                    child_kind.table, field.name
                );
                let mut stmt = conn.prepare_cached(&sql)?;
                let ids = stmt.query_map([&rid], |r| r.get::<_, String>(0))?;
                for child in ids {
                    *counts.entry(child_kind.label).or_default() += 1;
                    stack.push((child_kind, child?));
                }
            }
        }
    }
    Ok(counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect())
}
