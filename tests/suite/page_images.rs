//! Snapshot images: every page of each kind, statewide, in English (and the bilingual
//! poster), rendered at 30 dpi by the in-process renderer and compared with the PNGs
//! in `tests/snapshots/images/`, so that `cargo test` checks what a reader sees. A small
//! tolerance (blocks of 3 x 3 pixels may differ by a few levels) lets a float rounding
//! pass and nothing a reader would notice. `UPDATE_SNAPSHOTS=1 cargo test --test suite
//! page_images::` rewrites them; look at the new images before committing them.

use crate::common;
use awareprint::build;
use awareprint::model::Profile;
use awareprint::project::Project;
use awareprint::render::{self, Raster, View};
use common::materials_dir;
use std::path::Path;

fn read_png(path: &Path) -> Option<Raster> {
    let decoder = png::Decoder::new(std::io::Cursor::new(std::fs::read(path).ok()?));
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    (info.color_type == png::ColorType::Rgb).then(|| Raster {
        width: info.width as usize,
        height: info.height as usize,
        rgb: buf[..info.buffer_size()].to_vec(),
    })
}

/// The largest difference of a 3 x 3 block's mean colour between two images of one
/// size (in levels, 0 to 255); `None` when the sizes differ.
fn largest_block_difference(a: &Raster, b: &Raster) -> Option<u32> {
    if (a.width, a.height) != (b.width, b.height) {
        return None;
    }
    let mean = |r: &Raster, bx: usize, by: usize, c: usize| -> u32 {
        let mut s = 0;
        for y in by * 3..(by * 3 + 3).min(r.height) {
            for x in bx * 3..(bx * 3 + 3).min(r.width) {
                s += r.rgb[(y * r.width + x) * 3 + c] as u32;
            }
        }
        s / 9
    };
    let mut worst = 0;
    for by in 0..a.height.div_ceil(3) {
        for bx in 0..a.width.div_ceil(3) {
            for c in 0..3 {
                worst = worst.max(mean(a, bx, by, c).abs_diff(mean(b, bx, by, c)));
            }
        }
    }
    Some(worst)
}

#[test]
fn every_kind_looks_as_approved() {
    let project = Project::open(&materials_dir()).unwrap();
    let plan = build::Plan {
        editions: vec![project.statewide()],
        materials: project.materials.clone(),
        copies: project.copies.clone(),
        langs: Some(vec!["en".into(), "es".into()]),
        size: None,
        profile: Profile::Office,
        pairs: None,
        every_variant: false,
    };
    let docs = build::build_plan(&plan, 2, build::DEFAULT_EPOCH).done;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/images");
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let (mut seen, mut changed) = (0, Vec::new());
    for b in docs.iter().filter(|b| b.lang == "en" || b.lang == "en-es") {
        for (n, page) in render::render(&b.bytes, 30.0, View::Trim).unwrap().into_iter().enumerate() {
            let file = dir.join(format!("{}-{}-{}.png", b.id, b.lang, n + 1));
            seen += 1;
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&file, page.png()).unwrap();
                continue;
            }
            let want = read_png(&file).unwrap_or_else(|| panic!("no snapshot {}: run with UPDATE_SNAPSHOTS=1", file.display()));
            match largest_block_difference(&want, &page) {
                Some(d) if d <= 6 => {}
                Some(d) => changed.push(format!("{}: a block differs by {d} levels", file.display())),
                None => {
                    changed.push(format!("{}: {}x{} now, {}x{} approved", file.display(), page.width, page.height, want.width, want.height))
                }
            }
        }
    }
    assert!(seen >= 9, "{seen} pages of the six kinds");
    assert!(changed.is_empty(), "pages look different (review the new images, then UPDATE_SNAPSHOTS=1):\n{}", changed.join("\n"));
}

#[test]
fn the_comparison_sees_a_small_change() {
    let blank = Raster { width: 30, height: 30, rgb: vec![255; 30 * 30 * 3] };
    let mut dot = blank.clone();
    // One dark pixel: a ninth of a block, 27 levels on its mean.
    dot.rgb[(15 * 30 + 15) * 3..][..3].copy_from_slice(&[10, 10, 10]);
    assert_eq!(largest_block_difference(&blank, &blank), Some(0));
    assert!(largest_block_difference(&blank, &dot).unwrap() > 6);
    assert_eq!(largest_block_difference(&blank, &Raster { width: 31, ..blank.clone() }), None);
}
