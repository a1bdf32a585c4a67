//! `awareprint diff`: a change to one contact's number shows exactly the documents
//! that print it, with the changed text and the changed pixels outlined; a change to
//! nothing shows nothing.

mod common;
use common::{Pdf, copy_dir, materials_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn awareprint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_awareprint")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

/// The statewide and Boulder editions of `materials` built into `out`.
fn build(dir: &Path, materials: &str, out: &str) {
    for extra in [&[][..], &["--county", "boulder"][..]] {
        let mut args = vec!["build", "-q", "--materials", materials, "--out", out];
        args.extend(extra);
        let o = awareprint(dir, &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

/// The PDFs under `dir`, relative to it.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    common::pdfs_in(dir).into_iter().map(|p| p.strip_prefix(dir).unwrap().to_path_buf()).collect()
}

#[test]
fn a_changed_number_shows_in_exactly_the_documents_that_print_it() {
    let dir = std::env::temp_dir().join(format!("awareprint-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&materials_dir(), &dir.join("materials"));
    build(&dir, "materials", "old");
    let county = dir.join("materials/counties/boulder.yaml");
    let text = std::fs::read_to_string(&county).unwrap();
    assert!(text.contains("phone: 303-441-3700"));
    std::fs::write(&county, text.replace("phone: 303-441-3700", "phone: 303-441-3701")).unwrap();
    build(&dir, "materials", "new");

    // The documents that print the old number, found by reading their text.
    let prints: Vec<PathBuf> = pdfs(&dir.join("old"))
        .into_iter()
        .filter(|p| Pdf::parse(&std::fs::read(dir.join("old").join(p)).unwrap()).text().contains("303-441-3700"))
        .collect();
    assert!(prints.len() >= 5, "{prints:?}");

    let o = awareprint(&dir, &["diff", "old", "new", "--out", "pictures", "--format", "json", "--fail-on-change"]);
    assert_eq!(o.status.code(), Some(1), "changes with --fail-on-change");
    assert_eq!(String::from_utf8_lossy(&o.stderr).trim(), format!("error: {} PDFs differ (--fail-on-change)", prints.len()));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let changed: Vec<PathBuf> = report["changed"].as_array().unwrap().iter().map(|c| PathBuf::from(c["path"].as_str().unwrap())).collect();
    assert_eq!(changed, prints, "exactly the documents that print the number");
    assert_eq!(report["unchanged"].as_u64().unwrap() as usize, pdfs(&dir.join("old")).len() - prints.len());
    for c in report["changed"].as_array().unwrap() {
        let mut number_seen = false;
        for page in c["pages"].as_array().unwrap() {
            let text: Vec<&str> = page["text"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
            number_seen |= text.contains(&"-303-441-3700") && text.contains(&"+303-441-3701");
            // Besides the number, only the version code changes: its fingerprint
            // follows what the piece prints.
            assert!(
                !text
                    .iter()
                    .any(|l| (l.starts_with('-') || l.starts_with('+')) && !l.contains("303-441-370") && !l.contains(" · boulder · ")),
                "only the number and the version code: {text:?}"
            );
            // The changed areas are small (the number's last digits, the code's
            // fingerprint), and pictured.
            let areas = page["areas"].as_array().unwrap();
            assert!(!areas.is_empty() && areas.len() <= 3, "{areas:?}");
            let picture = dir.join(page["image"].as_str().unwrap());
            let info = png::Decoder::new(std::io::Cursor::new(std::fs::read(&picture).unwrap())).read_info().unwrap().info().clone();
            assert!(info.width > info.height, "old and new side by side");
        }
        assert!(number_seen, "{}: the number's change is shown", c["path"]);
    }

    // The gallery of the diff shows each changed page's picture and its text diff.
    let html = std::fs::read_to_string(dir.join("pictures/index.html")).unwrap();
    for c in report["changed"].as_array().unwrap() {
        for page in c["pages"].as_array().unwrap() {
            let picture = page["image"].as_str().unwrap().strip_prefix("pictures/").unwrap();
            assert!(html.contains(&format!("src=\"{picture}\"")), "{picture} in the gallery");
        }
    }
    assert!(html.contains("<span class=\"del\">-303-441-3700</span>") && html.contains("<span class=\"ins\">+303-441-3701</span>"));

    // Nothing changed: nothing reported, exit 0 even with --fail-on-change.
    let o = awareprint(&dir, &["diff", "old", "old", "--out", "pictures-same", "--fail-on-change"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("0 added, 0 removed, 0 changed, {} unchanged", pdfs(&dir.join("old")).len())
    );
    assert!(!dir.join("pictures-same").exists(), "no pictures for no change");

    // A document only on one side.
    std::fs::remove_file(dir.join("new/colorado/en/poster.pdf")).unwrap();
    let o = awareprint(&dir, &["diff", "old", "new", "--out", "pictures"]);
    assert_eq!(o.status.code(), Some(0), "without --fail-on-change a change is not a failure");
    assert!(String::from_utf8_lossy(&o.stdout).contains("removed  colorado/en/poster.pdf"));

    // A folder that is not there.
    let o = awareprint(&dir, &["diff", "old", "nowhere"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).starts_with("error: `nowhere` is neither a folder nor a git revision"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(dir);
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn two_git_revisions_of_the_materials_are_built_and_compared() {
    let dir = std::env::temp_dir().join(format!("awareprint-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&materials_dir(), &dir.join("materials"));
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "materials"]);
    git(&dir, &["commit", "-q", "-m", "before"]);
    let county = dir.join("materials/counties/boulder.yaml");
    let text = std::fs::read_to_string(&county).unwrap();
    std::fs::write(&county, text.replace("phone: 303-441-3700", "phone: 303-441-3701")).unwrap();
    git(&dir, &["commit", "-q", "-am", "after"]);

    let o = awareprint(&dir, &["diff", "HEAD~1", "HEAD", "--format", "json", "--out", "pictures"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changed: Vec<&str> = report["changed"].as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    // Boulder's documents that show the contact (the sticker does not), no other edition.
    assert_eq!(changed.len(), 9, "{changed:?}");
    assert!(changed.iter().all(|p| p.starts_with("boulder/") && !p.contains("sticker")), "{changed:?}");
    // Every edition was built: 65 editions' documents compared.
    assert!(report["unchanged"].as_u64().unwrap() > 600, "{}", report["unchanged"]);

    // The same revision twice: nothing.
    let o = awareprint(&dir, &["diff", "HEAD", "HEAD", "--fail-on-change"]);
    assert_eq!(o.status.code(), Some(0));
    // Neither a folder nor a revision.
    let o = awareprint(&dir, &["diff", "no-such-rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: `no-such-rev` is neither a folder nor a git revision of materials: no such revision"), "{err}");
    // The working tree was not touched.
    assert!(std::fs::read_to_string(&county).unwrap().contains("303-441-3701"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_colour_change_is_pictured_and_a_bad_file_or_folder_is_reported_not_skipped() {
    let dir = std::env::temp_dir().join(format!("awareprint-diff-edge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&materials_dir(), &dir.join("materials"));
    let statewide = |out: &str| {
        let o = awareprint(&dir, &["build", "-q", "--materials", "materials", "--out", out]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    statewide("old");
    // A darker brand colour: no text changes, every page with the band changes a little.
    let identity = dir.join("materials/identity.yaml");
    let text = std::fs::read_to_string(&identity).unwrap();
    std::fs::write(&identity, text.replace("brand: [90, 30, 45, 35]", "brand: [90, 30, 45, 55]")).unwrap();
    statewide("new");
    let o = awareprint(&dir, &["diff", "old", "new", "--out", "pictures", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changed = report["changed"].as_array().unwrap();
    assert_eq!(changed.len(), pdfs(&dir.join("old")).len(), "every document has the brand colour");
    for c in changed {
        let pages = c["pages"].as_array().unwrap();
        assert!(!pages.is_empty() && pages.iter().all(|p| !p["areas"].as_array().unwrap().is_empty()), "{}: pictured", c["path"]);
    }

    // The same --out again: the earlier pictures are cleared, not left to mislead.
    std::fs::copy(dir.join("new/colorado/en/poster.pdf"), dir.join("old/colorado/en/poster.pdf")).unwrap();
    let o = awareprint(&dir, &["diff", "old", "new", "--out", "pictures"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!dir.join("pictures/colorado/en/poster-1-diff.png").exists(), "a stale picture");
    // An --out holding other files, or a file, is refused.
    std::fs::write(dir.join("pictures/notes.txt"), "mine").unwrap();
    assert_eq!(awareprint(&dir, &["diff", "old", "new", "--out", "pictures"]).status.code(), Some(1));
    assert!(dir.join("pictures/notes.txt").exists(), "nothing of the user's removed");
    assert_eq!(awareprint(&dir, &["diff", "old", "new", "--out", "pictures/notes.txt"]).status.code(), Some(1));

    // A PDF that cannot be read: reported with the rest, exit 1.
    std::fs::write(dir.join("new/colorado/en/wallet-card.pdf"), b"%PDF-1.6\ntruncated").unwrap();
    // A link back up the tree: not followed.
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", dir.join("new/colorado/loop")).unwrap();
    let o = awareprint(&dir, &["diff", "old", "new", "--out", "more", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["unreadable"][0]["path"], "colorado/en/wallet-card.pdf", "{report}");
    assert!(report["changed"].as_array().unwrap().len() >= 5, "the others still compared");
    assert!(report["added"].as_array().unwrap().is_empty(), "no PDFs found through the link");
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot compare"));

    // A folder without PDFs.
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let o = awareprint(&dir, &["diff", "old", "empty"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: empty: no PDFs in this folder"));
    let _ = std::fs::remove_dir_all(dir);
}
