//! The templates leave room for every county option they accept: a county file at the
//! limits (the longest name, a very wide or very tall logo, a long contact name on every
//! material, a web page on the handouts) builds in every language, and what a poster
//! has no room for is refused before anything is laid out.

use crate::common::{Awareprint, Pdf, Scratch, png, run};
use awareprint::layout::Abs;

/// The longest county name, in English and in Spanish.
const ENGLISH_NAME: &str = "Clear Creek County Human Services Office";
const SPANISH_NAME: &str = "Oficina de Servicios Humanos Clear Creek";

/// A county file using every option at its limit.
fn county_at_the_limits(logo: &str) -> String {
    // 40 characters: the most a name may have, in each language.
    let (en, es) = (ENGLISH_NAME, SPANISH_NAME);
    assert_eq!((en.chars().count(), es.chars().count()), (40, 40));
    format!(
        "name:\n  en: {en}\n  es: {es}\ncontacts:\n  - id: local-help\n    name: Clear Creek County Sheriff's Office Dispatch\n    phone: 303-441-3701\n    source: test\n    verified: 2026-11-23\nshow:\n  poster: [local-help]\n  bilingual-poster: [local-help]\n  wallet-card: [local-help]\n  professional-handout: [local-help]\n  parent-handout: [local-help]\nlogo: {logo}\nweb:\n  url: https://www.example.org/clear-creek/help\n  caption: Scan for local help and resources in our county\n  on: [professional-handout]\n  source: test\n  verified: 2026-11-23\n"
    )
}

