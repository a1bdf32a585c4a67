//! The handout template: a title band on the first page, then the blocks in reading
//! order, flowing onto further pages; headings never end a page.

use super::flow::{self, Piece, Style};
use super::text::Shaper;
use super::{Abs, Color, FontId, Item, Layout, Page, Point, Rect, flow_error};
use crate::content::{Block, Doc, Palette};
use crate::diag::Problems;

/// Body text size of a handout (it flows, so it never shrinks).
pub const BODY: f64 = 11.0;

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    // The report panel where it fits on the last page; where it would take a page of
    // its own, its blocks flow in the columns instead.
    // (Also when the panel makes the handout run past `max-pages`: the columns may
    // keep to it; when they do not either, the panel's error says why.)
    let (laid, alone) = match layout_with(doc, shaper, true) {
        Ok(done) => done,
        Err(e) => return layout_with(doc, shaper, false).map(|(flowed, _)| flowed).map_err(|_| e),
    };
    if alone
        && let Ok((flowed, _)) = layout_with(doc, shaper, false)
        && flowed.pages.len() < laid.pages.len()
    {
        return Ok(flowed);
    }
    Ok(laid)
}

/// The handout, with or without its report panel; and whether the panel is alone on
/// its page.
fn layout_with(doc: &Doc, shaper: &mut Shaper, report_panel: bool) -> Result<(Layout, bool), Problems> {
    let geometry = doc.geometry();
    let page = geometry.trim;
    let margin = Abs::inches(0.55);
    let width = page.w - margin * 2.0;
    let palette = &doc.palette;
    let accent = palette.brand;
    let grey = palette.muted;

    // Title band on page 1, with a county logo on a white plate at its right. The band
    // has one height on every edition: the title at full width, a line for a county
    // name and the tallest logo plate; a county's name and logo make the title smaller,
    // never the band taller.
    let title_err =
        |e: flow::FlowError, size: Abs| vec![crate::diag::Diagnostic::error(e.message(size)).in_file(&doc.copy_file).field("title")];
    // A title of one line at 26 pt, or a little smaller where that keeps it to one
    // line (a longer translation): a second line would take the copy's room.
    let one_line = |shaper: &mut Shaper, w: Abs| {
        super::largest_fit(Abs::pt(26.0), Abs::pt(22.0), |size| {
            let lines = flow::text_lines(shaper, FontId::Bold, &doc.title, size, 1.15, w, Color::WHITE).map_err(|e| title_err(e, size))?;
            Ok((lines.len() == 1).then_some(lines))
        })
    };
    let (title_size, statewide) = match one_line(shaper, width)? {
        Some(fit) => fit,
        None => {
            let size = Abs::pt(26.0);
            (size, flow::text_lines(shaper, FontId::Bold, &doc.title, size, 1.15, width, Color::WHITE).map_err(|e| title_err(e, size))?)
        }
    };
    let (plate_w, plate_h, plate_pad) = (Abs::pt(140.0), Abs::pt(48.0), Abs::pt(5.0));
    let logo = super::LogoPlate::new(doc, plate_w, plate_h, plate_pad);
    let title_w = logo.as_ref().map_or(width, |plate| width - plate.size.w - Abs::pt(18.0));
    // A callout that opens the blocks (before any heading) goes across the band under
    // the title, in one line reversed out of it: the Colorado hotline first on the
    // sheet. Measured at the title's width beside a county's logo, so that every
    // edition has it.
    let band_call = match doc.blocks.first().map(|b| &b.content) {
        Some(crate::content::Content::Call(call)) => {
            let s = Style { call_scale: 18.0 / 13.0, call_fill: None, leading: 1.3, ..style(palette, Abs::pt(13.0)) }.on_brand();
            let narrowest = width - plate_w - plate_pad * 2.0 - Abs::pt(18.0);
            let err = |e: flow::FlowError| vec![flow_error(doc, &doc.blocks, (0, e), Abs::pt(13.0))];
            match flow::call_line(shaper, call, 0, narrowest.min(title_w), &s, Abs::ZERO).map_err(err)? {
                Some(line) => Some(line),
                None => {
                    return Err(vec![
                        doc.blocks[0]
                            .error(
                                doc,
                                format!("the call under the title does not fit on one line of {} beside a county's logo", narrowest),
                            )
                            .hint("shorten its label"),
                    ]);
                }
            }
        }
        _ => None,
    };
    let call_gap = Abs::pt(5.0);
    let call_h = band_call.as_ref().map_or(Abs::ZERO, |c| c.height + call_gap);
    let room = (flow::stack(statewide.clone()).1 + Abs::pt(13.0) * 1.6 + call_h).max(plate_h + plate_pad * 2.0);
    let band_h = margin * 0.7 + room + margin * 0.5;
    let kicker = super::county_name(doc, shaper, Abs::pt(13.0), 1.6, title_w)?;
    let kicker_h = flow::stack(kicker.clone()).1;
    let fitted = super::largest_fit(title_size, Abs::pt(16.0), |size| {
        let lines =
            flow::heading_lines(shaper, FontId::Bold, &doc.title, size, 1.15, title_w, Color::WHITE).map_err(|e| title_err(e, size))?;
        Ok((kicker_h + flow::stack(lines.clone()).1 + call_h).fits(room).then_some(lines))
    })?;
    let Some((_, title)) = fitted else {
        let d = match &doc.edition_file {
            Some(f) => {
                crate::diag::Diagnostic::error("the county name and the title do not fit in the handout's band").in_file(f).field("name")
            }
            None => crate::diag::Diagnostic::error("the title does not fit in the handout's band").in_file(&doc.copy_file).field("title"),
        };
        return Err(vec![d.hint("use a shorter county `name`, or a logo that is less wide")]);
    };
    let mut all = kicker;
    all.extend(flow::wrap_lines(super::Node::new(super::Role::H1), title));
    let (mut title, mut title_h) = flow::stack(all);
    if let Some(call) = &band_call {
        for mut item in call.items.iter().cloned() {
            item.translate(Abs::ZERO, title_h + call_gap);
            title.push(item);
        }
        title_h += call_h;
    }

    // The sections set as panels across the page: a first section with a callout (the
    // call-out under the band on page 1) and the last other one (the report panel at
    // the foot of the last page); the other blocks flow in the columns.
    let (lead_range, report_range) = panels(&doc.blocks, usize::from(band_call.is_some()));
    let report_range = report_range.filter(|_| report_panel);
    let in_panel = |i: usize| lead_range.as_ref().is_some_and(|r| r.contains(&i)) || report_range.as_ref().is_some_and(|r| r.contains(&i));
    // A callout to the call-out's contact is not repeated in the columns (the report
    // section's, when it flows for want of room at the foot).
    let lead_contact = lead_range.clone().and_then(|r| {
        doc.blocks[r].iter().find_map(|b| if let crate::content::Content::Call(c) = &b.content { Some(c.contact.clone()) } else { None })
    });
    // (Nor its code: the call-out gives the number, and a sheet more for a second
    // print of the channel would be a poor trade.)
    let repeated = |b: &Block| match &b.content {
        crate::content::Content::Call(c) => Some(&c.contact) == lead_contact.as_ref(),
        crate::content::Content::Qr(q) => Some(&q.contact) == lead_contact.as_ref(),
        _ => false,
    };
    let blocks: Vec<(usize, &Block)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| !(in_panel(*i) || (report_range.is_none() && repeated(b)) || (*i == 0 && band_call.is_some())))
        .collect();
    let of = |r: &Option<std::ops::Range<usize>>| -> Vec<(usize, &Block)> {
        r.clone().map(|r| r.map(|i| (i, &doc.blocks[i])).collect()).unwrap_or_default()
    };
    let (lead_blocks, report_blocks) = (of(&lead_range), of(&report_range));
    // Two columns: a measure of about 45 to 60 characters at the body size.
    let gutter = Abs::pt(20.0);
    let col_w = (width - gutter) / 2.0;

    // Footer: the title and the page number, small, on every page.
    let footer_size = Abs::pt(9.0);
    // The footer keeps inside the half-inch live area a print shop keeps.
    let footer_base = page.h - Abs::inches(0.55);
    let bottom = footer_base - footer_size * 2.0;
    let next_top = margin;
    let panel_gap = Abs::pt(12.0);
    let has_local = doc.blocks.iter().any(|b| b.origin.is_some() && matches!(b.content, crate::content::Content::Call(_)));
    // Room a county's local contact takes (a callout of a two-line label and a number).
    let reserve = |st: &Style| st.body * 0.8 * 2.0 + st.body * st.leading * 2.0 + st.body * st.call_scale * 1.15 + st.body * st.gap;

    // A handout with a page limit sets its body as large as the limit allows (up to
    // 11.5 pt: larger type in these columns would drop below 45 characters a line),
    // with room kept for a county's local contact; one without flows at 11 pt onto
    // as few pages as it needs.
    // Where the report section flows in the columns, its lead (the hotline) keeps the
    // larger number of a call-out: the largest call on the sheet still.
    let flowing_lead = match report_range {
        Some(_) => None,
        None => panels(&doc.blocks, usize::from(band_call.is_some()))
            .1
            .and_then(|r| r.into_iter().find(|&i| matches!(doc.blocks[i].content, crate::content::Content::Call(_)))),
    };
    // The pictograms, one at the start of each heading in the columns, in order: the
    // visual anchors of a sheet of text.
    let icons: Vec<(usize, crate::art::Pictogram)> = blocks
        .iter()
        .filter(|(_, b)| matches!(b.content, crate::content::Content::Heading(_)))
        .map(|(i, _)| *i)
        .zip(doc.pictograms.iter().copied())
        .collect();
    let lay = |shaper: &mut Shaper, size: Abs| {
        column_pieces(shaper, &blocks, col_w, &style(palette, size), flowing_lead, &icons, palette.brand)
            .map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])
    };
    // The report panel at a body size, on the tint too, under a rule of the brand
    // colour (a code on a dark fill is harder for a phone to find, and for the render
    // check to read); `scale` sets it larger than the columns (where the last page has
    // room left).
    let make_report = |shaper: &mut Shaper, size: Abs, scale: f64| -> Result<Option<flow::Piece>, Problems> {
        if report_blocks.is_empty() {
            return Ok(None);
        }
        // Its codes keep their size: the same code on every edition is checked once.
        let st = Style { qr_symbol: style(palette, size).qr_symbol, ..style(palette, size * scale) };
        let look = look(palette.brand_tint, size * scale, REPORT_NUMBER * scale, false);
        Ok(Some(flow::panel(shaper, &report_blocks, width, &st, &look).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])?))
    };
    // The panels at a body size, on the tint.
    let make_panels = |shaper: &mut Shaper, size: Abs| -> Result<Panels, Problems> {
        let st = style(palette, size);
        let err = |e| vec![flow_error(doc, &doc.blocks, e, size)];
        let lead = match lead_blocks.is_empty() {
            true => None,
            false => {
                Some(flow::panel(shaper, &lead_blocks, width, &st, &look(palette.brand_tint, size, CALLOUT_NUMBER, true)).map_err(err)?)
            }
        };
        // The report panel on the tint too, under a rule of the brand colour: a code on
        // a dark fill is harder for a phone to find (and for the render check to read).
        Ok(Panels { lead, report: make_report(shaper, size, 1.0)? })
    };
    let first_top = band_h + margin * 0.45;
    let larger = match doc.max_pages {
        Some(max) => super::largest_fit(Abs::pt(11.5), Abs::pt(BODY), |size| {
            let pieces = lay(shaper, size)?;
            let pn = make_panels(shaper, size)?;
            let Ok(f) = arrange(&pieces, &pn.frame(first_top, next_top, bottom, panel_gap)) else { return Ok(None) };
            let pages = f.pages;
            let full = pages == max as usize
                && f.slots.last().is_some_and(|s| s.1 == 1)
                && !(f.end + reserve(&style(palette, size))).fits(f.last_bottom);
            Ok((pages <= max as usize && (has_local || !full)).then_some((pieces, pn)))
        })?,
        None => None,
    };
    // At the size chosen, or at 11 pt (where the errors below say what does not fit).
    let (body, (mut pieces, mut pn)) = match larger {
        Some(found) => found,
        None => (Abs::pt(BODY), (lay(shaper, Abs::pt(BODY))?, make_panels(shaper, Abs::pt(BODY))?)),
    };
    let fr = pn.frame(first_top, next_top, bottom, panel_gap);
    let top_of = |page: usize| fr.top(page);
    let mut st = style(palette, body);
    // A handout without a limit whose last page would carry a few lines (or the report
    // panel alone) sets its
    // spacing a little tighter (leading 1.25, paragraph gaps half a line) when that
    // saves the page: a runt page is a sheet printed for a paragraph.
    if doc.max_pages.is_none()
        && let Ok(f) = arrange(&pieces, &fr)
        && f.pages > 1
        && f.slots.last().is_none_or(|s| s.0 + 1 < f.pages || (s.1 == 0 && (f.end - top_of(s.0)) < (f.last_bottom - top_of(s.0)) * 0.5))
    {
        let dense = Style { leading: 1.25, gap: 0.5, ..style(palette, body) };
        let tight = column_pieces(shaper, &blocks, col_w, &dense, flowing_lead, &icons, palette.brand)
            .map_err(|e| vec![flow_error(doc, &doc.blocks, e, body)])?;
        if arrange(&tight, &fr).is_ok_and(|t| t.pages < f.pages) {
            pieces = tight;
            st = dense;
        }
    }

    let flowed = arrange(&pieces, &fr).map_err(|i| {
        let p = &pieces[i];
        vec![doc.blocks[p.block].error(doc, format!("this block is {} taller than a column", p.height - (bottom - next_top)))]
    })?;
    let n_pages = flowed.pages;
    let bottom_last = flowed.last_bottom;

    // A statewide handout with a page limit keeps room on its last page for the one
    // local contact a county may add, so every edition keeps to the limit.
    let local_reserve = reserve(&st);
    let last_column_full = flowed.slots.last().is_some_and(|s| s.1 == 1) && !(flowed.end + local_reserve).fits(bottom_last);
    if let Some(max) = doc.max_pages
        && n_pages == max as usize
        && doc.edition_file.is_none()
        && !has_local
        && last_column_full
    {
        let last = pieces.last().map_or(0, |p| p.block);
        return Err(vec![
            doc.blocks[last]
                .error(
                    doc,
                    format!(
                        "the handout leaves {} on its last page; a county's local contact needs {local_reserve}",
                        bottom_last - flowed.end
                    ),
                )
                .hint("shorten the copy: every county edition must keep to `max-pages` with one local contact added"),
        ]);
    }
    if let Some(max) = doc.max_pages
        && n_pages > max as usize
    {
        let message = format!("the handout runs to {} pages; `max-pages` is {max}", n_pages);
        // The first block on the page too many; none there when the report panel alone
        // takes it (the columns fit, the panel under them does not).
        let error = match (flowed.slots.iter().position(|s| s.0 == max as usize), &report_range) {
            (Some(i), _) => doc.blocks[pieces[i].block].error(doc, message).hint("this block starts the first page too many: shorten the copy"),
            (None, Some(r)) => doc.blocks[r.start].error(doc, message).hint(format!(
                "the section this heading starts (the report panel) does not fit under the columns on page {max}: shorten it or the copy before it"
            )),
            (None, None) => crate::diag::Diagnostic::error(message).in_file(&doc.file).field("max-pages").hint("shorten the copy"),
        };
        return Err(vec![error]);
    }

    // The last page's columns balanced: the lowest column foot at which its pieces
    // still fit in two columns (to the point).
    let last_page = n_pages - 1;
    let from = flowed.slots.iter().position(|s| s.0 == last_page).unwrap_or(pieces.len());
    let mut placed = flowed.slots.clone();
    let top = top_of(last_page);
    let (mut lo, mut hi) = (top, bottom_last);
    let mut best = None;
    while from < pieces.len() && (hi - lo).to_pt() > 1.0 {
        let mid = (lo + hi) / 2.0;
        match columns(&pieces[from..], last_page, &top_of, |_| mid) {
            Ok(f) if f.slots.iter().all(|s| s.0 == last_page) => {
                hi = mid;
                best = Some(f);
            }
            _ => lo = mid,
        }
    }
    if let Some(f) = best {
        placed.truncate(from);
        placed.extend(f.slots);
    }
    // Better, the last page's sections kept whole: its second column starting at a
    // heading, where both columns then fit; of those breaks, the one with the shorter
    // longer column.
    let heading_at = |k: usize| {
        pieces[k].block != pieces[k - 1].block && matches!(doc.blocks[pieces[k].block].content, crate::content::Content::Heading(_))
    };
    let whole = (from + 1..pieces.len())
        .filter(|&k| heading_at(k))
        .map(|k| (k, flow::height(&pieces[from..k]).max(flow::height(&pieces[k..]))))
        .filter(|(_, taller)| (top + *taller).fits(bottom_last))
        .min_by_key(|(_, taller)| *taller);
    if let Some((k, _)) = whole {
        placed.truncate(from);
        let mut y = top;
        for (i, p) in pieces.iter().enumerate().skip(from) {
            if i == k {
                y = top;
            } else if i > from {
                y += p.gap_before;
            }
            placed.push((last_page, usize::from(i >= k), y));
            y += p.height;
        }
    }

    // The room the last page's columns leave above the report panel goes to the
    // panel: set larger (up to a quarter), it is the page's anchor rather than a hole
    // above it.
    if let Some(report) = &pn.report {
        let end = pieces.iter().zip(&placed).filter(|(_, s)| s.0 == last_page).map(|(p, s)| s.2 + p.height).fold(top, Abs::max);
        let room = bottom_last - end;
        // The panel grows about in proportion to its scale: start from the scale that
        // room allows (in steps of 0.05; one step above it first, as the codes do not
        // grow), and step down where it does not quite fit.
        let estimate = 1.0 + (room - st.body).max(Abs::ZERO) / report.height;
        let mut scale = ((estimate * 20.0).floor() / 20.0 + 0.05).clamp(1.0, 1.25);
        while scale > 1.0 && room > st.body {
            if let Some(grown) = make_report(shaper, body, scale)?
                && (grown.height - report.height).fits(room - st.body)
            {
                pn.report = Some(grown);
                break;
            }
            scale -= 0.05;
        }
    }

    let mut pages: Vec<Vec<Item>> = vec![Vec::new(); n_pages];
    // The call-out first on page 1, in reading order as on the page.
    if let Some(lead) = &pn.lead {
        for mut item in lead.items.iter().cloned() {
            item.translate(margin, first_top);
            pages[0].push(item);
        }
    }
    for (p, (page_n, col, y)) in pieces.iter().zip(placed) {
        let x = margin + (col_w + gutter) * col as f64;
        for mut item in p.items.iter().cloned() {
            item.translate(x, y);
            pages[page_n].push(item);
        }
    }
    // The report panel closes the last page, on the footer's side.
    if let Some(report) = &pn.report {
        let y = bottom - REPORT_FOOT - report.height;
        for mut item in report.items.iter().cloned() {
            item.translate(margin, y);
            pages[last_page].push(item);
        }
        pages[last_page].push(Item::Fill { rect: Rect::new(margin, y, width, flow::TOP_RULE), color: accent });
    }

    let total = pages.len();
    let mut out = Vec::with_capacity(total);
    for (n, body) in pages.into_iter().enumerate() {
        let mut items = Vec::new();
        if n == 0 {
            items.push(Item::Fill { rect: super::band(&geometry, Abs::ZERO, band_h), color: accent });
            if let Some(plate) = &logo {
                items.extend(plate.items(page.w - margin - plate.size.w, (band_h - plate.size.h) / 2.0, doc));
            }
            for mut line in title.clone() {
                line.translate(margin, margin * 0.7 + (room - title_h) / 2.0);
                items.push(line);
            }
        } else {
            // A strip of the accent at the head of each further page: at the paper's
            // edge for the press, inside the margin an office printer keeps.
            let strip = Abs::pt(10.0);
            items.push(Item::Fill { rect: super::band(&geometry, Abs::ZERO, geometry.paper_margin + strip), color: accent });
        }
        items.extend(body);
        // The footer is page furniture, outside the structure (a paragraph may run on
        // to the next page around it).
        items.push(Item::Furniture);
        items.push(Item::Fill { rect: Rect::new(margin, footer_base - footer_size * 1.3, width, Abs::pt(0.5)), color: accent });
        // Title at the left; the imprint (issuer, version code) and the page number at
        // the right.
        let number = format!("{} / {}", n + 1, total);
        let imprint = doc.imprint();
        let measure = |shaper: &mut Shaper, text: &str| {
            shaper.width(FontId::Regular, text, footer_size).map_err(|c| vec![crate::diag::Diagnostic::error(format!("no glyph for {c}"))])
        };
        let num_w = measure(shaper, &number)?;
        let imp_w = measure(shaper, &imprint)?;
        let space = Abs::pt(12.0);
        if !(imp_w + space + num_w).fits(width) {
            let over = imp_w + space + num_w - width;
            return Err(vec![
                crate::diag::Diagnostic::error(format!(
                    "{} ({}): the issuer's name and version code are {over} too long for the footer",
                    doc.id, doc.lang_code
                ))
                .in_file(&super::identity_file(doc))
                .field("issuer.name")
                .hint("shorten the issuer's name"),
            ]);
        }
        let imp_x = margin + width - num_w - space - imp_w;
        // The identity at the start: the campaign line in the brand's colour (the
        // title where there is none).
        let start = match doc.campaign.as_deref() {
            Some(line) => (line, FontId::Bold, accent),
            None => (doc.title.as_str(), FontId::Regular, grey),
        };
        for ((text, font, color), x, max_w) in [
            (start, margin, imp_x - margin - space),
            ((imprint.as_str(), FontId::Regular, grey), imp_x, imp_w + Abs::pt(1.0)),
            ((number.as_str(), FontId::Regular, grey), margin + width - num_w, num_w + Abs::pt(1.0)),
        ] {
            // The start is left out rather than cut when it needs two lines.
            let lines = shaper.shape(font, text).ok().and_then(|s| s.wrap(footer_size, max_w).ok()).filter(|l| l.len() == 1);
            if let Some(line) = lines.and_then(|l| l.into_iter().next()) {
                items.push(flow::line_item(line, font, footer_size, color, Point::new(x, footer_base)));
            }
        }
        items.push(Item::End);
        out.push(Page::new(page, geometry.bleed, items));
    }
    let warnings = logo.and_then(|p| p.warning).into_iter().collect();
    let alone = pn.report.is_some() && n_pages > 1 && flowed.slots.last().is_some_and(|s| s.0 + 1 < n_pages);
    Ok((Layout { pages: out, smallest_body: st.body, warnings }, alone))
}

