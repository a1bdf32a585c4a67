//! The design targets of issue 25, measured on the laid-out frames of the statewide
//! and Boulder editions, in English and Spanish: the poster's headline owns its band
//! and is clearly larger than the number; the Colorado hotline's code leads (at
//! least 1.5 in on Letter, 2 in on Tabloid) and the CyberTipline's comes second and
//! smaller; every region starts on one edge; the sticker's line at 16-18 pt, its
//! equal margins and its text channel; no version code on the face of a card or a
//! sticker; the card's digits at least 60 % of the vanity spelling's size; every
//! caption under a code starts on the code's visible edge.

use crate::common;
use awareprint::build::Laid;
use awareprint::layout::{Abs, FontSet, Item, Page, Rect, Role};
use awareprint::model::{Profile, SizeName};
use awareprint::project::Project;
use common::*;

fn laid(material: &str, lang: &str, size: Option<SizeName>, profile: Profile) -> Vec<Laid> {
    let project = Project::open(&materials_dir()).unwrap();
    let fonts = FontSet::load();
    let (_, path) = project.materials.iter().find(|(m, _)| m == material).unwrap();
    statewide_and_boulder(&project)
        .iter()
        .map(|edition| {
            let doc = project.resolve_in(edition, material, path, Some(lang), size).unwrap();
            let doc = awareprint::content::Doc { profile, ..doc };
            awareprint::build::lay_out(&doc, true, &fonts).unwrap_or_else(|e| panic!("{material} {lang}: {e:?}"))
        })
        .collect()
}

/// The text items of `page` with the innermost structure role they are drawn in.
fn texts(page: &Page) -> Vec<(Option<Role>, &Item)> {
    let mut roles: Vec<Option<Role>> = Vec::new();
    let mut out = Vec::new();
    for item in &page.items {
        match item {
            Item::Start(node) => roles.push(Some(node.role)),
            Item::Furniture => roles.push(None),
            Item::End => {
                roles.pop();
            }
            Item::Text { .. } => out.push((roles.last().copied().flatten(), item)),
            _ => {}
        }
    }
    out
}

fn text_of(item: &Item) -> String {
    match item {
        Item::Text { glyphs, .. } => glyphs.iter().map(|g| g.text.as_str()).collect::<String>().trim().to_string(),
        _ => String::new(),
    }
}

fn size_of(item: &Item) -> Abs {
    match item {
        Item::Text { size, .. } => *size,
        _ => Abs::ZERO,
    }
}

/// Each code on the page: its payload and the box of its dark modules (the visible
/// code, quiet zone excluded).
fn codes(page: &Page) -> Vec<(String, Rect)> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Qr { rects, payload, .. } => {
                let x0 = rects.iter().map(|r| r.x()).min()?;
                let y0 = rects.iter().map(|r| r.y()).min()?;
                let x1 = rects.iter().map(|r| r.right()).max()?;
                let y1 = rects.iter().map(|r| r.bottom()).max()?;
                Some((payload.clone(), Rect::new(x0, y0, x1 - x0, y1 - y0)))
            }
            _ => None,
        })
        .collect()
}

fn hotline_page(laid: &Laid) -> bool {
    laid.pages.iter().flat_map(codes).any(|(p, _)| p == "https://co4kids.org")
}

