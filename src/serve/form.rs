//! The web form's view of a county file: read from the file, written back in the
//! starter's shape and order (`county::starter`), with the header comment kept and,
//! for every value written, the line it is on, so that a problem the checks find at a
//! line is shown beside the field that wrote it.

use crate::model::{CountyFile, DEFAULT_LANG, LocalText};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a county file may set, as the page edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyForm {
    /// The county's name per language code; a name given once (the English name only)
    /// has the key `*`.
    pub name: BTreeMap<String, String>,
    #[serde(default)]
    pub contacts: Vec<ContactForm>,
    /// The logo's file name in the counties folder, if any.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub web: Option<WebForm>,
    /// `show:` as the file lists it (material, contact ids), kept so that saving
    /// keeps each list's order (the order the contacts print in) and what it repeats.
    #[serde(default)]
    pub listed: Vec<(String, Vec<String>)>,
    /// A logo uploaded on this page and not yet saved (its upload id); not written.
    #[serde(default)]
    pub upload: Option<String>,
}

/// One local contact. Texts given per language are keyed by language code; a text
/// given once for every language has the key `*`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactForm {
    pub id: String,
    pub name: BTreeMap<String, String>,
    #[serde(default)]
    pub label: BTreeMap<String, String>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub digits: String,
    #[serde(default)]
    pub sms: String,
    #[serde(default)]
    pub sms_word: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub verified: String,
    /// The materials it is shown on (`show:` in the file), in the file's order.
    #[serde(default)]
    pub show: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebForm {
    pub url: String,
    pub caption: String,
    #[serde(default)]
    pub on: Vec<String>,
    /// Who confirmed the page, and when (YYYY-MM-DD), as for a contact.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub verified: String,
}

/// The key of a text given once: a contact's for every language, a county's name for
/// the default language (English) only.
pub const EVERY_LANGUAGE: &str = "*";

fn texts(t: &LocalText) -> BTreeMap<String, String> {
    match t {
        LocalText::One(s) => BTreeMap::from([(EVERY_LANGUAGE.to_string(), s.clone())]),
        LocalText::ByLang(m) => m.iter().map(|(l, t)| (l.clone(), t.value.clone())).collect(),
    }
}

impl CountyForm {
    /// The form of a parsed county file. `show` lists are taken per contact; an id
    /// listed under `show` that is not one of the file's contacts is kept nowhere, and
    /// is named in the returned list so that the page can say so before a save.
    pub fn from_file(file: &CountyFile) -> (CountyForm, Vec<String>) {
        let mut dropped = Vec::new();
        let mut contacts: Vec<ContactForm> = file
            .contacts
            .iter()
            .map(|c| ContactForm {
                id: c.id.value.clone(),
                name: texts(&c.name.value),
                label: c.label.as_ref().map(|l| texts(&l.value)).unwrap_or_default(),
                phone: c.phone.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
                digits: c.digits.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
                sms: c.sms.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
                sms_word: c.sms_word.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
                url: c.url.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
                source: c.source.value.clone(),
                verified: c.verified.value.clone(),
                show: Vec::new(),
            })
            .collect();
        // In the file's order (the map is sorted; the lines are not).
        let mut show: Vec<_> = file.show.iter().collect();
        show.sort_by_key(|(_, ids)| (ids.referenced.line(), ids.referenced.column()));
        let listed = show.iter().map(|(m, ids)| (m.to_string(), ids.value.iter().map(|i| i.value.clone()).collect())).collect();
        for (material, ids) in show {
            for id in &ids.value {
                match contacts.iter_mut().find(|c| c.id == id.value) {
                    Some(c) if !c.show.contains(material) => c.show.push(material.clone()),
                    Some(_) => {}
                    None => dropped.push(format!("`{}` under `show: {material}` is not one of the file's contacts", id.value)),
                }
            }
        }
        let form = CountyForm {
            name: texts(&file.name.value),
            contacts,
            logo: file.logo.as_ref().map(|l| l.value.clone()),
            web: file.web.as_ref().map(|w| WebForm {
                url: w.url.value.clone(),
                caption: w.caption.value.clone(),
                on: w.on.iter().map(|m| m.value.clone()).collect(),
                source: w.source.value.clone(),
                verified: w.verified.value.clone(),
            }),
            listed,
            upload: None,
        };
        (form, dropped)
    }

