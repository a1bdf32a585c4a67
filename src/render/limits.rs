//! What a PDF may ask of the renderer. `diff` renders PDFs from any folder, so a
//! file can be hostile: each size it states is checked before it is used, every
//! stream is decompressed through a limit, and each page has a budget of work. The
//! limits are far above what awareprint writes (`tests/render.rs` measures every
//! shipped document against them), so its own PDFs never meet one, and a PDF that
//! does is refused with an error that names the limit, never a panic, an exhausted
//! memory or minutes of drawing.

use super::RenderError;
use std::cell::Cell;

/// The largest PDF file read, in bytes (awareprint's are at most a few MB, a
/// county's largest logo included).
pub const MAX_FILE_BYTES: u64 = 128 << 20;
/// The most pages a document may have.
pub const MAX_PAGES: usize = 100;
/// The widest or tallest page box drawn, in points: 24 in (awareprint's largest
/// sheet, Tabloid with its bleed and slug, is about 18 in tall).
pub const MAX_PAGE_POINTS: f64 = 1728.0;
/// The most an object or cross-reference stream may decompress to, in bytes
/// (decoded while the file is read).
pub const MAX_STRUCTURE_BYTES: usize = 16 << 20;
/// The most a page's content streams may decompress to, together, in bytes.
pub const MAX_CONTENT_BYTES: usize = 4 << 20;
/// The most an embedded font program or a `/ToUnicode` map may decompress to, in
/// bytes (awareprint embeds subsets of a few kilobytes)...
pub const MAX_FONT_BYTES: usize = 8 << 20;
/// ... and the fonts a page holds while it is drawn, together.
pub const MAX_PAGE_FONT_BYTES: usize = 32 << 20;
/// The most text a page's text may come to, in bytes (a code's `/ToUnicode` text can
/// be long; awareprint's pages have a few kilobytes).
pub const MAX_TEXT_BYTES: usize = 4 << 20;
/// The widest or tallest image, in pixels: a county logo's limit.
pub const MAX_IMAGE_SIDE: usize = crate::logo::MAX_SIDE as usize;
/// The most all the streams a document's pages use may decompress to, in bytes,
/// counted each time a page uses one.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 30;
/// The most operations a page may have, each glyph shown counted as one.
pub const MAX_OPERATIONS: usize = 200_000;
/// The most points a path may have, its curves flattened (awareprint's largest, a
/// sticker's die line or a pictogram drawn large at 600 dpi, have a few hundred)...
pub const MAX_PATH_POINTS: usize = 100_000;
/// ... and its stroke's outline (its segments, joins and caps as polygons): what a
/// stroke holds in memory before it is drawn, a few megabytes at most.
pub const MAX_STROKE_POINTS: usize = 400_000;
/// How deep `q` may nest.
pub const MAX_NESTING: usize = 64;
/// The most pixels a page's drawing may touch (each fill's box, each image's area,
/// each edge's rows), as a multiple of the page's own area, plus [`MIN_WORK`]...
pub const MAX_WORK_PER_AREA: u64 = 64;
/// ... which every page may do whatever its size (small text on a small page at a
/// low resolution costs more than its area)...
pub const MIN_WORK: u64 = 4_000_000;
/// ... and at most this on any page (awareprint's largest sheet, Tabloid with bleed
/// and slug at 600 dpi, takes about 120 million; drawing 300 million takes a few
/// seconds).
pub const MAX_PAGE_WORK: u64 = 300_000_000;
/// The most pixels all the pages drawn from one document may touch together (a
/// two-page press handout previewed at 600 dpi, trim and sheet, takes about 190
/// million).
pub const MAX_DOCUMENT_WORK: u64 = 600_000_000;
/// The most pixels all the pages drawn from one document may have together (what
/// holding, comparing and writing them costs grows with it): awareprint's largest, a
/// press handout or Tabloid poster previewed at 600 dpi, trim and sheet, have about
/// 150 million.
pub const MAX_DOCUMENT_PIXELS: u64 = 300_000_000;

