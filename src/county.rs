//! The starter file `awareprint new-county` writes for a partner.

use crate::contacts::is_valid_id;
use crate::kinds::KindSpec;
use std::path::Path;

/// A material as the starter describes it: what a county may show on it, and the
/// output folders its editions are written to.
#[derive(Clone, Debug)]
pub struct Material {
    /// Its id, as `show:` and `web.on` name it.
    pub id: String,
    /// How many local contacts it has room for (`None`: any number).
    pub contacts: Option<usize>,
    /// Whether a county's web page has room on it.
    pub web: bool,
    /// The folders under `output/<county>/` it is written to: a language code each,
    /// or the bilingual pair (`en-es`).
    pub folders: Vec<String>,
}

/// The materials in the folder `dir`, read as the starter needs them: each structure
/// file's kind (and page limit) and its language files. A file that does not load is
/// left out here; `check` and `build` say what is wrong with it.
pub fn materials(dir: &Path) -> Vec<Material> {
    let registries = [crate::project::CONTACTS_FILE, crate::content::IDENTITY_FILE, crate::contacts::CLAIMS_FILE];
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = entries.flatten().filter_map(|e| e.file_name().to_str().map(str::to_string)).collect();
    names.sort();
    let mut out = Vec::new();
    for name in &names {
        let Some(id) = name.strip_suffix(".yaml").filter(|id| is_valid_id(id)) else { continue };
        if registries.contains(&name.as_str()) {
            continue;
        }
        let Ok(file) = crate::model::load_yaml::<crate::model::MaterialFile>(&dir.join(name)) else { continue };
        let Some(kind) = KindSpec::find(&file.value.kind.value) else { continue };
        let limited = file.value.max_pages.is_some();
        let folders = match &file.value.languages {
            Some(pair) if kind.is_bilingual() => vec![pair.value.join("-")],
            _ => names
                .iter()
                .filter_map(|n| n.strip_prefix(&format!("{id}."))?.strip_suffix(".yaml").map(str::to_string))
                .filter(|code| crate::model::is_lang_code(code))
                .collect(),
        };
        out.push(Material { id: id.to_string(), contacts: kind.local_contacts(limited), web: kind.takes_web_page(limited), folders });
    }
    out
}

