use super::Spanned;
use serde::Deserialize;

/// `materials/claims.yaml`: the registry of statements the materials print that are
/// not numbers: definitions, facts about who is targeted, and the signs to watch for.
/// Each names its published sources; the text is in `claims.<lang>.yaml`, by id, one
/// wording per language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimsFile {
    /// The claim printed after every list of signs ("no single sign proves
    /// trafficking").
    pub signs_note: Spanned<String>,
    /// Where the claims were published.
    pub sources: Vec<SourceEntry>,
    pub claims: Vec<ClaimEntry>,
}

/// A published page that claims rest on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceEntry {
    pub id: Spanned<String>,
    /// Who published it: `National Center for Missing & Exploited Children (NCMEC)`.
    pub organization: Spanned<String>,
    /// The page's title.
    pub title: Spanned<String>,
    /// Where a reviewer finds it: the page's address as published.
    pub address: Spanned<String>,
    /// Seen only in a reprint that credits the organization, not on its live page: a
    /// claim resting on reprints alone is not printed until the page is checked.
    #[serde(default)]
    pub reprint: bool,
}

/// One statement: its id (the key of its text in every `claims.<lang>.yaml`), whether
/// it is a sign to watch for, its sources and when it was checked against them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimEntry {
    pub id: Spanned<String>,
    /// A sign (indicator) of sex or labor trafficking: only these may be listed by a
    /// `signs` block.
    pub sign: Option<Spanned<SignKind>>,
    /// Ids of `sources`: at least one.
    pub sources: Option<Spanned<Vec<Spanned<String>>>>,
    /// When the wording was last checked against the sources: YYYY-MM-DD.
    pub verified: Spanned<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SignKind {
    /// A sign of sex trafficking, or of trafficking in general.
    Sex,
    /// A sign of labor trafficking.
    Labor,
}
