//! Previews: each document a build would make, written as PDF bytes in memory and
//! rendered page by page (`render`), the images written where the build would put
//! the PDF. Press PDFs get two images a page: the trim (what the reader holds) and the
//! whole sheet (bleed and crop marks).

use crate::build::{Export, Laid, ToFolder};
use crate::diag::{Diagnostic, Problems};
use crate::model::Profile;
use crate::pdf::Writer;
use crate::render::{self, View};
use std::path::{Path, PathBuf};

/// The images written for one document (paths under the output folder).
pub struct Previewed {
    pub id: String,
    pub edition: String,
    pub lang: String,
    pub title: String,
    /// The PDF's path relative to the output folder (written only for a gallery).
    pub pdf: PathBuf,
    /// Every image written, for the listing.
    pub images: Vec<PathBuf>,
    /// Each page's trim view and its thumbnail, relative to the output folder.
    pub pages: Vec<(PathBuf, Option<PathBuf>)>,
    pub warnings: Problems,
}

/// Renders each document's pages and hands the PNG files to a folder writer; for a
/// gallery, also a thumbnail of each page and the PDF itself.
pub struct ToImages {
    folder: ToFolder,
    dir: PathBuf,
    epoch: i64,
    dpi: f64,
    gallery: bool,
}

/// The resolution of a gallery's thumbnails: a Letter page 170 pixels wide.
pub const THUMB_DPI: f64 = 20.0;

impl ToImages {
    pub fn new(dir: &Path, epoch: i64, dpi: f64, gallery: bool) -> ToImages {
        ToImages { folder: ToFolder::new(dir, epoch), dir: dir.to_path_buf(), epoch, dpi, gallery }
    }

    /// Wait for the last writes; the files that could not be written, as problems.
    pub fn finish(self) -> Problems {
        self.folder.finish()
    }
}

/// The image of page `n` (from 1) of the PDF at `pdf_path`, and of its whole sheet.
pub fn image_path(pdf_path: &Path, n: usize, view: View) -> PathBuf {
    let stem = pdf_path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let name = match view {
        View::Trim => format!("{stem}-{n}.png"),
        View::Sheet => format!("{stem}-{n}-sheet.png"),
    };
    pdf_path.with_file_name(name)
}

impl Export for ToImages {
    type Out = Previewed;
    fn export(&self, _: usize, laid: Laid, writer: &Writer) -> Result<Previewed, Problems> {
        let bytes = laid.pdf(writer, self.epoch);
        let pdf_path = self.dir.join(&laid.path);
        let cannot = |e: render::RenderError| vec![Diagnostic::error(format!("cannot preview: {e}")).in_file(&pdf_path)];
        let views: &[View] = if laid.profile == Profile::Press { &[View::Trim, View::Sheet] } else { &[View::Trim] };
        let mut images = Vec::new();
        let mut pages = Vec::new();
        // One page at a time: memory holds one page's pixels whatever the document's length.
        let doc = render::Document::open(&bytes).map_err(cannot)?;
        for &view in views {
            for i in 0..doc.len() {
                let page = doc.page(i, self.dpi, view).map_err(cannot)?.raster;
                let path = image_path(&pdf_path, i + 1, view);
                self.folder.send(&path, page.png())?;
                if view == View::Trim {
                    pages.push((image_path(&laid.path, i + 1, view), None));
                }
                images.push(path);
            }
        }
        if self.gallery {
            for i in 0..doc.len() {
                let thumb = doc.page(i, THUMB_DPI, View::Trim).map_err(cannot)?.raster;
                let name = image_path(&laid.path, i + 1, View::Trim).with_extension("thumb.png");
                self.folder.send(&self.dir.join(&name), thumb.png())?;
                if let Some(p) = pages.get_mut(i) {
                    p.1 = Some(name);
                }
            }
            self.folder.send(&pdf_path, bytes)?;
        }
        Ok(Previewed {
            id: laid.id,
            edition: laid.edition,
            lang: laid.lang,
            title: laid.title,
            pdf: laid.path,
            images,
            pages,
            warnings: laid.warnings,
        })
    }
}
