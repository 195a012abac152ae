//! What leaves with a bundle, for the law's sake (Law 91/2025/QH15): whom it is sealed
//! to (the receiving unit's card in use, or a commune's own key), and which personal
//! data it holds, as the export summary tells the clerk.

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::sealed::{SealHeader, SealParty, SealRecipient};
use super::WireRecord;
use crate::error::Result;
use crate::kinds;
use crate::Store;

/// For whom a bundle was sealed, as the summary shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SealedTo {
    pub unit_code: String,
    pub unit_name: String,
    /// The card's fingerprint (a commune's bundle) or the commune's installation
    /// fingerprint (the receiving unit's bundle back).
    pub fingerprint: String,
}

/// One kind of personal data a bundle holds: the kind and its fields, by their labels.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PersonalData {
    pub kind: String,
    pub records: u64,
    pub fields: Vec<String>,
}

/// A bundle's seal: its clear header and the key it is encrypted to.
pub(super) struct Seal {
    pub(super) header: SealHeader,
    pub(super) recipient: age::x25519::Recipient,
    /// The installation it is sealed to.
    pub(super) installation: String,
}

impl Store {
    /// Where a commune's bundle is sealed to: the key its newest enrolled installation
    /// sent in its manifests, with that installation's fingerprint.
    pub(super) fn commune_seal(&self, commune: &str) -> Result<Option<Seal>> {
        let inst = self.installation()?;
        let row: Option<(String, String, String, String)> = self
            .conn()
            .query_row(
                "SELECT unit_name, fingerprint, encryption_key, installation_id FROM senders
                 WHERE unit_code = ?1 AND role = 'commune' AND revoked_at IS NULL
                   AND encryption_key IS NOT NULL
                 ORDER BY enrolled_at DESC, rowid DESC LIMIT 1",
                [commune],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(row.and_then(|(unit_name, fingerprint, key, installation)| {
            let recipient = crate::keys::parse_recipient(&key)?;
            Some(Seal {
                header: SealHeader {
                    sender: SealParty {
                        unit: inst.unit_code.clone(),
                        unit_name: inst.unit_name.clone(),
                    },
                    recipient: SealRecipient {
                        unit: commune.to_string(),
                        unit_name,
                        card: fingerprint,
                    },
                },
                recipient,
                installation,
            })
        }))
    }

    /// Where this commune's bundle is sealed to: the receiving unit's card in use.
    pub(super) fn card_seal(&self) -> Result<Option<Seal>> {
        let inst = self.installation()?;
        Ok(self.trusted_card()?.map(|card| Seal {
            header: SealHeader {
                sender: SealParty {
                    unit: inst.unit_code.clone(),
                    unit_name: inst.unit_name.clone(),
                },
                recipient: SealRecipient {
                    unit: card.info.unit_code.clone(),
                    unit_name: card.info.unit_name.clone(),
                    card: card.info.fingerprint.clone(),
                },
            },
            recipient: card.recipient,
            installation: card.info.installation_id,
        }))
    }
}

/// The personal data of one kind the bundle holds: the fields about a person that some
/// record carries a value for ([`kinds::Kind::is_personal`]).
pub(super) fn personal_data_in(kind: &kinds::Kind, wires: &[WireRecord]) -> Option<PersonalData> {
    let mut records = 0u64;
    let mut present = vec![false; kind.fields.len()];
    for wire in wires {
        let mut any = false;
        for (i, field) in kind.fields.iter().enumerate() {
            if kind.is_personal(field) && wire.fields.get(field.name).is_some_and(|v| !v.is_null())
            {
                present[i] = true;
                any = true;
            }
        }
        records += u64::from(any);
    }
    (records > 0).then(|| PersonalData {
        kind: kind.label.to_string(),
        records,
        fields: kind
            .fields
            .iter()
            .zip(present)
            .filter(|(_, p)| *p)
            .map(|(f, _)| f.label.to_string())
            .collect(),
    })
}
