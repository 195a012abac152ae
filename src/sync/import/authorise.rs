//! Authorising: a sender writes only records of its own unit. Checked over every record
//! of a bundle before anything is applied (a bundle that writes for another unit is
//! refused whole); what each record may refer to and which ids it may take is checked
//! record by record as it is applied (see `apply` and `links`).

use super::verify::Verified;
use crate::sync::refusal::Refusal;

/// Every record of the bundle is owned by its sender's unit.
pub(super) fn check_owners(v: &Verified) -> Result<(), Refusal> {
    let sender_unit = &v.manifest.sender.unit;
    for (_, records) in v.body.iter().flat_map(|b| &b.records) {
        for r in records {
            if *r.owner != **sender_unit {
                return Err(Refusal::NotOwner {
                    id: r.id.to_string(),
                    owner: r.owner.to_string(),
                    sender: sender_unit.clone(),
                });
            }
        }
    }
    Ok(())
}