    /// The county file's text: `header` (comment lines, kept as they are), then the
    /// fields in the starter's order. Returns the text and, for each line that holds a
    /// value, the form field it came from (`contacts.0.phone`).
    pub fn to_yaml(&self, header: &str) -> (String, Vec<(u64, String)>) {
        let mut w = Writer { text: String::new(), fields: Vec::new() };
        for line in header.lines() {
            w.line(line.to_string(), None);
        }
        w.texts("", "name", &self.name, "name");
        if !self.contacts.is_empty() {
            w.line("contacts:".into(), None);
        }
        for (i, c) in self.contacts.iter().enumerate() {
            let at = |f: &str| Some(format!("contacts.{i}.{f}"));
            w.line(format!("  - id: {}", scalar(&c.id)), at("id"));
            w.texts("    ", "name", &c.name, &format!("contacts.{i}.name"));
            if c.label.values().any(|t| !t.is_empty()) {
                w.texts("    ", "label", &c.label, &format!("contacts.{i}.label"));
            }
            for (key, value, field) in [
                ("phone", &c.phone, "phone"),
                ("digits", &c.digits, "digits"),
                ("sms", &c.sms, "sms"),
                ("sms-word", &c.sms_word, "sms_word"),
                ("url", &c.url, "url"),
            ] {
                if !value.is_empty() {
                    w.line(format!("    {key}: {}", scalar(value)), at(field));
                }
            }
            w.line(format!("    source: {}", scalar(&c.source)), at("source"));
            w.line(format!("    verified: {}", scalar(&c.verified)), at("verified"));
        }
        let show = self.show();
        if !show.is_empty() {
            w.line("show:".into(), None);
            for (material, ids) in &show {
                let list: Vec<String> = ids.iter().map(|id| scalar(id)).collect();
                // A line naming one contact is that contact's; several, the list's.
                let field = match ids.as_slice() {
                    [one] => self.contacts.iter().position(|c| &c.id == one).map(|i| format!("contacts.{i}.show")),
                    _ => None,
                };
                w.line(format!("  {}: [{}]", scalar(material), list.join(", ")), field.or(Some("show".into())));
            }
        }
        if let Some(logo) = &self.logo {
            w.line(format!("logo: {}", scalar(logo)), Some("logo".into()));
        }
        if let Some(web) = &self.web {
            w.line("web:".into(), Some("web.url".into()));
            w.line(format!("  url: {}", scalar(&web.url)), Some("web.url".into()));
            w.line(format!("  caption: {}", scalar(&web.caption)), Some("web.caption".into()));
            let on: Vec<String> = web.on.iter().map(|m| scalar(m)).collect();
            w.line(format!("  on: [{}]", on.join(", ")), Some("web.on".into()));
            w.line(format!("  source: {}", scalar(&web.source)), Some("web.source".into()));
            w.line(format!("  verified: {}", scalar(&web.verified)), Some("web.verified".into()));
        }
        (w.text, w.fields)
    }

    /// `show:` as it is written: each list as the file listed it (its order, what it
    /// repeats), less the contacts no longer shown there, then the contacts newly
    /// shown there in contact order; materials in the file's order, then new ones.
    pub fn show(&self) -> Vec<(String, Vec<String>)> {
        let shows = |id: &str, m: &str| self.contacts.iter().any(|c| c.id == id && c.show.iter().any(|s| s == m));
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (m, ids) in &self.listed {
            if !out.iter().any(|(x, _)| x == m) {
                out.push((m.clone(), ids.iter().filter(|id| shows(id, m)).cloned().collect()));
            }
        }
        for c in &self.contacts {
            for m in &c.show {
                let at = match out.iter().position(|(x, _)| x == m) {
                    Some(at) => at,
                    None => {
                        out.push((m.clone(), Vec::new()));
                        out.len() - 1
                    }
                };
                if !out[at].1.contains(&c.id) {
                    out[at].1.push(c.id.clone());
                }
            }
        }
        out.retain(|(_, ids)| !ids.is_empty());
        out
    }

