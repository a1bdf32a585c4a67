//! Vector art: path items written as PDF path operators and drawn back by the
//! renderer, every pictogram inked inside its box and nowhere else, and the press
//! sticker's die-cut line (a `CutContour` separation, overprinted, on the trim),
//! which the office sticker does not have.

use crate::common::{self, Pdf};
use awareprint::art::{self, Pictogram};
use awareprint::build;
use awareprint::frame::{Cap, Color, FillRule, Item, Join, Page, Path, Stroke};
use awareprint::layout::FontSet;
use awareprint::model::Profile;
use awareprint::pdf::{Meta, Writer};
use awareprint::project::Project;
use awareprint::render::{self, Raster, View};
use awareprint::units::{Abs, Point, Rect, Size};
use lopdf::Object;

fn pt(v: f64) -> Abs {
    Abs::pt(v)
}

fn write(pages: &[Page], pdfx: bool) -> Vec<u8> {
    let fonts = FontSet::load();
    let pdfx = pdfx.then(awareprint::pdf::icc::OutputIntent::fogra39);
    let meta = Meta { title: "art", author: "tests", subject: "art", lang: "en-US", more_langs: &[], epoch: 0, pdfx };
    Writer::new(&fonts).write(pages, &meta, true)
}

/// The operators of page `n`'s content, in order.
fn operators(pdf: &[u8], n: usize) -> Vec<(String, Vec<Object>)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().get(&(n as u32 + 1)).unwrap();
    let content = doc.get_page_content(page);
    lopdf::content::Content::decode(&content).unwrap().operations.into_iter().map(|o| (o.operator, o.operands)).collect()
}

fn px(r: &Raster, x: usize, y: usize) -> [u8; 3] {
    let i = (y * r.width + x) * 3;
    [r.rgb[i], r.rgb[i + 1], r.rgb[i + 2]]
}

const WHITE: [u8; 3] = [255, 255, 255];

