//! Callouts: a label and a number in large type (digits beside a vanity number), and
//! QR codes with their caption and address; each a piece with its structure and links.
//!
//! On a bilingual poster a callout's label and a code's caption come in two languages:
//! each is its own paragraph, in its language, and the number or address a person
//! then reads is a paragraph of its own after them.

use super::{FlowError, Piece, Style, baseline, push_lines, shown, text_lines};
use crate::content::{Call, Qr};
use crate::frame::font::FontId;
use crate::frame::{Color, Item, Node, Role, wrap};
use crate::layout::text::Shaper;
use crate::qr::{Matrix, QUIET_ZONE};
use crate::units::{Abs, Point, Rect};

/// A text in a second language, and that language's BCP 47 tag.
#[derive(Clone, Copy, Debug)]
pub struct Second<'a> {
    pub text: &'a str,
    pub lang: &'a str,
}

/// A callout: label (and its translation), number in large type (digits beside a
/// vanity number), address.
pub fn call_piece(
    shaper: &mut Shaper,
    call: &Call,
    second: Option<Second>,
    block: usize,
    width: Abs,
    s: &Style,
    gap: Abs,
) -> Result<Piece, FlowError> {
    call_piece_measured(shaper, call, second, block, width, width, s, gap)
}

/// A callout as [`call_piece`], its label wrapped at `measure` at most (a callout
/// across a panel: the number as wide as it needs, the label at a reading measure).
#[allow(clippy::too_many_arguments)]
pub fn call_piece_measured(
    shaper: &mut Shaper,
    call: &Call,
    second: Option<Second>,
    block: usize,
    width: Abs,
    measure: Abs,
    s: &Style,
    gap: Abs,
) -> Result<Piece, FlowError> {
    let pad = if s.call_fill.is_some() { s.body * 0.8 } else { Abs::ZERO };
    let inner = width - pad * 2.0;
    let label_w = measure.min(width) - pad * 2.0;
    let mut items = Vec::new();
    // A plain number whose label fits beside it goes on one line: `... call 911`.
    if let (Some(phone), None, None) = (&call.phone, &call.web, second) {
        let big = s.body * s.call_scale;
        let number_w = shaper.width(FontId::Bold, phone.written(), big)?;
        let space = s.body * 0.4;
        if !phone.is_vanity()
            && let Some(line) = label_then_number(shaper, call, block, width, s, gap)?
        {
            return Ok(line);
        }
        // A label too long for one line: wrapped beside the number, which sits on its
        // last line's baseline (`... ahora mismo, / llame al  911`), never alone under it.
        // Only where the label's last line is (about) its widest: the number then
        // follows the words it completes, never across a gap.
        let room = inner - space - number_w;
        if !phone.is_vanity()
            && room >= inner * 0.45
            && let Some((lines, widest)) = label_ending_widest(shaper, &call.label, s, room)?
        {
            let mut label = Vec::new();
            let end = push_lines(&mut label, lines, pad, pad);
            let base = end - s.body * s.leading + baseline(shaper, FontId::Regular, s.body, s.leading);
            let numbers = text_lines(shaper, FontId::Bold, phone.written(), big, 1.15, inner, s.call_number)?;
            let Some((_, mut number)) = numbers.into_iter().next() else { return Err(FlowError::EmptyCallout) };
            let x = pad + widest + space;
            if let Item::Text { origin, .. } = &mut number {
                *origin = Point::new(x, base);
            }
            let asc = big * 0.75;
            let link = Item::Link { rect: Rect::new(x, base - asc, number_w, asc + big * 0.3), uri: call.link(phone) };
            items.extend(label);
            items.extend(wrap(s.node(Role::Link).alt(shown(&[phone.written()])), vec![number, link]));
            let height = end.max(base + big * 0.3) + pad;
            return Ok(finish_call(wrap(s.node(Role::P), items), height, width, s, gap, block));
        }
    }
    // Two languages and a plain number: both labels at the left, the number beside
    // them on the last label's baseline, when they fit.
    if let (Some(phone), None, Some(second)) = (&call.phone, &call.web, second)
        && !phone.is_vanity()
    {
        let big = s.body * s.call_scale;
        let label_w = shaper.width(FontId::Regular, &call.label, s.body)?.max(shaper.width(FontId::Regular, second.text, s.body)?);
        let number_w = shaper.width(FontId::Bold, phone.written(), big)?;
        let space = s.body * 0.6;
        if (label_w + space + number_w).fits(inner) {
            let mut first = Vec::new();
            let y = push_lines(&mut first, text_lines(shaper, FontId::Regular, &call.label, s.body, s.leading, inner, s.text)?, pad, pad);
            let mut other = Vec::new();
            let end =
                push_lines(&mut other, text_lines(shaper, FontId::Regular, second.text, s.body, s.leading, inner, s.translation)?, pad, y);
            items.extend(wrap(s.node(Role::P), first));
            items.extend(wrap(Node::new(Role::P).lang(Some(second.lang)), other));
            let lines = text_lines(shaper, FontId::Bold, phone.written(), big, 1.15, inner, s.call_number)?;
            let Some((_, mut number)) = lines.into_iter().next() else { return Err(FlowError::EmptyCallout) };
            // The number's baseline on the second label's.
            let base = end - s.body * s.leading + baseline(shaper, FontId::Regular, s.body, s.leading);
            let x = pad + label_w + space;
            if let Item::Text { origin, .. } = &mut number {
                *origin = Point::new(x, base);
            }
            let asc = big * 0.75;
            let link = Item::Link { rect: Rect::new(x, base - asc, number_w, asc + big * 0.3), uri: call.link(phone) };
            let number = wrap(s.node(Role::Link).alt(shown(&[phone.written()])), vec![number, link]);
            items.extend(wrap(s.node(Role::P), number));
            let top_of_number = base - asc;
            let height = end.max(base + big * 0.3) + pad - top_of_number.min(Abs::ZERO);
            return Ok(finish_call(items, height, width, s, gap, block));
        }
    }
    let lines = super::balanced_lines(shaper, FontId::Regular, &call.label, s.body, s.leading, label_w, s.text)?;
    let mut label = Vec::new();
    let mut y = push_lines(&mut label, lines, pad, pad);
    let mut numbers = Vec::new();
    if let Some(second) = second {
        // Both labels, each its own paragraph in its language; the number after them.
        items.extend(wrap(s.node(Role::P), label));
        let lines = super::balanced_lines(shaper, FontId::Regular, second.text, s.body, s.leading, inner, s.translation)?;
        let mut other = Vec::new();
        y = push_lines(&mut other, lines, pad, y);
        items.extend(wrap(Node::new(Role::P).lang(Some(second.lang)), other));
    } else {
        numbers = label;
    }
    if let Some(phone) = &call.phone {
        let big = s.body * s.call_scale;
        let number_w = shaper.width(FontId::Bold, phone.written(), big)?;
        let lines = text_lines(shaper, FontId::Bold, phone.written(), big, 1.15, inner, s.call_number)?;
        let top = y;
        let mut link = Vec::new();
        y = push_lines(&mut link, lines, pad, y);
        // One link for the number and, for a vanity number, the digits beside it: it is
        // announced once, as both are printed.
        let mut area = Rect::new(pad, top, number_w.min(inner), y - top);
        let mut said = vec![phone.written()];
        if phone.is_vanity() {
            let digits_size = s.body * s.digits_scale;
            let digits_w = shaper.width(FontId::Regular, phone.digits_written(), digits_size)?;
            let space = s.body * 0.7;
            let base_big = baseline(shaper, FontId::Bold, big, 1.15);
            let lines = text_lines(shaper, FontId::Regular, phone.digits_written(), digits_size, s.leading, inner, s.text)?;
            if (number_w + space + digits_w).fits(inner) {
                // Beside the number, on its baseline.
                let x = pad + number_w + space;
                let (_, mut item) = lines.into_iter().next().expect("one line");
                if let Item::Text { origin, .. } = &mut item {
                    origin.x = x;
                    origin.y = top + base_big;
                }
                link.push(item);
                area = area.resized(x + digits_w - pad, area.h());
            } else {
                y = push_lines(&mut link, lines, pad, y);
                area = area.resized(area.w().max(digits_w.min(inner)), y - top);
            }
            said.push(phone.digits_written());
        }
        link.push(Item::Link { rect: area, uri: call.link(phone) });
        numbers.extend(wrap(s.node(Role::Link).alt(shown(&said)), link));
    }
    if let Some(web) = &call.web {
        let w = shaper.width(FontId::Bold, web.display(), s.body)?;
        let lines = text_lines(shaper, FontId::Bold, web.display(), s.body, s.leading, inner, s.link)?;
        let t = y;
        let mut link = Vec::new();
        y = push_lines(&mut link, lines, pad, y);
        link.push(Item::Link { rect: Rect::new(pad, t, w.min(inner), y - t), uri: web.href().to_string() });
        numbers.extend(wrap(s.node(Role::Link).alt(shown(&[web.display()])), link));
    }
    items.extend(wrap(s.node(Role::P), numbers));
    Ok(finish_call(items, y + pad, width, s, gap, block))
}

