//! Galleries for reviewers: one static `index.html` that opens from disk in any
//! browser, with relative links only (no server, no script, nothing fetched). A
//! preview's gallery shows every document by edition, material and language, a
//! thumbnail per page linking to the full page, and a link to the PDF; a diff's shows
//! each changed page before and after, with the lines of text that changed.

use crate::diff::Report;
use crate::preview::Previewed;
use std::fmt::Write;
use std::path::Path;

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A relative path as a URL path: each segment percent-encoded, `/` between.
fn href(p: &Path) -> String {
    p.components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .bytes()
                .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

const STYLE: &str = "body{font:15px/1.4 system-ui,sans-serif;margin:24px;color:#1a1a1a;background:#f4f4f2}\
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:2px solid #1c5c5e}\
h3{font-size:15px;margin:18px 0 6px}.doc{display:inline-block;vertical-align:top;margin:0 18px 18px 0;\
background:#fff;padding:10px;border:1px solid #ccc}.doc a{color:#1c5c5e}.pages img{border:1px solid #999;\
margin-right:6px;background:#fff}.diff img{max-width:100%;border:1px solid #999}\
pre{background:#fff;border:1px solid #ccc;padding:8px;overflow-x:auto}.del{color:#a00}.ins{color:#060}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n{body}</body>\n</html>\n",
        escape(title),
        escape(title)
    )
}

/// The gallery of a preview: documents grouped by edition, then material, each with
/// its language, title, page thumbnails (linking to the full pages) and its PDF.
pub fn preview(docs: &[Previewed]) -> String {
    let mut sorted: Vec<&Previewed> = docs.iter().collect();
    sorted.sort_by(|a, b| (&a.edition, &a.id, &a.lang).cmp(&(&b.edition, &b.id, &b.lang)));
    let mut body = String::new();
    let _ = writeln!(body, "<p>{} documents, {} pages.</p>", docs.len(), docs.iter().map(|d| d.pages.len()).sum::<usize>());
    let (mut edition, mut material) = (None, None);
    for d in sorted {
        if edition != Some(&d.edition) {
            let _ = writeln!(body, "<h2>{}</h2>", escape(&d.edition));
            edition = Some(&d.edition);
            material = None;
        }
        if material != Some(&d.id) {
            let _ = writeln!(body, "<h3>{}</h3>", escape(&d.id));
            material = Some(&d.id);
        }
        let _ = write!(
            body,
            "<div class=\"doc\"><div><strong>{}</strong> · {} · <a href=\"{}\">PDF</a></div>\n<div class=\"pages\">",
            escape(&d.lang),
            escape(&d.title),
            href(&d.pdf)
        );
        for (n, (full, thumb)) in d.pages.iter().enumerate() {
            let shown = thumb.as_ref().unwrap_or(full);
            let _ = write!(
                body,
                "<a href=\"{}\"><img src=\"{}\" alt=\"{} {} page {}\" loading=\"lazy\"></a>",
                href(full),
                href(shown),
                escape(&d.id),
                escape(&d.lang),
                n + 1
            );
        }
        body.push_str("</div></div>\n");
    }
    page("awareprint preview", &body)
}

/// The gallery of a diff: what was added and removed, then each changed page's
/// before-and-after picture and its text diff. Paths in `report` are under `out`.
pub fn diff(report: &Report, out: &Path) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<p>{} added, {} removed, {} changed, {} unchanged.</p>",
        report.added.len(),
        report.removed.len(),
        report.changed.len(),
        report.unchanged
    );
    for (what, list) in [("Added", &report.added), ("Removed", &report.removed)] {
        if !list.is_empty() {
            let _ = writeln!(body, "<h2>{what}</h2>\n<ul>");
            for p in list.iter() {
                let _ = writeln!(body, "<li>{}</li>", escape(&p.display().to_string()));
            }
            body.push_str("</ul>\n");
        }
    }
    if !report.unreadable.is_empty() {
        body.push_str("<h2>Could not be compared</h2>\n<ul>\n");
        for u in &report.unreadable {
            let _ = writeln!(body, "<li>{}: {}</li>", escape(&u.path.display().to_string()), escape(&u.why));
        }
        body.push_str("</ul>\n");
    }
    for c in &report.changed {
        let _ = writeln!(body, "<h2>{}</h2>", escape(&c.path.display().to_string()));
        for p in &c.pages {
            let _ =
                writeln!(body, "<h3>page {} · {} pixels changed (before at the left, after at the right)</h3>", p.page, p.changed_pixels);
            if let Some(image) = p.image.as_ref().and_then(|i| i.strip_prefix(out).ok()) {
                let _ = writeln!(
                    body,
                    "<div class=\"diff\"><a href=\"{0}\"><img src=\"{0}\" alt=\"page {1} before and after\"></a></div>",
                    href(image),
                    p.page
                );
            }
            if !p.text.is_empty() {
                body.push_str("<pre>");
                for line in &p.text {
                    let class = match line.chars().next() {
                        Some('-') => " class=\"del\"",
                        Some('+') => " class=\"ins\"",
                        _ => "",
                    };
                    let _ = writeln!(body, "<span{class}>{}</span>", escape(line));
                }
                body.push_str("</pre>\n");
            }
        }
    }
    page("awareprint diff", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_paths_are_escaped() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(href(Path::new("colorado/en-es/poster 1.png")), "colorado/en-es/poster%201.png");
        assert_eq!(href(Path::new("a/<b>.png")), "a/%3Cb%3E.png");
    }
}
