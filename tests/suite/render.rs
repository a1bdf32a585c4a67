//! The in-process renderer, checked the way a phone and a reader would: every QR code
//! read off the rendered page (not off the drawn rectangles), colours as the palette
//! says, pages at the size the PDF says, and the `preview` command's files.

use crate::common;
use awareprint::build;
use awareprint::model::Profile;
use awareprint::project::Project;
use awareprint::render::{self, Raster, View};
use common::{Awareprint, Pdf, Scratch, materials_dir, statewide_and_boulder, statewide_and_boulder_built, statewide_and_boulder_plan};

/// Every QR code rqrr reads in the rendered page's pixels within `area` (pixels: x0,
/// y0, x1, y1), as a phone framing that part of the page would.
fn codes_in(page: &Raster, area: [usize; 4]) -> Vec<String> {
    let gray = page.gray();
    let [x0, y0, x1, y1] = [area[0], area[1], area[2].min(page.width), area[3].min(page.height)];
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(x1 - x0, y1 - y0, |x, y| gray[(y0 + y) * page.width + x0 + x]);
    // A grid that does not decode is a false find (letters that look like finder
    // patterns); a real code that failed would be missing against the drawn ones.
    let mut found: Vec<String> = img.detect_grids().iter().filter_map(|g| g.decode().ok()).map(|d| d.1).collect();
    found.sort();
    found
}

#[test]
fn every_qr_code_reads_off_the_rendered_page() {
    let dpi = 150.0;
    for profile in [Profile::Office, Profile::Press] {
        for b in statewide_and_boulder_built(profile) {
            let pdf = Pdf::parse(&b.bytes);
            let pages = render::render(&b.bytes, dpi, View::Trim).unwrap_or_else(|e| panic!("{}: {e}", b.path.display()));
            assert_eq!(pages.len(), pdf.pages().len());
            let mut read = 0;
            for (n, (raster, page)) in pages.iter().zip(pdf.pages()).enumerate() {
                let trim = pdf.page_box(page, "TrimBox").or(pdf.page_box(page, "MediaBox")).unwrap();
                let s = dpi / 72.0;
                let drawn = pdf.qr_codes(page);
                // Each code, framed with a code's width of page around it, reads as what
                // was drawn there.
                for code in &drawn {
                    let [x0, y0, x1, y1] = code.bbox;
                    let m = x1 - x0;
                    let px = |x: f64| (((x - trim[0]) * s).max(0.0)) as usize;
                    let py = |y: f64| (((trim[3] - y) * s).max(0.0)) as usize;
                    let seen = codes_in(raster, [px(x0 - m), py(y1 + m), px(x1 + m), py(y0 - m)]);
                    assert!(
                        seen.contains(&code.payload),
                        "{} ({profile:?}) page {}: {} not read: {seen:?}",
                        b.path.display(),
                        n + 1,
                        code.payload
                    );
                    read += 1;
                }
                // And nothing on the whole page reads as a code that was not drawn.
                for payload in codes_in(raster, [0, 0, raster.width, raster.height]) {
                    assert!(drawn.iter().any(|c| c.payload == payload), "{}: a stray code {payload}", b.path.display());
                }
            }
            assert!(read >= 1, "{}: no code read", b.path.display());
        }
    }
}

#[test]
fn pages_render_at_their_trim_and_sheet_sizes_in_the_palettes_colours() {
    let project = Project::open(&materials_dir()).unwrap();
    let brand = project.identity.palette.brand;
    let expected = render::cmyk_to_rgb(brand.c as f64, brand.m as f64, brand.y as f64, brand.k as f64);
    for b in statewide_and_boulder_built(Profile::Press).iter().filter(|b| b.id == "poster" && b.edition == "colorado") {
        let trim = render::render(&b.bytes, 72.0, View::Trim).unwrap();
        let sheet = render::render(&b.bytes, 72.0, View::Sheet).unwrap();
        // 72 dpi: a pixel a point. Letter's trim; the sheet adds bleed and slug around it.
        assert_eq!((trim[0].width, trim[0].height), (612, 792), "{}", b.path.display());
        assert!(sheet[0].width > 612 + 18 && sheet[0].height > 792 + 18, "{}x{}", sheet[0].width, sheet[0].height);
        // The headline band, in the brand colour, runs to the trim's edge (into the bleed).
        let px = |r: &Raster, x: usize, y: usize| {
            [r.rgb[(y * r.width + x) * 3], r.rgb[(y * r.width + x) * 3 + 1], r.rgb[(y * r.width + x) * 3 + 2]]
        };
        // Sampled above the margin, where the band's white headline never reaches.
        assert_eq!(px(&trim[0], 0, 20), expected, "{}: the band at the trim's left edge", b.path.display());
        assert_eq!(px(&trim[0], 306, 20), expected);
        assert_eq!(px(&trim[0], 611, 20), expected, "{}: the band at the trim's right edge", b.path.display());
        // The paper under the body is white.
        assert_eq!(px(&trim[0], 5, 300), [255, 255, 255]);
    }
}

