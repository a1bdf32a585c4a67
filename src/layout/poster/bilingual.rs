//! The two-language poster, composed from the toolkit on the poster's grid. One
//! structure throughout: every region runs in two columns, the first language at the
//! start and the second at the end, each heading over its own language's copy, both
//! in the same size, weight and colour (equal weight). What no language owns is
//! printed once: the hotline's number and digits, the codes.
//!
//! From the top: the brand band with each language's headline (and the county's
//! name in each language) over its column; the body, its paragraphs paired row by
//! row with a pictogram in the gutter tying each pair; the report panel, reversed
//! out of the brand colour: each language's title and the hotline's label over its
//! column, the number once across them, the notes, and 911 on each language's line,
//! the number on its label's last line; the hotline's code on a white plate at the
//! panel's end; a county's box (each language's label with its number, the logo);
//! the foot strip with the CyberTipline's code (captions in both languages) and the
//! identity lockup (the campaign line in each language). Regions are measured, the
//! body fitted, and everything placed with equal gaps, as on the one-language poster.

use super::{Grid, Parts, parts};
use crate::contacts::Phone;
use crate::content::{Block, Content, Doc};
use crate::diag::{Diagnostic, Problems};
use crate::layout::flow::{self, Piece, Second, Style};
use crate::layout::kit::{self, Boxed, Dir, Span};
use crate::layout::text::Shaper;
use crate::layout::{Abs, Color, FontId, Item, Layout, Node, Page, Rect, Role, flow_error, largest_fit};

/// The two columns of a region `span` wide: the first language's at the span's start,
/// the second's at its end, `gutter` apart.
#[derive(Clone, Copy)]
struct Columns {
    first: Span,
    second: Span,
}

impl Columns {
    fn of(span: Span, gutter: Abs) -> Columns {
        let w = (span.width - gutter) / 2.0;
        Columns { first: Span::new(span.start(w), w, span.dir), second: Span::new(span.end(w), w, span.dir) }
    }
}

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    let grid = Grid::for_page(doc.geometry().trim);
    match layout_on(doc, shaper, grid)? {
        Ok(laid) => Ok(laid),
        // A crowded edition: the compact grid, the body's size kept.
        Err(_) => layout_on(doc, shaper, grid.compact())?,
    }
}

