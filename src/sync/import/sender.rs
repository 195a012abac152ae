//! Checking the sender: not this installation, the same unit set, allowed to send
//! here (by the units' hierarchy), then enrolled with this key or enrolled now with the
//! officer's consent (see [`crate::sync::senders`]).

use rusqlite::Connection;

use super::verify::Verified;
use crate::error::Result;
use crate::installation::{Installation, Role};
use crate::sync::manifest::Manifest;
use crate::sync::refusal::Refusal;
use crate::sync::senders::{self, Decision, EnrolConsent};
use crate::units::{self, UnitSet};

/// Who may send to whom: a commune to the receiving unit above it, the receiving unit to
/// its communes, and installations of the same unit to each other.
fn check_sender(
    conn: &Connection,
    inst: &Installation,
    m: &Manifest,
) -> std::result::Result<(), Refusal> {
    let s = &m.sender;
    if s.installation == inst.installation_id {
        return Err(Refusal::OwnBundle);
    }
    if let Some(recipient) = &m.recipient {
        if *recipient != inst.unit_code {
            return Err(Refusal::NotForThisUnit {
                recipient: recipient.clone(),
            });
        }
    }
    if s.unit_set != inst.unit_set.as_str() {
        return Err(Refusal::UnitSetMismatch {
            ours: inst.unit_set.as_str().into(),
            theirs: s.unit_set.clone(),
        });
    }
    let not_allowed = || Refusal::SenderNotAllowed {
        unit: s.unit.clone(),
        unit_name: s.unit_name.clone(),
    };
    if s.unit == inst.unit_code {
        return if s.role == inst.role.as_str() {
            Ok(())
        } else {
            Err(not_allowed())
        };
    }
    let set = UnitSet::parse(&s.unit_set).ok_or_else(not_allowed)?;
    let ancestors = |code: &str| -> Vec<String> {
        units::path(conn, set, code)
            .map(|p| p.into_iter().skip(1).map(|u| u.code).collect())
            .unwrap_or_default()
    };
    let ok = match (inst.role, s.role.as_str()) {
        (Role::Receiver, "commune") => ancestors(&s.unit).contains(&inst.unit_code),
        (Role::Commune, "district") => ancestors(&inst.unit_code).contains(&s.unit),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(not_allowed())
    }
}

/// The whole sender stage: allowed to send here, then what enrolment decides. The outer
/// `Err` is this installation's own failure (its database), the inner one a refusal.
pub(super) fn check(
    conn: &Connection,
    inst: &Installation,
    v: &Verified,
    consent: &EnrolConsent,
) -> Result<std::result::Result<Decision, Refusal>> {
    if let Err(r) = check_sender(conn, inst, &v.manifest) {
        return Ok(Err(r));
    }
    senders::decide(conn, &v.manifest.sender, &v.public_key, consent)
}
