//! The poster as a passer-by sees it, measured on the laid-out frames: one call to
//! action that reads from 2 m (the hotline's cap height at least 10 mm on Letter and
//! A4, 15 mm on Tabloid and A3, its digits at least 5 mm on Letter), larger than
//! anything else on the page; 911 second; a county's contacts never at the hotline's
//! size; headlines and labels without a lone word on their last line; the bilingual
//! body paired row by row.

use crate::common;
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
    let editions = statewide_and_boulder(&project);
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
    page_lines(&laid.pages[0], fonts)
}

/// The same for any page.
fn page_lines(page: &awareprint::layout::Page, fonts: &FontSet) -> Vec<(String, Abs)> {
    page.items
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
    // On Tabloid and A3 the grid's 15.5 mm, or down to 7/8 of it (13.5 mm) where that
    // sets the number whole beside the hotline's code, as on Letter.
    for (size, hotline_min, digits_min) in
        [(SizeName::Letter, 10.0, 5.0), (SizeName::A4, 10.0, 5.0), (SizeName::Tabloid, 13.5, 7.0), (SizeName::A3, 13.5, 7.0)]
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
            // One call to action: nothing else on the page is as large as the hotline,
            // but the headline, which is clearly larger (at least 1.3 times) and owns
            // its band.
            let headline = ["Child trafficking is child abuse.", "La trata de menores es abuso infantil."];
            for (text, cap) in &lines {
                if text != "1-844-CO-4-KIDS" {
                    let in_headline = headline.iter().any(|h| h.contains(text.as_str()));
                    assert!(
                        *cap < hotline || (in_headline && *cap >= hotline * 1.3),
                        "{name}: `{text}` ({:.1} mm) competes with the hotline",
                        cap.to_mm()
                    );
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
    // The wallet card: the local number (in the back's foot slot) smaller than the
    // hotline's (on the front) too, and never on the front, which every edition prints
    // alike.
    let project = Project::open(&materials_dir()).unwrap();
    let (_, path) = project.materials.iter().find(|(m, _)| m == "wallet-card").unwrap();
    let boulder = statewide_and_boulder(&project).pop().unwrap();
    for lang in ["en", "es"] {
        let doc = project.resolve_in(&boulder, "wallet-card", path, Some(lang), None).unwrap();
        let laid = awareprint::build::lay_out(&doc, true, &fonts).unwrap();
        let front = lines(&laid, &fonts);
        let hotline = cap_of(&front, "1-844-CO-4-KIDS");
        assert!(!front.iter().any(|(t, _)| t.contains("303-441-3700")), "card {lang}: Boulder's number on the front");
        let back = page_lines(&laid.pages[1], &fonts);
        let local = back.iter().find(|(t, _)| t.contains("303-441-3700")).expect("Boulder's number on the card's back");
        assert!(
            local.1 < hotline * 0.8,
            "card {lang}: `{}` at {:.2} mm, the hotline at {:.2} mm",
            local.0,
            local.1.to_mm(),
            hotline.to_mm()
        );
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
        let first = |needle: &str| {
            starts.iter().find(|(t, _, _)| t.starts_with(needle)).unwrap_or_else(|| panic!("no `{needle}` in {starts:?}")).clone()
        };
        for (en, es) in [("Worried about a child?", "¿Le preocupa un "), ("Young and this", "¿Eres joven")] {
            let (a, b) = (first(en), first(es));
            assert!(a.1 < b.1, "{en} left of {es}");
            assert_eq!(a.2, b.2, "`{en}` and `{es}` start on the same baseline");
        }
        let _ = &fonts;
    }
}

/// Every handout, statewide and for Boulder, in every language.
fn handouts() -> Vec<Laid> {
    let project = Project::open(&materials_dir()).unwrap();
    let fonts = FontSet::load();
    let editions = statewide_and_boulder(&project);
    let mut out = Vec::new();
    for material in ["parent-handout", "professional-handout"] {
        let (_, path) = project.materials.iter().find(|(m, _)| m == material).unwrap();
        for lang in ["en", "es"] {
            for edition in &editions {
                let doc = project.resolve_in(edition, material, path, Some(lang), None).unwrap();
                out.push(awareprint::build::lay_out(&doc, false, &fonts).unwrap());
            }
        }
    }
    out
}

/// The body lines of a page: (column's left edge, y, characters, width) of each line
/// of regular text at the body size.
fn body_lines(page: &awareprint::layout::Page, body: Abs, fonts: &FontSet) -> Vec<(Abs, Abs, usize, Abs)> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text { origin, font, size, glyphs, .. } if *font == awareprint::layout::FontId::Regular && *size == body => {
                let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
                let w = awareprint::preflight::text_box(i, fonts).map_or(Abs::ZERO, |b| b.w());
                Some((origin.x, origin.y, text.trim().chars().count(), w))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn handout_lines_hold_45_to_75_characters() {
    let fonts = FontSet::load();
    for laid in handouts() {
        let name = laid.path.display().to_string();
        let mut counts = Vec::new();
        for page in &laid.pages {
            let lines = body_lines(page, laid.smallest_body, &fonts);
            let widest = lines.iter().map(|l| l.3).max().unwrap_or(Abs::ZERO);
            // Full lines (a paragraph's last line may be short): within 15 % of the measure.
            for (_, _, chars, w) in lines.iter().filter(|l| l.3 >= widest * 0.85) {
                assert!((35..=85).contains(chars), "{name}: a line of {chars} characters ({:.0} pt)", w.to_pt());
                counts.push(*chars);
            }
        }
        assert!(counts.len() > 20, "{name}: {} full lines measured", counts.len());
        // The measure: characters in an average full line.
        let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
        assert!((45.0..=75.0).contains(&mean), "{name}: {mean:.1} characters a line");
        println!("{name}: {mean:.1} characters a line over {} full lines", counts.len());
    }
}

#[test]
fn handouts_keep_headings_with_their_text_and_leave_no_widow_or_orphan() {
    use awareprint::layout::Role;
    for laid in handouts() {
        let name = laid.path.display().to_string();
        // Each paragraph's lines, as (page, column x) places, in order.
        let mut paragraphs: Vec<Vec<(usize, Abs)>> = Vec::new();
        let mut open: Vec<Option<Role>> = Vec::new();
        let mut after_heading: Option<(usize, Abs)> = None;
        for (n, page) in laid.pages.iter().enumerate() {
            for item in &page.items {
                match item {
                    Item::Start(node) => {
                        if node.role == Role::P || node.role == Role::LBody {
                            paragraphs.push(Vec::new());
                        }
                        open.push(Some(node.role));
                    }
                    Item::Furniture => open.push(None),
                    Item::End if open.pop().flatten() == Some(Role::H2) => after_heading = Some((n, Abs::ZERO)),
                    Item::Text { origin, .. } if !open.contains(&None) => {
                        let col = if origin.x > page.trim.w / 2.0 { page.trim.w / 2.0 } else { Abs::ZERO };
                        if let Some((hp, _)) = after_heading.take()
                            && open.last() != Some(&Some(Role::H2))
                        {
                            // The first line after a heading is on the heading's page.
                            assert_eq!(hp, n, "{name}: a heading ends page {}", hp + 1);
                        }
                        if matches!(open.last(), Some(Some(Role::P | Role::LBody)))
                            && let Some(p) = paragraphs.last_mut()
                        {
                            p.push((n, col));
                        }
                    }
                    _ => {}
                }
            }
        }
        for p in paragraphs.iter().filter(|p| p.len() >= 2) {
            // Where a paragraph changes column, at least two lines on each side.
            for k in 1..p.len() {
                if p[k] != p[k - 1] {
                    assert!(k >= 2 && p.len() - k >= 2, "{name}: a paragraph of {} lines breaks after line {k}", p.len());
                }
            }
        }
    }
}

#[test]
fn every_handout_is_one_sheet_with_no_runt_last_page() {
    let fonts = FontSet::load();
    for laid in handouts() {
        // Two pages: one sheet printed on both sides, statewide and with Boulder's
        // contact and web-page code added.
        assert!(laid.pages.len() <= 2, "{}: {} pages", laid.path.display(), laid.pages.len());
        // The last page carries more than a few lines.
        let last = laid.pages.last().unwrap();
        let n = body_lines(last, laid.smallest_body, &fonts).len();
        assert!(n >= 12, "{}: {n} body lines on the last page", laid.path.display());
    }
}
