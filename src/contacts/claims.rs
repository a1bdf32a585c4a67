//! The claims registry: every statement a material prints that is not a number (a
//! definition, who is targeted, a sign to watch for) is an entry of
//! `materials/claims.yaml` with its published sources and the date it was checked,
//! and its wording per language in `claims.<lang>.yaml`, by id. Copy prints a claim
//! with `{id}` and a `signs` block lists signs by id, so a printed statement either
//! traces to a source or does not build.

use super::{Registry, is_valid_id, today_utc};
use crate::content::quotes::Quotes;
use crate::diag::{Diagnostic, Problems};
use crate::model::{ClaimsFile, CopyFile, CopyText, Loaded, SignKind, load_yaml};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The registry of statements, in `materials/`.
pub const CLAIMS_FILE: &str = "claims.yaml";

/// Keys of a `claims.<lang>.yaml` that are not claims.
const RESERVED: [&str; 2] = ["lang", "fact-words"];

/// Where a claim's text is written: its language file, line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimAt {
    pub file: PathBuf,
    pub line: u64,
    pub col: u64,
}

/// One published source, as a reviewer finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub organization: String,
    pub title: String,
    pub address: String,
    /// Seen only in a reprint: not enough on its own to print a claim.
    pub reprint: bool,
}

/// Every claim, checked: sourced, dated, worded in every language.
#[derive(Clone, Debug, Default)]
pub struct Claims {
    /// Language code -> claim id -> the text as printed (facts filled in).
    texts: BTreeMap<String, BTreeMap<String, (String, ClaimAt)>>,
    /// Claim id -> the sources it rests on.
    sources: BTreeMap<String, Vec<Source>>,
    /// The claims that are signs, and of what.
    signs: BTreeMap<String, SignKind>,
    /// The claim printed after every list of signs.
    note: String,
    /// Language code -> phrases that state a fact: typed into a material's copy
    /// rather than taken from a claim, they are an error.
    fact_words: BTreeMap<String, Vec<String>>,
}

impl Claims {
    /// Read `claims.yaml` and each language's `claims.<lang>.yaml` in `dir` (for the
    /// `languages` the materials are written in). No `claims.yaml` is no claims.
    pub fn load(dir: &Path, registry: &Registry, languages: &[String], quotes: &BTreeMap<String, Quotes>) -> Result<Claims, Problems> {
        let path = dir.join(CLAIMS_FILE);
        if !path.exists() && std::fs::symlink_metadata(&path).is_err() {
            return Ok(Claims::default());
        }
        let file: Loaded<ClaimsFile> = load_yaml(&path)?;
        let mut problems = Vec::new();
        let mut langs = Vec::new();
        for code in languages {
            let lang_path = dir.join(format!("claims.{code}.yaml"));
            // Every language the materials are written in has its claims file, if only
            // for its `fact-words`: without it, a statement typed into that language's
            // copy would go unnoticed.
            if !lang_path.exists() && std::fs::symlink_metadata(&lang_path).is_err() {
                problems.push(
                    Diagnostic::error(format!("the materials are written in `{code}`, but there is no claims.{code}.yaml"))
                        .in_file(&lang_path)
                        .hint(format!(
                            "add claims.{code}.yaml: its `fact-words` (phrases that state a fact in `{code}`) and the wording in `{code}` of each claim its materials print"
                        )),
                );
                continue;
            }
            match load_yaml::<CopyFile>(&lang_path) {
                Ok(l) => langs.push((code.clone(), l)),
                Err(p) => problems.extend(p),
            }
        }
        match Claims::from_files(&file, &langs, registry, quotes) {
            Ok(c) if problems.is_empty() => Ok(c),
            Ok(_) => Err(problems),
            Err(p) => {
                problems.extend(p);
                Err(problems)
            }
        }
    }

