//! One page's drawing operations from its frame items: text with subset glyph ids
//! and kerning, fills, QR codes as `re` rectangles, images, links, and the marked
//! content that ties each drawn item to its structure element.

use super::fonts::{self, Subsets};
use super::tags;
use crate::layout::{Abs, Color, FontId, Item, Page, Point, Rect};
use crate::logo::Logo;
use printpdf::{
    Actions, BorderArray, Codepoint, DictItem, LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle, PdfPage, Polygon, PolygonRing, Pt,
    TextItem, TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// PDF coordinates (y up, origin at the media box corner) of a y-down trim point.
struct Flip {
    bleed: f64,
    media_h: f64,
}

impl Flip {
    fn new(page: &Page) -> Flip {
        Flip { bleed: page.bleed.to_pt(), media_h: (page.trim.h + page.bleed * 2.0).to_pt() }
    }

    fn point(&self, p: Point) -> printpdf::Point {
        printpdf::Point { x: Pt((self.bleed + p.x.to_pt()) as f32), y: Pt((self.media_h - self.bleed - p.y.to_pt()) as f32) }
    }

    fn rect(&self, r: &Rect) -> printpdf::Rect {
        let ll = self.point(Point::new(r.x(), r.bottom()));
        printpdf::Rect {
            x: ll.x,
            y: ll.y,
            width: Pt(r.w().to_pt() as f32),
            height: Pt(r.h().to_pt() as f32),
            mode: None,
            winding_order: None,
        }
    }

    fn ring(&self, r: &Rect) -> PolygonRing {
        let corners =
            [Point::new(r.x(), r.y()), Point::new(r.right(), r.y()), Point::new(r.right(), r.bottom()), Point::new(r.x(), r.bottom())];
        PolygonRing { points: corners.iter().map(|&c| LinePoint { p: self.point(c), bezier: false }).collect() }
    }
}

fn color(c: Color) -> printpdf::Color {
    printpdf::Color::Cmyk(printpdf::Cmyk { c: c.c, m: c.m, y: c.y, k: c.k, icc_profile: None })
}

/// `v` rounded to a thousandth (of a point): 0.35 µm, far below any printer's dot.
fn milli(v: f32) -> f32 {
    ((v as f64 * 1000.0).round() / 1000.0) as f32
}

fn fill(rings: Vec<PolygonRing>) -> Op {
    Op::DrawPolygon { polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero } }
}

/// One page's drawing operations; when `tree` is given (a tagged PDF), its marked
/// content and annotations go into the structure tree as the page's items open and
/// close elements.
pub(super) fn page_ops(
    page: &Page,
    subsets: &mut Subsets,
    images: &mut BTreeMap<String, Arc<Logo>>,
    mut tree: Option<&mut tags::Tree>,
) -> PdfPage {
    if let Some(t) = tree.as_deref_mut() {
        t.new_page();
    }
    let mut w =
        OpWriter { flip: Flip::new(page), subsets, images, ops: Vec::new(), in_text: false, font: None, fill: None, tree, open: None };
    for item in &page.items {
        w.item(item);
    }
    w.end_text();
    w.close_mark();
    let media = page.trim.w + page.bleed * 2.0;
    let media_h = page.trim.h + page.bleed * 2.0;
    let r = printpdf::Rect {
        x: Pt(0.0),
        y: Pt(0.0),
        width: Pt(media.to_pt() as f32),
        height: Pt(media_h.to_pt() as f32),
        mode: None,
        winding_order: None,
    };
    PdfPage { media_box: r.clone(), trim_box: r.clone(), crop_box: r, ops: w.ops }
}

/// Turns items into operations, setting font and colour only when they change.
struct OpWriter<'a, 'f> {
    flip: Flip,
    subsets: &'a mut Subsets<'f>,
    images: &'a mut BTreeMap<String, Arc<Logo>>,
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(FontId, Abs)>,
    fill: Option<Color>,
    /// Tagging: the structure tree, and the marked-content sequence open now (an
    /// element's, or `None` for an artifact).
    tree: Option<&'a mut tags::Tree>,
    open: Option<Option<usize>>,
}

impl OpWriter<'_, '_> {
    /// Put what follows in a marked-content sequence for element `elem` (with the
    /// next MCID), or an artifact's for `None`, closing the one open. Sequences always
    /// hold whole text objects.
    fn mark(&mut self, elem: Option<usize>) {
        let Some(tree) = self.tree.as_deref() else { return };
        if self.open == Some(elem) {
            return;
        }
        let role = elem.map(|e| tree.role(e).name());
        self.end_text();
        self.close_mark();
        match (elem, role, self.tree.as_deref_mut()) {
            (Some(e), Some(role), Some(tree)) => {
                let mcid = tree.mark(e);
                let mut map = BTreeMap::new();
                map.insert("MCID".to_string(), DictItem::Int(mcid));
                self.ops.push(Op::BeginMarkedContentWithProperties { tag: role.into(), properties: DictItem::Dict { map } });
            }
            _ => self.ops.push(Op::BeginMarkedContent { tag: "Artifact".into() }),
        }
        self.open = Some(elem);
    }

