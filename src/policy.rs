//! The printed-text policy: every string that is printed passes [`printed`]. It allows
//! rather than denies. The text is first normalised (Unicode NFKC: fullwidth digits,
//! odd spaces, ligatures and other compatibility forms become their plain forms); then
//! each character must be a letter, mark, digit, punctuation or symbol that the fonts
//! can draw, or an ordinary space; anything else (controls, format characters such as
//! a zero-width space or a soft hyphen, line and paragraph separators) is refused with
//! its position. Then numbers and addresses are recognised by their shape:
//!
//! - a **number** is a run of 3 or more digits (of any script, `char::is_numeric`)
//!   joined by anything but a letter: `303 441 3700`, `233-733`, `27,800`, `2024`;
//! - a **keypad spelling** is a word (no spaces) mixing letters and digits with 5 or
//!   more of them: `CO-4-KIDS`, `4kids`;
//! - an **address** is anything with a scheme (`https:`, `tel:911`, `mailto:x`),
//!   `www.`, an `@` between words, or a word with a dot (any of the four the web
//!   accepts: `.` `。` `．` `｡`) followed by a label of 2 or more letters or digits
//!   (`co4kids.org`, `co4kids.org/faq`, `county.gov`): every public suffix has at least
//!   two characters, so this shape covers every web domain, and lookalike letters too.
//!   Abbreviations of single letters (`e.g.`, `U.S.`, `C.R.S.`) stay allowed.
//!
//! Numbers and addresses are printed only through `{placeholders}`, filled from the
//! checked registry after this check has run on the copy.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Why a printed text is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A character that prints as nothing, as a box, or not as itself; `at` is its byte
    /// offset in the text as written.
    Char { at: usize, ch: char, what: &'static str },
    /// A number typed into the text (the digits found).
    Number(String),
    /// A phone number spelled with keypad letters (the word).
    Keypad(String),
    /// A web or mail address typed into the text (the word).
    Address(String),
    /// Digits or letters typed against a placeholder, which would change the number or
    /// address it prints (the words around it).
    Touching(String),
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Char { ch, what, .. } => format!("text contains {} ({what}), which does not print as itself", code_point(*ch)),
            Refusal::Number(n) => format!("number typed into copy: `{n}`; numbers of 3 or more digits are printed only from the registry"),
            Refusal::Keypad(w) => format!("phone number typed into copy: `{w}` spells digits on a keypad"),
            Refusal::Address(w) => format!("web address typed into copy: `{w}`"),
            Refusal::Touching(w) => {
                format!("`{w}`: digits, letters or another placeholder against a placeholder change the number it prints")
            }
        }
    }

    pub fn hint(&self) -> String {
        match self {
            Refusal::Char { .. } => "type it as plain text: letters, digits, punctuation and ordinary spaces".into(),
            Refusal::Touching(_) => "leave a space or punctuation between a placeholder and the words around it, and no digits beside it".into(),
            Refusal::Number(_) | Refusal::Keypad(_) | Refusal::Address(_) => {
                "numbers and addresses come from materials/contacts.yaml: write {co-hotline}, {cybertipline.web}, or a fact such as {ncmec-reports-2024}".into()
            }
        }
    }
}

