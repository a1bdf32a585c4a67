//! The template toolkit: the pieces every template composes, written once. A brand
//! band with its headline, a code on a white plate with its caption, a code on white
//! paper with its visible edge on a column's edge, the identity lockup (campaign line,
//! issuer, version code), a county's box, and `Style` built from the palette.
//!
//! Pieces are laid out from (0, 0) into a [`Boxed`], which a template places. Across
//! a region, things go at its start or its end ([`Span`]), never "left" or "right":
//! a right-to-left page mirrors by giving its spans another direction.

use super::flow::{self, Second, Style};
use super::text::Shaper;
use super::{Abs, Color, FontId, Item, Node, Rect, Role};
use crate::content::{Doc, Palette, Qr};
use crate::diag::Problems;
use crate::frame;
use crate::qr::{Matrix, QUIET_ZONE};

/// Laid-out content with its top-left corner at (0, 0), and its size.
#[derive(Clone, Debug, Default)]
pub struct Boxed {
    pub items: Vec<Item>,
    pub w: Abs,
    pub h: Abs,
}

impl Boxed {
    /// The items moved so that the box's top-left corner is at (x, y).
    pub fn at(self, x: Abs, y: Abs) -> Vec<Item> {
        let mut items = self.items;
        for item in &mut items {
            item.translate(x, y);
        }
        items
    }

    /// Text lines stacked from y = 0, as wide as `w`.
    pub fn lines(lines: Vec<(Abs, Item)>, w: Abs) -> Boxed {
        let (items, h) = flow::stack(lines);
        Boxed { items, w, h }
    }

    /// `other` under this box, `gap` apart (no gap when either is empty).
    pub fn then(mut self, other: Boxed, gap: Abs) -> Boxed {
        if other.items.is_empty() {
            return self;
        }
        let y = if self.items.is_empty() { Abs::ZERO } else { self.h + gap };
        let (w, h) = (self.w.max(other.w), y + other.h);
        self.items.extend(other.at(Abs::ZERO, y));
        Boxed { items: self.items, w, h }
    }
}

/// The direction text runs in across a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    /// A document's direction: every language the materials print today runs left to
    /// right; the languages table (issue 26) gives each its own.
    pub fn of(_doc: &Doc) -> Dir {
        Dir::Ltr
    }
}

/// A stretch across a region: from `x` (its left edge on the page) `width` wide, in a
/// direction. Things go at its start or its end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub x: Abs,
    pub width: Abs,
    pub dir: Dir,
}

impl Span {
    pub fn new(x: Abs, width: Abs, dir: Dir) -> Span {
        Span { x, width, dir }
    }

    /// The left edge of something `w` wide at the span's start.
    pub fn start(&self, w: Abs) -> Abs {
        match self.dir {
            Dir::Ltr => self.x,
            Dir::Rtl => self.x + self.width - w,
        }
    }

    /// The left edge of something `w` wide at the span's end.
    pub fn end(&self, w: Abs) -> Abs {
        match self.dir {
            Dir::Ltr => self.x + self.width - w,
            Dir::Rtl => self.x,
        }
    }

    /// The span without `w` and a `gap` at its start: what is left at its end.
    pub fn before_start(&self, w: Abs, gap: Abs) -> Span {
        let width = (self.width - w - gap).max(Abs::ZERO);
        Span { x: self.end(width), width, dir: self.dir }
    }

    /// The span without `w` and a `gap` at its end: what is left at its start.
    pub fn before_end(&self, w: Abs, gap: Abs) -> Span {
        let width = (self.width - w - gap).max(Abs::ZERO);
        Span { x: self.start(width), width, dir: self.dir }
    }
}

impl Style {
    /// The house style of copy on white paper at body size `body`, from the palette:
    /// ink text, brand headings and links. Templates override what differs
    /// (`Style { leading: 1.22, ..Style::house(p, body) }`).
    pub fn house(p: &Palette, body: Abs) -> Style {
        Style {
            body,
            leading: 1.3,
            text: p.ink,
            heading: p.brand,
            heading_scale: 1.3,
            gap: 0.7,
            call_scale: 1.9,
            call_number: p.ink,
            call_fill: None,
            qr_symbol: Abs::mm(32.0),
            link: p.brand,
            lang: None,
            digits_scale: 1.0,
            translation: p.brand,
        }
    }

