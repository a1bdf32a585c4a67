//! The copy of a TrueType font that is embedded: the same outlines and metrics,
//! without hinting (the `fpgm`, `prep` and `cvt ` programs and each glyph's
//! instructions). Hinting snaps outlines to a coarse pixel grid on screens; a press
//! or laser printer at 600 dpi and more, and every current PDF viewer, draw the
//! outlines as they are. Without it an embedded subset is about half the size.
//! Shaping and measuring use the font as shipped; only the embedded copy changes.

use std::collections::BTreeMap;

/// Tables that only serve hinting.
const HINTING: [&[u8; 4]; 6] = [b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX"];

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// `font` without hinting, or `None` when it is not a TrueType font this can read.
pub fn dehint(font: &[u8]) -> Option<Vec<u8>> {
    let num_tables = u16_at(font, 4)? as usize;
    let mut tables: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for i in 0..num_tables {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let (offset, length) = (u32_at(font, rec + 8)? as usize, u32_at(font, rec + 12)? as usize);
        tables.insert(tag, font.get(offset..offset + length)?.to_vec());
    }
    let mut head = tables.get(b"head")?.clone();
    let mut maxp = tables.get(b"maxp")?.clone();
    let num_glyphs = u16_at(&maxp, 4)? as usize;
    let long = u16_at(&head, 50)? == 1;
    let loca = tables.get(b"loca")?;
    let offset = |i: usize| if long { u32_at(loca, 4 * i).map(|v| v as usize) } else { u16_at(loca, 2 * i).map(|v| v as usize * 2) };
    let glyf = tables.get(b"glyf")?;

    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(4 * (num_glyphs + 1));
    for g in 0..num_glyphs {
        new_loca.extend((new_glyf.len() as u32).to_be_bytes());
        let data = glyf.get(offset(g)?..offset(g + 1)?)?;
        if !data.is_empty() {
            new_glyf.extend(without_instructions(data)?);
            while !new_glyf.len().is_multiple_of(4) {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend((new_glyf.len() as u32).to_be_bytes());

    head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca offsets
    head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    if u32_at(&maxp, 0)? == 0x0001_0000 && maxp.len() >= 32 {
        // maxStorage, maxFunctionDefs, maxInstructionDefs, maxStackElements,
        // maxSizeOfInstructions: nothing is left that uses them.
        maxp[18..28].copy_from_slice(&[0; 10]);
    }
    for tag in HINTING {
        tables.remove(tag);
    }
    if let Some(name) = tables.get(b"name").and_then(|n| naming_only(n)) {
        tables.insert(*b"name", name);
    }
    tables.insert(*b"head", head);
    tables.insert(*b"maxp", maxp);
    tables.insert(*b"glyf", new_glyf);
    tables.insert(*b"loca", new_loca);
    Some(assemble(font.get(0..4)?, &tables))
}

/// The `name` table with only the copyright notice and the names that identify the
/// font (family, style, unique id, full name, version, PostScript name), without the
/// licence text, URLs and descriptions that make up most of it. The SIL Open Font
/// License allows fonts to be embedded in documents; its full text stays with the
/// font files in `fonts/`.
fn naming_only(name: &[u8]) -> Option<Vec<u8>> {
    let count = u16_at(name, 2)? as usize;
    let storage = u16_at(name, 4)? as usize;
    let mut records: Vec<u8> = Vec::new();
    let mut strings: Vec<u8> = Vec::new();
    for i in 0..count {
        let r = 6 + 12 * i;
        let id = u16_at(name, r + 6)?;
        if id > 6 {
            continue;
        }
        let (len, off) = (u16_at(name, r + 8)? as usize, u16_at(name, r + 10)? as usize);
        let text = name.get(storage + off..storage + off + len)?;
        records.extend(name.get(r..r + 8)?);
        records.extend((len as u16).to_be_bytes());
        records.extend((strings.len() as u16).to_be_bytes());
        strings.extend(text);
    }
    let kept = records.len() / 12;
    let mut out = Vec::with_capacity(6 + records.len() + strings.len());
    out.extend(0u16.to_be_bytes());
    out.extend((kept as u16).to_be_bytes());
    out.extend(((6 + records.len()) as u16).to_be_bytes());
    out.extend(records);
    out.extend(strings);
    Some(out)
}

/// One glyph's record without its instructions.
fn without_instructions(data: &[u8]) -> Option<Vec<u8>> {
    let contours = u16_at(data, 0)? as i16;
    if contours >= 0 {
        // Simple glyph: header (10), end points (2 per contour), instruction length,
        // instructions, then flags and coordinates.
        let at = 10 + 2 * contours as usize;
        let len = u16_at(data, at)? as usize;
        let mut out = data.get(..at)?.to_vec();
        out.extend([0, 0]);
        out.extend(data.get(at + 2 + len..)?);
        return Some(out);
    }
    // Composite glyph: components until one lacks MORE_COMPONENTS; instructions,
    // if any, follow the last component and are dropped with the flag that says so.
    let mut out = data.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = u16_at(data, at)?;
        let mut size = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        size += match flags {
            f if f & 0x0008 != 0 => 2,
            f if f & 0x0040 != 0 => 4,
            f if f & 0x0080 != 0 => 8,
            _ => 0,
        };
        out.extend((flags & !0x0100).to_be_bytes());
        out.extend(data.get(at + 2..at + size)?);
        at += size;
        if flags & 0x0020 == 0 {
            return Some(out);
        }
    }
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A font file from its tables (sorted by tag), with checksums.
fn assemble(version: &[u8], tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut power = 1u16;
    let mut log = 0u16;
    while power * 2 <= n {
        power *= 2;
        log += 1;
    }
    let mut out = version.to_vec();
    for v in [n, power * 16, log, n * 16 - power * 16] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offset + 8);
        }
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        body.extend(data);
        while !body.len().is_multiple_of(4) {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend(body);
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttf_parser::{Face, GlyphId, OutlineBuilder, Tag};

    #[derive(Default, PartialEq, Debug)]
    struct Path(Vec<(char, i32, i32)>);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', x as i32, y as i32));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', x as i32, y as i32));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(('Q', x1 as i32, y1 as i32));
            self.0.push(('q', x as i32, y as i32));
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, x: f32, y: f32) {
            self.0.push(('C', x as i32, y as i32));
        }
        fn close(&mut self) {
            self.0.push(('Z', 0, 0));
        }
    }

    #[test]
    fn every_outline_and_advance_is_kept_and_the_hinting_is_gone() {
        let fonts = crate::frame::FontSet::load();
        for font in [&fonts.regular, &fonts.bold] {
            let stripped = dehint(font.data).expect("the shipped fonts dehint");
            assert!(stripped.len() < font.data.len());
            let (a, b) = (Face::parse(font.data, 0).unwrap(), Face::parse(&stripped, 0).expect("the result parses"));
            assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
            for tag in HINTING {
                assert!(b.raw_face().table(Tag::from_bytes(tag)).is_none(), "{tag:?} is gone");
            }
            // The names that identify the font stay; the licence text goes.
            let names = |f: &Face| {
                let mut v: Vec<(u16, String)> = f.names().into_iter().filter_map(|n| Some((n.name_id, n.to_string()?))).collect();
                v.sort();
                v
            };
            let (na, nb) = (names(&a), names(&b));
            assert!(!nb.is_empty() && nb.iter().all(|n| n.0 <= 6), "{nb:?}");
            assert_eq!(na.iter().filter(|n| n.0 <= 6).cloned().collect::<Vec<_>>(), nb);
            assert!(nb.iter().any(|n| n.0 == 0 && n.1.contains("Copyright")), "the copyright notice stays: {nb:?}");
            assert!(nb.iter().any(|n| n.0 == 6 && n.1.starts_with("AtkinsonHyperlegible")), "{nb:?}");
            for g in 0..a.number_of_glyphs() {
                let (mut pa, mut pb) = (Path::default(), Path::default());
                let (ba, bb) = (a.outline_glyph(GlyphId(g), &mut pa), b.outline_glyph(GlyphId(g), &mut pb));
                assert_eq!(ba, bb, "glyph {g}: bounding box");
                assert_eq!(pa, pb, "glyph {g}: outline");
                assert_eq!(a.glyph_hor_advance(GlyphId(g)), b.glyph_hor_advance(GlyphId(g)), "glyph {g}: advance");
            }
            // No glyph keeps instructions: each simple glyph's instruction length is 0.
            let glyf = b.raw_face().table(Tag::from_bytes(b"glyf")).unwrap();
            let loca = b.raw_face().table(Tag::from_bytes(b"loca")).unwrap();
            for g in 0..b.number_of_glyphs() as usize {
                let start = u32_at(loca, 4 * g).unwrap() as usize;
                let end = u32_at(loca, 4 * g + 4).unwrap() as usize;
                let data = &glyf[start..end];
                if data.len() >= 10 && (u16_at(data, 0).unwrap() as i16) >= 0 {
                    let n = u16_at(data, 0).unwrap() as usize;
                    assert_eq!(u16_at(data, 10 + 2 * n), Some(0), "glyph {g} has no instructions");
                }
            }
        }
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_not_panicked_on() {
        assert!(dehint(b"").is_none());
        assert!(dehint(b"\0\x01\0\0\0\x05garbage").is_none());
        let fonts = crate::frame::FontSet::load();
        let cut = &fonts.regular.data[..fonts.regular.data.len() / 2];
        assert!(dehint(cut).is_none());
    }
}
