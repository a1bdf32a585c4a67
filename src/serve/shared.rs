//! Files another edition reads. A save writes a county's own file and its uploaded logo
//! (`<id>-logo.png`); when another county file (or the identity file) prints that logo
//! file too, by its name or through a link that leads to it, the save is refused: a new
//! picture would change another edition's materials without building them.

use crate::content::IDENTITY_FILE;
use crate::diag::Diagnostic;
use crate::model::{self, CountyFile, IdentityFile};
use crate::project::{COUNTIES_DIR, Project};
use std::path::Path;

/// The files other than `county`'s own that print the logo file `name` of the counties
/// folder, as named in messages (`adams.yaml`, `identity.yaml`).
pub fn readers(project: &Project, county: &str, name: &str) -> Vec<String> {
    let dir = project.dir.join(COUNTIES_DIR);
    let target = dir.join(name);
    let mut out = Vec::new();
    for (id, path) in &project.counties {
        if id == county {
            continue;
        }
        let reads = match model::load_yaml::<CountyFile>(path) {
            Ok(f) => f.value.logo.is_some_and(|l| leads_to(&dir.join(&l.value), &target)),
            // A file that does not read yet: one that names the logo at all keeps it.
            Err(_) => model::read_source(path).is_ok_and(|text| text.contains(name)),
        };
        if reads {
            out.push(format!("{id}.yaml"));
        }
    }
    if let Ok(f) = model::load_yaml::<IdentityFile>(&project.dir.join(IDENTITY_FILE))
        && f.value.issuer.and_then(|i| i.logo).is_some_and(|l| leads_to(&project.dir.join(&l.value), &target))
    {
        out.push(IDENTITY_FILE.to_string());
    }
    out
}

/// The problem of saving an upload as `name` for `county` while other files print it.
pub fn problem(project: &Project, county: &str, name: &str) -> Option<Diagnostic> {
    let others = readers(project, county, name);
    let list = match others.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    };
    let (what, own) =
        if others.len() == 1 { ("that file prints", "a logo file of its own") } else { ("those files print", "logo files of their own") };
    Some(
        Diagnostic::error(format!("{name} is also the logo of {list}; a new picture under that name would change what {what} too"))
            .hint(format!("give {list} {own} first (for example a copy of {name} under another name), then choose the picture again")),
    )
}

/// Whether the path `from` is `target`, or a link (through links) to it.
fn leads_to(from: &Path, target: &Path) -> bool {
    let mut at = from.to_path_buf();
    for _ in 0..40 {
        if same_place(&at, target) {
            return true;
        }
        match std::fs::read_link(&at) {
            Ok(next) => at = at.parent().unwrap_or(Path::new(".")).join(next),
            Err(_) => return false,
        }
    }
    false
}

/// The same name in the same folder, the folders compared as the system resolves them.
fn same_place(a: &Path, b: &Path) -> bool {
    let folder = |p: &Path| p.parent().and_then(|d| std::fs::canonicalize(d).ok());
    a.file_name() == b.file_name() && folder(a).is_some_and(|f| Some(f) == folder(b))
}
