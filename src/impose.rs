//! Pages put on paper. Small pieces (wallet cards, stickers) are imposed N-up on a
//! sheet: cut apart, each piece with its own bleed and a gutter between neighbours,
//! its trim lines marked outside the bleed (crop marks for a print shop, cut guides
//! for an office), backs mirrored so that front and back line up when printed duplex
//! and flipped on the sheet's long edge; or centred on the die-cut labels of a label
//! sheet. A single page for the press gets crop marks at its trim's corners, on paper
//! beyond its bleed (the slug). Each page's outside furniture (a card's version code)
//! prints beyond the trim: in the slug, or once in the sheet's bottom margin. Pure
//! geometry.

use crate::frame::{Color, FontSet, Item, Page, text_box};
use crate::kinds::{Cells, Sheet};
use crate::units::{Abs, Point, Rect, Size};

/// Crop mark stroke width (at least a 0.25 pt hairline).
pub const MARK_WIDTH: f64 = 0.5;
/// Gap between the bleed edge and the start of a crop mark.
pub const MARK_OFFSET: f64 = 3.0;

/// Length of a crop mark.
pub const MARK_LENGTH: f64 = 18.0;

/// How the trim lines of pieces cut from a sheet are marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cuts {
    /// Crop marks in the registration colour (on every plate), for a print shop.
    Marks,
    /// Cut guides: thin black lines an office printer prints, for a paper cutter.
    Guides,
}

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

/// The box that drawn `items` cover (text by its advance and the font's ascender and
/// descender); `None` when they draw nothing.
pub fn extent(items: &[Item], fonts: &FontSet) -> Option<Rect> {
    let boxes = items.iter().filter_map(|item| match item {
        Item::Text { .. } => text_box(item, fonts),
        Item::Fill { rect, .. } | Item::Image { rect, .. } => Some(*rect),
        Item::Qr { bounds, .. } => Some(*bounds),
        Item::Group { clip, .. } => Some(*clip),
        Item::Marks { rects } => rects.iter().copied().reduce(|a, b| union(&a, &b)),
        Item::Path { path, .. } | Item::DieLine { path, .. } => path.bounds(),
        Item::Link { .. } | Item::Start(_) | Item::Furniture | Item::End => None,
    });
    boxes.reduce(|a, b| union(&a, &b))
}

fn union(a: &Rect, b: &Rect) -> Rect {
    let (x, y) = (a.x().min(b.x()), a.y().min(b.y()));
    Rect::new(x, y, a.right().max(b.right()) - x, a.bottom().max(b.bottom()) - y)
}

/// The part of `a` inside `b` (empty, at `a`'s corner, when they do not overlap).
fn intersection(a: &Rect, b: &Rect) -> Rect {
    let (x, y) = (a.x().max(b.x()), a.y().max(b.y()));
    let (w, h) = (a.right().min(b.right()) - x, a.bottom().min(b.bottom()) - y);
    Rect::new(x, y, w.max(Abs::ZERO), h.max(Abs::ZERO))
}

/// A page's outside furniture moved so that what it covers starts at `at`, and the
/// size it covers; nothing when it draws nothing. It keeps its own tagging: the
/// version code is an artifact, an issuer's name a paragraph.
fn furniture_at(page: &Page, at: Point, fonts: &FontSet) -> Option<(Vec<Item>, Size)> {
    let bounds = extent(&page.outside, fonts)?;
    let mut items = page.outside.clone();
    items.iter_mut().for_each(|i| i.translate(at.x - bounds.x(), at.y - bounds.y()));
    Some((items, Size::new(bounds.w(), bounds.h())))
}

