//! The poster template, built around one call to action. From the top: the headline
//! band; short body copy at the largest size that fits; the hotline in a full-width
//! band, the number in type readable from 2 m (cap height at least 10 mm on Letter and
//! A4, 15 mm on Tabloid and A3) with its digits under it, and 911 second, smaller;
//! a county's local contacts under the band at body size; one QR code (two when the
//! material asks for them) at the foot. Letter and A4 share one grid, Tabloid and A3
//! another: the large sizes are laid out with their own type sizes, not scaled.
//!
//! A bilingual poster pairs its languages row by row: the body runs in two columns,
//! each English block beside its Spanish one and the next pair starting below the
//! taller; headlines, labels and captions carry the Spanish under the English, set
//! in another weight or colour.

use crate::content::{Block, Content, Doc, Palette};
use crate::diag::{Diagnostic, Problems};
use crate::layout::flow::{self, Piece, Second, Style};
use crate::layout::text::Shaper;
use crate::layout::{Abs, Color, FontId, Item, Layout, Node, Page, Point, Rect, Role, flow_error, largest_fit};
use crate::units::Size;

/// A page size's grid: margins, type sizes and the call to action's measures.
struct Grid {
    margin: Abs,
    /// Largest and smallest headline size.
    headline: (Abs, Abs),
    /// Largest body size (the smallest is the kind's minimum).
    body: Abs,
    /// The labels in the hotline band and the QR captions.
    label: Abs,
    /// Cap heights: the hotline's number, its digits, and 911.
    hotline_cap: Abs,
    digits_cap: Abs,
    emergency_cap: Abs,
    /// The QR symbol's printed width, quiet zone excluded (one code; two are smaller).
    qr: Abs,
    /// The codes' captions.
    caption: Abs,
    /// The county name above the headline.
    kicker: Abs,
    /// The logo plate: widest, tallest, padding.
    plate: (Abs, Abs, Abs),
    /// Space between the poster's sections.
    gap: Abs,
    /// The issuer line and version code at the foot, and the issuer's logo: height
    /// and widest.
    imprint: Abs,
    issuer_logo: (Abs, Abs),
}

impl Grid {
    fn for_page(page: Size) -> Grid {
        if page.w > Abs::inches(10.0) {
            // Tabloid (11 x 17 in) and A3: read from further away.
            Grid {
                margin: Abs::pt(56.0),
                headline: (Abs::pt(62.0), Abs::pt(36.0)),
                body: Abs::pt(28.0),
                label: Abs::pt(23.0),
                hotline_cap: Abs::mm(15.5),
                digits_cap: Abs::mm(7.5),
                emergency_cap: Abs::mm(9.5),
                qr: Abs::mm(40.0),
                caption: Abs::pt(19.0),
                kicker: Abs::pt(26.0),
                plate: (Abs::pt(220.0), Abs::pt(92.0), Abs::pt(8.0)),
                gap: Abs::pt(30.0),
                imprint: Abs::pt(9.0),
                issuer_logo: (Abs::mm(12.0), Abs::mm(60.0)),
            }
        } else {
            // Letter and A4.
            Grid {
                margin: Abs::pt(36.0),
                headline: (Abs::pt(42.0), Abs::pt(26.0)),
                body: Abs::pt(20.0),
                label: Abs::pt(15.0),
                hotline_cap: Abs::mm(10.5),
                digits_cap: Abs::mm(5.3),
                emergency_cap: Abs::mm(6.5),
                qr: Abs::mm(26.0),
                caption: Abs::pt(14.0),
                kicker: Abs::pt(17.0),
                plate: (Abs::pt(150.0), Abs::pt(60.0), Abs::pt(6.0)),
                gap: Abs::pt(16.0),
                imprint: Abs::pt(7.0),
                issuer_logo: (Abs::mm(9.0), Abs::mm(40.0)),
            }
        }
    }
}

/// The size of `font` at which its capitals are `cap` tall.
fn size_for_cap(shaper: &Shaper, font: FontId, cap: Abs) -> Abs {
    let f = shaper.fonts.get(font);
    cap * (f.upm as f64 / f.cap_height as f64)
}

