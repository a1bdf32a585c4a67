//! The frame IR: what layout produces and the PDF writer draws. Coordinates are
//! y-down, relative to the top-left corner of the trim box.

use super::font::{FontId, Glyph};
use super::units::{Abs, Point, Rect, Size};

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
    Text { origin: Point, font: FontId, size: Abs, color: Color, glyphs: Vec<Glyph> },
    /// A filled rectangle (background bands, boxes, rules).
    Fill { rect: Rect, color: Color },
    /// A QR code: its dark modules merged into rectangles, filled once. `bounds`
    /// includes the quiet zone, which nothing else may touch.
    Qr { rects: Vec<Rect>, color: Color, bounds: Rect, payload: String },
    /// A clickable area opening `uri`.
    Link { rect: Rect, uri: String },
    /// An image (a county logo) scaled into `rect`.
    Image { rect: Rect, logo: std::sync::Arc<crate::logo::Logo> },
    /// Items drawn clipped to `clip` (a card on an imposed sheet).
    Group { clip: Rect, items: Vec<Item> },
}

impl Item {
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
