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
    let title_size = Abs::pt(26.0);
    let title_err =
        |e: flow::FlowError, size: Abs| vec![crate::diag::Diagnostic::error(e.message(size)).in_file(&doc.copy_file).field("title")];
    let statewide =
        flow::text_lines(shaper, FontId::Bold, &doc.title, title_size, 1.15, width, Color::WHITE).map_err(|e| title_err(e, title_size))?;
    let (plate_w, plate_h, plate_pad) = (Abs::pt(140.0), Abs::pt(48.0), Abs::pt(5.0));
    let room = (flow::stack(statewide.clone()).1 + Abs::pt(13.0) * 1.6).max(plate_h + plate_pad * 2.0);
    let band_h = margin * 0.7 + room + margin * 0.5;
    let logo = super::LogoPlate::new(doc, plate_w, plate_h, plate_pad);
    let title_w = logo.as_ref().map_or(width, |plate| width - plate.size.w - Abs::pt(18.0));
    let kicker = super::county_name(doc, shaper, Abs::pt(13.0), 1.6, title_w)?;
    let kicker_h = flow::stack(kicker.clone()).1;
    let fitted = super::largest_fit(title_size, Abs::pt(16.0), |size| {
        let lines =
            flow::text_lines(shaper, FontId::Bold, &doc.title, size, 1.15, title_w, Color::WHITE).map_err(|e| title_err(e, size))?;
        Ok((kicker_h + flow::stack(lines.clone()).1).fits(room).then_some(lines))
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
    let (title, title_h) = flow::stack(all);

    let blocks: Vec<(usize, &Block)> = doc.blocks.iter().enumerate().collect();
    // Two columns: a measure of about 45 to 60 characters at the body size.
    let gutter = Abs::pt(20.0);
    let col_w = (width - gutter) / 2.0;

    // Footer: the title and the page number, small, on every page.
    let footer_size = Abs::pt(9.0);
    // The footer keeps inside the half-inch live area a print shop keeps.
    let footer_base = page.h - Abs::inches(0.55);
    let bottom = footer_base - footer_size * 2.0;
    let first_top = band_h + margin * 0.45;
    let next_top = margin;
    let top_of = |page: usize| if page == 0 { first_top } else { next_top };
    let has_local = doc.blocks.iter().any(|b| b.origin.is_some() && matches!(b.content, crate::content::Content::Call(_)));
    // Room a county's local contact takes (a callout of a two-line label and a number).
    let reserve = |st: &Style| st.body * 0.8 * 2.0 + st.body * st.leading * 2.0 + st.body * st.call_scale * 1.15 + st.body * st.gap;

    // A handout with a page limit sets its body as large as the limit allows (up to
    // 11.5 pt: larger type in these columns would drop below 45 characters a line),
    // with room kept for a county's local contact; one without flows at 11 pt onto
    // as few pages as it needs.
    let lay = |shaper: &mut Shaper, size: Abs| {
        flow::pieces(shaper, &blocks, col_w, &style(palette, size)).map_err(|e| vec![flow_error(doc, &doc.blocks, e, size)])
    };
    let larger = match doc.max_pages {
        Some(max) => super::largest_fit(Abs::pt(11.5), Abs::pt(BODY), |size| {
            let pieces = lay(shaper, size)?;
            let Ok(f) = columns(&pieces, 0, &top_of, |_| bottom) else { return Ok(None) };
            let pages = f.slots.last().map_or(1, |s| s.0 + 1);
            let full =
                pages == max as usize && f.slots.last().is_some_and(|s| s.1 == 1) && !(f.end + reserve(&style(palette, size))).fits(bottom);
            Ok((pages <= max as usize && (has_local || !full)).then_some(pieces))
        })?,
        None => None,
    };
    // At the size chosen, or at 11 pt (where the errors below say what does not fit).
    let (body, mut pieces) = match larger {
        Some(found) => found,
        None => (Abs::pt(BODY), lay(shaper, Abs::pt(BODY))?),
    };
    let mut st = style(palette, body);
    // A handout without a limit whose last page would carry a few lines sets its
    // spacing a little tighter (leading 1.25, paragraph gaps half a line) when that
    // saves the page: a runt page is a sheet printed for a paragraph.
    if doc.max_pages.is_none()
        && let Ok(f) = columns(&pieces, 0, &top_of, |_| bottom)
        && let Some(last) = f.slots.last().map(|s| s.0).filter(|&n| n > 0)
        && f.slots.last().is_some_and(|s| s.1 == 0)
        && (f.end - top_of(last)) < (bottom - top_of(last)) * 0.5
    {
        let dense = Style { leading: 1.25, gap: 0.5, ..style(palette, body) };
        let tight = flow::pieces(shaper, &blocks, col_w, &dense).map_err(|e| vec![flow_error(doc, &doc.blocks, e, body)])?;
        if columns(&tight, 0, &top_of, |_| bottom).is_ok_and(|t| t.slots.last().is_some_and(|s| s.0 < last)) {
            pieces = tight;
            st = dense;
        }
    }

    let flowed = columns(&pieces, 0, &top_of, |_| bottom).map_err(|i| {
        let p = &pieces[i];
        vec![doc.blocks[p.block].error(doc, format!("this block is {} taller than a column", p.height - (bottom - next_top)))]
    })?;
    let n_pages = flowed.slots.last().map_or(1, |s| s.0 + 1);

    // A statewide handout with a page limit keeps room on its last page for the one
    // local contact a county may add, so every edition keeps to the limit.
    let local_reserve = reserve(&st);
    let last_column_full = flowed.slots.last().is_some_and(|s| s.1 == 1) && !(flowed.end + local_reserve).fits(bottom);
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
                    format!("the handout leaves {} on its last page; a county's local contact needs {local_reserve}", bottom - flowed.end),
                )
                .hint("shorten the copy: every county edition must keep to `max-pages` with one local contact added"),
        ]);
    }
    if let Some(max) = doc.max_pages
        && n_pages > max as usize
    {
        let first_over = flowed.slots.iter().position(|s| s.0 == max as usize).map_or(0, |i| pieces[i].block);
        return Err(vec![
            doc.blocks[first_over]
                .error(doc, format!("the handout runs to {} pages; `max-pages` is {max}", n_pages))
                .hint("this block starts the first page too many: shorten the copy"),
        ]);
    }

    // The last page's columns balanced: the lowest column foot at which its pieces
    // still fit in two columns (to the point).
    let last_page = n_pages - 1;
    let from = flowed.slots.iter().position(|s| s.0 == last_page).unwrap_or(0);
    let mut placed = flowed.slots.clone();
    let top = top_of(last_page);
    let (mut lo, mut hi) = (top, bottom);
    let mut best = None;
    while (hi - lo).to_pt() > 1.0 {
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

    let mut pages: Vec<Vec<Item>> = vec![Vec::new(); n_pages];
    for (p, (page_n, col, y)) in pieces.iter().zip(placed) {
        let x = margin + (col_w + gutter) * col as f64;
        for mut item in p.items.iter().cloned() {
            item.translate(x, y);
            pages[page_n].push(item);
        }
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
        for (text, x, max_w) in [
            (doc.title.as_str(), margin, imp_x - margin - space),
            (imprint.as_str(), imp_x, imp_w + Abs::pt(1.0)),
            (number.as_str(), margin + width - num_w, num_w + Abs::pt(1.0)),
        ] {
            // The footer title is left out rather than cut when it needs two lines.
            let lines = shaper.shape(FontId::Regular, text).ok().and_then(|s| s.wrap(footer_size, max_w).ok()).filter(|l| l.len() == 1);
            if let Some(line) = lines.and_then(|l| l.into_iter().next()) {
                items.push(flow::line_item(line, FontId::Regular, footer_size, grey, Point::new(x, footer_base)));
            }
        }
        items.push(Item::End);
        out.push(Page::new(page, geometry.bleed, items));
    }
    let warnings = logo.and_then(|p| p.warning).into_iter().collect();
    Ok(Layout { pages: out, smallest_body: st.body, warnings })
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

/// Where pieces go when they flow down columns, page after page.
struct Flowed {
    /// For each piece: page, column (0 or 1) and the y of its top.
    slots: Vec<(usize, usize, Abs)>,
    /// Where the last column ends.
    end: Abs,
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
    Ok(Flowed { slots, end: y })
}
