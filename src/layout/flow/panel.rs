//! A panel: a section set across the page's width in a box of its own (the handouts'
//! duty-to-report call-out and their "where to report" panel). Its heading and its
//! first callout, the lead, come first across the panel, the lead's number in large
//! type; the rest of its blocks follow in two balanced columns.

use super::{FlowError, Piece, Style, call_piece, call_piece_measured, pieces, place};
use crate::content::{Block, Content};
use crate::frame::{Color, Item};

use crate::units::{Abs, Rect};

/// The thickest rule a template draws along a panel's top edge (the report panel's, in
/// the brand colour): the quiet zone of a code in the head stays below it.
pub const TOP_RULE: Abs = Abs::whole_pt(4);

/// The least space from a code's white plate to the ink of the address under it.
const PLATE_CLEAR: Abs = Abs::whole_pt(6);

/// How a panel is dressed.
#[derive(Clone, Debug)]
pub struct Look {
    /// The box's colour.
    pub fill: Color,
    /// Inner padding on every side.
    pub pad: Abs,
    /// Space between the panel's two columns.
    pub gutter: Abs,
    /// Size of the lead callout's number.
    pub lead: Abs,
    /// Room kept free at the head's end (the top right corner) for a pictogram, a square
    /// of this side: nothing of the heading or the lead's label runs into it.
    pub icon: Abs,
    /// The lead in the second column, beside the other blocks (in the first), rather
    /// than across the panel under the heading.
    pub lead_beside: bool,
}

/// The panel of `blocks` (a section: a heading, then its blocks) at `width`, dressed
/// by `s` (its colours for text on the panel's fill) and `look`. The lead is the first
/// callout; a code gets a white plate under it and its quiet zone, whatever the fill.
pub fn panel(
    shaper: &mut crate::layout::text::Shaper,
    blocks: &[(usize, &Block)],
    width: Abs,
    s: &Style,
    look: &Look,
) -> Result<Piece, (usize, FlowError)> {
    let inner = width - look.pad * 2.0;
    let col_w = (inner - look.gutter) / 2.0;
    let heading = blocks.iter().position(|(_, b)| matches!(b.content, Content::Heading(_))).filter(|&i| i == 0);
    let lead = blocks.iter().position(|(_, b)| matches!(b.content, Content::Call(_)));
    let gap = s.body * s.gap;

    // A code to the lead's own channel (the hotline's page) goes at the head's end,
    // beside the number it opens: the panel's first code, where the call is.
    let head_code = lead.filter(|_| !look.lead_beside).and_then(|l| {
        let Content::Call(call) = &blocks[l].1.content else { return None };
        blocks.iter().position(|(_, b)| matches!(&b.content, Content::Qr(q) if q.contact == call.contact))
    });
    let code = match head_code {
        Some(c) => {
            let (index, block) = blocks[c];
            let Content::Qr(qr) = &block.content else { unreachable!("a code block") };
            // The number beside it is its caption: under it only the address it
            // opens, clear of the code's white plate.
            let mut c = crate::layout::kit::code_over_address(shaper, qr, s.qr_symbol, s).map_err(|e| (index, e))?;
            let plate = c.items.iter().find_map(|i| if let Item::Qr { bounds, .. } = i { Some(*bounds) } else { None }).unwrap_or_default();
            // The address (its text and link, all under the plate) moved down as far as
            // its ink needs to clear the plate.
            let texts: Vec<Item> = c.items.iter().filter(|i| matches!(i, Item::Text { .. })).cloned().collect();
            let ink = crate::frame::first_ink(&texts, shaper.fonts).unwrap_or(plate.bottom());
            let more = (PLATE_CLEAR - (ink - plate.bottom())).max(Abs::ZERO);
            for item in &mut c.items {
                let under = match item {
                    Item::Text { origin, .. } => origin.y > plate.bottom(),
                    Item::Link { rect, .. } => rect.y() >= plate.bottom(),
                    _ => false,
                };
                if under {
                    item.translate(Abs::ZERO, more);
                }
            }
            c.h += more;
            let quiet = -plate.x();
            // From the box's start: the plate's end (the quiet zone's) or the address's.
            let end = (s.qr_symbol + quiet).max(c.w);
            Some((c, quiet, end))
        }
        None => None,
    };
    // The head's measure: the panel less the code's room (its plate and address), or
    // the pictogram's slot.
    let head_w = match &code {
        Some((_, quiet, end)) => inner - *quiet - *end - look.gutter,
        None => inner - look.icon - look.gutter,
    };
    let mut head = Vec::new();
    if let Some(h) = heading {
        head.extend(pieces(shaper, &blocks[h..=h], head_w, s)?);
    }
    let mut beside = None;
    if let Some(l) = lead {
        let (index, block) = blocks[l];
        let Content::Call(call) = &block.content else { unreachable!("a call block") };
        let big = Style { call_scale: look.lead / s.body, digits_scale: look.lead * 0.6 / s.body, call_fill: None, ..s.clone() };
        if look.lead_beside {
            beside = Some(call_piece(shaper, call, None, index, col_w, &big, Abs::ZERO).map_err(|e| (index, e))?);
        } else {
            let g = if head.is_empty() { Abs::ZERO } else { s.body * 0.4 };
            // The label at a reading measure (at most about 70 characters a line).
            let measure = (s.body * 32.0).min(head_w);
            let across = if code.is_some() { head_w } else { inner };
            head.push(call_piece_measured(shaper, call, None, index, across, measure, &big, g).map_err(|e| (index, e))?);
        }
    }
    // Beside a code, the paragraph after the lead joins the head (the note on the
    // number: who may call, what happens) where it fits beside the code, at a reading
    // measure; else it opens the columns.
    let mut head_note = head_code.and_then(|_| {
        let after = lead? + 1;
        (after..blocks.len()).filter(|&i| Some(i) != head_code).take(1).find(|&i| matches!(blocks[i].1.content, Content::Paragraph(_)))
    });
    if let (Some(n), Some((c, _, _))) = (head_note, &code) {
        let mut note = pieces(shaper, &blocks[n..=n], (s.body * 32.0).min(head_w), s)?;
        if let Some(first) = note.first_mut() {
            first.gap_before = s.body * 0.5;
        }
        let with_note: Vec<Piece> = head.iter().cloned().chain(note).collect();
        if (super::height(&with_note) + look.pad).fits(look.pad + c.h) {
            head = with_note;
        } else {
            head_note = None;
        }
    }
    let rest: Vec<(usize, &Block)> =
        blocks.iter().enumerate().filter(|(i, _)| ![heading, lead, head_code, head_note].contains(&Some(*i))).map(|(_, b)| *b).collect();
    let plain = Style { call_fill: None, ..s.clone() };
    let body = pieces(shaper, &rest, col_w, &plain)?;
    let (left, right): (Vec<Piece>, Vec<Piece>) = match beside {
        Some(call) => (body, vec![call]),
        None => {
            let split = balance(&body);
            let mut l = body;
            let r = l.split_off(split);
            (l, r)
        }
    };
    let block = blocks.first().map_or(0, |(i, _)| *i);
    let (mut head_items, mut head_h) = place(head, look.pad, look.pad);
    // The code's white plate (its quiet zone) inset as the text is, from the panel's
    // top and end, under the rule a template may draw along the top edge.
    if let Some((c, _, end)) = code {
        let y = look.pad.max(TOP_RULE + Abs::pt(1.0));
        head_h = head_h.max(y + c.h - look.pad);
        let x = look.pad + inner - end;
        head_items.extend(c.at(x, y));
    }
    let top = look.pad + head_h + if left.is_empty() && right.is_empty() { Abs::ZERO } else { gap };
    let (left_items, left_h) = place(left, look.pad, top);
    let (right_items, right_h) = place(right, look.pad + col_w + look.gutter, top);
    let cols = left_h.max(right_h);
    let height = top + cols + look.pad;
    let body: Vec<Item> = head_items.into_iter().chain(left_items).chain(right_items).collect();
    // The box around each code, its quiet zone, stays the paper's white: a plate a
    // scanner finds the code on, its edges on the panel's text edges.
    let holes: Vec<Rect> = body.iter().filter_map(|i| if let Item::Qr { bounds, .. } = i { Some(*bounds) } else { None }).collect();
    let mut items: Vec<Item> = around(Rect::new(Abs::ZERO, Abs::ZERO, width, height), &holes)
        .into_iter()
        .map(|rect| Item::Fill { rect, color: look.fill })
        .collect();
    items.extend(body);
    Ok(Piece { height, gap_before: Abs::ZERO, items: items.into(), keep_with_next: false, block })
}

