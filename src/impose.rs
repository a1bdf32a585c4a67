//! Imposition of small pieces (wallet cards, stickers): N-up on a sheet, each piece
//! with its own bleed and a gutter between neighbours, crop marks outside the bleed,
//! and backs mirrored so that front and back line up when printed duplex and
//! flipped on the sheet's long edge. Pure geometry.

use crate::frame::{Item, Page};
use crate::units::{Abs, Point, Rect, Size};

/// Crop mark stroke width (at least a 0.25 pt hairline).
pub const MARK_WIDTH: f64 = 0.5;
/// Gap between the bleed edge and the start of a crop mark.
pub const MARK_OFFSET: f64 = 3.0;

/// Length of a crop mark.
pub const MARK_LENGTH: f64 = 18.0;

/// Crop marks at the four corners of one page's trim, outside its bleed, and the
/// paper they need beyond the bleed (the page's slug). Coordinates are the page's:
/// y-down from the trim's top-left corner.
pub fn page_marks(trim: Size, bleed: Abs) -> (Abs, Vec<Rect>) {
    let (off, len, w) = (bleed + Abs::pt(MARK_OFFSET), Abs::pt(MARK_LENGTH), Abs::pt(MARK_WIDTH));
    let mut marks = Vec::new();
    for (x, y) in [(Abs::ZERO, Abs::ZERO), (trim.w, Abs::ZERO), (Abs::ZERO, trim.h), (trim.w, trim.h)] {
        // Outward from the corner: left of a left edge, above a top edge.
        let out_x = if x == Abs::ZERO { -(off + len) } else { x + off };
        let out_y = if y == Abs::ZERO { -(off + len) } else { y + off };
        marks.push(Rect::new(x - w / 2.0, out_y, w, len));
        marks.push(Rect::new(out_x, y - w / 2.0, len, w));
    }
    (Abs::pt(MARK_OFFSET) + len + Abs::pt(MARK_OFFSET), marks)
}

/// A grid of cards on a sheet, centred. Each card keeps its own bleed on every side:
/// neighbours stand a gutter of twice the bleed apart, so the colour of one never
/// lies under the cut of another and a cut that drifts shows the card's own bleed,
/// not a sliver of its neighbour. Crop marks mark every card's trim lines outside
/// the area the cards' bleeds cover.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub sheet: Size,
    pub card: Size,
    pub cols: usize,
    pub rows: usize,
    pub bleed: Abs,
}

impl Grid {
    /// The grid a kind's press rule asks for, with `bleed` around each piece.
    pub fn for_kind(kind: &crate::kinds::KindSpec, bleed: Abs) -> Option<Grid> {
        let (crate::kinds::Press::NUp { sheet, cols, rows }, Some(_)) = (kind.press, kind.trim) else { return None };
        let card = kind.trim_size(crate::model::SizeName::Letter);
        Some(Grid { sheet: Size::new(Abs::inches(sheet.0), Abs::inches(sheet.1)), card, cols, rows, bleed })
    }

    pub fn per_sheet(&self) -> usize {
        self.cols * self.rows
    }

    /// Space between neighbouring cards' trims: both their bleeds.
    pub fn gutter(&self) -> Abs {
        self.bleed * 2.0
    }

    /// The cards' trims and gutters together.
    fn block(&self) -> Size {
        let (c, r) = (self.cols as f64, self.rows as f64);
        Size::new(self.card.w * c + self.gutter() * (c - 1.0), self.card.h * r + self.gutter() * (r - 1.0))
    }

    /// Top-left corner of the first card's trim (the grid is centred on the sheet).
    pub fn origin(&self) -> Point {
        let b = self.block();
        Point::new((self.sheet.w - b.w) / 2.0, (self.sheet.h - b.h) / 2.0)
    }

    /// The trim box of the card at (col, row).
    pub fn cell(&self, col: usize, row: usize) -> Rect {
        let o = self.origin();
        let g = self.gutter();
        Rect::new(o.x + (self.card.w + g) * col as f64, o.y + (self.card.h + g) * row as f64, self.card.w, self.card.h)
    }

