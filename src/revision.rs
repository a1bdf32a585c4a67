//! A git revision of the materials folder, written out into a scratch folder and
//! built: what `awareprint diff REV1 REV2` compares. Git is asked for the files
//! (`ls-tree`, `cat-file`); nothing in the working tree is touched.
//!
//! A revision is read by the rules the working tree is read by, because it is
//! written out as the working tree would hold it and then read by the same loader:
//! a link is written as a link (with its target as git records it, when it resolves
//! within the revision's folder; as a link to itself, which leads nowhere, when it
//! leads out of it or to nothing), so the loader follows it only within the folder
//! that holds it and refuses it otherwise with the working tree's message, and never
//! reads anything outside the revision; a file is written as it is, except that one larger than
//! any file the loader reads ([`crate::fsio::MAX_INPUT_BYTES`]) is never read from
//! git: a sparse file just over that size stands for it, which the loader refuses
//! with the message a file of its real size gets (it reads a file only up to its
//! limit). Nothing is written through a link, and links are written last.

use crate::build::{self, Export, Laid, Plan};
use crate::diag::{Diagnostic, Problems};
use crate::fsio::MAX_INPUT_BYTES;
use crate::pdf::Writer;
use crate::project::Project;
use crate::scratch::Scratch;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The longest link target git may record that a file system holds (PATH_MAX).
const MAX_LINK_BYTES: u64 = 4096;

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| format!("git cannot be run: {e}"))?;
    if out.status.success() { Ok(out.stdout) } else { Err(String::from_utf8_lossy(&out.stderr).trim().to_string()) }
}

/// What an entry of a revision's tree is.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// A file (mode 100644 or 100755).
    File,
    /// A symbolic link (mode 120000): the blob is its target.
    Link,
    /// A submodule (mode 160000): an empty folder, as in a checkout without it.
    Submodule,
}

/// One entry of `git ls-tree -r -l -z`: `MODE TYPE OID SIZE\tPATH`.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    oid: String,
    size: u64,
    path: String,
}

