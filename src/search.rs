//! Search over members and teams, ignoring case and diacritics ("nguyen" finds
//! "Nguyễn", "duc" finds "Đức"), with prefix matching for type-ahead.
//!
//! The query is folded exactly as the stored `search_text` was ([`crate::text::fold`]),
//! split into words, and each word becomes a quoted FTS5 prefix term, so nothing the
//! user types is ever read as FTS syntax. Every word must match.

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::text;
use crate::Store;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Member,
    Team,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub kind: HitKind,
    pub id: String,
    pub name: String,
    /// The member's team, or the team's villages, to tell namesakes apart.
    pub team: Option<String>,
    pub village: Option<String>,
}

/// The most hits one query returns: type-ahead shows a short list and asks for more
/// letters, rather than ranking half a million "Nguyễn".
pub const MAX_HITS: usize = 50;

/// The FTS5 query for a user's text: every folded word as a quoted prefix term.
pub fn fts_query(input: &str) -> Option<String> {
    let folded = text::fold(input);
    let terms: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<Hit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let limit = limit.min(MAX_HITS) as i64;
        let mut hits = Vec::new();
        let mut teams = self.conn().prepare_cached(
            "SELECT t.id, t.name,
                    (SELECT group_concat(v.name, ', ') FROM team_villages tv
                       JOIN villages v ON v.id = tv.village_id
                      WHERE tv.team_id = t.id AND tv.deleted = 0 AND v.deleted = 0)
             FROM teams_fts f JOIN teams t ON t.rowid = f.rowid
             WHERE teams_fts MATCH ?1 AND t.deleted = 0
             ORDER BY t.sort_key LIMIT ?2",
        )?;
        let rows = teams.query_map(params![query, limit], |r| {
            Ok(Hit {
                kind: HitKind::Team,
                id: r.get(0)?,
                name: r.get(1)?,
                team: None,
                village: r.get(2)?,
            })
        })?;
        for row in rows {
            hits.push(row?);
        }
        // Members: take the first matches in index order (cheap even when a common
        // surname matches a third of a province), then sort those the Vietnamese way.
        let mut members = self.conn().prepare_cached(
            "SELECT id, full_name, team, village FROM (
                 SELECT m.id, m.full_name, m.sort_key,
                        (SELECT name FROM teams WHERE id = m.team_id) AS team,
                        (SELECT name FROM villages WHERE id = m.village_id) AS village
                 FROM members_fts f JOIN members m ON m.rowid = f.rowid
                 WHERE members_fts MATCH ?1 AND m.deleted = 0
                 LIMIT ?2)
             ORDER BY sort_key",
        )?;
        let rows = members.query_map(params![query, limit], |r| {
            Ok(Hit {
                kind: HitKind::Member,
                id: r.get(0)?,
                name: r.get(1)?,
                team: r.get(2)?,
                village: r.get(3)?,
            })
        })?;
        for row in rows {
            hits.push(row?);
        }
        hits.truncate(limit as usize);
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_folded_quoted_prefix_terms() {
        assert_eq!(fts_query("NGUYỄN Văn").unwrap(), "\"nguyen\"* \"van\"*");
        assert_eq!(fts_query("Đức").unwrap(), "\"duc\"*");
        // FTS syntax in the input is only text.
        assert_eq!(
            fts_query("a OR b* NEAR(\"x\")").unwrap(),
            "\"a\"* \"or\"* \"b\"* \"near\"* \"x\"*"
        );
        assert!(fts_query("  ** ").is_none());
    }
}
