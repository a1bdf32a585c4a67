//! Builds: which editions and materials, built in parallel, written atomically.
//! With `main`, the only code that touches the file system.

use crate::contacts::{Registry, is_valid_id};
use crate::content::{self, Doc, Edition};
use crate::diag::{Diagnostic, Problems};
use crate::layout::{self, Abs, FontSet, Size};
use crate::model::{self, COUNTY_FIELDS, ContactsFile, CountyFile, Kind, Loaded, MaterialFile, SizeName};
use crate::pdf::{Meta, Writer};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Dates in the PDFs when SOURCE_DATE_EPOCH is not set: 2026-01-01T00:00:00Z.
pub const DEFAULT_EPOCH: i64 = 1_767_225_600;

/// The registry file inside the materials folder.
pub const CONTACTS_FILE: &str = "contacts.yaml";
/// County files live in this folder inside the materials folder.
pub const COUNTIES_DIR: &str = "counties";

/// The materials folder, read and checked.
pub struct Project {
    pub dir: PathBuf,
    pub registry: Registry,
    /// Every material file, by id (file stem), sorted.
    pub materials: Vec<(String, PathBuf)>,
    /// Every county file, by id, sorted.
    pub counties: Vec<(String, PathBuf)>,
}

/// `*.yaml` files in `dir` by id, sorted; names that are not ids are problems.
fn yaml_files(dir: &Path, skip: &[&str], problems: &mut Problems) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let Some(id) = name.strip_suffix(".yaml") else { continue };
        if skip.contains(&name) || !path.is_file() {
            continue;
        }
        if !is_valid_id(id) {
            problems.push(Diagnostic::error("file names may use only a-z, 0-9 and - before .yaml").in_file(&path));
            continue;
        }
        out.push((id.to_string(), path));
    }
    out.sort();
    out
}

impl Project {
    /// Contacts (statewide and in county files) verified more than `max_age` days
    /// before `today`: warnings.
    pub fn stale_contacts(&self, today: i64, max_age: i64) -> Problems {
        let mut out = Vec::new();
        if let Ok(file) = model::load_yaml::<ContactsFile>(&self.dir.join(CONTACTS_FILE)) {
            out.extend(crate::contacts::stale(&file, &file.value.contacts, today, max_age));
        }
        for (_, path) in &self.counties {
            if let Ok(file) = model::load_yaml::<CountyFile>(path) {
                out.extend(crate::contacts::stale(&file, &file.value.contacts, today, max_age));
            }
        }
        out
    }

    /// Read `contacts.yaml` and list the material and county files.
    pub fn open(dir: &Path) -> Result<Project, Problems> {
        if !dir.is_dir() {
            return Err(vec![
                Diagnostic::error("no such materials folder").in_file(dir).hint("run from the project folder, or pass --materials DIR"),
            ]);
        }
        let contacts: Loaded<ContactsFile> = model::load_yaml(&dir.join(CONTACTS_FILE))?;
        let registry = Registry::from_file(&contacts)?;
        let mut problems = Vec::new();
        let materials = yaml_files(dir, &[CONTACTS_FILE], &mut problems);
        let counties = yaml_files(&dir.join(COUNTIES_DIR), &[], &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Project { dir: dir.to_path_buf(), registry, materials, counties })
    }

    pub fn material_ids(&self) -> Vec<String> {
        self.materials.iter().map(|(id, _)| id.clone()).collect()
    }

    /// The materials named, or all of them; an unknown name is an error.
    pub fn select(&self, names: &[String]) -> Result<Vec<(String, PathBuf)>, Problems> {
        pick(&self.materials, names, "material", &self.dir)
    }

    /// The county files named; an unknown name is an error.
    pub fn select_counties(&self, names: &[String]) -> Result<Vec<(String, PathBuf)>, Problems> {
        pick(&self.counties, names, "county", &self.dir.join(COUNTIES_DIR))
    }

    /// Read and check a county file.
    pub fn edition(&self, id: &str, path: &Path) -> Result<Edition, Problems> {
        let file: Loaded<CountyFile> = model::load_yaml(path).map_err(|p| {
            p.into_iter()
                .map(|d| {
                    if d.message.starts_with("unknown field") {
                        d.hint(format!("a county file may set only {COUNTY_FIELDS}; layout, statewide channels and copy are locked"))
                    } else {
                        d
                    }
                })
                .collect::<Problems>()
        })?;
        Edition::county(&file, id, &self.registry, &self.material_ids())
    }

    /// Parse and resolve one material for the statewide edition.
    pub fn resolve(&self, id: &str, path: &Path, size: Option<SizeName>) -> Result<Doc, Problems> {
        let file: Loaded<MaterialFile> = model::load_yaml(path)?;
        content::resolve(&file, id, &Edition::statewide(&self.registry), size)
    }
}

