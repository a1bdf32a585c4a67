//! Identity and provenance from `materials/identity.yaml`: the version code on every
//! material, the issuer's line and logo, one palette that every colour comes from,
//! and each language's quotation marks.

use crate::common;
use awareprint::build::{self, Built};
use awareprint::layout::{Color, FontSet, Item};
use awareprint::model::Profile;
use awareprint::project::Project;
use common::{Pdf, Scratch, materials_dir, png, statewide_and_boulder_built, statewide_and_boulder_plan};
use std::path::Path;

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every material in every language, statewide and Boulder, from `dir`.
fn build_in(dir: &Path) -> Vec<Built> {
    let project = Project::open(dir).unwrap_or_else(|p| panic!("{p:?}"));
    let out = build::build_plan(&statewide_and_boulder_plan(&project, Profile::Office), 1, build::DEFAULT_EPOCH);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    out.done
}

/// The text of each page, spaces collapsed.
fn page_texts(pdf: &Pdf) -> Vec<String> {
    (1..=pdf.pages().len() as u32)
        .map(|n| pdf.doc.extract_text(&[n]).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The `revised:` date as the identity file writes it, read here without the
/// project's parser.
fn revised(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("identity.yaml")).unwrap();
    let line = text.lines().find_map(|l| l.strip_prefix("revised:")).expect("identity.yaml has `revised:`");
    line.split('#').next().unwrap().trim().to_string()
}

#[test]
fn every_material_prints_its_version_code() {
    let date = revised(&materials_dir());
    let built = statewide_and_boulder_built(Profile::Office);
    assert!(built.len() >= 22, "{} documents", built.len());
    for b in built {
        let code = format!("{} · {} · {} · {date}", b.id, b.lang, b.edition);
        let pages = page_texts(&Pdf::parse(&b.bytes));
        let with_code = pages.iter().filter(|t| t.contains(&code)).count();
        match b.kind.name {
            // A handout prints it in the footer of every page.
            "handout" => assert_eq!(with_code, pages.len(), "{}: `{code}` on every page: {pages:?}", b.path.display()),
            // A card prints it on its back only.
            "wallet-card" => assert!(pages[1].contains(&code) && !pages[0].contains(&code), "{}: {pages:?}", b.path.display()),
            _ => assert_eq!(with_code, 1, "{}: `{code}` once: {pages:?}", b.path.display()),
        }
    }
}

#[test]
fn a_new_revision_date_reaches_every_material() {
    let dir = Scratch::materials_copy("identity-revised");
    let old = revised(&dir);
    // Another valid date: the newest `verified` date in contacts.yaml (a revision
    // cannot predate what it prints), or today (nor lie in the future).
    let contacts = std::fs::read_to_string(dir.join("contacts.yaml")).unwrap();
    let newest = contacts.lines().filter_map(|l| l.trim().strip_prefix("verified: ")).map(str::to_string).max().unwrap();
    let today = awareprint::date::format_date(awareprint::contacts::today_utc());
    let new = if newest != old { newest } else { today };
    assert_ne!(new, old, "a second valid revision date exists");
    edit(&dir, "identity.yaml", &format!("revised: {old}"), &format!("revised: {new}"));
    for b in build_in(&dir) {
        let text = page_texts(&Pdf::parse(&b.bytes)).join(" ");
        assert!(text.contains(&format!("· {new}")) && !text.contains(&format!("· {old}")), "{}: {text}", b.path.display());
    }
}

/// Every colour a laid-out page uses (fills, text, codes), crop marks aside.
fn colours(dir: &Path) -> Vec<(String, Color)> {
    let project = Project::open(dir).unwrap();
    let plan = statewide_and_boulder_plan(&project, Profile::Press);
    let fonts = FontSet::load();
    let mut out = Vec::new();
    for edition in &plan.editions {
        for source in awareprint::project::load_sources(&plan.materials, &plan.copies).unwrap() {
            for lang in source.langs(None) {
                let mut doc = source.resolve(edition, &lang, None).unwrap();
                doc.profile = Profile::Press;
                let laid = build::lay_out(&doc, false, &fonts).unwrap();
                for page in &laid.pages {
                    for item in &page.items {
                        match item {
                            Item::Fill { color, .. } | Item::Text { color, .. } | Item::Qr { color, .. } => {
                                out.push((format!("{} {lang} {}", doc.id, edition.id), *color))
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_colour_comes_from_the_palette() {
    let project = Project::open(&materials_dir()).unwrap();
    let p = project.identity.palette;
    let roles = [p.brand, p.brand_tint, p.ink, p.muted, Color::WHITE];
    let used = colours(&materials_dir());
    assert!(used.len() > 1000, "{} coloured items", used.len());
    for (doc, c) in &used {
        assert!(roles.contains(c), "{doc}: {c:?} is not a palette role");
    }
    // Each role is used somewhere: none is dead weight in the file.
    for role in roles {
        assert!(used.iter().any(|(_, c)| *c == role), "{role:?} is used nowhere");
    }
}

#[test]
fn a_changed_palette_reaches_every_material_and_a_bad_one_is_refused() {
    let dir = Scratch::materials_copy("identity-palette");
    edit(&dir, "identity.yaml", "brand: [90, 30, 45, 35]", "brand: [100, 70, 0, 20]");
    let navy = [1.0, 0.7, 0.0, 0.2];
    let teal = [0.9, 0.3, 0.45, 0.35];
    for b in build_in(&dir) {
        let pdf = Pdf::parse(&b.bytes);
        let fills: Vec<[f64; 4]> = pdf.pages().into_iter().flat_map(|p| pdf.fills(p)).map(|f| f.cmyk).collect();
        let near = |a: &[f64; 4], b: &[f64; 4]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.005);
        assert!(fills.iter().any(|f| near(f, &navy)), "{}: the new brand colour is used", b.path.display());
        assert!(!fills.iter().any(|f| near(f, &teal)), "{}: the old brand colour is gone", b.path.display());
    }
    // Too light for white text: refused at the palette's line, before anything is built.
    edit(&dir, "identity.yaml", "brand: [100, 70, 0, 20]", "brand: [30, 5, 10, 0]");
    let err = Project::open(&dir).err().expect("a pale brand colour is refused");
    let msg = format!("{err:?}");
    assert!(msg.contains("contrast of") && msg.contains("identity.yaml"), "{msg}");
}

#[test]
fn the_issuer_line_and_logo_print_when_the_identity_names_one() {
    let dir = Scratch::materials_copy("identity-issuer");
    std::fs::write(dir.join("agency.png"), png(600, 300)).unwrap();
    edit(
        &dir,
        "identity.yaml",
        "palette:",
        "issuer:\n  name:\n    en: Example Agency for Children\n    es: Agencia de Ejemplo para Menores\n  logo: agency.png\n\npalette:",
    );
    for b in build_in(&dir) {
        let pdf = Pdf::parse(&b.bytes);
        let text = page_texts(&pdf).join(" ");
        let (en, es) = ("Example Agency for Children", "Agencia de Ejemplo para Menores");
        let expected: &[&str] = match b.lang.as_str() {
            "en" => &[en],
            "es" => &[es],
            _ => &[en],
        };
        // Beside the version code, or on the line over it where the two do not fit on one.
        for name in expected {
            assert!(
                text.contains(&format!("{name} · {}", b.id)) || text.contains(&format!("{name} {}", b.id)),
                "{}: the issuer line: {text}",
                b.path.display()
            );
        }
        if b.lang == "en" {
            assert!(!text.contains(es), "{}: English prints the English name", b.path.display());
        }
        // Posters carry the logo, tagged as a figure named after the agency.
        if b.id == "poster" && b.edition == "colorado" {
            let raw = String::from_utf8_lossy(&b.bytes).to_string();
            assert!(raw.contains("/Subtype /Image") || raw.contains("/Subtype/Image"), "{}: the logo is drawn", b.path.display());
            let alt = if b.lang == "es" { "Logotipo: Agencia de Ejemplo" } else { "Logo: Example Agency" };
            assert!(pdf.alt_texts().iter().any(|a| a.starts_with(alt)), "{}: {:?}", b.path.display(), pdf.alt_texts());
        }
    }
}

#[test]
fn straight_quotes_print_as_the_languages_own() {
    let dir = Scratch::materials_copy("identity-quotes");
    edit(&dir, "poster.en.yaml", "it is not your fault. You can call.'", "it is not your fault. \"You can call.\"'");
    edit(&dir, "poster.es.yaml", "no es tu culpa. Puedes llamar.'", "no es tu culpa. \"Puedes llamar.\"'");
    let built = build_in(&dir);
    let text = |id: &str, lang: &str, edition: &str| {
        let b = built.iter().find(|b| b.id == id && b.lang == lang && b.edition == edition).unwrap();
        page_texts(&Pdf::parse(&b.bytes)).join(" ")
    };
    assert!(text("poster", "en", "colorado").contains("fault. “You can call.”"));
    assert!(text("poster", "es", "colorado").contains("culpa. «Puedes llamar.»"));
    // A county's name for its contact, typed with a straight apostrophe.
    let boulder = text("poster", "en", "boulder");
    assert!(boulder.contains("Attorney’s Office") && !boulder.contains("Attorney's"), "{boulder}");
}

#[test]
fn a_language_without_quotation_marks_or_an_identity_file_is_refused() {
    let dir = Scratch::materials_copy("identity-no-identity");
    edit(&dir, "identity.yaml", "  es: «»“”\n", "");
    let msg = format!("{:?}", Project::open(&dir).err().expect("refused"));
    assert!(msg.contains("no quotation marks for `es`"), "{msg}");
    std::fs::remove_file(dir.join("identity.yaml")).unwrap();
    let msg = format!("{:?}", Project::open(&dir).err().expect("refused"));
    assert!(msg.contains("identity.yaml"), "{msg}");
}

#[test]
fn an_issuer_logo_of_any_shape_fits_and_a_blurry_one_is_warned_about() {
    let dir = Scratch::materials_copy("identity-logos");
    edit(&dir, "identity.yaml", "palette:", "issuer:\n  name: Example Agency\n  logo: agency.png\n\npalette:");
    // A long wordmark (8:1) is kept to the poster's width for it; the posters still fit.
    std::fs::write(dir.join("agency.png"), png(4000, 500)).unwrap();
    let built = build_in(&dir);
    assert!(built.iter().all(|b| b.warnings.is_empty()), "{:?}", built.iter().flat_map(|b| &b.warnings).collect::<Vec<_>>());
    // A tiny logo prints, with a warning naming the identity file.
    std::fs::write(dir.join("agency.png"), png(40, 20)).unwrap();
    let built = build_in(&dir);
    let poster = built.iter().find(|b| b.id == "poster" && b.lang == "en" && b.edition == "colorado").unwrap();
    let warning = format!("{:?}", poster.warnings);
    assert!(warning.contains("the issuer's logo prints at") && warning.contains("identity.yaml"), "{warning}");
}

#[test]
fn a_long_edition_id_prints_in_the_whole_version_code_off_the_card() {
    let dir = Scratch::materials_copy("identity-long-id");
    let counties = dir.join("counties");
    std::fs::copy(counties.join("montezuma.yaml"), counties.join("montezuma-county-edition-2027.yaml")).unwrap();
    let project = Project::open(&dir).unwrap_or_else(|p| panic!("{p:?}"));
    let (id, path) = project.counties.iter().find(|(id, _)| id == "montezuma-county-edition-2027").unwrap();
    let edition = project.edition(id, path).unwrap();
    let plan = build::Plan::all_of(&project, vec![edition], Profile::Office);
    let out = build::build_plan(&plan, 1, build::DEFAULT_EPOCH);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let card = out.done.iter().find(|b| b.id == "wallet-card" && b.lang == "en").unwrap();
    let text = page_texts(&Pdf::parse(&card.bytes)).join("\n");
    let revised = &project.identity.revised;
    // Outside the card's trim it has the card's width: one line, in its order.
    let start = format!("wallet-card · en · montezuma-county-edition-2027 · {revised} · ");
    let at = text.find(&start).unwrap_or_else(|| panic!("{text}")) + start.len();
    assert!(text[at..].chars().take(4).all(|c| c.is_ascii_hexdigit()), "{text}");
}
