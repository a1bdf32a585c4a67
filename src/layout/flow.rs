//! Blocks to pieces: each block becomes one or more pieces (a line, a heading, a
//! callout, a QR code with its caption) that a template stacks into its regions.

use super::font::FontId;
use super::frame::{Color, Item, Role, Tag};
use super::text::{Line, Shaper, TooWide};
use crate::content::{Block, Call, Content, Qr};
use crate::qr::{Matrix, QUIET_ZONE};
use crate::units::{Abs, Point, Rect};

/// How a template dresses the blocks of one region.
#[derive(Clone, Debug)]
pub struct Style {
    /// Body text size.
    pub body: Abs,
    /// Line height as a multiple of the text size.
    pub leading: f64,
    pub text: Color,
    pub heading: Color,
    /// Heading size as a multiple of the body size.
    pub heading_scale: f64,
    /// Space before a block, as a multiple of the body size.
    pub gap: f64,
    /// Size of a callout's number as a multiple of the body size.
    pub call_scale: f64,
    pub call_number: Color,
    /// Tinted box behind each callout, if any.
    pub call_fill: Option<Color>,
    /// Printed width of a QR symbol, quiet zone excluded.
    pub qr_symbol: Abs,
    /// Colour of the address printed under a QR caption.
    pub link: Color,
}

/// A unit the templates stack: items positioned relative to the piece's top-left.
#[derive(Clone, Debug)]
pub struct Piece {
    pub height: Abs,
    pub gap_before: Abs,
    pub items: Vec<Item>,
    /// Never end a region after this piece (headings).
    pub keep_with_next: bool,
    /// Index of the block it came from.
    pub block: usize,
}

/// Why a block could not be laid out.
#[derive(Clone, Debug, PartialEq)]
pub enum FlowError {
    TooWide(TooWide),
    MissingGlyph(char),
    Message(String),
}

impl FlowError {
    pub fn message(&self, size: Abs) -> String {
        match self {
            FlowError::TooWide(t) => format!("`{}` is {} too wide for its column at {}", t.word, t.excess, size),
            FlowError::MissingGlyph(c) => format!("the font has no glyph for `{c}` (U+{:04X})", *c as u32),
            FlowError::Message(msg) => msg.clone(),
        }
    }
}

impl From<char> for FlowError {
    fn from(c: char) -> FlowError {
        FlowError::MissingGlyph(c)
    }
}

impl From<TooWide> for FlowError {
    fn from(t: TooWide) -> FlowError {
        FlowError::TooWide(t)
    }
}

/// The baseline of a line of text at `size` in a line box `leading` times as tall.
pub fn baseline(shaper: &Shaper, font: FontId, size: Abs, leading: f64) -> Abs {
    let f = shaper.fonts.get(font);
    let asc = f.scale(f.ascender as i64, size);
    let desc = f.scale(-(f.descender as i64), size);
    (size * leading - asc - desc) / 2.0 + asc
}

/// Wrap `text` and return each line's height and text item, positioned within its own
/// line box (y = 0 at the top of the line). [`stack`] puts them one under another.
pub fn text_lines(
    shaper: &mut Shaper,
    font: FontId,
    text: &str,
    size: Abs,
    leading: f64,
    width: Abs,
    color: Color,
) -> Result<Vec<(Abs, Item)>, FlowError> {
    let lines = shaper.shape(font, text)?.wrap(size, width)?;
    let lh = size * leading;
    let base = baseline(shaper, font, size, leading);
    Ok(lines.into_iter().map(|line| (lh, line_item(line, font, size, color, Point::new(Abs::ZERO, base)))).collect())
}

/// Lines one under another from y = 0: their items and the total height.
pub fn stack(lines: Vec<(Abs, Item)>) -> (Vec<Item>, Abs) {
    let mut items = Vec::with_capacity(lines.len());
    let end = push_lines(&mut items, lines, Abs::ZERO, Abs::ZERO);
    (items, end)
}

pub fn line_item(line: Line, font: FontId, size: Abs, color: Color, origin: Point) -> Item {
    Item::Text { origin, font, size, color, glyphs: line.glyphs, tag: Tag::Artifact }
}

