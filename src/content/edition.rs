//! Editions: the statewide materials, or a county's overlay of its name, local
//! contacts and a local web page. Nothing else can be changed by a county file.

use crate::contacts::{Contact, Registry, WebUrl, is_valid_id};
use crate::diag::{Diagnostic, Problems};
use crate::logo::Logo;
use crate::model::{CountyFile, DEFAULT_LANG, Loaded, LocalText, Spanned, is_lang_code, language_words};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The longest county name the templates leave room for (on one line of a poster's
/// band beside the widest logo).
pub const MAX_NAME_CHARS: usize = 40;

/// The id of the statewide edition (its output folder).
pub const STATEWIDE: &str = "colorado";

#[derive(Clone, Debug)]
pub struct Edition {
    /// `colorado` for the statewide edition, else the county id (`boulder`).
    pub id: String,
    /// The county's name for messages (in English, else the first given); `None` for
    /// the statewide edition.
    pub name: Option<String>,
    /// The name printed on the materials, by language code; empty statewide. A
    /// language without one has no edition of this county.
    pub names: BTreeMap<String, Name>,
    /// Line and column of `name` in the county file, and that line's text as a message
    /// shows it.
    pub name_at: (u64, u64),
    pub name_line: String,
    pub file: Option<PathBuf>,
    /// Statewide channels plus this edition's local ones.
    pub registry: Registry,
    /// Material id -> local contacts shown on it, in order.
    pub show: BTreeMap<String, Vec<Contact>>,
    pub web: Option<LocalWeb>,
    pub logo: Option<Arc<Logo>>,
    /// What every edition shares: issuer, revision, palette, quotation marks.
    pub identity: Arc<super::Identity>,
}

/// A county's name in one language, as printed, and where the county file gives it.
#[derive(Clone, Debug)]
pub struct Name {
    pub text: String,
    /// The field path (`name`, or `name.es` for a name given per language), its line
    /// and column.
    pub field: String,
    pub at: (u64, u64),
}

/// A local web page shown as a QR code.
#[derive(Clone, Debug)]
pub struct LocalWeb {
    pub url: WebUrl,
    pub caption: String,
    pub on: Vec<String>,
}

impl Edition {
    pub fn statewide(registry: &Registry, identity: &Arc<super::Identity>) -> Edition {
        Edition {
            id: STATEWIDE.to_string(),
            name: None,
            names: BTreeMap::new(),
            name_at: (0, 0),
            name_line: String::new(),
            file: None,
            registry: registry.clone(),
            show: BTreeMap::new(),
            web: None,
            logo: None,
            identity: identity.clone(),
        }
    }

    /// Check a county file against the statewide registry and the material ids.
    pub fn county(
        file: &Loaded<CountyFile>,
        id: &str,
        statewide: &Registry,
        identity: &Arc<super::Identity>,
        materials: &[String],
    ) -> Result<Edition, Problems> {
        let c = &file.value;
        let mut problems = Vec::new();
        if !is_valid_id(id) || id == STATEWIDE {
            problems.push(file.error_in("file name", format!("`{id}` cannot be a county id: use a-z, 0-9 and - (and not `{STATEWIDE}`)")));
        }
        let names = names(file, &mut problems);
        let local = match Registry::from_entries(file, &c.contacts) {
            Ok(r) => r,
            Err(p) => {
                problems.extend(p);
                Registry::default()
            }
        };
        for entry in &c.contacts {
            if statewide.get(&entry.id.value).is_some() {
                problems.push(
                    file.error_at(&entry.id, format!("`{}` is a statewide channel; statewide channels are locked", entry.id.value))
                        .hint("add your local contact under a new id, e.g. `<county>-da`"),
                );
            }
        }
        let mut show = BTreeMap::new();
        for (material, ids) in &c.show {
            if !materials.contains(material) {
                problems.push(
                    file.error_at(ids, format!("`show` names `{material}`, which is not a material"))
                        .hint(format!("materials: {}", materials.join(", "))),
                );
                continue;
            }
            let mut list = Vec::new();
            for cid in &ids.value {
                match local.get(&cid.value) {
                    Some(contact) if contact.phone.is_none() => {
                        problems.push(file.error_at(cid, format!("`{}` has no `phone` to print", cid.value)));
                    }
                    Some(contact) => list.push(contact.clone()),
                    // The contact is in the file but has a problem of its own, reported above.
                    None if c.contacts.iter().any(|e| e.id.value == cid.value) => {}
                    None => problems.push(
                        file.error_at(cid, format!("`{}` is not one of this file's `contacts`", cid.value))
                            .hint("`show` lists local contacts; the statewide channels are on every material already"),
                    ),
                }
            }
            show.insert(material.clone(), list);
        }
        let web = match &c.web {
            None => None,
            Some(w) => {
                for m in &w.on {
                    if !materials.contains(&m.value) {
                        problems.push(file.error_at(m, format!("`{}` is not a material", m.value)));
                    }
                }
                if w.caption.value.trim().is_empty() {
                    problems.push(file.error_at(&w.caption, "the web page's `caption` is empty"));
                }
                if w.source.value.trim().is_empty() {
                    problems.push(file.error_at(&w.source, "the web page needs a `source`: who confirmed the address is the county's"));
                }
                problems.extend(crate::contacts::verified_problem(file, &w.verified, crate::contacts::today_utc()));
                let caption = match crate::policy::check_field(
                    file,
                    &w.caption,
                    &w.caption.value,
                    "the caption says what the code opens; the address itself is printed under it",
                ) {
                    Ok(c) => c,
                    Err(d) => {
                        problems.extend(d);
                        String::new()
                    }
                };
                match WebUrl::parse(&w.url.value) {
                    Ok(url) => Some(LocalWeb { url, caption, on: w.on.iter().map(|m| m.value.clone()).collect() }),
                    Err(msg) => {
                        problems.push(file.error_at(&w.url, msg.to_string()));
                        None
                    }
                }
            }
        };
        let logo = c.logo.as_ref().and_then(|name| match logo_beside(file, name, "the counties folder") {
            Ok(l) => Some(l),
            Err(d) => {
                problems.push(*d);
                None
            }
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let name_at = name_at(file);
        let readable = names.get(DEFAULT_LANG).or(names.values().next()).map_or_else(|| id.to_string(), |n| n.text.clone());
        Ok(Edition {
            logo,
            id: id.to_string(),
            name: Some(readable),
            names,
            // As a message shows it (control characters replaced).
            name_line: Diagnostic::error("").at(name_at.0, name_at.1).with_source(&file.source).snippet.unwrap_or_default(),
            name_at,
            file: Some(file.file.clone()),
            registry: statewide.with(&local),
            show,
            web,
            identity: identity.clone(),
        })
    }

    /// The county's name in language `lang` as printed, or the problem: the county file
    /// gives none in it (a Spanish edition never prints the English name). `None`
    /// statewide.
    pub fn name_in(&self, lang: &str) -> Option<Result<&Name, Diagnostic>> {
        let file = self.file.as_ref()?;
        Some(self.names.get(lang).ok_or_else(|| {
            let once = self.names.values().all(|n| n.field == "name");
            let named = crate::model::language_name(lang).map_or_else(|| format!("`{lang}`"), str::to_string);
            let d = Diagnostic::error(format!(
                "`name` has no {} text: the {named} materials cannot print the county's name",
                language_words(lang)
            ))
            .in_file(file)
            .field(format!("name.{lang}"))
            .at(self.name_at.0, self.name_at.1);
            let d = Diagnostic { snippet: Some(self.name_line.clone()), ..d };
            match (once, self.name.as_deref()) {
                (true, Some(given)) => d.hint(format!(
                    "a name given once is the {} name; give it per language: `name: {{{DEFAULT_LANG}: {given}, {lang}: ...}}`, the county's name in {named} after `{lang}:`",
                    language_words(DEFAULT_LANG),
                )),
                _ => d.hint(format!("add `{lang}: ...` under `name`: the county's name in {named}")),
            }
        }))
    }
}

/// The county's name in each language it gives, checked: a language code, not empty,
/// at most [`MAX_NAME_CHARS`], printed text only (no number, no address, no
/// invisible character). A name given once is the default language's.
fn names(file: &Loaded<CountyFile>, problems: &mut Problems) -> BTreeMap<String, Name> {
    let name = &file.value.name;
    let mut out = BTreeMap::new();
    for (lang, text) in LocalText::spanned(name) {
        // What the messages call the text: `name`, or `name` in Spanish (es).
        let what = lang.map_or("`name`".to_string(), |l| format!("`name` in {}", language_words(l)));
        if let Some(l) = lang.filter(|l| !is_lang_code(l)) {
            problems.push(file.error_at(&text, format!("`{l}` is not a language code such as en or es")));
            continue;
        }
        let chars = text.value.trim().chars().count();
        if text.value.trim().is_empty() {
            problems.push(file.error_at(&text, format!("{what} is empty")));
            continue;
        } else if chars > MAX_NAME_CHARS {
            let hint = match lang {
                None | Some(DEFAULT_LANG) => "use the county's short name, e.g. `Clear Creek County`",
                Some(_) => "use the county's short name",
            };
            problems.push(
                file.error_at(&text, format!("{what} is {chars} characters; the materials have room for {MAX_NAME_CHARS}")).hint(hint),
            );
        }
        match crate::policy::check_field(file, &text, text.value, "`name` is the county's name only; put numbers in `contacts`") {
            Ok(printed) => {
                let field = lang.map_or("name".to_string(), |l| format!("name.{l}"));
                let at = (text.referenced.line(), text.referenced.column());
                out.insert(lang.unwrap_or(DEFAULT_LANG).to_string(), Name { text: printed, field, at });
            }
            Err(d) => problems.extend(d),
        }
    }
    out
}

/// Where the county file sets `name`: the value given once, or for a name given per
/// language the line of the `name` key (a block mapping's own position is its first
/// entry's, on a line below).
fn name_at(file: &Loaded<CountyFile>) -> (u64, u64) {
    let at = file.value.name.referenced;
    if matches!(file.value.name.value, LocalText::One(_)) {
        return (at.line(), at.column());
    }
    // `name` is a key of the file's top-level mapping: the nearest line at or above the
    // value's that starts at the margin and is not a comment is the key's.
    let lines: Vec<&str> = file.source.lines().collect();
    (1..=at.line())
        .rev()
        .find(|&l| lines.get(l as usize - 1).is_some_and(|t| !t.starts_with([' ', '\t', '#']) && !t.trim().is_empty()))
        .map_or((at.line(), at.column()), |l| (l, 1))
}

/// The PNG logo named `name` in the folder of `file` (`folder` names it in messages),
/// read with a size limit and decoded.
pub(super) fn logo_beside<T>(file: &Loaded<T>, name: &Spanned<String>, folder: &str) -> Result<Arc<Logo>, Box<Diagnostic>> {
    let plain = !name.value.is_empty() && !name.value.contains(['/', '\\']) && !name.value.starts_with('.');
    let dir = file.file.parent().unwrap_or(std::path::Path::new("."));
    if !plain {
        return Err(Box::new(file.error_at(name, format!("`logo` is the name of a PNG file in {folder}, without a path"))));
    }
    let path = dir.join(&name.value);
    crate::fsio::read_in(dir, &path, crate::logo::MAX_BYTES as u64)
        .map_err(|e| match e {
            crate::fsio::ReadError::TooLarge(_) => format!("the logo is larger than {} bytes", crate::logo::MAX_BYTES),
            e => format!("the logo {} {e}", path.display()),
        })
        .and_then(|b| Logo::from_png(&b).map_err(|e| e.to_string()))
        .map(Arc::new)
        .map_err(|msg| Box::new(file.error_at(name, msg)))
}