#[test]
fn a_county_at_the_limits_fits_every_material_in_every_language() {
    let dir = Scratch::with_materials("room-limits");
    let counties = dir.join("materials/counties");
    // Logos of extreme shapes: 8:1 and 1:8.
    std::fs::write(counties.join("wide.png"), png(1600, 200)).unwrap();
    std::fs::write(counties.join("tall.png"), png(200, 1600)).unwrap();
    std::fs::write(counties.join("wide-one.yaml"), county_at_the_limits("wide.png")).unwrap();
    std::fs::write(counties.join("tall-one.yaml"), county_at_the_limits("tall.png")).unwrap();
    let (code, err) = run(&dir, &["build", "-q", "--county", "wide-one", "--county", "tall-one"]);
    assert_eq!(code, Some(0), "{err}");
    for county in ["wide-one", "tall-one"] {
        for (lang, material) in [
            ("en", "poster"),
            ("es", "poster"),
            ("en-es", "bilingual-poster"),
            ("en", "wallet-card"),
            ("es", "wallet-card"),
            ("en", "parent-handout"),
            ("es", "parent-handout"),
            ("en", "professional-handout"),
            ("es", "professional-handout"),
        ] {
            let path = dir.join(format!("output/{county}/{lang}/{material}.pdf"));
            let pdf = Pdf::parse(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
            let text = pdf.text();
            assert!(text.contains("303-441-3701"), "{county} {lang} {material}: the local number is printed");
            // Each language's name, and on the bilingual poster both; never the other's.
            let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
            // The card's back has one slot for the county: at these limits it holds the
            // contact (whose name says where it is) and no longer the county's name.
            for (code, name) in [("en", ENGLISH_NAME), ("es", SPANISH_NAME)] {
                let expected = lang.contains(code) && material != "wallet-card";
                assert_eq!(folded.contains(name), expected, "{county} {lang} {material}: {name}");
            }
        }
    }
    // The county's box takes room from the body on the bilingual poster, but the body
    // stays large: at least 14 pt and three quarters of the statewide size.
    let project = awareprint::project::Project::open(&dir.join("materials")).unwrap();
    let (_, path) = project.materials.iter().find(|(m, _)| m == "bilingual-poster").unwrap();
    let fonts = awareprint::layout::FontSet::load();
    let body = |county: Option<&str>| {
        let edition = match county {
            None => project.statewide(),
            Some(c) => project.edition(c, &counties.join(format!("{c}.yaml"))).unwrap(),
        };
        let doc = project.resolve_in(&edition, "bilingual-poster", path, Some("en-es"), None).unwrap();
        awareprint::build::lay_out(&doc, false, &fonts).unwrap().smallest_body
    };
    let statewide = body(None);
    for county in ["wide-one", "tall-one"] {
        let size = body(Some(county));
        assert!(size >= Abs::pt(14.0) && size >= statewide * 0.75, "{county}: {size:?} / {statewide:?}");
    }
}

#[test]
fn what_a_poster_has_no_room_for_is_refused_up_front() {
    let dir = Scratch::with_materials("room-refused");
    let counties = dir.join("materials/counties");
    std::fs::write(
        counties.join("adams.yaml"),
        "name: {en: Adams County, es: Condado de Adams}\ncontacts:\n  - id: a-one\n    name: Adams help\n    phone: 303-441-3701\n    source: test\n    verified: 2026-11-23\n  - id: a-two\n    name: Adams other help\n    phone: 303-441-3702\n    source: test\n    verified: 2026-11-23\nshow:\n  poster: [a-one, a-two]\nweb:\n  url: https://www.example.org/adams\n  caption: Local help\n  on: [poster, bilingual-poster, parent-handout, wallet-card]\n  source: test\n  verified: 2026-11-23\n",
    )
    .unwrap();
    let (code, err) = run(&dir, &["build", "-q", "--county", "adams"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error: materials/counties/adams.yaml: web.on: `poster` is a poster: it has no room for a county's web page"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: materials/counties/adams.yaml: web.on: `bilingual-poster` is a bilingual poster: it has no room for a county's web page"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: materials/counties/adams.yaml: show.poster: `poster` has room for one local contact; `show` lists 2"),
        "{err}"
    );
    assert!(err.contains("web.on: `parent-handout` is kept to 2 pages: it has no room for a county's web page"), "{err}");
    assert!(err.contains("web.on: `wallet-card` is a wallet card: it has no room for a county's web page"), "{err}");
    for refused in ["en/poster.pdf", "es/poster.pdf", "en-es/bilingual-poster.pdf", "en/wallet-card.pdf", "en/parent-handout.pdf"] {
        assert!(!dir.join("output/adams").join(refused).exists(), "{refused} is not written");
    }

    // A name longer than the templates have room for.
    std::fs::write(counties.join("adams.yaml"), "name: The County Department of Human Services of Adams County\n").unwrap();
    let (code, err) = run(&dir, &["build", "-q", "--county", "adams"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("`name` is 55 characters; the materials have room for 40"), "{err}");
}

#[test]
fn a_local_contact_speaks_each_language_and_check_warns_when_it_does_not() {
    let dir = Scratch::with_materials("room-langs");
    let (code, err) = run(&dir, &["build", "-q", "--county", "boulder", "poster", "wallet-card"]);
    assert_eq!(code, Some(0), "{err}");
    let text = |lang: &str, m: &str| {
        Pdf::parse(&std::fs::read(dir.join(format!("output/boulder/{lang}/{m}.pdf"))).unwrap()).text().replace('\u{a0}', " ")
    };
    for m in ["poster", "wallet-card"] {
        assert!(text("es", m).contains("Oficina del Fiscal de Distrito del Condado de Boulder"), "{m}");
        assert!(!text("es", m).contains("District Attorney"), "{m}: the Spanish edition prints the Spanish name");
        assert!(text("en", m).contains("Boulder County District Attorney"), "{m}");
    }
    // A contact named in English only, shown on a material that is built in Spanish.
    std::fs::write(
        dir.join("materials/counties/adams.yaml"),
        "name: {en: Adams County, es: Condado de Adams}\ncontacts:\n  - id: adams-help\n    name: Adams County Sheriff\n    label:\n      en: takes reports day and night\n    phone: 303-441-3701\n    source: test\n    verified: 2026-11-23\nshow:\n  poster: [adams-help]\n",
    )
    .unwrap();
    let o = Awareprint::new(&dir).args(["check", "--today", "2026-11-24"]).output();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "a warning, not an error: {err}");
    assert!(
        err.contains("warning: materials/counties/adams.yaml: local contact `adams-help` has no es name or label; the es edition prints `Adams County Sheriff:`"),
        "{err}"
    );
}

/// A county box with a logo and no local contact starts the logo on the column's edge,
/// where every other region starts: no empty start before it.
#[test]
fn a_county_box_with_only_a_logo_starts_it_on_the_column_edge() {
    let dir = Scratch::with_materials("logo-only");
    let counties = dir.join("materials/counties");
    std::fs::write(counties.join("logo.png"), png(900, 300)).unwrap();
    std::fs::write(counties.join("logo-only.yaml"), "name:\n  en: Logo County\n  es: Condado de Logo\nlogo: logo.png\n").unwrap();
    let project = awareprint::project::Project::open(&dir.join("materials")).unwrap();
    let fonts = awareprint::layout::FontSet::load();
    let (id, path) = project.counties.iter().find(|(id, _)| id == "logo-only").unwrap();
    let edition = project.edition(id, path).unwrap();
    let (_, poster) = project.materials.iter().find(|(m, _)| m == "poster").unwrap();
    for size in [None, Some(awareprint::model::SizeName::Tabloid)] {
        let doc = project.resolve_in(&edition, "poster", poster, Some("en"), size).unwrap();
        let laid = awareprint::build::lay_out(&doc, true, &fonts).unwrap();
        let page = &laid.pages[0];
        let logo = page.items.iter().find_map(|i| if let awareprint::layout::Item::Image { rect, .. } = i { Some(*rect) } else { None });
        let logo = logo.expect("the county's logo");
        let edge = page.items.iter().filter_map(|i| awareprint::preflight::text_box(i, &fonts)).map(|b| b.x()).fold(Abs::pt(1e6), Abs::min);
        // The logo sits on its white plate, a quarter of the pad inside it.
        assert!((logo.x() - edge).to_pt().abs() < 6.0, "{size:?}: the logo at {} and the text edge at {edge}", logo.x());
    }
}
