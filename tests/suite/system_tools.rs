//! Cross-checks with independent tools: poppler (pdfinfo, pdffonts, pdftotext,
//! pdftoppm), zbarimg, qpdf, Ghostscript and the PDF/UA-1 and PDF/X-4 validators of
//! PyPI `page-validation` and `pdf-oxide`. The tests are ignored by a plain `cargo
//! test`; `.ci/run` installs the tools and runs them (`-- --include-ignored`), and
//! then a missing tool fails the test, never skips it.

use crate::common::{self, Awareprint, Scratch};
use std::path::PathBuf;
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is required (`.ci/run` installs it): {e}"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The shipped materials written to a scratch folder.
fn written() -> (Scratch, Vec<(String, PathBuf)>) {
    let dir = Scratch::empty("sys");
    let files = common::shipped()
        .iter()
        .map(|b| {
            let p = dir.join(b.path.to_string_lossy().replace('/', "-"));
            std::fs::write(&p, &b.bytes).unwrap();
            (b.id.clone(), p)
        })
        .collect();
    (dir, files)
}

#[test]
#[ignore = "needs poppler, zbar and qpdf: run by .ci/run"]
fn poppler_zbar_and_qpdf_agree() {
    let (dir, files) = written();
    for (id, path) in &files {
        let p = path.to_str().unwrap();

        // qpdf finds no structural problem.
        let check = tool("qpdf", &["--check", p]);
        assert!(check.contains("No syntax or stream encoding errors"), "{id}: {check}");

        // pdftotext finds the hotline and 911.
        let text = tool("pdftotext", &[p, "-"]);
        assert!(text.contains("1-844-CO-4-KIDS") && text.contains("1-844-264-5437") && text.contains("911"), "{id}: {text}");

        // pdffonts: every font embedded, subset, with a ToUnicode map.
        let fonts = tool("pdffonts", &[p]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 2, "{id}: {fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{id}: {row}");
        }

        // pdfinfo -box: US Letter, the page being the paper (cards and stickers on their
        // office sheets too).
        let info = tool("pdfinfo", &["-box", p]);
        assert!(info.contains("Page size:       612 x 792 pts (letter)"), "{info}");
        assert!(info.contains("TrimBox:             0.00     0.00   612.00   792.00"), "{info}");

        // Tagged, and poppler reads the structure in reading order.
        assert!(tool("pdfinfo", &[p]).contains("Tagged:          yes"), "{id}");
        let tree = tool("pdfinfo", &["-struct-text", p]);
        assert!(tree.starts_with("Document\n"), "{id}: {tree}");
        if path.to_string_lossy().contains("colorado-en-poster") {
            let order = [
                "H1 (block)",
                "Child trafficking is",
                "How to report",
                "1-844-CO-4-KIDS",
                "Figure",
                "Scan to open the hotline",
                "911",
                "Figure",
                "Report online to the CyberTipline",
            ];
            let mut at = 0;
            for needle in order {
                let found = tree[at..].find(needle).unwrap_or_else(|| panic!("{needle:?} not after position {at} in\n{tree}"));
                at += found + needle.len();
            }
        }

        // pdftoppm at 150 dpi, then zbarimg reads every code as a phone would.
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let prefix = dir.join(format!("{stem}-page"));
        tool("pdftoppm", &["-r", "150", "-png", p, prefix.to_str().unwrap()]);
        let mut payloads = Vec::new();
        let mut pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.file_name().unwrap().to_string_lossy().starts_with(&format!("{stem}-page")))
            .collect();
        pngs.sort();
        for png in pngs {
            let out = Command::new("zbarimg")
                .args(["--raw", "-q", png.to_str().unwrap()])
                .output()
                .expect("zbarimg is required (`.ci/run` installs it)");
            payloads.extend(String::from_utf8_lossy(&out.stdout).lines().map(str::to_string));
        }
        payloads.sort();
        let expected: &[&str] = match id.as_str() {
            // The handouts' report panel carries the hotline's code and the CyberTipline's.
            "poster" | "bilingual-poster" | "parent-handout" | "professional-handout" => {
                &["https://co4kids.org", "https://report.cybertip.org/"]
            }
            // Eight cards to a sheet, six stickers.
            "wallet-card" => &["https://co4kids.org"; 8],
            "restroom-sticker" => &["https://co4kids.org"; 6],
            other => panic!("no expected codes for {other}"),
        };
        assert_eq!(payloads, expected, "{id}");
    }
}

