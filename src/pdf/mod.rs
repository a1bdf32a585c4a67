//! Frames to PDF bytes, written as lopdf objects. The only module that writes PDF.
//!
//! Glyphs are given new ids from a per-document `subsetter::GlyphRemapper` as they
//! are drawn; each face's subset is embedded with widths and a ToUnicode map keyed by
//! those ids. Pages, their content streams and link annotations, images, boxes,
//! metadata and the content-derived document ID are all written here.

mod deflate;
mod dehint;
mod document;
mod file;
mod fonts;
pub mod icc;
mod page;
mod syntax;
mod tags;

pub use document::pdf_date;
pub(crate) use document::text;

use crate::frame::{FontSet, Item, Page};
use deflate::Packed;
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
    /// Write PDF/X-4 (for the press) with this output intent: PDF 1.6, the CMYK
    /// output intent, the PDF/X identification in Info and XMP.
    pub pdfx: Option<&'a icc::OutputIntent>,
}

/// Fonts parsed once for writing; share it across documents and threads.
pub struct Writer<'f> {
    fonts: &'f FontSet,
    templates: fonts::Templates,
    /// Each subset built, with its font program deflated: the same subset recurs in
    /// every edition of a material.
    subsets: fonts::SubsetCache,
    /// ToUnicode maps, deflated: a map recurs wherever its subset draws the same text.
    to_unicode: deflate::Recurring,
    /// Each logo's image streams by the logo's id, deflated once for every document
    /// that prints it (a logo's pixels, split and deflated per document, cost tens of
    /// megabytes each time for the largest).
    images: Mutex<HashMap<String, Arc<Planes>>>,
}

impl<'f> Writer<'f> {
    /// The fonts it writes with (for measuring what goes on a page).
    pub fn fonts(&self) -> &'f FontSet {
        self.fonts
    }

    pub fn new(fonts: &'f FontSet) -> Writer<'f> {
        Writer {
            fonts,
            templates: fonts::Templates::new(fonts),
            subsets: Mutex::default(),
            to_unicode: deflate::Recurring::default(),
            images: Mutex::default(),
        }
    }

    /// Write `pages` as one PDF, tagged (a structure tree from the pages' start and
    /// end markers) when `tagged`; print-only sheets, such as imposed cards, are not.
    pub fn write(&self, pages: &[Page], meta: &Meta, tagged: bool) -> Vec<u8> {
        // The small objects (page, annotation, structure and font dictionaries) go
        // into compressed object streams, the cross-reference table into a stream.
        file::write(&self.document(pages, meta, tagged))
    }

    /// The document's objects, as [`Writer::write`] writes them.
    fn document(&self, pages: &[Page], meta: &Meta, tagged: bool) -> lopdf::Document {
        let mut subsets = Subsets::new(self.fonts);
        let mut images = BTreeMap::new();
        let mut tree = tagged.then(tags::Tree::default);
        let written: Vec<page::Written> = pages.iter().map(|p| page::page_content(p, &mut subsets, &mut images, tree.as_mut())).collect();
        debug_assert!(tree.as_ref().is_none_or(|t| t.balanced()), "every Start has its End");

        let mut doc = lopdf::Document::with_version("1.7");
        let fonts = subsets.write(&mut doc, &self.templates, &self.subsets, &self.to_unicode);
        let mut xobjects = Dictionary::new();
        for (id, logo) in images {
            xobjects.set(id.as_bytes(), Object::Reference(image(&mut doc, &logo, &self.images)));
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
        document::finish(&mut doc, pages, meta);
        if pages.iter().any(|p| die_line(&p.items)) {
            cut_resources(&mut doc, resources);
        }
        doc
    }
}

/// Whether `items` draw a die line (an imposed sheet's, inside its groups).
fn die_line(items: &[Item]) -> bool {
    items.iter().any(|i| match i {
        Item::DieLine { .. } => true,
        Item::Group { items, .. } => die_line(items),
        _ => false,
    })
}

/// What a die line's stroke names in the pages' resources: the `/Cut` colour space, a
/// separation named `CutContour` (what RIPs and cutting plotters look for; shown as
/// 100 % magenta, the usual convention, where no cutter reads it), and the `/Ovp`
/// graphics state, overprinting, so the line never knocks a hole in the art under it.
fn cut_resources(doc: &mut lopdf::Document, resources: lopdf::ObjectId) {
    let tint = Dictionary::from_iter(vec![
        ("FunctionType", Object::Integer(2)),
        ("Domain", Object::Array(vec![Object::Integer(0), Object::Integer(1)])),
        ("C0", Object::Array(vec![Object::Integer(0); 4])),
        ("C1", Object::Array([0, 1, 0, 0].map(Object::Integer).to_vec())),
        ("N", Object::Integer(1)),
    ]);
    let space = Object::Array(vec![
        Object::Name(b"Separation".to_vec()),
        Object::Name(b"CutContour".to_vec()),
        Object::Name(b"DeviceCMYK".to_vec()),
        Object::Dictionary(tint),
    ]);
    let overprint = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"ExtGState".to_vec())),
        ("OP", Object::Boolean(true)),
        ("op", Object::Boolean(true)),
        ("OPM", Object::Integer(1)),
    ]);
    let Ok(res) = doc.get_dictionary_mut(resources) else { return };
    let mut spaces = res.get(b"ColorSpace").and_then(Object::as_dict).cloned().unwrap_or_default();
    spaces.set("Cut", space);
    res.set("ColorSpace", spaces);
    res.set("ExtGState", Dictionary::from_iter(vec![("Ovp", Object::Dictionary(overprint))]));
}

