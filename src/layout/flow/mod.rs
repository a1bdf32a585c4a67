//! Blocks to pieces: each block becomes one or more pieces (a line, a heading, a
//! callout, a QR code with its caption) that a template stacks into its regions.

mod callout;
mod panel;

pub use callout::{Second, call_line, call_piece, call_piece_measured};
pub use panel::{Look, TOP_RULE, balance, panel};

use super::font::FontId;
use super::frame::{Color, Item, Node, Role};
use super::text::{Line, Shaper, TooWide};
use crate::content::{Block, Content};
use crate::units::{Abs, Point};

/// How a template dresses the blocks of one region.
#[derive(Clone, Debug, PartialEq)]
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
    /// Size of the digits printed beside a vanity number, as a multiple of the body.
    pub digits_scale: f64,
    /// Colour of a second language's text (a bilingual poster sets it apart).
    pub translation: Color,
    pub call_number: Color,
    /// Tinted box behind each callout, if any.
    pub call_fill: Option<Color>,
    /// Printed width of a QR symbol, quiet zone excluded.
    pub qr_symbol: Abs,
    /// Colour of the address printed under a QR caption.
    pub link: Color,
    /// Language of the text in this region when it is not the document's (the second
    /// language of a bilingual poster): every element laid out here says so.
    pub lang: Option<String>,
}

impl Style {
    /// A structure element of `role` in this region's language.
    pub fn node(&self, role: Role) -> Node {
        Node::new(role).lang(self.lang.as_deref())
    }
}

/// A unit the templates stack: items positioned relative to the piece's top-left.
#[derive(Clone, Debug)]
pub struct Piece {
    pub height: Abs,
    pub gap_before: Abs,
    /// Shared with the pieces kept for reuse (and with the layouts a template tries):
    /// copied only when a piece is changed or placed.
    pub items: std::rc::Rc<Vec<Item>>,
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
    /// A code's payload the encoder refused.
    Qr(crate::qr::QrError),
    /// A callout laid out to no line at all.
    EmptyCallout,
}

