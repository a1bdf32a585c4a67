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

/// The images written for one document.
pub struct Previewed {
    pub images: Vec<PathBuf>,
    pub warnings: Problems,
}

/// Renders each document's pages and hands the PNG files to a folder writer.
pub struct ToImages {
    folder: ToFolder,
    dir: PathBuf,
    epoch: i64,
    dpi: f64,
}

impl ToImages {
    pub fn new(dir: &Path, epoch: i64, dpi: f64) -> ToImages {
        ToImages { folder: ToFolder::new(dir, epoch), dir: dir.to_path_buf(), epoch, dpi }
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
        let views: &[View] = if laid.profile == Profile::Press { &[View::Trim, View::Sheet] } else { &[View::Trim] };
        let mut images = Vec::new();
        for &view in views {
            let pages = render::render(&bytes, self.dpi, view)
                .map_err(|e| vec![Diagnostic::error(format!("cannot preview: {e}")).in_file(&pdf_path)])?;
            for (i, page) in pages.iter().enumerate() {
                let path = image_path(&pdf_path, i + 1, view);
                self.folder.send(&path, page.png())?;
                images.push(path);
            }
        }
        Ok(Previewed { images, warnings: laid.warnings })
    }
}
