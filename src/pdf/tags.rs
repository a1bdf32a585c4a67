//! The structure tree of a tagged PDF, built on the lopdf document: StructTreeRoot,
//! one StructElem per used element (MCRs for their marked content, OBJRs for their
//! link annotations), the ParentTree, /StructParents and /Tabs on pages,
//! /StructParent and /Contents on annotations, /MarkInfo and PDF/UA metadata.

use super::text;
use crate::frame::{Node, Role};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::BTreeMap;

/// The structure tree as the pages' items open and close its elements, in reading
/// order: the order of the items, page after page.
#[derive(Debug, Default)]
pub struct Tree {
    elems: Vec<Elem>,
    roots: Vec<usize>,
    /// The elements open now, innermost last; `None` for page furniture (and for
    /// elements started inside it, which are not part of the structure).
    open: Vec<Option<usize>>,
    /// What each page marked: the element of each MCID, and the element of each
    /// annotation (in /Annots order).
    pub(super) pages: Vec<PageTags>,
}

#[derive(Debug)]
struct Elem {
    node: Node,
    parent: Option<usize>,
    kids: Vec<Kid>,
}

/// What an element holds, in reading order.
#[derive(Clone, Copy, Debug)]
enum Kid {
    Elem(usize),
    /// Marked content: page index and MCID.
    Mcid(usize, i64),
    /// A link annotation: page index and its index in the page's /Annots.
    Annot(usize, usize),
}

#[derive(Clone, Debug, Default)]
pub(super) struct PageTags {
    marks: Vec<usize>,
    links: Vec<Option<usize>>,
}

impl Tree {
    /// The element drawn content belongs to now; `None` means an artifact.
    pub fn current(&self) -> Option<usize> {
        self.open.last().copied().flatten()
    }

    /// Element `node` starts, inside the one open now.
    pub fn start(&mut self, node: Node) {
        if matches!(self.open.last(), Some(None)) {
            self.open.push(None);
            return;
        }
        let id = self.elems.len();
        let parent = self.current();
        match parent {
            Some(p) => self.elems[p].kids.push(Kid::Elem(id)),
            None => self.roots.push(id),
        }
        self.elems.push(Elem { node, parent, kids: Vec::new() });
        self.open.push(Some(id));
    }

    /// Page furniture starts.
    pub fn furniture(&mut self) {
        self.open.push(None);
    }

    /// The element (or furniture) started last ends; returns the element.
    pub fn end(&mut self) -> Option<usize> {
        debug_assert!(!self.open.is_empty(), "an End without its Start");
        self.open.pop().flatten()
    }

    /// Whether element `elem` says something (alternative text) but holds nothing
    /// drawn: a figure's description in a second language, after the figure.
    pub fn describes_only(&self, elem: usize) -> bool {
        let e = &self.elems[elem];
        e.kids.is_empty() && e.node.alt.is_some()
    }

    /// A new page starts: its marks and annotations are counted from zero.
    pub fn new_page(&mut self) {
        self.pages.push(PageTags::default());
    }

    /// Marked content for element `elem` on the current page: its MCID.
    pub fn mark(&mut self, elem: usize) -> i64 {
        let page = self.pages.len() - 1;
        let tags = &mut self.pages[page];
        let mcid = tags.marks.len() as i64;
        tags.marks.push(elem);
        self.elems[elem].kids.push(Kid::Mcid(page, mcid));
        mcid
    }

    /// The role of element `elem`, as its marked content is tagged.
    pub fn role(&self, elem: usize) -> Role {
        self.elems[elem].node.role
    }

    /// A link annotation on the current page, part of the element open now (a Link).
    pub fn annotation(&mut self) {
        let page = self.pages.len() - 1;
        let elem = self.current();
        let tags = &mut self.pages[page];
        if let Some(e) = elem {
            self.elems[e].kids.push(Kid::Annot(page, tags.links.len()));
        }
        tags.links.push(elem);
    }

