//! Frames to PDF bytes. The only module that names printpdf (and lopdf) types.
//!
//! Glyphs are given new ids from a per-document `subsetter::GlyphRemapper` as they
//! are drawn; the subset font goes to printpdf as a `ParsedFont` whose widths are
//! keyed by those ids, saved without printpdf's own subsetting. Boxes, metadata and
//! the document ID are fixed on the lopdf document before it is saved.

mod dehint;
mod document;
mod fonts;
mod page;
mod tags;

pub use document::pdf_date;
pub(crate) use document::text;

use crate::layout::{FontSet, Page};
use fonts::Subsets;
use printpdf::{PdfDocument, PdfSaveOptions, RawImage, RawImageData, RawImageFormat, XObject, XObjectId};
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
    /// Write PDF/X-4 (for the press): PDF 1.6, the CMYK output intent, the PDF/X
    /// identification in Info and XMP.
    pub pdfx: bool,
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

    /// Write `pages` as one PDF, tagged (a structure tree from the pages' start and
    /// end markers) when `tagged`; print-only sheets, such as imposed cards, are not.
    pub fn write(&self, pages: &[Page], meta: &Meta, tagged: bool) -> Vec<u8> {
        let mut subsets = Subsets::new(self.fonts);
        let mut images = BTreeMap::new();
        let mut pdf = PdfDocument::new(meta.title);
        let mut tree = tagged.then(tags::Tree::default);
        let mut contents = Vec::with_capacity(pages.len());
        for p in pages {
            let written = page::page_content(p, &mut subsets, &mut images, tree.as_mut());
            pdf.pages.push(written.page);
            contents.push(written.content);
        }
        // printpdf learns the glyphs (for the fonts' ToUnicode maps) from these; the
        // content it would make of them is replaced by ours below.
        if let Some(first) = pdf.pages.first_mut() {
            first.ops.splice(0..0, subsets.glyph_ops());
        }
        debug_assert!(tree.as_ref().is_none_or(|t| t.balanced()), "every Start has its End");
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
        let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
        for (id, content) in page_ids.into_iter().zip(contents) {
            let stream = doc.get_dictionary(id).ok().and_then(|d| d.get(b"Contents").ok()?.as_reference().ok());
            if let Some(Ok(lopdf::Object::Stream(s))) = stream.map(|s| doc.get_object_mut(s)) {
                s.set_plain_content(content);
            }
        }
        if let Some(tree) = &tree {
            tags::build(&mut doc, tree);
        }
        document::finish(&mut doc, pages, meta, &self.deflated);
        let mut out = Vec::new();
        // The small objects (page, annotation, structure and font dictionaries) go
        // into compressed object streams, the cross-reference table into a stream.
        // Writing into a Vec cannot fail.
        doc.save_modern(&mut out).expect("writing to memory");
        out
    }
}