/// Build with the real binary into `out` from the shipped materials: the statewide
/// edition, or `county`'s; every material, or the one named.
fn build_into(out: &std::path::Path, county: Option<&str>, material: Option<&str>) {
    build_profile(out, county, material, "office");
}

/// `build_into` under a print profile (`office` or `press`).
fn build_profile(out: &std::path::Path, county: Option<&str>, material: Option<&str>, profile: &str) {
    let mut cmd = Awareprint::new(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "-q", "--profile", profile, "--out", out.to_str().unwrap(), "--materials"])
        .arg(common::materials_dir());
    if let Some(c) = county {
        cmd = cmd.args(["--county", c]);
    }
    let o = cmd.args(material).output();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The texts of a `pdfinfo -struct-text` tree, in the order a screen reader reads them.
fn read_aloud(tree: &str) -> Vec<String> {
    tree.lines().map(str::trim).filter(|l| l.starts_with('"')).map(|l| l.trim_matches('"').to_string()).filter(|l| !l.is_empty()).collect()
}

#[test]
#[ignore = "needs poppler: run by .ci/run"]
fn poppler_reads_the_bilingual_county_poster_in_the_order_a_person_does() {
    let scratch = Scratch::empty("sys-bi");
    let out = scratch.join("out");
    build_into(&out, Some("boulder"), Some("bilingual-poster"));
    let pdf = out.join("boulder/en-es/bilingual-poster.pdf");
    let said = read_aloud(&tool("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]));
    // The county name in English and in Spanish, each headline, each column, then every
    // label in English and in Spanish before the number or address they lead to; the
    // county's contact in both languages too.
    let expected = [
        "Boulder County",
        "Child trafficking is child abuse.",
        "Condado de Boulder",
        "La trata de menores es abuso infantil.",
        "Worried about a child? Call.",
        "Young and this is happening to you? It is not your fault.",
        "¿Le preocupa un menor? Llame.",
        "¿Eres joven y te está pasando esto? No es tu culpa.",
        "How to report",
        "Colorado Child Abuse and Neglect Hotline, 24 hours a day, every day:",
        "Cómo reportar",
        "Línea directa de Colorado para reportar abuso y descuido de menores, las 24 horas, todos los días:",
        "1-844-CO-4-KIDS1-844-264-5437",
        "Anyone can call the hotline without giving their name.",
        "Cualquier persona puede llamar a la línea sin dar su nombre.",
        "Danger right now? Call",
        "911",
        "¿Peligro inmediato? Llame al",
        "911",
        "Colorado Child Abuse and Neglect Hotline",
        "Línea directa de Colorado para reportar abuso y descuido de menores",
        "co4kids.org",
        "Boulder County District Attorney’s Office:",
        "303-441-3700",
        "Oficina del Fiscal de Distrito del Condado de Boulder:",
        "303-441-3700",
        "Report online to NCMEC’s CyberTipline",
        "Haga un reporte en línea a la CyberTipline del NCMEC",
        "report.cybertip.org",
        "Know the signs. Make the call.",
        "Atentos a las señales, listos para llamar.",
    ];
    // And nothing after: the version code of this revision is printed, an artifact.
    assert_eq!(said, expected);
    let revised = awareprint::project::Project::open(&common::materials_dir()).unwrap().identity.revised.clone();
    let code = format!("bilingual-poster · en-es · boulder · {revised}");
    assert!(tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).contains(&code), "the version code is printed");
}

/// PDF/UA-1 as an independent validator sees it: PyPI `page-validation` (104 rules),
/// which `.ci/run` installs. Every shipped PDF, statewide and Boulder's, in every
/// language, is compliant; an untagged imposed sheet is not (the check can fail).
#[test]
#[ignore = "needs python3 with PyPI page-validation: run by .ci/run"]
fn page_validation_finds_every_shipped_pdf_pdfua1_compliant() {
    let scratch = Scratch::empty("sys-pdfua");
    let out = scratch.join("out");
    for county in [None, Some("boulder")] {
        build_into(&out, county, None);
    }
    // An imposed sheet is print-only and untagged.
    let project = awareprint::project::Project::open(&common::materials_dir()).unwrap();
    let (_, path) = project.materials.iter().find(|(m, _)| m == "wallet-card").unwrap();
    let fonts = awareprint::layout::FontSet::load();
    let card = awareprint::build::lay_out(&project.resolve("wallet-card", path, None).unwrap(), false, &fonts).unwrap();
    let grid = awareprint::impose::Grid::for_kind(card.kind, awareprint::layout::Abs::inches(0.125)).unwrap();
    let sheets = grid.impose(&card.pages, awareprint::impose::Cuts::Marks, &fonts).unwrap();
    let sheet = out.join("sheet.pdf");
    std::fs::write(&sheet, awareprint::pdf::Writer::new(&fonts).write(&sheets[..1], &card.meta(0), false)).unwrap();

    let pdfs = common::pdfs_in(&out);
    assert_eq!(pdfs.len(), 23, "11 statewide, 11 Boulder, 1 sheet: {pdfs:?}");
    let script = "import page, sys\nfor f in sys.argv[1:]:\n    r = page.validate_pdf(f, profile=page.ValidationProfile.PDF_UA_1)\n    print(f + '\\t' + ('ok' if r.is_compliant else 'fail') + '\\t' + '; '.join(x.rule_id + ' ' + x.message for x in r.failures))\n";
    let report = tool("python3", &[&["-c", script][..], &pdfs.iter().map(|p| p.to_str().unwrap()).collect::<Vec<_>>()[..]].concat());
    for line in report.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let expected = if cols[0].ends_with("sheet.pdf") { "fail" } else { "ok" };
        assert_eq!(cols[1], expected, "{line}");
    }
    assert_eq!(report.lines().count(), pdfs.len(), "{report}");
}