/// A limit a PDF went past.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The file is larger than [`MAX_FILE_BYTES`].
    File,
    /// This many pages (or more), over [`MAX_PAGES`].
    Pages(usize),
    /// A page box this wide and tall (whole points), over [`MAX_PAGE_POINTS`].
    PageSize(u64, u64),
    /// A stream of this kind decompresses to more than this many bytes.
    Inflate(&'static str, usize),
    /// The document's streams decompress to more than [`MAX_DOCUMENT_BYTES`].
    Document,
    /// An image of this many pixels a side, or a size whose bytes cannot be counted.
    Image(u64, u64),
    /// More than [`MAX_OPERATIONS`] on the page.
    Operations,
    /// The page's fonts together over [`MAX_PAGE_FONT_BYTES`].
    PageFonts,
    /// The page's text over [`MAX_TEXT_BYTES`].
    Text,
    /// `q` nested more than [`MAX_NESTING`] deep.
    Nesting,
    /// More work than the page's budget (pixels).
    Work(u64),
    /// More work than [`MAX_DOCUMENT_WORK`] over the pages drawn.
    DocumentWork,
    /// More pixels than [`MAX_DOCUMENT_PIXELS`] over the pages drawn.
    DocumentPixels,
    /// A font's `/W` array spans more than this many glyph widths.
    Widths(usize),
    /// A path (or its stroke's outline) of more than this many points.
    Path(usize),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Limit::File => write!(f, "the file is larger than {MAX_FILE_BYTES} bytes, the most the renderer reads"),
            Limit::Pages(n) => write!(f, "the document has {n} pages or more; the renderer draws at most {MAX_PAGES}"),
            Limit::PageSize(w, h) => write!(f, "the page is {w} x {h} pt; the renderer draws pages of at most {MAX_PAGE_POINTS} pt a side"),
            Limit::Inflate(what, limit) => write!(f, "{what} decompresses to more than {limit} bytes, the most the renderer allows"),
            Limit::Document => {
                write!(f, "the document's streams decompress to more than {MAX_DOCUMENT_BYTES} bytes in all, the most the renderer allows")
            }
            Limit::Image(w, h) => write!(f, "an image of {w} x {h} pixels; the renderer draws at most {MAX_IMAGE_SIDE} a side"),
            Limit::Operations => {
                write!(f, "the page has more than {MAX_OPERATIONS} operations (each glyph counted), the most the renderer draws")
            }
            Limit::PageFonts => {
                write!(f, "the page's fonts come to more than {MAX_PAGE_FONT_BYTES} bytes together, the most the renderer holds")
            }
            Limit::Text => write!(f, "the page's text comes to more than {MAX_TEXT_BYTES} bytes, the most the renderer extracts"),
            Limit::Nesting => write!(f, "the page nests `q` more than {MAX_NESTING} deep"),
            Limit::Work(budget) => write!(f, "drawing the page touches more than {budget} pixels, the most the renderer draws on it"),
            Limit::DocumentWork => {
                write!(f, "drawing the document touches more than {MAX_DOCUMENT_WORK} pixels, the most the renderer draws of one")
            }
            Limit::DocumentPixels => {
                write!(f, "the document's pages have more than {MAX_DOCUMENT_PIXELS} pixels together, the most the renderer draws of one")
            }
            Limit::Widths(n) => write!(f, "a font's widths (/W) cover more than {n} glyphs"),
            Limit::Path(n) => write!(f, "a path has more than {n} points, the most the renderer draws"),
        }
    }
}

/// What is left of a document's decompression allowance ([`MAX_DOCUMENT_BYTES`]).
pub struct Allowance(Cell<usize>);

impl Default for Allowance {
    fn default() -> Allowance {
        Allowance(Cell::new(MAX_DOCUMENT_BYTES))
    }
}

impl Allowance {
    /// Bytes still allowed.
    pub fn left(&self) -> usize {
        self.0.get()
    }

