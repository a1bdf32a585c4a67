//! The PDF side of the renderer: a page's content stream read operator by operator
//! (the operators awareprint's writer uses: paths of rectangles, lines and cubic
//! curves, filled by either rule and stroked with a width, cap and join; `k`/`K` and
//! separation colours, shown in their alternates; clipping rectangles, TrueType text
//! in Type0 fonts, images), each shape handed to the canvas. Anything else is an
//! error, not a guess: a preview that silently leaves something out would show a page
//! that does not print.

use super::canvas::{Area, Canvas, Px};
use super::font::{self, Font};
use super::limits::{self, Allowance, Limit, Work};
use super::stroke::{self, Sub};
use super::{Cost, RenderError};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// An affine transform `[a b c d e f]`, as PDF writes them.
#[derive(Clone, Copy, Debug)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `then`.
    pub fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2])
    }

    pub fn apply(self, x: f64, y: f64) -> Px {
        let [a, b, c, d, e, f] = self.0;
        Px { x: (a * x + c * y + e) as f32, y: (b * x + d * y + f) as f32 }
    }
}

#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    fill: [u8; 3],
    clip: Area,
    stroke: [u8; 3],
    /// Line width (user space), cap, join and miter limit.
    width: f64,
    cap: u8,
    join: u8,
    miter: f64,
    /// The separations `cs` and `CS` chose: what tint 1 is in DeviceCMYK (tint 0 is
    /// no ink in the spaces awareprint writes).
    fill_space: Option<[f64; 4]>,
    stroke_space: Option<[f64; 4]>,
}

/// The path being built: its subpaths in device pixels, and the current point and
/// the subpath's start in user space.
#[derive(Default)]
struct Building {
    subs: Vec<Sub>,
    at: (f64, f64),
    start: (f64, f64),
    points: usize,
}

impl Building {
    fn push(&mut self, p: Px) -> Result<(), RenderError> {
        self.points += 1;
        if self.points > limits::MAX_PATH_POINTS {
            return Err(RenderError::Limit(Limit::Path(limits::MAX_PATH_POINTS)));
        }
        match self.subs.last_mut() {
            Some(s) if !s.closed => s.pts.push(p),
            _ => self.subs.push(Sub { pts: vec![p], closed: false }),
        }
        Ok(())
    }

    fn move_to(&mut self, m: Matrix, x: f64, y: f64) -> Result<(), RenderError> {
        self.subs.push(Sub::default());
        self.at = (x, y);
        self.start = (x, y);
        self.push(m.apply(x, y))
    }

    fn line_to(&mut self, m: Matrix, x: f64, y: f64) -> Result<(), RenderError> {
        if self.subs.is_empty() {
            return Err(RenderError::Content("a path segment without a current point".into()));
        }
        self.at = (x, y);
        self.push(m.apply(x, y))
    }

    /// A cubic from the current point, flattened: about one segment per 2 device
    /// pixels of its control polygon, at most 64.
    fn curve_to(&mut self, m: Matrix, c: [(f64, f64); 3]) -> Result<(), RenderError> {
        if self.subs.is_empty() {
            return Err(RenderError::Content("a path segment without a current point".into()));
        }
        let p0 = self.at;
        let pts = [p0, c[0], c[1], c[2]].map(|(x, y)| m.apply(x, y));
        let len: f32 = pts.windows(2).map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y)).sum();
        // NaN (a degenerate matrix) gives one step.
        let n = ((len / 2.0).ceil() as usize).clamp(1, 64);
        for i in 1..=n {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            let (a, b, cc, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            let x = a * p0.0 + b * c[0].0 + cc * c[1].0 + d * c[2].0;
            let y = a * p0.1 + b * c[0].1 + cc * c[1].1 + d * c[2].1;
            self.push(m.apply(x, y))?;
        }
        self.at = c[2];
        Ok(())
    }

    fn close(&mut self) {
        if let Some(s) = self.subs.last_mut() {
            s.closed = true;
        }
        self.at = self.start;
    }

    fn contours(&self) -> Vec<Vec<Px>> {
        self.subs.iter().map(|s| s.pts.clone()).collect()
    }

    fn clear(&mut self) {
        *self = Building::default();
    }
}

