//! Authorising: a sender writes only records of its own unit. Checked over every record
//! of a bundle before anything is applied, and, as each record is applied, against the
//! unit that owns the version already held.

use super::verify::Verified;
use crate::sync::refusal::Refusal;
use crate::sync::WireRecord;

/// Every record of the bundle is owned by its sender's unit.
pub(super) fn check_owners(v: &Verified) -> Result<(), Refusal> {
    let sender_unit = &v.manifest.sender.unit;
    // Ownership first, over every record, so a bundle that writes for another unit is
    // refused before anything is applied.
    for (_, records) in &v.records {
        for r in records {
            if &r.wire.owner != sender_unit {
                return Err(Refusal::NotOwner {
                    id: r.wire.id.clone(),
                    owner: r.wire.owner.clone(),
                    sender: sender_unit.clone(),
                });
            }
        }
    }
    Ok(())
}

/// A record already held (owned by `held_owner`) is changed only by a version of the
/// same owner.
pub(super) fn check_held(wire: &WireRecord, held_owner: &str) -> Result<(), Refusal> {
    if held_owner != wire.owner {
        return Err(Refusal::NotOwner {
            id: wire.id.clone(),
            owner: held_owner.to_string(),
            sender: wire.owner.clone(),
        });
    }
    Ok(())
}
