//! Frames to PDF bytes. The only module that names printpdf (and lopdf) types.
//!
//! Glyphs are given new ids from a per-document `subsetter::GlyphRemapper` as they
//! are drawn; the subset font goes to printpdf as a `ParsedFont` whose widths are
//! keyed by those ids, saved without printpdf's own subsetting. Boxes, metadata and
//! the document ID are fixed on the lopdf document before it is saved.

mod dehint;
mod fonts;
mod tags;

use crate::layout::{Abs, Color, FontId, FontSet, Item, Page, Point, Rect, Structure, Tag};
use crate::logo::Logo;
use fonts::Subsets;
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, LinePoint, LinkAnnotation, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Polygon, PolygonRing, Pt, TextItem, TextMatrix, WindingOrder,
};
use printpdf::{DictItem, RawImage, RawImageData, RawImageFormat, XObject, XObjectId, XObjectTransform};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Document metadata.
#[derive(Clone, Debug)]
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// BCP 47, e.g. `en-US`.
    pub lang: &'a str,
    /// Seconds since 1970 for CreationDate/ModDate (from SOURCE_DATE_EPOCH).
    pub epoch: i64,
}

/// Fonts parsed once for writing; share it across documents and threads.
pub struct Writer<'f> {
    fonts: &'f FontSet,
    templates: fonts::Templates,
    subsets: fonts::SubsetCache,
    /// Deflated font programs by their exact bytes: the same subset recurs in every
    /// edition of a material.
    deflated: Mutex<HashMap<Vec<u8>, Arc<Vec<u8>>>>,
}

