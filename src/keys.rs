//! The installation's Ed25519 key pair, made at setup, and its fingerprint.
//!
//! The fingerprint is what two officers compare by phone or on paper before the district
//! trusts a commune's bundles, so it is short and grouped: the first 96 bits of the
//! SHA-256 of the public key, as six groups of four hexadecimal digits
//! ("3F2A 91C0 …"). 96 bits is beyond any forgery by search, and six groups can be read
//! aloud in half a minute.

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

    /// The age identity that opens bundles sealed to this installation (a receiving
    /// unit's card names its recipient; a commune's manifests carry theirs, so the
    /// receiving unit can seal back). Derived from the seed, not stored: whoever can
    /// restore the seed (the recovery sheet) can open what was sealed to it.
    pub fn bundle_identity(&self) -> age::x25519::Identity {
        self.derived_identity(b"xungkich/age-x25519/v1")
    }

    pub fn bundle_recipient(&self) -> age::x25519::Recipient {
        self.bundle_identity().to_public()
    }

    /// An X25519 identity of its own for each use, HKDF-SHA256 from the seed with the
    /// use's label, written in age's notation and read back by age itself (age has no
    /// constructor from bytes; its string form is its stable interface).
    fn derived_identity(&self, label: &[u8]) -> age::x25519::Identity {
        use bech32::ToBase32;
        let mut secret = [0u8; 32];
        hkdf::Hkdf::<Sha256>::new(None, &self.signing.to_bytes())
            .expand(label, &mut secret)
            .expect("32 bytes is a valid HKDF-SHA256 length");
        let text = bech32::encode(
            "age-secret-key-",
            secret.to_base32(),
            bech32::Variant::Bech32,
        )
        .expect("a fixed, valid prefix");
        text.to_uppercase()
            .parse()
            .expect("age reads what bech32 wrote for it")
    }
}

/// An age recipient (`age1…`) as found in a card or a manifest, checked.
pub fn parse_recipient(text: &str) -> Option<age::x25519::Recipient> {
    text.parse().ok()
}

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
