//! Font subsetting for one document: glyph ids renumbered as they are drawn, the
//! subset built with `subsetter`, and each face written as a Type0 font (an
//! Identity-H CIDFontType2 with its widths, descriptor, font program and ToUnicode
//! map).

use crate::layout::{FontId, FontSet};
use lopdf::{Dictionary, Object, Stream};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Subsets already built, by face and glyph list (exact match, no hashing shortcuts).
pub type SubsetCache = Mutex<HashMap<(FontId, Vec<u16>), Arc<Vec<u8>>>>;
use subsetter::GlyphRemapper;

/// The resource name of a face (`/F1`), pinned so that documents are stable.
pub fn resource_id(font: FontId) -> &'static str {
    match font {
        FontId::Regular => "F1",
        FontId::Bold => "F2",
    }
}

/// What a font descriptor says of a face, in thousandths of an em.
#[derive(Clone, Debug)]
struct Descriptor {
    ascent: i64,
    descent: i64,
    cap_height: i64,
    bbox: [i64; 4],
    italic_angle: f32,
    stem_v: i64,
}

/// Each face's descriptor metrics, read once, and the copy of each face that subsets
/// are cut from (without hinting, see [`dehint`]).
///
/// [`dehint`]: super::dehint::dehint
pub struct Templates {
    descriptors: [Descriptor; 2],
    embedded: [Vec<u8>; 2],
}

impl Templates {
    pub fn new(fonts: &FontSet) -> Templates {
        let descriptor = |data: &[u8]| {
            // The fonts are compiled in from fonts/; failing to parse them is a build defect.
            let face = ttf_parser::Face::parse(data, 0).expect("fonts/ holds valid TrueType fonts");
            let em = |v: i64| v * 1000 / i64::from(face.units_per_em());
            let b = face.global_bounding_box();
            // The usual estimate of the dominant stem's width from the weight class.
            let weight = f64::from(face.weight().to_number());
            Descriptor {
                ascent: em(face.ascender().into()),
                descent: em(face.descender().into()),
                cap_height: em(face.capital_height().unwrap_or(face.ascender()).into()),
                bbox: [em(b.x_min.into()), em(b.y_min.into()), em(b.x_max.into()), em(b.y_max.into())],
                italic_angle: face.italic_angle(),
                stem_v: (50.0 + (weight / 65.0).powi(2)).round() as i64,
            }
        };
        // The shipped fonts always dehint (a unit test says so); were one not to, it
        // is embedded as it is.
        let embedded = [fonts.regular.data, fonts.bold.data].map(|d| super::dehint::dehint(d).unwrap_or_else(|| d.to_vec()));
        Templates { descriptors: [descriptor(fonts.regular.data), descriptor(fonts.bold.data)], embedded }
    }

    fn embedded(&self, font: FontId) -> &[u8] {
        match font {
            FontId::Regular => &self.embedded[0],
            FontId::Bold => &self.embedded[1],
        }
    }

    fn descriptor(&self, font: FontId) -> &Descriptor {
        match font {
            FontId::Regular => &self.descriptors[0],
            FontId::Bold => &self.descriptors[1],
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

    /// The TJ adjustment (thousandths of an em, positive moves left) that turns the
    /// default advance into the shaped one (kerning).
    pub fn kerning_offset(&self, font: FontId, default_advance: i32, shaped: i32) -> f32 {
        let upm = self.fonts.get(font).upm as f32;
        (default_advance - shaped) as f32 * 1000.0 / upm
    }

    /// Build each subset (or take it from `cache`: documents of one material share
    /// their glyphs) and write it into `doc` as a Type0 font; returns the fonts'
    /// resource dictionary (`/F1`, `/F2`).
    pub fn write(self, doc: &mut lopdf::Document, templates: &Templates, cache: &SubsetCache) -> Dictionary {
        let mut resources = Dictionary::new();
        for (font, Used { remapper, widths, texts }) in self.used {
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
            let name = format!("{tag}+{}", face.ps_name);
            let upm = i64::from(face.upm);
            let d = templates.descriptor(font);

            let length1 = bytes.len() as i64;
            let program = doc.add_object(Stream::new(Dictionary::from_iter(vec![("Length1", Object::Integer(length1))]), bytes));
            let descriptor = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"FontDescriptor".to_vec())),
                ("FontName", Object::Name(name.clone().into_bytes())),
                ("Flags", Object::Integer(32)),
                ("FontBBox", Object::Array(d.bbox.iter().map(|&v| Object::Integer(v)).collect())),
                ("ItalicAngle", Object::Real(d.italic_angle)),
                ("Ascent", Object::Integer(d.ascent)),
                ("Descent", Object::Integer(d.descent)),
                ("CapHeight", Object::Integer(d.cap_height)),
                ("StemV", Object::Integer(d.stem_v)),
                ("FontFile2", Object::Reference(program)),
            ]));
            // Widths of runs of consecutive ids: `first [w w w ...]`.
            let mut w = Vec::new();
            let mut run: Option<(u16, Vec<Object>)> = None;
            for (&gid, &advance) in &widths {
                let width = Object::Integer(i64::from(advance) * 1000 / upm);
                run = match run {
                    Some((first, mut list)) if usize::from(gid) == usize::from(first) + list.len() => {
                        list.push(width);
                        Some((first, list))
                    }
                    other => {
                        if let Some((first, list)) = other {
                            w.extend([Object::Integer(first.into()), Object::Array(list)]);
                        }
                        Some((gid, vec![width]))
                    }
                };
            }
            if let Some((first, list)) = run {
                w.extend([Object::Integer(first.into()), Object::Array(list)]);
            }
            let cid_font = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
                ("BaseFont", Object::Name(name.clone().into_bytes())),
                (
                    "CIDSystemInfo",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("Registry", Object::string_literal("Adobe")),
                        ("Ordering", Object::string_literal("Identity")),
                        ("Supplement", Object::Integer(0)),
                    ])),
                ),
                ("FontDescriptor", Object::Reference(descriptor)),
                ("DW", Object::Integer(1000)),
                ("W", Object::Array(w)),
                ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
            ]);
            let to_unicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode_cmap(resource_id(font), &texts)));
            let type0 = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(b"Type0".to_vec())),
                ("BaseFont", Object::Name(name.into_bytes())),
                ("Encoding", Object::Name(b"Identity-H".to_vec())),
                ("DescendantFonts", Object::Array(vec![Object::Dictionary(cid_font)])),
                ("ToUnicode", Object::Reference(to_unicode)),
            ]));
            resources.set(resource_id(font), Object::Reference(type0));
        }
        resources
    }
}

/// The ToUnicode CMap of a subset: each new glyph id to the text it was drawn for
/// (UTF-16BE, several units for a ligature or a character beyond the BMP).
fn to_unicode_cmap(name: &str, texts: &BTreeMap<u16, String>) -> Vec<u8> {
    use std::fmt::Write;
    let mut out = String::new();
    out.push_str("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    let _ = write!(
        out,
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS-{name} def\n/CMapType 2 def\n"
    );
    out.push_str("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    let entries: Vec<(&u16, &String)> = texts.iter().filter(|(_, t)| !t.is_empty()).collect();
    // At most 100 entries a section, as the CMap format asks.
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (gid, text) in chunk {
            let units: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(out, "<{gid:04X}> <{units}>");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}
