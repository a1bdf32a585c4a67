//! The integration tests, one binary (as `just` keeps them): a module per area, the
//! helpers they share in `common`. `cargo test cli::` runs one area; tests that need
//! a system tool are ignored unless asked for (`cargo test -- --include-ignored`, as
//! `.ci/run` does), and then fail, never skip, when the tool is missing.

mod common;

mod art;
mod bad_inputs;
mod cli;
mod copy_facts;
mod county_room;
mod design;
mod diff;
mod editions_runs;
mod files;
mod first_hour;
mod handouts;
mod identity;
mod languages;
mod layout_geometry;
mod leftovers;
mod page_images;
mod pdf_output;
mod policy_props;
mod printrun_intent;
mod profiles;
mod properties;
mod render;
mod serve;
mod serve_browser;
mod sheets;
mod snapshots;
mod system_tools;
mod tagging;
mod targets;
