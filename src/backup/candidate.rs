//! A file offered for a restore, checked before anything of it reaches the database.
//!
//! A backup is whatever file the clerk picked, maybe from a USB stick that went through
//! other hands: it is input, not code. It is opened read-only with the hardening of our
//! own files and more ([`crate::store::open_untrusted`]), and used only if it is ours
//! (`application_id`), not newer than this program, has exactly our schema for its
//! version ([`crate::store::schema`]: a swapped file cannot bring its own triggers or
//! views), is sound (`integrity_check`) and has an installation set up.
//!
//! The checks and the copy happen in one read transaction on this one connection, so what
//! is copied is what was checked, even if something writes to the file in between.

use std::path::Path;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::keys::KeyPair;
use crate::store::schema::{self, first_difference};
use crate::store::{migrations, open_untrusted, APPLICATION_ID};
use crate::vault::Seed;

/// A backup that passed every check, held open for the copy.
pub(super) struct Candidate {
    conn: Connection,
    pub unit_code: String,
    pub unit_name: String,
    /// The installation's public key.
    pub public_key: Vec<u8>,
    /// The seed, in a backup made before keys left the database (schema 8 and older).
    pub seed: Option<Seed>,
}

impl Candidate {
    /// Opens the file at `path` and checks it; a refusal is [`Error::BadBackup`] with the
    /// reason and what to do.
    pub(super) fn check(path: &Path) -> Result<Candidate> {
        let conn = open_untrusted(path).map_err(|_| Error::BadBackup {
            path: path.to_path_buf(),
            reason: "không mở được tệp".into(),
        })?;
        Candidate::check_open(conn, path)
    }

    /// Checks a backup already opened untrusted (a decrypted one, in memory); `path` is
    /// the file it came from, for the messages.
    pub(super) fn check_open(conn: Connection, path: &Path) -> Result<Candidate> {
        let bad = |reason: &str| Error::BadBackup {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        };
        let not_ours = || {
            bad("không phải tệp sao lưu của Sổ Tổ xung kích; hãy chọn tệp do chức năng sao lưu của chương trình tạo ra")
        };
        let damaged = || bad("tệp bị hỏng; hãy dùng một bản sao lưu khác");
        // Held until the copy is done (see the module's comment).
        conn.execute_batch("BEGIN")?;
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| not_ours())?;
        if app_id != APPLICATION_ID {
            return Err(not_ours());
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|_| damaged())?;
        if version > migrations::SCHEMA_VERSION {
            return Err(bad(
                "được tạo bởi phiên bản mới hơn của chương trình; hãy cài bản mới nhất",
            ));
        }
        // Before anything else reads the file's tables: they might not be ours.
        let found = schema::schema_of(&conn).map_err(|_| damaged())?;
        if let Some(difference) = first_difference(&found, &schema::expected_at(version)?) {
            return Err(bad(&format!(
                "cấu trúc của tệp khác với cấu trúc chương trình tạo ra ({}), có thể tệp đã bị sửa bằng công cụ khác hoặc bị tráo; hãy chọn một bản sao lưu khác do chính chương trình tạo ra",
                difference.describe()
            )));
        }
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|_| damaged())?;
        if check != "ok" {
            return Err(damaged());
        }
        let (unit_code, unit_name, public_key, secret) = conn
            .query_row(
                "SELECT unit_code, unit_name, public_key, signing_key FROM installation WHERE singleton = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                        zeroize::Zeroizing::new(r.get::<_, Vec<u8>>(3)?),
                    ))
                },
            )
            .map_err(|_| {
                bad("bản sao lưu chưa được thiết lập đơn vị; hãy chọn bản sao lưu của một xã hoặc đơn vị đã thiết lập")
            })?;
        let seed = match secret.len() {
            0 => None,
            _ => {
                let keys = KeyPair::from_secret(&secret).map_err(|_| damaged())?;
                if keys.public().as_bytes()[..] != public_key[..] {
                    return Err(damaged());
                }
                Some(zeroize::Zeroizing::new(keys.secret_bytes()))
            }
        };
        Ok(Candidate {
            conn,
            unit_code,
            unit_name,
            public_key,
            seed,
        })
    }

    /// Copies the checked file over `dest`'s main database, in one step, inside the read
    /// transaction of the checks.
    pub(super) fn copy_into(self, dest: &mut Connection) -> Result<()> {
        copy_whole(&self.conn, dest)
    }
}

/// Copies `src`'s main database over `dest`'s in one step (the destination changes in
/// one transaction: whole or not at all).
pub(super) fn copy_whole(src: &Connection, dest: &mut Connection) -> Result<()> {
    let step = {
        let backup = Backup::new(src, dest)?;
        // All pages at once (-1).
        backup.step(-1)?
    };
    match step {
        StepResult::Done => Ok(()),
        // Our writer's busy timeout has passed: another program holds the database.
        StepResult::Busy | StepResult::Locked => Err(Error::Busy),
        _ => Err(Error::internal(
            "a restore in one step stopped before its end",
        )),
    }
}
