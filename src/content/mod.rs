//! Resolve: a material file plus the contact registry become a [`Doc`] with every
//! reference looked up, every placeholder filled and no optional left to check.

mod additions;
mod copy;
mod doc;
mod edition;
mod identity;
mod mandatory;
mod placeholders;
pub mod quotes;
pub mod readability;

use additions::{county_room, overlay};
pub use copy::{Checked, Copy, RESERVED};
pub use doc::{Block, Call, Content, CopyAt, Doc, Qr};
pub use edition::{Edition, LocalWeb, MAX_NAME_CHARS, Name, STATEWIDE};
pub use identity::{IDENTITY_FILE, Identity, Issuer, Palette};
pub use mandatory::EMERGENCY;
use mandatory::{Blocks, required, required_content};
pub use placeholders::{check_no_typed_contacts, expand, expand_facts};

use crate::contacts::Registry;
use crate::diag::{Diagnostic, Problems};
use crate::kinds::{Faces, KindSpec};
use crate::model::{BlockSpec, LinkKind, Loaded, MaterialFile, SizeName, Spanned};

/// Check a material against its kind and the registry, and resolve it in the language
/// of `copy` for an edition.
pub fn resolve(file: &Loaded<MaterialFile>, copy: &Copy, id: &str, edition: &Edition, size: Option<SizeName>) -> Result<Doc, Problems> {
    let registry = &edition.registry;
    let m = &file.value;
    let Some(kind) = KindSpec::find(&m.kind.value) else {
        return Err(vec![
            file.error_at(&m.kind, format!("`{}` is not a kind of material", m.kind.value)).hint(format!("kinds: {}", KindSpec::names())),
        ]);
    };
    let mut problems = Vec::new();

    let allowed = kind.sizes;
    let chosen = size.or(m.size.as_ref().map(|s| s.value));
    let size = match chosen {
        None => allowed.first().copied().unwrap_or(SizeName::Letter),
        Some(s) if allowed.contains(&s) => s,
        Some(s) => {
            let list: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
            let msg = format!("{} cannot be printed at size `{}`", kind.noun, s.name());
            let hint = if list.is_empty() {
                format!("{} has a fixed size of {}; remove `size`", kind.noun, kind.trim_words().unwrap_or_else(|| kind.size_label(s)))
            } else {
                format!("sizes for {}: {}", kind.noun, list.join(", "))
            };
            let d = match &m.size {
                Some(spanned) if spanned.value == s => file.error_at(spanned, msg),
                _ => Diagnostic::error(msg).in_file(&file.file),
            };
            problems.push(d.hint(hint));
            SizeName::Letter
        }
    };

    let (front, back) = match kind.faces {
        Faces::FrontBack => {
            if let Some(b) = &m.blocks {
                problems.push(file.error_at(b, format!("{} has `front` and `back`, not `blocks`", kind.noun)));
            }
            let front = required(file, kind, &m.front, "front", &mut problems);
            let back = required(file, kind, &m.back, "back", &mut problems);
            (front, back)
        }
        Faces::Pages => {
            for (field, v) in [("front", &m.front), ("back", &m.back)] {
                if let Some(v) = v {
                    problems.push(file.error_at(v, format!("`{field}` is only for two-sided pieces; {} has `blocks`", kind.noun)));
                }
            }
            (required(file, kind, &m.blocks, "blocks", &mut problems), None)
        }
    };
    match &m.languages {
        None if kind.is_bilingual() => {
            problems.push(file.error_in("languages", format!("{} needs `languages`, e.g. `languages: [en, es]`", kind.noun)))
        }
        Some(l) if kind.is_bilingual() && l.value.len() != kind.languages => {
            problems.push(file.error_at(l, format!("{} has exactly {} `languages`", kind.noun, kind.languages)))
        }
        Some(l) if !kind.is_bilingual() => problems.push(file.error_at(l, "`languages` is only for bilingual posters")),
        _ => {}
    }
    if let (Some(mp), false) = (&m.max_pages, kind.page_limit) {
        problems.push(file.error_at(mp, format!("`max-pages` is only for kinds that flow onto pages; {} has a fixed layout", kind.noun)));
    }
    if let Some(mp) = &m.max_pages {
        if let Some(d) = file.plain_number(mp, "max-pages", false) {
            problems.push(d);
        } else if mp.value == 0 {
            problems.push(file.error_at(mp, "`max-pages` must be at least 1"));
        }
    }

    let blocks_field = if kind.faces == Faces::FrontBack { "front" } else { "blocks" };
    let mut blocks = resolve_blocks(file, copy, front, blocks_field, registry, &mut problems);
    let mut back = resolve_blocks(file, copy, back, "back", registry, &mut problems);
    problems.extend(county_room(edition, id, kind, m.max_pages.as_ref().map(|p| p.value)));
    problems.extend(overlay(edition, id, kind, (copy.code, copy.quotes()), &mut blocks, &mut back));
    // The county's name in this language, in its quotation marks; a county file
    // without a name in it has no edition in it.
    let county_name = edition.name_in(copy.code).and_then(|name| match name {
        Ok(name) => match copy.quotes().apply(&name.text) {
            Ok(text) => Some((text, name)),
            Err(e) => {
                let file = edition.file.clone().unwrap_or_default();
                problems.push(
                    Diagnostic::error(format!("in `{}`: {}", copy.code, e.message))
                        .in_file(&file)
                        .field(&name.field)
                        .at(name.at.0, name.at.1),
                );
                None
            }
        },
        Err(d) => {
            problems.push(d);
            None
        }
    });
    if problems.is_empty() {
        problems.extend(required_content(file, copy.file, &blocks, &back));
    }
    let mut pictograms = Vec::new();
    for name in m.pictograms.iter().flat_map(|l| &l.value) {
        match crate::art::Pictogram::ALL.iter().find(|p| p.file().trim_end_matches(".svg") == name.value) {
            Some(p) => pictograms.push(*p),
            None => {
                let names = crate::art::Pictogram::ALL.map(|p| p.file().trim_end_matches(".svg"));
                let hint =
                    crate::suggest::did_you_mean(&name.value, names).unwrap_or_else(|| format!("the pictograms are {}", names.join(", ")));
                problems.push(file.error_at(name, format!("no pictogram `{}`", name.value)).hint(hint));
            }
        }
    }
    let title = copy.required("title", registry, &mut problems);
    let subject = copy.required("subject", registry, &mut problems);
    // The author is printed in the PDF's metadata: the same policy. The language
    // file's, in its language, comes before the structure's.
    if let Err(r) = crate::policy::printed(&m.author, false) {
        problems.push(file.error_in("author", r.message()).hint(r.hint()));
    }
    let author = copy.author(&mut problems).unwrap_or_else(|| m.author.clone());
    // Texts that do not pass through a language file's checks (the county's name, its
    // contacts' labels and web caption, the issuer's name, the author) state no fact of
    // their own and speak in the copy's register too.
    {
        let mut others: Vec<(String, Diagnostic)> = Vec::new();
        let county_file = edition.file.clone().unwrap_or_default();
        if let Some((text, name)) = &county_name {
            others.push((text.clone(), Diagnostic::error("").in_file(&county_file).field(&name.field).at(name.at.0, name.at.1)));
        }
        for b in blocks.iter().chain(&back).filter(|b| b.origin.is_some()) {
            let text = match &b.content {
                Content::Call(c) => c.label.clone(),
                Content::Qr(q) => q.caption.clone(),
                _ => continue,
            };
            others.push((text, Diagnostic::error("").in_file(&county_file).field(&b.path)));
        }
        if let Some(name) = edition.identity.issuer.as_ref().and_then(|i| i.name_in(copy.code)) {
            let identity = file.file.parent().unwrap_or(std::path::Path::new(".")).join(IDENTITY_FILE);
            others.push((name.to_string(), Diagnostic::error("").in_file(&identity).field("issuer.name")));
        }
        if let Some(line) = edition.identity.campaign.get(copy.code) {
            let identity = file.file.parent().unwrap_or(std::path::Path::new(".")).join(IDENTITY_FILE);
            others.push((line.clone(), Diagnostic::error("").in_file(&identity).field("campaign")));
        }
        others.push((author.clone(), Diagnostic::error("").in_file(&copy.file.file).field("author")));
        for (text, at) in others {
            if let Some(words) = registry.claims().fact_word_in(copy.code, &text) {
                let mut d = at.clone();
                d.message = format!(
                    "in `{}`: \u{201c}{text}\u{201d} states a fact (\u{201c}{words}\u{201d}); statements come from the claims registry with their sources",
                    copy.code
                );
                problems.push(d.hint("a name, a label or a caption says who or what, not what is true about trafficking"));
            }
            if let Some((expected, r, w)) = copy.other_register(None, &text) {
                let mut d = at;
                d.message = format!(
                    "in `{}`: \u{201c}{text}\u{201d} says \u{201c}{w}\u{201d}, which speaks as `{r}`, but {} speaks as `{expected}`",
                    copy.code,
                    copy.file.file.display()
                );
                problems.push(d.hint(format!("word it as the material does, in `{expected}`")));
            }
        }
    }
    let qr_label = copy.required("qr-code", registry, &mut problems);
    let logo_label = copy.required("logo", registry, &mut problems);
    let lang = copy.lang(&mut problems);
    copy.unused(&mut problems);
    for (code, to) in &m.fallback {
        if code == &to.value {
            problems.push(file.error_at(to, format!("`{code}` cannot fall back to itself")));
        }
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Doc {
        id: id.to_string(),
        edition: edition.id.clone(),
        county: county_name.map(|(text, name)| Block {
            origin: edition.file.clone(),
            path: name.field.clone(),
            line: name.at.0,
            col: name.at.1,
            copy: None,
            content: Content::Kicker(text),
        }),
        logo: edition.logo.clone().filter(|_| kind.logo),
        edition_file: edition.file.clone(),
        copy_file: copy.file.file.clone(),
        file: file.file.clone(),
        kind,
        size,
        profile: crate::model::Profile::Office,
        title,
        subject,
        qr_label,
        logo_label,
        author,
        lang,
        lang_code: copy.code.to_string(),
        palette: edition.identity.palette,
        issuer: edition.identity.issuer.as_ref().and_then(|i| i.name_in(copy.code)).map(str::to_string),
        issuer_logo: edition.identity.issuer.as_ref().and_then(|i| i.logo.clone()),
        campaign: edition.identity.campaign.get(copy.code).cloned(),
        version: edition.identity.version(id, copy.code, &edition.id),
        max_pages: m.max_pages.as_ref().map(|s| s.value),
        pictograms,
        blocks,
        back,
        second: None,
    })
}