#[test]
fn a_path_item_is_written_as_path_operators_and_drawn_back() {
    let p = |x: f64, y: f64| Point::new(pt(x), pt(y));
    // A filled square, a ring by the even-odd rule (two squares, one inside the
    // other), and a thick stroked line with butt caps.
    let mut square = Path::new();
    square.move_to(p(10.0, 10.0));
    square.line_to(p(40.0, 10.0));
    square.cubic_to(p(40.0, 20.0), p(40.0, 30.0), p(40.0, 40.0));
    square.line_to(p(10.0, 40.0));
    square.close();
    let mut ring = Path::rounded_rect(Rect::new(pt(60.0), pt(10.0), pt(30.0), pt(30.0)), Abs::ZERO);
    ring.segs.extend(Path::rounded_rect(Rect::new(pt(70.0), pt(20.0), pt(10.0), pt(10.0)), Abs::ZERO).segs);
    let mut line = Path::new();
    line.move_to(p(10.0, 70.0));
    line.line_to(p(90.0, 70.0));
    let red = Color::cmyk(0.0, 1.0, 1.0, 0.0);
    let stroke = Stroke { color: Color::BLACK, width: pt(10.0), cap: Cap::Butt, join: Join::Miter };
    let items = vec![
        Item::Path { path: square, fill: Some((red, FillRule::NonZero)), stroke: None },
        Item::Path { path: ring.clone(), fill: Some((red, FillRule::EvenOdd)), stroke: None },
        Item::Path { path: line, fill: None, stroke: Some(stroke) },
    ];
    let pdf = write(&[Page::new(Size::new(pt(100.0), pt(100.0)), Abs::ZERO, items)], false);
    let ops = operators(&pdf, 0);
    let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
    let body = names.iter().skip_while(|o| **o != "m").copied().collect::<Vec<_>>();
    assert_eq!(
        body,
        [
            "m", "l", "c", "l", "h", "f", // the square
            "m", "l", "l", "l", "l", "h", "m", "l", "l", "l", "l", "h", "f*", // the ring
            "K", "w", "J", "j", "m", "l", "S", "EMC" // the line
        ],
        "{names:?}"
    );
    // Drawn as artifacts: no figure is open.
    assert!(names.starts_with(&["BMC", "k"]), "{names:?}");
    // y up in the PDF: the square's first point is at (10, 90); the width is 10 pt.
    let m = ops.iter().find(|(o, _)| o == "m").unwrap();
    assert_eq!(m.1, [Object::Integer(10), Object::Integer(90)]);
    assert!(ops.iter().any(|(o, a)| o == "w" && a == &[Object::Integer(10)]));

    let r = &render::render(&pdf, 72.0, View::Trim).unwrap()[0];
    let ink = render::cmyk_to_rgb(0.0, 1.0, 1.0, 0.0);
    assert_eq!((px(r, 25, 25), px(r, 11, 39)), (ink, ink), "inside the square");
    assert_eq!((px(r, 5, 25), px(r, 45, 25), px(r, 25, 45)), (WHITE, WHITE, WHITE), "outside it");
    assert_eq!((px(r, 62, 25), px(r, 85, 12)), (ink, ink), "the ring");
    assert_eq!(px(r, 75, 25), WHITE, "its hole, by the even-odd rule");
    // The line covers 65..75 down, 10..90 across, butt ends.
    let black = render::cmyk_to_rgb(0.0, 0.0, 0.0, 1.0);
    for y in 65..75 {
        assert_eq!(px(r, 50, y), black, "row {y}");
    }
    assert_eq!((px(r, 50, 63), px(r, 50, 76), px(r, 8, 70), px(r, 91, 70)), (WHITE, WHITE, WHITE, WHITE));

    // The same ring filled by the nonzero rule has no hole (both squares turn the
    // same way), and a round cap reaches past the line's end.
    let round = Stroke { cap: Cap::Round, ..stroke };
    let mut line = Path::new();
    line.move_to(p(20.0, 70.0));
    line.line_to(p(80.0, 70.0));
    let items = vec![
        Item::Path { path: ring, fill: Some((red, FillRule::NonZero)), stroke: None },
        Item::Path { path: line, fill: None, stroke: Some(round) },
    ];
    let pdf = write(&[Page::new(Size::new(pt(100.0), pt(100.0)), Abs::ZERO, items)], false);
    let r = &render::render(&pdf, 72.0, View::Trim).unwrap()[0];
    assert_eq!(px(r, 75, 25), ink);
    assert_eq!((px(r, 17, 70), px(r, 82, 70), px(r, 13, 70)), (black, black, WHITE));
    assert_eq!(px(r, 15, 65), WHITE, "a round cap, not a square one");
}

#[test]
fn a_pictogram_in_a_figure_is_its_content_and_others_are_artifacts() {
    let rect = Rect::new(pt(10.0), pt(10.0), pt(40.0), pt(40.0));
    let mut items = art::pictogram_figure(Pictogram::Eye, rect, Color::BLACK, "an eye");
    items.extend(art::pictogram(Pictogram::Heart, rect.translated(pt(50.0), Abs::ZERO), Color::BLACK));
    let pdf = write(&[Page::new(Size::new(pt(100.0), pt(60.0)), Abs::ZERO, items)], false);
    let ops = operators(&pdf, 0);
    let marks: Vec<String> = ops
        .iter()
        .filter(|(o, _)| o == "BDC" || o == "BMC")
        .map(|(_, a)| String::from_utf8_lossy(a[0].as_name().unwrap()).to_string())
        .collect();
    assert_eq!(marks, ["Figure", "Artifact"]);
    assert!(Pdf::parse(&pdf).alt_texts().contains(&"an eye".to_string()));
}

#[test]
fn every_pictogram_inks_its_box_and_nothing_outside_it() {
    let rect = Rect::new(pt(30.0), pt(20.0), pt(60.0), pt(60.0));
    let pages: Vec<Page> = Pictogram::ALL
        .iter()
        .map(|p| Page::new(Size::new(pt(120.0), pt(100.0)), Abs::ZERO, art::pictogram(*p, rect, Color::BLACK)))
        .collect();
    let pdf = write(&pages, false);
    let rendered = render::render(&pdf, 144.0, View::Trim).unwrap();
    assert_eq!(rendered.len(), Pictogram::ALL.len());
    for (p, r) in Pictogram::ALL.iter().zip(&rendered) {
        // The box at 2 pixels a point: 60..180 across, 40..160 down.
        let (mut inside, mut outside) = (0, 0);
        for y in 0..r.height {
            for x in 0..r.width {
                if px(r, x, y) != WHITE {
                    if (60..180).contains(&x) && (40..160).contains(&y) {
                        inside += 1;
                    } else {
                        outside += 1;
                    }
                }
            }
        }
        // A line drawing: at least a tenth of its box inked, and not all of it.
        assert!(inside > 120 * 120 / 10 && inside < 120 * 120 * 7 / 10, "{p:?}: {inside} pixels inked");
        assert_eq!(outside, 0, "{p:?}");
    }
}

