//! What resolution produces and layout reads: the document, its blocks and their
//! content, each block knowing where in the user's files it came from.

use crate::contacts::{Phone, Sms, WebUrl};
use crate::diag::Diagnostic;
use crate::kinds::KindSpec;
use crate::model::{Profile, SizeName};
use std::path::PathBuf;

/// A material ready for layout.
#[derive(Clone, Debug)]
pub struct Doc {
    pub id: String,
    /// The edition's id: `colorado` (statewide) or a county id.
    pub edition: String,
    /// The county name printed on the material (a `Kicker` block from the county
    /// file); `None` statewide.
    pub county: Option<Block>,
    /// The county's logo, if any.
    pub logo: Option<std::sync::Arc<crate::logo::Logo>>,
    /// The county file of the edition (messages about the county name).
    pub edition_file: Option<PathBuf>,
    /// The language file the copy comes from (messages about the title).
    pub copy_file: PathBuf,
    pub file: PathBuf,
    pub kind: &'static KindSpec,
    /// Page size; kinds with a fixed trim (cards, stickers) ignore it.
    pub size: SizeName,
    /// How it is printed (office or press); the build sets it.
    pub profile: Profile,
    pub title: String,
    pub subject: String,
    /// What a screen reader calls a QR code in this language (`Código QR`).
    pub qr_label: String,
    /// What it calls a logo (`Logotipo`).
    pub logo_label: String,
    /// The author in this language: the language file's `author`, else the
    /// structure file's.
    pub author: String,
    /// BCP 47 tag of the copy (`es-US`).
    pub lang: String,
    /// The language code of the copy file (`es`): the output folder.
    pub lang_code: String,
    /// The colours by role (`materials/identity.yaml`).
    pub palette: super::Palette,
    /// The issuing agency's name in this language, printed small at the foot.
    pub issuer: Option<String>,
    pub issuer_logo: Option<std::sync::Arc<crate::logo::Logo>>,
    /// The campaign line in this language (`identity.yaml`), printed in the identity
    /// lockup.
    pub campaign: Option<String>,
    /// `poster · en · boulder · 2026-11-26`, printed small on every material.
    pub version: String,
    pub max_pages: Option<u32>,
    /// Pictograms beside the body's paragraphs, in their order.
    pub pictograms: Vec<crate::art::Pictogram>,
    /// Content of a poster or handout; for a wallet card, the front face.
    pub blocks: Vec<Block>,
    /// The back face of a wallet card; empty otherwise.
    pub back: Vec<Block>,
    /// A bilingual poster's second language, resolved from the same structure.
    pub second: Option<Box<Doc>>,
}

/// One block, with the field path and line that messages name.
#[derive(Clone, Debug)]
pub struct Block {
    /// The file the block comes from when it is not the material's (a county file).
    pub origin: Option<PathBuf>,
    pub path: String,
    pub line: u64,
    pub col: u64,
    /// Where the block's text is in the language file (the file a translator edits),
    /// for messages about the text: too long, too wide, a character.
    pub copy: Option<CopyAt>,
    pub content: Content,
}

/// A text's place in a language file: the file, its key, and the line and column
/// where the text starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyAt {
    pub file: PathBuf,
    pub key: String,
    pub line: u64,
    pub col: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// A short bold line above what follows: the county name of an edition.
    Kicker(String),
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    Call(Call),
    Qr(Qr),
}

/// A contact callout: label, the number in large type, the digits beside a vanity
/// number, and optionally the web address.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The registry id of the channel.
    pub contact: String,
    pub label: String,
    pub name: String,
    pub phone: Option<Phone>,
    pub web: Option<WebUrl>,
    /// A number for text messages, set as the call's number (`phone` then holds the
    /// same number, for its layout): linked to a new message, not a call.
    pub sms: Option<Sms>,
}

impl Call {
    /// What the printed number opens: a call (`tel:`) or, for a text channel, a new
    /// message (`sms:`).
    pub fn link(&self, phone: &Phone) -> String {
        self.sms.as_ref().map_or_else(|| phone.tel_uri(), |s| s.sms_uri())
    }
}

/// A QR code: what it encodes, the caption, and the address printed under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Qr {
    /// The registry id of the channel, or `web` for a county's web page.
    pub contact: String,
    pub payload: String,
    pub caption: String,
    /// The destination in plain words (`report.cybertip.org`), printed as a link.
    pub shown: String,
}

