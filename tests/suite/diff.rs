//! `awareprint diff`: a change to one contact's number shows exactly the documents
//! that print it, with the changed text and the changed pixels outlined; a change to
//! nothing shows nothing. A hostile PDF is refused with the limit it passed, in
//! bounded time and memory; revisions are built in a private scratch folder that
//! nothing is left of, and read by the working tree's rules and limits.

use crate::common::{self, Awareprint, Pdf, Scratch, awareprint, copy_dir, materials_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    let dir = Scratch::with_materials("diff");
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
            // fingerprint, on each card of an office sheet), and pictured.
            let areas = page["areas"].as_array().unwrap();
            let copies = if c["path"].as_str().unwrap().contains("wallet-card") { 8 } else { 1 };
            assert!(!areas.is_empty() && areas.len() <= 3 * copies, "{areas:?}");
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
    let dir = Scratch::with_materials("diff-git");
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
}

#[test]
fn a_colour_change_is_pictured_and_a_bad_file_or_folder_is_reported_not_skipped() {
    let dir = Scratch::with_materials("diff-edge");
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
}

/// A PDF of pages `size` points square; `make` adds what the pages need to the
/// document and returns each page's content stream and resources.
fn pdf(size: i64, make: impl FnOnce(&mut lopdf::Document) -> Vec<(lopdf::Stream, lopdf::Dictionary)>) -> Vec<u8> {
    use lopdf::{Object, dictionary};
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for (content, resources) in make(&mut doc) {
        let content_id = doc.add_object(content);
        let page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), size.into(), size.into()],
            "Resources" => resources,
        };
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A page of content `ops` (uncompressed) and no resources.
fn page(ops: impl Into<Vec<u8>>) -> (lopdf::Stream, lopdf::Dictionary) {
    (lopdf::Stream::new(lopdf::Dictionary::new(), ops.into()), lopdf::Dictionary::new())
}

/// `n` zero bytes, deflated (a stream that inflates to `n` bytes from about n/1000).
fn deflated_zeros(n: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![0u8; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len());
        z.write_all(&chunk[..k]).unwrap();
        left -= k;
    }
    z.finish().unwrap()
}

/// A stream of `data` already deflated.
fn flate(dict: lopdf::Dictionary, data: Vec<u8>) -> lopdf::Stream {
    let mut dict = dict;
    dict.set("Filter", "FlateDecode");
    lopdf::Stream::new(dict, data).with_compression(false)
}

/// Run the real binary and follow its peak memory (VmHWM, sampled until it exits):
/// its output and the peak in bytes.
fn awareprint_peak(dir: &Path, args: &[&str]) -> (Output, u64) {
    let child = Awareprint::new(dir).args(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn();
    let status = format!("/proc/{}/status", child.id());
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let (seen, stop) = (peak.clone(), std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)));
    let stopped = stop.clone();
    let watcher = std::thread::spawn(move || {
        while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
            if let Ok(s) = std::fs::read_to_string(&status)
                && let Some(kb) = s
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
            {
                seen.fetch_max(kb * 1024, std::sync::atomic::Ordering::Relaxed);
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    });
    let out = child.wait_with_output();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    watcher.join().unwrap();
    (out, peak.load(std::sync::atomic::Ordering::Relaxed))
}

/// A folder `old` with `x.pdf` a plain page, and `new` with `x.pdf` as given; the
/// diff's status and stderr.
fn diff_against(dir: &Path, new: &[u8]) -> (Option<i32>, String) {
    let _ = std::fs::remove_dir_all(dir.join("old"));
    let _ = std::fs::remove_dir_all(dir.join("new"));
    let _ = std::fs::remove_dir_all(dir.join("pictures"));
    std::fs::create_dir_all(dir.join("old")).unwrap();
    std::fs::create_dir_all(dir.join("new")).unwrap();
    std::fs::write(dir.join("old/x.pdf"), pdf(100, |_| vec![page("0.5 g 10 10 50 50 re f")])).unwrap();
    std::fs::write(dir.join("new/x.pdf"), new).unwrap();
    let o = awareprint(dir, &["diff", "old", "new", "--out", "pictures"]);
    (o.status.code(), String::from_utf8_lossy(&o.stderr).to_string())
}

