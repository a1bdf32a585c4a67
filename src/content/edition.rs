//! Editions: the statewide materials, or a county's overlay of its name, local
//! contacts and a local web page. Nothing else can be changed by a county file.

use crate::contacts::{Contact, Registry, WebUrl, is_valid_id};
use crate::diag::{Diagnostic, Problems};
use crate::logo::Logo;
use crate::model::{CountyFile, Loaded, Spanned};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The longest county name the templates leave room for (on one line of a poster's
/// band beside the widest logo).
pub const MAX_NAME_CHARS: usize = 40;

/// The id of the statewide edition (its output folder).
pub const STATEWIDE: &str = "colorado";

#[derive(Clone, Debug)]
pub struct Edition {
    /// `colorado` for the statewide edition, else the county id (`boulder`).
    pub id: String,
    /// The name printed on the materials; `None` for the statewide edition.
    pub name: Option<String>,
    /// Line and column of `name` in the county file.
    pub name_at: (u64, u64),
    pub file: Option<PathBuf>,
    /// Statewide channels plus this edition's local ones.
    pub registry: Registry,
    /// Material id -> local contacts shown on it, in order.
    pub show: BTreeMap<String, Vec<Contact>>,
    pub web: Option<LocalWeb>,
    pub logo: Option<Arc<Logo>>,
    /// What every edition shares: issuer, revision, palette, quotation marks.
    pub identity: Arc<super::Identity>,
}

/// A local web page shown as a QR code.
#[derive(Clone, Debug)]
pub struct LocalWeb {
    pub url: WebUrl,
    pub caption: String,
    pub on: Vec<String>,
}

impl Edition {
    pub fn statewide(registry: &Registry, identity: &Arc<super::Identity>) -> Edition {
        Edition {
            id: STATEWIDE.to_string(),
            name: None,
            name_at: (0, 0),
            file: None,
            registry: registry.clone(),
            show: BTreeMap::new(),
            web: None,
            logo: None,
            identity: identity.clone(),
        }
    }

    /// Check a county file against the statewide registry and the material ids.
    pub fn county(
        file: &Loaded<CountyFile>,
        id: &str,
        statewide: &Registry,
        identity: &Arc<super::Identity>,
        materials: &[String],
    ) -> Result<Edition, Problems> {
        let c = &file.value;
        let mut problems = Vec::new();
        if !is_valid_id(id) || id == STATEWIDE {
            problems.push(file.error_in("file name", format!("`{id}` cannot be a county id: use a-z, 0-9 and - (and not `{STATEWIDE}`)")));
        }
        let name_chars = c.name.value.trim().chars().count();
        if c.name.value.trim().is_empty() {
            problems.push(file.error_at(&c.name, "`name` is empty"));
        } else if name_chars > MAX_NAME_CHARS {
            problems.push(
                file.error_at(&c.name, format!("`name` is {name_chars} characters; the materials have room for {MAX_NAME_CHARS}"))
                    .hint("use the county's short name, e.g. `Clear Creek County`"),
            );
        }
        let name =
            match crate::policy::check_field(file, &c.name, &c.name.value, "`name` is the county's name only; put numbers in `contacts`") {
                Ok(n) => n,
                Err(d) => {
                    problems.extend(d);
                    c.name.value.clone()
                }
            };
        let local = match Registry::from_entries(file, &c.contacts) {
            Ok(r) => r,
            Err(p) => {
                problems.extend(p);
                Registry::default()
            }
        };
        for entry in &c.contacts {
            if statewide.get(&entry.id.value).is_some() {
                problems.push(
                    file.error_at(&entry.id, format!("`{}` is a statewide channel; statewide channels are locked", entry.id.value))
                        .hint("add your local contact under a new id, e.g. `<county>-da`"),
                );
            }
        }
        let mut show = BTreeMap::new();
        for (material, ids) in &c.show {
            if !materials.contains(material) {
                problems.push(
                    file.error_at(ids, format!("`show` names `{material}`, which is not a material"))
                        .hint(format!("materials: {}", materials.join(", "))),
                );
                continue;
            }
            let mut list = Vec::new();
            for cid in &ids.value {
                match local.get(&cid.value) {
                    Some(contact) if contact.phone.is_none() => {
                        problems.push(file.error_at(cid, format!("`{}` has no `phone` to print", cid.value)));
                    }
                    Some(contact) => list.push(contact.clone()),
                    // The contact is in the file but has a problem of its own, reported above.
                    None if c.contacts.iter().any(|e| e.id.value == cid.value) => {}
                    None => problems.push(
                        file.error_at(cid, format!("`{}` is not one of this file's `contacts`", cid.value))
                            .hint("`show` lists local contacts; the statewide channels are on every material already"),
                    ),
                }
            }
            show.insert(material.clone(), list);
        }
        let web = match &c.web {
            None => None,
            Some(w) => {
                for m in &w.on {
                    if !materials.contains(&m.value) {
                        problems.push(file.error_at(m, format!("`{}` is not a material", m.value)));
                    }
                }
                if w.caption.value.trim().is_empty() {
                    problems.push(file.error_at(&w.caption, "the web page's `caption` is empty"));
                }
                let caption = match crate::policy::check_field(
                    file,
                    &w.caption,
                    &w.caption.value,
                    "the caption says what the code opens; the address itself is printed under it",
                ) {
                    Ok(c) => c,
                    Err(d) => {
                        problems.extend(d);
                        String::new()
                    }
                };
                match WebUrl::parse(&w.url.value) {
                    Ok(url) => Some(LocalWeb { url, caption, on: w.on.iter().map(|m| m.value.clone()).collect() }),
                    Err(msg) => {
                        problems.push(file.error_at(&w.url, msg.to_string()));
                        None
                    }
                }
            }
        };
        let logo = c.logo.as_ref().and_then(|name| match logo_beside(file, name, "the counties folder") {
            Ok(l) => Some(l),
            Err(d) => {
                problems.push(*d);
                None
            }
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Edition {
            logo,
            id: id.to_string(),
            name: Some(name),
            name_at: (c.name.referenced.line(), c.name.referenced.column()),
            file: Some(file.file.clone()),
            registry: statewide.with(&local),
            show,
            web,
            identity: identity.clone(),
        })
    }
}

/// The PNG logo named `name` in the folder of `file` (`folder` names it in messages),
/// read with a size limit and decoded.
pub(super) fn logo_beside<T>(file: &Loaded<T>, name: &Spanned<String>, folder: &str) -> Result<Arc<Logo>, Box<Diagnostic>> {
    let plain = !name.value.is_empty() && !name.value.contains(['/', '\\']) && !name.value.starts_with('.');
    let dir = file.file.parent().unwrap_or(std::path::Path::new("."));
    if !plain {
        return Err(Box::new(file.error_at(name, format!("`logo` is the name of a PNG file in {folder}, without a path"))));
    }
    let path = dir.join(&name.value);
    crate::fsio::read_in(dir, &path, crate::logo::MAX_BYTES as u64)
        .map_err(|e| match e {
            crate::fsio::ReadError::TooLarge(_) => format!("the logo is larger than {} bytes", crate::logo::MAX_BYTES),
            e => format!("the logo {} {e}", path.display()),
        })
        .and_then(|b| Logo::from_png(&b).map_err(|e| e.to_string()))
        .map(Arc::new)
        .map_err(|msg| Box::new(file.error_at(name, msg)))
}
