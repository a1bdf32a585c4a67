//! Output intents: the printing condition a press PDF's CMYK values are meant for,
//! with the ICC profile that characterizes it (PDF/X embeds it). Coated FOGRA39 is
//! built in; a print run may name the profile its print shop supplies (GRACoL 2013 /
//! CRPC6, SWOP), which is checked here before it is embedded: an ICC output profile
//! (device class `prtr`) for CMYK, whole, with a description.

use std::sync::{LazyLock, OnceLock};

/// The largest profile a run may name: the largest input awareprint reads (8 MiB). A
/// CMYK output profile is usually 0.5 to 3 MB (Coated FOGRA39 is 654 KB); it is
/// embedded in every press PDF of the run.
pub const MAX_BYTES: u64 = crate::fsio::MAX_INPUT_BYTES;

/// Coated FOGRA39 (ISO 12647-2:2004, coated paper, offset), as Adobe distributes it
/// for bundling (see `CoatedFOGRA39.icc.LICENSE.txt`; embedded unchanged).
const FOGRA39: &[u8] = include_bytes!("CoatedFOGRA39.icc");

/// A printing condition and its profile, as a PDF/X output intent names them.
#[derive(Debug)]
pub struct OutputIntent {
    /// `OutputConditionIdentifier`: a registered characterization's name (`FOGRA39`,
    /// `CGATS21_CRPC6`), or the profile's own description.
    pub identifier: String,
    /// `OutputCondition`: the condition in words.
    pub condition: String,
    /// `Info`: the profile's description.
    pub info: String,
    /// `RegistryName`, when `identifier` names a condition of the ICC's registry.
    pub registry: Option<&'static str>,
    profile: std::borrow::Cow<'static, [u8]>,
    /// The profile deflated, once: every press PDF of a run embeds it.
    packed: OnceLock<Vec<u8>>,
    /// The profile's SHA-256, once: every press PDF's ID takes it.
    digest: OnceLock<[u8; 32]>,
}

/// The ICC's registry of characterized printing conditions.
pub const ICC_REGISTRY: &str = "http://www.color.org";

impl OutputIntent {
    /// The default: Coated FOGRA39.
    pub fn fogra39() -> &'static OutputIntent {
        static INTENT: LazyLock<OutputIntent> = LazyLock::new(|| OutputIntent {
            identifier: "FOGRA39".into(),
            condition: "Coated FOGRA39 (ISO 12647-2:2004)".into(),
            info: "Coated FOGRA39 (ISO 12647-2:2004)".into(),
            registry: Some(ICC_REGISTRY),
            profile: std::borrow::Cow::Borrowed(FOGRA39),
            packed: OnceLock::new(),
            digest: OnceLock::new(),
        });
        &INTENT
    }

    /// The intent of a profile a print shop supplies, checked ([`check`]). The
    /// identifier and condition are the given ones (an identifier given is taken as
    /// the ICC registry's), else the profile's description; the Info is its
    /// description.
    pub fn from_profile(bytes: Vec<u8>, identifier: Option<String>, condition: Option<String>) -> Result<OutputIntent, IccError> {
        let description = check(&bytes)?;
        Ok(OutputIntent {
            registry: identifier.is_some().then_some(ICC_REGISTRY),
            identifier: identifier.unwrap_or_else(|| description.clone()),
            condition: condition.unwrap_or_else(|| description.clone()),
            info: description,
            profile: std::borrow::Cow::Owned(bytes),
            packed: OnceLock::new(),
            digest: OnceLock::new(),
        })
    }

    /// The profile's bytes, as embedded (unchanged).
    pub fn profile(&self) -> &[u8] {
        &self.profile
    }

    /// The profile deflated (made once).
    pub fn packed(&self) -> &[u8] {
        self.packed.get_or_init(|| super::deflate::deflate(&self.profile))
    }

    /// The profile's SHA-256 (computed once).
    pub fn digest(&self) -> &[u8; 32] {
        self.digest.get_or_init(|| {
            use sha2::{Digest, Sha256};
            Sha256::digest(&self.profile[..]).into()
        })
    }
}

/// Why a file is not a profile that can be a press PDF's output intent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IccError {
    /// Fewer bytes than a header and a tag count.
    TooShort(usize),
    /// The header's size field and the file's size differ.
    Size { header: u64, file: usize },
    /// No `acsp` at byte 36.
    NotIcc,
    /// The device class, when it is not an output device's (`prtr`).
    Class(String),
    /// The colour space, when it is not CMYK.
    Space(String),
    /// A major version other than 2 or 4.
    Version(u8),
    /// The tag table runs past the file's end.
    Tags,
    /// No readable description tag (`desc`).
    NoDescription,
}

impl std::fmt::Display for IccError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            IccError::TooShort(n) => write!(f, "is {n} bytes: too short for an ICC profile"),
            IccError::Size { header, file } => {
                write!(f, "is {file} bytes, but its header says {header}: the file is cut short or not a profile")
            }
            IccError::NotIcc => write!(f, "is not an ICC profile (no `acsp` signature)"),
            IccError::Class(c) => write!(f, "is an ICC profile of class `{c}`, not an output profile (`prtr`) for a printer"),
            IccError::Space(s) => write!(f, "is an output profile for `{s}`, not for CMYK"),
            IccError::Version(v) => write!(f, "is an ICC profile of version {v}; PDF/X takes versions 2 and 4"),
            IccError::Tags => write!(f, "is an ICC profile whose tag table runs past the end of the file"),
            IccError::NoDescription => write!(f, "is an ICC profile without a readable description (`desc` tag)"),
        }
    }
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// A four-character signature as text (`prtr`), non-printable bytes as `?`.
fn signature(b: &[u8]) -> String {
    b.iter().map(|&c| if (0x20..0x7f).contains(&c) { c as char } else { '?' }).collect::<String>().trim_end().to_string()
}