    /// What the form cannot stand for in a county file, whatever its values: keys that
    /// are not language codes (texts) or ids (materials, contacts).
    pub fn shape_problem(&self) -> Option<String> {
        let lang_ok = |k: &String| k == EVERY_LANGUAGE || crate::model::is_lang_code(k);
        if let Some(k) = self.name.keys().find(|k| !lang_ok(k)) {
            return Some(format!("`{}` is not a language code", k.chars().take(40).collect::<String>()));
        }
        for c in &self.contacts {
            if let Some(k) = c.name.keys().chain(c.label.keys()).find(|k| !lang_ok(k)) {
                return Some(format!("`{}` is not a language code", k.chars().take(40).collect::<String>()));
            }
            if let Some(m) = c.show.iter().find(|m| !crate::contacts::is_valid_id(m)) {
                return Some(format!("`{}` is not a material", m.chars().take(40).collect::<String>()));
            }
        }
        let ids = self.listed.iter().flat_map(|(m, ids)| std::iter::once(m).chain(ids));
        if let Some(bad) = ids.chain(self.web.iter().flat_map(|w| &w.on)).find(|m| !crate::contacts::is_valid_id(m)) {
            return Some(format!("`{}` is not an id", bad.chars().take(40).collect::<String>()));
        }
        None
    }
}

struct Writer {
    text: String,
    fields: Vec<(u64, String)>,
}

impl Writer {
    fn line(&mut self, line: String, field: Option<String>) {
        let n = self.text.matches('\n').count() as u64 + 1;
        if let Some(f) = field {
            self.fields.push((n, f));
        }
        self.text.push_str(&line);
        self.text.push('\n');
    }

    /// `key: text` for a text given once, else `key:` and one line per language.
    fn texts(&mut self, indent: &str, key: &str, texts: &BTreeMap<String, String>, field: &str) {
        let given: Vec<(&String, &String)> = texts.iter().filter(|(_, t)| !t.is_empty()).collect();
        match given.as_slice() {
            [] => self.line(format!("{indent}{key}: \"\""), Some(format!("{field}.{EVERY_LANGUAGE}"))),
            [(lang, text)] if lang.as_str() == EVERY_LANGUAGE => {
                self.line(format!("{indent}{key}: {}", scalar(text)), Some(format!("{field}.{EVERY_LANGUAGE}")))
            }
            _ => {
                let first = given.first().map(|(l, _)| format!("{field}.{l}"));
                self.line(format!("{indent}{key}:"), first);
                for (lang, text) in given {
                    self.line(format!("{indent}  {}: {}", scalar(lang), scalar(text)), Some(format!("{field}.{lang}")));
                }
            }
        }
    }
}

