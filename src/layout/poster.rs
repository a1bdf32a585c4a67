//! The poster template: a headline band, body copy that shrinks to fit, a "how to
//! report" box with the numbers in large type, and a row of QR codes.

use super::flow::{self, Piece, Style};
use super::text::Shaper;
use super::{Abs, Color, Item, Layout, Page, Rect, accent, flow_error, sizes};
use crate::content::{Block, Content, Doc};
use crate::diag::{Diagnostic, Problems};

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    // A bilingual poster: the headline, report box and captions carry both languages
    // one under the other; the body runs in two columns.
    let original = doc;
    let merged;
    let (doc, second) = match &doc.second {
        Some(other) => {
            merged = merge(doc, other);
            (&merged, Some(other.as_ref()))
        }
        None => (doc, None),
    };
    let (max_headline_lines, headline_max) = if second.is_some() { (4, 34.0) } else { (3, 44.0) };
    let page = doc.kind.trim_size(doc.size);
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
    let headline_lines = |shaper: &mut Shaper, size: Abs, width: Abs| {
        flow::text_lines(shaper, super::FontId::Bold, text, size, 1.1, width, Color::WHITE).map_err(|e| err(0, e.message(size)))
    };
    let mut statewide = None;
    for size in sizes(Abs::pt(headline_max) * s, Abs::pt(26.0) * s) {
        let lines = headline_lines(shaper, size, width)?;
        if lines.len() <= max_headline_lines {
            statewide = Some(lines);
            break;
        }
    }
    let Some(statewide) = statewide else {
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
    let mut band = None;
    if kicker.is_empty() && logo.is_none() {
        band = Some(statewide);
    } else {
        for size in sizes(Abs::pt(headline_max) * s, Abs::pt(20.0) * s) {
            let lines = headline_lines(shaper, size, headline_w)?;
            if lines.len() <= max_headline_lines + 1 && (kicker_h + flow::stack(lines.clone()).1).fits(room) {
                band = Some(lines);
                break;
            }
        }
    }
    let Some(mut lines) = band else {
        let d = match &doc.edition_file {
            Some(f) => Diagnostic::error("the county name and the headline do not fit in the poster's band").in_file(f).field("name"),
            None => Diagnostic::error("the headline does not fit in the poster's band").in_file(&doc.file),
        };
        return Err(vec![d.hint("use a shorter county `name`, or a logo that is less wide")]);
    };
    let h1 = shaper.elem(0, 0, super::Role::H1, None, None);
    lines.iter_mut().for_each(|(_, l)| l.set_tag(h1));
    let mut all = kicker;
    all.extend(lines);
    let (lines, lines_h) = flow::stack(all);
    items.push(Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, page.w, band_h), color: accent });
    if let Some(plate) = logo {
        items.extend(plate.items(page.w - margin - plate.size.w, (band_h - plate.size.h) / 2.0, doc, shaper));
        warnings.extend(plate.warning);
    }
    let top = margin * 0.9 + (room - lines_h) / 2.0;
    for mut line in lines {
        line.translate(margin, top);
        items.push(line);
    }

    // QR row at the foot of the page.
    let qr_style = Style { body: Abs::pt(14.0) * s, qr_symbol: Abs::mm(30.0) * s, ..style(accent, Abs::pt(14.0) * s) };
    let gutter = margin * 0.5;
    let n = qrs.len().max(1) as f64;
    let col = (width - gutter * (n - 1.0)) / n;
    let mut qr_pieces = Vec::new();
    for (i, b) in &qrs {
        let Content::Qr(qr) = &b.content else { unreachable!() };
        qr_pieces.push(flow::qr_piece(shaper, qr, *i, col, &qr_style, Abs::ZERO).map_err(|e| err(*i, e.message(qr_style.body)))?);
    }
    let qr_h = qr_pieces.iter().map(|p| p.height).max().unwrap_or(Abs::ZERO);
    let qr_top = page.h - margin - qr_h;
    for (k, p) in qr_pieces.into_iter().enumerate() {
        let (placed, _) = flow::place(vec![p], margin + (col + gutter) * k as f64, qr_top);
        items.extend(placed);
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
        flow::pieces(shaper, blocks, w, st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, report_style.body)])
    };
    let mut report_pieces = pieces_at(shaper, &report, inner, &report_style)?;
    if in_row {
        // Two languages make every label two lines: the hotline and the emergency
        // number stand side by side, the hotline first and wider.
        // The second column is as wide as its widest line; the hotline takes the rest.
        let col_gap = pad;
        let mut right_w = Abs::ZERO;
        if let Content::Call(c) = &statewide[1].1.content {
            for line in c.label.lines() {
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
    items.push(Item::Fill { rect: Rect::new(margin - pad * 0.5, report_top, width + pad, report_h), color: accent.tint(0.12) });
    let (placed, _) = flow::place(report_pieces, margin + pad * 0.5, report_top + pad);
    items.extend(placed);

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
    let mut chosen: Option<(Vec<Piece>, Vec<Piece>, Abs)> = None;
    for size in sizes((Abs::pt(20.0) * s).max(min), min) {
        let pieces = flow::pieces(shaper, &body, col_w, &style(accent, size)).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])?;
        let pieces_2 = match second {
            Some(other) => {
                // The second language reads after the whole first column, in its own language.
                let last = body.last().map_or(0, |(i, _)| *i as u32);
                shaper.major = Some((last + 1) * 10 + 5);
                shaper.lang = Some(other.lang.clone());
                let p = flow::pieces(shaper, &body_2, col_w, &style(accent, size));
                shaper.major = None;
                shaper.lang = None;
                p.map_err(|e| vec![flow_error(other, &other.blocks, e, size)])?
            }
            None => Vec::new(),
        };
        if flow::height(&pieces).fits(space) && flow::height(&pieces_2).fits(space) {
            chosen = Some((pieces, pieces_2, size));
            break;
        }
    }
    let Some((pieces, pieces_2, used)) = chosen else {
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

    if let Some(other) = second {
        second_language(original, other, shaper, &mut items);
    }
    Ok(Layout { pages: vec![Page { trim: page, bleed: Abs::ZERO, items }], smallest_body: used, warnings, structure: Default::default() })
}

/// The headline, the report box's title, the callouts' labels and the codes' captions
/// of `first` with those of `other` (the same blocks in another language) under them.
fn merge(first: &Doc, other: &Doc) -> Doc {
    let mut doc = first.clone();
    doc.second = None;
    for (i, (b, o)) in doc.blocks.iter_mut().zip(&other.blocks).enumerate() {
        let next_is_call = matches!(first.blocks.get(i + 1).map(|n| &n.content), Some(Content::Call(_)));
        match (&mut b.content, &o.content) {
            (Content::Heading(a), Content::Heading(z)) if i == 0 || next_is_call => *a = format!("{a}\n{z}"),
            (Content::Call(a), Content::Call(z)) if b.origin.is_none() => a.label = format!("{}\n{}", a.label, z.label),
            // A county's contact: its label in both languages, or once when it has one.
            (Content::Call(a), Content::Call(z)) if a.label != z.label => a.label = format!("{}\n{}", a.label, z.label),
            (Content::Qr(a), Content::Qr(z)) => a.caption = format!("{}\n{}", a.caption, z.caption),
            _ => {}
        }
    }
    doc
}

/// On a bilingual poster the merged headline, report title, labels and captions hold
/// the first language's lines, then the second's: give those second-language lines
/// their own element in that language, read right after the first language's.
fn second_language(first: &Doc, other: &Doc, shaper: &mut Shaper, items: &mut [Item]) {
    for (i, b) in first.blocks.iter().enumerate() {
        let next_is_call = matches!(first.blocks.get(i + 1).map(|n| &n.content), Some(Content::Call(_)));
        let (text, sub, role) = match &b.content {
            // The Spanish headline is a heading too, like the English one.
            Content::Heading(t) if i == 0 => (t, 0, super::Role::H1),
            Content::Heading(t) if next_is_call => (t, 0, super::Role::H2),
            Content::Call(c) => (&c.label, 0, super::Role::P),
            Content::Qr(q) => (&q.caption, 1, super::Role::P),
            _ => continue,
        };
        let normal = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let want = normal(text);
        let key = super::Tag::Elem(shaper.key(i, sub));
        let key_2 = shaper.key(i, 600);
        let tag_2 = shaper.structure.define(key_2, role, None, None, Some(other.lang.clone()));
        let mut seen = String::new();
        for item in items.iter_mut() {
            let Item::Text { glyphs, tag, .. } = item else { continue };
            if *tag != key {
                continue;
            }
            if normal(&seen) == want {
                *tag = tag_2;
            } else {
                seen.push(' ');
                seen.extend(glyphs.iter().map(|g| g.text.as_str()));
            }
        }
        // A person reads both labels (or captions), then the number or address under
        // them: the links move to an element read after the second language's.
        if let (Content::Call(_) | Content::Qr(_), super::Tag::Elem(parent)) = (&b.content, key) {
            let after = shaper.key(i, 700);
            shaper.structure.define(after, super::Role::P, None, None, None);
            for e in shaper.structure.elems.values_mut() {
                if e.parent == Some(parent) && e.role == super::Role::Link {
                    e.parent = Some(after);
                }
            }
        }
    }
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