/// Lay out `blocks` (with their indices in the material) at `width`.
pub fn pieces(shaper: &mut Shaper, blocks: &[(usize, &Block)], width: Abs, style: &Style) -> Result<Vec<Piece>, (usize, FlowError)> {
    let mut out = Vec::new();
    for (n, (index, block)) in blocks.iter().enumerate() {
        let gap = if n == 0 { Abs::ZERO } else { style.body * style.gap };
        block_pieces(shaper, &block.content, *index, width, style, gap, &mut out).map_err(|e| (*index, e))?;
    }
    Ok(out)
}

fn block_pieces(
    shaper: &mut Shaper,
    content: &Content,
    block: usize,
    width: Abs,
    s: &Style,
    gap: Abs,
    out: &mut Vec<Piece>,
) -> Result<(), FlowError> {
    let first = out.len();
    match content {
        Content::Kicker(text) => {
            let lines = text_lines(shaper, FontId::Bold, text, s.body, 1.2, width, s.heading)?;
            out.push(stack_lines(lines, gap, true, block));
            tag_pieces(&mut out[first..], shaper.elem(block, 0, Role::P, None, None));
        }
        Content::Heading(text) => {
            let size = s.body * s.heading_scale;
            let lines = text_lines(shaper, FontId::Bold, text, size, 1.2, width, s.heading)?;
            out.push(stack_lines(lines, gap * 1.3, true, block));
            tag_pieces(&mut out[first..], shaper.elem(block, 0, Role::H2, None, None));
        }
        Content::Paragraph(text) => {
            let lines = text_lines(shaper, FontId::Regular, text, s.body, s.leading, width, s.text)?;
            let n = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                // No orphan (a first line alone at the foot of a page) and no widow (a last
                // line alone at the top of the next): those lines keep with their neighbour.
                let keep = n > 1 && (i == 0 || i + 2 == n);
                out.push(stack_lines(vec![line], if i == 0 { gap } else { Abs::ZERO }, keep, block));
            }
            tag_pieces(&mut out[first..], shaper.elem(block, 0, Role::P, None, None));
        }
        Content::Bullets(items) => {
            let indent = s.body * 1.15;
            let list = shaper.elem(block, 0, Role::L, None, None);
            let mut bullet_lines = text_lines(shaper, FontId::Bold, "•", s.body, s.leading, width, s.heading)?;
            for (i, item) in items.iter().enumerate() {
                let li = shaper.elem(block, 1 + 3 * i as u32, Role::LI, Some(list), None);
                let label = shaper.elem(block, 2 + 3 * i as u32, Role::Lbl, Some(li), None);
                let body = shaper.elem(block, 3 + 3 * i as u32, Role::LBody, Some(li), None);
                bullet_lines[0].1.set_tag(label);
                let lines = text_lines(shaper, FontId::Regular, item, s.body, s.leading, width - indent, s.text)?;
                let n_lines = lines.len();
                for (j, (h, mut line)) in lines.into_iter().enumerate() {
                    line.translate(indent, Abs::ZERO);
                    line.set_tag(body);
                    let mut items = vec![line];
                    if j == 0 {
                        // The label first, in reading order.
                        items.insert(0, bullet_lines[0].1.clone());
                    }
                    let g = match (i, j) {
                        (0, 0) => gap,
                        (_, 0) => s.body * 0.3,
                        _ => Abs::ZERO,
                    };
                    let keep = n_lines > 1 && (j == 0 || j + 2 == n_lines);
                    out.push(Piece { height: h, gap_before: g, items, keep_with_next: keep, block });
                }
            }
        }
        Content::Call(call) => out.push(call_piece(shaper, call, block, width, s, gap)?),
        Content::Qr(qr) => out.push(qr_piece(shaper, qr, block, width, s, gap)?),
    }
    Ok(())
}

/// Put every drawn item of `pieces` in element `tag`.
fn tag_pieces(pieces: &mut [Piece], tag: Tag) {
    pieces.iter_mut().flat_map(|p| p.items.iter_mut()).for_each(|i| i.set_tag(tag));
}

