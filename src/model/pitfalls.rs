//! Two ways a YAML file can say what its writer did not mean, refused with the line
//! and column in plain words: a tab in a line's indentation, and a list item indented
//! so far that it joins the text of the item before it.

use crate::diag::Diagnostic;
use std::path::Path;

/// The first line indented with a tab, as an error at the tab. YAML indents with
/// spaces only; the parser's own message for a tab is in its terms and often points
/// at the line before (`while scanning a plain value, found a tab`), and some tabs it
/// reads silently as part of a text. A tab is never printed, so none belongs at the
/// start of a line of any file we read, blank lines included.
pub(super) fn tab_indent(path: &Path, source: &str) -> Option<Diagnostic> {
    source.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        let spaces = indent.find('\t')?;
        let n = i + 1;
        let message = match spaces {
            0 => format!("line {n} starts with a tab; YAML indents with spaces only: replace the tab with spaces"),
            1 => format!("line {n} indents with a tab after a space; YAML indents with spaces only: replace the tab with spaces"),
            k => format!("line {n} indents with a tab after {k} spaces; YAML indents with spaces only: replace the tab with spaces"),
        };
        Some(Diagnostic::error(message).in_file(path).at(n as u64, spaces as u64 + 1).with_source(source))
    })
}

/// A list item written inside the text before it: a line starting with `- ` (a list
/// marker) that is a continuation line of an unquoted text (plain, or a `>` or `|`
/// block). YAML reads `- a` followed by `  - b`, indented more than its neighbour,
/// as the one text `a - b`, so two items would silently print as one. An error at the
/// marker, naming the field the text belongs to. `source` has parsed without error.
pub(super) fn item_in_text(path: &Path, source: &str) -> Option<Diagnostic> {
    use serde_saphyr::granit_parser::{Parser, ScalarStyle};
    let lines: Vec<&str> = source.lines().collect();
    let mut fields = FieldPath::default();
    let mut parser = Parser::new_from_str(source);
    while let Some(Ok((event, span))) = parser.next_event() {
        let field = fields.step(&event);
        let Some((_, style)) = event.scalar() else { continue };
        if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) || span.end.line() <= span.start.line() {
            continue;
        }
        for n in span.start.line() + 1..=span.end.line() {
            let Some(line) = lines.get(n - 1) else { break };
            // Any white space before the marker, not only YAML's: a no-break or
            // ideographic space there is text to the parser, and hides the item in it.
            let indent = line.chars().take_while(|c| c.is_whitespace()).count();
            let rest = line.trim_start();
            let marker = rest == "-" || rest.starts_with("- ");
            // The last line belongs to the text only up to where the text ends.
            if !marker || (n == span.end.line() && indent >= span.end.col()) {
                continue;
            }
            let mut d = Diagnostic::error(format!(
                "line {n} starts a list item (`- `) inside the text above it: it is indented more than the items around it, so YAML reads the two as one text"
            ))
            .in_file(path);
            if let Some(field) = field {
                d = d.field(field);
            }
            return Some(
                d.at(n as u64, indent as u64 + 1)
                    .with_source(source)
                    .hint("indent its `-` as far as the other items' (or, if the dash belongs to the text, put the whole text in quotes)"),
            );
        }
    }
    None
}

/// Where the parser is in the document, as a field path (`worried[1]`,
/// `contacts[0].name.en`), followed event by event.
#[derive(Default)]
struct FieldPath {
    /// Each open collection: a mapping's current key (and whether a key comes next)
    /// or a sequence's next index.
    open: Vec<Open>,
}

enum Open {
    Map { key: Option<String>, expect_key: bool },
    Seq { next: usize },
}