/// Pages on a print shop's paper: each with crop marks at its trim's corners outside
/// `bleed`, and its outside furniture in the slug under the trim, between the two
/// bottom marks. Every page gets the same slug, large enough for the marks and the
/// furniture. An error says what does not fit.
pub fn on_press_paper(pages: &[Page], bleed: Abs, fonts: &FontSet) -> Result<Vec<Page>, String> {
    let off = Abs::pt(MARK_OFFSET);
    let mut out = Vec::with_capacity(pages.len());
    let mut slug = Abs::ZERO;
    for page in pages {
        let (marks_slug, marks) = page_marks(page.trim, bleed);
        let mut items = page.items.clone();
        items.push(Item::Marks { rects: marks });
        slug = slug.max(marks_slug);
        // Under the bottom bleed, clear of the marks on the trim's left and right lines.
        if let Some((furniture, size)) = furniture_at(page, Point::new(off, page.trim.h + bleed + off), fonts) {
            if !size.w.fits(page.trim.w - off * 2.0) {
                return Err(format!(
                    "its version code is {} wide; the slug has {} between the crop marks",
                    size.w,
                    page.trim.w - off * 2.0
                ));
            }
            slug = slug.max(off + size.h + off);
            items.extend(furniture);
        }
        out.push(Page { trim: page.trim, bleed, slug: Abs::ZERO, items, outside: Vec::new() });
    }
    out.iter_mut().for_each(|p| p.slug = slug);
    Ok(out)
}

/// A grid of pieces on a sheet. Pieces cut apart ([`Cells::Cut`]) keep their own
/// bleed on every side: the grid is centred on the sheet, neighbours stand a gutter
/// of twice the bleed apart, so the colour of one never lies under the cut of
/// another and a cut that drifts shows the piece's own bleed, not a sliver of its
/// neighbour; their trim lines are marked outside the area the bleeds cover. Pieces
/// on die-cut labels ([`Cells::Labels`]) are centred on their labels, their colour
/// clipped to the label (and the liner around it, up to halfway to the next label).
/// Nothing is drawn within `margin` of the sheet's edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub sheet: Size,
    pub card: Size,
    pub cols: usize,
    pub rows: usize,
    pub bleed: Abs,
    pub cells: Cells,
    /// An office printer's unprinted margin (zero for the press).
    pub margin: Abs,
}

impl Grid {
    /// Pieces of trim `card` with `bleed` on `sheet`, nothing within `margin` of its edge.
    pub fn on(sheet: &Sheet, card: Size, bleed: Abs, margin: Abs) -> Grid {
        Grid { sheet: sheet.paper(), card, cols: sheet.cols, rows: sheet.rows, bleed, cells: sheet.cells, margin }
    }

