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

/// Keys a language file has besides the blocks' keys: the language tag, the
/// document's title and subject, the words a screen reader says for a QR code and
/// for a county's logo, in this language; and, optionally, the document's author in
/// this language (else the structure file's `author`), and where the language has
/// registers (`identity.yaml`), the file's `register`.
pub const RESERVED: [&str; 7] = ["lang", "title", "subject", "qr-code", "logo", "author", "register"];

/// One language's copy of a material.
pub struct Copy<'a> {
    /// The language code of the file name: `es` in `poster.es.yaml`.
    pub code: &'a str,
    pub file: &'a Loaded<CopyFile>,
    /// The language it falls back to, if the material says so.
    pub fallback: Option<&'a Loaded<CopyFile>>,
    fallback_code: &'a str,
    /// The register of each key's text (`usted`, `tu`), where the language has
    /// registers (`identity.yaml`): the default and the keys that differ.
    register: Option<Register>,
    /// The forms of each register of this language.
    forms: Option<&'a std::collections::BTreeMap<String, Vec<String>>>,
    /// The quotation marks of this language, and of the fallback's.
    quotes: Quotes,
    fallback_quotes: Option<Quotes>,
    used: RefCell<BTreeSet<String>>,
    checked: Option<&'a Checked>,
}

/// What checking each text of one material's language files found (the text as
/// printed and its problems), for each registry it was resolved against: every county
/// edition without local contacts shares the statewide registry, so its copy is
/// checked once, not once per county. Kept with the files it describes
/// ([`crate::project::Source`]), so it never outlives them.
#[derive(Default)]
pub struct Checked(std::sync::Mutex<CheckedMap>);

/// For each text, the registries it was checked against, with the text as printed
/// and its problems.
type CheckedMap = std::collections::HashMap<CheckedKey, Vec<(Registry, String, Problems)>>;

/// A text's language file (by code, and whether it is the copy's own or its fallback)
/// and key.
type CheckedKey = (String, bool, String);

/// Registries remembered for one text: the statewide one and a few county ones (a
/// county's local contacts make a registry of its own).
const CHECKED_PER_TEXT: usize = 4;

