//! The contact registry: phone numbers parsed and checked, vanity spellings checked
//! against their digits, tel:/sms: links derived, web addresses checked.

mod claims;
mod phone;
mod web;

pub use claims::{CLAIMS_FILE, ClaimAt, Claims, Source, contains_words, fold};

pub use crate::date::{format_date, parse_date};
use crate::diag::Problems;
use crate::model::{ContactEntry, ContactsFile, Loaded};
pub use phone::{Phone, PhoneError, PhoneField, Sms, check_phone, check_sms, dialled_digits, keypad_digit, nanp_problem};
use std::collections::BTreeMap;
pub use web::{WebError, WebProblem, WebUrl};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    /// The name as printed: in English, or the one text given.
    pub name: String,
    /// The name per language code, when it is given per language.
    pub names: BTreeMap<String, String>,
    /// What the contact helps with, per language code (`""` for a label given once).
    pub labels: BTreeMap<String, String>,
    pub phone: Option<Phone>,
    pub sms: Option<Sms>,
    pub url: Option<WebUrl>,
}

/// All reporting channels, by id. Its parts are shared: every county edition without
/// local contacts holds the statewide registry itself, not a copy.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    contacts: std::sync::Arc<BTreeMap<String, Contact>>,
    /// Facts (figures, citations) by id: the text printed for `{id}`.
    facts: std::sync::Arc<BTreeMap<String, String>>,
    /// Statements by id, with their sources and their text per language.
    claims: std::sync::Arc<Claims>,
}

impl Contact {
    /// The name in language `lang`, or the name given once (or in English).
    pub fn name_in(&self, lang: &str) -> &str {
        self.names.get(lang).unwrap_or(&self.name)
    }

    /// What the contact helps with, in language `lang` (or the label given once).
    pub fn label_in(&self, lang: &str) -> Option<&str> {
        self.labels.get(lang).or_else(|| self.labels.get("")).map(String::as_str)
    }

    /// The label a material in `lang` prints before the number: `Name, what it helps
    /// with:`.
    pub fn callout_in(&self, lang: &str) -> String {
        match self.label_in(lang) {
            Some(l) => format!("{}, {l}:", self.name_in(lang)),
            None => format!("{}:", self.name_in(lang)),
        }
    }

    /// The languages among `langs` (other than English) this contact has no name or
    /// label in, although it gives them per language or gives a label at all.
    pub fn untranslated(&self, langs: &[String]) -> Vec<String> {
        langs
            .iter()
            .filter(|l| l.as_str() != "en")
            .filter(|l| !self.names.contains_key(l.as_str()) || (!self.labels.is_empty() && !self.labels.contains_key(l.as_str())))
            .cloned()
            .collect()
    }
}

