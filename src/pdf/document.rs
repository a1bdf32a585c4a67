//! The document around the pages: page boxes, the Info dictionary, compression,
//! the content-derived ID and the XMP packet.

use super::icc::OutputIntent;
use super::{Meta, deflate};
use crate::frame::{Item, Page};
use crate::units::Abs;
use lopdf::{Dictionary, Object, StringFormat};

fn num(v: Abs) -> Object {
    Object::Real(v.to_pt() as f32)
}

pub(crate) fn text(s: &str) -> Object {
    // Printable ASCII is the same in PDFDocEncoding: a literal string, a quarter of
    // the size of its UTF-16 in hex (lopdf escapes parentheses and backslashes).
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    // Otherwise UTF-16BE with a byte-order mark, which covers every language.
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Boxes (media, crop, bleed and trim), metadata, the language, and a document ID
/// derived from the content.
pub(super) fn finish(doc: &mut lopdf::Document, pages: &[Page], meta: &Meta) {
    // PDF/X-4 is PDF 1.6 (object and cross-reference streams included); PDF/UA-1
    // sets no version.
    doc.version = if meta.pdfx.is_some() { "1.6" } else { "1.7" }.to_string();
    for ((_, id), page) in doc.get_pages().into_iter().zip(pages) {
        let (b, s) = (page.bleed, page.slug);
        let w = page.trim.w + (b + s) * 2.0;
        let h = page.trim.h + (b + s) * 2.0;
        let media = vec![num(Abs::ZERO), num(Abs::ZERO), num(w), num(h)];
        let bleed = vec![num(s), num(s), num(w - s), num(h - s)];
        let trim = vec![num(b + s), num(b + s), num(b + s + page.trim.w), num(b + s + page.trim.h)];
        let marks = page.items.iter().any(|i| matches!(i, Item::Marks { .. }));
        let resources = doc.get_dictionary(id).ok().and_then(|d| d.get(b"Resources").ok()?.as_reference().ok());
        if marks && let Some(Ok(res)) = resources.map(|r| doc.get_dictionary_mut(r)) {
            res.set("ColorSpace", Dictionary::from_iter(vec![("Reg", registration())]));
        }
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            dict.set("MediaBox", media.clone());
            dict.set("CropBox", media);
            dict.set("BleedBox", bleed);
            dict.set("TrimBox", trim);
        }
    }
    let date = pdf_date(meta.epoch);
    let info = Dictionary::from_iter(vec![
        ("Title", text(meta.title)),
        ("Author", text(meta.author)),
        ("Subject", text(meta.subject)),
        ("Creator", text("awareprint")),
        ("Producer", text(PRODUCER)),
        ("CreationDate", Object::String(date.clone().into_bytes(), StringFormat::Literal)),
        ("ModDate", Object::String(date.into_bytes(), StringFormat::Literal)),
        ("Trapped", Object::Name(b"False".to_vec())),
    ]);
    let mut info = info;
    if meta.pdfx.is_some() {
        info.set("GTS_PDFXVersion", text("PDF/X-4"));
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Lang", Object::String(meta.lang.as_bytes().to_vec(), StringFormat::Literal));
        catalog.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
        catalog.remove(b"PageMode");
    }
    // Nothing unreferenced is ever added (a test of the shipped documents says so), so
    // there is nothing to prune.
    compress(doc);
    // The ID is a hash of the content; the XMP packet, which carries it, comes after.
    let id = content_id(doc, meta);
    // The output intent is the same in every press PDF of a run (and large): added
    // after the hash (which takes the profile's digest), already deflated.
    if let Some(intent) = meta.pdfx {
        let intent = output_intent(doc, intent);
        if let Ok(catalog) = doc.catalog_mut() {
            catalog.set("OutputIntents", Object::Array(vec![intent]));
        }
    }
    let tagged = doc.catalog().is_ok_and(|c| c.has(b"StructTreeRoot"));
    let mut xmp = lopdf::Stream::new(
        Dictionary::from_iter(vec![("Type", Object::Name(b"Metadata".to_vec())), ("Subtype", Object::Name(b"XML".to_vec()))]),
        xmp_packet(meta, &id, tagged).into_bytes(),
    );
    // Uncompressed, so that any tool (and a person) can read it.
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(Object::Stream(xmp));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(xmp_id));
    }
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// The output intent dictionary (PDF/X): the printing condition the CMYK values are
/// meant for, with its ICC profile (deflated once per intent, see
/// [`OutputIntent::packed`]): Coated FOGRA39 unless a print run names its shop's.
fn output_intent(doc: &mut lopdf::Document, intent: &OutputIntent) -> Object {
    let mut profile = lopdf::Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(4)), ("Filter", Object::Name(b"FlateDecode".to_vec()))]),
        intent.packed().to_vec(),
    );
    profile.allows_compression = false;
    let profile_id = doc.add_object(Object::Stream(profile));
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        ("OutputConditionIdentifier", text(&intent.identifier)),
        ("OutputCondition", text(&intent.condition)),
    ]);
    if let Some(registry) = intent.registry {
        dict.set("RegistryName", text(registry));
    }
    dict.set("Info", text(&intent.info));
    dict.set("DestOutputProfile", Object::Reference(profile_id));
    Object::Dictionary(dict)
}

