//! Reading and verifying a bundle file: its size, the ZIP's structure and limits, the
//! manifest and its signature; then, only for a sender that could be accepted, every
//! entry against its listed hash and every record line. No database: this stage runs on
//! the pipeline's worker thread, which is told beforehand whom the installation accepts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use super::parse::{parse_lines, Incoming};
use super::{LIMITS, MAX_MANIFEST_BYTES, MAX_RECORD_TEXT_BYTES};
use crate::attachments::MAX_ATTACHMENT_BYTES;
use crate::bundle::container;
use crate::error::{Error, Result};
use crate::kinds;
use crate::sync::manifest::{Manifest, FORMAT, FORMAT_VERSION};
use crate::sync::receipt::{self, Receipt, MAX_RECEIPT_BYTES, RECEIPT_ENTRY};
use crate::sync::refusal::Refusal;
use crate::sync::{MANIFEST_ENTRY, SIGNATURE_ENTRY};

/// A bundle to import: where it came from, and its bytes (or why they could not be read).
pub struct BundleInput {
    pub name: PathBuf,
    pub bytes: std::result::Result<Vec<u8>, Refusal>,
}

impl BundleInput {
    /// Reads a file under the size cap (never more than the cap plus one byte).
    pub fn read(path: &Path) -> Result<BundleInput> {
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .len();
        let bytes = if size > LIMITS.max_file_bytes {
            Err(Refusal::FileTooLarge {
                bytes: size,
                max: LIMITS.max_file_bytes,
            })
        } else {
            Ok(read_capped(path, LIMITS.max_file_bytes)?)
        };
        Ok(BundleInput {
            name: path.to_path_buf(),
            bytes,
        })
    }
}

/// A file's bytes, never more than `cap` plus one (so an over-long file is seen as such
/// without being read whole).
pub(crate) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

/// A bundle's manifest, its signature checked: who sent it and what it says it holds.
pub(crate) struct Envelope {
    index: container::Index,
    pub manifest: Manifest,
    pub public_key: [u8; 32],
}

/// What a bundle holds past its manifest, every entry checked against its hash.
pub(crate) struct Body {
    /// Records per kind name, in the order of the entries.
    pub records: Vec<(String, Vec<Incoming>)>,
    /// Where each attachment is in the bundle, by its hash: read again only when an
    /// applied record refers to it (see `apply`).
    pub attachments: HashMap<String, container::Entry>,
    /// The receiving unit's receipt, checked against the manifest (`receipt.json`).
    pub receipt: Option<Receipt>,
}

/// A bundle whose manifest and signature have been checked, and, when its sender could
/// be accepted here, everything else.
pub(crate) struct Verified {
    pub manifest: Manifest,
    pub public_key: [u8; 32],
    /// `None` when the sender is neither enrolled with this key nor being enrolled: not
    /// one record entry was read (an unknown key could otherwise make this installation
    /// parse whatever it likes).
    pub body: Option<Body>,
    /// The file, for the attachments applied records need.
    pub bytes: Vec<u8>,
}

impl Verified {
    /// The records, read now if the sender was not admitted when the bundle was checked
    /// (the main thread's decision is the one that counts).
    pub(crate) fn body(&mut self) -> std::result::Result<&Body, Refusal> {
        if self.body.is_none() {
            let envelope = read_envelope(&self.bytes)?;
            self.body = Some(read_body(&self.bytes, &envelope)?);
        }
        Ok(self.body.as_ref().expect("just read"))
    }
}

/// Checks a bundle in the order that bounds the cost: the container's structure, the
/// manifest and its signature, and then, only if `admits` accepts the signer, every entry
/// against its hash and every record line. No database needed.
pub(crate) fn verify(
    bytes: Vec<u8>,
    admits: impl FnOnce(&Manifest, &[u8; 32]) -> bool,
) -> std::result::Result<Verified, Refusal> {
    let envelope = read_envelope(&bytes)?;
    let body = if admits(&envelope.manifest, &envelope.public_key) {
        Some(read_body(&bytes, &envelope)?)
    } else {
        None
    };
    Ok(Verified {
        manifest: envelope.manifest,
        public_key: envelope.public_key,
        body,
        bytes,
    })
}