impl<'a> Copy<'a> {
    /// This language's copy, falling back to `fallback` (its code and file); the
    /// identity gives each language's quotation marks.
    pub fn new(
        code: &'a str,
        file: &'a Loaded<CopyFile>,
        fallback: Option<(&'a str, &'a Loaded<CopyFile>)>,
        identity: &'a Identity,
    ) -> Result<Copy<'a>, Problems> {
        let quotes = identity.quotes_for(code).map_err(|d| vec![d.in_file(&file.file)])?;
        let fallback_quotes = match fallback {
            Some((c, f)) => Some(identity.quotes_for(c).map_err(|d| vec![d.in_file(&f.file)])?),
            None => None,
        };
        let forms = identity.registers.get(code);
        let register = match forms {
            Some(forms) => Some(Register::of(file, forms)?),
            None => None,
        };
        Ok(Copy {
            code,
            file,
            fallback: fallback.map(|(_, f)| f),
            fallback_code: fallback.map_or("", |(c, _)| c),
            register,
            forms,
            quotes,
            fallback_quotes,
            used: RefCell::new(BTreeSet::new()),
            checked: None,
        })
    }

    /// This copy, reusing (and adding to) what `checked` found before.
    pub fn remembering(self, checked: &'a Checked) -> Copy<'a> {
        Copy { checked: Some(checked), ..self }
    }

    /// The language code of the text in `file` (this language's or the fallback's).
    fn code_of(&self, file: &Loaded<CopyFile>) -> &str {
        if std::ptr::eq(file, self.file) { self.code } else { self.fallback_code }
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
                CopyText::Text(t) => self.check(file, v, &key.value, t, registry, problems),
                CopyText::List(_) | CopyText::Map(_) => {
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
                CopyText::List(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, t)| self.check(file, v, &format!("{}[{i}]", key.value), t, registry, problems))
                    .collect(),
                CopyText::Text(_) | CopyText::Map(_) => {
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
                CopyText::Text(t) => self.check(file, v, key, t, registry, problems),
                CopyText::List(_) | CopyText::Map(_) => {
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

    /// The author in this language's own file (`author:`, never a fallback
    /// language's), checked as printed text as the structure's `author` is; `None`
    /// when the file gives none.
    pub fn author(&self, problems: &mut Problems) -> Option<String> {
        let v = self.file.value.get("author")?;
        let CopyText::Text(t) = &v.value else {
            problems.push(self.file.error_at(v, "`author` must be one text"));
            return None;
        };
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            problems.push(self.file.error_at(v, "`author` is empty").hint("leave `author` out to use the structure file's"));
            return None;
        }
        match crate::policy::check_field(self.file, v, &t, "the author is a name only (the PDF's Author), in this language") {
            Ok(normal) => Some(normal),
            Err(d) => {
                problems.extend(d);
                None
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

/// A language file's register: the default and the keys whose text differs
/// (`register: usted`, or `register: {default: usted, youth: tu}`).
#[derive(Clone, Debug)]
struct Register {
    default: String,
    by_key: std::collections::BTreeMap<String, String>,
}

impl Register {
    /// The register `file` declares; `forms` are its language's registers.
    fn of(file: &Loaded<CopyFile>, forms: &std::collections::BTreeMap<String, Vec<String>>) -> Result<Register, Problems> {
        let names: Vec<&str> = forms.keys().map(String::as_str).collect();
        let known = |r: &str, at: &Spanned<CopyText>| -> Result<String, Problems> {
            if forms.contains_key(r) {
                Ok(r.to_string())
            } else {
                Err(vec![file.error_at(at, format!("`{r}` is not a register; the registers here are {}", names.join(", ")))])
            }
        };
        let Some(v) = file.value.get("register") else {
            return Err(vec![file.error_in("register", "the language file needs `register`: how its texts speak to the reader").hint(
                format!(
                    "add `register:` with one of {}; a text that speaks otherwise is named by its key: `register: {{default: {}, youth: {}}}`",
                    names.join(", "),
                    names[names.len() - 1],
                    names[0]
                ),
            )]);
        };
        match &v.value {
            CopyText::Text(r) => Ok(Register { default: known(r, v)?, by_key: Default::default() }),
            CopyText::Map(m) => {
                let Some(default) = m.get("default") else {
                    return Err(vec![file.error_at(v, "`register` given per key needs `default:`")]);
                };
                let default = known(default, v)?;
                let mut by_key = std::collections::BTreeMap::new();
                for (key, r) in m.iter().filter(|(k, _)| k.as_str() != "default") {
                    if !file.value.contains_key(key) {
                        return Err(vec![file.error_at(v, format!("`register` names `{key}`, which is not a text of this file"))]);
                    }
                    by_key.insert(key.clone(), known(r, v)?);
                }
                Ok(Register { default, by_key })
            }
            CopyText::List(_) => Err(vec![file.error_at(v, "`register` is one word, or a map of keys to registers")]),
        }
    }

    /// The register of the text of `key` (`online[2]`: an item of `online`).
    fn of_key(&self, key: &str) -> &str {
        let key = key.split('[').next().unwrap_or(key);
        self.by_key.get(key).unwrap_or(&self.default)
    }
}

impl Copy<'_> {
    /// Expand placeholders in a piece of copy (the text of `key`) and check it: its
    /// length, the printed-text policy, that it states no fact of its own, and that it
    /// speaks in the file's register; problems are reported at its position in the
    /// language file.
    fn check(
        &self,
        file: &Loaded<CopyFile>,
        at: &Spanned<CopyText>,
        key: &str,
        text: &str,
        registry: &Registry,
        problems: &mut Problems,
    ) -> String {
        let Some(checked) = self.checked else { return self.check_now(file, at, key, text, registry, problems) };
        let id = (self.code_of(file).to_string(), std::ptr::eq(file, self.file), key.to_string());
        let seen = |c: &CheckedMap| c.get(&id)?.iter().find(|(r, _, _)| r.same(registry)).map(|(_, t, p)| (t.clone(), p.clone()));
        if let Some((printed, found)) = checked.0.lock().ok().and_then(|c| seen(&c)) {
            problems.extend(found);
            return printed;
        }
        let mut found = Vec::new();
        let printed = self.check_now(file, at, key, text, registry, &mut found);
        if let Ok(mut c) = checked.0.lock() {
            let kept = c.entry(id).or_default();
            if kept.len() >= CHECKED_PER_TEXT {
                kept.pop();
            }
            kept.push((registry.clone(), printed.clone(), found.clone()));
        }
        problems.extend(found);
        printed
    }

    fn check_now(
        &self,
        file: &Loaded<CopyFile>,
        at: &Spanned<CopyText>,
        key: &str,
        text: &str,
        registry: &Registry,
        problems: &mut Problems,
    ) -> String {
        let quotes = self.quotes_of(file);
        let code = self.code_of(file);
        let typed = without_placeholders(text);
        if let Some(words) = registry.claims().fact_word_in(code, &typed) {
            problems.push(
                file.error_at(at, format!("`{key}` states a fact in words of its own (\u{201c}{words}\u{201d}); statements come from the claims registry with their sources"))
                    .hint(format!("add the statement to materials/claims.yaml with its `sources` and its text to claims.{code}.yaml, then write `{{its-id}}` here")),
            );
        }
        let filled = check(file, at, text, quotes, code, registry, problems);
        if std::ptr::eq(file, self.file)
            && let Some((expected, r, w)) = self.other_register(Some(key), &filled)
        {
            let default = self.register.as_ref().map_or("", |reg| reg.default.as_str());
            problems.push(
                file.error_at(at, format!("`{key}` says \u{201c}{w}\u{201d}, which speaks as `{r}`, but this text is in `{expected}`"))
                    .hint(format!("write it in `{expected}`, or declare its register: `register: {{default: {default}, {key}: {r}}}`")),
            );
        }
        filled
    }

    /// A form of another register than the one `key`'s text (or, with no key, this
    /// file's default) speaks in, found in `text`: (the expected register, the other,
    /// the word), all folded.
    pub fn other_register(&self, key: Option<&str>, text: &str) -> Option<(&str, &str, &str)> {
        let (register, forms) = (self.register.as_ref()?, self.forms?);
        let expected = key.map_or(register.default.as_str(), |k| register.of_key(k));
        let folded = crate::contacts::fold(text);
        forms.iter().filter(|(r, _)| r.as_str() != expected).find_map(|(r, words)| {
            words.iter().find(|w| crate::contacts::contains_words(&folded, w)).map(|w| (expected, r.as_str(), w.as_str()))
        })
    }
}

/// `text` with its `{placeholders}` set aside (what the writer typed); `{{` and `}}`
/// are literal braces, kept, as [`super::expand`] prints them.
fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let Some(inside) = tail.strip_prefix('{') {
            out.push(' ');
            // An unclosed brace is an error of its own (expand): keep the rest to lint.
            rest = match inside.find('}') {
                Some(close) => &inside[close + 1..],
                None => inside,
            };
        } else {
            out.push('}');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Expand placeholders in a piece of copy and check its length, reporting problems at
/// its position in the language file.
fn check(
    file: &Loaded<CopyFile>,
    at: &Spanned<CopyText>,
    text: &str,
    quotes: Quotes,
    lang: &str,
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
    let filled = match expand(&text, registry, lang) {
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
