//! Builds: which materials, resolved, laid out and written; files written atomically.
//! The only module besides `main` that touches the file system.

use crate::contacts::{Registry, is_valid_id};
use crate::content::{self, Doc};
use crate::diag::{Diagnostic, Problems};
use crate::layout::{self, Abs, FontSet};
use crate::model::{self, ContactsFile, Loaded, MaterialFile, SizeName};
use crate::pdf::{Meta, Writer};
use std::path::{Path, PathBuf};

/// Dates in the PDFs when SOURCE_DATE_EPOCH is not set: 2026-01-01T00:00:00Z.
pub const DEFAULT_EPOCH: i64 = 1_767_225_600;

/// The registry file inside the materials folder.
pub const CONTACTS_FILE: &str = "contacts.yaml";

/// The materials folder, read and checked.
pub struct Project {
    pub dir: PathBuf,
    pub registry: Registry,
    /// Every material file, by id (file stem), sorted.
    pub materials: Vec<(String, PathBuf)>,
}

impl Project {
    /// Read `contacts.yaml` and list the material files beside it.
    pub fn open(dir: &Path) -> Result<Project, Problems> {
        let contacts: Loaded<ContactsFile> = model::load_yaml(&dir.join(CONTACTS_FILE))?;
        let registry = Registry::from_file(&contacts)?;
        let entries =
            std::fs::read_dir(dir).map_err(|e| vec![Diagnostic::error(format!("cannot read the materials folder: {e}")).in_file(dir)])?;
        let mut materials = Vec::new();
        let mut problems = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(id) = name.strip_suffix(".yaml") else { continue };
            if name == CONTACTS_FILE || !path.is_file() {
                continue;
            }
            if !is_valid_id(id) {
                problems.push(Diagnostic::error("material file names may use only a-z, 0-9 and - before .yaml").in_file(&path));
                continue;
            }
            materials.push((id.to_string(), path));
        }
        materials.sort();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Project { dir: dir.to_path_buf(), registry, materials })
    }

    /// The materials named, or all of them; an unknown name is an error.
    pub fn select(&self, names: &[String]) -> Result<Vec<(String, PathBuf)>, Problems> {
        if names.is_empty() {
            return Ok(self.materials.clone());
        }
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for name in names {
            match self.materials.iter().find(|(id, _)| id == name) {
                Some(m) => out.push(m.clone()),
                None => {
                    let known: Vec<&str> = self.materials.iter().map(|(id, _)| id.as_str()).collect();
                    problems.push(
                        Diagnostic::error(format!("no material `{name}` in {}", self.dir.display()))
                            .hint(format!("materials: {}", known.join(", "))),
                    );
                }
            }
        }
        if problems.is_empty() { Ok(out) } else { Err(problems) }
    }

    /// Parse and resolve one material.
    pub fn resolve(&self, id: &str, path: &Path, size: Option<SizeName>) -> Result<Doc, Problems> {
        let file: Loaded<MaterialFile> = model::load_yaml(path)?;
        content::resolve(&file, id, &self.registry, size)
    }
}

/// A material built in memory.
pub struct Built {
    pub id: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub smallest_body: Abs,
}

/// Resolve, lay out and write one material to PDF bytes. Pure: no file is written.
pub fn build_doc(doc: &Doc, size_suffix: bool, fonts: &FontSet, writer: &Writer, epoch: i64) -> Result<Built, Problems> {
    let laid = layout::layout(doc, fonts)?;
    let meta = Meta { title: &doc.title, author: &doc.author, subject: &doc.subject, lang: &doc.lang, epoch };
    let bytes = writer.write(&laid.pages, &meta);
    let file_name = if size_suffix { format!("{}-{}.pdf", doc.id, doc.size.name()) } else { format!("{}.pdf", doc.id) };
    Ok(Built { id: doc.id.clone(), file_name, bytes, pages: laid.pages.len(), smallest_body: laid.smallest_body })
}

/// The outcome of building several materials: what was built, and every problem.
pub struct Outcome {
    pub built: Vec<Built>,
    pub problems: Problems,
}

/// Build the selected materials in memory; one failing material does not stop the others.
pub fn build_all(project: &Project, selected: &[(String, PathBuf)], size: Option<SizeName>, epoch: i64) -> Outcome {
    let fonts = FontSet::load();
    let writer = Writer::new(&fonts);
    let mut built = Vec::new();
    let mut problems = Vec::new();
    for (id, path) in selected {
        match project.resolve(id, path, size).and_then(|doc| build_doc(&doc, size.is_some(), &fonts, &writer, epoch)) {
            Ok(b) => built.push(b),
            Err(p) => problems.extend(p),
        }
    }
    Outcome { built, problems }
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
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
