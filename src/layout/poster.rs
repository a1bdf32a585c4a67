//! The poster template: a headline band, body copy that shrinks to fit, a "how to
//! report" box with the numbers in large type, and a row of QR codes.

use super::flow::{self, Second, Style};
use super::text::Shaper;
use super::{Abs, Color, Item, Layout, Node, Page, Rect, Role, accent, flow_error, largest_fit};
use crate::content::{Block, Content, Doc};
use crate::diag::{Diagnostic, Problems};

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    // A bilingual poster: the headline, report box and captions carry both languages
    // one under the other (block i of the second language is block i of the first);
    // the body runs in two columns.
    let second = doc.second.as_deref();
    // The same block in the second language, where it says something else.
    let pair = |i: usize| -> Option<Second> {
        let other = second?;
        let text = match (&doc.blocks[i].content, &other.blocks.get(i)?.content) {
            (Content::Heading(_), Content::Heading(z)) => z,
            (Content::Call(a), Content::Call(z)) if doc.blocks[i].origin.is_none() || a.label != z.label => &z.label,
            (Content::Qr(_), Content::Qr(z)) => &z.caption,
            _ => return None,
        };
        Some(Second { text, lang: &other.lang })
    };
    let (max_headline_lines, headline_max) = if second.is_some() { (4, 34.0) } else { (3, 44.0) };
    let geometry = doc.geometry();
    let page = geometry.trim;
    let s = page.w / Abs::inches(8.5);
    let margin = Abs::pt(40.0) * s;
    let width = page.w - margin * 2.0;
    let accent = accent(doc.accent);
    let err = |index: usize, msg: String| -> Problems { vec![doc.blocks[index].error(doc, msg)] };

    // Where each block goes.
    let (mut headline, mut report_title) = (None, None);
    let (mut body, mut calls, mut qrs) = (Vec::new(), Vec::new(), Vec::new());
    for (i, b) in doc.blocks.iter().enumerate() {
        let next_is_call = matches!(doc.blocks.get(i + 1).map(|n| &n.content), Some(Content::Call(_)));
        match &b.content {
            Content::Heading(_) if i == 0 => headline = Some(b),
            Content::Heading(_) if next_is_call && report_title.is_none() => report_title = Some((i, b)),
            Content::Call(_) => calls.push((i, b)),
            Content::Qr(_) => qrs.push((i, b)),
            _ => body.push((i, b)),
        }
    }
    let Some(headline) = headline else {
        return Err(vec![Diagnostic::error("a poster starts with a `heading`: its headline").in_file(&doc.file).field("blocks[0]")]);
    };
    if calls.is_empty() {
        return Err(vec![
            Diagnostic::error("a poster needs at least one `call` block for its \"how to report\" box").in_file(&doc.file).field("blocks"),
        ]);
    }

    let mut items = Vec::new();
    let mut warnings = Vec::new();

    // The headline band has one height on every edition of this poster, whatever a
    // county adds: room for the headline at its statewide size, one line for a county
    // name above it, and the tallest logo plate. A county's name and logo then never
    // take space from the body: the headline gets smaller instead.
    let Content::Heading(text) = &headline.content else { unreachable!("matched a heading") };
    let kicker_size = Abs::pt(18.0) * s;
    let kicker_line = kicker_size * 1.4;
    let plate_max = (Abs::pt(150.0) * s, Abs::pt(64.0) * s, Abs::pt(6.0) * s);
    let translated = pair(0);
    // The headline's lines (the translation's after them, in its language) and how
    // many lines they are.
    let headline_lines = |shaper: &mut Shaper, size: Abs, width: Abs| -> Result<(usize, Vec<(Abs, Item)>), Problems> {
        let lines = |shaper: &mut Shaper, text: &str| {
            flow::text_lines(shaper, super::FontId::Bold, text, size, 1.1, width, Color::WHITE).map_err(|e| err(0, e.message(size)))
        };
        let first = lines(shaper, text)?;
        let mut n = first.len();
        let mut out = flow::wrap_lines(Node::new(Role::H1), first);
        if let Some(t) = translated {
            let other = lines(shaper, t.text)?;
            n += other.len();
            out.extend(flow::wrap_lines(Node::new(Role::H1).lang(Some(t.lang)), other));
        }
        Ok((n, out))
    };
    let statewide = largest_fit(Abs::pt(headline_max) * s, Abs::pt(26.0) * s, |size| {
        let (n, lines) = headline_lines(shaper, size, width)?;
        Ok((n <= max_headline_lines).then_some(lines))
    })?;
    let Some((_, statewide)) = statewide else {
        return Err(err(0, format!("the headline needs more than {max_headline_lines} lines even at {}", Abs::pt(26.0) * s)));
    };
    let room = (flow::stack(statewide.clone()).1 + kicker_line).max(plate_max.1 + plate_max.2 * 2.0);
    let band_h = margin * 0.9 + room + margin * 0.8;

    // A county logo sits on a white plate at the right of the band; the headline
    // wraps beside it.
    let logo = super::LogoPlate::new(doc, plate_max.0, plate_max.1, plate_max.2);
    let headline_w = logo.as_ref().map_or(width, |plate| width - plate.size.w - margin * 0.5);
    let kicker = super::county_name(doc, shaper, kicker_size, 1.4, headline_w)?;
    let kicker_h = flow::stack(kicker.clone()).1;
    let band = if kicker.is_empty() && logo.is_none() {
        Some(statewide)
    } else {
        largest_fit(Abs::pt(headline_max) * s, Abs::pt(20.0) * s, |size| {
            let (n, lines) = headline_lines(shaper, size, headline_w)?;
            Ok((n <= max_headline_lines + 1 && (kicker_h + flow::stack(lines.clone()).1).fits(room)).then_some(lines))
        })?
        .map(|(_, lines)| lines)
    };
    let Some(lines) = band else {
        let d = match &doc.edition_file {
            Some(f) => Diagnostic::error("the county name and the headline do not fit in the poster's band").in_file(f).field("name"),
            None => Diagnostic::error("the headline does not fit in the poster's band").in_file(&doc.file),
        };
        return Err(vec![d.hint("use a shorter county `name`, or a logo that is less wide")]);
    };
    let mut all = kicker;
    all.extend(lines);
    let (lines, lines_h) = flow::stack(all);
    items.push(Item::Fill { rect: super::band(&geometry, Abs::ZERO, band_h), color: accent });
    let top = margin * 0.9 + (room - lines_h) / 2.0;
    for mut line in lines {
        line.translate(margin, top);
        items.push(line);
    }
    if let Some(plate) = logo {
        items.extend(plate.items(page.w - margin - plate.size.w, (band_h - plate.size.h) / 2.0, doc));
        warnings.extend(plate.warning);
    }

    // QR row at the foot of the page.
    let qr_style = Style { body: Abs::pt(14.0) * s, qr_symbol: Abs::mm(30.0) * s, ..style(accent, Abs::pt(14.0) * s) };
    let gutter = margin * 0.5;
    let n = qrs.len().max(1) as f64;
    let col = (width - gutter * (n - 1.0)) / n;
    let mut qr_pieces = Vec::new();
    for (i, b) in &qrs {
        let Content::Qr(qr) = &b.content else { unreachable!() };
        qr_pieces.push(flow::qr_piece(shaper, qr, pair(*i), *i, col, &qr_style, Abs::ZERO).map_err(|e| err(*i, e.message(qr_style.body)))?);
    }
    let qr_h = qr_pieces.iter().map(|p| p.height).max().unwrap_or(Abs::ZERO);
    let qr_top = page.h - margin - qr_h;
    let mut qr_items = Vec::new();
    for (k, p) in qr_pieces.into_iter().enumerate() {
        let (placed, _) = flow::place(vec![p], margin + (col + gutter) * k as f64, qr_top);
        qr_items.extend(placed);
    }

    // The "how to report" box above it.
    // Two languages: every label is two lines, set a little smaller.
    let report_body = if second.is_some() { doc.kind.min_body() } else { Abs::pt(15.0) };
    let report_style = Style { call_scale: 1.9, heading_scale: 1.35, gap: 0.45, ..style(accent, report_body * s) };
    let pad = Abs::pt(16.0) * s;
    let inner = width - pad * 2.0;
    let mut report: Vec<(usize, &Block)> = report_title.into_iter().collect();
    let statewide: Vec<(usize, &Block)> = calls.iter().copied().filter(|(_, b)| b.origin.is_none()).collect();
    let in_row = second.is_some() && statewide.len() == 2;
    if !in_row {
        report.extend(statewide.iter().copied());
    }
    let pieces_at = |shaper: &mut Shaper, blocks: &[(usize, &Block)], w: Abs, st: &Style| {
        flow::pieces_paired(shaper, blocks, w, st, pair).map_err(|e| vec![flow_error(doc, &doc.blocks, e, report_style.body)])
    };
    let mut report_pieces = pieces_at(shaper, &report, inner, &report_style)?;
    if in_row {
        // Two languages make every label two lines: the hotline and the emergency
        // number stand side by side, the hotline first and wider.
        // The second column is as wide as its widest line; the hotline takes the rest.
        let col_gap = pad;
        let mut right_w = Abs::ZERO;
        let (i, b) = statewide[1];
        if let Content::Call(c) = &b.content {
            for line in std::iter::once(c.label.as_str()).chain(pair(i).map(|t| t.text)) {
                right_w = right_w.max(shaper.width(super::FontId::Regular, line, report_style.body).unwrap_or(Abs::ZERO));
            }
            if let Some(p) = &c.phone {
                let big = report_style.body * report_style.call_scale;
                right_w = right_w.max(shaper.width(super::FontId::Bold, p.written(), big).unwrap_or(Abs::ZERO));
            }
        }
        let right_w = (right_w + Abs::pt(1.0)).min((inner - col_gap) * 0.45);
        let left_w = inner - col_gap - right_w;
        let left = pieces_at(shaper, &statewide[..1], left_w, &report_style)?;
        let right = pieces_at(shaper, &statewide[1..], right_w, &report_style)?;
        if let Some(mut row) = flow::side_by_side(left, right, left_w + col_gap) {
            if !report_pieces.is_empty() {
                row.gap_before = report_style.body * report_style.gap;
            }
            report_pieces.push(row);
        }
    }
    // A county's local contact goes under the statewide numbers, on one line at body
    // size: never as large as the statewide call.
    let local_style = Style { call_scale: 1.0, ..report_style };
    let local: Vec<(usize, &Block)> = calls.iter().copied().filter(|(_, b)| b.origin.is_some()).collect();
    let mut local_pieces = pieces_at(shaper, &local, inner, &local_style)?;
    if let Some(first) = local_pieces.first_mut() {
        first.gap_before = report_style.body * report_style.gap;
    }
    report_pieces.extend(local_pieces);
    let report_h = flow::height(&report_pieces) + pad * 2.0;
    let report_top = qr_top - margin * 0.6 - report_h;
    let mut report_items =
        vec![Item::Fill { rect: Rect::new(margin - pad * 0.5, report_top, width + pad, report_h), color: accent.tint(0.12) }];
    report_items.extend(flow::place(report_pieces, margin + pad * 0.5, report_top + pad).0);

    // Body copy: the largest size from 20 pt (scaled) down to 14 pt that fits, leaving
    // room for the one local contact a county may add to the box, so that every
    // edition of the poster fits and prints its body at the same size.
    let body_top = band_h + margin * 0.6;
    let space_here = report_top - margin * 0.5 - body_top;
    let has_local = calls.iter().any(|(_, b)| b.origin.is_some());
    // One line (`Name: number`); on a bilingual poster, the name in each language on
    // its own line and the number under them.
    let local_lines = if second.is_some() { 3.0 } else { 1.0 };
    let local_reserve = local_style.body * local_style.leading * local_lines + local_style.body * local_style.gap;
    let space = if has_local { space_here } else { space_here - local_reserve };
    let min = doc.kind.min_body();
    // Two languages: the same blocks of the second language in a second column.
    let gutter = margin * 0.6;
    let (col_w, body_2): (Abs, Vec<(usize, &Block)>) = match second {
        Some(other) => ((width - gutter) / 2.0, body.iter().filter_map(|(i, _)| other.blocks.get(*i).map(|b| (*i, b))).collect()),
        None => (width, Vec::new()),
    };
    let chosen = largest_fit((Abs::pt(20.0) * s).max(min), min, |size| {
        let pieces = flow::pieces(shaper, &body, col_w, &style(accent, size)).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])?;
        let pieces_2 = match second {
            Some(other) => {
                // The second column, in its own language, read after the first.
                let st = Style { lang: Some(other.lang.clone()), ..style(accent, size) };
                flow::pieces(shaper, &body_2, col_w, &st).map_err(|e| vec![flow_error(other, &other.blocks, e, size)])?
            }
            None => Vec::new(),
        };
        Ok((flow::height(&pieces).fits(space) && flow::height(&pieces_2).fits(space)).then_some((pieces, pieces_2)))
    })?;
    let Some((used, (pieces, pieces_2))) = chosen else {
        // Name the column that overflows more.
        let (d, b) = match second {
            Some(other) => {
                let tall = |shaper: &mut Shaper, blocks| {
                    flow::height(&flow::pieces(shaper, blocks, col_w, &style(accent, min)).unwrap_or_default())
                };
                if tall(shaper, &body_2) > tall(shaper, &body) { (other, &body_2) } else { (doc, &body) }
            }
            None => (doc, &body),
        };
        return Err(vec![overflow(d, shaper, b, col_w, accent, min, space)?]);
    };
    let (placed, _) = flow::place(pieces, margin, body_top);
    items.extend(placed);
    if second.is_some() {
        let (placed, h) = flow::place(pieces_2, margin + col_w + gutter, body_top);
        items.extend(placed);
        items.push(Item::Fill {
            rect: Rect::new(margin + col_w + gutter / 2.0 - Abs::pt(0.5), body_top, Abs::pt(1.0), h.max(Abs::pt(10.0))),
            color: accent.tint(0.4),
        });
    }

    // Reading order: the band, the body, the report box, the codes.
    items.extend(report_items);
    items.extend(qr_items);
    Ok(Layout { pages: vec![Page::new(page, geometry.bleed, items)], smallest_body: used, warnings })
}