#[test]
fn a_hostile_pdf_is_refused_with_the_limit_it_passed_never_a_panic_or_minutes() {
    use lopdf::dictionary;
    let dir = Scratch::empty("diff-hostile");
    let refused = |pdf: Vec<u8>, why: &str| {
        let started = std::time::Instant::now();
        let (status, stderr) = diff_against(&dir, &pdf);
        assert_eq!((status, stderr.trim_end()), (Some(1), format!("error: new/x.pdf: cannot compare: {why}").as_str()));
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{why}: {:?}", started.elapsed());
    };
    let image = |w: i64, h: i64, data: Vec<u8>| {
        flate(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h, "BitsPerComponent" => 8, "ColorSpace" => "DeviceRGB" },
            data,
        )
    };
    let with_image = |img: lopdf::Stream, ops: &str| {
        let ops = ops.to_string();
        pdf(100, move |doc| {
            let id = doc.add_object(img);
            vec![(lopdf::Stream::new(lopdf::Dictionary::new(), ops.into_bytes()), dictionary! { "XObject" => dictionary! { "Im0" => id } })]
        })
    };

    // An image whose size overflows a multiplication (it panicked, exit 101).
    refused(
        with_image(image(1 << 32, 1 << 32, deflated_zeros(16)), "q 50 0 0 50 0 0 cm /Im0 Do Q"),
        "page 1: an image of 4294967296 x 4294967296 pixels; the renderer draws at most 6000 a side",
    );
    // An image's samples that inflate past what its size takes.
    refused(
        with_image(image(100, 100, deflated_zeros(64 << 20)), "q 50 0 0 50 0 0 cm /Im0 Do Q"),
        "page 1: an image decompresses to more than 30000 bytes, the most the renderer allows",
    );
    // A content stream that inflates without end.
    refused(
        pdf(100, |_| vec![(flate(lopdf::Dictionary::new(), deflated_zeros(64 << 20)), lopdf::Dictionary::new())]),
        "page 1: a page's content decompresses to more than 4194304 bytes, the most the renderer allows",
    );
    // The largest image drawn ten times: each within its own limit, past the document's.
    refused(
        with_image(image(6000, 6000, deflated_zeros(6000 * 6000 * 3)), &"q 50 0 0 50 0 0 cm /Im0 Do Q\n".repeat(10)),
        "page 1: the document's streams decompress to more than 1073741824 bytes in all, the most the renderer allows",
    );
    // Too many operations.
    refused(
        pdf(100, |_| vec![page("0 0 1 1 re\n".repeat(250_000))]),
        "page 1: the page has more than 200000 operations (each glyph counted), the most the renderer draws",
    );
    // A hundred fills of the whole page: past its budget (694 x 694 pixels at 50 dpi,
    // 64 times that plus 4 million).
    refused(
        pdf(1000, |_| vec![page("0 0 1000 1000 re f\n".repeat(100))]),
        "page 1: drawing the page touches more than 34824704 pixels, the most the renderer draws on it",
    );
    // A page too large to draw: an error before its pixels are allocated.
    refused(
        pdf(5000, |_| vec![page("0 0 1 1 re f")]),
        "page 1: the page is 5000 x 5000 pt; the renderer draws pages of at most 1728 pt a side",
    );
    // `q` without end.
    refused(pdf(100, |_| vec![page("q ".repeat(100))]), "page 1: the page nests `q` more than 64 deep");
    // Too many pages.
    refused(
        pdf(100, |_| (0..101).map(|_| page("0 0 1 1 re f")).collect()),
        "the document has 101 pages or more; the renderer draws at most 100",
    );
    // An object stream that inflates to a gigabyte, read with the file: lopdf stops
    // it at the limit and leaves its objects out (the page needs none of them).
    let bomb = pdf(100, |doc| {
        doc.add_object(flate(dictionary! { "Type" => "ObjStm", "N" => 1, "First" => 4 }, deflated_zeros(1 << 30)));
        vec![page("0 0 1 1 re f")]
    });
    diff_against(&dir, &bomb);
    let (o, peak) = awareprint_peak(&dir, &["diff", "old", "new", "--out", "pictures"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(peak < 200 << 20, "{} MB at the peak", peak >> 20);
    // Too large a file (sparse: nothing is written but its length).
    let (status, stderr) = diff_against(&dir, &pdf(100, |_| vec![page("0 0 1 1 re f")]));
    assert_eq!(status, Some(0), "{stderr}");
    std::fs::File::options().write(true).open(dir.join("new/x.pdf")).unwrap().set_len((128 << 20) + 1).unwrap();
    let o = awareprint(&dir, &["diff", "old", "new", "--out", "pictures"]);
    assert_eq!(
        (o.status.code(), String::from_utf8_lossy(&o.stderr).trim_end()),
        (Some(1), "error: new/x.pdf: cannot compare: the file is larger than 134217728 bytes, the most the renderer reads")
    );
}

#[test]
fn pages_are_drawn_and_compared_one_at_a_time() {
    // Two versions of a 100-page document, every page changed: memory holds the two
    // pages being compared, not 200 (1000 x 1000 pixels, 3 MB, each).
    let dir = Scratch::empty("diff-pages");
    for (side, ops) in [("old", "0 0 1 1 re f"), ("new", "0 0 2 2 re f")] {
        std::fs::create_dir_all(dir.join(side)).unwrap();
        std::fs::write(dir.join(side).join("x.pdf"), pdf(1000, |_| (0..100).map(|_| page(ops)).collect())).unwrap();
    }
    let (o, peak) = awareprint_peak(&dir, &["diff", "old", "new", "--out", "pictures", "--dpi", "72", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["changed"][0]["pages"].as_array().unwrap().len(), 100);
    assert!(peak < 100 << 20, "{} MB at the peak", peak >> 20);
}

/// The statewide English wallet card, built by the binary in `dir`.
fn built_card(dir: &Path) -> Vec<u8> {
    let materials = materials_dir();
    let o = awareprint(dir, &["build", "-q", "--materials", materials.to_str().unwrap(), "--out", "built", "--lang", "en", "wallet-card"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(dir.join("built/colorado/en/wallet-card.pdf")).unwrap()
}

/// The card with its first page's content `content` and, beside its first font,
/// copies of it under the names F1, F2, ... whose `/ToUnicode` maps are `maps`.
fn card_with_fonts(card: &[u8], maps: Vec<lopdf::Stream>, content: Vec<u8>) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(card).unwrap();
    let first = doc.page_iter().next().unwrap();
    let ops = lopdf::content::Content::decode(&doc.get_page_content(first)).unwrap().operations;
    let name = ops.iter().find(|o| o.operator == "Tf").unwrap().operands[0].as_name().unwrap().to_vec();
    let font = doc.get_page_fonts(first).unwrap()[&name].clone();
    let mut added = Vec::new();
    for (i, map) in maps.into_iter().enumerate() {
        let mut copy = font.clone();
        copy.set("ToUnicode", doc.add_object(map));
        added.push((format!("F{}", i + 1), doc.add_object(copy)));
    }
    let (inline, ids) = doc.get_page_resources(first).unwrap();
    let (inline, id) = (inline.is_some(), ids.first().copied().unwrap_or(first));
    let dict = doc.get_object_mut(if inline { first } else { id }).unwrap().as_dict_mut().unwrap();
    let resources = if inline { dict.get_mut(b"Resources").unwrap().as_dict_mut().unwrap() } else { dict };
    let fonts = resources.get_mut(b"Font").unwrap().as_dict_mut().unwrap();
    for (n, id) in added {
        fonts.set(n, id);
    }
    doc.change_page_content(first, content).unwrap();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_page_s_fonts_and_text_are_bounded() {
    let dir = Scratch::empty("diff-fonts");
    let card = built_card(&dir);
    // Five fonts whose maps are 7 MiB each: each within its limit, past the page's.
    let maps = (0..5).map(|_| flate(lopdf::Dictionary::new(), deflated_zeros(7 << 20))).collect();
    let fonts = card_with_fonts(&card, maps, b"/F1 1 Tf /F2 1 Tf /F3 1 Tf /F4 1 Tf /F5 1 Tf".to_vec());
    let (status, stderr) = diff_against(&dir, &fonts);
    assert_eq!(
        (status, stderr.trim_end()),
        (
            Some(1),
            "error: new/x.pdf: cannot compare: page 1: the page's fonts come to more than 33554432 bytes together, the most the renderer holds"
        )
    );
    // A code whose text is 256 letters long (the most lopdf reads), shown 20,000
    // times: 5 MB of text.
    let map = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Long def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfchar <0001> <{}> endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n",
        "0041".repeat(256)
    );
    let long = card_with_fonts(
        &card,
        vec![lopdf::Stream::new(lopdf::Dictionary::new(), map.into_bytes())],
        format!("/F1 1 Tf BT {} ET", "<00010001> Tj ".repeat(10_000)).into_bytes(),
    );
    let (status, stderr) = diff_against(&dir, &long);
    assert_eq!(
        (status, stderr.trim_end()),
        (
            Some(1),
            "error: new/x.pdf: cannot compare: page 1: the page's text comes to more than 4194304 bytes, the most the renderer extracts"
        )
    );
}

#[test]
fn a_page_of_thousands_of_changed_lines_is_diffed_in_linear_memory() {
    let dir = Scratch::empty("diff-lines");
    let card = built_card(&dir);
    // The card's first font and the glyph codes it shows, split in two sets: the old
    // page's lines use one, the new page's the other, so no line is in both.
    let doc = lopdf::Document::load_mem(&card).unwrap();
    let first = doc.page_iter().next().unwrap();
    let ops = lopdf::content::Content::decode(&doc.get_page_content(first)).unwrap().operations;
    let font = ops.iter().find(|o| o.operator == "Tf").unwrap().operands[0].as_name().unwrap().to_vec();
    let fonts = doc.get_page_fonts(first).unwrap();
    let encoding = fonts[&font].get_font_encoding(&doc).unwrap();
    let (mut codes, mut letters): (Vec<[u8; 2]>, Vec<String>) = (Vec::new(), Vec::new());
    for op in ops.iter().filter(|o| o.operator == "TJ" || o.operator == "Tj") {
        let strings: Vec<&lopdf::Object> = match &op.operands[0] {
            lopdf::Object::Array(a) => a.iter().collect(),
            o => vec![o],
        };
        for s in strings {
            if let lopdf::Object::String(b, _) = s {
                for c in b.chunks(2).filter(|c| c.len() == 2) {
                    // Codes that stand for one letter each, no two the same.
                    let text = lopdf::Document::decode_text(&encoding, c).unwrap_or_default();
                    if text.chars().count() == 1 && text.chars().all(char::is_alphanumeric) && !letters.contains(&text) {
                        letters.push(text);
                        codes.push([c[0], c[1]]);
                    }
                }
            }
        }
        if codes.len() >= 20 {
            break;
        }
    }
    assert!(codes.len() >= 20, "{codes:?}");
    const LINES: usize = 30_000;
    let page_of = |set: &[[u8; 2]]| {
        let mut content = format!("/{} 1 Tf\n", String::from_utf8_lossy(&font)).into_bytes();
        for i in 0..LINES {
            let (a, b) = (set[i % set.len()], set[(i / set.len()) % set.len()]);
            content.extend(format!("BT 1 0 0 1 10 10 Tm <{:02x}{:02x}{:02x}{:02x}> Tj ET\n", a[0], a[1], b[0], b[1]).bytes());
        }
        let mut doc = lopdf::Document::load_mem(&card).unwrap();
        doc.change_page_content(first, content).unwrap();
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    };
    for (side, set) in [("old", &codes[..10]), ("new", &codes[10..20])] {
        std::fs::create_dir_all(dir.join(side)).unwrap();
        std::fs::write(dir.join(side).join("card.pdf"), page_of(set)).unwrap();
    }
    // A table of every line against every other would take 30,000 x 30,000 cells.
    let started = std::time::Instant::now();
    let (o, peak) = awareprint_peak(&dir, &["diff", "old", "new", "--out", "pictures", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = report["changed"][0]["pages"][0]["text"].as_array().unwrap();
    let count = |c: &str| text.iter().filter(|l| l.as_str().unwrap().starts_with(c)).count();
    assert_eq!((count("-"), count("+")), (LINES, LINES));
    assert!(peak < 300 << 20, "{} MB at the peak", peak >> 20);
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
}

/// A git repository in `dir` with the shipped materials but only the counties named
/// (builds of a revision take a few seconds), committed.
fn repository(dir: &Path, counties: &[&str]) {
    copy_dir(&materials_dir(), &dir.join("materials"));
    for e in std::fs::read_dir(dir.join("materials/counties")).unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        if !counties.contains(&stem.as_str()) {
            std::fs::remove_file(p).unwrap();
        }
    }
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "base"]);
}

/// The entries of a folder, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

#[test]
fn revisions_are_built_in_a_new_private_scratch_folder_removed_on_exit_on_error_and_on_ctrl_c() {
    let dir = Scratch::empty("diff-scratch");
    repository(&dir, &["adams", "boulder", "denver"]);
    let county = dir.join("materials/counties/boulder.yaml");
    let text = std::fs::read_to_string(&county).unwrap();
    std::fs::write(&county, text.replace("phone: 303-441-3700", "phone: 303-441-3701")).unwrap();
    git(&dir, &["commit", "-q", "-am", "after"]);

    // The temporary directory another local user shares: they plant a link at every
    // name the scratch folder used to have (awareprint-diff-PID) for the next few
    // thousand process ids, pointing into a folder of theirs (or the working tree).
    let tmp = dir.join("tmp");
    let victim = dir.join("victim");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::create_dir_all(&victim).unwrap();
    let next = Command::new("true").spawn().unwrap().id();
    for pid in next..next + 3000 {
        std::os::unix::fs::symlink(&victim, tmp.join(format!("awareprint-diff-{pid}"))).unwrap();
    }
    std::fs::create_dir_all(tmp.join("awareprint-diff-old-style")).unwrap();
    let planted = entries(&tmp);
    let diff = |args: &[&str]| Awareprint::new(&dir).args(args).env("TMPDIR", &tmp);
    let o = diff(&["diff", "HEAD~1", "HEAD", "--out", "pictures"]).output();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("changed  boulder/en/poster.pdf"));
    assert!(entries(&victim).is_empty(), "nothing written through a planted link: {:?}", entries(&victim));
    assert_eq!(entries(&tmp), planted, "the scratch folder is removed, the planted ones left");
    // On an error (a revision that does not build) too.
    std::fs::write(&county, "name: [").unwrap();
    git(&dir, &["commit", "-q", "-am", "broken"]);
    let o = diff(&["diff", "HEAD~1", "HEAD"]).output();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).starts_with("error: HEAD:materials/counties/boulder.yaml:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(entries(&tmp), planted);

    // Interrupted mid-build (Ctrl+C, or a kill): the scratch folder, private while it
    // lasts, is removed, and the status is the shell's 128 + the signal.
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let mut child =
            diff(&["diff", "HEAD~2", "HEAD~1"]).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn();
        let started = std::time::Instant::now();
        let scratch = loop {
            let new: Vec<String> = entries(&tmp).into_iter().filter(|n| !planted.contains(n)).collect();
            if let [name] = &new[..]
                && tmp.join(name).join("old/out").exists()
            {
                break tmp.join(name);
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(60), "no scratch folder seen");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        let meta = std::fs::symlink_metadata(&scratch).unwrap();
        assert!(meta.is_dir() && !meta.file_type().is_symlink());
        assert_eq!(std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777, 0o700);
        let o = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).output().unwrap();
        assert!(o.status.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert_eq!(entries(&tmp), planted, "after SIG{signal}");
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert_eq!(stderr, "", "SIG{signal}");
    }
}

#[test]
fn a_revision_is_read_by_the_rules_and_limits_of_the_working_tree() {
    let dir = Scratch::empty("diff-rules");
    repository(&dir, &["adams", "boulder"]);
    let m = dir.join("materials");
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).to_string();
    let check = || awareprint(&dir, &["check", "--today", "2026-12-01"]);

    // Links within the folder that holds them: a county file that is another's, a
    // language file kept in a subfolder. The working tree builds them; so does the
    // revision, and the diff shows exactly the county they add.
    std::os::unix::fs::symlink("boulder.yaml", m.join("counties/boulder-copy.yaml")).unwrap();
    std::fs::create_dir_all(m.join("copy")).unwrap();
    std::fs::rename(m.join("poster.en.yaml"), m.join("copy/poster.en.yaml")).unwrap();
    std::os::unix::fs::symlink("copy/poster.en.yaml", m.join("poster.en.yaml")).unwrap();
    assert_eq!(check().status.code(), Some(0), "{}", stderr(&check()));
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "links"]);
    let o = awareprint(&dir, &["diff", "HEAD~1", "HEAD", "--format", "json", "--out", "pictures"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let added: Vec<&str> = report["added"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(!added.is_empty() && added.iter().all(|p| p.starts_with("boulder-copy/")), "{added:?}");
    assert!(report["changed"].as_array().unwrap().is_empty() && report["removed"].as_array().unwrap().is_empty(), "{report}");

    // A large file no material uses: never read from git (a 300 MB blob; memory stays
    // what a build takes).
    let big = std::fs::File::create(m.join("scan.tiff")).unwrap();
    big.set_len(300 << 20).unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "a large file"]);
    let (o, peak) = awareprint_peak(&dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 added, 0 removed, 0 changed"));
    assert!(peak < 150 << 20, "{} MB at the peak", peak >> 20);

    // What the working tree refuses, a revision refuses with the same words, naming the
    // revision: a county file too large to be materials, a link that leads out of its
    // folder.
    let refused = |change: &dyn Fn()| {
        change();
        let tree = check();
        assert_eq!(tree.status.code(), Some(1));
        git(&dir, &["add", "-A"]);
        git(&dir, &["commit", "-q", "-m", "refused"]);
        let o = awareprint(&dir, &["diff", "HEAD~1", "HEAD"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(stderr(&o), stderr(&tree).replace("error: materials/", "error: HEAD:materials/"));
        git(&dir, &["revert", "--no-edit", "HEAD"]);
    };
    let adams = m.join("counties/adams.yaml");
    let text = std::fs::read_to_string(&adams).unwrap();
    // 9 MB: larger than any file is read (a placeholder stands for it), and 2 MB.
    for size in [9 << 20, 2 << 20] {
        refused(&|| std::fs::write(&adams, format!("{text}#{}\n", "x".repeat(size))).unwrap());
    }
    std::fs::write(dir.join("outside.yaml"), &text).unwrap();
    refused(&|| {
        std::fs::remove_file(&adams).unwrap();
        std::os::unix::fs::symlink("../../outside.yaml", &adams).unwrap();
    });
    refused(&|| {
        std::fs::remove_file(&adams).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", &adams).unwrap();
    });
    refused(&|| {
        std::fs::remove_file(&adams).unwrap();
        std::os::unix::fs::symlink("nowhere.yaml", &adams).unwrap();
    });

    // A revision's counties folder that is a link out of it (to a folder of someone
    // else's, whose file would be shown in an error's snippet): never followed. The
    // revision has no county editions, and nothing of the folder is read.
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("secret.yaml"), "name: [top secret\n").unwrap();
    git(&dir, &["rm", "-r", "-q", "materials/counties"]);
    std::os::unix::fs::symlink(&elsewhere, m.join("counties")).unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "counties elsewhere"]);
    let o = awareprint(&dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("removed  boulder/en/poster.pdf") && !out.lines().any(|l| l.starts_with("added")), "{out}");
    assert!(!out.contains("secret") && !stderr(&o).contains("secret"), "{out}{}", stderr(&o));
}
