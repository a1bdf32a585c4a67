use super::Spanned;
use serde::Deserialize;

/// One material, `materials/<id>.yaml`: its kind, size and content. Where blocks go,
/// fonts and colours belong to the kind's template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MaterialFile {
    pub kind: Spanned<Kind>,
    /// Document title (PDF metadata, and the header of a handout).
    pub title: Spanned<String>,
    /// One sentence on what the material is for (PDF Subject).
    pub subject: String,
    /// Who publishes it (PDF Author).
    pub author: String,
    /// BCP 47 language of the copy, e.g. `en-US`.
    #[serde(default = "default_lang")]
    pub lang: String,
    pub size: Option<Spanned<SizeName>>,
    #[serde(default)]
    pub accent: Accent,
    /// Most pages a handout may flow onto.
    pub max_pages: Option<Spanned<u32>>,
    /// The content of a poster or handout, in reading order.
    pub blocks: Option<Spanned<Vec<Spanned<BlockSpec>>>>,
    /// The front face of a wallet card.
    pub front: Option<Spanned<Vec<Spanned<BlockSpec>>>>,
    /// The back face of a wallet card.
    pub back: Option<Spanned<Vec<Spanned<BlockSpec>>>>,
}

fn default_lang() -> String {
    "en-US".to_string()
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Poster,
    WalletCard,
    Handout,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Poster => "poster",
            Kind::WalletCard => "wallet-card",
            Kind::Handout => "handout",
        }
    }
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
    pub fn name(self) -> &'static str {
        match self {
            SizeName::Letter => "letter",
            SizeName::Tabloid => "tabloid",
            SizeName::A4 => "a4",
            SizeName::A3 => "a3",
        }
    }

    pub fn parse(s: &str) -> Option<SizeName> {
        [SizeName::Letter, SizeName::Tabloid, SizeName::A4, SizeName::A3].into_iter().find(|n| n.name() == s)
    }
}

/// The named accent colours a material may choose; the template owns their values.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Accent {
    #[default]
    Teal,
    Navy,
    Plum,
    Forest,
}

/// A block of content. Text may name registry entries with `{id}` (the number as
/// written), `{id.digits}`, `{id.web}`, `{id.sms}`, `{id.sms-word}` or `{id.name}`; numbers and addresses are never
/// typed into copy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum BlockSpec {
    Heading(Spanned<String>),
    Paragraph(Spanned<String>),
    Bullets(Vec<Spanned<String>>),
    /// A contact callout: a label and the channel's number, text line and web address.
    Call(CallSpec),
    /// A QR code for one channel, with a caption saying where it goes.
    Qr(QrSpec),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CallSpec {
    pub contact: Spanned<String>,
    pub label: Spanned<String>,
    /// Print the channel's web address under the number.
    #[serde(default)]
    pub show_web: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QrSpec {
    pub contact: Spanned<String>,
    /// What the code opens: the channel's web address (default) or a phone call.
    #[serde(default)]
    pub link: LinkKind,
    pub caption: Spanned<String>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    #[default]
    Web,
    Call,
}
