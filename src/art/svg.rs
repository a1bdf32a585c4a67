//! The little of SVG that the pictograms use, read exactly: path data (every
//! command, absolute and relative; quadratic curves raised to cubics, arcs turned
//! into cubics of at most a quarter turn), `circle` and `rect` elements, and the
//! root's view box and stroke attributes. Anything else is an error: an icon that
//! drew something this reader skipped would print wrong.

use crate::frame::{Cap, Join};

/// A segment in the SVG's user units (y down, as the page).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    Move(f64, f64),
    Line(f64, f64),
    Cubic([f64; 6]),
    Close,
}

/// An icon as drawn: its view box, its stroke and its segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Icon {
    /// x, y, width, height.
    pub view: [f64; 4],
    pub stroke_width: f64,
    pub cap: Cap,
    pub join: Join,
    pub segs: Vec<Seg>,
}

/// Path data (`d`) as segments.
pub fn path_data(d: &str) -> Result<Vec<Seg>, String> {
    let mut p = Parser { s: d.as_bytes(), i: 0 };
    let mut out = Vec::new();
    let (mut cur, mut start) = ((0.0, 0.0), (0.0, 0.0));
    // The last curve's second control point, for S (cubic) and T (quadratic).
    let mut last_cubic: Option<(f64, f64)> = None;
    let mut last_quad: Option<(f64, f64)> = None;
    let mut cmd: Option<u8> = None;
    loop {
        p.skip_ws();
        if p.i >= p.s.len() {
            break;
        }
        if p.s[p.i].is_ascii_alphabetic() {
            cmd = Some(p.s[p.i]);
            p.i += 1;
        }
        // Numbers without a command before them (or after a Z) are an error.
        let Some(c) = cmd else { return Err(p.error("a command")) };
        let rel = c.is_ascii_lowercase();
        let (ox, oy) = if rel { cur } else { (0.0, 0.0) };
        let (mut new_cubic, mut new_quad) = (None, None);
        match c.to_ascii_uppercase() {
            b'M' => {
                let (x, y) = (p.number()? + ox, p.number()? + oy);
                out.push(Seg::Move(x, y));
                cur = (x, y);
                start = cur;
                // Pairs after a moveto are linetos.
                cmd = Some(if rel { b'l' } else { b'L' });
            }
            b'L' => {
                cur = (p.number()? + ox, p.number()? + oy);
                out.push(Seg::Line(cur.0, cur.1));
            }
            b'H' => {
                cur.0 = p.number()? + ox;
                out.push(Seg::Line(cur.0, cur.1));
            }
            b'V' => {
                cur.1 = p.number()? + oy;
                out.push(Seg::Line(cur.0, cur.1));
            }
            b'C' | b'S' => {
                let c1 = if c.eq_ignore_ascii_case(&b'C') {
                    (p.number()? + ox, p.number()? + oy)
                } else {
                    // The reflection of the last cubic's second control point.
                    last_cubic.map_or(cur, |(x, y)| (2.0 * cur.0 - x, 2.0 * cur.1 - y))
                };
                let c2 = (p.number()? + ox, p.number()? + oy);
                let end = (p.number()? + ox, p.number()? + oy);
                out.push(Seg::Cubic([c1.0, c1.1, c2.0, c2.1, end.0, end.1]));
                new_cubic = Some(c2);
                cur = end;
            }
            b'Q' | b'T' => {
                let q = if c.eq_ignore_ascii_case(&b'Q') {
                    (p.number()? + ox, p.number()? + oy)
                } else {
                    last_quad.map_or(cur, |(x, y)| (2.0 * cur.0 - x, 2.0 * cur.1 - y))
                };
                let end = (p.number()? + ox, p.number()? + oy);
                // A quadratic is the cubic with its control points 2/3 of the way to q.
                let c1 = (cur.0 + 2.0 / 3.0 * (q.0 - cur.0), cur.1 + 2.0 / 3.0 * (q.1 - cur.1));
                let c2 = (end.0 + 2.0 / 3.0 * (q.0 - end.0), end.1 + 2.0 / 3.0 * (q.1 - end.1));
                out.push(Seg::Cubic([c1.0, c1.1, c2.0, c2.1, end.0, end.1]));
                new_quad = Some(q);
                cur = end;
            }
            b'A' => {
                let (rx, ry, rot) = (p.number()?, p.number()?, p.number()?);
                let (large, sweep) = (p.flag()?, p.flag()?);
                let end = (p.number()? + ox, p.number()? + oy);
                arc(&mut out, cur, (rx, ry), rot, large, sweep, end);
                cur = end;
            }
            b'Z' => {
                out.push(Seg::Close);
                cur = start;
                // Z takes no numbers: another command must follow.
                cmd = None;
            }
            _ => return Err(format!("path command `{}` at byte {}", c as char, p.i - 1)),
        }
        last_cubic = new_cubic;
        last_quad = new_quad;
    }
    Ok(out)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        match self.s.get(self.i) {
            Some(c) => format!("expected {what} at byte {}, found `{}`", self.i, *c as char),
            None => format!("expected {what} at the end of the path data"),
        }
    }

    fn skip_ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i].is_ascii_whitespace() || self.s[self.i] == b',') {
            self.i += 1;
        }
    }

    /// A number: sign, digits, a point and digits, an exponent (`-.5`, `1e-3`; `.5.5`
    /// is two numbers).
    fn number(&mut self) -> Result<f64, String> {
        self.skip_ws();
        let start = self.i;
        let at = |i: usize| self.s.get(i).copied().unwrap_or(0);
        let mut i = self.i;
        if matches!(at(i), b'+' | b'-') {
            i += 1;
        }
        let digits = |mut i: usize| {
            while at(i).is_ascii_digit() {
                i += 1;
            }
            i
        };
        let int_end = digits(i);
        let mut end = int_end;
        if at(end) == b'.' {
            end = digits(end + 1);
        }
        if end == i || (end == i + 1 && at(i) == b'.') {
            return Err(self.error("a number"));
        }
        if matches!(at(end), b'e' | b'E') {
            let mut e = end + 1;
            if matches!(at(e), b'+' | b'-') {
                e += 1;
            }
            let e_end = digits(e);
            if e_end > e {
                end = e_end;
            }
        }
        self.i = end;
        let text = std::str::from_utf8(&self.s[start..end]).map_err(|e| e.to_string())?;
        text.parse::<f64>().map_err(|_| format!("`{text}` is not a number"))
    }

    /// An arc's flag: one `0` or `1`, which may touch what follows (`0022` is two
    /// flags and 22).
    fn flag(&mut self) -> Result<bool, String> {
        self.skip_ws();
        match self.s.get(self.i) {
            Some(b'0') => {
                self.i += 1;
                Ok(false)
            }
            Some(b'1') => {
                self.i += 1;
                Ok(true)
            }
            _ => Err(self.error("an arc flag (0 or 1)")),
        }
    }
}

