//! One quotation style per language. Copy may be typed with straight quotes (`"` and
//! `'`): they become the language's marks, opening or closing by where they stand,
//! and an apostrophe inside a word becomes `’`. Typographic marks already typed must
//! be the language's own and nest properly (outer, then inner); anything else is an
//! error that names the mark.

/// A language's quotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotes {
    pub open: char,
    pub close: char,
    pub inner_open: char,
    pub inner_close: char,
}

/// Every character that is a quotation mark in some language: what a language's
/// style is chosen from and what copy may not hold outside its own style.
pub const MARKS: &[char] =
    &['"', '\'', '“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '‹', '›', '「', '」', '『', '』', '〝', '〞', '＂', '＇'];

/// The typographic apostrophe.
pub const APOSTROPHE: char = '’';

/// Characters typed for an apostrophe that are not one: the acute accent (a Spanish
/// keyboard's key beside the P) and the backtick. Inside a word they become `’`.
pub const LOOKALIKES: &[char] = &['´', '`'];

/// Why a text's quotation marks were refused: the mark, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteError {
    pub mark: char,
    pub message: String,
}

impl Quotes {
    /// The style written as four marks (`“”‘’`), or why not.
    pub fn parse(s: &str) -> Result<Quotes, String> {
        let marks: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        let [open, close, inner_open, inner_close] = marks[..] else {
            return Err(format!(
                "write four quotation marks: outer open and close, inner open and close (e.g. `“”‘’`); found {}",
                marks.len()
            ));
        };
        if let Some(c) = marks.iter().find(|c| !MARKS.contains(c) || matches!(c, '"' | '\'' | '＂' | '＇')) {
            return Err(format!("`{c}` is not a typographic quotation mark"));
        }
        if [open, close].contains(&inner_open) || [open, close].contains(&inner_close) {
            return Err("the inner marks must differ from the outer ones, or nesting cannot be read".into());
        }
        Ok(Quotes { open, close, inner_open, inner_close })
    }

    /// The four marks as written.
    pub fn written(&self) -> String {
        format!("{}…{} ({}…{} inside)", self.open, self.close, self.inner_open, self.inner_close)
    }

    /// `text` with straight quotes turned into this style and every mark checked.
    pub fn apply(&self, text: &str) -> Result<String, QuoteError> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        // The open quotations, outermost first: whether each is inner, and the mark it
        // was opened with in the source (for the message when one is left open).
        let mut open: Vec<(bool, char)> = Vec::new();
        let fail = |mark: char, message: String| Err(QuoteError { mark, message });
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let word_before = prev.is_some_and(char::is_alphanumeric);
            let word_after = next.is_some_and(|n| n.is_alphanumeric() || matches!(n, '¿' | '¡'));
            // Where an opening mark stands: at the start, after a space or an opening bracket.
            let opening = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '¿' | '¡' | '"') || p == self.open);
            match c {
                _ if LOOKALIKES.contains(&c) && word_before && next.is_some_and(char::is_alphanumeric) => out.push(APOSTROPHE),
                _ if LOOKALIKES.contains(&c) => {
                    return fail(c, format!("`{c}` is an accent or a backtick, not an apostrophe or a quotation mark; type ' or \""));
                }
                '"' if opening && !open.is_empty() && next.is_none_or(char::is_whitespace) => {
                    return fail(c, "a space before this closing `\"`".into());
                }
                '"' if opening => match open.len() {
                    0 => {
                        open.push((false, c));
                        out.push(self.open);
                    }
                    _ => {
                        return fail(
                            c,
                            format!(
                                "a quotation inside a quotation takes the inner marks {}…{}; type `'` for them",
                                self.inner_open, self.inner_close
                            ),
                        );
                    }
                },
                '"' => match open.last().map(|o| o.0) {
                    Some(false) => {
                        open.pop();
                        out.push(self.close);
                    }
                    Some(true) => {
                        return fail(c, format!("the inner quotation opened with {} is not closed before this `\"`", self.inner_open));
                    }
                    None => return fail(c, "this `\"` closes a quotation that was never opened".into()),
                },
                '\'' | APOSTROPHE if word_before && word_after => out.push(APOSTROPHE),
                // At a word's start outside any quotation, with no closing mark later:
                // an apostrophe for missing letters (`'tis`, `'90s`).
                '\'' | APOSTROPHE if opening && word_after && open.is_empty() && !closes_later(&chars[i + 1..]) => out.push(APOSTROPHE),
                '\'' if opening && word_after => match open.last().map(|o| o.0) {
                    Some(false) => {
                        open.push((true, c));
                        out.push(self.inner_open);
                    }
                    _ => {
                        return fail(
                            c,
                            format!("quotations open with {} in this language; single marks are for a quotation inside one", self.open),
                        );
                    }
                },
                '\'' | APOSTROPHE if open.last().is_some_and(|o| o.0) && (c == '\'' || c == self.inner_close) => {
                    open.pop();
                    out.push(self.inner_close);
                }
                // An apostrophe after a word (`kids’`) or a straight one elsewhere.
                '\'' | APOSTROPHE if word_before => out.push(APOSTROPHE),
                '\'' => return fail(c, "a straight `'` that is neither an apostrophe nor a quotation mark here".into()),
                _ if c == self.open && open.is_empty() => {
                    open.push((false, c));
                    out.push(c);
                }
                _ if c == self.inner_open && open.last().is_some_and(|o| !o.0) => {
                    open.push((true, c));
                    out.push(c);
                }
                _ if c == self.close && open.last().is_some_and(|o| !o.0) => {
                    open.pop();
                    out.push(c);
                }
                _ if c == self.inner_close && open.last().is_some_and(|o| o.0) => {
                    open.pop();
                    out.push(c);
                }
                _ if c == self.open || c == self.inner_open || c == self.close || c == self.inner_close => {
                    return fail(c, format!("`{c}` is out of place: this language quotes with {}", self.written()));
                }
                _ if MARKS.contains(&c) => {
                    return fail(c, format!("`{c}` is not a quotation mark of this language, which quotes with {}", self.written()));
                }
                _ => out.push(c),
            }
        }
        match open.last() {
            Some(&(inner, source)) => {
                let mark = if inner { self.inner_open } else { self.open };
                fail(source, format!("the quotation opened here ({mark}) is not closed"))
            }
            None => Ok(out),
        }
    }
}

