//! Font subsetting for one document: glyph ids renumbered as they are drawn, the
//! subset built with `subsetter`, and each face written as a Type0 font (an
//! Identity-H CIDFontType2 with its widths, descriptor, font program and ToUnicode
//! map).

use super::deflate::{Packed, Recurring};
use crate::frame::{FontId, FontSet};
use lopdf::{Dictionary, Object};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use subsetter::GlyphRemapper;

/// Subsets already built, by face, glyph list and whether .notdef is drawn (an exact
/// match, no hashing shortcuts).
pub type SubsetCache = Mutex<HashMap<SubsetKey, Arc<Subset>>>;
type SubsetKey = (FontId, Vec<u16>, bool);

/// A subset as every document that draws its glyphs embeds it.
pub struct Subset {
    /// `TAG+PostScriptName`, the tag from the glyphs.
    name: Vec<u8>,
    /// The font program, deflated, and its length before (`/Length1`).
    program: Packed,
    length1: i64,
    /// The CIDFont's `/W` array.
    widths: Object,
}

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

/// The glyphs one document uses, per face (regular, bold).
pub struct Subsets<'f> {
    fonts: &'f FontSet,
    used: [Option<Used>; 2],
}

/// One face's glyphs in a document: the remapper, and by new id each glyph's default
/// advance and the text it stands for (its ToUnicode entry).
#[derive(Default)]
struct Used {
    remapper: GlyphRemapper,
    /// The new id of each glyph of the face drawn so far, by its id in the face; 0 for
    /// one not drawn (and for .notdef, which the remapper always holds as 0).
    new_ids: Vec<u16>,
    /// By new id: the default advance (font units) of each glyph drawn, `None` for an
    /// id not drawn (.notdef, unless it was).
    widths: Vec<Option<u16>>,
    /// By new id: the text each glyph was drawn for last, empty for none.
    texts: Vec<String>,
}

/// Where a face's glyphs are kept, in the order the faces are written.
fn slot(font: FontId) -> usize {
    match font {
        FontId::Regular => 0,
        FontId::Bold => 1,
    }
}

const FACES: [FontId; 2] = [FontId::Regular, FontId::Bold];

