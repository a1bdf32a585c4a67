//! A stroke as polygons to fill: each segment of the flattened path a quadrilateral
//! its width wide, each join (miter, round, bevel) and each open end's cap (butt,
//! round, square) a polygon of its own, all turned the same way so that the canvas's
//! nonzero fill paints their union once.

use super::RenderError;
use super::canvas::Px;
use super::limits::{self, Limit};

/// A subpath in device pixels, flattened.
#[derive(Clone, Debug, Default)]
pub struct Sub {
    pub pts: Vec<Px>,
    pub closed: bool,
}

/// Line cap and join as PDF numbers them (`J`, `j`).
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Half the line width, in device pixels.
    pub half: f32,
    pub cap: u8,
    pub join: u8,
    pub miter_limit: f32,
}

/// The polygons whose union is the stroke of `subs`, at most
/// [`limits::MAX_STROKE_POINTS`] points together.
pub fn outline(subs: &[Sub], s: Style) -> Result<Vec<Vec<Px>>, RenderError> {
    let mut out = Outline { polys: Vec::new(), points: 0 };
    let r = s.half;
    for sub in subs {
        // Repeated points have no direction.
        let mut pts: Vec<Px> = Vec::with_capacity(sub.pts.len());
        for &p in &sub.pts {
            if pts.last().is_none_or(|q: &Px| (q.x - p.x).hypot(q.y - p.y) > 1e-4) {
                pts.push(p);
            }
        }
        if sub.closed && pts.len() > 2 && (pts[0].x - pts[pts.len() - 1].x).hypot(pts[0].y - pts[pts.len() - 1].y) <= 1e-4 {
            pts.pop();
        }
        if pts.len() == 1 {
            // A zero-length subpath: a round cap's dot, a square cap's square.
            match s.cap {
                1 => out.circle(pts[0], r)?,
                2 => {
                    let p = pts[0];
                    out.push(vec![px(p.x - r, p.y - r), px(p.x + r, p.y - r), px(p.x + r, p.y + r), px(p.x - r, p.y + r)])?
                }
                _ => {}
            }
            continue;
        }
        let n = pts.len();
        let closed = sub.closed && n > 2;
        let segs = if closed { n } else { n - 1 };
        for i in 0..segs {
            let (mut a, mut b) = (pts[i], pts[(i + 1) % n]);
            let d = unit(a, b);
            if !closed && s.cap == 2 {
                if i == 0 {
                    a = px(a.x - d.x * r, a.y - d.y * r);
                }
                if i == segs - 1 {
                    b = px(b.x + d.x * r, b.y + d.y * r);
                }
            }
            let nx = px(-d.y * r, d.x * r);
            out.push(vec![px(a.x + nx.x, a.y + nx.y), px(b.x + nx.x, b.y + nx.y), px(b.x - nx.x, b.y - nx.y), px(a.x - nx.x, a.y - nx.y)])?;
        }
        // Joins: at every inner vertex, and at every vertex of a closed subpath.
        let joins: Box<dyn Iterator<Item = usize>> = if closed { Box::new(0..n) } else { Box::new(1..n - 1) };
        for i in joins {
            let (prev, v, next) = (pts[(i + n - 1) % n], pts[i], pts[(i + 1) % n]);
            out.join(prev, v, next, s)?;
        }
        if !closed && s.cap == 1 {
            out.circle(pts[0], r)?;
            out.circle(pts[n - 1], r)?;
        }
    }
    Ok(out.polys)
}

fn px(x: f32, y: f32) -> Px {
    Px { x, y }
}

/// The unit vector from `a` to `b`.
fn unit(a: Px, b: Px) -> Px {
    let len = (b.x - a.x).hypot(b.y - a.y);
    px((b.x - a.x) / len, (b.y - a.y) / len)
}

struct Outline {
    polys: Vec<Vec<Px>>,
    points: usize,
}

impl Outline {
    /// Add a polygon, turned positively (the canvas adds coverage; two polygons turned
    /// opposite ways would cancel where they overlap).
    fn push(&mut self, mut poly: Vec<Px>) -> Result<(), RenderError> {
        self.points += poly.len();
        if self.points > limits::MAX_STROKE_POINTS {
            return Err(RenderError::Limit(Limit::Path(limits::MAX_STROKE_POINTS)));
        }
        let area: f32 = (0..poly.len())
            .map(|i| {
                let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
                p.x * q.y - q.x * p.y
            })
            .sum();
        if area < 0.0 {
            poly.reverse();
        }
        self.polys.push(poly);
        Ok(())
    }

    /// A disc of radius `r`, its edge within a tenth of a pixel of the circle.
    fn circle(&mut self, c: Px, r: f32) -> Result<(), RenderError> {
        // The sagitta of a step of angle t is r (1 - cos t/2), about r t^2 / 8.
        let steps = ((std::f32::consts::TAU / (0.8 / r.max(0.1)).sqrt()).ceil() as usize).clamp(8, 64);
        let poly = (0..steps)
            .map(|k| {
                let t = k as f32 / steps as f32 * std::f32::consts::TAU;
                px(c.x + r * t.cos(), c.y + r * t.sin())
            })
            .collect();
        self.push(poly)
    }

