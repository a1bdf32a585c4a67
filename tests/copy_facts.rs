//! What the printed copy says, checked against the facts (`../shared/facts.md`): the
//! statutes, the hotline's hours and full name, the duty to report, in both languages;
//! and that everything a screen reader says in a Spanish PDF is Spanish.

mod common;
use common::{Pdf, build_shipped, decode_text_string};

/// The text of a built PDF with every run of spaces (no-break ones too) as one space.
fn text(pdf: &Pdf) -> String {
    pdf.text().replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_statutes_are_cited_correctly_in_both_languages() {
    let built = build_shipped();
    let pro = |lang: &str| text(&Pdf::parse(&built.iter().find(|b| b.id == "professional-handout" && b.lang == lang).unwrap().bytes));
    let en = pro("en");
    assert!(
        en.contains(
            "C.R.S. 18-3-503: human trafficking for involuntary servitude (labor or services). A class 2 felony when the victim is a minor."
        ),
        "{en}"
    );
    assert!(en.contains("C.R.S. 18-3-504: human trafficking for sexual servitude. Of a minor, a class 2 felony."), "{en}");
    assert!(en.contains("(C.R.S. 19-1-103)"), "{en}");
    assert!(!en.contains("18-3-503: human trafficking for sexual"), "the old, wrong citation is gone");
    let es = pro("es");
    assert!(es.contains("C.R.S. 18-3-503: trata de personas para servidumbre involuntaria (trabajo o servicios). Delito grave clase 2 cuando la víctima es menor de edad."), "{es}");
    assert!(es.contains("C.R.S. 18-3-504: trata de personas para servidumbre sexual. De un menor, delito grave clase 2."), "{es}");
    assert!(!es.contains("18-3-503: trata de personas para servidumbre sexual"));
}

#[test]
fn the_duty_to_report_is_stated_and_not_replaced_by_a_cybertipline_report() {
    let built = build_shipped();
    for (lang, duty, not_replaced, hours) in [
        (
            "en",
            "Under C.R.S. 19-3-304, mandated reporters",
            "A report to the NCMEC CyberTipline does not replace this duty.",
            "no later than 24 hours",
        ),
        (
            "es",
            "Según el C.R.S. 19-3-304, los profesionales obligados a reportar",
            "Un reporte a la CyberTipline del NCMEC no reemplaza este deber.",
            "a más tardar en 24 horas",
        ),
    ] {
        let t = text(&Pdf::parse(&built.iter().find(|b| b.id == "professional-handout" && b.lang == lang).unwrap().bytes));
        for needle in [duty, not_replaced, hours, "C.R.S. 19-3-307"] {
            assert!(t.contains(needle), "{lang}: {needle:?} missing");
        }
    }
}

#[test]
fn every_material_gives_the_hours_one_way_and_the_hotlines_full_name() {
    for b in build_shipped() {
        let t = text(&Pdf::parse(&b.bytes));
        let (hours, name): (&[&str], &[&str]) = match b.lang.as_str() {
            "en" => (&["24 hours a day, every day"], &["Colorado Child Abuse and Neglect Hotline"]),
            "es" => (&["las 24 horas, todos los días"], &["Línea de Colorado para reportar abuso y descuido de menores"]),
            _ => (
                &["24 hours a day, every day", "las 24 horas, todos los días"],
                &["Colorado Child Abuse and Neglect Hotline", "Línea de Colorado para reportar abuso y descuido de menores"],
            ),
        };
        for needle in hours.iter().chain(name) {
            assert!(t.contains(needle), "{} ({}): {needle:?} missing", b.id, b.lang);
        }
        for other in ["24/7", "day or night", "día o de noche", "negligencia"] {
            assert!(!t.contains(other), "{} ({}): another wording of the hours or name: {other:?}", b.id, b.lang);
        }
    }
}

#[test]
fn labor_trafficking_is_defined_by_coercion_not_by_work() {
    for b in build_shipped().iter().filter(|b| b.id == "poster" || b.id == "parent-handout") {
        let t = text(&Pdf::parse(&b.bytes));
        assert!(!t.contains("for work and gains something"), "{}: the old definition", b.id);
        let coercion = if b.lang == "es" { "amenazas" } else { "threats" };
        assert!(t.contains(coercion), "{} ({}): the coercion is named", b.id, b.lang);
    }
}

#[test]
fn a_spanish_pdf_says_nothing_in_english_to_a_screen_reader() {
    for b in build_shipped().iter().filter(|b| b.lang == "es") {
        let pdf = Pdf::parse(&b.bytes);
        let mut spoken = Vec::new();
        for obj in pdf.doc.objects.values() {
            let Ok(d) = obj.as_dict() else { continue };
            for key in [b"Alt".as_slice(), b"Contents".as_slice()] {
                if let Some(s) = d.get(key).ok().and_then(decode_text_string) {
                    spoken.push(s);
                }
            }
        }
        assert!(spoken.iter().any(|s| s.starts_with("Código QR: ")), "{}: {spoken:?}", b.id);
        for s in &spoken {
            for english in ["QR code", "Call ", "Open ", "Text ", " logo"] {
                assert!(!s.contains(english), "{}: `{s}` is English", b.id);
            }
        }
    }
}
