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
    /// A vector path (pictograms, decorative art), filled and/or stroked in palette
    /// colours. Drawn as part of the element open here (a Figure), else an artifact.
    Path { path: Path, fill: Option<(Color, FillRule)>, stroke: Option<Stroke> },
    /// The die-cut line of a press sticker: a stroke in the `CutContour` separation,
    /// overprinting, an artifact. A cutter's instruction, not ink: press PDFs only.
    DieLine { path: Path, width: Abs },
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
            Item::Path { path, .. } | Item::DieLine { path, .. } => path.translate(dx, dy),
            Item::Group { clip, items } => {
                mv(clip);
                items.iter_mut().for_each(|i| i.translate(dx, dy));
            }
            Item::Start(_) | Item::Furniture | Item::End => {}
        }
    }
}

/// One piece of a [`Path`], in page coordinates (y down, as everything in frames).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A new subpath starts here.
    Move(Point),
    Line(Point),
    /// A cubic Bézier curve: two control points, then its end.
    Cubic(Point, Point, Point),
    /// The subpath closes with a straight line to where it started.
    Close,
}

/// How a filled path decides what is inside (ISO 32000, 8.5.3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FillRule {
    NonZero,
    EvenOdd,
}

/// The shape at the open ends of a stroke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    Butt,
    Round,
    /// Square, projecting half the width past the end.
    Square,
}

/// The shape where two segments of a stroke meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    /// Mitred up to PDF's default limit (10), bevelled beyond.
    Miter,
    Round,
    Bevel,
}

/// How a path is stroked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: Abs,
    pub cap: Cap,
    pub join: Join,
}

/// A vector path: subpaths of lines and cubic curves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path {
    pub segs: Vec<Seg>,
}

impl Path {
    pub fn new() -> Path {
        Path::default()
    }

    pub fn move_to(&mut self, p: Point) {
        self.segs.push(Seg::Move(p));
    }

    pub fn line_to(&mut self, p: Point) {
        self.segs.push(Seg::Line(p));
    }

    pub fn cubic_to(&mut self, c1: Point, c2: Point, p: Point) {
        self.segs.push(Seg::Cubic(c1, c2, p));
    }

    pub fn close(&mut self) {
        self.segs.push(Seg::Close);
    }

    /// A rectangle with corners rounded by `radius` (at most half its shorter side),
    /// clockwise on the page from the end of the top-left corner's curve; each corner
    /// a cubic quarter circle.
    pub fn rounded_rect(r: Rect, radius: Abs) -> Path {
        let radius = radius.max(Abs::ZERO).min(r.w() / 2.0).min(r.h() / 2.0);
        // The control points of a quarter circle lie 0.552 of the radius out.
        let k = radius * (1.0 - KAPPA);
        let (x0, y0, x1, y1) = (r.x(), r.y(), r.right(), r.bottom());
        let p = Point::new;
        let mut path = Path::new();
        path.move_to(p(x0 + radius, y0));
        path.line_to(p(x1 - radius, y0));
        if radius > Abs::ZERO {
            path.cubic_to(p(x1 - k, y0), p(x1, y0 + k), p(x1, y0 + radius));
        }
        path.line_to(p(x1, y1 - radius));
        if radius > Abs::ZERO {
            path.cubic_to(p(x1, y1 - k), p(x1 - k, y1), p(x1 - radius, y1));
        }
        path.line_to(p(x0 + radius, y1));
        if radius > Abs::ZERO {
            path.cubic_to(p(x0 + k, y1), p(x0, y1 - k), p(x0, y1 - radius));
        }
        path.line_to(p(x0, y0 + radius));
        if radius > Abs::ZERO {
            path.cubic_to(p(x0, y0 + k), p(x0 + k, y0), p(x0 + radius, y0));
        }
        path.close();
        path
    }