    fn close_mark(&mut self) {
        if self.open.take().is_some() {
            self.end_text();
            self.ops.push(Op::EndMarkedContent);
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }

    fn item(&mut self, item: &Item) {
        let current = self.tree.as_deref().and_then(|t| t.current());
        match item {
            Item::Text { .. } | Item::Qr { .. } | Item::Image { .. } => self.mark(current),
            Item::Fill { .. } | Item::Group { .. } => self.mark(None),
            Item::Link { .. } | Item::Furniture | Item::Start(_) | Item::End => {}
        }
        if !matches!(item, Item::Text { .. }) {
            self.end_text();
        }
        match item {
            Item::Text { origin, font: f, size, color: c, glyphs, .. } => {
                if !self.in_text {
                    self.ops.push(Op::StartTextSection);
                    self.in_text = true;
                }
                if self.font != Some((*f, *size)) {
                    self.ops.push(Op::SetFont { font: PdfFontHandle::External(fonts::resource_id(*f)), size: Pt(size.to_pt() as f32) });
                    self.font = Some((*f, *size));
                }
                self.set_fill(*c);
                let p = self.flip.point(*origin);
                self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(p.x, p.y) });
                let codepoints: Vec<Codepoint> = glyphs
                    .iter()
                    .map(|g| {
                        let (gid, default_advance) = self.subsets.use_glyph(*f, g.id);
                        let offset = self.subsets.kerning_offset(*f, default_advance, g.advance);
                        Codepoint { gid, offset, cid: Some(g.text.clone()) }
                    })
                    .collect();
                self.ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(codepoints)] });
            }
            Item::Fill { rect, color: c } => {
                self.set_fill(*c);
                self.ops.push(fill(vec![self.flip.ring(rect)]));
            }
            Item::Qr { rects, color: c, .. } => {
                // One `re` per rectangle and one fill: corners rounded to 1/1000 pt,
                // so rectangles that share an edge share it exactly.
                self.set_fill(*c);
                for r in rects {
                    let (a, b) = (self.flip.point(Point::new(r.x(), r.bottom())), self.flip.point(Point::new(r.right(), r.y())));
                    let (x0, y0, x1, y1) = (milli(a.x.0), milli(a.y.0), milli(b.x.0), milli(b.y.0));
                    let value = [x0, y0, milli(x1 - x0), milli(y1 - y0)].map(DictItem::Real).to_vec();
                    self.ops.push(Op::Unknown { key: "re".into(), value });
                }
                self.ops.push(Op::Unknown { key: "f".into(), value: Vec::new() });
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
                if let Some(t) = self.tree.as_deref_mut() {
                    t.end();
                }
            }
            Item::Link { rect, uri } => {
                if let Some(t) = self.tree.as_deref_mut() {
                    t.annotation();
                }
                let link = LinkAnnotation::new(
                    self.flip.rect(rect),
                    Actions::Uri(uri.clone()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                );
                self.ops.push(Op::LinkAnnotation { link });
            }
            Item::Image { rect, logo, .. } => {
                self.images.insert(logo.id.clone(), logo.clone());
                let ll = self.flip.point(Point::new(rect.x(), rect.bottom()));
                // At 72 dpi one pixel is one point; scale from there to the rectangle.
                let transform = XObjectTransform {
                    translate_x: Some(ll.x),
                    translate_y: Some(ll.y),
                    scale_x: Some((rect.w().to_pt() / logo.width as f64) as f32),
                    scale_y: Some((rect.h().to_pt() / logo.height as f64) as f32),
                    dpi: Some(72.0),
                    ..Default::default()
                };
                self.ops.push(Op::UseXobject { id: XObjectId(logo.id.clone()), transform });
            }
            Item::Group { clip, items } => {
                self.ops.push(Op::SaveGraphicsState);
                let ring = self.flip.ring(clip);
                self.ops.push(Op::DrawPolygon {
                    polygon: Polygon { rings: vec![ring], mode: PaintMode::Clip, winding_order: WindingOrder::NonZero },
                });
                for i in items {
                    self.item(i);
                }
                self.end_text();
                self.ops.push(Op::RestoreGraphicsState);
                // Q restores the colour and the text state of before the group.
                self.fill = None;
                self.font = None;
            }
        }
    }
}
