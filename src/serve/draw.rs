//! The preview's pages: the chosen document, as built, drawn at about 800 pixels
//! across. Its logo is drawn from a copy reduced to what the preview can show: drawn
//! whole, the largest upload (3000 pixels a side) costs the renderer some 60 MB and
//! most of the time of a check, for a picture a few hundred pixels wide. Only the
//! image's samples change; where it sits and how large it prints (the content stream)
//! do not, so the page is the page that prints.

use crate::logo::Logo;
use crate::render::{self, Raster, RenderError, View};
use lopdf::{Object, ObjectId};

/// Samples kept per device pixel, at least, when a logo is reduced.
const OVERSAMPLE: f64 = 2.0;

/// The pages of `pdf` at `dpi`; `logo` is the county's logo and how wide it prints, in
/// points.
pub fn pages(pdf: &[u8], logo: Option<(&Logo, f64)>, dpi: f64) -> Result<Vec<Raster>, RenderError> {
    match logo.and_then(|(logo, width_pt)| reduced(pdf, logo, width_pt, dpi).transpose()) {
        Some(smaller) => render::render(&smaller?, dpi, View::Trim),
        None => render::render(pdf, dpi, View::Trim),
    }
}

/// `pdf` with the image of `logo` reduced for drawing at `dpi`, when it is larger than
/// that needs.
fn reduced(pdf: &[u8], logo: &Logo, width_pt: f64, dpi: f64) -> Result<Option<Vec<u8>>, RenderError> {
    let wanted = (width_pt / 72.0 * dpi * OVERSAMPLE).ceil().max(1.0);
    let k = (logo.width as f64 / wanted).floor() as usize;
    if k < 2 {
        return Ok(None);
    }
    let mut doc = lopdf::Document::load_mem(pdf).map_err(|e| RenderError::Pdf(e.to_string()))?;
    let Some(image) = named(&doc, logo.id.as_bytes()) else { return Ok(None) };
    let (w, h, rgb, alpha) = reduce(logo, k);
    let mask = replace(&mut doc, image, w, h, rgb);
    if let (Some(mask), Some(alpha)) = (mask, alpha) {
        replace(&mut doc, mask, w, h, alpha);
    }
    let mut smaller = Vec::new();
    doc.save_to(&mut smaller).map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok(Some(smaller))
}

/// The image a page's resources name `name` (the logo's resource name, `Im...`).
fn named(doc: &lopdf::Document, name: &[u8]) -> Option<ObjectId> {
    let xobjects = |d: &lopdf::Dictionary| match d.get(b"XObject").ok()? {
        Object::Dictionary(x) => Some(x.clone()),
        Object::Reference(r) => doc.get_dictionary(*r).ok().cloned(),
        _ => None,
    };
    doc.objects.values().find_map(|o| match o {
        Object::Dictionary(d) => xobjects(d)?.get(name).ok()?.as_reference().ok(),
        _ => None,
    })
}

/// Give the image stream `id` these samples, uncompressed; its soft mask, if any.
fn replace(doc: &mut lopdf::Document, id: ObjectId, w: usize, h: usize, samples: Vec<u8>) -> Option<ObjectId> {
    let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else { return None };
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.dict.set("Width", Object::Integer(w as i64));
    stream.dict.set("Height", Object::Integer(h as i64));
    stream.set_content(samples);
    stream.dict.get(b"SMask").ok().and_then(|m| m.as_reference().ok())
}

