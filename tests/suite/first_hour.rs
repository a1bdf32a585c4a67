//! A new user's first hour (issue 24), through the real binary: the near match for
//! a misspelt name, `--county` with commas, the YAML pitfalls (a tab, a list item
//! indented into the one before) as errors at their line in plain words with nothing
//! written, and the `new-county` starter's list of materials and folders.

use crate::common::{awareprint, copy_dir};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A copy of the shipped materials in a temporary folder (removed when dropped).
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Copy {
        let dir = tempfile::Builder::new().prefix("awareprint-first-hour-").tempdir().unwrap();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("materials"), &dir.path().join("materials"));
        Copy { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn run(&self, args: &[&str]) -> Output {
        awareprint(self.dir.path(), args)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replace the one occurrence of `from` in materials/`rel` with `to`.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path(&format!("materials/{rel}"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{rel}: `{from}`");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }

    /// The PDFs under output/, relative to it.
    fn written(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self.path("output")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else if e.path().extension().is_some_and(|x| x == "pdf") {
                    out.push(e.path().strip_prefix(self.path("output")).unwrap().display().to_string());
                }
            }
        }
        out.sort();
        out
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// The 1-based number of the line of materials/`rel` that is `line`.
fn line_of(c: &Copy, rel: &str, line: &str) -> usize {
    c.read(&format!("materials/{rel}")).lines().position(|l| l == line).unwrap() + 1
}

#[test]
fn a_misspelt_or_capitalised_name_gets_the_near_one() {
    let c = Copy::new();
    for (args, hint) in [
        (
            &["build", "--county", "bouldr", "poster"][..],
            "error: no county `bouldr` in materials/counties\nhint: did you mean `boulder`?\n",
        ),
        (&["build", "--county", "Boulder", "poster"], "error: no county `Boulder` in materials/counties\nhint: did you mean `boulder`?\n"),
        (&["build", "--county", "El Paso", "poster"], "error: no county `El Paso` in materials/counties\nhint: did you mean `el-paso`?\n"),
        (&["preview", "--county", "denvr"], "error: no county `denvr` in materials/counties\nhint: did you mean `denver`?\n"),
        (&["serve", "--county", "bouldr"], "error: no county `bouldr` in materials/counties\nhint: did you mean `boulder`?\n"),
        (&["build", "postr"], "error: no material `postr` in materials\nhint: did you mean `poster`?\n"),
        (&["build", "Wallet-Card"], "error: no material `Wallet-Card` in materials\nhint: did you mean `wallet-card`?\n"),
        (&["preview", "restroom-stiker"], "error: no material `restroom-stiker` in materials\nhint: did you mean `restroom-sticker`?\n"),
        (&["build", "--lang", "ES", "poster"], "error: no material has a `ES` language file\nhint: did you mean `es`?\n"),
        (
            &["run", "statewide2027"],
            "error: materials/runs/statewide2027.yaml: no print run `statewide2027`\nhint: did you mean `statewide-2027`?\n",
        ),
        // Nothing near: the choices as before.
        (
            &["build", "--county", "atlantis"],
            "error: no county `atlantis` in materials/counties\nhint: 64 county files, e.g. adams, alamosa, arapahoe, archuleta, baca, bent\n",
        ),
        (&["build", "--lang", "fr"], "error: no material has a `fr` language file\nhint: languages: en, es\n"),
    ] {
        let o = c.run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), hint, "{args:?}");
    }
    assert!(c.written().is_empty(), "{:?}", c.written());

    // Sizes and profiles are checked as the command line is read: usage errors (2).
    let o = c.run(&["build", "--size", "tabliod"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "error: invalid value 'tabliod' for '--size <SIZE>': unknown size `tabliod`; did you mean `tabloid`? (sizes are letter, tabloid, a4, a3)\n"
        ),
        "{}",
        stderr(&o)
    );
    let o = c.run(&["preview", "--profile", "Press"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown profile `Press`; did you mean `press`? (profiles are office, press)"), "{}", stderr(&o));
    let o = c.run(&["build", "--size", "huge"]);
    assert!(stderr(&o).contains("unknown size `huge`; sizes are letter, tabloid, a4, a3\n"), "{}", stderr(&o));
    assert!(c.written().is_empty());
}

#[test]
fn a_run_file_gets_the_near_material_language_and_edition() {
    let c = Copy::new();
    std::fs::write(
        c.path("materials/runs/typo.yaml"),
        "items:\n  - material: walet-card\n    quantity: 10\n  - material: poster\n    editions: [bouldr]\n    languages: [ES]\n    quantity: 10\n",
    )
    .unwrap();
    let o = c.run(&["run", "typo"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: materials/runs/typo.yaml:2:15: no material `walet-card`\n 2 |   - material: walet-card\n   |               ^\nhint: did you mean `wallet-card`?\n\
         error: materials/runs/typo.yaml:6:17: `poster` has no `ES` language\n 6 |     languages: [ES]\n   |                 ^\nhint: did you mean `es`?\n\
         error: materials/runs/typo.yaml:5:16: no county edition `bouldr`\n 5 |     editions: [bouldr]\n   |                ^\nhint: did you mean `boulder`?\n\
         3 errors\n"
    );
    assert!(c.written().is_empty());
}

#[test]
fn county_takes_commas_and_repeats() {
    let c = Copy::new();
    let o = c.run(&["build", "-q", "--county", "denver,boulder", "--county", "adams", "--lang", "en", "restroom-sticker"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(c.written(), ["adams/en/restroom-sticker.pdf", "boulder/en/restroom-sticker.pdf", "denver/en/restroom-sticker.pdf"]);
    // Named twice: built once. A comma too many: a usage error.
    let o = c.run(&["build", "--county", "boulder,boulder", "--lang", "es", "restroom-sticker"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1, "{}", String::from_utf8_lossy(&o.stdout));
    let o = c.run(&["build", "--county", "boulder,", "poster"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: invalid value '' for '--county <COUNTY>': an empty name (a comma too many?)\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_tab_at_the_start_of_a_line_is_an_error_at_that_line() {
    let c = Copy::new();
    let n = line_of(&c, "counties/boulder.yaml", "  es: Condado de Boulder");
    c.edit("counties/boulder.yaml", "\n  es: Condado de Boulder\n", "\n\tes: Condado de Boulder\n");
    let expected = format!(
        "error: materials/counties/boulder.yaml:{n}:1: line {n} starts with a tab; YAML indents with spaces only: replace the tab with spaces\n \
         {n} | \tes: Condado de Boulder\n   | ^\n"
    );
    let o = c.run(&["build", "--county", "boulder", "poster"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), expected);
    assert!(c.written().is_empty(), "{:?}", c.written());
    let o = c.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with(&expected), "{}", stderr(&o));

    // After spaces, in a language file: the tab's own column.
    let c = Copy::new();
    let n = line_of(&c, "poster.en.yaml", "title: '{trafficking-is-abuse} You can help stop it.'");
    c.edit("poster.en.yaml", "\ntitle: '{trafficking", "\n  \ttitle: '{trafficking");
    let o = c.run(&["build", "poster"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!(
            "error: materials/poster.en.yaml:{n}:3: line {n} indents with a tab after 2 spaces; YAML indents with spaces only: replace the tab with spaces\n"
        )),
        "{}",
        stderr(&o)
    );
    assert!(c.written().is_empty(), "{:?}", c.written());
}

#[test]
fn a_list_item_indented_into_the_one_before_is_an_error_never_one_item() {
    let c = Copy::new();
    let item = "- '{report-if-unsure} Write down what you saw and heard.'";
    let n = line_of(&c, "parent-handout.en.yaml", item);
    c.edit("parent-handout.en.yaml", &format!("\n{item}\n"), "\n  - Write down what you saw and heard.\n");
    let o = c.run(&["build", "--lang", "en", "parent-handout"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: materials/parent-handout.en.yaml:{n}:3: worried[0]: line {n} starts a list item (`- `) inside the text above it: it is indented more than the items around it, so YAML reads the two as one text\n \
             {n} |   - Write down what you saw and heard.\n    |   ^\n\
             hint: indent its `-` as far as the other items' (or, if the dash belongs to the text, put the whole text in quotes)\n"
        )
    );
    assert!(c.written().is_empty(), "{:?}", c.written());

    // In a county file: a contact's `show` list.
    let c = Copy::new();
    c.edit("counties/boulder.yaml", "  wallet-card: [boulder-da]\n", "  wallet-card:\n    - boulder-da\n      - boulder-da\n");
    let n = line_of(&c, "counties/boulder.yaml", "      - boulder-da");
    let o = c.run(&["build", "--county", "boulder", "wallet-card"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!("error: materials/counties/boulder.yaml:{n}:7: show.wallet-card[0]: line {n} starts a list item")),
        "{}",
        stderr(&o)
    );
    assert!(c.written().is_empty(), "{:?}", c.written());
}

#[test]
fn the_shipped_materials_check_clean() {
    // The multi-line texts the shipped files use (folded blocks, wrapped plain text)
    // still load under both checks.
    let c = Copy::new();
    let o = c.run(&["check", "--today", "2026-12-03"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

#[test]
fn the_new_county_starter_names_every_material_and_folder() {
    let c = Copy::new();
    let o = c.run(&["new-county", "Mesa Verde"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "wrote materials/counties/mesa-verde.yaml: edit it, then run `awareprint build --county mesa-verde`\n"
    );
    let text = c.read("materials/counties/mesa-verde.yaml");
    let comments: String = text.lines().filter_map(|l| l.strip_prefix("# ")).collect::<Vec<_>>().join(" ");
    assert!(comments.contains("restroom-sticker"), "{text}");
    assert!(comments.contains("restroom-sticker for none."), "{text}");
    let folders = "Your PDFs appear in output/mesa-verde/en/ (English), output/mesa-verde/es/ (Spanish) and output/mesa-verde/en-es/ (English and Spanish, on one piece).";
    assert!(comments.contains(folders), "{text}");
    // What it says is what a build of it does.
    let o = c.run(&["build", "-q", "--county", "mesa-verde"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut folders: Vec<String> = c.written().iter().map(|f| f.rsplit_once('/').unwrap().0.to_string()).collect();
    folders.sort();
    folders.dedup();
    assert_eq!(folders, ["mesa-verde/en", "mesa-verde/en-es", "mesa-verde/es"]);
    assert_eq!(c.written().len(), 11, "{:?}", c.written());
    assert!(c.written().contains(&"mesa-verde/es/restroom-sticker.pdf".to_string()));
}

#[test]
fn help_texts_say_what_each_command_does() {
    let c = Copy::new();
    let help = |cmd: &str| String::from_utf8_lossy(&c.run(&[cmd, "--help"]).stdout).to_string();
    let preview = help("preview");
    assert!(
        preview.contains("--out <DIR>          Folder the PNG images are written to, as OUT/<edition>/<lang>/<material>-<page>.png"),
        "{preview}"
    );
    assert!(preview.contains("The images are then named MATERIAL-SIZE-PAGE.png"), "{preview}");
    assert!(preview.contains("Materials to preview"), "{preview}");
    assert!(!preview.contains("Folder the PDFs are written to") && !preview.contains("MATERIAL-SIZE.pdf"), "{preview}");
    let build = help("build");
    assert!(build.contains("Folder the PDFs are written to") && build.contains("MATERIAL-SIZE.pdf"), "{build}");
    assert!(build.contains("handouts at letter or a4."), "{build}");
    assert!(!build.contains("Print posters or handouts at another size: letter, tabloid"), "{build}");
    assert!(build.contains("--county denver,boulder"), "{build}");
    let serve = help("serve");
    let port: String = serve.lines().skip_while(|l| !l.contains("--port")).take_while(|l| !l.contains("--listen")).collect();
    assert_eq!(port.matches("default").count(), 1, "{serve}");
    assert!(!port.contains("[default: 0]"), "{serve}");
    let check = help("check");
    for opt in ["--max-age-days", "--strict", "--today", "--max-grade", "--format", "--out"] {
        assert!(check.contains(opt), "{check}");
    }
}
