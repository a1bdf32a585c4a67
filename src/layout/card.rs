//! The wallet card: 3.5 x 2 in trim, 1/8 in bleed, content at least 1/8 in inside
//! the trim. Front: accent background, message and hotline, the same on every
//! edition, at 9 pt at least (reversed type). Back: signs to watch for beside a QR
//! code at least 2 cm wide, at 8.5 pt at least, and under both the foot slot: a
//! county's local contact, or the campaign line on the statewide edition.

use super::flow::{self, Piece, Style};
use super::kit::Boxed;
use super::text::Shaper;
use super::{Abs, Color, FontId, Item, Layout, Page, Rect, flow_error, largest_fit};
use crate::content::{Block, Content, Doc, Palette};
use crate::diag::{Diagnostic, Problems};

/// Blocks with their indices in the material.
type Indexed<'a> = Vec<(usize, &'a Block)>;

/// Content keeps this far inside the trim: the 1/8 in print shops ask.
pub fn safe() -> Abs {
    Abs::pt(9.0)
}
/// Printed width of the QR symbol on the card, quiet zone excluded.
pub fn qr_symbol() -> Abs {
    Abs::mm(20.0)
}

/// The smallest type on the card: 8.5 pt on white, 9 pt reversed out of the brand
/// colour (the front), where four-colour ink spreads into thin strokes.
pub fn min_reversed() -> Abs {
    Abs::pt(9.0)
}

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    let trim = doc.kind.trim_size(doc.size);
    let bleed = doc.geometry().bleed;
    let safe = safe();
    let area = Rect::new(safe, safe, trim.w - safe * 2.0, trim.h - safe * 2.0);
    let palette = &doc.palette;
    let accent = palette.brand;
    let min = doc.kind.min_body();

    // A county's local contact prints in the back's foot slot: the front is the same,
    // at the same size, on every edition.
    let local = |b: &Block| b.origin.is_some() && matches!(b.content, Content::Call(_));
    let (locals, front): (Indexed, Indexed) = doc.blocks.iter().enumerate().partition(|(_, b)| local(b));

    // Front: the message on the accent background, centred vertically.
    let front_style = |body: Abs| Style {
        text: Color::WHITE,
        heading: Color::WHITE,
        call_number: Color::WHITE,
        link: Color::WHITE,
        ..style(palette, body)
    };
    let (pieces, front_size) = fit(doc, shaper, &doc.blocks, &front, area.w(), area.h(), front_style, "front", min.max(min_reversed()))?;
    let used = flow::height(&pieces);
    let mut items = vec![Item::Fill { rect: Rect::new(-bleed, -bleed, trim.w + bleed * 2.0, trim.h + bleed * 2.0), color: accent }];
    items.extend(flow::place(pieces, area.x(), area.y() + (area.h() - used) / 2.0).0);
    let front_page = Page::new(trim, bleed, items);

    // Back: signs on the left, the QR code(s) on the right; under both, across the
    // card, the foot slot: the county's name and its local contact on a county's
    // edition, the campaign line on the statewide one. It reads after the front.
    let (codes, signs): (Indexed, Indexed) = doc.back.iter().enumerate().partition(|(_, b)| matches!(b.content, Content::Qr(_)));
    if codes.is_empty() {
        return Err(vec![Diagnostic::error("the back of a wallet card needs a `qr` block").in_file(&doc.file).field("back")]);
    }
    let qr_style = Style { leading: 1.15, ..style(palette, min) };
    let mut code_boxes = Vec::new();
    for (i, b) in &codes {
        let Content::Qr(qr) = &b.content else { unreachable!() };
        code_boxes.push(
            super::kit::code_under(shaper, qr, qr_symbol(), qr_symbol() + Abs::pt(2.0), &qr_style)
                .map_err(|e| vec![doc.back[*i].error(doc, e.message(qr_style.body))])?,
        );
    }

    let codes_h: Abs = code_boxes.iter().map(|b| b.h).sum::<Abs>() + Abs::pt(4.0) * (code_boxes.len() as f64 - 1.0);

    // The foot slot, at the smallest size on white, across the card; where the codes
    // do not fit above it, under the signs only, the codes' column reaching the foot.
    // The signs keep clear of the codes' quiet zones (blank paper left of each code's
    // visible edge), and a point more.
    let quiet = codes
        .iter()
        .filter_map(|(_, b)| match &b.content {
            Content::Qr(qr) => {
                crate::qr::Matrix::encode(&qr.payload).ok().map(|m| qr_symbol() / m.width as f64 * crate::qr::QUIET_ZONE as f64)
            }
            _ => None,
        })
        .fold(Abs::ZERO, Abs::max);
    // The codes' column: the caption's width, or the code and its quiet zone at the
    // end, which stays inside the live area (1/8 in from the cut).
    let col = code_boxes.iter().map(|b| b.w).fold(qr_symbol() + quiet, Abs::max);
    let signs_w = area.w() - col - quiet - Abs::pt(1.0);
    // The county's name over its contact where the back has room for both (and the
    // contact's name does not already say it), else the contact alone, else its name
    // and number without what it helps with (the posters and handouts print that).
    let back = Back { area, min, col, signs_w, codes: &codes, code_boxes: &code_boxes, codes_h, signs: &signs, locals: &locals };
    let slots: &[Slot] = if locals.is_empty() { &[Slot::Full] } else { &[Slot::Full, Slot::Contact, Slot::NameOnly] };
    let mut first = None;
    let mut done = None;
    for slot in slots {
        match back.lay(doc, shaper, *slot) {
            Ok(d) => {
                done = Some(d);
                break;
            }
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    let Some((items, back_size)) = done else { return Err(first.unwrap_or_default()) };
    let mut back_page = Page::new(trim, bleed, items);
    let super::Imprint { items: imprint, .. } = super::imprint(doc, shaper, Abs::pt(7.0), area.w(), None)?;
    back_page.outside = imprint;

    Ok(Layout { pages: vec![front_page, back_page], smallest_body: front_size.min(back_size).min(min), warnings: Vec::new() })
}

/// What the back is laid out from: the live area, the smallest size, the codes'
/// column (its width, boxes and height), the signs (and their column's width) and the
/// county's local contacts.
struct Back<'a> {
    area: Rect,
    min: Abs,
    col: Abs,
    signs_w: Abs,
    codes: &'a [(usize, &'a Block)],
    code_boxes: &'a [Boxed],
    codes_h: Abs,
    signs: &'a [(usize, &'a Block)],
    locals: &'a [(usize, &'a Block)],
}