/// Lines of text, each with its height.
type Lines = Vec<(Abs, Item)>;

/// The label wrapped within `room` so that its last line is its widest, or short of
/// it by a body size at most (a number set after the widest line then follows the
/// last line's words closely): the balanced or the greedy breaks at `room` or
/// narrower, in no more lines than the balanced breaks at `room` take. With its
/// widest line's width; `None` when no such breaks exist.
fn label_ending_widest(shaper: &mut Shaper, label: &str, s: &Style, room: Abs) -> Result<Option<(Lines, Abs)>, FlowError> {
    let fonts = shaper.fonts;
    let ends_widest = |lines: &[(Abs, Item)]| {
        let widths: Vec<Abs> = lines.iter().filter_map(|(_, i)| crate::frame::text_box(i, fonts)).map(|b| b.w()).collect();
        let widest = widths.iter().copied().fold(Abs::ZERO, Abs::max);
        widths.last().is_some_and(|last| (widest - *last).fits(s.body)).then_some(widest)
    };
    let first = super::balanced_lines(shaper, FontId::Regular, label, s.body, s.leading, room, s.text)?;
    let most = first.len();
    if let Some(widest) = ends_widest(&first) {
        return Ok(Some((first, widest)));
    }
    let mut w = room;
    while w >= room * 0.55 {
        for balanced in [true, false] {
            // The balanced breaks at `room` are tried above.
            if balanced && w == room {
                continue;
            }
            let lines = if balanced {
                super::balanced_lines(shaper, FontId::Regular, label, s.body, s.leading, w, s.text)
            } else {
                text_lines(shaper, FontId::Regular, label, s.body, s.leading, w, s.text)
            };
            let lines = match lines {
                Ok(l) => l,
                Err(FlowError::TooWide(_)) => return Ok(None),
                Err(e) => return Err(e),
            };
            if lines.len() <= most
                && let Some(widest) = ends_widest(&lines)
            {
                return Ok(Some((lines, widest)));
            }
        }
        w -= s.body * 0.5;
    }
    Ok(None)
}

