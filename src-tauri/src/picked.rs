//! Files the user picked in the shell's own dialogs, known to the page only by opaque
//! tokens (issue 11): every boundary is hostile until checked, the page included, so a
//! command that reads files takes tokens, and a token names only a file a dialog gave.
//! The page can never make the shell read a path of its choosing.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use crate::error::CommandError;

/// What the page learns of a picked file: a token to name it by, and its path and name
/// to show.
#[derive(Debug, Clone, Serialize)]
pub struct PickedFile {
    pub token: String,
    pub path: PathBuf,
    pub name: String,
}

#[derive(Default)]
pub struct PickedFiles {
    next: AtomicU64,
    files: Mutex<HashMap<String, PathBuf>>,
}

impl PickedFiles {
    /// Gives each path a token; a new pick forgets the previous one's tokens.
    pub fn remember(&self, paths: Vec<PathBuf>) -> Vec<PickedFile> {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.clear();
        paths
            .into_iter()
            .map(|path| {
                let token = format!("tep-{}", self.next.fetch_add(1, Ordering::Relaxed) + 1);
                files.insert(token.clone(), path.clone());
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                PickedFile { token, path, name }
            })
            .collect()
    }

    /// The paths of these tokens; a token no dialog gave is refused.
    pub fn resolve(&self, tokens: &[String]) -> Result<Vec<PathBuf>, CommandError> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        tokens
            .iter()
            .map(|t| {
                files.get(t).cloned().ok_or_else(|| {
                    xungkich::Error::invalid(
                        "files",
                        "Tệp",
                        "tệp này chưa được chọn trong hộp thoại của chương trình; hãy chọn lại",
                    )
                    .into()
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tokens_of_the_last_pick_resolve() {
        let picked = PickedFiles::default();
        let first = picked.remember(vec![PathBuf::from("/usb/a.zip")]);
        assert_eq!(first[0].name, "a.zip");
        assert_eq!(
            picked.resolve(&[first[0].token.clone()]).unwrap(),
            [PathBuf::from("/usb/a.zip")]
        );
        assert!(picked.resolve(&["/etc/passwd".into()]).is_err());
        let second = picked.remember(vec![PathBuf::from("/usb/b.zip")]);
        assert!(picked.resolve(&[first[0].token.clone()]).is_err());
        assert!(picked.resolve(&[second[0].token.clone()]).is_ok());
    }
}
