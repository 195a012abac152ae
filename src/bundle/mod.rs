//! Sync bundles.
pub mod container;
