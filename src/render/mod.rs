//! Pages as pixels, from the PDF bytes themselves (what the printer gets), in-process
//! and in pure Rust: for previews, for diffs of two builds, and for the tests that
//! read QR codes off the rendered page. It reads what awareprint writes (see
//! `interp`) and refuses anything else with a clear error; a document is drawn one
//! page at a time, and whatever a PDF states, it gets no more than the renderer's
//! limits (`limits`: sizes checked, streams decompressed through a limit, a budget of
//! work per page and per document), so a hostile file given to `diff` costs seconds,
//! never a panic or the machine's memory. No new dependency: a PDF
//! rasterizer crate (hayro) added 91 s to the clean release build, past its budget
//! (BENCHMARKS.md).

mod canvas;
mod font;
mod interp;
pub mod limits;
mod stroke;

pub use interp::cmyk_to_rgb;
pub use limits::Limit;

/// What part of a page to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The trim box: what the reader holds.
    Trim,
    /// The whole sheet: bleed, crop marks and slug.
    Sheet,
}

/// Why a page could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    /// The file is not a PDF lopdf can read.
    Pdf(String),
    /// The content stream is broken.
    Content(String),
    /// An operator this renderer does not draw.
    Operator(String),
    Font(String),
    Image(String),
    /// The page would be larger than a preview is made (pixels a side).
    TooLarge(usize),
    /// The PDF asks for more than the renderer gives any PDF ([`limits`]).
    Limit(Limit),
    /// What went wrong on a page (numbered from 1).
    Page(usize, Box<RenderError>),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            RenderError::Pdf(e) => write!(f, "not a PDF that can be read: {e}"),
            RenderError::Content(e) => write!(f, "a page's content cannot be read: {e}"),
            RenderError::Operator(op) => write!(f, "the page uses `{op}`, which the preview does not draw"),
            RenderError::Font(e) => write!(f, "a font cannot be read: {e}"),
            RenderError::Image(e) => write!(f, "an image cannot be read: {e}"),
            RenderError::TooLarge(n) => write!(f, "the page would be {n} pixels wide or tall; at most {MAX_SIDE}"),
            RenderError::Limit(l) => write!(f, "{l}"),
            RenderError::Page(n, e) => write!(f, "page {n}: {e}"),
        }
    }
}

/// The largest side of a rendered page, in pixels (a Tabloid sheet at 600 dpi is 10,200).
pub const MAX_SIDE: usize = 12_000;

/// A rendered page: 8-bit RGB, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
}

impl Raster {
    /// The page as a PNG file (deterministic: no time or text chunks).
    pub fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, self.width as u32, self.height as u32);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("a PNG header to memory");
        writer.write_image_data(&self.rgb).expect("PNG data to memory");
        drop(writer);
        out
    }

    /// Luma (0 black to 255 white) per pixel.
    pub fn gray(&self) -> Vec<u8> {
        self.rgb.chunks(3).map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8).collect()
    }
}

/// A page drawn: its pixels, its text as a reader extracts it (a line per text
/// object) and what drawing it cost.
#[derive(Clone, Debug)]
pub struct Page {
    pub raster: Raster,
    pub text: String,
    pub cost: Cost,
}

/// What drawing a page took, against its budget ([`limits`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Cost {
    /// Operations, each glyph counted.
    pub operations: usize,
    /// Pixels touched: each fill's box, each image's area, each edge's rows.
    pub pixels: u64,
    /// The page's own area in pixels.
    pub area: u64,
    /// Bytes decompressed for the page.
    pub inflated: usize,
}

/// A PDF opened for drawing, one page at a time: memory holds the file's objects and
/// the page being drawn, whatever the number of pages. Every stream is decompressed
/// through a limit and every page drawn within a budget ([`limits`]).
pub struct Document {
    doc: lopdf::Document,
    pages: Vec<lopdf::ObjectId>,
    allowance: limits::Allowance,
    spent: limits::Spent,
}

