//! The whole path from a material's YAML to PDF bytes, on arbitrary input: it must
//! return an error or a PDF, never panic, hang or exhaust memory. The input is a
//! structure file, optionally followed by a line `%%%` and a language file (without
//! one, the shipped poster's English copy is used).
#![no_main]

use awareprint::content::Edition;
use awareprint::contacts::Registry;
use awareprint::layout::{self, FontSet};
use awareprint::model::{ContactsFile, parse_yaml};
use awareprint::pdf::{Meta, Writer};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static CONTACTS: &str = include_str!("../../materials/contacts.yaml");
static POSTER_EN: &str = include_str!("../../materials/poster.en.yaml");

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let file = parse_yaml::<ContactsFile>(Path::new("contacts.yaml"), CONTACTS.to_string()).expect("shipped contacts parse");
        Registry::from_file(&file).expect("shipped contacts are valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (structure, copy) = text.split_once("\n%%%\n").unwrap_or((text, POSTER_EN));
    let edition = Edition::statewide(registry());
    let Ok(doc) = awareprint::run::resolve_text(structure, copy, "en", &edition) else { return };
    let fonts = FontSet::load();
    let Ok(laid) = layout::layout(&doc, &fonts) else { return };
    let writer = Writer::new(&fonts);
    let meta = Meta { title: &doc.title, author: &doc.author, subject: &doc.subject, lang: &doc.lang, epoch: 0 };
    let bytes = writer.write(&laid.pages, &meta);
    assert!(bytes.starts_with(b"%PDF-"));
});
