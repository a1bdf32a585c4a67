//! Line breaking and fitting. Text is shaped once per (font, string) in font units;
//! since widths scale linearly with size, wrapping at any size reuses that shaping.

use super::font::{FontId, FontSet, Glyph};
use crate::units::Abs;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// A piece of text between two break opportunities, shaped.
#[derive(Debug)]
struct Segment {
    glyphs: Vec<Glyph>,
    /// Advance of the whole segment, trailing spaces included (font units).
    width: i64,
    /// Advance without trailing spaces: what counts at the end of a line.
    visible: i64,
    /// A line must end after this segment (a newline in the text).
    mandatory: bool,
}

/// Text shaped in one font, ready to wrap at any size and width.
#[derive(Debug)]
pub struct Shaped {
    pub font: FontId,
    upm: i64,
    segments: Vec<Segment>,
}

/// One laid-out line: glyphs and width at the size it was wrapped at.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub glyphs: Vec<Glyph>,
    pub width: Abs,
}

/// Why a text could not be wrapped: a word wider than the measure.
#[derive(Clone, Debug, PartialEq)]
pub struct TooWide {
    pub word: String,
    pub excess: Abs,
}

/// Texts shaped on this thread, shared by every document it lays out (the same copy
/// appears in every county edition). The fonts are compiled in, so a (face, text)
/// pair always shapes the same way.
type Cache = HashMap<(FontId, String), Rc<Shaped>>;

thread_local! {
    static SHAPED: RefCell<Cache> = RefCell::new(HashMap::new());
}

/// Entries kept per thread before the cache starts over (bounds memory).
const CACHE_LIMIT: usize = 4_096;

/// Shapes texts once and hands out shared results; also carries the structure tree
/// the templates build as they lay out (every layout function already takes it).
pub struct Shaper<'f> {
    pub fonts: &'f FontSet,
    /// What a screen reader calls a QR code, in the document's language.
    pub qr_label: String,
    /// What it calls one in each other language of the document (a bilingual
    /// poster's second), by BCP 47 tag.
    pub qr_label_in: std::collections::BTreeMap<String, String>,
}

impl<'f> Shaper<'f> {
    pub fn new(fonts: &'f FontSet) -> Shaper<'f> {
        Shaper { fonts, qr_label: String::new(), qr_label_in: Default::default() }
    }

    /// Shape `text` in `font`; fails with a character the font lacks.
    pub fn shape(&mut self, font: FontId, text: &str) -> Result<Rc<Shaped>, char> {
        let key = (font, text.to_string());
        if let Some(s) = SHAPED.with(|c| c.borrow().get(&key).cloned()) {
            return Ok(s);
        }
        let f = self.fonts.get(font);
        let mut segments = Vec::new();
        let mut start = 0;
        for (end, kind) in linebreaks(text) {
            if kind == BreakOpportunity::Allowed && (inside_number(text, end) || number_and_its_word(text, end)) {
                continue;
            }
            let piece = &text[start..end];
            start = end;
            if piece.is_empty() {
                continue;
            }
            let glyphs = shape_piece(f, font, piece)?;
            let width: i64 = glyphs.iter().map(|g| g.advance as i64).sum();
            let trailing = glyphs.iter().rev().take_while(|g| g.text.chars().all(char::is_whitespace)).count();
            let visible: i64 = glyphs[..glyphs.len() - trailing].iter().map(|g| g.advance as i64).sum();
            let mandatory = kind == BreakOpportunity::Mandatory && end < text.len();
            segments.push(Segment { glyphs, width, visible, mandatory });
        }
        let shaped = Rc::new(Shaped { font, upm: f.upm as i64, segments });
        SHAPED.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= CACHE_LIMIT {
                c.clear();
            }
            c.insert(key, shaped.clone());
        });
        Ok(shaped)
    }

    /// The width of `text` on one line at `size`.
    pub fn width(&mut self, font: FontId, text: &str, size: Abs) -> Result<Abs, char> {
        let s = self.shape(font, text)?;
        Ok(s.to_abs(s.segments.iter().map(|g| g.width).sum::<i64>() - s.segments.last().map_or(0, |l| l.width - l.visible), size))
    }
}

/// A piece of text between two break opportunities (a word and its space), shaped
/// once per thread: a text seen for the first time (a version code, a county's name)
/// is mostly words seen before.
fn shape_piece(f: &super::font::Font, font: FontId, piece: &str) -> Result<Vec<Glyph>, char> {
    thread_local! {
        static PIECES: RefCell<HashMap<(FontId, String), Vec<Glyph>>> = RefCell::new(HashMap::new());
    }
    let key = (font, piece.to_string());
    if let Some(g) = PIECES.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(g);
    }
    let glyphs = f.shape(piece)?;
    PIECES.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT * 4 {
            c.clear();
        }
        c.insert(key, glyphs.clone());
    });
    Ok(glyphs)
}

/// Phone numbers never break: no break after a hyphen next to a digit
/// (`1-844-CO-4-KIDS`, `303-441-3700`).
fn inside_number(text: &str, at: usize) -> bool {
    let before = &text[..at];
    if !before.ends_with('-') {
        return false;
    }
    let prev = before[..before.len() - 1].chars().next_back();
    let next = text[at..].chars().next();
    prev.is_some_and(|c| c.is_ascii_digit()) || next.is_some_and(|c| c.is_ascii_digit())
}

