//! One page's content stream, written directly from its frame items: text as
//! subset glyph ids with kerning, fills and QR codes as `re` rectangles, vector art
//! and die lines as path operators, images, clipped groups, and the marked content that ties each drawn item to its
//! structure element; and the page's link annotations (they are annotations, not
//! content).
//!
//! Writing the bytes here keeps a document's text in one pass: glyph runs are literal
//! strings of two-byte codes with kerning numbers between them (as Typst's pdf-writer
//! writes them: half the bytes of hex strings, so a fifth less to deflate, and 6 %
//! smaller deflated), and every number is written to the thousandth of a point
//! (0.35 µm) without going through float formatting.

use super::fonts::{self, Subsets};
use super::{syntax, tags};
use crate::frame::{Cap, Color, FillRule, FontId, Item, Join, Page, Path, Role, Seg, Stroke};
use crate::logo::Logo;
use crate::units::{Abs, Rect};
use lopdf::{Dictionary, Object};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

/// PDF coordinates (y up, origin at the media box corner) of a y-down trim point.
struct Flip {
    bleed: f64,
    media_h: f64,
}

impl Flip {
    fn new(page: &Page) -> Flip {
        let outer = page.bleed + page.slug;
        Flip { bleed: outer.to_pt(), media_h: (page.trim.h + outer * 2.0).to_pt() }
    }

    fn x(&self, x: Abs) -> f64 {
        self.bleed + x.to_pt()
    }

    fn y(&self, y: Abs) -> f64 {
        self.media_h - self.bleed - y.to_pt()
    }

    /// A rectangle as `x y w h` (lower-left corner) in points.
    fn rect(&self, r: &Rect) -> [f64; 4] {
        [self.x(r.x()), self.y(r.bottom()), r.w().to_pt(), r.h().to_pt()]
    }

    /// A rectangle as two corners, as annotations give it.
    fn corners(&self, r: &Rect) -> Object {
        let [x, y, w, h] = self.rect(r);
        Object::Array([x, y, x + w, y + h].into_iter().map(|v| Object::Real(v as f32)).collect())
    }
}

/// Write `v` rounded to a thousandth, without trailing zeros (`12`, `0.5`, `-3.125`).
fn num(out: &mut Vec<u8>, v: f64) {
    let m = (v * 1000.0).round() as i64;
    if m < 0 {
        out.push(b'-');
    }
    let m = m.unsigned_abs();
    let (int, frac) = (m / 1000, m % 1000);
    syntax::integer(out, int as i64);
    if frac != 0 {
        let digits = [b'0' + (frac / 100) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8];
        let n = if frac % 100 == 0 {
            1
        } else if frac % 10 == 0 {
            2
        } else {
            3
        };
        out.push(b'.');
        out.extend_from_slice(&digits[..n]);
    }
}

/// Numbers separated by spaces, then the operator: `1 0 0 1 40 704.68 Tm`.
fn op(out: &mut Vec<u8>, args: &[f64], operator: &str) {
    for a in args {
        num(out, *a);
        out.push(b' ');
    }
    out.extend_from_slice(operator.as_bytes());
    out.push(b'\n');
}

fn cmyk(c: Color) -> [f64; 4] {
    [c.c, c.m, c.y, c.k].map(|v| v as f64)
}

/// A glyph's two-byte code (Identity-H: its new id) inside a literal string: the bytes
/// as they are, but a backslash before `(`, `)` and `\\`, and a carriage return as `\\r`
/// (a reader would take a bare one for a line feed).
fn code(out: &mut Vec<u8>, gid: u16) {
    for b in gid.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b => out.push(b),
        }
    }
}

/// One page: its content stream and its link annotations.
pub(super) struct Written {
    pub content: Vec<u8>,
    pub links: Vec<Dictionary>,
}