/// A separation colour space from the page's resources: `[/Separation name
/// /DeviceCMYK <<a type 2 function from C0 0 to C1>>]`, its C1 (what full tint
/// shows as on screen, as Acrobat shows a spot colour).
fn separation(doc: &Document, resources: &Dictionary, name: &[u8]) -> Result<[f64; 4], RenderError> {
    let bad = || RenderError::Content(format!("colour space /{} is not a separation the preview draws", String::from_utf8_lossy(name)));
    let spaces = dict(doc, resources, b"ColorSpace").map_err(|_| bad())?;
    let space = resolve(doc, spaces.get(name).map_err(|_| bad())?)?.as_array().map_err(|_| bad())?;
    let [Object::Name(kind), Object::Name(colorant), Object::Name(alt), tint] = space.as_slice() else { return Err(bad()) };
    // `All` (the registration colour) is every plate at the tint, whatever the tint
    // transform says (ISO 32000-1, 8.6.6.4).
    if kind == b"Separation" && colorant == b"All" {
        return Ok([1.0; 4]);
    }
    let tint = resolve(doc, tint)?.as_dict().map_err(|_| bad())?;
    let get = |k: &[u8]| -> Option<Vec<f64>> { tint.get(k).ok()?.as_array().ok().map(|a| a.iter().filter_map(number).collect()) };
    let (c0, c1) = (get(b"C0").unwrap_or_else(|| vec![0.0]), get(b"C1").unwrap_or_else(|| vec![1.0]));
    if kind != b"Separation"
        || alt != b"DeviceCMYK"
        || tint.get(b"FunctionType").ok().and_then(number) != Some(2.0)
        || c0.iter().any(|v| *v != 0.0)
        || c1.len() != 4
    {
        return Err(bad());
    }
    Ok([c1[0], c1[1], c1[2], c1[3]])
}

/// A separation at `tint`, on screen.
fn tinted(space: Option<[f64; 4]>, tint: f64) -> [u8; 3] {
    let [c, m, y, k] = space.unwrap_or([0.0, 0.0, 0.0, 1.0]).map(|v| v * tint.clamp(0.0, 1.0));
    cmyk_to_rgb(c, m, y, k)
}

/// What drawing a page gave besides its pixels: its text (a line per text object,
/// as lopdf's `extract_text` reads it) and its cost.
pub struct Drawn {
    pub text: String,
    pub cost: Cost,
}

/// The page's content streams, decompressed and joined (at most
/// [`limits::MAX_CONTENT_BYTES`] together).
fn content(doc: &Document, page: ObjectId, allowance: &Allowance) -> Result<Vec<u8>, RenderError> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page) {
        let stream = doc.get_object(id).and_then(Object::as_stream).map_err(|e| RenderError::Content(e.to_string()))?;
        let data = allowance.inflate(stream, "a page's content", limits::MAX_CONTENT_BYTES - content.len()).map_err(|e| match e {
            RenderError::Limit(Limit::Inflate(what, _)) => RenderError::Limit(Limit::Inflate(what, limits::MAX_CONTENT_BYTES)),
            e => e,
        })?;
        content.extend_from_slice(&data);
        if content.len() < limits::MAX_CONTENT_BYTES {
            content.push(b'\n');
        }
    }
    Ok(content)
}