/// The logo averaged over blocks of `k` x `k` pixels: its size, RGB and alpha samples.
fn reduce(logo: &Logo, k: usize) -> (usize, usize, Vec<u8>, Option<Vec<u8>>) {
    let (w, h) = (logo.width as usize, logo.height as usize);
    let (rw, rh) = ((w / k).max(1), (h / k).max(1));
    let channels = if logo.alpha { 4 } else { 3 };
    let mut rgb = Vec::with_capacity(rw * rh * 3);
    let mut alpha = logo.alpha.then(|| Vec::with_capacity(rw * rh));
    for by in 0..rh {
        for bx in 0..rw {
            let mut sum = [0u32; 4];
            let (ys, xs) = (by * k..((by + 1) * k).min(h), bx * k..((bx + 1) * k).min(w));
            let n = (ys.len() * xs.len()).max(1) as u32;
            for y in ys {
                for x in xs.clone() {
                    let p = &logo.pixels[(y * w + x) * channels..][..channels];
                    for (s, v) in sum.iter_mut().zip(p) {
                        *s += u32::from(*v);
                    }
                }
            }
            rgb.extend(sum[..3].iter().map(|s| (s / n) as u8));
            if let Some(a) = &mut alpha {
                a.push((sum[3] / n) as u8);
            }
        }
    }
    (rw, rh, rgb, alpha)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A county edition with `logo` as its logo, built and laid out as a check does.
    fn poster_with(logo: Logo) -> (Vec<u8>, f64) {
        let project = crate::project::Project::open(std::path::Path::new("materials")).unwrap();
        let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").unwrap();
        let mut edition = project.edition(id, path).unwrap();
        edition.logo = Some(std::sync::Arc::new(logo));
        let (shown, problems) = crate::serve::edit::build(&project, &edition, crate::model::Profile::Office, 0);
        assert!(!problems.iter().any(|d| d.is_error()), "{problems:?}");
        let poster = shown.into_iter().find(|s| s.id == "poster" && s.lang == "en").unwrap();
        (poster.pdf, poster.logo_width_pt.unwrap())
    }

    #[test]
    fn a_reduced_logo_draws_the_same_page() {
        let (w, h) = (2400u32, 800u32);
        let pixels: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let (x, y) = (i % w, i / w);
                [(x / 40) as u8, (y / 20) as u8, if (x / 200 + y / 200) % 2 == 0 { 200 } else { 30 }, if x < 100 { 0 } else { 255 }]
            })
            .collect();
        let logo = Logo { width: w, height: h, alpha: true, pixels, id: "ImTestLogo".into() };
        let (pdf, width_pt) = poster_with(logo.clone());
        let dpi = 72.0;
        let whole = render::render(&pdf, dpi, View::Trim).unwrap();
        // The image drawn is the reduced one: 2,400 pixels printed about 1.7 in wide on
        // the poster, drawn at 72 dpi, oversampled, keep one pixel in 10.
        let smaller = lopdf::Document::load_mem(&reduced(&pdf, &logo, width_pt, dpi).unwrap().expect("reduced")).unwrap();
        let widths: Vec<i64> = smaller
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").ok().and_then(|t| t.as_name().ok()) == Some(b"Image"))
            .map(|s| s.dict.get(b"Width").unwrap().as_i64().unwrap())
            .collect();
        let k = (f64::from(w) / (width_pt / 72.0 * dpi * OVERSAMPLE).ceil()).floor() as i64;
        assert!(k > 1, "the logo is reduced ({k})");
        assert_eq!(widths, [i64::from(w) / k; 2], "the image and its mask, reduced");
        let reduced = pages(&pdf, Some((&logo, width_pt)), dpi).unwrap();
        assert_eq!(whole.len(), reduced.len());
        let (a, b) = (&whole[0], &reduced[0]);
        assert_eq!((a.width, a.height), (b.width, b.height));
        // The same page, but for how the logo's edge pixels are sampled.
        let differ = a.rgb.iter().zip(&b.rgb).filter(|(x, y)| x.abs_diff(**y) > 48).count();
        assert!(differ * 1000 < a.rgb.len(), "{differ} of {} samples differ", a.rgb.len());
        // And the logo is there: as many dark samples as the page drawn whole has.
        let dark = |r: &Raster| r.rgb.iter().filter(|v| **v < 60).count() as f64;
        assert!((dark(a) - dark(b)).abs() < 0.02 * dark(a), "{} and {} dark samples", dark(a), dark(b));
        let (blank, _) = poster_with(Logo { pixels: vec![255; (w * h * 4) as usize], ..logo.clone() });
        let blank = render::render(&blank, dpi, View::Trim).unwrap();
        assert!((dark(a) - dark(&blank[0])).abs() > 0.05 * dark(a), "the logo shows in the dark samples");
    }

    #[test]
    fn blocks_are_averaged() {
        let logo =
            Logo { width: 4, height: 2, alpha: true, pixels: [[0, 0, 0, 255], [100, 50, 10, 0]].repeat(4).concat(), id: "Im0".into() };
        let (w, h, rgb, alpha) = reduce(&logo, 2);
        assert_eq!((w, h), (2, 1));
        assert_eq!(rgb, [50, 25, 5, 50, 25, 5]);
        assert_eq!(alpha, Some(vec![127, 127]));
    }
}
