use super::{ContactEntry, LocalText, Spanned};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `materials/counties/<id>.yaml`: what a partner may change for its edition, and
/// nothing else. Layout, statewide channels and copy are locked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CountyFile {
    /// The name printed on every material, one per language
    /// (`{en: Boulder County, es: Condado de Boulder}`); a name given once is the
    /// English one only, so a Spanish edition of it is refused rather than print it.
    pub name: Spanned<LocalText>,
    /// Local reporting channels, added to the registry for this edition only.
    #[serde(default)]
    pub contacts: Vec<ContactEntry>,
    /// Which local contacts appear on which material: material id -> contact ids.
    #[serde(default)]
    pub show: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// A PNG logo in the counties folder (a file name, e.g. `boulder-logo.png`), shown
    /// on posters and handouts.
    pub logo: Option<Spanned<String>>,
    /// A local web page, shown as a QR code on the materials listed in `on`.
    pub web: Option<LocalWebSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LocalWebSpec {
    /// The page's https address, encoded in the code and printed under it.
    pub url: Spanned<String>,
    pub caption: Spanned<String>,
    pub on: Vec<Spanned<String>>,
    /// Who confirmed that the page is the county's and says what the caption promises,
    /// like a contact's.
    pub source: Spanned<String>,
    /// When: YYYY-MM-DD.
    pub verified: Spanned<String>,
}

/// The fields a county file may set, for the message when it sets another.
pub const COUNTY_FIELDS: &str = "name, contacts, show, logo, web";
