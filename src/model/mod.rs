//! The YAML schema, as written by people: serde types with positions for messages.
//! Nothing here is trusted yet; `content::resolve` checks it and turns it into
//! resolved types.

mod claims;
mod contact;
mod county;
mod identity;
mod material;
mod pitfalls;
mod run;

pub use claims::{ClaimEntry, ClaimsFile, SignKind, SourceEntry};
pub use contact::{ContactEntry, ContactsFile, FactEntry, LocalText};
pub use county::{COUNTY_FIELDS, CountyFile, LocalWebSpec};
pub use identity::{IdentityFile, IssuerSpec, PaletteSpec};
pub use material::{BlockSpec, CallSpec, CopyFile, CopyText, LinkKind, MaterialFile, Profile, QrSpec, SizeName};
pub use run::{Bleed, CardLayout, OutputIntentSpec, RunFile, RunItemSpec};
pub use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Problems};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The largest YAML file read, and the largest the editor writes: materials are a few
/// kilobytes. [`parse_yaml`] holds every text to it, so a text the editor would write
/// is refused exactly when `check` and `build` would refuse the file.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The problem of a file, or a text to be written as one, over [`MAX_FILE_BYTES`].
fn too_large(path: &Path) -> Diagnostic {
    Diagnostic::error(format!("the file is larger than {MAX_FILE_BYTES} bytes; materials are a few kilobytes")).in_file(path)
}

/// A parsed file together with its name and text, kept for messages.
pub struct Loaded<T> {
    pub value: T,
    pub file: std::path::PathBuf,
    pub source: String,
}

impl<T> Loaded<T> {
    /// The number at `spanned` as the file writes it, or an error there: only digits,
    /// with a decimal fraction where `fraction` (`500`, `12.5`). The parser also takes
    /// YAML 1.1's and other spellings (`0b101`, `0o17`, `0x1F`, `1_000`, `+5`, `1e2`,
    /// `"500"` in quotes); a person reading the file may not read them as the parser
    /// does, so they are refused.
    pub fn plain_number<V>(&self, spanned: &Spanned<V>, key: &str, fraction: bool) -> Option<Diagnostic> {
        let loc = spanned.referenced;
        let line = self.source.lines().nth((loc.line() as usize).saturating_sub(1)).unwrap_or("");
        let start = line.char_indices().nth((loc.column() as usize).saturating_sub(1)).map_or(line.len(), |(i, _)| i);
        let written: &str = line[start..].split([' ', '\t', ',', ']', '}', '#']).next().unwrap_or("");
        let (whole, part) = match written.split_once('.') {
            Some((w, f)) if fraction => (w, Some(f)),
            _ => (written, None),
        };
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let plain = digits(whole) && (whole == "0" || !whole.starts_with('0')) && part.is_none_or(digits);
        let example = if fraction { "such as 45 or 12.5" } else { "such as 500" };
        (!plain).then(|| {
            let shown: String = written.chars().take(24).collect();
            self.error_at(spanned, format!("`{key}` is written `{shown}`; write the number in plain digits, {example}"))
                .hint("no quotes, no leading zeros, no 0x / 0o / 0b prefix, no underscores, signs or exponents")
        })
    }

    /// An error pointing at a spanned value in this file.
    pub fn error_at<V>(&self, spanned: &Spanned<V>, message: impl Into<String>) -> Diagnostic {
        let loc = spanned.referenced;
        Diagnostic::error(message).in_file(&self.file).at(loc.line(), loc.column()).with_source(&self.source)
    }

    /// A warning (it does not stop a build) at `spanned`.
    pub fn warning_at<V>(&self, spanned: &Spanned<V>, message: impl Into<String>) -> Diagnostic {
        let loc = spanned.referenced;
        Diagnostic::warning(message).in_file(&self.file).at(loc.line(), loc.column()).with_source(&self.source)
    }

