//! The two fonts compiled into the binary (Atkinson Hyperlegible, `fonts/`), and which
//! characters they can draw. A leaf module: checks of printed text and layout both use
//! it.

use std::sync::OnceLock;

pub static REGULAR: &[u8] = include_bytes!("../fonts/AtkinsonHyperlegible-Regular.ttf");
pub static BOLD: &[u8] = include_bytes!("../fonts/AtkinsonHyperlegible-Bold.ttf");

/// True when both faces have a glyph for `c` (text may be set in either).
pub fn covers(c: char) -> bool {
    static FACES: OnceLock<[ttf_parser::Face<'static>; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        // The fonts are compiled in; failing to parse them is a build defect.
        [REGULAR, BOLD].map(|d| ttf_parser::Face::parse(d, 0).expect("fonts/ holds valid TrueType fonts"))
    });
    faces.iter().all(|f| f.glyph_index(c).is_some())
}

#[cfg(test)]
mod tests {
    #[test]
    fn latin_and_spanish_are_covered_and_greek_is_not() {
        for c in "AZaz09áéíóúñüÁÑ¿¡“”’–—€".chars() {
            assert!(super::covers(c), "{c}");
        }
        for c in ['\u{3bf}', '\u{43e}', '中', '\u{200b}'] {
            assert!(!super::covers(c), "{c}");
        }
    }
}