    /// The join at `v` between the segments from `prev` and to `next`.
    fn join(&mut self, prev: Px, v: Px, next: Px, s: Style) -> Result<(), RenderError> {
        let (d0, d1) = (unit(prev, v), unit(v, next));
        let cross = d0.x * d1.y - d0.y * d1.x;
        let dot = d0.x * d1.x + d0.y * d1.y;
        if cross.abs() < 1e-6 && dot > 0.0 {
            // Straight on: the segments' ends meet.
            return Ok(());
        }
        let r = s.half;
        // A round join whose arc lies within a tenth of a pixel of the bevel (a curve
        // flattened into short segments turns a little at each) is drawn as the bevel.
        let bulge = r * (1.0 - ((1.0 + dot) / 2.0).max(0.0).sqrt());
        match s.join {
            1 if bulge > 0.1 => self.circle(v, r),
            1 => self
                .push(vec![v, px(v.x - d0.y * r, v.y + d0.x * r), px(v.x - d1.y * r, v.y + d1.x * r)])
                .and_then(|_| self.push(vec![v, px(v.x + d0.y * r, v.y - d0.x * r), px(v.x + d1.y * r, v.y - d1.x * r)])),
            j => {
                // The outer side is where the path turns away from.
                let side = if cross > 0.0 { -1.0 } else { 1.0 };
                let a = px(v.x - d0.y * r * side, v.y + d0.x * r * side);
                let b = px(v.x - d1.y * r * side, v.y + d1.x * r * side);
                // The miter length over the width is 1 / sin(phi / 2), phi the angle
                // between the segments; cos(theta) = dot, theta = pi - phi.
                let sin_half_phi = ((1.0 - dot) / 2.0).max(0.0).sqrt();
                let sin_half_phi = (1.0 - sin_half_phi * sin_half_phi).max(0.0).sqrt();
                if j == 0 && sin_half_phi > 0.0 && 1.0 / sin_half_phi <= s.miter_limit {
                    let (mx, my) = ((a.x + b.x) / 2.0 - v.x, (a.y + b.y) / 2.0 - v.y);
                    let len = mx.hypot(my);
                    let reach = r / sin_half_phi;
                    let tip = if len > 0.0 { px(v.x + mx / len * reach, v.y + my / len * reach) } else { v };
                    self.push(vec![v, a, tip, b])
                } else {
                    self.push(vec![v, a, b])
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(half: f32, cap: u8, join: u8) -> Style {
        Style { half, cap, join, miter_limit: 10.0 }
    }

    fn line(pts: &[(f32, f32)], closed: bool) -> Vec<Sub> {
        vec![Sub { pts: pts.iter().map(|&(x, y)| px(x, y)).collect(), closed }]
    }

    fn bbox(polys: &[Vec<Px>]) -> (f32, f32, f32, f32) {
        let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in polys.iter().flatten() {
            b = (b.0.min(p.x), b.1.min(p.y), b.2.max(p.x), b.3.max(p.y));
        }
        b
    }

    #[test]
    fn butt_square_and_round_caps_end_where_they_should() {
        let l = line(&[(10.0, 10.0), (30.0, 10.0)], false);
        assert_eq!(bbox(&outline(&l, style(2.0, 0, 0)).unwrap()), (10.0, 8.0, 30.0, 12.0));
        assert_eq!(bbox(&outline(&l, style(2.0, 2, 0)).unwrap()), (8.0, 8.0, 32.0, 12.0));
        let (x0, y0, x1, y1) = bbox(&outline(&l, style(2.0, 1, 0)).unwrap());
        assert!((x0 - 8.0).abs() < 1e-3 && (x1 - 32.0).abs() < 1e-3 && (y0 - 8.0).abs() < 0.1 && (y1 - 12.0).abs() < 0.1);
    }

    #[test]
    fn a_right_angle_mitres_to_its_corner_and_bevels_past_the_limit() {
        let l = line(&[(0.0, 0.0), (20.0, 0.0), (20.0, 20.0)], false);
        // Mitred: the outer corner is at (22, -2).
        let (_, y0, x1, _) = bbox(&outline(&l, style(2.0, 0, 0)).unwrap());
        assert!((x1 - 22.0).abs() < 1e-4 && (y0 + 2.0).abs() < 1e-4, "{x1} {y0}");
        // A miter limit of 1.2 is under sqrt 2: bevelled, so no point reaches the corner.
        let polys = outline(&l, Style { miter_limit: 1.2, ..style(2.0, 0, 0) }).unwrap();
        assert!(!polys.iter().flatten().any(|p| (p.x - 22.0).abs() < 1e-3 && (p.y + 2.0).abs() < 1e-3));
        // Every polygon turns the same way.
        for p in &polys {
            let area: f32 = (0..p.len()).map(|i| p[i].x * p[(i + 1) % p.len()].y - p[(i + 1) % p.len()].x * p[i].y).sum();
            assert!(area >= 0.0);
        }
    }

    #[test]
    fn a_stroke_past_its_point_limit_is_refused() {
        let pts: Vec<(f32, f32)> = (0..limits::MAX_STROKE_POINTS).map(|i| (i as f32, (i % 2) as f32 * 10.0)).collect();
        let err = outline(&line(&pts, false), style(1.0, 1, 1)).unwrap_err();
        assert_eq!(err, RenderError::Limit(Limit::Path(limits::MAX_STROKE_POINTS)));
    }
}
