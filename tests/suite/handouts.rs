//! The handouts as a reader and a print designer see them, measured on the laid-out
//! frames of both handouts, statewide and for Boulder, in English and Spanish: the
//! Colorado hotline first and largest, the duty to report on the professional
//! handout's first page, list items and headings never left at a column's foot, the
//! last page used to its foot, and each code's caption on the code's visible edge.

use crate::common::*;
use awareprint::build::Laid;
use awareprint::layout::{Abs, FontSet, Item, Rect, Role};
use awareprint::project::Project;

const HOTLINE: &str = "1-844-CO-4-KIDS";
/// NCMEC's number (missing children and the CyberTipline) and the CyberTipline's page.
const NCMEC: [&str; 2] = ["1-800-THE-LOST", "report.cybertip.org"];

fn handouts() -> Vec<Laid> {
    let project = Project::open(&materials_dir()).unwrap();
    let fonts = FontSet::load();
    let mut out = Vec::new();
    for material in ["parent-handout", "professional-handout"] {
        let (_, path) = project.materials.iter().find(|(m, _)| m == material).unwrap();
        for lang in ["en", "es"] {
            for edition in &statewide_and_boulder(&project) {
                let doc = project.resolve_in(edition, material, path, Some(lang), None).unwrap();
                out.push(awareprint::build::lay_out(&doc, false, &fonts).unwrap());
            }
        }
    }
    assert_eq!(out.len(), 8);
    out
}

fn text_of(item: &Item) -> Option<String> {
    match item {
        Item::Text { glyphs, .. } => Some(glyphs.iter().map(|g| g.text.as_str()).collect::<String>().trim().to_string()),
        _ => None,
    }
}

/// Every text item outside the page furniture, in reading order: (page, item, the
/// structure roles open around it).
fn reading(laid: &Laid) -> Vec<(usize, &Item, Vec<Role>)> {
    let mut out = Vec::new();
    for (n, page) in laid.pages.iter().enumerate() {
        let mut open: Vec<Option<Role>> = Vec::new();
        for item in &page.items {
            match item {
                Item::Start(node) => open.push(Some(node.role)),
                Item::Furniture => open.push(None),
                Item::End => {
                    open.pop();
                }
                Item::Text { .. } if !open.contains(&None) => out.push((n, item, open.iter().flatten().copied().collect())),
                _ => {}
            }
        }
    }
    out
}

fn size_of(item: &Item) -> Abs {
    match item {
        Item::Text { size, .. } => *size,
        _ => Abs::ZERO,
    }
}

/// The column a line is in: 0 left of the page's middle, 1 right of it.
fn column(laid: &Laid, n: usize, item: &Item) -> usize {
    match item {
        Item::Text { origin, .. } if origin.x > laid.pages[n].trim.w / 2.0 => 1,
        _ => 0,
    }
}

#[test]
fn the_colorado_hotline_comes_first_and_largest() {
    for laid in handouts() {
        let name = laid.path.display().to_string();
        let lines = reading(&laid);
        let first =
            lines.iter().position(|(_, i, _)| text_of(i).as_deref() == Some(HOTLINE)).unwrap_or_else(|| panic!("{name}: no hotline"));
        let hotline = lines.iter().filter(|(_, i, _)| text_of(i).as_deref() == Some(HOTLINE)).map(|(_, i, _)| size_of(i)).max().unwrap();
        for (k, (_, item, _)) in lines.iter().enumerate() {
            let t = text_of(item).unwrap();
            if NCMEC.iter().any(|n| t.contains(n)) {
                assert!(k > first, "{name}: `{t}` comes before the Colorado hotline");
                // Smaller than the hotline where both are (the hotline's largest print
                // on the page): never the larger call of the two.
                let page = lines[k].0;
                let beside = lines
                    .iter()
                    .filter(|(n, i, _)| *n == page && text_of(i).as_deref() == Some(HOTLINE))
                    .map(|(_, i, _)| size_of(i))
                    .max()
                    .unwrap_or(size_of(lines[first].1));
                assert!(size_of(item) < beside, "{name}: `{t}` at {} is as large as the hotline on its page ({beside})", size_of(item));
            }
        }
        // Nothing on the sheet (the title aside) is larger than the hotline's number.
        for (_, item, _) in lines.iter().filter(|(_, _, r)| !r.contains(&Role::H1)) {
            assert!(size_of(item) <= hotline, "{name}: `{}` at {} is larger than the hotline", text_of(item).unwrap(), size_of(item));
        }
        // On the last page, the report panel's number at 28 to 32 pt (where the panel is),
        // up to a quarter larger where the panel takes the room the columns leave.
        let last = laid.pages.len() - 1;
        let on_last: Vec<Abs> =
            lines.iter().filter(|(n, i, _)| *n == last && text_of(i).as_deref() == Some(HOTLINE)).map(|(_, i, _)| size_of(i)).collect();
        if laid.id == "parent-handout" {
            assert!(on_last.iter().any(|s| (28.0..=40.0).contains(&s.to_pt())), "{name}: the last page's hotline at {on_last:?}");
        }
        println!("{name}: hotline first at {} (largest {hotline}); on the last page {on_last:?}", size_of(lines[first].1));
    }
}

