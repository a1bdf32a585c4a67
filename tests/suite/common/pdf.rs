//! PDFs read the way a print shop and a phone read them: parse the file, read its
//! boxes and fonts, extract its text, rasterize its QR codes and decode them.

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

pub struct Pdf {
    pub doc: Document,
}

impl Pdf {
    pub fn parse(bytes: &[u8]) -> Pdf {
        Pdf { doc: Document::load_mem(bytes).expect("a valid PDF") }
    }

    pub fn pages(&self) -> Vec<ObjectId> {
        self.doc.get_pages().into_values().collect()
    }

    /// A page box as [x0, y0, x1, y1] in points.
    pub fn page_box(&self, page: ObjectId, name: &str) -> Option<[f64; 4]> {
        let dict = self.doc.get_dictionary(page).ok()?;
        let arr = dict.get(name.as_bytes()).ok()?.as_array().ok()?;
        let v: Vec<f64> = arr.iter().map(|o| number(o).expect("numeric box")).collect();
        Some([v[0], v[1], v[2], v[3]])
    }

    /// The text of every page, whitespace folded to single spaces (lines join with a
    /// space, as a reader hears them).
    pub fn text(&self) -> String {
        let n: Vec<u32> = (1..=self.pages().len() as u32).collect();
        self.doc.extract_text(&n).expect("text extracts").split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The text a screen reader meets: every page's text with what is drawn in
    /// artifacts (marked-content sequences tagged /Artifact) left out, whitespace
    /// folded as [`Pdf::text`] folds it.
    pub fn tagged_text(&self) -> String {
        let mut doc = self.doc.clone();
        for page in self.pages() {
            let content = Content::decode(&doc.get_page_content(page)).unwrap();
            // For each marked-content sequence open: whether it is (inside) an artifact.
            let mut open: Vec<bool> = Vec::new();
            let mut kept = Vec::new();
            for op in content.operations {
                let in_artifact = open.last().copied().unwrap_or(false);
                match op.operator.as_str() {
                    "BMC" | "BDC" => open.push(in_artifact || op.operands.first().and_then(|o| o.as_name().ok()) == Some(b"Artifact")),
                    "EMC" => {
                        open.pop();
                    }
                    // Only the text shown goes: fonts and positions set inside an
                    // artifact still hold after it.
                    "Tj" | "TJ" | "'" | "\"" if in_artifact => continue,
                    _ => {}
                }
                kept.push(op);
            }
            doc.change_page_content(page, Content { operations: kept }.encode().unwrap()).unwrap();
        }
        let n: Vec<u32> = (1..=self.pages().len() as u32).collect();
        doc.extract_text(&n).expect("text extracts").split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The text of page `page` drawn where `keep(x, y, size)` holds: each text run
    /// kept or left out by the origin its text matrix sets (PDF points, y up) and its
    /// font size; whitespace folded as [`Pdf::text`] folds it.
    pub fn text_where(&self, page: ObjectId, keep: impl Fn(f64, f64, f64) -> bool) -> String {
        let mut doc = self.doc.clone();
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let (mut at, mut size) = ((0.0, 0.0), 0.0);
        let mut kept = Vec::new();
        for op in content.operations {
            let nums: Vec<f64> = op.operands.iter().filter_map(number).collect();
            match op.operator.as_str() {
                "Tf" => size = nums.last().copied().unwrap_or(0.0),
                "Tm" => at = (nums[4], nums[5]),
                "Tj" | "TJ" if !keep(at.0, at.1, size) => continue,
                _ => {}
            }
            kept.push(op);
        }
        doc.change_page_content(page, Content { operations: kept }.encode().unwrap()).unwrap();
        let n = self.pages().iter().position(|p| *p == page).unwrap() as u32 + 1;
        doc.extract_text(&[n]).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Every structure element with alternative text: (its role, the text, its
    /// language: its own /Lang, else its nearest ancestor's, else the document's).
    pub fn alts_with_lang(&self) -> Vec<(String, String, String)> {
        let doc = &self.doc;
        let catalog = doc.catalog().unwrap();
        let document_lang = catalog.get(b"Lang").ok().and_then(decode_text_string).unwrap_or_default();
        let Ok(root) = catalog.get(b"StructTreeRoot").and_then(|r| r.as_reference()) else { return Vec::new() };
        let mut out = Vec::new();
        // Depth first from the root, in reading order, each element with its inherited language.
        let mut stack = vec![(root, document_lang)];
        while let Some((id, inherited)) = stack.pop() {
            let Ok(d) = doc.get_dictionary(id) else { continue };
            let lang = d.get(b"Lang").ok().and_then(decode_text_string).unwrap_or(inherited);
            if let (Some(alt), Ok(role)) = (d.get(b"Alt").ok().and_then(decode_text_string), d.get(b"S").and_then(|s| s.as_name())) {
                out.push((String::from_utf8_lossy(role).to_string(), alt, lang.clone()));
            }
            let kids = d.get(b"K").ok().and_then(|k| k.as_array().ok()).cloned().unwrap_or_default();
            for kid in kids.iter().rev() {
                if let Object::Reference(r) = kid {
                    stack.push((*r, lang.clone()));
                }
            }
        }
        out
    }

    /// The XMP packet, as it is written (uncompressed).
    pub fn xmp(&self) -> String {
        let catalog = self.doc.catalog().unwrap();
        let stream = self.doc.get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
        String::from_utf8_lossy(&stream.content).to_string()
    }

    pub fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
        let dict = self.doc.get_dictionary(info).ok()?;
        decode_text_string(dict.get(key.as_bytes()).ok()?)
    }

    pub fn catalog_string(&self, key: &str) -> Option<String> {
        decode_text_string(self.doc.catalog().ok()?.get(key.as_bytes()).ok()?)
    }

    /// Every font: (BaseFont, embedded program present, ToUnicode present).
    pub fn fonts(&self) -> Vec<(String, bool, bool)> {
        let mut out = Vec::new();
        for obj in self.doc.objects.values() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Font".as_slice())
                || dict.get(b"Subtype").and_then(|t| t.as_name()).ok() != Some(b"Type0".as_slice())
            {
                continue;
            }
            let name = String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap()).to_string();
            let to_unicode = dict.has(b"ToUnicode");
            let desc = dict.get(b"DescendantFonts").unwrap().as_array().unwrap()[0].clone();
            let desc = match desc {
                Object::Reference(r) => self.doc.get_dictionary(r).unwrap().clone(),
                Object::Dictionary(d) => d,
                _ => panic!("descendant font"),
            };
            let fd = self.doc.get_dictionary(desc.get(b"FontDescriptor").unwrap().as_reference().unwrap()).unwrap();
            out.push((name, fd.has(b"FontFile2"), to_unicode));
        }
        out.sort();
        out
    }

    /// Link annotations on a page: (URI, rect).
    pub fn links(&self, page: ObjectId) -> Vec<(String, [f64; 4])> {
        let dict = self.doc.get_dictionary(page).unwrap();
        let Ok(annots) = dict.get(b"Annots").and_then(|a| a.as_array()) else {
            return Vec::new();
        };
        annots
            .iter()
            .filter_map(|a| {
                let d = match a {
                    Object::Reference(r) => self.doc.get_dictionary(*r).ok()?,
                    Object::Dictionary(d) => d,
                    _ => return None,
                };
                let action = d.get(b"A").ok()?.as_dict().ok()?;
                let uri = match action.get(b"URI").ok()? {
                    Object::String(s, _) => String::from_utf8_lossy(s).to_string(),
                    _ => return None,
                };
                let r: Vec<f64> = d.get(b"Rect").ok()?.as_array().ok()?.iter().filter_map(number).collect();
                Some((uri, [r[0], r[1], r[2], r[3]]))
            })
            .collect()
    }

    /// Every /Alt text in the structure tree (what a screen reader says for figures
    /// and links).
    pub fn alt_texts(&self) -> Vec<String> {
        self.doc.objects.values().filter_map(|o| o.as_dict().ok()).filter_map(|d| d.get(b"Alt").ok().and_then(decode_text_string)).collect()
    }

    /// Filled paths on a page, each as its subpaths' bounding boxes in points, with
    /// the CMYK fill colour (all -1 for a separation: the registration colour of crop
    /// marks).
    pub fn fills(&self, page: ObjectId) -> Vec<Fill> {
        let content = Content::decode(&self.doc.get_page_content(page)).unwrap();
        let mut fills = Vec::new();
        let mut color = [0.0, 0.0, 0.0, 1.0];
        let mut subpaths: Vec<Vec<(f64, f64)>> = Vec::new();
        for op in content.operations {
            let nums: Vec<f64> = op.operands.iter().filter_map(number).collect();
            match op.operator.as_str() {
                "k" => color = [nums[0], nums[1], nums[2], nums[3]],
                "cs" | "scn" => color = [-1.0; 4],
                "m" => subpaths.push(vec![(nums[0], nums[1])]),
                "l" => subpaths.last_mut().unwrap().push((nums[0], nums[1])),
                // A curve's control points bound it.
                "c" => subpaths.last_mut().unwrap().extend(nums.chunks(2).map(|p| (p[0], p[1]))),
                "re" => subpaths.push(vec![(nums[0], nums[1]), (nums[0] + nums[2], nums[1] + nums[3])]),
                "f" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let rects = subpaths
                        .drain(..)
                        .map(|pts| {
                            let xs = pts.iter().map(|p| p.0);
                            let ys = pts.iter().map(|p| p.1);
                            [
                                xs.clone().fold(f64::MAX, f64::min),
                                ys.clone().fold(f64::MAX, f64::min),
                                xs.fold(f64::MIN, f64::max),
                                ys.fold(f64::MIN, f64::max),
                            ]
                        })
                        .collect();
                    fills.push(Fill { rects, cmyk: color });
                }
                // A stroked path (a die line, a pictogram) is no fill.
                "n" | "S" | "s" => subpaths.clear(),
                _ => {}
            }
        }
        fills
    }

