//! `awareprint check` as a library function: every edition of every material in
//! every language resolved, laid out and preflighted (nothing written), contacts'
//! verification dates, reading grades and missing translations of local contacts.

use crate::build::{self, Export, Laid, Plan};
use crate::content::{Edition, STATEWIDE};
use crate::diag::{self, Diagnostic, Problems, Severity};
use crate::pdf::Writer;
use crate::project::Project;
use crate::units::Abs;

pub struct Options {
    /// Contacts verified longer ago than this many days are warned about.
    pub max_age_days: i64,
    /// Today, in days since 1970-01-01.
    pub today: i64,
    /// Copy above this Flesch-Kincaid grade is warned about.
    pub max_grade: f64,
    /// Warnings count as errors.
    pub strict: bool,
    pub threads: usize,
}

/// What the check learnt about one statewide document.
pub struct Checked {
    pub id: String,
    pub lang: String,
    pub pages: usize,
    pub smallest_body: Abs,
    pub reading_grade: f64,
}

pub struct Report {
    /// The statewide edition's documents, in plan order.
    pub statewide: Vec<Checked>,
    /// Every problem, merged (the same problem in many editions once), errors and
    /// warnings.
    pub problems: Problems,
    pub editions: usize,
    pub materials: usize,
    /// Documents checked: every edition of every material in every language.
    pub documents: usize,
    /// Layouts made of them: each at every size and under both profiles.
    pub layouts: usize,
    /// Each document's path in a build's output folder and the version code it prints.
    pub versions: Vec<(String, String)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

/// The record `check` keeps of a laid-out document (no PDF is written).
struct Record {
    checked: Checked,
    statewide: bool,
    /// Laid out as a plain `build` does (the first size, for the office): what the
    /// summary reports. The other sizes and the press are checked for their problems.
    default: bool,
    file: std::path::PathBuf,
    warnings: Problems,
    /// Where a build writes it (`boulder/en/poster.pdf`) and the version code it prints.
    version: (String, String),
}

struct Checker;

impl Export for Checker {
    type Out = Record;
    fn export(&self, _: usize, laid: Laid, _: &Writer) -> Result<Record, Problems> {
        Ok(Record {
            checked: Checked {
                pages: laid.pages.len(),
                smallest_body: laid.smallest_body,
                reading_grade: laid.reading_grade,
                id: laid.id,
                lang: laid.lang,
            },
            statewide: laid.edition == STATEWIDE,
            default: laid.profile == crate::model::Profile::Office && laid.kind.sizes.first().is_none_or(|s| *s == laid.size),
            file: laid.file,
            warnings: laid.warnings,
            version: (laid.path.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/"), laid.version),
        })
    }
}

/// Check everything in `project`: every edition of every material in every language,
/// at every size its kind allows and under both profiles, as a build or a print run
/// can ask for.
pub fn check(project: &Project, opts: &Options) -> Report {
    let (plan, mut problems) = Plan::everything(project, Default::default());
    let plan = Plan { every_variant: true, ..plan };
    let out = build::stream(&plan, opts.threads, &Checker, &|_, _| {});
    let (documents, layouts) = (out.documents, out.jobs);
    let mut statewide = Vec::new();
    let mut versions = Vec::new();
    for r in out.done {
        problems.extend(r.warnings);
        if !r.default {
            continue;
        }
        versions.push(r.version);
        if r.statewide && r.checked.reading_grade > opts.max_grade {
            let msg = format!("reading grade {:.1} in {} is above {}", r.checked.reading_grade, r.checked.lang, opts.max_grade);
            problems.push(Diagnostic::warning(msg).in_file(&r.file).hint("shorter sentences and shorter words lower it"));
        }
        if r.statewide {
            statewide.push(r.checked);
        }
    }
    problems.extend(project.stale_contacts(opts.today, opts.max_age_days));
    problems.extend(untranslated(project, &plan.editions));
    problems.extend(out.problems);
    let mut problems = diag::merge(problems);
    if opts.strict {
        problems.iter_mut().for_each(|p| p.severity = Severity::Error);
    }
    Report { statewide, problems, editions: plan.editions.len(), materials: plan.materials.len(), documents, layouts, versions }
}

/// The problems of laying out one edition's materials at every size and under both
/// profiles (what `check` finds for it), for the editor's check of a draft.
pub fn edition_layouts(project: &Project, edition: &Edition, threads: usize) -> Problems {
    let plan = Plan { every_variant: true, ..Plan::all_of(project, vec![edition.clone()], Default::default()) };
    let out = build::stream(&plan, threads, &Checker, &|_, _| {});
    let mut problems: Problems = out.done.into_iter().flat_map(|r| r.warnings).collect();
    problems.extend(out.problems);
    diag::merge(problems)
}

/// A local contact shown on a material built in Spanish (or another language) should
/// say its name and label in that language too: a warning for each one that does not.
fn untranslated(project: &Project, editions: &[Edition]) -> Problems {
    editions.iter().flat_map(|e| untranslated_in(project, e)).map(|(_, _, d)| d).collect()
}

/// The local contacts of a county edition that have no name or label in a language a
/// material showing them is built in: (contact id, language, the warning).
pub fn untranslated_in(project: &Project, e: &Edition) -> Vec<(String, String, Diagnostic)> {
    let mut out = Vec::new();
    let Some(file) = e.file.as_deref() else { return out };
    let mut warned = std::collections::BTreeSet::new();
    for (material, contacts) in &e.show {
        let langs: Vec<String> = project.copies.get(material).map(|l| l.iter().map(|(c, _)| c.clone()).collect()).unwrap_or_default();
        for c in contacts {
            for lang in c.untranslated(&langs) {
                if warned.insert((c.id.clone(), lang.clone())) {
                    let d = Diagnostic::warning(format!(
                        "local contact `{}` has no {lang} name or label; the {lang} edition prints `{}`",
                        c.id,
                        c.callout_in(&lang)
                    ))
                    .in_file(file)
                    .hint(format!("give it per language, e.g. `name: {{en: {}, {lang}: ...}}`", c.name));
                    out.push((c.id.clone(), lang, d));
                }
            }
        }
    }
    out
}
