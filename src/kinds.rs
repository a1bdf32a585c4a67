//! Every kind of material, one row each: what a material file of that kind may
//! choose, the size it prints at, its faces and bleed, the smallest body text it
//! allows, what a county may add to it, how a print shop runs it, and the template
//! that lays it out. Nothing else in awareprint names a kind: adding one is a row here,
//! a template file in `layout/`, and its YAML files.

use crate::model::{Profile, SizeName};
use crate::units::{Abs, Size};

/// One kind of material.
#[derive(Debug, PartialEq)]
pub struct KindSpec {
    /// The `kind:` of a material file.
    pub name: &'static str,
    /// How a message names one: `a poster`.
    pub noun: &'static str,
    /// Page sizes a material (or `--size`) may choose, the default first; empty when
    /// the kind has a fixed `trim`.
    pub sizes: &'static [SizeName],
    /// A fixed trim size (width, height) in inches.
    pub trim: Option<(f64, f64)>,
    /// Bleed on every side, in inches (0: nothing runs off the page).
    pub bleed: f64,
    pub faces: Faces,
    /// Languages on one piece: 1, or 2 for a bilingual poster.
    pub languages: usize,
    /// Whether a material may set `max-pages` (kinds that flow onto pages).
    pub page_limit: bool,
    /// The smallest body text, in points.
    pub min_body: f64,
    pub county: CountyRoom,
    pub press: Press,
    /// The sheet an office printer prints small pieces on (wallet cards 8 to a US Letter
    /// sheet, stickers on a label sheet); `None`: each page is printed as it is, the
    /// page being the paper.
    pub office: Option<Sheet>,
    /// The template that lays it out (see `layout::TEMPLATES`).
    pub template: &'static str,
    /// Whether the template prints the county's logo (posters, handouts; a card or a
    /// sticker has no room for one): only then is the logo part of what it prints.
    pub logo: bool,
}

/// Where a material's blocks go.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Faces {
    /// `blocks`, flowed onto one or more pages.
    Pages,
    /// `front` and `back`: a two-sided piece.
    FrontBack,
}

/// What a county edition may add beyond its name and logo.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum CountyRoom {
    /// A fixed design: at most `contacts` local contacts and no web page.
    Fixed { contacts: usize },
    /// Copy that flows onto more pages: any number of contacts and a web page's QR
    /// code, unless the material sets `max-pages` (then as `Fixed { contacts: 1 }`).
    Flows,
}

/// How the print shop runs it.
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum Press {
    /// One sheet per page, printed on one side.
    Sheets,
    /// Pages printed on both sides of a sheet; multi-sheet copies stapled.
    Duplex,
    /// Pieces imposed on a sheet with crop marks, fronts and backs lined up for duplex;
    /// a run may ask for one per page.
    NUp(Sheet),
}

/// A sheet that holds several pieces: its paper, a grid of `cols` x `rows` cells, and
/// how the pieces come off it.
#[derive(Debug, PartialEq, Clone, Copy)]
pub struct Sheet {
    /// What it is, as a person buys it: `US Letter paper or card stock`.
    pub stock: &'static str,
    /// Width and height in inches.
    pub paper: (f64, f64),
    pub cols: usize,
    pub rows: usize,
    pub cells: Cells,
}

/// How the pieces on a sheet are placed, and come off it.
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum Cells {
    /// Cut apart: the grid centred on the paper, each piece with its own bleed and a
    /// gutter of two bleeds between neighbours, the trim lines marked in the margins.
    Cut,
    /// Die-cut labels, in inches: each `size` (width, height), the first's top-left
    /// corner `origin` from the paper's, each next one `pitch` (across, down) further
    /// on. A piece is centred on its label; its colour runs to the label's edges.
    Labels { size: (f64, f64), origin: (f64, f64), pitch: (f64, f64) },
}

/// Wallet cards 2 x 4 on US Letter, each with its own bleed (ten do not fit with
/// gutters): the print shop's sheet and the office's.
const CARD_SHEET: Sheet = Sheet { stock: "US Letter paper or card stock", paper: (8.5, 11.0), cols: 2, rows: 4, cells: Cells::Cut };

/// Avery 5164 shipping labels (the same sheet as Avery 8164, 5264, 5524 and 8254):
/// six 4 x 3-1/3 in labels with 1/8 in round corners, 2 across and 3 down on US
/// Letter; the first 5/32 in from the left edge and 1/2 in from the top, the next
/// 4-3/16 in across (a 3/16 in gap) and 3-1/3 in down (no gap). Both the gLabels
/// template database and Paper::Specs give these figures. No widely sold sheet has
/// 4 x 3 in labels in its name; this is the nearest common one.
const AVERY_5164: Sheet = Sheet {
    stock: "Avery 5164 / 8164 shipping labels (4 x 3-1/3 in, 6 to a sheet)",
    paper: (8.5, 11.0),
    cols: 2,
    rows: 3,
    cells: Cells::Labels { size: (4.0, 10.0 / 3.0), origin: (0.15625, 0.5), pitch: (4.1875, 10.0 / 3.0) },
};

