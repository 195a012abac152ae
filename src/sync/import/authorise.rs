//! Authorising: a sender writes only records of its own unit. Checked over every record
//! of a bundle before anything is applied (a bundle that writes for another unit is
//! refused whole); what each record may refer to and which ids it may take is checked
//! record by record as it is applied (see `apply` and `links`).

use super::verify::Verified;
use crate::installation::Installation;
use crate::sync::refusal::Refusal;

/// Every record of the bundle is owned by its sender's unit; except in the receiving
/// unit's recovery bundle addressed to this very installation (`recovers`, signed), which
/// brings back this commune's own records as the receiving unit holds them.
pub(super) fn check_owners(v: &Verified, inst: &Installation) -> Result<(), Refusal> {
    let sender_unit = &v.manifest.sender.unit;
    let recovering = v.manifest.sender.role == "district"
        && v.manifest.recovers.as_deref() == Some(inst.installation_id.as_str())
        && v.manifest.recipient.as_deref() == Some(inst.unit_code.as_str());
    for (_, records) in v.body.iter().flat_map(|b| &b.records) {
        for r in records {
            if *r.owner != **sender_unit && !(recovering && *r.owner == *inst.unit_code) {
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
