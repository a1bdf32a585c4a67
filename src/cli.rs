//! The command line (clap derive).

use crate::model::{Profile, SizeName};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Build print-ready PDFs of child-trafficking awareness materials (posters, wallet
/// cards, handouts) from the YAML in a materials folder.
///
/// Exit status: 0 ok, 1 a problem in the input (each printed as an `error:` line with
/// file and position), 2 a usage error.
#[derive(Debug, Parser)]
#[command(name = "awareprint", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Source {
    /// Folder with contacts.yaml, one YAML file per material, counties/ and runs/.
    #[arg(long, default_value = "materials", value_name = "DIR")]
    pub materials: PathBuf,
}

#[derive(Debug, Args)]
pub struct Output {
    /// Folder the PDFs are written to (created if missing).
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Worker threads, 1 to 256 (default: one per core).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Print nothing but errors (no progress bar, no list of files).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Which documents a build or a preview makes.
#[derive(Debug, Args)]
pub struct Selection {
    /// These counties' editions, by the county file's name without .yaml:
    /// --county boulder, --county denver,boulder or --county denver --county boulder.
    #[arg(long, value_name = "COUNTY", value_delimiter = ',', value_parser = parse_name)]
    pub county: Vec<String>,
    /// The edition of every county in materials/counties/.
    #[arg(long, conflicts_with = "county")]
    pub all_counties: bool,
    /// Languages to build, e.g. --lang en,es (default: every language each
    /// material has). A bilingual poster is built when both its languages are.
    #[arg(long, value_delimiter = ',', value_name = "LANG", value_parser = parse_name)]
    pub lang: Vec<String>,
    #[arg(long, value_name = "SIZE", value_parser = parse_size, help = size_help("The file is then named MATERIAL-SIZE.pdf"))]
    pub size: Option<SizeName>,
    /// How the PDFs will be printed. `office` (the default): for a laser or inkjet
    /// printer, everything at least 1/4 in inside the paper's edge, nothing bleeds.
    /// `press`: for a print shop, posters and handouts with 1/8 in bleed, trim and
    /// bleed boxes, crop marks, PDF/X-4. Cards and stickers keep their bleed in both.
    #[arg(long, value_name = "PROFILE", value_parser = parse_profile, default_value = "office")]
    pub profile: Profile,
    /// Materials to build, by id (the file name without .yaml); all if none.
    #[arg(value_name = "MATERIAL")]
    pub names: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build PDFs into OUT/<edition>/<lang>/<material>.pdf: the statewide edition
    /// (`colorado`) unless --county or --all-counties is given, in every language
    /// unless --lang is given.
    Build {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        select: Selection,
    },
    /// Render every page of the documents a build would make to PNG images, from the
    /// PDF bytes themselves and in-process (no other program needed), into
    /// OUT/<edition>/<lang>/<material>-<page>.png, beside where the build puts the PDF;
    /// for press PDFs also the whole sheet (bleed and crop marks) as
    /// <material>-<page>-sheet.png. No PDF is written, except with --gallery (its index links each page to its PDF).
    #[command(
        mut_arg("out", |a| a.help("Folder the PNG images are written to, as OUT/<edition>/<lang>/<material>-<page>.png (created if missing)")),
        mut_arg("size", |a| a.help(size_help("The images are then named MATERIAL-SIZE-PAGE.png"))),
        mut_arg("names", |a| a.help("Materials to preview, by id (the file name without .yaml); all if none")),
        mut_arg("quiet", |a| a.help("Print nothing but errors (no progress bar, no list of images)")),
    )]
    Preview {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        select: Selection,
        /// Resolution of the images in dots per inch: 60 shows a poster as it reads
        /// from 2 m away on a screen, 150 close up (10 to 600).
        #[arg(long, default_value_t = 100, value_name = "N", value_parser = clap::value_parser!(u16).range(10..=600))]
        dpi: u16,
        /// Also write OUT/index.html: every document by edition, material and
        /// language, a thumbnail per page linking to the full page, and a link to its
        /// PDF (written too). Static files that open from disk in any browser.
        #[arg(long)]
        gallery: bool,
    },
    /// Compare two output folders (e.g. before and after a change): which PDFs were
    /// added, removed or changed, and for each changed page the text that changed and
    /// a picture of both renderings with the changed areas outlined, written under
    /// --out with an index.html that shows them. Identical inputs build identical
    /// bytes, so "unchanged" is exact.
    Diff {
        /// The folder built before the change, or a git revision of the materials
        /// (e.g. `main`, `HEAD~1`): every edition, statewide and county, in every
        /// language, is then built from it into a temporary folder.
        old: String,
        /// The folder built after it, or a git revision.
        new: String,
        #[command(flatten)]
        source: Source,
        /// Folder for the pictures of changed pages (created if missing).
        #[arg(long, default_value = "diff", value_name = "DIR")]
        out: PathBuf,
        /// Resolution of the pictures in dots per inch (10 to 300).
        #[arg(long, default_value_t = 50, value_name = "N", value_parser = clap::value_parser!(u16).range(10..=300))]
        dpi: u16,
        /// How the result is printed: `text`, or `json` for CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 when anything was added, removed or changed.
        #[arg(long)]
        fail_on_change: bool,
    },
    /// Build a print run from materials/runs/NAME.yaml into OUT/runs/NAME/: the PDFs
    /// (wallet cards imposed on sheets), manifest.json and an order sheet (CSV).
    #[command(mut_arg("out", |a| a.help("Folder the run is written to, as OUT/runs/NAME/ (created if missing)")))]
    Run {
        /// The run's name (its file name without .yaml).
        name: String,
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        output: Output,
    },
    /// Check everything and write nothing: contacts (keypad spelling, links, how long
    /// ago each was verified), references, county files, required content, text
    /// fitting, glyphs, QR codes and reading level, for every edition.
    Check {
        #[command(flatten)]
        source: Source,
        /// Warn about contacts, county web pages and claims last verified more than
        /// this many days ago.
        #[arg(long, default_value_t = 365, value_name = "DAYS")]
        max_age_days: i64,
        /// Treat warnings (stale contacts, reading level, low-resolution logos) as errors.
        #[arg(long)]
        strict: bool,
        /// The date to measure those ages from, YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Warn when a material's reading grade is above this.
        #[arg(long, default_value_t = 8.0, value_name = "GRADE")]
        max_grade: f64,
        /// How problems are printed: `text`, or `json` for CI annotations.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The folder `build` writes to: check says which PDFs built there would now
        /// print another version code (what changed since, and needs reprinting).
        #[arg(long, default_value = "output", value_name = "DIR")]
        out: PathBuf,
    },
    /// List the materials (id, kind, size, title) and the county editions.
    List {
        #[command(flatten)]
        source: Source,
    },
    /// Write a commented starter file for a county edition into
    /// materials/counties/<id>.yaml. Every Colorado county ships with its file
    /// already: this is for a county that has none (it never overwrites one).
    NewCounty {
        /// The county's name, e.g. "Mesa Verde" (the id becomes mesa-verde).
        name: String,
        #[command(flatten)]
        source: Source,
    },
    /// Open a web page where a county partner edits its county file: the county's
    /// name, local contacts, which materials show them, a logo and a local web page,
    /// each checked as you type, with a live preview of the materials. Saving writes
    /// materials/counties/<county>.yaml; "Download" gives the edition's PDFs as a zip.
    ///
    /// The page is served on this computer only (127.0.0.1) unless --listen is given.
    /// Stop it with Ctrl+C.
    Serve {
        #[command(flatten)]
        source: Source,
        /// The port to listen on (default: a free one, printed when the server starts).
        #[arg(long, default_value_t = 0, hide_default_value = true, value_name = "N")]
        port: u16,
        /// Listen on this address instead of 127.0.0.1, e.g. 0.0.0.0: other machines
        /// on the network can then open the page. Only on a network you trust.
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::IpAddr>,
        /// The county the page opens with, e.g. --county boulder.
        #[arg(long, value_name = "COUNTY")]
        county: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// A choice that is not one of `choices`: the near one suggested, else all listed.
fn unknown(what: &str, s: &str, choices: &[&str]) -> String {
    let shown: String = s.chars().take(40).flat_map(char::escape_debug).collect();
    match crate::suggest::did_you_mean(s, choices.iter().copied()) {
        Some(near) => format!("unknown {what} `{shown}`; {near} ({what}s are {})", choices.join(", ")),
        None => format!("unknown {what} `{shown}`; {what}s are {}", choices.join(", ")),
    }
}

fn parse_profile(s: &str) -> Result<Profile, String> {
    Profile::parse(s).ok_or_else(|| unknown("profile", s, &[Profile::Office.name(), Profile::Press.name()]))
}

fn parse_size(s: &str) -> Result<SizeName, String> {
    SizeName::parse(s).ok_or_else(|| unknown("size", s, &SizeName::ALL.map(SizeName::name)))
}

/// A county or language named on the command line: not empty (`--county denver,`).
fn parse_name(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("an empty name (a comma too many?)".to_string());
    }
    Ok(s.to_string())
}