/// The columns' pieces of `blocks` in style `st`, the callout of block `lead` (the
/// report section's first, where it flows) with the call-out's larger number, and
/// each heading of `icons` after its pictogram (in `color`, on its first line; the
/// heading's lines in the room beside it: the column's edge is the pictogram's).
fn column_pieces(
    shaper: &mut Shaper,
    blocks: &[(usize, &Block)],
    col_w: Abs,
    st: &Style,
    lead: Option<usize>,
    icons: &[(usize, crate::art::Pictogram)],
    color: Color,
) -> Result<Vec<Piece>, (usize, flow::FlowError)> {
    let mut pieces = flow::pieces(shaper, blocks, col_w, st)?;
    let heading = st.body * st.heading_scale;
    let (icon, indent) = (heading * 1.3, heading * 1.3 + heading * 0.45);
    for (index, picto) in icons {
        let Some(at) = pieces.iter().position(|p| p.block == *index) else { continue };
        let end = pieces[at..].iter().position(|p| p.block != *index).map_or(pieces.len(), |n| at + n);
        let block = blocks.iter().find(|(i, _)| i == index).map(|(_, b)| *b).ok_or((*index, flow::FlowError::EmptyCallout))?;
        let mut new = flow::pieces(shaper, &[(*index, block)], col_w - indent, st)?;
        if let Some(first) = new.first_mut() {
            first.gap_before = pieces[at].gap_before;
            // Centred on the first line's capitals.
            let baseline = first.items.iter().find_map(|i| if let Item::Text { origin, .. } = i { Some(origin.y) } else { None });
            let y = baseline.map_or(Abs::ZERO, |b| b - heading * 0.36 - icon / 2.0);
            let mut items: Vec<Item> = first.items.iter().cloned().collect();
            for item in &mut items {
                item.translate(indent, Abs::ZERO);
            }
            items.extend(crate::art::pictogram(*picto, Rect::new(Abs::ZERO, y, icon, icon), color));
            first.items = items.into();
        }
        for p in new.iter_mut().skip(1) {
            let mut items: Vec<Item> = p.items.iter().cloned().collect();
            for item in &mut items {
                item.translate(indent, Abs::ZERO);
            }
            p.items = items.into();
        }
        pieces.splice(at..end, new);
    }
    let Some((index, crate::content::Content::Call(call))) =
        lead.and_then(|l| blocks.iter().find(|(i, _)| *i == l)).map(|(i, b)| (*i, &b.content))
    else {
        return Ok(pieces);
    };
    let big = Style { call_scale: CALLOUT_NUMBER / st.body.to_pt(), digits_scale: CALLOUT_NUMBER * 0.6 / st.body.to_pt(), ..st.clone() };
    for piece in pieces.iter_mut().filter(|p| p.block == index) {
        *piece = flow::call_piece(shaper, call, None, index, col_w, &big, piece.gap_before).map_err(|e| (index, e))?;
    }
    Ok(pieces)
}