    /// `stream` decompressed, at most `limit` bytes (a stream of `what`, named in the
    /// error) and at most what is left of the document's allowance. Only FlateDecode
    /// (or no filter) is read: all that awareprint writes.
    pub fn inflate(&self, stream: &lopdf::Stream, what: &'static str, limit: usize) -> Result<Vec<u8>, RenderError> {
        let left = self.0.get();
        let cap = limit.min(left);
        let filters = stream.filters().unwrap_or_default();
        if filters.iter().any(|f| *f != b"FlateDecode".as_slice()) || filters.len() > 1 {
            return Err(RenderError::Content(format!("{what} uses a filter other than one FlateDecode")));
        }
        if stream.dict.has(b"DecodeParms") {
            return Err(RenderError::Content(format!("{what} has /DecodeParms, which awareprint never writes")));
        }
        let data = match stream.decompressed_content_with_limit(cap) {
            Ok(d) => d,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(RenderError::Limit(if cap < limit { Limit::Document } else { Limit::Inflate(what, limit) }));
            }
            Err(e) => return Err(RenderError::Content(format!("{what} cannot be decompressed: {e}"))),
        };
        self.0.set(left - data.len());
        Ok(data)
    }
}

/// A page's work so far, against its budget.
pub struct Work {
    pub operations: usize,
    pub pixels: u64,
    pub budget: u64,
    /// Whether the budget is what is left of the document's ([`MAX_DOCUMENT_WORK`]).
    pub document: bool,
}

impl Work {
    /// The budget of a page of `area` pixels, of a document that may still do `left`.
    pub fn new(area: u64, left: u64) -> Work {
        let page = area.saturating_mul(MAX_WORK_PER_AREA).saturating_add(MIN_WORK).min(MAX_PAGE_WORK);
        Work { operations: 0, pixels: 0, budget: page.min(left), document: left < page }
    }

    /// Count `n` operations (or glyphs).
    pub fn operations(&mut self, n: usize) -> Result<(), RenderError> {
        self.operations = self.operations.saturating_add(n);
        if self.operations > MAX_OPERATIONS { Err(RenderError::Limit(Limit::Operations)) } else { Ok(()) }
    }

    /// Count `n` pixels touched.
    pub fn pixels(&mut self, n: u64) -> Result<(), RenderError> {
        self.pixels = self.pixels.saturating_add(n);
        if self.pixels <= self.budget {
            Ok(())
        } else if self.document {
            Err(RenderError::Limit(Limit::DocumentWork))
        } else {
            Err(RenderError::Limit(Limit::Work(self.budget)))
        }
    }
}

/// What a document's pages have cost so far, against [`MAX_DOCUMENT_PIXELS`] and
/// [`MAX_DOCUMENT_WORK`].
#[derive(Default)]
pub struct Spent {
    pixels: Cell<u64>,
    work: Cell<u64>,
}

impl Spent {
    /// A page of `area` pixels begins: its budget.
    pub fn page(&self, area: u64) -> Result<Work, RenderError> {
        let pixels = self.pixels.get().saturating_add(area);
        if pixels > MAX_DOCUMENT_PIXELS {
            return Err(RenderError::Limit(Limit::DocumentPixels));
        }
        self.pixels.set(pixels);
        Ok(Work::new(area, MAX_DOCUMENT_WORK - self.work.get()))
    }

    /// A page's drawing ended (or failed) having done `work`.
    pub fn done(&self, work: &Work) {
        self.work.set(self.work.get().saturating_add(work.pixels).min(MAX_DOCUMENT_WORK));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_s_pages_share_its_pixels_and_its_work() {
        let spent = Spent::default();
        // A page's budget: 64 times its area and 4 million, at most 300 million.
        assert_eq!(spent.page(1_000).unwrap().budget, 64_000 + MIN_WORK);
        let mut work = spent.page(100_000_000).unwrap();
        assert_eq!((work.budget, work.document), (MAX_PAGE_WORK, false));
        assert_eq!(work.pixels(MAX_PAGE_WORK + 1), Err(RenderError::Limit(Limit::Work(MAX_PAGE_WORK))));
        spent.done(&work);
        // The next page has what is left of the document's work...
        let mut work = spent.page(100_000_000).unwrap();
        let left = MAX_DOCUMENT_WORK - MAX_PAGE_WORK - 1;
        assert_eq!((work.budget, work.document), (left, true));
        assert_eq!(work.pixels(left + 1), Err(RenderError::Limit(Limit::DocumentWork)));
        spent.done(&work);
        assert_eq!(spent.page(1).unwrap().budget, 0);
        // ... and its pixels: 200 million drawn, 100 more would pass 300.
        assert_eq!(spent.page(100_000_000).err(), Some(RenderError::Limit(Limit::DocumentPixels)));
    }
}