impl Sheet {
    pub fn paper(&self) -> Size {
        Size::new(Abs::inches(self.paper.0), Abs::inches(self.paper.1))
    }

    pub fn per_sheet(&self) -> usize {
        self.cols * self.rows
    }

    /// The bleed a piece of trim `trim` (with the kind's `bleed`) is laid out with to
    /// go on this sheet: its own, or on a label larger than the piece, enough colour to
    /// fill the label.
    pub fn bleed_for(&self, trim: Size, bleed: Abs) -> Abs {
        match self.cells {
            Cells::Cut => bleed,
            Cells::Labels { size: (w, h), .. } => bleed.max((Abs::inches(w) - trim.w) / 2.0).max((Abs::inches(h) - trim.h) / 2.0),
        }
    }
}

const POSTER_SIZES: &[SizeName] = &[SizeName::Letter, SizeName::Tabloid, SizeName::A4, SizeName::A3];

/// The poster's row; the bilingual poster differs only in its name and languages.
const POSTER: KindSpec = KindSpec {
    name: "poster",
    noun: "a poster",
    sizes: POSTER_SIZES,
    trim: None,
    bleed: 0.0,
    faces: Faces::Pages,
    languages: 1,
    page_limit: false,
    min_body: 14.0,
    county: CountyRoom::Fixed { contacts: 1 },
    press: Press::Sheets,
    office: None,
    template: "poster",
    logo: true,
};

/// Every kind.
pub const KINDS: &[KindSpec] = &[
    POSTER,
    KindSpec { name: "bilingual-poster", noun: "a bilingual poster", languages: 2, ..POSTER },
    KindSpec {
        name: "handout",
        noun: "a handout",
        sizes: &[SizeName::Letter, SizeName::A4],
        trim: None,
        bleed: 0.0,
        faces: Faces::Pages,
        languages: 1,
        page_limit: true,
        min_body: 11.0,
        county: CountyRoom::Flows,
        press: Press::Duplex,
        office: None,
        template: "handout",
        logo: true,
    },
    KindSpec {
        name: "wallet-card",
        noun: "a wallet card",
        sizes: &[],
        trim: Some((3.5, 2.0)),
        bleed: 0.125,
        faces: Faces::FrontBack,
        languages: 1,
        page_limit: false,
        min_body: 8.5,
        county: CountyRoom::Fixed { contacts: 1 },
        press: Press::NUp(CARD_SHEET),
        office: Some(CARD_SHEET),
        template: "card",
        logo: false,
    },
    KindSpec {
        name: "restroom-sticker",
        noun: "a restroom sticker",
        sizes: &[],
        trim: Some((4.0, 3.0)),
        bleed: 0.125,
        faces: Faces::Pages,
        languages: 1,
        page_limit: false,
        min_body: 8.0,
        county: CountyRoom::Fixed { contacts: 0 },
        press: Press::NUp(Sheet { stock: "11 x 17 in", paper: (11.0, 17.0), cols: 2, rows: 5, cells: Cells::Cut }),
        office: Some(AVERY_5164),
        template: "sticker",
        logo: false,
    },
];

impl KindSpec {
    /// The kind named `name`.
    pub fn find(name: &str) -> Option<&'static KindSpec> {
        KINDS.iter().find(|k| k.name == name)
    }

    /// Every kind's name, for messages: `poster, bilingual-poster, ...`.
    pub fn names() -> String {
        KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
    }

    /// The trim size of one piece printed at `size` (ignored when the trim is fixed).
    pub fn trim_size(&self, size: SizeName) -> Size {
        match self.trim {
            Some((w, h)) => Size::new(Abs::inches(w), Abs::inches(h)),
            None => paper(size),
        }
    }

    /// The size a listing shows: `letter`, or `3.5x2in` for a fixed trim.
    pub fn size_label(&self, size: SizeName) -> String {
        match self.trim {
            Some((w, h)) => format!("{w}x{h}in"),
            None => size.name().to_string(),
        }
    }

    /// The trim size as a person writes it (`3.5 x 2 in`), for a fixed-size kind.
    pub fn trim_words(&self) -> Option<String> {
        self.trim.map(|(w, h)| format!("{w} x {h} in"))
    }

    pub fn bleed(&self) -> Abs {
        Abs::inches(self.bleed)
    }

    pub fn min_body(&self) -> Abs {
        Abs::pt(self.min_body)
    }

    pub fn is_bilingual(&self) -> bool {
        self.languages == 2
    }

    /// The most local contacts a county may show on it (`None`: any number), given
    /// whether the material limits its pages.
    pub fn local_contacts(&self, page_limited: bool) -> Option<usize> {
        match (self.county, page_limited) {
            (CountyRoom::Fixed { contacts }, _) => Some(contacts),
            (CountyRoom::Flows, true) => Some(1),
            (CountyRoom::Flows, false) => None,
        }
    }

    /// Whether a county's web page (a QR code) has room on it.
    pub fn takes_web_page(&self, page_limited: bool) -> bool {
        self.county == CountyRoom::Flows && !page_limited
    }
}