#[test]
fn the_posters_headline_owns_its_band_and_the_hotlines_code_leads() {
    let fonts = FontSet::load();
    for (size, headline_min, code_min) in [(SizeName::Letter, 60.0, 1.5), (SizeName::Tabloid, 90.0, 2.0)] {
        for lang in ["en", "es"] {
            for laid in laid("poster", lang, Some(size), Profile::Office) {
                let page = &laid.pages[0];
                let what = format!("{} {lang} {size:?}", laid.edition);
                let all = texts(page);
                let headline: Vec<&Item> = all.iter().filter(|(r, _)| *r == Some(Role::H1)).map(|(_, i)| *i).collect();
                assert!(!headline.is_empty(), "{what}: no headline");
                let h = headline.iter().map(|i| size_of(i)).fold(Abs::ZERO, Abs::max);
                assert!(h >= Abs::pt(headline_min), "{what}: headline at {h}");
                // Clearly larger than the number.
                let number = all.iter().find(|(_, i)| text_of(i) == "1-844-CO-4-KIDS").map(|(_, i)| size_of(i)).expect("the number");
                assert!(h >= number * 1.3, "{what}: headline {h} against the number's {number}");
                // The hotline's code first and at least its size; the CyberTipline's after
                // it and smaller.
                let found = codes(page);
                assert_eq!(found.len(), 2, "{what}: {found:?}");
                assert_eq!(found[0].0, "https://co4kids.org", "{what}: the first code is the hotline's");
                assert!(found[0].1.w() >= Abs::inches(code_min) - Abs::pt(0.01), "{what}: primary code {}", found[0].1.w());
                assert_eq!(found[1].0, "https://report.cybertip.org/", "{what}");
                assert!(found[1].1.w() < found[0].1.w(), "{what}: the second code is smaller");
                // One left edge: the headline, the panel's first text, the foot's code and
                // the county box's text start on the margin.
                let edge =
                    headline.iter().filter_map(|i| awareprint::preflight::text_box(i, &fonts)).map(|b| b.x()).fold(Abs::pt(1e6), Abs::min);
                let number_x = all
                    .iter()
                    .find(|(_, i)| text_of(i) == "1-844-CO-4-KIDS")
                    .and_then(|(_, i)| awareprint::preflight::text_box(i, &fonts))
                    .unwrap()
                    .x();
                assert!((number_x - edge).to_pt().abs() < 0.5, "{what}: the number starts at {number_x}, the headline at {edge}");
                let foot_code = found[1].1.x();
                assert!((foot_code - edge).to_pt().abs() < 0.5 || size == SizeName::Tabloid, "{what}: the foot's code at {foot_code}");
                if laid.edition == "boulder" {
                    let local = all.iter().find(|(_, i)| text_of(i).contains("303-441-3700")).expect("Boulder's number");
                    let x = page
                        .items
                        .iter()
                        .filter_map(|i| {
                            awareprint::preflight::text_box(i, &fonts)
                                .filter(|b| (b.y() - awareprint::preflight::text_box(local.1, &fonts).unwrap().y()).to_pt().abs() < 20.0)
                        })
                        .map(|b| b.x())
                        .fold(Abs::pt(1e6), Abs::min);
                    assert!((x - edge).to_pt().abs() < 0.5, "{what}: the county box's text at {x}");
                }
                // Beside the number: anyone may report without giving their name.
                let said: String = all.iter().map(|(_, i)| text_of(i)).collect::<Vec<_>>().join(" ");
                let no_name = if lang == "en" { "without giving their" } else { "sin dar su" };
                assert!(said.contains(no_name), "{what}: {said}");
            }
        }
    }
}

