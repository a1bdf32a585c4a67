//! Small pieces on paper, as a person printing them sees it: under `--profile office`
//! wallet cards 8 to a US Letter sheet with cut guides, fronts and backs lined up for a
//! long-edge duplex, and restroom stickers on an Avery 5164 label sheet; nothing within
//! 1/4 in of the paper's edge (in the frames and in the rendered pixels); every QR code
//! read off the rendered sheet; each piece read once by a screen reader. And the
//! version code off the faces: outside the trim on a press PDF (in the slug, clear of
//! the crop marks), in the sheet's margin on a sheet.

use crate::common::*;
use crate::profiles::covered;
use crate::tagging::{marker_problems, pdfua_problems};
use awareprint::build::Laid;
use awareprint::layout::{Abs, Color, FontSet, Item, Page, Rect};
use awareprint::model::Profile;
use awareprint::render::{self, View};

const LETTER: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

fn inches(v: f64) -> Abs {
    Abs::inches(v)
}

/// Every office document of `id`, statewide and Boulder's, in English and Spanish.
fn office(id: &str) -> Vec<&'static (Laid, Vec<u8>)> {
    let all: Vec<_> = statewide_and_boulder_laid(Profile::Office).iter().filter(|(l, _)| l.id == id).collect();
    let editions: Vec<(&str, &str)> = all.iter().map(|(l, _)| (l.edition.as_str(), l.lang.as_str())).collect();
    for want in [("colorado", "en"), ("colorado", "es"), ("boulder", "en"), ("boulder", "es")] {
        assert!(editions.contains(&want), "{id}: {want:?} in {editions:?}");
    }
    all
}

/// The pieces on a sheet: each group's clip.
fn pieces(page: &Page) -> Vec<Rect> {
    page.items.iter().filter_map(|i| if let Item::Group { clip, .. } = i { Some(*clip) } else { None }).collect()
}

/// The cut guides on an office sheet: thin black lines outside every piece.
fn guides(page: &Page) -> Vec<Rect> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Fill { rect, color } if *color == Color::BLACK && rect.w().min(rect.h()) <= Abs::pt(0.5) => Some(*rect),
            _ => None,
        })
        .collect()
}

fn approx(a: Abs, b: Abs) -> bool {
    (a - b).to_pt().abs() < 0.01
}

/// Nothing within 1/4 in of the edge, in the frames: every item of every sheet
/// covers only the printable area.
fn assert_clear_of_the_edge(laid: &Laid, fonts: &FontSet) {
    let q = inches(0.25);
    for (n, page) in laid.paper().iter().enumerate() {
        let printable = Rect::new(q, q, page.trim.w - q * 2.0, page.trim.h - q * 2.0);
        for item in &page.items {
            for r in covered(item, fonts) {
                assert!(printable.contains(&r), "{} sheet {}: {r:?} within 1/4 in of the edge", laid.path.display(), n + 1);
            }
        }
    }
}

/// Nothing within 1/4 in of the edge, in the pixels: the outer 1/4 in of every
/// rendered page (48 dpi: 12 pixels) is white.
fn assert_white_border(name: &str, pdf: &[u8]) {
    let dpi = 48.0;
    let strip = (0.25 * dpi) as usize;
    for (n, page) in render::render(pdf, dpi, View::Sheet).unwrap().iter().enumerate() {
        for y in 0..page.height {
            for x in 0..page.width {
                let edge = x < strip || y < strip || x >= page.width - strip || y >= page.height - strip;
                let px = &page.rgb[(y * page.width + x) * 3..][..3];
                assert!(!edge || px == [255, 255, 255], "{name} page {}: ink at pixel ({x}, {y}): {px:?}", n + 1);
            }
        }
    }
}

