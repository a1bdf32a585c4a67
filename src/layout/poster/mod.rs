//! The poster, built around one call to action and composed from the toolkit
//! ([`super::kit`]). From the top: the brand band, its headline owning the band
//! (a county's name above it); the body copy at the largest size that fits; the
//! report panel, reversed out of the brand colour: the report title, the Colorado
//! hotline's number in type readable from 2 m with its digits, the notes beside it
//! (anyone may call without giving their name), 911, and the primary code (the
//! hotline's own) on a white plate at its end; a county's box with its local contact
//! and logo; the foot strip with the second code (the CyberTipline) and the identity
//! lockup. Everything starts on one edge, the page's margin, with one inner padding.
//! Letter and A4 share a grid, Tabloid and A3 have their own: the large sizes are
//! laid out with their own type and code sizes, not scaled.
//!
//! The layout runs in three phases: `measure` lays each region out at a body size,
//! `fit` finds the largest body size at which the regions fill the page, `place`
//! stacks them with equal gaps.

mod bilingual;

use super::flow::{self, Piece, Style};
use super::kit::{self, Boxed, Dir, Span};
use super::text::Shaper;
use super::{Abs, Color, Item, Layout, Page, flow_error};
use crate::content::{Block, Content, Doc};
use crate::diag::{Diagnostic, Problems};
use crate::units::Size;

/// A page size's grid: margins, type sizes and the call to action's measures.
#[derive(Clone, Copy)]
struct Grid {
    margin: Abs,
    /// Largest and smallest headline size.
    headline: (Abs, Abs),
    /// Largest body size (the smallest is the kind's minimum).
    body: Abs,
    /// The labels and notes in the report panel and the county box.
    label: Abs,
    /// Cap heights: the hotline's number, its digits, and 911.
    hotline_cap: Abs,
    /// The smallest the hotline's caps may be set to sit whole beside its code.
    hotline_min: Abs,
    digits_cap: Abs,
    emergency_cap: Abs,
    /// The primary code's printed width (quiet zone excluded), and the others'.
    qr: Abs,
    qr_second: Abs,
    /// The codes' captions.
    caption: Abs,
    /// The county name above the headline.
    kicker: Abs,
    /// A county's logo in its box: widest, tallest.
    plate: (Abs, Abs),
    /// The pictograms beside the body.
    icon: Abs,
    /// The space between regions, and the panels' inner padding.
    gap: Abs,
    /// How far the gaps may close (a share of `gap`) where the copy needs the room:
    /// further on the large sizes, whose gaps are wide.
    gap_floor: f64,
    pad: Abs,
    /// The campaign line and the small print of the identity lockup, and the issuer's
    /// logo: height and widest.
    campaign: Abs,
    imprint: Abs,
    issuer_logo: (Abs, Abs),
}

