//! Diagnostics: what went wrong, where in the user's files, and what to do about it.
//! They are collected by the library and printed once, by `main`.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a 1-based line and column in a file, or a field path such as
/// `blocks[3]` when the problem has no single position (text overflow, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    None,
    At { line: u64, col: u64 },
    Field(String),
    FieldAt { field: String, line: u64, col: u64 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: Option<PathBuf>,
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, shown under the message.
    pub snippet: Option<String>,
    /// The county editions (by printed name) the problem was found in; empty for a
    /// problem of the statewide edition or of no edition. [`merge`] joins the same
    /// problem found in several editions into one diagnostic.
    pub editions: Vec<String>,
    /// The layouts other than a plain build's (another size, the press) the problem was
    /// found in, for `check`, which lays out every one; empty when it is found in a
    /// plain build's layout or is no layout's. [`merge`] joins them as it does editions.
    pub layouts: Vec<Layout>,
    /// What kind of problem it is, where a caller acts on it (never by its words).
    pub kind: Kind,
}

/// One layout of a document other than a plain build's: at a page size (its name,
/// `tabloid`; `None` for a piece of one fixed size), for the office or the press.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub size: Option<String>,
    pub press: bool,
}

/// Kinds of problem a caller may treat specially; most are `Other`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Other,
    /// A key the file's schema does not have.
    UnknownKey,
    /// A YAML file past the parser's limits (aliases, depth, size).
    ParserBudget,
}

