//! Property tests with a small deterministic generator (xorshift; set
//! AWAREPRINT_SEED to explore other inputs): the keypad check against an
//! independent table, line breaking against the measure, and whole layouts of random
//! copy that either fit inside their regions or fail with a message, never panic.

mod common;
use awareprint::contacts::{check_phone, nanp_problem};
use awareprint::content::Edition;
use awareprint::layout::text::Shaper;
use awareprint::layout::{Abs, FontId, FontSet, Item, Rect};
use awareprint::project::Project;

struct Rng(u64);

impl Rng {
    fn new(stream: u64) -> Rng {
        let seed: u64 = std::env::var("AWAREPRINT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
        Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

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

#[test]
fn keypad_check_accepts_exactly_the_right_digits() {
    let mut rng = Rng::new(1);
    for _ in 0..2000 {
        // 1-NXX-XXXXXXX with letters mixed in after the area code.
        let mut written = String::from("1-");
        let mut digits = String::from("1-");
        for i in 0..10 {
            if i == 3 || i == 6 {
                written.push('-');
                digits.push('-');
            }
            let c = if i == 0 {
                char::from(b'2' + rng.below(8) as u8)
            } else if i < 3 || rng.below(2) == 0 {
                char::from(b'0' + rng.below(10) as u8)
            } else {
                char::from(b'A' + rng.below(26) as u8)
            };
            written.push(c);
            digits.push(keypad(c));
        }
        let vanity = written.chars().any(|c| c.is_ascii_alphabetic());
        let ten = digits.replace('-', "")[1..].to_string();
        if let Some(why) = nanp_problem(&ten) {
            // Not a number the plan can assign (an exchange starting 0 or 1, N11, 555-01XX,
            // premium): refused whatever its spelling.
            assert!(check_phone(&written, Some(&digits)).unwrap_err().contains(&why), "{written}");
            continue;
        }
        let phone = check_phone(&written, Some(&digits)).unwrap_or_else(|e| panic!("{written} / {digits}: {e}"));
        assert_eq!(phone.digits(), digits.replace('-', ""));
        assert_eq!(phone.is_vanity(), vanity);
        // Change one digit of the printed digits: always refused.
        let pos = 2 + rng.below(10) as usize;
        let pos = if digits.as_bytes()[pos] == b'-' { pos + 1 } else { pos };
        let mut wrong: Vec<char> = digits.chars().collect();
        wrong[pos] = if wrong[pos] == '9' { '8' } else { char::from(wrong[pos] as u8 + 1) };
        let wrong: String = wrong.into_iter().collect();
        if pos == 2 && wrong.as_bytes()[2] < b'2' {
            continue;
        }
        assert!(check_phone(&written, Some(&wrong)).is_err(), "{written} accepted {wrong}");
    }
}

const WORDS: &[&str] = &[
    "child",
    "trafficking",
    "is",
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
fn sentence(rng: &mut Rng, max: u64) -> String {
    let words = 1 + rng.below(max);
    (0..words).map(|_| *rng.pick(WORDS)).collect::<Vec<_>>().join(" ")
}

#[test]
fn lines_never_exceed_the_measure_and_keep_every_word() {
    let fonts = FontSet::load();
    let mut shaper = Shaper::new(&fonts);
    let mut rng = Rng::new(2);
    for _ in 0..1500 {
        let text = sentence(&mut rng, 40);
        let size = Abs::pt(6.0 + rng.below(300) as f64 / 10.0);
        let width = Abs::pt(30.0 + rng.below(500) as f64);
        let font = if rng.below(2) == 0 { FontId::Regular } else { FontId::Bold };
        let shaped = shaper.shape(font, &text).unwrap();
        match shaped.wrap(size, width) {
            Ok(lines) => {
                for l in &lines {
                    assert!(l.width.fits(width), "{text:?} at {size:?} in {width:?}: a line is {:?}", l.width);
                }
                let joined: Vec<String> = lines.iter().map(|l| l.glyphs.iter().map(|g| g.text.as_str()).collect::<String>()).collect();
                assert_eq!(joined.concat(), text, "every character kept, in order");
            }
            Err(too_wide) => {
                assert!(too_wide.excess > Abs::ZERO);
                assert!(text.contains(&too_wide.word), "{:?} not in {text:?}", too_wide.word);
            }
        }
    }
}

/// Random copy in each kind of material: laid out inside its live area, or refused
/// with a message naming the file.
#[test]
fn random_materials_fit_inside_their_regions_or_fail_cleanly() {
    let project = Project::open(&common::materials_dir()).unwrap();
    let edition = Edition::statewide(&project.registry);
    let fonts = FontSet::load();
    let mut rng = Rng::new(3);
    let (mut ok, mut refused) = (0, 0);
    for n in 0..120 {
        let kind = n % 3;
        // The structure names keys; the copy file holds the random text.
        let mut yaml = String::from(match kind {
            0 => "kind: poster\nauthor: a\nblocks:\n  - heading: k0\n",
            1 => "kind: wallet-card\nauthor: a\nfront:\n  - heading: k0\n",
            _ => "kind: handout\nauthor: a\nblocks:\n  - heading: k0\n",
        });
        let mut copy = format!("lang: en-US\ntitle: T\nsubject: s\nqr-code: QR code\nlogo: Logo\nk0: \"{}\"\n", sentence(&mut rng, 6));
        for k in 1..=rng.below(6) {
            match rng.below(3) {
                0 => {
                    yaml.push_str(&format!("  - paragraph: k{k}\n"));
                    copy.push_str(&format!("k{k}: \"{}\"\n", sentence(&mut rng, 50)));
                }
                1 => {
                    yaml.push_str(&format!("  - bullets: k{k}\n"));
                    copy.push_str(&format!("k{k}: [\"{}\", \"{}\"]\n", sentence(&mut rng, 4), sentence(&mut rng, 9)));
                }
                _ => {
                    yaml.push_str(&format!("  - heading: k{k}\n"));
                    copy.push_str(&format!("k{k}: \"{}\"\n", sentence(&mut rng, 3)));
                }
            }
        }
        yaml.push_str("  - call: {contact: co-hotline, label: call}\n  - paragraph: danger\n");
        copy.push_str("call: \"Call any time:\"\ndanger: \"Danger? Call {emergency}.\"\ncaption: Scan to report online\n");
        if kind == 1 {
            yaml.push_str("back:\n  - bullets: signs\n  - qr: {contact: cybertipline, caption: caption}\n");
            copy.push_str(&format!("signs: [\"{}\"]\n", sentence(&mut rng, 30)));
        } else {
            yaml.push_str("  - qr: {contact: cybertipline, caption: caption}\n");
        }
        let doc = awareprint::project::resolve_text(&yaml, &copy, "en", &edition).unwrap_or_else(|e| panic!("{yaml}\n{copy}\n{e:?}"));
        match awareprint::build::lay_out(&doc, false, &fonts) {
            Ok(laid) => {
                ok += 1;
                for page in &laid.pages {
                    let m = if kind == 1 { Abs::inches(0.125) } else { Abs::inches(0.5) };
                    let live = Rect::new(m, m, page.trim.w - m * 2.0, page.trim.h - m * 2.0);
                    for item in &page.items {
                        let r = match item {
                            Item::Text { .. } => awareprint::preflight::text_box(item, &fonts).unwrap(),
                            Item::Qr { bounds, .. } => *bounds,
                            _ => continue,
                        };
                        // Text boxes here run from ascender to descender: allow their leading.
                        let slack = Rect::new(live.x, live.y - Abs::pt(4.0), live.w, live.h + Abs::pt(8.0));
                        assert!(slack.contains(&r), "{yaml}\n{r:?} outside {live:?}");
                    }
                }
            }
            Err(problems) => {
                refused += 1;
                // Copy that does not fit names the language file, where it is fixed; the
                // structure file only for what is wrong with the structure.
                let named = |p: &awareprint::diag::Diagnostic| {
                    let f = p.file.as_deref().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
                    f == "material.en.yaml" || f == "material.yaml"
                };
                assert!(problems.iter().all(named), "{problems:?}");
                assert!(problems.iter().all(|p| p.to_string().starts_with("error: material.")), "{problems:?}");
            }
        }
    }
    assert!(ok > 20 && refused > 5, "{ok} laid out, {refused} refused: the generator should exercise both");
}