    /// The same style reversed out of the brand colour: white text, the second
    /// language's too (both languages carry equal weight).
    pub fn on_brand(self) -> Style {
        Style {
            text: Color::WHITE,
            heading: Color::WHITE,
            call_number: Color::WHITE,
            link: Color::WHITE,
            translation: Color::WHITE,
            ..self
        }
    }

    /// The same style in language `lang` (the second language of a two-language piece).
    pub fn in_lang(self, lang: &str) -> Style {
        Style { lang: Some(lang.to_string()), ..self }
    }
}

/// The size of `font` at which its capitals are `cap` tall.
pub fn size_for_cap(shaper: &Shaper, font: FontId, cap: Abs) -> Abs {
    let f = shaper.fonts.get(font);
    cap * (f.upm as f64 / f.cap_height as f64)
}

/// A headline in bold, its lines as even as the words allow, tagged as the
/// document's H1 (in `lang` when given): in as few lines as it can take (at most
/// `max_lines` of `width`), at the largest size that `sizes(lines)` allows
/// (largest, smallest: a headline of more lines is usually held smaller, to leave the
/// copy its room). `None` when it does not fit even at the smallest size.
#[allow(clippy::too_many_arguments)]
pub fn headline(
    shaper: &mut Shaper,
    text: &str,
    lang: Option<&str>,
    sizes: impl Fn(usize) -> (Abs, Abs),
    max_lines: usize,
    leading: f64,
    width: Abs,
    color: Color,
) -> Result<Option<(Abs, Boxed)>, flow::FlowError> {
    let mut failed = None;
    let mut fit = None;
    for n in 1..=max_lines {
        let (max, min) = sizes(n);
        fit = super::largest_fit(max, min, |size| {
            match flow::balanced_lines(shaper, FontId::Bold, text, size, leading, width, color) {
                Ok(lines) if lines.len() <= n => Ok(Some(lines)),
                Ok(_) => Ok(None),
                // A word too wide at this size may fit at a smaller one.
                Err(flow::FlowError::TooWide(_)) => Ok(None),
                Err(e) => {
                    failed = Some(e);
                    Ok(None)
                }
            }
        })
        .unwrap_or(None);
        if let Some(e) = failed {
            return Err(e);
        }
        if fit.is_some() {
            break;
        }
    }
    if fit.is_none() {
        // A word wider than the column even at the smallest size: say which.
        let min = sizes(max_lines).1;
        if let Err(e @ flow::FlowError::TooWide(_)) = flow::balanced_lines(shaper, FontId::Bold, text, min, leading, width, color) {
            return Err(e);
        }
    }
    Ok(fit.map(|(size, lines)| (size, Boxed::lines(flow::wrap_lines(Node::new(Role::H1).lang(lang), lines), width))))
}

/// A QR code on a white plate, for a dark band: the plate is the code's quiet zone
/// (four modules on every side), and under the code, inside the plate, its caption
/// and the address it opens, their first letters on the code's visible left edge.
/// `symbol` is the code's printed width without the quiet zone.
pub fn code_plate(shaper: &mut Shaper, qr: &Qr, second: Option<Second>, symbol: Abs, s: &Style) -> Result<Boxed, flow::FlowError> {
    code_over_caption(shaper, qr, second, symbol, symbol, true, true, s)
}

/// A QR code on white paper with its caption and address under it (at most
/// `caption_w` wide): the box starts at the code's visible edge, where the caption's
/// first letters are, its quiet zone reaching outside the box at the start.
pub fn code_under(shaper: &mut Shaper, qr: &Qr, symbol: Abs, caption_w: Abs, s: &Style) -> Result<Boxed, flow::FlowError> {
    code_under_with(shaper, qr, symbol, caption_w, true, s)
}