fn parse_entry(raw: &[u8]) -> Option<Entry> {
    let tab = raw.iter().position(|&b| b == b'\t')?;
    let meta = std::str::from_utf8(&raw[..tab]).ok()?;
    let path = String::from_utf8_lossy(&raw[tab + 1..]).to_string();
    let mut fields = meta.split_whitespace();
    let (mode, _, oid, size) = (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
    let kind = match mode {
        "100644" | "100755" => Kind::File,
        "120000" => Kind::Link,
        "160000" => Kind::Submodule,
        _ => return None,
    };
    Some(Entry { kind, oid: oid.to_string(), size: size.parse().unwrap_or(0), path })
}

/// Blobs read from one `git cat-file --batch`.
struct Blobs {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Blobs {
    fn start(root: &Path) -> Result<Blobs, String> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("git cannot be run: {e}"))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("git cat-file gave no pipes".into());
        };
        Ok(Blobs { child, input, output: BufReader::new(output) })
    }

    /// The blob `oid`, which must be at most `limit` bytes (its size is read from git's
    /// header before any of it).
    fn read(&mut self, oid: &str, limit: u64) -> Result<Vec<u8>, String> {
        writeln!(self.input, "{oid}").and_then(|()| self.input.flush()).map_err(|e| format!("git cat-file: {e}"))?;
        let mut header = String::new();
        (&mut self.output).take(256).read_line(&mut header).map_err(|e| format!("git cat-file: {e}"))?;
        let size: u64 = match header.split_whitespace().collect::<Vec<_>>()[..] {
            [_, "blob", size] => size.parse().map_err(|_| format!("git cat-file: {header}"))?,
            _ => return Err(format!("git cat-file: {}", header.trim())),
        };
        if size > limit {
            return Err(format!("a blob of {size} bytes, over {limit}"));
        }
        let mut bytes = vec![0; size as usize];
        self.output.read_exact(&mut bytes).map_err(|e| format!("git cat-file: {e}"))?;
        let mut newline = [0];
        self.output.read_exact(&mut newline).map_err(|e| format!("git cat-file: {e}"))?;
        Ok(bytes)
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a revision's materials folder holds, by path (`counties/boulder.yaml`): to
/// resolve its links within it, never on the file system.
#[derive(Default)]
struct Tree {
    nodes: HashMap<String, Node>,
}

enum Node {
    File,
    Folder,
    Link(Vec<u8>),
}

/// The most links one link's resolution may pass through (Linux's own limit).
const MAX_HOPS: usize = 40;

impl Tree {
    fn add(&mut self, rel: &str, node: Node) {
        let mut at = 0;
        while let Some(i) = rel[at..].find('/') {
            self.nodes.entry(rel[..at + i].to_string()).or_insert(Node::Folder);
            at += i + 1;
        }
        self.nodes.insert(rel.to_string(), node);
    }

    /// Where the link at `rel` leads within the folder: the path of the file or folder
    /// it resolves to (links on the way followed, `..` taken from the real folder it
    /// reaches, as the system resolves a path), or `None` when it leads out of the
    /// folder (an absolute target, or `..` past its top) or to nothing.
    fn resolve(&self, rel: &str) -> Option<String> {
        fn parts(target: &[u8]) -> Option<Vec<&str>> {
            let target = std::str::from_utf8(target).ok()?;
            if target.starts_with('/') { None } else { Some(target.split('/').collect()) }
        }
        let Some(Node::Link(first)) = self.nodes.get(rel) else { return None };
        let mut path: Vec<&str> = rel.split('/').collect();
        path.pop();
        let mut todo: std::collections::VecDeque<&str> = parts(first)?.into();
        let mut hops = 0;
        while let Some(part) = todo.pop_front() {
            match part {
                "" | "." => {}
                ".." => {
                    path.pop()?;
                }
                name => {
                    path.push(name);
                    match self.nodes.get(&path.join("/"))? {
                        Node::Link(target) => {
                            hops += 1;
                            if hops > MAX_HOPS {
                                return None;
                            }
                            path.pop();
                            for p in parts(target)?.into_iter().rev() {
                                todo.push_front(p);
                            }
                        }
                        Node::File | Node::Folder => {}
                    }
                }
            }
        }
        Some(path.join("/"))
    }
}

/// Create the folders between `base` and `rel`'s file, none of them through a link:
/// each is made if missing, and one that exists must be a real folder.
fn folders_to(base: &Path, rel: &str) -> std::io::Result<PathBuf> {
    let mut at = base.to_path_buf();
    let segments: Vec<&str> = rel.split('/').collect();
    for seg in &segments[..segments.len() - 1] {
        at.push(seg);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(std::io::Error::other(format!("{} is not a folder", at.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(&at)?,
            Err(e) => return Err(e),
        }
    }
    Ok(at.join(segments[segments.len() - 1]))
}

/// Write the materials folder `materials` as it is at revision `rev` into `into`
/// (inside `scratch`); returns the folder written (`into/materials`).
pub fn checkout(materials: &Path, rev: &str, scratch: &Scratch, into: &Path) -> Result<PathBuf, Problems> {
    let fail =
        |msg: String| vec![Diagnostic::error(format!("`{rev}` is neither a folder nor a git revision of {}: {msg}", materials.display()))];
    if rev.starts_with('-') {
        return Err(fail("a revision does not start with `-`".into()));
    }
    if !materials.is_dir() {
        return Err(fail("there is no materials folder here to find its history (use --materials DIR)".into()));
    }
    let root = git(materials, &["rev-parse", "--show-toplevel"]).map_err(fail)?;
    let root = PathBuf::from(String::from_utf8_lossy(&root).trim());
    let prefix = git(materials, &["rev-parse", "--show-prefix"]).map_err(fail)?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
    let commit = format!("{rev}^{{commit}}");
    git(&root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| fail("no such revision".into()))?;
    // The materials folder may be the repository's root (an empty prefix).
    let pathspec = if prefix.is_empty() { "." } else { prefix.as_str() };
    let target = into.join("materials");
    let cannot = |e: std::io::Error, rel: &str| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&target.join(rel))];
    scratch.write(|| std::fs::create_dir_all(&target)).map_err(|e| cannot(e, ""))?;

    // The listing is read entry by entry, as git writes it.
    let mut listing = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["ls-tree", "-r", "-l", "-z", &commit, "--", pathspec])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| fail(format!("git cannot be run: {e}")))?;
    let mut entries = BufReader::new(listing.stdout.take().ok_or_else(|| fail("git ls-tree gave no output".into()))?);
    let mut blobs = Blobs::start(&root).map_err(fail)?;
    let mut links = Vec::new();
    let mut tree = Tree::default();
    let mut written = 0;
    let mut raw = Vec::new();
    loop {
        raw.clear();
        if entries.read_until(0, &mut raw).map_err(|e| fail(format!("git ls-tree: {e}")))? == 0 {
            break;
        }
        if raw.last() == Some(&0) {
            raw.pop();
        }
        let Some(entry) = parse_entry(&raw) else { continue };
        let Some(rel) = entry.path.strip_prefix(&prefix) else { continue };
        // Only plain relative names inside the folder.
        if rel.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") {
            continue;
        }
        match entry.kind {
            Kind::Link => {
                if entry.size > MAX_LINK_BYTES {
                    return Err(vec![
                        Diagnostic::error(format!("a link whose target is more than {MAX_LINK_BYTES} bytes")).in_file(&target.join(rel)),
                    ]);
                }
                let link = blobs.read(&entry.oid, MAX_LINK_BYTES).map_err(fail)?;
                tree.add(rel, Node::Link(link));
                links.push(rel.to_string());
            }
            Kind::Submodule => {
                tree.add(rel, Node::Folder);
                scratch.write(|| folders_to(&target, rel).and_then(std::fs::create_dir)).map_err(|e| cannot(e, rel))?;
            }
            Kind::File if entry.size > MAX_INPUT_BYTES => {
                tree.add(rel, Node::File);
                // Never read: larger than the loader reads any file, which is all the
                // loader can tell of it.
                scratch
                    .write(|| {
                        let path = folders_to(&target, rel)?;
                        crate::fsio::create_new(&path, b"")?.set_len(MAX_INPUT_BYTES + 1)
                    })
                    .map_err(|e| cannot(e, rel))?;
            }
            Kind::File => {
                tree.add(rel, Node::File);
                let bytes = blobs.read(&entry.oid, MAX_INPUT_BYTES).map_err(fail)?;
                scratch
                    .write(|| {
                        let path = folders_to(&target, rel)?;
                        crate::fsio::create_new(&path, &bytes).map(drop)
                    })
                    .map_err(|e| cannot(e, rel))?;
            }
        }
        written += 1;
    }
    let listed = listing.wait().map_err(|e| fail(format!("git ls-tree: {e}")))?;
    if !listed.success() {
        return Err(fail("git ls-tree failed".into()));
    }
    // Links last: nothing is ever written through one. A link that resolves within the
    // folder is written as git has it (the file system then resolves it as the tree
    // does); one that leads out of the revision or to nothing is written as a link to
    // itself, which leads nowhere, so the loader refuses it as it refuses such a link
    // in the working tree, and never reads a file outside the revision through it
    // (not even through a folder link, which the working tree would follow). A link
    // whose place a file or folder already holds (a tree git itself would refuse to
    // check out) is an error.
    for rel in links {
        use std::os::unix::ffi::OsStrExt;
        let Some(Node::Link(link)) = tree.nodes.get(&rel) else { continue };
        let own_name = rel.rsplit('/').next().unwrap_or(&rel).as_bytes();
        let to = std::ffi::OsStr::from_bytes(if tree.resolve(&rel).is_some() { link } else { own_name });
        scratch.write(|| folders_to(&target, &rel).and_then(|at| std::os::unix::fs::symlink(to, at))).map_err(|e| cannot(e, &rel))?;
    }
    if written == 0 {
        return Err(fail("the folder has no files at that revision".into()));
    }
    Ok(target)
}

