//! QR preflight on the laid-out pages: every code is decoded back from the
//! rectangles that will be printed and compared with its payload, measured at print
//! size, and its quiet zone checked against the trim and every other item.

use crate::diag::{Diagnostic, Problems};
use crate::frame::{Color, FillRule, FontSet, Item, Page};
use crate::units::{Abs, Rect};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// The smallest module a phone reads reliably from print.
pub fn min_module() -> Abs {
    Abs::mm(0.5)
}

/// The smallest symbol (quiet zone excluded): about 1/10 of a 20 cm scanning distance.
pub fn min_symbol() -> Abs {
    Abs::mm(20.0)
}

/// Check every QR code on `pages`.
pub fn check(file: &Path, pages: &[Page], fonts: &FontSet) -> Problems {
    let mut problems = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let trim = Rect::new(Abs::ZERO, Abs::ZERO, page.trim.w, page.trim.h);
        for item in &page.items {
            let Item::Qr { rects, bounds, payload, .. } = item else { continue };
            let at = |msg: String| Diagnostic::error(format!("page {}: QR code for {payload}: {msg}", n + 1)).in_file(file);
            let module = rects.iter().map(|r| r.h()).min().unwrap_or(Abs::ZERO);
            let symbol = bounds.w() - module * 8.0;
            if module < min_module() {
                problems.push(at(format!("modules are {:.2} mm; at least {:.1} mm scan reliably", module.to_mm(), min_module().to_mm())));
            }
            if !symbol.fits(bounds.w()) || symbol < min_symbol() - Abs::pt(0.01) {
                problems.push(at(format!("the code is {:.1} mm wide; at least {:.0} mm", symbol.to_mm(), min_symbol().to_mm())));
            }
            if !trim.contains(bounds) {
                problems.push(at("the quiet zone crosses the trim".into()));
            }
            // A light plate under the code, covering its quiet zone, hides what was
            // drawn before it (the dark band a plate sits on).
            let at_code = page.items.iter().position(|i| std::ptr::eq(i, item)).unwrap_or(0);
            let plate = page.items[..at_code]
                .iter()
                .rposition(|i| matches!(i, Item::Fill { rect, color } if rect.contains(bounds) && color.luminance() >= 0.78));
            for other in &page.items[plate.map_or(0, |p| p + 1)..] {
                if std::ptr::eq(other, item) {
                    continue;
                }
                let clash = match other {
                    Item::Text { .. } => text_box(other, fonts).is_some_and(|b| b.overlaps(bounds)),
                    Item::Fill { rect, color } => rect.overlaps(bounds) && color.luminance() < 0.78,
                    Item::Qr { bounds: b, .. } => b.overlaps(bounds),
                    Item::Image { rect, .. } | Item::Group { clip: rect, .. } => rect.overlaps(bounds),
                    Item::Marks { rects } => rects.iter().any(|r| r.overlaps(bounds)),
                    // Art's ink: the box of its points, grown by half its stroke.
                    Item::Path { path, stroke, .. } => path.bounds().is_some_and(|b| {
                        let half = stroke.map_or(Abs::ZERO, |s| s.width / 2.0);
                        Rect::new(b.x() - half, b.y() - half, b.w() + half * 2.0, b.h() + half * 2.0).overlaps(bounds)
                    }),
                    // The cutter keeps what is inside its line: the whole quiet zone must be.
                    Item::DieLine { path, .. } => {
                        let corners = [
                            (bounds.x(), bounds.y()),
                            (bounds.right(), bounds.y()),
                            (bounds.x(), bounds.bottom()),
                            (bounds.right(), bounds.bottom()),
                        ];
                        if !corners.iter().all(|&(x, y)| path.contains(crate::units::Point::new(x, y), FillRule::NonZero)) {
                            problems.push(at("the die line cuts into its quiet zone".into()));
                        }
                        false
                    }
                    Item::Link { .. } | Item::Start(_) | Item::Furniture | Item::End => false,
                };
                if clash {
                    problems.push(at("other content lies in its quiet zone".into()));
                    break;
                }
            }
            match decode(rects, *bounds, module, payload) {
                Ok(got) if got == *payload => {}
                Ok(got) => problems.push(at(format!("it decodes as {got}"))),
                Err(e) => problems.push(at(format!("it does not decode: {e}"))),
            }
        }
    }
    problems
}