/// A QR code on white paper with only the address it opens under it, as
/// [`code_under`]: a code beside the number of the same channel, whose caption is
/// the call printed beside it (the caption stays the figure's description).
/// An address wider than the code keeps its one line, the box as wide as it.
pub fn code_over_address(shaper: &mut Shaper, qr: &Qr, symbol: Abs, s: &Style) -> Result<Boxed, flow::FlowError> {
    let address = shaper.width(FontId::Bold, &qr.shown, s.body)? + Abs::pt(0.5);
    code_under_with(shaper, qr, symbol, symbol.max(address), false, s)
}

fn code_under_with(shaper: &mut Shaper, qr: &Qr, symbol: Abs, caption_w: Abs, caption: bool, s: &Style) -> Result<Boxed, flow::FlowError> {
    let mut b = code_over_caption(shaper, qr, None, symbol, caption_w, false, caption, s)?;
    let quiet = Matrix::encode(&qr.payload).map(|m| symbol / m.width as f64 * QUIET_ZONE as f64).map_err(flow::FlowError::Qr)?;
    for item in &mut b.items {
        item.translate(-quiet, Abs::ZERO);
    }
    b.w = symbol.max(caption_w);
    Ok(b)
}

#[allow(clippy::too_many_arguments)]
fn code_over_caption(
    shaper: &mut Shaper,
    qr: &Qr,
    second: Option<Second>,
    symbol: Abs,
    caption_w: Abs,
    plate: bool,
    with_caption: bool,
    s: &Style,
) -> Result<Boxed, flow::FlowError> {
    let matrix = Matrix::encode(&qr.payload).map_err(flow::FlowError::Qr)?;
    let module = symbol / matrix.width as f64;
    let quiet = module * QUIET_ZONE as f64;
    let w = symbol + quiet * 2.0;
    let (mut items, symbol_link) = code_items(shaper, qr, second, &matrix, quiet, module, s);
    // The caption, in the caption's language(s), then the address, as one link.
    // Under the quiet zone, which nothing may touch.
    let mut y = quiet * 2.0 + symbol + s.body * 0.1;
    let mut text = Vec::new();
    if with_caption {
        let caption = flow::balanced_lines(shaper, FontId::Regular, &qr.caption, s.body, s.leading, caption_w, s.text)?;
        y = push(&mut text, caption, quiet, y);
        items.extend(frame::wrap(s.node(Role::P), std::mem::take(&mut text)));
    }
    if let Some(o) = second {
        let lines = flow::balanced_lines(shaper, FontId::Regular, o.text, s.body, s.leading, caption_w, s.translation)?;
        y = push(&mut text, lines, quiet, y);
        items.extend(frame::wrap(Node::new(Role::P).lang(Some(o.lang)), std::mem::take(&mut text)));
    }
    let address = flow::text_lines(shaper, FontId::Bold, &qr.shown, s.body, s.leading, caption_w, s.link)?;
    let top = y;
    let end = push(&mut text, address, quiet, y);
    let shown_w = shaper.width(FontId::Bold, &qr.shown, s.body)?.min(caption_w);
    text.push(Item::Link { rect: Rect::new(quiet, top, shown_w, end - top), uri: qr.payload.clone() });
    text.push(symbol_link);
    items.extend(frame::wrap(s.node(Role::P), frame::wrap(s.node(Role::Link).alt(qr.shown.clone()), text)));
    if !plate {
        return Ok(Boxed { items, w, h: end });
    }
    let h = end + quiet * 0.8;
    items.insert(0, Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, w, h), color: Color::WHITE });
    Ok(Boxed { items, w, h })
}

