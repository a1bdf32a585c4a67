//! Process colours: what the palette names and the PDF paints. Its own module so that
//! resolved content (the palette of `materials/identity.yaml`) and layout share it.

/// A process colour (CMYK, each 0..1), the print shop's native space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Color {
    pub c: f32,
    pub m: f32,
    pub y: f32,
    pub k: f32,
}

impl Color {
    pub const BLACK: Color = Color::cmyk(0.0, 0.0, 0.0, 1.0);
    pub const WHITE: Color = Color::cmyk(0.0, 0.0, 0.0, 0.0);

    pub const fn cmyk(c: f32, m: f32, y: f32, k: f32) -> Color {
        Color { c, m, y, k }
    }

    /// The colour at `t` (0..1) of its strength on white paper.
    pub fn tint(self, t: f32) -> Color {
        Color::cmyk(self.c * t, self.m * t, self.y * t, self.k * t)
    }

    /// WCAG relative luminance on white paper (CMYK to sRGB by the simple subtractive
    /// formula, then linearised).
    pub fn luminance(self) -> f64 {
        let lin = |v: f32| {
            let v = v as f64;
            if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        let (r, g, b) = ((1.0 - self.c) * (1.0 - self.k), (1.0 - self.m) * (1.0 - self.k), (1.0 - self.y) * (1.0 - self.k));
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// WCAG contrast ratio against `other` (1 to 21).
    pub fn contrast(self, other: Color) -> f64 {
        let (la, lb) = (self.luminance(), other.luminance());
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }
}