    /// The claims of `file` with their wording in each of `langs` (code, file).
    pub fn from_files(
        file: &Loaded<ClaimsFile>,
        langs: &[(String, Loaded<CopyFile>)],
        registry: &Registry,
        quotes: &BTreeMap<String, Quotes>,
    ) -> Result<Claims, Problems> {
        let mut problems = Vec::new();
        let today = today_utc();
        let v = &file.value;
        let mut sources = BTreeMap::new();
        for s in &v.sources {
            if !is_valid_id(&s.id.value) {
                problems.push(file.error_at(&s.id, format!("source id `{}` may use only a-z, 0-9 and -", s.id.value)));
            }
            for (field, text) in [("organization", &s.organization), ("title", &s.title), ("address", &s.address)] {
                if !text.value.chars().any(char::is_alphanumeric) {
                    problems.push(file.error_at(text, format!("source `{}` has an empty `{field}`", s.id.value)));
                }
            }
            let source = Source {
                organization: s.organization.value.clone(),
                title: s.title.value.clone(),
                address: s.address.value.clone(),
                reprint: s.reprint,
            };
            if sources.insert(s.id.value.clone(), source).is_some() {
                problems.push(file.error_at(&s.id, format!("the source `{}` is listed twice", s.id.value)));
            }
        }
        let mut claims: BTreeMap<String, Vec<Source>> = BTreeMap::new();
        let mut signs = BTreeMap::new();
        for c in &v.claims {
            let id = &c.id.value;
            if !is_valid_id(id) {
                problems.push(file.error_at(&c.id, format!("claim id `{id}` may use only a-z, 0-9 and -")));
            }
            if registry.get(id).is_some() || registry.fact(id).is_some() {
                problems
                    .push(file.error_at(&c.id, format!("`{id}` is a contact or a fact in contacts.yaml; claims need ids of their own")));
            }
            let mut rests_on = Vec::new();
            match &c.sources {
                Some(list) if !list.value.is_empty() => {
                    for s in &list.value {
                        match sources.get(&s.value) {
                            Some(source) => rests_on.push(source.clone()),
                            None => problems.push(
                                file.error_at(s, format!("claim `{id}` names the source `{}`, which is not under `sources`", s.value))
                                    .hint("add the page under `sources:` (organization, title, address) first"),
                            ),
                        }
                    }
                }
                Some(list) => problems.push(unsourced(file.error_at(list, format!("claim `{id}` has no sources")))),
                None => problems.push(unsourced(file.error_at(&c.id, format!("claim `{id}` has no `sources`")))),
            }
            problems.extend(super::verified_problem(file, &c.verified, today));
            if let Some(kind) = &c.sign {
                signs.insert(id.clone(), kind.value);
            }
            if claims.insert(id.clone(), rests_on).is_some() {
                problems.push(file.error_at(&c.id, format!("the claim `{id}` is listed twice")));
            }
        }
        if !claims.contains_key(&v.signs_note.value) {
            problems.push(file.error_at(&v.signs_note, format!("`signs-note` names `{}`, which is not a claim", v.signs_note.value)));
        }
        let mut texts = BTreeMap::new();
        let mut fact_words = BTreeMap::new();
        for (code, lang) in langs {
            let mut by_id = BTreeMap::new();
            for (key, value) in &lang.value {
                if key == "fact-words" {
                    match &value.value {
                        CopyText::List(words) if !words.is_empty() && words.iter().all(|w| !fold(w).is_empty()) => {
                            fact_words.insert(code.clone(), words.iter().map(|w| fold(w)).collect::<Vec<_>>());
                        }
                        CopyText::List(_) => problems.push(lang.error_at(value, "`fact-words` lists phrases, none of them empty")),
                        _ => problems.push(lang.error_at(value, "`fact-words` is a list of phrases (lines starting with -)")),
                    }
                    continue;
                }
                if RESERVED.contains(&key.as_str()) {
                    continue;
                }
                if !claims.contains_key(key) {
                    problems.push(
                        lang.error_at(value, format!("`{key}` is not a claim in {CLAIMS_FILE}"))
                            .hint(format!("a statement printed needs its sources: add `{key}` to {CLAIMS_FILE} with `sources` first")),
                    );
                    continue;
                }
                let CopyText::Text(text) = &value.value else {
                    problems.push(lang.error_at(value, format!("claim `{key}` is one text")));
                    continue;
                };
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                // The language's quotation marks on the text as typed (an accent typed
                // for a mark is still itself here, before normalisation splits it).
                let text = match quotes.get(code.as_str()).map(|q| q.apply(&text)) {
                    Some(Ok(t)) => t,
                    Some(Err(e)) => {
                        problems.push(
                            lang.error_at_char(value, e.mark, e.message)
                                .hint("one quotation style per language: see materials/identity.yaml"),
                        );
                        continue;
                    }
                    None => text,
                };
                // The printed-text policy, then the figures and names filled in.
                let printed = match crate::policy::printed(&text, true) {
                    Ok(t) => crate::content::expand_facts(&t, registry).map_err(|(m, h)| lang.error_at(value, m).hint(h)),
                    Err(r @ crate::policy::Refusal::Char { ch, .. }) => Err(lang.error_at_char(value, ch, r.message()).hint(r.hint())),
                    Err(r) => Err(lang.error_at(value, r.message()).hint(r.hint())),
                };
                match printed {
                    Ok(t) if !t.trim().is_empty() => {
                        let at = ClaimAt { file: lang.file.clone(), line: value.referenced.line(), col: value.referenced.column() };
                        by_id.insert(key.clone(), (t, at));
                    }
                    Ok(_) => problems.push(lang.error_at(value, format!("claim `{key}` is empty"))),
                    Err(d) => problems.push(d),
                }
            }
            if !fact_words.contains_key(code) {
                problems.push(
                    lang.error_in("fact-words", "the claims file needs `fact-words`: phrases that state a fact in this language")
                        .hint("list a few, e.g. `- is trafficking`: copy that types one is refused, since statements come from the claims"),
                );
            }
            texts.insert(code.clone(), by_id);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Claims { texts, sources: claims, signs, note: v.signs_note.value.clone(), fact_words })
    }

