//! The schema a file of ours has at each version, to tell a file this program wrote from
//! one that only looks like it.
//!
//! A database file brings its own code with it: triggers run on writes, views and
//! defaults on reads, a table's SQL decides its constraints (SQLite's trusted-schema
//! note: an attacker "might replace a table definition with a view… add triggers").
//! `trusted_schema` off limits what that code may call, not that it runs. So a file from
//! outside (a backup to restore) is used only if every row of its `sqlite_schema` is
//! exactly what our migrations make at its version: the same objects, by type and name,
//! on the same tables, with the same SQL text (SQLite keeps the `CREATE` statement as it
//! was written, so a genuine file has our text to the byte). Tables SQLite makes on its
//! own count too: none appear today (no AUTOINCREMENT, no ANALYZE); a migration that
//! brings `sqlite_sequence` makes it in the expected schema as well, but running ANALYZE
//! or `PRAGMA optimize` on our files would add `sqlite_stat1` and must come with a rule
//! here.

use rusqlite::Connection;

use super::migrations;
use crate::error::Result;

/// One row of `sqlite_schema`, without its root page (which differs between two
/// copies of the same schema).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SchemaObject {
    /// `table`, `index`, `view` or `trigger` (a virtual table is a `table`).
    pub kind: String,
    pub name: String,
    pub table: String,
    /// `None` for the indexes SQLite makes itself (`sqlite_autoindex_…`).
    pub sql: Option<String>,
}

/// Every object of `conn`'s main database, sorted by kind and name.
pub(crate) fn schema_of(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_schema")?;
    let rows = stmt.query_map([], |r| {
        Ok(SchemaObject {
            kind: r.get(0)?,
            name: r.get(1)?,
            table: r.get(2)?,
            sql: r.get(3)?,
        })
    })?;
    let mut objects = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    // Sorted in Rust: the order must not depend on anything the file declares.
    objects.sort();
    Ok(objects)
}

/// The schema our migrations make at `version`: a new database in memory, migrated to it.
pub(crate) fn expected_at(version: i64) -> Result<Vec<SchemaObject>> {
    let mut conn = Connection::open_in_memory()?;
    migrations::migrate_to(&mut conn, None, version, &crate::vault::Vault::in_memory())?;
    schema_of(&conn)
}

/// How a schema differs from the expected one: the first difference in (kind, name)
/// order, or `None` when they are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Difference {
    /// An object our migrations do not make.
    Extra(SchemaObject),
    /// An object our migrations make that the file lacks.
    Missing(SchemaObject),
    /// An object of ours whose table or SQL is not ours.
    Changed(SchemaObject),
}

pub(crate) fn first_difference(
    found: &[SchemaObject],
    expected: &[SchemaObject],
) -> Option<Difference> {
    let key = |o: &SchemaObject| (o.kind.clone(), o.name.clone());
    let (mut f, mut e) = (found.iter().peekable(), expected.iter().peekable());
    loop {
        match (f.peek(), e.peek()) {
            (None, None) => return None,
            (Some(x), None) => return Some(Difference::Extra((*x).clone())),
            (None, Some(y)) => return Some(Difference::Missing((*y).clone())),
            (Some(x), Some(y)) => match key(x).cmp(&key(y)) {
                std::cmp::Ordering::Less => return Some(Difference::Extra((*x).clone())),
                std::cmp::Ordering::Greater => return Some(Difference::Missing((*y).clone())),
                std::cmp::Ordering::Equal if x != y => {
                    return Some(Difference::Changed((*x).clone()))
                }
                std::cmp::Ordering::Equal => {
                    f.next();
                    e.next();
                }
            },
        }
    }
}

impl Difference {
    /// The difference in Vietnamese, for the clerk's message: what kind of object, its
    /// name (shortened, and without control characters: it comes from the file).
    pub(crate) fn describe(&self) -> String {
        let (what, object) = match self {
            Difference::Extra(o) => ("có thêm", o),
            Difference::Missing(o) => ("thiếu", o),
            Difference::Changed(o) => ("sửa khác", o),
        };
        let kind = match object.kind.as_str() {
            "table" => "bảng",
            "index" => "chỉ mục",
            "view" => "khung nhìn (view)",
            "trigger" => "trigger",
            _ => "đối tượng",
        };
        let mut name: String = object
            .name
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .take(60)
            .collect();
        if object.name.chars().count() > 60 {
            name.push('…');
        }
        format!("{what} {kind} \"{name}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_has_exactly_the_schema_of_its_version() {
        let store = crate::Store::open_in_memory().unwrap();
        let expected = expected_at(migrations::SCHEMA_VERSION).unwrap();
        assert_eq!(schema_of(store.conn()).unwrap(), expected);
        assert!(expected.iter().any(|o| o.kind == "trigger"));
        assert!(expected_at(0).unwrap().is_empty());
    }

    #[test]
    fn differences_name_the_object() {
        let expected = expected_at(migrations::SCHEMA_VERSION).unwrap();
        assert_eq!(first_difference(&expected, &expected), None);
        let mut c = Connection::open_in_memory().unwrap();
        migrations::migrate(&mut c, None, &crate::vault::Vault::in_memory()).unwrap();
        c.execute_batch(
            "CREATE TRIGGER \"evil\nname\" AFTER INSERT ON members BEGIN DELETE FROM teams; END",
        )
        .unwrap();
        let found = schema_of(&c).unwrap();
        let diff = first_difference(&found, &expected).unwrap();
        assert!(matches!(&diff, Difference::Extra(o) if o.kind == "trigger"));
        assert_eq!(diff.describe(), "có thêm trigger \"evil?name\"");
        let diff = first_difference(&expected, &found).unwrap();
        assert!(matches!(diff, Difference::Missing(_)));
    }
}