/// A print run for a shop that supplies its own profile (made at test time, see
/// `common::cmyk_output_profile`): the run's PDFs, every material of Boulder's edition
/// in English, cards and stickers imposed; and the profile's bytes.
fn shop_run() -> (Scratch, Vec<PathBuf>, Vec<u8>) {
    let dir = Scratch::with_materials("sys-shop");
    let profile = common::cmyk_output_profile("Test CMYK output profile for a shop");
    std::fs::create_dir_all(dir.join("materials/runs/shop")).unwrap();
    std::fs::write(dir.join("materials/runs/shop/test.icc"), &profile).unwrap();
    let items: String = ["wallet-card", "restroom-sticker", "poster", "parent-handout"]
        .iter()
        .map(|m| format!("  - material: {m}\n    editions: [boulder]\n    languages: [en]\n    quantity: 10\n"))
        .collect();
    let run = format!("output-intent:\n  profile: shop/test.icc\n  identifier: CGATS21_CRPC6\nitems:\n{items}");
    std::fs::write(dir.join("materials/runs/shop.yaml"), run).unwrap();
    let o = Awareprint::new(&dir).args(["run", "shop", "-q"]).output();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdfs = common::pdfs_in(&dir.join("output/runs/shop"));
    assert_eq!(pdfs.len(), 4, "{pdfs:?}");
    (dir, pdfs, profile)
}