/// An elliptical arc from `from` to `to` as cubics (SVG 1.1, appendix F.6: the
/// endpoint parameters to the centre's, radii scaled up when too small), each at most
/// a quarter turn, control points at 4/3 tan(t/4) of the radius.
fn arc(out: &mut Vec<Seg>, from: (f64, f64), (rx, ry): (f64, f64), rot_deg: f64, large: bool, sweep: bool, to: (f64, f64)) {
    let (mut rx, mut ry) = (rx.abs(), ry.abs());
    if from == to {
        return;
    }
    if rx == 0.0 || ry == 0.0 {
        out.push(Seg::Line(to.0, to.1));
        return;
    }
    let phi = rot_deg.to_radians();
    let (sin, cos) = phi.sin_cos();
    let (dx, dy) = ((from.0 - to.0) / 2.0, (from.1 - to.1) / 2.0);
    let (x1, y1) = (cos * dx + sin * dy, -sin * dx + cos * dy);
    let lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
    if lambda > 1.0 {
        rx *= lambda.sqrt();
        ry *= lambda.sqrt();
    }
    let num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
    let den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
    let mut k = (num / den).max(0.0).sqrt();
    if large == sweep {
        k = -k;
    }
    let (cx1, cy1) = (k * rx * y1 / ry, -k * ry * x1 / rx);
    let (cx, cy) = (cos * cx1 - sin * cy1 + (from.0 + to.0) / 2.0, sin * cx1 + cos * cy1 + (from.1 + to.1) / 2.0);
    let angle = |ux: f64, uy: f64, vx: f64, vy: f64| (ux * vy - uy * vx).atan2(ux * vx + uy * vy);
    let theta1 = angle(1.0, 0.0, (x1 - cx1) / rx, (y1 - cy1) / ry);
    let mut dtheta = angle((x1 - cx1) / rx, (y1 - cy1) / ry, (-x1 - cx1) / rx, (-y1 - cy1) / ry);
    if !sweep && dtheta > 0.0 {
        dtheta -= std::f64::consts::TAU;
    } else if sweep && dtheta < 0.0 {
        dtheta += std::f64::consts::TAU;
    }
    let n = (dtheta.abs() / std::f64::consts::FRAC_PI_2 - 1e-9).ceil().max(1.0) as usize;
    let step = dtheta / n as f64;
    let t = 4.0 / 3.0 * (step / 4.0).tan();
    // A point of the ellipse at angle a, and its derivative.
    let point = |a: f64| {
        let (s, c) = a.sin_cos();
        (cx + rx * c * cos - ry * s * sin, cy + rx * c * sin + ry * s * cos)
    };
    let deriv = |a: f64| {
        let (s, c) = a.sin_cos();
        (-rx * s * cos - ry * c * sin, -rx * s * sin + ry * c * cos)
    };
    for i in 0..n {
        let (a0, a1) = (theta1 + step * i as f64, theta1 + step * (i + 1) as f64);
        let (p0, p1) = (point(a0), if i + 1 == n { to } else { point(a1) });
        let (d0, d1) = (deriv(a0), deriv(a1));
        out.push(Seg::Cubic([p0.0 + t * d0.0, p0.1 + t * d0.1, p1.0 - t * d1.0, p1.1 - t * d1.1, p1.0, p1.1]));
    }
}

