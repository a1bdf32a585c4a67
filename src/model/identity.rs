use super::{LocalText, Spanned};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `materials/identity.yaml`: what every material shares and no material chooses:
/// who issues them, the date of this revision, the palette and each language's
/// quotation marks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IdentityFile {
    /// The date of this revision of the materials (YYYY-MM-DD), printed in the
    /// version code on every material.
    pub revised: Spanned<String>,
    /// The issuing agency, printed small at the foot of every material.
    pub issuer: Option<IssuerSpec>,
    /// The campaign line, once or per language: printed in the identity lockup of
    /// every material, in the brand colour.
    pub campaign: Option<Spanned<LocalText>>,
    pub palette: PaletteSpec,
    /// Language code -> its four quotation marks: outer open and close, then inner
    /// open and close (`“”‘’`).
    pub quotes: BTreeMap<String, Spanned<String>>,
    /// Language code -> register (`tu`, `usted`) -> common forms that speak only in
    /// that register (`llame`, `usted`). A language file of a language listed here
    /// declares its `register`, and a text using another register's forms is an error.
    #[serde(default)]
    pub registers: BTreeMap<String, Spanned<BTreeMap<String, Vec<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IssuerSpec {
    /// The agency's name, once or per language.
    pub name: Spanned<LocalText>,
    /// A PNG file beside `identity.yaml`, printed beside the agency's name.
    pub logo: Option<Spanned<String>>,
}

/// The palette: each role a CMYK colour in percent, `[c, m, y, k]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PaletteSpec {
    /// Bands, headings, rules and links; white text sits on it.
    pub brand: Spanned<Vec<Spanned<f64>>>,
    /// The fill behind a callout on white paper; ink text sits on it.
    pub brand_tint: Spanned<Vec<Spanned<f64>>>,
    /// Body text.
    pub ink: Spanned<Vec<Spanned<f64>>>,
    /// Small print: running footers, the issuer line and version code.
    pub muted: Spanned<Vec<Spanned<f64>>>,
}
