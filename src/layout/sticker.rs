//! The restroom sticker: a small piece with bleed (the kind's trim, 4 x 3 in), read
//! up close and quickly. Equal margins on every side (3/16 in, inside the die-cut
//! line's rounded corners). A brand band with the line, broken by sense (each
//! sentence starts a line) at 16 to 18 pt, under a county's name; then the calls at
//! the start: the hotline's number large, its digits, a text channel where the copy
//! has one, 911; the code at the end, its caption under it on its visible edge. The
//! version code prints outside the trim.

use super::flow::{self, Style};
use super::kit::{self, Boxed, Dir, Span};
use super::text::Shaper;
use super::{Abs, Color, FontId, Item, Layout, Page, Rect, flow_error};
use crate::content::{Content, Doc};
use crate::diag::{Diagnostic, Problems};

/// The margin on every side: 3/16 in.
pub fn margin() -> Abs {
    Abs::inches(3.0 / 16.0)
}

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    let trim = doc.kind.trim_size(doc.size);
    let bleed = doc.geometry().bleed;
    let m = margin();
    let column = Span::new(m, trim.w - m * 2.0, Dir::of(doc));
    let palette = &doc.palette;
    let min = doc.kind.min_body();

    let (mut line, mut codes, mut rest) = (None, Vec::new(), Vec::new());
    for (i, b) in doc.blocks.iter().enumerate() {
        match &b.content {
            Content::Heading(t) if i == 0 => line = Some(t),
            Content::Qr(_) => codes.push((i, b)),
            _ => rest.push((i, b)),
        }
    }
    let Some(line) = line else {
        return Err(vec![
            Diagnostic::error("a restroom sticker starts with a `heading`: its one short line").in_file(&doc.file).field("blocks[0]"),
        ]);
    };
    if codes.len() != 1 {
        return Err(vec![
            Diagnostic::error(format!("a restroom sticker has room for one `qr` block; this one has {}", codes.len()))
                .in_file(&doc.file)
                .field("blocks"),
        ]);
    }

    // The band: the line in white bold, each sentence on a line of its own (two lines
    // at most each), at the largest size from 18 down to 16 pt that fits, under a
    // county's name.
    // Reversed out of the band: 9 pt at least, where four-colour ink fills thin strokes.
    let kicker_size = Abs::pt(9.0);
    let sentences = sentences(line);
    // In as few lines as it takes at 16 pt, at the largest size that keeps them.
    let mut fitted = None;
    for n in sentences.len()..=4 {
        fitted = super::largest_fit(Abs::pt(18.0), Abs::pt(16.0), |size| {
            let mut lines = Vec::new();
            for s in &sentences {
                match flow::balanced_lines(shaper, FontId::Bold, s, size, 1.08, column.width, Color::WHITE) {
                    Ok(l) => lines.extend(l),
                    Err(flow::FlowError::TooWide(_)) => return Ok(None),
                    Err(e) => return Err(vec![err(doc, 0, e.message(size))]),
                }
            }
            Ok((lines.len() <= n).then_some(lines))
        })?;
        if fitted.is_some() {
            break;
        }
    }
    let Some((_, head)) = fitted else {
        return Err(vec![err(doc, 0, "the sticker's line needs more than 4 lines at 16 pt".into()).hint("say it in fewer words")]);
    };
    let kicker = kicker_row(doc, shaper, kicker_size, column)?;
    let head = Boxed::lines(flow::wrap_lines(super::Node::new(super::Role::H1), head), column.width);
    let band_text = kicker.then(head, Abs::pt(2.0));
    let band_h = m + band_text.h + m * 0.6;
    let mut items = vec![Item::Fill { rect: Rect::new(-bleed, -bleed, trim.w + bleed * 2.0, band_h + bleed), color: palette.brand }];
    items.extend(band_text.at(column.start(column.width), m));

    // The code at the end, its caption under it.
    let body_top = band_h + m * 0.5;
    // Text boxes reach a little past their line boxes: a point more at the foot.
    let body_h = trim.h - m - Abs::pt(1.0) - body_top;
    let (qi, qb) = codes[0];
    let Content::Qr(qr) = &qb.content else { unreachable!("a qr block") };
    let caption = Style { leading: 1.15, ..Style::house(palette, min) };
    // The code's visible edge on the margin, its caption as wide as it; where that
    // caption is too tall for the sticker, only the address under the code (the
    // caption stays its description: the calls beside it name the hotline).
    let symbol = Abs::mm(21.0);
    let mut code = kit::code_under(shaper, qr, symbol, symbol, &caption).map_err(|e| vec![err(doc, qi, e.message(min))])?;
    if !code.h.fits(body_h) {
        code = kit::code_over_address(shaper, qr, symbol, &caption).map_err(|e| vec![err(doc, qi, e.message(min))])?;
    }
    if !code.h.fits(body_h) {
        let msg = format!("the QR code and its caption need {} but the sticker has {}", code.h, body_h);
        return Err(vec![qb.error(doc, msg).hint("shorten the code's caption")]);
    }
    // Its quiet zone, blank paper, must survive the cut: inside 1/8 in of the trim.
    // The code comes in from the margin as far as that needs.
    let quiet = code.items.iter().find_map(|i| if let Item::Qr { bounds, .. } = i { Some(-bounds.x()) } else { None }).unwrap_or_default();
    let inset = (quiet - (m - Abs::inches(0.125))).max(Abs::ZERO);
    let (code_w, code_h) = (code.w + inset, code.h);
    items.extend(code.at(column.end(code_w), body_top + (body_h - code_h) / 2.0));

    // The calls at the start, at the largest size from 11 pt down that fits: the
    // first (the hotline) with its number large; after it, the quieter channels (a
    // number to text, 911) in bold a little larger than the text, each on its label's
    // line.
    let calls = column.before_end(code_w, Abs::pt(10.0));
    let style = |size: Abs| Style {
        leading: 1.2,
        heading_scale: 1.2,
        gap: 0.5,
        call_scale: 2.0,
        digits_scale: 1.25,
        ..Style::house(palette, size)
    };
    let quiet = |size: Abs| Style { call_scale: 1.3, ..style(size) };
    let lead = rest.iter().position(|(_, b)| matches!(b.content, Content::Call(_)));
    let lay = |shaper: &mut Shaper, size: Abs| -> Result<Vec<flow::Piece>, (usize, flow::FlowError)> {
        let mut out = Vec::new();
        for (n, b) in rest.iter().enumerate() {
            let st = if Some(n) == lead { style(size) } else { quiet(size) };
            let mut p = flow::pieces(shaper, std::slice::from_ref(b), calls.width, &st)?;
            if n > 0
                && let Some(first) = p.first_mut()
            {
                first.gap_before = st.body * st.gap;
            }
            out.extend(p);
        }
        Ok(out)
    };
    let chosen = super::largest_fit(Abs::pt(11.0).max(min), min, |size| {
        // A number too wide at this size may fit at a smaller one.
        match lay(shaper, size) {
            Ok(p) => Ok(Some(p).filter(|p| flow::height(p).fits(body_h) && kit::numbers_on_their_labels(&rest, p))),
            Err((_, flow::FlowError::TooWide(_))) if size > min => Ok(None),
            Err(e) => Err(vec![flow_error(doc, &doc.blocks, e, size)]),
        }
    })?;
    let Some((used, pieces)) = chosen else {
        let pieces = lay(shaper, min).map_err(|e| vec![flow_error(doc, &doc.blocks, e, min)])?;
        let over = flow::height(&pieces) - body_h;
        let culprit = flow::first_overflowing(&pieces, body_h).or(pieces.last().map(|p| p.block)).unwrap_or(0);
        return Err(vec![
            doc.blocks[culprit]
                .error(doc, format!("the sticker's copy is {over} too long at the minimum size {min}"))
                .hint("shorten the labels; a sticker carries one line, the hotline, a text line, 911 and one code"),
        ]);
    };
    let h = flow::height(&pieces);
    items.extend(flow::place(pieces, calls.start(calls.width), body_top + (body_h - h) / 2.0).0);
    // The die-cut line (press only: an office sheet of labels comes cut), on the
    // trim with corners rounded by 1/8 in.
    if doc.profile == crate::model::Profile::Press {
        items.push(crate::art::die_line(trim, Abs::inches(0.125)));
    }
    // The small print goes outside the trim: no slug on a survivor's sticker. At 6 pt,
    // two lines of it fit the 1/4 in an office printer reaches below a label sheet.
    let super::Imprint { items: imprint, .. } = super::imprint(doc, shaper, Abs::pt(6.0), column.width, None)?;
    let mut page = Page::new(trim, bleed, items);
    page.outside = imprint;
    Ok(Layout { pages: vec![page], smallest_body: used.min(caption.body), warnings: Vec::new() })
}

