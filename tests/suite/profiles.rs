//! The two print profiles, as a laser printer and a print shop see them: `office`
//! keeps every mark at least 1/4 in inside the paper's edge and nothing bleeds off
//! the paper (cards and stickers, with their bleed, go on office sheets: see
//! sheets.rs); `press` gives every page 1/8 in of bleed with trim and bleed boxes,
//! runs the colour bands into the bleed, and puts crop marks in the registration
//! colour outside the bleed.

use crate::common;
use awareprint::build::Laid;
use awareprint::layout::{Abs, FontSet, Item, Page, Rect};
use awareprint::model::Profile;
use common::*;

/// Every material in every language, statewide and for Boulder (logo, local contact,
/// web page), laid out under `profile`, with its PDF.
fn laid_out(profile: Profile) -> &'static [(Laid, Vec<u8>)] {
    statewide_and_boulder_laid(profile)
}

/// What each drawn item covers on the page (text by its advance and the font's
/// ascender and descender, which is more than its ink).
pub(crate) fn covered(item: &Item, fonts: &FontSet) -> Vec<Rect> {
    match item {
        Item::Text { .. } => awareprint::preflight::text_box(item, fonts).into_iter().collect(),
        Item::Fill { rect, .. } | Item::Image { rect, .. } => vec![*rect],
        Item::Qr { bounds, .. } => vec![*bounds],
        Item::Group { clip, .. } => vec![*clip],
        Item::Marks { rects } => rects.clone(),
        Item::Path { path, .. } | Item::DieLine { path, .. } => path.bounds().into_iter().collect(),
        Item::Link { .. } | Item::Start(_) | Item::Furniture | Item::End => Vec::new(),
    }
}

#[test]
fn office_pages_keep_a_quarter_inch_from_the_paper_edge_and_do_not_bleed() {
    let fonts = FontSet::load();
    let quarter = Abs::inches(0.25);
    for (laid, pdf) in laid_out(Profile::Office) {
        let name = laid.path.display().to_string();
        let parsed = Pdf::parse(pdf);
        assert_eq!(laid.paper().len(), parsed.pages().len(), "{name}");
        for (n, (page, id)) in laid.paper().iter().zip(parsed.pages()).enumerate() {
            assert_eq!(page.slug, Abs::ZERO, "{name}: no crop marks for the office");
            assert_eq!(parsed.doc.version, "1.7", "{name}");
            assert!(parsed.doc.catalog().unwrap().get(b"OutputIntents").is_err(), "{name}: not PDF/X");
            assert!(page.items.iter().all(|i| !matches!(i, Item::Marks { .. })), "{name}");
            assert_eq!(page.bleed, Abs::ZERO, "{name}: nothing bleeds off the paper");
            let media = parsed.page_box(id, "MediaBox").unwrap();
            assert_eq!(media, parsed.page_box(id, "TrimBox").unwrap(), "{name}: the page is the paper");
            let printable = Rect::new(quarter, quarter, page.trim.w - quarter * 2.0, page.trim.h - quarter * 2.0);
            for item in &page.items {
                for r in covered(item, &fonts) {
                    assert!(printable.contains(&r), "{name} page {}: {r:?} is within 1/4 in of the paper's edge", n + 1);
                }
            }
        }
    }
}

