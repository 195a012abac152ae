//! Who this installation is: a commune, or the unit that receives the communes' bundles
//! (a district under the 2008–2025 units, a province under the 2025 units). Set once, at
//! first run, together with the key pair.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::keys::{self, KeyPair};
use crate::units::{self, Level, UnitSet};
use crate::Store;

/// What an installation is for. The receiving unit was a district when the program was
/// designed and is a province under the 2025 units; its wire name, in bundles, in the
/// database and on the command line (`--role district`), stays `"district"` so that
/// every file and script made so far keeps working. Inside the program it is the
/// receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Role {
    #[serde(rename = "commune")]
    Commune,
    #[serde(rename = "district")]
    Receiver,
}

impl Role {
    /// The wire name (see [`Role`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Commune => "commune",
            Role::Receiver => "district",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "commune" | "xa" => Some(Role::Commune),
            "district" | "receiver" => Some(Role::Receiver),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Installation {
    pub installation_id: String,
    pub role: Role,
    pub unit_set: UnitSet,
    pub unit_code: String,
    pub unit_name: String,
    pub created_at: String,
    #[serde(with = "hex_bytes")]
    pub public_key: Vec<u8>,
    pub fingerprint: String,
}

mod hex_bytes {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }
}

impl Store {
    /// Sets the installation up: its role, its unit (checked against the official list
    /// and the role's level) and a new key pair. Refused if already set up.
    pub fn init(&mut self, role: Role, unit_set: UnitSet, unit_code: &str) -> Result<Installation> {
        if let Some(existing) = self.installation_opt()? {
            return Err(Error::already_initialised(&existing));
        }
        let unit = units::get(self.conn(), unit_set, unit_code)?;
        let expected = match role {
            Role::Commune => Level::Commune,
            Role::Receiver => unit_set.receiving_level(),
        };
        if unit.level != expected {
            return Err(Error::WrongUnitLevel {
                code: unit.code.clone(),
                actual: unit.level.label().to_string(),
                expected: expected.label().to_string(),
            });
        }
        let keys = KeyPair::generate()?;
        let id = uuid::Uuid::now_v7().hyphenated().to_string();
        let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // The seed goes to the vault, flushed, before the database names the installation;
        // the database keeps only the public key (its signing_key column stays empty).
        self.vault().store(&keys.secret_bytes())?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO installation (singleton, installation_id, role, unit_set, unit_code,
                                           unit_name, created_at, signing_key, public_key)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    role.as_str(),
                    unit_set.as_str(),
                    unit.code,
                    unit.name,
                    created_at,
                    Vec::<u8>::new(),
                    keys.public().to_bytes().to_vec(),
                ],
            )?;
            Ok(())
        })?;
        self.installation()
    }

    /// The installation, or [`Error::NotInitialised`].
    pub fn installation(&self) -> Result<Installation> {
        self.installation_opt()?.ok_or(Error::NotInitialised)
    }

    pub fn installation_opt(&self) -> Result<Option<Installation>> {
        let row = self
            .conn()
            .query_row(
                "SELECT installation_id, role, unit_set, unit_code, unit_name, created_at, public_key
                 FROM installation WHERE singleton = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Vec<u8>>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((installation_id, role, set, unit_code, unit_name, created_at, public_key)) = row
        else {
            return Ok(None);
        };
        let corrupt = |what: &str| Error::Corrupt {
            detail: format!("thông tin cài đặt hỏng: {what}"),
        };
        Ok(Some(Installation {
            installation_id,
            role: Role::parse(&role).ok_or_else(|| corrupt("vai trò"))?,
            unit_set: UnitSet::parse(&set).ok_or_else(|| corrupt("bộ danh mục"))?,
            unit_code,
            unit_name,
            created_at,
            fingerprint: keys::fingerprint(&public_key),
            public_key,
        }))
    }

    /// The installation's keys (for bundles, receipts and encrypted backups), from the
    /// key vault; [`Error::KeysMissing`] when this computer does not have them (a new
    /// laptop, another Windows account) or has another installation's.
    pub fn signing_key(&self) -> Result<KeyPair> {
        let installation = self.installation()?;
        let seed = self.vault().load()?.ok_or_else(|| Error::KeysMissing {
            reason: "chưa có tệp khóa của đơn vị trong thư mục dữ liệu".into(),
        })?;
        let keys = KeyPair::from_secret(seed.as_slice())?;
        if keys.public().as_bytes()[..] != installation.public_key[..] {
            return Err(Error::KeysMissing {
                reason:
                    "tệp khóa trong thư mục dữ liệu là của một đơn vị hoặc một lần cài đặt khác"
                        .into(),
            });
        }
        Ok(keys)
    }

    /// Whether this computer has the installation's keys (see [`Store::signing_key`]).
    pub fn has_keys(&self) -> Result<bool> {
        match self.signing_key() {
            Ok(_) => Ok(true),
            Err(Error::KeysMissing { .. } | Error::KeyVault { .. } | Error::NotInitialised) => {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// The recovery code of this installation, for its recovery sheet
    /// ([`crate::recovery`]): made from the seed each time, never stored.
    pub fn recovery_code(&self) -> Result<zeroize::Zeroizing<String>> {
        Ok(crate::recovery::format(&self.signing_key()?.secret_bytes()))
    }

    /// Puts the installation's keys back into the vault from its recovery code (a new
    /// laptop, a Windows account changed, a key file lost), after checking the code is
    /// this installation's. Refused untouched when it is not.
    pub fn restore_keys(&self, code: &str) -> Result<Installation> {
        let installation = self.installation()?;
        let seed = crate::recovery::parse(code)?;
        let keys = KeyPair::from_secret(seed.as_slice())?;
        if keys.public().as_bytes()[..] != installation.public_key[..] {
            return Err(Error::WrongRecoveryCode {
                reason: format!(
                    "đây không phải mã của {} ({}) trong tệp dữ liệu này (mã xác nhận {})",
                    installation.unit_name, installation.unit_code, installation.fingerprint
                ),
            });
        }
        self.vault().store(&seed)?;
        Ok(installation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commune_is_set_up_once_with_a_key() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(matches!(s.installation(), Err(Error::NotInitialised)));
        let inst = s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        assert_eq!(inst.unit_name, "Phường Phúc Xá");
        assert_eq!(inst.public_key.len(), 32);
        assert_eq!(
            s.signing_key().unwrap().public().to_bytes().to_vec(),
            inst.public_key
        );
        assert!(matches!(
            s.init(Role::Commune, UnitSet::Y2008, "00004"),
            Err(Error::AlreadyInitialised { .. })
        ));
    }

    #[test]
    fn keys_live_in_the_vault_and_come_back_from_the_recovery_code() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("xã.db");
        let mut s = Store::open(&db).unwrap();
        assert!(!s.has_keys().unwrap());
        let inst = s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let keys = s.signing_key().unwrap();
        let blank: Vec<u8> = s
            .conn()
            .query_row("SELECT signing_key FROM installation", [], |r| r.get(0))
            .unwrap();
        assert!(blank.is_empty(), "no key in the database");
        let code = s.recovery_code().unwrap();
        // The laptop changed: the data folder came without its key file.
        std::fs::remove_file(s.vault().path().unwrap()).unwrap();
        assert!(!s.has_keys().unwrap());
        assert_eq!(s.signing_key().err().unwrap().code(), "keys_missing");
        // Another installation's code is refused, and nothing is written.
        let other = crate::recovery::format(&[3u8; 32]);
        assert_eq!(
            s.restore_keys(&other).unwrap_err().code(),
            "wrong_recovery_code"
        );
        assert!(!s.vault().path().unwrap().exists());
        assert_eq!(
            s.restore_keys("0000").unwrap_err().code(),
            "recovery_code_mistyped"
        );
        assert_eq!(
            s.restore_keys(&code.to_lowercase()).unwrap().fingerprint,
            inst.fingerprint
        );
        assert_eq!(s.signing_key().unwrap().secret_bytes(), keys.secret_bytes());
        // A key file of another installation does not sign for this one.
        s.vault().store(&[3u8; 32]).unwrap();
        assert_eq!(s.signing_key().err().unwrap().code(), "keys_missing");
    }

    #[test]
    fn the_unit_must_exist_and_fit_the_role() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(matches!(
            s.init(Role::Commune, UnitSet::Y2008, "99999"),
            Err(Error::UnknownUnit { .. })
        ));
        assert!(matches!(
            s.init(Role::Commune, UnitSet::Y2008, "001"),
            Err(Error::WrongUnitLevel { .. })
        ));
        // The receiving unit is a district in the old set, a province in the new one.
        assert!(matches!(
            s.init(Role::Receiver, UnitSet::Y2025, "00004"),
            Err(Error::WrongUnitLevel { .. })
        ));
        assert!(
            s.installation_opt().unwrap().is_none(),
            "nothing written on refusal"
        );
        s.init(Role::Receiver, UnitSet::Y2025, "01").unwrap();
    }
}