/// Press PDFs are PDF/X-4 and PDF/UA-1 in one file, as two independent checkers see
/// them: pdf-oxide's PDF/X-4 validator (PyPI `pdf-oxide`: output intent, the PDF/X
/// identification in Info and XMP, boxes, fonts, actions) and page-validation's
/// PDF/UA-1; and Ghostscript's PDF/X pass, which refuses annotations on the page
/// (pdf-oxide does not look at those). Office PDFs fail the first and the last, so
/// neither check passes everything. A run's PDFs with the shop's own output intent
/// (its sheets of cards and stickers imposed) pass the same checks, and Ghostscript
/// renders with the shop's profile as its output profile (lcms2 reads it).
#[test]
#[ignore = "needs Ghostscript and python3 with PyPI pdf-oxide and page-validation: run by .ci/run"]
fn press_pdfs_are_pdfx4_and_pdfua1() {
    let base = Scratch::empty("sys-pdfx");
    let (press, office) = (base.join("press"), base.join("office"));
    for county in [None, Some("boulder")] {
        build_profile(&press, county, None, "press");
    }
    build_profile(&office, None, Some("poster"), "office");
    let (shop, run_pdfs, profile) = shop_run();
    let mut press_pdfs = common::pdfs_in(&press);
    assert_eq!(press_pdfs.len(), 22, "11 statewide, 11 Boulder");
    press_pdfs.extend(run_pdfs.iter().cloned());
    let office_pdfs = common::pdfs_in(&office);
    let all: Vec<&PathBuf> = press_pdfs.iter().chain(&office_pdfs).collect();
    let paths: Vec<&str> = all.iter().map(|p| p.to_str().unwrap()).collect();

    let script = "import sys, pdf_oxide, page\nfor f in sys.argv[1:]:\n    x = pdf_oxide.PdfDocument(f).validate_pdf_x('4')\n    u = page.validate_pdf(f, profile=page.ValidationProfile.PDF_UA_1)\n    print(f + '\\t' + ('ok' if x['valid'] else 'fail') + '\\t' + ('ok' if u.is_compliant else 'fail') + '\\t' + '; '.join(map(str, x['errors'])))\n";
    let report = tool("python3", &[&["-c", script][..], &paths[..]].concat());
    assert_eq!(report.lines().count(), all.len(), "{report}");
    for line in report.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let is_press = !cols[0].starts_with(office.to_str().unwrap());
        assert_eq!(cols[1], if is_press { "ok" } else { "fail" }, "PDF/X-4: {line}");
        assert_eq!(cols[2], "ok", "PDF/UA-1: {line}");
    }
    // The shop's profile, embedded byte for byte, is one lcms2 can use.
    let icc = shop.join("materials/runs/shop/test.icc");
    for pdf in &run_pdfs {
        let doc = lopdf::Document::load(pdf).unwrap();
        let intents = doc.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap().clone();
        let stream = doc.get_object(intents[0].as_dict().unwrap().get(b"DestOutputProfile").unwrap().as_reference().unwrap()).unwrap();
        assert!(stream.as_stream().unwrap().decompressed_content().unwrap() == profile, "{}", pdf.display());
        let o = Command::new("gs")
            .args(["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiff32nc", "-r20"])
            .arg(format!("-sOutputFile={}", shop.join("page.tif").display()))
            .arg(format!("-sOutputICCProfile={}", icc.display()))
            .arg(pdf)
            .output()
            .expect("ghostscript is required (`.ci/run` installs it)");
        let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success() && said.trim().is_empty(), "{}: {said}", pdf.display());
    }
    for pdf in &all {
        let o = Command::new("gs")
            .args(["-q", "-dNOPAUSE", "-dBATCH", "-dPDFX", "-dPDFACompatibilityPolicy=2", "-sColorConversionStrategy=CMYK"])
            .args(["-sProcessColorModel=DeviceCMYK", "-sDEVICE=pdfwrite", "-sOutputFile=/dev/null"])
            .arg(pdf)
            .output()
            .expect("ghostscript is required (`.ci/run` installs it)");
        let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
        let refused = said.contains("not permitted in PDF/X");
        assert_eq!(refused, pdf.starts_with(&office), "{}: {said}", pdf.display());
    }
}

/// An 8-bit binary PPM (what `pdftoppm` writes by default) as (width, height, RGB).
fn read_ppm(path: &std::path::Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    // "P6\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
    }
    assert_eq!(fields[0], "P6");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[at + 1..at + 1 + w * h * 3].to_vec())
}