/// The exporter of a revision's build: each PDF written under `dir` in the scratch
/// folder, inside [`Scratch::write`].
struct IntoScratch<'a> {
    scratch: &'a Scratch,
    dir: PathBuf,
    epoch: i64,
}

impl Export for IntoScratch<'_> {
    type Out = ();
    fn export(&self, _: usize, laid: Laid, writer: &Writer) -> Result<(), Problems> {
        let bytes = laid.pdf(writer, self.epoch);
        let path = self.dir.join(&laid.path);
        self.scratch
            .write(|| crate::fsio::write_atomic(&path, &bytes))
            .map_err(|e| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(&path)])
    }
}

/// The materials at git revision `rev`, every edition in every language built into
/// `into/out` inside `scratch`; returns that folder. Problems name the revision and
/// the file's place in it (`HEAD~1:materials/counties/boulder.yaml`).
pub fn build(materials: &Path, rev: &str, scratch: &Scratch, into: &Path, epoch: i64) -> Result<PathBuf, Problems> {
    let dir = checkout(materials, rev, scratch, into)?;
    let relabel = |problems: Problems| -> Problems {
        problems
            .into_iter()
            .map(|mut d| {
                if let Some(rel) = d.file.as_ref().and_then(|f| f.strip_prefix(&dir).ok()) {
                    d.file = Some(PathBuf::from(format!("{rev}:{}", materials.join(rel).display())));
                }
                d
            })
            .collect()
    };
    let project = Project::open(&dir).map_err(relabel)?;
    let (plan, mut problems): (Plan, Problems) = Plan::everything(&project, crate::model::Profile::Office);
    let out = into.join("out");
    let export = IntoScratch { scratch, dir: out.clone(), epoch };
    let streamed = build::stream(&plan, build::default_threads(), &export, &|_, _| {});
    problems.extend(streamed.problems);
    if problems.is_empty() { Ok(out) } else { Err(relabel(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ls_tree_entries_are_read_by_mode() {
        let e = parse_entry(b"100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad     123\tmaterials/poster.yaml").unwrap();
        assert_eq!((e.kind, e.size, e.path.as_str()), (Kind::File, 123, "materials/poster.yaml"));
        let e = parse_entry(b"120000 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad      12\tmaterials/counties/a.yaml").unwrap();
        assert_eq!(e.kind, Kind::Link);
        let e = parse_entry(b"160000 commit 3b18e512dba79e4c8300dd08aeb37f8e728b8dad       -\tmaterials/sub").unwrap();
        assert_eq!((e.kind, e.size), (Kind::Submodule, 0));
        assert_eq!(parse_entry(b"040000 tree 3b18 -\tx"), None);
        // A name with a tab keeps it (the first tab ends the fields).
        assert_eq!(parse_entry(b"100644 blob 3b18 1\ta\tb").unwrap().path, "a\tb");
    }

    #[test]
    fn links_resolve_within_the_tree_as_the_system_resolves_them() {
        let mut t = Tree::default();
        for f in ["poster.yaml", "counties/boulder.yaml", "copy/poster.en.yaml"] {
            t.add(f, Node::File);
        }
        let links = [
            ("counties/copy.yaml", "boulder.yaml"),
            ("poster.en.yaml", "copy/poster.en.yaml"),
            ("counties/up.yaml", "../poster.yaml"),
            ("here", "."),
            ("counties/out.yaml", "../../outside.yaml"),
            ("counties/abs.yaml", "/etc/hostname"),
            ("counties/none.yaml", "nowhere.yaml"),
            // `here` is the folder itself, so `here/..` is its parent: out.
            ("trick.yaml", "here/../materials/poster.yaml"),
            ("loop-a", "loop-b"),
            ("loop-b", "loop-a"),
            ("through-a-file", "poster.yaml/x"),
            ("chain.yaml", "counties/copy.yaml"),
        ];
        for (at, to) in links {
            t.add(at, Node::Link(to.as_bytes().to_vec()));
        }
        let r = |at: &str| t.resolve(at);
        assert_eq!(r("counties/copy.yaml").as_deref(), Some("counties/boulder.yaml"));
        assert_eq!(r("poster.en.yaml").as_deref(), Some("copy/poster.en.yaml"));
        assert_eq!(r("counties/up.yaml").as_deref(), Some("poster.yaml"));
        assert_eq!(r("here").as_deref(), Some(""));
        assert_eq!(r("chain.yaml").as_deref(), Some("counties/boulder.yaml"));
        for out in ["counties/out.yaml", "counties/abs.yaml", "counties/none.yaml", "trick.yaml", "loop-a", "through-a-file"] {
            assert_eq!(r(out), None, "{out}");
        }
    }

    #[test]
    fn folders_are_never_made_through_a_link() {
        let s = Scratch::new("awareprint-revision-test-").unwrap();
        let base = s.path();
        std::fs::create_dir(base.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(base.join("elsewhere"), base.join("link")).unwrap();
        assert!(folders_to(base, "link/x.yaml").is_err());
        assert_eq!(folders_to(base, "a/b/c.yaml").unwrap(), base.join("a/b/c.yaml"));
        assert!(base.join("a/b").is_dir());
        assert_eq!(std::fs::read_dir(base.join("elsewhere")).unwrap().count(), 0);
    }
}
