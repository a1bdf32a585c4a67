//! End to end, in process: build the four shipped materials and check each PDF as a
//! print shop and a phone would.

use crate::common;
use common::*;

fn built(id: &str) -> (&'static awareprint::build::Built, Pdf) {
    let b = shipped().iter().find(|b| b.id == id).unwrap_or_else(|| panic!("material {id} is shipped"));
    let pdf = Pdf::parse(&b.bytes);
    (b, pdf)
}

#[test]
fn every_pdf_carries_the_hotline_digits_and_911() {
    for b in shipped() {
        let text = Pdf::parse(&b.bytes).text();
        assert!(text.contains("1-844-CO-4-KIDS"), "{}: vanity number missing in\n{text}", b.id);
        assert!(text.contains("1-844-264-5437"), "{}: hotline digits missing in\n{text}", b.id);
        assert!(text.contains("911"), "{}: 911 missing", b.id);
    }
}

#[test]
fn the_materials_are_shipped_in_english_and_spanish() {
    let ids: Vec<String> = shipped().iter().map(|b| format!("{} {}", b.id, b.lang)).collect();
    assert_eq!(
        ids,
        [
            "bilingual-poster en-es",
            "parent-handout en",
            "parent-handout es",
            "poster en",
            "poster es",
            "professional-handout en",
            "professional-handout es",
            "restroom-sticker en",
            "restroom-sticker es",
            "wallet-card en",
            "wallet-card es"
        ]
    );
}

#[test]
fn qr_codes_decode_to_the_registry_payloads_and_are_big_enough() {
    let (_, poster) = built("poster");
    let codes = poster.qr_codes(poster.pages()[0]);
    let payloads: Vec<&str> = codes.iter().map(|c| c.payload.as_str()).collect();
    // One call to action, the hotline: in large type, and its code (its page) first;
    // the CyberTipline's second.
    assert_eq!(payloads, ["https://co4kids.org", "https://report.cybertip.org/"]);
    for c in &codes {
        assert!(c.width_pt >= 2.5 * PT_PER_CM, "poster code {} is {:.1} pt wide", c.payload, c.width_pt);
        assert!(c.module_pt >= 0.5 * 72.0 / 25.4, "poster module {:.2} pt", c.module_pt);
    }

    // The office sheets: eight cards, one code on each back; six stickers, one code on each.
    let (_, card) = built("wallet-card");
    let pages = card.pages();
    assert!(card.qr_codes(pages[0]).is_empty(), "no code on the front");
    let back = card.qr_codes(pages[1]);
    assert_eq!(back.len(), 8);
    for c in &back {
        assert_eq!(c.payload, "https://co4kids.org");
        assert!(c.width_pt >= 2.0 * PT_PER_CM - 0.01, "card code is {:.1} pt wide", c.width_pt);
    }

    // The restroom sticker has one code, for the hotline, at least 2 cm across.
    let (_, sticker) = built("restroom-sticker");
    let codes = sticker.qr_codes(sticker.pages()[0]);
    assert_eq!(codes.iter().map(|c| c.payload.as_str()).collect::<Vec<_>>(), ["https://co4kids.org"; 6]);
    assert!(codes.iter().all(|c| c.width_pt >= 2.0 * PT_PER_CM), "sticker code is {:.1} pt wide", codes[0].width_pt);

    // The handouts: the hotline's code first (beside its number in the report panel),
    // at least as large as the CyberTipline's, which follows.
    for id in ["parent-handout", "professional-handout"] {
        let (_, h) = built(id);
        let all: Vec<_> = h.pages().into_iter().flat_map(|p| h.qr_codes(p)).collect();
        let payloads: Vec<&str> = all.iter().map(|c| c.payload.as_str()).collect();
        assert_eq!(payloads, ["https://co4kids.org", "https://report.cybertip.org/"], "{id}");
        assert!(
            all[0].width_pt >= all[1].width_pt - 0.01,
            "{id}: the hotline's code is {:.1} pt, the CyberTipline's {:.1}",
            all[0].width_pt,
            all[1].width_pt
        );
    }
}