#[test]
fn the_professional_handout_leads_with_the_duty_to_report() {
    let project = Project::open(&materials_dir()).unwrap();
    let tint = project.identity.palette.brand_tint;
    let fonts = FontSet::load();
    for laid in handouts().into_iter().filter(|l| l.id == "professional-handout") {
        let name = laid.path.display().to_string();
        let page = &laid.pages[0];
        // A tinted box on page 1, above the columns, holding the hotline in large type
        // and the 24-hour limit.
        let boxes: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| if let Item::Fill { rect, color } = i { (*color == tint).then_some(*rect) } else { None })
            .collect();
        let inside = |b: &awareprint::units::Rect, i: &Item| awareprint::preflight::text_box(i, &fonts).is_some_and(|t| b.contains(&t));
        let callout = boxes
            .iter()
            .find(|b| page.items.iter().any(|i| text_of(i).as_deref() == Some(HOTLINE) && inside(b, i) && size_of(i) >= Abs::pt(20.0)))
            .unwrap_or_else(|| panic!("{name}: no call-out with the hotline on page 1"));
        let words: String = page.items.iter().filter(|i| inside(callout, i)).filter_map(text_of).collect::<Vec<_>>().join(" ");
        assert!(words.contains("24 hours") || words.contains("24 horas"), "{name}: the call-out says {words}");
        assert!(words.contains("19-3-304"), "{name}: the call-out cites the statute: {words}");
        // The call-out is the first thing under the band: no body text above it.
        for item in &page.items {
            // (The band's title and county name are reversed out of the brand colour.)
            if let (Some(t), Some(b)) = (text_of(item), awareprint::preflight::text_box(item, &fonts))
                && b.bottom() < callout.y()
                && !matches!(item, Item::Text { color, .. } if *color == awareprint::layout::Color::WHITE)
            {
                panic!("{name}: `{t}` above the call-out");
            }
        }
    }
}

#[test]
fn no_list_item_or_heading_is_left_at_a_columns_foot() {
    for laid in handouts() {
        let name = laid.path.display().to_string();
        let lines = reading(&laid);
        // An item starts at its label (the bullet): split the runs there.
        let mut starts = Vec::new();
        for (k, (_, _, roles)) in lines.iter().enumerate() {
            if roles.last() == Some(&Role::Lbl) {
                starts.push(k);
            }
        }
        for w in starts.windows(2).map(|w| (w[0], w[1])).chain(starts.last().map(|&s| (s, lines.len()))) {
            let places: Vec<(usize, usize)> = lines[w.0..w.1]
                .iter()
                .filter(|(_, _, r)| r.last() == Some(&Role::LBody))
                .map(|(n, i, _)| (*n, column(&laid, *n, i)))
                .collect();
            assert!(places.windows(2).all(|p| p[0] == p[1]), "{name}: a list item runs over two columns: {places:?}");
        }
        assert!(starts.len() >= 10, "{name}: {} list items", starts.len());
        // A heading's next line is in the heading's column.
        for (k, (n, item, roles)) in lines.iter().enumerate() {
            if roles.last() == Some(&Role::H2)
                && let Some((m, next, r)) = lines.get(k + 1)
                && r.last() != Some(&Role::H2)
            {
                assert_eq!(
                    (*n, column(&laid, *n, item)),
                    (*m, column(&laid, *m, next)),
                    "{name}: heading `{}` ends a column",
                    text_of(item).unwrap()
                );
            }
        }
    }
}

