//! Builds that stream. A [`Plan`] (editions x materials x languages, or the exact
//! documents a print run lists) becomes jobs; worker threads take them in order, and
//! each job is resolved, laid out, preflighted and handed to an [`Export`], which
//! makes and writes its artifact and returns a small record. The document, its
//! frames and its bytes are dropped there, so memory does not grow with the size of
//! the run.

use crate::content::{Content, Doc, Edition};
use crate::diag::{Diagnostic, Problems};
use crate::frame::{self, Color, FontId, FontSet, Item, Page};
use crate::kinds::KindSpec;
use crate::layout;
use crate::model::{Profile, SizeName};
use crate::pdf::{Meta, Writer};
use crate::project::{Copies, Source, load_sources};
use crate::units::{Abs, Point, Size};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Dates in the PDFs when SOURCE_DATE_EPOCH is not set: 2026-01-01T00:00:00Z.
pub const DEFAULT_EPOCH: i64 = 1_767_225_600;

/// What to build: editions x materials x languages, or only the (edition index,
/// material index, language) triples given.
pub struct Plan {
    pub editions: Vec<Edition>,
    pub materials: Vec<(String, PathBuf)>,
    pub copies: Copies,
    /// Languages to build (codes); `None` builds every language a material has.
    pub langs: Option<Vec<String>>,
    pub size: Option<SizeName>,
    /// How the documents are printed: office (the default) or press.
    pub profile: Profile,
    pub pairs: Option<Vec<(usize, usize, String)>>,
    /// Lay out each document at every size its kind allows and under both profiles
    /// (`check`: whatever a build or a run can ask for), instead of `size` and
    /// `profile` only.
    pub every_variant: bool,
}

impl Plan {
    /// Every material of `project` in every language, for the statewide edition and
    /// every county's, printed under `profile`; with the problems of county files
    /// that leave their editions out.
    pub fn everything(project: &crate::project::Project, profile: Profile) -> (Plan, Problems) {
        let mut problems = Vec::new();
        let mut editions = vec![project.statewide()];
        for (id, path) in &project.counties {
            match project.edition(id, path) {
                Ok(e) => editions.push(e),
                Err(p) => problems.extend(p),
            }
        }
        (Plan::all_of(project, editions, profile), problems)
    }

    /// Every material of `project` in every language (a bilingual material once, in
    /// its languages) for `editions`, printed under `profile`.
    pub fn all_of(project: &crate::project::Project, editions: Vec<Edition>, profile: Profile) -> Plan {
        Plan {
            editions,
            materials: project.materials.clone(),
            copies: project.copies.clone(),
            langs: None,
            size: None,
            profile,
            pairs: None,
            every_variant: false,
        }
    }

    /// The sizes and profiles each document of `source` is laid out at.
    fn variants(&self, source: &Source) -> Vec<(Option<SizeName>, Profile)> {
        if !self.every_variant {
            return vec![(self.size, self.profile)];
        }
        let Some(kind) = KindSpec::find(&source.material.value.kind.value) else { return vec![(None, self.profile)] };
        let sizes: Vec<Option<SizeName>> = if kind.sizes.is_empty() { vec![None] } else { kind.sizes.iter().map(|s| Some(*s)).collect() };
        // Templates see only the geometry (crop marks are added after layout): a piece
        // whose geometry is the same under both profiles (a card, a sticker) is laid
        // out once.
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for size in sizes {
            for profile in [Profile::Office, Profile::Press] {
                let g = kind.geometry(size.unwrap_or(SizeName::Letter), profile);
                let key = (size, g.trim, g.bleed, g.paper_margin);
                if !seen.contains(&key) {
                    seen.push(key);
                    out.push((size, profile));
                }
            }
        }
        out
    }
}

/// One document of a plan: an edition's material in a language, at a size (or the
/// material's own) under a profile.
struct Job<'a> {
    edition: &'a Edition,
    source: &'a Source,
    lang: String,
    size: Option<SizeName>,
    profile: Profile,
}