impl Registry {
    pub fn get(&self, id: &str) -> Option<&Contact> {
        self.contacts.get(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.contacts.keys().map(String::as_str)
    }

    /// The text of fact `id`, if there is one.
    pub fn fact(&self, id: &str) -> Option<&str> {
        self.facts.get(id).map(String::as_str)
    }

    /// The ids of the facts.
    pub fn fact_ids(&self) -> impl Iterator<Item = &str> {
        self.facts.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }

    /// This registry with `local` added; ids must not collide.
    pub fn with(&self, local: &Registry) -> Registry {
        if local.contacts.is_empty() {
            return self.clone();
        }
        let mut contacts = self.contacts.as_ref().clone();
        contacts.extend(local.contacts.iter().map(|(k, v)| (k.clone(), v.clone())));
        Registry { contacts: contacts.into(), facts: self.facts.clone(), claims: self.claims.clone() }
    }

    /// Whether `other` is this very registry (shared, not an equal copy): what a text
    /// resolved against one says, it says against the other.
    pub fn same(&self, other: &Registry) -> bool {
        std::sync::Arc::ptr_eq(&self.contacts, &other.contacts)
            && std::sync::Arc::ptr_eq(&self.facts, &other.facts)
            && std::sync::Arc::ptr_eq(&self.claims, &other.claims)
    }

    /// The claims registry (`claims.yaml`).
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// This registry with its claims.
    pub fn with_claims(mut self, claims: Claims) -> Registry {
        self.claims = std::sync::Arc::new(claims);
        self
    }

    /// Check every entry of `contacts.yaml`; all problems are reported together.
    pub fn from_file(file: &Loaded<ContactsFile>) -> Result<Registry, Problems> {
        let contacts = Registry::from_entries(file, &file.value.contacts);
        let mut facts = BTreeMap::new();
        let mut problems = Vec::new();
        let today = today_utc();
        for f in &file.value.facts {
            let id = f.id.value.clone();
            if !is_valid_id(&id) {
                problems.push(file.error_at(&f.id, format!("fact id `{id}` may use only a-z, 0-9 and -")));
            }
            if facts.contains_key(&id) || file.value.contacts.iter().any(|c| c.id.value == id) {
                problems.push(file.error_at(&f.id, format!("the id `{id}` is used twice; contacts and facts share one set of ids")));
            }
            let text = match crate::policy::fact_text(&f.text.value) {
                Ok(t) if !t.trim().is_empty() => {
                    if let Err(why) = crate::policy::fact_shape(t.trim()) {
                        problems.push(file.error_at(&f.text, format!("fact `{id}`: {why}")));
                    }
                    t
                }
                Ok(_) => {
                    problems.push(file.error_at(&f.text, format!("fact `{id}` has an empty `text`")));
                    String::new()
                }
                Err(r @ crate::policy::Refusal::Char { ch, .. }) => {
                    problems.push(file.error_at_char(&f.text, ch, r.message()).hint(r.hint()));
                    String::new()
                }
                Err(r) => {
                    problems.push(file.error_at(&f.text, r.message()));
                    String::new()
                }
            };
            if f.source.value.trim().is_empty() {
                problems.push(file.error_at(&f.source, format!("fact `{id}` needs a `source`: where it was checked")));
            }
            problems.extend(verified_problem(file, &f.verified, today));
            facts.insert(id, text);
        }
        match contacts {
            Ok(mut r) if problems.is_empty() => {
                r.facts = facts.into();
                Ok(r)
            }
            Ok(_) => Err(problems),
            Err(mut p) => {
                p.extend(problems);
                Err(p)
            }
        }
    }

    /// A registry of `entries` from `file` (the statewide registry, or a county's local
    /// contacts), each checked.
    pub fn from_entries<T>(file: &Loaded<T>, entries: &[ContactEntry]) -> Result<Registry, Problems> {
        let today = today_utc();
        let mut contacts = BTreeMap::new();
        let mut problems = Vec::new();
        for entry in entries {
            let id = entry.id.value.clone();
            if !is_valid_id(&id) {
                problems.push(file.error_at(&entry.id, format!("contact id `{id}` may use only a-z, 0-9 and -")));
            }
            if contacts.contains_key(&id) {
                problems.push(file.error_at(&entry.id, format!("contact id `{id}` is defined twice")));
            }
            let phone = match (&entry.phone, &entry.digits) {
                (None, None) => None,
                (None, Some(d)) => {
                    problems.push(file.error_at(d, "`digits` is given without a `phone` to print"));
                    None
                }
                (Some(written), digits) => match check_phone(&written.value, digits.as_ref().map(|d| d.value.as_str())) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        let at = digits.as_ref().filter(|_| e.field == PhoneField::Digits).unwrap_or(written);
                        problems.push(file.error_at(at, e.message));
                        None
                    }
                },
            };
            let sms = match &entry.sms {
                None => None,
                Some(s) => match check_sms(&s.value, entry.sms_word.as_ref().map(|w| w.value.as_str())) {
                    Ok(sms) => Some(sms),
                    Err(e) => {
                        problems.push(file.error_at(s, e.message));
                        None
                    }
                },
            };
            if let (Some(word), None) = (&entry.sms_word, &entry.sms) {
                problems.push(file.error_at(word, "`sms-word` is given without an `sms` number"));
            }
            let url = match &entry.url {
                None => None,
                Some(u) => match WebUrl::parse(&u.value) {
                    Ok(url) => Some(url),
                    Err(msg) => {
                        problems.push(file.error_at(u, msg.to_string()));
                        None
                    }
                },
            };
            let mut names = BTreeMap::new();
            for (lang, text) in entry.name.value.texts() {
                if text.trim().is_empty() {
                    problems.push(file.error_at(&entry.name, format!("contact `{id}` needs a `name`")));
                    continue;
                }
                if let Some(l) = lang.filter(|l| !crate::model::is_lang_code(l)) {
                    problems.push(file.error_at(&entry.name, format!("`{l}` is not a language code such as en or es")));
                }
                match crate::policy::check_field(
                    file,
                    &entry.name,
                    text,
                    "a contact's name is printed as a label; put the number in `phone`",
                ) {
                    Ok(n) => {
                        names.insert(lang.unwrap_or("").to_string(), n);
                    }
                    Err(d) => problems.extend(d),
                }
            }
            let name = names.get("").or_else(|| names.get("en")).or_else(|| names.values().next()).cloned().unwrap_or_default();
            names.remove("");
            let mut labels = BTreeMap::new();
            for (lang, text) in entry.label.iter().flat_map(|l| l.value.texts()) {
                match crate::policy::check_field(
                    file,
                    entry.label.as_ref().expect("a label"),
                    text,
                    "the label says what the contact helps with; the number is in `phone`",
                ) {
                    Ok(t) => {
                        labels.insert(lang.unwrap_or("").to_string(), t);
                    }
                    Err(d) => problems.extend(d),
                }
            }
            if let (Some(word), Some(sms)) = (&entry.sms_word, &entry.sms) {
                let spelled = dialled_digits(&word.value).unwrap_or_default();
                let digits = dialled_digits(&sms.value).unwrap_or_default();
                if word.value.trim().is_empty() || !word.value.chars().all(|c| c.is_ascii_alphabetic()) || spelled != digits {
                    problems.push(file.error_at(word, format!("`{}` does not spell the short code {} on a keypad", word.value, sms.value)));
                }
            }
            if entry.source.value.trim().is_empty() {
                problems.push(file.error_at(&entry.source, format!("contact `{id}` needs a `source`: where its number was checked")));
            }
            problems.extend(verified_problem(file, &entry.verified, today).map(|d| {
                if parse_date(&entry.verified.value).is_some() {
                    d.hint("give the date the number was actually checked; a date in the future would never count as stale")
                } else {
                    d
                }
            }));
            if entry.phone.is_none() && entry.sms.is_none() && entry.url.is_none() {
                problems.push(file.error_at(&entry.id, format!("contact `{id}` has no phone, sms or url")));
            }
            contacts.insert(id.clone(), Contact { id, name, names, labels, phone, sms, url });
        }
        if problems.is_empty() {
            Ok(Registry { contacts: contacts.into(), facts: Default::default(), claims: Default::default() })
        } else {
            Err(problems)
        }
    }
}