/// `U+200B ZERO WIDTH SPACE` for the characters people meet, `U+XXXX` otherwise.
pub fn code_point(c: char) -> String {
    let name = match c {
        '\u{00AD}' => " SOFT HYPHEN",
        '\u{200B}' => " ZERO WIDTH SPACE",
        '\u{200C}' => " ZERO WIDTH NON-JOINER",
        '\u{200D}' => " ZERO WIDTH JOINER",
        '\u{2060}' => " WORD JOINER",
        '\u{FEFF}' => " ZERO WIDTH NO-BREAK SPACE",
        '\u{2028}' => " LINE SEPARATOR",
        '\u{2029}' => " PARAGRAPH SEPARATOR",
        '\u{2003}' => " EM SPACE",
        '\u{2002}' => " EN SPACE",
        '\u{2009}' => " THIN SPACE",
        '\u{200A}' => " HAIR SPACE",
        '\u{202F}' => " NARROW NO-BREAK SPACE",
        '\u{3000}' => " IDEOGRAPHIC SPACE",
        '\u{200E}' => " LEFT-TO-RIGHT MARK",
        '\u{200F}' => " RIGHT-TO-LEFT MARK",
        '\u{202E}' => " RIGHT-TO-LEFT OVERRIDE",
        '\t' => " TAB",
        '\n' => " LINE FEED",
        '\r' => " CARRIAGE RETURN",
        '\u{1B}' => " ESCAPE",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Whether `c` may be printed: a letter, mark, digit, punctuation or symbol the fonts
/// have, or U+0020 / U+00A0. Otherwise, what it is.
pub fn char_problem(c: char) -> Option<&'static str> {
    if c == ' ' || c == '\u{A0}' {
        return None;
    }
    let group = c.general_category_group();
    let what = match c.general_category() {
        GeneralCategory::Control => Some("a control character"),
        GeneralCategory::Format => Some("an invisible formatting character"),
        GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator => Some("a line or paragraph separator"),
        GeneralCategory::SpaceSeparator => Some("a space other than the ordinary one"),
        GeneralCategory::Surrogate | GeneralCategory::PrivateUse | GeneralCategory::Unassigned => Some("not a character that prints"),
        _ => None,
    };
    if what.is_some() {
        return what;
    }
    let printable = matches!(
        group,
        GeneralCategoryGroup::Letter
            | GeneralCategoryGroup::Mark
            | GeneralCategoryGroup::Number
            | GeneralCategoryGroup::Punctuation
            | GeneralCategoryGroup::Symbol
    );
    if !printable {
        return Some("not a character that prints");
    }
    if !crate::fonts::covers(c) {
        return Some("the font has no glyph for it");
    }
    None
}

/// The first character of `text` that may not be printed.
pub fn check_chars(text: &str) -> Result<(), Refusal> {
    match text.char_indices().find_map(|(at, ch)| char_problem(ch).map(|what| (at, ch, what))) {
        Some((at, ch, what)) => Err(Refusal::Char { at, ch, what }),
        None => Ok(()),
    }
}

/// The dots a web address may be written with (IDNA's label separators, after NFKC).
fn is_dot(c: char) -> bool {
    // The full stops, and the dots that read as one between two words: middle dot,
    // bullet operator, dot operator, one-dot leader, hyphenation point, katakana
    // middle dot (and its halfwidth form).
    matches!(
        c,
        '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}' | '\u{B7}' | '\u{2219}' | '\u{22C5}' | '\u{2024}' | '\u{2027}' | '\u{30FB}' | '\u{FF65}'
    )
}

/// Where a placeholder stood (see [`without_placeholders`]).
const MARK: char = '\u{FFFC}';

/// Letters that read as digits (`3O3`, `44l`) inside a word that has digits.
fn as_digits(word: &str) -> String {
    if !word.chars().any(|c| c.is_numeric()) {
        return word.to_string();
    }
    word.chars()
        .map(|c| match c {
            'O' | 'o' | 'D' => '0',
            'l' | 'I' | '|' => '1',
            'Z' | 'z' => '2',
            'S' | 's' => '5',
            'B' => '8',
            c => c,
        })
        .collect()
}

/// Numbers and addresses in `text` (already normalised), by shape.
pub fn check_no_contacts(text: &str) -> Result<(), Refusal> {
    // A placeholder touching a letter or digit would change what it prints
    // (`{co-hotline.digits}0`, `1{emergency}`): it stands apart.
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == MARK {
            let touches = |k: Option<&char>| k.is_some_and(|n| n.is_alphanumeric());
            // Another placeholder joined to this one by nothing or by punctuation only
            // (`{a}{b}`, `{a}-{b}`) prints one longer number or word.
            let joined = chars[i + 1..].iter().find(|n| n.is_whitespace() || n.is_alphanumeric() || **n == MARK) == Some(&MARK);
            if touches(i.checked_sub(1).and_then(|k| chars.get(k))) || touches(chars.get(i + 1)) || joined {
                let word: String = text.split(char::is_whitespace).find(|w| w.contains(MARK)).unwrap_or("").replace(MARK, "{…}");
                return Err(Refusal::Touching(word));
            }
        }
    }
    for word in text.split(|c: char| c.is_whitespace()) {
        if is_address(word) {
            return Err(Refusal::Address(word.trim_matches(|c: char| !c.is_alphanumeric()).to_string()));
        }
        if is_keypad(word) {
            return Err(Refusal::Keypad(word.trim_matches(|c: char| !c.is_alphanumeric()).to_string()));
        }
    }
    // Numbers: digits joined by anything but a letter (letters that read as digits
    // count inside a word with digits: `3O3 4l4`); a placeholder's number joined to
    // typed digits is one too.
    let text: String = text.split(' ').map(as_digits).collect::<Vec<_>>().join(" ");
    let mut run = String::new();
    let mut digits = 0;
    let mut mark = false;
    for c in text.chars() {
        if c == MARK {
            mark = true;
            if digits > 0 {
                return Err(Refusal::Touching(format!("{}{{…}}", run.trim())));
            }
            continue;
        }
        if c.is_numeric() && mark {
            return Err(Refusal::Touching(format!("{{…}} {c}")));
        }
        if c.is_numeric() {
            digits += 1;
            run.push(c);
            if digits >= 3 {
                // Take the rest of the run for the message.
                continue;
            }
        } else if c.is_alphabetic() {
            if digits >= 3 {
                return Err(Refusal::Number(run.trim_end_matches(|c: char| !c.is_numeric()).trim().to_string()));
            }
            run.clear();
            digits = 0;
            mark = false;
        } else if digits > 0 {
            run.push(c);
        }
    }
    if digits >= 3 {
        return Err(Refusal::Number(run.trim_end_matches(|c: char| !c.is_numeric()).trim().to_string()));
    }
    Ok(())
}