/// A document laid out and preflighted: its pages (structure included), and what an
/// exporter needs to name, describe and write it.
pub struct Laid {
    pub id: String,
    pub edition: String,
    /// The language folder: the primary subtag of the material's language (`en`).
    pub lang: String,
    /// The full language tag (`en-US`), the PDF's /Lang.
    pub lang_tag: String,
    /// The tags of the content's other languages (a bilingual poster's second).
    pub more_langs: Vec<String>,
    pub title: String,
    pub author: String,
    pub subject: String,
    pub kind: &'static KindSpec,
    /// `<edition>/<lang>/<material>.pdf`, relative to the output folder.
    pub path: PathBuf,
    /// The material's file, for messages.
    pub file: PathBuf,
    /// The pages as laid out (a card's front and back, each at its trim with its
    /// bleed), their structure (start and end markers) among their items.
    pub pages: Vec<Page>,
    /// The pages as they go on paper under the profile, when that is not `pages`
    /// themselves (see [`on_paper`]).
    paper: Option<Vec<Page>>,
    /// How it is printed: a press PDF is PDF/X-4.
    pub profile: Profile,
    /// The page size it was laid out at (a card's or sticker's is its kind's first).
    pub size: SizeName,
    /// The version code printed on it.
    pub version: String,
    /// The smallest body text size the fitting had to use.
    pub smallest_body: Abs,
    /// Warnings that do not stop the build.
    pub warnings: Problems,
    /// Flesch-Kincaid grade of the copy.
    pub reading_grade: f64,
}

impl Laid {
    pub fn trim(&self) -> Size {
        self.pages[0].trim
    }

    /// The PDF's metadata; a press PDF is PDF/X-4 for Coated FOGRA39 (a print run may
    /// name its shop's output intent instead).
    pub fn meta(&self, epoch: i64) -> Meta<'_> {
        let pdfx = (self.profile == Profile::Press).then(crate::pdf::icc::OutputIntent::fogra39);
        Meta {
            title: &self.title,
            author: &self.author,
            subject: &self.subject,
            lang: &self.lang_tag,
            more_langs: &self.more_langs,
            epoch,
            pdfx,
        }
    }

    /// The pages as they go on paper under the profile: what [`Laid::pdf`] writes.
    pub fn paper(&self) -> &[Page] {
        self.paper.as_deref().unwrap_or(&self.pages)
    }

    /// The tagged PDF of the pages as they go on paper.
    pub fn pdf(&self, writer: &Writer, epoch: i64) -> Vec<u8> {
        writer.write(self.paper(), &self.meta(epoch), true)
    }
}

/// `pages` of a `kind` as they go on paper under `profile`. For the press, each page
/// with crop marks at its trim's corners and its outside furniture (a card's version
/// code) in the slug; for the office, small pieces on their office sheet (wallet cards
/// 8 to a US Letter sheet with cut guides, stickers on labels), other pages as they
/// are (`None`): the page is the paper, and has no room outside its trim. An error
/// says what does not fit.
pub fn on_paper(kind: &KindSpec, profile: Profile, pages: &[Page], fonts: &FontSet) -> Result<Option<Vec<Page>>, String> {
    let Some(first) = pages.first() else { return Ok(None) };
    match (profile, kind.office) {
        (Profile::Press, _) => crate::impose::on_press_paper(pages, first.bleed, fonts).map(Some),
        (Profile::Office, Some(sheet)) => {
            let grid = crate::impose::Grid::on(&sheet, first.trim, first.bleed, crate::kinds::office_margin());
            let mut sheets = grid.impose(pages, crate::impose::Cuts::Guides, fonts)?;
            if let Some(note) = label_note(&sheet, fonts)? {
                sheets.iter_mut().for_each(|s| s.items.extend(note.iter().cloned()));
            }
            // Cards to cut, front and back: how to print the pair, on the fronts' sheet.
            if sheets.len() == 2
                && let Some(note) = card_note(&sheet, &grid, fonts)?
            {
                sheets[0].items.extend(note);
            }
            Ok(Some(sheets))
        }
        (Profile::Office, None) if pages.iter().any(|p| !p.outside.is_empty()) => {
            Err("it puts furniture outside its trim, but an office page is the paper: there is no room outside it".into())
        }
        (Profile::Office, None) => Ok(None),
    }
}

/// What a label sheet says in its top margin, for whoever loads the printer: which
/// labels to load and that it prints at actual size (a printer that scales to fit
/// moves every sticker off its label). Page furniture, 7 pt, starting where the first
/// sticker's content does (its 3/16 in margin inside the label), its baseline 8 pt
/// above the first row of labels; `None` for a sheet that is cut, not labels.
fn label_note(sheet: &crate::kinds::Sheet, fonts: &FontSet) -> Result<Option<Vec<Item>>, String> {
    let crate::kinds::Cells::Labels { origin, .. } = sheet.cells else { return Ok(None) };
    let text = format!("Print on {} at actual size (no scaling, no fit to page).", sheet.stock);
    let width = sheet.paper().w - Abs::inches(origin.0) * 2.0 - crate::layout::sticker::margin() * 2.0;
    let at = Point::new(Abs::inches(origin.0) + crate::layout::sticker::margin(), Abs::inches(origin.1) - Abs::pt(8.0));
    sheet_note(&text, at, width, "label sheet", fonts).map(Some)
}

