//! The cache of the last [`Gathered`], so re-sorting, filtering and drilling down do
//! not compute the rules again. It is a value its caller owns (the window's state, a
//! benchmark), not a part of the [`Store`]: the store knows nothing of the views built
//! on it, and only offers the version of what was committed
//! ([`Store::content_version`]), which tells whether anything was written since.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use super::Gathered;
use crate::error::Result;
use crate::store::ContentVersion;
use crate::Store;

/// The last [`Gathered`], reused while the database is unchanged: the officer re-sorts,
/// filters and drills down without the rules being computed again. The key is the day
/// and the file's [`ContentVersion`] (every write's transaction moves it, a restore or a
/// migration draws a new one), which reads the same through every connection: what the
/// writer prepared after an import is served through the window's reading
/// connections.
///
/// Shared between threads (the window's commands run on a pool): a [`Mutex`], held only
/// to look the key up and to keep a new value, never while computing one.
#[derive(Default)]
pub struct OverviewCache(Mutex<Option<(CacheKey, Arc<Gathered>)>>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct CacheKey {
    on: NaiveDate,
    version: ContentVersion,
}

impl OverviewCache {
    pub fn new() -> OverviewCache {
        OverviewCache::default()
    }

    /// Forgets the cached overview, so the next call computes everything (benchmarks
    /// measure the first view after an import with it).
    pub fn clear(&self) {
        self.slot().take();
    }

    /// Computes and keeps what the overview, drill-downs and report read (the team
    /// facts, then the figures per commune), so the next of them answers at once: what
    /// an import calls while its progress bar is still up.
    pub fn prepare(&self, store: &Store, on: NaiveDate) -> Result<()> {
        self.gathered(store, on).map(|_| ())
    }

    pub(crate) fn gathered(&self, store: &Store, on: NaiveDate) -> Result<Arc<Gathered>> {
        // Every write keeps the team facts current in its own transaction, so there is
        // nothing to recompute here (and a reading connection could not write it).
        let key = CacheKey {
            on,
            version: store.content_version()?,
        };
        if let Some((k, g)) = &*self.slot() {
            if *k == key {
                return Ok(Arc::clone(g));
            }
        }
        let g = Arc::new(Gathered::read(store, on)?);
        *self.slot() = Some((key, Arc::clone(&g)));
        Ok(g)
    }

    /// The kept value. A lock poisoned by a panic is taken over: the slot is only ever
    /// replaced whole, so it is never half-written.
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<(CacheKey, Arc<Gathered>)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::fmt::Debug for OverviewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OverviewCache")
    }
}
