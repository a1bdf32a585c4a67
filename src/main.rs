//! Thin: parse the arguments, call the library, print problems once, map to exit codes
//! (0 ok, 1 a problem in the input, 2 usage).
#![forbid(unsafe_code)]

use awareprint::build::{self, Plan};
use awareprint::cli::{Cli, Command, Format, Output, Selection};
use awareprint::content::Edition;
use awareprint::diag::{Diagnostic, Problems};
use awareprint::project::{self, Project};
use awareprint::{check, county, printrun};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A bad SOURCE_DATE_EPOCH is a usage error, whatever the command: refused before
    // anything is read or written.
    if let Err(problems) = epoch() {
        problems.iter().for_each(|p| eprintln!("{p}"));
        return ExitCode::from(2);
    }
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            // The same problem in many editions or languages is printed once.
            let problems = awareprint::diag::merge(problems);
            for p in &problems {
                eprintln!("{p}");
            }
            let errors = problems.iter().filter(|p| p.is_error()).count();
            if errors > 1 {
                eprintln!("{errors} errors");
            }
            ExitCode::from(1)
        }
    }
}

/// The last second of 9999-12-31: PDF and XMP dates have four-digit years.
const LAST_EPOCH: i64 = 253_402_300_799;

/// The build date from `SOURCE_DATE_EPOCH` (seconds since 1970, 1970 to 9999), or the
/// fixed default.
fn epoch() -> Result<i64, Problems> {
    let v = match std::env::var_os("SOURCE_DATE_EPOCH") {
        None => return Ok(build::DEFAULT_EPOCH),
        Some(v) => v.to_string_lossy().to_string(),
    };
    let shown: String = v.chars().take(40).flat_map(char::escape_debug).collect();
    let refuse =
        |why: &str| {
            vec![Diagnostic::error(format!("SOURCE_DATE_EPOCH=`{shown}` {why}")).hint(
                "set it to the seconds since 1970-01-01 of the date to print in the PDFs (e.g. `git log -1 --format=%ct`), or unset it",
            )]
        };
    let t = v.trim();
    if t.starts_with('-') && t.len() > 1 && t[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse("is before 1970"));
    }
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse("is not a number of seconds"));
    }
    match t.parse::<i64>() {
        Ok(n) if n <= LAST_EPOCH => Ok(n),
        _ => Err(refuse("is after the year 9999, which a PDF date cannot hold")),
    }
}

/// A progress bar on a terminal while documents are built; nothing otherwise.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(output: &Output) -> Progress {
        if output.quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}").unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Progress(Some(bar))
    }

    fn tick(&self, done: usize, total: usize) {
        if let Some(b) = &self.0 {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

fn threads(output: &Output) -> usize {
    output.jobs.map_or_else(build::default_threads, usize::from).max(1)
}

/// Print warnings (they do not change the exit status).
fn warn(warnings: Problems) {
    for w in awareprint::diag::merge(warnings) {
        eprintln!("{w}");
    }
}

fn editions(project: &Project, counties: &[(String, std::path::PathBuf)], problems: &mut Problems) -> Vec<Edition> {
    counties
        .iter()
        .filter_map(|(id, path)| match project.edition(id, path) {
            Ok(e) => Some(e),
            Err(p) => {
                problems.extend(p);
                None
            }
        })
        .collect()
}

/// Make `out` ready for a diff's pictures: absent, empty, or holding only what an
/// earlier diff wrote there (removed, so that no old picture is left to mislead).
fn prepare_diff_out(out: &Path) -> Result<(), Problems> {
    if !out.exists() {
        return Ok(());
    }
    let refuse = |why: &str| {
        Err(vec![Diagnostic::error(why.to_string()).in_file(out).hint("give --out an empty folder, or one an earlier diff wrote")])
    };
    if !out.is_dir() {
        return refuse("--out is a file, not a folder");
    }
    let mut stack = vec![out.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| vec![Diagnostic::error(format!("cannot read the folder: {e}")).in_file(&d)])?.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() && (name == "index.html" || name.ends_with("-diff.png")) => {}
                _ => return refuse("the --out folder holds files a diff did not write"),
            }
        }
    }
    std::fs::remove_dir_all(out).map_err(|e| vec![Diagnostic::error(format!("cannot clear the earlier diff: {e}")).in_file(out)])
}

