//! Frames to PDF bytes, written as lopdf objects. The only module that writes PDF.
//!
//! Glyphs are given new ids from a per-document `subsetter::GlyphRemapper` as they
//! are drawn; each face's subset is embedded with widths and a ToUnicode map keyed by
//! those ids. Pages, their content streams and link annotations, images, boxes,
//! metadata and the content-derived document ID are all written here.

mod dehint;
mod document;
mod fonts;
mod page;
mod tags;

pub use document::pdf_date;
pub(crate) use document::text;

use crate::layout::{FontSet, Page};
use fonts::Subsets;
use lopdf::{Dictionary, Object, Stream};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Document metadata.
#[derive(Clone, Debug)]
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// BCP 47, e.g. `en-US`: the document's /Lang, the language of the title, author
    /// and subject.
    pub lang: &'a str,
    /// The content's other languages (a bilingual poster's second): the XMP lists
    /// them too, and then gives the title, author and subject no single language (a
    /// bilingual poster's title and author hold both).
    pub more_langs: &'a [String],
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
        let mut tree = tagged.then(tags::Tree::default);
        let written: Vec<page::Written> = pages.iter().map(|p| page::page_content(p, &mut subsets, &mut images, tree.as_mut())).collect();
        debug_assert!(tree.as_ref().is_none_or(|t| t.balanced()), "every Start has its End");

        let mut doc = lopdf::Document::with_version("1.7");
        let fonts = subsets.write(&mut doc, &self.templates, &self.subsets);
        let mut xobjects = Dictionary::new();
        for (id, logo) in images {
            xobjects.set(id.as_bytes(), Object::Reference(image(&mut doc, &logo)));
        }
        let mut resources = Dictionary::new();
        if !fonts.is_empty() {
            resources.set("Font", fonts);
        }
        if !xobjects.is_empty() {
            resources.set("XObject", xobjects);
        }
        let resources = doc.add_object(resources);
        let pages_id = doc.new_object_id();
        let mut kids = Vec::with_capacity(written.len());
        for w in written {
            let content = doc.add_object(Stream::new(Dictionary::new(), w.content));
            let mut page = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages_id)),
                ("Resources", Object::Reference(resources)),
                ("Contents", Object::Reference(content)),
            ]);
            if !w.links.is_empty() {
                page.set("Annots", Object::Array(w.links.into_iter().map(Object::Dictionary).collect()));
            }
            kids.push(Object::Reference(doc.add_object(page)));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(kids)),
                ("Count", Object::Integer(count)),
            ])),
        );
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages_id)),
            ("PageLayout", Object::Name(b"OneColumn".to_vec())),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
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

/// An image XObject of a logo's 8-bit pixels (RGB), with its alpha as a soft mask.
fn image(doc: &mut lopdf::Document, logo: &crate::logo::Logo) -> lopdf::ObjectId {
    let (rgb, alpha): (Vec<u8>, Option<Vec<u8>>) = if logo.alpha {
        let rgb = logo.pixels.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        (rgb, Some(logo.pixels.chunks(4).map(|p| p[3]).collect()))
    } else {
        (logo.pixels.clone(), None)
    };
    let dict = |space: &[u8]| {
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Image".to_vec())),
            ("Width", Object::Integer(logo.width.into())),
            ("Height", Object::Integer(logo.height.into())),
            ("BitsPerComponent", Object::Integer(8)),
            ("ColorSpace", Object::Name(space.to_vec())),
            ("Interpolate", Object::Boolean(false)),
        ])
    };
    let mut image = dict(b"DeviceRGB");
    if let Some(alpha) = alpha {
        let mask = doc.add_object(Stream::new(dict(b"DeviceGray"), alpha));
        image.set("SMask", Object::Reference(mask));
    }
    doc.add_object(Stream::new(image, rgb))
}
