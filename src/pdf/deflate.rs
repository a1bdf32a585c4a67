//! Deflate (FlateDecode), as every stream is compressed: one compressor per thread at
//! one level; a stream's bytes packed once as they are written; and the streams that
//! recur across documents (a subset's ToUnicode map) deflated once.

use lopdf::{Dictionary, Object, Stream};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The deflate level of every stream. Measured on the 384-document build against the
/// default 6: level 4 deflates content streams in three quarters of the time for 7 %
/// more bytes of them, which the smaller cross-reference streams more than pay for;
/// level 3 saves another 5 % of the writer's time for 2 % larger files, and is what
/// brings a build to 1.5x less CPU than before the redesign (issue 24, BENCHMARKS.md).
pub const LEVEL: u32 = 3;

/// `data` deflated (zlib format) at [`LEVEL`].
pub fn deflate(data: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    // Setting up a compressor (its window and tables) costs as much as compressing a
    // small stream: each thread keeps one and resets it.
    thread_local! {
        static DEFLATE: std::cell::RefCell<Compress> = std::cell::RefCell::new(Compress::new(Compression::new(LEVEL), true));
    }
    DEFLATE.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        // Room to start with, at most a megabyte: the Vec grows as the output does, and
        // is trimmed to it, so that a large image that deflates to little (a logo) does
        // not hold half its size in every document until the document is written.
        let mut out = Vec::with_capacity((data.len() / 2).min(1 << 20) + 64);
        loop {
            let consumed = c.total_in() as usize;
            // Compressing into memory cannot fail; the Vec grows until the stream ends.
            match c.compress_vec(&data[consumed..], &mut out, FlushCompress::Finish).expect("deflate into memory") {
                Status::StreamEnd => break,
                _ => out.reserve(out.capacity().max(64)),
            }
        }
        out.shrink_to_fit();
        out
    })
}

/// A stream's bytes as it holds them: deflated when that is smaller (as
/// `document::finish` deflates the content streams), else raw.
pub struct Packed {
    bytes: Vec<u8>,
    deflated: bool,
}

impl Packed {
    pub fn of(raw: Vec<u8>) -> Packed {
        let packed = deflate(&raw);
        if packed.len() < raw.len() { Packed { bytes: packed, deflated: true } } else { Packed { bytes: raw, deflated: false } }
    }

    pub fn is_deflated(&self) -> bool {
        self.deflated
    }

    /// The stream, exactly as deflating it with the document's other streams makes it
    /// (the same bytes and keys, Filter after Length), and left alone by that pass.
    pub fn stream(&self, dict: Dictionary) -> Stream {
        let mut stream = Stream::new(dict, self.bytes.clone());
        if self.deflated {
            stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        } else {
            stream.allows_compression = false;
        }
        stream
    }

    /// How many bytes it keeps.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }
}

/// Streams that recur across documents, each packed once: by their exact bytes (no
/// hashing shortcuts), at most [`Recurring::MAX`] of them kept.
#[derive(Default)]
pub struct Recurring(Mutex<HashMap<Vec<u8>, Arc<Packed>>>);

impl Recurring {
    const MAX: usize = 1000;

    /// `raw`, packed: from an earlier document, or now (and kept).
    pub fn pack(&self, raw: Vec<u8>) -> Arc<Packed> {
        if let Some(p) = self.0.lock().ok().and_then(|kept| kept.get(&raw).cloned()) {
            return p;
        }
        // Deflated with the lock released: the other threads go on meanwhile.
        let packed = Arc::new(Packed::of(raw.clone()));
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= Self::MAX {
                kept.clear();
            }
            kept.insert(raw, packed.clone());
        }
        packed
    }
}
