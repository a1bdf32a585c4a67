use super::Spanned;
use serde::Deserialize;

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

/// A text given once, or once per language code.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LocalText {
    One(String),
    ByLang(std::collections::BTreeMap<String, String>),
}

impl LocalText {
    /// Every text given, with its language (`None` for a text given once).
    pub fn texts(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            LocalText::One(t) => vec![(None, t.as_str())],
            LocalText::ByLang(m) => m.iter().map(|(k, v)| (Some(k.as_str()), v.as_str())).collect(),
        }
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