/// The container, the manifest and its signature; nothing else is read.
pub(crate) fn read_envelope(bytes: &[u8]) -> std::result::Result<Envelope, Refusal> {
    let index = container::read_index(bytes, &LIMITS)?;
    let find = |name: &str| index.get(name);
    let manifest_entry =
        find(MANIFEST_ENTRY).ok_or_else(|| Refusal::MissingEntry(MANIFEST_ENTRY.into()))?;
    if manifest_entry.uncompressed_size > MAX_MANIFEST_BYTES {
        return Err(Refusal::BadManifest(format!(
            "lớn {} byte, quá giới hạn {MAX_MANIFEST_BYTES}",
            manifest_entry.uncompressed_size
        )));
    }
    let manifest_bytes = container::read_entry(bytes, manifest_entry, &LIMITS)?;
    let signature_entry =
        find(SIGNATURE_ENTRY).ok_or_else(|| Refusal::MissingEntry(SIGNATURE_ENTRY.into()))?;
    if signature_entry.uncompressed_size != 64 {
        return Err(Refusal::BadSignature);
    }
    let signature = container::read_entry(bytes, signature_entry, &LIMITS)?;
    // Only the fields needed to find the key are trusted before the signature check,
    // and only to find the key.
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| Refusal::BadManifest(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(Refusal::BadManifest(format!(
            "định dạng \"{}\"",
            manifest.format
        )));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(Refusal::NewerFormat {
            found: manifest.format_version,
        });
    }
    let public_key: [u8; 32] = hex::decode(&manifest.sender.public_key)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or(Refusal::BadSignature)?;
    let key = VerifyingKey::from_bytes(&public_key).map_err(|_| Refusal::BadSignature)?;
    let signature = Signature::from_slice(&signature).map_err(|_| Refusal::BadSignature)?;
    key.verify_strict(&manifest_bytes, &signature)
        .map_err(|_| Refusal::BadSignature)?;
    check_seq_range(&manifest)?;
    if let Some(key) = &manifest.sender.encryption_key {
        if crate::keys::parse_recipient(key).is_none() {
            return Err(Refusal::BadManifest(format!(
                "khoá mã hoá của máy gửi \"{key}\" không hợp lệ"
            )));
        }
    }
    Ok(Envelope {
        index,
        manifest,
        public_key,
    })
}