#[test]
fn something_the_renderer_cannot_draw_is_an_error_not_a_blank_page() {
    // A page that paints a shading (`sh`): awareprint never writes one.
    let bytes = common::one_page_pdf(b"/Sh0 sh".to_vec());
    let err = render::render(&bytes, 72.0, View::Trim).unwrap_err();
    assert_eq!(err.to_string(), "page 1: the page uses `sh`, which the preview does not draw");
    assert!(render::render(b"not a pdf", 72.0, View::Trim).is_err());
}

#[test]
fn preview_writes_a_png_per_page_and_a_sheet_view_for_the_press() {
    let scratch = Scratch::empty("preview");
    let dir = scratch.join("out");
    let run = |args: &[&str]| Awareprint::new(&scratch).args(args).arg("--materials").arg(materials_dir()).arg("--out").arg(&dir).output();
    let o = run(&["preview", "-q", "--dpi", "50", "--profile", "press", "wallet-card"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let en = dir.join("colorado/en");
    let mut names: Vec<String> = std::fs::read_dir(&en).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    assert_eq!(names, ["wallet-card-1-sheet.png", "wallet-card-1.png", "wallet-card-2-sheet.png", "wallet-card-2.png"]);
    // The trim view of a 3.5 x 2 in card at 50 dpi.
    let decoder = png::Decoder::new(std::io::Cursor::new(std::fs::read(en.join("wallet-card-1.png")).unwrap()));
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), (175, 100));
    // No PDF is written; an office preview has no sheet view.
    assert!(!en.join("wallet-card.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
    let o = run(&["preview", "-q", "--dpi", "30", "poster"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.join("colorado/es/poster-1.png").exists() && !dir.join("colorado/es/poster-1-sheet.png").exists());
    // A resolution out of range is a usage error.
    assert_eq!(run(&["preview", "--dpi", "5"]).status.code(), Some(2));
}

#[test]
fn a_county_logo_renders_with_its_transparency() {
    let dir = Scratch::materials_copy("render-logo");
    // Left half opaque red, right half transparent: the white plate shows through.
    let (w, h) = (400u32, 200u32);
    let data: Vec<u8> = (0..w * h).flat_map(|i| if i % w < w / 2 { [200, 30, 30, 255] } else { [0, 0, 255, 0] }).collect();
    let mut bytes = Vec::new();
    let mut enc = png::Encoder::new(&mut bytes, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(&data).unwrap();
    std::fs::write(dir.join("counties/logo.png"), bytes).unwrap();
    let county = dir.join("counties/boulder.yaml");
    let text = std::fs::read_to_string(&county).unwrap() + "logo: logo.png\n";
    std::fs::write(&county, text).unwrap();
    let project = Project::open(&dir).unwrap();
    let (_, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
    let plan = build::Plan {
        editions: vec![project.edition("boulder", path).unwrap()],
        materials: project.select(&["poster".to_string()]).unwrap(),
        copies: project.copies.clone(),
        langs: Some(vec!["en".into()]),
        size: None,
        profile: Profile::Office,
        pairs: None,
        every_variant: false,
    };
    let b = build::build_plan(&plan, 1, build::DEFAULT_EPOCH).done.remove(0);
    let page = &render::render(&b.bytes, 72.0, View::Trim).unwrap()[0];
    let count = |rgb: [u8; 3]| page.rgb.chunks(3).filter(|p| p.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 2)).count();
    // The red half covers about 1,100 square points on a Letter poster at 72 dpi; no blue.
    assert!(count([200, 30, 30]) > 500, "{} red pixels", count([200, 30, 30]));
    assert_eq!(count([0, 0, 255]), 0, "the transparent half shows the plate, not its colour");
}

/// Every `href="..."` and `src="..."` value in an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn a_preview_gallery_links_every_page_and_pdf_and_works_offline() {
    let scratch = Scratch::empty("gallery");
    let dir = scratch.join("out");
    let o = Awareprint::new(&scratch)
        .args(["preview", "-q", "--gallery", "--dpi", "30", "--county", "boulder", "--out"])
        .arg(&dir)
        .arg("--materials")
        .arg(materials_dir())
        .output();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let links = links(&html);
    // Every link is relative and points at a file that is there.
    for l in &links {
        assert!(!l.contains("://") && !l.starts_with('/'), "a link off the disk: {l}");
        let path = l.split('/').fold(dir.clone(), |p, seg| p.join(seg.replace("%20", " ")));
        assert!(path.is_file(), "{l} is not there");
    }
    // Each document of the edition: its PDF, and a thumbnail and full page per page.
    let project = Project::open(&materials_dir()).unwrap();
    let plan = build::Plan {
        editions: vec![statewide_and_boulder(&project).pop().unwrap()],
        ..statewide_and_boulder_plan(&project, Profile::Office)
    };
    let docs = build::build_plan(&plan, 2, build::DEFAULT_EPOCH).done;
    for b in &docs {
        let pdf = b.path.to_string_lossy().to_string();
        assert!(links.contains(&pdf), "no link to {pdf}");
        for n in 1..=b.pages {
            let stem = pdf.trim_end_matches(".pdf");
            assert!(links.contains(&format!("{stem}-{n}.png")) && links.contains(&format!("{stem}-{n}.thumb.png")), "{stem} page {n}");
        }
    }
    assert_eq!(html.matches("<img ").count(), docs.iter().map(|b| b.pages).sum::<usize>());
    // The written PDF is the one a build makes.
    let built = docs.iter().find(|b| b.id == "poster" && b.lang == "en").unwrap();
    assert_eq!(std::fs::read(dir.join("boulder/en/poster.pdf")).unwrap(), built.bytes);
}

/// The largest decompressed stream of each kind in a PDF: (a page's content, a font
/// program, a /ToUnicode map, an image).
fn largest_streams(pdf: &[u8]) -> [usize; 4] {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let len = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(id) => {
            doc.get_object(*id).and_then(|o| o.as_stream()).map_or(0, |s| s.decompressed_content().map_or(s.content.len(), |d| d.len()))
        }
        _ => 0,
    };
    let mut out = [0; 4];
    for page in doc.page_iter() {
        out[0] = out[0].max(doc.get_page_content(page).len());
    }
    for o in doc.objects.values() {
        if let Ok(d) = o.as_dict() {
            if let Ok(f) = d.get(b"FontFile2") {
                out[1] = out[1].max(len(f));
            }
            if let Ok(f) = d.get(b"ToUnicode") {
                out[2] = out[2].max(len(f));
            }
        }
        if let Ok(s) = o.as_stream()
            && s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image".as_slice())
        {
            out[3] = out[3].max(s.decompressed_content().map_or(0, |d| d.len()));
        }
    }
    out
}

/// The limits that keep a hostile PDF from taking the machine are far above what
/// awareprint writes: every document, statewide and Boulder's, office and press, at
/// the lowest resolution (where small text costs the most for its area) and a high
/// one, uses at most an eighth of each; the heaviest, at the highest resolution a
/// preview makes, half. A change that makes the documents heavier fails here, before
/// a user's own PDF is refused.
#[test]
fn awareprint_s_own_documents_stay_far_below_every_limit_of_the_renderer() {
    use awareprint::render::limits::*;
    for profile in [Profile::Office, Profile::Press] {
        for b in statewide_and_boulder_built(profile) {
            let name = b.path.display();
            assert!(b.bytes.len() as u64 * 8 < MAX_FILE_BYTES, "{name}: {} bytes", b.bytes.len());
            let [content, font, map, image] = largest_streams(&b.bytes);
            assert!(content * 8 < MAX_CONTENT_BYTES && font * 8 < MAX_FONT_BYTES && map * 8 < MAX_FONT_BYTES, "{name}");
            assert!(image <= MAX_IMAGE_SIDE * MAX_IMAGE_SIDE * 3, "{name}");
            // Object and cross-reference streams: read within an eighth of the limit.
            let options = lopdf::LoadOptions::with_max_decompressed_size(MAX_STRUCTURE_BYTES / 8);
            assert!(lopdf::Document::load_mem_with_options(&b.bytes, options).is_ok(), "{name}");
            let doc = render::Document::open(&b.bytes).unwrap();
            assert!(doc.len() * 8 <= MAX_PAGES);
            for dpi in [10.0, 150.0] {
                for i in 0..doc.len() {
                    let page = doc.page(i, dpi, View::Sheet).unwrap();
                    let c = page.cost;
                    assert!(page.text.len() * 8 < MAX_TEXT_BYTES, "{name} page {}", i + 1);
                    assert!(c.operations * 8 < MAX_OPERATIONS, "{name} page {}: {c:?}", i + 1);
                    assert!(c.pixels * 8 < c.area * MAX_WORK_PER_AREA + MIN_WORK, "{name} page {} at {dpi} dpi: {c:?}", i + 1);
                    assert!(c.inflated * 8 < MAX_DOCUMENT_BYTES, "{name}: {c:?}");
                }
            }
        }
    }
    // The heaviest document at the highest resolution a preview makes: a press
    // handout (two pages) at 600 dpi, trim and sheet, drawn from one document.
    let handout = statewide_and_boulder_built(Profile::Press).iter().find(|b| b.id == "parent-handout" && b.edition == "boulder").unwrap();
    let doc = render::Document::open(&handout.bytes).unwrap();
    let (mut work, mut area) = (0, 0);
    for view in [View::Trim, View::Sheet] {
        for i in 0..doc.len() {
            let c = doc.page(i, 600.0, view).unwrap().cost;
            assert!(c.pixels * 2 < MAX_PAGE_WORK, "{c:?}");
            (work, area) = (work + c.pixels, area + c.area);
        }
    }
    assert!(work * 2 < MAX_DOCUMENT_WORK && area * 2 < MAX_DOCUMENT_PIXELS, "{work} {area}");
}
