//! A county form checked as `check` and `build` check a county file: the form is
//! written as the file's text, read by the same parser, made an edition by the same
//! overlay checks, laid out and preflighted by the same build. Each problem is placed
//! beside the form field whose line it points at.

use super::form::{CountyForm, header};
use crate::build::{self, Export, Laid, Plan};
use crate::content::Edition;
use crate::diag::{Diagnostic, Problems, Severity, Span};
use crate::frame::Item;
use crate::logo::Logo;
use crate::model::{CountyFile, Loaded, Profile, parse_yaml};
use crate::pdf::Writer;
use crate::project::Project;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;

/// The age past which a contact's `verified` date is called stale, as `check` does.
pub const MAX_AGE_DAYS: i64 = 365;

/// A form to be checked: the county, the form, the text of the file on disk (for
/// its header) and a logo uploaded but not yet saved.
pub struct Draft<'a> {
    pub id: &'a str,
    pub path: PathBuf,
    pub form: &'a CountyForm,
    pub on_disk: &'a str,
    pub pending_logo: Option<Arc<Logo>>,
}

/// The problems found in a draft, placed: by form field, or for the whole file.
#[derive(Debug, Default)]
pub struct Placed {
    pub fields: Vec<(String, Diagnostic)>,
    pub general: Vec<Diagnostic>,
}

impl Placed {
    pub fn errors(&self) -> usize {
        self.fields.iter().map(|(_, d)| d).chain(&self.general).filter(|d| d.is_error()).count()
    }

    /// As JSON for the page; a problem found in several languages is shown once.
    pub fn to_json(&self) -> Value {
        let mut fields = serde_json::Map::new();
        for (key, d) in &self.fields {
            let list = fields.entry(key.clone()).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(a) = list {
                let d = diagnostic_json(d);
                if !a.contains(&d) {
                    a.push(d);
                }
            }
        }
        let mut general: Vec<Value> = Vec::new();
        for d in self.general.iter().map(diagnostic_json) {
            if !general.contains(&d) {
                general.push(d);
            }
        }
        json!({ "fields": fields, "general": general })
    }
}

fn diagnostic_json(d: &Diagnostic) -> Value {
    let line = match d.span {
        Span::At { line, .. } | Span::FieldAt { line, .. } => Some(line),
        _ => None,
    };
    json!({
        "severity": if d.severity == Severity::Error { "error" } else { "warning" },
        "message": d.described(),
        "hint": d.hint,
        "line": line,
    })
}

/// The file's text for a draft, with the line of each field.
pub fn file_text(draft: &Draft, form: &CountyForm) -> (String, Vec<(u64, String)>) {
    form.to_yaml(&header(draft.on_disk))
}

/// The edition a draft makes, or its problems; placed either way. A logo uploaded
/// and not yet saved stands in for the file the form names.
pub fn edition(project: &Project, draft: &Draft) -> (Option<Edition>, Placed) {
    // The uploaded logo is not on disk yet: check the rest, then put the logo in.
    let pending = draft.pending_logo.clone().filter(|_| draft.form.logo.as_deref() == Some(&logo_name(draft.id)));
    let checked = match &pending {
        Some(_) => CountyForm { logo: None, ..draft.form.clone() },
        None => draft.form.clone(),
    };
    let (text, lines) = file_text(draft, &checked);
    let mut placed = Placed::default();
    // The text to be written (with the logo's line) is held to the loader's limits too.
    if pending.is_some() {
        let (full, lines) = file_text(draft, draft.form);
        if let Err(p) = parse_yaml::<CountyFile>(&draft.path, full) {
            draft.place(&mut placed, p, &lines);
            return (None, placed);
        }
    }
    let file: Loaded<CountyFile> = match parse_yaml(&draft.path, text) {
        Ok(f) => f,
        Err(p) => {
            draft.place(&mut placed, p, &lines);
            return (None, placed);
        }
    };
    let today = crate::contacts::today_utc();
    draft.place(&mut placed, crate::contacts::stale(&file, &file.value.contacts, today, MAX_AGE_DAYS), &lines);
    draft.place(&mut placed, crate::project::stale_web(&file, today, MAX_AGE_DAYS).into_iter().collect(), &lines);
    match Edition::county(&file, draft.id, &project.registry, &project.identity, &project.material_ids()) {
        Ok(mut e) => {
            if let Some(logo) = pending {
                e.logo = Some(logo);
            }
            // As `check` warns: a contact shown in a language it has no name or label in.
            for (id, lang, d) in crate::check::untranslated_in(project, &e) {
                match draft.form.contacts.iter().position(|c| c.id == id) {
                    // Beside what is missing: the name, or (the name given) the label.
                    Some(i) => {
                        let part = if draft.form.contacts[i].name.contains_key(&lang) { "label" } else { "name" };
                        placed.fields.push((format!("contacts.{i}.{part}.{lang}"), d))
                    }
                    None => placed.general.push(d),
                }
            }
            if draft.form.web.as_ref().is_some_and(|w| w.on.is_empty()) {
                placed.fields.push((
                    "web.on".into(),
                    crate::diag::Diagnostic::warning("the web page is printed on no material")
                        .hint("tick where it goes, or clear its address"),
                ));
            }
            (Some(e), placed)
        }
        Err(p) => {
            draft.place(&mut placed, p, &lines);
            (None, placed)
        }
    }
}