/// Letters and digits mixed in one word, 5 or more of them: a keypad spelling
/// (`CO-4-KIDS`), unless it is an age or size in words (`12-year-old`: 1 or 2 digits,
/// then lower-case words joined by hyphens).
fn is_keypad(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let nums = word.chars().filter(|c| c.is_numeric()).count();
    if letters == 0 || nums == 0 || letters + nums < 5 {
        return false;
    }
    let lead = word.chars().take_while(char::is_ascii_digit).count();
    let rest = &word[lead..];
    let compound = (1..=2).contains(&lead)
        && rest.starts_with('-')
        && rest[1..].split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_lowercase()));
    !compound
}

/// A word that is (or holds) a web or mail address.
fn is_address(word: &str) -> bool {
    // Combining marks are set aside first: an accent put on a dot (`kids.\u{301}org`)
    // does not hide the address it prints.
    let word: String = word.chars().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect();
    let word = word.as_str();
    // A word that is a dot and a public suffix (`.org`, after a space): an address cut
    // in two.
    if let Some(rest) = word.strip_prefix(is_dot) {
        let label: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if label.len() >= 2
            && psl::suffix(format!("x.{label}").as_bytes()).is_some_and(|s| s.is_known() && s.as_bytes() == label.as_bytes())
        {
            return true;
        }
    }
    // A word ending in a public suffix (the list kept by the `psl` crate), with or
    // without a path, query or port.
    let host: String = word.chars().map(|c| if is_dot(c) { '.' } else { c }).collect::<String>().to_lowercase();
    let host = host.trim_matches(|c: char| !c.is_alphanumeric());
    let host = host.split(['/', '?', '#', ':']).next().unwrap_or("");
    if host.contains('.')
        && let Some(suffix) = psl::suffix(host.as_bytes())
        && suffix.is_known()
        && suffix.as_bytes().len() < host.len()
    {
        return true;
    }
    let lower = word.to_lowercase();
    if lower.contains("www.") {
        return true;
    }
    let chars: Vec<char> = word.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let before = i > 0 && chars[i - 1].is_alphanumeric();
        let after = chars.get(i + 1).is_some_and(|n| !n.is_whitespace());
        // A scheme: a word of 2 or more letters (then letters, digits, `+-.`) directly
        // followed by `:` and more: `https:`, `tel:911`, `mailto:x`.
        if c == ':' && after {
            let len = chars[..i].iter().rev().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')).count();
            if len >= 2 && chars[i - len].is_ascii_alphabetic() {
                return true;
            }
        }
        // An email address.
        if c == '@' && before && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) {
            return true;
        }
        // A dot followed by a label of 2 or more letters or digits: a domain.
        if is_dot(c) && before {
            let label = chars[i + 1..].iter().take_while(|c| c.is_alphanumeric() || **c == '-').count();
            if label >= 2 {
                return true;
            }
        }
    }
    false
}