/// Today (UTC) as days since 1970, from the machine's clock. Only checks use it (a
/// `verified` date may not lie in the future); no output depends on it.
/// The problem with a `verified` date, if any: not a date as YYYY-MM-DD, or a day after
/// `today` (a date in the future would never go stale).
pub(crate) fn verified_problem<T>(
    file: &Loaded<T>,
    verified: &crate::model::Spanned<String>,
    today: i64,
) -> Option<crate::diag::Diagnostic> {
    match parse_date(&verified.value) {
        None => Some(file.error_at(verified, format!("`verified` must be a date as YYYY-MM-DD, not `{}`", verified.value))),
        Some(day) if day > today => Some(file.error_at(verified, format!("`verified` is {}, a date in the future", verified.value))),
        Some(_) => None,
    }
}

pub fn today_utc() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| (d.as_secs() / 86_400) as i64)
}

/// Contacts whose `verified` date is more than `max_age` days before `today` (days
/// since 1970): one warning each, at the date in the file.
pub fn stale<T>(file: &Loaded<T>, entries: &[ContactEntry], today: i64, max_age: i64) -> Problems {
    entries
        .iter()
        .filter_map(|e| {
            let days = parse_date(&e.verified.value)?;
            let age = today - days;
            (age > max_age).then(|| {
                file.warning_at(&e.verified, format!("`{}` was last verified {age} days ago (more than {max_age})", e.id.value))
                    .hint(format!("call or visit the source ({}) again, then update `verified`", e.source.value))
            })
        })
        .collect()
}