    /// Whether every element started has ended.
    pub fn balanced(&self) -> bool {
        self.open.is_empty()
    }
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Write `tree` into the document: StructTreeRoot, one StructElem per element with
/// content (MCRs for its marked content, OBJRs for its link annotations), the
/// ParentTree, /StructParents and /Tabs on pages, /StructParent and /Contents on
/// annotations, /MarkInfo.
pub(super) fn build(doc: &mut lopdf::Document, tree: &Tree) {
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

    // Elements with nothing drawn in them (and no such descendants) are left out.
    // Children come after their parents, so one backward pass decides.
    let mut live = vec![false; tree.elems.len()];
    for i in (0..tree.elems.len()).rev() {
        live[i] = tree.elems[i].kids.iter().any(|k| match k {
            Kid::Elem(c) => live[*c],
            Kid::Mcid(..) | Kid::Annot(..) => true,
        });
    }
    // Headings start at H1: a document whose first heading is an H2 (a wallet card)
    // reads it as the H1.
    let mut roles: Vec<Role> = tree.elems.iter().map(|e| e.node.role).collect();
    if !(0..roles.len()).any(|i| live[i] && roles[i] == Role::H1)
        && let Some(i) = (0..roles.len()).find(|i| live[*i] && roles[*i] == Role::H2)
    {
        roles[i] = Role::H1;
    }
    let root_id = doc.new_object_id();
    let document_id = doc.new_object_id();
    let ids: Vec<Option<ObjectId>> = live.iter().map(|l| l.then(|| doc.new_object_id())).collect();

    // ParentTree keys must ascend: pages first, then annotations.
    let mut nums: BTreeMap<i64, Object> = BTreeMap::new();
    let mut next_key = page_ids.len() as i64;
    for (i, (page, tags)) in page_ids.iter().zip(&tree.pages).enumerate() {
        let marks = tags.marks.iter().map(|e| ids[*e].map_or(Object::Null, Object::Reference)).collect();
        nums.insert(i as i64, Object::Array(marks));
        if let Ok(d) = doc.get_dictionary_mut(*page) {
            d.set("StructParents", Object::Integer(i as i64));
            d.set("Tabs", name("S"));
        }
        for (link, annot) in tags.links.iter().zip(&annots[i]) {
            let Some(e) = link.and_then(|e| ids[e]) else { continue };
            if let Ok(Object::Dictionary(a)) = doc.get_object_mut(*annot) {
                a.set("StructParent", Object::Integer(next_key));
                if let Some(alt) = link.and_then(|e| tree.elems[e].node.alt.as_ref()) {
                    a.set("Contents", text(alt));
                }
            }
            nums.insert(next_key, Object::Reference(e));
            next_key += 1;
        }
    }

    for (i, e) in tree.elems.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        let parent = e.parent.and_then(|p| ids[p]).unwrap_or(document_id);
        let kids: Vec<Object> = e
            .kids
            .iter()
            .filter_map(|k| match *k {
                Kid::Elem(c) => ids[c].map(Object::Reference),
                Kid::Mcid(page, mcid) => Some(Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", name("MCR")),
                    ("Pg", Object::Reference(page_ids[page])),
                    ("MCID", Object::Integer(mcid)),
                ]))),
                Kid::Annot(page, n) => Some(Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", name("OBJR")),
                    ("Obj", Object::Reference(*annots.get(page)?.get(n)?)),
                    ("Pg", Object::Reference(page_ids[page])),
                ]))),
            })
            .collect();
        let mut d = Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name(roles[i].name())),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(kids)),
        ]);
        if let Some(alt) = &e.node.alt {
            d.set("Alt", text(alt));
        }
        if let Some(lang) = &e.node.lang {
            d.set("Lang", Object::String(lang.as_bytes().to_vec(), StringFormat::Literal));
        }
        doc.objects.insert(id, Object::Dictionary(d));
    }
    let top: Vec<Object> = tree.roots.iter().filter_map(|r| ids[*r]).map(Object::Reference).collect();
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
