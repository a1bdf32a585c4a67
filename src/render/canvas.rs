//! An RGB canvas and the two ways things land on it: a filled path (anti-aliased by
//! exact signed-area coverage, the nonzero rule for paths whose parts run the same way,
//! as rectangles, TrueType outlines and strokes' outlines do, or the even-odd rule)
//! and an image. Each counts what it will
//! touch against the page's budget before it touches it.

use super::RenderError;
use super::limits::Work;

/// A point in device pixels, y down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Px {
    pub x: f32,
    pub y: f32,
}

/// A rectangle in device pixels: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Area {
    pub fn intersect(self, o: Area) -> Area {
        Area { x0: self.x0.max(o.x0), y0: self.y0.max(o.y0), x1: self.x1.min(o.x1), y1: self.y1.min(o.y1) }
    }

    fn is_empty(&self) -> bool {
        self.x1 <= self.x0 || self.y1 <= self.y0
    }
}

/// A page's pixels, 8-bit RGB, row-major, white to start with.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
}

impl Canvas {
    pub fn new(width: usize, height: usize) -> Canvas {
        Canvas { width, height, rgb: vec![255; width * height * 3] }
    }

    pub fn bounds(&self) -> Area {
        Area { x0: 0.0, y0: 0.0, x1: self.width as f32, y1: self.height as f32 }
    }

    /// Paint `color` over pixel `i` at coverage `a` (0..1).
    fn blend(&mut self, i: usize, color: [u8; 3], a: f32) {
        let px = &mut self.rgb[i * 3..i * 3 + 3];
        for (d, s) in px.iter_mut().zip(color) {
            *d = (*d as f32 + (s as f32 - *d as f32) * a).round() as u8;
        }
    }

    /// Fill the closed polygons `contours` (device pixels) with `color`, inside `clip`,
    /// by the nonzero rule.
    pub fn fill(&mut self, contours: &[Vec<Px>], color: [u8; 3], clip: Area, work: &mut Work) -> Result<(), RenderError> {
        self.fill_by(contours, color, clip, false, work)
    }

    /// Fill as [`Canvas::fill`], by the even-odd rule when `even_odd`: the winding
    /// number's parity decides, and a pixel's signed area, folded the same way, its
    /// coverage (exact where at most one edge crosses it).
    pub fn fill_by(
        &mut self,
        contours: &[Vec<Px>],
        color: [u8; 3],
        clip: Area,
        even_odd: bool,
        work: &mut Work,
    ) -> Result<(), RenderError> {
        let mut bbox = Area { x0: f32::MAX, y0: f32::MAX, x1: f32::MIN, y1: f32::MIN };
        for p in contours.iter().flatten() {
            bbox = Area { x0: bbox.x0.min(p.x), y0: bbox.y0.min(p.y), x1: bbox.x1.max(p.x), y1: bbox.y1.max(p.y) };
        }
        let area = bbox.intersect(clip).intersect(self.bounds());
        if area.is_empty() {
            return Ok(());
        }
        let (ox, oy) = (area.x0.floor(), area.y0.floor());
        let w = (area.x1.ceil() - ox) as usize;
        let h = (area.y1.ceil() - oy) as usize;
        work.pixels((w * h) as u64)?;
        let mut acc = Accumulator { w, h, a: vec![0.0; (w + 2) * h] };
        for contour in contours {
            for (i, p) in contour.iter().enumerate() {
                let q = contour[(i + 1) % contour.len()];
                acc.line(Px { x: p.x - ox, y: p.y - oy }, Px { x: q.x - ox, y: q.y - oy }, work)?;
            }
        }
        for row in 0..h {
            let mut sum = 0.0;
            for col in 0..w {
                sum += acc.a[row * (w + 2) + col];
                let cover = if even_odd {
                    let t = sum.abs() % 2.0;
                    if t > 1.0 { 2.0 - t } else { t }
                } else {
                    sum.abs().min(1.0)
                };
                if cover > 1.0 / 512.0 {
                    let (x, y) = (ox as usize + col, oy as usize + row);
                    self.blend(y * self.width + x, color, cover);
                }
            }
        }
        Ok(())
    }

