//! lopdf objects as PDF syntax, written into a `Vec<u8>`: the bytes lopdf's own
//! writer makes (a unit test compares them), without its `dyn Write` call per byte.
//!
//! A space separates two tokens only where the second starts with a regular
//! character (a number, a reference, `true`, `false`, `null`), as lopdf writes them.

use lopdf::{Dictionary, Object, Stream, StringFormat};
use std::io::Write;

/// Write `obj`.
pub fn object(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => integer(out, *v),
        // Rust's shortest decimal that reads back as the same f32, never an exponent.
        Object::Real(v) => {
            let _ = write!(out, "{v}");
        }
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => hex(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && starts_regular(item) {
                    out.push(b' ');
                }
                object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => stream(out, s),
        Object::Reference((id, generation)) => {
            integer(out, (*id).into());
            out.push(b' ');
            integer(out, (*generation).into());
            out.extend_from_slice(b" R");
        }
    }
}

/// A stream: its dictionary, its `/Length` (where the dictionary has it, else last)
/// the length of its content, then `stream`, the content, `endstream`.
pub fn stream(out: &mut Vec<u8>, s: &Stream) {
    let length = Object::Integer(s.content.len() as i64);
    out.extend_from_slice(b"<<");
    for (key, value) in &s.dict {
        entry(out, key, if key == b"Length" { &length } else { value });
    }
    if !s.dict.has(b"Length") {
        entry(out, b"Length", &length);
    }
    out.extend_from_slice(b">>stream\n");
    out.extend_from_slice(&s.content);
    out.extend_from_slice(b"\nendstream");
}

/// `<<` each key and value `>>`.
pub fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d {
        entry(out, key, value);
    }
    out.extend_from_slice(b">>");
}

/// One dictionary entry: `/Key value`.
pub fn entry(out: &mut Vec<u8>, key: &[u8], value: &Object) {
    name(out, key);
    if starts_regular(value) {
        out.push(b' ');
    }
    object(out, value);
}

/// Whether `obj` starts with a regular character, so that a space must come before it.
pub fn starts_regular(obj: &Object) -> bool {
    matches!(obj, Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_))
}

pub fn integer(out: &mut Vec<u8>, v: i64) {
    let mut digits = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[i..]);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether byte `b` is written as `#XX` in a name: white space, delimiters, `#` and
/// bytes outside `!`..`~`.
const ESCAPED: [bool; 256] = {
    let mut escaped = [true; 256];
    let mut b = b'!';
    while b <= b'~' {
        escaped[b as usize] = false;
        b += 1;
    }
    let delimiters = b"()<>[]{}/%#";
    let mut i = 0;
    while i < delimiters.len() {
        escaped[delimiters[i] as usize] = true;
        i += 1;
    }
    escaped
};

/// `/Name`, with white space, delimiters, `#` and bytes outside `!`..`~` as `#XX`.
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    if !n.iter().any(|&b| ESCAPED[usize::from(b)]) {
        out.extend_from_slice(n);
        return;
    }
    for &b in n {
        if ESCAPED[usize::from(b)] {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

/// `(text)`: backslashes, carriage returns and unbalanced parentheses escaped (balanced
/// ones need no escape).
fn literal(out: &mut Vec<u8>, s: &[u8]) {
    let mut escape = vec![false; s.len()];
    let mut open = Vec::new();
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'(' => open.push(i),
            b')' => escape[i] = open.pop().is_none(),
            b'\\' | b'\r' => escape[i] = true,
            _ => {}
        }
    }
    for i in open {
        escape[i] = true;
    }
    out.push(b'(');
    for (&b, &e) in s.iter().zip(&escape) {
        if e {
            out.push(b'\\');
        }
        out.push(if b == b'\r' && e { b'r' } else { b });
    }
    out.push(b')');
}

/// `<HEX>`, two upper-case digits a byte.
fn hex(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'<');
    for &b in s {
        out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
    out.push(b'>');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `obj` as lopdf writes it (its writer is private): the one object of an object
    /// stream, after the table `1 0 ` and before the space that ends it.
    fn lopdf_bytes(obj: &Object) -> Vec<u8> {
        let mut stream = lopdf::ObjectStream::builder().build();
        stream.add_object((1, 0), obj.clone()).unwrap();
        let content = stream.build_stream_content().unwrap();
        content[b"1 0 ".len()..content.len() - 1].to_vec()
    }

    #[test]
    fn objects_are_written_as_lopdf_writes_them() {
        let s = |b: &[u8], f| Object::String(b.to_vec(), f);
        let objects = vec![
            Object::Null,
            Object::Boolean(true),
            Object::Boolean(false),
            Object::Integer(0),
            Object::Integer(-42),
            Object::Integer(i64::MIN),
            Object::Integer(i64::MAX),
            Object::Real(0.0),
            Object::Real(-0.5),
            Object::Real(612.0),
            Object::Real(48.8),
            Object::Real(202.21921),
            Object::Real(1e-7),
            Object::Real(3.4e12),
            Object::Name(b"FlateDecode".to_vec()),
            Object::Name(b"A B#(x)/\x00\xff~!".to_vec()),
            Object::Name(Vec::new()),
            s(b"plain", StringFormat::Literal),
            s(b"Worried? (Call) a\\b ) (", StringFormat::Literal),
            s(b")(", StringFormat::Literal),
            s(b"((a)", StringFormat::Literal),
            s(b"line\rbreak\n", StringFormat::Literal),
            s(b"", StringFormat::Literal),
            s(&[0xFE, 0xFF, 0x00, 0xBF, 0x28], StringFormat::Hexadecimal),
            Object::Reference((12, 0)),
            Object::Reference((7, 3)),
            Object::Array(vec![]),
            Object::Array(vec![
                Object::Integer(1),
                Object::Real(2.5),
                Object::Name(b"N".to_vec()),
                Object::Integer(3),
                Object::Reference((4, 0)),
                Object::Null,
                Object::Array(vec![Object::Boolean(true)]),
                Object::Boolean(false),
                s(b"t", StringFormat::Literal),
                Object::Integer(5),
            ]),
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Count", Object::Integer(2)),
                ("Kids", Object::Array(vec![Object::Reference((3, 0)), Object::Reference((5, 0))])),
                ("Empty", Object::Dictionary(Dictionary::new())),
                ("Flag", Object::Boolean(true)),
                ("Title", s(b"x", StringFormat::Literal)),
            ])),
        ];
        for obj in &objects {
            let mut ours = Vec::new();
            object(&mut ours, obj);
            assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&lopdf_bytes(obj)), "{obj:?}");
            assert_eq!(ours, lopdf_bytes(obj), "{obj:?}");
        }
    }

    #[test]
    fn a_stream_says_its_length() {
        let mut s = Stream::new(Dictionary::from_iter(vec![("N", Object::Integer(4))]), b"q Q".to_vec());
        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        s.content.push(b'\n');
        let mut out = Vec::new();
        stream(&mut out, &s);
        assert_eq!(out, b"<</N 4/Length 4/Filter/FlateDecode>>stream\nq Q\n\nendstream");
        s.dict.remove(b"Length");
        out.clear();
        stream(&mut out, &s);
        assert_eq!(out, b"<</N 4/Filter/FlateDecode/Length 4>>stream\nq Q\n\nendstream");
    }
}
