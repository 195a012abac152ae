//! Migration 10: the installation's seed leaves the database for the key vault.
//!
//! The order keeps the key at every instant: the vault file is written and flushed
//! first; only then is the column blanked, in the transaction that bumps the schema
//! version. A power cut between the two leaves the key in both places, and the next
//! start runs the step again. Then the old bytes are wiped from the file: the step runs
//! with `secure_delete` on (SQLite zeroes the freed space of the page), the write-ahead
//! log is checkpointed into the file and truncated, and the file is vacuumed (rebuilt
//! page by page, so no free page keeps an old copy). The copy put aside before the
//! migration is made without the key ([`blank_keys`]).

use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::error::{Error, Result};
use crate::keys::KeyPair;
use crate::vault::Vault;

pub(super) fn move_keys_out(tx: &Transaction, vault: &Vault) -> Result<()> {
    let row: Option<(Vec<u8>, Vec<u8>)> = tx
        .query_row(
            "SELECT signing_key, public_key FROM installation WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((secret, public)) = row {
        let secret = zeroize::Zeroizing::new(secret);
        // An empty blob: a copy put aside by this migration, already without its key.
        if !secret.is_empty() {
            let keys = KeyPair::from_secret(&secret)?;
            if keys.public().as_bytes()[..] != public[..] {
                return Err(Error::Corrupt {
                    detail: "khóa ký không khớp với khóa công khai của đơn vị".into(),
                });
            }
            vault.store(&keys.secret_bytes())?;
        }
    }
    tx.execute_batch(include_str!("migrations/0010_keys_out.sql"))?;
    Ok(())
}

/// After the step has committed: nothing of the old key stays in the file or its log.
pub(super) fn wipe_old_pages(conn: &Connection) -> Result<()> {
    // In memory there is no file, and the checkpoint answers without a log.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.pragma_update(None, "secure_delete", false)?;
    Ok(())
}

/// Blanks the key in a copy of the file (one put aside before the migration).
pub(crate) fn blank_keys(copy: &Connection) -> Result<()> {
    copy.pragma_update(None, "secure_delete", true)?;
    copy.execute("UPDATE installation SET signing_key = X''", [])?;
    copy.execute_batch("VACUUM")?;
    Ok(())
}
