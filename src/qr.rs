//! QR codes as vector geometry: the module matrix from `qrcode`, each row's dark runs
//! merged into one rectangle, and the quiet zone reserved around the symbol.

use crate::units::{Abs, Rect};
use qrcode::{Color, EcLevel, QrCode};

/// Modules of quiet zone on every side (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;

/// The error-correction level used for every code. Q restores up to 25 % of a
/// scuffed or folded code; our payloads are short, so the cost in size is small.
pub const EC_LEVEL: EcLevel = EcLevel::Q;

/// A QR symbol: `width` x `width` modules, row-major, `true` is dark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

impl Matrix {
    pub fn encode(payload: &str) -> Result<Matrix, String> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EC_LEVEL)
            .map_err(|e| format!("cannot encode `{payload}` as a QR code: {e}"))?;
        let width = code.width();
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        Ok(Matrix { width, dark })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// Dark runs per row as (x, y, length) in modules.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }

    /// Modules across, quiet zone included.
    pub fn total_modules(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// The dark runs as rectangles for a symbol whose top-left module corner is at
    /// (`x`, `y`) with modules `module` wide.
    pub fn rects(&self, x: Abs, y: Abs, module: Abs) -> Vec<Rect> {
        self.runs()
            .into_iter()
            .map(|(rx, ry, len)| Rect { x: x + module * rx as f64, y: y + module * ry as f64, w: module * len as f64, h: module })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = Matrix::encode("https://report.cybertip.org/").unwrap();
        assert_eq!(m.width, 29, "version 3 at level Q");
        let mut covered = vec![false; m.width * m.width];
        for (x, y, len) in m.runs() {
            for i in x..x + len {
                assert!(!covered[y * m.width + i], "runs overlap");
                covered[y * m.width + i] = true;
            }
            // Runs are maximal: the modules on either side are light.
            assert!(x == 0 || !m.is_dark(x - 1, y));
            assert!(x + len == m.width || !m.is_dark(x + len, y));
        }
        assert_eq!(covered, m.dark);
    }

    #[test]
    fn rects_are_placed_on_the_module_grid() {
        let m = Matrix::encode("https://co4kids.org").unwrap();
        let module = Abs::pt(2.0);
        let rects = m.rects(Abs::pt(100.0), Abs::pt(50.0), module);
        assert_eq!(rects.len(), m.runs().len());
        // The top-left finder pattern starts with a 7-module run at the origin.
        assert_eq!(rects[0], Rect { x: Abs::pt(100.0), y: Abs::pt(50.0), w: Abs::pt(14.0), h: module });
        assert_eq!(m.total_modules(), m.width + 8);
    }
}
