//! Tagged PDF for screens: the structure tree in reading order for each kind, and a
//! checker for the PDF/UA-1 rules that can be checked by machine (each rule is listed
//! in the README).

use crate::common;
use common::*;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => doc.get_object(*r).expect("reference resolves"),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    deref(doc, o).as_dict().expect("a dictionary")
}

fn role(d: &Dictionary) -> String {
    String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).to_string()
}

/// The Document element's children, as (role, alt, lang) in reading order.
fn top_level(pdf: &Pdf) -> Vec<(String, Option<String>, Option<String>)> {
    let doc = &pdf.doc;
    let root = dict(doc, doc.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    let document = dict(doc, &root.get(b"K").unwrap().as_array().unwrap()[0]);
    assert_eq!(role(document), "Document");
    document
        .get(b"K")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let d = dict(doc, k);
            let alt = d.get(b"Alt").ok().and_then(decode_text_string);
            let lang = d.get(b"Lang").ok().and_then(decode_text_string);
            (role(d), alt, lang)
        })
        .collect()
}

fn roles(pdf: &Pdf) -> Vec<String> {
    top_level(pdf).into_iter().map(|(r, _, _)| r).collect()
}

/// Check the machine-checkable PDF/UA-1 rules; returns the broken ones.
pub(crate) fn pdfua_problems(pdf: &Pdf) -> Vec<String> {
    let doc = &pdf.doc;
    let mut out = Vec::new();
    let catalog = doc.catalog().unwrap();
    // 1. Marked as tagged.
    let marked = catalog.get(b"MarkInfo").ok().map(|m| dict(doc, m)).and_then(|m| m.get(b"Marked").ok()).and_then(|b| b.as_bool().ok());
    if marked != Some(true) {
        out.push("MarkInfo /Marked is not true".into());
    }
    // 2. Language, title shown as the window title.
    if catalog.get(b"Lang").ok().and_then(decode_text_string).is_none_or(|l| l.is_empty()) {
        out.push("no /Lang".into());
    }
    if pdf.info("Title").is_none_or(|t| t.is_empty()) {
        out.push("no Title".into());
    }
    let display = catalog
        .get(b"ViewerPreferences")
        .ok()
        .map(|v| dict(doc, v))
        .and_then(|v| v.get(b"DisplayDocTitle").ok())
        .and_then(|b| b.as_bool().ok());
    if display != Some(true) {
        out.push("DisplayDocTitle is not true".into());
    }
    // 3. PDF/UA identification in XMP.
    let xmp = catalog
        .get(b"Metadata")
        .ok()
        .map(|m| deref(doc, m))
        .and_then(|m| m.as_stream().ok())
        .map(|s| String::from_utf8_lossy(&s.content).to_string());
    if !xmp.as_deref().is_some_and(|x| x.contains("<pdfuaid:part>1</pdfuaid:part>") && x.contains("<dc:title>")) {
        out.push("no XMP with pdfuaid:part 1 and dc:title".into());
    }
    // 4. A structure tree; collect every element, check figures and headings.
    let Ok(root) = catalog.get(b"StructTreeRoot") else {
        out.push("no StructTreeRoot".into());
        return out;
    };
    let root = dict(doc, root);
    let mut elems: Vec<(ObjectId, String)> = Vec::new();
    let mut mcrs: BTreeSet<(ObjectId, i64)> = BTreeSet::new();
    let mut objrs: BTreeSet<ObjectId> = BTreeSet::new();
    fn walk(
        doc: &Document,
        k: &Object,
        elems: &mut Vec<(ObjectId, String)>,
        mcrs: &mut BTreeSet<(ObjectId, i64)>,
        objrs: &mut BTreeSet<ObjectId>,
        out: &mut Vec<String>,
    ) {
        let Object::Reference(id) = k else {
            let d = k.as_dict().expect("an MCR or OBJR dictionary");
            match d.get(b"Type").and_then(|t| t.as_name()).ok() {
                Some(b"MCR") => {
                    mcrs.insert((d.get(b"Pg").unwrap().as_reference().unwrap(), d.get(b"MCID").unwrap().as_i64().unwrap()));
                }
                Some(b"OBJR") => {
                    objrs.insert(d.get(b"Obj").unwrap().as_reference().unwrap());
                }
                _ => out.push("a kid that is neither element, MCR nor OBJR".into()),
            }
            return;
        };
        let d = doc.get_dictionary(*id).unwrap();
        let r = role(d);
        if r == "Figure" && d.get(b"Alt").ok().and_then(decode_text_string).is_none_or(|a| a.is_empty()) {
            out.push(format!("Figure {id:?} without /Alt"));
        }
        elems.push((*id, r));
        for kid in d.get(b"K").unwrap().as_array().unwrap() {
            walk(doc, kid, elems, mcrs, objrs, out);
        }
    }
    for k in root.get(b"K").unwrap().as_array().unwrap() {
        walk(doc, k, &mut elems, &mut mcrs, &mut objrs, &mut out);
    }
    let headings: Vec<&str> = elems.iter().map(|(_, r)| r.as_str()).filter(|r| r.starts_with('H')).collect();
    if headings.first() != Some(&"H1") {
        out.push(format!("the first heading is {:?}, not H1", headings.first()));
    }
    // 5. All content is tagged: every painting operator inside a marked-content
    // sequence, and every MCID in the tree.
    let parent_tree = dict(doc, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let keys: Vec<i64> = nums.chunks(2).map(|c| c[0].as_i64().unwrap()).collect();
    if keys.windows(2).any(|w| w[0] >= w[1]) {
        out.push(format!("ParentTree keys do not ascend: {keys:?}"));
    }
    let parents: BTreeMap<i64, &Object> = nums.chunks(2).map(|c| (c[0].as_i64().unwrap(), &c[1])).collect();
    for (n, page) in pdf.pages().into_iter().enumerate() {
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let mut depth = 0;
        let mut mcids = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    depth += 1;
                    if let Some(Object::Dictionary(p)) = op.operands.get(1)
                        && let Ok(m) = p.get(b"MCID")
                    {
                        mcids.push(m.as_i64().unwrap());
                    }
                }
                "BMC" => depth += 1,
                "EMC" => depth -= 1,
                "Tj" | "TJ" | "f" | "f*" | "Do" | "S" | "B" if depth == 0 => {
                    out.push(format!("page {}: `{}` outside marked content", n + 1, op.operator))
                }
                _ => {}
            }
        }
        let pd = doc.get_dictionary(page).unwrap();
        let sp = pd.get(b"StructParents").ok().and_then(|o| o.as_i64().ok());
        let listed = sp.and_then(|k| parents.get(&k)).map(|a| deref(doc, a).as_array().unwrap().len()).unwrap_or(0);
        if listed != mcids.len() {
            out.push(format!("page {}: {} MCIDs but {listed} in the ParentTree", n + 1, mcids.len()));
        }
        for m in &mcids {
            if !mcrs.contains(&(page, *m)) {
                out.push(format!("page {}: MCID {m} is in no element", n + 1));
            }
        }
        // 6. Annotations: in the tree, with /Contents, and tab order by structure.
        let annots = pd.get(b"Annots").ok().and_then(|a| a.as_array().ok()).cloned().unwrap_or_default();
        if !annots.is_empty() && pd.get(b"Tabs").ok().and_then(|t| t.as_name().ok()) != Some(b"S".as_slice()) {
            out.push(format!("page {}: annotations but /Tabs is not /S", n + 1));
        }
        for a in annots {
            let id = a.as_reference().expect("annotations are indirect");
            let ad = doc.get_dictionary(id).unwrap();
            if ad.get(b"StructParent").is_err() || ad.get(b"Contents").is_err() {
                out.push(format!("page {}: annotation {id:?} without /StructParent or /Contents", n + 1));
            }
            if !objrs.contains(&id) {
                out.push(format!("page {}: annotation {id:?} is in no Link element", n + 1));
            }
        }
    }
    out
}

