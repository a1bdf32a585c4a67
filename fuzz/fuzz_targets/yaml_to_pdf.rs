//! The whole path from a material's YAML to PDF bytes, on arbitrary input: it must
//! return an error or a PDF, never panic, hang or exhaust memory.
#![no_main]

use awareprint::content::{self, Edition};
use awareprint::contacts::Registry;
use awareprint::layout::{self, FontSet};
use awareprint::model::{ContactsFile, MaterialFile, parse_yaml};
use awareprint::pdf::{Meta, Writer};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static CONTACTS: &str = include_str!("../../materials/contacts.yaml");

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let file = parse_yaml::<ContactsFile>(Path::new("contacts.yaml"), CONTACTS.to_string()).expect("shipped contacts parse");
        Registry::from_file(&file).expect("shipped contacts are valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(file) = parse_yaml::<MaterialFile>(Path::new("fuzz.yaml"), text.to_string()) else { return };
    let edition = Edition::statewide(registry());
    let Ok(doc) = content::resolve(&file, "fuzz", &edition, None) else { return };
    let fonts = FontSet::load();
    let Ok(laid) = layout::layout(&doc, &fonts) else { return };
    let writer = Writer::new(&fonts);
    let meta = Meta { title: &doc.title, author: &doc.author, subject: &doc.subject, lang: &doc.lang, epoch: 0 };
    let bytes = writer.write(&laid.pages, &meta);
    assert!(bytes.starts_with(b"%PDF-"));
});
