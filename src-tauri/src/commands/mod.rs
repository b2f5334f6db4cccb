//! Thin command adapters, one file per area.

pub mod accounts;
pub mod app;
pub mod browse;
pub mod buckets;
pub mod objects;
pub mod prefs;
pub mod share;
pub mod sync;
pub mod transfers;