#[test]
fn every_shipped_pdf_passes_the_pdfua_checks() {
    for b in common::shipped() {
        let problems = pdfua_problems(&Pdf::parse(&b.bytes));
        assert!(problems.is_empty(), "{}: {problems:#?}", b.path.display());
    }
}

#[test]
fn the_checker_catches_untagged_pdfs() {
    // An imposed sheet is print-only and untagged: the checker must say so.
    let project = awareprint::project::Project::open(&materials_dir()).unwrap();
    let (_, path) = project.materials.iter().find(|(m, _)| m == "wallet-card").unwrap();
    let fonts = awareprint::layout::FontSet::load();
    let card = awareprint::build::lay_out(&project.resolve("wallet-card", path, None).unwrap(), false, &fonts).unwrap();
    let grid = awareprint::impose::Grid::for_kind(card.kind, awareprint::layout::Abs::inches(0.125)).unwrap();
    let sheets = grid.impose(&card.pages, awareprint::impose::Cuts::Marks, &fonts).unwrap();
    let writer = awareprint::pdf::Writer::new(&fonts);
    let meta = awareprint::pdf::Meta { title: "t", author: "a", subject: "s", lang: "en-US", more_langs: &[], epoch: 0, pdfx: None };
    let bytes = writer.write(&sheets, &meta, false);
    let problems = pdfua_problems(&Pdf::parse(&bytes));
    assert!(problems.iter().any(|p| p.contains("MarkInfo")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("no StructTreeRoot")), "{problems:?}");
    drop(project);
}

