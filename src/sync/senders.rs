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
use crate::audit;
use crate::error::{Error, Result};
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
    /// When the officer stopped accepting this key, and who did (its records stay).
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
}

/// What enrolment the officer allowed for this import: the fingerprints read out over
/// the phone and compared, one per sending laptop. Only a key with one of them is
/// enrolled; any other unknown sender in the same folder is still refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnrolConsent {
    /// Enrol an installation seen for the first time whose key has one of these.
    enrol: Vec<String>,
    /// Replace the pinned key of an enrolled installation (or accept a revoked one
    /// again) when the new key has one of these.
    re_enrol: Vec<String>,
    /// Set only by unit tests of sync ([`EnrolConsent::anyone`]): enrol whoever signed
    /// for the first time (but re-enrol no one); their own tests check that only the
    /// fingerprints given are enrolled.
    anyone: bool,
}

impl EnrolConsent {
    #[cfg(test)]
    pub(crate) fn anyone() -> Self {
        EnrolConsent {
            anyone: true,
            ..Default::default()
        }
    }

    /// Consent for the given fingerprints, as typed or pasted (any case, spaces or
    /// dashes); `Err` names the first that is not a fingerprint.
    pub fn new<S: AsRef<str>>(enrol: &[S], re_enrol: &[S]) -> std::result::Result<Self, String> {
        let normalise = |list: &[S]| -> std::result::Result<Vec<String>, String> {
            list.iter()
                .map(|f| {
                    keys::normalise_fingerprint(f.as_ref()).ok_or_else(|| f.as_ref().to_string())
                })
                .collect()
        };
        Ok(EnrolConsent {
            enrol: normalise(enrol)?,
            re_enrol: normalise(re_enrol)?,
            anyone: false,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.enrol.is_empty() && self.re_enrol.is_empty()
    }

    fn enrols(&self, fingerprint: &str) -> bool {
        if self.anyone {
            return true;
        }
        self.enrol.iter().any(|f| f == fingerprint) || self.re_enrols(fingerprint)
    }

    fn re_enrols(&self, fingerprint: &str) -> bool {
        self.re_enrol.iter().any(|f| f == fingerprint)
    }
}

/// Whom the worker thread may read a bundle's records for, decided from the manifest
/// alone: a key enrolled (and not revoked) for the installation that signed, or a key
/// the officer consented to enrol. Anything else is refused by [`decide`] without one
/// record entry having been read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gate {
    enrolled: std::collections::HashMap<String, Vec<u8>>,
    consent: EnrolConsent,
}

/// Keeps the encryption key a sender's newest applied bundle carried: what this
/// installation seals its bundles for that sender's unit to.
pub(crate) fn remember_encryption_key(conn: &Connection, sender: &Sender) -> Result<()> {
    if let Some(key) = &sender.encryption_key {
        conn.prepare_cached(
            "UPDATE senders SET encryption_key = ?2 WHERE installation_id = ?1 AND revoked_at IS NULL",
        )?
        .execute(params![sender.installation, key])?;
    }
    Ok(())
}

impl Gate {
    pub(crate) fn load(conn: &Connection, consent: &EnrolConsent) -> Result<Gate> {
        let mut stmt = conn
            .prepare("SELECT installation_id, public_key FROM senders WHERE revoked_at IS NULL")?;
        let enrolled = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Gate {
            enrolled,
            consent: consent.clone(),
        })
    }

    pub(crate) fn admits(&self, sender: &Sender, public_key: &[u8]) -> bool {
        self.enrolled
            .get(&sender.installation)
            .is_some_and(|k| k == public_key)
            || self.consent.enrols(&keys::fingerprint(public_key))
    }
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
    consent: &EnrolConsent,
) -> Result<std::result::Result<Decision, Refusal>> {
    let new_fingerprint = keys::fingerprint(public_key);
    type Pinned = (Vec<u8>, String, String, String, Option<String>);
    let pinned: Option<Pinned> = conn
        .query_row(
            "SELECT public_key, unit_code, unit_name, role, revoked_at FROM senders WHERE installation_id = ?1",
            [&sender.installation],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    if let Some((pinned, unit, unit_name, role, revoked_at)) = pinned {
        // The key was enrolled for one unit in one role: a bundle signed with it that
        // claims another unit is refused, whatever the officer consents to.
        if unit != sender.unit || role != sender.role {
            return Ok(Err(Refusal::SenderMismatch {
                enrolled_unit: unit,
                enrolled_unit_name: unit_name,
                claimed_unit: sender.unit.clone(),
            }));
        }
        if let Some(revoked_at) = revoked_at {
            return Ok(if consent.re_enrols(&new_fingerprint) {
                Ok(Decision::Enrol)
            } else {
                Err(Refusal::Revoked {
                    unit: sender.unit.clone(),
                    unit_name: sender.unit_name.clone(),
                    revoked_at,
                })
            });
        }
        if pinned == public_key {
            return Ok(Ok(Decision::Known));
        }
        return Ok(if consent.re_enrols(&new_fingerprint) {
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
    if consent.enrols(&new_fingerprint) {
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
           enrolled_at = excluded.enrolled_at, enrolled_by = excluded.enrolled_by,
           revoked_at = NULL, revoked_by = NULL",
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
    // Who accepted which key, beside the record changes (the fingerprint is public).
    audit::append(
        conn,
        &audit::Entry {
            at: &now,
            actor,
            action: audit::Action::Enrol,
            kind: "sender",
            record_id: &sender.installation,
            changes: &serde_json::json!({
                "unit": sender.unit, "fingerprint": keys::fingerprint(public_key)
            }),
        },
    )
}

impl Store {
    /// The enrolled installations, by unit.
    pub fn senders(&self) -> Result<Vec<EnrolledSender>> {
        let mut stmt = self.conn().prepare(
            "SELECT installation_id, unit_code, unit_name, role, fingerprint, enrolled_at, enrolled_by,
                    revoked_at, revoked_by
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
                revoked_at: r.get(7)?,
                revoked_by: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stops accepting an installation's key: its records stay, its later bundles are
    /// refused with a reason until the officer enrols it again (`--re-enrol` with the
    /// fingerprint of the key it then shows). Returns the sender as now recorded.
    pub fn revoke_sender(&mut self, installation_id: &str) -> Result<EnrolledSender> {
        let actor = self.actor().to_string();
        let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let tx = self.begin_write()?;
        let changed = tx.execute(
            "UPDATE senders SET revoked_at = ?2, revoked_by = ?3
             WHERE installation_id = ?1 AND revoked_at IS NULL",
            params![installation_id, now, actor],
        )?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM senders WHERE installation_id = ?1)",
            [installation_id],
            |r| r.get(0),
        )?;
        if !known {
            return Err(Error::NotFound {
                kind_label: "máy gửi đã đăng ký".into(),
                id: installation_id.to_string(),
            });
        }
        if changed > 0 {
            // Who stopped accepting whom, in the same log as record changes.
            audit::append(
                &tx,
                &audit::Entry {
                    at: &now,
                    actor: &actor,
                    action: audit::Action::Revoke,
                    kind: "sender",
                    record_id: installation_id,
                    changes: &serde_json::json!({}),
                },
            )?;
        }
        Store::commit_write(tx, Default::default())?;
        self.senders()?
            .into_iter()
            .find(|s| s.installation_id == installation_id)
            .ok_or_else(|| Error::internal("revoked sender vanished"))
    }
}
