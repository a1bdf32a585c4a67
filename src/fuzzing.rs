//! The fuzzers' entry points, kept in the library so that they compile and run with
//! every `cargo test`: arbitrary bytes through the whole path from a material's YAML
//! to PDF bytes ([`yaml_to_pdf`]), and arbitrary bytes read as a PDF and drawn page
//! by page as `diff` and `preview` draw them ([`pdf_pages`]). They must return, never
//! panic, hang or exhaust memory.

use crate::contacts::Registry;
use crate::content::{Edition, Identity};
use crate::frame::FontSet;
use crate::model::{ContactsFile, IdentityFile, parse_yaml};
use crate::pdf::Writer;
use std::path::Path;
use std::sync::OnceLock;

static CONTACTS: &str = include_str!("../materials/contacts.yaml");
static POSTER_EN: &str = include_str!("../materials/poster.en.yaml");
static IDENTITY: &str = include_str!("../materials/identity.yaml");
static CLAIMS: &str = include_str!("../materials/claims.yaml");
static CLAIMS_EN: &str = include_str!("../materials/claims.en.yaml");

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        // The shipped registry is checked by the tests; it always parses.
        let file = parse_yaml::<ContactsFile>(Path::new("contacts.yaml"), CONTACTS.to_string()).expect("shipped contacts parse");
        let registry = Registry::from_file(&file).expect("shipped contacts are valid");
        let claims = parse_yaml(Path::new("claims.yaml"), CLAIMS.to_string()).expect("shipped claims parse");
        let en = parse_yaml(Path::new("claims.en.yaml"), CLAIMS_EN.to_string()).expect("shipped claims parse");
        let claims = crate::contacts::Claims::from_files(&claims, &[("en".to_string(), en)], &registry, &identity().quotes)
            .expect("shipped claims are valid");
        registry.with_claims(claims)
    })
}

fn identity() -> &'static std::sync::Arc<Identity> {
    static I: OnceLock<std::sync::Arc<Identity>> = OnceLock::new();
    I.get_or_init(|| {
        let file = parse_yaml::<IdentityFile>(Path::new("identity.yaml"), IDENTITY.to_string()).expect("shipped identity parses");
        std::sync::Arc::new(Identity::from_file(&file, &["en".to_string()], None, i64::MAX).expect("shipped identity is valid"))
    })
}

/// Run `data` through parse, resolve, layout (with preflight) and PDF writing. The
/// input is a structure file, optionally followed by a line `%%%` and a language file
/// (without one, the shipped poster's English copy is used). Returns the PDF when the
/// input was a valid material.
pub fn yaml_to_pdf(data: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(data).ok()?;
    let (structure, copy) = text.split_once("\n%%%\n").unwrap_or((text, POSTER_EN));
    let edition = Edition::statewide(registry(), identity());
    let doc = crate::project::resolve_text(structure, copy, "en", &edition).ok()?;
    let fonts = FontSet::load();
    let laid = crate::build::lay_out(&doc, false, &fonts).ok()?;
    Some(laid.pdf(&Writer::new(&fonts), 0))
}

/// Read `data` as a PDF and draw each page as `diff` does (pixels, at a low
/// resolution, in both views; the lines of its text, diffed): every limit of the
/// renderer holds (`render::limits`), whatever the bytes. Returns how many pages were
/// drawn.
pub fn pdf_pages(data: &[u8]) -> usize {
    use crate::render::{View, limits};
    let Ok(doc) = crate::render::Document::open(data) else { return 0 };
    assert!(doc.len() <= limits::MAX_PAGES);
    let mut drawn = 0;
    for view in [View::Sheet, View::Trim] {
        for i in 0..doc.len() {
            let Ok(page) = doc.page(i, 20.0, view) else { continue };
            let (c, r) = (page.cost, &page.raster);
            assert!(c.operations <= limits::MAX_OPERATIONS && c.pixels <= limits::MAX_PAGE_WORK, "{c:?}");
            assert!(c.inflated <= limits::MAX_DOCUMENT_BYTES && r.width * r.height == c.area as usize);
            assert_eq!(r.rgb.len(), r.width * r.height * 3);
            let lines = crate::diff::lines(Some(&page));
            let diff = crate::diff::unified(&lines, &[]);
            assert!(diff.len() == lines.len() || lines.is_empty());
            drawn += 1;
        }
    }
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PDF fuzzer's seeds (`fuzz/corpus/pdf_pages`), and each cut short and with
    /// bytes flipped: nothing panics.
    #[test]
    fn the_pdf_seeds_draw_and_broken_copies_do_not_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/pdf_pages");
        let mut seeds = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            seeds += 1;
            assert!(pdf_pages(&bytes) > 0, "a seed draws");
            for cut in [bytes.len() / 2, bytes.len() * 9 / 10] {
                pdf_pages(&bytes[..cut]);
            }
            let mut flipped = bytes.clone();
            for i in (0..flipped.len()).step_by(97) {
                flipped[i] ^= 0x5a;
            }
            pdf_pages(&flipped);
        }
        assert!(seeds >= 4, "{seeds} seeds");
        assert_eq!(pdf_pages(b"%PDF-1.7\n"), 0);
    }

    #[test]
    fn the_shipped_poster_goes_through_and_garbage_does_not_panic() {
        let poster = include_str!("../materials/poster.yaml");
        let pdf = yaml_to_pdf(poster.as_bytes()).expect("the shipped poster builds");
        assert!(pdf.starts_with(b"%PDF-1.7"));
        let with_copy = format!("{poster}\n%%%\n{}", include_str!("../materials/poster.en.yaml"));
        assert!(yaml_to_pdf(with_copy.as_bytes()).is_some());
        for junk in [
            &b"\xff\xfe"[..],
            b"",
            b"kind: poster",
            b"[[[[",
            b"blocks: *a",
            b"kind: poster\nauthor: a\nblocks: [{qr: {contact: emergency, caption: headline}}]\n",
        ] {
            assert!(yaml_to_pdf(junk).is_none());
        }
    }
}
