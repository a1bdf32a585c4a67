//! County logos: PNG files decoded (pure Rust, `png`), checked for size, and drawn
//! at print size with their effective resolution computed.

use sha2::{Digest, Sha256};

/// The largest logo file read, and the largest image, in pixels per side.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_SIDE: u32 = 6000;
/// Below this effective resolution at print size, `check` warns.
pub const MIN_PPI: f64 = 300.0;

/// A decoded logo: 8-bit RGB or RGBA pixels, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub pixels: Vec<u8>,
    /// A name derived from the pixels (for the PDF resource), stable across runs.
    pub id: String,
}

/// Why a logo was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogoError {
    /// The file's size in bytes, over [`MAX_BYTES`].
    TooLarge(usize),
    NotPng,
    /// The PNG decoder's reason.
    Unreadable(String),
    /// Width and height in pixels, outside 1 to [`MAX_SIDE`].
    Dimensions(u32, u32),
    Palette,
}

impl std::fmt::Display for LogoError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            LogoError::TooLarge(n) => write!(f, "the logo is {n} bytes; the limit is {MAX_BYTES}"),
            LogoError::NotPng => write!(f, "the logo is not a PNG file"),
            LogoError::Unreadable(e) => write!(f, "the logo cannot be read as PNG: {e}"),
            LogoError::Dimensions(w, h) => write!(f, "the logo is {w} x {h} pixels; each side must be 1 to {MAX_SIDE}"),
            LogoError::Palette => write!(f, "the logo's palette could not be expanded"),
        }
    }
}

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The width and height in pixels a PNG file's header gives (its first chunk, IHDR),
/// read from the bytes before anything is decoded or allocated: a small file that
/// claims a huge image is refused for its size without costing its size.
pub fn png_size(bytes: &[u8]) -> Result<(u32, u32), LogoError> {
    if !bytes.starts_with(SIGNATURE) {
        return Err(LogoError::NotPng);
    }
    // Length (13), type, width, height, five one-byte fields, CRC.
    let Some(ihdr) = bytes.get(8..33) else {
        return Err(LogoError::Unreadable("the file ends inside its header (IHDR)".into()));
    };
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    if be(&ihdr[0..4]) != 13 || &ihdr[4..8] != b"IHDR" {
        return Err(LogoError::Unreadable("the file does not start with its header (IHDR)".into()));
    }
    if crc32fast::hash(&ihdr[4..21]) != be(&ihdr[21..25]) {
        return Err(LogoError::Unreadable("its header (IHDR) is damaged".into()));
    }
    Ok((be(&ihdr[8..12]), be(&ihdr[12..16])))
}

impl Logo {
    /// Decode a PNG file's bytes. Its size in pixels is read from its header and
    /// checked before the decoder starts.
    pub fn from_png(bytes: &[u8]) -> Result<Logo, LogoError> {
        if bytes.len() > MAX_BYTES {
            return Err(LogoError::TooLarge(bytes.len()));
        }
        let (w, h) = png_size(bytes)?;
        if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
            return Err(LogoError::Dimensions(w, h));
        }
        let unreadable = |e: png::DecodingError| LogoError::Unreadable(e.to_string());
        let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: 256 * 1024 * 1024 });
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().map_err(unreadable)?;
        if (reader.info().width, reader.info().height) != (w, h) {
            return Err(LogoError::Unreadable("its header (IHDR) was read two ways".into()));
        }
        let size = reader.output_buffer_size().ok_or(LogoError::Dimensions(w, h))?;
        let mut buf = vec![0; size];
        let info = reader.next_frame(&mut buf).map_err(unreadable)?;
        buf.truncate(info.buffer_size());
        let (pixels, alpha) = match info.color_type {
            png::ColorType::Rgb => (buf, false),
            png::ColorType::Rgba => (buf, true),
            png::ColorType::Grayscale => (buf.iter().flat_map(|&g| [g, g, g]).collect(), false),
            png::ColorType::GrayscaleAlpha => (buf.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(), true),
            png::ColorType::Indexed => return Err(LogoError::Palette),
        };
        let mut hash = Sha256::new();
        hash.update(w.to_be_bytes());
        hash.update(h.to_be_bytes());
        hash.update(&pixels);
        let digest = hash.finalize();
        let id = format!("Im{}", digest[..8].iter().map(|b| format!("{b:02x}")).collect::<String>());
        Ok(Logo { width: w, height: h, alpha, pixels, id })
    }

    /// Pixels per inch when printed `width_pt` points wide.
    pub fn ppi(&self, width_pt: f64) -> f64 {
        self.width as f64 / (width_pt / 72.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, color: png::ColorType) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        let channels = match color {
            png::ColorType::Rgba => 4,
            png::ColorType::Rgb => 3,
            png::ColorType::GrayscaleAlpha => 2,
            _ => 1,
        };
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(&vec![128; (w * h) as usize * channels]).unwrap();
        drop(writer);
        out
    }

    #[test]
    fn decodes_rgb_rgba_and_grey() {
        let l = Logo::from_png(&png(4, 2, png::ColorType::Rgb)).unwrap();
        assert_eq!((l.width, l.height, l.alpha, l.pixels.len()), (4, 2, false, 24));
        let l = Logo::from_png(&png(4, 2, png::ColorType::Rgba)).unwrap();
        assert!(l.alpha && l.pixels.len() == 32);
        let l = Logo::from_png(&png(3, 3, png::ColorType::Grayscale)).unwrap();
        assert_eq!(l.pixels.len(), 27);
        assert_eq!(l.ppi(72.0), 3.0);
    }

    /// `png` with its header's width and height replaced (and its CRC made right).
    fn claiming(mut bytes: Vec<u8>, w: u32, h: u32) -> Vec<u8> {
        bytes[16..20].copy_from_slice(&w.to_be_bytes());
        bytes[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32fast::hash(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    #[test]
    fn the_size_is_read_from_the_header_before_decoding() {
        let one = png(1, 1, png::ColorType::Rgb);
        assert_eq!(png_size(&one), Ok((1, 1)));
        // A 1x1 file whose header says 100,000 x 100,000: refused, nothing decoded.
        let bomb = claiming(one.clone(), 100_000, 100_000);
        assert_eq!(png_size(&bomb), Ok((100_000, 100_000)));
        assert_eq!(Logo::from_png(&bomb), Err(LogoError::Dimensions(100_000, 100_000)));
        assert_eq!(Logo::from_png(&claiming(one.clone(), 0, 1)), Err(LogoError::Dimensions(0, 1)));
        let unreadable = |why: &str| Err(LogoError::Unreadable(why.into()));
        for cut in [8, 20, 32] {
            assert_eq!(png_size(&one[..cut]), unreadable("the file ends inside its header (IHDR)"), "{cut}");
        }
        let mut damaged = bomb.clone();
        damaged[17] ^= 1;
        assert_eq!(png_size(&damaged), unreadable("its header (IHDR) is damaged"));
        let mut other = one.clone();
        other[12..16].copy_from_slice(b"tEXt");
        assert_eq!(png_size(&other), unreadable("the file does not start with its header (IHDR)"));
        assert_eq!(png_size(b"GIF89a"), Err(LogoError::NotPng));
    }

    #[test]
    fn refuses_what_is_not_a_png() {
        assert_eq!(Logo::from_png(b"GIF89a").unwrap_err(), LogoError::NotPng);
        let mut truncated = png(10, 10, png::ColorType::Rgb);
        truncated.truncate(40);
        assert!(Logo::from_png(&truncated).is_err());
    }
}
