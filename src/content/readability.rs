//! Reading level: the Flesch-Kincaid grade for English copy, and for Spanish the
//! Fernández-Huerta ease score turned into an approximate school grade. Every
//! heading, bullet, label and caption counts as a sentence of its own.

/// Words, sentences and syllables of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Counts {
    /// Add one unit of copy (a paragraph, a bullet, a heading) in English.
    pub fn add(&mut self, text: &str) {
        self.add_counted(text, false);
    }

    /// Add one unit of Spanish copy.
    pub fn add_es(&mut self, text: &str) {
        self.add_counted(text, true);
    }

    /// Add a unit's counts, each unit counted once per thread: the same copy recurs in
    /// every edition of a material.
    fn add_counted(&mut self, text: &str, spanish: bool) {
        type Seen = std::collections::HashMap<(bool, String), Counts>;
        thread_local! {
            static SEEN: std::cell::RefCell<Seen> = Default::default();
        }
        let key = (spanish, text.to_string());
        let unit = SEEN.with(|c| c.borrow().get(&key).copied()).unwrap_or_else(|| {
            let mut unit = Counts::default();
            unit.add_with(text, if spanish { syllables_es } else { syllables });
            SEEN.with(|c| {
                let mut c = c.borrow_mut();
                if c.len() >= 4096 {
                    c.clear();
                }
                c.insert(key, unit);
            });
            unit
        });
        self.words += unit.words;
        self.sentences += unit.sentences;
        self.syllables += unit.syllables;
    }

    fn add_with(&mut self, text: &str, syllables: fn(&str) -> usize) {
        let mut sentences = 0;
        let mut in_sentence = false;
        for word in text.split_whitespace() {
            let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.is_empty() {
                continue;
            }
            self.words += 1;
            self.syllables += syllables(&letters);
            in_sentence = true;
            if word.ends_with(['.', '!', '?']) || word.ends_with(".\"") {
                sentences += 1;
                in_sentence = false;
            }
        }
        // A unit without final punctuation (a bullet, a heading) is still a sentence.
        self.sentences += sentences + usize::from(in_sentence);
    }

    /// The Flesch-Kincaid grade level; 0 for no words.
    pub fn grade(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        0.39 * (self.words as f64 / self.sentences as f64) + 11.8 * (self.syllables as f64 / self.words as f64) - 15.59
    }
}

/// The Fernández-Huerta reading ease of Spanish text (0 hard .. 100 easy), mapped to
/// an approximate US grade: 90+ is about grade 4, each 10 points less one grade more
/// (60-70, "normal", is grade 7-8).
pub fn grade_es(c: &Counts) -> f64 {
    if c.words == 0 || c.sentences == 0 {
        return 0.0;
    }
    let per_100_syllables = 100.0 * c.syllables as f64 / c.words as f64;
    let per_100_sentences = 100.0 * c.sentences as f64 / c.words as f64;
    let ease = 206.84 - 0.60 * per_100_syllables - 1.02 * per_100_sentences;
    ((100.0 - ease) / 10.0 + 4.0).max(0.0)
}

/// Syllables in a Spanish word: vowel groups, split where two strong vowels (a, e, o,
/// or an accented i/u) meet.
pub fn syllables_es(word: &str) -> usize {
    let strong = |c: char| "aeoáéóíú".contains(c);
    let vowel = |c: char| "aeiouáéíóúü".contains(c);
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let mut count = 0;
    let mut prev: Option<char> = None;
    for &c in &w {
        if vowel(c) {
            match prev {
                Some(p) if vowel(p) && !(strong(p) && strong(c)) => {}
                _ => count += 1,
            }
        }
        prev = Some(c);
    }
    count.max(1)
}

/// Syllables in an English word, by vowel groups: a common approximation.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    // A silent final e ("make"), but not "-le" ("little").
    let n = w.len();
    let silent_e = n > 2 && w[n - 1] == 'e' && !vowel(w[n - 2]);
    let le = n > 2 && w[n - 2] == 'l' && !vowel(w[n - 3]);
    if silent_e && !le {
        count -= 1;
    }
    // "-ed" after anything but t or d is silent ("called").
    if n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' && !matches!(w[n - 3], 't' | 'd') && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_counts() {
        for (w, n) in [
            ("child", 1),
            ("abuse", 2),
            ("trafficking", 3),
            ("make", 1),
            ("little", 2),
            ("called", 1),
            ("wanted", 2),
            ("the", 1),
            ("victims", 2),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn spanish_syllables_and_grade() {
        for (w, n) in [("niño", 2), ("trata", 2), ("abuso", 3), ("infantil", 3), ("línea", 3), ("peligro", 3), ("ciudad", 2), ("aéreo", 4)]
        {
            assert_eq!(syllables_es(w), n, "{w}");
        }
        let mut easy = Counts::default();
        easy.add_es("Llame ya. Le podemos ayudar. No es su culpa.");
        let mut hard = Counts::default();
        hard.add_es("Las intervenciones multidisciplinarias requieren responsabilidades institucionales coordinadas y considerables.");
        assert!(grade_es(&easy) < 7.5, "{}", grade_es(&easy));
        assert!(grade_es(&hard) > 12.0, "{}", grade_es(&hard));
    }

    #[test]
    fn grades_rise_with_long_words_and_sentences() {
        let mut easy = Counts::default();
        easy.add("Call us. We can help. It is not your fault.");
        let mut hard = Counts::default();
        hard.add("Comprehensive multidisciplinary interventions necessitate coordinated institutional responsibilities and considerable organizational commitment.");
        assert!(easy.grade() < 3.0, "{}", easy.grade());
        assert!(hard.grade() > 14.0, "{}", hard.grade());
        let mut bullets = Counts::default();
        bullets.add("Signs to watch for");
        bullets.add("Misses school");
        assert_eq!(bullets.sentences, 2);
    }
}