/// A callout's piece, on its tinted box when the style has one.
/// A callout on one line, its label then its number (a vanity number without its
/// digits): `Worried about a child? Call 1-844-CO-4-KIDS`. `None` when they do not
/// fit `width` on one line.
pub fn call_line(shaper: &mut Shaper, call: &Call, block: usize, width: Abs, s: &Style, gap: Abs) -> Result<Option<Piece>, FlowError> {
    label_then_number(shaper, call, block, width, s, gap)
}

fn label_then_number(shaper: &mut Shaper, call: &Call, block: usize, width: Abs, s: &Style, gap: Abs) -> Result<Option<Piece>, FlowError> {
    let Some(phone) = &call.phone else { return Ok(None) };
    let pad = if s.call_fill.is_some() { s.body * 0.8 } else { Abs::ZERO };
    let inner = width - pad * 2.0;
    let big = s.body * s.call_scale;
    let label_w = shaper.width(FontId::Regular, &call.label, s.body)?;
    let number_w = shaper.width(FontId::Bold, phone.written(), big)?;
    let space = s.body * 0.4;
    if !(label_w + space + number_w).fits(inner) {
        return Ok(None);
    }
    let base = baseline(shaper, FontId::Bold, big, 1.15);
    let h = big * 1.15;
    let first = |lines: Vec<(Abs, Item)>| lines.into_iter().next().map(|(_, i)| i);
    let label = first(text_lines(shaper, FontId::Regular, &call.label, s.body, s.leading, inner, s.text)?);
    let number = first(text_lines(shaper, FontId::Bold, phone.written(), big, 1.15, inner, s.call_number)?);
    let (Some(mut label), Some(mut number)) = (label, number) else {
        return Err(FlowError::EmptyCallout);
    };
    for (item, x) in [(&mut label, pad), (&mut number, pad + label_w + space)] {
        if let Item::Text { origin, .. } = item {
            *origin = Point::new(x, pad + base);
        }
    }
    let mut items = vec![label];
    let link = Item::Link { rect: Rect::new(pad + label_w + space, pad, number_w, h), uri: call.link(phone) };
    items.extend(wrap(s.node(Role::Link).alt(shown(&[phone.written()])), vec![number, link]));
    Ok(Some(finish_call(wrap(s.node(Role::P), items), pad + h + pad, width, s, gap, block)))
}

