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
}

/// The problems found; every fallible library function returns this as its error.
pub type Problems = Vec<Diagnostic>;

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, file: None, span: Span::None, message: message.into(), hint: None, snippet: None }
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
                .map(|l| l.chars().take(200).map(|c| if c.is_control() && c != '\t' { '\u{FFFD}' } else { c }).collect());
        }
        self
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
            "message": self.message,
            "hint": self.hint,
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
            write!(f, "{}", file.display())?;
            match &self.span {
                Span::At { line, col } | Span::FieldAt { line, col, .. } => write!(f, ":{line}:{col}")?,
                _ => {}
            }
            write!(f, ": ")?;
        }
        if let Span::Field(field) | Span::FieldAt { field, .. } = &self.span {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(snippet), Span::At { line, col } | Span::FieldAt { line, col, .. }) = (&self.snippet, &self.span) {
            let gutter = line.to_string();
            let pad = " ".repeat(gutter.len());
            let caret = " ".repeat(col.saturating_sub(1) as usize);
            write!(f, "\n {gutter} | {snippet}\n {pad} | {caret}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
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
}
