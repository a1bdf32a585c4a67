//! Callouts: a label and a number in large type (digits beside a vanity number), and
//! QR codes with their caption and address; each a piece with its structure and links.

use super::{FlowError, Piece, Style, baseline, push_lines, tag_links, text_lines};
use crate::content::{Call, Qr};
use crate::layout::font::FontId;
use crate::layout::frame::{Color, Item, Role, Tag};
use crate::layout::text::Shaper;
use crate::qr::{Matrix, QUIET_ZONE};
use crate::units::{Abs, Point, Rect};

/// A callout: label, number in large type (digits beside a vanity number), address.
pub fn call_piece(shaper: &mut Shaper, call: &Call, block: usize, width: Abs, s: &Style, gap: Abs) -> Result<Piece, FlowError> {
    let pad = if s.call_fill.is_some() { s.body * 0.8 } else { Abs::ZERO };
    let inner = width - pad * 2.0;
    let mut items = Vec::new();
    // A plain number whose label fits beside it goes on one line: `... call 911`.
    if let (Some(phone), None) = (&call.phone, &call.web)
        && !phone.is_vanity()
        && !call.label.contains('\n')
    {
        let big = s.body * s.call_scale;
        let label_w = shaper.width(FontId::Regular, &call.label, s.body)?;
        let number_w = shaper.width(FontId::Bold, phone.written(), big)?;
        let space = s.body * 0.4;
        if (label_w + space + number_w).fits(inner) {
            let base = baseline(shaper, FontId::Bold, big, 1.15);
            let h = big * 1.15;
            let first = |lines: Vec<(Abs, Item)>| lines.into_iter().next().map(|(_, i)| i);
            let label = first(text_lines(shaper, FontId::Regular, &call.label, s.body, s.leading, inner, s.text)?);
            let number = first(text_lines(shaper, FontId::Bold, phone.written(), big, 1.15, inner, s.call_number)?);
            let (Some(mut label), Some(mut number)) = (label, number) else {
                return Err(FlowError::Message("a callout needs a label and a number".into()));
            };
            for (item, x) in [(&mut label, pad), (&mut number, pad + label_w + space)] {
                if let Item::Text { origin, .. } = item {
                    *origin = Point::new(x, pad + base);
                }
            }
            items.extend([label, number]);
            items.push(Item::Link { rect: Rect::new(pad + label_w + space, pad, number_w, h), uri: phone.tel_uri(), tag: Tag::Artifact });
            return Ok(finish_call(shaper, items, pad + h + pad, width, s, gap, block));
        }
    }
    let lines = text_lines(shaper, FontId::Regular, &call.label, s.body, s.leading, inner, s.text)?;
    let mut y = push_lines(&mut items, lines, pad, pad);
    if let Some(phone) = &call.phone {
        let big = s.body * s.call_scale;
        let number_w = shaper.width(FontId::Bold, phone.written(), big)?;
        let lines = text_lines(shaper, FontId::Bold, phone.written(), big, 1.15, inner, s.call_number)?;
        let top = y;
        y = push_lines(&mut items, lines, pad, y);
        // One link for the number and, for a vanity number, the digits beside it: it is
        // announced once, as both are printed.
        let link = items.len();
        items.push(Item::Link { rect: Rect::new(pad, top, number_w.min(inner), y - top), uri: phone.tel_uri(), tag: Tag::Artifact });
        if phone.is_vanity() {
            let digits_w = shaper.width(FontId::Regular, phone.digits_written(), s.body)?;
            let space = s.body * 0.7;
            let base_big = baseline(shaper, FontId::Bold, big, 1.15);
            let lines = text_lines(shaper, FontId::Regular, phone.digits_written(), s.body, s.leading, inner, s.text)?;
            if (number_w + space + digits_w).fits(inner) {
                // Beside the number, on its baseline.
                let x = pad + number_w + space;
                let (_, mut item) = lines.into_iter().next().expect("one line");
                if let Item::Text { origin, .. } = &mut item {
                    origin.x = x;
                    origin.y = top + base_big;
                }
                items.push(item);
                if let Item::Link { rect, .. } = &mut items[link] {
                    rect.w = x + digits_w - pad;
                }
            } else {
                y = push_lines(&mut items, lines, pad, y);
                if let Item::Link { rect, .. } = &mut items[link] {
                    rect.w = rect.w.max(digits_w.min(inner));
                    rect.h = y - top;
                }
            }
        }
    }
    if let Some(web) = &call.web {
        let w = shaper.width(FontId::Bold, web.display(), s.body)?;
        let lines = text_lines(shaper, FontId::Bold, web.display(), s.body, s.leading, inner, s.link)?;
        let t = y;
        y = push_lines(&mut items, lines, pad, y);
        items.push(Item::Link { rect: Rect::new(pad, t, w.min(inner), y - t), uri: web.href().to_string(), tag: Tag::Artifact });
    }
    Ok(finish_call(shaper, items, y + pad, width, s, gap, block))
}

