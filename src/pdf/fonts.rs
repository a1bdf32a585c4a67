//! Font subsetting for one document: glyph ids renumbered as they are drawn, the
//! subset built with `subsetter`, handed to printpdf with widths for the new ids.

use crate::layout::{FontId, FontSet};
use printpdf::{FontId as PdfFontId, ParsedFont, PdfDocument, PdfFont};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Subsets already built, by face and glyph list (exact match, no hashing shortcuts).
pub type SubsetCache = Mutex<HashMap<(FontId, Vec<u16>), Arc<Vec<u8>>>>;
use subsetter::GlyphRemapper;

/// The resource name of a face, pinned so that documents do not depend on
/// printpdf's random ids.
pub fn resource_id(font: FontId) -> PdfFontId {
    PdfFontId(match font {
        FontId::Regular => "F1".into(),
        FontId::Bold => "F2".into(),
    })
}

/// printpdf's view of each face, parsed once (font descriptor metrics), and the
/// copy of each face that subsets are cut from (without hinting, see [`dehint`]).
///
/// [`dehint`]: super::dehint::dehint
pub struct Templates {
    regular: ParsedFont,
    bold: ParsedFont,
    embedded: [Vec<u8>; 2],
}

impl Templates {
    pub fn new(fonts: &FontSet) -> Templates {
        let parse = |data: &[u8]| {
            let mut w = Vec::new();
            let mut f = ParsedFont::from_bytes(data, 0, &mut w).expect("fonts/ holds valid TrueType fonts");
            // Only the metrics are kept; glyph maps are per document.
            f.codepoint_to_glyph.clear();
            f.glyph_widths.clear();
            f.original_bytes.clear();
            f
        };
        // The shipped fonts always dehint (a unit test says so); were one not to, it
        // is embedded as it is.
        let embedded = [fonts.regular.data, fonts.bold.data].map(|d| super::dehint::dehint(d).unwrap_or_else(|| d.to_vec()));
        Templates { regular: parse(fonts.regular.data), bold: parse(fonts.bold.data), embedded }
    }

    fn embedded(&self, font: FontId) -> &[u8] {
        match font {
            FontId::Regular => &self.embedded[0],
            FontId::Bold => &self.embedded[1],
        }
    }

    fn get(&self, font: FontId) -> &ParsedFont {
        match font {
            FontId::Regular => &self.regular,
            FontId::Bold => &self.bold,
        }
    }
}

/// The glyphs one document uses, per face: the remapper, each new id's default
/// advance, and the text each new id stands for (its ToUnicode entry).
pub struct Subsets<'f> {
    fonts: &'f FontSet,
    used: BTreeMap<FontId, Used>,
}

#[derive(Default)]
struct Used {
    remapper: GlyphRemapper,
    widths: BTreeMap<u16, u16>,
    texts: BTreeMap<u16, String>,
}

impl<'f> Subsets<'f> {
    pub fn new(fonts: &'f FontSet) -> Subsets<'f> {
        Subsets { fonts, used: BTreeMap::new() }
    }

    /// The new id of glyph `gid` of `font`, drawn for `text`, and its default advance
    /// (font units). A glyph drawn for two texts extracts as the last one.
    pub fn use_glyph(&mut self, font: FontId, gid: u16, text: &str) -> (u16, i32) {
        let advance = self.fonts.get(font).hmtx_advance(gid);
        let used = self.used.entry(font).or_default();
        let new = used.remapper.remap(gid);
        used.widths.insert(new, advance.max(0) as u16);
        match used.texts.get_mut(&new) {
            Some(t) if t == text => {}
            Some(t) => *t = text.to_string(),
            None => {
                used.texts.insert(new, text.to_string());
            }
        }
        (new, advance)
    }

    /// Operations that show every glyph used once, with its text: printpdf makes each
    /// font's ToUnicode map from them. They are not the page's content (the content
    /// stream is written by `page`), only what printpdf reads the glyphs from.
    pub fn glyph_ops(&self) -> Vec<printpdf::Op> {
        use printpdf::{Codepoint, Op, PdfFontHandle, Pt, TextItem};
        let mut ops = Vec::new();
        for (font, used) in &self.used {
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont { font: PdfFontHandle::External(resource_id(*font)), size: Pt(1.0) });
            let glyphs = used.texts.iter().map(|(gid, text)| Codepoint { gid: *gid, offset: 0.0, cid: Some(text.clone()) }).collect();
            ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(glyphs)] });
            ops.push(Op::EndTextSection);
        }
        ops
    }

    /// The TJ adjustment (thousandths of an em, positive moves left) that turns the
    /// default advance into the shaped one (kerning).
    pub fn kerning_offset(&self, font: FontId, default_advance: i32, shaped: i32) -> f32 {
        let upm = self.fonts.get(font).upm as f32;
        (default_advance - shaped) as f32 * 1000.0 / upm
    }

    /// Build each subset (or take it from `cache`: documents of one material share
    /// their glyphs) and register it with the document under its pinned id.
    pub fn register(self, pdf: &mut PdfDocument, templates: &Templates, cache: &SubsetCache) {
        for (font, Used { remapper, widths, .. }) in self.used {
            let face = self.fonts.get(font);
            let key: (FontId, Vec<u16>) = (font, remapper.remapped_gids().collect());
            let cached = cache.lock().ok().and_then(|c| c.get(&key).cloned());
            let bytes = match cached {
                Some(b) => b.as_ref().clone(),
                None => {
                    // The fonts are compiled in and known to subset; failure is a build defect.
                    let b = subsetter::subset(templates.embedded(font), 0, &remapper).expect("subsetting a font from fonts/");
                    if let Ok(mut c) = cache.lock() {
                        if c.len() > 1000 {
                            c.clear();
                        }
                        c.insert(key, Arc::new(b.clone()));
                    }
                    b
                }
            };
            // The subset tag: six letters from a stable hash of the glyphs in the subset.
            let mut h = Sha256::new();
            for (new, _) in widths.iter() {
                h.update(new.to_be_bytes());
            }
            for old in remapper.remapped_gids() {
                h.update(old.to_be_bytes());
            }
            let digest = h.finalize();
            let tag: String = digest[..6].iter().map(|b| (b'A' + b % 26) as char).collect();
            let mut parsed = templates.get(font).clone();
            parsed.original_bytes = bytes;
            parsed.font_index = 0;
            parsed.glyph_widths = widths;
            parsed.font_name = Some(format!("{tag}+{}", face.ps_name));
            pdf.resources.fonts.map.insert(resource_id(font), PdfFont::new(parsed));
        }
    }
}