/// One page's content; when `tree` is given (a tagged PDF), its marked content and
/// annotations go into the structure tree as the page's items open and close
/// elements.
pub(super) fn page_content(
    page: &Page,
    subsets: &mut Subsets,
    images: &mut BTreeMap<String, Arc<Logo>>,
    mut tree: Option<&mut tags::Tree>,
) -> Written {
    if let Some(t) = tree.as_deref_mut() {
        t.new_page();
    }
    let mut w = ContentWriter {
        flip: Flip::new(page),
        subsets,
        images,
        out: Vec::with_capacity(8 * 1024),
        annotations: Vec::new(),
        in_text: false,
        font: None,
        fill: None,
        stroke: None,
        line: None,
        tree,
        open: None,
    };
    for item in &page.items {
        w.item(item);
    }
    w.end_text();
    w.close_mark();
    Written { content: w.out, links: w.annotations }
}

/// Turns items into content, setting font and colour only when they change.
struct ContentWriter<'a, 'f> {
    flip: Flip,
    subsets: &'a mut Subsets<'f>,
    images: &'a mut BTreeMap<String, Arc<Logo>>,
    out: Vec<u8>,
    /// The page's link annotations.
    annotations: Vec<Dictionary>,
    in_text: bool,
    font: Option<(FontId, Abs)>,
    fill: Option<Color>,
    /// The stroke colour, and the line width, cap and join, as last set.
    stroke: Option<Color>,
    line: Option<(Abs, Cap, Join)>,
    /// Tagging: the structure tree, and the marked-content sequence open now (an
    /// element's, or `None` for an artifact).
    tree: Option<&'a mut tags::Tree>,
    open: Option<Option<usize>>,
}

impl ContentWriter<'_, '_> {
    /// Put what follows in a marked-content sequence for element `elem` (with the
    /// next MCID), or an artifact's for `None`, closing the one open. Sequences always
    /// hold whole text objects.
    fn mark(&mut self, elem: Option<usize>) {
        let Some(tree) = self.tree.as_deref_mut() else { return };
        if self.open == Some(elem) {
            return;
        }
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
        if self.open.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
        match elem {
            Some(e) => {
                let role = tree.role(e).name();
                let mcid = tree.mark(e);
                self.out.push(b'/');
                self.out.extend_from_slice(role.as_bytes());
                self.out.extend_from_slice(b" <</MCID ");
                syntax::integer(&mut self.out, mcid);
                self.out.extend_from_slice(b">> BDC\n");
            }
            None => self.out.extend_from_slice(b"/Artifact BMC\n"),
        }
        self.open = Some(elem);
    }