/// A logo's colour and alpha planes as their streams hold them.
struct Planes {
    rgb: Packed,
    alpha: Option<Packed>,
}

/// The most deflated image bytes a writer keeps for the documents still to come; past
/// it, the kept ones are let go (a run of many counties, each with its own logo).
const MAX_KEPT_IMAGES: usize = 32 * 1024 * 1024;

/// A logo's planes, from `kept` or made (and kept when deflated).
fn planes(logo: &crate::logo::Logo, kept: &Mutex<HashMap<String, Arc<Planes>>>) -> Arc<Planes> {
    let make = || {
        let (rgb, alpha) = if logo.alpha {
            let rgb = logo.pixels.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
            (rgb, Some(logo.pixels.chunks(4).map(|p| p[3]).collect()))
        } else {
            (logo.pixels.clone(), None)
        };
        Arc::new(Planes { rgb: Packed::of(rgb), alpha: alpha.map(Packed::of) })
    };
    // Held while the planes are made: another document with this logo waits for them.
    let Ok(mut kept) = kept.lock() else { return make() };
    if let Some(p) = kept.get(&logo.id) {
        return p.clone();
    }
    let p = make();
    if p.rgb.is_deflated() && p.alpha.as_ref().is_none_or(|a| a.is_deflated()) {
        let size = |p: &Planes| p.rgb.len() + p.alpha.as_ref().map_or(0, |a| a.len());
        if kept.values().map(|p| size(p)).sum::<usize>() + size(&p) > MAX_KEPT_IMAGES {
            kept.clear();
        }
        kept.insert(logo.id.clone(), p.clone());
    }
    p
}

/// An image XObject of a logo's 8-bit pixels (RGB), with its alpha as a soft mask.
fn image(doc: &mut lopdf::Document, logo: &crate::logo::Logo, kept: &Mutex<HashMap<String, Arc<Planes>>>) -> lopdf::ObjectId {
    let planes = planes(logo, kept);
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
    if let Some(alpha) = &planes.alpha {
        let mask = doc.add_object(alpha.stream(dict(b"DeviceGray")));
        image.set("SMask", Object::Reference(mask));
    }
    doc.add_object(planes.rgb.stream(image))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{Export, Laid};
    use crate::diag::Problems;

    /// Writes each document as `Writer::write` does and checks the file against its
    /// objects and against lopdf's own writer.
    struct Compare;

    impl Export for Compare {
        type Out = usize;
        fn export(&self, _: usize, laid: Laid, writer: &Writer) -> Result<usize, Problems> {
            let meta = laid.meta(crate::build::DEFAULT_EPOCH);
            let doc = writer.document(&laid.pages, &meta, true);
            let ours = file::write(&doc);
            file::tests::check(&ours, &doc);
            assert_eq!(ours, writer.write(&laid.pages, &meta, true), "{}: the same bytes every time", laid.path.display());
            // Every object is reachable from the trailer: lopdf's pruning (which
            // `save_modern` does not do either) would find nothing to remove.
            assert_eq!(doc.clone().prune_objects(), vec![], "{}", laid.path.display());
            let mut theirs = Vec::new();
            doc.clone().save_modern(&mut theirs).unwrap();
            let (ours_read, theirs_read) = (lopdf::Document::load_mem(&ours).unwrap(), lopdf::Document::load_mem(&theirs).unwrap());
            for id in doc.objects.keys() {
                let strip = |o: &Object| match o {
                    Object::Stream(s) => Object::Stream(Stream::new(s.dict.clone(), s.content.clone())),
                    o => o.clone(),
                };
                assert_eq!(strip(&ours_read.objects[id]), strip(&theirs_read.objects[id]), "{}: object {id:?}", laid.path.display());
            }
            Ok(ours.len())
        }
    }

    #[test]
    fn files_hold_the_objects_lopdf_would_write() {
        let project = crate::project::Project::open(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("materials")).unwrap();
        let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
        let editions = vec![project.statewide(), project.edition(id, path).unwrap()];
        for profile in [crate::model::Profile::Office, crate::model::Profile::Press] {
            let plan = crate::build::Plan::all_of(&project, editions.clone(), profile);
            let built = crate::build::stream(&plan, 2, &Compare, &|_, _| {});
            assert!(built.problems.is_empty(), "{:?}", built.problems);
            assert!(built.done.len() >= 20, "{} documents", built.done.len());
        }
    }
}
