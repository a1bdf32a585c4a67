//! County editions and print runs: overlays, the locked fields, every county's name,
//! imposed sheets that scan, a manifest that matches the files, and identical bytes
//! from parallel and serial runs.

use crate::common;
use awareprint::build::{self, Plan};
use awareprint::content::Edition;
use awareprint::model::{CountyFile, parse_yaml};
use awareprint::project::Project;
use common::*;
use std::path::{Path, PathBuf};

fn project() -> Project {
    Project::open(&materials_dir()).unwrap()
}

fn county(yaml: &str) -> Result<Edition, awareprint::diag::Problems> {
    let p = project();
    let file = parse_yaml::<CountyFile>(Path::new("materials/counties/test.yaml"), yaml.to_string())?;
    Edition::county(&file, "test", &p.registry, &p.identity, &p.material_ids())
}

#[test]
fn overlay_adds_local_contacts_where_shown() {
    let e =
        county("name: Test County\ncontacts:\n  - id: test-da\n    name: Test DA\n    phone: 303-441-3700\n    source: test\n    verified: 2026-11-23\nshow:\n  poster: [test-da]\n")
            .unwrap();
    assert_eq!(e.name.as_deref(), Some("Test County"));
    assert!(e.registry.get("co-hotline").is_some(), "statewide channels stay");
    assert_eq!(e.show["poster"][0].phone.as_ref().unwrap().tel_uri(), "tel:+13034413700");
    let p = project();
    let poster = p.materials.iter().find(|(id, _)| id == "poster").unwrap();
    let doc = p.resolve_in(&e, "poster", &poster.1, Some("en"), None).unwrap();
    let calls: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.content {
            awareprint::content::Content::Call(c) => Some(c.label.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(calls.last().map(String::as_str), Some("Test DA:"), "{calls:?}");
    assert_eq!(calls.len(), 3, "two statewide callouts stay: {calls:?}");
    assert_eq!(doc.county_name(), Some("Test County"));
}

#[test]
fn a_county_name_is_checked_and_printed_in_each_language() {
    let e = county("name:\n  en: Test County\n  es: Condado de Test\n").unwrap();
    assert_eq!(e.name.as_deref(), Some("Test County"), "messages name the edition in English");
    let es = &e.names["es"];
    assert_eq!((es.text.as_str(), es.field.as_str(), es.at), ("Condado de Test", "name.es", (3, 7)));
    // Each language's text is held to the limits, pointed at where it is written.
    let first = |yaml: &str| county(yaml).unwrap_err()[0].to_string();
    let err = first("name:\n  en: Test County\n  es: Condado de Test 303-441-3700\n");
    assert!(err.starts_with("error: materials/counties/test.yaml:3:7: number typed into copy"), "{err}");
    let err = first("name:\n  en: Test County\n  es: \"\"\n");
    assert!(err.starts_with("error: materials/counties/test.yaml:3:7: `name` in Spanish (es) is empty"), "{err}");
    let err = first("name:\n  en: Test County\n  EN: Test\n");
    assert!(err.contains("`EN` is not a language code"), "{err}");
    // Each in its language's quotation marks; the Spanish edition prints the Spanish.
    let e = county("name:\n  en: Test \"Big\" County\n  es: Condado \"Grande\" de Test\n").unwrap();
    let p = project();
    let poster = p.materials.iter().find(|(id, _)| id == "poster").unwrap();
    let in_lang = |lang| p.resolve_in(&e, "poster", &poster.1, Some(lang), None).unwrap().county_name().map(str::to_string);
    assert_eq!(in_lang("en").as_deref(), Some("Test “Big” County"));
    assert_eq!(in_lang("es").as_deref(), Some("Condado «Grande» de Test"));
    // A name given once is the English one: the Spanish edition has none to print.
    let e = county("name: Test County\n").unwrap();
    let err = p.resolve_in(&e, "poster", &poster.1, Some("es"), None).unwrap_err();
    assert!(
        err[0].to_string().starts_with("error: materials/counties/test.yaml:1:7: name.es: `name` has no Spanish (es) text"),
        "{}",
        err[0]
    );
}

#[test]
fn locked_fields_are_rejected_with_what_may_change() {
    let p = project();
    let dir = Scratch::empty("locked");
    let path = dir.join("test.yaml");
    std::fs::write(&path, "name: Test County\nblocks:\n  - heading: Hi\n").unwrap();
    let err = p.edition("test", &path).unwrap_err();
    assert!(err[0].message.starts_with("unknown key `blocks`"), "{}", err[0]);
    assert_eq!(
        err[0].hint.as_deref(),
        Some("a county file may set only name, contacts, show, logo, web; layout, statewide channels and copy are locked")
    );
    drop(dir);

    let err = county("name: Test County\ncontacts:\n  - id: co-hotline\n    name: Fake\n    phone: 303-555-0200\n    source: test\n    verified: 2026-11-23\n").unwrap_err();
    assert!(err[0].message.contains("`co-hotline` is a statewide channel; statewide channels are locked"), "{}", err[0]);
    let err = county("name: Test County\nshow:\n  poster: [co-hotline]\n").unwrap_err();
    assert!(err[0].message.contains("not one of this file's `contacts`"), "{}", err[0]);
    let err = county("name: Test County\nshow:\n  flyer: []\n").unwrap_err();
    assert!(err[0].message.contains("`flyer`, which is not a material"), "{}", err[0]);
    let err = county(
        "name: Test County\nweb:\n  url: http://example.org\n  caption: x\n  on: [poster]\n  source: test\n  verified: 2026-11-23\n",
    )
    .unwrap_err();
    assert!(err[0].message.contains("not an https:// address"), "{}", err[0]);
}

#[test]
fn sixty_four_counties_and_only_boulder_has_a_local_number() {
    let p = project();
    assert_eq!(p.counties.len(), 64);
    for (id, path) in &p.counties {
        let e = p.edition(id, path).unwrap();
        let local: Vec<&str> = e.show.values().flatten().map(|c| c.id.as_str()).collect();
        if id == "boulder" {
            assert_eq!(e.name.as_deref(), Some("Boulder County"));
            assert!(local.iter().all(|c| *c == "boulder-da") && local.len() == 5, "on every material: {local:?}");
        } else {
            assert!(local.is_empty(), "{id} has an unverified local contact");
        }
    }
}

#[test]
fn every_county_pdf_carries_its_name_and_every_statewide_number() {
    let p = project();
    let mut problems = Vec::new();
    let editions: Vec<Edition> = p.counties.iter().map(|(id, path)| p.edition(id, path).unwrap_or_else(|e| panic!("{e:?}"))).collect();
    let plan = Plan {
        editions: editions.clone(),
        materials: p.materials.clone(),
        copies: p.copies.clone(),
        langs: Some(vec!["en".into()]),
        size: None,
        profile: Default::default(),
        pairs: None,
        every_variant: false,
    };
    let out = build::build_plan(&plan, build::default_threads(), build::DEFAULT_EPOCH);
    problems.extend(out.problems);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(out.done.len(), 64 * 5);
    for b in &out.done {
        let name = editions.iter().find(|e| e.id == b.edition).unwrap().name.clone().unwrap();
        let text = Pdf::parse(&b.bytes).text();
        // Text extraction joins lines; compare with spaces folded.
        let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(folded.contains(&name), "{}: {} missing", b.path.display(), name);
        for n in ["1-844-CO-4-KIDS", "1-844-264-5437", "911"] {
            assert!(folded.contains(n), "{}: {n} missing", b.path.display());
        }
        // Boulder's DA is on every material with room for a local contact; the
        // restroom sticker has none (it carries the hotline, 911 and one code).
        let local = b.edition == "boulder" && b.kind.name != "restroom-sticker";
        assert_eq!(folded.contains("303-441-3700"), local, "{}", b.path.display());
        if b.id == "poster" {
            assert!(folded.contains("report.cybertip.org"));
        }
    }
}

#[test]
fn every_county_edition_in_spanish_prints_its_spanish_name_and_never_the_english_one() {
    let p = project();
    let editions: Vec<Edition> = p.counties.iter().map(|(id, path)| p.edition(id, path).unwrap_or_else(|e| panic!("{e:?}"))).collect();
    let names = |id: &str| {
        let e = editions.iter().find(|e| e.id == id).unwrap();
        (e.names["en"].text.clone(), e.names["es"].text.clone())
    };
    // Every material in Spanish, and the bilingual poster in its two languages.
    let bilingual = p.select(&["bilingual-poster".to_string()]).unwrap();
    let plan = |materials, langs| Plan {
        editions: editions.clone(),
        materials,
        copies: p.copies.clone(),
        langs,
        size: None,
        profile: Default::default(),
        pairs: None,
        every_variant: false,
    };
    let spanish = build::build_plan(&plan(p.materials.clone(), Some(vec!["es".into()])), build::default_threads(), build::DEFAULT_EPOCH);
    let both = build::build_plan(&plan(bilingual, None), build::default_threads(), build::DEFAULT_EPOCH);
    assert!(spanish.problems.is_empty() && both.problems.is_empty(), "{:?} {:?}", spanish.problems, both.problems);
    assert_eq!((spanish.done.len(), both.done.len()), (64 * 5, 64));
    for b in spanish.done.iter().chain(&both.done) {
        let (en, es) = names(&b.edition);
        assert!(es.starts_with("Condado de ") || es.starts_with("Ciudad y Condado de "), "{}: {es}", b.edition);
        assert!(en.ends_with(" County") || en.starts_with("City and County of "), "{}: {en}", b.edition);
        assert!(en.chars().count() <= 40 && es.chars().count() <= 40, "{}: {en} / {es}", b.edition);
        let folded: String = Pdf::parse(&b.bytes).text().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(folded.contains(&es), "{}: {es} missing", b.path.display());
        if b.lang == "es" {
            assert!(!folded.contains(&en) && !folded.contains(" County"), "{}: an English county name in Spanish", b.path.display());
        } else {
            // The bilingual poster: the English name, then the Spanish under it.
            let (at_en, at_es) = (folded.find(&en), folded.find(&es));
            assert!(at_en.is_some() && at_en < at_es, "{}: {en} then {es}", b.path.display());
        }
    }
}

/// A scratch folder with the shipped materials and a small run file.
fn run_folder(name: &str) -> Scratch {
    let dir = Scratch::with_materials(&format!("run-{name}"));
    std::fs::write(
        dir.join("materials/runs/test.yaml"),
        "items:\n  - material: wallet-card\n    editions: [colorado, boulder]\n    quantity: 95\n  - material: poster\n    editions: [boulder]\n    languages: [es]\n    quantity: 3\n  - material: parent-handout\n    quantity: 7\n",
    )
    .unwrap();
    dir
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() { out.extend(files_under(&p)) } else { out.push(p) }
    }
    out.sort();
    out
}

#[test]
fn a_run_writes_pdfs_a_manifest_that_matches_them_and_an_order_sheet() {
    let dir = run_folder("manifest");
    let o = awareprint(&dir, &["run", "test", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let root = dir.join("output/runs/test");
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(root.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    // Exactly the PDFs written, no more, no fewer.
    let mut listed: Vec<PathBuf> = files.iter().map(|f| root.join(f["path"].as_str().unwrap())).collect();
    listed.sort();
    let written: Vec<PathBuf> = files_under(&root).into_iter().filter(|p| p.extension().is_some_and(|e| e == "pdf")).collect();
    assert_eq!(listed, written);
    for f in files {
        let path = root.join(f["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(f["sha256"].as_str().unwrap(), awareprint::printrun::sha256_hex(&bytes));
        assert_eq!(f["pages"].as_u64().unwrap() as usize, Pdf::parse(&bytes).pages().len());
    }
    let by = |path: &str| files.iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("{path} in manifest"));
    let card = by("boulder/en/wallet-card-8up.pdf");
    assert_eq!((card["quantity"].as_u64(), card["sheets"].as_u64(), card["per_sheet"].as_u64()), (Some(95), Some(12), Some(8)));
    assert_eq!(card["flip"], "long edge");
    assert_eq!(card["trim"], "3.5 x 2 in");
    assert_eq!(card["county"], "boulder");
    assert_eq!(card["language"], "en");
    let poster = by("boulder/es/poster.pdf");
    assert_eq!((poster["sheets"].as_u64(), poster["language"].as_str()), (Some(3), Some("es")));
    assert!(files.iter().all(|f| f["path"] != "boulder/en/poster.pdf"), "only the languages asked for");
    // Every language by default: the cards and the handout in English and Spanish.
    assert!(files.iter().any(|f| f["path"] == "colorado/es/parent-handout.pdf"));
    assert!(files.iter().any(|f| f["path"] == "boulder/es/wallet-card-8up.pdf"));
    let handout = by("colorado/en/parent-handout.pdf");
    assert_eq!((handout["pages"].as_u64(), handout["sheets"].as_u64(), handout["duplex"].as_bool()), (Some(2), Some(7), Some(true)));
    let csv = std::fs::read_to_string(root.join("order.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + files.len() + 1, "{csv}");
    assert!(csv.lines().last().unwrap().starts_with("TOTAL,,,,,,,397,65,"), "{csv}");
}

#[test]
fn imposed_sheets_line_up_and_every_card_scans() {
    let dir = run_folder("impose");
    let o = awareprint(&dir, &["run", "test", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = Pdf::parse(&std::fs::read(dir.join("output/runs/test/boulder/en/wallet-card-8up.pdf")).unwrap());
    let pages = pdf.pages();
    assert_eq!(pages.len(), 2, "front sheet and back sheet");
    for p in &pages {
        assert_eq!(pdf.page_box(*p, "MediaBox"), Some([0.0, 0.0, 612.0, 792.0]));
    }
    let codes = pdf.qr_codes(pages[1]);
    assert_eq!(codes.len(), 8, "eight cards on the back sheet");
    assert!(codes.iter().all(|c| c.payload == "https://co4kids.org"));
    // Each code sits in the right-hand part of its card: columns mirrored on the back.
    let mut xs: Vec<f64> = codes.iter().map(|c| c.bbox[0]).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    assert_eq!(xs.len(), 2, "two columns");
    // The fronts are the statewide ones; the DA's office (its name says the county's)
    // on each back, in the foot slot.
    let text = pdf.doc.extract_text(&[1]).unwrap();
    assert_eq!(text.matches("Boulder County").count(), 0, "no county on the fronts: {text}");
    let back = pdf.doc.extract_text(&[2]).unwrap();
    assert_eq!(back.matches("Boulder County District Attorney").count(), 8, "the DA's office, on eight card backs");
    assert_eq!(back.matches("303-441-3700").count(), 8, "its number, on eight card backs");
}

#[test]
fn restroom_stickers_are_imposed_ten_to_a_tabloid_sheet_and_each_scans() {
    let dir = run_folder("stickers");
    std::fs::write(
        dir.join("materials/runs/stickers.yaml"),
        "items:\n  - material: restroom-sticker\n    editions: [boulder]\n    languages: [es]\n    quantity: 45\n",
    )
    .unwrap();
    let o = awareprint(&dir, &["run", "stickers", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let root = dir.join("output/runs/stickers");
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(root.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let f = &files[0];
    assert_eq!(f["path"], "boulder/es/restroom-sticker-10up.pdf");
    assert_eq!((f["quantity"].as_u64(), f["per_sheet"].as_u64(), f["sheets"].as_u64()), (Some(45), Some(10), Some(5)));
    assert_eq!((f["trim"].as_str(), f["sheet"].as_str(), f["duplex"].as_bool()), (Some("4 x 3 in"), Some("11 x 17 in"), Some(false)));
    let pdf = Pdf::parse(&std::fs::read(root.join("boulder/es/restroom-sticker-10up.pdf")).unwrap());
    let pages = pdf.pages();
    assert_eq!(pages.len(), 1, "one-sided: one sheet");
    assert_eq!(pdf.page_box(pages[0], "MediaBox"), Some([0.0, 0.0, 792.0, 1224.0]));
    let codes = pdf.qr_codes(pages[0]);
    assert_eq!(codes.len(), 10, "ten stickers on the sheet");
    assert!(codes.iter().all(|c| c.payload == "https://co4kids.org"));
    let text = pdf.doc.extract_text(&[1]).unwrap();
    assert_eq!(text.matches("1-844-CO-4-KIDS").count(), 10, "{text}");
    assert_eq!(text.matches("Condado de Boulder").count(), 10, "the county's Spanish name on each");
    assert!(!text.contains("Boulder County"), "never its English name: {text}");
}

#[test]
fn parallel_and_serial_runs_give_identical_bytes() {
    let dir = run_folder("repeat");
    let a = awareprint(&dir, &["run", "test", "-q", "--jobs", "1", "--out", "serial"]);
    let b = awareprint(&dir, &["run", "test", "-q", "--jobs", "2", "--out", "parallel"]);
    assert!(a.status.success() && b.status.success());
    let fa = files_under(&dir.join("serial"));
    let fb = files_under(&dir.join("parallel"));
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(std::fs::read(x).unwrap(), std::fs::read(y).unwrap(), "{} differs", x.display());
    }
}

#[test]
fn new_county_writes_a_starter_that_builds_and_never_overwrites() {
    let dir = run_folder("new-county");
    std::fs::remove_file(dir.join("materials/counties/clear-creek.yaml")).unwrap();
    let o = awareprint(&dir, &["new-county", "Clear Creek"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.join("materials/counties/clear-creek.yaml")).unwrap();
    assert!(text.contains("name:\n  en: \"Clear Creek County\"\n  es: \"Condado de Clear Creek\"\n"), "{text}");
    let o = awareprint(&dir, &["build", "--county", "clear-creek", "-q", "wallet-card"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("output/clear-creek/en/wallet-card.pdf").exists());
    let spanish = Pdf::parse(&std::fs::read(dir.join("output/clear-creek/es/wallet-card.pdf")).unwrap()).text();
    assert!(spanish.contains("Condado de Clear Creek") && !spanish.contains("Clear Creek County"), "{spanish}");
    let o = awareprint(&dir, &["new-county", "Clear Creek"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
}

/// A PNG of `w` x `h` pixels, RGBA, in a checker pattern.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    let data: Vec<u8> =
        (0..w * h).flat_map(|i| if (i % w / 20 + i / w / 20).is_multiple_of(2) { [0, 90, 60, 255] } else { [255, 255, 255, 0] }).collect();
    writer.write_image_data(&data).unwrap();
    drop(writer);
    out
}

#[test]
fn a_county_logo_and_web_page_appear_where_the_county_file_says() {
    let dir = run_folder("logo");
    std::fs::write(dir.join("materials/counties/logo.png"), png(500, 150)).unwrap();
    std::fs::write(
        dir.join("materials/counties/test.yaml"),
        "name: {en: Test County, es: Condado de Test}\nlogo: logo.png\nweb:\n  url: https://www.example.org/test-county\n  caption: Scan for local help\n  on: [professional-handout]\n  source: test\n  verified: 2026-11-23\n",
    )
    .unwrap();
    let o = awareprint(&dir, &["build", "--county", "test", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("warning: materials/counties/test.yaml: logo: the logo prints at"),
        "a 500 px logo about 2 in wide is under 300 ppi"
    );
    let poster = Pdf::parse(&std::fs::read(dir.join("output/test/en/poster.pdf")).unwrap());
    let images: Vec<(i64, i64)> = poster
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image".as_slice()))
        .map(|s| (s.dict.get(b"Width").unwrap().as_i64().unwrap(), s.dict.get(b"Height").unwrap().as_i64().unwrap()))
        .collect();
    assert!(images.contains(&(500, 150)), "{images:?}");
    let codes: Vec<String> = poster.qr_codes(poster.pages()[0]).into_iter().map(|c| c.payload).collect();
    assert_eq!(
        codes,
        ["https://co4kids.org", "https://report.cybertip.org/"],
        "the poster keeps its statewide codes (and gets no web page)"
    );
    let pro = Pdf::parse(&std::fs::read(dir.join("output/test/en/professional-handout.pdf")).unwrap());
    let codes: Vec<String> = pro.pages().into_iter().flat_map(|p| pro.qr_codes(p)).map(|c| c.payload).collect();
    assert!(codes.contains(&"https://www.example.org/test-county".to_string()), "{codes:?}");
    // The handout has no web page: it was not listed in `on`.
    let handout = Pdf::parse(&std::fs::read(dir.join("output/test/en/parent-handout.pdf")).unwrap());
    assert!(handout.pages().into_iter().flat_map(|p| handout.qr_codes(p)).all(|c| c.payload != "https://www.example.org/test-county"));

    std::fs::write(dir.join("materials/counties/bad.yaml"), "name: Bad County\nlogo: ../contacts.yaml\n").unwrap();
    let o = awareprint(&dir, &["build", "--county", "bad", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("`logo` is the name of a PNG file in the counties folder, without a path"));
    std::fs::write(dir.join("materials/counties/bad.yaml"), "name: Bad County\nlogo: fake.png\n").unwrap();
    std::fs::write(dir.join("materials/counties/fake.png"), "not an image").unwrap();
    let o = awareprint(&dir, &["build", "--county", "bad", "-q"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("the logo is not a PNG file"));
}