/// Give each link among `items` a Link element under `parent`. The text a link covers
/// (a number, an address) goes into the Link element, and is also its description
/// (the annotation's /Contents): a link is announced as what it shows, in the
/// document's own words, never as a rewritten number.
fn tag_links(shaper: &mut Shaper, items: &mut [Item], block: usize, parent: Tag) {
    let areas: Vec<Rect> = items.iter().filter_map(|i| if let Item::Link { rect, .. } = i { Some(*rect) } else { None }).collect();
    let inside = |r: &Rect, o: &Point| r.x <= o.x && o.x < r.right() && r.y <= o.y && o.y <= r.bottom();
    let mut shown: Vec<Vec<String>> = vec![Vec::new(); areas.len()];
    for item in items.iter() {
        if let Item::Text { origin, glyphs, .. } = item
            && let Some(k) = areas.iter().position(|r| inside(r, origin))
        {
            shown[k].push(glyphs.iter().map(|g| g.text.as_str()).collect::<String>().replace('\u{a0}', " ").trim().to_string());
        }
    }
    // Links to the same place (a QR code and the address printed under it) are one
    // Link element, described by the text they show.
    let uris: Vec<String> = items.iter().filter_map(|i| if let Item::Link { uri, .. } = i { Some(uri.clone()) } else { None }).collect();
    let mut tags: Vec<Tag> = Vec::with_capacity(areas.len());
    let mut n = 0;
    for item in items.iter_mut() {
        if let Item::Link { uri, tag, .. } = item {
            let first = uris.iter().position(|u| u == uri).unwrap_or(n);
            if first < n {
                *tag = tags[first];
            } else {
                let text: Vec<String> = (0..uris.len()).filter(|k| uris[*k] == *uri).flat_map(|k| shown[k].clone()).collect();
                let text = text.join(", ");
                let alt = if text.is_empty() { uri.trim_start_matches("https://").trim_end_matches('/').to_string() } else { text };
                *tag = shaper.elem(block, 900 + n as u32, Role::Link, Some(parent), Some(alt));
            }
            tags.push(*tag);
            n += 1;
        }
    }
    for item in items.iter_mut() {
        if let Item::Text { origin, .. } = item
            && let Some(k) = areas.iter().position(|r| inside(r, origin))
        {
            item.set_tag(tags[k]);
        }
    }
}

fn stack_lines(lines: Vec<(Abs, Item)>, gap: Abs, keep: bool, block: usize) -> Piece {
    let (items, height) = stack(lines);
    Piece { height, gap_before: gap, items, keep_with_next: keep, block }
}

/// Stack text lines at `y`, returning the new y.
fn push_lines(items: &mut Vec<Item>, lines: Vec<(Abs, Item)>, x: Abs, mut y: Abs) -> Abs {
    for (h, mut item) in lines {
        item.translate(x, y);
        items.push(item);
        y += h;
    }
    y
}

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

/// Two columns of pieces as one piece: `left` at the piece's left edge, `right`
/// starting `offset` to the right; as tall as the taller column.
pub fn side_by_side(left: Vec<Piece>, right: Vec<Piece>, offset: Abs) -> Option<Piece> {
    let (gap_before, block) = left.first().map(|p| (p.gap_before, p.block))?;
    let (mut items, h_left) = place(left, Abs::ZERO, Abs::ZERO);
    let (more, h_right) = place(right, offset, Abs::ZERO);
    items.extend(more);
    Some(Piece { height: h_left.max(h_right), gap_before, items, keep_with_next: false, block })
}

/// Place pieces top-down from (x, y) and return their items and the height used.
pub fn place(pieces: Vec<Piece>, x: Abs, y: Abs) -> (Vec<Item>, Abs) {
    let mut out = Vec::new();
    let mut cursor = Abs::ZERO;
    for (i, p) in pieces.into_iter().enumerate() {
        if i > 0 {
            cursor += p.gap_before;
        }
        for mut item in p.items {
            item.translate(x, y + cursor);
            out.push(item);
        }
        cursor += p.height;
    }
    (out, cursor)
}

/// The block of the first piece that ends below `space` when the pieces are stacked.
pub fn first_overflowing(pieces: &[Piece], space: Abs) -> Option<usize> {
    let mut y = Abs::ZERO;
    for (i, p) in pieces.iter().enumerate() {
        y += if i == 0 { p.height } else { p.gap_before + p.height };
        if !y.fits(space) {
            return Some(p.block);
        }
    }
    None
}

/// Total height of pieces stacked with their gaps (the first gap dropped).
pub fn height(pieces: &[Piece]) -> Abs {
    pieces.iter().enumerate().map(|(i, p)| if i == 0 { p.height } else { p.gap_before + p.height }).sum()
}