/// The poster laid out on `grid`; the inner error when the body copy does not fit.
fn layout_on(doc: &Doc, shaper: &mut Shaper, grid: Grid) -> Result<Result<Layout, Problems>, Problems> {
    let Some(other) = doc.second.as_deref() else { unreachable!("a two-language poster has a second language") };
    let geometry = doc.geometry();
    let page = geometry.trim;
    let dir = Dir::of(doc);
    let column = Span::new(grid.margin, page.w - grid.margin * 2.0, dir);
    let (one, two) = (parts(doc)?, parts(other)?);
    let mut warnings = Vec::new();
    // The gutter holds the body's pictograms, a gap either side.
    let icon = if doc.pictograms.is_empty() { Abs::ZERO } else { grid.icon * 0.8 };
    let gutter = (icon + grid.gap * 2.0).max(grid.gap * 2.4);
    let cols = Columns::of(column, gutter);

    let band = brand_band(doc, other, shaper, &grid, &one, &two, cols)?;
    let (panel, primary_placed) = report_panel(doc, other, shaper, &grid, &one, &two, column, gutter, cols)?;
    let county = county_box(doc, other, shaper, &grid, &one, &two, column, gutter, cols, &mut warnings)?;
    let foot_codes: Vec<(usize, &Block)> = one.primary.filter(|_| !primary_placed).into_iter().chain(one.codes.iter().copied()).collect();
    let (foot, foot_quiet) = foot_strip(doc, other, shaper, &grid, &foot_codes, !primary_placed, column, cols, &mut warnings)?;
    let fixed = band.h + panel.h + county.as_ref().map_or(Abs::ZERO, |c| c.h) + foot.h - foot_quiet + super::foot_margin(&grid, foot_quiet);
    let gaps = 3.0;
    let room = page.h - fixed - grid.gap * grid.gap_floor * gaps;

    // Fit: the body's rows at the largest size that fits.
    let min = doc.kind.min_body();
    let body_two: Vec<(usize, &Block)> = one.body.iter().filter_map(|(i, _)| other.blocks.get(*i).map(|b| (*i, b))).collect();
    let lay_body = |shaper: &mut Shaper, size: Abs| -> Result<(Vec<Item>, Vec<Abs>, Abs), Problems> {
        let st = Style::house(&doc.palette, size);
        let first = flow::pieces(shaper, &one.body, cols.first.width, &st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])?;
        let st2 = st.clone().in_lang(&other.lang);
        let second =
            flow::pieces(shaper, &body_two, cols.second.width, &st2).map_err(|e| vec![flow_error(other, &other.blocks, e, size)])?;
        Ok(rows(first, second, cols))
    };
    let chosen = largest_fit(grid.body.max(min), min, |size| {
        let laid = lay_body(shaper, size)?;
        Ok(laid.2.fits(room).then_some(laid))
    })?;
    let Some((used, (body_items, row_tops, body_h))) = chosen else {
        let (_, _, h) = lay_body(shaper, min)?;
        let st = Style::house(&doc.palette, min);
        let pieces = flow::pieces(shaper, &one.body, cols.first.width, &st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, min)])?;
        let culprit = flow::first_overflowing(&pieces, room).or(pieces.last().map(|p| p.block)).unwrap_or(0);
        return Ok(Err(vec![
            doc.blocks[culprit]
                .error(doc, format!("body copy is {} too long at the minimum size {min}", h - room))
                .hint("shorten the body copy of this poster, in both languages"),
        ]));
    };

    // Place, with equal gaps.
    let gap = grid.gap * grid.gap_floor + (room - body_h) / gaps;
    let mut items = vec![Item::Fill { rect: crate::layout::band(&geometry, Abs::ZERO, band.h), color: doc.palette.brand }];
    let band_h = band.h;
    items.extend(band.at(Abs::ZERO, Abs::ZERO));
    let mut y = band_h + gap;
    // A pictogram in the gutter at each row, centred on the row's first line.
    if icon > Abs::ZERO {
        let drawn = icon.min(used * 1.6);
        let x = cols.first.x.max(cols.second.x) - gutter + (gutter - drawn) / 2.0;
        let x = if cols.first.x < cols.second.x { cols.first.x + cols.first.width + (gutter - drawn) / 2.0 } else { x };
        for (k, top) in row_tops.iter().enumerate() {
            if let Some(p) = doc.pictograms.get(k) {
                let first_line = used * 1.3;
                let nudge = (first_line - drawn) / 2.0;
                items.extend(crate::art::pictogram(*p, Rect::new(x, y + *top + nudge, drawn, drawn), doc.palette.brand));
            }
        }
    }
    items.extend(body_items.into_iter().map(|mut it| {
        it.translate(Abs::ZERO, y);
        it
    }));
    y += body_h + gap;
    items.push(Item::Fill { rect: crate::layout::band(&geometry, y, panel.h), color: doc.palette.brand });
    let panel_h = panel.h;
    items.extend(panel.at(Abs::ZERO, y));
    y += panel_h;
    if let Some(county) = county {
        items.push(Item::Fill { rect: crate::layout::band(&geometry, y, county.h), color: doc.palette.brand_tint });
        items.extend(county.at(Abs::ZERO, y));
    }
    let foot_y = page.h - super::foot_margin(&grid, foot_quiet) - foot.h + foot_quiet;
    items.extend(foot.at(Abs::ZERO, foot_y));
    Ok(Ok(Layout { pages: vec![Page::new(page, geometry.bleed, items)], smallest_body: used, warnings }))
}

