//! `versions.txt` in a build's output folder: the version code of every PDF built
//! there, so that `check` can say which editions' codes (and so which printed pieces)
//! a change touches before anything is rebuilt.
//!
//! One line per PDF, sorted: its path under the folder, a tab, its version code.

use std::collections::BTreeMap;
use std::path::Path;

pub const VERSIONS_FILE: &str = "versions.txt";

/// The largest `versions.txt` read (a folder of 100,000 PDFs fits).
const MAX_BYTES: u64 = 16 << 20;

const HEADER: &str = "# The version code of each PDF last built in this folder (awareprint check compares against it).\n";

/// The codes recorded in `dir`: path -> code. A missing or unreadable file records
/// nothing (the folder was never built into, or by an older awareprint).
pub fn read(dir: &Path) -> BTreeMap<String, String> {
    let Ok(bytes) = crate::fsio::read_in(dir, &dir.join(VERSIONS_FILE), MAX_BYTES) else { return BTreeMap::new() };
    let text = String::from_utf8_lossy(&bytes);
    text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t')).map(|(p, v)| (p.to_string(), v.to_string())).collect()
}

/// Record `built` (path -> code) in `dir`, keeping what is recorded for PDFs not built
/// this time; written atomically.
pub fn record(dir: &Path, built: impl IntoIterator<Item = (String, String)>) -> std::io::Result<()> {
    let mut all = read(dir);
    all.extend(built.into_iter().filter(|(p, v)| !p.contains(['\t', '\n']) && !v.contains(['\t', '\n'])));
    let mut text = String::from(HEADER);
    for (p, v) in &all {
        text.push_str(&format!("{p}\t{v}\n"));
    }
    crate::fsio::write_atomic(&dir.join(VERSIONS_FILE), text.as_bytes())
}

/// The PDFs whose code differs from the one recorded, by edition (the first part of
/// the path): edition -> the paths' `material (lang)`.
pub fn changed(recorded: &BTreeMap<String, String>, now: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, code) in now {
        if recorded.get(path).is_some_and(|old| old != code) {
            let mut parts = path.splitn(3, '/');
            let (edition, lang, file) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            out.entry(edition.to_string()).or_default().push(format!("{} ({lang})", file.trim_end_matches(".pdf")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_codes_round_trip_and_changes_are_grouped_by_edition() {
        let dir = std::env::temp_dir().join(format!("awareprint-versions-{}", crate::fsio::random_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(read(&dir).is_empty());
        let code = |s: &str| s.to_string();
        record(&dir, [(code("boulder/en/poster.pdf"), code("poster · en · boulder · 2026-11-26 · 1a2b"))]).unwrap();
        record(&dir, [(code("colorado/es/poster.pdf"), code("poster · es · colorado · 2026-11-26 · 3c4d"))]).unwrap();
        let r = read(&dir);
        assert_eq!(r.len(), 2, "a second build keeps the first's record: {r:?}");
        let now = [
            (code("boulder/en/poster.pdf"), code("poster · en · boulder · 2026-11-26 · ffff")),
            (code("colorado/es/poster.pdf"), code("poster · es · colorado · 2026-11-26 · 3c4d")),
            (code("adams/en/poster.pdf"), code("new, never recorded")),
        ];
        let c = changed(&r, &now);
        assert_eq!(c.len(), 1);
        assert_eq!(c["boulder"], ["poster (en)"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
