//! The batch: several bundles in one transaction, each in its own savepoint, verified
//! on a worker thread while the previous one is applied.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::verify::{verify, BundleInput, Verified};
use super::{import_one, ImportOptions, ImportProgress, ImportReport};
use crate::error::Result;
use crate::sync::refusal::Refusal;
use crate::sync::sealed::{self, Opener};
use crate::sync::senders::Gate;
use crate::Store;

impl Store {
    /// The batch runs as a two-stage pipeline: a worker thread reads, hashes and
    /// verifies the next bundle (ZIP, signature, sender's key, hashes, records: no
    /// database) while this thread applies the current one, so on a laptop's second
    /// core the checks cost no wall time. Bundles whose hash is already in the import
    /// log are not verified again (they will be reported as duplicates).
    pub(super) fn import_batch(
        &mut self,
        inputs: impl ExactSizeIterator<Item = Result<BundleInput>> + Send,
        options: &ImportOptions,
        mut progress: impl FnMut(&ImportProgress),
    ) -> Result<Vec<ImportReport>> {
        let inst = self.installation()?;
        let actor = self.actor().to_string();
        let total = inputs.len();
        let facts = self.facts_in_writes();
        let opener = Opener {
            unit: inst.unit_code.clone(),
            card: inst.fingerprint.clone(),
            identity: self.signing_key()?.bundle_identity(),
        };
        let mut tx = self.begin_write()?;
        let known: std::collections::HashSet<String> = tx
            .prepare("SELECT bundle_sha256 FROM import_log")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let gate = Gate::load(&tx, &options.consent)?;

        let reports = std::thread::scope(|scope| -> Result<Vec<ImportReport>> {
            // A rendezvous channel: the worker checks the next bundle while this thread
            // applies the current one, and waits with it until it is taken. So at most
            // two bundles are in memory at once, whatever the batch (the memory bound).
            let (sender, prepared) = std::sync::mpsc::sync_channel::<Result<Prepared>>(0);
            scope.spawn(move || {
                for input in inputs {
                    let item = input.map(|input| Prepared::new(input, &known, &gate, &opener));
                    // The receiver stops listening on a store error: stop too.
                    if sender.send(item).is_err() {
                        break;
                    }
                }
            });
            let mut reports = Vec::with_capacity(total);
            for (i, item) in prepared.into_iter().enumerate() {
                let item = item?;
                let name = item.name.clone();
                let mut records_progress = |records_done: u64, records: u64| {
                    progress(&ImportProgress {
                        bundle: i,
                        bundles: total,
                        file: &name,
                        records_done,
                        records,
                    })
                };
                records_progress(0, 0);
                let mut sp = tx.savepoint()?;
                sp.set_drop_behavior(rusqlite::DropBehavior::Rollback);
                let (report, keep) =
                    import_one(&sp, &inst, &actor, item, options, &mut records_progress)?;
                if keep && !options.dry_run {
                    sp.commit()?;
                } else {
                    sp.finish()?; // rolls back (a savepoint dropped uncommitted rolls back)
                }
                reports.push(report);
            }
            Ok(reports)
        })?;
        // The team facts of every commune the batch touched are recomputed before the
        // commit: readers see the new records and their facts together.
        Store::commit_write(tx, facts)?;
        Ok(reports)
    }
}

/// A bundle read, hashed and (unless already imported) verified: the part of an import
/// that needs no database, done ahead on the pipeline's worker thread.
pub(super) struct Prepared {
    pub(super) name: PathBuf,
    /// The signed bundle's SHA-256 (inside its seal, if sealed) and its checks, or why
    /// it could not be read.
    pub(super) read: std::result::Result<(String, Checks), Refusal>,
    /// Whether it came sealed.
    pub(super) sealed: bool,
}

pub(super) enum Checks {
    /// Boxed: it travels through the pipeline's channel, which then moves a pointer.
    Done(Box<std::result::Result<Verified, Refusal>>),
    /// The hash was in the import log when the batch began (a duplicate): the bytes are
    /// kept unchecked, in case the log says otherwise by the time it is applied.
    Skipped(Vec<u8>),
}

impl Prepared {
    fn new(
        input: BundleInput,
        known: &std::collections::HashSet<String>,
        gate: &Gate,
        opener: &Opener,
    ) -> Prepared {
        let sealed = input.bytes.as_ref().is_ok_and(|b| sealed::is_sealed(b));
        let read = input.bytes.and_then(|bytes| {
            // A sealed bundle is opened first (refused in words if it is not for this
            // installation); what follows sees the signed bundle inside.
            let (header, bytes) = if sealed {
                let (header, plain) = sealed::open(&bytes, opener)?;
                (Some(header), plain)
            } else {
                (None, bytes)
            };
            let sha256 = hex::encode(Sha256::digest(&bytes));
            let checks = if known.contains(&sha256) {
                Checks::Skipped(bytes)
            } else {
                let verified = verify(bytes, |m, key| gate.admits(&m.sender, key)).and_then(|v| {
                    sealed::check_manifest(header.as_ref(), &v.manifest)?;
                    Ok(v)
                });
                Checks::Done(Box::new(verified))
            };
            Ok((sha256, checks))
        });
        Prepared {
            name: input.name,
            read,
            sealed,
        }
    }
}
