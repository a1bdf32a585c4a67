//! The one length type. Every length in the layout is an [`Abs`]; conversion to
//! PDF's points happens only in `pdf/`.

use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Units per point. The scale is English Metric Units: 1 pt = 12 700, 1 mm = 36 000,
/// 1 in = 914 400, so whole points, millimetres and inches are all exact integers.
const PER_PT: i64 = 12_700;
const PER_MM: i64 = 36_000;
const PER_IN: i64 = 914_400;

/// An absolute length (or coordinate), stored exactly as an integer count of EMU.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Abs(i64);

impl Abs {
    pub const ZERO: Abs = Abs(0);

    /// A length in points (1/72 in). Fractions are rounded to the nearest EMU.
    pub fn pt(pt: f64) -> Abs {
        Abs((pt * PER_PT as f64).round() as i64)
    }

    /// A whole number of points, for constants.
    pub const fn whole_pt(pt: i64) -> Abs {
        Abs(pt * PER_PT)
    }

    /// A length in millimetres.
    pub fn mm(mm: f64) -> Abs {
        Abs((mm * PER_MM as f64).round() as i64)
    }

    /// A length in inches.
    pub fn inches(inches: f64) -> Abs {
        Abs((inches * PER_IN as f64).round() as i64)
    }

    /// The length in points, for the PDF writer and for messages.
    pub fn to_pt(self) -> f64 {
        self.0 as f64 / PER_PT as f64
    }

    /// The length in millimetres.
    pub fn to_mm(self) -> f64 {
        self.0 as f64 / PER_MM as f64
    }

    pub fn max(self, other: Abs) -> Abs {
        Abs(self.0.max(other.0))
    }

    pub fn min(self, other: Abs) -> Abs {
        Abs(self.0.min(other.0))
    }

    /// True when `self` fits into `space`, allowing a rounding tolerance of 1/1000 pt.
    pub fn fits(self, space: Abs) -> bool {
        self.0 <= space.0 + PER_PT / 1000
    }

    /// True when the two lengths differ by at most 1/1000 pt.
    pub fn approx_eq(self, other: Abs) -> bool {
        (self.0 - other.0).abs() <= PER_PT / 1000
    }
}

impl fmt::Debug for Abs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}pt", self.to_pt())
    }
}

impl fmt::Display for Abs {
    /// Points with one decimal, as used in messages: `14.2 pt`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} pt", self.to_pt())
    }
}

impl Add for Abs {
    type Output = Abs;
    fn add(self, rhs: Abs) -> Abs {
        Abs(self.0 + rhs.0)
    }
}

impl AddAssign for Abs {
    fn add_assign(&mut self, rhs: Abs) {
        self.0 += rhs.0;
    }
}

impl Sub for Abs {
    type Output = Abs;
    fn sub(self, rhs: Abs) -> Abs {
        Abs(self.0 - rhs.0)
    }
}

impl SubAssign for Abs {
    fn sub_assign(&mut self, rhs: Abs) {
        self.0 -= rhs.0;
    }
}

impl Neg for Abs {
    type Output = Abs;
    fn neg(self) -> Abs {
        Abs(-self.0)
    }
}

impl Mul<f64> for Abs {
    type Output = Abs;
    fn mul(self, rhs: f64) -> Abs {
        Abs((self.0 as f64 * rhs).round() as i64)
    }
}

impl Div<f64> for Abs {
    type Output = Abs;
    fn div(self, rhs: f64) -> Abs {
        Abs((self.0 as f64 / rhs).round() as i64)
    }
}

impl Div for Abs {
    type Output = f64;
    fn div(self, rhs: Abs) -> f64 {
        self.0 as f64 / rhs.0 as f64
    }
}

impl std::iter::Sum for Abs {
    fn sum<I: Iterator<Item = Abs>>(iter: I) -> Abs {
        Abs(iter.map(|a| a.0).sum())
    }
}

/// A point, y-down, relative to the top-left corner of the trim box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub x: Abs,
    pub y: Abs,
}