fn style(p: &Palette, body: Abs) -> Style {
    Style {
        body,
        leading: 1.3,
        text: p.ink,
        heading: p.brand,
        heading_scale: 1.3,
        gap: 0.7,
        call_scale: 1.6,
        call_number: p.ink,
        call_fill: Some(p.brand_tint),
        qr_symbol: Abs::mm(25.0),
        link: p.brand,
        lang: None,
        digits_scale: 1.0,
        translation: p.ink,
    }
}

/// Size of the call-out's number (the lead callout of a section set first, on page 1).
const CALLOUT_NUMBER: f64 = 24.0;
/// The report panel's distance from the columns' foot: with the footer's own space,
/// 15 pt between the panel and the footer's rule (21 pt to the footer's text).
const REPORT_FOOT: Abs = Abs::whole_pt(9);
/// Size of the report panel's number (the Colorado hotline's, on the last page).
const REPORT_NUMBER: f64 = 30.0;

/// A panel's dress at a body size: padding, gutter and the lead's number size, and a
/// square kept at its top right for a pictogram.
fn look(fill: Color, body: Abs, number: f64, lead_beside: bool) -> flow::Look {
    flow::Look { fill, pad: body * 0.9, gutter: Abs::pt(20.0), lead: Abs::pt(number), icon: Abs::pt(40.0), lead_beside }
}

