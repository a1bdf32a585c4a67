//! A county edition's additions to a material: what it has no room for is refused up
//! front; its local contacts and web page are added where the county file shows them.

use super::quotes::Quotes;
use super::{Block, Call, Content, Edition, Qr};
use crate::diag::{Diagnostic, Problems};
use crate::kinds::{Faces, KindSpec};

/// What a material has no room for, refused up front: posters and the wallet card keep
/// their statewide QR codes (a county's web page goes on a handout without a page
/// limit), and posters and page-limited handouts have room for one local contact.
/// The templates keep room for the rest (see `layout`).
pub(super) fn county_room(edition: &Edition, material: &str, kind: &KindSpec, max_pages: Option<u32>) -> Problems {
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
/// QR code after the last code (on a wallet card: on the back), their texts in the
/// language's quotation marks.
pub(super) fn overlay(
    edition: &Edition,
    material: &str,
    kind: &KindSpec,
    (lang, quotes): (&str, Quotes),
    blocks: &mut Vec<Block>,
    back: &mut Vec<Block>,
) -> Problems {
    let mut problems = Vec::new();
    let mut quoted = |text: String, field: String| match quotes.apply(&text) {
        Ok(t) => t,
        Err(e) => {
            let file = edition.file.clone().unwrap_or_default();
            problems.push(
                Diagnostic::error(format!("in `{lang}`: {}", e.message))
                    .in_file(&file)
                    .field(field)
                    .hint("one quotation style per language: see materials/identity.yaml"),
            );
            text
        }
    };
    if let Some(local) = edition.show.get(material) {
        let at = blocks.iter().rposition(|b| matches!(b.content, Content::Call(_))).map_or(blocks.len(), |i| i + 1);
        for (n, c) in local.iter().enumerate().rev() {
            let call = Call {
                contact: c.id.clone(),
                label: quoted(c.callout_in(lang), format!("contacts: {}", c.id)),
                name: quoted(c.name_in(lang).to_string(), format!("contacts: {}", c.id)),
                phone: c.phone.clone(),
                web: None,
                sms: None,
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
            caption: quoted(web.caption.clone(), "web.caption".into()),
            shown: web.url.display().to_string(),
        };
        target
            .insert(at, Block { origin: edition.file.clone(), path: "web".into(), line: 0, col: 0, copy: None, content: Content::Qr(qr) });
    }
    problems
}
