//! Sealed bundles: a signed bundle encrypted with age to the one installation meant to
//! read it (a commune's to its receiving unit's card, the receiving unit's to each
//! commune's own key), so a lost USB stick shows nothing of the people in it.
//!
//! ```text
//! xungkich-sealed-bundle/1\n
//! {"sender":{"unit":…,"unit_name":…},"recipient":{"unit":…,"unit_name":…,"card":…}}\n
//! <an age v1 file, one X25519 recipient, whose plaintext is the signed bundle ZIP>
//! ```
//!
//! The two lines in clear say whose bundle it is and for whom, so an installation that
//! cannot open it says so in words; they hold nothing personal (unit codes and names, a
//! card's fingerprint). They are not trusted by themselves: the signed manifest inside
//! names the same sender and, in `sealed_for`, the same recipient, or the bundle is
//! refused. The format is in docs/bundle-format.md ("Sealed bundles").

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::manifest::{Manifest, SealedFor};
use super::refusal::{Refusal, SealedForOther};
use crate::error::{Error, Result};

pub const MAGIC: &[u8] = b"xungkich-sealed-bundle/1\n";
/// The header line's cap, its newline included: three short names and a fingerprint
/// never come near it, and nothing past it is read before the line ends.
pub const MAX_HEADER_BYTES: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealParty {
    pub unit: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealRecipient {
    pub unit: String,
    pub unit_name: String,
    /// The fingerprint of the card (the recipient installation's signing key), as
    /// [`crate::keys::fingerprint`] prints it.
    pub card: String,
}

/// What a sealed bundle says in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealHeader {
    pub sender: SealParty,
    pub recipient: SealRecipient,
}

impl SealHeader {
    pub fn sealed_for(&self) -> SealedFor {
        SealedFor {
            unit: self.recipient.unit.clone(),
            card: self.recipient.card.clone(),
        }
    }
}

/// Whether `bytes` is a sealed bundle (a plain one is a ZIP and starts with `PK`).
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Encrypts a signed bundle to `to`, behind its header.
pub fn seal(
    signed_bundle: &[u8],
    header: &SealHeader,
    to: &age::x25519::Recipient,
) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(signed_bundle.len() + 512);
    out.extend_from_slice(MAGIC);
    serde_json::to_writer(&mut out, header).map_err(Error::internal)?;
    out.push(b'\n');
    let ciphertext = age::encrypt(to, signed_bundle).map_err(Error::internal)?;
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// Reads the header of a sealed bundle and returns it with the age file after it.
pub fn read_header(bytes: &[u8]) -> std::result::Result<(SealHeader, &[u8]), Refusal> {
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| bad("không bắt đầu bằng dấu hiệu của gói mã hoá"))?;
    let window = &rest[..rest.len().min(MAX_HEADER_BYTES)];
    let end = window
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| bad("dòng tiêu đề quá dài hoặc không kết thúc"))?;
    let line =
        std::str::from_utf8(&window[..end]).map_err(|_| bad("dòng tiêu đề không phải UTF-8"))?;
    if line.nfc().collect::<String>() != line {
        return Err(bad("dòng tiêu đề không chuẩn hoá NFC"));
    }
    let header: SealHeader =
        serde_json::from_str(line).map_err(|e| bad(&format!("dòng tiêu đề sai: {e}")))?;
    let unit_ok = |u: &str| !u.is_empty() && u.len() <= 8 && u.bytes().all(|b| b.is_ascii_digit());
    if !unit_ok(&header.sender.unit) || !unit_ok(&header.recipient.unit) {
        return Err(bad("mã đơn vị trong tiêu đề không hợp lệ"));
    }
    if crate::keys::normalise_fingerprint(&header.recipient.card).as_deref()
        != Some(header.recipient.card.as_str())
    {
        return Err(bad("mã xác nhận của thẻ trong tiêu đề không hợp lệ"));
    }
    Ok((header, &rest[end + 1..]))
}

/// Who may open sealed bundles here: this installation's card and its age identity.
pub struct Opener {
    pub unit: String,
    pub card: String,
    pub identity: age::x25519::Identity,
}

/// Opens a sealed bundle meant for `opener`: the header first (a bundle sealed for
/// another card is refused in words without any decryption), then the age file. The
/// plaintext can never be longer than the ciphertext, so memory stays bounded by the
/// file, which was read under its cap.
pub fn open(bytes: &[u8], opener: &Opener) -> std::result::Result<(SealHeader, Vec<u8>), Refusal> {
    let (header, age_file) = read_header(bytes)?;
    if header.recipient.card != opener.card {
        return Err(not_ours(&header, opener));
    }
    let plain = age::decrypt(&opener.identity, age_file).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => not_ours(&header, opener),
        other => bad(&format!("phần mã hoá hỏng hoặc đã bị sửa ({other})")),
    })?;
    Ok((header, plain))
}