impl Document {
    /// Read `pdf`: at most [`limits::MAX_FILE_BYTES`] and [`limits::MAX_PAGES`] pages,
    /// not encrypted.
    pub fn open(pdf: &[u8]) -> Result<Document, RenderError> {
        if pdf.len() as u64 > limits::MAX_FILE_BYTES {
            return Err(RenderError::Limit(Limit::File));
        }
        let options = lopdf::LoadOptions::with_max_decompressed_size(limits::MAX_STRUCTURE_BYTES);
        let doc = lopdf::Document::load_mem_with_options(pdf, options).map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                RenderError::Limit(Limit::Inflate("an object or cross-reference stream", limits::MAX_STRUCTURE_BYTES))
            }
            e => RenderError::Pdf(e.to_string()),
        })?;
        if doc.is_encrypted() {
            return Err(RenderError::Pdf("the file is encrypted".into()));
        }
        let pages: Vec<lopdf::ObjectId> = doc.page_iter().take(limits::MAX_PAGES + 1).collect();
        if pages.len() > limits::MAX_PAGES {
            return Err(RenderError::Limit(Limit::Pages(pages.len())));
        }
        if pages.is_empty() {
            return Err(RenderError::Pdf("no page can be read".into()));
        }
        Ok(Document { doc, pages, allowance: limits::Allowance::default(), spent: limits::Spent::default() })
    }

    /// How many pages.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Page `index` (from 0) at `dpi`, showing `view`; an error names the page.
    pub fn page(&self, index: usize, dpi: f64, view: View) -> Result<Page, RenderError> {
        self.draw(index, dpi, view).map_err(|e| RenderError::Page(index + 1, Box::new(e)))
    }

    fn draw(&self, index: usize, dpi: f64, view: View) -> Result<Page, RenderError> {
        let page = *self.pages.get(index).ok_or_else(|| RenderError::Pdf(format!("no page {}", index + 1)))?;
        let page_dict = self.doc.get_dictionary(page).map_err(|e| RenderError::Pdf(e.to_string()))?;
        if page_dict.get(b"Rotate").ok().and_then(|o| o.as_i64().ok()).is_some_and(|r| r % 360 != 0) {
            return Err(RenderError::Pdf("a rotated page (/Rotate), which awareprint never writes".into()));
        }
        let media = page_box(page_dict, b"MediaBox").ok_or_else(|| RenderError::Pdf("a page without a MediaBox".into()))?;
        let shown = match view {
            View::Trim => page_box(page_dict, b"TrimBox").unwrap_or(media),
            View::Sheet => media,
        };
        let scale = dpi / 72.0;
        let [x0, y0, x1, y1] = shown;
        if (x1 - x0).max(y1 - y0) > limits::MAX_PAGE_POINTS {
            return Err(RenderError::Limit(Limit::PageSize((x1 - x0).round() as u64, (y1 - y0).round() as u64)));
        }
        // Saturating: a box of any size gives a number to compare with the limit.
        let (w, h) = (((x1 - x0) * scale).round() as usize, ((y1 - y0) * scale).round() as usize);
        if w.max(h) > MAX_SIDE {
            return Err(RenderError::TooLarge(w.max(h)));
        }
        let (w, h) = (w.max(1), h.max(1));
        let mut work = self.spent.page((w * h) as u64)?;
        let mut canvas = canvas::Canvas::new(w, h);
        // PDF points (y up) to pixels (y down) of the box shown.
        let device = [scale, 0.0, 0.0, -scale, -x0 * scale, y1 * scale];
        let drawn = interp::draw(&self.doc, page, device, &mut canvas, &self.allowance, &mut work);
        self.spent.done(&work);
        let drawn = drawn?;
        let cost = Cost { area: (canvas.width * canvas.height) as u64, ..drawn.cost };
        Ok(Page { raster: Raster { width: canvas.width, height: canvas.height, rgb: canvas.rgb }, text: drawn.text, cost })
    }
}

/// Every page of a PDF at `dpi`, showing `view` (for a few pages; [`Document`] draws
/// one at a time).
pub fn render(pdf: &[u8], dpi: f64, view: View) -> Result<Vec<Raster>, RenderError> {
    let doc = Document::open(pdf)?;
    (0..doc.len()).map(|i| doc.page(i, dpi, view).map(|p| p.raster)).collect()
}

/// A page box as [x0, y0, x1, y1], normalised.
fn page_box(page: &lopdf::Dictionary, key: &[u8]) -> Option<[f64; 4]> {
    let a = page.get(key).ok()?.as_array().ok()?;
    let n: Vec<f64> = a
        .iter()
        .filter_map(|o| match o {
            lopdf::Object::Integer(i) => Some(*i as f64),
            lopdf::Object::Real(r) => Some(*r as f64),
            _ => None,
        })
        .collect();
    let [a, b, c, d] = n[..] else { return None };
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}