/// The QR codes a phone reads off each rendered page (150 dpi), framing each code
/// drawn there with a code's width of the sheet around it.
fn rendered_codes(bytes: &[u8]) -> Vec<Vec<String>> {
    let dpi = 150.0;
    let pdf = Pdf::parse(bytes);
    let rendered = render::render(bytes, dpi, View::Sheet).unwrap();
    rendered
        .iter()
        .zip(pdf.pages())
        .map(|(page, id)| {
            let gray = page.gray();
            let [_, _, _, top] = pdf.page_box(id, "MediaBox").unwrap();
            let s = dpi / 72.0;
            let mut found = Vec::new();
            for code in pdf.qr_codes(id) {
                let [x0, y0, x1, y1] = code.bbox;
                let m = x1 - x0;
                let px = |x: f64| ((x * s).max(0.0) as usize).min(page.width);
                let py = |y: f64| (((top - y) * s).max(0.0) as usize).min(page.height);
                let (ax, ay, bx, by) = (px(x0 - m), py(y1 + m), px(x1 + m), py(y0 - m));
                let mut img = rqrr::PreparedImage::prepare_from_greyscale(bx - ax, by - ay, |x, y| gray[(ay + y) * page.width + ax + x]);
                found.extend(img.detect_grids().iter().filter_map(|g| g.decode().ok()).map(|d| d.1));
            }
            found.sort();
            found
        })
        .collect()
}

/// The version code of a laid-out document, as printed.
fn version(laid: &Laid) -> String {
    let revised = awareprint::project::Project::open(&materials_dir()).unwrap().identity.revised.clone();
    format!("{} · {} · {} · {revised}", laid.id, laid.lang, laid.edition)
}