    fn close_mark(&mut self) {
        if self.open.take().is_some() {
            self.end_text();
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            op(&mut self.out, &cmyk(c), "k");
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, s: &Stroke) {
        if self.stroke != Some(s.color) {
            op(&mut self.out, &cmyk(s.color), "K");
            self.stroke = Some(s.color);
        }
        let (width, cap, join) = self.line.unwrap_or((Abs::pt(1.0), Cap::Butt, Join::Miter));
        let first = self.line.is_none();
        if first || width != s.width {
            op(&mut self.out, &[s.width.to_pt()], "w");
        }
        if first || cap != s.cap {
            let n = match s.cap {
                Cap::Butt => 0.0,
                Cap::Round => 1.0,
                Cap::Square => 2.0,
            };
            op(&mut self.out, &[n], "J");
        }
        if first || join != s.join {
            let n = match s.join {
                Join::Miter => 0.0,
                Join::Round => 1.0,
                Join::Bevel => 2.0,
            };
            op(&mut self.out, &[n], "j");
        }
        self.line = Some((s.width, s.cap, s.join));
    }

    /// A path's construction operators: `m`, `l`, `c`, `h`, to the hundredth of a
    /// point (3.5 µm, far below what a plate or a cutter resolves).
    fn path(&mut self, path: &Path) {
        let centi = |v: f64| (v * 100.0).round() / 100.0;
        let (x, y) = (|p: crate::units::Point| centi(self.flip.x(p.x)), |p: crate::units::Point| centi(self.flip.y(p.y)));
        for seg in &path.segs {
            match *seg {
                Seg::Move(p) => op(&mut self.out, &[x(p), y(p)], "m"),
                Seg::Line(p) => op(&mut self.out, &[x(p), y(p)], "l"),
                Seg::Cubic(a, b, p) => op(&mut self.out, &[x(a), y(a), x(b), y(b), x(p), y(p)], "c"),
                Seg::Close => self.out.extend_from_slice(b"h\n"),
            }
        }
    }

    fn item(&mut self, item: &Item) {
        let current = self.tree.as_deref().and_then(|t| t.current());
        match item {
            Item::Text { .. } | Item::Qr { .. } | Item::Image { .. } => self.mark(current),
            // Art is the content of a figure open here; anywhere else it decorates.
            Item::Path { .. } => {
                let figure = current.filter(|e| self.tree.as_deref().is_some_and(|t| t.role(*e) == Role::Figure));
                self.mark(figure)
            }
            Item::Fill { .. } | Item::Group { .. } | Item::Marks { .. } | Item::DieLine { .. } => self.mark(None),
            Item::Link { .. } | Item::Furniture | Item::Start(_) | Item::End => {}
        }
        if !matches!(item, Item::Text { .. }) {
            self.end_text();
        }
        match item {
            Item::Text { origin, font: f, size, color: c, glyphs, .. } => {
                if !self.in_text {
                    self.out.extend_from_slice(b"BT\n");
                    self.in_text = true;
                }
                if self.font != Some((*f, *size)) {
                    self.out.push(b'/');
                    self.out.extend_from_slice(fonts::resource_id(*f).as_bytes());
                    self.out.push(b' ');
                    op(&mut self.out, &[size.to_pt()], "Tf");
                    self.font = Some((*f, *size));
                }
                self.set_fill(*c);
                op(&mut self.out, &[1.0, 0.0, 0.0, 1.0, self.flip.x(origin.x), self.flip.y(origin.y)], "Tm");
                // One string per run of glyphs, a kerning number where the shaped
                // advance differs from the font's.
                self.out.push(b'[');
                let mut in_string = false;
                for g in glyphs.iter() {
                    let (gid, default_advance) = self.subsets.use_glyph(*f, g.id, &g.text);
                    if !in_string {
                        self.out.push(b'(');
                        in_string = true;
                    }
                    code(&mut self.out, gid);
                    let kern = self.subsets.kerning_offset(*f, default_advance, g.advance);
                    if kern != 0.0 {
                        self.out.extend_from_slice(b") ");
                        num(&mut self.out, kern as f64);
                        self.out.push(b' ');
                        in_string = false;
                    }
                }
                if in_string {
                    self.out.push(b')');
                }
                self.out.extend_from_slice(b"] TJ\n");
            }
            Item::Fill { rect, color: c } => {
                self.set_fill(*c);
                op(&mut self.out, &self.flip.rect(rect), "re");
                self.out.extend_from_slice(b"f\n");
            }
            Item::Qr { rects, color: c, .. } => {
                // One `re` per rectangle and one fill: corners rounded to 1/1000 pt,
                // so rectangles that share an edge share it exactly.
                self.set_fill(*c);
                let milli = |v: f64| (v * 1000.0).round() / 1000.0;
                for r in rects {
                    let (x0, y1) = (milli(self.flip.x(r.x())), milli(self.flip.y(r.y())));
                    let (x1, y0) = (milli(self.flip.x(r.right())), milli(self.flip.y(r.bottom())));
                    op(&mut self.out, &[x0, y0, x1 - x0, y1 - y0], "re");
                }
                self.out.extend_from_slice(b"f\n");
            }
            Item::Link { rect, uri } => {
                if let Some(t) = self.tree.as_deref_mut() {
                    t.annotation();
                }
                // No border; the tagging gives each link its /Contents.
                let action = Dictionary::from_iter(vec![
                    ("S", Object::Name(b"URI".to_vec())),
                    ("URI", Object::String(uri.clone().into_bytes(), lopdf::StringFormat::Literal)),
                ]);
                self.annotations.push(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"Annot".to_vec())),
                    ("Subtype", Object::Name(b"Link".to_vec())),
                    ("Rect", self.flip.corners(rect)),
                    ("Border", Object::Array(vec![Object::Integer(0); 3])),
                    ("A", Object::Dictionary(action)),
                ]));
            }
            Item::Image { rect, logo } => {
                self.images.insert(logo.id.clone(), logo.clone());
                // An image is the unit square: scale it to the rectangle.
                let [x, y, w, h] = self.flip.rect(rect);
                self.out.extend_from_slice(b"q\n");
                op(&mut self.out, &[w, 0.0, 0.0, h, x, y], "cm");
                let _ = writeln!(self.out, "/{} Do", logo.id);
                self.out.extend_from_slice(b"Q\n");
            }
            Item::Group { clip, items } => {
                self.out.extend_from_slice(b"q\n");
                op(&mut self.out, &self.flip.rect(clip), "re");
                self.out.extend_from_slice(b"W n\n");
                for i in items {
                    self.item(i);
                }
                self.end_text();
                self.out.extend_from_slice(b"Q\n");
                // Q restores the colours, line and text state of before the group.
                self.fill = None;
                self.stroke = None;
                self.line = None;
                self.font = None;
            }
            Item::Path { path, fill, stroke } => {
                if let Some((c, _)) = fill {
                    self.set_fill(*c);
                }
                if let Some(s) = stroke {
                    self.set_stroke(s);
                }
                self.path(path);
                let paint: &[u8] = match (fill.map(|f| f.1), stroke.is_some()) {
                    (Some(FillRule::NonZero), false) => b"f\n",
                    (Some(FillRule::EvenOdd), false) => b"f*\n",
                    (Some(FillRule::NonZero), true) => b"B\n",
                    (Some(FillRule::EvenOdd), true) => b"B*\n",
                    (None, true) => b"S\n",
                    (None, false) => b"n\n",
                };
                self.out.extend_from_slice(paint);
            }
            Item::DieLine { path, width } => {
                // In the `CutContour` separation (the page's `/Cut` resource), over
                // whatever is printed under it (`/Ovp`: overprint on, mode 1), in its
                // own graphics state so that nothing after it overprints.
                self.out.extend_from_slice(b"q\n/Ovp gs\n/Cut CS 1 SCN\n");
                op(&mut self.out, &[width.to_pt()], "w");
                self.out.extend_from_slice(b"0 J 1 j\n");
                self.path(path);
                self.out.extend_from_slice(b"S\nQ\n");
                // Q restores the stroke colour and line as they were.
            }
            Item::Marks { rects } => {
                // The registration colour, full strength: the colour space is the
                // page's `/Reg` resource (see `document::registration`).
                self.out.extend_from_slice(b"/Reg cs 1 scn\n");
                for r in rects {
                    op(&mut self.out, &self.flip.rect(r), "re");
                }
                self.out.extend_from_slice(b"f\n");
                // The fill colour is now the separation's.
                self.fill = None;
            }
            Item::Start(node) => {
                if let Some(t) = self.tree.as_deref_mut() {
                    t.start(node.clone());
                }
            }
            Item::Furniture => {
                if let Some(t) = self.tree.as_deref_mut() {
                    t.furniture();
                }
            }
            Item::End => {
                let ended = self.tree.as_deref_mut().and_then(|t| t.end());
                // An element that only describes (a figure's alternative text in a
                // second language) gets an empty marked-content sequence: its place on
                // the page, and an MCID for the ParentTree.
                if let Some(e) = ended.filter(|e| self.tree.as_deref().is_some_and(|t| t.describes_only(*e))) {
                    self.mark(Some(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_to_the_thousandth_without_trailing_zeros() {
        let cases = [(12.0, "12"), (0.5, "0.5"), (-3.125, "-3.125"), (704.6804, "704.68"), (0.0004, "0"), (-0.0006, "-0.001"), (1e-9, "0")];
        for (v, want) in cases {
            let mut out = Vec::new();
            super::num(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{v}");
        }
    }

    #[test]
    fn glyph_codes_read_back_from_literal_strings() {
        // Every code, the delimiters and a carriage return among them, read back by
        // lopdf's content parser as the two bytes of the id.
        let mut content = b"[(".to_vec();
        for gid in 0..=u16::MAX {
            super::code(&mut content, gid);
        }
        content.extend_from_slice(b")] TJ");
        let ops = lopdf::content::Content::decode(&content).unwrap().operations;
        let lopdf::Object::String(bytes, _) = &ops[0].operands[0].as_array().unwrap()[0] else { panic!("a string") };
        let codes: Vec<u16> = bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        assert_eq!(codes, (0..=u16::MAX).collect::<Vec<_>>());
    }
}
