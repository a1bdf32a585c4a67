//! Arbitrary bytes read as a PDF and drawn page by page, as `diff` and `preview` draw
//! them, within the renderer's limits; the body is `awareprint::fuzzing::pdf_pages`,
//! which `cargo test` also runs on the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    awareprint::fuzzing::pdf_pages(data);
});
