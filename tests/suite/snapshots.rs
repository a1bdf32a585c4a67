//! Snapshots of the laid-out frames of every kind, so that a layout change is seen and
//! approved, not discovered: each shipped material, statewide, in each of its
//! languages, and the poster on Tabloid, written as text (one line per item: what it
//! is, where, how large, what it says, rounded to a tenth of a point) and compared
//! with `tests/snapshots/`. `UPDATE_SNAPSHOTS=1 cargo test --test suite snapshots::`
//! rewrites them; the diff is the review.

use crate::common;
use awareprint::layout::{FontSet, Item, Page, Rect};
use awareprint::model::SizeName;
use awareprint::project::Project;
use std::fmt::Write;
use std::path::PathBuf;

fn pt(a: awareprint::layout::Abs) -> String {
    format!("{:.1}", a.to_pt())
}

fn rect(r: &Rect) -> String {
    format!("{} {} {} {}", pt(r.x()), pt(r.y()), pt(r.w()), pt(r.h()))
}

fn describe(out: &mut String, item: &Item, depth: usize) {
    let pad = "  ".repeat(depth);
    match item {
        Item::Text { origin, font, size, color, glyphs } => {
            let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
            let _ = writeln!(
                out,
                "{pad}text {} {} {:?} {} cmyk({:.2},{:.2},{:.2},{:.2}) {:?}",
                pt(origin.x),
                pt(origin.y),
                font,
                pt(*size),
                color.c,
                color.m,
                color.y,
                color.k,
                text.trim_end()
            );
        }
        Item::Fill { rect: r, color } => {
            let _ = writeln!(out, "{pad}fill {} cmyk({:.2},{:.2},{:.2},{:.2})", rect(r), color.c, color.m, color.y, color.k);
        }
        Item::Qr { bounds, payload, rects, .. } => {
            let _ = writeln!(out, "{pad}qr {} {} ({} rectangles)", rect(bounds), payload, rects.len());
        }
        Item::Link { rect: r, uri } => {
            let _ = writeln!(out, "{pad}link {} {uri}", rect(r));
        }
        Item::Image { rect: r, logo } => {
            let _ = writeln!(out, "{pad}image {} {}x{}", rect(r), logo.width, logo.height);
        }
        Item::Group { clip, items } => {
            let _ = writeln!(out, "{pad}group {}", rect(clip));
            items.iter().for_each(|i| describe(out, i, depth + 1));
        }
        Item::Path { path, fill, stroke } => {
            let b = path.bounds().map_or("empty".to_string(), |b| rect(&b));
            let _ = writeln!(out, "{pad}path {b} ({} segments) fill={fill:?} stroke={stroke:?}", path.segs.len());
        }
        Item::DieLine { path, width } => {
            let b = path.bounds().map_or("empty".to_string(), |b| rect(&b));
            let _ = writeln!(out, "{pad}die line {b} ({} segments) {}", path.segs.len(), pt(*width));
        }
        Item::Marks { rects } => {
            let _ = writeln!(out, "{pad}marks {}", rects.iter().map(rect).collect::<Vec<_>>().join(" | "));
        }
        Item::Start(node) => {
            let _ = writeln!(out, "{pad}start {:?} alt={:?} lang={:?}", node.role, node.alt, node.lang);
        }
        Item::Furniture => {
            let _ = writeln!(out, "{pad}furniture");
        }
        Item::End => {
            let _ = writeln!(out, "{pad}end");
        }
    }
}

fn snapshot(pages: &[Page]) -> String {
    let mut out = String::new();
    for (n, page) in pages.iter().enumerate() {
        let _ =
            writeln!(out, "page {} trim {} x {} bleed {} slug {}", n + 1, pt(page.trim.w), pt(page.trim.h), pt(page.bleed), pt(page.slug));
        for item in &page.items {
            describe(&mut out, item, 1);
        }
        if !page.outside.is_empty() {
            let _ = writeln!(out, "  outside the trim");
        }
        for item in &page.outside {
            describe(&mut out, item, 2);
        }
    }
    out
}

#[test]
fn laid_out_frames_match_their_snapshots() {
    let project = Project::open(&common::materials_dir()).unwrap();
    let fonts = FontSet::load();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    // Every material in each of its language jobs (a bilingual one once, `en-es`).
    let sources = awareprint::project::load_sources(&project.materials, &project.copies).unwrap();
    let mut cases: Vec<(String, String, Option<SizeName>)> = Vec::new();
    for s in &sources {
        for job in s.langs(None) {
            cases.push((s.id.clone(), job, None));
        }
    }
    cases.push(("poster".into(), "en".into(), Some(SizeName::Tabloid)));
    let mut changed = Vec::new();
    let mut seen = 0;
    for (id, job, size) in cases {
        let path = &project.materials.iter().find(|(m, _)| *m == id).unwrap().1;
        let edition = project.statewide();
        let name = format!("{id}-{job}{}.txt", size.map_or(String::new(), |s| format!("-{}", s.name())));
        let doc = match project.resolve_in(&edition, &id, path, Some(&job), size) {
            Ok(d) => d,
            Err(e) => panic!("{name}: {e:?}"),
        };
        let laid = awareprint::build::lay_out(&doc, size.is_some(), &fonts).unwrap();
        let got = snapshot(&laid.pages);
        seen += 1;
        let file = dir.join(&name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("no snapshot {}: run with UPDATE_SNAPSHOTS=1", file.display()));
        if want != got {
            let first = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(want.lines().count().min(got.lines().count()));
            changed.push(format!(
                "{name}: line {}\n  was: {}\n  now: {}",
                first + 1,
                want.lines().nth(first).unwrap_or("(end)"),
                got.lines().nth(first).unwrap_or("(end)")
            ));
        }
    }
    assert!(seen >= 11, "{seen} snapshots");
    assert!(changed.is_empty(), "layouts changed (review, then UPDATE_SNAPSHOTS=1):\n{}", changed.join("\n"));
}
