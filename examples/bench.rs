//! Benchmarks. Run: `cargo run --release --example bench [ROUNDS]`.
//!
//! 1. Each shipped material, statewide, one thread: ms per document.
//! 2. Every county edition x every material x every language (64 x 5 materials, in
//!    English and Spanish; the bilingual poster once), on every core, as
//!    `awareprint build --all-counties` does it minus the file writes: wall time,
//!    ms per document, total MB of PDF, and the process's peak memory.

use awareprint::content::Edition;
use awareprint::layout::FontSet;
use awareprint::pdf::Writer;
use awareprint::run::{self, Plan, Project};
use std::path::Path;
use std::time::Instant;

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let project = Project::open(&dir).expect("materials load");

    println!("== per material (statewide, one thread, {rounds} rounds)");
    let fonts = FontSet::load();
    let writer = Writer::new(&fonts);
    let mut total = 0.0;
    for (id, path) in &project.materials {
        let t = Instant::now();
        let mut bytes = 0;
        for _ in 0..rounds {
            // The whole pipeline: read and parse YAML, resolve, lay out, write PDF bytes.
            let doc = project.resolve(id, path, None).expect("resolves");
            bytes = run::build_doc(&doc, false, &fonts, &writer, run::DEFAULT_EPOCH).expect("builds").bytes.len();
        }
        let per = t.elapsed().as_secs_f64() * 1e3 / rounds as f64;
        total += per;
        println!("{id:<22} {per:7.2} ms/document  {:6.1} KB", bytes as f64 / 1024.0);
    }
    println!("mean {:.2} ms/document", total / project.materials.len() as f64);

    let threads = run::default_threads();
    let editions: Vec<Edition> = project.counties.iter().map(|(id, p)| project.edition(id, p).expect("county loads")).collect();
    let plan =
        Plan { editions, materials: project.materials.clone(), copies: project.copies.clone(), langs: None, size: None, pairs: None };
    let docs = run::build_plan(&plan, threads, run::DEFAULT_EPOCH, &|| {}).built.len();
    println!(
        "== all counties: {} editions x {} materials x every language = {docs} documents, {threads} threads",
        plan.editions.len(),
        plan.materials.len()
    );
    let mut best = f64::MAX;
    let mut mb = 0.0;
    for _ in 0..5 {
        let t = Instant::now();
        let out = run::build_plan(&plan, threads, run::DEFAULT_EPOCH, &|| {});
        let wall = t.elapsed().as_secs_f64();
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        assert_eq!(out.built.len(), docs);
        mb = out.built.iter().map(|b| b.bytes.len()).sum::<usize>() as f64 / 1e6;
        best = best.min(wall);
    }
    println!(
        "wall {:.3} s (best of 5), {:.2} ms/document, {mb:.1} MB of PDF, peak memory {:.0} MB",
        best,
        best * 1e3 / docs as f64,
        peak_memory_mb().unwrap_or(f64::NAN)
    );
}
