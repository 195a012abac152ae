//! The receiving unit's card: its unit, its signing key and its encryption key, signed by
//! that signing key. The officer hands it to each commune (on the USB stick, with the
//! printed enrolment sheet); the commune trusts it after comparing the fingerprint read
//! out over the phone, and from then on seals its bundles to the card's encryption key
//! and accepts the receiving unit's bundles signed by the card's signing key.
//!
//! A card is a small JSON file, `{"card": {…}, "signature": "<hex>"}`; the signature is
//! Ed25519 over `"xungkich receiver card\n"` followed by the card object as compact JSON
//! in the field order below. Its fingerprint is the installation fingerprint of the
//! signing key ([`crate::keys::fingerprint`]): the same six groups of four the
//! receiving unit's screen shows. A card is a pure function of the installation (its
//! date is the installation's), so printing it twice gives the same file; a new card
//! means new keys, that is a new installation.

use ed25519_dalek::{Signature, Signer, VerifyingKey};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::installation::Role;
use crate::keys;
use crate::units;
use crate::Store;

pub const CARD_FORMAT: &str = "xungkich-receiver-card";
pub const CARD_FORMAT_VERSION: u32 = 1;
/// A card is a few hundred bytes; nothing bigger is read.
pub const MAX_CARD_BYTES: u64 = 16 * 1024;
const SIGNED_PREFIX: &[u8] = b"xungkich receiver card\n";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub format: String,
    pub format_version: u32,
    pub installation: String,
    pub unit: String,
    pub unit_name: String,
    pub unit_set: String,
    /// Ed25519 public key, 64 hexadecimal digits.
    pub signing_key: String,
    /// age X25519 recipient, `age1…`.
    pub encryption_key: String,
    pub issued_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardFile {
    card: Card,
    signature: String,
}

impl Card {
    fn signed_bytes(&self) -> Vec<u8> {
        let mut bytes = SIGNED_PREFIX.to_vec();
        serde_json::to_writer(&mut bytes, self).expect("a card always serialises");
        bytes
    }

    pub fn fingerprint(&self) -> String {
        hex::decode(&self.signing_key)
            .map(|k| keys::fingerprint(&k))
            .unwrap_or_default()
    }
}

/// A card as the window and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardInfo {
    pub unit_code: String,
    pub unit_name: String,
    pub fingerprint: String,
    pub installation_id: String,
    pub issued_at: String,
    pub trusted_at: Option<String>,
    pub trusted_by: Option<String>,
    pub revoked_at: Option<String>,
}

impl CardInfo {
    pub fn of(card: &Card) -> CardInfo {
        CardInfo {
            unit_code: card.unit.clone(),
            unit_name: card.unit_name.clone(),
            fingerprint: card.fingerprint(),
            installation_id: card.installation.clone(),
            issued_at: card.issued_at.clone(),
            trusted_at: None,
            trusted_by: None,
            revoked_at: None,
        }
    }
}

/// What trusting a card did.
#[derive(Debug, Clone, Serialize)]
pub struct TrustOutcome {
    pub card: CardInfo,
    /// The card in use before, now revoked (the receiving unit's laptop changed).
    pub replaced: Option<CardInfo>,
    /// Trusting a card already in use changes nothing.
    pub already_trusted: bool,
}

/// The card in use: where a commune's bundles are sealed to.
#[derive(Debug, Clone)]
pub struct TrustedCard {
    pub info: CardInfo,
    pub recipient: age::x25519::Recipient,
}

