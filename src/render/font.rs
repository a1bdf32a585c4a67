//! The fonts of a page: a Type0 font with a TrueType (`glyf`) descendant, as
//! awareprint embeds them; its glyph widths, its `/ToUnicode` map (for the text a
//! reader extracts) and its glyph outlines. A glyph is outlined only after its
//! composite structure has been walked and its points counted, so that no font
//! program, however made, can make one glyph take unbounded time.

use super::RenderError;
use super::canvas::{Area, Canvas, Px};
use super::interp::{Matrix, dict, number, resolve};
use super::limits::{self, Allowance, Limit, Work};
use lopdf::{Dictionary, Document, Object};
use std::cell::RefCell;
use std::collections::HashMap;

/// The most points one glyph may have once its components are expanded.
pub const MAX_GLYPH_POINTS: u64 = 20_000;
/// How deep composite glyphs may nest (ttf-parser's own limit).
const MAX_COMPONENT_DEPTH: usize = 32;
/// The most glyph widths a `/W` array may state (every glyph id, a few times over).
const MAX_WIDTHS: usize = 4 * 65_536;

/// A font of the page: its TrueType program, its glyph widths (1/1000 em), how its
/// codes map to text, and the glyphs already checked.
pub struct Font<'a> {
    program: Vec<u8>,
    /// The size of its `/ToUnicode` map, decompressed.
    map_bytes: usize,
    widths: HashMap<u16, f64>,
    default_width: f64,
    encoding: Option<lopdf::Encoding<'a>>,
    /// Points of each glyph walked so far (composites expanded).
    points: RefCell<HashMap<u16, u64>>,
}

/// A Type0 font with a CIDFontType2 descendant (Identity-H, CIDToGIDMap Identity).
pub fn load<'a>(doc: &'a Document, resources: &'a Dictionary, name: &[u8], allowance: &Allowance) -> Result<Font<'a>, RenderError> {
    let font = dict(doc, dict(doc, resources, b"Font")?, name)?;
    let descendants = resolve(doc, font.get(b"DescendantFonts").map_err(|_| RenderError::Font("not a Type0 font".into()))?)?;
    let cid = resolve(doc, descendants.as_array().ok().and_then(|a| a.first()).ok_or_else(|| RenderError::Font("no descendant".into()))?)?
        .as_dict()
        .map_err(|e| RenderError::Font(e.to_string()))?;
    if cid.get(b"CIDToGIDMap").ok().and_then(|o| o.as_name().ok()) != Some(b"Identity".as_slice()) {
        return Err(RenderError::Font("only CIDToGIDMap /Identity is read".into()));
    }
    let descriptor = dict(doc, cid, b"FontDescriptor")?;
    let file = resolve(doc, descriptor.get(b"FontFile2").map_err(|_| RenderError::Font("no embedded TrueType program".into()))?)?;
    let stream = file.as_stream().map_err(|e| RenderError::Font(e.to_string()))?;
    let program = allowance.inflate(stream, "a font program", limits::MAX_FONT_BYTES)?;
    let face = ttf_parser::Face::parse(&program, 0).map_err(|e| RenderError::Font(e.to_string()))?;
    let tables = face.tables();
    if tables.glyf.is_none() || loca(&face).is_none() || tables.cff.is_some() || tables.cff2.is_some() || tables.gvar.is_some() {
        return Err(RenderError::Font("not a static TrueType (glyf) font, which is what awareprint embeds".into()));
    }
    let default_width = cid.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
    let widths = widths(doc, cid, default_width)?;
    // The map from codes to text; its stream is counted against the document's
    // allowance here, and lopdf reads it within the same limit.
    let mut map_bytes = 0;
    if let Ok(Object::Stream(map)) = font.get(b"ToUnicode").and_then(|o| resolve(doc, o).map_err(|_| lopdf::Error::ObjectNotFound((0, 0))))
    {
        map_bytes = allowance.inflate(map, "a /ToUnicode map", limits::MAX_FONT_BYTES)?.len();
    }
    let encoding = match font.get_font_encoding_with_limit(doc, limits::MAX_FONT_BYTES) {
        Ok(e) => Some(e),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(RenderError::Limit(Limit::Inflate("a /ToUnicode map", limits::MAX_FONT_BYTES)));
        }
        Err(_) => None,
    };
    Ok(Font { program, map_bytes, widths, default_width, encoding, points: RefCell::new(HashMap::new()) })
}