/// `area` less the `holes` (inside it), as rectangles: a band for each run of rows
/// that the same holes cross, cut around them.
pub fn around(area: Rect, holes: &[Rect]) -> Vec<Rect> {
    let mut ys: Vec<Abs> = vec![area.y(), area.bottom()];
    for h in holes {
        ys.push(h.y().max(area.y()).min(area.bottom()));
        ys.push(h.bottom().max(area.y()).min(area.bottom()));
    }
    ys.sort();
    ys.dedup();
    let mut out = Vec::new();
    for pair in ys.windows(2) {
        let (top, bottom) = (pair[0], pair[1]);
        if bottom <= top {
            continue;
        }
        let mut cuts: Vec<(Abs, Abs)> = holes
            .iter()
            .filter(|h| h.y() < bottom && h.bottom() > top)
            .map(|h| (h.x().max(area.x()), h.right().min(area.right())))
            .collect();
        cuts.sort();
        let mut x = area.x();
        for (a, b) in cuts.into_iter().chain([(area.right(), area.right())]) {
            if a > x {
                out.push(Rect::new(x, top, a - x, bottom - top));
            }
            x = x.max(b);
        }
    }
    out
}

/// Where to end the first of two columns of `pieces` so that the taller is as short as
/// it can be, never after a piece that keeps with the next (a heading, a line of a list
/// item): the index of the first piece of the second column.
pub fn balance(pieces: &[Piece]) -> usize {
    let n = pieces.len();
    let mut best = (n, super::height(pieces));
    for k in 1..n {
        if pieces[k - 1].keep_with_next {
            continue;
        }
        let taller = super::height(&pieces[..k]).max(super::height(&pieces[k..]));
        if taller < best.1 {
            best = (k, taller);
        }
    }
    best.0
}