/// Where one piece's ink may go under a print profile.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub trim: Size,
    /// Colour that runs off the trim extends this far beyond it on every side.
    pub bleed: Abs,
    /// Nothing is drawn closer than this to the trim's edge: an office printer's
    /// unprinted margin (zero when the piece bleeds; a piece on an office sheet keeps
    /// clear of the sheet's edge instead, see [`office_margin`]).
    pub paper_margin: Abs,
    /// Crop marks at the trim's corners, outside the bleed.
    pub marks: bool,
}

/// What an office printer cannot print: the edge of the paper, about 1/4 in.
pub fn office_margin() -> Abs {
    Abs::inches(0.25)
}

/// A print shop's bleed.
pub fn press_bleed() -> Abs {
    Abs::inches(0.125)
}

impl KindSpec {
    /// The geometry of one piece printed at `size` under `profile`. Pieces with a fixed
    /// trim (cards, stickers) keep their bleed under both profiles (on an office
    /// sheet, as much as the sheet asks for); pages bleed only for the press, and keep
    /// clear of the paper's edge for the office.
    pub fn geometry(&self, size: SizeName, profile: Profile) -> Geometry {
        let trim = self.trim_size(size);
        match profile {
            Profile::Office => Geometry {
                trim,
                bleed: self.office.map_or(self.bleed(), |s| s.bleed_for(trim, self.bleed())),
                paper_margin: if self.trim.is_none() { office_margin() } else { Abs::ZERO },
                marks: false,
            },
            Profile::Press => Geometry { trim, bleed: self.bleed().max(press_bleed()), paper_margin: Abs::ZERO, marks: true },
        }
    }
}

/// The trim size of a paper size name.
pub fn paper(size: SizeName) -> Size {
    match size {
        SizeName::Letter => Size::new(Abs::inches(8.5), Abs::inches(11.0)),
        SizeName::Tabloid => Size::new(Abs::inches(11.0), Abs::inches(17.0)),
        SizeName::A4 => Size::new(Abs::mm(210.0), Abs::mm(297.0)),
        SizeName::A3 => Size::new(Abs::mm(297.0), Abs::mm(420.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_sizes_are_sound() {
        for (i, k) in KINDS.iter().enumerate() {
            assert!(KINDS[..i].iter().all(|o| o.name != k.name), "{} twice", k.name);
            assert_eq!(k.sizes.is_empty(), k.trim.is_some(), "{}: either page sizes or a fixed trim", k.name);
            assert!(k.min_body >= 6.0, "{}: print shops ask for 6 pt at least", k.name);
        }
    }

    #[test]
    fn a_piece_fits_its_sheet_with_room_for_crop_marks() {
        for k in KINDS {
            // Room for marks on every side: about 3/8 in at a press, 0.2 in (a mark of
            // 11 pt) beyond an office printer's 1/4 in margin.
            let sheets = [if let Press::NUp(s) = k.press { Some((s, 0.375)) } else { None }, k.office.map(|s| (s, 0.25 + 0.2))];
            for (sheet, margin) in sheets.into_iter().flatten() {
                let Some((w, h)) = k.trim else { panic!("{}: only a fixed trim goes on a sheet", k.name) };
                let (c, r) = (sheet.cols as f64, sheet.rows as f64);
                match sheet.cells {
                    // Each piece with its own bleed: a gutter of two bleeds between
                    // neighbours.
                    Cells::Cut => {
                        let used = (w * c + 2.0 * k.bleed * c, h * r + 2.0 * k.bleed * r);
                        let room = 2.0 * margin;
                        assert!(sheet.paper.0 - used.0 >= room && sheet.paper.1 - used.1 >= room, "{}: {used:?} on {sheet:?}", k.name);
                    }
                    // Labels on the paper, each holding the piece, none overlapping.
                    Cells::Labels { size, origin, pitch } => {
                        assert!(size.0 >= w && size.1 >= h, "{}: a {w} x {h} in piece on a {size:?} label", k.name);
                        assert!(pitch.0 >= size.0 && pitch.1 >= size.1, "{}: labels overlap", k.name);
                        assert!(origin.0 + pitch.0 * (c - 1.0) + size.0 <= sheet.paper.0 + 1e-9, "{}", k.name);
                        assert!(origin.1 + pitch.1 * (r - 1.0) + size.1 <= sheet.paper.1 + 1e-9, "{}", k.name);
                    }
                }
            }
        }
    }

    #[test]
    fn a_piece_on_a_label_bleeds_to_the_label_s_edges() {
        let sticker = KindSpec::find("restroom-sticker").unwrap();
        assert_eq!(sticker.office, Some(AVERY_5164));
        // 4 x 3 in on a 4 x 3-1/3 in label: 1/6 in of colour above and below the trim.
        assert_eq!(sticker.geometry(SizeName::Letter, Profile::Office).bleed, Abs::inches(1.0 / 6.0));
        assert_eq!(sticker.geometry(SizeName::Letter, Profile::Press).bleed, Abs::inches(0.125));
        let card = KindSpec::find("wallet-card").unwrap();
        assert_eq!(card.geometry(SizeName::Letter, Profile::Office).bleed, Abs::inches(0.125));
    }
}
