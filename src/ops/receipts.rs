//! Receipts: the receiving unit saves one for a commune (a file, or a folder where
//! [`receipt_file_name`] names it); the commune reads what the newest one says.
//! The per-commune bundles of [`super::bundles::export_to_communes`] carry a receipt
//! each already: this is for a receipt alone (the commune asked, or nothing else goes
//! back to it today).

use std::path::Path;

use crate::error::Result;
pub use crate::sync::receipts::receipt_file_name;
use crate::sync::receipts::{ReceiptStatus, SavedReceipt};
use crate::Store;

/// Writes the receipt for `commune` to `out`, reads it back and logs it
/// ([`Store::save_receipt`]). Sealed to the commune's key when it is known.
pub fn save_receipt(store: &mut Store, commune: &str, out: &Path) -> Result<SavedReceipt> {
    store.save_receipt(commune.trim(), out)
}

/// The name the window's Save dialog proposes for the receipt of `commune`.
pub fn default_receipt_name(store: &Store, commune: &str) -> Result<String> {
    let written = store.write_receipt(commune.trim())?;
    Ok(receipt_file_name(
        &written.receipt.receiver.unit,
        &written.receipt.commune.unit,
        super::today(),
        written.sealed_to.is_some(),
    ))
}

/// What the receiving unit's newest receipt says to this commune (`None` without one,
/// or on a receiving unit): [`Store::receipt_status`].
pub fn receipt_status(store: &Store) -> Result<Option<ReceiptStatus>> {
    store.receipt_status()
}
