//! Every material in English and Spanish, a third language from files alone, the
//! bilingual poster, and fitting and glyph coverage per language.

use crate::common;
use common::*;
use std::path::Path;

fn by<'a>(built: &'a [awareprint::build::Built], id: &str, lang: &str) -> &'a awareprint::build::Built {
    built.iter().find(|b| b.id == id && b.lang == lang).unwrap_or_else(|| panic!("{id} in {lang} is built"))
}

#[test]
fn spanish_pdfs_keep_their_accents_numbers_and_codes() {
    let built = shipped();
    let mut all_text = String::new();
    for id in ["poster", "wallet-card", "parent-handout", "professional-handout"] {
        let en = by(built, id, "en");
        let es = by(built, id, "es");
        assert_eq!(es.path, Path::new("colorado/es").join(format!("{id}.pdf")));
        let pdf = Pdf::parse(&es.bytes);
        let text = pdf.text();
        for n in ["1-844-CO-4-KIDS", "1-844-264-5437", "911"] {
            assert!(text.contains(n), "{id} es: {n} missing");
        }
        all_text.push_str(&text);
        // /Lang and a translated title.
        assert_eq!(pdf.catalog_string("Lang").as_deref(), Some("es-US"));
        let en_title = Pdf::parse(&en.bytes).info("Title").unwrap();
        let es_title = pdf.info("Title").unwrap();
        assert_ne!(en_title, es_title, "{id}: the title is translated");
        // The same codes as in English, all decoding.
        let codes = |bytes: &[u8]| {
            let p = Pdf::parse(bytes);
            p.pages().into_iter().flat_map(|pg| p.qr_codes(pg)).map(|c| c.payload).collect::<Vec<_>>()
        };
        assert_eq!(codes(&es.bytes), codes(&en.bytes), "{id}");
        assert!(!codes(&es.bytes).is_empty());
    }
    for c in ['á', 'é', 'í', 'ó', 'ú', 'ñ', '¿'] {
        assert!(all_text.contains(c), "`{c}` missing from the extracted Spanish text");
    }
}

#[test]
fn spanish_fits_at_or_above_each_minimum() {
    for b in shipped().iter().filter(|b| b.lang == "es") {
        let min = match b.kind.name {
            "wallet-card" => 7.0,
            "restroom-sticker" => 8.0,
            "handout" => 11.0,
            _ => 14.0,
        };
        assert!(b.smallest_body >= awareprint::layout::Abs::pt(min), "{} es at {}", b.id, b.smallest_body);
    }
}

#[test]
fn the_bilingual_poster_carries_both_languages() {
    let built = shipped();
    let b = by(built, "bilingual-poster", "en-es");
    assert_eq!(b.path, Path::new("colorado/en-es/bilingual-poster.pdf"));
    let pdf = Pdf::parse(&b.bytes);
    let text: String = pdf.text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Child trafficking is child abuse."), "{text}");
    assert!(text.contains("La trata de menores es abuso infantil."), "{text}");
    assert!(text.contains("How to report") && text.contains("Cómo reportar"), "{text}");
    let codes: Vec<String> = pdf.qr_codes(pdf.pages()[0]).into_iter().map(|c| c.payload).collect();
    // The hotline's code first (on the report panel), the CyberTipline's in the foot.
    assert_eq!(codes, ["https://co4kids.org", "https://report.cybertip.org/"]);
}

