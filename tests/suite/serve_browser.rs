//! The county editor end to end in a real browser: Debian's chromium driven by
//! Playwright (tests/e2e/county-editor.mjs) against the real binary's `serve`.
//! Ignored by a plain `cargo test`; `.ci/run` installs chromium and node, runs `npm
//! ci` in tests/e2e and runs it (`-- --include-ignored`), and then a missing node,
//! chromium or playwright-core fails the test, never skips it. Screenshots are kept
//! in target/e2e-screenshots/.

use crate::common::{self, Awareprint, Scratch};

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The text of a PDF held in memory (written beside the scratch folder's files).
fn pdftotext_bytes(scratch: &Path, pdf: &[u8]) -> String {
    let path = scratch.join("in-memory.pdf");
    std::fs::write(&path, pdf).unwrap();
    pdftotext(&path)
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is required");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
#[ignore = "needs chromium, node, playwright-core (`npm ci` in tests/e2e) and poppler: run by .ci/run"]
fn a_partner_changes_a_number_in_the_browser_and_the_pdfs_print_it() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let e2e = root.join("tests/e2e");
    assert!(
        e2e.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci` in tests/e2e (the CI script does)"
    );
    let scratch = Scratch::empty("browser");
    let materials = scratch.join("materials");
    common::copy_dir(&common::materials_dir(), &materials);
    // A county file the form cannot read (a misspelt key), to be opened in the page.
    std::fs::write(materials.join("counties/zz-broken.yaml"), "nme: Broken County\n").unwrap();
    let logo = scratch.join("logo.png");
    let logo_png = common::png(900, 300);
    std::fs::write(&logo, &logo_png).unwrap();
    let shots = root.join("target/e2e-screenshots");
    let _ = std::fs::remove_dir_all(&shots);

    // The server, stopped when it is dropped, however the test ends; its output is
    // kept open while it runs.
    let mut server = Awareprint::new(&scratch).args(["serve", "--port", "0", "--materials"]).arg(&materials).stdout(Stdio::piped()).spawn();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).unwrap_or_else(|| panic!("an address in {line:?}"));

    let out = Command::new("node")
        .current_dir(&e2e)
        .arg("county-editor.mjs")
        .arg(url)
        .arg(&shots)
        .arg(&logo)
        .output()
        .expect("node is required (Debian: nodejs; `.ci/run` installs it)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the browser run failed:\n{stderr}");
    let seen: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    drop(server);
    drop(stdout);

    assert_eq!(
        seen["steps"],
        serde_json::json!([
            "opened",
            "boulder loaded",
            "spanish name checked",
            "wrong digit shown",
            "preview changed",
            "saved",
            "downloaded",
            "logo saved",
            "unreadable county",
            "other browser refused"
        ])
    );
    // The printed address carried a key, exchanged for a cookie the script cannot see;
    // the address bar then shows the address without it.
    assert!(url.contains("/?key=") && url.len() == url.find("key=").unwrap() + 4 + 32, "{url}");
    let opened = seen["address_after_open"].as_str().unwrap();
    assert!(opened.starts_with(&url[..url.find("?key=").unwrap()]) && !opened.contains("key="), "{opened}");
    let port = url.split(':').nth(2).unwrap().split('/').next().unwrap();
    assert_eq!(
        seen["cookies"],
        serde_json::json!([{ "name": format!("awareprint-{port}"), "httpOnly": true, "sameSite": "Strict", "hasKey": false }])
    );
    assert_eq!(seen["script_sees_cookie"], "");
    // Another browser with the same address, or none: the explanation, nothing else.
    assert_eq!(seen["second_browser"]["status"], 403);
    assert_eq!(seen["second_browser"]["forms"], 0);
    let said = |v: &serde_json::Value| v.as_str().unwrap().replace('\n', " ").trim().to_string();
    assert_eq!(said(&seen["second_browser"]["text"]), awareprint::serve::session::KEY_USED.replace('\n', " ").trim());
    assert_eq!(seen["bare_address"]["status"], 403);
    assert_eq!(said(&seen["bare_address"]["text"]), awareprint::serve::session::NOT_OPENED.replace('\n', " ").trim());
    assert_eq!(seen["stranger_api"]["status"], 403);
    assert!(!seen["stranger_api"]["body"].as_str().unwrap().contains("boulder"), "{seen}");
    assert_eq!(seen["loaded_phone"], "303-441-3700");
    assert_eq!(seen["web_labels"], serde_json::json!(["Where this address was checked", "Date checked"]));
    assert_eq!(seen["web_verified_type"], "date");
    // The county's name, a field per language; without the Spanish, the problem beside it.
    assert_eq!(seen["names"], serde_json::json!(["Boulder County", "Condado de Boulder"]));
    assert_eq!(seen["name_labels"], serde_json::json!(["Name in English", "Name in Spanish"]));
    assert!(seen["no_spanish_error"].as_str().unwrap().contains("has no Spanish (es) text"), "{seen}");
    assert_eq!(seen["no_spanish_invalid"], "true");
    assert_eq!(seen["no_spanish_beside_field"], true, "the message is right under the Spanish name");
    assert_eq!(seen["english_field_clean"], 0, "nothing beside the English name");
    assert!(seen["wrong_digit_error"].as_str().unwrap().contains("exchange 141"), "{seen}");
    assert_eq!(seen["error_beside_field"], true, "the message is right under the phone field");
    assert_eq!(seen["wrong_digit_invalid"], "true", "the field is marked invalid for screen readers");
    assert_eq!(seen["preview_changed"], true);
    assert!(seen["changes"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains("“303-441-3701”")), "{seen}");
    assert_eq!(seen["wallet_card_pages"], 2);
    assert!(seen["saved"].as_str().unwrap().starts_with("Saved"), "{seen}");
    assert_eq!(seen["changes_after_save"], 0);
    assert_eq!(seen["foreign_requests"], serde_json::json!([]), "nothing fetched from elsewhere");
    assert!(seen.get("page_errors").is_none(), "no script errors: {seen}");
    assert_eq!(seen["console_errors_before_unreadable"], serde_json::json!([]), "no console errors: {seen}");
    let console: Vec<&str> = seen["console_errors"].as_array().map(|a| a.iter().filter_map(|e| e.as_str()).collect()).unwrap_or_default();
    assert!(console.iter().all(|e| e.contains("status of 422")), "only the unreadable county's answer: {console:?}");
    assert_eq!(seen["download_name"], "awareprint-boulder-office.zip");

    // The logo's printed resolution was shown, and it was saved as uploaded.
    let logo_state = seen["logo_state"].as_str().unwrap();
    assert!(logo_state.contains("900 × 300 pixels") && logo_state.contains("pixels per inch"), "{logo_state}");
    assert_eq!(seen["logo_save_status"], 200);
    assert_eq!(std::fs::read(materials.join("counties/boulder-logo.png")).unwrap(), logo_png);
    // The unreadable county: a notice, and nothing of Boulder left to edit or save.
    assert!(seen["broken_notice"].as_str().unwrap().contains("zz-broken.yaml"), "{seen}");
    assert_eq!(seen["broken_save_disabled"], true);
    assert_eq!(seen["broken_name_focusable"], false, "the form is inert, to the keyboard too");

    // The county file holds the new number and the logo, in the starter's shape.
    let file = std::fs::read_to_string(materials.join("counties/boulder.yaml")).unwrap();
    assert!(file.contains("    phone: 303-441-3701\n") && !file.contains("3700"), "{file}");
    assert!(file.ends_with("logo: boulder-logo.png\n"), "{file}");
    assert!(file.starts_with("# The Boulder County edition."));

    // A rebuilt PDF prints it, as poppler reads it.
    let built = scratch.join("output");
    let status = Awareprint::new(&scratch)
        .args(["build", "-q", "--county", "boulder", "--materials"])
        .arg(&materials)
        .arg("--out")
        .arg(&built)
        .status();
    assert!(status.success());
    for pdf in ["boulder/en/wallet-card.pdf", "boulder/es/poster.pdf", "boulder/en-es/bilingual-poster.pdf"] {
        let text = pdftotext(&built.join(pdf));
        assert!(text.contains("303-441-3701") && !text.contains("303-441-3700"), "{pdf}: {text}");
    }
    // The download was made before the logo was saved: build makes the same wallet card
    // from the folder as it was then (the file without its logo line; the version code's
    // fingerprint covers the edition's logo).
    let then = scratch.join("at-download");
    common::copy_dir(&materials, &then);
    std::fs::remove_file(then.join("counties/boulder-logo.png")).unwrap();
    std::fs::write(then.join("counties/boulder.yaml"), file.strip_suffix("logo: boulder-logo.png\n").unwrap()).unwrap();
    let built_then = scratch.join("output-at-download");
    let status = Awareprint::new(&scratch)
        .args(["build", "-q", "--county", "boulder", "--materials"])
        .arg(&then)
        .arg("--out")
        .arg(&built_then)
        .status();
    assert!(status.success());
    let zip = std::fs::read(shots.join("download.zip")).unwrap();
    let files = awareprint::zip::read_stored(&zip).expect("the downloaded zip reads back");
    let card = &files.iter().find(|(n, _)| n == "boulder/en/wallet-card.pdf").expect("the wallet card in the zip").1;
    assert_eq!(card, &std::fs::read(built_then.join("boulder/en/wallet-card.pdf")).unwrap(), "the download is what build makes");
    assert!(pdftotext_bytes(&scratch, card).contains("303-441-3701"));
    for shot in [
        "01-boulder-opened.png",
        "01b-no-spanish-name.png",
        "02-wrong-digit.png",
        "03-new-number.png",
        "04-wallet-card.png",
        "05-saved.png",
        "06-logo.png",
        "07-unreadable-county.png",
    ] {
        let bytes = std::fs::read(shots.join(shot)).unwrap_or_else(|e| panic!("{shot}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000, "{shot} is a real screenshot");
    }
}
