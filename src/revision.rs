//! A git revision of the materials folder, written out into a scratch folder and
//! built: what `awareprint diff REV1 REV2` compares. Git is asked for the files
//! (`ls-tree`, `show`); nothing in the working tree is touched.

use crate::build::{self, Export, Laid, Plan};
use crate::diag::{Diagnostic, Problems};
use crate::pdf::Writer;
use crate::project::Project;
use crate::scratch::Scratch;
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| format!("git cannot be run: {e}"))?;
    if out.status.success() { Ok(out.stdout) } else { Err(String::from_utf8_lossy(&out.stderr).trim().to_string()) }
}

/// Write the materials folder `materials` as it is at revision `rev` into `into`
/// (inside `scratch`); returns the folder written (`into/materials`).
pub fn checkout(materials: &Path, rev: &str, scratch: &Scratch, into: &Path) -> Result<PathBuf, Problems> {
    let fail =
        |msg: String| vec![Diagnostic::error(format!("`{rev}` is neither a folder nor a git revision of {}: {msg}", materials.display()))];
    if rev.starts_with('-') {
        return Err(fail("a revision does not start with `-`".into()));
    }
    if !materials.is_dir() {
        return Err(fail("there is no materials folder here to find its history (use --materials DIR)".into()));
    }
    let root = git(materials, &["rev-parse", "--show-toplevel"]).map_err(fail)?;
    let root = PathBuf::from(String::from_utf8_lossy(&root).trim());
    let prefix = git(materials, &["rev-parse", "--show-prefix"]).map_err(fail)?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
    let commit = format!("{rev}^{{commit}}");
    git(&root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| fail("no such revision".into()))?;
    // The materials folder may be the repository's root (an empty prefix).
    let pathspec = if prefix.is_empty() { "." } else { prefix.as_str() };
    let listing = git(&root, &["ls-tree", "-r", "-z", "--name-only", rev, "--", pathspec]).map_err(fail)?;
    let target = into.join("materials");
    let mut written = 0;
    for path in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).to_string();
        let Some(rel) = path.strip_prefix(&prefix) else { continue };
        // Only plain relative names inside the folder.
        if rel.split('/').any(|seg| seg.is_empty() || seg == "..") {
            continue;
        }
        let bytes = git(&root, &["show", &format!("{rev}:{path}")]).map_err(fail)?;
        scratch
            .write(|| crate::fsio::write_atomic(&target.join(rel), &bytes))
            .map_err(|e| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&target.join(rel))])?;
        written += 1;
    }
    if written == 0 {
        return Err(fail("the folder has no files at that revision".into()));
    }
    Ok(target)
}

/// The exporter of a revision's build: each PDF written under `dir` in the scratch
/// folder, inside [`Scratch::write`].
struct IntoScratch<'a> {
    scratch: &'a Scratch,
    dir: PathBuf,
    epoch: i64,
}

impl Export for IntoScratch<'_> {
    type Out = ();
    fn export(&self, _: usize, laid: Laid, writer: &Writer) -> Result<(), Problems> {
        let bytes = laid.pdf(writer, self.epoch);
        let path = self.dir.join(&laid.path);
        self.scratch
            .write(|| crate::fsio::write_atomic(&path, &bytes))
            .map_err(|e| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&path)])
    }
}

/// The materials at git revision `rev`, every edition in every language built into
/// `into/out` inside `scratch`; returns that folder. Problems name the revision and
/// the file's place in it (`HEAD~1:materials/counties/boulder.yaml`).
pub fn build(materials: &Path, rev: &str, scratch: &Scratch, into: &Path, epoch: i64) -> Result<PathBuf, Problems> {
    let dir = checkout(materials, rev, scratch, into)?;
    let relabel = |problems: Problems| -> Problems {
        problems
            .into_iter()
            .map(|mut d| {
                if let Some(rel) = d.file.as_ref().and_then(|f| f.strip_prefix(&dir).ok()) {
                    d.file = Some(PathBuf::from(format!("{rev}:{}", materials.join(rel).display())));
                }
                d
            })
            .collect()
    };
    let project = Project::open(&dir).map_err(relabel)?;
    let (plan, mut problems): (Plan, Problems) = Plan::everything(&project, crate::model::Profile::Office);
    let out = into.join("out");
    let export = IntoScratch { scratch, dir: out.clone(), epoch };
    let streamed = build::stream(&plan, build::default_threads(), &export, &|_, _| {});
    problems.extend(streamed.problems);
    if problems.is_empty() { Ok(out) } else { Err(relabel(problems)) }
}