    /// The grid a kind's press rule asks for, with `bleed` around each piece.
    pub fn for_kind(kind: &crate::kinds::KindSpec, bleed: Abs) -> Option<Grid> {
        let (crate::kinds::Press::NUp(sheet), Some(_)) = (kind.press, kind.trim) else { return None };
        Some(Grid::on(&sheet, kind.trim_size(crate::model::SizeName::Letter), bleed, Abs::ZERO))
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

    /// The label at (col, row) of a label sheet; `None` for pieces cut apart.
    pub fn label(&self, col: usize, row: usize) -> Option<Rect> {
        let Cells::Labels { size, origin, pitch } = self.cells else { return None };
        let x = Abs::inches(origin.0) + Abs::inches(pitch.0) * col as f64;
        let y = Abs::inches(origin.1) + Abs::inches(pitch.1) * row as f64;
        Some(Rect::new(x, y, Abs::inches(size.0), Abs::inches(size.1)))
    }

    /// The trim box of the card at (col, row).
    pub fn cell(&self, col: usize, row: usize) -> Rect {
        if let Some(l) = self.label(col, row) {
            return Rect::new(l.x() + (l.w() - self.card.w) / 2.0, l.y() + (l.h() - self.card.h) / 2.0, self.card.w, self.card.h);
        }
        let o = self.origin();
        let g = self.gutter();
        Rect::new(o.x + (self.card.w + g) * col as f64, o.y + (self.card.h + g) * row as f64, self.card.w, self.card.h)
    }

    /// The back of the card in front column `col` lies in this column of the back
    /// sheet: flipping on the long edge mirrors left and right.
    pub fn back_col(&self, col: usize) -> usize {
        self.cols - 1 - col
    }

    /// What the sheet's printer can print: all of it, or all but its margin.
    pub fn printable(&self) -> Rect {
        let m = self.margin;
        Rect::new(m, m, self.sheet.w - m * 2.0, self.sheet.h - m * 2.0)
    }

    /// What a card may paint: its trim with its bleed on every side (on a label, the
    /// label and the liner halfway to the next), within the printable area.
    /// Neighbours' paint areas meet in the middle of the gutter and never overlap.
    pub fn paint_area(&self, col: usize, row: usize) -> Rect {
        let area = match (self.label(col, row), self.cells) {
            (Some(l), Cells::Labels { size, pitch, .. }) => {
                let bx = self.bleed.min(Abs::inches(pitch.0 - size.0) / 2.0).max(Abs::ZERO);
                let by = self.bleed.min(Abs::inches(pitch.1 - size.1) / 2.0).max(Abs::ZERO);
                Rect::new(l.x() - bx, l.y() - by, l.w() + bx * 2.0, l.h() + by * 2.0)
            }
            _ => {
                let (c, b) = (self.cell(col, row), self.bleed);
                Rect::new(c.x() - b, c.y() - b, c.w() + b * 2.0, c.h() + b * 2.0)
            }
        };
        intersection(&area, &self.printable())
    }

    /// All the cards' paint areas together.
    pub fn bleed_area(&self) -> Rect {
        let first = self.paint_area(0, 0);
        union(&first, &self.paint_area(self.cols - 1, self.rows - 1))
    }

    /// Marks for every card's trim lines: short lines in the margins, starting
    /// `MARK_OFFSET` outside the bleed area and ending at the printable area's edge
    /// at the latest; none on a label sheet (labels are die-cut); `None` if the
    /// margins have no room.
    pub fn crop_marks(&self) -> Option<Vec<Rect>> {
        if matches!(self.cells, Cells::Labels { .. }) {
            return Some(Vec::new());
        }
        let area = self.bleed_area();
        let off = Abs::pt(MARK_OFFSET);
        let w = Abs::pt(MARK_WIDTH);
        let top_room = area.y() - off - self.margin;
        let side_room = area.x() - off - self.margin;
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

    /// Where a face's outside furniture starts on the sheet: in the bottom margin,
    /// under the bottom-left piece and between its trim lines' marks; and the room
    /// there (width, height).
    fn furniture_slot(&self) -> (Point, Size) {
        let off = Abs::pt(MARK_OFFSET);
        let cell = self.cell(0, self.rows - 1);
        let at = Point::new((cell.x() + off).max(self.margin), self.paint_area(0, self.rows - 1).bottom() + off);
        (at, Size::new(cell.right() - off - at.x, self.sheet.h - self.margin - at.y))
    }

    /// Impose a piece's faces (a card's front and back, a sticker's one page), a sheet
    /// for each: every copy clipped to its paint area, a back's columns mirrored, the
    /// trim lines marked as `cuts` says, and the face's outside furniture (the version
    /// code) once in the sheet's bottom margin. The first copy on a sheet keeps its
    /// structure and links, so that a tagged PDF reads the piece once; the others are
    /// artifacts without links. An error says what does not fit.
    pub fn impose(&self, faces: &[Page], cuts: Cuts, fonts: &FontSet) -> Result<Vec<Page>, String> {
        let marks = self
            .crop_marks()
            .ok_or_else(|| format!("the {} x {} sheet leaves no room for marks around the pieces", self.sheet.w, self.sheet.h))?;
        let (slot, room) = self.furniture_slot();
        let mut sheets = Vec::with_capacity(faces.len());
        for (n, face) in faces.iter().enumerate() {
            let mirror = n % 2 == 1;
            let mut items = Vec::new();
            for row in 0..self.rows {
                for col in 0..self.cols {
                    let at = if mirror { self.back_col(col) } else { col };
                    let cell = self.cell(at, row);
                    let first = row == 0 && col == 0;
                    let mut card: Vec<Item> = face.items.iter().filter(|i| first || !matches!(i, Item::Link { .. })).cloned().collect();
                    card.iter_mut().for_each(|i| i.translate(cell.x(), cell.y()));
                    let group = Item::Group { clip: self.paint_area(at, row), items: card };
                    if first {
                        items.push(group);
                    } else {
                        items.extend([Item::Furniture, group, Item::End]);
                    }
                }
            }
            match cuts {
                Cuts::Marks => items.push(Item::Marks { rects: marks.clone() }),
                Cuts::Guides => items.extend(marks.iter().map(|r| Item::Fill { rect: *r, color: Color::BLACK })),
            }
            if let Some((furniture, size)) = furniture_at(face, slot, fonts) {
                if !(size.w.fits(room.w) && size.h.fits(room.h)) {
                    return Err(format!(
                        "its version code covers {} x {}; the sheet's margin has {} x {} for it",
                        size.w, size.h, room.w, room.h
                    ));
                }
                items.extend(furniture);
            }
            sheets.push(Page::new(self.sheet, Abs::ZERO, items));
        }
        Ok(sheets)
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

    fn office(kind: &str, bleed: Abs) -> Grid {
        let k = crate::kinds::KindSpec::find(kind).unwrap();
        Grid::on(&k.office.unwrap(), k.trim_size(crate::model::SizeName::Letter), bleed, Abs::inches(0.25))
    }

    #[test]
    fn stickers_sit_centred_on_their_labels_and_paint_only_what_the_printer_reaches() {
        let g = office("restroom-sticker", Abs::inches(1.0 / 6.0));
        assert_eq!((g.cols, g.rows, g.per_sheet()), (2, 3, 6));
        // The first label's piece: its left edge on the label's, 1/6 in below its top.
        assert_eq!(g.cell(0, 0), Rect::new(Abs::inches(0.15625), Abs::inches(0.5 + 1.0 / 6.0), Abs::inches(4.0), Abs::inches(3.0)));
        assert_eq!(g.cell(1, 2).x(), Abs::inches(0.15625 + 4.1875));
        // Its colour: from the printer's 1/4 in to halfway across the 3/16 in gap, the
        // label's full height (rows touch).
        assert_eq!(g.paint_area(0, 0), Rect::new(Abs::inches(0.25), Abs::inches(0.5), Abs::inches(4.0), Abs::inches(10.0 / 3.0)));
        let all: Vec<Rect> = (0..3).flat_map(|r| (0..2).map(move |c| (c, r))).map(|(c, r)| g.paint_area(c, r)).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(g.printable().contains(a), "{a:?}");
            assert!(all[i + 1..].iter().all(|b| !a.overlaps(b)), "{a:?}");
        }
        assert_eq!(g.crop_marks(), Some(Vec::new()), "die-cut: nothing to cut on");
    }

    #[test]
    fn office_cut_guides_stop_short_of_the_printer_s_margin() {
        let g = office("wallet-card", Abs::inches(0.125));
        let marks = g.crop_marks().unwrap();
        assert_eq!(marks.len(), 2 * 2 * g.cols + 2 * 2 * g.rows);
        for m in &marks {
            assert!(g.printable().contains(m) && !m.overlaps(&g.bleed_area()), "{m:?}");
        }
        // The same grid as the press's: the pieces where a print shop's would be.
        let press = Grid::for_kind(crate::kinds::KindSpec::find("wallet-card").unwrap(), Abs::inches(0.125)).unwrap();
        assert_eq!(g.cell(1, 3), press.cell(1, 3));
    }

    #[test]
    fn a_press_page_s_furniture_goes_in_a_slug_large_enough_for_it_clear_of_the_marks() {
        let fonts = FontSet::load();
        let trim = Size::new(Abs::inches(3.5), Abs::inches(2.0));
        let bleed = Abs::inches(0.125);
        let tall = Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, Abs::pt(100.0), Abs::pt(40.0)), color: Color::BLACK };
        let page = Page { outside: vec![tall], ..Page::new(trim, bleed, Vec::new()) };
        let paper = on_press_paper(&[Page::new(trim, bleed, Vec::new()), page.clone()], bleed, &fonts).unwrap();
        // Both pages: the slug of the taller furniture, 3 pt above and below it.
        assert!(paper.iter().all(|p| p.slug == Abs::pt(46.0) && p.outside.is_empty()));
        let Some(Item::Fill { rect, .. }) = paper[1].items.last() else { panic!("the furniture") };
        assert_eq!(*rect, Rect::new(Abs::pt(3.0), trim.h + bleed + Abs::pt(3.0), Abs::pt(100.0), Abs::pt(40.0)));
        let Some(Item::Marks { rects }) = paper[1].items.iter().find(|i| matches!(i, Item::Marks { .. })) else { panic!("marks") };
        assert!(rects.iter().all(|m| !m.overlaps(rect)));
        // Wider than the room between the bottom marks: an error, not an overlap.
        let wide = Item::Fill { rect: Rect::new(Abs::ZERO, Abs::ZERO, trim.w, Abs::pt(5.0)), color: Color::BLACK };
        assert!(on_press_paper(&[Page { outside: vec![wide], ..page }], bleed, &fonts).is_err());
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