fn shipped(id: &str, lang: &str) -> Pdf {
    let b = common::shipped().iter().find(|b| b.id == id && b.lang == lang).unwrap();
    Pdf::parse(&b.bytes)
}

#[test]
fn reading_order_follows_each_template() {
    // The version code at the foot is an artifact, no element (a handout's is in its
    // footers); the shipped identity names no issuer, whose line would be a P.
    // The poster: the headline, the body, the report panel (its title, the hotline's
    // call, the note beside it, the hotline's code with its caption and address, 911),
    // the foot's code with its caption and address, the campaign line.
    assert_eq!(roles(&shipped("poster", "en")), ["H1", "P", "P", "P", "H2", "P", "P", "Figure", "P", "P", "P", "Figure", "P", "P", "P"]);
    // The card: front, then back (the first heading is the document's H1); the signs,
    // then the note that no single sign proves trafficking, the code with its caption
    // and address, and the foot slot (the statewide edition's campaign line).
    assert_eq!(roles(&shipped("wallet-card", "en")), ["H1", "P", "P", "P", "P", "H2", "L", "P", "Figure", "P", "P", "P"]);
    // The handout: the title, the call under it (the hotline), the first paragraphs;
    // the report panel's two codes (the hotline's, the CyberTipline's).
    let handout = roles(&shipped("parent-handout", "en"));
    assert_eq!(&handout[..7], ["H1", "P", "P", "P", "P", "H2", "L"]);
    assert_eq!(handout.iter().filter(|r| *r == "Figure").count(), 2);
    // The bilingual poster: each Spanish headline, note and caption right after its
    // English one, each language's report title with its label, the English column
    // before the Spanish one; Spanish marked as such.
    let bi = top_level(&shipped("bilingual-poster", "en-es"));
    let r: Vec<&str> = bi.iter().map(|(r, _, _)| r.as_str()).collect();
    // The number once after both labels; each code described in English, then in
    // Spanish, a figure each, then its captions and its address (a P holding the Link);
    // the campaign line in each language last.
    assert_eq!(
        r,
        [
            "H1", "H1", "P", "P", "P", "P", "H2", "P", "H2", "P", "P", "P", "P", "P", "P", "Figure", "Figure", "P", "P", "P", "Figure",
            "Figure", "P", "P", "P", "P", "P"
        ]
    );
    let spanish: Vec<usize> = bi.iter().enumerate().filter(|(_, e)| e.2.as_deref() == Some("es-US")).map(|(i, _)| i).collect();
    assert_eq!(spanish, [1, 4, 5, 8, 9, 12, 14, 16, 18, 21, 23, 26]);
}