/// A sheet's note: `text` on one line of 7 pt at most `width` wide, its baseline's
/// start at `at`, as page furniture (for whoever prints the sheet, never read aloud).
/// An error names the sheet (`what`) when the note needs more than its one line.
fn sheet_note(text: &str, at: Point, width: Abs, what: &str, fonts: &FontSet) -> Result<Vec<Item>, String> {
    let size = Abs::pt(7.0);
    let mut shaper = crate::layout::text::Shaper::new(fonts);
    let shaped = shaper.shape(FontId::Regular, text).map_err(|c| format!("no glyph for {c} in the {what}'s note"))?;
    let mut lines = shaped.wrap(size, width).map_err(|e| format!("the {what}'s note is {} too wide", e.excess))?;
    if lines.len() != 1 {
        return Err(format!("the {what}'s note needs more than one line"));
    }
    let line = crate::layout::flow::line_item(lines.remove(0), FontId::Regular, size, Color::BLACK, at);
    Ok(vec![Item::Furniture, line, Item::End])
}

/// What a sheet of cards to cut says in its top margin, for whoever prints it: the
/// stock, both sides flipped on the long edge (the backs are mirrored for it), at
/// actual size, then cut on the guides. Page furniture, 7 pt, from the first card's
/// trim edge, its baseline 6 pt above the guides (and so 1/4 in or more inside the
/// paper's edge); `None` for labels.
fn card_note(sheet: &crate::kinds::Sheet, grid: &crate::impose::Grid, fonts: &FontSet) -> Result<Option<Vec<Item>>, String> {
    let crate::kinds::Cells::Cut = sheet.cells else { return Ok(None) };
    let text = format!(
        "Print both pages on {}, double-sided, flipped on the long edge, at actual size (no scaling, no fit to page); cut on the guides.",
        sheet.stock
    );
    let origin = grid.origin();
    let guides_top = origin.y - grid.bleed - Abs::pt(crate::impose::MARK_OFFSET + crate::impose::MARK_LENGTH);
    let base = guides_top - Abs::pt(6.0);
    if base - Abs::pt(7.0) < Abs::inches(0.25) {
        return Err("the card sheet leaves no room for its note above the guides".into());
    }
    sheet_note(&text, Point::new(origin.x, base), sheet.paper().w - origin.x * 2.0, "card sheet", fonts).map(Some)
}

/// Lay out a document with its kind's template, then preflight the pages (what is
/// printed: glyphs, contrast, QR codes decoded back).
fn laid_and_checked(doc: &Doc, fonts: &FontSet) -> Result<layout::Layout, Problems> {
    let laid = layout::layout(doc, fonts)?;
    let mut problems = crate::preflight::check(&doc.file, &laid.pages, fonts);
    problems.extend(crate::preflight::check_contrast(&doc.file, &laid.pages, fonts));
    if problems.is_empty() { Ok(laid) } else { Err(problems) }
}

/// Lay out and preflight a document. When a county edition does not fit but the
/// statewide material does, the county's additions are what does not fit: the
/// problem names the county file and what the partner can change there.
fn laid_or_explained(doc: &Doc, fonts: &FontSet) -> Result<layout::Layout, Problems> {
    let problems = match laid_and_checked(doc, fonts) {
        Ok(laid) => return Ok(laid),
        Err(p) => p,
    };
    let (Some(county_file), additions) = (&doc.edition_file, doc.county_additions()) else { return Err(problems) };
    let names_county = problems.iter().any(|p| p.file.as_ref() == Some(county_file));
    if additions.is_empty() || names_county || laid_and_checked(&doc.without_county_additions(), fonts).is_err() {
        return Err(problems);
    }
    let first = problems.iter().find(|p| p.is_error()).map_or(String::new(), |p| format!(": {}", p.message));
    let added = match additions.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    let mut can = vec!["use a shorter `name`".to_string()];
    if doc.logo.is_some() {
        can.push("leave out `logo`".into());
    }
    let added_by_county = |want: fn(&Content) -> bool| doc.blocks.iter().chain(&doc.back).any(|b| b.origin.is_some() && want(&b.content));
    if added_by_county(|c| matches!(c, Content::Call(_))) {
        can.push(format!("list fewer contacts under `show: {}:` or shorten their names", doc.id));
    }
    if added_by_county(|c| matches!(c, Content::Qr(_))) {
        can.push(format!("take `{}` out of `web: on:`", doc.id));
    }
    Err(vec![
        Diagnostic::error(format!("the {} does not fit with what this file adds ({added}){first}", doc.id))
            .in_file(county_file)
            .hint(format!("the statewide {} fits; here you can {}", doc.id, can.join(", or "))),
    ])
}

