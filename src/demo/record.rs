//! Writing one record: its fields built fluently, its deterministic id, and the one call
//! that creates it and notes any warning.

use chrono::NaiveDate;
use serde_json::{Map, Value as Json};

use super::days::dmy;
use super::generator::Gen;
use super::rng::Rng;
use crate::error::Result;
use crate::kinds::Kind;
use crate::records::{Fields, Writer};

/// A UUID v7 stamped inside office hours (Vietnam time, UTC+7) of `date`, its random
/// bits from `rng`: the same stream gives the same id.
pub(super) fn make_id(rng: &mut Rng, date: NaiveDate) -> String {
    let midnight = date
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0);
    let ms = midnight - 7 * 3_600_000 + rng.range(27_000_000, 61_200_000);
    uuid::Builder::from_unix_timestamp_millis(ms.max(0) as u64, &rng.bytes10())
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Field values, built fluently.
pub(super) struct Rec(pub(super) Fields);

impl Rec {
    pub(super) fn new() -> Rec {
        Rec(Map::new())
    }
    pub(super) fn t(mut self, key: &str, value: impl Into<String>) -> Rec {
        self.0.insert(key.to_string(), Json::String(value.into()));
        self
    }
    pub(super) fn n(mut self, key: &str, value: i64) -> Rec {
        self.0.insert(key.to_string(), Json::from(value));
        self
    }
    pub(super) fn b(mut self, key: &str, value: bool) -> Rec {
        self.0.insert(key.to_string(), Json::Bool(value));
        self
    }
    pub(super) fn d(self, key: &str, value: NaiveDate) -> Rec {
        self.t(key, dmy(value))
    }
    pub(super) fn t_if(self, cond: bool, key: &str, value: impl FnOnce() -> String) -> Rec {
        if cond {
            self.t(key, value())
        } else {
            self
        }
    }
}

impl Gen<'_> {
    /// Creates one record with a deterministic id dated `date`; warnings are noted as
    /// unexpected (the demo writes clean data, except the deliberate ages).
    pub(super) fn put(
        &mut self,
        w: &mut Writer<'_>,
        kind: &'static Kind,
        date: NaiveDate,
        rec: Rec,
    ) -> Result<String> {
        let id = make_id(&mut self.idr, date);
        let saved = w.create_with_id(kind, Some(id), &rec.0)?;
        for warning in &saved.warnings {
            self.unexpected
                .push(format!("{} {}: {warning}", kind.name, saved.id));
        }
        Ok(saved.id)
    }
}