#[test]
fn figures_and_links_are_described() {
    let poster = top_level(&shipped("poster", "en"));
    let alts: Vec<&str> = poster.iter().filter(|(r, _, _)| r == "Figure").filter_map(|(_, a, _)| a.as_deref()).collect();
    assert_eq!(
        alts,
        [
            "QR code: Scan to open the hotline’s page (co4kids.org)",
            "QR code: Report online to the CyberTipline of the National Center for Missing & Exploited Children (NCMEC) (report.cybertip.org)"
        ]
    );
    let pdf = shipped("poster", "en");
    let contents: Vec<String> = pdf
        .doc
        .get_dictionary(pdf.pages()[0])
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| decode_text_string(pdf.doc.get_dictionary(a.as_reference().unwrap()).unwrap().get(b"Contents").unwrap()).unwrap())
        .collect();
    // Each link is described as what it shows: the vanity number with its digits; a
    // QR code and the address under it are two annotations of one Link element. The
    // annotations come in reading order (the report box before the codes), the order
    // /Tabs /S makes a keyboard follow.
    assert_eq!(
        contents,
        ["1-844-CO-4-KIDS, 1-844-264-5437", "co4kids.org", "co4kids.org", "911", "report.cybertip.org", "report.cybertip.org"],
        "{contents:?}"
    );
    let links: Vec<String> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"Link".as_slice()))
        .filter_map(|d| d.get(b"Alt").ok().and_then(decode_text_string))
        .collect();
    let mut sorted = links.clone();
    sorted.sort();
    assert_eq!(sorted, ["1-844-CO-4-KIDS, 1-844-264-5437", "911", "co4kids.org", "report.cybertip.org"], "each announced once: {links:?}");
}

#[test]
fn a_county_edition_reads_its_name_first_and_describes_its_logo() {
    let project = awareprint::project::Project::open(&materials_dir()).unwrap();
    let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
    let edition = project.edition(id, path).unwrap();
    let poster = project.materials.iter().find(|(m, _)| m == "poster").unwrap();
    let doc = project.resolve_in(&edition, "poster", &poster.1, Some("en"), None).unwrap();
    let fonts = awareprint::layout::FontSet::load();
    let writer = awareprint::pdf::Writer::new(&fonts);
    let laid = awareprint::build::lay_out(&doc, false, &fonts).unwrap();
    let pdf = Pdf::parse(&laid.pdf(&writer, 0));
    assert!(pdfua_problems(&pdf).is_empty());
    assert_eq!(&roles(&pdf)[..2], ["P", "H1"], "county name, then the headline");
}

#[test]
fn a_county_bilingual_poster_reads_its_name_in_each_language_the_spanish_tagged_spanish() {
    use awareprint::layout::Item;
    let project = awareprint::project::Project::open(&materials_dir()).unwrap();
    let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
    let edition = project.edition(id, path).unwrap();
    let poster = project.materials.iter().find(|(m, _)| m == "bilingual-poster").unwrap();
    let doc = project.resolve_in(&edition, "bilingual-poster", &poster.1, Some("en-es"), None).unwrap();
    let fonts = awareprint::layout::FontSet::load();
    let laid = awareprint::build::lay_out(&doc, false, &fonts).unwrap();
    // The first elements' text, as drawn: each language's name, then its headline.
    let mut texts: Vec<(Option<String>, String)> = Vec::new();
    for item in &laid.pages[0].items {
        match item {
            Item::Start(node) => texts.push((node.lang.clone(), String::new())),
            Item::Text { glyphs, .. } if !texts.is_empty() => {
                texts.last_mut().unwrap().1 += &glyphs.iter().map(|g| g.text.as_str()).collect::<String>()
            }
            _ => {}
        }
    }
    let es = || Some("es-US".to_string());
    assert_eq!(
        texts[..4],
        [
            (None, "Boulder County".to_string()),
            (None, "Child trafficking is child abuse.".to_string()),
            (es(), "Condado de Boulder".to_string()),
            (es(), "La trata de menores es abuso infantil.".to_string())
        ],
        "{texts:?}"
    );
    let writer = awareprint::pdf::Writer::new(&fonts);
    let pdf = Pdf::parse(&laid.pdf(&writer, 0));
    assert!(pdfua_problems(&pdf).is_empty());
    let top = top_level(&pdf);
    assert_eq!((top[0].0.as_str(), top[0].2.as_deref()), ("P", None));
    assert_eq!(top[1].0, "H1");
    assert_eq!((top[2].0.as_str(), top[2].2.as_deref()), ("P", Some("es-US")), "{top:?}");
    assert_eq!((top[3].0.as_str(), top[3].2.as_deref()), ("H1", Some("es-US")), "{top:?}");
}