/// A callout's piece, on its tinted box when the style has one: its text one paragraph
/// of the structure, its numbers links.
fn finish_call(shaper: &mut Shaper, mut items: Vec<Item>, height: Abs, width: Abs, s: &Style, gap: Abs, block: usize) -> Piece {
    let p = shaper.elem(block, 0, Role::P, None, None);
    items.iter_mut().for_each(|i| i.set_tag(p));
    tag_links(shaper, &mut items, block, p);
    if let Some(fill) = s.call_fill {
        items.insert(0, Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, width, height), color: fill });
    }
    Piece { height, gap_before: gap, items, keep_with_next: false, block }
}

/// A QR code with its quiet zone, and its caption beside it (or below it when the
/// column is narrow), then the address it opens.
pub fn qr_piece(shaper: &mut Shaper, qr: &Qr, block: usize, width: Abs, s: &Style, gap: Abs) -> Result<Piece, FlowError> {
    let matrix = Matrix::encode(&qr.payload).map_err(FlowError::Message)?;
    let module = s.qr_symbol / matrix.width as f64;
    let quiet = module * QUIET_ZONE as f64;
    let boxw = s.qr_symbol + quiet * 2.0;
    let mut items = vec![
        Item::Qr {
            rects: matrix.rects(quiet, quiet, module),
            color: Color::BLACK,
            bounds: Rect::new(Abs::ZERO, Abs::ZERO, boxw, boxw),
            payload: qr.payload.clone(),
            tag: Tag::Artifact,
        },
        // The code is a link too, for a reader on a screen; it is one Link element with
        // the address printed under it, announced once, as printed.
        Item::Link { rect: Rect::new(quiet, quiet, s.qr_symbol, s.qr_symbol), uri: qr.payload.clone(), tag: Tag::Artifact },
    ];
    let beside = width - boxw >= s.body * 7.0;
    let (x, col) = if beside { (boxw, width - boxw) } else { (Abs::ZERO, width.max(boxw)) };
    let mut caption = text_lines(shaper, FontId::Regular, &qr.caption, s.body, s.leading, col, s.text)?;
    let shown_w = shaper.width(FontId::Bold, &qr.shown, s.body)?;
    caption.extend(text_lines(shaper, FontId::Bold, &qr.shown, s.body, s.leading, col, s.link)?);
    let text_h: Abs = caption.iter().map(|(h, _)| *h).sum();
    let top = if beside { ((boxw - text_h) / 2.0).max(Abs::ZERO) } else { boxw + s.body * 0.2 };
    let end = push_lines(&mut items, caption, x, top);
    let lh = s.body * s.leading;
    items.push(Item::Link { rect: Rect { x, y: end - lh, w: shown_w.min(col), h: lh }, uri: qr.payload.clone(), tag: Tag::Artifact });
    // The code is a figure described in words; its caption and address a paragraph.
    let alt = format!("{}: {} ({})", shaper.qr_label, qr.caption.replace('\n', " / "), qr.shown);
    let figure = shaper.elem(block, 0, Role::Figure, None, Some(alt));
    let caption = shaper.elem(block, 1, Role::P, None, None);
    for item in items.iter_mut() {
        item.set_tag(if matches!(item, Item::Qr { .. }) { figure } else { caption });
    }
    tag_links(shaper, &mut items, block, caption);
    Ok(Piece { height: end.max(boxw), gap_before: gap, items, keep_with_next: false, block })
}
