//! The SQL of a kind's row: which columns a version of a record writes (the sync
//! columns, the fields, the search columns), the INSERT or UPDATE that writes them, and
//! reading a record's fields back. Local writes ([`super::Writer`]) and imports
//! (`crate::sync::import`) both go through it, so a row is written the same way whichever
//! way its version came.
//!
//! Statement texts depend only on the table and the columns, never on values (every
//! value is a bound parameter), so they are prepared with `prepare_cached`, and a caller
//! writing many rows of one shape can keep the text (the import does).

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::rules::Row;
use crate::kinds::Kind;
use crate::text;

/// The sync columns every kind's table starts with, in their order.
pub(crate) const SYNC_COLUMNS: [&str; 6] = ["id", "owner", "hlc", "origin", "seq", "deleted"];

/// The two columns a searchable kind's table keeps from the whole record.
const SEARCH_COLUMNS: [&str; 2] = ["search_text", "sort_key"];

/// One row write: the columns written and their values, in the same order.
pub(crate) struct RowWrite {
    columns: Vec<&'static str>,
    values: Vec<Sql>,
}

impl RowWrite {
    /// An empty write, with room for every column of `kind` (no growing on the way).
    pub(crate) fn for_kind(kind: &Kind) -> RowWrite {
        let capacity = SYNC_COLUMNS.len() + kind.fields.len() + SEARCH_COLUMNS.len() + 1;
        RowWrite {
            columns: Vec::with_capacity(capacity),
            values: Vec::with_capacity(capacity),
        }
    }

    /// A write of one whole version's sync columns: `id` for a new row only (an UPDATE
    /// finds its row by the id, bound last), then owner, timestamp, origin, change
    /// number and tombstone.
    pub(crate) fn version(
        kind: &Kind,
        id: Option<&str>,
        owner: &str,
        hlc: i64,
        origin: &str,
        seq: i64,
        deleted: bool,
    ) -> RowWrite {
        let mut write = RowWrite::for_kind(kind);
        if let Some(id) = id {
            write.set("id", Sql::Text(id.to_string()));
        }
        write.set("owner", Sql::Text(owner.to_string()));
        write.set("hlc", Sql::Integer(hlc));
        write.set("origin", Sql::Text(origin.to_string()));
        write.set("seq", Sql::Integer(seq));
        write.set("deleted", Sql::Integer(deleted as i64));
        write
    }

    pub(crate) fn set(&mut self, column: &'static str, value: Sql) {
        self.columns.push(column);
        self.values.push(value);
    }

    /// The search columns of a searchable kind, from the whole record `row` (what is
    /// written over what is held); nothing for the other kinds.
    pub(crate) fn set_search(&mut self, kind: &Kind, row: &Row) {
        if let Some((search, sort)) = search_columns(kind, row) {
            self.set(SEARCH_COLUMNS[0], Sql::Text(search));
            self.set(SEARCH_COLUMNS[1], Sql::Text(sort));
        }
    }

    /// `INSERT INTO table (columns) VALUES (?, …)`.
    pub(crate) fn insert_sql(&self, table: &str) -> String {
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            self.columns.join(", "),
            vec!["?"; self.columns.len()].join(", ")
        )
    }

    /// `UPDATE table SET column = ?, … WHERE id = ?`.
    pub(crate) fn update_sql(&self, table: &str) -> String {
        let sets: Vec<String> = self.columns.iter().map(|c| format!("{c} = ?")).collect();
        format!("UPDATE {table} SET {} WHERE id = ?", sets.join(", "))
    }

    /// Runs `sql`, the text of [`RowWrite::insert_sql`] for these columns.
    pub(crate) fn insert(self, conn: &Connection, sql: &str) -> rusqlite::Result<()> {
        conn.prepare_cached(sql)?
            .execute(params_from_iter(self.values))?;
        Ok(())
    }

    /// Runs `sql`, the text of [`RowWrite::update_sql`] for these columns, on row `id`.
    pub(crate) fn update(mut self, conn: &Connection, sql: &str, id: &str) -> rusqlite::Result<()> {
        self.values.push(Sql::Text(id.to_string()));
        conn.prepare_cached(sql)?
            .execute(params_from_iter(self.values))?;
        Ok(())
    }
}

/// A record's fields, all `NULL`: where a new record starts.
pub(crate) fn empty(kind: &Kind) -> Row {
    kind.fields.iter().map(|f| (f.name, Sql::Null)).collect()
}

/// `SELECT {leading}<the kind's fields> FROM <table> WHERE id = ?1`; `leading` is empty
/// or ends with `", "`, and its columns come first (read the fields with
/// [`read_fields`] from their count on).
pub(crate) fn select_fields(kind: &Kind, leading: &str) -> String {
    let names: Vec<&str> = kind.fields.iter().map(|f| f.name).collect();
    format!(
        "SELECT {leading}{} FROM {} WHERE id = ?1",
        names.join(", "),
        kind.table
    )
}

/// The kind's fields of a result row, from column `from` on.
pub(crate) fn read_fields(
    kind: &Kind,
    r: &rusqlite::Row<'_>,
    from: usize,
) -> rusqlite::Result<Row> {
    let mut row = Row::new();
    for (i, f) in kind.fields.iter().enumerate() {
        row.insert(f.name, r.get::<_, Sql>(from + i)?);
    }
    Ok(row)
}

/// The stored fields of record `id`, if it is held.
pub(crate) fn load_fields(
    conn: &Connection,
    kind: &Kind,
    id: &str,
) -> rusqlite::Result<Option<Row>> {
    conn.prepare_cached(&select_fields(kind, ""))?
        .query_row([id], |r| read_fields(kind, r, 0))
        .optional()
}

/// The folded search text and the collation key of a searchable record.
fn search_columns(kind: &Kind, row: &Row) -> Option<(String, String)> {
    if !kind.searchable {
        return None;
    }
    let get = |name: &str| match row.get(name) {
        Some(Sql::Text(s)) => s.as_str(),
        _ => "",
    };
    Some(match kind.name {
        "member" => {
            let name = get("full_name");
            let mut search = text::fold(name);
            for extra in [get("id_number"), get("phone")] {
                if !extra.is_empty() {
                    search.push(' ');
                    search.push_str(&extra.to_ascii_lowercase());
                }
            }
            let sort_override = Some(get("sort_name")).filter(|s| !s.is_empty());
            (search, text::person_sort_key(name, sort_override))
        }
        _ => (text::fold(get("name")), text::sort_key(get("name"))),
    })
}