/// Checks the structure markers of one laid-out document's frames; returns what is
/// wrong. Every drawn text is inside an element or page furniture (no copy is left as
/// an artifact a screen reader skips), every link annotation is part of a Link element
/// that is announced as what it shows, every code and logo is a figure, and every
/// element ends.
pub(crate) fn marker_problems(pages: &[awareprint::layout::Page]) -> Vec<String> {
    use awareprint::layout::{Item, Node, Role};
    let mut out = Vec::new();
    // Open elements (None: furniture), and the text inside each Link element.
    let mut open: Vec<Option<Node>> = Vec::new();
    let mut link_text: Vec<String> = Vec::new();
    let alnum = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    for (n, page) in pages.iter().enumerate() {
        for item in &page.items {
            let inner = open.last().cloned();
            let furniture = open.iter().any(|o| o.is_none());
            match item {
                Item::Start(node) => {
                    if node.role == Role::Link {
                        link_text.push(String::new());
                    }
                    open.push(Some(node.clone()));
                }
                Item::Furniture => open.push(None),
                Item::End => match open.pop() {
                    None => out.push(format!("page {}: an End without its Start", n + 1)),
                    Some(Some(node)) if node.role == Role::Link => {
                        let shown = link_text.pop().unwrap_or_default();
                        let alt = node.alt.clone().unwrap_or_default();
                        if alnum(&alt) != alnum(&shown) || shown.is_empty() {
                            out.push(format!("page {}: a link announced as {alt:?} shows {shown:?}", n + 1));
                        }
                    }
                    _ => {}
                },
                Item::Text { glyphs, .. } => {
                    let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
                    if inner.is_none() && !furniture {
                        out.push(format!("page {}: `{}` is in no element", n + 1, text.trim()));
                    }
                    if let Some(t) = link_text.last_mut()
                        && !furniture
                    {
                        t.push_str(&text);
                    }
                }
                Item::Link { uri, .. } => {
                    if !matches!(&inner, Some(Some(node)) if node.role == Role::Link) {
                        out.push(format!("page {}: the link to {uri} is in no Link element", n + 1));
                    }
                }
                Item::Qr { payload, .. } => {
                    if !matches!(&inner, Some(Some(node)) if node.role == Role::Figure && node.alt.is_some()) {
                        out.push(format!("page {}: the code for {payload} is no figure", n + 1));
                    }
                }
                Item::Image { .. } => {
                    if !matches!(&inner, Some(Some(node)) if node.role == Role::Figure && node.alt.is_some()) {
                        out.push(format!("page {}: an image is no figure", n + 1));
                    }
                }
                // Art is a figure's content, or an artifact (decorative); a die line
                // is always an artifact.
                Item::Fill { .. } | Item::Group { .. } | Item::Marks { .. } | Item::Path { .. } | Item::DieLine { .. } => {}
            }
        }
    }
    if !open.is_empty() {
        out.push(format!("{} elements never end", open.len()));
    }
    out
}

/// Every material in every language, statewide and in a county edition with a logo, a
/// local contact and a web page.
fn laid_out_everywhere() -> impl Iterator<Item = &'static awareprint::build::Laid> {
    statewide_and_boulder_laid(Default::default()).iter().map(|(laid, _)| laid)
}

#[test]
fn structure_markers_tag_every_text_link_and_figure() {
    for laid in laid_out_everywhere() {
        let problems = marker_problems(&laid.pages);
        assert!(problems.is_empty(), "{}: {problems:#?}", laid.path.display());
    }
}

#[test]
fn the_marker_check_catches_what_a_template_could_get_wrong() {
    use awareprint::layout::{Item, Node, Role};
    let laid = laid_out_everywhere().find(|l| l.id == "poster" && l.lang == "en").unwrap();
    assert!(marker_problems(&laid.pages).is_empty());
    let broken = |f: &dyn Fn(&mut Vec<Item>)| {
        let mut pages = laid.pages.clone();
        f(&mut pages[0].items);
        marker_problems(&pages)
    };
    // A Start removed: an End too many (or a text in no element).
    let first_start = laid.pages[0].items.iter().position(|i| matches!(i, Item::Start(_))).unwrap();
    assert!(
        !broken(&|items| {
            items.remove(first_start);
        })
        .is_empty()
    );
    // An End removed: an element never ends.
    let first_end = laid.pages[0].items.iter().position(|i| matches!(i, Item::End)).unwrap();
    assert!(
        broken(&|items| {
            items.remove(first_end);
        })
        .iter()
        .any(|p| p.contains("never end"))
    );
    // A link described as another number than it shows.
    assert!(
        broken(&|items| {
            for i in items.iter_mut() {
                if let Item::Start(n) = i
                    && n.role == Role::Link
                {
                    *n = Node::new(Role::Link).alt("1-800-555-0199");
                    break;
                }
            }
        })
        .iter()
        .any(|p| p.contains("announced as"))
    );
    // A link annotation outside its Link element.
    assert!(
        broken(&|items| {
            let at = items.iter().position(|i| matches!(i, Item::Link { .. })).unwrap();
            let link = items.remove(at);
            items.insert(0, link);
        })
        .iter()
        .any(|p| p.contains("in no Link element"))
    );
    // A QR code outside its figure.
    assert!(
        broken(&|items| {
            let at = items.iter().position(|i| matches!(i, Item::Qr { .. })).unwrap();
            let code = items.remove(at);
            items.insert(0, code);
        })
        .iter()
        .any(|p| p.contains("is no figure"))
    );
}

