//! The wallet card: 3.5 x 2 in trim, 1/8 in bleed, content at least 1/8 in inside
//! the trim. Front: accent background, message and hotline. Back: signs to watch for
//! beside a QR code at least 2 cm wide.

use super::flow::{self, Piece, Style};
use super::text::Shaper;
use super::{Abs, Color, Item, Layout, Page, Rect, flow_error, largest_fit};
use crate::content::{Block, Content, Doc, Palette};
use crate::diag::{Diagnostic, Problems};

/// Blocks with their indices in the material.
type Indexed<'a> = Vec<(usize, &'a Block)>;

/// Content keeps this far inside the trim (more than the 1/8 in print shops ask).
pub fn safe() -> Abs {
    Abs::pt(12.0)
}
/// Printed width of the QR symbol on the card, quiet zone excluded.
pub fn qr_symbol() -> Abs {
    Abs::mm(20.0)
}

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    let trim = doc.kind.trim_size(doc.size);
    let bleed = doc.geometry().bleed;
    let safe = safe();
    let area = Rect::new(safe, safe, trim.w - safe * 2.0, trim.h - safe * 2.0);
    let palette = &doc.palette;
    let accent = palette.brand;

    // Front: the message on the accent background, centred vertically, a county's
    // local number at its foot (the county's name goes to the back).
    let front: Vec<(usize, &Block)> = doc.blocks.iter().enumerate().collect();
    let front_style = |body: Abs| Style {
        text: Color::WHITE,
        heading: Color::WHITE,
        call_number: Color::WHITE,
        link: Color::WHITE,
        ..style(palette, body)
    };
    let (pieces, front_size) = fit(doc, shaper, &doc.blocks, &front, area.w(), area.h(), front_style, "front", doc.kind.min_body())?;
    let used = flow::height(&pieces);
    let mut items = vec![Item::Fill { rect: Rect::new(-bleed, -bleed, trim.w + bleed * 2.0, trim.h + bleed * 2.0), color: accent }];
    items.extend(flow::place(pieces, area.x(), area.y() + (area.h() - used) / 2.0).0);
    let front_page = Page::new(trim, bleed, items);

    // Back: signs on the left, the QR code(s) on the right; it reads after the front.
    let (codes, signs): (Indexed, Indexed) = doc.back.iter().enumerate().partition(|(_, b)| matches!(b.content, Content::Qr(_)));
    if codes.is_empty() {
        return Err(vec![Diagnostic::error("the back of a wallet card needs a `qr` block").in_file(&doc.file).field("back")]);
    }
    let qr_style = Style { leading: 1.15, ..style(palette, doc.kind.min_body()) };
    let mut code_boxes = Vec::new();
    for (i, b) in &codes {
        let Content::Qr(qr) = &b.content else { unreachable!() };
        code_boxes.push(
            super::kit::code_under(shaper, qr, qr_symbol(), qr_symbol() + Abs::pt(8.0), &qr_style)
                .map_err(|e| vec![doc.back[*i].error(doc, e.message(qr_style.body))])?,
        );
    }
    let col = code_boxes.iter().map(|b| b.w).fold(Abs::ZERO, Abs::max);
    let codes_h: Abs = code_boxes.iter().map(|b| b.h).sum::<Abs>() + Abs::pt(4.0) * (code_boxes.len() as f64 - 1.0);
    if !codes_h.fits(area.h()) {
        // Name the last code: when a county's web page was added, it is that one.
        let b = &doc.back[codes[codes.len() - 1].0];
        let msg = format!("the QR codes and captions need {} but the card has {}", codes_h, area.h());
        return Err(vec![b.structure_error(doc, msg).hint("the back of a wallet card has room for one QR code with a short caption")]);
    }
    let gap = Abs::pt(8.0);
    // No edge bar (a thin one does not survive the cut evenly) and no small print on
    // the face: the version code prints outside the trim.
    let room = area.h();
    // The county's name after the signs.
    let mut signs = signs;
    signs.extend(doc.county.iter().map(|k| (usize::MAX, k)));
    let (sign_pieces, back_size) =
        fit(doc, shaper, &doc.back, &signs, area.w() - col - gap, room, |b| style(palette, b), "back", doc.kind.min_body())?;
    let mut items = Vec::new();
    items.extend(flow::place(sign_pieces, area.x(), area.y()).0);
    let code_x = area.right() - col;
    let mut code_y = area.y() + (area.h() - codes_h) / 2.0;
    for b in code_boxes {
        let h = b.h;
        items.extend(b.at(code_x, code_y));
        code_y += h + Abs::pt(4.0);
    }
    let mut back_page = Page::new(trim, bleed, items);
    let super::Imprint { items: imprint, .. } = super::imprint(doc, shaper, Abs::pt(7.0), area.w(), None)?;
    back_page.outside = imprint;

    Ok(Layout { pages: vec![front_page, back_page], smallest_body: front_size.min(back_size), warnings: Vec::new() })
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