    /// The box the path covers (its curves flattened as [`Path::polygons`] does:
    /// within a thousandth of a curve's size), its stroke not counted; `None` for an
    /// empty path.
    pub fn bounds(&self) -> Option<Rect> {
        let mut pts = self.polygons().into_iter().flatten();
        let first = pts.next()?;
        let (mut x0, mut y0, mut x1, mut y1) = (first.0, first.1, first.0, first.1);
        for (x, y) in pts {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        Some(Rect::new(Abs::pt(x0), Abs::pt(y0), Abs::pt(x1 - x0), Abs::pt(y1 - y0)))
    }

    /// Every point mapped by `f`.
    pub fn map(&self, f: impl Fn(Point) -> Point) -> Path {
        let segs = self
            .segs
            .iter()
            .map(|s| match *s {
                Seg::Move(p) => Seg::Move(f(p)),
                Seg::Line(p) => Seg::Line(f(p)),
                Seg::Cubic(a, b, c) => Seg::Cubic(f(a), f(b), f(c)),
                Seg::Close => Seg::Close,
            })
            .collect();
        Path { segs }
    }

    /// Its subpaths as polygons in points, each curve as 16 lines (for geometry
    /// checks, not for drawing).
    pub fn polygons(&self) -> Vec<Vec<(f64, f64)>> {
        let xy = |p: Point| (p.x.to_pt(), p.y.to_pt());
        let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut at = (0.0, 0.0);
        for seg in &self.segs {
            match *seg {
                Seg::Move(p) => {
                    at = xy(p);
                    out.push(vec![at]);
                }
                Seg::Line(p) => {
                    at = xy(p);
                    if let Some(c) = out.last_mut() {
                        c.push(at);
                    }
                }
                Seg::Cubic(a, b, c) => {
                    let (a, b, c) = (xy(a), xy(b), xy(c));
                    if let Some(poly) = out.last_mut() {
                        for i in 1..=16 {
                            let t = i as f64 / 16.0;
                            let u = 1.0 - t;
                            let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
                            poly.push((
                                w[0] * at.0 + w[1] * a.0 + w[2] * b.0 + w[3] * c.0,
                                w[0] * at.1 + w[1] * a.1 + w[2] * b.1 + w[3] * c.1,
                            ));
                        }
                    }
                    at = c;
                }
                Seg::Close => {}
            }
        }
        out
    }

    /// Whether `p` lies inside the path filled by `rule` (every subpath closed).
    pub fn contains(&self, p: Point, rule: FillRule) -> bool {
        let (x, y) = (p.x.to_pt(), p.y.to_pt());
        let mut winding = 0;
        for poly in self.polygons() {
            for i in 0..poly.len() {
                let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
                if (a.1 <= y) != (b.1 <= y) {
                    let cross_x = a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0);
                    if cross_x > x {
                        winding += if b.1 > a.1 { 1 } else { -1 };
                    }
                }
            }
        }
        match rule {
            FillRule::NonZero => winding != 0,
            FillRule::EvenOdd => winding % 2 != 0,
        }
    }

    pub fn translate(&mut self, dx: Abs, dy: Abs) {
        *self = self.map(|p| Point::new(p.x + dx, p.y + dy));
    }

    /// The path drawn in the box `from` scaled, keeping its proportions, to fit into
    /// `into` and centred there (an icon's view box into its place on the page), and
    /// the scale (what a stroke's width is multiplied by).
    pub fn fit(&self, from: Rect, into: Rect) -> (Path, f64) {
        if from.w() <= Abs::ZERO || from.h() <= Abs::ZERO {
            return (Path::new(), 0.0);
        }
        let s = (into.w() / from.w()).min(into.h() / from.h());
        let dx = into.x() + (into.w() - from.w() * s) / 2.0;
        let dy = into.y() + (into.h() - from.h() * s) / 2.0;
        (self.map(|p| Point::new(dx + (p.x - from.x()) * s, dy + (p.y - from.y()) * s)), s)
    }
}

/// How far out a cubic's control points lie, as a fraction of the radius, for a
/// quarter circle: 4/3 (sqrt 2 - 1).
pub const KAPPA: f64 = 0.552_284_749_830_793_4;

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

/// The highest ink of a line of text (its tallest glyph's top), as a y on the page.
pub fn ink_top(item: &Item, fonts: &FontSet) -> Option<Abs> {
    let Item::Text { origin, font, size, glyphs, .. } = item else { return None };
    let f = fonts.get(*font);
    let hi = glyphs.iter().filter_map(|g| f.ink(g.id)).map(|(_, hi)| hi).max()?;
    Some(origin.y - f.scale(hi as i64, *size))
}

/// The highest ink of `items`' text, where they have any.
pub fn first_ink(items: &[Item], fonts: &FontSet) -> Option<Abs> {
    items.iter().filter_map(|i| ink_top(i, fonts)).reduce(Abs::min)
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