fn pick(all: &[(String, PathBuf)], names: &[String], what: &str, dir: &Path) -> Result<Vec<(String, PathBuf)>, Problems> {
    if names.is_empty() {
        return Ok(all.to_vec());
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        match all.iter().find(|(id, _)| id == name) {
            Some(m) => out.push(m.clone()),
            None => {
                let known: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
                let hint = if known.len() > 12 {
                    format!("{} {what} files, e.g. {}", known.len(), known[..6].join(", "))
                } else {
                    format!("{what}s: {}", known.join(", "))
                };
                problems.push(Diagnostic::error(format!("no {what} `{name}` in {}", dir.display())).hint(hint));
            }
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// A material built in memory.
#[derive(Clone, Debug)]
pub struct Built {
    pub id: String,
    pub edition: String,
    /// The language folder: the primary subtag of the material's language (`en`).
    pub lang: String,
    /// The full language tag (`en-US`) and metadata, for rewriting the PDF.
    pub lang_tag: String,
    pub title: String,
    pub author: String,
    pub subject: String,
    pub kind: Kind,
    /// `<edition>/<lang>/<material>.pdf`, relative to the output folder.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub trim: Size,
    pub smallest_body: Abs,
    /// The laid-out pages, for imposition.
    pub frames: Vec<layout::Page>,
    /// Warnings that do not stop the build.
    pub warnings: Problems,
    /// Flesch-Kincaid grade of the copy.
    pub reading_grade: f64,
    /// The material's file, for messages.
    pub file: PathBuf,
}

/// Lay out and write one resolved material to PDF bytes. Pure: no file is written.
pub fn build_doc(doc: &Doc, size_suffix: bool, fonts: &FontSet, writer: &Writer, epoch: i64) -> Result<Built, Problems> {
    let laid = layout::layout(doc, fonts)?;
    let meta = Meta { title: &doc.title, author: &doc.author, subject: &doc.subject, lang: &doc.lang, epoch };
    let bytes = writer.write(&laid.pages, &meta);
    let file_name = if size_suffix { format!("{}-{}.pdf", doc.id, doc.size.name()) } else { format!("{}.pdf", doc.id) };
    let lang = doc.lang.split('-').next().unwrap_or("en").to_ascii_lowercase();
    Ok(Built {
        id: doc.id.clone(),
        edition: doc.edition.clone(),
        path: PathBuf::from(&doc.edition).join(&lang).join(file_name),
        lang,
        lang_tag: doc.lang.clone(),
        title: doc.title.clone(),
        author: doc.author.clone(),
        subject: doc.subject.clone(),
        kind: doc.kind,
        bytes,
        pages: laid.pages.len(),
        trim: laid.pages[0].trim,
        smallest_body: laid.smallest_body,
        frames: laid.pages,
        warnings: laid.warnings,
        reading_grade: doc.reading_grade(),
        file: doc.file.clone(),
    })
}

/// What to build: editions x materials, or only the (edition, material) index pairs given.
pub struct Plan {
    pub editions: Vec<Edition>,
    pub materials: Vec<(String, PathBuf)>,
    pub size: Option<SizeName>,
    pub pairs: Option<Vec<(usize, usize)>>,
}

/// The outcome of a build: what was built (in plan order), and every problem.
pub struct Outcome {
    pub built: Vec<Built>,
    pub problems: Problems,
}

/// Build every edition x material of the plan on `threads` threads. Each material
/// file is parsed once; one failing document does not stop the others. `tick` is
/// called once per finished document (from any thread).
pub fn build_plan(plan: &Plan, threads: usize, epoch: i64, tick: &(dyn Fn() + Sync)) -> Outcome {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for (id, path) in &plan.materials {
        match model::load_yaml::<MaterialFile>(path) {
            Ok(f) => files.push((id.clone(), f)),
            Err(p) => problems.extend(p),
        }
    }
    let jobs: Vec<(&Edition, &(String, Loaded<MaterialFile>))> = match &plan.pairs {
        None => plan.editions.iter().flat_map(|e| files.iter().map(move |f| (e, f))).collect(),
        Some(pairs) => pairs
            .iter()
            .filter_map(|&(e, m)| {
                let id = &plan.materials[m].0;
                files.iter().find(|(fid, _)| fid == id).map(|f| (&plan.editions[e], f))
            })
            .collect(),
    };
    let fonts = FontSet::load();
    let writer = Writer::new(&fonts);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((edition, (id, file))) = jobs.get(i) else { break };
            let result =
                content::resolve(file, id, edition, plan.size).and_then(|doc| build_doc(&doc, plan.size.is_some(), &fonts, &writer, epoch));
            let result = result.map_err(|p| in_edition(p, edition));
            done.push((i, result));
            tick();
        }
        done
    };
    let mut results: Vec<(usize, Result<Built, Problems>)> = if threads <= 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            // A worker panicking is a defect in awareprint, not in the input: propagate it.
            handles.into_iter().flat_map(|h| h.join().expect("build worker")).collect()
        })
    };
    results.sort_by_key(|(i, _)| *i);
    let mut built = Vec::new();
    for (_, r) in results {
        match r {
            Ok(b) => built.push(b),
            Err(p) => problems.extend(p),
        }
    }
    Outcome { built, problems }
}

/// Problems of a county edition say which edition they are from.
fn in_edition(problems: Problems, edition: &Edition) -> Problems {
    match &edition.name {
        None => problems,
        Some(name) => problems
            .into_iter()
            .map(|mut d| {
                d.message = format!("{} (in the {name} edition)", d.message);
                d
            })
            .collect(),
    }
}

/// Build the statewide edition of the selected materials on one thread.
pub fn build_all(project: &Project, selected: &[(String, PathBuf)], size: Option<SizeName>, epoch: i64) -> Outcome {
    let plan = Plan { editions: vec![Edition::statewide(&project.registry)], materials: selected.to_vec(), size, pairs: None };
    build_plan(&plan, 1, epoch, &|| {})
}

/// The number of worker threads to use: the machine's cores.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Write `bytes` to `path` atomically: a temporary file beside it, then a rename, so a
/// reader never sees a partial file and an interrupted run leaves the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