/// Text folded as [`Pdf::text`] folds it, without spaces (a line broken in two joins).
fn bare(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn office_wallet_cards_are_eight_to_a_letter_sheet_with_guides_and_backs_behind_their_fronts() {
    let fonts = FontSet::load();
    for (laid, bytes) in office("wallet-card") {
        let name = laid.path.display().to_string();
        let pdf = Pdf::parse(bytes);
        // A fronts sheet and a backs sheet, US Letter, the page being the paper.
        assert_eq!(pdf.pages().len(), 2, "{name}");
        for p in pdf.pages() {
            assert_eq!(pdf.page_box(p, "MediaBox"), Some(LETTER), "{name}");
            assert_eq!(pdf.page_box(p, "TrimBox"), Some(LETTER), "{name}");
        }
        assert_eq!(laid.paper().len(), 2, "{name}");
        let (front, back) = (&laid.paper()[0], &laid.paper()[1]);
        // Eight cards, 2 across and 4 down, each with its 1/8 in bleed, 1/4 in apart,
        // the block of trims centred: 7.25 x 8.75 in from (0.625, 1.125) in.
        let b = inches(0.125);
        let expected: Vec<Rect> = (0..4)
            .flat_map(|row| (0..2).map(move |col| (col, row)))
            .map(|(col, row)| {
                let (x, y) = (0.625 + 3.75 * col as f64, 1.125 + 2.25 * row as f64);
                Rect::new(inches(x) - b, inches(y) - b, inches(3.5) + b * 2.0, inches(2.0) + b * 2.0)
            })
            .collect();
        let mut on_front = pieces(front);
        let mut on_back = pieces(back);
        assert_eq!(on_front.len(), 8, "{name}");
        let key = |r: &Rect| (r.y(), r.x());
        on_front.sort_by_key(key);
        on_back.sort_by_key(key);
        assert_eq!(on_front, expected, "{name}: fronts");
        assert_eq!(on_back, expected, "{name}: backs (the same places)");
        // Duplex, flipped on the long edge: the back of the card in front column c is in
        // back column 1 - c, and flipping the sheet maps one onto the other exactly.
        let sheet_w = inches(8.5);
        let front_groups: Vec<&Rect> =
            front.items.iter().filter_map(|i| if let Item::Group { clip, .. } = i { Some(clip) } else { None }).collect();
        let back_groups: Vec<&Rect> =
            back.items.iter().filter_map(|i| if let Item::Group { clip, .. } = i { Some(clip) } else { None }).collect();
        for (f, k) in front_groups.iter().zip(&back_groups) {
            assert!(approx(sheet_w - k.right(), f.x()) && approx(k.y(), f.y()), "{name}: back {k:?} behind front {f:?}");
        }
        // The back's QR code (on its right) is on the mirrored side: in the PDF, every
        // back card's code lies in the right part of the card it backs.
        let codes = pdf.qr_codes(pdf.pages()[1]);
        assert_eq!(codes.len(), 8, "{name}");
        for c in &codes {
            let x = c.bbox[0];
            let card = expected.iter().find(|r| x >= r.x().to_pt() && x <= r.right().to_pt()).expect("a code on a card");
            assert!(x > card.x().to_pt() + card.w().to_pt() / 2.0, "{name}: code at {x} on the left half of {card:?}");
        }
        // Cut guides on every card's trim lines, in the margins: outside every card and
        // more than 1/4 in from the edge; the same on both sides.
        for sheet in [front, back] {
            let g = guides(sheet);
            assert_eq!(g.len(), 2 * 2 * 2 + 2 * 2 * 4, "{name}");
            for r in &g {
                assert!(expected.iter().all(|c| !c.overlaps(r)), "{name}: guide {r:?} on a card");
                let on_x = [0.625, 4.125, 4.375, 7.875].iter().any(|x| approx(r.x() + r.w() / 2.0, inches(*x)));
                let on_y = (0..4)
                    .flat_map(|row| [1.125 + 2.25 * row as f64, 3.125 + 2.25 * row as f64])
                    .any(|y| approx(r.y() + r.h() / 2.0, inches(y)));
                assert!(on_x || on_y, "{name}: guide {r:?} on no trim line");
            }
            assert!(sheet.items.iter().all(|i| !matches!(i, Item::Marks { .. })), "{name}: no registration colour for the office");
        }
        // The fronts' top margin says how to print the pair (both sides, flipped on the
        // long edge, as the backs are mirrored for) and to cut on the guides: once,
        // above the guides, never read aloud; the backs' sheet says nothing there.
        let note = "double-sided, flipped on the long edge, at actual size";
        let on_page = |n: u32| pdf.doc.extract_text(&[n]).unwrap().matches(note).count();
        assert_eq!((on_page(1), on_page(2)), (1, 0), "{name}");
        assert!(!pdf.tagged_text().contains("flipped"), "{name}: the note is read aloud");
        let guides_top = guides(front).iter().map(|r| r.y()).min().unwrap();
        let line = front
            .items
            .iter()
            .find(|i| matches!(i, Item::Text { .. }) && text_of(i).is_some_and(|t| t.contains("flipped on the long edge")))
            .and_then(|i| awareprint::preflight::text_box(i, &fonts))
            .expect("the note");
        assert!(line.y() >= inches(0.25) && line.bottom() < guides_top, "{name}: the note at {line:?}, the guides from {guides_top}");
        assert_clear_of_the_edge(laid, &fonts);
        assert_white_border(&name, bytes);
        // Every code on the rendered back sheet reads; the fronts have none.
        let read = rendered_codes(bytes);
        assert_eq!(read[0], Vec::<String>::new(), "{name}");
        assert_eq!(read[1], vec!["https://co4kids.org".to_string(); 8], "{name}");
    }
}

#[test]
fn office_stickers_are_centred_on_the_labels_of_an_avery_5164_sheet() {
    let fonts = FontSet::load();
    for (laid, bytes) in office("restroom-sticker") {
        let name = laid.path.display().to_string();
        let pdf = Pdf::parse(bytes);
        assert_eq!(pdf.pages().len(), 1, "{name}: one-sided");
        assert_eq!(pdf.page_box(pdf.pages()[0], "MediaBox"), Some(LETTER), "{name}");
        let sheet = &laid.paper()[0];
        // Six 4 x 3-1/3 in labels, 2 across and 3 down, the first 5/32 in from the left
        // and 1/2 in from the top, 4-3/16 in across and 3-1/3 in down to the next.
        let label = |col: usize, row: usize| {
            Rect::new(inches(0.15625 + 4.1875 * col as f64), inches(0.5) + inches(10.0 / 3.0) * row as f64, inches(4.0), inches(10.0 / 3.0))
        };
        let mut on_sheet = pieces(sheet);
        on_sheet.sort_by_key(|r| (r.y(), r.x()));
        assert_eq!(on_sheet.len(), 6, "{name}");
        for (i, clip) in on_sheet.iter().enumerate() {
            let l = label(i % 2, i / 2);
            // The colour fills the label (and the liner halfway to the next label), but
            // stops 1/4 in from the paper's edge.
            let left = if i % 2 == 0 { inches(0.25) } else { l.x() - inches(0.09375) };
            let right = if i % 2 == 0 { l.right() + inches(0.09375) } else { inches(8.25) };
            assert!(approx(clip.x(), left) && approx(clip.right(), right), "{name}: {clip:?} on label {l:?}");
            assert!(approx(clip.y(), l.y()) && approx(clip.bottom(), l.bottom()), "{name}: {clip:?} on label {l:?}");
        }
        // Each sticker's 4 x 3 in trim centred on its label: its text and code inside.
        for group in sheet.items.iter().filter_map(|i| if let Item::Group { items, .. } = i { Some(items) } else { None }) {
            let drawn: Vec<Rect> = group.iter().filter(|i| !matches!(i, Item::Fill { .. })).flat_map(|i| covered(i, &fonts)).collect();
            let l = (0..6)
                .map(|i| label(i % 2, i / 2))
                .find(|l| drawn.iter().all(|r| l.contains(r)))
                .expect("a sticker's content on one label");
            let trim = Rect::new(l.x(), l.y() + inches(1.0 / 6.0), inches(4.0), inches(3.0));
            assert!(drawn.iter().all(|r| trim.contains(r)), "{name}: content outside the sticker's trim {trim:?}");
        }
        // Die-cut: no guides to cut on. The top margin says which labels to load, at
        // actual size, above the first row and never read aloud.
        assert!(guides(sheet).is_empty(), "{name}");
        let note = "Print on Avery 5164 / 8164 shipping labels (4 x 3-1/3 in, 6 to a sheet) at actual size";
        assert_eq!(pdf.text().matches(note).count(), 1, "{name}: {}", pdf.text());
        assert!(!pdf.tagged_text().contains("Avery"), "{name}: the note is read aloud");
        let above =
            sheet.items.iter().filter(|i| matches!(i, Item::Text { .. })).filter_map(|i| awareprint::preflight::text_box(i, &fonts));
        assert!(above.filter(|b| b.bottom() < inches(0.5)).all(|b| b.y() >= inches(0.25)), "{name}: the note within 1/4 in of the edge");
        assert_clear_of_the_edge(laid, &fonts);
        assert_white_border(&name, bytes);
        assert_eq!(rendered_codes(bytes), vec![vec!["https://co4kids.org".to_string(); 6]], "{name}");
        assert_eq!(pdf.qr_codes(pdf.pages()[0]).len(), 6, "{name}");
    }
}

#[test]
fn a_sheet_reads_its_piece_once_and_prints_its_version_code_once_in_the_margin() {
    let fonts = FontSet::load();
    for id in ["wallet-card", "restroom-sticker"] {
        for (laid, bytes) in office(id) {
            let name = laid.path.display().to_string();
            let pdf = Pdf::parse(bytes);
            assert_eq!(pdfua_problems(&pdf), Vec::<String>::new(), "{name}");
            assert_eq!(marker_problems(laid.paper()), Vec::<String>::new(), "{name}");
            // Every copy is printed; a screen reader reads one.
            let one = "1-844-CO-4-KIDS";
            let copies = if id == "wallet-card" { 8 } else { 6 };
            assert_eq!(pdf.text().matches(one).count(), copies, "{name}: {}", pdf.text());
            assert_eq!(pdf.tagged_text().matches(one).count(), 1, "{name}: {}", pdf.tagged_text());
            // The version code: printed once, on the sheet of the face that carries it (a
            // card's back), below the pieces in the bottom margin; never read aloud.
            let code = bare(&version(laid));
            let per_page: Vec<usize> =
                (1..=pdf.pages().len() as u32).map(|n| bare(&pdf.doc.extract_text(&[n]).unwrap()).matches(&code).count()).collect();
            let expected: &[usize] = if id == "wallet-card" { &[0, 1] } else { &[1] };
            assert_eq!(per_page, expected, "{name}");
            assert!(!bare(&pdf.tagged_text()).contains(&code), "{name}");
            let sheet = laid.paper().last().unwrap();
            let lowest = pieces(sheet).iter().map(Rect::bottom).max().unwrap();
            let texts: Vec<Rect> = furniture_texts(sheet).iter().flat_map(|t| covered(t, &fonts)).collect();
            assert!(!texts.is_empty(), "{name}");
            // (A label sheet's note on which labels to load is in the top margin.)
            let highest = pieces(sheet).iter().map(Rect::y).min().unwrap();
            for t in texts.into_iter().filter(|t| !(id == "restroom-sticker" && t.bottom() <= highest && t.y() >= inches(0.25))) {
                assert!(t.y() > lowest && t.bottom() <= sheet.trim.h - inches(0.25), "{name}: {t:?} not in the bottom margin");
                assert!(pieces(sheet).iter().all(|p| !p.overlaps(&t)) && guides(sheet).iter().all(|g| !g.overlaps(&t)), "{name}: {t:?}");
            }
        }
    }
}

/// The texts of a sheet's own furniture (outside every piece).
fn furniture_texts(page: &Page) -> Vec<Item> {
    page.items.iter().filter(|i| matches!(i, Item::Text { .. })).cloned().collect()
}

#[test]
fn on_a_press_pdf_the_version_code_prints_in_the_slug_outside_the_bleed_clear_of_the_crop_marks() {
    let fonts = FontSet::load();
    let press = statewide_and_boulder_laid(Profile::Press);
    let mut seen = 0;
    for (laid, bytes) in press.iter().filter(|(l, _)| l.kind.trim.is_some()) {
        let name = laid.path.display().to_string();
        let code = bare(&version(laid));
        // Not on the face: no piece as laid out prints it.
        let on_faces: String = laid.pages.iter().flat_map(|p| p.items.iter()).filter_map(text_of).collect();
        assert!(!bare(&on_faces).contains(&code), "{name}: on the face");
        // In the frames: below the bleed, inside the media box, clear of the marks.
        let face = laid.paper().last().unwrap();
        let (b, s) = (face.bleed, face.slug);
        let media = Rect::new(-b - s, -b - s, face.trim.w + (b + s) * 2.0, face.trim.h + (b + s) * 2.0);
        let marks: Vec<Rect> =
            face.items.iter().filter_map(|i| if let Item::Marks { rects } = i { Some(rects.clone()) } else { None }).flatten().collect();
        let texts: Vec<Rect> = face
            .items
            .iter()
            .skip_while(|i| !matches!(i, Item::Furniture))
            .filter(|i| matches!(i, Item::Text { .. }))
            .flat_map(|i| covered(i, &fonts))
            .collect();
        assert!(!texts.is_empty(), "{name}");
        for t in &texts {
            assert!(t.y() >= face.trim.h + b && media.contains(t), "{name}: {t:?} not in the slug of {media:?}");
            assert!(marks.iter().all(|m| !m.overlaps(t)), "{name}: {t:?} on a crop mark");
        }
        // In the PDF: the text drawn outside the BleedBox spells the code, the text
        // inside the TrimBox does not; all of it inside the MediaBox.
        let pdf = Pdf::parse(bytes);
        let page = *pdf.pages().last().unwrap();
        let [tx0, ty0, tx1, ty1] = pdf.page_box(page, "TrimBox").unwrap();
        let [bx0, by0, bx1, by1] = pdf.page_box(page, "BleedBox").unwrap();
        let [mx0, my0, mx1, my1] = pdf.page_box(page, "MediaBox").unwrap();
        let outside = pdf.text_where(page, |x, y, size| {
            (y + size < by0 || y > by1 || x > bx1 || x < bx0) && x >= mx0 && x < mx1 && y - size * 0.3 > my0 && y + size < my1
        });
        let inside = pdf.text_where(page, |x, y, _| x >= tx0 && x <= tx1 && y >= ty0 && y <= ty1);
        assert!(bare(&outside).contains(&code), "{name}: outside the bleed: {outside}");
        assert!(!bare(&inside).contains(&code), "{name}: inside the trim: {inside}");
        assert!(bare(&pdf.text()).contains(&code), "{name}: extractable");
        seen += 1;
    }
    assert!(seen >= 8, "{seen} cards and stickers");
}

fn text_of(item: &Item) -> Option<String> {
    if let Item::Text { glyphs, .. } = item { Some(glyphs.iter().map(|g| g.text.as_str()).collect()) } else { None }
}
