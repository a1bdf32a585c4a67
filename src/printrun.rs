//! Print runs: `materials/runs/<name>.yaml` says which materials, editions and
//! quantities, and for the press which output intent; the run writes the PDFs
//! (wallet cards and stickers imposed), `manifest.json` and `order.csv` for the print
//! shop.

use crate::build::{Export, Laid, Plan};
use crate::contacts::is_valid_id;
use crate::content::{Edition, STATEWIDE};
use crate::diag::{Diagnostic, Problems};
use crate::fsio::Staging;
use crate::impose::{Cuts, Grid};
use crate::kinds::{Cells, Press};
use crate::model::{self, Bleed, CardLayout, Loaded, OutputIntentSpec, Profile, RunFile};
use crate::pdf::Writer;
use crate::pdf::icc::OutputIntent;
use crate::project::Project;
use crate::units::{Abs, Size};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub const RUNS_DIR: &str = "runs";
/// The word in a run file that stands for every county edition.
pub const ALL_COUNTIES: &str = "all-counties";

/// A checked print run.
pub struct Run {
    pub name: String,
    pub cards: CardLayout,
    pub bleed: Abs,
    pub profile: crate::model::Profile,
    pub editions: Vec<Edition>,
    pub materials: Vec<(String, PathBuf)>,
    /// (edition index, material index, language code, quantity), in the order of the
    /// run file.
    pub entries: Vec<(usize, usize, String, u32)>,
    pub copies: crate::project::Copies,
    /// The shop's output intent for press PDFs, and the profile's path as the run
    /// file gives it; `None`: Coated FOGRA39.
    pub intent: Option<(OutputIntent, String)>,
}

impl Run {
    /// The output intent of the run's press PDFs.
    pub fn output_intent(&self) -> &OutputIntent {
        self.intent.as_ref().map_or(OutputIntent::fogra39(), |(i, _)| i)
    }

    /// The documents to build for this run.
    pub fn plan(&self) -> Plan {
        Plan {
            editions: self.editions.clone(),
            materials: self.materials.clone(),
            copies: self.copies.clone(),
            langs: None,
            size: None,
            profile: self.profile,
            pairs: Some(self.entries.iter().map(|(e, m, l, _)| (*e, *m, l.clone())).collect()),
            every_variant: false,
        }
    }
}

