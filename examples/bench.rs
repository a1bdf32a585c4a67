//! Benchmark: time to build each shipped material from YAML to PDF bytes, in process.
//! Run: `cargo run --release --example bench [ROUNDS]` (default 50 rounds).

use awareprint::layout::FontSet;
use awareprint::pdf::Writer;
use awareprint::run::{self, Project};
use std::path::Path;
use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");

    let start = Instant::now();
    let fonts = FontSet::load();
    let writer = Writer::new(&fonts);
    let setup = start.elapsed();
    println!("setup (parse fonts once): {:.2} ms", setup.as_secs_f64() * 1e3);

    let project = Project::open(&dir).expect("materials load");
    let mut total = 0.0;
    let mut docs = 0;
    for (id, path) in &project.materials {
        let t = Instant::now();
        let mut bytes = 0;
        for _ in 0..rounds {
            // The whole pipeline: read and parse YAML, resolve, lay out, write PDF bytes.
            let doc = project.resolve(id, path, None).expect("resolves");
            let built = run::build_doc(&doc, false, &fonts, &writer, run::DEFAULT_EPOCH).expect("builds");
            bytes = built.bytes.len();
        }
        let per = t.elapsed().as_secs_f64() * 1e3 / rounds as f64;
        total += per;
        docs += 1;
        println!("{id:<22} {per:7.2} ms/document  {:6.1} KB", bytes as f64 / 1024.0);
    }
    println!("mean over {docs} materials: {:.2} ms/document ({rounds} rounds, one thread)", total / docs as f64);
}
