//! What changed between two builds: the PDFs of two output folders compared by their
//! bytes (builds are byte-identical from the same inputs, so "unchanged" is exact),
//! and for each changed one, per page, the text that changed (a unified diff of the
//! lines a reader would extract) and the pixels (both renderings side by side, the
//! changed areas outlined). The two versions of a PDF are drawn and compared one
//! page at a time, so memory holds two pages whatever a document's length, and the
//! renderer's limits apply to both (`render::limits`): a PDF from anywhere can be
//! given.

use crate::diag::{Diagnostic, Problems};
use crate::render::{self, Raster, View};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a diff found.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// PDFs only in the new folder, and only in the old one (paths relative to them).
    pub added: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub changed: Vec<Changed>,
    /// How many PDFs are byte for byte the same.
    pub unchanged: usize,
    /// PDFs on both sides that differ but could not be compared (rendered or read),
    /// with why: the diff is incomplete when any are listed.
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, Serialize)]
pub struct Unreadable {
    pub path: PathBuf,
    /// Which of the two could not be read: the old or the new.
    pub side: Side,
    pub why: String,
}

/// The folder (or revision) a file came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Old,
    New,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() && self.unreadable.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct Changed {
    pub path: PathBuf,
    pub pages: Vec<PageChange>,
}

/// One page that differs: its number (from 1), the unified diff of its text (empty when
/// only the drawing changed), how many pixels changed, the changed areas (pixels of the
/// image: x0, y0, x1, y1) and the image showing them.
#[derive(Debug, Serialize)]
pub struct PageChange {
    pub page: usize,
    pub text: Vec<String>,
    pub changed_pixels: usize,
    pub areas: Vec<[usize; 4]>,
    pub image: Option<PathBuf>,
}

