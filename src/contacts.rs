//! The contact registry: phone numbers parsed and checked, vanity spellings checked
//! against their digits, tel:/sms: links derived, web addresses checked.

use crate::diag::Problems;
use crate::model::{ContactEntry, ContactsFile, Loaded};
use std::collections::BTreeMap;

/// A voice number: as printed (maybe with letters) and as dialled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// As printed in large type: `1-844-CO-4-KIDS`, `911`.
    pub written: String,
    /// The digits as printed beside a vanity number: `1-844-264-5437`.
    pub digits_written: String,
    /// Only the digits, with the leading 1 of a North American number: `18442645437`.
    pub digits: String,
}

impl Phone {
    /// True when the printed form has letters, so the digits are printed beside it.
    pub fn is_vanity(&self) -> bool {
        self.written.chars().any(|c| c.is_ascii_alphabetic())
    }

    /// The `tel:` link, derived from the digits: `tel:+18442645437`, `tel:911`.
    pub fn tel_uri(&self) -> String {
        if self.digits.len() == 11 { format!("tel:+{}", self.digits) } else { format!("tel:{}", self.digits) }
    }
}

/// A number that takes text messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sms {
    pub written: String,
    pub digits: String,
    /// The word a short code spells (`BEFREE`), if any.
    pub word: Option<String>,
}

impl Sms {
    pub fn sms_uri(&self) -> String {
        if self.digits.len() == 11 { format!("sms:+{}", self.digits) } else { format!("sms:{}", self.digits) }
    }
}

/// A checked https address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebUrl {
    pub href: String,
}

impl WebUrl {
    /// Parse an address; only `https://host[/path]` is accepted.
    pub fn parse(s: &str) -> Result<WebUrl, String> {
        let rest = s.strip_prefix("https://").ok_or_else(|| format!("`{s}` is not an https:// address"))?;
        if s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>' || c == '\\') {
            return Err(format!("`{s}` contains spaces or characters not allowed in an address"));
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let valid_host = host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !valid_host {
            return Err(format!("`{s}` has no valid host name"));
        }
        Ok(WebUrl { href: s.to_string() })
    }

    /// The address as printed: no scheme, no trailing slash (`report.cybertip.org`).
    pub fn display(&self) -> &str {
        let rest = &self.href["https://".len()..];
        rest.strip_suffix('/').unwrap_or(rest)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub phone: Option<Phone>,
    pub sms: Option<Sms>,
    pub url: Option<WebUrl>,
}

/// All reporting channels, by id.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    contacts: BTreeMap<String, Contact>,
}

impl Registry {
    pub fn get(&self, id: &str) -> Option<&Contact> {
        self.contacts.get(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.contacts.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }

    /// This registry with `local` added; ids must not collide.
    pub fn with(&self, local: &Registry) -> Registry {
        let mut contacts = self.contacts.clone();
        contacts.extend(local.contacts.iter().map(|(k, v)| (k.clone(), v.clone())));
        Registry { contacts }
    }

    /// Check every entry of `contacts.yaml`; all problems are reported together.
    pub fn from_file(file: &Loaded<ContactsFile>) -> Result<Registry, Problems> {
        Registry::from_entries(file, &file.value.contacts)
    }

    /// A registry of `entries` from `file` (the statewide registry, or a county's local
    /// contacts), each checked.
    pub fn from_entries<T>(file: &Loaded<T>, entries: &[ContactEntry]) -> Result<Registry, Problems> {
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
                    Err(msg) => {
                        let at = digits.as_ref().filter(|_| msg.contains("spells")).unwrap_or(written);
                        problems.push(file.error_at(at, msg));
                        None
                    }
                },
            };
            let sms = match &entry.sms {
                None => None,
                Some(s) => match parse_sms(&s.value) {
                    Ok(digits) => Some(Sms { written: s.value.clone(), digits, word: entry.sms_word.as_ref().map(|w| w.value.clone()) }),
                    Err(msg) => {
                        problems.push(file.error_at(s, msg));
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
                        problems.push(file.error_at(u, msg));
                        None
                    }
                },
            };
            if entry.name.value.trim().is_empty() {
                problems.push(file.error_at(&entry.name, format!("contact `{id}` needs a `name`")));
            } else if let Err((msg, _)) = crate::content::check_no_typed_contacts(&entry.name.value) {
                problems
                    .push(file.error_at(&entry.name, format!("{msg}: a contact's name is printed as a label; put the number in `phone`")));
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
            if parse_date(&entry.verified.value).is_none() {
                problems.push(
                    file.error_at(&entry.verified, format!("`verified` must be a date as YYYY-MM-DD, not `{}`", entry.verified.value)),
                );
            }
            if entry.phone.is_none() && entry.sms.is_none() && entry.url.is_none() {
                problems.push(file.error_at(&entry.id, format!("contact `{id}` has no phone, sms or url")));
            }
            contacts.insert(id.clone(), Contact { id, name: entry.name.value.clone(), phone, sms, url });
        }
        if problems.is_empty() { Ok(Registry { contacts }) } else { Err(problems) }
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; `None` if it is not a real date.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > days_in[(m - 1) as usize] {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
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
                let mut d = file.error_at(&e.verified, format!("`{}` was last verified {age} days ago (more than {max_age})", e.id.value));
                d.severity = crate::diag::Severity::Warning;
                d.hint(format!("call or visit the source ({}) again, then update `verified`", e.source.value))
            })
        })
        .collect()
}

