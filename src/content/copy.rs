//! Copy: the text of a material in one language, looked up by key in
//! `<material>.<lang>.yaml`, with an explicit fallback language where the material
//! allows one.

use super::Identity;
use super::quotes::Quotes;
use super::{MAX_TEXT_CHARS, expand};
use crate::contacts::Registry;
use crate::diag::Problems;
use crate::model::{CopyFile, CopyText, Loaded, MaterialFile, Spanned};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Keys every language file has besides the blocks' keys: the language tag, the
/// document's title and subject, and the words a screen reader says for a QR code and
/// for a county's logo, in this language.
pub const RESERVED: [&str; 5] = ["lang", "title", "subject", "qr-code", "logo"];

/// One language's copy of a material.
pub struct Copy<'a> {
    /// The language code of the file name: `es` in `poster.es.yaml`.
    pub code: &'a str,
    pub file: &'a Loaded<CopyFile>,
    /// The language it falls back to, if the material says so.
    pub fallback: Option<&'a Loaded<CopyFile>>,
    /// The quotation marks of this language, and of the fallback's.
    quotes: Quotes,
    fallback_quotes: Option<Quotes>,
    used: RefCell<BTreeSet<String>>,
}

impl<'a> Copy<'a> {
    /// This language's copy, falling back to `fallback` (its code and file); the
    /// identity gives each language's quotation marks.
    pub fn new(
        code: &'a str,
        file: &'a Loaded<CopyFile>,
        fallback: Option<(&str, &'a Loaded<CopyFile>)>,
        identity: &Identity,
    ) -> Result<Copy<'a>, Problems> {
        let quotes = identity.quotes_for(code).map_err(|d| vec![d.in_file(&file.file)])?;
        let fallback_quotes = match fallback {
            Some((c, f)) => Some(identity.quotes_for(c).map_err(|d| vec![d.in_file(&f.file)])?),
            None => None,
        };
        Ok(Copy { code, file, fallback: fallback.map(|(_, f)| f), quotes, fallback_quotes, used: RefCell::new(BTreeSet::new()) })
    }

    /// This language's quotation marks.
    pub fn quotes(&self) -> Quotes {
        self.quotes
    }

    /// The quotation marks of the text in `file` (this language's or the fallback's).
    fn quotes_of(&self, file: &Loaded<CopyFile>) -> Quotes {
        if std::ptr::eq(file, self.file) { self.quotes } else { self.fallback_quotes.unwrap_or(self.quotes) }
    }

    fn lookup(&self, key: &str) -> Option<(&'a Loaded<CopyFile>, &'a Spanned<CopyText>)> {
        self.used.borrow_mut().insert(key.to_string());
        if let Some(v) = self.file.value.get(key) {
            return Some((self.file, v));
        }
        let fb = self.fallback?;
        fb.value.get(key).map(|v| (fb, v))
    }

    /// Where the text for `key` is (this language's file, or the fallback's), without
    /// marking the key used.
    pub fn at(&self, key: &str) -> Option<super::CopyAt> {
        let (file, v) = match self.file.value.get(key) {
            Some(v) => (self.file, v),
            None => {
                let fb = self.fallback?;
                (fb, fb.value.get(key)?)
            }
        };
        Some(super::CopyAt { file: file.file.clone(), key: key.to_string(), line: v.referenced.line(), col: v.referenced.column() })
    }

    fn missing(&self, material: &Loaded<MaterialFile>, key: &Spanned<String>) -> crate::diag::Diagnostic {
        let file = self.file.file.display();
        let hint = if self.code == "en" {
            format!("add `{}:` to {file}", key.value)
        } else {
            format!("translate `{}` in {file}, or let the material fall back to English: `fallback: {{{}: en}}`", key.value, self.code)
        };
        material.error_at(key, format!("no {} text for `{}` in {file}", self.code, key.value)).hint(hint)
    }

    /// One text for `key`, placeholders filled.
    pub fn text(&self, material: &Loaded<MaterialFile>, key: &Spanned<String>, registry: &Registry, problems: &mut Problems) -> String {
        match self.lookup(&key.value) {
            None => {
                problems.push(self.missing(material, key));
                String::new()
            }
            Some((file, v)) => match &v.value {
                CopyText::Text(t) => check(file, v, t, self.quotes_of(file), registry, problems),
                CopyText::List(_) => {
                    problems.push(file.error_at(v, format!("`{}` is a list here, but its block needs one text", key.value)));
                    String::new()
                }
            },
        }
    }

