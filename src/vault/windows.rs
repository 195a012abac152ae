//! The key file on Windows: its content sealed with the user's DPAPI
//! (`CryptProtectData`, user scope, through the `windows-dpapi` crate: our crates
//! forbid unsafe code). Only the same Windows account on the same computer unseals it.

use std::path::Path;

use windows_dpapi::{decrypt_data, encrypt_data, Scope};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Ties the sealed bytes to this use: another program's DPAPI blob of the same user does
/// not unseal as our key file, nor ours as theirs.
const ENTROPY: &[u8] = b"xungkich key vault v1";

pub(super) fn seal(path: &Path, seed: &[u8; 32]) -> Result<Zeroizing<Vec<u8>>> {
    encrypt_data(seed, Scope::User, Some(ENTROPY))
        .map(Zeroizing::new)
        .map_err(|e| Error::KeyVault {
            path: path.to_path_buf(),
            reason: format!(
                "Windows không niêm phong được khóa ({e}). Hãy thử lại; nếu vẫn lỗi, báo cán bộ kỹ thuật"
            ),
        })
}

pub(super) fn unseal(_path: &Path, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    decrypt_data(sealed, Scope::User, Some(ENTROPY))
        .map(Zeroizing::new)
        .map_err(|_| Error::KeysMissing {
            reason: "tệp khóa được niêm phong cho một tài khoản Windows hoặc một máy khác".into(),
        })
}