/// The blocks of the two sections set as panels, sections whose heading is followed
/// directly by a callout (the lead): the first section when it starts the material (a
/// call-out under the band: its heading, lead and the paragraph after it), and the
/// last other one (the report panel). A section is a heading and the blocks up to the
/// next one; the blocks start at `first` (after the band's callout).
fn panels(blocks: &[Block], first: usize) -> (Option<std::ops::Range<usize>>, Option<std::ops::Range<usize>>) {
    use crate::content::Content;
    let heads: Vec<usize> = blocks.iter().enumerate().filter(|(_, b)| matches!(b.content, Content::Heading(_))).map(|(i, _)| i).collect();
    let sections: Vec<std::ops::Range<usize>> =
        heads.iter().enumerate().map(|(n, &h)| h..heads.get(n + 1).copied().unwrap_or(blocks.len())).collect();
    // A panel's heading is followed by its lead callout.
    let calls = |r: &std::ops::Range<usize>| blocks.get(r.start + 1).is_some_and(|b| matches!(b.content, Content::Call(_)));
    // The call-out: the heading, its callout and the paragraph after that; what follows
    // in its section opens the columns.
    let lead = sections.first().filter(|r| r.start == first && calls(r)).map(|r| {
        let call = r.clone().find(|&i| matches!(blocks[i].content, Content::Call(_))).unwrap_or(r.start);
        let end = if blocks.get(call + 1).is_some_and(|b| matches!(b.content, Content::Paragraph(_))) { call + 2 } else { call + 1 };
        r.start..end.min(r.end)
    });
    let report = sections.iter().rev().find(|r| calls(r) && lead.as_ref().is_none_or(|l| l.start != r.start)).cloned();
    (lead, report)
}