/// An output folder to compare: `arg` itself when it is a folder, else the materials
/// at git revision `arg`, every edition in every language built under `into` in
/// `scratch`.
fn built(arg: &str, materials: &Path, scratch: &awareprint::scratch::Scratch, into: &str) -> Result<std::path::PathBuf, Problems> {
    let path = Path::new(arg);
    if path.is_dir() {
        return Ok(path.to_path_buf());
    }
    if path.is_file() {
        return Err(vec![Diagnostic::error("give two folders of PDFs (or two git revisions), not files").in_file(path)]);
    }
    awareprint::revision::build(materials, arg, scratch, &scratch.path().join(into), epoch()?)
}

/// A diff report for a person: each PDF added, removed or changed, and each changed
/// page's text diff and picture.
fn diff_text(r: &awareprint::diff::Report) -> String {
    let mut out = String::new();
    for p in &r.added {
        out += &format!("added    {}\n", p.display());
    }
    for p in &r.removed {
        out += &format!("removed  {}\n", p.display());
    }
    for c in &r.changed {
        out += &format!("changed  {}\n", c.path.display());
        for page in &c.pages {
            let picture = page.image.as_ref().map_or(String::new(), |i| format!(", see {}", i.display()));
            out += &format!("  page {}: {} pixels changed{picture}\n", page.page, page.changed_pixels);
            for line in &page.text {
                out += &format!("    {line}\n");
            }
        }
    }
    for u in &r.unreadable {
        out += &format!("cannot compare  {}: {}\n", u.path.display(), u.why);
    }
    out += &format!("{} added, {} removed, {} changed, {} unchanged\n", r.added.len(), r.removed.len(), r.changed.len(), r.unchanged);
    out
}

/// The documents selected on the command line: the plan, and problems with county
/// files that leave their editions out.
fn plan(project: &Project, select: Selection) -> Result<(Plan, Problems), Problems> {
    let Selection { county, all_counties, lang, size, profile, names } = select;
    let materials = project.select(&names)?;
    let mut problems = Vec::new();
    let editions = if all_counties {
        editions(project, &project.counties, &mut problems)
    } else if !county.is_empty() {
        editions(project, &project.select_counties(&county)?, &mut problems)
    } else {
        vec![project.statewide()]
    };
    let all_langs: std::collections::BTreeSet<&str> = project.copies.values().flatten().map(|(c, _)| c.as_str()).collect();
    for l in &lang {
        if !all_langs.contains(l.as_str()) {
            let known: Vec<&str> = all_langs.iter().copied().collect();
            let hint =
                awareprint::suggest::did_you_mean(l, known.iter().copied()).unwrap_or_else(|| format!("languages: {}", known.join(", ")));
            return Err(vec![Diagnostic::error(format!("no material has a `{l}` language file")).hint(hint)]);
        }
    }
    let langs = (!lang.is_empty()).then_some(lang);
    Ok((Plan { editions, materials, copies: project.copies.clone(), langs, size, profile, pairs: None, every_variant: false }, problems))
}

