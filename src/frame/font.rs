//! The fonts in `fonts/`, parsed once and shared: metrics and shaping.

use rustybuzz::{Face, UnicodeBuffer};

use crate::fonts::{BOLD, REGULAR};

/// Which of the two faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    Regular,
    Bold,
}

/// One shaped glyph: its id in the full font, its advance in font units (kerning
/// included) and the text it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glyph {
    pub id: u16,
    pub advance: i32,
    pub text: Cluster,
}

/// The text a glyph stands for: a character or a few (a ligature, a letter with its
/// marks), empty for the further glyphs of a cluster. Glyphs are copied into every
/// line, item and trial layout, so the usual short text is held inline, without an
/// allocation; a longer one is shared.
#[derive(Clone)]
pub enum Cluster {
    Inline { len: u8, bytes: [u8; Cluster::INLINE] },
    Shared(std::sync::Arc<str>),
}

impl Cluster {
    const INLINE: usize = 22;

    pub fn new(text: &str) -> Cluster {
        if text.len() <= Cluster::INLINE {
            let mut bytes = [0; Cluster::INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Cluster::Inline { len: text.len() as u8, bytes }
        } else {
            Cluster::Shared(text.into())
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Only `new` makes one, from the first `len` bytes of a `&str`.
            Cluster::Inline { len, bytes } => std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default(),
            Cluster::Shared(s) => s,
        }
    }
}

impl std::ops::Deref for Cluster {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl PartialEq for Cluster {
    fn eq(&self, other: &Cluster) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Cluster {}

impl PartialEq<&str> for Cluster {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Cluster {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// A parsed face. Lengths are in font units (`upm` per em).
pub struct Font {
    pub data: &'static [u8],
    face: Face<'static>,
    pub upm: u16,
    pub ascender: i16,
    pub descender: i16,
    pub cap_height: i16,
    pub ps_name: String,
}

impl Font {
    fn parse(data: &'static [u8]) -> Font {
        // The fonts are compiled in from fonts/; failing to parse them is a build defect.
        let face = Face::from_slice(data, 0).expect("fonts/ holds valid TrueType fonts");
        let upm = face.units_per_em() as u16;
        let ps_name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "AtkinsonHyperlegible".into());
        Font {
            data,
            upm,
            ascender: face.ascender(),
            descender: face.descender(),
            cap_height: face.capital_height().unwrap_or(face.ascender()),
            ps_name,
            face,
        }
    }

    /// The default advance (hmtx) of a glyph, in font units.
    pub fn hmtx_advance(&self, gid: u16) -> i32 {
        self.face.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0) as i32
    }

    /// The vertical ink extent of a glyph, (yMin, yMax) in font units, y up.
    pub fn ink(&self, gid: u16) -> Option<(i16, i16)> {
        self.face.glyph_bounding_box(ttf_parser::GlyphId(gid)).map(|b| (b.y_min, b.y_max))
    }

    pub fn has_char(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// Shape `text` (kerning on). Fails with the first printable character the font
    /// has no glyph for.
    pub fn shape(&self, text: &str) -> Result<Vec<Glyph>, char> {
        if let Some(c) = text.chars().find(|&c| !c.is_whitespace() && !c.is_control() && !self.has_char(c)) {
            return Err(c);
        }
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // The glyph's text runs to the next glyph's cluster (left-to-right text).
            let end = infos[i + 1..].iter().map(|g| g.cluster as usize).find(|&c| c > start).unwrap_or(text.len());
            let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
            let piece = Cluster::new(if first_of_cluster { text.get(start..end).unwrap_or("") } else { "" });
            glyphs.push(Glyph { id: info.glyph_id as u16, advance: pos.x_advance, text: piece });
        }
        Ok(glyphs)
    }

    /// Length of `units` font units at `size`.
    pub fn scale(&self, units: i64, size: crate::units::Abs) -> crate::units::Abs {
        size * (units as f64 / self.upm as f64)
    }
}

/// The two faces every material uses.
pub struct FontSet {
    pub regular: Font,
    pub bold: Font,
}

impl FontSet {
    pub fn load() -> FontSet {
        FontSet { regular: Font::parse(REGULAR), bold: Font::parse(BOLD) }
    }

    pub fn get(&self, id: FontId) -> &Font {
        match id {
            FontId::Regular => &self.regular,
            FontId::Bold => &self.bold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_with_real_metrics() {
        let fonts = FontSet::load();
        let f = &fonts.regular;
        assert_eq!(f.upm, 1000);
        let g = f.shape("AV").unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].text, "A");
        // Kerning pulls V towards A: the shaped advance is shorter than the default.
        assert!(g[0].advance < f.hmtx_advance(g[0].id), "expected kerning between A and V");
        assert!(f.shape("niño ¿qué? ¡sí!").is_ok());
        assert_eq!(f.shape("a\u{4E2D}b"), Err('\u{4E2D}'));
    }
}
