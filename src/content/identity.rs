//! The identity every material shares, resolved from `materials/identity.yaml`: the
//! issuing agency, the revision date, the palette by role and each language's
//! quotation marks. Checked once when the project is opened.

use super::edition::logo_beside;
use super::quotes::Quotes;
use crate::color::Color;
use crate::diag::{Diagnostic, Problems};
use crate::logo::Logo;
use crate::model::{IdentityFile, Loaded, LocalText, Spanned, is_lang_code};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The file, inside the materials folder.
pub const IDENTITY_FILE: &str = "identity.yaml";

/// The longest issuer name the templates leave room for (one line of small print).
pub const MAX_ISSUER_CHARS: usize = 80;

/// The longest campaign line the lockups leave room for.
pub const MAX_CAMPAIGN_CHARS: usize = 48;

/// The most ink a press sheet takes in one spot (C+M+Y+K, percent): coated stock
/// dries at about 300-330 %; above that colours set off onto the next sheet.
pub const MAX_INK: f64 = 300.0;

#[derive(Clone, Debug)]
pub struct Identity {
    /// `YYYY-MM-DD`.
    pub revised: String,
    pub issuer: Option<Issuer>,
    /// The campaign line in each language of the materials, as printed.
    pub campaign: BTreeMap<String, String>,
    pub palette: Palette,
    /// Language code -> its quotation marks.
    pub quotes: BTreeMap<String, Quotes>,
    /// Language code -> register -> the forms that speak only in it (lower case).
    pub registers: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

#[derive(Clone, Debug)]
pub struct Issuer {
    /// The name in each language of the materials, as printed.
    pub names: BTreeMap<String, String>,
    pub logo: Option<Arc<Logo>>,
}

impl Issuer {
    /// The name in language `lang` (every language of the materials has one: checked
    /// when the project opens).
    pub fn name_in(&self, lang: &str) -> Option<&str> {
        self.names.get(lang).map(String::as_str)
    }
}

/// The colours by what they do. Every template takes its colours from here.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Bands, headings, rules and links; white text on it.
    pub brand: Color,
    /// The fill behind a callout on white paper; ink on it.
    pub brand_tint: Color,
    /// Body text.
    pub ink: Color,
    /// Small print: footers, the issuer line, the version code.
    pub muted: Color,
}

/// The pairs of colours that carry text, with what they are for and the contrast WCAG
/// 2.1 AA asks of small text on them (every role may carry small text somewhere).
const PAIRS: [(&str, &str, &str); 5] = [
    ("white text on `brand` (and `brand` headings on white paper)", "brand", "white"),
    ("`ink` on white paper", "ink", "white"),
    ("`ink` on `brand-tint`", "ink", "brand-tint"),
    ("`brand` links on `brand-tint`", "brand", "brand-tint"),
    ("`muted` small print on white paper", "muted", "white"),
];

