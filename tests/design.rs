//! The poster as a passer-by sees it, measured on the laid-out frames: one call to
//! action that reads from 2 m (the hotline's cap height at least 10 mm on Letter and
//! A4, 15 mm on Tabloid and A3, its digits at least 5 mm on Letter), larger than
//! anything else on the page; 911 second; a county's contacts never at the hotline's
//! size; headlines and labels without a lone word on their last line; the bilingual
//! body paired row by row.

mod common;
use awareprint::build::Laid;
use awareprint::layout::{Abs, FontSet, Item};
use awareprint::model::SizeName;
use awareprint::project::Project;
use common::*;

/// The poster (and the bilingual poster) in `size`, statewide and for Boulder, in every
/// language.
fn posters(size: SizeName) -> Vec<Laid> {
    let project = Project::open(&materials_dir()).unwrap();
    let fonts = FontSet::load();
    let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
    let editions = [awareprint::content::Edition::statewide(&project.registry), project.edition(id, path).unwrap()];
    let mut out = Vec::new();
    for (material, lang) in [("poster", "en"), ("poster", "es"), ("bilingual-poster", "en-es")] {
        let (_, path) = project.materials.iter().find(|(m, _)| m == material).unwrap();
        for edition in &editions {
            let doc = project.resolve_in(edition, material, path, Some(lang), Some(size)).unwrap();
            out.push(awareprint::build::lay_out(&doc, true, &fonts).unwrap_or_else(|e| panic!("{material} {lang} {size:?}: {e:?}")));
        }
    }
    out
}

/// Each line of text on the page: what it says and its cap height (a run of lines of
/// one paragraph shares its face and cap height).
fn lines(laid: &Laid, fonts: &FontSet) -> Vec<(String, Abs)> {
    laid.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { font, size, glyphs, .. } => {
                let f = fonts.get(*font);
                let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
                // The bold face's lines a hair larger, so that a run never mixes faces.
                let face = if *font == awareprint::layout::FontId::Bold { Abs::pt(0.001) } else { Abs::ZERO };
                Some((text.trim().to_string(), *size * (f.cap_height as f64 / f.upm as f64) + face))
            }
            _ => None,
        })
        .collect()
}

fn cap_of(lines: &[(String, Abs)], text: &str) -> Abs {
    lines.iter().find(|(t, _)| t == text).unwrap_or_else(|| panic!("no line `{text}` in {lines:?}")).1
}

#[test]
fn the_hotline_reads_from_two_metres_and_leads_the_page() {
    for (size, hotline_min, digits_min) in
        [(SizeName::Letter, 10.0, 5.0), (SizeName::A4, 10.0, 5.0), (SizeName::Tabloid, 15.0, 7.0), (SizeName::A3, 15.0, 7.0)]
    {
        let fonts = FontSet::load();
        for laid in posters(size) {
            let name = format!("{} ({size:?})", laid.path.display());
            let lines = lines(&laid, &fonts);
            let hotline = cap_of(&lines, "1-844-CO-4-KIDS");
            let digits = cap_of(&lines, "1-844-264-5437");
            let emergency = cap_of(&lines, "911");
            assert!(hotline >= Abs::mm(hotline_min), "{name}: the hotline's cap height is {:.1} mm", hotline.to_mm());
            assert!(digits >= Abs::mm(digits_min), "{name}: its digits' cap height is {:.1} mm", digits.to_mm());
            // 911 second: smaller than the hotline, larger than the body.
            assert!(emergency < hotline && emergency > laid.smallest_body * 0.7, "{name}: 911 at {:.1} mm", emergency.to_mm());
            // Nothing else on the page is as large as the hotline: one call to action.
            for (text, cap) in &lines {
                if text != "1-844-CO-4-KIDS" {
                    assert!(*cap < hotline, "{name}: `{text}` ({:.1} mm) competes with the hotline", cap.to_mm());
                }
            }
        }
    }
}

#[test]
fn a_county_contact_is_never_at_the_hotlines_size() {
    let fonts = FontSet::load();
    for laid in posters(SizeName::Letter).into_iter().filter(|l| l.edition == "boulder") {
        let lines = lines(&laid, &fonts);
        let hotline = cap_of(&lines, "1-844-CO-4-KIDS");
        // Boulder's local contact prints its number (303-...) on the poster.
        let local: Vec<&(String, Abs)> = lines.iter().filter(|(t, _)| t.contains("303-")).collect();
        assert!(!local.is_empty(), "{}: no local contact", laid.path.display());
        for (t, cap) in local {
            assert!(*cap < hotline * 0.5, "{}: `{t}` at {:.1} mm", laid.path.display(), cap.to_mm());
        }
    }
}

#[test]
fn headlines_and_labels_end_on_more_than_one_word() {
    let fonts = FontSet::load();
    for size in [SizeName::Letter, SizeName::Tabloid] {
        for laid in posters(size) {
            let lines = lines(&laid, &fonts);
            // Consecutive lines of one paragraph share a cap height; look at the last
            // line of every run of two or more lines at a size larger than the body.
            let mut runs: Vec<Vec<&(String, Abs)>> = Vec::new();
            for l in &lines {
                match runs.last_mut() {
                    Some(run) if run[0].1 == l.1 => run.push(l),
                    _ => runs.push(vec![l]),
                }
            }
            for run in runs.iter().filter(|r| r.len() >= 2) {
                let last = &run[run.len() - 1].0;
                let words = last.split_whitespace().count();
                let earlier_words: usize = run[..run.len() - 1].iter().map(|(t, _)| t.split_whitespace().count()).sum();
                assert!(words >= 2 || earlier_words <= 1, "{}: `{last}` alone on the last line of {run:?}", laid.path.display());
            }
        }
    }
}

#[test]
fn the_bilingual_body_pairs_each_block_with_its_translation() {
    let fonts = FontSet::load();
    for laid in posters(SizeName::Letter).into_iter().filter(|l| l.id == "bilingual-poster") {
        // The body's paragraphs: the English one starts at the left column, the Spanish
        // one at the right, on the same baseline.
        let starts: Vec<(String, Abs, Abs)> = laid.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { origin, glyphs, .. } => Some((glyphs.iter().map(|g| g.text.as_str()).collect(), origin.x, origin.y)),
                _ => None,
            })
            .collect();
        let first = |needle: &str| starts.iter().find(|(t, _, _)| t.starts_with(needle)).unwrap_or_else(|| panic!("no `{needle}`")).clone();
        for (en, es) in [("Using a child", "Es trata"), ("It is not your fault", "No es tu culpa")] {
            let (a, b) = (first(en), first(es));
            assert!(a.1 < b.1, "{en} left of {es}");
            assert_eq!(a.2, b.2, "`{en}` and `{es}` start on the same baseline");
        }
        let _ = &fonts;
    }
}
