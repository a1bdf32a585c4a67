//! The PDF side of the renderer: a page's content stream read operator by operator
//! (the operators awareprint's writer uses: paths of rectangles, `k` and separation
//! colours, clipping rectangles, TrueType text in Type0 fonts, images), each shape
//! handed to the canvas. Anything else is an error, not a guess: a preview that
//! silently leaves something out would show a page that does not print.

use super::RenderError;
use super::canvas::{Area, Canvas, Px};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// An affine transform `[a b c d e f]`, as PDF writes them.
#[derive(Clone, Copy, Debug)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `then`.
    fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2])
    }

    fn apply(self, x: f64, y: f64) -> Px {
        let [a, b, c, d, e, f] = self.0;
        Px { x: (a * x + c * y + e) as f32, y: (b * x + d * y + f) as f32 }
    }
}

/// A font of the page: its TrueType program and its glyph widths (1/1000 em).
struct Font {
    program: Vec<u8>,
    widths: HashMap<u16, f64>,
    default_width: f64,
}

#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    fill: [u8; 3],
    clip: Area,
}

/// Draw page `page` of `doc` onto `canvas`; `device` maps PDF points to its pixels.
pub fn draw(doc: &Document, page: ObjectId, device: [f64; 6], canvas: &mut Canvas) -> Result<(), RenderError> {
    let content = doc.get_page_content(page);
    let ops = Content::decode(&content).map_err(|e| RenderError::Content(e.to_string()))?.operations;
    let (inline, ids) = doc.get_page_resources(page).map_err(|e| RenderError::Content(e.to_string()))?;
    let resources = match (inline, ids.first()) {
        (Some(d), _) => d,
        (None, Some(id)) => doc.get_dictionary(*id).map_err(|e| RenderError::Content(e.to_string()))?,
        (None, None) => return Err(RenderError::Content("a page without resources".into())),
    };
    let mut fonts: HashMap<Vec<u8>, Font> = HashMap::new();
    let mut state = State { ctm: Matrix(device), fill: [0, 0, 0], clip: canvas.bounds() };
    let mut stack = Vec::new();
    let mut path: Vec<Vec<Px>> = Vec::new();
    let mut pending_clip = false;
    // Text state.
    let (mut font, mut size, mut tm) = (None::<Vec<u8>>, 0.0, Matrix::IDENTITY);
    for op in &ops {
        let n: Vec<f64> = op.operands.iter().filter_map(number).collect();
        let want =
            |k: usize| if n.len() >= k { Ok(()) } else { Err(RenderError::Content(format!("`{}` with too few operands", op.operator))) };
        match op.operator.as_str() {
            "q" => stack.push(state),
            "Q" => state = stack.pop().ok_or_else(|| RenderError::Content("`Q` without `q`".into()))?,
            "cm" => {
                want(6)?;
                state.ctm = Matrix([n[0], n[1], n[2], n[3], n[4], n[5]]).then(state.ctm);
            }
            "re" => {
                want(4)?;
                let (x, y, w, h) = (n[0], n[1], n[2], n[3]);
                let m = state.ctm;
                path.push(vec![m.apply(x, y), m.apply(x + w, y), m.apply(x + w, y + h), m.apply(x, y + h)]);
            }
            "f" | "F" | "f*" => {
                canvas.fill(&snapped(&path), state.fill, state.clip);
                path.clear();
            }
            "W" => pending_clip = true,
            "n" => {
                if pending_clip {
                    state.clip = state.clip.intersect(bounds(&path));
                }
                pending_clip = false;
                path.clear();
            }
            "k" => {
                want(4)?;
                state.fill = cmyk_to_rgb(n[0], n[1], n[2], n[3]);
            }
            "g" => {
                want(1)?;
                let v = (n[0].clamp(0.0, 1.0) * 255.0).round() as u8;
                state.fill = [v, v, v];
            }
            // The registration colour (`/Separation /All`) at full strength: black.
            "cs" => state.fill = [0, 0, 0],
            "scn" | "sc" => {
                let tint = n.first().copied().unwrap_or(1.0).clamp(0.0, 1.0);
                let v = ((1.0 - tint) * 255.0).round() as u8;
                state.fill = [v, v, v];
            }
            "BT" => tm = Matrix::IDENTITY,
            "ET" | "BDC" | "BMC" | "EMC" | "MP" | "DP" => {}
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec);
                size = n.first().copied().unwrap_or(0.0);
                if let Some(name) = &name
                    && !fonts.contains_key(name)
                {
                    fonts.insert(name.clone(), load_font(doc, resources, name)?);
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
                let face = ttf_parser::Face::parse(&f.program, 0).map_err(|e| RenderError::Font(e.to_string()))?;
                let parts: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => op.operands.first().and_then(|o| o.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default(),
                    _ => op.operands.iter().collect(),
                };
                for part in parts {
                    match part {
                        Object::String(bytes, _) => {
                            for code in bytes.chunks(2).filter(|c| c.len() == 2) {
                                let gid = u16::from_be_bytes([code[0], code[1]]);
                                glyph(canvas, &face, gid, Matrix([size, 0.0, 0.0, size, 0.0, 0.0]).then(tm).then(state.ctm), state);
                                let advance = f.widths.get(&gid).copied().unwrap_or(f.default_width) / 1000.0 * size;
                                tm = Matrix([1.0, 0.0, 0.0, 1.0, advance, 0.0]).then(tm);
                            }
                        }
                        other => {
                            let shift = number(other).unwrap_or(0.0) / 1000.0 * size;
                            tm = Matrix([1.0, 0.0, 0.0, 1.0, -shift, 0.0]).then(tm);
                        }
                    }
                }
            }
            "Do" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or_default();
                image(doc, resources, name, state, canvas)?;
            }
            other => return Err(RenderError::Operator(other.to_string())),
        }
    }
    Ok(())
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