fn resolve_blocks(
    file: &Loaded<MaterialFile>,
    copy: &Copy,
    specs: Option<&Blocks>,
    field: &str,
    registry: &Registry,
    problems: &mut Problems,
) -> Vec<Block> {
    let Some(specs) = specs else { return Vec::new() };
    let mut out = Vec::new();
    for (i, spec) in specs.value.iter().enumerate() {
        let path = format!("{field}[{i}]");
        let key = match &spec.value {
            BlockSpec::Heading(k) | BlockSpec::Paragraph(k) | BlockSpec::Bullets(k) => k,
            BlockSpec::Call(call) => &call.label,
            BlockSpec::Qr(qr) => &qr.caption,
            BlockSpec::Signs(ids) => {
                out.extend(signs(file, copy, ids, &path, spec, registry, problems));
                continue;
            }
        };
        let copy_at = copy.at(&key.value);
        let content = match &spec.value {
            BlockSpec::Signs(_) => unreachable!("placed above"),
            BlockSpec::Heading(k) => Content::Heading(copy.text(file, k, registry, problems)),
            BlockSpec::Paragraph(k) => Content::Paragraph(copy.text(file, k, registry, problems)),
            BlockSpec::Bullets(k) => Content::Bullets(copy.list(file, k, registry, problems)),
            BlockSpec::Call(call) => {
                let label = copy.text(file, &call.label, registry, problems);
                match lookup(file, &call.contact, registry, problems) {
                    Some(c) => {
                        // A text channel's number in the call's place, laid out as one.
                        let (phone, sms) = match (call.text, &c.sms) {
                            (false, _) => (c.phone.clone(), None),
                            (true, Some(sms)) => match crate::contacts::check_phone(sms.written(), None) {
                                Ok(p) => (Some(p), Some(sms.clone())),
                                Err(_) => {
                                    let msg = format!(
                                        "contact `{}` takes texts at the short code {}, which a callout cannot set as its number",
                                        c.id,
                                        sms.written()
                                    );
                                    problems.push(file.error_at(&call.contact, msg).hint("print the short code in a paragraph: {id.sms}"));
                                    (None, None)
                                }
                            },
                            (true, None) => {
                                problems.push(
                                    file.error_at(&call.contact, format!("contact `{}` has no number for text messages (`sms`)", c.id)),
                                );
                                (None, None)
                            }
                        };
                        if !call.text && c.phone.is_none() {
                            problems.push(file.error_at(&call.contact, format!("contact `{}` has no phone number to call", c.id)));
                        }
                        if call.show_web && c.url.is_none() {
                            problems.push(file.error_at(&call.contact, format!("contact `{}` has no web address to show", c.id)));
                        }
                        Content::Call(Call {
                            contact: c.id.clone(),
                            label,
                            name: copy.quotes().apply(&c.name).unwrap_or_else(|_| c.name.clone()),
                            phone,
                            web: c.url.clone().filter(|_| call.show_web),
                            sms,
                        })
                    }
                    None => continue,
                }
            }
            BlockSpec::Qr(qr) => {
                let caption = copy.text(file, &qr.caption, registry, problems);
                let Some(c) = lookup(file, &qr.contact, registry, problems) else {
                    continue;
                };
                let target = match qr.link {
                    LinkKind::Web => c.url.as_ref().map(|u| (u.href().to_string(), u.display().to_string())),
                    LinkKind::Call => c.phone.as_ref().map(|p| (p.tel_uri(), p.written().to_string())),
                };
                match target {
                    Some((payload, shown)) => Content::Qr(Qr { contact: c.id.clone(), payload, caption, shown }),
                    None => {
                        let what = if qr.link == LinkKind::Web { "web address" } else { "phone number" };
                        problems.push(file.error_at(&qr.contact, format!("contact `{}` has no {what} for a QR code", c.id)));
                        continue;
                    }
                }
            }
        };
        out.push(Block { origin: None, path, line: spec.referenced.line(), col: spec.referenced.column(), copy: copy_at, content });
    }
    out
}