/// Compare the PDFs under `old` and `new`; images of changed pages go under `out` at
/// `dpi`.
pub fn compare(old: &Path, new: &Path, out: &Path, dpi: f64) -> Result<Report, Problems> {
    let (a, b) = (pdfs(old)?, pdfs(new)?);
    for (dir, list) in [(old, &a), (new, &b)] {
        if list.is_empty() {
            return Err(vec![
                Diagnostic::error("no PDFs in this folder")
                    .in_file(dir)
                    .hint("give two folders a build wrote PDFs into, or two git revisions"),
            ]);
        }
    }
    let mut report = Report::default();
    for rel in &b {
        if !a.contains(rel) {
            report.added.push(rel.clone());
        }
    }
    for rel in &a {
        if !b.contains(rel) {
            report.removed.push(rel.clone());
            continue;
        }
        // Within the renderer's file limit; a larger file is reported, not read.
        let read = |dir: &Path, side: Side| match crate::fsio::read_in(dir, &dir.join(rel), render::limits::MAX_FILE_BYTES) {
            Ok(bytes) => Ok(Ok(bytes)),
            Err(crate::fsio::ReadError::TooLarge(_)) => Ok(Err((side, render::Limit::File.to_string()))),
            Err(e) => Err(vec![Diagnostic::error(e.to_string()).in_file(&dir.join(rel))]),
        };
        let compared = match (read(old, Side::Old)?, read(new, Side::New)?) {
            (Ok(x), Ok(y)) if x == y => {
                report.unchanged += 1;
                continue;
            }
            (Ok(x), Ok(y)) => pages(&x, &y, rel, out, dpi),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        match compared {
            Ok(pages) => report.changed.push(Changed { path: rel.clone(), pages }),
            Err((side, why)) => report.unreadable.push(Unreadable { path: rel.clone(), side, why }),
        }
    }
    Ok(report)
}

/// Every `.pdf` under `dir`, relative to it, sorted.
fn pdfs(dir: &Path) -> Result<Vec<PathBuf>, Problems> {
    if !dir.is_dir() {
        return Err(vec![Diagnostic::error("no such folder").in_file(dir).hint("give two output folders, e.g. output-old output")]);
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| vec![Diagnostic::error(format!("cannot read the folder: {e}")).in_file(&d)])?;
        for e in entries.flatten() {
            let p = e.path();
            // Links are not followed: a link to `..` would list the folder forever,
            // one elsewhere would compare files that are not the build's.
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
                let Ok(rel) = p.strip_prefix(dir) else { continue };
                if rel.to_str().is_none() {
                    return Err(vec![Diagnostic::error("a file name that is not UTF-8 text; rename it").in_file(&p)]);
                }
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The pages of two versions of one PDF that differ, drawn and compared one at a
/// time (memory holds the two pages being compared, whatever the documents' length).
/// What cannot be read is named with its side, and leaves no picture.
fn pages(old: &[u8], new: &[u8], rel: &Path, out: &Path, dpi: f64) -> Result<Vec<PageChange>, (Side, String)> {
    let mut changes = Vec::new();
    match compare_pages(old, new, rel, out, dpi, &mut changes) {
        Ok(()) => Ok(changes),
        Err(e) => {
            for c in &changes {
                if let Some(image) = &c.image {
                    let _ = std::fs::remove_file(image);
                }
            }
            Err(e)
        }
    }
}

fn compare_pages(old: &[u8], new: &[u8], rel: &Path, out: &Path, dpi: f64, changes: &mut Vec<PageChange>) -> Result<(), (Side, String)> {
    let open = |bytes, side| render::Document::open(bytes).map_err(|e| (side, e.to_string()));
    let (a, b) = (open(old, Side::Old)?, open(new, Side::New)?);
    let draw = |doc: &render::Document, n: usize, side| {
        (n < doc.len()).then(|| doc.page(n, dpi, View::Sheet)).transpose().map_err(|e| (side, e.to_string()))
    };
    for n in 0..a.len().max(b.len()) {
        let (pa, pb) = (draw(&a, n, Side::Old)?, draw(&b, n, Side::New)?);
        let text = unified(&lines(pa.as_ref()), &lines(pb.as_ref()));
        let (ra, rb) = (pa.as_ref().map(|p| &p.raster), pb.as_ref().map(|p| &p.raster));
        let (pixels, areas, picture) = match (ra, rb) {
            (Some(a), Some(b)) => pixel_diff(a, b),
            (a, b) => {
                let only = a.or(b).expect("one of the two has the page");
                let all = [0, 0, only.width, only.height];
                (only.width * only.height, vec![all], side_by_side(a, b, &[all]))
            }
        };
        drop((pa, pb));
        if text.is_empty() && pixels == 0 {
            continue;
        }

        let stem = rel.with_extension("");
        let image = out.join(format!("{}-{}-diff.png", stem.display(), n + 1));
        let cannot = |e: std::io::Error| (Side::New, format!("cannot write {}: {e}", image.display()));
        if let Some(parent) = image.parent() {
            std::fs::create_dir_all(parent).map_err(cannot)?;
        }
        crate::fsio::write_atomic(&image, &picture.png()).map_err(cannot)?;
        changes.push(PageChange { page: n + 1, text, changed_pixels: pixels, areas, image: Some(image) });
    }
    Ok(())
}

/// A page's text as a reader extracts it: a line per text object, spaces tidied
/// (none for a page the document lacks).
pub(crate) fn lines(page: Option<&render::Page>) -> Vec<String> {
    let Some(page) = page else { return Vec::new() };
    page.text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect()
}

/// How long a page's text diff may search for the shortest diff before it settles
/// for a longer one (a page of thousands of changed lines).
const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// A unified diff of two lists of lines, two lines of context around each change.
/// Myers' algorithm (`similar`): space linear in the lines, time bounded by
/// [`DIFF_DEADLINE`].
pub fn unified(a: &[String], b: &[String]) -> Vec<String> {
    use similar::DiffTag;
    let diff = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, a, b, Some(Instant::now() + DIFF_DEADLINE));
    let mut ops: Vec<(char, &str)> = Vec::with_capacity(a.len().max(b.len()));
    for op in &diff {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => ops.extend(a[old].iter().map(|l| (' ', l.as_str()))),
            DiffTag::Delete => ops.extend(a[old].iter().map(|l| ('-', l.as_str()))),
            DiffTag::Insert => ops.extend(b[new].iter().map(|l| ('+', l.as_str()))),
            DiffTag::Replace => {
                ops.extend(a[old].iter().map(|l| ('-', l.as_str())));
                ops.extend(b[new].iter().map(|l| ('+', l.as_str())));
            }
        }
    }
    let near = |k: usize| ops[k.saturating_sub(2)..(k + 3).min(ops.len())].iter().any(|(c, _)| *c != ' ');
    let mut out = Vec::new();
    let mut gap = false;
    for (k, (c, line)) in ops.iter().enumerate() {
        if near(k) {
            if gap || (out.is_empty() && k > 0) {
                out.push("@@".to_string());
            }
            gap = false;
            out.push(format!("{c}{line}"));
        } else if !out.is_empty() {
            gap = true;
        }
    }
    if ops.iter().all(|(c, _)| *c == ' ') { Vec::new() } else { out }
}

/// How many pixels differ (any channel by more than 2 levels: the renderer is
/// deterministic, so a difference is a change, a darker colour included), the changed areas (cells
/// of 16 pixels with a change, joined with their neighbours) and a picture of both
/// pages side by side with the areas outlined.
fn pixel_diff(a: &Raster, b: &Raster) -> (usize, Vec<[usize; 4]>, Raster) {
    const CELL: usize = 16;
    let (w, h) = (a.width.max(b.width), a.height.max(b.height));
    let at = |r: &Raster, x: usize, y: usize| -> [u8; 3] {
        if x < r.width && y < r.height {
            [r.rgb[(y * r.width + x) * 3], r.rgb[(y * r.width + x) * 3 + 1], r.rgb[(y * r.width + x) * 3 + 2]]
        } else {
            [255; 3]
        }
    };
    let (cw, ch) = (w.div_ceil(CELL), h.div_ceil(CELL));
    let mut cells = vec![false; cw * ch];
    let mut changed = 0;
    for y in 0..h {
        for x in 0..w {
            let (p, q) = (at(a, x, y), at(b, x, y));
            if p.iter().zip(q).any(|(u, v)| u.abs_diff(v) > 2) {
                changed += 1;
                cells[(y / CELL) * cw + x / CELL] = true;
            }
        }
    }
    // Join neighbouring cells (8-connected) into areas.
    let mut seen = vec![false; cw * ch];
    let mut areas = Vec::new();
    for start in 0..cells.len() {
        if !cells[start] || seen[start] {
            continue;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(c) = stack.pop() {
            let (cx, cy) = (c % cw, c / cw);
            (x0, y0, x1, y1) = (x0.min(cx), y0.min(cy), x1.max(cx), y1.max(cy));
            for (dx, dy) in [(-1i64, -1i64), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] {
                let (nx, ny) = (cx as i64 + dx, cy as i64 + dy);
                if nx < 0 || ny < 0 || nx >= cw as i64 || ny >= ch as i64 {
                    continue;
                }
                let k = ny as usize * cw + nx as usize;
                if cells[k] && !seen[k] {
                    seen[k] = true;
                    stack.push(k);
                }
            }
        }
        areas.push([x0 * CELL, y0 * CELL, ((x1 + 1) * CELL).min(w), ((y1 + 1) * CELL).min(h)]);
    }
    // The picture only of a change (it takes twice the pages' memory).
    let picture = if changed > 0 { side_by_side(Some(a), Some(b), &areas) } else { Raster { width: 0, height: 0, rgb: Vec::new() } };
    (changed, areas, picture)
}

/// The old page at the left, the new at the right (a grey gap between; a page one side
/// lacks shown grey), `areas` outlined in red on both.
fn side_by_side(a: Option<&Raster>, b: Option<&Raster>, areas: &[[usize; 4]]) -> Raster {
    let size = |r: Option<&Raster>| r.map_or((0, 0), |r| (r.width, r.height));
    let (w, h) = (size(a).0.max(size(b).0), size(a).1.max(size(b).1));
    let gap = 12;
    let mut out = Raster { width: w * 2 + gap, height: h, rgb: vec![160; (w * 2 + gap) * h * 3] };
    for (side, r) in [(0, a), (w + gap, b)] {
        let Some(r) = r else { continue };
        for y in 0..r.height {
            let from = &r.rgb[y * r.width * 3..(y + 1) * r.width * 3];
            let to = (y * out.width + side) * 3;
            out.rgb[to..to + from.len()].copy_from_slice(from);
        }
        for &[x0, y0, x1, y1] in areas {
            for t in 0..2 {
                for x in x0..x1 {
                    for y in [y0 + t, y1.saturating_sub(1 + t)] {
                        paint(&mut out, side + x, y);
                    }
                }
                for y in y0..y1 {
                    for x in [x0 + t, x1.saturating_sub(1 + t)] {
                        paint(&mut out, side + x, y);
                    }
                }
            }
        }
    }
    out
}

fn paint(r: &mut Raster, x: usize, y: usize) {
    if x < r.width && y < r.height {
        r.rgb[(y * r.width + x) * 3..][..3].copy_from_slice(&[220, 0, 0]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.split('|').map(str::to_string).collect()
    }

    #[test]
    fn a_unified_diff_shows_the_changed_line_with_its_context() {
        let a = lines("a|b|c|d|e|f|g|h");
        let b = lines("a|b|c|D|e|f|g|h");
        assert_eq!(unified(&a, &b), ["@@", " b", " c", "-d", "+D", " e", " f"]);
        assert!(unified(&a, &a).is_empty());
        assert_eq!(unified(&[], &lines("x")), ["+x"]);
    }

    #[test]
    fn changed_pixels_are_grouped_into_outlined_areas() {
        let blank = Raster { width: 64, height: 64, rgb: vec![255; 64 * 64 * 3] };
        let mut dot = blank.clone();
        for y in 40..44 {
            for x in 8..12 {
                dot.rgb[(y * 64 + x) * 3..][..3].copy_from_slice(&[0, 0, 0]);
            }
        }
        let (n, areas, picture) = pixel_diff(&blank, &dot);
        assert_eq!(n, 16);
        assert_eq!(areas, [[0, 32, 16, 48]]);
        assert_eq!(picture.width, 64 * 2 + 12);
        assert_eq!(pixel_diff(&blank, &blank).0, 0);
    }
}