/// Read and check `materials/runs/<name>.yaml` and every county file it names.
pub fn load(project: &Project, name: &str) -> Result<Run, Problems> {
    let path = project.dir.join(RUNS_DIR).join(format!("{name}.yaml"));
    if !is_valid_id(name) {
        return Err(vec![Diagnostic::error(format!("`{name}` is not a run name: use a-z, 0-9 and -"))]);
    }
    if !path.is_file() {
        let mut known: Vec<String> = std::fs::read_dir(project.dir.join(RUNS_DIR))
            .map(|d| d.flatten().filter_map(|e| e.file_name().to_str()?.strip_suffix(".yaml").map(str::to_string)).collect())
            .unwrap_or_default();
        known.sort();
        let hint =
            crate::suggest::did_you_mean(name, known.iter().map(String::as_str)).unwrap_or_else(|| format!("runs: {}", known.join(", ")));
        return Err(vec![Diagnostic::error(format!("no print run `{name}`")).in_file(&path).hint(hint)]);
    }
    let file: Loaded<RunFile> = model::load_yaml(&path)?;
    let mut problems = Vec::new();
    let mut editions: Vec<Edition> = Vec::new();
    let mut materials: Vec<(String, PathBuf)> = Vec::new();
    let mut entries = Vec::new();
    if file.value.items.is_empty() {
        problems.push(file.error_in("items", "the run lists no items"));
    }
    for item in &file.value.items {
        let spec = &item.value;
        let Some(material) = project.materials.iter().find(|(id, _)| *id == spec.material.value) else {
            problems.push(
                file.error_at(&spec.material, format!("no material `{}`", spec.material.value)).hint(
                    crate::suggest::did_you_mean(&spec.material.value, project.materials.iter().map(|(id, _)| id.as_str()))
                        .unwrap_or_else(|| format!("materials: {}", project.material_ids().join(", "))),
                ),
            );
            continue;
        };
        let m = materials.iter().position(|(id, _)| *id == material.0).unwrap_or_else(|| {
            materials.push(material.clone());
            materials.len() - 1
        });
        if let Some(d) = file.plain_number(&spec.quantity, "quantity", false) {
            problems.push(d);
        } else if spec.quantity.value == 0 {
            problems.push(file.error_at(&spec.quantity, "`quantity` must be at least 1"));
        }
        // Languages: those asked for, or every language the material has.
        let available = languages(project, &material.0, &material.1);
        let mut langs = Vec::new();
        for l in &spec.languages {
            if available.contains(&l.value) {
                langs.push(l.value.clone());
            } else {
                problems.push(
                    file.error_at(l, format!("`{}` has no `{}` language", material.0, l.value)).hint(
                        crate::suggest::did_you_mean(&l.value, available.iter().map(String::as_str))
                            .unwrap_or_else(|| format!("languages: {}", available.join(", "))),
                    ),
                );
            }
        }
        if spec.languages.is_empty() {
            langs = available;
        }
        let mut ids: Vec<String> = Vec::new();
        if spec.editions.is_empty() {
            ids.push(STATEWIDE.to_string());
        }
        for e in &spec.editions {
            if e.value == ALL_COUNTIES {
                ids.extend(project.counties.iter().map(|(id, _)| id.clone()));
            } else if e.value == STATEWIDE || project.counties.iter().any(|(id, _)| *id == e.value) {
                ids.push(e.value.clone());
            } else {
                problems.push(
                    file.error_at(e, format!("no county edition `{}`", e.value)).hint(
                        crate::suggest::did_you_mean(
                            &e.value,
                            [STATEWIDE, ALL_COUNTIES].into_iter().chain(project.counties.iter().map(|(id, _)| id.as_str())),
                        )
                        .unwrap_or_else(|| format!("use {STATEWIDE}, {ALL_COUNTIES}, or a file name in materials/counties/")),
                    ),
                );
            }
        }
        for id in ids {
            let idx = match editions.iter().position(|e| e.id == id) {
                Some(i) => i,
                None => {
                    let edition = if id == STATEWIDE {
                        Ok(project.statewide())
                    } else {
                        let p = project.counties.iter().find(|(c, _)| *c == id).map(|(_, p)| p.clone()).unwrap_or_default();
                        project.edition(&id, &p)
                    };
                    match edition {
                        Ok(e) => {
                            editions.push(e);
                            editions.len() - 1
                        }
                        Err(p) => {
                            problems.extend(p);
                            continue;
                        }
                    }
                }
            };
            for lang in &langs {
                if entries.iter().any(|(e, mm, l, _)| *e == idx && *mm == m && l == lang) {
                    problems.push(
                        file.error_at(&spec.material, format!("`{}` in {lang} for the {id} edition is listed twice", material.0))
                            .hint("give one item per material, edition and language"),
                    );
                    continue;
                }
                entries.push((idx, m, lang.clone(), spec.quantity.value));
            }
        }
    }
    if file.value.profile == Profile::Office && file.value.cards == CardLayout::OneUp {
        problems.push(
            file.error_in(
                "cards",
                "`1-up` is for a print shop that imposes the pieces itself; an office printer cannot use card-size pages",
            )
            .hint("under `profile: office` wallet cards and stickers print on their office sheet: leave out `cards`"),
        );
    }
    if file.value.profile == Profile::Office && file.value.output_intent.is_some() {
        problems.push(
            file.error_in("output-intent", "an office run writes no PDF/X, so nothing would embed the shop's profile")
                .hint("print for the shop with `profile: press` (the default), or leave out `output-intent`"),
        );
    }
    let intent = match &file.value.output_intent {
        Some(spec) => match output_intent(&file, spec) {
            Ok(i) => Some(i),
            Err(d) => {
                problems.push(*d);
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let bleed = match file.value.bleed {
        Bleed::Eighth => Abs::inches(0.125),
        Bleed::Sixteenth => Abs::inches(0.0625),
    };
    Ok(Run {
        name: name.to_string(),
        cards: file.value.cards,
        bleed,
        profile: file.value.profile,
        editions,
        materials,
        entries,
        copies: project.copies.clone(),
        intent,
    })
}

/// The output intent a run file names: its ICC profile read (a path relative to the
/// run file, inside the runs folder, at most [`crate::pdf::icc::MAX_BYTES`]) and
/// checked, with the identifier and condition the file gives.
fn output_intent(file: &Loaded<RunFile>, spec: &OutputIntentSpec) -> Result<(OutputIntent, String), Box<Diagnostic>> {
    let dir = file.file.parent().unwrap_or(Path::new("."));
    let given = &spec.profile;
    let at = |message: String| file.error_at(given, message).field("output-intent.profile");
    let rel = Path::new(&given.value);
    let inside = !given.value.trim().is_empty()
        && rel.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
        && !given.value.contains('\\');
    if !inside {
        let hint = "give the profile's path relative to this run file, such as `shop/GRACoL2013_CRPC6.icc`";
        return Err(Box::new(at(format!("`{}` is not a path inside the runs folder", given.value)).hint(hint)));
    }
    let path = dir.join(rel);
    let bytes = crate::fsio::read_in(dir, &path, crate::pdf::icc::MAX_BYTES).map_err(|e| {
        Box::new(match e {
            crate::fsio::ReadError::TooLarge(limit) => at(format!("the profile {} is larger than {limit} bytes", given.value)),
            e => at(format!("the profile {} {e}", given.value)),
        })
    })?;
    let text = |s: &Option<model::Spanned<String>>, key: &str| -> Result<Option<String>, Box<Diagnostic>> {
        let Some(s) = s else { return Ok(None) };
        let t = s.value.trim();
        if t.is_empty() || t.chars().any(char::is_control) || t.chars().count() > 200 {
            return Err(Box::new(
                file.error_at(s, format!("`{key}` is a line of text of at most 200 characters")).field(format!("output-intent.{key}")),
            ));
        }
        Ok(Some(t.to_string()))
    };
    let (identifier, condition) = (text(&spec.identifier, "identifier")?, text(&spec.condition, "condition")?);
    let intent = OutputIntent::from_profile(bytes, identifier, condition).map_err(|e| {
        let hint = "ask the print shop for its CMYK output profile (an .icc file), such as GRACoL2013_CRPC6.icc";
        Box::new(at(format!("the profile {} {e}", given.value)).hint(hint))
    })?;
    Ok((intent, given.value.clone()))
}

/// The language codes a material is built in: its language files, or for a bilingual
/// material the joined pair (`en-es`).
fn languages(project: &Project, id: &str, path: &Path) -> Vec<String> {
    let codes: Vec<String> = project.copies.get(id).map(|l| l.iter().map(|(c, _)| c.clone()).collect()).unwrap_or_default();
    match model::load_yaml::<model::MaterialFile>(path) {
        Ok(m) if crate::project::bilingual(&m) => m.value.languages.map(|l| vec![l.value.join("-")]).unwrap_or_default(),
        _ => codes,
    }
}

/// One line of the manifest: a PDF the print shop receives.
#[derive(Debug, Serialize, Clone)]
pub struct ManifestEntry {
    pub path: String,
    pub sha256: String,
    pub pages: usize,
    pub material: String,
    pub county: String,
    pub language: String,
    /// Trim size of one piece, e.g. `3.5 x 2 in`.
    pub trim: String,
    /// The paper each page is printed on.
    pub sheet: String,
    /// Pieces on one sheet (8 for wallet cards on US Letter).
    pub per_sheet: usize,
    pub quantity: u32,
    /// Sheets of paper to print, each printed on both sides when `duplex`.
    pub sheets: u64,
    pub duplex: bool,
    /// How the sheet turns over between front and back (duplex only).
    pub flip: Option<String>,
    /// Crop marks and bleed.
    pub finishing: String,
    /// The output intent a press PDF embeds (its `OutputConditionIdentifier`); `None`
    /// for an office PDF.
    pub output_intent: Option<String>,
}

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    run: &'a str,
    /// The printing condition the run's press PDFs are made for.
    output_intent: Option<IntentEntry<'a>>,
    files: &'a [ManifestEntry],
}

/// The output intent, as the print shop checks it: the PDF/X fields, and which ICC
/// profile is embedded (the run file's path for it, or the built-in one) with its
/// SHA-256.
#[derive(Debug, Serialize)]
struct IntentEntry<'a> {
    identifier: &'a str,
    condition: &'a str,
    info: &'a str,
    profile: &'a str,
    sha256: String,
}

fn inches(a: Abs) -> String {
    let v = a.to_pt() / 72.0;
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn size_name(s: Size) -> String {
    format!("{} x {} in", inches(s.w), inches(s.h))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The exporter of a print run: each document as the print shop gets it (small
/// pieces imposed N-up or given their own bleed, the rest as laid out), written once
/// into the run's staging folder; its manifest entry is what is kept.
pub struct ToRun<'a> {
    pub run: &'a Run,
    pub staging: &'a Staging,
    pub epoch: i64,
}

impl Export for ToRun<'_> {
    type Out = ManifestEntry;

    fn export(&self, index: usize, laid: Laid, writer: &Writer) -> Result<ManifestEntry, Problems> {
        let run = self.run;
        let (quantity, edition, material) = {
            let (e, m, _, q) = &run.entries[index];
            (*q, &run.editions[*e].id, &run.materials[*m].0)
        };
        let intent = (laid.profile == Profile::Press).then(|| run.output_intent());
        let meta = crate::pdf::Meta { pdfx: intent, ..laid.meta(self.epoch) };
        let dir = Path::new(edition).join(&laid.lang);
        let two_sided = laid.pages.len() == 2;
        let trim = laid.trim();
        let cannot = |e: String| vec![Diagnostic::error(format!("the {material} does not go on the sheet: {e}")).in_file(&laid.file)];
        // What goes on paper, the paper, pieces on one sheet, and how it is finished.
        let (paper, sheet, per_sheet, finishing) = match (laid.profile, laid.kind.press, laid.kind.office, run.cards) {
            // The office's sheet, as a build makes it.
            (Profile::Office, _, Some(office), _) => {
                let finishing = match office.cells {
                    Cells::Cut => {
                        format!("cut on the guides, two cuts between neighbours; each piece has {} in bleed", inches(laid.pages[0].bleed))
                    }
                    Cells::Labels { .. } => format!("print on {}; peel the labels", office.stock),
                };
                (Cow::Borrowed(laid.paper()), office.paper(), office.per_sheet(), finishing)
            }
            (Profile::Press, Press::NUp(sheet), _, CardLayout::NUp) => {
                let grid = Grid::on(&sheet, trim, run.bleed, Abs::ZERO);
                let sheets = grid.impose(&laid.pages, Cuts::Marks, writer.fonts()).map_err(cannot)?;
                let finishing =
                    format!("cut on the crop marks, two cuts between neighbours; each piece has {} in bleed", inches(run.bleed));
                (Cow::Owned(sheets), grid.sheet, grid.per_sheet(), finishing)
            }
            (Profile::Press, Press::NUp(_), _, CardLayout::OneUp) => {
                let pages = crate::impose::on_press_paper(&laid.pages, run.bleed, writer.fonts()).map_err(cannot)?;
                (
                    Cow::Owned(pages),
                    Size::new(trim.w + run.bleed * 2.0, trim.h + run.bleed * 2.0),
                    1,
                    format!("trim to the TrimBox; {} in bleed", inches(run.bleed)),
                )
            }
            _ => {
                // For the press the page is larger than the trim: bleed and crop marks.
                let (outer, bleed) = laid.paper().first().map_or((Abs::ZERO, Abs::ZERO), |p| (p.bleed + p.slug, p.bleed));
                let cut =
                    if outer > Abs::ZERO { format!("trim on the crop marks; {} in bleed", inches(bleed)) } else { "none".to_string() };
                let finishing = if laid.kind.press == Press::Duplex { format!("{cut}; staple multi-sheet copies") } else { cut };
                (Cow::Borrowed(laid.paper()), Size::new(trim.w + outer * 2.0, trim.h + outer * 2.0), 1, finishing)
            }
        };
        let n = paper.len();
        let (sheets, duplex) = match (per_sheet, laid.kind.press) {
            // Pieces: a sheet (a front and its back, or one side) holds `per_sheet`.
            (per, Press::NUp(_)) => ((quantity as u64).div_ceil(per as u64), two_sided),
            (_, Press::Duplex) => (quantity as u64 * (n as u64).div_ceil(2), n > 1),
            _ => (quantity as u64 * n as u64, false),
        };
        let name = if per_sheet > 1 { format!("{material}-{per_sheet}up.pdf") } else { format!("{material}.pdf") };
        let path = dir.join(name);
        let bytes = writer.write(&paper, &meta, true);
        self.staging
            .write(&path, &bytes)
            .map_err(|e| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&self.staging.dir.join(&path))])?;
        Ok(ManifestEntry {
            path: path.to_string_lossy().replace('\\', "/"),
            sha256: sha256_hex(&bytes),
            pages: n,
            material: material.clone(),
            county: edition.clone(),
            language: laid.lang.clone(),
            trim: size_name(trim),
            sheet: size_name(sheet),
            per_sheet,
            quantity,
            sheets,
            duplex,
            flip: duplex.then(|| "long edge".to_string()),
            finishing,
            output_intent: intent.map(|i| i.identifier.clone()),
        })
    }
}