/// The logo file a county's upload is saved as.
pub fn logo_name(id: &str) -> String {
    format!("{id}-logo.png")
}

impl Draft<'_> {
    /// Put each problem of this draft's file beside the form field it points at: the
    /// field on its line, or the field its path names (`show.poster`: the contacts
    /// shown there; `contacts: <id>`: that contact; `web.on`); else with the whole file.
    pub fn place(&self, placed: &mut Placed, problems: Problems, lines: &[(u64, String)]) {
        for d in problems {
            let ours = d.file.as_deref() == Some(self.path.as_path());
            let (line, field) = match &d.span {
                Span::At { line, .. } => (Some(*line), None),
                Span::FieldAt { field, line, .. } => (Some(*line), Some(field.as_str())),
                Span::Field(field) => (None, Some(field.as_str())),
                Span::None => (None, None),
            };
            let by_line = line.filter(|_| ours).and_then(|l| lines.iter().find(|(at, _)| *at == l)).map(|(_, k)| vec![k.clone()]);
            let keys = by_line.or_else(|| field.filter(|_| ours).map(|f| self.keys_of(f))).unwrap_or_default();
            match keys.as_slice() {
                [] => placed.general.push(d),
                _ => placed.fields.extend(keys.into_iter().map(|k| (k, d.clone()))),
            }
        }
    }

    /// The form fields a field path of the county file stands for.
    fn keys_of(&self, field: &str) -> Vec<String> {
        let contacts = &self.form.contacts;
        if let Some(material) = field.strip_prefix("show.") {
            let material = material.split('[').next().unwrap_or(material);
            return contacts
                .iter()
                .enumerate()
                .filter(|(_, c)| c.show.iter().any(|m| m == material))
                .map(|(i, _)| format!("contacts.{i}.show"))
                .collect();
        }
        if let Some(id) = field.strip_prefix("contacts: ") {
            return contacts.iter().position(|c| c.id == id).map(|i| vec![format!("contacts.{i}.id")]).unwrap_or_default();
        }
        // The county's name (`name`, given once) or its text in one language (`name.es`).
        if field.strip_prefix("name.").is_some_and(|l| l == super::form::EVERY_LANGUAGE || crate::model::is_lang_code(l)) {
            return vec![field.to_string()];
        }
        match field {
            "name" | "logo" | "web.url" | "web.caption" | "web.on" | "web.source" | "web.verified" => vec![field.to_string()],
            "web" => vec!["web.url".to_string()],
            _ => Vec::new(),
        }
    }
}

/// A document laid out for the page: its PDF, and how wide the county's logo prints.
pub struct Shown {
    pub id: String,
    pub lang: String,
    pub pdf: Vec<u8>,
    pub logo_width_pt: Option<f64>,
    /// The trim's width in points.
    pub width_pt: f64,
    pub warnings: Problems,
    pub path: PathBuf,
}

struct ToPage {
    epoch: i64,
    logo: Option<String>,
}

impl Export for ToPage {
    type Out = Shown;
    fn export(&self, _: usize, laid: Laid, writer: &Writer) -> Result<Shown, crate::diag::Problems> {
        let logo_width_pt = self.logo.as_ref().and_then(|id| laid.pages.iter().find_map(|p| image_width(&p.items, id)));
        Ok(Shown {
            pdf: laid.pdf(writer, self.epoch),
            width_pt: laid.trim().w.to_pt(),
            logo_width_pt,
            id: laid.id,
            lang: laid.lang,
            warnings: laid.warnings,
            path: laid.path,
        })
    }
}

fn image_width(items: &[Item], logo: &str) -> Option<f64> {
    items.iter().find_map(|i| match i {
        Item::Image { rect, logo: l } if l.id == logo => Some(rect.w().to_pt()),
        Item::Group { items, .. } => image_width(items, logo),
        _ => None,
    })
}

/// Threads a check, save or download builds on, at most: each document with a logo
/// holds a few copies of its pixels while it is written (about 50 MB for the largest
/// upload), so the server's memory must not grow with the machine's cores.
pub const MAX_THREADS: usize = 2;

/// Build every material of `edition` in every language (a bilingual material once,
/// in its languages) in memory, under `profile`.
pub fn build(project: &Project, edition: &Edition, profile: Profile, epoch: i64) -> (Vec<Shown>, Problems) {
    build_some(project, edition, None, profile, epoch)
}

/// Build one material of `edition` in every language (the preview's), under `profile`.
pub fn build_one(project: &Project, edition: &Edition, material: &str, profile: Profile, epoch: i64) -> (Vec<Shown>, Problems) {
    build_some(project, edition, Some(material), profile, epoch)
}

fn build_some(project: &Project, edition: &Edition, material: Option<&str>, profile: Profile, epoch: i64) -> (Vec<Shown>, Problems) {
    let mut plan = Plan::all_of(project, vec![edition.clone()], profile);
    if let Some(m) = material {
        plan.materials.retain(|(id, _)| id == m);
    }
    let export = ToPage { epoch, logo: edition.logo.as_ref().map(|l| l.id.clone()) };
    let out = build::stream(&plan, build::default_threads().min(MAX_THREADS), &export, &|_, _| {});
    (out.done, out.problems)
}
