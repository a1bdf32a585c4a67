//! Print runs and the paper they print on: the output intent a print shop asks for
//! (its ICC profile, named in the run file, embedded byte for byte as every press
//! PDF's PDF/X output intent; the manifest says which; a bad profile is an error at
//! its line, and nothing is written), and a run for the office (cards and stickers on
//! their office sheets).

use crate::common::*;
use crate::tagging::pdfua_problems;
use std::path::Path;

/// A scratch folder with the shipped materials, a run file `runs/NAME.yaml` with
/// `head` above a few items, and the shop's profile at `runs/shop/test-gracol.icc`.
fn run_with(name: &str, head: &str) -> (Scratch, Vec<u8>) {
    let dir = Scratch::with_materials(&format!("intent-{name}"));
    let profile = cmyk_output_profile("Test GRACoL-like coated, made by awareprint's tests");
    std::fs::create_dir_all(dir.join("materials/runs/shop")).unwrap();
    std::fs::write(dir.join("materials/runs/shop/test-gracol.icc"), &profile).unwrap();
    let items = "items:\n  - material: wallet-card\n    editions: [boulder]\n    languages: [en]\n    quantity: 100\n  - material: poster\n    languages: [es]\n    quantity: 2\n  - material: restroom-sticker\n    languages: [en]\n    quantity: 13\n";
    std::fs::write(dir.join(format!("materials/runs/{name}.yaml")), format!("{head}{items}")).unwrap();
    (dir, profile)
}

fn manifest(dir: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(format!("output/runs/{name}/manifest.json"))).unwrap()).unwrap()
}