/// Lay out and preflight one resolved document. `size_suffix` names the file after
/// its size too (`poster-tabloid.pdf`).
pub fn lay_out(doc: &Doc, size_suffix: bool, fonts: &FontSet) -> Result<Laid, Problems> {
    let mut laid = laid_or_explained(doc, fonts)?;
    // PDF/X forbids annotations on the page: a press PDF has no link areas, and what
    // a link showed (a number, an address) is read as plain text.
    if doc.profile == Profile::Press {
        for page in &mut laid.pages {
            page.items.retain(|i| !matches!(i, frame::Item::Link { .. }));
            for item in &mut page.items {
                if let frame::Item::Start(node) = item
                    && node.role == frame::Role::Link
                {
                    *node = frame::Node::new(frame::Role::Span).lang(node.lang.as_deref());
                }
            }
        }
    }
    let paper = on_paper(doc.kind, doc.profile, &laid.pages, fonts).map_err(|e| {
        let on = if doc.profile == Profile::Press { "the press's paper" } else { "the office's paper" };
        vec![Diagnostic::error(format!("the {} does not go on {on}: {e}", doc.id)).in_file(&doc.file)]
    })?;
    let file_name = if size_suffix { format!("{}-{}.pdf", doc.id, doc.size.name()) } else { format!("{}.pdf", doc.id) };
    let lang = doc.lang_code.clone();
    Ok(Laid {
        id: doc.id.clone(),
        edition: doc.edition.clone(),
        path: PathBuf::from(&doc.edition).join(&lang).join(file_name),
        lang,
        lang_tag: doc.lang.clone(),
        more_langs: doc.second.iter().map(|o| o.lang.clone()).collect(),
        title: doc.title.clone(),
        author: doc.metadata_author(),
        subject: doc.subject.clone(),
        kind: doc.kind,
        file: doc.file.clone(),
        pages: laid.pages,
        paper,
        profile: doc.profile,
        size: doc.size,
        version: doc.version.clone(),
        smallest_body: laid.smallest_body,
        warnings: laid.warnings,
        reading_grade: doc.reading_grade(),
    })
}

/// What becomes of each laid-out document: PDF bytes kept in memory, a file written,
/// cards imposed for a print run, nothing but a record for `check`. Called from the
/// worker threads; `index` is the document's place in the plan.
pub trait Export: Sync {
    type Out: Send;
    fn export(&self, index: usize, laid: Laid, writer: &Writer) -> Result<Self::Out, Problems>;
}

/// The records of the documents built, in plan order, and every problem.
pub struct Streamed<T> {
    pub done: Vec<T>,
    pub problems: Problems,
    /// How many layouts the plan asked for (done or failed): one per document, or
    /// one per size and profile of each with `every_variant`.
    pub jobs: usize,
    /// How many documents (edition, material, language) the plan holds.
    pub documents: usize,
}