#[test]
fn every_qr_code_is_also_a_link() {
    for b in shipped() {
        let pdf = Pdf::parse(&b.bytes);
        for page in pdf.pages() {
            let links = pdf.links(page);
            let codes = pdf.qr_codes(page);
            let linked = codes
                .iter()
                .filter(|code| {
                    let [x0, y0, x1, y1] = code.bbox;
                    links.iter().any(|(uri, r)| {
                        uri == &code.payload && r[0] <= x0 + 0.5 && r[2] >= x1 - 0.5 && r[1] <= y0 + 0.5 && r[3] >= y1 - 0.5
                    })
                })
                .count();
            // On an office sheet the first copy is the piece a reader meets (and clicks);
            // the others are artifacts, without links.
            let expected = if b.kind.office.is_some() { codes.len().min(1) } else { codes.len() };
            assert_eq!(linked, expected, "{}: {} of {} codes are links", b.id, linked, codes.len());
        }
    }
}

#[test]
fn printed_numbers_are_tel_links() {
    let (_, poster) = built("poster");
    let links: Vec<String> = poster.links(poster.pages()[0]).into_iter().map(|l| l.0).collect();
    assert!(links.contains(&"tel:+18442645437".to_string()), "{links:?}");
    assert!(links.contains(&"tel:911".to_string()), "{links:?}");
}

#[test]
fn page_sizes_and_boxes() {
    // For the office, wallet cards and stickers print on US Letter sheets (a fronts
    // and a backs sheet of cards, one sheet of stickers; see sheets.rs).
    let (_, card) = built("wallet-card");
    assert_eq!(card.pages().len(), 2, "fronts and backs");
    let (_, sticker) = built("restroom-sticker");
    assert_eq!(sticker.pages().len(), 1);
    for (id, pdf) in [("wallet-card", &card), ("restroom-sticker", &sticker)] {
        for page in pdf.pages() {
            for b in ["MediaBox", "BleedBox", "TrimBox"] {
                assert_eq!(pdf.page_box(page, b), Some([0.0, 0.0, 612.0, 792.0]), "{id} {b}");
            }
        }
    }
    for id in ["poster", "parent-handout", "professional-handout"] {
        let (_, pdf) = built(id);
        for page in pdf.pages() {
            assert_eq!(pdf.page_box(page, "MediaBox"), Some([0.0, 0.0, 612.0, 792.0]), "{id}");
            assert_eq!(pdf.page_box(page, "TrimBox"), Some([0.0, 0.0, 612.0, 792.0]), "{id}");
            assert_eq!(pdf.page_box(page, "BleedBox"), Some([0.0, 0.0, 612.0, 792.0]), "{id}");
        }
    }
    assert_eq!(built("parent-handout").1.pages().len(), 2);
    assert!(built("professional-handout").1.pages().len() >= 2);
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    for b in shipped() {
        let fonts = Pdf::parse(&b.bytes).fonts();
        assert_eq!(fonts.len(), 2, "{}: regular and bold", b.id);
        for (name, embedded, to_unicode) in fonts {
            let (tag, base) = name.split_once('+').unwrap_or_else(|| panic!("{name} has no subset tag"));
            assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{name}");
            assert!(base.starts_with("AtkinsonHyperlegible"), "{name}");
            assert!(embedded && to_unicode, "{name}");
        }
        // A subset is far smaller than the two full fonts (about 110 KB).
        assert!(b.bytes.len() < 60_000, "{} is {} bytes", b.id, b.bytes.len());
        // Object and cross-reference streams, QR codes as `re` rectangles and fonts
        // without hinting keep a tagged poster with its fonts, XMP, two codes and three
        // pictograms within 17 KB.
        if b.id == "poster" {
            assert!(b.bytes.len() <= 17 * 1024, "the {} poster is {} bytes", b.lang, b.bytes.len());
        }
    }
}