/// The house style of body copy on a poster at body size `body`.
fn style(accent: Color, body: Abs) -> Style {
    Style {
        body,
        leading: 1.3,
        text: Color::BLACK,
        heading: accent,
        heading_scale: 1.3,
        gap: 0.7,
        call_scale: 1.9,
        call_number: Color::BLACK,
        call_fill: None,
        qr_symbol: Abs::mm(32.0),
        link: accent,
        lang: None,
    }
}

/// The error for body copy that does not fit at the minimum size: which block
/// crosses the bottom of the region, and by how much the copy is too long.
fn overflow(
    doc: &Doc,
    shaper: &mut Shaper,
    body: &[(usize, &Block)],
    width: Abs,
    accent: Color,
    min: Abs,
    space: Abs,
) -> Result<Diagnostic, Problems> {
    let pieces = flow::pieces(shaper, body, width, &style(accent, min)).map_err(|e| vec![flow_error(doc, &doc.blocks, e, min)])?;
    let total = flow::height(&pieces);
    let culprit = flow::first_overflowing(&pieces, space).or(pieces.last().map(|p| p.block)).unwrap_or(0);
    Ok(doc.blocks[culprit]
        .error(doc, format!("body copy is {} too long at the minimum size {}", total - space, min))
        .hint("shorten the body copy of this poster"))
}
