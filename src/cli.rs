//! The command line (clap derive).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Build print-ready PDFs of child-trafficking awareness materials (posters, wallet
/// cards, handouts) from the YAML in a materials folder.
#[derive(Debug, Parser)]
#[command(name = "awareprint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build PDFs of the named materials (all of them if none is named) into the output folder.
    Build {
        /// Folder with contacts.yaml and one YAML file per material.
        #[arg(long, default_value = "materials", value_name = "DIR")]
        materials: PathBuf,
        /// Folder the PDFs are written to (created if missing).
        #[arg(long, default_value = "output", value_name = "DIR")]
        out: PathBuf,
        /// Print posters or handouts at another size: letter, tabloid, a4 or a3.
        /// The file is then named MATERIAL-SIZE.pdf.
        #[arg(long, value_name = "SIZE", value_parser = parse_size)]
        size: Option<crate::model::SizeName>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Materials to build, by id (the file name without .yaml).
        #[arg(value_name = "MATERIAL")]
        names: Vec<String>,
    },
    /// Check every material (contacts, references, text fitting) and write nothing.
    Check {
        #[arg(long, default_value = "materials", value_name = "DIR")]
        materials: PathBuf,
    },
    /// List the materials: id, kind, size and title.
    List {
        #[arg(long, default_value = "materials", value_name = "DIR")]
        materials: PathBuf,
    },
}

fn parse_size(s: &str) -> Result<crate::model::SizeName, String> {
    crate::model::SizeName::parse(s).ok_or_else(|| format!("unknown size `{s}`; sizes are letter, tabloid, a4, a3"))
}