/// The in-process previews against poppler's `pdftoppm`, every page of every PDF of
/// the statewide and Boulder editions in both profiles, the whole sheet at 96 dpi.
/// Compared in blocks of 8 x 8 pixels (a twelfth of an inch), so that how each smooths
/// a glyph's edge does not count: at 48 dpi in 4-pixel blocks, poppler's coarser
/// anti-aliasing put the 60 pt headline's stem edges 50-66 levels apart on 0.9 % of
/// the poster's blocks, with no ink out of place (at 96 and 192 dpi: none). Office PDFs: the colours agree to a few levels (both use xpdf's DeviceCMYK
/// table) and almost no block differs by more than a fifth of the scale. Press
/// PDFs carry a FOGRA39 output intent, which poppler applies (lighter colours) and the
/// preview does not: there the ink and the paper must fall in the same places.
#[test]
#[ignore = "needs poppler: run by .ci/run"]
fn previews_match_popplers_rendering() {
    let dir = Scratch::empty("sys-preview");
    let (dpi, px) = (96.0, 8);
    for profile in ["office", "press"] {
        let out = dir.join(profile);
        build_profile(&out, None, None, profile);
        build_profile(&out, Some("boulder"), None, profile);
        let pdfs = common::pdfs_in(&out);
        assert!(pdfs.len() >= 20, "{} PDFs", pdfs.len());
        for pdf in pdfs {
            let ours = awareprint::render::render(&std::fs::read(&pdf).unwrap(), dpi, awareprint::render::View::Sheet).unwrap();
            let prefix = pdf.with_extension("");
            tool("pdftoppm", &["-r", "96", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
            for (n, page) in ours.iter().enumerate() {
                let (w, h, theirs) = read_ppm(&PathBuf::from(format!("{}-{}.ppm", prefix.display(), n + 1)));
                let name = format!("{} ({profile}) page {}", pdf.display(), n + 1);
                assert!(w.abs_diff(page.width) <= 1 && h.abs_diff(page.height) <= 1, "{name}: {w}x{h} vs {}x{}", page.width, page.height);
                // Compared in blocks of a twelfth of an inch: where ink and colour
                // are, not how each renderer smooths a glyph's edge.
                let block = |rgb: &[u8], stride: usize, bx: usize, by: usize| -> [u32; 3] {
                    let mut sum = [0u32; 3];
                    for y in by * px..by * px + px {
                        for x in bx * px..bx * px + px {
                            for (c, s) in sum.iter_mut().enumerate() {
                                *s += rgb[(y * stride + x) * 3 + c] as u32;
                            }
                        }
                    }
                    sum.map(|s| s / (px * px) as u32)
                };
                let (mut sum, mut far, mut ink_apart, mut count) = (0u64, 0usize, 0usize, 0usize);
                for by in 0..h.min(page.height) / px {
                    for bx in 0..w.min(page.width) / px {
                        let a = block(&page.rgb, page.width, bx, by);
                        let b = block(&theirs, w, bx, by);
                        let d = a.iter().zip(b).map(|(p, q)| p.abs_diff(q)).max().unwrap();
                        sum += d as u64;
                        far += usize::from(d > 48);
                        let luma = |p: [u32; 3]| (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
                        ink_apart += usize::from((luma(a) < 160) != (luma(b) < 160));
                        count += 1;
                    }
                }
                let mean = sum as f64 / count as f64;
                let (far, apart) = (far as f64 / count as f64, ink_apart as f64 / count as f64);
                // Measured (design v3, 96 dpi): office means 0.8-2.2 levels, no block
                // far apart; ink and paper differ on at most 1.7 % of blocks (small
                // text), press 0.9 %.
                if profile == "office" {
                    assert!(mean < 4.0 && far < 0.002, "{name}: mean difference {mean:.2}, {:.2} % of blocks far apart", far * 100.0);
                }
                assert!(apart < 0.03, "{name}: ink and paper differ on {:.2} % of blocks", apart * 100.0);
            }
        }
    }
}
