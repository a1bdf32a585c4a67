//! The file around the objects: the header, each stream as an indirect object, every
//! other object in a deflated object stream, and a deflated cross-reference stream
//! (PDF 1.5), which is what lopdf's `save_modern` lays out too.
//!
//! Each object is serialised once, straight into its object stream, its offset noted
//! as it is written (lopdf serialises every object twice, the first time to learn the
//! offsets, and sets up a new compressor for each object stream); every deflate goes
//! through the thread's one compressor ([`deflate`]). The cross-reference stream's
//! rows are written as differences from the row above (the PNG Up predictor) and
//! deflated: a few hundred bytes less per file than lopdf's raw rows.

use super::deflate::deflate;
use super::syntax;
use lopdf::{Document, Object, Stream};

/// The most objects in one object stream (a reader inflates a whole stream to read one
/// of them): what lopdf and qpdf write.
const PER_OBJECT_STREAM: usize = 100;

/// Where the cross-reference stream says object number `n` is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Entry {
    /// No object has the number.
    Free,
    /// An indirect object at this byte offset, with its generation.
    At(usize, u16),
    /// Object `index` of object stream number `stream`.
    In { stream: u32, index: usize },
}

/// `doc` as the bytes of a PDF file. Every object in `doc.objects` is written, each
/// stream with a `/Length` that is its content's.
pub(super) fn write(doc: &Document) -> Vec<u8> {
    let stream_bytes: usize = doc.objects.values().map(|o| if let Object::Stream(s) = o { s.content.len() + 64 } else { 0 }).sum();
    let mut out = Vec::with_capacity(stream_bytes + 8 * 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(doc.version.as_bytes());
    // A comment of bytes above 127: the file is binary.
    out.extend_from_slice(b"\n%");
    out.extend_from_slice(&doc.binary_mark);
    out.push(b'\n');

    let last = doc.objects.keys().next_back().map_or(0, |&(n, _)| n).max(doc.max_id);
    let mut entries = vec![Entry::Free; last as usize + 1];
    let mut packed = ObjectStream::default();
    for (&(n, generation), obj) in &doc.objects {
        match obj {
            Object::Stream(s) => {
                entries[n as usize] = Entry::At(out.len(), generation);
                indirect(&mut out, n, generation, |out| syntax::stream(out, s));
            }
            _ if generation != 0 => {
                // Only objects of generation 0 may be in an object stream.
                entries[n as usize] = Entry::At(out.len(), generation);
                indirect(&mut out, n, generation, |out| syntax::object(out, obj));
            }
            _ => {
                if packed.count == PER_OBJECT_STREAM {
                    packed.write(&mut out, &mut entries);
                }
                entries[n as usize] = Entry::In { stream: entries.len() as u32, index: packed.count };
                packed.add(n, obj);
            }
        }
    }
    if packed.count > 0 {
        packed.write(&mut out, &mut entries);
    }
    cross_reference_stream(&mut out, entries, &doc.trailer);
    out
}

/// `n g obj`, what `body` writes, `endobj`.
fn indirect(out: &mut Vec<u8>, n: u32, generation: u16, body: impl FnOnce(&mut Vec<u8>)) {
    syntax::integer(out, n.into());
    out.push(b' ');
    syntax::integer(out, generation.into());
    out.extend_from_slice(b" obj\n");
    body(out);
    out.extend_from_slice(b"\nendobj\n");
}

/// The objects of one object stream as they are added: its table of object numbers
/// and offsets, and the objects.
#[derive(Default)]
struct ObjectStream {
    /// `number offset ` for each object, the offset counted from the first object.
    table: Vec<u8>,
    /// The objects, each followed by a space.
    body: Vec<u8>,
    count: usize,
}

impl ObjectStream {
    fn add(&mut self, n: u32, obj: &Object) {
        syntax::integer(&mut self.table, n.into());
        self.table.push(b' ');
        syntax::integer(&mut self.table, self.body.len() as i64);
        self.table.push(b' ');
        syntax::object(&mut self.body, obj);
        self.body.push(b' ');
        self.count += 1;
    }

    /// The stream's content: the table, then the objects; and where the first object
    /// starts (`/First`).
    fn content(&self) -> (Vec<u8>, usize) {
        let mut content = Vec::with_capacity(self.table.len() + self.body.len());
        content.extend_from_slice(&self.table);
        content.extend_from_slice(&self.body);
        (content, self.table.len())
    }

    /// Write the stream as the next object number (`entries.len()`), deflated, and
    /// start an empty one.
    fn write(&mut self, out: &mut Vec<u8>, entries: &mut Vec<Entry>) {
        let (content, first) = self.content();
        let n = entries.len() as u32;
        entries.push(Entry::At(out.len(), 0));
        let dict = lopdf::Dictionary::from_iter(vec![
            ("Type", Object::Name(b"ObjStm".to_vec())),
            ("N", Object::Integer(self.count as i64)),
            ("First", Object::Integer(first as i64)),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ]);
        indirect(out, n, 0, |out| syntax::stream(out, &Stream::new(dict, deflate(&content))));
        *self = ObjectStream::default();
    }
}

/// The cross-reference stream (its dictionary the trailer too), `startxref` and the
/// end of the file. Its rows are `type field2 field3` of widths `[1 w 2]`, `w` bytes
/// enough for the largest offset; numbers without an object are free entries, linked
/// from entry 0 as the free list.
fn cross_reference_stream(out: &mut Vec<u8>, mut entries: Vec<Entry>, trailer: &lopdf::Dictionary) {
    let start = out.len();
    let n = entries.len() as u32;
    entries.push(Entry::At(start, 0));
    let free: Vec<usize> = (1..entries.len()).filter(|&i| entries[i] == Entry::Free).collect();
    let next_free = |i: usize| free.iter().find(|&&f| f > i).copied().unwrap_or(0);
    let rows: Vec<(u8, usize, u16)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| match *e {
            Entry::Free => (0, next_free(i), if i == 0 { 65535 } else { 0 }),
            Entry::At(offset, generation) => (1, offset, generation),
            Entry::In { stream, index } => (2, stream as usize, index as u16),
        })
        .collect();
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let width = (1..8).find(|w| max >> (8 * w) == 0).unwrap_or(8);
    let columns = 1 + width + 2;
    // PNG Up: each row a filter byte (2) and the differences from the row above.
    let mut data = Vec::with_capacity(rows.len() * (columns + 1));
    let mut above = vec![0u8; columns];
    for &(kind, field2, field3) in &rows {
        let mut row = Vec::with_capacity(columns);
        row.push(kind);
        row.extend_from_slice(&field2.to_be_bytes()[8 - width..]);
        row.extend_from_slice(&field3.to_be_bytes());
        data.push(2);
        data.extend(row.iter().zip(&above).map(|(b, a)| b.wrapping_sub(*a)));
        above = row;
    }
    let mut dict = lopdf::Dictionary::from_iter(vec![
        ("Type", Object::Name(b"XRef".to_vec())),
        ("Size", Object::Integer(entries.len() as i64)),
        ("W", Object::Array(vec![Object::Integer(1), Object::Integer(width as i64), Object::Integer(2)])),
    ]);
    for (key, value) in trailer {
        // The file's own bookkeeping is written here, never copied from a loaded one.
        if !matches!(key.as_slice(), b"Type" | b"Size" | b"W" | b"Index" | b"Prev" | b"XRefStm" | b"Filter" | b"DecodeParms" | b"Length") {
            dict.set(key.clone(), value.clone());
        }
    }
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    dict.set(
        "DecodeParms",
        lopdf::Dictionary::from_iter(vec![("Predictor", Object::Integer(12)), ("Columns", Object::Integer(columns as i64))]),
    );
    indirect(out, n, 0, |out| syntax::stream(out, &Stream::new(dict, deflate(&data))));
    out.extend_from_slice(b"startxref\n");
    syntax::integer(out, start as i64);
    out.extend_from_slice(b"\n%%EOF\n");
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use lopdf::Dictionary;
    use std::io::Read;

    /// Whether two objects are the same PDF value: what lopdf writes of a whole `Real`
    /// (`612`) reads back as an `Integer`.
    fn same(a: &Object, b: &Object) -> bool {
        let number = |o: &Object| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        };
        match (a, b) {
            (Object::Array(a), Object::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
            (Object::Dictionary(a), Object::Dictionary(b)) => same_dict(a, b),
            (Object::Stream(a), Object::Stream(b)) => same_dict(&a.dict, &b.dict) && a.content == b.content,
            _ => match (number(a), number(b)) {
                (Some(x), Some(y)) => x == y,
                _ => a == b,
            },
        }
    }

    fn same_dict(a: &Dictionary, b: &Dictionary) -> bool {
        a.len() == b.len() && a.iter().zip(b.iter()).all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
    }

    /// An object stream's table against the objects it says it holds: each object's
    /// bytes begin exactly at its offset and end, with their space, where the next
    /// one begins.
    fn check_table(
        content: &[u8],
        first: usize,
        count: usize,
        objects: &std::collections::BTreeMap<lopdf::ObjectId, Object>,
    ) -> Result<Vec<u32>, String> {
        let table = std::str::from_utf8(&content[..first]).map_err(|e| e.to_string())?;
        let numbers: Vec<usize> =
            table.split_whitespace().map(|t| t.parse().map_err(|_| format!("{t:?} in the table"))).collect::<Result<_, _>>()?;
        if numbers.len() != 2 * count {
            return Err(format!("{} numbers in the table of {count} objects", numbers.len()));
        }
        let mut expected_offset = 0;
        let mut held = Vec::new();
        for pair in numbers.chunks(2) {
            let (n, offset) = (pair[0] as u32, pair[1]);
            let obj = objects.get(&(n, 0)).ok_or(format!("object {n} is not in the document"))?;
            let mut bytes = Vec::new();
            syntax::object(&mut bytes, obj);
            if offset != expected_offset || !content[first + offset..].starts_with(&bytes) {
                return Err(format!("object {n} is not at offset {offset}"));
            }
            expected_offset = offset + bytes.len() + 1;
            held.push(n);
        }
        Ok(held)
    }

    fn number(d: &Dictionary, key: &[u8]) -> usize {
        d.get(key).and_then(Object::as_i64).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(key))) as usize
    }

    /// A written file against the document it was written from: every object reads
    /// back (with lopdf) as it was, the trailer's entries are kept, every object
    /// stream's table is exact, and every cross-reference entry leads to its object.
    pub fn check(bytes: &[u8], doc: &Document) {
        let back = Document::load_mem(bytes).expect("lopdf reads the file");
        for (id, obj) in &doc.objects {
            let read = back.objects.get(id).unwrap_or_else(|| panic!("object {id:?} read back"));
            assert!(same(obj, read), "object {id:?}: wrote {obj:?}, read {read:?}");
        }
        for key in [b"Root".as_slice(), b"Info", b"ID"] {
            assert_eq!(doc.trailer.get(key).ok(), back.trailer.get(key).ok(), "{}", String::from_utf8_lossy(key));
        }
        // lopdf keeps the object streams it read, inflated.
        let mut held = std::collections::HashMap::new();
        let mut xref = None;
        for (&id, obj) in &back.objects {
            let kind = obj.as_stream().ok().and_then(|s| s.dict.get(b"Type").and_then(Object::as_name).ok());
            if kind == Some(b"XRef") {
                assert!(xref.replace((id.0, obj.as_stream().unwrap().dict.clone())).is_none(), "one cross-reference stream");
                continue;
            }
            if let Object::Stream(s) = obj
                && kind == Some(b"ObjStm")
            {
                let numbers = check_table(&s.content, number(&s.dict, b"First"), number(&s.dict, b"N"), &doc.objects).unwrap();
                assert!(numbers.len() <= PER_OBJECT_STREAM);
                held.insert(id.0, numbers);
            } else {
                assert!(doc.objects.contains_key(&id), "object {id:?} was not in the document");
            }
        }

        // The cross-reference stream, read by hand: its offset, inflated, the
        // predictor undone, each row checked.
        let tail = std::str::from_utf8(&bytes[bytes.len() - 32..]).unwrap_or_default().to_string();
        let start: usize = tail.split("startxref\n").nth(1).and_then(|t| t.lines().next()).and_then(|t| t.parse().ok()).expect("startxref");
        let (xref_number, xref) = xref.expect("a cross-reference stream");
        assert!(bytes[start..].starts_with(format!("{xref_number} 0 obj\n").as_bytes()));
        let (w, columns) =
            (xref.get(b"W").unwrap().as_array().unwrap(), number(xref.get(b"DecodeParms").unwrap().as_dict().unwrap(), b"Columns"));
        let w: Vec<usize> = w.iter().map(|v| v.as_i64().unwrap() as usize).collect();
        assert_eq!(w.iter().sum::<usize>(), columns);
        let data_start = start + bytes[start..].windows(7).position(|w| w == b"stream\n").unwrap() + 7;
        let mut data = Vec::new();
        flate2::read::ZlibDecoder::new(&bytes[data_start..data_start + number(&xref, b"Length")]).read_to_end(&mut data).unwrap();
        let size = number(&xref, b"Size");
        assert_eq!(data.len(), size * (columns + 1));
        let mut above = vec![0u8; columns];
        let mut used = 0;
        for (n, row) in data.chunks(columns + 1).enumerate() {
            assert_eq!(row[0], 2, "the Up predictor");
            let row: Vec<u8> = row[1..].iter().zip(&above).map(|(d, a)| d.wrapping_add(*a)).collect();
            let field = |i: usize| row[w[..i].iter().sum::<usize>()..][..w[i]].iter().fold(0usize, |v, b| v << 8 | usize::from(*b));
            used += usize::from(field(0) != 0);
            match field(0) {
                0 => assert!(!doc.objects.keys().any(|id| id.0 == n as u32), "object {n} is free"),
                1 => assert!(bytes[field(1)..].starts_with(format!("{n} {} obj\n", field(2)).as_bytes()), "object {n} at {}", field(1)),
                2 => assert_eq!(held[&(field(1) as u32)].get(field(2)), Some(&(n as u32)), "object {n} in stream {}", field(1)),
                t => panic!("entry type {t}"),
            }
            above = row;
        }
        // The document's objects, the object streams and the cross-reference stream.
        assert_eq!(used, doc.objects.len() + held.len() + 1);
    }

    /// A document of every kind of object: more small objects than one object stream
    /// holds, streams between them, a number left free, a generation above 0.
    fn sample() -> Document {
        let mut doc = Document::with_version("1.7");
        let s = |b: &[u8], f| Object::String(b.to_vec(), f);
        for i in 0..230i64 {
            let obj = match i % 7 {
                0 => Object::Stream(Stream::new(Dictionary::from_iter(vec![("N", Object::Integer(i))]), vec![b'x'; i as usize])),
                1 => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"Annot".to_vec())),
                    ("Rect", Object::Array(vec![Object::Real(48.8), Object::Real(462.82993), Object::Integer(3), Object::Real(-0.5)])),
                    ("Contents", s(b"Call (1-844) \\ now)", lopdf::StringFormat::Literal)),
                ])),
                2 => s(&[0xFE, 0xFF, 0, 0xBF], lopdf::StringFormat::Hexadecimal),
                3 => Object::Array(vec![Object::Reference((1, 0)), Object::Null, Object::Boolean(true), Object::Name(b"A B".to_vec())]),
                4 => Object::Integer(-i),
                5 => Object::Real(i as f32 / 3.0),
                _ => Object::Dictionary(Dictionary::new()),
            };
            doc.add_object(obj);
        }
        doc.objects.remove(&(17, 0));
        let moved = doc.objects.remove(&(30, 0)).unwrap();
        doc.objects.insert((30, 2), moved);
        let root = doc.add_object(Dictionary::from_iter(vec![("Type", Object::Name(b"Catalog".to_vec()))]));
        doc.trailer.set("Root", Object::Reference(root));
        let id = Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal);
        doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
        doc
    }

    #[test]
    fn every_object_reads_back_from_where_the_file_says_it_is() {
        let doc = sample();
        let bytes = write(&doc);
        check(&bytes, &doc);
        assert!(bytes.starts_with(b"%PDF-1.7\n%\xBB\xAD\xC0\xDE\n") && bytes.ends_with(b"%%EOF\n"));
        // Writing twice gives the same bytes.
        assert_eq!(bytes, write(&doc));
    }

    #[test]
    fn object_streams_hold_what_lopdf_would_put_in_them() {
        let doc = sample();
        let small: Vec<_> =
            doc.objects.iter().filter(|((_, g), o)| *g == 0 && !matches!(o, Object::Stream(_))).take(PER_OBJECT_STREAM).collect();
        let mut ours = ObjectStream::default();
        let mut theirs = lopdf::ObjectStream::builder().build();
        for &(&(n, g), obj) in &small {
            ours.add(n, obj);
            theirs.add_object((n, g), obj.clone()).unwrap();
        }
        let (content, first) = ours.content();
        assert_eq!(String::from_utf8_lossy(&content), String::from_utf8_lossy(&theirs.build_stream_content().unwrap()));
        let Object::Integer(their_first) = theirs.to_stream_object().unwrap().dict.get(b"First").unwrap().clone() else { panic!() };
        assert_eq!(first as i64, their_first);
    }

    #[test]
    fn a_wrong_offset_table_is_caught() {
        let doc = sample();
        let mut packed = ObjectStream::default();
        let small: Vec<_> = doc.objects.iter().filter(|((_, g), o)| *g == 0 && !matches!(o, Object::Stream(_))).take(20).collect();
        for &(&(n, _), obj) in &small {
            packed.add(n, obj);
        }
        let (content, first) = packed.content();
        assert!(check_table(&content, first, small.len(), &doc.objects).is_ok());
        // One offset one byte off, then two objects' numbers swapped.
        let table = String::from_utf8(content[..first].to_vec()).unwrap();
        let mut fields: Vec<String> = table.split_whitespace().map(String::from).collect();
        let wrong = |fields: &[String]| {
            let table = fields.join(" ") + " ";
            let mut bad = table.clone().into_bytes();
            bad.extend_from_slice(&content[first..]);
            check_table(&bad, table.len(), small.len(), &doc.objects)
        };
        fields[7] = (fields[7].parse::<usize>().unwrap() + 1).to_string();
        assert!(wrong(&fields).is_err());
        fields[7] = (fields[7].parse::<usize>().unwrap() - 1).to_string();
        assert!(wrong(&fields).is_ok());
        fields.swap(4, 6);
        assert!(wrong(&fields).is_err());
    }
}
