//! Record ids bound to their owner (issue 11).
//!
//! An id is a name anyone who has seen the record can copy. When ids were only random, a
//! commune that sent a record under another commune's id first held that id at the
//! receiving unit, and every later bundle of the real owner was refused for good. So an
//! id made here carries a tag of the unit that owns the record: a UUID of version 8
//! whose first 48 bits are the time in milliseconds (as version 7: new rows stay
//! together in the index), whose last 32 bits are the first bytes of SHA-256 of the
//! owner's code, and the 42 bits between random. A record arriving with an id tagged for
//! another unit is refused where it arrives, so it can never take that unit's id.
//!
//! Ids made by earlier versions (random version 4 or 7) carry no tag: for those, the
//! first claim stands and a later one is refused record by record, never the bundle.

use sha2::{Digest, Sha256};
use uuid::Uuid;

const TAG_BYTES: std::ops::Range<usize> = 12..16;

fn owner_tag(owner: &str) -> [u8; 4] {
    let digest = Sha256::digest(format!("xungkich record owner\n{owner}").as_bytes());
    [digest[0], digest[1], digest[2], digest[3]]
}

/// A new id for a record owned by `owner`.
pub(crate) fn new_id(owner: &str) -> String {
    let mut bytes = Uuid::now_v7().into_bytes();
    bytes[TAG_BYTES].copy_from_slice(&owner_tag(owner));
    bytes[6] = (bytes[6] & 0x0F) | 0x80; // version 8: custom layout (RFC 9562 §5.8)
    Uuid::from_bytes(bytes).hyphenated().to_string()
}

/// Whether `id` was made for `owner`: `Some(false)` for an id tagged for another unit,
/// `None` for an untagged id of an earlier version.
pub(crate) fn bound_to(id: &str, owner: &str) -> Option<bool> {
    let uuid = Uuid::parse_str(id).ok()?;
    if uuid.get_version_num() != 8 {
        return None;
    }
    Some(uuid.as_bytes()[TAG_BYTES] == owner_tag(owner))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_names_its_owner_and_no_other() {
        let id = new_id("00001");
        assert_eq!(bound_to(&id, "00001"), Some(true));
        assert_eq!(bound_to(&id, "00004"), Some(false));
        assert_eq!(
            Uuid::parse_str(&id).unwrap().get_variant(),
            uuid::Variant::RFC4122
        );
        // Ids of earlier versions bind no one.
        let old = Uuid::now_v7().hyphenated().to_string();
        assert_eq!(bound_to(&old, "00001"), None);
        // Time-ordered like version 7, and distinct.
        let later = new_id("00001");
        assert_ne!(id, later);
        assert!(id[..8] <= later[..8]);
    }
}
