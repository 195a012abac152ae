//! Enrolment: which installations' bundles are accepted, pinned by public key.
//!
//! Trust comes from the officer, not from the file: the first bundle of an installation
//! is refused until the officer has compared its key's fingerprint with the one the
//! commune's screen or printed enrolment sheet shows, and enrols it. After that, a bundle
//! from the same installation signed by another key is refused (as ssh refuses a changed
//! host key) unless the officer re-enrols on purpose; a second installation of an
//! enrolled unit (a second laptop, a reinstalled one) needs its own enrolment.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::manifest::Sender;
use super::refusal::Refusal;
use crate::error::Result;
use crate::keys;
use crate::Store;

#[derive(Debug, Clone, Serialize)]
pub struct EnrolledSender {
    pub installation_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub role: String,
    pub fingerprint: String,
    pub enrolled_at: String,
    pub enrolled_by: String,
}

/// What enrolment the officer allowed for this import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EnrolConsent {
    /// Enrol an installation seen for the first time.
    pub enrol: bool,
    /// Replace the pinned key of an enrolled installation.
    pub re_enrol: bool,
}

/// Whether the sender may be accepted, and whether accepting it enrols it.
pub(crate) enum Decision {
    Known,
    Enrol,
}

pub(crate) fn decide(
    conn: &Connection,
    sender: &Sender,
    public_key: &[u8],
    consent: EnrolConsent,
) -> Result<std::result::Result<Decision, Refusal>> {
    let new_fingerprint = keys::fingerprint(public_key);
    let pinned: Option<(Vec<u8>, String, String, String)> = conn
        .query_row(
            "SELECT public_key, unit_code, unit_name, role FROM senders WHERE installation_id = ?1",
            [&sender.installation],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    if let Some((pinned, unit, unit_name, role)) = pinned {
        // The key was enrolled for one unit in one role: a bundle signed with it that
        // claims another unit is refused, whatever the officer consents to.
        if unit != sender.unit || role != sender.role {
            return Ok(Err(Refusal::SenderMismatch {
                enrolled_unit: unit,
                enrolled_unit_name: unit_name,
                claimed_unit: sender.unit.clone(),
            }));
        }
        if pinned == public_key {
            return Ok(Ok(Decision::Known));
        }
        return Ok(if consent.re_enrol {
            Ok(Decision::Enrol)
        } else {
            Err(Refusal::KeyChanged {
                unit: sender.unit.clone(),
                unit_name: sender.unit_name.clone(),
                old_fingerprint: keys::fingerprint(&pinned),
                new_fingerprint,
            })
        });
    }
    if consent.enrol || consent.re_enrol {
        return Ok(Ok(Decision::Enrol));
    }
    let others: Vec<String> = {
        let mut stmt = conn.prepare("SELECT fingerprint FROM senders WHERE unit_code = ?1")?;
        let rows = stmt.query_map([&sender.unit], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    Ok(Err(if others.is_empty() {
        Refusal::UnknownSender {
            unit: sender.unit.clone(),
            unit_name: sender.unit_name.clone(),
            fingerprint: new_fingerprint,
        }
    } else {
        Refusal::KeyChanged {
            unit: sender.unit.clone(),
            unit_name: sender.unit_name.clone(),
            old_fingerprint: others.join(", "),
            new_fingerprint,
        }
    }))
}

pub(crate) fn enrol(
    conn: &Connection,
    sender: &Sender,
    public_key: &[u8],
    actor: &str,
) -> Result<()> {
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    conn.execute(
        "INSERT INTO senders (installation_id, unit_code, unit_name, role, public_key, fingerprint, enrolled_at, enrolled_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (installation_id) DO UPDATE SET
           unit_code = excluded.unit_code, unit_name = excluded.unit_name, role = excluded.role,
           public_key = excluded.public_key, fingerprint = excluded.fingerprint,
           enrolled_at = excluded.enrolled_at, enrolled_by = excluded.enrolled_by",
        params![
            sender.installation,
            sender.unit,
            sender.unit_name,
            sender.role,
            public_key,
            keys::fingerprint(public_key),
            now,
            actor
        ],
    )?;
    Ok(())
}

impl Store {
    /// The enrolled installations, by unit.
    pub fn senders(&self) -> Result<Vec<EnrolledSender>> {
        let mut stmt = self.conn().prepare(
            "SELECT installation_id, unit_code, unit_name, role, fingerprint, enrolled_at, enrolled_by
             FROM senders ORDER BY unit_code, enrolled_at",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(EnrolledSender {
                installation_id: r.get(0)?,
                unit_code: r.get(1)?,
                unit_name: r.get(2)?,
                role: r.get(3)?,
                fingerprint: r.get(4)?,
                enrolled_at: r.get(5)?,
                enrolled_by: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