/// A count stays with the word it counts: no break between a bare number and the
/// word after it (`24 hours`, `24 horas`, `27,800 reports`, `59 states`). A number
/// that ends a clause (`24,`) or a phone number (`303-441-3700`) is not bare.
fn number_and_its_word(text: &str, at: usize) -> bool {
    let Some(before) = text[..at].strip_suffix(' ') else { return false };
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let bare = word.len() <= 7
        && word.starts_with(|c: char| c.is_ascii_digit())
        && word.ends_with(|c: char| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    bare && text[at..].starts_with(char::is_alphabetic)
}

impl Shaped {
    fn to_abs(&self, units: i64, size: Abs) -> Abs {
        size * (units as f64 / self.upm as f64)
    }

    /// Break into lines no wider than `width` at `size`: greedy, at Unicode line
    /// break opportunities. A single word wider than `width` is an error.
    pub fn wrap(&self, size: Abs, width: Abs) -> Result<Vec<Line>, TooWide> {
        let mut lines = Vec::new();
        let mut current: Vec<&Segment> = Vec::new();
        let mut used: i64 = 0; // advance of `current`, trailing spaces included
        let max = width;
        for seg in &self.segments {
            let candidate = used + seg.visible;
            if !current.is_empty() && !self.to_abs(candidate, size).fits(max) {
                lines.push(self.finish(&current, size));
                current.clear();
                used = 0;
            }
            if current.is_empty() && !self.to_abs(seg.visible, size).fits(max) {
                let word: String = seg.glyphs.iter().map(|g| g.text.as_str()).collect();
                return Err(TooWide { word: word.trim().to_string(), excess: self.to_abs(seg.visible, size) - max });
            }
            current.push(seg);
            used += seg.width;
            if seg.mandatory {
                lines.push(self.finish(&current, size));
                current.clear();
                used = 0;
            }
        }
        if !current.is_empty() {
            lines.push(self.finish(&current, size));
        }
        Ok(lines)
    }

    fn finish(&self, segs: &[&Segment], size: Abs) -> Line {
        let mut glyphs = Vec::new();
        let mut units = 0;
        for (i, seg) in segs.iter().enumerate() {
            // A line keeps the space it broke at (invisible, past its width): text
            // extraction and screen readers then read "feels wrong", not "feelswrong".
            glyphs.extend(seg.glyphs.iter().filter(|g| g.text != "\n" && g.text != "\r\n").cloned());
            units += if i + 1 == segs.len() { seg.visible } else { seg.width };
        }
        Line { glyphs, width: self.to_abs(units, size) }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_count_stays_with_its_word() {
        assert!(super::number_and_its_word("Hotline, 24 hours a day", 12));
        assert!(super::number_and_its_word("las 24 horas", 7));
        assert!(super::number_and_its_word("more than 27,800 reports", 17));
        assert!(!super::number_and_its_word("aged 24, and", 9));
        assert!(!super::number_and_its_word("call 303-441-3700 now", 18));
        assert!(!super::number_and_its_word("Llame al 911", 9));
    }

    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.glyphs.iter().map(|g| g.text.as_str()).collect()).collect()
    }

    #[test]
    fn wraps_greedily_at_spaces_and_respects_the_measure() {
        let fonts = FontSet::load();
        let mut shaper = Shaper::new(&fonts);
        let s = shaper.shape(FontId::Regular, "Child trafficking is child abuse. Report it.").unwrap();
        let size = Abs::pt(12.0);
        let one_line = s.wrap(size, Abs::pt(1000.0)).unwrap();
        assert_eq!(text(&one_line), vec!["Child trafficking is child abuse. Report it."]);
        let full = one_line[0].width;
        let narrow = s.wrap(size, full / 2.0).unwrap();
        assert!(narrow.len() >= 2);
        for l in &narrow {
            assert!(l.width.fits(full / 2.0), "{:?} wider than the measure", l.width);
        }
        assert_eq!(text(&narrow).concat(), "Child trafficking is child abuse. Report it.");
        // No line starts or ends with a space.
        for t in text(&narrow) {
            assert_eq!(t.trim_start(), t);
        }
    }

    #[test]
    fn widths_scale_linearly_with_size() {
        let fonts = FontSet::load();
        let mut shaper = Shaper::new(&fonts);
        let a = shaper.width(FontId::Bold, "1-844-CO-4-KIDS", Abs::pt(10.0)).unwrap();
        let b = shaper.width(FontId::Bold, "1-844-CO-4-KIDS", Abs::pt(20.0)).unwrap();
        assert!((b - a * 2.0).to_pt().abs() < 0.001);
    }

    #[test]
    fn a_word_wider_than_the_measure_is_an_error() {
        let fonts = FontSet::load();
        let mut shaper = Shaper::new(&fonts);
        let s = shaper.shape(FontId::Regular, "a verylongunbreakableword").unwrap();
        let err = s.wrap(Abs::pt(12.0), Abs::pt(40.0)).unwrap_err();
        assert_eq!(err.word, "verylongunbreakableword");
        assert!(err.excess > Abs::ZERO);
    }

    #[test]
    fn phone_numbers_never_break() {
        let fonts = FontSet::load();
        let mut shaper = Shaper::new(&fonts);
        let s = shaper.shape(FontId::Regular, "Call 1-844-CO-4-KIDS or 303-441-3700 now, a child-centred step").unwrap();
        let lines = s.wrap(Abs::pt(12.0), Abs::pt(100.0)).unwrap();
        let t = text(&lines);
        assert!(t.iter().any(|l| l.contains("1-844-CO-4-KIDS")), "{t:?}");
        assert!(t.iter().any(|l| l.contains("303-441-3700")), "{t:?}");
    }

    #[test]
    fn newlines_force_breaks() {
        let fonts = FontSet::load();
        let mut shaper = Shaper::new(&fonts);
        let s = shaper.shape(FontId::Regular, "one\ntwo").unwrap();
        assert_eq!(text(&s.wrap(Abs::pt(12.0), Abs::pt(500.0)).unwrap()), vec!["one", "two"]);
    }
}