/// The panels laid out at a body size.
struct Panels {
    lead: Option<flow::Piece>,
    report: Option<flow::Piece>,
}

impl Panels {
    /// The columns' frame on each page with these panels: page 1's columns start
    /// under the call-out, the last page's end above the report panel.
    fn frame(&self, first_top: Abs, next_top: Abs, bottom: Abs, gap: Abs) -> Frame {
        Frame {
            first_top: first_top + self.lead.as_ref().map_or(Abs::ZERO, |p| p.height + gap),
            next_top,
            bottom,
            last_cut: self.report.as_ref().map_or(Abs::ZERO, |p| p.height + gap + REPORT_FOOT),
        }
    }
}

/// Where the columns run: from `first_top` (page 1) or `next_top` down to `bottom`,
/// and on the last page `last_cut` less (the report panel's room).
struct Frame {
    first_top: Abs,
    next_top: Abs,
    bottom: Abs,
    last_cut: Abs,
}

impl Frame {
    fn top(&self, page: usize) -> Abs {
        if page == 0 { self.first_top } else { self.next_top }
    }
}

/// Flow `pieces` down the columns of as few pages as they need, the last page keeping
/// room for the report panel; fails with the index of a piece taller than a column.
fn arrange(pieces: &[Piece], fr: &Frame) -> Result<Flowed, usize> {
    let top = |p: usize| fr.top(p);
    for last in 0..=pieces.len() {
        let bottom = |p: usize| if p == last { fr.bottom - fr.last_cut } else { fr.bottom };
        let r = columns(pieces, 0, &top, bottom);
        match r {
            Ok(f) if f.slots.last().is_none_or(|s| s.0 <= last) => {
                // The columns end on the last page, or (a short section after them)
                // the page before: the panel then has the last page to itself.
                let on_last = f.slots.last().is_none_or(|s| s.0 == last);
                let end = if on_last { f.end } else { fr.top(last) };
                return Ok(Flowed { slots: f.slots, end, pages: last + 1, last_bottom: bottom(last) });
            }
            Ok(_) => {}
            // Too tall for the last page's shorter columns: try one page more.
            Err(_) if fr.last_cut > Abs::ZERO && last + 1 < pieces.len().max(1) => {}
            Err(i) => return Err(i),
        }
    }
    Err(0)
}

