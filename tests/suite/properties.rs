//! Property tests with proptest (failures shrink to a small case and are replayed
//! from `tests/proptest-regressions/properties.txt`): the keypad check against an independent table, line
//! breaking against the measure, and whole layouts of random copy that either fit
//! inside their regions or fail with a message, never panic.

use crate::common;
use awareprint::contacts::{check_phone, nanp_problem};
use awareprint::layout::text::Shaper;
use awareprint::layout::{Abs, FontId, FontSet, Item, Rect};
use awareprint::project::Project;
use proptest::prelude::*;

/// The keypad as printed on phones, written out independently of the code under test.
fn keypad(c: char) -> char {
    for (digit, letters) in
        [('2', "ABC"), ('3', "DEF"), ('4', "GHI"), ('5', "JKL"), ('6', "MNO"), ('7', "PQRS"), ('8', "TUV"), ('9', "WXYZ")]
    {
        if letters.contains(c) {
            return digit;
        }
    }
    c
}

/// A North American number as printed: `1-NXX-...`, with letters mixed in after the
/// area code (index 0 is 2-9, indices 1-2 digits, the rest a digit or a letter).
fn printed_number() -> impl Strategy<Value = String> {
    let first = (b'2'..=b'9').prop_map(char::from);
    let digit = (b'0'..=b'9').prop_map(char::from);
    let any = prop_oneof![(b'0'..=b'9').prop_map(char::from), (b'A'..=b'Z').prop_map(char::from)];
    (first, proptest::collection::vec(digit, 2), proptest::collection::vec(any, 7)).prop_map(|(f, ds, rest)| {
        let chars: Vec<char> = std::iter::once(f).chain(ds).chain(rest).collect();
        let mut written = String::from("1-");
        for (i, c) in chars.into_iter().enumerate() {
            if i == 3 || i == 6 {
                written.push('-');
            }
            written.push(c);
        }
        written
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn keypad_check_accepts_exactly_the_right_digits(written in printed_number(), change in 0usize..10) {
        let digits: String = written.chars().map(keypad).collect();
        let vanity = written.chars().any(|c| c.is_ascii_alphabetic());
        let ten = digits.replace('-', "")[1..].to_string();
        if let Some(why) = nanp_problem(&ten) {
            // Not a number the plan can assign (an exchange starting 0 or 1, N11, 555-01XX,
            // premium): refused whatever its spelling.
            prop_assert!(check_phone(&written, Some(&digits)).unwrap_err().message.contains(&why), "{}", written);
            return Ok(());
        }
        let phone = check_phone(&written, Some(&digits)).unwrap_or_else(|e| panic!("{written} / {digits}: {e}"));
        prop_assert_eq!(phone.digits(), digits.replace('-', ""));
        prop_assert_eq!(phone.is_vanity(), vanity);
        // Change one digit of the printed digits: always refused.
        let pos = 2 + change;
        let pos = if digits.as_bytes()[pos] == b'-' { pos + 1 } else { pos };
        let mut wrong: Vec<char> = digits.chars().collect();
        wrong[pos] = if wrong[pos] == '9' { '8' } else { char::from(wrong[pos] as u8 + 1) };
        let wrong: String = wrong.into_iter().collect();
        prop_assert!(check_phone(&written, Some(&wrong)).is_err(), "{} accepted {}", written, wrong);
    }
}

const WORDS: &[&str] = &[
    "child",
    "exploitation",
    "was",
    "abuse",
    "report",
    "{emergency}",
    "{co-hotline}",
    "call",
    "help",
    "a",
    "the",
    "supercalifragilisticexpialidocious",
    "safety,",
    "online.",
    "niño",
    "¿qué?",
    "school",
    "work",
    "debt",
    "trust",
    "{co-hotline.web}",
];

/// Between 1 and `max` random words.
fn sentence(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 1..=max).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn lines_never_exceed_the_measure_and_keep_every_word(
        text in sentence(40),
        tenths in 60u32..360,
        measure in 30u32..530,
        bold in any::<bool>(),
    ) {
        let fonts = FontSet::load();
        let mut shaper = Shaper::new(&fonts);
        let (size, width) = (Abs::pt(tenths as f64 / 10.0), Abs::pt(measure as f64));
        let font = if bold { FontId::Bold } else { FontId::Regular };
        let shaped = shaper.shape(font, &text).unwrap();
        match shaped.wrap(size, width) {
            Ok(lines) => {
                for l in &lines {
                    prop_assert!(l.width.fits(width), "{:?} at {:?} in {:?}: a line is {:?}", text, size, width, l.width);
                }
                let joined: Vec<String> = lines.iter().map(|l| l.glyphs.iter().map(|g| g.text.as_str()).collect::<String>()).collect();
                prop_assert_eq!(joined.concat(), text, "every character kept, in order");
            }
            Err(too_wide) => {
                prop_assert!(too_wide.excess > Abs::ZERO);
                prop_assert!(text.contains(&too_wide.word), "{:?} not in {:?}", too_wide.word, text);
            }
        }
    }
}

/// A block of random copy in a material.
#[derive(Clone, Debug)]
enum Block {
    Paragraph(String),
    Bullets(String, String),
    Heading(String),
}

/// A random material: its kind (0 poster, 1 wallet card, 2 handout), a heading, up to
/// six blocks, and the card's signs.
fn material() -> impl Strategy<Value = (usize, String, Vec<Block>, String)> {
    let block = prop_oneof![
        sentence(50).prop_map(Block::Paragraph),
        (sentence(4), sentence(9)).prop_map(|(a, b)| Block::Bullets(a, b)),
        sentence(3).prop_map(Block::Heading),
    ];
    (0usize..3, sentence(6), proptest::collection::vec(block, 0..=6), sentence(30))
}

/// Lay out one random material: `Ok(true)` when it was laid out inside its live
/// area, `Ok(false)` when it was refused with messages naming its files; `Err` says
/// what went wrong.
fn lay_out_random((kind, head, blocks, signs): &(usize, String, Vec<Block>, String)) -> Result<bool, String> {
    // The shipped materials and fonts, loaded once for every case.
    static SHIPPED: std::sync::OnceLock<(Project, FontSet)> = std::sync::OnceLock::new();
    let (project, fonts) = SHIPPED.get_or_init(|| (Project::open(&common::materials_dir()).unwrap(), FontSet::load()));
    let edition = project.statewide();
    // The structure names keys; the copy file holds the random text.
    let mut yaml = String::from(match kind {
        0 => "kind: poster\nauthor: a\nblocks:\n  - heading: k0\n",
        1 => "kind: wallet-card\nauthor: a\nfront:\n  - heading: k0\n",
        _ => "kind: handout\nauthor: a\nblocks:\n  - heading: k0\n",
    });
    let mut copy = format!("lang: en-US\ntitle: T\nsubject: s\nqr-code: QR code\nlogo: Logo\nk0: \"{head}\"\n");
    for (i, b) in blocks.iter().enumerate() {
        let k = i + 1;
        match b {
            Block::Paragraph(t) => {
                yaml.push_str(&format!("  - paragraph: k{k}\n"));
                copy.push_str(&format!("k{k}: \"{t}\"\n"));
            }
            Block::Bullets(a, b) => {
                yaml.push_str(&format!("  - bullets: k{k}\n"));
                copy.push_str(&format!("k{k}: [\"{a}\", \"{b}\"]\n"));
            }
            Block::Heading(t) => {
                yaml.push_str(&format!("  - heading: k{k}\n"));
                copy.push_str(&format!("k{k}: \"{t}\"\n"));
            }
        }
    }
    yaml.push_str("  - call: {contact: co-hotline, label: call}\n  - paragraph: danger\n");
    copy.push_str("call: \"Call any time:\"\ndanger: \"Danger? Call {emergency}.\"\ncaption: Scan to report online\n");
    if *kind == 1 {
        yaml.push_str("back:\n  - bullets: signs\n  - qr: {contact: cybertipline, caption: caption}\n");
        copy.push_str(&format!("signs: [\"{signs}\"]\n"));
    } else {
        yaml.push_str("  - qr: {contact: cybertipline, caption: caption}\n");
    }
    let doc = awareprint::project::resolve_text(&yaml, &copy, "en", &edition).map_err(|e| format!("{yaml}\n{copy}\n{e:?}"))?;
    match awareprint::build::lay_out(&doc, false, fonts) {
        Ok(laid) => {
            for page in &laid.pages {
                let m = if *kind == 1 { Abs::inches(0.125) } else { Abs::inches(0.5) };
                let live = Rect::new(m, m, page.trim.w - m * 2.0, page.trim.h - m * 2.0);
                for item in &page.items {
                    let r = match item {
                        Item::Text { .. } => awareprint::preflight::text_box(item, fonts).unwrap(),
                        Item::Qr { bounds, .. } => *bounds,
                        _ => continue,
                    };
                    // Text boxes here run from ascender to descender: allow their leading.
                    let slack = Rect::new(live.x(), live.y() - Abs::pt(4.0), live.w(), live.h() + Abs::pt(8.0));
                    if !slack.contains(&r) {
                        return Err(format!("{yaml}\n{r:?} outside {live:?}"));
                    }
                }
            }
            Ok(true)
        }
        Err(problems) => {
            // Copy that does not fit names the language file, where it is fixed; the
            // structure file only for what is wrong with the structure.
            let named = |p: &awareprint::diag::Diagnostic| {
                let f = p.file.as_deref().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
                (f == "material.en.yaml" || f == "material.yaml") && p.to_string().starts_with("error: material.")
            };
            if problems.iter().all(named) { Ok(false) } else { Err(format!("{problems:?}")) }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Random copy in each kind of material: laid out inside its live area, or
    /// refused with a message naming the file.
    #[test]
    fn random_materials_fit_inside_their_regions_or_fail_cleanly(m in material()) {
        if let Err(why) = lay_out_random(&m) {
            prop_assert!(false, "{}", why);
        }
    }
}

/// The generator exercises both outcomes: 120 materials drawn with proptest's
/// deterministic runner include many that fit and some that are refused.
#[test]
fn the_material_generator_makes_both_outcomes() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = material();
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..120 {
        let m = strategy.new_tree(&mut runner).unwrap().current();
        match lay_out_random(&m) {
            Ok(true) => ok += 1,
            Ok(false) => refused += 1,
            Err(why) => panic!("{why}"),
        }
    }
    assert!(ok > 20 && refused > 5, "{ok} laid out, {refused} refused: the generator should exercise both");
}

/// The failures proptest kept (tests/proptest-regressions/properties.txt, checked in)
/// are where proptest looks for this file's, so every run replays them first.
#[test]
fn the_kept_failures_are_replayed() {
    let persistence = ProptestConfig::default().failure_persistence.expect("failures are kept in a file");
    let seeds = persistence.load_persisted_failures2(Some(file!()));
    assert!(!seeds.is_empty(), "no kept failures found for {}", file!());
}