/// A `signs` block: the signs it names, each a sign of the claims registry, in the
/// copy's language, as a list; then the claims' signs note as a paragraph.
fn signs(
    file: &Loaded<MaterialFile>,
    copy: &Copy,
    ids: &Spanned<Vec<Spanned<String>>>,
    path: &str,
    spec: &Spanned<BlockSpec>,
    registry: &Registry,
    problems: &mut Problems,
) -> Vec<Block> {
    let claims = registry.claims();
    if ids.value.is_empty() {
        problems.push(file.error_at(ids, "`signs` lists no signs"));
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut first_at = None;
    for (i, id) in ids.value.iter().enumerate() {
        if ids.value[..i].iter().any(|earlier| earlier.value == id.value) {
            problems.push(file.error_at(id, format!("`{}` is listed twice in this list of signs", id.value)));
            continue;
        }
        if claims.sign(&id.value).is_none() {
            let known: Vec<&str> = claims.sign_ids().collect();
            let msg = if claims.is_claim(&id.value) {
                format!("`{}` is a claim but not a sign to watch for", id.value)
            } else {
                format!("`{}` is not a sign in materials/claims.yaml", id.value)
            };
            let hint = if known.is_empty() {
                "signs are claims with `sign: sex` or `sign: labor` in materials/claims.yaml, each with its sources".to_string()
            } else {
                format!("signs: {}", known.join(", "))
            };
            problems.push(file.error_at(id, msg).hint(hint));
            continue;
        }
        if let Some(why) = claims.unprintable(&id.value) {
            problems
                .push(file.error_at(id, why).hint(
                    "check the organization's live page, record its address in claims.yaml and drop `reprint`, or list another sign",
                ));
            continue;
        }
        match claims.text(copy.code, &id.value) {
            Some((text, at)) => {
                first_at.get_or_insert_with(|| CopyAt { file: at.file.clone(), key: id.value.clone(), line: at.line, col: at.col });
                items.push(in_quotes(copy, text, at, problems));
            }
            None => problems.push(
                file.error_at(id, format!("the sign `{}` has no `{}` text", id.value, copy.code))
                    .hint(format!("add `{}:` to claims.{}.yaml", id.value, copy.code)),
            ),
        }
    }
    let note_id = claims.signs_note();
    let Some((note, note_at)) = claims.text(copy.code, note_id) else {
        problems.push(file.error_at(ids, format!("the signs note `{note_id}` has no `{}` text", copy.code)));
        return Vec::new();
    };
    let block = |copy_at: Option<CopyAt>, content: Content, suffix: &str| Block {
        origin: None,
        path: format!("{path}{suffix}"),
        line: spec.referenced.line(),
        col: spec.referenced.column(),
        copy: copy_at,
        content,
    };
    let note = in_quotes(copy, note, note_at, problems);
    let note_at = CopyAt { file: note_at.file.clone(), key: note_id.to_string(), line: note_at.line, col: note_at.col };
    vec![block(first_at, Content::Bullets(items), ""), block(Some(note_at), Content::Paragraph(note), ".note")]
}

/// A claim's text in the copy's quotation marks; a mark of another style is an error at
/// the claim's line in its language file.
fn in_quotes(copy: &Copy, text: &str, at: &crate::contacts::ClaimAt, problems: &mut Problems) -> String {
    // A sign or note speaks in the register of the copy it is printed with.
    if let Some((expected, r, w)) = copy.other_register(None, text) {
        problems.push(
            Diagnostic::error(format!("this claim says \u{201c}{w}\u{201d}, which speaks as `{r}`, but {} speaks as `{expected}`", copy.file.file.display()))
                .in_file(&at.file)
                .at(at.line, at.col)
                .hint("a claim printed in a list of signs speaks in the register of every material that lists it: word it without a register of its own"),
        );
    }
    match copy.quotes().apply(text) {
        Ok(t) => t,
        Err(e) => {
            problems.push(
                Diagnostic::error(e.message)
                    .in_file(&at.file)
                    .at(at.line, at.col)
                    .hint("one quotation style per language: see materials/identity.yaml"),
            );
            text.to_string()
        }
    }
}

fn lookup<'r>(
    file: &Loaded<MaterialFile>,
    id: &Spanned<String>,
    registry: &'r Registry,
    problems: &mut Problems,
) -> Option<&'r crate::contacts::Contact> {
    let found = registry.get(&id.value);
    if found.is_none() {
        let known: Vec<&str> = registry.ids().collect();
        problems.push(
            file.error_at(id, format!("unknown contact `{}`", id.value))
                .hint(format!("contacts in materials/contacts.yaml: {}", known.join(", "))),
        );
    }
    found
}

/// The longest piece of copy one block may hold.
pub const MAX_TEXT_CHARS: usize = 2000;