impl Back<'_> {
    /// The back's items and its body size, with as much in the foot slot as `slot` says.
    fn lay(&self, doc: &Doc, shaper: &mut Shaper, slot: Slot) -> Result<(Vec<Item>, Abs), Problems> {
        let Back { area, min, col, signs_w, codes_h, .. } = *self;
        let gap_over = |f: &Boxed| if f.h > Abs::ZERO { min * 0.4 } else { Abs::ZERO };
        let wide = foot(doc, shaper, self.locals, area.w(), min, slot)?;
        let (foot, code_room) = if codes_h.fits(area.h() - wide.h - gap_over(&wide)) {
            let room = area.h() - wide.h - gap_over(&wide);
            (wide, room)
        } else {
            (foot(doc, shaper, self.locals, signs_w, min, slot)?, area.h())
        };
        let room = area.h() - foot.h - gap_over(&foot);
        if !codes_h.fits(code_room) {
            // Name the last code: when a county's web page was added, it is that one.
            let b = &doc.back[self.codes[self.codes.len() - 1].0];
            let msg = format!("the QR codes and captions need {} but the card has {}", codes_h, code_room);
            return Err(vec![b.structure_error(doc, msg).hint("the back of a wallet card has room for one QR code with a short caption")]);
        }
        // No edge bar (a thin one does not survive the cut evenly) and no small print on
        // the face: the version code prints outside the trim.
        let (sign_pieces, back_size) =
            fit(doc, shaper, &doc.back, self.signs, signs_w, room, |b| back_style(&doc.palette, b), "back", min)?;
        let mut items = Vec::new();
        items.extend(flow::place(sign_pieces, area.x(), area.y()).0);
        let code_x = area.right() - col;
        let mut code_y = area.y();
        for b in self.code_boxes.iter().cloned() {
            let h = b.h;
            items.extend(b.at(code_x, code_y));
            code_y += h + Abs::pt(4.0);
        }
        let foot_y = area.bottom() - foot.h;
        items.extend(foot.at(area.x(), foot_y));
        Ok((items, back_size))
    }
}

/// The back's foot slot, `width` wide at `size`: on a county's edition its name (bold,
/// in the brand colour; only in `Slot::Full`) and its local contact, the number on the label's line where
/// it fits; on the statewide edition the campaign line; empty when there is neither.
/// How much of a county's contact the back's foot slot carries.
#[derive(Clone, Copy)]
enum Slot {
    /// The county's name (unless the contact's says it) and the contact's callout.
    Full,
    /// The contact's callout: its name, what it helps with, its number.
    Contact,
    /// The contact's name and number.
    NameOnly,
}

