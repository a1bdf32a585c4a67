//! Layout: resolved content to frames, one template per kind of material.

mod card;
pub mod flow;
mod handout;
pub mod kit;
mod poster;
pub(crate) mod sticker;
pub mod text;

pub use crate::frame::{self, Color, FontId, FontSet, Item, Node, Page, Role, font};
pub use crate::units::{Abs, Point, Rect, Size};

use crate::content::{Block, Doc};
use crate::diag::{Diagnostic, Problems};
use flow::FlowError;
use text::Shaper;

/// A logo's printed size: `max_h` tall, or narrower when that is wider than `max_w`,
/// keeping its aspect.
fn logo_size(logo: &crate::logo::Logo, max_w: Abs, max_h: Abs) -> Size {
    let aspect = logo.width as f64 / logo.height as f64;
    if max_h * aspect > max_w { Size::new(max_w, max_w / aspect) } else { Size::new(max_h * aspect, max_h) }
}

/// A warning when `logo` printed `w` wide falls under 300 ppi; `what` says which logo
/// and where, `{ppi}` standing for the resolution.
fn low_ppi(logo: &crate::logo::Logo, w: Abs, what: String) -> Option<Diagnostic> {
    let ppi = logo.ppi(w.to_pt());
    (ppi < crate::logo::MIN_PPI).then(|| {
        Diagnostic::warning(format!(
            "{} ({} x {} px at {:.2} in wide); 300 ppi or more prints sharply",
            what.replace("{ppi}", &format!("{ppi:.0}")),
            logo.width,
            logo.height,
            w.to_pt() / 72.0
        ))
    })
}

/// A laid-out material.
#[derive(Clone, Debug)]
pub struct Layout {
    pub pages: Vec<Page>,
    /// The smallest body text size the fitting had to use.
    pub smallest_body: Abs,
    /// Things worth a look that do not stop the build (a low-resolution logo).
    pub warnings: Vec<Diagnostic>,
}

/// A county logo on a white plate: at most `max_h` tall and `max_w` wide, keeping its
/// aspect, with `pad` around it.
struct LogoPlate {
    size: Size,
    image: Size,
    pad: Abs,
    logo: std::sync::Arc<crate::logo::Logo>,
    /// Set when the logo prints below 300 ppi.
    warning: Option<Diagnostic>,
}

impl LogoPlate {
    fn new(doc: &Doc, max_w: Abs, max_h: Abs, pad: Abs) -> Option<LogoPlate> {
        let logo = doc.logo.clone()?;
        let image = logo_size(&logo, max_w, max_h);
        // Beside the county file's `logo`, which is what a partner mends.
        let warning = low_ppi(&logo, image.w, format!("the logo prints at {{ppi}} ppi on {}", doc.id)).map(|d| match &doc.edition_file {
            Some(county) => d.in_file(county).field("logo"),
            None => d,
        });
        Some(LogoPlate { size: Size::new(image.w + pad * 2.0, image.h + pad * 2.0), image, pad, logo, warning })
    }

    /// The plate and the image with the plate's top-left corner at (x, y); the image
    /// is a figure described as the county's logo.
    fn items(&self, x: Abs, y: Abs, doc: &Doc) -> Vec<Item> {
        let image = Item::Image { rect: Rect::new(x + self.pad, y + self.pad, self.image.w, self.image.h), logo: self.logo.clone() };
        let mut items = vec![Item::Fill { rect: Rect::new(x, y, self.size.w, self.size.h), color: Color::WHITE }];
        items.extend(figure(doc, image, |d| format!("{}: {}", d.logo_label, d.county_name().unwrap_or_default())));
        items
    }
}

/// `drawn` (a logo) as a figure described by `describe` in the document's language,
/// then, for a bilingual poster, the same description in the second language as an
/// element of its own in that language, with nothing drawn in it: a screen reader
/// reads each half in its own voice.
fn figure(doc: &Doc, drawn: Item, describe: impl Fn(&Doc) -> String) -> Vec<Item> {
    let mut items = frame::wrap(Node::new(Role::Figure).alt(describe(doc)), vec![drawn]);
    if let Some(other) = doc.second.as_deref() {
        items.extend(frame::wrap(Node::new(Role::Figure).alt(describe(other)).lang(Some(&other.lang)), Vec::new()));
    }
    items
}