/// Reads and checks a card file's bytes: its size, its form, its keys and its
/// signature. Nothing is trusted yet: that takes the fingerprint (see
/// [`Store::trust_card`]).
pub fn read_card(bytes: &[u8]) -> Result<Card> {
    let bad = |what: &str| Error::BadCard {
        detail: what.to_string(),
    };
    if bytes.len() as u64 > MAX_CARD_BYTES {
        return Err(bad("tệp quá lớn để là thẻ đơn vị tiếp nhận"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| bad("tệp không phải văn bản UTF-8"))?;
    let file: CardFile =
        serde_json::from_str(text).map_err(|e| bad(&format!("không đúng cấu trúc thẻ ({e})")))?;
    let card = file.card;
    if card.format != CARD_FORMAT {
        return Err(bad("không phải thẻ đơn vị tiếp nhận"));
    }
    if card.format_version != CARD_FORMAT_VERSION {
        return Err(bad(&format!(
            "thẻ phiên bản {} — hãy cài phiên bản mới nhất của chương trình",
            card.format_version
        )));
    }
    if card.unit_name.nfc().collect::<String>() != card.unit_name {
        return Err(bad("tên đơn vị chưa chuẩn hoá NFC"));
    }
    let key: [u8; 32] = hex::decode(&card.signing_key)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| bad("khoá ký không hợp lệ"))?;
    let verifying = VerifyingKey::from_bytes(&key).map_err(|_| bad("khoá ký không hợp lệ"))?;
    let signature: [u8; 64] = hex::decode(&file.signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| bad("chữ ký không hợp lệ"))?;
    verifying
        .verify_strict(&card.signed_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| bad("chữ ký của thẻ không đúng: thẻ đã bị sửa"))?;
    if keys::parse_recipient(&card.encryption_key).is_none() {
        return Err(bad("khoá mã hoá không hợp lệ"));
    }
    Ok(card)
}

impl Store {
    /// A receiving unit's own card, as the file to hand out, with what it shows.
    pub fn receiver_card(&self) -> Result<(Vec<u8>, CardInfo)> {
        let inst = self.installation()?;
        if inst.role != Role::Receiver {
            return Err(Error::invalid(
                "card",
                "Thẻ đơn vị tiếp nhận",
                "chỉ đơn vị tiếp nhận mới có thẻ; xã nhận thẻ của đơn vị tiếp nhận và tin cậy nó",
            ));
        }
        let keys = self.signing_key()?;
        let card = Card {
            format: CARD_FORMAT.into(),
            format_version: CARD_FORMAT_VERSION,
            installation: inst.installation_id.clone(),
            unit: inst.unit_code.clone(),
            unit_name: inst.unit_name.clone(),
            unit_set: inst.unit_set.as_str().into(),
            signing_key: hex::encode(&inst.public_key),
            encryption_key: keys.bundle_recipient().to_string(),
            issued_at: inst.created_at.clone(),
        };
        let signature = keys.signing.sign(&card.signed_bytes());
        let file = CardFile {
            card: card.clone(),
            signature: hex::encode(signature.to_bytes()),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).map_err(Error::internal)?;
        bytes.push(b'\n');
        Ok((bytes, CardInfo::of(&card)))
    }

    /// Trusts a receiving unit's card, after the clerk compared its fingerprint with the
    /// one the officer read out (`confirmed`, as typed). The card must be of the unit
    /// this commune sends to. A different card of the same unit in use before is
    /// revoked (its laptop changed), and the card's installation is enrolled as the
    /// sender of the receiving unit's bundles in place of the old one.
    pub fn trust_card(&mut self, bytes: &[u8], confirmed: &str) -> Result<TrustOutcome> {
        let inst = self.installation()?;
        if inst.role != Role::Commune {
            return Err(Error::invalid(
                "card",
                "Thẻ đơn vị tiếp nhận",
                "chỉ xã mới tin cậy thẻ của đơn vị tiếp nhận",
            ));
        }
        let card = read_card(bytes)?;
        let fingerprint = card.fingerprint();
        if keys::normalise_fingerprint(confirmed).as_deref() != Some(fingerprint.as_str()) {
            return Err(Error::FingerprintMismatch {
                expected: confirmed.trim().to_string(),
                actual: fingerprint,
            });
        }
        if card.unit_set != inst.unit_set.as_str() {
            return Err(Error::BadCard {
                detail: format!(
                    "thẻ dùng danh mục đơn vị {}, máy này dùng {}",
                    card.unit_set,
                    inst.unit_set.as_str()
                ),
            });
        }
        let above: Vec<String> = units::path(self.conn(), inst.unit_set, &inst.unit_code)?
            .into_iter()
            .skip(1)
            .map(|u| u.code)
            .collect();
        if !above.contains(&card.unit) {
            return Err(Error::BadCard {
                detail: format!(
                    "thẻ của {} ({}), không phải đơn vị tiếp nhận của {}",
                    card.unit_name, card.unit, inst.unit_name
                ),
            });
        }
        let in_use = self.trusted_card()?;
        if let Some(current) = &in_use {
            if current.info.fingerprint == fingerprint {
                return Ok(TrustOutcome {
                    card: current.info.clone(),
                    replaced: None,
                    already_trusted: true,
                });
            }
        }
        let actor = self.actor().to_string();
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let text = String::from_utf8(bytes.to_vec()).map_err(Error::internal)?;
        let signing_key = hex::decode(&card.signing_key).map_err(Error::internal)?;
        self.write(|tx| {
            // The old card and the installation it enrolled stop being trusted.
            // Every other installation of the receiving unit too (one enrolled by
            // fingerprint before cards existed, or a laptop it has since replaced).
            tx.execute(
                "UPDATE senders SET revoked_at = ?1, revoked_by = ?2
                 WHERE revoked_at IS NULL AND installation_id != ?3
                   AND (role = 'district' AND unit_code = ?4
                        OR installation_id IN (SELECT installation_id FROM receiver_cards
                                               WHERE revoked_at IS NULL))",
                params![now, actor, card.installation, card.unit],
            )?;
            tx.execute(
                "UPDATE receiver_cards SET revoked_at = ?1, revoked_by = ?2 WHERE revoked_at IS NULL",
                params![now, actor],
            )?;
            tx.execute(
                "INSERT INTO receiver_cards (fingerprint, installation_id, unit_code, unit_name,
                     signing_key, encryption_key, issued_at, card, trusted_at, trusted_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (fingerprint) DO UPDATE SET trusted_at = ?9, trusted_by = ?10,
                     revoked_at = NULL, revoked_by = NULL",
                params![
                    fingerprint,
                    card.installation,
                    card.unit,
                    card.unit_name,
                    signing_key,
                    card.encryption_key,
                    card.issued_at,
                    text,
                    now,
                    actor
                ],
            )?;
            crate::audit::append(
                tx,
                &crate::audit::Entry {
                    at: &crate::audit::now(),
                    actor: &actor,
                    action: crate::audit::Action::Trust,
                    kind: "receiver_card",
                    record_id: &fingerprint,
                    changes: &serde_json::json!({
                        "unit": card.unit, "unit_name": card.unit_name,
                        "installation": card.installation,
                        "replaces": in_use.as_ref().map(|c| &c.info.fingerprint),
                    }),
                },
            )?;
            // Its bundles are accepted from now on: the card is the enrolment.
            tx.execute(
                "INSERT INTO senders (installation_id, unit_code, unit_name, role, public_key,
                     fingerprint, enrolled_at, enrolled_by, encryption_key)
                 VALUES (?1, ?2, ?3, 'district', ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (installation_id) DO UPDATE SET public_key = ?4, fingerprint = ?5,
                     enrolled_at = ?6, enrolled_by = ?7, encryption_key = ?8,
                     revoked_at = NULL, revoked_by = NULL",
                params![
                    card.installation,
                    card.unit,
                    card.unit_name,
                    signing_key,
                    fingerprint,
                    now,
                    actor,
                    card.encryption_key
                ],
            )?;
            Ok(())
        })?;
        let trusted = self
            .trusted_card()?
            .ok_or_else(|| Error::internal("card just trusted"))?;
        Ok(TrustOutcome {
            card: trusted.info,
            replaced: in_use.map(|c| CardInfo {
                revoked_at: Some(now.clone()),
                ..c.info
            }),
            already_trusted: false,
        })
    }

    /// The card in use, if the commune trusts one.
    pub fn trusted_card(&self) -> Result<Option<TrustedCard>> {
        let row = self
            .conn()
            .query_row(
                &format!("{CARD_COLUMNS} WHERE revoked_at IS NULL"),
                [],
                card_row,
            )
            .optional()?;
        row.map(|(info, key)| {
            let recipient = keys::parse_recipient(&key).ok_or_else(|| Error::Corrupt {
                detail: "khoá mã hoá của thẻ đã tin cậy hỏng".into(),
            })?;
            Ok(TrustedCard { info, recipient })
        })
        .transpose()
    }

    /// Every card this commune has trusted, the one in use first.
    pub fn receiver_cards(&self) -> Result<Vec<CardInfo>> {
        let mut stmt = self.conn().prepare(&format!(
            "{CARD_COLUMNS} ORDER BY revoked_at IS NOT NULL, trusted_at DESC"
        ))?;
        let cards = stmt
            .query_map([], card_row)?
            .map(|r| r.map(|(info, _)| info))
            .collect::<rusqlite::Result<_>>()?;
        Ok(cards)
    }
}

const CARD_COLUMNS: &str = "SELECT unit_code, unit_name, fingerprint, installation_id, issued_at,
        trusted_at, trusted_by, revoked_at, encryption_key FROM receiver_cards";

fn card_row(r: &rusqlite::Row) -> rusqlite::Result<(CardInfo, String)> {
    Ok((
        CardInfo {
            unit_code: r.get(0)?,
            unit_name: r.get(1)?,
            fingerprint: r.get(2)?,
            installation_id: r.get(3)?,
            issued_at: r.get(4)?,
            trusted_at: r.get(5)?,
            trusted_by: r.get(6)?,
            revoked_at: r.get(7)?,
        },
        r.get(8)?,
    ))
}