/// The statewide English restroom sticker, built under `profile`.
fn sticker(profile: Profile) -> build::Built {
    let project = Project::open(&common::materials_dir()).unwrap();
    let plan = build::Plan {
        editions: vec![project.statewide()],
        materials: project.select(&["restroom-sticker".to_string()]).unwrap(),
        copies: project.copies.clone(),
        langs: Some(vec!["en".into()]),
        size: None,
        profile,
        pairs: None,
        every_variant: false,
    };
    let out = build::build_plan(&plan, 1, build::DEFAULT_EPOCH);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    out.done.into_iter().find(|b| b.id == "restroom-sticker").unwrap()
}

#[test]
fn the_press_sticker_has_an_overprinted_cutcontour_die_line_on_its_trim_and_the_office_one_none() {
    let press = sticker(Profile::Press);
    let doc = lopdf::Document::load_mem(&press.bytes).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let (inline, ids) = doc.get_page_resources(page).unwrap();
    let res = inline.unwrap_or_else(|| doc.get_dictionary(ids[0]).unwrap());
    let spaces = res.get(b"ColorSpace").unwrap().as_dict().unwrap();
    let cut = spaces.get(b"Cut").unwrap().as_array().unwrap();
    assert_eq!(cut[0].as_name().unwrap(), b"Separation");
    assert_eq!(cut[1].as_name().unwrap(), b"CutContour");
    assert_eq!(cut[2].as_name().unwrap(), b"DeviceCMYK");
    let tint = cut[3].as_dict().unwrap();
    let c1: Vec<f64> = tint.get(b"C1").unwrap().as_array().unwrap().iter().filter_map(common::number).collect();
    assert_eq!(c1, [0.0, 1.0, 0.0, 0.0], "shown as 100 % magenta");
    // The crop marks' registration colour is still there.
    assert!(spaces.has(b"Reg"));
    let gs = res.get(b"ExtGState").unwrap().as_dict().unwrap().get(b"Ovp").unwrap().as_dict().unwrap();
    assert_eq!(gs.get(b"OP").unwrap(), &Object::Boolean(true));
    assert_eq!(gs.get(b"op").unwrap(), &Object::Boolean(true));
    assert_eq!(gs.get(b"OPM").unwrap(), &Object::Integer(1));

    // In the content: q, the overprint, the separation, a thin stroke on the trim, Q;
    // all of it an artifact.
    let ops = operators(&press.bytes, 0);
    let at = ops.iter().position(|(o, a)| o == "gs" && a[0].as_name().unwrap() == b"Ovp").expect("the die line's gs");
    let names: Vec<&str> = ops[at - 1..].iter().map(|(o, _)| o.as_str()).take(6).collect();
    assert_eq!(names, ["q", "gs", "CS", "SCN", "w", "J"]);
    let marked_before = ops[..at].iter().rev().find(|(o, _)| o == "BDC" || o == "BMC" || o == "EMC").unwrap();
    assert_eq!((marked_before.0.as_str(), marked_before.1[0].as_name().unwrap()), ("BMC", b"Artifact".as_slice()));
    let width = common::number(&ops[at + 3].1[0]).unwrap();
    assert!((0.25..=0.5).contains(&width), "{width} pt");
    let stroke_end = at + ops[at..].iter().position(|(o, _)| o == "S").unwrap();
    assert_eq!(ops[stroke_end + 1].0, "Q");
    // Every point of the path lies on the trim box's edges or rounds a corner inside
    // it, within 1/8 in of a corner.
    let trim = Pdf::parse(&press.bytes).page_box(page, "TrimBox").unwrap();
    let mut on_edge = 0;
    for (o, a) in &ops[at..stroke_end] {
        if !matches!(o.as_str(), "m" | "l" | "c") {
            continue;
        }
        for xy in a.chunks(2) {
            let (x, y) = (common::number(&xy[0]).unwrap(), common::number(&xy[1]).unwrap());
            let tol = 0.02;
            assert!(x >= trim[0] - tol && x <= trim[2] + tol && y >= trim[1] - tol && y <= trim[3] + tol, "({x}, {y}) off the trim");
            let edge = [x - trim[0], trim[2] - x, y - trim[1], trim[3] - y].iter().any(|d| d.abs() < tol);
            let corner = (x - trim[0]).min(trim[2] - x) <= 9.0 + tol && (y - trim[1]).min(trim[3] - y) <= 9.0 + tol;
            assert!(edge || corner, "({x}, {y})");
            on_edge += edge as usize;
        }
    }
    assert!(on_edge >= 8, "{on_edge} points on the trim's edges");

    // The preview draws it in its alternate colour, magenta, on the trim's edge.
    let sheet = &render::render(&press.bytes, 144.0, View::Sheet).unwrap()[0];
    let (x, y) = ((trim[0] + trim[2]) / 2.0 * 2.0, (sheet.height as f64) - trim[1] * 2.0);
    let magenta = render::cmyk_to_rgb(0.0, 1.0, 0.0, 0.0);
    // A hairline: a pixel wide, over two rows at part strength, on white paper.
    let near = (y as usize - 2..=y as usize + 1).map(|y| px(sheet, x as usize, y)).collect::<Vec<_>>();
    let pink = |c: &[u8; 3]| (c[1] as i32) < c[0] as i32 - 40 && (c[1] as i32) < c[2] as i32 - 20;
    assert!(magenta[1] < 50 && near.iter().any(pink), "{near:?} at the bottom edge");

    let office = sticker(Profile::Office);
    let doc = lopdf::Document::load_mem(&office.bytes).unwrap();
    let names_cut = |o: &Object| matches!(o, Object::Array(a) if a.get(1).and_then(|n| n.as_name().ok()) == Some(b"CutContour".as_slice()));
    let nested = |o: &Object| match o {
        Object::Dictionary(d) => {
            d.iter().any(|(_, v)| names_cut(v) || matches!(v, Object::Dictionary(d) if d.iter().any(|(_, v)| names_cut(v))))
        }
        o => names_cut(o),
    };
    assert!(lopdf::Document::load_mem(&press.bytes).unwrap().objects.values().any(nested), "the check finds the press one's");
    assert!(!doc.objects.values().any(nested), "no die line in an office PDF");
    for (_, page) in doc.get_pages() {
        let ops = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap().operations;
        assert!(!ops.iter().any(|o| o.operator == "gs" || o.operator == "CS"));
    }
}

