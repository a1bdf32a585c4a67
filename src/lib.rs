//! awareprint: YAML definitions of awareness materials to print-ready PDFs.
//!
//! The pipeline runs one way: `model` (YAML) -> `content` (resolved) -> `layout`
//! (frames) -> `pdf` (bytes) -> `run` (files).
#![forbid(unsafe_code)]

pub mod cli;
pub mod contacts;
pub mod content;
pub mod county;
pub mod diag;
pub mod fonts;
pub mod fsio;
pub mod fuzzing;
pub mod impose;
pub mod kinds;
pub mod layout;
pub mod logo;
pub mod model;
pub mod pdf;
pub mod preflight;
pub mod printrun;
pub mod qr;
pub mod run;
