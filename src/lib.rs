//! awareprint: YAML definitions of awareness materials to print-ready PDFs.
//!
//! The pipeline runs one way: `project` (the materials folder) -> `model` (YAML) ->
//! `content` (resolved) -> `layout` (frames) -> `pdf` (bytes), driven by `build`,
//! which streams each document through an exporter (files, a print run, a check).
#![forbid(unsafe_code)]

pub mod art;
pub mod build;
pub mod check;
pub mod cli;
pub mod color;
pub mod contacts;
pub mod content;
pub mod county;
pub mod date;
pub mod diag;
pub mod diff;
pub mod fonts;
pub mod frame;
pub mod fsio;
pub mod fuzzing;
pub mod gallery;
pub mod impose;
pub mod kinds;
pub mod layout;
pub mod logo;
pub mod model;
pub mod pdf;
pub mod policy;
pub mod preflight;
pub mod preview;
pub mod printrun;
pub mod project;
pub mod qr;
pub mod render;
pub mod revision;
pub mod scratch;
pub mod serve;
pub mod suggest;
pub mod units;
pub mod versions;
pub mod zip;

/// The allocator. A build makes and drops many small objects per document (frames,
/// PDF objects, strings); mimalloc's per-thread free lists cut the whole build's CPU
/// time by about a quarter against glibc's malloc (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