#[test]
fn the_sticker_has_its_line_at_16_to_18_pt_equal_margins_and_a_number_to_text() {
    let fonts = FontSet::load();
    for lang in ["en", "es"] {
        for profile in [Profile::Office, Profile::Press] {
            for laid in laid("restroom-sticker", lang, None, profile) {
                let page = &laid.pages[0];
                let what = format!("{} {lang} {profile:?}", laid.edition);
                let all = texts(page);
                for (_, line) in all.iter().filter(|(r, _)| *r == Some(Role::H1)) {
                    let s = size_of(line);
                    assert!(s >= Abs::pt(16.0) && s <= Abs::pt(18.0), "{what}: the line at {s}");
                }
                // Equal margins of at least 3/16 in: no text and no code's modules closer to
                // the trim on any side, and the nearest ink as near on the left as on the
                // right.
                let m = Abs::inches(3.0 / 16.0) - Abs::pt(0.01);
                let mut boxes: Vec<Rect> = all.iter().filter_map(|(_, i)| awareprint::preflight::text_box(i, &fonts)).collect();
                boxes.extend(codes(page).into_iter().map(|(_, r)| r));
                let ink_box = |b: &Rect| {
                    // Text boxes run to the font's ascender: the space a line takes.
                    *b
                };
                let left = boxes.iter().map(|b| ink_box(b).x()).fold(Abs::pt(1e6), Abs::min);
                let right = boxes.iter().map(|b| page.trim.w - ink_box(b).right()).fold(Abs::pt(1e6), Abs::min);
                let bottom = boxes.iter().map(|b| page.trim.h - ink_box(b).bottom()).fold(Abs::pt(1e6), Abs::min);
                assert!(left >= m && right >= m && bottom >= m, "{what}: margins {left} {right} {bottom}");
                assert!((left - right).to_pt().abs() < 14.0, "{what}: left {left}, right {right}");
                let said: String = all.iter().map(|(_, i)| text_of(i)).collect::<Vec<_>>().join(" ");
                assert!(said.contains("720-999-9724"), "{what}: no number to text in {said}");
                assert!(!said.contains("restroom-sticker ·"), "{what}: a version code on the face");
                assert!(page.outside.iter().any(|i| text_of(i).contains("restroom-sticker")), "{what}: the version code prints outside");
                let die = page.items.iter().any(|i| matches!(i, Item::DieLine { .. }));
                assert_eq!(die, profile == Profile::Press, "{what}: a die line on press PDFs only");
            }
        }
    }
}

#[test]
fn the_wallet_card_has_no_slug_on_its_faces_and_digits_60_percent_of_the_vanity() {
    for lang in ["en", "es"] {
        for profile in [Profile::Office, Profile::Press] {
            for laid in laid("wallet-card", lang, None, profile) {
                let what = format!("{} {lang} {profile:?}", laid.edition);
                assert_eq!(laid.pages.len(), 2, "{what}");
                for page in &laid.pages {
                    let all = texts(page);
                    assert!(!all.iter().any(|(_, i)| text_of(i).contains("wallet-card ·")), "{what}: a version code on a face");
                    // No edge bar: the only fill on the back is none; on the front, the background.
                    let fills = page.items.iter().filter(|i| matches!(i, Item::Fill { .. })).count();
                    assert!(fills <= 1, "{what}: {fills} fills");
                }
                assert!(
                    laid.pages[1].outside.iter().any(|i| text_of(i).contains("wallet-card")),
                    "{what}: the version code prints outside"
                );
                // Type at 9 pt at least on the front (reversed out of the brand colour),
                // 8.5 pt on the back, on every edition.
                for (n, least) in [(0, 9.0), (1, 8.5)] {
                    for (_, item) in texts(&laid.pages[n]) {
                        assert!(size_of(item) >= Abs::pt(least), "{what} page {}: `{}` at {}", n + 1, text_of(item), size_of(item));
                    }
                }
                let front = texts(&laid.pages[0]);
                // No sentence's first word alone at a line's end ("fault. You / can call.").
                for (_, line) in &front {
                    let t = text_of(line);
                    let mut words = t.split_whitespace().rev();
                    let (last, before) = (words.next(), words.next());
                    let ends = |w: &str| w.ends_with(['.', '!', '?']);
                    assert!(!(before.is_some_and(ends) && last.is_some_and(|w| !ends(w))), "{what}: `{t}` ends on a sentence's first word");
                }
                let vanity = front.iter().find(|(_, i)| text_of(i) == "1-844-CO-4-KIDS").map(|(_, i)| size_of(i)).expect("the number");
                let digits = front.iter().find(|(_, i)| text_of(i) == "1-844-264-5437").map(|(_, i)| size_of(i)).expect("the digits");
                assert!(digits >= vanity * 0.6, "{what}: digits {digits} against {vanity}");
            }
        }
    }
}