/// The header of a county file: its leading comment and blank lines, up to the first
/// line that sets something.
pub fn header(source: &str) -> String {
    // A byte-order mark (an editor's) is not kept; the comment after it is.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut out = String::new();
    for line in source.lines() {
        let t = line.trim_start();
        if !(t.is_empty() || t.starts_with('#')) {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    // Blank lines between the header and `name:` are kept; trailing ones beyond one are not.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// True when the file has comment lines after its header (saving the form does not
/// keep them; the page says so).
pub fn has_later_comments(source: &str) -> bool {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let head = header(source).lines().count();
    source.lines().skip(head).any(|l| l.trim_start().starts_with('#') || l.contains(" #") || l.contains("\t#"))
}

/// A YAML scalar for `s`: plain where plain is unambiguous text, else double-quoted
/// with escapes, so that the file reads back exactly as `s`.
pub fn scalar(s: &str) -> String {
    if plain_is_safe(s) { s.to_string() } else { quoted(s) }
}

fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    let reserved = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"];
    if reserved.contains(&s.to_ascii_lowercase().as_str()) || s.trim() != s {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`.+=<".contains(first) {
        return false;
    }
    // Numbers and number-like text read as numbers: only phone and date shapes
    // (digits with hyphens) stay plain.
    if first.is_ascii_digit() && !(s.contains('-') && s.chars().all(|c| c.is_ascii_digit() || c == '-')) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains(['[', ']', '{', '}', ',', '"', '\\']) {
        return false;
    }
    // Letters, digits, spaces and a few marks of names; anything else is quoted.
    s.chars().all(|c| c.is_alphanumeric() || " -'’.()&/:;?!«»“”‘".contains(c))
}

fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What changed between two forms, one line each, in words a partner uses.
pub fn changes(old: &CountyForm, new: &CountyForm) -> Vec<String> {
    let mut out = Vec::new();
    let mut changed = |what: String, a: &str, b: &str| {
        if a != b {
            out.push(match (a.is_empty(), b.is_empty()) {
                (true, _) => format!("{what}: set to “{b}”"),
                (_, true) => format!("{what}: removed (was “{a}”)"),
                _ => format!("{what}: “{a}” → “{b}”"),
            });
        }
    };
    // The county's name given once is its English name.
    let by_lang = |f: &CountyForm| -> BTreeMap<String, String> {
        f.name.iter().map(|(l, t)| (if l == EVERY_LANGUAGE { DEFAULT_LANG.to_string() } else { l.clone() }, t.clone())).collect()
    };
    let (was, now) = (by_lang(old), by_lang(new));
    let langs: std::collections::BTreeSet<&String> = was.keys().chain(now.keys()).collect();
    for l in langs {
        changed(format!("County name ({l})"), was.get(l).map_or("", |s| s), now.get(l).map_or("", |s| s));
    }
    for c in &new.contacts {
        let who = c.name.values().find(|t| !t.is_empty()).cloned().unwrap_or_else(|| c.id.clone());
        let Some(o) = old.contacts.iter().find(|o| o.id == c.id) else {
            // Listed even with nothing typed yet: a new contact is a change.
            changed(format!("New contact “{who}”"), "", if c.phone.is_empty() { "no number yet" } else { &c.phone });
            continue;
        };
        let langs: std::collections::BTreeSet<&String> = o.name.keys().chain(c.name.keys()).collect();
        for l in langs {
            let at = if l == EVERY_LANGUAGE { String::new() } else { format!(" ({l})") };
            changed(format!("{who}: name{at}"), o.name.get(l).map_or("", |s| s), c.name.get(l).map_or("", |s| s));
        }
        let langs: std::collections::BTreeSet<&String> = o.label.keys().chain(c.label.keys()).collect();
        for l in langs {
            let at = if l == EVERY_LANGUAGE { String::new() } else { format!(" ({l})") };
            changed(format!("{who}: what it helps with{at}"), o.label.get(l).map_or("", |s| s), c.label.get(l).map_or("", |s| s));
        }
        for (what, a, b) in [
            ("phone", &o.phone, &c.phone),
            ("digits", &o.digits, &c.digits),
            ("text number", &o.sms, &c.sms),
            ("text word", &o.sms_word, &c.sms_word),
            ("web address", &o.url, &c.url),
            ("checked at", &o.source, &c.source),
            ("checked on", &o.verified, &c.verified),
        ] {
            changed(format!("{who}: {what}"), a, b);
        }
        // Where it is shown, not in which order the file lists the materials.
        let sorted = |v: &[String]| {
            let mut v = v.to_vec();
            v.sort();
            v.join(", ")
        };
        changed(format!("{who}: shown on"), &sorted(&o.show), &sorted(&c.show));
    }
    for o in &old.contacts {
        if !new.contacts.iter().any(|c| c.id == o.id) {
            let who = o.name.values().find(|t| !t.is_empty()).cloned().unwrap_or_else(|| o.id.clone());
            changed(format!("Contact “{who}”"), format!("{who} {}", o.phone).trim_end(), "");
        }
    }
    let logo = |f: &CountyForm| f.logo.clone().unwrap_or_default();
    changed("Logo".into(), &logo(old), &logo(new));
    let web = |f: &CountyForm, part: fn(&WebForm) -> String| f.web.as_ref().map(part).unwrap_or_default();
    changed("Web page".into(), &web(old, |w| w.url.clone()), &web(new, |w| w.url.clone()));
    changed("Web page caption".into(), &web(old, |w| w.caption.clone()), &web(new, |w| w.caption.clone()));
    changed("Web page shown on".into(), &web(old, |w| w.on.join(", ")), &web(new, |w| w.on.join(", ")));
    changed("Web page checked with".into(), &web(old, |w| w.source.clone()), &web(new, |w| w.source.clone()));
    changed("Web page checked on".into(), &web(old, |w| w.verified.clone()), &web(new, |w| w.verified.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_yaml;
    use proptest::prelude::*;
    use std::path::Path;

    fn read(text: &str) -> CountyForm {
        let file = parse_yaml::<CountyFile>(Path::new("x.yaml"), text.to_string()).unwrap_or_else(|p| panic!("{p:?}\n{text}"));
        CountyForm::from_file(&file.value).0
    }

    #[test]
    fn boulder_reads_and_writes_back_the_same_file() {
        let text = std::fs::read_to_string("materials/counties/boulder.yaml").unwrap();
        let form = read(&text);
        assert_eq!(form.contacts[0].phone, "303-441-3700");
        assert_eq!(form.contacts[0].show.len(), 5);
        let (written, fields) = form.to_yaml(&header(&text));
        assert_eq!(written, text);
        let line = |f: &str| fields.iter().find(|(_, k)| k == f).map(|(l, _)| *l).unwrap();
        assert_eq!(text.lines().nth(line("contacts.0.phone") as usize - 1), Some("    phone: 303-441-3700"));
        assert_eq!(text.lines().nth(line("contacts.0.name.es") as usize - 1).map(str::trim_start).map(|l| &l[..3]), Some("es:"));
    }

    #[test]
    fn every_shipped_county_file_writes_back_byte_for_byte() {
        let mut seen = 0;
        for entry in std::fs::read_dir("materials/counties").unwrap().flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let form = read(&text);
            let (written, fields) = form.to_yaml(&header(&text));
            assert_eq!(written, text, "{}", path.display());
            assert_eq!(read(&written), form, "{}", path.display());
            // The county's name in English and in Spanish, each on its own line.
            let line = |f: &str| fields.iter().rfind(|(_, k)| k == f).map(|(l, _)| text.lines().nth(*l as usize - 1).unwrap());
            assert_eq!(line("name.en"), Some(format!("  en: {}", form.name["en"]).as_str()), "{}", path.display());
            assert_eq!(line("name.es"), Some(format!("  es: {}", form.name["es"]).as_str()), "{}", path.display());
            seen += 1;
        }
        assert_eq!(seen, 64);
    }

    #[test]
    fn a_county_name_given_once_stays_once_and_per_language_becomes_lines() {
        let mut form = read("name: X County\n");
        assert_eq!(form.name, BTreeMap::from([(EVERY_LANGUAGE.to_string(), "X County".to_string())]));
        let (text, fields) = form.to_yaml("");
        assert_eq!(text, "name: X County\n");
        assert_eq!(fields, [(1, "name.*".to_string())]);
        form.name = BTreeMap::from([("en".into(), "X County".into()), ("es".into(), "Condado de X".into())]);
        let (text, fields) = form.to_yaml("# head\n");
        assert_eq!(text, "# head\nname:\n  en: X County\n  es: Condado de X\n");
        assert!(fields.contains(&(4, "name.es".to_string())), "{fields:?}");
        let old = read("name: X County\n");
        // A name given once is the English one: giving it per language changes nothing in English.
        assert_eq!(changes(&old, &form), ["County name (es): set to “Condado de X”"]);
    }

    #[test]
    fn labels_and_one_text_for_every_language_are_written_as_the_starter_describes() {
        let mut form = read(
            "name: X County\ncontacts:\n  - id: x-da\n    name: X DA\n    phone: 303-441-3700\n    source: web\n    verified: 2026-11-01\n",
        );
        assert_eq!(form.contacts[0].name, BTreeMap::from([(EVERY_LANGUAGE.to_string(), "X DA".to_string())]));
        form.contacts[0].label = BTreeMap::from([("en".into(), "helps you file a report".into()), ("es".into(), "le ayuda".into())]);
        form.contacts[0].show = vec!["wallet-card".into(), "poster".into()];
        let (text, fields) = form.to_yaml("");
        assert_eq!(
            text,
            "name: X County\ncontacts:\n  - id: x-da\n    name: X DA\n    label:\n      en: helps you file a report\n      es: le ayuda\n    \
             phone: 303-441-3700\n    source: web\n    verified: 2026-11-01\nshow:\n  wallet-card: [x-da]\n  poster: [x-da]\n"
        );
        assert!(fields.contains(&(7, "contacts.0.label.es".to_string())), "{fields:?}");
        assert!(fields.contains(&(13, "contacts.0.show".to_string())), "{fields:?}");
        assert_eq!(read(&text), CountyForm { listed: form.show(), ..form });
    }

    #[test]
    fn each_show_list_keeps_its_order_and_repeats() {
        let text = "name: X County\ncontacts:\n  - id: x-da\n    name: X DA\n    phone: 303-441-3700\n    source: web\n    verified: 2026-11-01\n  \
                    - id: x-sheriff\n    name: X Sheriff\n    phone: 303-441-3701\n    source: web\n    verified: 2026-11-01\nshow:\n  \
                    professional-handout: [x-sheriff, x-da]\n  poster: [x-da, x-da]\n";
        let form = read(text);
        assert_eq!(form.to_yaml("").0, text);
        // Unticking keeps the rest in order; ticking adds at the end.
        let mut form = form;
        form.contacts[1].show.push("poster".into());
        form.contacts[0].show.retain(|m| m != "professional-handout");
        assert!(form.to_yaml("").0.ends_with("show:\n  professional-handout: [x-sheriff]\n  poster: [x-da, x-da, x-sheriff]\n"));
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_header() {
        let text = "\u{feff}# Edited in Notepad\nname: X County\t# a note\n";
        assert_eq!(header(text), "# Edited in Notepad\n");
        assert!(has_later_comments(text));
        assert!(!has_later_comments("\u{feff}# head\nname: X County\n"));
    }

    #[test]
    fn texts_that_are_not_plain_are_quoted() {
        for s in ["911", "yes", "No", "", " lead", "a: b", "# x", "a #b", "-x", "1.5", "3034413700", "x\ny", "tab\there", "quote\"d"] {
            assert!(scalar(s).starts_with('"'), "{s}");
        }
        for s in ["Boulder County", "303-441-3700", "2026-11-23", "District Attorney's Office", "Condado de Boulder (Colorado)"] {
            assert_eq!(scalar(s), s);
        }
    }

    proptest! {
        /// Whatever a partner types comes back from the written file exactly.
        #[test]
        fn any_text_comes_back(name in "\\PC{0,40}", phone in "[0-9a-zA-Z() +.#:-]{0,20}", label in any::<String>()) {
            let form = CountyForm {
                name: BTreeMap::from([("en".into(), name.clone()), ("es".into(), label.clone())]),
                contacts: vec![ContactForm {
                    id: "x-da".into(),
                    name: BTreeMap::from([("en".into(), label.clone()), ("es".into(), name.clone())]),
                    phone: phone.clone(),
                    source: label.clone(),
                    verified: phone.clone(),
                    show: vec!["poster".into()],
                    ..ContactForm::default()
                }],
                ..CountyForm::default()
            };
            let (text, _) = form.to_yaml("# head\n");
            let file = parse_yaml::<CountyFile>(Path::new("x.yaml"), text.clone());
            let back = CountyForm::from_file(&file.map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?.value).0;
            let mut want = form.clone();
            want.listed = form.show();
            // An empty text is written as "" (a text given once).
            for texts in [&mut want.name, &mut want.contacts[0].name] {
                texts.retain(|_, t| !t.is_empty());
                if texts.is_empty() {
                    texts.insert(EVERY_LANGUAGE.into(), String::new());
                }
            }
            if phone.is_empty() { want.contacts[0].phone.clear(); }
            prop_assert_eq!(back, want, "{}", text);
        }
    }

    #[test]
    fn changes_are_listed_in_words() {
        let text = std::fs::read_to_string("materials/counties/boulder.yaml").unwrap();
        let old = read(&text);
        let mut new = old.clone();
        new.contacts[0].phone = "303-441-3701".into();
        new.contacts[0].show.retain(|m| m != "poster");
        let list = changes(&old, &new);
        assert_eq!(list.len(), 2, "{list:?}");
        assert!(list[0].ends_with("phone: “303-441-3700” → “303-441-3701”"), "{list:?}");
        assert!(changes(&old, &old).is_empty());
    }
}