    /// The text of claim `id` in language `lang`, and where it is written.
    pub fn text(&self, lang: &str, id: &str) -> Option<(&str, &ClaimAt)> {
        self.texts.get(lang)?.get(id).map(|(t, at)| (t.as_str(), at))
    }

    /// Whether `id` is a claim (in any language).
    pub fn is_claim(&self, id: &str) -> bool {
        self.sources.contains_key(id)
    }

    /// Whether `id` is a sign to watch for.
    pub fn sign(&self, id: &str) -> Option<SignKind> {
        self.signs.get(id).copied()
    }

    /// The ids of the signs.
    pub fn sign_ids(&self) -> impl Iterator<Item = &str> {
        self.signs.keys().map(String::as_str)
    }

    /// The claim printed after every list of signs.
    pub fn signs_note(&self) -> &str {
        &self.note
    }

    /// Why claim `id` cannot be printed yet, if it cannot: every source it names was
    /// seen only in a reprint.
    pub fn unprintable(&self, id: &str) -> Option<String> {
        let sources = self.sources.get(id)?;
        (!sources.is_empty() && sources.iter().all(|s| s.reprint)).then(|| {
            let names: Vec<&str> = sources.iter().map(|s| s.organization.as_str()).collect();
            format!("`{id}` rests only on a reprint ({}), not on a page checked live", names.join("; "))
        })
    }

    /// The sources claim `id` rests on.
    pub fn sources_of(&self, id: &str) -> &[Source] {
        self.sources.get(id).map_or(&[], Vec::as_slice)
    }

    /// The first phrase of `lang`'s `fact-words` that `typed` (copy with its
    /// placeholders set aside) contains, as whole words.
    /// Both are compared [`fold`]ed.
    pub fn fact_word_in(&self, lang: &str, typed: &str) -> Option<&str> {
        let words = self.fact_words.get(lang)?;
        let lower = fold(typed);
        words.iter().find(|w| contains_words(&lower, w)).map(String::as_str)
    }
}

fn unsourced(d: Diagnostic) -> Diagnostic {
    d.hint("every statement printed rests on a published page: name it under `sources:` and list its id here, e.g. `sources: [ncmec-cst]`")
}

/// `text` folded for the lints that look for words: compatibility forms made plain
/// (NFKD), accents and other combining marks dropped, dotless `ı` read as `i`, lower
/// case, every run of spaces one. A phrase and the copy are compared folded, so an
/// accent left off (`reportelo`) or put on (`ı̇s`), a fullwidth letter or a doubled space
/// hides nothing.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'ı' { 'i' } else { c })
        .collect::<String>()
        .to_lowercase();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `phrase` stands in `text` with no letter or digit joined to either end.
pub fn contains_words(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = text[from..].find(phrase) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = at + phrase.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::contains_words;

    #[test]
    fn phrases_match_whole_words_only() {
        assert!(contains_words("it is trafficking when", "is trafficking"));
        assert!(contains_words("is trafficking.", "is trafficking"));
        assert!(!contains_words("this trafficking", "is trafficking"));
        assert!(contains_words("llama al 911", "llama"));
        assert!(contains_words("¿tú?", "tú"));
        assert!(!contains_words("tutor", "tu"));
        assert!(!contains_words("actúa", "tú"));
    }
}
