//! Thin: parse the arguments, call the library, print problems once, map to exit codes
//! (0 ok, 1 a problem in the input, 2 usage).
#![forbid(unsafe_code)]

use awareprint::cli::{Cli, Command, Format, Output};
use awareprint::content::Edition;
use awareprint::diag::{Diagnostic, Problems};
use awareprint::run::{self, Built, Plan, Project};
use awareprint::{county, printrun};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
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

fn epoch() -> Result<i64, Problems> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse().map_err(|_| vec![Diagnostic::error(format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"))]),
        Err(_) => Ok(run::DEFAULT_EPOCH),
    }
}

/// A progress bar on a terminal; nothing otherwise.
fn progress(total: usize, output: &Output) -> Option<ProgressBar> {
    if output.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}").unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}

fn build_with_progress(plan: &Plan, output: &Output) -> Result<run::Outcome, Problems> {
    let total = plan.editions.len() * plan.materials.len();
    let bar = progress(total, output);
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let outcome = run::build_plan(plan, output.jobs.map_or_else(run::default_threads, usize::from).max(1), epoch()?, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(outcome)
}

/// Print the warnings of built documents (they do not change the exit status).
fn warn(built: &[Built]) {
    for w in awareprint::diag::merge(built.iter().flat_map(|b| b.warnings.iter().cloned()).collect()) {
        eprintln!("{w}");
    }
}

/// Write every built file under `dir`; report each unless quiet.
fn write_all(dir: &Path, built: &[Built], quiet: bool, problems: &mut Problems) {
    warn(built);
    for b in built {
        let path = dir.join(&b.path);
        match run::write_atomic(&path, &b.bytes) {
            Ok(()) if !quiet => {
                println!("wrote {} ({} page{}, {} bytes)", path.display(), b.pages, if b.pages == 1 { "" } else { "s" }, b.bytes.len())
            }
            Ok(()) => {}
            Err(e) => problems.push(Diagnostic::error(format!("cannot write: {e}")).in_file(&path)),
        }
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

fn dispatch(command: Command) -> Result<(), Problems> {
    match command {
        Command::Build { source, output, county, all_counties, lang, size, names } => {
            let project = Project::open(&source.materials)?;
            let materials = project.select(&names)?;
            let mut problems = Vec::new();
            let editions = if all_counties {
                editions(&project, &project.counties, &mut problems)
            } else if !county.is_empty() {
                editions(&project, &project.select_counties(&county)?, &mut problems)
            } else {
                vec![Edition::statewide(&project.registry)]
            };
            let all_langs: std::collections::BTreeSet<&str> = project.copies.values().flatten().map(|(c, _)| c.as_str()).collect();
            for l in &lang {
                if !all_langs.contains(l.as_str()) {
                    let known: Vec<&str> = all_langs.iter().copied().collect();
                    return Err(vec![
                        Diagnostic::error(format!("no material has a `{l}` language file"))
                            .hint(format!("languages: {}", known.join(", "))),
                    ]);
                }
            }
            let langs = (!lang.is_empty()).then_some(lang);
            let plan = Plan { editions, materials, copies: project.copies.clone(), langs, size, pairs: None };
            let outcome = build_with_progress(&plan, &output)?;
            problems.extend(outcome.problems);
            write_all(&output.out, &outcome.built, output.quiet, &mut problems);
            if problems.is_empty() { Ok(()) } else { Err(problems) }
        }
        Command::Run { name, source, output } => {
            let project = Project::open(&source.materials)?;
            let run = printrun::load(&project, &name)?;
            let outcome = build_with_progress(&run.plan(), &output)?;
            if !outcome.problems.is_empty() {
                // A print run is all or nothing: the shop gets a complete set or none.
                return Err(outcome.problems);
            }
            warn(&outcome.built);
            let files = printrun::assemble(&run, &outcome.built, epoch()?)?;
            // The run is written into a staging folder and swapped in whole: the run
            // folder holds exactly what its manifest lists, and an interrupted or
            // concurrent run leaves the previous run whole or this one whole.
            let dir = output.out.join("runs").join(&name);
            let cannot = |e: std::io::Error, at: &Path| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(at)];
            let staging = awareprint::fsio::Staging::new(&dir).map_err(|e| cannot(e, &dir))?;
            for f in &files {
                staging.write(&f.path, &f.bytes).map_err(|e| cannot(e, &dir.join(&f.path)))?;
            }
            staging.commit().map_err(|e| cannot(e, &dir))?;
            if !output.quiet {
                for f in &files {
                    println!("wrote {} ({} bytes)", dir.join(&f.path).display(), f.bytes.len());
                }
            }
            Ok(())
        }
        Command::Check { source, max_age_days, strict, today, max_grade, format } => {
            let project = Project::open(&source.materials)?;
            let mut problems = Vec::new();
            let mut all = vec![Edition::statewide(&project.registry)];
            all.extend(editions(&project, &project.counties, &mut problems));
            let plan = Plan {
                editions: all,
                materials: project.materials.clone(),
                copies: project.copies.clone(),
                langs: None,
                size: None,
                pairs: None,
            };
            let outcome = run::build_plan(&plan, run::default_threads(), run::DEFAULT_EPOCH, &|| {});
            let text = format == Format::Text;
            for b in outcome.built.iter().filter(|b| b.edition == awareprint::content::STATEWIDE) {
                if text {
                    let pages = if b.pages == 1 { "1 page".to_string() } else { format!("{} pages", b.pages) };
                    println!(
                        "ok {} ({}): {pages}, smallest body text {}, reading grade {:.1}",
                        b.id, b.lang, b.smallest_body, b.reading_grade
                    );
                }
                if b.reading_grade > max_grade {
                    let msg = format!("reading grade {:.1} in {} is above {max_grade}", b.reading_grade, b.lang);
                    problems.push(Diagnostic::warning(msg).in_file(&b.file).hint("shorter sentences and shorter words lower it"));
                }
            }
            problems.extend(outcome.built.iter().flat_map(|b| b.warnings.iter().cloned()));
            let today = match today {
                Some(t) => awareprint::contacts::parse_date(&t)
                    .ok_or_else(|| vec![Diagnostic::error(format!("--today `{t}` is not a date as YYYY-MM-DD"))])?,
                None => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64 / 86_400),
            };
            problems.extend(project.stale_contacts(today, max_age_days));
            // A local contact shown on a material built in Spanish (or another language)
            // should say its name and label in that language too.
            for e in plan.editions.iter().filter(|e| e.file.is_some()) {
                let mut warned = std::collections::BTreeSet::new();
                for (material, contacts) in &e.show {
                    let langs: Vec<String> =
                        project.copies.get(material).map(|l| l.iter().map(|(c, _)| c.clone()).collect()).unwrap_or_default();
                    for c in contacts {
                        for lang in c.untranslated(&langs) {
                            if warned.insert((c.id.clone(), lang.clone())) {
                                let file = e.file.as_deref().unwrap_or(std::path::Path::new("."));
                                problems.push(
                                    Diagnostic::warning(format!(
                                        "local contact `{}` has no {lang} name or label; the {lang} edition prints `{}`",
                                        c.id,
                                        c.callout_in(&lang)
                                    ))
                                    .in_file(file)
                                    .hint(format!("give it per language, e.g. `name: {{en: {}, {lang}: ...}}`", c.name)),
                                );
                            }
                        }
                    }
                }
            }
            problems.extend(outcome.problems);
            let mut problems = awareprint::diag::merge(problems);
            if strict {
                problems.iter_mut().for_each(|p| p.severity = awareprint::diag::Severity::Error);
            }
            let total = plan.editions.len() * plan.materials.len();
            let errors = problems.iter().filter(|p| p.is_error()).count();
            if text {
                println!(
                    "checked {total} documents ({} editions x {} materials): {errors} error{}",
                    plan.editions.len(),
                    plan.materials.len(),
                    if errors == 1 { "" } else { "s" }
                );
                let (errs, warns): (Vec<_>, Vec<_>) = problems.into_iter().partition(|p| p.is_error());
                for w in &warns {
                    eprintln!("{w}");
                }
                if errs.is_empty() { Ok(()) } else { Err(errs) }
            } else {
                let json: Vec<serde_json::Value> = problems.iter().map(|p| p.to_json()).collect();
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
        Command::NewCounty { name, source } => {
            let (id, text) = county::starter(&name).map_err(|m| vec![Diagnostic::error(m)])?;
            if !source.materials.is_dir() {
                return Err(vec![
                    Diagnostic::error("no such materials folder")
                        .in_file(&source.materials)
                        .hint("run from the project folder, or pass --materials DIR"),
                ]);
            }
            let path = source.materials.join(run::COUNTIES_DIR).join(format!("{id}.yaml"));
            if path.exists() {
                return Err(vec![Diagnostic::error("a county file already exists here; edit it instead").in_file(&path)]);
            }
            run::write_atomic(&path, text.as_bytes()).map_err(|e| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&path)])?;
            println!("wrote {}: edit it, then run `awareprint build --county {id}`", path.display());
            Ok(())
        }
    }
}
