//! A corpus of bad inputs (tests/bad/<case>/): each case overlays files onto a copy of
//! the shipped materials, runs the real binary with the arguments in `cmd`, and
//! asserts its exit status (`status`, default 1) and its stderr exactly (`stderr`).
//! `UPDATE_EXPECT=1 cargo test --test bad_inputs` rewrites the `stderr` files; review
//! the diff before committing it.

use crate::common;
use common::copy_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

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
        let dir = std::env::temp_dir().join(format!("awareprint-bad-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&root.join("materials"), &dir.join("materials"));
        if case.join("files").is_dir() {
            copy_dir(&case.join("files"), &dir.join("materials"));
        }
        let cmd = std::fs::read_to_string(case.join("cmd")).unwrap();
        let args: Vec<&str> = cmd.split_whitespace().collect();
        let out = Command::new(env!("CARGO_BIN_EXE_awareprint")).args(&args).current_dir(&dir).env("NO_COLOR", "1").output().unwrap();
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
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
