//! A corpus of bad inputs (tests/bad/<case>/): each case overlays files onto a copy of
//! the shipped materials, runs the real binary with the arguments in `cmd`, and
//! asserts its exit status (`status`, default 1) and its stderr exactly (`stderr`).
//! `UPDATE_EXPECT=1 cargo test --test suite bad_inputs::` rewrites the `stderr` files;
//! review the diff before committing it.

use crate::common::{Scratch, awareprint, copy_dir};
use std::path::{Path, PathBuf};

#[test]
fn every_bad_input_gets_its_exact_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(root.join("tests/bad")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 25, "the corpus has {} cases", cases.len());
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let dir = Scratch::with_materials(&format!("bad-{name}"));
        if case.join("files").is_dir() {
            copy_dir(&case.join("files"), &dir.join("materials"));
        }
        let cmd = std::fs::read_to_string(case.join("cmd")).unwrap();
        let args: Vec<&str> = cmd.split_whitespace().collect();
        let out = awareprint(&dir, &args);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let status: i32 = std::fs::read_to_string(case.join("status")).map_or(1, |s| s.trim().parse().unwrap());
        if out.status.code() != Some(status) {
            failures.push(format!("{name}: exit {:?}, expected {status}\n{stderr}", out.status.code()));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked\n{stderr}"));
        }
        // Nothing is written for the material that failed.
        if let Some(material) = args.iter().skip(1).find(|a| !a.starts_with('-') && args[0] == "build" && !a.contains('/')) {
            let pdf = dir.join("output/colorado/en").join(format!("{material}.pdf"));
            if pdf.exists() {
                failures.push(format!("{name}: {} was written", pdf.display()));
            }
        }
        let expected_path = case.join("stderr");
        if update {
            std::fs::write(&expected_path, &stderr).unwrap();
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if stderr != expected {
                failures.push(format!("{name}: stderr differs\n--- expected\n{expected}--- got\n{stderr}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
