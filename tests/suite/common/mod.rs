//! What the tests share: the shipped materials and the builds made from them (once per
//! process), scratch folders that never outlive their test, the real binary run as a
//! user runs it, and PDFs read the way a print shop and a phone read them.
#![allow(dead_code)]

mod bin;
mod icc;
mod pdf;
mod scratch;
mod shipped;

pub use bin::{Awareprint, awareprint, run};
pub use icc::cmyk_output_profile;
pub use pdf::*;
pub use scratch::Scratch;
pub use shipped::*;

use std::path::{Path, PathBuf};

/// Copy a folder tree (a scratch copy of the materials).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// An opaque PNG of `w` x `h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(&vec![90; (w * h * 3) as usize]).unwrap();
    drop(writer);
    out
}

/// Every PDF under `dir`, sorted.
pub fn pdfs_in(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                pdfs.push(p);
            }
        }
    }
    pdfs.sort();
    pdfs
}