/// Build the plan on `threads` threads, handing each document to `export` as soon as
/// it is laid out. Each material file is parsed once; one failing document does not
/// stop the others. `progress(done, total)` is called after each document.
pub fn stream<E: Export>(plan: &Plan, threads: usize, export: &E, progress: &(dyn Fn(usize, usize) + Sync)) -> Streamed<E::Out> {
    let sources = match load_sources(&plan.materials, &plan.copies) {
        Ok(s) => s,
        Err(problems) => return Streamed { done: Vec::new(), problems, jobs: 0, documents: 0 },
    };
    let pairs: Vec<(&Edition, &Source, String)> = match &plan.pairs {
        None => plan
            .editions
            .iter()
            .flat_map(|e| sources.iter().flat_map(move |s| s.langs(plan.langs.as_deref()).into_iter().map(move |l| (e, s, l))))
            .collect(),
        Some(pairs) => pairs
            .iter()
            .filter_map(|(e, m, l)| {
                let id = &plan.materials[*m].0;
                sources.iter().find(|s| &s.id == id).map(|s| (&plan.editions[*e], s, l.clone()))
            })
            .collect(),
    };
    let documents = pairs.len();
    let jobs: Vec<Job> = pairs
        .into_iter()
        .flat_map(|(edition, source, lang)| {
            plan.variants(source).into_iter().map(move |(size, profile)| Job { edition, source, lang: lang.clone(), size, profile })
        })
        .collect();
    let fonts = FontSet::load();
    let writer = Writer::new(&fonts);
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(Job { edition, source, lang, size, profile }) = jobs.get(i) else { break };
            let variant = |p: Problems| if plan.every_variant { in_variant(p, source, *size, *profile) } else { p };
            // Resolving names the language file where a problem is in one; layout
            // problems (fitting, glyphs) say which language they are in.
            let result = source
                .resolve(edition, lang, *size)
                .map(|doc| Doc { profile: *profile, ..doc })
                .map_err(|p| in_context(p, edition, "en"))
                .and_then(|doc| {
                    lay_out(&doc, size.is_some() && !plan.every_variant, &fonts).map_err(|p| in_context(variant(p), edition, lang))
                })
                .map(|mut laid| {
                    if plan.every_variant {
                        laid.warnings = in_variant(std::mem::take(&mut laid.warnings), source, *size, *profile);
                    }
                    laid
                })
                .and_then(|laid| export.export(i, laid, &writer).map_err(|p| in_context(p, edition, lang)));
            done.push((i, result));
            progress(finished.fetch_add(1, Ordering::Relaxed) + 1, jobs.len());
        }
        done
    };
    let mut results: Vec<(usize, Result<E::Out, Problems>)> = if threads <= 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            // A worker panicking is a defect in awareprint, not in the input: propagate it.
            handles.into_iter().flat_map(|h| h.join().expect("build worker")).collect()
        })
    };
    results.sort_by_key(|(i, _)| *i);
    let mut out = Streamed { done: Vec::with_capacity(results.len()), problems: Vec::new(), jobs: jobs.len(), documents };
    for (_, r) in results {
        match r {
            Ok(b) => out.done.push(b),
            Err(p) => out.problems.extend(p),
        }
    }
    out
}

/// Problems found laying a document out at a size other than its first, or for the
/// press, say so (see [`Diagnostic::in_layout`]).
fn in_variant(problems: Problems, source: &Source, size: Option<SizeName>, profile: Profile) -> Problems {
    let first = KindSpec::find(&source.material.value.kind.value).and_then(|k| k.sizes.first().copied());
    let press = profile == Profile::Press;
    if (size.is_none() || size == first) && !press {
        return problems;
    }
    problems.into_iter().map(|d| d.in_layout(size.map(|s| s.name()), press)).collect()
}

/// Problems of a county edition, or of a language other than English, say which
/// edition and language they are from (problems in a language file name it already).
fn in_context(problems: Problems, edition: &Edition, lang: &str) -> Problems {
    let names_file = |d: &Diagnostic| d.file.as_ref().is_some_and(|f| f.to_string_lossy().ends_with(&format!(".{lang}.yaml")));
    problems
        .into_iter()
        .map(|mut d| {
            if lang != "en" && !names_file(&d) && !d.message.ends_with(&format!("(in {lang})")) {
                d.message = format!("{} (in {lang})", d.message);
            }
            match &edition.name {
                Some(name) => d.in_edition(name),
                None => d,
            }
        })
        .collect()
}

/// A material built in memory: its PDF bytes and what was learnt building it.
#[derive(Clone, Debug)]
pub struct Built {
    pub id: String,
    pub edition: String,
    pub lang: String,
    pub kind: &'static KindSpec,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub trim: Size,
    pub smallest_body: Abs,
    pub warnings: Problems,
    pub reading_grade: f64,
    pub file: PathBuf,
}

/// The exporter that keeps each document's PDF bytes: for tests, benchmarks and
/// tools that look at a few documents at once.
pub struct InMemory {
    pub epoch: i64,
}

impl Export for InMemory {
    type Out = Built;
    fn export(&self, _: usize, laid: Laid, writer: &Writer) -> Result<Built, Problems> {
        Ok(Built {
            bytes: laid.pdf(writer, self.epoch),
            pages: laid.paper().len(),
            trim: laid.trim(),
            id: laid.id,
            edition: laid.edition,
            lang: laid.lang,
            kind: laid.kind,
            path: laid.path,
            smallest_body: laid.smallest_body,
            warnings: laid.warnings,
            reading_grade: laid.reading_grade,
            file: laid.file,
        })
    }
}

