//! Layout: resolved content to frames, one template per kind of material.

mod card;
pub mod flow;
pub mod font;
pub mod frame;
mod handout;
mod poster;
pub mod text;
pub mod units;

pub use font::{FontId, FontSet};
pub use frame::{Color, Item, Page};
pub use units::{Abs, Point, Rect, Size};

use crate::content::{Block, Doc};
use crate::diag::{Diagnostic, Problems};
use crate::model::{Accent, Kind, SizeName};
use flow::FlowError;
use text::Shaper;

/// A laid-out material.
#[derive(Clone, Debug)]
pub struct Layout {
    pub pages: Vec<Page>,
    /// The smallest body text size the fitting had to use.
    pub smallest_body: Abs,
}

/// Lay out a material with its kind's template.
pub fn layout(doc: &Doc, fonts: &FontSet) -> Result<Layout, Problems> {
    let mut shaper = Shaper::new(fonts);
    match doc.kind {
        Kind::Poster => poster::layout(doc, &mut shaper),
        Kind::WalletCard => card::layout(doc, &mut shaper),
        Kind::Handout => handout::layout(doc, &mut shaper),
    }
}

/// The accent colours, as process colours that print cleanly and keep white text
/// readable on them.
pub fn accent(a: Accent) -> Color {
    match a {
        Accent::Teal => Color::cmyk(0.90, 0.30, 0.45, 0.25),
        Accent::Navy => Color::cmyk(1.0, 0.80, 0.20, 0.30),
        Accent::Plum => Color::cmyk(0.60, 0.95, 0.25, 0.25),
        Accent::Forest => Color::cmyk(0.85, 0.35, 0.90, 0.30),
    }
}

/// Trim size of a page size name.
pub fn page_size(size: SizeName) -> Size {
    match size {
        SizeName::Letter => Size::new(Abs::inches(8.5), Abs::inches(11.0)),
        SizeName::Tabloid => Size::new(Abs::inches(11.0), Abs::inches(17.0)),
        SizeName::A4 => Size::new(Abs::mm(210.0), Abs::mm(297.0)),
        SizeName::A3 => Size::new(Abs::mm(297.0), Abs::mm(420.0)),
    }
}

/// A flow error as a diagnostic naming the block.
fn flow_error(doc: &Doc, blocks: &[Block], (index, err): (usize, FlowError), size: Abs) -> Diagnostic {
    block_error(doc, blocks, index, err.message(size))
}

/// A message about block `index` of `blocks`; an index past the end is the edition's
/// county name, which the template adds.
fn block_error(doc: &Doc, blocks: &[Block], index: usize, message: String) -> Diagnostic {
    match blocks.get(index) {
        Some(b) => b.error(doc, message),
        None => Diagnostic::error(format!("the county name: {message}")).in_file(&doc.file),
    }
}

/// Body sizes to try, largest first, in quarter points.
fn sizes(max: Abs, min: Abs) -> impl Iterator<Item = Abs> {
    let steps = ((max - min).to_pt() * 4.0).floor().max(0.0) as usize;
    (0..=steps).map(move |i| max - Abs::pt(i as f64 * 0.25))
}