/// The glyph widths of a CIDFont's `/W` array: `first [w1 w2 ...]` or `first last w`.
fn widths(doc: &Document, cid: &Dictionary, default_width: f64) -> Result<HashMap<u16, f64>, RenderError> {
    let mut widths = HashMap::new();
    let Ok(w) = cid.get(b"W").map_err(|_| ()).and_then(|o| resolve(doc, o).map_err(|_| ())).and_then(|o| o.as_array().map_err(|_| ()))
    else {
        return Ok(widths);
    };
    let mut stated = 0usize;
    let mut count = |n: usize| {
        stated = stated.saturating_add(n);
        if stated > MAX_WIDTHS { Err(RenderError::Limit(Limit::Widths(MAX_WIDTHS))) } else { Ok(()) }
    };
    let gid = |o: &Object| number(o).filter(|v| (0.0..=65535.0).contains(v)).map(|v| v as u16);
    let mut i = 0;
    while i < w.len() {
        let Some(first) = gid(&w[i]) else { break };
        match w.get(i + 1) {
            Some(Object::Array(list)) => {
                count(list.len())?;
                for (k, v) in list.iter().enumerate() {
                    let Some(g) = u16::try_from(k).ok().and_then(|k| first.checked_add(k)) else { break };
                    widths.insert(g, number(v).unwrap_or(default_width));
                }
                i += 2;
            }
            Some(last) => {
                let Some(last) = gid(last) else { break };
                let width = w.get(i + 2).and_then(number).unwrap_or(default_width);
                count(usize::from(last.saturating_sub(first)) + 1)?;
                for g in first..=last {
                    widths.insert(g, width);
                }
                i += 3;
            }
            None => break,
        }
    }
    Ok(widths)
}

impl<'a> Font<'a> {
    /// The font program, parsed (cheap: a table directory).
    pub fn face(&self) -> Result<ttf_parser::Face<'_>, RenderError> {
        ttf_parser::Face::parse(&self.program, 0).map_err(|e| RenderError::Font(e.to_string()))
    }

    /// What the font holds: its program's and its map's bytes.
    pub fn size(&self) -> usize {
        self.program.len() + self.map_bytes
    }

    /// How far the pen moves after glyph `gid`, in 1/1000 em.
    pub fn advance(&self, gid: u16) -> f64 {
        self.widths.get(&gid).copied().unwrap_or(self.default_width)
    }

    /// The text that `bytes` (codes of this font) stand for, added to `out`.
    pub fn text(&self, bytes: &[u8], out: &mut String) {
        if let Some(e) = &self.encoding
            && let Ok(s) = Document::decode_text(e, bytes)
        {
            out.push_str(&s);
        }
    }

    /// Check that glyph `gid` has at most [`MAX_GLYPH_POINTS`] points with its
    /// components expanded, nested at most as deep as ttf-parser follows, and no
    /// component that contains itself. Each glyph is walked once per page.
    pub fn check(&self, face: &ttf_parser::Face, gid: u16) -> Result<(), RenderError> {
        let (Some(loca), Some(glyf)) = (loca(face), face.raw_face().table(ttf_parser::Tag::from_bytes(b"glyf"))) else {
            return Err(RenderError::Font("no glyf table".into()));
        };
        let mut walking = Vec::new();
        let n = points(&loca, glyf, gid, &mut self.points.borrow_mut(), &mut walking)?;
        if n > MAX_GLYPH_POINTS {
            return Err(RenderError::Font(format!("glyph {gid} has {n} points with its components; at most {MAX_GLYPH_POINTS}")));
        }
        Ok(())
    }
}

