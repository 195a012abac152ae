//! Staging of the new rows of full-text-indexed tables (teams, members) while a bundle
//! is applied.
//!
//! Why: an INSERT into such a table fires the triggers that keep its FTS5 index, so
//! SQLite opens a statement savepoint for it, and FTS5 answers every savepoint by
//! writing its pending terms to disk as a new segment, for every FTS table written in
//! the transaction, and later merges those tiny segments. Row by row that was a sixth
//! of an import's work in a profile. Staged in a plain temporary table and moved with
//! one `INSERT … SELECT` per table and bundle, the index gets one segment per bundle.
//!
//! The rows are the same: the staging table has the main table's columns and
//! affinities (`CREATE TABLE … AS SELECT`), every INSERT names the columns that have
//! defaults in the main table (`deleted`, `search_text`, `sort_key`), and rowids are
//! given in staging order. Staged rows are moved before anything could need them in
//! the main table: at the end of each kind (its children come later, and foreign keys
//! are checked as they are moved), and before a second version of a staged record.

use std::collections::HashSet;

use rusqlite::Connection;

pub(super) struct Stage {
    /// Main tables with a full-text index (`<table>_fts` exists).
    indexed: HashSet<&'static str>,
    /// Tables with staged rows.
    pending: Vec<&'static str>,
    /// Ids of the staged rows.
    ids: HashSet<String>,
    /// Staging is on for the bundle's own records only (quarantined records released at
    /// the end go straight in: their children may follow in the same pass).
    pub active: bool,
}

/// The temporary table that stages rows of `table`.
fn staging_table(table: &str) -> String {
    format!("temp.import_stage_{table}")
}

impl Stage {
    /// Finds the indexed tables among `tables` and makes sure their staging tables exist
    /// (inside the caller's savepoint: a refused bundle takes them away again).
    pub fn new(tx: &Connection, tables: &[&'static str]) -> rusqlite::Result<Stage> {
        let mut indexed = HashSet::new();
        for &table in tables {
            let has_index: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1 || '_fts')",
                )?
                .query_row([table], |r| r.get(0))?;
            if has_index {
                tx.execute_batch(&format!(
                    "CREATE TEMP TABLE IF NOT EXISTS import_stage_{table} AS SELECT * FROM main.{table} WHERE 0"
                ))?;
                indexed.insert(table);
            }
        }
        Ok(Stage {
            indexed,
            pending: Vec::new(),
            ids: HashSet::new(),
            active: false,
        })
    }

    /// Where a new row of `table` goes: its staging table, or `None` for the table itself.
    pub fn target(&self, table: &'static str) -> Option<String> {
        (self.active && self.indexed.contains(table)).then(|| staging_table(table))
    }

    pub fn holds(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    pub fn staged(&mut self, table: &'static str, id: &str) {
        if !self.pending.contains(&table) {
            self.pending.push(table);
        }
        self.ids.insert(id.to_string());
    }

    /// Moves every staged row into its main table, in staging order.
    pub fn flush(&mut self, tx: &Connection) -> rusqlite::Result<()> {
        for table in self.pending.drain(..) {
            let stage = staging_table(table);
            tx.prepare_cached(&format!(
                "INSERT INTO main.{table} SELECT * FROM {stage} ORDER BY rowid"
            ))?
            .execute([])?;
            tx.prepare_cached(&format!("DELETE FROM {stage}"))?
                .execute([])?;
        }
        self.ids.clear();
        Ok(())
    }
}