/// Placeholders (`{id}`, `{id.field}`) out of the way, so what they print (checked
/// numbers and addresses) is not mistaken for typed ones; `{{` and `}}` stay braces.
pub fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        if rest[open..].starts_with("{{") {
            out.push('{');
            rest = &rest[open + 2..];
            continue;
        }
        match rest[open..].find('}') {
            Some(close) => {
                out.push(MARK);
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A fact's text (a figure or a citation from the registry): its characters pass the
/// policy; its digits are what it is for.
pub fn fact_text(text: &str) -> Result<String, Refusal> {
    let normal = normalised(text);
    match normal.char_indices().find_map(|(at, ch)| char_problem(ch).map(|what| (at, ch, what))) {
        Some((at, ch, what)) => Err(Refusal::Char { at, ch, what }),
        None => Ok(normal),
    }
}

/// `text` (at `spanned` in `file`) as it will be printed, or the problem: a character
/// pointed at where it stands, a number or address with `hint` (what the field is for).
pub fn check_field<T, V>(
    file: &crate::model::Loaded<T>,
    spanned: &crate::model::Spanned<V>,
    text: &str,
    hint: &str,
) -> Result<String, crate::diag::Problems> {
    printed(text, false).map_err(|r| match r {
        Refusal::Char { ch, .. } => vec![file.error_at_char(spanned, ch, r.message()).hint(r.hint())],
        _ => vec![file.error_at(spanned, r.message()).hint(hint)],
    })
}

/// A fact's text is a figure or a citation, never a sentence, a phone number or an
/// address: an optional abbreviation (`C.R.S.`), then digits in groups joined by `,`
/// `.` `-` `(` `)`, at most 6 digits unless it is one figure in thousands (`27,800`).
/// Returns what is wrong, in words.
pub fn fact_shape(text: &str) -> Result<(), String> {
    let (prefix, body) = match text.rsplit_once(' ') {
        Some((p, b)) => (p, b),
        None => ("", text),
    };
    let abbreviation =
        prefix.is_empty() || (prefix.len() <= 12 && prefix.chars().all(|c| c.is_ascii_uppercase() || c == '.') && prefix.contains('.'));
    let body_ok =
        body.chars().next().is_some_and(|c| c.is_ascii_digit()) && body.chars().all(|c| c.is_ascii_digit() || ",.-()".contains(c));
    if !abbreviation || !body_ok {
        return Err("a fact is a figure (`27,800`), a year or a citation (`C.R.S. 18-3-503`); a statement is a claim in claims.yaml".into());
    }
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let thousands = {
        let groups: Vec<&str> = body.split(',').collect();
        groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
    };
    if digits > 6 && !thousands {
        return Err(format!(
            "`{text}` has {digits} digits: a phone number is a contact, with its checks; a figure is written in thousands (`27,800`)"
        ));
    }
    Ok(())
}

/// `text` in NFKC, except that a no-break space stays one: a writer puts it where a
/// line must not break (`24 horas`), and NFKC would make it an ordinary space.
pub(crate) fn normalised(text: &str) -> String {
    text.split('\u{A0}').map(|part| part.nfkc().collect::<String>()).collect::<Vec<_>>().join("\u{A0}")
}

/// The policy for a printed text: its characters as written, then numbers and
/// addresses in its normalised form (placeholders aside when `placeholders`). Returns
/// the normalised text, which is what is printed.
pub fn printed(text: &str, placeholders: bool) -> Result<String, Refusal> {
    // The same copy is checked for every edition of a material: each thread keeps the
    // verdicts it reached, keyed by the exact text (the policy depends on nothing else).
    type Verdicts = std::collections::HashMap<(String, bool), Result<String, Refusal>>;
    thread_local! {
        static SEEN: std::cell::RefCell<Verdicts> = Default::default();
    }
    let key = (text.to_string(), placeholders);
    if let Some(v) = SEEN.with(|c| c.borrow().get(&key).cloned()) {
        return v;
    }
    let verdict = judge(text, placeholders);
    SEEN.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 4096 {
            c.clear();
        }
        c.insert(key, verdict.clone());
    });
    verdict
}