/// A code's modules at (quiet, quiet) as a figure described in the document's words
/// (and, for a second language, in its own), and the link on the symbol: it belongs
/// in the Link element of the address printed with the code (one link, announced
/// once, as printed).
fn code_items(shaper: &Shaper, qr: &Qr, second: Option<Second>, matrix: &Matrix, quiet: Abs, module: Abs, s: &Style) -> (Vec<Item>, Item) {
    let symbol = module * matrix.width as f64;
    let describe = |label: &str, caption: &str| format!("{label}: {caption} ({})", qr.shown);
    let code = Item::Qr {
        rects: matrix.rects(quiet, quiet, module),
        color: Color::BLACK,
        bounds: Rect::new(Abs::ZERO, Abs::ZERO, symbol + quiet * 2.0, symbol + quiet * 2.0),
        payload: qr.payload.clone(),
    };
    let link = Item::Link { rect: Rect::new(quiet, quiet, symbol, symbol), uri: qr.payload.clone() };
    let mut items = frame::wrap(s.node(Role::Figure).alt(describe(&shaper.qr_label, &qr.caption)), vec![code]);
    if let Some(o) = second {
        let label = shaper.qr_label_in.get(o.lang).unwrap_or(&shaper.qr_label);
        items.extend(frame::wrap(Node::new(Role::Figure).alt(describe(label, o.text)).lang(Some(o.lang)), Vec::new()));
    }
    (items, link)
}

/// A QR code on white paper with its caption and address beside it: the box starts
/// at the code's visible edge (its quiet zone reaches outside the box at the start,
/// over the margin, where nothing else is drawn), so that the code lines up with the
/// text of its column; above and below, the box holds the quiet zone. Returns the box
/// and the quiet zone's width.
pub fn code_beside(
    shaper: &mut Shaper,
    qr: &Qr,
    second: Option<Second>,
    symbol: Abs,
    width: Abs,
    s: &Style,
) -> Result<(Boxed, Abs), flow::FlowError> {
    let matrix = Matrix::encode(&qr.payload).map_err(flow::FlowError::Qr)?;
    let module = symbol / matrix.width as f64;
    let quiet = module * QUIET_ZONE as f64;
    let (mut items, mut symbol_link) = code_items(shaper, qr, second, &matrix, quiet, module, s);
    for item in items.iter_mut().chain([&mut symbol_link]) {
        item.translate(-quiet, Abs::ZERO);
    }
    // The caption starts a quiet zone after the code (nothing may touch the code's
    // quiet zone), centred on the code's height.
    let x = symbol + quiet.max(s.body * 0.9) + Abs::pt(0.5);
    let col = (width - x).max(s.body * 6.0);
    let caption = flow::balanced_lines(shaper, FontId::Regular, &qr.caption, s.body, s.leading, col, s.text)?;
    let other = match second {
        Some(o) => Some((flow::balanced_lines(shaper, FontId::Regular, o.text, s.body, s.leading, col, s.translation)?, o.lang)),
        None => None,
    };
    let address = flow::text_lines(shaper, FontId::Bold, &qr.shown, s.body, s.leading, col, s.link)?;
    let tall = |l: &[(Abs, Item)]| l.iter().map(|(h, _)| *h).sum::<Abs>();
    let text_h = tall(&caption) + other.as_ref().map_or(Abs::ZERO, |(l, _)| tall(l)) + tall(&address);
    let mut y = quiet + ((symbol - text_h) / 2.0).max(Abs::ZERO);
    let mut text = Vec::new();
    y = push(&mut text, caption, x, y);
    items.extend(frame::wrap(s.node(Role::P), std::mem::take(&mut text)));
    if let Some((lines, lang)) = other {
        y = push(&mut text, lines, x, y);
        items.extend(frame::wrap(Node::new(Role::P).lang(Some(lang)), std::mem::take(&mut text)));
    }
    let top = y;
    let end = push(&mut text, address, x, y);
    let shown_w = shaper.width(FontId::Bold, &qr.shown, s.body)?.min(col);
    text.push(Item::Link { rect: Rect::new(x, top, shown_w, end - top), uri: qr.payload.clone() });
    text.push(symbol_link);
    items.extend(frame::wrap(s.node(Role::P), frame::wrap(s.node(Role::Link).alt(qr.shown.clone()), text)));
    let text_w = shaper.width(FontId::Regular, &qr.caption, s.body)?.min(col).max(shown_w);
    Ok((Boxed { items, w: x + text_w, h: (symbol + quiet * 2.0).max(end) }, quiet))
}