/// Where each block of a poster goes.
struct Parts<'d> {
    headline: &'d Block,
    /// The heading over the calls ("How to report"), if any.
    report_title: Option<(usize, &'d Block)>,
    body: Vec<(usize, &'d Block)>,
    /// The statewide calls: the hotline (the first that is not 911) first.
    hotline: Option<(usize, &'d Block)>,
    emergency: Option<(usize, &'d Block)>,
    other_statewide: Vec<(usize, &'d Block)>,
    local: Vec<(usize, &'d Block)>,
    qrs: Vec<(usize, &'d Block)>,
}

fn parts(doc: &Doc) -> Result<Parts<'_>, Problems> {
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
    let is_911 = |b: &Block| matches!(&b.content, Content::Call(c) if c.contact == crate::content::EMERGENCY);
    let (local, statewide): (Vec<_>, Vec<_>) = calls.into_iter().partition(|(_, b)| b.origin.is_some());
    let emergency = statewide.iter().copied().find(|(_, b)| is_911(b));
    let mut others = statewide.into_iter().filter(|(_, b)| !is_911(b));
    let hotline = others.next();
    if hotline.is_none() {
        return Err(vec![
            Diagnostic::error("a poster needs a `call` block for a statewide hotline: its call to action")
                .in_file(&doc.file)
                .field("blocks"),
        ]);
    }
    Ok(Parts { headline, report_title, body, hotline, emergency, other_statewide: others.collect(), local, qrs })
}

/// The two-language poster (the pre-toolkit template, kept until its own design).
pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
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
    let geometry = doc.geometry();
    let page = geometry.trim;
    let grid = Grid::for_page(page);
    let margin = grid.margin;
    let width = page.w - margin * 2.0;
    let palette = &doc.palette;
    let accent = palette.brand;
    let err = |index: usize, msg: String| -> Problems { vec![doc.blocks[index].error(doc, msg)] };
    let parts = parts(doc)?;
    let mut warnings = Vec::new();

    // The foot: one QR code (two when the material has two), its caption beside it.
    let n = parts.qrs.len().max(1) as f64;
    let shrink = if n > 1.0 { 0.85 } else { 1.0 };
    let caption_style = Style { qr_symbol: grid.qr * shrink, ..style(palette, grid.caption * shrink) };
    let col = (width - grid.gap * (n - 1.0)) / n;
    let mut foot = Vec::new();
    let mut foot_h = Abs::ZERO;
    for (k, (i, b)) in parts.qrs.iter().enumerate() {
        let Content::Qr(qr) = &b.content else { unreachable!("sorted as a code") };
        let piece =
            flow::qr_piece(shaper, qr, pair(*i), *i, col, &caption_style, Abs::ZERO).map_err(|e| err(*i, e.message(caption_style.body)))?;
        foot_h = foot_h.max(piece.height);
        foot.push((margin + (col + grid.gap) * k as f64, piece));
    }
    // The small print: issuer and version code (and the issuer's logo). At the foot's
    // bottom right when the codes and captions leave that corner free, else under them.
    let crate::layout::Imprint { items: imprint, height: imprint_h, warning } =
        crate::layout::imprint(doc, shaper, grid.imprint, width, Some(grid.issuer_logo))?;
    warnings.extend(warning);
    let imprint_w = imprint_width(shaper, &imprint);
    let corner =
        Rect::new(width - imprint_w - grid.imprint, foot_h - imprint_h - grid.imprint, imprint_w + grid.imprint, imprint_h + grid.imprint);
    let beside = foot_h > imprint_h * 2.0
        && foot.iter().all(|(x, piece)| {
            !piece.items.iter().any(|it| ink_box(shaper, it).is_some_and(|b| b.translated(*x - margin, Abs::ZERO).overlaps(&corner)))
        });
    let (imprint_at, foot_top) = if beside {
        let foot_top = page.h - margin - foot_h;
        (Point::new(margin + width - imprint_w, page.h - margin - imprint_h), foot_top)
    } else {
        let top = page.h - margin - imprint_h;
        (Point::new(margin, top), top - grid.imprint * 0.8 - foot_h)
    };

    // The hotline band: the report title, the hotline's label, its number and digits,
    // then 911 (and any other statewide call) smaller.
    let band_style = Style {
        text: Color::WHITE,
        heading: Color::WHITE,
        call_number: Color::WHITE,
        link: Color::WHITE,
        translation: palette.on_brand_second,
        heading_scale: 1.2,
        gap: 0.4,
        call_scale: size_for_cap(shaper, FontId::Bold, grid.hotline_cap) / grid.label,
        digits_scale: size_for_cap(shaper, FontId::Regular, grid.digits_cap) / grid.label,
        ..style(palette, grid.label)
    };
    let pad = grid.gap;
    let inner = width - pad * 2.0;
    let in_band = |shaper: &mut Shaper, blocks: &[(usize, &Block)], st: &Style| {
        flow::pieces_paired(shaper, blocks, inner, st, pair).map_err(|e| vec![flow_error(doc, &doc.blocks, e, st.body)])
    };
    let mut band_pieces = Vec::new();
    if let Some((i, title)) = parts.report_title {
        let mut pieces = in_band(shaper, &[(i, title)], &band_style)?;
        // Two languages: the title's translation at the right of the same line.
        if let (Some(t), 2) = (pair(i), pieces.len()) {
            let size = band_style.body * band_style.heading_scale;
            let w = shaper.width(FontId::Bold, t.text, size).map_err(|c| err(i, flow::FlowError::MissingGlyph(c).message(size)))?;
            let es = pieces.pop().expect("two pieces");
            pieces = flow::side_by_side(pieces, vec![es], (inner - w).max(Abs::ZERO)).into_iter().collect();
        }
        band_pieces.extend(pieces);
    }
    let mut hotline = in_band(shaper, &parts.hotline.into_iter().collect::<Vec<_>>(), &band_style)?;
    if let (Some(first), false) = (hotline.first_mut(), band_pieces.is_empty()) {
        first.gap_before = band_style.body * band_style.gap;
    }
    band_pieces.extend(hotline);
    let second_style = Style { call_scale: size_for_cap(shaper, FontId::Bold, grid.emergency_cap) / grid.label, ..band_style.clone() };
    let mut seconds: Vec<(usize, &Block)> = parts.emergency.into_iter().collect();
    seconds.extend(parts.other_statewide.iter().copied());
    let mut second_pieces = in_band(shaper, &seconds, &second_style)?;
    if let Some(first) = second_pieces.first_mut() {
        first.gap_before = grid.gap * 0.75;
    }
    band_pieces.extend(second_pieces);
    let band_h = flow::height(&band_pieces) + pad * 2.0;

    // A county's local contacts go under the band, at body size: never as large as the
    // statewide call. A poster keeps room for one on every edition.
    let min = doc.kind.min_body();
    let local_style = Style { call_scale: 1.0, ..style(palette, grid.label) };
    let local_pieces = flow::pieces_paired(shaper, &parts.local, width, &local_style, pair)
        .map_err(|e| vec![flow_error(doc, &doc.blocks, e, grid.label)])?;
    let local_lines = if second.is_some() { 3.0 } else { 1.0 };
    let local_room = (local_style.body * local_style.leading * local_lines).max(flow::height(&local_pieces));
    let local_top = foot_top - grid.gap - local_room;
    let band_top = local_top - grid.gap * 0.75 - band_h;

    // The headline band. It has one height on every edition of this poster, whatever a
    // county adds: room for the headline at its statewide size, one line for a county
    // name above it (a line in each language on a bilingual poster), and the tallest
    // logo plate. A county's name and logo then never
    // take space from the body: the headline gets smaller instead.
    let Content::Heading(text) = &parts.headline.content else { unreachable!("matched a heading") };
    let max_lines = if second.is_some() { 4 } else { 3 };
    let translated = pair(0);
    let (plate_w, plate_h, plate_pad) = grid.plate;
    // One line for the county's name in each language.
    let kicker_line = grid.kicker * 1.4 * if second.is_some() { 2.0 } else { 1.0 };
    // The headline's lines, as even as the words allow (the translation's after them,
    // in its language and in the regular weight), and how many lines they are.
    let headline_lines = |shaper: &mut Shaper, size: Abs, w: Abs| -> Result<(usize, Vec<(Abs, Item)>), Problems> {
        let first = flow::balanced_lines(shaper, FontId::Bold, text, size, 1.1, w, Color::WHITE).map_err(|e| err(0, e.message(size)))?;
        let mut n = first.len();
        let mut out = flow::wrap_lines(Node::new(Role::H1), first);
        if let Some(t) = translated {
            let other = flow::balanced_lines(shaper, FontId::Regular, t.text, size * 0.85, 1.1, w, Color::WHITE)
                .map_err(|e| err(0, e.message(size)))?;
            n += other.len();
            out.extend(flow::wrap_lines(Node::new(Role::H1).lang(Some(t.lang)), other));
        }
        Ok((n, out))
    };
    let (max, min_headline) = grid.headline;
    // Two languages: a line each if the headline stays large enough, else up to four.
    let mut statewide = None;
    if second.is_some() {
        statewide = largest_fit(max * 0.8, min_headline * 0.85, |size| {
            let (n, lines) = headline_lines(shaper, size, width)?;
            Ok((n <= 2).then_some(lines))
        })?;
    }
    if statewide.is_none() {
        statewide = largest_fit(max, min_headline, |size| {
            let (n, lines) = headline_lines(shaper, size, width)?;
            Ok((n <= max_lines).then_some(lines))
        })?;
    }
    let Some((_, statewide)) = statewide else {
        return Err(err(0, format!("the headline needs more than {max_lines} lines even at {min_headline}")));
    };
    let room = (flow::stack(statewide.clone()).1 + kicker_line).max(plate_h + plate_pad * 2.0);
    let head_h = margin * 0.8 + room + margin * 0.7;
    let logo = crate::layout::LogoPlate::new(doc, plate_w, plate_h, plate_pad);
    let headline_w = logo.as_ref().map_or(width, |plate| width - plate.size.w - margin * 0.5);
    let kicker = crate::layout::county_name(doc, shaper, grid.kicker, 1.4, headline_w)?;
    let kicker_h = flow::stack(kicker.clone()).1;
    let lines = if kicker.is_empty() && logo.is_none() {
        Some(statewide)
    } else {
        largest_fit(max, min_headline * 0.8, |size| {
            let (n, lines) = headline_lines(shaper, size, headline_w)?;
            Ok((n <= max_lines + 1 && (kicker_h + flow::stack(lines.clone()).1).fits(room)).then_some(lines))
        })?
        .map(|(_, lines)| lines)
    };
    let Some(lines) = lines else {
        let d = match &doc.edition_file {
            Some(f) => Diagnostic::error("the county name and the headline do not fit in the poster's band").in_file(f).field("name"),
            None => Diagnostic::error("the headline does not fit in the poster's band").in_file(&doc.file),
        };
        return Err(vec![d.hint("use a shorter county `name`, or a logo that is less wide")]);
    };

    // The body: the largest size from the grid's down to the kind's minimum that fits
    // between the bands.
    let body_top = head_h + grid.gap * 1.25;
    let space = band_top - grid.gap * 1.25 - body_top;
    let body_2: Vec<(usize, &Block)> = match second {
        Some(other) => parts.body.iter().filter_map(|(i, _)| other.blocks.get(*i).map(|b| (*i, b))).collect(),
        None => Vec::new(),
    };
    let gutter = grid.gap * 1.5;
    let col_w = if second.is_some() { (width - gutter) / 2.0 } else { width };
    let lay_body = |shaper: &mut Shaper, size: Abs| -> Result<(Vec<Item>, Abs), Problems> {
        let st = style(palette, size);
        let first = flow::pieces(shaper, &parts.body, col_w, &st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])?;
        match second {
            None => Ok(flow::place(first, Abs::ZERO, Abs::ZERO)),
            Some(other) => {
                let st2 = Style { lang: Some(other.lang.clone()), text: accent, heading: accent, ..style(palette, size) };
                let other_pieces =
                    flow::pieces(shaper, &body_2, col_w, &st2).map_err(|e| vec![flow_error(other, &other.blocks, e, size)])?;
                Ok(rows(first, other_pieces, col_w + gutter))
            }
        }
    };
    let chosen = largest_fit(grid.body.max(min), min, |size| {
        let (items, h) = lay_body(shaper, size)?;
        Ok(h.fits(space).then_some((items, h)))
    })?;
    let Some((used, (body_items, body_h))) = chosen else {
        let (_, h) = lay_body(shaper, min)?;
        // The block that crosses the bottom of the room (in the first language).
        let pieces =
            flow::pieces(shaper, &parts.body, col_w, &style(palette, min)).map_err(|e| vec![flow_error(doc, &doc.blocks, e, min)])?;
        let culprit = flow::first_overflowing(&pieces, space).or(pieces.last().map(|p| p.block)).unwrap_or(0);
        return Err(vec![
            doc.blocks[culprit]
                .error(doc, format!("body copy is {} too long at the minimum size {min}", h - space))
                .hint("shorten the body copy of this poster"),
        ]);
    };

    // Reading order: the headline band, the body, the hotline band, local contacts,
    // the codes.
    let mut items = vec![Item::Fill { rect: crate::layout::band(&geometry, Abs::ZERO, head_h), color: accent }];
    let mut head = kicker;
    head.extend(lines);
    let (head_items, head_lines_h) = flow::stack(head);
    let top = margin * 0.8 + (room - head_lines_h) / 2.0;
    for mut line in head_items {
        line.translate(margin, top);
        items.push(line);
    }
    if let Some(plate) = logo {
        items.extend(plate.items(page.w - margin - plate.size.w, (head_h - plate.size.h) / 2.0, doc));
        warnings.extend(plate.warning);
    }
    // The body sits in the middle of the room it has.
    let body_y = body_top + (space - body_h) / 2.0;
    for mut item in body_items {
        item.translate(margin, body_y);
        items.push(item);
    }
    items.push(Item::Fill { rect: crate::layout::band(&geometry, band_top, band_h), color: accent });
    items.extend(flow::place(band_pieces, margin + pad, band_top + pad).0);
    items.extend(flow::place(local_pieces, margin, local_top).0);
    for (x, piece) in foot {
        items.extend(flow::place(vec![piece], x, foot_top).0);
    }
    for mut item in imprint {
        item.translate(imprint_at.x, imprint_at.y);
        items.push(item);
    }
    Ok(Layout { pages: vec![Page::new(page, geometry.bleed, items)], smallest_body: used, warnings })
}

/// Two languages' pieces as rows: the pieces of each block of `first` at the left,
/// the same block's pieces of `second` at `offset`, the next block starting under
/// the taller of the two. Returns the items (the first language's, then the
/// second's: a screen reader reads one language whole, then the other) and the height.
fn rows(first: Vec<Piece>, second: Vec<Piece>, offset: Abs) -> (Vec<Item>, Abs) {
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
    let (mut items, mut later) = (Vec::new(), Vec::new());
    let mut y = Abs::ZERO;
    for (n, (block, ps)) in left.into_iter().enumerate() {
        let gap = if n == 0 { Abs::ZERO } else { ps.first().map_or(Abs::ZERO, |p| p.gap_before) };
        y += gap;
        let (l_items, l_h) = flow::place(ps, Abs::ZERO, y);
        items.extend(l_items);
        let mut h = l_h;
        if let Some((b, rs)) = right.next() {
            debug_assert_eq!(b, block, "the languages have the same blocks");
            let (r_items, r_h) = flow::place(rs, offset, y);
            later.extend(r_items);
            h = h.max(r_h);
        }
        y += h;
    }
    items.extend(later);
    (items, y)
}

/// The house style of body copy on a poster at body size `body`.
fn style(p: &Palette, body: Abs) -> Style {
    Style {
        body,
        leading: 1.3,
        text: p.ink,
        heading: p.brand,
        heading_scale: 1.3,
        gap: 0.7,
        call_scale: 1.9,
        call_number: p.ink,
        call_fill: None,
        qr_symbol: Abs::mm(32.0),
        link: p.brand,
        lang: None,
        digits_scale: 1.0,
        translation: p.brand,
    }
}

/// How far right the ink of `items` reaches from their origin.
fn imprint_width(shaper: &Shaper, items: &[Item]) -> Abs {
    items.iter().filter_map(|it| ink_box(shaper, it)).map(|b| b.right()).fold(Abs::ZERO, Abs::max)
}

/// The box a text line's glyphs (ascender to descender), a code's quiet zone or an
/// image covers.
fn ink_box(shaper: &Shaper, item: &Item) -> Option<Rect> {
    match item {
        Item::Qr { bounds, .. } | Item::Image { rect: bounds, .. } => Some(*bounds),
        _ => crate::layout::frame::text_box(item, shaper.fonts),
    }
}