/// The manifest and the order sheet of a run whose documents are `entries`, as
/// (file name, bytes).
pub fn manifest_files(run: &Run, entries: &[ManifestEntry]) -> [(&'static str, Vec<u8>); 2] {
    let intent = run.output_intent();
    let output_intent = (run.profile == Profile::Press).then(|| IntentEntry {
        identifier: &intent.identifier,
        condition: &intent.condition,
        info: &intent.info,
        profile: run.intent.as_ref().map_or("built in: Coated FOGRA39 (Adobe's CoatedFOGRA39.icc)", |(_, path)| path),
        sha256: intent.digest().iter().map(|b| format!("{b:02x}")).collect(),
    });
    // serde_json cannot fail on these plain types.
    let json = serde_json::to_string_pretty(&Manifest { run: &run.name, output_intent, files: entries }).expect("manifest serializes");
    [("manifest.json", (json + "\n").into_bytes()), ("order.csv", order_csv(entries).into_bytes())]
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// The order sheet a person reads: one row per file, with totals.
pub fn order_csv(entries: &[ManifestEntry]) -> String {
    let mut out = String::from(
        "file,material,county,language,trim,sheet,per sheet,quantity,sheets,duplex,flip,finishing,pages,sha256,output intent\n",
    );
    for e in entries {
        let row = [
            e.path.clone(),
            e.material.clone(),
            e.county.clone(),
            e.language.clone(),
            e.trim.clone(),
            e.sheet.clone(),
            e.per_sheet.to_string(),
            e.quantity.to_string(),
            e.sheets.to_string(),
            if e.duplex { "yes" } else { "no" }.to_string(),
            e.flip.clone().unwrap_or_default(),
            e.finishing.clone(),
            e.pages.to_string(),
            e.sha256.clone(),
            e.output_intent.clone().unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    let total: u64 = entries.iter().map(|e| e.sheets).sum();
    out.push_str(&format!("TOTAL,,,,,,,{},{total},,,,,,\n", entries.iter().map(|e| e.quantity as u64).sum::<u64>()));
    out
}