/// Lay out a material with its kind's template.
pub fn layout(doc: &Doc, fonts: &FontSet) -> Result<Layout, Problems> {
    let mut shaper = Shaper::new(fonts);
    // A bilingual poster describes a QR code in both languages, as its captions are.
    shaper.qr_label = doc.qr_label.clone();
    shaper.qr_label_in = doc.second.iter().map(|other| (other.lang.clone(), other.qr_label.clone())).collect();
    let Some(template) = template(doc.kind.template) else {
        return Err(vec![Diagnostic::error(format!("no template `{}` for {}", doc.kind.template, doc.kind.noun)).in_file(&doc.file)]);
    };
    template(doc, &mut shaper)
}

/// A template: a resolved material to pages.
pub type Template = fn(&Doc, &mut Shaper) -> Result<Layout, Problems>;

/// The templates by name, as a kind's row in `kinds::KINDS` names them.
const TEMPLATES: &[(&str, Template)] =
    &[("poster", poster::layout), ("handout", handout::layout), ("card", card::layout), ("sticker", sticker::layout)];

/// The template called `name`.
pub fn template(name: &str) -> Option<Template> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The small print at the foot of a material: the issuing agency (when
/// `identity.yaml` names one) and the version code, in the muted colour at `size`,
/// from (0, 0) across at most `width`: on one line when both fit, else the issuer's
/// line over the version code's; each must fit on one line. With the issuer's logo
/// `logo.0` tall (at most `logo.1` wide) before it where the template has room for one.
/// Returns the items, the height and a warning for a logo that prints below 300 ppi.
fn imprint(doc: &Doc, shaper: &mut Shaper, size: Abs, width: Abs, logo: Option<(Abs, Abs)>) -> Result<Imprint, Problems> {
    let mut items = Vec::new();
    let mut x = Abs::ZERO;
    let mut logo_h = Abs::ZERO;
    let mut warning = None;
    if let (Some(image), Some((max_h, max_w))) = (&doc.issuer_logo, logo) {
        let Size { w, h } = logo_size(image, max_w, max_h);
        warning =
            low_ppi(image, w, format!("the issuer's logo prints at {{ppi}} ppi on {}", doc.id)).map(|d| d.in_file(&identity_file(doc)));
        let item = Item::Image { rect: Rect::new(Abs::ZERO, Abs::ZERO, w, h), logo: image.clone() };
        items.extend(figure(doc, item, |d| format!("{}: {}", d.logo_label, d.issuer.clone().unwrap_or_default())));
        x = w + size;
        logo_h = h;
    }
    let room = width - x;
    let too_wide = |what: &str, over: Abs| {
        let d = Diagnostic::error(format!("{} ({}): the {what} is {over} too long for one line of small print", doc.id, doc.lang_code));
        vec![match (&doc.issuer, &doc.edition_file) {
            (None, Some(county)) => {
                d.in_file(county).hint("the edition's id (the county file's name) prints in the version code: give the file a shorter name")
            }
            _ => d.in_file(&identity_file(doc)).field("issuer.name").hint("shorten the issuer's name"),
        }]
    };
    let one_line = |shaper: &mut Shaper, text: &str, what: &str| -> Result<Vec<(Abs, Item)>, Problems> {
        let w = shaper.width(FontId::Regular, text, size).map_err(|c| vec![flow_error_glyph(doc, c, size)])?;
        if !w.fits(room) {
            return Err(too_wide(what, w - room));
        }
        flow::text_lines(shaper, FontId::Regular, text, size, 1.2, room, doc.palette.muted).map_err(|_| too_wide(what, w - room))
    };
    // The issuer's name is content, read in the document's language; the version code
    // is for print shops and staff who reorder: an artifact, never read aloud.
    let text = doc.imprint();
    let single = flow::text_lines(shaper, FontId::Regular, &text, size, 1.2, room, doc.palette.muted).ok().filter(|l| l.len() == 1);
    let single = single.and_then(|line| match &doc.issuer {
        None => Some(artifact(line)),
        Some(issuer) => name_then_version(line, issuer, shaper.fonts),
    });
    // The version code on one line, or, where it is too long for the room (a long
    // edition id on a card), on two: material, language and the fingerprint, then
    // edition and date.
    let version = |shaper: &mut Shaper| -> Result<Vec<(Abs, Item)>, Problems> {
        match one_line(shaper, &doc.version, "version code") {
            Ok(line) => Ok(line),
            Err(e) => {
                let parts: Vec<&str> = doc.version.split(" · ").collect();
                if parts.len() < 4 {
                    return Err(e);
                }
                let (first, second) = (parts[..2].iter().chain(&parts[4..]), &parts[2..4]);
                let mut lines = one_line(shaper, &first.copied().collect::<Vec<_>>().join(" · "), "version code")?;
                lines.extend(one_line(shaper, &second.join(" · "), "version code")?);
                Ok(lines)
            }
        }
    };
    let lines = match (single, &doc.issuer) {
        (Some(lines), _) => lines,
        (None, Some(issuer)) => {
            let mut lines = flow::wrap_lines(Node::new(Role::P), one_line(shaper, issuer, "issuer's name")?);
            lines.extend(artifact(version(shaper)?));
            lines
        }
        (None, None) => artifact(version(shaper)?),
    };
    let (lines, h) = flow::stack(lines);
    let top = (logo_h - h).max(Abs::ZERO) / 2.0;
    for mut line in lines {
        line.translate(x, top);
        items.push(line);
    }
    Ok(Imprint { items, height: logo_h.max(h), warning })
}

/// `lines` as page furniture: drawn, but an artifact a screen reader skips.
fn artifact(mut lines: Vec<(Abs, Item)>) -> Vec<(Abs, Item)> {
    lines.insert(0, (Abs::ZERO, Item::Furniture));
    lines.push((Abs::ZERO, Item::End));
    lines
}

/// The small print's one line (`issuer · version`) as the issuer's name, a paragraph,
/// and the rest (` · ` and the version code), an artifact, each glyph where it was
/// shaped; `None` when the line does not start with the whole name.
fn name_then_version(mut line: Vec<(Abs, Item)>, issuer: &str, fonts: &FontSet) -> Option<Vec<(Abs, Item)>> {
    let (h, item) = line.pop().filter(|_| line.is_empty())?;
    let (name, rest) = frame::split_text(item, issuer, fonts)?;
    let mut lines = flow::wrap_lines(Node::new(Role::P), vec![(Abs::ZERO, name)]);
    lines.extend(artifact(vec![(h, rest)]));
    Some(lines)
}

/// The identity file beside the material's file (messages about the small print).
fn identity_file(doc: &Doc) -> std::path::PathBuf {
    doc.file.parent().unwrap_or(std::path::Path::new(".")).join(crate::content::IDENTITY_FILE)
}

/// A character of the small print the font has no glyph for.
fn flow_error_glyph(doc: &Doc, c: char, size: Abs) -> Diagnostic {
    Diagnostic::error(format!("{}: {}", doc.id, FlowError::MissingGlyph(c).message(size))).in_file(&identity_file(doc))
}

/// The small print laid out: items from (0, 0), their height, and a warning about the
/// issuer's logo.
struct Imprint {
    items: Vec<Item>,
    height: Abs,
    warning: Option<Diagnostic>,
}

/// The county name of an edition as white bold lines (tagged as the document's first
/// paragraph); none for the statewide edition. A bilingual material's second language
/// names the county under it, in the regular weight and tagged in that language.
fn county_name(doc: &Doc, shaper: &mut Shaper, size: Abs, leading: f64, width: Abs) -> Result<Vec<(Abs, Item)>, Problems> {
    let (Some(name), Some(block)) = (doc.county_name(), &doc.county) else { return Ok(Vec::new()) };
    let kicker = flow::text_lines(shaper, FontId::Bold, name, size, leading, width, Color::WHITE)
        .map_err(|e| vec![block.error(doc, e.message(size))])?;
    let mut out = flow::wrap_lines(Node::new(Role::P), kicker);
    if let Some(other) = doc.second.as_deref()
        && let (Some(translated), Some(block)) = (other.county_name(), &other.county)
        && translated != name
    {
        let lines = flow::text_lines(shaper, FontId::Regular, translated, size, leading, width, Color::WHITE)
            .map_err(|e| vec![block.error(other, e.message(size))])?;
        out.extend(flow::wrap_lines(Node::new(Role::P).lang(Some(&other.lang)), lines));
    }
    Ok(out)
}

/// A flow error as a diagnostic naming the block.
fn flow_error(doc: &Doc, blocks: &[Block], (index, err): (usize, FlowError), size: Abs) -> Diagnostic {
    block_error(doc, blocks, index, err.message(size))
}

/// A message about block `index` of `blocks`; an index past the end is the edition's
/// county name (a template that lays it out with the blocks numbers it so).
fn block_error(doc: &Doc, blocks: &[Block], index: usize, message: String) -> Diagnostic {
    match blocks.get(index).or(doc.county.as_ref()) {
        Some(b) => b.error(doc, message),
        None => Diagnostic::error(message).in_file(&doc.file),
    }
}

/// The largest of [`sizes`]`(max, min)` at which `try_at` fits the copy (`Ok(Some)`;
/// `Ok(None)` when it does not fit, `Err` to stop), with what it laid out; `None` when
/// not even `min` fits. The largest is tried first, then the smallest, then the
/// sizes between by halving: a handful of layouts instead of one per quarter point.
/// Copy that fits at a size fits at every smaller one (lines only get shorter), so
/// this finds the size a step-by-step search would; it depends on nothing but the
/// document, so a build stays byte-identical.
fn largest_fit<T>(max: Abs, min: Abs, mut try_at: impl FnMut(Abs) -> Result<Option<T>, Problems>) -> Result<Option<(Abs, T)>, Problems> {
    let all: Vec<Abs> = sizes(max, min).collect();
    let last = all.len() - 1;
    if let Some(t) = try_at(all[0])? {
        return Ok(Some((all[0], t)));
    }
    if last == 0 {
        return Ok(None);
    }
    let Some(mut best) = try_at(all[last])? else { return Ok(None) };
    // all[lo] does not fit, all[hi] does.
    let (mut lo, mut hi) = (0, last);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        match try_at(all[mid])? {
            Some(t) => {
                hi = mid;
                best = t;
            }
            None => lo = mid,
        }
    }
    Ok(Some((all[hi], best)))
}

