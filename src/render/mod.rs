//! Pages as pixels, from the PDF bytes themselves (what the printer gets), in-process
//! and in pure Rust: for previews, for diffs of two builds, and for the tests that
//! read QR codes off the rendered page. It reads what awareprint writes (see
//! `interp`) and refuses anything else with a clear error. No new dependency: a PDF
//! rasterizer crate (hayro) added 91 s to the clean release build, past its budget
//! (BENCHMARKS.md).

mod canvas;
mod interp;

pub use interp::cmyk_to_rgb;

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

/// Every page of a PDF at `dpi`, showing `view`.
pub fn render(pdf: &[u8], dpi: f64, view: View) -> Result<Vec<Raster>, RenderError> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| RenderError::Pdf(e.to_string()))?;
    if doc.is_encrypted() {
        return Err(RenderError::Pdf("the file is encrypted".into()));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(RenderError::Pdf("no page can be read".into()));
    }
    let scale = dpi / 72.0;
    let mut out = Vec::new();
    for (_, page) in pages {
        let page_dict = doc.get_dictionary(page).map_err(|e| RenderError::Pdf(e.to_string()))?;
        if page_dict.get(b"Rotate").ok().and_then(|o| o.as_i64().ok()).is_some_and(|r| r % 360 != 0) {
            return Err(RenderError::Pdf("a rotated page (/Rotate), which awareprint never writes".into()));
        }
        let media = page_box(page_dict, b"MediaBox").ok_or_else(|| RenderError::Pdf("a page without a MediaBox".into()))?;
        let shown = match view {
            View::Trim => page_box(page_dict, b"TrimBox").unwrap_or(media),
            View::Sheet => media,
        };
        let [x0, y0, x1, y1] = shown;
        let (w, h) = (((x1 - x0) * scale).round() as usize, ((y1 - y0) * scale).round() as usize);
        if w.max(h) > MAX_SIDE {
            return Err(RenderError::TooLarge(w.max(h)));
        }
        let mut canvas = canvas::Canvas::new(w.max(1), h.max(1));
        // PDF points (y up) to pixels (y down) of the box shown.
        let device = [scale, 0.0, 0.0, -scale, -x0 * scale, y1 * scale];
        interp::draw(&doc, page, device, &mut canvas)?;
        out.push(Raster { width: canvas.width, height: canvas.height, rgb: canvas.rgb });
    }
    Ok(out)
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
