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

/// A payload the QR encoder refused (too long for a symbol), and its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrError {
    pub payload: String,
    pub reason: String,
}

impl std::fmt::Display for QrError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "cannot encode `{}` as a QR code: {}", self.payload, self.reason)
    }
}

impl Matrix {
    /// The symbol for `payload`. The same few payloads recur in every document of a
    /// build, and choosing a mask is most of an encoding's cost: each thread keeps
    /// the symbols it made, keyed by the exact payload.
    pub fn encode(payload: &str) -> Result<Matrix, QrError> {
        thread_local! {
            static MADE: std::cell::RefCell<std::collections::HashMap<String, Matrix>> = Default::default();
        }
        if let Some(m) = MADE.with(|c| c.borrow().get(payload).cloned()) {
            return Ok(m);
        }
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EC_LEVEL)
            .map_err(|e| QrError { payload: payload.to_string(), reason: e.to_string() })?;
        let width = code.width();
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        let m = Matrix { width, dark };
        MADE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= 256 {
                c.clear();
            }
            c.insert(payload.to_string(), m.clone());
        });
        Ok(m)
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

    /// The dark modules as rectangles (x, y, width, height) in modules: each row's
    /// dark runs, a run stacked on an identical run in the row above merged into one
    /// taller rectangle (finder patterns, timing lines). Fewer rectangles draw the same
    /// symbol with a shorter content stream.
    pub fn blocks(&self) -> Vec<(usize, usize, usize, usize)> {
        let mut blocks: Vec<(usize, usize, usize, usize)> = Vec::new();
        // Blocks still open: those that reach the previous row, by (x, width).
        let mut open: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
        let mut runs_by_row: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.width];
        for (x, y, len) in self.runs() {
            runs_by_row[y].push((x, len));
        }
        for (y, runs) in runs_by_row.into_iter().enumerate() {
            let mut next = std::collections::HashMap::new();
            for (x, len) in runs {
                match open.get(&(x, len)) {
                    Some(&i) if blocks[i].1 + blocks[i].3 == y => {
                        blocks[i].3 += 1;
                        next.insert((x, len), i);
                    }
                    _ => {
                        blocks.push((x, y, len, 1));
                        next.insert((x, len), blocks.len() - 1);
                    }
                }
            }
            open = next;
        }
        blocks
    }

    /// Modules across, quiet zone included.
    pub fn total_modules(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// The dark runs as rectangles for a symbol whose top-left module corner is at
    /// (`x`, `y`) with modules `module` wide.
    pub fn rects(&self, x: Abs, y: Abs, module: Abs) -> Vec<Rect> {
        self.blocks()
            .into_iter()
            .map(|(bx, by, w, h)| Rect::new(x + module * bx as f64, y + module * by as f64, module * w as f64, module * h as f64))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_exactly_the_dark_modules_once() {
        for payload in ["https://report.cybertip.org/", "https://co4kids.org", "tel:+18442645437"] {
            let m = Matrix::encode(payload).unwrap();
            let mut covered = vec![false; m.width * m.width];
            let blocks = m.blocks();
            for &(x, y, w, h) in &blocks {
                for j in y..y + h {
                    for i in x..x + w {
                        assert!(!covered[j * m.width + i], "blocks overlap at ({i}, {j})");
                        covered[j * m.width + i] = true;
                    }
                }
            }
            for j in 0..m.width {
                for i in 0..m.width {
                    assert_eq!(covered[j * m.width + i], m.is_dark(i, j), "module ({i}, {j}) of {payload}");
                }
            }
            assert!(blocks.len() < m.runs().len(), "stacked runs merge");
        }
    }

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
        assert_eq!(rects.len(), m.blocks().len());
        // The top-left finder pattern starts with a 7-module run at the origin, one
        // module tall (the row under it differs).
        assert_eq!(rects[0], Rect::new(Abs::pt(100.0), Abs::pt(50.0), Abs::pt(14.0), module));
        // Its left edge, a 1-module column under the top run, is one block 5 modules tall.
        assert!(rects.contains(&Rect::new(Abs::pt(100.0), Abs::pt(52.0), module, module * 5.0)), "{rects:?}");
        assert_eq!(m.total_modules(), m.width + 8);
    }
}