/// A county's number in a fixed slot: the front is the statewide one, text for text and
/// position for position; Boulder's number prints in the back's foot slot, on the
/// bottom of the live area and starting on its edge, where the statewide edition has
/// its campaign line.
#[test]
fn the_wallet_cards_county_number_has_a_fixed_slot_and_the_front_never_changes() {
    let fonts = FontSet::load();
    for lang in ["en", "es"] {
        for profile in [Profile::Office, Profile::Press] {
            let both = laid("wallet-card", lang, None, profile);
            let (statewide, boulder) = (&both[0], &both[1]);
            let place = |page: &Page| -> Vec<(String, f64, f64, f64)> {
                texts(page)
                    .iter()
                    .map(|(_, i)| {
                        let b = awareprint::preflight::text_box(i, &fonts).unwrap();
                        (text_of(i), b.x().to_pt(), b.y().to_pt(), size_of(i).to_pt())
                    })
                    .collect()
            };
            assert_eq!(place(&statewide.pages[0]), place(&boulder.pages[0]), "{lang} {profile:?}: the front differs");
            let last = |page: &Page| -> (String, Rect) {
                let texts = texts(page);
                let (_, item) = texts.last().unwrap();
                (text_of(item), awareprint::preflight::text_box(item, &fonts).unwrap())
            };
            let safe = Abs::inches(0.125);
            let (number, at) = last(&boulder.pages[1]);
            assert!(number.ends_with("303-441-3700"), "{lang} {profile:?}: the back ends with Boulder's number: {number}");
            let trim = boulder.pages[1].trim;
            assert!(
                (trim.h - safe - at.bottom()).to_pt().abs() < 2.5,
                "{lang} {profile:?}: the number's line ends at {} of {}",
                at.bottom(),
                trim.h - safe
            );
            let (campaign, at_statewide) = last(&statewide.pages[1]);
            assert!(campaign.contains("Know the signs") || campaign.contains("Atentos a las señales"), "{lang}: {campaign}");
            assert!((at_statewide.bottom() - at.bottom()).to_pt().abs() < 2.5, "{lang}: the slot is where the campaign line is");
            let label = texts(&boulder.pages[1])
                .iter()
                .find(|(_, i)| text_of(i).starts_with("Boulder County District") || text_of(i).starts_with("Oficina del Fiscal"))
                .and_then(|(_, i)| awareprint::preflight::text_box(i, &fonts))
                .expect("the contact's name");
            for r in [label, at_statewide] {
                assert!((r.x() - safe).to_pt().abs() < 1.0, "{lang} {profile:?}: the slot starts at {}", r.x());
            }
        }
    }
}

