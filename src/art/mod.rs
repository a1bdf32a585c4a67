//! Vector art: the pictograms (a few calm icons from Lucide, `art/pictograms/`, ISC
//! licence, read by `svg` from the files compiled in) and the sticker's die-cut line.
//! Both come out as frame items, drawn by the PDF writer as paths.

pub mod svg;

use crate::frame::{Color, Item, Node, Path, Role, Stroke};
use crate::units::{Abs, Point, Rect, Size};
use std::sync::OnceLock;

/// The pictograms the materials may draw: each a stroked line drawing on a 24-unit
/// grid, calm and free of anything that frightens (no restraints, no faces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pictogram {
    /// A telephone handset: call.
    Phone,
    /// A speech bubble: send a text.
    Message,
    /// An eye: notice the signs.
    Eye,
    Heart,
    /// A hand holding a heart: support.
    HandHeart,
    /// A shield: safety.
    Shield,
    /// Two people: the people a child knows.
    Users,
    /// A smartphone: online grooming, sextortion.
    Smartphone,
    /// A clock face: answered at any hour.
    Clock,
    /// A house.
    Home,
    /// A school building: for professionals.
    School,
    /// An open book: for professionals.
    Book,
    /// A person without a face: no name needed.
    Person,
}

impl Pictogram {
    pub const ALL: [Pictogram; 13] = [
        Pictogram::Phone,
        Pictogram::Message,
        Pictogram::Eye,
        Pictogram::Heart,
        Pictogram::HandHeart,
        Pictogram::Shield,
        Pictogram::Users,
        Pictogram::Smartphone,
        Pictogram::Clock,
        Pictogram::Home,
        Pictogram::School,
        Pictogram::Book,
        Pictogram::Person,
    ];

    /// The icon's file in `art/pictograms/` (its name in Lucide).
    pub fn file(self) -> &'static str {
        match self {
            Pictogram::Phone => "phone.svg",
            Pictogram::Message => "message-circle.svg",
            Pictogram::Eye => "eye.svg",
            Pictogram::Heart => "heart.svg",
            Pictogram::HandHeart => "hand-heart.svg",
            Pictogram::Shield => "shield.svg",
            Pictogram::Users => "users.svg",
            Pictogram::Smartphone => "smartphone.svg",
            Pictogram::Clock => "clock.svg",
            Pictogram::Home => "house.svg",
            Pictogram::School => "school.svg",
            Pictogram::Book => "book-open.svg",
            Pictogram::Person => "user.svg",
        }
    }

    fn source(self) -> &'static str {
        macro_rules! svg {
            ($f:literal) => {
                include_str!(concat!("../../art/pictograms/", $f))
            };
        }
        match self {
            Pictogram::Phone => svg!("phone.svg"),
            Pictogram::Message => svg!("message-circle.svg"),
            Pictogram::Eye => svg!("eye.svg"),
            Pictogram::Heart => svg!("heart.svg"),
            Pictogram::HandHeart => svg!("hand-heart.svg"),
            Pictogram::Shield => svg!("shield.svg"),
            Pictogram::Users => svg!("users.svg"),
            Pictogram::Smartphone => svg!("smartphone.svg"),
            Pictogram::Clock => svg!("clock.svg"),
            Pictogram::Home => svg!("house.svg"),
            Pictogram::School => svg!("school.svg"),
            Pictogram::Book => svg!("book-open.svg"),
            Pictogram::Person => svg!("user.svg"),
        }
    }

    /// The icon read from its file (once). A file the reader refuses fails the
    /// tests (`every_pictogram_file_is_read_whole`); here it draws nothing.
    pub fn icon(self) -> Option<&'static svg::Icon> {
        static ICONS: OnceLock<Vec<Result<svg::Icon, String>>> = OnceLock::new();
        let icons = ICONS.get_or_init(|| Pictogram::ALL.iter().map(|p| svg::icon(p.source())).collect());
        let i = Pictogram::ALL.iter().position(|p| *p == self)?;
        icons[i].as_ref().ok()
    }
}