/// Every entry against the signed manifest, then the records, parsed with the
/// catalogue's limits.
pub(crate) fn read_body(bytes: &[u8], envelope: &Envelope) -> std::result::Result<Body, Refusal> {
    let Envelope {
        index, manifest, ..
    } = envelope;
    // Every other entry must be listed, and match its listed hash and size.
    for entry in index.entries() {
        if entry.name != MANIFEST_ENTRY
            && entry.name != SIGNATURE_ENTRY
            && !manifest.entries.contains_key(&entry.name)
        {
            return Err(Refusal::UnlistedEntry {
                entry: entry.name.clone(),
            });
        }
    }
    // What the signed sizes say is checked before anything is read: the record text
    // parsed in one bundle, and each scan, stay within what an honest sender writes.
    let record_text: u64 = manifest
        .entries
        .iter()
        .filter(|(name, _)| name.starts_with("records/"))
        .map(|(_, info)| info.size)
        .fold(0u64, u64::saturating_add);
    if record_text > MAX_RECORD_TEXT_BYTES {
        return Err(Refusal::BadManifest(format!(
            "các bản ghi dài {record_text} byte, quá giới hạn {MAX_RECORD_TEXT_BYTES} của một gói"
        )));
    }
    let mut records = Vec::new();
    let mut attachments = HashMap::new();
    let mut receipt = None;
    for (name, info) in &manifest.entries {
        let entry = index
            .get(name)
            .ok_or_else(|| Refusal::MissingEntry(name.clone()))?;
        if entry.uncompressed_size != info.size {
            return Err(Refusal::HashMismatch {
                entry: name.clone(),
            });
        }
        let attachment = name.strip_prefix("attachments/");
        if attachment.is_some() && info.size > MAX_ATTACHMENT_BYTES as u64 {
            return Err(Refusal::BadAttachment {
                entry: name.clone(),
                what: format!(
                    "lớn {} byte, quá giới hạn {MAX_ATTACHMENT_BYTES} của một bản chụp",
                    info.size
                ),
            });
        }
        if name == RECEIPT_ENTRY && info.size > MAX_RECEIPT_BYTES {
            return Err(Refusal::BadReceipt(format!(
                "lớn {} byte, quá giới hạn {MAX_RECEIPT_BYTES}",
                info.size
            )));
        }
        let data = container::read_entry(bytes, entry, &LIMITS)?;
        if hex::encode(Sha256::digest(&data)) != info.sha256 {
            return Err(Refusal::HashMismatch {
                entry: name.clone(),
            });
        }
        if let Some(kind) = name
            .strip_prefix("records/")
            .and_then(|n| n.strip_suffix(".jsonl"))
        {
            records.push((
                kind.to_string(),
                parse_lines(name, kinds::by_name(kind), &data)?,
            ));
        } else if let Some(sha) = attachment {
            // Content-addressed: the name is the hash of the bytes.
            if sha != info.sha256 {
                return Err(Refusal::HashMismatch {
                    entry: name.clone(),
                });
            }
            if crate::attachments::sniff_mime(&data).is_none() {
                return Err(Refusal::BadAttachment {
                    entry: name.clone(),
                    what: "không phải PDF, PNG, JPEG hay TIFF".into(),
                });
            }
            attachments.insert(sha.to_string(), entry.clone());
        } else if name == RECEIPT_ENTRY {
            receipt = Some(receipt::parse(&data, manifest)?);
        }
        // Other entries (a later version's additions) are signed and harmless: ignored.
    }
    for (kind, lines) in &records {
        if manifest.counts.get(kind).copied().unwrap_or(0) != lines.len() as u64 {
            return Err(Refusal::BadManifest(format!(
                "số bản ghi {kind} ghi trong phần mô tả khác số bản ghi thực có"
            )));
        }
    }
    Ok(Body {
        records,
        attachments,
        receipt,
    })
}

/// Reads one attachment of a verified bundle again (its hash was checked then).
pub(crate) fn read_attachment(
    bytes: &[u8],
    entry: &container::Entry,
) -> std::result::Result<Vec<u8>, Refusal> {
    Ok(container::read_entry(bytes, entry, &LIMITS)?)
}

/// Used by export to check the file it just wrote.
pub(crate) fn verify_self_consistent(bytes: &[u8]) -> std::result::Result<(), Refusal> {
    let envelope = read_envelope(bytes)?;
    read_body(bytes, &envelope).map(|_| ())
}

/// The largest change counter a bundle may name: far beyond any laptop's lifetime of
/// writes, and low enough that the range arithmetic (`to + 1`) can never overflow.
pub(crate) const MAX_SEQ: i64 = 1 << 62;

/// A signed range is still only what the sender says: `1 ≤ from ≤ to + 1` (an empty
/// incremental bundle covers `last + 1 ..= last`) and `to < 2^62`.
fn check_seq_range(m: &Manifest) -> Result<(), Refusal> {
    let (from, to) = (m.from_seq, m.to_seq);
    if from < 1 || !(0..MAX_SEQ).contains(&to) || from > to + 1 {
        return Err(Refusal::BadManifest(format!(
            "phạm vi thay đổi {from}–{to} không hợp lệ"
        )));
    }
    Ok(())
}
