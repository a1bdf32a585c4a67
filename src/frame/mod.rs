//! The frame IR: what layout produces and the PDF writer draws. Coordinates are
//! y-down, relative to the top-left corner of the trim box.

pub mod font;

pub use crate::color::Color;
use crate::units::{Abs, Point, Rect, Size};
pub use font::{FontId, FontSet, Glyph};

/// Structure roles, as in ISO 32000 (the standard structure types).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    H1,
    H2,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Figure,
    Link,
    /// Inline text with nothing more to say about it (a number a press PDF prints
    /// without a link).
    Span,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Figure => "Figure",
            Role::Link => "Link",
            Role::Span => "Span",
        }
    }
}

/// A structure element of the tagged PDF: its role, and, for figures and links, what
/// a screen reader says for it; its language when it differs from the document's.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub role: Role,
    pub alt: Option<String>,
    pub lang: Option<String>,
}

impl Node {
    pub fn new(role: Role) -> Node {
        Node { role, alt: None, lang: None }
    }

    /// With alternative text (figures, links).
    pub fn alt(self, alt: impl Into<String>) -> Node {
        Node { alt: Some(alt.into()), ..self }
    }

    /// In language `lang` (a BCP 47 tag), when given.
    pub fn lang(self, lang: Option<&str>) -> Node {
        Node { lang: lang.map(str::to_string), ..self }
    }
}

/// One page: trim size, bleed on every side, room beyond the bleed for crop marks,
/// and what is drawn on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub trim: Size,
    pub bleed: Abs,
    /// Paper beyond the bleed that holds crop marks (zero without marks): the media
    /// box is the trim with bleed and slug on every side.
    pub slug: Abs,
    pub items: Vec<Item>,
    /// Page furniture that belongs outside the trim (the version code of a card or a
    /// sticker, whose faces carry none): items laid out from (0, 0), drawn by whoever
    /// puts the page on paper (a press page's slug, an imposed sheet's margin).
    pub outside: Vec<Item>,
}

impl Page {
    pub fn new(trim: Size, bleed: Abs, items: Vec<Item>) -> Page {
        Page { trim, bleed, slug: Abs::ZERO, items, outside: Vec::new() }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A line of text; `origin` is the left end of its baseline.
    Text { origin: Point, font: FontId, size: Abs, color: Color, glyphs: std::sync::Arc<[Glyph]> },
    /// A filled rectangle (background bands, boxes, rules).
    Fill { rect: Rect, color: Color },
    /// A QR code: its dark modules merged into rectangles, filled once. `bounds`
    /// includes the quiet zone, which nothing else may touch.
    Qr { rects: Vec<Rect>, color: Color, bounds: Rect, payload: String },
    /// A clickable area opening `uri`: an annotation of the Link element open here.
    Link { rect: Rect, uri: String },
    /// An image (a county logo) scaled into `rect`.
    Image { rect: Rect, logo: std::sync::Arc<crate::logo::Logo> },
    /// Items drawn clipped to `clip` (a card on an imposed sheet).
    Group { clip: Rect, items: Vec<Item> },
    /// Crop marks, drawn in the registration colour (`/Separation /All`: on every
    /// plate), outside the bleed.
    Marks { rects: Vec<Rect> },
    /// A structure element starts: what is drawn until its [`Item::End`] is its
    /// content (elements nest). Reading order is the order of the items, page after
    /// page; drawn items outside every element, and fills, are artifacts.
    Start(Node),
    /// Page furniture starts (a running footer, a page number, the version code):
    /// until its [`Item::End`], what is drawn is an artifact, whatever element is open.
    Furniture,
    /// The element (or furniture) started last ends.
    End,
}

impl Item {
    /// The same item moved by (dx, dy).
    pub fn translate(&mut self, dx: Abs, dy: Abs) {
        let mv = |r: &mut Rect| *r = r.translated(dx, dy);
        match self {
            Item::Text { origin, .. } => {
                origin.x += dx;
                origin.y += dy;
            }
            Item::Fill { rect, .. } | Item::Link { rect, .. } | Item::Image { rect, .. } => mv(rect),
            Item::Qr { rects, bounds, .. } => {
                rects.iter_mut().for_each(mv);
                mv(bounds);
            }
            Item::Marks { rects } => rects.iter_mut().for_each(mv),
            Item::Group { clip, items } => {
                mv(clip);
                items.iter_mut().for_each(|i| i.translate(dx, dy));
            }
            Item::Start(_) | Item::Furniture | Item::End => {}
        }
    }
}

/// `items` as the content of element `node`.
pub fn wrap(node: Node, mut items: Vec<Item>) -> Vec<Item> {
    items.insert(0, Item::Start(node));
    items.push(Item::End);
    items
}

/// A line of text as two, split after the glyphs that spell `head` (whole clusters):
/// the second starts where its first glyph was, so nothing moves. `None` when the
/// line does not start with `head` or nothing follows it.
pub fn split_text(item: Item, head: &str, fonts: &FontSet) -> Option<(Item, Item)> {
    let Item::Text { origin, font, size, color, glyphs } = item else { return None };
    let (mut at, mut len) = (0, 0);
    while len < head.len() {
        len += glyphs.get(at)?.text.len();
        at += 1;
    }
    let spelled: String = glyphs[..at].iter().map(|g| g.text.as_str()).collect();
    if spelled != head || at == glyphs.len() {
        return None;
    }
    let (head, rest) = glyphs.split_at(at);
    let advance: i64 = head.iter().map(|g| g.advance as i64).sum();
    let x = origin.x + fonts.get(font).scale(advance, size);
    let first = Item::Text { origin, font, size, color, glyphs: head.into() };
    Some((first, Item::Text { origin: Point::new(x, origin.y), font, size, color, glyphs: rest.into() }))
}

/// The box a line of text covers: advance width by the font's ascender and descender.
pub fn text_box(item: &Item, fonts: &FontSet) -> Option<Rect> {
    let Item::Text { origin, font, size, glyphs, .. } = item else { return None };
    let f = fonts.get(*font);
    // Ink ends before the space a line broke at.
    let inked = glyphs.len() - glyphs.iter().rev().take_while(|g| g.text.trim().is_empty()).count();
    let width: i64 = glyphs[..inked].iter().map(|g| g.advance as i64).sum();
    let asc = f.scale(f.ascender as i64, *size);
    let desc = f.scale(-(f.descender as i64), *size);
    Some(Rect::new(origin.x, origin.y - asc, f.scale(width, *size), asc + desc))
}