    /// The back of the card in front column `col` lies in this column of the back
    /// sheet: flipping on the long edge mirrors left and right.
    pub fn back_col(&self, col: usize) -> usize {
        self.cols - 1 - col
    }

    /// What a card may paint: its trim with its bleed on every side. Neighbours' paint
    /// areas meet in the middle of the gutter and never overlap.
    pub fn paint_area(&self, col: usize, row: usize) -> Rect {
        let c = self.cell(col, row);
        let b = self.bleed;
        Rect::new(c.x() - b, c.y() - b, c.w() + b * 2.0, c.h() + b * 2.0)
    }

    /// All the cards' paint areas together.
    pub fn bleed_area(&self) -> Rect {
        let o = self.origin();
        let b = self.bleed;
        let block = self.block();
        Rect::new(o.x - b, o.y - b, block.w + b * 2.0, block.h + b * 2.0)
    }

    /// Crop marks for every card's trim lines: short lines in the margins, starting
    /// `MARK_OFFSET` outside the bleed area; `None` if the margins have no room.
    pub fn crop_marks(&self) -> Option<Vec<Rect>> {
        let area = self.bleed_area();
        let off = Abs::pt(MARK_OFFSET);
        let w = Abs::pt(MARK_WIDTH);
        let top_room = area.y() - off;
        let side_room = area.x() - off;
        let len_v = top_room.min(Abs::pt(MARK_LENGTH)) - Abs::pt(2.0);
        let len_h = side_room.min(Abs::pt(MARK_LENGTH)) - Abs::pt(2.0);
        if len_v < Abs::pt(6.0) || len_h < Abs::pt(6.0) {
            return None;
        }
        let mut marks = Vec::new();
        for col in 0..self.cols {
            let c = self.cell(col, 0);
            for x in [c.x(), c.right()] {
                marks.push(Rect::new(x - w / 2.0, area.y() - off - len_v, w, len_v));
                marks.push(Rect::new(x - w / 2.0, area.bottom() + off, w, len_v));
            }
        }
        for row in 0..self.rows {
            let c = self.cell(0, row);
            for y in [c.y(), c.bottom()] {
                marks.push(Rect::new(area.x() - off - len_h, y - w / 2.0, len_h, w));
                marks.push(Rect::new(area.right() + off, y - w / 2.0, len_h, w));
            }
        }
        Some(marks)
    }