/// The same block in the second language, as a caption's translation.
fn caption_in<'a>(other: &'a Doc, i: usize) -> Option<Second<'a>> {
    match &other.blocks.get(i)?.content {
        Content::Qr(q) => Some(Second { text: &q.caption, lang: &other.lang }),
        _ => None,
    }
}

/// The brand band: over each column, the county's name in that language (on a
/// county's edition) and the headline, both headlines at one size (the largest at
/// which each takes at most three lines), tagged in their languages.
fn brand_band(
    doc: &Doc,
    other: &Doc,
    shaper: &mut Shaper,
    grid: &Grid,
    one: &Parts,
    two: &Parts,
    cols: Columns,
) -> Result<Boxed, Problems> {
    let text = |p: &Parts| match &p.headline.content {
        Content::Heading(t) => t.clone(),
        _ => unreachable!("parts() found a heading"),
    };
    let (t1, t2) = (text(one), text(two));
    // The two-language poster's headline shares the band's width with its
    // translation: two thirds of the one-language poster's sizes.
    let (max, min) = (grid.headline.0 * 0.62, grid.headline.1 * 0.4);
    let err = |d: &Doc, p: &Parts, msg: String| -> Problems { vec![p.headline.error(d, msg).hint("shorten the headline")] };
    let fit = |shaper: &mut Shaper, t: &str, lang: Option<&str>, d: &Doc, p: &Parts, sizes: (Abs, Abs), w: Abs| {
        // Three lines at a size that owns the band rather than two small ones.
        let by_lines = |n: usize| if n < 3 { (sizes.0, sizes.0.max(sizes.1 + (sizes.0 - sizes.1) * 0.7)) } else { sizes };
        let got = kit::headline(shaper, t, lang, by_lines, 3, 1.0, w, Color::WHITE).map_err(|e| err(d, p, e.message(sizes.1)))?;
        got.ok_or_else(|| err(d, p, format!("the headline needs more than 3 lines even at {}", sizes.1)))
    };
    let (s1, _) = fit(shaper, &t1, None, doc, one, (max, min), cols.first.width)?;
    let (s2, _) = fit(shaper, &t2, Some(&other.lang), other, two, (max, min), cols.second.width)?;
    let size = s1.min(s2);
    let (_, h1) = fit(shaper, &t1, None, doc, one, (size, size), cols.first.width)?;
    let (_, h2) = fit(shaper, &t2, Some(&other.lang), other, two, (size, size), cols.second.width)?;
    // The county's name over each headline, in its language: two lines at most.
    let kicker = |shaper: &mut Shaper, d: &Doc, lang: Option<&str>, w: Abs| -> Result<Boxed, Problems> {
        let (Some(name), Some(block)) = (d.county_name(), &d.county) else { return Ok(Boxed::default()) };
        let lines = flow::balanced_lines(shaper, FontId::Bold, name, grid.kicker, 1.2, w, Color::WHITE)
            .map_err(|e| vec![block.error(d, e.message(grid.kicker))])?;
        if lines.len() > 2 {
            let f = d.edition_file.clone().unwrap_or_else(|| d.file.clone());
            return Err(vec![
                Diagnostic::error("the county's name takes more than two lines over the two-language poster's headline")
                    .in_file(&f)
                    .field("name")
                    .hint("use a shorter county `name`"),
            ]);
        }
        Ok(Boxed::lines(flow::wrap_lines(Node::new(Role::P).lang(lang), lines), w))
    };
    let k1 = kicker(shaper, doc, None, cols.first.width)?;
    let k2 = kicker(shaper, other, Some(&other.lang), cols.second.width)?;
    let kicker_h = k1.h.max(k2.h) + if k1.h > Abs::ZERO { grid.kicker * 0.2 } else { Abs::ZERO };
    let head_h = h1.h.max(h2.h);
    let mut items = k1.at(cols.first.x, Abs::ZERO);
    items.extend(h1.at(cols.first.x, kicker_h));
    items.extend(k2.at(cols.second.x, Abs::ZERO));
    items.extend(h2.at(cols.second.x, kicker_h));
    // The first line's ink on the margin.
    let top = grid.margin - crate::frame::first_ink(&items, shaper.fonts).unwrap_or(Abs::ZERO);
    for item in &mut items {
        item.translate(Abs::ZERO, top);
    }
    Ok(Boxed { items, w: cols.first.width * 2.0, h: top + kicker_h + head_h + grid.margin * 0.5 })
}