/// `a, b and c`.
fn series(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `text` as comment lines of at most 86 characters, each starting with `# `.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split(' ') {
        if line.len() + 1 + word.len() > 86 && line != "#" {
            out += &line;
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out + &line + "\n"
}

/// What the starter says about `materials`: the folders a build writes (`Your PDFs
/// appear in ...`), the materials and their room for contacts, and where a web page
/// fits, each as comment lines; and up to three `show:` examples.
struct Said {
    folders: String,
    show: String,
    show_examples: String,
    web: String,
    web_on: String,
}

fn said(id: &str, materials: &[Material]) -> Said {
    let mut codes: Vec<&str> = materials.iter().flat_map(|m| m.folders.iter().map(String::as_str)).collect();
    codes.sort_by_key(|c| (c.contains('-'), *c));
    codes.dedup();
    let folder = |code: &str| {
        let words: Vec<String> = code.split('-').map(|c| crate::model::language_name(c).unwrap_or(c).to_string()).collect();
        let words = if words.len() > 1 { format!("{}, on one piece", series(&words)) } else { series(&words) };
        format!("output/{id}/{code}/ ({words})")
    };
    let folders: Vec<String> = codes.iter().map(|c| folder(c)).collect();
    let folders = comment(&format!("Your PDFs appear in {}.", series(&folders)));

    let ids = |f: &dyn Fn(&Material) -> bool| -> Vec<String> { materials.iter().filter(|m| f(m)).map(|m| m.id.clone()).collect() };
    let all = ids(&|_| true);
    let mut room = Vec::new();
    let one = ids(&|m| m.contacts == Some(1));
    if !one.is_empty() {
        room.push(format!(
            "{} {} room for one local contact{}",
            series(&one),
            if one.len() == 1 { "has" } else { "have" },
            if one.len() == 1 { "" } else { " each" }
        ));
    }
    let mut counts: Vec<usize> = materials.iter().filter_map(|m| m.contacts).filter(|n| *n > 1).collect();
    counts.sort();
    counts.dedup();
    for n in counts {
        room.push(format!("{} for {n}", series(&ids(&|m| m.contacts == Some(n)))));
    }
    let any = ids(&|m| m.contacts.is_none());
    if !any.is_empty() {
        room.push(format!("{} for any number", series(&any)));
    }
    let none = ids(&|m| m.contacts == Some(0));
    if !none.is_empty() {
        room.push(format!("{} for none", series(&none)));
    }
    let show = comment(&format!(
        "Which of your contacts appear on which material, by the material's id. The materials are: {}. {}.",
        all.join(", "),
        room.join("; ")
    ));
    let show_examples: String =
        materials.iter().filter(|m| m.contacts != Some(0)).take(3).map(|m| format!("#  {}: [{id}-da]\n", m.id)).collect();
    let web = ids(&|m| m.web);
    let web_words = if web.is_empty() {
        "No material has room for one.".to_string()
    } else {
        format!("It has room on {} only; the other materials keep their statewide codes.", series(&web))
    };
    let web = comment(&format!(
        "A local web page, printed as a QR code with a caption on the materials you list. {web_words} Leave it out if you have none."
    ));
    let web_on = materials.iter().find(|m| m.web).map_or_else(|| "professional-handout".to_string(), |m| m.id.clone());
    Said { folders, show, show_examples, web, web_on }
}

/// The id for a county name (`Clear Creek` -> `clear-creek`) and a commented starter
/// file that explains every field, naming `materials` (see [`materials`]).
pub fn starter(name: &str, materials: &[Material]) -> Result<(String, String), String> {
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
    let Said { folders, show, show_examples, web, web_on } = said(&id, materials);
    let text = format!(
        r#"# The {base} County edition of the awareness materials.
#
# This file changes only what is local to your county. The layout, the statewide
# reporting channels (the Colorado hotline, 911, the NCMEC CyberTipline) and the
# wording of the materials stay the same for every county and cannot be changed here.
#
# After editing, check your file with:   awareprint check
# and build your edition with:          awareprint build --county {id}
{folders}
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

{show}show: {{}}
{show_examples}
# Your logo, as a PNG file put in this same folder (materials/counties/). It is
# printed on posters and handouts, up to about 2 inches wide or 1 inch tall (any
# shape fits): use at least 600 pixels across so it prints sharply (check warns
# below 300 pixels per inch).
# logo: {id}-logo.png

{web}# web:
#   url: https://www.example.org/your-page
#   caption: Scan for local help and resources
#   on: [{web_on}]
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
        assert_eq!(starter("Clear Creek", &[]).unwrap().0, "clear-creek");
        assert_eq!(starter("El Paso County", &[]).unwrap().0, "el-paso");
        assert!(starter("Bad/Name", &[]).is_err());
        assert!(starter("", &[]).is_err());
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
            let e = starter(bad, &[]).unwrap_err();
            assert!(e.contains("does not make a county name") || e.contains("cannot be printed"), "{bad:?}: {e}");
            assert!(!e.contains('\n'), "the message shows the line break escaped: {e}");
        }
        assert!(starter("Averyveryverylongnamethatnocountyhasatall", &[]).unwrap_err().contains("too long"));
        // Every starter loads as a county file.
        for name in ["Clear Creek", "El Paso", "Rio Grande County", "Kit Carson"] {
            let (_, text) = starter(name, &[]).unwrap();
            crate::model::parse_yaml::<crate::model::CountyFile>(std::path::Path::new("x.yaml"), text).unwrap();
        }
    }

    fn shipped() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("materials")
    }

    #[test]
    fn the_starter_names_every_material_and_folder_the_materials_have() {
        let materials = materials(&shipped());
        let ids: Vec<&str> = materials.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["bilingual-poster", "parent-handout", "poster", "professional-handout", "restroom-sticker", "wallet-card"]);
        let sticker = materials.iter().find(|m| m.id == "restroom-sticker").unwrap();
        assert_eq!((sticker.contacts, sticker.web, sticker.folders.clone()), (Some(0), false, vec!["en".to_string(), "es".to_string()]));
        let bilingual = materials.iter().find(|m| m.id == "bilingual-poster").unwrap();
        assert_eq!(bilingual.folders, ["en-es"]);
        let (_, text) = starter("Mesa Verde", &materials).unwrap();
        let comments: String = text.lines().filter_map(|l| l.strip_prefix("# ")).collect::<Vec<_>>().join(" ");
        assert!(
            comments.contains(
                "Your PDFs appear in output/mesa-verde/en/ (English), output/mesa-verde/es/ (Spanish) and output/mesa-verde/en-es/ (English and Spanish, on one piece)."
            ),
            "{text}"
        );
        assert!(
            comments.contains(
                "The materials are: bilingual-poster, parent-handout, poster, professional-handout, restroom-sticker, wallet-card. bilingual-poster, parent-handout, poster and wallet-card have room for one local contact each; professional-handout for any number; restroom-sticker for none."
            ),
            "{text}"
        );
        assert!(comments.contains("It has room on professional-handout only;"), "{text}");
        assert!(
            text.contains("#  bilingual-poster: [mesa-verde-da]\n#  parent-handout: [mesa-verde-da]\n#  poster: [mesa-verde-da]\n"),
            "{text}"
        );
        let long = "word ".repeat(60) + &"x".repeat(100);
        let wrapped = comment(&long);
        assert!(wrapped.lines().all(|l| l.starts_with("# ") && (l.len() <= 86 || !l[2..].contains(' '))), "{wrapped}");
        assert_eq!(wrapped.lines().map(|l| &l[2..]).collect::<Vec<_>>().join(" "), long.trim_end());
        crate::model::parse_yaml::<crate::model::CountyFile>(Path::new("mesa-verde.yaml"), text).unwrap();
    }

    #[test]
    fn the_starter_follows_the_materials_folder() {
        // A folder with one handout of two pages and a German poster: the starter names
        // those and nothing else.
        let dir = std::env::temp_dir().join(format!("awareprint-starter-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("leaflet.yaml"), "kind: handout\nauthor: x\nmax-pages: 2\nblocks: []\n").unwrap();
        std::fs::write(dir.join("leaflet.en.yaml"), "lang: en\n").unwrap();
        std::fs::write(dir.join("sign.yaml"), "kind: poster\nauthor: x\nblocks: []\n").unwrap();
        std::fs::write(dir.join("sign.de.yaml"), "lang: de\n").unwrap();
        std::fs::write(dir.join("contacts.yaml"), "contacts: []\n").unwrap();
        std::fs::write(dir.join("broken.yaml"), "kind: [\n").unwrap();
        let found = materials(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        let ids: Vec<&str> = found.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["leaflet", "sign"]);
        let (_, text) = starter("Mesa Verde", &found).unwrap();
        let comments: String = text.lines().filter_map(|l| l.strip_prefix("# ")).collect::<Vec<_>>().join(" ");
        assert!(comments.contains("Your PDFs appear in output/mesa-verde/de/ (German) and output/mesa-verde/en/ (English)."), "{text}");
        assert!(comments.contains("leaflet and sign have room for one local contact each."), "{text}");
        assert!(comments.contains("No material has room for one."), "{text}");
    }
}
