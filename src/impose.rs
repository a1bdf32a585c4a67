//! Imposition of small pieces (wallet cards, stickers): N-up on a sheet with butt
//! cuts, crop marks outside the bleed, and backs mirrored so that front and back line
//! up when printed duplex and flipped on the sheet's long edge. Pure geometry.

use crate::layout::{Abs, Item, Page, Point, Rect, Size};

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

/// A grid of cards on a sheet, centred, cards touching (one cut between neighbours).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub sheet: Size,
    pub card: Size,
    pub cols: usize,
    pub rows: usize,
    pub bleed: Abs,
}

impl Grid {
    /// The sheet a kind's press layout puts its pieces on (`None` for kinds printed
    /// one per page), with `bleed` around the grid.
    pub fn for_kind(kind: &crate::kinds::KindSpec, bleed: Abs) -> Option<Grid> {
        let (crate::kinds::Press::NUp { sheet, cols, rows }, Some(_)) = (kind.press, kind.trim) else { return None };
        let card = kind.trim_size(crate::model::SizeName::Letter);
        Some(Grid { sheet: Size::new(Abs::inches(sheet.0), Abs::inches(sheet.1)), card, cols, rows, bleed })
    }

    pub fn per_sheet(&self) -> usize {
        self.cols * self.rows
    }

    /// Top-left corner of the grid's trim area.
    pub fn origin(&self) -> Point {
        Point::new((self.sheet.w - self.card.w * self.cols as f64) / 2.0, (self.sheet.h - self.card.h * self.rows as f64) / 2.0)
    }

    /// The trim box of the card in column `col`, row `row`.
    pub fn cell(&self, col: usize, row: usize) -> Rect {
        let o = self.origin();
        Rect::new(o.x + self.card.w * col as f64, o.y + self.card.h * row as f64, self.card.w, self.card.h)
    }

    /// The column a card's back goes to so that it backs its front after a long-edge
    /// flip (the sheet turned over around its vertical axis).
    pub fn back_col(&self, col: usize) -> usize {
        self.cols - 1 - col
    }

    /// The area a card may paint: its trim, grown by the bleed on the sides that are
    /// outer edges of the grid (inner edges are shared cuts).
    pub fn paint_area(&self, col: usize, row: usize) -> Rect {
        let c = self.cell(col, row);
        let b = self.bleed;
        let left = if col == 0 { b } else { Abs::ZERO };
        let right = if col + 1 == self.cols { b } else { Abs::ZERO };
        let top = if row == 0 { b } else { Abs::ZERO };
        let bottom = if row + 1 == self.rows { b } else { Abs::ZERO };
        Rect::new(c.x() - left, c.y() - top, c.w() + left + right, c.h() + top + bottom)
    }

    /// The grid with bleed: what the sheet's bleed box is.
    pub fn bleed_area(&self) -> Rect {
        let o = self.origin();
        let b = self.bleed;
        Rect::new(o.x - b, o.y - b, self.card.w * self.cols as f64 + b * 2.0, self.card.h * self.rows as f64 + b * 2.0)
    }

    /// Crop marks at every cut line, in the margin outside the bleed: thin filled
    /// rectangles. Fails when the sheet leaves no room for them.
    pub fn crop_marks(&self) -> Option<Vec<Rect>> {
        let area = self.bleed_area();
        let o = self.origin();
        let off = Abs::pt(MARK_OFFSET);
        let w = Abs::pt(MARK_WIDTH);
        let top_room = area.y() - off;
        let side_room = area.x() - off;
        let len_v = top_room.min(Abs::pt(18.0)) - Abs::pt(2.0);
        let len_h = side_room.min(Abs::pt(18.0)) - Abs::pt(2.0);
        if len_v < Abs::pt(6.0) || len_h < Abs::pt(6.0) {
            return None;
        }
        let mut marks = Vec::new();
        for i in 0..=self.cols {
            let x = o.x + self.card.w * i as f64 - w / 2.0;
            marks.push(Rect::new(x, area.y() - off - len_v, w, len_v));
            marks.push(Rect::new(x, area.bottom() + off, w, len_v));
        }
        for j in 0..=self.rows {
            let y = o.y + self.card.h * j as f64 - w / 2.0;
            marks.push(Rect::new(area.x() - off - len_h, y, len_h, w));
            marks.push(Rect::new(area.right() + off, y, len_h, w));
        }
        Some(marks)
    }