impl FlowError {
    pub fn message(&self, size: Abs) -> String {
        match self {
            FlowError::TooWide(t) => format!("`{}` is {} too wide for its column at {}", t.word, t.excess, size),
            FlowError::MissingGlyph(c) => format!("the font has no glyph for `{c}` (U+{:04X})", *c as u32),
            FlowError::Qr(e) => e.to_string(),
            FlowError::EmptyCallout => "a callout needs a label and a number".to_string(),
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

/// Like [`text_lines`], but with the lines as even as the words allow (for headlines
/// and titles): the narrowest measure that still gives as many lines, so that the last
/// line is not a lone word when a better break exists.
#[allow(clippy::too_many_arguments)]
pub fn balanced_lines(
    shaper: &mut Shaper,
    font: FontId,
    text: &str,
    size: Abs,
    leading: f64,
    width: Abs,
    color: Color,
) -> Result<Vec<(Abs, Item)>, FlowError> {
    let shaped = shaper.shape(font, text)?;
    let n = shaped.wrap(size, width)?.len();
    if n < 2 {
        return text_lines(shaper, font, text, size, leading, width, color);
    }
    // The narrowest width (to a tenth of a point) that keeps n lines.
    let (mut lo, mut hi) = (width / n as f64, width);
    while (hi - lo).to_pt() > 0.1 {
        let mid = (lo + hi) / 2.0;
        match shaped.wrap(size, mid) {
            Ok(lines) if lines.len() <= n => hi = mid,
            _ => lo = mid,
        }
    }
    text_lines(shaper, font, text, size, leading, hi, color)
}

/// Like [`text_lines`] for running copy, but without a runt: when the last line of a
/// paragraph would hold a single word, the measure narrows (by up to 40 %) until
/// a second word joins it, as long as that costs no extra line; failing that (a short
/// paragraph in a narrow column), the lines are evened out.
#[allow(clippy::too_many_arguments)]
pub fn copy_lines(
    shaper: &mut Shaper,
    font: FontId,
    text: &str,
    size: Abs,
    leading: f64,
    width: Abs,
    color: Color,
) -> Result<Vec<(Abs, Item)>, FlowError> {
    let shaped = shaper.shape(font, text)?;
    let lines = shaped.wrap(size, width)?;
    // A runt: one word alone on the last line, or a sentence's first word alone at
    // the end of the line before the last ("... your fault. You / can call.").
    let runt = |lines: &[Line]| {
        let n = lines.len();
        n >= 2
            && (lines[n - 1].glyphs.iter().filter(|g| g.text.trim().is_empty()).count() == 0 || {
                let text: String = lines[n - 2].glyphs.iter().map(|g| &*g.text).collect();
                let mut words = text.split_whitespace().rev();
                let (_, before) = (words.next(), words.next());
                before.is_some_and(|w| w.ends_with(['.', '!', '?', ':']))
            })
    };
    if runt(&lines) {
        let n = lines.len();
        // The widest measure that gives the last word company: the lines stay as long
        // as they can (a balanced paragraph reads as short lines in a column).
        for step in 1..=40 {
            let w = width * (1.0 - step as f64 / 100.0);
            match shaped.wrap(size, w) {
                Ok(l) if l.len() == n && !runt(&l) => return text_lines(shaper, font, text, size, leading, w, color),
                Ok(l) if l.len() > n => break,
                _ => {}
            }
        }
        // A short paragraph in a narrow column: its lines evened out.
        let balanced = balanced_lines(shaper, font, text, size, leading, width, color)?;
        let words = |item: &Item| match item {
            Item::Text { glyphs, .. } => glyphs.iter().filter(|g| g.text.trim().is_empty()).count() + 1,
            _ => 0,
        };
        if balanced.len() == n && balanced.last().is_some_and(|(_, l)| words(l) >= 2) {
            return Ok(balanced);
        }
    }
    text_lines(shaper, font, text, size, leading, width, color)
}

/// The most items a list may have to be kept whole in one column.
pub const SHORT_LIST: usize = 3;

/// Lines of a heading or title: as even as the words allow ([`balanced_lines`]), and
/// never a single word on the last line of two or more when a measure a little
/// narrower (that costs no extra line beyond one) gives the word company.
#[allow(clippy::too_many_arguments)]
pub fn heading_lines(
    shaper: &mut Shaper,
    font: FontId,
    text: &str,
    size: Abs,
    leading: f64,
    width: Abs,
    color: Color,
) -> Result<Vec<(Abs, Item)>, FlowError> {
    let lines = balanced_lines(shaper, font, text, size, leading, width, color)?;
    let words = |item: &Item| match item {
        Item::Text { glyphs, .. } => {
            let t: String = glyphs.iter().map(|g| g.text.as_str()).collect();
            t.split_whitespace().count()
        }
        _ => 0,
    };
    let lone = |lines: &[(Abs, Item)]| lines.len() >= 2 && lines.last().is_some_and(|(_, l)| words(l) < 2);
    if !lone(&lines) {
        return Ok(lines);
    }
    // One line more, evened out, rather than a word alone.
    let n = lines.len();
    let shaped = shaper.shape(font, text)?;
    for step in 1..=40 {
        let w = width * (1.0 - step as f64 / 50.0);
        match shaped.wrap(size, w) {
            Ok(l) if l.len() > n + 1 => break,
            Ok(_) => {
                let tried = balanced_lines(shaper, font, text, size, leading, w, color)?;
                if !lone(&tried) {
                    return Ok(tried);
                }
            }
            Err(_) => break,
        }
    }
    Ok(lines)
}

/// Lines one under another from y = 0: their items and the total height.
pub fn stack(lines: Vec<(Abs, Item)>) -> (Vec<Item>, Abs) {
    let mut items = Vec::with_capacity(lines.len());
    let end = push_lines(&mut items, lines, Abs::ZERO, Abs::ZERO);
    (items, end)
}

pub fn line_item(line: Line, font: FontId, size: Abs, color: Color, origin: Point) -> Item {
    Item::Text { origin, font, size, color, glyphs: line.glyphs.into() }
}

/// Lay out `blocks` (with their indices in the material) at `width`.
pub fn pieces(shaper: &mut Shaper, blocks: &[(usize, &Block)], width: Abs, style: &Style) -> Result<Vec<Piece>, (usize, FlowError)> {
    pieces_paired(shaper, blocks, width, style, |_| None)
}

/// Lay out `blocks`, each with its translation where `second` gives one (a bilingual
/// poster's headings, labels and captions): the translation follows, in its language.
pub fn pieces_paired<'a>(
    shaper: &mut Shaper,
    blocks: &[(usize, &Block)],
    width: Abs,
    style: &Style,
    second: impl Fn(usize) -> Option<Second<'a>>,
) -> Result<Vec<Piece>, (usize, FlowError)> {
    let mut out = Vec::new();
    for (n, (index, block)) in blocks.iter().enumerate() {
        let gap = if n == 0 { Abs::ZERO } else { style.body * style.gap };
        let second = second(*index);
        let key = PiecesKey::new(shaper, block.content.clone(), second.as_ref(), *index, width, style, gap);
        cached(key, &mut out, |out| block_pieces(shaper, &block.content, second, *index, width, style, gap, out))
            .map_err(|e| (*index, e))?;
    }
    Ok(out)
}

/// A QR code with its caption (and translation) as one piece: see
/// [`callout::qr_piece`].
pub fn qr_piece(
    shaper: &mut Shaper,
    qr: &crate::content::Qr,
    second: Option<Second>,
    block: usize,
    width: Abs,
    s: &Style,
    gap: Abs,
) -> Result<Piece, FlowError> {
    let key = PiecesKey::new(shaper, Content::Qr(qr.clone()), second.as_ref(), block, width, s, gap);
    let mut out = Vec::with_capacity(1);
    cached(key, &mut out, |out| {
        out.push(callout::qr_piece(shaper, qr, second, block, width, s, gap)?);
        Ok(())
    })?;
    // `cached` appends the one piece it made or kept.
    out.pop().ok_or(FlowError::EmptyCallout)
}

/// The pieces of `key`, made by `make` or as made before on this thread, appended to
/// `out`.
fn cached(key: PiecesKey, out: &mut Vec<Piece>, make: impl FnOnce(&mut Vec<Piece>) -> Result<(), FlowError>) -> Result<(), FlowError> {
    if let Some(hit) = LAID.with(|c| c.borrow().get(&key).map(|p| p.to_vec())) {
        out.extend(hit);
        return Ok(());
    }
    let first = out.len();
    make(out)?;
    remember(key, &out[first..]);
    Ok(())
}

impl PiecesKey {
    fn new(shaper: &Shaper, content: Content, second: Option<&Second>, block: usize, width: Abs, style: &Style, gap: Abs) -> PiecesKey {
        PiecesKey {
            content,
            second: second.map(|o| (o.text.to_string(), o.lang.to_string())),
            block,
            width,
            style: style.clone(),
            gap,
            qr_label: shaper.qr_label.clone(),
            qr_label_in: shaper.qr_label_in.clone(),
        }
    }
}

/// Everything a block's pieces depend on: its content (and translation), its index,
/// the measure, the style, the gap before it and what a screen reader calls a code.
/// The fonts are compiled in, so the same key always lays out the same pieces.
#[derive(Clone, PartialEq)]
struct PiecesKey {
    content: Content,
    second: Option<(String, String)>,
    block: usize,
    width: Abs,
    style: Style,
    gap: Abs,
    qr_label: String,
    qr_label_in: std::collections::BTreeMap<String, String>,
}

// Equal keys hold equal numbers: no NaN reaches a style.
impl Eq for PiecesKey {}

impl std::hash::Hash for PiecesKey {
    // A part of what `==` compares, enough to tell blocks apart.
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match &self.content {
            Content::Kicker(t) | Content::Heading(t) | Content::Paragraph(t) => t.hash(h),
            Content::Bullets(items) => items.hash(h),
            Content::Call(c) => (&c.label, &c.name).hash(h),
            Content::Qr(q) => (&q.payload, &q.caption).hash(h),
        }
        (self.block, self.width, self.gap, self.style.body).hash(h);
    }
}

thread_local! {
    /// Blocks laid out on this thread, shared by every document it lays out: the
    /// statewide copy is the same in every county edition, and a template tries the
    /// same blocks at the same few sizes for each.
    static LAID: std::cell::RefCell<std::collections::HashMap<PiecesKey, Box<[Piece]>>> = Default::default();
    static LAID_ITEMS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Bytes (about) the cache holds per thread before it starts over: enough for every
/// material in two languages at the sizes tried, and memory stays flat on a run of
/// thousands of editions.
const LAID_LIMIT: usize = 8 << 20;

/// About the bytes an item holds.
fn weight(item: &Item) -> usize {
    let size = std::mem::size_of::<Item>();
    match item {
        Item::Text { glyphs, .. } => size + glyphs.len() * std::mem::size_of::<super::font::Glyph>(),
        Item::Qr { rects, .. } | Item::Marks { rects } => size + rects.len() * std::mem::size_of::<crate::units::Rect>(),
        Item::Group { items, .. } => size + items.iter().map(weight).sum::<usize>(),
        _ => size,
    }
}

fn remember(key: PiecesKey, pieces: &[Piece]) {
    let items: usize = pieces.iter().flat_map(|p| p.items.iter()).map(weight).sum();
    LAID.with(|c| {
        let mut c = c.borrow_mut();
        if LAID_ITEMS.get() + items > LAID_LIMIT {
            c.clear();
            LAID_ITEMS.set(0);
        }
        LAID_ITEMS.set(LAID_ITEMS.get() + items);
        c.insert(key, pieces.into());
    });
}

#[allow(clippy::too_many_arguments)]
fn block_pieces(
    shaper: &mut Shaper,
    content: &Content,
    second: Option<Second>,
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
            wrap_pieces(&mut out[first..], s.node(Role::P));
        }
        Content::Heading(text) => {
            let size = s.body * s.heading_scale;
            let lines = heading_lines(shaper, FontId::Bold, text, size, 1.2, width, s.heading)?;
            out.push(stack_lines(lines, gap * 1.3, true, block));
            wrap_pieces(&mut out[first..], s.node(Role::H2));
            if let Some(other) = second {
                let lines = heading_lines(shaper, FontId::Bold, other.text, size, 1.2, width, s.heading)?;
                let mut piece = stack_lines(lines, Abs::ZERO, true, block);
                piece.items =
                    super::frame::wrap(Node::new(Role::H2).lang(Some(other.lang)), std::rc::Rc::unwrap_or_clone(piece.items)).into();
                out.push(piece);
            }
        }
        Content::Paragraph(text) => {
            let lines = copy_lines(shaper, FontId::Regular, text, s.body, s.leading, width, s.text)?;
            let n = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                // No orphan (a first line alone at the foot of a page) and no widow (a last
                // line alone at the top of the next): those lines keep with their neighbour.
                let keep = n > 1 && (i == 0 || i + 2 == n);
                out.push(stack_lines(vec![line], if i == 0 { gap } else { Abs::ZERO }, keep, block));
            }
            wrap_pieces(&mut out[first..], s.node(Role::P));
        }
        Content::Bullets(items) => {
            let indent = s.body * 1.15;
            let bullet_lines = text_lines(shaper, FontId::Bold, "•", s.body, s.leading, width, s.heading)?;
            let bullet = bullet_lines.into_iter().next().map(|(_, b)| b);
            // A short list (up to three items: what to do, what not to do) is kept whole,
            // with the heading before it; a longer one breaks only between items.
            let (whole, n_items) = (items.len() <= SHORT_LIST, items.len());
            for (i, item) in items.iter().enumerate() {
                let lines = copy_lines(shaper, FontId::Regular, item, s.body, s.leading, width - indent, s.text)?;
                let n_lines = lines.len();
                let item_first = out.len();
                for (j, (h, mut line)) in lines.into_iter().enumerate() {
                    line.translate(indent, Abs::ZERO);
                    let mut items = vec![line];
                    if j == 0 {
                        // The label first, in reading order, then the body.
                        items.insert(0, Item::Start(s.node(Role::LBody)));
                        if let Some(b) = &bullet {
                            items.splice(0..0, super::frame::wrap(s.node(Role::Lbl), vec![b.clone()]));
                        }
                    }
                    let g = match (i, j) {
                        (0, 0) => gap,
                        (_, 0) => s.body * 0.3,
                        _ => Abs::ZERO,
                    };
                    // No item split across columns or pages: every line but an item's
                    // last keeps with the next.
                    let keep = j + 1 < n_lines || (whole && i + 1 < n_items);
                    out.push(Piece { height: h, gap_before: g, items: items.into(), keep_with_next: keep, block });
                }
                if out.len() > item_first
                    && let Some(last) = out.last_mut()
                {
                    std::rc::Rc::make_mut(&mut last.items).push(Item::End);
                }
                wrap_pieces(&mut out[item_first..], s.node(Role::LI));
            }
            wrap_pieces(&mut out[first..], s.node(Role::L));
        }
        Content::Call(call) => out.push(call_piece(shaper, call, second, block, width, s, gap)?),
        Content::Qr(qr) => out.push(callout::qr_piece(shaper, qr, second, block, width, s, gap)?),
    }
    Ok(())
}

