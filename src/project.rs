//! The materials folder: which material, language, county and run files it holds,
//! read and checked; and the sources of a build (each material and language file
//! parsed once), resolved per edition and language into documents.

use crate::contacts::{CLAIMS_FILE, Claims, Registry, is_valid_id};
use crate::content::{self, Doc, Edition, IDENTITY_FILE, Identity};
use crate::diag::{Diagnostic, Problems};
use crate::model::{self, COUNTY_FIELDS, ContactsFile, CopyFile, CountyFile, Loaded, MaterialFile, SizeName, is_lang_code};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Each material's language files: material id -> (language code, path), sorted.
    pub copies: Copies,
    /// Issuer, revision, palette and quotation marks (`identity.yaml`).
    pub identity: Arc<Identity>,
}

/// Material id -> its language files as (code, path).
pub type Copies = std::collections::BTreeMap<String, Vec<(String, PathBuf)>>;

/// `*.yaml` files in `dir` by id, sorted; names that are not ids are problems, and so
/// is a `.yaml` entry that is not a regular file in the folder (a folder, a pipe, a
/// dangling link or one that leads outside). Language files (`<id>.<lang>.yaml`) go to
/// `copies` when it is given. With `strict` (the counties folder), any entry other than
/// `.yaml` files and `.png` logos is a problem: nothing there is silently left out.
fn yaml_files(dir: &Path, skip: &[&str], mut copies: Option<&mut Copies>, strict: bool, problems: &mut Problems) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            problems.push(Diagnostic::error("a file name that is not UTF-8 text; rename it").in_file(&path));
            continue;
        };
        let Some(id) = name.strip_suffix(".yaml") else {
            if strict && !name.ends_with(".png") {
                problems.push(
                    Diagnostic::error("county files end in .yaml (and logos in .png); this one would be left out")
                        .in_file(&path)
                        .hint("rename it to end in .yaml, or move it out of the counties folder"),
                );
            } else if strict && let Err(e) = crate::fsio::check_inside(dir, &path) {
                problems.push(Diagnostic::error(format!("this logo {e}")).in_file(&path));
            }
            continue;
        };
        // The registries and their language files (`claims.es.yaml`) are not materials.
        if skip.contains(&name) || skip.iter().any(|s| s.strip_suffix(".yaml").is_some_and(|stem| name.starts_with(&format!("{stem}.")))) {
            continue;
        }
        if let Err(e) = crate::fsio::check_inside(dir, &path) {
            problems.push(Diagnostic::error(format!("this file {e}")).in_file(&path));
            continue;
        }
        if let (Some((material, code)), Some(copies)) = (id.split_once('.'), copies.as_deref_mut()) {
            if is_valid_id(material) && is_lang_code(code) {
                copies.entry(material.to_string()).or_default().push((code.to_string(), path));
            } else {
                problems.push(Diagnostic::error("language files are named MATERIAL.LANG.yaml, e.g. poster.es.yaml").in_file(&path));
            }
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

/// A county's web page verified more than `max_age` days before `today`: a warning
/// (for `check` and the editor alike).
pub fn stale_web(file: &Loaded<CountyFile>, today: i64, max_age: i64) -> Option<Diagnostic> {
    let w = file.value.web.as_ref()?;
    let day = crate::date::parse_date(&w.verified.value)?;
    (today - day > max_age).then(|| {
        file.warning_at(&w.verified, format!("the web page was last verified {} days ago (more than {max_age})", today - day))
            .hint(format!("open the page and check it with the source ({}) again, then update `verified`", w.source.value))
    })
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
                out.extend(stale_web(&file, today, max_age));
            }
        }
        // Claims too: a published page changes, so its wording is checked again.
        if let Ok(file) = model::load_yaml::<model::ClaimsFile>(&self.dir.join(CLAIMS_FILE)) {
            for c in &file.value.claims {
                let Some(day) = crate::date::parse_date(&c.verified.value) else { continue };
                let age = today - day;
                if age > max_age {
                    out.push(
                        file.warning_at(
                            &c.verified,
                            format!("claim `{}` was last checked against its sources {age} days ago (more than {max_age})", c.id.value),
                        )
                        .hint(
                            "read its sources again, mend the wording in every claims.<lang>.yaml if they changed, then update `verified`",
                        ),
                    );
                }
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
        let mut copies = Copies::new();
        let materials = yaml_files(dir, &[CONTACTS_FILE, IDENTITY_FILE, CLAIMS_FILE], Some(&mut copies), false, &mut problems);
        let counties = yaml_files(&dir.join(COUNTIES_DIR), &[], None, true, &mut problems);
        for list in copies.values_mut() {
            list.sort();
        }
        for (id, path) in &materials {
            if !copies.contains_key(id) {
                problems.push(
                    Diagnostic::error(format!("`{id}` has no language file"))
                        .in_file(path)
                        .hint(format!("add its copy as {id}.en.yaml beside it")),
                );
            }
        }
        for (id, list) in &copies {
            if !materials.iter().any(|(m, _)| m == id) {
                problems.push(Diagnostic::error(format!("a language file for `{id}`, but no {id}.yaml")).in_file(&list[0].1));
            }
        }
        let mut languages: Vec<String> = copies.values().flatten().map(|(code, _)| code.clone()).collect();
        languages.sort();
        languages.dedup();

        // The newest date a statewide contact or fact was verified: a revision cannot
        // predate it.
        let c = &contacts.value;
        let dated = c.contacts.iter().map(|e| (&e.verified, &e.id)).chain(c.facts.iter().map(|f| (&f.verified, &f.id)));
        let newest = dated
            .filter_map(|(v, id)| Some((crate::date::parse_date(&v.value)?, format!("`{}` in {CONTACTS_FILE}", id.value))))
            .max_by_key(|(day, _)| *day);
        let today = crate::contacts::today_utc();
        let identity = model::load_yaml(&dir.join(IDENTITY_FILE))
            .and_then(|file| Identity::from_file(&file, &languages, newest.as_ref().map(|(d, w)| (*d, w.as_str())), today));
        let identity = match identity {
            Ok(i) => Arc::new(i),
            Err(p) => {
                problems.extend(p);
                return Err(problems);
            }
        };
        // The claims, worded in each language's quotation marks.
        let registry = match Claims::load(dir, &registry, &languages, &identity.quotes) {
            Ok(claims) => registry.with_claims(claims),
            Err(p) => {
                problems.extend(p);
                registry
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Project { dir: dir.to_path_buf(), registry, materials, counties, copies, identity })
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
                    if d.kind == crate::diag::Kind::UnknownKey {
                        d.hint(format!("a county file may set only {COUNTY_FIELDS}; layout, statewide channels and copy are locked"))
                    } else {
                        d
                    }
                })
                .collect::<Problems>()
        })?;
        Edition::county(&file, id, &self.registry, &self.identity, &self.material_ids())
    }

    /// The statewide edition.
    pub fn statewide(&self) -> Edition {
        Edition::statewide(&self.registry, &self.identity)
    }

    /// Parse and resolve one material for the statewide edition, in English (or its
    /// first language).
    pub fn resolve(&self, id: &str, path: &Path, size: Option<SizeName>) -> Result<Doc, Problems> {
        self.resolve_in(&self.statewide(), id, path, None, size)
    }

    /// Parse and resolve one material for `edition` in language `lang` (default: English
    /// or the material's first language).
    pub fn resolve_in(
        &self,
        edition: &Edition,
        id: &str,
        path: &Path,
        lang: Option<&str>,
        size: Option<SizeName>,
    ) -> Result<Doc, Problems> {
        let langs = self.copies.get(id).cloned().unwrap_or_default();
        let lang = lang
            .map(str::to_string)
            .or_else(|| langs.iter().find(|(c, _)| c == "en").or(langs.first()).map(|(c, _)| c.clone()))
            .unwrap_or_default();
        let loaded = load_sources(&[(id.to_string(), path.to_path_buf())], &self.copies)?;
        let source = &loaded[0];
        source.resolve(edition, &lang, size)
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
            // Named twice (`--county boulder,boulder`): built once.
            Some(m) if out.contains(m) => {}
            Some(m) => out.push(m.clone()),
            None => {
                let known: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
                let hint = if let Some(near) = crate::suggest::did_you_mean(name, known.iter().copied()) {
                    near
                } else if known.len() > 12 {
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

/// Resolve a material given as text: its structure and one language's copy (tests,
/// the fuzzer). `lang` is the copy's language code.
pub fn resolve_text(structure: &str, copy: &str, lang: &str, edition: &Edition) -> Result<Doc, Problems> {
    let material: Loaded<MaterialFile> = model::parse_yaml(Path::new("material.yaml"), structure.to_string())?;
    let copy_file: Loaded<CopyFile> = model::parse_yaml(Path::new(&format!("material.{lang}.yaml")), copy.to_string())?;
    let copy = content::Copy::new(lang, &copy_file, None, &edition.identity)?;
    content::resolve(&material, &copy, "material", edition, None)
}

/// A material's parsed structure and language files: what a build resolves each of
/// its documents from.
pub struct Source {
    pub id: String,
    pub material: Loaded<MaterialFile>,
    pub copies: Vec<(String, Loaded<CopyFile>)>,
    /// What checking each of its texts found, shared by the editions resolved from it.
    pub checked: content::Checked,
}

/// Parse each material and its language files once.
pub fn load_sources(materials: &[(String, PathBuf)], all_copies: &Copies) -> Result<Vec<Source>, Problems> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (id, path) in materials {
        let material = model::load_yaml::<MaterialFile>(path);
        let mut copies = Vec::new();
        for (code, cpath) in all_copies.get(id).map(Vec::as_slice).unwrap_or_default() {
            match model::load_yaml::<CopyFile>(cpath) {
                Ok(c) => copies.push((code.clone(), c)),
                Err(p) => problems.extend(p),
            }
        }
        match material {
            Ok(material) => out.push(Source { id: id.clone(), material, copies, checked: Default::default() }),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// Whether a material file is of a kind with two languages on one piece.
pub fn bilingual(material: &Loaded<MaterialFile>) -> bool {
    crate::kinds::KindSpec::find(&material.value.kind.value).is_some_and(|k| k.is_bilingual())
}

impl Source {
    /// The language jobs of this material: a code per language, or for a bilingual
    /// material one job `en-es` when both its languages are wanted and present.
    pub fn langs(&self, wanted: Option<&[String]>) -> Vec<String> {
        let want = |c: &str| wanted.is_none_or(|w| w.iter().any(|x| x == c));
        match &self.material.value.languages {
            Some(pair) if bilingual(&self.material) => {
                if pair.value.iter().all(|c| want(c)) {
                    vec![pair.value.join("-")]
                } else {
                    Vec::new()
                }
            }
            _ => self.copies.iter().map(|(c, _)| c.clone()).filter(|c| want(c)).collect(),
        }
    }

    /// Resolve this material in one language (or a bilingual pair) for one edition.
    pub fn resolve(&self, edition: &Edition, lang: &str, size: Option<SizeName>) -> Result<Doc, Problems> {
        resolve_job(edition, self, lang, size)
    }
}

fn resolve_job(edition: &Edition, source: &Source, lang: &str, size: Option<SizeName>) -> Result<Doc, Problems> {
    let (id, material, copies) = (&source.id, &source.material, &source.copies);
    let find = |code: &str| copies.iter().find(|(c, _)| c == code).map(|(_, f)| f);
    let one = |code: &str| -> Result<Doc, Problems> {
        let file =
            find(code).ok_or_else(|| vec![Diagnostic::error(format!("no {code} language file for `{id}`")).in_file(&material.file)])?;
        let fallback = material.value.fallback.get(code).and_then(|to| Some((to.value.as_str(), find(&to.value)?)));
        if let Some(to) = material.value.fallback.get(code)
            && find(&to.value).is_none()
        {
            return Err(vec![material.error_at(to, format!("`{}` has no language file to fall back to", to.value))]);
        }
        let copy = content::Copy::new(code, file, fallback, &edition.identity)?.remembering(&source.checked);
        content::resolve(material, &copy, id, edition, size)
    };
    match lang.split_once('-') {
        Some((first, second)) if bilingual(material) => {
            let mut doc = one(first)?;
            let other = one(second)?;
            doc.lang_code = lang.to_string();
            doc.version = edition.identity.version(id, lang, &edition.id);
            doc.second = Some(Box::new(other));
            Ok(doc.seal_version())
        }
        _ => one(lang).map(Doc::seal_version),
    }
}