/// Stack `lines` at (x, y), returning the new y.
fn push(items: &mut Vec<Item>, lines: Vec<(Abs, Item)>, x: Abs, mut y: Abs) -> Abs {
    for (h, mut item) in lines {
        item.translate(x, y);
        items.push(item);
        y += h;
    }
    y
}

/// The identity lockup: the campaign line (bold, in the brand colour, at `size`; a
/// two-language piece's `second` language's line under it, in its language), and
/// under it the small print (the issuer, with its logo where `logo` gives room, and
/// the version code, at `small`), at most `width` wide. Never empty: the version code
/// prints on every material. Returns the box and a warning for a low-resolution logo.
pub fn identity_lockup(
    doc: &Doc,
    second: Option<&Doc>,
    shaper: &mut Shaper,
    size: Abs,
    small: Abs,
    width: Abs,
    logo: Option<(Abs, Abs)>,
) -> Result<(Boxed, Option<crate::diag::Diagnostic>), Problems> {
    let mut lockup = Boxed::default();
    for (d, lang) in [(Some(doc), None), (second, second.map(|o| o.lang.as_str()))] {
        let Some((d, line)) = d.and_then(|d| d.campaign.as_deref().map(|l| (d, l))) else { continue };
        let lines = flow::balanced_lines(shaper, FontId::Bold, line, size, 1.15, width, doc.palette.brand).map_err(|e| {
            vec![
                crate::diag::Diagnostic::error(format!("{}: the campaign line: {}", d.id, e.message(size)))
                    .in_file(&super::identity_file(d))
                    .field("campaign"),
            ]
        })?;
        lockup = lockup.then(Boxed::lines(flow::wrap_lines(Node::new(Role::P).lang(lang), lines), width), Abs::ZERO);
    }
    let super::Imprint { items, height, warning } = super::imprint(doc, shaper, small, width, logo)?;
    let imprint = Boxed { items, w: width, h: height };
    Ok((lockup.then(imprint, size * 0.35), warning))
}

/// How far right the ink of `items` reaches from their origin: text (advance box),
/// codes (their quiet zone), images and fills.
pub fn ink_right(shaper: &Shaper, items: &[Item]) -> Abs {
    items.iter().filter_map(|it| ink_box(shaper, it)).map(|b| b.right()).fold(Abs::ZERO, Abs::max)
}

/// The box a text line's glyphs (ascender to descender), a code's quiet zone, an
/// image or a fill covers.
pub fn ink_box(shaper: &Shaper, item: &Item) -> Option<Rect> {
    match item {
        Item::Qr { bounds, .. } | Item::Image { rect: bounds, .. } | Item::Fill { rect: bounds, .. } => Some(*bounds),
        _ => frame::text_box(item, shaper.fonts),
    }
}

/// Whether every plain number (911, a local number, a number to text: no vanity
/// spelling) of `blocks` sits on its label's line in `pieces`: its baseline that of
/// a line of the label before it (the label's only line, or its last where it wraps
/// beside the number), never alone under the label.
pub fn numbers_on_their_labels(blocks: &[(usize, &crate::content::Block)], pieces: &[flow::Piece]) -> bool {
    let text_of = |i: &Item| match i {
        Item::Text { glyphs, .. } => Some(glyphs.iter().map(|g| g.text.as_str()).collect::<String>()),
        _ => None,
    };
    blocks.iter().all(|(i, b)| {
        let crate::content::Content::Call(c) = &b.content else { return true };
        let Some(phone) = c.phone.as_ref().filter(|p| !p.is_vanity() && c.web.is_none()) else { return true };
        pieces.iter().filter(|p| p.block == *i).all(|p| {
            let texts: Vec<&Item> = p.items.iter().filter(|i| matches!(i, Item::Text { .. })).collect();
            let at = |i: &Item| if let Item::Text { origin, .. } = i { *origin } else { unreachable!("a text item") };
            texts.iter().filter(|t| text_of(t).is_some_and(|s| s.trim() == phone.written())).all(|number| {
                let o = at(number);
                texts.iter().any(|t| !std::ptr::eq(*t, *number) && (at(t).y - o.y).to_pt().abs() < 0.01 && at(t).x < o.x)
            })
        })
    })
}