#[test]
fn the_last_page_is_used_to_its_foot() {
    let fonts = FontSet::load();
    for laid in handouts() {
        let name = laid.path.display().to_string();
        let page = laid.pages.last().unwrap();
        // The lowest ink of the content (the footer aside), against the footer's rule.
        let mut furniture = 0;
        let mut lowest = Abs::ZERO;
        let mut rule = page.trim.h;
        for item in &page.items {
            match item {
                Item::Furniture => furniture += 1,
                Item::Start(_) if furniture > 0 => furniture += 1,
                Item::End if furniture > 0 => furniture -= 1,
                Item::Fill { rect, .. } if furniture > 0 && rect.h() < Abs::pt(1.0) => rule = rule.min(rect.y()),
                Item::Fill { rect, .. } if furniture == 0 && rect.y() > Abs::pt(20.0) => lowest = lowest.max(rect.bottom()),
                Item::Text { .. } if furniture == 0 => lowest = lowest.max(awareprint::preflight::text_box(item, &fonts).unwrap().bottom()),
                Item::Qr { bounds, .. } if furniture == 0 => lowest = lowest.max(bounds.bottom()),
                _ => {}
            }
        }
        let left = rule - lowest;
        println!("{name}: the last page's content ends {:.0} pt ({:.0} %) above the footer", left.to_pt(), left / page.trim.h * 100.0);
        assert!(left < page.trim.h * 0.2, "{name}: {left} of paper left empty above the footer");
    }
}

#[test]
fn each_codes_caption_lines_up_with_its_visible_edge() {
    let fonts = FontSet::load();
    let mut seen = 0;
    for laid in handouts() {
        let name = laid.path.display().to_string();
        for page in &laid.pages {
            for (k, item) in page.items.iter().enumerate() {
                let Item::Qr { rects, bounds, .. } = item else { continue };
                seen += 1;
                let left = rects.iter().map(|r| r.x()).min().unwrap();
                let top = rects.iter().map(|r| r.y()).min().unwrap();
                assert!(left > bounds.x() && top > bounds.y(), "{name}: the modules inside the quiet zone");
                // The caption: the first line after the code.
                let caption = page.items[k..].iter().find(|i| matches!(i, Item::Text { .. })).unwrap();
                let b = awareprint::preflight::text_box(caption, &fonts).unwrap();
                let Item::Text { origin, size, font, .. } = caption else { unreachable!() };
                if origin.x >= bounds.right() {
                    // Beside: its first line's cap height on the modules' top.
                    let f = fonts.get(*font);
                    let cap_top = origin.y - *size * (f.cap_height as f64 / f.upm as f64);
                    assert!((cap_top - top).to_pt().abs() < 0.5, "{name}: caption's cap top at {cap_top}, modules at {top}");
                } else {
                    assert!((b.x() - left).to_pt().abs() < 0.5, "{name}: caption at x {}, modules at {left}", b.x());
                }
            }
        }
    }
    assert!(seen >= 8, "{seen} codes");
}

