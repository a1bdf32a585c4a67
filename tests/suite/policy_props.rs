//! Property tests (proptest) of the printed-text policy over generated, adversarial
//! text: phone numbers and short codes written with every separator and in every
//! script's digits, addresses with paths, ports, schemes, other dots and lookalike
//! letters never get through; ordinary prose does. A failure shrinks to a small case
//! and is replayed from `tests/proptest-regressions/policy_props.txt`.

use awareprint::policy::printed;
use proptest::prelude::*;
use proptest::sample::select;
use std::sync::OnceLock;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

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

fn zeros() -> &'static [char] {
    static Z: OnceLock<Vec<char>> = OnceLock::new();
    Z.get_or_init(digit_zeros)
}

fn seps() -> &'static [String] {
    static S: OnceLock<Vec<String>> = OnceLock::new();
    S.get_or_init(separators)
}

/// A number in groups (3-3-4, 1-3-3-4, 3-3 or five pairs), in one script's digits or
/// mixed, with any separators between the groups.
fn number() -> impl Strategy<Value = String> {
    let groups = select(vec![vec![3, 3, 4], vec![1, 3, 3, 4], vec![3, 3], vec![2, 2, 2, 2, 2]]);
    let zero = select(zeros().to_vec());
    let mixed = proptest::collection::vec(select(zeros().to_vec()), 11);
    let digits = proptest::collection::vec(0u32..10, 11);
    let between = proptest::collection::vec(select(seps().to_vec()), 4);
    (groups, zero, any::<bool>(), mixed, digits, between).prop_map(|(groups, zero, is_mixed, mixed, digits, between)| {
        let mut out = String::new();
        let mut n = 0;
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                out.push_str(&between[i - 1]);
            }
            for _ in 0..*g {
                let z = if is_mixed { mixed[n] } else { zero } as u32;
                out.push(char::from_u32(z + digits[n]).unwrap());
                n += 1;
            }
        }
        out
    })
}

const LOOKALIKE: &[(char, char)] =
    &[('o', '\u{3BF}'), ('o', '\u{43E}'), ('a', '\u{430}'), ('e', '\u{435}'), ('c', '\u{441}'), ('p', '\u{440}'), ('i', '\u{456}')];

/// A web address: host, suffix, any dot, maybe a path or port, maybe a scheme, maybe a
/// lookalike letter.
fn address() -> impl Strategy<Value = String> {
    let host = select(&["co4kids", "report.cybertip", "example", "county-help", "bouldercounty", "a1"][..]);
    let suffix = select(&["org", "gov", "com", "us", "co", "info", "net", "co.uk", "io", "app", "help", "kids", "ORG", "Gov"][..]);
    let dot = select(&[".", "。", "．", "｡", "\u{FE52}", "\u{2024}"][..]);
    let tail = proptest::option::of(select(&["/faq", "/", "/help?x=1", "#top", ":8080", ":443/x"][..]));
    let scheme = proptest::option::of(select(&["https://", "http://", "www.", "HTTPS://", "ftp://", "//"][..]));
    let look = proptest::option::of(select(LOOKALIKE));
    (host, suffix, dot, tail, scheme, look).prop_map(|(host, suffix, dot, tail, scheme, look)| {
        let mut a = format!("{host}{dot}{}{}", suffix.replace('.', dot), tail.unwrap_or(""));
        if let Some(s) = scheme {
            a = format!("{s}{a}");
        }
        if let Some((from, to)) = look {
            a = a.replacen(from, &to.to_string(), 1);
        }
        a
    })
}

#[test]
fn the_generators_cover_every_script_and_separator() {
    assert!(zeros().len() > 50, "every script's digits: {}", zeros().len());
    assert!(seps().len() > 60, "{}", seps().len());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn no_generated_number_gets_through(
        n in number(),
        before in select(&["Call", "Text", "Llame al", "Or", ""][..]),
        after in select(&["", ".", " now.", ", any time."][..]),
    ) {
        let text = format!("{before} {n}{after}");
        prop_assert!(printed(&text, true).is_err(), "{:?} got through", text);
    }

    #[test]
    fn no_generated_address_gets_through(
        a in address(),
        before in select(&["See", "Visit", "Go to", "Vea", ""][..]),
        after in select(&["", ".", " now."][..]),
    ) {
        let text = format!("{before} {a}{after}");
        prop_assert!(printed(&text, true).is_err(), "{:?} got through", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    /// Vanity spellings in any case, with any separator.
    #[test]
    fn no_keypad_spelling_gets_through(
        word in select(&["CO-4-KIDS", "4KIDS", "co-4-kids", "Co4Kids", "BE-FREE-1", "1-THE-LOST", "2HELP-NOW"][..]),
        sep in select(&["-", "", "\u{2011}", "\u{2212}", "."][..]),
    ) {
        let text = format!("Call {}", word.replace('-', sep));
        prop_assert!(printed(&text, true).is_err(), "{:?} got through", text);
    }

    #[test]
    fn ordinary_prose_is_allowed(picked in proptest::collection::vec(select(PROSE), 3..18)) {
        // No two numbers without a letter between them: "24 50" and "2.5 — 1" are
        // digits joined by what is not a letter, a number.
        let mut text: Vec<&str> = Vec::new();
        let mut digits_since_letter = false;
        for w in picked {
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
        prop_assert_eq!(printed(&text, true).map(|_| ()), Ok(()), "{:?} was refused", text);
    }
}

const PROSE: &[&str] = &[
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

/// A phone number in ASCII digits, its groups joined by what a URL may carry.
fn url_number() -> impl Strategy<Value = String> {
    let groups = select(vec![vec![3, 3, 4], vec![1, 3, 3, 4], vec![3, 4], vec![10]]);
    let digits = proptest::collection::vec(0u32..10, 11);
    let url_seps = &["-", ".", "/", "_", "~", "%20", "+", "=", "&", ";", ":", "(", ")", "!", "*", "'", ",", "%2D", "--", "/-/"][..];
    let between = proptest::collection::vec(select(url_seps), 4);
    (groups, digits, between).prop_map(|(groups, digits, between)| {
        let mut out = String::new();
        let mut n = 0;
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                out.push_str(between[i - 1]);
            }
            for _ in 0..*g {
                out.push(char::from_digit(digits[n], 10).unwrap());
                n += 1;
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    /// A web address is printed as text under its code: a number, a keypad spelling
    /// or another address in its path, query or fragment never gets through.
    #[test]
    fn no_number_or_address_prints_through_a_web_address(
        n in url_number(),
        word in select(&["CO-4-KIDS", "1-800-HELP-4-US", "4kids2call", "evil.example.com", "www.evil.org", "x.gov/help"][..]),
        use_word in any::<bool>(),
        at in select(&["/", "/help/", "/help?to=", "/r#", "/a/b/", "/help?lang=es&call="][..]),
        after in select(&["", "/", ".html", "?x=y", "#top"][..]),
    ) {
        let inner = if use_word { word.to_string() } else { n };
        let url = format!("https://www.example.org{at}{inner}{after}");
        prop_assert!(awareprint::contacts::WebUrl::parse(&url).is_err(), "{:?} got through", url);
    }
}
