//! A zip archive of files stored as they are (PDFs compress their own streams): the
//! local headers, the data and the central directory, with fixed dates so that the
//! same files give the same bytes.

/// 1980-01-01 00:00, the earliest date a zip entry holds.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

/// Why files could not be put in one archive.
#[derive(Debug, PartialEq, Eq)]
pub enum ZipError {
    /// More than 65,535 files, or a file or the archive over 4 GiB (zip64 is not written).
    TooLarge,
    /// A name that is empty, absolute, climbs with `..` or is longer than 65,535 bytes.
    BadName(String),
}

impl std::fmt::Display for ZipError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ZipError::TooLarge => write!(f, "too many or too large files for one zip archive"),
            ZipError::BadName(n) => write!(f, "`{n}` cannot be a name in a zip archive"),
        }
    }
}

/// The archive of `files` (name with `/` between folders, bytes), in the order given.
pub fn stored(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, ZipError> {
    let count = u16::try_from(files.len()).map_err(|_| ZipError::TooLarge)?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, bytes) in files {
        let bad = name.is_empty() || name.starts_with('/') || name.contains('\\') || name.split('/').any(|p| p == ".." || p.is_empty());
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::BadName(name.clone()))?;
        if bad {
            return Err(ZipError::BadName(name.clone()));
        }
        let size = u32::try_from(bytes.len()).map_err(|_| ZipError::TooLarge)?;
        let offset = u32::try_from(out.len()).map_err(|_| ZipError::TooLarge)?;
        let crc = crc32fast::hash(bytes);
        // Version 2.0, flag bit 11: the name is UTF-8; method 0: stored.
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes());
            v.extend((1u16 << 11).to_le_bytes());
            v.extend(0u16.to_le_bytes());
            v.extend(DOS_TIME.to_le_bytes());
            v.extend(DOS_DATE.to_le_bytes());
            v.extend(crc.to_le_bytes());
            v.extend(size.to_le_bytes());
            v.extend(size.to_le_bytes());
            v.extend(name_len.to_le_bytes());
            v.extend(0u16.to_le_bytes());
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(name.as_bytes());
        out.extend(bytes);

        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // made by: version 2.0
        common(&mut central);
        central.extend([0u8; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let dir_offset = u32::try_from(out.len()).map_err(|_| ZipError::TooLarge)?;
    let dir_size = u32::try_from(central.len()).map_err(|_| ZipError::TooLarge)?;
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // this disk, the directory's disk
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(dir_size.to_le_bytes());
    out.extend(dir_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    Ok(out)
}

/// The files of a stored archive that [`stored`] wrote (or any zip of stored files
/// without data descriptors), read back through its central directory: for tests and
/// for checking a download.
pub fn read_stored(zip: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let u16_at = |i: usize| zip.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |i: usize| zip.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let end = zip.len().checked_sub(22)?;
    if u32_at(end)? != 0x0605_4b50 {
        return None;
    }
    let count = u16_at(end + 10)? as usize;
    let mut at = u32_at(end + 16)? as usize;
    let mut files = Vec::new();
    for _ in 0..count {
        if u32_at(at)? != 0x0201_4b50 || u16_at(at + 10)? != 0 {
            return None;
        }
        let crc = u32_at(at + 16)?;
        let size = u32_at(at + 20)? as usize;
        let name_len = u16_at(at + 28)? as usize;
        let extra = u16_at(at + 30)? as usize + u16_at(at + 32)? as usize;
        let local = u32_at(at + 42)? as usize;
        let name = String::from_utf8(zip.get(at + 46..at + 46 + name_len)?.to_vec()).ok()?;
        let data_at = local + 30 + u16_at(local + 26)? as usize + u16_at(local + 28)? as usize;
        let data = zip.get(data_at..data_at + size)?.to_vec();
        if crc32fast::hash(&data) != crc {
            return None;
        }
        files.push((name, data));
        at += 46 + name_len + extra;
    }
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_and_bad_names_are_refused() {
        let files = vec![("boulder/en/poster.pdf".to_string(), b"%PDF-1.7 one".to_vec()), ("boulder/es/poster.pdf".into(), vec![0u8; 3])];
        let zip = stored(&files).unwrap();
        assert_eq!(read_stored(&zip).unwrap(), files);
        assert_eq!(stored(&files).unwrap(), zip, "same files, same bytes");
        let mut broken = zip.clone();
        let at = broken.windows(12).position(|w| w == b"%PDF-1.7 one").unwrap();
        broken[at] ^= 1;
        assert_eq!(read_stored(&broken), None, "a changed byte fails its CRC");
        for bad in ["", "/etc/passwd", "a/../b", "a//b", "a\\b"] {
            assert!(matches!(stored(&[(bad.to_string(), vec![])]), Err(ZipError::BadName(_))), "{bad}");
        }
    }
}