/// A whole icon file: an `svg` root with a view box, `fill="none"`,
/// `stroke="currentColor"` and its stroke's width, cap and join; inside it `path`,
/// `circle` and `rect` elements with no attributes but their geometry.
pub fn icon(svg: &str) -> Result<Icon, String> {
    let mut tags = Tags { s: svg, i: 0 };
    let (name, attrs, _) = tags.next()?.ok_or("no `svg` element")?;
    if name != "svg" {
        return Err(format!("the root is `{name}`, not `svg`"));
    }
    let mut icon = Icon { view: [0.0; 4], stroke_width: 1.0, cap: Cap::Butt, join: Join::Miter, segs: Vec::new() };
    let mut view = None;
    for (k, v) in &attrs {
        match (k.as_str(), v.as_str()) {
            ("xmlns", "http://www.w3.org/2000/svg") | ("class", _) | ("width", _) | ("height", _) => {}
            ("viewBox", v) => {
                let n: Vec<f64> = v
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("viewBox `{v}`"))?;
                let [x, y, w, h] = n[..] else { return Err(format!("viewBox `{v}`")) };
                view = Some([x, y, w, h]);
            }
            ("fill", "none") | ("stroke", "currentColor") => {}
            ("stroke-width", v) => icon.stroke_width = v.parse().map_err(|_| format!("stroke-width `{v}`"))?,
            ("stroke-linecap", "round") => icon.cap = Cap::Round,
            ("stroke-linecap", "butt") => icon.cap = Cap::Butt,
            ("stroke-linecap", "square") => icon.cap = Cap::Square,
            ("stroke-linejoin", "round") => icon.join = Join::Round,
            ("stroke-linejoin", "miter") => icon.join = Join::Miter,
            ("stroke-linejoin", "bevel") => icon.join = Join::Bevel,
            (k, v) => return Err(format!("`svg` attribute {k}=\"{v}\" is not one the pictograms may use")),
        }
    }
    icon.view = view.ok_or("the `svg` element has no viewBox")?;
    while let Some((name, attrs, closing)) = tags.next()? {
        if closing {
            if name == "svg" {
                return if tags.rest().trim().is_empty() { Ok(icon) } else { Err("content after `</svg>`".into()) };
            }
            return Err(format!("`</{name}>` without its start"));
        }
        let get = |k: &str| -> Result<f64, String> {
            let v = attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str()).ok_or_else(|| format!("`{name}` without {k}"))?;
            v.parse().map_err(|_| format!("`{name}` {k}=\"{v}\""))
        };
        let allowed: &[&str] = match name.as_str() {
            "path" => &["d"],
            "circle" => &["cx", "cy", "r"],
            "rect" => &["x", "y", "width", "height", "rx", "ry"],
            other => return Err(format!("element `{other}` is not one the pictograms may use")),
        };
        if let Some((k, _)) = attrs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(format!("`{name}` attribute {k} is not one the pictograms may use"));
        }
        match name.as_str() {
            "path" => {
                let d = &attrs.iter().find(|(k, _)| k == "d").ok_or("`path` without d")?.1;
                icon.segs.extend(path_data(d).map_err(|e| format!("path d: {e}"))?);
            }
            "circle" => {
                let (cx, cy, r) = (get("cx")?, get("cy")?, get("r")?);
                icon.segs.push(Seg::Move(cx + r, cy));
                arc(&mut icon.segs, (cx + r, cy), (r, r), 0.0, false, true, (cx - r, cy));
                arc(&mut icon.segs, (cx - r, cy), (r, r), 0.0, false, true, (cx + r, cy));
                icon.segs.push(Seg::Close);
            }
            _ => {
                let (x, y, w, h) = (get("x").unwrap_or(0.0), get("y").unwrap_or(0.0), get("width")?, get("height")?);
                // As SVG: a missing rx or ry takes the other's value, at most half the side.
                let (rx, ry) = (get("rx").ok(), get("ry").ok());
                let rx = rx.or(ry).unwrap_or(0.0).min(w / 2.0);
                let ry = ry.or(Some(rx)).unwrap_or(0.0).min(h / 2.0);
                let segs = &mut icon.segs;
                segs.push(Seg::Move(x + rx, y));
                segs.push(Seg::Line(x + w - rx, y));
                arc(segs, (x + w - rx, y), (rx, ry), 0.0, false, true, (x + w, y + ry));
                segs.push(Seg::Line(x + w, y + h - ry));
                arc(segs, (x + w, y + h - ry), (rx, ry), 0.0, false, true, (x + w - rx, y + h));
                segs.push(Seg::Line(x + rx, y + h));
                arc(segs, (x + rx, y + h), (rx, ry), 0.0, false, true, (x, y + h - ry));
                segs.push(Seg::Line(x, y + ry));
                arc(segs, (x, y + ry), (rx, ry), 0.0, false, true, (x + rx, y));
                segs.push(Seg::Close);
            }
        }
    }
    Err("no `</svg>`".into())
}