impl Point {
    pub fn new(x: Abs, y: Abs) -> Point {
        Point { x, y }
    }
}

/// A width and a height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Size {
    pub w: Abs,
    pub h: Abs,
}

impl Size {
    pub fn new(w: Abs, h: Abs) -> Size {
        Size { w, h }
    }
}

/// An axis-aligned rectangle, y-down. Width and height are never negative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rect {
    x: Abs,
    y: Abs,
    w: Abs,
    h: Abs,
}

impl Rect {
    /// A rectangle from trusted, non-negative lengths (layout arithmetic).
    pub fn new(x: Abs, y: Abs, w: Abs, h: Abs) -> Rect {
        debug_assert!(w >= Abs::ZERO && h >= Abs::ZERO, "negative size");
        Rect { x, y, w, h }
    }

    /// A rectangle from its top-left corner and size; `None` if the size is negative.
    pub fn from_xywh(x: Abs, y: Abs, w: Abs, h: Abs) -> Option<Rect> {
        (w >= Abs::ZERO && h >= Abs::ZERO).then_some(Rect { x, y, w, h })
    }

    pub fn x(&self) -> Abs {
        self.x
    }

    pub fn y(&self) -> Abs {
        self.y
    }

    pub fn w(&self) -> Abs {
        self.w
    }

    pub fn h(&self) -> Abs {
        self.h
    }

    /// The same rectangle moved by (dx, dy).
    pub fn translated(&self, dx: Abs, dy: Abs) -> Rect {
        Rect { x: self.x + dx, y: self.y + dy, ..*self }
    }

    /// The same top-left corner with another size (trusted, non-negative).
    pub fn resized(&self, w: Abs, h: Abs) -> Rect {
        Rect::new(self.x, self.y, w, h)
    }

    pub fn right(&self) -> Abs {
        self.x + self.w
    }

    pub fn bottom(&self) -> Abs {
        self.y + self.h
    }

    /// True when `other` lies entirely inside `self` (within the rounding tolerance).
    pub fn contains(&self, other: &Rect) -> bool {
        self.x.fits(other.x) && other.right().fits(self.right()) && self.y.fits(other.y) && other.bottom().fits(self.bottom())
    }

    /// True when the two rectangles share interior area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_millimetres_and_inches_are_exact() {
        assert_eq!(Abs::inches(1.0), Abs::pt(72.0));
        assert_eq!(Abs::mm(25.4), Abs::inches(1.0));
        assert_eq!(Abs::inches(8.5).to_pt(), 612.0);
        assert_eq!(Abs::inches(11.0).to_pt(), 792.0);
        assert_eq!(Abs::inches(0.125).to_pt(), 9.0);
        assert_eq!(Abs::mm(20.0).to_mm(), 20.0);
    }

    #[test]
    fn arithmetic_and_tolerance() {
        let a = Abs::pt(10.0);
        assert_eq!(a + a, Abs::pt(20.0));
        assert_eq!(a * 1.5, Abs::pt(15.0));
        assert_eq!(a / 4.0, Abs::pt(2.5));
        assert!(Abs::pt(10.0005).fits(a));
        assert!(!Abs::pt(10.01).fits(a));
        assert_eq!(format!("{}", Abs::pt(14.24)), "14.2 pt");
    }

    #[test]
    fn rect_checks_its_size() {
        assert!(Rect::from_xywh(Abs::ZERO, Abs::ZERO, Abs::pt(-1.0), Abs::pt(1.0)).is_none());
        let outer = Rect::from_xywh(Abs::ZERO, Abs::ZERO, Abs::pt(100.0), Abs::pt(100.0)).unwrap();
        let inner = Rect::from_xywh(Abs::pt(10.0), Abs::pt(10.0), Abs::pt(90.0), Abs::pt(5.0)).unwrap();
        let out = Rect::from_xywh(Abs::pt(10.0), Abs::pt(10.0), Abs::pt(91.0), Abs::pt(5.0)).unwrap();
        assert!(outer.contains(&inner));
        assert!(!outer.contains(&out));
        assert!(inner.overlaps(&out));
    }
}