    /// An error about the character `ch` inside the text at `spanned`: pointing at the
    /// character's own line and column when it is written literally in the file (else
    /// at the text's start).
    pub fn error_at_char<V>(&self, spanned: &Spanned<V>, ch: char, message: impl Into<String>) -> Diagnostic {
        let loc = spanned.referenced;
        let (line, col) = (loc.line() as usize, loc.column() as usize);
        let start: usize = self.source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>()
            + self
                .source
                .split_inclusive('\n')
                .nth(line.saturating_sub(1))
                .map_or(0, |l| l.char_indices().nth(col.saturating_sub(1)).map_or(0, |(i, _)| i));
        let window = &self.source[start.min(self.source.len())..];
        let window = &window[..window.char_indices().nth(4096).map_or(window.len(), |(i, _)| i)];
        match window.find(ch) {
            Some(i) => {
                let at = start + i;
                let before = &self.source[..at];
                let l = before.matches('\n').count() as u64 + 1;
                let c = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) as u64 + 1;
                Diagnostic::error(message).in_file(&self.file).at(l, c).with_source(&self.source)
            }
            None => self.error_at(spanned, message),
        }
    }

    /// An error naming a field path in this file.
    pub fn error_in(&self, field: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).in_file(&self.file).field(field)
    }
}

/// Read and parse one YAML file. Every failure names the file, and the line and
/// column where the parser has them.
///
/// The file must be a regular file; a symbolic link is followed only to a file in the
/// same folder, so an error never shows a line of a file outside the materials.
pub fn load_yaml<T: DeserializeOwned>(path: &Path) -> Result<Loaded<T>, Problems> {
    parse_yaml(path, read_source(path)?)
}

/// A YAML file's text, read as [`load_yaml`] reads it: a regular file (a link only to
/// one in the same folder), at most [`MAX_FILE_BYTES`], UTF-8.
pub fn read_source(path: &Path) -> Result<String, Problems> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let bytes = crate::fsio::read_in(folder, path, MAX_FILE_BYTES).map_err(|e| {
        vec![match e {
            crate::fsio::ReadError::TooLarge(_) => too_large(path),
            e => Diagnostic::error(e.to_string()).in_file(path),
        }]
    })?;
    String::from_utf8(bytes).map_err(|_| vec![Diagnostic::error("not a UTF-8 text file").in_file(path)])
}

pub use crate::diag::Kind;