fn number(o: &Object) -> Option<f64> {
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

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Result<&'a Object, RenderError> {
    match o {
        Object::Reference(id) => doc.get_object(*id).map_err(|e| RenderError::Content(e.to_string())),
        other => Ok(other),
    }
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Result<&'a Dictionary, RenderError> {
    let o = d.get(key).map_err(|_| RenderError::Content(format!("no /{}", String::from_utf8_lossy(key))))?;
    resolve(doc, o)?.as_dict().map_err(|e| RenderError::Content(e.to_string()))
}

/// A Type0 font with a CIDFontType2 descendant (Identity-H, CIDToGIDMap Identity).
fn load_font(doc: &Document, resources: &Dictionary, name: &[u8]) -> Result<Font, RenderError> {
    let font = dict(doc, dict(doc, resources, b"Font")?, name)?;
    let descendants = resolve(doc, font.get(b"DescendantFonts").map_err(|_| RenderError::Font("not a Type0 font".into()))?)?;
    let cid = resolve(doc, descendants.as_array().ok().and_then(|a| a.first()).ok_or_else(|| RenderError::Font("no descendant".into()))?)?
        .as_dict()
        .map_err(|e| RenderError::Font(e.to_string()))?;
    if cid.get(b"CIDToGIDMap").ok().and_then(|o| o.as_name().ok()) != Some(b"Identity".as_slice()) {
        return Err(RenderError::Font("only CIDToGIDMap /Identity is read".into()));
    }
    let descriptor = dict(doc, cid, b"FontDescriptor")?;
    let file = resolve(doc, descriptor.get(b"FontFile2").map_err(|_| RenderError::Font("no embedded TrueType program".into()))?)?;
    let program = file
        .as_stream()
        .and_then(|s| s.decompressed_content().or_else(|_| Ok(s.content.clone())))
        .map_err(|e| RenderError::Font(e.to_string()))?;
    let default_width = cid.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
    let mut widths = HashMap::new();
    if let Ok(w) = cid.get(b"W").and_then(|o| resolve(doc, o).map_err(|_| lopdf::Error::ObjectNotFound((0, 0)))).and_then(Object::as_array)
    {
        let mut i = 0;
        while i < w.len() {
            let first = number(&w[i]).unwrap_or(0.0) as u16;
            match w.get(i + 1) {
                Some(Object::Array(list)) => {
                    for (k, v) in list.iter().enumerate() {
                        widths.insert(first + k as u16, number(v).unwrap_or(default_width));
                    }
                    i += 2;
                }
                Some(last) => {
                    let (last, width) = (number(last).unwrap_or(0.0) as u16, w.get(i + 2).and_then(number).unwrap_or(default_width));
                    for g in first..=last {
                        widths.insert(g, width);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }
    Ok(Font { program, widths, default_width })
}

/// A glyph's outline, from font units through text space (`m`) to the device.
fn glyph(canvas: &mut Canvas, face: &ttf_parser::Face, gid: u16, m: Matrix, state: State) {
    let upm = face.units_per_em() as f64;
    let m = Matrix([1.0 / upm, 0.0, 0.0, 1.0 / upm, 0.0, 0.0]).then(m);
    let mut outline = Outline { m, contours: Vec::new(), at: (0.0, 0.0) };
    if face.outline_glyph(ttf_parser::GlyphId(gid), &mut outline).is_some() {
        canvas.fill(&outline.contours, state.fill, state.clip);
    }
}

/// A glyph outline as polygons in device pixels, quadratic and cubic curves flattened.
struct Outline {
    m: Matrix,
    contours: Vec<Vec<Px>>,
    at: (f64, f64),
}

impl Outline {
    fn point(&mut self, x: f64, y: f64) {
        let p = self.m.apply(x, y);
        if let Some(c) = self.contours.last_mut() {
            c.push(p);
        }
        self.at = (x, y);
    }

    /// Segments for a curve: about one per 2 device pixels of its control polygon.
    fn steps(&self, pts: &[(f64, f64)]) -> usize {
        let mut len = 0.0;
        let mut prev = self.m.apply(self.at.0, self.at.1);
        for &(x, y) in pts {
            let p = self.m.apply(x, y);
            len += ((p.x - prev.x).powi(2) + (p.y - prev.y).powi(2)).sqrt();
            prev = p;
        }
        ((len / 2.0).ceil() as usize).clamp(1, 64)
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.contours.push(Vec::new());
        self.point(x as f64, y as f64);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.point(x as f64, y as f64);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.at;
        let (x1, y1, x, y) = (x1 as f64, y1 as f64, x as f64, y as f64);
        let n = self.steps(&[(x1, y1), (x, y)]);
        for i in 1..=n {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            self.point(u * u * x0 + 2.0 * u * t * x1 + t * t * x, u * u * y0 + 2.0 * u * t * y1 + t * t * y);
        }
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x0, y0) = self.at;
        let (x1, y1, x2, y2, x, y) = (x1 as f64, y1 as f64, x2 as f64, y2 as f64, x as f64, y as f64);
        let n = self.steps(&[(x1, y1), (x2, y2), (x, y)]);
        for i in 1..=n {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.point(a * x0 + b * x1 + c * x2 + d * x, a * y0 + b * y1 + c * y2 + d * y);
        }
    }

    fn close(&mut self) {}
}

/// An image XObject: 8-bit DeviceRGB or DeviceGray, with an optional soft mask, drawn
/// into the unit square the current matrix maps.
fn image(doc: &Document, resources: &Dictionary, name: &[u8], state: State, canvas: &mut Canvas) -> Result<(), RenderError> {
    let xobject = resolve(doc, dict(doc, resources, b"XObject")?.get(name).map_err(|_| RenderError::Image("unknown XObject".into()))?)?;
    let stream = xobject.as_stream().map_err(|e| RenderError::Image(e.to_string()))?;
    let (w, h, rgb) = samples(doc, stream)?;
    let alpha = match stream.dict.get(b"SMask") {
        Ok(o) => {
            let mask = resolve(doc, o)?.as_stream().map_err(|e| RenderError::Image(e.to_string()))?;
            let (mw, mh, m) = samples(doc, mask)?;
            if (mw, mh) != (w, h) {
                return Err(RenderError::Image("a soft mask of another size".into()));
            }
            Some(m.chunks(3).map(|p| p[0]).collect::<Vec<u8>>())
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
    canvas.image((w, h), &rgb, alpha.as_deref(), at, state.clip);
    Ok(())
}

/// An image stream's pixels as RGB (gray expanded).
fn samples(doc: &Document, stream: &lopdf::Stream) -> Result<(usize, usize, Vec<u8>), RenderError> {
    let get = |k: &[u8]| stream.dict.get(k).ok().and_then(number).unwrap_or(0.0) as usize;
    let (w, h, bits) = (get(b"Width"), get(b"Height"), get(b"BitsPerComponent"));
    if bits != 8 {
        return Err(RenderError::Image(format!("{bits} bits per component")));
    }
    let space = match stream.dict.get(b"ColorSpace").map(|o| resolve(doc, o)) {
        Ok(Ok(Object::Name(n))) => n.clone(),
        Ok(Ok(Object::Array(a))) => a.first().and_then(|o| o.as_name().ok()).unwrap_or_default().to_vec(),
        _ => b"DeviceGray".to_vec(),
    };
    let data = stream.decompressed_content().map_err(|e| RenderError::Image(e.to_string()))?;
    let rgb = match space.as_slice() {
        b"DeviceRGB" if data.len() >= w * h * 3 => data[..w * h * 3].to_vec(),
        b"DeviceGray" if data.len() >= w * h => data[..w * h].iter().flat_map(|&v| [v, v, v]).collect(),
        other => return Err(RenderError::Image(format!("colour space {} ({} bytes)", String::from_utf8_lossy(other), data.len()))),
    };
    Ok((w, h, rgb))
}
