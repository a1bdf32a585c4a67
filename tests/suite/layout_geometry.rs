//! Geometry of the laid-out frames: nothing crosses a margin or the card's safe
//! area, no two lines overlap, QR quiet zones stay clear, headings never end a page,
//! and fitting picks the largest size that fits.

use crate::common;
use awareprint::build::Laid;
use awareprint::content::Doc;
use awareprint::layout::{Abs, FontSet, Item, Rect};
use awareprint::project::Project;

fn shipped() -> Vec<(Doc, Laid)> {
    let project = Project::open(&common::materials_dir()).unwrap();
    let fonts = FontSet::load();
    project
        .materials
        .iter()
        .map(|(id, path)| {
            let doc = project.resolve(id, path, None).unwrap();
            let laid = awareprint::build::lay_out(&doc, false, &fonts).unwrap();
            (doc, laid)
        })
        .collect()
}

/// The box a line of text covers: its advance width by the ink of its glyphs.
fn text_box(item: &Item, fonts: &FontSet) -> Option<Rect> {
    let Item::Text { origin, font, size, glyphs, .. } = item else {
        return None;
    };
    let f = fonts.get(*font);
    // Ink ends before the space a line broke at.
    let inked = glyphs.len() - glyphs.iter().rev().take_while(|g| g.text.trim().is_empty()).count();
    let width: i64 = glyphs[..inked].iter().map(|g| g.advance as i64).sum();
    let w = f.scale(width, *size);
    let (lo, hi) = glyphs.iter().filter_map(|g| f.ink(g.id)).fold((0i16, 0i16), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)));
    let top = f.scale(hi as i64, *size);
    let bottom = f.scale(-(lo as i64), *size);
    Rect::from_xywh(origin.x, origin.y - top, w, top + bottom)
}

/// The area text and codes must stay in.
fn live_area(doc: &Doc, trim: awareprint::layout::Size) -> Rect {
    // The numbers are the print conventions, written here independently of the
    // kinds table, so that a change there is caught.
    let m = match doc.kind.name {
        "wallet-card" | "restroom-sticker" => Abs::inches(0.125),
        "poster" | "bilingual-poster" | "handout" => Abs::inches(0.5),
        other => panic!("no live area known for kind `{other}`: add it here"),
    };
    Rect::new(m, m, trim.w - m * 2.0, trim.h - m * 2.0)
}

#[test]
fn text_and_codes_stay_inside_the_live_area() {
    let fonts = FontSet::load();
    for (doc, laid) in shipped() {
        for (n, page) in laid.pages.iter().enumerate() {
            let live = live_area(&doc, page.trim);
            for item in &page.items {
                let r = match item {
                    Item::Text { .. } => text_box(item, &fonts).unwrap(),
                    // A code's modules are ink; its quiet zone, blank paper, may reach
                    // into the margin but must survive the cut: inside 1/8 in of the trim.
                    Item::Qr { bounds, rects, .. } => {
                        let safe = Rect::new(
                            Abs::inches(0.125),
                            Abs::inches(0.125),
                            page.trim.w - Abs::inches(0.25),
                            page.trim.h - Abs::inches(0.25),
                        );
                        assert!(safe.contains(bounds), "{} page {}: a quiet zone {:?} reaches the cut", doc.id, n + 1, bounds);
                        let x0 = rects.iter().map(|r| r.x()).min().unwrap();
                        let y0 = rects.iter().map(|r| r.y()).min().unwrap();
                        let x1 = rects.iter().map(|r| r.right()).max().unwrap();
                        let y1 = rects.iter().map(|r| r.bottom()).max().unwrap();
                        Rect::new(x0, y0, x1 - x0, y1 - y0)
                    }
                    _ => continue,
                };
                assert!(live.contains(&r), "{} page {}: {:?} crosses the live area {:?}", doc.id, n + 1, r, live);
            }
        }
    }
}

#[test]
fn no_two_lines_of_text_overlap() {
    let fonts = FontSet::load();
    for (doc, laid) in shipped() {
        for (n, page) in laid.pages.iter().enumerate() {
            let boxes: Vec<Rect> = page.items.iter().filter_map(|i| text_box(i, &fonts)).collect();
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!a.overlaps(b), "{} page {}: text {:?} overlaps {:?}", doc.id, n + 1, a, b);
                }
            }
        }
    }
}