fn foot(doc: &Doc, shaper: &mut Shaper, locals: &[(usize, &Block)], width: Abs, size: Abs, slot: Slot) -> Result<Boxed, Problems> {
    let st = Style { call_scale: 1.05, gap: 0.2, ..back_style(&doc.palette, size) };
    // The county's name, unless its contact's name already says it.
    let named =
        |name: &str| locals.iter().any(|(_, b)| matches!(&b.content, Content::Call(c) if c.name.contains(name) || c.label.contains(name)));
    let with_name = matches!(slot, Slot::Full);
    let mut blocks: Vec<(usize, &Block)> =
        doc.county.iter().filter(|_| with_name && !doc.county_name().is_some_and(named)).map(|k| (usize::MAX, k)).collect();
    let short: Vec<(usize, Block)> = locals
        .iter()
        .map(|(i, b)| {
            let mut b = (*b).clone();
            if let (Slot::NameOnly, Content::Call(c)) = (slot, &mut b.content) {
                c.label = format!("{}:", c.name);
            }
            (*i, b)
        })
        .collect();
    blocks.extend(short.iter().map(|(i, b)| (*i, b)));
    if !blocks.is_empty() {
        let pieces = flow::pieces(shaper, &blocks, width, &st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])?;
        let h = flow::height(&pieces);
        return Ok(Boxed { items: flow::place(pieces, Abs::ZERO, Abs::ZERO).0, w: width, h });
    }
    let Some(line) = doc.campaign.as_deref() else { return Ok(Boxed::default()) };
    let lines = flow::balanced_lines(shaper, FontId::Bold, line, size, 1.15, width, doc.palette.brand).map_err(|e| {
        vec![
            Diagnostic::error(format!("{}: the campaign line: {}", doc.id, e.message(size)))
                .in_file(&super::identity_file(doc))
                .field("campaign"),
        ]
    })?;
    Ok(Boxed::lines(flow::wrap_lines(super::Node::new(super::Role::P), lines), width))
}

/// The card's house style at body size `body`.
fn style(p: &Palette, body: Abs) -> Style {
    Style {
        body,
        leading: 1.22,
        text: p.ink,
        heading: p.brand,
        heading_scale: 1.35,
        gap: 0.5,
        call_scale: 1.75,
        qr_symbol: qr_symbol(),
        translation: p.ink,
        // The digits at least 60 % of the vanity spelling's size: in Spanish the
        // digits are what a caller dials.
        digits_scale: 1.75 * 0.62,
        ..Style::house(p, body)
    }
}

/// The back's style: set a little tighter than the front (black on white, short
/// lines), so that three signs, the code and a county's contact fit at 8.5 pt.
fn back_style(p: &Palette, body: Abs) -> Style {
    Style { leading: 1.15, gap: 0.35, heading_scale: 1.25, ..style(p, body) }
}

/// The largest body size from 10 pt down to the minimum at which `blocks` fit.
#[allow(clippy::too_many_arguments)]
fn fit(
    doc: &Doc,
    shaper: &mut Shaper,
    all: &[Block],
    blocks: &[(usize, &Block)],
    width: Abs,
    height: Abs,
    style: impl Fn(Abs) -> Style,
    face: &str,
    min: Abs,
) -> Result<(Vec<Piece>, Abs), Problems> {
    // A county's local contact is a callout of its own below the statewide ones, its
    // number smaller than the hotline's.
    let local = |b: &Block| b.origin.is_some() && matches!(b.content, Content::Call(_));
    let lay = |shaper: &mut Shaper, size: Abs| {
        let mut out = Vec::new();
        for run in blocks.chunk_by(|a, b| local(a.1) == local(b.1)) {
            let st = style(size);
            let st = if local(run[0].1) { Style { call_scale: st.call_scale * 0.7, ..st } } else { st };
            let mut pieces = flow::pieces(shaper, run, width, &st).map_err(|e| vec![flow_error(doc, all, e, size)])?;
            // A run after another keeps the gap between blocks.
            if let (false, Some(first)) = (out.is_empty(), pieces.first_mut()) {
                first.gap_before = st.body * st.gap;
            }
            out.extend(pieces);
        }
        Ok::<_, Problems>(out)
    };
    let fitted = largest_fit(Abs::pt(10.0), min, |size| Ok(Some(lay(shaper, size)?).filter(|p| flow::height(p).fits(height))))?;
    if let Some((size, pieces)) = fitted {
        return Ok((pieces, size));
    }
    let pieces = lay(shaper, min)?;
    let total = flow::height(&pieces);
    let culprit = flow::first_overflowing(&pieces, height).or(pieces.last().map(|p| p.block)).unwrap_or(0);
    let msg = format!("the {face} of the card is {} too long at the minimum size {}", total - height, min);
    Err(vec![super::block_error(doc, all, culprit, msg).hint(format!("shorten the copy on the {face}"))])
}