/// Ids of contacts, materials and counties: non-empty, `[a-z0-9-]`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::phone::parse_sms;
    use super::*;

    #[test]
    fn vanity_numbers_spell_their_digits() {
        let p = check_phone("1-844-CO-4-KIDS", Some("1-844-264-5437")).unwrap();
        assert_eq!(p.digits(), "18442645437");
        assert_eq!(p.tel_uri(), "tel:+18442645437");
        assert!(p.is_vanity());
        let lost = check_phone("1-800-THE-LOST", Some("1-800-843-5678")).unwrap();
        assert_eq!(lost.digits(), "18008435678");
    }

    #[test]
    fn a_wrong_digit_is_refused() {
        let err = check_phone("1-844-CO-4-KIDS", Some("1-844-264-5438")).unwrap_err();
        assert_eq!(err.message, "`1-844-CO-4-KIDS` spells 18442645437 on a keypad, but digits say 18442645438");
        assert_eq!(err.field, PhoneField::Digits, "a wrong digit is in `digits`");
    }

    #[test]
    fn vanity_without_digits_is_refused() {
        assert!(check_phone("1-844-CO-4-KIDS", None).unwrap_err().message.contains("needs its `digits`"));
    }

    #[test]
    fn plain_numbers_and_911() {
        assert_eq!(check_phone("911", None).unwrap().tel_uri(), "tel:911");
        assert_eq!(check_phone("303-441-3700", None).unwrap().tel_uri(), "tel:+13034413700");
        assert!(check_phone("441-3700", None).is_err());
        assert!(check_phone("1-044-264-5437", None).is_err());
        assert!(check_phone("1-844-264-5437x", None).is_err());
    }

    #[test]
    fn keypad_matches_the_standard_layout() {
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let digits = "22233344455566677778889999";
        for (l, d) in letters.chars().zip(digits.chars()) {
            assert_eq!(keypad_digit(l), Some(d));
            assert_eq!(keypad_digit(l.to_ascii_lowercase()), Some(d));
        }
    }

    #[test]
    fn sms_short_codes_and_numbers() {
        assert_eq!(parse_sms("233733").unwrap(), "233733");
        assert_eq!(parse_sms("720-999-9724").unwrap(), "17209999724");
        assert!(parse_sms("BEFREE").is_err());
        assert!(parse_sms("12").is_err());
    }

    #[test]
    fn numbers_no_north_american_number_can_be() {
        for bad in [
            "303-041-3700",   // exchange starts with 0
            "303-141-3700",   // exchange starts with 1
            "103-441-3700",   // area code starts with 1
            "1-003-441-3700", // area code starts with 0
            "303-411-3700",   // N11 exchange
            "311-441-3700",   // N11 area code
            "1-900-555-1234", // premium
            "303-976-1234",   // premium exchange
            "303-555-0100",   // fictional
            "303-555-0199",   // fictional
        ] {
            let err = check_phone(bad, None).unwrap_err();
            assert!(err.message.contains("cannot be a real North American number"), "{bad}: {err}");
        }
        for fine in ["303-555-0200", "303-555-1234", "1-844-264-5437", "720-999-9724", "1-800-843-5678", "1-888-373-7888", "1-866-455-5075"]
        {
            assert!(check_phone(fine, None).is_ok(), "{fine}");
        }
        assert!(parse_sms("033733").is_err());
        assert!(parse_sms("303-411-3700").unwrap_err().contains("service code"));
    }

    #[test]
    fn dates_round_trip() {
        for d in [0, 19_782, 20_780, -1, 50_000] {
            assert_eq!(parse_date(&format_date(d)), Some(d), "{d}");
        }
        assert_eq!(format_date(20_780), "2026-11-23");
        assert!(today_utc() > 20_000);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-11-23"), Some(20_780));
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        for bad in ["2023-02-29", "2026-13-01", "2026-1-01", "yesterday", "2026-11-31"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_https_addresses() {
        assert_eq!(WebUrl::parse("https://report.cybertip.org/").unwrap().display(), "report.cybertip.org");
        assert_eq!(WebUrl::parse("https://co4kids.org").unwrap().display(), "co4kids.org");
        use super::WebProblem::*;
        for (bad, why) in [
            ("http://co4kids.org", NotHttps),
            ("javascript:alert(1)", NotHttps),
            ("data:text/html,x", NotHttps),
            ("https://", Host),
            ("https://nohost", Host),
            ("https://a b.org", Forbidden),
            ("https://co4kids.\u{3bf}rg", NotAscii('\u{3bf}')),
            ("https://co4kids.org\u{200b}/", NotAscii('\u{200b}')),
            ("https://xn--co4kds-8xa.org", Punycode),
            ("https://user@co4kids.org", UserInfo),
            ("https://co4kids.org@evil.example", UserInfo),
            ("https://co4kids.org:8443/", Port),
            ("https://co4kids..org", Host),
            ("https://-co4kids.org", Host),
            ("https://co4kids.o", Host),
            ("https://co4kids.123", Host),
            ("https://co4kids.org/\u{e9}", NotAscii('\u{e9}')),
        ] {
            let err = WebUrl::parse(bad).unwrap_err();
            assert_eq!(err.problem, why, "{bad}");
            assert!(err.to_string().contains(&bad.escape_debug().to_string()) || err.to_string().contains(bad), "{err}");
        }
    }
}
