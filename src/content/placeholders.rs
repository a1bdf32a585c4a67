//! `{id}`, `{id.digits}`, `{id.web}`, `{id.sms}`, `{id.sms-word}`, `{id.name}` in copy,
//! and the rule that numbers and addresses are never typed into copy directly.

use crate::contacts::Registry;

/// Fill the placeholders of `text` from the registry, claims in language `lang`. On
/// error returns the message and a hint.
pub fn expand(text: &str, registry: &Registry, lang: &str) -> Result<String, (String, String)> {
    expand_in(text, registry, Some(lang))
}

/// Fill the placeholders of a claim's text: contacts and facts, never another claim.
pub fn expand_facts(text: &str, registry: &Registry) -> Result<String, (String, String)> {
    expand_in(text, registry, None)
}

fn expand_in(text: &str, registry: &Registry, lang: Option<&str>) -> Result<String, (String, String)> {
    crate::policy::printed(text, true).map_err(|r| (r.message(), r.hint()))?;
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if rest[open..].starts_with("{{") || rest[open..].starts_with("}}") {
            out.push_str(&rest[open..open + 1]);
            rest = &after[1..];
            continue;
        }
        if rest[open..].starts_with('}') {
            return Err(("unmatched `}` in text".into(), "write `}}` for a literal brace".into()));
        }
        let close =
            after.find('}').ok_or_else(|| ("unclosed `{` in text".to_string(), "placeholders look like {co-hotline}".to_string()))?;
        out.push_str(&fill(&after[..close], registry, lang)?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn fill(key: &str, registry: &Registry, lang: Option<&str>) -> Result<String, (String, String)> {
    let (id, field) = key.split_once('.').unwrap_or((key, "phone"));
    let claims = registry.claims();
    if claims.is_claim(id) {
        if key.contains('.') {
            return Err((format!("`{{{key}}}`: the claim `{id}` has no fields"), format!("write {{{id}}}")));
        }
        let Some(lang) = lang else {
            return Err((
                format!("`{{{key}}}`: a claim's text cannot include another claim"),
                "write the claims one after the other in the copy".into(),
            ));
        };
        if claims.sign(id).is_some() {
            return Err((
                format!(
                    "`{{{key}}}` is a sign to watch for: signs are listed in a `signs` block, which prints the note that no single sign proves trafficking"
                ),
                format!("list it in the structure file: `- signs: [{id}]`"),
            ));
        }
        if let Some(why) = claims.unprintable(id) {
            return Err((
                why,
                "check the organization's live page, record its address in claims.yaml and drop `reprint`, or print another claim"
                    .to_string(),
            ));
        }
        return match claims.text(lang, id) {
            Some((text, _)) => Ok(text.to_string()),
            None => Err((format!("claim `{id}` has no `{lang}` text"), format!("add `{id}:` to claims.{lang}.yaml"))),
        };
    }
    if let Some(text) = registry.fact(id) {
        return match key.split_once('.') {
            None => Ok(text.replace(' ', "\u{a0}")),
            Some(_) => Err((format!("`{{{key}}}`: the fact `{id}` has no fields"), format!("write {{{id}}}"))),
        };
    }
    let Some(c) = registry.get(id) else {
        let known: Vec<&str> = registry.ids().collect();
        return Err((
            format!("unknown contact, fact or claim `{id}` in placeholder `{{{key}}}`"),
            format!("contacts in materials/contacts.yaml: {}; statements are claims in materials/claims.yaml", known.join(", ")),
        ));
    };
    let missing = |what: &str| (format!("contact `{id}` has no {what} for `{{{key}}}`"), "see materials/contacts.yaml".to_string());
    match field {
        // Numbers never break across lines: their spaces become no-break spaces.
        "phone" => c.phone.as_ref().map(|p| p.written().replace(' ', "\u{a0}")).ok_or_else(|| missing("phone")),
        "digits" => c.phone.as_ref().map(|p| p.digits_written().replace(' ', "\u{a0}")).ok_or_else(|| missing("phone")),
        "web" => c.url.as_ref().map(|u| u.display().to_string()).ok_or_else(|| missing("url")),
        "sms" => c.sms.as_ref().map(|s| s.written().to_string()).ok_or_else(|| missing("sms")),
        "sms-word" => c.sms.as_ref().and_then(|s| s.word().map(str::to_string)).ok_or_else(|| missing("sms-word")),
        "name" => Ok(c.name.clone()),
        other => Err((
            format!("unknown placeholder field `{other}` in `{{{key}}}`"),
            "fields: digits, web, sms, sms-word, name (none for the number as written)".into(),
        )),
    }
}

/// Numbers and addresses live in the registry only: refuse a printed text (a county's
/// name, a contact's name, a caption) that types one, or holds a character that does not
/// print as itself. See [`crate::policy`].
pub fn check_no_typed_contacts(text: &str) -> Result<(), (String, String)> {
    crate::policy::printed(text, false).map(|_| ()).map_err(|r| (r.message(), r.hint()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_yaml;
    use std::path::Path;

    fn registry() -> Registry {
        let yaml = "contacts:\n  - id: co-hotline\n    name: Colorado hotline\n    phone: 1-844-CO-4-KIDS\n    digits: 1-844-264-5437\n    url: https://co4kids.org\n    source: facts\n    verified: 2026-11-23\n";
        let file = parse_yaml(Path::new("contacts.yaml"), yaml.to_string()).unwrap();
        Registry::from_file(&file).unwrap()
    }

    #[test]
    fn fills_placeholders() {
        let r = registry();
        assert_eq!(expand_facts("Call {co-hotline} ({co-hotline.digits}).", &r).unwrap(), "Call 1-844-CO-4-KIDS (1-844-264-5437).");
        assert_eq!(expand_facts("Visit {co-hotline.web} {{ok}}", &r).unwrap(), "Visit co4kids.org {ok}");
    }

    #[test]
    fn refuses_unknown_ids_and_typed_numbers() {
        let r = registry();
        assert!(expand_facts("{nope}", &r).unwrap_err().0.contains("unknown contact, fact or claim `nope`"));
        assert!(expand_facts("{co-hotline.fax}", &r).unwrap_err().0.contains("unknown placeholder field"));
        assert!(expand_facts("Call 844-264-5437", &r).unwrap_err().0.contains("number typed into copy: `844-264-5437`"));
        assert!(expand_facts("See https://x.org", &r).unwrap_err().0.contains("web address typed"));
        // Figures and citations are numbers too: they come from the registry's facts.
        assert!(expand_facts("In 2024 there were more than 27,800 reports.", &r).is_err());
        assert!(expand_facts("C.R.S. 18-3-504 is a class 2 felony.", &r).is_err());
        assert!(expand_facts("Text 233733 now", &r).is_err());
        assert!(expand_facts("Call (303) 441 3700", &r).is_err());
        for typed in [
            "303–441–3700",
            "303\u{a0}441\u{a0}3700",
            "303/441/3700",
            "call 1-800-THE-LOST",
            "text 233 733",
            "see co4kids.org now",
            "report.cybertip.org",
            "24/7",
        ] {
            assert!(expand_facts(typed, &r).is_err(), "{typed}");
        }
        for fine in ["a class 3 felony", "in all 50 states, 24 hours a day", "1, 2 or 2.5 hours", "U.S. law", "e.g. this"] {
            assert!(expand_facts(fine, &r).is_ok(), "{fine}");
        }
        assert!(expand_facts("{co-hotline", &r).is_err());
    }
}
