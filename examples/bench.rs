//! Benchmarks. Run: `cargo run --release --example bench [ROUNDS]`.
//!
//! 1. Each shipped material, statewide, one thread: ms per document and PDF size.
//! 2. The 384-document build (64 counties x English and Spanish x poster, wallet
//!    card and parent handout), files written, as `awareprint build --all-counties
//!    --lang en,es poster wallet-card parent-handout` does it: wall time, best of 5.
//! 3. 3,143 county editions (the shipped 64 county files copied under new names into
//!    a temporary folder) x poster, wallet card and both handouts x English and
//!    Spanish: 25,144 documents written, in a child process so that its peak memory
//!    is its own.

use awareprint::build::{self, Plan, ToFolder};
use awareprint::content::Edition;
use awareprint::layout::FontSet;
use awareprint::pdf::Writer;
use awareprint::project::Project;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn editions(project: &Project) -> Vec<Edition> {
    project.counties.iter().map(|(id, p)| project.edition(id, p).expect("county loads")).collect()
}

/// Build every county edition of `project` into `out`: (documents, bytes written).
fn build_counties(project: &Project, materials: &[String], langs: Option<Vec<String>>, out: &Path) -> (usize, u64) {
    let plan = Plan {
        editions: editions(project),
        materials: project.select(materials).expect("materials"),
        copies: project.copies.clone(),
        langs,
        size: None,
        profile: Default::default(),
        pairs: None,
        every_variant: false,
    };
    let export = ToFolder::new(out, build::DEFAULT_EPOCH);
    let done = build::stream(&plan, build::default_threads(), &export, &|_, _| {});
    assert!(done.problems.is_empty(), "{:?}", done.problems);
    let unwritten = export.finish();
    assert!(unwritten.is_empty(), "{unwritten:?}");
    (done.done.len(), done.done.iter().map(|w| w.bytes as u64).sum())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("awareprint-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child-big") {
        return child_big(Path::new(&args[2]));
    }
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("materials");
    let project = Project::open(&dir).expect("materials load");
    let threads = build::default_threads();

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
            bytes = build::lay_out(&doc, false, &fonts).expect("lays out").pdf(&writer, build::DEFAULT_EPOCH).len();
        }
        let per = t.elapsed().as_secs_f64() * 1e3 / rounds as f64;
        total += per;
        println!("{id:<22} {per:7.2} ms/document  {:6.1} KB", bytes as f64 / 1024.0);
    }
    println!("mean {:.2} ms/document", total / project.materials.len() as f64);

    let three: Vec<String> = ["poster", "wallet-card", "parent-handout"].map(String::from).to_vec();
    let langs = Some(vec!["en".to_string(), "es".to_string()]);
    let out = scratch("384");
    let mut best = f64::MAX;
    let mut docs = 0;
    for _ in 0..5 {
        let _ = std::fs::remove_dir_all(&out);
        let t = Instant::now();
        docs = build_counties(&project, &three, langs.clone(), &out).0;
        best = best.min(t.elapsed().as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&out);
    println!("== {docs} documents (64 counties x en, es x poster, wallet card, parent handout), files written, {threads} threads");
    println!("wall {best:.3} s (best of 5), {:.2} ms/document", best * 1e3 / docs as f64);

    // 3,143 county editions in a temporary materials folder.
    let big = scratch("big");
    copy_dir(&dir, &big.join("materials"));
    let counties = big.join("materials/counties");
    let originals: Vec<PathBuf> = std::fs::read_dir(&counties).unwrap().map(|e| e.unwrap().path()).collect();
    let yaml: Vec<&PathBuf> = originals.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    let mut n = yaml.len();
    let mut copy = 0;
    while n < 3_143 {
        let from = yaml[copy % yaml.len()];
        let stem = from.file_stem().unwrap().to_string_lossy();
        std::fs::copy(from, counties.join(format!("{stem}-{copy}.yaml"))).unwrap();
        copy += 1;
        n += 1;
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--child-big", big.to_str().unwrap()])
        .output()
        .expect("the child runs");
    assert!(child.status.success(), "{}", String::from_utf8_lossy(&child.stderr));
    print!("{}", String::from_utf8_lossy(&child.stdout));
    let _ = std::fs::remove_dir_all(&big);
}

/// The big build, alone in its process.
fn child_big(dir: &Path) {
    let project = Project::open(&dir.join("materials")).expect("materials load");
    let ids: Vec<String> = ["poster", "wallet-card", "parent-handout", "professional-handout"].map(String::from).to_vec();
    let t = Instant::now();
    let (docs, bytes) = build_counties(&project, &ids, Some(vec!["en".into(), "es".into()]), &dir.join("output"));
    let wall = t.elapsed().as_secs_f64();
    println!(
        "== {docs} documents ({} county editions x {} materials x en, es), files written, {} threads",
        project.counties.len(),
        ids.len(),
        build::default_threads()
    );
    println!(
        "wall {wall:.1} s, {:.2} ms/document, {:.0} MB of PDF, peak memory {:.0} MiB",
        wall * 1e3 / docs as f64,
        bytes as f64 / 1e6,
        peak_memory_mb().unwrap_or(f64::NAN)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
