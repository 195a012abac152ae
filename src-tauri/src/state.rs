//! The one piece of state the window has: the engine's [`Store`] behind a mutex, opened
//! once at start-up, and where it lives.
//!
//! - The data folder is `XUNGKICH_DATA_DIR` when set (tests, a portable copy), else the
//!   app data folder (`%APPDATA%\vn.xungkich.so-to` on Windows).
//! - If the database cannot be opened (a file from a newer version, a file that is not
//!   ours, a folder without write access), the program still starts: the error is kept
//!   and every command answers it, so the page can show the sentence.
//! - Every use of the store runs on tokio's blocking pool ([`with_store`]): the lock is
//!   taken and released there, never held across an `.await`, and a command waiting
//!   behind a long import blocks no async worker.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use tauri::{AppHandle, Manager, Runtime};
use xungkich::Store;

use crate::error::CommandError;

/// The database's file name inside the data folder.
pub const DB_FILE: &str = "xungkich.db";

/// Environment variable naming the data folder (overrides the app data folder).
pub const DATA_DIR_ENV: &str = "XUNGKICH_DATA_DIR";

pub struct AppState {
    store: Result<Mutex<Store>, CommandError>,
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
}

impl AppState {
    /// Creates `data_dir` if needed and opens (creating or migrating) its database.
    /// Never fails: a failure is kept and answered by every command.
    pub fn open(data_dir: PathBuf) -> AppState {
        let db_path = data_dir.join(DB_FILE);
        let store = std::fs::create_dir_all(&data_dir)
            .map_err(|e| xungkich::Error::io(&data_dir, e))
            .and_then(|()| Store::open(&db_path))
            .map(Mutex::new)
            .map_err(|e| CommandError::startup(e, &db_path));
        AppState {
            store,
            data_dir,
            db_path,
        }
    }

    /// A state whose data folder could not even be found.
    pub fn unavailable(error: CommandError) -> AppState {
        AppState {
            store: Err(error),
            data_dir: PathBuf::new(),
            db_path: PathBuf::new(),
        }
    }

    /// The store, or the error that kept it from opening. A lock poisoned by a panic is
    /// taken over: the panicking write's transaction was rolled back when it unwound.
    pub fn lock(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        match &self.store {
            Ok(m) => Ok(m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(e) => Err(e.clone()),
        }
    }
}

/// The data folder: `XUNGKICH_DATA_DIR` if set and not empty, else the app data folder.
pub fn resolve_data_dir<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, CommandError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return std::path::absolute(&dir).map_err(|e| xungkich::Error::io(&dir, e).into());
    }
    app.path().app_data_dir().map_err(|e| {
        CommandError::from(xungkich::Error::Refused(format!(
            "không tìm được thư mục dữ liệu của chương trình ({e}); hãy đặt biến môi trường \
             {DATA_DIR_ENV} chỉ đến một thư mục ghi được"
        )))
    })
}

/// Runs `work` with the store on the blocking pool and answers its result.
pub async fn with_store<R, T, F>(app: &AppHandle<R>, work: F) -> Result<T, CommandError>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, CommandError> + Send + 'static,
{
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut store = state.lock()?;
        work(&mut store)
    })
    .await
    .map_err(CommandError::internal)?
}
