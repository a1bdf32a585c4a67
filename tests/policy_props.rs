//! Property tests of the printed-text policy over generated, adversarial text: phone
//! numbers and short codes written with every separator and in every script's digits,
//! addresses with paths, ports, schemes, other dots and lookalike letters never get
//! through; ordinary prose does. Seeded (`AWAREPRINT_SEED`), so a failure repeats.

use awareprint::policy::printed;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

struct Rng(u64);

impl Rng {
    fn new(salt: u64) -> Rng {
        let seed = std::env::var("AWAREPRINT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
        Rng(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every decimal digit zero the standard library's Unicode tables know (`Nd`, value 0).
fn digit_zeros() -> Vec<char> {
    (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|c| c.general_category() == GeneralCategory::DecimalNumber && c.to_digit(10).is_none_or(|d| d == 0))
        .filter(|c| {
            // The zero of a run of ten: the next nine are its digits.
            (1..10).all(|k| char::from_u32(*c as u32 + k).is_some_and(|d| d.general_category() == GeneralCategory::DecimalNumber))
                && char::from_u32(*c as u32).is_some_and(|z| {
                    z as u32 == 0x30 || char::from_u32(z as u32 - 1).is_none_or(|p| p.general_category() != GeneralCategory::DecimalNumber)
                })
        })
        .collect()
}

/// Separators someone might put between digit groups: every dash, dot, slash,
/// bracket, space and invisible character class.
fn separators() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let cat = c.general_category();
        let take = matches!(
            cat,
            GeneralCategory::DashPunctuation
                | GeneralCategory::SpaceSeparator
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        ) || matches!(
            c,
            '.' | '·'
                | '•'
                | '․'
                | '‧'
                | '∙'
                | '⋅'
                | '・'
                | '･'
                | '．'
                | '｡'
                | '。'
                | '/'
                | '('
                | ')'
                | '\\'
                | '|'
                | '_'
                | '~'
                | '*'
                | '+'
        );
        if take {
            out.push(c.to_string());
        }
    }
    out.extend(["", " ", "  ", "-", " - ", ". ", ") ", "\u{200B}\u{200B}", "\u{A0}"].map(String::from));
    out
}

fn number(rng: &mut Rng, zeros: &[char], seps: &[String]) -> String {
    let groups: &[usize] = match rng.below(4) {
        0 => &[3, 3, 4],
        1 => &[1, 3, 3, 4],
        2 => &[3, 3],
        _ => &[2, 2, 2, 2, 2],
    };
    let zero = *rng.pick(zeros) as u32;
    let mixed = rng.below(4) == 0;
    let mut out = String::new();
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str(rng.pick(seps).as_str());
        }
        for _ in 0..*g {
            let z = if mixed { *rng.pick(zeros) as u32 } else { zero };
            out.push(char::from_u32(z + rng.below(10) as u32).unwrap());
        }
    }
    out
}

const LOOKALIKE: &[(char, char)] =
    &[('o', '\u{3BF}'), ('o', '\u{43E}'), ('a', '\u{430}'), ('e', '\u{435}'), ('c', '\u{441}'), ('p', '\u{440}'), ('i', '\u{456}')];

fn address(rng: &mut Rng) -> String {
    let host = *rng.pick(&["co4kids", "report.cybertip", "example", "county-help", "bouldercounty", "a1"]);
    let suffix = *rng.pick(&["org", "gov", "com", "us", "co", "info", "net", "co.uk", "io", "app", "help", "kids", "ORG", "Gov"]);
    let dot = *rng.pick(&[".", "。", "．", "｡", "\u{FE52}", "\u{2024}"]);
    let mut a = format!("{host}{dot}{}", suffix.replace('.', dot));
    if rng.below(2) == 0 {
        let tails = ["/faq", "/", "/help?x=1", "#top", ":8080", ":443/x"];
        a += tails[rng.below(tails.len())];
    }
    if rng.below(3) == 0 {
        a = format!("{}{a}", rng.pick(&["https://", "http://", "www.", "HTTPS://", "ftp://", "//"]));
    }
    if rng.below(3) == 0 {
        let (from, to) = *rng.pick(LOOKALIKE);
        a = a.replacen(from, &to.to_string(), 1);
    }
    a
}

#[test]
fn no_generated_number_gets_through() {
    let zeros = digit_zeros();
    assert!(zeros.len() > 50, "every script's digits: {}", zeros.len());
    let seps = separators();
    assert!(seps.len() > 60, "{}", seps.len());
    let mut rng = Rng::new(1);
    for _ in 0..20_000 {
        let n = number(&mut rng, &zeros, &seps);
        let text = format!("{} {n}{}", rng.pick(&["Call", "Text", "Llame al", "Or", ""]), rng.pick(&["", ".", " now.", ", any time."]));
        assert!(printed(&text, true).is_err(), "{text:?} got through");
    }
}

#[test]
fn no_generated_address_or_keypad_spelling_gets_through() {
    let mut rng = Rng::new(2);
    for _ in 0..20_000 {
        let text = format!("{} {}{}", rng.pick(&["See", "Visit", "Go to", "Vea", ""]), address(&mut rng), rng.pick(&["", ".", " now."]));
        assert!(printed(&text, true).is_err(), "{text:?} got through");
    }
    // Vanity spellings in any case, with any separator.
    for _ in 0..5_000 {
        let word = *rng.pick(&["CO-4-KIDS", "4KIDS", "co-4-kids", "Co4Kids", "BE-FREE-1", "1-THE-LOST", "2HELP-NOW"]);
        let sep = *rng.pick(&["-", "", "\u{2011}", "\u{2212}", "."]);
        let text = format!("Call {}", word.replace('-', sep));
        assert!(printed(&text, true).is_err(), "{text:?} got through");
    }
}

#[test]
fn ordinary_prose_is_allowed() {
    let mut rng = Rng::new(3);
    let words = [
        "child",
        "trafficking",
        "is",
        "abuse",
        "report",
        "it",
        "you",
        "do",
        "not",
        "need",
        "proof",
        "menor",
        "línea",
        "días",
        "¿Le",
        "preocupa?",
        "¡Puedes",
        "llamar!",
        "e.g.",
        "U.S.",
        "C.R.S.",
        "a.m.",
        "hours",
        "every",
        "day",
        "“the",
        "life”",
        "don’t",
        "—",
        "–",
        "(and",
        "more)",
        "24",
        "7",
        "50",
        "1,",
        "2.5",
        "12",
        "18",
        "{co-hotline}",
        "{cybertipline.web}",
        "{emergency}",
    ];
    for _ in 0..5_000 {
        let n = 3 + rng.below(15);
        // No two numbers without a letter between them: "24 50" and "2.5 — 1" are
        // digits joined by what is not a letter, a number.
        let mut text: Vec<&str> = Vec::new();
        let mut digits_since_letter = false;
        for _ in 0..n {
            let w = *rng.pick(&words);
            // A placeholder prints a number: digits joined to it make another one.
            let numeric = w.chars().any(|c| c.is_numeric()) || w.starts_with('{');
            if numeric && digits_since_letter {
                text.push("and");
            }
            text.push(w);
            if numeric {
                digits_since_letter = true;
            } else if w.chars().any(char::is_alphabetic) && !w.starts_with('{') {
                digits_since_letter = false;
            }
        }
        let text = text.join(" ");
        assert_eq!(printed(&text, true).map(|_| ()), Ok(()), "{text:?} was refused");
    }
}