#[test]
fn quiet_zones_are_clear() {
    let fonts = FontSet::load();
    for (doc, laid) in shipped() {
        for page in &laid.pages {
            for item in &page.items {
                let Item::Qr { bounds, rects, .. } = item else { continue };
                for other in &page.items {
                    if let Some(t) = text_box(other, &fonts) {
                        assert!(!t.overlaps(bounds), "{}: text {:?} in the quiet zone {:?}", doc.id, t, bounds);
                    }
                    if let Item::Qr { bounds: b, .. } = other
                        && b != bounds
                    {
                        assert!(!b.overlaps(bounds), "{}: two codes overlap", doc.id);
                    }
                }
                // The quiet zone is 4 modules on every side.
                let module = rects.iter().map(|r| r.h()).min().unwrap();
                let x0 = rects.iter().map(|r| r.x()).min().unwrap();
                let y0 = rects.iter().map(|r| r.y()).min().unwrap();
                assert!((x0 - bounds.x()).approx_eq(module * 4.0) && (y0 - bounds.y()).approx_eq(module * 4.0), "{}", doc.id);
            }
        }
    }
}

#[test]
fn minimum_sizes_hold() {
    for (doc, laid) in shipped() {
        let min = match doc.kind.name {
            "poster" | "bilingual-poster" => 14.0,
            "wallet-card" => 7.0,
            "restroom-sticker" => 8.0,
            "handout" => 11.0,
            other => panic!("no minimum size known for kind `{other}`: add it here"),
        };
        assert!(laid.smallest_body >= Abs::pt(min), "{}: {}", doc.id, laid.smallest_body);
        for page in &laid.pages {
            for item in &page.items {
                if let Item::Text { size, .. } = item {
                    assert!(*size >= Abs::pt(7.0), "{}: text at {}", doc.id, size);
                }
            }
        }
    }
}

#[test]
fn headings_never_end_a_page() {
    // A handout with many short sections, so that page breaks fall near headings.
    let mut yaml = String::from("kind: handout\nauthor: a\nblocks:\n  - call: {contact: co-hotline, label: call}\n  - paragraph: danger\n");
    let mut copy =
        String::from("lang: en-US\ntitle: Test\nsubject: s\nqr-code: QR code\nlogo: Logo\ncall: Call\ndanger: Call {emergency}.\n");
    for i in 0..40 {
        yaml.push_str(&format!("  - heading: h{i}\n  - paragraph: p{i}\n"));
        copy.push_str(&format!("h{i}: Section {i}\np{i}: {}\n", "Words that fill a line or two of the page. ".repeat(1 + i % 4)));
    }
    let project = Project::open(&common::materials_dir()).unwrap();
    let doc = awareprint::project::resolve_text(&yaml, &copy, "en", &project.statewide()).unwrap();
    let fonts = FontSet::load();
    let laid = awareprint::build::lay_out(&doc, false, &fonts).unwrap();
    assert!(laid.pages.len() >= 3);
    let heading_size = Abs::pt(11.5 * 1.45);
    for (n, page) in laid.pages.iter().enumerate() {
        let last = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { origin, size, .. } if origin.y < page.trim.h - Abs::inches(0.75) => Some((origin.y, *size)),
                _ => None,
            })
            .max_by_key(|(y, _)| *y)
            .unwrap();
        assert!(!last.1.approx_eq(heading_size), "page {} ends with a heading", n + 1);
    }
}

#[test]
fn poster_fitting_uses_the_largest_size_that_fits() {
    let project = Project::open(&common::materials_dir()).unwrap();
    let fonts = FontSet::load();
    let mut sizes = Vec::new();
    let structure = std::fs::read_to_string(common::materials_dir().join("poster.yaml")).unwrap();
    // The shipped copy, then with one and two more sentences in its proof line: more
    // copy, never larger type, and smaller in the end (the equal gaps give their room
    // first, down to the grid's floor, then the type shrinks).
    let full = std::fs::read_to_string(common::materials_dir().join("poster.en.yaml")).unwrap();
    let proof = "proof: '{report-if-unsure}'\n";
    assert!(full.contains(proof));
    for more in ["", " {anonymous}", " {anonymous} {routed-to-county}"] {
        let copy = full.replace(proof, &format!("proof: '{{report-if-unsure}}{more}'\n"));
        let doc = awareprint::project::resolve_text(&structure, &copy, "en", &project.statewide()).unwrap();
        match awareprint::build::lay_out(&doc, false, &fonts) {
            Ok(l) => sizes.push(l.smallest_body),
            Err(e) => panic!("{}", e[0]),
        }
    }
    assert!(sizes.len() >= 2, "{sizes:?}");
    assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "more copy, never larger type: {sizes:?}");
    assert!(sizes.last() < sizes.first(), "the most copy, smaller type: {sizes:?}");
    assert!(sizes.iter().all(|s| *s >= Abs::pt(14.0) && *s <= Abs::pt(20.0)));
}