/// Two languages' pieces as rows, each in its column: the pieces of each block of
/// `first`, the same block's of `second` beside them, the next row under the taller.
/// Returns the items (the first language's, then the second's: a screen reader
/// reads one language whole, then the other), each row's top, and the height.
fn rows(first: Vec<Piece>, second: Vec<Piece>, cols: Columns) -> (Vec<Item>, Vec<Abs>, Abs) {
    let group = |pieces: Vec<Piece>| {
        let mut out: Vec<(usize, Vec<Piece>)> = Vec::new();
        for p in pieces {
            match out.last_mut() {
                Some((b, ps)) if *b == p.block => ps.push(p),
                _ => out.push((p.block, vec![p])),
            }
        }
        out
    };
    let (left, mut right) = (group(first), group(second).into_iter());
    let (mut items, mut later, mut tops) = (Vec::new(), Vec::new(), Vec::new());
    let mut y = Abs::ZERO;
    for (n, (block, ps)) in left.into_iter().enumerate() {
        let gap = if n == 0 { Abs::ZERO } else { ps.first().map_or(Abs::ZERO, |p| p.gap_before) };
        y += gap;
        tops.push(y);
        let (l_items, l_h) = flow::place(ps, cols.first.x, y);
        items.extend(l_items);
        let mut h = l_h;
        if let Some((b, rs)) = right.next() {
            debug_assert_eq!(b, block, "the languages have the same blocks");
            let (r_items, r_h) = flow::place(rs, cols.second.x, y);
            later.extend(r_items);
            h = h.max(r_h);
        }
        y += h;
    }
    items.extend(later);
    (items, tops, y)
}

/// A plain number with its label, one paragraph in the style's language, the number
/// a `tel:` link: on the label's last line where it fits there (after the line's end,
/// on its baseline), else on a line of its own under the label. The box is `width`
/// wide, from (0, 0).
fn inline_call(shaper: &mut Shaper, label: &str, phone: &Phone, big: Abs, width: Abs, s: &Style) -> Result<Boxed, flow::FlowError> {
    let number_w = shaper.width(FontId::Bold, phone.written(), big)?;
    let space = s.body * 0.4;
    let end_of = |item: &Item| crate::frame::text_box(item, shaper.fonts).map_or(Abs::ZERO, |b| b.right());
    let mut lines = flow::balanced_lines(shaper, FontId::Regular, label, s.body, s.leading, width, s.text)?;
    // The number beside its label's last line: where it does not fit there, the label
    // wrapped in the room the number leaves, when that costs one line at most (a
    // longer number goes under a label it would squeeze).
    let room = width - space - number_w;
    if !(lines.last().map_or(Abs::ZERO, |(_, i)| end_of(i)) + space + number_w).fits(width) && room >= width * 0.45 {
        let narrow = flow::balanced_lines(shaper, FontId::Regular, label, s.body, s.leading, room, s.text)?;
        if narrow.len() <= lines.len() + 1 {
            lines = narrow;
        }
    }
    let n = lines.len();
    let last_end = lines.last().map_or(Abs::ZERO, |(_, i)| end_of(i));
    let beside = (last_end + space + number_w).fits(width);
    let (mut label_items, mut y) = (Vec::new(), Abs::ZERO);
    // Beside: the last line moves down so that the larger number clears the line above.
    let lift = if beside { (big * 0.78 - s.body * s.leading * 0.8).max(Abs::ZERO) } else { Abs::ZERO };
    for (k, (h, mut item)) in lines.into_iter().enumerate() {
        if k + 1 == n {
            y += if n == 1 { lift } else { lift * 0.6 };
        }
        item.translate(Abs::ZERO, y);
        label_items.push(item);
        y += h;
    }
    let Some(Item::Text { origin, .. }) = label_items.last() else { return Err(flow::FlowError::EmptyCallout) };
    let (x, base) = if beside { (last_end + space, origin.y) } else { (Abs::ZERO, y + flow::baseline(shaper, FontId::Bold, big, 1.15)) };
    let mut number = flow::text_lines(shaper, FontId::Bold, phone.written(), big, 1.15, number_w + Abs::pt(1.0), s.call_number)?
        .into_iter()
        .next()
        .map(|(_, i)| i)
        .ok_or(flow::FlowError::EmptyCallout)?;
    if let Item::Text { origin, .. } = &mut number {
        *origin = crate::units::Point::new(x, base);
    }
    let asc = big * 0.75;
    let link = Item::Link { rect: Rect::new(x, base - asc, number_w, asc + big * 0.3), uri: phone.tel_uri() };
    let mut items = label_items;
    items.extend(crate::frame::wrap(s.node(Role::Link).alt(phone.written().to_string()), vec![number, link]));
    let h = if beside { y.max(base + big * 0.3) } else { y + big * 1.15 };
    Ok(Boxed { items: crate::frame::wrap(s.node(Role::P), items), w: width, h })
}