/// Draw page `page` of `doc` onto `canvas`; `device` maps PDF points to its pixels.
/// Every stream is decompressed within `allowance`, and the page's work within its
/// budget (`work`).
pub fn draw(
    doc: &Document,
    page: ObjectId,
    device: [f64; 6],
    canvas: &mut Canvas,
    allowance: &Allowance,
    work: &mut Work,
) -> Result<Drawn, RenderError> {
    let before = allowance.left();
    let content = content(doc, page, allowance)?;
    let ops = Content::decode(&content).map_err(|e| RenderError::Content(e.to_string()))?.operations;
    drop(content);
    work.operations(ops.len())?;
    let (inline, ids) = doc.get_page_resources(page).map_err(|e| RenderError::Content(e.to_string()))?;
    let resources = match (inline, ids.first()) {
        (Some(d), _) => d,
        (None, Some(id)) => doc.get_dictionary(*id).map_err(|e| RenderError::Content(e.to_string()))?,
        (None, None) => return Err(RenderError::Content("a page without resources".into())),
    };
    let mut fonts: HashMap<Vec<u8>, Font> = HashMap::new();
    // The bytes of the fonts held.
    let mut held = 0;
    let mut state = State {
        ctm: Matrix(device),
        fill: [0, 0, 0],
        clip: canvas.bounds(),
        stroke: [0, 0, 0],
        width: 1.0,
        cap: 0,
        join: 0,
        miter: 10.0,
        fill_space: None,
        stroke_space: None,
    };
    let mut stack = Vec::new();
    let mut path = Building::default();
    let mut pending_clip = false;
    let mut text = String::new();
    // Text state.
    let (mut font, mut size, mut tm) = (None::<Vec<u8>>, 0.0, Matrix::IDENTITY);
    for op in &ops {
        let n: Vec<f64> = op.operands.iter().filter_map(number).collect();
        let want =
            |k: usize| if n.len() >= k { Ok(()) } else { Err(RenderError::Content(format!("`{}` with too few operands", op.operator))) };
        match op.operator.as_str() {
            "q" => {
                if stack.len() >= limits::MAX_NESTING {
                    return Err(RenderError::Limit(Limit::Nesting));
                }
                stack.push(state)
            }
            "Q" => state = stack.pop().ok_or_else(|| RenderError::Content("`Q` without `q`".into()))?,
            "cm" => {
                want(6)?;
                state.ctm = Matrix([n[0], n[1], n[2], n[3], n[4], n[5]]).then(state.ctm);
            }
            "re" => {
                want(4)?;
                let (x, y, w, h) = (n[0], n[1], n[2], n[3]);
                let m = state.ctm;
                path.move_to(m, x, y)?;
                path.line_to(m, x + w, y)?;
                path.line_to(m, x + w, y + h)?;
                path.line_to(m, x, y + h)?;
                path.close();
            }
            "m" => {
                want(2)?;
                path.move_to(state.ctm, n[0], n[1])?;
            }
            "l" => {
                want(2)?;
                path.line_to(state.ctm, n[0], n[1])?;
            }
            "c" => {
                want(6)?;
                path.curve_to(state.ctm, [(n[0], n[1]), (n[2], n[3]), (n[4], n[5])])?;
            }
            // The first control point on the current point, or the second on the end.
            "v" => {
                want(4)?;
                path.curve_to(state.ctm, [path.at, (n[0], n[1]), (n[2], n[3])])?;
            }
            "y" => {
                want(4)?;
                path.curve_to(state.ctm, [(n[0], n[1]), (n[2], n[3]), (n[2], n[3])])?;
            }
            "h" => path.close(),
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" => {
                let o = op.operator.as_str();
                if matches!(o, "b" | "b*" | "s") {
                    path.close();
                }
                if o != "S" && o != "s" {
                    // Rectangles only (bands, QR modules, marks) snap to whole pixels.
                    let contours = path.contours();
                    let contours = if o.starts_with('f') { snapped(&contours) } else { contours };
                    canvas.fill_by(&contours, state.fill, state.clip, o.ends_with('*'), work)?;
                }
                if matches!(o, "B" | "B*" | "b" | "b*" | "S" | "s") {
                    // The width in device pixels (awareprint's matrices scale x and y
                    // alike), at least a pixel, as viewers draw thin lines.
                    let [a, b, c, d, _, _] = state.ctm.0;
                    let scale = (a * d - b * c).abs().sqrt();
                    let half = ((state.width * scale) as f32 / 2.0).max(0.5);
                    let style = stroke::Style { half, cap: state.cap, join: state.join, miter_limit: state.miter as f32 };
                    let polys = stroke::outline(&path.subs, style)?;
                    canvas.fill(&polys, state.stroke, state.clip, work)?;
                }
                path.clear();
            }
            "W" | "W*" => pending_clip = true,
            "n" => {
                if pending_clip {
                    state.clip = state.clip.intersect(bounds(&path.contours()));
                }
                pending_clip = false;
                path.clear();
            }
            "k" => {
                want(4)?;
                state.fill = cmyk_to_rgb(n[0], n[1], n[2], n[3]);
            }
            "K" => {
                want(4)?;
                state.stroke = cmyk_to_rgb(n[0], n[1], n[2], n[3]);
            }
            "g" => {
                want(1)?;
                let v = (n[0].clamp(0.0, 1.0) * 255.0).round() as u8;
                state.fill = [v, v, v];
            }
            "w" => {
                want(1)?;
                state.width = n[0].max(0.0);
            }
            "J" | "j" => {
                want(1)?;
                let v = n[0].clamp(0.0, 2.0) as u8;
                if op.operator == "J" { state.cap = v } else { state.join = v }
            }
            "M" => {
                want(1)?;
                state.miter = n[0].max(1.0);
            }
            // Overprinting (a die line's): a preview paints it as it paints anything.
            "gs" => {}
            // A separation (the registration colour `/All`, `CutContour`), shown in
            // its alternate colour, as Acrobat does.
            "cs" | "CS" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or_default();
                let space = Some(separation(doc, resources, name)?);
                if op.operator == "cs" {
                    state.fill_space = space;
                    state.fill = tinted(space, 1.0);
                } else {
                    state.stroke_space = space;
                    state.stroke = tinted(space, 1.0);
                }
            }
            "scn" | "sc" => state.fill = tinted(state.fill_space, n.first().copied().unwrap_or(1.0)),
            "SCN" | "SC" => state.stroke = tinted(state.stroke_space, n.first().copied().unwrap_or(1.0)),
            "BT" => tm = Matrix::IDENTITY,
            "ET" => {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
            }
            "BDC" | "BMC" | "EMC" | "MP" | "DP" => {}
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec);
                size = n.first().copied().unwrap_or(0.0);
                if let Some(name) = &name
                    && !fonts.contains_key(name)
                {
                    let f = font::load(doc, resources, name, allowance)?;
                    held += f.size();
                    if held > limits::MAX_PAGE_FONT_BYTES {
                        return Err(RenderError::Limit(Limit::PageFonts));
                    }
                    fonts.insert(name.clone(), f);
                }
                font = name;
            }
            "Tm" => {
                want(6)?;
                tm = Matrix([n[0], n[1], n[2], n[3], n[4], n[5]]);
            }
            "Td" => {
                want(2)?;
                tm = Matrix([1.0, 0.0, 0.0, 1.0, n[0], n[1]]).then(tm);
            }
            "TJ" | "Tj" => {
                let f = font.as_ref().and_then(|k| fonts.get(k)).ok_or_else(|| RenderError::Content("text before `Tf`".into()))?;
                let face = f.face()?;
                let parts: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => op.operands.first().and_then(|o| o.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default(),
                    _ => op.operands.iter().collect(),
                };
                for part in parts {
                    match part {
                        Object::String(bytes, _) => {
                            f.text(bytes, &mut text);
                            if text.len() > limits::MAX_TEXT_BYTES {
                                return Err(RenderError::Limit(Limit::Text));
                            }
                            for code in bytes.chunks(2).filter(|c| c.len() == 2) {
                                let gid = u16::from_be_bytes([code[0], code[1]]);
                                work.operations(1)?;
                                f.check(&face, gid)?;
                                let m = Matrix([size, 0.0, 0.0, size, 0.0, 0.0]).then(tm).then(state.ctm);
                                font::glyph(canvas, &face, gid, m, (state.fill, state.clip), work)?;
                                let advance = f.advance(gid) / 1000.0 * size;
                                tm = Matrix([1.0, 0.0, 0.0, 1.0, advance, 0.0]).then(tm);
                            }
                        }
                        other => {
                            let shift = number(other).unwrap_or(0.0);
                            // As lopdf's text extraction reads a wide gap: a space.
                            if matches!(other, Object::Integer(i) if *i < -100) {
                                text.push(' ');
                            }
                            tm = Matrix([1.0, 0.0, 0.0, 1.0, -shift / 1000.0 * size, 0.0]).then(tm);
                        }
                    }
                }
                if op.operator == "TJ" {
                    text.push(' ');
                }
            }
            "Do" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or_default();
                image(doc, resources, name, state, canvas, allowance, work)?;
            }
            other => return Err(RenderError::Operator(other.to_string())),
        }
    }
    let cost = Cost { operations: work.operations, pixels: work.pixels, area: 0, inflated: before - allowance.left() };
    Ok(Drawn { text, cost })
}