/// The signed manifest must say what the clear header said: the same sender, and, in
/// `sealed_for`, the same recipient. A plain bundle must not claim to have been sealed
/// (`sealed: None`).
pub fn check_manifest(
    sealed: Option<&SealHeader>,
    manifest: &Manifest,
) -> std::result::Result<(), Refusal> {
    match (sealed, &manifest.sealed_for) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(bad(
            "gói ghi là đã mã hoá nhưng lại đến ở dạng không mã hoá",
        )),
        (Some(_), None) => Err(bad(
            "gói mã hoá nhưng phần mô tả đã ký không ghi người nhận",
        )),
        (Some(h), Some(inside)) => {
            if h.sender.unit != manifest.sender.unit || h.sealed_for() != *inside {
                Err(bad(
                    "tiêu đề bên ngoài không khớp với phần mô tả đã ký bên trong",
                ))
            } else {
                Ok(())
            }
        }
    }
}

fn not_ours(header: &SealHeader, opener: &Opener) -> Refusal {
    Refusal::SealedForOther(Box::new(SealedForOther {
        sender_unit: header.sender.unit.clone(),
        sender_name: header.sender.unit_name.clone(),
        recipient_unit: header.recipient.unit.clone(),
        recipient_name: header.recipient.unit_name.clone(),
        card: header.recipient.card.clone(),
        same_unit: header.recipient.unit == opener.unit,
    }))
}

fn bad(what: &str) -> Refusal {
    Refusal::BadEnvelope(what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyPair;

    fn header(card: &str) -> SealHeader {
        SealHeader {
            sender: SealParty {
                unit: "00001".into(),
                unit_name: "Phường Phúc Xá".into(),
            },
            recipient: SealRecipient {
                unit: "01".into(),
                unit_name: "Thành phố Hà Nội".into(),
                card: card.into(),
            },
        }
    }

    fn opener(kp: &KeyPair) -> Opener {
        Opener {
            unit: "01".into(),
            card: crate::keys::fingerprint(kp.public().as_bytes()),
            identity: kp.bundle_identity(),
        }
    }

    #[test]
    fn only_the_card_it_was_sealed_for_opens_it() {
        let receiver = KeyPair::generate().unwrap();
        let other = KeyPair::generate().unwrap();
        let ours = opener(&receiver);
        let plain = b"PK\x03\x04 a signed bundle".repeat(5000);
        let sealed = seal(&plain, &header(&ours.card), &receiver.bundle_recipient()).unwrap();
        assert!(is_sealed(&sealed));
        // Nothing of the plaintext shows.
        assert!(!sealed.windows(8).any(|w| w == b"a signed"));
        let (h, back) = open(&sealed, &ours).unwrap();
        assert_eq!(back, plain);
        assert_eq!(h, header(&ours.card));

        // Another installation: refused from the header, naming sender and recipient.
        let theirs = opener(&other);
        let refusal = open(&sealed, &theirs).unwrap_err();
        assert_eq!(refusal.code(), "sealed_for_other");
        let words = refusal.to_string();
        assert!(
            words.contains("Phường Phúc Xá") && words.contains(&ours.card),
            "{words}"
        );

        // A header relabelled with the other card: age itself refuses the key.
        let relabelled = seal(&plain, &header(&theirs.card), &receiver.bundle_recipient()).unwrap();
        assert_eq!(
            open(&relabelled, &theirs).unwrap_err().code(),
            "sealed_for_other"
        );
    }

    #[test]
    fn a_changed_or_cut_sealed_bundle_is_refused() {
        let receiver = KeyPair::generate().unwrap();
        let ours = opener(&receiver);
        let plain = vec![42u8; 150_000];
        let sealed = seal(&plain, &header(&ours.card), &receiver.bundle_recipient()).unwrap();
        let mut flipped = sealed.clone();
        let last = flipped.len() - 100;
        flipped[last] ^= 1;
        assert_eq!(open(&flipped, &ours).unwrap_err().code(), "bad_envelope");
        let cut = &sealed[..sealed.len() - 70_000];
        assert_eq!(open(cut, &ours).unwrap_err().code(), "bad_envelope");
        let mut long_header = MAGIC.to_vec();
        long_header.extend(std::iter::repeat_n(b' ', MAX_HEADER_BYTES + 10));
        assert_eq!(
            open(&long_header, &ours).unwrap_err().code(),
            "bad_envelope"
        );
        let mut not_nfc = MAGIC.to_vec();
        not_nfc.extend_from_slice(
            "{\"sender\":{\"unit\":\"00001\",\"unit_name\":\"Phu\u{031B}\u{0300}ng\"},\"recipient\":{\"unit\":\"01\",\"unit_name\":\"x\",\"card\":\"0000 0000 0000 0000 0000 0000\"}}\n"
                .as_bytes(),
        );
        assert_eq!(open(&not_nfc, &ours).unwrap_err().code(), "bad_envelope");
    }
}
