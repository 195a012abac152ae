//! The one piece of state the window has: the engine's writer [`Store`] behind a mutex,
//! opened once at start-up, a few reading connections beside it, and where it lives.
//!
//! - The data folder is `XUNGKICH_DATA_DIR` when set (tests, a portable copy), else the
//!   app data folder (`%APPDATA%\vn.xungkich.so-to` on Windows).
//! - If the database cannot be opened (a file from a newer version, a file that is not
//!   ours, a folder without write access), the program still starts: the error is kept
//!   and every command answers it, so the page can show the sentence.
//! - Every use of the store runs on tokio's blocking pool ([`with_store`] for commands
//!   that write, [`with_reader`] for those that only read): the lock is taken and
//!   released there, never held across an `.await`, and a command waiting behind a long
//!   import blocks no async worker.
//! - One writer, many readers (DESIGN.md §2): a command that only reads takes an idle
//!   reading connection ([`Store::open_reader`], WAL) or opens one, so the screens
//!   answer from the last committed state while an import holds the writer.
//! - Beside the store, the receiving unit's overview is kept ([`OverviewCache`]) while
//!   the database is unchanged, so re-sorting and drilling down answer at once; it is
//!   keyed on what was committed, so the writer prepares it after an import and the
//!   readers serve it ([`with_overview`], [`read_overview`]).

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use tauri::{AppHandle, Manager, Runtime};
use xungkich::receiver::OverviewCache;
use xungkich::Store;

use crate::error::CommandError;

/// The database's file name inside the data folder.
pub const DB_FILE: &str = "xungkich.db";

/// Environment variable naming the data folder (overrides the app data folder).
pub const DATA_DIR_ENV: &str = "XUNGKICH_DATA_DIR";

/// Idle reading connections kept for the next read (more are opened when several reads
/// run at once, and closed after).
const READERS_KEPT: usize = 3;

pub struct AppState {
    store: Result<Mutex<Store>, CommandError>,
    readers: Mutex<Vec<Store>>,
    /// The overview's figures, kept between commands (see [`read_overview`]).
    pub overview: OverviewCache,
    /// The files the dialogs gave, by token (see [`crate::picked`]).
    pub picked: crate::picked::PickedFiles,
    /// The files saved where the user said, which "Mở tệp" may open (see [`crate::saved`]).
    pub saved: crate::saved::SavedFiles,
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
            readers: Mutex::new(Vec::new()),
            overview: OverviewCache::new(),
            picked: Default::default(),
            saved: Default::default(),
            data_dir,
            db_path,
        }
    }

    /// A state whose data folder could not even be found.
    pub fn unavailable(error: CommandError) -> AppState {
        AppState {
            store: Err(error),
            readers: Mutex::new(Vec::new()),
            overview: OverviewCache::new(),
            picked: Default::default(),
            saved: Default::default(),
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

    /// The error that kept the database from opening, if any: what a command that opens
    /// a dialog answers before showing it, without touching the database.
    pub fn check_open(&self) -> Result<(), CommandError> {
        match &self.store {
            Ok(_) => Ok(()),
            Err(e) => Err(e.clone()),
        }
    }

    /// A reading connection: an idle one, or a new one when all are in use. The error
    /// that kept the database from opening, if any, is answered here too.
    pub fn reader(&self) -> Result<Reader<'_>, CommandError> {
        self.check_open()?;
        let idle = self
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        let store = match idle {
            Some(store) => store,
            None => Store::open_reader(&self.db_path)?,
        };
        Ok(Reader {
            state: self,
            store: Some(store),
        })
    }
}

/// A reading connection lent by [`AppState::reader`]; it goes back to the idle ones
/// when dropped.
pub struct Reader<'a> {
    state: &'a AppState,
    store: Option<Store>,
}

impl Deref for Reader<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store.as_ref().expect("present until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        let mut idle = self
            .state
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < READERS_KEPT {
            idle.push(store);
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
        CommandError::from(xungkich::Error::DataFolderUnknown {
            variable: DATA_DIR_ENV.to_string(),
            detail: e.to_string(),
        })
    })
}

/// Runs `work` with the store on the blocking pool and answers its result.
pub async fn with_store<R, T, F>(app: &AppHandle<R>, work: F) -> Result<T, CommandError>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, CommandError> + Send + 'static,
{
    with_overview(app, move |store, _| work(store)).await
}

/// Runs `work` with the store and the kept overview on the blocking pool and answers its
/// result.
pub async fn with_overview<R, T, F>(app: &AppHandle<R>, work: F) -> Result<T, CommandError>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&mut Store, &OverviewCache) -> Result<T, CommandError> + Send + 'static,
{
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut store = state.lock()?;
        work(&mut store, &state.overview)
    })
    .await
    .map_err(CommandError::internal)?
}

/// Runs `work`, which only reads, with a reading connection on the blocking pool: it
/// answers while a write (an import) holds the writer.
pub async fn with_reader<R, T, F>(app: &AppHandle<R>, work: F) -> Result<T, CommandError>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, CommandError> + Send + 'static,
{
    read_overview(app, move |reader, _| work(reader)).await
}

/// [`with_reader`] with the kept overview beside the reading connection.
pub async fn read_overview<R, T, F>(app: &AppHandle<R>, work: F) -> Result<T, CommandError>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&Store, &OverviewCache) -> Result<T, CommandError> + Send + 'static,
{
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let reader = state.reader()?;
        work(&reader, &state.overview)
    })
    .await
    .map_err(CommandError::internal)?
}
