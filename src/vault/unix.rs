//! The key file on Unix: created 0600, and refused when others may read it.

use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::error::{Error, Result};

/// New files from `options` are readable and writable by their owner only.
pub(super) fn owner_only(options: &mut std::fs::OpenOptions) {
    options.mode(0o600);
}

/// Refuses a key file that the group or others may read or write: its key may have been
/// read already, and a key file of others' making is not ours to use.
pub(super) fn check_owner_only(path: &Path, file: &std::fs::File) -> Result<()> {
    let mode = file
        .metadata()
        .map_err(|e| Error::io(path, e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::KeyVault {
            path: path.to_path_buf(),
            reason: format!(
                "tệp khóa đang để người khác trên máy đọc hoặc sửa được (quyền {:o}). Hãy chạy \"chmod 600\" cho tệp này rồi thử lại; nếu nghi khóa đã lộ, báo cán bộ kỹ thuật",
                mode & 0o777
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Vault;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_key_file_is_the_owners_only_and_a_readable_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::beside(&dir.path().join("x.db"));
        vault.store(&[5u8; 32]).unwrap();
        let path = vault.path().unwrap();
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = vault.load().unwrap_err();
        assert_eq!(err.code(), "key_vault");
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(*vault.load().unwrap().unwrap(), [5u8; 32]);
    }
}
