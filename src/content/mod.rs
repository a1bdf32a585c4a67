//! Resolve: a material file plus the contact registry become a [`Doc`] with every
//! reference looked up, every placeholder filled and no optional left to check.

mod copy;
mod edition;
mod placeholders;
pub mod readability;

pub use copy::{Copy, RESERVED};
pub use edition::{Edition, LocalWeb, STATEWIDE};
pub use placeholders::{check_no_typed_contacts, expand};

use crate::contacts::{Phone, Registry, WebUrl};
use crate::diag::{Diagnostic, Problems};
use crate::kinds::{Faces, KindSpec};
use crate::model::{Accent, BlockSpec, LinkKind, Loaded, MaterialFile, SizeName, Spanned};
use std::path::PathBuf;

/// A material ready for layout.
#[derive(Clone, Debug)]
pub struct Doc {
    pub id: String,
    /// The edition's id: `colorado` (statewide) or a county id.
    pub edition: String,
    /// The county name printed on the material; `None` statewide.
    pub edition_name: Option<String>,
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
    pub title: String,
    pub subject: String,
    /// What a screen reader calls a QR code in this language (`Código QR`).
    pub qr_label: String,
    /// What it calls a logo (`Logotipo`).
    pub logo_label: String,
    pub author: String,
    /// BCP 47 tag of the copy (`es-US`).
    pub lang: String,
    /// The language code of the copy file (`es`): the output folder.
    pub lang_code: String,
    pub accent: Accent,
    pub max_pages: Option<u32>,
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
    /// What a county edition adds to this material, in words (`the county name, a
    /// logo, 1 local contact`); empty for the statewide edition.
    pub fn county_additions(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.edition_name.is_some() {
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
            edition_name: None,
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
        let mut counts = readability::Counts::default();
        let mut add = |t: &str| if spanish { counts.add_es(t) } else { counts.add(t) };
        for b in self.blocks.iter().chain(&self.back) {
            match &b.content {
                Content::Heading(t) | Content::Paragraph(t) | Content::Kicker(t) => add(t),
                Content::Bullets(items) => items.iter().for_each(|t| add(t)),
                Content::Call(c) => add(&c.label),
                Content::Qr(q) => add(&q.caption),
            }
        }
        if spanish { readability::grade_es(&counts) } else { counts.grade() }
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

/// Check a material against its kind and the registry, and resolve it in the language
/// of `copy` for an edition.
pub fn resolve(file: &Loaded<MaterialFile>, copy: &Copy, id: &str, edition: &Edition, size: Option<SizeName>) -> Result<Doc, Problems> {
    let registry = &edition.registry;
    let m = &file.value;
    let Some(kind) = KindSpec::find(&m.kind.value) else {
        return Err(vec![
            file.error_at(&m.kind, format!("`{}` is not a kind of material", m.kind.value)).hint(format!("kinds: {}", KindSpec::names())),
        ]);
    };
    let mut problems = Vec::new();

    let allowed = kind.sizes;
    let chosen = size.or(m.size.as_ref().map(|s| s.value));
    let size = match chosen {
        None => allowed.first().copied().unwrap_or(SizeName::Letter),
        Some(s) if allowed.contains(&s) => s,
        Some(s) => {
            let list: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
            let msg = format!("{} cannot be printed at size `{}`", kind.noun, s.name());
            let hint = if list.is_empty() {
                format!("{} has a fixed size of {}; remove `size`", kind.noun, kind.trim_words().unwrap_or_else(|| kind.size_label(s)))
            } else {
                format!("sizes for {}: {}", kind.noun, list.join(", "))
            };
            let d = match &m.size {
                Some(spanned) if spanned.value == s => file.error_at(spanned, msg),
                _ => Diagnostic::error(msg).in_file(&file.file),
            };
            problems.push(d.hint(hint));
            SizeName::Letter
        }
    };

    let (front, back) = match kind.faces {
        Faces::FrontBack => {
            if let Some(b) = &m.blocks {
                problems.push(file.error_at(b, format!("{} has `front` and `back`, not `blocks`", kind.noun)));
            }
            let front = required(file, kind, &m.front, "front", &mut problems);
            let back = required(file, kind, &m.back, "back", &mut problems);
            (front, back)
        }
        Faces::Pages => {
            for (field, v) in [("front", &m.front), ("back", &m.back)] {
                if let Some(v) = v {
                    problems.push(file.error_at(v, format!("`{field}` is only for two-sided pieces; {} has `blocks`", kind.noun)));
                }
            }
            (required(file, kind, &m.blocks, "blocks", &mut problems), None)
        }
    };
    match &m.languages {
        None if kind.is_bilingual() => {
            problems.push(file.error_in("languages", format!("{} needs `languages`, e.g. `languages: [en, es]`", kind.noun)))
        }
        Some(l) if kind.is_bilingual() && l.value.len() != kind.languages => {
            problems.push(file.error_at(l, format!("{} has exactly {} `languages`", kind.noun, kind.languages)))
        }
        Some(l) if !kind.is_bilingual() => problems.push(file.error_at(l, "`languages` is only for bilingual posters")),
        _ => {}
    }
    if let (Some(mp), false) = (&m.max_pages, kind.page_limit) {
        problems.push(file.error_at(mp, format!("`max-pages` is only for kinds that flow onto pages; {} has a fixed layout", kind.noun)));
    }
    if let Some(mp) = &m.max_pages
        && mp.value == 0
    {
        problems.push(file.error_at(mp, "`max-pages` must be at least 1"));
    }

    let blocks_field = if kind.faces == Faces::FrontBack { "front" } else { "blocks" };
    let mut blocks = resolve_blocks(file, copy, front, blocks_field, registry, &mut problems);
    let mut back = resolve_blocks(file, copy, back, "back", registry, &mut problems);
    problems.extend(county_room(edition, id, kind, m.max_pages.as_ref().map(|p| p.value)));
    overlay(edition, id, kind, copy.code, &mut blocks, &mut back);
    if problems.is_empty() {
        problems.extend(required_content(file, copy.file, &blocks, &back));
    }
    let title = copy.required("title", registry, &mut problems);
    let subject = copy.required("subject", registry, &mut problems);
    // The author is printed in the PDF's metadata: the same policy.
    if let Err(r) = crate::policy::printed(&m.author, false) {
        problems.push(file.error_in("author", r.message()).hint(r.hint()));
    }
    let qr_label = copy.required("qr-code", registry, &mut problems);
    let logo_label = copy.required("logo", registry, &mut problems);
    let lang = copy.lang(&mut problems);
    copy.unused(&mut problems);
    for (code, to) in &m.fallback {
        if code == &to.value {
            problems.push(file.error_at(to, format!("`{code}` cannot fall back to itself")));
        }
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Doc {
        id: id.to_string(),
        edition: edition.id.clone(),
        edition_name: edition.name.clone(),
        logo: edition.logo.clone(),
        edition_file: edition.file.clone(),
        copy_file: copy.file.file.clone(),
        file: file.file.clone(),
        kind,
        size,
        title,
        subject,
        qr_label,
        logo_label,
        author: m.author.clone(),
        lang,
        lang_code: copy.code.to_string(),
        accent: m.accent,
        max_pages: m.max_pages.as_ref().map(|s| s.value),
        blocks,
        back,
        second: None,
    })
}

/// What a material has no room for, refused up front: posters and the wallet card keep
/// their statewide QR codes (a county's web page goes on a handout without a page
/// limit), and posters and page-limited handouts have room for one local contact.
/// The templates keep room for the rest (see `layout`).
fn county_room(edition: &Edition, material: &str, kind: &KindSpec, max_pages: Option<u32>) -> Problems {
    let Some(file) = &edition.file else { return Vec::new() };
    let mut problems = Vec::new();
    let limited = max_pages.is_some();
    if edition.web.as_ref().is_some_and(|w| w.on.iter().any(|m| m == material)) && !kind.takes_web_page(limited) {
        let what = match max_pages {
            Some(n) if kind.page_limit => format!("kept to {n} pages"),
            _ => kind.noun.to_string(),
        };
        problems.push(
            Diagnostic::error(format!("`{material}` is {what}: it has no room for a county's web page"))
                .in_file(file)
                .field("web.on")
                .hint(format!("take `{material}` out of `web: on:`; a handout without a page limit (professional-handout) can carry it")),
        );
    }
    if let (Some(local), Some(room)) = (edition.show.get(material), kind.local_contacts(limited))
        && local.len() > room
    {
        let (msg, hint) = match room {
            0 => (
                format!("`{material}` is {}: it has no room for local contacts; `show` lists {}", kind.noun, local.len()),
                format!("take `{material}` out of `show`; the poster, wallet card and handouts can carry a local contact"),
            ),
            1 => (
                format!("`{material}` has room for one local contact; `show` lists {}", local.len()),
                "list the one contact people should call; the professional handout has room for more".to_string(),
            ),
            n => (
                format!("`{material}` has room for {n} local contacts; `show` lists {}", local.len()),
                format!("list the {n} contacts people should call first; the professional handout has room for more"),
            ),
        };
        problems.push(Diagnostic::error(msg).in_file(file).field(format!("show.{material}")).hint(hint));
    }
    problems
}

/// Add a county's local contacts after the material's last callout, and its web page's
/// QR code after the last code (on a wallet card: on the back).
fn overlay(edition: &Edition, material: &str, kind: &KindSpec, lang: &str, blocks: &mut Vec<Block>, back: &mut Vec<Block>) {
    if let Some(local) = edition.show.get(material) {
        let at = blocks.iter().rposition(|b| matches!(b.content, Content::Call(_))).map_or(blocks.len(), |i| i + 1);
        for (n, c) in local.iter().enumerate().rev() {
            let call = Call {
                contact: c.id.clone(),
                label: c.callout_in(lang),
                name: c.name_in(lang).to_string(),
                phone: c.phone.clone(),
                web: None,
            };
            blocks.insert(
                at,
                Block {
                    origin: edition.file.clone(),
                    path: format!("show.{material}[{n}]"),
                    line: 0,
                    col: 0,
                    copy: None,
                    content: Content::Call(call),
                },
            );
        }
    }
    if let Some(web) = edition.web.as_ref().filter(|w| w.on.iter().any(|m| m == material)) {
        let target = if kind.faces == Faces::FrontBack { back } else { blocks };
        let at = target.iter().rposition(|b| matches!(b.content, Content::Qr(_))).map_or(target.len(), |i| i + 1);
        let qr = Qr {
            contact: "web".into(),
            payload: web.url.href().to_string(),
            caption: web.caption.clone(),
            shown: web.url.display().to_string(),
        };
        target
            .insert(at, Block { origin: edition.file.clone(), path: "web".into(), line: 0, col: 0, copy: None, content: Content::Qr(qr) });
    }
}

/// The id of the emergency channel in the registry.
pub const EMERGENCY: &str = "emergency";

/// Every material shows 911 for a child in immediate danger and at least one
/// statewide reporting channel as a callout or QR code. An edition cannot remove them.
/// (911 is often written in the copy, so its absence names the language file; the
/// channels are blocks, so theirs names the structure file.)
fn required_content(file: &Loaded<MaterialFile>, copy: &Loaded<crate::model::CopyFile>, front: &[Block], back: &[Block]) -> Problems {
    let all = || front.iter().chain(back);
    let mut problems = Vec::new();
    let shows_911 = all().any(|b| match &b.content {
        Content::Call(c) => c.phone.as_ref().is_some_and(|p| p.digits() == "911"),
        Content::Paragraph(t) | Content::Heading(t) | Content::Kicker(t) => has_word(t, "911"),
        Content::Bullets(items) => items.iter().any(|t| has_word(t, "911")),
        Content::Qr(_) => false,
    });
    if !shows_911 {
        problems.push(
            copy.error_in("blocks", "the material does not show 911 for a child in immediate danger")
                .hint(format!("add a `call` block for `{EMERGENCY}`, or write {{{EMERGENCY}}} in a paragraph")),
        );
    }
    let statewide = all().any(|b| match &b.content {
        Content::Call(c) => c.contact != EMERGENCY && b.origin.is_none(),
        Content::Qr(q) => q.contact != "web" && b.origin.is_none(),
        _ => false,
    });
    if !statewide {
        problems.push(
            file.error_in("blocks", "the material shows no statewide reporting channel")
                .hint("add a `call` or `qr` block for a statewide channel such as `co-hotline`"),
        );
    }
    problems
}

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == word)
}

type Blocks = Spanned<Vec<Spanned<BlockSpec>>>;

fn required<'a>(
    file: &Loaded<MaterialFile>,
    kind: &KindSpec,
    v: &'a Option<Blocks>,
    field: &str,
    problems: &mut Problems,
) -> Option<&'a Blocks> {
    match v {
        Some(b) if b.value.is_empty() => {
            problems.push(file.error_at(b, format!("`{field}` is empty")));
            None
        }
        Some(b) => Some(b),
        None => {
            problems.push(file.error_in(field, format!("{} needs `{field}`", kind.noun)));
            None
        }
    }
}