/// The report panel, from x = 0 of the page, its padding inside. Returns the panel
/// and whether the primary code is on it.
#[allow(clippy::too_many_arguments)]
fn report_panel(
    doc: &Doc,
    other: &Doc,
    shaper: &mut Shaper,
    grid: &Grid,
    one: &Parts,
    two: &Parts,
    column: Span,
    gutter: Abs,
    shared: Columns,
) -> Result<(Boxed, bool), Problems> {
    let p = &doc.palette;
    let band = Style {
        heading_scale: 1.25,
        gap: 0.45,
        call_scale: kit::size_for_cap(shaper, FontId::Bold, grid.hotline_cap) / grid.label,
        digits_scale: kit::size_for_cap(shaper, FontId::Regular, grid.digits_cap) / grid.label,
        ..Style::house(p, grid.label).on_brand()
    };
    let band2 = band.clone().in_lang(&other.lang);
    let big_911 = kit::size_for_cap(shaper, FontId::Bold, grid.emergency_cap);
    let caption = Style { leading: 1.2, ..Style::house(p, grid.caption) };
    let plate = match one.primary {
        Some((i, b)) => {
            let Content::Qr(qr) = &b.content else { unreachable!("sorted as a code") };
            Some(
                kit::code_plate(shaper, qr, caption_in(other, i), grid.qr, &caption)
                    .map_err(|e| vec![doc.blocks[i].error(doc, e.message(caption.body))])?,
            )
        }
        None => None,
    };
    let (hotline, hotline2) = match (&one.hotline.1.content, &two.hotline.1.content) {
        (Content::Call(a), Content::Call(b)) => (a, b),
        _ => unreachable!("parts() found a call"),
    };
    let number_size = band.body * band.call_scale;
    let number_w = hotline.phone.as_ref().map_or(Ok(Abs::ZERO), |ph| shaper.width(FontId::Bold, ph.written(), number_size));
    let number_w = number_w.map_err(|c| vec![one.hotline.1.error(doc, flow::FlowError::MissingGlyph(c).message(band.body))])?;
    let with_plate = column.before_end(plate.as_ref().map_or(Abs::ZERO, |b| b.w), grid.gap);
    // The text beside the plate must hold two readable columns and the number whole;
    // else the code leads the foot strip.
    let fits_beside = plate.is_some() && number_w.fits(with_plate.width) && with_plate.width >= grid.label * 26.0;
    // Beside the plate, two columns of the room it leaves; without it, the poster's
    // columns (the headlines' and the body's).
    let (plate, text, cols) =
        if fits_beside { (plate, with_plate, Columns::of(with_plate, gutter.min(grid.gap * 2.0))) } else { (None, column, shared) };
    let lay = |shaper: &mut Shaper, d: &Doc, blocks: &[(usize, &Block)], st: &Style, w: Abs| {
        flow::pieces(shaper, blocks, w, st).map_err(|e| vec![flow_error(d, &d.blocks, e, st.body)])
    };
    let pad = grid.pad;
    let mut items = Vec::new();
    let mut later = Vec::new();
    let mut y = pad;
    // Each language's title over its column.
    if let (Some(a), Some(b)) = (one.title, two.title) {
        let pa = lay(shaper, doc, &[a], &band, cols.first.width)?;
        let pb = lay(shaper, other, &[b], &band2, cols.second.width)?;
        let (ia, ha) = flow::place(pa, cols.first.x, y);
        let (ib, hb) = flow::place(pb, cols.second.x, y);
        items.extend(ia);
        later.extend(ib);
        y += ha.max(hb) + band.body * 0.3;
    }
    // Each language's label for the hotline.
    let label = |shaper: &mut Shaper, d: &Doc, text: &str, st: &Style, w: Abs| -> Result<Boxed, Problems> {
        let lines = flow::balanced_lines(shaper, FontId::Regular, text, st.body, st.leading, w, st.text)
            .map_err(|e| vec![flow_error(d, &d.blocks, (one.hotline.0, e), st.body)])?;
        Ok(Boxed::lines(flow::wrap_lines(st.node(Role::P), lines), w))
    };
    let la = label(shaper, doc, &hotline.label, &band, cols.first.width)?;
    let lb = label(shaper, other, &hotline2.label, &band2, cols.second.width)?;
    let lh = la.h.max(lb.h);
    items.extend(la.at(cols.first.x, y));
    later.extend(lb.at(cols.second.x, y));
    y += lh + band.body * 0.2;
    items.append(&mut later);
    // The number once, with its digits, across both columns: a callout with no label.
    let bare = crate::content::Call { label: String::new(), ..hotline.clone() };
    let number = bare_number(shaper, &bare, text.width, &band).map_err(|e| vec![one.hotline.1.error(doc, e.message(band.body))])?;
    let nh = number.h;
    items.extend(number.at(text.start(text.width), y));
    y += nh;
    // The notes (anyone may call without giving their name), in each column.
    let notes_two: Vec<(usize, &Block)> = one.notes.iter().filter_map(|(i, _)| other.blocks.get(*i).map(|b| (*i, b))).collect();
    if !one.notes.is_empty() {
        y += band.body * 0.4;
        let pa = lay(shaper, doc, &one.notes, &band, cols.first.width)?;
        let pb = lay(shaper, other, &notes_two, &band2, cols.second.width)?;
        let (ia, _, h) = rows(pa, pb, cols);
        items.extend(ia.into_iter().map(|mut it| {
            it.translate(Abs::ZERO, y);
            it
        }));
        y += h;
    }
    // 911 and any other statewide call: each language's label with the number on its
    // last line.
    for (k, (i, b)) in one.seconds.iter().enumerate() {
        let (Content::Call(a), Some(Content::Call(z))) = (&b.content, other.blocks.get(*i).map(|x| &x.content)) else { continue };
        let Some(phone) = &a.phone else { continue };
        y += if k == 0 { band.body * 0.9 } else { band.body * 0.5 };
        let ca = inline_call(shaper, &a.label, phone, big_911, cols.first.width, &band)
            .map_err(|e| vec![doc.blocks[*i].error(doc, e.message(band.body))])?;
        let cb = inline_call(shaper, &z.label, phone, big_911, cols.second.width, &band2)
            .map_err(|e| vec![other.blocks[*i].error(other, e.message(band.body))])?;
        let h = ca.h.max(cb.h);
        // Their numbers' baselines on one line: the shorter box moves down.
        let (da, db) = (h - ca.h, h - cb.h);
        items.extend(ca.at(cols.first.x, y + da));
        items.extend(cb.at(cols.second.x, y + db));
        y += h;
    }
    let mut bottom = y;
    let placed = plate.is_some();
    if let Some(plate) = plate {
        bottom = bottom.max(pad + plate.h);
        let x = column.end(plate.w);
        items.extend(plate.at(x, pad));
    }
    Ok((Boxed { items, w: column.width, h: bottom + pad }, placed))
}