/// Text colour against its background, as WCAG 2.1 AA asks: 4.5:1, or 3:1 for large
/// text (18 pt, or 14 pt bold). The background is the last fill drawn under the
/// middle of the line, else the white paper.
pub fn check_contrast(file: &Path, pages: &[Page], fonts: &FontSet) -> Problems {
    let mut problems = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        for (i, item) in page.items.iter().enumerate() {
            let Item::Text { color, size, font, glyphs, .. } = item else { continue };
            let Some(b) = text_box(item, fonts) else { continue };
            let (cx, cy) = (b.x() + b.w() / 2.0, b.y() + b.h() / 2.0);
            let background = page.items[..i]
                .iter()
                .rev()
                .find_map(|it| match it {
                    Item::Fill { rect, color } if rect.x() <= cx && cx <= rect.right() && rect.y() <= cy && cy <= rect.bottom() => {
                        Some(*color)
                    }
                    // A filled shape under the line's middle is its background too.
                    Item::Path { path, fill: Some((color, rule)), .. } if path.contains(crate::units::Point::new(cx, cy), *rule) => {
                        Some(*color)
                    }
                    _ => None,
                })
                .unwrap_or(Color::WHITE);
            let large = *size >= Abs::pt(18.0) || (*size >= Abs::pt(14.0) && *font == crate::frame::FontId::Bold);
            let need = if large { 3.0 } else { 4.5 };
            let ratio = color.contrast(background);
            if ratio < need {
                let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
                problems.push(
                    Diagnostic::error(format!(
                        "page {}: `{}` has a contrast of {ratio:.1}:1 against its background; text at {} needs {need}:1",
                        n + 1,
                        text.trim(),
                        size
                    ))
                    .in_file(file),
                );
            }
        }
    }
    problems
}

pub use crate::frame::text_box;

/// Codes already decoded, by payload and exact geometry relative to the quiet zone's
/// corner: the same code recurs in every edition of a material.
type Decoded = Mutex<HashMap<(String, Vec<[Abs; 4]>), Result<String, String>>>;
static DECODED: OnceLock<Decoded> = OnceLock::new();