/// A path of axis-aligned rectangles (bands, QR modules, crop marks) with its edges on
/// whole pixels, at least a pixel wide, as viewers do: a QR code's modules stay crisp at
/// a low resolution (at 60 dpi a module is about two pixels) and a hairline mark stays
/// visible. Any other path is left as it is.
fn snapped(path: &[Vec<Px>]) -> Vec<Vec<Px>> {
    let rect = |c: &Vec<Px>| c.len() == 4 && ((c[0].y == c[1].y && c[1].x == c[2].x) || (c[0].x == c[1].x && c[1].y == c[2].y));
    if !path.iter().all(rect) {
        return path.to_vec();
    }
    path.iter()
        .map(|c| {
            let b = bounds(std::slice::from_ref(c));
            let snap = |lo: f32, hi: f32| {
                let (a, z) = (lo.round(), hi.round());
                if z > a { (a, z) } else { (lo.floor(), lo.floor() + 1.0) }
            };
            let ((x0, x1), (y0, y1)) = (snap(b.x0, b.x1), snap(b.y0, b.y1));
            vec![Px { x: x0, y: y0 }, Px { x: x1, y: y0 }, Px { x: x1, y: y1 }, Px { x: x0, y: y1 }]
        })
        .collect()
}

/// The bounding box of a path: the clipping rectangle `re W n` sets.
fn bounds(path: &[Vec<Px>]) -> Area {
    let mut a = Area { x0: f32::MAX, y0: f32::MAX, x1: f32::MIN, y1: f32::MIN };
    for p in path.iter().flatten() {
        a = Area { x0: a.x0.min(p.x), y0: a.y0.min(p.y), x1: a.x1.max(p.x), y1: a.y1.max(p.y) };
    }
    a
}

