//! The transfer engine: single files up and down, with multipart uploads, ranged downloads
//! and integrity checks. (The queue, scheduler, journal and resume build on these.)

mod backoff;
pub mod batch;
pub mod download;
mod fileio;
pub mod integrity;
pub mod journal;
pub mod manager;
pub mod plan;
pub mod staging;
pub mod upload;
