//! A print shop's ICC profile, made at test time: a small but complete ICC v2.4
//! output profile for CMYK (device class `prtr`, Lab connection space) with the tags
//! an output profile has (description, copyright, media white point, the three
//! pairs of 8-bit lookup tables and a gamut table), so that no profile whose licence
//! forbids it is committed. Its colour is a plain guess (CMYK ink darkens white,
//! neutral grey): right for a file's structure, not for a press.

/// The profile, with `description` in its `desc` tag.
pub fn cmyk_output_profile(description: &str) -> Vec<u8> {
    let desc = text_description(description);
    let cprt = [b"text".as_slice(), &[0; 4], b"No copyright: made by awareprint's tests\0"].concat();
    let wtpt = [b"XYZ ".as_slice(), &[0; 4], &s15(0.9642), &s15(1.0), &s15(0.8249)].concat();
    // CMYK to Lab: white paper, each ink a third darker, black darkest; neutral a, b.
    let a2b = lut8(4, 3, |corner| {
        let inks = corner.iter().take(3).filter(|&&v| v == 1).count() as f64;
        let l = if corner[3] == 1 { 0.1 } else { 1.0 - inks * 0.28 };
        vec![(l * 255.0).round() as u8, 128, 128]
    });
    // Lab to CMYK: black for dark, nothing for light.
    let b2a = lut8(3, 4, |corner| vec![0, 0, 0, if corner[0] == 0 { 255 } else { 0 }]);
    let gamt = lut8(3, 1, |_| vec![0]);
    let tags: [(&[u8; 4], &[u8]); 10] = [
        (b"desc", &desc),
        (b"cprt", &cprt),
        (b"wtpt", &wtpt),
        (b"A2B0", &a2b),
        (b"A2B1", &a2b),
        (b"A2B2", &a2b),
        (b"B2A0", &b2a),
        (b"B2A1", &b2a),
        (b"B2A2", &b2a),
        (b"gamt", &gamt),
    ];
    let mut table = (tags.len() as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    let start = 128 + 4 + 12 * tags.len();
    for (sig, bytes) in tags {
        table.extend_from_slice(sig);
        table.extend_from_slice(&((start + data.len()) as u32).to_be_bytes());
        table.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        data.extend_from_slice(bytes);
        while data.len() % 4 != 0 {
            data.push(0);
        }
    }
    let size = (start + data.len()) as u32;
    let mut header = vec![0u8; 128];
    header[0..4].copy_from_slice(&size.to_be_bytes());
    header[8..12].copy_from_slice(&[2, 0x40, 0, 0]);
    header[12..16].copy_from_slice(b"prtr");
    header[16..20].copy_from_slice(b"CMYK");
    header[20..24].copy_from_slice(b"Lab ");
    for (i, v) in [2026u16, 1, 1, 0, 0, 0].iter().enumerate() {
        header[24 + i * 2..26 + i * 2].copy_from_slice(&v.to_be_bytes());
    }
    header[36..40].copy_from_slice(b"acsp");
    header[68..80].copy_from_slice(&[s15(0.9642), s15(1.0), s15(0.8249)].concat());
    [header, table, data].concat()
}

/// An s15Fixed16Number.
fn s15(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

/// A textDescriptionType: the ASCII description, no Unicode or ScriptCode one.
fn text_description(text: &str) -> Vec<u8> {
    let ascii: Vec<u8> = text.bytes().filter(u8::is_ascii).chain([0]).collect();
    let mut out = [b"desc".as_slice(), &[0; 4], &(ascii.len() as u32).to_be_bytes(), &ascii].concat();
    // Unicode language and count, ScriptCode code and count, and its 67 bytes.
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&[0; 3]);
    out.extend_from_slice(&[0; 67]);
    out
}

/// A lut8Type of `inputs` to `outputs` channels: identity matrix and curves, a CLUT
/// of two points a side whose entry at each corner (0 or 1 per input) is `at(corner)`.
fn lut8(inputs: usize, outputs: usize, at: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut out = [b"mft1".as_slice(), &[0; 4], &[inputs as u8, outputs as u8, 2, 0]].concat();
    for v in [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0] {
        out.extend_from_slice(&s15(v));
    }
    for _ in 0..inputs {
        out.extend(0..=255u8);
    }
    // The first input varies slowest.
    for n in 0..1usize << inputs {
        let corner: Vec<u8> = (0..inputs).map(|i| ((n >> (inputs - 1 - i)) & 1) as u8).collect();
        let entry = at(&corner);
        assert_eq!(entry.len(), outputs);
        out.extend(entry);
    }
    for _ in 0..outputs {
        out.extend(0..=255u8);
    }
    out
}