/// Where the report panel would push a handout past `max-pages` but its blocks fit in
/// the columns, they close the columns (as when the panel would take a page of its
/// own): the handout builds on its pages, the report section's text printed whole.
/// (Where neither fits, `tests/bad/handout-report-panel-overflow` names the panel.)
#[test]
fn a_report_panel_that_would_break_max_pages_flows_in_the_columns() {
    let dir = Scratch::with_materials("panel-fallback");
    let mut structure = String::from("kind: handout\nauthor: a\nmax-pages: 1\nblocks:\n");
    let mut copy = String::from("lang: en-US\ntitle: T\nsubject: s\ncall: Call\ndanger: \"Or call\"\nreport: Where to report\n");
    for i in 0..12 {
        structure += &format!("  - heading: h{i}\n  - paragraph: p\n");
        copy += &format!("h{i}: Part {i}\n");
    }
    structure += "  - heading: report\n  - call: {contact: co-hotline, label: call}\n";
    structure += &"  - paragraph: p\n".repeat(4);
    structure += "  - call: {contact: emergency, label: danger}\n";
    copy += "p: Words that fill the page. Words that fill the page. Words that fill the page.\n\nqr-code: QR code\nlogo: Logo\n";
    std::fs::write(dir.join("materials/parent-handout.yaml"), structure).unwrap();
    std::fs::write(dir.join("materials/parent-handout.en.yaml"), copy).unwrap();
    let out = awareprint(&dir, &["build", "--lang", "en", "parent-handout"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = Pdf::parse(&std::fs::read(dir.join("output/colorado/en/parent-handout.pdf")).unwrap());
    assert_eq!(pdf.pages().len(), 1);
    let text = pdf.text();
    for said in ["Part 11", "Where to report", "1-844-CO-4-KIDS", "Or call"] {
        assert!(text.contains(said), "{said} missing: {text}");
    }
    // In the columns, not a panel: the hotline at the call-out's 24 pt, not the
    // panel's 30 pt and more.
    let page = pdf.pages()[0];
    let at = |lo: f64, hi: f64| pdf.text_where(page, |_, _, size| (lo..hi).contains(&size));
    assert!(at(23.9, 24.1).contains("1-844-CO-4-KIDS"), "the hotline is not at 24 pt: {}", at(0.0, 99.0));
    assert!(!at(24.1, 99.0).contains("1-844-CO-4-KIDS"), "the hotline in a panel: {}", at(24.1, 99.0));
}

/// The parent handout's band carries the hotline under the title, on one line, in
/// every edition and language: the title, then the call, before any other text.
#[test]
fn the_parent_handout_calls_the_hotline_in_its_band() {
    for laid in handouts().into_iter().filter(|l| l.id == "parent-handout") {
        let name = laid.path.display().to_string();
        let lines = reading(&laid);
        let title = lines.iter().position(|(_, _, r)| r.contains(&Role::H1)).unwrap();
        let after: Vec<_> = lines[title..].iter().skip_while(|(_, _, r)| r.contains(&Role::H1)).take(2).collect();
        let (label, number) = (after[0], after[1]);
        assert_eq!(text_of(number.1).as_deref(), Some(HOTLINE), "{name}: the line after the title is {:?}", text_of(label.1));
        assert!(number.2.contains(&Role::Link), "{name}: the band's number is no link");
        // One line, on the band (white on the brand colour), above its foot.
        let (Item::Text { origin: a, color: ca, .. }, Item::Text { origin: b, color: cb, .. }) = (label.1, number.1) else {
            unreachable!()
        };
        assert_eq!(a.y, b.y, "{name}: the label and the number on two lines");
        assert_eq!((*ca, *cb), (awareprint::layout::Color::WHITE, awareprint::layout::Color::WHITE), "{name}");
        let band = laid.pages[0].items.iter().find_map(|i| if let Item::Fill { rect, .. } = i { Some(*rect) } else { None }).unwrap();
        assert!(b.y < band.bottom(), "{name}: the call at {} under the band's foot {}", b.y, band.bottom());
        assert!(size_of(number.1) >= Abs::pt(18.0), "{name}: the band's number at {}", size_of(number.1));
    }
}

/// On the last page of the statewide English handouts, where whole sections fit each
/// column, the second column starts with a heading: no section runs from one column
/// into the other. (Where they do not fit, as in Boulder's office edition of the
/// professional handout, the columns are balanced line by line instead.)
#[test]
fn the_last_pages_sections_stay_whole() {
    for laid in handouts().into_iter().filter(|l| l.path.to_string_lossy().contains("colorado/en/")) {
        let name = laid.path.display().to_string();
        let last = laid.pages.len() - 1;
        let lines = reading(&laid);
        // The columns' lines: above the report panel (in no panel's structure: its
        // lines are at the page's foot, under the columns).
        let panel_top = report_panel_top(&laid.pages[last]).unwrap_or(laid.pages[last].trim.h);
        let second = lines
            .iter()
            .filter(|(n, i, _)| *n == last && column(&laid, *n, i) == 1)
            .filter(|(_, i, _)| matches!(i, Item::Text { origin, .. } if origin.y < panel_top))
            .min_by_key(|(_, i, _)| if let Item::Text { origin, .. } = i { origin.y } else { Abs::ZERO })
            .unwrap_or_else(|| panic!("{name}: nothing in the last page's second column"));
        assert!(second.2.contains(&Role::H2), "{name}: the second column starts with `{}`", text_of(second.1).unwrap());
    }
}

/// The report panel takes the room the last page's columns leave (set up to a
/// quarter larger): no hole of more than about an inch and a half between them.
#[test]
fn the_report_panel_takes_the_room_left_above_it() {
    let fonts = FontSet::load();
    for laid in handouts() {
        let name = laid.path.display().to_string();
        let page = laid.pages.last().unwrap();
        let Some(panel_top) = report_panel_top(page) else { continue };
        let columns_end = page
            .items
            .iter()
            .filter(|i| matches!(i, Item::Text { .. }))
            .filter_map(|i| awareprint::preflight::text_box(i, &fonts))
            .filter(|b| b.bottom() < panel_top && b.y() > Abs::pt(30.0))
            .map(|b| b.bottom())
            .max()
            .unwrap();
        let hole = panel_top - columns_end;
        println!("{name}: {:.0} pt between the columns and the report panel", hole.to_pt());
        assert!(hole < Abs::inches(1.5), "{name}: {hole} between the columns and the report panel");
    }
}

/// The top of the report panel on a page: its rule of the brand colour, 4 pt tall.
fn report_panel_top(page: &awareprint::layout::Page) -> Option<Abs> {
    page.items
        .iter()
        .filter_map(|i| if let Item::Fill { rect, .. } = i { Some(*rect) } else { None })
        .filter(|r| r.h() == awareprint::layout::flow::TOP_RULE)
        .map(|r| r.y())
        .min()
}

/// Each heading in a handout's columns follows its pictogram (the material's list, in
/// order): drawn in the brand colour on the heading's first line, on the column's edge,
/// the heading's text beside it; one pictogram per listed name, none elsewhere.
#[test]
fn each_column_heading_follows_its_pictogram() {
    let fonts = FontSet::load();
    for laid in handouts() {
        let name = laid.path.display().to_string();
        let mut drawn = 0;
        let mut headed = 0;
        for page in &laid.pages {
            let paths: Vec<Rect> =
                page.items.iter().filter_map(|i| if let Item::Path { path, .. } = i { path.bounds() } else { None }).collect();
            drawn += paths.len();
            // The first line of each heading in the columns (the panels' headings have
            // none: they are over the tint).
            let mut open: Vec<Role> = Vec::new();
            let mut last_h2_line: Option<usize> = None;
            for (k, item) in page.items.iter().enumerate() {
                match item {
                    Item::Start(node) => open.push(node.role),
                    Item::End if open.pop() == Some(Role::H2) => last_h2_line = None,
                    Item::Text { .. } if open.last() == Some(&Role::H2) && last_h2_line.is_none() => {
                        last_h2_line = Some(k);
                        let b = awareprint::preflight::text_box(item, &fonts).unwrap();
                        if let Some(p) = paths
                            .iter()
                            .find(|p| p.right() < b.x() && b.x() - p.right() < Abs::pt(12.0) && p.y() < b.bottom() && p.bottom() > b.y())
                        {
                            headed += 1;
                            assert!(p.w().max(p.h()) >= Abs::pt(10.0), "{name}: a pictogram {} by {}", p.w(), p.h());
                        }
                    }
                    _ => {}
                }
            }
        }
        let listed = if laid.id == "parent-handout" { 5 } else { 8 };
        assert_eq!((drawn, headed), (listed, listed), "{name}: pictograms drawn, and before a heading");
    }
}

/// Both handouts close with their report panel, the hotline's code at its top end,
/// on every shipped edition, in both languages, for the office and for the press:
/// none falls back to flowing its report section in the columns. One known exception:
/// Boulder's Spanish professional handout, whose local contact leaves the panel about
/// three lines short of the second page (it flows, on two pages; see the notes).
#[test]
fn every_shipped_handout_closes_with_its_report_panel() {
    use awareprint::model::Profile;
    for profile in [Profile::Office, Profile::Press] {
        let mut seen = 0;
        for (laid, _) in statewide_and_boulder_laid(profile).iter().filter(|(l, _)| l.id.ends_with("-handout")) {
            if laid.path.to_string_lossy().contains("boulder/es/professional") {
                assert_eq!(laid.pages.len(), 2, "Boulder's Spanish professional handout");
                continue;
            }
            let name = format!("{} ({profile:?})", laid.path.display());
            let page = laid.pages.last().unwrap();
            let top = report_panel_top(page).unwrap_or_else(|| panic!("{name}: no report panel"));
            let code = page
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Qr { bounds, payload, .. } if payload == "https://co4kids.org" => Some(*bounds),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{name}: no hotline code"));
            assert!(
                code.y() >= top && code.y() < top + Abs::pt(20.0),
                "{name}: the hotline's code at {} under the panel's top {top}",
                code.y()
            );
            seen += 1;
        }
        assert_eq!(seen, 7, "{profile:?}");
    }
}

/// The report panel as one component on every shipped handout (office and press,
/// statewide and Boulder, both languages): the hotline code's white plate (its quiet
/// zone) inset from the panel's top rule and its end edge by the same padding as the
/// panel's text from its start edge; the address under the code at least 6 pt clear
/// of the plate; every code's plate inside the panel by that padding; and at least
/// 15 pt between the panel's foot and the footer's rule (21 pt to the footer's text).
#[test]
fn the_report_panel_keeps_its_insets_and_clears_the_footer() {
    use awareprint::model::Profile;
    let fonts = FontSet::load();
    for profile in [Profile::Office, Profile::Press] {
        for (laid, _) in statewide_and_boulder_laid(profile).iter().filter(|(l, _)| l.id.ends_with("-handout")) {
            let name = format!("{} ({profile:?})", laid.path.display());
            let page = laid.pages.last().unwrap();
            let Some(top) = report_panel_top(page) else { continue };
            let fills: Vec<Rect> = page
                .items
                .iter()
                .filter_map(|i| if let Item::Fill { rect, .. } = i { Some(*rect) } else { None })
                .filter(|r| r.y() >= top && r.h() > Abs::pt(1.0))
                .collect();
            let (left, right, bottom) = (
                fills.iter().map(|r| r.x()).min().unwrap(),
                fills.iter().map(|r| r.right()).max().unwrap(),
                fills.iter().map(|r| r.bottom()).max().unwrap(),
            );
            let rule = page
                .items
                .iter()
                .filter_map(|i| if let Item::Fill { rect, .. } = i { Some(*rect) } else { None })
                .filter(|r| r.h() == Abs::pt(0.5) && r.y() > bottom)
                .map(|r| r.y())
                .min()
                .unwrap_or_else(|| panic!("{name}: no footer rule under the panel"));
            assert!(rule - bottom >= Abs::pt(15.0) - Abs::pt(0.01), "{name}: the panel ends {} above the footer's rule", rule - bottom);
            let codes: Vec<(Rect, &str)> = page
                .items
                .iter()
                .filter_map(|i| if let Item::Qr { bounds, payload, .. } = i { Some((*bounds, payload.as_str())) } else { None })
                .filter(|(b, _)| b.y() >= top)
                .collect();
            let pad = codes.iter().find(|(_, p)| *p == "https://co4kids.org").map(|(b, _)| right - b.right()).expect("the hotline's code");
            let texts: Vec<&Item> =
                page.items.iter().filter(|i| matches!(i, Item::Text { origin, .. } if origin.y > top && origin.y < bottom)).collect();
            let text_start = texts.iter().filter_map(|i| awareprint::frame::text_box(i, &fonts)).map(|b| b.x()).min().unwrap();
            assert!((text_start - left - pad).to_pt().abs() < 0.5, "{name}: text inset {} but the code's {pad}", text_start - left);
            for (b, payload) in &codes {
                assert!(b.x() - left >= pad - Abs::pt(0.01) && right - b.right() >= pad - Abs::pt(0.01), "{name}: {payload}'s plate {b:?}");
                assert!(bottom - b.bottom() >= pad - Abs::pt(0.01), "{name}: {payload}'s plate {b:?} near the panel's foot");
            }
            let hotline = codes.iter().find(|(_, p)| *p == "https://co4kids.org").unwrap().0;
            assert!(
                (hotline.y() - top - pad).to_pt().abs() < 0.5,
                "{name}: the hotline's plate {} under the panel's top, not {pad}",
                hotline.y() - top
            );
            let address = texts
                .iter()
                .find(|i| {
                    let b = awareprint::frame::text_box(i, &fonts).unwrap();
                    b.y() > hotline.y() && b.x() >= hotline.x() && b.x() < hotline.right()
                })
                .unwrap_or_else(|| panic!("{name}: no address under the hotline's code"));
            let ink = awareprint::frame::first_ink(&[(*address).clone()], &fonts).unwrap();
            assert!(ink - hotline.bottom() >= Abs::pt(5.9), "{name}: the address {} under the code's plate", ink - hotline.bottom());
        }
    }
}