/// The sentences of `text`: each ends at `.`, `?` or `!` followed by a space.
/// The band's kicker row, the sticker's identity: a county's name at the start and
/// the campaign line at the end where both fit on the row (a long county name keeps
/// the row to itself: a second row would take the code's room); the campaign line
/// alone on the statewide edition.
fn kicker_row(doc: &Doc, shaper: &mut Shaper, size: Abs, column: Span) -> Result<Boxed, Problems> {
    let name = super::county_name(doc, shaper, size, 1.3, column.width)?;
    let name_lines = name.iter().filter(|(_, it)| matches!(it, Item::Text { .. })).count();
    let name_w = kit::ink_right(shaper, &name.iter().map(|(_, it)| it.clone()).collect::<Vec<_>>());
    let mut row = Boxed::lines(name, column.width);
    let Some(line) = doc.campaign.as_deref() else { return Ok(row) };
    let room = if name_lines == 0 { column.width } else { column.width - name_w - Abs::pt(12.0) };
    if name_lines > 1 || room <= Abs::ZERO {
        return Ok(row);
    }
    let lines = match flow::text_lines(shaper, FontId::Regular, line, size, 1.3, room, Color::WHITE) {
        Ok(l) if l.len() == 1 => l,
        Ok(_) | Err(flow::FlowError::TooWide(_)) if name_lines > 0 => return Ok(row),
        Ok(_) | Err(flow::FlowError::TooWide(_)) => {
            let msg = format!("{}: the campaign line is too long for the sticker's band at {size}", doc.id);
            return Err(vec![Diagnostic::error(msg).in_file(&super::identity_file(doc)).field("campaign").hint("say it in fewer words")]);
        }
        Err(e) => {
            let msg = format!("{}: the campaign line: {}", doc.id, e.message(size));
            return Err(vec![Diagnostic::error(msg).in_file(&super::identity_file(doc)).field("campaign")]);
        }
    };
    let w = kit::ink_right(shaper, &lines.iter().map(|(_, it)| it.clone()).collect::<Vec<_>>());
    let campaign = Boxed::lines(flow::wrap_lines(super::Node::new(super::Role::P), lines), w);
    row.h = row.h.max(campaign.h);
    row.items.extend(campaign.at(column.end(w) - column.start(column.width), Abs::ZERO));
    Ok(row)
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, (i, c)) in chars.iter().enumerate() {
        let next_space = chars.get(k + 1).is_some_and(|(_, n)| *n == ' ');
        if matches!(c, '.' | '?' | '!') && next_space {
            out.push(text[start..=*i].trim().to_string());
            start = i + c.len_utf8();
        }
    }
    let tail = text[start..].trim();
    if !tail.is_empty() {
        out.push(tail.to_string());
    }
    out
}

fn err(doc: &Doc, index: usize, message: String) -> Diagnostic {
    doc.blocks[index].error(doc, message)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sentences_start_lines() {
        assert_eq!(super::sentences("Is it you? It is not your fault."), ["Is it you?", "It is not your fault."]);
        assert_eq!(super::sentences("¿Eres tú? No es tu culpa."), ["¿Eres tú?", "No es tu culpa."]);
        assert_eq!(super::sentences("One line"), ["One line"]);
        // A full stop inside a word (an address) does not end a sentence.
        assert_eq!(super::sentences("Visit co4kids.org now."), ["Visit co4kids.org now."]);
    }
}