impl<'f> Subsets<'f> {
    pub fn new(fonts: &'f FontSet) -> Subsets<'f> {
        Subsets { fonts, used: [None, None] }
    }

    /// The new id of glyph `gid` of `font`, drawn for `text`, and its default advance
    /// (font units). A glyph drawn for two texts extracts as the last one.
    pub fn use_glyph(&mut self, font: FontId, gid: u16, text: &str) -> (u16, i32) {
        let used = self.used[slot(font)].get_or_insert_with(Used::default);
        let old = usize::from(gid);
        let new = match used.new_ids.get(old) {
            Some(&new) if new != 0 => new,
            _ => {
                let new = used.remapper.remap(gid);
                if used.new_ids.len() <= old {
                    used.new_ids.resize(old + 1, 0);
                }
                used.new_ids[old] = new;
                new
            }
        };
        let i = usize::from(new);
        if used.widths.len() <= i {
            used.widths.resize(i + 1, None);
            used.texts.resize(i + 1, String::new());
        }
        let advance = *used.widths[i].get_or_insert_with(|| self.fonts.get(font).hmtx_advance(gid).max(0) as u16);
        if used.texts[i] != text {
            used.texts[i].clear();
            used.texts[i].push_str(text);
        }
        (new, advance.into())
    }

    /// The TJ adjustment (thousandths of an em, positive moves left) that turns the
    /// default advance into the shaped one (kerning).
    pub fn kerning_offset(&self, font: FontId, default_advance: i32, shaped: i32) -> f32 {
        let upm = self.fonts.get(font).upm as f32;
        (default_advance - shaped) as f32 * 1000.0 / upm
    }

    /// Write each face's subset into `doc` as a Type0 font (the subset from `cache`, or
    /// built and kept there: documents of one material share their glyphs; its
    /// ToUnicode map deflated once by `maps`); returns the fonts' resource dictionary
    /// (`/F1`, `/F2`).
    pub fn write(self, doc: &mut lopdf::Document, templates: &Templates, cache: &SubsetCache, maps: &Recurring) -> Dictionary {
        let mut resources = Dictionary::new();
        for font in FACES {
            let Some(used) = &self.used[slot(font)] else { continue };
            let subset = self.subset(font, used, templates, cache);
            let d = templates.descriptor(font);
            let program = doc.add_object(subset.program.stream(Dictionary::from_iter(vec![("Length1", Object::Integer(subset.length1))])));
            let descriptor = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"FontDescriptor".to_vec())),
                ("FontName", Object::Name(subset.name.clone())),
                ("Flags", Object::Integer(32)),
                ("FontBBox", Object::Array(d.bbox.iter().map(|&v| Object::Integer(v)).collect())),
                ("ItalicAngle", Object::Real(d.italic_angle)),
                ("Ascent", Object::Integer(d.ascent)),
                ("Descent", Object::Integer(d.descent)),
                ("CapHeight", Object::Integer(d.cap_height)),
                ("StemV", Object::Integer(d.stem_v)),
                ("FontFile2", Object::Reference(program)),
            ]));
            let cid_font = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
                ("BaseFont", Object::Name(subset.name.clone())),
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
                ("W", subset.widths.clone()),
                ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
            ]);
            let map = maps.pack(to_unicode_cmap(resource_id(font), &used.texts));
            let to_unicode = doc.add_object(map.stream(Dictionary::new()));
            let type0 = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(b"Type0".to_vec())),
                ("BaseFont", Object::Name(subset.name.clone())),
                ("Encoding", Object::Name(b"Identity-H".to_vec())),
                ("DescendantFonts", Object::Array(vec![Object::Dictionary(cid_font)])),
                ("ToUnicode", Object::Reference(to_unicode)),
            ]));
            resources.set(resource_id(font), Object::Reference(type0));
        }
        resources
    }

    /// The subset of `font` that `used` draws: from `cache`, or built (and kept).
    fn subset(&self, font: FontId, used: &Used, templates: &Templates, cache: &SubsetCache) -> Arc<Subset> {
        let drawn = || used.widths.iter().enumerate().filter_map(|(new, w)| Some((new as u16, (*w)?)));
        let key: SubsetKey = (font, used.remapper.remapped_gids().collect(), used.widths.first().is_some_and(Option::is_some));
        if let Some(s) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return s;
        }
        let face = self.fonts.get(font);
        // The fonts are compiled in and known to subset; failure is a build defect.
        let bytes = subsetter::subset(templates.embedded(font), 0, &used.remapper).expect("subsetting a font from fonts/");
        // The subset tag: six letters from a stable hash of the glyphs in the subset.
        let mut h = Sha256::new();
        for (new, _) in drawn() {
            h.update(new.to_be_bytes());
        }
        for old in &key.1 {
            h.update(old.to_be_bytes());
        }
        let digest = h.finalize();
        let tag: String = digest[..6].iter().map(|b| (b'A' + b % 26) as char).collect();
        // Widths of runs of consecutive ids: `first [w w w ...]`.
        let upm = i64::from(face.upm);
        let mut w = Vec::new();
        let mut run: Option<(u16, Vec<Object>)> = None;
        for (gid, advance) in drawn() {
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
        let subset = Arc::new(Subset {
            name: format!("{tag}+{}", face.ps_name).into_bytes(),
            length1: bytes.len() as i64,
            program: Packed::of(bytes),
            widths: Object::Array(w),
        });
        if let Ok(mut c) = cache.lock() {
            if c.len() > 1000 {
                c.clear();
            }
            c.insert(key, subset.clone());
        }
        subset
    }
}

/// The ToUnicode CMap of a subset: each new glyph id (the index in `texts`) to the
/// text it was drawn for (UTF-16BE, several units for a ligature or a character beyond
/// the BMP); ids without text have no entry.
fn to_unicode_cmap(name: &str, texts: &[String]) -> Vec<u8> {
    fn hex4(out: &mut Vec<u8>, v: u16) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        out.extend([12, 8, 4, 0].map(|shift| HEX[usize::from(v >> shift & 15)]));
    }
    let mut out = Vec::with_capacity(400 + texts.len() * 16);
    out.extend_from_slice(b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    out.extend_from_slice(b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS-");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b" def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    let entries: Vec<(u16, &str)> =
        texts.iter().enumerate().filter(|(_, t)| !t.is_empty()).map(|(gid, t)| (gid as u16, t.as_str())).collect();
    // At most 100 entries a section, as the CMap format asks.
    for chunk in entries.chunks(100) {
        super::syntax::integer(&mut out, chunk.len() as i64);
        out.extend_from_slice(b" beginbfchar\n");
        for &(gid, text) in chunk {
            out.push(b'<');
            hex4(&mut out, gid);
            out.extend_from_slice(b"> <");
            for unit in text.encode_utf16() {
                hex4(&mut out, unit);
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}