#[test]
fn a_third_language_needs_only_files() {
    let dir = Scratch::with_materials("lang-de");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lang-de/poster.de.yaml");
    std::fs::copy(fixture, dir.join("materials/poster.de.yaml")).unwrap();
    let claims = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lang-de/claims.de.yaml");
    std::fs::copy(claims, dir.join("materials/claims.de.yaml")).unwrap();
    // A language without its quotation marks is refused, naming the file to add them to.
    let o = awareprint(&dir, &["build", "--lang", "de", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: materials/identity.yaml: quotes: no quotation marks for `de`"), "{err}");
    let identity = dir.join("materials/identity.yaml");
    let text = std::fs::read_to_string(&identity).unwrap();
    std::fs::write(&identity, text.replace("  es: «»“”", "  es: «»“”\n  de: „“‚‘")).unwrap();
    let o = awareprint(&dir, &["build", "--lang", "de", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = Pdf::parse(&std::fs::read(dir.join("output/colorado/de/poster.pdf")).unwrap());
    assert_eq!(pdf.catalog_string("Lang").as_deref(), Some("de-DE"));
    assert!(pdf.text().contains("Kinderhandel ist Kindesmissbrauch."));
    assert!(pdf.text().contains("für sexuelle Handlungen"), "ü extracts intact");
    // Only the poster has German: nothing else was built for `de`.
    assert_eq!(std::fs::read_dir(dir.join("output/colorado/de")).unwrap().count(), 1);
}

#[test]
fn a_missing_translation_is_an_error_unless_the_material_falls_back() {
    let dir = Scratch::with_materials("lang-fallback");
    let es = dir.join("materials/poster.es.yaml");
    let text = std::fs::read_to_string(&es).unwrap();
    let without: String = text.lines().filter(|l| !l.starts_with("how-to-report:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&es, without).unwrap();
    let o = awareprint(&dir, &["build", "--lang", "es", "-q", "poster"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: materials/poster.yaml:19:13: no es text for `how-to-report` in materials/poster.es.yaml"), "{err}");
    assert!(
        err.contains(
            "hint: translate `how-to-report` in materials/poster.es.yaml, or let the material fall back to English: `fallback: {es: en}`"
        ),
        "{err}"
    );
    assert!(!dir.join("output/colorado/es/poster.pdf").exists());
    // With an explicit fallback, the English heading is used.
    let structure = dir.join("materials/poster.yaml");
    let s = std::fs::read_to_string(&structure).unwrap().replace("size: letter", "size: letter\nfallback: {es: en}");
    std::fs::write(&structure, s).unwrap();
    let o = awareprint(&dir, &["build", "--lang", "es", "-q", "poster"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = Pdf::parse(&std::fs::read(dir.join("output/colorado/es/poster.pdf")).unwrap());
    assert!(pdf.text().contains("How to report"));
}

#[test]
fn overflow_and_glyphs_are_checked_per_language() {
    let dir = Scratch::with_materials("lang-per-lang");
    let es = dir.join("materials/wallet-card.es.yaml");
    let text = std::fs::read_to_string(&es).unwrap();
    let long = "Si eres joven y esto te está pasando a ti, aunque no te veas como víctima, aunque sientas que le debes algo a esa persona y aunque te haya dicho que nadie te va a creer ni a ayudar si cuentas lo que pasa: ";
    let longer = text.replacen("youth: '", &format!("youth: '{long}{long}{long}"), 1);
    std::fs::write(&es, longer).unwrap();
    let o = awareprint(&dir, &["build", "-q", "wallet-card"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    // The translator's file is named, with the key of the text that crosses the edge.
    assert!(err.contains("error: materials/wallet-card.es.yaml:") && err.contains(": youth: "), "{err}");
    assert!(err.contains("the front of the card is") && err.contains("too long at the minimum size 9.0 pt"), "{err}");
    assert!(dir.join("output/colorado/en/wallet-card.pdf").exists(), "English still builds");
    assert!(!dir.join("output/colorado/es/wallet-card.pdf").exists());
    drop(dir);

    let dir = Scratch::with_materials("lang-glyph");
    let es = dir.join("materials/poster.es.yaml");
    let text = std::fs::read_to_string(&es).unwrap().replace("how-to-report: Cómo", "how-to-report: 中 Cómo");
    std::fs::write(&es, text).unwrap();
    let o = awareprint(&dir, &["build", "-q", "poster"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error: materials/poster.es.yaml:13:16: text contains U+4E2D (the font has no glyph for it)"), "{err}");
}