#[test]
fn captions_under_a_code_start_on_its_visible_edge() {
    let fonts = FontSet::load();
    let mut checked = 0;
    for (material, size) in [("poster", Some(SizeName::Letter)), ("restroom-sticker", None), ("wallet-card", None)] {
        for lang in ["en", "es"] {
            for laid in laid(material, lang, size, Profile::Office).into_iter().filter(hotline_page) {
                for page in &laid.pages {
                    for (payload, code) in codes(page) {
                        // The text lines starting under the code, within its width.
                        let under: Vec<Rect> = texts(page)
                            .iter()
                            .filter_map(|(_, i)| awareprint::preflight::text_box(i, &fonts))
                            .filter(|b| {
                                b.y() > code.bottom()
                                    && b.y() < code.bottom() + Abs::pt(40.0)
                                    && b.x() < code.right()
                                    && b.right() > code.x()
                            })
                            .collect();
                        if under.is_empty() {
                            continue;
                        }
                        let x = under.iter().map(|b| b.x()).fold(Abs::pt(1e6), Abs::min);
                        assert!(
                            (x - code.x()).to_pt().abs() < 0.5,
                            "{material} {lang} {}: caption at {x}, {payload}'s modules at {}",
                            laid.edition,
                            code.x()
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 8, "only {checked} captions under codes");
}

/// The identity lockup on every piece (issue 25): the campaign line prints on the
/// sticker's band, at the end of its kicker row (a county's name at its start), and at
/// the start of every handout page's footer, in the language of the piece.
#[test]
fn the_campaign_line_prints_on_the_sticker_and_every_handout_page() {
    let fonts = FontSet::load();
    let line = |lang: &str| if lang == "en" { "Know the signs. Make the call." } else { "Atentos a las señales, listos para llamar." };
    for lang in ["en", "es"] {
        for profile in [Profile::Office, Profile::Press] {
            for laid in laid("restroom-sticker", lang, None, profile) {
                let what = format!("sticker {} {lang} {profile:?}", laid.edition);
                let page = &laid.pages[0];
                let all = texts(page);
                let (_, campaign) =
                    all.iter().find(|(_, i)| text_of(i) == line(lang)).unwrap_or_else(|| panic!("{what}: no campaign line"));
                let b = awareprint::preflight::text_box(campaign, &fonts).unwrap();
                let (_, head) = all.iter().find(|(r, _)| *r == Some(Role::H1)).unwrap();
                let h = awareprint::preflight::text_box(head, &fonts).unwrap();
                assert!(b.bottom() <= h.y() + Abs::pt(1.0), "{what}: the campaign line is not above the headline");
                let end = page.trim.w - Abs::inches(3.0 / 16.0);
                assert!((b.right() - end).to_pt().abs() < 1.5, "{what}: the campaign line ends at {} of {end}", b.right());
            }
            for material in ["parent-handout", "professional-handout"] {
                for laid in laid(material, lang, None, profile) {
                    for (n, page) in laid.pages.iter().enumerate() {
                        let what = format!("{material} {} {lang} {profile:?} page {}", laid.edition, n + 1);
                        let footer: Vec<_> = texts(page).into_iter().filter(|(r, _)| r.is_none()).collect();
                        let first = footer.iter().map(|(_, i)| i).min_by(|a, b| {
                            let (a, b) =
                                (awareprint::preflight::text_box(a, &fonts).unwrap(), awareprint::preflight::text_box(b, &fonts).unwrap());
                            a.x().to_pt().total_cmp(&b.x().to_pt())
                        });
                        assert_eq!(first.map(|i| text_of(i)).as_deref(), Some(line(lang)), "{what}: the footer's start");
                    }
                }
            }
        }
    }
}

/// 911 is never left alone on a line under its label: on every handout, poster,
/// two-language poster, card and sticker, each "911" printed in large type shares its
/// baseline with the words before it. And no plain number (911, Boulder's District
/// Attorney's number) follows its label across a gap: where text precedes it on its
/// baseline, the number starts within one and a half of that text's size of its end.
#[test]
fn plain_numbers_follow_their_labels_closely() {
    let fonts = FontSet::load();
    for material in ["parent-handout", "professional-handout", "poster", "bilingual-poster", "wallet-card", "restroom-sticker"] {
        let langs: &[&str] = if material == "bilingual-poster" { &["en-es"] } else { &["en", "es"] };
        for lang in langs {
            for laid in laid(material, lang, None, Profile::Office) {
                for (n, page) in laid.pages.iter().enumerate() {
                    let what = format!("{material} {} {lang} page {}", laid.edition, n + 1);
                    let all = texts(page);
                    let base = |i: &Item| match i {
                        Item::Text { origin, .. } => *origin,
                        _ => unreachable!(),
                    };
                    for (_, number) in all.iter().filter(|(_, i)| ["911", "303-441-3700"].contains(&text_of(i).as_str())) {
                        let at = base(number);
                        let before = all
                            .iter()
                            .filter(|(_, i)| {
                                let o = base(i);
                                !std::ptr::eq(*i, *number) && (o.y - at.y).to_pt().abs() < 0.5 && o.x < at.x
                            })
                            .max_by(|a, b| base(a.1).x.to_pt().total_cmp(&base(b.1).x.to_pt()));
                        let Some((_, label)) = before else {
                            assert!(text_of(number) != "911", "{what}: 911 alone on its line");
                            continue;
                        };
                        let end = awareprint::preflight::text_box(label, &fonts).unwrap().right();
                        let Item::Text { size, .. } = label else { unreachable!() };
                        let gap = at.x - end;
                        assert!(
                            gap <= *size * 1.5,
                            "{what}: {} starts {gap} after `{}` ({size}): a gap between a label and its number",
                            text_of(number),
                            text_of(label)
                        );
                    }
                }
            }
        }
    }
}

/// One type scale per poster and language: the statewide edition fits its body as if a
/// county's name and one local contact were there, so that Boulder's prints the body at
/// the statewide size, on Letter, Tabloid and A3, in English and Spanish.
#[test]
fn a_poster_prints_its_body_at_one_size_on_every_edition() {
    for size in [None, Some(SizeName::Tabloid), Some(SizeName::A3)] {
        for lang in ["en", "es"] {
            let both = laid("poster", lang, size, Profile::Office);
            let (statewide, boulder) = (&both[0], &both[1]);
            assert_eq!(statewide.smallest_body, boulder.smallest_body, "{lang} {size:?}");
        }
    }
}

/// The two-language poster on one grid: the second language's column starts at one x
/// in every region: its headline, its body, its local contact (Boulder), the campaign
/// line in the foot, and its report title where the report panel has no code beside
/// it (Tabloid, A3; on Letter the panel's columns are those the code leaves).
#[test]
fn the_two_language_poster_keeps_one_second_column() {
    for size in [SizeName::Letter, SizeName::Tabloid, SizeName::A3] {
        for laid in laid("bilingual-poster", "en-es", Some(size), Profile::Press) {
            let name = format!("{} at {size:?}", laid.path.display());
            let page = &laid.pages[0];
            let x_of = |start: &str| -> Option<Abs> {
                page.items.iter().find_map(|i| match i {
                    Item::Text { origin, .. } if text_of(i).starts_with(start) => Some(origin.x),
                    _ => None,
                })
            };
            let mut regions = vec!["La trata de", "¿Le preocupa", "Atentos a"];
            if size != SizeName::Letter {
                regions.push("Cómo reportar");
            }
            if laid.path.to_string_lossy().contains("boulder") {
                regions.push("Oficina del");
            }
            let xs: Vec<(&str, Abs)> = regions.iter().map(|r| (*r, x_of(r).unwrap_or_else(|| panic!("{name}: no `{r}`")))).collect();
            for (r, x) in &xs {
                assert!((*x - xs[0].1).to_pt().abs() < 0.5, "{name}: `{r}` starts at {x}, the headline at {}", xs[0].1);
            }
        }
    }
}

/// The sticker's code sits at its end: its modules' far edge on the margin, or in from
/// it only as far as its quiet zone must stay 1/8 in inside the cut.
#[test]
fn the_stickers_code_sits_on_its_end_margin() {
    for lang in ["en", "es"] {
        for laid in laid("restroom-sticker", lang, None, Profile::Press) {
            let page = &laid.pages[0];
            let (right, quiet_right) = page
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Qr { rects, bounds, .. } => Some((rects.iter().map(|r| r.right()).max().unwrap(), bounds.right())),
                    _ => None,
                })
                .unwrap();
            let margin = page.trim.w - Abs::inches(3.0 / 16.0);
            let cut_safe = page.trim.w - Abs::inches(0.125);
            assert!(right <= margin + Abs::pt(0.5), "{}: the code's modules end at {right}, past the margin {margin}", laid.path.display());
            assert!(quiet_right <= cut_safe + Abs::pt(0.01), "{}: the quiet zone reaches {quiet_right}", laid.path.display());
            assert!(
                (right - margin).to_pt().abs() < 0.5 || (quiet_right - cut_safe).to_pt().abs() < 0.5,
                "{}: the code ends at {right}, in from the margin {margin} more than its quiet zone needs",
                laid.path.display()
            );
        }
    }
}

/// The sticker's quiet channel comes second: under the hotline's number, before 911,
/// the Colorado Human Trafficking Hotline's number for texts (the registry's) in bold,
/// larger than its label, linked to a new message (`sms:`), never a call; 911 smaller
/// than the hotline's number; the band's reversed type at 9 pt at least.
#[test]
fn the_stickers_text_channel_comes_second_in_bold() {
    let project = Project::open(&materials_dir()).unwrap();
    let sms = project.registry.get("co-ht-hotline").and_then(|c| c.sms.clone()).expect("the registry's text number");
    for lang in ["en", "es"] {
        for laid in laid("restroom-sticker", lang, None, Profile::Office) {
            let name = laid.path.display().to_string();
            let page = &laid.pages[0];
            let all = texts(page);
            let find = |t: &str| all.iter().map(|(_, i)| *i).find(|i| text_of(i) == t).unwrap_or_else(|| panic!("{name}: no `{t}`"));
            let (hotline, text, emergency) = (find("1-844-CO-4-KIDS"), find(sms.written()), find("911"));
            let at = |i: &Item| match i {
                Item::Text { origin, size, font, .. } => (*origin, *size, *font),
                _ => unreachable!(),
            };
            let ((h, h_size, _), (t, t_size, t_font), (e, e_size, _)) = (at(hotline), at(text), at(emergency));
            assert!(h.y < t.y && t.y < e.y, "{name}: the text channel is not second ({} {} {})", h.y, t.y, e.y);
            assert_eq!(t_font, awareprint::layout::FontId::Bold, "{name}: the number to text");
            assert!(t_size >= Abs::pt(10.0), "{name}: the number to text at {t_size}");
            assert!(e_size < h_size, "{name}: 911 at {e_size}, the hotline at {h_size}");
            let label = all
                .iter()
                .map(|(_, i)| *i)
                .find(|i| matches!(i, Item::Text { origin, .. } if (origin.y - t.y).to_pt().abs() < 0.01 && origin.x < t.x))
                .unwrap_or_else(|| panic!("{name}: the number to text has no label on its line"));
            assert!(size_of(label) * 1.2 < t_size, "{name}: the number to text at {t_size}, its label at {}", size_of(label));
            let links: Vec<&str> = page
                .items
                .iter()
                .filter_map(|i| {
                    if let Item::Link { rect, uri } = i {
                        (rect.x() <= t.x && t.x < rect.right() && rect.y() <= t.y && t.y <= rect.bottom()).then_some(uri.as_str())
                    } else {
                        None
                    }
                })
                .collect();
            assert_eq!(links, [sms.sms_uri().as_str()], "{name}: the number to text's link");
            for (_, i) in all.iter().filter(|(_, i)| matches!(i, Item::Text { color, .. } if *color == awareprint::layout::Color::WHITE)) {
                assert!(size_of(i) >= Abs::pt(9.0), "{name}: `{}` reversed at {}", text_of(i), size_of(i));
            }
        }
    }
}

/// On every size, the poster's hotline code is on the report panel beside the number
/// it opens (its plate spans the number's line), not in the foot strip.
#[test]
fn the_posters_hotline_code_is_beside_its_number_at_every_size() {
    for size in [SizeName::Letter, SizeName::Tabloid, SizeName::A4, SizeName::A3] {
        for lang in ["en", "es"] {
            for laid in laid("poster", lang, Some(size), Profile::Press) {
                let name = format!("{} at {size:?}", laid.path.display());
                let page = &laid.pages[0];
                let code = page
                    .items
                    .iter()
                    .find_map(|i| match i {
                        Item::Qr { bounds, payload, .. } if payload == "https://co4kids.org" => Some(*bounds),
                        _ => None,
                    })
                    .unwrap_or_else(|| panic!("{name}: no hotline code"));
                let number = page
                    .items
                    .iter()
                    .find_map(|i| match i {
                        Item::Text { origin, .. } if text_of(i) == "1-844-CO-4-KIDS" => Some(*origin),
                        _ => None,
                    })
                    .unwrap();
                assert!(
                    code.y() < number.y && number.y < code.bottom(),
                    "{name}: the number's line at {} beside no code ({code:?})",
                    number.y
                );
                assert!(code.x() > number.x, "{name}: the code before the number");
            }
        }
    }
}
