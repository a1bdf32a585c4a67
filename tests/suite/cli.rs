//! The real binary on good and bad input: exit codes, messages on stderr (asserted
//! exactly), and no PDF written for a material that fails.

use crate::common::{Awareprint, Scratch};
use std::path::PathBuf;
use std::process::Output;

/// A scratch copy of the shipped materials in a fresh folder.
struct Folder {
    dir: Scratch,
}

impl Folder {
    fn new(name: &str) -> Folder {
        Folder { dir: Scratch::with_materials(&format!("test-{name}")) }
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join("materials").join(file), text).unwrap();
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.dir.join("materials").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} contains {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn run(&self, args: &[&str]) -> Output {
        crate::common::awareprint(&self.dir, args)
    }

    /// A statewide English output file.
    fn out(&self, file: &str) -> PathBuf {
        self.dir.join("output").join("colorado").join("en").join(file)
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn build_writes_the_five_pdfs() {
    let s = Folder::new("build");
    let o = s.run(&["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let five = ["poster.pdf", "wallet-card.pdf", "parent-handout.pdf", "professional-handout.pdf", "restroom-sticker.pdf"];
    for f in five {
        let bytes = std::fs::read(s.out(f)).unwrap_or_else(|_| panic!("{f} written"));
        assert!(bytes.starts_with(b"%PDF-1.7") && bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"), "{f} is a whole PDF");
    }
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(s.out("")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(names.len(), five.len(), "{names:?}");
}

#[test]
fn malformed_yaml() {
    let s = Folder::new("malformed");
    s.write("poster.yaml", "kind: poster\nauthor: [unclosed\n");
    let o = s.run(&["build", "poster"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "error: materials/poster.yaml:2:9: expected a text\n 2 | author: [unclosed\n   |         ^\n");
    assert!(!s.out("poster.pdf").exists());
}

#[test]
fn unknown_key() {
    let s = Folder::new("unknown-key");
    s.edit("poster.yaml", "size: letter", "sise: letter");
    let o = s.run(&["build", "poster"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: materials/poster.yaml:10:1: unknown key `sise`, the keys here are kind, author, fallback, languages, size, max-pages, pictograms, blocks, front, back\n 10 | sise: letter\n    | ^\n"
    );
    assert!(!s.out("poster.pdf").exists());
}

#[test]
fn missing_contact_id() {
    let s = Folder::new("missing-contact");
    s.edit("wallet-card.yaml", "contact: co-hotline, label: hotline-label", "contact: co-hotlne, label: hotline-label");
    let o = s.run(&["build", "wallet-card"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: materials/wallet-card.yaml:10:19: unknown contact `co-hotlne`\n 10 | - call: {contact: co-hotlne, label: hotline-label}\n    |                   ^\nhint: contacts in materials/contacts.yaml: co-hotline, co-ht-hotline, cybertipline, emergency, ncmec-missing, nht-hotline\n"
    );
    assert!(!s.out("wallet-card.pdf").exists());
}

#[test]
fn text_that_cannot_fit_names_the_block_and_the_overflow() {
    let s = Folder::new("overflow");
    let long = "{known-to-child} {grooming} {social-media} {risk-factors} {any-child}";
    s.edit("poster.en.yaml", "proof: '{report-if-unsure}'", &format!("proof: '{long} {long}'"));
    let o = s.run(&["build", "--lang", "en", "poster"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // The translator's file and the text's key and line, not the structure file.
    assert!(err.starts_with("error: materials/poster.en.yaml:"), "{err}");
    assert!(err.lines().next().unwrap().contains(": body copy is "), "{err}");
    assert!(err.contains(" pt too long at the minimum size 14.0 pt\nhint: shorten the body copy of this poster\n"), "{err}");
    assert!(!s.out("poster.pdf").exists());
}

#[test]
fn a_wrong_digit_in_the_registry_stops_the_build() {
    let s = Folder::new("wrong-digit");
    s.edit("contacts.yaml", "digits: 1-844-264-5437", "digits: 1-844-264-5438");
    let o = s.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: materials/contacts.yaml:8:13: `1-844-CO-4-KIDS` spells 18442645437 on a keypad, but digits say 18442645438\n 8 |     digits: 1-844-264-5438\n   |             ^\n"
    );
    assert!(!s.dir.join("output").exists(), "nothing is written");
}

#[test]
fn a_failing_material_leaves_its_old_pdf_and_the_others_still_build() {
    let s = Folder::new("keep-old");
    std::fs::create_dir_all(s.out("")).unwrap();
    std::fs::write(s.out("poster.pdf"), b"previous build").unwrap();
    s.edit("poster.yaml", "contact: cybertipline", "contact: nobody");
    let o = s.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown contact `nobody`"));
    assert_eq!(std::fs::read(s.out("poster.pdf")).unwrap(), b"previous build");
    assert!(s.out("wallet-card.pdf").exists() && s.out("parent-handout.pdf").exists());
}

#[test]
fn binary_garbage_and_empty_files_are_errors_not_panics() {
    let s = Folder::new("garbage");
    s.write("poster.yaml", "\u{0}\u{1}garbage");
    s.write("wallet-card.yaml", "");
    let o = s.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: materials/poster.yaml:1:1: unexpected character"), "{err}");
    assert!(err.contains("error: materials/wallet-card.yaml: the file is empty"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn unknown_material_and_usage_errors() {
    let s = Folder::new("usage");
    let o = s.run(&["build", "leaflet"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: no material `leaflet` in materials\nhint: materials: bilingual-poster, parent-handout, poster, professional-handout, restroom-sticker, wallet-card\n"
    );
    let o = s.run(&["build", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let o = s.run(&["build", "--size", "huge"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_writes_nothing_and_list_lists() {
    let s = Folder::new("check");
    let o = s.run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("ok poster (en): 1 page, smallest body text"), "{out}");
    assert!(out.contains("ok poster (es): 1 page, smallest body text"), "{out}");
    assert!(!s.dir.join("output").exists());
    let o = s.run(&["list"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 7);
    assert!(out.lines().last().unwrap().starts_with("county editions (64): adams alamosa"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("wallet-card") && l.contains("3.5x2in")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("restroom-sticker") && l.contains("4x3in")), "{out}");
}

#[test]
fn help_explains_each_command() {
    let s = Folder::new("help");
    let o = s.run(&["--help"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for cmd in ["build", "check", "list"] {
        assert!(out.contains(cmd), "{out}");
    }
    let o = s.run(&["build", "--help"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for opt in ["--materials", "--out", "--size", "MATERIAL"] {
        assert!(out.contains(opt), "{out}");
    }
}

#[test]
fn check_warns_about_stale_contacts_and_strict_fails() {
    let s = Folder::new("stale");
    let o = s.run(&["check", "--today", "2026-12-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let o = s.run(&["check", "--today", "2028-01-01"]);
    assert_eq!(o.status.code(), Some(0), "warnings alone do not fail");
    let err = stderr(&o);
    assert!(
        err.starts_with("warning: materials/contacts.yaml:11:15: `co-hotline` was last verified 404 days ago (more than 365)\n"),
        "{err}"
    );
    // Six statewide contacts, Boulder's DA, and every claim (checked against its sources
    // on the same day).
    let claims = std::fs::read_to_string(s.dir.join("materials/claims.yaml")).unwrap().matches("\n  - {id: ").count();
    assert!(claims > 60, "{claims}");
    assert_eq!(err.matches("warning:").count(), 7 + claims, "{err}");
    assert!(err.contains("warning: materials/claims.yaml:"), "{err}");
    assert!(err.contains(": claim `trafficking-is-abuse` was last checked against its sources 394 days ago (more than 365)\n"), "{err}");
    let o = s.run(&["check", "--today", "2028-01-01", "--max-age-days", "500"]);
    assert_eq!(stderr(&o), "");
    let o = s.run(&["check", "--today", "2028-01-01", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: materials/contacts.yaml:11:15: `co-hotline` was last verified"));
}

#[test]
fn check_reports_reading_grade_and_smallest_size() {
    let s = Folder::new("grade");
    let o = s.run(&["check", "--today", "2026-12-01"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for line in out.lines().filter(|l| l.starts_with("ok ")) {
        assert!(line.contains("smallest body text") && line.contains("reading grade"), "{line}");
    }
    let o = s.run(&["check", "--today", "2026-12-01", "--max-grade", "3"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("warning: materials/poster.yaml: reading grade"), "{}", stderr(&o));
}

#[test]
fn check_lays_out_every_size_and_profile_a_build_can_ask_for() {
    // A headline that fits the Letter poster but not the Tabloid one (its type is
    // larger there): a plain build passes, `check` does not.
    let s = Folder::new("variants");
    let text = std::fs::read_to_string(s.dir.join("materials/poster.en.yaml")).unwrap();
    let line = text.lines().find(|l| l.starts_with("headline: ")).expect("a headline line").to_string();
    s.edit("poster.en.yaml", &line, "headline: 'Wordsinaheadlin'");
    let o = s.run(&["build", "--lang", "en", "poster"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = s.run(&["check", "--today", "2026-12-01"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let head = "error: materials/poster.en.yaml:8:11: headline: `Wordsinaheadlin` is 3.4 pt too wide for its column at 90.0 pt";
    let err = stderr(&o);
    // Found for the office and for the press at Tabloid size: said once.
    assert!(err.starts_with(&format!("{head} (at tabloid size)\n")), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("layouts at every size, office and press): 1 error"), "{out}");
    let o = s.run(&["build", "--lang", "en", "--size", "tabloid", "poster"]);
    assert_eq!(o.status.code(), Some(1), "what check refused, build refuses: {}", stderr(&o));
}

#[test]
fn the_version_code_follows_what_is_printed_and_check_says_which_codes_changed() {
    let s = Folder::new("versions");
    let o = s.run(&["build", "--county", "boulder", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recorded = std::fs::read_to_string(s.dir.join("output/versions.txt")).unwrap();
    let line = recorded.lines().find(|l| l.starts_with("boulder/en/poster.pdf\t")).expect("the poster's code recorded").to_string();
    let code = line.split('\t').nth(1).unwrap().to_string();
    assert!(code.starts_with("poster · en · boulder · ") && code.rsplit(" · ").next().unwrap().len() == 4, "{code}");
    let text = |p: &str| {
        let doc = lopdf::Document::load(s.dir.join("output").join(p)).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).unwrap()
    };
    assert!(text("boulder/en/poster.pdf").contains(code.rsplit(" · ").next().unwrap()), "the code is printed");
    // Checked again on a later date: nothing printed changed, no code changed.
    s.edit("counties/boulder.yaml", "verified: 2026-11-23", "verified: 2026-11-30");
    let o = s.run(&["check", "--today", "2026-12-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("new version code"), "{}", String::from_utf8_lossy(&o.stdout));
    // A new number, the same `revised` date: every Boulder piece that prints it gets a
    // new code, and check lists them before anything is rebuilt.
    s.edit("counties/boulder.yaml", "phone: 303-441-3700", "phone: 303-441-3701");
    let o = s.run(&["check", "--today", "2026-12-01"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("PDFs in output would print a new version code (what they print changed since they were built):\n  boulder: "),
        "{out}"
    );
    let listed = out.lines().find(|l| l.starts_with("  boulder: ")).unwrap();
    for doc in ["poster (en)", "wallet-card (en)", "parent-handout (en)", "professional-handout (en)"] {
        assert!(listed.contains(doc), "{listed}");
    }
    assert!(!out.contains("  colorado:"), "the statewide edition did not change: {out}");
    let o = s.run(&["build", "--county", "boulder", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = std::fs::read_to_string(s.dir.join("output/versions.txt")).unwrap();
    let new_code = again.lines().find(|l| l.starts_with("boulder/en/poster.pdf\t")).unwrap().split('\t').nth(1).unwrap().to_string();
    assert_ne!(new_code, code, "a new number prints a new code");
    assert!(new_code.starts_with(code.rsplit_once(" · ").unwrap().0), "same date, another fingerprint: {new_code} / {code}");
    let o = s.run(&["check", "--today", "2026-12-01"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("new version code"), "rebuilt: nothing to report");
}

#[test]
fn a_build_date_outside_1970_to_9999_and_a_county_name_with_a_line_break_are_refused() {
    let s = Folder::new("epoch");
    for (v, why) in [
        ("-1", "is before 1970"),
        ("253402300800", "is after the year 9999, which a PDF date cannot hold"),
        ("99999999999999999999999", "is after the year 9999, which a PDF date cannot hold"),
        ("1e9", "is not a number of seconds"),
        ("", "is not a number of seconds"),
    ] {
        let o = Awareprint::new(&s.dir).args(["build", "poster"]).env("SOURCE_DATE_EPOCH", v).output();
        assert_eq!(o.status.code(), Some(2), "{v}: {}", stderr(&o));
        assert!(stderr(&o).starts_with(&format!("error: SOURCE_DATE_EPOCH=`{v}` {why}\nhint: ")), "{v}: {}", stderr(&o));
        assert!(!s.dir.join("output").exists(), "{v}: nothing written");
    }
    let o = s.run(&["new-county", "Clear\nView"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "error: `Clear\\nView` does not make a county name: use letters, single spaces, hyphens, apostrophes and periods\n"
    );
    assert!(!s.dir.join("materials/counties/clear-view.yaml").exists());
}

#[test]
fn check_prints_json_for_ci() {
    let s = Folder::new("json");
    s.edit("poster.yaml", "contact: cybertipline", "contact: nobody");
    let o = s.run(&["check", "--today", "2026-12-01", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    let first = v.as_array().unwrap().iter().find(|d| d["severity"] == "error").expect("an error");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "materials/poster.yaml");
    assert_eq!(first["line"], 24);
    assert_eq!(first["column"], 17);
    assert_eq!(first["message"], "unknown contact `nobody`");
    assert_eq!(stderr(&o), "", "JSON mode prints nothing else");
}

#[test]
fn serve_refuses_an_unknown_county_and_a_port_in_use() {
    let s = Folder::new("serve");
    let o = s.run(&["serve", "--county", "nowhere"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: no county `nowhere` in materials/counties\n"), "{}", stderr(&o));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = s.run(&["serve", "--port", &port]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("error: cannot listen on 127.0.0.1 port {port}: ")) && err.contains("hint: try another --port"),
        "{err}"
    );
    let o = s.run(&["serve", "--listen", "not-an-address"]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
}
