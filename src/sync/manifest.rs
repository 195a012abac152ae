//! The manifest: what a bundle holds, who sent it, and the hash of every other entry.
//! Its bytes are what the sender signs (`manifest.sig`), so nothing else in the bundle
//! is read before the signature over it has been checked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The value of `format` in every manifest.
pub const FORMAT: &str = "xungkich-bundle";
/// The manifest layout this program writes and reads. A later program that changes the
/// layout incompatibly raises it; one that only adds keys does not.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// Id of the installation that wrote the bundle.
    pub installation: String,
    /// Its unit code and name, and the unit set the code belongs to.
    pub unit: String,
    pub unit_name: String,
    pub unit_set: String,
    /// `commune` or `district` (the receiving unit).
    pub role: String,
    /// Ed25519 public key, 64 hexadecimal digits.
    pub public_key: String,
    /// The sender's own age recipient (`age1…`), so the receiving unit can seal what it
    /// sends back; absent in bundles of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<String>,
}

impl Sender {
    /// This installation as the sender of its bundles.
    pub fn of(inst: &crate::installation::Installation, keys: &crate::keys::KeyPair) -> Sender {
        Sender {
            installation: inst.installation_id.clone(),
            unit: inst.unit_code.clone(),
            unit_name: inst.unit_name.clone(),
            unit_set: inst.unit_set.as_str().into(),
            role: inst.role.as_str().into(),
            public_key: hex::encode(&inst.public_key),
            encryption_key: Some(keys.bundle_recipient().to_string()),
        }
    }
}

/// For whom a sealed bundle was sealed: the signed copy of its clear header's recipient
/// (see [`super::sealed`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedFor {
    pub unit: String,
    /// The recipient card's fingerprint.
    pub card: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryInfo {
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The sender's database schema version (a newer one may carry unknown kinds).
    pub schema_version: i64,
    pub app_version: String,
    pub sender: Sender,
    /// `full` (every record the sender's unit owns) or `incremental`.
    pub scope: String,
    /// The sender's change counter range covered: `from_seq..=to_seq`.
    pub from_seq: i64,
    pub to_seq: i64,
    /// Time of the newest change included (UTC, RFC 3339), not the time of writing, so
    /// the same content always gives the same bytes.
    pub as_of: Option<String>,
    /// Whether sensitive personal fields (ethnicity, religion, party membership) are in.
    pub sensitive_included: bool,
    /// Records per kind.
    pub counts: BTreeMap<String, u64>,
    /// Every other entry of the ZIP, by name.
    pub entries: BTreeMap<String, EntryInfo>,
    /// The one commune a receiving unit's bundle is for (it holds only records about
    /// that commune's teams); absent in a commune's bundle. A commune refuses a bundle
    /// addressed to another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Present exactly when the bundle travels sealed (encrypted with age).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_for: Option<SealedFor>,
    /// A receiving unit's recovery bundle: the id of the commune's new installation it
    /// rebuilds, which alone accepts the commune's own records from it (see
    /// `sync::recovery`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovers: Option<String>,
}

impl Manifest {
    /// The signed bytes: compact JSON, keys in the order of the structs above and maps
    /// sorted, then a newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).expect("a manifest always serialises");
        bytes.push(b'\n');
        bytes
    }

    pub fn is_full(&self) -> bool {
        self.scope == "full"
    }
}