impl<'f> Writer<'f> {
    pub fn new(fonts: &'f FontSet) -> Writer<'f> {
        Writer { fonts, templates: fonts::Templates::new(fonts), subsets: Mutex::default(), deflated: Mutex::default() }
    }

    /// Write `pages` as one PDF, tagged when `structure` is given (print-only sheets,
    /// such as imposed cards, are written without).
    pub fn write(&self, pages: &[Page], meta: &Meta, structure: Option<&Structure>) -> Vec<u8> {
        let mut subsets = Subsets::new(self.fonts);
        let mut images = BTreeMap::new();
        let mut pdf = PdfDocument::new(meta.title);
        let mut page_tags = Vec::new();
        for p in pages {
            let (page, tags) = page_ops(p, &mut subsets, &mut images, structure);
            pdf.pages.push(page);
            page_tags.push(tags);
        }
        subsets.register(&mut pdf, &self.templates, &self.subsets);
        for (id, logo) in images {
            let image = RawImage {
                pixels: RawImageData::U8(logo.pixels.clone()),
                width: logo.width as usize,
                height: logo.height as usize,
                data_format: if logo.alpha { RawImageFormat::RGBA8 } else { RawImageFormat::RGB8 },
                tag: Vec::new(),
            };
            pdf.resources.xobjects.map.insert(XObjectId(id), XObject::Image(image));
        }

        // `secure: false` keeps the `re` and `f` operators the QR codes are drawn with
        // (printpdf drops operators it has no type for when `secure`); every operator
        // here is our own.
        let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: false, image_optimization: None };
        let mut warnings = Vec::new();
        let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
        if let Some(structure) = structure {
            tags::build(&mut doc, structure, &page_tags);
        }
        finish(&mut doc, pages, meta, &self.deflated);
        let mut out = Vec::new();
        // The small objects (page, annotation, structure and font dictionaries) go
        // into compressed object streams, the cross-reference table into a stream.
        // Writing into a Vec cannot fail.
        doc.save_modern(&mut out).expect("writing to memory");
        out
    }
}

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
        let ll = self.point(Point::new(r.x, r.bottom()));
        printpdf::Rect { x: ll.x, y: ll.y, width: Pt(r.w.to_pt() as f32), height: Pt(r.h.to_pt() as f32), mode: None, winding_order: None }
    }

    fn ring(&self, r: &Rect) -> PolygonRing {
        let corners = [Point::new(r.x, r.y), Point::new(r.right(), r.y), Point::new(r.right(), r.bottom()), Point::new(r.x, r.bottom())];
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

/// One page's drawing operations, and, when `structure` is given, its marked
/// content (MCIDs by element) and the Link element of each annotation.
fn page_ops(
    page: &Page,
    subsets: &mut Subsets,
    images: &mut BTreeMap<String, Arc<Logo>>,
    structure: Option<&Structure>,
) -> (PdfPage, tags::PageTags) {
    let mut w = OpWriter {
        flip: Flip::new(page),
        subsets,
        images,
        ops: Vec::new(),
        in_text: false,
        font: None,
        fill: None,
        structure,
        open: None,
        tags: tags::PageTags::default(),
    };
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
    (PdfPage { media_box: r.clone(), trim_box: r.clone(), crop_box: r, ops: w.ops }, w.tags)
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
    /// Tagging: the structure, the marked-content sequence open now, what was marked.
    structure: Option<&'a Structure>,
    open: Option<Tag>,
    tags: tags::PageTags,
}

impl OpWriter<'_, '_> {
    /// Put what follows in a marked-content sequence for `tag` (an element's, with the
    /// next MCID, or an artifact's), closing the one open. Sequences always hold whole
    /// text objects.
    fn mark(&mut self, tag: Tag) {
        let Some(structure) = self.structure else { return };
        if self.open == Some(tag) {
            return;
        }
        self.end_text();
        self.close_mark();
        match tag {
            Tag::Artifact => self.ops.push(Op::BeginMarkedContent { tag: "Artifact".into() }),
            Tag::Elem(key) => {
                let role = structure.elems.get(&key).map_or("Span", |e| e.role.name());
                let mcid = self.tags.marks.len() as i64;
                let mut map = BTreeMap::new();
                map.insert("MCID".to_string(), DictItem::Int(mcid));
                self.ops.push(Op::BeginMarkedContentWithProperties { tag: role.into(), properties: DictItem::Dict { map } });
                self.tags.marks.push(key);
            }
        }
        self.open = Some(tag);
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
        match item {
            Item::Text { tag, .. } | Item::Qr { tag, .. } | Item::Image { tag, .. } => self.mark(*tag),
            Item::Fill { .. } | Item::Group { .. } => self.mark(Tag::Artifact),
            Item::Link { .. } => {}
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
                    let (a, b) = (self.flip.point(Point::new(r.x, r.bottom())), self.flip.point(Point::new(r.right(), r.y)));
                    let (x0, y0, x1, y1) = (milli(a.x.0), milli(a.y.0), milli(b.x.0), milli(b.y.0));
                    let value = [x0, y0, milli(x1 - x0), milli(y1 - y0)].map(DictItem::Real).to_vec();
                    self.ops.push(Op::Unknown { key: "re".into(), value });
                }
                self.ops.push(Op::Unknown { key: "f".into(), value: Vec::new() });
            }
            Item::Link { rect, uri, tag } => {
                self.tags.links.push(match tag {
                    Tag::Elem(k) => Some(*k),
                    Tag::Artifact => None,
                });
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
                let ll = self.flip.point(Point::new(rect.x, rect.bottom()));
                // At 72 dpi one pixel is one point; scale from there to the rectangle.
                let transform = XObjectTransform {
                    translate_x: Some(ll.x),
                    translate_y: Some(ll.y),
                    scale_x: Some((rect.w.to_pt() / logo.width as f64) as f32),
                    scale_y: Some((rect.h.to_pt() / logo.height as f64) as f32),
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

fn num(v: Abs) -> Object {
    Object::Real(v.to_pt() as f32)
}

pub(crate) fn text(s: &str) -> Object {
    // Printable ASCII is the same in PDFDocEncoding: a literal string, a quarter of
    // the size of its UTF-16 in hex (lopdf escapes parentheses and backslashes).
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    // Otherwise UTF-16BE with a byte-order mark, which covers every language.
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Boxes (printpdf writes TrimBox as x y w h and no BleedBox), metadata, the
/// language, and a document ID derived from the content.
fn finish(doc: &mut lopdf::Document, pages: &[Page], meta: &Meta, deflated: &Mutex<HashMap<Vec<u8>, Arc<Vec<u8>>>>) {
    doc.version = "1.7".to_string();
    for ((_, id), page) in doc.get_pages().into_iter().zip(pages) {
        let b = page.bleed;
        let w = page.trim.w + b * 2.0;
        let h = page.trim.h + b * 2.0;
        let media = vec![num(Abs::ZERO), num(Abs::ZERO), num(w), num(h)];
        let trim = vec![num(b), num(b), num(b + page.trim.w), num(b + page.trim.h)];
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            dict.set("MediaBox", media.clone());
            dict.set("CropBox", media.clone());
            dict.set("BleedBox", media);
            dict.set("TrimBox", trim);
        }
    }
    let date = pdf_date(meta.epoch);
    let info = Dictionary::from_iter(vec![
        ("Title", text(meta.title)),
        ("Author", text(meta.author)),
        ("Subject", text(meta.subject)),
        ("Creator", text("awareprint")),
        ("Producer", text(PRODUCER)),
        ("CreationDate", Object::String(date.clone().into_bytes(), StringFormat::Literal)),
        ("ModDate", Object::String(date.into_bytes(), StringFormat::Literal)),
        ("Trapped", Object::Name(b"False".to_vec())),
    ]);
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Lang", Object::String(meta.lang.as_bytes().to_vec(), StringFormat::Literal));
        catalog.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
        catalog.remove(b"PageMode");
    }
    doc.prune_objects();
    compress(doc, deflated);
    // The ID is a hash of the content; the XMP packet, which carries it, comes after.
    let id = content_id(doc, meta);
    let tagged = doc.catalog().is_ok_and(|c| c.has(b"StructTreeRoot"));
    let mut xmp = lopdf::Stream::new(
        Dictionary::from_iter(vec![("Type", Object::Name(b"Metadata".to_vec())), ("Subtype", Object::Name(b"XML".to_vec()))]),
        xmp_packet(meta, &id, tagged).into_bytes(),
    );
    // Uncompressed, so that any tool (and a person) can read it.
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(Object::Stream(xmp));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(xmp_id));
    }
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// What the Info dictionary calls the producer; the XMP packet says the same.
const PRODUCER: &str = concat!("awareprint ", env!("CARGO_PKG_VERSION"), " with printpdf");

/// The XMP packet (written with `xmp-writer`): title, language, author, subject,
/// producer and dates as in the Info dictionary, the document and instance ids (from
/// the content hash, so a rebuild has the same ones), and for a tagged document the
/// PDF/UA-1 identification.
fn xmp_packet(meta: &Meta, id: &[u8; 16], tagged: bool) -> String {
    use xmp_writer::{DateTime, LangId, Timezone, XmpWriter};
    let (y, m, d, hh, mm, ss) = crate::date::utc(meta.epoch);
    let date = DateTime::new(y as u16, m as u8, d as u8, hh as u8, mm as u8, ss as u8, Timezone::Utc);
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let uuid = format!("uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]);
    let mut x = XmpWriter::new();
    x.title([(None, meta.title)]);
    x.language([LangId(meta.lang)]);
    x.creator([meta.author]);
    x.description([(None, meta.subject)]);
    x.format("application/pdf");
    x.producer(PRODUCER);
    x.creator_tool("awareprint");
    x.create_date(date);
    x.modify_date(date);
    x.metadata_date(date);
    x.document_id(&uuid);
    x.instance_id(&uuid);
    if tagged {
        x.pdfua_part(1);
    }
    x.finish(None)
}

/// Deflate every stream that has no filter yet. lopdf's own `compress` uses the
/// slowest level; the default level is several times faster for a few percent.
fn compress(doc: &mut lopdf::Document, cache: &Mutex<HashMap<Vec<u8>, Arc<Vec<u8>>>>) {
    for obj in doc.objects.values_mut() {
        if let Object::Stream(stream) = obj
            && stream.dict.get(b"Filter").is_err()
            && stream.allows_compression
        {
            // Font programs (they carry /Length1) repeat across documents: deflate once.
            let is_font = stream.dict.has(b"Length1");
            let cached = if is_font { cache.lock().ok().and_then(|c| c.get(&stream.content).cloned()) } else { None };
            let packed = match cached {
                Some(p) => p.as_ref().clone(),
                None => {
                    let p = deflate(&stream.content);
                    if is_font && let Ok(mut c) = cache.lock() {
                        if c.len() > 1000 {
                            c.clear();
                        }
                        c.insert(stream.content.clone(), Arc::new(p.clone()));
                    }
                    p
                }
            };
            if packed.len() < stream.content.len() {
                stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    // Setting up a compressor (its window and tables) costs as much as compressing a
    // small stream: each thread keeps one and resets it.
    thread_local! {
        static DEFLATE: std::cell::RefCell<Compress> = std::cell::RefCell::new(Compress::new(Compression::default(), true));
    }
    DEFLATE.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = c.total_in() as usize;
            // Compressing into memory cannot fail; the Vec grows until the stream ends.
            match c.compress_vec(&data[consumed..], &mut out, FlushCompress::Finish).expect("deflate into memory") {
                Status::StreamEnd => break,
                _ => out.reserve(out.capacity().max(64)),
            }
        }
        out
    })
}

/// A 16-byte ID from a stable hash (SHA-256) of the title, the language and every
/// stream: the same content gives the same ID, on every run and machine.
fn content_id(doc: &lopdf::Document, meta: &Meta) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(meta.title.as_bytes());
    h.update([0]);
    h.update(meta.lang.as_bytes());
    for obj in doc.objects.values() {
        if let Object::Stream(s) = obj {
            h.update(&s.content);
        }
    }
    let mut id = [0; 16];
    id.copy_from_slice(&h.finalize()[..16]);
    id
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since 1970 (UTC).
pub fn pdf_date(epoch: i64) -> String {
    let (y, m, d, hh, mm, ss) = crate::date::utc(epoch);
    format!("D:{y:04}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_survive_a_round_trip_through_a_file() {
        // Literal strings for printable ASCII (parentheses and backslashes escaped by
        // lopdf), UTF-16 for anything else.
        for s in ["Worried? (Call) a\\b ) (", "¿Le preocupa? — “the life”", ""] {
            let mut doc = lopdf::Document::with_version("1.7");
            let info = doc.add_object(Dictionary::from_iter(vec![("Title", text(s))]));
            doc.trailer.set("Info", Object::Reference(info));
            let pages = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![])),
                ("Count", Object::Integer(0)),
            ]));
            let catalog = doc
                .add_object(Dictionary::from_iter(vec![("Type", Object::Name(b"Catalog".to_vec())), ("Pages", Object::Reference(pages))]));
            doc.trailer.set("Root", Object::Reference(catalog));
            let mut bytes = Vec::new();
            doc.save_modern(&mut bytes).unwrap();
            let back = lopdf::Document::load_mem(&bytes).unwrap();
            let info = back.trailer.get(b"Info").unwrap().as_reference().unwrap();
            let Object::String(raw, _) = back.get_dictionary(info).unwrap().get(b"Title").unwrap() else { panic!("a string") };
            let decoded = if raw.starts_with(&[0xFE, 0xFF]) {
                String::from_utf16(&raw[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>()).unwrap()
            } else {
                String::from_utf8(raw.clone()).unwrap()
            };
            assert_eq!(decoded, s);
        }
    }

    #[test]
    fn dates_are_utc_and_exact() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }
}