/// Parse YAML text that came from `path`, or that is to be written there (the editor's
/// save), under the same limits as a file read: its size, then the parser's budget.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, source: String) -> Result<Loaded<T>, Problems> {
    if source.len() as u64 > MAX_FILE_BYTES {
        return Err(vec![too_large(path)]);
    }
    if source.trim().is_empty() {
        return Err(vec![Diagnostic::error("the file is empty").in_file(path)]);
    }
    if let Some(d) = pitfalls::tab_indent(path, &source) {
        return Err(vec![d]);
    }
    match serde_saphyr::from_str_with_options::<T>(&source, options()) {
        Ok(value) => match pitfalls::item_in_text(path, &source) {
            Some(d) => Err(vec![d]),
            None => Ok(Loaded { value, file: path.to_path_buf(), source }),
        },
        Err(err) => {
            let (message, kind) = yaml_message(&err);
            let mut d = Diagnostic::error(message).in_file(path).kind(kind);
            if kind == Kind::ParserBudget {
                d = d.hint(
                    "material files are small and flat: write the text out rather than reuse it through many aliases or deep nesting",
                );
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

/// How a parser budget breach starts (see [`options`]).
const TOO_BIG: &str = "the file is larger or deeper than a material needs";

/// The parser's message in the words of a person editing the file: without the
/// position it adds (we print positions ourselves), and with the library's own terms
/// (budgets, variants, scalars) put plainly.
fn yaml_message(err: &serde_saphyr::Error) -> (String, Kind) {
    let mut inner = err;
    while let serde_saphyr::Error::AliasError { error, .. } | serde_saphyr::Error::WithSnippet { error, .. } = inner {
        inner = error;
    }
    if let serde_saphyr::Error::Budget { breach, .. } = inner {
        return (format!("{TOO_BIG}: {}", budget_words(breach)), Kind::ParserBudget);
    }
    let msg = parser_message(err);
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let words = rest.replace("expected one of", "the keys here are").replace("there are no fields", "no keys are allowed here");
        return (format!("unknown key {words}"), Kind::UnknownKey);
    }
    (plain_message(msg), Kind::Other)
}

/// A parser message in a user's words.
fn plain_message(msg: String) -> String {
    // serde's derive: "unknown variant `5`, expected one of `a`, `b`".
    if let Some(rest) = msg.strip_prefix("unknown variant ")
        && let Some((value, expected)) = rest.split_once(", expected one of ")
    {
        return format!("{value} is not one of the choices here: {}", expected.replace('`', ""));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ")
        && let Some((value, expected)) = rest.split_once(", expected ")
    {
        return format!("{value} is not a choice here; expected {}", expected.replace('`', ""));
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("missing key {rest}");
    }
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return format!("the key `{key}` is given twice");
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        return format!("the key {rest} is given twice");
    }
    // The library's and Rust's own words for a value of the wrong kind.
    if msg.contains("did not match any variant of untagged enum") {
        return "this value is not of a kind this key takes: a text, a list of texts (lines starting with -), or a map of keys to texts"
            .into();
    }
    if msg.starts_with("cannot deserialize null") {
        return "a value is missing here (the key is given with nothing after it)".into();
    }
    // A number out of its type's range or of another kind: `-5` for a count.
    if matches!(msg.as_str(), "invalid u32" | "invalid u64" | "invalid u16" | "invalid u8" | "invalid usize") {
        return "this is not a whole number of 0 or more: write it in plain digits, such as 500".into();
    }
    if matches!(msg.as_str(), "invalid floating point" | "invalid f64" | "invalid f32") {
        return "this is not a number: write it in plain digits, such as 45 or 12.5".into();
    }
    if msg.starts_with("expected sequence start") {
        return "expected a list here: lines starting with -, or [a, b]".into();
    }
    msg.replace("string scalar", "a text").replace("scalar", "value")
}

/// A parser budget breach in plain words (the names are the library's).
fn budget_words(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Aliases { aliases } => format!("{aliases} aliases (*name); at most 64"),
        B::Anchors { anchors } => format!("{anchors} anchors (&name); at most 64"),
        B::Depth { depth } => format!("nested {depth} levels deep; at most 24"),
        B::Nodes { nodes } => format!("{nodes} values; at most 50,000"),
        B::Events { .. } | B::ScalarBytes { .. } | B::InputBytes { .. } => "more text than a material file needs".to_string(),
        _ => "the file's structure is larger than a material file needs".to_string(),
    }
}

/// The parser's own message, first line, without its position.
fn parser_message(err: &serde_saphyr::Error) -> String {
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

/// A language code in a file name: `en`, `es`, `fil`.
pub fn is_lang_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}

/// The language of a text given once where a field needs each language's own text
/// (a county's name): English, which every material is written in.
pub const DEFAULT_LANG: &str = "en";

/// Language codes with their names in English, for messages and the county editor's
/// labels; a code not listed is shown as itself.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("am", "Amharic"),
    ("ar", "Arabic"),
    ("de", "German"),
    ("en", "English"),
    ("es", "Spanish"),
    ("fa", "Persian"),
    ("fil", "Filipino"),
    ("fr", "French"),
    ("hi", "Hindi"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("ne", "Nepali"),
    ("pt", "Portuguese"),
    ("ru", "Russian"),
    ("so", "Somali"),
    ("sw", "Swahili"),
    ("tl", "Tagalog"),
    ("uk", "Ukrainian"),
    ("vi", "Vietnamese"),
    ("zh", "Chinese"),
];

/// The English name of the language `code` (`es` -> `Spanish`), if it is listed.
pub fn language_name(code: &str) -> Option<&'static str> {
    LANGUAGE_NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// A language in a message: `Spanish (es)`, or `` `xx` `` for a code not listed.
pub fn language_words(code: &str) -> String {
    match language_name(code) {
        Some(name) => format!("{name} ({code})"),
        None => format!("`{code}`"),
    }
}
