//! The whole path from a material's YAML to PDF bytes, on arbitrary input; the body
//! is `awareprint::fuzzing::yaml_to_pdf`, which `cargo test` also runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(pdf) = awareprint::fuzzing::yaml_to_pdf(data) {
        assert!(pdf.starts_with(b"%PDF-"));
    }
});
