use super::Spanned;
use serde::Deserialize;

/// `materials/runs/<name>.yaml`: what to print, how many, and how cards are imposed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RunFile {
    /// How small pieces (wallet cards, stickers) go on paper: many to a sheet with crop
    /// marks (`n-up`), or one per page with bleed (`1-up`).
    #[serde(default)]
    pub cards: CardLayout,
    /// Bleed around small pieces (wallet cards, stickers).
    #[serde(default)]
    pub bleed: Bleed,
    /// How the run is printed: `press` (the default for a run, which goes to a print
    /// shop: bleed, crop marks, PDF/X-4) or `office`.
    #[serde(default = "press")]
    pub profile: super::Profile,
    /// The printing condition the print shop asks for: the ICC profile it supplies,
    /// embedded in every press PDF as its PDF/X output intent instead of the default
    /// Coated FOGRA39.
    #[serde(default)]
    pub output_intent: Option<OutputIntentSpec>,
    pub items: Vec<Spanned<RunItemSpec>>,
}

/// `output-intent:` in a run file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputIntentSpec {
    /// The shop's ICC profile (a CMYK output profile), a path relative to the run
    /// file: `shop/GRACoL2013_CRPC6.icc`.
    pub profile: Spanned<String>,
    /// The `OutputConditionIdentifier`: the name the ICC's registry gives the
    /// condition (`CGATS21_CRPC6` for GRACoL 2013, `CGATS TR 001` for SWOP); default:
    /// the profile's description.
    #[serde(default)]
    pub identifier: Option<Spanned<String>>,
    /// The `OutputCondition`, in words; default: the profile's description.
    #[serde(default)]
    pub condition: Option<Spanned<String>>,
}

fn press() -> super::Profile {
    super::Profile::Press
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CardLayout {
    #[default]
    /// As many to a sheet as the kind's press layout holds (10 wallet cards to a US
    /// Letter sheet); `10-up` is the same.
    #[serde(rename = "n-up", alias = "10-up")]
    NUp,
    #[serde(rename = "1-up")]
    OneUp,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum Bleed {
    #[default]
    #[serde(rename = "1/8in")]
    Eighth,
    #[serde(rename = "1/16in")]
    Sixteenth,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RunItemSpec {
    pub material: Spanned<String>,
    /// Editions to print: `colorado` (statewide), county ids, or `all-counties`.
    /// Default: the statewide edition.
    #[serde(default)]
    pub editions: Vec<Spanned<String>>,
    /// Languages to print (codes such as `en`, `es`); default: every language the
    /// material has.
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    /// Copies of each edition in each language.
    pub quantity: Spanned<u32>,
}