impl Doc {
    /// A short fingerprint of everything this document prints (its texts, numbers,
    /// codes' payloads, logos, colours and language, and its second language's), the
    /// same at every size and profile: the end of its version code, so the code
    /// changes whenever what is printed does, whatever the `revised` date says.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        self.feed(&mut |part: &str| {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        });
        h.finalize().iter().take(2).map(|b| format!("{b:02x}")).collect()
    }

    /// Every printed part of this document, in order, to `out`.
    fn feed(&self, out: &mut dyn FnMut(&str)) {
        for part in [&self.id, &self.edition, &self.lang, &self.title, &self.subject, &self.qr_label, &self.logo_label, &self.author] {
            out(part);
        }
        out(self.issuer.as_deref().unwrap_or(""));
        out(self.campaign.as_deref().unwrap_or(""));
        out(&format!("{:?}", self.pictograms));
        out(self.logo.as_ref().map_or("", |l| l.id.as_str()));
        out(self.issuer_logo.as_ref().map_or("", |l| l.id.as_str()));
        out(&format!("{:?}", self.palette));
        for block in self.county.iter().chain(&self.blocks).chain(&self.back) {
            out(&format!("{:?}", block.content));
        }
        out(&format!("back {}", self.back.len()));
        if let Some(second) = &self.second {
            out("second");
            second.feed(out);
        }
    }

    /// Put the fingerprint at the end of the version code: `poster · en · boulder ·
    /// 2026-11-26 · 3fa9` (four hex digits: a change keeps its code by chance once in 65,536).
    pub fn seal_version(mut self) -> Doc {
        self.version = format!("{} · {}", self.version, self.fingerprint());
        self
    }

    /// The small print on every material: the issuer's name (when there is one) and
    /// the version code.
    pub fn imprint(&self) -> String {
        match &self.issuer {
            Some(issuer) => format!("{issuer} · {}", self.version),
            None => self.version.clone(),
        }
    }

    /// The author as the PDF's metadata gives it: in this document's language, and on
    /// a bilingual poster in each of its languages in the order they are printed
    /// (`awareprint materials project / Proyecto de materiales awareprint`), as its
    /// title is.
    pub fn metadata_author(&self) -> String {
        let mut names = vec![self.author.as_str()];
        for other in self.second.iter().map(|o| o.author.as_str()) {
            if !names.contains(&other) {
                names.push(other);
            }
        }
        names.join(" / ")
    }

    /// Where this document's ink may go: trim, bleed, the paper's margin, marks.
    pub fn geometry(&self) -> crate::kinds::Geometry {
        self.kind.geometry(self.size, self.profile)
    }

    /// The county name printed on the material; `None` statewide.
    pub fn county_name(&self) -> Option<&str> {
        match &self.county.as_ref()?.content {
            Content::Kicker(name) => Some(name),
            _ => None,
        }
    }

    /// What a county edition adds to this material, in words (`the county name, a
    /// logo, 1 local contact`); empty for the statewide edition.
    pub fn county_additions(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.county.is_some() {
            out.push("the county name".to_string());
        }
        if self.logo.is_some() {
            out.push("a logo".to_string());
        }
        let all = || self.blocks.iter().chain(&self.back).filter(|b| b.origin.is_some());
        let calls = all().filter(|b| matches!(b.content, Content::Call(_))).count();
        if calls > 0 {
            out.push(format!("{calls} local contact{}", if calls == 1 { "" } else { "s" }));
        }
        if all().any(|b| matches!(b.content, Content::Qr(_))) {
            out.push("the web page's QR code".to_string());
        }
        out
    }

    /// This material as the statewide edition prints it: without the county's name,
    /// logo, contacts and web page (to tell whether they are what does not fit).
    pub fn without_county_additions(&self) -> Doc {
        let keep = |blocks: &[Block]| blocks.iter().filter(|b| b.origin.is_none()).cloned().collect();
        Doc {
            county: None,
            logo: None,
            blocks: keep(&self.blocks),
            back: keep(&self.back),
            second: self.second.as_ref().map(|d| Box::new(d.without_county_additions())),
            ..self.clone()
        }
    }

    /// The reading grade of the copy (title excluded; numbers and addresses are not
    /// words): Flesch-Kincaid for English, Fernández-Huerta (as a grade) for Spanish.
    pub fn reading_grade(&self) -> f64 {
        let spanish = self.lang.starts_with("es");
        let mut counts = super::readability::Counts::default();
        let mut add = |t: &str| if spanish { counts.add_es(t) } else { counts.add(t) };
        for b in self.blocks.iter().chain(&self.back) {
            match &b.content {
                Content::Heading(t) | Content::Paragraph(t) | Content::Kicker(t) => add(t),
                Content::Bullets(items) => items.iter().for_each(|t| add(t)),
                Content::Call(c) => add(&c.label),
                Content::Qr(q) => add(&q.caption),
            }
        }
        if spanish { super::readability::grade_es(&counts) } else { counts.grade() }
    }
}

impl Block {
    /// A message about this block, naming the file and the block's field path.
    /// Problems with the text (it does not fit, a word is too wide) name the language
    /// file and the text's key and line; a county's block names the county file.
    pub fn error(&self, doc: &Doc, message: impl Into<String>) -> Diagnostic {
        match (&self.origin, &self.copy) {
            (None, Some(at)) => Diagnostic::error(message).in_file(&at.file).field(at.key.clone()).at(at.line, at.col),
            _ => self.structure_error(doc, message),
        }
    }

    /// A problem with the block itself (where it is, what kind it is): the structure
    /// file, or the county file for a county's block.
    pub fn structure_error(&self, doc: &Doc, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).in_file(self.origin.as_ref().unwrap_or(&doc.file)).field(self.path.clone()).at(self.line, self.col)
    }
}