#[test]
fn press_pages_bleed_with_boxes_and_crop_marks_outside_the_bleed() {
    let eighth = 9.0;
    for (laid, pdf) in laid_out(Profile::Press) {
        let name = laid.path.display().to_string();
        let parsed = Pdf::parse(pdf);
        assert_eq!(laid.paper().len(), parsed.pages().len(), "{name}");
        for (page, id) in laid.paper().iter().zip(parsed.pages()) {
            assert_eq!(page.bleed, Abs::inches(0.125), "{name}: 1/8 in bleed");
            // Boxes: trim inside bleed (by exactly the bleed) inside media.
            let [mx0, my0, mx1, my1] = parsed.page_box(id, "MediaBox").unwrap();
            let [bx0, by0, bx1, by1] = parsed.page_box(id, "BleedBox").unwrap();
            let [tx0, ty0, tx1, ty1] = parsed.page_box(id, "TrimBox").unwrap();
            for (t, b) in [(tx0, bx0), (ty0, by0)] {
                assert!((t - b - eighth).abs() < 0.01, "{name}: trim {t} to bleed {b}");
            }
            for (t, b) in [(tx1, bx1), (ty1, by1)] {
                assert!((b - t - eighth).abs() < 0.01, "{name}: trim {t} to bleed {b}");
            }
            assert!(mx0 < bx0 && my0 < by0 && bx1 < mx1 && by1 < my1, "{name}: room for marks outside the bleed");
            assert!(((tx1 - tx0) - page.trim.w.to_pt()).abs() < 0.01 && ((ty1 - ty0) - page.trim.h.to_pt()).abs() < 0.01, "{name}");

            // Crop marks: eight, outside the bleed, on the trim lines.
            let marks: Vec<Rect> = page
                .items
                .iter()
                .filter_map(|i| if let Item::Marks { rects } = i { Some(rects.clone()) } else { None })
                .flatten()
                .collect();
            assert_eq!(marks.len(), 8, "{name}");
            let bleed = Rect::new(-page.bleed, -page.bleed, page.trim.w + page.bleed * 2.0, page.trim.h + page.bleed * 2.0);
            for m in &marks {
                assert!(!m.overlaps(&bleed), "{name}: mark {m:?} inside the bleed");
                let on_x = [Abs::ZERO, page.trim.w].iter().any(|x| (m.x() + m.w() / 2.0 - *x).to_pt().abs() < 0.01);
                let on_y = [Abs::ZERO, page.trim.h].iter().any(|y| (m.y() + m.h() / 2.0 - *y).to_pt().abs() < 0.01);
                assert!(on_x || on_y, "{name}: mark {m:?} on no trim line");
            }
            // Colour that reaches the trim's edge runs on into the bleed (no white
            // sliver when the cut drifts).
            let page_rect = Rect::new(Abs::ZERO, Abs::ZERO, page.trim.w, page.trim.h);
            for item in &page.items {
                if let Item::Fill { rect, .. } = item
                    && rect.overlaps(&page_rect)
                {
                    let touches = |a: Abs, edge: Abs| (a - edge).to_pt().abs() < 0.01;
                    let at_edge = touches(rect.x(), Abs::ZERO)
                        || touches(rect.y(), Abs::ZERO)
                        || touches(rect.right(), page.trim.w)
                        || touches(rect.bottom(), page.trim.h);
                    assert!(!at_edge, "{name}: {rect:?} stops at the trim instead of running into the bleed");
                }
            }
        }
        // PDF/X-4: PDF 1.6, the output intent with its CMYK profile, the identification
        // in Info and XMP beside PDF/UA's, and no annotation on the page.
        assert_eq!(parsed.doc.version, "1.6", "{name}");
        let catalog = parsed.doc.catalog().unwrap();
        let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
        assert_eq!(intents.len(), 1, "{name}");
        let intent = intents[0].as_dict().unwrap();
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
        assert_eq!(decode_text_string(intent.get(b"OutputConditionIdentifier").unwrap()).as_deref(), Some("FOGRA39"));
        let profile =
            parsed.doc.get_object(intent.get(b"DestOutputProfile").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
        assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4, "{name}: a CMYK profile");
        let icc = profile.decompressed_content().unwrap();
        assert_eq!(&icc[12..20], b"prtrCMYK", "{name}: an output profile, CMYK");
        assert_eq!(parsed.info("GTS_PDFXVersion").as_deref(), Some("PDF/X-4"), "{name}");
        let xmp = parsed.doc.get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
        let xmp = String::from_utf8_lossy(&xmp.content);
        for want in [
            "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
            "<xmpMM:VersionID>1</xmpMM:VersionID>",
            "<pdfuaid:part>1</pdfuaid:part>",
        ] {
            assert!(xmp.contains(want), "{name}: no {want} in the XMP");
        }
        for &id in &parsed.pages() {
            let annots = parsed.doc.get_dictionary(id).unwrap().get(b"Annots").ok().and_then(|a| a.as_array().ok()).map_or(0, |a| a.len());
            assert_eq!(annots, 0, "{name}: PDF/X allows no annotation on the page");
        }
        // Registration colour: the marks are painted in /Separation /All.
        let content = String::from_utf8_lossy(&parsed.doc.get_page_content(parsed.pages()[0])).to_string();
        assert!(content.contains("/Reg cs 1 scn"), "{name}");
        let resources = parsed.doc.get_page_resources(parsed.pages()[0]).unwrap();
        let res = resources.0.unwrap_or_else(|| parsed.doc.get_dictionary(resources.1[0]).unwrap());
        let cs = res.get(b"ColorSpace").unwrap().as_dict().unwrap().get(b"Reg").unwrap().as_array().unwrap();
        assert_eq!(cs[0].as_name().unwrap(), b"Separation");
        assert_eq!(cs[1].as_name().unwrap(), b"All", "{name}: registration prints on every plate");
    }
}

#[test]
fn the_office_check_catches_ink_at_the_paper_edge() {
    // The same test's rule, attacked: a band to the edge, and a line of text 1/8 in
    // from it, are both caught.
    let fonts = FontSet::load();
    let quarter = Abs::inches(0.25);
    let (laid, _) = laid_out(Profile::Office).iter().find(|(l, _)| l.id == "poster").unwrap();
    let page: &Page = &laid.pages[0];
    let printable = Rect::new(quarter, quarter, page.trim.w - quarter * 2.0, page.trim.h - quarter * 2.0);
    let edge_band =
        Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, page.trim.w, Abs::pt(40.0)), color: awareprint::layout::Color::BLACK };
    assert!(covered(&edge_band, &fonts).iter().any(|r| !printable.contains(r)));
    let mut text = page.items.iter().find(|i| matches!(i, Item::Text { .. })).unwrap().clone();
    if let Item::Text { origin, .. } = &mut text {
        origin.x = Abs::inches(0.125);
    }
    assert!(covered(&text, &fonts).iter().any(|r| !printable.contains(r)));
}
