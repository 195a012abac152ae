//! The receiving unit's card: written to a file (or a folder, where it is named after
//! the unit), read from one before a commune trusts it, and trusted.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::sync::cards::{read_card, CardInfo, TrustOutcome, MAX_CARD_BYTES};
use crate::Store;

/// The one naming rule of card files: `the-tiep-nhan-<unit>.json`.
pub fn card_file_name(unit: &str) -> String {
    format!("the-tiep-nhan-{unit}.json")
}

/// Writes this receiving unit's card to `out` (a file, or a folder where
/// [`card_file_name`] names it), read back to check what the stick holds.
pub fn write_receiver_card(store: &Store, out: &Path) -> Result<(PathBuf, CardInfo)> {
    let (bytes, info) = store.receiver_card()?;
    let target = if out.is_dir() {
        out.join(card_file_name(&info.unit_code))
    } else {
        out.to_path_buf()
    };
    crate::atomic_file::write(&target, &bytes)?;
    let back = std::fs::read(&target).map_err(|e| Error::io(&target, e))?;
    if back != bytes {
        return Err(Error::UsbWriteFailed { path: target });
    }
    Ok((target, info))
}

/// A card file's bytes, read under the card's cap.
fn read_card_file(path: &Path) -> Result<Vec<u8>> {
    crate::sync::import::read_capped(path, MAX_CARD_BYTES)
}

/// What a card file says, checked (its signature, its keys), before anyone trusts it:
/// the unit and the fingerprint to compare with the one read out over the phone.
pub fn preview_card(path: &Path) -> Result<CardInfo> {
    let card = read_card(&read_card_file(path)?)?;
    Ok(CardInfo::of(&card))
}

/// Trusts the card in `path` once `fingerprint` (as typed, or as the window shows it
/// after the clerk said it matches) is the card's own; see [`Store::trust_card`].
pub fn trust_card(store: &mut Store, path: &Path, fingerprint: &str) -> Result<TrustOutcome> {
    let bytes = read_card_file(path)?;
    store.trust_card(&bytes, fingerprint)
}