fn dispatch(command: Command) -> Result<(), Problems> {
    match command {
        Command::Build { source, output, select } => {
            let project = Project::open(&source.materials)?;
            let (plan, mut problems) = plan(&project, select)?;
            let progress = Progress::new(&output);
            let export = build::ToFolder::new(&output.out, epoch()?);
            let out = build::stream(&plan, threads(&output), &export, &|d, t| progress.tick(d, t));
            let unwritten = export.finish();
            drop(progress);
            warn(out.done.iter().flat_map(|w| w.warnings.iter().cloned()).collect());
            if !output.quiet {
                for w in out.done.iter().filter(|w| !unwritten.iter().any(|p| p.file.as_ref() == Some(&w.path))) {
                    let s = if w.pages == 1 { "" } else { "s" };
                    println!("wrote {} ({} page{s}, {} bytes)", w.path.display(), w.pages, w.bytes);
                }
            }
            problems.extend(out.problems);
            problems.extend(unwritten);
            if problems.is_empty() { Ok(()) } else { Err(problems) }
        }
        Command::Preview { source, output, select, dpi, gallery } => {
            let project = Project::open(&source.materials)?;
            let (plan, mut problems) = plan(&project, select)?;
            let progress = Progress::new(&output);
            let export = awareprint::preview::ToImages::new(&output.out, epoch()?, dpi as f64, gallery);
            let out = build::stream(&plan, threads(&output), &export, &|d, t| progress.tick(d, t));
            let unwritten = export.finish();
            drop(progress);
            warn(out.done.iter().flat_map(|w| w.warnings.iter().cloned()).collect());
            if !output.quiet {
                for w in &out.done {
                    for png in w.images.iter().filter(|p| !unwritten.iter().any(|u| u.file.as_ref() == Some(p))) {
                        println!("wrote {}", png.display());
                    }
                }
            }
            if gallery {
                let index = output.out.join("index.html");
                match awareprint::fsio::write_atomic(&index, awareprint::gallery::preview(&out.done).as_bytes()) {
                    Ok(()) if !output.quiet => println!("wrote {}", index.display()),
                    Ok(()) => {}
                    Err(e) => problems.push(Diagnostic::error(format!("cannot write: {e}")).in_file(&index)),
                }
            }
            problems.extend(out.problems);
            problems.extend(unwritten);
            if problems.is_empty() { Ok(()) } else { Err(problems) }
        }
        Command::Diff { old, new, source, out, dpi, format, fail_on_change } => {
            prepare_diff_out(&out)?;
            // Revisions are built in a private scratch folder, removed when this ends,
            // on an error, and on Ctrl+C.
            let cannot =
                |e: std::io::Error| vec![Diagnostic::error(format!("cannot make a scratch folder: {e}")).in_file(&std::env::temp_dir())];
            awareprint::scratch::remove_on_interrupt().map_err(cannot)?;
            let scratch = awareprint::scratch::Scratch::new("awareprint-diff-").map_err(cannot)?;
            let a = built(&old, &source.materials, &scratch, "old")?;
            let b = built(&new, &source.materials, &scratch, "new")?;
            let report = awareprint::diff::compare(&a, &b, &out, dpi as f64)?;
            drop(scratch);
            if !report.is_empty() {
                let index = out.join("index.html");
                awareprint::fsio::write_atomic(&index, awareprint::gallery::diff(&report, &out).as_bytes())
                    .map_err(|e| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&index)])?;
            }
            match format {
                Format::Json => {
                    let json = serde_json::to_string_pretty(&report)
                        .map_err(|e| vec![Diagnostic::error(format!("the report cannot be written as JSON: {e}"))])?;
                    println!("{json}");
                }
                Format::Text => print!("{}", diff_text(&report)),
            }
            let mut problems: Problems = report
                .unreadable
                .iter()
                .map(|u| {
                    let side = if u.side == awareprint::diff::Side::Old { &old } else { &new };
                    Diagnostic::error(format!("cannot compare: {}", u.why)).in_file(&Path::new(side).join(&u.path))
                })
                .collect();
            let n = report.added.len() + report.removed.len() + report.changed.len();
            if fail_on_change && n > 0 {
                problems.push(Diagnostic::error(format!("{n} PDFs differ (--fail-on-change)")));
            }
            if problems.is_empty() { Ok(()) } else { Err(problems) }
        }
        Command::Run { name, source, output } => {
            let project = Project::open(&source.materials)?;
            let run = printrun::load(&project, &name)?;
            let epoch = epoch()?;
            // The run is written into a staging folder as its documents are made and
            // swapped in whole: the run folder holds exactly what its manifest lists,
            // and an interrupted, failed or concurrent run leaves the previous run
            // whole or this one whole. A print run is all or nothing.
            let dir = output.out.join("runs").join(&name);
            let cannot = |e: std::io::Error, at: &Path| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(at)];
            let staging = awareprint::fsio::Staging::new(&dir).map_err(|e| cannot(e, &dir))?;
            let progress = Progress::new(&output);
            let export = printrun::ToRun { run: &run, staging: &staging, epoch };
            let out = build::stream(&run.plan(), threads(&output), &export, &|d, t| progress.tick(d, t));
            drop(progress);
            if !out.problems.is_empty() {
                return Err(out.problems);
            }
            for (file, bytes) in printrun::manifest_files(&run, &out.done) {
                staging.write(Path::new(file), &bytes).map_err(|e| cannot(e, &dir.join(file)))?;
            }
            staging.commit().map_err(|e| cannot(e, &dir))?;
            if !output.quiet {
                for f in &out.done {
                    println!("wrote {} ({} page{})", dir.join(&f.path).display(), f.pages, if f.pages == 1 { "" } else { "s" });
                }
                println!("wrote {} and order.csv ({} documents)", dir.join("manifest.json").display(), out.done.len());
            }
            Ok(())
        }
        Command::Check { source, max_age_days, strict, today, max_grade, format, out } => {
            let project = Project::open(&source.materials)?;
            let today = match today {
                Some(t) => awareprint::contacts::parse_date(&t)
                    .ok_or_else(|| vec![Diagnostic::error(format!("--today `{t}` is not a date as YYYY-MM-DD"))])?,
                None => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64 / 86_400),
            };
            let opts = check::Options { max_age_days, today, max_grade, strict, threads: build::default_threads() };
            let report = check::check(&project, &opts);
            let errors = report.errors();
            if format == Format::Text {
                for c in &report.statewide {
                    let pages = if c.pages == 1 { "1 page".to_string() } else { format!("{} pages", c.pages) };
                    println!(
                        "ok {} ({}): {pages}, smallest body text {}, reading grade {:.1}",
                        c.id, c.lang, c.smallest_body, c.reading_grade
                    );
                }
                println!(
                    "checked {} documents ({} editions x {} materials, in every language; {} layouts at every size, office and press): {errors} error{}",
                    report.documents,
                    report.editions,
                    report.materials,
                    report.layouts,
                    if errors == 1 { "" } else { "s" }
                );
                let changed = awareprint::versions::changed(&awareprint::versions::read(&out), &report.versions);
                if !changed.is_empty() {
                    let n: usize = changed.values().map(Vec::len).sum();
                    println!(
                        "{n} PDF{} in {} would print a new version code (what they print changed since they were built):",
                        if n == 1 { "" } else { "s" },
                        out.display()
                    );
                    for (edition, docs) in &changed {
                        println!("  {edition}: {}", docs.join(", "));
                    }
                }
                let (errs, warns): (Vec<_>, Vec<_>) = report.problems.into_iter().partition(|p| p.is_error());
                for w in &warns {
                    eprintln!("{w}");
                }
                if errs.is_empty() { Ok(()) } else { Err(errs) }
            } else {
                let json: Vec<serde_json::Value> = report.problems.iter().map(|p| p.to_json()).collect();
                println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
                if errors == 0 { Ok(()) } else { Err(Vec::new()) }
            }
        }
        Command::List { source } => {
            let project = Project::open(&source.materials)?;
            let mut problems = Vec::new();
            for (id, path) in &project.materials {
                match project.resolve(id, path, None) {
                    Ok(doc) => {
                        let size = doc.kind.size_label(doc.size);
                        println!("{id:<24} {:<16} {size:<8} {}", doc.kind.name, doc.title);
                    }
                    Err(p) => problems.extend(p),
                }
            }
            let ids: Vec<&str> = project.counties.iter().map(|(id, _)| id.as_str()).collect();
            println!("county editions ({}): {}", ids.len(), ids.join(" "));
            if problems.is_empty() { Ok(()) } else { Err(problems) }
        }
        Command::Serve { source, port, listen, county } => {
            let opts = awareprint::serve::Options { materials: source.materials, port, listen, county, epoch: epoch()? };
            let server = awareprint::serve::Server::bind(&opts)?;
            // Written once, errors ignored: a closed stdout (a pipe whose reader left)
            // must not stop the server.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout(),
                format!(
                    "awareprint is serving the county editor at {}\nOpen that address in your web browser: it opens the editor in one browser, once. Press Ctrl+C here to stop.\n",
                    server.url()
                )
                .as_bytes(),
            );
            if listen.is_some_and(|ip| !ip.to_canonical().is_loopback()) {
                eprintln!("warning: --listen {}: other computers on the network can open the page", server.addr.ip());
            }
            server.run()
        }
        Command::NewCounty { name, source } => {
            let (id, text) = county::starter(&name, &county::materials(&source.materials)).map_err(|m| vec![Diagnostic::error(m)])?;
            if !source.materials.is_dir() {
                return Err(vec![
                    Diagnostic::error("no such materials folder")
                        .in_file(&source.materials)
                        .hint("run from the project folder, or pass --materials DIR"),
                ]);
            }
            let path = source.materials.join(project::COUNTIES_DIR).join(format!("{id}.yaml"));
            if path.exists() {
                return Err(vec![Diagnostic::error("a county file already exists here; edit it instead").in_file(&path)]);
            }
            awareprint::fsio::write_atomic(&path, text.as_bytes())
                .map_err(|e| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&path)])?;
            println!("wrote {}: edit it, then run `awareprint build --county {id}`", path.display());
            Ok(())
        }
    }
}