fn resolve_blocks(
    file: &Loaded<MaterialFile>,
    copy: &Copy,
    specs: Option<&Blocks>,
    field: &str,
    registry: &Registry,
    problems: &mut Problems,
) -> Vec<Block> {
    let Some(specs) = specs else { return Vec::new() };
    let mut out = Vec::new();
    for (i, spec) in specs.value.iter().enumerate() {
        let path = format!("{field}[{i}]");
        let key = match &spec.value {
            BlockSpec::Heading(k) | BlockSpec::Paragraph(k) | BlockSpec::Bullets(k) => k,
            BlockSpec::Call(call) => &call.label,
            BlockSpec::Qr(qr) => &qr.caption,
        };
        let copy_at = copy.at(&key.value);
        let content = match &spec.value {
            BlockSpec::Heading(k) => Content::Heading(copy.text(file, k, registry, problems)),
            BlockSpec::Paragraph(k) => Content::Paragraph(copy.text(file, k, registry, problems)),
            BlockSpec::Bullets(k) => Content::Bullets(copy.list(file, k, registry, problems)),
            BlockSpec::Call(call) => {
                let label = copy.text(file, &call.label, registry, problems);
                match lookup(file, &call.contact, registry, problems) {
                    Some(c) => {
                        if c.phone.is_none() {
                            problems.push(file.error_at(&call.contact, format!("contact `{}` has no phone number to call", c.id)));
                        }
                        if call.show_web && c.url.is_none() {
                            problems.push(file.error_at(&call.contact, format!("contact `{}` has no web address to show", c.id)));
                        }
                        Content::Call(Call {
                            contact: c.id.clone(),
                            label,
                            name: c.name.clone(),
                            phone: c.phone.clone(),
                            web: c.url.clone().filter(|_| call.show_web),
                        })
                    }
                    None => continue,
                }
            }
            BlockSpec::Qr(qr) => {
                let caption = copy.text(file, &qr.caption, registry, problems);
                let Some(c) = lookup(file, &qr.contact, registry, problems) else {
                    continue;
                };
                let target = match qr.link {
                    LinkKind::Web => c.url.as_ref().map(|u| (u.href().to_string(), u.display().to_string())),
                    LinkKind::Call => c.phone.as_ref().map(|p| (p.tel_uri(), p.written().to_string())),
                };
                match target {
                    Some((payload, shown)) => Content::Qr(Qr { contact: c.id.clone(), payload, caption, shown }),
                    None => {
                        let what = if qr.link == LinkKind::Web { "web address" } else { "phone number" };
                        problems.push(file.error_at(&qr.contact, format!("contact `{}` has no {what} for a QR code", c.id)));
                        continue;
                    }
                }
            }
        };
        out.push(Block { origin: None, path, line: spec.referenced.line(), col: spec.referenced.column(), copy: copy_at, content });
    }
    out
}

fn lookup<'r>(
    file: &Loaded<MaterialFile>,
    id: &Spanned<String>,
    registry: &'r Registry,
    problems: &mut Problems,
) -> Option<&'r crate::contacts::Contact> {
    let found = registry.get(&id.value);
    if found.is_none() {
        let known: Vec<&str> = registry.ids().collect();
        problems.push(
            file.error_at(id, format!("unknown contact `{}`", id.value))
                .hint(format!("contacts in materials/contacts.yaml: {}", known.join(", "))),
        );
    }
    found
}

/// The longest piece of copy one block may hold.
pub const MAX_TEXT_CHARS: usize = 2000;