/// Rasterize the code's rectangles at 4 pixels a module, its quiet zone white, and
/// decode it with rqrr.
fn decode(rects: &[Rect], bounds: Rect, module: Abs, payload: &str) -> Result<String, String> {
    let key = (payload.to_string(), rects.iter().map(|r| [r.x() - bounds.x(), r.y() - bounds.y(), r.w(), r.h()]).collect::<Vec<_>>());
    let cache = DECODED.get_or_init(Mutex::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let result = decode_uncached(rects, bounds, module);
    if let Ok(mut c) = cache.lock() {
        if c.len() > 10_000 {
            c.clear();
        }
        c.insert(key, result.clone());
    }
    result
}

fn decode_uncached(rects: &[Rect], bounds: Rect, module: Abs) -> Result<String, String> {
    if module <= Abs::ZERO {
        return Err("no modules".into());
    }
    let px = module / 4.0;
    let size = (bounds.w() / px).round() as usize;
    if size == 0 || size > 4096 {
        return Err("the code's size is out of range".into());
    }
    // Paint each rectangle into a white bitmap: a pixel is dark when its centre is inside.
    let mut bitmap = vec![255u8; size * size];
    let to_px = |v: Abs| ((v / px) - 0.5).ceil().max(0.0) as usize;
    for r in rects {
        let (x0, x1) = (to_px(r.x() - bounds.x()), to_px(r.right() - bounds.x()).min(size));
        let (y0, y1) = (to_px(r.y() - bounds.y()), to_px(r.bottom() - bounds.y()).min(size));
        for y in y0..y1 {
            bitmap[y * size + x0.min(x1)..y * size + x1].fill(0);
        }
    }
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| bitmap[y * size + x]);
    let grids = img.detect_grids();
    let grid = grids.first().ok_or("no code found")?;
    grid.decode().map(|(_, s)| s).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::FontId;
    use crate::qr::{Matrix, QUIET_ZONE};
    use crate::units::{Point, Size};

    fn code(payload: &str, symbol: Abs, at: Point) -> Item {
        let m = Matrix::encode(payload).unwrap();
        let module = symbol / m.width as f64;
        let quiet = module * QUIET_ZONE as f64;
        let bounds = Rect::new(at.x, at.y, symbol + quiet * 2.0, symbol + quiet * 2.0);
        Item::Qr { rects: m.rects(at.x + quiet, at.y + quiet, module), color: Color::BLACK, bounds, payload: payload.into() }
    }

    fn page(items: Vec<Item>) -> Page {
        Page::new(Size::new(Abs::inches(8.5), Abs::inches(11.0)), Abs::ZERO, items)
    }

    fn run(items: Vec<Item>) -> Vec<String> {
        check(Path::new("t.yaml"), &[page(items)], &FontSet::load()).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn art_in_a_quiet_zone_and_a_die_line_across_it_are_found() {
        let qr = code("https://example.org/", Abs::mm(25.0), Point::new(Abs::pt(100.0), Abs::pt(100.0)));
        let Item::Qr { bounds, .. } = &qr else { unreachable!() };
        let b = *bounds;
        // A pictogram whose stroke reaches into the quiet zone from the left.
        let icon =
            |x: Abs| crate::art::pictogram(crate::art::Pictogram::Eye, Rect::new(x, b.y(), Abs::pt(30.0), Abs::pt(30.0)), Color::BLACK);
        assert_eq!(
            run([vec![qr.clone()], icon(b.x() - Abs::pt(25.0))].concat()),
            ["page 1: QR code for https://example.org/: other content lies in its quiet zone"]
        );
        assert_eq!(run([vec![qr.clone()], icon(b.x() - Abs::pt(40.0))].concat()), Vec::<String>::new());
        // A die line round the code with room to spare, and one whose rounded corner
        // cuts the quiet zone's corner off.
        let around = |pad: Abs, radius: Abs| Item::DieLine {
            path: crate::frame::Path::rounded_rect(Rect::new(b.x() - pad, b.y() - pad, b.w() + pad * 2.0, b.h() + pad * 2.0), radius),
            width: Abs::pt(0.35),
        };
        assert_eq!(run(vec![qr.clone(), around(Abs::pt(10.0), Abs::pt(9.0))]), Vec::<String>::new());
        assert_eq!(
            run(vec![qr, around(Abs::pt(1.0), Abs::pt(9.0))]),
            ["page 1: QR code for https://example.org/: the die line cuts into its quiet zone"]
        );
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((Color::BLACK.contrast(Color::WHITE) - 21.0).abs() < 0.01);
        let grey = Color::cmyk(0.0, 0.0, 0.0, 0.45);
        let small = Item::Text {
            origin: Point::new(Abs::pt(50.0), Abs::pt(50.0)),
            font: FontId::Regular,
            size: Abs::pt(10.0),
            color: grey,
            glyphs: FontSet::load().regular.shape("faint").unwrap().into(),
        };
        let errs: Vec<String> =
            check_contrast(Path::new("t.yaml"), &[page(vec![small.clone()])], &FontSet::load()).into_iter().map(|d| d.message).collect();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].contains("`faint` has a contrast of"), "{errs:?}");
        // The same grey passes as large text (3:1).
        let mut large = small;
        if let Item::Text { size, .. } = &mut large {
            *size = Abs::pt(20.0);
        }
        assert!(check_contrast(Path::new("t.yaml"), &[page(vec![large])], &FontSet::load()).is_empty());
    }

    #[test]
    fn a_good_code_passes() {
        assert!(run(vec![code("https://co4kids.org", Abs::mm(25.0), Point::new(Abs::pt(50.0), Abs::pt(50.0)))]).is_empty());
    }

    #[test]
    fn small_codes_and_modules_fail() {
        let errs = run(vec![code("https://report.cybertip.org/", Abs::mm(12.0), Point::new(Abs::pt(50.0), Abs::pt(50.0)))]);
        assert!(errs.iter().any(|e| e.contains("modules are 0.41 mm")), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("the code is 12.0 mm wide")), "{errs:?}");
    }

    #[test]
    fn a_code_that_decodes_to_something_else_fails() {
        let mut c = code("https://co4kids.org", Abs::mm(25.0), Point::new(Abs::pt(50.0), Abs::pt(50.0)));
        if let Item::Qr { payload, .. } = &mut c {
            *payload = "https://co4kids.org/x".into();
        }
        let errs = run(vec![c]);
        assert!(errs.iter().any(|e| e.contains("it decodes as https://co4kids.org")), "{errs:?}");
    }

    #[test]
    fn damage_is_caught() {
        let mut c = code("https://co4kids.org", Abs::mm(25.0), Point::new(Abs::pt(50.0), Abs::pt(50.0)));
        if let Item::Qr { rects, .. } = &mut c {
            // Lose the finder patterns' rows: no longer a readable code.
            rects.retain(|r| r.y() > Abs::pt(50.0) + Abs::mm(9.0));
        }
        assert!(run(vec![c]).iter().any(|e| e.contains("does not decode")));
    }

    #[test]
    fn the_quiet_zone_must_be_clear_and_inside_the_trim() {
        let at = Point::new(Abs::pt(50.0), Abs::pt(50.0));
        let text = Item::Text {
            origin: Point::new(Abs::pt(52.0), Abs::pt(58.0)),
            font: FontId::Regular,
            size: Abs::pt(10.0),
            color: Color::BLACK,
            glyphs: FontSet::load().regular.shape("x").unwrap().into(),
        };
        assert!(run(vec![code("https://co4kids.org", Abs::mm(25.0), at), text]).iter().any(|e| e.contains("quiet zone")));
        let dark =
            Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, Abs::pt(60.0), Abs::pt(60.0)), color: Color::cmyk(0.9, 0.3, 0.45, 0.25) };
        assert!(run(vec![dark, code("https://co4kids.org", Abs::mm(25.0), at)]).iter().any(|e| e.contains("quiet zone")));
        let edge = Point::new(Abs::inches(8.5) - Abs::mm(25.0), Abs::pt(50.0));
        assert!(run(vec![code("https://co4kids.org", Abs::mm(25.0), edge)]).iter().any(|e| e.contains("crosses the trim")));
    }
}
