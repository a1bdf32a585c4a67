//! The restroom sticker: a small piece with bleed (the kind's trim, e.g. 4 x 3 in),
//! read up close and quickly. An accent band with one short line (and a county's
//! name), then the callouts on the left, the hotline's number in large type, and one
//! QR code on the right.

use super::flow::{self, Style};
use super::text::Shaper;
use super::{Abs, Color, FontId, Item, Layout, Page, Rect, flow_error};
use crate::content::{Content, Doc, Palette};
use crate::diag::{Diagnostic, Problems};

pub fn layout(doc: &Doc, shaper: &mut Shaper) -> Result<Layout, Problems> {
    let trim = doc.kind.trim_size(doc.size);
    let bleed = doc.geometry().bleed;
    // Content keeps 1/8 in and a little more inside the trim.
    let safe = Abs::pt(10.0);
    let width = trim.w - safe * 2.0;
    let palette = &doc.palette;
    let accent = palette.brand;
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

    // The band: the line in white bold, under the county name of an edition. It has
    // one height on every edition (a line is kept for the county name).
    let size = Abs::pt(13.0);
    let kicker_size = Abs::pt(8.0);
    let head =
        flow::text_lines(shaper, FontId::Bold, line, size, 1.15, width, Color::WHITE).map_err(|e| vec![err(doc, 0, e.message(size))])?;
    if head.len() > 2 {
        return Err(vec![err(doc, 0, "the sticker's line needs more than 2 lines at 13 pt".into()).hint("say it in fewer words")]);
    }
    let room = flow::stack(head.clone()).1 + kicker_size * 1.3;
    let band_h = safe + room + safe * 0.7;
    let mut lines = super::county_name(doc, shaper, kicker_size, 1.3, width)?;
    let named = !lines.is_empty();
    lines.extend(flow::wrap_lines(super::Node::new(super::Role::H1), head));
    let (lines, lines_h) = flow::stack(lines);
    let mut items = vec![Item::Fill { rect: Rect::new(-bleed, -bleed, trim.w + bleed * 2.0, band_h + bleed), color: accent }];
    let top = safe + if named { Abs::ZERO } else { (room - lines_h) / 2.0 };
    for mut l in lines {
        l.translate(safe, top);
        items.push(l);
    }

    // The code on the right, its caption under it.
    let body_top = band_h + safe * 0.8;
    // The small print (issuer, version code) goes outside the trim, not on the face: at
    // 6 pt, two lines of it fit the 1/4 in an office printer reaches below a label sheet.
    let super::Imprint { items: imprint, .. } = super::imprint(doc, shaper, Abs::pt(6.0), width, None)?;
    let body_h = trim.h - safe - body_top;
    let (qi, qb) = codes[0];
    let Content::Qr(qr) = &qb.content else { unreachable!("a qr block") };
    let qr_style = Style { qr_symbol: Abs::mm(22.0), ..style(palette, min) };
    // The caption may run a little wider than the code, so that a short phrase in
    // any language stays on one or two lines.
    let caption_w = Abs::pt(96.0);
    let code = flow::qr_piece(shaper, qr, None, qi, caption_w, &qr_style, Abs::ZERO).map_err(|e| vec![err(doc, qi, e.message(min))])?;
    let col = code
        .items
        .iter()
        .map(|it| match it {
            Item::Qr { bounds, .. } => bounds.w(),
            _ => Abs::ZERO,
        })
        .fold(caption_w, Abs::max);
    if !code.height.fits(body_h) {
        let msg = format!("the QR code and its caption need {} but the sticker has {}", code.height, body_h);
        return Err(vec![qb.error(doc, msg).hint("shorten the code's caption")]);
    }
    let code_h = code.height;
    items.extend(flow::place(vec![code], safe + width - col, body_top + (body_h - code_h) / 2.0).0);

    // The callouts on the left, at the largest size from 11 pt down that fits.
    let left_w = width - col - Abs::pt(8.0);
    let chosen = super::largest_fit(Abs::pt(11.0).max(min), min, |size| {
        // A number too wide at this size may fit at a smaller one.
        match flow::pieces(shaper, &rest, left_w, &style(palette, size)) {
            Ok(p) => Ok(Some(p).filter(|p| flow::height(p).fits(body_h))),
            Err((_, flow::FlowError::TooWide(_))) if size > min => Ok(None),
            Err(e) => Err(vec![flow_error(doc, &doc.blocks, e, size)]),
        }
    })?;
    let Some((used, pieces)) = chosen else {
        let pieces = flow::pieces(shaper, &rest, left_w, &style(palette, min)).map_err(|e| vec![flow_error(doc, &doc.blocks, e, min)])?;
        let over = flow::height(&pieces) - body_h;
        let culprit = flow::first_overflowing(&pieces, body_h).or(pieces.last().map(|p| p.block)).unwrap_or(0);
        return Err(vec![
            doc.blocks[culprit]
                .error(doc, format!("the sticker's copy is {over} too long at the minimum size {min}"))
                .hint("shorten the labels; a sticker carries one line, the hotline, 911 and one code"),
        ]);
    };
    let h = flow::height(&pieces);
    items.extend(flow::place(pieces, safe, body_top + (body_h - h) / 2.0).0);
    // The die-cut line (press only: an office sheet of labels comes cut), on the
    // trim with corners rounded by 1/8 in.
    if doc.profile == crate::model::Profile::Press {
        items.push(crate::art::die_line(trim, Abs::inches(0.125)));
    }
    let page = Page { outside: imprint, ..Page::new(trim, bleed, items) };
    Ok(Layout { pages: vec![page], smallest_body: used.min(qr_style.body), warnings: Vec::new() })
}

fn err(doc: &Doc, index: usize, message: String) -> Diagnostic {
    doc.blocks[index].error(doc, message)
}

/// The sticker's house style at body size `body`: the number large and bold.
fn style(p: &Palette, body: Abs) -> Style {
    Style {
        body,
        leading: 1.2,
        text: p.ink,
        heading: p.brand,
        heading_scale: 1.2,
        gap: 0.5,
        call_scale: 2.0,
        call_number: p.ink,
        call_fill: None,
        qr_symbol: Abs::mm(22.0),
        link: p.brand,
        lang: None,
        digits_scale: 1.0,
        translation: p.ink,
    }
}
