use super::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One material's structure, `materials/<id>.yaml`: its kind, size and blocks, each
/// block naming its copy by key. The copy itself is in `<id>.<lang>.yaml`, one file
/// per language. Where blocks go and fonts belong to the kind's template; colours to
/// `identity.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MaterialFile {
    /// One of the kinds in `kinds::KINDS` (`poster`, `wallet-card`, ...).
    pub kind: Spanned<String>,
    /// Who publishes it (PDF Author).
    pub author: String,
    /// Languages a language falls back to for keys it does not translate, e.g.
    /// `{es: en}`. Without it a missing key is an error.
    #[serde(default)]
    pub fallback: BTreeMap<String, Spanned<String>>,
    /// For a bilingual poster: its two languages, e.g. `[en, es]`.
    pub languages: Option<Spanned<Vec<String>>>,
    pub size: Option<Spanned<SizeName>>,
    /// Most pages a handout may flow onto.
    pub max_pages: Option<Spanned<u32>>,
    /// Pictograms, in order, by name (the files in `art/pictograms/`: `eye`, `phone`,
    /// `heart`...): beside a poster's body paragraphs, before a handout's headings in
    /// its columns. Templates that draw none (the card, the sticker) ignore them.
    pub pictograms: Option<Spanned<Vec<Spanned<String>>>>,
    /// The content of a poster or handout, in reading order.
    pub blocks: Option<Spanned<Vec<Spanned<BlockSpec>>>>,
    /// The front face of a wallet card.
    pub front: Option<Spanned<Vec<Spanned<BlockSpec>>>>,
    /// The back face of a wallet card.
    pub back: Option<Spanned<Vec<Spanned<BlockSpec>>>>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SizeName {
    Letter,
    Tabloid,
    A4,
    A3,
}

impl SizeName {
    /// Every size, in the order messages list them.
    pub const ALL: [SizeName; 4] = [SizeName::Letter, SizeName::Tabloid, SizeName::A4, SizeName::A3];

    pub fn name(self) -> &'static str {
        match self {
            SizeName::Letter => "letter",
            SizeName::Tabloid => "tabloid",
            SizeName::A4 => "a4",
            SizeName::A3 => "a3",
        }
    }

    pub fn parse(s: &str) -> Option<SizeName> {
        SizeName::ALL.into_iter().find(|n| n.name() == s)
    }
}

/// How a build is printed: `office` (a laser printer in a county office: nothing
/// within 1/4 in of the paper's edge, nothing bleeds) or `press` (a print shop:
/// posters and handouts get 1/8 in bleed, crop marks and PDF/X-4). Cards and
/// stickers keep their bleed in both.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    #[default]
    Office,
    Press,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Office => "office",
            Profile::Press => "press",
        }
    }

    pub fn parse(s: &str) -> Option<Profile> {
        [Profile::Office, Profile::Press].into_iter().find(|p| p.name() == s)
    }
}

/// A block of content; its text is named by a key into the language files. Copy may
/// name registry entries with `{id}` (the number as written), `{id.digits}`,
/// `{id.web}`, `{id.sms}`, `{id.sms-word}` or `{id.name}`; numbers and addresses are
/// never typed into copy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum BlockSpec {
    Heading(Spanned<String>),
    Paragraph(Spanned<String>),
    /// The key of a list of items.
    Bullets(Spanned<String>),
    /// Signs to watch for, by claim id (`materials/claims.yaml`), printed as a list
    /// followed by the claims' signs note ("no single sign proves trafficking").
    Signs(Spanned<Vec<Spanned<String>>>),
    /// A contact callout: a label and the channel's number, text line and web address.
    Call(CallSpec),
    /// A QR code for one channel, with a caption saying where it goes.
    Qr(QrSpec),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CallSpec {
    pub contact: Spanned<String>,
    /// The key of the label printed above (or before) the number.
    pub label: Spanned<String>,
    /// Print the channel's web address under the number.
    #[serde(default)]
    pub show_web: bool,
    /// Print the channel's number for text messages (its `sms` in the registry) instead
    /// of its voice number, linked to a new text message: "Can't talk? Text ...".
    #[serde(default)]
    pub text: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QrSpec {
    pub contact: Spanned<String>,
    /// What the code opens: the channel's web address (default) or a phone call.
    #[serde(default)]
    pub link: LinkKind,
    /// The key of the caption saying where the code goes.
    pub caption: Spanned<String>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    #[default]
    Web,
    Call,
}

/// A language file, `materials/<id>.<lang>.yaml`: the copy of one material in one
/// language, by key. `lang` (a BCP 47 tag such as `es-US`), `title` and `subject` are
/// required; every other key is one the structure file uses.
pub type CopyFile = BTreeMap<String, Spanned<CopyText>>;

/// A piece of copy: one text, or a list (for bullets), or a map (a language file's
/// `register` given per key: `{default: usted, youth: tu}`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum CopyText {
    Text(String),
    List(Vec<String>),
    Map(BTreeMap<String, String>),
}