impl Grid {
    fn for_page(page: Size) -> Grid {
        if page.w > Abs::inches(10.0) {
            // Tabloid (11 x 17 in) and A3: read from further away. The page is 1.3 times
            // as wide as Letter and 1.5 times as tall: the panel's type and the gaps grow
            // by about the width's ratio, so that the body's lines (which wrap to the
            // width) gain the size, not the furniture.
            Grid {
                margin: Abs::pt(46.0),
                headline: (Abs::pt(112.0), Abs::pt(90.0)),
                body: Abs::pt(30.0),
                label: Abs::pt(18.0),
                hotline_cap: Abs::mm(15.5),
                hotline_min: Abs::mm(13.5),
                digits_cap: Abs::mm(7.5),
                emergency_cap: Abs::mm(8.5),
                qr: Abs::inches(2.0),
                qr_second: Abs::inches(1.3),
                caption: Abs::pt(15.0),
                kicker: Abs::pt(28.0),
                plate: (Abs::pt(200.0), Abs::pt(80.0)),
                icon: Abs::pt(60.0),
                gap: Abs::pt(20.0),
                gap_floor: 0.4,
                pad: Abs::pt(20.0),
                campaign: Abs::pt(20.0),
                imprint: Abs::pt(9.0),
                issuer_logo: (Abs::mm(12.0), Abs::mm(60.0)),
            }
        } else {
            // Letter and A4.
            Grid {
                margin: Abs::pt(36.0),
                headline: (Abs::pt(72.0), Abs::pt(60.0)),
                body: Abs::pt(20.0),
                label: Abs::pt(13.5),
                hotline_cap: Abs::mm(10.5),
                hotline_min: Abs::mm(10.0),
                digits_cap: Abs::mm(5.3),
                emergency_cap: Abs::mm(6.5),
                qr: Abs::inches(1.5),
                qr_second: Abs::inches(1.0),
                caption: Abs::pt(11.0),
                kicker: Abs::pt(16.0),
                plate: (Abs::pt(120.0), Abs::pt(44.0)),
                icon: Abs::pt(38.0),
                gap: Abs::pt(10.0),
                gap_floor: 0.25,
                pad: Abs::pt(12.0),
                campaign: Abs::pt(13.0),
                imprint: Abs::pt(7.0),
                issuer_logo: (Abs::mm(9.0), Abs::mm(40.0)),
            }
        }
    }
}

impl Grid {
    /// The grid for a crowded edition (a county's name, logo and contacts over a long
    /// translation), tried when the body does not fit on the page's own: the panel's
    /// type, the county's logo and the gaps a step smaller, the body's size kept.
    fn compact(self) -> Grid {
        Grid {
            label: self.label * 0.93,
            // The hotline still reads from 2 m (10 mm caps on Letter, 13.5 on Tabloid).
            hotline_cap: self.hotline_cap * 0.96,
            digits_cap: self.digits_cap * 0.95,
            plate: (self.plate.0 * 0.85, self.plate.1 * 0.75),
            pad: self.pad * 0.8,
            gap_floor: self.gap_floor * 0.6,
            ..self
        }
    }
}