    /// Draw an image (`w` x `h` RGB pixels, with an optional alpha per pixel) into
    /// `at`, sampling the nearest source pixel, inside `clip`.
    pub fn image(
        &mut self,
        (w, h): (usize, usize),
        rgb: &[u8],
        alpha: Option<&[u8]>,
        at: Area,
        clip: Area,
        work: &mut Work,
    ) -> Result<(), RenderError> {
        let area = at.intersect(clip).intersect(self.bounds());
        if area.is_empty() || w == 0 || h == 0 {
            return Ok(());
        }
        let (xs, ys) = (area.x0.floor() as usize..area.x1.ceil() as usize, area.y0.floor() as usize..area.y1.ceil() as usize);
        work.pixels((xs.len() * ys.len()) as u64)?;
        for y in ys {
            for x in xs.clone() {
                let sx = (((x as f32 + 0.5 - at.x0) / (at.x1 - at.x0)) * w as f32).clamp(0.0, w as f32 - 1.0) as usize;
                let sy = (((y as f32 + 0.5 - at.y0) / (at.y1 - at.y0)) * h as f32).clamp(0.0, h as f32 - 1.0) as usize;
                let s = sy * w + sx;
                let a = alpha.map_or(1.0, |a| a[s] as f32 / 255.0);
                self.blend(y * self.width + x, [rgb[s * 3], rgb[s * 3 + 1], rgb[s * 3 + 2]], a);
            }
        }
        Ok(())
    }
}

/// Signed area per pixel of a path's edges; summed along a row it is the coverage
/// (the accumulation rasterizer of font-rs, Raph Levien). `a` has two spare columns.
struct Accumulator {
    w: usize,
    h: usize,
    a: Vec<f32>,
}

