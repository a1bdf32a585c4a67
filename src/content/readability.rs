//! Reading level: the Flesch-Kincaid grade of a material's copy (English). Every
//! heading, bullet, label and caption counts as a sentence of its own.

/// Words, sentences and syllables of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Counts {
    /// Add one unit of copy (a paragraph, a bullet, a heading).
    pub fn add(&mut self, text: &str) {
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