#[test]
fn a_hostile_path_is_refused_at_the_renderer_s_limits_not_drawn_for_minutes() {
    use awareprint::render::limits::{MAX_PATH_POINTS, MAX_STROKE_POINTS};
    // More points than a path may have, as lines or as curves (each flattened).
    let mut lines = b"0 0 m\n".to_vec();
    lines.extend(b"1 1 l\n".repeat(MAX_PATH_POINTS));
    lines.extend(b"f\n");
    let err = render::render(&common::one_page_pdf(lines), 72.0, View::Trim).unwrap_err();
    assert_eq!(err.to_string(), format!("page 1: a path has more than {MAX_PATH_POINTS} points, the most the renderer draws"));
    let mut curves = b"0 0 m\n".to_vec();
    curves.extend(b"0 100 100 100 100 0 c\n".repeat(MAX_PATH_POINTS / 64 + 1));
    curves.extend(b"S\n");
    assert!(render::render(&common::one_page_pdf(curves), 600.0, View::Trim).unwrap_err().to_string().contains("a path has more than"));
    // A wide zigzag, round joins at every turn: the stroke's outline is refused.
    let mut zigzag = b"50 w 1 j 0 0 m\n".to_vec();
    for i in 0..MAX_PATH_POINTS / 2 {
        zigzag.extend(format!("{} {} l\n", i % 100, (i % 2) * 100).as_bytes());
    }
    zigzag.extend(b"S\n");
    let err = render::render(&common::one_page_pdf(zigzag), 72.0, View::Trim).unwrap_err();
    assert_eq!(err.to_string(), format!("page 1: a path has more than {MAX_STROKE_POINTS} points, the most the renderer draws"));
    // A path of a few points draws.
    assert!(render::render(&common::one_page_pdf(b"2 w 1 J 10 10 m 90 90 l 10 90 50 50 90 10 c S".to_vec()), 72.0, View::Trim).is_ok());
}