/// Pictogram `name` drawn in `color`, scaled (its proportions kept) into `rect` and
/// centred there; its stroke scales with it (Lucide's 2 units of 24: a 24 pt icon's
/// line is 2 pt). Decorative: an artifact, unless drawn inside a figure (see
/// [`pictogram_figure`]).
pub fn pictogram(name: Pictogram, rect: Rect, color: Color) -> Vec<Item> {
    let Some(icon) = name.icon() else { return Vec::new() };
    let [x, y, w, h] = icon.view.map(Abs::pt);
    let mut path = Path::new();
    let p = |x: f64, y: f64| Point::new(Abs::pt(x), Abs::pt(y));
    for seg in &icon.segs {
        match *seg {
            svg::Seg::Move(x, y) => path.move_to(p(x, y)),
            svg::Seg::Line(x, y) => path.line_to(p(x, y)),
            svg::Seg::Cubic(c) => path.cubic_to(p(c[0], c[1]), p(c[2], c[3]), p(c[4], c[5])),
            svg::Seg::Close => path.close(),
        }
    }
    let (path, scale) = path.fit(Rect::new(x, y, w, h), rect);
    let stroke = Stroke { color, width: Abs::pt(icon.stroke_width) * scale, cap: icon.cap, join: icon.join };
    vec![Item::Path { path, fill: None, stroke: Some(stroke) }]
}

/// Pictogram `name` as [`pictogram`] draws it, as a figure: a screen reader says
/// `alt` (the caller's words, from the materials).
pub fn pictogram_figure(name: Pictogram, rect: Rect, color: Color, alt: &str) -> Vec<Item> {
    crate::frame::wrap(Node::new(Role::Figure).alt(alt), pictogram(name, rect, color))
}

/// The width of a die line: thin, as cutting plotters and RIPs expect one.
pub fn die_line_width() -> Abs {
    Abs::pt(0.35)
}

/// The die-cut line of a piece of size `trim`: a rectangle on the trim with its
/// corners rounded by `radius`, for press PDFs only (see [`Item::DieLine`]).
pub fn die_line(trim: Size, radius: Abs) -> Item {
    Item::DieLine { path: Path::rounded_rect(Rect::new(Abs::ZERO, Abs::ZERO, trim.w, trim.h), radius), width: die_line_width() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pictogram_file_is_read_whole() {
        for p in Pictogram::ALL {
            let icon = svg::icon(p.source()).unwrap_or_else(|e| panic!("{}: {e}", p.file()));
            assert_eq!(icon.view, [0.0, 0.0, 24.0, 24.0], "{}", p.file());
            assert!(icon.segs.len() >= 2, "{}", p.file());
            assert!(p.icon().is_some());
        }
    }

    #[test]
    fn a_pictogram_fits_its_rect_with_its_stroke_and_keeps_its_proportions() {
        let rect = Rect::new(Abs::pt(100.0), Abs::pt(50.0), Abs::pt(48.0), Abs::pt(96.0));
        for p in Pictogram::ALL {
            let items = pictogram(p, rect, Color::BLACK);
            let [Item::Path { path, stroke: Some(s), fill: None }] = &items[..] else { panic!("{p:?}: one stroked path") };
            // 24 units into 48 pt: twice the size, the line 4 pt.
            assert_eq!(s.width, Abs::pt(4.0));
            let b = path.bounds().unwrap();
            let half = s.width / 2.0;
            let inked = Rect::new(b.x() - half, b.y() - half, b.w() + half * 2.0, b.h() + half * 2.0);
            // Centred vertically: the 48 pt square starts 24 pt down.
            let square = Rect::new(Abs::pt(100.0), Abs::pt(74.0), Abs::pt(48.0), Abs::pt(48.0));
            assert!(square.contains(&inked), "{p:?}: {inked:?}");
        }
        let fig = pictogram_figure(Pictogram::Eye, rect, Color::BLACK, "an eye");
        assert_eq!(fig.first(), Some(&Item::Start(Node::new(Role::Figure).alt("an eye"))));
        assert_eq!(fig.last(), Some(&Item::End));
    }

    #[test]
    fn the_die_line_follows_the_trim_with_rounded_corners() {
        let trim = Size::new(Abs::inches(4.0), Abs::inches(3.0));
        let Item::DieLine { path, width } = die_line(trim, Abs::inches(0.125)) else { panic!("a die line") };
        assert_eq!(width, Abs::pt(0.35));
        assert_eq!(path.bounds(), Some(Rect::new(Abs::ZERO, Abs::ZERO, trim.w, trim.h)));
        use crate::frame::FillRule::NonZero;
        // Inside near a side's middle; a corner's tip is cut off.
        assert!(path.contains(Point::new(Abs::pt(1.0), Abs::inches(1.5)), NonZero));
        assert!(!path.contains(Point::new(Abs::pt(1.0), Abs::pt(1.0)), NonZero));
        assert!(path.contains(Point::new(Abs::pt(4.0), Abs::pt(4.0)), NonZero));
    }
}