    /// Decode every QR code drawn on a page (a fill of many rectangles), rasterized
    /// from the page's filled paths around it.
    pub fn qr_codes(&self, page: ObjectId) -> Vec<QrFound> {
        let fills = self.fills(page);
        let mut found = Vec::new();
        for qr in fills.iter().filter(|f| f.rects.len() >= 20 && f.cmyk[0] >= 0.0) {
            let bbox = qr.bbox();
            let module = qr.rects.iter().map(|r| r[3] - r[1]).fold(f64::MAX, f64::min);
            // 8 pixels a module; a margin of 5 modules around the symbol.
            let scale = 8.0 / module;
            let margin = 5.0 * module;
            let (x0, y0) = (bbox[0] - margin, bbox[1] - margin);
            let w = ((bbox[2] - bbox[0] + 2.0 * margin) * scale).ceil() as usize;
            let h = ((bbox[3] - bbox[1] + 2.0 * margin) * scale).ceil() as usize;
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |px, py| {
                let x = x0 + (px as f64 + 0.5) / scale;
                let y = y0 + (h as f64 - py as f64 - 0.5) / scale;
                // Paint every fill in page order; the last one covering the pixel wins.
                let mut grey = 255.0;
                for f in &fills {
                    if f.rects.iter().any(|r| x >= r[0] && x < r[2] && y >= r[1] && y < r[3]) {
                        grey = f.grey();
                    }
                }
                grey as u8
            });
            for grid in img.detect_grids() {
                let (_, content) = grid.decode().expect("QR code decodes");
                found.push(QrFound { payload: content, width_pt: bbox[2] - bbox[0], module_pt: module, bbox });
            }
        }
        found
    }
}