/// Where pieces go when they flow down columns, page after page.
struct Flowed {
    /// For each piece: page, column (0 or 1) and the y of its top.
    slots: Vec<(usize, usize, Abs)>,
    /// Where the last column ends.
    end: Abs,
    /// Pages, the report panel's included.
    pages: usize,
    /// Where the last page's columns end (above the report panel).
    last_bottom: Abs,
}

/// Flow `pieces` down two columns per page from page `first_page`, each column
/// starting at `top_of(page)` and ending by `bottom(page)`. A heading (or a run of
/// pieces that keep with the next) moves to the next column with what follows it; a
/// first or last line alone is kept with its neighbour the same way. Fails with the
/// index of a piece taller than a column.
fn columns(pieces: &[Piece], first_page: usize, top_of: &dyn Fn(usize) -> Abs, bottom: impl Fn(usize) -> Abs) -> Result<Flowed, usize> {
    let mut slots = Vec::with_capacity(pieces.len());
    let (mut page, mut col) = (first_page, 0);
    let mut y = top_of(page);
    let mut at_top = true;
    for (i, p) in pieces.iter().enumerate() {
        let gap = if at_top { Abs::ZERO } else { p.gap_before };
        let mut need = gap + p.height;
        let mut j = i;
        while pieces[j].keep_with_next && j + 1 < pieces.len() {
            need += pieces[j + 1].gap_before + pieces[j + 1].height;
            j += 1;
        }
        if !(y + need).fits(bottom(page)) && !at_top {
            if col == 0 {
                col = 1;
            } else {
                col = 0;
                page += 1;
            }
            y = top_of(page);
            at_top = true;
        }
        let gap = if at_top { Abs::ZERO } else { p.gap_before };
        if !(y + gap + p.height).fits(bottom(page)) {
            return Err(i);
        }
        y += gap;
        slots.push((page, col, y));
        y += p.height;
        at_top = false;
    }
    Ok(Flowed { slots, end: y, pages: page + 1, last_bottom: bottom(page) })
}