/// `a, b or c` (`and` for `and`).
fn series(words: &[String], and: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// What `--size` does, from the kinds' rows: which kinds take which sizes, then
/// `named` (how the files are named).
fn size_help(named: &str) -> String {
    let plural = |k: &crate::kinds::KindSpec| format!("{}s", k.noun.strip_prefix("a ").unwrap_or(k.noun));
    let mut sized: Vec<(Vec<String>, &[SizeName])> = Vec::new();
    let mut fixed = Vec::new();
    for k in crate::kinds::KINDS {
        if let Some(trim) = k.trim_words() {
            fixed.push(format!("{} ({trim})", plural(k)));
        } else if let Some(group) = sized.iter_mut().find(|(_, sizes)| *sizes == k.sizes) {
            group.0.push(plural(k));
        } else {
            sized.push((vec![plural(k)], k.sizes));
        }
    }
    let groups: Vec<String> = sized
        .iter()
        .map(|(kinds, sizes)| {
            let sizes: Vec<String> = sizes.iter().map(|z| z.name().to_string()).collect();
            format!("{} at {}", series(kinds, "and"), series(&sizes, "or"))
        })
        .collect();
    let mut help = format!("Print at another size: {}.", groups.join("; "));
    if !fixed.is_empty() {
        let fixed = series(&fixed, "and");
        let mut first = fixed.chars();
        let fixed: String = first.next().map(|c| c.to_uppercase().chain(first).collect()).unwrap_or_default();
        help += &format!(" {fixed} have one size each and refuse --size: name the materials to resize (--size tabloid poster).");
    }
    format!("{help} {named}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_help_says_which_kinds_take_which_sizes() {
        assert_eq!(
            size_help("The file is then named MATERIAL-SIZE.pdf"),
            "Print at another size: posters and bilingual posters at letter, tabloid, a4 or a3; handouts at letter or a4. \
             Wallet cards (3.5 x 2 in) and restroom stickers (4 x 3 in) have one size each and refuse --size: name the materials \
             to resize (--size tabloid poster). The file is then named MATERIAL-SIZE.pdf"
        );
        assert_eq!(series(&[], "or"), "");
        assert_eq!(series(&["a".into()], "or"), "a");
        assert_eq!(series(&["a".into(), "b".into(), "c".into()], "or"), "a, b or c");
    }

    #[test]
    fn unknown_choices_suggest_the_near_one() {
        assert_eq!(
            parse_size("Tabloid").unwrap_err(),
            "unknown size `Tabloid`; did you mean `tabloid`? (sizes are letter, tabloid, a4, a3)"
        );
        assert_eq!(parse_size("huge").unwrap_err(), "unknown size `huge`; sizes are letter, tabloid, a4, a3");
        assert_eq!(parse_profile("ofice").unwrap_err(), "unknown profile `ofice`; did you mean `office`? (profiles are office, press)");
        assert_eq!(
            parse_size("a\u{1b}").unwrap_err(),
            "unknown size `a\\u{1b}`; did you mean `a4` or `a3`? (sizes are letter, tabloid, a4, a3)"
        );
        assert!(parse_name(" ").is_err());
        assert_eq!(parse_name("boulder").unwrap(), "boulder");
    }
}