impl Accumulator {
    /// Add the edge from `p0` to `p1`, its rows (at least one) counted in `work` first.
    fn line(&mut self, p0: Px, p1: Px, work: &mut Work) -> Result<(), RenderError> {
        if (p0.y - p1.y).abs() <= f32::EPSILON {
            return work.pixels(1);
        }
        let (dir, p0, p1) = if p0.y < p1.y { (1.0, p0, p1) } else { (-1.0, p1, p0) };
        // Left of the area, an edge still counts for every pixel at its right.
        let clamp = |x: f32| x.clamp(0.0, self.w as f32);
        let dxdy = (p1.x - p0.x) / (p1.y - p0.y);
        let mut x = p0.x;
        if p0.y < 0.0 {
            x -= p0.y * dxdy;
        }
        let stride = self.w + 2;
        let first = p0.y.max(0.0) as usize;
        let last = (p1.y.ceil().max(0.0) as usize).min(self.h);
        work.pixels(last.saturating_sub(first).max(1) as u64)?;
        for y in first..last {
            let row = y * stride;
            let dy = ((y + 1) as f32).min(p1.y) - (y as f32).max(p0.y);
            let xnext = x + dxdy * dy;
            let d = dy * dir;
            let (x0, x1) = if x < xnext { (clamp(x), clamp(xnext)) } else { (clamp(xnext), clamp(x)) };
            let x0floor = x0.floor();
            let x0i = x0floor as usize;
            let x1ceil = x1.ceil();
            let x1i = x1ceil as usize;
            if x1i <= x0i + 1 {
                let xmf = 0.5 * (x0 + x1) - x0floor;
                self.a[row + x0i] += d - d * xmf;
                self.a[row + x0i + 1] += d * xmf;
            } else {
                let s = (x1 - x0).recip();
                let x0f = x0 - x0floor;
                let a0 = 0.5 * s * (1.0 - x0f) * (1.0 - x0f);
                let x1f = x1 - x1ceil + 1.0;
                let am = 0.5 * s * x1f * x1f;
                self.a[row + x0i] += d * a0;
                if x1i == x0i + 2 {
                    self.a[row + x0i + 1] += d * (1.0 - a0 - am);
                } else {
                    let a1 = s * (1.5 - x0f);
                    self.a[row + x0i + 1] += d * (a1 - a0);
                    for xi in x0i + 2..x1i - 1 {
                        self.a[row + xi] += d * s;
                    }
                    let a2 = a1 + (x1i - x0i - 3) as f32 * s;
                    self.a[row + x1i - 1] += d * (1.0 - a2 - am);
                }
                self.a[row + x1i] += d * am;
            }
            x = xnext;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work() -> Work {
        Work::new(1 << 20, u64::MAX)
    }

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<Px> {
        vec![Px { x: x0, y: y0 }, Px { x: x1, y: y0 }, Px { x: x1, y: y1 }, Px { x: x0, y: y1 }]
    }

    #[test]
    fn a_rectangle_covers_its_pixels_exactly_and_halves_at_half_pixel_edges() {
        let mut c = Canvas::new(10, 10);
        c.fill(&[rect(2.0, 2.0, 5.5, 4.0)], [0, 0, 0], c.bounds(), &mut work()).unwrap();
        let at = |x: usize, y: usize| c.rgb[(y * 10 + x) * 3];
        assert_eq!((at(2, 2), at(4, 3)), (0, 0));
        assert_eq!(at(5, 3), 128, "half covered");
        assert_eq!((at(1, 2), at(6, 3), at(2, 4)), (255, 255, 255));
    }

    #[test]
    fn rectangles_that_share_an_edge_leave_no_seam_and_overlaps_do_not_double() {
        let mut c = Canvas::new(10, 4);
        // Two abutting at x = 4.5, and a third over the first.
        c.fill(&[rect(1.0, 0.0, 4.5, 4.0), rect(4.5, 0.0, 8.0, 4.0), rect(1.0, 0.0, 3.0, 4.0)], [0, 0, 0], c.bounds(), &mut work())
            .unwrap();
        for x in 1..8 {
            assert_eq!(c.rgb[(10 + x) * 3], 0, "pixel {x}");
        }
    }

    #[test]
    fn a_clip_and_the_canvas_edge_bound_a_fill() {
        let mut c = Canvas::new(8, 8);
        let clip = Area { x0: 0.0, y0: 0.0, x1: 4.0, y1: 8.0 };
        c.fill(&[rect(-5.0, -5.0, 20.0, 20.0)], [10, 20, 30], clip, &mut work()).unwrap();
        assert_eq!(&c.rgb[..3], &[10, 20, 30]);
        assert_eq!(&c.rgb[(8 * 7 + 3) * 3..(8 * 7 + 3) * 3 + 3], &[10, 20, 30]);
        assert_eq!(&c.rgb[(8 * 7 + 4) * 3..(8 * 7 + 4) * 3 + 3], &[255, 255, 255]);
    }

    #[test]
    fn a_fill_past_the_budget_is_refused_before_it_is_drawn() {
        let mut c = Canvas::new(100, 100);
        let mut work = Work { operations: 0, pixels: 0, budget: 50, document: false };
        let err = c.fill(&[rect(0.0, 0.0, 100.0, 100.0)], [0, 0, 0], c.bounds(), &mut work).unwrap_err();
        assert_eq!(err, RenderError::Limit(crate::render::Limit::Work(50)));
        assert!(c.rgb.iter().all(|&v| v == 255), "nothing drawn");
        let mut work = Work { operations: 0, pixels: 0, budget: 50, document: false };
        assert!(c.image((1, 1), &[0, 0, 0], None, c.bounds(), c.bounds(), &mut work).is_err());
    }
}
