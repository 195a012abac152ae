//! Recovery from the receiving unit (issue 12, item 7): a commune whose laptop died with
//! no backup and no recovery sheet gets its records back from what the receiving unit
//! holds.
//!
//! 1. The commune sets up a new installation of the same unit, trusts the receiving
//!    unit's card again and sends one bundle (even empty): the receiving unit learns the
//!    new key.
//! 2. The officer compares its fingerprint by phone and enrols it (a new installation of
//!    an enrolled unit needs its own enrolment), and revokes the dead laptop's key.
//! 3. [`Store::export_recovery`] writes one bundle, sealed to the new installation and
//!    naming it in its signed manifest (`recovers`): every record the commune owns as
//!    the receiving unit holds them (their ids, versions and origins: their history), and
//!    the receiving unit's own records about it.
//! 4. The new installation imports it like any bundle; `authorise` lets a commune's own
//!    records through only from its trusted receiving unit and only in a bundle that
//!    names this very installation. It then holds what the receiving unit holds, and its
//!    next bundles carry on from there.
//!
//! What the receiving unit never had does not come back: sensitive fields (ethnicity,
//! religion, party membership: they never leave a commune) and confidential ones, and
//! changes the dead laptop never sent.

use std::path::Path;

use super::export::{ExportOptions, ExportSummary};
use crate::error::{Error, Result};
use crate::installation::Role;
use crate::Store;

/// The naming rule of recovery bundles: `xungkich-khoiphuc-<commune>-<yyyymmdd>.xkb`.
pub fn recovery_file_name(commune: &str, day: chrono::NaiveDate) -> String {
    format!(
        "xungkich-khoiphuc-{commune}-{}.{}",
        day.format("%Y%m%d"),
        super::export::SEALED_EXTENSION
    )
}

impl Store {
    /// A receiving unit's recovery bundle for `commune`'s newest enrolled installation,
    /// written to `out` (a file, or a folder where [`recovery_file_name`] names it).
    /// Always sealed: it holds a whole commune's personal data. Refused when the commune
    /// has no enrolled installation whose key is known ([`Error::NoCommuneKey`]).
    pub fn export_recovery(&mut self, commune: &str, out: &Path) -> Result<ExportSummary> {
        let inst = self.installation()?;
        if inst.role != Role::Receiver {
            return Err(Error::invalid(
                "unit",
                "Đơn vị",
                "chỉ đơn vị tiếp nhận mới xuất bản khôi phục cho một xã",
            ));
        }
        let name = crate::units::find(self.conn(), inst.unit_set, commune)?
            .map(|u| format!("{} ({commune})", u.name))
            .unwrap_or_else(|| commune.to_string());
        let seal = self
            .commune_seal(commune)?
            .ok_or(Error::NoCommuneKey { communes: name })?;
        let target = if out.is_dir() {
            out.join(recovery_file_name(
                commune,
                chrono::Local::now().date_naive(),
            ))
        } else {
            out.to_path_buf()
        };
        let recovers = Some(seal.installation.clone());
        let options = ExportOptions {
            full: true,
            ..Default::default()
        };
        self.export_one(&target, options, Some(commune), Some(seal), recovers)
    }
}