impl FieldPath {
    /// Follow `event`; for a value (a scalar that is not a key), its field path.
    fn step(&mut self, event: &serde_saphyr::granit_parser::Event) -> Option<String> {
        use serde_saphyr::granit_parser::Event;
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Open::Map { key, expect_key }) = self.open.last_mut()
                    && *expect_key
                {
                    *key = Some(text.to_string());
                    *expect_key = false;
                    return None;
                }
                let path = self.path();
                self.advance();
                Some(path)
            }
            Event::Alias(_) => {
                self.advance();
                None
            }
            Event::MappingStart(..) => {
                self.open.push(Open::Map { key: None, expect_key: true });
                None
            }
            Event::SequenceStart(..) => {
                self.open.push(Open::Seq { next: 0 });
                None
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.open.pop();
                self.advance();
                None
            }
            _ => None,
        }
    }

    /// A value ended: its mapping expects a key next, its sequence the next index.
    fn advance(&mut self) {
        match self.open.last_mut() {
            Some(Open::Map { expect_key, .. }) => *expect_key = true,
            Some(Open::Seq { next }) => *next += 1,
            None => {}
        }
    }

    /// The path of the value being read.
    fn path(&self) -> String {
        let mut out = String::new();
        for o in &self.open {
            match o {
                Open::Map { key, .. } => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key.as_deref().unwrap_or(""));
                }
                Open::Seq { next } => out.push_str(&format!("[{next}]")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tab(source: &str) -> Option<String> {
        tab_indent(Path::new("c.yaml"), source).map(|d| d.to_string())
    }

    fn item(source: &str) -> Option<String> {
        item_in_text(Path::new("c.yaml"), source).map(|d| d.to_string())
    }

    #[test]
    fn a_tab_in_the_indentation_is_found_at_its_line_and_column() {
        let county = "# Boulder\n# County\nname:\n  en: Boulder County\n\tes: Condado de Boulder\n";
        assert_eq!(
            tab(county).as_deref(),
            Some(
                "error: c.yaml:5:1: line 5 starts with a tab; YAML indents with spaces only: replace the tab with spaces\n 5 | \tes: Condado de Boulder\n   | ^"
            )
        );
        assert_eq!(
            tab("a:\n  \tb: c\n").as_deref(),
            Some(
                "error: c.yaml:2:3: line 2 indents with a tab after 2 spaces; YAML indents with spaces only: replace the tab with spaces\n 2 |   \tb: c\n   |   ^"
            )
        );
        assert!(tab("a:\n \tb: c\n").unwrap().contains("line 2 indents with a tab after a space"));
        // A blank line's tab too: nothing we read prints one.
        assert!(tab("a: b\n\t\nc: d\n").unwrap().starts_with("error: c.yaml:2:1: line 2 starts with a tab"));
        // Tabs after the text starts are left to the parser and the printed-text policy.
        assert_eq!(tab("a: b\tc\nd:\n  - e\tf\n"), None);
        assert_eq!(tab("a:\n  - b\n"), None);
    }

    #[test]
    fn a_list_item_inside_the_text_before_it_is_found() {
        let copy = "title: T\nworried:\n- Stay calm. The child knows.\n  - Many find and groom children online.\n- Listen.\n";
        assert_eq!(
            item(copy).as_deref(),
            Some(
                "error: c.yaml:4:3: worried[0]: line 4 starts a list item (`- `) inside the text above it: it is indented more than the items around it, so YAML reads the two as one text\n 4 |   - Many find and groom children online.\n   |   ^\nhint: indent its `-` as far as the other items' (or, if the dash belongs to the text, put the whole text in quotes)"
            )
        );
        // Under a key, in a nested list, in a folded block, a lone `-`.
        assert!(item("a:\n  b:\n    - x\n      - y\n").unwrap().starts_with("error: c.yaml:4:7: a.b[0]: line 4 "));
        assert!(item("a:\n  - k: v\n    l:\n      - x\n        - y\n").unwrap().starts_with("error: c.yaml:5:9: a[0].l[0]: "));
        assert!(item("a: >-\n  one\n  - two\n").unwrap().starts_with("error: c.yaml:3:3: a: "));
        // A no-break or ideographic space before the marker hides nothing.
        assert!(item("l:\n- one\n \u{a0}- two\n").unwrap().starts_with("error: c.yaml:3:3: l[0]: line 3 "));
        assert!(item("l:\n- one\n  \u{3000}- two\n").unwrap().starts_with("error: c.yaml:3:4: l[0]: line 3 "));
        assert!(item("a:\n- x\n  -\n").unwrap().starts_with("error: c.yaml:3:3: a[0]: "));
        assert!(item("a: one\n  - two\n").unwrap().starts_with("error: c.yaml:2:3: a: "));
    }

    #[test]
    fn real_multi_line_text_still_loads() {
        // A long text wrapped onto more lines, plain or folded; a dash inside a line;
        // quoted text that spans lines; lists nested under keys; a text after a list.
        for ok in [
            "a: one two\n  three - four\n",
            "a:\n- >-\n  Talk with your child often and calmly. Ask, listen, and\n  do not blame.\n- 'x'\n",
            "a:\n- one\n  two -three\n- four\n",
            "a: 'one\n  - two'\n",
            "a: \"one\n  - two\"\n",
            "a:\n  - id: x\n    on:\n      - y\n      - z\n",
            "a:\n- x\n- y\nb: z\n",
            "a: |\n  one\n  two\nb:\n  - c\n",
        ] {
            assert_eq!(item(ok), None, "{ok:?}");
        }
    }

    #[test]
    fn the_loader_refuses_both_and_loads_the_shipped_files() {
        let county = "name:\n  en: Boulder County\n\tes: Condado de Boulder\n";
        let e = crate::model::parse_yaml::<crate::model::CountyFile>(Path::new("boulder.yaml"), county.into()).err().unwrap();
        assert_eq!(e.len(), 1);
        assert!(e[0].to_string().starts_with("error: boulder.yaml:3:1: line 3 starts with a tab;"), "{}", e[0]);
        let copy = "lang: en\nfacts:\n- One.\n  - Two.\n";
        let e = crate::model::parse_yaml::<crate::model::CopyFile>(Path::new("p.en.yaml"), copy.into()).err().unwrap();
        assert!(e[0].to_string().starts_with("error: p.en.yaml:4:3: facts[0]: line 4 starts a list item"), "{}", e[0]);
        // Every shipped file passes both checks.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for d in [dir.clone(), dir.join("counties"), dir.join("runs")] {
            files.extend(std::fs::read_dir(d).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")));
        }
        assert!(files.len() > 80, "{}", files.len());
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            assert_eq!(tab_indent(&f, &text).map(|d| d.to_string()), None);
            assert_eq!(item_in_text(&f, &text).map(|d| d.to_string()), None);
        }
    }
}