pub fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

/// A process colour on screen: the sum of the colours of the 16 corners of the CMYK
/// cube (each the colour of that ink combination on coated paper), weighted by how
/// near the colour is to each: xpdf's and poppler's table for DeviceCMYK, so that a
/// preview shows a print's colours as the usual viewers do.
pub fn cmyk_to_rgb(c: f64, m: f64, y: f64, k: f64) -> [u8; 3] {
    let [c, m, y, k] = [c, m, y, k].map(|v| v.clamp(0.0, 1.0));
    let (c1, m1, y1, k1) = (1.0 - c, 1.0 - m, 1.0 - y, 1.0 - k);
    // (weight of the corner, its red, green, blue)
    let corners = [
        (c1 * m1 * y1 * k1, 1.0, 1.0, 1.0),
        (c1 * m1 * y1 * k, 0.1373, 0.1216, 0.1255),
        (c1 * m1 * y * k1, 1.0, 0.9490, 0.0),
        (c1 * m1 * y * k, 0.1098, 0.1020, 0.0),
        (c1 * m * y1 * k1, 0.9255, 0.0, 0.5490),
        (c1 * m * y1 * k, 0.1412, 0.0, 0.0),
        (c1 * m * y * k1, 0.9294, 0.1098, 0.1412),
        (c1 * m * y * k, 0.1333, 0.0, 0.0),
        (c * m1 * y1 * k1, 0.0, 0.6784, 0.9373),
        (c * m1 * y1 * k, 0.0, 0.0588, 0.1412),
        (c * m1 * y * k1, 0.0, 0.6510, 0.3137),
        (c * m1 * y * k, 0.0, 0.0745, 0.0),
        (c * m * y1 * k1, 0.1804, 0.1922, 0.5725),
        (c * m * y1 * k, 0.0, 0.0, 0.0078),
        (c * m * y * k1, 0.2118, 0.2119, 0.2235),
        (c * m * y * k, 0.0, 0.0, 0.0),
    ];
    let sum = |f: fn(&(f64, f64, f64, f64)) -> f64| {
        let v: f64 = corners.iter().map(|corner| corner.0 * f(corner)).sum();
        (v.clamp(0.0, 1.0) * 255.0).round() as u8
    };
    [sum(|c| c.1), sum(|c| c.2), sum(|c| c.3)]
}

pub fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Result<&'a Object, RenderError> {
    match o {
        Object::Reference(id) => doc.get_object(*id).map_err(|e| RenderError::Content(e.to_string())),
        other => Ok(other),
    }
}