    /// A list of texts for `key` (bullets).
    pub fn list(
        &self,
        material: &Loaded<MaterialFile>,
        key: &Spanned<String>,
        registry: &Registry,
        problems: &mut Problems,
    ) -> Vec<String> {
        match self.lookup(&key.value) {
            None => {
                problems.push(self.missing(material, key));
                Vec::new()
            }
            Some((file, v)) => match &v.value {
                CopyText::List(items) if items.is_empty() => {
                    problems.push(file.error_at(v, format!("`{}` is an empty list", key.value)));
                    Vec::new()
                }
                CopyText::List(items) => items.iter().map(|t| check(file, v, t, self.quotes_of(file), registry, problems)).collect(),
                CopyText::Text(_) => {
                    problems.push(
                        file.error_at(v, format!("`{}` is one text here, but bullets need a list (lines starting with -)", key.value)),
                    );
                    Vec::new()
                }
            },
        }
    }

    /// A reserved text (`title`, `subject`) as-is, placeholders filled.
    pub fn required(&self, key: &str, registry: &Registry, problems: &mut Problems) -> String {
        match self.lookup(key) {
            Some((file, v)) => match &v.value {
                CopyText::Text(t) => check(file, v, t, self.quotes_of(file), registry, problems),
                CopyText::List(_) => {
                    problems.push(file.error_at(v, format!("`{key}` must be one text")));
                    String::new()
                }
            },
            None => {
                problems.push(self.file.error_in(key, format!("the language file needs `{key}`")));
                String::new()
            }
        }
    }

    /// The BCP 47 tag in `lang`, which must start with the file's language code.
    pub fn lang(&self, problems: &mut Problems) -> String {
        match self.file.value.get("lang") {
            Some(v) => match &v.value {
                CopyText::Text(tag) if tag.split('-').next() == Some(self.code) && is_tag(tag) => tag.clone(),
                _ => {
                    problems.push(
                        self.file
                            .error_at(v, format!("`lang` must be a language tag starting with `{}`, e.g. `{}-US`", self.code, self.code)),
                    );
                    String::new()
                }
            },
            None => {
                problems.push(self.file.error_in("lang", format!("the language file needs `lang`, e.g. `lang: {}-US`", self.code)));
                String::new()
            }
        }
    }

    /// Keys of the language file that no block uses (typos, or leftovers).
    pub fn unused(&self, problems: &mut Problems) {
        let used = self.used.borrow();
        for (key, v) in &self.file.value {
            if !used.contains(key) && !RESERVED.contains(&key.as_str()) {
                problems.push(
                    self.file
                        .error_at(v, format!("`{key}` is not used by any block"))
                        .hint("check the key's spelling against the structure file"),
                );
            }
        }
    }
}

fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Expand placeholders in a piece of copy and check its length, reporting problems at
/// its position in the language file.
fn check(
    file: &Loaded<CopyFile>,
    at: &Spanned<CopyText>,
    text: &str,
    quotes: Quotes,
    registry: &Registry,
    problems: &mut Problems,
) -> String {
    if text.trim().is_empty() {
        problems.push(file.error_at(at, "text is empty"));
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        problems.push(
            file.error_at(at, format!("text is {chars} characters; a block holds at most {MAX_TEXT_CHARS}"))
                .hint("split it into several paragraphs"),
        );
        return String::new();
    }
    // The language's quotation marks on the text as typed (an accent typed for an
    // apostrophe is still itself here, before normalisation splits it).
    let hint = "one quotation style per language: see materials/identity.yaml";
    let text = match quotes.apply(text) {
        Ok(t) => t,
        Err(e) => {
            problems.push(file.error_at_char(at, e.mark, e.message).hint(hint));
            return text.to_string();
        }
    };
    // The printed-text policy: characters (pointed at where they are), then typed
    // numbers and addresses; placeholders are filled in the normalised text.
    let text = match crate::policy::printed(&text, true) {
        Ok(normal) => normal,
        Err(r @ crate::policy::Refusal::Char { ch, .. }) => {
            problems.push(file.error_at_char(at, ch, r.message()).hint(r.hint()));
            return String::new();
        }
        Err(r) => {
            problems.push(file.error_at(at, r.message()).hint(r.hint()));
            return text;
        }
    };
    let filled = match expand(&text, registry) {
        Ok(s) if s.trim().is_empty() && !text.trim().is_empty() => {
            problems.push(file.error_at(at, "text is empty once its placeholders are filled"));
            return s;
        }
        Ok(s) => s,
        Err((msg, hint)) => {
            problems.push(file.error_at(at, msg).hint(hint));
            return text;
        }
    };
    // Again with the placeholders filled: a name or fact from the registry prints in
    // this language's marks too (the marks already set pass unchanged).
    match quotes.apply(&filled) {
        Ok(t) => t,
        Err(e) => {
            problems.push(file.error_at(at, format!("once its placeholders are filled: {}", e.message)).hint(hint));
            filled
        }
    }
}