    /// The front and back sheets: `front` and `back` (one piece's faces, drawn in its
    /// trim coordinates) repeated in every cell, clipped to each cell's paint area; a
    /// one-sided piece has no back sheet.
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

    /// The wallet card's grid: 2 x 5 cards of 3.5 x 2 in on US Letter.
    fn ten_up(bleed: Abs) -> Grid {
        let g = Grid::for_kind(crate::kinds::KindSpec::find("wallet-card").unwrap(), bleed).unwrap();
        assert_eq!((g.card, g.sheet), (Size::new(Abs::inches(3.5), Abs::inches(2.0)), Size::new(Abs::inches(8.5), Abs::inches(11.0))));
        g
    }

    #[test]
    fn ten_up_positions_are_exact() {
        let g = ten_up(Abs::inches(0.125));
        assert_eq!(g.per_sheet(), 10);
        // 7 x 10 in of cards centred on 8.5 x 11: 0.75 in and 0.5 in margins.
        assert_eq!(g.origin(), Point::new(Abs::inches(0.75), Abs::inches(0.5)));
        assert_eq!(g.cell(1, 4), Rect::new(Abs::inches(4.25), Abs::inches(8.5), Abs::inches(3.5), Abs::inches(2.0)));
        // Neighbours share a cut: no gap, no overlap of trims.
        assert_eq!(g.cell(0, 0).right(), g.cell(1, 0).x());
        assert_eq!(g.cell(0, 0).bottom(), g.cell(0, 1).y());
    }

    #[test]
    fn bleed_only_on_outer_edges() {
        let b = Abs::inches(0.125);
        let g = ten_up(b);
        let corner = g.paint_area(0, 0);
        assert_eq!(corner, Rect::new(Abs::inches(0.625), Abs::inches(0.375), Abs::inches(3.625), Abs::inches(2.125)));
        let inner = g.paint_area(1, 2);
        assert_eq!(inner, Rect::new(Abs::inches(4.25), Abs::inches(4.5), Abs::inches(3.625), Abs::inches(2.0)));
        // Paint areas never overlap.
        let all: Vec<Rect> = (0..5).flat_map(|r| (0..2).map(move |c| (c, r))).map(|(c, r)| g.paint_area(c, r)).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(!a.overlaps(b));
            }
        }
    }

    #[test]
    fn crop_marks_lie_outside_the_bleed_and_on_the_cuts() {
        for bleed in [Abs::inches(0.125), Abs::inches(0.0625)] {
            let g = ten_up(bleed);
            let area = g.bleed_area();
            let marks = g.crop_marks().unwrap();
            assert_eq!(marks.len(), 2 * 3 + 2 * 6);
            let sheet = Rect::new(Abs::ZERO, Abs::ZERO, g.sheet.w, g.sheet.h);
            for m in &marks {
                assert!(!m.overlaps(&area), "mark {m:?} inside the bleed {area:?}");
                assert!(sheet.contains(m));
                assert!(m.w() >= Abs::pt(0.25) || m.h() >= Abs::pt(0.25));
            }
            // Vertical marks sit on the three vertical cut lines.
            let xs: Vec<Abs> = marks.iter().filter(|m| m.h() > m.w()).map(|m| m.x() + m.w() / 2.0).collect();
            for x in [Abs::inches(0.75), Abs::inches(4.25), Abs::inches(7.75)] {
                assert_eq!(xs.iter().filter(|&&v| v == x).count(), 2);
            }
        }
    }

    #[test]
    fn backs_mirror_the_columns_for_a_long_edge_flip() {
        let g = ten_up(Abs::inches(0.125));
        for row in 0..5 {
            for col in 0..2 {
                let front = g.cell(col, row);
                let back = g.cell(g.back_col(col), row);
                // Flipping the sheet around its vertical centre line maps one onto the other.
                assert_eq!(g.sheet.w - back.right(), front.x());
                assert_eq!(back.y(), front.y());
            }
        }
    }
}