pub fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Result<&'a Dictionary, RenderError> {
    let o = d.get(key).map_err(|_| RenderError::Content(format!("no /{}", String::from_utf8_lossy(key))))?;
    resolve(doc, o)?.as_dict().map_err(|e| RenderError::Content(e.to_string()))
}

/// An image XObject: 8-bit DeviceRGB or DeviceGray, with an optional soft mask, drawn
/// into the unit square the current matrix maps.
fn image(
    doc: &Document,
    resources: &Dictionary,
    name: &[u8],
    state: State,
    canvas: &mut Canvas,
    allowance: &Allowance,
    work: &mut Work,
) -> Result<(), RenderError> {
    let xobject = resolve(doc, dict(doc, resources, b"XObject")?.get(name).map_err(|_| RenderError::Image("unknown XObject".into()))?)?;
    let stream = xobject.as_stream().map_err(|e| RenderError::Image(e.to_string()))?;
    let (w, h, channels, data) = samples(doc, stream, allowance)?;
    let rgb = match channels {
        3 => data,
        _ => data.iter().flat_map(|&v| [v, v, v]).collect(),
    };
    let alpha = match stream.dict.get(b"SMask") {
        Ok(o) => {
            let mask = resolve(doc, o)?.as_stream().map_err(|e| RenderError::Image(e.to_string()))?;
            let (mw, mh, mc, m) = samples(doc, mask, allowance)?;
            if (mw, mh) != (w, h) {
                return Err(RenderError::Image("a soft mask of another size".into()));
            }
            Some(if mc == 1 { m } else { m.chunks(mc).map(|p| p[0]).collect() })
        }
        Err(_) => None,
    };
    let corners = [state.ctm.apply(0.0, 0.0), state.ctm.apply(1.0, 1.0)];
    let at = Area {
        x0: corners[0].x.min(corners[1].x),
        y0: corners[0].y.min(corners[1].y),
        x1: corners[0].x.max(corners[1].x),
        y1: corners[0].y.max(corners[1].y),
    };
    canvas.image((w, h), &rgb, alpha.as_deref(), at, state.clip, work)
}

/// An image stream's size, channels (1 gray, 3 RGB) and samples: at most
/// [`limits::MAX_IMAGE_SIDE`] pixels a side, its samples decompressed to exactly the
/// bytes its size takes.
fn samples(doc: &Document, stream: &lopdf::Stream, allowance: &Allowance) -> Result<(usize, usize, usize, Vec<u8>), RenderError> {
    let get = |k: &[u8]| -> Result<u64, RenderError> {
        match stream.dict.get(k).ok().and_then(number) {
            Some(v) if v >= 0.0 && v.fract() == 0.0 => Ok(v.min(u64::MAX as f64) as u64),
            Some(v) => Err(RenderError::Image(format!("/{} {v}", String::from_utf8_lossy(k)))),
            None => Ok(0),
        }
    };
    let (w, h, bits) = (get(b"Width")?, get(b"Height")?, get(b"BitsPerComponent")?);
    if bits != 8 {
        return Err(RenderError::Image(format!("{bits} bits per component")));
    }
    if w > limits::MAX_IMAGE_SIDE as u64 || h > limits::MAX_IMAGE_SIDE as u64 {
        return Err(RenderError::Limit(Limit::Image(w, h)));
    }
    let space = match stream.dict.get(b"ColorSpace").map(|o| resolve(doc, o)) {
        Ok(Ok(Object::Name(n))) => n.clone(),
        Ok(Ok(Object::Array(a))) => a.first().and_then(|o| o.as_name().ok()).unwrap_or_default().to_vec(),
        _ => b"DeviceGray".to_vec(),
    };
    let channels = match space.as_slice() {
        b"DeviceRGB" => 3,
        b"DeviceGray" => 1,
        other => return Err(RenderError::Image(format!("colour space {}", String::from_utf8_lossy(other)))),
    };
    let (w, h) = (w as usize, h as usize);
    let bytes = w.checked_mul(h).and_then(|n| n.checked_mul(channels)).ok_or(RenderError::Limit(Limit::Image(w as u64, h as u64)))?;
    let mut data = allowance.inflate(stream, "an image", bytes)?;
    if data.len() < bytes {
        return Err(RenderError::Image(format!("{} bytes of samples for {w} x {h} pixels", data.len())));
    }
    data.truncate(bytes);
    Ok((w, h, channels, data))
}