/// Our strokes and fills against poppler's: every pictogram, and the fill rules, drawn
/// by both at 144 dpi and compared in blocks of 2 x 2 pixels, ink against paper.
/// Measured: at most 2.2 % of the inked blocks differ (a pictogram's curved edges),
/// 0.3 % for the joins, caps and fill rules.
#[test]
#[ignore = "needs poppler: run by .ci/run"]
fn pictograms_render_as_poppler_renders_them() {
    let rect = Rect::new(pt(30.0), pt(20.0), pt(60.0), pt(60.0));
    let mut pages: Vec<Page> = Pictogram::ALL
        .iter()
        .map(|p| Page::new(Size::new(pt(120.0), pt(100.0)), Abs::ZERO, art::pictogram(*p, rect, Color::BLACK)))
        .collect();
    // Mitred and bevelled joins, square caps, and an even-odd star.
    let p = |x: f64, y: f64| Point::new(pt(x), pt(y));
    let mut zig = Path::new();
    zig.move_to(p(10.0, 20.0));
    zig.line_to(p(40.0, 80.0));
    zig.line_to(p(60.0, 20.0));
    zig.cubic_to(p(80.0, 20.0), p(100.0, 60.0), p(110.0, 80.0));
    let mut star = Path::new();
    star.move_to(p(60.0, 5.0));
    for (x, y) in [(85.0, 95.0), (10.0, 35.0), (110.0, 35.0), (35.0, 95.0)] {
        star.line_to(p(x, y));
    }
    star.close();
    let s = |cap, join| Some(Stroke { color: Color::BLACK, width: pt(6.0), cap, join });
    let more = vec![
        vec![Item::Path { path: zig.clone(), fill: None, stroke: s(Cap::Square, Join::Miter) }],
        vec![Item::Path { path: zig, fill: None, stroke: s(Cap::Butt, Join::Bevel) }],
        vec![Item::Path { path: star.clone(), fill: Some((Color::BLACK, FillRule::EvenOdd)), stroke: None }],
        vec![Item::Path { path: star, fill: Some((Color::BLACK, FillRule::NonZero)), stroke: s(Cap::Butt, Join::Round) }],
    ];
    pages.extend(more.into_iter().map(|items| Page::new(Size::new(pt(120.0), pt(100.0)), Abs::ZERO, items)));
    let pdf = write(&pages, false);
    let dir = crate::common::Scratch::empty("art-poppler");
    let file = dir.join("art.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let prefix = dir.join("p");
    let status = std::process::Command::new("pdftoppm").args(["-r", "144"]).arg(&file).arg(&prefix).status().unwrap();
    assert!(status.success());
    let ours = render::render(&pdf, 144.0, View::Trim).unwrap();
    for (n, page) in ours.iter().enumerate() {
        let bytes = std::fs::read(format!("{}-{:02}.ppm", prefix.display(), n + 1)).unwrap();
        // "P6\n<w> <h>\n255\n" then three bytes a pixel; as luma, as `Raster::gray`.
        let header: Vec<&[u8]> = bytes.splitn(5, |b| b.is_ascii_whitespace()).collect();
        let (w, h): (usize, usize) =
            (std::str::from_utf8(header[1]).unwrap().parse().unwrap(), std::str::from_utf8(header[2]).unwrap().parse().unwrap());
        assert_eq!((w, h), (page.width, page.height));
        let theirs = Raster { width: w, height: h, rgb: bytes[bytes.len() - w * h * 3..].to_vec() }.gray();
        let theirs = &theirs;
        let gray = page.gray();
        let block = |px: &[u8], bx: usize, by: usize| (0..4).map(|i| px[(by * 2 + i / 2) * w + bx * 2 + i % 2] as u32).sum::<u32>() / 4;
        let (mut inked, mut apart) = (0, 0);
        for by in 0..h / 2 {
            for bx in 0..w / 2 {
                let (a, b) = (block(&gray, bx, by) < 128, block(theirs, bx, by) < 128);
                inked += usize::from(a || b);
                apart += usize::from(a != b);
            }
        }
        assert!(inked > 200, "page {}: {inked} blocks inked", n + 1);
        assert!((apart as f64) < inked as f64 * 0.03, "page {}: {apart} of {inked} inked blocks differ", n + 1);
    }
}

#[test]
fn the_shorthand_curves_draw_as_the_cubics_they_stand_for() {
    let draw = |content: &str| render::render(&common::one_page_pdf(content.as_bytes().to_vec()), 72.0, View::Trim).unwrap().remove(0);
    // `v`: the first control point on the current point; `y`: the second on the end.
    assert_eq!(draw("10 10 m 50 95 90 10 v f"), draw("10 10 m 10 10 50 95 90 10 c f"));
    assert_eq!(draw("10 10 m 50 95 90 10 y h 4 w S"), draw("10 10 m 50 95 90 10 90 10 c h 4 w S"));
    // And neither is a straight line: the curve bulges up to y = 52 or so.
    let curve = draw("10 10 m 50 95 90 10 v f");
    assert_ne!(curve, draw("10 10 m 90 10 l f"));
    assert_ne!(px(&curve, 50, 60), WHITE);
    assert_eq!(px(&curve, 50, 30), WHITE);
}

/// Pictograms in a real document (the press sticker, die line and all: a figure with
/// alternative text and a decorative one), as the validators `.ci/run` installs see
/// it: PDF/UA-1 (PyPI page-validation) and PDF/X-4 (PyPI pdf-oxide).
#[test]
#[ignore = "needs python3 with PyPI pdf-oxide and page-validation: run by .ci/run"]
fn a_press_sticker_with_pictograms_is_pdfx4_and_pdfua1() {
    let project = Project::open(&common::materials_dir()).unwrap();
    let (_, path) = project.materials.iter().find(|(m, _)| m == "restroom-sticker").unwrap();
    let mut doc = project.resolve("restroom-sticker", path, None).unwrap();
    doc.profile = Profile::Press;
    let fonts = FontSet::load();
    let laid = build::lay_out(&doc, false, &fonts).unwrap();
    // The page as it goes on paper (crop marks, the version code in the slug), with
    // the pictograms added.
    let mut pages = laid.paper().to_vec();
    let page = &mut pages[0];
    assert!(page.items.iter().any(|i| matches!(i, Item::DieLine { .. })));
    let at = Rect::new(pt(200.0), pt(150.0), pt(24.0), pt(24.0));
    page.items.extend(art::pictogram_figure(Pictogram::Phone, at, Color::BLACK, "a telephone"));
    page.items.extend(art::pictogram(Pictogram::Heart, at.translated(pt(30.0), Abs::ZERO), Color::BLACK));
    let pdf = Writer::new(&fonts).write(&pages, &laid.meta(0), true);
    let dir = crate::common::Scratch::empty("art-validators");
    let file = dir.join("sticker.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let script = "import sys, pdf_oxide, page\nf = sys.argv[1]\nx = pdf_oxide.PdfDocument(f).validate_pdf_x('4')\nu = page.validate_pdf(f, profile=page.ValidationProfile.PDF_UA_1)\nprint(('ok' if x['valid'] else 'fail') + ' ' + ('ok' if u.is_compliant else 'fail') + ' ' + '; '.join(map(str, x['errors'])) + '; '.join(r.rule_id + ' ' + r.message for r in u.failures))\n";
    let out = std::process::Command::new("python3").args(["-c", script]).arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.starts_with("ok ok"), "{said}");
    assert!(Pdf::parse(&pdf).alt_texts().contains(&"a telephone".to_string()));
}