#[test]
fn metadata_and_language() {
    let (_, poster) = built("poster");
    assert_eq!(poster.info("Title").as_deref(), Some("Child trafficking is child abuse. You can help stop it."));
    assert!(poster.info("Author").is_some_and(|a| !a.is_empty()));
    assert!(poster.info("Subject").is_some_and(|s| s.contains("poster")));
    assert_eq!(poster.catalog_string("Lang").as_deref(), Some("en-US"));

    // The XMP packet says what the Info dictionary says, and carries the document id
    // of the trailer and the dates print preflight looks for.
    let catalog = poster.doc.catalog().unwrap();
    let xmp_ref = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = poster.doc.get_object(xmp_ref).unwrap().as_stream().unwrap();
    assert!(stream.dict.get(b"Filter").is_err(), "the packet is readable as it is");
    let xmp = String::from_utf8(stream.content.clone()).unwrap();
    let has = |s: &str| assert!(xmp.contains(s), "{s} not in\n{xmp}");
    // The title and subject as the default text and in the document's language; the
    // author (one name, the Info dictionary's) in that language too.
    has(
        "<rdf:li xml:lang=\"x-default\">Child trafficking is child abuse. You can help stop it.</rdf:li><rdf:li xml:lang=\"en-US\">Child trafficking is child abuse. You can help stop it.</rdf:li>",
    );
    has(&format!("<pdf:Producer>{}</pdf:Producer>", poster.info("Producer").unwrap()));
    has(&format!("<dc:creator><rdf:Seq><rdf:li xml:lang=\"en-US\">{}</rdf:li></rdf:Seq></dc:creator>", poster.info("Author").unwrap()));
    has("<dc:language><rdf:Bag><rdf:li>en-US</rdf:li></rdf:Bag></dc:language>");
    for date in ["CreateDate", "ModifyDate", "MetadataDate"] {
        has(&format!("<xmp:{date}>2026-01-01T00:00:00Z</xmp:{date}>"));
    }
    has("<pdfuaid:part>1</pdfuaid:part>");
    let lopdf::Object::Array(ids) = poster.doc.trailer.get(b"ID").unwrap() else { panic!("an ID array") };
    let lopdf::Object::String(id, _) = &ids[0] else { panic!("an ID string") };
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let uuid = format!("uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]);
    has(&format!("<xmpMM:DocumentID>{uuid}</xmpMM:DocumentID>"));
}

#[test]
fn two_builds_in_one_process_are_byte_identical() {
    let a = shipped();
    let b = build_shipped();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.path, y.path);
        assert!(x.bytes == y.bytes, "{} differs between two builds", x.id);
    }
}

#[test]
fn the_tabloid_poster_is_11_by_17() {
    let project = awareprint::project::Project::open(&materials_dir()).unwrap();
    let sel = project.select(&["poster".to_string()]).unwrap();
    let out = awareprint::build::build_all(&project, &sel, Some(awareprint::model::SizeName::Tabloid), 0);
    assert!(out.problems.is_empty());
    assert_eq!(out.done[0].path, std::path::Path::new("colorado/en/poster-tabloid.pdf"));
    let pdf = Pdf::parse(&out.done[0].bytes);
    assert_eq!(pdf.page_box(pdf.pages()[0], "MediaBox"), Some([0.0, 0.0, 792.0, 1224.0]));
    let codes = pdf.qr_codes(pdf.pages()[0]);
    assert_eq!(codes.len(), 2);
    // Its own grid, not the Letter poster scaled: the hotline's code 2 in wide.
    let hotline = codes.iter().find(|c| c.payload == "https://co4kids.org").expect("the hotline's code");
    assert!(hotline.width_pt >= 2.0 * 72.0 - 0.5, "{:.1} pt", hotline.width_pt);
}
