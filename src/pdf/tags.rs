//! The structure tree of a tagged PDF, built on the lopdf document: StructTreeRoot,
//! one StructElem per used element (MCRs for their marked content, OBJRs for their
//! link annotations), the ParentTree, /StructParents and /Tabs on pages,
//! /StructParent and /Contents on annotations, /MarkInfo and PDF/UA metadata.

use super::text;
use crate::layout::{Role, Structure};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::BTreeMap;

/// What one page's content marked: the element of each MCID (in MCID order), and the
/// Link element of each annotation (in /Annots order).
#[derive(Clone, Debug, Default)]
pub struct PageTags {
    pub marks: Vec<u64>,
    pub links: Vec<Option<u64>>,
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Build the tree for `structure` as marked on `pages`.
pub fn build(doc: &mut lopdf::Document, structure: &Structure, pages: &[PageTags]) {
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();

    // Annotations become indirect objects so that Link elements can point at them.
    let mut annots: Vec<Vec<ObjectId>> = Vec::new();
    for &page in &page_ids {
        let inline: Vec<Object> =
            doc.get_dictionary(page).ok().and_then(|d| d.get(b"Annots").ok()?.as_array().ok().cloned()).unwrap_or_default();
        let mut ids = Vec::new();
        for a in inline {
            let id = match a {
                Object::Reference(r) => r,
                other => doc.add_object(other),
            };
            ids.push(id);
        }
        if let Ok(d) = doc.get_dictionary_mut(page) {
            d.set("Annots", Object::Array(ids.iter().map(|&i| Object::Reference(i)).collect()));
        }
        annots.push(ids);
    }

    let used = structure.with_ancestors(pages.iter().flat_map(|p| p.marks.iter().copied().chain(p.links.iter().flatten().copied())));
    // Headings start at H1: a document whose first heading is an H2 (a wallet card)
    // reads it as the H1.
    let mut roles: BTreeMap<u64, Role> = used.iter().filter_map(|k| structure.elems.get(k).map(|e| (*k, e.role))).collect();
    if !roles.values().any(|r| *r == Role::H1)
        && let Some((_, r)) = roles.iter_mut().find(|(_, r)| **r == Role::H2)
    {
        *r = Role::H1;
    }

    let root_id = doc.new_object_id();
    let document_id = doc.new_object_id();
    let ids: BTreeMap<u64, ObjectId> = used.iter().map(|k| (*k, doc.new_object_id())).collect();

    // Marked content and annotations of each element, in page order.
    let mut mcrs: BTreeMap<u64, Vec<Object>> = BTreeMap::new();
    let mut objrs: BTreeMap<u64, Vec<Object>> = BTreeMap::new();
    // ParentTree keys must ascend: pages first, then annotations.
    let mut nums: BTreeMap<i64, Object> = BTreeMap::new();
    let mut next_key = page_ids.len() as i64;
    for (i, (page, tags)) in page_ids.iter().zip(pages).enumerate() {
        for (mcid, key) in tags.marks.iter().enumerate() {
            let mcr = Dictionary::from_iter(vec![
                ("Type", name("MCR")),
                ("Pg", Object::Reference(*page)),
                ("MCID", Object::Integer(mcid as i64)),
            ]);
            mcrs.entry(*key).or_default().push(Object::Dictionary(mcr));
        }
        nums.insert(i as i64, Object::Array(tags.marks.iter().map(|k| Object::Reference(ids[k])).collect()));
        if let Ok(d) = doc.get_dictionary_mut(*page) {
            d.set("StructParents", Object::Integer(i as i64));
            d.set("Tabs", name("S"));
        }
        for (link, annot) in tags.links.iter().zip(&annots[i]) {
            let Some(key) = link else { continue };
            let objr =
                Dictionary::from_iter(vec![("Type", name("OBJR")), ("Obj", Object::Reference(*annot)), ("Pg", Object::Reference(*page))]);
            objrs.entry(*key).or_default().push(Object::Dictionary(objr));
            if let Ok(Object::Dictionary(a)) = doc.get_object_mut(*annot) {
                a.set("StructParent", Object::Integer(next_key));
                if let Some(alt) = structure.elems.get(key).and_then(|e| e.alt.as_ref()) {
                    a.set("Contents", text(alt));
                }
            }
            nums.insert(next_key, Object::Reference(ids[key]));
            next_key += 1;
        }
    }

    for (key, id) in &ids {
        let e = &structure.elems[key];
        let parent = e.parent.and_then(|p| ids.get(&p)).copied().unwrap_or(document_id);
        let mut kids: Vec<Object> = mcrs.remove(key).unwrap_or_default();
        kids.extend(structure.children(Some(*key), &used).into_iter().map(|c| Object::Reference(ids[&c])));
        kids.extend(objrs.remove(key).unwrap_or_default());
        let mut d = Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name(roles[key].name())),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(kids)),
        ]);
        if let Some(alt) = &e.alt {
            d.set("Alt", text(alt));
        }
        if let Some(lang) = &e.lang {
            d.set("Lang", Object::String(lang.as_bytes().to_vec(), StringFormat::Literal));
        }
        doc.objects.insert(*id, Object::Dictionary(d));
    }
    let top: Vec<Object> = structure.children(None, &used).into_iter().map(|k| Object::Reference(ids[&k])).collect();
    doc.objects.insert(
        document_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name("Document")),
            ("P", Object::Reference(root_id)),
            ("K", Object::Array(top)),
        ])),
    );
    doc.objects.insert(
        root_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("StructTreeRoot")),
            ("K", Object::Array(vec![Object::Reference(document_id)])),
            (
                "ParentTree",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "Nums",
                    Object::Array(nums.into_iter().flat_map(|(k, v)| [Object::Integer(k), v]).collect()),
                )])),
            ),
            ("ParentTreeNextKey", Object::Integer(next_key)),
        ])),
    );

    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root_id));
        catalog.set("MarkInfo", Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]));
    }
}