/// Where each block of a poster goes.
struct Parts<'d> {
    headline: &'d Block,
    body: Vec<(usize, &'d Block)>,
    /// The report panel's title ("How to report"), the hotline, the notes after it,
    /// and 911 with any other statewide call.
    title: Option<(usize, &'d Block)>,
    hotline: (usize, &'d Block),
    notes: Vec<(usize, &'d Block)>,
    seconds: Vec<(usize, &'d Block)>,
    local: Vec<(usize, &'d Block)>,
    /// The primary code (the hotline's own when there is one), and the rest.
    primary: Option<(usize, &'d Block)>,
    codes: Vec<(usize, &'d Block)>,
}

fn parts(doc: &Doc) -> Result<Parts<'_>, Problems> {
    let Some(headline) = doc.blocks.first().filter(|b| matches!(b.content, Content::Heading(_))) else {
        return Err(vec![Diagnostic::error("a poster starts with a `heading`: its headline").in_file(&doc.file).field("blocks[0]")]);
    };
    let (mut body, mut title, mut notes, mut calls, mut codes) = (Vec::new(), None, Vec::new(), Vec::new(), Vec::new());
    for (i, b) in doc.blocks.iter().enumerate().skip(1) {
        let next_is_call = matches!(doc.blocks.get(i + 1).map(|n| &n.content), Some(Content::Call(_)));
        match &b.content {
            Content::Heading(_) if next_is_call && title.is_none() => title = Some((i, b)),
            Content::Call(_) => calls.push((i, b)),
            Content::Qr(_) => codes.push((i, b)),
            // Copy after the report title belongs to the call: notes beside the number.
            _ if title.is_some() || !calls.is_empty() => notes.push((i, b)),
            _ => body.push((i, b)),
        }
    }
    let is_911 = |b: &Block| matches!(&b.content, Content::Call(c) if c.contact == crate::content::EMERGENCY);
    let (local, statewide): (Vec<_>, Vec<_>) = calls.into_iter().partition(|(_, b)| b.origin.is_some());
    let Some(hotline) = statewide.iter().copied().find(|(_, b)| !is_911(b)) else {
        return Err(vec![
            Diagnostic::error("a poster needs a `call` block for a statewide hotline: its call to action")
                .in_file(&doc.file)
                .field("blocks"),
        ]);
    };
    let mut seconds: Vec<_> = statewide.iter().copied().filter(|(_, b)| is_911(b)).collect();
    seconds.extend(statewide.iter().copied().filter(|(i, b)| !is_911(b) && *i != hotline.0));
    let hotline_contact = match &hotline.1.content {
        Content::Call(c) => c.contact.as_str(),
        _ => "",
    };
    let primary_at = codes.iter().position(|(_, b)| matches!(&b.content, Content::Qr(q) if q.contact == hotline_contact)).or(
        // Without a code for the hotline, the first statewide one leads.
        codes.iter().position(|(_, b)| b.origin.is_none()),
    );
    let primary = primary_at.map(|k| codes.remove(k));
    Ok(Parts { headline, body, title, hotline, notes, seconds, local, primary, codes })
}

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    if doc.second.is_some() {
        return bilingual::layout(doc, shaper);
    }
    let grid = Grid::for_page(doc.geometry().trim);
    match layout_on(doc, shaper, grid)? {
        Ok(laid) => Ok(laid),
        // A crowded edition: the compact grid, the body's size kept.
        Err(_) => layout_on(doc, shaper, grid.compact())?,
    }
}

/// The poster laid out on `grid`; the inner error when the body copy does not fit.
fn layout_on(doc: &Doc, shaper: &mut Shaper, grid: Grid) -> Result<Result<Layout, Problems>, Problems> {
    let geometry = doc.geometry();
    let page = geometry.trim;
    let parts = parts(doc)?;
    let dir = Dir::of(doc);
    let column = Span::new(grid.margin, page.w - grid.margin * 2.0, dir);
    let mut warnings = Vec::new();

    // Measure what does not depend on the body size: the band, the panel, the county
    // box and the foot.
    let (band, band_on_a_county) = brand_band(doc, shaper, &grid, &parts, column.width)?;
    let (panel, primary_placed) = report_panel(doc, shaper, &grid, &parts, column)?;
    // A primary code with no room on the panel leads the foot strip.
    let foot_codes: Vec<(usize, &Block)> =
        parts.primary.filter(|_| !primary_placed).into_iter().chain(parts.codes.iter().copied()).collect();
    let county = county_box(doc, shaper, &grid, &parts, column, &mut warnings)?;
    let (foot, foot_quiet) = foot_strip(doc, shaper, &grid, &foot_codes, !primary_placed, column, &mut warnings)?;
    let fixed = band.h + panel.h + county.as_ref().map_or(Abs::ZERO, |c| c.h) + foot.h - foot_quiet + foot_margin(&grid, foot_quiet);
    // Gaps: band to body, body to panel, and above the foot.
    let gaps = 3.0;
    // The gaps may close to the grid's floor where the copy needs the room.
    let room = page.h - fixed - grid.gap * grid.gap_floor * gaps;
    // The body is fitted as if a county's name over the headline and a county's box
    // with one local contact on one line were there, so that the statewide edition
    // and a county's print the body at one size (a larger box, with a logo or a long
    // contact, takes its room from the body). On the statewide edition the room they
    // would take goes to the gaps.
    let one_contact = one_contact_box_height(&grid);
    let fit_room = room - (one_contact - county.as_ref().map_or(Abs::ZERO, |c| c.h)).max(Abs::ZERO) - (band_on_a_county - band.h);

    // Fit: the body at the largest size that fits its room.
    let min = doc.kind.min_body();
    // The body's paragraphs after their pictograms (the visual anchor), in a column of
    // their own at the start.
    // Where the copy needs the room (a long translation on a county's edition), the
    // body takes the column's whole width and the pictograms are left out.
    let lay_body = |shaper: &mut Shaper, size: Abs, width: Abs| -> Result<Vec<Piece>, Problems> {
        let st = Style::house(&doc.palette, size);
        flow::pieces(shaper, &parts.body, width, &st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])
    };
    let mut chosen = None;
    let mut icon = Abs::ZERO;
    let mut text = column;
    for with_icons in [true, false] {
        icon = if with_icons && !doc.pictograms.is_empty() { grid.icon } else { Abs::ZERO };
        text = column.before_start(icon, if icon > Abs::ZERO { grid.gap * 1.4 } else { Abs::ZERO });
        chosen = super::largest_fit(grid.body.max(min), min, |size| {
            let pieces = lay_body(shaper, size, text.width)?;
            Ok(flow::height(&pieces).fits(fit_room).then_some(pieces))
        })?;
        if chosen.is_some() || doc.pictograms.is_empty() {
            break;
        }
    }
    let Some((used, body)) = chosen else {
        let pieces = lay_body(shaper, min, column.width)?;
        let culprit = flow::first_overflowing(&pieces, room).or(pieces.last().map(|p| p.block)).unwrap_or(0);
        return Ok(Err(vec![
            doc.blocks[culprit]
                .error(doc, format!("body copy is {} too long at the minimum size {min}", flow::height(&pieces) - room))
                .hint("shorten the body copy of this poster"),
        ]));
    };
    let body_h = flow::height(&body);

    // Place: what the body leaves is shared by the gaps, so that nothing floats.
    let gap = grid.gap * grid.gap_floor + (room - body_h) / gaps;
    let band_h = band.h;
    let mut items = vec![Item::Fill { rect: super::band(&geometry, Abs::ZERO, band_h), color: doc.palette.brand }];
    items.extend(band.at(column.start(column.width), Abs::ZERO));
    let mut y = band_h + gap;
    // No larger than a one-line paragraph's pitch, so that two never touch.
    let st = Style::house(&doc.palette, used);
    let drawn = icon.min(used * (st.leading + st.gap) * 0.8);
    if icon > Abs::ZERO {
        items.extend(pictograms(doc, &parts, &body, column.start(icon) + (icon - drawn) / 2.0, y, drawn));
    }
    items.extend(flow::place(body, text.start(text.width), y).0);
    y += body_h + gap;
    items.push(Item::Fill { rect: super::band(&geometry, y, panel.h), color: doc.palette.brand });
    let panel_h = panel.h;
    items.extend(panel.at(Abs::ZERO, y));
    y += panel_h;
    if let Some(county) = county {
        items.push(Item::Fill { rect: super::band(&geometry, y, county.h), color: doc.palette.brand_tint });
        items.extend(county.at(Abs::ZERO, y));
    }
    // The last code's quiet zone below it may lie in the margin.
    let foot_y = page.h - foot_margin(&grid, foot_quiet) - foot.h + foot_quiet;
    items.extend(foot.at(Abs::ZERO, foot_y));
    Ok(Ok(Layout { pages: vec![Page::new(page, geometry.bleed, items)], smallest_body: used, warnings }))
}

/// The document's pictograms, one at the start of each body paragraph (in order),
/// its top on the paragraph's first line's, `size` square, from `x`; decorative
/// (artifacts: the words beside them say it all).
fn pictograms(doc: &Doc, parts: &Parts, body: &[Piece], x: Abs, top: Abs, size: Abs) -> Vec<Item> {
    let mut items = Vec::new();
    let mut y = top;
    let mut seen = Vec::new();
    for (k, piece) in body.iter().enumerate() {
        if k > 0 {
            y += piece.gap_before;
        }
        let para = parts.body.iter().filter(|(_, b)| matches!(b.content, Content::Paragraph(_))).position(|(i, _)| *i == piece.block);
        if let Some(n) = para.filter(|n| !seen.contains(n)) {
            seen.push(n);
            if let Some(p) = doc.pictograms.get(n) {
                // Centred on the first line's cap height, or hung from its top.
                let nudge = ((piece.height - size) / 2.0).max(Abs::ZERO);
                items.extend(crate::art::pictogram(*p, crate::units::Rect::new(x, y + nudge, size, size), doc.palette.brand));
            }
        }
        y += piece.height;
    }
    items
}

/// Paper under the foot strip's visible bottom (its codes' modules and its last line
/// of small print): the margin, the live area's edge. The last code's quiet zone,
/// which may lie in the margin, stays a quarter inch inside the paper's edge (an
/// office printer's reach).
fn foot_margin(grid: &Grid, quiet: Abs) -> Abs {
    grid.margin.max(Abs::inches(0.25) + quiet + Abs::pt(0.5))
}

/// The brand band's content, from the page's top at x = 0 of its column: the
/// county's name (a line kept for it on every edition, so the band is the same on
/// all), the headline at the largest size that fits three lines; the band's padding
/// is in the box.
/// The brand band, and its height as a county's edition would have it.
fn brand_band(doc: &Doc, shaper: &mut Shaper, grid: &Grid, parts: &Parts, width: Abs) -> Result<(Boxed, Abs), Problems> {
    let Content::Heading(text) = &parts.headline.content else { unreachable!("parts() found a heading") };
    let err = |msg: String| -> Problems { vec![parts.headline.error(doc, msg)] };
    let (max, min) = grid.headline;
    // Three lines stay near the smallest size: the copy under them needs the room.
    let sizes = |n: usize| if n < 3 { (max, min) } else { (min + (max - min) * 0.15, min) };
    let fitted = kit::headline(shaper, text, None, sizes, 3, 1.0, width, Color::WHITE).map_err(|e| err(e.message(min)))?;
    let Some((_, headline)) = fitted else {
        return Err(err(format!("the headline needs more than 3 lines even at {min}"))
            .into_iter()
            .map(|d| d.hint("shorten the headline"))
            .collect());
    };
    // A line for the county's name on a county's edition.
    let kicker_line = if doc.county.is_some() { grid.kicker * 1.3 } else { Abs::ZERO };
    let kicker = super::county_name(doc, shaper, grid.kicker, 1.3, width)?;
    let kicker = Boxed::lines(kicker, width);
    if kicker.h > kicker_line * 1.01 {
        let d = match &doc.edition_file {
            Some(f) => Diagnostic::error("the county's name takes more than one line over the poster's headline").in_file(f).field("name"),
            None => Diagnostic::error("the county's name does not fit over the headline").in_file(&doc.file),
        };
        return Err(vec![d.hint("use a shorter county `name`")]);
    }
    // The band's height on a county's edition, for the statewide one to fit its body
    // as a county's does (a stand-in name: every county's starts with a capital).
    let as_county = |shaper: &mut Shaper, kicker: Vec<Item>| {
        let out = Boxed { items: kicker, w: width, h: grid.kicker * 1.3 }.then(headline.clone(), Abs::ZERO);
        grid.margin - crate::frame::first_ink(&out.items, shaper.fonts).unwrap_or(Abs::ZERO) + out.h + grid.margin * 0.5
    };
    let county_h = if doc.county.is_some() {
        None
    } else {
        let stand_in = flow::text_lines(shaper, super::FontId::Bold, "County", grid.kicker, 1.3, width, Color::WHITE)
            .map_err(|e| err(e.message(min)))?;
        Some(as_county(shaper, flow::stack(stand_in).0))
    };
    let mut out = Boxed { items: kicker.items, w: width, h: kicker_line };
    out = out.then(headline, Abs::ZERO);
    // The first line's ink on the margin (its line box starts a little above its ink).
    let top = grid.margin - crate::frame::first_ink(&out.items, shaper.fonts).unwrap_or(Abs::ZERO);
    let h = top + out.h + grid.margin * 0.5;
    Ok((Boxed { items: out.at(Abs::ZERO, top), w: width, h }, county_h.unwrap_or(h)))
}

/// The report panel, from x = 0 of the page (its text on the column's start edge),
/// its padding inside: the title, the hotline's call and its notes, 911 and other
/// statewide calls at the start; the primary code on a white plate at the end.
/// Returns the panel and whether the primary code is on it.
fn report_panel(doc: &Doc, shaper: &mut Shaper, grid: &Grid, parts: &Parts, column: Span) -> Result<(Boxed, bool), Problems> {
    let p = &doc.palette;
    let caption = Style { leading: 1.2, ..Style::house(p, grid.caption) };
    let plate = match parts.primary {
        Some((i, b)) => {
            let Content::Qr(qr) = &b.content else { unreachable!("sorted as a code") };
            Some(
                kit::code_plate(shaper, qr, None, grid.qr, &caption)
                    .map_err(|e| vec![doc.blocks[i].error(doc, e.message(caption.body))])?,
            )
        }
        None => None,
    };
    let plate_w = plate.as_ref().map_or(Abs::ZERO, |b| b.w);
    let beside = column.before_end(plate_w, grid.gap);
    // The hotline's caps at the grid's height, or as much smaller (down to the grid's
    // least: 10 mm on Letter and A4, 13.5 mm on Tabloid and A3) as lets the number sit
    // whole beside the plate: the body then keeps the room a plate under it would take.
    let written = match &parts.hotline.1.content {
        Content::Call(c) => c.phone.as_ref().map(|ph| ph.written().to_string()),
        _ => None,
    };
    let mut hotline_cap = grid.hotline_cap;
    if let (Some(_), Some(number)) = (&plate, &written) {
        let mut at = |cap: Abs| {
            let size = kit::size_for_cap(shaper, super::FontId::Bold, cap);
            shaper.width(super::FontId::Bold, number, size)
        };
        let w = at(hotline_cap).map_err(|c| vec![parts.hotline.1.error(doc, flow::FlowError::MissingGlyph(c).message(grid.label))])?;
        if !w.fits(beside.width) {
            let cap = hotline_cap * (beside.width / w) * 0.995;
            if cap >= grid.hotline_min.min(grid.hotline_cap) {
                hotline_cap = cap;
            }
        }
    }
    let band = Style {
        heading_scale: 1.25,
        gap: 0.45,
        call_scale: kit::size_for_cap(shaper, super::FontId::Bold, hotline_cap) / grid.label,
        digits_scale: kit::size_for_cap(shaper, super::FontId::Regular, grid.digits_cap) / grid.label,
        ..Style::house(p, grid.label).on_brand()
    };
    let seconds_style =
        Style { call_scale: kit::size_for_cap(shaper, super::FontId::Bold, grid.emergency_cap) / grid.label, ..band.clone() };
    let lay = |shaper: &mut Shaper, blocks: &[(usize, &Block)], st: &Style, w: Abs| {
        flow::pieces(shaper, blocks, w, st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, st.body)])
    };
    // The number must never break: where it is wider than the room beside the plate,
    // the title and the hotline take the panel's whole width and the plate sits
    // beside what follows.
    let number_w = match &parts.hotline.1.content {
        Content::Call(c) => {
            c.phone.as_ref().map_or(Ok(Abs::ZERO), |ph| shaper.width(super::FontId::Bold, ph.written(), band.body * band.call_scale))
        }
        _ => Ok(Abs::ZERO),
    }
    .map_err(|c| vec![parts.hotline.1.error(doc, flow::FlowError::MissingGlyph(c).message(band.body))])?;
    let head: Vec<(usize, &Block)> = parts.title.into_iter().chain([parts.hotline]).collect();
    // The number never breaks. Where it is wider than the room beside the plate (Tabloid, A3), the title and
    // the number take the panel's whole width and the plate sits under them at the
    // end, beside the notes and 911.
    let full = !number_w.fits(beside.width);
    let head_w = if full { column.width } else { beside.width };
    let pieces = lay(shaper, &head, &band, head_w)?;
    let head_h = flow::height(&pieces);
    let rest = lay(shaper, &parts.notes, &band, beside.width)?;
    let seconds = lay(shaper, &parts.seconds, &seconds_style, beside.width)?;
    let pad = grid.pad;
    let gap = band.body * 0.5;
    let (mut items, _) = flow::place(pieces, column.start(head_w), pad);
    let rest_top = pad + head_h + if rest.is_empty() { Abs::ZERO } else { gap };
    let (rest_items, rest_h) = flow::place(rest, beside.start(beside.width), rest_top);
    items.extend(rest_items);
    let mut bottom = rest_top + rest_h;
    let placed = plate.is_some();
    let mut plate_bottom = Abs::ZERO;
    if let Some(plate) = plate {
        let top = if full { pad + head_h + gap } else { pad };
        let x = column.end(plate.w);
        let plate_h = plate.h;
        items.extend(plate.at(x, top));
        if full {
            plate_bottom = top + plate_h;
        } else {
            // 911 on the plate's foot line where the notes leave room.
            bottom = bottom.max(top + plate_h - band.body * 0.9 - flow::height(&seconds));
        }
    }
    if !seconds.is_empty() {
        let top = bottom + band.body * 0.9;
        let (more, more_h) = flow::place(seconds, beside.start(beside.width), top);
        items.extend(more);
        bottom = top + more_h;
    }
    bottom = bottom.max(plate_bottom);
    let h = bottom - pad;
    Ok((Boxed { items, w: column.width, h: h + pad * 2.0 }, placed))
}

/// A county's box: its local contacts at the start, at the labels' size with the
/// number larger but never the hotline's size, and the county's logo on a white plate
/// at the end. `None` on the statewide edition.
fn county_box(
    doc: &Doc,
    shaper: &mut Shaper,
    grid: &Grid,
    parts: &Parts,
    column: Span,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Boxed>, Problems> {
    let logo = super::LogoPlate::new(doc, grid.plate.0, grid.plate.1, grid.pad * 0.25);
    if parts.local.is_empty() && logo.is_none() {
        return Ok(None);
    }
    let plate_w = logo.as_ref().map_or(Abs::ZERO, |l| l.size.w);
    let room = column.before_end(plate_w, grid.gap);
    let st = Style { call_scale: 1.45, ..Style::house(&doc.palette, grid.label) };
    let pieces = flow::pieces(shaper, &parts.local, room.width, &st).map_err(|e| vec![flow_error(doc, &doc.blocks, e, grid.label)])?;
    let text_h = flow::height(&pieces);
    let h = text_h.max(logo.as_ref().map_or(Abs::ZERO, |l| l.size.h));
    let pad = pad_of(grid);
    let mut items = flow::place(pieces, room.start(room.width), pad + (h - text_h) / 2.0).0;
    if let Some(plate) = logo {
        // A logo alone starts on the column's edge: no empty start before it.
        let x = if parts.local.is_empty() { column.start(plate.size.w) } else { column.end(plate.size.w) };
        items.extend(plate.items(x, pad + (h - plate.size.h) / 2.0, doc));
        warnings.extend(plate.warning);
    }
    Ok(Some(Boxed { items, w: column.width, h: h + pad * 2.0 }))
}

/// The county box's padding above and below its content.
fn pad_of(grid: &Grid) -> Abs {
    grid.pad * 0.6
}

/// The county box's height with one local contact on one line (its number at 1.45
/// times the label size).
fn one_contact_box_height(grid: &Grid) -> Abs {
    grid.label * 1.45 * 1.15 + pad_of(grid) * 2.0
}

/// The foot strip: the other codes at the start, each with its caption beside it and
/// its visible edge on the column's edge; the identity lockup at the end, or under
/// the codes. Returns the strip and the quiet zone under its last code.
#[allow(clippy::too_many_arguments)]
fn foot_strip(
    doc: &Doc,
    shaper: &mut Shaper,
    grid: &Grid,
    codes_in: &[(usize, &Block)],
    primary_first: bool,
    column: Span,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Boxed, Abs), Problems> {
    let st = Style { leading: 1.2, ..Style::house(&doc.palette, grid.caption) };
    let lockup_w = (column.width * 0.36).min(grid.campaign * 18.0);
    let (lockup, warning) = kit::identity_lockup(doc, None, shaper, grid.campaign, grid.imprint, lockup_w, Some(grid.issuer_logo))?;
    warnings.extend(warning);
    // With two codes (the large sizes), the lockup goes under them.
    let below = codes_in.len() > 1;
    let codes_room = if below { column } else { column.before_end(lockup.w, grid.gap) };
    let mut codes = Boxed::default();
    let mut quiet = Abs::ZERO;
    // Side by side, each with an equal share of the room, the primary code first and
    // larger; their visible bottom edges on one line.
    let n = codes_in.len().max(1) as f64;
    let share = (codes_room.width - grid.gap * (n - 1.0)) / n;
    let mut laid = Vec::new();
    for (k, (i, b)) in codes_in.iter().enumerate() {
        let Content::Qr(qr) = &b.content else { unreachable!("sorted as a code") };
        let symbol = if k == 0 && primary_first { grid.qr } else { grid.qr_second };
        let (code, q) =
            kit::code_beside(shaper, qr, None, symbol, share, &st).map_err(|e| vec![doc.blocks[*i].error(doc, e.message(st.body))])?;
        quiet = quiet.max(q);
        laid.push((code, q));
    }
    let codes_h = laid.iter().map(|(c, q)| c.h - *q).fold(Abs::ZERO, Abs::max);
    // Two codes (the large sizes): their tops on one line, the lockup under the
    // second, its last line on the first's visible bottom edge.
    let second_h = laid.get(1).map_or(Abs::ZERO, |(c, _)| c.h);
    let mut x = Abs::ZERO;
    for (code, q) in laid {
        let (w, h) = (code.w, code.h);
        let y = if below { Abs::ZERO } else { codes_h - (h - q) };
        codes.items.extend(code.at(x, y));
        x += share + grid.gap;
        codes.w = codes.w.max(x - grid.gap).max(w);
    }
    codes.h = codes_h;
    // The codes' quiet zones below them lie in the strip's last `quiet`; the lockup's
    // last line ends on the codes' visible bottom edge.
    let lockup_h = lockup.h;
    if below {
        let h = codes_h.max(second_h + grid.gap * 0.5 + lockup_h);
        let mut items = codes.at(codes_room.start(codes_room.width), Abs::ZERO);
        items.extend(lockup.at(column.end(lockup_w), h - lockup_h));
        return Ok((Boxed { items, w: column.width, h: h + quiet }, quiet));
    }
    let h = (codes_h + quiet).max(lockup_h + quiet);
    let mut items = codes.at(codes_room.start(codes_room.width), h - quiet - codes_h);
    items.extend(lockup.at(column.end(lockup_w), h - quiet - lockup_h));
    Ok((Boxed { items, w: column.width, h }, quiet))
}

#[cfg(test)]
mod tests {
    use super::Grid;
    use crate::units::{Abs, Size};

    #[test]
    fn the_large_sizes_have_their_own_grid() {
        let letter = Grid::for_page(Size::new(Abs::inches(8.5), Abs::inches(11.0)));
        let tabloid = Grid::for_page(Size::new(Abs::inches(11.0), Abs::inches(17.0)));
        assert!(letter.headline.1 >= Abs::pt(60.0) && tabloid.headline.1 >= Abs::pt(90.0));
        assert!(letter.qr >= Abs::inches(1.5) && tabloid.qr >= Abs::inches(2.0));
    }
}