    /// Impose a card's front (and back) pages: each card clipped to its paint area,
    /// links dropped (a print sheet is not clicked), crop marks in the registration
    /// colour. `None` when the sheet leaves no room for crop marks.
    pub fn impose(&self, front: &Page, back: Option<&Page>) -> Option<(Page, Option<Page>)> {
        let marks = self.crop_marks()?;
        let sheet = |face: &Page, mirror: bool| {
            let mut items = Vec::new();
            for row in 0..self.rows {
                for col in 0..self.cols {
                    let at = if mirror { self.back_col(col) } else { col };
                    let cell = self.cell(at, row);
                    let mut card: Vec<Item> = face.items.iter().filter(|i| !matches!(i, Item::Link { .. })).cloned().collect();
                    card.iter_mut().for_each(|i| i.translate(cell.x(), cell.y()));
                    items.push(Item::Group { clip: self.paint_area(at, row), items: card });
                }
            }
            items.push(Item::Marks { rects: marks.clone() });
            Page::new(self.sheet, Abs::ZERO, items)
        };
        Some((sheet(front, false), back.map(|b| sheet(b, true))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(bleed: Abs) -> Grid {
        let g = Grid::for_kind(crate::kinds::KindSpec::find("wallet-card").unwrap(), bleed).unwrap();
        assert_eq!(g.card, Size::new(Abs::inches(3.5), Abs::inches(2.0)));
        g
    }

    #[test]
    fn positions_are_exact_with_a_gutter_of_two_bleeds() {
        let g = cards(Abs::inches(0.125));
        let (cols, rows) = (g.cols as f64, g.rows as f64);
        // The block of cards and gutters is centred on the sheet.
        let block_w = Abs::inches(3.5) * cols + Abs::inches(0.25) * (cols - 1.0);
        let block_h = Abs::inches(2.0) * rows + Abs::inches(0.25) * (rows - 1.0);
        assert_eq!(g.origin(), Point::new((g.sheet.w - block_w) / 2.0, (g.sheet.h - block_h) / 2.0));
        // Neighbours stand exactly two bleeds apart.
        assert_eq!(g.cell(1, 0).x() - g.cell(0, 0).right(), Abs::inches(0.25));
        assert_eq!(g.cell(0, 1).y() - g.cell(0, 0).bottom(), Abs::inches(0.25));
    }

    #[test]
    fn every_card_keeps_its_own_bleed_and_paint_areas_never_overlap() {
        let b = Abs::inches(0.125);
        let g = cards(b);
        let all: Vec<(Rect, Rect)> =
            (0..g.rows).flat_map(|r| (0..g.cols).map(move |c| (c, r))).map(|(c, r)| (g.cell(c, r), g.paint_area(c, r))).collect();
        for (i, (cell, paint)) in all.iter().enumerate() {
            assert_eq!(*paint, Rect::new(cell.x() - b, cell.y() - b, cell.w() + b * 2.0, cell.h() + b * 2.0));
            for (other_cell, other_paint) in &all[i + 1..] {
                assert!(!paint.overlaps(other_paint), "{paint:?} and {other_paint:?}");
                // A neighbour's colour is never under this card's cut, nor this one's
                // under its neighbour's: a drifting cut shows the card's own bleed.
                assert!(!other_paint.overlaps(cell) && !paint.overlaps(other_cell));
            }
        }
    }

    #[test]
    fn crop_marks_lie_outside_the_bleed_and_on_every_trim_line() {
        for bleed in [Abs::inches(0.125), Abs::inches(0.0625)] {
            let g = cards(bleed);
            let area = g.bleed_area();
            let marks = g.crop_marks().unwrap();
            assert_eq!(marks.len(), 2 * 2 * g.cols + 2 * 2 * g.rows);
            let sheet = Rect::new(Abs::ZERO, Abs::ZERO, g.sheet.w, g.sheet.h);
            for m in &marks {
                assert!(!m.overlaps(&area), "mark {m:?} inside the bleed {area:?}");
                assert!(sheet.contains(m));
                assert!(m.w() >= Abs::pt(0.25) || m.h() >= Abs::pt(0.25));
            }
            // Vertical marks on each card's left and right trim, at top and bottom.
            let xs: Vec<Abs> = marks.iter().filter(|m| m.h() > m.w()).map(|m| m.x() + m.w() / 2.0).collect();
            for col in 0..g.cols {
                for x in [g.cell(col, 0).x(), g.cell(col, 0).right()] {
                    assert_eq!(xs.iter().filter(|&&v| v == x).count(), 2);
                }
            }
        }
    }

    #[test]
    fn backs_mirror_the_columns_for_a_long_edge_flip() {
        let g = cards(Abs::inches(0.125));
        for row in 0..g.rows {
            for col in 0..g.cols {
                let front = g.cell(col, row);
                let back = g.cell(g.back_col(col), row);
                // Flipping the sheet around its vertical centre line maps one onto the other.
                assert_eq!(g.sheet.w - back.right(), front.x());
                assert_eq!(back.y(), front.y());
            }
        }
    }

    #[test]
    fn page_marks_sit_on_the_trim_outside_the_bleed() {
        let trim = Size::new(Abs::inches(8.5), Abs::inches(11.0));
        let bleed = Abs::inches(0.125);
        let (slug, marks) = page_marks(trim, bleed);
        assert_eq!(marks.len(), 8);
        let area = Rect::new(-bleed, -bleed, trim.w + bleed * 2.0, trim.h + bleed * 2.0);
        let media = Rect::new(-bleed - slug, -bleed - slug, trim.w + (bleed + slug) * 2.0, trim.h + (bleed + slug) * 2.0);
        for m in &marks {
            assert!(!m.overlaps(&area) && media.contains(m), "{m:?}");
        }
    }
}