impl Identity {
    /// Check the identity file and resolve it.
    ///
    /// `languages` are the languages the materials are written in; `verified`, the
    /// newest `verified` date of the statewide contacts and facts (days since 1970) with
    /// what it dates, which a revision cannot predate; `today` (days since 1970), which
    /// it cannot follow.
    pub fn from_file(
        file: &Loaded<IdentityFile>,
        languages: &[String],
        verified: Option<(i64, &str)>,
        today: i64,
    ) -> Result<Identity, Problems> {
        let v = &file.value;
        let mut problems = Vec::new();
        match crate::date::parse_date(&v.revised.value) {
            None => problems.push(
                file.error_at(&v.revised, format!("`revised` is `{}`, not a real date", v.revised.value)).hint("write it as YYYY-MM-DD"),
            ),
            Some(day) if day > today => {
                problems.push(file.error_at(&v.revised, format!("`revised` is {}, a date in the future", v.revised.value)))
            }
            Some(day) => {
                if let Some((newest, what)) = verified.filter(|(newest, _)| *newest > day) {
                    problems.push(
                        file.error_at(
                            &v.revised,
                            format!(
                                "`revised` is {}, before {what} was verified ({}): the materials changed since",
                                v.revised.value,
                                crate::date::format_date(newest)
                            ),
                        )
                        .hint("a change to a contact or fact is a new revision: set `revised` to the date it was made"),
                    );
                }
            }
        }
        let p = &v.palette;
        let mut colour = |spanned: &Spanned<Vec<Spanned<f64>>>| {
            let written: Vec<_> = spanned.value.iter().filter_map(|v| file.plain_number(v, "colour", true)).collect();
            if !written.is_empty() {
                problems.extend(written);
                return Color::BLACK;
            }
            let values: Vec<f64> = spanned.value.iter().map(|v| v.value).collect();
            match cmyk(&values) {
                Ok(c) => c,
                Err((msg, hint)) => {
                    problems.push(file.error_at(spanned, msg).hint(hint));
                    Color::BLACK
                }
            }
        };
        let palette = Palette { brand: colour(&p.brand), brand_tint: colour(&p.brand_tint), ink: colour(&p.ink), muted: colour(&p.muted) };
        let role = |name: &str| match name {
            "brand" => (palette.brand, Some(&p.brand)),
            "brand-tint" => (palette.brand_tint, Some(&p.brand_tint)),
            "ink" => (palette.ink, Some(&p.ink)),
            "muted" => (palette.muted, Some(&p.muted)),
            _ => (Color::WHITE, None),
        };
        if problems.is_empty() {
            for (what, text, ground) in PAIRS {
                let ((a, at), (b, _)) = (role(text), role(ground));
                let ratio = a.contrast(b);
                if ratio < 4.5 {
                    let spanned = at.unwrap_or(&p.brand);
                    problems.push(
                        file.error_at(spanned, format!("{what} has a contrast of {ratio:.1}:1; small text needs 4.5:1 (WCAG 2.1 AA)"))
                            .hint("make the colour darker (more black) or the other lighter"),
                    );
                }
            }
        }
        let mut quotes = BTreeMap::new();
        for (code, marks) in &v.quotes {
            if !is_lang_code(code) {
                problems.push(file.error_at(marks, format!("`{code}` is not a language code (`en`, `es`)")));
                continue;
            }
            match Quotes::parse(&marks.value) {
                Ok(q) => {
                    for mark in [q.open, q.close, q.inner_open, q.inner_close] {
                        if let Some(what) = crate::policy::char_problem(mark) {
                            problems.push(file.error_at(marks, format!("quotes for `{code}`: `{mark}`: {what}")));
                        }
                    }
                    quotes.insert(code.clone(), q);
                }
                Err(msg) => problems.push(file.error_at(marks, format!("quotes for `{code}`: {msg}"))),
            }
        }
        for lang in languages {
            if !v.quotes.contains_key(lang) {
                problems.push(
                    file.error_in("quotes", format!("no quotation marks for `{lang}`, which the materials are written in"))
                        .hint(format!("add `{lang}:` under `quotes:` with its four marks: outer open and close, inner open and close")),
                );
            }
        }
        let issuer = v.issuer.as_ref().map(|spec| {
            let given: BTreeMap<&str, &str> = spec.name.value.texts().into_iter().map(|(l, t)| (l.unwrap_or(""), t)).collect();
            if let LocalText::ByLang(m) = &spec.name.value {
                for lang in m.keys().filter(|l| !is_lang_code(l)) {
                    problems.push(file.error_at(&spec.name, format!("`{lang}` is not a language code (`en`, `es`)")));
                }
                for lang in languages.iter().filter(|l| !m.contains_key(*l)) {
                    problems.push(file.error_at(&spec.name, format!("the issuer's name has no `{lang}` text")));
                }
            }
            // Each language's name: spaces collapsed, checked as printed text, in the
            // language's quotation marks.
            let mut names = BTreeMap::new();
            for lang in languages {
                let Some(name) = given.get(lang.as_str()).or(given.get("")) else { continue };
                let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
                let name = match crate::policy::check_field(file, &spec.name, &name, "the issuer line is the agency's name only") {
                    Ok(n) => n,
                    Err(d) => {
                        problems.extend(d);
                        continue;
                    }
                };
                let chars = name.chars().count();
                if chars == 0 || chars > MAX_ISSUER_CHARS {
                    problems
                        .push(file.error_at(&spec.name, format!("the issuer's name is {chars} characters; 1 to {MAX_ISSUER_CHARS} fit")));
                    continue;
                }
                match quotes.get(lang).map(|q| q.apply(&name)) {
                    Some(Ok(n)) => {
                        names.insert(lang.clone(), n);
                    }
                    Some(Err(e)) => problems.push(file.error_at(&spec.name, format!("the issuer's name in `{lang}`: {}", e.message))),
                    None => {}
                }
            }
            let logo = spec.logo.as_ref().and_then(|name| match logo_beside(file, name, "the materials folder") {
                Ok(l) => Some(l),
                Err(d) => {
                    problems.push(*d);
                    None
                }
            });
            Issuer { names, logo }
        });
        let mut campaign = BTreeMap::new();
        if let Some(spec) = &v.campaign {
            let given: BTreeMap<&str, &str> = spec.value.texts().into_iter().map(|(l, t)| (l.unwrap_or(""), t)).collect();
            if let LocalText::ByLang(m) = &spec.value {
                for lang in m.keys().filter(|l| !is_lang_code(l)) {
                    problems.push(file.error_at(spec, format!("`{lang}` is not a language code (`en`, `es`)")));
                }
                // A language without its campaign line prints none: a new language is
                // files only, and the line comes when someone writes it.
            }
            for lang in languages {
                let Some(line) = given.get(lang.as_str()).or(given.get("")) else { continue };
                let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
                let line =
                    match crate::policy::check_field(file, spec, &line, "the campaign line is a few words, with no number or address") {
                        Ok(n) => n,
                        Err(d) => {
                            problems.extend(d);
                            continue;
                        }
                    };
                let chars = line.chars().count();
                if chars == 0 || chars > MAX_CAMPAIGN_CHARS {
                    problems.push(file.error_at(spec, format!("the campaign line is {chars} characters; 1 to {MAX_CAMPAIGN_CHARS} fit")));
                    continue;
                }
                match quotes.get(lang).map(|q| q.apply(&line)) {
                    Some(Ok(n)) => {
                        campaign.insert(lang.clone(), n);
                    }
                    Some(Err(e)) => problems.push(file.error_at(spec, format!("the campaign line in `{lang}`: {}", e.message))),
                    None => {}
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut registers = BTreeMap::new();
        for (code, forms) in &v.registers {
            if !is_lang_code(code) {
                problems.push(file.error_at(forms, format!("`{code}` under `registers` is not a language code (`en`, `es`)")));
            }
            if forms.value.len() < 2 {
                problems.push(file.error_at(forms, format!("`registers` for `{code}` lists at least two registers, each with its forms")));
            }
            if forms.value.values().flatten().any(|w| crate::contacts::fold(w).is_empty()) {
                problems.push(file.error_at(forms, format!("`registers` for `{code}` lists an empty form")));
            }
            let lowered = forms.value.iter().map(|(r, f)| (r.clone(), f.iter().map(|w| crate::contacts::fold(w)).collect())).collect();
            registers.insert(code.clone(), lowered);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Identity { revised: v.revised.value.clone(), issuer, campaign, palette, quotes, registers })
    }

    /// The quotation marks of language `code` (every language of the materials has
    /// them: checked when the project opens).
    pub fn quotes_for(&self, code: &str) -> Result<Quotes, Box<Diagnostic>> {
        self.quotes.get(code).copied().ok_or_else(|| {
            Box::new(
                Diagnostic::error(format!("no quotation marks for `{code}` in {IDENTITY_FILE}"))
                    .hint(format!("add `{code}:` under `quotes:` with its four marks: outer open and close, inner open and close")),
            )
        })
    }

    /// The version code printed on a material: what it is, in which language and
    /// edition, and of which revision: `poster · en · boulder · 2026-11-26`.
    pub fn version(&self, material: &str, lang: &str, edition: &str) -> String {
        format!("{material} · {lang} · {edition} · {}", self.revised)
    }
}

/// Four percentages to a colour, or why not (and what to do).
fn cmyk(v: &[f64]) -> Result<Color, (String, String)> {
    let form = "a colour is four percentages, cyan magenta yellow black: [90, 30, 45, 35]".to_string();
    let [c, m, y, k] = v[..] else {
        return Err((format!("a colour has four values (cyan, magenta, yellow, black); this one has {}", v.len()), form));
    };
    if let Some(bad) = v.iter().find(|x| !(0.0..=100.0).contains(*x)) {
        return Err((format!("{bad} is not a percentage from 0 to 100"), form));
    }
    let total = c + m + y + k;
    if total > MAX_INK {
        return Err((
            format!("the colour takes {total:.0} % ink; a press sheet takes at most {MAX_INK:.0} %"),
            "take some cyan, magenta or yellow out; black alone darkens with less ink".into(),
        ));
    }
    Ok(Color::cmyk((c / 100.0) as f32, (m / 100.0) as f32, (y / 100.0) as f32, (k / 100.0) as f32))
}