/// A full-width band of colour from `y` down `h` on a page of geometry `g`. Where the
/// page bleeds (the press) it runs into the bleed at the sides, and at the top when it
/// starts there; for the office it keeps inside the paper's margin, which an office
/// printer cannot print, so that no sliver of it is lost at the paper's edge.
fn band(g: &crate::kinds::Geometry, y: Abs, h: Abs) -> Rect {
    if g.bleed > Abs::ZERO {
        let top = if y == Abs::ZERO { -g.bleed } else { y };
        Rect::new(-g.bleed, top, g.trim.w + g.bleed * 2.0, y + h - top)
    } else {
        let m = g.paper_margin;
        let top = y.max(m);
        Rect::new(m, top, g.trim.w - m * 2.0, (y + h - top).max(Abs::ZERO))
    }
}

/// Body sizes to try, largest first, in quarter points.
fn sizes(max: Abs, min: Abs) -> impl Iterator<Item = Abs> {
    let steps = ((max - min).to_pt() * 4.0).floor().max(0.0) as usize;
    (0..=steps).map(move |i| max - Abs::pt(i as f64 * 0.25))
}

#[cfg(test)]
mod tests {
    use super::{Abs, largest_fit, sizes};

    #[test]
    fn largest_fit_finds_what_a_step_by_step_search_finds() {
        let (max, min) = (Abs::pt(20.0), Abs::pt(14.0));
        for limit in sizes(Abs::pt(21.0), Abs::pt(13.0)) {
            let fits = |s: Abs| s <= limit;
            let mut tries = 0;
            let got = largest_fit(max, min, |s| {
                tries += 1;
                Ok(fits(s).then_some(s))
            })
            .unwrap();
            let want = sizes(max, min).find(|s| fits(*s));
            assert_eq!(got.map(|(s, _)| s), want, "limit {limit}");
            assert!(tries <= 7, "{tries} layouts for limit {limit}");
        }
        // One size only: tried once.
        assert_eq!(largest_fit(min, min, |s| Ok(Some(s))).unwrap().map(|(s, _)| s), Some(min));
        assert_eq!(largest_fit(min, min, |_| Ok::<Option<()>, _>(None)).unwrap(), None);
        // An error stops the search.
        let stop = crate::diag::Diagnostic::error("stop");
        assert_eq!(largest_fit(max, min, |_| Err::<Option<()>, _>(vec![stop.clone()])).unwrap_err().len(), 1);
    }

    #[test]
    fn every_kind_has_its_template() {
        for k in crate::kinds::KINDS {
            assert!(super::template(k.template).is_some(), "{}: no template `{}`", k.name, k.template);
        }
    }
}