pub struct Fill {
    pub rects: Vec<[f64; 4]>,
    pub cmyk: [f64; 4],
}

impl Fill {
    pub fn bbox(&self) -> [f64; 4] {
        self.rects
            .iter()
            .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, r| [b[0].min(r[0]), b[1].min(r[1]), b[2].max(r[2]), b[3].max(r[3])])
    }

    /// Lightness on paper, 0 (black) to 255 (white).
    pub fn grey(&self) -> f64 {
        let [c, m, y, k] = self.cmyk;
        let r = (1.0 - c) * (1.0 - k);
        let g = (1.0 - m) * (1.0 - k);
        let b = (1.0 - y) * (1.0 - k);
        255.0 * (0.299 * r + 0.587 * g + 0.114 * b)
    }
}

#[derive(Debug)]
pub struct QrFound {
    pub payload: String,
    /// Printed width of the symbol (quiet zone excluded), points.
    pub width_pt: f64,
    pub module_pt: f64,
    pub bbox: [f64; 4],
}

pub fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

pub fn decode_text_string(o: &Object) -> Option<String> {
    let Object::String(bytes, _) = o else { return None };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    } else {
        Some(String::from_utf8_lossy(bytes).to_string())
    }
}

pub const PT_PER_CM: f64 = 72.0 / 2.54;

/// A one-page PDF of 100 x 100 pt whose content stream is `content` (no resources):
/// for tests of what the renderer does with operators.
pub fn one_page_pdf(content: Vec<u8>) -> Vec<u8> {
    use lopdf::dictionary;
    let mut doc = lopdf::Document::with_version("1.7");
    let content_id = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), content));
    let pages_id = doc.new_object_id();
    let page = dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "Resources" => dictionary! {},
    };
    let page_id = doc.add_object(page);
    doc.objects
        .insert(pages_id, lopdf::Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}