/// Make `pieces` (laid out one after another) the content of element `node`: it
/// starts with the first piece and ends with the last, whichever pages they go to.
pub fn wrap_pieces(pieces: &mut [Piece], node: Node) {
    let Some(first) = pieces.first_mut() else { return };
    std::rc::Rc::make_mut(&mut first.items).insert(0, Item::Start(node));
    if let Some(last) = pieces.last_mut() {
        std::rc::Rc::make_mut(&mut last.items).push(Item::End);
    }
}

/// Lines (as [`text_lines`] gives them) as the content of element `node`.
pub fn wrap_lines(node: Node, mut lines: Vec<(Abs, Item)>) -> Vec<(Abs, Item)> {
    lines.insert(0, (Abs::ZERO, Item::Start(node)));
    lines.push((Abs::ZERO, Item::End));
    lines
}

/// What a screen reader says for a link: the text it shows, as printed (a number, an
/// address), never a rewritten number.
fn shown(texts: &[&str]) -> String {
    let words: Vec<String> = texts.iter().map(|t| t.replace('\u{a0}', " ").trim().to_string()).filter(|t| !t.is_empty()).collect();
    words.join(", ")
}

fn stack_lines(lines: Vec<(Abs, Item)>, gap: Abs, keep: bool, block: usize) -> Piece {
    let (items, height) = stack(lines);
    Piece { height, gap_before: gap, items: items.into(), keep_with_next: keep, block }
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
    Some(Piece { height: h_left.max(h_right), gap_before, items: items.into(), keep_with_next: false, block })
}

/// Place pieces top-down from (x, y) and return their items and the height used.
pub fn place(pieces: Vec<Piece>, x: Abs, y: Abs) -> (Vec<Item>, Abs) {
    let mut out = Vec::new();
    let mut cursor = Abs::ZERO;
    for (i, p) in pieces.into_iter().enumerate() {
        if i > 0 {
            cursor += p.gap_before;
        }
        for mut item in std::rc::Rc::unwrap_or_clone(p.items) {
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