/// Check that `bytes` are an ICC output profile for CMYK (from its 128-byte header:
/// size, `acsp` signature, version, device class, colour space), with a tag table
/// inside the file and a description; the description.
pub fn check(bytes: &[u8]) -> Result<String, IccError> {
    if bytes.len() < 132 {
        return Err(IccError::TooShort(bytes.len()));
    }
    let size = u32_at(bytes, 0).unwrap_or(0) as u64;
    if size != bytes.len() as u64 {
        return Err(IccError::Size { header: size, file: bytes.len() });
    }
    if &bytes[36..40] != b"acsp" {
        return Err(IccError::NotIcc);
    }
    if &bytes[12..16] != b"prtr" {
        return Err(IccError::Class(signature(&bytes[12..16])));
    }
    if &bytes[16..20] != b"CMYK" {
        return Err(IccError::Space(signature(&bytes[16..20])));
    }
    if !matches!(bytes[8], 2 | 4) {
        return Err(IccError::Version(bytes[8]));
    }
    description(bytes)
}

/// The profile's description: its `desc` tag, ICC v2's text description or v4's
/// localized Unicode (the English one, else the first), trimmed.
fn description(bytes: &[u8]) -> Result<String, IccError> {
    let count = u32_at(bytes, 128).ok_or(IccError::Tags)? as usize;
    if count.checked_mul(12).and_then(|n| n.checked_add(132)).is_none_or(|end| end > bytes.len()) {
        return Err(IccError::Tags);
    }
    let mut desc = None;
    for i in 0..count {
        let at = 132 + i * 12;
        let (offset, len) = (u32_at(bytes, at + 4).ok_or(IccError::Tags)? as usize, u32_at(bytes, at + 8).ok_or(IccError::Tags)? as usize);
        let tag = offset.checked_add(len).and_then(|end| bytes.get(offset..end)).ok_or(IccError::Tags)?;
        if &bytes[at..at + 4] == b"desc" {
            desc = Some(tag);
        }
    }
    let tag = desc.ok_or(IccError::NoDescription)?;
    let text = match tag.get(..4) {
        // textDescriptionType: an ASCII count (with its NUL), then the text.
        Some(b"desc") => {
            let n = u32_at(tag, 8).ok_or(IccError::NoDescription)? as usize;
            let ascii = tag.get(12..12usize.saturating_add(n)).ok_or(IccError::NoDescription)?;
            ascii.iter().take_while(|&&b| b != 0).map(|&b| b as char).collect::<String>()
        }
        // multiLocalizedUnicodeType: records of language, country, length, offset.
        Some(b"mluc") => {
            let records = u32_at(tag, 8).ok_or(IccError::NoDescription)? as usize;
            let record = |i: usize| -> Option<(&[u8], String)> {
                let at = 16 + i.checked_mul(12)?;
                let (len, off) = (u32_at(tag, at + 4)? as usize, u32_at(tag, at + 8)? as usize);
                let units: Vec<u16> =
                    tag.get(off..off.checked_add(len)?)?.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                Some((tag.get(at..at + 2)?, String::from_utf16_lossy(&units)))
            };
            let all: Vec<(&[u8], String)> = (0..records.min(256)).filter_map(record).collect();
            all.iter().find(|(lang, _)| *lang == b"en").or(all.first()).map(|(_, t)| t.clone()).ok_or(IccError::NoDescription)?
        }
        _ => return Err(IccError::NoDescription),
    };
    let text: String = text.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string();
    if text.is_empty() { Err(IccError::NoDescription) } else { Ok(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profile_is_a_cmyk_output_profile_and_says_what_it_is() {
        assert_eq!(check(FOGRA39).as_deref(), Ok("Coated FOGRA39 (ISO 12647-2:2004)"));
        assert_eq!(OutputIntent::fogra39().identifier, "FOGRA39");
    }

    #[test]
    fn the_header_is_checked_field_by_field() {
        let good = FOGRA39.to_vec();
        let with = |at: usize, b: &[u8]| {
            let mut v = good.clone();
            v[at..at + b.len()].copy_from_slice(b);
            v
        };
        assert_eq!(check(&good[..100]), Err(IccError::TooShort(100)));
        assert_eq!(check(&good[..1000]), Err(IccError::Size { header: good.len() as u64, file: 1000 }));
        assert_eq!(check(&with(36, b"nope")), Err(IccError::NotIcc));
        assert_eq!(check(&with(12, b"mntr")), Err(IccError::Class("mntr".into())));
        assert_eq!(check(&with(16, b"RGB ")), Err(IccError::Space("RGB".into())));
        assert_eq!(check(&with(8, &[5])), Err(IccError::Version(5)));
        assert_eq!(check(&with(128, &[0xff, 0xff, 0xff, 0xff])), Err(IccError::Tags));
        let intent = OutputIntent::from_profile(good.clone(), Some("CGATS21_CRPC6".into()), None).unwrap();
        assert_eq!((intent.identifier.as_str(), intent.registry), ("CGATS21_CRPC6", Some(ICC_REGISTRY)));
        assert_eq!(intent.condition, "Coated FOGRA39 (ISO 12647-2:2004)");
        let intent = OutputIntent::from_profile(good, None, Some("Our shop".into())).unwrap();
        assert_eq!((intent.identifier.as_str(), intent.condition.as_str(), intent.registry), (intent.info.as_str(), "Our shop", None));
    }
}
