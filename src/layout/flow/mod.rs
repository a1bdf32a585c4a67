//! Blocks to pieces: each block becomes one or more pieces (a line, a heading, a
//! callout, a QR code with its caption) that a template stacks into its regions.

mod callout;

pub use callout::{call_piece, qr_piece};

use super::font::FontId;
use super::frame::{Color, Item, Role, Tag};
use super::text::{Line, Shaper, TooWide};
use crate::content::{Block, Content};
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