#[test]
fn the_version_code_is_an_artifact_in_every_pdf_and_language() {
    // It is for print shops and staff who reorder: printed, never read aloud (in a
    // Spanish PDF it would be English ids in a Spanish voice).
    let project = awareprint::project::Project::open(&materials_dir()).unwrap();
    let revised = project.statewide().identity.revised.clone();
    let fonts = awareprint::layout::FontSet::load();
    let writer = awareprint::pdf::Writer::new(&fonts);
    let bare = |s: &str| s.split_whitespace().collect::<String>();
    let mut langs = BTreeSet::new();
    for laid in laid_out_everywhere() {
        let pdf = Pdf::parse(&laid.pdf(&writer, 0));
        let version = bare(&format!("{} · {} · {} · {revised}", laid.id, laid.lang, laid.edition));
        assert!(bare(&pdf.text()).contains(&version), "{}: the version code is printed: {}", laid.path.display(), pdf.text());
        let tagged = bare(&pdf.tagged_text());
        assert!(!tagged.contains(&version) && !tagged.contains(&revised), "{}: a screen reader reads {tagged}", laid.path.display());
        langs.insert(laid.lang.clone());
    }
    assert_eq!(langs.into_iter().collect::<Vec<_>>(), ["en", "en-es", "es"]);
}

/// What is wrong with the figures of a bilingual poster: each described in English
/// (inheriting the document's en-US) and then, as the next element with alternative
/// text, in Spanish under es-US; no description holds both languages.
fn bilingual_figure_problems(pdf: &Pdf) -> Vec<String> {
    let figures: Vec<(String, String, String)> = pdf.alts_with_lang().into_iter().filter(|(role, _, _)| role == "Figure").collect();
    let spanish = |alt: &str| alt.starts_with("Código QR: ") || alt.starts_with("Logotipo: ");
    let english = |alt: &str| alt.starts_with("QR code: ") || alt.starts_with("Logo: ");
    let mut out = Vec::new();
    if figures.is_empty() {
        out.push("no figures".to_string());
    }
    for (i, (_, alt, lang)) in figures.iter().enumerate() {
        if english(alt) && (lang != "en-US" || alt.contains("Código QR") || alt.contains("Logotipo")) {
            out.push(format!("{alt:?} in {lang}"));
        }
        if spanish(alt) && (lang != "es-US" || alt.contains("QR code") || alt.contains("Logo:")) {
            out.push(format!("{alt:?} in {lang}"));
        }
        if !english(alt) && !spanish(alt) {
            out.push(format!("{alt:?} is in neither language"));
        }
        if english(alt) && !figures.get(i + 1).is_some_and(|(_, next, _)| spanish(next)) {
            out.push(format!("{alt:?} has no Spanish description after it"));
        }
    }
    out
}