/// The face's `loca` table: where each glyph's data lies in `glyf`.
fn loca<'f>(face: &ttf_parser::Face<'f>) -> Option<ttf_parser::loca::Table<'f>> {
    let t = face.tables();
    ttf_parser::loca::Table::parse(
        t.maxp.number_of_glyphs,
        t.head.index_to_location_format,
        face.raw_face().table(ttf_parser::Tag::from_bytes(b"loca"))?,
    )
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

/// The points of glyph `gid`, its components' included (memoised in `known`);
/// `walking` holds the composites being expanded (a cycle or too deep a nesting is
/// refused). Reads the `glyf` data as ttf-parser does: a simple glyph's points are
/// its last contour's end + 1; a composite's components follow its header.
fn points(
    loca: &ttf_parser::loca::Table,
    glyf: &[u8],
    gid: u16,
    known: &mut HashMap<u16, u64>,
    walking: &mut Vec<u16>,
) -> Result<u64, RenderError> {
    if let Some(&n) = known.get(&gid) {
        return Ok(n);
    }
    if walking.contains(&gid) {
        return Err(RenderError::Font(format!("glyph {gid} is a component of itself")));
    }
    if walking.len() >= MAX_COMPONENT_DEPTH {
        return Err(RenderError::Font(format!("glyph {gid} nests components more than {MAX_COMPONENT_DEPTH} deep")));
    }
    let data = loca.glyph_range(ttf_parser::GlyphId(gid)).and_then(|r| glyf.get(r)).unwrap_or_default();
    let contours = u16_at(data, 0).map_or(0, |c| c as i16);
    let n = if contours > 0 {
        u16_at(data, 10 + 2 * (contours as usize - 1)).map_or(0, |last| u64::from(last) + 1)
    } else if contours < 0 {
        walking.push(gid);
        let mut total = 0u64;
        let mut at = 10;
        // Component flags: ARG_1_AND_2_ARE_WORDS, WE_HAVE_A_SCALE, MORE_COMPONENTS,
        // WE_HAVE_AN_X_AND_Y_SCALE, WE_HAVE_A_TWO_BY_TWO.
        while let (Some(flags), Some(component)) = (u16_at(data, at), u16_at(data, at + 2)) {
            total = total.saturating_add(points(loca, glyf, component, known, walking)?);
            if total > MAX_GLYPH_POINTS {
                break;
            }
            at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            at += if flags & 0x0008 != 0 {
                2
            } else if flags & 0x0040 != 0 {
                4
            } else if flags & 0x0080 != 0 {
                8
            } else {
                0
            };
            if flags & 0x0020 == 0 {
                break;
            }
        }
        walking.pop();
        total
    } else {
        0
    };
    known.insert(gid, n);
    Ok(n)
}

/// Glyph `gid`'s outline, from font units through text space (`m`) to the device,
/// filled in `fill` inside `clip`.
pub fn glyph(
    canvas: &mut Canvas,
    face: &ttf_parser::Face,
    gid: u16,
    m: Matrix,
    (fill, clip): ([u8; 3], Area),
    work: &mut Work,
) -> Result<(), RenderError> {
    let upm = face.units_per_em() as f64;
    let m = Matrix([1.0 / upm, 0.0, 0.0, 1.0 / upm, 0.0, 0.0]).then(m);
    let mut outline = Outline { m, contours: Vec::new(), at: (0.0, 0.0) };
    if face.outline_glyph(ttf_parser::GlyphId(gid), &mut outline).is_some() {
        canvas.fill(&outline.contours, fill, clip, work)?;
    }
    Ok(())
}

/// A glyph outline as polygons in device pixels, quadratic and cubic curves flattened.
struct Outline {
    m: Matrix,
    contours: Vec<Vec<Px>>,
    at: (f64, f64),
}

impl Outline {
    fn point(&mut self, x: f64, y: f64) {
        let p = self.m.apply(x, y);
        if let Some(c) = self.contours.last_mut() {
            c.push(p);
        }
        self.at = (x, y);
    }