/// A callout's number (and a vanity number's digits), without its label.
fn bare_number(shaper: &mut Shaper, call: &crate::content::Call, width: Abs, s: &Style) -> Result<Boxed, flow::FlowError> {
    let piece = flow::call_piece(shaper, call, None, 0, width, s, Abs::ZERO)?;
    let h = piece.height;
    Ok(Boxed { items: flow::place(vec![piece], Abs::ZERO, Abs::ZERO).0, w: width, h })
}

/// A county's box: each language's local contacts over its column (the number on
/// its label's last line, or under it), the county's logo at the end. `None` on the
/// statewide edition.
#[allow(clippy::too_many_arguments)]
fn county_box(
    doc: &Doc,
    other: &Doc,
    shaper: &mut Shaper,
    grid: &Grid,
    one: &Parts,
    two: &Parts,
    column: Span,
    gutter: Abs,
    shared: Columns,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Boxed>, Problems> {
    let logo = crate::layout::LogoPlate::new(doc, grid.plate.0, grid.plate.1, grid.pad * 0.25);
    if one.local.is_empty() && logo.is_none() {
        return Ok(None);
    }
    // On the poster's columns (the headlines' and the body's); beside a logo at the
    // end, two columns of the room the logo leaves.
    let plate_w = logo.as_ref().map_or(Abs::ZERO, |l| l.size.w);
    let cols = match &logo {
        Some(_) if !one.local.is_empty() => Columns::of(column.before_end(plate_w, grid.gap), gutter.min(grid.gap * 2.0)),
        _ => shared,
    };
    let st = Style::house(&doc.palette, grid.label);
    let st2 = st.clone().in_lang(&other.lang);
    let big = grid.label * 1.3;
    let mut a_box = Boxed::default();
    let mut b_box = Boxed::default();
    for ((i, b), (_, z)) in one.local.iter().zip(&two.local) {
        let (Content::Call(ca), Content::Call(cz)) = (&b.content, &z.content) else { continue };
        let lay = |shaper: &mut Shaper, d: &Doc, c: &crate::content::Call, s: &Style, w: Abs, blk: &Block| -> Result<Boxed, Problems> {
            match &c.phone {
                Some(ph) if !ph.is_vanity() && c.web.is_none() => inline_call(shaper, &c.label, ph, big, w, s),
                _ => {
                    let piece = flow::call_piece(shaper, c, None, *i, w, &Style { call_scale: 1.3, ..s.clone() }, Abs::ZERO);
                    piece.map(|p| {
                        let h = p.height;
                        Boxed { items: flow::place(vec![p], Abs::ZERO, Abs::ZERO).0, w, h }
                    })
                }
            }
            .map_err(|e| vec![blk.error(d, e.message(s.body))])
        };
        let ba = lay(shaper, doc, ca, &st, cols.first.width, b)?;
        let bb = lay(shaper, other, cz, &st2, cols.second.width, z)?;
        a_box = a_box.then(ba, grid.label * 0.5);
        b_box = b_box.then(bb, grid.label * 0.5);
    }
    let pad = grid.pad * 0.6;
    let text_h = a_box.h.max(b_box.h);
    let h = text_h.max(logo.as_ref().map_or(Abs::ZERO, |l| l.size.h));
    let top = pad + (h - text_h) / 2.0;
    let mut items = a_box.at(cols.first.x, top);
    items.extend(b_box.at(cols.second.x, top));
    if let Some(plate) = logo {
        // A logo alone starts on the column's edge: no empty start before it.
        let x = if one.local.is_empty() { column.start(plate.size.w) } else { column.end(plate.size.w) };
        items.extend(plate.items(x, pad + (h - plate.size.h) / 2.0, doc));
        warnings.extend(plate.warning);
    }
    Ok(Some(Boxed { items, w: column.width, h: h + pad * 2.0 }))
}

/// The foot strip: the codes at the start, each with its caption in both languages
/// beside it; the identity lockup (the campaign line in each language) at the end.
/// Returns the strip and the quiet zone under its codes.
#[allow(clippy::too_many_arguments)]
fn foot_strip(
    doc: &Doc,
    other: &Doc,
    shaper: &mut Shaper,
    grid: &Grid,
    codes_in: &[(usize, &Block)],
    primary_first: bool,
    column: Span,
    shared: Columns,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Boxed, Abs), Problems> {
    let st = Style { leading: 1.2, ..Style::house(&doc.palette, grid.caption) };
    let lockup_w = (column.width * 0.42).min(grid.campaign * 18.0).min(shared.second.width);
    let (lockup, warning) = kit::identity_lockup(doc, Some(other), shaper, grid.campaign, grid.imprint, lockup_w, Some(grid.issuer_logo))?;
    warnings.extend(warning);
    // With two codes (the hotline's had no room on the panel), the lockup goes under
    // them, at the end.
    let below = codes_in.len() > 1;
    // Beside the codes, the lockup starts on the second language's column.
    let codes_room = if below { column } else { shared.first };
    let n = codes_in.len().max(1) as f64;
    // Two codes, one at each column's start: the first's caption up to a gap before
    // the second column.
    let on_columns = below && n == 2.0;
    let share = if on_columns { shared.second.width } else { (codes_room.width - grid.gap * (n - 1.0)) / n };
    let first_share = if on_columns { column.width - shared.second.width - grid.gap } else { share };
    let mut laid = Vec::new();
    let mut quiet = Abs::ZERO;
    for (k, (i, b)) in codes_in.iter().enumerate() {
        let Content::Qr(qr) = &b.content else { unreachable!("sorted as a code") };
        let symbol = if k == 0 && primary_first { grid.qr } else { grid.qr_second };
        let (code, q) = kit::code_beside(shaper, qr, caption_in(other, *i), symbol, if k == 0 { first_share } else { share }, &st)
            .map_err(|e| vec![doc.blocks[*i].error(doc, e.message(st.body))])?;
        quiet = quiet.max(q);
        laid.push((code, q));
    }
    let codes_h = laid.iter().map(|(c, q)| c.h - *q).fold(Abs::ZERO, Abs::max);
    let lh = lockup.h;
    // Under the codes, the lockup clears their quiet zones.
    let lockup_top = codes_h + quiet + grid.gap * 0.5;
    let h = if below { lockup_top + lh + quiet } else { (codes_h + quiet).max(lh + quiet) };
    let mut items = Vec::new();
    let mut x = codes_room.start(codes_room.width);
    for (k, (code, q)) in laid.into_iter().enumerate() {
        let ch = code.h;
        // Their visible bottom edges on one line; two codes, one at each column's start.
        let y = if below { codes_h - (ch - q) } else { h - quiet - (ch - q) };
        if on_columns {
            x = if k == 0 { shared.first.start(share) } else { shared.second.start(share) };
        }
        items.extend(code.at(x, y));
        x += share + grid.gap;
    }
    let lockup_x = shared.second.start(lockup_w);
    items.extend(lockup.at(lockup_x, if below { lockup_top } else { h - quiet - lh }));
    Ok((Boxed { items, w: column.width, h }, quiet))
}