/// XML tags one by one, comments skipped: name, attributes, and whether it is a
/// closing tag. Text between tags must be white space.
struct Tags<'a> {
    s: &'a str,
    i: usize,
}

type Tag = (String, Vec<(String, String)>, bool);

impl<'a> Tags<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn next(&mut self) -> Result<Option<Tag>, String> {
        loop {
            let rest = self.rest();
            let Some(lt) = rest.find('<') else {
                return if rest.trim().is_empty() { Ok(None) } else { Err(format!("text `{}`", rest.trim())) };
            };
            if !rest[..lt].trim().is_empty() {
                return Err(format!("text `{}`", rest[..lt].trim()));
            }
            let rest = &rest[lt..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                let end = comment.find("-->").ok_or("a comment without its end")?;
                self.i += lt + 4 + end + 3;
                continue;
            }
            let gt = rest.find('>').ok_or("a tag without its end")?;
            let inner = &rest[1..gt];
            self.i += lt + gt + 1;
            if let Some(name) = inner.strip_prefix('/') {
                return Ok(Some((name.trim().to_string(), Vec::new(), true)));
            }
            let inner = inner.strip_suffix('/').unwrap_or(inner);
            let name_end = inner.find(|c: char| c.is_ascii_whitespace()).unwrap_or(inner.len());
            let (name, mut attrs_text) = (inner[..name_end].to_string(), inner[name_end..].trim_start());
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!("a tag `<{inner}>`"));
            }
            let mut attrs = Vec::new();
            while !attrs_text.is_empty() {
                let eq = attrs_text.find('=').ok_or_else(|| format!("attribute `{attrs_text}` without a value"))?;
                let key = attrs_text[..eq].trim().to_string();
                let value = attrs_text[eq + 1..].trim_start().strip_prefix('"').ok_or_else(|| format!("attribute {key} without quotes"))?;
                let end = value.find('"').ok_or_else(|| format!("attribute {key} without its closing quote"))?;
                if value[..end].contains('&') {
                    return Err(format!("attribute {key} with an entity"));
                }
                attrs.push((key, value[..end].to_string()));
                attrs_text = value[end + 1..].trim_start();
            }
            return Ok(Some((name, attrs, false)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[Seg], b: &[Seg]) -> bool {
        let v = |s: &Seg| match *s {
            Seg::Move(x, y) => (0, vec![x, y]),
            Seg::Line(x, y) => (1, vec![x, y]),
            Seg::Cubic(c) => (2, c.to_vec()),
            Seg::Close => (3, vec![]),
        };
        a.len() == b.len()
            && a.iter().zip(b).all(|(a, b)| {
                let ((ka, va), (kb, vb)) = (v(a), v(b));
                ka == kb && va.iter().zip(&vb).all(|(x, y)| (x - y).abs() < 1e-9)
            })
    }

    #[test]
    fn absolute_and_relative_lines_and_implicit_linetos() {
        use Seg::*;
        let got = path_data("M10 20 L30 40 l5-5 H50 h-10 V0 v2.5 z m1 1 2 2").unwrap();
        let want = [
            Move(10.0, 20.0),
            Line(30.0, 40.0),
            Line(35.0, 35.0),
            Line(50.0, 35.0),
            Line(40.0, 35.0),
            Line(40.0, 0.0),
            Line(40.0, 2.5),
            Close,
            // After z the current point is the subpath's start.
            Move(11.0, 21.0),
            Line(13.0, 23.0),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn numbers_touch_without_separators() {
        use Seg::*;
        assert_eq!(path_data("M.5.5l-.5-1e1").unwrap(), [Move(0.5, 0.5), Line(0.0, -9.5)]);
        assert_eq!(path_data("m1,2,3,4").unwrap(), [Move(1.0, 2.0), Line(4.0, 6.0)]);
    }

    #[test]
    fn smooth_cubics_reflect_the_last_control_point_and_quadratics_are_raised() {
        use Seg::*;
        let got = path_data("M0 0 C10 0 20 10 20 20 S30 40 40 40 s10 0 10 10").unwrap();
        let want = [
            Move(0.0, 0.0),
            Cubic([10.0, 0.0, 20.0, 10.0, 20.0, 20.0]),
            // Reflected: (2*20-20, 2*20-10).
            Cubic([20.0, 30.0, 30.0, 40.0, 40.0, 40.0]),
            Cubic([50.0, 40.0, 50.0, 40.0, 50.0, 50.0]),
        ];
        assert!(close(&got, &want), "{got:?}");
        // S with no cubic before it: its first control point is the current point.
        assert!(close(&path_data("M0 0 S10 10 20 0").unwrap(), &[Move(0.0, 0.0), Cubic([0.0, 0.0, 10.0, 10.0, 20.0, 0.0])]));
        // Q 30 0 to 30 30 from 0 0: controls at 2/3 of the way to (30, 0).
        let got = path_data("M0 0 Q30 0 30 30 T60 60 q0 30 30 30").unwrap();
        let want = [
            Move(0.0, 0.0),
            Cubic([20.0, 0.0, 30.0, 10.0, 30.0, 30.0]),
            // T reflects (30, 0) about (30, 30): (30, 60).
            Cubic([30.0, 50.0, 40.0, 60.0, 60.0, 60.0]),
            Cubic([60.0, 80.0, 70.0, 90.0, 90.0, 90.0]),
        ];
        assert!(close(&got, &want), "{got:?}");
    }

    #[test]
    fn arcs_become_quarter_circle_cubics() {
        use Seg::*;
        let k = 4.0 / 3.0 * (std::f64::consts::PI / 8.0).tan();
        // A quarter of a circle of radius 10 round (0, 0), from (10, 0) to (0, 10),
        // clockwise on screen (sweep 1): the known cubic with controls k r out.
        let got = path_data("M10 0 A10 10 0 0 1 0 10").unwrap();
        assert!(close(&got, &[Move(10.0, 0.0), Cubic([10.0, 10.0 * k, 10.0 * k, 10.0, 0.0, 10.0])]), "{got:?}");
        // A half turn, relative, flags touching the numbers: two quarters.
        let got = path_data("M0 0a10 10 0 0020 0").unwrap();
        let want = [
            Move(0.0, 0.0),
            Cubic([0.0, 10.0 * k, 10.0 - 10.0 * k, 10.0, 10.0, 10.0]),
            Cubic([10.0 + 10.0 * k, 10.0, 20.0, 10.0 * k, 20.0, 0.0]),
        ];
        assert!(close(&got, &want), "{got:?}");
        // Radii too small are scaled up to reach; a zero radius is a line.
        let got = path_data("M0 0 A1 1 0 0 1 20 0").unwrap();
        let Cubic(last) = got[got.len() - 1] else { panic!("a cubic") };
        assert!((last[4] - 20.0).abs() < 1e-9 && last[5].abs() < 1e-9);
        assert_eq!(path_data("M0 0 A0 5 0 0 1 20 0").unwrap(), [Move(0.0, 0.0), Line(20.0, 0.0)]);
    }

    #[test]
    fn broken_path_data_is_an_error_naming_where() {
        assert_eq!(path_data("10 10").unwrap_err(), "expected a command at byte 0, found `1`");
        assert_eq!(path_data("M10").unwrap_err(), "expected a number at the end of the path data");
        assert_eq!(path_data("M0 0 X1 1").unwrap_err(), "path command `X` at byte 5");
        assert_eq!(path_data("M0 0 A1 1 0 2 0 5 5").unwrap_err(), "expected an arc flag (0 or 1) at byte 12, found `2`");
        assert_eq!(path_data("M0 0 L.").unwrap_err(), "expected a number at byte 6, found `.`");
        assert_eq!(path_data("M0 0 z 5").unwrap_err(), "expected a command at byte 7, found `5`");
    }

    #[test]
    fn an_icon_file_and_what_it_may_not_hold() {
        let svg = r#"<!-- a comment -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
  <path d="M2 2h4" />
  <circle cx="12" cy="12" r="3" />
  <rect width="14" height="20" x="5" y="2" rx="2" ry="2" />
</svg>
"#;
        let icon = icon(svg).unwrap();
        assert_eq!((icon.view, icon.stroke_width, icon.cap, icon.join), ([0.0, 0.0, 24.0, 24.0], 2.0, Cap::Round, Join::Round));
        // The path (2), the circle (move, two half turns of two quarters, close), the
        // rectangle (move, 4 sides, 4 corners, close).
        assert_eq!(icon.segs.len(), 2 + 6 + 10);
        assert_eq!(icon.segs[2], Seg::Move(15.0, 12.0));
        let bad = |from: &str, to: &str| super::icon(&svg.replace(from, to)).unwrap_err();
        assert_eq!(bad("<path d=\"M2 2h4\" />", "<line x1=\"0\" />"), "element `line` is not one the pictograms may use");
        assert_eq!(bad("fill=\"none\"", "fill=\"red\""), "`svg` attribute fill=\"red\" is not one the pictograms may use");
        assert_eq!(bad("r=\"3\"", "r=\"3\" transform=\"x\""), "`circle` attribute transform is not one the pictograms may use");
        assert_eq!(bad("M2 2h4", "M2 2h"), "path d: expected a number at the end of the path data");
        assert_eq!(bad("</svg>", "</svg>x"), "content after `</svg>`");
        assert_eq!(bad(" viewBox=\"0 0 24 24\"", ""), "the `svg` element has no viewBox");
    }
}
