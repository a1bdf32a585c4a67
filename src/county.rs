//! The starter file `awareprint new-county` writes for a partner.

use crate::contacts::is_valid_id;

/// The id for a county name (`Clear Creek` -> `clear-creek`) and a commented starter
/// file that explains every field.
pub fn starter(name: &str) -> Result<(String, String), String> {
    let name = name.trim();
    let base = name.strip_suffix(" County").unwrap_or(name).trim();
    let id: String = base.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
    // A name is printed: letters (any script), single spaces, hyphens, apostrophes and
    // periods (`St. Vrain`), passing the printed-text policy; never a line break, a
    // tab, a quote or a character the file would have to escape.
    let allowed = |c: char| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '.' || c == '\u{2019}';
    let shown: String = name.chars().flat_map(char::escape_debug).collect();
    if !is_valid_id(&id) || !base.chars().all(allowed) || base.contains("  ") {
        return Err(format!("`{shown}` does not make a county name: use letters, single spaces, hyphens, apostrophes and periods"));
    }
    if let Err(r) = crate::policy::printed(base, false) {
        return Err(format!("`{shown}` cannot be printed as a county name: {}", r.message()));
    }
    if base.chars().count() + " County".len() > 40 {
        return Err(format!("`{shown}` is too long: a county's name prints in at most 40 characters"));
    }
    let text = format!(
        r#"# The {base} County edition of the awareness materials.
#
# This file changes only what is local to your county. The layout, the statewide
# reporting channels (the Colorado hotline, 911, the NCMEC CyberTipline) and the
# wording of the materials stay the same for every county and cannot be changed here.
#
# After editing, check your file with:   awareprint check
# and build your edition with:          awareprint build --county {id}
# Your PDFs appear in output/{id}/en/ (English) and output/{id}/es/ (Spanish).

# The name printed on every material, in each language the materials are printed
# in (at most 40 characters each): English under `en`, Spanish under `es`. The
# Spanish materials print the Spanish name and never the English one, so a name
# given once (`name: {base} County`) is the English name only and the Spanish
# edition is refused until it has its own. Check the Spanish with your translator.
name:
  en: "{base} County"
  es: "Condado de {base}"

# Local places to report, printed under the statewide numbers. Add one block per
# contact. Only add numbers you have checked: a wrong digit cannot be recalled once
# the cards are printed.
#
#   id:       a short name for the contact, lower case with hyphens: {id}-da
#   name:     the name as printed: {base} County District Attorney's Office,
#             or one per language: {{en: ..., es: ...}}
#   label:    optional, what the contact helps with, e.g. {{en: helps you file a
#             report, es: le ayuda a presentar un reporte}}
#   phone:    the number as printed, e.g. 303-555-0100 (a made-up number; letters are
#             allowed, e.g. 1-800-THE-LOST,
#             but then also give `digits`)
#   digits:   the same number in digits, only when `phone` has letters
#   url:      a web address starting with https:// (optional)
#   source:   where you checked the number
#   verified: the date you checked it, as YYYY-MM-DD
contacts: []
#  - id: {id}-da
#    name: {base} County District Attorney's Office
#    phone: 303-555-0100        # made up (awareprint refuses it): put your checked number here
#    source: our office's website
#    verified: 2026-01-31

# Which of your contacts appear on which material. The materials are: poster,
# bilingual-poster, wallet-card, parent-handout, professional-handout. The posters,
# the wallet card and the parent handout have room for one local contact each; the
# professional handout for more.
show: {{}}
#  poster: [{id}-da]
#  parent-handout: [{id}-da]
#  professional-handout: [{id}-da]

# Your logo, as a PNG file put in this same folder (materials/counties/). It is
# printed on posters and handouts, up to about 2 inches wide or 1 inch tall (any
# shape fits): use at least 600 pixels across so it prints sharply (check warns
# below 300 pixels per inch).
# logo: {id}-logo.png

# A local web page, printed as a QR code with a caption on the materials you list.
# Posters, the wallet card and the two-page parent handout keep their statewide
# codes, so it goes on the professional handout. Leave it out if you have none.
# web:
#   url: https://www.example.org/your-page
#   caption: Scan for local help and resources
#   on: [professional-handout]
#   source: who confirmed the page is yours, e.g. our office's web team
#   verified: the date you checked it, as YYYY-MM-DD
"#
    );
    // What is written is what the loader reads: never a file `check` cannot open.
    if let Err(p) = crate::model::parse_yaml::<crate::model::CountyFile>(std::path::Path::new("starter.yaml"), text.clone()) {
        return Err(format!("`{shown}` makes a file that does not load: {}", p.first().map_or(String::new(), |d| d.message.clone())));
    }
    Ok((id, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names() {
        assert_eq!(starter("Clear Creek").unwrap().0, "clear-creek");
        assert_eq!(starter("El Paso County").unwrap().0, "el-paso");
        assert!(starter("Bad/Name").is_err());
        assert!(starter("").is_err());
        for bad in [
            "Clear\nCreek",
            "Clear\rCreek",
            "Clear\tCreek",
            "Clear  Creek",
            "Clear\u{2028}Creek",
            "Clear\u{200B}Creek",
            "A\"B",
            "Adams 303",
        ] {
            let e = starter(bad).unwrap_err();
            assert!(e.contains("does not make a county name") || e.contains("cannot be printed"), "{bad:?}: {e}");
            assert!(!e.contains('\n'), "the message shows the line break escaped: {e}");
        }
        assert!(starter("Averyveryverylongnamethatnocountyhasatall").unwrap_err().contains("too long"));
        // Every starter loads as a county file.
        for name in ["Clear Creek", "El Paso", "Rio Grande County", "Kit Carson"] {
            let (_, text) = starter(name).unwrap();
            crate::model::parse_yaml::<crate::model::CountyFile>(std::path::Path::new("x.yaml"), text).unwrap();
        }
    }
}