    /// Segments for a curve: about one per 2 device pixels of its control polygon.
    fn steps(&self, pts: &[(f64, f64)]) -> usize {
        let mut len = 0.0;
        let mut prev = self.m.apply(self.at.0, self.at.1);
        for &(x, y) in pts {
            let p = self.m.apply(x, y);
            len += ((p.x - prev.x).powi(2) + (p.y - prev.y).powi(2)).sqrt();
            prev = p;
        }
        // NaN (a degenerate matrix) gives one step.
        ((len / 2.0).ceil() as usize).clamp(1, 64)
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.contours.push(Vec::new());
        self.point(x as f64, y as f64);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.point(x as f64, y as f64);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.at;
        let (x1, y1, x, y) = (x1 as f64, y1 as f64, x as f64, y as f64);
        let n = self.steps(&[(x1, y1), (x, y)]);
        for i in 1..=n {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            self.point(u * u * x0 + 2.0 * u * t * x1 + t * t * x, u * u * y0 + 2.0 * u * t * y1 + t * t * y);
        }
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x0, y0) = self.at;
        let (x1, y1, x2, y2, x, y) = (x1 as f64, y1 as f64, x2 as f64, y2 as f64, x as f64, y as f64);
        let n = self.steps(&[(x1, y1), (x2, y2), (x, y)]);
        for i in 1..=n {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.point(a * x0 + b * x1 + c * x2 + d * x, a * y0 + b * y1 + c * y2 + d * y);
        }
    }

    fn close(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `glyf` and long `loca` data for `glyphs` (each glyph's bytes).
    fn tables(glyphs: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>) {
        let (mut glyf, mut loca) = (Vec::new(), Vec::new());
        for g in glyphs {
            loca.extend((glyf.len() as u32).to_be_bytes());
            glyf.extend(g);
        }
        loca.extend((glyf.len() as u32).to_be_bytes());
        (glyf, loca)
    }

    /// A simple glyph of one contour of `points` points (only what the count reads).
    fn simple(points: u16) -> Vec<u8> {
        [&1i16.to_be_bytes()[..], &[0; 8], &(points - 1).to_be_bytes()].concat()
    }

    /// A composite glyph of `components` (glyph ids), byte arguments, no scale.
    fn composite(components: &[u16]) -> Vec<u8> {
        let mut g = [&(-1i16).to_be_bytes()[..], &[0; 8]].concat();
        for (i, c) in components.iter().enumerate() {
            let more: u16 = if i + 1 < components.len() { 0x0020 } else { 0 };
            g.extend(more.to_be_bytes());
            g.extend(c.to_be_bytes());
            g.extend([0, 0]);
        }
        g
    }

    fn count(glyphs: &[Vec<u8>], gid: u16) -> Result<u64, RenderError> {
        let (glyf, loca) = tables(glyphs);
        let n = std::num::NonZeroU16::new(glyphs.len() as u16).unwrap();
        let loca = ttf_parser::loca::Table::parse(n, ttf_parser::head::IndexToLocationFormat::Long, &loca).unwrap();
        points(&loca, &glyf, gid, &mut HashMap::new(), &mut Vec::new())
    }

    #[test]
    fn composite_glyphs_are_counted_expanded_and_a_cycle_or_a_bomb_is_refused() {
        let glyphs = vec![
            simple(1000),
            composite(&[0, 0, 0]),
            // A hundred copies of a thousand points, and a hundred of those.
            composite(&[0; 100]),
            composite(&[2; 100]),
            composite(&[4]),
        ];
        assert_eq!(count(&glyphs, 0).unwrap(), 1000);
        assert_eq!(count(&glyphs, 1).unwrap(), 3000);
        assert!(count(&glyphs, 2).unwrap() > MAX_GLYPH_POINTS);
        assert!(count(&glyphs, 3).unwrap() > MAX_GLYPH_POINTS, "stops counting past the limit");
        assert_eq!(count(&glyphs, 4).unwrap_err(), RenderError::Font("glyph 4 is a component of itself".into()));
        // Nested deeper than ttf-parser follows.
        let deep: Vec<Vec<u8>> = (0..40u16).map(|i| if i == 39 { simple(3) } else { composite(&[i + 1]) }).collect();
        assert_eq!(count(&deep, 0).unwrap_err(), RenderError::Font("glyph 32 nests components more than 32 deep".into()));
        assert_eq!(count(&deep, 20).unwrap(), 3);
    }
}