/// A PDF written to disk.
pub struct Written {
    pub path: PathBuf,
    pub pages: usize,
    pub bytes: usize,
    pub warnings: Problems,
}

/// The exporter of `awareprint build`: each PDF written atomically under `dir` as
/// soon as it is made (a temporary file renamed into place), on a thread of its own
/// so that the workers lay out the next documents meanwhile; at most a few documents
/// wait for it at any time. When the last is written, the file system is flushed to
/// disk once.
pub struct ToFolder {
    dir: PathBuf,
    epoch: i64,
    queue: std::sync::mpsc::SyncSender<(PathBuf, Vec<u8>)>,
    writer: std::thread::JoinHandle<Problems>,
    /// The version code of each PDF written (its path under `dir`), for `versions.txt`.
    versions: std::sync::Mutex<Vec<(String, String)>>,
}

impl ToFolder {
    pub fn new(dir: &Path, epoch: i64) -> ToFolder {
        let (queue, pending) = std::sync::mpsc::sync_channel::<(PathBuf, Vec<u8>)>(8);
        let writer = std::thread::spawn(move || {
            let mut problems = Vec::new();
            for (path, bytes) in pending {
                if let Err(e) = crate::fsio::write_atomic(&path, &bytes) {
                    problems.push(Diagnostic::error(format!("cannot write: {e}")).in_file(&path));
                }
            }
            problems
        });
        ToFolder { dir: dir.to_path_buf(), epoch, queue, writer, versions: Default::default() }
    }

    /// Queue a file to be written at `path`.
    pub fn send(&self, path: &Path, bytes: Vec<u8>) -> Result<(), Problems> {
        self.queue.send((path.to_path_buf(), bytes)).map_err(|_| vec![Diagnostic::error("the file writer stopped").in_file(path)])
    }

    /// Wait for the last writes, then record the version codes of the PDFs written in
    /// `versions.txt`; the files that could not be written, as problems.
    pub fn finish(self) -> Problems {
        drop(self.queue);
        // The writer thread only writes files; it panicking is a defect: propagate it.
        let mut problems = self.writer.join().expect("the file writer");
        let versions = self.versions.into_inner().unwrap_or_else(|e| e.into_inner());
        if versions.is_empty() {
            return problems;
        }
        if problems.is_empty()
            && let Err(e) = crate::versions::record(&self.dir, versions)
        {
            problems.push(Diagnostic::error(format!("cannot write: {e}")).in_file(&self.dir.join(crate::versions::VERSIONS_FILE)));
        }
        // The PDFs and the record of their codes, flushed to disk once.
        if let Err(e) = crate::fsio::flush_to_disk(&self.dir) {
            problems.push(Diagnostic::error(format!("cannot flush the PDFs to disk: {e}")).in_file(&self.dir));
        }
        problems
    }
}

impl Export for ToFolder {
    type Out = Written;
    fn export(&self, _: usize, laid: Laid, writer: &Writer) -> Result<Written, Problems> {
        let bytes = laid.pdf(writer, self.epoch);
        let path = self.dir.join(&laid.path);
        let written = Written { path: path.clone(), pages: laid.paper().len(), bytes: bytes.len(), warnings: laid.warnings };
        self.send(&path, bytes)?;
        let rel = laid.path.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        self.versions.lock().unwrap_or_else(|e| e.into_inner()).push((rel, laid.version));
        Ok(written)
    }
}

/// Build the plan in memory (every document's bytes kept).
pub fn build_plan(plan: &Plan, threads: usize, epoch: i64) -> Streamed<Built> {
    stream(plan, threads, &InMemory { epoch }, &|_, _| {})
}

/// Build the statewide edition of the selected materials in memory, on one thread.
pub fn build_all(project: &crate::project::Project, selected: &[(String, PathBuf)], size: Option<SizeName>, epoch: i64) -> Streamed<Built> {
    let plan = Plan {
        editions: vec![project.statewide()],
        materials: selected.to_vec(),
        copies: project.copies.clone(),
        langs: None,
        size,
        profile: Profile::Office,
        pairs: None,
        every_variant: false,
    };
    build_plan(&plan, 1, epoch)
}

/// The number of worker threads to use: the machine's cores.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