/// The output intent of a PDF: its dictionary and the profile's bytes.
fn intent_of(pdf: &Pdf) -> (lopdf::Dictionary, Vec<u8>) {
    let intents = pdf.doc.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap().clone();
    assert_eq!(intents.len(), 1);
    let intent = intents[0].as_dict().unwrap().clone();
    let profile = pdf.doc.get_object(intent.get(b"DestOutputProfile").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    (intent.clone(), profile.decompressed_content().unwrap())
}

fn field(d: &lopdf::Dictionary, key: &str) -> Option<String> {
    d.get(key.as_bytes()).ok().and_then(decode_text_string)
}

#[test]
fn a_run_embeds_the_shops_profile_as_the_output_intent_of_every_press_pdf_and_says_so() {
    let head = "output-intent:\n  profile: shop/test-gracol.icc\n  identifier: CGATS21_CRPC6\n  condition: GRACoL 2013, coated paper (CGATS.21-2 CRPC6)\n";
    let (dir, profile) = run_with("shop", head);
    let o = awareprint(&dir, &["run", "shop", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let m = manifest(&dir, "shop");
    let digest = awareprint::printrun::sha256_hex(&profile);
    assert_eq!(m["output_intent"]["identifier"], "CGATS21_CRPC6");
    assert_eq!(m["output_intent"]["condition"], "GRACoL 2013, coated paper (CGATS.21-2 CRPC6)");
    assert_eq!(m["output_intent"]["info"], "Test GRACoL-like coated, made by awareprint's tests");
    assert_eq!(m["output_intent"]["profile"], "shop/test-gracol.icc");
    assert_eq!(m["output_intent"]["sha256"], digest.as_str());
    let files = m["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["boulder/en/wallet-card-8up.pdf", "colorado/es/poster.pdf", "colorado/en/restroom-sticker-10up.pdf"]);
    for f in files {
        assert_eq!(f["output_intent"], "CGATS21_CRPC6", "{f}");
        let pdf = Pdf::parse(&std::fs::read(dir.join("output/runs/shop").join(f["path"].as_str().unwrap())).unwrap());
        let (intent, embedded) = intent_of(&pdf);
        assert!(embedded == profile, "{}: the shop's profile, byte for byte", f["path"]);
        assert_eq!(field(&intent, "OutputConditionIdentifier").as_deref(), Some("CGATS21_CRPC6"));
        assert_eq!(field(&intent, "OutputCondition").as_deref(), Some("GRACoL 2013, coated paper (CGATS.21-2 CRPC6)"));
        assert_eq!(field(&intent, "Info").as_deref(), Some("Test GRACoL-like coated, made by awareprint's tests"));
        assert_eq!(field(&intent, "RegistryName").as_deref(), Some("http://www.color.org"));
        assert_eq!(pdf.info("GTS_PDFXVersion").as_deref(), Some("PDF/X-4"));
        // Imposed sheets are tagged too: each piece read once.
        assert_eq!(pdfua_problems(&pdf), Vec::<String>::new(), "{}", f["path"]);
    }
    let csv = std::fs::read_to_string(dir.join("output/runs/shop/order.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",sha256,output intent"), "{csv}");
    assert!(csv.lines().skip(1).take(3).all(|l| l.ends_with(",CGATS21_CRPC6")), "{csv}");
    // The version code prints on the back sheet's margin, outside every card.
    let cards = Pdf::parse(&std::fs::read(dir.join("output/runs/shop/boulder/en/wallet-card-8up.pdf")).unwrap());
    let revised = awareprint::project::Project::open(&dir.join("materials")).unwrap().identity.revised.clone();
    let code = format!("wallet-card · en · boulder · {revised}");
    assert!(!cards.doc.extract_text(&[1]).unwrap().contains(&code) && cards.doc.extract_text(&[2]).unwrap().contains(&code));
}

#[test]
fn without_an_identifier_the_profile_s_description_names_the_condition() {
    let (dir, profile) = run_with("described", "output-intent:\n  profile: ./shop/test-gracol.icc\n");
    let o = awareprint(&dir, &["run", "described", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let described = "Test GRACoL-like coated, made by awareprint's tests";
    let pdf = Pdf::parse(&std::fs::read(dir.join("output/runs/described/colorado/es/poster.pdf")).unwrap());
    let (intent, embedded) = intent_of(&pdf);
    assert!(embedded == profile);
    for key in ["OutputConditionIdentifier", "OutputCondition", "Info"] {
        assert_eq!(field(&intent, key).as_deref(), Some(described), "{key}");
    }
    assert!(intent.get(b"RegistryName").is_err(), "not a registered condition");
    assert_eq!(manifest(&dir, "described")["output_intent"]["identifier"], described);
}

#[test]
fn without_an_output_intent_a_run_uses_coated_fogra39_and_says_so() {
    let (dir, _) = run_with("default", "");
    let o = awareprint(&dir, &["run", "default", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let m = manifest(&dir, "default");
    assert_eq!(m["output_intent"]["identifier"], "FOGRA39");
    assert_eq!(m["output_intent"]["profile"], "built in: Coated FOGRA39 (Adobe's CoatedFOGRA39.icc)");
    let pdf = Pdf::parse(&std::fs::read(dir.join("output/runs/default/colorado/es/poster.pdf")).unwrap());
    let (intent, embedded) = intent_of(&pdf);
    assert_eq!(field(&intent, "OutputConditionIdentifier").as_deref(), Some("FOGRA39"));
    assert_eq!(&embedded[12..20], b"prtrCMYK");
    assert_eq!(embedded.len(), 654_352, "Adobe's Coated FOGRA39, unchanged");
}

#[test]
fn a_bad_profile_is_an_error_at_its_line_and_nothing_is_written() {
    let good = cmyk_output_profile("fine");
    let with = |at: usize, b: &[u8]| {
        let mut v = good.clone();
        v[at..at + b.len()].copy_from_slice(b);
        v
    };
    let cases: Vec<(&str, Option<Vec<u8>>, String)> = vec![
        ("shop/none.icc", None, "the profile shop/none.icc cannot read: No such file or directory (os error 2)".into()),
        (
            "shop/bad.icc",
            Some(with(12, b"mntrRGB ")),
            "the profile shop/bad.icc is an ICC profile of class `mntr`, not an output profile (`prtr`) for a printer".into(),
        ),
        ("shop/bad.icc", Some(with(16, b"RGB ")), "the profile shop/bad.icc is an output profile for `RGB`, not for CMYK".into()),
        (
            "shop/bad.icc",
            Some(good[..good.len() - 10].to_vec()),
            format!(
                "the profile shop/bad.icc is {} bytes, but its header says {}: the file is cut short or not a profile",
                good.len() - 10,
                good.len()
            ),
        ),
        ("shop/bad.icc", Some(png(4, 4)), format!("the profile shop/bad.icc is {} bytes: too short for an ICC profile", png(4, 4).len())),
        (
            "shop/bad.icc",
            Some(vec![0; (awareprint::pdf::icc::MAX_BYTES + 1) as usize]),
            format!("the profile shop/bad.icc is larger than {} bytes", awareprint::pdf::icc::MAX_BYTES),
        ),
        ("../identity.yaml", None, "`../identity.yaml` is not a path inside the runs folder".into()),
    ];
    for (path, bytes, said) in cases {
        let dir = Scratch::with_materials("intent-bad");
        std::fs::create_dir_all(dir.join("materials/runs/shop")).unwrap();
        if let Some(b) = &bytes {
            std::fs::write(dir.join("materials/runs").join(path), b).unwrap();
        }
        let yaml = format!("output-intent:\n  profile: {path}\nitems:\n  - material: poster\n    quantity: 1\n");
        std::fs::write(dir.join("materials/runs/bad.yaml"), &yaml).unwrap();
        let (code, err) = run(&dir, &["run", "bad"]);
        assert_eq!(code, Some(1), "{path}: {err}");
        let hint = if path.starts_with("..") {
            "give the profile's path relative to this run file, such as `shop/GRACoL2013_CRPC6.icc`"
        } else if said.contains("larger") || said.contains("cannot read") {
            ""
        } else {
            "ask the print shop for its CMYK output profile (an .icc file), such as GRACoL2013_CRPC6.icc"
        };
        let hint = if hint.is_empty() { String::new() } else { format!("hint: {hint}\n") };
        let pad = " ".repeat(11);
        assert_eq!(
            err,
            format!("error: materials/runs/bad.yaml:2:12: output-intent.profile: {said}\n 2 |   profile: {path}\n   | {pad}^\n{hint}"),
            "{path}"
        );
        assert!(!dir.join("output").exists(), "{path}: nothing written");
    }
    // A link out of the runs folder is not followed, whatever it leads to.
    let dir = Scratch::with_materials("intent-link");
    std::os::unix::fs::symlink(dir.join("materials/identity.yaml"), dir.join("materials/runs/shop.icc")).unwrap();
    std::fs::write(
        dir.join("materials/runs/bad.yaml"),
        "output-intent:\n  profile: shop.icc\nitems:\n  - material: poster\n    quantity: 1\n",
    )
    .unwrap();
    let (code, err) = run(&dir, &["run", "bad"]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("error: materials/runs/bad.yaml:2:12: output-intent.profile: the profile shop.icc is a link to a file outside"),
        "{err}"
    );
    assert!(!dir.join("output").exists());
}

#[test]
fn an_office_run_prints_cards_and_stickers_on_their_office_sheets() {
    let (dir, _) = run_with("office", "profile: office\n");
    let o = awareprint(&dir, &["run", "office", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let m = manifest(&dir, "office");
    assert!(m["output_intent"].is_null(), "no PDF/X for the office");
    let files = m["files"].as_array().unwrap();
    let by = |p: &str| files.iter().find(|f| f["path"] == p).unwrap_or_else(|| panic!("{p} in {files:?}"));
    let cards = by("boulder/en/wallet-card-8up.pdf");
    assert_eq!((cards["per_sheet"].as_u64(), cards["sheets"].as_u64(), cards["sheet"].as_str()), (Some(8), Some(13), Some("8.5 x 11 in")));
    assert_eq!((cards["duplex"].as_bool(), cards["flip"].as_str()), (Some(true), Some("long edge")));
    assert!(cards["finishing"].as_str().unwrap().starts_with("cut on the guides"), "{cards}");
    let stickers = by("colorado/en/restroom-sticker-6up.pdf");
    assert_eq!(
        (stickers["per_sheet"].as_u64(), stickers["sheets"].as_u64(), stickers["duplex"].as_bool()),
        (Some(6), Some(3), Some(false))
    );
    assert!(stickers["finishing"].as_str().unwrap().contains("Avery 5164"), "{stickers}");
    for f in files {
        assert!(f["output_intent"].is_null());
        let bytes = std::fs::read(dir.join("output/runs/office").join(f["path"].as_str().unwrap())).unwrap();
        let pdf = Pdf::parse(&bytes);
        assert!(pdf.doc.catalog().unwrap().get(b"OutputIntents").is_err());
        // The same file as `build --profile office` makes.
        assert_eq!(pdfua_problems(&pdf), Vec::<String>::new(), "{}", f["path"]);
    }
    // An office run embeds no output intent: naming one is a mistake.
    std::fs::write(
        dir.join("materials/runs/intent.yaml"),
        "profile: office\noutput-intent:\n  profile: shop/test-gracol.icc\nitems:\n  - material: poster\n    quantity: 1\n",
    )
    .unwrap();
    let (code, err) = run(&dir, &["run", "intent"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: materials/runs/intent.yaml: output-intent: an office run writes no PDF/X, so nothing would embed the shop's profile\nhint: print for the shop with `profile: press` (the default), or leave out `output-intent`\n"
    );
    // One piece per page is for a print shop that imposes: refused for the office.
    std::fs::write(
        dir.join("materials/runs/one.yaml"),
        "profile: office\ncards: 1-up\nitems:\n  - material: wallet-card\n    quantity: 1\n",
    )
    .unwrap();
    let (code, err) = run(&dir, &["run", "one"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: materials/runs/one.yaml: cards: `1-up` is for a print shop that imposes the pieces itself; an office printer cannot use card-size pages\nhint: under `profile: office` wallet cards and stickers print on their office sheet: leave out `cards`\n"
    );
    assert!(!dir.join("output/runs/one").exists());
}
