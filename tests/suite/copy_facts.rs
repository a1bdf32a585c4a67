//! What the printed copy says, checked against the facts (`../shared/facts.md`): the
//! statutes, the hotline's hours and full name, the duty to report, in both languages;
//! and that everything a screen reader says in a Spanish PDF is Spanish, and in a
//! bilingual one each language in its own voice.

use crate::common;
use common::{Pdf, decode_text_string, shipped};

/// The text of a built PDF with every run of spaces (no-break ones too) as one space.
fn text(pdf: &Pdf) -> String {
    pdf.text().replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_statutes_are_cited_correctly_in_both_languages() {
    let built = shipped();
    let pro = |lang: &str| text(&Pdf::parse(&built.iter().find(|b| b.id == "professional-handout" && b.lang == lang).unwrap().bytes));
    let en = pro("en");
    assert!(
        en.contains(
            "C.R.S. 18-3-503: human trafficking for involuntary servitude (labor or services). A class 2 felony when the victim is a minor."
        ),
        "{en}"
    );
    assert!(en.contains("C.R.S. 18-3-504: human trafficking for sexual servitude. A class 2 felony when the victim is a minor."), "{en}");
    assert!(en.contains("(C.R.S. 19-1-103)"), "{en}");
    // 19-1-103 makes them child abuse when the victim is a child (18-3-504 covers adults
    // too), and C.R.S. is explained for readers who do not know it.
    assert!(en.contains("When the victim is a child, both are child abuse under Colorado law (C.R.S. 19-1-103)"), "{en}");
    assert!(en.contains("C.R.S. stands for the Colorado Revised Statutes"), "{en}");
    assert!(!en.contains("18-3-503: human trafficking for sexual"), "the old, wrong citation is gone");
    let es = pro("es");
    assert!(es.contains("C.R.S. 18-3-503: trata de personas para servidumbre involuntaria (trabajo o servicios). Si la víctima es menor de edad, es un delito grave de clase 2."), "{es}");
    assert!(
        es.contains(
            "C.R.S. 18-3-504: trata de personas para servidumbre sexual. Si la víctima es menor de edad, es un delito grave de clase 2."
        ),
        "{es}"
    );
    assert!(!es.contains("18-3-503: trata de personas para servidumbre sexual"));
    assert!(es.contains("Cuando la víctima es menor de edad, ambas son abuso infantil según la ley de Colorado (C.R.S. 19-1-103)"), "{es}");
    assert!(es.contains("C.R.S. son las siglas en inglés de los Estatutos Revisados de Colorado"), "{es}");
}

#[test]
fn the_duty_to_report_is_stated_and_not_replaced_by_a_cybertipline_report() {
    let built = shipped();
    for (lang, duty, not_replaced, hours) in [
        (
            "en",
            "Colorado law (C.R.S. 19-3-304) says that mandated reporters",
            "A report to the CyberTipline does not replace this duty.",
            "no later than 24 hours",
        ),
        (
            "es",
            "Según la ley de Colorado (C.R.S. 19-3-304), los profesionales obligados a reportar",
            "Un reporte a la CyberTipline no reemplaza este deber.",
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
    for b in shipped() {
        let t = text(&Pdf::parse(&b.bytes));
        let (hours, name): (&[&str], &[&str]) = match b.lang.as_str() {
            "en" => (&["24 hours a day, every day"], &["Colorado Child Abuse and Neglect Hotline"]),
            "es" => (&["las 24 horas, todos los días"], &["Línea directa de Colorado para reportar abuso y descuido de menores"]),
            _ => (
                &["24 hours a day, every day", "las 24 horas, todos los días"],
                &["Colorado Child Abuse and Neglect Hotline", "Línea directa de Colorado para reportar abuso y descuido de menores"],
            ),
        };
        for needle in hours.iter().chain(name) {
            assert!(t.contains(needle), "{} ({}): {needle:?} missing", b.id, b.lang);
        }
        for other in
            ["24/7", "day or night", "día o de noche", "negligencia", "Colorado hotline", "Línea de Colorado,", "Línea de Colorado para"]
        {
            assert!(!t.contains(other), "{} ({}): another wording of the hours or name: {other:?}", b.id, b.lang);
        }
    }
}

#[test]
fn labor_trafficking_is_defined_by_coercion_not_by_work() {
    for b in shipped().iter().filter(|b| b.id == "poster" || b.id == "parent-handout") {
        let t = text(&Pdf::parse(&b.bytes));
        assert!(!t.contains("for work and gains something"), "{}: the old definition", b.id);
        let coercion = if b.lang == "es" { "amenazas" } else { "threats" };
        assert!(t.contains(coercion), "{} ({}): the coercion is named", b.id, b.lang);
    }
}

/// The Spanish author every Spanish language file gives.
const AUTOR: &str = "Proyecto de materiales awareprint";

#[test]
fn a_spanish_pdf_says_nothing_in_english_to_a_screen_reader() {
    let built = shipped();
    for b in built.iter().filter(|b| b.lang == "es") {
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
        // Nothing English-only is read from the page: the version code (English
        // material ids) is an artifact.
        let read = pdf.tagged_text();
        assert!(pdf.text().contains(&format!("{} · es ·", b.id)), "{}: the version code is printed", b.id);
        assert!(!read.contains(&format!("{} · es", b.id)), "{}: the version code is read: {read}", b.id);
        // The author, in the document's properties and the XMP, is Spanish, and says so.
        assert_eq!(pdf.info("Author").as_deref(), Some(AUTOR), "{}", b.id);
        let xmp = pdf.xmp();
        let creator = format!("<dc:creator><rdf:Seq><rdf:li xml:lang=\"es-US\">{AUTOR}</rdf:li></rdf:Seq></dc:creator>");
        assert!(xmp.contains(&creator), "{}: {xmp}", b.id);
    }
    // English PDFs keep the structure file's author, in English.
    for b in built.iter().filter(|b| b.lang == "en") {
        let pdf = Pdf::parse(&b.bytes);
        assert_eq!(pdf.info("Author").as_deref(), Some("awareprint materials project"), "{}", b.id);
        assert!(pdf.xmp().contains("<rdf:li xml:lang=\"en-US\">awareprint materials project</rdf:li>"), "{}", b.id);
    }
}

#[test]
fn a_bilingual_pdf_says_each_language_in_its_own_voice() {
    let built = shipped();
    let bilingual: Vec<_> = built.iter().filter(|b| b.lang == "en-es").collect();
    assert!(!bilingual.is_empty());
    for b in bilingual {
        let pdf = Pdf::parse(&b.bytes);
        // Every description is in the language it is tagged with: Spanish under es-US,
        // English under the document's en-US.
        let alts = pdf.alts_with_lang();
        assert!(alts.iter().any(|(_, a, l)| a.starts_with("Código QR: ") && l == "es-US"), "{}: {alts:?}", b.id);
        for (role, alt, lang) in &alts {
            let (not_in, words): (&str, &[&str]) = match lang.as_str() {
                "es-US" => ("Spanish", &["QR code", "Scan ", "Report ", " logo", "Logo:"]),
                "en-US" => ("English", &["Código QR", "Escanee", "Haga ", "Logotipo", "Línea"]),
                other => panic!("{}: {role} {alt:?} in {other}", b.id),
            };
            for w in words {
                assert!(!alt.contains(w), "{}: {role} {alt:?} under {lang} is not {not_in}", b.id);
            }
        }
        // The author in both languages, as the title and the page are; the XMP gives
        // it as one name (it must equal the Info dictionary's) in no single language.
        let both = format!("awareprint materials project / {AUTOR}");
        assert_eq!(pdf.info("Author").as_deref(), Some(both.as_str()), "{}", b.id);
        let xmp = pdf.xmp();
        assert!(xmp.contains(&format!("<dc:creator><rdf:Seq><rdf:li>{both}</rdf:li></rdf:Seq></dc:creator>")), "{xmp}");
        assert!(xmp.contains("<dc:language><rdf:Bag><rdf:li>en-US</rdf:li><rdf:li>es-US</rdf:li></rdf:Bag></dc:language>"), "{xmp}");
    }
}

/// The sentences of a text (split after `.`, `?`, `!` and `:` followed by a space).
fn sentences(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        if matches!(c, '.' | '?' | '!') && chars.get(i + 1).is_none_or(|n| *n == ' ') {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

#[test]
fn every_definition_printed_is_the_registrys_one_wording() {
    let project = awareprint::project::Project::open(&common::materials_dir()).unwrap();
    let claims = project.registry.claims();
    // How a definition starts, per language: any sentence that defines either form.
    let openers: [(&str, &[&str]); 2] = [
        ("en", &["sex trafficking is", "labor trafficking is", "is trafficking", "trafficking when", "trafficking is when"]),
        ("es", &["trata sexual de menores es", "trata laboral de menores es", "es trata ", "trata cuando"]),
    ];
    let mut seen = std::collections::BTreeMap::<(String, &str), usize>::new();
    for b in shipped() {
        let t = text(&Pdf::parse(&b.bytes));
        for (lang, starts) in openers {
            if !b.lang.split('-').any(|l| l == lang) {
                continue;
            }
            let sex = claims.text(lang, "def-sex-trafficking").unwrap().0.replace('\u{a0}', " ");
            let labor = claims.text(lang, "def-labor-trafficking").unwrap().0.replace('\u{a0}', " ");
            for s in sentences(&t) {
                let lower = s.to_lowercase();
                if !starts.iter().any(|p| lower.contains(p)) {
                    continue;
                }
                assert!(
                    s.ends_with(&sex) || s.ends_with(&labor),
                    "{} ({}): a definition in other words:\n  {s}\nthe registry's:\n  {sex}\n  {labor}",
                    b.id,
                    b.lang
                );
                *seen.entry((b.id.clone(), if s.ends_with(&sex) { "sex" } else { "labor" })).or_default() += 1;
            }
        }
    }
    // Both definitions, with the commercial element and the coercion, on the poster and
    // both handouts (in each language).
    for id in ["poster", "parent-handout", "professional-handout"] {
        for form in ["sex", "labor"] {
            assert!(seen.get(&(id.to_string(), form)).copied().unwrap_or(0) >= 2, "{id}: the {form} definition in both languages");
        }
    }
    for (lang, commercial, coercion) in [("en", "in exchange for", "by force"), ("es", "a cambio de", "por la fuerza")] {
        assert!(claims.text(lang, "def-sex-trafficking").unwrap().0.contains(commercial), "{lang}: the commercial element");
        assert!(claims.text(lang, "def-labor-trafficking").unwrap().0.contains(coercion), "{lang}: force");
    }
}

#[test]
fn every_list_of_signs_comes_from_the_registry_and_says_no_single_sign_proves_it() {
    let project = awareprint::project::Project::open(&common::materials_dir()).unwrap();
    let claims = project.registry.claims();
    let mut lists = 0;
    for b in shipped() {
        let structure = std::fs::read_to_string(common::materials_dir().join(format!("{}.yaml", b.id))).unwrap();
        let blocks = structure.lines().filter(|l| l.trim_start().starts_with("- signs:")).count();
        if blocks == 0 {
            continue;
        }
        let pdf = Pdf::parse(&b.bytes);
        let t = text(&pdf);
        let note = claims.text(&b.lang, claims.signs_note()).unwrap().0;
        // Counted in what a reader reads: a sheet of cards prints each card's list
        // eight times, and reads it once.
        let read = pdf.tagged_text().replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(read.matches(note).count(), blocks, "{} ({}): the note after each list of signs", b.id, b.lang);
        lists += blocks;
        // Each sign the structure names is printed in this language's wording, and each
        // rests on at least one source with an address.
        for line in structure.lines().filter(|l| l.trim_start().starts_with("- signs:")) {
            let ids = line.split('[').nth(1).unwrap().trim_end_matches(']');
            for id in ids.split(',').map(str::trim) {
                assert!(claims.sign(id).is_some(), "{id} is a sign");
                let wording = claims.text(&b.lang, id).unwrap().0.replace('\'', "’");
                let first_words: String = wording.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
                assert!(t.contains(&first_words), "{} ({}): {id} printed as {wording:?}", b.id, b.lang);
                assert!(claims.sources_of(id).iter().all(|s| !s.address.is_empty()), "{id}: sources with addresses");
                assert!(!claims.sources_of(id).is_empty(), "{id}: at least one source");
            }
        }
    }
    assert!(lists >= 10, "wallet cards and handouts list signs: {lists}");
    // 27 published signs, each with its sources.
    assert_eq!(claims.sign_ids().count(), 27);
}

/// A material resolved from text against the shipped project (its claims and identity).
fn resolve(structure: &str, copy: &str, lang: &str) -> Result<awareprint::content::Doc, Vec<awareprint::diag::Diagnostic>> {
    let project = awareprint::project::Project::open(&common::materials_dir()).unwrap();
    awareprint::project::resolve_text(structure, copy, lang, &project.statewide())
}

const STICKER: &str = "kind: restroom-sticker\nauthor: a\nblocks:\n- {heading: line}\n- call: {contact: co-hotline, label: hotline-label}\n- call: {contact: emergency, label: danger-label}\n- qr: {contact: co-hotline, caption: qr-hotline}\n";

fn sticker_es(register: &str, danger: &str) -> String {
    format!(
        "lang: es-US\n{register}title: ¿Estás bien?\nsubject: Una calcomanía.\nline: ¿Alguien controla tu celular? No es tu culpa.\nhotline-label: 'Línea directa, las 24 horas, todos los días:'\ndanger-label: '{danger}'\nqr-hotline: Escanea aquí\nqr-code: Código QR\nlogo: Logotipo\n"
    )
}

#[test]
fn the_register_lint_catches_a_mixed_piece() {
    let messages = |r: Result<awareprint::content::Doc, Vec<awareprint::diag::Diagnostic>>| -> String {
        r.err().map(|p| p.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("\n")).unwrap_or_default()
    };
    // All tú: clean.
    assert!(resolve(STICKER, &sticker_es("register: tu\n", "¿Estás en peligro? Llama al"), "es").is_ok());
    // tú with one usted imperative: caught, naming the word and the key.
    let m = messages(resolve(STICKER, &sticker_es("register: tu\n", "¿Peligro ahora? Llame al"), "es"));
    assert!(m.contains("`danger-label` says “llame”, which speaks as `usted`, but this text is in `tu`"), "{m}");
    // Declared usted, but the line speaks as tú: caught at `line`.
    let m = messages(resolve(STICKER, &sticker_es("register: usted\n", "¿Peligro ahora? Llame al"), "es"));
    assert!(m.contains("`line` says “tu”, which speaks as `tu`, but this text is in `usted`"), "{m}");
    // A key declared in the other register is allowed.
    let per_key = "register: {default: usted, line: tu, title: tu, qr-hotline: tu}\n";
    assert!(resolve(STICKER, &sticker_es(per_key, "¿Peligro ahora? Llame al"), "es").is_ok());
    // A Spanish file must say which register it is in.
    let m = messages(resolve(STICKER, &sticker_es("", "¿Peligro ahora? Llame al"), "es"));
    assert!(m.contains("the language file needs `register`"), "{m}");
    // A capital or an accent on the form does not hide it.
    let m = messages(resolve(STICKER, &sticker_es("register: usted\n", "¿Peligro? LLAMA AL"), "es"));
    assert!(m.contains("“llama”"), "{m}");
}

#[test]
fn a_statement_typed_into_copy_is_refused_and_a_claim_is_printed_with_its_wording() {
    let structure = "kind: restroom-sticker\nauthor: a\nblocks:\n- {heading: line}\n- call: {contact: co-hotline, label: hotline-label}\n- call: {contact: emergency, label: danger-label}\n- qr: {contact: co-hotline, caption: qr-hotline}\n";
    let copy = |line: &str| {
        format!(
            "lang: en-US\ntitle: A sticker\nsubject: A sticker.\nline: '{line}'\nhotline-label: 'Hotline, 24 hours a day, every day:'\ndanger-label: In danger? Call\nqr-hotline: Scan here\nqr-code: QR code\nlogo: Logo\n"
        )
    };
    for typed in ["It is trafficking when a child works.", "Most traffickers are strangers.", "Trafficking Is everywhere."] {
        let err = resolve(structure, &copy(typed), "en").err().unwrap_or_else(|| panic!("{typed} was accepted"));
        assert!(err.iter().any(|d| d.message.contains("states a fact in words of its own")), "{typed}: {err:?}");
    }
    // The same idea through the registry prints its one wording.
    let doc = resolve(structure, &copy("{trafficking-is-abuse}"), "en").unwrap();
    assert!(format!("{:?}", doc.blocks[0].content).contains("Child trafficking is child abuse."));
    // A claim in a language it has no text in, and a field on a claim, are errors.
    let err = resolve(structure, &copy("{trafficking-is-abuse.name}"), "en").err().unwrap();
    assert!(err.iter().any(|d| d.message.contains("the claim `trafficking-is-abuse` has no fields")), "{err:?}");
}

#[test]
fn hostile_copy_does_not_get_a_statement_a_joined_number_or_a_sign_past_the_checks() {
    let copy = |line: &str| {
        format!(
            "lang: en-US\ntitle: A sticker\nsubject: A sticker.\nline: '{line}'\nhotline-label: 'Hotline, {{hotline-hours}}:'\ndanger-label: In danger? Call\nqr-hotline: Scan here\nqr-code: QR code\nlogo: Logo\n"
        )
    };
    let refused = |line: &str, why: &str| {
        let err = resolve(STICKER, &copy(line), "en").err().unwrap_or_else(|| panic!("{line:?} was accepted"));
        let all: Vec<&str> = err.iter().map(|d| d.message.as_str()).collect();
        assert!(all.iter().any(|m| m.contains(why)), "{line:?}: {all:?}");
    };
    // Two placeholders joined make one longer number.
    refused("Call {co-hotline.digits}{emergency} now.", "another placeholder against a placeholder");
    refused("Call {co-hotline.digits}-{emergency} now.", "another placeholder against a placeholder");
    // Escaped braces do not hide a statement, nor a dotless i, an accent or a
    // fullwidth letter.
    refused("Help is near. {{ Most traffickers are strangers. }}", "states a fact");
    refused("Most traffı\u{307}ckers are strangers.", "states a fact");
    refused("Most ｔｒａｆｆｉｃｋｅｒｓ are strangers.", "states a fact");
    refused("Most  traffickers are strangers.", "states a fact");
    // A sign is printed only in a list of signs, which says no single sign proves it.
    refused("{sign-debt}", "is a sign to watch for");
    // An address behind an accent on its dot, or cut by a space.
    refused("Report at helpkids.\u{301}org today.", "web address typed");
    refused("Report at safekids .org today.", "web address typed");
    // What the checks let through is plain guidance.
    assert!(resolve(STICKER, &copy("Call {co-hotline.digits} or {emergency}."), "en").is_ok());

    // Spanish: a form without its accent, or with a dotless i, is still the other
    // register's.
    for danger in ["¿Peligro? Reportelo al", "¿Peligro? Visı\u{307}te la línea"] {
        let err = resolve(STICKER, &sticker_es("register: tu\n", danger), "es").err().unwrap_or_else(|| panic!("{danger:?}"));
        assert!(err.iter().any(|d| d.message.contains("which speaks as `usted`")), "{danger}: {err:?}");
    }
}

/// A reference to another part of a material names a section the same PDF prints,
/// by its heading, never a page ("on this page" was wrong once the panel moved to
/// page 2): `(see "Where to report")` / `(vea «Dónde reportar»)`.
#[test]
fn cross_references_name_a_heading_the_material_prints_never_a_page() {
    let built = shipped();
    let mut seen = 0;
    for b in built {
        let said = text(&Pdf::parse(&b.bytes));
        for never in ["on this page", "on page ", "en esta página", "en la página "] {
            assert!(!said.contains(never), "{} {}: `{never}` in {said}", b.id, b.lang);
        }
        for (open, close) in [("(see “", "”)"), ("(vea «", "»)")] {
            for (at, _) in said.match_indices(open) {
                let rest = &said[at + open.len()..];
                let heading = &rest[..rest.find(close).unwrap_or_else(|| panic!("{} {}: an unclosed reference", b.id, b.lang))];
                seen += 1;
                // The heading prints elsewhere in the document, not only in the reference.
                assert!(said.matches(heading).count() >= 2, "{} {}: (see {heading}) names no heading it prints", b.id, b.lang);
            }
        }
    }
    assert!(seen >= 2, "the parent handouts' references were not found ({seen})");
}