/// The registration colour for crop marks: a separation named `All`, which a RIP
/// prints on every plate; shown on screen as full CMYK.
fn registration() -> Object {
    let tint = Dictionary::from_iter(vec![
        ("FunctionType", Object::Integer(2)),
        ("Domain", Object::Array(vec![Object::Integer(0), Object::Integer(1)])),
        ("C0", Object::Array(vec![Object::Integer(0); 4])),
        ("C1", Object::Array(vec![Object::Integer(1); 4])),
        ("N", Object::Integer(1)),
    ]);
    Object::Array(vec![
        Object::Name(b"Separation".to_vec()),
        Object::Name(b"All".to_vec()),
        Object::Name(b"DeviceCMYK".to_vec()),
        Object::Dictionary(tint),
    ])
}

/// What the Info dictionary calls the producer; the XMP packet says the same.
const PRODUCER: &str = concat!("awareprint ", env!("CARGO_PKG_VERSION"));

/// The XMP packet (written with `xmp-writer`): title, languages, author, subject,
/// producer and dates as in the Info dictionary, the document and instance ids (from
/// the content hash, so a rebuild has the same ones), and for a tagged document the
/// PDF/UA-1 identification. The title, author and subject say which language they are
/// in when they are in one (the document's).
fn xmp_packet(meta: &Meta, id: &[u8; 16], tagged: bool) -> String {
    use xmp_writer::{DateTime, LangId, Namespace, RdfCollectionType, Timezone, XmpWriter};
    let (y, m, d, hh, mm, ss) = crate::date::utc(meta.epoch);
    let date = DateTime::new(y as u16, m as u8, d as u8, hh as u8, mm as u8, ss as u8, Timezone::Utc);
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let uuid = format!("uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]);
    // A bilingual document's title, author and subject hold both its languages: they
    // are in no single one.
    let one_lang = meta.more_langs.is_empty().then_some(meta.lang);
    // A language alternative: the default (what a reader without the language
    // shows, the Info dictionary's text) first, then the same text in its language.
    let alternatives = |text| std::iter::once((None, text)).chain(one_lang.map(|l| (Some(LangId(l)), text)));
    let mut x = XmpWriter::new();
    x.title(alternatives(meta.title));
    x.language(std::iter::once(meta.lang).chain(meta.more_langs.iter().map(String::as_str)).map(LangId));
    {
        // dc:creator is a sequence of names: one, the Info dictionary's /Author, with
        // its language.
        let mut creator = x.element("creator", Namespace::DublinCore).array(RdfCollectionType::Seq);
        match one_lang {
            Some(lang) => creator.element_with_attrs([("xml:lang", lang)]).value(meta.author),
            None => creator.element().value(meta.author),
        }
    }
    x.description(alternatives(meta.subject));
    x.format("application/pdf");
    x.producer(PRODUCER);
    x.creator_tool("awareprint");
    x.create_date(date);
    x.modify_date(date);
    x.metadata_date(date);
    x.document_id(&uuid);
    x.instance_id(&uuid);
    if tagged {
        x.pdfua_part(1);
    }
    if meta.pdfx.is_some() {
        x.pdfx_version("PDF/X-4");
        x.version_id("1");
        x.rendition_class(xmp_writer::RenditionClass::Default);
        x.trapped(false);
    }
    x.finish(None)
}

/// Deflate every stream that has no filter yet (the content streams: fonts, maps and
/// images come deflated), where that makes it smaller. lopdf's own `compress` uses
/// the slowest level; [`deflate::LEVEL`] is several times faster for a few percent.
fn compress(doc: &mut lopdf::Document) {
    for obj in doc.objects.values_mut() {
        if let Object::Stream(stream) = obj
            && stream.allows_compression
            && !stream.dict.has(b"Filter")
        {
            let packed = deflate::deflate(&stream.content);
            if packed.len() < stream.content.len() {
                stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
}

/// A 16-byte ID from a stable hash (SHA-256) of the title, the language and every
/// stream: the same content gives the same ID, on every run and machine.
fn content_id(doc: &lopdf::Document, meta: &Meta) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(meta.title.as_bytes());
    h.update([0]);
    h.update(meta.lang.as_bytes());
    // A press PDF's printing condition is part of what it is.
    if let Some(intent) = meta.pdfx {
        h.update(intent.identifier.as_bytes());
        h.update([0]);
        h.update(intent.digest());
    }
    for obj in doc.objects.values() {
        if let Object::Stream(s) = obj {
            h.update(&s.content);
        }
    }
    let mut id = [0; 16];
    id.copy_from_slice(&h.finalize()[..16]);
    id
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since 1970 (UTC).
pub fn pdf_date(epoch: i64) -> String {
    let (y, m, d, hh, mm, ss) = crate::date::utc(epoch);
    format!("D:{y:04}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_survive_a_round_trip_through_a_file() {
        // Literal strings for printable ASCII (parentheses and backslashes escaped by
        // lopdf), UTF-16 for anything else.
        for s in ["Worried? (Call) a\\b ) (", "¿Le preocupa? — “the life”", ""] {
            let mut doc = lopdf::Document::with_version("1.7");
            let info = doc.add_object(Dictionary::from_iter(vec![("Title", text(s))]));
            doc.trailer.set("Info", Object::Reference(info));
            let pages = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![])),
                ("Count", Object::Integer(0)),
            ]));
            let catalog = doc
                .add_object(Dictionary::from_iter(vec![("Type", Object::Name(b"Catalog".to_vec())), ("Pages", Object::Reference(pages))]));
            doc.trailer.set("Root", Object::Reference(catalog));
            let mut bytes = Vec::new();
            doc.save_modern(&mut bytes).unwrap();
            let back = lopdf::Document::load_mem(&bytes).unwrap();
            let info = back.trailer.get(b"Info").unwrap().as_reference().unwrap();
            let Object::String(raw, _) = back.get_dictionary(info).unwrap().get(b"Title").unwrap() else { panic!("a string") };
            let decoded = if raw.starts_with(&[0xFE, 0xFF]) {
                String::from_utf16(&raw[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>()).unwrap()
            } else {
                String::from_utf8(raw.clone()).unwrap()
            };
            assert_eq!(decoded, s);
        }
    }

    #[test]
    fn dates_are_utc_and_exact() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }
}