/// The problems found; every fallible library function returns this as its error.
pub type Problems = Vec<Diagnostic>;

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            span: Span::None,
            message: message.into(),
            hint: None,
            snippet: None,
            editions: Vec::new(),
            layouts: Vec::new(),
            kind: Kind::Other,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn in_file(mut self, file: &Path) -> Diagnostic {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn at(mut self, line: u64, col: u64) -> Diagnostic {
        if line > 0 {
            self.span = match self.span {
                Span::Field(field) | Span::FieldAt { field, .. } => Span::FieldAt { field, line, col },
                _ => Span::At { line, col },
            };
        }
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Diagnostic {
        let field = field.into();
        self.span = match self.span {
            Span::At { line, col } | Span::FieldAt { line, col, .. } => Span::FieldAt { field, line, col },
            _ => Span::Field(field),
        };
        self
    }

    pub fn kind(mut self, kind: Kind) -> Diagnostic {
        self.kind = kind;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Attach the source line the span points at, taken from the file's text.
    pub fn with_source(mut self, source: &str) -> Diagnostic {
        if let Span::At { line, .. } | Span::FieldAt { line, .. } = self.span {
            // Control characters (binary garbage) are shown as U+FFFD, never sent to the terminal.
            self.snippet = source
                .lines()
                .nth(line.saturating_sub(1) as usize)
                .map(|l| l.chars().take(200).map(|c| if invisible(c) && c != '\t' { '\u{FFFD}' } else { c }).collect());
        }
        self
    }

    /// This problem as found in the edition called `name` (a county's printed name).
    pub fn in_edition(mut self, name: &str) -> Diagnostic {
        self.editions.push(name.to_string());
        self
    }

    /// This problem as found laying the document out at `size` (`None` for a piece of
    /// one fixed size) for the office or the press, other than a plain build's layout.
    pub fn in_layout(mut self, size: Option<&str>, press: bool) -> Diagnostic {
        self.layouts.push(Layout { size: size.map(str::to_string), press });
        self
    }

    /// The message and, where the problem is not a plain build's, the layouts it was
    /// found in: what a page shows (the editor), with the file and position apart.
    pub fn described(&self) -> String {
        format!("{}{}", self.message, self.layouts_note())
    }

    /// Which layouts the problem was found in: ` (at tabloid and a3 size)`, ` (for
    /// the press)`, ` (at a4 size, for the press)`; empty for none.
    fn layouts_note(&self) -> String {
        if self.layouts.is_empty() {
            return String::new();
        }
        let has = |size: &Option<String>, press: bool| self.layouts.iter().any(|l| &l.size == size && l.press == press);
        let mut sizes: Vec<&Option<String>> = Vec::new();
        for l in &self.layouts {
            if !sizes.contains(&&l.size) {
                sizes.push(&l.size);
            }
        }
        let words = |list: Vec<&str>| match list.as_slice() {
            [] => String::new(),
            [one] => format!("at {one} size"),
            [init @ .., last] => format!("at {} and {last} sizes", init.join(", ")),
        };
        let named = |f: &dyn Fn(&Option<String>) -> bool| sizes.iter().filter(|s| f(s)).filter_map(|s| s.as_deref()).collect::<Vec<_>>();
        let mut parts = Vec::new();
        let both = named(&|s| has(s, false) && has(s, true));
        if !both.is_empty() {
            parts.push(words(both));
        }
        let office = named(&|s| has(s, false) && !has(s, true));
        if !office.is_empty() {
            parts.push(format!("{}, for the office", words(office)));
        }
        let press = named(&|s| has(s, true) && !has(s, false));
        if !press.is_empty() {
            parts.push(format!("{}, for the press", words(press)));
        }
        // A piece of one fixed size.
        if has(&None, true) {
            parts.push("for the press".to_string());
        }
        format!(" ({})", parts.join("; "))
    }

    /// Where, among editions, the problem was found: ` (in the Boulder County
    /// edition)`, ` (in 64 county editions)`; empty for none.
    fn editions_note(&self) -> String {
        match self.editions.as_slice() {
            [] => String::new(),
            [one] => format!(" (in the {one} edition)"),
            [a, b] => format!(" (in the {a} and {b} editions)"),
            [a, b, c] => format!(" (in the {a}, {b} and {c} editions)"),
            many => format!(" (in {} county editions, e.g. {} and {})", many.len(), many[0], many[1]),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as JSON, for CI annotations: severity, file, line, column,
    /// field, message, hint (absent values are null).
    pub fn to_json(&self) -> serde_json::Value {
        let (line, col, field) = match &self.span {
            Span::None => (None, None, None),
            Span::At { line, col } => (Some(*line), Some(*col), None),
            Span::Field(f) => (None, None, Some(f.clone())),
            Span::FieldAt { field, line, col } => (Some(*line), Some(*col), Some(field.clone())),
        };
        serde_json::json!({
            "severity": if self.is_error() { "error" } else { "warning" },
            "file": self.file.as_ref().map(|f| f.display().to_string()),
            "line": line,
            "column": col,
            "field": field,
            "message": self.described(),
            "hint": self.hint,
            "editions": self.editions,
            "layouts": self.layouts.iter().map(|l| serde_json::json!({ "size": l.size, "press": l.press })).collect::<Vec<_>>(),
        })
    }
}

impl fmt::Display for Diagnostic {
    /// `error: FILE:LINE:COL: FIELD: message`, then the source line with a caret, then `hint:`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", printable(&file.display().to_string()))?;
            match &self.span {
                Span::At { line, col } | Span::FieldAt { line, col, .. } => write!(f, ":{line}:{col}")?,
                _ => {}
            }
            write!(f, ": ")?;
        }
        if let Span::Field(field) | Span::FieldAt { field, .. } = &self.span {
            write!(f, "{}: ", printable(field))?;
        }
        write!(f, "{}{}{}", printable(&self.message), self.layouts_note(), self.editions_note())?;
        if let (Some(snippet), Span::At { line, col } | Span::FieldAt { line, col, .. }) = (&self.snippet, &self.span) {
            let gutter = line.to_string();
            let pad = " ".repeat(gutter.len());
            let caret = " ".repeat(col.saturating_sub(1) as usize);
            write!(f, "\n {gutter} | {snippet}\n {pad} | {caret}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// Characters never shown as themselves in a source line: controls, invisible format
/// characters (a zero-width space, a right-to-left override) and line separators.
fn invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    matches!(c.general_category(), G::Control | G::Format | G::LineSeparator | G::ParagraphSeparator | G::PrivateUse | G::Unassigned)
}

/// Text for a terminal: control characters (an escape sequence from an input file,
/// say) are shown as `\u{1b}`, never sent to the terminal.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(invisible) {
        return text.into();
    }
    text.chars().map(|c| if invisible(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect::<String>().into()
}

/// The problems with duplicates joined: the same problem (same file, position,
/// message and hint) found in several editions is reported once, naming or counting
/// the editions; first-seen order is kept. A problem also found statewide is
/// reported once without editions: it is in the shared files.
pub fn merge(problems: Problems) -> Problems {
    let mut out: Problems = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in problems {
        let key = Diagnostic { editions: Vec::new(), layouts: Vec::new(), ..p.clone() }.to_string();
        match index.get(&key) {
            Some(&i) => {
                let seen = &mut out[i];
                // Found in a plain build's layout too: that is the one to mend.
                if seen.layouts.is_empty() || p.layouts.is_empty() {
                    seen.layouts.clear();
                } else {
                    for l in &p.layouts {
                        if !seen.layouts.contains(l) {
                            seen.layouts.push(l.clone());
                        }
                    }
                }
                if seen.editions.is_empty() || p.editions.is_empty() {
                    seen.editions.clear();
                } else {
                    for e in p.editions {
                        if !seen.editions.contains(&e) {
                            seen.editions.push(e);
                        }
                    }
                }
            }
            None => {
                index.insert(key, out.len());
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_position_snippet_and_hint() {
        let d = Diagnostic::error("unknown contact `co-hotlin`")
            .in_file(Path::new("materials/poster.yaml"))
            .at(2, 12)
            .with_source("kind: poster\n  contact: co-hotlin\n")
            .hint("known contacts: co-hotline");
        assert_eq!(
            d.to_string(),
            "error: materials/poster.yaml:2:12: unknown contact `co-hotlin`\n 2 |   contact: co-hotlin\n   |            ^\nhint: known contacts: co-hotline"
        );
    }

    #[test]
    fn renders_field_path_without_position() {
        let d = Diagnostic::error("14.2 pt too long at the minimum size 14.0 pt")
            .in_file(Path::new("materials/poster.yaml"))
            .field("blocks[2]");
        assert_eq!(d.to_string(), "error: materials/poster.yaml: blocks[2]: 14.2 pt too long at the minimum size 14.0 pt");
    }

    #[test]
    fn the_same_problem_in_several_layouts_is_reported_once_naming_them() {
        let d = || Diagnostic::error("too wide").in_file(Path::new("materials/poster.en.yaml"));
        let one = |layouts: &[(Option<&str>, bool)]| {
            let all: Problems = layouts.iter().map(|(s, p)| d().in_layout(*s, *p)).collect();
            let merged = merge(all);
            assert_eq!(merged.len(), 1);
            merged[0].to_string()
        };
        let head = "error: materials/poster.en.yaml: too wide";
        assert_eq!(one(&[(Some("tabloid"), false), (Some("tabloid"), true)]), format!("{head} (at tabloid size)"));
        assert_eq!(
            one(&[(Some("tabloid"), false), (Some("tabloid"), true), (Some("a3"), false), (Some("a3"), true)]),
            format!("{head} (at tabloid and a3 sizes)")
        );
        assert_eq!(one(&[(None, true)]), format!("{head} (for the press)"));
        assert_eq!(one(&[(Some("a4"), true), (Some("letter"), true)]), format!("{head} (at a4 and letter sizes, for the press)"));
        assert_eq!(
            one(&[(Some("tabloid"), false), (Some("tabloid"), true), (Some("letter"), true)]),
            format!("{head} (at tabloid size; at letter size, for the press)")
        );
        assert_eq!(one(&[(Some("a4"), false)]), format!("{head} (at a4 size, for the office)"));
        // Also found in a plain build's layout: that one is reported, plainly.
        let merged = merge(vec![d().in_layout(Some("a3"), true), d()]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].to_string(), head);
    }

    #[test]
    fn the_same_problem_in_many_editions_is_reported_once() {
        let at = |e: &str| {
            Diagnostic::error("`x` is not used by any block").in_file(Path::new("materials/poster.es.yaml")).at(3, 1).in_edition(e)
        };
        let names: Vec<String> = (0..64).map(|i| format!("County {i}")).collect();
        let merged = merge(names.iter().map(|n| at(n)).collect());
        assert_eq!(merged.len(), 1);
        assert_eq!(
            merged[0].to_string(),
            "error: materials/poster.es.yaml:3:1: `x` is not used by any block (in 64 county editions, e.g. County 0 and County 1)"
        );
        let two = merge(vec![at("Adams County"), at("Boulder County"), at("Adams County")]);
        assert_eq!(
            two[0].to_string(),
            "error: materials/poster.es.yaml:3:1: `x` is not used by any block (in the Adams County and Boulder County editions)"
        );
        // Found statewide too: the shared file is at fault, no editions named.
        let statewide = Diagnostic::error("`x` is not used by any block").in_file(Path::new("materials/poster.es.yaml")).at(3, 1);
        let all = merge(vec![statewide, at("Adams County")]);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].to_string(), "error: materials/poster.es.yaml:3:1: `x` is not used by any block");
        // Different problems stay apart.
        assert_eq!(merge(vec![at("A"), Diagnostic::error("other").in_edition("A")]).len(), 2);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error("`\u{1b}[2Jevil` is not a number").in_file(Path::new("materials/counties/a\u{7}.yaml")).hint("x\u{9b}y");
        let text = d.to_string();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert_eq!(text, "error: materials/counties/a\\u{7}.yaml: `\\u{1b}[2Jevil` is not a number\nhint: x\\u{9b}y");
    }
}