fn judge(text: &str, placeholders: bool) -> Result<String, Refusal> {
    let normal = normalised(text);
    if let Some(ch) = normal.chars().find(|c| char_problem(*c).is_some()) {
        // Point at the character as written: itself, or the one whose plain form it is.
        let (at, written) = text
            .char_indices()
            .find(|(_, c)| *c == ch)
            .or_else(|| text.char_indices().find(|(_, c)| c.nfkc().any(|n| n == ch)))
            .unwrap_or((0, ch));
        let what = char_problem(ch).unwrap_or("not a character that prints");
        return Err(Refusal::Char { at, ch: written, what });
    }
    let checked = if placeholders { without_placeholders(&normal) } else { normal.clone() };
    check_no_contacts(&checked)?;
    Ok(normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(t: &str) -> bool {
        printed(t, true).is_err()
    }

    #[test]
    fn every_walk_around_is_refused() {
        for t in [
            "Call 844-264-5437",
            "Call 844\u{200B}264\u{200B}5437",
            "Call 844\u{00AD}264\u{00AD}5437",
            "Call 844\u{2060}264\u{2060}5437",
            "Call 844\u{2212}264\u{2212}5437",
            "Call 844\u{FE58}264\u{FE58}5437",
            "Call 844\u{FF0E}264\u{FF0E}5437",
            "Call 844\u{2024}264\u{2024}5437",
            "Call 844\u{30FB}264\u{30FB}5437",
            "Call \u{FF18}\u{FF14}\u{FF14}",
            "Call \u{0668}\u{0664}\u{0664}",
            "Call \u{096E}\u{096A}\u{096A}",
            "Call 1-800-The-Lost",
            "Call CO-4-kids",
            "Text 4KIDS",
            "Text 233-733",
            "Text 233 733",
            "Call 30 34 41 37 00",
            "See co4kids.org/faq",
            "See co4kids.\u{3BF}rg",
            "See co4kids.\u{43E}rg",
            "See co4kids\u{3002}org",
            "See county.gov",
            "See https://x",
            "Dial tel:911",
            "Write help@county.org",
            "Visit www.example",
            "mailto:someone",
            "In 2024 there were 27,800",
            "C.R.S. 18-3-503",
            "Line\u{2028}break",
            "Para\u{2029}graph",
            "Tab\there",
            "Escape\u{1B}[2J",
            "Bidi \u{202E}evil",
            "Chinese 中",
            "Call {co-hotline.digits}0",
            "Call 1{emergency}",
            "Call {co-hotline}X",
            "Call {co-hotline}-5",
            "Call 1 {emergency}",
            "Call 3O3 4l4 3lOO",
            "Call 3O3-44l-37OO",
            "See example.co.uk",
            "See bit.ly/x",
        ] {
            assert!(refused(t), "{t:?} got through");
        }
    }

    #[test]
    fn ordinary_prose_is_allowed() {
        for t in [
            "It happens in all 50 states, 24 hours a day.",
            "Sessions of 1, 2 or 2.5 hours.",
            "Ages 12 to 17.",
            "U.S. law, e.g. this, i.e. that; C.R.S. says so.",
            "Call {co-hotline} or {co-hotline.digits}; see {cybertipline.web}.",
            "¿Le preocupa un menor? ¡Puedes llamar! Línea de Colorado: las 24 horas.",
            "Don’t “wait”: report it.",
            "Note: this is fine.",
            "Literal {{braces}}",
            "Call {co-hotline} ({co-hotline.digits}) or {emergency}.",
            "In {ncmec-reports-year}, NCMEC received more than {ncmec-reports-2024} reports.",
            "All 50 states, 24 hours a day, 7 days a week. Tools, bills, oils.",
            "A 12-year-old and her 5-year-old brother.",
        ] {
            assert_eq!(printed(t, true).map(|_| ()), Ok(()), "{t}");
        }
    }

    #[test]
    fn positions_and_names_of_refused_characters() {
        let r = printed("ab\u{200B}c", true).unwrap_err();
        assert_eq!(r, Refusal::Char { at: 2, ch: '\u{200B}', what: "an invisible formatting character" });
        assert_eq!(
            r.message(),
            "text contains U+200B ZERO WIDTH SPACE (an invisible formatting character), which does not print as itself"
        );
        assert_eq!(printed("x\u{2028}", true).unwrap_err(), Refusal::Char { at: 1, ch: '\u{2028}', what: "a line or paragraph separator" });
    }

    #[test]
    fn normalises_compatibility_forms() {
        assert_eq!(printed("ﬁne", true).unwrap(), "fine");
        assert_eq!(printed("em\u{2003}space", true).unwrap(), "em space");
        assert!(printed("844\u{2003}264", true).is_err(), "odd spaces still join digits");
        assert_eq!(printed("las 24\u{A0}horas", true).unwrap(), "las 24\u{A0}horas", "a no-break space is kept");
        assert!(printed("call 303\u{A0}441\u{A0}3700", true).is_err(), "no-break spaces join digits too");
        assert!(printed("call 844\u{A0}264\u{A0}5437 now", false).is_err());
    }
}

#[cfg(test)]
mod no_break_space {
    use super::printed;

    /// A no-break space is kept (it keeps `24 horas` on one line), so it must join
    /// digit groups, spellings and addresses exactly as a space does.
    #[test]
    fn joins_what_a_space_joins() {
        for text in [
            "Call 1\u{A0}844\u{A0}264\u{A0}5437",
            "Call 844-264\u{A0}5437 now",
            "Call 1-844-CO\u{A0}4\u{A0}KIDS",
            "Text 233\u{A0}733",
            "See co4kids\u{A0}.org",
            "Call 3O3\u{A0}44l\u{A0}37OO",
            "Call {co-hotline}\u{A0}0",
        ] {
            assert!(printed(text, true).is_err(), "{text:?} got through");
            let spaced = text.replace('\u{A0}', " ");
            assert!(printed(&spaced, true).is_err(), "{spaced:?} got through");
        }
        assert!(printed("las 24\u{A0}horas, todos los días", true).is_ok());
    }

    #[test]
    fn placeholders_joined_to_each_other_are_refused() {
        #[allow(unused_imports)]
        use crate::policy::{MARK, Refusal, check_no_contacts, fact_shape, printed};
        // `{co-hotline.digits}{emergency}` would print 1-844-264-5437911.
        for joined in ["\u{E000}\u{E000}", "\u{E000}-\u{E000}", "(\u{E000})(\u{E000})", "\u{E000}.\u{E000} now"] {
            let text = joined.replace('\u{E000}', &MARK.to_string());
            assert!(matches!(check_no_contacts(&text), Err(Refusal::Touching(_))), "{joined:?}");
        }
        for apart in ["\u{E000} or \u{E000}", "\u{E000}, \u{E000}", "\u{E000} (\u{E000})"] {
            let text = apart.replace('\u{E000}', &MARK.to_string());
            assert!(check_no_contacts(&text).is_ok(), "{apart:?}");
        }
    }

    #[test]
    fn a_fact_is_a_figure_or_a_citation() {
        #[allow(unused_imports)]
        use crate::policy::{MARK, Refusal, check_no_contacts, fact_shape, printed};
        for fine in ["27,800", "2024", "C.R.S. 18-3-503", "C.R.S. 19-1-103", "1,234,567", "26,718"] {
            assert!(fact_shape(fine).is_ok(), "{fine}");
        }
        for bad in
            ["Most traffickers are strangers.", "1-900-976-0199", "555-0100", "tips.example.com", "or text 555-0100,", "Call 911", ""]
        {
            assert!(fact_shape(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_address_behind_an_accent_a_lookalike_dot_or_a_space_is_refused() {
        #[allow(unused_imports)]
        use crate::policy::{MARK, Refusal, check_no_contacts, fact_shape, printed};
        for hidden in ["helpkids.\u{301}org/report", "reportnow\u{2219}org", "reportnow\u{B7}org", "safekids .org", "kids\u{22C5}gov"] {
            assert!(printed(&format!("Report online at {hidden} today."), true).is_err(), "{hidden:?} got through");
        }
        for fine in ["poster · en · colorado", "It is over . Or not.", "Dr. Smith, e.g. today"] {
            assert!(printed(fine, true).is_ok(), "{fine:?}");
        }
    }
}
