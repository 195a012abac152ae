//! The installation's Ed25519 key pair, made at setup, and its fingerprint.
//!
//! The fingerprint is what two officers compare by phone or on paper before the district
//! trusts a commune's bundles, so it is short and grouped: the first 96 bits of the
//! SHA-256 of the public key, as six groups of four hexadecimal digits
//! ("3F2A 91C0 …"). 96 bits is beyond any forgery by search, and six groups can be read
//! aloud in half a minute.
//!
//! The Ed25519 seed (32 bytes) is the installation's one secret: the encryption keys
//! derive from it with HKDF-SHA256, each under its own label, so one recovery code
//! ([`crate::recovery`]) brings all of them back, and the seed stays what communes were
//! enrolled by. The seed itself never sits in the database: it is kept in the key vault
//! ([`crate::vault`]).

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub struct KeyPair {
    pub signing: SigningKey,
}

impl KeyPair {
    /// A new key pair from the operating system's random source.
    pub fn generate() -> Result<KeyPair> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| Error::RandomSource {
            detail: e.to_string(),
        })?;
        Ok(KeyPair {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    pub fn from_secret(bytes: &[u8]) -> Result<KeyPair> {
        let seed: [u8; 32] = bytes.try_into().map_err(|_| Error::Corrupt {
            detail: "khóa ký có độ dài sai".into(),
        })?;
        Ok(KeyPair {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn secret_bytes(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    /// The X25519 identity that opens the bundles encrypted to this installation (its
    /// receiver card names [`KeyPair::bundle_recipient`]). A pure function of the seed.
    pub fn bundle_identity(&self) -> age::x25519::Identity {
        self.derived_identity(BUNDLE_LABEL)
    }

    /// The public half of [`KeyPair::bundle_identity`] (`age1…`).
    pub fn bundle_recipient(&self) -> age::x25519::Recipient {
        self.bundle_identity().to_public()
    }

    /// The X25519 identity that opens this installation's backups taken off the data
    /// folder (a USB stick). A pure function of the seed, so the recovery code opens them.
    pub fn backup_identity(&self) -> age::x25519::Identity {
        self.derived_identity(BACKUP_LABEL)
    }

    /// The public half of [`KeyPair::backup_identity`].
    pub fn backup_recipient(&self) -> age::x25519::Recipient {
        self.backup_identity().to_public()
    }

    /// HKDF-SHA256 of the seed under `label`, as an age X25519 identity. age builds an
    /// identity only from its text form, so the 32 bytes are written as one
    /// (`AGE-SECRET-KEY-1…`, Bech32) and read back.
    fn derived_identity(&self, label: &str) -> age::x25519::Identity {
        use bech32::ToBase32;
        use zeroize::Zeroize;
        let seed = zeroize::Zeroizing::new(self.secret_bytes());
        let mut okm = zeroize::Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<Sha256>::new(None, seed.as_slice())
            .expand(label.as_bytes(), okm.as_mut_slice())
            .expect("32 bytes is a valid HKDF-SHA256 length");
        let mut text = bech32::encode("age-secret-key-", okm.to_base32(), bech32::Variant::Bech32)
            .expect("the prefix is valid Bech32");
        text.make_ascii_uppercase();
        let identity = text
            .parse::<age::x25519::Identity>()
            .expect("an AGE-SECRET-KEY of 32 bytes always parses");
        text.zeroize();
        identity
    }
}

/// An age recipient (`age1…`) as found in a card or a manifest, checked.
pub fn parse_recipient(text: &str) -> Option<age::x25519::Recipient> {
    text.parse().ok()
}

/// The HKDF labels of the derived keys (changing one changes every key made from it).
const BUNDLE_LABEL: &str = "xungkich/age-x25519/v1";
const BACKUP_LABEL: &str = "xungkich/backup-x25519/v1";

/// "3F2A 91C0 7B4E D215 0A9C 66E1".
pub fn fingerprint(public_key: &[u8]) -> String {
    let digest = Sha256::digest(public_key);
    grouped(&hex::encode_upper(&digest[..12]))
}

/// Upper-case hexadecimal digits in groups of four, as read out over the phone.
fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fingerprint as a person types or pastes it (any case, with spaces, dashes or
/// nothing between the groups) in the form [`fingerprint`] prints; `None` when it is
/// not 24 hexadecimal digits.
pub fn normalise_fingerprint(typed: &str) -> Option<String> {
    let digits: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
        .collect();
    if digits.len() != 24 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(grouped(&digits.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, Verifier};

    #[test]
    fn the_bundle_key_is_a_fixed_function_of_the_seed() {
        use age::secrecy::ExposeSecret;
        // Pinned: a receiving unit restored from its recovery sheet must open what was
        // sealed to it before; changing the derivation would lose every such bundle.
        let kp = KeyPair::from_secret(&[7u8; 32]).unwrap();
        assert_eq!(
            kp.bundle_recipient().to_string(),
            PINNED_RECIPIENT,
            "the derivation of the bundle key changed"
        );
        let again = KeyPair::from_secret(&[7u8; 32]).unwrap();
        assert_eq!(
            kp.bundle_identity().to_string().expose_secret(),
            again.bundle_identity().to_string().expose_secret()
        );
        let other = KeyPair::from_secret(&[8u8; 32]).unwrap();
        assert_ne!(other.bundle_recipient().to_string(), PINNED_RECIPIENT);
        assert!(parse_recipient(PINNED_RECIPIENT).is_some());
        assert!(parse_recipient("age1notakey").is_none());
    }

    const PINNED_RECIPIENT: &str = "age1j6wcj3ku6ellfewn8nlzr7g5cqdyr49a0xz3x0mzzaz9e69ecaxsvrecef";

    #[test]
    fn a_fingerprint_is_read_back_however_it_was_typed() {
        let kp = KeyPair::generate().unwrap();
        let printed = fingerprint(kp.public().as_bytes());
        for typed in [
            printed.clone(),
            printed.to_lowercase(),
            printed.replace(' ', "-"),
            printed.replace(' ', ""),
        ] {
            assert_eq!(
                normalise_fingerprint(&typed).as_deref(),
                Some(printed.as_str())
            );
        }
        assert_eq!(normalise_fingerprint("3F2A 91C0"), None);
        assert_eq!(normalise_fingerprint("ZZZZ 91C0 7B4E D215 0A9C 66E1"), None);
    }

    #[test]
    fn keys_sign_and_verify() {
        let kp = KeyPair::generate().unwrap();
        let sig = kp.signing.sign(b"manifest");
        assert!(kp.public().verify(b"manifest", &sig).is_ok());
        assert!(kp.public().verify(b"manifesT", &sig).is_err());
        let again = KeyPair::from_secret(&kp.secret_bytes()).unwrap();
        assert_eq!(again.public(), kp.public());
    }

    /// The derivations are part of the file formats (a receiver card names the bundle
    /// recipient; a USB backup is encrypted to the backup one): pinned for a fixed seed.
    #[test]
    fn derived_keys_are_pinned_pure_functions_of_the_seed() {
        let kp = KeyPair::from_secret(&[7u8; 32]).unwrap();
        let bundle = kp.bundle_recipient().to_string();
        let backup = kp.backup_recipient().to_string();
        assert_eq!(bundle, PINNED_BUNDLE);
        assert_eq!(backup, PINNED_BACKUP);
        assert_ne!(bundle, backup, "each label its own key");
        let again = KeyPair::from_secret(&[7u8; 32]).unwrap();
        assert_eq!(again.bundle_recipient().to_string(), bundle);
        let other = KeyPair::from_secret(&[8u8; 32]).unwrap();
        assert_ne!(other.bundle_recipient().to_string(), bundle);
        // The identity opens what is encrypted to the recipient.
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&kp.backup_recipient() as _)).unwrap();
        let mut sealed = Vec::new();
        let mut w = encryptor.wrap_output(&mut sealed).unwrap();
        std::io::Write::write_all(&mut w, b"sao luu").unwrap();
        w.finish().unwrap();
        let decryptor = age::Decryptor::new(&sealed[..]).unwrap();
        let mut r = decryptor
            .decrypt(std::iter::once(&kp.backup_identity() as _))
            .unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut out).unwrap();
        assert_eq!(out, b"sao luu");
        assert!(age::Decryptor::new(&sealed[..])
            .unwrap()
            .decrypt(std::iter::once(&kp.bundle_identity() as _))
            .is_err());
    }

    const PINNED_BUNDLE: &str = "age1j6wcj3ku6ellfewn8nlzr7g5cqdyr49a0xz3x0mzzaz9e69ecaxsvrecef";
    const PINNED_BACKUP: &str = "age194uaeys0kntmdqv5x747zkz8uqmu2e62fgfae7js0yuc4wl0taes05ppp2";

    #[test]
    fn fingerprints_are_six_groups_of_four() {
        let f = fingerprint(&[0u8; 32]);
        assert_eq!(f.len(), 6 * 4 + 5);
        assert!(f
            .split(' ')
            .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())));
        assert_ne!(f, fingerprint(&[1u8; 32]));
    }
}
