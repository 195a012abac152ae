//! The automatic backups while the window is open (issue 14, item 4): the engine's
//! [`xungkich::Store::daily_backup`] a little after start, then a look every hour, so a
//! laptop left open overnight gets the next day's copy.

use std::time::Duration;

use tauri::{AppHandle, Runtime};

use crate::state::with_store;

/// After start: long enough for the first screen to have been drawn, since a backup
/// holds the database for a moment.
const FIRST_AFTER: Duration = Duration::from_secs(20);
const EVERY: Duration = Duration::from_secs(3600);

pub async fn keep_daily_backups<R: Runtime>(app: AppHandle<R>) {
    tokio::time::sleep(FIRST_AFTER).await;
    loop {
        let today = chrono::Local::now().date_naive();
        let done = with_store(&app, move |store| {
            // Nothing to keep before the unit is set up.
            if store.installation_opt()?.is_none() {
                return Ok(None);
            }
            Ok(store.daily_backup(today)?)
        })
        .await;
        match done {
            Ok(Some(info)) => {
                eprintln!("xungkich-desktop: automatic backup {}", info.file.display())
            }
            Ok(None) => {}
            // Kept out of the window (a full disk, a folder made read-only): the
            // dashboard shows the day of the last copy, which then stops moving on.
            Err(e) => eprintln!("xungkich-desktop: automatic backup failed: {}", e.message),
        }
        tokio::time::sleep(EVERY).await;
    }
}