fn finish_call(mut items: Vec<Item>, height: Abs, width: Abs, s: &Style, gap: Abs, block: usize) -> Piece {
    if let Some(fill) = s.call_fill {
        items.insert(0, Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, width, height), color: fill });
    }
    Piece { height, gap_before: gap, items: items.into(), keep_with_next: false, block }
}

/// A QR code with its quiet zone, and its caption (and the caption's translation)
/// beside it, or below it when the column is narrow, then the address it opens.
pub fn qr_piece(
    shaper: &mut Shaper,
    qr: &Qr,
    second: Option<Second>,
    block: usize,
    width: Abs,
    s: &Style,
    gap: Abs,
) -> Result<Piece, FlowError> {
    let matrix = Matrix::encode(&qr.payload).map_err(FlowError::Qr)?;
    let module = s.qr_symbol / matrix.width as f64;
    let quiet = module * QUIET_ZONE as f64;
    let boxw = s.qr_symbol + quiet * 2.0;
    // The code is a figure described in words; with a second language, the
    // description in it follows as an element of its own in that language (nothing
    // drawn in it), so that a screen reader reads each half in its own voice.
    let describe = |label: &str, caption: &str| format!("{label}: {caption} ({})", qr.shown);
    let code = Item::Qr {
        rects: matrix.rects(quiet, quiet, module),
        color: Color::BLACK,
        bounds: Rect::new(Abs::ZERO, Abs::ZERO, boxw, boxw),
        payload: qr.payload.clone(),
    };
    let mut items = wrap(s.node(Role::Figure).alt(describe(&shaper.qr_label, &qr.caption)), vec![code]);
    if let Some(o) = second {
        let label = shaper.qr_label_in.get(o.lang).unwrap_or(&shaper.qr_label);
        items.extend(wrap(Node::new(Role::Figure).alt(describe(label, o.text)).lang(Some(o.lang)), Vec::new()));
    }

    // The caption goes beside the code when the column leaves room for the address on
    // one line (and a few words a line); else under it. Either way it lines up with
    // the code's visible edge, never its quiet zone: beside, its first line's top on
    // the modules' top (clear of the white plate a code has on a coloured panel); under, its left edge on the modules' left.
    let shown_w = shaper.width(FontId::Bold, &qr.shown, s.body)?;
    let clear = s.body * 0.9;
    let beside = width - boxw - clear >= (s.body * 7.0).max(shown_w);
    let (x, col) = if beside { (boxw + clear, width - boxw - clear) } else { (quiet, (width - quiet).max(s.qr_symbol)) };
    let caption = super::balanced_lines(shaper, FontId::Regular, &qr.caption, s.body, s.leading, col, s.text)?;
    let other = match second {
        Some(o) => Some((super::balanced_lines(shaper, FontId::Regular, o.text, s.body, s.leading, col, s.translation)?, o.lang)),
        None => None,
    };
    let address = text_lines(shaper, FontId::Bold, &qr.shown, s.body, s.leading, col, s.link)?;
    let top = if beside {
        // The first line's cap height on the modules' top edge.
        let f = shaper.fonts.get(FontId::Regular);
        let cap = f.scale(f.cap_height as i64, s.body);
        quiet - (baseline(shaper, FontId::Regular, s.body, s.leading) - cap)
    } else {
        boxw + s.body * 0.2
    };

    let mut first = Vec::new();
    let mut y = push_lines(&mut first, caption, x, top);
    let mut after = Vec::new();
    if let Some((lines, lang)) = other {
        items.extend(wrap(s.node(Role::P), first));
        let mut translated = Vec::new();
        y = push_lines(&mut translated, lines, x, y);
        items.extend(wrap(Node::new(Role::P).lang(Some(lang)), translated));
    } else {
        after = first;
    }
    // The code is a link too, for a reader on a screen: one Link element with the
    // address printed under it, announced once, as printed.
    let mut link = Vec::new();
    let end = push_lines(&mut link, address, x, y);
    let lh = s.body * s.leading;
    link.push(Item::Link { rect: Rect::new(x, end - lh, shown_w.min(col), lh), uri: qr.payload.clone() });
    link.push(Item::Link { rect: Rect::new(quiet, quiet, s.qr_symbol, s.qr_symbol), uri: qr.payload.clone() });
    after.extend(wrap(s.node(Role::Link).alt(shown(&[&qr.shown])), link));
    items.extend(wrap(s.node(Role::P), after));
    Ok(Piece { height: end.max(boxw), gap_before: gap, items: items.into(), keep_with_next: false, block })
}
