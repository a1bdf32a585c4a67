//! Thin: parse the arguments, call the library, print problems once, map to exit codes
//! (0 ok, 1 a problem in the input, 2 usage).
#![forbid(unsafe_code)]

use awareprint::cli::{Cli, Command};
use awareprint::diag::Diagnostic;
use awareprint::run::{self, Project};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            ExitCode::from(1)
        }
    }
}

fn epoch() -> Result<i64, Vec<Diagnostic>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse().map_err(|_| vec![Diagnostic::error(format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"))]),
        Err(_) => Ok(run::DEFAULT_EPOCH),
    }
}

fn dispatch(command: Command) -> Result<(), Vec<Diagnostic>> {
    match command {
        Command::Build { materials, out, size, quiet, names } => {
            let project = Project::open(&materials)?;
            let selected = project.select(&names)?;
            let outcome = run::build_all(&project, &selected, size, epoch()?);
            let mut problems = outcome.problems;
            for b in &outcome.built {
                let path = out.join(&b.file_name);
                match run::write_atomic(&path, &b.bytes) {
                    Ok(()) if !quiet => println!(
                        "wrote {} ({} page{}, {} bytes)",
                        path.display(),
                        b.pages,
                        if b.pages == 1 { "" } else { "s" },
                        b.bytes.len()
                    ),
                    Ok(()) => {}
                    Err(e) => problems.push(Diagnostic::error(format!("cannot write: {e}")).in_file(&path)),
                }
            }
            if problems.is_empty() { Ok(()) } else { Err(problems) }
        }
        Command::Check { materials } => {
            let project = Project::open(&materials)?;
            let outcome = run::build_all(&project, &project.materials, None, run::DEFAULT_EPOCH);
            for b in &outcome.built {
                println!("ok {}: {} page{}, smallest body text {}", b.id, b.pages, if b.pages == 1 { "" } else { "s" }, b.smallest_body);
            }
            if outcome.problems.is_empty() { Ok(()) } else { Err(outcome.problems) }
        }
        Command::List { materials } => {
            let project = Project::open(&materials)?;
            let mut problems = Vec::new();
            for (id, path) in &project.materials {
                match project.resolve(id, path, None) {
                    Ok(doc) => {
                        let size = if doc.kind == awareprint::model::Kind::WalletCard { "3.5x2in" } else { doc.size.name() };
                        println!("{id:<24} {:<12} {size:<8} {}", doc.kind.name(), doc.title);
                    }
                    Err(p) => problems.extend(p),
                }
            }
            if problems.is_empty() { Ok(()) } else { Err(problems) }
        }
    }
}