/// Ids of contacts, materials and counties: non-empty, `[a-z0-9-]`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The telephone keypad: ABC=2 DEF=3 GHI=4 JKL=5 MNO=6 PQRS=7 TUV=8 WXYZ=9.
pub fn keypad_digit(c: char) -> Option<char> {
    let d = match c.to_ascii_uppercase() {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        _ => return None,
    };
    Some(d)
}

/// The digits a printed number dials: letters through the keypad, separators dropped.
pub fn dialled_digits(written: &str) -> Result<String, String> {
    let mut out = String::new();
    for c in written.chars() {
        match c {
            '0'..='9' => out.push(c),
            '-' | ' ' | '.' | '(' | ')' => {}
            '+' if out.is_empty() => {}
            c if c.is_ascii_alphabetic() => out.push(keypad_digit(c).expect("ascii letter")),
            c => return Err(format!("`{written}` contains `{c}`, which is not a digit, letter or separator")),
        }
    }
    Ok(out)
}

/// Normalise a North American number (10 digits, optional leading 1) to 11 digits,
/// or accept 911.
fn normalise_voice(digits: &str, written: &str) -> Result<String, String> {
    match digits.len() {
        3 if digits == "911" => Ok(digits.to_string()),
        10 if !digits.starts_with(['0', '1']) => Ok(format!("1{digits}")),
        11 if digits.starts_with('1') && !digits[1..].starts_with(['0', '1']) => Ok(digits.to_string()),
        _ => Err(format!("`{written}` is not a North American number (10 digits, optional leading 1) or 911")),
    }
}

/// Check a printed number and, for a vanity number, the digits printed beside it.
pub fn check_phone(written: &str, digits: Option<&str>) -> Result<Phone, String> {
    let dialled = normalise_voice(&dialled_digits(written)?, written)?;
    let has_letters = written.chars().any(|c| c.is_ascii_alphabetic());
    let digits_written = match digits {
        Some(d) => {
            if d.chars().any(|c| c.is_ascii_alphabetic()) {
                return Err(format!("digits `{d}` contain letters"));
            }
            let given = normalise_voice(&dialled_digits(d)?, d)?;
            if given != dialled {
                return Err(format!("`{written}` spells {dialled} on a keypad, but digits say {given}"));
            }
            d.to_string()
        }
        None if has_letters => return Err(format!("vanity number `{written}` needs its `digits` beside it")),
        None => written.to_string(),
    };
    Ok(Phone { written: written.to_string(), digits_written, digits: dialled })
}

/// A text-message number: North American, or a 5- or 6-digit short code.
fn parse_sms(written: &str) -> Result<String, String> {
    let d = dialled_digits(written)?;
    if written.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(format!("sms number `{written}` must be digits; put the word in `sms-word`"));
    }
    match d.len() {
        5 | 6 => Ok(d),
        _ => normalise_voice(&d, written)
            .map_err(|_| format!("`{written}` is neither a short code (5-6 digits) nor a North American number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vanity_numbers_spell_their_digits() {
        let p = check_phone("1-844-CO-4-KIDS", Some("1-844-264-5437")).unwrap();
        assert_eq!(p.digits, "18442645437");
        assert_eq!(p.tel_uri(), "tel:+18442645437");
        assert!(p.is_vanity());
        let lost = check_phone("1-800-THE-LOST", Some("1-800-843-5678")).unwrap();
        assert_eq!(lost.digits, "18008435678");
    }

    #[test]
    fn a_wrong_digit_is_refused() {
        let err = check_phone("1-844-CO-4-KIDS", Some("1-844-264-5438")).unwrap_err();
        assert_eq!(err, "`1-844-CO-4-KIDS` spells 18442645437 on a keypad, but digits say 18442645438");
    }

    #[test]
    fn vanity_without_digits_is_refused() {
        assert!(check_phone("1-844-CO-4-KIDS", None).unwrap_err().contains("needs its `digits`"));
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
        for bad in ["http://co4kids.org", "javascript:alert(1)", "data:text/html,x", "https://", "https://nohost", "https://a b.org"] {
            assert!(WebUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