#[test]
fn a_bilingual_posters_figures_are_described_in_each_language_in_its_own_voice() {
    let fonts = awareprint::layout::FontSet::load();
    let writer = awareprint::pdf::Writer::new(&fonts);
    let bilingual: Vec<_> = laid_out_everywhere().filter(|l| l.lang == "en-es").collect();
    assert_eq!(bilingual.len(), 2, "statewide and Boulder");
    for laid in &bilingual {
        let pdf = Pdf::parse(&laid.pdf(&writer, 0));
        assert!(pdfua_problems(&pdf).is_empty(), "{}: {:?}", laid.path.display(), pdfua_problems(&pdf));
        let problems = bilingual_figure_problems(&pdf);
        assert!(problems.is_empty(), "{}: {problems:#?}", laid.path.display());
        let alts: Vec<String> = pdf.alts_with_lang().into_iter().filter(|(r, _, _)| r == "Figure").map(|(_, a, _)| a).collect();
        assert_eq!(
            &alts[..4],
            [
                "QR code: Colorado Child Abuse and Neglect Hotline (co4kids.org)",
                "Código QR: Línea directa de Colorado para reportar abuso y descuido de menores (co4kids.org)",
                "QR code: Report online to NCMEC’s CyberTipline (report.cybertip.org)",
                "Código QR: Haga un reporte en línea a la CyberTipline del NCMEC (report.cybertip.org)"
            ]
        );
    }
    // The check catches a Spanish description left in the document's language.
    let mut pages = bilingual[0].pages.clone();
    for item in pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        if let awareprint::layout::Item::Start(node) = item
            && node.role == awareprint::layout::Role::Figure
        {
            node.lang = None;
        }
    }
    let meta = bilingual[0].meta(0);
    let problems = bilingual_figure_problems(&Pdf::parse(&writer.write(&pages, &meta, true)));
    assert!(problems.iter().any(|p| p.contains("Código QR") && p.ends_with("in en-US")), "{problems:?}");
}

#[test]
fn an_issuer_is_read_in_the_documents_language_and_logos_in_both() {
    // A scratch copy of the materials with an issuer (name and logo) and a Boulder logo.
    let dir = Scratch::materials_copy("tagging-issuer");
    std::fs::write(dir.join("agency.png"), png(600, 300)).unwrap();
    std::fs::write(dir.join("counties/boulder-logo.png"), png(900, 300)).unwrap();
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "identity.yaml",
        "palette:",
        "issuer:\n  name:\n    en: Example Agency for Children\n    es: Agencia de Ejemplo para Menores\n  logo: agency.png\n\npalette:",
    );
    edit("counties/boulder.yaml", "contacts:", "logo: boulder-logo.png\ncontacts:");
    let project = awareprint::project::Project::open(&dir).unwrap_or_else(|p| panic!("{p:?}"));
    let revised = project.statewide().identity.revised.clone();
    let plan = statewide_and_boulder_plan(&project, Default::default());
    let built = awareprint::build::build_plan(&plan, 1, awareprint::build::DEFAULT_EPOCH);
    assert!(built.problems.is_empty(), "{:?}", built.problems);
    let bare = |s: &str| s.split_whitespace().collect::<String>();
    for b in &built.done {
        let pdf = Pdf::parse(&b.bytes);
        let name = |p: &str| format!("{} ({p})", b.path.display());
        assert!(pdfua_problems(&pdf).is_empty(), "{}", name(&format!("{:?}", pdfua_problems(&pdf))));
        let tagged = bare(&pdf.tagged_text());
        assert!(!tagged.contains(&revised), "{}", name("the version code is read"));
        // Printed in the document's first language, and read in it (a handout prints it
        // in its running footers, page furniture).
        let issuer = if b.lang == "es" { "Agencia de Ejemplo para Menores" } else { "Example Agency for Children" };
        if !b.id.ends_with("handout") {
            assert!(tagged.contains(&bare(issuer)), "{}", name(&format!("the issuer is not read: {tagged}")));
        }
        if b.lang == "en-es" {
            let problems = bilingual_figure_problems(&pdf);
            assert!(problems.is_empty(), "{}: {problems:#?}", b.path.display());
            let alts: Vec<String> = pdf.alts_with_lang().into_iter().filter(|(r, _, _)| r == "Figure").map(|(_, a, _)| a).collect();
            let logos: Vec<&str> = alts.iter().map(String::as_str).filter(|a| a.starts_with("Logo")).collect();
            let mut want = vec![];
            if b.edition == "boulder" {
                want.extend(["Logo: Boulder County", "Logotipo: Condado de Boulder"]);
            }
            want.extend(["Logo: Example Agency for Children", "Logotipo: Agencia de Ejemplo para Menores"]);
            assert_eq!(logos, want, "{}", b.path.display());
        }
    }
}