/// Whether a straight `'` further on could close a quotation: one after a non-space
/// that no letter follows.
fn closes_later(rest: &[char]) -> bool {
    rest.iter()
        .enumerate()
        .any(|(j, &c)| c == '\'' && j > 0 && !rest[j - 1].is_whitespace() && rest.get(j + 1).is_none_or(|n| !n.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Quotes {
        Quotes::parse("“”‘’").unwrap()
    }
    fn es() -> Quotes {
        Quotes::parse("«»“”").unwrap()
    }

    #[test]
    fn straight_quotes_become_the_languages_own() {
        assert_eq!(en().apply(r#"talk of "the life" or a quota"#).unwrap(), "talk of “the life” or a quota");
        assert_eq!(es().apply(r#"hablar de "la vida""#).unwrap(), "hablar de «la vida»");
        assert_eq!(en().apply(r#"He said "call 'the hotline' now.""#).unwrap(), "He said “call ‘the hotline’ now.”");
        assert_eq!(es().apply(r#"dijo "llame a 'la línea' ya""#).unwrap(), "dijo «llame a “la línea” ya»");
        assert_eq!(en().apply("the child's phone, the kids' room").unwrap(), "the child’s phone, the kids’ room");
        assert_eq!(en().apply(r#"("quoted")"#).unwrap(), "(“quoted”)");
        // Apostrophes for missing letters, and the keys typed for one by mistake.
        assert_eq!(en().apply("'tis the '90s, ’em").unwrap(), "’tis the ’90s, ’em");
        assert_eq!(en().apply("don´t, it`s").unwrap(), "don’t, it’s");
        assert_eq!(es().apply("\"Ella dijo '¿por qué?'\"").unwrap(), "«Ella dijo “¿por qué?”»");
    }

    #[test]
    fn typed_marks_of_the_language_pass_unchanged() {
        for t in ["the child’s “friend”", "“An Introduction to ‘Human Trafficking’”", "kids’ rooms"] {
            assert_eq!(en().apply(t).unwrap(), t);
        }
        assert_eq!(es().apply("una pareja o «amigo» de más edad").unwrap(), "una pareja o «amigo» de más edad");
    }

    #[test]
    fn other_styles_and_broken_nesting_are_refused() {
        let refused = |q: Quotes, t: &str| q.apply(t).unwrap_err().mark;
        assert_eq!(refused(en(), "a «friend»"), '«');
        assert_eq!(refused(es(), "una pareja o “amigo”"), '“');
        assert_eq!(refused(en(), "„so“"), '„');
        assert_eq!(refused(en(), "an “open quote"), '“');
        assert_eq!(refused(en(), r#"an "open quote"#), '"');
        assert_eq!(refused(en(), "a closing” alone"), '”');
        assert_eq!(refused(en(), "a 'single' outer quote"), '\'');
        assert_eq!(refused(en(), r#"nested "straight "twice" here""#), '"');
        assert_eq!(refused(en(), "ＦＵＬＬ＂width"), '＂');
        assert_eq!(refused(en(), "``quoted``"), '`');
        assert_eq!(refused(en(), "an ´accent"), '´');
        assert_eq!(refused(en(), r#""x ""#), '"');
    }

    #[test]
    fn a_style_is_four_distinct_typographic_marks() {
        assert!(Quotes::parse("“”‘’").is_ok());
        assert!(Quotes::parse("« » “ ”").is_ok());
        assert!(Quotes::parse("“”").is_err());
        assert!(Quotes::parse("\"\"''").is_err());
        assert!(Quotes::parse("“”“”").is_err());
        assert!(Quotes::parse("ab‘’").is_err());
    }
}
