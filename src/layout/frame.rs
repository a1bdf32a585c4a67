//! The frame IR: what layout produces and the PDF writer draws. Coordinates are
//! y-down, relative to the top-left corner of the trim box.

use super::font::{FontId, Glyph};
use crate::units::{Abs, Point, Rect, Size};

/// A process colour (CMYK, each 0..1), the print shop's native space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Color {
    pub c: f32,
    pub m: f32,
    pub y: f32,
    pub k: f32,
}

impl Color {
    pub const BLACK: Color = Color::cmyk(0.0, 0.0, 0.0, 1.0);
    pub const WHITE: Color = Color::cmyk(0.0, 0.0, 0.0, 0.0);

    pub const fn cmyk(c: f32, m: f32, y: f32, k: f32) -> Color {
        Color { c, m, y, k }
    }

    /// The colour at `t` (0..1) of its strength on white paper.
    pub fn tint(self, t: f32) -> Color {
        Color::cmyk(self.c * t, self.m * t, self.y * t, self.k * t)
    }
}

/// Where an item sits in the document's structure (for tagged PDF): inside the
/// element with this key, or decoration outside the structure. Keys sort in reading
/// order (see [`Structure::key`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tag {
    #[default]
    Artifact,
    Elem(u64),
}

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
        }
    }
}

/// One structure element.
#[derive(Clone, Debug, PartialEq)]
pub struct Elem {
    pub role: Role,
    /// `None` for the top-level elements under Document.
    pub parent: Option<u64>,
    /// Alternative text (figures, links).
    pub alt: Option<String>,
    /// Language of this element when it differs from the document's.
    pub lang: Option<String>,
}

/// The structure elements a layout defined, by key. Fitting may lay a block out
/// several times: it defines the same keys again, and only the keys the final pages
/// use (and their ancestors) make it into the PDF.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structure {
    pub elems: std::collections::BTreeMap<u64, Elem>,
}

impl Structure {
    /// A key from a reading position `major` (block order) and a unique `minor`.
    pub fn key(major: u32, minor: u32) -> u64 {
        ((major as u64) << 32) | minor as u64
    }

    /// Define (or define again) element `key`; returns its tag.
    pub fn define(&mut self, key: u64, role: Role, parent: Option<Tag>, alt: Option<String>, lang: Option<String>) -> Tag {
        let parent = match parent {
            Some(Tag::Elem(p)) => Some(p),
            _ => None,
        };
        self.elems.insert(key, Elem { role, parent, alt, lang });
        Tag::Elem(key)
    }

    /// The children of `parent` (top level for `None`) among `used`, in key order.
    pub fn children(&self, parent: Option<u64>, used: &std::collections::BTreeSet<u64>) -> Vec<u64> {
        self.elems.iter().filter(|(k, e)| e.parent == parent && used.contains(k)).map(|(k, _)| *k).collect()
    }

    /// `keys` and all their ancestors.
    pub fn with_ancestors(&self, keys: impl IntoIterator<Item = u64>) -> std::collections::BTreeSet<u64> {
        let mut out = std::collections::BTreeSet::new();
        for mut k in keys {
            while out.insert(k) {
                match self.elems.get(&k).and_then(|e| e.parent) {
                    Some(p) => k = p,
                    None => break,
                }
            }
        }
        out
    }
}

/// One page: trim size, bleed on every side, and what is drawn on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub trim: Size,
    pub bleed: Abs,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A line of text; `origin` is the left end of its baseline.
    Text { origin: Point, font: FontId, size: Abs, color: Color, glyphs: Vec<Glyph>, tag: Tag },
    /// A filled rectangle (background bands, boxes, rules).
    Fill { rect: Rect, color: Color },
    /// A QR code: its dark modules merged into rectangles, filled once. `bounds`
    /// includes the quiet zone, which nothing else may touch.
    Qr { rects: Vec<Rect>, color: Color, bounds: Rect, payload: String, tag: Tag },
    /// A clickable area opening `uri`; `tag` is its Link element.
    Link { rect: Rect, uri: String, tag: Tag },
    /// An image (a county logo) scaled into `rect`.
    Image { rect: Rect, logo: std::sync::Arc<crate::logo::Logo>, tag: Tag },
    /// Items drawn clipped to `clip` (a card on an imposed sheet).
    Group { clip: Rect, items: Vec<Item> },
}

impl Item {
    /// Put a drawn item (text, code, image) in structure element `t`.
    pub fn set_tag(&mut self, t: Tag) {
        match self {
            Item::Text { tag, .. } | Item::Qr { tag, .. } | Item::Image { tag, .. } => *tag = t,
            _ => {}
        }
    }

    /// The same item moved by (dx, dy).
    pub fn translate(&mut self, dx: Abs, dy: Abs) {
        let mv = |r: &mut Rect| {
            r.x += dx;
            r.y += dy;
        };
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
            Item::Group { clip, items } => {
                mv(clip);
                items.iter_mut().for_each(|i| i.translate(dx, dy));
            }
        }
    }
}
