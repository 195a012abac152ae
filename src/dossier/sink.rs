//! Where the dossier's files are written: a ZIP (deflated, each file streamed in as it
//! is made) or a folder made under a temporary name beside its target and renamed
//! when complete, so a dossier is never found half-written.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;

use super::Sink;
use crate::error::{Error, Result};

pub(super) struct ZipSink {
    zip: zip::ZipWriter<BufWriter<File>>,
    path: PathBuf,
}

impl ZipSink {
    pub(super) fn create(path: &Path) -> Result<ZipSink> {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        Ok(ZipSink {
            zip: zip::ZipWriter::new(BufWriter::new(file)),
            path: path.to_path_buf(),
        })
    }

    pub(super) fn finish(self) -> Result<()> {
        let path = self.path;
        let mut out = self.zip.finish().map_err(|e| zip_error(&path, e))?;
        out.flush().map_err(|e| Error::io(&path, e))
    }
}

fn zip_error(path: &Path, e: zip::result::ZipError) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}

impl Sink for ZipSink {
    fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        // Scans are compressed already; deflating them again costs time for nothing.
        let stored = name.ends_with(".pdf") || name.ends_with(".jpg") || name.ends_with(".png");
        let method = if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .unix_permissions(0o644);
        self.zip
            .start_file(name, options)
            .map_err(|e| zip_error(&self.path, e))?;
        self.zip
            .write_all(bytes)
            .map_err(|e| Error::io(&self.path, e))
    }
}

pub(super) struct FolderSink {
    temp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl FolderSink {
    pub(super) fn create(target: &Path) -> Result<FolderSink> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "ho-so".into());
        let temp = target.with_file_name(format!(".{name}.dang-ghi-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&temp);
        std::fs::create_dir_all(&temp).map_err(|e| Error::io(&temp, e))?;
        Ok(FolderSink {
            temp,
            target: target.to_path_buf(),
            done: false,
        })
    }

    pub(super) fn finish(mut self) -> Result<()> {
        std::fs::rename(&self.temp, &self.target).map_err(|e| Error::io(&self.target, e))?;
        self.done = true;
        Ok(())
    }
}

impl Sink for FolderSink {
    fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = name
            .split('/')
            .fold(self.temp.clone(), |p, part| p.join(part));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        file.write_all(bytes).map_err(|e| Error::io(&path, e))?;
        file.sync_all().map_err(|e| Error::io(&path, e))
    }
}

impl Drop for FolderSink {
    /// A dossier that failed half-way leaves nothing behind.
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}
