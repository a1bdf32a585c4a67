//! Near matches for a name given on the command line or in a run file: "did you mean
//! `boulder`?" for `bouldr` or `Boulder`. Our own small edit distance (no crate): the
//! restricted Damerau-Levenshtein distance (optimal string alignment) between the
//! case-folded words, counted in characters.

/// The number of single-character insertions, deletions, substitutions and swaps of
/// two neighbours that turn `a` into `b`, ignoring case (`Boulder` and `boulder` are
/// 0 apart, `bouldr` 1, `bolude` 2).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows of the table: the one two above, the one above, and this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut above: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (above[j] + 1).min(row[j - 1] + 1).min(above[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(&mut before, &mut above);
        std::mem::swap(&mut above, &mut row);
    }
    above[b.len()]
}

/// How far a word may be from a choice to be suggested: a third of its length (one
/// edit for up to five letters, two for six to eight, ...), at least one. A two-letter
/// language code thus suggests only codes one letter away, never every code.
pub fn allowed(word: &str) -> usize {
    (word.chars().count() / 3).max(1)
}

/// The choices nearest to `word`, if any is near enough ([`allowed`]): every choice
/// at the smallest distance, in the order given, at most three.
pub fn near<'a>(word: &str, choices: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let limit = allowed(word);
    let mut best = Vec::new();
    let mut least = usize::MAX;
    for c in choices {
        let d = distance(word, c);
        if d > limit {
            continue;
        }
        if d < least {
            least = d;
            best.clear();
        }
        if d == least && !best.contains(&c) {
            best.push(c);
        }
    }
    best.truncate(3);
    best
}

/// "did you mean `boulder`?" (or "`a` or `b`?") for the nearest choices, or `None`
/// when none is near.
pub fn did_you_mean<'a>(word: &str, choices: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let near = near(word, choices);
    let quoted: Vec<String> = near.iter().map(|c| format!("`{c}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("boulder", "boulder"), 0);
        assert_eq!(distance("Boulder", "boulder"), 0, "case is folded");
        assert_eq!(distance("BOULDER", "boulder"), 0);
        assert_eq!(distance("bouldr", "boulder"), 1, "a letter left out");
        assert_eq!(distance("boulderr", "boulder"), 1, "a letter added");
        assert_eq!(distance("boulter", "boulder"), 1, "a letter changed");
        assert_eq!(distance("bouledr", "boulder"), 1, "two neighbours swapped count once");
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("ca", "abc"), 3, "optimal string alignment: a swapped pair is not edited again");
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("clear creek", "clear-creek"), 1);
        assert_eq!(distance("añil", "anil"), 1, "counted in characters, not bytes");
        // Symmetric.
        for (a, b) in [("poster", "postr"), ("tabloid", "tabliod"), ("es", "en"), ("wallet-card", "walletcard")] {
            assert_eq!(distance(a, b), distance(b, a), "{a} {b}");
        }
    }

    #[test]
    fn what_is_near_enough() {
        let counties = ["adams", "alamosa", "boulder", "denver", "el-paso", "clear-creek"];
        assert_eq!(near("bouldr", counties), ["boulder"]);
        assert_eq!(near("Boulder", counties), ["boulder"]);
        assert_eq!(near("El Paso", counties), ["el-paso"]);
        assert_eq!(near("Clear Creek", counties), ["clear-creek"]);
        assert!(near("atlantis", counties).is_empty(), "{:?}", near("atlantis", counties));
        assert!(near("nowhere", counties).is_empty());
        let materials = ["bilingual-poster", "parent-handout", "poster", "professional-handout", "restroom-sticker", "wallet-card"];
        assert_eq!(near("postr", materials), ["poster"]);
        assert_eq!(near("Poster", materials), ["poster"]);
        assert_eq!(near("wallet-crad", materials), ["wallet-card"]);
        assert_eq!(near("parent-handot", materials), ["parent-handout"]);
        assert!(near("leaflet", materials).is_empty());
        assert!(near("flyer", materials).is_empty());
        // Two-letter codes: one edit at most, so `fr` is near neither `en` nor `es`.
        assert_eq!(near("eS", ["en", "es"]), ["es"]);
        assert_eq!(near("e", ["en", "es"]), ["en", "es"]);
        assert!(near("fr", ["en", "es"]).is_empty());
        assert_eq!(near("tabliod", ["letter", "tabloid", "a4", "a3"]), ["tabloid"]);
        assert_eq!(near("a5", ["letter", "tabloid", "a4", "a3"]), ["a4", "a3"]);
    }

    #[test]
    fn hints() {
        assert_eq!(did_you_mean("bouldr", ["adams", "boulder"]).as_deref(), Some("did you mean `boulder`?"));
        assert_eq!(did_you_mean("a5", ["a4", "a3"]).as_deref(), Some("did you mean `a4` or `a3`?"));
        assert_eq!(did_you_mean("x", ["a", "b", "c", "d"]).as_deref(), Some("did you mean `a`, `b` or `c`?"));
        assert_eq!(did_you_mean("zzzz", ["a4", "a3"]), None);
    }
}
