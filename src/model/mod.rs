//! The YAML schema, as written by people: serde types with positions for messages.
//! Nothing here is trusted yet; `content::resolve` checks it and turns it into
//! resolved types.

mod contact;
mod county;
mod material;
mod run;

pub use contact::{ContactEntry, ContactsFile};
pub use county::{COUNTY_FIELDS, CountyFile, LocalWebSpec};
pub use material::{Accent, BlockSpec, CallSpec, CopyFile, CopyText, Kind, LinkKind, MaterialFile, QrSpec, SizeName};
pub use run::{Bleed, CardLayout, RunFile, RunItemSpec};
pub use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Problems};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The largest YAML file we read: materials are a few kilobytes.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A parsed file together with its name and text, kept for messages.
pub struct Loaded<T> {
    pub value: T,
    pub file: std::path::PathBuf,
    pub source: String,
}

impl<T> Loaded<T> {
    /// An error pointing at a spanned value in this file.
    pub fn error_at<V>(&self, spanned: &Spanned<V>, message: impl Into<String>) -> Diagnostic {
        let loc = spanned.referenced;
        Diagnostic::error(message).in_file(&self.file).at(loc.line(), loc.column()).with_source(&self.source)
    }

    /// An error naming a field path in this file.
    pub fn error_in(&self, field: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).in_file(&self.file).field(field)
    }
}

/// Read and parse one YAML file. Every failure names the file, and the line and
/// column where the parser has them.
pub fn load_yaml<T: DeserializeOwned>(path: &Path) -> Result<Loaded<T>, Problems> {
    let meta = std::fs::metadata(path).map_err(|e| vec![Diagnostic::error(format!("cannot read: {e}")).in_file(path)])?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(format!("file is {} bytes; the limit is {MAX_FILE_BYTES}", meta.len())).in_file(path)]);
    }
    let bytes = std::fs::read(path).map_err(|e| vec![Diagnostic::error(format!("cannot read: {e}")).in_file(path)])?;
    let source = String::from_utf8(bytes).map_err(|_| vec![Diagnostic::error("not a UTF-8 text file").in_file(path)])?;
    parse_yaml(path, source)
}

/// Parse YAML text that came from `path` (used directly by tests and the fuzzer).
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, source: String) -> Result<Loaded<T>, Problems> {
    if source.trim().is_empty() {
        return Err(vec![Diagnostic::error("the file is empty").in_file(path)]);
    }
    match serde_saphyr::from_str_with_options::<T>(&source, options()) {
        Ok(value) => Ok(Loaded { value, file: path.to_path_buf(), source }),
        Err(err) => {
            let message = yaml_message(&err);
            let budget = message.starts_with("budget breached");
            let mut d = Diagnostic::error(message).in_file(path);
            if budget {
                d = d.hint("the file is deeper, larger or uses more aliases (*name) than a material needs: at most 64 aliases, 24 levels, 50,000 values");
            }
            if let Some(loc) = err.location() {
                d = d.at(loc.line(), loc.column()).with_source(&source);
            }
            Err(vec![d])
        }
    }
}

/// Parser limits: our files are small and flat, so anything deep, alias-heavy or huge
/// is refused before it can cost time or memory (no alias bombs).
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 64;
    budget.max_anchors = 64;
    budget.max_depth = 24;
    budget.max_nodes = 50_000;
    budget.max_events = 200_000;
    budget.max_total_scalar_bytes = 2 * 1024 * 1024;
    budget.max_recorded_anchor_events = 10_000;
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// The parser's message without the position it adds (we print positions ourselves).
fn yaml_message(err: &serde_saphyr::Error) -> String {
    let text = err.to_string();
    let mut msg = text.lines().next().unwrap_or("invalid YAML").trim();
    msg = msg.strip_prefix("error: ").unwrap_or(msg);
    // "line 2 column 8: expected string scalar" -> "expected string scalar"
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some((pos, tail)) = rest.split_once(": ")
        && pos.split(' ').all(|w| w == "column" || w.chars().all(|c| c.is_ascii_digit()))
    {
        msg = tail;
    }
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
