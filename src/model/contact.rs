use super::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `materials/contacts.yaml`: the one registry of reporting channels.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactsFile {
    pub contacts: Vec<ContactEntry>,
    /// Figures and citations printed in the copy (`{ncmec-reports-2024}`): copy never
    /// types a number, so these are checked and sourced like the channels.
    #[serde(default)]
    pub facts: Vec<FactEntry>,
}

/// A text given once, or once per language code (`{en: …, es: …}`), each language's
/// text with where it is in the file.
#[derive(Debug, Clone)]
pub enum LocalText {
    One(String),
    ByLang(BTreeMap<String, Spanned<String>>),
}

impl LocalText {
    /// Every text given, with its language (`None` for a text given once).
    pub fn texts(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            LocalText::One(t) => vec![(None, t.as_str())],
            LocalText::ByLang(m) => m.iter().map(|(k, v)| (Some(k.as_str()), v.value.as_str())).collect(),
        }
    }

    /// Every text given, with its language (`None` for a text given once) and where it
    /// is: its own place for a text per language, `whole`'s for a text given once.
    pub fn spanned(whole: &Spanned<LocalText>) -> Vec<(Option<&str>, Spanned<&str>)> {
        match &whole.value {
            LocalText::One(t) => vec![(None, Spanned::new(t.as_str(), whole.referenced, whole.defined))],
            LocalText::ByLang(m) => {
                m.iter().map(|(k, v)| (Some(k.as_str()), Spanned::new(v.value.as_str(), v.referenced, v.defined))).collect()
            }
        }
    }
}

/// One text, or a mapping of language codes to texts. Written by hand rather than as
/// an untagged enum, which would buffer the mapping and lose each text's position.
impl<'de> Deserialize<'de> for LocalText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Texts;
        impl<'de> serde::de::Visitor<'de> for Texts {
            type Value = LocalText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or one text per language such as `{en: ..., es: ...}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LocalText, E> {
                Ok(LocalText::One(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<LocalText, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((lang, text)) = map.next_entry::<String, Spanned<String>>()? {
                    if out.contains_key(&lang) {
                        return Err(serde::de::Error::custom(format!("duplicate mapping key: {lang}")));
                    }
                    out.insert(lang, text);
                }
                Ok(LocalText::ByLang(out))
            }
        }
        deserializer.deserialize_any(Texts)
    }
}

/// A figure or citation as written in the registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FactEntry {
    /// Lower-case id that copy uses: `{ncmec-reports-2024}`.
    pub id: Spanned<String>,
    /// The text printed: `27,800`, `C.R.S. 18-3-503`.
    pub text: Spanned<String>,
    /// Where it was checked.
    pub source: Spanned<String>,
    /// When: YYYY-MM-DD.
    pub verified: Spanned<String>,
}

/// One reporting channel as written in the registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContactEntry {
    /// Lower-case id that materials use to refer to this channel.
    pub id: Spanned<String>,
    /// The channel's name as printed: one text, or one per language
    /// (`{en: …, es: …}`) for a local contact whose name is translated.
    pub name: Spanned<LocalText>,
    /// What the contact helps with, printed after its name (`helps you file a
    /// report`), one text or one per language; county contacts only.
    #[serde(default)]
    pub label: Option<Spanned<LocalText>>,
    /// The voice number as it is printed, vanity letters allowed: `1-844-CO-4-KIDS`.
    pub phone: Option<Spanned<String>>,
    /// The voice number's digits, with any punctuation: `1-844-264-5437`. The
    /// letters of `phone` must spell exactly these digits.
    pub digits: Option<Spanned<String>>,
    /// A number that takes text messages (10-digit or a short code).
    pub sms: Option<Spanned<String>>,
    /// The word a short code spells, printed beside it: `BEFREE`.
    pub sms_word: Option<Spanned<String>>,
    /// An https web address.
    pub url: Option<Spanned<String>>,
    /// Where the number and address were checked.
    pub source: Spanned<String>,
    /// When they were last checked: YYYY-MM-DD.
    pub verified: Spanned<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Named {
        name: Spanned<LocalText>,
    }

    fn parse(text: &str) -> Result<Named, crate::diag::Problems> {
        crate::model::parse_yaml::<Named>(std::path::Path::new("x.yaml"), text.to_string()).map(|l| l.value)
    }

    #[test]
    fn each_language_keeps_its_place_in_the_file() {
        let n = parse("name: Adams County\n").unwrap();
        assert!(matches!(&n.name.value, LocalText::One(t) if t == "Adams County"));
        assert_eq!((n.name.referenced.line(), n.name.referenced.column()), (1, 7));
        let n = parse("# head\nname:\n  en: Adams County\n  es: Condado de Adams\n").unwrap();
        let LocalText::ByLang(m) = &n.name.value else { panic!("{n:?}") };
        assert_eq!((m["en"].referenced.line(), m["es"].referenced.line(), m["es"].referenced.column()), (3, 4, 7));
        assert_eq!(LocalText::spanned(&n.name)[1].1.value, "Condado de Adams");
        let n = parse("name: {en: Adams County, es: Condado de Adams}\n").unwrap();
        assert_eq!(LocalText::spanned(&n.name)[1].1.referenced.column(), 30);
        assert_eq!(n.name.value.texts(), [(Some("en"), "Adams County"), (Some("es"), "Condado de Adams")]);
        let err = parse("name:\n  en: A\n  en: B\n").unwrap_err();
        assert_eq!(err[0].message, "the key `en` is given twice");
        let err = parse("name: [a, b]\n").unwrap_err();
        assert!(err[0].message.ends_with("expected a text, or one text per language such as `{en: ..., es: ...}`"), "{}", err[0]);
    }
}
